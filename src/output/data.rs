//! Data: `data.json`, the published data in one machine-readable file (the guide's title, every
//! window and situation with all its fields, its page address and its `checked` date, and the
//! history), written by every build and read back by `madoguchi changes` and the next build.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::links::Page;
use crate::model::history::ChangeEntry;
use crate::model::{Channel, Site, Situation, Text};

/// Where a build writes it, relative to the output folder.
pub const DATA_FILE: &str = "data.json";

/// The shape's version: raised when a field changes meaning, so a reader can refuse a file it
/// does not understand.
pub const DATA_FORMAT: u32 = 1;

/// `data.json`: what a build published. Deterministic (no build time): two builds of the same
/// guide write the same bytes.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "madoguchi data.json")]
pub struct PublishedData {
    /// The version of this shape (`1`).
    pub format: u32,
    /// The guide's title.
    pub title: String,
    /// The guide's language (`ja`).
    pub lang: String,
    /// The public address the site is published at, when the guide sets `base_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Every window (channel), in the order of `guide.yaml`.
    pub windows: Vec<PublishedWindow>,
    /// Every situation, in the order of `guide.yaml`.
    pub situations: Vec<PublishedSituation>,
    /// The entries of `content/changes.yaml`, in the order written.
    pub changes: Vec<PublishedChange>,
}

/// A window as published.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedWindow {
    /// Its id in `guide.yaml` (`kokusen-lunch`).
    pub id: String,
    /// Its name as readers see it.
    pub name: String,
    /// `phone`, `chat`, `form`, `message`, `email` or `web`.
    pub kind: String,
    /// Its group's id (`other` when the guide names none).
    pub group: String,
    /// Who answers.
    pub owner: String,
    /// How to reach it safely.
    pub how: String,
    /// Opening hours, if the guide gives them.
    pub hours: Option<String>,
    /// Its phone number as the guide writes it (only where its official source shows it).
    pub phone: Option<String>,
    /// Its e-mail address (on an official domain, only where its official source shows it).
    pub email: Option<String>,
    /// Its official entry point.
    pub url: Option<String>,
    /// Where the reader finds the way in on something they hold.
    pub on_hand: Option<String>,
    /// The official page it cites.
    pub source: PublishedSource,
    /// Where its details are, relative to the site's root (`situations/delivery.html#window-ID`).
    pub page: String,
    /// The day its source was checked (`source.checked`).
    pub checked: String,
}

/// The official page a window cites.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedSource {
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The day it was checked, `YYYY-MM-DD`.
    pub checked: String,
}

/// A situation as published.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedSituation {
    /// Its id in `guide.yaml`.
    pub id: String,
    /// The situation in the reader's words.
    pub title: String,
    /// What it covers.
    pub summary: String,
    /// What to do first when money or personal data is involved.
    pub urgent: Option<String>,
    /// Ids of its first windows.
    pub first: Vec<String>,
    /// Ids of its secondary windows.
    pub also: Vec<String>,
    /// What to do, in order.
    pub steps: Vec<String>,
    /// The common mistake to avoid.
    pub avoid: Option<String>,
    /// The article its page shows (a path under `content/articles/`, without `.md`).
    pub article: Option<String>,
    /// Its page, relative to the site's root (`situations/ID.html`).
    pub page: String,
    /// The oldest `checked` date of its windows' sources.
    pub checked: String,
}

/// An entry of the history, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedChange {
    /// The day of the change, `YYYY-MM-DD`.
    pub date: String,
    /// What changed, for readers.
    pub note: String,
    /// Ids of the windows it concerns.
    pub windows: Vec<String>,
    /// Ids of the situations it concerns.
    pub situations: Vec<String>,
    /// Ids it removed from the guide.
    pub removed: Vec<String>,
}

impl PublishedData {
    /// What a build of `site` publishes.
    pub fn of(site: &Site) -> Self {
        let guide = &site.guide;
        PublishedData {
            format: DATA_FORMAT,
            title: guide.title.value.clone(),
            lang: guide.lang.value.clone(),
            base_url: crate::output::publish::base_url(guide).map(String::from),
            windows: guide.channels.iter().map(|c| window(site, c)).collect(),
            situations: guide
                .situations
                .iter()
                .map(|s| situation(site, s))
                .collect(),
            changes: site
                .history
                .entries
                .iter()
                .map(PublishedChange::of)
                .collect(),
        }
    }

    /// Pretty JSON with a final newline: the bytes of `data.json`.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl PublishedChange {
    pub fn of(entry: &ChangeEntry) -> Self {
        let ids = |list: &[Text]| list.iter().map(|t| t.value.clone()).collect();
        PublishedChange {
            date: entry.date.value.clone(),
            note: entry.note.value.clone(),
            windows: ids(&entry.windows),
            situations: ids(&entry.situations),
            removed: ids(&entry.removed),
        }
    }
}

fn text(value: &Option<Text>) -> Option<String> {
    value.as_ref().map(|t| t.value.clone())
}

/// Where a window's details are: the page of the situation that shows them, else the home page.
pub fn window_page(site: &Site, id: &str) -> String {
    match site.details_of(id) {
        Some(s) => format!("{}#window-{id}", Page::Situation(&s.id.value).output_path()),
        None => format!("{}#window-{id}", Page::Home.output_path()),
    }
}

fn window(site: &Site, c: &Channel) -> PublishedWindow {
    PublishedWindow {
        id: c.id.value.clone(),
        name: c.name.value.clone(),
        kind: c.kind.value.as_str().to_owned(),
        group: site.guide.group_of(c).to_owned(),
        owner: c.owner.value.clone(),
        how: c.how.value.clone(),
        hours: text(&c.hours),
        phone: text(&c.phone),
        email: text(&c.email),
        url: text(&c.url),
        on_hand: text(&c.on_hand),
        source: PublishedSource {
            url: c.source.url.value.clone(),
            title: c.source.title.value.clone(),
            checked: c.source.checked.value.clone(),
        },
        page: window_page(site, &c.id.value),
        checked: c.source.checked.value.clone(),
    }
}

fn situation(site: &Site, s: &Situation) -> PublishedSituation {
    let ids = |list: &[Text]| list.iter().map(|t| t.value.clone()).collect::<Vec<_>>();
    let checked = (s.first.iter().chain(&s.also))
        .filter_map(|id| site.channel(&id.value))
        .map(|c| c.source.checked.value.clone())
        .min()
        .unwrap_or_default();
    PublishedSituation {
        id: s.id.value.clone(),
        title: s.title.value.clone(),
        summary: s.summary.value.clone(),
        urgent: text(&s.urgent),
        first: ids(&s.first),
        also: ids(&s.also),
        steps: ids(&s.steps),
        avoid: text(&s.avoid),
        article: text(&s.article),
        page: Page::Situation(&s.id.value).output_path(),
        checked,
    }
}

/// The largest `data.json` madoguchi reads back: four times the limit of a guide file, as
/// the published data repeats the guide's text with page addresses.
pub const MAX_DATA_BYTES: u64 = 4 * crate::load::MAX_FILE_BYTES;

/// The text of a published `data.json`: a regular file (not a pipe or a device, which could
/// block or never end) of at most `MAX_DATA_BYTES`, read with that bound.
pub fn read_published(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_DATA_BYTES {
        return Err(format!(
            "larger than {} MiB",
            MAX_DATA_BYTES / (1024 * 1024)
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut text = String::new();
    file.take(MAX_DATA_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(text)
}

/// The `(id, phone)` of every window with a number in the published data at `path` (nothing,
/// when there is no readable `data.json` there: `madoguchi changes` is where that is reported).
pub fn published_phones(path: &std::path::Path) -> Vec<(String, String)> {
    published_field(path, "phone")
}

/// The published windows' `(id, hours)`, read like `published_phones`.
pub fn published_hours(path: &std::path::Path) -> Vec<(String, String)> {
    published_field(path, "hours")
}

/// Each published window's `(id, FIELD)`, for the windows that have it.
fn published_field(path: &std::path::Path, field: &str) -> Vec<(String, String)> {
    let Ok(text) = read_published(path) else {
        return Vec::new();
    };
    let Ok(data) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let windows = data.get("windows").and_then(serde_json::Value::as_array);
    (windows.into_iter().flatten())
        .filter_map(|w| {
            let id = w.get("id")?.as_str()?;
            let value = w.get(field)?.as_str()?;
            Some((id.to_owned(), value.to_owned()))
        })
        .collect()
}

/// `data.json` for the staging folder.
pub fn data_file(site: &Site) -> crate::output::OutputFile {
    crate::output::OutputFile {
        path: DATA_FILE.into(),
        bytes: PublishedData::of(site).to_json().into_bytes(),
    }
}
