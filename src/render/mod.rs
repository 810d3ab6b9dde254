//! Render: the checked guide → one HTML page per file, through the theme's Tera templates,
//! written as they render (`views` → `pages` → `print`; `memo` for serve's partial renders;
//! `qr` for the cheat sheet's codes). Render only renders: each article's parse comes from the
//! stages around it (where the check stage checks that same parse), and every page it writes
//! is shown to them (where the check stage reads it as a reader would), through `RenderHooks`.

mod edition;
mod history;
mod keywords;
mod memo;
mod page_bytes;
mod pages;
mod print;
pub mod qr;
pub mod search_index;
mod sheet_fit;
mod showing;
mod views;

pub use memo::{rerender_site, RenderMemo};
use pages::{PageJob, RenderedPage};
pub use sheet_fit::{estimate_sheet, SheetEstimate, PAGE_MM};
pub use showing::{history_pages, pages_showing, Showing};

use memo::*;
use print::*;
use qr::sheet_qr_codes;
use views::*;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Failure};
use crate::file_text::Body;
use crate::links::NOT_FOUND_PAGE;
use crate::load::theme::Theme;
use crate::markdown::references::Named;
use crate::markdown::Parsed;
use crate::model::{Article, Site};
use crate::output::{OutputFile, Staging};

/// What the render needs from the stages around it: each article's parse, made once per build
/// (the check stage checks the same parse), and a look at every page as it is written (the
/// check of what is published). The pipeline provides them; the render runs no check itself.
pub trait RenderHooks: Sync {
    /// The parse of `article`'s `body` that its pages render.
    fn parse<'t>(&self, article: &Article, body: &'t Body) -> Parsed<'t>;
    /// A page (or a part of the print page) as written; `shows` is the article it shows.
    fn page(&self, page: &str, html: &[u8], shows: Option<&Article>);
    /// Text a reader meets outside the HTML of `page`: the URL a QR code holds.
    fn text(&self, page: &str, text: &str);
    /// Whether what the hooks were shown must keep pages from replacing live ones (`serve`
    /// updates pages in place; a build's staged site is simply not swapped in).
    fn hold_back(&self) -> bool;
}

/// Why a build stopped while rendering: a template failed (the theme's problem) or a page could
/// not be written (the machine's).
pub enum RenderError {
    Template(Box<Diagnostic>),
    Write(Failure),
    /// The hooks held back pages that were to replace live ones (`serve`): none was put in
    /// place.
    HeldBack,
}

impl From<Box<Diagnostic>> for RenderError {
    fn from(d: Box<Diagnostic>) -> Self {
        RenderError::Template(d)
    }
}

/// Renders every page and writes each into `staging` as soon as it is rendered, so a big guide
/// never waits in memory (`None`, for `check`: render, and keep nothing). With a `memo`
/// (`serve`), also records what each page was rendered from. Returns the paths it wrote, in
/// the pages' order.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    staging: Option<&Staging>,
    mut memo: Option<&mut RenderMemo>,
    hooks: &dyn RenderHooks,
) -> Result<Vec<String>, RenderError> {
    let mut no_cache = HashMap::new();
    let qr_codes = sheet_qr_codes(site, memo.as_mut().map_or(&mut no_cache, |m| &mut m.qr))?;
    let mut shared = SiteViews::new(site, &theme.labels, &qr_codes, hooks);
    shared.remember_named = memo.is_some();
    shared.scratch = staging.map(Staging::dir);
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
        memo.search.clear();
        shared.fingerprints(&jobs)
    });
    let render_one = |i: usize, job: &PageJob<'_>| {
        let RenderedPage {
            file,
            chapter,
            named,
            doc,
        } = shared.render(theme, job)?;
        put(&file)?;
        let digest = digests
            .as_ref()
            .map(|d| shared.with_references(d[i], &named));
        Ok(Done {
            index: i,
            path: file.path,
            memo: digest.map(|d| (d, named)),
            chapter,
            doc,
        })
    };
    let render_batch = |batch: &[(usize, &PageJob<'_>)]| {
        batch
            .par_iter()
            .map(|&(i, job)| render_one(i, job))
            .collect::<Result<Vec<Done>, RenderError>>()
    };
    // The pages that list the whole guide (the home page, the cheat sheet, the keyword index,
    // the print page's shell) each build a Tera context as big as the guide: they render
    // first, one after the other, beside the first batch of the other pages, so that no two of
    // them are in memory at once, nor one of them with the search index's postings (which
    // grow to their full size as the last pages render).
    let mut others = Vec::with_capacity(jobs.len());
    let mut lists = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match job.lists_the_guide() {
            true => lists.push((i, job)),
            false => others.push((i, job)),
        }
    }
    // Pages render in parallel a batch at a time; each batch's print chapters are then
    // appended to the print page in order, and its search documents added to the index
    // (while the next batch renders), so neither piles up in memory.
    let mut batches = others.chunks(BATCH);
    let first = batches.next().unwrap_or_default();
    let read = |path: &str, doc: &search_index::SearchDoc| shared.read_doc(path, doc);
    let scratch = staging.map(Staging::dir);
    // Beside the big pages, the index starts (with the situations and windows) and the first
    // batch's documents go into it at once: held in their pages' `Done`, 1,024 tokenized
    // documents were 15 MB beside each big page's context.
    let ((lists, shell), first) = rayon::join(
        || {
            let lists: Result<Vec<Done>, RenderError> =
                (lists.iter()).map(|&(i, job)| render_one(i, job)).collect();
            (lists, shared.print_shell(theme))
        },
        || -> Result<_, RenderError> {
            let places = shared.data_docs();
            let mut index =
                search_index::IndexWriter::new(places, &read, scratch, &|file| put(&file))?;
            let mut first = render_batch(first)?;
            for page in &mut first {
                if let Some(doc) = page.doc.take() {
                    add_doc(&mut index, memo.as_deref_mut(), &put, &page.path, doc)?;
                }
            }
            Ok((index, first, memo))
        },
    );
    let (head, tail) = shell?;
    // The pages left render batch after batch, each reusing what the one before freed.
    crate::memory::big_pages_done();
    let (index, first, memo) = first?;
    let print = PrintWriter::start(staging, &head)?;
    // The contents list is megabytes in a big guide: only `serve`'s memo keeps it.
    let head = memo.is_some().then_some(head);
    let mut gathered = BatchWriter {
        print,
        paths: Vec::with_capacity(jobs.len() + 1),
        memo,
        index,
        put: &put,
        lists: lists?.into_iter().peekable(),
    };
    let mut done = first;
    for batch in batches {
        let (written, next) = rayon::join(
            || gathered.take(std::mem::take(&mut done)),
            || render_batch(batch),
        );
        written?;
        done = next?;
    }
    gathered.take(done)?;
    gathered.take_lists()?;
    crate::memory::pages_done();
    let BatchWriter {
        print,
        mut paths,
        memo,
        index,
        ..
    } = gathered;
    paths.push(print.finish(&tail)?);
    // The published data is read as text (one piece after another, on one core) while the
    // index's shards are written on the other: one after the other, at 100,000 articles, each
    // kept a core idle for a tenth of a second or more.
    let data = crate::output::data::data_file(site);
    let (search_files, ()) = rayon::join(
        || index.finish(&|file| put(&file)),
        || read_data(hooks, &data),
    );
    let search_files = search_files?;
    if let Some(memo) = memo {
        memo.search_files = search_files;
        memo.site = shared.site_digest_with(theme);
        memo.shell = Some((shared.shell_digest(), head.unwrap_or_default(), tail));
    }
    // An old path is no page of its own: it is left out of the sitemap.
    let aliases: std::collections::HashSet<&str> = (jobs.iter())
        .filter_map(|job| match job {
            PageJob::Alias(_, file) => Some(&**file),
            _ => None,
        })
        .collect();
    let pages: Vec<String> = (paths.iter())
        .filter(|p| !aliases.contains(p.as_str()))
        .cloned()
        .collect();
    if let Some(sitemap) = put_sitemap(&shared, &pages, staging)? {
        paths.push(sitemap);
    }
    if let Some(robots) = put_robots(&shared, theme, staging)? {
        paths.push(robots);
    }
    if let Some(feed) = history::put_feed(&shared, staging)? {
        paths.push(feed);
    }
    paths.push(put_data(data, staging)?);
    Ok(paths)
}

/// About how many bytes of `data.json` the hooks read at once: the check of what is published
/// needs several times the text it reads, and a big guide's data is megabytes.
const DATA_PIECE: usize = 64 * 1024;

/// Shows the hooks `data.json` as text, a few records at a time: each piece ends where a
/// window, situation or history entry ends (a line `    },` of the pretty-printed JSON), so
/// no value is cut in two, and a guide's data is never read as one huge text.
fn read_data(hooks: &dyn RenderHooks, data: &OutputFile) {
    let text = String::from_utf8_lossy(&data.bytes);
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if at - start >= DATA_PIECE && line == "    },\n" {
            hooks.text(&data.path, &text[start..at]);
            start = at;
        }
    }
    if start < text.len() || text.is_empty() {
        hooks.text(&data.path, &text[start..]);
    }
}

/// Writes `data.json`, the published data: every build writes it (and every partial render
/// of `serve`, since any edit of the data changes it), once the hooks have read it as text.
fn put_data(
    data: crate::output::OutputFile,
    staging: Option<&Staging>,
) -> Result<String, RenderError> {
    if let Some(staging) = staging {
        staging
            .put(&data.path, &data.bytes)
            .map_err(RenderError::Write)?;
    }
    Ok(data.path)
}

/// `sitemap.xml`, when the guide has a `base_url`: every page but the 404 page. Returns its
/// path, where it was written.
fn put_sitemap(
    shared: &SiteViews,
    paths: &[String],
    staging: Option<&Staging>,
) -> Result<Option<String>, RenderError> {
    let (Some(base), Some(staging)) = (&shared.base, staging) else {
        return Ok(None);
    };
    let pages: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| *p != NOT_FOUND_PAGE)
        .collect();
    let sitemap = crate::output::publish::sitemap(base, &pages);
    staging
        .put(&sitemap.path, &sitemap.bytes)
        .map_err(RenderError::Write)?;
    Ok(Some(sitemap.path))
}

/// `robots.txt`, unless the theme publishes its own (read as text like any of its files).
/// Returns its path, where it was written.
fn put_robots(
    shared: &SiteViews,
    theme: &Theme,
    staging: Option<&Staging>,
) -> Result<Option<String>, RenderError> {
    let robots_path = crate::output::publish::ROBOTS;
    let theme_has_its_own = (theme.static_files.iter()).any(|f| f.path == robots_path);
    let Some(staging) = staging.filter(|_| !theme_has_its_own) else {
        return Ok(None);
    };
    let robots = crate::output::publish::robots(shared.base.as_ref());
    shared
        .hooks
        .text(&robots.path, &String::from_utf8_lossy(&robots.bytes));
    staging
        .put(&robots.path, &robots.bytes)
        .map_err(RenderError::Write)?;
    Ok(Some(robots.path))
}

/// How many pages render in parallel before their print chapters are written out: enough to
/// keep every core busy, few enough that chapters never pile up in memory.
const BATCH: usize = 1024;

/// A page as its batch gives it back: its place among the jobs, its path, what it was
/// rendered from (with a memo: the digest, and what its references name), its print chapter
/// and its search document.
struct Done {
    index: usize,
    path: String,
    memo: Option<(u64, Vec<Named>)>,
    chapter: Option<Vec<u8>>,
    doc: Option<search_index::IndexedDoc>,
}

/// What a full render gathers from its batches, in the pages' order.
struct BatchWriter<'m, 'r> {
    print: PrintWriter,
    paths: Vec<String>,
    memo: Option<&'m mut RenderMemo>,
    index: search_index::IndexWriter<'r>,
    /// Where the index's chunks of documents go as they fill.
    put: &'r (dyn Fn(&OutputFile) -> Result<(), RenderError> + Sync),
    /// The pages that list the whole guide, rendered before the batches: each is recorded
    /// where it stands among the jobs.
    lists: std::iter::Peekable<std::vec::IntoIter<Done>>,
}

impl BatchWriter<'_, '_> {
    /// Takes a batch's pages, in the jobs' order, with those of `lists` that come before them.
    fn take(&mut self, done: Vec<Done>) -> Result<(), RenderError> {
        for page in done {
            while let Some(list) = self.lists.next_if(|list| list.index < page.index) {
                self.record(list)?;
            }
            self.record(page)?;
        }
        Ok(())
    }

    /// Takes the pages of `lists` that come after the last batch's.
    fn take_lists(&mut self) -> Result<(), RenderError> {
        while let Some(list) = self.lists.next() {
            self.record(list)?;
        }
        Ok(())
    }

    /// Writes a page's chapter to the print page, adds its document to the index, and records
    /// the page.
    fn record(&mut self, page: Done) -> Result<(), RenderError> {
        self.print
            .write(page.chapter.as_deref().unwrap_or_default())?;
        if let Some(doc) = page.doc {
            add_doc(
                &mut self.index,
                self.memo.as_deref_mut(),
                self.put,
                &page.path,
                doc,
            )?;
        }
        if let (Some(memo), Some((digest, named))) = (self.memo.as_mut(), page.memo) {
            memo.pages.insert(
                page.path.clone(),
                PageRecord::new(digest, named, page.chapter),
            );
        }
        self.paths.push(page.path);
        Ok(())
    }
}

/// Adds a page's search document to the index (writing the chunk of documents it fills), and
/// to `serve`'s memo.
fn add_doc(
    index: &mut search_index::IndexWriter,
    memo: Option<&mut RenderMemo>,
    put: &(dyn Fn(&OutputFile) -> Result<(), RenderError> + Sync),
    path: &str,
    doc: search_index::IndexedDoc,
) -> Result<(), RenderError> {
    if let Some(chunk) = index.add(&doc)? {
        put(&chunk)?;
    }
    if let Some(memo) = memo {
        memo.search.insert(path.to_owned(), doc);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hooks that keep the texts they are shown.
    #[derive(Default)]
    struct Texts(std::sync::Mutex<Vec<String>>);

    impl RenderHooks for Texts {
        fn parse<'t>(&self, _: &Article, body: &'t Body) -> Parsed<'t> {
            crate::markdown::parse(body)
        }
        fn page(&self, _: &str, _: &[u8], _: Option<&Article>) {}
        fn text(&self, _: &str, text: &str) {
            self.0.lock().unwrap().push(text.to_owned());
        }
        fn hold_back(&self) -> bool {
            false
        }
    }

    #[test]
    fn big_data_is_read_in_pieces_that_end_where_a_record_ends() {
        let record =
            "    {\n      \"phone\": \"03-3446-0999\",\n      \"note\": \"}, x\"\n    },\n";
        let text = format!("{{\n  \"windows\": [\n{}  ]\n}}\n", record.repeat(5000));
        let hooks = Texts::default();
        let data = OutputFile {
            path: "data.json".into(),
            bytes: text.clone().into_bytes(),
        };
        read_data(&hooks, &data);
        let pieces = hooks.0.into_inner().unwrap();
        assert!(pieces.len() > 2, "{}", pieces.len());
        assert_eq!(pieces.concat(), text);
        for piece in &pieces[..pieces.len() - 1] {
            assert!(piece.ends_with("    },\n") && piece.len() >= DATA_PIECE);
            assert!(piece.len() < DATA_PIECE + record.len());
        }
        // A small file is read whole, and an empty one still once.
        for small in ["{}\n", ""] {
            let hooks = Texts::default();
            let data = OutputFile {
                path: "data.json".into(),
                bytes: small.into(),
            };
            read_data(&hooks, &data);
            assert_eq!(hooks.0.into_inner().unwrap(), [small]);
        }
    }
}
