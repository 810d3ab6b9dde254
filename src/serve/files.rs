//! Which file a request path names (only regular files under the output root, never outside
//! it), and how it is read to be served.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// The file under `root` that `target` (a request target such as `/situations/a.html?x`) names.
/// `None` for anything that is not plainly inside the root: `..` or `.` segments (raw or
/// percent-encoded), backslashes, NUL, drive letters, or a symlink whose target leaves the root.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        relative.push(segment);
    }
    let mut candidate = root.join(&relative);
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    // Canonical paths resolve every symlink, so a link pointing out of the root is caught here.
    let root = root.canonicalize().ok()?;
    let file = candidate.canonicalize().ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

/// HTML files up to this size are read whole, to add the reload script and the overlay; larger
/// ones are streamed as they are (a page that big loses live reload, not the server its memory).
pub const INJECT_LIMIT: u64 = 16 * 1024 * 1024;

/// A file opened to be served.
pub enum Opened {
    /// An HTML file within `INJECT_LIMIT`, read whole.
    Whole(Vec<u8>),
    /// Anything else: the open file and its size, to stream through a fixed buffer.
    Streamed(File, u64),
}

/// Opens `path` (from `resolve`) to be served. Only HTML within `INJECT_LIMIT` is read into
/// memory, and never past the size the file had when opened.
pub fn open(path: &Path) -> io::Result<Opened> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    if !content_type(path).starts_with("text/html") || len > INJECT_LIMIT {
        return Ok(Opened::Streamed(file, len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(len).read_to_end(&mut bytes)?;
    Ok(Opened::Whole(bytes))
}

/// The `Content-Type` for a served file.
pub fn content_type(path: &Path) -> &'static str {
    let extension = (path.extension().and_then(|e| e.to_str()))
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("out/situations")).unwrap();
        std::fs::write(dir.path().join("out/index.html"), "home").unwrap();
        std::fs::write(dir.path().join("out/situations/a b.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let dir = site();
        let out = dir.path().join("out");
        assert!(resolve(&out, "/").unwrap().ends_with("out/index.html"));
        assert!(resolve(&out, "/index.html?x=1").is_some());
        assert!(resolve(&out, "/situations/a%20b.html").is_some());
        assert!(resolve(&out, "/missing.html").is_none());
    }

    #[test]
    fn refuses_everything_outside_the_root() {
        let dir = site();
        let out = dir.path().join("out");
        for target in [
            "/../secret.txt",
            "/situations/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "secret.txt",
            "/C:/Windows/win.ini",
            "/index.html%00",
        ] {
            assert_eq!(resolve(&out, target), None, "{target}");
        }
    }

    #[test]
    fn only_html_within_the_limit_is_read_whole() {
        let dir = site();
        let out = dir.path().join("out");
        assert!(matches!(open(&out.join("index.html")), Ok(Opened::Whole(b)) if b == b"home"));
        let big = out.join("big.html");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(INJECT_LIMIT + 1)
            .unwrap();
        assert!(
            matches!(open(&big), Ok(Opened::Streamed(_, len)) if len == INJECT_LIMIT + 1),
            "HTML over the limit is streamed"
        );
        std::fs::write(out.join("a.css"), "x").unwrap();
        assert!(matches!(
            open(&out.join("a.css")),
            Ok(Opened::Streamed(_, 1))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_that_leave_the_root() {
        let dir = site();
        let out = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), None);
        assert_eq!(resolve(&out, "/up/secret.txt"), None);
    }
}
