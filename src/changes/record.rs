//! `changes --record "note"`: the changes as a dated entry, appended to `content/changes.yaml`.

use std::io::Write;
use std::path::Path;

use super::diff::{ItemChange, ItemKind, What};
use crate::date::Date;
use crate::diagnostic::Failure;
use crate::model::history::HISTORY_FILE;

/// The first lines of a history `--record` starts.
const HEADER: &str = "# What changed in the guide's data, oldest first: one entry per change, appended by\n# `madoguchi changes --record \"note\"`. The 更新履歴 page and changes.atom are built from it.\n";

/// The entry for `changes` (those the history must record), dated `today`, as YAML.
pub fn entry_yaml(today: Date, note: &str, changes: &[&ItemChange]) -> String {
    let ids = |keep: &dyn Fn(&ItemChange) -> bool| -> Vec<&str> {
        changes
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.id.as_str())
            .collect()
    };
    let kept = |kind: ItemKind| move |c: &ItemChange| c.kind == kind && c.what != What::Removed;
    let windows = ids(&kept(ItemKind::Window));
    let situations = ids(&kept(ItemKind::Situation));
    let removed = ids(&|c: &ItemChange| c.what == What::Removed);
    let mut yaml = format!("- date: {today}\n  note: {}\n", quoted(note));
    for (key, list) in [
        ("windows", windows),
        ("situations", situations),
        ("removed", removed),
    ] {
        if !list.is_empty() {
            // Ids are `[a-z0-9-]+` (a check error otherwise); any other is quoted, so it
            // round-trips all the same.
            let items: Vec<String> = list.iter().map(|id| plain_or_quoted(id)).collect();
            yaml.push_str(&format!("  {key}: [{}]\n", items.join(", ")));
        }
    }
    yaml
}

/// Appends `entry` to the history under `root` (created, with a header, if missing). A file
/// that does not end with a line break gets one first.
pub fn append(root: &Path, entry: &str) -> Result<(), Failure> {
    let path = root.join(HISTORY_FILE);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Failure::new("read", &path, e)),
    };
    let mut text = String::new();
    match &existing {
        None => text.push_str(HEADER),
        Some(bytes) if !bytes.is_empty() && !bytes.ends_with(b"\n") => text.push('\n'),
        Some(_) => {}
    }
    text.push_str(entry);
    // A history written as a flow list (`[ … ]`), or ending inside a block scalar, would not
    // read as a list of entries with this one after it: refuse rather than break the file.
    let whole = format!(
        "{}{text}",
        String::from_utf8_lossy(existing.as_deref().unwrap_or_default())
    );
    if let Err(e) = serde_saphyr::from_str::<crate::model::history::HistoryFile>(&whole) {
        return Err(Failure::new(
            "append an entry to",
            &path,
            format!("the file would no longer read as a list of entries ({}); add the entry by hand:\n{entry}", e.without_snippet()),
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // As the loader reads it: never through a symlink put in its place since.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options
        .open(&path)
        .map_err(|e| Failure::new("write", &path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::new("write", &path, e))
}

/// An id as written by hand (`kokusen-lunch`) where YAML reads it back as that text: it
/// starts with a letter and is no YAML word (`null`, `yes`, …); quoted otherwise.
fn plain_or_quoted(id: &str) -> String {
    const WORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    let plain = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !WORDS.contains(&id);
    match plain {
        true => id.to_owned(),
        false => quoted(id),
    }
}

/// `text` as a YAML double-quoted scalar: `"`, `\` and every character YAML would not keep
/// as it is (controls, line and paragraph separators, the byte order mark) escaped, so any
/// note round-trips exactly.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_note_round_trips_through_yaml() {
        for note in [
            "電話番号が変わりました",
            "quote \" and \\ and: colon # hash",
            "line\nbreak\ttab \u{7} bell \u{85} nel \u{2028} ls \u{FEFF} bom",
            "- looks: [like, yaml]",
            "  leading and trailing spaces  ",
            "",
        ] {
            let yaml = format!("note: {}\n", quoted(note));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(back["note"], note, "{yaml}");
        }
    }
}
