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
//! - **Not visible**: comments, `<script>` contents, URLs of ordinary links, and of `<style>`
//!   contents and `style=""` all but what `css` reads: the strings of `content:` (read as
//!   text), and the attributes `attr()` shows (read on every element: the page is read again).
//!   A theme's stylesheets are read the same way by the pipeline, which passes the attributes
//!   they show in [`VettedNumbers::with_shown_attributes`].
//! - **Refused whatever they are**: digits in the text of an inline `<svg>`, placed by
//!   coordinates (`<tspan x=…>`), as an SVG image may hold no text ([`Why::Placed`]).
//! - **Numbers spelt in words** (`words`): on a page with a word for zero, six number words or
//!   more in a row (`ゼロイチニーゼロ…`, `zero one two zero …`) read as their digits.
//! - **A `mailto:` link's prefilled subject and body** (percent-decoded) are read as text.
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
//! list) make a *run*. Groups around an aside in brackets (up to 24 characters, digits inside
//! allowed: `0120（24時間）444-4444`) are read again as one run without it, and what that finds
//! counts where it is a whole number (10 digits or more). Letters, kana, kanji and other marks end a run but never hide a number
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
//!     `110%`), or after `第 約 計 全 各 ¥ $ …` (`第110条`); after a space only a counter or
//!     a unit makes it one (`110 円`): other kanji or katakana after a space start the next
//!     words (`電話 117 出典一覧`, where a paragraph ends before a footer);
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
//! A page is walked once, as bytes (not first checked to be UTF-8: a byte sequence that is not is
//! read as one U+FFFD, as a lossy decoding reads it), and nothing is allocated per tag or per
//! character. Text is skipped to the next byte to look closer at, found 16 bytes at a time by
//! comparisons, until a *trigger*: an ASCII digit, `#`, a reference that decodes to one, a
//! non-ASCII digit of any kind (full-width, mathematical, circled, superscript, other scripts), `〇
//! ○ ◯ 零`, or `一` beside another kanji digit (a number starts with 0, a short number with 1). Only
//! then is a *window* opened, across tags and references, up to ten characters after its last
//! digit-like one, or sooner: at a letter, kana or kanji that ends what was being read, where
//! nothing read can be an unvetted number (digits after it start a window of their own, whose
//! context holds the whole word before them); one or two ASCII digits between a letter, kana or
//! kanji and the next one, with only separators between (`（第1） / Residence`), close at once without
//! one. A window only counts (kana, kanji and words in bulk) and keeps where its text is. Only a
//! window that can hold an unvetted number (a stretch of ten digits but a vetted one of exactly
//! ten, eight after a `+`, `#` and four digits but a vetted code, a group of three digits but a
//! vetted service number) is decoded with the characters before it, normalised and searched.
//! Attribute values are read only when they hold a trigger. Tag names are looked up by a perfect
//! hash of their first eight bytes.
//!
//! # Limits
//!
//! - What CSS does beyond `content:` is not read: text hidden by a style is read as shown,
//!   and `direction`, `order` or positioning that moves text is not followed (the default
//!   policy, `style-src 'self'`, allows no inline style).
//! - A service number written only with parenthesised or circled *ideographs* or circled
//!   numbers above 20 (`㊀㊀㊈`, `㈠㈠〇` is found through its `〇`) is found only where a byte
//!   nearby makes the quick pass look closer; a number that starts with 0 always has a trigger.
//! - A window's context is the last 16 pieces of text and 16 visible characters before it
//!   (invisible characters and a run of spaces after the first are not counted): a look-alike
//!   `O` before a number, cut off from it by more than 16 empty inline elements, is not read
//!   into it.
//! - A right-to-left letter makes every later digit of the page reported as reordered, not
//!   only those of its paragraph (the scanner's blocks are not always a browser's), and
//!   Arabic-Indic digits are reported wherever they are: a page in Hebrew or Arabic with
//!   numbers cannot pass; no bundled or planned guide is one.

mod attributes;
mod css;
mod digits;
mod elements;
mod emails;
mod hidden;
mod kinds;
mod links;
mod markup;
mod normalise;
mod numbers;
mod references;
mod report;
mod runs;
mod scanner;
mod standalone;
mod stats;
#[cfg(test)]
mod tests;
mod window;
mod words;

use std::collections::HashSet;
use std::ops::Range;

pub use css::{shown_by_css, CssShown};
pub use emails::{unvetted_emails, unvetted_emails_in_text, PublishedEmail};
pub use hidden::without_hidden;
use links::dialled_by_link;
use normalise::{canonical_of, normalise_into};
use numbers::{find_numbers, NumScratch, SHORT_NUMBERS};
use report::{report_numbers, shorten, Scratch};
use scanner::Scanner;

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
    /// The e-mail addresses pages may show (the `email` of each vetted channel), lower case.
    emails: HashSet<String>,
    /// Attributes a stylesheet shows as text (`content: attr(href)`), lower case: read on
    /// every element like `title`.
    shown_attributes: Vec<String>,
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
            emails: HashSet::new(),
            shown_attributes: Vec::new(),
        }
    }

    /// The same, reading as text the attributes a stylesheet shows (`attr()` in `content:`).
    pub fn with_shown_attributes(mut self, names: impl IntoIterator<Item = String>) -> Self {
        for name in names {
            let name = name.to_ascii_lowercase();
            if !self.shown_attributes.contains(&name) {
                self.shown_attributes.push(name);
            }
        }
        self
    }

    /// Whether a stylesheet shows the attribute `name` as text.
    fn shows_attribute(&self, name: &[u8]) -> bool {
        self.shown_attributes
            .iter()
            .any(|shown| shown.as_bytes().eq_ignore_ascii_case(name))
    }

    /// The same, with the addresses pages may show (canonical: lower case).
    pub fn with_emails(mut self, emails: HashSet<String>) -> Self {
        self.emails = emails;
        self
    }

    pub fn emails(&self) -> &HashSet<String> {
        &self.emails
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
    pub why: Why,
}

/// Why digits on a page are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Why {
    /// A number nobody vetted.
    Unvetted,
    /// Digits beside a text-direction control or right-to-left letters, which can show them in
    /// another order than they are written (`canonical` holds them as written).
    Direction,
    /// Digits in the text of an SVG drawn in a page (`<text>`, `<tspan x=…>`): placed by
    /// coordinates, they can show in any order, as in an SVG image (which may hold no text).
    Placed,
}

/// Text in the reader's form, and where each of its bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character that gave byte `i`.
    pub origin: Vec<usize>,
}

/// Every dialable number in a page's HTML that `vetted` does not contain. The page is read as
/// bytes (as the render writes it, with no pass to check that it is UTF-8): what is not UTF-8 is
/// read as a lossy decoding reads it.
pub fn unvetted_numbers(html: &[u8], vetted: &VettedNumbers) -> Vec<PublishedNumber> {
    let mut scanner = Scanner::new(html, vetted);
    scanner.document();
    let mut out = scanner.out;
    // A `<style>` (or `style=""`) of the page's own shows attributes as text: the page is read
    // again, reading them on every element.
    let shown: Vec<String> = scanner
        .shown_attributes
        .into_iter()
        .filter(|name| !vetted.shows_attribute(name.as_bytes()))
        .collect();
    if !shown.is_empty() {
        let wider = vetted.clone().with_shown_attributes(shown);
        let mut again = Scanner::new(html, &wider);
        again.document();
        out = again.out;
    }
    if words::may_spell_a_number(html) {
        spelt_numbers(html, vetted, &mut out);
    }
    // A window's context may hold the end of the window before it: one number, one report.
    out.sort_by(|a, b| {
        (a.byte_offset, a.place, &a.canonical).cmp(&(b.byte_offset, b.place, &b.canonical))
    });
    out.dedup_by(|a, b| {
        (a.byte_offset, a.place, &a.canonical) == (b.byte_offset, b.place, &b.canonical)
    });
    out
}

/// Numbers spelt in words on the page (`ゼロイチニーゼロ…`, `zero one two zero …`), read as their
/// digits and vetted like any number.
fn spelt_numbers(html: &[u8], vetted: &VettedNumbers, out: &mut Vec<PublishedNumber>) {
    let mut scratch = Scratch::default();
    for (place, chars) in emails::visible_texts(html) {
        let text: String = chars.iter().map(|&(c, _)| c).collect();
        let mut offsets = Vec::with_capacity(text.len());
        for &(c, at) in &chars {
            offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
        let norm = normalise(&text);
        for (digits, start) in words::spelt_numbers(&norm.text) {
            let mut found = Vec::new();
            report_numbers(&digits, 0, None, place, vetted, &mut scratch, &mut found);
            let at = norm
                .origin
                .get(start)
                .and_then(|&k| offsets.get(k))
                .copied();
            out.extend(found.into_iter().map(|mut number| {
                number.byte_offset = at.unwrap_or(0);
                number.shown = shorten(&norm.text[start..]);
                number
            }));
        }
    }
}

/// Same, for plain text a reader sees outside HTML (the URL encoded in a QR code, a PDF title,
/// the search index's titles and excerpts). Text that is a `tel:` (`sms:`, …) URL counts as
/// the number it dials. The whole text is normalised and searched: the page scanner's windows
/// would be cheaper, but they are held to this reading by property tests, which have found a
/// form they missed in every round so far (`tests::cross_checks`); this reading is the oracle.
pub fn unvetted_in_text(text: &str, vetted: &VettedNumbers) -> Vec<PublishedNumber> {
    let mut out = Vec::new();
    if let Some(number) = dialled_by_link(text) {
        if !vetted.contains(&number) {
            out.push(PublishedNumber {
                canonical: number,
                shown: shorten(text.trim()),
                byte_offset: 0,
                place: Place::TelLink,
                why: Why::Unvetted,
            });
        }
        return out;
    }
    let mut scratch = Scratch::default();
    report_numbers(text, 0, None, Place::Text, vetted, &mut scratch, &mut out);
    // Numbers spelt in words, as on a page (a stylesheet's `content:` can spell one too).
    if words::may_spell_a_number(text.as_bytes()) {
        for (digits, _) in words::spelt_numbers(&normalise(text).text) {
            report_numbers(
                &digits,
                0,
                None,
                Place::Text,
                vetted,
                &mut scratch,
                &mut out,
            );
        }
    }
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

/// Where the first character that changes the order digits show in is (a bidi control, else a
/// right-to-left letter), in any text: where a report of [`Why::Direction`] is located in a
/// source file.
pub fn first_direction_mark(text: &str) -> Option<Range<usize>> {
    let first = |control: bool| {
        text.char_indices()
            .find(|&(_, c)| kinds::direction(c) == Some(control))
            .map(|(at, c)| at..at + c.len_utf8())
    };
    first(true).or_else(|| first(false)).or_else(|| {
        // Markup that sets the direction (raw HTML, a theme's template).
        let lower = text.to_ascii_lowercase();
        [
            "<bdo",
            "<bdi",
            "dir=\"rtl",
            "dir='rtl",
            "dir=rtl",
            "dir=\"auto",
            "dir='auto",
            "dir=auto",
        ]
        .iter()
        .filter_map(|mark| lower.find(mark).map(|at| at..at + mark.len()))
        .min_by_key(|span| span.start)
    })
}

/// Where the first inline SVG is in a source file (`<svg`, any case): where a report of
/// [`Why::Placed`] is located.
pub fn first_inline_svg(text: &str) -> Option<Range<usize>> {
    let at = text.to_ascii_lowercase().find("<svg")?;
    Some(at..at + 4)
}

/// Dialable numbers (canonical + byte span), in any normalised text.
pub fn dialable_numbers(normalised: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    find_numbers(normalised, None, &mut NumScratch::default(), &mut found);
    found.into_iter().map(|f| (f.canonical, f.span)).collect()
}
