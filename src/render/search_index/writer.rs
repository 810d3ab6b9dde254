//! Writing the index as its documents come, in their order: each document's postings join
//! its tokens' lists at once (encoded, a few bytes each), and each chunk of documents is
//! written out as soon as it is full, so a big guide never holds its documents or their
//! tokens until the end; past `SPILL_BYTES` the lists go to a scratch file (`spill`), so
//! neither does it hold all its postings. The shards are written last, when every list is
//! complete.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::chunk::Chunk;
use super::groups::BestPlaces;
use super::shard::{push_leb128, shard_file};
use super::spill::{Held, Spill};
use super::table::Slots;
use super::{shard_hash, shard_of_hash, IndexedDoc, SearchDoc, SEARCH_DIR, TITLE_WEIGHT};
use crate::output::OutputFile;
use crate::render::RenderError;

/// Bytes of postings a shard should hold at most, on average: a query of a few tokens then
/// downloads a few such shards.
const SHARD_BYTES: usize = 24 * 1024;
/// At most this many shards, however big the guide (a run of spilled postings is sorted by
/// as many buckets).
const MAX_SHARDS: usize = 1 << super::spill::BUCKET_BITS;
/// Bytes of postings held in memory before they are spilled to the scratch file (their
/// lists take up to twice that): a guide of up to about 9,000 articles never spills.
const SPILL_BYTES: usize = 4 << 20;

/// How a chunk's documents are read as published text: with the path of the chunk's file.
pub type ReadDoc<'r> = &'r (dyn Fn(&str, &SearchDoc) + Sync);

/// Where the index's files go as they are made.
pub type Put<'p> = &'p (dyn Fn(OutputFile) -> Result<(), RenderError> + Sync);

/// At most this many title words lead a query to a chunk (`meta.js`, which every visit to
/// `search.html` loads, stays small however big the guide): those in the most places.
const MOST_LEADS: usize = 256;

/// How many of the situations and windows are tokenized at once.
const PLACES_AT_ONCE: usize = 1024;

/// The index being written: documents are added in their order (the data's, then the
/// articles' in the order of the pages), each getting the next number.
pub struct IndexWriter<'r> {
    read: ReadDoc<'r>,
    /// How many documents are situations and windows (added first; they rank before articles).
    places: usize,
    docs: u32,
    postings: usize,
    /// Every token so far, by number, and the table that finds its number by its spelling.
    tokens: Vec<Token>,
    slots: Slots,
    /// The tokens' spellings, one after the other (`Token::spelled` is a range of it).
    spellings: String,
    /// Bytes of postings in the tokens' lists, and where they go past `spill_at` (none: they
    /// stay in memory).
    held: usize,
    spill_at: usize,
    scratch: Option<&'r Path>,
    spill: Option<Spill>,
    chunk: Chunk,
    /// While the places are added: each token's best places, to group their chunks.
    best: Option<BestPlaces>,
    /// Title words' hashes (`shard_hash`), each with the group of places a query for it loads
    /// beside its shards: words of 2 characters or more, `MOST_LEADS` at most.
    leads: Vec<u32>,
    /// The tokens the document being added has a posting of (while the places are added).
    touched: Vec<u32>,
}

/// One token: its shard hash and where it is spelled, the last document it is in, and
/// its postings since the last spill as pairs of numbers (the document as the difference
/// from the one before, and the weight), each number in LEB128 (most take one byte).
struct Token {
    shard_hash: u32,
    spelled: (u32, u32),
    last: Option<u32>,
    list: Vec<u8>,
}

/// A token's weight in a document once one more occurrence is counted: 1 an occurrence in
/// the text (up to 49), `TITLE_WEIGHT` more if any is in the title.
fn counted(weight: u8, title: bool) -> u8 {
    match title {
        true if weight < TITLE_WEIGHT => weight + TITLE_WEIGHT,
        true => weight,
        false if weight % TITLE_WEIGHT < TITLE_WEIGHT - 1 => weight + 1,
        false => weight,
    }
}

impl<'r> IndexWriter<'r> {
    /// A writer whose first documents are `places` (situations, then windows), shown to `read`
    /// with the path of the file that holds their text; the chunks they fill go to `put`.
    /// Postings spill to a scratch file in `scratch` past `SPILL_BYTES` (none: never).
    pub fn new(
        places: Vec<SearchDoc>,
        read: ReadDoc<'r>,
        scratch: Option<&'r Path>,
        put: Put,
    ) -> Result<Self, RenderError> {
        Self::spilling_at(places, read, scratch, put, SPILL_BYTES)
    }

    fn spilling_at(
        mut places: Vec<SearchDoc>,
        read: ReadDoc<'r>,
        scratch: Option<&'r Path>,
        put: Put,
        spill_at: usize,
    ) -> Result<Self, RenderError> {
        let mut writer = IndexWriter {
            read,
            places: places.len(),
            docs: 0,
            postings: 0,
            tokens: Vec::new(),
            slots: Slots::with_room(1 << 12),
            spellings: String::new(),
            held: 0,
            spill_at,
            scratch,
            spill: None,
            chunk: Chunk::default(),
            best: Some(BestPlaces::default()),
            leads: Vec::new(),
            touched: Vec::new(),
        };
        // Tokenized a piece at a time: a big guide's situations and windows with all their
        // tokens would take tens of megabytes at once.
        let mut kept = Vec::with_capacity(places.len());
        while !places.is_empty() {
            let piece: Vec<SearchDoc> = places.drain(..places.len().min(PLACES_AT_ONCE)).collect();
            let docs: Vec<IndexedDoc> = piece.into_par_iter().map(IndexedDoc::new).collect();
            for doc in docs {
                writer.post(&doc)?;
                kept.push(doc.doc);
            }
        }
        // Their chunks, once every place's weights are known: the groups, then the rest.
        let groups = (writer.best.take()).map(|b| b.groups(kept.len()));
        let (groups, leads) = groups.map_or_else(Default::default, |g| (g.places, g.leads));
        // A word of one character is also part of longer ones: a query for it alone is rare.
        let spelled = |t: &Token| {
            writer.spellings[t.spelled.0 as usize..t.spelled.1 as usize]
                .chars()
                .count()
        };
        let long = (leads.into_iter())
            .map(|(token, group)| (&writer.tokens[token as usize], group))
            .filter(|(token, _)| spelled(token) >= 2)
            .take(MOST_LEADS)
            .flat_map(|(token, group)| [token.shard_hash, group])
            .collect();
        writer.leads = long;
        let mut grouped = vec![false; kept.len()];
        for group in groups {
            group
                .iter()
                .for_each(|&place| grouped[place as usize] = true);
            put(writer.chunk.group(group, &kept, read))?;
        }
        for (id, doc) in kept.iter().enumerate().filter(|(id, _)| !grouped[*id]) {
            if let Some(full) = writer.chunk.add(id, doc, read) {
                put(full)?;
            }
        }
        Ok(writer)
    }

    /// Adds the next document; returns the chunk it filled, which is complete.
    pub fn add(&mut self, doc: &IndexedDoc) -> Result<Option<OutputFile>, RenderError> {
        let id = self.post(doc)?;
        Ok(self.chunk.add(id as usize, &doc.doc, self.read))
    }

    /// Adds the next document's postings to its tokens' lists; returns its number.
    fn post(&mut self, doc: &IndexedDoc) -> Result<u32, RenderError> {
        let id = self.docs;
        self.docs += 1;
        for occurrence in &doc.tokens {
            let (spelling, title) = doc.spelling(occurrence);
            let number = self.number(occurrence.hash, spelling);
            let token = &mut self.tokens[number as usize];
            match token.list.last_mut() {
                // Counted where its posting is, the last of the list (a weight is one byte).
                Some(weight) if token.last == Some(id) => {
                    *weight = counted(*weight, title);
                }
                _ => {
                    let before = token.list.len();
                    let previous = token.last.unwrap_or(0);
                    push_leb128(&mut token.list, id - previous);
                    push_leb128(&mut token.list, u32::from(counted(0, title)));
                    token.last = Some(id);
                    self.held += token.list.len() - before;
                    self.postings += 1;
                    if self.best.is_some() {
                        self.touched.push(number);
                    }
                }
            }
        }
        if let Some(best) = &mut self.best {
            for number in self.touched.drain(..) {
                let list = &self.tokens[number as usize].list;
                best.note(number, id, list.last().copied().unwrap_or(0));
            }
        }
        if self.held > self.spill_at {
            if let Some(dir) = self.scratch {
                self.spill_lists(dir)?;
            }
        }
        Ok(id)
    }

    /// The number of the token spelled `spelling` (hashed `hash`), new if it is new.
    fn number(&mut self, hash: u64, spelling: &str) -> u32 {
        let (tokens, spellings) = (&self.tokens, &self.spellings);
        let found = self.slots.find(hash, |n| {
            let t = &tokens[n as usize];
            spellings.as_bytes()[t.spelled.0 as usize..t.spelled.1 as usize] == *spelling.as_bytes()
        });
        match found {
            Ok(n) => n,
            Err(slot) => {
                let at = self.spellings.len() as u32;
                self.spellings.push_str(spelling);
                self.tokens.push(Token {
                    shard_hash: shard_hash(spelling),
                    spelled: (at, self.spellings.len() as u32),
                    last: None,
                    list: Vec::new(),
                });
                let n = self.tokens.len() as u32 - 1;
                self.slots.add(slot, hash, n);
                n
            }
        }
    }

    /// Every list held in memory, written to the scratch file as a run; the lists start
    /// again empty (their room kept: the next run fills them about as much).
    fn spill_lists(&mut self, dir: &Path) -> Result<(), RenderError> {
        if self.spill.is_none() {
            self.spill = Some(Spill::create(dir).map_err(RenderError::Write)?);
        }
        let held = (self.tokens.iter().enumerate())
            .filter(|(_, t)| !t.list.is_empty())
            .map(|(n, t)| Held {
                number: n as u32,
                shard_hash: t.shard_hash,
                list: &t.list,
            })
            .collect();
        if let Some(spill) = &mut self.spill {
            spill.write_run(held).map_err(RenderError::Write)?;
        }
        self.tokens.iter_mut().for_each(|t| t.list.clear());
        self.held = 0;
        Ok(())
    }

    /// Writes the rest: the last chunk, every shard, `chunks.js` and `meta.js`, each through
    /// `put` as it is made. Returns the paths of the files it put.
    pub fn finish(mut self, put: Put) -> Result<Vec<String>, RenderError> {
        let mut paths = Vec::new();
        if let Some(last) = self.chunk.full() {
            paths.push(last.path.clone());
            put(last)?;
        }
        let shards = (self.postings * 6 / SHARD_BYTES)
            .clamp(1, MAX_SHARDS)
            .next_power_of_two();
        let bits = shards.trailing_zeros();
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); shards];
        for (n, token) in self.tokens.iter().enumerate() {
            by_shard[shard_of_hash(token.shard_hash, bits)].push(n as u32);
        }
        let shard_paths = (by_shard.into_par_iter().enumerate())
            .map(|(n, numbers)| {
                let file = self.shard_file(n, bits, &numbers)?;
                let path = file.path.clone();
                put(file).map(|()| path)
            })
            .collect::<Result<Vec<String>, RenderError>>()?;
        // What a query needs before its shards load; where each document's chunk is, which
        // grows with the guide, is needed only once they are ranked: it loads beside them.
        let meta = serde_json::json!({
            "shards": shards, "bits": bits, "places": self.places, "docs": self.docs,
            "leads": self.leads,
        });
        let chunks =
            serde_json::json!({ "groups": self.chunk.groups, "chunks": self.chunk.starts });
        for (name, call, json) in [("meta", "meta", meta), ("chunks", "chunks", chunks)] {
            let file = OutputFile {
                path: format!("{SEARCH_DIR}/{name}.js"),
                bytes: format!("madoguchiSearch.{call}({json});\n").into_bytes(),
            };
            paths.push(file.path.clone());
            put(file)?;
        }
        paths.extend(shard_paths);
        Ok(paths)
    }

    /// Shard `n`'s file, of the tokens numbered `numbers`: each one's list is its spilled
    /// pieces, in their runs' order, then what it holds in memory.
    fn shard_file(&self, n: usize, bits: u32, numbers: &[u32]) -> Result<OutputFile, RenderError> {
        let mut spilled: HashMap<u32, Vec<u8>> = HashMap::new();
        if let Some(spill) = &self.spill {
            let each = |number, list: &[u8]| {
                spilled.entry(number).or_default().extend_from_slice(list);
            };
            spill
                .read_shard(n, bits, each)
                .map_err(RenderError::Write)?;
        }
        let tokens = (numbers.iter())
            .map(|&number| {
                let token = &self.tokens[number as usize];
                let spelling = &self.spellings[token.spelled.0 as usize..token.spelled.1 as usize];
                let list = match spilled.remove(&number) {
                    Some(mut list) => {
                        list.extend_from_slice(&token.list);
                        Cow::Owned(list)
                    }
                    None => Cow::Borrowed(token.list.as_slice()),
                };
                (spelling, list)
            })
            .collect();
        Ok(shard_file(n, tokens))
    }
}

/// Every index file of `docs` (the data's documents first, `places` of them), at once: for
/// `serve`, which writes them all before it puts any in place.
pub fn index_files<'d>(
    places: Vec<SearchDoc>,
    docs: impl Iterator<Item = &'d IndexedDoc>,
    read: ReadDoc,
) -> Vec<OutputFile> {
    // Without a scratch folder nothing is written but into memory: this cannot fail.
    files_of(|put| IndexWriter::new(places, read, None, put), docs).unwrap_or_default()
}

/// Every file of the writer `start` makes, once `docs` are added, in the order they come.
fn files_of<'d, 'r>(
    start: impl FnOnce(Put) -> Result<IndexWriter<'r>, RenderError>,
    docs: impl Iterator<Item = &'d IndexedDoc>,
) -> Result<Vec<OutputFile>, RenderError> {
    let files = std::sync::Mutex::new(Vec::new());
    let put = |file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    };
    let mut writer = start(&put)?;
    for doc in docs {
        if let Some(full) = writer.add(doc)? {
            put(full)?;
        }
    }
    writer.finish(&put)?;
    Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests;
