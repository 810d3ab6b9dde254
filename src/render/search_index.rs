//! The search index: every situation, window and article as a document, tokenized by
//! `crate::search`, written as small `.js` files under `search/` that `search.js` loads with
//! `<script src>` (so it works from `file://`, where a browser refuses `fetch`).
//!
//! - `search/meta.js`: how many shards, where each chunk of documents starts, how many
//!   documents are situations and windows (they rank before articles).
//! - `search/t/N.js`: the tokens whose hash falls in shard N, each with its postings
//!   (document, weight). A query loads only the shards of its own tokens.
//! - `search/d/N.js`: a chunk of documents (kind, title, link, text for the snippet).
//!
//! Documents hold only text their page shows (fields of the data, an article's visible text),
//! and that text is also handed to the check of what is published as text of the chunk's file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::links::Page;
use crate::markdown::Parsed;
use crate::model::{Article, Site};
use crate::output::OutputFile;
use crate::search::{fold, for_each_token, Part};

/// The folder of the index files in the output.
pub const SEARCH_DIR: &str = "search";

/// One searchable thing: a situation, a window or an article.
#[derive(Serialize, Clone, Debug)]
pub struct SearchDoc {
    /// `s` situation, `w` window, `a` article.
    pub kind: &'static str,
    pub title: String,
    /// From the site root, with a `#window-ID` for a window.
    pub href: String,
    pub text: String,
}

/// A document with its tokens, counted and weighted (computed where its page renders).
pub struct IndexedDoc {
    pub doc: SearchDoc,
    /// Its distinct tokens, in the order of their keys.
    tokens: Vec<DocToken>,
    /// The distinct tokens, one after the other.
    spelled: String,
    /// Where each of the `RANGES` ranges of keys (by their top bits) starts in `tokens`, and
    /// the end: found while the tokens are at hand, so building the shards reads each
    /// document's tokens once, in order.
    range_starts: [u32; RANGES + 1],
}

/// One distinct token of a document (16 bytes: a big guide holds millions).
struct DocToken {
    key: u64,
    /// Where it starts in `IndexedDoc::spelled` (it ends where the next one starts).
    at: u32,
    weight: u8,
}

/// One occurrence of a token while a document is tokenized: its key, and where it is spelled
/// (in the folded text, or past its end in the numbers' digits), the top bit saying "title".
type Occurrence = (u64, u32, u32);

/// The top bit of an occurrence's end: the token is in the title.
const IN_TITLE: u32 = 1 << 31;

/// The index is built in parallel over this many ranges of token keys (by their top bits).
const RANGES: usize = 8;

/// Weight of a token in a document's title, on top of its count in the text (at most 49).
const TITLE_WEIGHT: u8 = 50;

impl IndexedDoc {
    pub fn new(doc: SearchDoc) -> Self {
        Self::with_text(doc, None)
    }

    /// `doc`, its tokens taken from `text` instead of `doc.text` when given (an article's
    /// document keeps only the start of its text, for the snippet).
    fn with_text(doc: SearchDoc, text: Option<&str>) -> Self {
        // Title and text folded into one string, so every occurrence is a range of it (or of
        // `digits`, the numbers read out of it), and sorted by key: no map, no string each.
        let mut folded = fold(&doc.title);
        let title_end = folded.len();
        folded.push('\n');
        folded.push_str(&fold(text.unwrap_or(&doc.text)));
        let mut digits = String::new();
        let mut all: Vec<Occurrence> = Vec::with_capacity(folded.len() / 2);
        let base = folded.as_ptr() as usize;
        let mut occurrence = |token: Cow<str>, title: u32| {
            let from = match &token {
                Cow::Borrowed(slice) => slice.as_ptr() as usize - base,
                Cow::Owned(number) => {
                    digits.push_str(number);
                    folded.len() + digits.len() - number.len()
                }
            };
            let to = (from + token.len()) as u32 | title;
            all.push((token_key(&token), from as u32, to));
        };
        for_each_token(&folded[..title_end], Part::Title, |t| {
            occurrence(t, IN_TITLE)
        });
        for_each_token(&folded[title_end..], Part::Text, |t| occurrence(t, 0));
        all.sort_unstable_by_key(|o| o.0);
        let spelling = |&(_, from, to): &Occurrence| {
            let (from, to) = (from as usize, (to & !IN_TITLE) as usize);
            match folded.get(from..to) {
                Some(s) if to <= folded.len() => s,
                _ => &digits[from - folded.len()..to - folded.len()],
            }
        };
        // Exactly the room they need: a big guide keeps millions of them until the end.
        let (distinct, bytes) = (all.chunk_by(|a, b| a.0 == b.0))
            .fold((0, 0), |(n, bytes), same| {
                (n + 1, bytes + spelling(&same[0]).len())
            });
        let mut tokens = Vec::with_capacity(distinct);
        let mut spelled = String::with_capacity(bytes);
        for same in all.chunk_by(|a, b| a.0 == b.0) {
            let titles = same.iter().filter(|o| o.2 & IN_TITLE != 0).count();
            let count = (same.len() - titles).min(usize::from(TITLE_WEIGHT) - 1);
            let weight = count as u8 + if titles > 0 { TITLE_WEIGHT } else { 0 };
            let token = spelling(&same[0]);
            tokens.push(DocToken {
                key: same[0].0,
                at: spelled.len() as u32,
                weight,
            });
            spelled.push_str(token);
        }
        let mut range_starts = [0u32; RANGES + 1];
        for (r, start) in range_starts.iter_mut().enumerate() {
            let first = (r as u64) << (64 - RANGES.trailing_zeros());
            *start = match r {
                0 => 0,
                _ if r == RANGES => tokens.len() as u32,
                _ => tokens.partition_point(|t| t.key < first) as u32,
            };
        }
        IndexedDoc {
            doc,
            tokens,
            spelled,
            range_starts,
        }
    }

    /// The spelling of its `n`th token.
    fn token(&self, n: usize) -> &str {
        let end = self
            .tokens
            .get(n + 1)
            .map_or(self.spelled.len(), |t| t.at as usize);
        &self.spelled[self.tokens[n].at as usize..end]
    }
}

/// A token's key: its shard hash (`shard_hash`) in the high half, so that a document's tokens
/// sorted by key come in shard order for any number of shards, and another hash of it below
/// (the two computed in one pass over its UTF-16 code units).
fn token_key(token: &str) -> u64 {
    let (mut high, mut low): (u32, u32) = (0x811c_9dc5, 0);
    let mut units = [0u16; 2];
    for c in token.chars() {
        for &unit in c.encode_utf16(&mut units).iter() {
            high = (high ^ u32::from(unit)).wrapping_mul(0x0100_0193);
            low = (low.rotate_left(5) ^ u32::from(unit)).wrapping_mul(0x9e37_79b9);
        }
    }
    u64::from(high) << 32 | u64::from(low)
}

/// The documents of the data: situations, then windows, in the order of `guide.yaml`.
pub fn data_docs(site: &Site, kind_label: impl Fn(&str) -> String) -> Vec<IndexedDoc> {
    let guide = &site.guide;
    let situations = guide.situations.iter().map(|s| {
        let windows = s.first.iter().chain(&s.also);
        let names = windows.filter_map(|id| site.channel(&id.value).map(|c| &c.name.value));
        let mut text = vec![&s.summary.value];
        text.extend(s.urgent.as_ref().map(|u| &u.value));
        text.extend(s.steps.iter().map(|t| &t.value));
        text.extend(s.avoid.as_ref().map(|a| &a.value));
        text.extend(names);
        SearchDoc {
            kind: "s",
            title: s.title.value.clone(),
            href: Page::Situation(&s.id.value).output_path(),
            text: lines(text),
        }
    });
    let windows = guide.channels.iter().map(|c| {
        let id = &c.id.value;
        let page = match site.details_of(id) {
            Some(s) => Page::Situation(&s.id.value).output_path(),
            None => Page::Home.output_path(),
        };
        let kind = kind_label(c.kind.value.as_str());
        // Its kind last: a snippet starts with who answers and how.
        let mut text = vec![&c.owner.value, &c.how.value];
        text.extend(c.hours.as_ref().map(|h| &h.value));
        text.extend(c.phone.as_ref().map(|p| &p.value));
        text.extend(c.on_hand.as_ref().map(|h| &h.value));
        text.push(&kind);
        SearchDoc {
            kind: "w",
            title: c.name.value.clone(),
            href: format!("{page}#window-{id}"),
            text: lines(text),
        }
    });
    let docs: Vec<SearchDoc> = situations.chain(windows).collect();
    docs.into_par_iter().map(IndexedDoc::new).collect()
}

/// An article's document, from the parse its page renders (references written out): indexed
/// by all its text, but keeping only its start (`excerpt`) for the snippet.
pub fn article_doc(article: &Article, parsed: &Parsed, page_path: &str) -> IndexedDoc {
    let text = parsed.plain_text();
    let doc = SearchDoc {
        kind: "a",
        title: article.front.title.value.clone(),
        href: page_path.to_owned(),
        text: excerpt(&text).to_owned(),
    };
    IndexedDoc::with_text(doc, Some(&text))
}

/// About how many characters of an article's text its document keeps for the snippet (the
/// script shows 120).
const EXCERPT_CHARS: usize = 160;

/// The start of `text`, up to `EXCERPT_CHARS` characters, cut after a letter, kana, kanji or
/// a mark that ends a sentence or clause, never inside a number (a number cut short would be
/// a number nobody vetted).
fn excerpt(text: &str) -> &str {
    let mut cut = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        if n == EXCERPT_CHARS {
            return &text[..cut];
        }
        if c.is_alphabetic() || matches!(c, '。' | '、' | '！' | '？' | '\n') {
            cut = at + c.len_utf8();
        }
    }
    text
}

/// Fields on lines of their own, so no two of them run into one word or number.
fn lines<'a>(fields: impl IntoIterator<Item = &'a String>) -> String {
    let fields: Vec<&str> = fields.into_iter().map(String::as_str).collect();
    fields.join("\n")
}

/// Bytes of postings a shard should hold at most, on average: a query of a few tokens then
/// downloads a few such shards.
const SHARD_BYTES: usize = 24 * 1024;
/// Bytes of document text a chunk of documents should hold: a page of results loads one
/// chunk per result at most.
const CHUNK_BYTES: usize = 6 * 1024;

/// The index files for `docs` (data documents first, then articles), in a fixed order. Each
/// document is shown to `read` with the path of the file that holds its text.
pub fn index_files(
    docs: &[&IndexedDoc],
    places: usize,
    read: &(dyn Fn(&str, &SearchDoc) + Sync),
) -> Vec<OutputFile> {
    let postings_bytes: usize = docs.iter().map(|d| d.tokens.len() * 6).sum();
    let shards = (postings_bytes / SHARD_BYTES)
        .clamp(1, 1 << 12)
        .next_power_of_two();
    let bits = shards.trailing_zeros();
    let ((chunk_starts, chunk_files), shard_files) =
        rayon::join(|| doc_chunks(docs, read), || shard_files(docs, bits));
    let meta = serde_json::json!({
        "shards": shards, "bits": bits, "places": places, "docs": docs.len(), "chunks": chunk_starts,
    });
    let mut files = vec![OutputFile {
        path: format!("{SEARCH_DIR}/meta.js"),
        bytes: format!("madoguchiSearch.meta({meta});\n").into_bytes(),
    }];
    files.extend(shard_files);
    files.extend(chunk_files);
    files
}

/// The documents in chunks of about `CHUNK_BYTES`: where each chunk starts, and its file.
fn doc_chunks(
    docs: &[&IndexedDoc],
    read: &(dyn Fn(&str, &SearchDoc) + Sync),
) -> (Vec<usize>, Vec<OutputFile>) {
    let mut starts = Vec::new();
    let mut at = 0;
    while at < docs.len() {
        let mut end = at;
        let mut bytes = 0;
        while end < docs.len() && (end == at || bytes + docs[end].doc.text.len() <= CHUNK_BYTES) {
            bytes += docs[end].doc.text.len() + docs[end].doc.title.len();
            end += 1;
        }
        starts.push(at);
        at = end;
    }
    let files = (starts.par_iter().enumerate())
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(docs.len());
            let chunk: Vec<&SearchDoc> = docs[start..end].iter().map(|d| &d.doc).collect();
            let json = serde_json::to_string(&chunk).unwrap_or_default();
            let path = chunk_path(n);
            for doc in &chunk {
                read(&path, doc);
            }
            OutputFile {
                path,
                bytes: format!("madoguchiSearch.docs({n},{json});\n").into_bytes(),
            }
        })
        .collect();
    (starts, files)
}

/// Where chunk `n` of the documents is written.
pub fn chunk_path(n: usize) -> String {
    format!("{SEARCH_DIR}/d/{n}.js")
}

/// The shard a token's key falls in, with `bits` bits of shard number.
fn shard_of_key(key: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (key >> (64 - bits)) as usize
    }
}

/// The shard of a token, as `search.js` computes it (the high `bits` bits of `shard_hash`).
pub fn shard_of(token: &str, bits: u32) -> usize {
    shard_of_key(token_key(token), bits)
}

/// A shard's tokens by key: each token, and its postings (the document, shifted up 8 bits, and
/// the weight).
type ShardPostings<'d> = HashMap<u64, (&'d str, Vec<u32>), KeyHash>;

/// One file per shard: its tokens in order, each with its postings as pairs of numbers (the
/// document, as the difference from the one before, and the weight). The shards are built in
/// parallel, a range of them at a time: each document's tokens are sorted by key, so a range
/// of shards is one slice of them.
fn shard_files(docs: &[&IndexedDoc], bits: u32) -> Vec<OutputFile> {
    let shards = 1usize << bits;
    // As many ranges as shards, up to `RANGES`: each is one or more of the documents' ranges.
    let ranges = shards.min(RANGES);
    let per_range = shards / ranges;
    let doc_ranges = RANGES / ranges;
    (0..ranges)
        .into_par_iter()
        .flat_map_iter(|r| {
            let first = r * per_range;
            let mut postings: Vec<ShardPostings> =
                (0..per_range).map(|_| HashMap::default()).collect();
            for (id, doc) in docs.iter().enumerate() {
                let from = doc.range_starts[r * doc_ranges] as usize;
                let to = doc.range_starts[(r + 1) * doc_ranges] as usize;
                for (n, t) in (from..to).zip(&doc.tokens[from..to]) {
                    let shard = &mut postings[shard_of_key(t.key, bits) - first];
                    let entry = shard
                        .entry(t.key)
                        .or_insert_with(|| (doc.token(n), Vec::new()));
                    entry.1.push((id as u32) << 8 | u32::from(t.weight));
                }
            }
            (postings.into_iter().enumerate()).map(move |(i, tokens)| shard_file(first + i, tokens))
        })
        .collect()
}

/// Shard `n`'s file: `madoguchiSearch.shard(n,{"token":[doc,weight,…],…});`, written into one
/// buffer of bytes.
fn shard_file(n: usize, tokens: ShardPostings) -> OutputFile {
    let mut tokens: Vec<(&str, Vec<u32>)> = tokens.into_values().collect();
    tokens.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let size: usize = tokens.iter().map(|(t, p)| t.len() + 4 + p.len() * 5).sum();
    let mut js = Vec::with_capacity(size + 32);
    js.extend_from_slice(b"madoguchiSearch.shard(");
    push_number(&mut js, n as u32);
    js.extend_from_slice(b",{");
    for (i, (token, postings)) in tokens.iter().enumerate() {
        if i > 0 {
            js.push(b',');
        }
        // A string written into memory: this cannot fail.
        serde_json::to_writer(&mut js, token).ok();
        js.extend_from_slice(b":[");
        let mut last = 0;
        for (j, p) in postings.iter().enumerate() {
            if j > 0 {
                js.push(b',');
            }
            push_number(&mut js, (p >> 8) - last);
            js.push(b',');
            push_number(&mut js, p & 0xff);
            last = p >> 8;
        }
        js.push(b']');
    }
    js.extend_from_slice(b"});\n");
    OutputFile {
        path: format!("{SEARCH_DIR}/t/{n}.js"),
        bytes: js,
    }
}

/// `n` in decimal, without `format!` (a big index writes millions of them).
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// FNV-1a over the token's UTF-16 code units: `search.js` computes the same with `charCodeAt`
/// (and `token_key` in its high half).
pub fn shard_hash(token: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in token.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// A `Hasher` for token keys, which are hashes already: one multiplication spreads their bits
/// (within a shard the high bits are all the same).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyHash = BuildHasherDefault<KeyHasher>;

impl super::SiteViews<'_> {
    /// The index files of a render: the data's documents, then the articles' (`articles`, by
    /// the path of the page that shows each) in the order of `pages`. Each chunk of documents
    /// is shown to the hooks as text its file publishes.
    pub(super) fn search_files<'d>(
        &self,
        articles: &(dyn Fn(&str) -> Option<&'d IndexedDoc> + Sync),
        pages: &[String],
    ) -> Vec<OutputFile> {
        let kinds = &self.site.guide.channel_kinds;
        let kind_label = |kind: &str| {
            (kinds.iter().find(|k| k.kind.value.as_str() == kind))
                .map_or_else(|| kind.to_owned(), |k| k.label.value.clone())
        };
        let data = data_docs(self.site, kind_label);
        let places = data.len();
        let docs: Vec<&IndexedDoc> = (data.iter())
            .chain(pages.iter().filter_map(|p| articles(p)))
            .collect();
        // What a result shows (its title and snippet) is read like any text a reader meets.
        let read = |path: &str, doc: &SearchDoc| {
            self.hooks.text(path, &doc.title);
            self.hooks.text(path, &doc.text);
        };
        index_files(&docs, places, &read)
    }

    /// The article documents the pages rendered since the last call, by page path.
    pub(super) fn take_indexed(&self) -> Vec<(String, IndexedDoc)> {
        let mut indexed = self.indexed.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *indexed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_the_shard_hash_and_an_excerpt_never_cuts_a_number() {
        for token in ["ログ", "rakuten", "0334460999", "#9110", "𠮷野", "券"] {
            assert_eq!(
                (token_key(token) >> 32) as u32,
                shard_hash(token),
                "{token}"
            );
        }
        assert_ne!(token_key("ab"), token_key("ba"));
        let long = format!("{}電話 03-3446-0999 へ", "あ".repeat(EXCERPT_CHARS - 10));
        let cut = excerpt(&long);
        assert!(cut.ends_with("電話"), "{cut}");
        let short = "電話 03-3446-0999 へ";
        assert_eq!(excerpt(short), short);
    }
}
