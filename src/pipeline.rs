//! The pipeline, top to bottom: load → check → render → output. The guide's checks run before
//! the render; each article is parsed once, where its pages need it, and the check stage checks
//! that same parse (`StageHooks`); every page the render writes is then read by the check of
//! what is published. `Session` runs the same stages again and again for `serve`, reusing what
//! an edit did not change.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::check::published::VettedNumbers;
use crate::check::PageScan;
use crate::check::{check_guide, check_labels, check_site, ArticleRules, CheckMemo};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Failure};
use crate::file_text::Body;
use crate::load::labels::{LabelSets, Labels};
use crate::load::theme::{load_theme, Theme, ThemeChoice};
use crate::load::{load_site_reusing, Reuse};
use crate::markdown::Parsed;
use crate::model::{Article, Guide, Site};
use crate::output::data::DATA_FILE;
use crate::output::{output_identity, refuse_out_dir, OutputIdentity, OutputLock, Staging};
use crate::render::{render_site, rerender_site, RenderError, RenderHooks, RenderMemo};
use crate::report::Report;

mod session;
mod theme_files;
pub use session::{Changes, Session};
use theme_files::{check_theme_files, static_read, StaticRead};

pub struct BuildOptions {
    pub root: PathBuf,
    /// `None` for `check`: run everything, write nothing.
    pub out: Option<PathBuf>,
    /// `--theme NAME`: overrides the guide's `theme:`.
    pub theme: Option<String>,
    pub strict: bool,
    /// `--drafts`: build the articles marked `draft: true` too.
    pub drafts: bool,
    /// `check --print` / `build --pdf`: print with Chromium (fit check, PDFs).
    pub print: Option<crate::output::pdf::PrintOptions>,
    /// `check --online`: once everything else passed, fetch every cited page.
    pub online: Option<crate::check::online::OnlineOptions>,
}

impl BuildOptions {
    /// A plain build of the guide at `root` into `out` (`None`: `check`), as the command runs
    /// with no flags.
    pub fn new(root: &Path, out: Option<&Path>) -> Self {
        BuildOptions {
            root: root.to_path_buf(),
            out: out.map(Path::to_path_buf),
            theme: None,
            strict: false,
            drafts: false,
            print: None,
            online: None,
        }
    }
}

/// What a build did, for the summary line.
#[derive(Debug, Default)]
pub struct Built {
    pub pages: usize,
    /// How tall the cheat sheet printed (with `--print` or `--pdf`), against one page.
    pub sheet: Option<crate::output::measure::SheetHeight>,
}

/// Loads, checks and renders the guide, reporting every problem. The guide's checks run
/// first; each article is then checked as it renders, from the one parse that renders it (or,
/// when the guide has problems and nothing renders, parsed for its checks alone).
pub fn build(options: &BuildOptions, report: &mut Report) -> Option<Built> {
    let _one_build_at_a_time = claim_output(options, report)?;
    let (site, theme) = load(options, report, None);
    let site = site?;
    let (found, rules) = check_guide(&site, &report.sources, Date::today());
    (report.sources).spill(&site.guide_file, &std::env::temp_dir());
    add_findings(options, report, found);
    add_findings(options, report, labels_found(&site, theme.as_ref()));
    let Some((site, theme)) = passed(report, Some(&site), theme.as_ref()) else {
        add_findings(options, report, rules.check_every());
        add_findings(options, report, rules.unused_channels());
        return None;
    };
    if options.print.is_none() {
        add_findings(
            options,
            report,
            estimated_fit(site, theme).into_iter().collect(),
        );
    }
    let built = write_all(options, report, site, theme, None, Some(&rules))?;
    if options.out.is_some() {
        note_no_feed(site);
    }
    if let Some(online) = &options.online {
        // The same site the other checks read, fetched only once they all passed.
        match crate::check::online::check_online(site, online) {
            Ok(round) => finish_round(options, report, online, round),
            Err(failure) => report.failed(failure, "check the --cacert file"),
        }
    }
    Some(built)
}

/// Reports an online round's findings, and writes its report and cache files.
fn finish_round(
    options: &BuildOptions,
    report: &mut Report,
    online: &crate::check::online::OnlineOptions,
    mut round: crate::check::online::OnlineRound,
) {
    add_findings(options, report, std::mem::take(&mut round.found));
    if let Err((failure, help)) = crate::check::online::round::write_round(online, &round) {
        report.failed(failure, help);
    }
}

/// Says why a guide with a history gets no `changes.atom`: a feed needs absolute addresses.
fn note_no_feed(site: &Site) {
    if !site.history.entries.is_empty() && site.guide.base_url.is_none() {
        crate::console::say(
            "note: changes.atom was not written: a feed needs the site's public address; set `base_url` in content/guide.yaml to publish one",
        );
    }
}

/// How far the sheet estimate has come from Chromium's measure (`tests/sheet_fit.rs`).
const ESTIMATE_SLACK_MM: f64 = 6.0;

/// Where no Chromium can print the cheat sheet (`build` and `check` without `--pdf` or
/// `--print`), a warning when the built-in sheet is estimated not to fit on one page.
fn estimated_fit(site: &Site, theme: &Theme) -> Option<Diagnostic> {
    if crate::output::pdf::find_chromium(None).is_ok() || !theme.built_in_sheet() {
        return None;
    }
    let estimate = crate::render::estimate_sheet(site, &theme.labels.for_guide(&site.guide));
    // The estimate has come within 6 mm of Chromium's measure, mostly short of it: a sheet
    // estimated that close to the bottom may not fit.
    let close = estimate.content_mm > crate::render::PAGE_MM - ESTIMATE_SLACK_MM;
    (estimate.pages > 1 || close).then(|| {
        Diagnostic::warning(format!(
            "the cheat sheet may not fit on one A4 page: its content is estimated at {:.0} mm of the {:.0} mm a page holds",
            estimate.content_mm,
            crate::render::PAGE_MM,
        ))
        .in_file(&site.guide_file)
        .help("an estimate, as no Chromium was found to print it (it came within 6 mm of Chromium's measure on the sheets the README lists); shorten situation titles and the first windows' `how` texts, or leave situations off the sheet (`sheet: [ids]`). Install Chromium and run `madoguchi check --print` for the verdict")
    })
}

/// Adds what checks found; under `--strict`, warnings count as errors.
fn add_findings(options: &BuildOptions, report: &mut Report, found: Vec<Diagnostic>) {
    report.extend(found);
    if options.strict {
        report.promote_warnings();
    }
}

/// Loads the guide and the theme and runs every check, reporting every problem. The site
/// comes back even when a check failed (`serve` compares the next edit with it). `reuse`
/// and `memo` let `serve` skip unchanged files.
fn load_and_check(
    options: &BuildOptions,
    report: &mut Report,
    reuse: Option<Reuse>,
    memo: Option<&mut CheckMemo>,
) -> (Option<Site>, Option<Theme>) {
    let (site, theme) = load(options, report, reuse);
    if let Some(site) = &site {
        report.extend(check_site(site, &report.sources, Date::today(), memo));
        report.extend(labels_found(site, theme.as_ref()));
    }
    if options.strict {
        report.promote_warnings();
    }
    (site, theme)
}

/// What the label checks find in the guide's and the theme's labels (none when the theme did
/// not load: its problem is reported already).
fn labels_found(site: &Site, theme: Option<&Theme>) -> Vec<Diagnostic> {
    theme.map_or_else(Vec::new, |theme| check_labels(site, &theme.labels))
}

/// The output folder, made ready for one build: refused if a build must not write there, else
/// locked against other builds until the returned lock is dropped (`Some(None)`: nothing is
/// written). `None` when the build cannot go on; the reason is in `report`.
fn claim_output(options: &BuildOptions, report: &mut Report) -> Option<Option<OutputLock>> {
    let Some(out) = &options.out else {
        return Some(None);
    };
    let refuse = |report: &mut Report, why: String| {
        report.io_error(
            format!("refusing to write the site into `{}`", out.display()),
            None,
            &format!("{why}; choose another --out folder"),
        );
    };
    // Another build may be writing its staging folder this moment, which then looks like a
    // folder madoguchi did not write: with a build running, the folders are judged once it is
    // done, under the lock.
    if let Some(why) = refuse_out_dir(&options.root, out) {
        if !OutputLock::is_held(out) {
            refuse(report, why);
            return None;
        }
    }
    let waiting = |out: &Path| {
        crate::console::say(format!(
            "note: waiting for another build into `{}` to finish",
            crate::console::shown(out)
        ))
    };
    match OutputLock::acquire(out, waiting) {
        Ok(lock) => match refuse_out_dir(&options.root, out) {
            Some(why) => {
                refuse(report, why);
                None
            }
            None => Some(Some(lock)),
        },
        Err(message) => {
            report.failed(message, "the previous output was left as it was");
            None
        }
    }
}

/// Loads the guide and the theme.
fn load(
    options: &BuildOptions,
    report: &mut Report,
    reuse: Option<Reuse>,
) -> (Option<Site>, Option<Theme>) {
    report.sources.show_under(&options.root);
    let mut site = load_site_reusing(&options.root, report, reuse, options.drafts);
    if let Some(site) = &mut site {
        // What the output folder published last: a number a window had there and has no
        // longer is an old number, not a fake one, and the checks say so.
        let out = (options.out.clone()).unwrap_or_else(|| options.root.join("output"));
        let published = crate::output::data::published_phones(&out.join(DATA_FILE));
        site.former_numbers = crate::model::history::FormerNumbers::new(published, &site.guide);
        let published = crate::output::data::published_hours(&out.join(DATA_FILE));
        site.former_hours = crate::model::history::FormerHours::new(published, &site.guide);
    }
    // `--theme` wins over `theme:`; a theme the guide names is pointed at in `guide.yaml`.
    let from_guide = site.as_ref().and_then(|s| s.guide.theme.as_ref());
    let choice = match (&options.theme, from_guide) {
        (Some(flag), _) => ThemeChoice::Flag(flag),
        (None, Some(named)) => ThemeChoice::Guide(named),
        (None, None) => ThemeChoice::BuiltIn,
    };
    let theme = load_theme(&options.root, choice, report);
    (site, theme)
}

/// The site and theme to render, if everything loaded and no check failed.
fn passed<'s>(
    report: &Report,
    site: Option<&'s Site>,
    theme: Option<&'s Theme>,
) -> Option<(&'s Site, &'s Theme)> {
    match (site, theme) {
        (Some(site), Some(theme)) if report.error_count() == 0 => Some((site, theme)),
        _ => None,
    }
}

/// Renders the whole site into a new folder and swaps it in (or, for `check`, renders it and
/// keeps nothing). With a `memo`, records what each page was rendered from. With `rules`,
/// checks each article as it renders, and swaps nothing in if one has a problem.
fn write_all(
    options: &BuildOptions,
    report: &mut Report,
    site: &Site,
    theme: &Theme,
    memo: Option<&mut RenderMemo>,
    rules: Option<&ArticleRules>,
) -> Option<Built> {
    // Pages are written as they are rendered: into a staging folder beside the output, or,
    // for `check --print`, into a scratch folder that is only printed.
    let staging = match (&options.out, &options.print) {
        (Some(out), _) => Some(Staging::begin(out)),
        (None, Some(_)) => Some(Staging::scratch()),
        (None, None) => None,
    };
    // Where nothing renders, or the render stops part way, every article is checked on its
    // own, so that all problems are still reported.
    let check_alone = |report: &mut Report| {
        if let Some(rules) = rules {
            add_findings(options, report, rules.check_every());
            add_findings(options, report, rules.unused_channels());
        }
    };
    let staging = match staging.transpose() {
        Ok(staging) => staging,
        Err(message) => {
            report.failed(message, "the previous output was left as it was");
            check_alone(report);
            return None;
        }
    };
    let vetted = vetted_for(site, theme);
    let hooks = StageHooks::new(rules, &vetted);
    let render = render_site(site, theme, staging.as_ref(), memo, &hooks);
    if render.is_err() {
        check_alone(report);
    }
    let paths = rendered(report, render)?;
    // The summary counts pages: the HTML files, as a rebuild in part (`serve`) counts them,
    // not `data.json`, the sitemap or the feed written beside them.
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    check_theme_files(report, (site, theme), &paths);
    scan_beside_pages(&hooks, site, theme);
    hooks.report(options, report, site);
    if let Some(rules) = rules {
        // Every article was checked as its page rendered.
        add_findings(options, report, rules.unused_channels());
    }
    if report.error_count() > 0 {
        // An article or a page has a problem: the staged site is dropped, and the output
        // stays as it was.
        return None;
    }
    let Some(staging) = staging else {
        return Some(Built { pages, sheet: None });
    };
    let mut written = theme
        .static_files
        .iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes));
    let mut sheet = None;
    if written.is_ok() {
        written = put_images(site, &options.root, &staging);
    }
    if written.is_ok() {
        if let Some(print) = &options.print {
            let printed =
                crate::output::pdf::print_site(staging.dir(), print, &site.guide_file, report)?;
            written = (printed.pdfs.iter()).try_for_each(|f| staging.put(&f.path, &f.bytes));
            sheet = printed.height;
        }
    }
    if let Err(message) = written.and_then(|()| staging.finish()) {
        report.failed(message, "the previous output was left as it was");
        return None;
    }
    Some(Built { pages, sheet })
}

/// Copies the images beside the articles to where the pages' `<img src>` lead (every check
/// passed, so each one an article shows can be published), read again in parallel: each must
/// still be the file that was loaded and measured, or the build stops.
fn put_images(site: &Site, root: &Path, staging: &Staging) -> Result<(), Failure> {
    (site.images.par_iter())
        .filter(|(_, image)| image.size.is_ok())
        .try_for_each(|(path, image)| {
            let shown = site.guide_file.with_file_name(path);
            let bytes = image.bytes_to_publish(&root.join(&shown)).ok_or_else(|| {
                Failure::new(
                    "copy",
                    shown,
                    "it changed or went while the build was reading it",
                )
            })?;
            staging.put(path, &bytes)
        })
}

/// The numbers and addresses pages may show, and the attributes the theme's stylesheets show
/// as text (`content: attr(…)`), which the scan then reads on every element.
fn vetted_for(site: &Site, theme: &Theme) -> VettedNumbers {
    let shown = theme
        .static_files
        .iter()
        .filter(|file| matches!(static_read(&file.path), StaticRead::Style))
        .flat_map(|file| {
            crate::check::published::shown_by_css(&String::from_utf8_lossy(&file.bytes)).attributes
        });
    crate::check::vetted_numbers(site, Date::today()).with_shown_attributes(shown)
}

/// Reads what a reader meets besides the rendered pages: the theme's static pages and text
/// files, and the site's public address (in the sitemap and every canonical link).
fn scan_beside_pages(hooks: &StageHooks, site: &Site, theme: &Theme) {
    for file in &theme.static_files {
        match static_read(&file.path) {
            StaticRead::Markup => hooks.page(&file.path, &file.bytes, None),
            StaticRead::Text => hooks.text(&file.path, &String::from_utf8_lossy(&file.bytes)),
            StaticRead::Style => {
                let css = String::from_utf8_lossy(&file.bytes);
                hooks.text(
                    &file.path,
                    &crate::check::published::shown_by_css(&css).text,
                );
            }
            StaticRead::Unread | StaticRead::Refused => {}
        }
    }
    if let Some(base) = &site.guide.base_url {
        hooks.text(crate::output::publish::SITEMAP, &base.value);
    }
    // An SVG is text a reader sees: its numbers are checked like a page's. The other formats
    // are pixels, which no check can read (README: Images beside articles).
    // Its file name is an address a reader sees, like a page's.
    for (path, image) in &site.images {
        if crate::image::extension(path).as_deref() == Some("svg") {
            hooks.page(path, &image.svg, None);
        }
        // Located at the image file itself.
        let file = site.guide_file.with_file_name(path);
        hooks.scan.address(path, Some(&file));
    }
}

/// The check stage, as the render meets it: each article is parsed once, and checked from that
/// parse (with `rules`, in a build: `serve` checked its articles before, with its memo), and
/// every page the render writes is read as a reader meets it. What they find is kept for the
/// report, in the pipeline's order: the article checks, then the pages.
struct StageHooks<'s> {
    rules: Option<&'s ArticleRules<'s>>,
    found: Mutex<Vec<Diagnostic>>,
    scan: PageScan<'s>,
}

impl<'s> StageHooks<'s> {
    fn new(rules: Option<&'s ArticleRules<'s>>, vetted: &'s VettedNumbers) -> Self {
        StageHooks {
            rules,
            found: Mutex::new(Vec::new()),
            scan: PageScan::new(vetted),
        }
    }

    /// Adds what the checks found to `report`: a number the checks of the sources already
    /// reported at the same place is not reported again (it gains the pages it is on).
    fn report(self, options: &BuildOptions, report: &mut Report, site: &Site) {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        add_findings(options, report, found);
        let (numbers, emails) = self.scan.into_hits();
        let on_pages = crate::check::unvetted_on_pages(
            numbers,
            &report.sources,
            &site.guide_file,
            &mut report.diagnostics,
            &site.former_numbers,
        );
        add_findings(options, report, on_pages);
        let emails =
            crate::check::unvetted_emails_on_pages(emails, &report.sources, &site.guide_file);
        add_findings(options, report, emails);
    }
}

impl RenderHooks for StageHooks<'_> {
    fn parse<'t>(&self, article: &Article, body: &'t Body) -> Parsed<'t> {
        let parsed = crate::markdown::parse(body);
        if let Some(rules) = self.rules {
            let found = rules.check(article, body.whole(), &parsed);
            if !found.is_empty() {
                (self.found.lock().unwrap_or_else(|e| e.into_inner())).extend(found);
            }
        }
        parsed
    }

    fn page(&self, page: &str, html: &[u8], shows: Option<&Article>) {
        let article = shows.map(|a| &*a.file);
        self.scan.html(page, html, article);
        self.scan.address(page, article);
    }

    fn text(&self, page: &str, text: &str) {
        self.scan.text(page, text);
    }

    fn hold_back(&self) -> bool {
        self.scan.found_any()
    }
}

/// A render's outcome, its failure reported (`HeldBack` by the caller, which holds the hooks).
fn rendered<T>(report: &mut Report, result: Result<T, RenderError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(RenderError::Template(d)) => {
            report.push(*d);
            None
        }
        Err(RenderError::Write(message)) => {
            report.failed(message, "the previous output was left as it was");
            None
        }
        Err(RenderError::HeldBack) => None,
    }
}
