//! How freed memory is treated, for the allocator the binary links (`main.rs` knows which it
//! is; the library says when it matters). Keeping freed memory for reuse is faster: a build of
//! 10,000 articles took 8% longer handing it back to the system 10 ms after it was freed
//! (every page taken back is zeroed when faulted in again). But a big guide's stages each free
//! tens of megabytes the next one does not reuse as it was (the home page's context, the print
//! page's contents), and kept, they add up: 249 MB at 100,000 articles kept, 205–211 MB handed
//! back (benches/BENCHMARKS.md, issue 12, fifth pass). Once those pages are done, the
//! pages left render one batch after another, each reusing what the one before freed: handing
//! that back only to take it again was a tenth of a 100,000-article build's time, so freed
//! memory is kept again from there (`big_pages_done`), and handed back once more, with what
//! the batches left, when they are done (`pages_done`): the index's last shards and the data
//! file come after them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// A guide with more articles than this hands freed memory back as it builds.
pub const BIG_GUIDE_ARTICLES: usize = 30_000;

/// What the binary's allocator can be asked.
pub struct Allocator {
    /// Freed memory goes back to the system soon after it is freed.
    pub hand_back_freed_memory: fn(),
    /// Freed memory is kept for reuse (the default).
    pub keep_freed_memory: fn(),
    /// What the calling thread freed and keeps goes back to the system now.
    pub hand_back_kept_memory: fn(),
}

/// How freed memory is treated, stage by stage. One for the process (`PROCESS`); a test makes
/// its own, which the builds other tests run at the same time do not touch.
struct FreedMemory {
    allocator: OnceLock<Allocator>,
    /// Set once `serve` starts: it rebuilds again and again with about the same memory, so
    /// what it frees is kept for the next rebuild, however big the guide.
    serving: AtomicBool,
    /// Set while a big guide's build hands freed memory back.
    handing_back: AtomicBool,
    /// Set while the pages' batches render, in such a build: freed memory is kept for them.
    in_batches: AtomicBool,
}

static PROCESS: FreedMemory = FreedMemory::new();

impl FreedMemory {
    const fn new() -> Self {
        FreedMemory {
            allocator: OnceLock::new(),
            serving: AtomicBool::new(false),
            handing_back: AtomicBool::new(false),
            in_batches: AtomicBool::new(false),
        }
    }

    fn about_to_read(&self, articles: usize) -> bool {
        if articles <= BIG_GUIDE_ARTICLES || self.serving.load(Ordering::Relaxed) {
            return false;
        }
        let Some(allocator) = self.allocator.get() else {
            return false;
        };
        (allocator.hand_back_freed_memory)();
        self.handing_back.store(true, Ordering::Relaxed);
        true
    }

    /// The allocator, if the build was in `stage`, which it leaves.
    fn leaving(&self, stage: &AtomicBool) -> Option<&Allocator> {
        let allocator = self.allocator.get()?;
        stage.swap(false, Ordering::Relaxed).then_some(allocator)
    }

    fn big_pages_done(&self) -> bool {
        let Some(allocator) = self.leaving(&self.handing_back) else {
            return false;
        };
        self.in_batches.store(true, Ordering::Relaxed);
        (allocator.keep_freed_memory)();
        true
    }

    fn pages_done(&self) -> bool {
        let Some(allocator) = self.leaving(&self.in_batches) else {
            return false;
        };
        (allocator.hand_back_freed_memory)();
        rayon::broadcast(|_| (allocator.hand_back_kept_memory)());
        (allocator.hand_back_kept_memory)();
        true
    }
}

/// Called once by the binary, before anything is built.
pub fn use_allocator(allocator: Allocator) {
    let _ = PROCESS.allocator.set(allocator);
}

/// `serve` is running: freed memory stays kept.
pub fn serving() {
    PROCESS.serving.store(true, Ordering::Relaxed);
}

/// A build is about to read `articles` articles: past `BIG_GUIDE_ARTICLES`, and unless this
/// is `serve`, freed memory goes back to the system from now on. Returns whether it does.
pub fn about_to_read(articles: usize) -> bool {
    PROCESS.about_to_read(articles)
}

/// The pages that list the whole guide are rendered: the batches of pages left reuse what they
/// free, so freed memory is kept for them (if it was handed back). Returns whether it is.
pub fn big_pages_done() -> bool {
    PROCESS.big_pages_done()
}

/// The batches of pages are rendered: what they kept goes back to the system, from every
/// thread of the pool and this one, and freed memory is handed back again (the index's last
/// shards and the data file are still to come). Returns whether it was.
pub fn pages_done() -> bool {
    PROCESS.pages_done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static HANDED_BACK: AtomicUsize = AtomicUsize::new(0);
    static KEPT: AtomicUsize = AtomicUsize::new(0);
    static COLLECTED: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn only_a_big_build_hands_freed_memory_back_and_serve_never_does() {
        let memory = FreedMemory::new();
        let _ = memory.allocator.set(Allocator {
            hand_back_freed_memory: || {
                HANDED_BACK.fetch_add(1, Ordering::Relaxed);
            },
            keep_freed_memory: || {
                KEPT.fetch_add(1, Ordering::Relaxed);
            },
            hand_back_kept_memory: || {
                COLLECTED.fetch_add(1, Ordering::Relaxed);
            },
        });
        assert!(!memory.about_to_read(BIG_GUIDE_ARTICLES));
        assert!(!memory.big_pages_done(), "nothing was handed back");
        assert!(!memory.pages_done());
        assert_eq!(
            KEPT.load(Ordering::Relaxed) + COLLECTED.load(Ordering::Relaxed),
            0
        );
        assert!(memory.about_to_read(BIG_GUIDE_ARTICLES + 1));
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 1);
        // Kept while the batches render, then handed back, with what they kept on every
        // thread (the pool's and this one).
        assert!(memory.big_pages_done());
        assert_eq!(KEPT.load(Ordering::Relaxed), 1);
        assert!(memory.pages_done());
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 2);
        assert_eq!(
            COLLECTED.load(Ordering::Relaxed),
            rayon::current_num_threads() + 1
        );
        assert!(!memory.pages_done(), "once");
        memory.serving.store(true, Ordering::Relaxed);
        assert!(!memory.about_to_read(10 * BIG_GUIDE_ARTICLES));
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 2);
    }
}
