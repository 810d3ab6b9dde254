//! The quick check of a page for numbers spelt in words: whether it may hold one, so that only
//! such pages are read whole ([`super::spelt_numbers`]).

use super::super::kinds::{any_byte_of, any_letter_of};

/// Patterns that say a page may spell a number: every Japanese number starts with 0, so its
/// spelling holds a word for zero, or, where its 0 is a digit, other number words (the kana
/// ones rare in prose are looked for: a mixed form spelt only with `いち に さん し ご く`, `ワン`,
/// `オー` or kanji digits is not read), or a numeric reference to a kana (`&#12…;`, `&#x30…;`). English words count from two,
/// each on its own (`phone` and `none` hold no `one`).
const KANA_SIGNS: [&str; 46] = [
    "ゼロ",
    "ぜろ",
    "レイ",
    "れい",
    "マル",
    "まる",
    "ｾﾞﾛ",
    "ﾚｲ",
    "ﾏﾙ",
    "&#x30",
    "&#123",
    "&#124",
    "&#125",
    "ｚｅｒｏ",
    "ＺＥＲＯ",
    "Ｚｅｒｏ",
    "イチ",
    "ニー",
    "サン",
    "ヨン",
    "ゴー",
    "ロク",
    "ナナ",
    "ハチ",
    "キュ",
    "よん",
    "ろく",
    "なな",
    "はち",
    "きゅ",
    "にー",
    "ﾖﾝ",
    "ﾛｸ",
    // Drawn-out vowels and katakana English (the fourth break-it round, issue 13).
    "れー",
    "レー",
    "しー",
    "ツー",
    "スリー",
    "フォー",
    "ファイ",
    "シックス",
    "セブン",
    "エイト",
    "ナイン",
    "ﾂｰ",
    "ﾌｫｰ",
];
const ENGLISH_SIGNS: [&str; 11] = [
    "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Whether bytes may hold a number spelt in words (see [`KANA_SIGNS`]): a pass for the kana
/// signs and one for the English words, each looking closer only at the bytes that start one
/// (found sixteen at a time). An English word counts where it stands alone, or glued to number
/// words that do (`ZEROONETWO`): a chain of them counts as its words. A word with nothing it
/// could join on either side ([`may_join`]) counts for nothing: a run of six number words
/// holds none such, and prose has many (`if you have one, bring it`), which made most English
/// pages read.
pub(in super::super) fn may_spell_a_number(b: &[u8]) -> bool {
    let signs = &*SIGNS;
    any_byte_of(b, b"\xe3\xef&", |k| signs.at(b, k)) || english_may_spell(b)
}

/// The English part of [`may_spell_a_number`]. No number word holds another, so the words
/// found from left to right, each after the one before, are those an automaton finds.
fn english_may_spell(b: &[u8]) -> bool {
    let mut count = EnglishCount::default();
    let mut from = 0;
    let spelt = any_letter_of(b, b"zotfsen", |start| {
        if start < from {
            return false;
        }
        let Some((word, len)) = english_at(b, start) else {
            return false;
        };
        let end = start + len;
        from = end;
        // `zero` or `oh` before digits (`zero120-444-4444`) is a number's first digit.
        let zero = word < 2;
        let next = b[end..].iter().find(|&&c| !matches!(c, b' ' | b'-'));
        if zero && next.is_some_and(u8::is_ascii_digit) {
            return true;
        }
        if !may_join(b, start, end) {
            return false;
        }
        count.word(b, start, end)
    });
    spelt || count.ends(b, None)
}

/// Whole English words counted so far, and the last one, whose end is decided by the next.
#[derive(Default)]
struct EnglishCount {
    english: usize,
    /// (end, starts well).
    last: Option<(usize, bool)>,
}

impl EnglishCount {
    /// Counts the last word if it is whole given where the next starts: true from two.
    fn ends(&mut self, b: &[u8], next: Option<usize>) -> bool {
        let whole = |(end, starts): (usize, bool)| {
            starts && (!b.get(end).is_some_and(u8::is_ascii_alphabetic) || next == Some(end))
        };
        self.english += usize::from(self.last.is_some_and(whole));
        self.english >= 2
    }

    /// The word at `start..end`: true once two are counted.
    fn word(&mut self, b: &[u8], start: usize, end: usize) -> bool {
        if self.ends(b, Some(start)) {
            return true;
        }
        let before = start.checked_sub(1).and_then(|k| b.get(k));
        let glued = self
            .last
            .is_some_and(|(end, starts)| starts && end == start);
        self.last = Some((end, !before.is_some_and(u8::is_ascii_alphabetic) || glued));
        false
    }
}

/// The English number word at `k` (any case): its index in [`ENGLISH_SIGNS`] and its length.
/// Its first two letters name the only word it can be (most letters start none).
fn english_at(b: &[u8], k: usize) -> Option<(usize, usize)> {
    let second = b.get(k + 1).map_or(0, |c| c | 0x20);
    let word = match (b[k] | 0x20, second) {
        (b'z', b'e') => 0,
        (b'o', b'h') => 1,
        (b'o', b'n') => 2,
        (b't', b'w') => 3,
        (b't', b'h') => 4,
        (b'f', b'o') => 5,
        (b'f', b'i') => 6,
        (b's', b'i') => 7,
        (b's', b'e') => 8,
        (b'e', b'i') => 9,
        (b'n', b'i') => 10,
        _ => return None,
    };
    let spelt = ENGLISH_SIGNS[word];
    starts_with_word(&b[k..], spelt).then_some((word, spelt.len()))
}

/// The kana signs by their first character: those that start with a kana (U+3041–U+30FF,
/// bytes `E3 81 80`–`E3 83 BF`) in a table by that character, most of which start none; the
/// others (half-width and full-width forms, references) in a list.
struct Signs {
    /// Bit `i % 64` of `starts[i / 64]`: some sign starts with kana `i` (a test of one bit for
    /// the many kana that start none).
    starts: [u64; 3],
    kana: Vec<Vec<&'static [u8]>>,
    other: Vec<&'static [u8]>,
}

static SIGNS: std::sync::LazyLock<Signs> = std::sync::LazyLock::new(|| {
    let mut signs = Signs {
        starts: [0; 3],
        kana: vec![Vec::new(); 3 * 64],
        other: Vec::new(),
    };
    for sign in KANA_SIGNS.map(str::as_bytes) {
        match kana_index(sign) {
            Some(i) => {
                signs.starts[i / 64] |= 1 << (i % 64);
                signs.kana[i].push(sign);
            }
            None => signs.other.push(sign),
        }
    }
    signs
});

/// Where the kana `b` starts with is in [`Signs::kana`].
fn kana_index(b: &[u8]) -> Option<usize> {
    match b {
        [0xe3, b1 @ 0x81..=0x83, b2 @ 0x80..=0xbf, ..] => {
            Some(usize::from(b1 - 0x81) * 64 + usize::from(b2 - 0x80))
        }
        _ => None,
    }
}

impl Signs {
    /// Whether a sign starts at `k` (ASCII letters in any case, as in `&#X30`).
    fn at(&self, b: &[u8], k: usize) -> bool {
        let rest = &b[k..];
        let starts = |sign: &&[u8]| {
            rest.get(..sign.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(sign))
        };
        match kana_index(rest) {
            Some(i) if self.starts[i / 64] & 1 << (i % 64) == 0 => false,
            Some(i) => self.kana[i].iter().any(starts),
            None => self.other.iter().any(starts),
        }
    }
}

/// Whether the English word at `start..end` of the raw bytes may be read beside another item
/// of a run (a digit or a number word), on either side. Only what surely parts it is looked
/// at: past ASCII separators and white space (which a run skips), a letter that neither ends
/// nor starts a number word, `#`, or the start or end of the bytes. Anything else may be an
/// item or hide one once the page is read (a digit, a tag or reference, a character that is
/// not ASCII, a `%` or CSS `\` escape), and so may join.
fn may_join(b: &[u8], start: usize, end: usize) -> bool {
    let before = b[..start].iter().rposition(|&c| !skipped(c));
    let joins_before = before.is_some_and(|k| {
        if !b[k].is_ascii_alphabetic() {
            return b[k] != b'#';
        }
        let letters = b[..=k].iter().rev().take_while(|c| c.is_ascii_alphabetic());
        let from = k + 1 - letters.count();
        let escape = b[..=k]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric());
        let escaped = (k + 1).checked_sub(escape.count() + 1).map(|e| b[e]);
        matches!(escaped, Some(b'%' | b'\\'))
            || ENGLISH_SIGNS
                .iter()
                .any(|w| ends_with_word(&b[from..=k], w))
    });
    let after = b[end..].iter().position(|&c| !skipped(c)).map(|k| end + k);
    joins_before
        || after.is_some_and(|k| {
            if !b[k].is_ascii_alphabetic() {
                return b[k] != b'#';
            }
            (k > end && b[k - 1] == b'\\')
                || ENGLISH_SIGNS.iter().any(|w| starts_with_word(&b[k..], w))
        })
}

/// ASCII white space and the separators a run of number words skips. `#` parts a run; `<`,
/// `>`, `&`, `;` and `%` are markup, references and escapes in a page, which may join what is
/// on either side: none of these is skipped.
fn skipped(c: u8) -> bool {
    c.is_ascii_whitespace()
        || (c.is_ascii_punctuation() && !matches!(c, b'#' | b'<' | b'>' | b'&' | b';' | b'%'))
}

fn ends_with_word(letters: &[u8], word: &str) -> bool {
    letters.len() >= word.len()
        && letters[letters.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
}

fn starts_with_word(letters: &[u8], word: &str) -> bool {
    letters
        .get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick check as one automaton over every sign (how it was written first): what the
    /// passes by first byte must answer, page for page.
    fn by_automaton(b: &[u8]) -> bool {
        let signs = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(KANA_SIGNS.iter().chain(ENGLISH_SIGNS.iter()))
            .unwrap();
        let mut count = EnglishCount::default();
        for found in signs.find_iter(b) {
            let Some(word) = found.pattern().as_usize().checked_sub(KANA_SIGNS.len()) else {
                return true;
            };
            let next = b[found.end()..]
                .iter()
                .find(|&&c| !matches!(c, b' ' | b'-'));
            if word < 2 && next.is_some_and(u8::is_ascii_digit) {
                return true;
            }
            if may_join(b, found.start(), found.end()) && count.word(b, found.start(), found.end())
            {
                return true;
            }
        }
        count.ends(b, None)
    }

    #[test]
    fn every_sign_starts_with_a_byte_the_pass_looks_at() {
        for sign in KANA_SIGNS {
            assert!(b"\xe3\xef&".contains(&sign.as_bytes()[0]), "{sign}");
        }
        for (i, word) in ENGLISH_SIGNS.iter().enumerate() {
            assert!(b"zotfsen".contains(&word.as_bytes()[0]), "{word}");
            assert_eq!(
                english_at(word.as_bytes(), 0),
                Some((i, word.len())),
                "{word}"
            );
        }
    }

    proptest::proptest! {
        /// Signs, parts of signs, words that hold number words, separators, markup and escapes,
        /// in any order and case: the passes by first byte answer as the automaton does.
        #[test]
        fn the_passes_answer_as_one_automaton(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "zero", "ZeRo", "oh", "OH", "one", "One", "two", "three", "four", "FIVE", "six",
                "seven", "eight", "nine", "zeroone", "twone", "someone", "phone", "often", "tw",
                "on", "e", "x", "a", " ", "  ", "-", ",", ".", "#", "%2C", "\\a ", "0", "120",
                "<b>", "</p>", ">", "&nbsp;", ";", "&#x30;", "&#X30", "&#12354;", "&#", "ゼロ",
                "ゼ", "ロ", "に", "ー", "にー", "し", "しー", "は", "ち", "はち", "ｾﾞﾛ", "ﾂｰ",
                "ｚｅｒｏ", "ＺＥＲＯ", "（", "あ", "一", "\n",
            ]), 0..40)
        ) {
            let page = pieces.concat();
            proptest::prop_assert_eq!(
                may_spell_a_number(page.as_bytes()),
                by_automaton(page.as_bytes()),
                "{}", page
            );
        }
    }
}
