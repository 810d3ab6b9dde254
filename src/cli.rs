//! The command line: parse arguments, run a command, print diagnostics and a summary, pick the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::{build, BuildOptions};
use crate::diagnostic::render_all;
use crate::report::{Report, Status};

#[derive(Parser)]
#[command(
    name = "madoguchi",
    version,
    about = "Build a checked guide to official contact windows, with a printable cheat sheet",
    after_help = "Examples:\n  madoguchi build                 build ./content into ./output\n  madoguchi build --strict        also fail on stale sources\n  madoguchi check --root my-guide run every check, write nothing"
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
    },
    /// Run every check and write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        online: Online,
    },
}

#[derive(clap::Args)]
struct Online {
    /// Also fetch every cited page: report unreachable pages, HTTP errors, redirects off the
    /// official domains, and phone numbers missing from their page.
    #[arg(long)]
    online: bool,
    /// Connect to ADDR:PORT for HOST instead of asking DNS (like curl's --resolve).
    #[arg(long, value_name = "HOST:ADDR:PORT", requires = "online")]
    resolve: Vec<String>,
    /// Also trust the root certificates in this PEM file.
    #[arg(long, value_name = "FILE", requires = "online")]
    cacert: Option<PathBuf>,
    /// Pause between two requests to the same host, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000, requires = "online")]
    pause_ms: u64,
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
    let (common, out, online) = match cli.command {
        Command::Build { common, out } => {
            let out = if out.is_relative() {
                common.root.join(out)
            } else {
                out
            };
            (common, Some(out), None)
        }
        Command::Check { common, online } => (common, None, Some(online).filter(|o| o.online)),
    };
    let options = BuildOptions {
        root: common.root,
        out,
        theme: common.theme,
        strict: common.strict,
    };
    let mut report = Report::default();
    let built = build(&options, &mut report);
    if let (Some(online), Some(_)) = (&online, &built) {
        run_online(&options, online, &mut report);
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!(
        "{}",
        render_all(&report.diagnostics, &report.sources, color)
    );
    eprintln!("{}", summary(&options, &report, built.as_ref(), started));
    ExitCode::from(report.status() as u8)
}

/// `check --online`, after the offline checks passed: fetch the cited pages.
fn run_online(options: &BuildOptions, online: &Online, report: &mut Report) {
    let resolve: Result<Vec<_>, String> = online
        .resolve
        .iter()
        .map(|r| crate::online::parse_resolve(r))
        .collect();
    let resolve = match resolve {
        Ok(resolve) => resolve,
        Err(e) => return report.io_error(e, None, "write --resolve HOST:ADDR:PORT"),
    };
    let online_options = crate::online::OnlineOptions {
        resolve,
        ca_cert: online.cacert.clone(),
        pause: std::time::Duration::from_millis(online.pause_ms),
    };
    // The offline checks passed, so the guide loads; its diagnostics are already reported.
    let Some(site) = crate::load::load_site(&options.root, &mut Report::default()) else {
        return;
    };
    match crate::online::check_online(&site, &online_options) {
        Ok(found) => report.extend(found),
        Err(e) => report.io_error(e, None, "check the --cacert file"),
    }
    if options.strict {
        report.promote_warnings();
    }
    report.sort();
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
