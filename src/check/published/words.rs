//! Numbers spelt in words: `ゼロイチニーゼロ…`, `れいいちにーれい…`, `zero one two zero …`. A run of
//! [`MIN_WORDS`] number words or more (kana or English, separators between them allowed) reads as
//! its digits, and is vetted like any number. A reader dials what they read aloud.

use super::normalise::is_separator;

/// Number words in a row from which a run reads as digits (a number has 10 or 11; fewer than
/// six in a row are ordinary words: `いちにち`, `ごご`, `one or two`).
const MIN_WORDS: usize = 6;

/// The kana number words that start with `first` (in the reader's form: half-width katakana
/// are full-width), longest first where one starts another (`キュウ` before `ク`); `ー` is read
/// as `-` in normalised text. Found by their first character, since most characters of
/// Japanese prose start none.
fn kana_words(first: char) -> &'static [(&'static str, char)] {
    match first {
        'キ' => &[("キュウ", '9'), ("キュ-", '9')],
        'き' => &[("きゅう", '9'), ("きゅ-", '9')],
        'ゼ' => &[("ゼロ", '0')],
        'ぜ' => &[("ぜろ", '0')],
        'レ' => &[("レイ", '0')],
        'れ' => &[("れい", '0')],
        'マ' => &[("マル", '0')],
        'ま' => &[("まる", '0')],
        'イ' => &[("イチ", '1')],
        'い' => &[("いち", '1')],
        'ニ' => &[("ニ-", '2'), ("ニ", '2')],
        'に' => &[("に-", '2'), ("に", '2')],
        'サ' => &[("サン", '3')],
        'さ' => &[("さん", '3')],
        'ヨ' => &[("ヨン", '4')],
        'よ' => &[("よん", '4')],
        'ゴ' => &[("ゴ-", '5'), ("ゴ", '5')],
        'ご' => &[("ご-", '5'), ("ご", '5')],
        'ロ' => &[("ロク", '6')],
        'ろ' => &[("ろく", '6')],
        'ナ' => &[("ナナ", '7')],
        'な' => &[("なな", '7')],
        'シ' => &[("シチ", '7'), ("シ", '4')],
        'し' => &[("しち", '7'), ("し", '4')],
        'ハ' => &[("ハチ", '8')],
        'は' => &[("はち", '8')],
        'ク' => &[("ク", '9')],
        'く' => &[("く", '9')],
        'ワ' => &[("ワン", '1')],
        'ツ' => &[("ツ-", '2')],
        'フ' => &[("ファイブ", '5')],
        'オ' => &[("オ-", '0')],
        // Half-width `ｾﾞﾛ`, `ｺﾞｰ`: the reader's form drops a voiced mark that is not composed.
        'セ' => &[("セロ", '0')],
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
/// ones rare in prose are looked for: a mixed form spelt only with `いち に さん し ご く` is not
/// read), or a numeric reference to a kana (`&#12…;`, `&#x30…;`). English words count from two,
/// each on its own (`phone` and `none` hold no `one`).
const KANA_SIGNS: [&str; 33] = [
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
];
const ENGLISH_SIGNS: [&str; 11] = [
    "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

static SIGNS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(KANA_SIGNS.iter().chain(ENGLISH_SIGNS.iter()))
            .ok()
    });

/// Whether bytes may hold a number spelt in words (see [`KANA_SIGNS`]): one pass over them.
pub(super) fn may_spell_a_number(b: &[u8]) -> bool {
    let Some(signs) = SIGNS.as_ref() else {
        return true;
    };
    let mut english = 0;
    let letter = |k: Option<&u8>| k.is_some_and(u8::is_ascii_alphabetic);
    for found in signs.find_iter(b) {
        if found.pattern().as_usize() < KANA_SIGNS.len() {
            return true;
        }
        let before = found.start().checked_sub(1).and_then(|k| b.get(k));
        if letter(before) || letter(b.get(found.end())) {
            continue;
        }
        english += 1;
        if english == 2 {
            return true;
        }
    }
    false
}

/// The runs of number words in normalised `text`, each as its digits (separators kept between
/// them, so groups stay groups) and where in `text` it starts.
pub(super) fn spelt_numbers(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some((digit, len, mut kind)) = word_at(text, i) else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let start = i;
        let mut digits = String::from(digit);
        let (mut items, mut words) = (1, usize::from(kind != Token::Digit));
        i += len;
        loop {
            let gap = text[i..]
                .char_indices()
                .take_while(|&(_, c)| is_separator(c) || c == '、')
                .last()
                .map_or(0, |(k, c)| k + c.len_utf8());
            match word_at(text, i + gap) {
                Some((digit, len, next)) => {
                    // Spaces only part English words (`zero one two`); other marks, and spaces
                    // between kana words, part groups.
                    let between = &text[i..i + gap];
                    let english = kind == Token::English && next == Token::English;
                    if !(english && between.trim().is_empty()) {
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
        if items >= MIN_WORDS && words >= 2 {
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

/// The number word (or digit) at `i`, if one is there: its digit, its length, its kind.
fn word_at(text: &str, i: usize) -> Option<(char, usize, Token)> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        return Some((first, 1, Token::Digit));
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
    // An English word, whole: not inside another (`someone`, `often`).
    let letter_before = text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphabetic());
    if letter_before {
        return None;
    }
    ENGLISH.iter().find_map(|&(word, digit)| {
        let head = rest.get(..word.len())?;
        let after = rest[word.len()..].chars().next();
        let whole = head.eq_ignore_ascii_case(word) && !after.is_some_and(char::is_alphabetic);
        whole.then_some((digit, word.len(), Token::English))
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
    fn ordinary_words_are_not_read() {
        for text in [
            "いちにちに二回、ごごに。",
            "someone often phones; one or two",
            "まるでサンプルのように、しごとはロクに進まない",
            "きれいにしてください",
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
