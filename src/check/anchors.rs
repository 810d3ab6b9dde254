//! Rule 5 for fragments: `@/page.md#anchor` and `#anchor` lead to an id the page has.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::links::Page;
use crate::model::Site;

/// What the page anchors are for: each article's heading ids, parsed only when a link first
/// asks (most articles are never the target of a fragment), and which article each situation
/// page shows.
pub struct Anchors<'s> {
    site: &'s Site,
    headings: HashMap<&'s str, OnceLock<Vec<String>>>,
    article_on: HashMap<&'s str, &'s str>,
}

impl<'s> Anchors<'s> {
    pub fn new(site: &'s Site) -> Self {
        let headings = (site.articles.iter())
            .map(|a| (a.slug.as_str(), OnceLock::new()))
            .collect();
        let mut article_on = HashMap::new();
        for article in &site.articles {
            if let Some(situation) = site.situation_of(article) {
                article_on.entry(situation).or_insert(article.slug.as_str());
            }
        }
        Anchors {
            site,
            headings,
            article_on,
        }
    }

    /// The slug of the article whose headings `page` shows, if any.
    pub fn article_of(&self, page: &Page<'s>) -> Option<&'s str> {
        match page {
            Page::Article(slug) => Some(slug),
            Page::Situation(id) => self.article_on.get(id).copied(),
            _ => None,
        }
    }

    /// The ids a fragment on `page` may name, or `None` for pages whose ids only the theme
    /// knows (home, sources, cheat sheet): those fragments are not checked. `top` always leads
    /// somewhere (HTML: the top of the document); a situation page shows its windows'
    /// details at `window-ID`.
    pub fn of(&self, page: &Page<'s>) -> Option<Vec<String>> {
        if !matches!(page, Page::Article(_) | Page::Situation(_)) {
            return None;
        }
        let mut ids = vec!["top".to_owned()];
        if let Some(slug) = self.article_of(page) {
            ids.extend(self.headings_of(slug).iter().cloned());
        }
        if let Some(situation) = (page.situation_id()).and_then(|id| self.site.situation(id)) {
            let windows = situation.first.iter().chain(&situation.also);
            ids.extend(windows.map(|w| format!("window-{}", w.value)));
        }
        Some(ids)
    }

    fn headings_of(&self, slug: &str) -> &[String] {
        let Some(cell) = self.headings.get(slug) else {
            return &[];
        };
        cell.get_or_init(|| match self.site.article(slug) {
            Some(article) => match article.body() {
                Some(body) => crate::markdown::parse(&body).headings().ids.clone(),
                // Changed since it loaded: its own render or check says so.
                None => Vec::new(),
            },
            None => Vec::new(),
        })
    }
}
