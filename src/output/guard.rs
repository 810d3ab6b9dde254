//! The output folder's guard: a build replaces only a folder it made (marked), never the
//! guide, the home folder or a folder of someone else's files.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// A file madoguchi puts in every output folder, so it only ever replaces folders it made.
pub const MARKER: &str = ".madoguchi-output";

/// Why an output folder may not be used; `None` when it is safe to replace.
pub fn refuse_out_dir(root: &Path, out: &Path) -> Option<String> {
    if out.is_file() {
        return Some(format!("`{}` is a file, not a folder", out.display()));
    }
    // A symlink to a folder is followed; one that leads nowhere (or in a loop) would be swapped
    // away for the new site, and the link lost.
    let is_link = out
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link && !out.is_dir() {
        return Some(format!("`{}` is a symlink to no folder", out.display()));
    }
    let out_abs = absolute(out);
    if out_abs.parent().is_none() {
        return Some("the output cannot be the file system root".into());
    }
    if let Some(home) = home_dir() {
        if home == out_abs {
            return Some(format!("`{}` is your home folder", out.display()));
        }
        if home.starts_with(&out_abs) {
            return Some(format!("`{}` contains your home folder", out.display()));
        }
    }
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
    if out_abs.is_dir() && !is_ours(&out_abs) {
        return Some(format!(
            "`{}` holds files madoguchi did not write (no {MARKER} marker)",
            out.display()
        ));
    }
    let (staging, old) = side_folders(&out_abs)?;
    [staging, old]
        .into_iter()
        .find(|side| side.symlink_metadata().is_ok() && !is_ours(side))
        .map(|side| {
            format!(
                "`{}` is in the way: madoguchi stages the site there, but it holds files \
                 madoguchi did not write",
                side.display()
            )
        })
}

/// The home folder, resolved, so `--out ~` and `--out /home` are refused however written.
fn home_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(absolute(Path::new(&home)))
}

/// Whether `dir` carries the marker: a regular file, not a symlink (a link could point at any
/// file and make a folder of someone else's files look like ours).
pub fn has_marker(dir: &Path) -> bool {
    (dir.join(MARKER).symlink_metadata()).is_ok_and(|m| m.file_type().is_file())
}

/// Which build wrote an output folder: the identity of its marker file, which every build
/// that replaces the folder writes afresh. `serve` compares it before it updates pages in
/// place, so an output another build replaced in the meantime is rebuilt whole, never mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputIdentity {
    device: u64,
    inode: u64,
    changed_ns: i64,
}

/// The identity of the output in `dir`, or `None` (no marker, or no way to tell builds apart
/// on this system, which makes `serve` rebuild whole).
pub fn output_identity(dir: &Path) -> Option<OutputIdentity> {
    let meta = dir.join(MARKER).symlink_metadata().ok()?;
    identity_of(&meta)
}

#[cfg(unix)]
fn identity_of(meta: &fs::Metadata) -> Option<OutputIdentity> {
    use std::os::unix::fs::MetadataExt;
    meta.file_type().is_file().then(|| OutputIdentity {
        device: meta.dev(),
        inode: meta.ino(),
        changed_ns: meta.ctime() * 1_000_000_000 + meta.ctime_nsec(),
    })
}

#[cfg(not(unix))]
fn identity_of(_: &fs::Metadata) -> Option<OutputIdentity> {
    None
}

/// A folder madoguchi may delete: a real (not symlinked) folder that is empty or carries the marker.
pub(super) fn is_ours(dir: &Path) -> bool {
    let is_real_dir = dir.symlink_metadata().is_ok_and(|m| m.is_dir());
    is_real_dir && (has_marker(dir) || is_empty_dir(dir))
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// The staging folder and the (fallback) old folder beside `out`: `.NAME.staging`, `.NAME.old`.
pub fn side_folders(out: &Path) -> Option<(PathBuf, PathBuf)> {
    let parent = out.parent()?;
    let name = out.file_name()?.to_string_lossy();
    Some((
        parent.join(format!(".{name}.staging")),
        parent.join(format!(".{name}.old")),
    ))
}

/// An absolute, symlink-free path, even when the last parts do not exist yet.
/// `..` after a missing folder is resolved too, so `missing/../content/x` is seen as `content/x`.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            // `resolved` is symlink-free, so its parent is what the kernel would reach.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
            Component::RootDir | Component::Prefix(_) => resolved.push(component),
        }
    }
    resolved
}
