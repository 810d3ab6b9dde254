//! An estimate of how tall the built-in theme's cheat sheet prints, without a browser: the
//! sheet's layout (`cheatsheet.html`, `cheatsheet.css`) redone in millimetres from the data,
//! with the widths of Noto Sans CJK JP's characters. `build` and `check` warn from it when no
//! Chromium can measure the sheet; how close it comes is in the README ("Print").

use crate::load::labels::Labels;
use crate::model::{Channel, Site};

/// One typographic point in millimetres.
const PT: f64 = 25.4 / 72.0;
/// The sheet's width: A4 less the page's side margins (`.sheet { width: 186mm }`).
const SHEET_MM: f64 = 186.0;
/// What one A4 page holds: 297 mm less the page's margins (`@page { margin: 10mm 12mm }`).
pub const PAGE_MM: f64 = 277.0;
/// How much wider bold Latin text runs than regular.
const BOLD: f64 = 1.08;
/// `:root { line-height: 1.42 }`.
const LEADING: f64 = 1.42;

/// How tall the sheet is estimated to print.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetEstimate {
    /// The content's height laid out in one piece, as the measuring print reads it.
    pub content_mm: f64,
    /// Pages, with each situation kept whole on a page (`break-inside: avoid`).
    pub pages: usize,
}

/// Estimates the built-in sheet of `site` with its `labels`.
pub fn estimate_sheet(site: &Site, labels: &Labels) -> SheetEstimate {
    let label = |key: &str| labels.get(key).unwrap_or_default();
    let mut blocks = vec![head_mm(site, labels)];
    if !site.guide.rules.is_empty() {
        let rules = site.guide.rules.iter().map(|r| r.value.as_str());
        *blocks.last_mut().unwrap_or(&mut 0.0) += rules_mm(rules, label("rules_heading"));
    }
    for situation in site.guide.sheet_situations() {
        let first: Vec<&Channel> = (situation.first.iter())
            .filter_map(|id| site.channel(&id.value))
            .collect();
        let also: Vec<&str> = (situation.also.iter())
            .filter_map(|id| site.channel(&id.value))
            .map(|c| c.name.value.as_str())
            .collect();
        let tags = [label("sheet_first"), label("also_check")];
        blocks.push(case_mm(&situation.title.value, &first, &also, tags));
    }
    blocks.extend(numbers_mm(site));
    SheetEstimate {
        content_mm: blocks.iter().sum(),
        pages: pages_for(&blocks),
    }
}

/// Pages the blocks fill, each kept whole (a block taller than a page starts its own).
fn pages_for(blocks: &[f64]) -> usize {
    let mut pages = 1;
    let mut used = 0.0;
    for &block in blocks {
        if used > 0.0 && used + block > PAGE_MM {
            pages += 1;
            used = 0.0;
        }
        used += block;
        while used > PAGE_MM {
            pages += 1;
            used -= PAGE_MM;
        }
    }
    pages
}

/// A character's advance in em: ideographs, kana and full-width forms are square; Latin
/// letters, digits and punctuation about half as wide.
fn em_of(c: char) -> f64 {
    match c {
        ' ' => 0.25,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.26,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.36,
        'm' | 'w' => 0.84,
        'M' | 'W' => 0.9,
        'a'..='z' => 0.57,
        'A'..='Z' => 0.66,
        '0'..='9' => 0.55,
        c if c.is_ascii() => 0.5,
        '\u{ff61}'..='\u{ff9f}' => 0.5,
        _ => 1.0,
    }
}

/// The width of `text` in mm at `size_pt`.
fn width_mm(text: &str, size_pt: f64) -> f64 {
    text.chars().map(em_of).sum::<f64>() * size_pt * PT
}

/// Lines `text` wraps into at `size_pt` in `width` mm, after `lead` mm already taken on the
/// first line: Latin words move whole to the next line, other characters break anywhere.
fn lines(text: &str, size_pt: f64, width: f64, lead: f64) -> usize {
    let em = size_pt * PT;
    let (mut lines, mut x) = (1, lead);
    let mut word = 0.0;
    let place = |w: f64, x: &mut f64, lines: &mut usize| {
        if *x + w > width && *x > 0.0 {
            *lines += 1;
            *x = 0.0;
        }
        *x += w;
    };
    for c in text.chars() {
        let w = em_of(c) * em;
        if c.is_ascii_alphanumeric() || (c.is_ascii_punctuation() && word > 0.0) {
            word += w;
            continue;
        }
        place(word, &mut x, &mut lines);
        word = 0.0;
        place(w, &mut x, &mut lines);
    }
    place(word, &mut x, &mut lines);
    lines
}

/// Height of `n` lines at `size_pt` with `leading`.
fn tall(n: usize, size_pt: f64, leading: f64) -> f64 {
    n as f64 * size_pt * leading * PT
}

/// The title and the note, beside the edition, above a 1.2 mm rule.
fn head_mm(site: &Site, labels: &Labels) -> f64 {
    let label = |key: &str| labels.get(key).unwrap_or_default();
    let (edition_w, edition_h) = edition_mm(site, labels);
    let left = SHEET_MM - edition_w - 6.0;
    // The title is bold: its Latin letters run about 8% wider than the widths above, which
    // matters once the edition leaves it less than the whole width.
    let title = tall(
        lines(&site.guide.title.value, 19.0 * BOLD, left, 0.0),
        19.0,
        1.25,
    );
    let note = 1.0 + tall(lines(label("sheet_note"), 9.0, left, 0.0), 9.0, LEADING);
    (title + note).max(edition_h) + 2.0 + 1.2
}

/// The edition's width and height (`.edition`): the date checked, the date of the latest
/// change (with a history), and with a `base_url` the words and address of the 更新履歴 page
/// beside its 15 mm QR code.
fn edition_mm(site: &Site, labels: &Labels) -> (f64, f64) {
    let label = |key: &str| labels.get(key).unwrap_or_default();
    let dated = |key: &str| width_mm(label(key), 8.5) + width_mm(" 2026-11-27", 10.5);
    let mut width = dated("sheet_checked");
    // A dated line mixes 8.5 pt words and a 10.5 pt date on their baseline: a little taller
    // than the date's own 1.2 lines.
    let mut height = tall(1, 10.5, 1.3);
    if site.history.latest().is_some() {
        width = width.max(dated("sheet_changed"));
        height += tall(1, 10.5, 1.3);
    }
    let Some(base) = crate::output::publish::base_url(&site.guide) else {
        return (width, height);
    };
    let url =
        crate::output::publish::canonical_url(&base, &crate::links::Page::History.output_path());
    width = width
        .max(width_mm(label("sheet_current"), 8.5) * 1.05)
        .max(width_mm(&url, 6.0));
    height += tall(1, 8.5, 1.2) + tall(1, 6.0, 1.2);
    (width + 2.5 + 15.0, height.max(15.0))
}

/// The rules: a tinted box with a heading and a numbered bold list.
fn rules_mm<'r>(rules: impl Iterator<Item = &'r str>, heading: &str) -> f64 {
    let width = SHEET_MM - 1.5 - 8.0 - 5.5;
    let mut height = 3.0 + 3.5 + tall(lines(heading, 10.0, width, 0.0), 10.0, LEADING);
    for (i, rule) in rules.enumerate() {
        height += tall(lines(rule, 10.5, width, 0.0), 10.5, LEADING);
        if i > 0 {
            height += 0.8;
        }
    }
    height
}

/// The width of a `.tag` label with its padding and margin.
fn tag_mm(text: &str) -> f64 {
    width_mm(text, 8.5) + 3.2 + 2.0
}

/// One situation: its numbered title, its first windows two to a row (each beside its QR
/// code), and what to also check.
fn case_mm(
    title: &str,
    first: &[&Channel],
    also: &[&str],
    [first_tag, also_tag]: [&str; 2],
) -> f64 {
    let heading = tall(lines(title, 13.0, SHEET_MM - 8.5, 0.0), 13.0, 1.35) + 1.3;
    // `repeat(auto-fit, minmax(85mm, 1fr))`: two columns; a lone window takes the width.
    let columns = first.len().clamp(1, 2);
    let column = (SHEET_MM - 6.0 * (columns - 1) as f64) / columns as f64;
    let also_text = also.join(" / ");
    let also_inside = first.len() == 1 && !also.is_empty();
    let rows: Vec<f64> = first
        .chunks(columns)
        .map(|row| {
            (row.iter())
                .map(|c| {
                    window_mm(
                        c,
                        column,
                        first_tag,
                        also_inside.then_some((also_tag, also_text.as_str())),
                    )
                })
                .fold(0.0, f64::max)
        })
        .collect();
    let windows = rows.iter().sum::<f64>() + 2.0 * rows.len().saturating_sub(1) as f64;
    let also_after = if first.len() > 1 && !also.is_empty() {
        1.5 + tall(
            lines(&also_text, 9.0, SHEET_MM, tag_mm(also_tag)),
            9.0,
            LEADING,
        )
    } else {
        0.0
    };
    3.5 + heading + 2.0 + windows + also_after
}

/// One first window: its name (with its number), how to reach it, and its QR code.
fn window_mm(c: &Channel, column: f64, first_tag: &str, also: Option<(&str, &str)>) -> f64 {
    let qr = c.url.as_ref().map(|u| {
        // The URL under the code: 5.5 pt, broken anywhere, in the code's 28 mm.
        let caption = (width_mm(&u.value, 5.5) / 28.0).ceil().max(1.0) as usize;
        22.0 + tall(caption, 5.5, 1.3)
    });
    let text_w = column - if qr.is_some() { 32.0 } else { 0.0 };
    let mut name = c.name.value.clone();
    let mut extra = 0.0;
    if let Some(phone) = &c.phone {
        // The number is 14 pt with letter spacing, on a taller line.
        name.push(' ');
        extra = width_mm(&phone.value, 14.0) * 1.08 - width_mm(&phone.value, 11.5);
        name.push_str(&phone.value);
    } else if let Some(email) = &c.email {
        name.push(' ');
        name.push_str(&email.value);
    } else if let Some(on_hand) = &c.on_hand {
        name.push(' ');
        name.push_str(&on_hand.value);
    }
    let name_lines = lines(&name, 11.5, text_w - extra.max(0.0), tag_mm(first_tag));
    let mut text = tall(name_lines, 11.5, LEADING);
    if c.phone.is_some() {
        text += (14.0 - 11.5) * LEADING * PT;
    }
    text += 0.6 + tall(lines(&c.how.value, 10.5, text_w, 0.0), 10.5, LEADING);
    if let Some((tag, names)) = also {
        text += 1.5 + tall(lines(names, 9.0, text_w, tag_mm(tag)), 9.0, LEADING);
    }
    text.max(qr.unwrap_or(0.0))
}

/// Each group's box of phone numbers, one row a number.
fn numbers_mm(site: &Site) -> Vec<f64> {
    let guide = &site.guide;
    let mut ids: Vec<&str> = guide.groups.iter().map(|g| g.id.value.as_str()).collect();
    if !ids.contains(&crate::model::OTHER_GROUP) {
        ids.push(crate::model::OTHER_GROUP);
    }
    ids.into_iter()
        .filter_map(|id| {
            let rows = (guide.channels.iter())
                .filter(|c| c.phone.is_some() && guide.group_of(c) == id)
                .count();
            (rows > 0).then(|| {
                4.0 + 0.8
                    + 4.5
                    + tall(1, 10.0, LEADING)
                    + tall(rows, 16.0, 1.3)
                    + 0.8 * (rows - 1) as f64
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_wrap_whole_and_other_text_anywhere() {
        // 10 pt: a CJK character is 3.53 mm, so 10 of them fill 35.3 mm.
        assert_eq!(lines(&"あ".repeat(10), 10.0, 36.0, 0.0), 1);
        assert_eq!(lines(&"あ".repeat(11), 10.0, 36.0, 0.0), 2);
        assert_eq!(lines("aaaa bbbb", 10.0, 10.0, 0.0), 2);
    }

    #[test]
    fn blocks_are_kept_whole_on_a_page() {
        assert_eq!(pages_for(&[100.0, 100.0, 70.0]), 1);
        assert_eq!(pages_for(&[100.0, 100.0, 80.0]), 2);
        assert_eq!(pages_for(&[300.0]), 2);
    }
}
