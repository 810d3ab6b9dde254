//! Output folder safety: `build` replaces only a folder it made (marker inside) or an empty one,
//! refuses every other target with a clear message, and never deletes anything outside `--out`.

mod common;

use std::fs;
use std::path::Path;

use common::{manifest, run, stderr, write, write_guide};

/// A guide in `tmp/guide`, a home folder in `tmp/home` with a file in it, and a bystander file.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_guide(&tmp.path().join("guide"), "Guide");
    write(&tmp.path().join("home/notes.txt"), "my notes");
    write(&tmp.path().join("bystander.txt"), "keep me");
    tmp
}

/// Runs a build that must be refused with `why` in its message, and checks nothing changed.
fn assert_refused(tmp: &Path, out: &str, why: &str) {
    let before = manifest(tmp);
    let root = tmp.join("guide");
    let output = run(
        &["build", "--root", root.to_str().unwrap(), "--out", out],
        &tmp.join("home"),
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "--out {out}: {err}");
    assert!(
        err.contains("refusing to write the site"),
        "--out {out}: {err}"
    );
    assert!(
        err.contains(why),
        "--out {out}: expected `{why}` in:\n{err}"
    );
    assert_eq!(manifest(tmp), before, "--out {out} changed files");
}

fn build(tmp: &Path, out: &str) -> std::process::Output {
    let root = tmp.join("guide");
    run(
        &["build", "--root", root.to_str().unwrap(), "--out", out],
        &tmp.join("home"),
    )
}

#[test]
fn the_guide_folder_itself_is_refused() {
    let tmp = setup();
    assert_refused(tmp.path(), ".", "contains the guide itself");
    let guide = tmp.path().join("guide");
    assert_refused(
        tmp.path(),
        guide.to_str().unwrap(),
        "contains the guide itself",
    );
    assert_refused(tmp.path(), "content/..", "contains the guide itself");
}

#[test]
fn the_file_system_root_is_refused() {
    let tmp = setup();
    let output = build(tmp.path(), "/");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("file system root"), "{err}");
    let output = build(tmp.path(), "/tmp/../..");
    assert!(stderr(&output).contains("file system root"), "{err}");
}

#[test]
fn the_home_folder_and_its_parents_are_refused() {
    let tmp = setup();
    let home = tmp.path().join("home");
    assert_refused(tmp.path(), home.to_str().unwrap(), "is your home folder");
    let via_dots = format!("{}/../home/.", home.display());
    assert_refused(tmp.path(), &via_dots, "is your home folder");
    // The home folder's parent (here the temp dir) holds the home folder: refused too.
    assert_refused(tmp.path(), "../..", "contains your home folder");
}

#[test]
fn content_and_theme_folders_are_refused() {
    let tmp = setup();
    assert_refused(tmp.path(), "content", "inside the guide's content/ folder");
    assert_refused(
        tmp.path(),
        "content/site",
        "inside the guide's content/ folder",
    );
    assert_refused(
        tmp.path(),
        "themes/default/out",
        "inside the guide's themes/ folder",
    );
}

#[test]
fn a_file_is_refused() {
    let tmp = setup();
    let file = tmp.path().join("bystander.txt");
    assert_refused(
        tmp.path(),
        file.to_str().unwrap(),
        "is a file, not a folder",
    );
}

#[test]
fn a_folder_with_unrelated_files_is_refused() {
    let tmp = setup();
    write(&tmp.path().join("docs/report.odt"), "precious");
    let docs = tmp.path().join("docs");
    assert_refused(tmp.path(), docs.to_str().unwrap(), "did not write");
    // A hidden file counts as unrelated too.
    write(&tmp.path().join("hidden/.config"), "x");
    let hidden = tmp.path().join("hidden");
    assert_refused(tmp.path(), hidden.to_str().unwrap(), "did not write");
}

#[test]
fn an_unrelated_folder_where_staging_goes_is_refused() {
    let tmp = setup();
    write(&tmp.path().join("guide/.output.staging/mine.txt"), "mine");
    assert_refused(tmp.path(), "output", "is in the way");
    fs::remove_dir_all(tmp.path().join("guide/.output.staging")).unwrap();
    write(&tmp.path().join("guide/.output.old/mine.txt"), "mine");
    assert_refused(tmp.path(), "output", "is in the way");
}

#[test]
fn an_empty_folder_is_used_and_marked() {
    let tmp = setup();
    let out = tmp.path().join("empty");
    fs::create_dir(&out).unwrap();
    let output = build(tmp.path(), out.to_str().unwrap());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join(".madoguchi-output").is_file());
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_marked_folder_is_replaced_and_nothing_beside_it_is_touched() {
    let tmp = setup();
    let first = build(tmp.path(), "output");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let out = tmp.path().join("guide/output");
    write(&out.join("stale.html"), "from an older build");
    let outside_before: Vec<_> = manifest(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("guide/output/"))
        .collect();
    let second = build(tmp.path(), "output");
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        !out.join("stale.html").exists(),
        "the old output is replaced whole"
    );
    assert!(out.join("index.html").is_file());
    let outside_after: Vec<_> = manifest(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("guide/output/"))
        .collect();
    assert_eq!(outside_after, outside_before);
    let leftovers: Vec<_> = fs::read_dir(tmp.path().join("guide"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up() {
    let tmp = setup();
    let guide = tmp.path().join("guide");
    // A staging folder cut short (marker written, pages half done) and an old site moved aside.
    write(&guide.join(".output.staging/.madoguchi-output"), "");
    write(
        &guide.join(".output.staging/situations/lost.html"),
        "<p>half",
    );
    write(&guide.join(".output.old/.madoguchi-output"), "");
    write(&guide.join(".output.old/index.html"), "old");
    fs::create_dir_all(guide.join(".output.old/empty-dir")).unwrap();
    let output = build(tmp.path(), "output");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!guide.join(".output.staging").exists());
    assert!(!guide.join(".output.old").exists());
    assert!(guide.join("output/index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let tmp = setup();
    assert_eq!(build(tmp.path(), "output").status.code(), Some(0));
    let out = tmp.path().join("guide/output");
    let before = manifest(&out);
    write(
        &tmp.path().join("guide/content/guide.yaml"),
        "title: x\nsorce: y\n",
    );
    let output = build(tmp.path(), "output");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(manifest(&out), before);
}

#[test]
fn an_out_that_is_a_symlink_to_nowhere_is_refused_and_kept() {
    // The swap would have put the new site where the link was and moved the link aside.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    common::write_guide(&root, "Guide");
    let link = root.join("site");
    std::os::unix::fs::symlink(tmp.path().join("not-yet"), &link).unwrap();
    let output = common::run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            link.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(output.status.code(), Some(2), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("is a symlink to no folder"));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(!tmp.path().join("not-yet").exists());
}
