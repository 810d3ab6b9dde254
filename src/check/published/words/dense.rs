//! The words quick check's automaton as a dense table walked by a loop of our own. It is the
//! same automaton as `aho_corasick`'s DFA for the signs (its states and transitions read out of
//! it once), with the same matches as its `find_iter` (standard semantics, non-overlapping: the
//! search starts again from the start state after each match). The crate's own search loop
//! costs about 16 instructions a byte (its checks for dead, start and match states, through
//! generic code), this one about eight; but either waits on the load of each byte's state, so
//! what saves time is walking four parts of a page side by side ([`Dense::find_all`]): about
//! half the time of the crate's loop.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored;

/// A sign found: which pattern and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

pub(super) struct Dense {
    /// Byte → its class: bytes no state tells apart share one.
    classes: [u8; 256],
    /// `next[state + class]`. A state is its row's first index (its number × `stride`); match
    /// states are numbered from [`MATCH`] on, the others below it, so one bit tells them apart.
    /// Every `u16` and class indexes the table (most of it is never touched, and never mapped).
    next: Box<[u16; TABLE]>,
    stride: usize,
    start: u16,
    /// Whether a byte in no sign leads back to the start state from every state (so that a
    /// page can be cut before such a byte and its parts walked on their own).
    cuttable: bool,
    /// For each match state, in order: the pattern reported there and its length.
    matches: Vec<(usize, usize)>,
}

/// The bit of a match state.
const MATCH: u16 = 0x8000;
const TABLE: usize = 0x1_0000 + 0x100;

impl Dense {
    /// `None` if the automaton cannot be built, or does not fit the table (then the caller
    /// reads every page: the conservative answer).
    pub(super) fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> Option<Self> {
        let patterns: Vec<P> = patterns.into_iter().collect();
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(&patterns)
            .ok()?;
        let start = dfa.start_state(Anchored::No).ok()?;
        // Every state the search can reach from the start (numbered as found), with its
        // transitions.
        let mut order = vec![start];
        let mut number = vec![usize::MAX; start.as_usize() + 1];
        number[start.as_usize()] = 0;
        let mut rows: Vec<[usize; 256]> = Vec::new();
        while let Some(&sid) = order.get(rows.len()) {
            let mut row = [0; 256];
            for (byte, to) in (0..=255u8).zip(row.iter_mut()) {
                let next = dfa.next_state(Anchored::No, sid, byte);
                // The loop treats every special state as a match: only match states may be
                // (no dead state in an unanchored standard search, no start state without a
                // prefilter).
                if dfa.is_special(next) && !dfa.is_match(next) {
                    return None;
                }
                if number.len() <= next.as_usize() {
                    number.resize(next.as_usize() + 1, usize::MAX);
                }
                if number[next.as_usize()] == usize::MAX {
                    number[next.as_usize()] = order.len();
                    order.push(next);
                }
                *to = number[next.as_usize()];
            }
            rows.push(row);
        }
        // A class for each byte of a pattern (a letter in either case), one for all the others:
        // no state tells those apart. Checked against every transition.
        let mut classes = [0u8; 256];
        let mut first_of = vec![0usize];
        for byte in patterns.iter().flat_map(|p| p.as_ref().iter()) {
            let byte = usize::from(byte.to_ascii_lowercase());
            if classes[byte] == 0 {
                classes[byte] = u8::try_from(first_of.len()).ok()?;
                first_of.push(byte);
            }
            classes[usize::from((byte as u8).to_ascii_uppercase())] = classes[byte];
        }
        first_of[0] = (0..256).find(|&byte| classes[byte] == 0)?;
        let alike =
            |row: &[usize; 256]| (0..256).all(|b| row[b] == row[first_of[usize::from(classes[b])]]);
        if !rows.iter().all(alike) {
            return None;
        }
        let stride = first_of.len();
        let cuttable = rows.iter().all(|row| row[first_of[0]] == 0);
        // Match states last, so that one comparison tells them.
        let (mut plain, matching): (Vec<usize>, Vec<usize>) =
            (0..order.len()).partition(|&k| !dfa.is_match(order[k]));
        let first_match = plain.len();
        plain.extend(&matching);
        let mut place = vec![0usize; order.len()];
        for (new, &old) in plain.iter().enumerate() {
            place[old] = new;
        }
        let index = |old: usize| {
            let new = place[old];
            let at = match new.checked_sub(first_match) {
                Some(k) => usize::from(MATCH) + k * stride,
                None => new * stride,
            };
            // A row must end below the match states' bit, or below the table's end.
            (at + stride
                <= if new < first_match {
                    usize::from(MATCH)
                } else {
                    0x1_0000
                })
            .then(|| u16::try_from(at).ok())
            .flatten()
        };
        let mut next: Box<[u16; TABLE]> = vec![0u16; TABLE].into_boxed_slice().try_into().ok()?;
        for (old, row) in rows.iter().enumerate() {
            let at = usize::from(index(old)?);
            for byte in 0..256 {
                next[at + usize::from(classes[byte])] = index(row[byte])?;
            }
        }
        let matches = matching
            .iter()
            .map(|&old| {
                let pattern = dfa.match_pattern(order[old], 0);
                (pattern.as_usize(), dfa.pattern_len(pattern))
            })
            .collect();
        Some(Dense {
            classes,
            next,
            stride,
            start: index(0)?,
            cuttable,
            matches,
        })
    }
}

/// Parts of a page [`Dense::find_all`] walks side by side.
const PARTS: usize = 4;

impl Dense {
    /// Every sign in `b`, in order, as `find_iter` finds them. Each byte's state is read from
    /// the table at the state before, so one walk waits on each load (about five cycles a
    /// byte, however few its instructions): the bytes are cut into [`PARTS`] parts, each
    /// before a byte in no sign (after which the state is the start state, whatever it was:
    /// the part is walked from there as the whole would be), walked side by side.
    pub(super) fn find_all(&self, b: &[u8]) -> Vec<Found> {
        let mut cuts = [b.len(); PARTS + 1];
        cuts[0] = 0;
        for k in 1..PARTS {
            let from = (b.len() * k / PARTS).max(cuts[k - 1]);
            let cut = (b[from..].iter()).position(|&c| self.classes[usize::from(c)] == 0);
            cuts[k] = match cut {
                Some(at) if self.cuttable => from + at,
                _ => b.len(),
            };
        }
        let mut found: [Vec<Found>; PARTS] = Default::default();
        let mut states = [self.start; PARTS];
        let steps = (0..PARTS).map(|k| cuts[k + 1] - cuts[k]).min().unwrap_or(0);
        let (next, classes) = (&*self.next, &self.classes);
        let step = |state: u16, byte: u8| {
            next[usize::from(state) + usize::from(classes[usize::from(byte)])]
        };
        // The parts' first `steps` bytes, as slices of one length (no bounds check per byte).
        let [p0, p1, p2, p3] = [0, 1, 2, 3].map(|k| &b[cuts[k]..cuts[k] + steps]);
        let [mut s0, mut s1, mut s2, mut s3] = states;
        for i in 0..steps {
            (s0, s1, s2, s3) = (
                step(s0, p0[i]),
                step(s1, p1[i]),
                step(s2, p2[i]),
                step(s3, p3[i]),
            );
            if (s0 | s1 | s2 | s3) & MATCH != 0 {
                for (k, state) in [&mut s0, &mut s1, &mut s2, &mut s3].into_iter().enumerate() {
                    if *state & MATCH != 0 {
                        found[k].push(self.found(*state, cuts[k] + i));
                        *state = self.start;
                    }
                }
            }
        }
        states = [s0, s1, s2, s3];
        let mut all = Vec::new();
        for k in 0..PARTS {
            all.append(&mut found[k]);
            let mut state = states[k];
            for at in cuts[k] + steps..cuts[k + 1] {
                state = next[usize::from(state) + usize::from(classes[usize::from(b[at])])];
                if state & MATCH != 0 {
                    all.push(self.found(state, at));
                    state = self.start;
                }
            }
        }
        all
    }

    /// The sign whose match state `state` is, reached at its last byte `at`.
    fn found(&self, state: u16, at: usize) -> Found {
        let (pattern, len) = self.matches[usize::from(state - MATCH) / self.stride];
        Found {
            pattern,
            start: at + 1 - len,
            end: at + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ENGLISH_SIGNS, KANA_SIGNS};
    use super::*;

    fn both(b: &[u8]) -> (Vec<Found>, Vec<Found>) {
        let signs = KANA_SIGNS.iter().chain(ENGLISH_SIGNS.iter());
        let crate_own = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(signs.clone())
            .expect("the signs build");
        let want = (crate_own.find_iter(b))
            .map(|m| Found {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        let dense = Dense::new(signs).expect("the table fits");
        assert!(dense.cuttable);
        (dense.find_all(b), want)
    }

    #[test]
    fn every_sign_is_found_alone_and_in_a_row() {
        let signs: Vec<&str> = KANA_SIGNS
            .iter()
            .chain(ENGLISH_SIGNS.iter())
            .copied()
            .collect();
        for (k, sign) in signs.iter().enumerate() {
            let (got, want) = both(sign.as_bytes());
            assert_eq!(got, want, "{sign}");
            assert!(got.iter().any(|f| f.pattern == k), "{sign}");
        }
        let row = signs.concat();
        // Parts cut anywhere between the signs, a sign last or first in a part.
        for lead in 0..64 {
            let page = format!("{}{}", " ".repeat(lead), signs.join(" "));
            let (got, want) = both(page.as_bytes());
            assert_eq!(got, want, "{lead}");
        }
        let (got, want) = both(row.as_bytes());
        assert_eq!(got, want);
        let (got, want) = both(row.to_uppercase().as_bytes());
        assert_eq!(got, want);
    }

    proptest::proptest! {
        /// On any mix of signs, their pieces (first bytes of a kana, the start of a word),
        /// markup, other text and bytes that are not UTF-8, the table finds exactly what
        /// `aho_corasick`'s own search finds.
        #[test]
        fn the_table_finds_what_the_crate_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "ゼロ", "ぜ", "ロ", "レイ", "れー", "イチ", "ニー", "キュ", "ｾﾞﾛ", "ﾂｰ", "&#x30",
                "&#12", "&#", "ｚｅｒｏ", "ＺＥＲＯ", "スリー", "フォー", "ファイ", "シックス",
                "zero", "ZeRo", "oh", "one", "on", "tw", "two", "three", "thre", "four", "fiv",
                "five", "six", "seven", "eight", "nine", "z", "o", "e", "n", "<", ">", " ", "-",
                "1", "\u{e3}", "\u{83}", "の", "は", "電話", "phone", "none",
            ]), 0..40),
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..16),
        ) {
            let mut page = pieces.concat().into_bytes();
            let (got, want) = both(&page);
            proptest::prop_assert_eq!(got, want);
            page.extend(&bytes);
            page.extend(pieces.concat().as_bytes());
            let (got, want) = both(&page);
            proptest::prop_assert_eq!(got, want);
        }
    }
}
