//! Staging: rendered files → the output folder, all or nothing (stage beside it, then swap).
//!
//! Crash safety: the new site is written into `.NAME.staging` beside the output, then swapped
//! with the output in one atomic `renameat2(RENAME_EXCHANGE)` on Linux. A build killed at any
//! moment leaves `NAME` holding either the complete old site or the complete new one; the
//! leftover staging folder (a half-written new site, or the old site after the swap) carries
//! the marker and is removed by the next build.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Failure;

use super::guard::{absolute, has_marker, is_ours, side_folders, MARKER};

/// A new site being written beside its output folder, file by file as pages are rendered
/// (so a big site never waits in memory), then swapped in by `finish`. Dropped unfinished, it
/// is removed and the previous output is left exactly as it was.
pub struct Staging {
    dir: PathBuf,
    mode: Mode,
    finished: bool,
}

enum Mode {
    /// A new folder beside `out`, swapped in by `finish`; `old` is the fallback name of the
    /// previous site where the kernel cannot exchange folders.
    Swap { out: PathBuf, old: PathBuf },
    /// A folder in the temp folder that is never published, only printed (`check --print`).
    Scratch,
    /// The output folder itself, for `serve` after an edit: the few pages that changed are
    /// each replaced atomically (written aside, then renamed over the old one).
    InPlace,
}

impl Staging {
    /// Starts `.NAME.staging` beside `out`, after removing what a killed build left there.
    pub fn begin(out: &Path) -> Result<Staging, Failure> {
        let out = absolute(out);
        let parent =
            (out.parent()).ok_or_else(|| Failure::new("stage", &out, "it has no parent folder"))?;
        let (staging, old) =
            side_folders(&out).ok_or_else(|| Failure::new("stage", &out, "it has no name"))?;
        fs::create_dir_all(parent).map_err(|e| io_message("create", parent, &e))?;
        remove_leftover(&staging)?;
        remove_leftover(&old)?;
        Staging::start(staging, Mode::Swap { out, old })
    }

    /// A site in the temp folder that is never published, only printed.
    pub fn scratch() -> Result<Staging, Failure> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("madoguchi-site-{}-{stamp}", std::process::id()));
        Staging::start(dir, Mode::Scratch)
    }

    /// Updates the pages of a site madoguchi built in `out` where they are.
    pub fn in_place(out: &Path) -> Result<Staging, Failure> {
        let dir = absolute(out);
        if !has_marker(&dir) {
            return Err(Failure::new(
                "update",
                &dir,
                "it holds no site madoguchi built",
            ));
        }
        Ok(Staging {
            dir,
            mode: Mode::InPlace,
            finished: false,
        })
    }

    /// Writes the marker first, so a half-written staging folder is recognisably ours.
    fn start(dir: PathBuf, mode: Mode) -> Result<Staging, Failure> {
        fs::create_dir(&dir).map_err(|e| io_message("create", &dir, &e))?;
        let staging = Staging {
            dir,
            mode,
            finished: false,
        };
        let marker = staging.dir.join(MARKER);
        fs::write(
            &marker,
            "written by madoguchi; this folder is replaced on every build\n",
        )
        .map_err(|e| io_message("write", &marker, &e))?;
        Ok(staging)
    }

    /// The folder the site is written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (its folders are made as needed). Called from many threads at once.
    /// Nothing is synced: the swap is what makes a build all or nothing, and a crash
    /// mid-build leaves the old output.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let (file, target, written) = self.create(path)?;
        io::Write::write_all(&mut &file, bytes).map_err(|e| io_message("write", &written, &e))?;
        drop(file);
        finish_file(&target, &written)
    }

    /// A file to write a big page into piece by piece; `commit` completes it.
    pub fn open(&self, path: &str) -> Result<StagedFile, Failure> {
        let (file, target, written) = self.create(path)?;
        Ok(StagedFile {
            writer: io::BufWriter::with_capacity(256 * 1024, file),
            target,
            written,
        })
    }

    /// Creates the file for `path` (in place: beside it, to be renamed over it).
    fn create(&self, path: &str) -> Result<(fs::File, PathBuf, PathBuf), Failure> {
        let target = self.target(path)?;
        let written = match self.mode {
            Mode::InPlace => aside(&target),
            Mode::Swap { .. } | Mode::Scratch => target.clone(),
        };
        let file = match fs::File::create(&written) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                make_parent(&written)?;
                fs::File::create(&written)
            }
            other => other,
        }
        .map_err(|e| io_message("write", &written, &e))?;
        Ok((file, target, written))
    }

    /// Removes a page the site no longer has (only in place: a new folder starts empty).
    pub fn remove(&self, path: &str) -> Result<(), Failure> {
        let target = self.target(path)?;
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_message("remove", &target, &e)),
            _ => Ok(()),
        }
    }

    /// Where `path` goes in the staging folder; refused unless it stays inside.
    fn target(&self, path: &str) -> Result<PathBuf, Failure> {
        let inside = Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside || path.is_empty() {
            return Err(Failure::new(
                "write",
                path,
                "an output path must stay inside the output folder",
            ));
        }
        Ok(self.dir.join(path))
    }

    /// Makes the staged site the output (a scratch site is just removed).
    pub fn finish(mut self) -> Result<(), Failure> {
        self.finished = true;
        match &self.mode {
            Mode::Swap { out, old } => swap_in(&self.dir, out, old),
            Mode::Scratch => remove_leftover(&self.dir),
            Mode::InPlace => Ok(()),
        }
    }
}

/// The name a page is written under before it replaces `target` in place.
fn aside(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.madoguchi-new"))
}

/// A page being written; `commit` flushes it and, in place, renames it over the old page.
pub struct StagedFile {
    pub writer: io::BufWriter<fs::File>,
    target: PathBuf,
    /// Where it is being written: `target`, or beside it.
    written: PathBuf,
}

impl StagedFile {
    pub fn commit(mut self) -> Result<(), Failure> {
        io::Write::flush(&mut self.writer).map_err(|e| io_message("write", &self.written, &e))?;
        finish_file(&self.target, &self.written)?;
        self.written = self.target.clone();
        Ok(())
    }
}

impl Drop for StagedFile {
    /// A page written beside its target but never committed is removed.
    fn drop(&mut self) {
        if self.written != self.target {
            let _ = fs::remove_file(&self.written);
        }
    }
}

/// A file written beside its target replaces it (atomically, by rename).
fn finish_file(target: &Path, written: &Path) -> Result<(), Failure> {
    if target == written {
        return Ok(());
    }
    fs::rename(written, target).map_err(|e| io_message("replace", target, &e))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished && !matches!(self.mode, Mode::InPlace) {
            // Best effort: whatever is left carries the marker, and the next build removes it.
            let _ = remove_leftover(&self.dir);
        }
    }
}

/// Makes the staged site the output. Afterwards `staging` holds the old site (if any), then goes.
fn swap_in(staging: &Path, out: &Path, old: &Path) -> Result<(), Failure> {
    if out.symlink_metadata().is_err() {
        return fs::rename(staging, out).map_err(|e| io_message("move into place", out, &e));
    }
    match exchange(staging, out) {
        Ok(()) => remove_leftover(staging),
        Err(e) if exchange_unsupported(&e) => {
            // Not atomic: a crash between the two renames leaves no `out`, but `old` and
            // `staging` are both complete and marked; the next build cleans them up.
            fs::rename(out, old).map_err(|e| io_message("move aside", out, &e))?;
            fs::rename(staging, out).map_err(|e| io_message("move into place", out, &e))?;
            remove_leftover(old)
        }
        Err(e) => Err(io_message("swap in", out, &e)),
    }
}

/// Atomically exchanges two existing paths (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; the
    // syscall only reads them. The raw syscall works with every libc (glibc, musl).
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The kernel or file system cannot exchange (old kernels, some network file systems).
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::ENOSYS | libc::EINVAL)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Makes the folder of the first file written into it (another thread may be making it too,
/// which `create_dir_all` allows).
fn make_parent(file: &Path) -> Result<(), Failure> {
    match file.parent() {
        Some(folder) => fs::create_dir_all(folder).map_err(|e| io_message("create", folder, &e)),
        None => Ok(()),
    }
}

/// Removes a staging or old folder left by an earlier (perhaps killed) build, but only if it is
/// ours. The marker goes last, so a removal killed halfway still leaves a marked folder.
fn remove_leftover(dir: &Path) -> Result<(), Failure> {
    if dir.symlink_metadata().is_err() {
        return Ok(());
    }
    if !is_ours(dir) {
        return Err(Failure::new(
            "remove",
            dir,
            "it is in the way and was not written by madoguchi: remove or rename it",
        ));
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .and_then(|entries| entries.collect())
        .map_err(|e| io_message("list", dir, &e))?;
    // In parallel, like the folders below: the print page alone is as big as all the articles.
    entries
        .par_iter()
        .filter(|entry| entry.file_name() != MARKER)
        .try_for_each(|entry| {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let removed = if is_dir {
                remove_tree(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| io_message("remove", &path, &e))
        })?;
    let marker = dir.join(MARKER);
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(io_message("remove", &marker, &e))
        }
        _ => {}
    }
    fs::remove_dir(dir).map_err(|e| io_message("remove", dir, &e))
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

fn io_message(action: &str, path: &Path, e: &io::Error) -> Failure {
    Failure::new(action, path, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_resolves_dot_dot_in_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let p = absolute(&base.join("missing").join("..").join("x"));
        assert_eq!(p, base.join("x"));
    }

    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "a");
    }
}
