//! The cheat sheet's edition: what a reader holding an old printout needs to judge its age,
//! the date of the latest recorded change, the oldest check of what it shows, and (with a
//! `base_url`) a QR code to the 更新履歴 page.

use std::collections::BTreeSet;

use serde::Serialize;

use super::*;

#[derive(Serialize)]
pub(super) struct EditionView<'a> {
    /// The oldest `checked` date among the windows the sheet shows.
    pub(super) checked_oldest: &'a str,
    /// The date of the latest `changes.yaml` entry; `None` without a history, when the sheet
    /// prints no change date rather than invent one.
    pub(super) changed: Option<&'a str>,
    /// The 更新履歴 page's public address, and its QR code.
    pub(super) history_url: Option<&'a str>,
    pub(super) history_qr: Option<&'a str>,
}

impl<'a> SiteViews<'a> {
    pub(super) fn sheet_edition(&self) -> EditionView<'a> {
        let (history_url, history_qr) = match self.history_qr {
            Some((url, svg)) => (Some(url.as_str()), Some(svg.as_str())),
            None => (None, None),
        };
        EditionView {
            checked_oldest: self.sheet_checked_oldest(),
            changed: (self.site.history.latest()).map(|(_, entry)| entry.date.value.as_str()),
            history_url,
            history_qr,
        }
    }

    /// The oldest check among the windows printed on the sheet: the first and also windows of
    /// its situations, and every window in its box of phone numbers. A window left off the
    /// sheet does not make the paper look older than it is.
    fn sheet_checked_oldest(&self) -> &'a str {
        let guide = &self.site.guide;
        let named: BTreeSet<&str> = (guide.sheet_situations().into_iter())
            .flat_map(|s| s.first.iter().chain(&s.also))
            .map(|id| id.value.as_str())
            .collect();
        (guide.channels.iter())
            .filter(|c| c.phone.is_some() || named.contains(c.id.value.as_str()))
            .map(|c| c.source.checked.value.as_str())
            .min()
            .unwrap_or(self.site_view.checked_oldest)
    }
}
