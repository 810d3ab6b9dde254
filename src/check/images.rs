//! Images beside articles: each image of a file an article shows is a file beside the articles,
//! in a format published, within the size limit, with alt text for readers who cannot see it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use super::Diagnostic;
use crate::image::{resolve, ImageProblem, Unusable, FORMATS, MAX_IMAGE_BYTES};
use crate::markdown::ImageRef;
use crate::model::{Article, Site};

/// An error for each problem of each image in an article, at the image.
pub fn check_images(article: &Article, site: &Site, images: &[ImageRef]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for image in images {
        let span = article.body_base + image.span.start..article.body_base + image.span.end;
        let at = |message: String| Diagnostic::error(message).at(&*article.file, span.clone());
        if crate::markdown::headings::is_blank(&image.alt) {
            found.push(
                at(format!("image `{}` has no alt text", image.dest))
                    .label("empty alt")
                    .help("say what the image shows between the brackets, e.g. ![購入履歴の「問い合わせ」ボタン](order-history.png): a reader who cannot see it hears that"),
            );
        }
        if let Some((message, label, help)) = file_problem(article, site, &image.dest) {
            found.push(at(message).label(label).help(help));
        }
    }
    found
}

/// What is wrong with the file an image names: the message, the label and the help.
fn file_problem(
    article: &Article,
    site: &Site,
    dest: &str,
) -> Option<(String, &'static str, String)> {
    let with = |message: String, label: &'static str, help: String| (message, label, help);
    if !crate::markdown::is_file(dest) {
        return Some(with(
            format!("image `{dest}` is not a file beside the article"),
            "not a file",
            "save the image beside the article and write its path, e.g. ![…](order-history.png): an image from elsewhere is blocked by the page's policy, has no size to reserve, and can change after it was checked".into(),
        ));
    }
    let path = match resolve(&article.slug, dest) {
        Ok(path) => path,
        Err(Unusable::LeavesArticles) => {
            return Some(with(
                format!("image `{dest}` is outside content/articles/"),
                "leaves the articles' folder",
                "put the image beside the article, or in a folder below content/articles/".into(),
            ))
        }
        Err(Unusable::NotAPath) => {
            return Some(with(
                format!("image `{dest}` is not a file's path"),
                "not a path",
                "write the file's path relative to the article, with `/` and no `?` or `#`, e.g. ![…](img/order-history.png)".into(),
            ))
        }
    };
    let extension = crate::image::extension(&path).unwrap_or_default();
    if !FORMATS.contains(&extension.as_str()) {
        return Some(with(
            format!("image `{dest}` is not in a format published"),
            "unsupported format",
            format!(
                "convert it to PNG, JPEG, WebP, GIF or SVG (files ending in .{})",
                FORMATS.join(", .")
            ),
        ));
    }
    let Some(image) = site.images.get(&path) else {
        return Some(with(
            format!("image `{dest}` not found"),
            "no such file",
            not_found_help(site, &path),
        ));
    };
    match &image.size {
        Ok(_) => None,
        Err(ImageProblem::TooLarge(len)) => Some(with(
            format!(
                "image `{dest}` is too large ({} KiB; the limit is {} KiB)",
                len.div_ceil(1024),
                MAX_IMAGE_BYTES / 1024
            ),
            "too large",
            "make it smaller (crop to the part a reader needs, or save it as JPEG or WebP): readers open the guide on phones".into(),
        )),
        Err(ImageProblem::NotAFile(what)) => Some(with(
            format!("image `{dest}` is not a regular file (it is {what})"),
            "not a regular file",
            format!("put the image file itself at `content/{path}`"),
        )),
        Err(ImageProblem::Unreadable(why)) => {
            // The help fits the cause: an active SVG or a huge picture is readable, just not
            // publishable.
            let help = if why.starts_with("the SVG") {
                "export it as PNG, or draw it again as shapes alone (no script, animation, links to other files or text)"
            } else if why.starts_with("it is ") {
                "scale it down: a screenshot of a phone's screen is about 1,200 pixels tall"
            } else {
                "save it again as PNG, JPEG, WebP, GIF or SVG, with the extension of its format"
            };
            Some(with(
                format!("image `{dest}` cannot be published: {why}"),
                "cannot be published",
                help.into(),
            ))
        }
    }
}

/// Where a missing image was looked for, and the file it was most likely meant for: one whose
/// name differs only in case, or only in Unicode form (NFC/NFD, which look identical).
fn not_found_help(site: &Site, path: &str) -> String {
    let looked =
        format!("the image is read from `content/{path}`, relative to the article's folder");
    let key = crate::links::path_key(path);
    let Some(near) = (site.images.keys()).find(|p| crate::links::path_key(p) == key) else {
        return looked;
    };
    if crate::links::differ_in_form_only(path, near) {
        format!("{looked}; `content/{near}` looks the same but is written in another Unicode form (NFC/NFD: a name saved on macOS is decomposed, `か` + `゛` for `が`), so a static host would not find it either: rename the file with its name typed again (NFC), or write the reference as the file is named")
    } else {
        format!("{looked}; `content/{near}` differs from it in case, and a static host compares names with their case: write the reference as the file is named, or rename the file")
    }
}

/// Where an article first shows each of the images at `paths` (under `content/`): the article's
/// file and the image's span in it. The articles are parsed for their images only when asked.
pub(super) fn first_shown(
    site: &Site,
    paths: &HashSet<&str>,
) -> HashMap<String, (PathBuf, Range<usize>)> {
    let mut first = HashMap::new();
    if paths.is_empty() {
        return first;
    }
    let shown: Vec<Vec<(String, Range<usize>)>> = (site.articles.par_iter())
        .map(|article| {
            let body = article.body();
            let parsed = crate::markdown::parse(body.as_deref().unwrap_or_default());
            (parsed.scan().images.iter())
                .filter_map(|image| {
                    let path = resolve(&article.slug, &image.dest).ok()?;
                    let span =
                        article.body_base + image.span.start..article.body_base + image.span.end;
                    paths.contains(path.as_str()).then_some((path, span))
                })
                .collect()
        })
        .collect();
    for (article, images) in site.articles.iter().zip(shown) {
        for (path, span) in images {
            first
                .entry(path)
                .or_insert_with(|| (article.file.to_path_buf(), span));
        }
    }
    first
}

/// A warning for each image beside the articles that cannot be published (an SVG with script
/// or no size, a broken file, one over the limit, a named pipe) and that no article shows: it is left out
/// of the output, which would otherwise happen silently (one an article shows is that
/// article's error). The articles are parsed for their images only when there is such a file.
pub fn unpublished_images(site: &Site) -> Vec<Diagnostic> {
    let unusable: Vec<(&String, &ImageProblem)> = (site.images.iter())
        .filter_map(|(path, image)| image.size.as_ref().err().map(|problem| (path, problem)))
        .collect();
    if unusable.is_empty() {
        return Vec::new();
    }
    let shown: HashSet<String> = (site.articles.par_iter())
        .flat_map_iter(|article| {
            // A file that changed since it loaded is reported where its text is read again.
            let body = article.body();
            let parsed = crate::markdown::parse(body.as_deref().unwrap_or_default());
            (parsed.scan().images.iter())
                .filter_map(|image| resolve(&article.slug, &image.dest).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    (unusable.into_iter())
        .filter(|(path, _)| !shown.contains(*path))
        .map(|(path, problem)| {
            let why = match problem {
                ImageProblem::TooLarge(len) => format!(
                    "it is too large ({} KiB; the limit is {} KiB)",
                    len.div_ceil(1024),
                    MAX_IMAGE_BYTES / 1024
                ),
                ImageProblem::Unreadable(why) => why.clone(),
                ImageProblem::NotAFile(what) => format!("it is not a regular file (it is {what})"),
            };
            Diagnostic::warning(format!("image `content/{path}` is not published: {why}"))
                .in_file(format!("content/{path}"))
                .help("no article shows it, so it is left out of the output (an article that showed it would fail the build): fix the file, or delete it")
        })
        .collect()
}
