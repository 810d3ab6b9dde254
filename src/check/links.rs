//! Rules 5 and 7 for Markdown: internal links resolve, external links use safe schemes, `tel:` is vetted.

use super::{ArticleRules, Diagnostic};
use crate::links::{classify, resolve, Link, LinkProblem};
use crate::markdown::LinkRef;
use crate::model::{Article, Site};
use crate::phone::canonical;

/// Rules 5 and 7 in one article's links, as its body scan found them.
pub fn check_links_of(
    article: &Article,
    rules: &ArticleRules,
    links: &[LinkRef],
) -> Vec<Diagnostic> {
    let site = rules.site;
    let mut found = Vec::new();
    for link in links {
        let span = article.body_base + link.span.start..article.body_base + link.span.end;
        let at = |message: String| Diagnostic::error(message).at(&article.file, span.clone());
        match classify(&link.dest) {
            Ok(Link::Internal { target, .. }) => {
                if resolve(target, site).is_none() {
                    found.push(
                        at(format!("link to `@/{target}` leads nowhere"))
                            .label("no such page")
                            .help(internal_help(target, site, article)),
                    );
                }
            }
            Ok(Link::Fragment) => {}
            Ok(Link::External { scheme }) if scheme == "tel" => {
                let number = link.dest.trim().get(4..).unwrap_or("");
                let number_is = canonical(number);
                if !rules.vetted.contains(&number_is) {
                    let help = match rules.windows_by_phone.get(number_is.as_str()) {
                        Some(id) => format!("this is the `phone` of window `{id}`, whose source does not pass the source check: fix its `source`, then link the number as {{{{ window(id=\"{id}\", field=\"phone\") }}}}"),
                        None => "link only numbers that are the `phone` of a channel with an official source".into(),
                    };
                    found.push(
                        at(format!("`tel:` link to an unvetted number `{number}`"))
                            .label("unvetted number")
                            .help(help),
                    );
                }
            }
            Ok(Link::External { scheme }) => {
                let problem = (scheme == "https" || scheme == "http")
                    .then(|| rules.url_problem(&link.dest))
                    .flatten();
                if let Some((label, help)) = problem {
                    found.push(
                        at("link to a page outside the official domains".into())
                            .label(format!("not an official https page: {label}"))
                            .help(format!("readers trust links in this guide: link official pages. {help}"))
                            .as_warning(),
                    );
                }
            }
            Err(LinkProblem::ForbiddenScheme(scheme)) => found.push(
                at(format!("`{scheme}:` links are not allowed"))
                    .label("unsafe link")
                    .help("links may be https:, http:, mailto:, tel:, or @/ to a page of this guide"),
            ),
            Err(LinkProblem::Relative) => found.push(
                at(format!("relative link `{}`", link.dest))
                    .label("not a guide link")
                    .help("link pages of this guide with @/, e.g. [FAQ](@/faq.md), [配送](@/situation/delivery), [出典](@/sources)"),
            ),
        }
    }
    found
}

fn internal_help(target: &str, site: &Site, _from: &Article) -> String {
    let slugs = site.articles.iter().map(|a| a.slug.as_str());
    if let Some(id) = target.strip_prefix("situation/") {
        let ids = site.guide.situations.iter().map(|s| s.id.value.as_str());
        return format!(
            "no situation `{id}`: {}",
            crate::diagnostic::suggestion(id, ids)
        );
    }
    match target.strip_suffix(".md") {
        Some(slug) if site.drafts.iter().any(|d| d == slug) => format!(
            "`{slug}.md` is a draft (`draft: true`), left out of this build: remove `draft: true` to publish it, or build with --drafts"
        ),
        Some(slug) => format!(
            "no article `{slug}.md`: {}",
            crate::diagnostic::suggestion(slug, slugs)
        ),
        None => {
            "use @/PATH.md for an article, @/situation/ID, @/sources, @/cheatsheet or @/".into()
        }
    }
}
