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
    // the next line's start part of a word), so lines are scanned on their own, and only the
    // few that may hold a number are scanned in full.
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if may_hold_number(line) {
            found.extend(numbers_in_line(line).into_iter().map(|n| FoundNumber {
                span: line_start + n.span.start..line_start + n.span.end,
                canonical: n.canonical,
            }));
        }
        line_start += line.len();
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
        if !prev_is_word && c == '#' {
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

/// A quick pass without allocation: false only where `find_numbers` cannot find anything,
/// because no `#` comes right before a digit and no run of digits and separators holds 10
/// digits. Most prose has neither, so most texts skip the full scan.
fn may_hold_number(text: &str) -> bool {
    // Most lines hold no digit at all: a byte scan rules them out before any char is decoded.
    if !has_digit(text) {
        return false;
    }
    let mut digits_in_run = 0;
    let mut after_hash = false;
    for c in text.chars().map(fold_width) {
        if c.is_ascii_digit() {
            if after_hash {
                return true;
            }
            digits_in_run += 1;
            if digits_in_run >= 10 {
                return true;
            }
        } else if !is_separator(c) {
            digits_in_run = 0;
        }
        after_hash = c == '#';
    }
    false
}

/// Whether `text` holds an ASCII digit or a full-width one (`０`–`９`: bytes EF BC 90–99).
fn has_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_digit()
            || (b == 0xEF
                && bytes.get(i + 1) == Some(&0xBC)
                && bytes.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c)))
    })
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
            assert!(may_hold_number(text), "{text}");
        }
        for text in [
            "## 概要\n1. 平日 9:00〜17:30、12/29〜1/3 は休み。[FAQ](@/page00064.md)",
            "checked: 2026-11-27\n188 と # 見出し",
        ] {
            assert!(!may_hold_number(text), "{text}");
            assert!(find_numbers(text).is_empty());
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
