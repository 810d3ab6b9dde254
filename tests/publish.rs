//! Publishing: `base_url` adds canonical links and `sitemap.xml`; every build has a `404.html`;
//! serve-only script never reaches build output.

mod common;

use common::copy_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn guide_with(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &tmp.path().join("content"));
    let guide = tmp.path().join("content/guide.yaml");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replacen("lang: ja\n", &format!("lang: ja\n{extra}"), 1),
    )
    .unwrap();
    tmp
}

fn build(root: &Path) -> (Output, PathBuf) {
    let out = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out, root.join("output"))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn base_url_adds_canonical_links_and_a_sitemap() {
    let guide = guide_with("base_url: https://example.org/guide\n");
    let (status, out) = build(guide.path());
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(read(out.join("index.html"))
        .contains(r#"<link rel="canonical" href="https://example.org/guide/">"#));
    assert!(read(out.join("situations/delivery.html")).contains(
        r#"<link rel="canonical" href="https://example.org/guide/situations/delivery.html">"#
    ));
    assert!(read(out.join("cheatsheet/index.html"))
        .contains(r#"<link rel="canonical" href="https://example.org/guide/cheatsheet/">"#));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.starts_with("<?xml"));
    assert!(sitemap.contains("<loc>https://example.org/guide/sources.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/guide/situations/card.html</loc>"));
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not a page to index"
    );
    // The 404 page is served at any depth: its links are absolute under base_url.
    assert!(read(out.join("404.html")).contains(r#"href="https://example.org/guide/style.css""#));
}

#[test]
fn without_base_url_there_is_no_sitemap_or_canonical_but_a_404() {
    let guide = guide_with("");
    let (status, out) = build(guide.path());
    assert!(status.status.success());
    assert!(!out.join("sitemap.xml").exists());
    assert!(!read(out.join("index.html")).contains("canonical"));
    let not_found = read(out.join("404.html"));
    assert!(not_found.contains("ページが見つかりません"));
    assert!(not_found.contains(r#"href="style.css""#));
    for page in ["index.html", "404.html", "situations/delivery.html"] {
        let html = read(out.join(page));
        assert!(
            !html.contains("__madoguchi") && !html.contains("EventSource"),
            "{page}: serve script leaked into build output"
        );
    }
}

#[test]
fn an_unusable_base_url_is_an_error_at_its_line() {
    let guide = guide_with("base_url: example.org/guide\n");
    let (status, _) = build(guide.path());
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `base_url` cannot be used"),
        "{stderr}"
    );
    // The guide lies outside the current folder: its path is printed as given (absolute).
    assert!(stderr.contains("/content/guide.yaml:5:11"), "{stderr}");
}

#[test]
fn the_sitemap_lists_pages_in_the_sites_order() {
    // The pages that list the whole guide render before the others (each alone, for memory),
    // yet the sitemap keeps the site's order: home, situations, articles, then the rest.
    let guide = guide_with("base_url: https://example.org/guide\n");
    let (status, out) = build(guide.path());
    assert!(status.status.success());
    let sitemap = read(out.join("sitemap.xml"));
    let order = [
        "", // the home page
        "situations/",
        "articles/",
        "sources.html",
        "cheatsheet/",
        "changes.html",
        "search.html",
        "sakuin.html",
        "print.html",
    ];
    let ranks: Vec<usize> = sitemap
        .split("<loc>https://example.org/guide/")
        .skip(1)
        .map(|entry| entry.split('<').next().unwrap_or_default())
        .map(|page| {
            let rank = order.iter().rposition(|p| page.starts_with(p));
            rank.unwrap_or_else(|| panic!("{page} in {sitemap}"))
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{sitemap}");
    assert_eq!(ranks.first(), Some(&0), "{sitemap}");
    for rank in [1, 2, 3, 4, 6, 7, 8] {
        assert!(ranks.contains(&rank), "no {:?} in {sitemap}", order[rank]);
    }
}
