//! Print: the print page (every page as a chapter), streamed to its file chapter by chapter
//! between the two halves of its shell, so it never waits in memory whole.

use std::io::Write;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::links::{root_prefix, Page};
use crate::load::theme::Theme;
use crate::output::{StagedFile, Staging};

impl<'a> SiteViews<'a> {
    /// The print page's shell (cover, contents, map, sources), split where its chapters go.
    /// The page is as big as the whole site, so its chapters are streamed into the file
    /// between the two parts as they render, instead of being held in memory.
    pub(super) fn print_shell(&self, theme: &Theme) -> Result<(Vec<u8>, Vec<u8>), RenderError> {
        let path = Page::Print.output_path();
        let canonical = self
            .base
            .as_ref()
            .map(|b| crate::output::publish::canonical_url(b, &path));
        let fill = |ctx: &mut tera::Context, _: &str| self.fill_print(ctx);
        let root = root_prefix(&path);
        let shell = self.render_at(theme, path, &root, canonical, "print.html", fill)?;
        // The shell as a whole (cover, contents, map, sources), as the reader meets it.
        self.hooks.page(&shell.path, &shell.bytes, None);
        Ok(split_at_mark(shell.bytes))
    }

    /// One chapter of the print page, rendered on its own so chapters render in parallel.
    pub(super) fn print_chapter(
        &self,
        theme: &Theme,
        template: &str,
        fill: impl FnOnce(&mut tera::Context, &str),
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let print = Page::Print.output_path();
        let file = self.render_at(
            theme,
            print.clone(),
            &root_prefix(&print),
            None,
            template,
            fill,
        )?;
        // Held until its batch is written to the print page: without the room a page's buffer
        // starts with (8 KiB, for a chapter of 2 or 3), a batch's chapters were 8 MB.
        let mut chapter = file.bytes;
        chapter.shrink_to_fit();
        Ok(chapter)
    }

    /// The print page's shell: every page of the site is a chapter (rendered with the pages,
    /// streamed in where `chapters` stands), links turned into in-page anchors.
    pub(super) fn fill_print(&self, ctx: &mut tera::Context) {
        let free = Each(self.free_article_list().into_iter().map(|a| ContentsEntry {
            title: &a.front.title.value,
            href: Page::Article(&a.slug).output_path(),
            anchor: print_anchor(&Page::Article(&a.slug)),
        }));
        let names = self.channel_names();
        ctx.insert("situations", &self.situation_summaries(Some(&names)));
        ctx.insert("articles", &free);
        ctx.insert("kinds", &self.kind_views());
        ctx.insert("sources", &self.source_groups());
        ctx.insert_value("chapters", tera::Value::safe_string(CHAPTERS_MARK));
    }
}

/// An article in the print page's contents. Three fields, not `ArticleView`'s four with an
/// empty `html`: Tera holds each entry as a hash map, and one of four entries takes twice the
/// table of one of three: 24 MB more while the shell renders, at 85,000 articles.
#[derive(serde::Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    href: String,
    /// Its section's id on the print page.
    anchor: String,
}

/// What the print page's shell shows where its chapters go; they are written in its place.
/// Tera escapes every value from the guide, so guide text cannot produce it.
pub(super) const CHAPTERS_MARK: &str = "<!-- madoguchi: the chapters go here -->";

/// The shell split where the chapters go. A shell without the mark (a theme that leaves the
/// chapters out) is all head; a second mark is dropped, as chapters are written once. The head
/// keeps the shell's buffer (a big guide's contents list is megabytes).
pub(super) fn split_at_mark(mut shell: Vec<u8>) -> (Vec<u8>, Vec<u8>) {
    // Tera writes only UTF-8 (templates and values are strings).
    let text = std::str::from_utf8(&shell).unwrap_or_default();
    match text.find(CHAPTERS_MARK) {
        Some(at) => {
            let tail = text[at + CHAPTERS_MARK.len()..].replace(CHAPTERS_MARK, "");
            shell.truncate(at);
            (shell, tail.into_bytes())
        }
        None => (shell, Vec::new()),
    }
}

/// The print page being written: the head of its shell, each chapter in order, then the tail
/// (`None`: rendered for `check`, and dropped).
pub(super) struct PrintWriter {
    file: Option<StagedFile>,
}

impl PrintWriter {
    pub(super) fn start(
        staging: Option<&Staging>,
        head: &[u8],
    ) -> Result<PrintWriter, RenderError> {
        let file = match staging {
            Some(staging) => Some(
                staging
                    .open(&Page::Print.output_path())
                    .map_err(RenderError::Write)?,
            ),
            None => None,
        };
        let mut print = PrintWriter { file };
        print.write_bytes(head)?;
        Ok(print)
    }

    pub(super) fn write(&mut self, chapter: &[u8]) -> Result<(), RenderError> {
        self.write_bytes(chapter)
    }

    pub(super) fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), RenderError> {
        match &mut self.file {
            Some(file) => file.writer.write_all(bytes).map_err(|e| failed_print(&e)),
            None => Ok(()),
        }
    }

    /// Writes the tail and returns the page's path.
    pub(super) fn finish(self, tail: &[u8]) -> Result<String, RenderError> {
        if let Some(file) = self.written(tail)? {
            file.commit().map_err(RenderError::Write)?;
        }
        Ok(Page::Print.output_path())
    }

    /// Writes the tail; the file is complete, but only `commit` puts it in place.
    pub(super) fn written(mut self, tail: &[u8]) -> Result<Option<StagedFile>, RenderError> {
        self.write_bytes(tail)?;
        Ok(self.file)
    }
}

pub(super) fn failed_print(e: &std::io::Error) -> RenderError {
    RenderError::Write(crate::diagnostic::Failure::new(
        "write",
        Page::Print.output_path(),
        e,
    ))
}

/// Where an `@/` link points on the print page, which holds every page as a section.
pub(super) fn print_anchor(page: &Page) -> String {
    match page {
        // The history is not printed: the print page is an edition of the data, dated.
        Page::Home | Page::Print | Page::History | Page::Search => "top".into(),
        Page::Sources => "sources".into(),
        // The cheat sheet is a summary of the situation map, which the print page opens with.
        Page::CheatSheet | Page::Keywords => "map".into(),
        Page::Situation(id) => format!("situation-{id}"),
        Page::Article(slug) => format!("article-{slug}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_splits_where_the_chapters_go_and_a_second_mark_is_dropped() {
        let shell = format!("<head>{CHAPTERS_MARK}<tail>{CHAPTERS_MARK}</tail>");
        let (head, tail) = split_at_mark(shell.into_bytes());
        assert_eq!(
            (&head[..], &tail[..]),
            (&b"<head>"[..], &b"<tail></tail>"[..])
        );
        let (head, tail) = split_at_mark(b"<no mark>".to_vec());
        assert_eq!((&head[..], tail.is_empty()), (&b"<no mark>"[..], true));
    }
}
