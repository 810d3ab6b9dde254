//! History views: the 更新履歴 page's entries, the home page's latest change, the date a
//! situation's windows last changed, and the Atom feed, all from `content/changes.yaml`.

use serde::Serialize;

use super::*;
use crate::links::Page;
use crate::model::history::ChangeEntry;
use crate::model::Situation;
use crate::output::feed::{FeedEntry, FeedHead, FEED};

/// An entry of the history as the pages show it: the windows and situations it concerns by
/// their current names, linked to where their details are (removed ones by id).
#[derive(Serialize)]
pub(super) struct HistoryEntryView<'a> {
    /// Its id on the 更新履歴 page (`change-2026-12-03-1`).
    pub(super) anchor: String,
    /// `changes.html#ANCHOR`, from the site's root.
    pub(super) href: String,
    pub(super) date: &'a str,
    pub(super) note: &'a str,
    pub(super) windows: Vec<NavItem<'a>>,
    pub(super) situations: Vec<NavItem<'a>>,
    pub(super) removed: Vec<&'a str>,
}

impl<'a> SiteViews<'a> {
    /// Every entry, newest first.
    pub(super) fn history_views(&self) -> Vec<HistoryEntryView<'a>> {
        (self.site.history.newest_first().into_iter())
            .map(|(anchor, entry)| self.history_view(anchor, entry))
            .collect()
    }

    /// The latest entry, for the home page.
    pub(super) fn latest_change(&self) -> Option<HistoryEntryView<'a>> {
        let (anchor, entry) = self.site.history.latest()?;
        Some(self.history_view(anchor, entry))
    }

    /// The latest date an entry names the situation or one of its windows.
    pub(super) fn situation_changed(&self, s: &Situation) -> Option<&'a str> {
        let windows: Vec<&str> = (s.first.iter().chain(&s.also))
            .map(|id| id.value.as_str())
            .collect();
        self.site.history.last_changed(&s.id.value, &windows)
    }

    /// `changes.atom`, where the build writes it (with a `base_url` and a history).
    pub(super) fn feed_href(&self) -> Option<&'static str> {
        (self.base.is_some() && !self.site.history.entries.is_empty()).then_some(FEED)
    }

    fn history_view(&self, anchor: String, entry: &'a ChangeEntry) -> HistoryEntryView<'a> {
        let site = self.site;
        // An id the guide no longer has is listed in the entry's `removed` (a check error
        // otherwise): shown by its id there.
        let windows = (entry.windows.iter())
            .filter_map(|id| site.channel(&id.value))
            .map(|c| NavItem {
                title: &c.name.value,
                href: crate::output::data::window_page(site, &c.id.value),
            })
            .collect();
        let situations = (entry.situations.iter())
            .filter_map(|id| site.situation(&id.value))
            .map(|s| NavItem {
                title: &s.title.value,
                href: Page::Situation(&s.id.value).output_path(),
            })
            .collect();
        HistoryEntryView {
            href: format!("{}#{anchor}", Page::History.output_path()),
            anchor,
            date: &entry.date.value,
            note: &entry.note.value,
            windows,
            situations,
            removed: entry.removed.iter().map(|id| id.value.as_str()).collect(),
        }
    }

    /// The feed's entries (newest first), for `changes.atom`.
    pub(super) fn feed_entries(&self) -> Vec<FeedEntry> {
        let separator = self.label("list_separator");
        (self.history_views().into_iter())
            .map(|view| {
                let names: Vec<&str> = (view.windows.iter().chain(&view.situations))
                    .map(|item| item.title)
                    .chain(view.removed.iter().copied())
                    .collect();
                FeedEntry {
                    href: view.href,
                    date: view.date.to_owned(),
                    title: view.note.to_owned(),
                    summary: names.join(separator),
                }
            })
            .collect()
    }
}

/// `changes.atom`, when the guide has a `base_url` and a history: read like a page, then
/// written. Returns its path, where it was written.
pub(super) fn put_feed(
    shared: &SiteViews,
    staging: Option<&Staging>,
) -> Result<Option<String>, RenderError> {
    let (Some(base), Some(_)) = (&shared.base, shared.feed_href()) else {
        return Ok(None);
    };
    let title = format!("{} | {}", shared.label("history"), shared.site_view.title);
    let head = FeedHead {
        title: &title,
        author: shared.site_view.title,
        lang: shared.site_view.lang,
    };
    let feed = crate::output::feed::atom(base, &head, &shared.feed_entries());
    shared.hooks.page(&feed.path, &feed.bytes, None);
    if let Some(staging) = staging {
        staging
            .put(&feed.path, &feed.bytes)
            .map_err(RenderError::Write)?;
    }
    Ok(Some(feed.path))
}
