//! Throughput and real pages (release mode, by hand).

use super::cross_checks::{sorted_numbers, sorted_numbers_by_html5gum};
use super::*;

/// A mostly-Japanese prose page of about 1 MB, with a few numbers and dates.
fn japanese_page() -> String {
    let paragraph = "<p>楽天市場で困ったときは、まず<a href=\"https://example.jp/help/\">公式のヘルプ\
        ページ</a>を確かめます。注文日の翌日から90日以内に申請してください。受付は平日9:00〜17:00、\
        <strong>2026年12月2日</strong>から変わります。お金や個人情報がからむときは、カードを止める・\
        パスワードを変えるなど、被害を止めることから始めます。Check the official page first; \
        numbers in search results or pop-ups are not to be called.</p>\n<ul><li>消費者ホットライン188\
        </li><li>警察相談専用電話 #9110</li><li>東京 03-3446-0999</li></ul>\n";
    let mut page = String::from("<!DOCTYPE html><html><head><title>ガイド</title></head><body>");
    while page.len() < 1 << 20 {
        page.push_str(paragraph);
    }
    page.push_str("</body></html>");
    page
}

fn megabytes_per_second(pages: &[String], vetted: &VettedNumbers) -> (f64, usize) {
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut found = 0;
    let mut best = f64::MAX;
    for _ in 0..9 {
        let start = std::time::Instant::now();
        found = pages
            .iter()
            .map(|p| unvetted_numbers(p.as_bytes(), vetted).len())
            .sum();
        best = best.min(start.elapsed().as_secs_f64());
    }
    (bytes as f64 / 1e6 / best, found)
}

/// `cargo test --release --lib check::published::tests::throughput -- --ignored --nocapture`;
/// with `SCAN_DIR=<built site>`, every page of that site is scanned too, and what is found
/// reported (`SCAN_VETTED=188,#9110,…` lists the vetted numbers; `SCAN_CROSSCHECK=1` reads
/// each page with html5gum too; `SCAN_ONCE=1` scans once, for `valgrind`).
#[test]
#[ignore]
fn throughput() {
    let vetted = VettedNumbers::new(
        std::env::var("SCAN_VETTED")
            .unwrap_or_else(|_| "188,#9110,03-3446-0999".into())
            .split(',')
            .map(String::from),
    );
    if std::env::var_os("SCAN_ONCE").is_none() {
        let page = vec![japanese_page()];
        let (speed, found) = megabytes_per_second(&page, &vetted);
        let size = page[0].len() as f64 / 1e6;
        println!("japanese prose: {size:.1} MB: {speed:.0} MB/s ({found} found)");
    }
    let Ok(dir) = std::env::var("SCAN_DIR") else {
        return;
    };
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            paths.push(entry.path().to_path_buf());
        }
    }
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    if std::env::var_os("SCAN_ONCE").is_some() {
        // One pass, for `valgrind --tool=cachegrind`.
        let found: usize = pages
            .iter()
            .map(|p| unvetted_numbers(p.as_bytes(), &vetted).len())
            .sum();
        println!("{found} found");
        return;
    }
    if std::env::var_os("SCAN_CROSSCHECK").is_some() {
        // Every page read as html5gum reads it finds the same numbers.
        for (path, page) in paths.iter().zip(&pages) {
            let (ours, theirs) = (
                sorted_numbers(page, &vetted),
                sorted_numbers_by_html5gum(page, &vetted),
            );
            assert_eq!(ours, theirs, "{}", path.display());
        }
        println!(
            "html5gum finds the same numbers on all {} pages",
            pages.len()
        );
    }
    let (speed, _) = megabytes_per_second(&pages, &vetted);
    let bytes: usize = pages.iter().map(String::len).sum();
    println!(
        "{dir}: {} pages, {:.1} MB: {speed:.0} MB/s",
        pages.len(),
        bytes as f64 / 1e6
    );
    let mut counts: std::collections::BTreeMap<(String, Place), (usize, String, String)> =
        Default::default();
    for (path, page) in paths.iter().zip(&pages) {
        for n in unvetted_numbers(page.as_bytes(), &vetted) {
            let entry = counts
                .entry((n.canonical.clone(), n.place))
                .or_insert_with(|| (0, path.display().to_string(), n.shown.clone()));
            entry.0 += 1;
        }
    }
    for ((canonical, place), (count, first, shown)) in counts {
        println!("{canonical} {place:?} ×{count}, first in {first}: {shown:?}");
    }
}
