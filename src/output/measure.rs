//! How tall the cheat sheet is, measured in Chromium's own print layout: the content's height
//! against the height one A4 page holds, in millimetres. `pdf` prints the measuring copy.

use std::fs;
use std::path::Path;

use crate::diagnostic::Diagnostic;

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

/// How wide the cheat sheet's content is against the width one page holds, in millimetres,
/// and what reaches furthest right. Chromium prints content wider than the page by shrinking
/// the whole page until it fits, so a sheet can print to one page in tiny type.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetWidth {
    pub content_mm: f64,
    pub page_mm: f64,
    pub widest: Widest,
    /// Where the leftmost text or element starts, from the page area's left edge: below 0,
    /// the sheet prints cut off at the left (a negative margin or indent in the theme's CSS).
    pub left_mm: f64,
}

/// What reaches furthest right on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Widest {
    /// A run of text (a long word or URL that cannot wrap): its text, trimmed.
    Text(String),
    /// An element wider than the page (a width in the theme's CSS, an image): its tag and class.
    Element(String),
}

impl SheetWidth {
    /// By how much the content is wider than the page, when it is (half a millimetre is
    /// rounding, not a shrunk page).
    pub fn too_wide_by(&self) -> Option<f64> {
        let over = self.content_mm - self.page_mm;
        (over > 0.5).then_some(over)
    }
}

/// Both measurements of the sheet, read from one print of the measuring copy.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetMeasure {
    pub height: SheetHeight,
    pub width: SheetWidth,
}

/// The error for a sheet that starts left of the page's edge, which prints cut off there
/// (`0999` for `03-3446-0999`); `None` for one that does not.
pub fn cut_off_error(width: &SheetWidth) -> Option<Diagnostic> {
    (width.left_mm < -0.5).then(|| {
        Diagnostic::error(format!(
            "the cheat sheet starts {:.0} mm left of the page's edge: its first {:.0} mm print cut off",
            -width.left_mm, -width.left_mm
        ))
        .help("a negative margin, indent or position in the theme's `cheatsheet.css` moves text off the page: a number would print without its first digits")
    })
}

/// The error for a sheet wider than the page, at the text that does not wrap when it is found
/// in the guide's source; `None` for a sheet that is not too wide.
pub fn too_wide_error(
    width: &SheetWidth,
    guide_file: &Path,
    guide_text: Option<&str>,
) -> Option<Diagnostic> {
    let over = width.too_wide_by()?;
    let message = format!(
        "the cheat sheet is too wide for an A4 page by {:.0} mm: Chromium shrinks it to {:.0}% to print it on one page, so its type prints smaller than the theme sets",
        over.ceil(),
        width.page_mm / width.content_mm * 100.0
    );
    let d = Diagnostic::error(message);
    Some(match &width.widest {
        Widest::Text(text) => {
            let help = format!(
                "its widest line reaches {:.0} mm and a page holds {:.0} mm: a long word or URL cannot wrap; break it with spaces, shorten it, \
                 or give the address as the window's `url` (printed under its QR code, where it wraps)",
                width.content_mm, width.page_mm
            );
            // A no-break space looks like a space in the snippet but joins the words.
            let help = match text.contains('\u{a0}') {
                true => format!("{help}; its words are joined by no-break spaces (U+00A0): write plain spaces"),
                false => help,
            };
            match guide_text.and_then(|guide| unbroken_run_in(guide, text)) {
                Some(span) => d.at(guide_file, span).label("this does not wrap").help(help),
                None => d.in_file(guide_file).help(format!(
                    "the text `{}` runs past the page's edge; {help}",
                    crate::diagnostic::printable(text)
                )),
            }
        }
        Widest::Element(element) => d.help(format!(
            "`{element}` reaches {:.0} mm and a page holds {:.0} mm: a width in the theme's `cheatsheet.css` is wider than the page",
            width.content_mm, width.page_mm
        )),
    })
}

/// Where in the guide's source the overflowing text's longest word is (the run that cannot
/// wrap), if it is there.
fn unbroken_run_in(guide: &str, text: &str) -> Option<std::ops::Range<usize>> {
    // Split where a line may break: a no-break space joins words into one run.
    let longest =
        (text.split(|c: char| c.is_ascii_whitespace())).max_by_key(|word| word.chars().count())?;
    let start = guide.find(longest)?;
    Some(start..start + longest.len())
}

/// Added to a copy of the cheat sheet to measure it in Chromium's own print layout.
///
/// When the print starts, the `print` media query turns on and Blink lays the page out for
/// paper; the listener then reads the body's height and the page area's height (`100vh` on
/// paper is the page box minus its margins) and leaves them in the document title, which
/// Chromium writes uncompressed into the PDF's `/Title`. The body is made an inline-block so
/// that it is laid out in one piece: its height is the content's, without the gaps that
/// page breaks add, so "overflows by N mm" is what has to be cut.
///
/// Width: content wider than the page makes Chromium lay the page out wider (and print it
/// shrunk), which would inflate `100vw` and `100vh` alike. `contain: paint` on the body keeps
/// the overflow from reaching the page, so the page keeps its real size, while the text and
/// elements inside keep their real positions: the right edge of the furthest text run or
/// element is the content's width. What it is goes into the title percent-encoded (ASCII,
/// and no parenthesis to end the PDF string).
const MEASURE: &str = r#"<style>body{display:inline-block!important;width:-webkit-fill-available;vertical-align:top;contain:paint!important}</style>
<script>
function madoguchiRight() {
  var right = 0, node, walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  while ((node = walk.nextNode())) {
    if (node.nodeType === 3) {
      var range = document.createRange();
      range.selectNodeContents(node);
      right = Math.max(right, range.getBoundingClientRect().right);
    } else {
      right = Math.max(right, node.getBoundingClientRect().right);
    }
  }
  return right - Math.min(document.body.getBoundingClientRect().left, 0);
}
/* The leftmost start of any text run or element with a size: below 0, it prints cut off. */
function madoguchiLeft() {
  var left = 0, node, rect, walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  while ((node = walk.nextNode())) {
    if (node.nodeType === 3) {
      var range = document.createRange();
      range.selectNodeContents(node);
      rect = range.getBoundingClientRect();
    } else {
      rect = node.getBoundingClientRect();
    }
    if (rect.width > 0 && rect.height > 0) left = Math.min(left, rect.left);
  }
  return left;
}
function madoguchiWidestWord() {
  var widest = 0, word = "", node, walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while ((node = walk.nextNode())) {
    var re = /[^ \t\n\r\f]+/g, m;
    while ((m = re.exec(node.data))) {
      var range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var rects = range.getClientRects();
      for (var i = 0; i < rects.length; i++) {
        if (rects[i].width > widest) { widest = rects[i].width; word = m[0]; }
      }
    }
  }
  return word.slice(0, 160);
}
function madoguchiOutermostPast(edge) {
  var node, walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  while ((node = walk.nextNode())) {
    if (node.getBoundingClientRect().right > edge) {
      var cls = node.getAttribute("class");
      return "<" + node.localName + (cls ? " class=\"" + cls + "\"" : "") + ">";
    }
  }
  return "";
}
/* What makes the sheet too wide: a word that cannot wrap if letting every word wrap anywhere
   brings it within the page, else the outermost element past the page's edge. */
function madoguchiWidest(pageWidth, mm) {
  var width = madoguchiRight() / mm;
  if (width <= pageWidth + 0.5) return { mm: width, what: "" };
  var word = madoguchiWidestWord();
  var wrap = document.createElement("style");
  wrap.textContent = "body *{overflow-wrap:anywhere!important;word-break:break-all!important}";
  document.head.appendChild(wrap);
  var what = madoguchiRight() / mm <= pageWidth + 0.5
    ? "text:" + word
    : "element:" + madoguchiOutermostPast((pageWidth + 0.5) * mm);
  wrap.remove();
  return { mm: width, what: what };
}
matchMedia("print").addEventListener("change", function (e) {
  if (!e.matches) return;
  var probe = document.createElement("div");
  probe.style.cssText = "position:absolute;top:0;left:0;width:100vw;height:100mm";
  document.documentElement.appendChild(probe);
  var mm = probe.getBoundingClientRect().height / 100;
  var pageWidth = probe.getBoundingClientRect().width / mm;
  probe.style.height = "100vh";
  var page = probe.getBoundingClientRect().height / mm;
  probe.remove();
  var body = getComputedStyle(document.body);
  var content = (document.body.getBoundingClientRect().height
    + parseFloat(body.marginTop) + parseFloat(body.marginBottom)) / mm;
  var widest = madoguchiWidest(pageWidth, mm);
  document.title = "madoguchi-measure content=" + content.toFixed(1) + " page=" + page.toFixed(1)
    + " width=" + widest.mm.toFixed(1) + " pagewidth=" + pageWidth.toFixed(1)
    + " left=" + (madoguchiLeft() / mm).toFixed(1)
    + " widest=" + encodeURIComponent(widest.what).replace(/\(/g, "%28").replace(/\)/g, "%29");
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
) -> Option<SheetMeasure> {
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

fn parse_measure(title: &str) -> Option<SheetMeasure> {
    let rest = title.strip_prefix("madoguchi-measure ")?;
    let number = |name: &str| -> Option<f64> { field(rest, name)?.parse().ok() };
    let (content_mm, page_mm) = (number("content")?, number("page")?);
    let width = SheetWidth {
        content_mm: number("width")?,
        page_mm: number("pagewidth")?,
        widest: parse_widest(field(rest, "widest").unwrap_or_default()),
        left_mm: number("left").unwrap_or(0.0),
    };
    (page_mm > 0.0).then_some(SheetMeasure {
        height: SheetHeight {
            content_mm,
            page_mm,
        },
        width,
    })
}

/// The value of `name=` among the title's space-separated fields.
fn field<'t>(title: &'t str, name: &str) -> Option<&'t str> {
    title
        .split_whitespace()
        .find_map(|f| f.split_once('=').filter(|(key, _)| *key == name))
        .map(|(_, value)| value)
}

fn parse_widest(encoded: &str) -> Widest {
    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    match decoded.split_once(':') {
        Some(("text", text)) => Widest::Text(text.to_owned()),
        Some((_, element)) => Widest::Element(element.to_owned()),
        None => Widest::Element(decoded.into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_measurement_from_the_title() {
        let pdf = b"<</Title (madoguchi-measure content=331.5 page=273.0 width=230.2 pagewidth=186.0 widest=text%3A%E8%B3%BC%28a%29%20b)\n/Creator (Chromium)>>";
        let title = pdf_title(pdf).unwrap();
        let measure = parse_measure(&title).unwrap();
        assert_eq!(
            measure.height,
            SheetHeight {
                content_mm: 331.5,
                page_mm: 273.0
            }
        );
        assert_eq!(measure.width.widest, Widest::Text("購(a) b".into()));
        assert_eq!(measure.width.too_wide_by().map(f64::round), Some(44.0));
        assert_eq!(parse_measure("印刷用まとめ"), None);
    }

    #[test]
    fn a_sheet_too_wide_is_an_error_at_the_word_that_does_not_wrap() {
        let guide = "how: 購入履歴から https://example.jp/aaaaaaaaaaaa\n";
        let mut width = SheetWidth {
            content_mm: 230.0,
            page_mm: 186.0,
            widest: Widest::Text("購入履歴から https://example.jp/aaaaaaaaaaaa".into()),
            left_mm: 0.0,
        };
        assert!(cut_off_error(&width).is_none());
        let cut = SheetWidth {
            left_mm: -30.0,
            ..width.clone()
        };
        let d = cut_off_error(&cut).unwrap();
        assert!(
            d.message.contains("30 mm left of the page's edge"),
            "{}",
            d.message
        );
        let d = too_wide_error(&width, Path::new("guide.yaml"), Some(guide)).unwrap();
        assert!(
            d.message.contains("too wide for an A4 page by 44 mm"),
            "{}",
            d.message
        );
        assert!(d.message.contains("shrinks it to 81%"), "{}", d.message);
        let span = d.span.clone().unwrap();
        assert_eq!(&guide[span], "https://example.jp/aaaaaaaaaaaa");
        // A no-break space joins words into one run that cannot wrap.
        let joined = "how: 電話は\u{a0}0120\u{a0}000\u{a0}000 まで\n";
        width.widest = Widest::Text("電話は\u{a0}0120\u{a0}000\u{a0}000 まで".into());
        let d = too_wide_error(&width, Path::new("guide.yaml"), Some(joined)).unwrap();
        assert_eq!(
            &joined[d.span.clone().unwrap()],
            "電話は\u{a0}0120\u{a0}000\u{a0}000"
        );
        assert!(d.help.unwrap().contains("no-break spaces (U+00A0)"));
        // Within half a millimetre is rounding, not a shrunk page.
        width.content_mm = 186.4;
        assert!(too_wide_error(&width, Path::new("guide.yaml"), Some(guide)).is_none());
    }
}
