//! From text to reports: a piece of text normalised, searched, and each unvetted number in it
//! reported with the text around it and its place in the page.

use std::ops::Range;

use super::kinds::direction;
use super::normalise::{normalise_into, normalise_reading};
use super::numbers::{find_numbers, Found, NumScratch};
use super::{Normalised, Place, PublishedNumber, VettedNumbers, Why};

pub(super) fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// About 14 characters each side of `span` in `text`.
fn shown(text: &str, span: &Range<usize>) -> String {
    let start = text[..span.start]
        .char_indices()
        .rev()
        .take(14)
        .last()
        .map_or(span.start, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .nth(14)
        .map_or(text.len(), |(i, _)| span.end + i);
    text[start..end].trim().to_string()
}

#[derive(Default)]
pub(super) struct Scratch {
    chars: Vec<(char, usize)>,
    mapped: Vec<char>,
    norm: Normalised,
    numbers: NumScratch,
    found: Vec<Found>,
}

/// Which numbers of a text are its own to report: those that end at or after byte `own`, and
/// those that start at or after `context_from` (numbers in a window's context that no window
/// searched, read from a character that ends a stretch).
#[derive(Debug, Clone, Copy)]
pub(super) struct Own {
    pub(super) own: usize,
    pub(super) context_from: usize,
}

impl From<usize> for Own {
    fn from(own: usize) -> Self {
        Own {
            own,
            context_from: usize::MAX,
        }
    }
}

/// Reports the unvetted numbers of `text` that are its own ([`Own`]), located through
/// `origin` (identity where `None`).
pub(super) fn report_numbers(
    text: &str,
    own: impl Into<Own>,
    origin: Option<&[usize]>,
    place: Place,
    vetted: &VettedNumbers,
    scratch: &mut Scratch,
    out: &mut Vec<PublishedNumber>,
) {
    let Scratch {
        chars,
        mapped,
        norm,
        numbers,
        found,
    } = scratch;
    let Own { own, context_from } = own.into();
    normalise_into(text, chars, mapped, norm);
    report_direction(text, own, origin, place, &norm.text, out);
    // A `|` separates groups (`0120|444|4444`) or looks like a 1 (`0|20-444-4444`): both
    // readings are searched.
    let readings = if norm.text.contains('|') { 2 } else { 1 };
    // Where the first reading found numbers (vetted or not), in `text`: the second reads only
    // what the first did not (`03|3446|0999` is not also `031344610999`).
    let mut first: Vec<(usize, usize)> = Vec::new();
    for reading in 0..readings {
        if reading == 1 {
            first.extend(
                found
                    .iter()
                    .map(|f| (norm.origin[f.span.start], norm.origin[f.span.end - 1])),
            );
            normalise_reading(text, chars, mapped, norm, true);
        }
        found.clear();
        find_numbers(&norm.text, Some(vetted), numbers, found);
        let new = |f: &Found| {
            let (start, end) = (norm.origin[f.span.start], norm.origin[f.span.end - 1]);
            !first.iter().any(|&(s, e)| s <= end && start <= e)
        };
        // A number wholly in a window's context was the window before's to report, unless no
        // window searched it.
        let own_number = |f: &Found| {
            norm.origin[f.span.end - 1] >= own || norm.origin[f.span.start] >= context_from
        };
        for f in found
            .iter()
            .filter(|f| !f.vetted && own_number(f) && new(f))
        {
            let at = norm.origin[f.span.start];
            out.push(PublishedNumber {
                canonical: f.canonical.clone(),
                shown: shown(&norm.text, &f.span),
                byte_offset: origin.map_or(at, |o| o[at]),
                place,
                why: Why::Unvetted,
            });
        }
    }
}

/// Digits in text with a bidi control, or with right-to-left letters, from byte `own` on: a
/// reader may see them in another order than they are written (U+202E `4444-444-0210` U+202C shows
/// as 0120-444-4444), so they are reported whatever they are, rather than the bidi algorithm
/// emulated. A control with no digits near it is reported too: it reorders the rest of its
/// paragraph.
fn report_direction(
    text: &str,
    own: usize,
    origin: Option<&[usize]>,
    place: Place,
    normalised: &str,
    out: &mut Vec<PublishedNumber>,
) {
    let mut controls = text.char_indices().filter(|&(_, c)| direction(c).is_some());
    let Some((first, _)) = controls.next() else {
        return;
    };
    let digits: String = normalised.chars().filter(char::is_ascii_digit).collect();
    let control = text.chars().any(|c| direction(c) == Some(true));
    if (!control && digits.is_empty()) || own >= text.len() {
        return;
    }
    let at = first.max(own);
    let first_digit = normalised.find(|c: char| c.is_ascii_digit());
    let last_digit = normalised.rfind(|c: char| c.is_ascii_digit());
    let shown_text = match (first_digit, last_digit) {
        (Some(a), Some(z)) => shown(normalised, &(a..z + 1)),
        _ => shorten(normalised.trim()),
    };
    out.push(PublishedNumber {
        canonical: digits,
        shown: shown_text,
        byte_offset: origin.map_or(at, |o| o[at]),
        place,
        why: Why::Direction,
    });
}
