//! One build at a time per output folder: an exclusive `flock` on the folder that holds it.
//!
//! Two builds into one folder would share its staging folder and remove each other's files.
//! The second build waits for the first (as cargo waits for its build folder) rather than
//! failing: `serve` and a `build` in another terminal are a normal way to work. The lock is
//! on the output's parent folder itself, not on a lock file beside it: a lock file can be
//! deleted by someone who thinks it stale, and the next build would then lock a new file while
//! the first still writes. The kernel releases the lock when its process ends, however it
//! ends, so a killed build never blocks the next one. (Outputs that share a parent folder
//! take turns too; builds are short.)

use std::fs;
use std::path::Path;

use super::guard::absolute;
use crate::diagnostic::Failure;

/// Held while a build writes into an output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _folder: fs::File,
}

impl OutputLock {
    /// Takes the lock of `out`, waiting for another build to finish first (`waiting` is told
    /// once, before the wait).
    pub fn acquire(out: &Path, waiting: impl FnOnce(&Path)) -> Result<OutputLock, Failure> {
        let out_abs = absolute(out);
        let parent = (out_abs.parent())
            .ok_or_else(|| Failure::new("lock", out, "it has no parent folder"))?;
        fs::create_dir_all(parent).map_err(|e| Failure::new("create", parent, e))?;
        let folder = fs::File::open(parent).map_err(|e| Failure::new("open", parent, e))?;
        let locked = |wait| try_lock(&folder, wait).map_err(|e| Failure::new("lock", parent, e));
        if !locked(false)? {
            waiting(out);
            locked(true)?;
        }
        Ok(OutputLock { _folder: folder })
    }
}

impl OutputLock {
    /// Whether another build holds the lock of `out` right now (its folders beside `out` may
    /// then be half written).
    pub fn is_held(out: &Path) -> bool {
        let out_abs = absolute(out);
        let Some(folder) = out_abs.parent().and_then(|p| fs::File::open(p).ok()) else {
            return false;
        };
        // Taken here means free: dropping the file releases it at once.
        matches!(try_lock(&folder, false), Ok(false))
    }
}

/// Takes the exclusive lock: `Ok(false)` when another process holds it and `wait` is off.
#[cfg(target_os = "linux")]
fn try_lock(folder: &fs::File, wait: bool) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let operation = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: flock on a descriptor the caller owns for the whole call.
        if unsafe { libc::flock(folder.as_raw_fd(), operation) } == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) if !wait => return Ok(false),
            _ => return Err(e),
        }
    }
}

/// Elsewhere `File::lock` (std, Rust 1.89) does the same, where the system can lock a folder.
#[cfg(not(target_os = "linux"))]
fn try_lock(folder: &fs::File, wait: bool) -> std::io::Result<bool> {
    if wait {
        folder.lock().map(|()| true)
    } else {
        match folder.try_lock() {
            Ok(()) => Ok(true),
            Err(fs::TryLockError::WouldBlock) => Ok(false),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = OutputLock::acquire(&out, |_| panic!("nobody holds it yet")).unwrap();
        let told = Arc::new(AtomicBool::new(false));
        let released = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (out, told, released) = (out.clone(), told.clone(), released.clone());
            std::thread::spawn(move || {
                let _second =
                    OutputLock::acquire(&out, |_| told.store(true, Ordering::SeqCst)).unwrap();
                // The lock came only after the first was dropped.
                assert!(released.load(Ordering::SeqCst));
            })
        };
        while !told.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        released.store(true, Ordering::SeqCst);
        drop(first);
        waiter.join().unwrap();
        // Nothing is left beside the output: there is no lock file to delete.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
