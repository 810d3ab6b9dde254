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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::links::Page;
use crate::markdown::Parsed;
use crate::model::{Article, Site};
use crate::output::OutputFile;
use crate::search::{fold, tokens};

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
    tokens: Vec<(String, u8)>,
}

/// Weight of a token in a document's title, on top of its count in the text (at most 49).
const TITLE_WEIGHT: u8 = 50;

impl IndexedDoc {
    pub fn new(doc: SearchDoc) -> Self {
        let mut counts: HashMap<&str, u8, Fnv> = HashMap::default();
        let title = fold(&doc.title);
        let text = fold(&doc.text);
        let (title_tokens, text_tokens) = (tokens(&title, true), tokens(&text, true));
        for t in &text_tokens {
            let n = counts.entry(t).or_default();
            *n = (*n + 1).min(TITLE_WEIGHT - 1);
        }
        for t in &title_tokens {
            let n = counts.entry(t).or_default();
            if *n < TITLE_WEIGHT {
                *n += TITLE_WEIGHT;
            }
        }
        let mut tokens: Vec<(String, u8)> = counts
            .into_iter()
            .map(|(t, n)| (t.to_owned(), n))
            .collect();
        tokens.sort_unstable();
        IndexedDoc { doc, tokens }
    }
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
        let mut text = vec![&kind, &c.owner.value, &c.how.value];
        text.extend(c.hours.as_ref().map(|h| &h.value));
        text.extend(c.phone.as_ref().map(|p| &p.value));
        text.extend(c.on_hand.as_ref().map(|h| &h.value));
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

/// An article's document, from the parse its page renders (references written out).
pub fn article_doc(article: &Article, parsed: &Parsed, page_path: &str) -> IndexedDoc {
    IndexedDoc::new(SearchDoc {
        kind: "a",
        title: article.front.title.value.clone(),
        href: page_path.to_owned(),
        text: parsed.plain_text(),
    })
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
    let shards = (postings_bytes / SHARD_BYTES).clamp(1, 4096).next_power_of_two();
    let (chunk_starts, chunk_files) = doc_chunks(docs, read);
    let mut files = vec![OutputFile {
        path: format!("{SEARCH_DIR}/meta.js"),
        bytes: format!(
            "madoguchiSearch.meta({});\n",
            serde_json::json!({ "shards": shards, "places": places, "docs": docs.len(), "chunks": chunk_starts })
        )
        .into_bytes(),
    }];
    files.extend(shard_files(docs, shards));
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

/// One file per shard: its tokens in order, each with its postings as pairs of numbers (the
/// document, as the difference from the one before, and the weight).
fn shard_files(docs: &[&IndexedDoc], shards: usize) -> Vec<OutputFile> {
    let mut by_shard: Vec<HashMap<&str, Vec<u32>, Fnv>> = vec![HashMap::default(); shards];
    for (id, doc) in docs.iter().enumerate() {
        for (token, weight) in &doc.tokens {
            let shard = shard_of(token) as usize & (shards - 1);
            let postings = by_shard[shard].entry(token.as_str()).or_default();
            postings.push((id as u32) << 8 | u32::from(*weight));
        }
    }
    (by_shard.into_par_iter().enumerate())
        .map(|(n, tokens)| {
            let mut tokens: Vec<(&str, Vec<u32>)> = tokens.into_iter().collect();
            tokens.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut js = format!("madoguchiSearch.shard({n},{{");
            for (i, (token, postings)) in tokens.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                js.push_str(&serde_json::to_string(token).unwrap_or_default());
                js.push_str(":[");
                let mut last = 0;
                for (j, p) in postings.iter().enumerate() {
                    let (doc, weight) = (p >> 8, p & 0xff);
                    if j > 0 {
                        js.push(',');
                    }
                    js.push_str(&format!("{},{weight}", doc - last));
                    last = doc;
                }
                js.push(']');
            }
            js.push_str("});\n");
            OutputFile {
                path: format!("{SEARCH_DIR}/t/{n}.js"),
                bytes: js.into_bytes(),
            }
        })
        .collect()
}

/// FNV-1a over the token's UTF-16 code units: `search.js` computes the same with `charCodeAt`.
pub fn shard_of(token: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in token.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// FNV-1a as a `Hasher`, for the index's maps of short tokens (std's SipHash is several
/// times slower on them, and nothing here is keyed by untrusted input an attacker times).
#[derive(Default)]
struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Fnv = BuildHasherDefault<FnvHasher>;

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
