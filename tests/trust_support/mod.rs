//! Shared helpers for the trust tests: a minimal valid guide, running the binary, output manifests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use html5gum::{Token, Tokenizer};
use madoguchi::diagnostic::render_all;
use madoguchi::pipeline::{build, BuildOptions};
use madoguchi::report::Report;

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
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: out.map(Path::to_path_buf),
        theme: "default".into(),
        strict: false,
        print: None,
        online: None,
    };
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

/// Every file under `dir` (relative path → contents hash and length), to compare whole sites.
pub fn manifest(dir: &Path) -> BTreeMap<String, (u64, usize)> {
    let mut files = BTreeMap::new();
    for entry in walk(dir) {
        let bytes = fs::read(&entry).unwrap();
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        files.insert(rel, (fnv1a(&bytes), bytes.len()));
    }
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
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
        if FORBIDDEN_TAGS.contains(&name.as_str()) {
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

pub fn html_files(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "html") {
            let rel = entry.strip_prefix(dir).unwrap().display().to_string();
            files.push((rel, fs::read_to_string(&entry).unwrap()));
        }
    }
    files
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
