//! Render: the checked guide → one HTML page per file, through the theme's Tera templates,
//! written as they render (`views` → `pages` → `print`; `memo` for serve's partial renders;
//! `qr` for the cheat sheet's codes). In a build, each article's checks run here too, on the
//! parse that renders it.

mod memo;
mod pages;
mod print;
pub mod qr;
mod scan;
mod views;

pub use memo::{rerender_site, RenderMemo};
use pages::{PageJob, RenderedPage};

use memo::*;
use print::*;
use qr::qr_codes;
use views::*;

pub use scan::PageScan;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::check::ArticleRules;
use crate::diagnostic::{Diagnostic, Failure};
use crate::links::NOT_FOUND_PAGE;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::output::{OutputFile, Staging};

/// Why a build stopped while rendering: a template failed (the theme's problem) or a page could
/// not be written (the machine's).
pub enum RenderError {
    Template(Box<Diagnostic>),
    Write(Failure),
    /// The scan found unvetted numbers on pages that were to replace live ones (`serve`): none
    /// was put in place. The hits are in the `PageScan`.
    Unvetted,
}

impl From<Box<Diagnostic>> for RenderError {
    fn from(d: Box<Diagnostic>) -> Self {
        RenderError::Template(d)
    }
}

/// What a full render did: how many pages it wrote, and what the article checks found (when
/// it ran them).
pub struct RenderedSite {
    pub pages: usize,
    pub found: Vec<Diagnostic>,
}

/// Renders every page and writes each into `staging` as soon as it is rendered, so a big guide
/// never waits in memory (`None`, for `check`: render, and keep nothing). With a `memo`
/// (`serve`), also records what each page was rendered from. With `check`, checks every
/// article, each from the parse that renders it.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    staging: Option<&Staging>,
    mut memo: Option<&mut RenderMemo>,
    check: Option<&ArticleRules>,
    scan: &PageScan,
) -> Result<RenderedSite, RenderError> {
    let mut no_cache = HashMap::new();
    let qr_codes = qr_codes(site, memo.as_mut().map_or(&mut no_cache, |m| &mut m.qr))?;
    let shared = SiteViews::new(site, &qr_codes, check, scan);
    let jobs = shared.jobs();
    let put = |file: &OutputFile| match staging {
        Some(staging) => staging
            .put(&file.path, &file.bytes)
            .map_err(RenderError::Write),
        None => Ok(()),
    };
    let digests = memo.as_mut().map(|memo| {
        // A full render records every page afresh.
        memo.pages.clear();
        shared.fingerprints(&jobs)
    });
    let render_batch = |batch: &[(usize, &PageJob<'_>)]| {
        batch
            .par_iter()
            .map(|&(i, job)| {
                let RenderedPage {
                    file,
                    chapter,
                    found,
                } = shared.render(theme, job)?;
                put(&file)?;
                Ok((file.path, digests.as_ref().map(|d| d[i]), chapter, found))
            })
            .collect::<Result<Vec<Done>, RenderError>>()
    };
    let jobs: Vec<(usize, &PageJob)> = jobs.iter().enumerate().collect();
    // Pages render in parallel a batch at a time; each batch's print chapters are then
    // appended to the print page in order (while the next batch renders), so chapters never
    // pile up in memory. The print page's shell (its contents list names every page) renders
    // beside the first batch.
    let mut batches = jobs.chunks(BATCH);
    let first = batches.next().unwrap_or_default();
    let (shell, first) = rayon::join(|| shared.print_shell(theme), || render_batch(first));
    let (head, tail) = shell?;
    let mut gathered = BatchWriter {
        print: PrintWriter::start(staging, &head)?,
        paths: Vec::with_capacity(jobs.len() + 1),
        found: Vec::new(),
        memo,
    };
    let mut done = first?;
    for batch in batches {
        let (written, next) = rayon::join(
            || gathered.take(std::mem::take(&mut done)),
            || render_batch(batch),
        );
        written?;
        done = next?;
    }
    gathered.take(done)?;
    let BatchWriter {
        print,
        mut paths,
        found,
        memo,
    } = gathered;
    paths.push(print.finish(&tail)?);
    if let Some(memo) = memo {
        memo.site = shared.site_digest();
        memo.shell = Some((shared.shell_digest(), head, tail));
    }
    put_sitemap(&shared, &paths, staging)?;
    Ok(RenderedSite {
        pages: paths.len(),
        found,
    })
}

/// `sitemap.xml`, when the guide has a `base_url`: every page but the 404 page.
fn put_sitemap(
    shared: &SiteViews,
    paths: &[String],
    staging: Option<&Staging>,
) -> Result<(), RenderError> {
    let (Some(base), Some(staging)) = (&shared.base, staging) else {
        return Ok(());
    };
    let pages: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| *p != NOT_FOUND_PAGE)
        .collect();
    let sitemap = crate::output::publish::sitemap(base, &pages);
    staging
        .put(&sitemap.path, &sitemap.bytes)
        .map_err(RenderError::Write)
}

/// How many pages render in parallel before their print chapters are written out: enough to
/// keep every core busy, few enough that chapters never pile up in memory.
const BATCH: usize = 1024;

/// A page as its batch gives it back: its path, what it was rendered from (with a memo), its
/// print chapter and what the checks found in its article.
type Done = (String, Option<u64>, Option<Vec<u8>>, Vec<Diagnostic>);

/// What a full render gathers from its batches, in the pages' order.
struct BatchWriter<'m> {
    print: PrintWriter,
    paths: Vec<String>,
    found: Vec<Diagnostic>,
    memo: Option<&'m mut RenderMemo>,
}

impl BatchWriter<'_> {
    /// Writes a batch's chapters to the print page and records its pages.
    fn take(&mut self, done: Vec<Done>) -> Result<(), RenderError> {
        for (path, digest, chapter, found) in done {
            self.found.extend(found);
            self.print.write(chapter.as_deref().unwrap_or_default())?;
            if let (Some(memo), Some(digest)) = (self.memo.as_mut(), digest) {
                memo.pages.insert(path.clone(), (digest, kept(chapter)));
            }
            self.paths.push(path);
        }
        Ok(())
    }
}
