//! A file's text that a big guide does not keep: an article is read at load for its front
//! matter and its hash; its text is held until its page has rendered only when the guide's
//! texts all fit a budget (`HoldBudget`), and let go then. Whatever needs a text not held (its
//! page's render, a diagnostic's snippet, the headings a link's `#anchor` names) reads the file
//! again, and gets it only if the file is still what was loaded and checked.

use std::ops::Deref;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A file's text, held or read again on demand.
#[derive(Debug)]
pub struct FileText {
    /// The guide folder, which the file's path in the guide is read again from (one copy for
    /// every file: a big guide has 100,000 of them).
    root: Arc<Path>,
    /// A hash of the text as loaded (`crate::digest::of`).
    digest: u64,
    held: Mutex<Option<Arc<String>>>,
}

impl FileText {
    /// `text`, as loaded from a file below `root`: held until `let_go` if `hold`, else only
    /// its hash is kept.
    pub fn new(root: Arc<Path>, text: Arc<String>, hold: bool) -> Self {
        FileText {
            root,
            digest: crate::digest::of(text.as_str()),
            held: Mutex::new(hold.then_some(text)),
        }
    }

    /// A hash of the text as loaded.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The text: held, or read again (a byte order mark left out, as the load does). `None`
    /// when the file changed or went since it loaded: spans found in what was loaded would
    /// point at other text.
    pub fn get(&self, file: &Path) -> Option<Arc<String>> {
        if let Some(text) = self.held.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Some(text);
        }
        let mut bytes = read_again(&self.root.join(file), MAX_FILE_BYTES)?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).ok()?;
        (crate::digest::of(text.as_str()) == self.digest).then(|| Arc::new(text))
    }

    /// Stops holding the text (it is read again if asked for).
    pub fn let_go(&self) {
        *self.held.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// The largest file madoguchi reads (guide.yaml, an article, a theme file): 16 MiB. Checked
/// before reading, so a huge or endless file cannot exhaust memory. The bundled guide is ~30 KiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file of the guide read again after the load, at most `limit` bytes (see
/// `read_regular_file`). `None` if it cannot be read as such; the caller compares what it gets
/// with what was loaded.
pub fn read_again(path: &Path, limit: u64) -> Option<Vec<u8>> {
    read_regular_file(path, limit).ok()?.ok()
}

/// Reads a regular file of at most `limit` bytes (`Err(its length)` past it). The file is
/// opened without following a link (Linux), in case it was swapped for one since its path was
/// checked, and without waiting (a named pipe put in its place would block the open until
/// something wrote to it).
pub fn read_regular_file(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    if meta.len() > limit {
        return Ok(Err(meta.len()));
    }
    // `take` bounds the read even if the file grows after the size check.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(match bytes.len() as u64 > limit {
        true => Err(bytes.len() as u64),
        false => Ok(bytes),
    })
}

/// How many bytes of article text a load may hold until the pages render. Reading a text
/// again costs its UTF-8 check and its hash (about 1.4% of a build's instructions when every
/// article is read twice), so a guide whose articles all fit is read once; a bigger one holds
/// none once loaded (169 MB at 100,000 articles when all were held until their pages).
pub const HELD_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// What is left of the bytes a load may hold, shared by the threads that load.
#[derive(Debug)]
pub struct HoldBudget {
    left: AtomicUsize,
    /// Whether a text was refused: then the guide does not fit, and none is held.
    exceeded: AtomicBool,
}

impl HoldBudget {
    pub fn new(bytes: usize) -> Self {
        HoldBudget {
            left: AtomicUsize::new(bytes),
            exceeded: AtomicBool::new(false),
        }
    }

    /// Whether a text of `len` bytes may be held: if so, it is taken from the budget.
    pub fn take(&self, len: usize) -> bool {
        let left = |left: usize| left.checked_sub(len);
        let taken = (self
            .left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, left))
        .is_ok();
        if !taken {
            self.exceeded.store(true, Ordering::Relaxed);
        }
        taken
    }

    /// Whether some text did not fit (the texts held so far are then to be let go).
    pub fn exceeded(&self) -> bool {
        self.exceeded.load(Ordering::Relaxed)
    }
}

/// The Markdown after an article's front matter, from its text.
pub struct Body {
    text: Arc<String>,
    from: usize,
}

impl Body {
    pub fn new(text: Arc<String>, from: usize) -> Self {
        Body { text, from }
    }

    /// The whole file: front matter and body.
    pub fn whole(&self) -> &str {
        &self.text
    }
}

impl Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        self.text.get(self.from..).unwrap_or_default()
    }
}

/// A scratch file in `dir` (its name starts `.madoguchi-KIND-`), removed from the folder at
/// once: nothing else ever sees it (a page's folder is published), and it goes with its last
/// handle however the build ends. An error where it cannot be made or removed.
pub fn scratch_file(dir: &Path, kind: &str) -> std::io::Result<std::fs::File> {
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let n = MADE.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(".madoguchi-{kind}-{}-{n}", std::process::id()));
    let file = (std::fs::OpenOptions::new())
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    if let Err(e) = std::fs::remove_file(&path) {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_not_held_is_read_again_only_while_the_file_is_unchanged() {
        let dir = std::env::temp_dir().join(format!("madoguchi-file-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let root: Arc<Path> = Arc::from(dir.as_path());
        let file = Path::new("a.md");
        let path = dir.join(file);
        std::fs::write(&path, "\u{feff}---\ntitle: a\n---\nbody\n").unwrap();
        let text = Arc::new("---\ntitle: a\n---\nbody\n".to_owned());
        let held = FileText::new(Arc::clone(&root), Arc::clone(&text), true);
        let unheld = FileText::new(root, Arc::clone(&text), false);
        assert!(Arc::ptr_eq(&held.get(file).unwrap(), &text));
        assert!(!Arc::ptr_eq(&unheld.get(file).unwrap(), &text));
        held.let_go();
        drop(text);
        for text in [&held, &unheld] {
            assert_eq!(
                text.get(file).unwrap().as_str(),
                "---\ntitle: a\n---\nbody\n"
            );
        }
        assert_eq!(&*Body::new(unheld.get(file).unwrap(), 17), "body\n");
        std::fs::write(&path, "---\ntitle: a\n---\nedited\n").unwrap();
        assert!(held.get(file).is_none() && unheld.get(file).is_none());
        std::fs::remove_file(&path).unwrap();
        assert!(held.get(file).is_none() && unheld.get(file).is_none());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    #[cfg(unix)]
    fn a_named_pipe_or_a_link_put_in_a_files_place_is_not_read_again() {
        let dir = std::env::temp_dir().join(format!("madoguchi-read-again-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pipe = dir.join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if made.is_ok_and(|s| s.success()) {
            // Opened without waiting for a writer, and refused as no regular file.
            assert_eq!(read_again(&pipe, 100), None);
        }
        let target = dir.join("target.md");
        std::fs::write(&target, "text").unwrap();
        assert_eq!(read_again(&target, 100).as_deref(), Some(&b"text"[..]));
        assert_eq!(read_again(&target, 3), None, "over the limit");
        #[cfg(target_os = "linux")]
        {
            let link = dir.join("link.md");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(read_again(&link, 100), None);
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn texts_are_held_while_they_all_fit_the_budget() {
        let budget = HoldBudget::new(10);
        assert!(budget.take(4) && budget.take(6) && budget.take(0));
        assert!(!budget.exceeded());
        assert!(!budget.take(1), "4 + 6 + 1 is over the budget");
        assert!(budget.exceeded());
    }
}
