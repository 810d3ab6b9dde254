//! Postings spilled to a scratch file while a big guide's index is written: every list held
//! in memory goes to the file as one run, and the lists start again empty; the shards read
//! their tokens' pieces back at the end. So the memory the postings take stays bounded
//! however many articles the guide has (a 100,000-article guide has some 20 million).

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::shard::{push_leb128, read_leb128};
use crate::diagnostic::Failure;

/// A run is sorted by these many high bits of the tokens' shard hash (`MAX_SHARDS`'s), so a
/// shard of any size is one stretch of each run.
pub(super) const BUCKET_BITS: u32 = 12;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// The scratch file and where each run is in it.
pub(super) struct Spill {
    file: Mutex<File>,
    path: PathBuf,
    written: u64,
    runs: Vec<Run>,
}

/// One run: where it starts in the file, and where each bucket starts in it (and its end).
struct Run {
    from: u64,
    starts: Vec<u32>,
}

/// A token's postings as a run holds them: its number and its list's bytes.
pub(super) struct Held<'t> {
    pub number: u32,
    pub shard_hash: u32,
    pub list: &'t [u8],
}

impl Spill {
    /// A scratch file in `dir`, removed from the folder at once: it is never published, and
    /// goes when the build ends however it ends (the open file keeps it until then).
    pub(super) fn create(dir: &Path) -> Result<Spill, Failure> {
        let path = dir.join(".madoguchi-search-postings");
        let failed =
            |e: std::io::Error| Failure::new("write the search index's postings", &path, e);
        let file = (fs::OpenOptions::new())
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(failed)?;
        fs::remove_file(&path).map_err(failed)?;
        Ok(Spill {
            file: Mutex::new(file),
            path,
            written: 0,
            runs: Vec::new(),
        })
    }

    fn failed(&self, e: std::io::Error) -> Failure {
        Failure::new("write the search index's postings", &self.path, e)
    }

    /// Writes `held` (in any order) as the next run.
    pub(super) fn write_run(&mut self, mut held: Vec<Held>) -> Result<(), Failure> {
        held.sort_unstable_by_key(|h| (h.shard_hash, h.number));
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        let mut bytes = Vec::new();
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        (file.seek(SeekFrom::Start(self.written))).map_err(|e| self.failed(e))?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, &mut *file);
        let mut length = 0usize;
        for h in held {
            let bucket = (h.shard_hash >> (32 - BUCKET_BITS)) as usize;
            starts.resize(bucket + 1, length as u32);
            bytes.clear();
            push_leb128(&mut bytes, h.number);
            push_leb128(&mut bytes, h.list.len() as u32);
            bytes.extend_from_slice(h.list);
            out.write_all(&bytes).map_err(|e| self.failed(e))?;
            length += bytes.len();
        }
        out.flush().map_err(|e| self.failed(e))?;
        drop(out);
        drop(file);
        starts.resize(BUCKETS + 1, length as u32);
        self.runs.push(Run {
            from: self.written,
            starts,
        });
        self.written += length as u64;
        Ok(())
    }

    /// Each run's postings of shard `n` (of `bits` bits), in the runs' order, through `each`
    /// with the token's number and its piece of list.
    pub(super) fn read_shard(
        &self,
        n: usize,
        bits: u32,
        mut each: impl FnMut(u32, &[u8]),
    ) -> Result<(), Failure> {
        let (first, end) = (n << (BUCKET_BITS - bits), (n + 1) << (BUCKET_BITS - bits));
        let mut bytes = Vec::new();
        for run in &self.runs {
            let (from, to) = (run.starts[first] as usize, run.starts[end] as usize);
            bytes.resize(to - from, 0);
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            (file.seek(SeekFrom::Start(run.from + from as u64)))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| self.failed(e))?;
            drop(file);
            let mut rest = bytes.as_slice();
            while let Some(number) = read_leb128(&mut rest) {
                let len = read_leb128(&mut rest).unwrap_or_default() as usize;
                let (list, after) = rest.split_at(len.min(rest.len()));
                each(number, list);
                rest = after;
            }
        }
        Ok(())
    }
}
