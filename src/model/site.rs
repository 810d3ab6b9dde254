//! The loaded site: the guide, its articles, history and images, with lookup maps built once
//! so that a guide of 10,000 articles is not scanned per link.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{Article, Channel, Guide, Situation};

/// Everything loaded from a guide folder. Not changed after loading: the lookup maps are
/// built once by [`Site::new`], so a guide of 10,000 articles is not scanned per link.
#[derive(Debug)]
pub struct Site {
    pub guide: Guide,
    pub guide_file: PathBuf,
    pub articles: Vec<Article>,
    /// `content/changes.yaml` (empty when the guide keeps no history).
    pub history: crate::model::history::History,
    /// Numbers windows had in the published data and have no longer (set by the pipeline
    /// from the output folder's `data.json`; empty before a first build).
    pub former_numbers: crate::model::history::FormerNumbers,
    /// Hours windows had in the published data and no window has now (set like
    /// `former_numbers`).
    pub former_hours: crate::model::history::FormerHours,
    /// Slugs of the article files that exist but did not load (their front matter has an
    /// error, say): whatever names them is not reported again (one cause, one error).
    pub unloaded: HashSet<String>,
    /// Images beside the articles, by their path under `content/` (`articles/help/shot.png`).
    pub images: std::collections::BTreeMap<String, crate::image::Image>,
    /// The slugs of the drafts left out of this build (for the help of a link to one).
    pub drafts: Vec<String>,
    index: Index,
}

/// Positions in `Site`'s lists, by id. Where ids repeat (a check error), the first one wins,
/// as a linear search would find it.
#[derive(Debug, Default)]
struct Index {
    /// Each article's position beside its slug's digest (cut to 32 bits), sorted: found by
    /// binary search over this one small list. A map keyed by a copy of each slug was 7 MB at
    /// 100,000 articles, held through the build; a search comparing the slugs themselves read
    /// an article and its slug at each step, and at 100,000 articles those scattered reads were
    /// the build's most costly lookup. Digests may repeat: the slugs under one are compared.
    articles_by_slug: Vec<(u32, u32)>,
    situation_by_id: HashMap<String, usize>,
    /// Slug → the first situation whose `article` names it.
    situation_showing: HashMap<String, usize>,
    channel_by_id: HashMap<String, usize>,
    /// Channel id → the situation whose page shows the channel's details (see
    /// [`Site::details_of`]).
    details_on: HashMap<String, usize>,
}

/// A slug's digest, cut to the 32 bits the index keeps of it.
pub(crate) fn slug_digest(slug: &str) -> u32 {
    crate::digest::of(slug) as u32
}

impl Index {
    fn new(guide: &Guide, articles: &[Article]) -> Self {
        let mut articles_by_slug: Vec<(u32, u32)> = (articles.iter().enumerate())
            .map(|(i, a)| (slug_digest(&a.slug), i as u32))
            .collect();
        // Under one digest, by position: where slugs repeat, the first article comes first.
        articles_by_slug.sort_unstable();
        let mut index = Index {
            articles_by_slug,
            ..Index::default()
        };
        for (i, s) in guide.situations.iter().enumerate() {
            index.situation_by_id.entry(s.id.value.clone()).or_insert(i);
            if let Some(article) = &s.article {
                index
                    .situation_showing
                    .entry(article.value.clone())
                    .or_insert(i);
            }
        }
        for (i, c) in guide.channels.iter().enumerate() {
            index.channel_by_id.entry(c.id.value.clone()).or_insert(i);
        }
        // A window's details are on the page of the first situation that names it first,
        // else of the first that names it at all.
        let first = guide.situations.iter().map(|s| &s.first);
        let also = guide.situations.iter().map(|s| &s.also);
        for ids in [first.collect::<Vec<_>>(), also.collect()] {
            for (i, ids) in ids.into_iter().enumerate() {
                for id in ids {
                    index.details_on.entry(id.value.clone()).or_insert(i);
                }
            }
        }
        index
    }
}

impl Site {
    pub fn new(
        guide: Guide,
        guide_file: PathBuf,
        articles: Vec<Article>,
        images: std::collections::BTreeMap<String, crate::image::Image>,
    ) -> Self {
        let index = Index::new(&guide, &articles);
        Site {
            guide,
            guide_file,
            articles,
            history: crate::model::history::History::default(),
            former_numbers: crate::model::history::FormerNumbers::default(),
            former_hours: crate::model::history::FormerHours::default(),
            unloaded: HashSet::new(),
            images,
            drafts: Vec::new(),
            index,
        }
    }

    /// The same site, knowing which article files failed to load.
    pub fn with_unloaded(mut self, slugs: impl IntoIterator<Item = String>) -> Self {
        self.unloaded.extend(slugs);
        self
    }

    /// An article file exists under this slug, loaded or not: a link or `article:` naming it
    /// is right, whatever is wrong inside the file.
    pub fn has_article_file(&self, slug: &str) -> bool {
        self.article(slug).is_some() || self.unloaded.contains(slug)
    }

    /// The guide and the articles back, for `serve` to reuse in the next build.
    pub fn into_parts(self) -> (Guide, Vec<Article>) {
        (self.guide, self.articles)
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.article_position(slug).map(|i| &self.articles[i])
    }

    /// Where the article with this slug is in `articles` (the first, where slugs repeat).
    pub fn article_position(&self, slug: &str) -> Option<usize> {
        let by_slug = &self.index.articles_by_slug;
        let digest = slug_digest(slug);
        let first = by_slug.partition_point(|&(d, _)| d < digest);
        (by_slug[first..].iter())
            .take_while(|&&(d, _)| d == digest)
            .map(|&(_, at)| at as usize)
            .find(|&at| self.articles[at].slug == slug)
    }

    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.index
            .situation_by_id
            .get(id)
            .map(|&i| &self.guide.situations[i])
    }

    /// The channel with this id (the first, where ids repeat).
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channel_position(id).map(|i| &self.guide.channels[i])
    }

    /// Where the channel with this id is in the guide's `channels` (the first, where ids
    /// repeat).
    pub fn channel_position(&self, id: &str) -> Option<usize> {
        self.index.channel_by_id.get(id).copied()
    }

    /// The situation whose page shows the details of the channel `id`: the first that lists
    /// it in `first`, else the first that lists it in `also`. `None` for a channel no
    /// situation lists: the home page shows its details.
    pub fn details_of(&self, id: &str) -> Option<&Situation> {
        self.index
            .details_on
            .get(id)
            .map(|&i| &self.guide.situations[i])
    }

    /// The situation whose page shows this article, if any (from either side of the link).
    pub fn situation_of<'a>(&'a self, article: &'a Article) -> Option<&'a str> {
        if let Some(s) = &article.front.situation {
            return Some(&s.value);
        }
        self.index
            .situation_showing
            .get(&article.slug)
            .map(|&i| self.guide.situations[i].id.value.as_str())
    }
}
