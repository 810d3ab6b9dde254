//! Crash safety: a build killed (SIGKILL) at a random moment leaves the output folder holding the
//! complete old site or the complete new one, never a mix, and the next build cleans up.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{bin, guide_yaml, manifest, write, Rng};

const ARTICLES: usize = 2_000;
const KILLS: usize = 30;

type Manifest = BTreeMap<String, (u64, usize)>;

/// A guide with `ARTICLES` free-standing articles, so writing the site takes a while.
fn generate_guide(root: &Path) {
    let paragraph = "落ち着いて、公式サイトから窓口をたどってください。".repeat(20);
    for i in 0..ARTICLES {
        write(
            &root.join(format!("content/articles/a{:02}/n{i:04}.md", i % 50)),
            &format!("---\ntitle: Article {i}\norder: {i}\n---\n## Part {i}\n\n{paragraph}\n"),
        );
    }
}

fn set_version(root: &Path, version: &str) {
    write(&root.join("content/guide.yaml"), &guide_yaml(version));
}

/// Builds to completion; returns how long it took.
fn build_fully(root: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let output = bin()
        .args(["build", "--root", root.to_str().unwrap(), "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site."))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    generate_guide(&root);
    let out = root.join("site");
    // Reference sites, and how long a build that replaces an existing site takes.
    let mut sites: BTreeMap<&str, Manifest> = BTreeMap::new();
    let mut replacing = Vec::new();
    for version in ["Version A", "Version B", "Version A"] {
        set_version(&root, version);
        replacing.push(build_fully(&root, &out));
        sites.insert(version, manifest(&out));
    }
    // The first build made the folder; the others replaced it. The quicker one bounds the
    // waits, so a loaded machine does not stretch the test.
    let full_build = replacing[1].min(replacing[2]);
    assert_ne!(sites["Version A"], sites["Version B"]);
    assert!(sites["Version A"].len() > ARTICLES);

    let mut current = "Version A";
    let mut rng = Rng::from_env_or_clock();
    let (mut kept_old, mut got_new, mut left_staging) = (0, 0, 0);
    for kill in 0..KILLS {
        let next = if current == "Version A" {
            "Version B"
        } else {
            "Version A"
        };
        set_version(&root, next);
        let mut child = bin()
            .args(["build", "--root", root.to_str().unwrap(), "--out"])
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from the start to twice a full build (builds vary with the machine's load).
        let wait_us = rng.below(full_build.as_micros() as u64 * 2);
        std::thread::sleep(Duration::from_micros(wait_us));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        if !leftovers(&root).is_empty() {
            left_staging += 1;
        }
        let found = manifest(&out);
        let which = sites
            .iter()
            .find(|(_, site)| **site == found)
            .map(|(v, _)| *v)
            .unwrap_or_else(|| {
                panic!(
                    "kill {kill} after {wait_us} µs left a mixed or partial site ({} files)",
                    found.len()
                )
            });
        if which == current {
            kept_old += 1;
        } else {
            got_new += 1;
        }
        current = which;
    }
    eprintln!(
        "{KILLS} kills: old site kept {kept_old}, new site complete {got_new}, \
         staging left behind {left_staging}; full build {full_build:?}"
    );
    assert!(
        kept_old > 0,
        "no kill interrupted a build: the test did not test anything"
    );

    // The next build removes whatever a killed build left beside the output.
    set_version(&root, "Version B");
    build_fully(&root, &out);
    assert_eq!(manifest(&out), sites["Version B"]);
    assert_eq!(leftovers(&root), Vec::<String>::new());
}
