//! The cheat sheet's fit while editing: after each rebuild that succeeds, a worker prints the
//! live sheet with Chromium in the background (the preview is never held up) and, when it no
//! longer fits on one A4 page, shows that in the overlay and the terminal.
//!
//! One worker, one print at a time: saves that come while it prints are folded into one
//! request for the newest build, and a verdict on a build that a newer one has replaced is
//! dropped (the newer one gets its own print).

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::inject::overlay_html_titled;
use super::state::Live;
use crate::console;
use crate::diagnostic::render_all;
use crate::load::labels::Labels;
use crate::output::pdf::{find_chromium, print_sheet, sheet_problems, WorkDir};
use crate::report::Report;

/// A print to do: of the build of this generation, with the labels its overlay is in.
pub struct FitRequest {
    pub generation: u64,
    pub labels: Labels,
}

/// Starts the worker when Chromium is found; `None` (and no fit check) otherwise.
pub fn start(out: PathBuf, guide_file: PathBuf, live: Arc<Live>) -> Option<Sender<FitRequest>> {
    let chromium = find_chromium(None).ok()?;
    let (requests, incoming) = channel();
    std::thread::spawn(move || work(&chromium, &out, &guide_file, &live, &incoming));
    Some(requests)
}

fn work(
    chromium: &std::path::Path,
    out: &std::path::Path,
    guide_file: &std::path::Path,
    live: &Live,
    incoming: &Receiver<FitRequest>,
) {
    while let Ok(mut request) = incoming.recv() {
        // Only the newest build is worth printing.
        while let Ok(newer) = incoming.try_recv() {
            request = newer;
        }
        if live.snapshot().generation != request.generation {
            continue;
        }
        // A print that fails (the output replaced under it by a newer build, a browser that
        // crashed) says nothing: the next rebuild prints again, and `check --print` is there.
        let Ok(work) = WorkDir::create() else {
            continue;
        };
        let Ok(sheet) = print_sheet(chromium, out, &work.dir) else {
            continue;
        };
        let mut report = Report::default();
        if let Ok(text) = std::fs::read_to_string(guide_file) {
            report.sources.insert(guide_file, text);
        }
        let guide_text = report.sources.shared(guide_file);
        let problems = sheet_problems(&sheet, guide_file, guide_text.as_deref().map(String::as_str));
        if problems.is_empty() {
            continue;
        }
        report.extend(problems);
        let overlay = overlay_html_titled(
            &report,
            &request.labels,
            ("serve_sheet_overflow", "serve_sheet_hint"),
        );
        if live.add_overlay(request.generation, overlay) {
            let shown = render_all(&report.diagnostics, &report.sources, console::use_color());
            console::say(format!(
                "{}the site is built, but its cheat sheet no longer fits (printed in the background)",
                shown
            ));
        }
    }
}
