//! `check --online --report FILE`: what the round found for each page, as JSON (`.json`) for
//! tools or Markdown (`.md`) for the editor: its status, where its redirects ended, and whether
//! the expected phone number and the source's title show on it.

use serde::Serialize;

/// How a page fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fetched (or checked within `--max-age` days, `cached`), and it answered.
    Ok,
    /// The site refused the check (HTTP 403 or 429): to be checked by hand.
    Unverified,
    /// An HTTP error, a redirect off the official domains, or too many redirects.
    Broken,
    /// No answer: DNS, connection, TLS or a timeout.
    Unreachable,
}

/// One page of the round: a window's source page, or its entry page (`url`).
#[derive(Debug, Clone, Serialize)]
pub struct PageCheck {
    pub window: String,
    /// `source` or `entry`.
    pub page: &'static str,
    pub url: String,
    pub status: Status,
    /// The HTTP status the page (or the refusal) answered with, when there was an answer.
    pub http: Option<u16>,
    /// Where the redirects ended, when the page answered.
    pub final_url: Option<String>,
    /// The window's number, and whether the page shows it (source pages of windows with a
    /// `phone`; `None` when the page was not read).
    pub phone: Option<String>,
    pub phone_found: Option<bool>,
    /// The source's `title`, and whether the page shows it (source pages).
    pub title: Option<String>,
    pub title_found: Option<bool>,
    /// The day of the check this result comes from, when it was taken from `--cache`.
    pub cached: Option<String>,
    /// What went wrong, in words, when it did.
    pub problem: Option<String>,
}

/// The report for a file named `.json` or `.md`; `None` for any other name.
pub fn report_bytes(name: &std::path::Path, day: &str, pages: &[PageCheck]) -> Option<String> {
    match name.extension().and_then(|e| e.to_str()) {
        Some("json") => Some(json(day, pages)),
        Some("md") => Some(markdown(day, pages)),
        _ => None,
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// The day of the round.
    checked: &'a str,
    pages: &'a [PageCheck],
}

fn json(day: &str, pages: &[PageCheck]) -> String {
    let report = JsonReport {
        checked: day,
        pages,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

fn markdown(day: &str, pages: &[PageCheck]) -> String {
    let count = |status| pages.iter().filter(|p| p.status == status).count();
    let mut md = format!(
        "# Online check, {day}\n\n{} pages: {} ok, {} unverified (check by hand), {} broken, {} unreachable.\n\n",
        pages.len(),
        count(Status::Ok),
        count(Status::Unverified),
        count(Status::Broken),
        count(Status::Unreachable),
    );
    md.push_str("| window | page | status | final URL | phone shown | title shown | note |\n");
    md.push_str("|---|---|---|---|---|---|---|\n");
    for p in pages {
        let status = match (p.status, p.http) {
            (status, Some(code)) => format!("{} (HTTP {code})", status_word(status)),
            (status, None) => status_word(status).to_owned(),
        };
        let note = match (&p.cached, &p.problem) {
            (_, Some(problem)) => problem.clone(),
            (Some(day), None) => format!("from the cache (checked {day})"),
            (None, None) => String::new(),
        };
        let row = [
            format!("`{}`", p.window),
            format!("{} {}", p.page, p.url),
            status,
            p.final_url.clone().unwrap_or_default(),
            shown(&p.phone, p.phone_found),
            shown(&p.title, p.title_found),
            note,
        ];
        let cells: Vec<String> = row.iter().map(|cell| cell_text(cell)).collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::Unverified => "unverified",
        Status::Broken => "broken",
        Status::Unreachable => "unreachable",
    }
}

/// `yes: 0120-…`, `NO: 0120-…`, or empty when nothing was expected or the page was not read.
fn shown(expected: &Option<String>, found: Option<bool>) -> String {
    match (expected, found) {
        (Some(what), Some(true)) => format!("yes: {what}"),
        (Some(what), Some(false)) => format!("**NO**: {what}"),
        _ => String::new(),
    }
}

/// A table cell: a title or URL from the guide or a server may hold `|`, markup or a newline.
fn cell_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_the_table_or_inject_markup() {
        let page = PageCheck {
            window: "w".into(),
            page: "source",
            url: "https://www.example.jp/?a|b".into(),
            status: Status::Ok,
            http: Some(200),
            final_url: Some("https://www.example.jp/".into()),
            phone: None,
            phone_found: None,
            title: Some("A | <b>B</b>\nC".into()),
            title_found: Some(false),
            cached: None,
            problem: None,
        };
        let md = markdown("2026-12-03", &[page]);
        let row = md.lines().last().unwrap();
        assert_eq!(row.matches(" | ").count(), 6, "{row}");
        assert!(
            row.contains("**NO**: A \\| &lt;b&gt;B&lt;/b&gt; C"),
            "{row}"
        );
        assert!(row.contains("ok (HTTP 200)"), "{row}");
    }
}
