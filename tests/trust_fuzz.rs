//! Property tests: whatever bytes are in guide.yaml or an article, loading, checking and
//! rendering end in diagnostics or a site, never a panic. Case counts are fixed (override with
//! PROPTEST_CASES) so CI time stays bounded.

mod common;

use std::path::Path;

use common::guide_yaml;
use proptest::prelude::*;

/// Runs load → check → render on the guide at `root`, writing nothing, and renders the report.
fn run_pipeline(root: &Path) {
    let (built, _, text) = common::run_pipeline(root, None);
    assert!(built || !text.is_empty(), "failed without saying why");
}

fn with_files(guide: &[u8], article: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    std::fs::write(content.join("guide.yaml"), guide).unwrap();
    std::fs::write(content.join("articles/about.md"), article).unwrap();
    run_pipeline(tmp.path());
}

const ARTICLE: &str = "---\ntitle: About\n---\n## About\n\n[Help](@/situation/lost) 0120-000-000\n";

/// Bytes a guide or article is made of, weighted towards the syntax that matters.
fn syntax_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"\n".to_vec()),
        Just(b"  ".to_vec()),
        Just(b"- ".to_vec()),
        Just(b": ".to_vec()),
        Just(b"---\n".to_vec()),
        Just(b"&a ".to_vec()),
        Just(b"*a".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"{".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("電話０１２０－０００".as_bytes().to_vec()),
        Just(b"(@/".to_vec()),
        Just(b"](".to_vec()),
        Just(b"tel:".to_vec()),
        Just(b"javascript:".to_vec()),
        Just(b"<script>".to_vec()),
        Just(b"{#x onclick=1}".to_vec()),
        // References to the data (issue 14), whole and in parts.
        Just(b"{{ window(id=\"help\") }}".to_vec()),
        Just(b"{{ window(id=\"help\", field=\"phone\") }}".to_vec()),
        Just(b"{{ situation(id=\"lost\") }}".to_vec()),
        Just(b"{{ window(".to_vec()),
        Just(b"}}".to_vec()),
        Just("{{ window(id='ヘルプ')".as_bytes().to_vec()),
    ];
    prop::collection::vec(pieces, 0..200).prop_map(|p| p.concat())
}

/// The valid guide with `insert` spliced in at a position (a near-miss is where bugs hide).
fn mutated_guide() -> impl Strategy<Value = Vec<u8>> {
    let valid = guide_yaml("Guide").into_bytes();
    let len = valid.len();
    (0..=len, 0..=len, syntax_bytes()).prop_map(move |(at, cut, insert)| {
        let (at, cut) = (at.min(cut), at.max(cut).min(at.min(cut) + 40));
        let mut bytes = valid.clone();
        bytes.splice(at..cut, insert);
        bytes
    })
}

/// 200 cases per property by default (about a minute in a debug build); PROPTEST_CASES for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_guide_yaml_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        with_files(&bytes, ARTICLE.as_bytes());
    }

    #[test]
    fn yaml_like_bytes_as_guide_yaml_never_panic(bytes in syntax_bytes()) {
        with_files(&bytes, ARTICLE.as_bytes());
    }

    #[test]
    fn a_mutated_valid_guide_never_panics(bytes in mutated_guide()) {
        with_files(&bytes, ARTICLE.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_as_an_article_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        with_files(guide_yaml("Guide").as_bytes(), &bytes);
    }

    #[test]
    fn markdown_like_articles_never_panic(body in syntax_bytes()) {
        let mut article = b"---\ntitle: A\n---\n".to_vec();
        article.extend(body);
        with_files(guide_yaml("Guide").as_bytes(), &article);
    }

    #[test]
    fn arbitrary_front_matter_never_panics(front in syntax_bytes()) {
        let mut article = b"---\n".to_vec();
        article.extend(front);
        article.extend(b"\n---\nBody\n");
        with_files(guide_yaml("Guide").as_bytes(), &article);
    }

    #[test]
    fn link_classification_never_panics(dest in ".{0,80}") {
        let _ = madoguchi::links::classify(&dest);
    }

    #[test]
    fn the_phone_scanner_never_panics(text in "[0-9０-９()（）#＃ー－‐ \\-+.a-zぁ-ん\n]{0,120}") {
        for found in madoguchi::phone::find_numbers(&text) {
            prop_assert!(text.get(found.span.clone()).is_some(), "span off a char boundary");
        }
        let _ = madoguchi::phone::canonical(&text);
    }
}
