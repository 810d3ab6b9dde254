//! Numbers in normalised text: groups of digits joined into runs, dates and postal codes left
//! out, the readings of a run as Japanese, international and short numbers, and when a
//! three-digit number stands alone.

use std::ops::Range;

use super::runs::{
    after_id_label, asides, gap_between, joins, mark_dates, mark_postal_code, mark_times,
    mark_years, without_asides, Gap,
};
use super::standalone::{standalone_after, standalone_before};
use super::VettedNumbers;

/// The three-digit numbers every phone in Japan dials: the nationwide ones (104 directory, 110
/// police, 117 time, 118 coast guard, 119 fire, 171 disaster message dial, 177 weather, 188
/// consumer hotline, 189 child guidance) and the carriers' service numbers (113 and 151 faults
/// and enquiries, 115 telegrams, 116 sales, 157 mobile enquiries), which a fake page can
/// print as well as any other number.
pub(super) const SHORT_NUMBERS: [&str; 14] = [
    "104", "110", "113", "115", "116", "117", "118", "119", "151", "157", "171", "177", "188",
    "189",
];
/// The same, as numbers.
pub(super) const SHORT_VALUES: [u32; 14] = [
    104, 110, 113, 115, 116, 117, 118, 119, 151, 157, 171, 177, 188, 189,
];

/// At most this many other digits glued to the first or last group of a number.
const MAX_GLUED: usize = 4;

/// A number found in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) canonical: String,
    pub(super) span: Range<usize>,
    pub(super) vetted: bool,
}

#[derive(Debug, Clone, Copy)]
struct Digit {
    value: u8,
    at: usize,
    group: usize,
}

#[derive(Default)]
pub(super) struct NumScratch {
    groups: Vec<Range<usize>>,
    gaps: Vec<Gap>,
    digits: Vec<Digit>,
    excluded: Vec<bool>,
}

pub(super) fn find_numbers(
    t: &str,
    vetted: Option<&VettedNumbers>,
    scratch: &mut NumScratch,
    out: &mut Vec<Found>,
) {
    let b = t.as_bytes();
    scratch.groups.clear();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            scratch.groups.push(start..i);
        } else {
            i += 1;
        }
    }
    let groups = std::mem::take(&mut scratch.groups);
    scratch.gaps.clear();
    scratch
        .gaps
        .extend((1..groups.len()).map(|k| gap_between(t, groups[k - 1].end, groups[k].start)));
    find_in_runs(t, &groups, vetted, scratch, out);
    // Groups around an aside in brackets that holds digits or is long
    // (`0120（24時間）444-4444`) are read again without it; what that finds counts where it is a
    // whole number (10 digits or more), so that `3（日）10` is not read as one.
    let asides = asides(t, &groups);
    if !asides.is_empty() {
        let (kept, joined_at) = without_asides(&groups, &asides);
        scratch.gaps.clear();
        scratch
            .gaps
            .extend((1..kept.len()).map(|k| gap_between(t, kept[k - 1].end, kept[k].start)));
        for &k in &joined_at {
            scratch.gaps[k] = Gap::Joins;
        }
        let mut across = Vec::new();
        find_in_runs(t, &kept, vetted, scratch, &mut across);
        across.retain(|found| {
            found.canonical.len() >= 10
                && !out
                    .iter()
                    .any(|o| o.span == found.span && o.canonical == found.canonical)
        });
        out.append(&mut across);
    }
    scratch.groups = groups;
}

/// Runs of `groups` (joined by the gaps in `scratch`), and the numbers in each.
fn find_in_runs(
    t: &str,
    groups: &[Range<usize>],
    vetted: Option<&VettedNumbers>,
    scratch: &mut NumScratch,
    out: &mut Vec<Found>,
) {
    let b = t.as_bytes();
    let NumScratch {
        gaps,
        digits,
        excluded,
        ..
    } = scratch;
    let mut first = 0;
    for k in 1..=groups.len() {
        if k < groups.len() && joins(gaps, k - 1) {
            continue;
        }
        let run = &groups[first..k];
        let first_of_run = first;
        first = k;
        excluded.clear();
        excluded.resize(run.len(), false);
        mark_dates(b, run, excluded);
        mark_times(b, run, excluded);
        mark_years(b, run, excluded);
        mark_postal_code(t, run, excluded);
        let identifier = after_id_label(&t[..run[0].start]);
        digits.clear();
        for (group, r) in run.iter().enumerate() {
            digits.extend(r.clone().map(|at| Digit {
                value: b[at],
                at,
                group,
            }));
        }
        Run {
            t,
            b,
            groups: run,
            gaps: &gaps[first_of_run..k - 1],
            digits,
            excluded,
            vetted,
            identifier,
        }
        .find(out);
    }
}

/// A reading of digits `start..end` of a run as a number.
#[derive(Debug, Clone, Copy)]
struct Reading {
    end: usize,
    /// It ends where a group ends.
    whole: bool,
}

struct Run<'a> {
    t: &'a str,
    b: &'a [u8],
    groups: &'a [Range<usize>],
    /// Between each two groups.
    gaps: &'a [Gap],
    digits: &'a [Digit],
    excluded: &'a [bool],
    vetted: Option<&'a VettedNumbers>,
    /// The run follows the label of an identifier: only whole groups are read as a number.
    identifier: bool,
}

impl Run<'_> {
    fn find(&self, out: &mut Vec<Found>) {
        let mut idx = 0;
        if let Some(plus) = plus_before(self.b, self.groups[0].start) {
            if let Some((found, next)) = self.international(plus) {
                out.push(found);
                idx = next;
            }
        }
        while idx < self.digits.len() {
            let d = self.digits[idx];
            let g = d.group;
            if self.excluded[g] {
                idx += 1;
                continue;
            }
            let lead = d.at - self.groups[g].start;
            if d.value == b'0' {
                if let Some((found, next)) = self.long_at(idx, lead) {
                    out.push(found);
                    idx = next;
                    continue;
                }
            }
            if lead == 0 {
                if let Some(found) = self.short_at(g) {
                    out.push(found);
                    idx += self.groups[g].len();
                    continue;
                }
            }
            idx += 1;
        }
    }

    fn is_vetted(&self, canonical: &str) -> bool {
        self.vetted.is_some_and(|v| v.contains(canonical))
    }

    /// A Japanese number starting at digit `idx`, `lead` digits into its group.
    fn long_at(&self, idx: usize, lead: usize) -> Option<(Found, usize)> {
        let second = self.digits.get(idx + 1)?;
        if second.value == b'0' || lead > MAX_GLUED {
            return None;
        }
        let readings = [10, 11].map(|len| self.reading(idx, len, lead > 0));
        self.choose(idx, readings, "", self.digits[idx].at)
    }

    /// `+81 …` as the domestic number; another country code with 8–15 digits as those digits.
    fn international(&self, plus: usize) -> Option<(Found, usize)> {
        let d = self.digits;
        if d.len() >= 3 && d[0].value == b'8' && d[1].value == b'1' {
            let from = if d[2].value == b'0' { 3 } else { 2 };
            let readings = [9, 10].map(|len| self.reading(from, len, false));
            return self.choose(from, readings, "0", plus);
        }
        let mut total = 0;
        for (g, r) in self.groups.iter().enumerate() {
            if self.excluded[g] || total + r.len() > 15 {
                break;
            }
            total += r.len();
        }
        if total < 8 {
            return None;
        }
        let canonical: String = d[..total].iter().map(|x| char::from(x.value)).collect();
        let found = Found {
            vetted: self.is_vetted(&canonical),
            canonical,
            span: plus..d[total - 1].at + 1,
        };
        Some((found, total))
    }

    /// Digits `start..start + len` as one number, if the run allows reading them so.
    fn reading(&self, start: usize, len: usize, glued_before: bool) -> Option<Reading> {
        let end = start + len;
        if end > self.digits.len() {
            return None;
        }
        let (first, last) = (self.digits[start], self.digits[end - 1]);
        if self.excluded[first.group..=last.group].contains(&true) {
            return None;
        }
        let whole = self
            .digits
            .get(end)
            .is_none_or(|next| next.group != last.group);
        if glued_before || !whole {
            if self.identifier {
                return None;
            }
            let extra = self.groups[last.group].end - last.at - 1;
            if extra > MAX_GLUED || self.numeral_marks(first.group, last.group) {
                return None;
            }
        }
        Some(Reading { end, whole })
    }

    /// True where a `/` or `.` joins groups `from..=to`: dates, paths and decimals, where
    /// digits glued to a number are not read off it.
    fn numeral_marks(&self, from: usize, to: usize) -> bool {
        (from..to).any(|g| {
            self.t[self.groups[g].end..self.groups[g + 1].start]
                .chars()
                .any(|c| matches!(c, '/' | '.' | ',' | '、' | '。'))
        })
    }

    /// The reading to report of those that start at digit `start` (shorter and longer): a vetted
    /// one, else one that ends where a group does (the shorter), else the longer.
    fn choose(
        &self,
        start: usize,
        readings: [Option<Reading>; 2],
        prefix: &str,
        span_start: usize,
    ) -> Option<(Found, usize)> {
        let [short, long] = readings;
        let preferred = [
            short.filter(|r| r.whole),
            long.filter(|r| r.whole),
            long,
            short,
        ];
        let canonical = |r: &Reading| -> String {
            let digits = self.digits[start..r.end]
                .iter()
                .map(|d| char::from(d.value));
            prefix.chars().chain(digits).collect()
        };
        let vetted = preferred
            .iter()
            .flatten()
            .find(|r| self.is_vetted(&canonical(r)));
        let chosen = *vetted.or_else(|| preferred.iter().flatten().next())?;
        let found = Found {
            canonical: canonical(&chosen),
            span: span_start..self.digits[chosen.end - 1].at + 1,
            vetted: vetted.is_some(),
        };
        Some((found, chosen.end))
    }

    /// `#` and four digits, or a three-digit service number, as group `g`.
    fn short_at(&self, g: usize) -> Option<Found> {
        let r = self.groups[g].clone();
        let digits = &self.t[r.clone()];
        if r.len() == 4 {
            let hash = hash_before(self.b, r.start)?;
            let canonical = format!("#{digits}");
            return Some(Found {
                vetted: self.is_vetted(&canonical),
                canonical,
                span: hash..r.end,
            });
        }
        let listed = |r: &Range<usize>| SHORT_NUMBERS.contains(&&self.t[r.clone()]);
        if r.len() != 3 || !listed(&r) {
            return None;
        }
        // The item of a list it is in (`03-3446-0999、110`), dates and times aside.
        let (mut lo, mut hi) = (g, g);
        while lo > 0 && self.gaps[lo - 1] != Gap::List {
            lo -= 1;
        }
        while hi + 1 < self.groups.len() && self.gaps[hi] != Gap::List {
            hi += 1;
        }
        let mut item = (lo..=hi).filter(|&k| !self.excluded[k]);
        let first = item.next().unwrap_or(g);
        let last = item.next_back().unwrap_or(first);
        let standalone = (first..=last)
            .filter(|&k| !self.excluded[k])
            .all(|k| listed(&self.groups[k]))
            && standalone_before(&self.t[..self.groups[first].start])
            && standalone_after(&self.t[self.groups[last].end..]);
        standalone.then(|| Found {
            vetted: self.is_vetted(digits),
            canonical: digits.to_string(),
            span: r,
        })
    }
}

/// Where the `+` before a run's first group is (`+81`, `+ 81`, `+(81)`).
fn plus_before(b: &[u8], start: usize) -> Option<usize> {
    let mut k = start;
    while k > 0 && start - k < 2 && matches!(b[k - 1], b' ' | b'(') {
        k -= 1;
    }
    (k > 0 && b[k - 1] == b'+').then(|| k - 1)
}

/// Where the `#` before a group is (`#9110`, `# 9110`).
fn hash_before(b: &[u8], start: usize) -> Option<usize> {
    match b[..start] {
        [.., b'#'] => Some(start - 1),
        [.., b'#', b' '] => Some(start - 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{dialable_numbers, normalise};
    use super::*;

    #[test]
    fn dialable_numbers_give_canonical_forms_and_spans() {
        let text = "TEL 0120-444-4444 / +81 3-1234-5678 / #9110 / 110番";
        let found = dialable_numbers(text);
        let canon: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(canon, ["01204444444", "0312345678", "#9110", "110"]);
        assert_eq!(&text[found[0].1.clone()], "0120-444-4444");
        assert_eq!(&text[found[1].1.clone()], "+81 3-1234-5678");
        assert_eq!(&text[found[2].1.clone()], "#9110");
        assert_eq!(&text[found[3].1.clone()], "110");
    }

    #[test]
    fn a_raw_source_line_is_located_through_normalise() {
        let source = "連絡先：０１２０−４４４−４４４４（24時間）";
        let n = normalise(source);
        let (canonical, span) = &dialable_numbers(&n.text)[0];
        assert_eq!(canonical, "01204444444");
        let start = n.origin[span.start];
        assert_eq!(&source[start..start + 3], "０");
    }

    #[test]
    fn short_values_are_the_short_numbers() {
        assert_eq!(
            SHORT_NUMBERS.map(|n| n.parse::<u32>().unwrap()),
            SHORT_VALUES
        );
    }
}
