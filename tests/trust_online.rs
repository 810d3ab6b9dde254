//! `check --online` against a local HTTPS server with a self-signed certificate, reached through
//! `--resolve`, so no test leaves the machine. Plain `check` and `build` never fetch anything.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{bin, stderr, write};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server saw: (path, user agent, when the connection came in).
type Log = Arc<Mutex<Vec<(String, String, Instant)>>>;

struct Server {
    port: u16,
    log: Log,
    cert_pem: String,
}

/// An HTTPS server for `www.example.jp`, answering a few fixed pages.
fn start_server() -> Server {
    let certified = rcgen::generate_simple_self_signed(vec!["www.example.jp".into()]).unwrap();
    let cert_pem = certified.cert.pem();
    let cert = CertificateDer::from(certified.cert.der().to_vec());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: Log = Arc::default();
    let server_log = log.clone();
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let connected = Instant::now();
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut stream = rustls::StreamOwned::new(conn, tcp);
            let _ = serve_one(&mut stream, &server_log, connected);
        }
    });
    Server {
        port,
        log,
        cert_pem,
    }
}

fn serve_one<S: std::io::Read + Write>(
    stream: &mut S,
    log: &Log,
    connected: Instant,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(&mut *stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line.split(' ').nth(1).unwrap_or("").to_owned();
    let mut agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
            agent = v.trim().to_owned();
        }
    }
    log.lock().unwrap().push((path.clone(), agent, connected));
    let (status, extra, body) = match path.as_str() {
        "/help" => (
            "200 OK",
            "",
            "<title>Help</title><p>お電話：<b>０１２０</b>－１２３－４５６（平日）</p>",
        ),
        "/nophone" => (
            "200 OK",
            "",
            "<h1>No phone</h1><p>お問い合わせはフォームから。</p>",
        ),
        // The number only where no reader sees it: a comment, a script, a <meta>.
        "/hidden" => (
            "200 OK",
            "",
            "<head><meta name=\"description\" content=\"0120-777-888\"></head>\
             <!-- 0120-777-888 --><script>var tel = \"0120-777-888\";</script>\
             <h1>Hidden</h1><p>お問い合わせはフォームから。</p>",
        ),
        // A three-digit number, as official pages print it.
        "/short" => (
            "200 OK",
            "",
            "<h1>Short</h1><p>消費者ホットライン「<b>188</b>」（いやや！）</p>",
        ),
        // A redirect to another port of an official host (ssh, say).
        "/port" => (
            "302 Found",
            "Location: https://www.example.jp:22/help\r\n",
            "",
        ),
        "/moved" => ("301 Moved Permanently", "Location: /help\r\n", ""),
        "/offsite" => (
            "302 Found",
            "Location: https://evil.example/support\r\n",
            "",
        ),
        // Sites that turn programs away.
        "/forbidden" => ("403 Forbidden", "", "no robots"),
        "/busy" => ("429 Too Many Requests", "", "slow down"),
        // A page that moved to the site's top page: 200, the number, but not the page cited.
        "/old-help" => ("301 Moved Permanently", "Location: /\r\n", ""),
        "/" => (
            "200 OK",
            "",
            "<title>Example トップ</title><meta name=\"description\" content=\"Old help\"><p>0120-123-456</p>",
        ),
        _ => ("404 Not Found", "", "not here"),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes())?;
    stream.flush()
}

const GUIDE: &str = r#"title: Guide
lang: ja
official_domains: [example.jp]
channels:
  - id: ok
    name: OK
    kind: phone
    owner: Example
    how: Call.
    phone: 0120-123-456
    source: { url: "https://www.example.jp/help", title: "Help", checked: 2026-11-01 }
  - id: moved
    name: Moved
    kind: phone
    owner: Example
    how: Call.
    phone: 0120-123-456
    source: { url: "https://www.example.jp/moved", title: "Help", checked: 2026-11-01 }
  - id: nophone
    name: No phone
    kind: phone
    owner: Example
    how: Call.
    phone: 0120-999-888
    source: { url: "https://www.example.jp/nophone", title: "No phone", checked: 2026-11-01 }
  - id: hidden
    name: Hidden
    kind: phone
    owner: Example
    how: Call.
    phone: 0120-777-888
    source: { url: "https://www.example.jp/hidden", title: "Hidden", checked: 2026-11-01 }
  - id: short
    name: Short
    kind: phone
    owner: Example
    how: Call.
    phone: "188"
    source: { url: "https://www.example.jp/short", title: "Short", checked: 2026-11-01 }
  - id: port
    name: Port
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://www.example.jp/port", title: "Port", checked: 2026-11-01 }
  - id: gone
    name: Gone
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://www.example.jp/gone", title: "Gone", checked: 2026-11-01 }
  - id: offsite
    name: Offsite
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://www.example.jp/offsite", title: "Offsite", checked: 2026-11-01 }
  - id: down
    name: Down
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://down.example.jp/x", title: "Down", checked: 2026-11-01 }
  - id: forbidden
    name: Forbidden
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://www.example.jp/forbidden", title: "Forbidden", checked: 2026-11-01 }
  - id: busy
    name: Busy
    kind: form
    owner: Example
    how: Form.
    on_hand: The letter we sent you.
    source: { url: "https://www.example.jp/busy", title: "Busy", checked: 2026-11-01 }
  - id: replaced
    name: Replaced
    kind: phone
    owner: Example
    how: Call.
    phone: 0120-123-456
    source: { url: "https://www.example.jp/old-help", title: "Old help", checked: 2026-11-01 }
situations:
  - id: lost
    title: Lost
    summary: Lost.
    first: [ok]
    also: [moved, nophone, hidden, short, port, gone, offsite, down, forbidden, busy, replaced]
"#;

fn guide(dir: &Path) {
    write(&dir.join("content/guide.yaml"), GUIDE);
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn check_online(root: &Path, server: &Server, extra: &[&str]) -> (Option<i32>, String) {
    let resolve = format!("www.example.jp:127.0.0.1:{}", server.port);
    let down = format!("down.example.jp:127.0.0.1:{}", closed_port());
    let output = bin()
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(["--online", "--resolve", &resolve, "--resolve", &down])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (output.status.code(), stderr(&output))
}

#[test]
fn online_check_reports_each_kind_of_problem() {
    let tmp = tempfile::tempdir().unwrap();
    guide(tmp.path());
    let server = start_server();
    let ca = tmp.path().join("ca.pem");
    std::fs::write(&ca, &server.cert_pem).unwrap();
    let (code, err) = check_online(
        tmp.path(),
        &server,
        &["--cacert", ca.to_str().unwrap(), "--pause-ms", "300"],
    );
    assert_eq!(code, Some(1), "{err}");
    for expected in [
        "error: the page cited for `gone` answers HTTP 404",
        "error: the page cited for `offsite` redirects off the official domains, to `https://evil.example/support`",
        "warning: the phone number of `nophone` does not appear on its source page",
        "warning: the phone number of `hidden` does not appear on its source page",
        "error: the page cited for `port` redirects off the official domains, to `https://www.example.jp:22/help`",
        "warning: the page cited for `down` could not be reached",
        "content/guide.yaml:",
    ] {
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
    // `ok` shows its number in full-width digits split by tags; `moved` redirects to that page.
    assert!(!err.contains("`ok`"), "{err}");
    assert!(!err.contains("`moved`"), "{err}");
    // `short` shows 188, a three-digit number, in the page's text.
    assert!(!err.contains("`short`"), "{err}");

    let log = server.log.lock().unwrap().clone();
    assert!(!log.is_empty());
    for (path, agent, _) in &log {
        assert!(
            agent.starts_with("madoguchi/"),
            "{path}: user agent `{agent}`"
        );
    }
    // Each page once, however many channels cite it; a pause between requests to one host.
    let help_requests = log.iter().filter(|(p, _, _)| p == "/help").count();
    assert_eq!(
        help_requests, 2,
        "once for `ok`, once through `moved`'s redirect: {log:?}"
    );
    // The k-th connection comes at least k pauses after the first (less a margin for the
    // client's own work). Counted from the first rather than pair by pair: the server accepts
    // one connection at a time, so on a busy machine one late accept makes the next gap short
    // while the client still paused.
    for (k, entry) in log.iter().enumerate() {
        let since_first = entry.2.duration_since(log[0].2);
        assert!(
            since_first.as_millis() >= 250 * k as u128,
            "request {k} came {since_first:?} after the first: {log:?}"
        );
    }
}

#[test]
fn strict_turns_a_missing_phone_into_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    guide(tmp.path());
    let server = start_server();
    let ca = tmp.path().join("ca.pem");
    std::fs::write(&ca, &server.cert_pem).unwrap();
    let (code, err) = check_online(
        tmp.path(),
        &server,
        &[
            "--cacert",
            ca.to_str().unwrap(),
            "--pause-ms",
            "0",
            "--strict",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: the phone number of `nophone` does not appear"),
        "{err}"
    );
}

#[test]
fn an_untrusted_certificate_is_unreachable() {
    let tmp = tempfile::tempdir().unwrap();
    guide(tmp.path());
    let server = start_server();
    let (_, err) = check_online(tmp.path(), &server, &["--pause-ms", "0"]);
    assert!(
        err.contains("warning: the page cited for `ok` could not be reached"),
        "{err}"
    );
    assert!(err.to_ascii_lowercase().contains("certificate"), "{err}");
}

#[test]
fn plain_check_and_build_fetch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    guide(tmp.path());
    let server = start_server();
    let resolve = format!("www.example.jp:127.0.0.1:{}", server.port);
    let check = bin()
        .args(["check", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = bin()
        .args(["build", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    // --resolve without --online is a usage error, not a silent fetch.
    let stray = bin()
        .args(["check", "--resolve", &resolve, "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(stray.status.code(), Some(2));
    assert!(server.log.lock().unwrap().is_empty());
}

// ── The editor's monthly round: unverified pages, titles, --report, --cache ──

/// A guide, a server and its certificate, ready for a round.
fn round_setup() -> (tempfile::TempDir, Server, String) {
    let tmp = tempfile::tempdir().unwrap();
    guide(tmp.path());
    let server = start_server();
    let ca = tmp.path().join("ca.pem");
    std::fs::write(&ca, &server.cert_pem).unwrap();
    let ca = ca.to_str().unwrap().to_owned();
    (tmp, server, ca)
}

fn requested(server: &Server, path: &str) -> usize {
    let log = server.log.lock().unwrap();
    log.iter().filter(|(p, _, _)| p == path).count()
}

#[test]
fn sites_that_refuse_programs_are_unverified_not_broken() {
    let (tmp, server, ca) = round_setup();
    let (_, err) = check_online(tmp.path(), &server, &["--cacert", &ca, "--pause-ms", "0"]);
    for id in ["forbidden", "busy"] {
        let code = if id == "busy" { 429 } else { 403 };
        assert!(
            err.contains(&format!("warning: the page cited for `{id}` is unverified: its site answered HTTP {code} to an automated check")),
            "{err}"
        );
        assert!(!err.contains(&format!("`{id}` answers HTTP")), "{err}");
    }
    assert!(
        err.contains("compare the window's details with it by hand"),
        "{err}"
    );
    assert!(err.contains("a longer --pause-ms asks less often"), "{err}");
}

#[test]
fn a_page_that_answers_but_no_longer_shows_its_title_is_named() {
    let (tmp, server, ca) = round_setup();
    let (_, err) = check_online(tmp.path(), &server, &["--cacert", &ca, "--pause-ms", "0"]);
    assert!(
        err.contains("warning: the source page of `replaced` does not show its title `Old help`"),
        "{err}"
    );
    assert!(
        err.contains("its redirects end at https://www.example.jp/"),
        "{err}"
    );
    // The title only in a <meta> is not shown; the pages whose titles show are not named.
    for id in ["ok", "moved", "nophone", "hidden", "short"] {
        assert!(
            !err.contains(&format!("source page of `{id}`")),
            "{id}: {err}"
        );
    }
}

#[test]
fn the_report_says_for_each_page_its_status_final_url_and_what_it_shows() {
    let (tmp, server, ca) = round_setup();
    let json = tmp.path().join("round.json");
    let (_, err) = check_online(
        tmp.path(),
        &server,
        &[
            "--cacert",
            &ca,
            "--pause-ms",
            "0",
            "--report",
            json.to_str().unwrap(),
        ],
    );
    assert!(err.contains("note: online: 12 pages: 6 ok (0 from the cache), 2 unverified, 3 broken, 1 unreachable"), "{err}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let page = |window: &str| {
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["window"] == window && p["page"] == "source")
            .unwrap_or_else(|| panic!("no {window} in {report}"))
            .clone()
    };
    let moved = page("moved");
    assert_eq!(moved["status"], "ok");
    assert_eq!(moved["http"], 200);
    assert_eq!(moved["final_url"], "https://www.example.jp/help");
    assert_eq!(moved["phone_found"], true);
    assert_eq!(moved["title_found"], true);
    let replaced = page("replaced");
    assert_eq!(replaced["final_url"], "https://www.example.jp/");
    assert_eq!(replaced["phone_found"], true);
    assert_eq!(replaced["title_found"], false);
    assert_eq!(page("nophone")["phone_found"], false);
    assert_eq!(page("hidden")["phone_found"], false);
    assert_eq!(page("forbidden")["status"], "unverified");
    assert_eq!(page("forbidden")["http"], 403);
    assert_eq!(page("gone")["status"], "broken");
    assert_eq!(page("gone")["http"], 404);
    assert_eq!(page("down")["status"], "unreachable");
    assert_eq!(page("down")["final_url"], serde_json::Value::Null);

    let md = tmp.path().join("round.md");
    check_online(
        tmp.path(),
        &server,
        &[
            "--cacert",
            &ca,
            "--pause-ms",
            "0",
            "--report",
            md.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(md).unwrap();
    assert!(
        md.contains("| window | page | status | final URL | phone shown | title shown | note |"),
        "{md}"
    );
    assert!(
        md.contains("| `replaced` | source https://www.example.jp/old-help | ok (HTTP 200) | https://www.example.jp/ | yes: 0120-123-456 | **NO**: Old help |  |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| `forbidden` | source https://www.example.jp/forbidden | unverified (HTTP 403) |"
        ),
        "{md}"
    );

    // Another name is a usage error, before anything is fetched.
    let before = server.log.lock().unwrap().len();
    let (code, err) = check_online(tmp.path(), &server, &["--report", "round.txt"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("must end in .json (for tools) or .md (to read)"),
        "{err}"
    );
    assert_eq!(server.log.lock().unwrap().len(), before);
}

#[test]
fn the_cache_skips_pages_checked_ok_lately_until_what_they_should_show_changes() {
    let (tmp, server, ca) = round_setup();
    let cache = tmp.path().join("online-cache.json");
    let cache_arg = cache.to_str().unwrap().to_owned();
    let args = ["--cacert", &ca, "--pause-ms", "0", "--cache", &cache_arg];
    check_online(tmp.path(), &server, &args);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    let windows: Vec<&str> = (written["pages"].as_array().unwrap().iter())
        .map(|p| p["window"].as_str().unwrap())
        .collect();
    // Only pages checked OK: not the missing number, the refusals, the errors, the lost title.
    assert_eq!(windows, ["moved", "ok", "short"], "{written}");
    assert_eq!(requested(&server, "/help"), 2);

    // A second round within the week fetches only what was not OK.
    let (_, err) = check_online(tmp.path(), &server, &args);
    assert!(err.contains("6 ok (3 from the cache)"), "{err}");
    assert_eq!(
        requested(&server, "/help"),
        2,
        "cached pages are not fetched"
    );
    assert_eq!(
        requested(&server, "/nophone"),
        2,
        "a page with a problem is fetched again"
    );
    assert!(!err.contains("`ok`"), "{err}");

    // A changed number checks its page again (and finds the page does not show it).
    let guide_file = tmp.path().join("content/guide.yaml");
    let yaml = std::fs::read_to_string(&guide_file).unwrap();
    std::fs::write(
        &guide_file,
        yaml.replacen("phone: 0120-123-456", "phone: 0120-123-457", 1),
    )
    .unwrap();
    let (_, err) = check_online(tmp.path(), &server, &args);
    assert_eq!(requested(&server, "/help"), 3, "{err}");
    assert!(
        err.contains("the phone number of `ok` does not appear on its source page"),
        "{err}"
    );

    // --max-age 0 fetches every page.
    let mut all = args.to_vec();
    all.extend(["--max-age", "0"]);
    check_online(tmp.path(), &server, &all);
    assert_eq!(requested(&server, "/short"), 2);
}

#[test]
fn an_old_or_unreadable_cache_entry_is_fetched_again() {
    let (tmp, server, ca) = round_setup();
    let cache = tmp.path().join("cache.json");
    let eight_days_ago = common::date_of(common::utc_day_number() - 8);
    std::fs::write(
        &cache,
        format!(r#"{{"version": 1, "pages": [{{"window": "short", "page": "source", "url": "https://www.example.jp/short", "phone": "188", "title": "Short", "checked": "{eight_days_ago}", "final_url": "https://www.example.jp/short"}}]}}"#),
    )
    .unwrap();
    let cache_arg = cache.to_str().unwrap().to_owned();
    let args = ["--cacert", &ca, "--pause-ms", "0", "--cache", &cache_arg];
    let (_, err) = check_online(tmp.path(), &server, &args);
    assert_eq!(
        requested(&server, "/short"),
        1,
        "eight days is older than the default seven: {err}"
    );
    assert!(err.contains("(0 from the cache)"), "{err}");
    // With a longer --max-age it counts.
    std::fs::write(
        &cache,
        std::fs::read_to_string(&cache)
            .unwrap()
            .replace(&common::date_of(common::utc_day_number()), &eight_days_ago),
    )
    .unwrap();
    let mut longer = args.to_vec();
    longer.extend(["--max-age", "30"]);
    let (_, err) = check_online(tmp.path(), &server, &longer);
    assert_eq!(requested(&server, "/short"), 1, "{err}");

    // A cache that is not ours is set aside, said so, and rewritten.
    std::fs::write(&cache, "{ not json").unwrap();
    let (_, err) = check_online(tmp.path(), &server, &args);
    assert!(err.contains("was not used"), "{err}");
    assert!(
        err.contains("every page is fetched, and the file is rewritten"),
        "{err}"
    );
    let rewritten = std::fs::read_to_string(&cache).unwrap();
    assert!(rewritten.contains("\"version\": 1"), "{rewritten}");
}

/// A cache is a file anyone can edit (it lives beside the guide): an entry whose page ended up
/// off the official domains, or older than a source may go unchecked, vouches for nothing.
#[test]
fn a_cache_entry_is_vetted_again_and_never_older_than_a_source_may_be() {
    let (tmp, server, ca) = round_setup();
    let cache = tmp.path().join("cache.json");
    let entry = |checked: &str, final_url: &str| {
        format!(
            r#"{{"version": 1, "pages": [{{"window": "short", "page": "source", "url": "https://www.example.jp/short", "phone": "188", "title": "Short", "checked": "{checked}", "final_url": "{final_url}"}}]}}"#
        )
    };
    let cache_arg = cache.to_str().unwrap().to_owned();
    let args = ["--cacert", &ca, "--pause-ms", "0", "--cache", &cache_arg];
    let today = common::date_of(common::utc_day_number());
    std::fs::write(&cache, entry(&today, "https://evil.example/phish")).unwrap();
    let (_, err) = check_online(tmp.path(), &server, &args);
    assert_eq!(requested(&server, "/short"), 1, "{err}");
    assert!(err.contains("(0 from the cache)"), "{err}");

    let long_ago = common::date_of(common::utc_day_number() - 400);
    std::fs::write(&cache, entry(&long_ago, "https://www.example.jp/short")).unwrap();
    let mut longer = args.to_vec();
    longer.extend(["--max-age", "100000"]);
    let (_, err) = check_online(tmp.path(), &server, &longer);
    assert_eq!(requested(&server, "/short"), 2, "{err}");
    assert!(err.contains("(0 from the cache)"), "{err}");
}
