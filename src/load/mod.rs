//! Load: guide folder → typed `Site` (guide.yaml + Markdown articles + the optional
//! changes.yaml), with spans for every value.

mod articles;
mod files;
pub mod history;
mod images;
pub mod labels;
pub mod shape;
pub mod theme;
mod yaml;

#[cfg(test)]
mod tests;

use articles::load_articles;
pub use files::{read_bytes, read_text};
use yaml::parse_yaml;
pub use yaml::*;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::shape::guide_schema;
use crate::model::{Article, Guide, Site};
use crate::report::Report;

pub const GUIDE_FILE: &str = "content/guide.yaml";
pub const ARTICLES_DIR: &str = "content/articles";

pub use crate::file_text::MAX_FILE_BYTES;

/// Reads the guide under `root`. Returns `None` when nothing usable could be loaded;
/// every problem found is in `report`.
pub fn load_site(root: &Path, report: &mut Report) -> Option<Site> {
    load_site_reusing(root, report, None, false)
}

/// What an earlier load (`serve`) read, to reuse where the files have not changed since.
pub struct Reuse<'a> {
    /// The guide as parsed, with its text, when `guide.yaml` has not changed since.
    pub guide: Option<(Arc<String>, Guide)>,
    /// Articles in the walk's order (`None`: not known, read them all).
    pub articles: Option<Vec<Article>>,
    /// Files changed since, as diagnostics name them (`content/articles/faq.md`): read again.
    pub changed: &'a HashSet<PathBuf>,
}

/// What to do about the articles: read them all, take the known ones as they are (no article
/// changed, so the folder need not even be walked), or walk and read only the changed ones.
enum Articles {
    Read,
    Known(Vec<Article>),
    Walk(HashMap<PathBuf, Article>),
}

/// `load_site`, taking unchanged files from `reuse` instead of reading them again. The
/// articles folder is still walked, so added and deleted articles are seen.
/// Drafts (`draft: true`) are left out unless `drafts` (`--drafts`).
pub fn load_site_reusing(
    root: &Path,
    report: &mut Report,
    reuse: Option<Reuse>,
    drafts: bool,
) -> Option<Site> {
    if !root.join("content").is_dir() {
        report.io_error(
            format!("no `content` folder in `{}`", root.display()),
            None,
            "run madoguchi in a guide folder, or pass --root DIR (a folder with content/guide.yaml)",
        );
        return None;
    }
    let guide_file = PathBuf::from(GUIDE_FILE);
    let (known_guide, articles) = match reuse {
        Some(r) => {
            let guide = r.guide.filter(|_| !r.changed.contains(&guide_file));
            let articles = match r.articles {
                None => Articles::Read,
                Some(known) if r.changed.iter().all(|f| *f == guide_file) => Articles::Known(known),
                Some(known) => Articles::Walk(
                    known
                        .into_iter()
                        .filter(|a| !r.changed.iter().any(|f| *f == *a.file))
                        .map(|a| (a.file.to_path_buf(), a))
                        .collect(),
                ),
            };
            (guide, articles)
        }
        None => (None, Articles::Read),
    };
    // The guide and the articles are independent: read them at the same time.
    let ((guide, guide_report), (articles, articles_report)) = rayon::join(
        || {
            let mut own = Report::default();
            let guide = match known_guide {
                Some((text, guide)) => {
                    own.sources.insert(&guide_file, text);
                    Some(guide)
                }
                None => read_text(root, &guide_file, &mut own).and_then(|text| {
                    parse_yaml::<Guide>(&text, 0, &guide_file, guide_schema, &mut own)
                        .map(Guide::without_spare_room)
                }),
            };
            (guide, own)
        },
        || {
            let mut own = Report::default();
            // Known articles all loaded last time (`serve` reuses them only after a build that
            // passed), so none failed to load.
            let articles = match articles {
                Articles::Known(articles) => {
                    for article in &articles {
                        own.sources
                            .insert_unkept(article.file.clone(), Arc::clone(&article.text));
                    }
                    // Images are read again each time: an edit to one is a full build.
                    (articles, Vec::new(), articles::walk(root, &mut own).1)
                }
                Articles::Walk(known) => load_articles(root, &mut own, known),
                Articles::Read => load_articles(root, &mut own, HashMap::new()),
            };
            let (articles, unloaded, image_paths) = articles;
            let images = images::load_images(root, &image_paths, &mut own);
            ((articles, unloaded, images), own)
        },
    );
    report.absorb(guide_report);
    report.absorb(articles_report);
    let (mut articles, unloaded, images) = articles;
    let mut left_out = Vec::new();
    if !drafts {
        articles.retain(|a| {
            if a.is_draft() {
                left_out.push(a.slug.clone());
            }
            !a.is_draft()
        });
    }
    let mut site = Site::new(guide?, guide_file, articles, images).with_unloaded(unloaded);
    site.drafts = left_out;
    site.history = history::load_history(root, report);
    Some(site)
}
