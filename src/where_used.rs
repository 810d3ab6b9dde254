//! `madoguchi where ID`: every place that shows or mentions a window or a situation, for an
//! editor who is about to change it. It runs the build's first stages (load, the guide's
//! checks, one parse per article, checked) and lists what it found; it writes nothing and
//! needs no build on disk.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use crate::check::check_guide;
use crate::check::uses::{history_uses, subjects, Use};
use crate::date::Date;
use crate::diagnostic::{line_col, printable, suggestion, Diagnostic};
use crate::load::load_site_reusing;
use crate::markdown::references::Named;
use crate::model::Site;
use crate::render::{history_pages, pages_showing, Showing};
use crate::report::Report;

/// One window or situation the id names, and where it is.
pub struct Whereabouts {
    pub subject: Subject,
    /// Its name or title.
    pub title: String,
    /// In `guide.yaml`, then in each article (in the order of their paths), in file order.
    pub uses: Vec<Use>,
    pub pages: Showing,
}

/// What the id names: a window or a situation of the guide, or one the guide no longer has
/// that the history still names (its `removed` list, and the entries before the removal).
pub enum Subject {
    Now(Named),
    Removed(String),
}

/// What `where` found: each subject the id names, and how many problems the checks found on
/// the way (they are `madoguchi check`'s to show).
pub struct Found {
    pub subjects: Vec<Whereabouts>,
    pub errors: usize,
    pub warnings: usize,
    /// The drafts left out (without `--drafts`): their uses are not listed.
    pub drafts_left_out: usize,
}

/// Finds every place that shows or mentions `id`. `None` when the guide did not load or no
/// window or situation has that id; the reason is in `report`.
pub fn find(root: &Path, id: &str, drafts: bool, report: &mut Report) -> Option<Found> {
    report.sources.show_under(root);
    let site = load_site_reusing(root, report, None, drafts)?;
    let named = subjects(&site, id);
    if named.is_empty() {
        return removed(&site, id).or_else(|| {
            report.push(unknown(&site, id));
            None
        });
    }
    let (mut found, rules) = check_guide(&site, &report.sources, Date::today());
    // Each article is parsed once: its checks and the search for the subjects read that parse.
    let articles: Vec<(Vec<Diagnostic>, Vec<Vec<Use>>)> = (site.articles.par_iter())
        .map(|article| {
            let body = article.body();
            let parsed = crate::markdown::parse(body.as_deref().unwrap_or_default());
            let uses = (named.iter())
                .map(|s| rules.uses_in_article(article, &parsed, s))
                .collect();
            let found = match &body {
                Some(body) => rules.check(article, body.whole(), &parsed),
                None => vec![crate::check::changed_while_read(article)],
            };
            (found, uses)
        })
        .collect();
    let guide_text = report.sources.get(&site.guide_file).unwrap_or_default();
    let subjects = (named.into_iter().enumerate())
        .map(|(i, subject)| {
            let mut uses = rules.uses_in_guide(&subject, guide_text);
            let mut naming = Vec::new();
            for (article, (_, found)) in site.articles.iter().zip(&articles) {
                if !found[i].is_empty() {
                    naming.push(article);
                    uses.extend(found[i].iter().cloned());
                }
            }
            Whereabouts {
                title: title_of(&site, &subject),
                pages: pages_showing(&site, &subject, &naming),
                subject: Subject::Now(subject),
                uses,
            }
        })
        .collect();
    found.extend(articles.into_iter().flat_map(|(d, _)| d));
    found.extend(rules.unused_channels());
    let errors = found.iter().filter(|d| d.is_error()).count();
    Some(Found {
        subjects,
        errors,
        warnings: found.len() - errors,
        drafts_left_out: site.drafts.len(),
    })
}

/// An id the guide no longer has but its history names: the history's entries, and the pages
/// that show them. `None` when the history does not name it either.
fn removed(site: &Site, id: &str) -> Option<Found> {
    let uses = history_uses(site, id, &["windows", "situations", "removed"]);
    if uses.is_empty() {
        return None;
    }
    let pages = Showing {
        pages: history_pages(site, id),
        in_every_header: false,
    };
    Some(Found {
        subjects: vec![Whereabouts {
            subject: Subject::Removed(id.to_owned()),
            title: "no longer in the guide; its history names it".to_owned(),
            uses,
            pages,
        }],
        errors: 0,
        warnings: 0,
        drafts_left_out: site.drafts.len(),
    })
}

/// An id no window or situation has, with the nearest one there is.
fn unknown(site: &Site, id: &str) -> Diagnostic {
    let windows = site.guide.channels.iter().map(|c| c.id.value.as_str());
    let situations = site.guide.situations.iter().map(|s| s.id.value.as_str());
    // A name or a title where the id goes: the editor knows the window by its name.
    let named = (site.guide.channels.iter())
        .find(|c| c.name.value == id)
        .map(|c| {
            format!(
                "`{id}` is the name of window `{}`: madoguchi where {}",
                c.id.value, c.id.value
            )
        })
        .or_else(|| {
            (site.guide.situations.iter())
                .find(|s| s.title.value == id)
                .map(|s| {
                    format!(
                        "`{id}` is the title of situation `{}`: madoguchi where {}",
                        s.id.value, s.id.value
                    )
                })
        });
    Diagnostic::error(format!(
        "no window or situation with id `{}`",
        printable(id)
    ))
    .help(named.unwrap_or_else(|| suggestion(id, windows.chain(situations))))
}

fn title_of(site: &Site, subject: &Named) -> String {
    match subject {
        Named::Window(id) => site.channel(id).map(|c| c.name.value.clone()),
        Named::Situation(id) => site.situation(id).map(|s| s.title.value.clone()),
    }
    .unwrap_or_default()
}

/// Writes what `where` found to `out`, one place a line (`file:line:col: what`, as compilers
/// and grep write them, so editors can jump there), then the pages.
pub fn write(found: &Found, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for (i, w) in found.subjects.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let (kind, id) = match &w.subject {
            Subject::Now(Named::Window(id)) => ("window", id),
            Subject::Now(Named::Situation(id)) => ("situation", id),
            Subject::Removed(id) => ("removed", id),
        };
        writeln!(out, "{kind} `{id}`: {}", printable(&w.title))?;
        for place in &w.uses {
            let text = report.sources.get(&place.file).unwrap_or_default();
            let (line, col) = line_col(text, place.span.start);
            let file = report.sources.shown_path(&place.file);
            let file = printable(&file.display().to_string());
            writeln!(out, "{file}:{line}:{col}: {}", printable(&place.what))?;
        }
        writeln!(out, "pages that show it:")?;
        if w.pages.in_every_header {
            writeln!(
                out,
                "  every page's header (the first situations are linked there)"
            )?;
        }
        for page in &w.pages.pages {
            writeln!(out, "  {}", printable(page))?;
        }
    }
    Ok(())
}
