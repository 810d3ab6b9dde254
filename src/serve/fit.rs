//! The cheat sheet's fit while editing: after each rebuild that succeeds, a worker prints the
//! live sheet with Chromium in the background (the preview is never held up) and, when it no
//! longer fits on one A4 page, shows that in the overlay and the terminal.
//!
//! One worker, one print at a time: saves that come while it prints are folded into one
//! request for the newest build, and a verdict on a build that a newer one has replaced is
//! dropped (the newer one gets its own print).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::inject::overlay_html_titled;
use super::state::{Live, SheetOverlay};
use crate::console;
use crate::diagnostic::render_all;
use crate::load::labels::Labels;
use crate::output::pdf::{find_chromium, print_sheet, sheet_problems, PrintedSheet, WorkDir};
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
    chromium: &Path,
    out: &Path,
    guide_file: &Path,
    live: &Live,
    incoming: &Receiver<FitRequest>,
) {
    while let Ok(mut request) = incoming.recv() {
        // Only the newest build is worth printing.
        while let Ok(newer) = incoming.try_recv() {
            request = newer;
        }
        if live.snapshot().build != request.generation {
            continue;
        }
        // A print that fails (the output replaced under it by a newer build, a browser that
        // crashed) gives no verdict: what is shown stays (an overflow marked as re-measuring
        // is not said to fit), the next rebuild prints again, and `check --print` is there.
        let printed = WorkDir::create()
            .ok()
            .and_then(|work| print_sheet(chromium, out, &work.dir).ok());
        // Nor does one with no measurement: the measuring copy's script did not run on the
        // sheet (a sheet read while a full rebuild swapped the folder prints as an error page
        // of one page, which would pass for a sheet that fits).
        let Some(sheet) = printed.filter(|sheet| sheet.height.is_some()) else {
            continue;
        };
        let report = Some(problems_of(&sheet, guide_file)).filter(|r| !r.diagnostics.is_empty());
        let verdict = report.as_ref().map(|report| SheetOverlay {
            measured: overlay(report, &request.labels, false),
            remeasuring: overlay(report, &request.labels, true),
        });
        let overflows = verdict.is_some();
        if !live.sheet_verdict(request.generation, verdict) {
            continue;
        }
        match report {
            Some(report) if overflows => console::say(format!(
                "{}the site is built, but its cheat sheet no longer fits (printed in the background)",
                render_all(&report.diagnostics, &report.sources, console::use_color())
            )),
            _ => console::say("the cheat sheet fits on one A4 page again (printed in the background)"),
        }
    }
}

/// What the printed sheet's problems are, with the guide's text to show them in.
fn problems_of(sheet: &PrintedSheet, guide_file: &Path) -> Report {
    let mut report = Report::default();
    if let Ok(text) = std::fs::read_to_string(guide_file) {
        report.sources.insert(guide_file, text);
    }
    let guide_text = report.sources.shared(guide_file);
    let problems = sheet_problems(sheet, guide_file, guide_text.as_deref().map(String::as_str));
    report.extend(problems);
    report
}

/// The overflow overlay; `remeasuring` while the next rebuild's sheet is printed again.
fn overlay(report: &Report, labels: &Labels, remeasuring: bool) -> String {
    let html = overlay_html_titled(report, labels, ("serve_sheet_overflow", "serve_sheet_hint"));
    if !remeasuring {
        return html;
    }
    let note = format!(
        "<p class=\"remeasuring\">{}</p>",
        super::inject::escaped(labels.get("serve_sheet_remeasuring").unwrap_or_default())
    );
    // After the heading: the note says that what follows is the last print's.
    match html.find("</p>") {
        Some(at) => format!("{}{note}{}", &html[..at + 4], &html[at + 4..]),
        None => format!("{note}{html}"),
    }
}
