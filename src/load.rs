//! Load: guide folder → typed `Site` (guide.yaml + Markdown articles), with spans for every value.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::model::{Article, FrontMatter, Guide, Site};
use crate::report::Report;

pub const GUIDE_FILE: &str = "content/guide.yaml";
pub const ARTICLES_DIR: &str = "content/articles";

/// Limits that keep hostile YAML (alias bombs, deep nesting) from exhausting memory or time.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_events: 2_000_000,
            max_nodes: 1_000_000,
            max_total_scalar_bytes: 64 * 1024 * 1024,
            max_documents: 1,
        },
        with_snippet: false,
    }
}

/// Reads the guide under `root`. Returns `None` when nothing usable could be loaded;
/// every problem found is in `report`.
pub fn load_site(root: &Path, report: &mut Report) -> Option<Site> {
    if !root.join("content").is_dir() {
        report.io_error(
            format!("no `content` folder in `{}`", root.display()),
            None,
            "run madoguchi in a guide folder, or pass --root DIR (a folder with content/guide.yaml)",
        );
        return None;
    }
    let guide_file = PathBuf::from(GUIDE_FILE);
    // The guide and the articles are independent: read them at the same time.
    let ((guide, guide_report), (articles, articles_report)) = rayon::join(
        || {
            let mut own = Report::default();
            let guide = read_text(root, &guide_file, &mut own)
                .and_then(|text| parse_yaml::<Guide>(&text, 0, &guide_file, &mut own));
            (guide, own)
        },
        || {
            let mut own = Report::default();
            (load_articles(root, &mut own), own)
        },
    );
    report.absorb(guide_report);
    report.absorb(articles_report);
    Some(Site::new(guide?, guide_file, articles))
}

/// Reads a file as UTF-8 (a leading BOM is dropped) and records its text for diagnostics.
pub fn read_text(root: &Path, rel: &Path, report: &mut Report) -> Option<String> {
    let bytes = match fs::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "create it, or pass --root DIR pointing at the guide folder"
            } else {
                ""
            };
            report.io_error(
                format!("failed to read `{}`: {e}", rel.display()),
                None,
                help,
            );
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            report.sources.insert(rel, text);
            Some(text.to_owned())
        }
        Err(e) => {
            let at = e.valid_up_to();
            report
                .sources
                .insert(rel, String::from_utf8_lossy(bytes).into_owned());
            report.push(
                Diagnostic::error(format!("`{}` is not valid UTF-8", rel.display()))
                    .at(rel, at..at + 1)
                    .label("invalid byte here")
                    .help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// Parses one YAML document starting at byte `base` of `file`, turning parser errors into diagnostics.
fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    base: usize,
    file: &Path,
    report: &mut Report,
) -> Option<T> {
    if yaml.trim().is_empty() {
        report.push(
            Diagnostic::error(format!("`{}` is empty", file.display()))
                .at(file, base..base)
                .label("expected YAML here")
                .help("see the README for the fields a guide needs, or run `madoguchi new DIR`"),
        );
        return None;
    }
    match serde_saphyr::from_str_with_options::<T>(yaml, yaml_options()) {
        Ok(value) => Some(value),
        Err(e) => {
            report.push(yaml_diagnostic(&e, yaml, base, file));
            None
        }
    }
}

fn yaml_diagnostic(e: &serde_saphyr::Error, yaml: &str, base: usize, file: &Path) -> Diagnostic {
    let message = strip_location(&e.without_snippet().to_string());
    let offset = e
        .location()
        .and_then(|l| l.span().byte_offset())
        .map_or(yaml.len(), |o| o as usize);
    let help = yaml_help(&message);
    Diagnostic::error(message)
        .at(file, base + offset..base + offset + 1)
        .label("here")
        .help(help)
}

/// serde-saphyr appends " at line L column C"; the snippet shows the place already.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn yaml_help(message: &str) -> String {
    if message.contains("unknown field") {
        "remove the key or fix its spelling: unknown keys are refused so a typo cannot drop data"
            .into()
    } else if message.contains("missing field") {
        "add the field; the README lists the fields of a guide".into()
    } else if message.contains("budget") || message.contains("alias") {
        "the file exceeds madoguchi's YAML limits (nesting, aliases, size): simplify it".into()
    } else {
        "check the YAML syntax and the README's description of guide.yaml".into()
    }
}

fn load_articles(root: &Path, report: &mut Report) -> Vec<Article> {
    let dir = root.join(ARTICLES_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut paths = Vec::new();
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
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        paths.push(path.to_path_buf());
    }
    // Files are independent: read and parse them in parallel, each into its own report,
    // then gather them in the walk's order.
    let loaded: Vec<(Option<Article>, Report)> = paths
        .par_iter()
        .map(|path| {
            let mut own = Report::default();
            (load_article(root, &dir, path, &mut own), own)
        })
        .collect();
    let mut articles = Vec::with_capacity(loaded.len());
    for (article, own) in loaded {
        report.absorb(own);
        articles.extend(article);
    }
    articles
}

fn display_rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_article(root: &Path, dir: &Path, path: &Path, report: &mut Report) -> Option<Article> {
    let rel = display_rel(root, path);
    let Some(slug) = slug_of(dir, path) else {
        report.push(
            Diagnostic::error(format!("article path `{}` is not usable", rel.display()))
                .in_file(&rel)
                .help("use file and folder names made of letters, digits, `-` and `_`"),
        );
        return None;
    };
    let text = read_text(root, &rel, report)?;
    let Some((front_base, yaml, body_base)) = split_front_matter(&text) else {
        report.push(
            Diagnostic::error("article has no front matter")
                .at(&rel, 0..0)
                .label("expected `---` here")
                .help("start the file with:\n---\ntitle: …\n---"),
        );
        return None;
    };
    let front = parse_yaml::<FrontMatter>(yaml, front_base, &rel, report)?;
    Some(Article {
        slug,
        file: rel,
        front,
        front_base,
        body: text[body_base..].to_owned(),
        body_base,
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
