//! Task lists (`- [x] done`) as pages write them: a disabled checkbox named by its item.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::html::for_page;
use super::RenderContext;

pub(super) const LABEL_END: &str = "</label>";

/// Task list items (`- [x] done`) as a page writes them: a disabled checkbox, with the item's
/// text in a `<label>` around it, so a screen reader names the box by its item ("done,
/// checkbox, checked") rather than reading an unnamed one.
#[derive(Default)]
pub(super) struct TaskLabels {
    /// A `<label>` is open: the item's text goes on.
    open: bool,
}

impl TaskLabels {
    /// `</label>` where the item's text ends: at the end of its paragraph or item, or where a
    /// block (a nested list) starts.
    pub(super) fn close_before(&mut self, event: &Event) -> Option<Event<'static>> {
        let ends = match event {
            Event::End(TagEnd::Paragraph | TagEnd::Item) => true,
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Superscript
                    | Tag::Subscript
            ),
            _ => false,
        };
        (self.open && ends).then(|| {
            self.open = false;
            Event::InlineHtml(CowStr::Borrowed(LABEL_END))
        })
    }

    pub(super) fn for_page<'e>(&mut self, event: &Event<'e>, ctx: &RenderContext) -> Event<'e> {
        match event {
            Event::TaskListMarker(done) => {
                self.open = true;
                let checked = if *done { " checked=\"\"" } else { "" };
                let html = format!(
                    "<label class=\"task\"><input type=\"checkbox\" disabled=\"\"{checked}> "
                );
                Event::InlineHtml(html.into())
            }
            _ => for_page(event, ctx),
        }
    }
}
