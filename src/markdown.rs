//! Markdown → HTML with pulldown-cmark: `@/` links resolved, raw HTML escaped unless allowed,
//! headings shifted under the page's own title.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::links::{self, Link, Page};
use crate::model::Site;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A link or image destination in a Markdown body, with its byte range in the body.
#[derive(Debug)]
pub struct LinkRef {
    pub dest: String,
    pub span: Range<usize>,
}

/// Every link and image destination in `body`, for the checks.
pub fn link_refs(body: &str) -> Vec<LinkRef> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, span)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(LinkRef {
                    dest: dest_url.into_string(),
                    span,
                })
            }
            _ => None,
        })
        .collect()
}

/// How one body is rendered: for which page, and how deep its headings start.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    /// Output path of the page the HTML goes into (links are made relative to it).
    pub page_path: &'a str,
    /// Added to every heading level (`#` becomes `h2` with a shift of 1).
    pub heading_shift: u8,
    /// Resolves internal links to anchors inside one page instead (the print page).
    pub anchor_for: Option<&'a dyn Fn(&Page) -> String>,
}

pub fn to_html(body: &str, ctx: &RenderContext) -> String {
    let allow_raw_html = ctx.site.guide.allow_raw_html;
    let events = Parser::new_ext(body, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !allow_raw_html => Event::Text(html),
        // `{#id .class}` is kept; `{key=value}` attributes are dropped, as they could add
        // `onclick=` or `style=` to the page.
        Event::Start(Tag::Heading {
            level, id, classes, ..
        }) => Event::Start(Tag::Heading {
            level: shift(level, ctx.heading_shift),
            id,
            classes,
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift(level, ctx.heading_shift)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url, ctx),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url, ctx),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as usize + by as usize).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// `@/` links become relative hrefs; anything the checks would refuse becomes `#`.
fn rewrite<'e>(dest: CowStr<'e>, ctx: &RenderContext) -> CowStr<'e> {
    match links::classify(&dest) {
        Ok(Link::Internal { target, fragment }) => {
            let Some(page) = links::resolve(target, ctx.site) else {
                return "#".into();
            };
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            match ctx.anchor_for {
                Some(anchor_for) => format!("#{}", anchor_for(&page)).into(),
                None => format!(
                    "{}{}{fragment}",
                    links::root_prefix(ctx.page_path),
                    page.output_path()
                )
                .into(),
            }
        }
        Ok(_) => dest,
        Err(_) => "#".into(),
    }
}
