//! Groups of digits into runs: what between two groups joins them (separators, an aside in
//! brackets, a list's comma), and what a run leaves out of its readings (dates, times, lists
//! of years, postal codes; glued digits after an identifier's label).

use std::ops::Range;

use super::normalise::{is_opening, is_separator};

/// Characters between two groups that still join them: separators, and an aside in brackets
/// (`0120（無料）444-4444`). Fewer than the characters after which a window closes
/// (`window::CLOSE_AFTER`), so that a window holds whole runs.
const MAX_GAP: usize = 9;

/// Characters from the end of a group to the start of the next across an aside in brackets
/// that holds digits or words (`（受付9時〜18時）-`, ` [free call, 24h] `): such groups are read
/// again as one run (`numbers::find_numbers`).
pub(super) const MAX_ASIDE: usize = 24;

/// Labels after which a long run of digits is an identifier (corporate and invoice numbers,
/// product codes, order and tracking numbers): digits glued to a number in it are not read off
/// it (`法人番号 8010001034740`), though a number of whole groups still is.
const ID_LABELS: [&str; 20] = [
    "法人番号",
    "登録番号",
    "注文番号",
    "受注番号",
    "伝票番号",
    "追跡番号",
    "配送番号",
    "商品番号",
    // `ー` reads as a dash in normalised text.
    "商品コ-ド",
    "品番",
    "型番",
    "会員番号",
    "カード番号",
    "JAN",
    "EAN",
    "ISBN",
    "ISSN",
    "ASIN",
    "ID",
    "Order",
];

/// What the text between two groups of digits does to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    Apart,
    Joins,
    /// A comma or `、` `。`, which joins groups (`0120、444、4444`) but where it stands between
    /// groups each joined to another by other separators: there it separates the items of a
    /// list (`03-3446-0999、050-5838-4333`). A three-digit service number is read in its item.
    List,
}

/// Whether gap `k` (between groups `k` and `k + 1`) joins them.
pub(super) fn joins(gaps: &[Gap], k: usize) -> bool {
    match gaps[k] {
        Gap::Apart => false,
        Gap::Joins => true,
        Gap::List => {
            let before = k.checked_sub(1).map(|j| gaps[j]);
            let after = gaps.get(k + 1).copied();
            !(before == Some(Gap::Joins) && after == Some(Gap::Joins))
        }
    }
}

pub(super) fn gap_between(t: &str, end: usize, start: usize) -> Gap {
    if !joined(t, end, start) {
        Gap::Apart
    } else if t[end..start].contains([',', '、', '。']) {
        Gap::List
    } else {
        Gap::Joins
    }
}

/// True where the text between two groups joins them into one run: up to [`MAX_GAP`]
/// separators, or an aside in brackets among them. A spaced ` / ` separates items of a list
/// instead.
fn joined(t: &str, end: usize, start: usize) -> bool {
    let gap = &t[end..start];
    if gap.contains('/') && gap.contains(' ') {
        return false;
    }
    // `0120+444+4444` is one number; `0999、+81 3-…` is two.
    if gap.contains('+') && gap != "+" {
        return false;
    }
    let (mut depth, mut words_inside) = (0usize, false);
    for (n, c) in gap.chars().enumerate() {
        if n >= MAX_GAP {
            return false;
        }
        if is_opening(c) {
            depth += 1;
        } else if depth > 0 && is_closing(c) {
            depth -= 1;
        } else if !is_separator(c) {
            if depth == 0 {
                return false;
            }
            words_inside = true;
        }
    }
    depth == 0 || !words_inside
}

pub(super) fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | '\u{3009}'
            | '\u{300b}'
            | '\u{300d}'
            | '\u{300f}'
            | '\u{3011}'
            | '\u{3015}'
            | '\u{3017}'
            | '\u{3019}'
            | '\u{301b}'
    )
}

/// Each aside in brackets between two groups that [`gap_between`] does not join: the group
/// before it and the group after it.
pub(super) fn asides(t: &str, groups: &[Range<usize>]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut k = 0;
    while k + 1 < groups.len() {
        let after = aside_end(t, groups[k].end)
            .and_then(|end| groups[k + 1..].iter().position(|g| g.start == end));
        match after {
            Some(n)
                if n > 0 || gap_between(t, groups[k].end, groups[k + 1].start) == Gap::Apart =>
            {
                found.push((k, k + 1 + n));
                k += 1 + n;
            }
            _ => k += 1,
        }
    }
    found
}

/// The groups with those inside each aside left out, and the index (in them) of each group an
/// aside follows.
pub(super) fn without_asides(
    groups: &[Range<usize>],
    asides: &[(usize, usize)],
) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut kept = Vec::with_capacity(groups.len());
    let mut joined_at = Vec::new();
    let mut k = 0;
    while k < groups.len() {
        kept.push(groups[k].clone());
        match asides.iter().find(|&&(from, _)| from == k) {
            Some(&(_, to)) => {
                joined_at.push(kept.len() - 1);
                k = to;
            }
            None => k += 1,
        }
    }
    (kept, joined_at)
}

/// Where the next group starts if the text from `from` is an aside in brackets between groups:
/// up to three separators, an opening bracket, its closing one, up to three separators, a
/// digit, all within [`MAX_ASIDE`] characters.
fn aside_end(t: &str, from: usize) -> Option<usize> {
    let mut chars = t[from..].char_indices().take(MAX_ASIDE);
    let (mut depth, mut separators, mut closed) = (0usize, 0usize, false);
    for (at, c) in chars.by_ref() {
        if depth == 0 && closed && c.is_ascii_digit() {
            return Some(from + at);
        }
        if is_opening(c) {
            depth += 1;
        } else if depth > 0 && is_closing(c) {
            depth -= 1;
            closed = depth == 0;
        } else if depth == 0 {
            if !is_separator(c) || separators == 3 {
                return None;
            }
            separators += 1;
        }
    }
    None
}

/// Whether the text before a run ends with a label of an identifier ([`ID_LABELS`]), then
/// perhaps a colon, `No.`, `#` or the `T` of an invoice number.
pub(super) fn after_id_label(before: &str) -> bool {
    let tail = before.trim_end_matches([' ', ':', '.', '#', '-', '=']);
    let tail = tail.strip_suffix('T').unwrap_or(tail);
    let tail = tail.trim_end_matches([' ', ':', '.', '#', '-', '=']);
    let tail = tail.strip_suffix("No").unwrap_or(tail);
    let tail = tail.trim_end_matches([' ', ':', '.', '#', '-']);
    ID_LABELS.iter().any(|label| {
        tail.len() >= label.len()
            && tail.is_char_boundary(tail.len() - label.len())
            && tail[tail.len() - label.len()..].eq_ignore_ascii_case(label)
    })
}

/// Leaves times (`9:00`, `17:30`) out of a run: `:` joins the groups of a number, not those of
/// a time.
pub(super) fn mark_times(b: &[u8], run: &[Range<usize>], excluded: &mut [bool]) {
    let value = |g: &Range<usize>| -> u32 {
        b[g.clone()]
            .iter()
            .take(3)
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
    };
    for g in 0..run.len().saturating_sub(1) {
        let (hours, minutes) = (&run[g], &run[g + 1]);
        let colon = &b[hours.end..minutes.start] == b":";
        if colon
            && hours.len() <= 2
            && value(hours) <= 30
            && minutes.len() == 2
            && value(minutes) <= 59
        {
            excluded[g] = true;
            excluded[g + 1] = true;
        }
    }
}

/// Leaves a list of years out of a run (`2024 2025 2026`, a table's header): two groups or more
/// of four digits from 1900 to 2099, each before any group that starts with `0` (in
/// `0120-2024-2025` they are the groups of a number).
pub(super) fn mark_years(b: &[u8], run: &[Range<usize>], excluded: &mut [bool]) {
    let year = |g: &Range<usize>| g.len() == 4 && matches!(&b[g.start..g.start + 2], b"19" | b"20");
    let before_zero = run
        .iter()
        .position(|g| b[g.start] == b'0')
        .unwrap_or(run.len());
    if run[..before_zero].iter().filter(|g| year(g)).count() < 2 {
        return;
    }
    for (g, r) in run[..before_zero].iter().enumerate() {
        if year(r) {
            excluded[g] = true;
        }
    }
}

/// Leaves dates out of a run: year-month-day, day-month-year and month-day-year with one
/// separator, year-month, and month/day.
pub(super) fn mark_dates(b: &[u8], run: &[Range<usize>], excluded: &mut [bool]) {
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
pub(super) fn mark_postal_code(t: &str, run: &[Range<usize>], excluded: &mut [bool]) {
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
