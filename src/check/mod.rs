//! Check: the rules that make a guide safe to publish. Each returns every problem it finds.

mod anchors;
mod history;
mod images;
mod labels;
mod links;
mod mentions;
mod old_hours;
mod on_pages;
pub mod online;
mod outputs;
mod phones;
pub mod published;
mod readings;
mod refs;
mod sources;
pub mod uses;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::markdown::references::windows_named_in;
use crate::markdown::Parsed;
use crate::model::{span_of, Article, Site, Text};

pub use labels::check_labels;
pub use on_pages::{unvetted_emails_on_pages, unvetted_on_pages, EmailHit, PageHit, PageScan};
pub use sources::{OfficialDomains, PLACEHOLDER};

/// What the article checks found, kept between builds (`serve`): an article whose text and
/// surroundings are unchanged is not checked again.
#[derive(Default)]
pub struct CheckMemo {
    /// A hash of all the article checks read besides the article itself.
    context: u64,
    /// By slug: the article's digest, what its checks found, and the articles whose headings
    /// its `#anchor` links were checked against, with their digests then.
    found: HashMap<String, Memo>,
}

struct Memo {
    digest: u64,
    found: Vec<Diagnostic>,
    anchors_from: Vec<(String, u64)>,
    /// The windows it names, for the check of unused windows (which runs on every round).
    windows_named: Vec<String>,
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
    found.extend(rules.unused_channels());
    found
}

/// The numbers a published page may show: the `phone` of every channel with an official
/// source. The scan of the rendered pages (`published`) checks every page against them.
pub fn vetted_numbers(site: &Site, today: Date) -> published::VettedNumbers {
    let domains = OfficialDomains::from_guide(&site.guide);
    published::VettedNumbers::new(phones::vetted_numbers(site, &domains, today))
        .with_emails(sources::vetted_emails(site, &domains, today))
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
    found.extend(history::check_history(site, today));
    found.extend(outputs::check_outputs(site));
    found.extend(readings::check_readings(site));
    found.extend(images::unpublished_images(site));
    let vetted = phones::vetted_numbers(site, &domains, today);
    let pending = phones::pending_numbers(site, &vetted);
    found.extend(phones::check_phone_numbers(
        site, sources, &vetted, &pending,
    ));
    found.extend(old_hours::in_guide(site, sources));
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
        pending,
        official_urls,
        window_names: mentions::WindowNames::new(site),
        anchors: anchors::Anchors::new(site),
        windows_named: Mutex::new(refs::WindowsNamed::new(site)),
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
    /// The numbers of channels whose source has an error: reported there, not again.
    pending: HashSet<String>,
    /// The guide's URLs that are official https pages.
    official_urls: HashSet<&'s str>,
    window_names: mentions::WindowNames<'s>,
    /// The ids `#anchor`s may name on each page.
    anchors: anchors::Anchors<'s>,
    /// The windows the articles checked so far name (`unused_channels`).
    windows_named: Mutex<refs::WindowsNamed>,
}

impl ArticleRules<'_> {
    /// One article's problems, from the parse of its body.
    /// `text` is the whole file, `parsed` its body's parse.
    pub fn check(&self, article: &Article, text: &str, parsed: &Parsed) -> Vec<Diagnostic> {
        self.note_windows_named(windows_named_in(&text[article.body_base..]));
        self.problems(article, text, parsed)
    }

    /// `check` without noting the windows the article names (`serve`'s memo notes them).
    fn problems(&self, article: &Article, text: &str, parsed: &Parsed) -> Vec<Diagnostic> {
        // The text as a reader reads it, with what each reference prints.
        let scan = parsed.scan_as_shown(self.site);
        let mut found = phones::unvetted_in_article(
            article,
            text,
            &scan.visible,
            &self.vetted,
            &self.site.former_numbers,
            &self.pending,
        );
        found.extend(links::check_links_of(article, self, &scan.links));
        found.extend(images::check_images(article, self.site, &scan.images));
        found.extend(scan.references_not_read.iter().map(|span| {
            Diagnostic::error(refs::NOT_READ_HERE)
                .at(&*article.file, mentions::shifted(article, span.clone()))
                .label("a link's or image's address or title holds `{{`")
                .help("write the address and title as plain text; `{{ window(id=\"…\", field=\"url\") }}` alone writes a window's address as a link")
        }));
        found.extend(mentions::unresolved(
            self.site,
            article,
            parsed.references(),
        ));
        found.extend(self.window_names.in_prose(article, parsed, &scan.visible));
        found.extend(old_hours::in_article(self.site, article, &scan.visible));
        found.extend(second_titles(article, text, parsed));
        found.extend(self.anchors.clashes(article, text, parsed));
        found
    }

    /// Notes which windows an article names, for `unused_channels`.
    fn note_windows_named(&self, ids: Vec<&str>) {
        if ids.is_empty() {
            return;
        }
        let mut named = self.windows_named.lock().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            named.note(self.site, id);
        }
    }

    /// The windows no situation lists and no article names: run once every article has been
    /// checked (`check`), since what the articles name is gathered there.
    pub fn unused_channels(&self) -> Vec<Diagnostic> {
        let named = self.windows_named.lock().unwrap_or_else(|e| e.into_inner());
        refs::check_unused_channels(self.site, &named)
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
        let Some(body) = article.body() else {
            return vec![changed_while_read(article)];
        };
        self.check(article, body.whole(), &crate::markdown::parse(&body))
    }

    /// One article's problems, and the articles whose headings its links' `#anchor`s were
    /// checked against (an edit of one of those checks it again).
    fn check_noting_anchors(&self, article: &Article) -> Memo {
        let body = article.body();
        let parsed = crate::markdown::parse(body.as_deref().unwrap_or_default());
        // What it names is noted from the memo, with every unchanged article's (`check_articles`).
        let found = match &body {
            Some(body) => self.problems(article, body.whole(), &parsed),
            None => vec![changed_while_read(article)],
        };
        let mut anchors_from: Vec<(String, u64)> = (parsed.scan().links.iter())
            .filter_map(|link| match crate::links::classify(&link.dest) {
                Ok(crate::links::Link::Internal {
                    target,
                    fragment: Some(_),
                }) => crate::links::resolve(target, self.site),
                _ => None,
            })
            .filter_map(|page| self.anchors.article_of(&page))
            .filter_map(|slug| self.site.article(slug))
            .map(|a| (a.slug.clone(), a.digest()))
            .collect();
        anchors_from.sort();
        anchors_from.dedup();
        let windows_named = body.as_deref().map_or_else(Vec::new, |body| {
            windows_named_in(body)
                .into_iter()
                .map(str::to_owned)
                .collect()
        });
        Memo {
            digest: article.digest(),
            found,
            anchors_from,
            windows_named,
        }
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
    /// the official domains, which pages links can lead to, the windows references and
    /// names can name (their ids, names, numbers and which fields they have), and the images
    /// beside the articles (which files there are, and each one's size or problem): an image
    /// edited, added, removed or renamed while `serve` runs has every article checked again,
    /// as `build` would.
    fn context_digest(&self) -> u64 {
        let mut numbers: Vec<&String> = self.vetted.iter().collect();
        numbers.sort();
        let mut pending: Vec<&String> = self.pending.iter().collect();
        pending.sort();
        let slugs: Vec<&str> = self.site.articles.iter().map(|a| a.slug.as_str()).collect();
        // Ids, the windows each situation page shows (`#window-ID` anchors) and the article
        // it shows (whose `{#id}`s must not take those anchors).
        let situations: Vec<(&str, Vec<&str>, Option<&str>)> = (self.site.guide.situations)
            .iter()
            .map(|s| {
                let windows = s.first.iter().chain(&s.also).map(|w| w.value.as_str());
                let article = s.article.as_ref().map(|a| a.value.as_str());
                (s.id.value.as_str(), windows.collect(), article)
            })
            .collect();
        let windows: Vec<(&str, &str, Option<&str>, [bool; 4])> = (self.site.guide.channels)
            .iter()
            .map(|c| {
                let phone = c.phone.as_ref().map(|p| p.value.as_str());
                let has = [
                    c.hours.is_some(),
                    c.url.is_some(),
                    c.on_hand.is_some(),
                    c.email.is_some(),
                ];
                (c.id.value.as_str(), c.name.value.as_str(), phone, has)
            })
            .collect();
        let former_hours: Vec<(&str, &str)> = (self.site.former_hours.hours.iter())
            .map(|h| (h.window.as_str(), h.was.as_str()))
            .collect();
        let images: Vec<(&str, &_)> = (self.site.images.iter())
            .map(|(path, image)| (path.as_str(), &image.size))
            .collect();
        crate::digest::of(&(
            images,
            numbers,
            pending,
            former_hours,
            self.domains.list(),
            slugs,
            situations,
            windows,
        ))
    }
}

/// An article whose file changed or went after it loaded, when its text was read again.
pub fn changed_while_read(article: &Article) -> Diagnostic {
    Diagnostic::error(format!(
        "`{}` changed or went while the build was reading it",
        article.file.display()
    ))
    .in_file(&*article.file)
    .help("build again once it is saved")
}

/// A `#` heading in an article's body is a second `h1` on its page, after the `title`: a
/// warning (screen readers and search engines take the first `h1` as the page's subject).
fn second_titles(article: &Article, text: &str, parsed: &Parsed) -> Vec<Diagnostic> {
    (parsed.headings().top_level.iter())
        .map(|span| {
            let start = article.body_base + span.start;
            let hashes = text[start..].bytes().take_while(|b| *b == b'#').count().max(1);
            Diagnostic::warning("a `#` heading in an article makes a second title")
                .at(&*article.file, start..start + hashes)
                .label("a second `h1`")
                .help("the front matter's `title` is the page's `h1`: start the article's headings at `##`")
        })
        .collect()
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
    let unchanged = |(slug, digest): &(String, u64)| {
        (rules.site.article(slug)).is_some_and(|a| a.digest() == *digest)
    };
    let fresh: Vec<(&Article, Memo)> = articles
        .par_iter()
        .filter(|a| {
            memo.found
                .get(&a.slug)
                .is_none_or(|m| m.digest != a.digest() || !m.anchors_from.iter().all(unchanged))
        })
        .map(|a| (a, rules.check_noting_anchors(a)))
        .collect();
    for (article, found) in fresh {
        memo.found.insert(article.slug.clone(), found);
    }
    if memo.found.len() != articles.len() {
        // Articles were deleted: forget them.
        let slugs: HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
        memo.found.retain(|slug, _| slugs.contains(slug.as_str()));
    }
    let remembered = || articles.iter().filter_map(|a| memo.found.get(&a.slug));
    // What every article names, checked just now or unchanged since an earlier round.
    rules.note_windows_named(
        remembered()
            .flat_map(|m| &m.windows_named)
            .map(String::as_str)
            .collect(),
    );
    remembered().flat_map(|m| m.found.iter().cloned()).collect()
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
