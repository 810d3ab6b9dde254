//! Hostile input: each case ends in a clear diagnostic (file, message, help), never a panic,
//! a hang or unbounded memory. Runs the library's pipeline on a temp guide folder.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::{guide_yaml, write, write_guide};
use madoguchi::diagnostic::render_all;
use madoguchi::pipeline::{build, BuildOptions};
use madoguchi::report::Report;

/// Checks the guide at `root` (writes nothing) and returns (ok, rendered diagnostics).
fn check(root: &Path) -> (bool, String) {
    let (built, report, text) = common::run_pipeline(root, None);
    (built && report.error_count() == 0, text)
}

fn guide_with(yaml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_guide(tmp.path(), "Guide");
    write(&tmp.path().join("content/guide.yaml"), yaml);
    tmp
}

fn assert_refused(yaml: &str, expected: &[&str]) -> String {
    let tmp = guide_with(yaml);
    let (ok, text) = check(tmp.path());
    assert!(!ok, "accepted:\n{text}");
    for part in expected {
        assert!(text.contains(part), "expected `{part}` in:\n{text}");
    }
    text
}

#[test]
fn the_minimal_guide_builds() {
    let tmp = guide_with(&guide_yaml("Guide"));
    let (ok, text) = check(tmp.path());
    assert!(ok, "{text}");
}

#[test]
fn an_alias_bomb_is_stopped_by_the_budget() {
    // 1 MiB of text, used 200 times: 200 MiB of strings if aliases expanded without limit.
    let long = "x".repeat(1024 * 1024);
    let uses = vec!["*s"; 200].join(", ");
    let yaml = guide_yaml("Guide").replace(
        "lang: ja\n",
        &format!("lang: ja\ndescription: &s {long}\nrules: [{uses}]\n"),
    );
    assert_refused(
        &yaml,
        &[
            "`content/guide.yaml` exceeds a limit: its text, with aliases expanded, is over 64 MiB",
            "content/guide.yaml:4:",
            "Security",
        ],
    );
}

#[test]
fn deeply_nested_input_is_a_located_error() {
    // The typed model stops at the first level it does not expect; the parser's own depth
    // limit (tested in src/load.rs with a type that accepts anything) backs it up.
    let flow = format!("title: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_refused(&flow, &["content/guide.yaml:1:8"]);
    let tmp = guide_with(&guide_yaml("Guide"));
    let body = format!(
        "{}\n\n{}x\n\n{}\n",
        "> ".repeat(50_000),
        "- ".repeat(50_000),
        "[a](".repeat(50_000)
    );
    write(
        &tmp.path().join("content/articles/about.md"),
        &format!("---\ntitle: About\n---\n{body}"),
    );
    let (ok, text) = check(tmp.path());
    assert!(ok, "deep Markdown is just text: {text}");
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let tmp = guide_with("");
    // 100 MB, sparse: takes no disk space, and would take 100 MB of memory if read.
    let file = fs::File::create(tmp.path().join("content/guide.yaml")).unwrap();
    file.set_len(100_000_000).unwrap();
    let big_article = fs::File::create(tmp.path().join("content/articles/big.md")).unwrap();
    big_article.set_len(17 * 1024 * 1024).unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(
        text.contains("`content/guide.yaml` is too large (96 MiB; the limit is 16 MiB)"),
        "{text}"
    );
    assert!(
        text.contains("`content/articles/big.md` is too large"),
        "{text}"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let yaml = guide_yaml("Guide").replace("lang: ja\n", "lang: ja\nlang: en\n");
    assert_refused(&yaml, &["duplicate", "content/guide.yaml:3"]);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let tmp = guide_with(&format!("\u{feff}{}", guide_yaml("Guide")));
    write(
        &tmp.path().join("content/articles/about.md"),
        "\u{feff}---\ntitle: About\n---\nText\n",
    );
    let (ok, text) = check(tmp.path());
    assert!(ok, "{text}");
}

#[test]
fn crlf_line_ends_are_accepted() {
    let tmp = guide_with(&guide_yaml("Guide").replace('\n', "\r\n"));
    write(
        &tmp.path().join("content/articles/about.md"),
        "---\r\ntitle: About\r\n---\r\nText\r\n",
    );
    let (ok, text) = check(tmp.path());
    assert!(ok, "{text}");
}

#[test]
fn tab_indentation_is_a_located_error() {
    let yaml = guide_yaml("Guide").replace("\n    name: Help desk", "\n\tname: Help desk");
    assert_refused(
        &yaml,
        &[
            "a tab is used for indentation",
            "content/guide.yaml:6:1",
            "help: YAML indents with spaces only",
        ],
    );
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let tmp = guide_with("");
    let mut bytes = guide_yaml("Guide").into_bytes();
    bytes.splice(7..7, [0xff, 0xfe]);
    fs::write(tmp.path().join("content/guide.yaml"), bytes).unwrap();
    fs::write(
        tmp.path().join("content/articles/about.md"),
        b"---\ntitle: About\n---\nbad \xc3\x28 byte\n",
    )
    .unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(
        text.contains("`content/guide.yaml` is not valid UTF-8"),
        "{text}"
    );
    assert!(text.contains("content/guide.yaml:1:8"), "{text}");
    assert!(
        text.contains("`content/articles/about.md` is not valid UTF-8"),
        "{text}"
    );
    assert!(text.contains("help: save the file as UTF-8"), "{text}");
}

#[test]
fn an_empty_or_missing_guide_is_explained() {
    assert_refused("", &["`content/guide.yaml` is empty"]);
    assert_refused("  \n\n", &["`content/guide.yaml` is empty"]);
    let tmp = guide_with("");
    fs::remove_file(tmp.path().join("content/guide.yaml")).unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(
        text.contains("failed to read `content/guide.yaml`"),
        "{text}"
    );
    let empty = tempfile::tempdir().unwrap();
    let (ok, text) = check(empty.path());
    assert!(!ok);
    assert!(text.contains("no `content` folder"), "{text}");
}

#[test]
fn symlinks_out_of_content_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("secret.yaml"), &guide_yaml("Secret"));
    write(
        &outside.path().join("articles/stolen.md"),
        "---\ntitle: Stolen\n---\nsecret\n",
    );

    let tmp = guide_with("");
    let guide = tmp.path().join("content/guide.yaml");
    fs::remove_file(&guide).unwrap();
    symlink(outside.path().join("secret.yaml"), &guide).unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(text.contains("`content/guide.yaml` is a symlink"), "{text}");

    let tmp = guide_with(&guide_yaml("Guide"));
    symlink(
        outside.path().join("articles/stolen.md"),
        tmp.path().join("content/articles/stolen.md"),
    )
    .unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(
        text.contains("`content/articles/stolen.md` is a symlink"),
        "{text}"
    );

    let tmp = guide_with(&guide_yaml("Guide"));
    let articles = tmp.path().join("content/articles");
    fs::remove_dir_all(&articles).unwrap();
    symlink(outside.path().join("articles"), &articles).unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(text.contains("`content/articles` is a symlink"), "{text}");
    assert!(!text.contains("secret"), "{text}");
}

#[test]
fn symlinks_out_of_themes_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("templates/base.html"), "{{ 1 }}");
    write(&outside.path().join("passwd.css"), "root:x:0:0");

    let tmp = guide_with(&guide_yaml("Guide"));
    fs::create_dir_all(tmp.path().join("themes/default/static")).unwrap();
    symlink(
        outside.path().join("passwd.css"),
        tmp.path().join("themes/default/static/style.css"),
    )
    .unwrap();
    let (ok, text) = check(tmp.path());
    assert!(!ok, "{text}");
    assert!(text.contains("is a symlink"), "{text}");

    let tmp = guide_with(&guide_yaml("Guide"));
    fs::create_dir_all(tmp.path().join("themes")).unwrap();
    symlink(outside.path(), tmp.path().join("themes/evil")).unwrap();
    let options = BuildOptions {
        theme: Some("evil".into()),
        ..BuildOptions::new(tmp.path(), None)
    };
    let mut report = Report::default();
    build(&options, &mut report);
    let text = render_all(&report.diagnostics, &report.sources, false);
    assert!(report.error_count() > 0, "{text}");
    assert!(text.contains("`themes/evil` is a symlink"), "{text}");
}

#[test]
fn a_theme_name_cannot_leave_themes() {
    let tmp = guide_with(&guide_yaml("Guide"));
    for name in ["../content", "..", "/etc", "a/../../b", ""] {
        let options = BuildOptions {
            theme: Some(name.into()),
            ..BuildOptions::new(tmp.path(), None)
        };
        let mut report = Report::default();
        assert!(build(&options, &mut report).is_none(), "--theme {name:?}");
        let text = render_all(&report.diagnostics, &report.sources, false);
        assert!(
            text.contains("is not a theme name"),
            "--theme {name:?}: {text}"
        );
    }
}

#[test]
fn names_and_ids_that_try_dot_dot_are_refused() {
    // A situation pointing at an article outside content/articles/.
    let yaml = guide_yaml("Guide").replace(
        "    steps: [Check the order page.]\n",
        "    steps: [Check the order page.]\n    article: ../../guide\n",
    );
    assert_refused(&yaml, &["content/guide.yaml", "../../guide"]);
    // An id that tries to climb out of situations/.
    let yaml = guide_yaml("Guide").replace("  - id: lost", "  - id: ../../lost");
    assert_refused(&yaml, &["content/guide.yaml", "../../lost"]);
    // An article whose front matter or links try it.
    let tmp = guide_with(&guide_yaml("Guide"));
    write(
        &tmp.path().join("content/articles/about.md"),
        "---\ntitle: About\nsituation: ../lost\n---\n[x](@/../guide.md) [y](@/../../etc/passwd.md)\n",
    );
    write(
        &tmp.path().join("content/articles/..hidden.md"),
        "---\ntitle: H\n---\n",
    );
    let (ok, text) = check(tmp.path());
    assert!(!ok);
    assert!(text.contains("../lost"), "{text}");
    assert!(text.contains("@/../guide.md"), "{text}");
    assert!(text.contains("@/../../etc/passwd.md"), "{text}");
    assert!(text.contains("content/articles/..hidden.md"), "{text}");
}

#[test]
fn thousands_of_problems_print_a_capped_list() {
    let mut yaml = guide_yaml("Guide");
    for i in 0..3_000 {
        yaml.push_str(&format!(
            "  - id: s{i}\n    title: T\n    summary: S\n    first: [nope{i}]\n"
        ));
    }
    let tmp = guide_with(&yaml);
    let output = common::bin()
        .args(["check", "--root"])
        .arg(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        err.matches("error: no channel with id").count(),
        200,
        "{err}"
    );
    assert!(err.contains("… and 2800 more problems not shown"), "{err}");
    assert!(err.contains("failed: 3000 errors"), "{err}");
}

/// Text a browser does not show (raw HTML allowed) can split a number it shows whole: each of
/// these published 0120-444-4444 or scam@evil.example with exit 0 (break-it, this round).
#[test]
fn text_a_browser_does_not_show_cannot_split_a_number_or_an_address() {
    for body in [
        "お電話は 0120<span hidden>年から平成で</span>-444-4444",
        "お電話は 0120<template>年から</template>-444-4444",
        "お電話は 0120<span hidden=\"until-found\">年</span>-444-4444",
        "お電話は 0120<datalist><option>年</option></datalist>-444-4444",
        "お電話は 0120<dialog>年から</dialog>-444-4444",
        "お電話は 0120<video>年から</video>-444-4444",
        "scam<span hidden> です。 </span>@evil.example",
        // The break-it round's forms: an end tag inside a comment or a value, `<noscript>`
        // (not shown where script runs) and `<object>`'s fallback. (An attribute right after
        // a quote is not HTML to Markdown, which shows the tag as text: a unit test in
        // `published::hidden` has it.)
        "お電話は 0120<span hidden><!--</span>-->年</span>-444-4444",
        "お電話は 0120<template><!--</template>-->年</template>-444-4444",
        "お電話は 0120<span hidden><b title=\"</span>\">年</b></span>-444-4444",
        "お電話は 0120<noscript>年</noscript>-444-4444",
        "お電話は 0120<object data=\"x.svg\">年</object>-444-4444",
        // E-mail signs the quick check missed (the full reading knew them).
        "Write to scam(ａt)evil.example now.",
        "Write to scam(aｔ)evil.example now.",
        "Write to scam(a\u{200b}t)evil.example now.",
        "Write to scam(a\u{ad}t)evil.example now.",
        "Write to scam(at&nbsp;)evil.example now.",
        "Write to scam(at\u{3000})evil.example now.",
        "Write to scam(at\t)evil.example now.",
        // The second break-it round: other blanks, letters in other compatibility forms, a
        // reference, brackets that fold to closers.
        "Write to scam(at\u{2009})evil.example now.",
        "Write to scam(at&ensp;)evil.example now.",
        "Write to scam(at\u{fe0f})evil.example now.",
        "Write to scam(𝐚𝐭)evil.example now.",
        "Write to scam(ⓐⓣ)evil.example now.",
        "Write to scam(&ascr;t)evil.example now.",
        "Write to scam｢at｣evil.example now.",
        "Write to scam(at﹚evil.example now.",
        "Write to scam(at⁾evil.example now.",
        // Hidden text: comments ended as the tokenizer ends them, bogus comments.
        "お電話は 0120<span hidden><!-->年</span>-444-4444",
        "お電話は 0120<span hidden><?x </span> ?>年</span>-444-4444",
    ] {
        eprintln!("body: {body}");
        let guide = common::Guide::good();
        guide.replace(common::GUIDE, "lang: ja", "lang: ja\nallow_raw_html: true");
        guide.append(common::FAQ_MD, &format!("\n{body}\n"));
        let run = guide.build().code(1);
        let expected = if body.contains("scam") {
            "scam@evil.example"
        } else {
            "01204444444"
        };
        run.error_anywhere(expected);
    }
    // Shown text stays as it was: an open dialog is read as shown.
    let guide = common::Guide::good();
    guide.replace(common::GUIDE, "lang: ja", "lang: ja\nallow_raw_html: true");
    guide.append(
        common::FAQ_MD,
        "\n受付は<dialog open>平日</dialog>です。<span hidden>メモ</span>\n",
    );
    guide.build().ok();
}
