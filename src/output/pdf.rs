//! Printing: drive headless Chromium over the rendered site to write PDFs and to prove that
//! the cheat sheet fits on one A4 page.
//!
//! The rendered pages are written into a temporary folder and printed from there, before
//! anything reaches the output folder, so a sheet that does not fit fails the build with the
//! previous output untouched. The page count of Chromium's own PDF is the verdict; how tall
//! the sheet is (by how much it overflows, or how much room is left) is measured by a second
//! browser at the same time (see [`super::measure`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::measure::{cut_off_error, measure_sheet, too_wide_error, SheetHeight, SheetWidth};
use crate::diagnostic::{Diagnostic, Failure};
use crate::links::Page;
use crate::output::OutputFile;
use crate::report::Report;

/// Environment variable naming the Chromium binary (the `--chromium` option wins over it).
pub const CHROMIUM_ENV: &str = "MADOGUCHI_CHROMIUM";

/// Names tried on `PATH` when no binary is given.
const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// A print that takes longer than this is a hung browser, not a slow one.
const PRINT_TIMEOUT: Duration = Duration::from_secs(90);

pub const CHEATSHEET_PDF: &str = "cheatsheet.pdf";
pub const GUIDE_PDF: &str = "guide.pdf";

/// What `check --print` and `build --pdf` ask of the printer.
pub struct PrintOptions {
    /// `--chromium PATH`; otherwise `MADOGUCHI_CHROMIUM`, otherwise Chromium on `PATH`.
    pub chromium: Option<PathBuf>,
    /// Return `cheatsheet.pdf` and `guide.pdf` to be written with the site (`build --pdf`).
    pub write_pdfs: bool,
}

/// What printing the site gave: the PDFs to write (if asked for), and how tall the cheat
/// sheet's content is against one page (for "fits, with N mm to spare").
pub struct PrintedSite {
    pub pdfs: Vec<OutputFile>,
    pub height: Option<SheetHeight>,
}

/// Prints the rendered site: fails (with a diagnostic) when no Chromium is found or the cheat
/// sheet is not exactly one A4 page; otherwise returns the PDFs to write, if asked for.
pub fn print_site(
    site: &Path,
    options: &PrintOptions,
    guide_file: &Path,
    report: &mut Report,
) -> Option<PrintedSite> {
    let chromium = match find_chromium(options.chromium.as_deref()) {
        Ok(path) => path,
        Err(problem) => {
            report.failed(problem, INSTALL_HELP);
            return None;
        }
    };
    let printed = WorkDir::create().and_then(|work| {
        let guide = site.join(Page::Print.output_path());
        std::thread::scope(|scope| {
            let guide = (options.write_pdfs)
                .then(|| scope.spawn(|| print_to_pdf(&chromium, &guide, &work.dir.join("guide"))));
            let sheet = print_sheet(&chromium, site, &work.dir);
            let guide = guide.map(|t| t.join().unwrap_or_else(|_| Err(panicked())));
            Ok((sheet?, guide.transpose()?))
        })
    });
    let (sheet, guide) = match printed {
        Ok(printed) => printed,
        Err(problem) => {
            report.failed(problem, "");
            return None;
        }
    };
    let guide_text = report.sources.shared(guide_file);
    let problems = sheet_problems(
        &sheet,
        guide_file,
        guide_text.as_deref().map(String::as_str),
    );
    if !problems.is_empty() {
        for mut d in problems {
            // `build --pdf` writes the site and its PDFs together or not at all (see the README).
            if options.write_pdfs {
                let help = d.help.take().unwrap_or_default();
                d = d.help(format!("{help}. Nothing was written: the site and its PDFs are published together; `madoguchi build` without `--pdf` writes the site alone"));
            }
            report.push(d);
        }
        return None;
    }
    let mut pdfs = Vec::new();
    if options.write_pdfs {
        pdfs.push(OutputFile {
            path: CHEATSHEET_PDF.into(),
            bytes: sheet.pdf,
        });
        pdfs.extend(guide.map(|bytes| OutputFile {
            path: GUIDE_PDF.into(),
            bytes,
        }));
    }
    Some(PrintedSite {
        pdfs,
        height: sheet.height,
    })
}

/// The cheat sheet as Chromium printed it.
pub struct PrintedSheet {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// How tall its content is, measured in the same print layout (`None` if the browser
    /// left no measurement).
    pub height: Option<SheetHeight>,
    /// How wide its content is, measured the same way.
    pub width: Option<SheetWidth>,
}

/// Prints the cheat sheet of the site in `site`, and measures it beside (two browsers at once,
/// so measuring costs no extra time), with `work` for the browsers' files.
pub fn print_sheet(chromium: &Path, site: &Path, work: &Path) -> Result<PrintedSheet, Failure> {
    let cheatsheet = site.join(Page::CheatSheet.output_path());
    std::thread::scope(|scope| {
        let measure = scope.spawn(|| measure_sheet(chromium, &work.join("measure"), &cheatsheet));
        let pdf = print_to_pdf(chromium, &cheatsheet, &work.join("sheet"))?;
        let measure = measure.join().ok().flatten();
        Ok(PrintedSheet {
            pages: page_count(&pdf),
            pdf,
            height: measure.as_ref().map(|m| m.height),
            width: measure.map(|m| m.width),
        })
    })
}

/// Why the printed sheet is not one readable A4 page, if it is not. The wrong paper explains
/// any page count, so it is said alone. A sheet wider than the page prints shrunk (Chromium
/// scales the page down to fit it), so one page is no proof: that is said too, at the text
/// that does not wrap when it can be found in `guide_text`.
pub fn sheet_problems(
    sheet: &PrintedSheet,
    guide_file: &Path,
    guide_text: Option<&str>,
) -> Vec<Diagnostic> {
    if let Some(d) = paper_error(&sheet.pdf) {
        return vec![d];
    }
    let too_wide = (sheet.width.as_ref()).and_then(|w| too_wide_error(w, guide_file, guide_text));
    let cut_off = sheet.width.as_ref().and_then(cut_off_error);
    let overflow = sheet.height.filter(|h| h.content_mm > h.page_mm);
    let too_tall = (sheet.pages != 1).then(|| fit_error(sheet.pages, overflow, guide_file));
    too_wide
        .into_iter()
        .chain(cut_off)
        .chain(too_tall)
        .collect()
}

/// A sheet that printed on other paper than A4 (a theme without `@page { size: A4 }` prints
/// on the browser's default paper, Letter on many machines).
fn paper_error(pdf: &[u8]) -> Option<Diagnostic> {
    let (width, height) = page_size_mm(pdf)?;
    let a4 = (width - 210.0).abs() < 2.0 && (height - 297.0).abs() < 2.0;
    (!a4).then(|| {
        Diagnostic::error(format!(
            "the cheat sheet printed on {width:.0} × {height:.0} mm paper, not A4 (210 × 297 mm)"
        ))
        .help("keep `@page { size: A4; }` in the theme's cheatsheet.css")
    })
}

/// Width and height of the first page, from its `/MediaBox [x0 y0 x1 y1]` in points.
pub fn page_size_mm(pdf: &[u8]) -> Option<(f64, f64)> {
    let at = find(pdf, b"/MediaBox")?;
    let rest = &pdf[at..];
    let open = rest.iter().position(|&b| b == b'[')?;
    let close = rest.iter().position(|&b| b == b']')?;
    let numbers: Vec<f64> = std::str::from_utf8(rest.get(open + 1..close)?)
        .ok()?
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [x0, y0, x1, y1] = numbers[..] else {
        return None;
    };
    const MM_PER_POINT: f64 = 25.4 / 72.0;
    Some(((x1 - x0) * MM_PER_POINT, (y1 - y0) * MM_PER_POINT))
}

const INSTALL_HELP: &str = "install it (`apt-get install chromium`), or point to one with \
`--chromium PATH` or the MADOGUCHI_CHROMIUM environment variable";

/// The browser to print with: the given path, else `$MADOGUCHI_CHROMIUM`, else one on `PATH`.
pub fn find_chromium(given: Option<&Path>) -> Result<PathBuf, Failure> {
    let named = given
        .map(|p| (p.to_path_buf(), "--chromium"))
        .or_else(|| std::env::var_os(CHROMIUM_ENV).map(|p| (PathBuf::from(p), CHROMIUM_ENV)));
    if let Some((path, from)) = named {
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Failure::new(
                format!("find Chromium (from {from}) at"),
                path,
                "no such file",
            ))
        };
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&dirs)
        .flat_map(|dir| CHROMIUM_NAMES.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Failure::new(
                "find Chromium for printing in",
                "PATH",
                "none was found on PATH (tried chromium, chromium-browser, google-chrome)",
            )
        })
}

/// The fit failure, with the numbers a writer needs to decide what to cut.
fn fit_error(pages: usize, overflow: Option<SheetHeight>, guide_file: &Path) -> Diagnostic {
    let message = match overflow {
        Some(o) => format!(
            "the cheat sheet does not fit on one A4 page: it overflows by {:.0} mm ({:.0}% of a page) and prints to {pages} pages",
            o.content_mm - o.page_mm,
            (o.content_mm - o.page_mm) / o.page_mm * 100.0,
        ),
        None if pages == 0 => "the cheat sheet printed to an empty PDF".to_owned(),
        None => format!("the cheat sheet does not fit on one A4 page: it prints to {pages} pages"),
    };
    let help = match overflow {
        Some(o) => format!(
            "its content is {:.0} mm tall and one page holds {:.0} mm; shorten situation titles and the \
             first windows' `how` texts, or leave situations off the sheet (`sheet: [ids]` lists those it prints)",
            o.content_mm, o.page_mm
        ),
        None => "shorten situation titles and the first windows' `how` texts, or leave situations off the sheet (`sheet: [ids]`)"
            .to_owned(),
    };
    Diagnostic::error(message).in_file(guide_file).help(help)
}

/// A temporary folder for Chromium's profiles, logs and PDFs, removed when dropped.
pub struct WorkDir {
    pub dir: PathBuf,
}

impl WorkDir {
    pub fn create() -> Result<WorkDir, Failure> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("madoguchi-print-{}-{stamp}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| Failure::new("create", &dir, e))?;
        Ok(WorkDir { dir })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        // Best effort: a leftover folder in the temp dir is harmless.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn panicked() -> Failure {
    Failure::new("print", "the cheat sheet", "the print thread panicked")
}

/// Prints one page to PDF with headless Chromium and returns the PDF's bytes.
///
/// `work` is a fresh folder for this print: the browser profile (so concurrent prints and a
/// running browser do not share state), the PDF and the browser's log.
pub(super) fn print_to_pdf(chromium: &Path, page: &Path, work: &Path) -> Result<Vec<u8>, Failure> {
    fs::create_dir_all(work).map_err(|e| Failure::new("create", work, e))?;
    let pdf = work.join("out.pdf");
    let log = work.join("chromium.log");
    let url = url::Url::from_file_path(page)
        .map_err(|()| Failure::new("make a file:// URL of", page, "not an absolute path"))?;
    let log_file = fs::File::create(&log).map_err(|e| Failure::new("create", &log, e))?;
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=3000",
            "--disable-background-networking",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file)
        .spawn()
        .map_err(|e| Failure::new("start Chromium", chromium, e))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::new(
                    "print",
                    page,
                    format!(
                        "Chromium did not finish within {} s",
                        PRINT_TIMEOUT.as_secs()
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Failure::new("wait for Chromium", chromium, e)),
        }
    };
    match fs::read(&pdf) {
        Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => {
            let log = fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(5).collect();
            Err(Failure::new(
                "print",
                page,
                format!(
                    "Chromium ({status}) printed nothing; its last messages:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ),
            ))
        }
    }
}

/// The number of pages in a PDF written by Chromium, without a PDF library: Chromium (Skia)
/// writes every page object as an uncompressed dictionary holding `/Type /Page`.
pub fn page_count(pdf: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = pdf;
    while let Some(at) = find(rest, b"/Type") {
        rest = &rest[at + b"/Type".len()..];
        let value = trim_start(rest);
        if let Some(after) = value.strip_prefix(b"/Page".as_slice()) {
            if !after.first().is_some_and(u8::is_ascii_alphanumeric) {
                count += 1;
            }
        }
    }
    count
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_page_objects_not_the_page_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>>\n2 0 obj <</Type /Page /Parent 1 0 R>>\n3 0 obj <</Type/Page/Parent 1 0 R>>\n4 0 obj <</Type /PageLabel>>";
        assert_eq!(page_count(pdf), 2);
        assert_eq!(page_count(b"%PDF-1.4"), 0);
    }

    #[test]
    fn reads_the_paper_size() {
        let a4 = b"<</Type /Page /MediaBox [0 0 594.95996 841.91998]>>";
        let (w, h) = page_size_mm(a4).unwrap();
        assert!(
            (w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5,
            "{w} {h}"
        );
        assert!(paper_error(a4).is_none());
        let letter = b"<</Type /Page /MediaBox [0 0 612 792]>>";
        let d = paper_error(letter).unwrap();
        assert!(
            d.message.contains("216 × 279 mm paper, not A4"),
            "{}",
            d.message
        );
    }

    #[test]
    fn fit_error_says_by_how_much() {
        let overflow = SheetHeight {
            content_mm: 331.5,
            page_mm: 273.0,
        };
        let d = fit_error(2, Some(overflow), Path::new("content/guide.yaml"));
        assert!(
            d.message.contains("overflows by 58 mm (21% of a page)"),
            "{}",
            d.message
        );
        assert!(d.help.unwrap().contains("sheet: [ids]"));
    }

    #[test]
    fn a_missing_chromium_names_where_it_looked() {
        let err = find_chromium(Some(Path::new("/nonexistent/chromium"))).unwrap_err();
        assert_eq!(err.file, Path::new("/nonexistent/chromium"));
        let err = err.to_string();
        assert!(err.contains("/nonexistent/chromium"), "{err}");
        assert!(err.contains("--chromium"), "{err}");
    }
}
