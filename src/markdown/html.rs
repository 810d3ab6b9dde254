//! Writing a parse as HTML: for one page, or for an article's page and its print chapter from
//! one run of pulldown-cmark's writer (the chapter is the page with heading levels and some
//! links rewritten at the spots the writer put them).

use std::cell::Cell;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::tasks::{TaskLabels, LABEL_END};
use super::{is_file, Parsed, RenderContext};
use crate::links::{self, Link};

impl<'a> Parsed<'a> {
    pub fn to_html(&self, ctx: &RenderContext) -> String {
        let (html, edits) = self.to_html_noting(ctx, ctx);
        sized(html, &edits)
    }

    /// The HTML for two places at once (an article's page and its print chapter) from one
    /// run of pulldown-cmark's writer: the two differ only in heading levels and where some
    /// links lead, so the second is the first with those spots rewritten. Where a spot is not
    /// what the writer is known to write, the second is written in full instead.
    pub fn to_html_twice(&self, first: &RenderContext, second: &RenderContext) -> (String, String) {
        let (html, edits) = self.to_html_noting(first, second);
        let other = apply_edits(&html, &edits).unwrap_or_else(|| self.to_html(second));
        (sized(html, &edits), other)
    }

    /// The HTML for `first` as pulldown-cmark writes it (images without their size), and the
    /// edits that make it the HTML for `second` (images' sizes among them: the sizes alone make
    /// it the HTML for `first`).
    pub(super) fn to_html_noting(
        &self,
        first: &RenderContext,
        second: &RenderContext,
    ) -> (String, Vec<Edit>) {
        let written = Cell::new(0);
        let mut html = String::with_capacity(self.pieces.len() * 24);
        let mut edits = Vec::new();
        // An image's description is written as its `alt` text, with no tags: nothing in it
        // is a spot to rewrite.
        let mut in_image = 0usize;
        let mut tasks = TaskLabels::default();
        let events = self.events().flat_map(|event| {
            let close = tasks.close_before(event);
            if in_image == 0 {
                // The event's HTML starts after the `</label>` written before it.
                let at = written.get() + close.as_ref().map_or(0, |_| LABEL_END.len());
                if let Some(size) = size_of(event, first) {
                    edits.push(Edit::Size { at, size });
                }
                edits.extend(edits_for(event, at, first, second));
            }
            match event {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
                _ => {}
            }
            close.into_iter().chain([tasks.for_page(event, first)])
        });
        let counting = Counting {
            out: &mut html,
            written: &written,
        };
        // Writing into a String cannot fail.
        let _ = pulldown_cmark::html::write_html_fmt(counting, events);
        (html, edits)
    }
}

/// An event as the page `ctx` writes it: raw HTML escaped unless allowed, headings shifted
/// (keeping `{#id .class}`, dropping `{key=value}`, which could add `onclick=` or `style=`),
/// link and image destinations rewritten.
pub(super) fn for_page<'e>(event: &Event<'e>, ctx: &RenderContext) -> Event<'e> {
    match event.clone() {
        Event::Html(html) | Event::InlineHtml(html) if !ctx.site.guide.allow_raw_html => {
            Event::Text(html)
        }
        // The print page holds every chapter: their headings' ids would repeat, and links
        // there lead to chapters, so they have none.
        Event::Start(Tag::Heading {
            level, id, classes, ..
        }) => Event::Start(Tag::Heading {
            level: shift(level, ctx.heading_shift),
            id: id.filter(|_| ctx.anchor_for.is_none()),
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
            dest_url: rewrite_image(dest_url, ctx),
            title,
            id,
        }),
        other => other,
    }
}

/// A spot where the second place's HTML differs from the first's, by where the event's HTML
/// starts in the first.
pub(super) enum Edit {
    /// A heading tag (`<hN`, `\n<hN` or `</hN`), whose level becomes this.
    Level { at: usize, level: HeadingLevel },
    /// A link's `href` or an image's `src`, which becomes this destination.
    Href { at: usize, dest: String },
    /// A heading's ` id="…"` (after `<hN`), which the second place leaves out.
    DropId { at: usize },
    /// An image of a file, which gets its `width` and `height` (in both places).
    Size { at: usize, size: (u32, u32) },
}

fn edits_for(event: &Event, at: usize, first: &RenderContext, second: &RenderContext) -> Vec<Edit> {
    let mut edits: Vec<Edit> = edit_for(event, at, first, second).into_iter().collect();
    let drops_id = second.anchor_for.is_some() && first.anchor_for.is_none();
    if let Event::Start(Tag::Heading { id: Some(_), .. }) = event {
        if drops_id {
            edits.push(Edit::DropId { at });
        }
    }
    edits
}

/// The HTML with the images' sizes written in (`html` as the writer wrote it, from `edits`).
fn sized(html: String, edits: &[Edit]) -> String {
    let sizes = || edits.iter().filter(|e| matches!(e, Edit::Size { .. }));
    if sizes().next().is_none() {
        return html;
    }
    // The writer writes every image as `<img src=`: the spot is always there.
    apply_edits(&html, sizes()).unwrap_or(html)
}

/// The size of the image an event starts, if it is an image of a file the site has.
fn size_of(event: &Event, ctx: &RenderContext) -> Option<(u32, u32)> {
    let Event::Start(Tag::Image { dest_url, .. }) = event else {
        return None;
    };
    let path = crate::image::resolve(ctx.article, dest_url).ok()?;
    let image = ctx.site.images.get(&path)?;
    image.size.clone().ok()
}

fn edit_for(
    event: &Event,
    at: usize,
    first: &RenderContext,
    second: &RenderContext,
) -> Option<Edit> {
    let level = |level: HeadingLevel| {
        let new = shift(level, second.heading_shift);
        (new != shift(level, first.heading_shift)).then_some(Edit::Level { at, level: new })
    };
    match event {
        Event::Start(Tag::Heading { level: l, .. }) | Event::End(TagEnd::Heading(l)) => level(*l),
        Event::Start(Tag::Link { dest_url, .. }) => {
            let there = rewrite(dest_url.clone(), second);
            (there != rewrite(dest_url.clone(), first)).then(|| Edit::Href {
                at,
                dest: there.into_string(),
            })
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            let there = rewrite_image(dest_url.clone(), second);
            (there != rewrite_image(dest_url.clone(), first)).then(|| Edit::Href {
                at,
                dest: there.into_string(),
            })
        }
        _ => None,
    }
}

/// The first place's HTML with the edits made; `None` where a spot is not as expected.
pub(super) fn apply_edits<'e>(
    html: &str,
    edits: impl IntoIterator<Item = &'e Edit>,
) -> Option<String> {
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for edit in edits {
        match edit {
            Edit::Level { at, level } => {
                let rest = html.get(*at..)?;
                let skip = ["</h", "<h", "\n<h"]
                    .iter()
                    .find(|tag| rest.starts_with(**tag))?
                    .len();
                let digit = at + skip;
                out.push_str(html.get(copied..digit)?);
                out.push_str(&(*level as usize).to_string());
                copied = digit + 1;
            }
            Edit::Size { at, size } => {
                let rest = html.get(*at..)?;
                let spot = at + "<img".len();
                rest.starts_with("<img ").then_some(())?;
                out.push_str(html.get(copied..spot)?);
                out.push_str(&format!(" width=\"{}\" height=\"{}\"", size.0, size.1));
                copied = spot;
            }
            Edit::Href { at, dest } => {
                let rest = html.get(*at..)?;
                let skip = ["<a href=\"", "<img src=\""]
                    .iter()
                    .find(|tag| rest.starts_with(**tag))?
                    .len();
                let start = at + skip;
                // An escaped destination never holds a `"`.
                let end = start + html.get(start..)?.find('"')?;
                out.push_str(html.get(copied..start)?);
                pulldown_cmark_escape::escape_href(&mut out, dest).ok()?;
                copied = end;
            }
            Edit::DropId { at } => {
                let rest = html.get(*at..)?;
                // Past `<hN` (or `\n<hN`): the level's one digit.
                let skip = ["<h", "\n<h"]
                    .iter()
                    .find(|tag| rest.starts_with(**tag))?
                    .len();
                let id_at = at + skip + 1;
                // An escaped id never holds a `"`.
                let id_len =
                    " id=\"".len() + html.get(id_at..)?.strip_prefix(" id=\"")?.find('"')? + 1;
                // A level edit at the same heading copied up to `id_at` already.
                out.push_str(html.get(copied.min(id_at)..id_at)?);
                copied = id_at + id_len;
            }
        }
    }
    out.push_str(html.get(copied..)?);
    Some(out)
}

/// Writes into `out` and tells `written` how long it is, so the events' iterator can note
/// where each event's HTML starts.
struct Counting<'o> {
    out: &'o mut String,
    written: &'o Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as usize + by as usize).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// An image of a file beside the article leads to where the output puts it (the path under
/// `content/`), relative to the page; any other image destination is rewritten as a link's.
fn rewrite_image<'e>(dest: CowStr<'e>, ctx: &RenderContext) -> CowStr<'e> {
    if !is_file(&dest) {
        return rewrite(dest, ctx);
    }
    let image = crate::image::resolve(ctx.article, &dest).map(|path| ctx.site.images.get(&path));
    match image {
        Ok(Some(image)) => {
            let mut src = links::root_prefix(ctx.page_path);
            src.push_str(&image.url);
            src.into()
        }
        // The checks report it.
        _ => "#".into(),
    }
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
