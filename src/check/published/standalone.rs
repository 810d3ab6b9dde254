//! When a three-digit service number stands alone, as a number a reader dials (`110番`,
//! `call 119`), and not as part of a numeral, a quantity, a word or a path (`110円`, `Room 110`).

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

/// Kanji that count or measure what a number just before them is, after a space (`110 円`,
/// `188 件の`, `117 万円`), when they are a word of their own or start with another counter.
/// After a space, any other kanji or word starts the next words, and the number stands alone:
/// `117 出典一覧` is what a page reads where a paragraph ending `電話 117` is followed by a
/// footer, since a block boundary reads as a space, and `188 年中無休` is not 188 years.
const SPACED_COUNTERS: &str = "件円人名個回日時分秒年月週号台本枚冊社店歳階位点度倍割通局匹頭羽軒戸部課行字問票種品曲巻杯足着隻機両校園箇所万億兆千百坪畳室棟区市町村条級歩期代便線系周首頁章節項段列弾作戦勝敗例食席体箱缶株口才画筆反";

/// Counters of two kanji whose second is no counter of its own (`117 世帯`).
const SPACED_COUNTER_WORDS: [&str; 14] = [
    "世帯", "系統", "年間", "時間", "日間", "週間", "分間", "秒間", "年度", "年生", "丁目", "平米",
    "種類", "世代",
];

/// Katakana units and counters after a space, as words of their own (`119 ページ`, `188
/// ポイント`; not `ページトップへ`).
const SPACED_KATAKANA_UNITS: [&str; 33] = [
    "ページ",
    "ポイント",
    "メートル",
    "キロ",
    "グラム",
    "センチ",
    "ミリ",
    "パーセント",
    "ドル",
    "ユーロ",
    "バイト",
    "メガ",
    "ギガ",
    "リットル",
    "トン",
    "ヘクタール",
    "インチ",
    "フィート",
    "マイル",
    "ピクセル",
    "ワット",
    "ボルト",
    "ヘルツ",
    "セント",
    "ウォン",
    "ポンド",
    "ステップ",
    "ツイート",
    "フォロワー",
    "タイプ",
    "パック",
    "セット",
    "カロリー",
];

/// Whether a number before `word` (after a space) counts or measures what it names.
fn spaced_counter(word: &str) -> bool {
    let kanji = |c: char| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}');
    let katakana = |c: char| matches!(c, '\u{30a1}'..='\u{30fa}' | 'ー' | '-');
    let mut chars = word.chars();
    let (Some(first), next) = (chars.next(), chars.next()) else {
        return false;
    };
    if katakana(first) {
        return SPACED_KATAKANA_UNITS
            .iter()
            .any(|unit| after_unit(word, unit).is_some_and(|rest| !rest.starts_with(katakana)));
    }
    if SPACED_COUNTER_WORDS.iter().any(|w| word.starts_with(w)) {
        return true;
    }
    // `分かる`, `分ける` are verbs.
    if first == '分' && matches!(next, Some('か' | 'け')) {
        return false;
    }
    SPACED_COUNTERS.contains(first) && next.is_none_or(|n| !kanji(n) || SPACED_COUNTERS.contains(n))
}

/// What follows `unit` in `word`, if `word` starts with it (its long-vowel marks read as the
/// dash they look like).
fn after_unit<'w>(word: &'w str, unit: &str) -> Option<&'w str> {
    let mut letters = word.chars();
    unit.chars()
        .all(|u| {
            letters
                .next()
                .is_some_and(|c| c == u || (u == 'ー' && matches!(c, '-' | '－' | 'ｰ')))
        })
        .then_some(letters.as_str())
}

/// Marks before a numeral that make it an ordinal, an amount or an address.
const NUMERAL_PREFIXES: &str = "第約計全各毎〒¥€£総延築満数十百千万億兆号順項章節条頁";

/// A three-digit number may be dialled after this text: not after a digit and a comma or point,
/// a Latin word other than a call word, a mark of a path or an amount, or a numeral prefix.
pub(super) fn standalone_before(before: &str) -> bool {
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
pub(super) fn standalone_after(after: &str) -> bool {
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
        '\u{30a1}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => {
            spaced && !spaced_counter(&after[1..])
        }
        _ => true,
    }
}
