//! The published check for e-mail addresses: an address a reader could write to reaches a page
//! only if it is the `email` of a channel with an official source, as a number must be vetted.
//!
//! A page is read as a reader meets it: its visible text with references decoded, tags joined
//! (`help<b>@</b>evil.example` is one address; a block boundary reads as a space), comments,
//! scripts and styles left out, each attribute a person sees or hears on its own, and the
//! address a `mailto:` link writes to (percent-escapes decoded). The text is put in the
//! reader's form first (NFKC, invisible characters removed), so `＠`, `﹫` and full-width
//! letters are read as the ASCII they look like; `(at)` and `[at]` are read as `@`.
//!
//! An address needs a mailbox name before its `@`: a sender's domain shown alone
//! (`@〇〇.rakuten.co.jp`, as the bundled guide teaches readers to check senders) is not an
//! address anyone can write to, and is not read as one. See [`crate::email::addresses_in`].

use std::collections::HashSet;

use memchr::memmem;

use super::kinds::char_at;
use super::markup::{comment_end, end_tag_at, is_markup, tag_kind, visible_attribute, Tag};
use super::normalise::{fold, normalise_into, Fold};
use super::references::{decode_into, reference, Reference};
use super::report::shorten;
use super::{Normalised, Place};
use unicode_normalization::UnicodeNormalization;

/// An address on a published page that no vetted channel gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedEmail {
    /// Lower case, as compared (`help@evil.example`).
    pub address: String,
    /// The text around it as the reader sees it.
    pub shown: String,
    /// Where in the page (or text) its first character came from.
    pub byte_offset: usize,
    pub place: Place,
}

/// Every address in a page's HTML that `vetted` (canonical addresses) does not hold.
pub fn unvetted_emails(html: &[u8], vetted: &HashSet<String>) -> Vec<PublishedEmail> {
    if !may_hold_address(html) {
        return Vec::new();
    }
    read_addresses(html, vetted)
}

/// [`unvetted_emails`] without the quick check: the whole page read.
fn read_addresses(html: &[u8], vetted: &HashSet<String>) -> Vec<PublishedEmail> {
    let mut reader = PageReader::default();
    reader.read(html);
    let mut out = Vec::new();
    report(&reader.flow, Place::Text, vetted, &mut out);
    for (place, text) in &reader.runs {
        report(text, *place, vetted, &mut out);
    }
    out.sort_by_key(|e| e.byte_offset);
    out
}

/// A page's text as a reader meets it: the flow of visible text, then each attribute a person
/// sees or hears (and `mailto:` targets) on its own, each character with the byte it came from.
pub(super) fn visible_texts(html: &[u8]) -> Vec<(Place, Vec<(char, usize)>)> {
    let mut reader = PageReader::default();
    reader.read(html);
    let mut texts = vec![(Place::Text, reader.flow)];
    texts.extend(reader.runs);
    texts
}

/// Same, for plain text a reader meets outside HTML (the text a QR code holds).
pub fn unvetted_emails_in_text(text: &str, vetted: &HashSet<String>) -> Vec<PublishedEmail> {
    if !may_hold_address(text.as_bytes()) {
        return Vec::new();
    }
    let chars: Vec<(char, usize)> = mailto_target(text)
        .unwrap_or_else(|| text.to_owned())
        .chars()
        .map(|c| (c, 0))
        .collect();
    let mut out = Vec::new();
    report(&chars, Place::Text, vetted, &mut out);
    out
}

/// Whether any form of `@` (or `at` in brackets) is in the bytes: most pages hold none, and are
/// not read further. Each sign is found from its first byte: `@ & % \`, the closing brackets
/// after `at` and `0xEF` (the full-width forms) in one pass, then the CJK closers (`0xE3 0x80`)
/// and the kana spellings. It may let through a page that holds no address (the full reading
/// then finds none); it may not pass over one that does (`the_quick_check_lets_through_…`).
fn may_hold_address(b: &[u8]) -> bool {
    let at = |k: usize, sign: &str| b[k..].starts_with(sign.as_bytes());
    let first_byte = |k: usize| match b[k] {
        // A CSS escape (`\40 `, `\(`) in a stylesheet's `content:` is read decoded.
        b'@' | b'\\' => true,
        b'&' => {
            at(k, "&#")
                || match reference_char(b, k) {
                    Some('@' | '%' | '\\') => true,
                    Some(':') => mailto_scheme_before(b, k),
                    Some(c) => closes_folded(c) && at_before(b, k),
                    None => false,
                }
        }
        b'%' => percent_escape_at(b, k),
        // A `mailto:` target and a stylesheet's strings are read joined by blanks
        // (`help(at,)`, `"help(at" ")evil.example"`), which no closer's look reads: a page
        // with either is read.
        b':' => mailto_scheme_before(b, k),
        b'y' | b'Y' => style_at(b, k),
        0xef => {
            // Full-width brackets and colons (`（）：`, `0xEF 0xBC` first) are common in
            // Japanese; the signs are told by their second and third bytes.
            let sign = full_width_sign_start(b.get(k + 1..k + 3));
            // What stands before is looked at first: most of these follow a kana or a kanji.
            (sign && FULL_WIDTH_SIGNS.iter().any(|sign| at(k, sign)))
                || (at_before(b, k) && closes(b, k))
        }
        0xe2 => at_before(b, k) && closes(b, k),
        _ => at_before(b, k),
    };
    let [cjk_closer_start, small_tsu @ ..] = &*FINDERS;
    let cjk_closed = || {
        cjk_closer_start
            .find_iter(b)
            .any(|k| at_before(b, k) && CJK_CLOSERS.iter().any(|close| at(k, close)))
    };
    let kana = || {
        small_tsu
            .iter()
            .any(|finder| finder.find_iter(b).any(|k| kana_sign_around(b, k)))
    };
    any_sign_byte(b, first_byte) || cjk_closed() || kana()
}

/// Whether `mailto` stands before the colon at `k` as a `mailto:` link's target is read:
/// in any case, with tabs and line breaks (or references to them, or to nothing) between
/// its letters.
fn mailto_scheme_before(b: &[u8], k: usize) -> bool {
    // Most colons (`https:`, `9:00`) follow no `o`, nor a tab, a line break or the end of a
    // reference (a raw character that is not ASCII is none of them either).
    if !k
        .checked_sub(1)
        .is_some_and(|p| matches!(b[p], b'o' | b'O' | b';' | b'\t' | b'\n' | b'\r'))
    {
        return false;
    }
    let mut end = k;
    for letter in ['o', 't', 'l', 'i', 'a', 'm'] {
        while let Some((c, start)) = shown_before(b, end) {
            if !matches!(c, '\t' | '\n' | '\r' | READ_AS_NOTHING) {
                break;
            }
            end = start;
        }
        match shown_before(b, end) {
            Some((c, start)) if c.eq_ignore_ascii_case(&letter) => end = start,
            _ => return false,
        }
    }
    true
}

/// Whether the `y` at `k` ends the name of a `<style>` element or a `style` attribute, whose
/// CSS the full reading reads for `content:` (and `quotes:`, `list-style`).
fn style_at(b: &[u8], k: usize) -> bool {
    let Some(start) = k.checked_sub(2) else {
        return false;
    };
    if !b[start..]
        .get(..5)
        .is_some_and(|name| name.eq_ignore_ascii_case(b"style"))
    {
        return false;
    }
    let before = start.checked_sub(1).map(|p| b[p]);
    if before.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) {
        return false;
    }
    let after = &b[start + 5..];
    let next = after.iter().find(|c| !c.is_ascii_whitespace());
    match before {
        Some(b'<') => after
            .first()
            .is_none_or(|&c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/')),
        _ => next == Some(&b'='),
    }
}

/// The searchers [`may_hold_address`] uses on every page, built once: the first two bytes of
/// every CJK closer, then the small `っ ッ ｯ` that [`kana_sign_around`] reads from.
static FINDERS: std::sync::LazyLock<[memmem::Finder<'static>; 4]> =
    std::sync::LazyLock::new(|| {
        [
            memmem::Finder::new(b"\xe3\x80"),
            memmem::Finder::new("っ"),
            memmem::Finder::new("ッ"),
            memmem::Finder::new("ｯ"),
        ]
    });

/// Whether the small `っ`/`ッ`/`ｯ` at `k` may be the middle of `あっと`/`アット`, as the full reading
/// reads them (after NFKC, with what it drops removed and tags joined): a character whose NFKC
/// form ends in `あ`/`ア` before it (`ｱ`, `㋐`, `㌂`), one whose form starts with `と`/`ト` after
/// it (`ﾄ`, `㋣`, `㌧`), with nothing but blanks, dropped characters and references to them
/// between; a tag on either side may join anything, so it lets the page be read. (Every other
/// character whose form holds a small `ッ` has another letter before it: `㍗` is `ワット`.)
/// Hiragana and katakana are not told apart here: the full reading reads each word in one.
fn kana_sign_around(b: &[u8], k: usize) -> bool {
    // Most small `っ` follow a kana or a kanji (`知っ`, `使っ`), whose NFKC form ends in
    // neither `あ` nor `ア` unless it is one of them.
    if let Some(before) = k.checked_sub(3).map(|from| &b[from..k]) {
        if plain_kana_or_kanji(before) && before != "あ".as_bytes() && before != "ア".as_bytes() {
            return false;
        }
    }
    let end = skip_blanks_back(b, k);
    let before = b[..end].last() == Some(&b'>')
        || shown_before(b, end).is_some_and(|(c, _)| {
            std::iter::once(c)
                .nfkc()
                .last()
                .is_some_and(|f| matches!(f, 'あ' | 'ア'))
        });
    before && {
        let from = k + char_at(b, k).1;
        let start = skip_blanks_forward(b, from);
        match b.get(start) {
            Some(b'<') => is_markup(b, start),
            Some(_) => {
                let c = shown_at(b, start);
                std::iter::once(c)
                    .nfkc()
                    .next()
                    .is_some_and(|f| matches!(f, 'と' | 'ト'))
            }
            None => false,
        }
    }
}

/// The character a reader sees at `k` (a reference decoded: the first character of its text,
/// or one the full reading drops where it stands for nothing).
fn shown_at(b: &[u8], k: usize) -> char {
    if b[k] == b'&' {
        if let Some((r, _)) = reference(&b[k..]) {
            return match r {
                Reference::Char(c) => c,
                Reference::Text(text) => text.chars().next().unwrap_or(READ_AS_NOTHING),
            };
        }
    }
    char_at(b, k).0
}

/// How many bytes the character [`shown_at`] reads at `k` takes (a reference's whole length).
fn shown_len(b: &[u8], k: usize) -> usize {
    match b[k] {
        b'&' => reference(&b[k..]).map_or(1, |(_, len)| len),
        _ => char_at(b, k).1,
    }
}

/// Where the blanks from `start` end: what the full reading folds to a space or drops,
/// written as itself or as a reference.
fn skip_blanks_forward(b: &[u8], mut start: usize) -> usize {
    while start < b.len() && blank_or_nothing(shown_at(b, start)) {
        start += shown_len(b, start);
    }
    start
}

/// Whether the full reading reads `c` as a blank or as nothing: what it folds to a space or
/// drops, controls, U+FFFD (bytes that are not UTF-8), and the compatibility characters whose
/// NFKC form is only such characters and combining marks (`¨` is a space and a diaeresis, `ﾞ`
/// a voiced mark).
fn blank_or_nothing(c: char) -> bool {
    let blank = |f: char| {
        matches!(fold(f), Fold::Space | Fold::Drop)
            || f.is_control()
            || f == '\u{fffd}'
            || unicode_normalization::char::is_combining_mark(f)
    };
    blank(c) || (matches!(fold(c), Fold::Compat) && std::iter::once(c).nfkc().all(blank))
}

/// Whether the `%` at `k` starts a percent-escape once a URL is cleaned (tabs and line breaks
/// dropped, references decoded): a `mailto:` target is read decoded (`%40` is `@`,
/// `%28at%29` is `(at)`).
fn percent_escape_at(b: &[u8], k: usize) -> bool {
    let mut j = k + 1;
    while j < b.len() {
        let c = shown_at(b, j);
        if c.is_ascii_hexdigit() {
            return true;
        }
        if !matches!(c, '\t' | '\n' | '\r') && !blank_or_nothing(c) {
            return false;
        }
        j += shown_len(b, j);
    }
    false
}

/// Whether `found` holds at any byte of `b` that may start a sign: `@ & % \`, `:` after `o`
/// (of `mailto:`), `y` after `t` (of `style`), `0xEF`, `0xE2`,
/// and an ASCII closer (`) ] } >`) after a byte [`at_before`] looks further from (a blank, `t`,
/// `;`, `>`, or not ASCII). Most closers, every tag's `>`, follow a letter or a quote: they
/// are passed over sixteen bytes at a time with the others.
fn any_sign_byte(b: &[u8], mut found: impl FnMut(usize) -> bool) -> bool {
    let mut base = 0;
    while base + 16 <= b.len() {
        let mut mask = sign_bytes_in(b, base);
        while mask != 0 {
            if found(base + mask.trailing_zeros() as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        base += 16;
    }
    (base..b.len()).any(|k| sign_byte(b, k) && found(k))
}

/// [`any_sign_byte`]'s test of one byte.
fn sign_byte(b: &[u8], k: usize) -> bool {
    match b[k] {
        b'@' | b'&' | b'%' | b'\\' | 0xef | 0xe2 => true,
        // The colon of `mailto:` (after `o`, or what its letters may have between them), the
        // `y` of `style`.
        b':' => k
            .checked_sub(1)
            .is_some_and(|p| b[p] | 0x20 == b'o' || matches!(b[p], b';' | b'\t' | b'\n' | b'\r')),
        b'y' | b'Y' => k.checked_sub(1).is_some_and(|p| b[p] | 0x20 == b't'),
        b')' | b']' | b'}' | b'>' => k.checked_sub(1).is_some_and(|p| {
            let before = b[p];
            before <= b' '
                || before >= 0x7f
                || matches!(before | 0x20, b't')
                || matches!(before, b';' | b'>' | b'p' | b'y')
        }),
        _ => false,
    }
}

/// [`sign_byte`] of the sixteen bytes from `base`, bit `k` for `b[base + k]`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sign_bytes_in(b: &[u8], base: usize) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_slli_si128,
    };
    assert!(base + 16 <= b.len());
    // SAFETY: SSE2 is part of every x86_64 target; the loads read bytes `base..base + 16`
    // and `base - 1..base + 15` of `b`, within it (asserted above, and `base > 0` for the
    // second).
    unsafe {
        let eq = |v, byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
        let here = _mm_loadu_si128(b.as_ptr().add(base).cast());
        let before = if base == 0 {
            // The page's first byte has nothing before it: a zero, which lets it be looked at.
            _mm_slli_si128::<1>(here)
        } else {
            _mm_loadu_si128(b.as_ptr().add(base - 1).cast())
        };
        let lower = |v| _mm_or_si128(v, _mm_set1_epi8(0x20));
        let always = _mm_or_si128(
            _mm_or_si128(
                _mm_or_si128(eq(here, b'@'), eq(here, b'&')),
                _mm_or_si128(eq(here, b'\\'), eq(here, b'%')),
            ),
            _mm_or_si128(eq(here, 0xef), eq(here, 0xe2)),
        );
        let t = eq(lower(before), b't');
        let colon = _mm_and_si128(
            eq(here, b':'),
            _mm_or_si128(
                _mm_or_si128(eq(lower(before), b'o'), eq(before, b';')),
                _mm_or_si128(
                    eq(before, b'\t'),
                    _mm_or_si128(eq(before, b'\n'), eq(before, b'\r')),
                ),
            ),
        );
        let style = _mm_and_si128(eq(lower(here), b'y'), t);
        let always = _mm_or_si128(always, _mm_or_si128(colon, style));
        let closer = _mm_or_si128(
            _mm_or_si128(eq(here, b')'), eq(here, b']')),
            _mm_or_si128(eq(here, b'}'), eq(here, b'>')),
        );
        let blank_or_control = eq(_mm_max_epu8(before, _mm_set1_epi8(b' ' as i8)), b' ');
        let not_ascii = _mm_cmplt_epi8(before, _mm_setzero_si128());
        // `;` ends a reference, `p` and `y` the legacy `&nbsp` and `&shy`; 0x7f is a control.
        let ends = _mm_or_si128(
            _mm_or_si128(eq(before, b';'), eq(before, b'>')),
            _mm_or_si128(
                _mm_or_si128(eq(before, b'p'), eq(before, b'y')),
                eq(before, 0x7f),
            ),
        );
        let looked_from = _mm_or_si128(
            _mm_or_si128(blank_or_control, not_ascii),
            _mm_or_si128(t, ends),
        );
        _mm_movemask_epi8(_mm_or_si128(always, _mm_and_si128(closer, looked_from))) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn sign_bytes_in(b: &[u8], base: usize) -> u32 {
    (0..16)
        .filter(|&k| sign_byte(b, base + k))
        .fold(0, |mask, k| mask | 1 << k)
}

/// Signs of an address written in full-width forms (`＠`, `﹫`, `ａｔ`, …): each starts with
/// the byte `0xEF`.
const FULL_WIDTH_SIGNS: [&str; 6] = ["＠", "﹫", "ａｔ", "ＡＴ", "Ａｔ", "ａＴ"];

/// Whether the second and third bytes of a character that starts with `0xEF` may start one
/// of [`FULL_WIDTH_SIGNS`] (`＠ Ａ` `0xBC 0xA0`/`0xA1`, `﹫` `0xB9 0xAB`, `ａ` `0xBD 0x81`).
fn full_width_sign_start(next: Option<&[u8]>) -> bool {
    matches!(
        next,
        Some([0xbc, 0xa0 | 0xa1] | [0xb9, 0xab] | [0xbd, 0x81])
    )
}
/// Closing brackets make `at` before them a sign (`(at)`, `[ AT ]`, `&lt;at&gt;`): the ASCII
/// ones, `&gt`, any that folds to one (`0xEF` or `0xE2` first, [`closes`]) and the CJK ones
/// (`0xE3 0x80` first).
const CJK_CLOSERS: [&str; 8] = ["】", "」", "』", "〕", "》", "〉", "〗", "〙"];

/// Whether the character at `k` is a closing bracket once folded (NFKC: `）`, `｣`, `﹚`, `⁾`,
/// `₎`, `︶` …), as the full reading folds it. The quick pass asks it of every character that
/// starts with `0xE2` or `0xEF` (full-width brackets and colons are common in Japanese): those
/// are looked up in [`CLOSERS`].
fn closes(b: &[u8], k: usize) -> bool {
    let c = char_at(b, k).0;
    let code = c as usize;
    match code {
        0x2000..=0x2fff => CLOSERS[(code - 0x2000) / 64] >> (code % 64) & 1 == 1,
        0xf000..=0xffff => CLOSERS[(code - 0xf000 + 0x1000) / 64] >> (code % 64) & 1 == 1,
        _ => closes_folded(c),
    }
}

/// [`closes_folded`] of U+2000–U+2FFF and U+F000–U+FFFF, a bit each.
static CLOSERS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x2000 / 64];
    let codes = (0x2000..0x3000).chain(0xf000..0x1_0000);
    for (k, code) in codes.enumerate() {
        if char::from_u32(code).is_some_and(closes_folded) {
            bits[k / 64] |= 1 << (k % 64);
        }
    }
    bits
});

/// The first character a reference at `k` stands for (`&rpar;` is `)`, `&percnt;` is `%`).
fn reference_char(b: &[u8], k: usize) -> Option<char> {
    match reference(&b[k..])? {
        (Reference::Text(text), _) => text.chars().next(),
        (Reference::Char(c), _) => Some(c),
    }
}

fn closes_folded(c: char) -> bool {
    std::iter::once(c).nfkc().next().is_some_and(|f| {
        matches!(f, ')' | ']' | '}' | '>') || CJK_CLOSERS.iter().any(|close| close.starts_with(f))
    })
}

/// Whether `at` is just before `k` as the full reading would fold it: each letter in any
/// case or compatibility form (`ａ`, `𝐚`, `ⓐ`, `ᵃ`; NFKC) or a character reference, with the
/// blanks the full reading passes over around them (spaces, `&nbsp;`-like references, format
/// and invisible characters, variation selectors).
fn at_before(b: &[u8], k: usize) -> bool {
    // Most closers (every tag's `>`) follow a printable ASCII character that is no `t`, no
    // reference's `;` and no end of `&nbsp` or `&shy` (legacy names, read without `;`):
    // nothing more to look at.
    let Some(&before) = b[..k].last() else {
        return false;
    };
    let legacy_blank = || b[..k].ends_with(b"&nbsp") || b[..k].ends_with(b"&shy");
    if (b' ' + 1..0x7f).contains(&before)
        && !matches!(before, b't' | b'T' | b';' | b'>')
        && !legacy_blank()
    {
        return false;
    }
    // Nor most closers in Japanese text, after a kana or a kanji.
    if k.checked_sub(3)
        .is_some_and(|from| plain_kana_or_kanji(&b[from..k]))
    {
        return false;
    }
    // A tag or comment ends at a `>`: the full reading joins what stands around it
    // (`(at<b></b>)`, `(a<!-- -->t)`), so a `>` where a blank or a letter of `at` may stand
    // lets the page be read.
    let tag_before = |end: usize| b[..end].last() == Some(&b'>');
    let end = skip_blanks_back(b, k);
    if tag_before(end) {
        return true;
    }
    let Some(t) = letter_before(b, end, 't') else {
        return false;
    };
    let end = skip_blanks_back(b, t);
    tag_before(end) || letter_before(b, end, 'a').is_some()
}

/// Whether `bytes` (three) are a kana or a kanji that folds to neither a blank nor a letter:
/// U+3040–U+30FF but the voiced sound marks (`゛`, a space and a combining mark in NFKC),
/// and U+3400–U+9FFF.
fn plain_kana_or_kanji(bytes: &[u8]) -> bool {
    let &[lead, second, third] = bytes else {
        return false;
    };
    let continuation = |c: u8| c & 0xc0 == 0x80;
    if !(0xe3..=0xe9).contains(&lead) || !continuation(second) || !continuation(third) {
        return false;
    }
    let code =
        u32::from(lead & 0x0f) << 12 | u32::from(second & 0x3f) << 6 | u32::from(third & 0x3f);
    matches!(code, 0x3040..=0x3098 | 0x309d..=0x30ff | 0x3400..=0x9fff)
}

/// The character that ends at `end`, and where it starts (`None` at the page's start; a byte
/// that is not UTF-8 is U+FFFD, as the lossy decoding reads it).
fn char_before(b: &[u8], end: usize) -> Option<(char, usize)> {
    if end == 0 {
        return None;
    }
    let Some(start) =
        (end.saturating_sub(4)..end).find(|&s| std::str::from_utf8(&b[s..end]).is_ok())
    else {
        // A byte that is not UTF-8: the lossy decoding's U+FFFD.
        return Some(('\u{fffd}', end - 1));
    };
    let c = std::str::from_utf8(&b[start..end])
        .ok()?
        .chars()
        .next_back()?;
    Some((c, end - c.len_utf8()))
}

/// Where a character reference that ends at `end` starts (`&ascr;`, `&#116;`), if one does.
/// A name may be of any length (an unknown one is read as nothing), and a legacy name ends
/// with no `;` (`&nbsp`).
fn reference_before(b: &[u8], end: usize) -> Option<usize> {
    let name_end = match b[..end].last() {
        Some(b';') => end - 1,
        _ => end,
    };
    let amp = b[..name_end]
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'#'))?;
    (b[amp] == b'&' && amp + 1 < name_end).then_some(amp)
}

/// The character a reader sees ending at `end` (a character reference decoded, as the full
/// reading decodes it), and where it starts.
/// A named reference reads as its text, of which the last character stands just before `end`;
/// an unknown name reads as nothing (`&bogus;`), as the full reading reads it: a character it
/// drops stands for it.
fn shown_before(b: &[u8], end: usize) -> Option<(char, usize)> {
    if let Some(amp) = reference_before(b, end) {
        match reference(&b[amp..end]) {
            Some((Reference::Char(c), len)) if amp + len == end => return Some((c, amp)),
            Some((Reference::Text(text), len)) if amp + len == end => {
                return Some((text.chars().next_back().unwrap_or(READ_AS_NOTHING), amp));
            }
            _ => {}
        }
    }
    char_before(b, end)
}

/// A character the full reading drops (a word joiner), for a reference it reads as nothing.
const READ_AS_NOTHING: char = '\u{2060}';

/// Where the blanks just before `end` start: what the scan folds to a space or drops.
fn skip_blanks_back(b: &[u8], mut end: usize) -> usize {
    while let Some((c, start)) = shown_before(b, end) {
        if !blank_or_nothing(c) {
            break;
        }
        end = start;
    }
    end
}

/// Where the letter `letter` (lower-case ASCII) ends at `end`: in either case, in any
/// compatibility form (by NFKC), written as itself or as a character reference.
fn letter_before(b: &[u8], end: usize, letter: char) -> Option<usize> {
    let (c, start) = shown_before(b, end)?;
    let mut folded = std::iter::once(c).nfkc();
    let is_letter = folded
        .next()
        .is_some_and(|f| f.eq_ignore_ascii_case(&letter))
        && folded.next().is_none();
    is_letter.then_some(start)
}

/// A page's text as a reader meets it: the flow of visible text, and each attribute (and
/// `mailto:` target) on its own, every character with the byte it came from.
#[derive(Default)]
struct PageReader {
    flow: Vec<(char, usize)>,
    runs: Vec<(Place, Vec<(char, usize)>)>,
}

impl PageReader {
    fn read(&mut self, b: &[u8]) {
        let mut i = 0;
        while i < b.len() {
            if is_markup(b, i) {
                i = self.markup(b, i);
                continue;
            }
            let end = (i + 1..b.len())
                .find(|&k| is_markup(b, k))
                .unwrap_or(b.len());
            decode_into(b, i, end, &mut |c, at| self.flow.push((c, at)));
            i = end;
        }
    }

    /// Reads the markup at `i`; returns where the text after it starts.
    fn markup(&mut self, b: &[u8], i: usize) -> usize {
        if b[i..].starts_with(b"<!--") {
            return comment_end(b, i);
        }
        if matches!(b[i + 1], b'!' | b'?') {
            return super::markup::after(b, i, b'>');
        }
        let closing = b[i + 1] == b'/';
        let name_start = i + 1 + usize::from(closing);
        let name_end = (name_start..b.len())
            .find(|&k| matches!(b[k], b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>'))
            .unwrap_or(b.len());
        let name = &b[name_start..name_end];
        let tag = tag_kind(name);
        let end = self.attributes(b, name_end, tag);
        // Ruby text is read as a run of its own, as the scan of numbers reads it: the reading
        // over `03` (`ぜろさん`) is not part of the number.
        let annotation = [&b"rt"[..], b"rp", b"rtc"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n));
        if annotation && !closing {
            let close = end_tag_at(b, end, name);
            let mut run = Vec::new();
            decode_into(b, end, close, &mut |c, at| run.push((c, at)));
            self.runs.push((Place::Text, run));
            return close;
        }
        if matches!(tag, Tag::Block) {
            self.flow.push((' ', i));
        }
        match tag {
            Tag::Skip(name) if !closing => {
                let close = end_tag_at(b, end, name);
                if name == b"style" {
                    let css = String::from_utf8_lossy(&b[end..close]);
                    self.style(&css, end);
                }
                close
            }
            _ => end,
        }
    }

    /// Reads a tag's attributes from `i`; returns just after the tag.
    fn attributes(&mut self, b: &[u8], mut i: usize, tag: Tag) -> usize {
        loop {
            while i < b.len() && matches!(b[i], b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                return (i + 1).min(b.len());
            }
            let name_start = i;
            while i < b.len()
                && !matches!(
                    b[i],
                    b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let name = &b[name_start..i];
            while i < b.len() && matches!(b[i], b'\t' | b'\n' | 0x0c | b'\r' | b' ') {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && matches!(b[i], b'\t' | b'\n' | 0x0c | b'\r' | b' ') {
                i += 1;
            }
            let (from, to, next) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let to = (i + 1..b.len()).find(|&k| b[k] == q).unwrap_or(b.len());
                    (i + 1, to, (to + 1).min(b.len()))
                }
                _ => {
                    let to = (i..b.len())
                        .find(|&k| matches!(b[k], b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'>'))
                        .unwrap_or(b.len());
                    (i, to, to)
                }
            };
            self.attribute(b, name, from, to, tag);
            i = next;
        }
    }

    fn attribute(&mut self, b: &[u8], name: &[u8], from: usize, to: usize, tag: Tag) {
        let mut value = Vec::new();
        decode_into(b, from, to, &mut |c, at| value.push((c, at)));
        if name.eq_ignore_ascii_case(b"href") {
            let text: String = value.iter().map(|(c, _)| c).collect();
            if let Some(target) = mailto_target(&text) {
                let chars = target.chars().map(|c| (c, from)).collect();
                self.runs.push((Place::Attribute("href"), chars));
            }
            if let Some(prefill) = mailto_prefill(&text) {
                let chars = prefill.chars().map(|c| (c, from)).collect();
                self.runs.push((Place::Attribute("href"), chars));
            }
        } else if name.eq_ignore_ascii_case(b"style") {
            let css: String = value.iter().map(|(c, _)| c).collect();
            self.style(&css, from);
        } else if let Some(shown) = visible_attribute(name, tag) {
            self.runs.push((Place::Attribute(shown), value));
        }
    }

    /// The text a style's `content:` adds, as a run of its own.
    fn style(&mut self, css: &str, at: usize) {
        let text = super::css::shown_by_css(css).text;
        if !text.is_empty() {
            let chars = text.chars().map(|c| (c, at)).collect();
            self.runs.push((Place::Attribute("style"), chars));
        }
    }
}

/// The addresses a `mailto:` URL writes to (its path and its `to`, `cc` and `bcc` headers,
/// RFC 6068, percent-escapes decoded), if it is one. Browsers strip leading and trailing
/// spaces, and tabs and newlines anywhere.
fn mailto_target(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = cleaned.get(..7)?;
    if !scheme.eq_ignore_ascii_case("mailto:") {
        return None;
    }
    let target = cleaned[7..].split('#').next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // A list of recipients: each is read, in the path and in every recipient header (in any
    // case, repeated or not). Other headers (`subject`, `body`) prefill a message, they do
    // not address one.
    let mut recipients = vec![percent_decode(path)];
    for header in query.split('&') {
        let (name, value) = header.split_once('=').unwrap_or((header, ""));
        let name = percent_decode(name).to_ascii_lowercase();
        if matches!(name.as_str(), "to" | "cc" | "bcc") {
            recipients.push(percent_decode(value));
        }
    }
    Some(recipients.join(" ").replace(',', " "))
}

/// The text a `mailto:` URL prefills (the values of its headers but the recipients:
/// `subject`, `body` and any other, percent-escapes decoded), one header a line, if it is one
/// with any: the reader sees it in the message it opens, and it is read like text.
pub(super) fn mailto_prefill(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if !cleaned.get(..7)?.eq_ignore_ascii_case("mailto:") {
        return None;
    }
    let target = cleaned[7..].split('#').next().unwrap_or_default();
    let (_, query) = target.split_once('?')?;
    let lines: Vec<String> = query
        .split('&')
        .filter_map(|header| {
            let (name, value) = header.split_once('=').unwrap_or((header, ""));
            let name = percent_decode(name).to_ascii_lowercase();
            (!matches!(name.as_str(), "to" | "cc" | "bcc")).then(|| percent_decode(value))
        })
        .filter(|value| !value.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// `%XX` escapes decoded as a browser decodes them (an escape that is not one is kept).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Reports the addresses of `chars` that `vetted` does not hold.
fn report(
    chars: &[(char, usize)],
    place: Place,
    vetted: &HashSet<String>,
    out: &mut Vec<PublishedEmail>,
) {
    if chars.is_empty() {
        return;
    }
    let text: String = chars.iter().map(|(c, _)| c).collect();
    let mut offsets = Vec::with_capacity(text.len());
    for (c, at) in chars {
        offsets.extend(std::iter::repeat_n(*at, c.len_utf8()));
    }
    let mut norm = Normalised::default();
    normalise_into(&text, &mut Vec::new(), &mut Vec::new(), &mut norm);
    let reader = reading::reading(&text, &norm);
    for (_, span) in crate::email::addresses_in(&reader.text) {
        let address = reader.address_at(span.clone());
        if vetted.contains(&address) {
            continue;
        }
        let at = reader.origin[span.start];
        out.push(PublishedEmail {
            address,
            shown: shorten(context(&reader.text, span.start)),
            byte_offset: offsets
                .get(norm.origin.get(at).copied().unwrap_or(0))
                .copied()
                .unwrap_or(0),
            place,
        });
    }
}

/// Up to 40 characters of `text` from a little before `start`.
fn context(text: &str, start: usize) -> &str {
    let from = text[..start]
        .char_indices()
        .rev()
        .take(10)
        .last()
        .map_or(start, |(i, _)| i);
    text[from..].trim()
}

mod reading;
#[cfg(test)]
mod tests;
