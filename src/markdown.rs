//! Markdown → HTML with pulldown-cmark: `@/` links resolved, references to the data written
//! out, raw HTML escaped unless allowed, headings shifted under the page's own title; and what
//! the checks read in a body (its links, visible text, prose and references), from the same
//! parse.

mod body_scan;
pub mod headings;
mod html;
pub mod references;
mod tasks;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::links::{self, Page};
use crate::model::Site;
pub use body_scan::{scan, BodyScan, ImageRef, LinkRef, VisibleText};
pub use headings::Headings;
use references::{Field, Named, Piece, Reference, Target};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
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
    drop_comments(&mut pieces);
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

/// Drops HTML comments (`<!-- 編集メモ -->`, Zola's and Hugo's `<!-- more -->`): an editor's
/// note, invisible in Zola and Hugo, which with raw HTML off was published as text. Only a
/// block or an inline piece that is nothing but comments goes; anything else stays as it was.
fn drop_comments(pieces: &mut Vec<(Piece<'_>, Range<usize>)>) {
    let is_html = |piece: &Piece| matches!(piece, Piece::Event(Event::Html(_)));
    let mut keep = vec![true; pieces.len()];
    let mut at = 0;
    while at < pieces.len() {
        match &pieces[at].0 {
            Piece::Event(Event::InlineHtml(html)) if only_comments(html) => keep[at] = false,
            Piece::Event(Event::Start(Tag::HtmlBlock)) => {
                let end = (at + 1..pieces.len())
                    .find(|&i| !is_html(&pieces[i].0))
                    .unwrap_or(pieces.len());
                let closed = matches!(
                    pieces.get(end),
                    Some((Piece::Event(Event::End(TagEnd::HtmlBlock)), _))
                );
                let text: String = (pieces[at + 1..end].iter())
                    .filter_map(|(piece, _)| match piece {
                        Piece::Event(Event::Html(html)) => Some(html.as_ref()),
                        _ => None,
                    })
                    .collect();
                if closed && only_comments(&text) {
                    keep[at..=end].fill(false);
                }
                at = end;
            }
            _ => {}
        }
        at += 1;
    }
    let mut flags = keep.into_iter();
    pieces.retain(|_| flags.next().unwrap_or(true));
}

/// Whether `html` is HTML comments and whitespace alone.
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim_start();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(inside) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = inside.find("-->") else {
            return false;
        };
        rest = inside[end + 3..].trim_start();
    }
    true
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

    /// The links and the visible text, a reference breaking the text like a new block.
    pub fn scan(&self) -> BodyScan {
        self.scan_showing(None)
    }

    /// The links and the visible text with what each reference prints in `site` where it
    /// stands, as a reader reads it: a digit typed against a referenced number makes another
    /// number (`{{ … field="phone" }}9`). For the checks of the article.
    pub fn scan_as_shown(&self, site: &Site) -> BodyScan {
        self.scan_showing(Some(site))
    }

    fn scan_showing(&self, references_of: Option<&Site>) -> BodyScan {
        let mut scan = BodyScan::default();
        // The image of a file whose alt text is being read.
        let mut image: Option<usize> = None;
        for (piece, span) in &self.pieces {
            let event = match piece {
                Piece::Event(event) => event,
                // What it writes comes from the data, checked there.
                Piece::Reference(r) => {
                    if let Some(i) = image {
                        scan.images[i].alt.push_str("{{ }}");
                    }
                    let target =
                        references_of.and_then(|site| self.references[*r].resolve(site).ok());
                    match target.filter(|t| !t.text().is_empty()) {
                        Some(target) => {
                            let start = scan.visible.text.len();
                            scan.visible.push(target.text(), span, self.body);
                            let printed = start..scan.visible.text.len();
                            if target.prints_a_number() {
                                scan.visible.numbers_printed.push(printed.clone());
                            }
                            scan.visible.printed_by_references.push(printed);
                        }
                        None => scan.visible.push("\n", span, self.body),
                    }
                    continue;
                }
            };
            if let Event::Start(
                Tag::Image {
                    title, dest_url, ..
                }
                | Tag::Link {
                    title, dest_url, ..
                },
            ) = event
            {
                if references::looks_like_reference(title)
                    || references::looks_like_reference(dest_url)
                {
                    scan.references_not_read.push(span.clone());
                }
            }
            let piece = match event {
                // Every image, a file or not: an image is a file beside the article, and the
                // image check says so of anything else (a remote one would be blocked by the
                // page's policy, its size unknown, and could change after it was checked).
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image = Some(scan.images.len());
                    scan.images.push(ImageRef {
                        dest: dest_url.to_string(),
                        alt: String::new(),
                        span: span.clone(),
                    });
                    continue;
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
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
}

/// What a reference writes, as events of the body would (links as `@/`, `tel:` or `https:`
/// links, rewritten for each page like the body's own), into `out`: text is escaped by the
/// writer.
fn write_target<'s>(target: Target<'s>, site: &Site, text_only: bool, out: &mut Vec<Event<'s>>) {
    // What it prints is the target's text (as the checks read it); where it leads depends on
    // what it is.
    let text = Event::Text(CowStr::Borrowed(target.text()));
    let dest = match target {
        Target::Situation(s) => Some(format!("@/situation/{}", s.id.value)),
        Target::Window {
            channel,
            field: None,
        } => {
            let id = &channel.id.value;
            Some(match site.details_of(id) {
                Some(s) => format!("@/situation/{}#window-{id}", s.id.value),
                None => format!("@/#window-{id}"),
            })
        }
        Target::Window {
            channel,
            field: Some(field),
        } => {
            let value = field.of(channel).unwrap_or_default();
            match field {
                // `#` would start the URL's fragment: `tel:%239110` dials #9110.
                Field::Phone => Some(format!(
                    "tel:{}",
                    crate::phone::canonical(value).replace('#', "%23")
                )),
                Field::Url => Some(value.to_owned()),
                Field::Email => Some(format!("mailto:{value}")),
                _ => None,
            }
        }
    };
    match dest.filter(|_| !text_only) {
        Some(dest) => {
            let start = Tag::Link {
                link_type: LinkType::Inline,
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            };
            out.extend([Event::Start(start), text, Event::End(TagEnd::Link)]);
        }
        None => out.push(text),
    }
}

/// Whether an image's destination names a file beside the article: what would be a relative
/// link (neither a URL nor `@/`).
pub fn is_file(dest: &str) -> bool {
    matches!(links::classify(dest), Err(links::LinkProblem::Relative))
}

#[cfg(test)]
mod tests;
