//! What the checks read in a Markdown body (its links, images and the text a reader sees),
//! taken from the parse that renders it.

use std::ops::Range;

use super::parse;

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
    pub(super) pieces: Vec<(usize, Range<usize>, bool)>,
    /// The ranges of `text` that references print (in a scan that shows them).
    pub(super) printed_by_references: Vec<Range<usize>>,
    /// The ranges of `text` that are phone numbers references print.
    pub numbers_printed: Vec<Range<usize>>,
}

impl VisibleText {
    /// Whether `range` of `text` lies within what one reference prints: the data's own words,
    /// checked in the data, not an editor's.
    pub fn printed_by_a_reference(&self, range: &Range<usize>) -> bool {
        (self.printed_by_references.iter()).any(|r| r.start <= range.start && range.end <= r.end)
    }

    /// Adds `piece`, shown by `span` of `body`.
    #[inline]
    pub(super) fn push(&mut self, piece: &str, span: &Range<usize>, body: &str) {
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
    /// Links and images whose address or title (the tooltip) holds what starts a reference:
    /// references are not read there, so it would be published as typed (percent-encoded in an
    /// address).
    pub references_not_read: Vec<Range<usize>>,
}

/// Parses `body` for the checks alone (a build that renders takes the scan from the parse
/// that renders the body).
pub fn scan(body: &str) -> BodyScan {
    parse(body).scan()
}
