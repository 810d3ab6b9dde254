//! The chunks of documents the index writes: what a result shows (title, link, kind, snippet
//! text), a file of them at a time, each document read as published text of its chunk.

use super::writer::ReadDoc;
use super::{chunk_path, SearchDoc};
use crate::output::OutputFile;

/// Bytes of document text a chunk of documents should hold: a page of results loads one
/// chunk per result at most.
pub(super) const CHUNK_BYTES: usize = 6 * 1024;

/// The chunks of documents: first the groups of places (`groups`), each a chunk; then the
/// rest of the documents in their order, in chunks that start where `starts` says (a place in
/// a group is left out of them). The current chunk's JSON.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) groups: Vec<Vec<u32>>,
    pub(super) starts: Vec<usize>,
    /// How many chunk files were begun (the current one is the last).
    begun: usize,
    json: Vec<u8>,
    bytes: usize,
    count: usize,
}

impl Chunk {
    /// Adds document `id` to the chunk, first writing the chunk out if it would grow past
    /// `CHUNK_BYTES` (a chunk holds one document at least).
    pub(super) fn add(&mut self, id: usize, doc: &SearchDoc, read: ReadDoc) -> Option<OutputFile> {
        let full = match self.count > 0 && self.bytes + doc.text.len() > CHUNK_BYTES {
            true => self.full(),
            false => None,
        };
        if self.count == 0 {
            self.starts.push(id);
        }
        self.push(doc, read);
        full
    }

    /// The chunk of the places numbered `group` (of `places`), complete; none may be begun.
    pub(super) fn group(
        &mut self,
        group: Vec<u32>,
        places: &[SearchDoc],
        read: ReadDoc,
    ) -> OutputFile {
        for &place in &group {
            self.push(&places[place as usize], read);
        }
        self.groups.push(group);
        let full = self.full();
        full.unwrap_or_else(|| unreachable!("a group holds places"))
    }

    /// Writes `doc` into the current chunk, beginning one if none is.
    fn push(&mut self, doc: &SearchDoc, read: ReadDoc) {
        if self.count == 0 {
            self.begun += 1;
            self.json.push(b'[');
        } else {
            self.json.push(b',');
        }
        // A document written into memory: this cannot fail.
        serde_json::to_writer(&mut self.json, doc).ok();
        self.bytes += doc.text.len() + doc.title.len();
        self.count += 1;
        // What a result shows (its title and snippet) is read like any text a reader meets.
        read(&chunk_path(self.begun - 1), doc);
    }

    /// The chunk's file, and an empty chunk in its place (`None` when it holds nothing).
    pub(super) fn full(&mut self) -> Option<OutputFile> {
        if self.count == 0 {
            return None;
        }
        let n = self.begun - 1;
        let mut bytes = format!("madoguchiSearch.docs({n},").into_bytes();
        bytes.append(&mut self.json);
        bytes.extend_from_slice(b"]);\n");
        (self.bytes, self.count) = (0, 0);
        Some(OutputFile {
            path: chunk_path(n),
            bytes,
        })
    }
}
