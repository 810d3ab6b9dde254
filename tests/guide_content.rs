//! The bundled guide (`content/`): it builds strictly, covers the four situations, links only
//! official pages, prints only vetted numbers, and the build refuses the known fake numbers.
//! Every window it names shows its official route, each QR code opens a page to contact its
//! window, and the safety article's address rules are exact (issue 16). Every claim is one the
//! facts files back, each window goes by one name, and a link's text is the title of the page
//! it opens (issue 16, second round).

mod common;

use common::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use madoguchi::phone::find_numbers;

/// The official domains listed in shared/facts/official-sources.md, nothing more.
const OFFICIAL_DOMAINS: [&str; 10] = [
    "rakuten.co.jp",
    "rakuten.net",
    "rakuten.com",
    "rakuten-card.co.jp",
    "caa.go.jp",
    "gov-online.go.jp",
    "kokusen.go.jp",
    "npa.go.jp",
    "ipa.go.jp",
    "jcca-office.gr.jp",
];

/// Numbers seen only on third-party sites: they must never be printed.
const NEVER_PRINT: [&str; 4] = [
    "050-5838-4333",
    "0120-86-6910",
    "0120-86-8910",
    "03-5978-7509",
];

/// The numbers official-sources.md marks printable, in canonical form.
const PRINTABLE: [&str; 3] = ["188", "#9110", "0334460999"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds a copy of the bundled guide (after `edit`) and returns (exit code, stderr, output dir).
fn build_bundled(edit: impl FnOnce(&Path), extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    edit(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["build", "--root"])
        .arg(dir.path())
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr, dir)
}

fn html_files(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Values of every `href="…"` in the page (HTML-unescaped for `&amp;`).
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url).unwrap().host_str().unwrap().to_owned()
}

fn is_official(host: &str) -> bool {
    OFFICIAL_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

#[test]
fn bundled_guide_builds_strictly_without_warnings() {
    let (code, stderr, _dir) = build_bundled(|_| {}, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("(0 warnings)"), "{stderr}");
}

#[test]
fn four_situations_with_their_first_windows_are_published() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut report = madoguchi::report::Report::default();
    let site = madoguchi::load::load_site(&repo(), &mut report).expect("bundled guide loads");
    let ids: Vec<&str> = site
        .guide
        .situations
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    assert_eq!(ids, ["delivery", "account", "card", "other-services"]);
    let out = dir.path().join("output");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let cheatsheet = fs::read_to_string(out.join("cheatsheet/index.html")).unwrap();
    for situation in &site.guide.situations {
        let page = fs::read_to_string(out.join(format!("situations/{}.html", situation.id.value)))
            .unwrap();
        assert!(
            index.contains(&situation.title.value),
            "index lacks {}",
            situation.title.value
        );
        assert!(cheatsheet.contains(&situation.title.value));
        assert_eq!(
            situation.steps.len(),
            4,
            "{} needs four steps",
            situation.id.value
        );
        for step in &situation.steps {
            assert!(page.contains(&step.value));
        }
        assert!(
            situation.avoid.is_some(),
            "{} needs a mistake to avoid",
            situation.id.value
        );
        assert!(!situation.first.is_empty());
        for id in &situation.first {
            let name = &site.guide.channel(&id.value).unwrap().name.value;
            assert!(
                index.contains(name.as_str()),
                "index lacks first window {name}"
            );
            assert!(
                page.contains(name.as_str()),
                "{} page lacks {name}",
                situation.id.value
            );
            assert!(
                cheatsheet.contains(name.as_str()),
                "cheat sheet lacks {name}"
            );
        }
        let article = situation
            .article
            .as_ref()
            .expect("each situation links its article");
        let title = &site.article(&article.value).unwrap().front.title.value;
        assert!(
            page.contains(title.as_str()),
            "{} page lacks its article",
            situation.id.value
        );
    }
}

#[test]
fn official_domains_are_exactly_the_verified_list() {
    let mut report = madoguchi::report::Report::default();
    let site = madoguchi::load::load_site(&repo(), &mut report).unwrap();
    let domains: Vec<&str> = site
        .guide
        .official_domains
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(domains, OFFICIAL_DOMAINS);
    for channel in &site.guide.channels {
        assert_eq!(
            channel.source.checked.value, "2026-11-27",
            "{}",
            channel.id.value
        );
    }
}

#[test]
fn every_external_link_points_to_an_official_https_page() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut external = 0;
    for (path, html) in html_files(&dir.path().join("output")) {
        for href in hrefs(&html) {
            if let Some(number) = href.strip_prefix("tel:") {
                // A window's number by reference: only one the facts mark printable.
                let number = number.replace("%23", "#").replace('-', "");
                assert!(
                    PRINTABLE.contains(&number.as_str()),
                    "{}: {href}",
                    path.display()
                );
                continue;
            }
            if href.contains("://") || href.starts_with("mailto:") {
                assert!(href.starts_with("https://"), "{}: {href}", path.display());
                assert!(is_official(&host_of(&href)), "{}: {href}", path.display());
                external += 1;
            }
        }
    }
    assert!(
        external > 20,
        "expected the guide to cite its sources, found {external} links"
    );
}

#[test]
fn only_printable_numbers_appear_and_never_print_numbers_are_absent() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut seen = std::collections::BTreeSet::new();
    let mut all_text = String::new();
    for (path, html) in html_files(&dir.path().join("output")) {
        for number in find_numbers(&html) {
            assert!(
                PRINTABLE.contains(&number.canonical.as_str()),
                "{}: {}",
                path.display(),
                number.canonical
            );
            seen.insert(number.canonical);
        }
        all_text.push_str(&html);
    }
    assert!(
        seen.contains("#9110") && seen.contains("0334460999"),
        "{seen:?}"
    );
    assert!(
        all_text.contains(">188<"),
        "188 is printed as a phone number"
    );
    let digits_only: String = all_text.chars().filter(char::is_ascii_digit).collect();
    for number in NEVER_PRINT {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !digits_only.contains(&digits),
            "never-print number {number} is in the output"
        );
    }
}

#[test]
fn build_rejects_each_never_print_number_in_an_article_and_in_the_data() {
    for number in NEVER_PRINT {
        let (code, stderr, dir) = build_bundled(
            |root| {
                let faq = root.join("content/articles/faq.md");
                let text = fs::read_to_string(&faq).unwrap();
                fs::write(&faq, format!("{text}\n楽天サポートはこちら：{number}\n")).unwrap();
            },
            &[],
        );
        assert_eq!(
            code, 1,
            "{number} in an article must fail the build\n{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "phone number `{number}` is not the number of any vetted channel"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("content/articles/faq.md:"), "{stderr}");
        assert!(
            !dir.path().join("output").exists(),
            "a failed build wrote output"
        );

        let (code, stderr, _dir) = build_bundled(
            |root| {
                let guide = root.join("content/guide.yaml");
                let text = fs::read_to_string(&guide).unwrap();
                let how = "how: 楽天グループの公式チャットを開き";
                assert!(text.contains(how), "guide.yaml lacks {how:?}");
                let text =
                    text.replacen(how, &format!("how: 電話 {number} または{}", &how[5..]), 1);
                fs::write(&guide, text).unwrap();
            },
            &[],
        );
        assert_eq!(
            code, 1,
            "{number} in guide.yaml must fail the build\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("phone number `{number}`")),
            "{stderr}"
        );
        assert!(stderr.contains("content/guide.yaml:"), "{stderr}");
    }
}

/// (level, text) of every heading in a page.
fn headings(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let level = html.as_bytes().get(i + 2)?;
            let next = html.as_bytes().get(i + 3)?;
            (level.is_ascii_digit() && (*next == b'>' || *next == b' ')).then_some(level - b'0')
        })
        .collect()
}

#[test]
fn pages_have_a_clean_outline_and_tables_have_headers() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    for (path, html) in html_files(&dir.path().join("output")) {
        let levels = headings(&html);
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            1,
            "{}: one h1",
            path.display()
        );
        assert_eq!(levels[0], 1, "{}: starts with h1", path.display());
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{}: heading jumps from h{} to h{}",
                path.display(),
                pair[0],
                pair[1]
            );
        }
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<thead").count(),
            "{}: every table has a header row",
            path.display()
        );
        assert!(html.contains("<html lang=\"ja\""), "{}", path.display());
    }
}

#[test]
fn the_articles_the_guide_promises_have_real_content() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
    let faq = read("articles/faq.html");
    assert!(
        faq.matches("<h2").count() + faq.matches("<h3").count() >= 4,
        "four Q&A topics"
    );
    let safety = read("articles/safety.html");
    for topic in ["検索", "SMS", "警告"] {
        assert!(safety.contains(topic), "safety article covers {topic}");
    }
    let kinds = read("articles/channel-kinds.html");
    assert!(
        kinds.contains("<th"),
        "channel comparison is a table with header cells"
    );
    let public = read("articles/public-bodies.html");
    for name in ["消費者ホットライン", "#9110", "IPA", "国民生活センター"] {
        assert!(public.contains(name), "public bodies article names {name}");
    }
    assert!(read("situations/delivery.html").contains("あんしんショッピングサービス"));
    assert!(
        read("articles/no-answer.html").contains("<ol>"),
        "the four steps are a list"
    );
}

// ── issue 16: every window shows its official route ─────────────────────────────────────────

/// The Rakuten Group chat entry: its routing chat leads to 楽天市場's chat and to the chats of
/// モバイル, カード and the other services (official-sources.md).
const CHAT_ENTRY: &str = "https://corp.faq.rakuten.net/livechat/chat_launch";

/// Each channel's `url`, checked against official-sources.md: a Japanese page where the reader
/// can contact that window (or, for the shop, the guide that sends them to 購入履歴). A channel's
/// `url` is its QR code on the cheat sheet, so a new or changed `url` needs a row here.
/// (kokusen.go.jp/map is verified only for its warning about calls in the centre's name: no
/// window opens it.)
const ENTRY_PAGES: [(&str, &str); 9] = [
    (
        "shop-message",
        "https://event.rakuten.co.jp/guide/howtobuy/delivery/",
    ),
    ("ichiba-support", CHAT_ENTRY),
    ("rakuten-id", CHAT_ENTRY),
    ("rakuten-card", CHAT_ENTRY),
    ("rakuten-mobile", CHAT_ENTRY),
    (
        "consumer-hotline",
        "https://www.caa.go.jp/policies/policy/local_cooperation/local_consumer_administration/hotline/",
    ),
    (
        "police-consultation",
        "https://www.gov-online.go.jp/pr/media/cd/201511/201511_08.html",
    ),
    (
        "kokusen-lunch",
        "https://www.kokusen.go.jp/hello/data/soudan.html",
    ),
    (
        "ipa-anshin",
        "https://www.ipa.go.jp/security/anshin/index.html",
    ),
];

/// Pages that are official but where the reader cannot contact the window a QR code names:
/// an English form, a page whose numbers are SMS sender IDs (not numbers to call), warnings.
const NOT_ENTRY_PAGES: [&str; 5] = [
    "https://ichiba-smp.faq.rakuten.net/detail/000017282",
    "https://www.rakuten-card.co.jp/security/detection/",
    "https://network.mobile.rakuten.co.jp/guide/spoofing-email/",
    "https://ichiba.faq.rakuten.net/detail/000039709",
    "https://ichiba.faq.rakuten.net/detail/000013315",
];

/// How a window without a printed number says, in its name, where to reach it: the overviews
/// (home page flow and map, the cheat sheet's あわせて確認) show a window by name alone, and a
/// bare name sends the reader to a search engine, where fake numbers sit next to it.
const ROUTE_IN_NAME: [&str; 2] = ["（購入履歴から）", "（公式チャットから）"];

fn bundled_site() -> madoguchi::model::Site {
    let mut report = madoguchi::report::Report::default();
    madoguchi::load::load_site(&repo(), &mut report).expect("bundled guide loads")
}

/// Does the channel's route live on the card in the reader's hand (`on_hand`, said in `how` too)?
fn is_card_back(channel: &madoguchi::model::Channel) -> bool {
    channel
        .on_hand
        .as_ref()
        .is_some_and(|h| h.value == "カード裏面の番号")
        && channel.how.value.contains("裏面")
}

/// Whether `id` is some situation's first window (those are on the cheat sheet).
fn is_first(site: &madoguchi::model::Site, id: &str) -> bool {
    (site.guide.situations.iter()).any(|s| s.first.iter().any(|f| f.value == id))
}

/// (window name, QR code target) of each first window on the cheat sheet, in order.
fn sheet_windows(cheatsheet: &str) -> Vec<(String, Option<String>)> {
    let between = |text: &str, open: &str, close: &str| {
        let start = text.find(open)? + open.len();
        Some(text[start..start + text[start..].find(close)?].to_owned())
    };
    cheatsheet
        .split("<div class=\"window\">")
        .skip(1)
        .map(|window| {
            // `<span class="tag">まず</span>NAME`, then ` <span class="phone">…` if it has one.
            let line = between(window, "<p class=\"window-name\">", "</p>").unwrap();
            let after_tag = &line[line.find("</span>").unwrap() + "</span>".len()..];
            let name = after_tag.split("<span").next().unwrap().trim().to_owned();
            (name, between(window, "<figcaption>", "</figcaption>"))
        })
        .collect()
}

#[test]
fn every_window_a_situation_names_shows_its_official_route() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let cheatsheet = fs::read_to_string(out.join("cheatsheet/index.html")).unwrap();
    let site = bundled_site();
    let named: std::collections::BTreeSet<&str> = site
        .guide
        .situations
        .iter()
        .flat_map(|s| s.first.iter().chain(&s.also))
        .map(|id| id.value.as_str())
        .collect();
    for id in named {
        let channel = site.guide.channel(id).unwrap();
        let name = channel.name.value.as_str();
        assert!(index.contains(name), "the home page names {name}");
        assert!(
            channel.url.is_some() || channel.phone.is_some() || is_card_back(channel),
            "{id}: a window needs an official route: a `url`, a vetted `phone`, or the number on the back of the card"
        );
        if let Some(phone) = &channel.phone {
            let printed = format!(">{}<", phone.value);
            assert!(
                index.contains(&printed) && cheatsheet.contains(&printed),
                "{id}: its number {} is printed on the home page and the cheat sheet",
                phone.value
            );
            // Wherever the home page names it (the flow, the map, the public bodies), its
            // number stands right beside the name: a reader who sees the name alone would
            // search for it, and search results put fake numbers next to names.
            let beside = format!("{name}（{}）", phone.value);
            let in_card = format!("{name}</span> <span class=\"phone\">{}<", phone.value);
            for (at, _) in index.match_indices(name) {
                let rest = &index[at..];
                assert!(
                    rest.starts_with(&beside) || rest.starts_with(&in_card),
                    "{id}: the home page names it without its number: {}",
                    &rest[..rest.len().min(120)]
                );
            }
            continue;
        }
        if let Some(on_hand) = &channel.on_hand {
            // The overviews show its way in beside its name, and the sheet beside its name.
            let shown = format!("{name}（{}）", on_hand.value);
            assert!(index.contains(&shown), "{id}: the home page shows {shown}");
            let on_sheet = format!("{name} <span class=\"on-hand\">{}</span>", on_hand.value);
            assert!(
                !is_first(&site, id) || cheatsheet.contains(&on_sheet),
                "{id}: the sheet shows {on_sheet}"
            );
            assert!(
                is_card_back(channel),
                "{id}: its `how` says the back of the card"
            );
            continue;
        }
        let route = ROUTE_IN_NAME
            .iter()
            .find(|r| name.ends_with(**r))
            .unwrap_or_else(|| {
                panic!("{id}: the name {name} shown alone does not say how to reach it")
            });
        match *route {
            "（公式チャットから）" => assert_eq!(
                channel.url.as_ref().map(|u| u.value.as_str()),
                Some(CHAT_ENTRY),
                "{id}: its name promises the official chat"
            ),
            _ => assert!(channel.how.value.contains("購入履歴"), "{id}"),
        }
    }
}

#[test]
fn every_entry_url_is_a_vetted_page_to_contact_its_window() {
    let site = bundled_site();
    for channel in &site.guide.channels {
        let id = channel.id.value.as_str();
        if let Some(url) = &channel.url {
            assert!(
                ENTRY_PAGES.contains(&(id, url.value.as_str())),
                "{id}: `url` {} is not a vetted entry page for this window",
                url.value
            );
            assert!(!NOT_ENTRY_PAGES.contains(&url.value.as_str()), "{id}");
        }
    }
}

#[test]
fn each_qr_code_opens_a_page_to_contact_its_window() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let cheatsheet = fs::read_to_string(dir.path().join("output/cheatsheet/index.html")).unwrap();
    let site = bundled_site();
    let windows = sheet_windows(&cheatsheet);
    let firsts: usize = site.guide.situations.iter().map(|s| s.first.len()).sum();
    assert_eq!(windows.len(), firsts, "one block per first window");
    for (name, target) in windows {
        let channel = site
            .guide
            .channels
            .iter()
            .find(|c| c.name.value == name)
            .unwrap_or_else(|| panic!("no channel is named {name}"));
        let id = channel.id.value.as_str();
        let Some(target) = target else {
            // Only a window reached by the number on the card prints no code.
            assert!(is_card_back(channel), "{id}: first windows print a QR code");
            continue;
        };
        match &channel.url {
            Some(url) => {
                assert_eq!(target, url.value, "{id}: the QR code opens its `url`");
                assert!(
                    ENTRY_PAGES.contains(&(id, target.as_str())),
                    "{id}: {target}"
                );
            }
            None => panic!("{id}: a QR code to {target}, though the window has no `url`"),
        }
    }
}

#[test]
fn a_window_reached_by_the_number_on_the_card_prints_no_qr_code() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let cheatsheet = fs::read_to_string(dir.path().join("output/cheatsheet/index.html")).unwrap();
    let site = bundled_site();
    for (name, target) in sheet_windows(&cheatsheet) {
        let channel = site
            .guide
            .channels
            .iter()
            .find(|c| c.name.value == name)
            .unwrap();
        if channel.url.is_none() {
            assert_eq!(target, None, "{name}: a QR code to an unrelated page");
        }
        if let Some(target) = target {
            assert!(
                !NOT_ENTRY_PAGES.contains(&target.as_str()),
                "{name}: {target}"
            );
        }
    }
}

#[test]
fn safety_article_states_the_exact_domain_rules() {
    let safety = fs::read_to_string(repo().join("content/articles/safety.md")).unwrap();
    // The old wording accepted `@secure-rakuten.co.jp` and rejected real pages with a path.
    for loose in [
        "rakuten.co.jp の前に文字が入る形",
        "そのあとに別の文字が続くものは別のサイト",
    ] {
        assert!(!safety.contains(loose), "safety.md still says {loose}");
    }
    for rule in [
        "すぐ前に来てよいのは「@」か「.」（ドット）だけです",
        "すぐ後ろは「/」か、何もないかのどちらかです",
        "送信元のアドレスは偽装できます",
    ] {
        assert!(safety.contains(rule), "safety.md lacks the rule {rule}");
    }
    // The examples it shows are labelled as the registrable-domain match labels them.
    let host = |example: &str| match example.strip_prefix('@') {
        Some(domain) => domain.to_owned(),
        None => host_of(example),
    };
    for genuine in [
        "@rakuten.co.jp",
        "https://event.rakuten.co.jp/guide/howtobuy/delivery/",
    ] {
        assert!(safety.contains(&format!("`{genuine}`")), "{genuine}");
        assert!(is_official(&host(genuine)), "{genuine}");
    }
    for look_alike in [
        "@secure-rakuten.co.jp",
        "https://rakuten.co.jp-login.example/",
        "@rakuten.co.jp.example.com",
    ] {
        assert!(safety.contains(&format!("`{look_alike}`")), "{look_alike}");
        assert!(!is_official(&host(look_alike)), "{look_alike}");
    }
}

#[test]
fn the_guide_tells_readers_not_to_call_numbers_from_search_results() {
    let delivery = fs::read_to_string(repo().join("content/articles/delivery.md")).unwrap();
    assert!(
        !delivery.contains("検索で探す必要はありません"),
        "\"no need to search\" reads as optional"
    );
    assert!(delivery.contains(
        "検索結果に出てくる「楽天市場のサポート」などの電話番号には、かけないでください"
    ));
    let site = bundled_site();
    let support = site.guide.channel("ichiba-support").unwrap();
    assert!(support.how.value.contains("電話番号にはかけないでください"));
    // The facts do not say the support centre has no number: the guide must not claim it.
    assert!(!support.how.value.contains("公開された電話番号はない"));
}

/// The text a reader sees on a page: tags (and the QR codes' SVG paths) removed.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn the_emergency_line_110_is_not_printed_as_a_consultation_number() {
    // 110 is printable only as the emergency line. The theme lists every phone channel as a
    // consultation window (「公的な相談窓口（電話）」), so the guide leaves 110 out altogether;
    // the number scan does not see three digits, so this test is what keeps it out.
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    for (path, html) in html_files(&dir.path().join("output")) {
        let text: Vec<char> = visible_text(&html)
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
                _ => c,
            })
            .collect();
        for at in 0..text.len().saturating_sub(2) {
            if text[at..at + 3] == ['1', '1', '0'] {
                let before = at.checked_sub(1).map(|i| text[i]);
                let after = text.get(at + 3);
                let inside_number = before.is_some_and(|c| c.is_ascii_digit() || c == '#')
                    || after.is_some_and(char::is_ascii_digit);
                assert!(inside_number, "{}: prints 110", path.display());
            }
        }
    }
}

// ── issue 16, second round: backed claims, one name per window, links named as their pages ───

/// The prose a reader meets: every article's visible text (Markdown marks gone), as written and
/// as its page shows it (its references written out), and every text of guide.yaml that a page
/// prints, each with where it comes from.
fn prose(site: &madoguchi::model::Site) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for article in &site.articles {
        let place = format!("articles/{}.md", article.slug);
        let body = article.body().unwrap();
        let mut parsed = madoguchi::markdown::parse(&body);
        texts.push((place.clone(), parsed.scan().visible.text));
        parsed.write_references(site);
        let page = madoguchi::markdown::RenderContext {
            site,
            page_path: "articles/page.html",
            heading_shift: 0,
            anchor_for: None,
            article: &article.slug,
        };
        let shown = visible_text(&parsed.to_html(&page))
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        assert!(!shown.contains("{{"), "{place}: a reference is written out");
        texts.push((format!("{place} as shown"), shown));
    }
    let guide = &site.guide;
    let mut yaml =
        |what: String, text: &str| texts.push((format!("guide.yaml {what}"), text.to_owned()));
    for rule in &guide.rules {
        yaml("rules".into(), &rule.value);
    }
    for kind in &guide.channel_kinds {
        yaml("channel_kinds".into(), &kind.suits.value);
        yaml("channel_kinds".into(), &kind.merits.value);
    }
    for c in &guide.channels {
        let id = &c.id.value;
        yaml(format!("{id}.owner"), &c.owner.value);
        yaml(format!("{id}.how"), &c.how.value);
        if let Some(hours) = &c.hours {
            yaml(format!("{id}.hours"), &hours.value);
        }
    }
    for s in &guide.situations {
        let id = &s.id.value;
        yaml(format!("{id}.summary"), &s.summary.value);
        for text in s.urgent.iter().chain(&s.steps).chain(&s.avoid) {
            yaml(id.clone(), &text.value);
        }
    }
    texts
}

/// Sentences of a text, each ending at 。 or a line break.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '\n']).filter(|s| !s.trim().is_empty())
}

#[test]
fn claims_the_facts_files_do_not_back_are_gone() {
    // Each of these once said more than official-sources.md and guide-content.md hold.
    let unbacked = [
        // Only that no number is verified: not that none is published.
        "公開された電話番号",
        // The facts back round-the-clock fraud monitoring, not a line that answers at night.
        "24時間",
        "２４時間",
        // Not in the facts: a shared ID across services, a "best" means of protection.
        "共通のID",
        "いちばんの手段",
        // kokusen.go.jp/map is verified for its warning about calls, not for a list of centres;
        // nor do the facts say where 188 connects.
        "全国の消費生活センター",
        "近くの消費生活センター",
        // The facts say a fake warning that only appeared can be closed, not that all is well.
        "大丈夫",
        // The chat hours are those of the chat where a service is chosen, said in full.
        "入口のチャットの受付時間",
        // The number on the back of the card reaches the card company, not every window.
        "カード裏面の番号からたど",
    ];
    let site = bundled_site();
    for (place, text) in prose(&site) {
        for phrase in unbacked {
            assert!(!text.contains(phrase), "{place} says {phrase}");
        }
    }
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    for (path, html) in html_files(&dir.path().join("output")) {
        let text = visible_text(&html);
        for phrase in unbacked {
            assert!(!text.contains(phrase), "{} says {phrase}", path.display());
        }
    }
    // The IPA window is verified for viruses and unauthorised access; fake warnings are another
    // page's fact, so the window's own text does not claim them.
    let ipa = site.guide.channel("ipa-anshin").unwrap();
    assert!(!ipa.how.value.contains("警告"), "{}", ipa.how.value);
}

#[test]
fn chat_hours_are_said_to_be_those_of_the_chat_where_a_service_is_chosen() {
    // Verified: the routing chat's hours, not those of 楽天市場's or any other service's chat.
    let site = bundled_site();
    let mut seen = 0;
    for (place, text) in prose(&site) {
        for sentence in sentences(&text).filter(|s| s.contains("9:00〜17:30")) {
            assert!(
                sentence.contains("最初にサービスを選ぶチャット"),
                "{place}: {sentence}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 4, "the chat hours appear where the chat is named");
    for id in ["ichiba-support", "rakuten-id", "rakuten-mobile"] {
        let hours = &site
            .guide
            .channel(id)
            .unwrap()
            .hours
            .as_ref()
            .unwrap()
            .value;
        assert!(
            hours.contains("チャットの受付時間は")
                && hours.contains("公式サイトで確かめてください"),
            "{id}: its hours say where the chosen chat's own hours are found: {hours}"
        );
    }
}

#[test]
fn the_guide_covers_what_the_seed_covers() {
    let site = bundled_site();
    // The shop is reached by message or by phone, both from 購入履歴.
    let shop = site.guide.channel("shop-message").unwrap();
    for way in ["購入履歴", "メッセージ", "電話"] {
        assert!(shop.how.value.contains(way), "shop-message.how lacks {way}");
    }
    let delivery = site.situation("delivery").unwrap();
    assert!(delivery.summary.value.contains("メッセージか電話"));
    assert!(delivery
        .steps
        .iter()
        .any(|s| s.value.contains("ショップの電話番号")));
    let delivery_md = site.article("delivery").unwrap().body().unwrap();
    assert!(delivery_md
        .contains("ショップの電話番号も、検索ではなく購入履歴の注文から確かめてください"));

    // Direct debits and revolving payments belong to the card situation.
    let card = site.situation("card").unwrap();
    let card_text: String = [&card.title, &card.summary]
        .into_iter()
        .chain(&card.urgent)
        .chain(&card.steps)
        .map(|t| t.value.as_str())
        .collect();
    let card_md = site.article("card").unwrap().body().unwrap();
    for word in ["引き落とし", "リボ"] {
        assert!(card_text.contains(word), "the card situation lacks {word}");
        assert!(card_md.contains(word), "card.md lacks {word}");
    }

    // Why readers get passed from window to window, and how the map prevents it.
    let about = site.article("about").unwrap().body().unwrap();
    assert!(about.contains("## 窓口から窓口へ回されないために"));
    assert!(about.contains("別の窓口を案内されることがあり"));
    assert!(about.contains("最初の窓口を選んでください"));

    // A refund call is refused when it claims to be Rakuten: the shop may phone about a refund.
    let urgent = &delivery.urgent.as_ref().unwrap().value;
    assert!(urgent.contains("楽天を名乗る「返金します」"), "{urgent}");
}

/// Names a window went by before it had one: none may come back.
const OTHER_NAMES: [&str; 9] = [
    "楽天市場のサポート",
    "楽天のサポート",
    "楽天側",
    "楽天への連絡",
    "楽天会員のサポート",
    "楽天IDのサポート",
    "チャット入口",
    "入口のチャット",
    "チャット窓口",
];

#[test]
fn each_window_goes_by_its_one_name() {
    let site = bundled_site();
    for (place, text) in prose(&site) {
        // Quoted, 「楽天市場のサポート」 is what a fake number calls itself: that may stay.
        let unquoted = text
            .replace("「楽天市場のサポート」", "")
            .replace("「楽天のサポート」", "");
        for other in OTHER_NAMES {
            assert!(!unquoted.contains(other), "{place} calls a window {other}");
        }
        for channel in &site.guide.channels {
            let name = channel.name.value.as_str();
            // A name with its route (「…（公式チャットから）」) is never written without it.
            if let Some(open) = name.rfind('（').filter(|_| name.ends_with("から）")) {
                let stem = &name[..open];
                let route = &name[open..];
                for (at, _) in text.match_indices(stem) {
                    assert!(
                        text[at + stem.len()..].starts_with(route),
                        "{place}: {stem} without {route}"
                    );
                }
            }
        }
        // The window's name, or the title of its source page in a citation.
        for (at, _) in text.match_indices("安心相談窓口") {
            assert!(
                text[..at].ends_with("IPA 情報セキュリティ")
                    || text[..at].ends_with("IPA：情報セキュリティ"),
                "{place}: the IPA window goes by its name"
            );
        }
    }
}

/// The `<h1>` text of a built page.
fn page_title(html: &str) -> String {
    let start = html.find("<h1").unwrap();
    let end = start + html[start..].find("</h1>").unwrap();
    visible_text(&html[start..end]).trim().to_owned()
}

#[test]
fn link_texts_are_the_titles_of_the_pages_they_open() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let site = bundled_site();
    // An official page the guide cites has one title: its source title where a window cites
    // it, else the same text wherever it is linked.
    let mut titles: std::collections::BTreeMap<String, (String, String)> = site
        .guide
        .channels
        .iter()
        .map(|c| {
            let place = format!("guide.yaml {}", c.id.value);
            (
                c.source.url.value.clone(),
                (c.source.title.value.clone(), place),
            )
        })
        .collect();
    let mut internal = 0;
    for article in &site.articles {
        let mut link: Option<(String, String)> = None;
        let body = article.body().unwrap();
        for event in Parser::new_ext(&body, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    link = Some((dest_url.to_string(), String::new()));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = &mut link {
                        text.push_str(&t);
                    }
                }
                Event::End(TagEnd::Link) => {
                    let (dest, text) = link.take().unwrap();
                    let place = format!("articles/{}.md", article.slug);
                    if let Some(target) = dest.strip_prefix("@/") {
                        let page = madoguchi::links::resolve(target, &site)
                            .unwrap_or_else(|| panic!("{place}: {dest} leads nowhere"));
                        let html = fs::read_to_string(out.join(page.output_path())).unwrap();
                        assert_eq!(text, page_title(&html), "{place}: the link to {dest}");
                        internal += 1;
                    } else {
                        let (title, first) = titles
                            .entry(dest.clone())
                            .or_insert_with(|| (text.clone(), place.clone()));
                        assert_eq!(
                            &text, title,
                            "{place}: the link to {dest} is named as in {first}"
                        );
                    }
                }
                _ => {}
            }
        }
    }
    assert!(internal >= 20, "the articles link each other: {internal}");
}

/// The public bodies are said to be public in the data (issue 18): every window is in a
/// declared group, the public bodies' numbers are listed under the group's titles, and no window
/// of 楽天 or of a shop or card company is, whatever it has.
#[test]
fn public_bodies_are_a_group_the_data_declares() {
    let site = bundled_site();
    let group_of = |id: &str| site.guide.group_of(site.guide.channel(id).unwrap());
    for id in [
        "consumer-hotline",
        "police-consultation",
        "kokusen-lunch",
        "ipa-anshin",
    ] {
        assert_eq!(group_of(id), "public", "{id}");
    }
    for id in [
        "ichiba-support",
        "rakuten-id",
        "rakuten-card",
        "rakuten-mobile",
    ] {
        assert_eq!(group_of(id), "rakuten", "{id}");
    }
    for id in ["shop-message", "card-issuer"] {
        assert_eq!(group_of(id), "third-party", "{id}");
    }
    let (code, stderr, dir) = build_bundled(|_| {}, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let home = fs::read_to_string(dir.path().join("output/index.html")).unwrap();
    let public = &home[home.find("<h2 id=\"group-public\">").unwrap()..];
    let public = &public[..public.find("</section>").unwrap()];
    assert!(
        public.starts_with("<h2 id=\"group-public\">こじれたとき・被害にあったときの相談先</h2>")
    );
    for name in [
        "消費者ホットライン",
        "警察相談専用電話",
        "国民生活センター",
        "IPA",
    ] {
        assert!(
            public.contains(name),
            "{name} is listed with the public bodies"
        );
    }
    let sheet = fs::read_to_string(dir.path().join("output/cheatsheet/index.html")).unwrap();
    assert!(sheet.contains("<h2 id=\"numbers-public\">公的な相談窓口（電話）</h2>"));
    assert_eq!(sheet.matches("<section class=\"numbers\"").count(), 1);
}

// ── issue 14: articles name windows by references ──────────────────────────────────────────

#[test]
fn articles_name_windows_by_references_that_link_their_details() {
    // The strict build refuses a window's name written as plain prose; here, each window an
    // article references is shown by its current name, linked to its details.
    let (code, stderr, dir) = build_bundled(|_| {}, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let site = bundled_site();
    let mut references = 0;
    for article in &site.articles {
        let body = article.body().unwrap();
        let parsed = madoguchi::markdown::parse(&body);
        let page = madoguchi::links::resolve(&format!("{}.md", article.slug), &site).unwrap();
        let html = fs::read_to_string(out.join(page.output_path())).unwrap();
        for named in parsed.named() {
            let madoguchi::markdown::references::Named::Window(id) = named else {
                continue;
            };
            let name = &site.channel(&id).unwrap().name.value;
            assert!(
                html.contains(&format!("#window-{id}\">{name}</a>")),
                "{}: {id} is shown as its name, linked",
                page.output_path()
            );
            references += 1;
        }
    }
    assert!(references >= 20, "the articles name windows: {references}");
}

#[test]
fn every_window_the_sheet_lists_under_also_check_shows_its_route_beside_its_name() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let cheatsheet = fs::read_to_string(dir.path().join("output/cheatsheet/index.html")).unwrap();
    let site = bundled_site();
    let listed: Vec<&str> = cheatsheet
        .split("<span class=\"also-name\">")
        .skip(1)
        .map(|rest| &rest[..rest.find("</span>").unwrap()])
        .collect();
    assert!(listed.len() >= 4, "the sheet lists windows to also check");
    for shown in listed {
        let channel = (site.guide.channels.iter())
            .filter(|c| shown.starts_with(c.name.value.as_str()))
            .max_by_key(|c| c.name.value.len())
            .unwrap_or_else(|| panic!("{shown}: not a window's name"));
        let name = channel.name.value.as_str();
        let route = if let Some(phone) = &channel.phone {
            format!("{name}（{}）", phone.value)
        } else if let Some(on_hand) = &channel.on_hand {
            format!("{name}（{}）", on_hand.value)
        } else {
            assert!(
                ROUTE_IN_NAME.iter().any(|r| name.ends_with(r)),
                "{shown}: named alone on the sheet, with no way to reach it"
            );
            name.to_owned()
        };
        assert_eq!(shown, route, "the sheet shows the route beside the name");
    }
}
