// mimalloc: builds allocate and free many small strings on every core at once; glibc's malloc
// made a 10,000-article build ~15% slower (benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    madoguchi::cli::run()
}
