//! Rule 4 on the published pages: a number a reader could dial reaches a page only if a channel
//! with an official source vouches for it. The other rules read the *sources*; this one reads
//! each rendered HTML page the way a reader meets it, so that no written form slips through.
//!
//! # How a page is read
//!
//! A hand-written byte scanner (no DOM, no allocation per tag) follows the HTML tokenizer:
//!
//! - **Visible text**: text of every element, character references decoded (numeric ones,
//!   `&#150;` read as Windows-1252 like browsers do, and the named ones that can stand for a
//!   digit, space, dash, dot, bracket, sign or invisible character; an unknown named reference
//!   such as `&bogus;` is removed, which joins what is around it: the conservative reading).
//!   Inline tags, comments and empty elements join text (`01<b>20</b>-444-4444` is one number);
//!   block boundaries (`<p>`, `<div>`, `<li>`, `<td>`, `<br>`, …) read as a space, which may
//!   still separate the groups of one number (`<td>0120</td><td>444-4444</td>`).
//! - **Not visible**: comments, `<script>` and `<style>` contents, URLs of ordinary links.
//! - **Runs of their own**: `<title>` (tab, bookmarks, search results); `<textarea>`, `<xmp>`,
//!   `<iframe>`, `<noembed>`, `<noframes>` and `<plaintext>` contents (shown by some browser or
//!   other); `<![CDATA[…]]>` is read as text (it is, inside SVG).
//! - **Attributes a person sees or hears**: `title`, `alt`, `aria-label`, `aria-description`,
//!   `aria-roledescription`, `aria-valuetext`, `aria-placeholder`, `aria-braillelabel`,
//!   `placeholder`, `value`, `label`, `summary`, `abbr`, and `content` of `<meta>` (link
//!   previews). An `href` is read only when it dials: `tel:`, `sms:`, `smsto:`, `mms:`,
//!   `callto:`, `wtai:` (i-mode), and `facetime:`/`skype:`/`sip:` with a number. Every digit of
//!   such a link counts, whatever its length (`tel:113` dials 113), up to the first `,` `;` `?`
//!   `@` or pause (`p`, `w`).
//!
//! # The reader's form of text ([`normalise`])
//!
//! NFKC (only on the characters that are not already in it), then: format and invisible
//! characters removed (soft hyphen, zero-width and bidi controls, word joiner, BOM, variation
//! selectors, combining marks such as the keycap `⃣`); every kind of white space collapsed to one
//! space; dash, hyphen, minus, long-vowel mark (`ー`, `ｰ`), box-drawing line and middle dot
//! (`・`, `･`, `·`, `•`) read as `-`; wave dashes (`〜`, `～`) as `~`; `＃ ♯ ⋕ ﹟` as `#` (`№`
//! stays "No": a reader reads it as "number", not as the `#` key); decimal digits of every script
//! and the circled, parenthesised, full-stop, superscript, subscript, full-width, mathematical,
//! segmented and dingbat digits as ASCII. Kanji digits `〇一二三四五六七八九` (and `零 ○ ◯` used as
//! zero) are read as digits where they stand next to another digit (so `一般` and a `○` bullet
//! stay text); `一` between ASCII digits is read as a dash (`0120一444`), like `ー`. The letters
//! `O o` and `l I` (and their Greek and Cyrillic twins) read as `0` and `1` where they touch a
//! digit and are not part of a word (`O12O-444-4444`, but not `CO2`, `Tel0120`).
//!
//! # What counts as a number a reader could dial ([`dialable_numbers`])
//!
//! Digits are read in *groups* (maximal runs of digits); groups joined by 1–3 separator
//! characters (space, `-`, `.`, `/`, `(`, `)`, `[`, `]`, `~`; but ` / ` separates items of a
//! list) make a *run*. Letters, kana, kanji and other marks end a run but never hide a number
//! next to them (`TEL0120…`, `No.0120…`, `電話/0120…`, `…4444（平日）`).
//!
//! - **Japanese numbers**: 10 or 11 digits starting with `0` then `1`–`9`, read from every
//!   position of a run: a window of whole groups (`0120-444-4444 24時間` is `01204444444`), or
//!   with up to 4 other digits glued to its first or last group (`17:000120-444-4444`,
//!   `0120-444-444424時間`; not across `/` or `.`, which join numerals in dates, URLs and
//!   decimals). Where several readings start at one digit, a vetted one wins (the reader may
//!   dial either, and the vetted one is where a phone connects: extra digits after a complete
//!   number are ignored); otherwise the reading that ends where a group ends, the shorter first,
//!   and then the one with fewer glued digits.
//! - `+81` forms read as the domestic number: `+81 3-1234-5678`, `+81 (0)3-…`, `+81-50-…`;
//!   another country code followed by 8–15 digits in whole groups counts as those digits.
//! - **Short codes**: `#` and four digits (`#9110`, `＃７１１９`), unless the digits start a
//!   longer number.
//! - **Three-digit service numbers**: the nationwide ones any phone dials, whatever the carrier:
//!   104 (directory), 110 (police), 117 (time), 118 (coast guard), 119 (fire, ambulance), 171
//!   (disaster message dial), 177 (weather), 188 (consumer hotline), 189 (child guidance), in
//!   any digits (`一一〇番`, `１１０`). Carrier service numbers (113, 116, 151, 157, …) are not
//!   on the list; in a `tel:` link every number counts. A listed number counts when it stands
//!   alone or before `番` (`110番`, `110番通報`, but not `110番地`, `110番目`), alone in its
//!   run or with other listed numbers (`110・119`), and is not:
//!   - part of a larger numeral: `2,110円`, `1.188`, `3110`, `〒110-0001`;
//!   - a quantity: followed by a unit or counter (`110円`, `188件`, `110km`, `119 ページ`,
//!     `110%`), or after `第 約 計 全 各 ¥ $ …` (`第110条`);
//!   - part of a word or path: after a Latin word other than tel/phone/call/dial/hotline
//!     (`Room 110`, `School enrolment 110`), after `_ = ? & @ #` or a `/` with no space, or
//!     before `/` (`110 / 120`, `入学 110 / Enrolment 110`).
//!
//! **Not numbers** (never reported): dates (`2026-12-02`, `2026/11/30`, `12/29`, `2026-12`,
//! `02.12.2026`: a run's date groups are left out of every window, so a date list or a date
//! before a number hides nothing), times (`:` is not a separator: `09:00-17:00`), `年月日時`
//! forms (kanji end runs), prices (`,` is not a separator), postal codes after `〒`, and digit
//! strings whose second digit is `0` (`00-1234-5678`; `＠〇〇.rakuten.co.jp`: `〇〇` is a
//! placeholder), and digit strings longer than a number and 4 glued digits (order and card
//! numbers, ids).
//!
//! # Speed
//!
//! A page is walked once and nothing is allocated per tag or per character. Text is skipped 16
//! bytes at a time where none is a byte to look closer at, then byte by byte, until a
//! *trigger*: an ASCII digit, `#`, a reference that decodes to one, a non-ASCII digit of any
//! kind (full-width, mathematical, circled, superscript, other scripts), `〇 ○ ◯ 零`, or `一`
//! beside another kanji digit (a number starts with 0, a short number with 1). Only then is a
//! *window* opened, across tags and references, up to ten characters after its last digit-like
//! one; it only counts (kana, kanji and words in bulk) and keeps where its text is. Only a
//! window that can hold an unvetted number (a stretch of ten digits but a vetted one of exactly
//! ten, eight after a `+`, `#` and four digits but a vetted code, a group of three digits but a
//! vetted service number) is decoded with the characters before it, normalised and searched.
//! Attribute values are read only when they hold a trigger. Tag names are looked up by a
//! perfect hash of their first eight bytes.
//!
//! # Limits
//!
//! - What CSS does is not read: text hidden by a style is read as shown, and text a style adds
//!   (`content:`) is not read (the default policy, `style-src 'self'`, allows no inline style;
//!   a theme's stylesheet is not content).
//! - A service number written only with parenthesised or circled *ideographs* or circled
//!   numbers above 20 (`㊀㊀㊈`, `㈠㈠〇` is found through its `〇`) is found only where a byte
//!   nearby makes the quick pass look closer; a number that starts with 0 always has a trigger.
//! - A window's context is the last 16 pieces of text and 16 characters before it: a look-alike
//!   `O` before a number, cut off from it by more than 16 empty inline elements, is not read
//!   into it.

use std::collections::HashSet;
use std::ops::Range;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Numbers that channels with an official source vouch for, in canonical form
/// (ASCII digits; a leading '#' for short codes like "#9110"; "+81 3-..." read as "03...").
/// A number given in another written form (`"03-3446-0999"`) is read as its canonical form too.
#[derive(Debug, Clone, Default)]
pub struct VettedNumbers {
    numbers: HashSet<String>,
    /// Which of `SHORT_NUMBERS` are vetted (bit `k` for `SHORT_NUMBERS[k]`), and the vetted
    /// short codes (`#9110` as 9110): windows holding only these need no search.
    short_mask: u16,
    codes: Vec<u16>,
}

impl VettedNumbers {
    pub fn new(canonicals: impl IntoIterator<Item = String>) -> Self {
        let mut numbers = HashSet::new();
        for number in canonicals {
            let folded = canonical_of(&normalise(&number).text);
            if folded.bytes().any(|b| b.is_ascii_digit()) {
                numbers.insert(folded);
            }
            numbers.insert(number);
        }
        let short_mask = SHORT_NUMBERS
            .iter()
            .enumerate()
            .filter(|(_, n)| numbers.contains(**n))
            .fold(0, |mask, (k, _)| mask | 1 << k);
        let codes = numbers
            .iter()
            .filter_map(|n| n.strip_prefix('#'))
            .filter(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .filter_map(|digits| digits.parse().ok())
            .collect();
        Self {
            numbers,
            short_mask,
            codes,
        }
    }

    pub fn contains(&self, canonical: &str) -> bool {
        self.numbers.contains(canonical)
    }
}

/// Where on the page a reader meets a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// Text of the page (or plain text given to [`unvetted_in_text`]).
    Text,
    /// The page's `<title>`: browser tab, bookmarks, search results.
    Title,
    /// An attribute value a reader sees or hears (tooltip, alt text, screen reader, preview).
    Attribute(&'static str),
    /// The target of a `tel:` (`sms:`, `callto:`, …) link or text: what the phone dials.
    TelLink,
}

/// A number a reader could dial, found on a published page and not vetted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedNumber {
    /// e.g. "01204444444", "110", "#9110".
    pub canonical: String,
    /// The text around it as the reader sees it (normalised, ~40 chars, for the message).
    pub shown: String,
    /// Where in the page's HTML bytes it starts (its first character, or the start of the
    /// attribute value for a link).
    pub byte_offset: usize,
    pub place: Place,
}

/// Text in the reader's form, and where each of its bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character that gave byte `i`.
    pub origin: Vec<usize>,
}

/// Every dialable number in a page's HTML that `vetted` does not contain.
pub fn unvetted_numbers(html: &str, vetted: &VettedNumbers) -> Vec<PublishedNumber> {
    let mut scanner = Scanner::new(html, vetted);
    scanner.document();
    let mut out = scanner.out;
    // A window's context may hold the end of the window before it: one number, one report.
    out.sort_by(|a, b| {
        (a.byte_offset, a.place, &a.canonical).cmp(&(b.byte_offset, b.place, &b.canonical))
    });
    out.dedup_by(|a, b| {
        (a.byte_offset, a.place, &a.canonical) == (b.byte_offset, b.place, &b.canonical)
    });
    out
}

/// Same, for plain text a reader sees outside HTML (the URL encoded in a QR code, a PDF title).
/// Text that is a `tel:` (`sms:`, …) URL counts as the number it dials.
pub fn unvetted_in_text(text: &str, vetted: &VettedNumbers) -> Vec<PublishedNumber> {
    let mut out = Vec::new();
    if let Some(number) = dialled_by_link(text) {
        if !vetted.contains(&number) {
            out.push(PublishedNumber {
                canonical: number,
                shown: shorten(text.trim()),
                byte_offset: 0,
                place: Place::TelLink,
            });
        }
        return out;
    }
    let mut scratch = Scratch::default();
    report_numbers(text, 0, None, Place::Text, vetted, &mut scratch, &mut out);
    out
}

/// The reader's form of text: NFKC, format/invisible chars removed, look-alike digits and signs
/// mapped, whitespace collapsed. `origin[i]` is the byte offset in `text` of output byte i (so a
/// hit can be located in a raw source file).
pub fn normalise(text: &str) -> Normalised {
    let mut out = Normalised::default();
    normalise_into(text, &mut Vec::new(), &mut Vec::new(), &mut out);
    out
}

/// Dialable numbers (canonical + byte span), in any normalised text.
pub fn dialable_numbers(normalised: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    find_numbers(normalised, None, &mut NumScratch::default(), &mut found);
    found.into_iter().map(|f| (f.canonical, f.span)).collect()
}

// ---------------------------------------------------------------------------------------------
// The reader's form of text

/// What [`normalise`] makes of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// Stays as it is (already NFKC, not mapped).
    Keep,
    /// Not seen: removed.
    Drop,
    /// White space: one space.
    Space,
    /// Read as this (ASCII) character.
    To(char),
    /// A digit sign for a number NFKC does not decompose (`❿` is 10).
    Number(u32),
    /// Changed by NFKC: its compatibility form is read instead.
    Compat,
}

fn fold(c: char) -> Fold {
    match c {
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => Fold::Space,
        '\0'..='\x1f' | '\x7f' => Fold::Drop,
        '\x20'..='\x7e' => Fold::Keep,
        '\u{85}'
        | '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}' => Fold::Space,
        // Controls, format characters and other default-ignorable code points.
        '\u{80}'..='\u{9f}'
        | '\u{ad}'
        | '\u{34f}'
        | '\u{61c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{3164}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff0}'..='\u{fff8}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}' => Fold::Drop,
        // Combining marks (a digit with an accent or an enclosing keycap is still that digit).
        '\u{300}'..='\u{36f}'
        | '\u{483}'..='\u{489}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}'
        | '\u{3099}'
        | '\u{309a}' => Fold::Drop,
        // Dashes, hyphens, minus signs, long-vowel marks, horizontal lines and middle dots.
        '\u{58a}'
        | '\u{5be}'
        | '\u{1806}'
        | '\u{2010}'..='\u{2015}'
        | '\u{2043}'
        | '\u{2212}'
        | '\u{2796}'
        | '\u{23af}'
        | '\u{2500}'
        | '\u{2501}'
        | '\u{2574}'
        | '\u{2576}'
        | '\u{2578}'
        | '\u{257a}'
        | '\u{2e3a}'
        | '\u{2e3b}'
        | '\u{2e40}'
        | '\u{30a0}'
        | '\u{30fc}'
        | '\u{31d0}'
        | '\u{fe58}'
        | '\u{fe63}'
        | '\u{ff0d}'
        | '\u{ff70}'
        | '\u{b7}'
        | '\u{387}'
        | '\u{16eb}'
        | '\u{2022}'
        | '\u{2027}'
        | '\u{2219}'
        | '\u{22c5}'
        | '\u{2e31}'
        | '\u{30fb}'
        | '\u{ff65}' => Fold::To('-'),
        // Wave dashes and tildes.
        '\u{2dc}' | '\u{2053}' | '\u{223c}' | '\u{223d}' | '\u{301c}' | '\u{3030}' | '\u{ff5e}' => {
            Fold::To('~')
        }
        // Number signs (`№` is not one: NFKC reads it as "No").
        '\u{266f}' | '\u{22d5}' | '\u{fe5f}' | '\u{ff03}' => Fold::To('#'),
        // Greek, Cyrillic and Armenian letters that look like O and I.
        '\u{39f}' | '\u{41e}' | '\u{555}' => Fold::To('O'),
        '\u{3bf}' | '\u{43e}' | '\u{585}' => Fold::To('o'),
        '\u{399}' | '\u{406}' | '\u{4c0}' => Fold::To('I'),
        '\u{1c0}' => Fold::To('l'),
        // Dingbat and double-circled digits, which NFKC leaves as they are.
        '\u{2776}'..='\u{277f}' => Fold::Number(c as u32 - 0x2775),
        '\u{2780}'..='\u{2789}' => Fold::Number(c as u32 - 0x277f),
        '\u{278a}'..='\u{2793}' => Fold::Number(c as u32 - 0x2789),
        '\u{24eb}'..='\u{24f4}' => Fold::Number(c as u32 - 0x24eb + 11),
        '\u{24f5}'..='\u{24fe}' => Fold::Number(c as u32 - 0x24f4),
        '\u{24ff}' | '\u{1f10b}' | '\u{1f10c}' => Fold::Number(0),
        // Full-width forms of ASCII.
        '\u{ff01}'..='\u{ff5e}' => Fold::To(char::from(b'!' + (c as u32 - 0xff01) as u8)),
        // Punctuation, brackets, quotes, arrows and shapes that NFKC keeps.
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301b}'
        | '\u{2018}'..='\u{201f}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{25a0}'..='\u{26ff}'
        | '\u{c0}'..='\u{ff}' => Fold::Keep,
        // Kana, kanji and hangul that NFKC keeps: most of a Japanese page, decided quickly.
        '\u{3041}'..='\u{3096}'
        | '\u{309d}'
        | '\u{309e}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{30fd}'
        | '\u{30fe}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}' => Fold::Keep,
        _ => match nd_digit(c) {
            Some(d) => Fold::To(char::from(b'0' + d)),
            None if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes => Fold::Keep,
            None => Fold::Compat,
        },
    }
}

/// The first code point of each block of ten decimal digits (Unicode category Nd) beyond ASCII.
const ND_ZEROS: [u32; 73] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x116D0, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50, 0x11DA0, 0x11F50,
    0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
    0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script other than ASCII.
fn nd_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x660 {
        return None;
    }
    let k = ND_ZEROS.partition_point(|&z| z <= cp);
    let offset = cp - ND_ZEROS[k.checked_sub(1)?];
    (offset < 10).then_some(offset as u8)
}

/// Kanji digits, and the circles written for zero.
fn kanji_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '○' | '◯' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_lookalike(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'l' | 'I')
}

/// Separators of a number in normalised text.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '[' | ']' | '~')
}

fn normalise_into(
    text: &str,
    chars: &mut Vec<(char, usize)>,
    mapped: &mut Vec<char>,
    out: &mut Normalised,
) {
    chars.clear();
    for (at, c) in text.char_indices() {
        fold_push(c, at, chars);
    }
    read_in_context(chars, mapped);
    out.text.clear();
    out.origin.clear();
    for &(c, at) in chars.iter() {
        out.text.push(c);
        out.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

fn fold_push(c: char, at: usize, chars: &mut Vec<(char, usize)>) {
    let push_space = |chars: &mut Vec<(char, usize)>| {
        if chars.last().is_none_or(|&(last, _)| last != ' ') {
            chars.push((' ', at));
        }
    };
    let push_number = |chars: &mut Vec<(char, usize)>, n: u32| {
        if n >= 10 {
            chars.push((char::from(b'0' + (n / 10) as u8), at));
        }
        chars.push((char::from(b'0' + (n % 10) as u8), at));
    };
    match fold(c) {
        Fold::Keep => chars.push((c, at)),
        Fold::Drop => {}
        Fold::Space => push_space(chars),
        Fold::To(d) => chars.push((d, at)),
        Fold::Number(n) => push_number(chars, n),
        Fold::Compat => {
            for d in std::iter::once(c).nfkc() {
                match fold(d) {
                    Fold::Keep | Fold::Compat => chars.push((d, at)),
                    Fold::Drop => {}
                    Fold::Space => push_space(chars),
                    Fold::To(e) => chars.push((e, at)),
                    Fold::Number(n) => push_number(chars, n),
                }
            }
        }
    }
}

/// Kanji digits and look-alike letters, read as digits where the characters around them say so.
fn read_in_context(chars: &mut [(char, usize)], mapped: &mut Vec<char>) {
    if !chars
        .iter()
        .any(|&(c, _)| kanji_digit(c).is_some() || is_lookalike(c))
    {
        return;
    }
    mapped.clear();
    mapped.extend(chars.iter().map(|&(c, _)| c));
    let original = |i: usize| chars[i].0;
    // The character beside `i`, looking past one separator when `past_separator`.
    let beside = |i: usize, back: bool, past_separator: bool| -> Option<char> {
        let step = |j: usize| {
            if back {
                j.checked_sub(1)
            } else {
                Some(j + 1).filter(|&k| k < chars.len())
            }
        };
        let j = step(i)?;
        if past_separator && is_separator(original(j)) {
            return step(j).map(original);
        }
        Some(original(j))
    };
    let kanji = |c: Option<char>| c.is_some_and(|c| kanji_digit(c).is_some());
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    for (i, slot) in mapped.iter_mut().enumerate() {
        let c = original(i);
        let Some(value) = kanji_digit(c) else {
            continue;
        };
        let (left, right) = (beside(i, true, true), beside(i, false, true));
        if c == '一' {
            if kanji(left) || kanji(right) {
                *slot = '1';
            } else if digit(beside(i, true, false)) || digit(beside(i, false, false)) {
                *slot = '-';
            }
        } else if kanji(left) || kanji(right) || digit(left) || digit(right) {
            *slot = char::from(b'0' + value);
        }
    }
    for (i, (c, _)) in chars.iter_mut().enumerate() {
        let m = mapped[i];
        *c = m;
        if !is_lookalike(m) {
            continue;
        }
        let left = i.checked_sub(1).map(|j| mapped[j]);
        let right = mapped.get(i + 1).copied();
        let letter = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
        if (digit(left) && !letter(right)) || (digit(right) && !letter(left)) {
            *c = if matches!(m, 'O' | 'o') { '0' } else { '1' };
        }
    }
}

/// Canonical form of a number in normalised text: its digits, `#` first for a short code, and
/// Japan's country code read as the domestic number (as `crate::phone::canonical` does).
fn canonical_of(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start().starts_with('+') {
        if let Some(national) = digits.strip_prefix("81") {
            return format!("0{}", national.strip_prefix('0').unwrap_or(national));
        }
        return digits;
    }
    if number.chars().find(|c| c.is_ascii_digit() || *c == '#') == Some('#') {
        return format!("#{digits}");
    }
    digits
}

// ---------------------------------------------------------------------------------------------
// Numbers in normalised text

/// The three-digit numbers every phone in Japan dials the same way.
const SHORT_NUMBERS: [&str; 9] = [
    "104", "110", "117", "118", "119", "171", "177", "188", "189",
];
/// The same, as numbers.
const SHORT_VALUES: [u32; 9] = [104, 110, 117, 118, 119, 171, 177, 188, 189];

/// At most this many other digits glued to the first or last group of a number.
const MAX_GLUED: usize = 4;

/// Latin words after which a three-digit number is dialled.
const CALL_WORDS: [&str; 9] = [
    "tel",
    "phone",
    "telephone",
    "call",
    "calling",
    "dial",
    "dialing",
    "dialling",
    "hotline",
];

/// Latin units after which a three-digit number is a quantity (`110 km`).
const UNITS: [&str; 52] = [
    "km", "m", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "yen", "jpy", "usd", "eur", "mb", "gb",
    "kb", "tb", "v", "w", "kw", "kwh", "hz", "mhz", "ghz", "px", "pt", "dpi", "ppm", "page",
    "pages", "people", "persons", "year", "years", "day", "days", "min", "minutes", "h", "hours",
    "sec", "s", "ms", "items", "times", "th", "st", "nd", "rd", "x", "mph",
];

/// Marks before a numeral that make it an ordinal, an amount or an address.
const NUMERAL_PREFIXES: &str = "第約計全各毎〒¥€£総延築満数十百千万億兆号";

/// A number found in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    canonical: String,
    span: Range<usize>,
    vetted: bool,
}

#[derive(Debug, Clone, Copy)]
struct Digit {
    value: u8,
    at: usize,
    group: usize,
}

#[derive(Default)]
struct NumScratch {
    groups: Vec<Range<usize>>,
    digits: Vec<Digit>,
    excluded: Vec<bool>,
}

fn find_numbers(
    t: &str,
    vetted: Option<&VettedNumbers>,
    scratch: &mut NumScratch,
    out: &mut Vec<Found>,
) {
    let b = t.as_bytes();
    let NumScratch {
        groups,
        digits,
        excluded,
    } = scratch;
    groups.clear();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(start..i);
        } else {
            i += 1;
        }
    }
    let mut first = 0;
    for k in 1..=groups.len() {
        if k < groups.len() && joined(b, groups[k - 1].end, groups[k].start) {
            continue;
        }
        let run = &groups[first..k];
        first = k;
        excluded.clear();
        excluded.resize(run.len(), false);
        mark_dates(b, run, excluded);
        mark_postal_code(t, run, excluded);
        digits.clear();
        for (group, r) in run.iter().enumerate() {
            digits.extend(r.clone().map(|at| Digit {
                value: b[at],
                at,
                group,
            }));
        }
        Run {
            t,
            b,
            groups: run,
            digits,
            excluded,
            vetted,
        }
        .find(out);
    }
}

/// True where the bytes between two groups join them into one run (a spaced ` / ` separates
/// items of a list instead).
fn joined(b: &[u8], end: usize, start: usize) -> bool {
    let gap = &b[end..start];
    gap.len() <= 3
        && gap.iter().all(|&c| is_separator(char::from(c)))
        && !(gap.contains(&b'/') && gap.contains(&b' '))
}

/// Leaves dates out of a run: year-month-day, day-month-year and month-day-year with one
/// separator, year-month, and month/day.
fn mark_dates(b: &[u8], run: &[Range<usize>], excluded: &mut [bool]) {
    let len = |g: usize| run[g].len();
    let value = |g: usize| -> u32 {
        b[run[g].clone()]
            .iter()
            .take(5)
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
    };
    // The one mark (`-`, `/` or `.`, spaces aside) between groups `g` and `g + 1`.
    let gap = |g: usize| -> Option<u8> {
        let mut marks = b[run[g].end..run[g + 1].start]
            .iter()
            .filter(|&&c| c != b' ');
        match (marks.next(), marks.next()) {
            (Some(&mark), None) if b"-/.".contains(&mark) => Some(mark),
            _ => None,
        }
    };
    let year = |g: usize| len(g) == 4 && (1900..=2099).contains(&value(g));
    let month = |g: usize| (1..=2).contains(&len(g)) && (1..=12).contains(&value(g));
    let day = |g: usize| (1..=2).contains(&len(g)) && (1..=31).contains(&value(g));
    let n = run.len();
    let mut g = 0;
    while g < n {
        let span = if g + 2 < n
            && gap(g).is_some()
            && gap(g) == gap(g + 1)
            && ((year(g) && month(g + 1) && day(g + 2))
                || (day(g) && day(g + 1) && (month(g) || month(g + 1)) && year(g + 2)))
        {
            3
        } else if g + 1 < n
            && ((year(g) && month(g + 1) && gap(g).is_some())
                || (month(g) && day(g + 1) && gap(g) == Some(b'/')))
        {
            2
        } else {
            1
        };
        if span > 1 {
            excluded[g..g + span].fill(true);
        }
        g += span;
    }
}

/// Leaves a postal code after `〒` out of a run.
fn mark_postal_code(t: &str, run: &[Range<usize>], excluded: &mut [bool]) {
    let before = &t[..run[0].start];
    if !before.strip_suffix(' ').unwrap_or(before).ends_with('〒') {
        return;
    }
    if run.len() >= 2 && run[0].len() == 3 && run[1].len() == 4 {
        excluded[..2].fill(true);
    } else if run[0].len() == 7 {
        excluded[0] = true;
    }
}

/// A reading of digits `start..end` of a run as a number.
#[derive(Debug, Clone, Copy)]
struct Reading {
    end: usize,
    /// It ends where a group ends.
    whole: bool,
}

struct Run<'a> {
    t: &'a str,
    b: &'a [u8],
    groups: &'a [Range<usize>],
    digits: &'a [Digit],
    excluded: &'a [bool],
    vetted: Option<&'a VettedNumbers>,
}

impl Run<'_> {
    fn find(&self, out: &mut Vec<Found>) {
        let mut idx = 0;
        if let Some(plus) = plus_before(self.b, self.groups[0].start) {
            if let Some((found, next)) = self.international(plus) {
                out.push(found);
                idx = next;
            }
        }
        while idx < self.digits.len() {
            let d = self.digits[idx];
            let g = d.group;
            if self.excluded[g] {
                idx += 1;
                continue;
            }
            let lead = d.at - self.groups[g].start;
            if d.value == b'0' {
                if let Some((found, next)) = self.long_at(idx, lead) {
                    out.push(found);
                    idx = next;
                    continue;
                }
            }
            if lead == 0 {
                if let Some(found) = self.short_at(g) {
                    out.push(found);
                    idx += self.groups[g].len();
                    continue;
                }
            }
            idx += 1;
        }
    }

    fn is_vetted(&self, canonical: &str) -> bool {
        self.vetted.is_some_and(|v| v.contains(canonical))
    }

    /// A Japanese number starting at digit `idx`, `lead` digits into its group.
    fn long_at(&self, idx: usize, lead: usize) -> Option<(Found, usize)> {
        let second = self.digits.get(idx + 1)?;
        if second.value == b'0' || lead > MAX_GLUED {
            return None;
        }
        let readings = [10, 11].map(|len| self.reading(idx, len, lead > 0));
        self.choose(idx, readings, "", self.digits[idx].at)
    }

    /// `+81 …` as the domestic number; another country code with 8–15 digits as those digits.
    fn international(&self, plus: usize) -> Option<(Found, usize)> {
        let d = self.digits;
        if d.len() >= 3 && d[0].value == b'8' && d[1].value == b'1' {
            let from = if d[2].value == b'0' { 3 } else { 2 };
            let readings = [9, 10].map(|len| self.reading(from, len, false));
            return self.choose(from, readings, "0", plus);
        }
        let mut total = 0;
        for (g, r) in self.groups.iter().enumerate() {
            if self.excluded[g] || total + r.len() > 15 {
                break;
            }
            total += r.len();
        }
        if total < 8 {
            return None;
        }
        let canonical: String = d[..total].iter().map(|x| char::from(x.value)).collect();
        let found = Found {
            vetted: self.is_vetted(&canonical),
            canonical,
            span: plus..d[total - 1].at + 1,
        };
        Some((found, total))
    }

    /// Digits `start..start + len` as one number, if the run allows reading them so.
    fn reading(&self, start: usize, len: usize, glued_before: bool) -> Option<Reading> {
        let end = start + len;
        if end > self.digits.len() {
            return None;
        }
        let (first, last) = (self.digits[start], self.digits[end - 1]);
        if self.excluded[first.group..=last.group].contains(&true) {
            return None;
        }
        let whole = self
            .digits
            .get(end)
            .is_none_or(|next| next.group != last.group);
        if glued_before || !whole {
            let extra = self.groups[last.group].end - last.at - 1;
            if extra > MAX_GLUED || self.numeral_marks(first.group, last.group) {
                return None;
            }
        }
        Some(Reading { end, whole })
    }

    /// True where a `/` or `.` joins groups `from..=to`: dates, paths and decimals, where
    /// digits glued to a number are not read off it.
    fn numeral_marks(&self, from: usize, to: usize) -> bool {
        (from..to).any(|g| {
            self.b[self.groups[g].end..self.groups[g + 1].start]
                .iter()
                .any(|c| matches!(c, b'/' | b'.'))
        })
    }

    /// The reading to report of those that start at digit `start` (shorter and longer): a vetted
    /// one, else one that ends where a group does (the shorter), else the longer.
    fn choose(
        &self,
        start: usize,
        readings: [Option<Reading>; 2],
        prefix: &str,
        span_start: usize,
    ) -> Option<(Found, usize)> {
        let [short, long] = readings;
        let preferred = [
            short.filter(|r| r.whole),
            long.filter(|r| r.whole),
            long,
            short,
        ];
        let canonical = |r: &Reading| -> String {
            let digits = self.digits[start..r.end]
                .iter()
                .map(|d| char::from(d.value));
            prefix.chars().chain(digits).collect()
        };
        let vetted = preferred
            .iter()
            .flatten()
            .find(|r| self.is_vetted(&canonical(r)));
        let chosen = *vetted.or_else(|| preferred.iter().flatten().next())?;
        let found = Found {
            canonical: canonical(&chosen),
            span: span_start..self.digits[chosen.end - 1].at + 1,
            vetted: vetted.is_some(),
        };
        Some((found, chosen.end))
    }

    /// `#` and four digits, or a three-digit service number, as group `g`.
    fn short_at(&self, g: usize) -> Option<Found> {
        let r = self.groups[g].clone();
        let digits = &self.t[r.clone()];
        if r.len() == 4 {
            let hash = hash_before(self.b, r.start)?;
            let canonical = format!("#{digits}");
            return Some(Found {
                vetted: self.is_vetted(&canonical),
                canonical,
                span: hash..r.end,
            });
        }
        let listed = |r: &Range<usize>| SHORT_NUMBERS.contains(&&self.t[r.clone()]);
        let standalone = r.len() == 3
            && listed(&r)
            && self.groups.iter().all(listed)
            && standalone_before(&self.t[..self.groups[0].start])
            && standalone_after(&self.t[self.groups[self.groups.len() - 1].end..]);
        standalone.then(|| Found {
            vetted: self.is_vetted(digits),
            canonical: digits.to_string(),
            span: r,
        })
    }
}

/// Where the `+` before a run's first group is (`+81`, `+ 81`, `+(81)`).
fn plus_before(b: &[u8], start: usize) -> Option<usize> {
    let mut k = start;
    while k > 0 && start - k < 2 && matches!(b[k - 1], b' ' | b'(') {
        k -= 1;
    }
    (k > 0 && b[k - 1] == b'+').then(|| k - 1)
}

/// Where the `#` before a group is (`#9110`, `# 9110`).
fn hash_before(b: &[u8], start: usize) -> Option<usize> {
    match b[..start] {
        [.., b'#'] => Some(start - 1),
        [.., b'#', b' '] => Some(start - 2),
        _ => None,
    }
}

/// A three-digit number may be dialled after this text: not after a digit and a comma or point,
/// a Latin word other than a call word, a mark of a path or an amount, or a numeral prefix.
fn standalone_before(before: &str) -> bool {
    let mut rev = before.chars().rev().peekable();
    let mut c = rev.next();
    let spaced = c == Some(' ');
    if spaced {
        c = rev.next();
    }
    let Some(c) = c else {
        return true;
    };
    let word_before =
        |first: char, rev: &mut std::iter::Peekable<std::iter::Rev<std::str::Chars>>| {
            let mut word = vec![first.to_ascii_lowercase()];
            while let Some(&p) = rev.peek() {
                if !p.is_ascii_alphabetic() {
                    break;
                }
                word.push(p.to_ascii_lowercase());
                rev.next();
            }
            word.iter().rev().collect::<String>()
        };
    if c.is_ascii_alphabetic() {
        return CALL_WORDS.contains(&word_before(c, &mut rev).as_str());
    }
    match c {
        ':' => {
            let mut p = rev.next();
            if p == Some(' ') {
                p = rev.next();
            }
            match p {
                Some(p) if p.is_ascii_alphabetic() => {
                    CALL_WORDS.contains(&word_before(p, &mut rev).as_str())
                }
                Some(p) => !p.is_ascii_digit(),
                None => true,
            }
        }
        ',' | '.' => !rev.next().is_some_and(|p| p.is_ascii_digit()),
        '-' | '~' => !rev.next().is_some_and(|p| p.is_ascii_alphanumeric()),
        // A spaced `/` separates items of a list (`#9110 / 110番`).
        '/' => spaced,
        '_' | '=' | '?' | '&' | '%' | '$' | '@' | '#' | '+' | '*' | '\\' | '^' | '<' | '>'
        | '|' => false,
        c => !NUMERAL_PREFIXES.contains(c),
    }
}

/// A three-digit number may be dialled before this text: `番` (not `番地`, `番目`, …), the end, a
/// space and a word that is not a unit, punctuation or a particle; not a unit or counter.
fn standalone_after(after: &str) -> bool {
    let mut it = after.chars().peekable();
    let mut c = it.next();
    let spaced = c == Some(' ');
    if spaced {
        c = it.next();
    }
    let Some(c) = c else {
        return true;
    };
    match c {
        '番' => !it
            .peek()
            .is_some_and(|n| "地目線台組館街手外号町丁".contains(*n)),
        c if c.is_ascii_alphabetic() => {
            let word: String = std::iter::once(c)
                .chain(it.take_while(char::is_ascii_alphabetic))
                .map(|c| c.to_ascii_lowercase())
                .collect();
            spaced && !UNITS.contains(&word.as_str())
        }
        c if c.is_ascii_digit() => false,
        ',' | '.' | '-' | '~' => !it.peek().is_some_and(char::is_ascii_digit),
        '%' | '/' | '@' | '_' | '=' | '&' | '#' | '$' | '+' | '*' | '^' | '°' | '℃' | '¥' | '€'
        | '£' => false,
        'か' | 'こ' | 'つ' | 'ヶ' | 'ケ' | 'カ' | 'ヵ' => false,
        '\u{30a1}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => false,
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Links that dial

/// The number a `tel:` (`sms:`, `callto:`, …) URL dials, in canonical form.
fn dialled_by_link(url: &str) -> Option<String> {
    // URL parsers drop tabs and line breaks anywhere, and C0 controls and spaces at the ends.
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = url.find(':')?;
    let scheme = url[..colon].to_ascii_lowercase();
    let numbers_only = match scheme.as_str() {
        "tel" | "sms" | "smsto" | "mms" | "mmsto" | "callto" | "wtai" => true,
        "facetime" | "facetime-audio" | "skype" | "sip" | "sips" => false,
        _ => return None,
    };
    let mut rest = url[colon + 1..].trim_start_matches('/');
    if scheme == "wtai" {
        // wtai://wp/mc;NUMBER (make call), wtai://wp/ap;NUMBER;NAME (add to the phone book).
        rest = rest.split(';').nth(1)?;
    }
    let decoded = normalise(&percent_decode(rest)).text;
    let number = decoded
        .split([',', ';', '?', '@', 'p', 'P', 'w', 'W'])
        .next()
        .unwrap_or("");
    if !numbers_only
        && !number
            .trim_start()
            .starts_with(|c: char| c == '+' || c.is_ascii_digit())
    {
        return None;
    }
    let canonical = canonical_of(number);
    canonical
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then_some(canonical)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| b.get(k).and_then(|&c| char::from(c).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn shorten(s: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Character references

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    Char(char),
    Text(&'static str),
}

impl Reference {
    fn is_trigger(self) -> bool {
        match self {
            Reference::Char(c) => is_trigger(c),
            Reference::Text(s) => s.chars().any(is_trigger),
        }
    }
}

/// Windows-1252 for the references `&#128;`–`&#159;`, as browsers read them.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The character reference at the start of `s` (which starts with `&`): what it stands for and
/// its length in bytes; `None` where the `&` is a literal.
fn reference(s: &[u8]) -> Option<(Reference, usize)> {
    if s.get(1) == Some(&b'#') {
        let (radix, start) = match s.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut k = start;
        let mut value: u32 = 0;
        while let Some(d) = s.get(k).and_then(|&c| char::from(c).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            k += 1;
        }
        if k == start {
            return None;
        }
        if s.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match value {
            0x80..=0x9f => WINDOWS_1252[value as usize - 0x80],
            0 => '\u{fffd}',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((Reference::Char(c), k));
    }
    let mut k = 1;
    while s.get(k).is_some_and(u8::is_ascii_alphanumeric) {
        k += 1;
    }
    if k == 1 {
        return None;
    }
    if s.get(k) == Some(&b';') {
        // An unknown name is read as nothing: what is around it joins.
        let text = named_reference(&s[1..k]).unwrap_or("");
        return Some((Reference::Text(text), k + 1));
    }
    // Without `;`, browsers still read the legacy names (`&nbsp`, `&shy`, `&sup1`, …).
    LEGACY_NAMES
        .iter()
        .find(|name| s[1..k].starts_with(name.as_bytes()))
        .and_then(|name| {
            Some((
                Reference::Text(named_reference(name.as_bytes())?),
                1 + name.len(),
            ))
        })
}

/// Legacy names browsers read without a `;`, longest first where one starts another.
const LEGACY_NAMES: [&str; 33] = [
    "nbsp", "shy", "amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "sup1", "sup2", "sup3",
    "frac12", "frac14", "frac34", "middot", "copy", "COPY", "reg", "REG", "not", "deg", "times",
    "divide", "yen", "laquo", "raquo", "cent", "pound", "sect", "para", "micro",
];

/// Named references: those that stand for a digit, space, dash, dot, bracket, sign or invisible
/// character, and common ones of prose.
fn named_reference(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"nbsp" | b"NonBreakingSpace" => "\u{a0}",
        b"ensp" => "\u{2002}",
        b"emsp" => "\u{2003}",
        b"emsp13" => "\u{2004}",
        b"emsp14" => "\u{2005}",
        b"numsp" => "\u{2007}",
        b"puncsp" => "\u{2008}",
        b"thinsp" | b"ThinSpace" => "\u{2009}",
        b"hairsp" | b"VeryThinSpace" => "\u{200a}",
        b"MediumSpace" => "\u{205f}",
        b"NewLine" => "\n",
        b"Tab" => "\t",
        b"ZeroWidthSpace"
        | b"NegativeVeryThinSpace"
        | b"NegativeThinSpace"
        | b"NegativeMediumSpace"
        | b"NegativeThickSpace" => "\u{200b}",
        b"zwnj" => "\u{200c}",
        b"zwj" => "\u{200d}",
        b"lrm" => "\u{200e}",
        b"rlm" => "\u{200f}",
        b"NoBreak" => "\u{2060}",
        b"af" | b"ApplyFunction" => "\u{2061}",
        b"it" | b"InvisibleTimes" => "\u{2062}",
        b"ic" | b"InvisibleComma" => "\u{2063}",
        b"shy" => "\u{ad}",
        b"hyphen" | b"dash" => "\u{2010}",
        b"ndash" => "\u{2013}",
        b"mdash" => "\u{2014}",
        b"horbar" => "\u{2015}",
        b"minus" => "\u{2212}",
        b"hybull" => "\u{2043}",
        b"boxh" | b"HorizontalLine" => "\u{2500}",
        b"middot" | b"centerdot" | b"CenterDot" => "\u{b7}",
        b"bull" | b"bullet" => "\u{2022}",
        b"sdot" => "\u{22c5}",
        b"period" => ".",
        b"num" => "#",
        b"sharp" => "\u{266f}",
        b"plus" => "+",
        b"lpar" => "(",
        b"rpar" => ")",
        b"lsqb" | b"lbrack" => "[",
        b"rsqb" | b"rbrack" => "]",
        b"lcub" | b"lbrace" => "{",
        b"rcub" | b"rbrace" => "}",
        b"sol" => "/",
        b"bsol" => "\\",
        b"colon" => ":",
        b"semi" => ";",
        b"comma" => ",",
        b"excl" => "!",
        b"quest" => "?",
        b"ast" | b"midast" => "*",
        b"lowbar" | b"UnderBar" => "_",
        b"verbar" | b"vert" | b"VerticalLine" => "|",
        b"equals" => "=",
        b"percnt" => "%",
        b"dollar" => "$",
        b"commat" => "@",
        b"Hat" => "^",
        b"grave" | b"DiacriticalGrave" => "`",
        b"tilde" | b"DiacriticalTilde" => "\u{2dc}",
        b"sim" | b"Tilde" => "\u{223c}",
        b"amp" | b"AMP" => "&",
        b"lt" | b"LT" => "<",
        b"gt" | b"GT" => ">",
        b"quot" | b"QUOT" => "\"",
        b"apos" => "'",
        b"sup1" => "\u{b9}",
        b"sup2" => "\u{b2}",
        b"sup3" => "\u{b3}",
        b"frac12" | b"half" => "\u{bd}",
        b"frac14" => "\u{bc}",
        b"frac34" => "\u{be}",
        b"copy" | b"COPY" => "\u{a9}",
        b"reg" | b"REG" | b"circledR" => "\u{ae}",
        b"trade" | b"TRADE" => "\u{2122}",
        b"not" => "\u{ac}",
        b"deg" => "\u{b0}",
        b"times" => "\u{d7}",
        b"divide" | b"div" => "\u{f7}",
        b"yen" => "\u{a5}",
        b"euro" => "\u{20ac}",
        b"pound" => "\u{a3}",
        b"cent" => "\u{a2}",
        b"sect" => "\u{a7}",
        b"para" => "\u{b6}",
        b"micro" => "\u{b5}",
        b"plusmn" | b"pm" => "\u{b1}",
        b"hellip" | b"mldr" => "\u{2026}",
        b"laquo" => "\u{ab}",
        b"raquo" => "\u{bb}",
        b"lsquo" => "\u{2018}",
        b"rsquo" => "\u{2019}",
        b"ldquo" => "\u{201c}",
        b"rdquo" => "\u{201d}",
        b"larr" => "\u{2190}",
        b"rarr" => "\u{2192}",
        b"uarr" => "\u{2191}",
        b"darr" => "\u{2193}",
        b"phone" => "\u{260e}",
        b"check" => "\u{2713}",
        b"star" => "\u{2606}",
        b"starf" => "\u{2605}",
        b"cir" => "\u{25cb}",
        b"xcirc" | b"bigcirc" => "\u{25ef}",
        b"oslash" => "\u{f8}",
        b"Oslash" => "\u{d8}",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Triggers: where a window is opened

/// A character that may start or be part of a number and is worth opening a window for (except
/// `一`, which needs a kanji digit beside it).
fn is_trigger(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '#'
            | '\u{b2}'
            | '\u{b3}'
            | '\u{b9}'
            | '\u{bc}'..='\u{be}'
            | '\u{2070}'..='\u{2079}'
            | '\u{2080}'..='\u{2089}'
            | '\u{2150}'..='\u{215f}'
            | '\u{2189}'
            | '\u{2460}'..='\u{24ff}'
            | '\u{2776}'..='\u{2793}'
            | '\u{266f}'
            | '\u{22d5}'
            | '\u{25cb}'
            | '\u{25ef}'
            | '\u{3007}'
            | '\u{3220}'..='\u{3229}'
            | '\u{3248}'..='\u{324f}'
            | '\u{3251}'..='\u{325f}'
            | '\u{3280}'..='\u{3289}'
            | '\u{32b1}'..='\u{32bf}'
            | '\u{96f6}'
            | '\u{f9b2}'
            | '\u{fe5f}'
            | '\u{ff03}'
            | '\u{1d7ce}'..='\u{1d7ff}'
            | '\u{1f100}'..='\u{1f10c}'
            | '\u{1fbf0}'..='\u{1fbf9}'
    ) || nd_digit(c).is_some()
}

/// Bytes a block of text is looked at more closely for: `<`, `&`, `#`, ASCII digits, the lead
/// bytes of the characters that hold digit-like ones (`¹`, other scripts' digits, circled and
/// super/subscript digits, full-width forms, mathematical digits), and the bytes `0x80` (in `〇`
/// and `一`) and `0xb6` (in `零`).
static LOOK_CLOSER: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(
            c as u8,
            b'<' | b'&'
                | b'#'
                | b'0'..=b'9'
                | 0x80
                | 0xb6
                | 0xc2
                | 0xd9
                | 0xdb
                | 0xdf
                | 0xe0..=0xe2
                | 0xea
                | 0xef
                | 0xf0..=0xf4
        );
        c += 1;
    }
    table
};

/// True where no byte of the 16 is one to look closer at.
#[inline]
fn quiet_block(block: &[u8; 16]) -> bool {
    !block
        .iter()
        .fold(false, |any, &c| any | LOOK_CLOSER[usize::from(c)])
}

fn char_at(b: &[u8], i: usize) -> char {
    // `b` is the bytes of a `&str` and `i` a character boundary.
    let lead = u32::from(b[i]);
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3f);
    let cp = match lead {
        0..=0x7f => lead,
        0xc0..=0xdf => ((lead & 0x1f) << 6) | cont(1),
        0xe0..=0xef => ((lead & 0x0f) << 12) | (cont(1) << 6) | cont(2),
        _ => ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
    };
    char::from_u32(cp).unwrap_or('\u{fffd}')
}

fn is_markup(b: &[u8], i: usize) -> bool {
    b[i] == b'<'
        && b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
}

// ---------------------------------------------------------------------------------------------
// Windows of text

/// Characters after the last digit-like one at which a window closes (more than a number's
/// separators, enough for `番地` or a unit after it).
const CLOSE_AFTER: usize = 10;
/// Characters of text before a window that are read with it (a `+`, `#`, `〒`, `O` or the word
/// before a number).
const CONTEXT: usize = 16;
/// Pieces of text kept for a window's context.
const RING: usize = 16;

/// What a character is to a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Gives `weight` digits; `one` if one of them may be a 1; `value` for a digit read as
    /// exactly that digit (ASCII and other decimal digits), not only in some contexts.
    Digit {
        weight: usize,
        one: bool,
        value: Option<u8>,
    },
    /// A letter read as a digit beside one.
    Lookalike {
        one: bool,
    },
    Hash,
    Plus,
    Space,
    /// Removed by normalising.
    Invisible,
    /// May separate groups.
    Neutral,
    /// A Latin letter (other than a look-alike): ends a stretch, and makes a look-alike beside
    /// it part of a word.
    Letter,
    /// Ends a stretch of digits.
    Cold,
}

const fn ascii_kind(c: u8) -> Kind {
    match c {
        b'0'..=b'9' => Kind::Digit {
            weight: 1,
            one: c == b'1',
            value: Some(c - b'0'),
        },
        b'#' => Kind::Hash,
        b'+' => Kind::Plus,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Kind::Space,
        0..=0x1f | 0x7f => Kind::Invisible,
        b'-' | b'.' | b'/' | b'(' | b')' | b'[' | b']' | b'~' => Kind::Neutral,
        b'O' | b'o' => Kind::Lookalike { one: false },
        b'l' | b'I' => Kind::Lookalike { one: true },
        b'A'..=b'Z' | b'a'..=b'z' => Kind::Letter,
        _ => Kind::Cold,
    }
}

static ASCII_KINDS: [Kind; 128] = {
    let mut table = [Kind::Cold; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = ascii_kind(c as u8);
        c += 1;
    }
    table
};

fn kanji_kind(value: u8) -> Kind {
    Kind::Digit {
        weight: 1,
        one: value == 1,
        value: None,
    }
}

/// `kind`, with kana and kanji decided without a look-up.
#[inline]
fn kind_of(c: char) -> Kind {
    match c {
        '\0'..='\x7f' => ASCII_KINDS[c as usize],
        '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' => Kind::Cold,
        '\u{4e00}'..='\u{9fff}' if kanji_digit(c).is_none() => Kind::Cold,
        _ => kind(c),
    }
}

fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return ASCII_KINDS[c as usize];
    }
    if let Some(value) = kanji_digit(c) {
        return kanji_kind(value);
    }
    match fold(c) {
        Fold::Keep => Kind::Cold,
        Fold::Drop => Kind::Invisible,
        Fold::Space => Kind::Space,
        Fold::To(d) => kind(d),
        Fold::Number(n) => Kind::Digit {
            weight: if n >= 10 { 2 } else { 1 },
            one: n == 1 || n >= 10,
            value: None,
        },
        Fold::Compat => {
            let (mut digits, mut one) = (0, false);
            let (mut cold, mut hash, mut plus) = (false, false, false);
            for d in std::iter::once(c).nfkc() {
                match kind_shallow(d) {
                    Kind::Digit { weight, one: o, .. } => {
                        digits += weight;
                        one |= o;
                    }
                    Kind::Lookalike { .. } | Kind::Letter | Kind::Cold => cold = true,
                    Kind::Hash => hash = true,
                    Kind::Plus => plus = true,
                    _ => {}
                }
            }
            if digits > 0 {
                Kind::Digit {
                    weight: digits,
                    one,
                    value: None,
                }
            } else if cold {
                Kind::Cold
            } else if hash {
                Kind::Hash
            } else if plus {
                Kind::Plus
            } else {
                Kind::Neutral
            }
        }
    }
}

/// `kind` of a character NFKC gave, without decomposing it again.
fn kind_shallow(c: char) -> Kind {
    match fold(c) {
        Fold::Keep | Fold::Compat if !c.is_ascii() && kanji_digit(c).is_none() => Kind::Cold,
        Fold::Compat => Kind::Cold,
        _ => kind(c),
    }
}

/// The bytes of a kanji digit (`一 二 三 四 五 六 七 八 九 零`), from those of a character of
/// U+4000–U+9FFF.
#[inline]
fn kanji_digit_bytes(lead: u8, b1: u8, b2: u8) -> bool {
    match (lead, b1) {
        (0xe4, 0xb8) => matches!(b2, 0x80 | 0x83 | 0x89),
        (0xe4, 0xb9) => b2 == 0x9d,
        (0xe4, 0xba) => matches!(b2, 0x8c | 0x94),
        (0xe5, 0x85) => matches!(b2, 0xab | 0xad),
        (0xe5, 0x9b) => b2 == 0x9b,
        (0xe9, 0x9b) => b2 == 0xb6,
        _ => false,
    }
}

/// True where the character at `i` is kana, a kanji other than a digit, or `、。「」『』【】`
/// (cold, decided from its bytes): the bulk of a Japanese page.
#[inline]
fn cold_cjk(b: &[u8], i: usize) -> bool {
    let Some(&[lead, b1, b2]) = b.get(i..i + 3) else {
        return false;
    };
    match (lead, b1) {
        (0xe3, 0x80) => matches!(b2, 0x81 | 0x82 | 0x8c..=0x91),
        (0xe3, 0x81) => true,
        (0xe3, 0x82) => !(0x99..=0xa0).contains(&b2),
        (0xe3, 0x83) => b2 < 0xbb,
        (0xe4..=0xe9, _) => !kanji_digit_bytes(lead, b1, b2),
        _ => false,
    }
}

/// The kind of the character at `i` (not ASCII) and its length: the kana and kanji of a
/// Japanese page, and full-width forms, decided from their bytes.
#[inline]
fn kind_at(b: &[u8], i: usize) -> (Kind, usize) {
    let lead = b[i];
    if (0xe3..=0xef).contains(&lead) && i + 2 < b.len() {
        let (b1, b2) = (b[i + 1], b[i + 2]);
        match (lead, b1) {
            (0xe3, 0x81) | (0xe3, 0x82) if !(0x99..=0xa0).contains(&b2) || b1 == 0x81 => {
                return (Kind::Cold, 3)
            }
            (0xe3, 0x83) => match b2 {
                0xbb | 0xbc => return (Kind::Neutral, 3),
                0xbf => {}
                _ => return (Kind::Cold, 3),
            },
            (0xe3, 0x80) => match b2 {
                0x80 => return (Kind::Space, 3),
                0x81 | 0x82 | 0x8c..=0x91 => return (Kind::Cold, 3),
                _ => {}
            },
            (0xe4..=0xe9, _) if !kanji_digit_bytes(lead, b1, b2) => return (Kind::Cold, 3),
            // Full-width forms of ASCII: as that ASCII character.
            (0xef, 0xbc) if b2 >= 0x81 => return (ASCII_KINDS[usize::from(b2 - 0x60)], 3),
            (0xef, 0xbd) if b2 <= 0x9e => return (ASCII_KINDS[usize::from(b2 - 0x20)], 3),
            _ => {}
        }
    }
    let c = char_at(b, i);
    (kind(c), c.len_utf8())
}

/// What a window (or a run) has seen: enough to tell that it cannot hold a number, and when it
/// closes.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Counted characters since the last digit-like one.
    since_digit: usize,
    last_space: bool,
    digits: usize,
    /// Digit-likes since the last character that ends a stretch.
    stretch: usize,
    max_stretch: usize,
    /// The certain digits of the stretch (the first ten), and whether some are not certain.
    ten: [u8; 10],
    stretch_digits: usize,
    stretch_uncertain: bool,
    /// Stretches of exactly ten certain digits (to look up), and whether another stretch may
    /// hold a number.
    tens: [[u8; 10]; 2],
    ten_seen: usize,
    long: bool,
    has_plus: bool,
    /// After `#` (1), and a space (2).
    hash: u8,
    /// Groups of three digits that are service numbers (bit `k` for `SHORT_NUMBERS[k]`), and a
    /// group of digit-likes that may be read as three digits with a 1.
    shorts: u16,
    any_short: bool,
    /// Groups of four digits after `#`, and one of digit-likes that may be read as four.
    codes: [u16; 4],
    codes_seen: usize,
    any_code: bool,
    /// The group of digit-likes being read: its length, whether it may hold a 1, whether some
    /// of it is read as digits only in context, and its runs of certain digits.
    group: usize,
    group_one: bool,
    group_uncertain: bool,
    certain_run: usize,
    shortest_certain_run: usize,
    /// The value of the group's digits, where all are certain.
    group_value: u32,
    group_after_hash: bool,
    /// The last character seen was a digit-like one, or a letter.
    after_digit: bool,
    after_letter: bool,
    /// A look-alike letter after neither a digit nor a letter: a digit if a digit follows.
    pending: Option<bool>,
}

impl Stats {
    fn observe(&mut self, kind: Kind) {
        match kind {
            Kind::Invisible => return,
            Kind::Digit { weight, one, value } => {
                if let Some(one) = self.pending.take() {
                    self.add_digits(1, one, None);
                }
                self.since_digit = 0;
                self.last_space = false;
                self.add_digits(weight, one, value);
                self.after_digit = true;
                self.after_letter = false;
                self.hash = 0;
                return;
            }
            // A look-alike is read as a digit only beside one and not inside a word.
            Kind::Lookalike { one } => {
                self.since_digit += 1;
                self.last_space = false;
                if self.after_digit {
                    self.add_digits(1, one, None);
                } else if self.after_letter || self.pending.is_some() {
                    self.pending = None;
                    self.end_group();
                    self.end_stretch();
                } else {
                    self.pending = Some(one);
                }
                self.after_digit = false;
                self.after_letter = true;
                return;
            }
            _ => {}
        }
        if self.pending.take().is_some() {
            // It was a letter after all.
            self.end_stretch();
        }
        self.end_group();
        self.after_digit = false;
        self.after_letter = kind == Kind::Letter;
        self.hash = match kind {
            Kind::Hash => 1,
            Kind::Space if self.hash != 0 => 2,
            _ => 0,
        };
        match kind {
            Kind::Space => {
                if !self.last_space {
                    self.since_digit += 1;
                }
                self.last_space = true;
                return;
            }
            Kind::Plus => self.has_plus = true,
            Kind::Cold | Kind::Letter => self.end_stretch(),
            _ => {}
        }
        self.since_digit += 1;
        self.last_space = false;
    }

    /// Nothing is being read (no group, stretch or look-alike): a cold character now changes
    /// only the count of characters since the last digit (and what the last one was).
    fn quiet(&self) -> bool {
        self.group == 0 && self.stretch == 0 && self.pending.is_none()
    }

    /// Inside a word: a letter (or look-alike) now changes nothing but the count of characters
    /// since the last digit.
    fn in_word(&self) -> bool {
        self.after_letter && self.pending.is_none() && self.group == 0 && self.stretch == 0
    }

    /// A stretch ends: one of ten digits or more is a number to search for, unless it is
    /// exactly ten certain digits that are a vetted number (kept to be looked up).
    fn end_stretch(&mut self) {
        if self.stretch >= 10 {
            if self.stretch_digits == 10 && !self.stretch_uncertain && self.ten_seen < 2 {
                self.tens[self.ten_seen] = self.ten;
                self.ten_seen += 1;
            } else {
                self.long = true;
            }
        }
        self.stretch = 0;
        self.stretch_digits = 0;
        self.stretch_uncertain = false;
    }

    fn add_digits(&mut self, weight: usize, one: bool, value: Option<u8>) {
        self.digits += weight;
        self.stretch += weight;
        self.max_stretch = self.max_stretch.max(self.stretch);
        match value {
            Some(v) if self.stretch_digits < 10 => {
                self.ten[self.stretch_digits] = b'0' + v;
                self.stretch_digits += 1;
            }
            Some(_) => self.stretch_digits += 1,
            None => self.stretch_uncertain = true,
        }
        if self.group == 0 {
            self.group_one = false;
            self.group_uncertain = false;
            self.certain_run = 0;
            self.shortest_certain_run = usize::MAX;
            self.group_value = 0;
            self.group_after_hash = self.hash != 0;
        }
        self.group += weight;
        self.group_one |= one;
        if let Some(v) = value {
            self.certain_run += weight;
            self.group_value = self
                .group_value
                .saturating_mul(10)
                .saturating_add(u32::from(v));
        } else {
            self.group_uncertain = true;
            self.end_certain_run();
        }
    }

    fn end_certain_run(&mut self) {
        if self.certain_run > 0 {
            self.shortest_certain_run = self.shortest_certain_run.min(self.certain_run);
        }
        self.certain_run = 0;
    }

    /// A group ends: it may be three digits with a 1 if it has three digit-likes, or more of
    /// which some may not be read as digits, leaving three.
    #[inline]
    fn end_group(&mut self) {
        if self.group == 0 {
            return;
        }
        self.end_certain_run();
        let shortest = match self.shortest_certain_run {
            usize::MAX => 0,
            n => n,
        };
        let uncertain_code = self.group > 4 && self.group_uncertain && shortest <= 4;
        if self.group_after_hash && (self.group == 4 || uncertain_code) {
            if self.group_uncertain || self.codes_seen == self.codes.len() {
                self.any_code = true;
            } else {
                self.codes[self.codes_seen] = self.group_value as u16;
                self.codes_seen += 1;
            }
        }
        if self.group_one && self.group == 3 && !self.group_uncertain {
            if let Some(k) = SHORT_VALUES.iter().position(|&v| v == self.group_value) {
                self.shorts |= 1 << k;
            }
        } else if self.group_one
            && (self.group == 3 || (self.group > 3 && self.group_uncertain && shortest <= 3))
        {
            self.any_short = true;
        }
        self.group = 0;
    }

    /// False where no unvetted number can be in the text: fewer than ten digits in a stretch
    /// but for vetted numbers of ten (eight after a `+`), no `#` with four digits but vetted codes, no group of three with a
    /// 1 but vetted service numbers.
    fn worth_searching(&mut self, vetted: &VettedNumbers) -> bool {
        self.end_group();
        self.end_stretch();
        let unvetted_ten =
            |ten: &[u8; 10]| std::str::from_utf8(ten).map_or(true, |t| !vetted.contains(t));
        self.long
            || self.tens[..self.ten_seen].iter().any(unvetted_ten)
            || (self.has_plus && self.max_stretch >= 8)
            || self.any_short
            || self.any_code
            || self.shorts & !vetted.short_mask != 0
            || self.codes[..self.codes_seen]
                .iter()
                .any(|code| !vetted.codes.contains(code))
    }
}

/// Text gathered for a search, with the place in the page of each byte.
#[derive(Default)]
struct Acc {
    text: String,
    origin: Vec<usize>,
}

impl Acc {
    fn clear(&mut self) {
        self.text.clear();
        self.origin.clear();
    }

    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

#[derive(Default)]
struct Scratch {
    chars: Vec<(char, usize)>,
    mapped: Vec<char>,
    norm: Normalised,
    numbers: NumScratch,
    found: Vec<Found>,
}

/// Reports the unvetted numbers of `text` that end at or after byte `own`, located through
/// `origin` (identity where `None`).
fn report_numbers(
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

// ---------------------------------------------------------------------------------------------
// The HTML scanner

/// The last pieces of text, for the context of the next window.
#[derive(Debug, Clone, Copy)]
struct Ring {
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
    fn push(&mut self, piece: Piece) {
        self.pieces[self.count % RING] = piece;
        self.count += 1;
    }

    fn last(&self) -> Option<Piece> {
        self.count.checked_sub(1).map(|k| self.pieces[k % RING])
    }

    fn clear(&mut self) {
        self.count = 0;
    }

    /// The pieces into `into`, oldest first.
    fn ordered(&self, into: &mut Vec<Piece>) {
        into.clear();
        let kept = self.count.min(RING);
        into.extend((self.count - kept..self.count).map(|k| self.pieces[k % RING]));
    }
}

/// A piece of a page's text: HTML bytes (with references), or the space a block boundary makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Html(usize, usize),
    Space(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Inline,
    Block,
    Meta,
    /// Contents not shown: skipped up to the end tag.
    Skip(&'static [u8]),
    Title,
    Textarea,
    /// Contents shown as they are (no references, no tags), up to the end tag.
    RawText(&'static [u8]),
    Plaintext,
}

/// A tag or attribute name of up to 8 bytes as a number, in lower case (`| 0x20` makes
/// upper-case letters lower case and leaves digits).
const fn name_key(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() {
        key |= ((name[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The kinds of the elements that are not inline, by name key, in a table indexed by a perfect
/// hash of the key (the multiplier leaves no two of these names in one slot: see the tests).
static TAGS: [(u64, Tag); 128] = {
    const BLOCK: [&[u8]; 49] = [
        b"address",
        b"article",
        b"aside",
        b"body",
        b"br",
        b"caption",
        b"center",
        b"dd",
        b"details",
        b"dialog",
        b"dir",
        b"div",
        b"dl",
        b"dt",
        b"fieldset",
        b"figure",
        b"footer",
        b"form",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"header",
        b"hgroup",
        b"hr",
        b"html",
        b"legend",
        b"li",
        b"main",
        b"menu",
        b"nav",
        b"ol",
        b"optgroup",
        b"option",
        b"p",
        b"pre",
        b"section",
        b"summary",
        b"table",
        b"tbody",
        b"td",
        b"tfoot",
        b"th",
        b"thead",
        b"tr",
        b"ul",
    ];
    const OTHER: [(&[u8], Tag); 9] = [
        (b"script", Tag::Skip(b"script")),
        (b"style", Tag::Skip(b"style")),
        (b"title", Tag::Title),
        (b"textarea", Tag::Textarea),
        (b"xmp", Tag::RawText(b"xmp")),
        (b"iframe", Tag::RawText(b"iframe")),
        (b"noembed", Tag::RawText(b"noembed")),
        (b"noframes", Tag::RawText(b"noframes")),
        (b"meta", Tag::Meta),
    ];
    let mut table = [(0u64, Tag::Inline); 128];
    let mut i = 0;
    while i < BLOCK.len() {
        let key = name_key(BLOCK[i]);
        table[tag_slot(key)] = (key, Tag::Block);
        i += 1;
    }
    let mut i = 0;
    while i < OTHER.len() {
        let key = name_key(OTHER[i].0);
        table[tag_slot(key)] = (key, OTHER[i].1);
        i += 1;
    }
    table
};

const fn tag_slot(key: u64) -> usize {
    (key.wrapping_mul(0x5661_7c71_bf4a_28cb) >> 57) as usize
}

fn tag_kind(name: &[u8]) -> Tag {
    if name.len() > 8 {
        return if name.eq_ignore_ascii_case(b"blockquote")
            || name.eq_ignore_ascii_case(b"figcaption")
        {
            Tag::Block
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            Tag::Plaintext
        } else {
            Tag::Inline
        };
    }
    tag_of_key(name_key(name))
}

/// The kind of a tag of up to 8 bytes, from its name key.
fn tag_of_key(key: u64) -> Tag {
    match TAGS[tag_slot(key)] {
        (k, tag) if k == key => tag,
        _ => Tag::Inline,
    }
}

/// The name a reader-facing attribute is reported under, if `name` is one.
fn visible_attribute(name: &[u8], tag: Tag) -> Option<&'static str> {
    let first = name.first()? | 0x20;
    let candidates: &[&'static str] = match (name.len(), first) {
        (3, b'a') => &["alt"],
        (4, b'a') => &["abbr"],
        (5, b't') => &["title"],
        (5, b'v') => &["value"],
        (5, b'l') => &["label"],
        (7, b'c') if tag == Tag::Meta => &["content"],
        (7, b's') => &["summary"],
        (10, b'a') => &["aria-label"],
        (11, b'p') => &["placeholder"],
        (14, b'a') => &["aria-valuetext"],
        (16, b'a') => &["aria-description", "aria-placeholder"],
        (17, b'a') => &["aria-braillelabel"],
        (20, b'a') => &["aria-roledescription"],
        _ => return None,
    };
    candidates
        .iter()
        .find(|n| n.as_bytes().eq_ignore_ascii_case(name))
        .copied()
}

/// The first `byte` at or after `from`.
fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    let mut i = from.min(b.len());
    while i + 16 <= b.len() {
        let block: &[u8; 16] = b[i..i + 16].try_into().ok()?;
        if block.iter().fold(false, |any, &c| any | (c == byte)) {
            break;
        }
        i += 16;
    }
    b[i..].iter().position(|&c| c == byte).map(|k| i + k)
}

/// Just after the next `byte` from `from`, or the end.
fn after(b: &[u8], from: usize, byte: u8) -> usize {
    find_byte(b, from, byte).map_or(b.len(), |k| k + 1)
}

/// Bytes that end a tag or attribute name: white space, `/`, `>` (and `=`, for an attribute).
static NAME_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(
            c as u8,
            b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>' | b'='
        );
        c += 1;
    }
    table
};

/// Bytes that end a tag name: white space, `/`, `>`.
static TAG_NAME_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(c as u8, b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>');
        c += 1;
    }
    table
};

/// Bytes skipped before an attribute name: white space and `/`.
static BEFORE_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(c as u8, b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/');
        c += 1;
    }
    table
};

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Where the end tag `</name` that closes raw text starts, from `from`, or the end.
fn end_tag_at(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    while let Some(p) = find_byte(b, from, b'<') {
        let name_end = p + 2 + name.len();
        if b.get(p + 1) == Some(&b'/')
            && b.len() >= name_end
            && b[p + 2..name_end].eq_ignore_ascii_case(name)
            && b.get(name_end)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return p;
        }
        from = p + 1;
    }
    b.len()
}

/// Just after the comment that starts at `i` (`<!--`).
fn comment_end(b: &[u8], i: usize) -> usize {
    let s = i + 4;
    if b[s..].starts_with(b">") {
        return s + 1;
    }
    if b[s..].starts_with(b"->") {
        return s + 2;
    }
    let mut k = s;
    while let Some(p) = find_byte(b, k, b'-') {
        if b[p..].starts_with(b"-->") {
            return p + 3;
        }
        if b[p..].starts_with(b"--!>") {
            return p + 4;
        }
        k = p + 1;
    }
    b.len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Trigger,
    Markup,
    End,
}

/// Decodes `from..to` of a page (references read) into `into`, each character with its offset.
fn decode_into(b: &[u8], from: usize, to: usize, into: &mut impl FnMut(char, usize)) {
    let mut j = from;
    while j < to {
        if b[j] == b'&' {
            if let Some((r, len)) = reference(&b[j..to]) {
                match r {
                    Reference::Char(c) => into(c, j),
                    Reference::Text(s) => s.chars().for_each(|c| into(c, j)),
                }
                j += len;
                continue;
            }
        }
        let c = char_at(b, j);
        into(c, j);
        j += c.len_utf8();
    }
}

struct Scanner<'h> {
    b: &'h [u8],
    vetted: &'h VettedNumbers,
    out: Vec<PublishedNumber>,
    /// A window is open in the page's text.
    active: bool,
    stats: Stats,
    /// Pieces of the open window, from its trigger.
    window: Vec<Piece>,
    /// Text before the open window (its context), oldest first.
    before: Vec<Piece>,
    /// Text since the last window (or the end of it), for the next one's context.
    ring: Ring,
    /// Characters of a window's context, decoded.
    context: Vec<(char, usize)>,
    acc: Acc,
    /// Where the open window's own text starts in `acc`, after its context.
    own_start: usize,
    scratch: Scratch,
}

impl<'h> Scanner<'h> {
    fn new(html: &'h str, vetted: &'h VettedNumbers) -> Self {
        Scanner {
            b: html.as_bytes(),
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
            scratch: Scratch::default(),
        }
    }

    fn document(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            i = self.text(i, n, true);
            if i < n {
                i = self.markup(i);
            }
        }
        if self.active {
            self.close_window();
        }
    }

    /// Text from `i` to `end` (or to markup, when `stop_at_markup`): returns where it stopped.
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
                self.open_window();
                i = p;
            }
        }
        end
    }

    /// Reads characters into the open window from `i`: returns where it stopped, and whether
    /// the window closed there.
    fn consume(&mut self, mut i: usize, end: usize, stop_at_markup: bool) -> (usize, bool) {
        let b = self.b;
        while i < end {
            let c = b[i];
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
                } else {
                    self.stats.observe(ASCII_KINDS[usize::from(c)]);
                    i += 1;
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
            } else {
                let (kind, len) = kind_at(b, i);
                self.stats.observe(kind);
                i += len;
            }
            if self.stats.since_digit >= CLOSE_AFTER {
                return (i, true);
            }
        }
        (end, false)
    }

    /// The first trigger (or markup, or the end) from `i`. Blocks of 16 bytes with no byte to
    /// look closer at are skipped whole; in the others only those bytes are looked at.
    fn next_trigger(&self, mut i: usize, end: usize, stop_at_markup: bool) -> (usize, Stop) {
        let b = self.b;
        while i < end {
            let block_end = (i + 16).min(end);
            if block_end == i + 16 {
                let block: &[u8; 16] = b[i..block_end].try_into().unwrap_or(&[b'<'; 16]);
                if quiet_block(block) {
                    i = block_end;
                    continue;
                }
            }
            let mut j = i;
            while j < block_end {
                let c = b[j];
                if !LOOK_CLOSER[usize::from(c)] {
                    j += 1;
                    continue;
                }
                j = match c {
                    b'0'..=b'9' | b'#' => return (j, Stop::Trigger),
                    b'<' if stop_at_markup && is_markup(b, j) => return (j, Stop::Markup),
                    b'&' => match reference(&b[j..end]) {
                        Some((r, _)) if r.is_trigger() => return (j, Stop::Trigger),
                        Some((_, len)) => j + len,
                        None => j + 1,
                    },
                    0x80..=0xbf => {
                        // Inside a character (`〇`, `一`, `零`): look at it from its start.
                        let mut start = j;
                        while start > 0 && j - start < 3 && b[start] & 0xc0 == 0x80 {
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
            // A reference or character read to its end may run past the block.
            i = j;
        }
        (end, Stop::End)
    }

    /// Whether the character at `i` (not ASCII) is a trigger, and its length: decided from its
    /// bytes for most of a Japanese page.
    #[inline]
    fn lead_trigger(&self, i: usize, end: usize) -> (bool, usize) {
        let b = self.b;
        let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
        match b[i] {
            0xc2 => (matches!(at(1), 0xb2 | 0xb3 | 0xb9 | 0xbc..=0xbe), 2),
            0xd9 => ((0xa0..=0xa9).contains(&at(1)), 2),
            0xdb => ((0xb0..=0xb9).contains(&at(1)), 2),
            0xdf => ((0x80..=0x89).contains(&at(1)), 2),
            0xc3..=0xde => (false, 2),
            0xe3 => match at(1) {
                0x80 => (at(2) == 0x87, 3),
                0x88..=0x8a => (is_trigger(char_at(b, i)), 3),
                _ => (false, 3),
            },
            0xe4 => (
                at(1) == 0xb8 && at(2) == 0x80 && self.one_beside_digit(i, end),
                3,
            ),
            0xe5..=0xe8 | 0xeb..=0xee => (false, 3),
            0xe9 => (at(1) == 0x9b && at(2) == 0xb6, 3),
            0xef => (
                matches!(
                    (at(1), at(2)),
                    (0xbc, 0x90..=0x99 | 0x83) | (0xb9, 0x9f) | (0xa6, 0xb2)
                ),
                3,
            ),
            0xe0..=0xe2 | 0xea => (is_trigger(char_at(b, i)), 3),
            0xf0 => (is_trigger(char_at(b, i)), 4),
            0xf1..=0xf7 => (false, 4),
            _ => (false, 1),
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
        let after = char_at(b, next);
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
        let before = char_at(b, start);
        kanji_digit(before).is_some() || kind(before) == Kind::Invisible || before == '>'
    }

    fn ring_push(&mut self, piece: Piece) {
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
    fn flow_space(&mut self, at: usize) {
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

    /// Opens a window at a trigger. What it has seen starts with the characters just before it
    /// that may belong to its number (back to a character that ends a stretch).
    fn open_window(&mut self) {
        self.active = true;
        self.stats = Stats::default();
        self.window.clear();
        self.ring.ordered(&mut self.before);
        self.ring.clear();
        let mut back: [Kind; CONTEXT] = [Kind::Invisible; CONTEXT];
        let mut n = 0;
        'pieces: for piece in self.before.iter().rev() {
            match *piece {
                Piece::Space(_) => {
                    back[n] = Kind::Space;
                    n += 1;
                }
                Piece::Html(from, to) => {
                    let b = self.b;
                    let mut j = to;
                    while j > from {
                        let mut s = j - 1;
                        while s > from && b[s] & 0xc0 == 0x80 {
                            s -= 1;
                        }
                        let mut kind = if b[s] < 0x80 {
                            ASCII_KINDS[usize::from(b[s])]
                        } else {
                            kind_at(b, s).0
                        };
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
                        if kind != Kind::Invisible {
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
    }

    fn close_window(&mut self) {
        self.active = false;
        if self.stats.worth_searching(self.vetted) {
            self.materialise();
            report_numbers(
                &self.acc.text,
                self.own_start,
                Some(&self.acc.origin),
                Place::Text,
                self.vetted,
                &mut self.scratch,
                &mut self.out,
            );
        }
        // The window's last pieces are the next one's context.
        self.ring.clear();
        let from = self.window.len().saturating_sub(RING);
        for &piece in &self.window[from..] {
            self.ring.push(piece);
        }
        self.window.clear();
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
            ..
        } = self;
        acc.clear();
        // The last pieces before the window, the last 64 bytes or so of them.
        let mut first = before.len();
        let mut budget = 64usize;
        while first > 0 && budget > 0 {
            first -= 1;
            budget = budget.saturating_sub(match before[first] {
                Piece::Html(from, to) => to - from,
                Piece::Space(_) => 1,
            });
        }
        context.clear();
        for (k, piece) in before.iter().enumerate().skip(first) {
            match *piece {
                Piece::Html(from, to) => {
                    let mut start = from;
                    if k == first && to - from > 64 {
                        start = to - 64;
                        while b[start] & 0xc0 == 0x80 {
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
        let mut counted = 0;
        let mut start = context.len();
        while start > 0 && counted < CONTEXT {
            start -= 1;
            if kind_of(context[start].0) != Kind::Invisible {
                counted += 1;
            }
        }
        // Not from the middle of a group: from a character that ends a stretch.
        let cold = |c: char| matches!(kind_of(c), Kind::Cold | Kind::Letter);
        if start > 0 && !cold(context[start - 1].0) {
            if let Some(cold) = context[start..].iter().position(|&(c, _)| cold(c)) {
                start += cold;
            }
        }
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
        let (tag, end) = self.tag(i + 1);
        match tag {
            Tag::Block => {
                self.flow_space(i);
                end
            }
            Tag::Inline | Tag::Meta => end,
            Tag::Skip(name) => end_tag_at(b, end, name),
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
        }
    }

    /// A tag whose name starts at `k`: its kind, and just after its `>`. Reads the attributes,
    /// as the tokenizer does: a name runs to white space, `/`, `>` or `=` (an `=` first in it
    /// is part of it), a value after `=` is quoted or runs to white space or `>`.
    fn tag(&mut self, mut k: usize) -> (Tag, usize) {
        let b = self.b;
        let n = b.len();
        let name_start = k;
        while k < n && !TAG_NAME_END[usize::from(b[k])] {
            k += 1;
        }
        let len = k - name_start;
        let tag = match b.get(name_start..name_start + 8) {
            // The key of a short name from the 8 bytes it starts.
            Some(word) if (1..=8).contains(&len) => {
                let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
                tag_of_key((word | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * len)))
            }
            _ => tag_kind(&b[name_start..k]),
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

    fn attribute(&mut self, tag: Tag, name: Range<usize>, value: Range<usize>) {
        let name = &self.b[name];
        if name.len() == 4 && name.eq_ignore_ascii_case(b"href")
            || name.eq_ignore_ascii_case(b"xlink:href")
        {
            self.link(value);
        } else if let Some(attribute) = visible_attribute(name, tag) {
            self.scan_run(value.start, value.end, Place::Attribute(attribute), true);
        }
    }

    /// An `href`: the number it dials, if it is a `tel:` (`sms:`, …) link.
    fn link(&mut self, value: Range<usize>) {
        let b = self.b;
        let first = b[value.clone()].iter().find(|&&c| c > b' ');
        if !first.is_some_and(|c| b"tTsScCfFmMwW&".contains(c)) {
            return;
        }
        let mut decoded = String::new();
        decode_into(b, value.start, value.end, &mut |c, _| decoded.push(c));
        if let Some(number) = dialled_by_link(&decoded) {
            if !self.vetted.contains(&number) {
                self.out.push(PublishedNumber {
                    canonical: number,
                    shown: shorten(decoded.trim()),
                    byte_offset: value.start,
                    place: Place::TelLink,
                });
            }
        }
    }

    /// Text `from..to` read on its own (an attribute value, the title, raw text).
    fn scan_run(&mut self, from: usize, to: usize, place: Place, references: bool) {
        if self.next_trigger(from, to, false).1 != Stop::Trigger {
            return;
        }
        let b = self.b;
        let mut stats = Stats::default();
        let mut j = from;
        while j < to {
            let c = b[j];
            if c == b'&' && references {
                if let Some((r, len)) = reference(&b[j..to]) {
                    match r {
                        Reference::Char(c) => stats.observe(kind(c)),
                        Reference::Text(t) => t.chars().for_each(|c| stats.observe(kind(c))),
                    }
                    j += len;
                    continue;
                }
            }
            if c < 0x80 {
                stats.observe(ASCII_KINDS[usize::from(c)]);
                j += 1;
            } else {
                let (kind, len) = kind_at(b, j);
                stats.observe(kind);
                j += len;
            }
        }
        if !stats.worth_searching(self.vetted) {
            return;
        }
        let acc = &mut self.acc;
        acc.clear();
        if references {
            decode_into(b, from, to, &mut |c, at| acc.push(c, at));
        } else {
            let mut j = from;
            while j < to {
                let c = char_at(b, j);
                acc.push(c, j);
                j += c.len_utf8();
            }
        }
        {
            report_numbers(
                &self.acc.text,
                0,
                Some(&self.acc.origin),
                place,
                self.vetted,
                &mut self.scratch,
                &mut self.out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nobody() -> VettedNumbers {
        VettedNumbers::default()
    }

    /// The canonical numbers found on a page where nothing is vetted.
    fn numbers(html: &str) -> Vec<String> {
        unvetted_numbers(html, &nobody())
            .into_iter()
            .map(|n| n.canonical)
            .collect()
    }

    fn places(html: &str) -> Vec<(String, Place)> {
        unvetted_numbers(html, &nobody())
            .into_iter()
            .map(|n| (n.canonical, n.place))
            .collect()
    }

    /// Each case: a page (or part of one) an attacker wrote, and exactly what must be found.
    macro_rules! finds {
        ($($(#[$doc:meta])* $name:ident: $html:expr => [$($want:expr),*];)*) => {$(
            $(#[$doc])*
            #[test]
            fn $name() {
                let want: Vec<String> = vec![$($want.to_string()),*];
                assert_eq!(numbers($html), want, "in {:?}", $html);
            }
        )*};
    }

    // -----------------------------------------------------------------------------------------
    // The catalogue of hostile forms

    finds! {
        /// Letters glued before: `TEL` ends where the digits begin.
        glued_to_tel: "<p>TEL0120-444-4444</p>" => ["01204444444"];
        /// "No." and a point: the point is not a digit's neighbour that hides it.
        glued_to_no: "<p>No.0120-444-4444</p>" => ["01204444444"];
        /// Kanji and a slash glued before.
        glued_to_kanji_and_slash: "<p>電話/0120-444-4444</p>" => ["01204444444"];
        /// The `℡` sign reads as "TEL".
        glued_to_tel_sign: "<p>℡0120-444-4444</p>" => ["01204444444"];
        /// More digit groups after a space must not hide the number.
        followed_by_hours: "<p>0120-444-4444 24時間受付</p>" => ["01204444444"];
        /// Full-width brackets glued after.
        followed_by_bracket: "<p>0120-444-4444（平日）</p>" => ["01204444444"];
        /// Digits glued to the last group.
        digits_glued_after: "<p>0120-444-444424時間</p>" => ["01204444444"];
        /// Digits glued to the first group (a time's minutes).
        digits_glued_before: "<p>受付9:00-17:000120-444-4444</p>" => ["01204444444"];
        /// Digits glued on both sides of an unbroken number.
        digits_glued_both_sides: "<p>受付24 2401204444444 24時間</p>" => ["01204444444"];
        /// Two numbers, one after the other.
        two_numbers: "<p>0120-444-4444 または 03-1234-5678</p>" => ["01204444444", "0312345678"];
        /// A no-break space typed.
        nbsp_typed: "<p>0120\u{a0}444\u{a0}4444</p>" => ["01204444444"];
        /// A no-break space as a reference.
        nbsp_reference: "<p>0120&nbsp;444&nbsp;4444</p>" => ["01204444444"];
        /// Tabs and line breaks.
        tab_and_newline: "<p>0120\t444\n4444</p>" => ["01204444444"];
        /// Several spaces, and `&ensp;` / `&emsp;` / `&thinsp;`.
        several_spaces: "<p>0120   444 &ensp;&emsp;&thinsp;4444</p>" => ["01204444444"];
        /// The ideographic space.
        ideographic_space: "<p>0120\u{3000}444\u{3000}4444</p>" => ["01204444444"];
        /// Katakana middle dots, full and half width.
        middle_dots: "<p>0120・444･4444</p>" => ["01204444444"];
        /// Half-width and full-width long-vowel marks.
        long_vowel_marks: "<p>0120ｰ444ー4444</p>" => ["01204444444"];
        /// An em dash, an en dash, a minus sign, a full-width hyphen-minus.
        dashes: "<p>0120—444–4444 / 03−1234－5678</p>" => ["01204444444", "0312345678"];
        /// Dash references, named and Windows-1252 numeric.
        dash_references: "<p>0120&ndash;444&mdash;4444 03&#150;1234&minus;5678</p>"
            => ["01204444444", "0312345678"];
        /// Wave dashes between groups.
        wave_dashes: "<p>0120〜444〜4444</p>" => ["01204444444"];
        /// A zero-width space inside a group.
        zero_width_space: "<p>01\u{200b}20-444-4444</p>" => ["01204444444"];
        /// Zero-width joiner and non-joiner, and their references.
        zero_width_joiners: "<p>0120\u{200d}-444&zwnj;-4444</p>" => ["01204444444"];
        /// A word joiner and `&NoBreak;`.
        word_joiner: "<p>0120-4\u{2060}44-44&NoBreak;44</p>" => ["01204444444"];
        /// Byte order marks (zero-width no-break spaces).
        byte_order_mark: "<p>\u{feff}0120-444-\u{feff}4444</p>" => ["01204444444"];
        /// Left-to-right and right-to-left marks, typed and as references.
        bidi_marks: "<p>0120\u{200e}-444\u{200f}-44&lrm;4&rlm;4</p>" => ["01204444444"];
        /// Bidi overrides and isolates.
        bidi_controls: "<p>\u{202e}0120-444-4444\u{202c} \u{2066}03-1234-5678\u{2069}</p>"
            => ["01204444444", "0312345678"];
        /// A soft hyphen typed inside the groups.
        soft_hyphen_typed: "<p>0120\u{ad}444\u{ad}4444</p>" => ["01204444444"];
        /// `&shy;` inside the groups.
        soft_hyphen_reference: "<p>0120&shy;444&shy;4444</p>" => ["01204444444"];
        /// An unknown named reference reads as nothing, joining the digits around it.
        unknown_reference: "<p>0120&bogus;444&zzz;4444</p>" => ["01204444444"];
        /// Mathematical bold digits.
        math_bold: "<p>𝟎𝟏𝟐𝟎-𝟒𝟒𝟒-𝟒𝟒𝟒𝟒</p>" => ["01204444444"];
        /// Mathematical monospace digits.
        math_monospace: "<p>𝟶𝟷𝟸𝟶-𝟺𝟺𝟺-𝟺𝟺𝟺𝟺</p>" => ["01204444444"];
        /// Circled digits.
        circled: "<p>⓪①②⓪-④④④-④④④④</p>" => ["01204444444"];
        /// Negative and sans-serif circled digits (NFKC leaves these alone).
        dingbat_circled: "<p>⓿❶❷⓿-➍➍➍-➃➃➃➃</p>" => ["01204444444"];
        /// Parenthesised and full-stop digits.
        parenthesised: "<p>０⑴⑵０-⒋⒋⒋-4444</p>" => ["01204444444"];
        /// Superscript digits.
        superscripts: "<p>⁰¹²⁰-⁴⁴⁴-⁴⁴⁴⁴</p>" => ["01204444444"];
        /// Subscript digits.
        subscripts: "<p>₀₁₂₀-₄₄₄-₄₄₄₄</p>" => ["01204444444"];
        /// Full-width digits and hyphens.
        full_width: "<p>０１２０－４４４－４４４４</p>" => ["01204444444"];
        /// Keycap emoji digits.
        keycaps: "<p>0\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3}0\u{fe0f}\u{20e3}-444-4444</p>"
            => ["01204444444"];
        /// Arabic-Indic digits.
        arabic_indic: "<p>٠١٢٠-٤٤٤-٤٤٤٤</p>" => ["01204444444"];
        /// Kanji digits.
        kanji: "<p>〇一二〇-四四四-四四四四</p>" => ["01204444444"];
        /// `零` and `○` written for zero.
        kanji_zero_forms: "<p>零三-一二三四-五六七八 ○三・一二三四・五六七八</p>"
            => ["0312345678", "0312345678"];
        /// `一` between ASCII digits reads as the dash it looks like.
        kanji_one_as_dash: "<p>0120一444一4444</p>" => ["01204444444"];
        /// Letters O and l that look like digits.
        lookalike_letters: "<p>電話：O12O-444-4444</p>" => ["01204444444"];
        /// Cyrillic O.
        lookalike_cyrillic: "<p>\u{41e}3-1234-5678</p>" => ["0312345678"];
        /// A decimal reference for the first digit.
        decimal_reference: "<p>&#48;120-444-4444</p>" => ["01204444444"];
        /// Hex references, upper and lower case.
        hex_reference: "<p>&#x30;&#X31;20-444-4444</p>" => ["01204444444"];
        /// References for every character.
        all_references: "<p>&#48;&#49;&#50;&#48;&#45;&#52;&#52;&#52;&#45;&#52;&#52;&#52;&#52;</p>"
            => ["01204444444"];
        /// A reference without its semicolon.
        reference_without_semicolon: "<p>&#48120-444-4444</p>" => [];
        /// Split by a comment.
        split_by_comment: "<p>0120<!-- x -->-444-4444</p>" => ["01204444444"];
        /// Split by an empty element.
        split_by_empty_element: "<p>0120<span></span>-444-4444</p>" => ["01204444444"];
        /// Split by inline tags.
        split_by_inline_tags: "<p>01<b>20</b>-<i>444</i>-<a href=\"#x\">4444</a></p>" => ["01204444444"];
        /// Split by a script and a style element.
        split_by_script: "<p>0120<script>x()</script>-444<style>p{}</style>-4444</p>" => ["01204444444"];
        /// Split by many empty elements and invisible characters.
        split_many_times: "<p>0<i></i>\u{200b}<i></i>1<b>&zwj;</b>2<!---->0<span>\u{2060}</span>4444444</p>"
            => ["01204444444"];
        /// Groups in table cells.
        split_by_cells: "<table><tr><td>0120</td><td>444</td><td>4444</td></tr></table>"
            => ["01204444444"];
        /// Groups on lines of their own.
        split_by_line_breaks: "<p>0120<br>444<br/>4444</p>" => ["01204444444"];
        /// Inside a CDATA section (text in SVG).
        in_cdata: "<svg><text><![CDATA[0120-444-4444]]></text></svg>" => ["01204444444"];
        /// A `+81` number.
        plus_81: "<p>+81 3-1234-5678</p>" => ["0312345678"];
        /// A `+81` number with `(0)`.
        plus_81_with_zero: "<p>+81 (0)3-1234-5678</p>" => ["0312345678"];
        /// A `+81` mobile number glued to text.
        plus_81_mobile: "<p>TEL:+81-90-1234-5678</p>" => ["09012345678"];
        /// Full-width `＋８１`.
        plus_81_full_width: "<p>＋８１－３－１２３４－５６７８</p>" => ["0312345678"];
        /// Another country code.
        other_country: "<p>+1 800 555 0199</p>" => ["18005550199"];
        /// A `#` short code.
        short_code: "<p>#9110</p>" => ["#9110"];
        /// A full-width `＃` short code.
        short_code_full_width: "<p>＃９１１０</p>" => ["#9110"];
        /// Music sharp, `⋕` and small `﹟` signs for `#`.
        short_code_look_alike_signs: "<p>♯7119 ⋕8000 ﹟9910</p>" => ["#7119", "#8000", "#9910"];
        /// `&num;` for `#`.
        short_code_reference: "<p>&num;8891、&#35;7119</p>" => ["#8891", "#7119"];
        /// 110 before `番`.
        short_110: "<p>事件は110番へ</p>" => ["110"];
        /// Kanji 一一〇番.
        short_110_kanji: "<p>事件は一一〇番へ</p>" => ["110"];
        /// Kanji 一一九 with invisible characters between.
        short_119_kanji_split: "<p>火事は一\u{200b}一\u{200b}九番</p>" => ["119"];
        /// 119 standing alone.
        short_119_alone: "<p>救急車は 119 へ。</p>" => ["119"];
        /// Full-width 188 with its nickname.
        short_188_full_width: "<p>１８８（いやや）</p>" => ["188"];
        /// Two service numbers side by side.
        short_pair: "<p>110・119</p>" => ["110", "119"];
        /// After a call word.
        short_after_call_word: "<p>Call 110 now. TEL:189</p>" => ["110", "189"];
        /// In a `<title>`.
        in_title: "<html><head><title>サポート 0120-444-4444</title></head></html>"
            => ["01204444444"];
        /// In a `<textarea>`.
        in_textarea: "<textarea>0120-444-4444</textarea>" => ["01204444444"];
        /// In `<noscript>`, which shows when scripts are off.
        in_noscript: "<noscript><p>0120-444-4444</p></noscript>" => ["01204444444"];
    }

    /// Each case: a page, and exactly what must be found on it and where.
    macro_rules! finds_at {
        ($($(#[$doc:meta])* $name:ident: $html:expr => [$(($want:expr, $place:expr)),*];)*) => {$(
            $(#[$doc])*
            #[test]
            fn $name() {
                let want: Vec<(String, Place)> = vec![$(($want.to_string(), $place)),*];
                assert_eq!(places($html), want, "in {:?}", $html);
            }
        )*};
    }

    const TEL: Place = Place::TelLink;

    finds_at! {
        /// A tooltip.
        in_title_attribute: r#"<span title="0120-444-4444">窓口</span>"#
            => [("01204444444", Place::Attribute("title"))];
        /// Alt text: shown where the image is not, read by screen readers.
        in_alt: r#"<img alt="電話 0120-444-4444" src="x.png">"#
            => [("01204444444", Place::Attribute("alt"))];
        /// A screen reader's label, in full-width digits.
        in_aria_label: r#"<a aria-label="０１２０−４４４−４４４４に電話" href="x">電話</a>"#
            => [("01204444444", Place::Attribute("aria-label"))];
        /// A screen reader's description, single-quoted.
        in_aria_description: r#"<p aria-description='03-1234-5678'>x</p>"#
            => [("0312345678", Place::Attribute("aria-description"))];
        /// A placeholder, unquoted.
        in_placeholder: r#"<input placeholder=0120-444-4444>"#
            => [("01204444444", Place::Attribute("placeholder"))];
        /// A button's value, with an upper-case name and a reference.
        in_value: r#"<input type="submit" VALUE="&#48;120-444-4444">"#
            => [("01204444444", Place::Attribute("value"))];
        /// An option's label.
        in_label: r#"<option label="0120 444 4444">x</option>"#
            => [("01204444444", Place::Attribute("label"))];
        /// A description that link previews show.
        in_meta_content: r#"<meta name="description" content="お電話は0120-444-4444へ">"#
            => [("01204444444", Place::Attribute("content"))];
        /// A `tel:` link dials its number (its text says nothing).
        tel_link: r#"<a href="tel:0120-444-4444">電話する</a>"# => [("01204444444", TEL)];
        /// Upper case, a leading space and a percent-encoded `+81`.
        tel_link_encoded: r#"<a href=" TEL:%2B81-120-444-4444">x</a>"# => [("01204444444", TEL)];
        /// The scheme written with a reference.
        tel_link_reference: r#"<a href="t&#101;l:0312345678">x</a>"# => [("0312345678", TEL)];
        /// A tab and a line break inside the URL (URL parsers drop them).
        tel_link_split: "<a href=\"te\tl:03\n12345678\">x</a>" => [("0312345678", TEL)];
        /// Any number a link dials counts, short ones too.
        tel_link_short: r#"<a href="tel:113">故障</a>"# => [("113", TEL)];
        /// An SMS link, with a body.
        sms_link: r#"<a href="sms:09012345678?body=hi">x</a>"# => [("09012345678", TEL)];
        /// A `callto:` link.
        callto_link: r#"<a href="callto://+81312345678">x</a>"# => [("0312345678", TEL)];
        /// An i-mode call link.
        wtai_link: r#"<a href="wtai://wp/mc;0312345678">x</a>"# => [("0312345678", TEL)];
        /// A short code, percent-encoded.
        tel_link_short_code: r#"<a href="tel:%239110">x</a>"# => [("#9110", TEL)];
        /// What is dialled after a pause is not the number.
        tel_link_with_pause: r#"<a href="tel:0312345678,123">x</a>"# => [("0312345678", TEL)];
        /// A Skype call to a number.
        skype_link: r#"<a href='skype:+81312345678?call'>x</a>"# => [("0312345678", TEL)];
        /// A Skype call to a user name is not a number.
        skype_user: r#"<a href="skype:echo123?call">x</a>"# => [];
    }

    #[test]
    fn where_and_how_a_number_is_reported() {
        let html = "<p>電話は TEL<b>0120</b>-444-4444 まで</p>";
        let found = unvetted_numbers(html, &nobody());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].byte_offset, html.find("0120").unwrap());
        assert_eq!(found[0].shown, "電話は TEL0120-444-4444 まで");
        assert_eq!(found[0].place, Place::Text);
        let attr = r#"<p title="窓口 &#48;3-1234-5678">x</p>"#;
        let found = unvetted_numbers(attr, &nobody());
        assert_eq!(found[0].byte_offset, attr.find("&#48;").unwrap());
    }

    // -----------------------------------------------------------------------------------------
    // What is not a number

    finds! {
        /// Dates in every written form, and a list of them.
        not_dates: "<p>2026-12-02、2026/11/30、2026年12月2日、2026.12.02、02/12/2026、12/29〜1/3、2026-12</p>
            <p>2026-12-02 2026-12-03 2026-12-04 2026-12-05</p>" => [];
        /// A date before a number hides nothing, and is not read into it.
        date_then_number: "<p>2026-12-02 0120-444-4444</p>" => ["01204444444"];
        /// Times.
        not_times: "<p>09:00〜17:00、9時〜18時、09:00-12:00 13:00-17:00、9:00 to 17:00</p>" => [];
        /// Prices.
        not_prices: "<p>2,110円、¥1,200、1,000,000円、税込 3,300 円、$1,100.50</p>" => [];
        /// Postal codes.
        not_postal_codes: "<p>〒150-0001、〒 060-0001 札幌市、〒1500001 〒100-8111 東京都</p>" => [];
        /// Years, percentages, versions, counts.
        not_quantities: "<p>2026年、1999-2026、10%、0.5%、v1.0.2、10000ページ、第3版</p>" => [];
        /// Placeholders written with circles.
        not_placeholders: "<p>＠〇〇.rakuten.co.jp、〇〇さま、○○市、○ 対応、◯ 可</p>" => [];
        /// Ordinary prose with kanji numerals.
        not_kanji_prose: "<p>一般の方は一つずつ、十一月三日に。一・二年生は統一して。</p>" => [];
        /// Script, style and comment contents.
        not_hidden_markup: "<script>var t = '0120-444-4444';</script>\
            <style>.x{color:#9110a0;width:01204444444px}</style><!-- 0120-444-4444 -->" => [];
        /// URLs of ordinary links, image sources, ids and classes.
        not_urls_and_ids: r#"<a href="https://example.com/0120-444-4444?id=01204444444">公式サイト</a>
            <img src="/img/0120444444.png" alt="ロゴ"><div id="n0120444444" class="c-0120-444-4444" data-tel="0120-444-4444">x</div>"# => [];
        /// Order numbers, card numbers and ids too long to be a number and its glue.
        not_long_ids: "<p>注文番号 0123456789012345、ID 12345678901234567890</p>" => [];
        /// Three-digit numbers that are part of a larger numeral.
        not_short_in_numerals: "<p>2,110円、1.188、3110、〒110-0001、110-119-1</p>" => [];
        /// Three-digit numbers that are quantities, ordinals, addresses or words.
        not_short_quantities: "<p>110円、188件、110km、119 ページ、第110条、約110人、110番地、110%、Room 110、
            School enrolment 110、子どもの入学 110 / Enrolment 110、v110、/110、abc110</p>" => [];
        /// Other three-digit numbers.
        not_other_short: "<p>113 と 151、100、999</p>" => [];
        /// `#` and digits that are not a short code.
        not_short_codes: "<p>#91100、#911、C#、#1 と #12</p>" => [];
        /// `№` reads as "No", not as the `#` key.
        not_numero_sign: "<p>№9110</p>" => [];
        /// Too short and too long.
        not_wrong_lengths: "<p>0120-444-44、012-345-678、03-1234-567</p>" => [];
        /// Starting with 00, and all zeros.
        not_double_zero: "<p>00-1234-5678、0000-0000-0000</p>" => [];
        /// Decimal digits in a URL shown as text do not glue into a number across `/`.
        not_shown_url_ids: "<p>https://www.gov-online.go.jp/pr/media/cd/201511/201511_08.html</p>" => [];
    }

    // -----------------------------------------------------------------------------------------
    // Vetted numbers, in any written form, are not reported

    fn vetted() -> VettedNumbers {
        VettedNumbers::new(
            ["0334460999", "188", "#9110", "05058384333"]
                .into_iter()
                .map(String::from),
        )
    }

    #[test]
    fn vetted_numbers_in_any_form_are_not_reported() {
        let html = r##"<html><head><title>窓口 03-3446-0999</title>
            <meta name="description" content="消費者ホットライン188"></head><body>
            <p>03-3446-0999、０３－３４４６－０９９９、(03) 3446-0999、03（3446）0999</p>
            <p>+81 3-3446-0999、+81 (0)3-3446-0999、〇三-三四四六-〇九九九、𝟎𝟑-𝟑𝟒𝟒𝟔-𝟎𝟗𝟗𝟗</p>
            <p>03&#8209;3446&shy;0999、0<b>3</b>-3446-0999 9時〜17時、03-3446-0999 24時間</p>
            <p>050-5838-4333、+81-50-5838-4333、＃９１１０、#9110、♯9110、188（いやや）、一八八</p>
            <a href="tel:+81334460999" title="03-3446-0999">電話</a><a href="tel:188">188</a>
            <a href="tel:%239110">#9110</a></body></html>"##;
        let found = unvetted_numbers(html, &vetted());
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn vetted_numbers_are_read_in_any_written_form() {
        let v = VettedNumbers::new(["03-3446-0999".to_string(), "＃９１１０".to_string()]);
        assert!(v.contains("0334460999"));
        assert!(v.contains("#9110"));
        assert!(!v.contains("0334460998"));
    }

    #[test]
    fn an_unvetted_number_beside_a_vetted_one_is_reported() {
        let html = "<p>03-3446-0999 または 03-3446-0998</p>";
        let found = unvetted_numbers(html, &vetted());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].canonical, "0334460998");
    }

    // -----------------------------------------------------------------------------------------
    // The parts

    #[test]
    fn normalise_reads_text_as_a_reader_does() {
        let n = normalise("Ｔｅｌ\u{a0}\u{200b} ０１２０－４４４ー４４４４　一般");
        assert_eq!(n.text, "Tel 0120-444-4444 一般");
        let n = normalise("〇一二〇・四四四・四四四四 一一〇番 ○ 対応");
        assert_eq!(n.text, "0120-444-4444 110番 ○ 対応");
        let n = normalise("⑩①𝟗 ⁴²");
        assert_eq!(n.text, "1019 42");
    }

    #[test]
    fn normalise_keeps_where_each_byte_came_from() {
        let text = "電話\u{200b}：０３";
        let n = normalise(text);
        assert_eq!(n.text, "電話:03");
        assert_eq!(n.origin.len(), n.text.len());
        assert_eq!(
            n.origin[n.text.find(':').unwrap()],
            text.find('：').unwrap()
        );
        assert_eq!(
            n.origin[n.text.find('3').unwrap()],
            text.find('３').unwrap()
        );
        assert_eq!(n.origin[0], 0);
    }

    #[test]
    fn dialable_numbers_give_canonical_forms_and_spans() {
        let text = "TEL 0120-444-4444 / +81 3-1234-5678 / #9110 / 110番";
        let found = dialable_numbers(text);
        let canon: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(canon, ["01204444444", "0312345678", "#9110", "110"]);
        assert_eq!(&text[found[0].1.clone()], "0120-444-4444");
        assert_eq!(&text[found[1].1.clone()], "+81 3-1234-5678");
        assert_eq!(&text[found[2].1.clone()], "#9110");
        assert_eq!(&text[found[3].1.clone()], "110");
    }

    #[test]
    fn a_raw_source_line_is_located_through_normalise() {
        let source = "連絡先：０１２０−４４４−４４４４（24時間）";
        let n = normalise(source);
        let (canonical, span) = &dialable_numbers(&n.text)[0];
        assert_eq!(canonical, "01204444444");
        let start = n.origin[span.start];
        assert_eq!(&source[start..start + 3], "０");
    }

    #[test]
    fn text_outside_html() {
        let v = vetted();
        let qr = unvetted_in_text("TEL:0120-444-4444", &v);
        assert_eq!(qr[0].canonical, "01204444444");
        assert_eq!(qr[0].place, Place::TelLink);
        assert!(unvetted_in_text("tel:+81-3-3446-0999", &v).is_empty());
        let title = unvetted_in_text("窓口ガイド（０１２０・４４４・４４４４）", &v);
        assert_eq!(title[0].canonical, "01204444444");
        assert_eq!(title[0].place, Place::Text);
        assert_eq!(title[0].byte_offset, "窓口ガイド（".len());
        assert!(unvetted_in_text("https://example.com/2026/12/02/page.html", &v).is_empty());
    }

    #[test]
    fn markup_edge_cases_do_not_lose_text() {
        // A `>` inside a quoted attribute does not end the tag.
        assert_eq!(
            numbers(r#"<p title="a>b">0120-444-4444</p>"#),
            ["01204444444"]
        );
        // A literal `<` in text.
        assert_eq!(numbers("<p>1 < 2: 0120-444-4444</p>"), ["01204444444"]);
        // An unclosed comment hides the rest; a bogus comment hides only itself.
        assert!(numbers("<!-- 0120-444-4444").is_empty());
        assert_eq!(numbers("<?x 1?>0120-444-4444</ x>"), ["01204444444"]);
        // Upper-case tags and an unclosed script.
        assert!(numbers("<SCRIPT>0120-444-4444</SCRIPT >").is_empty());
        assert_eq!(numbers("<TITLE>0120-444-4444</TITLE>"), ["01204444444"]);
        assert!(numbers("<script>0120-444-4444").is_empty());
        // An unterminated tag at the end of the page.
        assert!(numbers("<p title='0120").is_empty());
    }

    #[test]
    fn tag_names_are_read_in_any_case() {
        let block = [
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "br",
            "caption",
            "center",
            "dd",
            "details",
            "dialog",
            "dir",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "head",
            "header",
            "hgroup",
            "hr",
            "html",
            "legend",
            "li",
            "main",
            "menu",
            "nav",
            "ol",
            "optgroup",
            "option",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul",
        ];
        for name in block {
            assert_eq!(tag_kind(name.as_bytes()), Tag::Block, "{name}");
            assert_eq!(
                tag_kind(name.to_uppercase().as_bytes()),
                Tag::Block,
                "{name}"
            );
        }
        assert_eq!(tag_kind(b"SCRIPT"), Tag::Skip(b"script"));
        assert_eq!(tag_kind(b"Style"), Tag::Skip(b"style"));
        assert_eq!(tag_kind(b"title"), Tag::Title);
        assert_eq!(tag_kind(b"TextArea"), Tag::Textarea);
        assert_eq!(tag_kind(b"xmp"), Tag::RawText(b"xmp"));
        assert_eq!(tag_kind(b"plaintext"), Tag::Plaintext);
        assert_eq!(tag_kind(b"meta"), Tag::Meta);
        for inline in [
            "a", "b", "span", "em", "strong", "img", "wbr", "code", "x-y", "", "pp",
        ] {
            assert_eq!(tag_kind(inline.as_bytes()), Tag::Inline, "{inline}");
        }
        assert_eq!(
            SHORT_NUMBERS.map(|n| n.parse::<u32>().unwrap()),
            SHORT_VALUES
        );
    }

    // -----------------------------------------------------------------------------------------
    // Cross-checks with html5gum: the same numbers as reading its tokens

    /// The texts a reader meets in `html`, read with html5gum's tokenizer: the flow of text
    /// (block tags as spaces), the title, and the visible attributes.
    fn texts_by_html5gum(html: &str) -> Vec<String> {
        use html5gum::{DefaultEmitter, Token, Tokenizer};
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        let mut texts = vec![String::new()];
        let mut skip = false;
        let mut title = false;
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let kind = tag_kind(&tag.name);
                    skip = matches!(kind, Tag::Skip(_));
                    title = kind == Tag::Title;
                    if title {
                        texts.push(String::new());
                    }
                    if kind == Tag::Block {
                        texts[0].push(' ');
                    }
                    for (name, value) in &tag.attributes {
                        if visible_attribute(name, kind).is_some() {
                            texts.push(String::from_utf8_lossy(&value.value).into_owned());
                        }
                    }
                }
                Token::EndTag(tag) => {
                    skip = false;
                    title = false;
                    if tag_kind(&tag.name) == Tag::Block {
                        texts[0].push(' ');
                    }
                }
                Token::String(s) if !skip => {
                    let s = String::from_utf8_lossy(&s.value).into_owned();
                    if title {
                        texts.last_mut().unwrap().push_str(&s);
                    } else {
                        texts[0].push_str(&s);
                    }
                }
                _ => {}
            }
        }
        texts
    }

    fn sorted_numbers_by_html5gum(html: &str, vetted: &VettedNumbers) -> Vec<String> {
        let mut found: Vec<String> = texts_by_html5gum(html)
            .iter()
            .flat_map(|t| unvetted_in_text(t, vetted))
            .map(|n| n.canonical)
            .collect();
        found.sort();
        found
    }

    fn sorted_numbers(html: &str, vetted: &VettedNumbers) -> Vec<String> {
        let mut found: Vec<String> = unvetted_numbers(html, vetted)
            .into_iter()
            .filter(|n| n.place != Place::TelLink)
            .map(|n| n.canonical)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn the_scanner_reads_pages_as_html5gum_does() {
        let pages = [
            "<p>TEL0120-444-4444</p><p>0120&nbsp;444&shy;4444</p>",
            "<p>0120<!-- x -->-444-4444 and 01<b>20</b>-444-4444</p>",
            "<html><head><title>窓口 0120-444-4444</title><style>p{}</style></head><body>",
            "<table><tr><td>0120</td><td>444</td><td>4444</td></tr></table>",
            r#"<span title="0120-444-4444" alt='03-1234-5678'>x</span><img alt=０３－１２３４－５６７８>"#,
            "<script>'0120-444-4444'</script><p>&#48;120-444-4444 &#150; 110番</p>",
            "<p>〇一二〇-四四四-四四四四、＃９１１０、+81 (0)3-1234-5678</p>",
            "<ul><li>2026-12-02</li><li>0120</li><li>444-4444</li></ul>",
            "<p>a < b 0120-444-4444 &amp;&lt; 03-1234-5678</p>",
        ];
        for page in pages {
            let (ours, theirs) = (
                sorted_numbers(page, &nobody()),
                sorted_numbers_by_html5gum(page, &nobody()),
            );
            assert_eq!(ours, theirs, "{page}");
        }
    }

    /// Cases the property below once found: a number read twice, or read from a context cut
    /// mid-group, or lost behind a reference or a kanji read as a dash.
    #[test]
    fn windows_regressions() {
        let vetted = VettedNumbers::new(["110", "#9110", "#4440"].map(String::from));
        for page in [
            "110--------(-0",
            "0110----TEL-TEL--&#48;#0120",
            "0TEL(---(-&num;9110",
            "#4440一",
            "#4440 一",
        ] {
            for v in [&nobody(), &vetted] {
                assert_eq!(
                    sorted_numbers(page, v),
                    sorted_numbers_by_html5gum(page, v),
                    "{page}"
                );
            }
        }
    }

    proptest::proptest! {
        /// On pages made of digits, separators, look-alikes, invisible characters, references,
        /// prose and tags in any order, the windowed scan finds exactly what reading html5gum's
        /// whole text finds: the quick pass and the windows never lose a number, whether or
        /// not some numbers are vetted (windows with only vetted short numbers are not read).
        #[test]
        fn windows_never_lose_a_number(
            vetted_some in proptest::bool::ANY,
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "0", "1", "3", "4", "8", "9", "０", "１", "𝟎", "〇", "一", "①", "0120", "444",
                "4444", "03", "1234", "5678", "110", "188", "9110", "-", "－", "ー", "・", " ",
                "\u{a0}", "\u{3000}", "\u{200b}", "\u{ad}", "(", ")", "/", ".", "+", "#", "＃",
                "&nbsp;", "&#48;", "&shy;", "&num;", "&amp;", "O", "l", "TEL", "番", "円", "電話",
                "は", "の", "2026", "12", "〒", "第", "<b>", "</b>", "<p>", "</p>", "<br>",
                "<!-- c -->", "<span></span>", "\n",
            ]), 0..48)
        ) {
            let page: String = pieces.concat();
            let vetted = if vetted_some {
                VettedNumbers::new(["110", "188", "#9110", "#4444", "0312345678"].map(String::from))
            } else {
                nobody()
            };
            proptest::prop_assert_eq!(
                sorted_numbers(&page, &vetted),
                sorted_numbers_by_html5gum(&page, &vetted)
            );
        }
    }

    proptest::proptest! {
        /// Any text, and any mix of markup fragments and text, is read without a panic.
        #[test]
        fn any_page_is_read(
            text in proptest::prelude::any::<String>(),
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<p ", "<a href=\"tel:", "\"",
                "'", "=", "&", "&#", "&#x", ";", "#", "0", "9", "〇", "一", "零", "①", "𝟎", "０",
                "\u{200b}", "<script>", "</script", "<title>", "</title>", "<textarea>", "é", "\n",
            ]), 0..40),
        ) {
            let page = format!("{}{text}", pieces.concat());
            for html in [text.as_str(), page.as_str()] {
                let _ = unvetted_numbers(html, &nobody());
                let _ = unvetted_in_text(html, &nobody());
                let n = normalise(html);
                proptest::prop_assert_eq!(n.origin.len(), n.text.len());
                let _ = dialable_numbers(&n.text);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Throughput and real pages (release mode, by hand)

    /// A mostly-Japanese prose page of about 1 MB, with a few numbers and dates.
    fn japanese_page() -> String {
        let paragraph = "<p>楽天市場で困ったときは、まず<a href=\"https://example.jp/help/\">公式のヘルプ\
            ページ</a>を確かめます。注文日の翌日から90日以内に申請してください。受付は平日9:00〜17:00、\
            <strong>2026年12月2日</strong>から変わります。お金や個人情報がからむときは、カードを止める・\
            パスワードを変えるなど、被害を止めることから始めます。Check the official page first; \
            numbers in search results or pop-ups are not to be called.</p>\n<ul><li>消費者ホットライン188\
            </li><li>警察相談専用電話 #9110</li><li>東京 03-3446-0999</li></ul>\n";
        let mut page =
            String::from("<!DOCTYPE html><html><head><title>ガイド</title></head><body>");
        while page.len() < 1 << 20 {
            page.push_str(paragraph);
        }
        page.push_str("</body></html>");
        page
    }

    fn megabytes_per_second(pages: &[String], vetted: &VettedNumbers) -> (f64, usize) {
        let bytes: usize = pages.iter().map(String::len).sum();
        let mut found = 0;
        let mut best = f64::MAX;
        for _ in 0..9 {
            let start = std::time::Instant::now();
            found = pages
                .iter()
                .map(|p| unvetted_numbers(p, vetted).len())
                .sum();
            best = best.min(start.elapsed().as_secs_f64());
        }
        (bytes as f64 / 1e6 / best, found)
    }

    /// `cargo test --release --lib check::published::tests::throughput -- --ignored --nocapture`;
    /// with `SCAN_DIR=<built site>`, every page of that site is scanned too, and what is found
    /// reported (`SCAN_VETTED=188,#9110,…` lists the vetted numbers; `SCAN_CROSSCHECK=1` reads
    /// each page with html5gum too; `SCAN_ONCE=1` scans once, for `valgrind`).
    #[test]
    #[ignore]
    fn throughput() {
        let vetted = VettedNumbers::new(
            std::env::var("SCAN_VETTED")
                .unwrap_or_else(|_| "188,#9110,03-3446-0999".into())
                .split(',')
                .map(String::from),
        );
        if std::env::var_os("SCAN_ONCE").is_none() {
            let page = vec![japanese_page()];
            let (speed, found) = megabytes_per_second(&page, &vetted);
            let size = page[0].len() as f64 / 1e6;
            println!("japanese prose: {size:.1} MB: {speed:.0} MB/s ({found} found)");
        }
        let Ok(dir) = std::env::var("SCAN_DIR") else {
            return;
        };
        let mut paths = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "html") {
                paths.push(entry.path().to_path_buf());
            }
        }
        paths.sort();
        let pages: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        if std::env::var_os("SCAN_ONCE").is_some() {
            // One pass, for `valgrind --tool=cachegrind`.
            let found: usize = pages
                .iter()
                .map(|p| unvetted_numbers(p, &vetted).len())
                .sum();
            println!("{found} found");
            return;
        }
        if std::env::var_os("SCAN_CROSSCHECK").is_some() {
            // Every page read as html5gum reads it finds the same numbers.
            for (path, page) in paths.iter().zip(&pages) {
                let (ours, theirs) = (
                    sorted_numbers(page, &vetted),
                    sorted_numbers_by_html5gum(page, &vetted),
                );
                assert_eq!(ours, theirs, "{}", path.display());
            }
            println!(
                "html5gum finds the same numbers on all {} pages",
                pages.len()
            );
        }
        let (speed, _) = megabytes_per_second(&pages, &vetted);
        let bytes: usize = pages.iter().map(String::len).sum();
        println!(
            "{dir}: {} pages, {:.1} MB: {speed:.0} MB/s",
            pages.len(),
            bytes as f64 / 1e6
        );
        let mut counts: std::collections::BTreeMap<(String, Place), (usize, String, String)> =
            Default::default();
        for (path, page) in paths.iter().zip(&pages) {
            for n in unvetted_numbers(page, &vetted) {
                let entry = counts
                    .entry((n.canonical.clone(), n.place))
                    .or_insert_with(|| (0, path.display().to_string(), n.shown.clone()));
                entry.0 += 1;
            }
        }
        for ((canonical, place), (count, first, shown)) in counts {
            println!("{canonical} {place:?} ×{count}, first in {first}: {shown:?}");
        }
    }
}
