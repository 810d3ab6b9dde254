//! Markdown → HTML with pulldown-cmark: `@/` links resolved, references to the data written
//! out, raw HTML escaped unless allowed, headings shifted under the page's own title; and what
//! the checks read in a body (its links, visible text, prose and references), from the same
//! parse.

pub mod headings;
pub mod references;
mod tasks;

use std::cell::Cell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::links::{self, Link, Page};
use crate::model::Site;
pub use headings::Headings;
use references::{Field, Named, Piece, Reference, Target};
use tasks::{TaskLabels, LABEL_END};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// A link or image destination in a Markdown body, with its byte range in the body.
#[derive(Debug)]
pub struct LinkRef {
    pub dest: String,
    pub span: Range<usize>,
}

/// An image in a Markdown body whose destination is a file beside the article (not a URL nor
/// an `@/` page): its destination, its alt text as a reader hears it, and its byte range.
#[derive(Debug)]
pub struct ImageRef {
    pub dest: String,
    pub alt: String,
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
    /// Adds `piece`, shown by `span` of `body`.
    #[inline]
    fn push(&mut self, piece: &str, span: &Range<usize>, body: &str) {
        if !piece.is_empty() {
            let verbatim = body.get(span.clone()) == Some(piece);
            self.pieces.push((self.text.len(), span.clone(), verbatim));
            self.text.push_str(piece);
        }
    }

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
    /// Every link and image destination, in order, but for images of files (`images`).
    pub links: Vec<LinkRef>,
    /// Every image of a file beside the article, in order.
    pub images: Vec<ImageRef>,
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
    /// The slug of the article the body is, whose folder its images are found from.
    pub article: &'a str,
}

/// A Markdown body parsed once, to be written out as HTML for each place it appears (its
/// page and its chapter of the print page) and read by the checks: parsing is most of the
/// cost of rendering.
pub struct Parsed<'a> {
    body: &'a str,
    /// Each event, or reference in the text, with its byte range in the body.
    pieces: Vec<(Piece<'a>, Range<usize>)>,
    /// Every `{{ … }}` in the text, in order; malformed ones too, which stay text.
    references: Vec<Reference>,
    /// Whether the references were written in place (`write_references`).
    written: bool,
    /// Every heading's id (given at parse), and where the `#` headings are.
    headings: Headings,
}

pub fn parse(body: &str) -> Parsed<'_> {
    let mut pieces = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, span)| (Piece::Event(as_mailto(event)), span))
        .collect();
    let references = references::split(body, &mut pieces);
    let headings = headings::assign_ids(&mut pieces);
    Parsed {
        body,
        pieces,
        references,
        written: false,
        headings,
    }
}

/// An e-mail autolink (`<someone@example.jp>`) as the `mailto:` link it is: its destination
/// is the bare address, which every check would take for a relative link. Written as an inline
/// link with the scheme, it is checked like any `mailto:` (a channel's `email`) and written
/// as the same `href`.
fn as_mailto(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type: LinkType::Email,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: format!("mailto:{dest_url}").into(),
            title,
            id,
        }),
        other => other,
    }
}

impl<'a> Parsed<'a> {
    /// The headings' ids, and where the `#` headings are.
    pub fn headings(&self) -> &Headings {
        &self.headings
    }

    /// Every reference in the body's text (not in code), in order, malformed ones too.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// The windows and situations the body's references name, each once: what its HTML
    /// depends on besides the body.
    pub fn named(&self) -> Vec<Named> {
        let mut named: Vec<Named> = self
            .references
            .iter()
            .filter_map(Reference::names)
            .collect();
        named.sort();
        named.dedup();
        named
    }

    /// The links and the visible text, for the checks.
    pub fn scan(&self) -> BodyScan {
        let mut scan = BodyScan::default();
        // The image of a file whose alt text is being read.
        let mut image: Option<usize> = None;
        for (piece, span) in &self.pieces {
            let event = match piece {
                Piece::Event(event) => event,
                // What it writes comes from the data, checked there.
                Piece::Reference(_) => {
                    if let Some(i) = image {
                        scan.images[i].alt.push_str("{{ }}");
                    }
                    scan.visible.push("\n", span, self.body);
                    continue;
                }
            };
            let piece = match event {
                Event::Start(Tag::Image { dest_url, .. }) if is_file(dest_url) => {
                    image = Some(scan.images.len());
                    scan.images.push(ImageRef {
                        dest: dest_url.to_string(),
                        alt: String::new(),
                        span: span.clone(),
                    });
                    continue;
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    scan.links.push(LinkRef {
                        dest: dest_url.to_string(),
                        span: span.clone(),
                    });
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    image = None;
                    continue;
                }
                Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => {
                    if let Some(i) = image {
                        scan.images[i].alt.push_str(s);
                    }
                    s.as_ref()
                }
                Event::SoftBreak | Event::HardBreak => " ",
                Event::End(
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
                ) => continue,
                // Any other end closes a block: numbers do not run across blocks.
                Event::End(_) => "\n",
                _ => continue,
            };
            scan.visible.push(piece, span, self.body);
        }
        scan
    }

    /// The prose an editor wrote: the visible text but for code, raw HTML, link texts (which
    /// name the page they open) and references, each of which breaks it like a new block. Any
    /// text found in it is also found in the visible text.
    pub fn prose(&self) -> VisibleText {
        let mut prose = VisibleText::default();
        let (mut code_blocks, mut links) = (0usize, 0usize);
        for (piece, span) in &self.pieces {
            let Piece::Event(event) = piece else {
                prose.push("\n", span, self.body);
                continue;
            };
            let piece = match event {
                Event::Start(Tag::Link { .. }) => {
                    links += 1;
                    "\n"
                }
                Event::End(TagEnd::Link) => {
                    links = links.saturating_sub(1);
                    "\n"
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    code_blocks += 1;
                    "\n"
                }
                Event::End(TagEnd::CodeBlock) => {
                    code_blocks = code_blocks.saturating_sub(1);
                    "\n"
                }
                Event::Text(s) if code_blocks == 0 && links == 0 => s.as_ref(),
                Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => "\n",
                Event::SoftBreak | Event::HardBreak => " ",
                Event::End(
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Image,
                ) => continue,
                Event::End(_) => "\n",
                _ => continue,
            };
            prose.push(piece, span, self.body);
        }
        prose
    }

    /// Writes each reference in place as what it stands for in `site`: the events a page
    /// writes (a malformed or unknown one as its text: the checks report it). The references
    /// stay listed, for the checks and `named`. Until this is done, a page shows no reference.
    /// The Markdown it was parsed from.
    pub fn body(&self) -> &'a str {
        self.body
    }

    pub fn write_references(&mut self, site: &'a Site) {
        if self.references.is_empty() || self.written {
            return;
        }
        self.written = true;
        let mut written = Vec::new();
        // From the last to the first, so that the places of those before stay as they are.
        for at in (0..self.pieces.len()).rev() {
            let (Piece::Reference(i), span) = &self.pieces[at] else {
                continue;
            };
            let (reference, span) = (&self.references[*i], span.clone());
            match reference.resolve(site) {
                Ok(target) => write_target(target, site, self.in_link(at), &mut written),
                Err(_) => {
                    let text = &self.body[reference.span.clone()];
                    written.push(Event::Text(CowStr::Borrowed(text)));
                }
            }
            let events = written.drain(..).map(|e| (Piece::Event(e), span.clone()));
            self.pieces.splice(at..at + 1, events);
        }
    }

    /// Whether the piece at `at` is inside a link or an image's description, where a
    /// reference writes its text alone (links do not nest). Links are inline: the piece's
    /// block is read back to its start.
    fn in_link(&self, at: usize) -> bool {
        let mut depth = 0isize;
        for (piece, _) in self.pieces[..at].iter().rev() {
            match piece {
                Piece::Event(Event::End(TagEnd::Link | TagEnd::Image)) => depth -= 1,
                Piece::Event(Event::Start(Tag::Link { .. } | Tag::Image { .. })) => depth += 1,
                Piece::Event(Event::Start(
                    Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::TableCell
                    | Tag::Item
                    | Tag::FootnoteDefinition(_),
                )) => break,
                _ => {}
            }
            if depth > 0 {
                return true;
            }
        }
        false
    }

    /// The text a reader sees, for the search index: text and code, a line per block, raw
    /// HTML left out. Call after `write_references`, so what references write is in it.
    pub fn plain_text(&self) -> String {
        let mut text = String::with_capacity(self.body.len());
        for event in self.events() {
            match event {
                Event::Text(s) | Event::Code(s) => text.push_str(s),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image,
                ) => {}
                Event::End(_) => text.push('\n'),
                _ => {}
            }
        }
        text
    }

    /// The events a page writes.
    fn events(&self) -> impl Iterator<Item = &Event<'a>> + '_ {
        self.pieces.iter().filter_map(|(piece, _)| match piece {
            Piece::Event(event) => Some(event),
            Piece::Reference(_) => None,
        })
    }

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
    fn to_html_noting(&self, first: &RenderContext, second: &RenderContext) -> (String, Vec<Edit>) {
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

/// What a reference writes, as events of the body would (links as `@/`, `tel:` or `https:`
/// links, rewritten for each page like the body's own), into `out`: text is escaped by the
/// writer.
fn write_target<'s>(target: Target<'s>, site: &Site, text_only: bool, out: &mut Vec<Event<'s>>) {
    let mut link = |dest: String, text: &'s str| {
        let text = Event::Text(CowStr::Borrowed(text));
        if text_only {
            out.push(text);
            return;
        }
        let start = Tag::Link {
            link_type: LinkType::Inline,
            dest_url: dest.into(),
            title: "".into(),
            id: "".into(),
        };
        out.extend([Event::Start(start), text, Event::End(TagEnd::Link)]);
    };
    match target {
        Target::Situation(s) => link(format!("@/situation/{}", s.id.value), &s.title.value),
        Target::Window {
            channel,
            field: None,
        } => {
            let id = &channel.id.value;
            let dest = match site.details_of(id) {
                Some(s) => format!("@/situation/{}#window-{id}", s.id.value),
                None => format!("@/#window-{id}"),
            };
            link(dest, &channel.name.value)
        }
        Target::Window {
            channel,
            field: Some(field),
        } => {
            let value = field.of(channel).unwrap_or_default();
            match field {
                // `#` would start the URL's fragment: `tel:%239110` dials #9110.
                Field::Phone => link(
                    format!("tel:{}", crate::phone::canonical(value).replace('#', "%23")),
                    value,
                ),
                Field::Url => link(value.to_owned(), value),
                Field::Email => link(format!("mailto:{value}"), value),
                _ => out.push(Event::Text(CowStr::Borrowed(value))),
            }
        }
    }
}

/// An event as the page `ctx` writes it: raw HTML escaped unless allowed, headings shifted
/// (keeping `{#id .class}`, dropping `{key=value}`, which could add `onclick=` or `style=`),
/// link and image destinations rewritten.
fn for_page<'e>(event: &Event<'e>, ctx: &RenderContext) -> Event<'e> {
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
enum Edit {
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
fn apply_edits<'e>(html: &str, edits: impl IntoIterator<Item = &'e Edit>) -> Option<String> {
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

/// Whether an image's destination names a file beside the article: what would be a relative
/// link (neither a URL nor `@/`).
pub fn is_file(dest: &str) -> bool {
    matches!(links::classify(dest), Err(links::LinkProblem::Relative))
}

/// An image of a file beside the article leads to where the output puts it (the path under
/// `content/`), relative to the page; any other image destination is rewritten as a link's.
fn rewrite_image<'e>(dest: CowStr<'e>, ctx: &RenderContext) -> CowStr<'e> {
    if !is_file(&dest) {
        return rewrite(dest, ctx);
    }
    match crate::image::resolve(ctx.article, &dest) {
        Ok(path) if ctx.site.images.contains_key(&path) => format!(
            "{}{}",
            links::root_prefix(ctx.page_path),
            crate::image::url_path(&path)
        )
        .into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::root_prefix;

    /// The good fixture guide: articles `faq`, `delivery` (shown on the `delivery`
    /// situation's page) and `help/contact`; situations `delivery` and `trouble`.
    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let mut report = crate::report::Report::default();
        crate::load::load_site(&root, &mut report).expect("the fixture loads")
    }

    fn anchor(page: &Page) -> String {
        format!("to-{}", page.output_path())
    }

    /// An article page and its print chapter, as `render` pairs them.
    fn places<'a>(site: &'a Site, page_path: &'a str, shift: u8) -> [RenderContext<'a>; 2] {
        [
            RenderContext {
                site,
                page_path,
                heading_shift: shift,
                anchor_for: None,
                article: "faq",
            },
            RenderContext {
                site,
                page_path: "print.html",
                heading_shift: shift + 1,
                anchor_for: Some(&anchor),
                article: "faq",
            },
        ]
    }

    const RICH: &str = "# h1 {#top .a}\n\n## h2 [faq](@/faq.md) and [there](@/situation/delivery)\n\n\
        ###### h6 stays\n\n##### h5\n\nText [ext](https://www.caa.go.jp/?a=1&b=\"2\") \
        [frag](#x) [rel](faq.md) <mail@example.com> [bad](javascript:alert(1)) \
        [shown](@/delivery.md#part)[^1].\n\n\
        ![alt [faq](@/faq.md) *em*](@/help/contact.md \"t\") ![ext](https://www.caa.go.jp/a.png)\n\n\
        | a | b |\n|---|---|\n| [c](@/help/contact.md) | [s](@/sources) |\n\n\
        [^1]: note [home](@/)\n\n<div>raw [x](@/faq.md)</div>\n";

    #[test]
    fn a_rich_body_is_rewritten_without_a_second_run() {
        let site = site();
        let parsed = parse(RICH);
        for (page_path, shift) in [("articles/faq.html", 0), ("situations/delivery.html", 1)] {
            let [first, second] = places(&site, page_path, shift);
            let (html, edits) = parsed.to_html_noting(&first, &second);
            assert!(edits.len() >= 10, "{}", edits.len());
            assert_eq!(html, parsed.to_html(&first));
            let other = apply_edits(&html, &edits).expect("every spot is where the writer puts it");
            assert_eq!(other, parsed.to_html(&second), "{page_path}");
            assert!(
                other.contains("<h6>h6 stays</h6>")
                    && other.contains("href=\"#to-articles/faq.html\"")
            );
            assert!(html.contains(&format!(
                "href=\"{}articles/faq.html\"",
                root_prefix(page_path)
            )));
        }
    }

    /// The good fixture's windows and situations, referenced from a body.
    const REFERENCES: &str = "## {{ window(id=\"consumer-hotline\") }}（{{ window(id=\"consumer-hotline\", field=\"phone\") }}）\n\n\
        {{ window(id=\"shop-message\") }} {{ window(id=\"police-consult\", field=\"phone\") }} \
        {{ window(id=\"ichiba-support\", field=\"url\") }} {{ situation(id=\"trouble\") }} \
        [in a link {{ window(id=\"shop-message\") }}](@/faq.md) ![{{ situation(id=\"trouble\") }}](@/faq.md) \
        {{ window(id=\"nowhere\") }} `{{ window(id=\"shop-message\") }}`\n";

    #[test]
    fn references_write_the_data_they_name() {
        let site = site();
        let [page, chapter] = places(&site, "articles/faq.html", 0);
        let mut parsed = parse(REFERENCES);
        parsed.write_references(&site);
        let html = parsed.to_html(&page);
        for part in [
            "<h2 id=\"h-1\"><a href=\"../situations/trouble.html#window-consumer-hotline\">消費者ホットライン</a>（<a href=\"tel:188\">188</a>）</h2>",
            "<a href=\"../situations/delivery.html#window-shop-message\">ショップへの問い合わせ</a>",
            "<a href=\"tel:%239110\">#9110</a>",
            "<a href=\"../situations/trouble.html\">話がこじれた</a>",
            // Links do not nest; an image's description is text.
            "<a href=\"../articles/faq.html\">in a link ショップへの問い合わせ</a>",
            "alt=\"話がこじれた\"",
            // An unknown one stays as written (the checks report it); code is code.
            "<a href=\"https://corp.faq.rakuten.net/livechat/chat_launch\">https://corp.faq.rakuten.net/livechat/chat_launch</a>",
            "{{ window(id=\"nowhere\") }}",
            "<code>{{ window(id=\"shop-message\") }}</code>",
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
        // The print chapter leads to the chapter that shows the window.
        let (_, other) = parsed.to_html_twice(&page, &chapter);
        assert!(
            other.contains("<a href=\"#to-situations/trouble.html\">消費者ホットライン</a>"),
            "{other}"
        );
        assert_eq!(other, parsed.to_html(&chapter));
    }

    proptest::proptest! {
        /// Whatever the body, the HTML from one run equals the HTML written for each place.
        #[test]
        fn both_places_from_one_run_match_writing_each(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "# ", "## ", "###### ", "{#i .c}", "\n", "\n\n", "text ", "*em* ", "`code` ",
                "[faq](@/faq.md)", "[d](@/delivery.md#p)", "[s](@/situation/trouble)",
                "[n](@/nowhere.md)", "[e](https://www.caa.go.jp/\"q)", "[f](#x)", "[r](a.md)",
                "<a@b.cd>", "![i [faq](@/faq.md)](@/faq.md)", "![x](https://x.go.jp/i.png)",
                "| a | b |\n|---|---|\n| [c](@/faq.md) | d |\n", "[^n]", "\n[^n]: [h](@/)\n",
                "<b>raw</b>", "> ", "- ", "1. ", "&amp; ", "\\[", "[ref]", "\n[ref]: @/faq.md\n",
                "{{ window(id=\"shop-message\") }}", "{{ situation(id=\"trouble\") }}",
                "{{ window(id=\"police-consult\", field=\"phone\") }}", "{{ window(id=\"x\") }}",
                "{{ window(", "{{", "}}", "- [ ] ", "- [x] ", "  - [X] ", "\n\n- [x] a\n\n  b\n",
                "## same\n", "###### same {#id}\n", "# 見出し\n", "## ※\n",
            ]), 0..30),
            situation in proptest::bool::ANY,
        ) {
            let body = pieces.concat();
            let site = site();
            let mut parsed = parse(&body);
            parsed.write_references(&site);
            let (page_path, shift) = if situation { ("situations/delivery.html", 1) } else { ("articles/faq.html", 0) };
            let [first, second] = places(&site, page_path, shift);
            let (html, other) = parsed.to_html_twice(&first, &second);
            proptest::prop_assert_eq!(html, parsed.to_html(&first));
            proptest::prop_assert_eq!(other, parsed.to_html(&second));
        }
    }
}
