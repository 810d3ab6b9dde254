//! History: `content/changes.yaml`, the dated record of what changed in the data, as the
//! loader reads it (with spans) and as the pages, the feed and `data.json` show it.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Text;
use crate::date::Date;

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

/// Numbers that windows had in the published data (the `data.json` of the last build) and
/// that no window has now: a page that still shows one is not showing a fake number but an
/// old one, and the checks say so.
#[derive(Debug, Clone, Default)]
pub struct FormerNumbers {
    /// By canonical number (`crate::phone::canonical`).
    by_number: std::collections::HashMap<String, FormerNumber>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerNumber {
    /// The window whose `phone` it was.
    pub window: String,
    /// The number as the published data wrote it.
    pub was: String,
    /// That window now: its `phone`, if it has one; `None` when the guide no longer has it.
    pub now: Option<Option<String>>,
}

impl FormerNumbers {
    /// From the published windows' `(id, phone)`, keeping the numbers no window of `guide` has.
    pub fn new(published: Vec<(String, String)>, guide: &crate::model::Guide) -> Self {
        use crate::phone::canonical;
        let current: std::collections::HashSet<String> = (guide.channels.iter())
            .filter_map(|c| c.phone.as_ref())
            .map(|p| canonical(&p.value))
            .collect();
        let mut by_number = std::collections::HashMap::new();
        for (id, phone) in published {
            let number = canonical(&phone);
            if number.trim_start_matches('#').is_empty() || current.contains(&number) {
                continue;
            }
            let now = guide
                .channel(&id)
                .map(|c| c.phone.as_ref().map(|p| p.value.clone()));
            by_number.entry(number).or_insert(FormerNumber {
                window: id,
                was: phone,
                now,
            });
        }
        FormerNumbers { by_number }
    }

    /// The window a number (canonical) belonged to, if it is a former number.
    pub fn get(&self, canonical: &str) -> Option<&FormerNumber> {
        self.by_number.get(canonical)
    }
}

impl FormerNumber {
    /// What a check says of `written`, a mention of this number.
    pub fn message(&self, written: &str) -> String {
        format!(
            "`{written}` was `{}`'s number until this change; update this mention, or write it as a reference",
            self.window
        )
    }

    /// How to fix it: where the number came from, and what the window has now.
    pub fn help(&self) -> String {
        let id = &self.window;
        let reference = format!("{{{{ window(id=\"{id}\", field=\"phone\") }}}}");
        match &self.now {
            Some(Some(phone)) => format!(
                "the published data.json gives it as the `phone` of window `{id}`, whose number is now `{phone}`: in an article, write {reference}, which prints the current number wherever it changes"
            ),
            Some(None) => format!(
                "the published data.json gives it as the `phone` of window `{id}`, which has no number now: remove the number, or name the window with {{{{ window(id=\"{id}\") }}}}"
            ),
            None => format!(
                "the published data.json gives it as the `phone` of window `{id}`, which the guide no longer has: remove this mention"
            ),
        }
    }
}

/// Hours windows had in the published `data.json` and no window of the guide has now: a
/// mention of them tells a reader to call at times that no longer hold.
#[derive(Debug, Clone, Default)]
pub struct FormerHours {
    pub hours: Vec<FormerHoursOf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerHoursOf {
    /// The window whose `hours` they were.
    pub window: String,
    /// The hours as the published data wrote them.
    pub was: String,
    /// `was` folded (`crate::fold::folded`), as mentions are matched.
    folded: Vec<char>,
    /// That window now: its `hours`, if it has some; `None` when the guide no longer has it.
    pub now: Option<Option<String>>,
}

impl FormerHours {
    /// From the published windows' `(id, hours)`, keeping hours no window of `guide` has. Hours
    /// with fewer than two numbers (`年中無休`, `24時間`) name no time a reader could miss, and
    /// are common words: not kept. `9時〜17時` and `平日9:00〜17:00` are.
    pub fn new(published: Vec<(String, String)>, guide: &crate::model::Guide) -> Self {
        let folded = |text: &str| -> Vec<char> {
            crate::fold::folded(text)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        };
        let current: std::collections::HashSet<Vec<char>> = (guide.channels.iter())
            .filter_map(|c| c.hours.as_ref())
            .map(|h| folded(&h.value))
            .collect();
        let mut hours: Vec<FormerHoursOf> = Vec::new();
        for (id, was) in published {
            let was_folded = folded(&was);
            let specific = digit_runs(&was_folded) >= 2;
            if !specific
                || current.contains(&was_folded)
                || hours.iter().any(|h| h.folded == was_folded)
            {
                continue;
            }
            let now = guide
                .channel(&id)
                .map(|c| c.hours.as_ref().map(|h| h.value.clone()));
            hours.push(FormerHoursOf {
                window: id,
                was,
                folded: was_folded,
                now,
            });
        }
        FormerHours { hours }
    }

    /// Each mention of former hours in `text`: its byte range there, and whose hours they were.
    /// Longer hours first, so hours that contain other former hours are named once.
    pub fn find_in(&self, text: &str) -> Vec<(std::ops::Range<usize>, &FormerHoursOf)> {
        if self.hours.is_empty() {
            return Vec::new();
        }
        let folded = crate::fold::folded(text);
        let chars: Vec<char> = folded.iter().map(|(c, _)| *c).collect();
        let mut by_length: Vec<&FormerHoursOf> = self.hours.iter().collect();
        by_length.sort_by_key(|h| std::cmp::Reverse(h.folded.len()));
        let mut found: Vec<(std::ops::Range<usize>, &FormerHoursOf)> = Vec::new();
        for former in by_length {
            let n = former.folded.len();
            let mut i = 0;
            while i + n <= chars.len() {
                if chars[i..i + n] == former.folded[..] {
                    let range = folded[i].1.start..folded[i + n - 1].1.end;
                    if !found
                        .iter()
                        .any(|(r, _)| r.start < range.end && range.start < r.end)
                    {
                        found.push((range, former));
                    }
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        found
    }
}

/// How many separate runs of digits `text` holds (`9:00〜17:00`: four).
fn digit_runs(text: &[char]) -> usize {
    let mut runs = 0;
    let mut in_run = false;
    for c in text {
        let digit = c.is_ascii_digit();
        if digit && !in_run {
            runs += 1;
        }
        in_run = digit;
    }
    runs
}

impl FormerHoursOf {
    /// What a check says of `written`, a mention of these hours.
    pub fn message(&self, written: &str) -> String {
        format!(
            "`{written}` was `{id}`'s hours until this change; update this mention, or write it as `{{{{ window(id=\"{id}\", field=\"hours\") }}}}`",
            id = self.window
        )
    }

    /// How to fix it: where the hours came from, and what the window has now.
    pub fn help(&self) -> String {
        let id = &self.window;
        let reference = format!("{{{{ window(id=\"{id}\", field=\"hours\") }}}}");
        match &self.now {
            Some(Some(hours)) => format!(
                "the published data.json gives them as the `hours` of window `{id}`, which are now `{hours}`: in an article, write {reference}, which prints the current hours wherever they change"
            ),
            Some(None) => format!(
                "the published data.json gives them as the `hours` of window `{id}`, which has no hours now: remove them, or name the window with {{{{ window(id=\"{id}\") }}}}"
            ),
            None => format!(
                "the published data.json gives them as the `hours` of window `{id}`, which the guide no longer has: remove this mention"
            ),
        }
    }
}
