//! Where a number or an address found on a page was written: the source file read in the
//! reader's form (so a look-alike or an escape still matches), and the diagnostic of a source
//! check that already names it.

use std::ops::Range;
use std::path::Path;

use super::super::published::{dialable_numbers, normalise};
use crate::diagnostic::Diagnostic;

/// Where in `text` (a raw source file) the address is written, read as a reader would read it.
pub(super) fn address_written_at(text: &str, address: &str) -> Option<Range<usize>> {
    let reader = normalise(text);
    let (_, span) = crate::email::addresses_in(&reader.text)
        .into_iter()
        .find(|(found, _)| found == address)?;
    let start = *reader.origin.get(span.start)?;
    let last = *reader.origin.get(span.end.checked_sub(1)?)?;
    let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
    Some(start..end)
}

/// Where in `text` (a raw source file) the number `canonical` is written, read as a reader
/// would read it.
pub(super) fn written_at(text: &str, canonical: &str) -> Option<Range<usize>> {
    let (start, last) = found_in(text, canonical, None).or_else(|| {
        // Raw HTML may split it (`0120<!-- x -->-444-4444`, `01<b>20</b>`): the text with
        // comments and tags left out, each character still pointing into the file.
        let (shown, origin) = without_markup(text);
        found_in(&shown, canonical, Some(&origin))
    })?;
    let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
    Some(start..end)
}

/// Where `canonical` starts and its last character is in `text` (through `origin`, into the
/// file `text` was made from).
fn found_in(text: &str, canonical: &str, origin: Option<&[usize]>) -> Option<(usize, usize)> {
    let reader = normalise(text);
    let (_, span) = dialable_numbers(&reader.text)
        .into_iter()
        .find(|(found, _)| found == canonical)?;
    let at = |i: usize| {
        reader
            .origin
            .get(i)
            .map(|&k| origin.map_or(Some(k), |o| o.get(k).copied()))?
    };
    Some((at(span.start)?, at(span.end.checked_sub(1)?)?))
}

/// `text` without HTML comments and tags, and the byte of `text` each byte came from.
fn without_markup(text: &str) -> (String, Vec<usize>) {
    let b = text.as_bytes();
    let (mut shown, mut origin) = (
        String::with_capacity(text.len()),
        Vec::with_capacity(b.len()),
    );
    let mut i = 0;
    while i < b.len() {
        // Ruby text is read apart from the text it annotates.
        let ruby = ["<rt>", "<rp>", "<rt ", "<rp "].iter().any(|t| {
            text.get(i..i + 4)
                .is_some_and(|s| s.eq_ignore_ascii_case(t))
        });
        let skip_to = match (b[i], b.get(i + 1)) {
            _ if ruby => {
                let close = format!("</{}", &text[i + 1..i + 3]);
                text[i..].find(&close).map(|k| i + k)
            }
            (b'<', _) if text[i..].starts_with("<!--") => {
                text[i + 4..].find("-->").map(|k| i + 4 + k + 3)
            }
            (b'<', Some(c)) if c.is_ascii_alphabetic() || *c == b'/' => {
                text[i..].find('>').map(|k| i + k + 1)
            }
            _ => None,
        };
        match skip_to {
            Some(next) => i = next,
            None => {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                shown.push(c);
                origin.extend(std::iter::repeat_n(i, c.len_utf8()));
                i += c.len_utf8().max(1);
            }
        }
    }
    (shown, origin)
}

/// Whether `d` is an error at a span of `file` overlapping `span`.
pub(super) fn at_place(d: &Diagnostic, file: &Path, span: &Range<usize>) -> bool {
    d.is_error()
        && d.file.as_deref() == Some(file)
        && d.span
            .as_ref()
            .is_some_and(|s| s.start < span.end && span.start < s.end)
}

/// Whether `d` is an error in `file` about the number `canonical` (quoted first in its message).
pub(super) fn names_number(d: &Diagnostic, file: &Path, canonical: &str) -> bool {
    let quoted = d.message.split('`').nth(1).unwrap_or_default();
    d.is_error() && d.file.as_deref() == Some(file) && crate::phone::canonical(quoted) == canonical
}
