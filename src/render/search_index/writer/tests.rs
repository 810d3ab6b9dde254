//! The index writer's files: postings, chunks, groups and the scratch file.

use super::*;
use crate::render::search_index::chunk::CHUNK_BYTES;

fn doc(title: &str, text: &str) -> IndexedDoc {
    IndexedDoc::new(SearchDoc {
        kind: "a",
        title: title.into(),
        href: format!("articles/{title}.html"),
        text: text.into(),
    })
}

/// All files by path, as text.
fn place(title: &str, text: &str) -> SearchDoc {
    doc(title, text).doc
}

fn written(places: &[SearchDoc], docs: &[IndexedDoc]) -> HashMap<String, String> {
    let read = std::sync::Mutex::new(Vec::new());
    let record = |path: &str, doc: &SearchDoc| {
        read.lock()
            .unwrap()
            .push((path.to_owned(), doc.title.clone()));
    };
    let files = index_files(places.to_vec(), docs.iter(), &record);
    let read = read.into_inner().unwrap();
    // Every document is read as text of the chunk that holds it, once.
    assert_eq!(read.len(), places.len() + docs.len());
    assert!(read.iter().all(|(path, _)| path.starts_with("search/d/")));
    (files.into_iter())
        .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
        .collect()
}

#[test]
fn postings_come_in_document_order_as_differences_and_chunks_split_at_their_size() {
    let places = [place("zeta", "rakuten"), place("eta", "other")];
    let long = "word ".repeat(CHUNK_BYTES / 5);
    let docs = [
        doc("alpha", "rakuten rakuten"),
        doc("beta", &long),
        doc("gamma", "rakuten"),
    ];
    let files = written(&places, &docs);
    let meta = &files["search/meta.js"];
    assert!(
        meta.contains(r#""places":2"#) && meta.contains(r#""docs":5"#),
        "{meta}"
    );
    // The long document does not fit beside the first three: it starts a chunk, and the
    // last one does not fit beside it.
    let chunks = &files["search/chunks.js"];
    assert!(chunks.contains(r#""chunks":[0,3,4]"#), "{chunks}");
    assert!(!meta.contains("chunks"), "{meta}");
    assert!(
        files["search/d/1.js"].starts_with(r#"madoguchiSearch.docs(1,[{"kind":"a","title":"beta""#)
    );
    let shards: Vec<&String> = (files.iter())
        .filter(|(path, _)| path.starts_with("search/t/"))
        .map(|(_, js)| js)
        .collect();
    assert!(!shards.is_empty());
    let with = |token: &str| {
        let key = format!("\"{token}\":[");
        let js = shards.iter().find(|js| js.contains(&key)).unwrap();
        let from = js.find(&key).unwrap() + key.len();
        js[from..from + js[from..].find(']').unwrap()].to_owned()
    };
    // Documents 0, 2 and 4, each as the difference from the one before, with its weight
    // (a count in the text; 50 more in the title).
    assert_eq!(with("rakuten"), "0,1,2,2,2,1");
    assert_eq!(with("zeta"), "0,50");
    assert_eq!(with("gamma"), "4,50");
}

#[test]
fn a_title_words_best_places_share_a_chunk_and_the_rest_keep_their_order() {
    // 60 places, every sixth titled カード (its ten best are 0, 6, … 54); one article.
    let places: Vec<SearchDoc> = (0..60)
        .map(|n| match n % 6 {
            0 => place(&format!("カード{n}"), "long text of a card place"),
            _ => place(&format!("other{n}"), "long text of another place"),
        })
        .collect();
    let files = written(&places, &[doc("article", "カード")]);
    let meta = &files["search/meta.js"];
    let chunks = &files["search/chunks.js"];
    let group: Vec<String> = (0..10).map(|n| (n * 6).to_string()).collect();
    assert!(
        chunks.contains(&format!(r#""groups":[[{}]]"#, group.join(","))),
        "{chunks}"
    );
    // meta.js, which every visit loads, holds no place's chunk.
    assert!(!meta.contains("groups"), "{meta}");
    // A query for カード loads that chunk beside its shards: its two tokens lead there (and
    // not its single characters, カ, ー, ド: a word of one character leads nowhere).
    let leads = [shard_hash("カー"), 0, shard_hash("ード"), 0].map(|n| n.to_string());
    assert!(
        meta.contains(&format!(r#""leads":[{}]"#, leads.join(","))),
        "{meta}"
    );
    // The group is chunk 0; the other places follow in their order (the first chunk of them
    // starts at place 1), then the article.
    let first = &files["search/d/0.js"];
    assert!(first.starts_with(r#"madoguchiSearch.docs(0,[{"kind":"a","title":"カード0""#));
    assert_eq!(first.matches(r#""title":"カード"#).count(), 10, "{first}");
    assert!(chunks.contains(r#""chunks":[1]"#), "{chunks}");
    let rest: String = (1..)
        .map_while(|n| files.get(&format!("search/d/{n}.js")))
        .cloned()
        .collect();
    let titles: Vec<&str> = rest
        .split(r#""title":""#)
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .collect();
    let mut others: Vec<String> = (0..60)
        .filter(|n| n % 6 != 0)
        .map(|n| format!("other{n}"))
        .collect();
    others.push("article".into());
    assert_eq!(titles, others);
}

#[test]
fn postings_spilled_to_the_scratch_file_make_the_same_files() {
    let places = [place("place", "rakuten 電話 03-3446-0999")];
    let docs: Vec<IndexedDoc> = (0..300)
        .map(|n| {
            doc(
                &format!("doc{n}"),
                &format!("電話 番号 word{} rakuten", n % 7),
            )
        })
        .collect();
    let whole = written(&places, &docs);
    let scratch = tempfile::tempdir().unwrap();
    let ignore = |_: &str, _: &SearchDoc| {};
    // A few hundred bytes at a time: dozens of runs, spilled between documents.
    let start = |put: Put<'_>| {
        IndexWriter::spilling_at(places.to_vec(), &ignore, Some(scratch.path()), put, 200)
    };
    let Ok(spilled) = files_of(start, docs.iter()) else {
        panic!("the scratch file could not be written")
    };
    assert_eq!(spilled.len(), whole.len());
    for file in spilled {
        assert_eq!(String::from_utf8(file.bytes).unwrap(), whole[&file.path]);
    }
    // The scratch file went from the folder as soon as it was made.
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
}
