//! Check: the rules that make a guide safe to publish. Each returns every problem it finds.

mod labels;
mod links;
mod mentions;
mod on_pages;
pub mod online;
mod phones;
pub mod published;
mod readings;
mod refs;
mod sources;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::markdown::Parsed;
use crate::model::{span_of, Article, Site, Text};

pub use labels::check_labels;
pub use on_pages::{unvetted_on_pages, PageHit, PageScan};
pub use sources::{OfficialDomains, PLACEHOLDER};

/// What the article checks found, kept between builds (`serve`): an article whose text and
/// surroundings are unchanged is not checked again.
#[derive(Default)]
pub struct CheckMemo {
    /// A hash of all the article checks read besides the article itself.
    context: u64,
    /// By slug: the article's digest, and what its checks found.
    found: HashMap<String, (u64, Vec<Diagnostic>)>,
}

/// Runs every rule over the loaded site. With a `memo` (`serve`), the findings of unchanged
/// articles are taken from it (and it is updated).
pub fn check_site(
    site: &Site,
    sources: &SourceFiles,
    today: Date,
    memo: Option<&mut CheckMemo>,
) -> Vec<Diagnostic> {
    let (mut found, rules) = check_guide(site, sources, today);
    found.extend(check_articles(&rules, memo));
    found
}

/// The numbers a published page may show: the `phone` of every channel with an official
/// source. The scan of the rendered pages (`published`) checks every page against them.
pub fn vetted_numbers(site: &Site, today: Date) -> published::VettedNumbers {
    let domains = OfficialDomains::from_guide(&site.guide);
    published::VettedNumbers::new(phones::vetted_numbers(site, &domains, today))
}

/// Every rule over `guide.yaml`, and the rules for articles made ready to run where each
/// article is parsed: `check_site` parses them for it; a build checks each as it renders it,
/// from the same parse.
pub fn check_guide<'s>(
    site: &'s Site,
    sources: &SourceFiles,
    today: Date,
) -> (Vec<Diagnostic>, ArticleRules<'s>) {
    let domains = OfficialDomains::from_guide(&site.guide);
    let mut found = Vec::new();
    found.extend(domains.problems.iter().cloned());
    found.extend(sources::check_channels(site, &domains, today));
    found.extend(refs::check_references(site));
    found.extend(readings::check_readings(site));
    let vetted = phones::vetted_numbers(site, &domains, today);
    found.extend(phones::check_phone_numbers(site, sources, &vetted));
    found.extend(crate::output::publish::check_base_url(
        &site.guide,
        &site.guide_file,
    ));
    // Articles mostly link the pages the channels cite: those are settled once here.
    let official_urls = site
        .guide
        .channels
        .iter()
        .flat_map(|c| c.url.iter().chain([&c.source.url]))
        .map(|url| url.value.as_str())
        .filter(|url| domains.is_official_https(url))
        .collect();
    let rules = ArticleRules {
        site,
        domains,
        vetted,
        official_urls,
        windows_by_phone: phones::windows_by_phone(site),
        window_names: mentions::WindowNames::new(site),
    };
    (found, rules)
}

/// Rules 4, 5, 7 and 10 for one article, with what they check against (the official domains,
/// the numbers that vetted channels vouch for, the windows' names), worked out once from the
/// guide.
pub struct ArticleRules<'s> {
    site: &'s Site,
    domains: OfficialDomains,
    vetted: HashSet<String>,
    /// The guide's URLs that are official https pages.
    official_urls: HashSet<&'s str>,
    /// Each window's `phone` (canonical), with the window's id.
    windows_by_phone: HashMap<String, &'s str>,
    window_names: mentions::WindowNames<'s>,
}

impl ArticleRules<'_> {
    /// One article's problems, from the parse of its body.
    pub fn check(&self, article: &Article, parsed: &Parsed) -> Vec<Diagnostic> {
        let scan = parsed.scan();
        let mut found = phones::unvetted_in_article(
            article,
            &article.text,
            &scan.visible,
            &self.vetted,
            &self.windows_by_phone,
        );
        found.extend(links::check_links_of(article, self, &scan.links));
        found.extend(mentions::unresolved(
            self.site,
            article,
            parsed.references(),
        ));
        found.extend(self.window_names.in_prose(article, parsed, &scan.visible));
        found
    }

    /// Why a link's URL is not an official https URL in its normal form, if it is not (a URL
    /// a channel cites passes: it was checked with the channel).
    fn url_problem(&self, url: &str) -> Option<(String, String)> {
        if self.official_urls.contains(url) {
            return None;
        }
        self.domains.url_problem(url)
    }

    /// One article's problems, parsing its body for them.
    fn check_parsing(&self, article: &Article) -> Vec<Diagnostic> {
        self.check(article, &crate::markdown::parse(article.body()))
    }

    /// These articles' problems, each parsed for them, in parallel, keeping their order.
    pub fn check_all(&self, articles: &[&Article]) -> Vec<Diagnostic> {
        articles
            .par_iter()
            .flat_map_iter(|a| self.check_parsing(a))
            .collect()
    }

    /// Every article's problems, each parsed for them.
    pub fn check_every(&self) -> Vec<Diagnostic> {
        self.check_all(&self.site.articles.iter().collect::<Vec<_>>())
    }

    /// A hash of everything an article's checks read besides the article: the vetted numbers,
    /// the official domains, which pages links can lead to, and the windows references and
    /// names can name (their ids, names, numbers and which fields they have).
    fn context_digest(&self) -> u64 {
        let mut numbers: Vec<&String> = self.vetted.iter().collect();
        numbers.sort();
        let slugs: Vec<&str> = self.site.articles.iter().map(|a| a.slug.as_str()).collect();
        let situations: Vec<&str> = (self.site.guide.situations.iter())
            .map(|s| s.id.value.as_str())
            .collect();
        let windows: Vec<(&str, &str, Option<&str>, [bool; 3])> = (self.site.guide.channels)
            .iter()
            .map(|c| {
                let phone = c.phone.as_ref().map(|p| p.value.as_str());
                let has = [c.hours.is_some(), c.url.is_some(), c.on_hand.is_some()];
                (c.id.value.as_str(), c.name.value.as_str(), phone, has)
            })
            .collect();
        crate::digest::of(&(numbers, self.domains.list(), slugs, situations, windows))
    }
}

/// Every article's problems. With a `memo` (`serve`), only articles that are new or changed,
/// or whose surroundings changed, are checked again.
fn check_articles(rules: &ArticleRules, memo: Option<&mut CheckMemo>) -> Vec<Diagnostic> {
    let articles = &rules.site.articles;
    let Some(memo) = memo else {
        return rules.check_every();
    };
    let context = rules.context_digest();
    if memo.context != context {
        memo.found.clear();
        memo.context = context;
    }
    let fresh: Vec<(&Article, Vec<Diagnostic>)> = articles
        .par_iter()
        .filter(|a| memo.found.get(&a.slug).is_none_or(|(d, _)| *d != a.digest))
        .map(|a| (a, rules.check_parsing(a)))
        .collect();
    for (article, found) in fresh {
        memo.found
            .insert(article.slug.clone(), (article.digest, found));
    }
    if memo.found.len() != articles.len() {
        // Articles were deleted: forget them.
        let slugs: HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
        memo.found.retain(|slug, _| slugs.contains(slug.as_str()));
    }
    articles
        .iter()
        .filter_map(|a| memo.found.get(&a.slug))
        .flat_map(|(_, found)| found.iter().cloned())
        .collect()
}

/// A diagnostic pointing at a value in `content/guide.yaml`.
fn at_field(site: &Site, field: &Text, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(message).at(&site.guide_file, span_of(field, 0))
}

/// A diagnostic pointing at a value in an article's front matter.
fn at_front_matter(
    file: &Path,
    base: usize,
    field: &Text,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(message).at(file, span_of(field, base))
}
