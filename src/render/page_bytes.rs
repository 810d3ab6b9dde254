//! A page's bytes as its template writes them. A page that lists a big guide is megabytes (the
//! home page of 100,000 articles is 18 MB); past `IN_MEMORY` bytes it goes on in a scratch
//! file beside the staged site, so it never waits in memory beside the Tera values it is
//! rendered from, and is read back whole once they are let go.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Bytes a page keeps in memory before the rest goes to a scratch file: every page but those
/// that list a big guide stays below.
const IN_MEMORY: usize = 1024 * 1024;

/// A page as it is written: its first bytes in memory, the rest in a scratch file.
pub(super) struct PageBytes<'s> {
    head: Vec<u8>,
    /// Where a scratch file may go (the staging folder); `None` keeps everything in memory.
    scratch: Option<&'s Path>,
    rest: Option<BufWriter<File>>,
}

impl<'s> PageBytes<'s> {
    pub(super) fn new(scratch: Option<&'s Path>) -> Self {
        PageBytes {
            head: Vec::with_capacity(8 * 1024),
            scratch,
            rest: None,
        }
    }

    /// The page in one buffer of its size.
    pub(super) fn whole(self) -> io::Result<Vec<u8>> {
        let PageBytes { mut head, rest, .. } = self;
        let Some(rest) = rest else {
            return Ok(head);
        };
        let mut file = rest.into_inner().map_err(|e| e.into_error())?;
        let len = file.stream_position()?;
        file.seek(SeekFrom::Start(0))?;
        head.reserve_exact(len as usize);
        let read = file.take(len).read_to_end(&mut head)?;
        if read as u64 != len {
            return Err(io::Error::other("its scratch file came back short"));
        }
        Ok(head)
    }
}

impl Write for PageBytes<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(rest) = &mut self.rest {
            return rest.write(buf);
        }
        let past = self.head.len() + buf.len() > IN_MEMORY;
        if let (true, Some(dir)) = (past, self.scratch) {
            // A scratch file that cannot be made leaves the page in memory.
            // Left in the folder it would be published: the page stays in memory instead.
            if let Ok(file) = crate::file_text::scratch_file(dir, "page") {
                let mut rest = BufWriter::with_capacity(256 * 1024, file);
                rest.write_all(buf)?;
                self.rest = Some(rest);
                return Ok(buf.len());
            }
        }
        self.head.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Writes `pieces` as a template would, and returns the page and the scratch folder's
    /// entries after it was read back.
    fn written(scratch: Option<&Path>, pieces: &[&[u8]]) -> (Vec<u8>, bool) {
        let mut bytes = PageBytes::new(scratch);
        for piece in pieces {
            bytes.write_all(piece).unwrap();
        }
        let went_to_file = bytes.rest.is_some();
        (bytes.whole().unwrap(), went_to_file)
    }

    #[test]
    fn a_big_page_goes_on_in_a_scratch_file_and_comes_back_whole() {
        let dir = std::env::temp_dir().join(format!("madoguchi-page-bytes-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let line: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let many: Vec<&[u8]> = std::iter::repeat_n(line.as_slice(), 3000).collect();
        let expected = many.concat();
        let (page, went_to_file) = written(Some(&dir), &many);
        assert!(went_to_file && page == expected);
        // The scratch file never shows in the folder (it is unlinked as it is made).
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        // A piece bigger than the memory's share at once, after a small one.
        let big = vec![7u8; IN_MEMORY + 5];
        let (page, _) = written(Some(&dir), &[b"<p>", &big]);
        assert_eq!(page, [&b"<p>"[..], &big].concat());
        // Without a scratch folder (`check`), or a small page: all in memory.
        let (page, went_to_file) = written(None, &many);
        assert!(!went_to_file && page == expected);
        let (page, went_to_file) = written(Some(&dir), &[b"<html>", b"</html>"]);
        assert!(!went_to_file && page == b"<html></html>");
        // A folder that cannot hold a file leaves the page in memory.
        let (page, went_to_file) = written(Some(&dir.join("missing")), &many);
        assert!(!went_to_file && page == expected);
        fs::remove_dir_all(&dir).ok();
    }
}
