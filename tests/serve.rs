//! `madoguchi serve`: serves the built site, rebuilds and signals a reload on edits, keeps the
//! last good site with an overlay when an edit breaks it, and never serves a file outside the output.

mod common;

use common::copy_dir;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a rebuild may take to show up on a loaded test machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `madoguchi serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            log,
        };
        let line = server.wait_for_log("serving http://");
        assert!(
            line.contains("serving http://127.0.0.1:"),
            "serves this computer only by default: {line}"
        );
        server.address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap()
            .to_owned();
        server
    }

    fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("serve never printed {needle:?}");
    }

    /// Sends `target` exactly as written (no client-side normalisation of `..`).
    fn get(&self, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// Polls `target` until its body satisfies `ok`; returns that body.
    fn wait_for_page(&self, target: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, body) = self.get(target);
            if ok(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: never served; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Opens the live-reload event stream and reads its first event (the current build).
    fn events(&self) -> (BufReader<TcpStream>, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__madoguchi/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let first = next_event(&mut reader);
        (reader, first)
    }
}

fn next_event(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "event stream closed"
        );
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_owned();
        }
    }
}

fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &tmp.path().join("content"));
    std::fs::write(tmp.path().join("secret.txt"), "TOP-SECRET-OUTSIDE-OUTPUT").unwrap();
    tmp
}

fn edit(root: &Path, from: &str, to: &str) {
    let guide = root.join("content/guide.yaml");
    let text = std::fs::read_to_string(&guide).unwrap();
    assert!(text.contains(from), "fixture lacks {from:?}");
    std::fs::write(&guide, text.replacen(from, to, 1)).unwrap();
}

const TITLE: &str = "title: 楽天市場の問い合わせ先ガイド\n";

#[test]
fn serves_pages_with_the_reload_script_only_when_serving() {
    let site = fixture();
    let server = Server::start(site.path());
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        body.contains("<title>楽天市場の問い合わせ先ガイド</title>"),
        "{body}"
    );
    assert!(body.contains("<script src=\"/__madoguchi/live.js\" data-generation="));
    assert!(
        body.contains("content=\"script-src 'self'; connect-src 'self';"),
        "the page's policy lets the served script run: {body}"
    );
    let (status, script) = server.get("/__madoguchi/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__madoguchi/events\")"));
    let (status, body) = server.get("/situations/delivery.html");
    assert_eq!(status, 200);
    assert!(body.contains("/__madoguchi/live.js"));
    let (status, _) = server.get("/style.css");
    assert_eq!(status, 200);
    let on_disk = std::fs::read_to_string(site.path().join("output/index.html")).unwrap();
    assert!(
        !on_disk.contains("__madoguchi"),
        "the script must never be written to output/"
    );
    let (status, body) = server.get("/no-such-page.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("ページが見つかりません"),
        "the site's own 404 page"
    );
}

#[test]
fn edits_rebuild_and_a_broken_edit_keeps_the_last_good_site_with_an_overlay() {
    let site = fixture();
    let server = Server::start(site.path());
    let (mut events, first) = server.events();

    edit(site.path(), TITLE, "title: 楽天市場の窓口ガイド（改訂）\n");
    let page = server.wait_for_page("/", "the edited title", |b| {
        b.contains("<title>楽天市場の窓口ガイド（改訂）</title>")
    });
    assert!(!page.contains("madoguchi-overlay"));
    let second = next_event(&mut events);
    assert_ne!(first, second, "open tabs are told to reload");

    edit(site.path(), "    source: {", "    sorce: {");
    let page = server.wait_for_page("/", "the error overlay", |b| {
        b.contains("madoguchi-overlay")
    });
    assert!(
        page.contains("<title>楽天市場の窓口ガイド（改訂）</title>"),
        "the last good page is still served under the overlay"
    );
    assert!(
        page.contains("<code>content/guide.yaml:"),
        "the overlay names file and line"
    );
    assert!(
        page.contains("unknown field `sorce`"),
        "the overlay gives the message"
    );
    let (_, other) = server.get("/sources.html");
    assert!(
        other.contains("madoguchi-overlay"),
        "every page shows the overlay"
    );
    assert_ne!(
        next_event(&mut events),
        second,
        "tabs reload to show the overlay"
    );
    server.wait_for_log("unknown field `sorce`");

    edit(site.path(), "    sorce: {", "    source: {");
    server.wait_for_page("/", "the fixed site", |b| !b.contains("madoguchi-overlay"));
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = fixture();
    let server = Server::start(site.path());
    let secret = site.path().join("secret.txt");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, site.path().join("output/leak.txt")).unwrap();
    let absolute = secret.to_str().unwrap().to_owned();
    for target in [
        "/../secret.txt",
        "/situations/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/situations/..%2F..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/.%2e/secret.txt",
        &absolute,
        &format!("/{absolute}"),
        &format!("/%2F{}", absolute.trim_start_matches('/')),
        "/leak.txt",
        "secret.txt",
    ] {
        let (status, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(!body.contains("TOP-SECRET"), "{target} leaked a file");
    }
}

#[test]
fn a_guide_that_never_built_shows_the_overlay_until_fixed() {
    let site = fixture();
    edit(site.path(), "    source: {", "    sorce: {");
    let server = Server::start(site.path());
    let (status, body) = server.get("/");
    assert_eq!(status, 404, "there is no good site to serve yet");
    assert!(body.contains("madoguchi-overlay") && body.contains("unknown field `sorce`"));
    edit(site.path(), "    sorce: {", "    source: {");
    server.wait_for_page("/", "the first good build", |b| {
        b.contains("<title>楽天市場の問い合わせ先ガイド</title>")
            && !b.contains("madoguchi-overlay")
    });
}

/// A bounded flood: 400 idle sockets held open (more than the server's connection cap) while
/// 16 clients send 25 requests each. Every answer is a page or a quick 503, and once the idle
/// sockets go, the server serves normally again.
#[test]
fn a_flood_of_connections_is_survived() {
    let site = fixture();
    let server = Server::start(site.path());
    let idle: Vec<TcpStream> = (0..400)
        .filter_map(|_| TcpStream::connect(&server.address).ok())
        .collect();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    (0..25)
                        .map(|_| flood_get(&server.address))
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    });
    assert_eq!(statuses.len(), 400);
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "every request gets a page or a clear 503: {statuses:?}"
    );
    assert!(
        statuses.contains(&503),
        "with 400 idle sockets the cap must turn some away"
    );
    drop(idle);
    server.wait_for_page("/", "the home page after the flood", |b| {
        b.contains("<title>楽天市場の問い合わせ先ガイド</title>")
    });
}

/// One GET with a deadline, so a stuck server fails the test instead of hanging it.
fn flood_get(address: &str) -> u16 {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return 0;
    };
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    if write!(stream, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").is_err() {
        return 0;
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
