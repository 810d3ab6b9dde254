//! Rules 5 and 7 for Markdown: internal links resolve, external links use safe schemes, `tel:` is vetted.

use percent_encoding::percent_decode_str;

use super::{ArticleRules, Diagnostic};
use crate::diagnostic::closest;
use crate::links::{classify, resolve, Link, LinkProblem, Page};
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
        let at = |message: String| Diagnostic::error(message).at(&*article.file, span.clone());
        match classify(&link.dest) {
            Ok(Link::Internal { target, fragment }) => match resolve(target, site) {
                Some(page) => found.extend(
                    fragment.and_then(|f| anchor_problem(rules, &page, f, at(String::new()))),
                ),
                None if links_unloaded(target, site) => {}
                None => found.push(
                    at(format!("link to `@/{target}` leads nowhere"))
                        .label("no such page")
                        .help(internal_help(target, fragment, site)),
                ),
            },
            Ok(Link::Fragment) => {
                let own = resolve(&format!("{}.md", article.slug), site);
                let fragment = link.dest.trim().trim_start_matches('#');
                found.extend(own.and_then(|page| anchor_problem(rules, &page, fragment, at(String::new()))));
            }
            Ok(Link::External { scheme }) if scheme == "tel" => {
                let number = link.dest.trim().get(4..).unwrap_or("");
                let number_is = canonical(number);
                // A window's number whose source fails is reported at the source; a number a
                // window had in the published data says so.
                let vetted = rules.vetted.contains(&number_is);
                let pending = rules.pending.contains(&number_is);
                let former = rules.site.former_numbers.get(&number_is);
                if let (false, Some(former)) = (vetted, former) {
                    found.push(
                        at(former.message(number))
                            .label("an old number")
                            .help(former.help()),
                    );
                } else if !vetted && !pending {
                    found.push(
                        at(format!("`tel:` link to an unvetted number `{number}`"))
                            .label("unvetted number")
                            .help("link only numbers that are the `phone` of a channel with an official source"),
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
                    .help(match guide_form(&link.dest, site) {
                        Some(form) => format!("did you mean `{form}`? Pages of this guide are linked with @/, checked at build time and written as relative links"),
                        None => "link pages of this guide with @/, e.g. [FAQ](@/faq.md), [配送](@/situation/delivery), [出典](@/sources)".into(),
                    }),
            ),
        }
    }
    found
}

/// A fragment `#anchor` of a link to `page` that names no id there: an error with the ids it
/// has (fragments of pages whose ids only the theme knows are not checked).
fn anchor_problem(
    rules: &ArticleRules,
    page: &Page,
    fragment: &str,
    at: Diagnostic,
) -> Option<Diagnostic> {
    // A browser matches the fragment percent-decoded; an empty one is the top of the page.
    let wanted = percent_decode_str(fragment).decode_utf8_lossy();
    let ids = rules.anchors.of(page)?;
    // HTML: `#top` (in any case) is the top of the page.
    let top = wanted.eq_ignore_ascii_case("top");
    if wanted.is_empty() || top || ids.iter().any(|id| *id == wanted) {
        return None;
    }
    let page_name = match rules.anchors.article_of(page) {
        Some(slug) => format!("@/{slug}.md"),
        None => format!(
            "@/{}",
            page.output_path()
                .trim_end_matches(".html")
                .replacen("situations/", "situation/", 1)
        ),
    };
    let known = ids.iter().map(String::as_str).filter(|id| *id != "top");
    let help = match closest(&wanted, known.clone()) {
        Some(id) => format!("did you mean `#{id}`?"),
        None => {
            let all: Vec<String> = known.map(|id| format!("#{id}")).collect();
            match all.is_empty() {
                true => "the page has no headings to link to: link the page itself".into(),
                false => format!("its anchors: {}", all.join(", ")),
            }
        }
    };
    let mut d = at;
    d.message = format!("no anchor `#{wanted}` on `{page_name}`");
    Some(d.label("no such heading").help(format!("{help} (a heading's anchor is its text, lower case, with `-` for spaces and punctuation: `## What to do?` is `#what-to-do`, `## 窓口の一覧` is `#窓口の一覧`)")))
}

/// A link to an article file that did not load: its own error says why, and the link is right.
fn links_unloaded(target: &str, site: &Site) -> bool {
    (target.strip_suffix(".md")).is_some_and(|slug| site.unloaded.contains(slug))
}

/// The `@/` link a relative or mistyped link most likely means, in its exact form: `faq.md`,
/// `../faq.md`, `/articles/faq.html` → `@/faq.md`; `situations/delivery.html`,
/// `@/situations/delivery` → `@/situation/delivery`; `sources.html` → `@/sources`.
fn guide_form(dest: &str, site: &Site) -> Option<String> {
    let (path, fragment) = match dest.trim().split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (dest.trim(), String::new()),
    };
    let mut path = path.trim_start_matches("@/");
    while let Some(rest) = (path.strip_prefix("./").or_else(|| path.strip_prefix("../")))
        .or_else(|| path.strip_prefix('/'))
    {
        path = rest;
    }
    let path = path
        .strip_prefix("content/")
        .unwrap_or(path)
        .trim_end_matches('/');
    let path = (path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".md")))
    .unwrap_or(path);
    let path = path.strip_suffix("/index").unwrap_or(path);
    let form = match path {
        "" | "index" | "_index" => "@/".to_owned(),
        "sources" => "@/sources".to_owned(),
        "cheatsheet" => "@/cheatsheet".to_owned(),
        _ => match (path.strip_prefix("situations/")).or_else(|| path.strip_prefix("situation/")) {
            Some(id) => {
                let ids = site.guide.situations.iter().map(|s| s.id.value.as_str());
                let id = site
                    .situation(id)
                    .map(|s| s.id.value.as_str())
                    .or_else(|| closest(id, ids))?;
                format!("@/situation/{id}")
            }
            None => {
                let slug = path.strip_prefix("articles/").unwrap_or(path);
                let loaded = site.articles.iter().map(|a| a.slug.as_str());
                let slugs = loaded.chain(site.unloaded.iter().map(String::as_str));
                let slug = match site.has_article_file(slug) {
                    true => slug,
                    false => closest(slug, slugs)?,
                };
                format!("@/{slug}.md")
            }
        },
    };
    Some(form + &fragment)
}

fn internal_help(target: &str, fragment: Option<&str>, site: &Site) -> String {
    if let Some(slug) = (target.strip_suffix(".md")).filter(|s| site.drafts.iter().any(|d| d == s))
    {
        return format!(
            "`{slug}.md` is a draft (`draft: true`), left out of this build: remove `draft: true` to publish it, or build with --drafts"
        );
    }
    let written = match fragment {
        Some(f) => format!("{target}#{f}"),
        None => target.to_owned(),
    };
    match guide_form(&written, site) {
        Some(form) if form != format!("@/{written}") => format!("did you mean `{form}`?"),
        _ => "use @/PATH.md for an article, @/situation/ID, @/sources, @/cheatsheet or @/".into(),
    }
}
