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

/// The text a reader sees in a Markdown body (escapes and entities decoded, emphasis and code
/// marks gone), one line per block, with where each piece came from in the body. A phone number
/// that Markdown hides from a scan of the file (`0120\-86…`, `&#48;120…`, `**0120**-86…`) shows here.
#[derive(Debug, Default)]
pub struct VisibleText {
    pub text: String,
    /// Each piece, in order: its start in `text`, its byte range in the body, and whether the
    /// body holds it verbatim there (then offsets inside it map one to one).
    pieces: Vec<(usize, Range<usize>, bool)>,
}

impl VisibleText {
    /// The body range that shows `range` of `text`.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let piece_at = |offset: usize| {
            let i = self
                .pieces
                .partition_point(|(start, _, _)| *start <= offset);
            &self.pieces[i.saturating_sub(1)]
        };
        let (start_at, first, verbatim) = piece_at(range.start);
        let start = if *verbatim {
            first.start + (range.start - start_at)
        } else {
            first.start
        };
        let (end_at, last, verbatim) = piece_at(range.end.saturating_sub(1).max(range.start));
        let end = if *verbatim {
            last.start + (range.end - end_at)
        } else {
            last.end
        };
        start..end.max(start + 1)
    }
}

/// What the checks read in a Markdown body: its links and its visible text.
#[derive(Debug, Default)]
pub struct BodyScan {
    /// Every link and image destination, in order.
    pub links: Vec<LinkRef>,
    pub visible: VisibleText,
}

/// Parses `body` for the checks alone (a build that renders takes the scan from the parse
/// that renders the body).
pub fn scan(body: &str) -> BodyScan {
    parse(body).scan()
}

/// How one body is rendered: for which page, and how deep its headings start.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    /// Output path of the page the HTML goes into (links are made relative to it).
    pub page_path: &'a str,
    /// Added to every heading level: articles start at `##` under the page's h1, and one level
    /// deeper when shown under a situation's h2.
    pub heading_shift: u8,
    /// Resolves internal links to anchors inside one page instead (the print page).
    pub anchor_for: Option<&'a dyn Fn(&Page) -> String>,
}

/// A Markdown body parsed once, to be written out as HTML for each place it appears (its
/// page and its chapter of the print page) and read by the checks: parsing is most of the
/// cost of rendering.
pub struct Parsed<'a> {
    body: &'a str,
    /// Each event with its byte range in the body.
    events: Vec<(Event<'a>, Range<usize>)>,
}

pub fn parse(body: &str) -> Parsed<'_> {
    Parsed {
        body,
        events: Parser::new_ext(body, options())
            .into_offset_iter()
            .collect(),
    }
}

impl Parsed<'_> {
    /// The links and the visible text, for the checks.
    pub fn scan(&self) -> BodyScan {
        let mut scan = BodyScan::default();
        for (event, span) in &self.events {
            let piece = match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    scan.links.push(LinkRef {
                        dest: dest_url.to_string(),
                        span: span.clone(),
                    });
                    continue;
                }
                Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => {
                    s.as_ref()
                }
                Event::SoftBreak | Event::HardBreak => " ",
                Event::End(
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image,
                ) => continue,
                // Any other end closes a block: numbers do not run across blocks.
                Event::End(_) => "\n",
                _ => continue,
            };
            if !piece.is_empty() {
                let visible = &mut scan.visible;
                let verbatim = self.body.get(span.clone()) == Some(piece);
                visible
                    .pieces
                    .push((visible.text.len(), span.clone(), verbatim));
                visible.text.push_str(piece);
            }
        }
        scan
    }

    pub fn to_html(&self, ctx: &RenderContext) -> String {
        let allow_raw_html = ctx.site.guide.allow_raw_html;
        let events = self.events.iter().map(|(event, _)| match event.clone() {
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
        let mut html = String::with_capacity(self.events.len() * 24);
        pulldown_cmark::html::push_html(&mut html, events);
        html
    }
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
