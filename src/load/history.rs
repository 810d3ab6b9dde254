//! `content/changes.yaml` (optional) → `History`, with a span for every value.

use std::path::{Path, PathBuf};

use super::parse_yaml;
use super::shape::history_schema;
use crate::model::history::{History, HistoryFile, HISTORY_FILE};
use crate::report::Report;

/// Reads the guide's history, if it keeps one. A file that holds only comments is an empty
/// history (`changes --record` starts one with a comment); every problem is in `report`, and
/// the history is then empty.
pub fn load_history(root: &Path, report: &mut Report) -> History {
    let file = PathBuf::from(HISTORY_FILE);
    if root.join(&file).symlink_metadata().is_err() {
        return History::default();
    }
    let Some(text) = super::read_text(root, &file, report) else {
        return History::default();
    };
    let blank = |l: &str| l.trim().is_empty() || l.trim().starts_with('#');
    if text.lines().all(blank) {
        return History::default();
    }
    parse_yaml::<HistoryFile>(&text, 0, &file, history_schema, report)
        .map(|HistoryFile(entries)| History { entries })
        .unwrap_or_default()
}
