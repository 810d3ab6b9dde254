//! Old hours: text that repeats hours a window had in the published `data.json` and has no
//! longer. Like an old number, it is an error: a reader would call when no one answers.

use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::markdown::VisibleText;
use crate::model::history::FormerHoursOf;
use crate::model::{span_of, Article, Site, Text};

/// Old hours in `guide.yaml`'s text fields. A window's own `hours` are its current hours
/// (they may extend the old ones): not a mention.
pub fn in_guide(site: &Site, sources: &SourceFiles) -> Vec<Diagnostic> {
    if site.former_hours.hours.is_empty() {
        return Vec::new();
    }
    let own_hours: Vec<*const Text> = (site.guide.channels.iter())
        .filter_map(|c| c.hours.as_ref())
        .map(|h| h as *const Text)
        .collect();
    let guide_text = sources.get(&site.guide_file).unwrap_or("");
    let mut found = Vec::new();
    for field in site.guide.text_fields() {
        if own_hours.contains(&(field as *const Text)) {
            continue;
        }
        for (range, former) in site.former_hours.find_in(&field.value) {
            let written = &field.value[range];
            let field_span = span_of(field, 0);
            let span = (guide_text.get(field_span.start..))
                .and_then(|rest| rest.find(written))
                .map(|at| field_span.start + at..field_span.start + at + written.len())
                .unwrap_or(field_span);
            found.push(old_hours(former, written).at(&site.guide_file, span));
        }
    }
    found
}

/// Old hours in an article's text as a reader sees it, at the place in the file that shows them.
pub fn in_article(site: &Site, article: &Article, visible: &VisibleText) -> Vec<Diagnostic> {
    // Hours a reference prints are a window's current ones.
    (site.former_hours.find_in(&visible.text).into_iter())
        .filter(|(range, _)| !visible.printed_by_a_reference(range))
        .map(|(range, former)| {
            let written = &visible.text[range.clone()];
            let span = visible.source_span(range);
            let start = article.body_base + span.start;
            let end = (article.body_base + span.end).max(start + 1);
            old_hours(former, written).at(&*article.file, start..end)
        })
        .collect()
}

fn old_hours(former: &FormerHoursOf, written: &str) -> Diagnostic {
    Diagnostic::error(former.message(written))
        .label("old hours")
        .help(former.help())
}
