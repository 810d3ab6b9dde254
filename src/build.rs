//! The pipeline, top to bottom: load → check → render → write.

use std::path::PathBuf;

use crate::check::check_site;
use crate::date::Date;
use crate::render::{render_site, RenderError};
use crate::report::Report;
use crate::theme::load_theme;
use crate::write::{refuse_out_dir, Staging};

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
    // Pages are written as they are rendered: into a staging folder beside the output, or,
    // for `check --print`, into a scratch folder that is only printed.
    let staging = match (&options.out, &options.print) {
        (Some(out), _) => Some(Staging::begin(out)),
        (None, Some(_)) => Some(Staging::scratch()),
        (None, None) => None,
    };
    let staging = match staging.transpose() {
        Ok(staging) => staging,
        Err(message) => {
            report.io_error(message, None, "the previous output was left as it was");
            return None;
        }
    };
    let pages = match render_site(&site, &theme, staging.as_ref()) {
        Ok(pages) => pages,
        Err(RenderError::Template(d)) => {
            report.push(*d);
            return None;
        }
        Err(RenderError::Write(message)) => {
            report.io_error(message, None, "the previous output was left as it was");
            return None;
        }
    };
    let Some(staging) = staging else {
        return Some(Built { pages });
    };
    let mut written = theme
        .static_files
        .iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes));
    if written.is_ok() {
        if let Some(print) = &options.print {
            let pdfs = crate::pdf::print_site(staging.dir(), print, &site.guide_file, report)?;
            written = pdfs.iter().try_for_each(|f| staging.put(&f.path, &f.bytes));
        }
    }
    if let Err(message) = written.and_then(|()| staging.finish()) {
        report.io_error(message, None, "the previous output was left as it was");
        return None;
    }
    Some(Built { pages })
}
