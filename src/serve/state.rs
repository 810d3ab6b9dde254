//! The live state shared by the watcher and the HTTP threads: which build is current, and its
//! errors; and the pools of connection slots the HTTP threads hold.

use std::collections::VecDeque;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the latest rebuild left behind.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Bumped on every rebuild, good or bad, and on every change of the fit overlay; pages
    /// and the event stream compare it to reload.
    pub generation: u64,
    /// The generation of the latest rebuild (the fit worker's verdicts are for one rebuild).
    pub build: u64,
    /// What every page shows over the site: a failed rebuild's diagnostics, else the cheat
    /// sheet's overflow; `None` while all is well.
    pub overlay: Option<String>,
    /// The last overflow the fit worker found (kept across rebuilds until a print fits).
    sheet: Option<SheetOverlay>,
}

/// A cheat sheet overflow as the overlay shows it: as measured, and while the rebuild after
/// it is printed again (the same, marked as re-measuring).
#[derive(Debug, Clone)]
pub struct SheetOverlay {
    pub measured: String,
    pub remeasuring: String,
}

#[derive(Default)]
pub struct Live {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
    /// Where rebuilds ask for the cheat sheet's fit to be printed (when Chromium is found).
    pub fit: std::sync::OnceLock<std::sync::mpsc::Sender<super::fit::FitRequest>>,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A panicking thread cannot leave a half-written Snapshot (it is replaced whole).
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// Records a rebuild and wakes every open event stream; returns its generation. A rebuild
    /// that succeeds keeps showing the last overflow the fit worker found, marked as
    /// re-measuring, until the worker's verdict on this rebuild arrives: the overlay does not
    /// vanish for the seconds a print takes and come back.
    pub fn publish(&self, failure: Option<String>) -> u64 {
        let mut snapshot = self.lock();
        snapshot.generation += 1;
        snapshot.build = snapshot.generation;
        snapshot.overlay =
            failure.or_else(|| (snapshot.sheet.as_ref()).map(|sheet| sheet.remeasuring.clone()));
        self.changed.notify_all();
        snapshot.generation
    }

    /// The fit worker's verdict on the rebuild of `build`: `Some` overflow, or `None` for a
    /// sheet that fits. Dropped when a newer rebuild replaced that one. Open pages reload
    /// when what they show changes; returns whether it did.
    pub fn sheet_verdict(&self, build: u64, verdict: Option<SheetOverlay>) -> bool {
        let mut snapshot = self.lock();
        if snapshot.build != build {
            return false;
        }
        let shown = verdict.as_ref().map(|sheet| sheet.measured.clone());
        snapshot.sheet = verdict;
        if snapshot.overlay == shown {
            return false;
        }
        snapshot.overlay = shown;
        snapshot.generation += 1;
        self.changed.notify_all();
        true
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

/// A bounded number of connections served at once. A slot is held from `admit` (or
/// `try_acquire`) until the `Slot` is dropped.
///
/// Connections still reading their request head can be cut off: when the pool is full, a new
/// connection takes the slot of the one that has been reading its head the longest (that one is
/// answered 503), so slow or idle senders can never keep a quick request out. Only when every
/// slot is busy answering is a new connection refused.
pub struct Pool {
    capacity: usize,
    slots: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    /// Slots held, including those reading their head.
    held: usize,
    next_id: u64,
    /// The slots still reading their head, oldest first, with a handle to cut each one off.
    reading: VecDeque<(u64, TcpStream)>,
    /// Slots whose connection was cut off and whose place went to a newer one.
    evicted: Vec<u64>,
}

/// One held slot of a `Pool`; dropping it gives the slot back.
pub struct Slot {
    pool: Arc<Pool>,
    id: u64,
}

impl Pool {
    pub fn new(capacity: usize) -> Arc<Pool> {
        Arc::new(Pool {
            capacity,
            slots: Mutex::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        // Every change below is made whole under the lock, so a poisoned one is still consistent.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a connection about to read its request head, cutting off the longest-reading
    /// head if the pool is full; `None` when every slot is busy answering.
    pub fn admit(self: &Arc<Self>, stream: &TcpStream) -> Option<Slot> {
        let handle = stream.try_clone().ok()?;
        let mut slots = self.lock();
        if slots.held >= self.capacity {
            let (oldest, its_stream) = slots.reading.pop_front()?;
            // Its blocked read returns at once; its thread sees it was evicted and answers 503.
            let _ = its_stream.shutdown(Shutdown::Read);
            slots.evicted.push(oldest);
            slots.held -= 1;
        }
        slots.held += 1;
        slots.next_id += 1;
        let id = slots.next_id;
        slots.reading.push_back((id, handle));
        Some(Slot {
            pool: Arc::clone(self),
            id,
        })
    }

    /// A slot that is busy from the start (never cut off); `None` when the pool is full.
    pub fn try_acquire(self: &Arc<Self>) -> Option<Slot> {
        let mut slots = self.lock();
        if slots.held >= self.capacity {
            return None;
        }
        slots.held += 1;
        slots.next_id += 1;
        Some(Slot {
            pool: Arc::clone(self),
            id: slots.next_id,
        })
    }

    #[cfg(test)]
    fn held(&self) -> usize {
        self.lock().held
    }
}

impl Slot {
    /// The head is read: the connection can no longer be cut off. `false` if it already was
    /// (its slot went to a newer connection), so it must be answered 503 and closed.
    pub fn head_read(&self) -> bool {
        let mut slots = self.pool.lock();
        if slots.evicted.contains(&self.id) {
            return false;
        }
        slots.reading.retain(|(id, _)| *id != self.id);
        true
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut slots = self.pool.lock();
        if let Some(at) = slots.evicted.iter().position(|id| *id == self.id) {
            slots.evicted.swap_remove(at);
            return;
        }
        slots.reading.retain(|(id, _)| *id != self.id);
        slots.held -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// `n` connected pairs on loopback: (clients, server sides).
    fn connections(n: usize) -> (Vec<TcpStream>, Vec<TcpStream>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        (0..n)
            .map(|_| {
                let client = TcpStream::connect(address).unwrap();
                (client, listener.accept().unwrap().0)
            })
            .unzip()
    }

    fn sheet(name: &str) -> SheetOverlay {
        SheetOverlay {
            measured: name.to_owned(),
            remeasuring: format!("{name}, re-measuring"),
        }
    }

    #[test]
    fn an_overflow_stays_shown_marked_as_remeasuring_until_the_next_verdict() {
        let live = Live::default();
        let first = live.publish(None);
        assert!(live.sheet_verdict(first, Some(sheet("over"))));
        assert_eq!(live.snapshot().overlay.as_deref(), Some("over"));
        // The next rebuild keeps it, marked, rather than showing a clean page for seconds.
        live.publish(None);
        assert_eq!(
            live.snapshot().overlay.as_deref(),
            Some("over, re-measuring")
        );
        // A verdict on a replaced build changes nothing.
        assert!(!live.sheet_verdict(first, None));
        assert_eq!(
            live.snapshot().overlay.as_deref(),
            Some("over, re-measuring")
        );
        // A failed rebuild shows its own problems; its fix, the overflow again while printing.
        live.publish(Some("broken".into()));
        assert_eq!(live.snapshot().overlay.as_deref(), Some("broken"));
        let fixed = live.publish(None);
        assert_eq!(
            live.snapshot().overlay.as_deref(),
            Some("over, re-measuring")
        );
        let before = live.snapshot().generation;
        assert!(live.sheet_verdict(fixed, None), "a fit clears it");
        assert_eq!(live.snapshot().overlay, None);
        assert!(live.snapshot().generation > before, "open pages reload");
        // From then on a rebuild shows nothing, and a verdict that it fits reloads nothing.
        let clean = live.publish(None);
        assert_eq!(live.snapshot().overlay, None);
        assert!(!live.sheet_verdict(clean, None));
        assert_eq!(live.snapshot().generation, clean);
    }

    #[test]
    fn a_full_pool_cuts_off_the_oldest_head_and_refuses_only_when_all_are_busy() {
        let pool = Pool::new(2);
        let (_clients, servers) = connections(4);
        let first = pool.admit(&servers[0]).unwrap();
        let second = pool.admit(&servers[1]).unwrap();
        let third = pool
            .admit(&servers[2])
            .expect("takes the oldest reader's place");
        assert_eq!(pool.held(), 2);
        let mut buf = [0u8; 1];
        assert_eq!(
            (&servers[0]).read(&mut buf).unwrap(),
            0,
            "the cut-off connection's read ends at once"
        );
        assert!(
            !first.head_read(),
            "the cut-off connection learns it lost its slot"
        );
        drop(first);
        assert_eq!(pool.held(), 2, "a cut-off slot is not given back twice");
        assert!(second.head_read() && third.head_read());
        assert!(
            pool.admit(&servers[3]).is_none(),
            "every slot is busy answering"
        );
        assert!(pool.try_acquire().is_none());
        drop(second);
        assert!(pool.try_acquire().is_some());
        drop(third);
        assert_eq!(pool.held(), 0);
    }
}
