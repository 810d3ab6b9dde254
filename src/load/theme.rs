//! The theme: Tera templates, static files and labels. The default theme is built in; a folder
//! under `themes/` may override any single template or static file, and any label.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::labels::{read_label_files, LabelSets};
use crate::diagnostic::{error_chain, Diagnostic};
use crate::report::Report;

const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "situation.html",
        include_str!("../../themes/default/templates/situation.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/default/templates/article.html"),
    ),
    (
        "sources.html",
        include_str!("../../themes/default/templates/sources.html"),
    ),
    (
        "cheatsheet.html",
        include_str!("../../themes/default/templates/cheatsheet.html"),
    ),
    (
        "print.html",
        include_str!("../../themes/default/templates/print.html"),
    ),
    (
        "print_situation.html",
        include_str!("../../themes/default/templates/print_situation.html"),
    ),
    (
        "print_article.html",
        include_str!("../../themes/default/templates/print_article.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "sources_table.html",
        include_str!("../../themes/default/templates/sources_table.html"),
    ),
    (
        "kinds_table.html",
        include_str!("../../themes/default/templates/kinds_table.html"),
    ),
    (
        "rules.html",
        include_str!("../../themes/default/templates/rules.html"),
    ),
    (
        "head.html",
        include_str!("../../themes/default/templates/head.html"),
    ),
    (
        "situation_map.html",
        include_str!("../../themes/default/templates/situation_map.html"),
    ),
    (
        "channel.html",
        include_str!("../../themes/default/templates/channel.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "sakuin.html",
        include_str!("../../themes/default/templates/sakuin.html"),
    ),
    (
        "keyword_list.html",
        include_str!("../../themes/default/templates/keyword_list.html"),
    ),
];

const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "cheatsheet.css",
        include_bytes!("../../themes/default/static/cheatsheet.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
];

/// A static file to copy into the output, by its path relative to the output root.
pub struct StaticFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub tera: tera::Tera,
    pub static_files: Vec<StaticFile>,
    /// The built-in label sets and the theme's `labels/LANG.yaml` files.
    pub labels: LabelSets,
}

/// Loads the built-in theme, then the overrides in `root/themes/NAME/`.
pub fn load_theme(root: &Path, name: &str, report: &mut Report) -> Option<Theme> {
    let dir = root.join("themes").join(name);
    // A theme is a folder directly under themes/: `--theme ../x` must not read elsewhere.
    let plain = Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(std::path::Component::Normal(_))
        );
    if !plain {
        report.io_error(
            format!("`{name}` is not a theme name"),
            None,
            "name a folder directly under themes/, e.g. --theme mine",
        );
        return None;
    }
    if name != "default" && !dir.is_dir() {
        report.io_error(
            format!("theme `{name}` not found"),
            None,
            &format!("create `themes/{name}/templates/` or drop --theme to use the built-in theme"),
        );
        return None;
    }
    let mut templates: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    let mut static_files: Vec<StaticFile> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| StaticFile {
            path: (*p).to_owned(),
            bytes: b.to_vec(),
        })
        .collect();
    for (rel, path) in files_under(&dir.join("templates"), report) {
        let text = crate::load::read_text(root, path.strip_prefix(root).unwrap_or(&path), report)?;
        templates.retain(|(n, _)| *n != rel);
        templates.push((rel, text.to_string()));
    }
    for (rel, path) in files_under(&dir.join("static"), report) {
        let rel_path = path.strip_prefix(root).unwrap_or(&path);
        if let Some(bytes) = crate::load::read_bytes(root, rel_path, report) {
            static_files.retain(|f| f.path != rel);
            static_files.push(StaticFile { path: rel, bytes });
        }
    }
    static_files.sort_by(|a, b| a.path.cmp(&b.path));
    let label_files = read_label_files(root, files_under(&dir.join("labels"), report), report);
    let mut tera = tera::Tera::new();
    if let Err(e) = tera.add_raw_templates(templates) {
        report.push(
            Diagnostic::error(format!("theme `{name}` has a template error"))
                .in_file(PathBuf::from("themes").join(name).join("templates"))
                .help(error_chain(&e)),
        );
        return None;
    }
    Some(Theme {
        tera,
        static_files,
        labels: LabelSets::new(label_files),
    })
}

/// Regular files under `dir`, with `/`-separated paths relative to it, in a stable order.
fn files_under(dir: &Path, report: &mut Report) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((rel.join("/"), e.path().to_path_buf()));
            }
            Ok(e) if e.path_is_symlink() => report.push(
                Diagnostic::error(format!("`{}` is a symlink", e.path().display()))
                    .help("madoguchi does not follow symlinks in themes/: copy the file instead"),
            ),
            Ok(_) => {}
            Err(e) => report.io_error(format!("failed to list `{}`: {e}", dir.display()), None, ""),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels the render fills in itself rather than a template: the group `other`'s titles
    /// (`render::views`), the keyword index's heading for entries that start with neither kana
    /// nor a letter (`render::keywords`) and the serve overlay's (`serve::inject`).
    const PRINTED_BY_CODE: [&str; 5] = [
        "other_windows",
        "other_numbers",
        "keywords_other",
        "serve_failed",
        "serve_fix_hint",
    ];

    #[test]
    fn every_built_in_label_is_printed_somewhere() {
        let sets = LabelSets::new(Vec::new());
        for key in sets.known() {
            let used = |template: &str| {
                template
                    .match_indices(&format!("labels.{key}"))
                    .any(|(at, found)| {
                        let next = template[at + found.len()..].chars().next();
                        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
            };
            let in_template = DEFAULT_TEMPLATES.iter().any(|(_, t)| used(t));
            assert!(
                in_template != PRINTED_BY_CODE.contains(&key),
                "label `{key}` is printed by no template (or by one and by code)"
            );
        }
    }
}
