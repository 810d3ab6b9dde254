//! The HTML scanner: walks a page's bytes once, text and markup, and reads each part the way a
//! reader meets it (the flow of text through windows, the title, attributes, links that dial).

use super::kinds::{char_at, continues, first_to_look_at, is_trigger, kind, look_closer, Kind};
use super::markup::{
    after, comment_end, end_tag_at, find_byte, is_markup, is_space, tag_kind, tag_of_key, Tag,
    BEFORE_NAME, NAME_END, TAG_NAME_END,
};
use super::normalise::kanji_digit;
use super::references::reference;
use super::report::Scratch;
use super::stats::Stats;
use super::window::{Acc, Piece, Ring};
use super::{Place, PublishedNumber, VettedNumbers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    Trigger,
    Markup,
    End,
}

pub(super) struct Scanner<'h> {
    pub(super) b: &'h [u8],
    pub(super) vetted: &'h VettedNumbers,
    pub(super) out: Vec<PublishedNumber>,
    /// A window is open in the page's text.
    pub(super) active: bool,
    pub(super) stats: Stats,
    /// Pieces of the open window, from its trigger.
    pub(super) window: Vec<Piece>,
    /// Text before a window that is searched (its context), oldest first, from the ring.
    pub(super) before: Vec<Piece>,
    /// Text since the last window (or the end of it), for the next one's context.
    pub(super) ring: Ring,
    /// Characters of a window's context, decoded.
    pub(super) context: Vec<(char, usize)>,
    pub(super) acc: Acc,
    /// Where the open window's own text starts in `acc`, after its context.
    pub(super) own_start: usize,
    /// Where the text the last searched window read ends in the page: a number that ends
    /// before it was that window's to report.
    pub(super) searched_until: usize,
    pub(super) scratch: Scratch,
    /// The first right-to-left letter (or direction control) of the page and where it is,
    /// once a window that closed has seen it: it may reorder any digits after it, however far.
    pub(super) right_to_left_before: Option<(char, usize)>,
    /// The tag being read is `<bdo>` or `<bdi>`, or has `dir="rtl"` or `dir="auto"`.
    pub(super) reversing: bool,
    /// The tag being read is `<svg>`.
    pub(super) svg: bool,
    /// Where the name of the tag being read ends.
    name_end: usize,
    /// Attributes the page's own `<style>` and `style=""` show as text (`attr()`).
    pub(super) shown_attributes: Vec<String>,
}

impl<'h> Scanner<'h> {
    pub(super) fn new(html: &'h [u8], vetted: &'h VettedNumbers) -> Self {
        Scanner {
            b: html,
            vetted,
            out: Vec::new(),
            active: false,
            stats: Stats::default(),
            window: Vec::new(),
            before: Vec::new(),
            ring: Ring::default(),
            context: Vec::new(),
            acc: Acc::default(),
            own_start: 0,
            searched_until: 0,
            scratch: Scratch::default(),
            right_to_left_before: None,
            reversing: false,
            svg: false,
            name_end: 0,
            shown_attributes: Vec::new(),
        }
    }

    pub(super) fn document(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            // Markup right after markup (`</a></li>`) leaves no text to read.
            if !is_markup(self.b, i) {
                i = self.text(i, n, true);
            }
            if i < n {
                i = self.markup(i);
            }
        }
        if self.active {
            self.close_window();
        }
    }

    /// Text from `i` to `end` (or to markup, when `stop_at_markup`): returns where it stopped.
    #[inline(always)]
    fn text(&mut self, mut i: usize, end: usize, stop_at_markup: bool) -> usize {
        let mut seg = i;
        while i < end {
            if self.active {
                let (j, closed) = self.consume(i, end, stop_at_markup);
                if j > i {
                    self.window.push(Piece::Html(i, j));
                }
                i = j;
                if !closed {
                    return i;
                }
                self.close_window();
                seg = i;
            } else {
                let (p, stop) = self.next_trigger(i, end, stop_at_markup);
                self.ring_push(Piece::Html(seg, p));
                if stop != Stop::Trigger {
                    return p;
                }
                // After a right-to-left letter every digit is reported: no shortcut.
                let lone_digits = self
                    .right_to_left_before
                    .is_none()
                    .then(|| self.lone_digits_end(seg, p, end))
                    .flatten();
                if let Some(q) = lone_digits {
                    // What a window from `p` to `q` leaves, with nothing to search.
                    self.ring.clear();
                    self.ring.push(Piece::Html(p, q));
                    (seg, i) = (q, q);
                    continue;
                }
                self.open_window();
                i = p;
            }
        }
        end
    }

    /// The first trigger (or markup, or the end) from `from`. The next byte to look at more
    /// closely is found sixteen bytes at a time (byte by byte in the last few); only it is read.
    #[inline(always)]
    pub(super) fn next_trigger(
        &self,
        from: usize,
        end: usize,
        stop_at_markup: bool,
    ) -> (usize, Stop) {
        let b = self.b;
        let mut i = from;
        while i < end {
            let j = match b[i..end].first_chunk::<16>() {
                Some(block) => match first_to_look_at(block) {
                    Some(k) => i + k,
                    None => {
                        i += 16;
                        continue;
                    }
                },
                None => match b[i..end].iter().position(|&c| look_closer(c)) {
                    Some(k) => i + k,
                    None => break,
                },
            };
            i = match b[j] {
                b'0'..=b'9' | b'#' => return (j, Stop::Trigger),
                b'<' if stop_at_markup && is_markup(b, j) => return (j, Stop::Markup),
                b'&' => match reference(&b[j..end]) {
                    Some((r, _)) if r.is_trigger() => return (j, Stop::Trigger),
                    Some((_, len)) => j + len,
                    None => j + 1,
                },
                0x80..=0xbf => {
                    // Inside a character (`〇`, `一`, `零`): look at it from its start (one
                    // that starts before `from` was read before, maybe as bytes that are not
                    // UTF-8: it is not read again).
                    let mut start = j;
                    while start > from && j - start < 3 && b[start] & 0xc0 == 0x80 {
                        start -= 1;
                    }
                    let (trigger, len) = self.lead_trigger(start, end);
                    if trigger {
                        return (start, Stop::Trigger);
                    }
                    (start + len).max(j + 1)
                }
                0xc0..=0xff => {
                    let (trigger, len) = self.lead_trigger(j, end);
                    if trigger {
                        return (j, Stop::Trigger);
                    }
                    j + len
                }
                _ => j + 1,
            };
        }
        (end, Stop::End)
    }

    /// Whether the character at `i` (not ASCII) is a trigger, and its length: decided from its
    /// bytes for most of a Japanese page.
    #[inline]
    fn lead_trigger(&self, i: usize, end: usize) -> (bool, usize) {
        let b = self.b;
        let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
        let (lead, b1, b2) = (b[i], at(1), at(2));
        match lead {
            0xc2..=0xdf if continues(b1) => {
                let trigger = match lead {
                    0xc2 => matches!(b1, 0xb2 | 0xb3 | 0xb9 | 0xbc..=0xbe),
                    // Hebrew, Arabic and the other right-to-left scripts, and their digits.
                    0xd6..=0xdf => is_trigger(char_at(b, i).0),
                    _ => false,
                };
                (trigger, 2)
            }
            0xe3..=0xe9 | 0xeb | 0xec | 0xee | 0xef if continues(b1) && continues(b2) => {
                let trigger = match (lead, b1) {
                    (0xe3, 0x80) => b2 == 0x87,
                    (0xe3, 0x88..=0x8a) => is_trigger(char_at(b, i).0),
                    (0xe4, 0xb8) => b2 == 0x80 && self.one_beside_digit(i, end),
                    (0xe9, 0x9b) => b2 == 0xb6,
                    (0xef, 0xac..=0xbb) => is_trigger(char_at(b, i).0),
                    (0xef, _) => matches!(
                        (b1, b2),
                        (0xbc, 0x90..=0x99 | 0x83) | (0xb9, 0x9f) | (0xa6, 0xb2)
                    ),
                    _ => false,
                };
                (trigger, 3)
            }
            // The rest, and bytes that are not UTF-8, decoded.
            _ => {
                let (c, len) = char_at(b, i);
                (is_trigger(c), len)
            }
        }
    }

    /// `一` at `i` beside a kanji digit (or beside something that might hide one: the end of the
    /// text piece, a reference, an invisible character).
    fn one_beside_digit(&self, i: usize, end: usize) -> bool {
        let b = self.b;
        let next = i + 3;
        if next >= end || b[next] == b'&' {
            return true;
        }
        let (after, _) = char_at(b, next);
        if kanji_digit(after).is_some() || kind(after) == Kind::Invisible {
            return true;
        }
        let mut start = i;
        while start > 0 && b[start - 1] & 0xc0 == 0x80 {
            start -= 1;
        }
        if start == 0 {
            return true;
        }
        start -= 1;
        while start > 0 && b[start] & 0xc0 == 0x80 {
            start -= 1;
        }
        let before = match char_at(b, start) {
            (c, len) if start + len == i => c,
            // Bytes that are not UTF-8 before `i`: a U+FFFD.
            _ => '\u{fffd}',
        };
        kanji_digit(before).is_some() || kind(before) == Kind::Invisible || before == '>'
    }

    /// Markup at `i` (`<` and a letter, `/`, `!` or `?`): returns where text starts again.
    fn markup(&mut self, i: usize) -> usize {
        let b = self.b;
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(i),
            Some(b'/') => match b.get(i + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (tag, end) = self.tag(i + 2);
                    if tag == Tag::Block {
                        self.flow_space(i);
                    }
                    end
                }
                Some(b'>') => i + 3,
                _ => after(b, i + 2, b'>'),
            },
            Some(b'!') if b[i..].starts_with(b"<!--") => comment_end(b, i),
            Some(b'!') if b[i..].starts_with(b"<![CDATA[") => {
                let start = i + 9;
                let close = b[start..]
                    .windows(3)
                    .position(|w| w == b"]]>")
                    .map_or(b.len(), |k| start + k);
                self.text(start, close, false);
                (close + 3).min(b.len())
            }
            _ => after(b, i + 1, b'>'),
        }
    }

    fn start_tag(&mut self, i: usize) -> usize {
        let b = self.b;
        self.reversing = false;
        self.svg = false;
        let (tag, end) = self.tag(i + 1);
        if self.reversing {
            self.reversing_element(i, self.name_end, end);
        }
        if self.svg {
            self.inline_svg(i, self.name_end, end);
        }
        match tag {
            Tag::Block => {
                self.flow_space(i);
                end
            }
            Tag::Inline | Tag::Meta => end,
            Tag::Skip(name) => {
                let close = end_tag_at(b, end, name);
                if name == b"style" {
                    self.style(end, close, false);
                }
                close
            }
            Tag::Title => {
                let close = end_tag_at(b, end, b"title");
                self.scan_run(end, close, Place::Title, true);
                close
            }
            Tag::Textarea => {
                self.flow_space(i);
                let close = end_tag_at(b, end, b"textarea");
                self.scan_run(end, close, Place::Text, true);
                close
            }
            Tag::RawText(name) => {
                let close = end_tag_at(b, end, name);
                self.scan_run(end, close, Place::Text, false);
                close
            }
            Tag::Plaintext => {
                self.scan_run(end, b.len(), Place::Text, false);
                b.len()
            }
            Tag::Annotation(name) => {
                let close = end_tag_at(b, end, name);
                self.scan_run(end, close, Place::Text, true);
                close
            }
        }
    }

    /// A tag whose name starts at `k`: its kind, and just after its `>`. Reads the attributes,
    /// as the tokenizer does: a name runs to white space, `/`, `>` or `=` (an `=` first in it
    /// is part of it), a value after `=` is quoted or runs to white space or `>`.
    fn tag(&mut self, mut k: usize) -> (Tag, usize) {
        let b = self.b;
        let n = b.len();
        let name_start = k;
        // A name of up to seven bytes (nearly all) is measured without a branch per byte.
        let ends = (b.get(k..k + 8)).map_or(0, |word| {
            (word.iter().enumerate()).fold(0u32, |ends, (i, &c)| {
                ends | u32::from(TAG_NAME_END[usize::from(c)]) << i
            })
        });
        if ends != 0 {
            k += ends.trailing_zeros() as usize;
        } else {
            while k < n && !TAG_NAME_END[usize::from(b[k])] {
                k += 1;
            }
        }
        let len = k - name_start;
        self.name_end = k;
        let tag = match b.get(name_start..name_start + 8) {
            // The key of a short name from the 8 bytes it starts.
            Some(word) if (1..=8).contains(&len) => {
                let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
                tag_of_key((word | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * len)))
            }
            _ => tag_kind(&b[name_start..k]),
        };
        // Ruby text (`rt`, `rp`, `rtc`), and `bdo`, `bdi`, `svg`: names of two or three letters.
        let tag = if (2..=3).contains(&len) && matches!(b[name_start] | 0x20, b'r' | b'b' | b's') {
            self.short_name(&b[name_start..k], tag)
        } else {
            tag
        };
        loop {
            while k < n && BEFORE_NAME[usize::from(b[k])] {
                k += 1;
            }
            if k >= n {
                return (tag, n);
            }
            if b[k] == b'>' {
                return (tag, k + 1);
            }
            let name_start = k;
            k += 1;
            while k < n && !NAME_END[usize::from(b[k])] {
                k += 1;
            }
            let name_end = k;
            while k < n && is_space(b[k]) {
                k += 1;
            }
            if k >= n || b[k] != b'=' {
                continue;
            }
            k += 1;
            while k < n && is_space(b[k]) {
                k += 1;
            }
            let value = if k < n && (b[k] == b'"' || b[k] == b'\'') {
                let close = find_byte(b, k + 1, b[k]).unwrap_or(n);
                let value = k + 1..close;
                k = (close + 1).min(n);
                value
            } else {
                let start = k;
                while k < n && !is_space(b[k]) && b[k] != b'>' {
                    k += 1;
                }
                start..k
            };
            if !value.is_empty() {
                self.attribute(tag, name_start..name_end, value);
            }
        }
    }
}
