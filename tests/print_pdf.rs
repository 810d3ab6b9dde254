//! The cheat sheet printed by a real browser: one A4 page, nothing clipped, QR codes that
//! decode to the official URLs; a guide with too many situations fails the fit check.
//!
//! Needs chromium, poppler-utils and zbar-tools. Without them each test prints a loud
//! SKIPPED line and passes, except under `CI=true`, where a missing tool is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use madoguchi::load::load_site;
use madoguchi::model::Site;
use madoguchi::report::Report;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the browser and the given tools are here; says loudly why not (and fails on CI).
fn have_printing_tools(test: &str, tools: &[&str]) -> bool {
    let mut missing: Vec<String> = Vec::new();
    if madoguchi::output::pdf::find_chromium(None).is_err() {
        missing.push("chromium".into());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for tool in tools {
        if !std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()) {
            missing.push((*tool).into());
        }
    }
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{test}: no {} (apt-get install chromium poppler-utils zbar-tools)",
        missing.join(", ")
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {why}"
    );
    eprintln!("SKIPPED: {why}");
    false
}

fn madoguchi(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let run = Command::new(name).args(args).output().unwrap();
    assert!(
        run.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn bundled_site() -> Site {
    let mut report = Report::default();
    load_site(&repo(), &mut report).expect("the bundled guide loads")
}

/// One `build --pdf` of the bundled guide, checked from every side (each print costs seconds).
#[test]
fn bundled_cheat_sheet_prints_to_one_a4_page_with_everything_on_it() {
    if !have_printing_tools(
        "bundled cheat sheet",
        &["pdfinfo", "pdftotext", "pdftoppm", "zbarimg"],
    ) {
        return;
    }
    let site = bundled_site();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = madoguchi(&["build", "--pdf", "--out", out.to_str().unwrap()], &repo());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let sheet = out.join("cheatsheet.pdf");
    let sheet_arg = sheet.to_str().unwrap();

    let info = tool("pdfinfo", &[sheet_arg]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    assert!(info.contains("(A4)"), "{info}");

    // Nothing clipped: every situation and every first window's name is on the page.
    let text = without_whitespace(&tool("pdftotext", &[sheet_arg, "-"]));
    for s in &site.guide.situations {
        assert!(
            text.contains(&without_whitespace(&s.title.value)),
            "{}",
            s.title.value
        );
        for id in &s.first {
            let name = &site.guide.channel(&id.value).unwrap().name.value;
            assert!(text.contains(&without_whitespace(name)), "{name}");
        }
    }
    for c in site.guide.channels.iter().filter(|c| c.phone.is_some()) {
        assert!(
            text.contains(&c.phone.as_ref().unwrap().value),
            "{}",
            c.name.value
        );
    }

    // Every QR code on the paper decodes to its window's official entry URL, one per window.
    let png = tmp.path().join("sheet");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "200",
            "-singlefile",
            sheet_arg,
            png.to_str().unwrap(),
        ],
    );
    let decoded = tool(
        "zbarimg",
        &[
            "--raw",
            "-q",
            "-Sdisable",
            "-Sqrcode.enable",
            png.with_extension("png").to_str().unwrap(),
        ],
    );
    let mut decoded: Vec<&str> = decoded.lines().collect();
    let mut expected: Vec<&str> = site
        .guide
        .situations
        .iter()
        .flat_map(|s| &s.first)
        .filter_map(|id| {
            let c = site.guide.channel(&id.value).unwrap();
            c.url.as_ref().map(|u| u.value.as_str())
        })
        .collect();
    decoded.sort_unstable();
    expected.sort_unstable();
    assert_eq!(decoded, expected);

    // The whole guide printed too.
    let guide = out.join("guide.pdf");
    let info = tool("pdfinfo", &[guide.to_str().unwrap()]);
    assert!(info.contains("(A4)"), "{info}");
    let text = without_whitespace(&tool("pdftotext", &[guide.to_str().unwrap(), "-"]));
    for article in &site.articles {
        assert!(text.contains(&without_whitespace(&article.front.title.value)));
    }
}

/// The bundled guide with a `base_url` and a history: its sheet prints its edition and a QR
/// code to the 更新履歴 page, and still fits one A4 page.
#[test]
fn the_sheet_with_a_base_url_prints_its_edition_and_still_fits_one_a4_page() {
    if !have_printing_tools(
        "cheat sheet edition",
        &["pdfinfo", "pdftotext", "pdftoppm", "zbarimg"],
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let copy = Command::new("cp")
        .args([
            "-r",
            repo().join("content").to_str().unwrap(),
            root.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(copy.success());
    let guide = content.join("guide.yaml");
    let yaml = std::fs::read_to_string(&guide).unwrap().replacen(
        "\nlang: ja\n",
        "\nbase_url: https://madoguchi.example.jp/rakuten/\nlang: ja\n",
        1,
    );
    assert!(yaml.contains("base_url:"));
    std::fs::write(&guide, yaml).unwrap();
    std::fs::write(
        content.join("changes.yaml"),
        "- date: 2026-12-01\n  note: 国民生活センターの受付時間を直しました\n  windows: [kokusen-lunch]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = madoguchi(&["build", "--pdf", "--out", out.to_str().unwrap()], &root);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let sheet = out.join("cheatsheet.pdf");
    let sheet_arg = sheet.to_str().unwrap();
    let info = tool("pdfinfo", &[sheet_arg]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );

    let text = without_whitespace(&tool("pdftotext", &[sheet_arg, "-"]));
    for words in [
        "この紙が最新か確かめる",
        "最終更新2026-12-01",
        "情報の確認日2026-11-27",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let png = tmp.path().join("sheet");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "200",
            "-singlefile",
            sheet_arg,
            png.to_str().unwrap(),
        ],
    );
    let decoded = tool(
        "zbarimg",
        &[
            "--raw",
            "-q",
            "-Sdisable",
            "-Sqrcode.enable",
            png.with_extension("png").to_str().unwrap(),
        ],
    );
    assert!(
        decoded
            .lines()
            .any(|l| l == "https://madoguchi.example.jp/rakuten/changes.html"),
        "{decoded}"
    );
}

#[test]
fn too_many_long_situations_fail_the_fit_check_saying_by_how_much() {
    if !have_printing_tools("overflowing cheat sheet", &[]) {
        return;
    }
    let root = repo().join("tests/fixtures/print-overflow");
    let run = madoguchi(&["check", "--print"], &root);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the cheat sheet does not fit on one A4 page: it overflows by "),
        "{stderr}"
    );
    let mm: f64 = stderr
        .split("overflows by ")
        .nth(1)
        .and_then(|rest| rest.split(" mm").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no overflow in mm: {stderr}"));
    assert!(mm > 100.0, "twelve long situations overflow a lot: {mm} mm");
    assert!(stderr.contains("sheet: [ids]"), "{stderr}");

    // `build --pdf` refuses too, and writes nothing.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = madoguchi(&["build", "--pdf", "--out", out.to_str().unwrap()], &root);
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("Nothing was written: the site and its PDFs are published together; `madoguchi build` without `--pdf` writes the site alone"),
        "{stderr}"
    );
}

#[test]
fn check_print_says_how_much_room_a_sheet_that_fits_has_left() {
    if !have_printing_tools("room left on the cheat sheet", &[]) {
        return;
    }
    let run = madoguchi(&["check", "--print"], &repo().join("tests/fixtures/good"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let note = stderr
        .lines()
        .find_map(|l| l.strip_prefix("note: the cheat sheet fits on one A4 page, with "))
        .unwrap_or_else(|| panic!("no room note: {stderr}"));
    let spare: f64 = note.split(" mm").next().unwrap().parse().unwrap();
    // Two short situations: well over half the page is left.
    assert!((100.0..277.0).contains(&spare), "{note}");
}

#[test]
fn a_cheat_sheet_on_other_paper_than_a4_is_refused() {
    if !have_printing_tools("cheat sheet on Letter", &[]) {
        return;
    }
    let root = repo().join("tests/fixtures/print-letter");
    let run = madoguchi(&["check", "--print"], &root);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = madoguchi(&["check", "--print", "--theme", "letter"], &root);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the cheat sheet printed on 216 × 279 mm paper, not A4"),
        "{stderr}"
    );
}

#[test]
fn without_chromium_printing_says_how_to_get_one() {
    let run = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args([
            "check",
            "--print",
            "--chromium",
            "/nonexistent/chromium",
            "--root",
        ])
        .arg(repo())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("failed to find Chromium (from --chromium) at `/nonexistent/chromium`"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");

    let run = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["build", "--pdf", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .env_remove("MADOGUCHI_CHROMIUM")
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("none was found on PATH"), "{stderr}");
    assert!(stderr.contains("MADOGUCHI_CHROMIUM"), "{stderr}");

    let run = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["check", "--print", "--root"])
        .arg(repo())
        .env("MADOGUCHI_CHROMIUM", "/nonexistent/chrome")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("(from MADOGUCHI_CHROMIUM)"), "{stderr}");
}

/// Chromium prints a sheet wider than the page shrunk onto one page: one page is no proof.
#[test]
fn a_cheat_sheet_wider_than_the_page_fails_at_the_text_that_does_not_wrap() {
    if !have_printing_tools("too wide cheat sheet", &[]) {
        return;
    }
    let root = repo().join("tests/fixtures/print-wide");
    let run = madoguchi(&["check", "--print"], &root);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the cheat sheet is too wide for an A4 page by "),
        "{stderr}"
    );
    assert!(stderr.contains("Chromium shrinks it to "), "{stderr}");
    // At the `how` with the long URL, line 21, where its unbroken run starts.
    assert!(stderr.contains("content/guide.yaml:21:10"), "{stderr}");
    assert!(stderr.contains("this does not wrap"), "{stderr}");
    assert!(!stderr.contains("fits on one A4 page"), "{stderr}");

    // A width in the theme's CSS is named as the element it widens.
    let run = madoguchi(&["check", "--print", "--theme", "wide"], &root);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("too wide for an A4 page by 64 mm"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`<main class=\"sheet\">` reaches 250 mm and a page holds 186 mm"),
        "{stderr}"
    );

    // `build --pdf` refuses as for a sheet that overflows, and writes nothing.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = madoguchi(&["build", "--pdf", "--out", out.to_str().unwrap()], &root);
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("too wide for an A4 page"), "{stderr}");
    assert!(stderr.contains("Nothing was written"), "{stderr}");
}

/// A theme that moves the sheet off the page's left edge printed `0999` for `03-3446-0999`
/// while `check --print` said it fit (break-it, this round).
#[test]
fn a_cheat_sheet_cut_off_at_the_left_edge_is_refused() {
    if !have_printing_tools("cheat sheet cut off at the left", &[]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    common::copy_dir(&repo().join("tests/fixtures/good"), &root);
    let css = root.join("themes/mine/static/cheatsheet.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    for rule in [
        ".sheet { margin-left: -30mm; }",
        "p, li { text-indent: -40mm; }",
    ] {
        std::fs::write(&css, rule).unwrap();
        let run = madoguchi(&["check", "--print", "--theme", "mine"], &root);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{rule}: {stderr}");
        assert!(
            stderr.contains("left of the page's edge: its first"),
            "{rule}: {stderr}"
        );
    }
    std::fs::write(&css, ".sheet h1 { letter-spacing: 0.02em; }").unwrap();
    let run = madoguchi(&["check", "--print", "--theme", "mine"], &root);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
