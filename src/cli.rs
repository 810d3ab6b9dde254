//! The command line: parse arguments, run a command, print diagnostics and a summary, pick the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::{build, BuildOptions};
use crate::diagnostic::render_all;
use crate::pdf::PrintOptions;
use crate::report::{Report, Status};

#[derive(Parser)]
#[command(
    name = "madoguchi",
    version,
    about = "Build a checked guide to official contact windows, with a printable cheat sheet",
    after_help = "Examples:\n  madoguchi build                 build ./content into ./output\n  madoguchi build --strict        also fail on stale sources\n  madoguchi check --root my-guide run every check, write nothing\n  madoguchi build --pdf           also write cheatsheet.pdf and guide.pdf (needs Chromium)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the guide and write the site (into a staging folder, swapped in on success).
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Also write cheatsheet.pdf and guide.pdf with headless Chromium (fails if the
        /// cheat sheet does not fit on one A4 page).
        #[arg(long)]
        pdf: bool,
        #[command(flatten)]
        browser: Browser,
    },
    /// Run every check and write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also print the cheat sheet with headless Chromium and fail if it is not one A4 page.
        #[arg(long)]
        print: bool,
        #[command(flatten)]
        browser: Browser,
    },
}

#[derive(clap::Args)]
struct Browser {
    /// Chromium binary for printing (default: $MADOGUCHI_CHROMIUM, else chromium on PATH).
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
}

#[derive(clap::Args)]
struct Common {
    /// The guide folder (holds content/guide.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Theme folder under themes/ (its templates override the built-in ones).
    #[arg(long, default_value = "default")]
    theme: String,
    /// Treat warnings (stale sources, non-official links) as errors.
    #[arg(long)]
    strict: bool,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let (common, out, print) = match cli.command {
        Command::Build {
            common,
            out,
            pdf,
            browser,
        } => {
            let out = if out.is_relative() {
                common.root.join(out)
            } else {
                out
            };
            (common, Some(out), pdf.then(|| browser.printing(true)))
        }
        Command::Check {
            common,
            print,
            browser,
        } => (common, None, print.then(|| browser.printing(false))),
    };
    let options = BuildOptions {
        root: common.root,
        out,
        theme: common.theme,
        strict: common.strict,
        print,
    };
    let mut report = Report::default();
    let built = build(&options, &mut report);
    report.sort();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!(
        "{}",
        render_all(&report.diagnostics, &report.sources, color)
    );
    eprintln!("{}", summary(&options, &report, built.as_ref(), started));
    ExitCode::from(report.status() as u8)
}

impl Browser {
    fn printing(self, write_pdfs: bool) -> PrintOptions {
        PrintOptions {
            chromium: self.chromium,
            write_pdfs,
        }
    }
}

fn summary(
    options: &BuildOptions,
    report: &Report,
    built: Option<&crate::build::Built>,
    started: Instant,
) -> String {
    let ms = started.elapsed().as_millis();
    let (errors, warnings) = (report.error_count(), report.warning_count());
    match (report.status(), built, &options.out) {
        (Status::Ok, Some(b), Some(out)) => format!(
            "built {} pages into {} ({warnings} warnings) in {ms} ms",
            b.pages,
            out.display()
        ),
        (Status::Ok, Some(b), None) => {
            format!(
                "checked: ok, {} pages ({warnings} warnings) in {ms} ms",
                b.pages
            )
        }
        _ => {
            let kept = if options.out.is_some() {
                "; the previous output was left untouched"
            } else {
                ""
            };
            format!("failed: {errors} errors, {warnings} warnings{kept}")
        }
    }
}
