//! The check of what is published: every page, as written, is read the way a reader meets it
//! (`published`) for numbers nobody vetted, and what the scan found becomes diagnostics, one
//! per unvetted number and place in the sources, naming the pages a reader meets it on.
//! Checking what is published, not only what was written, catches a number that a template,
//! an escape or a look-alike digit brings onto a page.
//!
//! The render scans every page it writes (`published::unvetted_numbers`) and hands back each
//! hit with the source file the page shows. Here each hit is traced back to where it was
//! written (the article, else `guide.yaml`, read in the reader's form so a look-alike or an
//! escape still matches); a hit the sources already reported is not reported twice, and one
//! no source explains (a theme's template, a decoded YAML escape) is reported by its pages.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::published::{
    first_direction_mark, first_inline_svg, unvetted_emails, unvetted_emails_in_text,
    unvetted_in_text, unvetted_numbers, PublishedEmail, PublishedNumber, VettedNumbers, Why,
};
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::model::history::FormerNumbers;
use written::{address_written_at, at_place, names_number, written_at};

mod written;

/// The numbers pages may show, and what the scan found so far (pages render in parallel).
pub struct PageScan<'v> {
    vetted: &'v VettedNumbers,
    hits: Mutex<Vec<PageHit>>,
    emails: Mutex<Vec<EmailHit>>,
}

impl<'v> PageScan<'v> {
    pub fn new(vetted: &'v VettedNumbers) -> Self {
        PageScan {
            vetted,
            hits: Mutex::new(Vec::new()),
            emails: Mutex::new(Vec::new()),
        }
    }

    /// Reads one page (or a part of the print page) as HTML. `article` is the source file the
    /// page shows, where its text most likely came from.
    pub fn html(&self, page: &str, html: &[u8], article: Option<&Path>) {
        let mut found = unvetted_numbers(html, self.vetted);
        let mut emails = unvetted_emails(html, self.vetted.emails());
        // Text a browser does not show can split a number it shows whole: the page is read
        // again without it (offsets kept), and what only that reading finds is added.
        if let Some(shown) = crate::check::published::without_hidden(html) {
            add_new(&mut found, unvetted_numbers(&shown, self.vetted), |n| {
                n.canonical.clone()
            });
            add_new(
                &mut emails,
                unvetted_emails(&shown, self.vetted.emails()),
                |e| e.address.clone(),
            );
        }
        self.add(page, found, article);
        self.add_emails(page, emails, article);
    }

    /// Reads a page's address: a reader meets it in the address bar, on hover and in a printed
    /// footer, so a file name or an id (`articles/0120-444-4444.html`) can publish a number.
    pub fn address(&self, page: &str, article: Option<&Path>) {
        let found = unvetted_in_text(page, self.vetted);
        self.add(page, found, article);
        self.add_emails(
            page,
            unvetted_emails_in_text(page, self.vetted.emails()),
            article,
        );
    }

    /// Reads text a reader meets outside the HTML: the URL a QR code holds.
    pub fn text(&self, page: &str, text: &str) {
        let found = unvetted_in_text(text, self.vetted);
        self.add(page, found, None);
        self.add_emails(
            page,
            unvetted_emails_in_text(text, self.vetted.emails()),
            None,
        );
    }

    fn add_emails(&self, page: &str, found: Vec<PublishedEmail>, article: Option<&Path>) {
        if found.is_empty() {
            return;
        }
        let mut emails = self.emails.lock().unwrap_or_else(|e| e.into_inner());
        emails.extend(found.into_iter().map(|email| EmailHit {
            page: page.to_owned(),
            article: article.map(Path::to_path_buf),
            email,
        }));
    }

    fn add(&self, page: &str, found: Vec<PublishedNumber>, article: Option<&Path>) {
        if found.is_empty() {
            return;
        }
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.extend(found.into_iter().map(|number| PageHit {
            page: page.to_owned(),
            article: article.map(Path::to_path_buf),
            number,
        }));
    }

    pub fn found_any(&self) -> bool {
        let lock = |m: &Mutex<Vec<_>>| !m.lock().unwrap_or_else(|e| e.into_inner()).is_empty();
        !self
            .hits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
            || lock(&self.emails)
    }

    /// What the scan found, in the order of pages and places (pages render in parallel, so
    /// they are sorted: the same guide always gets the same report).
    pub fn into_hits(self) -> (Vec<PageHit>, Vec<EmailHit>) {
        let mut emails = self.emails.into_inner().unwrap_or_else(|e| e.into_inner());
        emails.sort_by(|a, b| {
            (&a.page, a.email.byte_offset, &a.email.address).cmp(&(
                &b.page,
                b.email.byte_offset,
                &b.email.address,
            ))
        });
        let mut hits = self.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        hits.sort_by(|a, b| {
            (&a.page, a.number.byte_offset, &a.number.canonical).cmp(&(
                &b.page,
                b.number.byte_offset,
                &b.number.canonical,
            ))
        });
        (hits, emails)
    }
}

/// Adds to `found` what `more` holds that it does not, by `key` (what a second reading of a
/// page finds beside the first).
fn add_new<T, K: PartialEq>(found: &mut Vec<T>, more: Vec<T>, key: impl Fn(&T) -> K) {
    for item in more {
        if !found.iter().any(|f| key(f) == key(&item)) {
            found.push(item);
        }
    }
}

/// An unvetted number on a published page.
#[derive(Debug, Clone)]
pub struct PageHit {
    /// The page, by its path in the output (`articles/faq.html`).
    pub page: String,
    /// The article the page shows, if any: where its text most likely came from.
    pub article: Option<PathBuf>,
    pub number: PublishedNumber,
}

/// An address on a published page that no vetted channel gives.
#[derive(Debug, Clone)]
pub struct EmailHit {
    pub page: String,
    /// The article the page shows, if any: where its text most likely came from.
    pub article: Option<PathBuf>,
    pub email: PublishedEmail,
}

/// The address hits as diagnostics, one per address and the source place that holds it (the
/// article the page shows, else `guide.yaml`), naming the pages it is published on.
pub fn unvetted_emails_on_pages(
    hits: Vec<EmailHit>,
    sources: &SourceFiles,
    guide_file: &Path,
) -> Vec<Diagnostic> {
    let mut places: BTreeMap<AddressAt, Group> = BTreeMap::new();
    for hit in hits {
        let files = hit.article.iter().map(PathBuf::as_path).chain([guide_file]);
        let place = files
            .filter_map(|file| {
                let span = address_written_at(sources.get(file)?, &hit.email.address)?;
                Some((file.to_path_buf(), span.start, span.end))
            })
            .next();
        let group = places
            .entry((hit.email.address.clone(), place))
            .or_insert_with(|| Group {
                why: Why::Unvetted,
                shown: hit.email.shown.clone(),
                article: hit.article.clone(),
                pages: Vec::new(),
            });
        if !group.pages.contains(&hit.page) {
            group.pages.push(hit.page);
        }
    }
    join_unplaced(&mut places);
    places
        .into_iter()
        .map(|((address, place), group)| {
            let message = format!(
                "e-mail address `{address}` is published, but it is not the `email` of any vetted channel"
            );
            let d = match place {
                Some((file, start, end)) => Diagnostic::error(message)
                    .at(file, start..end)
                    .label(format!("a reader writes to this from: “{}”", group.shown)),
                None => match &group.article {
                    Some(article) => Diagnostic::error(format!("{message} (written in another form)")).in_file(article),
                    None => Diagnostic::error(format!("{message} (no content file holds it)")),
                },
            };
            d.help(format!(
                "published on {}. Show an address only as the `email` of a channel whose source is an official page showing it, on an official domain, or remove it; if no content file holds it, look in the theme's templates",
                pages_named(&group.pages)
            ))
        })
        .collect()
}

/// A number (and why it is reported), and where a source file holds it (file, start, end), if
/// one does.
type NumberAt = ((String, Why), Option<(PathBuf, usize, usize)>);

/// An address, and where a source file holds it (file, start, end), if one does.
type AddressAt = (String, Option<(PathBuf, usize, usize)>);

/// How many pages a diagnostic names before it says "and N more".
const PAGES_NAMED: usize = 3;

/// The hits as diagnostics, grouped by number and source place. A number that `already`
/// reports at the same place (the checks of the sources found it first) is not reported
/// again: that diagnostic gains the pages it is published on.
pub fn unvetted_on_pages(
    hits: Vec<PageHit>,
    sources: &SourceFiles,
    guide_file: &Path,
    already: &mut [Diagnostic],
    former: &FormerNumbers,
) -> Vec<Diagnostic> {
    let mut places: BTreeMap<NumberAt, Group> = BTreeMap::new();
    // A number on every page is looked for once per file, not once per page.
    let mut written: HashMap<(PathBuf, String), Option<Range<usize>>> = HashMap::new();
    // A theme's templates, where a number no content file holds may come from.
    let templates = sources.under(Path::new("themes"));
    // `changes.yaml` is beside `guide.yaml`: its notes are published on the history page.
    let history = guide_file.with_file_name("changes.yaml");
    for hit in hits {
        let files = (hit.article.iter().map(PathBuf::as_path))
            .chain([guide_file, history.as_path()])
            .chain(templates.iter().copied());
        let place = files
            .filter_map(|file| {
                let key = (file.to_path_buf(), hit.number.canonical.clone());
                let span = match hit.number.why {
                    Why::Unvetted => written
                        .entry(key)
                        .or_insert_with(|| written_at(sources.get(file)?, &hit.number.canonical))
                        .clone()?,
                    Why::Direction => first_direction_mark(sources.get(file)?)?,
                    Why::Placed => first_inline_svg(sources.get(file)?)?,
                };
                Some((file.to_path_buf(), span.start, span.end))
            })
            .next();
        let group = places
            .entry(((hit.number.canonical.clone(), hit.number.why), place))
            .or_insert_with(|| Group {
                why: hit.number.why,
                shown: hit.number.shown.clone(),
                article: hit.article.clone(),
                pages: Vec::new(),
            });
        if !group.pages.contains(&hit.page) {
            group.pages.push(hit.page);
        }
    }
    join_unplaced(&mut places);
    places
        .into_iter()
        .map(|(((canonical, _), place), group)| {
            let place = place.map(|(file, start, end)| (file, start..end));
            (canonical, place, group)
        })
        .filter(|(canonical, place, group)| {
            let same = |d: &Diagnostic| match place {
                Some((file, span)) => at_place(d, file, span),
                // Written in a form the reader's reading of the file does not show (a Markdown
                // escape): the checks of the article may have found it from its visible text.
                None => group
                    .article
                    .as_deref()
                    .is_some_and(|file| names_number(d, file, canonical)),
            };
            !add_pages_to(already, same, group)
        })
        .map(|(canonical, place, group)| {
            let found = diagnostic(&canonical, place, &group);
            match former.get(&canonical) {
                // An old number: said so, with the pages it is still published on.
                Some(former) => {
                    let pages = pages_named(&group.pages);
                    let d = super::phones::as_former(found, former, &former.was);
                    let help = format!(
                        "{}; published on {pages}",
                        d.help.clone().unwrap_or_default()
                    );
                    d.help(help)
                }
                None => found,
            }
        })
        .collect()
}

/// The pages one number at one place was published on.
struct Group {
    why: Why,
    /// The text around it as the reader sees it.
    shown: String,
    /// The article the first page shows, if any.
    article: Option<PathBuf>,
    pages: Vec<String>,
}

fn diagnostic(
    canonical: &str,
    place: Option<(PathBuf, Range<usize>)>,
    group: &Group,
) -> Diagnostic {
    if group.why == Why::Direction {
        return direction_diagnostic(canonical, place, group);
    }
    if group.why == Why::Placed {
        return placed_diagnostic(canonical, place, group);
    }
    let message = format!(
        "number `{canonical}` is published, but it is not the number of any vetted channel"
    );
    let pages = pages_named(&group.pages);
    let d = match place {
        Some((file, span)) => Diagnostic::error(message)
            .at(file, span)
            .label(format!("a reader dials this from: “{}”", group.shown)),
        // Written in a form the file does not show as such (a YAML escape, an entity the
        // Markdown decodes), or by the theme.
        None => match &group.article {
            Some(article) => {
                Diagnostic::error(format!("{message} (written in another form)")).in_file(article)
            }
            None => Diagnostic::error(format!("{message} (no content file holds it)")),
        },
    };
    d.help(format!(
        "published on {pages}, where a reader reads “{}”. Print a number only as the `phone` of a channel whose source is an official page showing it, or remove it; if no content file holds it, look in the theme's templates",
        group.shown
    ))
}

/// Digits beside a text-direction control or right-to-left letters: what a reader sees is not
/// what is written, so no check of what is written can vouch for it.
fn direction_diagnostic(
    digits: &str,
    place: Option<(PathBuf, Range<usize>)>,
    group: &Group,
) -> Diagnostic {
    let message = if digits.is_empty() {
        "a text-direction control is published: it can show the digits after it reversed".to_owned()
    } else {
        format!("digits `{digits}` are published beside text-direction controls or right-to-left letters, which can show them in another order")
    };
    let d = Diagnostic::error(message);
    let d = match (place, &group.article) {
        (Some((file, span)), _) => d
            .at(file, span)
            .label("this changes the order of what follows"),
        (None, Some(article)) => d.in_file(article),
        (None, None) => d,
    };
    d.help(format!(
        "published on {}, where a reader reads “{}”. Remove the bidi control characters (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), `<bdo>`, `<bdi>` and `dir=\"rtl\"`/`dir=\"auto\"` around the digits, and write numbers apart from right-to-left text",
        pages_named(&group.pages),
        group.shown
    ))
}

/// Digits in the text of an SVG drawn in a page (raw HTML, a theme's template).
fn placed_diagnostic(
    digits: &str,
    place: Option<(PathBuf, Range<usize>)>,
    group: &Group,
) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "digits `{digits}` are published in the text of an SVG drawn in the page, where coordinates can show them in any order"
    ));
    let d = match (place, &group.article) {
        (Some((file, span)), _) => d.at(file, span).label("this SVG holds digits"),
        (None, Some(article)) => d.in_file(article),
        (None, None) => d,
    };
    d.help(format!(
        "published on {}, where the SVG's text reads “{}”. Write the words in the article and draw the SVG without text (`<text>`, `<tspan>`), as an SVG image beside an article must be",
        pages_named(&group.pages),
        group.shown
    ))
}

/// Where a source file holds a finding (file, start, end), if one does.
type SourcePlace = Option<(PathBuf, usize, usize)>;

/// A page that shows no article (the home page lists titles, the search index's documents
/// hold excerpts) can still show an article's text: its hit joins the same finding located
/// where it was written. A finding located nowhere stays a group of its own.
fn join_unplaced<K: Ord + Clone>(places: &mut BTreeMap<(K, SourcePlace), Group>) {
    let unplaced: Vec<K> = (places.keys())
        .filter(|(_, place)| place.is_none())
        .map(|(key, _)| key.clone())
        .collect();
    for key in unplaced {
        let placed = (places.keys())
            .find(|(k, place)| *k == key && place.is_some())
            .cloned();
        let Some(placed) = placed else { continue };
        let Some(group) = places.remove(&(key, None)) else {
            continue;
        };
        if let Some(target) = places.get_mut(&placed) {
            for page in group.pages {
                if !target.pages.contains(&page) {
                    target.pages.push(page);
                }
            }
        }
    }
}

/// `a.html`, `b.html` and 2 more pages.
fn pages_named(pages: &[String]) -> String {
    // The pages a reader reads come first; `data.json` and the search index's files after.
    let mut pages: Vec<&String> = pages.iter().collect();
    pages.sort_by_key(|p| !p.ends_with(".html"));
    let named: Vec<String> = pages
        .iter()
        .take(PAGES_NAMED)
        .map(|p| format!("`{p}`"))
        .collect();
    match pages.len().saturating_sub(PAGES_NAMED) {
        0 => named.join(", "),
        more => format!("{} and {more} more pages", named.join(", ")),
    }
}

/// Whether an error in `already` is `same` as the group's; if so, it gains the pages the number
/// is published on.
fn add_pages_to(
    already: &mut [Diagnostic],
    same: impl Fn(&Diagnostic) -> bool,
    group: &Group,
) -> bool {
    let Some(d) = already.iter_mut().find(|d| same(d)) else {
        return false;
    };
    let pages = format!("published on {}", pages_named(&group.pages));
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help}; {pages}"),
        None => pages,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_traced_to_where_it_was_written_in_any_form() {
        let text = "電話は ０１２０ー４４４ー４４４４ へ";
        let span = written_at(text, "01204444444").unwrap();
        assert_eq!(&text[span], "０１２０ー４４４ー４４４４");
        assert_eq!(written_at(text, "0312345678"), None);
    }

    #[test]
    fn pages_are_named_up_to_three() {
        let pages: Vec<String> = (1..=5).map(|i| format!("p{i}.html")).collect();
        assert_eq!(pages_named(&pages[..2]), "`p1.html`, `p2.html`");
        assert_eq!(
            pages_named(&pages),
            "`p1.html`, `p2.html`, `p3.html` and 2 more pages"
        );
    }
}
