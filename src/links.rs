//! Where each page lives in the output, and how links in Markdown and data are classified and resolved.

use crate::model::Site;

/// A page of the built site.
/// The page a static host serves for a missing path (its template has the same name).
pub const NOT_FOUND_PAGE: &str = "404.html";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page<'a> {
    Home,
    Sources,
    CheatSheet,
    Print,
    /// The 更新履歴 page: the history of the data, newest first.
    History,
    /// `search.html`: the search results (and, without script, the keyword index).
    Search,
    /// `sakuin.html`: the keyword index (索引), every window and situation in 五十音 order.
    Keywords,
    Situation(&'a str),
    Article(&'a str),
}

impl Page<'_> {
    /// Path of the page's file, relative to the output folder.
    pub fn output_path(&self) -> String {
        match self {
            Page::Home => "index.html".into(),
            Page::Sources => "sources.html".into(),
            Page::CheatSheet => "cheatsheet/index.html".into(),
            Page::Print => "print.html".into(),
            Page::History => "changes.html".into(),
            Page::Search => "search.html".into(),
            Page::Keywords => "sakuin.html".into(),
            Page::Situation(id) => format!("situations/{id}.html"),
            Page::Article(slug) => format!("articles/{slug}.html"),
        }
    }

    /// The situation whose page this is, if it is one.
    pub fn situation_id(&self) -> Option<&str> {
        match self {
            Page::Situation(id) => Some(id),
            _ => None,
        }
    }
}

/// Prefix that leads from the page at `from` back to the output root (`""`, `"../"`, …).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// What a link destination is, before it is resolved against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link<'a> {
    /// `@/…`: another page of this guide, with an optional `#fragment`.
    Internal {
        target: &'a str,
        fragment: Option<&'a str>,
    },
    /// `#fragment` within the same page.
    Fragment,
    /// `https:`, `http:`, `mailto:` or `tel:`.
    External { scheme: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// A scheme that could run code or is not a web link (`javascript:`, `data:`, …).
    ForbiddenScheme(String),
    /// A relative path such as `faq.md` or `/faq`: ambiguous once the site moves.
    Relative,
}

pub const ALLOWED_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// Classifies a link destination the way a browser would read it: ASCII whitespace and
/// control characters around or inside the scheme do not hide `javascript:`.
pub fn classify(dest: &str) -> Result<Link<'_>, LinkProblem> {
    let trimmed = dest.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    if let Some(rest) = trimmed.strip_prefix("@/") {
        let (target, fragment) = match rest.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (rest, None),
        };
        return Ok(Link::Internal { target, fragment });
    }
    if trimmed.starts_with('#') {
        return Ok(Link::Fragment);
    }
    match scheme_of(trimmed) {
        Some(scheme) if ALLOWED_SCHEMES.contains(&scheme.as_str()) => Ok(Link::External { scheme }),
        Some(scheme) => Err(LinkProblem::ForbiddenScheme(scheme)),
        None => Err(LinkProblem::Relative),
    }
}

/// The lower-cased scheme, ignoring tabs and newlines inside it as browsers do.
fn scheme_of(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let mut scheme = dest[..colon].to_ascii_lowercase();
    scheme.retain(|c| !matches!(c, '\t' | '\n' | '\r'));
    let looks_like_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    looks_like_scheme.then_some(scheme)
}

/// Resolves the target of an `@/` link to a page of the site.
///
/// `@/` is the home page, `@/sources`, `@/cheatsheet`, `@/changes`, `@/search`, `@/sakuin`, `@/situation/ID`, and `@/PATH.md` an
/// article (an article shown on a situation's page resolves to that page).
pub fn resolve<'s>(target: &str, site: &'s Site) -> Option<Page<'s>> {
    match target.trim_end_matches('/') {
        "" => Some(Page::Home),
        "sources" => Some(Page::Sources),
        "cheatsheet" => Some(Page::CheatSheet),
        "changes" => Some(Page::History),
        "search" => Some(Page::Search),
        "sakuin" => Some(Page::Keywords),
        other => {
            if let Some(id) = other.strip_prefix("situation/") {
                let situation = site.situation(id)?;
                return Some(Page::Situation(&situation.id.value));
            }
            let slug = other.strip_suffix(".md")?;
            let article = site.article(slug)?;
            Some(match site.situation_of(article) {
                Some(id) => Page::Situation(id),
                None => Page::Article(&article.slug),
            })
        }
    }
}

/// The page an article is shown on: its situation's, or its own.
pub fn page_of<'s>(site: &'s Site, article: &'s crate::model::Article) -> Page<'s> {
    match site.situation_of(article) {
        Some(id) => Page::Situation(id),
        None => Page::Article(&article.slug),
    }
}

/// How two paths of the output are compared: without case and without Unicode form, as the file
/// systems of macOS (which also decomposes names: `か` + U+3099 is `が`) and Windows, and hosts
/// served from them, compare names. Two paths with one key are one file there.
pub fn path_key(path: &str) -> String {
    // Nearly every path is ASCII, which has one form: the build keys every file it writes.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    // Final sigma: `ς` and `σ` are both `Σ` in upper case, which Windows compares.
    let lower = path.to_lowercase().replace('ς', "σ");
    unicode_normalization::UnicodeNormalization::nfc(&*lower).collect()
}

/// Whether two names that are not the same bytes are one name but for their Unicode form
/// (NFC, as typed, against NFD, as macOS writes file names): they look identical.
pub fn differ_in_form_only(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    a != b && a.nfc().eq(b.nfc())
}

/// The file an alias (an old path of a page, from the site's root) is written at:
/// `articles/old.html` as it is, `old/faq/` as `old/faq/index.html`, `old/faq` as
/// `old/faq.html`. Names may be in any script (`旧/よくある質問.html`), and an address copied
/// from a browser's address bar is percent-decoded first, as a static host decodes a request
/// (`%E6%97%A7/faq.html` is `旧/faq.html`), and composed (NFC). `None` for what is not a plain path of names:
/// `..`, an encoded `/`, `?`, `#`, `%` (after decoding), `\`, spaces, characters a file
/// system refuses (`:`, `*`, `|`, `"`, `<`, `>`) or an invisible one; and a file name with an
/// extension other than `.html` (`faq.php`, `faq.htm`, `sources.html.`).
pub fn alias_file(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(alias)
        .decode_utf8()
        .ok()?;
    // Composed (NFC), as addresses are typed and sent: a name copied from a macOS file name
    // is decomposed (`か` + U+3099), and a host compares bytes.
    let decoded: String = unicode_normalization::UnicodeNormalization::nfc(&*decoded).collect();
    let path = decoded.trim_start_matches('/');
    let (dir, folder) = match path.strip_suffix('/') {
        Some(dir) => (dir, true),
        None => (path, false),
    };
    let plain = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && part.chars().all(|c| {
                !c.is_whitespace()
                    && !crate::fold::is_invisible(c)
                    && !matches!(
                        c,
                        '?' | '#' | '%' | '\\' | ':' | '*' | '|' | '"' | '<' | '>'
                    )
            })
    };
    if !dir.split('/').all(plain) {
        return None;
    }
    // A page's file ends in `.html`: `faq.htm`, `faq.php` or `Index.HTML` would be written as
    // `faq.htm.html`, and the old address would still be missing.
    let name = dir.rsplit('/').next().unwrap_or(dir);
    if !folder && name.contains('.') && !name.ends_with(".html") {
        return None;
    }
    Some(match (folder, dir.ends_with(".html")) {
        (true, _) => format!("{dir}/index.html"),
        (false, true) => dir.to_owned(),
        (false, false) => format!("{dir}.html"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_with_another_extension_is_not_a_page_path() {
        for alias in [
            "faq.htm",
            "old/faq.php",
            "Index.HTML",
            "sources.html.",
            "a.html.bak",
        ] {
            assert_eq!(alias_file(alias), None, "{alias}");
        }
        assert_eq!(alias_file("v1.2/").as_deref(), Some("v1.2/index.html"));
        assert_eq!(alias_file("v1.2/faq").as_deref(), Some("v1.2/faq.html"));
    }

    #[test]
    fn an_alias_is_written_where_a_static_host_serves_its_path() {
        assert_eq!(
            alias_file("articles/old.html").as_deref(),
            Some("articles/old.html")
        );
        assert_eq!(
            alias_file("/old/faq/").as_deref(),
            Some("old/faq/index.html")
        );
        assert_eq!(alias_file("old/faq").as_deref(), Some("old/faq.html"));
        for bad in [
            "",
            "/",
            "../x",
            "a/../b",
            "a//b",
            "a?b",
            "a\\b",
            ".hidden",
            "a b",
            "%2e%2e/x",
            "a%2Fb",
            "a%25b",
            "a%ffb",
            "a%20b",
            "a:b",
            "旧\u{200b}/faq",
            "a\u{202e}b",
        ] {
            assert_eq!(alias_file(bad), None, "{bad}");
        }
        // Any script, and an address as a browser's address bar copies it.
        assert_eq!(
            alias_file("旧/よくある・質問.html").as_deref(),
            Some("旧/よくある・質問.html")
        );
        assert_eq!(
            alias_file("/%E6%97%A7/faq/").as_deref(),
            Some("旧/faq/index.html")
        );
        assert_eq!(
            alias_file("か\u{3099}いと\u{3099}").as_deref(),
            Some("がいど.html")
        );
    }

    #[test]
    fn paths_are_compared_without_case_or_unicode_form() {
        assert_eq!(path_key("articles/FAQ.HTML"), path_key("articles/faq.html"));
        assert_eq!(path_key("ボタン.png"), path_key("ホ\u{3099}タン.png"));
        assert_ne!(path_key("a.png"), path_key("b.png"));
        // ASCII takes the short way: lower case alone, as the long way gives it.
        assert_eq!(path_key("Articles/Page0001.HTML"), "articles/page0001.html");
        assert_eq!(path_key("ας.png"), path_key("ασ.png"));
        assert!(differ_in_form_only("ボタン.png", "ホ\u{3099}タン.png"));
        assert!(!differ_in_form_only("a.png", "A.png"));
        assert!(!differ_in_form_only("a.png", "a.png"));
    }

    #[test]
    fn scripts_are_refused_however_written() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
        ] {
            assert!(
                matches!(classify(dest), Err(LinkProblem::ForbiddenScheme(_))),
                "{dest:?}"
            );
        }
    }

    #[test]
    fn allowed_links_classify() {
        assert!(matches!(
            classify("https://rakuten.co.jp/"),
            Ok(Link::External { .. })
        ));
        assert!(matches!(classify("tel:188"), Ok(Link::External { .. })));
        assert_eq!(classify("#top"), Ok(Link::Fragment));
        assert_eq!(
            classify("@/faq.md#q1"),
            Ok(Link::Internal {
                target: "faq.md",
                fragment: Some("q1")
            })
        );
        assert_eq!(classify("faq.md"), Err(LinkProblem::Relative));
        assert_eq!(classify("/faq"), Err(LinkProblem::Relative));
    }

    #[test]
    fn root_prefix_climbs_out_of_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("situations/a.html"), "../");
        assert_eq!(root_prefix("articles/help/faq.html"), "../../");
    }
}
