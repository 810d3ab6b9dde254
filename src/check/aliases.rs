//! Aliases (`aliases: [old/path]` in an article's front matter): each is a plain path, and the
//! small page written there replaces nothing the build writes (a page, an image, another alias).

use std::collections::HashMap;

use super::{at_front_matter, Diagnostic};
use crate::links::{alias_file, Page, NOT_FOUND_PAGE};
use crate::model::Site;

/// An error at each alias that is not a plain path, or whose page would replace another file.
pub fn check_aliases(site: &Site) -> Vec<Diagnostic> {
    if site.articles.iter().all(|a| a.front.aliases.is_empty()) {
        return Vec::new();
    }
    let mut written: HashMap<String, String> = HashMap::new();
    let fixed = [
        Page::Home,
        Page::Sources,
        Page::CheatSheet,
        Page::Print,
        Page::History,
        Page::Search,
        Page::Keywords,
    ];
    for page in fixed.iter() {
        written.insert(page.output_path(), "a page".into());
    }
    written.insert(NOT_FOUND_PAGE.into(), "the 404 page".into());
    written.insert(crate::output::publish::SITEMAP.into(), "the sitemap".into());
    written.insert(
        crate::output::data::DATA_FILE.into(),
        "the published data".into(),
    );
    written.insert(crate::output::feed::FEED.into(), "the feed".into());
    for s in &site.guide.situations {
        let page = Page::Situation(&s.id.value).output_path();
        written.insert(page, format!("the page of situation `{}`", s.id.value));
    }
    for a in site
        .articles
        .iter()
        .filter(|a| site.situation_of(a).is_none())
    {
        let page = Page::Article(&a.slug).output_path();
        written.insert(page, format!("the page of `{}`", a.file.display()));
    }
    for path in site.images.keys() {
        written.insert(path.clone(), "an image".into());
    }
    // Compared without case: on the file systems of macOS and Windows, and on hosts served from
    // them, `Index.html` is `index.html`.
    let mut written: HashMap<String, String> = (written.into_iter())
        .map(|(path, what)| (path.to_lowercase(), what))
        .collect();
    let mut found = Vec::new();
    for article in &site.articles {
        for alias in &article.front.aliases {
            let at = |message: String| {
                at_front_matter(&article.file, article.front_base, alias, message)
            };
            let Some(file) = alias_file(&alias.value) else {
                found.push(
                    at(format!("alias `{}` is not a plain path", alias.value))
                        .label("not a path")
                        .help("write the old page's path from the site's root, e.g. articles/old-name.html, old/faq/ or 旧/よくある質問.html (names in any script, separated by `/`; a file name ends in `.html` or has no extension; no `..`, spaces, `?`, `#`, `%`, `\\`, `:`, `*`, `|`, quotes or angle brackets)"),
                );
                continue;
            };
            let mine = format!("an alias of `{}`", article.file.display());
            match written.get(&file.to_lowercase()) {
                Some(other) => found.push(
                    at(format!("alias `{}` would replace {other} (`{file}`)", alias.value))
                        .label("already written")
                        .help("an alias is the path of a page that no longer exists: drop it, or pick the old path it really had"),
                ),
                None => {
                    written.insert(file.to_lowercase(), mine);
                }
            }
        }
    }
    found
}
