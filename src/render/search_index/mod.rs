//! The search index: every situation, window and article as a document, tokenized by
//! `crate::search`, written as small `.js` files under `search/` that `search.js` loads with
//! `<script src>` (so it works from `file://`, where a browser refuses `fetch`).
//!
//! - `search/meta.js`: what a query needs before it loads its shards, small however big the
//!   guide: how many shards, how many documents are situations and windows (they rank before
//!   articles), and the chunks the commonest title words lead to (loaded beside the shards).
//! - `search/chunks.js`: the chunk of each document (the groups of places, and where each
//!   other chunk starts), loaded beside the shards: it is needed once they are ranked.
//! - `search/t/N.js`: the tokens whose hash falls in shard N, each with its postings
//!   (document, weight). A query loads only the shards of its own tokens.
//! - `search/d/N.js`: a chunk of documents (kind, title, link, text for the snippet).
//!
//! `writer` writes these files as the documents come, in the pages' order, finding each
//! token by its spelling (`table`) and spilling postings to a scratch file (`spill`).
//!
//! Documents hold only text their page shows (fields of the data, an article's visible text),
//! and that text is also handed to the check of what is published as text of the chunk's file.

use std::borrow::Cow;

use serde::Serialize;

use crate::links::Page;
use crate::markdown::Parsed;
use crate::model::{Article, Site};
use crate::output::OutputFile;
use crate::search::{fold, for_each_token, Part};

mod chunk;
mod groups;
mod shard;
mod spill;
mod table;
mod writer;
use table::spelling_hash;
pub use writer::IndexWriter;

pub use crate::search::SEARCH_DIR;

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

/// A document with its tokens (computed where its page renders; the index counts them).
pub struct IndexedDoc {
    pub doc: SearchDoc,
    /// Title and text folded, a line apart, then the digits of the numbers read out of them.
    folded: String,
    /// Every token, in order, as a range of `folded`.
    tokens: Vec<Occurrence>,
}

/// One occurrence of a token in a document: the hash of its spelling, and where it is spelled.
struct Occurrence {
    /// `table::spelling_hash` of its spelling.
    hash: u64,
    from: u32,
    /// Where it ends, the top bit saying "in the title".
    to: u32,
}

/// The top bit of an occurrence's end: the token is in the title.
const IN_TITLE: u32 = 1 << 31;

/// Weight of a token in a document's title, on top of its count in the text (at most 49).
const TITLE_WEIGHT: u8 = 50;

impl IndexedDoc {
    pub fn new(doc: SearchDoc) -> Self {
        Self::with_text(doc, None)
    }

    /// `doc`, its tokens taken from `text` instead of `doc.text` when given (an article's
    /// document keeps only the start of its text, for the snippet).
    fn with_text(doc: SearchDoc, text: Option<&str>) -> Self {
        // Title and text folded into one string, so every token is a range of it (or of the
        // numbers' digits, put after it): no string each.
        let mut folded = fold(&doc.title);
        let title_end = folded.len();
        folded.push('\n');
        folded.push_str(&fold(text.unwrap_or(&doc.text)));
        let mut digits = String::new();
        let mut tokens = Vec::with_capacity(folded.len() / 3);
        let base = folded.as_ptr() as usize;
        let mut occurrence = |token: Cow<str>, title: u32| {
            let from = match &token {
                Cow::Borrowed(slice) => slice.as_ptr() as usize - base,
                Cow::Owned(number) => {
                    digits.push_str(number);
                    folded.len() + digits.len() - number.len()
                }
            };
            tokens.push(Occurrence {
                hash: spelling_hash(&token),
                from: from as u32,
                to: (from + token.len()) as u32 | title,
            });
        };
        for_each_token(&folded[..title_end], Part::Title, |t| {
            occurrence(t, IN_TITLE)
        });
        for_each_token(&folded[title_end..], Part::Text, |t| occurrence(t, 0));
        folded.push_str(&digits);
        IndexedDoc {
            doc,
            folded,
            tokens,
        }
    }

    /// The spelling of an occurrence, and whether it is in the title.
    fn spelling(&self, token: &Occurrence) -> (&str, bool) {
        let (from, to) = (token.from as usize, (token.to & !IN_TITLE) as usize);
        (&self.folded[from..to], token.to & IN_TITLE != 0)
    }
}

/// The documents of the data: situations, then windows, in the order of `guide.yaml` (the
/// writer tokenizes them).
pub fn data_docs(site: &Site, kind_label: impl Fn(&str) -> String) -> Vec<SearchDoc> {
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
    situations.chain(windows).collect()
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

/// Where chunk `n` of the documents is written.
pub fn chunk_path(n: usize) -> String {
    format!("{SEARCH_DIR}/d/{n}.js")
}

/// The shard of a token whose `shard_hash` is `hash`, with `bits` bits of shard number.
fn shard_of_hash(hash: u32, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (hash >> (32 - bits)) as usize
    }
}

/// The shard of a token, as `search.js` computes it (the high `bits` bits of `shard_hash`).
pub fn shard_of(token: &str, bits: u32) -> usize {
    shard_of_hash(shard_hash(token), bits)
}

/// FNV-1a over the token's UTF-16 code units: `search.js` computes the same with `charCodeAt`.
pub fn shard_hash(token: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in token.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

impl super::SiteViews<'_> {
    /// The data's documents: situations, then windows, each window's kind as the guide
    /// labels it.
    pub(super) fn data_docs(&self) -> Vec<SearchDoc> {
        let kinds = &self.site.guide.channel_kinds;
        let kind_label = |kind: &str| {
            (kinds.iter().find(|k| k.kind.value.as_str() == kind))
                .map_or_else(|| kind.to_owned(), |k| k.label.value.clone())
        };
        data_docs(self.site, kind_label)
    }

    /// Shows the hooks what a result shows (its title and snippet), as text of the file
    /// `path` that holds it: it is read like any text a reader meets.
    pub(super) fn read_doc(&self, path: &str, doc: &SearchDoc) {
        self.hooks.text(path, &doc.title);
        self.hooks.text(path, &doc.text);
    }

    /// Every index file at once: the data's documents, then `articles` (`serve`).
    pub(super) fn search_files<'d>(
        &self,
        articles: impl Iterator<Item = &'d IndexedDoc>,
    ) -> Vec<OutputFile> {
        writer::index_files(self.data_docs(), articles, &|path, doc| {
            self.read_doc(path, doc)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_never_cuts_a_number() {
        let long = format!("{}電話 03-3446-0999 へ", "あ".repeat(EXCERPT_CHARS - 10));
        let cut = excerpt(&long);
        assert!(cut.ends_with("電話"), "{cut}");
        let short = "電話 03-3446-0999 へ";
        assert_eq!(excerpt(short), short);
    }
}
