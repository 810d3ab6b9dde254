//! `check --online --cache FILE`: the pages checked OK lately, so a monthly round re-fetches
//! only what is due. A small JSON file; an entry counts only for the same window, page, URL,
//! expected number and expected title, checked fewer than `--max-age` days ago.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// One page checked OK: everything it was checked against, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CachedPage {
    pub window: String,
    /// `source` or `entry`.
    pub page: String,
    pub url: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, the day of the check.
    pub checked: String,
    /// Where the page's redirects ended.
    pub final_url: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    version: u32,
    pages: Vec<CachedPage>,
}

const VERSION: u32 = 1;

/// The cache as read, and what this run checked OK (the file is rewritten with only those:
/// windows that left the guide leave the cache).
#[derive(Debug, Default)]
pub struct Cache {
    read: Vec<CachedPage>,
    pub kept: Vec<CachedPage>,
}

impl Cache {
    /// The cache at `path`; none yet, or one that cannot be read, is an empty cache (and
    /// says why, since the file is then replaced).
    pub fn load(path: &Path) -> Cache {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Cache::default(),
            Err(e) => return Cache::unreadable(path, &e.to_string()),
        };
        match serde_json::from_str::<CacheFile>(&text) {
            Ok(file) if file.version == VERSION => Cache {
                read: file.pages,
                kept: Vec::new(),
            },
            Ok(file) => {
                Cache::unreadable(path, &format!("version {} is not {VERSION}", file.version))
            }
            Err(e) => Cache::unreadable(path, &e.to_string()),
        }
    }

    fn unreadable(path: &Path, why: &str) -> Cache {
        crate::console::say(format!(
            "note: the online cache {} was not used ({why}); every page is fetched, and the file is rewritten",
            crate::console::shown(path)
        ));
        Cache::default()
    }

    /// The entry that makes fetching `wanted` again unnecessary today, if any: it checked the
    /// same things, on a real day fewer than `max_age_days` ago (not in the future).
    pub fn fresh(
        &self,
        wanted: &CachedPage,
        today: Date,
        max_age_days: u32,
    ) -> Option<&CachedPage> {
        self.read.iter().find(|entry| {
            let same = entry.window == wanted.window
                && entry.page == wanted.page
                && entry.url == wanted.url
                && entry.phone == wanted.phone
                && entry.title == wanted.title;
            let age = Date::parse(&entry.checked).map(|day| today.days_since(day));
            same && age.is_some_and(|age| (0..i64::from(max_age_days)).contains(&age))
        })
    }

    /// Remembers a page checked OK (or still fresh).
    pub fn keep(&mut self, page: CachedPage) {
        self.kept.push(page);
    }

    /// The file to write: this run's pages, in a stable order.
    pub fn to_json(&self) -> String {
        let mut pages = self.kept.clone();
        pages.sort_by(|a, b| (&a.window, &a.page).cmp(&(&b.window, &b.page)));
        pages.dedup();
        let file = CacheFile {
            version: VERSION,
            pages,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(checked: &str) -> CachedPage {
        CachedPage {
            window: "w".into(),
            page: "source".into(),
            url: "https://www.example.jp/".into(),
            phone: Some("0120-123-456".into()),
            title: Some("Help".into()),
            checked: checked.into(),
            final_url: "https://www.example.jp/".into(),
        }
    }

    #[test]
    fn an_entry_is_fresh_only_while_young_and_for_the_same_expectations() {
        let today = Date::parse("2026-12-10").unwrap();
        let cache = Cache {
            read: vec![page("2026-12-04")],
            kept: Vec::new(),
        };
        assert!(cache.fresh(&page("2026-12-10"), today, 7).is_some());
        assert!(
            cache.fresh(&page("2026-12-10"), today, 6).is_none(),
            "six days old"
        );
        assert!(cache.fresh(&page("2026-12-10"), today, 0).is_none());
        let changed_number = CachedPage {
            phone: Some("0120-123-457".into()),
            ..page("2026-12-10")
        };
        assert!(cache.fresh(&changed_number, today, 7).is_none());
        let changed_title = CachedPage {
            title: Some("Help centre".into()),
            ..page("2026-12-10")
        };
        assert!(cache.fresh(&changed_title, today, 7).is_none());
        let future = Cache {
            read: vec![page("2027-01-01")],
            kept: Vec::new(),
        };
        assert!(future.fresh(&page("2026-12-10"), today, 7).is_none());
    }
}
