//! The search tokenizer: text → the tokens the search index is built from and a query is
//! looked up by. `themes/default/static/search-tokens.js` defines the same tokenizer for
//! queries; `tests/search_browser.rs` feeds the same strings to both, in Chromium, and compares.
//!
//! No dictionary: text is normalised (NFKC, case folded, hiragana folded into katakana),
//! runs of kanji and kana become overlapping pairs of characters (and, in titles, single
//! characters, so a one-character query finds titles), other letters and digits become words, and a
//! number written with separators (`03-3446-0999`, `（０３）３４４６`) also becomes its
//! digits, as the phone check reads it (`phone::canonical`).

/// The folder of the search index's files in the output (`render::search_index` writes them).
pub const SEARCH_DIR: &str = "search";

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// `text` as the index and queries compare it: NFKC, lower case, hiragana as katakana.
///
/// Most text is ASCII, kana and kanji, which NFKC leaves alone and which fold one character
/// at a time: those are folded directly, and only the stretches around other characters go
/// through NFKC (a stretch starts at the fast character before it, which a combining mark
/// after it may join). A Σ, whose lower case depends on its neighbours, folds the whole text
/// the slow way.
pub fn fold(text: &str) -> String {
    if text.contains('Σ') {
        return fold_slowly(text);
    }
    let mut out = String::with_capacity(text.len());
    // Where the stretch being gathered for NFKC starts in `text`, if one is.
    let mut slow_from: Option<usize> = None;
    // The previous character, if it was folded directly: where it starts, and its length.
    let mut previous_fast: Option<(usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            // A run of ASCII, much of the text, copied and lowered at once.
            let end =
                (bytes[at..].iter().position(|b| !b.is_ascii())).map_or(bytes.len(), |n| at + n);
            if let Some(from) = slow_from.take() {
                out.push_str(&fold_slowly(&text[from..at]));
            }
            let start = out.len();
            out.push_str(&text[at..end]);
            out[start..].make_ascii_lowercase();
            previous_fast = Some((end - 1, 1));
            at = end;
            continue;
        }
        if let Some(folded) = kana_or_kanji(bytes, at) {
            // Most of a Japanese text: three bytes each, folded without decoding a `char`.
            if let Some(from) = slow_from.take() {
                out.push_str(&fold_slowly(&text[from..at]));
            }
            match folded {
                None => out.push_str(&text[at..at + 3]),
                Some(c) => out.push(c),
            }
            previous_fast = Some((at, 3));
            at += 3;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        if is_fast(c) {
            if let Some(from) = slow_from.take() {
                out.push_str(&fold_slowly(&text[from..at]));
            }
            out.push(katakana(c.to_ascii_lowercase()));
            previous_fast = Some((at, len));
        } else if slow_from.is_none() {
            // A directly folded character folds to as many bytes as it has.
            let from = previous_fast.map_or(at, |(start, len)| {
                out.truncate(out.len() - len);
                start
            });
            slow_from = Some(from);
            previous_fast = None;
        }
        at += len;
    }
    if let Some(from) = slow_from {
        out.push_str(&fold_slowly(&text[from..]));
    }
    out
}

/// The character at `bytes[at]`, when it is a kanji or kana that `fold` takes directly
/// (`is_fast`, three bytes of UTF-8): `Some(None)` when it folds to itself, `Some(Some(c))`
/// for a hiragana, which folds to the katakana `c`; `None` for any other character.
#[inline]
fn kana_or_kanji(bytes: &[u8], at: usize) -> Option<Option<char>> {
    let lead = *bytes.get(at)?;
    if !(0xE3..=0xE9).contains(&lead) {
        return None;
    }
    let (b1, b2) = (*bytes.get(at + 1)?, *bytes.get(at + 2)?);
    let c = u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
    match c {
        0x4E00..=0x9FFF | 0x30A1..=0x30FE | 0x3001..=0x3002 | 0x300C..=0x300F => Some(None),
        0x3041..=0x3096 | 0x309D..=0x309E => Some(char::from_u32(c + 0x60)),
        _ => None,
    }
}

/// Characters NFKC leaves as they are, that start a stretch of their own (no mark before them
/// joins them) and fold one at a time: ASCII, hiragana, katakana, kanji, 、。「」『』.
fn is_fast(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
        '\0'..='\u{7F}'
        | '\u{3001}'..='\u{3002}'
        | '\u{300C}'..='\u{300F}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309E}'
        | '\u{30A1}'..='\u{30FE}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// NFKC, then lower case, then hiragana as katakana.
fn fold_slowly(text: &str) -> String {
    let nfkc: String = if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.to_owned()
    } else {
        text.nfkc().collect()
    };
    nfkc.to_lowercase().chars().map(katakana).collect()
}

/// Hiragana folded into katakana (`ろぐいん` reads as `ログイン`).
fn katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// How a folded character takes part in a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Kanji and kana: indexed as overlapping pairs.
    Cjk,
    /// Letters and digits of other scripts: indexed as words.
    Word,
    /// Everything else separates tokens.
    Gap,
}

/// The character classes, as explicit ranges so that `search.js` can state the same ones.
fn class(c: char) -> Class {
    // The most common characters first (the match below says the same of them).
    if c.is_ascii() {
        return match c {
            '0'..='9' | 'a'..='z' => Class::Word,
            _ => Class::Gap,
        };
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{30A1}'..='\u{30FA}').contains(&c) {
        return Class::Cjk;
    }
    match c {
        // Katakana (with ー) but not the middle dot ・, kana extensions, 々 and 〆, kanji.
        '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3005}'..='\u{3006}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' => Class::Cjk,
        '0'..='9'
        | 'a'..='z'
        | '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{02AF}'
        | '\u{0370}'..='\u{03FF}'
        | '\u{0400}'..='\u{04FF}'
        | '\u{AC00}'..='\u{D7AF}' => Class::Word,
        _ => Class::Gap,
    }
}

/// Characters that may stand between the digits of one phone number (after folding).
fn joins_digits(c: char) -> bool {
    matches!(
        c,
        '-' | ' ' | '(' | ')' | '.' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー'
    )
}

/// Whether a token is for one-character queries only (the index holds them; a query asks
/// for one only when it has a one-character run).
pub fn is_single(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if class(c) == Class::Cjk)
}

/// What text is tokenized for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Part {
    /// A query: pairs, words and whole numbers (not the words of their digits).
    Query,
    /// A title in the index: pairs, words, numbers and their words, and every kanji and kana
    /// alone, so that a one-character query finds titles.
    Title,
    /// Other indexed text: a title's tokens but the single characters (most of the index's
    /// size and time for little use: a one-character query finds titles only).
    Text,
}

/// The tokens of a query: its pairs, words and numbers (a one-character run of kanji or kana
/// as itself), in order, repeats kept.
pub fn query_tokens(text: &str) -> Vec<String> {
    tokens(&fold(text), Part::Query)
}

/// The tokens of an indexed title: a query's, the words of numbers, every kanji and kana alone.
pub fn index_tokens(text: &str) -> Vec<String> {
    tokens(&fold(text), Part::Title)
}

/// Tokens of already folded text.
pub fn tokens(folded: &str, part: Part) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(folded, part, |token| out.push(token.into_owned()));
    out
}

/// Each token of already folded text, in order, as a slice of it where it is one (pairs,
/// single characters and words are; a number's digits are not).
///
/// One pass over the characters: a big guide's text goes through here once per build, so no
/// character is decoded twice and nothing is gathered but the numbers (rare).
pub fn for_each_token<'t>(folded: &'t str, part: Part, mut emit: impl FnMut(Cow<'t, str>)) {
    let numbers = numbers(folded);
    let mut run = Run {
        from: 0,
        kind: Class::Gap,
        chars: 0,
    };
    let mut previous = 0;
    for (at, c) in folded.char_indices() {
        let kind = class(c);
        if kind != run.kind {
            run.end(folded, at, part, &numbers, &mut emit);
            run = Run {
                from: at,
                kind,
                chars: 0,
            };
        } else if kind == Class::Cjk {
            // The pair this character ends.
            emit(Cow::Borrowed(&folded[previous..at + c.len_utf8()]));
        }
        run.chars += 1;
        previous = at;
    }
    run.end(folded, folded.len(), part, &numbers, &mut emit);
    numbers
        .into_iter()
        .for_each(|(_, number)| emit(Cow::Owned(number)));
}

/// A run of characters of one class, as `for_each_token` reads it: where it starts in the
/// folded text, and how many characters it has so far.
struct Run {
    from: usize,
    kind: Class,
    chars: usize,
}

impl Run {
    /// The tokens due when the run ends at `to` (its pairs came as it went).
    fn end<'t>(
        &self,
        folded: &'t str,
        to: usize,
        part: Part,
        numbers: &[(Range<usize>, String)],
        emit: &mut impl FnMut(Cow<'t, str>),
    ) {
        let text = &folded[self.from..to];
        match self.kind {
            // A one-character run of kanji and kana is the character; in a title, every
            // character of a longer run is a token too.
            Class::Cjk if self.chars == 1 => emit(Cow::Borrowed(text)),
            Class::Cjk if part == Part::Title => {
                (text.char_indices())
                    .for_each(|(at, c)| emit(Cow::Borrowed(&text[at..at + c.len_utf8()])));
            }
            Class::Cjk | Class::Gap => {}
            // A query's number is looked up whole, so it matches however the page splits it.
            Class::Word if part == Part::Query && in_number(numbers, self.from, to, text) => {}
            Class::Word => emit(Cow::Borrowed(text)),
        }
    }
}

/// Whether the word `word`, at bytes `start..end` of the folded text, is digits inside one of
/// `numbers`.
fn in_number(numbers: &[(Range<usize>, String)], start: usize, end: usize, word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
        && numbers
            .iter()
            .any(|(span, _)| span.start <= start && end <= span.end)
}

/// Each number written with separators between its digits (or after `+` or `#`), as the
/// phone check reads it: its digits, `+81` read as `0`, a leading `#` kept (`#9110`); with
/// the bytes of `folded` it spans.
fn numbers(folded: &str) -> Vec<(Range<usize>, String)> {
    let bytes = folded.as_bytes();
    let digits_from = |at: usize| {
        at + (bytes[at..].iter())
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut out = Vec::new();
    let mut i = 0;
    // A digit is ASCII, and an ASCII byte is a whole character: the search goes by bytes.
    while let Some(n) = bytes[i..].iter().position(u8::is_ascii_digit) {
        let first = i + n;
        let start = match first.checked_sub(1).map(|p| bytes[p]) {
            Some(b'+' | b'#') => first - 1,
            _ => first,
        };
        let mut joined = start != first;
        let mut end = digits_from(first);
        loop {
            let gap: usize = (folded[end..].chars())
                .take_while(|&c| joins_digits(c))
                .map(char::len_utf8)
                .sum();
            if gap > 0 && bytes.get(end + gap).is_some_and(u8::is_ascii_digit) {
                joined = true;
                end = digits_from(end + gap);
            } else {
                break;
            }
        }
        if joined {
            out.push((start..end, crate::phone::canonical(&folded[start..end])));
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_half_width_forms_and_kana_fold_together() {
        let login = query_tokens("ログイン");
        assert_eq!(login, ["ログ", "グイ", "イン"]);
        assert_eq!(query_tokens("ﾛｸﾞｲﾝ"), login);
        assert_eq!(query_tokens("ろぐいん"), login);
        assert_eq!(query_tokens("１８８"), query_tokens("188"));
        assert_eq!(query_tokens("Rakuten ID"), ["rakuten", "id"]);
    }

    #[test]
    fn one_character_runs_are_themselves_and_titles_have_every_character() {
        assert_eq!(query_tokens("券"), ["券"]);
        assert_eq!(index_tokens("電話"), ["電話", "電", "話"]);
        assert!(is_single("券") && !is_single("電話") && !is_single("a"));
        // Other text: no single characters, but the words of a number.
        assert_eq!(
            tokens(&fold("電話 03-1"), Part::Text),
            ["電話", "03", "1", "031"]
        );
    }

    #[test]
    fn folding_directly_gives_what_nfkc_gives() {
        let cases = [
            "ログイン ろぐいん ABC abc",
            "ﾛｸﾞｲﾝ と ログイン",
            "か\u{3099}き\u{309A}",
            "カ\u{FF9E} ｶﾞ",
            "（０３）３４４６ ０９９９、＃９１１０。",
            "ΑΣ aΣ. ΣΑΣ",
            "ヿ ゟ ㍻ ①",
            "楽天\u{3000}市場 e\u{301} É",
            "",
        ];
        for case in cases {
            assert_eq!(fold(case), fold_slowly(case), "{case:?}");
        }
    }

    proptest::proptest! {
        /// The direct folding (ASCII runs, kana and kanji by their bytes, NFKC only around
        /// other characters) gives what NFKC, lower case and kana folding give for the whole
        /// text: kana, kanji and their neighbours at the edges of the fast ranges, marks that
        /// join the character before them, width forms, cased letters.
        #[test]
        fn folding_directly_always_gives_what_nfkc_gives(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "1", " ", "\n", "ろ", "ぁ", "ゖ", "゗", "ゝ", "ゞ", "ゟ", "ァ", "ヺ", "ヾ", "ヿ",
                "ー", "・", "、", "。", "「", "』", "〃", "〆", "々", "一", "龥", "鿿", "㐀", "豈",
                "\u{3099}", "\u{309A}", "\u{301}", "ﾛ", "ｸﾞ", "ﾞ", "１", "（", "＃", "Σ", "É",
                "㍻", "①", "\u{3000}", "\u{2FFF}", "\u{A000}", "\u{3040}", "\u{30A0}",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(fold(&text), fold_slowly(&text));
        }
    }

    #[test]
    fn numbers_read_as_the_phone_check_reads_them() {
        assert_eq!(
            query_tokens("電話03-3446-0999へ"),
            ["電話", "ヘ", "0334460999"]
        );
        let indexed = index_tokens("03-3446-0999");
        assert_eq!(indexed, ["03", "3446", "0999", "0334460999"]);
        assert!(query_tokens("＋８１ ３-３４４６-０９９９").contains(&"0334460999".to_string()));
        assert!(query_tokens("＃９１１０").contains(&"#9110".to_string()));
        assert_eq!(query_tokens("0334460999"), ["0334460999"]);
        // A number alone, with nothing joined to it, is just its word.
        assert_eq!(query_tokens("188"), ["188"]);
    }
}
