//! Pages: one page job → its HTML (and its print chapter), through the theme's templates.

use serde::Serialize;

use super::page_bytes::PageBytes;
use super::search_index::{article_doc, IndexedDoc};
use super::*;
use crate::diagnostic::Diagnostic;
use crate::file_text::Body;
use crate::links::{root_prefix, Page, NOT_FOUND_PAGE};
use crate::load::theme::Theme;
use crate::markdown::references::Named;
use crate::markdown::Parsed;
use crate::model::{Article, Situation};
use crate::output::OutputFile;

/// One page to render. Pages are independent: they are rendered in parallel over one
/// shared Tera and one `SiteViews`, and come out in this order.
pub(super) enum PageJob<'a> {
    Home,
    Situation(&'a Situation),
    Article(&'a Article),
    Sources,
    CheatSheet,
    History,
    /// `search.html`: results by script, the keyword index without.
    Search,
    /// `sakuin.html`: the keyword index.
    Keywords,
    NotFound,
    /// An old path of an article's page (`aliases:`), at this file: a page that sends the
    /// reader on. Boxed: a big guide has 100,000 jobs, and a `String` here made each 64 bytes.
    Alias(&'a Article, Box<str>),
}

impl PageJob<'_> {
    /// Whether the page lists the whole guide (every situation, window or change): its Tera
    /// context is as big as the guide.
    pub(super) fn lists_the_guide(&self) -> bool {
        matches!(
            self,
            PageJob::Home
                | PageJob::Sources
                | PageJob::CheatSheet
                | PageJob::History
                | PageJob::Search
                | PageJob::Keywords
        )
    }
}

/// A rendered page, and its chapter of the print page if it has one.
pub(super) struct RenderedPage {
    pub(super) file: OutputFile,
    pub(super) chapter: Option<Vec<u8>>,
    /// The windows and situations its article's references name (when `serve`'s memo
    /// remembers them: `SiteViews::remember_named`).
    pub(super) named: Vec<Named>,
    /// The search document of the article it shows, tokenized where the page renders, from
    /// the same parse.
    pub(super) doc: Option<IndexedDoc>,
}

/// The ids of the windows among what references name.
fn windows_in(named: &[Named]) -> impl Iterator<Item = &str> {
    named.iter().filter_map(|n| match n {
        Named::Window(id) => Some(id.as_str()),
        Named::Situation(_) => None,
    })
}

impl<'a> SiteViews<'a> {
    /// Renders one page (and its print chapter), and reads both as a reader meets them.
    pub(super) fn render(
        &self,
        theme: &Theme,
        job: &PageJob<'a>,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        let rendered = self.render_unread(theme, job)?;
        let article = match *job {
            // An alias's page is written where its article's front matter says.
            PageJob::Article(article) | PageJob::Alias(article, _) => Some(article),
            PageJob::Situation(s) => self.article_on.get(s.id.value.as_str()).copied(),
            _ => None,
        };
        self.hooks
            .page(&rendered.file.path, &rendered.file.bytes, article);
        if let Some(chapter) = &rendered.chapter {
            self.hooks
                .page(&Page::Print.output_path(), chapter, article);
        }
        if let PageJob::CheatSheet = job {
            // A QR code holds its URL as text a phone shows before it opens it.
            for channel in self.channels.values().filter(|c| c.qr.is_some()) {
                self.hooks
                    .text(&rendered.file.path, channel.url.unwrap_or_default());
            }
        }
        Ok(rendered)
    }

    fn render_unread(
        &self,
        theme: &Theme,
        job: &PageJob<'a>,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        let page_only = |file| RenderedPage {
            file,
            chapter: None,
            named: Vec::new(),
            doc: None,
        };
        match *job {
            PageJob::Home => self
                .page(theme, &Page::Home, "index.html", |ctx, _| {
                    let names = self.channel_names();
                    ctx.insert("situations", &self.situation_summaries(Some(&names)));
                    ctx.insert("articles", &self.free_articles());
                    ctx.insert("kinds", &self.kind_views());
                    ctx.insert("groups", &self.group_views());
                    ctx.insert("latest_change", &self.latest_change());
                })
                .map(page_only),
            PageJob::Situation(situation) => self.situation_page(theme, situation),
            PageJob::Article(article) => self.article_page(theme, article),
            PageJob::Sources => self
                .page(theme, &Page::Sources, "sources.html", |ctx, _| {
                    ctx.insert("sources", &self.source_groups());
                })
                .map(page_only),
            PageJob::CheatSheet => self
                .page(theme, &Page::CheatSheet, "cheatsheet.html", |ctx, _| {
                    ctx.insert("situations", &self.cheatsheet_situations());
                    ctx.insert("edition", &self.sheet_edition());
                    ctx.insert("groups", &self.group_views());
                })
                .map(page_only),
            PageJob::History => self
                .page(theme, &Page::History, "changes.html", |ctx, _| {
                    ctx.insert("entries", &self.history_views());
                    ctx.insert("feed", &self.feed_href());
                })
                .map(page_only),
            PageJob::Search => self
                .page(theme, &Page::Search, "search.html", |ctx, _| {
                    ctx.insert("page_script", &true);
                    ctx.insert("keywords_nested", &true);
                    ctx.insert("keywords", &self.keyword_groups());
                    let names = self.channel_names();
                    ctx.insert("situations", &self.situation_summaries(Some(&names)));
                })
                .map(page_only),
            PageJob::Keywords => self
                .page(theme, &Page::Keywords, "sakuin.html", |ctx, _| {
                    ctx.insert("keywords", &self.keyword_groups());
                })
                .map(page_only),
            PageJob::NotFound => self.not_found_page(theme).map(page_only),
            PageJob::Alias(article, ref file) => {
                self.alias_page(theme, article, file).map(page_only)
            }
        }
    }

    /// A situation's page and its print chapter, with the article it shows parsed once for both.
    pub(super) fn situation_page(
        &self,
        theme: &Theme,
        situation: &'a Situation,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        let page = Page::Situation(&situation.id.value);
        let article = self.article_on.get(situation.id.value.as_str()).copied();
        let body = article.map(|a| self.body(a)).transpose()?;
        let parsed = article
            .zip(body.as_ref())
            .map(|(a, body)| self.parse(a, body));
        let both = article.zip(parsed.as_ref());
        // The article sits under the situation's h1 and h2s on its page.
        let views = both
            .map(|(a, parsed)| self.article_views(a, parsed, &page.output_path(), 1))
            .unzip();
        let templates = ["situation.html", "print_situation.html"];
        let named = parsed.as_ref().map(Parsed::named).unwrap_or_default();
        let shown = situation.first.iter().chain(&situation.also);
        let shown = shown.map(|id| id.value.as_str());
        let last_checked = self.oldest_checked(shown.chain(windows_in(&named)));
        let mut rendered = self.page_with_chapter(theme, &page, templates, views, |ctx| {
            ctx.insert("situation", &self.situation_view(situation, false));
            ctx.insert("windows_changed", &self.situation_changed(situation));
            ctx.insert("last_checked", &last_checked);
        })?;
        if let Some((article, parsed)) = both {
            rendered.doc = Some(article_doc(article, parsed, &page.output_path()));
            article.text.let_go();
        }
        if self.remember_named {
            rendered.named = named;
        }
        Ok(rendered)
    }

    /// The oldest `checked` date of these windows' sources (`None` for no window: a page that
    /// shows no window vouches for no date).
    fn oldest_checked<'w>(&self, windows: impl Iterator<Item = &'w str>) -> Option<&'a str> {
        windows
            .filter_map(|id| self.channels.get(id))
            .map(|c| c.source.checked)
            .min()
    }

    /// An article's body as its pages write it: the parse the stages around the render made,
    /// with its references written out.
    fn parse<'t>(&self, article: &Article, body: &'t Body) -> Parsed<'t>
    where
        'a: 't,
    {
        let mut parsed = self.hooks.parse(article, body);
        parsed.write_references(self.site);
        parsed
    }

    /// An article's body: held since its load, or read again.
    fn body(&self, article: &Article) -> Result<Body, Box<Diagnostic>> {
        (article.body()).ok_or_else(|| Box::new(crate::check::changed_while_read(article)))
    }

    /// An article's own page and its print chapter, from one parse of its body.
    pub(super) fn article_page(
        &self,
        theme: &Theme,
        article: &'a Article,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        let body = self.body(article)?;
        let parsed = self.parse(article, &body);
        let page = Page::Article(&article.slug);
        let views = self.article_views(article, &parsed, &page.output_path(), 0);
        let templates = ["article.html", "print_article.html"];
        let named = parsed.named();
        let last_checked = self.oldest_checked(windows_in(&named));
        let description = article.front.description.as_ref().map(|d| d.value.as_str());
        let mut rendered = self.page_with_chapter(theme, &page, templates, views, |ctx| {
            ctx.insert("last_checked", &last_checked);
            ctx.insert("description", &description);
        })?;
        rendered.doc = Some(article_doc(article, &parsed, &page.output_path()));
        // Its own page and chapter are all that show its text: a big guide does not keep it.
        article.text.let_go();
        if self.remember_named {
            rendered.named = named;
        }
        Ok(rendered)
    }

    /// A page and its print chapter from their two `templates`: each gets what `fill` adds
    /// and its own view of the article (`views`: the page's, then the chapter's).
    pub(super) fn page_with_chapter<V: Serialize>(
        &self,
        theme: &Theme,
        page: &Page,
        [page_template, chapter_template]: [&str; 2],
        (on_page, in_chapter): (V, V),
        fill: impl Fn(&mut tera::Context),
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        let file = self.page(theme, page, page_template, |ctx, _| {
            fill(ctx);
            ctx.insert("article", &on_page);
        })?;
        let chapter = self.print_chapter(theme, chapter_template, |ctx, _| {
            fill(ctx);
            ctx.insert("article", &in_chapter);
        })?;
        Ok(RenderedPage {
            file,
            chapter: Some(chapter),
            named: Vec::new(),
            doc: None,
        })
    }

    /// Every page but the print page, in the print page's order: the home page, situations,
    /// articles with their own page, then the rest.
    pub(super) fn jobs(&self) -> Vec<PageJob<'a>> {
        let mut jobs = vec![PageJob::Home];
        jobs.extend(self.site.guide.situations.iter().map(PageJob::Situation));
        jobs.extend(self.free_article_list().into_iter().map(PageJob::Article));
        jobs.extend([
            PageJob::Sources,
            PageJob::CheatSheet,
            PageJob::History,
            PageJob::Search,
            PageJob::Keywords,
            PageJob::NotFound,
        ]);
        for article in &self.site.articles {
            let aliases = article.front.aliases.iter();
            let files = aliases.filter_map(|a| crate::links::alias_file(&a.value));
            jobs.extend(files.map(|file| PageJob::Alias(article, file.into())));
        }
        // Held through the render: 110,000 jobs at 100,000 articles, without the half of their
        // last doubling that no job fills.
        jobs.shrink_to_fit();
        jobs
    }

    pub(super) fn job_path(&self, job: &PageJob) -> String {
        match *job {
            PageJob::Home => Page::Home.output_path(),
            PageJob::Situation(s) => Page::Situation(&s.id.value).output_path(),
            PageJob::Article(a) => Page::Article(&a.slug).output_path(),
            PageJob::Sources => Page::Sources.output_path(),
            PageJob::CheatSheet => Page::CheatSheet.output_path(),
            PageJob::History => Page::History.output_path(),
            PageJob::Search => Page::Search.output_path(),
            PageJob::Keywords => Page::Keywords.output_path(),
            PageJob::NotFound => NOT_FOUND_PAGE.into(),
            PageJob::Alias(_, ref file) => file.to_string(),
        }
    }

    /// The page at an article's old path: a meta refresh and a link to where it is now (no
    /// script), its canonical address that page's.
    pub(super) fn alias_page(
        &self,
        theme: &Theme,
        article: &Article,
        file: &str,
    ) -> Result<OutputFile, Box<Diagnostic>> {
        let target = crate::links::page_of(self.site, article).output_path();
        // Percent-encoded: the target may be in any script, and a refresh URL is read by
        // more than browsers.
        let href = crate::image::url_path(&format!("{}{target}", root_prefix(file)));
        let canonical = match &self.base {
            Some(base) => crate::output::publish::canonical_url(base, &target),
            None => href.clone(),
        };
        self.render_at(
            theme,
            file.to_owned(),
            &root_prefix(file),
            Some(canonical),
            "alias.html",
            |ctx, _| {
                ctx.insert("target", &href);
                ctx.insert("title", &article.front.title.value);
            },
        )
    }

    /// `404.html`: links lead from the site root (absolute under `base_url`), since a static
    /// host serves it at whatever path was missing.
    pub(super) fn not_found_page(&self, theme: &Theme) -> Result<OutputFile, Box<Diagnostic>> {
        let root = self.base.as_ref().map_or(String::new(), |b| b.to_string());
        self.render_at(
            theme,
            NOT_FOUND_PAGE.into(),
            &root,
            None,
            NOT_FOUND_PAGE,
            |_, _| {},
        )
    }

    /// Renders one page: the shared context plus what `fill` adds.
    pub(super) fn page(
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

    pub(super) fn render_at(
        &self,
        theme: &Theme,
        path: String,
        root: &str,
        canonical: Option<String>,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<OutputFile, Box<Diagnostic>> {
        // Straight into bytes: the output is written as bytes, so no UTF-8 re-check of a String.
        let mut bytes = PageBytes::new(self.scratch);
        self.render_into(theme, &path, root, canonical, template, fill, &mut bytes)?;
        // The context is gone by now: a big page is read back whole only once the Tera values
        // it was rendered from are let go.
        let bytes = bytes.whole().map_err(|e| {
            Box::new(Diagnostic::error(format!(
                "failed to read back the page `{path}` from its scratch file: {e}"
            )))
        })?;
        Ok(OutputFile { path, bytes })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn render_into(
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
        ctx.insert_value("labels", self.labels_value.clone());
        ctx.insert("root", root);
        ctx.insert("page_path", path);
        ctx.insert("canonical", &canonical);
        ctx.insert("extra_css", &theme.extra_css);
        fill(&mut ctx, path);
        theme.tera.render_to(template, &ctx, out).map_err(|e| {
            Box::new(crate::load::theme::template_diagnostic(
                &theme.name,
                &theme.theirs,
                format!("template `{template}` failed to render `{path}`"),
                &e,
            ))
        })
    }
}
