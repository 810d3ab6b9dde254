use super::html::apply_edits;
use super::*;
use crate::links::root_prefix;

/// The good fixture guide: articles `faq`, `delivery` (shown on the `delivery`
/// situation's page) and `help/contact`; situations `delivery` and `trouble`.
fn site() -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let mut report = crate::report::Report::default();
    crate::load::load_site(&root, &mut report).expect("the fixture loads")
}

fn anchor(page: &Page) -> String {
    format!("to-{}", page.output_path())
}

/// An article page and its print chapter, as `render` pairs them.
fn places<'a>(site: &'a Site, page_path: &'a str, shift: u8) -> [RenderContext<'a>; 2] {
    [
        RenderContext {
            site,
            page_path,
            heading_shift: shift,
            anchor_for: None,
            article: "faq",
        },
        RenderContext {
            site,
            page_path: "print.html",
            heading_shift: shift + 1,
            anchor_for: Some(&anchor),
            article: "faq",
        },
    ]
}

const RICH: &str = "# h1 {#top .a}\n\n## h2 [faq](@/faq.md) and [there](@/situation/delivery)\n\n\
    ###### h6 stays\n\n##### h5\n\nText [ext](https://www.caa.go.jp/?a=1&b=\"2\") \
    [frag](#x) [rel](faq.md) <mail@example.com> [bad](javascript:alert(1)) \
    [shown](@/delivery.md#part)[^1].\n\n\
    ![alt [faq](@/faq.md) *em*](@/help/contact.md \"t\") ![ext](https://www.caa.go.jp/a.png)\n\n\
    | a | b |\n|---|---|\n| [c](@/help/contact.md) | [s](@/sources) |\n\n\
    [^1]: note [home](@/)\n\n<div>raw [x](@/faq.md)</div>\n";

#[test]
fn a_rich_body_is_rewritten_without_a_second_run() {
    let site = site();
    let parsed = parse(RICH);
    for (page_path, shift) in [("articles/faq.html", 0), ("situations/delivery.html", 1)] {
        let [first, second] = places(&site, page_path, shift);
        let (html, edits) = parsed.to_html_noting(&first, &second);
        assert!(edits.len() >= 10, "{}", edits.len());
        assert_eq!(html, parsed.to_html(&first));
        let other = apply_edits(&html, &edits).expect("every spot is where the writer puts it");
        assert_eq!(other, parsed.to_html(&second), "{page_path}");
        assert!(
            other.contains("<h6>h6 stays</h6>") && other.contains("href=\"#to-articles/faq.html\"")
        );
        assert!(html.contains(&format!(
            "href=\"{}articles/faq.html\"",
            root_prefix(page_path)
        )));
    }
}

/// The good fixture's windows and situations, referenced from a body.
const REFERENCES: &str = "## {{ window(id=\"consumer-hotline\") }}（{{ window(id=\"consumer-hotline\", field=\"phone\") }}）\n\n\
    {{ window(id=\"shop-message\") }} {{ window(id=\"police-consult\", field=\"phone\") }} \
    {{ window(id=\"ichiba-support\", field=\"url\") }} {{ situation(id=\"trouble\") }} \
    [in a link {{ window(id=\"shop-message\") }}](@/faq.md) ![{{ situation(id=\"trouble\") }}](@/faq.md) \
    {{ window(id=\"nowhere\") }} `{{ window(id=\"shop-message\") }}`\n";

#[test]
fn references_write_the_data_they_name() {
    let site = site();
    let [page, chapter] = places(&site, "articles/faq.html", 0);
    let mut parsed = parse(REFERENCES);
    parsed.write_references(&site);
    let html = parsed.to_html(&page);
    for part in [
        "<h2 id=\"h-1\"><a href=\"../situations/trouble.html#window-consumer-hotline\">消費者ホットライン</a>（<a href=\"tel:188\">188</a>）</h2>",
        "<a href=\"../situations/delivery.html#window-shop-message\">ショップへの問い合わせ</a>",
        "<a href=\"tel:%239110\">#9110</a>",
        "<a href=\"../situations/trouble.html\">話がこじれた</a>",
        // Links do not nest; an image's description is text.
        "<a href=\"../articles/faq.html\">in a link ショップへの問い合わせ</a>",
        "alt=\"話がこじれた\"",
        // An unknown one stays as written (the checks report it); code is code.
        "<a href=\"https://corp.faq.rakuten.net/livechat/chat_launch\">https://corp.faq.rakuten.net/livechat/chat_launch</a>",
        "{{ window(id=\"nowhere\") }}",
        "<code>{{ window(id=\"shop-message\") }}</code>",
    ] {
        assert!(html.contains(part), "{part}\n{html}");
    }
    // The print chapter leads to the chapter that shows the window.
    let (_, other) = parsed.to_html_twice(&page, &chapter);
    assert!(
        other.contains("<a href=\"#to-situations/trouble.html\">消費者ホットライン</a>"),
        "{other}"
    );
    assert_eq!(other, parsed.to_html(&chapter));
}

proptest::proptest! {
    /// Whatever the body, the HTML from one run equals the HTML written for each place.
    #[test]
    fn both_places_from_one_run_match_writing_each(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "# ", "## ", "###### ", "{#i .c}", "\n", "\n\n", "text ", "*em* ", "`code` ",
            "[faq](@/faq.md)", "[d](@/delivery.md#p)", "[s](@/situation/trouble)",
            "[n](@/nowhere.md)", "[e](https://www.caa.go.jp/\"q)", "[f](#x)", "[r](a.md)",
            "<a@b.cd>", "![i [faq](@/faq.md)](@/faq.md)", "![x](https://x.go.jp/i.png)",
            "| a | b |\n|---|---|\n| [c](@/faq.md) | d |\n", "[^n]", "\n[^n]: [h](@/)\n",
            "<b>raw</b>", "> ", "- ", "1. ", "&amp; ", "\\[", "[ref]", "\n[ref]: @/faq.md\n",
            "{{ window(id=\"shop-message\") }}", "{{ situation(id=\"trouble\") }}",
            "{{ window(id=\"police-consult\", field=\"phone\") }}", "{{ window(id=\"x\") }}",
            "{{ window(", "{{", "}}", "- [ ] ", "- [x] ", "  - [X] ", "\n\n- [x] a\n\n  b\n",
            "## same\n", "###### same {#id}\n", "# 見出し\n", "## ※\n",
        ]), 0..30),
        situation in proptest::bool::ANY,
    ) {
        let body = pieces.concat();
        let site = site();
        let mut parsed = parse(&body);
        parsed.write_references(&site);
        let (page_path, shift) = if situation { ("situations/delivery.html", 1) } else { ("articles/faq.html", 0) };
        let [first, second] = places(&site, page_path, shift);
        let (html, other) = parsed.to_html_twice(&first, &second);
        proptest::prop_assert_eq!(html, parsed.to_html(&first));
        proptest::prop_assert_eq!(other, parsed.to_html(&second));
    }
}
