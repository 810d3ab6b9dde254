//! Labels in the guide's language (issue 18): every fixed word the pages print comes from the
//! label set of the guide's `lang` (`ja` and `en` built in), which the theme and the guide may
//! override; a label nobody prints, a `{name}` no template fills, and a language with labels
//! missing are errors at their `file:line:col`.

mod common;

use std::path::Path;

use common::{bad, bad_with, html_files, Guide, GUIDE};
use html5gum::{Token, Tokenizer};
use madoguchi::load::labels::built_in;

/// `lang: ja` in the good guide (line 3); labels added under it start on line 5.
const LANG: &str = "lang: ja\n";
const LANG_AT: &str = "content/guide.yaml:3:7";

/// The good guide with one replacement in guide.yaml, built (no diagnostics), kept to read.
fn built_with(from: &str, to: &str) -> Guide {
    let guide = Guide::good();
    guide.replace(GUIDE, from, to);
    guide.build().ok();
    guide
}

fn with_labels(yaml: &str) -> String {
    format!("lang: ja\nlabels:\n{yaml}")
}

/// What a reader meets on a page: its text (the title included), and the attributes a browser
/// reads out or shows (`aria-label`, `alt`, `title`). Class names and URLs are not words.
fn reader_text(html: &str) -> String {
    let mut text = String::new();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::String(s) => text.push_str(&String::from_utf8_lossy(&s.value)),
            Token::StartTag(tag) => {
                for (name, value) in &tag.attributes {
                    if [&b"aria-label"[..], b"alt", b"title"].contains(&&name[..]) {
                        text.push('\n');
                        text.push_str(&String::from_utf8_lossy(&value.value));
                    }
                }
            }
            _ => {}
        }
        text.push('\n');
    }
    text
}

/// The words of every label of a built-in set: each label's text split where the template
/// fills in a `{name}`, keeping the parts that hold a letter (not `、` or `（`).
fn label_words(lang: &str) -> Vec<(String, String)> {
    let mut words = Vec::new();
    for (key, text) in built_in(lang).expect("a built-in set") {
        for part in text.split(['{', '}']).enumerate() {
            let (i, part) = part;
            let is_placeholder = i % 2 == 1;
            if !is_placeholder && part.chars().any(char::is_alphabetic) {
                words.push((key.clone(), part.trim().to_owned()));
            }
        }
    }
    words
}

/// A new guide from `madoguchi new --lang LANG`, its placeholders filled in, built.
fn scaffold_built(lang: &str) -> Guide {
    let guide = Guide::empty();
    let dir = guide.root().join("guide");
    let out = common::bin()
        .args(["new", "--lang", lang])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    fill_placeholders(&dir.join("content/guide.yaml"));
    let run = common::bin()
        .args(["build", "--root"])
        .arg(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", common::stderr(&run));
    guide
}

fn fill_placeholders(guide_yaml: &Path) {
    let filled = std::fs::read_to_string(guide_yaml)
        .unwrap()
        .replace("[TODO]", "[example.com]")
        .replace("url: TODO", "url: https://www.example.com/help")
        .replace("title: TODO", "title: example.com")
        .replace("checked: TODO", "checked: 2026-11-20");
    assert!(!filled.contains("TODO"));
    std::fs::write(guide_yaml, filled).unwrap();
}

/// Every page of the scaffold built in `lang` speaks `lang` only: no word of `other`'s labels
/// appears anywhere a reader meets it, on any page (the cheat sheet's and the print page's
/// titles are also the PDFs' titles).
fn assert_speaks_only(lang: &str, other: &str) {
    let guide = scaffold_built(lang);
    let pages = html_files(&guide.root().join("guide/output"));
    assert!(pages.len() >= 6, "{pages:?}");
    let foreign = label_words(other);
    let own = label_words(lang);
    let mut seen_own = std::collections::HashSet::new();
    for (page, html) in &pages {
        let text = reader_text(html);
        for (key, word) in &foreign {
            assert!(
                !text.contains(word.as_str()),
                "{page} ({lang}) prints the `{other}` label `{key}`: {word:?}"
            );
        }
        for (key, word) in &own {
            if text.contains(word.as_str()) {
                seen_own.insert(key.as_str());
            }
        }
    }
    // The check is not vacuous: the pages do print their own labels.
    for key in [
        "steps",
        "first_windows",
        "sources",
        "cheatsheet",
        "not_found",
        "contents",
    ] {
        assert!(seen_own.contains(key), "no page prints `{key}` in {lang}");
    }
}

#[test]
fn the_new_scaffold_in_english_prints_no_japanese_label() {
    assert_speaks_only("en", "ja");
}

#[test]
fn the_new_scaffold_in_japanese_prints_no_english_label() {
    assert_speaks_only("ja", "en");
}

#[test]
fn a_guide_overrides_any_label() {
    let guide = built_with(
        LANG,
        &with_labels("  steps: やること\n  print_title: \"{title}（印刷用）\"\n"),
    );
    let situation = guide.read("output/situations/delivery.html");
    assert!(situation.contains(">やること</h2>"), "{situation}");
    assert!(!situation.contains(">手順</h2>"));
    let print = guide.read("output/print.html");
    assert!(print.contains("<title>テスト用の窓口ガイド（印刷用）</title>"));
}

#[test]
fn a_theme_overrides_labels_and_the_guide_overrides_the_theme() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/labels/ja.yaml",
        "steps: 進め方\navoid: 失敗例\n",
    );
    guide.replace(GUIDE, LANG, &with_labels("  avoid: ありがちな失敗\n"));
    guide.run(&["build", "--theme", "mine"]).ok();
    let page = guide.read("output/situations/delivery.html");
    assert!(page.contains(">進め方</h2>"), "the theme's label");
    assert!(
        page.contains(">ありがちな失敗</h2>"),
        "the guide's label wins"
    );
    assert!(page.contains(">最初の窓口</h2>"), "the rest stay built in");
}

#[test]
fn labels_are_escaped_like_any_text() {
    let guide = built_with(
        LANG,
        &with_labels("  steps: \"<script>alert(1)</script>\"\n"),
    );
    let page = guide.read("output/situations/delivery.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(common::live_markup(&page).is_empty());
}

#[test]
fn a_regional_tag_takes_its_languages_labels() {
    let guide = built_with(LANG, "lang: en-GB\n");
    let page = guide.read("output/situations/delivery.html");
    assert!(page.contains("<html lang=\"en-GB\">"));
    assert!(page.contains(">Steps</h2>"), "{page}");
}

#[test]
fn an_unknown_label_is_an_error_with_did_you_mean() {
    bad(GUIDE, LANG, &with_labels("  step: やること\n"))
        .only_error("unknown label `step`", "content/guide.yaml:5:3")
        .help("did you mean `steps`?");
}

#[test]
fn an_unknown_label_in_a_theme_is_an_error_at_its_line() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/labels/ja.yaml",
        "steps: 進め方\nsourses: 出典\n",
    );
    guide
        .run(&["build", "--theme", "mine"])
        .code(1)
        .only_error("unknown label `sourses`", "themes/mine/labels/ja.yaml:2:1")
        .help("did you mean `sources`?");
}

#[test]
fn a_placeholder_the_template_does_not_fill_is_an_error() {
    bad(
        GUIDE,
        LANG,
        &with_labels("  checked_note: \"確認日 {date}\"\n"),
    )
    .only_error(
        "label `checked_note` has no `{date}` to fill in",
        "content/guide.yaml:5:17",
    )
    .help("did you mean `{dates}`?");
    bad(GUIDE, LANG, &with_labels("  steps: \"{title}の手順\"\n"))
        .only_error("label `steps` has no `{title}`", "content/guide.yaml:5:10")
        .help("fills in nothing");
}

#[test]
fn a_lang_without_labels_is_an_error_naming_every_missing_one() {
    let run = bad(GUIDE, LANG, "lang: fr\n");
    let count = built_in("en").unwrap().len();
    let error = run.only_error(
        &format!("no labels for `lang: fr`: {count} of {count} are missing"),
        LANG_AT,
    );
    error.mentions("labels are built in for en, ja only");
    for (key, _) in built_in("en").unwrap() {
        error.help(&format!("`{key}`"));
    }
    // Those the guide gives are no longer missing.
    let run = bad(GUIDE, LANG, "lang: fr\nlabels:\n  steps: Étapes\n");
    run.only_error(&format!("{} of {count} are missing", count - 1), LANG_AT);
    assert!(!run.stderr.contains("`steps`"), "{}", run.stderr);
}

#[test]
fn a_lang_without_built_in_labels_builds_once_a_theme_gives_them_all() {
    let guide = Guide::good();
    let french: String = built_in("en")
        .unwrap()
        .into_iter()
        .map(|(key, text)| format!("{key}: \"{}\"\n", text.replace("Steps", "Étapes")))
        .collect();
    guide.write("themes/fr/labels/fr.yaml", french);
    guide.replace(GUIDE, LANG, "lang: fr\n");
    guide.run(&["build", "--theme", "fr"]).ok();
    assert!(guide
        .read("output/situations/delivery.html")
        .contains(">Étapes</h2>"));
}

#[test]
fn a_file_in_a_themes_labels_that_is_not_yaml_is_an_error() {
    let guide = Guide::good();
    guide.write("themes/mine/labels/README.md", "notes");
    let run = guide.run(&["build", "--theme", "mine"]).code(1);
    run.error_anywhere("`themes/mine/labels/README.md` is not a label file");
}

#[test]
fn a_number_in_a_label_is_checked_like_any_text() {
    bad_with(|guide| {
        guide.replace(
            GUIDE,
            LANG,
            &with_labels("  sheet_note: 困ったら 0120-444-444 へ\n"),
        );
    })
    .error("0120-444-444", "content/guide.yaml:5:20");
}
