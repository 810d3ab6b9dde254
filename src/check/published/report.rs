//! From text to reports: a piece of text normalised, searched, and each unvetted number in it
//! reported with the text around it and its place in the page.

use std::ops::Range;

use super::normalise::normalise_into;
use super::numbers::{find_numbers, Found, NumScratch};
use super::{Normalised, Place, PublishedNumber, VettedNumbers};

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

/// Reports the unvetted numbers of `text` that end at or after byte `own`, located through
/// `origin` (identity where `None`).
pub(super) fn report_numbers(
    text: &str,
    own: usize,
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
    normalise_into(text, chars, mapped, norm);
    found.clear();
    find_numbers(&norm.text, Some(vetted), numbers, found);
    // A number wholly in a window's context was the window before's to report.
    for f in found
        .iter()
        .filter(|f| !f.vetted && norm.origin[f.span.end - 1] >= own)
    {
        let at = norm.origin[f.span.start];
        out.push(PublishedNumber {
            canonical: f.canonical.clone(),
            shown: shown(&norm.text, &f.span),
            byte_offset: origin.map_or(at, |o| o[at]),
            place,
        });
    }
}
