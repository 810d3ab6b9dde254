//! Write: rendered files → the output folder, all or nothing (stage beside it, then swap).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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
/// `..` after a missing folder is resolved too, so `missing/../content/x` is seen as `content/x`.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            // `resolved` is canonical wherever it exists, so its parent is the real parent.
            Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                if let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
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
    for file in files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_message("create", dir, &e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| io_message("write", &path, &e))?;
    }
    let marker = staging.join(MARKER);
    fs::write(
        &marker,
        "written by madoguchi; this folder is replaced on every build\n",
    )
    .map_err(|e| io_message("write", &marker, &e))
}

fn remove_if_present(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_message("remove", dir, &e)),
        _ => Ok(()),
    }
}

fn io_message(action: &str, path: &Path, e: &io::Error) -> String {
    format!("failed to {action} `{}`: {e}", path.display())
}
