// mimalloc: builds allocate and free many small strings on every core at once; glibc's malloc
// made a 10,000-article build ~15% slower (benches/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options by their place in `mi_option_e` (mimalloc.h of v3, the version the crate
/// builds), which the bindings do not name. The tests below check each against its effect.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// How long freed memory waits before it goes back to the system in a big guide's build
/// (`madoguchi::memory`): 10 ms (mimalloc 2's default; version 3 waits 1,000 ms). Peak RSS at
/// 100,000 articles: 205–211 MB, against 262 MB at 1,000 ms and 249 MB kept for good.
const BIG_GUIDE_PURGE_DELAY: std::ffi::c_long = 10;

/// Sets mimalloc's options before mimalloc starts (its own start-up reads them once):
/// - Freed memory is kept for reuse instead of being handed back to the system a second
///   later: `serve` rebuilds with about the same memory each time, and taking it back from
///   the system (which zeroes every page) was a third of a rebuild of a 10,000-article guide;
///   a build of that guide took 8% longer handing it back. A big guide's build hands it back
///   (`hand_back_freed_memory`).
/// - No transparent huge pages: each one is zeroed whole (2 MB) when first touched, and on
///   this kind of virtual machine that zeroing was a sixth of a big build's time and its most
///   variable part (benches/BENCHMARKS.md).
extern "C" fn configure_allocator() {
    // SAFETY: sets process-wide allocator options, which mimalloc reads when it starts and
    // on each purge; any value is valid.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
}

/// Freed memory goes back to the system 10 ms after it is freed, from now on.
fn hand_back_freed_memory() {
    // SAFETY: sets a process-wide allocator option, which mimalloc reads on each purge; any
    // value is valid.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, BIG_GUIDE_PURGE_DELAY) }
}

/// Freed memory is kept for reuse again, as `configure_allocator` set it.
fn keep_freed_memory() {
    // SAFETY: sets a process-wide allocator option, which mimalloc reads on each purge; any
    // value is valid.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// What this thread freed and mimalloc keeps goes back to the system now.
fn hand_back_kept_memory() {
    // SAFETY: asks mimalloc to purge this thread's free pages; always valid.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Runs `configure_allocator` before every constructor, mimalloc's start-up among them (ELF
/// runs an executable's `.preinit_array` first).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".preinit_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

fn main() -> std::process::ExitCode {
    #[cfg(not(target_os = "linux"))]
    configure_allocator();
    madoguchi::memory::use_allocator(madoguchi::memory::Allocator {
        hand_back_freed_memory,
        keep_freed_memory,
        hand_back_kept_memory,
    });
    madoguchi::cli::run()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option's value as mimalloc reads it.
    fn option(option: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
        // SAFETY: reads an allocator option.
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    #[test]
    fn freed_memory_is_kept_until_a_big_guide_hands_it_back() {
        // Had the index not been the purge delay's, it would not read back as set.
        assert_eq!(option(PURGE_DELAY), -1);
        madoguchi::memory::use_allocator(madoguchi::memory::Allocator {
            hand_back_freed_memory,
            keep_freed_memory,
            hand_back_kept_memory,
        });
        let big = madoguchi::memory::BIG_GUIDE_ARTICLES;
        assert!(!madoguchi::memory::about_to_read(big));
        assert_eq!(
            option(PURGE_DELAY),
            -1,
            "a guide of the limit's size keeps it"
        );
        assert!(madoguchi::memory::about_to_read(big + 1));
        assert_eq!(option(PURGE_DELAY), BIG_GUIDE_PURGE_DELAY);
        assert!(madoguchi::memory::big_pages_done());
        assert_eq!(option(PURGE_DELAY), -1, "kept while the batches render");
        assert!(madoguchi::memory::pages_done());
        assert_eq!(option(PURGE_DELAY), BIG_GUIDE_PURGE_DELAY);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn mimalloc_turned_huge_pages_off_at_start() {
        // mimalloc asks the kernel for no transparent huge pages when it starts with
        // `allow_thp` off; had the option's index been wrong, or had it been set after
        // mimalloc started, the process would still have them.
        // SAFETY: reads a flag of this process.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
        assert_eq!(option(ALLOW_THP), 0);
    }
}
