//! Render: the checked site → HTML strings, one per page, through the theme's Tera templates.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::links::{root_prefix, Page};
use crate::markdown::{Parsed, RenderContext};
use crate::model::{Article, Channel, Site, Situation};
use crate::theme::{error_chain, Theme};
use crate::write::Staging;

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
    channels: BTreeMap<&'a str, ChannelView<'a>>,
    /// The public address from `base_url`, for canonical links and the sitemap.
    base: Option<url::Url>,
    /// Situation id → the article its page shows.
    article_on: HashMap<&'a str, &'a Article>,
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

/// A rendered page, and its chapter of the print page if it has one.
struct Rendered {
    file: OutputFile,
    chapter: Option<String>,
}

/// Renders every page and writes each into `staging` as soon as it is rendered, so a big guide
/// never waits in memory (`None`, for `check`: render, and keep nothing). Returns the number
/// of pages.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    staging: Option<&Staging>,
) -> Result<usize, RenderError> {
    let qr_codes = qr_codes(site)?;
    let shared = Shared::new(site, &qr_codes);
    // In the print page's order: situations, then articles with their own page.
    let mut jobs = vec![Job::Home];
    jobs.extend(site.guide.situations.iter().map(Job::Situation));
    jobs.extend(shared.free_article_list().into_iter().map(Job::Article));
    jobs.extend([Job::Sources, Job::CheatSheet, Job::NotFound]);
    let put = |file: &OutputFile| match staging {
        Some(staging) => staging
            .put(&file.path, &file.bytes)
            .map_err(RenderError::Write),
        None => Ok(()),
    };
    let render_batch = |batch: &[Job<'_>]| {
        batch
            .par_iter()
            .map(|job| {
                let Rendered { file, chapter } = shared.render(theme, job)?;
                put(&file)?;
                Ok((file.path, chapter))
            })
            .collect::<Result<Vec<(String, Option<String>)>, RenderError>>()
    };
    // Pages render in parallel a batch at a time; each batch's print chapters are then
    // appended to the print page in order, so chapters never pile up in memory. The print
    // page's shell (its contents list names every page) renders beside the first batch.
    let mut batches = jobs.chunks(BATCH);
    let first = batches.next().unwrap_or_default();
    let (print, first) = rayon::join(|| shared.print_page(theme, staging), || render_batch(first));
    let mut print = print?;
    let mut paths = Vec::with_capacity(jobs.len() + 1);
    for done in std::iter::once(first).chain(batches.map(render_batch)) {
        for (path, chapter) in done? {
            paths.push(path);
            print.write(chapter.as_deref().unwrap_or(""))?;
        }
    }
    paths.push(print.finish()?);
    if let Some(base) = &shared.base {
        // Every page but the 404 page, which is not a page to index.
        let pages: Vec<&str> = paths
            .iter()
            .map(String::as_str)
            .filter(|p| *p != "404.html")
            .collect();
        put(&crate::publish::sitemap(base, &pages))?;
    }
    Ok(paths.len())
}

impl<'a> Shared<'a> {
    fn render(&self, theme: &Theme, job: &Job<'a>) -> Result<Rendered, Box<Diagnostic>> {
        let page_only = |file| Rendered {
            file,
            chapter: None,
        };
        match *job {
            Job::Home => self
                .page(theme, &Page::Home, "index.html", |ctx, path| {
                    ctx.insert("situations", &self.situation_views(false));
                    ctx.insert("articles", &self.free_articles(path));
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
                    ctx.insert("situations", &self.situation_views(true));
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
        let file = self.page(theme, &page, "situation.html", |ctx, path| {
            ctx.insert("situation", &self.situation_view(situation, false));
            let view = both.map(|(a, parsed)| self.article_view(a, parsed, path, 1, None));
            ctx.insert("article", &view);
        })?;
        let chapter = self.print_chapter(theme, "print_situation.html", |ctx, path| {
            ctx.insert("situation", &self.situation_view(situation, false));
            let view =
                both.map(|(a, parsed)| self.article_view(a, parsed, path, 2, Some(&print_anchor)));
            ctx.insert("article", &view);
        })?;
        Ok(Rendered {
            file,
            chapter: Some(chapter),
        })
    }

    /// An article's own page and its print chapter, from one parse of its body.
    fn article_page(
        &self,
        theme: &Theme,
        article: &'a Article,
    ) -> Result<Rendered, Box<Diagnostic>> {
        let parsed = crate::markdown::parse(article.body());
        let page = Page::Article(&article.slug);
        let file = self.page(theme, &page, "article.html", |ctx, path| {
            ctx.insert(
                "article",
                &self.article_view(article, &parsed, path, 0, None),
            );
        })?;
        let chapter = self.print_chapter(theme, "print_article.html", |ctx, path| {
            let view = self.article_view(article, &parsed, path, 1, Some(&print_anchor));
            ctx.insert("article", &view);
        })?;
        Ok(Rendered {
            file,
            chapter: Some(chapter),
        })
    }

    /// Starts the print page: renders its shell (cover, contents, map, sources) and writes the
    /// part before the chapters. The page is as big as the whole site, so its chapters are
    /// streamed in as they render instead of being held in memory.
    fn print_page<'s>(
        &self,
        theme: &Theme,
        staging: Option<&'s Staging>,
    ) -> Result<PrintWriter<'s>, RenderError> {
        let path = Page::Print.output_path();
        let canonical = self
            .base
            .as_ref()
            .map(|b| crate::publish::canonical_url(b, &path));
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
        let out: Box<dyn std::io::Write + Send + 's> = match staging {
            Some(staging) => Box::new(staging.open(&path).map_err(RenderError::Write)?),
            None => Box::new(std::io::sink()),
        };
        let (head, tail) = split_at_mark(&shell);
        let mut print = PrintWriter {
            out,
            tail: tail.to_vec(),
            path,
        };
        print.write_bytes(head)?;
        Ok(print)
    }

    /// One chapter of the print page, rendered on its own so chapters render in parallel.
    fn print_chapter(
        &self,
        theme: &Theme,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<String, Box<Diagnostic>> {
        let print = Page::Print.output_path();
        let file = self.render_at(
            theme,
            print.clone(),
            &root_prefix(&print),
            None,
            template,
            fill,
        )?;
        // Chapters wait in memory until the print page is written: keep only what they use.
        let mut bytes = file.bytes;
        bytes.shrink_to_fit();
        // Tera writes only UTF-8 (templates and values are strings).
        Ok(String::from_utf8(bytes).unwrap_or_default())
    }
}

/// How many pages render in parallel before their print chapters are written out: enough to
/// keep every core busy, few enough that chapters never pile up in memory.
const BATCH: usize = 1024;

/// What the print page's shell shows where its chapters go; they are written in its place.
/// Tera escapes every value from the guide, so guide text cannot produce it.
const CHAPTERS_MARK: &str = "<!-- madoguchi: the chapters go here -->";

/// The shell split where the chapters go. A shell without the mark (a theme that leaves the
/// chapters out) is all head; a second mark is dropped, as chapters are written once.
fn split_at_mark(shell: &[u8]) -> (&[u8], Vec<u8>) {
    let mark = CHAPTERS_MARK.as_bytes();
    match shell.windows(mark.len()).position(|w| w == mark) {
        Some(at) => {
            let tail =
                String::from_utf8_lossy(&shell[at + mark.len()..]).replace(CHAPTERS_MARK, "");
            (&shell[..at], tail.into_bytes())
        }
        None => (shell, Vec::new()),
    }
}

/// The print page being written: the head of its shell, each chapter in order, then the tail.
struct PrintWriter<'s> {
    out: Box<dyn std::io::Write + Send + 's>,
    tail: Vec<u8>,
    path: String,
}

impl PrintWriter<'_> {
    fn write(&mut self, chapter: &str) -> Result<(), RenderError> {
        self.write_bytes(chapter.as_bytes())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), RenderError> {
        self.out.write_all(bytes).map_err(|e| self.failed(&e))
    }

    /// Writes the tail and returns the page's path.
    fn finish(mut self) -> Result<String, RenderError> {
        let tail = std::mem::take(&mut self.tail);
        self.write_bytes(&tail)?;
        self.out.flush().map_err(|e| self.failed(&e))?;
        Ok(self.path)
    }

    fn failed(&self, e: &std::io::Error) -> RenderError {
        RenderError::Write(format!("failed to write `{}`: {e}", self.path))
    }
}

/// The QR code of every channel that is some situation's first window, by channel id.
/// Each channel is encoded once, however many situations name it, and the codes in parallel:
/// finding the best mask makes a code cost far more than a page.
fn qr_codes(site: &Site) -> Result<BTreeMap<&str, String>, Box<Diagnostic>> {
    let guide = &site.guide;
    let firsts: std::collections::BTreeSet<&str> = guide
        .situations
        .iter()
        .flat_map(|s| &s.first)
        .map(|id| id.value.as_str())
        .collect();
    let channels: Vec<&Channel> = firsts
        .into_iter()
        .filter_map(|id| guide.channel(id))
        .collect();
    channels
        .par_iter()
        .map(|channel| {
            let entry = channel.url.as_ref().unwrap_or(&channel.source.url);
            let svg = crate::qr::svg(&entry.value).map_err(|e| {
                Box::new(
                    Diagnostic::error(format!(
                        "the official URL of `{}` does not fit in a QR code",
                        channel.id.value
                    ))
                    .at(&site.guide_file, crate::model::span_of(entry, 0))
                    .label(e)
                    .help("link to a shorter official entry page"),
                )
            })?;
            Ok((channel.id.value.as_str(), svg))
        })
        .collect()
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
    fn new(site: &'a Site, qr_codes: &'a BTreeMap<&'a str, String>) -> Self {
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
            channels,
            base: crate::publish::base_url(guide),
            article_on,
        }
    }

    /// `404.html`: links lead from the site root (absolute under `base_url`), since a static
    /// host serves it at whatever path was missing.
    fn not_found_page(&self, theme: &Theme) -> Result<OutputFile, Box<Diagnostic>> {
        let root = self.base.as_ref().map_or(String::new(), |b| b.to_string());
        self.render_at(theme, "404.html".into(), &root, None, "404.html", |_, _| {})
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
            .map(|b| crate::publish::canonical_url(b, &path));
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

    fn situation_views(&self, with_qr: bool) -> Vec<SituationView<'a>> {
        self.site
            .guide
            .situations
            .iter()
            .map(|s| self.situation_view(s, with_qr))
            .collect()
    }

    fn article_view(
        &self,
        article: &'a Article,
        parsed: &Parsed,
        page_path: &str,
        heading_shift: u8,
        anchor_for: Option<&dyn Fn(&Page) -> String>,
    ) -> ArticleView<'a> {
        let ctx = RenderContext {
            site: self.site,
            page_path,
            heading_shift,
            anchor_for,
        };
        ArticleView {
            title: &article.front.title.value,
            html: parsed.to_html(&ctx),
            href: Page::Article(&article.slug).output_path(),
            anchor: print_anchor(&Page::Article(&article.slug)),
        }
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
        ctx.insert("situations", &self.situation_views(false));
        ctx.insert("articles", &free);
        ctx.insert("kinds", &self.kind_views());
        ctx.insert("sources", &self.source_groups());
        ctx.insert_value("chapters", tera::Value::safe_string(CHAPTERS_MARK));
    }

    /// Articles with their own page, by `order` then path, for the home page.
    fn free_articles(&self, _from: &str) -> Vec<NavItem<'a>> {
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
        let situations = &self.site.guide.situations;
        let named = |id: &str| {
            situations
                .iter()
                .any(|s| s.first.iter().chain(&s.also).any(|c| c.value == id))
        };
        self.site
            .guide
            .channels
            .iter()
            .filter(|c| !named(&c.id.value))
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
