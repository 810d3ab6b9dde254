//! Scan: every page, as written, is read the way a reader meets it, for numbers nobody vetted
//! (`check::published`). Checking what is published, not only what was written, is what
//! catches a number that a template, an escape or a look-alike digit brings onto a page.

use std::path::Path;
use std::sync::Mutex;

use crate::check::published::{unvetted_in_text, unvetted_numbers, VettedNumbers};
use crate::check::PageHit;

/// The numbers pages may show, and what the scan found so far (pages render in parallel).
pub struct PageScan<'v> {
    vetted: &'v VettedNumbers,
    hits: Mutex<Vec<PageHit>>,
}

impl<'v> PageScan<'v> {
    pub fn new(vetted: &'v VettedNumbers) -> Self {
        PageScan {
            vetted,
            hits: Mutex::new(Vec::new()),
        }
    }

    /// Reads one page (or a part of the print page) as HTML. `article` is the source file the
    /// page shows, where its text most likely came from.
    pub(super) fn html(&self, page: &str, html: &[u8], article: Option<&Path>) {
        // Tera writes only UTF-8 (a lossy read, never needed, could only add replacement
        // characters, which hide no digit).
        let found = match std::str::from_utf8(html) {
            Ok(text) => unvetted_numbers(text, self.vetted),
            Err(_) => unvetted_numbers(&String::from_utf8_lossy(html), self.vetted),
        };
        self.add(page, found, article);
    }

    /// Reads text a reader meets outside the HTML: the URL a QR code holds.
    pub(super) fn text(&self, page: &str, text: &str) {
        let found = unvetted_in_text(text, self.vetted);
        self.add(page, found, None);
    }

    fn add(
        &self,
        page: &str,
        found: Vec<crate::check::published::PublishedNumber>,
        article: Option<&Path>,
    ) {
        if found.is_empty() {
            return;
        }
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.extend(found.into_iter().map(|number| PageHit {
            page: page.to_owned(),
            article: article.map(Path::to_path_buf),
            number,
        }));
    }

    pub fn found_any(&self) -> bool {
        !self
            .hits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    /// What the scan found, in the order of pages and places (pages render in parallel, so
    /// they are sorted: the same guide always gets the same report).
    pub fn into_hits(self) -> Vec<PageHit> {
        let mut hits = self.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        hits.sort_by(|a, b| {
            (&a.page, a.number.byte_offset, &a.number.canonical).cmp(&(
                &b.page,
                b.number.byte_offset,
                &b.number.canonical,
            ))
        });
        hits
    }
}
