//! What the build writes, before it writes it: every alias (`aliases: [old/path]` in an
//! article's front matter) is a plain path, and no file of the output replaces another or
//! stands where another needs a folder. Paths are compared as the file systems of macOS and
//! Windows, and hosts served from them, compare names (`links::path_key`: without case or
//! Unicode form): on those, `A.png` replaces `a.png`, and `articles/FAQ.HTML/x.png` cannot be
//! written beside the page `articles/faq.html`. A theme's static files are compared with what
//! the render wrote (`pipeline/theme_files`), the same way.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use super::{at_front_matter, Diagnostic};
use crate::links::{alias_file, path_key, Page, NOT_FOUND_PAGE};
use crate::model::{Article, Site, Text};
use crate::search::SEARCH_DIR;

/// Who writes a file of the output, in the order they are listed: a collision is the error
/// of the later one (what a user can rename: an alias before an image before a page).
enum Whose<'s> {
    /// A file the build always writes: what it is.
    Build(&'static str),
    Situation(&'s str),
    Article(&'s Article),
    Image,
    Alias(&'s Article, &'s Text),
}

struct Output<'s> {
    /// Its path under the output folder, as written.
    path: String,
    whose: Whose<'s>,
}

impl Output<'_> {
    /// What it is, as an error names the file it collides with.
    fn what(&self) -> String {
        match &self.whose {
            Whose::Build(what) => (*what).into(),
            Whose::Situation(id) => format!("the page of situation `{id}`"),
            Whose::Article(article) => format!("the page of `{}`", article.file.display()),
            Whose::Image => format!("the image `content/{}`", self.path),
            Whose::Alias(article, _) => format!("an alias of `{}`", article.file.display()),
        }
    }

    /// How an error names it as the cause.
    fn subject(&self) -> String {
        match &self.whose {
            Whose::Alias(_, alias) => format!("alias `{}`", alias.value),
            Whose::Image => format!("image `content/{}`", self.path),
            Whose::Article(article) => format!("the page of `{}`", article.file.display()),
            _ => self.what(),
        }
    }
}

/// An error at each alias that is not a plain path, and at each file of the output that would
/// replace another or be written where another needs a folder (or in a folder where another
/// is a file).
pub fn check_outputs(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut outputs = build_files();
    // A situation's id given twice is an error of its own.
    let mut ids = HashSet::new();
    for s in (site.guide.situations.iter()).filter(|s| ids.insert(&s.id.value)) {
        outputs.push(Output {
            path: Page::Situation(&s.id.value).output_path(),
            whose: Whose::Situation(&s.id.value),
        });
    }
    for a in (site.articles.iter()).filter(|a| site.situation_of(a).is_none()) {
        outputs.push(Output {
            path: Page::Article(&a.slug).output_path(),
            whose: Whose::Article(a),
        });
    }
    for path in site.images.keys() {
        outputs.push(Output {
            path: path.clone(),
            whose: Whose::Image,
        });
    }
    for article in &site.articles {
        for alias in &article.front.aliases {
            match alias_file(&alias.value) {
                // The search index's files are named as the render goes: its folder is its own.
                Some(path) if path_key(&path).starts_with(&format!("{SEARCH_DIR}/")) => found.push(
                    at_front_matter(&article.file, article.front_base, alias, format!("alias `{}` would be written in the folder `{SEARCH_DIR}/` of the search index", alias.value))
                        .label("the search index's folder")
                        .help("an alias is the path of a page that no longer exists: drop it, or pick the old path it really had"),
                ),
                Some(path) => outputs.push(Output {
                    path,
                    whose: Whose::Alias(article, alias),
                }),
                None => found.push(
                    at_front_matter(&article.file, article.front_base, alias, format!("alias `{}` is not a plain path", alias.value))
                        .label("not a path")
                        .help("write the old page's path from the site's root, e.g. articles/old-name.html, old/faq/ or 旧/よくある質問.html (names in any script, separated by `/`; a file name ends in `.html` or has no extension; no `..`, spaces, `?`, `#`, `%`, `\\`, `:`, `*`, `|`, quotes or angle brackets)"),
                ),
            }
        }
    }
    let collisions = collisions(&outputs);
    if collisions.is_empty() {
        return found;
    }
    // An image is pointed at where an article first shows it, found only now.
    let images: HashSet<&str> = (collisions.iter())
        .filter(|c| matches!(outputs[c.blamed].whose, Whose::Image))
        .map(|c| outputs[c.blamed].path.as_str())
        .collect();
    let shown = super::images::first_shown(site, &images);
    found.extend(
        (collisions.iter())
            .map(|c| collision_error(site, &outputs, c, shown.get(&outputs[c.blamed].path))),
    );
    found
}

/// The files every build writes (the PDFs with `--pdf`); the search index's folder `search/` is
/// kept for it where aliases are read.
fn build_files() -> Vec<Output<'static>> {
    let mut outputs: Vec<Output> = [
        Page::Home,
        Page::Sources,
        Page::CheatSheet,
        Page::Print,
        Page::History,
        Page::Search,
        Page::Keywords,
    ]
    .iter()
    .map(|page| Output {
        path: page.output_path(),
        whose: Whose::Build("a page"),
    })
    .collect();
    for (path, what) in [
        (NOT_FOUND_PAGE, "the 404 page"),
        (crate::output::publish::SITEMAP, "the sitemap"),
        (crate::output::data::DATA_FILE, "the published data"),
        (crate::output::feed::FEED, "the feed"),
        (crate::output::pdf::CHEATSHEET_PDF, "the cheat sheet's PDF"),
        (crate::output::pdf::GUIDE_PDF, "the guide's PDF"),
    ] {
        outputs.push(Output {
            path: path.into(),
            whose: Whose::Build(what),
        });
    }
    outputs
}

/// Two files of the output that cannot both be written: `blamed` would replace `other`
/// (`folder: false`), or one of them is written in a folder named like the other's file.
struct Collision {
    blamed: usize,
    other: usize,
    /// The folder, as the file inside it writes it (`articles/FAQ.HTML`), when one is a file
    /// where the other needs a folder.
    folder: Option<String>,
    /// Whether the blamed file is the one inside the folder (else it is the file).
    inside: bool,
}

/// Every collision among `outputs`, each once, at the later of the two.
fn collisions(outputs: &[Output]) -> Vec<Collision> {
    let mut found = Vec::new();
    let mut files: HashMap<String, usize> = HashMap::new();
    let keys: Vec<String> = outputs.iter().map(|o| path_key(&o.path)).collect();
    let mut blamed = vec![false; outputs.len()];
    for (i, key) in keys.iter().enumerate() {
        match files.get(key) {
            Some(&first) => {
                blamed[i] = true;
                found.push(Collision {
                    blamed: i,
                    other: first,
                    folder: None,
                    inside: false,
                });
            }
            None => {
                files.insert(key.clone(), i);
            }
        }
    }
    // A file whose folder (at any depth) is another's file: the later of the two is blamed.
    for (i, key) in keys.iter().enumerate() {
        if blamed[i] {
            continue;
        }
        for (end, _) in key.match_indices('/') {
            let Some(&file) = files.get(&key[..end]) else {
                continue;
            };
            if blamed[file] {
                continue;
            }
            // The folder as this path writes it: keys and paths may differ in length (NFC).
            let depth = key[..end].matches('/').count() + 1;
            let folder: Vec<&str> = outputs[i].path.split('/').take(depth).collect();
            let (later, earlier) = if file > i { (file, i) } else { (i, file) };
            blamed[later] = true;
            found.push(Collision {
                blamed: later,
                other: earlier,
                folder: Some(folder.join("/")),
                inside: later == i,
            });
            break;
        }
    }
    found.sort_by_key(|c| c.blamed);
    found
}

/// The error of one collision, at its cause: an alias at its `file:line:col`, an image where
/// an article first shows it (else at its file), a page at its article's title.
fn collision_error(
    site: &Site,
    outputs: &[Output],
    collision: &Collision,
    shown: Option<&(PathBuf, Range<usize>)>,
) -> Diagnostic {
    let this = &outputs[collision.blamed];
    let other = &outputs[collision.other];
    let (message, label, fix) = match &collision.folder {
        None => {
            let alike = if this.path == other.path {
                ""
            } else if crate::links::differ_in_form_only(&this.path, &other.path) {
                ": the names look the same and differ only in Unicode form (one NFC, one NFD, as macOS saves names), and macOS and Windows file systems, and hosts served from them, take them for one name"
            } else {
                ": the names differ only in case (or Unicode form), and macOS and Windows file systems, and hosts served from them, take them for one name"
            };
            (
                format!(
                    "{} would replace {} (`{}`){alike}",
                    this.subject(),
                    other.what(),
                    other.path
                ),
                "already written",
                "",
            )
        }
        Some(folder) => {
            let message = if collision.inside {
                format!(
                    "{} would be written in a folder `{folder}`, where the build writes {} as a file (`{}`)",
                    this.subject(),
                    other.what(),
                    other.path
                )
            } else {
                format!(
                    "{} would be written as a file `{}`, where the build writes {} inside a folder of that name (`{}`)",
                    this.subject(),
                    this.path,
                    other.what(),
                    other.path
                )
            };
            (message, "a file and a folder at one path", "a path of the output cannot be both a file and a folder (names compared without case or Unicode form); ")
        }
    };
    match &this.whose {
        Whose::Alias(article, alias) => at_front_matter(&article.file, article.front_base, alias, message)
            .label(label)
            .help(format!("{fix}an alias is the path of a page that no longer exists: drop it, or pick the old path it really had")),
        Whose::Image => {
            let file = site.guide_file.with_file_name(&this.path);
            let help = format!(
                "{fix}rename the file or its folder (`{}`), and the references to it",
                file.display()
            );
            let at = match shown {
                Some((article, span)) => Diagnostic::error(message).at(article, span.clone()),
                None => Diagnostic::error(message).in_file(file),
            };
            at.label(label).help(help)
        }
        Whose::Article(article) => at_front_matter(&article.file, article.front_base, &article.front.title, message)
            .label(label)
            .help(format!("{fix}rename the article's file or its folder (its page is named after it), and add its old path to `aliases:`")),
        Whose::Situation(_) | Whose::Build(_) => Diagnostic::error(message)
            .in_file(&site.guide_file)
            .help(format!("{fix}rename what collides with it")),
    }
}
