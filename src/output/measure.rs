//! How tall the cheat sheet is, measured in Chromium's own print layout: the content's height
//! against the height one A4 page holds, in millimetres. `pdf` prints the measuring copy.

use std::fs;
use std::path::Path;

/// How tall the cheat sheet's content is against the height one page holds, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetHeight {
    pub content_mm: f64,
    pub page_mm: f64,
}

impl SheetHeight {
    /// What `check --print` says of a sheet that fits.
    pub fn room_note(&self) -> String {
        format!(
            "the cheat sheet fits on one A4 page, with {:.0} mm to spare (its content is {:.0} mm of the {:.0} mm a page holds)",
            (self.page_mm - self.content_mm).max(0.0),
            self.content_mm,
            self.page_mm
        )
    }
}

/// Added to a copy of the cheat sheet to measure it in Chromium's own print layout.
///
/// When the print starts, the `print` media query turns on and Blink lays the page out for
/// paper; the listener then reads the body's height and the page area's height (`100vh` on
/// paper is the page box minus its margins) and leaves them in the document title, which
/// Chromium writes uncompressed into the PDF's `/Title`. The body is made an inline-block so
/// that it is laid out in one piece: its height is the content's, without the gaps that
/// page breaks add, so "overflows by N mm" is what has to be cut.
const MEASURE: &str = r#"<style>body{display:inline-block!important;width:-webkit-fill-available;vertical-align:top}</style>
<script>
matchMedia("print").addEventListener("change", function (e) {
  if (!e.matches) return;
  var probe = document.createElement("div");
  probe.style.cssText = "position:absolute;top:0;left:0;width:1px;height:100mm";
  document.documentElement.appendChild(probe);
  var mm = probe.getBoundingClientRect().height / 100;
  probe.style.height = "100vh";
  var page = probe.getBoundingClientRect().height / mm;
  probe.remove();
  var body = getComputedStyle(document.body);
  var content = (document.body.getBoundingClientRect().height
    + parseFloat(body.marginTop) + parseFloat(body.marginBottom)) / mm;
  document.title = "madoguchi-measure content=" + content.toFixed(1) + " page=" + page.toFixed(1);
});
</script>
"#;

/// Prints a measuring copy of the cheat sheet (see [`MEASURE`]). The copy is written into
/// `work`, never beside the sheet (the output folder may be live, in `serve`), with a `<base>`
/// that resolves its relative links (the stylesheet) to the sheet's folder. `None` if the
/// browser left no measurement.
pub(super) fn measure_sheet(
    chromium: &Path,
    work: &Path,
    cheatsheet: &Path,
) -> Option<SheetHeight> {
    let html = without_csp(&fs::read_to_string(cheatsheet).ok()?);
    let folder = url::Url::from_directory_path(cheatsheet.parent()?).ok()?;
    let base = format!("<base href=\"{folder}\">");
    let measuring = match html.find("</head>") {
        Some(at) => format!("{}{MEASURE}{}", &html[..at], &html[at..]),
        None => format!("{MEASURE}{html}"),
    };
    // The base goes first in the head, before any link it resolves.
    let measuring = match measuring.find("<head>") {
        Some(at) => format!("{}{base}{}", &measuring[..at + 6], &measuring[at + 6..]),
        None => format!("{base}{measuring}"),
    };
    fs::create_dir_all(work).ok()?;
    let copy = work.join("measure.html");
    fs::write(&copy, measuring).ok()?;
    let pdf = super::pdf::print_to_pdf(chromium, &copy, &work.join("print")).ok()?;
    parse_measure(&pdf_title(&pdf)?)
}

/// The measuring copy is never published, and its script must run: drop the page's
/// Content-Security-Policy (which forbids inline script) from that copy only.
fn without_csp(html: &str) -> String {
    let Some(start) = html.find("<meta http-equiv=\"Content-Security-Policy\"") else {
        return html.to_owned();
    };
    match html[start..].find('>') {
        Some(len) => format!("{}{}", &html[..start], &html[start + len + 1..]),
        None => html.to_owned(),
    }
}

/// The `/Title` literal string of a PDF, for the ASCII titles the measuring copy writes.
fn pdf_title(pdf: &[u8]) -> Option<String> {
    let at = super::pdf::find(pdf, b"/Title (")? + b"/Title (".len();
    let len = pdf[at..].iter().position(|&b| b == b')')?;
    String::from_utf8(pdf[at..at + len].to_vec()).ok()
}

fn parse_measure(title: &str) -> Option<SheetHeight> {
    let rest = title.strip_prefix("madoguchi-measure ")?;
    let mut content_mm = None;
    let mut page_mm = None;
    for field in rest.split_whitespace() {
        match field.split_once('=') {
            Some(("content", v)) => content_mm = v.parse().ok(),
            Some(("page", v)) => page_mm = v.parse().ok(),
            _ => {}
        }
    }
    let (content_mm, page_mm) = (content_mm?, page_mm?);
    (page_mm > 0.0).then_some(SheetHeight {
        content_mm,
        page_mm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_measurement_from_the_title() {
        let pdf = b"<</Title (madoguchi-measure content=331.5 page=273.0)\n/Creator (Chromium)>>";
        let title = pdf_title(pdf).unwrap();
        assert_eq!(
            parse_measure(&title),
            Some(SheetHeight {
                content_mm: 331.5,
                page_mm: 273.0
            })
        );
        assert_eq!(parse_measure("印刷用まとめ"), None);
    }
}
