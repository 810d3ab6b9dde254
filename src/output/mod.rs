//! Output: rendered pages → files. The output folder is guarded (a build writes only into a
//! folder it made), pages are staged beside it and swapped in at once, and `publish` and
//! `pdf` add the files a site needs beyond its pages (sitemap, PDFs); `data` writes `data.json`,
//! the published data, and reads it back.

pub mod data;
pub mod feed;
pub mod guard;
pub mod lock;
pub mod measure;
pub mod pdf;
pub mod publish;
pub mod staging;

pub use guard::{has_marker, output_identity, refuse_out_dir, OutputIdentity, MARKER};
pub use lock::OutputLock;
pub use staging::{StagedFile, Staging};

/// A rendered file, by its path relative to the output root.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
