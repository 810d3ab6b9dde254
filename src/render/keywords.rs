//! The keyword index (索引, `sakuin.html`, and `search.html` without script): every window and
//! situation, sorted by its `reading:` (its name where it has none), in groups under the kana
//! row (あ, か, さ, …) or the letter it starts with.

use serde::Serialize;

use super::*;
use crate::links::Page;
use crate::search::fold;

/// One group of the index: its heading (a kana row or a letter) and its entries.
#[derive(Serialize)]
pub(super) struct KeywordGroup<'a> {
    pub(super) heading: String,
    pub(super) entries: Vec<KeywordEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct KeywordEntry<'a> {
    pub(super) name: &'a str,
    /// From the site root.
    pub(super) href: String,
    /// `window` or `situation`.
    pub(super) kind: &'static str,
}

/// The kana rows, by the katakana each starts and ends with (after `search::fold`), and the
/// hiragana that heads it. ヴ reads with あ, ヵ ヶ with か, ヷ–ヺ with わ.
const KANA_ROWS: &[(&str, &[(char, char)])] = &[
    ("あ", &[('ァ', 'オ'), ('ヴ', 'ヴ')]),
    ("か", &[('カ', 'ゴ'), ('ヵ', 'ヶ')]),
    ("さ", &[('サ', 'ゾ')]),
    ("た", &[('タ', 'ド')]),
    ("な", &[('ナ', 'ノ')]),
    ("は", &[('ハ', 'ポ')]),
    ("ま", &[('マ', 'モ')]),
    ("や", &[('ャ', 'ヨ')]),
    ("ら", &[('ラ', 'ロ')]),
    ("わ", &[('ヮ', 'ン'), ('ヷ', 'ヺ')]),
];

/// Where an entry sorts: its group (kana rows, letters, the rest: in this order for Japanese,
/// letters first otherwise), the group's heading, then the folded reading.
fn sort_key(reading: &str, kana_first: bool, other: &str) -> ((u8, u32), String, String) {
    let folded = fold(reading);
    let first = folded.chars().next().unwrap_or(' ');
    let row = KANA_ROWS.iter().position(|(_, ranges)| {
        ranges
            .iter()
            .any(|&(from, to)| (from..=to).contains(&first))
    });
    let (kana, latin) = if kana_first { (0, 1) } else { (1, 0) };
    let (group, heading) = match (row, first) {
        (Some(row), _) => ((kana, row as u32), KANA_ROWS[row].0.to_owned()),
        (None, 'a'..='z') => (
            (latin, first as u32),
            first.to_ascii_uppercase().to_string(),
        ),
        _ => ((2, 0), other.to_owned()),
    };
    (group, heading, folded)
}

impl<'a> SiteViews<'a> {
    /// Every window and situation in the index's order, in groups.
    pub(super) fn keyword_groups(&self) -> Vec<KeywordGroup<'a>> {
        let guide = &self.site.guide;
        let kana_first = guide.lang.value.starts_with("ja");
        let other = self.label("keywords_other");
        let situations = guide.situations.iter().map(|s| {
            let reading = s.reading.as_ref().unwrap_or(&s.title);
            let entry = KeywordEntry {
                name: &s.title.value,
                href: Page::Situation(&s.id.value).output_path(),
                kind: "situation",
            };
            (sort_key(&reading.value, kana_first, other), entry)
        });
        let windows = guide.channels.iter().map(|c| {
            let reading = c.reading.as_ref().unwrap_or(&c.name);
            let page = match self.site.details_of(&c.id.value) {
                Some(s) => Page::Situation(&s.id.value).output_path(),
                None => Page::Home.output_path(),
            };
            let entry = KeywordEntry {
                name: &c.name.value,
                href: format!("{page}#window-{}", c.id.value),
                kind: "window",
            };
            (sort_key(&reading.value, kana_first, other), entry)
        });
        let mut entries: Vec<_> = situations.chain(windows).collect();
        entries.sort_by(|(a, ea), (b, eb)| (a, ea.name).cmp(&(b, eb.name)));
        let mut groups: Vec<KeywordGroup> = Vec::new();
        for ((_, heading, _), entry) in entries {
            match groups.last_mut() {
                Some(group) if group.heading == heading => group.entries.push(entry),
                _ => groups.push(KeywordGroup {
                    heading,
                    entries: vec![entry],
                }),
            }
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn readings_group_by_kana_row_and_letter() {
        assert_eq!(sort_key("らくてんかーど", true, "他").1, "ら");
        assert_eq!(sort_key("ガス", true, "他").1, "か");
        assert_eq!(sort_key("ヴィザ", true, "他").1, "あ");
        assert_eq!(sort_key("apple", true, "他").1, "A");
        assert_eq!(sort_key("楽天", true, "他").1, "他");
        // Japanese: kana rows before letters; English: letters first.
        assert!(sort_key("わ", true, "").0 < sort_key("a", true, "").0);
        assert!(sort_key("z", false, "").0 < sort_key("あ", false, "").0);
        assert!(sort_key("か", true, "").2 < sort_key("き", true, "").2);
    }
}
