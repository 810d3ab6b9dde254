//! Save → reload: how long after `guide.yaml` is saved an open tab is told to reload.
//!
//! 1. Starts `madoguchi serve` on a copy of the bundled guide and on a generated guide of
//!    10,000 articles, listens on the live-reload event stream like a browser tab, and times
//!    each save until the next event arrives (debounce + rebuild + write + notify).
//! 2. In process, on the 10,000-article guide: the rebuild `serve` runs after a one-field
//!    edit of `guide.yaml` (load, every check, re-render what changed, write), without the
//!    watcher's debounce.
//!
//! Run: `cargo bench --bench serve_reload` (`MADOGUCHI_BENCH_ARTICLES=N` for another size,
//! `MADOGUCHI_BENCH_DIR=/dev/shm/x` to put the guides on tmpfs).

#[allow(dead_code)]
#[path = "corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAVES: usize = 30;

fn main() {
    let articles: usize = std::env::var("MADOGUCHI_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let base = std::env::var_os("MADOGUCHI_BENCH_DIR").map(std::path::PathBuf::from);
    let temp = |name: &str| {
        match &base {
            Some(dir) => {
                std::fs::create_dir_all(dir).expect("bench dir");
                tempfile::Builder::new().prefix(name).tempdir_in(dir)
            }
            None => tempfile::Builder::new().prefix(name).tempdir(),
        }
        .expect("temp dir")
    };

    let bundled = temp("bundled");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &bundled.path().join("content"),
    );
    let edit_title = |text: &str, i: usize| {
        text.replacen(
            "楽天市場の問い合わせ先ガイド",
            &format!("楽天市場の問い合わせ先ガイド {i}"),
            1,
        )
    };
    let times = save_to_reload(bundled.path(), SAVES, edit_title);
    report("bundled guide, a new title (every page)", &times);

    let big = temp("corpus");
    corpus::write_madoguchi(articles, 42, big.path()).expect("write the corpus");
    // One window's `how`: its situations, the home page, the cheat sheet and the print page.
    let edit_window = |text: &str, i: usize| {
        text.replacen(
            "how: 公式サイトから手続きの案内を開きます。",
            &format!("how: 公式サイトから手続きの案内を開きます（{i}）。"),
            1,
        )
    };
    let times = save_to_reload(big.path(), SAVES / 3, edit_window);
    report(&format!("{articles} articles, one window's `how`"), &times);
    let times = in_process(big.path(), SAVES, edit_window);
    report(
        &format!("{articles} articles, one window's `how`, rebuild in process (no debounce)"),
        &times,
    );
}

fn report(what: &str, times: &[Duration]) {
    let mut times = times.to_vec();
    times.sort();
    let n = times.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: {n} saves: min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        ms(times[0]),
        ms(times[n / 2]),
        ms(times[n * 9 / 10]),
        ms(times[n - 1])
    );
}

/// Rebuilds as `serve` does after each edit of `guide.yaml`, timing each rebuild.
fn in_process(root: &Path, saves: usize, edit: impl Fn(&str, usize) -> String) -> Vec<Duration> {
    use madoguchi::pipeline::{BuildOptions, Changes, Session};
    let options = BuildOptions::new(root, Some(&root.join("output")));
    let mut session = Session::default();
    let mut report = madoguchi::report::Report::default();
    session
        .rebuild(&options, &mut report, &Changes::Everything)
        .expect("the corpus builds");
    let guide = root.join("content/guide.yaml");
    let original = std::fs::read_to_string(&guide).expect("guide");
    let mut times = Vec::new();
    for i in 0..saves {
        std::fs::write(&guide, edit(&original, i)).expect("save");
        let started = Instant::now();
        let mut report = madoguchi::report::Report::default();
        let changes = Changes::of(root, std::slice::from_ref(&guide));
        session
            .rebuild(&options, &mut report, &changes)
            .expect("the edit builds");
        times.push(started.elapsed());
    }
    std::fs::write(&guide, original).expect("restore");
    times
}

/// Serves `root`, saves `guide.yaml` edited by `edit` again and again, and times each save
/// until the open tab's event stream says reload.
fn save_to_reload(
    root: &Path,
    saves: usize,
    edit: impl Fn(&str, usize) -> String,
) -> Vec<Duration> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut log = BufReader::new(child.stderr.take().expect("stderr"));
    let address = loop {
        let mut line = String::new();
        if log.read_line(&mut line).expect("read serve log") == 0 {
            panic!("serve exited before listening");
        }
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_owned();
        }
    };
    // Keep draining the log so serve never blocks on a full pipe.
    std::thread::spawn(move || for _ in log.lines() {});

    let mut events = open_events(&address);
    let guide = root.join("content/guide.yaml");
    let original = std::fs::read_to_string(&guide).expect("guide");
    let mut times = Vec::new();
    for i in 0..saves {
        let saved = Instant::now();
        std::fs::write(&guide, edit(&original, i)).expect("save");
        next_event(&mut events);
        times.push(saved.elapsed());
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();
    std::fs::write(&guide, original).expect("restore");
    times
}

fn open_events(address: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET /__madoguchi/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(stream);
    next_event(&mut reader);
    reader
}

fn next_event(reader: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).expect("event stream") == 0 {
            panic!("event stream closed");
        }
        if line.starts_with("data: ") {
            return;
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
