//! The images beside the articles (`content/articles/**.{png,jpg,jpeg,webp,gif,svg}`), read in
//! parallel, each measured from its header; one over the size limit is not read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::read_unlinked;
use crate::image::{Image, MAX_IMAGE_BYTES};
use crate::report::Report;

/// Reads the images at `paths` (below `root`), by their path under `content/`.
pub(super) fn load_images(
    root: &Path,
    paths: &[PathBuf],
    report: &mut Report,
) -> BTreeMap<String, Image> {
    let read: Vec<(String, Option<Image>, Report)> = paths
        .par_iter()
        .map(|path| {
            let mut own = Report::default();
            let rel = path.strip_prefix(root).unwrap_or(path);
            let key = rel.strip_prefix("content").unwrap_or(rel);
            let key = key.to_string_lossy().replace('\\', "/");
            let image = read_image(root, rel, &key, &mut own);
            (key, image, own)
        })
        .collect();
    let mut images = BTreeMap::new();
    for (key, image, own) in read {
        report.absorb(own);
        images.extend(image.map(|i| (key, i)));
    }
    images
}

/// The image at `rel` (below `root`), `key` its path under `content/`. Something that is not
/// a regular file (a named pipe would block the read) is never opened.
fn read_image(root: &Path, rel: &Path, key: &str, report: &mut Report) -> Option<Image> {
    // The walk found no symlink below content/articles.
    let meta = root.join(rel).symlink_metadata().ok();
    if let Some(what) = meta.as_ref().and_then(|m| not_a_file(&m.file_type())) {
        return Some(Image::not_a_file(key, what));
    }
    if rel.to_str().is_none() {
        // Its key is the name made lossy (`x\u{FFFD}.png`): neither a file the output could
        // read again when it copies the image, nor a name a page's `src` could give.
        return Some(Image::unreadable(
            key,
            "its file name is not UTF-8: rename the file".to_owned(),
        ));
    }
    let len = meta.map(|m| m.len()).unwrap_or(0);
    if len > MAX_IMAGE_BYTES {
        return Some(Image::too_large(key, len));
    }
    let bytes = read_unlinked(root, rel, report)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Some(Image::too_large(key, bytes.len() as u64));
    }
    Some(Image::from_bytes(key, bytes))
}

/// What a file type is when it is not a regular file (nor a folder or a symlink, which the
/// walk handles): `None` for a regular file.
pub(super) fn not_a_file(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some(if kind.is_dir() {
        "a folder"
    } else {
        "neither a file nor a folder"
    })
}
