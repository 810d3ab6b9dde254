//! Memo: what `serve` keeps between renders (a fingerprint of what each page was rendered
//! from), so an edit re-renders only the pages it changed.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use rayon::prelude::*;

use super::*;
use crate::links::Page;
use crate::load::theme::Theme;
use crate::markdown::references::Named;
use crate::model::Site;
use crate::output::{StagedFile, Staging};
use serde::Serialize;

/// What `serve` keeps between renders, so an edit re-renders only the pages it changed.
#[derive(Default)]
pub struct RenderMemo {
    /// A hash of what every page shows (title, navigation, where links lead).
    pub(super) site: u64,
    /// By output path: what the page was rendered from, and its print chapter.
    pub(super) pages: HashMap<String, PageRecord>,
    /// The print page's shell: a hash of what it was rendered from, its head and its tail.
    pub(super) shell: Option<(u64, Vec<u8>, Vec<u8>)>,
    /// QR codes by the URL they encode.
    pub(super) qr: HashMap<String, tera::Value>,
    /// Each article's search document, by the path of the page that shows it.
    pub(super) search: HashMap<String, super::search_index::IndexedDoc>,
    /// The index files the last render wrote.
    pub(super) search_files: Vec<String>,
}

/// One page as the last render left it.
pub(super) struct PageRecord {
    /// A hash of what the page was rendered from, the data its references name included.
    pub(super) digest: u64,
    /// The windows and situations its references name (the page is rendered again when
    /// their data changes, even if the page's own inputs did not).
    pub(super) named: Vec<Named>,
    pub(super) chapter: Option<Vec<u8>>,
}

impl PageRecord {
    pub(super) fn new(digest: u64, named: Vec<Named>, chapter: Option<Vec<u8>>) -> Self {
        PageRecord {
            digest,
            named,
            chapter: kept(chapter),
        }
    }
}

/// Renders again only the pages whose data changed since the render `memo` recorded, and
/// updates them in place (`serve` after an edit). The changed pages are all rendered before
/// any is written, so a failure leaves the site as it was. `None` when so much changed (what
/// every page shows, or many pages) that a full render is the better way.
pub fn rerender_site(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    memo: &mut RenderMemo,
    hooks: &dyn RenderHooks,
) -> Result<Option<usize>, RenderError> {
    let qr_codes = sheet_qr_codes(site, &mut memo.qr)?;
    let mut shared = SiteViews::new(site, &theme.labels, &qr_codes, hooks);
    shared.remember_named = true;
    if shared.site_digest_with(theme) != memo.site {
        return Ok(None);
    }
    let jobs = shared.jobs();
    let digests: Vec<(String, u64)> = jobs
        .iter()
        .map(|job| shared.job_path(job))
        .zip(shared.fingerprints(&jobs))
        .collect();
    // A page whose own inputs are unchanged is still rendered again when the data its
    // references name changed (its article is the same, so they name what they named).
    let changed: Vec<usize> = (0..jobs.len())
        .filter(|&i| {
            let (path, digest) = &digests[i];
            (memo.pages.get(path))
                .is_none_or(|page| page.digest != shared.with_references(*digest, &page.named))
        })
        .collect();
    if changed.len() > MAX_RERENDER.max(jobs.len() / 4) {
        return Ok(None);
    }
    let shell_digest = shared.shell_digest();
    let same_pages = memo.pages.len() == digests.len();
    let same_shell = memo.shell.as_ref().map(|s| s.0) == Some(shell_digest);
    if changed.is_empty() && same_pages && same_shell {
        // Nothing shows the edit (say, a comment in guide.yaml): the site stays as it is.
        return Ok(Some(digests.len() + 1));
    }
    // Situations and articles are small pages: render them first, so the print page (which
    // holds their chapters) is written while the big pages (home, cheat sheet) render.
    let (small, big): (Vec<usize>, Vec<usize>) = changed
        .iter()
        .partition(|&&i| matches!(jobs[i], PageJob::Situation(_) | PageJob::Article(_)));
    // Each page is written beside the live one as soon as it renders; the new pages replace
    // the live ones (by rename) only once every page has rendered.
    let render = |indices: &[usize]| {
        indices
            .par_iter()
            .map(|&i| {
                let RenderedPage {
                    file,
                    chapter,
                    named,
                    doc,
                } = shared.render(theme, &jobs[i])?;
                let mut staged = staging.open(&file.path).map_err(RenderError::Write)?;
                staged.writer.write_all(&file.bytes).map_err(|e| {
                    RenderError::Write(crate::diagnostic::Failure::new("write", &file.path, e))
                })?;
                Ok((i, chapter, named, staged, doc))
            })
            .collect::<Result<Vec<Rerendered>, RenderError>>()
    };
    let (small, shell) = rayon::join(
        || render(&small),
        || match &memo.shell {
            Some((digest, head, tail)) if *digest == shell_digest => {
                Ok((head.clone(), tail.clone()))
            }
            _ => shared.print_shell(theme),
        },
    );
    let (mut small, (head, tail)) = (small?, shell?);
    let fresh: HashMap<&str, &[u8]> = small
        .iter()
        .filter_map(|(i, chapter, ..)| Some((digests[*i].0.as_str(), chapter.as_deref()?)))
        .collect();
    let chapter_of = |path: &str| match fresh.get(path) {
        Some(chapter) => Some(*chapter),
        None => memo.pages.get(path).and_then(|p| p.chapter.as_deref()),
    };
    let (print, big) = rayon::join(
        || {
            let mut print = PrintWriter::start(Some(staging), &head)?;
            for (path, _) in &digests {
                print.write(chapter_of(path).unwrap_or_default())?;
            }
            print.written(&tail)
        },
        || render(&big),
    );
    let (print, mut big) = (print?, big?);
    let data = crate::output::data::data_file(site);
    read_data(hooks, &data);
    // The index is written whole again, from the documents of the pages just rendered and
    // those the memo keeps (pages of the current jobs only).
    let fresh_docs: HashMap<String, super::search_index::IndexedDoc> = (small.iter_mut())
        .chain(big.iter_mut())
        .filter_map(|(i, .., doc)| Some((digests[*i].0.clone(), doc.take()?)))
        .collect();
    let docs = (digests.iter())
        .filter_map(|(path, _)| fresh_docs.get(path).or_else(|| memo.search.get(path)));
    let search_files = shared.search_files(docs);
    let mut staged_search = Vec::with_capacity(search_files.len());
    for file in &search_files {
        let mut staged = staging.open(&file.path).map_err(RenderError::Write)?;
        staged.writer.write_all(&file.bytes).map_err(|e| {
            RenderError::Write(crate::diagnostic::Failure::new("write", &file.path, e))
        })?;
        staged_search.push(staged);
    }
    if hooks.hold_back() {
        // The hooks saw something that must not go live: the staged files are dropped.
        return Err(RenderError::HeldBack);
    }
    // Everything rendered and read: now the new pages replace the live ones.
    for (i, chapter, named, staged, _) in small.into_iter().chain(big) {
        staged.commit().map_err(RenderError::Write)?;
        let digest = shared.with_references(digests[i].1, &named);
        memo.pages.insert(
            digests[i].0.clone(),
            PageRecord::new(digest, named, chapter),
        );
    }
    if let Some(print) = print {
        print.commit().map_err(RenderError::Write)?;
    }
    for staged in staged_search {
        staged.commit().map_err(RenderError::Write)?;
    }
    // Index files of a bigger index that this one no longer has.
    let written: HashSet<&str> = search_files.iter().map(|f| f.path.as_str()).collect();
    for stale in memo
        .search_files
        .iter()
        .filter(|p| !written.contains(p.as_str()))
    {
        staging.remove(stale).map_err(RenderError::Write)?;
    }
    memo.search_files = search_files.into_iter().map(|f| f.path).collect();
    memo.search.extend(fresh_docs);
    // Pages of articles and situations that are gone.
    let current: HashSet<&str> = digests.iter().map(|(p, _)| p.as_str()).collect();
    let gone: Vec<String> = memo
        .pages
        .keys()
        .filter(|p| !current.contains(p.as_str()))
        .cloned()
        .collect();
    for path in gone {
        staging.remove(&path).map_err(RenderError::Write)?;
        memo.pages.remove(&path);
        memo.search.remove(&path);
    }
    let mut paths: Vec<String> = digests.into_iter().map(|(path, _)| path).collect();
    paths.push(Page::Print.output_path());
    memo.shell = Some((shell_digest, head, tail));
    put_sitemap(&shared, &paths, Some(staging))?;
    history::put_feed(&shared, Some(staging))?;
    put_data(data, Some(staging))?;
    Ok(Some(paths.len()))
}

/// A page rendered again: its index among the jobs, its chapter, what its references name,
/// its file, staged beside the live one, and its search document.
type Rerendered = (
    usize,
    Option<Vec<u8>>,
    Vec<Named>,
    StagedFile,
    Option<super::search_index::IndexedDoc>,
);

/// Past this many changed pages (or a quarter of the site) a full render is as quick, and it
/// replaces the site all at once.
pub(super) const MAX_RERENDER: usize = 500;

/// A chapter as the memo keeps it until the next render (`serve`): only the memory it uses.
pub(super) fn kept(chapter: Option<Vec<u8>>) -> Option<Vec<u8>> {
    chapter.map(|mut bytes| {
        bytes.shrink_to_fit();
        bytes
    })
}

impl<'a> SiteViews<'a> {
    /// For each job, a hash of what its page (and print chapter) is rendered from, besides
    /// what every page shows (`site_digest`) and the theme. Each situation's view is hashed
    /// once, for its own page, the home page and the cheat sheet.
    pub(super) fn fingerprints(&self, jobs: &[PageJob<'a>]) -> Vec<u64> {
        let views: HashMap<&str, u64> = self
            .site
            .guide
            .situations
            .par_iter()
            .map(|s| {
                (
                    s.id.value.as_str(),
                    crate::digest::of_views(&[&self.situation_view(s, false)]),
                )
            })
            .collect();
        // The sheet's situations, in its order (`sheet`).
        let sheet_views: Vec<u64> = (self.site.guide.sheet_situations().into_iter())
            .map(|s| views[s.id.value.as_str()])
            .collect();
        jobs.par_iter()
            .map(|job| match *job {
                PageJob::Home => crate::digest::of_views(&[
                    &"home",
                    &self.overview_digest(),
                    &self.kind_views(),
                    &self.group_views(),
                    &self.latest_change(),
                ]),
                PageJob::Situation(s) => {
                    let article = self.article_on.get(s.id.value.as_str());
                    crate::digest::of_views(&[
                        &"situation",
                        &views[s.id.value.as_str()],
                        &article.map(|a| (&a.slug, a.digest())),
                        &self.situation_changed(s),
                    ])
                }
                PageJob::History => {
                    crate::digest::of_views(&[&"history", &self.history_views(), &self.feed_href()])
                }
                PageJob::Article(a) => crate::digest::of_views(&[&"article", &a.slug, &a.digest()]),
                PageJob::Sources => crate::digest::of_views(&[&"sources", &self.source_groups()]),
                // The QR codes are drawn from the entry URLs, which the views hold.
                PageJob::CheatSheet => crate::digest::of_views(&[
                    &"cheatsheet",
                    &sheet_views,
                    &self.group_views(),
                    &self.sheet_edition(),
                ]),
                PageJob::Search => crate::digest::of_views(&[
                    &"search",
                    &self.keyword_groups(),
                    &self.situation_summaries(None),
                ]),
                PageJob::Keywords => crate::digest::of_views(&[&"sakuin", &self.keyword_groups()]),
                PageJob::NotFound => crate::digest::of_views(&[&"404"]),
                PageJob::Alias(a, ref file) => {
                    let target = crate::links::page_of(self.site, a).output_path();
                    crate::digest::of_views(&[&"alias", file, &target, &a.front.title.value])
                }
            })
            .collect()
    }

    /// A page's digest (`own`: what it was rendered from) with the data its references name:
    /// a window's fields and where its details are, a situation's title.
    pub(super) fn with_references(&self, own: u64, named: &[Named]) -> u64 {
        if named.is_empty() {
            return own;
        }
        #[derive(Serialize)]
        enum NamedView<'a> {
            Window(Option<Box<ChannelView<'a>>>, Option<&'a str>),
            Situation(Option<&'a str>),
        }
        let views: Vec<NamedView> = named
            .iter()
            .map(|named| match named {
                Named::Window(id) => NamedView::Window(
                    self.channels.get(id.as_str()).map(|c| {
                        Box::new(ChannelView {
                            qr: None,
                            ..c.clone()
                        })
                    }),
                    self.site.details_of(id).map(|s| s.id.value.as_str()),
                ),
                Named::Situation(id) => {
                    NamedView::Situation(self.site.situation(id).map(|s| s.title.value.as_str()))
                }
            })
            .collect();
        crate::digest::of_views(&[&own, &views])
    }

    /// A hash of what every page shows or depends on: the site's view (title, navigation,
    /// dates), the labels, the public address, raw HTML allowed or not, where links lead, and
    /// the addresses pages may show.
    pub(super) fn site_digest(&self) -> u64 {
        // Links to an article lead to its own page unless a situation shows it. (A link to an
        // article that is added or removed was or becomes a check error, so no page changes.)
        let leads: Vec<(&str, &str)> = self
            .site
            .articles
            .iter()
            .filter_map(|a| Some((a.slug.as_str(), self.site.situation_of(a)?)))
            .collect();
        let situations: Vec<&str> = self
            .site
            .guide
            .situations
            .iter()
            .map(|s| s.id.value.as_str())
            .collect();
        // Which addresses pages may show: when it changes, every page is read again (an
        // article may show an address as plain text, and only the scan of pages reads it).
        let guide = &self.site.guide;
        let emails: Vec<(&str, &str, &str)> = (guide.channels.iter())
            .filter_map(|c| {
                let email = c.email.as_ref()?;
                Some((
                    email.value.as_str(),
                    c.source.url.value.as_str(),
                    c.source.checked.value.as_str(),
                ))
            })
            .collect();
        let domains: Vec<&str> = guide
            .official_domains
            .iter()
            .map(|d| d.value.as_str())
            .collect();
        crate::digest::of_views(&[
            &emails,
            &domains,
            &self.site_view,
            &self.labels,
            &self.base.as_ref().map(|b| b.as_str()),
            &self.site.guide.allow_raw_html,
            &leads,
            &situations,
        ])
    }

    /// `site_digest` and which theme renders: `theme:` in `guide.yaml` can change the theme
    /// with no theme file edited, and every page then renders again.
    pub(super) fn site_digest_with(&self, theme: &Theme) -> u64 {
        crate::digest::of(&(self.site_digest(), &theme.name))
    }

    /// A hash of what the print page's shell is rendered from.
    pub(super) fn shell_digest(&self) -> u64 {
        crate::digest::of_views(&[
            &self.overview_digest(),
            &self.kind_views(),
            &self.source_groups(),
        ])
    }

    /// A hash of the overviews (the situations' summaries, the articles' titles) that the home
    /// page and the print page's shell both list; computed once.
    pub(super) fn overview_digest(&self) -> u64 {
        *self.overview.get_or_init(|| {
            crate::digest::of_views(&[&self.situation_summaries(None), &self.free_articles()])
        })
    }
}
