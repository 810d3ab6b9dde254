//! Serve: build, serve the output on this computer, rebuild on edits and reload open pages.
//!
//! The site is built into the normal output folder (staged and swapped, so a failed rebuild
//! leaves the last good site in place); the live-reload script and the error overlay are added
//! to HTML responses as they are served, so `build` output never contains them.

mod files;
mod fit;
mod http;
mod inject;
mod state;
mod watch;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::console;
use crate::links::NOT_FOUND_PAGE;
use crate::pipeline::{BuildOptions, Changes, Session};
use crate::report::{Report, Status};
use http::{read_request, start_event_stream, Response};
use inject::{
    inject, overlay_html, EVENTS_PATH, OVERLAY_CSS, OVERLAY_CSS_PATH, SCRIPT, SCRIPT_PATH,
};
use state::{Live, Snapshot};

pub struct ServeOptions {
    /// `out` is always set: the folder that is built and served.
    pub build: BuildOptions,
    pub address: SocketAddr,
    pub open: bool,
}

/// How often an idle event stream sends a comment (keeps it open through anything in between).
const KEEPALIVE: Duration = Duration::from_secs(15);

/// How often an idle event stream checks whether its tab has gone, so a closed tab frees its
/// slot within this (a rebuild's message still goes out at once).
const STREAM_POLL: Duration = Duration::from_millis(250);

/// Requests served at once (a thread each), counted from the connection to its answer. When all
/// are taken, the connection that has spent longest reading its request head gives way.
const MAX_CONNECTIONS: usize = 256;

/// Live-reload event streams open at once (one per open tab), a pool apart from requests so
/// tabs can never take the slots pages are served from.
const MAX_EVENT_STREAMS: usize = 64;

pub fn run(options: ServeOptions) -> ExitCode {
    let Some(out) = options.build.out.clone() else {
        return ExitCode::from(Status::UsageOrIo as u8);
    };
    // The port first: a busy one is said at once, not after a build the user cannot see.
    let listener = match TcpListener::bind(options.address) {
        Ok(listener) => listener,
        Err(e) => {
            console::say(cannot_listen(&options.address, &e));
            return ExitCode::from(Status::UsageOrIo as u8);
        }
    };
    let live = Arc::new(Live::default());
    let guide_file = options.build.root.join(crate::load::GUIDE_FILE);
    if let Some(fit) = fit::start(out.clone(), guide_file, Arc::clone(&live)) {
        let _ = live.fit.set(fit);
    }
    let watcher = watch::start(&options.build.root);
    let mut session = Session::default();
    if rebuild(&options.build, &live, &mut session, &Changes::Everything) == Status::UsageOrIo {
        return ExitCode::from(Status::UsageOrIo as u8);
    }
    let url = listener
        .local_addr()
        .map(|a| format!("http://{a}/"))
        .unwrap_or_default();
    announce(&url, &options.address);
    if options.open {
        open_browser(&url);
    }
    if let Some(watcher) = watcher {
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            watch::rebuild_on_change(watcher, &options.build, &live, session);
        });
    }
    let requests = state::Pool::new(MAX_CONNECTIONS);
    let streams = state::Pool::new(MAX_EVENT_STREAMS);
    for stream in listener.incoming().flatten() {
        // A thread per connection, but never more than MAX_CONNECTIONS (+ MAX_EVENT_STREAMS) of
        // them. A full pool makes room by cutting off the connection that has been reading its
        // head longest (slow or idle senders), so a flood cannot keep a quick request out; only
        // when every slot is busy answering does a client get a 503 at once.
        let Some(slot) = requests.admit(&stream) else {
            let _ = Response::unavailable("too many connections").write(&stream, false);
            continue;
        };
        let (out, live, streams) = (out.clone(), Arc::clone(&live), Arc::clone(&streams));
        std::thread::spawn(move || handle(&stream, slot, &streams, &out, &live));
    }
    ExitCode::SUCCESS
}

/// Why `serve` cannot listen on `address`, and what to do, as a diagnostic.
fn cannot_listen(address: &SocketAddr, e: &std::io::Error) -> String {
    let port = address.port();
    let (message, help) = match e.kind() {
        std::io::ErrorKind::AddrInUse => (
            format!("port {port} on {} is already in use", address.ip()),
            format!("another program listens there (another `madoguchi serve`?): stop it, or pick another port with --port N, e.g. --port {}; --port 0 picks a free one", port.wrapping_add(1).max(1024)),
        ),
        std::io::ErrorKind::PermissionDenied => (
            format!("not allowed to listen on port {port}"),
            "ports below 1024 need administrator rights: pick one above, e.g. --port 8000 (--port 0 picks a free one)".to_owned(),
        ),
        std::io::ErrorKind::AddrNotAvailable => (
            format!("{} is not an address of this computer", address.ip()),
            "pass one of its own addresses with --interface, e.g. 127.0.0.1 or 0.0.0.0 (all of them)".to_owned(),
        ),
        _ => (
            format!("cannot listen on {address}: {e}"),
            "pick another port with --port N (--port 0 picks a free one)".to_owned(),
        ),
    };
    format!("error: {message}\n  = help: {help}")
}

fn announce(url: &str, address: &SocketAddr) {
    let reach = if address.ip().is_loopback() {
        "only this computer can open it; --interface 0.0.0.0 shares it on your network"
    } else {
        "other computers on your network can open it too"
    };
    console::say(format!(
        "serving {url} ({reach}); watching content/ and themes/; Ctrl-C stops"
    ));
}

/// Builds again (only what `changes` touched, where it can), prints what the terminal should
/// show, and tells open pages to reload.
pub(crate) fn rebuild(
    options: &BuildOptions,
    live: &Live,
    session: &mut Session,
    changes: &Changes,
) -> Status {
    let started = Instant::now();
    let mut report = Report::default();
    let built = session.rebuild(options, &mut report, changes);
    let outcome = console::Outcome {
        out: options.out.as_deref(),
        pages: built.map(|b| b.pages),
        started,
        note: None,
    };
    console::print_report(&mut report, &outcome);
    let failed = report.status() != Status::Ok;
    let labels = session.overlay_labels();
    let generation = live.publish(failed.then(|| overlay_html(&report, &labels)));
    if let (false, Some(fit)) = (failed, live.fit.get()) {
        let _ = fit.send(fit::FitRequest { generation, labels });
    }
    report.status()
}

/// Answers one connection; `slot` is its place in the request pool, given back on return (or,
/// for an event stream, traded for a place in the `streams` pool).
fn handle(
    stream: &TcpStream,
    slot: state::Slot,
    streams: &Arc<state::Pool>,
    root: &Path,
    live: &Live,
) {
    let request = read_request(stream);
    if !slot.head_read() {
        let _ = Response::unavailable("too many connections").write(stream, false);
        return;
    }
    let request = match request {
        Ok(request) => request,
        Err(e) if http::timed_out(&e) => {
            let _ = Response::text(408, "the request head did not arrive in time\n")
                .write(stream, false);
            return;
        }
        Err(_) => {
            let _ = Response::text(400, "bad request\n").write(stream, false);
            return;
        }
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let _ = Response::text(405, "only GET and HEAD\n").write(stream, false);
        return;
    }
    let asset = |content_type, body: &str| Response {
        status: 200,
        content_type,
        body: http::Body::Bytes(body.as_bytes().to_vec()),
    };
    let response = match request.target.split('?').next() {
        Some(EVENTS_PATH) => {
            let Some(_stream_slot) = streams.try_acquire() else {
                let why = "too many live-reload streams (one per open tab); close some tabs";
                let _ = Response::unavailable(why).write(stream, false);
                return;
            };
            drop(slot);
            return stream_events(stream, live);
        }
        Some(SCRIPT_PATH) => asset("text/javascript; charset=utf-8", SCRIPT),
        Some(OVERLAY_CSS_PATH) => asset("text/css; charset=utf-8", OVERLAY_CSS),
        _ => respond(root, &request.target, &live.snapshot()),
    };
    let _ = response.write(stream, head_only);
}

fn respond(root: &Path, target: &str, snapshot: &Snapshot) -> Response {
    wait_for_swap(root);
    let file = files::resolve(root, target);
    match file.as_ref().map(|path| (path, files::open(path))) {
        Some((path, Ok(opened))) => page(200, path, opened, snapshot),
        _ => not_found(root, snapshot),
    }
}

/// Where the kernel cannot exchange two folders atomically, a rebuild swaps the output folder in
/// with two renames (`write::Staging::finish` moves the old one aside to `.NAME.old` first); a
/// request that falls between them waits for the second
/// instead of getting a 404. With no swap under way (say, no site built yet) it does not wait.
fn wait_for_swap(root: &Path) {
    let Some((_, aside)) = crate::output::guard::side_folders(root) else {
        return;
    };
    for _ in 0..50 {
        if root.is_dir() || !aside.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The site's own `404.html` when it has one (with the overlay: a failed first build has no site).
fn not_found(root: &Path, snapshot: &Snapshot) -> Response {
    let path = root.join(NOT_FOUND_PAGE);
    match files::resolve(root, &format!("/{NOT_FOUND_PAGE}")).map(|p| files::open(&p)) {
        Some(Ok(files::Opened::Whole(bytes))) => {
            // Without `base_url` its links are relative to the site root, and here the site
            // root is `/`, whatever path was missing.
            let bytes = String::from_utf8_lossy(&bytes).replacen(
                "<head>",
                &format!("<head>{}", inject::ROOT_BASE),
                1,
            );
            page(
                404,
                &path,
                files::Opened::Whole(bytes.into_bytes()),
                snapshot,
            )
        }
        // Too large to add the script to: as it is.
        Some(Ok(streamed)) => page(404, &path, streamed, snapshot),
        _ => page(
            404,
            &PathBuf::from(NOT_FOUND_PAGE),
            files::Opened::Whole(
                b"<!DOCTYPE html><html><body><p>Not found.</p></body></html>".to_vec(),
            ),
            snapshot,
        ),
    }
}

/// The response for a file: HTML read whole gets the reload script (and the overlay); anything
/// else, and HTML too large to read whole (`files::INJECT_LIMIT`), is streamed as it is.
fn page(status: u16, path: &Path, opened: files::Opened, snapshot: &Snapshot) -> Response {
    let content_type = files::content_type(path);
    let bytes = match opened {
        files::Opened::Whole(bytes) => bytes,
        files::Opened::Streamed(file, len) => {
            return Response {
                status,
                content_type,
                body: http::Body::File(file, len),
            }
        }
    };
    let body = match (
        content_type.starts_with("text/html"),
        String::from_utf8(bytes),
    ) {
        (true, Ok(html)) => {
            inject(&html, snapshot.generation, snapshot.overlay.as_deref()).into_bytes()
        }
        (_, Ok(text)) => text.into_bytes(),
        (_, Err(e)) => e.into_bytes(),
    };
    let body = http::Body::Bytes(body);
    Response {
        status,
        content_type,
        body,
    }
}

/// Sends the current generation, then each new one, until the tab goes away (noticed within
/// `STREAM_POLL` even while nothing is sent).
fn stream_events(stream: &TcpStream, live: &Live) {
    use std::io::Write;
    let mut seen = live.snapshot().generation;
    let mut writer = stream;
    if start_event_stream(stream).is_err() || write!(writer, "data: {seen}\n\n").is_err() {
        return;
    }
    let mut last_sent = Instant::now();
    loop {
        let now = live.wait_change(seen, STREAM_POLL);
        let message = if now != seen {
            format!("data: {now}\n\n")
        } else if http::closed_by_client(stream) {
            return;
        } else if last_sent.elapsed() >= KEEPALIVE {
            ": keep-alive\n\n".to_owned()
        } else {
            continue;
        };
        seen = now;
        last_sent = Instant::now();
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        console::say(format!(
            "warning: could not open a browser ({opener}: {e}); open {url} yourself"
        ));
    }
}
