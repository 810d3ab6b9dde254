//! Serve-only additions to HTML responses: the live-reload script and the error overlay.
//! They are added while serving a file, so `build` output never contains them.

use crate::diagnostic::{line_col, render_all, Diagnostic};
use crate::load::labels::Labels;
use crate::report::Report;

/// Path of the server-sent-events stream the script listens to.
pub const EVENTS_PATH: &str = "/__madoguchi/events";

/// The script and the overlay's styles are served as files, so the site's Content-Security-Policy
/// (no inline script or style) holds in serve mode too, widened only to load them from here.
pub const SCRIPT_PATH: &str = "/__madoguchi/live.js";
pub const OVERLAY_CSS_PATH: &str = "/__madoguchi/overlay.css";
pub const SCRIPT: &str = include_str!("assets/live.js");
pub const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// What serve adds to the served 404 page: its links lead from the site root, which is `/`
/// here whatever path was missing.
pub const ROOT_BASE: &str = "<base href=\"/\">";

/// What the page's policy must allow while serving: the reload script and its event stream,
/// and on the 404 page, the `<base>` serve adds. Each is added to the page's own directive of
/// that name (or replaces it, for `base-uri`), so no directive is written twice: a browser
/// ignores the second, and a reader of the policy would not know which holds.
const SERVE_SOURCES: [(&str, &str); 2] = [("script-src", "'self'"), ("connect-src", "'self'")];

/// `html` with the script (and the overlay, if the last rebuild failed) before `</body>`.
pub fn inject(html: &str, generation: u64, overlay: Option<&str>) -> String {
    let html = widen_csp(html);
    let mut addition =
        format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>\n");
    if let Some(overlay) = overlay {
        addition.insert_str(0, overlay);
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + addition.len());
    out.push_str(&html[..at]);
    out.push_str(&addition);
    out.push_str(&html[at..]);
    out
}

fn widen_csp(html: &str) -> String {
    const CSP: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    let Some(start) = html.find(CSP).map(|i| i + CSP.len()) else {
        return html.to_owned();
    };
    let Some(end) = html[start..].find('"').map(|i| start + i) else {
        return html.to_owned();
    };
    let with_base = html.contains(ROOT_BASE);
    let policy = widened(&html[start..end], with_base);
    format!("{}{policy}{}", &html[..start], &html[end..])
}

/// `policy` with serve's sources added, each directive once, in the page's order (serve's
/// new ones first).
fn widened(policy: &str, with_base: bool) -> String {
    let mut directives: Vec<(String, Vec<String>)> = Vec::new();
    for directive in policy.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_ascii_whitespace();
        let name = words.next().unwrap_or_default().to_ascii_lowercase();
        // As browsers do: a directive repeated in the page's own policy is ignored.
        if !directives.iter().any(|(n, _)| *n == name) {
            directives.push((name, words.map(str::to_owned).collect()));
        }
    }
    let mut wanted: Vec<(&str, &str)> = SERVE_SOURCES.to_vec();
    if with_base {
        wanted.push(("base-uri", "'self'"));
    }
    for (name, source) in wanted.into_iter().rev() {
        match directives.iter_mut().find(|(n, _)| n == name) {
            Some((_, sources)) if name == "base-uri" || sources.iter().any(|s| s == "'none'") => {
                *sources = vec![source.to_owned()];
            }
            Some((_, sources)) if !sources.iter().any(|s| s == source) => {
                sources.push(source.to_owned())
            }
            Some(_) => {}
            None => directives.insert(0, (name.to_owned(), vec![source.to_owned()])),
        }
    }
    let written: Vec<String> = (directives.iter())
        .map(|(name, sources)| {
            std::iter::once(name.as_str())
                .chain(sources.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    written.join("; ")
}

/// The overlay for a failed rebuild, in the guide's language (`labels`): one line per problem
/// (file:line:col message), then the full diagnostics as the terminal shows them.
pub fn overlay_html(report: &Report, labels: &Labels) -> String {
    overlay_html_titled(report, labels, ("serve_failed", "serve_fix_hint"))
}

/// The overlay with the labels of its heading and hint (`(title, hint)`).
pub fn overlay_html_titled(
    report: &Report,
    labels: &Labels,
    (title, hint): (&str, &str),
) -> String {
    let label = |key| escaped(labels.get(key).unwrap_or_default());
    let mut items = String::new();
    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
        items.push_str(&format!(
            "<li><code>{}</code> {}</li>",
            escaped(&location(d, report)),
            escaped(&d.message)
        ));
    }
    let details = escaped(&render_all(&report.diagnostics, &report.sources, false));
    include_str!("assets/overlay.html")
        .replace("__TITLE__", &label(title))
        .replace("__HINT__", &label(hint))
        .replace("__ITEMS__", &items)
        .replace("__DETAILS__", &details)
}

/// The same HTML escaping the templates use.
pub(super) fn escaped(text: &str) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// `file:line:col`, `file`, or nothing, as far as the diagnostic knows.
fn location(d: &Diagnostic, report: &Report) -> String {
    let Some(file) = &d.file else {
        return String::new();
    };
    let (Some(span), Some(text)) = (&d.span, report.sources.get(file)) else {
        return file.display().to_string();
    };
    let (line, col) = line_col(text, span.start);
    format!("{}:{line}:{col}", file.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = inject("<body><p>x</p></body></html>", 7, Some("<div>oops</div>"));
        assert!(html.starts_with("<body><p>x</p><div>oops</div><script src="));
        assert!(html.contains("data-generation=\"7\""));
        assert!(html.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn the_policy_is_widened_only_for_the_served_script() {
        let page = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body></body>";
        let html = inject(page, 1, None);
        assert!(
            html.contains("content=\"script-src 'self'; connect-src 'self'; default-src 'none'\""),
            "{html}"
        );
    }

    #[test]
    fn each_directive_is_written_once() {
        const SITE: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";
        assert_eq!(
            widened(SITE, false),
            "script-src 'self'; connect-src 'self'; default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
        );
        // The 404 page's `<base href="/">` needs `base-uri 'self'`, in place of `'none'`.
        assert_eq!(
            widened(SITE, true),
            "script-src 'self'; connect-src 'self'; default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'self'; form-action 'none'"
        );
        // A theme's own script sources are kept, with serve's added; `'none'` gives way.
        assert_eq!(
            widened("script-src https://cdn.example; connect-src 'none'", false),
            "script-src https://cdn.example 'self'; connect-src 'self'"
        );
    }

    #[test]
    fn overlay_names_file_line_and_message_escaped() {
        let mut report = Report::default();
        report
            .sources
            .insert("content/guide.yaml", "title: x\nsorce: <y>\n".to_owned());
        report.push(Diagnostic::error("unknown field `sorce` <b>").at("content/guide.yaml", 9..14));
        let labels = crate::load::labels::LabelSets::new(Vec::new()).reference_labels();
        let html = overlay_html(&report, &labels);
        assert!(
            html.contains("<code>content/guide.yaml:2:1</code> unknown field `sorce` &lt;b&gt;")
        );
        assert!(html.contains("sorce: &lt;y&gt;"));
        assert!(html.contains("<p class=\"title\">The last edit does not build"));
    }

    #[test]
    fn overlay_speaks_the_labels_it_is_given() {
        let sets = crate::load::labels::LabelSets::new(Vec::new());
        let guide: crate::model::Guide = serde_saphyr::from_str(
            "title: t\nlang: ja\nofficial_domains: []\nchannels: []\nsituations: []\nlabels: { serve_fix_hint: \"<直して>\" }\n",
        )
        .unwrap();
        let html = overlay_html(&Report::default(), &sets.for_guide(&guide));
        assert!(
            html.contains("<p class=\"title\">最後の編集ではビルドできません"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"hint\">&lt;直して&gt;</p>"),
            "{html}"
        );
    }
}
