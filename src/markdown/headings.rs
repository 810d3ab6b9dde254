//! Heading ids: every heading of a body gets a stable `id`, the slug of its text (as Zola
//! writes them), so `@/page.md#anchor` can lead to it and be checked against it.
//!
//! Slugs keep letters and digits of every script, lower-cased after NFKC (`## 窓口の一覧` →
//! `窓口の一覧`, `## ＦＡＱ 2` → `faq-2`): an id is any text without spaces in HTML5, browsers
//! match a percent-encoded fragment against it, and an editor can write the anchor the way the
//! heading reads. Transliterating to ASCII (Zola's default) turns Japanese into Chinese readings
//! nobody can guess, and a numbered `h-3` changes whenever a heading is added above it. Only a
//! heading with no letter or digit at all (`## ※`) is numbered: `h-N`, N its place among the
//! headings.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use super::references::Piece;

/// The ids the built-in pages give their own parts beside an article's body: a heading's slug
/// never takes one (it gets `-1`), so a page never has an id twice. `window-…` is each window's
/// details on a situation page.
pub const TAKEN_BY_PAGES: [&str; 9] = [
    "main",
    "site-search-q",
    "top",
    "article-heading",
    "steps-heading",
    "first-heading",
    "also-heading",
    "avoid-heading",
    "map",
];

/// The headings of a body: each one's id, and where each `#` (level 1) heading is written.
#[derive(Debug, Default)]
pub struct Headings {
    /// Every heading's id, in order.
    pub ids: Vec<String>,
    /// The body range of each level-1 heading.
    pub top_level: Vec<Range<usize>>,
    /// Each id written as `{#id}`, with the body range of its heading.
    pub explicit: Vec<(String, Range<usize>)>,
}

/// Gives every heading of `pieces` an id (an explicit `{#id}` is kept), and lists them.
pub fn assign_ids(pieces: &mut [(Piece<'_>, Range<usize>)]) -> Headings {
    let mut headings = Headings::default();
    let mut taken: HashSet<String> = TAKEN_BY_PAGES.iter().map(|s| s.to_string()).collect();
    // Explicit ids first: a generated one gives way to them wherever they stand.
    for (piece, _) in pieces.iter() {
        if let Piece::Event(Event::Start(Tag::Heading { id: Some(id), .. })) = piece {
            taken.insert(id.to_string());
        }
    }
    let mut at = 0;
    while at < pieces.len() {
        let (Piece::Event(Event::Start(Tag::Heading { level, id, .. })), span) = &pieces[at] else {
            at += 1;
            continue;
        };
        if *level == HeadingLevel::H1 {
            headings.top_level.push(span.clone());
        }
        let (text, end) = heading_text(pieces, at);
        let id = match id {
            Some(id) => {
                headings.explicit.push((id.to_string(), span.clone()));
                id.to_string()
            }
            None => {
                let mut slug = slug(&text);
                if slug.is_empty() {
                    slug = format!("h-{}", headings.ids.len() + 1);
                }
                let id = unique(slug, &mut taken);
                if let (Piece::Event(Event::Start(Tag::Heading { id: slot, .. })), _) =
                    &mut pieces[at]
                {
                    *slot = Some(CowStr::from(id.clone()));
                }
                id
            }
        };
        headings.ids.push(id);
        at = end;
    }
    headings
}

/// The text of the heading starting at `start`, and the index after its end.
fn heading_text(pieces: &[(Piece<'_>, Range<usize>)], start: usize) -> (String, usize) {
    let mut text = String::new();
    for (i, (piece, _)) in pieces.iter().enumerate().skip(start + 1) {
        match piece {
            Piece::Event(Event::End(TagEnd::Heading(_))) => return (text, i + 1),
            Piece::Event(Event::Text(s) | Event::Code(s)) => text.push_str(s),
            // A reference writes data that may change: it is not part of the id.
            _ => text.push(' '),
        }
    }
    (text, pieces.len())
}

/// `slug`, or `slug-1`, `slug-2`, … : the first not taken yet (then taken). A window's
/// details take `window-ID`, so a heading never does (`h-window-…`).
fn unique(slug: String, taken: &mut HashSet<String>) -> String {
    let base = match slug.starts_with("window-") {
        true => format!("h-{slug}"),
        false => slug,
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// A heading's text as an id: NFKC, lower case, letters and digits of any script kept, `-`
/// and `_` kept, invisible characters dropped, anything else a single `-`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if crate::fold::is_invisible(c) {
            continue;
        }
        if c.is_alphanumeric() || c == '_' || is_mark(c) {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(c);
        } else {
            gap = true;
        }
    }
    slug
}

/// Whether `text` shows nothing: only spaces and invisible characters (a zero-width space, a
/// soft hyphen), however long.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || crate::fold::is_invisible(c))
}

/// Combining marks, part of the letter before them (NFKC composes most, not all).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{3099}'..='\u{309a}' | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(body: &str) -> Vec<String> {
        super::super::parse(body).headings().ids.clone()
    }

    #[test]
    fn slugs_keep_every_script_and_fold_width_and_case() {
        assert_eq!(slug("窓口の一覧"), "窓口の一覧");
        assert_eq!(slug("ＦＡＱ　２"), "faq-2");
        assert_eq!(slug("What to do?"), "what-to-do");
        assert_eq!(slug("「届かない」とき（返品）"), "届かない-とき-返品");
        assert_eq!(slug("通知・連絡"), "通知-連絡");
        assert_eq!(slug("カード\u{200b}の番号"), "カードの番号");
        assert_eq!(slug("snake_case -- x"), "snake_case-x");
        assert_eq!(slug("※ ★"), "");
    }

    #[test]
    fn ids_are_unique_and_give_way_to_the_pages_own() {
        assert_eq!(
            ids("## 手順\n\n## 手順\n\n## Main\n\n## ※\n\n# x {#手順-2}\n\n## Window shop\n"),
            ["手順", "手順-1", "main-1", "h-4", "手順-2", "h-window-shop"]
                .map(String::from)
                .to_vec()
        );
        // Inline marks and code are part of the text; references are not.
        assert_eq!(ids("## **重要** な `188`\n"), ["重要-な-188"]);
    }
}
