//! Rule 2: ids are well-formed and unique, and every reference between situations, channels,
//! groups and articles resolves.

use std::collections::{HashMap, HashSet};

use super::{at_field, at_front_matter, Diagnostic};
use crate::diagnostic::{closest, suggestion};
use crate::model::{Site, Text, OTHER_GROUP};

pub fn check_references(site: &Site) -> Vec<Diagnostic> {
    let guide = &site.guide;
    let mut found = Vec::new();
    check_ids(
        site,
        guide.channels.iter().map(|c| &c.id),
        "channel",
        &mut found,
    );
    check_ids(
        site,
        guide.situations.iter().map(|s| &s.id),
        "situation",
        &mut found,
    );
    check_ids(
        site,
        guide.groups.iter().map(|g| &g.id),
        "group",
        &mut found,
    );
    check_groups(site, &mut found);
    check_sheet(site, &mut found);
    let channel_ids = || guide.channels.iter().map(|c| c.id.value.as_str());
    let known: HashSet<&str> = channel_ids().collect();
    for situation in &guide.situations {
        if situation.first.is_empty() {
            found.push(
                at_field(
                    site,
                    &situation.id,
                    format!("situation `{}` has no `first` window", situation.id.value),
                )
                .label("needs `first: [channel-id]`")
                .help("name the window a reader should contact first"),
            );
        }
        for id in situation.first.iter().chain(&situation.also) {
            if !known.contains(id.value.as_str()) {
                found.push(
                    at_field(site, id, format!("no channel with id `{}`", id.value))
                        .label("unknown channel")
                        .help(suggestion(&id.value, channel_ids())),
                );
            }
        }
        if let Some(article) = &situation.article {
            check_situation_article(site, situation.id.value.as_str(), article, &mut found);
        }
    }
    check_article_situations(site, &mut found);
    check_references_outside_articles(site, &mut found);
    found
}

/// References are read in articles' Markdown only: `{{ … }}` in guide.yaml or in an article's
/// title or description would be published as typed, braces and all. An editor tries it,
/// because `where` lists plain names in guide.yaml as places to re-read.
/// What is said of a reference where references are not read.
pub const NOT_READ_HERE: &str =
    "a reference here would be published as typed: references are read in articles' Markdown text only";

fn check_references_outside_articles(site: &Site, found: &mut Vec<Diagnostic>) {
    let looks_like_reference =
        |text: &Text| crate::markdown::references::looks_like_reference(&text.value);
    for field in site.guide.text_fields() {
        if looks_like_reference(field) {
            found.push(
                at_field(site, field, NOT_READ_HERE)
                    .label("not read as a reference")
                    .help("write the text itself; to show a window on a situation's page, list its id under `first` or `also`"),
            );
        }
    }
    for article in &site.articles {
        let front = &article.front;
        let blank = |field: &Text| crate::markdown::headings::is_blank(&field.value);
        // An empty `<h1>` and `<title>`: the page has no name for a reader or a screen reader.
        if blank(&front.title) {
            found.push(
                at_front_matter(
                    &article.file,
                    article.front_base,
                    &front.title,
                    "the article's title is blank",
                )
                .label("no visible text")
                .help("write what the page is about, as its heading reads"),
            );
        }
        // `description: ""` leaves the guide's in place; spaces or invisible characters would
        // publish an empty-looking one.
        if let Some(description) = front
            .description
            .as_ref()
            .filter(|d| !d.value.is_empty() && blank(d))
        {
            found.push(
                at_front_matter(
                    &article.file,
                    article.front_base,
                    description,
                    "the article's description is blank",
                )
                .label("no visible text")
                .help(
                    "write what the page is about, or leave `description` out to keep the guide's",
                ),
            );
        }
        for field in std::iter::once(&front.title).chain(&front.description) {
            if looks_like_reference(field) {
                found.push(
                    at_front_matter(&article.file, article.front_base, field, NOT_READ_HERE)
                        .label("not read as a reference")
                        .help("write the title and description as plain text; the article's body can use references"),
                );
            }
        }
    }
}

/// A channel no situation lists and no article names is a warning: it was most likely meant
/// for a situation and forgotten (the home page alone lists it, among its group's windows).
/// Not for the channel a mistyped id was probably meant for: the typo's error says it; and
/// not at all while an unknown id is close to no channel (it may have been meant for any).
///
/// `in_articles` is the ids the articles' `{{ window(id=…) }}` name, gathered as each article
/// is checked (`ArticleRules::check`): a big guide's texts are not kept, and reading them all
/// again for this alone took 0.4 s at 100,000 articles.
pub(super) fn check_unused_channels(site: &Site, in_articles: &WindowsNamed) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let guide = &site.guide;
    let listed = guide
        .situations
        .iter()
        .flat_map(|s| s.first.iter().chain(&s.also));
    let mut named: HashSet<&str> = listed.map(|id| id.value.as_str()).collect();
    named.extend(in_articles.unknown.iter().map(String::as_str));
    let named_in_an_article =
        |id: &str| (site.channel_position(id)).is_some_and(|at| in_articles.known[at]);
    let channel_ids = || guide.channels.iter().map(|c| c.id.value.as_str());
    let known: HashSet<&str> = channel_ids().collect();
    let unknown: Vec<&str> = named
        .iter()
        .copied()
        .filter(|id| !known.contains(id))
        .collect();
    let meant: HashSet<&str> = (unknown.iter())
        .filter_map(|id| closest(id, channel_ids()))
        .collect();
    if meant.len() < unknown.len() {
        // An unknown id close to no channel could have been meant for any of them.
        return found;
    }
    for channel in &guide.channels {
        let id = channel.id.value.as_str();
        if named.contains(id) || named_in_an_article(id) || meant.contains(id) {
            continue;
        }
        found.push(
            at_field(site, &channel.id, format!("channel `{id}` is used by no situation and no article"))
                .as_warning()
                .label("not in any `first` or `also`, and no {{ window(…) }} names it")
                .help(format!("list it in the `first` or `also` of the situations it helps with, or name it in an article as {{{{ window(id=\"{id}\") }}}}; remove it if it is no longer needed")),
        );
    }
    found
}

/// The windows the articles name, gathered as each article is checked: the guide's own by
/// their place in its list (a flag each: a set of 100,000 articles' ids took a megabyte through
/// the whole render), any other id by its name (a mistyped one, which its article's check
/// reports).
pub(super) struct WindowsNamed {
    known: Vec<bool>,
    unknown: HashSet<String>,
}

impl WindowsNamed {
    pub(super) fn new(site: &Site) -> Self {
        WindowsNamed {
            known: vec![false; site.guide.channels.len()],
            unknown: HashSet::new(),
        }
    }

    pub(super) fn note(&mut self, site: &Site, id: &str) {
        match site.channel_position(id) {
            Some(at) => self.known[at] = true,
            None if !self.unknown.contains(id) => {
                self.unknown.insert(id.to_owned());
            }
            None => {}
        }
    }
}

/// `sheet` names situations, each once, and at least one.
fn check_sheet(site: &Site, found: &mut Vec<Diagnostic>) {
    let Some(sheet) = &site.guide.sheet else {
        return;
    };
    let situation_ids = || (site.guide.situations.iter()).map(|s| s.id.value.as_str());
    if sheet.value.is_empty() {
        found.push(
            Diagnostic::error("`sheet` lists no situation")
                .at(&site.guide_file, crate::model::span_of(sheet, 0))
                .label("empty")
                .help("name the situations the cheat sheet lists, in order (`sheet: [delivery, card]`), or remove `sheet` to list every situation"),
        );
    }
    let mut seen = HashSet::new();
    for id in &sheet.value {
        if !situation_ids().any(|s| s == id.value) {
            found.push(
                at_field(site, id, format!("no situation with id `{}`", id.value))
                    .label("unknown situation")
                    .help(suggestion(&id.value, situation_ids())),
            );
        } else if !seen.insert(id.value.as_str()) {
            found.push(
                at_field(
                    site,
                    id,
                    format!("situation `{}` is listed twice in `sheet`", id.value),
                )
                .label("repeated")
                .help("the sheet lists each situation once: remove one of them"),
            );
        }
    }
}

/// Every channel's `group` is declared (or is `other`), and every declared group has a channel.
fn check_groups(site: &Site, found: &mut Vec<Diagnostic>) {
    let guide = &site.guide;
    let group_ids = || {
        (guide.groups.iter())
            .map(|g| g.id.value.as_str())
            .chain([OTHER_GROUP])
    };
    // The groups mistyped references were meant for: that they have no channel follows from
    // the typo, so it is not reported again.
    let mut meant = HashSet::new();
    for group in guide.channels.iter().filter_map(|c| c.group.as_ref()) {
        if !group_ids().any(|id| id == group.value) {
            meant.extend(closest(&group.value, group_ids()));
            found.push(
                at_field(site, group, format!("no group with id `{}`", group.value))
                    .label("unknown group")
                    .help(format!(
                        "{} (declare it under `groups:` with its title)",
                        suggestion(&group.value, group_ids())
                    )),
            );
        }
    }
    let used: HashSet<&str> = guide.channels.iter().map(|c| guide.group_of(c)).collect();
    let unused = (guide.groups.iter()).filter(|g| {
        let id = g.id.value.as_str();
        !used.contains(id) && !meant.contains(id)
    });
    for group in unused {
        let id = &group.id.value;
        found.push(
            at_field(site, &group.id, format!("group `{id}` has no channel"))
                .as_warning()
                .label("no channel names it")
                .help(format!(
                    "give its channels `group: {id}`, or remove the group"
                )),
        );
    }
}

/// An id as guide.yaml's ids are written: `a-z`, `0-9` and `-`, not empty (ids become file
/// names and links).
pub(super) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_ids<'a>(
    site: &Site,
    ids: impl Iterator<Item = &'a Text>,
    what: &str,
    found: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Text> = HashMap::new();
    for id in ids {
        if !is_id(&id.value) {
            found.push(
                at_field(site, id, format!("{what} id `{}` is not allowed", id.value))
                    .label("use a-z, 0-9 and -")
                    .help("ids become file names and links, e.g. `shop-message`"),
            );
        }
        if let Some(first) = seen.insert(&id.value, id) {
            let line = first.line();
            found.push(
                at_field(site, id, format!("{what} id `{}` is used twice", id.value))
                    .label(format!("already used on line {line}"))
                    .help("give each one its own id"),
            );
        }
    }
}

fn check_situation_article(
    site: &Site,
    situation: &str,
    article: &Text,
    found: &mut Vec<Diagnostic>,
) {
    if site.unloaded.contains(&article.value) {
        // The file is there; what stopped it loading is reported in it.
        return;
    }
    let slugs = || site.articles.iter().map(|a| a.slug.as_str());
    match site.article(&article.value) {
        None => found.push(
            at_field(
                site,
                article,
                format!("no article `content/articles/{}.md`", article.value),
            )
            .label("unknown article")
            .help(match claimant(site, situation) {
                // Renamed, most likely: the article still says which situation it is for.
                Some(a) => format!(
                    "did you mean `{}`? ({} says `situation: {situation}`)",
                    a.slug,
                    a.file.display()
                ),
                None if site.drafts.contains(&article.value) => format!("`{}.md` is a draft (`draft: true`), left out of this build: remove `draft: true` to publish it, or build with --drafts", article.value),
                None => suggestion(&article.value, slugs()),
            }),
        ),
        Some(a) => {
            if let Some(other) = a.front.situation.as_ref().filter(|s| s.value != situation) {
                found.push(
                    at_field(
                        site,
                        article,
                        format!(
                            "article `{}` belongs to situation `{}`",
                            a.slug, other.value
                        ),
                    )
                    .label("claimed by two situations")
                    .help(format!(
                        "set `situation: {situation}` in {} or pick another article",
                        a.file.display()
                    )),
                );
            }
        }
    }
}

/// The first loaded article whose front matter claims `situation`.
fn claimant<'s>(site: &'s Site, situation: &str) -> Option<&'s crate::model::Article> {
    (site.articles.iter())
        .find(|a| (a.front.situation.as_ref()).is_some_and(|s| s.value == situation))
}

fn check_article_situations(site: &Site, found: &mut Vec<Diagnostic>) {
    let guide = &site.guide;
    let situation_ids = || guide.situations.iter().map(|s| s.id.value.as_str());
    // A situation page shows one article: a second claim would silently drop an article.
    let mut shown_by: HashMap<&str, &str> = HashMap::new();
    for article in &site.articles {
        let Some(claimed) = &article.front.situation else {
            continue;
        };
        let Some(situation) = site.situation(&claimed.value) else {
            found.push(
                at_front_matter(
                    &article.file,
                    article.front_base,
                    claimed,
                    format!("no situation with id `{}`", claimed.value),
                )
                .label("unknown situation")
                .help(suggestion(&claimed.value, situation_ids())),
            );
            continue;
        };
        // An `article:` that names no article file is an error at that line (whose help names
        // this article, the likely meaning): the disagreement follows from it.
        let shown = (situation.article.as_ref())
            .filter(|a| a.value != article.slug && site.has_article_file(&a.value));
        if let Some(other) = shown {
            found.push(
                at_front_matter(&article.file, article.front_base, claimed, format!("situation `{}` already shows article `{}`", claimed.value, other.value))
                    .label("claimed by two articles")
                    .help("a situation page shows one article: change its `article:` or this `situation:`"),
            );
        } else if let Some(first) = shown_by.insert(&claimed.value, &article.slug) {
            found.push(
                at_front_matter(
                    &article.file,
                    article.front_base,
                    claimed,
                    format!(
                        "situation `{}` already shows article `{first}`",
                        claimed.value
                    ),
                )
                .label("claimed by two articles")
                .help("a situation page shows one article: merge them, or remove one `situation:`"),
            );
        }
    }
}
