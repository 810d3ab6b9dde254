//! `madoguchi new`: a scaffold whose only problems are its marked placeholders, and which builds
//! once they are filled in.

use std::path::Path;
use std::process::{Command, Output};

fn madoguchi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn new_guide(dir: &Path) {
    new_guide_in(dir, "en");
}

fn new_guide_in(dir: &Path, lang: &str) {
    let out = madoguchi(&["new", "--lang", lang, dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_flags_exactly_the_placeholders_in_either_language() {
    for lang in ["en", "ja"] {
        check_flags_exactly_the_placeholders(lang);
    }
}

fn check_flags_exactly_the_placeholders(lang: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    new_guide_in(&dir, lang);
    let out = madoguchi(&["check", "--root", dir.to_str().unwrap()]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        errors,
        [
            "error: `official_domains` still holds a placeholder",
            "error: channel `support` has no entry page yet",
            "error: channel `support` has no source yet",
        ],
        "{text}"
    );
    assert!(text.contains("guide/content/guide.yaml:7:20"), "{text}");
    assert!(text.contains("guide/content/guide.yaml:24:10"), "{text}");
    assert!(text.contains("guide/content/guide.yaml:26:12"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("warning")), "{text}");
    assert!(text.contains("failed: 3 errors, 0 warnings"), "{text}");
}

#[test]
fn builds_once_the_placeholders_are_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    new_guide(&dir);
    let guide = dir.join("content/guide.yaml");
    let filled = std::fs::read_to_string(&guide)
        .unwrap()
        .replace("[TODO]", "[rakuten.co.jp]")
        .replace(
            "url: TODO",
            "url: https://event.rakuten.co.jp/guide/howtobuy/delivery/",
        )
        .replace("title: TODO", "title: 配送について")
        .replace("checked: TODO", "checked: 2026-11-27");
    assert!(!filled.contains("TODO"));
    std::fs::write(&guide, filled).unwrap();
    let out = madoguchi(&["build", "--root", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("output/index.html").is_file());
    assert!(dir.join("output/situations/question.html").is_file());
    let page = std::fs::read_to_string(dir.join("output/situations/question.html")).unwrap();
    assert!(
        page.contains("Before you get in touch"),
        "the article is shown"
    );
}

#[test]
fn refuses_a_non_empty_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let dir = tmp.path().to_str().unwrap();
    let out = madoguchi(&["new", dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!tmp.path().join("content").exists(), "nothing was written");
    let out = madoguchi(&["new", "--force", dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.path().join("content/guide.yaml").is_file());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_scaffold_carries_the_current_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    new_guide(&dir);
    let schema = std::fs::read_to_string(dir.join("content/guide.schema.json")).unwrap();
    assert_eq!(schema, madoguchi::schema::guide_schema_json());
    let guide = std::fs::read_to_string(dir.join("content/guide.yaml")).unwrap();
    assert!(guide.starts_with("# yaml-language-server: $schema=./guide.schema.json\n"));
}

#[test]
fn new_prints_its_folder_without_escape_sequences_and_quotes_it_for_pasting() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my guide \u{1b}]0;pwned\u{7}");
    let out = madoguchi(&["new", dir.to_str().unwrap()]);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("\\u{1b}"), "{text}");
    // The suggested command survives a paste into a shell: the folder is quoted.
    assert!(text.contains("`madoguchi check --root '"), "{text}");
}
