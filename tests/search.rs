//! Search and the keyword index, read from the built files: the header's form on every page,
//! search.html without script, the 索引 page's order and its `reading:` rule, and the index
//! (sharded so a query loads only its shards; its text read by the check of what is published).
//! What the script does in a browser is in `tests/search_browser.rs`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{bad_with, html_files, Guide};
use madoguchi::render::search_index::shard_of;
use madoguchi::search::query_tokens;

/// The names the page links, in order, between `from` and `to`.
fn link_texts(html: &str, from: &str, to: &str) -> Vec<String> {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = start + html[start..].find(to).unwrap_or(html.len() - start);
    common::link_texts_in(&html[start..end])
}

#[test]
fn every_page_has_a_search_form_that_leads_to_search_html() {
    let guide = Guide::good();
    guide.build().ok();
    let out = guide.out();
    for (file, html) in html_files(&out) {
        // The sheets made for paper have no header to search from.
        if file == "cheatsheet/index.html" || file == "print.html" {
            assert!(!html.contains("<form"), "{file}");
            continue;
        }
        let form = html
            .find("<form class=\"site-search\"")
            .unwrap_or_else(|| panic!("{file}: no search form"));
        let form = &html[form..form + html[form..].find("</form>").unwrap()];
        let action = form.split("action=\"").nth(1).unwrap();
        let action = &action[..action.find('"').unwrap()];
        let from = Path::new(&file).parent().unwrap();
        assert!(
            out.join(from).join(action).is_file(),
            "{file}: the form leads to {action}, which is not there"
        );
        assert!(form.contains("role=\"search\"") && form.contains("method=\"get\""));
        assert!(form.contains("<label for=\"site-search-q\">このガイドを検索</label>"));
        assert!(form.contains("name=\"q\""), "{file}: the query is `q`");
    }
}

#[test]
fn search_html_without_script_shows_the_keyword_index_and_only_it_runs_a_script() {
    let guide = Guide::good();
    guide.build().ok();
    let search = guide.read("output/search.html");
    assert!(search.contains("<div id=\"search-results\""));
    assert!(search.contains(" hidden></div>"), "results wait hidden");
    let listed = link_texts(&search, "id=\"search-keywords\"", "</nav>");
    for name in ["消費者ホットライン", "警察相談専用電話", "商品が届かない"]
    {
        assert!(listed.iter().any(|l| l == name), "{name} not in {listed:?}");
    }
    assert!(search.contains("<script src=\"search-tokens.js\" defer></script>"));
    assert!(search.contains("<script src=\"search.js\" defer></script>"));
    assert!(search.contains("<script src=\"search/meta.js\" defer></script>"));
    assert!(search.contains("script-src 'self'"));
    for (file, html) in html_files(&guide.out()) {
        if file != "search.html" {
            assert!(!html.contains("<script"), "{file} has a script");
            assert!(!html.contains("script-src"), "{file} allows script");
        }
    }
}

#[test]
fn the_keyword_index_sorts_by_reading_then_by_name_in_gojuon_rows() {
    let guide = Guide::good();
    // 消費者ホットライン reads しょうひしゃ (さ row); without a reading, kanji names go last.
    guide.replace(
        "content/guide.yaml",
        "    name: 消費者ホットライン\n",
        "    name: 消費者ホットライン\n    reading: しょうひしゃほっとらいん\n",
    );
    guide.replace(
        "content/guide.yaml",
        "    name: 警察相談専用電話\n",
        "    name: 警察相談専用電話\n    reading: けいさつそうだんせんようでんわ\n",
    );
    guide.build().ok();
    let sakuin = guide.read("output/sakuin.html");
    let headings: Vec<&str> = sakuin
        .split("<h2>")
        .skip(1)
        .map(|h| &h[..h.find("</h2>").unwrap()])
        .collect();
    assert_eq!(headings, ["か", "さ", "その他"]);
    let names = link_texts(&sakuin, "<nav class=\"keywords\"", "</nav>");
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    // け < しょうひしゃ < しょっぷ (ウ before ッ), then the kanji names with no reading.
    assert!(at("警察相談専用電話") < at("消費者ホットライン"));
    assert!(at("消費者ホットライン") < at("ショップへの問い合わせ"));
    assert!(at("ショップへの問い合わせ") < at("国民生活センター 平日バックアップ相談"));
    assert!(sakuin.contains("<h1>索引（窓口と状況）</h1>"));
    // Every window links to where its details are.
    assert!(sakuin.contains("href=\"situations/trouble.html#window-consumer-hotline\""));
}

#[test]
fn a_reading_that_is_not_kana_is_an_error_at_its_line() {
    let run = bad_with(|g| {
        g.replace(
            "content/guide.yaml",
            "    name: 消費者ホットライン\n",
            "    name: 消費者ホットライン\n    reading: しょうひ者\n",
        );
    });
    run.error(
        "the reading of `consumer-hotline` must be written in hiragana or katakana",
        "content/guide.yaml:34:14",
    )
    .mentions("`者` is not kana")
    .help("reading: らくてんかーど");
    // Half-width katakana, an invisible character, an empty reading: each named.
    for (reading, label) in [
        ("ｼｮｳﾋｼｬ", "`ｼ` is not kana"),
        ("しょう\u{200b}ひしゃ", "'\\u{200b}' is not kana"),
        ("\"\"", "empty"),
    ] {
        let run = bad_with(|g| {
            g.replace(
                "content/guide.yaml",
                "    name: 消費者ホットライン\n",
                &format!("    name: 消費者ホットライン\n    reading: {reading}\n"),
            );
        });
        run.error(
            "the reading of `consumer-hotline` must be written in hiragana or katakana",
            "content/guide.yaml:34:14",
        )
        .mentions(label);
    }
}

#[test]
fn an_english_guide_sorts_alphabetically_under_english_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("en");
    let made = common::run(&["new", root.to_str().unwrap(), "--lang", "en"], tmp.path());
    assert!(made.status.success(), "{}", common::stderr(&made));
    let yaml = root.join("content/guide.yaml");
    let filled = fs::read_to_string(&yaml)
        .unwrap()
        .replace("[TODO]", "[example.com]")
        .replace("url: TODO", "url: https://www.example.com/help")
        .replace("title: TODO", "title: example.com")
        .replace("checked: TODO", "checked: 2026-11-20");
    fs::write(&yaml, filled).unwrap();
    let (built, _, text) = common::run_pipeline(&root, Some(&root.join("output")));
    assert!(built, "{text}");
    let sakuin = fs::read_to_string(root.join("output/sakuin.html")).unwrap();
    assert!(
        sakuin.contains("<h1>Index of windows and situations</h1>"),
        "{sakuin}"
    );
    let headings: Vec<&str> = sakuin
        .split("<h2>")
        .skip(1)
        .map(|h| &h[..h.find("</h2>").unwrap()])
        .collect();
    let mut sorted = headings.clone();
    sorted.sort();
    assert_eq!(headings, sorted);
    assert!(headings
        .iter()
        .all(|h| h.len() == 1 && h.chars().all(|c| c.is_ascii_uppercase())));
    let search = fs::read_to_string(root.join("output/search.html")).unwrap();
    assert!(search.contains(">Search this guide</label>"));
    assert!(search.contains("data-no-match=\"Nothing matches. Find your situation in this list:\""));
}

/// A guide of `n` generated articles, big enough that its index has many shards.
fn big_guide(n: usize) -> Guide {
    let guide = Guide::good();
    for i in 0..n {
        let words = [
            "ログイン",
            "カード",
            "返品",
            "電話",
            "配送",
            "口座",
            "更新",
            "在留",
        ];
        let kana: Vec<char> = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
            .chars()
            .collect();
        let tag = |n: usize| {
            format!(
                "{}{}{}",
                kana[n % 25],
                kana[n / 25 % 25],
                kana[n / 625 % 25]
            )
        };
        let body: String = (0..40)
            .map(|j| format!("{}の手続き{}について。", words[(i + j) % 8], tag(i * 7 + j)))
            .collect();
        guide.write(
            &format!("content/articles/gen/p{i:04}.md"),
            format!("---\ntitle: 記事{}\n---\n{body}\n", tag(i)),
        );
    }
    guide
}

/// The tokens the index holds in shard file `path`.
fn shard_tokens(path: &Path) -> BTreeSet<String> {
    let js = fs::read_to_string(path).unwrap();
    let json = &js[js.find('{').unwrap()..js.rfind('}').unwrap() + 1];
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
    map.keys().cloned().collect()
}

#[test]
fn a_query_needs_only_the_shards_of_its_tokens() {
    let guide = big_guide(400);
    guide.build().ok();
    let search = guide.out().join("search");
    let meta = fs::read_to_string(search.join("meta.js")).unwrap();
    let shards: u32 = meta.split("\"shards\":").nth(1).unwrap()[..meta
        .split("\"shards\":")
        .nth(1)
        .unwrap()
        .find(|c: char| !c.is_ascii_digit())
        .unwrap()]
        .parse()
        .unwrap();
    assert!(shards >= 4, "a 400-article guide has {shards} shard(s)");
    assert_eq!(
        fs::read_dir(search.join("t")).unwrap().count(),
        shards as usize
    );
    for query in ["ログイン", "カード", "電話", "返品"] {
        let tokens = query_tokens(query);
        let bits = shards.trailing_zeros();
        let needed: BTreeSet<usize> = tokens.iter().map(|t| shard_of(t, bits)).collect();
        assert!(
            needed.len() < shards as usize / 2,
            "{query} needs {needed:?}"
        );
        for token in &tokens {
            let shard = search.join(format!("t/{}.js", shard_of(token, bits)));
            assert!(
                shard_tokens(&shard).contains(token),
                "{token} not in its shard"
            );
        }
    }
}

#[test]
fn the_index_text_is_read_by_the_check_of_what_is_published() {
    // An unvetted number in an article is found on its page and in the index chunk that
    // holds the article's text (a reader sees it in a result's snippet too).
    let run = bad_with(|g| {
        g.append(
            "content/articles/faq.md",
            "\n偽の窓口 0120-999-999 に注意。\n",
        );
    });
    let text = &run.stderr;
    assert!(text.contains("search/d/"), "{text}");
    assert!(text.contains("0120-999-999"), "{text}");
}

#[test]
fn the_bundled_guide_indexes_its_numbers_without_a_false_failure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (built, report, text) = common::run_pipeline(root, Some(&out));
    assert!(built && !text.contains("warning"), "{text} {report:?}");
    let chunks: String = fs::read_dir(out.join("search/d"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for number in ["188", "#9110", "03-3446-0999"] {
        assert!(chunks.contains(number), "{number} is searchable");
    }
}

#[test]
fn a_theme_file_cannot_take_the_place_of_the_index() {
    // A snippet in a theme's chunk file would reach readers unread by the check of numbers.
    let guide = Guide::good();
    guide.write(
        "themes/evil/static/search/d/0.js",
        "madoguchiSearch.docs(0,[{\"kind\":\"w\",\"title\":\"0120-444-4444\",\"href\":\"index.html\",\"text\":\"\"}]);\n",
    );
    let run = guide.run(&["build", "--theme", "evil"]);
    let error = run.error_anywhere(
        "theme file `static/search/d/0.js` would replace the search index's file the build writes there",
    );
    assert!(
        error.text.contains("in themes/evil/static/search/d/0.js"),
        "{}",
        error.text
    );
    assert!(!guide.out().exists(), "an output was written");
}

/// The number of bits of shard number `meta.js` gives.
fn shard_bits(search: &Path) -> u32 {
    let meta = fs::read_to_string(search.join("meta.js")).unwrap();
    let bits = meta.split("\"bits\":").nth(1).unwrap();
    bits[..bits.find(|c: char| !c.is_ascii_digit()).unwrap()]
        .parse()
        .unwrap()
}

#[test]
fn an_article_is_found_by_all_its_text_shows_its_start_and_single_characters_come_from_titles() {
    let guide = Guide::good();
    let filler = "手続きの前に確認してください。".repeat(20);
    guide.append(
        "content/articles/faq.md",
        &format!("\n{filler}\n\n麒麟の窓口について。\n"),
    );
    guide.build().ok();
    let search = guide.out().join("search");
    let bits = shard_bits(&search);
    let tokens_of =
        |token: &str| shard_tokens(&search.join(format!("t/{}.js", shard_of(token, bits))));
    // Far into the article: indexed, but not kept for the snippet.
    assert!(tokens_of("麒麟").contains("麒麟"));
    let chunks: String = fs::read_dir(search.join("d"))
        .unwrap()
        .map(|f| fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(chunks.contains("よくある質問") && !chunks.contains("麒麟"));
    // A single character of the text is not a token; one of a title (よくある質問) is.
    assert!(!tokens_of("麒").contains("麒"));
    assert!(tokens_of("質").contains("質"));
}
