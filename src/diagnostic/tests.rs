//! How diagnostics show a place in a file, and what they suggest.

use super::*;

#[test]
fn a_place_in_a_file_changed_since_it_loaded_is_not_shown_as_line_one() {
    let dir = tempfile::tempdir().unwrap();
    let root: Arc<Path> = Arc::from(dir.path());
    let article: Arc<Path> = Arc::from(Path::new("page.md"));
    let loaded = "---\ntitle: x\n---\n0120-444-4444\n";
    let text = FileText::new(Arc::clone(&root), Arc::new(loaded.to_owned()), false);
    // Edited while the build ran: a line moved in above.
    std::fs::write(dir.path().join(&*article), format!("# new\n{loaded}")).unwrap();
    let mut sources = SourceFiles::default();
    sources.insert_unkept(Arc::clone(&article), Arc::new(text));
    let diagnostic = Diagnostic::error("a number nobody vetted").at(&*article, 17..30);
    let shown = render_all(&[diagnostic], &sources, false);
    assert!(
        !shown.contains("page.md:1:1") && !shown.contains("page.md:5"),
        "{shown}"
    );
    assert!(
        shown.contains("in page.md (the file changed while the build read it"),
        "{shown}"
    );
    // Unchanged, its place is shown.
    std::fs::write(dir.path().join(&*article), loaded).unwrap();
    let text = FileText::new(Arc::clone(&root), Arc::new(loaded.to_owned()), false);
    let mut sources = SourceFiles::default();
    sources.insert_unkept(Arc::clone(&article), Arc::new(text));
    let diagnostic = Diagnostic::error("a number nobody vetted").at(&*article, 17..30);
    assert!(render_all(&[diagnostic], &sources, false).contains("page.md:4:1"));
}

#[test]
fn a_spilled_text_comes_back_from_its_scratch_file_as_it_was_loaded() {
    let scratch = tempfile::tempdir().unwrap();
    let guide = Path::new("content/guide.yaml");
    let loaded = "title: x\nsorce: y\n";
    let spilled = || {
        let mut sources = SourceFiles::default();
        sources.insert(guide, loaded.to_owned());
        sources.spill(guide, scratch.path());
        assert!(sources.files.is_empty(), "out of memory");
        sources
    };
    let sources = spilled();
    // The scratch file is never seen in its folder.
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
    assert_eq!(sources.get(guide), Some(loaded));
    assert_eq!(
        sources.shared(guide).as_deref().map(String::as_str),
        Some(loaded)
    );
    assert_eq!(sources.len(), 1);
    // Merged into another record, it comes back the same.
    let mut merged = SourceFiles::default();
    merged.extend(spilled());
    assert_eq!(merged.get(guide), Some(loaded));
    // A folder that cannot hold a scratch file leaves the text in memory.
    let mut kept = SourceFiles::default();
    kept.insert(guide, loaded.to_owned());
    kept.spill(guide, &scratch.path().join("missing"));
    assert_eq!(kept.files.len(), 1);
    assert_eq!(kept.get(guide), Some(loaded));
    // A file never recorded is not read at all.
    assert_eq!(sources.get(Path::new("content/other.yaml")), None);
}

#[test]
fn thousands_of_diagnostics_are_capped_with_a_count() {
    let many: Vec<_> = (0..5_000)
        .map(|i| Diagnostic::error(format!("problem {i}")))
        .collect();
    let text = render_all(&many, &SourceFiles::default(), false);
    assert_eq!(text.matches("error: problem").count(), MAX_SHOWN);
    assert!(text.contains("error: problem 199\n"), "{text}");
    assert!(!text.contains("problem 200\n"));
    assert!(
        text.contains("… and 4800 more problems not shown"),
        "{text}"
    );
    let few = render_all(&many[..MAX_SHOWN], &SourceFiles::default(), false);
    assert!(!few.contains("more problems"));
}

#[test]
fn line_col_counts_characters_not_bytes() {
    let text = "a: 1\nタイトル: x\n";
    let offset = text.find('x').unwrap();
    assert_eq!(line_col(text, offset), (2, 7));
}

#[test]
fn rendered_diagnostic_names_file_line_column_and_help() {
    let mut sources = SourceFiles::default();
    sources.insert("content/guide.yaml", "title: x\nsorce: y\n".to_owned());
    let d = Diagnostic::error("unknown field `sorce`")
        .at("content/guide.yaml", 9..14)
        .label("not a field")
        .help("did you mean `source`?");
    let text = render_all(&[d], &sources, false);
    assert!(text.contains("error: unknown field `sorce`"), "{text}");
    assert!(text.contains("content/guide.yaml:2:1"), "{text}");
    assert!(text.contains("sorce: y"), "{text}");
    assert!(text.contains("^^^^^"), "{text}");
    assert!(text.contains("help: did you mean `source`?"), "{text}");
}

#[test]
fn suggests_near_misses_only() {
    let known = ["shop-message", "ichiba-support"];
    assert_eq!(
        closest("shop-mesage", known.into_iter()),
        Some("shop-message")
    );
    assert_eq!(closest("police", known.into_iter()), None);
}
