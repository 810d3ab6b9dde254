//! Check: the rules that make a guide safe to publish. Each returns every problem it finds.

mod links;
mod phones;
mod refs;
mod sources;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::model::{span_of, Article, Site, Text};

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

/// Runs every rule over the loaded site.
pub fn check_site(site: &Site, sources: &SourceFiles, today: Date) -> Vec<Diagnostic> {
    check_site_reusing(site, sources, today, None)
}

/// `check_site`, taking the findings of unchanged articles from `memo` (and updating it).
pub fn check_site_reusing(
    site: &Site,
    sources: &SourceFiles,
    today: Date,
    memo: Option<&mut CheckMemo>,
) -> Vec<Diagnostic> {
    let domains = OfficialDomains::from_guide(&site.guide);
    let mut found = Vec::new();
    found.extend(domains.problems.iter().cloned());
    found.extend(sources::check_channels(site, &domains, today));
    found.extend(refs::check_references(site));
    let vetted = phones::vetted_numbers(site, &domains, today);
    found.extend(phones::check_phone_numbers(site, sources, &vetted));
    found.extend(check_articles(site, &domains, &vetted, memo));
    found.extend(crate::publish::check_base_url(
        &site.guide,
        &site.guide_file,
    ));
    found
}

/// Rules 4, 5 and 7 in every article. Articles are independent: each is scanned once (its
/// Markdown parsed a single time for links and visible text), in parallel, keeping their order.
fn check_articles(
    site: &Site,
    domains: &OfficialDomains,
    vetted: &HashSet<String>,
    memo: Option<&mut CheckMemo>,
) -> Vec<Diagnostic> {
    let check = |article: &Article| {
        let scan = crate::markdown::scan(article.body());
        let mut found = phones::unvetted_in_article(article, &article.text, &scan.visible, vetted);
        found.extend(links::check_links_of(
            article,
            site,
            domains,
            vetted,
            &scan.links,
        ));
        found
    };
    let Some(memo) = memo else {
        return site.articles.par_iter().flat_map_iter(check).collect();
    };
    let context = article_check_context(site, domains, vetted);
    if memo.context != context {
        memo.found.clear();
        memo.context = context;
    }
    // Only articles that are new or changed are checked; the memo keeps what they found.
    let fresh: Vec<(&Article, Vec<Diagnostic>)> = site
        .articles
        .par_iter()
        .filter(|a| memo.found.get(&a.slug).is_none_or(|(d, _)| *d != a.digest))
        .map(|a| (a, check(a)))
        .collect();
    for (article, found) in fresh {
        memo.found
            .insert(article.slug.clone(), (article.digest, found));
    }
    if memo.found.len() != site.articles.len() {
        // Articles were deleted: forget them.
        let slugs: HashSet<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
        memo.found.retain(|slug, _| slugs.contains(slug.as_str()));
    }
    site.articles
        .iter()
        .filter_map(|a| memo.found.get(&a.slug))
        .flat_map(|(_, found)| found.iter().cloned())
        .collect()
}

/// A hash of everything an article's checks read besides the article: the vetted numbers, the
/// official domains, and which pages links can lead to.
fn article_check_context(site: &Site, domains: &OfficialDomains, vetted: &HashSet<String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut numbers: Vec<&String> = vetted.iter().collect();
    numbers.sort();
    numbers.hash(&mut hasher);
    domains.list().hash(&mut hasher);
    for article in &site.articles {
        article.slug.hash(&mut hasher);
    }
    for situation in &site.guide.situations {
        situation.id.value.hash(&mut hasher);
    }
    hasher.finish()
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

/// The closest known name to a misspelt one, for a "did you mean" hint.
pub(crate) fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|&(d, k)| d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "did you mean `x`?" or the list of what exists.
fn suggestion<'a>(wrong: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match closest(wrong, known.clone()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => {
            let all: Vec<&str> = known.collect();
            if all.is_empty() {
                "none are defined yet".into()
            } else {
                format!("known: {}", all.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let known = ["shop-message", "ichiba-support"];
        assert_eq!(
            closest("shop-mesage", known.into_iter()),
            Some("shop-message")
        );
        assert_eq!(closest("police", known.into_iter()), None);
    }
}
