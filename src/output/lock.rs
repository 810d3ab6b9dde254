//! One build at a time per output folder: an exclusive `flock` on `.NAME.lock` beside it.
//!
//! Two builds into one folder would share its staging folder and remove each other's files.
//! The second build waits for the first (as cargo waits for its build folder) rather than
//! failing: `serve` and a `build` in another terminal are a normal way to work. The kernel
//! releases the lock when its process ends, however it ends, so a killed build never blocks
//! the next one.

use std::fs;
use std::path::{Path, PathBuf};

use super::guard::absolute;

/// Held while a build writes into an output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Takes the lock of `out`, waiting for another build to finish first (`waiting` is told
    /// once, before the wait).
    pub fn acquire(out: &Path, waiting: impl FnOnce(&Path)) -> Result<OutputLock, String> {
        let path = lock_path(out).ok_or("the output folder has no name")?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
        }
        let file = open_unlinked(&path)
            .map_err(|e| format!("failed to open the lock `{}`: {e}", path.display()))?;
        if !try_lock(&file, false)? {
            waiting(out);
            try_lock(&file, true)?;
        }
        Ok(OutputLock { _file: file })
    }
}

/// `.NAME.lock` beside the output folder `NAME`.
fn lock_path(out: &Path) -> Option<PathBuf> {
    let out = absolute(out);
    let name = out.file_name()?.to_string_lossy().into_owned();
    Some(out.parent()?.join(format!(".{name}.lock")))
}

/// Opens (creating) the lock file, never through a symlink: a link planted there must not
/// make a build create or truncate a file elsewhere.
fn open_unlinked(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Takes the exclusive lock: `Ok(false)` when another process holds it and `wait` is off.
#[cfg(target_os = "linux")]
fn try_lock(file: &fs::File, wait: bool) -> Result<bool, String> {
    use std::os::unix::io::AsRawFd;
    let operation = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: flock on a descriptor this function's caller owns for the call.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) if !wait => return Ok(false),
            _ => return Err(format!("failed to lock the output folder: {e}")),
        }
    }
}

/// Elsewhere `File::lock` (std, Rust 1.89) does the same.
#[cfg(not(target_os = "linux"))]
fn try_lock(file: &fs::File, wait: bool) -> Result<bool, String> {
    if wait {
        file.lock().map(|()| true).map_err(|e| e.to_string())
    } else {
        match file.try_lock() {
            Ok(()) => Ok(true),
            Err(fs::TryLockError::WouldBlock) => Ok(false),
            Err(fs::TryLockError::Error(e)) => Err(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = OutputLock::acquire(&out, |_| panic!("nobody holds it yet")).unwrap();
        let (told, released) = (
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        );
        let waiter = {
            let (out, told, released) = (out.clone(), told.clone(), released.clone());
            std::thread::spawn(move || {
                let _second = OutputLock::acquire(&out, |_| {
                    told.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .unwrap();
                // The lock came only after the first was dropped.
                assert!(released.load(std::sync::atomic::Ordering::SeqCst));
            })
        };
        while !told.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        released.store(true, std::sync::atomic::Ordering::SeqCst);
        drop(first);
        waiter.join().unwrap();
        assert!(dir.path().join(".output.lock").is_file());
    }
}
