//! Numbers spelt in words: `ゼロイチニーゼロ…`, `れいいちにーれい…`, `zero one two zero …`. A run of
//! [`MIN_WORDS`] number words or more (kana or English, separators between them allowed) reads as
//! its digits, and is vetted like any number. A reader dials what they read aloud.

use super::digits::kanji_digit;
use super::normalise::is_separator;

/// Number words in a row from which a run reads as digits (a number has 10 or 11; fewer than
/// six in a row are ordinary words: `いちにち`, `ごご`, `one or two`).
const MIN_WORDS: usize = 6;

/// The kana number words that start with `first` (in the reader's form: half-width katakana
/// are full-width), longest first where one starts another (`キュウ` before `ク`); `ー` is read
/// as `-` in normalised text. A vowel drawn out as it is read aloud is part of the word
/// (`にい`, `ごお`, `れー`, `しー`), and English words in katakana are read (`ワン`, `ツー`,
/// `フォー`). Found by their first character, since most characters of Japanese prose start
/// none.
fn kana_words(first: char) -> &'static [(&'static str, char)] {
    match first {
        'キ' => &[("キュウ", '9'), ("キュ-", '9')],
        'き' => &[("きゅう", '9'), ("きゅ-", '9')],
        'ゼ' => &[("ゼロ", '0')],
        'ぜ' => &[("ぜろ", '0')],
        'レ' => &[("レイ", '0'), ("レ-", '0')],
        'れ' => &[("れい", '0'), ("れ-", '0')],
        'マ' => &[("マル", '0')],
        'ま' => &[("まる", '0')],
        'イ' => &[("イチ", '1')],
        'い' => &[("いち", '1')],
        'ニ' => &[("ニ-", '2'), ("ニイ", '2'), ("ニ", '2')],
        'に' => &[("に-", '2'), ("にい", '2'), ("に", '2')],
        'サ' => &[("サン", '3')],
        'さ' => &[("さん", '3')],
        'ヨ' => &[("ヨン", '4')],
        'よ' => &[("よん", '4')],
        'ゴ' => &[("ゴ-", '5'), ("ゴオ", '5'), ("ゴ", '5')],
        'ご' => &[("ご-", '5'), ("ごお", '5'), ("ご", '5')],
        'ロ' => &[("ロク", '6')],
        'ろ' => &[("ろく", '6')],
        'ナ' => &[("ナナ", '7'), ("ナイン", '9')],
        'な' => &[("なな", '7')],
        'シ' => &[("シックス", '6'), ("シチ", '7'), ("シ-", '4'), ("シ", '4')],
        'し' => &[("しち", '7'), ("し-", '4'), ("し", '4')],
        'ハ' => &[("ハチ", '8')],
        'は' => &[("はち", '8')],
        'ク' => &[("ク", '9')],
        'く' => &[("く", '9')],
        'ワ' => &[("ワン", '1')],
        'ツ' => &[("ツ-", '2')],
        'ス' => &[("スリ-", '3')],
        'フ' => &[
            ("ファイブ", '5'),
            ("ファイヴ", '5'),
            ("ファイフ", '5'),
            ("フォ-", '4'),
            ("フォア", '4'),
        ],
        'エ' => &[("エイト", '8')],
        'オ' => &[("オ-", '0')],
        // Half-width `ｾﾞﾛ`, `ｺﾞｰ`, `ｾﾌﾞﾝ`, `ﾌｧｲﾌﾞ`: the reader's form drops a voiced mark that is
        // not composed.
        'セ' => &[
            ("セブン", '7'),
            ("セヴン", '7'),
            ("セロ", '0'),
            ("セフン", '7'),
        ],
        'コ' => &[("コ-", '5')],
        _ => &[],
    }
}

/// English number words (any case), `oh` for zero as it is read aloud.
const ENGLISH: [(&str, char); 11] = [
    ("zero", '0'),
    ("oh", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
];

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

mod dense;

/// The signs' automaton (their order: [`KANA_SIGNS`], then [`ENGLISH_SIGNS`]).
static SIGNS: std::sync::LazyLock<Option<dense::Dense>> =
    std::sync::LazyLock::new(|| dense::Dense::new(KANA_SIGNS.iter().chain(ENGLISH_SIGNS.iter())));

/// Whether bytes may hold a number spelt in words (see [`KANA_SIGNS`]): one pass over them.
/// An English word counts where it stands alone, or glued to number words that do
/// (`ZEROONETWO`): a chain of them counts as its words. A word with nothing it could join on
/// either side ([`may_join`]) counts for nothing: a run of six number words holds none such,
/// and prose has many (`if you have one, bring it`), which made most English pages read.
pub(super) fn may_spell_a_number(b: &[u8]) -> bool {
    let Some(signs) = SIGNS.as_ref() else {
        return true;
    };
    let mut english = 0;
    let letter = |k: Option<&u8>| k.is_some_and(u8::is_ascii_alphabetic);
    // The English word before, whose end is decided by the next one: (end, starts well).
    let mut last: Option<(usize, bool)> = None;
    let mut counts = |last: Option<(usize, bool)>, next: Option<usize>| {
        let whole =
            |(end, starts): (usize, bool)| starts && (!letter(b.get(end)) || next == Some(end));
        english += usize::from(last.is_some_and(whole));
        english >= 2
    };
    for found in signs.find_all(b) {
        if found.pattern < KANA_SIGNS.len() {
            return true;
        }
        // `zero` or `oh` before digits (`zero120-444-4444`) is a number's first digit; so it is
        // before what may be or hide one once the page is read (`zero<b></b>120…`,
        // `zero&#49;20…`, `zero１２０…`, an invisible character, a line break): anything past
        // separators but a letter or `#`.
        let zero = found.pattern - KANA_SIGNS.len() < 2;
        let next = b[found.end..].iter().find(|&&c| !skipped(c));
        if zero && next.is_some_and(|&c| !c.is_ascii_alphabetic() && c != b'#') {
            return true;
        }
        if !may_join(b, found.start, found.end) {
            continue;
        }
        if counts(last, Some(found.start)) {
            return true;
        }
        let before = found.start.checked_sub(1).and_then(|k| b.get(k));
        let glued = last.is_some_and(|(end, starts)| starts && end == found.start);
        last = Some((found.end, !letter(before) || glued));
    }
    counts(last, None)
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

/// The runs of number words in normalised `text`, each as its digits (separators kept between
/// them, so groups stay groups) and where in `text` it starts.
pub(super) fn spelt_numbers(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some((digit, len, mut kind)) = word_at(text, i, false) else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let start = i;
        // `zero` and then digits (`ゼロ120-444-4444`, `zero120…`): every Japanese number starts
        // with 0, so one word is enough there. Not `oh`, `れい`, `まる`: an interjection, an
        // example, a circle in prose.
        let led_by_zero = ["zero", "ゼロ", "ぜろ", "セロ"].iter().any(|w| {
            text[i..]
                .get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
        });
        let mut digits = String::from(digit);
        let (mut items, mut words) = (1, usize::from(kind != Token::Digit));
        // Whether English words are written glued (`ZEROONETWOZERO FOURFOURFOUR`): then a
        // space parts groups, as between kana words.
        let mut written_glued = false;
        i += len;
        loop {
            let gap = text[i..]
                .char_indices()
                .take_while(|&(_, c)| is_separator(c) || c == '、')
                .last()
                .map_or(0, |(k, c)| k + c.len_utf8());
            // English words glued together (`ZEROONETWO`) are read on from a word.
            let glued = gap == 0 && kind == Token::English;
            match word_at(text, i + gap, glued) {
                Some((digit, len, next)) => {
                    // Spaces only part English words (`zero one two`); other marks, and spaces
                    // between kana words or glued English ones, part groups.
                    let between = &text[i..i + gap];
                    let english = kind == Token::English && next == Token::English;
                    written_glued |= english && gap == 0;
                    if !(english && between.trim().is_empty() && !written_glued) {
                        digits.push_str(&between.replace('、', ","));
                    }
                    kind = next;
                    digits.push(digit);
                    items += 1;
                    words += usize::from(next != Token::Digit);
                    i += gap + len;
                }
                None => break,
            }
        }
        // Digits mixed with words (`0120 ヨンヨンヨン …`) count with two words or more.
        if items >= MIN_WORDS && (words >= 2 || led_by_zero) {
            found.push((digits, start));
        }
    }
    found
}

/// What a run of number words is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Digit,
    Kana,
    English,
}

/// The number word (or digit) at `i`, if one is there: its digit, its length, its kind. An
/// English word is read inside a run of letters only `glued` to the number word before it.
fn word_at(text: &str, i: usize, glued: bool) -> Option<(char, usize, Token)> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        return Some((first, 1, Token::Digit));
    }
    // A kanji digit among kana words (`〇いちに〇`) is the digit it stands for.
    if let Some(d) = kanji_digit(first) {
        return Some((char::from(b'0' + d), first.len_utf8(), Token::Digit));
    }
    // Only kana and ASCII letters start a word: anything else is passed at once.
    if !first.is_ascii_alphabetic() && !('\u{3041}'..='\u{30ff}').contains(&first) {
        return None;
    }
    if let Some(&(word, digit)) = kana_words(first)
        .iter()
        .find(|(word, _)| rest.starts_with(word))
    {
        return Some((digit, word.len(), Token::Kana));
    }
    // An English word, whole: not inside another (`someone`, `often`), unless number words
    // are glued together (`zeroone`).
    let letter_before = text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphabetic());
    if letter_before && !glued {
        return None;
    }
    let (digit, len) = english_at(rest)?;
    let after = &rest[len..];
    let whole = !after.chars().next().is_some_and(char::is_alphabetic);
    (whole || english_at(after).is_some()).then_some((digit, len, Token::English))
}

/// The English number word `rest` starts with (any case), and its length.
fn english_at(rest: &str) -> Option<(char, usize)> {
    ENGLISH.iter().find_map(|&(word, digit)| {
        let head = rest.get(..word.len())?;
        head.eq_ignore_ascii_case(word)
            .then_some((digit, word.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(text: &str) -> Vec<String> {
        let text = crate::check::published::normalise(text).text;
        spelt_numbers(&text).into_iter().map(|(d, _)| d).collect()
    }

    #[test]
    fn runs_of_number_words_read_as_digits() {
        assert_eq!(
            digits("ゼロイチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン"),
            ["0120 444 4444"]
        );
        assert_eq!(digits("れいいちにーれい、よんよんよん"), ["0120,444"]);
        assert_eq!(
            digits("call zero one two zero - four four four - four four four four"),
            ["0120 - 444 - 4444"]
        );
        assert_eq!(digits("ｾﾞﾛｲﾁﾆｰｾﾞﾛﾖﾝﾖﾝ"), ["012044"]);
    }

    #[test]
    fn drawn_out_vowels_katakana_english_glued_words_and_kanji_digits_are_read() {
        // The fourth break-it round (issue 13, P7).
        for (text, want) in [
            (
                "ぜろいちにいぜろ、よんよんよん、よんよんよんよん",
                "0120,444,4444",
            ),
            (
                "ゼロイチニイゼロ ヨンヨンヨン ヨンヨンヨンヨン",
                "0120 444 4444",
            ),
            (
                "れーいちにーれー しーしーしー しーしーしーしー",
                "0120 444 4444",
            ),
            ("ぜろいちにいぜろ ごおごおごお", "0120 555"),
            (
                "ゼロワンツーゼロ フォーフォーフォー フォーフォーフォーフォー",
                "0120 444 4444",
            ),
            (
                "ゼロワンツーゼロ スリーシックスセブン エイトナインファイブゼロ",
                "0120 367 8950",
            ),
            (
                "ZEROONETWOZERO FOURFOURFOUR FOURFOURFOURFOUR",
                "0120 444 4444",
            ),
            ("zeroonetwozero-fourfourfour", "0120-444"),
            ("〇いちに〇 よんよんよん よんよんよんよん", "0120 444 4444"),
            ("ｾﾞﾛﾜﾝﾂｰｾﾞﾛ ﾌｫｰﾌｫｰﾌｫｰ ｾﾌﾞﾝ", "0120 444 7"),
        ] {
            assert_eq!(digits(text), [want], "{text}");
        }
    }

    #[test]
    fn the_quick_check_lets_these_pages_be_read() {
        for text in [
            "ぜろいちにいぜろ",
            "0れー",
            "0いちにー0 しーしーしー",
            "0ワンツー0 フォーフォーフォー",
            "ZEROONETWOZERO",
            "<p>0ONETWO0</p>",
        ] {
            assert!(may_spell_a_number(text.as_bytes()), "{text}");
        }
        for text in ["someone often phones", "onenote", "ones and twos"] {
            assert!(!may_spell_a_number(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn the_quick_check_passes_over_number_words_with_nothing_to_join() {
        // Prose: each word has a letter or `#` beside it, past separators.
        for text in [
            "<p>If you have one, bring it. Two forms, one photo.</p>",
            "Bring one copy, two are kept. #one",
        ] {
            assert!(!may_spell_a_number(text.as_bytes()), "{text}");
        }
        // A word beside a digit, a tag, a reference, a character that is not ASCII, an escape
        // or another number word may be read in a run.
        for text in [
            "Call: one two.",
            "one 2 3 4, five",
            "one<b></b>two",
            "one&nbsp;two",
            "a one\u{3000}two b",
            "x%2C one x%2C two",
            r#"content: "x\a one\a two""#,
            "nine, one",
        ] {
            assert!(may_spell_a_number(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn ordinary_words_are_not_read() {
        for text in [
            "いちにちに二回、ごごに。",
            "someone often phones; one or two",
            "まるでサンプルのように、しごとはロクに進まない",
            "きれいにしてください",
            "Someone phones often; ohone, tone, onenote",
            "シートのレースは、ワンピースとセブンイレブン",
            "〇〇〇〇-〇〇〇〇 のような番号",
        ] {
            assert!(
                digits(text)
                    .iter()
                    .all(|d| crate::check::published::dialable_numbers(d).is_empty()),
                "{text}: {:?}",
                digits(text)
            );
        }
    }
}
