//! A `reading:` (where the keyword index sorts a window or a situation) is written in kana.

use super::{at_field, Diagnostic};
use crate::model::{Site, Text};

/// Hiragana, katakana (full-width), the long-vowel mark and the iteration marks: what a
/// reading is written in, so that it sorts in 五十音 order.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}')
}

pub fn check_readings(site: &Site) -> Vec<Diagnostic> {
    let guide = &site.guide;
    let readings = (guide.channels.iter())
        .filter_map(|c| Some((&c.id.value, c.reading.as_ref()?)))
        .chain((guide.situations.iter()).filter_map(|s| Some((&s.id.value, s.reading.as_ref()?))));
    readings
        .filter_map(|(id, reading)| reading_problem(site, id, reading))
        .collect()
}

fn reading_problem(site: &Site, id: &str, reading: &Text) -> Option<Diagnostic> {
    let label = match reading.value.chars().find(|&c| !is_kana(c)) {
        None if !reading.value.is_empty() => return None,
        None => "empty".to_owned(),
        // An invisible or spacing character is named by its code point.
        Some(c) if c.is_alphanumeric() || c.is_ascii_punctuation() => format!("`{c}` is not kana"),
        Some(c) => format!("{c:?} is not kana"),
    };
    Some(
        at_field(
            site,
            reading,
            format!("the reading of `{id}` must be written in hiragana or katakana"),
        )
        .label(label)
        .help("write how the name is read, e.g. `reading: らくてんかーど`; the keyword index (索引) sorts by it"),
    )
}
