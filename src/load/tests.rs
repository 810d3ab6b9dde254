//! The loaded site's lookups and lists, checked on guides loaded from files (tests here, not
//! in `model`, which `load` imports: the edge points one way).

use std::collections::HashMap;
use std::path::Path;

use super::load_site_reusing;
use crate::model::slug_digest;

/// Two slugs whose digests the index keeps are the same (found by trying names in turn).
fn slugs_of_one_digest() -> (String, String) {
    let mut seen = HashMap::new();
    for i in 0u32.. {
        let slug = format!("p{i}");
        if let Some(other) = seen.insert(slug_digest(&slug), slug.clone()) {
            return (other, slug);
        }
    }
    unreachable!()
}

#[test]
fn articles_whose_slugs_share_a_digest_are_each_found() {
    let (first, second) = slugs_of_one_digest();
    assert_ne!(first, second);
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
    std::fs::copy(
        fixture.join("content/guide.yaml"),
        dir.path().join("content/guide.yaml"),
    )
    .unwrap();
    for slug in [&second, &first] {
        let text = format!("---\ntitle: {slug}\n---\n本文\n");
        std::fs::write(dir.path().join(format!("content/articles/{slug}.md")), text).unwrap();
    }
    let mut report = crate::report::Report::default();
    let site = load_site_reusing(dir.path(), &mut report, None, false).unwrap();
    for slug in [&first, &second] {
        let found = site.article(slug).map(|a| a.front.title.value.as_str());
        assert_eq!(found, Some(slug.as_str()));
    }
    assert!(site.article("p-absent").is_none());
    // A slug that shares neither the digest nor the text is not found either.
    assert!(site.article(&format!("{first}x")).is_none());
}

#[test]
fn the_guides_lists_hold_no_spare_room() {
    // Room beyond what a list holds would stay for the whole build.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let mut report = crate::report::Report::default();
    let site = load_site_reusing(&fixture, &mut report, None, false).unwrap();
    let guide = &site.guide;
    // Lists of lengths a list read item by item would hold room beyond (it grows to 4, 8).
    let lens = [guide.situations.len(), guide.channels.len()];
    assert!(lens.iter().any(|n| !n.is_power_of_two()), "{lens:?}");
    assert_eq!(guide.situations.capacity(), guide.situations.len());
    assert_eq!(guide.channels.capacity(), guide.channels.len());
    for s in &guide.situations {
        assert_eq!(s.first.capacity(), s.first.len());
        assert_eq!(s.also.capacity(), s.also.len());
        assert_eq!(s.steps.capacity(), s.steps.len());
    }
}
