//! The Atom feed of the history, `changes.atom` (RFC 4287). Atom needs absolute IRIs (a
//! feed's and each entry's `id`, and links a reader follows out of the feed), so the feed is
//! written only when the guide sets `base_url`.

use url::Url;

use crate::output::publish::canonical_url;
use crate::output::OutputFile;

/// Where the feed is written.
pub const FEED: &str = "changes.atom";

/// What the feed says of itself.
pub struct FeedHead<'a> {
    /// `更新履歴 | GUIDE TITLE`.
    pub title: &'a str,
    /// The guide's title: Atom needs an author, and the guide speaks for itself.
    pub author: &'a str,
    pub lang: &'a str,
}

/// One entry of the feed.
pub struct FeedEntry {
    /// Its place on the 更新履歴 page, from the site's root (`changes.html#change-2026-12-03-1`):
    /// its link, and with `base_url` its id (stable: the date and its place that day).
    pub href: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    /// The windows and situations it concerns, by name.
    pub summary: String,
}

/// The feed: entries newest first, each dated at midnight UTC of its day (Atom needs a
/// date-time; the history knows days).
pub fn atom(base: &Url, head: &FeedHead, entries: &[FeedEntry]) -> OutputFile {
    let at = |path: &str| escaped(&canonical_url(base, path));
    let history = at("changes.html");
    let updated = entries
        .iter()
        .map(|e| e.date.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{history}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{history}\"/>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escaped(head.lang),
        escaped(head.title),
        at(FEED),
        escaped(updated),
        escaped(head.author),
    );
    for entry in entries {
        let href = at(&entry.href);
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{href}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escaped(&entry.title),
            escaped(&entry.date),
            escaped(&entry.summary),
        ));
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: FEED.into(),
        bytes: xml.into_bytes(),
    }
}

/// Text and attribute values escaped for XML with the templates' own escaper (as the sitemap
/// is), and characters XML 1.0 cannot hold at all (controls but tab and line breaks, U+FFFE,
/// U+FFFF) left out.
fn escaped(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .filter(|&c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect();
    let mut out = Vec::with_capacity(clean.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(&clean, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
