//! Console: what `cli` and `serve` print to the terminal (diagnostics, the summary line, notes),
//! written once for both, with colours only where they belong, and never with control
//! characters from file names or data.

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use crate::diagnostic::{printable_line, render_all};
use crate::report::{Report, Status};

/// Colours only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes a line to standard error. A closed standard error (`madoguchi check 2>&1 | head`)
/// is not worth a panic: the line is dropped.
pub fn say(line: impl Display) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A path from the command line or the file system as the terminal may show it.
pub fn shown(path: &Path) -> String {
    printable_line(&path.display().to_string())
}

/// What a run did, for the summary line: where it wrote, and how many pages (`None`: it failed).
pub struct Outcome<'a> {
    pub out: Option<&'a Path>,
    pub pages: Option<usize>,
    pub started: Instant,
    /// A line said before the summary (how much room the printed cheat sheet has left).
    pub note: Option<String>,
}

/// Prints every diagnostic of `report` (sorted, so a run's output reads the same each time)
/// and the summary line, on standard error.
pub fn print_report(report: &mut Report, outcome: &Outcome) {
    report.sort();
    let _ = write!(
        std::io::stderr(),
        "{}",
        render_all(&report.diagnostics, &report.sources, use_color())
    );
    if let Some(note) = &outcome.note {
        say(format!("note: {note}"));
    }
    say(summary(report, outcome));
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        _ => format!("{n} {what}s"),
    }
}

/// The last line of a run: what was built or checked, or how many problems stopped it.
pub fn summary(report: &Report, outcome: &Outcome) -> String {
    let ms = outcome.started.elapsed().as_millis();
    let (errors, warnings) = (
        count(report.error_count(), "error"),
        count(report.warning_count(), "warning"),
    );
    match (report.status(), outcome.pages, outcome.out) {
        (Status::Ok, Some(pages), Some(out)) => format!(
            "built {} into {} ({warnings}) in {ms} ms",
            count(pages, "page"),
            shown(out)
        ),
        (Status::Ok, Some(pages), None) => {
            format!(
                "checked: ok, {} ({warnings}) in {ms} ms",
                count(pages, "page")
            )
        }
        _ => {
            // On a first build there was no previous output to keep.
            let kept = match outcome.out {
                Some(out) if crate::output::has_marker(out) => {
                    "; the previous output was left untouched"
                }
                _ => "",
            };
            format!("failed: {errors}, {warnings}{kept}")
        }
    }
}
