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

/// Directives put first in the page's policy while serving (the first occurrence of a directive
/// wins): the reload script and its event stream, and the 404 page's `<base href="/">`.
const SERVE_CSP: &str = "script-src 'self'; connect-src 'self'; base-uri 'self'; ";

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
    match html.find(CSP) {
        Some(i) => {
            let at = i + CSP.len();
            format!("{}{SERVE_CSP}{}", &html[..at], &html[at..])
        }
        None => html.to_owned(),
    }
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
fn escaped(text: &str) -> String {
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
        assert!(html.contains("content=\"script-src 'self'; connect-src 'self'; base-uri 'self'; default-src 'none'\""), "{html}");
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
