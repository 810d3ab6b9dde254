//! A theme's static files in the pipeline: which are read as markup or text by the check of
//! what is published, which go unread (pictures, fonts, scripts), which are refused, and
//! that none replaces a file the build writes.

use std::path::{Path, PathBuf};

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::links::path_key;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::report::Report;

/// Formats a theme may publish unread: styles, scripts, pictures and fonts, which hold no text
/// a browser shows as text. Every other file is read as markup or text, or refused.
const UNREAD_FORMATS: [&str; 13] = [
    "js", "mjs", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "woff", "woff2", "ttf", "otf",
];

/// How the check of what is published reads a theme's static file, by its extension.
pub(super) enum StaticRead {
    Markup,
    Text,
    /// A stylesheet: the text its `content:` adds is read, and the attributes its `attr()`
    /// shows are read on every page (`vetted_for`).
    Style,
    Unread,
    /// A format the checks cannot read (a PDF, an office document, anything not known): a
    /// number in it would reach readers unchecked.
    Refused,
}

pub(super) fn static_read(path: &str) -> StaticRead {
    let extension = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" | "xhtml" | "svg" | "xml" => StaticRead::Markup,
        "txt" | "md" | "json" | "csv" | "vcf" | "ics" | "webmanifest" | "map" => StaticRead::Text,
        "css" => StaticRead::Style,
        e if UNREAD_FORMATS.contains(&e) => StaticRead::Unread,
        _ => StaticRead::Refused,
    }
}

/// Whether a file read as markup or text is UTF-8 as the checks read it: a browser honours a
/// declared or sniffed encoding (ISO-2022-JP's escapes, UTF-16's zero bytes), in which the
/// digits a reader sees are not the bytes the checks read.
fn read_as_written(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok() && !bytes.iter().any(|b| *b == 0x1b || *b == 0)
}

/// A theme's static file may add to the site, never replace what the build writes (a page
/// the checks read would be published as the theme's file, unread), and may not be a
/// document the checks cannot read.
pub(super) fn check_theme_files(
    report: &mut Report,
    (site, theme): (&Site, &Theme),
    paths: &[String],
) {
    // Compared as the file systems of macOS and Windows compare names (`links::path_key`).
    let written: HashMap<String, &str> = (paths.iter().chain(site.images.keys()))
        .map(|path| (path_key(path), path.as_str()))
        .collect();
    let mut theirs: HashMap<String, &str> = HashMap::new();
    let in_theme = |rel: &str| {
        PathBuf::from("themes")
            .join(&theme.name)
            .join("static")
            .join(rel)
    };
    let index_dir = format!("{}/", crate::render::search_index::SEARCH_DIR);
    for file in &theme.static_files {
        let key = path_key(&file.path);
        // The search index's files hold text of the pages (read as published where they are
        // made); a theme's file in their place would reach readers unread.
        let in_index = key.starts_with(&index_dir);
        let replaced = written.get(&key).or(theirs.get(&key));
        if replaced.is_some() || in_index {
            let what = match replaced {
                _ if in_index => "the search index's file".to_owned(),
                Some(other) if written.contains_key(&key) && *other == file.path => {
                    "the page".into()
                }
                Some(other) if written.contains_key(&key) => format!("the page `{other}`"),
                Some(other) => format!("the theme's own `static/{other}`"),
                None => unreachable!("replaced or in the index"),
            };
            let alike = match replaced {
                Some(other) if *other != file.path => " (the names differ only in case or Unicode form: macOS and Windows file systems, and hosts served from them, take them for one name)",
                _ => "",
            };
            report.push(
                Diagnostic::error(format!(
                    "theme file `static/{}` would replace {what} the build writes there{alike}",
                    file.path
                ))
                .in_file(in_theme(&file.path))
                .help("rename the file; to change the page itself, override its template in the theme's templates/"),
            );
        } else if let Some(other) = (written.iter().chain(theirs.iter()))
            .filter(|(other, _)| other.starts_with(&key) && other[key.len()..].starts_with('/'))
            .map(|(_, other)| *other)
            .min()
            .or_else(|| {
                (key.match_indices('/'))
                    .find_map(|(end, _)| written.get(&key[..end]).or(theirs.get(&key[..end])))
                    .copied()
            })
        {
            report.push(
                Diagnostic::error(format!(
                    "theme file `static/{}` and the file `{other}` the build writes cannot both be written: one is where the other needs a folder",
                    file.path
                ))
                .in_file(in_theme(&file.path))
                .help("a path of the output cannot be both a file and a folder (names compared without case or Unicode form): rename the theme's file or its folder"),
            );
        } else if let StaticRead::Refused = static_read(&file.path) {
            report.push(
                Diagnostic::error(format!(
                    "theme file `static/{}` is a document the checks cannot read",
                    file.path
                ))
                .in_file(in_theme(&file.path))
                .help(format!("a phone number in it would reach readers unchecked: publish its text as an article instead (a theme may publish pages and text files, which are read, and {} files, which hold no text)", UNREAD_FORMATS.join(", "))),
            );
        } else if !matches!(static_read(&file.path), StaticRead::Unread)
            && !read_as_written(&file.bytes)
        {
            report.push(
                Diagnostic::error(format!(
                    "theme file `static/{}` is not UTF-8 text",
                    file.path
                ))
                .in_file(in_theme(&file.path))
                .help("a browser would read it in another encoding (ISO-2022-JP, UTF-16, …) than the checks do: save it as UTF-8"),
            );
        }
        if matches!(static_read(&file.path), StaticRead::Style) {
            check_stylesheet(report, &in_theme(&file.path), &file.path, &file.bytes);
        }
        theirs.entry(key).or_insert(&file.path);
    }
}

/// A theme's stylesheet may not show digits the checks cannot read (`counter()`,
/// `@counter-style`) or show text in another order than it is written (`direction: rtl`,
/// `unicode-bidi: bidi-override`, reversed or reordered flex boxes): a page could then show
/// `0120-444-4444` where the checks read `4444-444-0210`.
fn check_stylesheet(report: &mut Report, file: &Path, rel: &str, bytes: &[u8]) {
    let css = String::from_utf8_lossy(bytes);
    let unreadable = crate::check::published::shown_by_css(&css).unreadable;
    if unreadable.is_empty() {
        return;
    }
    let listed: Vec<String> = unreadable.iter().map(|d| format!("`{d}`")).collect();
    report.push(
        Diagnostic::error(format!(
            "theme stylesheet `static/{rel}` can show digits the checks cannot read: {}",
            listed.join(", ")
        ))
        .in_file(file.to_path_buf())
        .help("a counter shows digits set anywhere, and a reversed direction or box order shows text in another order than the checks read it: write numbers in the pages, and lay boxes out in their written order"),
    );
}
