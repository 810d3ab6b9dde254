//! How a reader decodes the written forms of an address's signs: `(at)`, `アットマーク`, `[@]`
//! and `@` with a space after it read as `@`; `(dot)`, `ドット`, `[.]`, a `。`, `．` or middle dot
//! between letters and a spaced ` . ` read as `.`; quotes around a mailbox name
//! (`"scam"@`, `「scam」@`) and comments beside the `@` (`scam(comment)@`) read away, as a mail
//! program reads them (RFC 5322 quoted strings and comments).
//!
//! A dot read from a sign (a "soft" dot) may be punctuation: `help@rakuten.co.jp。Please write`
//! ends a sentence. Where the last label after a soft dot is not a top-level domain
//! (`please`), no mail can go to the longer address, and the address is read up to that dot.

use std::ops::Range;

use super::Normalised;

/// A page's text in the reader's form with the signs of an address decoded.
#[derive(Default)]
pub(super) struct Reading {
    pub text: String,
    /// `origin[i]` is the byte in the normalised text that gave byte `i`.
    pub origin: Vec<usize>,
    /// Where in `text` a dot was read from a sign other than an ASCII `.` typed as one.
    soft_dots: Vec<usize>,
}

/// Words a reader reads as `@` or `.` on their own (in the reader's form, where `ー` is `-`),
/// longest first where one starts another.
const AT_WORDS: [&str; 4] = ["あっとま-く", "アットマ-ク", "あっと", "アット"];
/// `トット` is half-width `ﾄﾞｯﾄ`, whose voiced mark the reader's form drops.
const DOT_WORDS: [&str; 3] = ["どっと", "ドット", "トット"];

/// Signs read as `@` or `.` only in brackets: `at` and `dot` are English words.
const BRACKETED: [(&str, char); 4] = [("at", '@'), ("dot", '.'), ("@", '@'), (".", '.')];
const BRACKETS: [(char, char); 12] = [
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('<', '>'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('〔', '〕'),
    ('《', '》'),
    ('〈', '〉'),
    ('〖', '〗'),
    ('〘', '〙'),
];

/// Quotes a mailbox name may be written in (`"scam"@evil.example`, `「scam」@evil.example`).
const QUOTES: [(char, char); 12] = [
    ('〝', '〟'),
    ('〝', '〞'),
    ('"', '"'),
    ('\'', '\''),
    ('“', '”'),
    ('”', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
    ('《', '》'),
    ('«', '»'),
];

/// Middle dots, which the reader's form reads as `-` (a separator of numbers): between the
/// labels of a domain a reader reads them as the dot they look like.
const MIDDLE_DOTS: [char; 9] = [
    '\u{b7}', '\u{387}', '\u{2022}', '\u{2027}', '\u{2219}', '\u{22c5}', '\u{2e31}', '\u{30fb}',
    '\u{ff65}',
];

/// How far a quote or comment may run (bytes) and still be read as part of an address.
const MAX_QUOTED: usize = 64;

/// `text` in lower case, a character at a time, each keeping its length, so that the signs
/// found in it are at the same places in `text`: a letter whose lower case is longer or
/// shorter (`İ`, `Ⱥ`, `ẞ`, `Ɫ`) is kept as it is (the signs are ASCII and kana). Lowering the
/// whole text and comparing lengths let two such letters cancel out, and a place in `text`
/// then fell inside a character of the lower-case text (found by a break-it round).
fn lower_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// `norm` (the reader's form of `original`) with the signs of an address decoded.
pub(super) fn reading(original: &str, norm: &Normalised) -> Reading {
    let text = &norm.text;
    let mut out = Reading::default();
    let lower = lower_in_place(text);
    let mut i = 0;
    while i < text.len() {
        let rest = &lower[i..];
        let spaced = rest.trim_start_matches(' ');
        let skipped = rest.len() - spaced.len();
        // A lone spaced `.` is a dot only between the labels of a domain (`evil . example`,
        // `evil .example`, `evil. example`: after an `@` in the same word), not in prose: a `. `
        // with no space before it and a capital after it ends a sentence (`…co.jp. Help`).
        let sign = sign_at(spaced, skipped > 0).filter(|&(read, len)| {
            let after = text[text.len() - spaced[len..].len()..].trim_start_matches(' ');
            let sentence = skipped == 0 && after.starts_with(|c: char| c.is_ascii_uppercase());
            let in_domain = out.text.rsplit(' ').next().is_some_and(|w| w.contains('@'));
            read != '.'
                || len > 1
                || (in_domain
                    && ends_in_alphanumeric(&out.text)
                    && starts_alphanumeric(after)
                    && !sentence)
        });
        if let Some((read, len)) = sign {
            if read == '.' {
                out.soft_dots.push(out.text.len());
            }
            out.push(read, i);
            i = text.len() - spaced[len..].trim_start_matches(' ').len();
            continue;
        }
        if let Some(next) = out.quoted(text, &lower, i) {
            i = next;
            continue;
        }
        if let Some(next) = out.comment(&lower, i) {
            i = next;
            continue;
        }
        if out.stray_quote(text, i) {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let between =
            || ends_in_alphanumeric(&out.text) && starts_alphanumeric(&text[i + c.len_utf8()..]);
        // The character as written, where the reader's form changed it (`．` is `.`, `・` is `-`).
        let written = || {
            original
                .get(norm.origin.get(i).copied().unwrap_or(0)..)
                .and_then(|s| s.chars().next())
                .unwrap_or(c)
        };
        let (read, soft) = match c {
            '。' if between() => ('.', true),
            '-' if MIDDLE_DOTS.contains(&written()) && between() => ('.', true),
            '.' => ('.', written() != '.'),
            c => (c, false),
        };
        if soft {
            out.soft_dots.push(out.text.len());
        }
        out.push(read, i);
        i += c.len_utf8();
    }
    out.origin.push(text.len());
    out
}

impl Reading {
    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// Where a quoted mailbox name at `i` (`"scam"@`) ends, its text pushed without the quotes
    /// and spaces, if one is there.
    fn quoted(&mut self, text: &str, lower: &str, i: usize) -> Option<usize> {
        let c = text[i..].chars().next()?;
        let &(_, close) = QUOTES.iter().find(|(open, _)| *open == c)?;
        let from = i + c.len_utf8();
        let window = near(text, from);
        let inside = window.find(close)?;
        let end = from + inside + close.len_utf8();
        let after = skip_comments(&lower[end..]);
        let at = after.starts_with('@') || sign_at(after, false).is_some_and(|(r, _)| r == '@');
        if !at || inside == 0 {
            return None;
        }
        for (k, q) in text[from..from + inside].char_indices() {
            if q != ' ' {
                self.push(q, from + k);
            }
        }
        // Spaces and comments before the `@` are read away with the quotes (`"scam" @evil…`).
        Some(text.len() - after.len())
    }

    /// Where a comment at `i` (`(comment)`) beside an `@` ends, if one is there: a mail
    /// program reads `scam(comment)@evil.example`, `scam (comment) @evil.example` and
    /// `scam@(comment)evil.example` as `scam@evil.example`.
    fn comment(&mut self, lower: &str, i: usize) -> Option<usize> {
        if !lower[i..].starts_with('(') {
            return None;
        }
        let window = near(lower, i + 1);
        let inside = window.find(')')?;
        if window[..inside].contains('(') {
            return None;
        }
        let end = i + 1 + inside + 1;
        if self.text.ends_with('@') {
            return Some(end);
        }
        let after = skip_comments(&lower[end..]);
        if !after.starts_with('@') {
            return None;
        }
        // Spaces between an ASCII mailbox name and the comment go with it.
        if ends_in_alphanumeric(self.text.trim_end_matches(' ')) {
            while self.text.ends_with(' ') {
                self.text.pop();
                self.origin.pop();
            }
        }
        Some(lower.len() - after.len())
    }

    /// Whether the character at `i` is a quote mark glued between a mailbox name and its `@`
    /// or between the `@` and its domain (`scam"@evil.example`, `scam@「evil.example`), which
    /// a reader reads past.
    fn stray_quote(&self, text: &str, i: usize) -> bool {
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        let after = &text[i + c.len_utf8()..];
        QUOTES.iter().any(|&(open, close)| c == open || c == close)
            && ((ends_in_alphanumeric(&self.text) && after.starts_with('@'))
                || (self.text.ends_with('@') && starts_alphanumeric(after)))
    }

    /// The address at `span` of `text` as read: up to its last dot where that dot is soft and
    /// what follows is no top-level domain (`help@rakuten.co.jp。Please` reads
    /// `help@rakuten.co.jp`), and a domain with a dot is left.
    pub(super) fn address_at(&self, span: Range<usize>) -> String {
        let shown = &self.text[span.clone()];
        let whole = shown.to_lowercase();
        let (Some(at), Some(dot)) = (shown.rfind('@'), shown.rfind('.')) else {
            return whole;
        };
        let tail = &shown[dot + 1..];
        let cut = &shown[..dot];
        let soft = self.soft_dots.contains(&(span.start + dot));
        if dot < at || !soft || is_top_level(tail) || !cut[at + 1..].contains('.') {
            return whole;
        }
        cut.to_lowercase()
    }
}

/// The sign of `@` or `.` that `rest` (lower case) starts with, and its length. A lone `.` is
/// a sign only `spaced` (`evil . example`); `@` with a space after it is one.
fn sign_at(rest: &str, spaced: bool) -> Option<(char, usize)> {
    for (open, close) in BRACKETS {
        let Some(inner) = rest.strip_prefix(open) else {
            continue;
        };
        let inner = inner.trim_start_matches(' ');
        let words = AT_WORDS.iter().map(|w| (*w, '@'));
        let words = words.chain(DOT_WORDS.iter().map(|w| (*w, '.')));
        for (word, read) in words.chain(BRACKETED) {
            let after = inner.strip_prefix(word).map(|a| a.trim_start_matches(' '));
            if let Some(after) = after.and_then(|a| a.strip_prefix(close)) {
                return Some((read, rest.len() - after.len()));
            }
        }
    }
    let words = AT_WORDS.iter().map(|w| (*w, '@'));
    if let Some((word, read)) = words
        .chain(DOT_WORDS.iter().map(|w| (*w, '.')))
        .find(|(w, _)| rest.starts_with(w))
    {
        return Some((read, word.len()));
    }
    if rest.starts_with("@ ") {
        return Some(('@', 1));
    }
    (rest.starts_with('.') && (spaced || rest.starts_with(". "))).then_some(('.', 1))
}

/// Up to [`MAX_QUOTED`] bytes of `s` from `from`, ending on a character.
fn near(s: &str, from: usize) -> &str {
    let mut end = s.len().min(from + MAX_QUOTED);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[from..end]
}

/// `s` after any comments and spaces it starts with.
fn skip_comments(mut s: &str) -> &str {
    loop {
        s = s.trim_start_matches(' ');
        let Some(inner) = s.strip_prefix('(') else {
            return s;
        };
        match inner.find(')') {
            Some(close) if close <= MAX_QUOTED => s = &inner[close + 1..],
            _ => return s,
        }
    }
}

fn ends_in_alphanumeric(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
}

fn starts_alphanumeric(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether `label` may be a top-level domain mail can go to (any label in another script may
/// be one).
fn is_top_level(label: &str) -> bool {
    let label = label.to_ascii_lowercase();
    !label.is_ascii()
        || label.starts_with("xn--")
        || psl::suffix(label.as_bytes()).is_some_and(|s| s.is_known())
}
