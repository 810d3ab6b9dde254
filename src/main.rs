// mimalloc: builds allocate and free many small strings on every core at once; glibc's malloc
// made a 10,000-article build ~15% slower (benches/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options by their place in `mi_option_e` (mimalloc.h of v3, the version the crate
/// builds), which the bindings do not name. The tests below check each against its effect.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Sets mimalloc's options before mimalloc starts (its own start-up reads them once):
/// - Freed memory is kept for reuse instead of being handed back to the system a second
///   later: `serve` rebuilds with about the same memory each time, and taking it back from
///   the system (which zeroes every page) was a third of a rebuild of a 10,000-article guide.
/// - No transparent huge pages: each one is zeroed whole (2 MB) when first touched, and on
///   this kind of virtual machine that zeroing was a sixth of a big build's time and its
///   most variable part (benches/BENCHMARKS.md).
extern "C" fn configure_allocator() {
    // SAFETY: sets process-wide allocator options, which mimalloc reads when it starts and
    // on each purge; any value is valid.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
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
    madoguchi::cli::run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_are_set_before_mimalloc_starts() {
        // SAFETY: reads allocator options.
        let (purge_delay, allow_thp) = unsafe {
            (
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
                libmimalloc_sys::mi_option_get(ALLOW_THP),
            )
        };
        assert_eq!((purge_delay, allow_thp), (-1, 0));
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
    }
}
