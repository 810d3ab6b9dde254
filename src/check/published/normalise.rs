//! The reader's form of text: what [`normalise`](super::normalise) makes of each character,
//! and the kanji digits and look-alike letters read as digits in context.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::digits::{is_lookalike, lookalike_digit};
pub(super) use super::digits::{kanji_digit, kanji_place, nd_digit};
use super::Normalised;

/// What [`normalise`] makes of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
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

pub(super) fn fold(c: char) -> Fold {
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
        | '\u{2d7}'
        | '\u{1400}'
        | '\u{1428}'
        | '\u{1806}'
        | '\u{2e17}'
        | '\u{2e1a}'
        | '\u{2e5d}'
        | '\u{fe31}'
        | '\u{fe32}'
        | '\u{10ead}'
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
        // The braille blank and the replacement character (what `&#0;` decodes to) stand
        // between groups as a space would.
        '\u{2800}' | '\u{fffd}' => Fold::Space,
        // Signs that look like a zero (empty set, diameter, degree) or a one (Roman one and
        // fifty, which NFKC reads as `I` and `l` anyway).
        '\u{2205}' | '\u{2300}' => Fold::To('O'),
        '\u{b0}' => Fold::To('o'),
        '\u{2160}' | '\u{2170}' | '\u{216c}' | '\u{217c}' => Fold::To('l'),
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

/// Separators of a number in normalised text: marks, brackets, quotes, arrows and symbols that a
/// reader skips between the groups of a number (`0120★444☎4444`, `【0120】444`, `0120の444`).
pub(super) fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-'
            | '.'
            | '/'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '~'
            | ':'
            | ','
            | '_'
            | '='
            | '+'
            | '|'
            | '\\'
            | '\''
            | '"'
            | '*'
            | '!'
            | '?'
            | ';'
            | '&'
            | '@'
            | '$'
            | '^'
            | '`'
            | '\u{a6}'
            | '\u{ffe4}'
            | '\u{2020}'..='\u{205e}'
            | '\u{3013}'
            | '、'
            | '。'
            | 'の'
            | 'ノ'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301b}'
            | '\u{2018}'..='\u{201f}'
            | '\u{2190}'..='\u{21ff}'
            | '\u{2500}'..='\u{27bf}'
            | '\u{2b00}'..='\u{2bff}'
            | '\u{1f000}'..='\u{1faff}'
    )
}

/// Opening brackets: an aside in them (`0120（無料）444-4444`) is skipped between groups.
pub(super) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '\u{3008}'
            | '\u{300a}'
            | '\u{300c}'
            | '\u{300e}'
            | '\u{3010}'
            | '\u{3014}'
            | '\u{3016}'
            | '\u{3018}'
            | '\u{301a}'
    )
}

pub(super) fn normalise_into(
    text: &str,
    chars: &mut Vec<(char, usize)>,
    mapped: &mut Vec<char>,
    out: &mut Normalised,
) {
    normalise_reading(text, chars, mapped, out, false);
}

/// [`normalise_into`], with a `|` beside a digit read as the `1` it may look like
/// (`0|20-444-4444`) where `bar_as_one`; otherwise a `|` separates groups.
pub(super) fn normalise_reading(
    text: &str,
    chars: &mut Vec<(char, usize)>,
    mapped: &mut Vec<char>,
    out: &mut Normalised,
    bar_as_one: bool,
) {
    chars.clear();
    for (at, c) in text.char_indices() {
        fold_push(c, at, chars);
    }
    read_in_context(chars, mapped, bar_as_one);
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

/// Kanji numerals, kanji digits and look-alike letters, read as digits where the characters
/// around them say so.
fn read_in_context(chars: &mut Vec<(char, usize)>, mapped: &mut Vec<char>, bar_as_one: bool) {
    let kanji_or_lookalike = |c: char| {
        kanji_digit(c).is_some() || kanji_place(c).is_some() || is_lookalike(c) || c == 'x'
    };
    if !chars.iter().any(|&(c, _)| kanji_or_lookalike(c)) {
        return;
    }
    read_positional_numerals(chars);
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
            if matches!(c, 'x' | 'X' | '×')
                && digit(beside(i, true, false))
                && digit(beside(i, false, false))
            {
                // `0120x444x4444`: a letter between digits that a reader skips.
                *slot = '-';
            }
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
    read_lookalikes(mapped, bar_as_one);
    for (slot, &m) in chars.iter_mut().zip(mapped.iter()) {
        slot.0 = m;
    }
}

/// Runs of kanji digits with `十 百 千` in them as the number they write (`百十番` is 110番).
fn read_positional_numerals(chars: &mut Vec<(char, usize)>) {
    if !chars.iter().any(|&(c, _)| kanji_place(c).is_some()) {
        return;
    }
    let numeral = |c: char| kanji_digit(c).is_some() || kanji_place(c).is_some();
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if !numeral(chars[i].0) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && numeral(chars[i].0) {
            i += 1;
        }
        let run = &chars[start..i];
        if !run.iter().any(|&(c, _)| kanji_place(c).is_some()) {
            out.extend_from_slice(run);
            continue;
        }
        let (mut total, mut current) = (0u64, 0u64);
        for &(c, _) in run {
            match (kanji_digit(c), kanji_place(c)) {
                (Some(d), _) => current = current.saturating_mul(10).saturating_add(u64::from(d)),
                (_, Some(place)) => {
                    total = total.saturating_add(current.max(1).saturating_mul(u64::from(place)));
                    current = 0;
                }
                _ => {}
            }
        }
        let at = run[0].1;
        let value = total.saturating_add(current);
        out.extend(value.to_string().chars().map(|d| (d, at)));
    }
    *chars = out;
}

/// Runs of look-alike letters read as digits: next to a digit and not part of a word
/// (`Ol20-444-4444`, but not `CO2`, `Tel0120`); `S B Z`, which are letters more often, only
/// inside a run of digits (`0120-4S4-4444`, `0120-BBB-4444`).
fn read_lookalikes(m: &mut [char], bar_as_one: bool) {
    let n = m.len();
    let letter = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
    let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    let mut i = 0;
    while i < n {
        if !is_lookalike(m[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_lookalike(m[i]) {
            i += 1;
        }
        let end = i;
        let run = &m[start..end];
        if !bar_as_one && run.contains(&'|') {
            continue;
        }
        let left = start.checked_sub(1).map(|j| m[j]);
        let right = m.get(end).copied();
        let near_left = digit(left)
            || (start >= 2 && is_separator(m[start - 1]) && m[start - 2].is_ascii_digit());
        let near_right =
            digit(right) || (end + 1 < n && is_separator(m[end]) && m[end + 1].is_ascii_digit());
        let weak = run.iter().any(|c| matches!(c, 'S' | 'B' | 'Z'));
        let strong = run.len() - run.iter().filter(|c| matches!(c, 'S' | 'B' | 'Z')).count();
        // Two look-alikes that are not `S B Z` are a group beside a number across one
        // separator (`03-3446-lOOO`, as `03-3446-SOOO` is); `S B Z` alone only between two.
        let beside_a_group = strong >= 2 && (near_left || near_right);
        let read = !letter(left)
            && !letter(right)
            && if weak {
                (near_left && near_right) || beside_a_group
            } else {
                digit(left) || digit(right) || (near_left && near_right) || beside_a_group
            };
        if read {
            for c in &mut m[start..end] {
                *c = lookalike_digit(*c);
            }
        }
    }
}

/// Canonical form of a number in normalised text: its digits, `#` first for a short code, and
/// Japan's country code read as the domestic number (as `crate::phone::canonical` does).
pub(super) fn canonical_of(number: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::normalise;

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
}
