//! No number a reader sees escapes the check: a catalogue of hostile forms of an unvetted number,
//! each put into the good guide in one place (article prose, front matter, YAML fields, link
//! titles, URLs, raw HTML, a theme), each failing the build and naming the page it would be
//! published on and, where a source file holds it, that file. Before the output scan, every
//! one of these built with exit 0 and the number on the page.
//!
//! That the scanner of published pages catches each form on its own, without the checks of the
//! sources, is proved by its own catalogue (`src/check/published.rs`).

mod common;

use common::{Guide, DELIVERY_MD, FAQ_MD, GUIDE};

/// Where a hostile form goes.
enum Edit {
    /// Appended to the article `faq.md` as a paragraph of its own.
    Prose(&'static str),
    /// Appended to `faq.md` with raw HTML allowed (`allow_raw_html: true`).
    RawHtml(&'static str),
    /// Replaces one text in a file of the guide.
    Replace(&'static str, &'static str, &'static str),
    /// A template of the theme `evil` (built with `--theme evil`): its name and text.
    Theme(&'static str, &'static str),
    /// A static file of the theme `evil` (built with `--theme evil`): its path and text.
    Static(&'static str, &'static str),
    /// A static file of the theme `evil` (path, text), and a paragraph appended to `faq.md`.
    StaticAndProse(&'static str, &'static str, &'static str),
    /// A new file in the guide: its path and text.
    Write(&'static str, &'static str),
    /// Several replacements, each in one file of the guide.
    Replaces(&'static [(&'static str, &'static str, &'static str)]),
}

struct Case {
    name: &'static str,
    edit: Edit,
    /// A page the number would be published on.
    page: &'static str,
    /// The file the diagnostic points into, where a source file holds the number.
    file: Option<&'static str>,
}

const SHOP_HOW: &str = "how: 購入履歴から問い合わせます。";
const SHOP_URL: &str = "url: https://event.rakuten.co.jp/guide/howtobuy/delivery/";
const RULE: &str = "  - 連絡先は公式サイトからたどります。";
const FAQ_TITLE: &str = "title: よくある質問";
const SUMMARY: &str = "summary: まずショップに問い合わせます。";

fn catalogue() -> Vec<Case> {
    use Edit::*;
    let faq = Some(FAQ_MD);
    let guide = Some(GUIDE);
    let prose = |name, text| Case {
        name,
        edit: Prose(text),
        page: "articles/faq.html",
        file: faq,
    };
    vec![
        // Glued to letters or marks.
        prose("glued to TEL", "TEL0120-444-4444"),
        prose("glued to No.", "No.0120-444-4444"),
        prose("after a slash", "電話/0120-444-4444"),
        prose("in brackets glued to text", "窓口（0120-444-4444）まで"),
        // Followed by digits.
        prose("followed by digits", "0120-444-4444 24時間受付"),
        prose("glued to a following digit run", "0120-444-444424時間"),
        // Separators.
        prose("no-break spaces typed", "0120\u{a0}444\u{a0}4444"),
        prose("no-break spaces as entities", "0120&nbsp;444&nbsp;4444"),
        prose("several spaces", "0120   444   4444"),
        prose("middle dots", "0120・444・4444"),
        prose("half-width long-vowel marks", "0120ｰ444ｰ4444"),
        prose("long-vowel marks", "0120ー444ー4444"),
        prose("em dashes", "0120—444—4444"),
        prose("dots", "0120.444.4444"),
        // Invisible characters inside.
        prose("zero-width space", "01\u{200b}20-444-4444"),
        prose("zero-width joiner", "0120-4\u{200d}44-4444"),
        prose("word joiner", "0120\u{2060}-444-4444"),
        prose("byte order mark", "0120-444\u{feff}-4444"),
        prose("left-to-right mark", "0120-\u{200e}444-4444"),
        prose("right-to-left mark", "0120-444-\u{200f}4444"),
        prose("soft hyphen typed", "0120\u{ad}-444-4444"),
        prose("soft hyphen as an entity", "0120&shy;-444-4444"),
        // Look-alike digits.
        prose("mathematical bold digits", "𝟎𝟏𝟐𝟎-𝟒𝟒𝟒-𝟒𝟒𝟒𝟒"),
        prose("monospace digits", "𝟶𝟷𝟸𝟶-𝟺𝟺𝟺-𝟺𝟺𝟺𝟺"),
        prose("circled digits", "⓪①②⓪-④④④-④④④④"),
        prose("superscript digits", "⁰¹²⁰-⁴⁴⁴-⁴⁴⁴⁴"),
        prose("kanji digits", "〇一二〇-四四四-四四四四"),
        prose("full-width digits", "０１２０－４４４－４４４４"),
        prose("numeric entities", "&#48;120-444-&#x34;444"),
        prose("an international form", "+81 120-444-4444"),
        // Short numbers nobody vetted.
        prose("a three-digit number", "すぐに110番へ"),
        prose("a three-digit number in kanji", "すぐに一一〇番へ"),
        prose("a short code with a full-width sign", "＃９１１１ へ"),
        // Front matter: the decoded title is what pages show.
        Case {
            name: "a title with a YAML escape",
            edit: Replace(FAQ_MD, FAQ_TITLE, "title: \"よくある質問 \\u0030120-444-4444\""),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "a title folded over two lines",
            edit: Replace(FAQ_MD, FAQ_TITLE, "title: >\n  よくある質問 0120-444-\n  4444"),
            page: "index.html",
            file: faq,
        },
        // Links.
        Case {
            name: "a link title with an entity",
            edit: Prose("[公式](https://event.rakuten.co.jp/guide/ \"&#48;120-444-4444\")"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "a URL shown as text",
            edit: Prose("<https://event.rakuten.co.jp/guide/0120-444-4444/>"),
            page: "articles/faq.html",
            file: faq,
        },
        // YAML fields printed on the sheet.
        Case {
            name: "a channel's how, glued",
            edit: Replace(GUIDE, SHOP_HOW, "how: TEL0120-444-4444 に問い合わせます。"),
            page: "cheatsheet/index.html",
            file: guide,
        },
        Case {
            name: "a rule with a no-break space escape",
            edit: Replace(GUIDE, RULE, "  - \"0120\\u00a0444\\u00a04444 に電話します。\""),
            page: "index.html",
            file: None,
        },
        Case {
            name: "a summary in kanji digits",
            edit: Replace(GUIDE, SUMMARY, "summary: 〇一二〇-四四四-四四四四 に問い合わせます。"),
            page: "situations/delivery.html",
            file: guide,
        },
        Case {
            name: "a channel's URL printed under its QR code",
            edit: Replace(GUIDE, SHOP_URL, "url: https://event.rakuten.co.jp/guide/0120-444-4444/"),
            page: "cheatsheet/index.html",
            file: guide,
        },
        // Raw HTML, where the guide allows it.
        Case {
            name: "split by a comment",
            edit: RawHtml("0120<!-- x -->-444-4444"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "split by an empty element",
            edit: RawHtml("0120<span></span>-444-4444"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "in an alt text",
            edit: RawHtml("<img alt=\"0120-444-4444\" src=\"@/\">"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "in a title attribute",
            edit: RawHtml("<abbr title=\"0120-444-4444\">窓口</abbr>"),
            page: "articles/faq.html",
            file: faq,
        },
        // Themes.
        Case {
            name: "a theme's 404 page",
            edit: Theme(
                "404.html",
                "{% extends \"base.html\" %}{% block main %}<p>TEL0120-444-4444</p>{% endblock main %}",
            ),
            page: "404.html",
            file: Some("themes/evil/templates/404.html"),
        },
        // What a theme publishes beside the pages (found by trying to break the scan).
        Case {
            name: "a theme's static page",
            edit: Static("help.html", "<p>電話 0120-444-4444</p>"),
            page: "help.html",
            file: None,
        },
        Case {
            name: "text in a theme's SVG",
            edit: Static("call.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>0120-444-4444</text></svg>"),
            page: "call.svg",
            file: None,
        },
        Case {
            name: "a theme's text file",
            edit: Static("contact.txt", "0120-444-4444"),
            page: "contact.txt",
            file: None,
        },
        // Page addresses: the address bar, a link on hover, a printed footer.
        Case {
            name: "an article's file name",
            edit: Write("content/articles/0120-444-4444.md", "---\ntitle: 追加の記事\n---\n\n公式サイトを確かめます。\n"),
            page: "articles/0120-444-4444.html",
            file: None,
        },
        Case {
            name: "a situation's id",
            edit: Replaces(&[
                (GUIDE, "  - id: trouble", "  - id: t-0120-444-4444"),
                (DELIVERY_MD, "@/situation/trouble", "@/situation/t-0120-444-4444"),
            ]),
            page: "situations/t-0120-444-4444.html",
            file: guide,
        },
        // Found by the second break-it round (issue 13): text direction.
        prose("digits reversed inside a right-to-left override", "\u{202e}4444-444-0210\u{202c}"),
        prose("a right-to-left mark before the groups", "\u{200f}0120\u{200f}-444-4444"),
        prose("reversed groups between Hebrew words", "שלום 4444 444 0210 שלום"),
        prose("Extended Arabic-Indic digits", "۰۱۲۰-۴۴۴-۴۴۴۴"),
        Case {
            name: "digits in a bdo element",
            edit: RawHtml("<bdo dir=\"rtl\">4444-444-0210</bdo>"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "digits in an element with dir=auto",
            edit: RawHtml("<span dir=auto>שלום 4444 444 0210</span>"),
            page: "articles/faq.html",
            file: faq,
        },
        // Look-alike digits.
        prose("formal kanji numerals", "零壱弐零-四四四-四四四四"),
        prose("kanji positional numbers", "〇一二〇-四百四十四-四千四百四十四"),
        prose("two look-alike letters", "Ol20-444-4444"),
        prose("look-alike S inside a group", "0120-4S4-4444"),
        prose("a Roman numeral one", "0Ⅰ20-444-4444"),
        prose("an empty-set sign for zero", "∅120-444-4444"),
        // Separators.
        prose("modifier-letter minus signs", "0120˗444˗4444"),
        prose("Canadian syllabics hyphens", "0120ᐨ444ᐨ4444"),
        prose("の between groups", "0120の444の4444"),
        prose("a word in brackets inside", "0120（無料）444-4444"),
        prose("lenticular brackets around groups", "【0120】【444】【4444】"),
        prose("Japanese punctuation between groups", "0120、444。4444"),
        prose("underscores between groups", "0120\\_444\\_4444"),
        prose("stars and telephone signs", "0120★444☎4444"),
        prose("emoji between groups", "0120📞444📞4444"),
        prose("braille blanks", "0120\u{2800}444\u{2800}4444"),
        prose("null character references", "0120&#0;444&#0;4444"),
        prose("a run of five dashes", "0120-----444-----4444"),
        // Markup.
        Case {
            name: "ruby text between the digits",
            edit: RawHtml("<ruby>01<rt>ぜろいち</rt>20</ruby>-444-4444"),
            page: "articles/faq.html",
            file: faq,
        },
        Case {
            name: "a meta refresh to a percent-encoded tel: URL",
            edit: RawHtml("<meta http-equiv=\"refresh\" content=\"0;url=tel:%30%31%32%30%34%34%34%34%34%34%34\">"),
            page: "articles/faq.html",
            file: None,
        },
        Case {
            name: "a percent-encoded tel: link",
            edit: RawHtml("<a href=\"tel:%30%31%32%30%34%34%34%34%34%34%34\">電話</a>"),
            page: "articles/faq.html",
            file: None,
        },
        // Carrier service numbers.
        prose("a carrier's fault number", "故障は113へ"),
        prose("a carrier's enquiry number", "お問い合わせは151番"),
        // YAML fields.
        Case {
            name: "a channel's hours with の",
            edit: Replace(GUIDE, "hours: 平日11:00〜13:00", "hours: 平日11:00〜13:00 ０１２０の４４４の４４４４"),
            page: "cheatsheet/index.html",
            file: guide,
        },
        Case {
            name: "a situation's title with look-alike letters",
            edit: Replace(GUIDE, "title: 商品が届かない", "title: 商品が届かない Ol20-444-4444"),
            // Every page's navigation lists it (the error names the first three).
            page: "articles/faq.html",
            file: guide,
        },
        Case {
            name: "a channel's how with an aside and kanji numerals",
            edit: Replace(GUIDE, "how: 平日の昼に電話します。", "how: 平日の昼に 〇一二〇（無料）四百四十四-四千四百四十四 に電話します。"),
            page: "situations/trouble.html",
            file: guide,
        },
        Case {
            name: "a channel's URL path with underscores, under its QR code",
            edit: Replace(GUIDE, SHOP_URL, "url: https://event.rakuten.co.jp/guide/0120_444_4444/"),
            page: "cheatsheet/index.html",
            file: guide,
        },
        Case {
            name: "a theme template with reversed digits",
            edit: Theme(
                "404.html",
                "{% extends \"base.html\" %}{% block main %}<p>\u{202e}4444-444-0210\u{202c}</p>{% endblock main %}",
            ),
            page: "404.html",
            file: Some("themes/evil/templates/404.html"),
        },
        Case {
            name: "a theme template with symbols between groups",
            edit: Theme(
                "404.html",
                "{% extends \"base.html\" %}{% block main %}<p>0120★444☎4444</p>{% endblock main %}",
            ),
            page: "404.html",
            file: Some("themes/evil/templates/404.html"),
        },
        // Found by the third break-it round (issue 13): asides that hold digits or are long.
        prose("an aside with digits inside", "0120（24時間）444-4444"),
        prose("an aside with hours inside", "0120（受付9時〜18時）-444-4444"),
        prose("an aside in English", "0120 [free call, 24h] 444 4444"),
        Case {
            name: "a percent-encoded number in a mailto: body",
            edit: Prose("[メール](mailto:help@rakuten.co.jp?subject=x&body=%30120%2D444%2D4444)"),
            page: "articles/faq.html",
            file: None,
        },
        // Text a stylesheet adds, and attributes it shows (`attr()`).
        Case {
            name: "a theme stylesheet's content with a CSS escape",
            edit: Static("extra.css", ".site-footer::after { content: \"\\30 120-444-4444\" }"),
            page: "extra.css",
            file: None,
        },
        Case {
            name: "a theme stylesheet printing a link's address",
            edit: StaticAndProse(
                "extra.css",
                "a::after { content: \" (\" attr(href) \")\" }",
                "[公式](https://event.rakuten.co.jp/guide/0120-444-4444/)",
            ),
            page: "articles/faq.html",
            file: None,
        },
        Case {
            name: "a style element in raw HTML",
            edit: RawHtml("<style>.faq::after { content: '0120-444-4444' }</style>"),
            page: "articles/faq.html",
            file: None,
        },
        Case {
            name: "a style attribute in raw HTML",
            edit: RawHtml("<span style=\"content: '0120-444-4444'\">窓口</span>"),
            page: "articles/faq.html",
            file: None,
        },
        Case {
            name: "a page's style showing a data attribute",
            edit: RawHtml("<span data-n=\"0120-444-4444\">窓口</span><style>span::after { content: attr(data-n) }</style>"),
            page: "articles/faq.html",
            file: None,
        },
        Case {
            name: "an inline SVG's text placed by coordinates",
            edit: RawHtml("<svg viewBox=\"0 0 200 20\"><text><tspan x=\"120\">4444</tspan><tspan x=\"0\">0120-444-</tspan></text></svg>"),
            page: "articles/faq.html",
            file: faq,
        },
        // Numbers spelt in words.
        prose("spelt in katakana", "ゼロイチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン"),
        prose("spelt in hiragana", "れいいちにーれい、よんよんよん、よんよんよんよん"),
        prose("spelt in English", "zero one two zero four four four four four four four"),
        // The fourth break-it round (issue 13, P7): drawn-out vowels, katakana English, English
        // words glued, a kanji zero among kana words.
        prose("spelt with drawn-out vowels in hiragana", "ぜろいちにいぜろ、よんよんよん、よんよんよんよん"),
        prose("spelt with drawn-out vowels in katakana", "ゼロイチニイゼロ ヨンヨンヨン ヨンヨンヨンヨン"),
        prose("spelt with long-vowel marks", "れーいちにーれー しーしーしー しーしーしーしー"),
        prose("spelt in katakana English", "ゼロワンツーゼロ フォーフォーフォー フォーフォーフォーフォー"),
        prose("spelt in English glued", "ZEROONETWOZERO FOURFOURFOUR FOURFOURFOURFOUR"),
        prose("spelt with a kanji zero among kana", "〇いちに〇 よんよんよん よんよんよんよん"),
        // The seventh break-it round (issue 13): what lies further before the digits than a
        // window's context.
        prose(
            "a Hebrew word reordering the groups across dashes",
            "שלום ------------------------------ 4444 444 0120",
        ),
        prose(
            "an aside of look-alikes and fifty spaces between the groups",
            concat!("0120(Ol", "                         ", "                         ", "9110"),
        ),
        prose(
            "a word and twenty zero-width spaces before a short number",
            "ＴＥＬ\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}117 です。",
        ),
        prose("a service number ending the article, before the footer's kanji", "困ったら 117"),
        Case {
            name: "a Hebrew letter before a stray end tag, then reordered groups",
            edit: RawHtml("<span>ש</div>------------------------------ 4444 444 0120</span>"),
            page: "articles/faq.html",
            file: None,
        },
        prose("a look-alike group after an aside's closing bracket", "03(3446)SOOO"),
        prose("a last group of look-alike letters", "03-3446-lOOO"),
        prose("an Arabic-Indic group after the others, shown first", "444-4444 ٠١٢٠"),
        prose("a service number before a word that starts with a counter", "時報 117 年中無休"),
        Case {
            name: "the site's base_url",
            edit: Replace(GUIDE, "lang: ja", "lang: ja\nbase_url: https://example.org/0120-444-4444/"),
            // Every page gives its address (`og:url`), so the first page in order is named.
            page: "articles/faq.html",
            file: guide,
        },
    ]
}

#[test]
fn every_hostile_form_of_an_unvetted_number_fails_the_build_naming_its_page() {
    let cases = catalogue();
    assert!(
        cases.len() >= 100,
        "the catalogue has {} forms",
        cases.len()
    );
    let mut escaped = Vec::new();
    for case in &cases {
        let guide = Guide::good();
        let mut args = vec!["build"];
        match case.edit {
            Edit::Prose(text) => {
                guide.append(FAQ_MD, &format!("\n{text}\n"));
            }
            Edit::RawHtml(text) => {
                guide.replace(GUIDE, "lang: ja", "lang: ja\nallow_raw_html: true");
                guide.append(FAQ_MD, &format!("\n{text}\n"));
            }
            Edit::Replace(file, from, to) => {
                guide.replace(file, from, to);
            }
            Edit::Theme(name, text) => {
                guide.write(&format!("themes/evil/templates/{name}"), text);
                args.extend(["--theme", "evil"]);
            }
            Edit::Static(path, text) => {
                guide.write(&format!("themes/evil/static/{path}"), text);
                args.extend(["--theme", "evil"]);
            }
            Edit::StaticAndProse(path, text, prose) => {
                guide.write(&format!("themes/evil/static/{path}"), text);
                guide.append(FAQ_MD, &format!("\n{prose}\n"));
                args.extend(["--theme", "evil"]);
            }
            Edit::Write(path, text) => {
                guide.write(path, text);
            }
            Edit::Replaces(edits) => {
                for (file, from, to) in edits {
                    guide.replace(file, from, to);
                }
            }
        }
        let run = guide.run(&args);
        let published = format!("`{}`", case.page);
        let named = run
            .errors()
            .into_iter()
            .find(|e| e.text.contains("published on") && e.text.contains(&published));
        let problem = match (run.code, named) {
            (0, _) => Some("the build passed".to_owned()),
            (_, None) => Some(format!("no error names the page {}", case.page)),
            (_, Some(e)) => match case.file {
                Some(file)
                    if !e.location.as_deref().unwrap_or("").starts_with(file)
                        && !e.text.contains(&format!("in {file}")) =>
                {
                    Some(format!("the error does not point into {file}"))
                }
                _ => None,
            },
        };
        if let Some(problem) = problem {
            escaped.push(format!("{}: {problem}\n{}", case.name, run.stderr));
        }
        // Nothing was published.
        assert!(
            !guide.out().exists(),
            "{}: an output was written",
            case.name
        );
    }
    assert!(escaped.is_empty(), "{}", escaped.join("\n\n"));
}

#[test]
fn vetted_numbers_in_any_form_still_build() {
    // The good guide's channels vouch for 188, 03-3446-0999 and #9110.
    let guide = Guide::good();
    guide.append(
        FAQ_MD,
        "\n相談は ０３－３４４６－０９９９、(03) 3446-0999、＃９１１０、188番へ。\n",
    );
    guide.build().ok();
}

#[test]
fn what_is_not_a_phone_number_still_builds() {
    // False positives of the second break-it round (issue 13): a character reference was read
    // as a short code (`&#8209;` as `#8209`), identifiers and lists of years as numbers.
    let guide = Guide::good();
    guide.append(
        FAQ_MD,
        "\n&#9742; 03&#8209;3446&#8209;0999 または 03-3446-0999、188、#9110\n\n\
         法人番号 8010001034740、JAN 4901234567894、注文番号 123456-20261203-0000123\n\n\
         | 2024 | 2025 | 2026 |\n|---|---|---|\n| 1,234 | 2,345 | 3,456 |\n\n\
         手順110 を見ます。v1.2.3、受付 9:00〜17:00、20261203\n",
    );
    guide.build().ok();
}

#[test]
fn a_theme_file_may_not_replace_a_page_the_build_writes() {
    // Found by trying to break the scan: `themes/evil/static/index.html` was copied over the
    // checked home page after the render, unread.
    for page in [
        "index.html",
        "cheatsheet/index.html",
        "print.html",
        "articles/faq.html",
    ] {
        let guide = Guide::good();
        guide.write(
            &format!("themes/evil/static/{page}"),
            "<p>0120-444-4444</p>",
        );
        let run = guide.run(&["build", "--theme", "evil"]);
        assert_ne!(run.code, 0, "{page}: the build passed");
        let error = run
            .errors()
            .into_iter()
            .find(|e| {
                e.message
                    .contains("would replace the page the build writes")
            })
            .unwrap_or_else(|| panic!("{page}: no error says so:\n{}", run.stderr));
        let file = format!("in themes/evil/static/{page}");
        assert!(error.text.contains(&file), "{page}: {}", error.text);
        assert!(!guide.out().exists(), "{page}: an output was written");
    }
}

#[test]
fn a_theme_document_the_checks_cannot_read_is_refused_and_other_files_still_build() {
    let guide = Guide::good();
    guide.write("themes/evil/static/leaflet.pdf", "%PDF-1.4 0120-444-4444");
    let run = guide.run(&["build", "--theme", "evil"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("is a document the checks cannot read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("themes/evil/static/leaflet.pdf"),
        "{}",
        run.stderr
    );
    // A static page, image and text file with no number are published as they are.
    let guide = Guide::good();
    guide.write(
        "themes/evil/static/help.html",
        "<p>公式サイトを確かめます。</p>",
    );
    guide.write("themes/evil/static/notes.txt", "2026-11-27 更新");
    guide.write(
        "themes/evil/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let run = guide.run(&["build", "--theme", "evil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(guide.out().join("help.html").is_file());
    assert!(guide.out().join("notes.txt").is_file());
}

#[test]
fn a_theme_file_of_a_format_the_checks_do_not_read_or_in_another_encoding_is_refused() {
    // A break-it round published 0120-444-4444 from each of these, unread (exit 0).
    for (file, bytes) in [
        ("page.shtml", b"<p>0120-444-4444</p>".to_vec()),
        (
            "feed.rss",
            b"<rss><title>0120-444-4444</title></rss>".to_vec(),
        ),
        ("card.vcard", b"TEL:0120-444-4444".to_vec()),
        ("README", b"0120-444-4444".to_vec()),
    ] {
        let guide = Guide::good();
        guide.write(&format!("themes/evil/static/{file}"), bytes);
        let run = guide.run(&["build", "--theme", "evil"]);
        assert_ne!(run.code, 0, "{file}: the build passed");
        assert!(
            run.stderr.contains(&format!(
                "theme file `static/{file}` is a document the checks cannot read"
            )),
            "{file}: {}",
            run.stderr
        );
    }
    // ISO-2022-JP: full-width digits are ESC $ B then `#0#1#2#0`, which the checks would read
    // as ASCII; UTF-16 holds zero bytes.
    let jis = b"<meta charset=\"iso-2022-jp\"><p>\x1b$B#0#1#2#0\x1b(B</p>".to_vec();
    let utf16: Vec<u8> = "<p>0120</p>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for (file, bytes) in [("jis.html", jis), ("wide.txt", utf16)] {
        let guide = Guide::good();
        guide.write(&format!("themes/evil/static/{file}"), bytes);
        let run = guide.run(&["build", "--theme", "evil"]);
        assert_ne!(run.code, 0, "{file}: the build passed");
        assert!(
            run.stderr
                .contains(&format!("theme file `static/{file}` is not UTF-8 text")),
            "{file}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_template_declaring_another_encoding_is_refused() {
    // A browser decodes `\x1b$B#0#1#2#0\x1b(B` in a page declared ISO-2022-JP as ０１２０,
    // which the checks, reading UTF-8, never see (a break-it round).
    let guide = Guide::good();
    guide.write(
        "themes/evil/templates/404.html",
        "<!doctype html><meta charset=\"ISO-2022-JP\"><p>\x1b$B#0#1#2#0\x1b(B</p>",
    );
    let run = guide.run(&["build", "--theme", "evil"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("template `templates/404.html` declares the encoding `iso-2022-jp`"),
        "{}",
        run.stderr
    );
    // UTF-8 declared, or nothing: it builds.
    let guide = Guide::good();
    guide.write(
        "themes/evil/templates/404.html",
        "<!doctype html><meta charset=\"UTF-8\"><p>見つかりません</p>",
    );
    let run = guide.run(&["build", "--theme", "evil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
