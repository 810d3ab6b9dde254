//! Finding references in an article's text: the runs of text outside code that hold `{{`,
//! each read as a call or as what it should have been, and split out of the parse's pieces.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::call::{self, read_call, Read};
use super::{Malformed, Piece, Reference};

/// Finds the references in the text of a parse's pieces (outside code blocks) and splits them
/// out of it, in place. A reference is written within one line of text, `{{` to `}}`; anything
/// that starts like a reference (`{{ name(`) but does not go on as one stays text, and is
/// listed as malformed. Returns every reference found, in order.
pub fn split<'a>(body: &'a str, pieces: &mut Vec<(Piece<'a>, Range<usize>)>) -> Vec<Reference> {
    let mut references = Vec::new();
    // Where `{{` is written in the body: a reference starts with one written as such.
    let braces = double_braces(body);
    if braces.is_empty() {
        return references;
    }
    // Each run's new pieces, made in order (so references are numbered in order), then put in
    // its place from the last to the first (so the runs before keep their places).
    let mut replaced = Vec::new();
    let mut links = OpenLinks::default();
    for run in runs_with_braces(pieces, &braces) {
        let in_a_link_elsewhere = links.leads_elsewhere(pieces, run.start);
        let text: Vec<(Event<'a>, Range<usize>)> = pieces[run.clone()]
            .iter_mut()
            .map(
                |(piece, span)| match std::mem::replace(piece, Piece::Reference(0)) {
                    Piece::Event(event) => (event, span.clone()),
                    Piece::Reference(_) => (Event::Text(CowStr::Borrowed("")), span.clone()),
                },
            )
            .collect();
        let mut new = Vec::with_capacity(text.len() + 2);
        split_run(body, text, in_a_link_elsewhere, &mut new, &mut references);
        replaced.push((run, new));
    }
    for (run, new) in replaced.into_iter().rev() {
        pieces.splice(run, new);
    }
    references
}

/// Which links are open before a piece, counted forward as the runs come in order: for each,
/// whether it leads to a page of this guide (`@/…`).
#[derive(Default)]
struct OpenLinks {
    next: usize,
    to_the_guide: Vec<bool>,
}

impl OpenLinks {
    /// Whether the piece at `index` is in the text of a link that leads out of the guide.
    fn leads_elsewhere(&mut self, pieces: &[(Piece, Range<usize>)], index: usize) -> bool {
        for (piece, _) in &pieces[self.next..index] {
            match piece {
                Piece::Event(Event::Start(pulldown_cmark::Tag::Link { dest_url, .. })) => self
                    .to_the_guide
                    .push(dest_url.trim_start().starts_with("@/")),
                Piece::Event(Event::End(pulldown_cmark::TagEnd::Link)) => {
                    self.to_the_guide.pop();
                }
                _ => {}
            }
        }
        self.next = index;
        self.to_the_guide.iter().any(|to_the_guide| !to_the_guide)
    }
}

/// The ids of the windows `{{ window(id="…") }}` names anywhere in `text`, without parsing
/// the Markdown: a quick look for which windows articles use (a reference shown as code
/// counts too, so a window is never called unused when an article names it).
pub fn windows_named_in(text: &str) -> Vec<&str> {
    (double_braces(text).into_iter())
        .filter_map(|at| match read_call(text, at) {
            Read::Call(_, call) if &text[call.name.clone()] == "window" => (call.args.iter())
                .find(|(key, _)| &text[key.clone()] == "id")
                .map(|(_, value)| &text[value.clone()]),
            _ => None,
        })
        .collect()
}

/// Whether `text` holds what starts a reference in an article's prose (`{{`, `{%`, `｛｛`, or
/// braces parted by an invisible character): where references are not read, it would be
/// published as typed.
pub fn looks_like_reference(text: &str) -> bool {
    !double_braces(text).is_empty()
}

/// Where `{{` stands in `body`, in order, and `{%` and `｛｛` (Zola's form and full-width
/// braces, read only to say what to write instead).
fn double_braces(body: &str) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut after = 0;
    for at in memchr::memchr_iter(b'{', bytes) {
        if at >= after && matches!(bytes.get(at + 1), Some(b'{' | b'%')) {
            found.push(at);
            after = at + 2;
        } else if at >= after && bytes.get(at + 1).is_some_and(|b| *b >= 0x80 || *b < b' ') {
            if let Some(end) = hidden_braces_end(body, at) {
                found.push(at);
                after = end;
            }
        }
    }
    let full_width = call::FULL_WIDTH_BRACES.as_bytes();
    if memchr::memmem::find(bytes, full_width).is_some() {
        found.extend(memchr::memmem::find_iter(bytes, full_width).collect::<Vec<_>>());
        found.sort_unstable();
    }
    found
}

/// Where `{`, then characters a reader does not see (a zero-width space, a word joiner, a soft
/// hyphen), then `{` ends, if that stands at `at`: it shows as `{{` and starts no reference.
fn hidden_braces_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at + 1..)?;
    let hidden = rest
        .char_indices()
        .take_while(|(_, c)| crate::fold::is_invisible(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    rest[hidden..]
        .starts_with('{')
        .then_some(at + 1 + hidden + 1)
}

/// The runs of `Text` events outside code blocks (by event index) whose source holds one of
/// `braces` (where `{{` stands in the body, in order).
fn runs_with_braces(pieces: &[(Piece, Range<usize>)], braces: &[usize]) -> Vec<Range<usize>> {
    let is_text = |i: usize| matches!(pieces[i].0, Piece::Event(Event::Text(_)));
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut braces = braces.iter().copied().peekable();
    for (i, (_, span)) in pieces.iter().enumerate() {
        // Most pieces end before the next brace: only the span is read.
        while braces.next_if(|&at| at < span.start).is_some() {}
        let Some(&at) = braces.peek() else {
            break;
        };
        if at >= span.end || !is_text(i) || runs.last().is_some_and(|run| run.contains(&i)) {
            continue;
        }
        let start = (0..i).rev().take_while(|&j| is_text(j)).last().unwrap_or(i);
        let end = (i..pieces.len())
            .take_while(|&j| is_text(j))
            .last()
            .unwrap_or(i)
            + 1;
        // Code blocks hold only text: a run right after one's start is its code.
        let code = start > 0
            && matches!(
                pieces[start - 1].0,
                Piece::Event(Event::Start(pulldown_cmark::Tag::CodeBlock(_)))
            );
        if !code {
            runs.push(start..end);
        }
        while braces.next_if(|&at| at < pieces[end - 1].1.end).is_some() {}
    }
    runs
}

/// Splits the references out of one run of `Text` events.
fn split_run<'a>(
    body: &'a str,
    run: Vec<(Event<'a>, Range<usize>)>,
    in_a_link_elsewhere: bool,
    pieces: &mut Vec<(Piece<'a>, Range<usize>)>,
    references: &mut Vec<Reference>,
) {
    let mut map = TextMap {
        text: String::new(),
        parts: Vec::with_capacity(run.len()),
    };
    for (event, span) in &run {
        let text = match event {
            Event::Text(t) => t.as_ref(),
            _ => "",
        };
        let verbatim = body.get(span.clone()) == Some(text);
        map.parts.push((map.text.len(), span.clone(), verbatim));
        map.text.push_str(text);
    }
    // Where each well-formed reference is in the run's text, and its index in `references`.
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    let mut from = 0;
    while let Some(at) = double_braces(&map.text[from..]).first().map(|i| from + i) {
        if let Some(end) = hidden_braces_end(&map.text, at) {
            references.push(Reference {
                span: map.span(at..end),
                call: Err(Malformed {
                    expected: call::NOT_HIDDEN_BRACES,
                    span: map.span(at..end),
                }),
            });
            from = end;
            continue;
        }
        // Only a `{{` written as such in the body starts a reference (not `&#123;&#123;`).
        if !map.verbatim(at..at + 2) {
            from = at + 1;
            continue;
        }
        match read_call(&map.text, at) {
            Read::NotACall => {
                // `{{<window …>}}`: the Markdown reads `<window …>` as inline HTML, so this
                // run's text stops at `{{`; the body still shows the shortcode.
                let after = map.body_offset(at, false) + 2;
                let braces = map.text[at..].starts_with("{{");
                match braces.then(|| call::hugo_shortcode(body, after)).flatten() {
                    Some(problem) => references.push(Reference {
                        span: after - 2..problem.end,
                        call: Err(Malformed {
                            expected: call::NOT_HUGO,
                            span: problem,
                        }),
                    }),
                    // Any other `{{` in prose would be published as typed.
                    None if braces => references.push(Reference {
                        span: map.span(at..at + 2),
                        call: Err(Malformed {
                            expected: call::NOT_A_REFERENCE,
                            span: map.span(at..at + 2),
                        }),
                    }),
                    None => {}
                }
                from = at + 2;
            }
            // `[公式]({{ … field="url" }})`, `tel:{{ … }}`, `<{{ … }}>`: Markdown reads no link
            // there, and the reference writes a link of its own inside the brackets.
            Read::Call(end, _) if in_a_links_address(&map.text[..at]) => {
                references.push(Reference {
                    span: map.span(at..end),
                    call: Err(Malformed {
                        expected: call::NOT_AN_ADDRESS,
                        span: map.span(at..at + 2),
                    }),
                });
                from = end;
            }
            // `[{{ window(id="…") }}](https://…)`: the window's name or number would lend its
            // trust to wherever the link leads, which is not the window's own address.
            Read::Call(end, _) if in_a_link_elsewhere => {
                references.push(Reference {
                    span: map.span(at..end),
                    call: Err(Malformed {
                        expected: call::NOT_LINK_TEXT,
                        span: map.span(at..at + 2),
                    }),
                });
                from = end;
            }
            Read::Call(end, call) => {
                found.push((at..end, references.len()));
                references.push(Reference {
                    span: map.span(at..end),
                    call: Ok(call.in_body(&map)),
                });
                from = end;
            }
            Read::Malformed(expected, problem) => {
                references.push(Reference {
                    span: map.span(at..problem.end),
                    call: Err(Malformed {
                        expected,
                        span: map.span(problem.clone()),
                    }),
                });
                from = problem.end.max(at + 2);
            }
        }
    }
    if found.is_empty() {
        pieces.extend(run.into_iter().map(|(e, s)| (Piece::Event(e), s)));
        return;
    }
    // The text around the references, as the events it came in (cut where a reference is).
    let texts: Vec<CowStr<'a>> = (run.into_iter())
        .map(|(e, _)| match e {
            Event::Text(t) => t,
            _ => CowStr::Borrowed(""),
        })
        .collect();
    let mut copied = 0;
    for (range, index) in found {
        map.pieces(&texts, copied..range.start, pieces);
        pieces.push((Piece::Reference(index), references[index].span.clone()));
        copied = range.end;
    }
    map.pieces(&texts, copied..map.text.len(), pieces);
}

/// Whether a reference after `before` stands where a link's address goes.
fn in_a_links_address(before: &str) -> bool {
    let before = before.trim_end_matches([' ', '\t']);
    // `](https://…/{{ … }})`: an address with a space is no link to the Markdown, but reads
    // as one to the editor who wrote it.
    let within_an_address = before.rfind("](").is_some_and(|at| {
        let address = &before[at + 2..];
        !address.is_empty() && !address.contains([')', ' ', '\t', '\n'])
    });
    within_an_address
        || ["](", "](<", "tel:", "mailto:", "<"]
            .iter()
            .any(|opening| before.ends_with(opening))
}

/// The text of a run of `Text` events as one string, with where each part came from.
pub(super) struct TextMap {
    pub(super) text: String,
    /// Each event's start in `text`, its span in the body, and whether the body holds its
    /// text as it is (then offsets inside it map one to one).
    parts: Vec<(usize, Range<usize>, bool)>,
}

impl TextMap {
    /// The part that holds `text[at]` (or, for an `end`, `text[at - 1]`).
    fn part(&self, at: usize, end: bool) -> &(usize, Range<usize>, bool) {
        let i = if end {
            self.parts.partition_point(|(start, _, _)| *start < at)
        } else {
            self.parts.partition_point(|(start, _, _)| *start <= at)
        };
        &self.parts[i.saturating_sub(1)]
    }

    fn body_offset(&self, at: usize, end: bool) -> usize {
        let (start, span, verbatim) = self.part(at, end);
        match (verbatim, end) {
            (true, _) => span.start + (at - start),
            (false, false) => span.start,
            (false, true) => span.end,
        }
    }

    /// The body range that shows `range` of the text.
    pub(super) fn span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.body_offset(range.start, false);
        let end = self.body_offset(range.end, true).max(start);
        start..end
    }

    /// Whether the body holds `range` of the text as it is.
    fn verbatim(&self, range: Range<usize>) -> bool {
        let (first, last) = (self.part(range.start, false), self.part(range.end, true));
        self.parts
            .iter()
            .filter(|(start, _, _)| *start >= first.0 && *start <= last.0)
            .all(|(_, _, verbatim)| *verbatim)
    }

    /// `range` of the text as `Text` events: the parts of `texts` (the run's events) it holds,
    /// each cut to the range, with their spans.
    fn pieces<'a>(
        &self,
        texts: &[CowStr<'a>],
        range: Range<usize>,
        pieces: &mut Vec<(Piece<'a>, Range<usize>)>,
    ) {
        for ((start, span, verbatim), text) in self.parts.iter().zip(texts) {
            let (from, to) = (range.start.max(*start), range.end.min(start + text.len()));
            if from >= to {
                continue;
            }
            let cut = (from - start)..(to - start);
            let span = match verbatim {
                true => span.start + cut.start..span.start + cut.end,
                false => span.clone(),
            };
            let text = match text {
                CowStr::Borrowed(text) => CowStr::Borrowed(&text[cut]),
                _ if cut.len() == text.len() => text.clone(),
                _ => CowStr::from(text[cut].to_owned()),
            };
            pieces.push((Piece::Event(Event::Text(text)), span));
        }
    }
}
