//! The quick checks of a page (any sign of an address, of an unshown element, of a number spelt
//! in words) read piece by piece, the verdict on each piece of the page chrome (head, header,
//! navigation, footer: the same bytes on every page) remembered, so the chrome is read once.
//!
//! # Why pieces add up
//!
//! A page is cut before a `<`. Each check reads a piece together with the `<` that follows it,
//! and the verdicts of the pieces combine (any sign in any piece; for words, the count of
//! English number words that may join, [`NumberWords::with`]) into exactly the verdict on the
//! whole page, because no sign of the three checks holds a `<`, and none of them looks past one:
//!
//! - addresses ([`may_hold_address`]): each sign is matched forward from its first byte; the
//!   look back from a closing bracket for `at` steps over blanks and letters, and a `<` is
//!   neither, so it stops there;
//! - unshown elements ([`may_hide`]): a name is matched whole around one of its letters, and no
//!   name holds a `<`; the byte after a name may be a `<` or the end of the piece, both of which
//!   end a name;
//! - words ([`number_words`]): the automaton's state after a `<` (in no sign) is its start
//!   state; a word's neighbours are looked for past separators and white space only, and a `<`
//!   is neither (it is read as a neighbour that may join, in the piece as in the page, since
//!   the piece keeps the `<` that follows it).
//!
//! A test cuts pages before every `<` and compares. The memo is keyed by a piece's bytes and
//! answers only for bytes equal to those it was computed on (compared whole, not by hash).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::emails::may_hold_address;
use super::hidden::may_hide;
use super::kinds::any_byte_of;
use super::words::{number_words, NumberWords};

/// Tags before which a page is cut: the landmarks the chrome of a theme stands between. Any
/// `<` would be as sound; these give pieces that repeat from page to page.
const LANDMARKS: [&[u8]; 7] = [
    b"title", b"head", b"body", b"header", b"nav", b"main", b"footer",
];
/// Pieces shorter than this are read, not looked up.
const REMEMBER_FROM: usize = 128;
/// Bounds on what the memo keeps: pieces seen (by fingerprint) and bytes of pieces kept.
const SEEN_MAX: usize = 1 << 16;
const KEPT_BYTES_MAX: usize = 8 << 20;

/// What the quick checks found on a page (or a piece of one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quick {
    pub(super) address: bool,
    pub(super) hides: bool,
    pub(super) words: NumberWords,
}

impl Quick {
    /// The three checks on `bytes` as they are.
    pub(super) fn of(bytes: &[u8]) -> Quick {
        Quick {
            address: may_hold_address(bytes),
            hides: may_hide(bytes),
            words: number_words(bytes),
        }
    }

    fn with(self, other: Quick) -> Quick {
        Quick {
            address: self.address || other.address,
            hides: self.hides || other.hides,
            words: self.words.with(other.words),
        }
    }
}

/// The verdicts on pieces seen on more than one page, kept for one build (pages render in
/// parallel: behind a lock, held only to look up or to add).
#[derive(Default)]
pub struct ChromeMemo {
    memo: Mutex<Memo>,
}

#[derive(Default)]
struct Memo {
    /// Fingerprints of pieces seen once: a piece is kept the second time it is seen (the
    /// article's own text, seen once, is never kept).
    seen: HashSet<u64>,
    kept: HashMap<u64, Vec<KeptPiece>>,
    kept_bytes: usize,
}

/// A piece's bytes, kept to be compared whole, and the verdict on them.
type KeptPiece = (Box<[u8]>, Quick);

impl ChromeMemo {
    /// The quick checks on `html`, read piece by piece (see the module's notes).
    pub fn quick(&self, html: &[u8]) -> Quick {
        let mut verdict = Quick::default();
        let mut start = 0;
        for cut in cuts(html).into_iter().chain([html.len()]) {
            if cut > start {
                // With the `<` that follows, as the page shows it to the piece's last sign.
                let piece = &html[start..(cut + 1).min(html.len())];
                verdict = verdict.with(self.piece(piece));
                start = cut;
            }
        }
        verdict
    }

    fn piece(&self, piece: &[u8]) -> Quick {
        if piece.len() < REMEMBER_FROM {
            return Quick::of(piece);
        }
        let print = fingerprint(piece);
        let keep = {
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            let known = (memo.kept.get(&print).into_iter().flatten())
                .find(|(bytes, _)| **bytes == *piece)
                .map(|&(_, quick)| quick);
            if let Some(quick) = known {
                return quick;
            }
            let seen = memo.seen.contains(&print);
            if !seen && memo.seen.len() < SEEN_MAX {
                memo.seen.insert(print);
            }
            seen && memo.kept_bytes + piece.len() <= KEPT_BYTES_MAX
        };
        let quick = Quick::of(piece);
        if keep {
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            memo.kept_bytes += piece.len();
            let kept = memo.kept.entry(print).or_default();
            // Two pages may have read the same piece at once.
            if !kept.iter().any(|(bytes, _)| **bytes == *piece) {
                kept.push((piece.into(), quick));
            }
        }
        quick
    }
}

/// Where `html` is cut: before each landmark tag, start or end. (Every tag's `<` is looked at:
/// found sixteen bytes at a time, as `memchr` called once per tag cost more.)
fn cuts(html: &[u8]) -> Vec<usize> {
    let mut cuts = Vec::new();
    any_byte_of(html, b"<", |at| {
        let rest = &html[at + 1..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        // Most tags start with none of the landmarks' letters: one comparison rules them out.
        let first = rest.first().map_or(0, |c| c | 0x20);
        let landmark = (LANDMARKS.iter().filter(|name| name[0] == first)).any(|name| {
            rest.get(..name.len())
                .is_some_and(|found| found.eq_ignore_ascii_case(name))
                && rest
                    .get(name.len())
                    .is_some_and(|c| matches!(c, b'>' | b'/') || c.is_ascii_whitespace())
        });
        if landmark {
            cuts.push(at);
        }
        false
    });
    cuts
}

/// A fingerprint of a piece's bytes, eight at a time: what a piece is looked up by (the bytes
/// are then compared whole).
fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    let mut h = bytes.len() as u64;
    for word in &mut words {
        h = mix(h, u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
    }
    words
        .remainder()
        .iter()
        .fold(h, |h, &c| mix(h, u64::from(c)))
}

#[cfg(test)]
mod tests;
