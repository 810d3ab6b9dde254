//! Rule 4: no phone number reaches print unless it is the `phone` of a channel with an official source.

use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;

use super::{at_field, Diagnostic, OfficialDomains};
use crate::date::Date;
use crate::diagnostic::SourceFiles;
use crate::markdown::VisibleText;
use crate::model::history::{FormerNumber, FormerNumbers};
use crate::model::{span_of, Article, Site, Text};
use crate::phone::{canonical, find_numbers};

/// Canonical numbers that channels with a vetted source vouch for.
pub fn vetted_numbers(site: &Site, domains: &OfficialDomains, today: Date) -> HashSet<String> {
    site.guide
        .channels
        .iter()
        .filter(|c| super::sources::channel_is_vetted(c, domains, today))
        .filter_map(|c| c.phone.as_ref())
        .map(|p| canonical(&p.value))
        .collect()
}

/// Numbers no vetted channel vouches for, but whose channels fail rule 1 only: each such
/// failure is already an error at the channel's `source` (every way a channel is not vetted
/// is one: `sources::check_channels`), so a number of theirs is not reported again wherever
/// it is printed, on its channel's own `phone:` line included. One cause, one error, as rustc
/// does it: fixing the source vets the number everywhere at once. The build still fails on
/// the source's error, so no page with such a number is ever published.
pub fn pending_numbers(site: &Site, vetted: &HashSet<String>) -> HashSet<String> {
    (site.guide.channels.iter())
        .filter_map(|c| c.phone.as_ref())
        .map(|p| canonical(&p.value))
        .filter(|n| !vetted.contains(n))
        .collect()
}

/// Rule 4 in `guide.yaml`: every channel's `phone` and every number in a text field. Numbers
/// in `pending` are reported at their channel's source instead.
pub fn check_phone_numbers(
    site: &Site,
    sources: &SourceFiles,
    vetted: &HashSet<String>,
    pending: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for channel in &site.guide.channels {
        let Some(phone) = &channel.phone else {
            continue;
        };
        if canonical(&phone.value).trim_start_matches('#').is_empty() {
            found.push(
                at_field(site, phone, "`phone` has no digits")
                    .label("not a phone number")
                    .help(
                        "write the number as the official page shows it, e.g. \"188\" or \"#9110\"",
                    ),
            );
        }
    }
    let guide_text = sources.get(&site.guide_file).unwrap_or("");
    // A channel's own `phone` was judged above, by its channel's source: scanning it again as
    // text would report one cause twice.
    let phone_fields: HashSet<*const Text> = (site.guide.channels.iter())
        .filter_map(|c| c.phone.as_ref())
        .map(|p| p as *const Text)
        .collect();
    let text_fields: Vec<&Text> = (site.guide.text_fields().into_iter())
        .filter(|f| !phone_fields.contains(&(*f as *const Text)))
        .collect();
    found.par_extend(text_fields.par_iter().flat_map_iter(|field| {
        let field_start = span_of(field, 0).start;
        find_numbers(&field.value)
            .into_iter()
            .filter(|number| !vetted.contains(&number.canonical))
            .filter(|number| !pending.contains(&number.canonical))
            .map(|number| {
                let written = &field.value[number.span.clone()];
                let span = locate(guide_text, field_start, written).unwrap_or(span_of(field, 0));
                let found = unvetted(at_field(site, field, ""), span, written);
                match site.former_numbers.get(&number.canonical) {
                    Some(former) => as_former(found, former, written),
                    None => found,
                }
            })
            .collect::<Vec<_>>()
    }));
    found
}

/// Unvetted numbers in an article file, as written and as a reader sees the page (numbers in
/// `pending` are reported at their channel's source instead).
pub fn unvetted_in_article(
    article: &Article,
    text: &str,
    visible: &VisibleText,
    vetted: &HashSet<String>,
    former: &FormerNumbers,
    pending: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut found = unvetted_numbers(article, text, visible, vetted);
    // A window's number whose source fails is reported at the source (one cause, one error).
    found.retain(|(_, number)| !pending.contains(number));
    for (diagnostic, number) in &mut found {
        if let Some(former) = former.get(number.as_str()) {
            let written = diagnostic
                .message
                .split('`')
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            *diagnostic = as_former(diagnostic.clone(), former, &written);
        }
    }
    found.into_iter().map(|(d, _)| d).collect()
}

/// Unvetted numbers in an article file, each with its canonical form.
fn unvetted_numbers(
    article: &Article,
    text: &str,
    visible: &VisibleText,
    vetted: &HashSet<String>,
) -> Vec<(Diagnostic, String)> {
    let mut found = Vec::new();
    let mut reported: Vec<Range<usize>> = Vec::new();
    // A range of the visible text as a span of the file, and whether it overlaps one reported.
    let in_file = |range: Range<usize>| {
        let body_span = visible.source_span(range);
        article.body_base + body_span.start..article.body_base + body_span.end
    };
    let overlaps = |reported: &[Range<usize>], span: &Range<usize>| {
        reported
            .iter()
            .any(|r| r.start < span.end && span.start < r.end)
    };
    for number in find_numbers(text) {
        if !vetted.contains(&number.canonical) {
            let written = &text[number.span.clone()];
            found.push((
                unvetted(
                    Diagnostic::error("").in_file(&*article.file),
                    number.span.clone(),
                    written,
                ),
                number.canonical,
            ));
            reported.push(number.span);
        }
    }
    // The same body as a reader sees it: Markdown escapes, entities and emphasis can split a
    // number in the file yet show it whole on the page.
    for number in find_numbers(&visible.text) {
        // A number a reference prints whole is the data's, checked there (one cause, one
        // error); one that typed text joins is the reader's.
        if visible.printed_by_a_reference(&number.span) {
            continue;
        }
        let span = in_file(number.span.clone());
        if !vetted.contains(&number.canonical) && !overlaps(&reported, &span) {
            let written = &visible.text[number.span];
            found.push((
                unvetted(
                    Diagnostic::error("").in_file(&*article.file),
                    span.clone(),
                    written,
                ),
                number.canonical,
            ));
            reported.push(span);
        }
    }
    // A referenced number with a digit against it, which the number shapes above do not read
    // as one number (`188` then `9`, or a no-break or zero-width space between): a reader
    // still reads one.
    for printed in &visible.numbers_printed {
        let span = in_file(printed.clone());
        let digit = digit_against(&visible.text, printed);
        if let (Some(digit), false) = (digit, overlaps(&reported, &span)) {
            let number = &visible.text[printed.clone()];
            found.push((
                Diagnostic::error(format!(
                    "the number `{number}` a reference prints is joined to `{digit}`: a reader reads them as one number"
                ))
                .at(&*article.file, span.clone())
                .label("a referenced number")
                .help("put words or punctuation between the reference and the digit (`{{ … field=\"phone\" }}（平日9時から）`)"),
                crate::phone::canonical(number),
            ));
            reported.push(span);
        }
    }
    found
}

/// The digit-like character written against `range` of `text`, on either side, past invisible
/// characters and narrow or no-break spaces (which a reader does not see as a break): a digit
/// in any script or width, a kanji digit, `#` or `+`.
fn digit_against(text: &str, range: &Range<usize>) -> Option<char> {
    let tight = |c: char| {
        crate::fold::is_invisible(c)
            || matches!(
                c,
                '\u{a0}' | '\u{2007}'..='\u{200a}' | '\u{202f}' | '\u{205f}'
            )
    };
    let digit_like = |c: char| c.is_numeric() || "〇一二三四五六七八九#＃+＋".contains(c);
    let after = text[range.end..].chars().find(|c| !tight(*c));
    let before = text[..range.start].chars().rev().find(|c| !tight(*c));
    after
        .filter(|c| digit_like(*c))
        .or(before.filter(|c| digit_like(*c)))
}

fn unvetted(base: Diagnostic, span: Range<usize>, written: &str) -> Diagnostic {
    let file = base.file.clone().unwrap_or_default();
    Diagnostic::error(format!("phone number `{written}` is not the number of any vetted channel"))
        .at(file, span)
        .label("unvetted number")
        .help("print a number only as the `phone` of a channel whose source is an official page showing it; numbers from search results or SMS may be fake")
}

/// An unvetted number that a window had in the published data: said to be an old number.
pub fn as_former(found: Diagnostic, former: &FormerNumber, written: &str) -> Diagnostic {
    Diagnostic {
        message: former.message(written),
        label: "an old number".into(),
        help: Some(former.help()),
        ..found
    }
}

/// Where `written` (text of a field's value) stands in the file, searching from the field's start.
fn locate(file_text: &str, from: usize, written: &str) -> Option<Range<usize>> {
    let start = from + file_text.get(from..)?.find(written)?;
    Some(start..start + written.len())
}
