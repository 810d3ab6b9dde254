//! The command line: parse arguments, run a command, print diagnostics and a summary, pick the exit code.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::console;
use crate::output::data::DATA_FILE;
use crate::output::pdf::PrintOptions;
use crate::pipeline::{build, BuildOptions};
use crate::report::{Report, Status};

#[derive(Parser)]
#[command(
    name = "madoguchi",
    version,
    about = "Build a checked guide to official contact windows, with a printable cheat sheet",
    after_help = "Examples:\n  madoguchi new my-guide          start a guide (fill in the TODOs it marks)\n  madoguchi new my-guide --lang ja  start a guide in Japanese\n  madoguchi serve --open          preview with live reload at http://127.0.0.1:8000/\n  madoguchi build                 build ./content into ./output\n  madoguchi build --strict        also fail on stale sources\n  madoguchi build --pdf           also write cheatsheet.pdf and guide.pdf (needs Chromium)\n  madoguchi check --root my-guide run every check, write nothing\n  madoguchi check --print         also prove the cheat sheet prints on one A4 page\n  madoguchi where shop-message    every place that shows or mentions a window\n  madoguchi schema                print the JSON Schema of guide.yaml\n  madoguchi changes               what changed since the last build (output/data.json)\n  madoguchi changes --record NOTE  record those changes in content/changes.yaml"
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
        #[command(flatten)]
        online: Online,
    },
    /// Build, serve the site on this computer, and rebuild and reload open pages on every edit.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Output folder (the served site).
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on. The default serves this computer only; 0.0.0.0 shares it on your network.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new guide in DIR: one situation, one channel, and TODOs that `check` points at.
    New {
        /// Folder to create (must be empty unless --force).
        dir: PathBuf,
        /// Write into a folder that already has files (overwrites the scaffold's own files only).
        #[arg(long)]
        force: bool,
        /// The guide's language: its example text, and `lang:`, whose labels the pages print.
        #[arg(long, value_enum, default_value = "en")]
        lang: crate::scaffold::ScaffoldLang,
    },
    /// Print the JSON Schema (draft 2020-12) of guide.yaml, for editors.
    Schema {
        /// Print the schema of data.json (the published data every build writes) instead.
        #[arg(long)]
        data: bool,
    },
    /// List what changed in the data since it was published (a data.json), per window and
    /// situation, field by field; record the changes in content/changes.yaml.
    Changes {
        /// The guide folder (holds content/guide.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The published data.json, or a site folder holding one [default: the output
        /// folder's data.json].
        #[arg(long, value_name = "PATH")]
        since: Option<PathBuf>,
        /// Output folder whose data.json is compared with, when --since is not given.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Append the changes no entry records yet to content/changes.yaml, dated today,
        /// with this note.
        #[arg(long, value_name = "NOTE", conflicts_with = "check")]
        record: Option<String>,
        /// Exit with 1 when the data differs from the published data and no new entry in
        /// content/changes.yaml records the change (for a guide's CI).
        #[arg(long)]
        check: bool,
    },
    /// List every place that shows or mentions a window or situation (file:line:col), then
    /// the pages that show it: what to re-read after changing it. Writes nothing.
    Where {
        /// The id of a window (channel) or situation in guide.yaml.
        id: String,
        /// The guide folder (holds content/guide.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List the drafts' uses too (`draft: true`), as `build --drafts` would publish them.
        #[arg(long)]
        drafts: bool,
    },
    /// Themes: `theme export NAME` writes the built-in theme into themes/NAME/ to start from.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Write the built-in templates and stylesheets into themes/NAME/ (use it with
    /// `theme: NAME` in guide.yaml, or --theme NAME).
    Export {
        /// The theme's folder name under themes/.
        name: String,
        /// The guide folder (holds content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Overwrite the exported files where they exist (other files are left alone).
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args)]
struct Browser {
    /// Chromium binary for printing (default: $MADOGUCHI_CHROMIUM, else chromium on PATH).
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
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
    /// Remember the pages checked OK in this JSON file, and skip them while they are younger
    /// than --max-age days (a changed number or title checks the page again).
    #[arg(long, value_name = "FILE", requires = "online")]
    cache: Option<PathBuf>,
    /// How many days a page checked OK is not fetched again (with --cache); 0 fetches all.
    #[arg(long, value_name = "DAYS", default_value_t = 7, requires = "cache")]
    max_age: u32,
    /// Write what was found for every page to FILE: JSON if it ends in .json, Markdown if .md.
    #[arg(long, value_name = "FILE", requires = "online")]
    report: Option<PathBuf>,
}

#[derive(clap::Args)]
struct Common {
    /// The guide folder (holds content/guide.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Theme folder under themes/ (its templates override the built-in ones); overrides
    /// `theme:` in guide.yaml.
    #[arg(long)]
    theme: Option<String>,
    /// Treat warnings (stale sources, non-official links) as errors.
    #[arg(long)]
    strict: bool,
    /// Also build the articles marked `draft: true` (left out otherwise).
    #[arg(long)]
    drafts: bool,
}

pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            common,
            out,
            pdf,
            browser,
        } => {
            let out = under_root(&common.root, out);
            let print = pdf.then(|| browser.printing(true));
            build_or_check(build_options(common, Some(out), print), None)
        }
        Command::Check {
            common,
            print,
            browser,
            online,
        } => {
            let print = print.then(|| browser.printing(false));
            let online = Some(online).filter(|o| o.online);
            build_or_check(build_options(common, None, print), online)
        }
        Command::Serve {
            common,
            out,
            port,
            interface,
            open,
        } => {
            let out = under_root(&common.root, out);
            crate::memory::serving();
            crate::serve::run(crate::serve::ServeOptions {
                build: build_options(common, Some(out), None),
                address: std::net::SocketAddr::new(interface, port),
                open,
            })
        }
        Command::New { dir, force, lang } => new_guide(&dir, force, lang),
        Command::Where { id, root, drafts } => where_used(&root, &id, drafts),
        Command::Schema { data } => {
            match data {
                true => print!("{}", crate::schema::data_schema_json()),
                false => print!("{}", crate::schema::guide_schema_json()),
            }
            ExitCode::SUCCESS
        }
        Command::Changes {
            root,
            since,
            out,
            record,
            check,
        } => {
            let since = since.unwrap_or_else(|| under_root(&root, out).join(DATA_FILE));
            let options = crate::changes::ChangesOptions {
                root,
                since,
                record,
                check,
            };
            ExitCode::from(crate::changes::run(&options) as u8)
        }
        Command::Theme {
            action: ThemeAction::Export { name, root, force },
        } => export_theme(&root, &name, force),
    }
}

fn under_root(root: &std::path::Path, out: PathBuf) -> PathBuf {
    if out.is_relative() {
        root.join(out)
    } else {
        out
    }
}

fn build_options(
    common: Common,
    out: Option<PathBuf>,
    print: Option<PrintOptions>,
) -> BuildOptions {
    BuildOptions {
        root: common.root,
        out,
        theme: common.theme,
        strict: common.strict,
        drafts: common.drafts,
        print,
        online: None,
    }
}

fn build_or_check(mut options: BuildOptions, online: Option<Online>) -> ExitCode {
    let started = Instant::now();
    let mut report = Report::default();
    let online = online.map(|o| o.options(&options.root)).transpose();
    let built = match online {
        Ok(online) => {
            options.online = online;
            build(&options, &mut report)
        }
        Err((e, help)) => {
            report.io_error(e, None, help);
            None
        }
    };
    let note = (built.as_ref())
        .and_then(|b| b.sheet)
        .map(|h| h.room_note());
    let outcome = console::Outcome {
        out: options.out.as_deref(),
        pages: built.map(|b| b.pages),
        started,
        note,
    };
    console::print_report(&mut report, &outcome);
    ExitCode::from(report.status() as u8)
}

fn where_used(root: &std::path::Path, id: &str, drafts: bool) -> ExitCode {
    let mut report = Report::default();
    let Some(found) = crate::where_used::find(root, id, drafts, &mut report) else {
        report.sort();
        let shown = crate::diagnostic::render_all(
            &report.diagnostics,
            &report.sources,
            console::use_color(),
        );
        console::say(shown.trim_end());
        return ExitCode::from(report.status() as u8);
    };
    let mut out = std::io::stdout().lock();
    // A closed standard output (`madoguchi where x | head`) is not worth a panic.
    let _ = crate::where_used::write(&found, &report, &mut out);
    if found.drafts_left_out > 0 {
        // An editor renaming a window re-reads the drafts too, or they keep the old name.
        console::say(format!(
            "note: {} left out: `--drafts` lists their uses too",
            console::count(found.drafts_left_out, "draft")
        ));
    }
    if found.errors + found.warnings > 0 {
        console::say(format!(
            "note: the guide has {} and {}: `madoguchi check` shows them",
            console::count(found.errors, "error"),
            console::count(found.warnings, "warning")
        ));
    }
    ExitCode::SUCCESS
}

fn export_theme(root: &std::path::Path, name: &str, force: bool) -> ExitCode {
    match crate::scaffold::export_theme(root, name, force) {
        Ok(files) => {
            for file in &files {
                console::say(format!("created {}", console::shown(file)));
            }
            console::say(format!(
                "next: add `theme: {}` to content/guide.yaml (or pass --theme), then edit the files; rules of your own can go in themes/{}/static/extra.css",
                crate::diagnostic::printable(name),
                crate::diagnostic::printable(name)
            ));
            ExitCode::SUCCESS
        }
        Err(message) => usage_or_io_error(&message.to_string()),
    }
}

fn new_guide(dir: &std::path::Path, force: bool, lang: crate::scaffold::ScaffoldLang) -> ExitCode {
    match crate::scaffold::create_guide(dir, force, lang) {
        Ok(files) => {
            for file in files {
                console::say(format!("created {}", console::shown(&file)));
            }
            let dir = console::shown(dir);
            // Quoted where a shell would split it, so the suggested commands can be pasted.
            let arg = match dir.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
                true => format!("'{}'", dir.replace('\'', "'\\''")),
                false => dir.clone(),
            };
            console::say(format!(
                "next: fill in the TODOs in {dir}/content/guide.yaml (`madoguchi check --root {arg}` points at each), then `madoguchi serve --root {arg}`"
            ));
            ExitCode::SUCCESS
        }
        Err(message) => usage_or_io_error(&message.to_string()),
    }
}

/// A failure of the user's request or of the file system, said in one line.
fn usage_or_io_error(message: &str) -> ExitCode {
    console::say(format!("error: {}", crate::diagnostic::printable(message)));
    ExitCode::from(Status::UsageOrIo as u8)
}

impl Browser {
    fn printing(self, write_pdfs: bool) -> PrintOptions {
        PrintOptions {
            chromium: self.chromium,
            write_pdfs,
        }
    }
}

impl Online {
    /// What `check --online` needs, from its flags; an unusable `--resolve`, `--report` or
    /// `--cache` is a usage error (with its help), before anything is fetched.
    fn options(
        self,
        root: &std::path::Path,
    ) -> Result<crate::check::online::OnlineOptions, (String, &'static str)> {
        let resolve = (self.resolve.iter())
            .map(|r| crate::check::online::parse_resolve(r))
            .collect::<Result<_, _>>()
            .map_err(|e| (e, "write --resolve HOST:ADDR:PORT"))?;
        if let Some(report) = &self.report {
            let extension = report.extension().and_then(|e| e.to_str());
            if !matches!(extension, Some("json" | "md")) {
                return Err((
                    format!(
                        "--report {}: the file's name must end in .json (for tools) or .md (to read)",
                        report.display()
                    ),
                    "write --report round.md, say",
                ));
            }
        }
        for (flag, file) in [("--report", &self.report), ("--cache", &self.cache)] {
            let refused = file
                .as_deref()
                .and_then(|f| crate::check::online::round::refuse_round_file(root, f));
            if let Some(why) = refused {
                return Err((
                    format!("{flag}: {why}"),
                    "keep the round's files beside the guide, not in content/, themes/ or the output",
                ));
            }
        }
        Ok(crate::check::online::OnlineOptions {
            resolve,
            ca_cert: self.cacert,
            pause: std::time::Duration::from_millis(self.pause_ms),
            cache: self.cache,
            max_age_days: self.max_age,
            report: self.report,
        })
    }
}
