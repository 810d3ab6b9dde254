fn main() -> std::process::ExitCode {
    madoguchi::cli::run()
}
