//! Publishing: the optional `base_url` → canonical links and `sitemap.xml`.

use url::Url;

use crate::diagnostic::Diagnostic;
use crate::model::{span_of, Guide};
use crate::output::OutputFile;

/// The guide's `base_url` as a folder URL (always ending in `/`), when it is usable.
pub fn base_url(guide: &Guide) -> Option<Url> {
    let text = guide.base_url.as_ref()?;
    parse_base_url(&text.value).ok()
}

fn parse_base_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text.trim()).map_err(|e| format!("not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!("`{}:` is not a web address", url.scheme()));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("a base URL has no `?query`, `#fragment` or `user@`".into());
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// A diagnostic when `base_url` is set but unusable.
pub fn check_base_url(guide: &Guide, guide_file: &std::path::Path) -> Option<Diagnostic> {
    let text = guide.base_url.as_ref()?;
    let why = parse_base_url(&text.value).err()?;
    Some(
        Diagnostic::error("`base_url` cannot be used")
            .at(guide_file, span_of(text, 0))
            .label(why)
            .help("write the public address of the site's folder, e.g. https://example.org/guide/"),
    )
}

/// The public address of the page at `path` (`cheatsheet/index.html` → `…/cheatsheet/`).
pub fn canonical_url(base: &Url, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    base.join(path)
        .map_or_else(|_| base.to_string(), String::from)
}

/// Where the sitemap is written.
pub const SITEMAP: &str = "sitemap.xml";

/// Where the crawlers' rules are written (they read it only at a host's root: a guide
/// published under a path needs the host's own).
pub const ROBOTS: &str = "robots.txt";

/// `robots.txt`: every page may be crawled (a guide is public advice), and where the sitemap
/// is when the guide has a public address (`base`).
pub fn robots(base: Option<&Url>) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        text.push_str(&format!("Sitemap: {}\n", canonical_url(base, SITEMAP)));
    }
    OutputFile {
        path: ROBOTS.into(),
        bytes: text.into_bytes(),
    }
}

/// `sitemap.xml` listing every page at its canonical address.
pub fn sitemap(base: &Url, page_paths: &[&str]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in page_paths {
        let mut escaped = Vec::new();
        // Writing into a Vec cannot fail; the escaping is the templates' own (XML-safe).
        let _ = tera::escape_html(&canonical_url(base, path), &mut escaped);
        xml.push_str("  <url><loc>");
        xml.push_str(&String::from_utf8_lossy(&escaped));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: SITEMAP.into(),
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_names_the_sitemap_only_at_a_public_address() {
        let without = robots(None);
        assert_eq!(without.bytes, b"User-agent: *\nAllow: /\n");
        let base = parse_base_url("https://example.org/guide").unwrap();
        let with = String::from_utf8(robots(Some(&base)).bytes).unwrap();
        assert!(
            with.ends_with("Sitemap: https://example.org/guide/sitemap.xml\n"),
            "{with}"
        );
    }

    #[test]
    fn base_urls_become_folders() {
        let base = parse_base_url("https://example.org/guide").unwrap();
        assert_eq!(base.as_str(), "https://example.org/guide/");
        assert_eq!(
            canonical_url(&base, "index.html"),
            "https://example.org/guide/"
        );
        assert_eq!(
            canonical_url(&base, "cheatsheet/index.html"),
            "https://example.org/guide/cheatsheet/"
        );
        assert_eq!(
            canonical_url(&base, "situations/a.html"),
            "https://example.org/guide/situations/a.html"
        );
    }

    #[test]
    fn unusable_base_urls_are_refused() {
        assert!(parse_base_url("example.org").is_err());
        assert!(parse_base_url("javascript:alert(1)").is_err());
        assert!(parse_base_url("https://example.org/?a=b").is_err());
    }

    #[test]
    fn sitemap_escapes_and_lists_pages() {
        let base = parse_base_url("https://example.org/a&b/").unwrap();
        let xml = String::from_utf8(sitemap(&base, &["index.html", "sources.html"]).bytes).unwrap();
        assert!(
            xml.contains("<loc>https://example.org/a&amp;b/</loc>"),
            "{xml}"
        );
        assert!(xml.contains("sources.html</loc>"), "{xml}");
    }
}
