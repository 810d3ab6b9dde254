//! Write: rendered files → the output folder, all or nothing (stage beside it, then swap).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// A file madoguchi puts in every output folder, so it only ever replaces folders it made.
pub const MARKER: &str = ".madoguchi-output";

/// Why an output folder may not be used.
pub fn refuse_out_dir(root: &Path, out: &Path) -> Option<String> {
    if out.is_file() {
        return Some(format!("`{}` is a file, not a folder", out.display()));
    }
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    for protected in ["content", "themes"] {
        if out_abs.starts_with(root_abs.join(protected)) {
            return Some(format!(
                "`{}` is inside the guide's {protected}/ folder",
                out.display()
            ));
        }
    }
    if root_abs.starts_with(&out_abs) {
        return Some(format!("`{}` contains the guide itself", out.display()));
    }
    if out_abs.parent().is_none() {
        return Some("the output cannot be the file system root".into());
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() && !is_empty_dir(&out_abs) {
        return Some(format!(
            "`{}` holds files madoguchi did not write (no {MARKER} marker)",
            out.display()
        ));
    }
    None
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// An absolute, symlink-free path, even when the last parts do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// Writes every file into a staging folder beside `out`, then swaps it in.
/// On any error the previous `out` is left exactly as it was.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), String> {
    let out = absolute(out);
    let parent = out.parent().ok_or("the output folder has no parent")?;
    let name = out
        .file_name()
        .ok_or("the output folder has no name")?
        .to_string_lossy();
    fs::create_dir_all(parent).map_err(|e| io_message("create", parent, &e))?;
    let staging = parent.join(format!(".{name}.staging"));
    let old = parent.join(format!(".{name}.old"));
    remove_if_present(&staging)?;
    remove_if_present(&old)?;
    fs::create_dir(&staging).map_err(|e| io_message("create", &staging, &e))?;
    let staged = stage(&staging, files);
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(&out, &old).map_err(|e| io_message("move aside", &out, &e))?;
    }
    fs::rename(&staging, &out).map_err(|e| io_message("move into place", &out, &e))?;
    remove_if_present(&old)
}

fn stage(staging: &Path, files: &[OutputFile]) -> Result<(), String> {
    // Folders first (few, in order), then the files in parallel. Nothing is synced: the swap
    // is what makes a build all or nothing, and a crash mid-build leaves the old output.
    let dirs: BTreeSet<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .collect();
    for dir in dirs {
        let dir = staging.join(dir);
        fs::create_dir_all(&dir).map_err(|e| io_message("create", &dir, &e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        fs::write(&path, &file.bytes).map_err(|e| io_message("write", &path, &e))
    })?;
    let marker = staging.join(MARKER);
    fs::write(
        &marker,
        "written by madoguchi; this folder is replaced on every build\n",
    )
    .map_err(|e| io_message("write", &marker, &e))
}

fn remove_if_present(dir: &Path) -> Result<(), String> {
    match remove_tree(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_message("remove", dir, &e)),
        _ => Ok(()),
    }
}

/// `fs::remove_dir_all`, with the entries of each folder removed in parallel (a big site's
/// old output is as many files as the new one). Symlinks are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

fn io_message(action: &str, path: &Path, e: &io::Error) -> String {
    format!("failed to {action} `{}`: {e}", path.display())
}
