//! Rule 10: how articles name the data. Every reference (`{{ window(id="…") }}`) resolves, and
//! a window's exact name written as plain prose is a warning, so that renaming a window in
//! `guide.yaml` reaches every page that names it.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::Diagnostic;
use crate::diagnostic::suggestion;
use crate::markdown::references::{Field, Reference, Unresolved, NOT_LINK_TEXT, SHORTCODES};
use crate::markdown::{Parsed, VisibleText};
use crate::model::{Article, Channel, Site};

/// The windows' names, to find in prose all at once (a guide may have thousands of windows).
pub struct WindowNames<'s> {
    /// Every name, found anchored at a place where one may start.
    names: Option<AhoCorasick>,
    /// The beginnings of the names, as long as they stay few (thousands of names share them):
    /// found with SIMD, so that the names are tried only where one of them stands.
    starts: Option<AhoCorasick>,
    /// The window each pattern of `names` is the name of.
    windows: Vec<&'s Channel>,
    /// Owners' names that hold a window's name (`楽天カード株式会社` holds `楽天カード`): the
    /// window's name inside one of them names the company, not the window.
    owners: Vec<&'s str>,
}

impl<'s> WindowNames<'s> {
    pub fn new(site: &'s Site) -> Self {
        let windows: Vec<&Channel> = (site.guide.channels.iter())
            .filter(|c| !c.name.value.trim().is_empty())
            .collect();
        let names = windows.iter().map(|c| c.name.value.as_str());
        // The longest name wins where names overlap (`楽天カード` inside `楽天カード会員窓口`).
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(names.clone())
            .ok();
        // As long as they stay few (past 16, the SIMD search slows down): the longer, the
        // fewer places to try the names at.
        let starts_of = |chars: usize| {
            let mut starts: Vec<&str> = (names.clone())
                .map(|name| {
                    &name[..name
                        .char_indices()
                        .nth(chars)
                        .map_or(name.len(), |(i, _)| i)]
                })
                .collect();
            starts.sort_unstable();
            starts.dedup();
            starts
        };
        let mut starts = starts_of(1);
        for chars in 2..=16 {
            let longer = starts_of(chars);
            if longer.len() > 16.max(starts.len()) {
                break;
            }
            starts = longer;
        }
        // NFAs (here and above): searched behind a prefilter, or anchored where it found
        // something, a DFA would be no faster, and is slower to build.
        let starts = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(starts)
            .ok();
        let mut owners: Vec<&str> = (site.guide.channels.iter())
            .map(|c| c.owner.value.as_str())
            .filter(|owner| (windows.iter()).any(|w| owner.contains(w.name.value.as_str())))
            .filter(|owner| !windows.iter().any(|w| w.name.value == *owner))
            .collect();
        owners.sort_unstable();
        owners.dedup();
        WindowNames {
            names: finder,
            starts,
            windows,
            owners,
        }
    }

    /// Every window name in `text`, leftmost first, the longest where several start at once.
    fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, Range<usize>)> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (names, starts) = (self.names.as_ref()?, self.starts.as_ref()?);
            while let Some(start) = starts.find(Input::new(text).range(from..)) {
                let at = start.start();
                let anchored = Input::new(text).range(at..).anchored(Anchored::Yes);
                if let Some(found) = names.find(anchored) {
                    from = found.end();
                    return Some((found.pattern().as_usize(), found.range()));
                }
                from = at + text[at..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// Each window name in `text`, with the window it names, leftmost first.
    pub fn windows_in<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (&'s Channel, Range<usize>)> + 't {
        self.find(text)
            .map(|(pattern, range)| (self.windows[pattern], range))
    }

    /// A warning for each window name in an article's prose. Most articles name no window
    /// anywhere: their prose is only read when their visible text holds a name.
    pub fn in_prose(
        &self,
        article: &Article,
        parsed: &Parsed,
        visible: &VisibleText,
    ) -> Vec<Diagnostic> {
        // A name a reference prints is no plain name.
        let typed = |(_, range): &(usize, Range<usize>)| !visible.printed_by_a_reference(range);
        if !self.find(&visible.text).any(|found| typed(&found)) {
            return Vec::new();
        }
        let prose = parsed.prose();
        let in_an_owner = |range: &Range<usize>| {
            (self.owners.iter()).any(|owner| {
                (prose.text.match_indices(owner))
                    .any(|(at, _)| at <= range.start && range.end <= at + owner.len())
            })
        };
        self.find(&prose.text)
            .filter(|(_, range)| !in_an_owner(range))
            .map(|(pattern, range)| {
                let window = self.windows[pattern];
                let id = &window.id.value;
                let span = prose.source_span(range);
                Diagnostic::warning(format!(
                    "`{}` is the name of window `{id}`, written as plain text: write it as a reference so a rename reaches it",
                    window.name.value
                ))
                .at(&*article.file, shifted(article, span))
                .label("a window's name")
                .help(format!(
                    "write {{{{ window(id=\"{id}\") }}}}: it prints the window's current name, linked to its details"
                ))
            })
            .collect()
    }
}

/// An error for each reference in an article that does not resolve.
pub fn unresolved(site: &Site, article: &Article, references: &[Reference]) -> Vec<Diagnostic> {
    references
        .iter()
        .filter_map(|r| r.resolve(site).err().map(|why| problem(site, article, why)))
        .collect()
}

fn problem(site: &Site, article: &Article, why: Unresolved) -> Diagnostic {
    let window_ids = || site.guide.channels.iter().map(|c| c.id.value.as_str());
    let situation_ids = || site.guide.situations.iter().map(|s| s.id.value.as_str());
    let at = |message: String, span: Range<usize>| {
        Diagnostic::error(message).at(&*article.file, shifted(article, span))
    };
    match why {
        Unresolved::Malformed(m) if m.expected == NOT_LINK_TEXT => at(
            "a reference in the text of a link that leads out of this guide".into(),
            m.span.clone(),
        )
        .label("this link's text")
        .help(format!("write {NOT_LINK_TEXT}")),
        Unresolved::Malformed(m) => at(
            format!("this reference cannot be read: expected {}", m.expected),
            m.span.clone(),
        )
        .label("expected here")
        .help("write a reference as {{ window(id=\"shop-message\") }}, {{ window(id=\"shop-message\", field=\"url\") }} or {{ situation(id=\"delivery\") }}; to show one as it is, put it in `code`"),
        Unresolved::UnknownShortcode(name) => at(
            format!("no shortcode `{}`", name.text),
            name.span.clone(),
        )
        .label("unknown shortcode")
        .help(format!(
            "{} (shortcodes: {})",
            suggestion(&name.text, SHORTCODES.into_iter()),
            SHORTCODES.join(", ")
        )),
        Unresolved::UnknownArgument { shortcode, key } => {
            let takes = if shortcode == "window" {
                "`id` and `field`"
            } else {
                "`id`"
            };
            at(
                format!("`{shortcode}` takes no argument `{}`", key.text),
                key.span.clone(),
            )
            .label("unknown argument")
            .help(match shortcode == "window" {
                true => format!(
                    "{} (`{shortcode}` takes {takes})",
                    suggestion(&key.text, ["id", "field"].into_iter())
                ),
                // Only `id` is left to suggest, whatever was written (`field` too).
                false => format!("`{shortcode}` takes {takes} alone"),
            })
        }
        Unresolved::RepeatedArgument(key) => at(
            format!("argument `{}` is given twice", key.text),
            key.span.clone(),
        )
        .label("given again")
        .help("give it once"),
        Unresolved::MissingId(name) => at(
            format!("`{}` needs an `id`", name.text),
            name.span.clone(),
        )
        .label("no id")
        .help(format!("write {}(id=\"…\") with the id from guide.yaml", name.text)),
        Unresolved::UnknownWindow(id) => at(format!("no window with id `{}`", id.text), id.span.clone())
            .label("unknown window")
            .help(suggestion(&id.text, window_ids())),
        Unresolved::UnknownSituation(id) => at(
            format!("no situation with id `{}`", id.text),
            id.span.clone(),
        )
        .label("unknown situation")
        .help(suggestion(&id.text, situation_ids())),
        Unresolved::UnknownField(field) => {
            let fields = || Field::ALL.into_iter().map(Field::as_str);
            at(
                format!("a window has no field `{}`", field.text),
                field.span.clone(),
            )
            .label("unknown field")
            .help(format!(
                "{} (fields: {})",
                suggestion(&field.text, fields()),
                fields().collect::<Vec<_>>().join(", ")
            ))
        }
        Unresolved::MissingField { channel, field } => {
            let has: Vec<&str> = site
                .channel(&channel)
                .map(|c| {
                    (Field::ALL.into_iter())
                        .filter(|f| f.of(c).is_some())
                        .map(Field::as_str)
                        .collect()
                })
                .unwrap_or_default();
            at(
                format!("window `{channel}` has no `{}`", field.text),
                field.span.clone(),
            )
            .label("not in guide.yaml")
            .help(format!(
                "add `{}:` to the window in guide.yaml, or write one of its fields: {}",
                field.text,
                has.join(", ")
            ))
        }
    }
}

/// A span in an article's body as a span in its file.
pub(super) fn shifted(article: &Article, span: Range<usize>) -> Range<usize> {
    let start = article.body_base + span.start;
    let end = article.body_base + span.end;
    start..end.max(start + 1)
}
