//! The Content-Security-Policy: every page carries it, and the site needs nothing it forbids
//! (no script, no inline style, nothing loaded from elsewhere). Checked on the built bundled
//! guide by reading the HTML, and in Chromium by watching for CSP violations.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{html_files, live_markup};
use html5gum::{Token, Tokenizer};

const POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";
/// `search.html` alone runs scripts: its own files, `search-tokens.js` and `search.js`, and the
/// index files they add.
const SEARCH_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";

/// The bundled guide, built into a temp folder.
fn bundled_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (built, _, text) = common::run_pipeline(&root, Some(&out));
    assert!(built, "{text}");
    (tmp, out)
}

/// Resource loads of a page (stylesheets, images, scripts, media): (tag, attribute, URL).
fn loads(html: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).into_owned();
            let loads_it = match name.as_str() {
                "link" => attr == "href",
                "a" => false,
                _ => matches!(attr.as_str(), "src" | "srcset" | "poster" | "data"),
            };
            if loads_it {
                found.push((
                    name.clone(),
                    attr,
                    String::from_utf8_lossy(&value.value).into(),
                ));
            }
        }
    }
    found
}

/// The policy of the page's CSP meta tag, and whether it came before every resource load.
fn csp_of(html: &str) -> Option<(String, bool)> {
    let mut seen_load = false;
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let attr = |n: &str| {
            tag.attributes
                .get(n.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        if name == "meta" && attr("http-equiv").as_deref() == Some("Content-Security-Policy") {
            return attr("content").map(|c| (c, !seen_load));
        }
        if name == "link" || name == "img" || name == "script" {
            seen_load = true;
        }
    }
    None
}

#[test]
fn every_page_carries_the_policy_before_any_load() {
    let (_tmp, out) = bundled_site();
    let pages = html_files(&out);
    assert!(pages.len() > 5);
    for (file, html) in &pages {
        let (policy, first) = csp_of(html).unwrap_or_else(|| panic!("{file} has no CSP"));
        let expected = if file == "search.html" {
            SEARCH_POLICY
        } else {
            POLICY
        };
        assert_eq!(policy, expected, "{file}");
        assert!(first, "{file}: the CSP must come before the stylesheet");
    }
}

#[test]
fn the_site_needs_nothing_the_policy_forbids() {
    let (_tmp, out) = bundled_site();
    for (file, html) in html_files(&out) {
        let live = live_markup(&html);
        assert!(live.is_empty(), "{file}: {live:?}");
        for (tag, attr, url) in loads(&html) {
            let external = url.contains(':') || url.starts_with("//") || url.starts_with('/');
            assert!(
                !external,
                "{file}: <{tag} {attr}={url}> loads from elsewhere"
            );
            let target = out.join(Path::new(&file).parent().unwrap()).join(&url);
            assert!(target.is_file(), "{file}: <{tag} {attr}={url}> is missing");
        }
    }
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "css") {
            let css = fs::read_to_string(&path).unwrap().to_ascii_lowercase();
            assert!(!css.contains("@import"), "{}", path.display());
            for (i, _) in css.match_indices("url(") {
                let arg = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
                assert!(
                    !arg.contains("://") && !arg.starts_with("//") && !arg.starts_with("data:"),
                    "{}: external url() in CSS",
                    path.display()
                );
            }
        }
    }
}

fn chromium() -> Option<String> {
    let candidates = [
        std::env::var("MADOGUCHI_CHROMIUM").unwrap_or_default(),
        "/usr/bin/chromium".into(),
        "chromium".into(),
        "chromium-browser".into(),
    ];
    candidates.into_iter().filter(|c| !c.is_empty()).find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Chromium's console lines about CSP while loading `page` from disk.
fn csp_violations(browser: &str, page: &Path) -> Vec<String> {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains("Content Security Policy"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn chromium_reports_no_policy_violation_on_any_page() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no chromium in CI: install it (.ci/run)"
        );
        eprintln!("SKIPPED: no chromium");
        return;
    };
    let (_tmp, out) = bundled_site();
    // A control page whose policy forbids its stylesheet: proves violations do get reported.
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let control = out.join("control.html");
    fs::write(
        &control,
        index.replace("style-src 'self'", "style-src 'none'"),
    )
    .unwrap();
    assert!(
        !csp_violations(&browser, &control).is_empty(),
        "the control page's violation was not reported: this test cannot see violations"
    );
    fs::remove_file(&control).unwrap();
    for (file, _) in html_files(&out) {
        let violations = csp_violations(&browser, &out.join(&file));
        assert!(violations.is_empty(), "{file}: {violations:#?}");
    }
}
