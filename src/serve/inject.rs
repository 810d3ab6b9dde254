//! Serve-only additions to HTML responses: the live-reload script and the error overlay.
//! They are added while serving a file, so `build` output never contains them.

use crate::diagnostic::{line_col, render_all, Diagnostic};
use crate::report::Report;

/// Path of the server-sent-events stream the script listens to.
pub const EVENTS_PATH: &str = "/__madoguchi/events";

/// `html` with the script (and the overlay, if the last rebuild failed) before `</body>`.
pub fn inject(html: &str, generation: u64, overlay: Option<&str>) -> String {
    let script = include_str!("assets/live.js").replace("__GENERATION__", &generation.to_string());
    let mut addition = format!("<script>{script}</script>\n");
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

/// The overlay for a failed rebuild: one line per problem (file:line:col message), then the
/// full diagnostics as the terminal shows them.
pub fn overlay_html(report: &Report) -> String {
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
        assert!(html.starts_with("<body><p>x</p><div>oops</div><script>"));
        assert!(html.contains("var built = \"7\""));
        assert!(html.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn overlay_names_file_line_and_message_escaped() {
        let mut report = Report::default();
        report
            .sources
            .insert("content/guide.yaml", "title: x\nsorce: <y>\n");
        report.push(Diagnostic::error("unknown field `sorce` <b>").at("content/guide.yaml", 9..14));
        let html = overlay_html(&report);
        assert!(
            html.contains("<code>content/guide.yaml:2:1</code> unknown field `sorce` &lt;b&gt;")
        );
        assert!(html.contains("sorce: &lt;y&gt;"));
    }
}
