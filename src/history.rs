//! History: `content/changes.yaml`, the dated record of what changed in the data, as the
//! loader reads it (with spans) and as the pages, the feed and `data.json` show it.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::date::Date;
use crate::model::Text;

/// Where a guide keeps its history (optional).
pub const HISTORY_FILE: &str = "content/changes.yaml";

/// One entry of `content/changes.yaml`: what changed on a day, and which windows and
/// situations it concerns. `madoguchi changes --record "note"` appends one.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    /// The day of the change, `YYYY-MM-DD`; not in the future.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: Text,
    /// What changed, for readers (the 更新履歴 page and the feed print it).
    #[schemars(with = "String")]
    pub note: Text,
    /// Ids of the windows (channels) the change concerns; each exists, or is in some entry's
    /// `removed`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub windows: Vec<Text>,
    /// Ids of the situations the change concerns; each exists, or is in some entry's `removed`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub situations: Vec<Text>,
    /// Ids of windows or situations this change removed from the guide.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub removed: Vec<Text>,
}

/// `content/changes.yaml` as loaded: its entries in the order written (oldest first, as
/// `--record` appends them). Empty when the guide has no history.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub entries: Vec<ChangeEntry>,
}

/// The file's shape for the loader: a list of entries.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct HistoryFile(pub Vec<ChangeEntry>);

impl History {
    /// The entries newest first (by date; the later written first on the same day), with
    /// each one's stable anchor (`change-2026-12-03-1`: the date and its place that day).
    pub fn newest_first(&self) -> Vec<(String, &ChangeEntry)> {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut anchored: Vec<(String, &ChangeEntry)> = self
            .entries
            .iter()
            .map(|e| {
                let n = seen.entry(e.date.value.as_str()).or_insert(0);
                *n += 1;
                (format!("change-{}-{}", e.date.value, n), e)
            })
            .collect();
        // Stable: entries of one day keep the order written, then reverse all.
        anchored.sort_by(|a, b| a.1.date.value.cmp(&b.1.date.value));
        anchored.reverse();
        anchored
    }

    /// The latest entry (by date; the last written on that day).
    pub fn latest(&self) -> Option<(String, &ChangeEntry)> {
        self.newest_first().into_iter().next()
    }

    /// The latest date an entry names any of these windows or this situation.
    pub fn last_changed<'a>(&'a self, situation: &str, windows: &[&str]) -> Option<&'a str> {
        self.entries
            .iter()
            .filter(|e| {
                e.situations.iter().any(|s| s.value == situation)
                    || e.windows
                        .iter()
                        .any(|w| windows.contains(&w.value.as_str()))
            })
            .map(|e| e.date.value.as_str())
            .filter(|d| Date::parse(d).is_some())
            .max()
    }
}
