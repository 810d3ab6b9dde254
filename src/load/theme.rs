//! The theme: Tera templates, static files and labels. The default theme is built in; a folder
//! under `themes/` may override any single template or static file, and any label.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

mod errors;

use super::labels::{read_label_files, LabelSets};
use crate::diagnostic::{closest, suggestion, Diagnostic};
use crate::model::Text;
use crate::report::Report;
pub use errors::template_diagnostic;
use errors::template_error;

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
        "changes.html",
        include_str!("../../themes/default/templates/changes.html"),
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
        "alias.html",
        include_str!("../../themes/default/templates/alias.html"),
    ),
    (
        "last_checked.html",
        include_str!("../../themes/default/templates/last_checked.html"),
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
        "search-tokens.js",
        include_bytes!("../../themes/default/static/search-tokens.js"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
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
    /// The files the theme's folder gives that differ from the built-in ones, as
    /// `templates/NAME` and `static/PATH`.
    pub own: Vec<String>,
    /// The theme's folder name under `themes/` (`default` for the built-in theme).
    pub name: String,
    /// Whether the theme has an `extra.css` (templates link it after the built-in stylesheet).
    pub extra_css: bool,
    /// The theme's own templates with their text, for locating template errors.
    pub theirs: Vec<(String, String)>,
}

impl Theme {
    /// Whether the cheat sheet is laid out as the built-in theme lays it out (no template or
    /// stylesheet of it replaced): then its height can be estimated without a browser.
    pub fn built_in_sheet(&self) -> bool {
        let sheet_files = [
            "templates/cheatsheet.html",
            "templates/rules.html",
            "static/cheatsheet.css",
        ];
        !self.own.iter().any(|f| sheet_files.contains(&f.as_str()))
    }
}

/// The built-in theme's files as `madoguchi theme export` writes them, by path under the
/// theme's folder: every template, and the stylesheets marked to replace the built-in ones.
pub fn built_in_files() -> Vec<(String, Vec<u8>)> {
    let templates = (DEFAULT_TEMPLATES.iter())
        .map(|(name, text)| (format!("templates/{name}"), text.as_bytes().to_vec()));
    // Only a stylesheet is joined after the built-in one, so only stylesheets are marked.
    let styles = DEFAULT_STATIC.iter().map(|(name, bytes)| {
        let mut marked = match name.ends_with(".css") {
            true => format!("{REPLACES_BUILT_IN}\n").into_bytes(),
            false => Vec::new(),
        };
        marked.extend_from_slice(bytes);
        (format!("static/{name}"), marked)
    });
    templates.chain(styles).collect()
}

/// Which theme to build with, and who chose it.
pub enum ThemeChoice<'a> {
    BuiltIn,
    /// `--theme NAME`.
    Flag(&'a str),
    /// `theme:` in `guide.yaml` (its problems point there).
    Guide(&'a Text),
}

/// The first line `madoguchi theme export` writes into a stylesheet: a theme's `style.css` or
/// `cheatsheet.css` that starts with it replaces the built-in one; any other is added after
/// the built-in rules, so one rule never drops the rest.
pub const REPLACES_BUILT_IN: &str = "/* madoguchi: replaces the built-in stylesheet */";

/// The theme's own stylesheet of extra rules, linked after the built-in one on every page.
pub const EXTRA_CSS: &str = "extra.css";

/// Loads the built-in theme, then the overrides in `root/themes/NAME/`.
pub fn load_theme(root: &Path, choice: ThemeChoice, report: &mut Report) -> Option<Theme> {
    let name = match choice {
        ThemeChoice::BuiltIn => "default",
        ThemeChoice::Flag(name) => name,
        ThemeChoice::Guide(named) => named.value.as_str(),
    };
    let dir = root.join("themes").join(name);
    // A theme is a folder directly under themes/: `--theme ../x` must not read elsewhere.
    let plain = Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(std::path::Component::Normal(_))
        );
    if !plain || (name != "default" && !dir.is_dir()) {
        let why = if plain {
            "not found"
        } else {
            "is not a theme name"
        };
        let message = match plain {
            true => format!("theme `{name}` not found"),
            false => format!("`{name}` is not a theme name"),
        };
        let themes = theme_folders(root);
        let help = match closest(name, themes.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? (themes are the folders under themes/)"),
            None if plain => format!("create `themes/{name}/templates/` (`madoguchi theme export {name}` starts one from the built-in theme), or name none to use the built-in theme"),
            None => "name a folder directly under themes/, e.g. --theme mine".to_owned(),
        };
        match choice {
            ThemeChoice::Guide(named) => report.push(
                Diagnostic::error(message)
                    .at(crate::load::GUIDE_FILE, crate::model::span_of(named, 0))
                    .label(why)
                    .help(help),
            ),
            _ => report.io_error(message, None, &help),
        }
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
    let mut own = Vec::new();
    let mut theirs = Vec::new();
    for (rel, path) in files_under(&dir.join("templates"), report) {
        let text = crate::load::read_text(root, path.strip_prefix(root).unwrap_or(&path), report)?;
        if !DEFAULT_TEMPLATES.contains(&(rel.as_str(), text.as_str())) {
            own.push(format!("templates/{rel}"));
        }
        if let Some(charset) = declared_charset(&text).filter(|c| *c != "utf-8" && *c != "utf8") {
            report.push(
                Diagnostic::error(format!("template `templates/{rel}` declares the encoding `{charset}`"))
                    .in_file(path.strip_prefix(root).unwrap_or(&path))
                    .help("pages are written in UTF-8 and checked as UTF-8: a browser that decodes them as another encoding (ISO-2022-JP, …) shows text no check read. Declare `<meta charset=\"utf-8\">`, or none"),
            );
        }
        templates.retain(|(n, _)| *n != rel);
        theirs.push((rel.clone(), text.to_string()));
        templates.push((rel, text.to_string()));
    }
    report.extend(unknown_templates(name, &theirs));
    for (rel, path) in files_under(&dir.join("static"), report) {
        let rel_path = path.strip_prefix(root).unwrap_or(&path);
        if let Some(bytes) = crate::load::read_bytes(root, rel_path, report) {
            if !DEFAULT_STATIC.contains(&(rel.as_str(), bytes.as_slice())) {
                own.push(format!("static/{rel}"));
            }
            let bytes = after_built_in(&static_files, &rel, bytes);
            static_files.retain(|f| f.path != rel);
            static_files.push(StaticFile { path: rel, bytes });
        }
    }
    static_files.sort_by(|a, b| a.path.cmp(&b.path));
    let label_files = read_label_files(root, files_under(&dir.join("labels"), report), report);
    let mut tera = tera::Tera::new();
    if let Err(e) = tera.add_raw_templates(templates) {
        report.push(template_error(name, &theirs, &e));
        return None;
    }
    Some(Theme {
        tera,
        static_files,
        labels: LabelSets::new(label_files),
        name: name.to_owned(),
        extra_css: own.iter().any(|f| *f == format!("static/{EXTRA_CSS}")),
        own,
        theirs,
    })
}

/// A theme's `style.css` or `cheatsheet.css` is added after the built-in rules it would
/// replace, unless it says it replaces them ([`REPLACES_BUILT_IN`], as exported themes do)
/// or is the built-in file unchanged.
fn after_built_in(built_in: &[StaticFile], rel: &str, bytes: Vec<u8>) -> Vec<u8> {
    let Some(base) = built_in
        .iter()
        .find(|f| f.path == rel && rel.ends_with(".css"))
    else {
        return bytes;
    };
    let text = String::from_utf8_lossy(&bytes);
    // The built-in file itself (this repository's themes/default/) is the same either way.
    if bytes == base.bytes
        || text
            .trim_start_matches('\u{feff}')
            .starts_with(REPLACES_BUILT_IN)
    {
        return bytes;
    }
    let mut joined = base.bytes.clone();
    joined.extend_from_slice(
        format!("\n/* the theme's own {rel}, after the built-in rules */\n").as_bytes(),
    );
    joined.extend_from_slice(&bytes);
    joined
}

/// The first encoding a template declares (`<meta charset=…>`, `content="…; charset=…"`),
/// lower case.
fn declared_charset(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("charset")? + "charset".len();
    let value = lower[at..].trim_start().strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(value.len());
    Some(value[..end].to_owned())
}

/// The folders under `themes/`, for did-you-mean.
fn theme_folders(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("themes")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A theme template that replaces no built-in one and that no template of the theme includes,
/// imports or extends is never used: a warning, with did-you-mean (`situations.html`).
fn unknown_templates(theme: &str, theirs: &[(String, String)]) -> Vec<Diagnostic> {
    let known = || DEFAULT_TEMPLATES.iter().map(|(n, _)| *n);
    theirs
        .iter()
        .filter(|(rel, _)| !known().any(|k| k == rel))
        .filter(|(rel, _)| {
            let quoted = [format!("\"{rel}\""), format!("'{rel}'")];
            !(theirs.iter()).any(|(_, text)| quoted.iter().any(|q| text.contains(q.as_str())))
        })
        .map(|(rel, _)| {
            Diagnostic::warning(format!("theme template `{rel}` is not a template madoguchi renders, and no template uses it"))
                .in_file(PathBuf::from("themes").join(theme).join("templates").join(rel))
                .help(suggestion(rel, known()))
        })
        .collect()
}

/// Regular files under `dir`, with `/`-separated paths relative to it, in a stable order.
fn files_under(dir: &Path, report: &mut Report) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // Hidden files and folders (`.DS_Store`, `.git/`, an editor's `.x.swp`) are not part of
    // the theme, as in Hugo's and Zola's static folders: never published, never a template.
    // `.well-known/` is published: sites put `security.txt` there on purpose (RFC 8615).
    let hidden = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 0 && name.starts_with('.') && name != ".well-known"
    };
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
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
    const PRINTED_BY_CODE: [&str; 8] = [
        "other_windows",
        "other_numbers",
        "keywords_other",
        "serve_failed",
        "serve_fix_hint",
        "serve_sheet_overflow",
        "serve_sheet_hint",
        "serve_sheet_remeasuring",
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
