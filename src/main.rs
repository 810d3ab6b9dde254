// mimalloc: builds allocate and free many small strings on every core at once; glibc's malloc
// made a 10,000-article build ~15% slower (benches/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` (mimalloc.h of v3, the
/// version the crate builds), which the bindings do not name. The test below checks it against
/// the option's default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Keep freed memory for reuse instead of handing it back to the system a second later:
    // `serve` rebuilds with about the same memory each time, and taking it back from the
    // system (which zeroes every page) was a third of a rebuild of a 10,000-article guide.
    // SAFETY: sets a process-wide allocator option; any value is valid and takes effect on
    // the next purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    madoguchi::cli::run()
}

#[cfg(test)]
mod tests {
    #[test]
    fn purge_delay_is_the_option_it_names() {
        // The default of `mi_option_purge_delay` in v3's options.c: 1000 ms (unless the
        // environment sets it); no neighbouring option has that default.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an allocator option.
            assert_eq!(
                unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
                1000
            );
        }
    }
}
