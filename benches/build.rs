//! Build benchmark: the release binary on generated guides of 100, 1,000 and 10,000 articles,
//! beside the floor (the same bodies through bare pulldown-cmark, one thread, no templates, no
//! checks), and the bundled guide. Each build is a child process: wall time, and peak RSS from
//! `wait4`'s rusage. Runs alternate between madoguchi and the floor; medians are reported.
//!
//! ```text
//! cargo bench --bench build
//! MADOGUCHI_BENCH_SIZES=10000 MADOGUCHI_BENCH_RUNS=9 MADOGUCHI_BENCH_DIR=/dev/shm/mb cargo bench --bench build
//! ```

#[allow(dead_code)]
#[path = "corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MADOGUCHI: &str = env!("CARGO_BIN_EXE_madoguchi");

/// One finished child process.
struct Run {
    wall: Duration,
    peak_rss_kb: i64,
}

/// Runs `cmd` to completion and measures its wall time and peak resident memory.
fn measure(cmd: &mut Command) -> Run {
    let log = std::env::temp_dir().join(format!("madoguchi-bench-{}.log", std::process::id()));
    let file = std::fs::File::create(&log).expect("create the child's log file");
    let start = Instant::now();
    // Reaped by `wait4` below, which also reports the child's peak memory.
    #[allow(clippy::zombie_processes)]
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::from(file))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    let ok = reaped == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let output = std::fs::read_to_string(&log).unwrap_or_default();
        panic!("{cmd:?} failed (status {status}):\n{output}");
    }
    let _ = std::fs::remove_file(&log);
    Run {
        wall,
        peak_rss_kb: usage.ru_maxrss,
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Summary of several runs of one command.
struct Stats {
    median: Duration,
    peak_rss_kb: i64,
}

fn summarise(runs: &[Run]) -> Stats {
    Stats {
        median: median(runs.iter().map(|r| r.wall).collect()),
        peak_rss_kb: runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0),
    }
}

fn build_cmd(root: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(MADOGUCHI);
    cmd.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out);
    cmd
}

fn floor_cmd(root: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("the bench's own path"));
    cmd.arg("floor").arg(root).arg(out);
    cmd
}

fn bench_size(base: &Path, articles: usize, runs: usize) {
    let root = base.join(format!("guide-{articles}"));
    corpus::write_madoguchi(articles, 42, &root).expect("write the corpus");
    let (out, floor_out) = (base.join(format!("out-{articles}")), base.join("floor-out"));
    // One warm-up each, so the page cache holds the corpus for both.
    measure(&mut build_cmd(&root, &out));
    measure(&mut floor_cmd(&root, &floor_out));
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ours.push(measure(&mut build_cmd(&root, &out)));
        floor.push(measure(&mut floor_cmd(&root, &floor_out)));
    }
    let (ours, floor) = (summarise(&ours), summarise(&floor));
    let pages = count_html(&out);
    println!(
        "{articles:>6} articles {pages:>6} pages | madoguchi {:>8.1} ms {:>8.0} pages/s {:>6.1} MB | floor {:>8.1} ms {:>6.1} MB | ratio {:.2}×",
        ms(ours.median),
        pages as f64 / ours.median.as_secs_f64(),
        ours.peak_rss_kb as f64 / 1024.0,
        ms(floor.median),
        floor.peak_rss_kb as f64 / 1024.0,
        ours.median.as_secs_f64() / floor.median.as_secs_f64(),
    );
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&floor_out);
}

fn count_html(dir: &Path) -> usize {
    walk(dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn bench_bundled(base: &Path, runs: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = base.join("bundled-out");
    measure(&mut build_cmd(root, &out));
    let all: Vec<Run> = (0..runs.max(20))
        .map(|_| measure(&mut build_cmd(root, &out)))
        .collect();
    let stats = summarise(&all);
    println!(
        "bundled guide {:>6} pages | madoguchi {:>8.1} ms {:>6.1} MB (median of {})",
        count_html(&out),
        ms(stats.median),
        stats.peak_rss_kb as f64 / 1024.0,
        all.len()
    );
    let _ = std::fs::remove_dir_all(&out);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("floor") {
        corpus::floor(Path::new(&args[1]), Path::new(&args[2])).expect("floor build");
        return;
    }
    let base: PathBuf = std::env::var_os("MADOGUCHI_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("madoguchi-bench"));
    let runs = env_or("MADOGUCHI_BENCH_RUNS", 5usize).max(1);
    let sizes: Vec<usize> = std::env::var("MADOGUCHI_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    std::fs::create_dir_all(&base).expect("create the bench folder");
    println!(
        "madoguchi build benchmark: {} (median of {runs}, alternating with the floor)",
        base.display()
    );
    bench_bundled(&base, runs);
    for articles in sizes {
        bench_size(&base, articles, runs);
    }
}
