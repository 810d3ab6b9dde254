//! The articles: `content/articles/**.md` → `Article`s (front matter + body), read in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::files::{decode_text, read_unlinked, symlink_on_the_way};
use super::shape::front_matter_schema;
use super::yaml::parse_yaml;
use super::ARTICLES_DIR;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::file_text::{FileText, HoldBudget, HELD_TEXT_BYTES};
use crate::model::{Article, FrontMatter};
use crate::report::Report;

/// The articles under `content/articles` that loaded, the slugs of the article files that did
/// not (their problems are in `report`), and the images beside them (read by
/// [`super::images`]), from one walk of the folder.
pub(super) fn load_articles(
    root: &Path,
    report: &mut Report,
    known: HashMap<PathBuf, Article>,
) -> (Vec<Article>, Vec<String>, Vec<PathBuf>) {
    let (paths, images) = walk(root, report);
    crate::memory::about_to_read(paths.len());
    let (articles, unloaded) = read_articles(root, report, known, paths);
    (articles, unloaded, images)
}

/// The Markdown files and the image files under `content/articles`, in name order, as paths
/// below `root`'s folder.
pub(super) fn walk(root: &Path, report: &mut Report) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let dir = root.join(ARTICLES_DIR);
    let (mut paths, mut images) = (Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (paths, images);
    }
    // The walk does not follow links below the folder; the folder and those above it are
    // checked here once, so each article is read without a check of its own.
    if let Some(link) = symlink_on_the_way(root, Path::new(ARTICLES_DIR)) {
        report.push(
            Diagnostic::error(format!("`{}` is a symlink", link.display()))
                .in_file(&link)
                .help("madoguchi does not follow symlinks in content/: copy the folder instead"),
        );
        return (paths, images);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                report.io_error(format!("failed to list `{ARTICLES_DIR}`: {e}"), None, "");
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            report.push(
                Diagnostic::error(format!(
                    "`{}` is a symlink",
                    display_rel(root, path).display()
                ))
                .in_file(display_rel(root, path))
                .help("madoguchi does not follow symlinks in content/: copy the file instead"),
            );
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe, a socket or a device with an image's name: kept, so that it is
            // reported as not a regular file (never opened), not as missing or not at all.
            if crate::image::is_image_name(&name) {
                images.push(path.to_path_buf());
            }
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            paths.push(path.to_path_buf());
        } else if crate::image::is_image_name(&name) {
            images.push(path.to_path_buf());
        }
    }
    (paths, images)
}

/// Reads the articles at `paths`, taking those `known` from an earlier load as they are.
fn read_articles(
    root: &Path,
    report: &mut Report,
    mut known: HashMap<PathBuf, Article>,
    paths: Vec<PathBuf>,
) -> (Vec<Article>, Vec<String>) {
    let dir = root.join(ARTICLES_DIR);
    // Files are independent: read and parse them in parallel, each into its own report, then
    // gather them in the walk's order. Articles known from an earlier load are taken as they are.
    let mut taken = Vec::new();
    let slots: Vec<Result<usize, &PathBuf>> = paths
        .iter()
        .map(|path| match known.is_empty() {
            true => Err(path),
            false => match known.remove(&display_rel(root, path)) {
                Some(article) => {
                    taken.push(Some(article));
                    Ok(taken.len() - 1)
                }
                None => Err(path),
            },
        })
        .collect();
    let budget = HoldBudget::new(HELD_TEXT_BYTES);
    // One copy of the guide folder's path, shared by every text read again.
    let read_again_from: Arc<Path> = Arc::from(root);
    let slots: Vec<Slot> = slots
        .into_par_iter()
        .map(|slot| match slot {
            Ok(at) => Slot::Known(at),
            Err(path) => read_slot(&read_again_from, &dir, path, &budget),
        })
        .collect();
    let mut unloaded = Vec::new();
    // Gathered in place: the articles take the slots' memory (at 100,000 articles, a second
    // list of them beside the slots was 50 MB more at the load's peak).
    let articles = (slots.into_iter())
        .filter_map(|slot| {
            let article = match slot {
                Slot::Known(at) => taken[at].take(),
                Slot::Loaded(article, own) => {
                    if let Some(own) = own {
                        report.absorb(*own);
                    }
                    Some(article)
                }
                Slot::Unloaded(slug, own) => {
                    report.absorb(*own);
                    unloaded.extend(slug);
                    None
                }
            }?;
            (report.sources).insert_unkept(article.file.clone(), Arc::clone(&article.text));
            Some(article)
        })
        .collect::<Vec<Article>>();
    // A guide whose texts do not all fit holds none: the pages that render first would
    // otherwise keep the budget's worth of texts through the render's biggest moment.
    if budget.exceeded() {
        articles.iter().for_each(|article| article.text.let_go());
    }
    (articles, unloaded)
}

/// An article file as the parallel read leaves it, in the walk's order.
// Most slots hold an article, unboxed: the slots' memory becomes the articles' list in place.
#[allow(clippy::large_enum_variant)]
enum Slot {
    /// Read and parsed, with what its load reported, if anything.
    Loaded(Article, Option<Box<Report>>),
    /// Did not load (its slug, if its path makes one): its problems.
    Unloaded(Option<String>, Box<Report>),
    /// Known from an earlier load: its place in the articles taken from it.
    Known(usize),
}

/// Reads one article into its slot. A slot is kept small: a report only where the load
/// reported something, and no copy of the text (the gathering registers each loaded article's
/// text as read again on demand): 100,000 reports, each with its own maps, were 36 MB.
fn read_slot(root: &Arc<Path>, dir: &Path, path: &Path, budget: &HoldBudget) -> Slot {
    let mut own = Report::default();
    match load_article(root, dir, (path, budget), &mut own) {
        Some(article) => {
            own.sources = SourceFiles::default();
            let reported = !own.diagnostics.is_empty() || own.io_failed;
            Slot::Loaded(article, reported.then(|| Box::new(own)))
        }
        None => Slot::Unloaded(slug_of(dir, path), Box::new(own)),
    }
}

fn display_rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_article(
    root: &Arc<Path>,
    dir: &Path,
    (path, budget): (&Path, &HoldBudget),
    report: &mut Report,
) -> Option<Article> {
    let rel = display_rel(root, path);
    let Some(slug) = slug_of(dir, path) else {
        report.push(
            Diagnostic::error(format!("article path `{}` is not usable", rel.display()))
                .in_file(&rel)
                .help("use file and folder names made of letters, digits, `-` and `_`"),
        );
        return None;
    };
    // The walk found no symlink below content/articles, which `load_articles` checked itself.
    let text = decode_text(&rel, read_unlinked(root, &rel, report)?, report)?;
    let Some((front_base, yaml, body_base)) = split_front_matter(&text) else {
        // Zola's and Hugo's TOML front matter, between `+++` lines.
        let toml = text.trim_start_matches('\u{feff}').starts_with("+++");
        let help = match toml {
            true => "front matter here is YAML between `---` lines, not TOML between `+++`: write\n---\ntitle: …\n---",
            false => "start the file with:\n---\ntitle: …\n---",
        };
        report.push(
            Diagnostic::error("article has no front matter")
                .at(&rel, 0..if toml { 3 } else { 0 })
                .label(if toml {
                    "TOML front matter"
                } else {
                    "expected `---` here"
                })
                .help(help),
        );
        return None;
    };
    let front = parse_yaml::<FrontMatter>(yaml, front_base, &rel, front_matter_schema, report)?;
    // A big guide's articles are not all kept in memory: past the budget, only the front
    // matter and a hash stay; the page's render, and a diagnostic that points into the file,
    // read it again.
    let hold = budget.take(text.len());
    let text = Arc::new(FileText::new(Arc::clone(root), text, hold));
    Some(Article {
        slug,
        file: rel.into(),
        front,
        front_base,
        body_base,
        text,
    })
}

/// `content/articles/help/faq.md` → `help/faq`; `None` for names that could not be a URL path.
fn slug_of(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?.with_extension("");
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let usable = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
    };
    parts.iter().all(usable).then(|| parts.join("/"))
}

/// Finds `---` front matter: returns (yaml start, yaml text, body start).
fn split_front_matter(text: &str) -> Option<(usize, &str, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Some((yaml_start, &text[yaml_start..line_start], body_start));
        }
        line_start = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let (base, yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[base..base + yaml.len()], "title: A\n");
        assert_eq!(&text[body..], "# Body\n");
    }

    #[test]
    fn missing_closing_fence_is_not_front_matter() {
        assert!(split_front_matter("---\ntitle: A\n# Body\n").is_none());
        assert!(split_front_matter("# Body\n").is_none());
    }

    #[test]
    fn crlf_front_matter_is_split() {
        let text = "---\r\ntitle: A\r\n---\r\nBody";
        let (_, yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "title: A\r\n");
        assert_eq!(&text[body..], "Body");
    }
}
