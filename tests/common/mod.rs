//! A small DSL for integration tests (in the spirit of ripgrep's `tests/util.rs`): copy a fixture
//! guide into a temporary folder, edit it, run the real `madoguchi` binary on it, and look at the
//! exit code, the diagnostics on stderr and the files it wrote.
//!
//! Each bad case is the good base guide (`tests/fixtures/good/`) with one replacement:
//!
//! ```ignore
//! bad(GUIDE, "first: [shop-message]", "first: [shop-mesage]")
//!     .error("no channel with id `shop-mesage`", "content/guide.yaml:61:13");
//! ```
#![allow(dead_code)] // each test binary uses a different part of this module

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use html5gum::{Token, Tokenizer};
use madoguchi::diagnostic::render_all;
use madoguchi::pipeline::{build, BuildOptions};
use madoguchi::report::Report;

pub const GUIDE: &str = "content/guide.yaml";
pub const DELIVERY_MD: &str = "content/articles/delivery.md";
pub const FAQ_MD: &str = "content/articles/faq.md";
pub const CONTACT_MD: &str = "content/articles/help/contact.md";

/// Every file of a folder, by `/`-separated relative path, with its bytes.
pub type Snapshot = BTreeMap<String, Vec<u8>>;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A guide folder in a temporary directory, removed when dropped.
pub struct Guide {
    dir: tempfile::TempDir,
}

impl Guide {
    /// A copy of `tests/fixtures/NAME/`.
    pub fn fixture(name: &str) -> Guide {
        let guide = Guide::empty();
        copy_dir(&fixtures().join(name), guide.root());
        guide
    }

    /// The good base guide: builds with no errors and no warnings.
    pub fn good() -> Guide {
        Guide::fixture("good")
    }

    /// An empty folder.
    pub fn empty() -> Guide {
        Guide {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `output/` under the root.
    pub fn out(&self) -> PathBuf {
        self.root().join("output")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file (creating its folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
        self
    }

    /// Replaces the one occurrence of `from` in `rel` by `to` (panics unless it occurs exactly
    /// once, so a fixture change cannot silently turn a bad case into a good one).
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        let count = text.matches(from).count();
        assert_eq!(
            count, 1,
            "`{from}` occurs {count} times in {rel}, expected once"
        );
        self.write(rel, text.replacen(from, to, 1))
    }

    /// Appends text to a file.
    pub fn append(&self, rel: &str, more: &str) -> &Self {
        let text = self.read(rel);
        self.write(rel, text + more)
    }

    /// Runs `madoguchi ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_madoguchi"));
        command
            .args(args)
            .arg("--root")
            .arg(self.root())
            .current_dir(self.root())
            .env("NO_COLOR", "1");
        let output = command.output().expect("run madoguchi");
        let run = Run {
            code: output
                .status
                .code()
                .expect("madoguchi was killed by a signal"),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            out: self.out(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "madoguchi panicked:\n{}",
            run.stderr
        );
        run
    }

    /// `madoguchi build --root ROOT` (into `ROOT/output`).
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `madoguchi check --root ROOT`.
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// Every file under `output/`.
    pub fn output(&self) -> Snapshot {
        snapshot(&self.out())
    }
}

/// The good guide with one replacement in `file`: builds it first, applies the edit, builds
/// again and asserts the second build fails with exit code 1 and leaves the first output
/// byte-for-byte as it was. Returns the failed run for the message and location asserts.
pub fn bad(file: &str, from: &str, to: &str) -> Run {
    bad_with(|guide| {
        guide.replace(file, from, to);
    })
}

/// Like [`bad`], with any edit of the good guide.
pub fn bad_with(edit: impl FnOnce(&Guide)) -> Run {
    let guide = Guide::good();
    guide.build().ok();
    let before = guide.output();
    assert!(before.contains_key("index.html"));
    edit(&guide);
    let run = guide.build().code(1);
    assert_eq!(
        guide.output(),
        before,
        "a failed build changed the previous output"
    );
    run
}

/// The good guide with one replacement in `file`, which must build (exit 0, no diagnostics).
pub fn good_with(file: &str, from: &str, to: &str) -> Run {
    let guide = Guide::good();
    guide.replace(file, from, to);
    guide.build().ok()
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub stdout: String,
    pub out: PathBuf,
}

/// One diagnostic as printed: its first line and the `--> file:line:col` under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// `error` or `warning`.
    pub level: String,
    pub message: String,
    /// `file:line:col`, or `None` when the diagnostic has no span.
    pub location: Option<String>,
    /// Everything printed for this diagnostic (snippet, label, help).
    pub text: String,
}

impl Run {
    /// Asserts the exit code.
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(
            self.code, expected,
            "expected exit code {expected}, got {}; stderr:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// Asserts exit code 0 and no diagnostics at all.
    pub fn ok(self) -> Run {
        let run = self.code(0);
        assert!(
            run.diagnostics().is_empty(),
            "expected no diagnostics:\n{}",
            run.stderr
        );
        run
    }

    /// The diagnostics on stderr, in the order printed.
    pub fn diagnostics(&self) -> Vec<Printed> {
        let mut found: Vec<Printed> = Vec::new();
        for line in self.stderr.lines() {
            let level = ["error", "warning"]
                .into_iter()
                .find(|l| line.starts_with(&format!("{l}: ")));
            if let Some(level) = level {
                found.push(Printed {
                    level: level.to_owned(),
                    message: line[level.len() + 2..].to_owned(),
                    location: None,
                    text: String::new(),
                });
                continue;
            }
            let Some(current) = found.last_mut() else {
                continue;
            };
            current.text.push_str(line);
            current.text.push('\n');
            let trimmed = line.trim_start();
            if current.location.is_none() {
                if let Some(location) = trimmed.strip_prefix("--> ") {
                    current.location = Some(location.trim().to_owned());
                }
            }
        }
        found
    }

    pub fn errors(&self) -> Vec<Printed> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.level == "error")
            .collect()
    }

    pub fn warnings(&self) -> Vec<Printed> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.level == "warning")
            .collect()
    }

    /// Asserts a diagnostic of `level` whose message contains `message`, printed at exactly
    /// `location`; returns it for further checks (label, help).
    pub fn find(&self, level: &str, message: &str, location: &str) -> Printed {
        let all = self.diagnostics();
        all.iter()
            .find(|d| {
                d.level == level
                    && d.message.contains(message)
                    && d.location.as_deref() == Some(location)
            })
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no {level} containing `{message}` at {location}; printed:\n{}",
                    self.stderr
                )
            })
    }

    /// Asserts an error containing `message` at `location` (e.g. `content/guide.yaml:3:7`).
    pub fn error(&self, message: &str, location: &str) -> Printed {
        self.find("error", message, location)
    }

    pub fn warning(&self, message: &str, location: &str) -> Printed {
        self.find("warning", message, location)
    }

    /// Asserts exactly one diagnostic was printed, an error containing `message` at `location`.
    pub fn only_error(&self, message: &str, location: &str) -> Printed {
        let printed = self.error(message, location);
        assert_eq!(
            self.diagnostics().len(),
            1,
            "expected one diagnostic:\n{}",
            self.stderr
        );
        printed
    }

    /// Asserts an error containing `message`, wherever it points (for diagnostics without a span).
    pub fn error_anywhere(&self, message: &str) -> Printed {
        self.diagnostics()
            .into_iter()
            .find(|d| d.level == "error" && d.message.contains(message))
            .unwrap_or_else(|| panic!("no error containing `{message}`; printed:\n{}", self.stderr))
    }
}

impl Printed {
    /// Asserts the diagnostic (message, snippet, label, help) contains `part`.
    pub fn mentions(&self, part: &str) -> &Self {
        assert!(
            self.message.contains(part) || self.text.contains(part),
            "`{}` does not mention `{part}`:\n{}",
            self.message,
            self.text
        );
        self
    }

    /// Asserts the `help:` line contains `part`.
    pub fn help(&self, part: &str) -> &Self {
        let help = self
            .text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("= help: "))
            .unwrap_or_else(|| panic!("`{}` has no help line:\n{}", self.message, self.text));
        assert!(
            help.contains(part),
            "help of `{}` lacks `{part}`: {help}",
            self.message
        );
        self
    }
}

/// Every file under `dir` with its bytes (empty when `dir` does not exist).
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    if dir.is_dir() {
        collect(dir, dir, &mut files);
    }
    files
}

fn collect(root: &Path, dir: &Path, files: &mut Snapshot) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            files.insert(rel.replace('\\', "/"), fs::read(&path).unwrap());
        }
    }
}

/// Copies a folder tree (creating `to`).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Days since 1970-01-01 (UTC) now.
pub fn utc_day_number() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    secs.div_euclid(86_400)
}

/// `YYYY-MM-DD` of a day number (Howard Hinnant's civil-from-days).
pub fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ── Helpers of the trust tests: a minimal valid guide, running the pipeline or the binary, ──
// ── whole-site manifests, and reading HTML the way a browser tokenizes it.               ──

/// A small guide that builds cleanly. `title` shows up on every page, so two titles give two
/// distinguishable sites.
pub fn guide_yaml(title: &str) -> String {
    format!(
        r#"title: "{title}"
lang: ja
official_domains: [example.jp]
channels:
  - id: help
    name: Help desk
    kind: form
    owner: Example
    how: Use the form on the official site.
    url: https://www.example.jp/help
    source: {{ url: "https://www.example.jp/help", title: "Help", checked: 2026-11-01 }}
situations:
  - id: lost
    title: Lost parcel
    summary: The parcel did not arrive.
    first: [help]
    steps: [Check the order page.]
"#
    )
}

/// Writes a minimal guide (guide.yaml and one article) under `root`.
pub fn write_guide(root: &Path, title: &str) {
    write(&root.join("content/guide.yaml"), &guide_yaml(title));
    write(
        &root.join("content/articles/about.md"),
        "---\ntitle: About\n---\nA short article.\n",
    );
}

pub fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs the pipeline in-process, as `build` into `out` or as `check` when `out` is `None`:
/// whether a site came out, the report, and its diagnostics as the terminal shows them.
#[allow(dead_code)]
pub fn run_pipeline(root: &Path, out: Option<&Path>) -> (bool, Report, String) {
    let options = BuildOptions::new(root, out);
    let mut report = Report::default();
    let built = build(&options, &mut report).is_some();
    let text = render_all(&report.diagnostics, &report.sources, false);
    (built, report, text)
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
}

/// Runs `madoguchi ARGS` with a home folder of our choosing (never the real one).
pub fn run(args: &[&str], home: &Path) -> Output {
    bin()
        .args(args)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` (relative path → contents hash and length), to compare whole sites
/// without holding them.
pub fn manifest(dir: &Path) -> BTreeMap<String, (u64, usize)> {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
            (path, (hash, bytes.len()))
        })
        .collect()
}

/// A small deterministic random number generator (xorshift), seeded from the clock and printed,
/// so a failing run can be replayed with `MADOGUCHI_SEED`.
pub struct Rng(u64);

impl Rng {
    pub fn from_env_or_clock() -> Self {
        let seed = std::env::var("MADOGUCHI_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("seed: MADOGUCHI_SEED={seed}");
        Rng(seed | 1)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Everything in `html` that a browser would treat as script, a document load or a style.
pub fn live_markup(html: &str) -> Vec<String> {
    const FORBIDDEN_TAGS: &[&str] = &[
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
        "style", "textarea", "math", "template", "portal",
    ];
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "srcset",
        "background",
        "cite",
        "ping",
    ];
    let mut found = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let attributes: Vec<(String, String)> = (tag.attributes.iter())
            .map(|(k, v)| {
                let k = String::from_utf8_lossy(k).to_ascii_lowercase();
                (k, String::from_utf8_lossy(&v.value).into_owned())
            })
            .collect();
        if FORBIDDEN_TAGS.contains(&name.as_str()) && !is_theme_search(&name, &attributes) {
            found.push(format!("<{name}> element"));
        }
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&value.value).into_owned();
            if attr.starts_with("on") {
                found.push(format!("<{name} {attr}=…> event handler"));
            }
            if attr == "style" {
                found.push(format!("<{name} style=…> inline style"));
            }
            if name == "meta"
                && attr == "http-equiv"
                && !value.eq_ignore_ascii_case("Content-Security-Policy")
            {
                found.push(format!("<meta http-equiv={value}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // As a browser reads a URL: leading/trailing C0 and spaces, and tabs and newlines
                // anywhere, are dropped before the scheme is looked at.
                let url: String = value
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    if url.starts_with(scheme) {
                        found.push(format!("<{name} {attr}={value:?}> {scheme} URL"));
                    }
                }
            }
        }
    }
    found
}

/// The default theme's own search markup, exactly: the header's `<form role="search">` that
/// leads to `search.html`, and `search.html`'s `<script src="…search.js" defer>` and the like
/// (`search-tokens.js`, `search/meta.js`; no inline code). Anything else of those tags is
/// still live markup.
fn is_theme_search(name: &str, attributes: &[(String, String)]) -> bool {
    let attr = |key: &str| {
        (attributes.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let keys = attributes;
    let relative = |url: &str, file: &str| {
        url.strip_suffix(file)
            .is_some_and(|dots| dots.split('/').all(|s| s.is_empty() || s == ".."))
    };
    match name {
        "form" => {
            keys.len() == 4
                && attr("class").as_deref() == Some("site-search")
                && attr("role").as_deref() == Some("search")
                && attr("method").as_deref() == Some("get")
                && attr("action").is_some_and(|a| relative(&a, "search.html"))
        }
        "script" => {
            keys.len() == 2
                && attr("defer").is_some()
                && attr("src").is_some_and(|s| {
                    ["search-tokens.js", "search.js", "search/meta.js"]
                        .iter()
                        .any(|file| relative(&s, file))
                })
        }
        _ => false,
    }
}

/// Every HTML page under `dir`, by its path, as text.
pub fn html_files(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// All visible text of a page (what the tokenizer reads as text), to prove payloads were kept.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    for token in Tokenizer::new(html).flatten() {
        if let Token::String(s) = token {
            text.push_str(&String::from_utf8_lossy(&s.value));
        }
    }
    text
}

/// The texts of the links in `html`, in order.
pub fn link_texts_in(html: &str) -> Vec<String> {
    (html.split("<a href=\"").skip(1))
        .map(|a| {
            let text = &a[a.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}
