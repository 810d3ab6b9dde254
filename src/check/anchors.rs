//! Rule 5 for fragments: `@/page.md#anchor` and `#anchor` lead to an id the page has.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::links::Page;
use crate::markdown::headings::TAKEN_BY_PAGES;
use crate::markdown::Parsed;
use crate::model::{Article, Site};

/// What the page anchors are for: each article's heading ids, parsed only when a link first
/// asks (most articles are never the target of a fragment), and which article each situation
/// page shows.
pub struct Anchors<'s> {
    site: &'s Site,
    /// The heading ids of the articles a fragment named, by their position in the site's
    /// articles. Only those: a slot for every article was 3 MB at 100,000 articles, held
    /// through the build for the few that links point into.
    headings: Mutex<HashMap<usize, Arc<[String]>>>,
    article_on: HashMap<&'s str, &'s str>,
}

impl<'s> Anchors<'s> {
    pub fn new(site: &'s Site) -> Self {
        let headings = Mutex::new(HashMap::new());
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

    fn headings_of(&self, slug: &str) -> Arc<[String]> {
        let Some(at) = self.site.article_position(slug) else {
            return Arc::new([]);
        };
        let known = (self.headings.lock().unwrap_or_else(|e| e.into_inner()))
            .get(&at)
            .cloned();
        if let Some(ids) = known {
            return ids;
        }
        // Parsed outside the lock: two threads asking at once parse it twice, alike.
        let ids: Arc<[String]> = match self.site.articles[at].body() {
            Some(body) => crate::markdown::parse(&body).headings().ids.clone().into(),
            // Changed since it loaded: its own render or check says so.
            None => Arc::new([]),
        };
        let mut headings = self.headings.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(headings.entry(at).or_insert(ids))
    }

    /// A `{#id}` heading attribute that gives the page an id it already has: a second heading
    /// with it, one of the built-in pages' own parts, or a window's details (`window-ID`) on
    /// the situation page the article is shown on. A page with an id twice sends links and
    /// screen readers to the first.
    pub fn clashes(&self, article: &Article, text: &str, parsed: &Parsed) -> Vec<Diagnostic> {
        let situation = (self.site.situation_of(article))
            .filter(|s| self.article_on.get(s) == Some(&article.slug.as_str()))
            .and_then(|id| self.site.situation(id));
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut found = Vec::new();
        for (id, heading) in &parsed.headings().explicit {
            let span = id_span(article, text, heading, id);
            let clash = if let Some(first) = seen.get(id.as_str()) {
                let (line, _) = crate::diagnostic::line_col(text, *first);
                Some(format!(
                    "heading id `#{id}` is given twice: a heading on line {line} has it already"
                ))
            } else if TAKEN_BY_PAGES.contains(&id.as_str()) {
                Some(format!("heading id `#{id}` is the page's own (the built-in pages give `id=\"{id}\"` to one of their parts)"))
            } else {
                let window = id.strip_prefix("window-").filter(|w| {
                    situation.is_some_and(|s| s.first.iter().chain(&s.also).any(|c| c.value == *w))
                });
                window.zip(situation).map(|(w, s)| {
                    format!("heading id `#{id}` is also the anchor of window `{w}`'s details on `@/situation/{}`, where this article is shown", s.id.value)
                })
            };
            seen.entry(id).or_insert(span.start);
            found.extend(clash.map(|message| {
                Diagnostic::error(message)
                    .at(&*article.file, span)
                    .label("an id the page already has")
                    .help("a page must not carry an id twice (links and screen readers go to the first): choose another `{#id}`, or leave it out for the heading's own")
            }));
        }
        found
    }
}

/// Where `#id` is written in the heading at `heading` (a body range of `text`, the article's
/// file), else the whole heading.
fn id_span(article: &Article, text: &str, heading: &Range<usize>, id: &str) -> Range<usize> {
    let start = article.body_base + heading.start;
    let end = article.body_base + heading.end;
    let written = format!("#{id}");
    match text[start..end].rfind(&written) {
        Some(at) => start + at..start + at + written.len(),
        None => start..end,
    }
}
