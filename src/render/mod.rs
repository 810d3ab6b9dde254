//! Render: the checked guide → one HTML page per file, through the theme's Tera templates,
//! written as they render. In a build, each article's checks run here too, on the parse that
//! renders it.

pub mod qr;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::check::ArticleRules;
use crate::diagnostic::error_chain;
use crate::diagnostic::Diagnostic;
use crate::links::{root_prefix, Page};
use crate::load::theme::Theme;
use crate::markdown::{Parsed, RenderContext};
use crate::model::{Article, Channel, Site, Situation};
use crate::output::{StagedFile, Staging};

/// A rendered file, by its path relative to the output root.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    lang: &'a str,
    rules: Vec<&'a str>,
    nav: Vec<NavItem<'a>>,
    /// More situations than the header lists.
    nav_more: bool,
    /// Oldest and newest `checked` dates over all sources.
    checked_oldest: &'a str,
    checked_newest: &'a str,
}

#[derive(Serialize, Clone)]
struct NavItem<'a> {
    title: &'a str,
    href: String,
}

#[derive(Serialize, Clone)]
struct ChannelView<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    owner: &'a str,
    how: &'a str,
    hours: Option<&'a str>,
    phone: Option<&'a str>,
    url: Option<&'a str>,
    /// Where a reader should go: the channel's `url`, else its source page.
    entry_url: &'a str,
    /// `entry_url` as an inline SVG QR code, for channels that are some situation's first window.
    qr: Option<&'a str>,
    source: SourceView<'a>,
}

#[derive(Serialize, Clone)]
struct SourceView<'a> {
    url: &'a str,
    title: &'a str,
    checked: &'a str,
}

#[derive(Serialize)]
struct SituationView<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    urgent: Option<&'a str>,
    first: Vec<ChannelView<'a>>,
    also: Vec<ChannelView<'a>>,
    steps: Vec<&'a str>,
    avoid: Option<&'a str>,
    href: String,
    /// Its section's id on the print page.
    anchor: String,
}

#[derive(Serialize)]
struct KindView<'a> {
    kind: &'a str,
    label: &'a str,
    suits: &'a str,
    merits: &'a str,
    channels: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    html: String,
    href: String,
    /// Its section's id on the print page.
    anchor: String,
}

/// A situation as the overviews list it (the home page's flow and map, the print page's
/// contents and map): its windows by name only, as its own page and chapter show the rest.
/// So an edit to a window's details leaves the overviews as they were.
#[derive(Serialize)]
struct SituationSummary<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    urgent: Option<&'a str>,
    href: String,
    anchor: String,
    first: Vec<ChannelName<'a>>,
    also: Vec<ChannelName<'a>>,
}

#[derive(Serialize)]
struct ChannelName<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct SourceGroup<'a> {
    url: &'a str,
    title: &'a str,
    checked: &'a str,
    channels: Vec<&'a str>,
}

/// The parts of the model every page shares, built once per build and read by every page
/// in parallel (pages never clone the model).
struct Shared<'a> {
    site: &'a Site,
    /// `SiteView` as a Tera value: Tera values share their data, so each page's copy is cheap.
    view: tera::Value,
    /// The same, as a view to fingerprint (a Tera value's maps may list keys in any order).
    site_view: SiteView<'a>,
    /// `overview_digest`, once computed.
    overview: std::sync::OnceLock<u64>,
    channels: BTreeMap<&'a str, ChannelView<'a>>,
    /// The public address from `base_url`, for canonical links and the sitemap.
    base: Option<url::Url>,
    /// Situation id → the article its page shows.
    article_on: HashMap<&'a str, &'a Article>,
    /// The article checks, run on each article from the parse that renders it (a build's
    /// render): a build parses each body once, for its checks and its pages both.
    check: Option<&'a ArticleRules<'a>>,
}

/// How many situations the header lists on every page; a bigger guide links its home page's
/// full list instead, so each page stays small whatever the size of the guide.
const NAV_LIMIT: usize = 12;

/// One page to render. Pages are independent: they are rendered in parallel over one
/// shared Tera and one `Shared`, and come out in this order.
enum Job<'a> {
    Home,
    Situation(&'a Situation),
    Article(&'a Article),
    Sources,
    CheatSheet,
    NotFound,
}

/// Why a build stopped while rendering: a template failed (the theme's problem) or a page could
/// not be written (the machine's).
pub enum RenderError {
    Template(Box<Diagnostic>),
    Write(String),
}

impl From<Box<Diagnostic>> for RenderError {
    fn from(d: Box<Diagnostic>) -> Self {
        RenderError::Template(d)
    }
}

/// A rendered page, its chapter of the print page if it has one, and what the checks found in
/// the article it shows.
struct Rendered {
    file: OutputFile,
    chapter: Option<Vec<u8>>,
    found: Vec<Diagnostic>,
}

/// What a full render did: how many pages it wrote, and what the article checks found (when
/// it ran them).
pub struct RenderedSite {
    pub pages: usize,
    pub found: Vec<Diagnostic>,
}

/// What `serve` keeps between renders, so an edit re-renders only the pages it changed.
#[derive(Default)]
pub struct RenderMemo {
    /// A hash of what every page shows (title, navigation, where links lead).
    site: u64,
    /// By output path: a hash of what the page was rendered from, and its print chapter.
    pages: HashMap<String, (u64, Option<Vec<u8>>)>,
    /// The print page's shell: a hash of what it was rendered from, its head and its tail.
    shell: Option<(u64, Vec<u8>, Vec<u8>)>,
    /// QR codes by the URL they encode.
    qr: HashMap<String, String>,
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
) -> Result<RenderedSite, RenderError> {
    let mut no_cache = HashMap::new();
    let qr_codes = qr_codes(site, memo.as_mut().map_or(&mut no_cache, |m| &mut m.qr))?;
    let shared = Shared::new(site, &qr_codes, check);
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
    let render_batch = |batch: &[(usize, &Job<'_>)]| {
        batch
            .par_iter()
            .map(|&(i, job)| {
                let Rendered {
                    file,
                    chapter,
                    found,
                } = shared.render(theme, job)?;
                put(&file)?;
                Ok((file.path, digests.as_ref().map(|d| d[i]), chapter, found))
            })
            .collect::<Result<Vec<Done>, RenderError>>()
    };
    let jobs: Vec<(usize, &Job)> = jobs.iter().enumerate().collect();
    // Pages render in parallel a batch at a time; each batch's print chapters are then
    // appended to the print page in order (while the next batch renders), so chapters never
    // pile up in memory. The print page's shell (its contents list names every page) renders
    // beside the first batch.
    let mut batches = jobs.chunks(BATCH);
    let first = batches.next().unwrap_or_default();
    let (shell, first) = rayon::join(|| shared.print_shell(theme), || render_batch(first));
    let (head, tail) = shell?;
    let mut gathered = Gathered {
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
    let Gathered {
        print,
        mut paths,
        mut found,
        memo,
    } = gathered;
    paths.push(print.finish(&tail)?);
    if let Some(memo) = memo {
        memo.site = shared.site_digest();
        memo.shell = Some((shared.shell_digest(), head, tail));
    }
    put_sitemap(&shared, &paths, staging)?;
    if let Some(rules) = check {
        found.extend(shared.check_unshown(rules));
    }
    Ok(RenderedSite {
        pages: paths.len(),
        found,
    })
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
) -> Result<Option<usize>, RenderError> {
    let qr_codes = qr_codes(site, &mut memo.qr)?;
    let shared = Shared::new(site, &qr_codes, None);
    if shared.site_digest() != memo.site {
        return Ok(None);
    }
    let jobs = shared.jobs();
    let digests: Vec<(String, u64)> = jobs
        .iter()
        .map(|job| shared.job_path(job))
        .zip(shared.fingerprints(&jobs))
        .collect();
    let changed: Vec<usize> = (0..jobs.len())
        .filter(|&i| memo.pages.get(&digests[i].0).map(|p| p.0) != Some(digests[i].1))
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
        .partition(|&&i| matches!(jobs[i], Job::Situation(_) | Job::Article(_)));
    // Each page is written beside the live one as soon as it renders; the new pages replace
    // the live ones (by rename) only once every page has rendered.
    let render = |indices: &[usize]| {
        indices
            .par_iter()
            .map(|&i| {
                let Rendered { file, chapter, .. } = shared.render(theme, &jobs[i])?;
                let mut staged = staging.open(&file.path).map_err(RenderError::Write)?;
                staged.writer.write_all(&file.bytes).map_err(|e| {
                    RenderError::Write(format!("failed to write `{}`: {e}", file.path))
                })?;
                Ok((i, chapter, staged))
            })
            .collect::<Result<Vec<(usize, Option<Vec<u8>>, StagedFile)>, RenderError>>()
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
    let (small, (head, tail)) = (small?, shell?);
    let fresh: HashMap<&str, &[u8]> = small
        .iter()
        .filter_map(|(i, chapter, _)| Some((digests[*i].0.as_str(), chapter.as_deref()?)))
        .collect();
    let chapter_of = |path: &str| match fresh.get(path) {
        Some(chapter) => Some(*chapter),
        None => memo.pages.get(path).and_then(|p| p.1.as_deref()),
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
    let (print, big) = (print?, big?);
    // Everything rendered: now the new pages replace the live ones.
    for (i, chapter, staged) in small.into_iter().chain(big) {
        staged.commit().map_err(RenderError::Write)?;
        memo.pages
            .insert(digests[i].0.clone(), (digests[i].1, kept(chapter)));
    }
    if let Some(print) = print {
        print.commit().map_err(RenderError::Write)?;
    }
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
    }
    let mut paths: Vec<String> = digests.into_iter().map(|(path, _)| path).collect();
    paths.push(Page::Print.output_path());
    memo.shell = Some((shell_digest, head, tail));
    put_sitemap(&shared, &paths, Some(staging))?;
    Ok(Some(paths.len()))
}

/// Past this many changed pages (or a quarter of the site) a full render is as quick, and it
/// replaces the site all at once.
const MAX_RERENDER: usize = 500;

/// `sitemap.xml`, when the guide has a `base_url`: every page but the 404 page.
fn put_sitemap(
    shared: &Shared,
    paths: &[String],
    staging: Option<&Staging>,
) -> Result<(), RenderError> {
    let (Some(base), Some(staging)) = (&shared.base, staging) else {
        return Ok(());
    };
    let pages: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "404.html")
        .collect();
    let sitemap = crate::output::publish::sitemap(base, &pages);
    staging
        .put(&sitemap.path, &sitemap.bytes)
        .map_err(RenderError::Write)
}

/// Feeds what is written into a hasher: fingerprints of views, without building a string.
struct HashWriter<'h>(&'h mut std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of some views, as their JSON would be written.
fn digest_of(parts: &[&dyn erased::Digest]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for part in parts {
        part.feed(&mut HashWriter(&mut hasher));
    }
    std::hash::Hasher::finish(&hasher)
}

mod erased {
    /// A view that can be hashed through a `dyn` reference (serde's `Serialize` cannot).
    pub trait Digest {
        fn feed(&self, out: &mut super::HashWriter);
    }

    impl<T: serde::Serialize> Digest for T {
        fn feed(&self, out: &mut super::HashWriter) {
            // Writing into a hasher cannot fail; a view that cannot be serialized would also
            // fail to render, which reports it.
            let _ = serde_json::to_writer(out, self);
        }
    }
}

impl<'a> Shared<'a> {
    fn render(&self, theme: &Theme, job: &Job<'a>) -> Result<Rendered, Box<Diagnostic>> {
        let page_only = |file| Rendered {
            file,
            chapter: None,
            found: Vec::new(),
        };
        match *job {
            Job::Home => self
                .page(theme, &Page::Home, "index.html", |ctx, _| {
                    ctx.insert("situations", &self.situation_summaries());
                    ctx.insert("articles", &self.free_articles());
                    ctx.insert("kinds", &self.kind_views());
                    ctx.insert("numbers", &self.phone_channels());
                    ctx.insert("others", &self.unlisted_channels());
                })
                .map(page_only),
            Job::Situation(situation) => self.situation_page(theme, situation),
            Job::Article(article) => self.article_page(theme, article),
            Job::Sources => self
                .page(theme, &Page::Sources, "sources.html", |ctx, _| {
                    ctx.insert("sources", &self.source_groups());
                })
                .map(page_only),
            Job::CheatSheet => self
                .page(theme, &Page::CheatSheet, "cheatsheet.html", |ctx, _| {
                    ctx.insert("situations", &self.cheatsheet_situations());
                    ctx.insert("numbers", &self.phone_channels());
                })
                .map(page_only),
            Job::NotFound => self.not_found_page(theme).map(page_only),
        }
    }

    /// A situation's page and its print chapter, with the article it shows parsed once for both.
    fn situation_page(
        &self,
        theme: &Theme,
        situation: &'a Situation,
    ) -> Result<Rendered, Box<Diagnostic>> {
        let page = Page::Situation(&situation.id.value);
        let article = self.article_on.get(situation.id.value.as_str()).copied();
        let parsed = article.map(|a| crate::markdown::parse(a.body()));
        let both = article.zip(parsed.as_ref());
        let found = both.map_or_else(Vec::new, |(a, parsed)| self.check_parsed(a, parsed));
        // The article sits under the situation's h1 and h2s on its page.
        let views = both
            .map(|(a, parsed)| self.article_views(a, parsed, &page.output_path(), 1))
            .unzip();
        let templates = ["situation.html", "print_situation.html"];
        self.page_with_chapter(theme, &page, templates, views, found, |ctx| {
            ctx.insert("situation", &self.situation_view(situation, false));
        })
    }

    /// An article's own page and its print chapter, from one parse of its body.
    fn article_page(
        &self,
        theme: &Theme,
        article: &'a Article,
    ) -> Result<Rendered, Box<Diagnostic>> {
        let parsed = crate::markdown::parse(article.body());
        let found = self.check_parsed(article, &parsed);
        let page = Page::Article(&article.slug);
        let views = self.article_views(article, &parsed, &page.output_path(), 0);
        let templates = ["article.html", "print_article.html"];
        self.page_with_chapter(theme, &page, templates, views, found, |_| {})
    }

    /// A page and its print chapter from their two `templates`: each gets what `fill` adds
    /// and its own view of the article (`views`: the page's, then the chapter's). `found` is
    /// what the checks found in that article.
    fn page_with_chapter<V: Serialize>(
        &self,
        theme: &Theme,
        page: &Page,
        [page_template, chapter_template]: [&str; 2],
        (on_page, in_chapter): (V, V),
        found: Vec<Diagnostic>,
        fill: impl Fn(&mut tera::Context),
    ) -> Result<Rendered, Box<Diagnostic>> {
        let file = self.page(theme, page, page_template, |ctx, _| {
            fill(ctx);
            ctx.insert("article", &on_page);
        })?;
        let chapter = self.print_chapter(theme, chapter_template, |ctx, _| {
            fill(ctx);
            ctx.insert("article", &in_chapter);
        })?;
        Ok(Rendered {
            file,
            chapter: Some(chapter),
            found,
        })
    }

    /// The print page's shell (cover, contents, map, sources), split where its chapters go.
    /// The page is as big as the whole site, so its chapters are streamed into the file
    /// between the two parts as they render, instead of being held in memory.
    fn print_shell(&self, theme: &Theme) -> Result<(Vec<u8>, Vec<u8>), RenderError> {
        let path = Page::Print.output_path();
        let canonical = self
            .base
            .as_ref()
            .map(|b| crate::output::publish::canonical_url(b, &path));
        let mut shell = Vec::with_capacity(64 * 1024);
        let fill = |ctx: &mut tera::Context, _: &str| self.fill_print(ctx);
        let root = root_prefix(&path);
        self.render_into(
            theme,
            &path,
            &root,
            canonical,
            "print.html",
            fill,
            &mut shell,
        )?;
        let (head, tail) = split_at_mark(&shell);
        Ok((head.to_vec(), tail))
    }

    /// Every page but the print page, in the print page's order: the home page, situations,
    /// articles with their own page, then the rest.
    fn jobs(&self) -> Vec<Job<'a>> {
        let mut jobs = vec![Job::Home];
        jobs.extend(self.site.guide.situations.iter().map(Job::Situation));
        jobs.extend(self.free_article_list().into_iter().map(Job::Article));
        jobs.extend([Job::Sources, Job::CheatSheet, Job::NotFound]);
        jobs
    }

    fn job_path(&self, job: &Job) -> String {
        match *job {
            Job::Home => Page::Home.output_path(),
            Job::Situation(s) => Page::Situation(&s.id.value).output_path(),
            Job::Article(a) => Page::Article(&a.slug).output_path(),
            Job::Sources => Page::Sources.output_path(),
            Job::CheatSheet => Page::CheatSheet.output_path(),
            Job::NotFound => NOT_FOUND.into(),
        }
    }

    /// For each job, a hash of what its page (and print chapter) is rendered from, besides
    /// what every page shows (`site_digest`) and the theme. Each situation's view is hashed
    /// once, for its own page, the home page and the cheat sheet.
    fn fingerprints(&self, jobs: &[Job<'a>]) -> Vec<u64> {
        let views: HashMap<&str, u64> = self
            .site
            .guide
            .situations
            .par_iter()
            .map(|s| {
                (
                    s.id.value.as_str(),
                    digest_of(&[&self.situation_view(s, false)]),
                )
            })
            .collect();
        let all_views: Vec<u64> = self
            .site
            .guide
            .situations
            .iter()
            .map(|s| views[s.id.value.as_str()])
            .collect();
        jobs.par_iter()
            .map(|job| match *job {
                Job::Home => digest_of(&[
                    &"home",
                    &self.overview_digest(),
                    &self.kind_views(),
                    &self.phone_channels(),
                    &self.unlisted_channels(),
                ]),
                Job::Situation(s) => {
                    let article = self.article_on.get(s.id.value.as_str());
                    digest_of(&[
                        &"situation",
                        &views[s.id.value.as_str()],
                        &article.map(|a| (&a.slug, a.digest)),
                    ])
                }
                Job::Article(a) => digest_of(&[&"article", &a.slug, &a.digest]),
                Job::Sources => digest_of(&[&"sources", &self.source_groups()]),
                // The QR codes are drawn from the entry URLs, which the views hold.
                Job::CheatSheet => digest_of(&[&"cheatsheet", &all_views, &self.phone_channels()]),
                Job::NotFound => digest_of(&[&"404"]),
            })
            .collect()
    }

    /// A hash of what every page shows or depends on: the site's view (title, navigation,
    /// dates), the public address, raw HTML allowed or not, and where links lead.
    fn site_digest(&self) -> u64 {
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
        digest_of(&[
            &self.site_view,
            &self.base.as_ref().map(|b| b.as_str()),
            &self.site.guide.allow_raw_html,
            &leads,
            &situations,
        ])
    }

    /// A hash of what the print page's shell is rendered from.
    fn shell_digest(&self) -> u64 {
        digest_of(&[
            &self.overview_digest(),
            &self.kind_views(),
            &self.source_groups(),
        ])
    }

    /// A hash of the overviews (the situations' summaries, the articles' titles) that the home
    /// page and the print page's shell both list; computed once.
    fn overview_digest(&self) -> u64 {
        *self
            .overview
            .get_or_init(|| digest_of(&[&self.situation_summaries(), &self.free_articles()]))
    }

    /// One chapter of the print page, rendered on its own so chapters render in parallel.
    fn print_chapter(
        &self,
        theme: &Theme,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let print = Page::Print.output_path();
        let file = self.render_at(
            theme,
            print.clone(),
            &root_prefix(&print),
            None,
            template,
            fill,
        )?;
        Ok(file.bytes)
    }
}

/// The 404 page's file (its template has the same name).
const NOT_FOUND: &str = "404.html";

/// How many pages render in parallel before their print chapters are written out: enough to
/// keep every core busy, few enough that chapters never pile up in memory.
const BATCH: usize = 1024;

/// What the print page's shell shows where its chapters go; they are written in its place.
/// Tera escapes every value from the guide, so guide text cannot produce it.
const CHAPTERS_MARK: &str = "<!-- madoguchi: the chapters go here -->";

/// The shell split where the chapters go. A shell without the mark (a theme that leaves the
/// chapters out) is all head; a second mark is dropped, as chapters are written once.
fn split_at_mark(shell: &[u8]) -> (&[u8], Vec<u8>) {
    // Tera writes only UTF-8 (templates and values are strings).
    let text = std::str::from_utf8(shell).unwrap_or_default();
    match text.find(CHAPTERS_MARK) {
        Some(at) => {
            let tail = text[at + CHAPTERS_MARK.len()..].replace(CHAPTERS_MARK, "");
            (&shell[..at], tail.into_bytes())
        }
        None => (shell, Vec::new()),
    }
}

/// A page as its batch gives it back: its path, what it was rendered from (with a memo), its
/// print chapter and what the checks found in its article.
type Done = (String, Option<u64>, Option<Vec<u8>>, Vec<Diagnostic>);

/// What a full render gathers from its batches, in the pages' order.
struct Gathered<'m> {
    print: PrintWriter,
    paths: Vec<String>,
    found: Vec<Diagnostic>,
    memo: Option<&'m mut RenderMemo>,
}

impl Gathered<'_> {
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

/// A chapter as the memo keeps it until the next render (`serve`): only the memory it uses.
fn kept(chapter: Option<Vec<u8>>) -> Option<Vec<u8>> {
    chapter.map(|mut bytes| {
        bytes.shrink_to_fit();
        bytes
    })
}

/// The print page being written: the head of its shell, each chapter in order, then the tail
/// (`None`: rendered for `check`, and dropped).
struct PrintWriter {
    file: Option<StagedFile>,
}

impl PrintWriter {
    fn start(staging: Option<&Staging>, head: &[u8]) -> Result<PrintWriter, RenderError> {
        let file = match staging {
            Some(staging) => Some(
                staging
                    .open(&Page::Print.output_path())
                    .map_err(RenderError::Write)?,
            ),
            None => None,
        };
        let mut print = PrintWriter { file };
        print.write_bytes(head)?;
        Ok(print)
    }

    fn write(&mut self, chapter: &[u8]) -> Result<(), RenderError> {
        self.write_bytes(chapter)
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), RenderError> {
        match &mut self.file {
            Some(file) => file.writer.write_all(bytes).map_err(|e| failed_print(&e)),
            None => Ok(()),
        }
    }

    /// Writes the tail and returns the page's path.
    fn finish(self, tail: &[u8]) -> Result<String, RenderError> {
        if let Some(file) = self.written(tail)? {
            file.commit().map_err(RenderError::Write)?;
        }
        Ok(Page::Print.output_path())
    }

    /// Writes the tail; the file is complete, but only `commit` puts it in place.
    fn written(mut self, tail: &[u8]) -> Result<Option<StagedFile>, RenderError> {
        self.write_bytes(tail)?;
        Ok(self.file)
    }
}

fn failed_print(e: &std::io::Error) -> RenderError {
    RenderError::Write(format!(
        "failed to write `{}`: {e}",
        Page::Print.output_path()
    ))
}

/// The QR code of every channel that is some situation's first window, by channel id.
/// Each URL is encoded once, however many channels lead to it, and the codes in parallel:
/// finding the best mask makes a code cost far more than a page. `known` holds codes by URL
/// from earlier builds (`serve`), and gains the new ones.
fn qr_codes<'s>(
    site: &'s Site,
    known: &mut HashMap<String, String>,
) -> Result<BTreeMap<&'s str, String>, Box<Diagnostic>> {
    let guide = &site.guide;
    let firsts: HashSet<&str> = guide
        .situations
        .iter()
        .flat_map(|s| &s.first)
        .map(|id| id.value.as_str())
        .collect();
    let entries: Vec<(&Channel, &crate::model::Text)> = guide
        .channels
        .iter()
        .filter(|c| firsts.contains(c.id.value.as_str()))
        .map(|c| (c, c.url.as_ref().unwrap_or(&c.source.url)))
        .collect();
    let new_urls: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|(_, entry)| entry.value.as_str())
        .filter(|url| !known.contains_key(*url))
        .collect();
    let encoded: Vec<(&str, Result<String, String>)> = new_urls
        .into_par_iter()
        .map(|url| (url, crate::render::qr::svg(url)))
        .collect();
    let mut failed = HashMap::new();
    for (url, svg) in encoded {
        match svg {
            Ok(svg) => {
                known.insert(url.to_owned(), svg);
            }
            Err(e) => {
                failed.insert(url, e);
            }
        }
    }
    let mut codes = BTreeMap::new();
    // The first failure in channel order, so the same guide always gets the same report.
    for (channel, entry) in entries {
        if let Some(e) = failed.get(entry.value.as_str()) {
            return Err(Box::new(
                Diagnostic::error(format!(
                    "the official URL of `{}` does not fit in a QR code",
                    channel.id.value
                ))
                .at(&site.guide_file, crate::model::span_of(entry, 0))
                .label(e.clone())
                .help("link to a shorter official entry page"),
            ));
        }
        if let Some(svg) = known.get(&entry.value) {
            codes.insert(channel.id.value.as_str(), svg.clone());
        }
    }
    Ok(codes)
}

/// Where an `@/` link points on the print page, which holds every page as a section.
fn print_anchor(page: &Page) -> String {
    match page {
        Page::Home | Page::Print => "top".into(),
        Page::Sources => "sources".into(),
        // The cheat sheet is a summary of the situation map, which the print page opens with.
        Page::CheatSheet => "map".into(),
        Page::Situation(id) => format!("situation-{id}"),
        Page::Article(slug) => format!("article-{slug}"),
    }
}

impl<'a> Shared<'a> {
    fn new(
        site: &'a Site,
        qr_codes: &'a BTreeMap<&'a str, String>,
        check: Option<&'a ArticleRules<'a>>,
    ) -> Self {
        let guide = &site.guide;
        let dates = guide
            .channels
            .iter()
            .map(|c| c.source.checked.value.as_str());
        let view = SiteView {
            title: &guide.title.value,
            description: guide.description.as_ref().map(|d| d.value.as_str()),
            lang: &guide.lang.value,
            rules: guide.rules.iter().map(|r| r.value.as_str()).collect(),
            nav: nav(guide),
            nav_more: guide.situations.len() > NAV_LIMIT,
            checked_oldest: dates.clone().min().unwrap_or(""),
            checked_newest: dates.max().unwrap_or(""),
        };
        let channels = guide
            .channels
            .iter()
            .map(|c| {
                let qr = qr_codes.get(c.id.value.as_str()).map(String::as_str);
                (c.id.value.as_str(), channel_view(c, qr))
            })
            .collect();
        let mut article_on = HashMap::new();
        for article in &site.articles {
            if let Some(id) = site.situation_of(article) {
                article_on.entry(id).or_insert(article);
            }
        }
        Shared {
            site,
            view: tera::Value::from_serializable(&view),
            site_view: view,
            overview: std::sync::OnceLock::new(),
            channels,
            base: crate::output::publish::base_url(guide),
            article_on,
            check,
        }
    }

    /// What the article checks find in `article`, from the parse that renders it.
    fn check_parsed(&self, article: &Article, parsed: &Parsed) -> Vec<Diagnostic> {
        self.check
            .map_or_else(Vec::new, |rules| rules.check(article, &parsed.scan()))
    }

    /// Whether a page shows `article`: its own page, or the page of the situation it belongs
    /// to, unless that situation is missing or shows another article.
    fn renders(&self, article: &Article) -> bool {
        match self.site.situation_of(article) {
            None => true,
            Some(id) => {
                self.site.situation(id).is_some()
                    && self
                        .article_on
                        .get(id)
                        .is_some_and(|shown| std::ptr::eq(*shown, article))
            }
        }
    }

    /// Checks the articles no page shows (an article whose situation shows another), each
    /// parsed for it: with the pages' own checks, every article is checked once.
    fn check_unshown(&self, rules: &ArticleRules) -> Vec<Diagnostic> {
        let unshown: Vec<&Article> = self
            .site
            .articles
            .iter()
            .filter(|a| !self.renders(a))
            .collect();
        rules.check_all(&unshown)
    }

    /// `404.html`: links lead from the site root (absolute under `base_url`), since a static
    /// host serves it at whatever path was missing.
    fn not_found_page(&self, theme: &Theme) -> Result<OutputFile, Box<Diagnostic>> {
        let root = self.base.as_ref().map_or(String::new(), |b| b.to_string());
        self.render_at(theme, NOT_FOUND.into(), &root, None, "404.html", |_, _| {})
    }

    /// Renders one page: the shared context plus what `fill` adds.
    fn page(
        &self,
        theme: &Theme,
        page: &Page,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<OutputFile, Box<Diagnostic>> {
        let path = page.output_path();
        let canonical = self
            .base
            .as_ref()
            .map(|b| crate::output::publish::canonical_url(b, &path));
        self.render_at(
            theme,
            path.clone(),
            &root_prefix(&path),
            canonical,
            template,
            fill,
        )
    }

    fn render_at(
        &self,
        theme: &Theme,
        path: String,
        root: &str,
        canonical: Option<String>,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<OutputFile, Box<Diagnostic>> {
        // Straight into bytes: the output is written as bytes, so no UTF-8 re-check of a String.
        let mut bytes = Vec::with_capacity(8 * 1024);
        self.render_into(theme, &path, root, canonical, template, fill, &mut bytes)?;
        Ok(OutputFile { path, bytes })
    }

    #[allow(clippy::too_many_arguments)]
    fn render_into(
        &self,
        theme: &Theme,
        path: &str,
        root: &str,
        canonical: Option<String>,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
        out: &mut dyn std::io::Write,
    ) -> Result<(), Box<Diagnostic>> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.view.clone());
        ctx.insert("root", root);
        ctx.insert("page_path", path);
        ctx.insert("canonical", &canonical);
        fill(&mut ctx, path);
        theme.tera.render_to(template, &ctx, out).map_err(|e| {
            Box::new(
                Diagnostic::error(format!("template `{template}` failed to render `{path}`"))
                    .in_file(format!("themes/…/templates/{template}"))
                    .help(error_chain(&e)),
            )
        })
    }

    /// The named channels' views. QR codes (kilobytes of SVG each) go only where a page prints
    /// them: copying them into every situation's context made big guides slow.
    fn channels_named(&self, ids: &[crate::model::Text], with_qr: bool) -> Vec<ChannelView<'a>> {
        ids.iter()
            .filter_map(|id| self.channels.get(id.value.as_str()))
            .map(|c| ChannelView {
                qr: c.qr.filter(|_| with_qr),
                ..c.clone()
            })
            .collect()
    }

    fn situation_view(&self, s: &'a Situation, with_qr: bool) -> SituationView<'a> {
        SituationView {
            id: &s.id.value,
            title: &s.title.value,
            summary: &s.summary.value,
            urgent: s.urgent.as_ref().map(|u| u.value.as_str()),
            first: self.channels_named(&s.first, with_qr),
            also: self.channels_named(&s.also, false),
            steps: s.steps.iter().map(|t| t.value.as_str()).collect(),
            avoid: s.avoid.as_ref().map(|a| a.value.as_str()),
            href: Page::Situation(&s.id.value).output_path(),
            anchor: print_anchor(&Page::Situation(&s.id.value)),
        }
    }

    /// Every situation with its first windows' QR codes, for the cheat sheet.
    fn cheatsheet_situations(&self) -> Vec<SituationView<'a>> {
        self.site
            .guide
            .situations
            .iter()
            .map(|s| self.situation_view(s, true))
            .collect()
    }

    /// An article as its page shows it (at `page_path`, headings shifted by `heading_shift`)
    /// and as its print chapter does (one level deeper, links leading to the print page's
    /// sections), from one run of the HTML writer.
    fn article_views(
        &self,
        article: &'a Article,
        parsed: &Parsed,
        page_path: &str,
        heading_shift: u8,
    ) -> (ArticleView<'a>, ArticleView<'a>) {
        let on_page = RenderContext {
            site: self.site,
            page_path,
            heading_shift,
            anchor_for: None,
        };
        let print_path = Page::Print.output_path();
        let in_chapter = RenderContext {
            site: self.site,
            page_path: &print_path,
            heading_shift: heading_shift + 1,
            anchor_for: Some(&print_anchor),
        };
        let (page_html, chapter_html) = parsed.to_html_twice(&on_page, &in_chapter);
        let view = |html| ArticleView {
            title: &article.front.title.value,
            html,
            href: Page::Article(&article.slug).output_path(),
            anchor: print_anchor(&Page::Article(&article.slug)),
        };
        (view(page_html), view(chapter_html))
    }

    /// The print page's shell: every page of the site is a chapter (rendered with the pages,
    /// streamed in where `chapters` stands), links turned into in-page anchors.
    fn fill_print(&self, ctx: &mut tera::Context) {
        let free: Vec<ArticleView<'a>> = self
            .free_article_list()
            .into_iter()
            .map(|a| ArticleView {
                title: &a.front.title.value,
                html: String::new(),
                href: Page::Article(&a.slug).output_path(),
                anchor: print_anchor(&Page::Article(&a.slug)),
            })
            .collect();
        ctx.insert("situations", &self.situation_summaries());
        ctx.insert("articles", &free);
        ctx.insert("kinds", &self.kind_views());
        ctx.insert("sources", &self.source_groups());
        ctx.insert_value("chapters", tera::Value::safe_string(CHAPTERS_MARK));
    }

    fn situation_summaries(&self) -> Vec<SituationSummary<'a>> {
        let names = |ids: &'a [crate::model::Text]| {
            ids.iter()
                .filter_map(|id| self.channels.get(id.value.as_str()))
                .map(|c| ChannelName { name: c.name })
                .collect()
        };
        self.site
            .guide
            .situations
            .iter()
            .map(|s| SituationSummary {
                id: &s.id.value,
                title: &s.title.value,
                summary: &s.summary.value,
                urgent: s.urgent.as_ref().map(|u| u.value.as_str()),
                href: Page::Situation(&s.id.value).output_path(),
                anchor: print_anchor(&Page::Situation(&s.id.value)),
                first: names(&s.first),
                also: names(&s.also),
            })
            .collect()
    }

    /// Articles with their own page, by `order` then path, for the home page.
    fn free_articles(&self) -> Vec<NavItem<'a>> {
        self.free_article_list()
            .into_iter()
            .map(|a| NavItem {
                title: &a.front.title.value,
                href: Page::Article(&a.slug).output_path(),
            })
            .collect()
    }

    /// Articles with their own page, by `order` then path.
    fn free_article_list(&self) -> Vec<&'a Article> {
        let mut free: Vec<&Article> = self
            .site
            .articles
            .iter()
            .filter(|a| self.site.situation_of(a).is_none())
            .collect();
        free.sort_by(|a, b| {
            (a.front.order.unwrap_or(i64::MAX), &a.slug)
                .cmp(&(b.front.order.unwrap_or(i64::MAX), &b.slug))
        });
        free
    }

    fn kind_views(&self) -> Vec<KindView<'a>> {
        self.site
            .guide
            .channel_kinds
            .iter()
            .map(|k| KindView {
                kind: k.kind.value.as_str(),
                label: &k.label.value,
                suits: &k.suits.value,
                merits: &k.merits.value,
                channels: self
                    .site
                    .guide
                    .channels
                    .iter()
                    .filter(|c| c.kind.value == k.kind.value)
                    .map(|c| NavItem {
                        title: &c.name.value,
                        href: String::new(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// One entry per cited page, listing the channels that cite it, in the order of the data.
    fn source_groups(&self) -> Vec<SourceGroup<'a>> {
        let mut groups: Vec<SourceGroup<'a>> = Vec::new();
        for c in &self.site.guide.channels {
            let s = &c.source;
            match groups.iter_mut().find(|g| g.url == s.url.value) {
                Some(g) => {
                    g.channels.push(&c.name.value);
                    g.checked = g.checked.min(&s.checked.value);
                }
                None => groups.push(SourceGroup {
                    url: &s.url.value,
                    title: &s.title.value,
                    checked: &s.checked.value,
                    channels: vec![&c.name.value],
                }),
            }
        }
        groups
    }

    /// Channels that no situation names (public bodies and the like), for the home page.
    fn unlisted_channels(&self) -> Vec<ChannelView<'a>> {
        let named: HashSet<&str> = self
            .site
            .guide
            .situations
            .iter()
            .flat_map(|s| s.first.iter().chain(&s.also))
            .map(|c| c.value.as_str())
            .collect();
        self.site
            .guide
            .channels
            .iter()
            .filter(|c| !named.contains(c.id.value.as_str()))
            .filter_map(|c| self.channels.get(c.id.value.as_str()).cloned())
            .collect()
    }

    fn phone_channels(&self) -> Vec<ChannelView<'a>> {
        self.site
            .guide
            .channels
            .iter()
            .filter(|c| c.phone.is_some())
            .filter_map(|c| self.channels.get(c.id.value.as_str()).cloned())
            .collect()
    }
}

/// The header's situation links: all of them, or the first `NAV_LIMIT` (the template then
/// links the home page's full list).
fn nav(guide: &crate::model::Guide) -> Vec<NavItem<'_>> {
    guide
        .situations
        .iter()
        .take(NAV_LIMIT)
        .map(|s| NavItem {
            title: &s.title.value,
            href: Page::Situation(&s.id.value).output_path(),
        })
        .collect()
}

fn channel_view<'a>(c: &'a Channel, qr: Option<&'a str>) -> ChannelView<'a> {
    ChannelView {
        id: &c.id.value,
        name: &c.name.value,
        kind: c.kind.value.as_str(),
        owner: &c.owner.value,
        how: &c.how.value,
        hours: c.hours.as_ref().map(|h| h.value.as_str()),
        phone: c.phone.as_ref().map(|p| p.value.as_str()),
        url: c.url.as_ref().map(|u| u.value.as_str()),
        entry_url: c.url.as_ref().unwrap_or(&c.source.url).value.as_str(),
        qr,
        source: SourceView {
            url: &c.source.url.value,
            title: &c.source.title.value,
            checked: &c.source.checked.value,
        },
    }
}
