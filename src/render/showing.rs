//! Which output pages show a window or a situation (for `madoguchi where`): what the built-in
//! templates put on each page, said once beside them.

use super::views::NAV_LIMIT;
use crate::links::Page;
use crate::markdown::references::Named;
use crate::model::{Article, Site};
use crate::output::feed::FEED;

/// The pages that show a window or a situation.
#[derive(Debug, PartialEq, Eq)]
pub struct Showing {
    /// Output paths, sorted.
    pub pages: Vec<String>,
    /// A situation among the header's links is on every page (said once, not page by page).
    pub in_every_header: bool,
}

/// The pages that show `subject`: the pages the built-in theme shows it on, and the pages of
/// `articles` (those that name it).
pub fn pages_showing(site: &Site, subject: &Named, articles: &[&Article]) -> Showing {
    let mut in_every_header = false;
    // The keyword index (索引, and the search page without script) lists every window and
    // situation by name.
    let mut pages: Vec<String> = [Page::Home, Page::Print, Page::Keywords, Page::Search]
        .iter()
        .map(Page::output_path)
        .collect();
    let situations = &site.guide.situations;
    match subject {
        Named::Window(id) => {
            let listed = |ids: &[crate::model::Text]| ids.iter().any(|i| i.value == *id);
            for s in situations
                .iter()
                .filter(|s| listed(&s.first) || listed(&s.also))
            {
                pages.push(Page::Situation(&s.id.value).output_path());
            }
            // The cheat sheet shows every situation's windows and every phone number.
            let has_phone = site.channel(id).is_some_and(|c| c.phone.is_some());
            if has_phone
                || situations
                    .iter()
                    .any(|s| listed(&s.first) || listed(&s.also))
            {
                pages.push(Page::CheatSheet.output_path());
            }
            pages.push(Page::Sources.output_path());
        }
        Named::Situation(id) => {
            pages.push(Page::Situation(id).output_path());
            pages.push(Page::CheatSheet.output_path());
            let place = situations.iter().position(|s| s.id.value == *id);
            in_every_header = place.is_some_and(|i| i < NAV_LIMIT);
        }
    }
    let id = match subject {
        Named::Window(id) | Named::Situation(id) => id,
    };
    pages.extend(history_pages(site, id));
    for article in articles {
        let page = match site.situation_of(article) {
            Some(situation) => Page::Situation(situation),
            None => Page::Article(&article.slug),
        };
        pages.push(page.output_path());
    }
    pages.sort();
    pages.dedup();
    Showing {
        pages,
        in_every_header,
    }
}

/// The pages that show the history's entries naming `id` (in any of their lists, `removed`
/// too): the 更新履歴 page, and the feed where the build writes one (with a `base_url`).
pub fn history_pages(site: &Site, id: &str) -> Vec<String> {
    let names_it = |e: &&crate::model::history::ChangeEntry| {
        [&e.windows, &e.situations, &e.removed]
            .iter()
            .any(|ids| ids.iter().any(|i| i.value == id))
    };
    if !site.history.entries.iter().any(|e| names_it(&e)) {
        return Vec::new();
    }
    let feed = site.guide.base_url.is_some().then(|| FEED.to_owned());
    std::iter::once(Page::History.output_path())
        .chain(feed)
        .collect()
}
