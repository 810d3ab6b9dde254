//! Reading the guide's files: no symlinks followed, a size limit, text as UTF-8.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::MAX_FILE_BYTES;
use crate::diagnostic::Diagnostic;
use crate::report::Report;

/// Reads a file of the guide or theme: no symlink on the way (so nothing outside the guide
/// folder is read), at most `MAX_FILE_BYTES`.
pub fn read_bytes(root: &Path, rel: &Path, report: &mut Report) -> Option<Vec<u8>> {
    if let Some(link) = symlink_on_the_way(root, rel) {
        report.push(
            Diagnostic::error(format!("`{}` is a symlink", link.display()))
                .in_file(rel)
                .help("madoguchi reads nothing through symlinks in content/ or themes/, so a guide cannot pull in files from elsewhere: copy the file instead"),
        );
        return None;
    }
    read_unlinked(root, rel, report)
}

/// Reads a file whose path holds no symlink (checked by the caller), at most `MAX_FILE_BYTES`.
/// The file itself is opened without following a link, in case it was swapped for one since,
/// and without waiting (a named pipe put in its place would block the open until something
/// wrote to it); only a regular file is read.
pub(super) fn read_unlinked(root: &Path, rel: &Path, report: &mut Report) -> Option<Vec<u8>> {
    let read = crate::file_text::read_regular_file(&root.join(rel), MAX_FILE_BYTES);
    match read {
        Ok(Ok(bytes)) => Some(bytes),
        Ok(Err(len)) => {
            report.push(
                Diagnostic::error(format!(
                    "`{}` is too large ({} MiB; the limit is {} MiB)",
                    rel.display(),
                    len.div_ceil(1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ))
                .in_file(rel)
                .help(
                    "split the content into smaller files; a guide's files are normally a few KiB",
                ),
            );
            None
        }
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "create it, or pass --root DIR pointing at the guide folder"
            } else {
                ""
            };
            report.io_error(
                format!("failed to read `{}`: {e}", rel.display()),
                None,
                help,
            );
            None
        }
    }
}

/// The first part of `rel` (below `root`) that is a symlink, if any.
pub(super) fn symlink_on_the_way(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for component in rel.components() {
        path.push(component);
        let is_link =
            fs::symlink_metadata(root.join(&path)).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Some(path);
        }
    }
    None
}

/// Reads a file as UTF-8 (a leading BOM is dropped) and records its text for diagnostics.
pub fn read_text(root: &Path, rel: &Path, report: &mut Report) -> Option<Arc<String>> {
    let bytes = read_bytes(root, rel, report)?;
    decode_text(rel, bytes, report)
}

/// The text of a file's bytes (see `read_text`), in the buffer it was read into.
pub(super) fn decode_text(
    rel: &Path,
    mut bytes: Vec<u8>,
    report: &mut Report,
) -> Option<Arc<String>> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = Arc::new(text);
            report.sources.insert(rel, Arc::clone(&text));
            Some(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            report.sources.insert(rel, Arc::new(text));
            report.push(
                Diagnostic::error(format!("`{}` is not valid UTF-8", rel.display()))
                    .at(rel, at..at + 1)
                    .label("invalid byte here")
                    .help("save the file as UTF-8"),
            );
            None
        }
    }
}
