//! A generated guide of many articles (the benchmark corpus) passes every check, builds every
//! page, renders lookups the same way as a small guide, and is the same for the same seed.

#[allow(dead_code)]
#[path = "../benches/corpus.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};

use madoguchi::pipeline::{build, BuildOptions};
use madoguchi::report::Report;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn build_strict(root: &Path, out: &Path) -> (Option<usize>, Report) {
    let mut report = Report::default();
    let options = BuildOptions {
        strict: true,
        ..BuildOptions::new(root, Some(out))
    };
    let built = build(&options, &mut report).map(|b| b.pages);
    (built, report)
}

#[test]
fn generated_guide_passes_every_check_and_builds_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("guide"), dir.path().join("out"));
    corpus::write_madoguchi(300, 7, &root).unwrap();
    let (built, report) = build_strict(&root, &out);
    assert!(
        report.diagnostics.is_empty(),
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    // 300 articles (30 of them shown on their situation's page), 30 situations and 8 other
    // pages (home, sources, cheat sheet, history, print, search, 索引, 404); data.json is
    // written beside them but is not a page.
    assert_eq!(built, Some(300 - 30 + 30 + 8));
    let html: Vec<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(html.len(), 308);
    // Each article names a window by a reference: its name, linked to its details.
    let page = fs::read_to_string(out.join("articles/page00002.html")).unwrap();
    assert!(
        page.contains("まず<a href=\"../situations/") && page.contains("#window-ch-00003\">"),
        "{page}"
    );
}

#[test]
fn situation_pages_show_their_article_from_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("guide"), dir.path().join("out"));
    corpus::write_madoguchi(100, 7, &root).unwrap();
    build_strict(&root, &out).0.unwrap();
    // Situation 1 is named by its article's front matter, situation 2 names its article.
    let sit1 = fs::read_to_string(out.join("situations/sit-00001.html")).unwrap();
    assert!(sit1.contains("在留カードの更新 1 / Residence card renewal 1"));
    let sit2 = fs::read_to_string(out.join("situations/sit-00002.html")).unwrap();
    assert!(sit2.contains("ゴミの出し方 11 / Sorting rubbish 11"));
    assert!(!out.join("articles/page00001.html").exists());
    assert!(!out.join("articles/page00011.html").exists());
    // A link to an article shown on a situation page leads to that page.
    let linking = files_under(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| fs::read_to_string(p).unwrap())
        .find(|t| t.contains("ゴミの出し方 11 / Sorting rubbish 11</a>"))
        .expect("some page links article 11");
    assert!(linking.contains("href=\"../situations/sit-00002.html\""));
}

#[test]
fn header_lists_a_dozen_situations_and_links_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("guide"), dir.path().join("out"));
    corpus::write_madoguchi(300, 7, &root).unwrap();
    build_strict(&root, &out).0.unwrap();
    let page = fs::read_to_string(out.join("articles/page00002.html")).unwrap();
    let nav = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
    assert_eq!(nav.matches("situations/sit-").count(), 12);
    assert!(nav.contains("href=\"../index.html#map-heading\">すべての状況</a>"));
    // The home page still lists every situation.
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("situations/sit-00030.html"));
}

#[test]
fn the_corpus_is_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let read_all = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files_under(root)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    corpus::write_madoguchi(50, 1, &a).unwrap();
    corpus::write_madoguchi(50, 1, &b).unwrap();
    corpus::write_madoguchi(50, 2, &c).unwrap();
    assert_eq!(read_all(&a), read_all(&b));
    assert_ne!(read_all(&a), read_all(&c));
}
