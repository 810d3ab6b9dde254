//! How freed memory is treated, for the allocator the binary links (`main.rs` knows which it
//! is; the library says when it matters). Keeping freed memory for reuse is faster: a build of
//! 10,000 articles took 8% longer handing it back to the system 10 ms after it was freed
//! (every page taken back is zeroed when faulted in again). But a big guide's stages each free
//! tens of megabytes the next one does not reuse as it was (the home page's context, the print
//! page's contents), and kept, they add up: 249 MB at 100,000 articles kept, 205–211 MB handed
//! back (benches/BENCHMARKS.md, issue 12, fifth pass).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// A guide with more articles than this hands freed memory back as it builds.
pub const BIG_GUIDE_ARTICLES: usize = 30_000;

/// What the binary's allocator can be asked.
pub struct Allocator {
    /// Freed memory goes back to the system soon after it is freed.
    pub hand_back_freed_memory: fn(),
}

static ALLOCATOR: OnceLock<Allocator> = OnceLock::new();
/// Set once `serve` starts: it rebuilds again and again with about the same memory, so what
/// it frees is kept for the next rebuild, however big the guide.
static SERVING: AtomicBool = AtomicBool::new(false);

/// Called once by the binary, before anything is built.
pub fn use_allocator(allocator: Allocator) {
    let _ = ALLOCATOR.set(allocator);
}

/// `serve` is running: freed memory stays kept.
pub fn serving() {
    SERVING.store(true, Ordering::Relaxed);
}

/// A build is about to read `articles` articles: past `BIG_GUIDE_ARTICLES`, and unless this
/// is `serve`, freed memory goes back to the system from now on. Returns whether it does.
pub fn about_to_read(articles: usize) -> bool {
    if articles <= BIG_GUIDE_ARTICLES || SERVING.load(Ordering::Relaxed) {
        return false;
    }
    match ALLOCATOR.get() {
        Some(allocator) => {
            (allocator.hand_back_freed_memory)();
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static HANDED_BACK: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn only_a_big_build_hands_freed_memory_back_and_serve_never_does() {
        use_allocator(Allocator {
            hand_back_freed_memory: || {
                HANDED_BACK.fetch_add(1, Ordering::Relaxed);
            },
        });
        assert!(!about_to_read(BIG_GUIDE_ARTICLES));
        assert!(about_to_read(BIG_GUIDE_ARTICLES + 1));
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 1);
        serving();
        assert!(!about_to_read(10 * BIG_GUIDE_ARTICLES));
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 1);
    }
}
