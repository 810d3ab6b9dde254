//! A file's text that a big guide does not keep: an article is read once at load for its front
//! matter and its hash, and its text let go; whatever needs it later (its page's render, a
//! diagnostic's snippet, the headings a link's `#anchor` names) reads the file again, and gets
//! it only if the file is still what was loaded and checked.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a file's text is read again, and the hash it must still have.
#[derive(Debug)]
pub struct FileText {
    /// Where to read it again (the guide folder joined with its path in the guide).
    read_from: PathBuf,
    /// A hash of the text as loaded (`crate::digest::of`).
    digest: u64,
}

impl FileText {
    /// `text`, as loaded from `read_from`: only its hash is kept.
    pub fn new(read_from: PathBuf, text: &str) -> Self {
        FileText {
            read_from,
            digest: crate::digest::of(text),
        }
    }

    /// A hash of the text as loaded.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The text, read again (a byte order mark left out, as the load does). `None` when the
    /// file changed or went since it loaded: spans found in what was loaded would point at
    /// other text.
    pub fn get(&self) -> Option<Arc<String>> {
        let mut bytes = std::fs::read(&self.read_from).ok()?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).ok()?;
        (crate::digest::of(text.as_str()) == self.digest).then(|| Arc::new(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_read_again_only_while_the_file_is_unchanged() {
        let dir = std::env::temp_dir().join(format!("madoguchi-file-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.md");
        std::fs::write(&path, "\u{feff}---\ntitle: a\n---\nbody\n").unwrap();
        let file = FileText::new(path.clone(), "---\ntitle: a\n---\nbody\n");
        assert_eq!(file.get().unwrap().as_str(), "---\ntitle: a\n---\nbody\n");
        assert_eq!(&*Body::new(file.get().unwrap(), 17), "body\n");
        std::fs::write(&path, "---\ntitle: a\n---\nedited\n").unwrap();
        assert!(file.get().is_none());
        std::fs::remove_file(&path).unwrap();
        assert!(file.get().is_none());
        std::fs::remove_dir_all(&dir).ok();
    }
}
