//! The history (`content/changes.yaml`): real dates not in the future, a note, and ids that
//! name windows and situations of the guide, or ones an entry marks removed.

use std::collections::HashSet;
use std::path::Path;

use super::sources::is_future;
use crate::date::Date;
use crate::diagnostic::{suggestion, Diagnostic};
use crate::model::history::{ChangeEntry, HISTORY_FILE};
use crate::model::{span_of, Site, Text};

/// Every problem of the guide's history.
pub fn check_history(site: &Site, today: Date) -> Vec<Diagnostic> {
    let entries = &site.history.entries;
    let removed: HashSet<&str> = (entries.iter())
        .flat_map(|e| &e.removed)
        .map(|id| id.value.as_str())
        .collect();
    let windows: Vec<&str> = (site.guide.channels.iter())
        .map(|c| c.id.value.as_str())
        .collect();
    let situations: Vec<&str> = (site.guide.situations.iter())
        .map(|s| s.id.value.as_str())
        .collect();
    let mut found = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        check_date(entry, today, &mut found);
        if !entry.note.value.chars().any(is_visible) {
            found.push(
                at(&entry.note, "an entry of the history has an empty `note`")
                    .label("no note")
                    .help("say what changed, for readers: the 更新履歴 page and the feed print it"),
            );
        }
        let lists = [
            (&entry.windows, "window", &windows),
            (&entry.situations, "situation", &situations),
        ];
        for (ids, word, known) in lists {
            for id in ids {
                if !known.contains(&id.value.as_str()) && !removed.contains(id.value.as_str()) {
                    found.push(unknown_id(id, word, known));
                }
            }
        }
        for id in &entry.removed {
            if !super::refs::is_id(&id.value) {
                found.push(
                    at(id, format!("removed id `{}` is not allowed", crate::diagnostic::printable(&id.value)))
                        .label("use a-z, 0-9 and -")
                        .help("`removed` names the id a window or situation had in guide.yaml, e.g. `shop-message`"),
                );
                continue;
            }
            let current =
                windows.contains(&id.value.as_str()) || situations.contains(&id.value.as_str());
            if current && !re_added(entries, index, &id.value) {
                found.push(
                    at(id, format!("the history says `{}` was removed, but the guide still has it", id.value))
                        .label("still in guide.yaml")
                        .help("a reader of the 更新履歴 page would stop using a window that is still right: remove the id from `removed`, or list it in the `windows` or `situations` of a later entry that brings it back"),
                );
            }
        }
    }
    found
}

/// Whether an entry dated after the one at `removing` (or on the same day, later in the
/// file) lists `id` again: it was brought back.
fn re_added(entries: &[ChangeEntry], removing: usize, id: &str) -> bool {
    let day = &entries[removing].date.value;
    (entries.iter().enumerate())
        .filter(|(i, e)| e.date.value > *day || (e.date.value == *day && *i > removing))
        .any(|(_, e)| e.windows.iter().chain(&e.situations).any(|x| x.value == id))
}

/// A character a reader sees: not a space, and not a zero-width, joining, direction or other
/// format character (a note of `\u{200B}` alone shows nothing).
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

fn check_date(entry: &ChangeEntry, today: Date, found: &mut Vec<Diagnostic>) {
    match Date::parse(&entry.date.value) {
        None => found.push(
            at(&entry.date, format!("`{}` is not a date", entry.date.value))
                .label("not a real YYYY-MM-DD date")
                .help("write the day of the change as YYYY-MM-DD, e.g. 2026-12-03"),
        ),
        Some(date) if is_future(date, today) => found.push(
            at(
                &entry.date,
                format!("the change dated {} is in the future", entry.date.value),
            )
            .label("after today")
            .help("date an entry the day the change was made (today at the latest)"),
        ),
        Some(_) => {}
    }
}

fn unknown_id(id: &Text, word: &str, known: &[&str]) -> Diagnostic {
    let hint = suggestion(&id.value, known.iter().copied());
    at(id, format!("no {word} with id `{}`", id.value))
        .label(format!("unknown {word}"))
        .help(format!(
            "{hint} (an id the guide no longer has goes in the `removed` of the entry that removed it)"
        ))
}

fn at(value: &Text, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(message).at(Path::new(HISTORY_FILE), span_of(value, 0))
}
