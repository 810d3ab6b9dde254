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

/// The image at `rel` (below `root`), `key` its path under `content/`.
fn read_image(root: &Path, rel: &Path, key: &str, report: &mut Report) -> Option<Image> {
    // The walk found no symlink below content/articles.
    let len = root
        .join(rel)
        .symlink_metadata()
        .map(|m| m.len())
        .unwrap_or(0);
    if len > MAX_IMAGE_BYTES {
        return Some(Image::too_large(key, len));
    }
    let bytes = read_unlinked(root, rel, report)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Some(Image::too_large(key, bytes.len() as u64));
    }
    Some(Image::from_bytes(key, bytes))
}
