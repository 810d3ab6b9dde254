//! Finding phone-number-like strings in text, so a number nobody vetted cannot reach print.

use std::ops::Range;

/// A phone-number-like string found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundNumber {
    /// Byte range in the scanned text.
    pub span: Range<usize>,
    /// Canonical form: ASCII digits, with a leading `#` for short codes (`#9110`).
    pub canonical: String,
}

/// Canonical form of a number as written in a channel's `phone` field.
/// Japan's country code is read as the domestic number: `+81 3-…` and `+81 (0)3-…` are `03…`.
pub fn canonical(number: &str) -> String {
    let mut out = String::new();
    for c in number.chars().map(fold_width) {
        if c.is_ascii_digit() || (c == '#' && out.is_empty()) {
            out.push(c);
        }
    }
    let international = number.trim_start().chars().map(fold_width).next() == Some('+');
    match out.strip_prefix("81").filter(|_| international) {
        Some(national) => format!("0{}", national.strip_prefix('0').unwrap_or(national)),
        None => out,
    }
}

/// Full-width digits, hyphens, parentheses and `＃` read as their ASCII forms.
fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' => '-',
        '（' => '(',
        '＋' => '+',
        '）' => ')',
        '＃' => '#',
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '(' | ')' | '.')
}

/// Every phone-number-like string in `text`: 10–11 digits starting with 0 (with separators),
/// the same number after Japan's country code (`+81 50-…`), or `#` and four digits.
pub fn find_numbers(text: &str) -> Vec<FoundNumber> {
    // A number never spans a line break (`\n` is not a separator, and nothing before it makes
    // the next line's start part of a word), so only the lines where a quick pass sees a
    // possible number are scanned in full.
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = possible_number(text, from) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        found.extend(
            numbers_in_line(&text[line_start..line_end])
                .into_iter()
                .map(|n| FoundNumber {
                    span: line_start + n.span.start..line_start + n.span.end,
                    canonical: n.canonical,
                }),
        );
        from = line_end;
    }
    found
}

fn numbers_in_line(text: &str) -> Vec<FoundNumber> {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, fold_width(c)))
        .collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut found = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let prev_is_word = inside_token(&chars, k);
        let (start, c) = chars[k];
        // `&#8209;` is a character reference (a hyphen here), not the short code `#8209`: the
        // visible text, with references decoded, is read for numbers on its own.
        let reference = k > 0 && chars[k - 1].1 == '&';
        if !prev_is_word && !reference && c == '#' {
            if let Some(n) = short_code(&chars, k) {
                found.push(FoundNumber {
                    span: start..end_of(k + 5),
                    canonical: n,
                });
                k += 5;
                continue;
            }
        }
        if !prev_is_word && c == '+' {
            if let Some((digits, next)) = international_number(&chars, k) {
                found.push(FoundNumber {
                    span: start..end_of(next),
                    canonical: digits,
                });
                k = next;
                continue;
            }
        }
        if !prev_is_word && (c == '0' || c == '(') {
            if let Some((digits, next)) = long_number(&chars, k) {
                found.push(FoundNumber {
                    span: start..end_of(next),
                    canonical: digits,
                });
                k = next;
                continue;
            }
        }
        k += 1;
    }
    found
}

/// A quick pass without allocation, from the start of a line: the first digit that ends a run
/// of digits and separators holding 10 digits, or that comes right after a `#`. Where it finds
/// none, `find_numbers` cannot find anything. It jumps from digit to digit, reading only the
/// few characters between them: most prose holds few digits, far apart.
fn possible_number(text: &str, from: usize) -> Option<usize> {
    let mut digits_in_run = 0;
    let mut previous_digit_end = None;
    let mut from = from;
    while let Some((at, len)) = next_digit(text, from) {
        let joined = previous_digit_end.is_some_and(|end| {
            end == at || text[end..at].chars().map(fold_width).all(is_separator)
        });
        digits_in_run = if joined { digits_in_run + 1 } else { 1 };
        // `#` or `＃` (EF BC 83).
        let before = &text.as_bytes()[..at];
        let after_hash = before.ends_with(b"#") || before.ends_with(&[0xEF, 0xBC, 0x83]);
        if after_hash || digits_in_run >= 10 {
            return Some(at);
        }
        previous_digit_end = Some(at + len);
        from = at + len;
    }
    None
}

/// Where the next digit at or after byte `from` starts, and its length: an ASCII digit, or a
/// full-width one (`０`–`９`: bytes EF BC 90–99).
fn next_digit(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        at += digit_lead_byte(bytes.get(at..)?)?;
        if bytes[at] != 0xEF {
            return Some((at, 1));
        }
        if bytes.get(at + 1) == Some(&0xBC)
            && bytes.get(at + 2).is_some_and(|c| (0x90..=0x99).contains(c))
        {
            return Some((at, 3));
        }
        at += 1;
    }
}

/// The first ASCII digit or EF byte (which leads the full-width digits) in `bytes`. Blocks of
/// bytes are tested whole, without a branch per byte (the compiler makes it vector code):
/// most blocks of prose hold neither.
fn digit_lead_byte(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 32;
    let wanted = |b: u8| b.is_ascii_digit() | (b == 0xEF);
    let blocks_without = bytes
        .chunks_exact(BLOCK)
        .take_while(|block| !block.iter().fold(false, |any, &b| any | wanted(b)))
        .count();
    let start = blocks_without * BLOCK;
    let found = bytes[start..].iter().position(|&b| wanted(b))?;
    Some(start + found)
}

/// True where `k` continues a word or a path (`abc0120…`, `faq-004-…`, `/0120…`): part of an
/// identifier or URL, not a number written for people to dial.
fn inside_token(chars: &[(usize, char)], k: usize) -> bool {
    let prev = |n: usize| k.checked_sub(n).map(|i| chars[i].1);
    match prev(1) {
        Some(c) if c.is_ascii_alphanumeric() || c == '/' || c == '_' => true,
        Some('-' | '.') => prev(2).is_some_and(|c| c.is_ascii_alphanumeric()),
        _ => false,
    }
}

fn short_code(chars: &[(usize, char)], k: usize) -> Option<String> {
    let digits: String = chars.get(k + 1..k + 5)?.iter().map(|&(_, c)| c).collect();
    let followed_by_digit = chars.get(k + 5).is_some_and(|&(_, c)| c.is_ascii_digit());
    (digits.chars().all(|c| c.is_ascii_digit()) && !followed_by_digit).then(|| format!("#{digits}"))
}

/// Reads digits and single separators from `k`; a phone number has 10 or 11 digits starting with 0.
fn long_number(chars: &[(usize, char)], k: usize) -> Option<(String, usize)> {
    let (digits, end) = read_digits(chars, k)?;
    let is_phone = (10..=11).contains(&digits.len()) && digits.starts_with('0');
    is_phone.then_some((digits, end))
}

/// `+81 50-5838-4333` or `+81 (0)3-…`: a Japanese number with the country code, as its domestic form.
fn international_number(chars: &[(usize, char)], k: usize) -> Option<(String, usize)> {
    let code: String = chars.get(k + 1..k + 3)?.iter().map(|&(_, c)| c).collect();
    if code != "81" {
        return None;
    }
    let (digits, end) = read_digits(chars, k + 3)?;
    let domestic = format!("0{}", digits.strip_prefix('0').unwrap_or(&digits));
    (10..=11)
        .contains(&domestic.len())
        .then_some((domestic, end))
}

/// Digits and single separators from `k` (at most 11 digits), and where the last digit ends.
fn read_digits(chars: &[(usize, char)], k: usize) -> Option<(String, usize)> {
    let mut digits = String::new();
    let mut j = k;
    let mut last_digit_end = k;
    let mut separators_in_a_row = 0;
    while j < chars.len() {
        let c = chars[j].1;
        if c.is_ascii_digit() {
            digits.push(c);
            separators_in_a_row = 0;
            last_digit_end = j + 1;
            if digits.len() > 11 {
                return None;
            }
        } else if is_separator(c) && separators_in_a_row < 2 {
            separators_in_a_row += 1;
        } else {
            break;
        }
        j += 1;
    }
    Some((digits, last_digit_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        find_numbers(text)
            .into_iter()
            .map(|n| n.canonical)
            .collect()
    }

    #[test]
    fn finds_numbers_in_every_written_form() {
        assert_eq!(numbers("電話 050-5838-4333 へ"), ["05058384333"]);
        assert_eq!(numbers("0120 86 6910"), ["0120866910"]);
        assert_eq!(numbers("(03) 3446-0999"), ["0334460999"]);
        assert_eq!(numbers("０３－３４４６－０９９９"), ["0334460999"]);
        assert_eq!(numbers("03（3446）0999"), ["0334460999"]);
        assert_eq!(numbers("＃９１１０ or #9110"), ["#9110", "#9110"]);
        assert_eq!(numbers("0358384333"), ["0358384333"]);
        assert_eq!(numbers("+81-50-5838-4333"), ["05058384333"]);
        assert_eq!(numbers("＋８１ (0)3-3446-0999"), ["0334460999"]);
    }

    #[test]
    fn ignores_dates_times_short_numbers_and_long_ids() {
        assert!(numbers("2026-11-27 9:00〜17:30 188 110").is_empty());
        assert!(numbers("#91100 と 12/29〜1/3").is_empty());
        assert!(numbers("注文番号 0123456789012345").is_empty());
        assert!(numbers("abc0120866910").is_empty());
        assert!(numbers("https://x.example/sms/faq-004-003-00002").is_empty());
        // Character references are not short codes.
        assert!(numbers("&#9742; 03&#8209;3446&#8209;0999 &#9110;").is_empty());
    }

    #[test]
    fn quick_pass_skips_prose_but_never_a_number() {
        for text in [
            "電話 050-5838-4333 へ",
            "0120 86 6910",
            "(03) 3446-0999",
            "０３－３４４６－０９９９",
            "03（3446）0999",
            "＃９１１０",
            "#9110",
            "abc0120866910",
            "注文番号 0123456789012345",
        ] {
            assert!(possible_number(text, 0).is_some(), "{text}");
        }
        for text in [
            "## 概要\n1. 平日 9:00〜17:30、12/29〜1/3 は休み。[FAQ](@/page00064.md)",
            "checked: 2026-11-27\n188 と # 見出し",
        ] {
            assert!(possible_number(text, 0).is_none(), "{text}");
            assert!(find_numbers(text).is_empty());
        }
    }

    proptest::proptest! {
        /// The quick pass may let prose through, but never skips a line the full scan finds a
        /// number in: lines of digits (both widths), separators (both widths), `#`, `+`,
        /// letters, kana and line breaks, in any order.
        #[test]
        fn quick_pass_never_skips_a_number(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "0", "1", "3", "8", "9", "０", "３", "９", "-", "－", "ー", " ", "\u{3000}", "(",
                "（", ")", "）", ".", "#", "＃", "+", "＋", "a", "/", "の", "電話", "\n", "81",
                "0120", "050-", "5838", "9110",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            let full_scan: Vec<FoundNumber> = text
                .split_inclusive('\n')
                .scan(0, |start, line| {
                    let at = *start;
                    *start += line.len();
                    Some(numbers_in_line(line).into_iter().map(move |n| FoundNumber {
                        span: at + n.span.start..at + n.span.end,
                        canonical: n.canonical,
                    }))
                })
                .flatten()
                .collect();
            proptest::prop_assert_eq!(find_numbers(&text), full_scan);
        }
    }

    #[test]
    fn span_covers_the_number_as_written() {
        let text = "電話：０３－３４４６－０９９９。";
        let n = &find_numbers(text)[0];
        assert_eq!(&text[n.span.clone()], "０３－３４４６－０９９９");
    }

    #[test]
    fn canonical_folds_separators_and_width() {
        assert_eq!(canonical("０３-3446-0999"), "0334460999");
        assert_eq!(canonical("#9110"), "#9110");
        assert_eq!(canonical("188"), "188");
        assert_eq!(canonical("+81 3-3446-0999"), "0334460999");
        assert_eq!(canonical("+81 (0)3-3446-0999"), "0334460999");
    }
}
