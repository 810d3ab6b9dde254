//! The pipeline, top to bottom: load → check → render → write.

use std::path::PathBuf;

use crate::check::check_site;
use crate::date::Date;
use crate::render::{render_site, OutputFile};
use crate::report::Report;
use crate::theme::load_theme;
use crate::write::{refuse_out_dir, write_site};

pub struct BuildOptions {
    pub root: PathBuf,
    /// `None` for `check`: run everything, write nothing.
    pub out: Option<PathBuf>,
    pub theme: String,
    pub strict: bool,
    /// `check --print` / `build --pdf`: print with Chromium (fit check, PDFs).
    pub print: Option<crate::pdf::PrintOptions>,
}

/// What a build did, for the summary line.
#[derive(Debug, Default)]
pub struct Built {
    pub pages: usize,
}

pub fn build(options: &BuildOptions, report: &mut Report) -> Option<Built> {
    if let Some(out) = &options.out {
        if let Some(why) = refuse_out_dir(&options.root, out) {
            report.io_error(
                format!("refusing to write the site into `{}`", out.display()),
                None,
                &format!("{why}; choose another --out folder"),
            );
            return None;
        }
    }
    let site = crate::load::load_site(&options.root, report);
    let theme = load_theme(&options.root, &options.theme, report);
    let site = site?;
    report.extend(check_site(&site, &report.sources, Date::today()));
    if options.strict {
        report.promote_warnings();
    }
    if report.error_count() > 0 {
        return None;
    }
    let theme = theme?;
    let mut files: Vec<OutputFile> = match render_site(&site, &theme) {
        Ok(files) => files,
        Err(d) => {
            report.push(*d);
            return None;
        }
    };
    let pages = files.len();
    files.extend(theme.static_files.into_iter().map(|f| OutputFile {
        path: f.path,
        bytes: f.bytes,
    }));
    if let Some(print) = &options.print {
        let pdfs = crate::pdf::print_site(&files, print, &site.guide_file, report)?;
        files.extend(pdfs);
    }
    if let Some(out) = &options.out {
        if let Err(message) = write_site(out, &files) {
            report.io_error(message, None, "the previous output was left as it was");
            return None;
        }
    }
    Some(Built { pages })
}
