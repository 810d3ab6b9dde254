//! Save → reload: how long after `guide.yaml` is saved an open tab is told to reload.
//!
//! Starts `madoguchi serve` on a copy of the bundled guide, listens on the live-reload event
//! stream like a browser tab, and times each save until the next event arrives (debounce +
//! rebuild + write + notify). Run: `cargo bench --bench serve_reload`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAVES: usize = 30;

fn main() {
    let site = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.path().join("content"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
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
    let guide = site.path().join("content/guide.yaml");
    let original = std::fs::read_to_string(&guide).expect("guide");
    let mut times = Vec::new();
    for i in 0..SAVES {
        let edited = original.replacen(
            "楽天市場の問い合わせ先ガイド",
            &format!("楽天市場の問い合わせ先ガイド {i}"),
            1,
        );
        let saved = Instant::now();
        std::fs::write(&guide, edited).expect("save");
        next_event(&mut events);
        times.push(saved.elapsed());
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save → reload event over {SAVES} saves of content/guide.yaml (13 pages): min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        ms(times[0]),
        ms(times[SAVES / 2]),
        ms(times[SAVES * 9 / 10]),
        ms(times[SAVES - 1])
    );
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
