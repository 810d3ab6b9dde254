//! `serve`'s side of the pipeline: what changed since the last build (`Changes`), and a
//! `Session` that runs the same stages again on it, reusing what an edit did not change.

use super::*;

/// What changed in the guide folder since the last build.
pub enum Changes {
    /// Unknown, or more than content: build everything again.
    Everything,
    /// Only these files of content (`content/guide.yaml`, `content/changes.yaml`, articles),
    /// relative to the root.
    Content(HashSet<PathBuf>),
}

impl Changes {
    /// Sorts changed paths (absolute, or relative to `root`): an edit to `guide.yaml` or to
    /// articles can be rebuilt in part; files under `content/` that a build never reads (an
    /// editor's swap or backup files) are left out; anything else (themes, folders) needs a
    /// full build.
    pub fn of(root: &Path, paths: &[PathBuf]) -> Changes {
        let mut content = HashSet::new();
        for path in paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let is_guide = rel == Path::new(crate::load::GUIDE_FILE)
                || rel == Path::new(crate::model::history::HISTORY_FILE);
            let in_articles = rel.starts_with(crate::load::ARTICLES_DIR);
            let is_article = in_articles && rel.extension().is_some_and(|e| e == "md");
            let is_image = in_articles && crate::image::is_image_name(&rel.to_string_lossy());
            if is_image {
                // Pages show its size, and every build copies it: build everything again.
                return Changes::Everything;
            } else if is_guide || is_article {
                content.insert(rel.to_path_buf());
            } else if !(rel.starts_with("content") && never_read(&root.join(rel))) {
                return Changes::Everything;
            }
        }
        Changes::Content(content)
    }

    /// Nothing changed that a build reads.
    pub fn is_nothing(&self) -> bool {
        matches!(self, Changes::Content(files) if files.is_empty())
    }
}

/// A path under `content/` that no build reads: a plain file that is neither the guide nor an
/// article (`.faq.md.swp`, `faq.md~`), or one now gone that had such a name. A folder, a
/// symlink (the article walk reports those) or a gone name without an extension (perhaps a
/// folder) is not.
fn never_read(path: &Path) -> bool {
    match path.symlink_metadata() {
        Ok(meta) => meta.is_file(),
        Err(_) => path.extension().is_some(),
    }
}

/// What `serve` keeps from one build to the next, so that an edit re-renders only the pages
/// it changed: the guide and the articles as last read, what their checks found, and what
/// each page of the output was rendered from.
#[derive(Default)]
pub struct Session {
    /// What the last load read (`None` after a load that failed: read everything again).
    guide: Option<(Arc<String>, Guide)>,
    articles: Option<Vec<Article>>,
    checks: CheckMemo,
    pages: RenderMemo,
    /// `pages` describes the output folder as it is (a full build recorded it, and every
    /// partial one since kept it up to date).
    pages_current: bool,
    /// The output folder `pages` describes. Another build into the same folder (a `build` in
    /// another terminal, while `serve` waits for edits) replaces it: then `pages` describes
    /// nothing there, and the next edit builds whole rather than mix two guides.
    output: Option<OutputIdentity>,
    /// The labels of the last guide that loaded with its theme, for the error overlay (an
    /// edit that breaks `guide.yaml` keeps the language the overlay speaks).
    labels: Option<Labels>,
}

impl Session {
    /// Builds again after `changes`. The output is replaced whole (staged and swapped) unless
    /// only content changed and few pages show it: then those pages are replaced in place,
    /// each atomically, after all of them rendered.
    pub fn rebuild(
        &mut self,
        options: &BuildOptions,
        report: &mut Report,
        changes: &Changes,
    ) -> Option<Built> {
        let _one_build_at_a_time = claim_output(options, report)?;
        let partly = match changes {
            Changes::Content(changed) if self.pages_current => Some(changed),
            _ => None,
        };
        // Taken either way: a load that fails leaves nothing known, so the next one reads all.
        let (guide, articles) = (self.guide.take(), self.articles.take());
        let reuse = partly.map(|changed| Reuse {
            guide,
            articles,
            changed,
        });
        let (site, theme) = load_and_check(options, report, reuse, Some(&mut self.checks));
        if let (Some(site), Some(theme)) = (&site, &theme) {
            let labels = theme.labels.for_guide(&site.guide);
            self.labels = Some(theme.labels.completed(&labels));
        }
        let built = passed(report, site.as_ref(), theme.as_ref())
            .and_then(|(site, theme)| self.write(options, report, site, theme, partly.is_some()));
        // What loaded is what the next edit is compared with, even if a check failed.
        if let Some(site) = site {
            let (guide, articles) = site.into_parts();
            self.guide = report
                .sources
                .shared(Path::new(crate::load::GUIDE_FILE))
                .map(|text| (text, guide));
            self.articles = Some(articles);
        }
        built
    }

    /// The labels the error overlay speaks: the guide's, where the last load gave them (any
    /// it lacks, and all of them before a guide ever loaded, in the reference language).
    pub fn overlay_labels(&self) -> Labels {
        self.labels
            .clone()
            .unwrap_or_else(|| LabelSets::new(Vec::new()).reference_labels())
    }

    fn write(
        &mut self,
        options: &BuildOptions,
        report: &mut Report,
        site: &Site,
        theme: &Theme,
        partly: bool,
    ) -> Option<Built> {
        // Until this build succeeds, the memo may not match the output.
        let was_current = std::mem::take(&mut self.pages_current);
        let vetted = vetted_for(site, theme);
        let hooks = StageHooks::new(None, &vetted);
        let ours = |out: &Path| self.output.is_some() && output_identity(out) == self.output;
        let partial = match (&options.out, partly && was_current) {
            // The output folder may have gone since (deleted by hand, or replaced by another
            // build): then build it whole.
            (Some(out), true) if ours(out) => Staging::in_place(out)
                .map_err(RenderError::Write)
                .and_then(|staging| rerender_site(site, theme, &staging, &mut self.pages, &hooks)),
            _ => Ok(None),
        };
        if let Err(RenderError::HeldBack) = partial {
            hooks.report(options, report, site);
            return None;
        }
        let built = match rendered(report, partial)? {
            Some(pages) => Some(Built { pages, sheet: None }),
            None => write_all(options, report, site, theme, Some(&mut self.pages), None),
        };
        self.pages_current = built.is_some();
        self.output = options.out.as_deref().and_then(output_identity);
        built
    }
}
