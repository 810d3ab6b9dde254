//! A minimal HTTP/1.1 server side over std::net: one GET or HEAD per connection, then close.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// What the server needs from a request.
pub struct Request {
    pub method: String,
    pub target: String,
}

/// Longest request head accepted; a local preview never needs more.
const MAX_HEAD: usize = 16 * 1024;

/// The whole request head (request line and headers) must arrive within this, however it is
/// split up: a client sending a byte every few seconds is cut off here, not kept alive by each byte.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// A response write that makes no progress for this long ends the connection (a client that
/// asked for a file and stopped reading does not keep its slot).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The buffer a file is streamed through.
const FILE_BUFFER: usize = 64 * 1024;

/// Reads the request line and skips the headers, all within `HEAD_DEADLINE` from now.
/// A head that does not arrive in time is an error for which `timed_out` is true.
pub fn read_request(stream: &TcpStream) -> io::Result<Request> {
    read_head(stream, HEAD_DEADLINE)
}

fn read_head(stream: &TcpStream, within: Duration) -> io::Result<Request> {
    let deadline = Instant::now() + within;
    let mut reader = BufReader::new(Deadline { stream, deadline }).take(MAX_HEAD as u64);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad request line",
        ));
    };
    let request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
    };
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            return Ok(request);
        }
    }
}

/// Whether a `read_request` error means the head did not arrive in time.
pub fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// Reads from a socket, each read waiting only for what is left until one deadline.
struct Deadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// A response body: bytes in memory, or a file streamed from disk.
pub enum Body {
    Bytes(Vec<u8>),
    /// The first `len` bytes of the file (its size when opened), copied through a fixed buffer.
    File(File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

/// A complete response with a body (omitted for HEAD).
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Body::Bytes(body.as_bytes().to_vec()),
        }
    }

    /// A 503 whose body starts with the reason, so a person reading it knows what happened.
    pub fn unavailable(why: &str) -> Self {
        Response::text(503, &format!("Service Unavailable: {why}\n"))
    }

    pub fn write(self, mut stream: &TcpStream, head_only: bool) -> io::Result<()> {
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(bytes) => stream.write_all(&bytes)?,
                Body::File(file, len) => {
                    let mut file = BufReader::with_capacity(FILE_BUFFER, file).take(len);
                    if io::copy(&mut file, &mut stream)? < len {
                        // The file shrank since it was opened: the client sees a short body.
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
            }
        }
        stream.flush()
    }
}

/// Starts a server-sent-events stream; the caller then writes `data:` lines.
pub fn start_event_stream(mut stream: &TcpStream) -> io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()
}

/// Whether the client has closed its side of an event stream (or the socket failed). Reads
/// without waiting and throws away whatever the client sent; `false` while it is simply quiet.
pub fn closed_by_client(mut stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 512];
    // A client has no reason to send anything on an event stream: a bounded drain, then judge.
    let mut closed = false;
    for _ in 0..16 {
        match stream.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    stream.set_nonblocking(false).is_err() || closed
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A connected pair on loopback: (client, server side).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    #[test]
    fn a_whole_head_is_read() {
        let (mut client, server) = pair();
        client
            .write_all(b"GET /a.html?x HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let request = read_head(&server, Duration::from_secs(5)).unwrap();
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("GET", "/a.html?x")
        );
    }

    /// Each byte arrives well within any per-read timeout, yet the head as a whole is late.
    #[test]
    fn the_deadline_covers_the_whole_head_not_each_read() {
        let (mut client, server) = pair();
        let trickle = std::thread::spawn(move || {
            for byte in b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter()
            {
                if client.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
        });
        let started = Instant::now();
        let error = read_head(&server, Duration::from_millis(400))
            .err()
            .expect("a head trickled past its deadline is refused");
        assert!(timed_out(&error), "{error:?}");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "cut off after {took:?}");
        drop(server);
        trickle.join().unwrap();
    }

    #[test]
    fn a_closed_event_stream_is_seen_without_writing() {
        let (client, server) = pair();
        assert!(!closed_by_client(&server), "a quiet client is still there");
        let mut client = client;
        client.write_all(b"stray bytes").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !closed_by_client(&server),
            "bytes from the client are not a close"
        );
        drop(client);
        let deadline = Instant::now() + Duration::from_secs(5);
        while !closed_by_client(&server) {
            assert!(Instant::now() < deadline, "the close was never seen");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_file_body_is_streamed_with_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let file = File::create(&path).unwrap();
        file.set_len(3 * FILE_BUFFER as u64 + 17).unwrap();
        let (mut client, server) = pair();
        let writer = std::thread::spawn(move || {
            let file = File::open(path).unwrap();
            let len = file.metadata().unwrap().len();
            Response {
                status: 200,
                content_type: "application/octet-stream",
                body: Body::File(file, len),
            }
            .write(&server, false)
        });
        let mut response = Vec::new();
        client.read_to_end(&mut response).unwrap();
        writer.join().unwrap().unwrap();
        let text = String::from_utf8_lossy(&response);
        let len = 3 * FILE_BUFFER + 17;
        assert!(
            text.contains(&format!("Content-Length: {len}\r\n")),
            "{text:.200}"
        );
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(response.len() - head.len() - 4, len);
        assert!(body.bytes().all(|b| b == 0));
    }

    #[test]
    fn a_503_says_service_unavailable() {
        let (mut client, server) = pair();
        Response::unavailable("busy").write(&server, false).unwrap();
        drop(server);
        let mut response = String::new();
        client.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{response}"
        );
        assert!(
            response.ends_with("\r\n\r\nService Unavailable: busy\n"),
            "{response}"
        );
    }
}
