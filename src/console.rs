//! Console: what `cli` and `serve` print to the terminal (diagnostics, the summary line),
//! written once for both, with colours only where they belong.

use std::io::IsTerminal;
use std::time::Instant;

use crate::diagnostic::render_all;
use crate::pipeline::{BuildOptions, Built};
use crate::report::{Report, Status};

/// Colours only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints every diagnostic of `report` (sorted, so a run's output reads the same each time)
/// and the summary line, on standard error.
pub fn print_report(
    report: &mut Report,
    options: &BuildOptions,
    built: Option<&Built>,
    started: Instant,
) {
    report.sort();
    eprint!(
        "{}",
        render_all(&report.diagnostics, &report.sources, use_color())
    );
    eprintln!("{}", summary(options, report, built, started));
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        _ => format!("{n} {what}s"),
    }
}

/// The last line of a run: what was built or checked, or how many problems stopped it.
pub fn summary(
    options: &BuildOptions,
    report: &Report,
    built: Option<&Built>,
    started: Instant,
) -> String {
    let ms = started.elapsed().as_millis();
    let (errors, warnings) = (
        count(report.error_count(), "error"),
        count(report.warning_count(), "warning"),
    );
    match (report.status(), built, &options.out) {
        (Status::Ok, Some(b), Some(out)) => format!(
            "built {} into {} ({warnings}) in {ms} ms",
            count(b.pages, "page"),
            out.display()
        ),
        (Status::Ok, Some(b), None) => {
            format!(
                "checked: ok, {} ({warnings}) in {ms} ms",
                count(b.pages, "page")
            )
        }
        _ => {
            let kept = match &options.out {
                Some(out) if crate::output::has_marker(out) => {
                    "; the previous output was left untouched"
                }
                _ => "",
            };
            format!("failed: {errors}, {warnings}{kept}")
        }
    }
}
