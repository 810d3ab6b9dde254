//! The live state shared by the watcher and the HTTP threads: which build is current, and its errors.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the latest rebuild left behind.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Bumped on every rebuild, good or bad; pages and the event stream compare it to reload.
    pub generation: u64,
    /// The failed rebuild's diagnostics as an HTML overlay; `None` while the site builds.
    pub overlay: Option<String>,
}

#[derive(Default)]
pub struct Live {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A panicking thread cannot leave a half-written Snapshot (it is replaced whole).
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// Records a rebuild and wakes every open event stream.
    pub fn publish(&self, overlay: Option<String>) {
        let mut snapshot = self.lock();
        snapshot.generation += 1;
        snapshot.overlay = overlay;
        self.changed.notify_all();
    }

    /// Waits until the generation differs from `seen` or `timeout` passes; returns the current one.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.generation
    }
}
