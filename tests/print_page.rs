//! The print page and the cheat sheet's HTML, checked without a browser: `print.html` holds
//! every article once and links only within itself; QR codes are inline SVG.

use std::path::{Path, PathBuf};
use std::process::Command;

use madoguchi::load::load_site;
use madoguchi::model::Site;
use madoguchi::report::Report;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled_site() -> Site {
    let mut report = Report::default();
    load_site(&repo(), &mut report).expect("the bundled guide loads")
}

/// Builds the bundled guide into a temporary folder and returns (folder guard, output dir).
fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The values of every `attr="…"` in the tags named `tag`.
fn attr_values(html: &str, tag: &str, attr: &str) -> Vec<String> {
    let open = format!("<{tag} ");
    let key = format!("{attr}=\"");
    html.split(&open)
        .skip(1)
        .filter_map(|rest| {
            let tag_text = &rest[..rest.find('>')?];
            let start = tag_text.find(&key)? + key.len();
            let len = tag_text[start..].find('"')?;
            Some(tag_text[start..start + len].to_owned())
        })
        .collect()
}

#[test]
fn print_page_holds_every_article_exactly_once() {
    let site = bundled_site();
    let (_tmp, out) = build_bundled();
    let html = read(&out.join("print.html"));
    assert!(!site.articles.is_empty());
    for article in &site.articles {
        let id = format!("id=\"article-{}\"", article.slug);
        assert_eq!(html.matches(&id).count(), 1, "{id}");
        // The section opens with the article's title as its heading.
        let section = &html[html.find(&id).unwrap()..];
        let heading = &section[section.find("<h").unwrap()..];
        let title = &article.front.title.value;
        assert!(
            heading[..heading.find("</h").unwrap()].ends_with(&format!(">{title}")),
            "`{title}` heads its section"
        );
    }
    for situation in &site.guide.situations {
        let id = format!("id=\"situation-{}\"", situation.id.value);
        assert_eq!(html.matches(&id).count(), 1, "{id}");
    }
}

#[test]
fn print_page_links_only_within_itself_and_never_opens_a_print_dialog() {
    let (_tmp, out) = build_bundled();
    let html = read(&out.join("print.html"));
    let hrefs = attr_values(&html, "a", "href");
    assert!(hrefs.iter().any(|h| h.starts_with('#')));
    // The bundled articles link between pages with `@/`: on the print page those are anchors.
    let ids = attr_values(&html.replace("<section", "<x"), "x", "id");
    for href in &hrefs {
        if let Some(fragment) = href.strip_prefix('#') {
            assert!(
                html.contains(&format!("id=\"{fragment}\"")),
                "dangling anchor {href} (ids: {ids:?})"
            );
        } else {
            assert!(
                ["https:", "http:", "mailto:", "tel:"]
                    .iter()
                    .any(|s| href.starts_with(s)),
                "link to another page of the site: {href}"
            );
        }
    }
    assert!(!html.contains("<script"), "no script, so no print dialog");
}

#[test]
fn cheat_sheet_carries_one_inline_qr_code_per_first_window() {
    let site = bundled_site();
    let (_tmp, out) = build_bundled();
    let html = read(&out.join("cheatsheet/index.html"));
    // A QR code opens a window's `url`; a window reached by what the reader holds has none.
    let with_url =
        |id: &madoguchi::model::Text| site.guide.channel(&id.value).unwrap().url.is_some();
    let firsts: usize = (site.guide.situations.iter())
        .map(|s| s.first.iter().filter(|id| with_url(id)).count())
        .sum();
    assert_eq!(html.matches("<svg class=\"qr-code\"").count(), firsts);
    assert!(!html.contains("<img"), "no external image files");
    for s in &site.guide.situations {
        for id in &s.first {
            let c = site.guide.channel(&id.value).unwrap();
            let Some(url) = c.url.as_ref().map(|u| &u.value) else {
                assert!(c.on_hand.is_some(), "{}: no way in", c.id.value);
                continue;
            };
            assert!(
                html.contains(&format!("<figcaption>{url}</figcaption>")),
                "{url}"
            );
        }
    }
}
