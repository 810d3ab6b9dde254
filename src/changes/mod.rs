//! `madoguchi changes`: the guide now against what was published (a `data.json`), per window
//! and situation, field by field; `--record` appends the changes to the history
//! (`content/changes.yaml`), `--check` fails while a change is unrecorded.

mod diff;
pub mod record;

pub use diff::{diff, FieldChange, ItemChange, ItemKind, What};

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::console;
use crate::date::Date;
use crate::diagnostic::{line_col, printable, render_all, Diagnostic};
use crate::model::history::HISTORY_FILE;
use crate::model::{span_of, Site};
use crate::output::data::{PublishedChange, PublishedData, DATA_FILE, DATA_FORMAT};
use crate::report::{Report, Status};

pub struct ChangesOptions {
    pub root: PathBuf,
    /// The published `data.json`, or a site folder holding one.
    pub since: PathBuf,
    /// `--record "note"`.
    pub record: Option<String>,
    /// `--check`.
    pub check: bool,
}

/// Runs the command: prints the changes on standard output, and what it did or found on
/// standard error. Returns the exit status.
pub fn run(options: &ChangesOptions) -> Status {
    let mut report = Report::default();
    let status = compare(options, &mut report);
    let status = match (status, report.status()) {
        (Status::Ok, Status::Ok) => Status::Ok,
        (Status::UsageOrIo, _) | (_, Status::UsageOrIo) => Status::UsageOrIo,
        _ => Status::GuideErrors,
    };
    report.sort();
    eprint!(
        "{}",
        render_all(&report.diagnostics, &report.sources, console::use_color())
    );
    status
}

fn compare(options: &ChangesOptions, report: &mut Report) -> Status {
    if let Some(note) = &options.record {
        if note.trim().is_empty() {
            // (A note of invisible characters alone is refused by the check of the history.)
            report.io_error(
                "`--record` needs a note saying what changed",
                None,
                "write, e.g., --record \"消費者ホットラインの受付時間が変わりました\"",
            );
            return Status::UsageOrIo;
        }
    }
    let Some((since, old)) = read_published(&options.since, report) else {
        return Status::UsageOrIo;
    };
    report.sources.show_under(&options.root);
    let Some(site) = crate::load::load_site(&options.root, report) else {
        return Status::GuideErrors;
    };
    if report.error_count() > 0 {
        return Status::GuideErrors;
    }
    let new = serde_json::to_value(PublishedData::of(&site)).unwrap_or_default();
    let changes = diff(&old, &new);
    print!("{}", listing(&site, report, &changes));
    // `--root .` (the default) makes `./output/data.json`: shown as `output/data.json`.
    let shown_since = console::shown(since.strip_prefix(".").unwrap_or(&since));
    console::say(summary(&changes, &shown_since));
    let unrecorded = unrecorded(&site, &old, &changes);
    if let Some(note) = &options.record {
        return record(options, report, note, &unrecorded, &shown_since);
    }
    if options.check {
        for change in &unrecorded {
            report.push(unrecorded_diagnostic(&site, change, &shown_since));
        }
        if unrecorded.is_empty() {
            console::say(format!(
                "ok: every change since {shown_since} is recorded in {HISTORY_FILE}"
            ));
        }
    }
    Status::Ok
}

/// The published data at `path` (a `data.json`, or a site folder holding one), as JSON.
fn read_published(path: &Path, report: &mut Report) -> Option<(PathBuf, Value)> {
    let file = if path.is_dir() {
        path.join(DATA_FILE)
    } else {
        path.to_path_buf()
    };
    let text = match crate::output::data::read_published(&file) {
        Ok(text) => text,
        Err(e) => {
            report.io_error(
                format!(
                    "cannot read the published data `{}`: {e}",
                    console::shown(&file)
                ),
                None,
                "build the guide first (`madoguchi build` writes output/data.json), or name a published data.json or site folder with --since PATH",
            );
            return None;
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => {
            let offset = offset_of(&text, e.line(), e.column());
            report.sources.insert(file.clone(), text);
            report.io_failed = true;
            report.push(
                Diagnostic::error("the published data is not valid JSON")
                    .at(&file, offset..offset + 1)
                    .label(strip_position(&e.to_string()))
                    .help("name a data.json that madoguchi build wrote"),
            );
            return None;
        }
    };
    let format = value.get("format").and_then(Value::as_u64);
    if format != Some(u64::from(DATA_FORMAT)) || !value.get("windows").is_some_and(Value::is_array)
    {
        report.io_error(
            format!(
                "`{}` is not a data.json this madoguchi can read (format {})",
                console::shown(&file),
                format.map_or("missing".into(), |f| f.to_string())
            ),
            None,
            &format!("it reads format {DATA_FORMAT}: build the published guide with this version, or compare with --since another file"),
        );
        return None;
    }
    Some((file, value))
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (start + column.saturating_sub(1)).min(text.len());
    (0..=offset)
        .rev()
        .find(|&o| text.is_char_boundary(o))
        .unwrap_or(0)
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Where an id stands in `guide.yaml` (`content/guide.yaml:12:9`), for one that is there.
fn location(site: &Site, report: &Report, change: &ItemChange) -> Option<String> {
    let id = match change.kind {
        ItemKind::Window => &site.channel(&change.id)?.id,
        ItemKind::Situation => &site.situation(&change.id)?.id,
    };
    let text = report.sources.get(&site.guide_file)?;
    let (line, col) = line_col(text, span_of(id, 0).start);
    let file = report.sources.shown_path(&site.guide_file);
    Some(format!("{}:{line}:{col}", console::shown(&file)))
}

/// The changes as the terminal shows them, in the style of the diagnostics: a head line per
/// id, where it stands in `guide.yaml`, then each field, old → new.
pub fn listing(site: &Site, report: &Report, changes: &[ItemChange]) -> String {
    let mut out = String::new();
    for change in changes {
        let head = match (&change.what, change.needs_record()) {
            (What::Added, _) => "added",
            (What::Removed, _) => "removed",
            (What::Changed(_), true) => "changed",
            (What::Changed(_), false) => "re-checked",
        };
        out.push_str(&format!(
            "{head}: {} `{}`\n",
            change.kind.word(),
            printable(&change.id).replace('\n', "\\n")
        ));
        if let Some(at) = location(site, report, change) {
            out.push_str(&format!("  --> {at}\n"));
        }
        if let What::Changed(fields) = &change.what {
            for field in fields {
                let none = || "(none)".to_owned();
                out.push_str(&format!(
                    "   = {}: {} → {}\n",
                    field.field,
                    printable(&field.old.clone().unwrap_or_else(none)),
                    printable(&field.new.clone().unwrap_or_else(none)),
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// `2 windows and 1 situation changed since output/data.json`; windows whose only change is
/// their source's `checked` date are counted apart, as `re-checked` (the monthly round is not
/// a change of contact data): `1 window changed, 3 windows re-checked since …`.
fn summary(changes: &[ItemChange], since: &str) -> String {
    if changes.is_empty() {
        return format!("no changes since {since}");
    }
    let counted = |changed: bool| {
        let count = |kind| {
            (changes.iter())
                .filter(|c| c.kind == kind && c.needs_record() == changed)
                .count()
        };
        let (windows, situations) = (count(ItemKind::Window), count(ItemKind::Situation));
        let mut parts = Vec::new();
        if windows > 0 {
            parts.push(console::count(windows, "window"));
        }
        if situations > 0 {
            parts.push(console::count(situations, "situation"));
        }
        parts.join(" and ")
    };
    let said = [(counted(true), "changed"), (counted(false), "re-checked")]
        .into_iter()
        .filter(|(parts, _)| !parts.is_empty())
        .map(|(parts, what)| format!("{parts} {what}"))
        .collect::<Vec<_>>();
    format!("{} since {since}", said.join(", "))
}

/// The changes the history must record and no entry added since the publication does: an
/// entry records a change of a window in `windows`, of a situation in `situations`, and a
/// removal in `removed`.
fn unrecorded<'c>(site: &Site, old: &Value, changes: &'c [ItemChange]) -> Vec<&'c ItemChange> {
    let published: Vec<PublishedChange> = old
        .get("changes")
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default();
    let added: Vec<PublishedChange> = (site.history.entries.iter())
        .map(PublishedChange::of)
        .filter(|entry| !published.contains(entry))
        .collect();
    let recorded = |change: &ItemChange| {
        added.iter().any(|entry| {
            let list = match (&change.what, change.kind) {
                (What::Removed, _) => &entry.removed,
                (_, ItemKind::Window) => &entry.windows,
                (_, ItemKind::Situation) => &entry.situations,
            };
            list.contains(&change.id)
        })
    };
    changes
        .iter()
        .filter(|c| c.needs_record() && !recorded(c))
        .collect()
}

fn unrecorded_diagnostic(site: &Site, change: &ItemChange, since: &str) -> Diagnostic {
    let (word, id) = (change.kind.word(), &change.id);
    let done = match change.what {
        What::Added => "was added",
        What::Removed => "was removed",
        What::Changed(_) => "changed",
    };
    let list = match (&change.what, change.kind) {
        (What::Removed, _) => "removed",
        (_, ItemKind::Window) => "windows",
        (_, ItemKind::Situation) => "situations",
    };
    let message =
        format!("{word} `{id}` {done} since {since}, and no entry in {HISTORY_FILE} records it");
    let help = format!("run `madoguchi changes --record \"what changed\"`, or add `{id}` to the `{list}` of a new entry in {HISTORY_FILE}");
    let id_text = match change.kind {
        ItemKind::Window => site.channel(id).map(|c| &c.id),
        ItemKind::Situation => site.situation(id).map(|s| &s.id),
    };
    let d = Diagnostic::error(message).help(help);
    match id_text {
        Some(text) => d
            .at(&site.guide_file, span_of(text, 0))
            .label("not in the history"),
        None => d,
    }
}

/// `--record`: appends an entry for the unrecorded changes, dated today.
fn record(
    options: &ChangesOptions,
    report: &mut Report,
    note: &str,
    unrecorded: &[&ItemChange],
    since: &str,
) -> Status {
    if unrecorded.is_empty() {
        console::say(format!(
            "nothing recorded: no change since {since} is missing from {HISTORY_FILE}"
        ));
        return Status::Ok;
    }
    let entry = record::entry_yaml(Date::today(), note.trim(), unrecorded);
    match record::append(&options.root, &entry) {
        Ok(()) => {
            console::say(format!(
                "recorded in {}:\n{}",
                console::shown(&options.root.join(HISTORY_FILE)),
                printable(entry.trim_end())
            ));
            Status::Ok
        }
        Err(failure) => {
            report.failed(failure, "the history was not changed");
            Status::UsageOrIo
        }
    }
}
