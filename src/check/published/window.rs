//! Windows of text: opened at a trigger, read across tags and references until ten characters
//! after the last digit-like one, and decoded with their context only when they may hold an
//! unvetted number.

use super::kinds::{char_at, cold_cjk, direction, kind, kind_at, kind_of, Kind, ASCII_KINDS};
use super::markup::is_markup;
use super::references::{decode_into, reference, Reference};
use super::report::{report_numbers, Own};
use super::scanner::Scanner;
use super::stats::Stats;
use super::Place;

/// Characters after the last digit-like one at which a window closes (more than a number's
/// separators, enough for `番地` or a unit after it).
const CLOSE_AFTER: usize = 10;
/// Characters of text before a window that are read with it (a `+`, `#`, `〒`, `O` or the word
/// before a number).
const CONTEXT: usize = 16;
/// Pieces of text kept for a window's context.
const RING: usize = 16;

/// The last pieces of text, for the context of the next window.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ring {
    pieces: [Piece; RING],
    count: usize,
}

impl Default for Ring {
    fn default() -> Self {
        Ring {
            pieces: [Piece::Space(0); RING],
            count: 0,
        }
    }
}

impl Ring {
    pub(super) fn push(&mut self, piece: Piece) {
        self.pieces[self.count % RING] = piece;
        self.count += 1;
    }

    pub(super) fn last(&self) -> Option<Piece> {
        self.count.checked_sub(1).map(|k| self.pieces[k % RING])
    }

    pub(super) fn clear(&mut self) {
        self.count = 0;
    }

    /// The pieces, newest first.
    pub(super) fn newest_first(&self) -> impl Iterator<Item = Piece> + '_ {
        let kept = self.count.min(RING);
        (self.count - kept..self.count)
            .rev()
            .map(|k| self.pieces[k % RING])
    }

    /// The pieces into `into`, oldest first.
    pub(super) fn ordered(&self, into: &mut Vec<Piece>) {
        into.clear();
        let kept = self.count.min(RING);
        into.extend((self.count - kept..self.count).map(|k| self.pieces[k % RING]));
    }
}

/// A piece of a page's text: HTML bytes (with references), or the space a block boundary makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Html(usize, usize),
    Space(usize),
}

/// Text gathered for a search, with the place in the page of each byte.
#[derive(Default)]
pub(super) struct Acc {
    pub(super) text: String,
    pub(super) origin: Vec<usize>,
}

impl Acc {
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.origin.clear();
    }

    pub(super) fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

/// The scanner's open window, and the context the next one will read.
impl Scanner<'_> {
    /// Reads characters into the open window from `i`: returns where it stopped, and whether
    /// the window closed there. It closes ten characters after its last digit-like one, or
    /// sooner, where a character ends what was being read and nothing read can be a number to
    /// search for: what follows starts a stretch of its own, as in a window of its own.
    pub(super) fn consume(
        &mut self,
        mut i: usize,
        end: usize,
        stop_at_markup: bool,
    ) -> (usize, bool) {
        let b = self.b;
        while i < end {
            let c = b[i];
            // Whether the character (or word, or run of kana and kanji) read ends a stretch.
            let cold;
            if c < 0x80 {
                if c == b'<' && stop_at_markup && is_markup(b, i) {
                    return (i, false);
                }
                if c == b'&' {
                    if let Some((r, len)) = reference(&b[i..end]) {
                        match r {
                            Reference::Char(c) => self.stats.observe(kind(c)),
                            Reference::Text(s) => {
                                s.chars().for_each(|c| self.stats.observe(kind(c)))
                            }
                        }
                        i += len;
                        if self.stats.since_digit >= CLOSE_AFTER {
                            return (i, true);
                        }
                        continue;
                    }
                }
                if c.is_ascii_alphabetic() && self.stats.in_word() {
                    // The rest of a word: each letter one more character since the last digit.
                    let mut k = i + 1;
                    let room = CLOSE_AFTER - self.stats.since_digit;
                    while k < end && k - i < room && b[k].is_ascii_alphabetic() {
                        k += 1;
                    }
                    self.stats.since_digit += k - i;
                    i = k;
                    cold = true;
                } else {
                    let kind = ASCII_KINDS[usize::from(c)];
                    self.stats.observe(kind);
                    i += 1;
                    cold = matches!(kind, Kind::Cold | Kind::Letter);
                }
            } else if self.stats.quiet() && cold_cjk(b, i) {
                // A run of kana and kanji: each one more character since the last digit.
                let room = CLOSE_AFTER - self.stats.since_digit;
                let mut k = i + 3;
                let mut count = 1;
                while count < room && k < end && cold_cjk(b, k) {
                    k += 3;
                    count += 1;
                }
                self.stats.since_digit += count;
                self.stats.after_letter = false;
                self.stats.last_space = false;
                self.stats.hash = 0;
                i = k;
                cold = true;
            } else {
                let (kind, len) = kind_at(b, i);
                self.stats.observe(kind);
                i += len;
                cold = matches!(kind, Kind::Cold | Kind::Letter);
            }
            if self.stats.since_digit >= CLOSE_AFTER || (cold && self.stats.settled(self.vetted)) {
                return (i, true);
            }
        }
        (end, false)
    }

    pub(super) fn ring_push(&mut self, piece: Piece) {
        if let Piece::Html(from, to) = piece {
            if to <= from {
                return;
            }
        } else if matches!(self.ring.last(), Some(Piece::Space(_))) {
            return;
        }
        self.ring.push(piece);
    }

    /// A block boundary: a space between the texts around it.
    pub(super) fn flow_space(&mut self, at: usize) {
        if self.active {
            self.window.push(Piece::Space(at));
            self.stats.observe(Kind::Space);
            if self.stats.since_digit >= CLOSE_AFTER {
                self.close_window();
            }
        } else {
            self.ring_push(Piece::Space(at));
        }
    }

    /// Where a window opened at the trigger `p` would close with nothing to search, where the
    /// bytes make it plain: one or two ASCII digits after a letter, kana or kanji (and spaces),
    /// then only separators up to a letter, kana or kanji, all in the text from `seg` (the
    /// nav's `（第1） / Residence`). Anything else is left to a window.
    pub(super) fn lone_digits_end(&self, seg: usize, p: usize, end: usize) -> Option<usize> {
        let b = self.b;
        // Before: spaces, then a character that ends a stretch (not `;`, which may end a
        // reference, nor a look-alike letter).
        let mut k = p;
        while k > seg && k + 3 > p && b[k - 1] == b' ' {
            k -= 1;
        }
        let cold_before = match k.checked_sub(1).filter(|&j| j >= seg).map(|j| b[j]) {
            Some(c @ 0..0x80) => {
                c != b';' && matches!(ASCII_KINDS[usize::from(c)], Kind::Cold | Kind::Letter)
            }
            Some(_) => k >= seg + 3 && cold_cjk(b, k - 3),
            None => false,
        };
        if !cold_before {
            return None;
        }
        // After: digits and separators, then a character that ends the stretch.
        let (mut i, mut digits) = (p, 0);
        for _ in 0..CLOSE_AFTER {
            if i >= end {
                return None;
            }
            let (kind, len) = match b[i] {
                b'<' | b'&' => return None,
                c @ 0..0x80 => (ASCII_KINDS[usize::from(c)], 1),
                _ => kind_at(b, i),
            };
            i += len;
            match kind {
                Kind::Digit { value: Some(_), .. } if b[i - 1].is_ascii_digit() => digits += 1,
                Kind::Space | Kind::Neutral => {}
                Kind::Cold | Kind::Letter => return (digits <= 2).then_some(i),
                _ => return None,
            }
            if digits > 2 {
                return None;
            }
        }
        None
    }

    /// Opens a window at a trigger. What it has seen starts with the characters just before it
    /// that may belong to its number (back to a character that ends a stretch).
    pub(super) fn open_window(&mut self) {
        self.active = true;
        self.stats = Stats::default();
        self.window.clear();
        // The ring keeps the text before the window (its context) until the window closes.
        let mut back: [Kind; CONTEXT] = [Kind::Invisible; CONTEXT];
        let mut n = 0;
        'pieces: for piece in self.ring.newest_first() {
            match piece {
                Piece::Space(_) => {
                    if n == 0 || back[n - 1] != Kind::Space {
                        back[n] = Kind::Space;
                        n += 1;
                    }
                }
                Piece::Html(from, to) => {
                    let b = self.b;
                    let mut j = to;
                    while j > from {
                        let mut s = j - 1;
                        while s > from && b[s] & 0xc0 == 0x80 {
                            s -= 1;
                        }
                        let (kind, len) = match b[s] {
                            c @ 0..0x80 => (ASCII_KINDS[usize::from(c)], 1),
                            _ => kind_at(b, s),
                        };
                        // Bytes that are not UTF-8 just before `j`: the last character
                        // before `j` as the lossy decoding reads it (each stray continuation
                        // byte a U+FFFD of its own), so the context counts what it counts.
                        let mut kind = kind;
                        if s + len != j {
                            let (last, c) = last_lossy_char(&b[..j], s);
                            s = last;
                            kind = self::kind(c);
                        }
                        if b[s] == b';' {
                            // The end of a reference: read as what it stands for.
                            let look = from.max(s.saturating_sub(32));
                            if let Some(amp) = b[look..s].iter().rposition(|&c| c == b'&') {
                                let amp = look + amp;
                                if let Some((r, len)) = reference(&b[amp..to]) {
                                    if amp + len == j {
                                        kind = match r {
                                            Reference::Char(c) => self::kind(c),
                                            Reference::Text(t) => {
                                                t.chars().next().map_or(Kind::Invisible, self::kind)
                                            }
                                        };
                                        s = amp;
                                    }
                                }
                            }
                        }
                        if matches!(kind, Kind::Cold | Kind::Letter) {
                            break 'pieces;
                        }
                        // A run of spaces shows as one: it is one character of the context.
                        let repeated_space =
                            kind == Kind::Space && n > 0 && back[n - 1] == Kind::Space;
                        if kind != Kind::Invisible && !repeated_space {
                            back[n] = kind;
                            n += 1;
                            if n == CONTEXT {
                                break 'pieces;
                            }
                        }
                        j = s;
                    }
                }
            }
            if n == CONTEXT {
                break;
            }
        }
        for &kind in back[..n].iter().rev() {
            self.stats.observe(kind);
        }
        self.stats.since_digit = 0;
        // A right-to-left letter earlier in the page reorders digits after it across any run
        // of neutral characters (`שלום`, thirty dashes, `4444 444 0120` shows as
        // `0120 444 4444`). Not only in its block: a block the scanner sees may be none that
        // a browser draws (a stray `</div>`, a hidden or inline box, a form control).
        self.stats.right_to_left |= self.right_to_left_before.is_some();
        // An aside opened in the context (`Oℓ(` before `0TEL)4444…`) stays open into the
        // window's own text, as the whole reading reads it (the context is counted as the
        // lossy decoding reads bytes that are not UTF-8, so the count is the same).
    }

    pub(super) fn close_window(&mut self) {
        self.active = false;
        if self.stats.worth_searching(self.vetted) {
            self.ring.ordered(&mut self.before);
            self.materialise();
            report_numbers(
                &self.acc.text,
                self.own_numbers(),
                Some(&self.acc.origin),
                Place::Text,
                self.vetted,
                &mut self.scratch,
                &mut self.out,
            );
            self.searched_until = match self.window.last() {
                Some(&Piece::Html(_, to)) => to,
                Some(&Piece::Space(at)) => at + 1,
                None => self.searched_until,
            };
        }
        // Remembered after this window's search, which read the letter in its own text.
        if self.stats.right_to_left && self.right_to_left_before.is_none() {
            self.right_to_left_before = self.first_right_to_left_letter();
        }
        // The window's last pieces are the next one's context.
        self.ring.clear();
        let from = self.window.len().saturating_sub(RING);
        for &piece in &self.window[from..] {
            self.ring.push(piece);
        }
        self.window.clear();
    }

    /// Which numbers of the materialised window are its own to report: those that end in its
    /// text, and those in its context where no window searched it (`ISl、` before `0` is a
    /// list item `151`, read so only beside the digit), from a character that ends a stretch
    /// (not from a group the context cut).
    fn own_numbers(&self) -> Own {
        let prefix = self
            .right_to_left_before
            .map_or(0, |(c, _)| c.len_utf8() + 1);
        let context = &self.acc.text[prefix..self.own_start];
        let unsearched = context
            .char_indices()
            .find(|&(k, _)| self.acc.origin[prefix + k] >= self.searched_until);
        let boundary = context
            .char_indices()
            .find(|&(_, c)| matches!(kind_of(c), Kind::Cold | Kind::Letter | Kind::Space))
            .map(|(k, c)| k + c.len_utf8());
        let context_from = match (unsearched, boundary) {
            (Some((k, _)), Some(b)) => prefix + k.max(b),
            _ => usize::MAX,
        };
        Own {
            own: self.own_start,
            context_from,
        }
    }

    /// The first character that changes the order digits show in, in the open window's text.
    fn first_right_to_left_letter(&self) -> Option<(char, usize)> {
        let mut found = None;
        for piece in &self.window {
            if let Piece::Html(start, end) = *piece {
                decode_into(self.b, start, end, &mut |c, at| {
                    if found.is_none() && direction(c).is_some() {
                        found = Some((c, at));
                    }
                });
            }
            if found.is_some() {
                break;
            }
        }
        found
    }

    /// The open window's text: `CONTEXT` characters before it, and its pieces.
    fn materialise(&mut self) {
        let b = self.b;
        let Scanner {
            acc,
            before,
            window,
            own_start,
            context,
            right_to_left_before,
            ..
        } = self;
        acc.clear();
        // A right-to-left letter earlier in the page, which the context may not reach: read
        // first, so that the window is reported as digits a reader may see reordered.
        if let Some((c, at)) = *right_to_left_before {
            acc.push(c, at);
            acc.push(' ', at);
        }
        // The last pieces before the window, the last 64 bytes or so of them, or more until
        // they hold the context's characters (invisible ones and runs of spaces, which show as
        // one, do not count).
        let mut budget = 64usize;
        let mut start = loop {
            let complete = gather_context(b, before, budget, context);
            let (start, counted) = context_start(context);
            // Enough characters, and the word the first is in starts after the first read.
            if complete || (counted == CONTEXT && word_start(context, start) > 0) {
                break start;
            }
            budget *= 4;
        };
        // Not from the middle of a group: from a character that ends a stretch.
        let cold = |c: char| matches!(kind_of(c), Kind::Cold | Kind::Letter);
        if start > 0 && !cold(context[start - 1].0) {
            if let Some(cold) = context[start..].iter().position(|&(c, _)| cold(c)) {
                start += cold;
            }
        }
        let start = word_start(context, start);
        for &(c, at) in &context[start..] {
            acc.push(c, at);
        }
        *own_start = acc.text.len();
        for piece in window.iter() {
            match *piece {
                Piece::Html(from, to) => decode_into(b, from, to, &mut |c, at| acc.push(c, at)),
                Piece::Space(at) => acc.push(' ', at),
            }
        }
    }
}

/// Decodes the last pieces of `before` into `context`, about `budget` bytes of them (whole
/// pieces, and the end of the first if it is longer). Whether all of `before` was read.
fn gather_context(
    b: &[u8],
    before: &[Piece],
    budget: usize,
    context: &mut Vec<(char, usize)>,
) -> bool {
    let mut first = before.len();
    let mut left = budget;
    while first > 0 && left > 0 {
        first -= 1;
        left = left.saturating_sub(match before[first] {
            Piece::Html(from, to) => to - from,
            Piece::Space(_) => 1,
        });
    }
    let mut complete = first == 0;
    context.clear();
    for (k, piece) in before.iter().enumerate().skip(first) {
        match *piece {
            Piece::Html(from, to) => {
                let mut start = from;
                if k == first && to - from > budget {
                    complete = false;
                    start = to - budget;
                    while start < to && b[start] & 0xc0 == 0x80 {
                        start += 1;
                    }
                    // Not from the middle of a reference.
                    let look = from.max(start.saturating_sub(32));
                    if let Some(amp) = b[look..start].iter().rposition(|&c| c == b'&') {
                        if !b[look + amp..start].contains(&b';') {
                            start = look + amp;
                        }
                    }
                }
                decode_into(b, start, to, &mut |c, at| context.push((c, at)));
            }
            Piece::Space(at) => context.push((' ', at)),
        }
    }
    complete
}

/// Where the last `CONTEXT` characters of `context` start, counting neither invisible
/// characters nor a space after a space; and how many it counted.
fn context_start(context: &[(char, usize)]) -> (usize, usize) {
    let mut counted = 0;
    let mut start = context.len();
    let mut after_space = false;
    while start > 0 && counted < CONTEXT {
        start -= 1;
        let kind = kind_of(context[start].0);
        if kind == Kind::Invisible {
            continue;
        }
        let space = kind == Kind::Space;
        if !(space && after_space) {
            counted += 1;
        }
        after_space = space;
    }
    (start, counted)
}

/// Where the word `context[start]` is in starts, if it is in one (through look-alike letters
/// and invisible characters): a context is not cut inside a word, whose whole says whether a
/// number after it is dialled (`OTEL 110` is not `TEL 110`).
fn word_start(context: &[(char, usize)], mut start: usize) -> usize {
    let letter = |c: char| matches!(kind_of(c), Kind::Letter | Kind::Lookalike { .. });
    let invisible = |c: char| kind_of(c) == Kind::Invisible;
    let first = context[start..].iter().find(|&&(c, _)| !invisible(c));
    if !first.is_some_and(|&(c, _)| letter(c)) {
        return start;
    }
    let mut k = start;
    while k > 0 && (letter(context[k - 1].0) || invisible(context[k - 1].0)) {
        k -= 1;
        if letter(context[k].0) {
            start = k;
        }
    }
    start
}

/// The start and the character of the last character of `b[from..]`, read forward from `from`
/// as a lossy decoding reads it.
fn last_lossy_char(b: &[u8], from: usize) -> (usize, char) {
    let (mut at, mut last) = (from, (from, '\u{fffd}'));
    while at < b.len() {
        let (c, len) = char_at(b, at);
        last = (at, c);
        at += len;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::published::VettedNumbers;

    /// Where `lone_digits_end` closes the window at the first digit of `text`, as text after it.
    fn lone_end(text: &str) -> Option<&str> {
        let vetted = VettedNumbers::default();
        let p = text.find(|c: char| c.is_ascii_digit())?;
        let scanner = Scanner::new(text.as_bytes(), &vetted);
        let q = scanner.lone_digits_end(0, p, text.len())?;
        Some(&text[q..])
    }

    #[test]
    fn lone_digits_close_at_the_letter_kana_or_kanji_after_them() {
        assert_eq!(lone_end("（第1） / Residence"), Some("esidence"));
        assert_eq!(lone_end("第10章"), Some(""));
        assert_eq!(lone_end("Step 2: go"), Some("o"));
        assert_eq!(lone_end("page 12 を"), Some(""));
    }

    #[test]
    fn anything_else_is_left_to_a_window() {
        for text in [
            "第100号",       // three digits may be a service number
            "第1-2-3号",     // so may three groups of one
            "1 / x",         // nothing that ends a stretch before it
            "x 1 O",         // a look-alike after it
            "O 1 x",         // a look-alike before it
            "x;1 y",         // `;` may end a reference
            "x 1 &amp; y",   // a reference
            "x 1 <b>y",      // markup
            "x 1 #",         // a short code's sign
            "x 1 ------- y", // ten characters before the window closes
            "x 1 ",          // the end of the text
        ] {
            assert_eq!(lone_end(text), None, "{text:?}");
        }
    }
}
