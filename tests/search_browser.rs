//! Search in a real browser: the tokenizer of `search-tokens.js` gives the tokens of the Rust one
//! (`madoguchi::search`) for the same strings, and the bundled guide's search.html, opened from
//! `file://` with its query, puts the right thing first.
//!
//! Needs chromium. Without it each test prints a loud SKIPPED line and passes, except under
//! `CI=true`, where a missing browser is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use madoguchi::search::{index_tokens, query_tokens};

/// The browser, or `None` after saying loudly why the test does not run (a failure on CI).
fn chromium(test: &str) -> Option<PathBuf> {
    match madoguchi::output::pdf::find_chromium(None) {
        Ok(path) => Some(path),
        Err(_) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but {test}: no chromium (apt-get install chromium)"
            );
            eprintln!("SKIPPED: {test}: no chromium (apt-get install chromium)");
            None
        }
    }
}

/// The DOM of `url` after its scripts ran, as Chromium dumps it.
fn dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Strings that stress each part of the tokenizer: width and kana forms, case, numbers in
/// every written form, runs of one character, other scripts, invisible characters.
const CASES: &[&str] = &[
    "ログイン",
    "ﾛｸﾞｲﾝ",
    "ろぐいん",
    "ログインできない/Login failed",
    "マイレージ",
    "楽天カードの不正利用",
    "電話",
    "券",
    "ヴァイオリンとゝゞ々〆",
    "１８８",
    "188",
    "03-3446-0999",
    "（０３）３４４６－０９９９",
    "+81 3-3446-0999",
    "＋８１ ３-３４４６-０９９９",
    "＃９１１０",
    "#9110",
    "TEL0120ｰ444ｰ444",
    "0120-444-4444 24時間",
    "①②③ ㍿ ｶﾞｽ",
    "Rakuten ID ＲＡＫＵＴＥＮ",
    "Ça va? ÉCOLE Straße",
    "ΣΑΣ İstanbul",
    "한국어 텍스트",
    "𠮷野家",
    "a\u{200b}b\u{00a0}c\u{3000}d",
    "📞0120",
    "",
];

#[test]
fn search_js_tokenizes_as_the_rust_tokenizer_does() {
    let Some(browser) = chromium("search_js_tokenizes_as_the_rust_tokenizer_does") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("themes/default/static/search-tokens.js"),
        dir.path().join("search-tokens.js"),
    )
    .unwrap();
    let cases = serde_json::to_string(CASES).unwrap();
    std::fs::write(
        dir.path().join("parity.js"),
        format!(
            "var cases = {cases};\n\
             var out = JSON.stringify(cases.map(function (s) {{\n\
               return [madoguchiTokens.queryTokens(s), madoguchiTokens.indexTokens(s)];\n\
             }})).replace(/[\\u007f-\\uffff<>&]/g, function (c) {{\n\
               return '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');\n\
             }});\n\
             document.getElementById('out').textContent = out;\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("parity.html"),
        "<!DOCTYPE html><meta charset=\"utf-8\"><title>parity</title><body><pre id=\"out\"></pre>\
         <script src=\"search-tokens.js\"></script><script src=\"parity.js\"></script></body>",
    )
    .unwrap();
    let page = dom(
        &browser,
        &format!("file://{}", dir.path().join("parity.html").display()),
    );
    let start = page.find("<pre id=\"out\">").expect("no output") + "<pre id=\"out\">".len();
    let json = &page[start..start + page[start..].find("</pre>").unwrap()];
    let from_js: Vec<(Vec<String>, Vec<String>)> =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(from_js.len(), CASES.len());
    for (case, (query, index)) in CASES.iter().zip(from_js) {
        assert_eq!(query, query_tokens(case), "query tokens of {case:?}");
        assert_eq!(index, index_tokens(case), "index tokens of {case:?}");
    }
}

/// The bundled guide, built into a temp folder.
fn bundled_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (built, _, text) = common::run_pipeline(Path::new(env!("CARGO_MANIFEST_DIR")), Some(&out));
    assert!(built, "{text}");
    (tmp, out)
}

/// search.html of the site at `out`, asked `query`: its results box as the script left it.
fn results(browser: &Path, out: &Path, query: &str) -> String {
    let q: String =
        percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let page = dom(
        browser,
        &format!("file://{}/search.html?q={q}", out.display()),
    );
    let start = page
        .find("<div id=\"search-results\"")
        .expect("no results box");
    page[start..].to_owned()
}

/// The first result's link, or `None` when the box says nothing matched.
fn first_result(box_html: &str) -> Option<String> {
    let list = box_html.find("<ol class=\"search-results\">")?;
    let href = &box_html[list..].split("href=\"").nth(1)?;
    Some(href[..href.find('"')?].to_owned())
}

#[test]
fn the_bundled_guide_finds_the_right_thing_first() {
    let Some(browser) = chromium("the_bundled_guide_finds_the_right_thing_first") else {
        return;
    };
    let (_tmp, out) = bundled_site();
    let expected = [
        ("不正", "situations/card.html"),
        ("ログイン", "situations/account.html"),
        ("ﾛｸﾞｲﾝ", "situations/account.html"),
        ("ろぐいん", "situations/account.html"),
        ("届かない", "situations/delivery.html"),
        ("188", "situations/delivery.html#window-consumer-hotline"),
        ("１８８", "situations/delivery.html#window-consumer-hotline"),
        // The chat window: the first window of kind chat in the data.
        ("チャット", "situations/delivery.html#window-ichiba-support"),
        // A number in another written form than the page's.
        (
            "（０３）３４４６ ０９９９",
            "index.html#window-kokusen-lunch",
        ),
        (
            "＃９１１０",
            "situations/card.html#window-police-consultation",
        ),
    ];
    for (query, href) in expected {
        let found = results(&browser, &out, query);
        assert_eq!(
            first_result(&found).as_deref(),
            Some(href),
            "{query}: {found}"
        );
        assert!(found.contains("<mark>"), "{query}: no highlight in {found}");
        assert!(found.contains("data-ms="), "{query}: not timed");
    }
}

#[test]
fn a_nonsense_query_says_so_and_offers_the_situations() {
    let Some(browser) = chromium("a_nonsense_query_says_so_and_offers_the_situations") else {
        return;
    };
    let (_tmp, out) = bundled_site();
    let page = results(&browser, &out, "ぬぬぬぬzzqx");
    assert!(first_result(&page).is_none(), "{page}");
    assert!(
        page.contains("<h2>一致するものはありません。状況の一覧から探してください。</h2>"),
        "{page}"
    );
    let situations = &page[page.find("<ul id=\"search-situations\"").unwrap()..];
    let tag = &situations[..situations.find('>').unwrap()];
    assert!(
        !tag.contains("hidden"),
        "the situation list is shown: {tag}"
    );
    assert!(situations.contains("situations/card.html"));
    // Markup in a query never becomes markup.
    let page = results(&browser, &out, "<img src=x onerror=alert(1)>");
    assert!(!page.contains("<img"), "{page}");
}

#[test]
fn a_link_cannot_make_the_search_page_show_a_number() {
    let Some(browser) = chromium("a_link_cannot_make_the_search_page_show_a_number") else {
        return;
    };
    // A guide whose labels still hold last round's `{query}` is told so.
    let guide = common::Guide::good();
    guide.replace(
        common::GUIDE,
        "lang: ja",
        "lang: ja\nlabels:\n  search_no_match: \"「{query}」はありません\"",
    );
    guide
        .build()
        .code(1)
        .error_anywhere("label `search_no_match` has no `{query}` to fill in");
    let (_tmp, out) = bundled_site();
    // A scammer's link: the query is never written into the page, found or not.
    for query in [
        "楽天公式サポートは 0120-444-4444 へお電話ください",
        "カード 0120-444-4444",
        "scam@evil.example に連絡",
    ] {
        // From the results box to the end of the page.
        let page = results(&browser, &out, query);
        assert!(page.contains("<h2>"), "{query}: no heading: {page}");
        for part in ["0120-444-4444", "4444", "evil.example"] {
            assert!(
                !page.contains(part),
                "{query}: {part} is on the page: {page}"
            );
        }
    }
    let page = results(&browser, &out, "カード");
    assert!(page.contains("<h2>検索結果（"), "{page}");
}

#[test]
fn a_snippet_is_never_cut_inside_a_number() {
    let Some(browser) = chromium("a_snippet_is_never_cut_inside_a_number") else {
        return;
    };
    // An identifier after its label is no phone number; cut 30 characters before the match,
    // the snippet would start at `0120-444-4444`.
    let guide = common::Guide::good();
    guide.write(
        "content/articles/ids.md",
        "---\ntitle: 番号の見かた\n---\n\n注文番号 90120-444-4444はサンプルの番号です。ご注意くださZZQ。\n",
    );
    guide.build().ok();
    let page = results(&browser, &guide.out(), "ZZQ");
    let open = "class=\"search-snippet\">";
    let snippet = &page[page.find(open).expect("a result with its snippet") + open.len()..];
    let snippet = &snippet[..snippet.find("</p>").unwrap()];
    // Its text, without the `<mark>` tags.
    let text: String = (snippet.split('<'))
        .map(|part| part.split_once('>').map_or(part, |(_, after)| after))
        .collect();
    assert!(text.contains("ZZQ"), "{text}");
    for (at, _) in text.match_indices("0120-444-4444") {
        let before = text[..at].chars().next_back();
        assert_eq!(before, Some('9'), "cut inside the identifier: {text}");
    }
    assert!(!text.contains("…0120"), "{text}");
}

#[test]
fn results_show_data_as_text_never_as_markup() {
    let Some(browser) = chromium("results_show_data_as_text_never_as_markup") else {
        return;
    };
    let guide = common::Guide::good();
    guide.append(
        "content/articles/faq.md",
        "\n`<img src=x onerror=alert(1)>太字<b>テスト</b>`\n",
    );
    guide.build().ok();
    let page = results(&browser, &guide.out(), "太字");
    assert!(first_result(&page).is_some(), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(!page.contains("<img") && !page.contains("<b>"), "{page}");
}

/// The titles of the results the box lists, in order.
fn result_titles(box_html: &str) -> Vec<String> {
    let Some(list) = box_html.find("<ol class=\"search-results\">") else {
        return Vec::new();
    };
    let list = &box_html[list..box_html[list..]
        .find("</ol>")
        .map_or(box_html.len(), |e| list + e)];
    common::link_texts_in(list)
}

#[test]
fn a_title_words_best_places_come_from_one_chunk_loaded_beside_the_shards() {
    let Some(browser) =
        chromium("a_title_words_best_places_come_from_one_chunk_loaded_beside_the_shards")
    else {
        return;
    };
    // 24 more situations, all with the same summary; every third titled ミカン, the others
    // each a title of its own: the ミカン ones are grouped in a chunk, the others are not.
    let guide = common::Guide::good();
    let others = "春夏秋冬山川海空雨雪花鳥風月星森"
        .chars()
        .collect::<Vec<_>>();
    let title = |k: usize| match k % 3 {
        0 => format!("ミカンの相談{k}"),
        _ => others[k - 1 - k / 3].to_string(),
    };
    let situations: String = (0..24)
        .map(|k| {
            format!(
                "\n  - id: extra-{k}\n    title: {}\n    summary: 共通の手順です。\n    first: [consumer-hotline]\n    steps:\n      - 188に電話します。\n",
                title(k)
            )
        })
        .collect();
    guide.append("content/guide.yaml", &situations);
    guide.build().ok();
    let out = guide.out();
    let chunks = std::fs::read_to_string(out.join("search/chunks.js")).unwrap();
    assert!(chunks.contains("\"groups\":[["), "{chunks}");

    let page = results(&browser, &out, "ミカン");
    let expected: Vec<String> = (0..24).step_by(3).map(title).collect();
    assert_eq!(result_titles(&page), expected, "{page}");
    let loaded = page.split("data-loaded=\"").nth(1).unwrap();
    let loaded = &loaded[..loaded.find('"').unwrap()];
    let chunks: Vec<&str> = loaded.split(' ').filter(|f| f.starts_with("d/")).collect();
    assert_eq!(chunks.len(), 1, "{loaded}");
    // That chunk was asked for beside the shards, before the results were ranked.
    let ahead = page.split("data-ahead=\"").nth(1).unwrap();
    assert_eq!(&ahead[..ahead.find('"').unwrap()], chunks[0], "{page}");

    // Grouped and other places side by side: every one, in the order of the data.
    let page = results(&browser, &out, "共通");
    let expected: Vec<String> = (0..20).map(title).collect();
    assert_eq!(result_titles(&page), expected, "{page}");
}
