//! How good the cheat sheet's estimate is (`render::estimate_sheet`, used by `build` and
//! `check` when no Chromium is found): each sheet below is estimated and printed by Chromium.
//!
//! `estimate_is_close_to_chromium` asserts the estimate is within a few millimetres of
//! Chromium's measure and gives the same page count; it prints the table the README quotes:
//! `cargo test --test sheet_fit -- --nocapture`. Without Chromium it prints SKIPPED.

mod common;

use common::{Guide, GUIDE};
use madoguchi::load::{load_site, theme::load_theme};
use madoguchi::output::pdf::{find_chromium, print_sheet, WorkDir};
use madoguchi::render::estimate_sheet;
use madoguchi::report::Report;

fn bundled() -> Guide {
    let guide = Guide::empty();
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &guide.path("content"),
    );
    guide
}

/// With a `base_url` and a history, so the sheet prints its whole edition (and its QR code).
fn with_edition(guide: Guide, window: &str) -> Guide {
    let lang = if guide.read(GUIDE).contains("\nlang: en\n") {
        "en"
    } else {
        "ja"
    };
    guide.replace(
        GUIDE,
        &format!("\nlang: {lang}\n"),
        &format!("\nbase_url: https://guide.example.org/contacts/\nlang: {lang}\n"),
    );
    guide.write(
        "content/changes.yaml",
        format!("- date: 2026-12-01\n  note: x\n  windows: [{window}]\n"),
    );
    guide
}

fn with_sheet(guide: Guide, ids: &str) -> Guide {
    guide.replace(
        GUIDE,
        "\nchannels:\n",
        &format!("\nsheet: [{ids}]\nchannels:\n"),
    );
    guide
}

/// An English guide of `n` situations, each with `first` windows.
fn english(n: usize, first: usize, how_words: usize) -> Guide {
    let guide = Guide::empty();
    let how = "Open the official site yourself and follow the contact link there"
        .split(' ')
        .cycle()
        .take(how_words)
        .collect::<Vec<_>>()
        .join(" ");
    let mut yaml = String::from("title: Example Power customer windows\nlang: en\nofficial_domains: [caa.go.jp]\nrules:\n  - Find the window by what happened, and reach it from the official site.\n  - Never call a number from a search result or a message.\nchannels:\n");
    for c in 0..3 {
        yaml.push_str(&format!("  - id: w{c}\n    name: Customer centre number {c}\n    kind: web\n    owner: Example Power\n    how: {how}.\n    url: https://www.caa.go.jp/policies/{c}/\n    source: {{ url: \"https://www.caa.go.jp/policies/{c}/\", title: Source, checked: 2026-11-01 }}\n"));
    }
    yaml.push_str("situations:\n");
    for s in 0..n {
        let ids: Vec<String> = (0..first).map(|k| format!("w{}", (s + k) % 3)).collect();
        yaml.push_str(&format!("  - id: s{s}\n    title: Situation {s} when the power bill looks wrong or the supply was cut off\n    summary: x\n    first: [{}]\n    also: [w{}]\n", ids.join(", "), (s + 2) % 3));
    }
    guide.write(GUIDE, yaml);
    guide
}

#[test]
fn estimate_is_close_to_chromium() {
    let Ok(chromium) = find_chromium(None) else {
        eprintln!("SKIPPED: estimate_is_close_to_chromium: no chromium");
        return;
    };
    let overflow = || Guide::fixture("print-overflow");
    let sheets: Vec<(&str, Guide)> = vec![
        ("bundled guide (ja, 4 situations)", bundled()),
        (
            "bundled, sheet: 3 situations",
            with_sheet(bundled(), "delivery, account, card"),
        ),
        ("bundled, sheet: [card]", with_sheet(bundled(), "card")),
        ("tests/fixtures/good (ja, 2)", Guide::good()),
        ("print-overflow (ja, 8 long)", overflow()),
        (
            "print-overflow, sheet: 4",
            with_sheet(overflow(), "case-1, case-2, case-3, case-4"),
        ),
        (
            "print-overflow, sheet: 5",
            with_sheet(overflow(), "case-1, case-2, case-3, case-4, case-5"),
        ),
        (
            "bundled, base_url and a history",
            with_edition(bundled(), "kokusen-lunch"),
        ),
        ("English, 4 × 1 window", english(4, 1, 12)),
        (
            "English, 7 × 1, base_url and a history",
            with_edition(english(7, 1, 30), "w0"),
        ),
        ("English, 5 × 2 windows", english(5, 2, 24)),
        ("English, 7 × 1 window", english(7, 1, 30)),
        ("English, 9 × 2 windows", english(9, 2, 12)),
    ];
    println!("| sheet | estimate | Chromium | difference | pages (estimate / Chromium) |");
    println!("|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for (name, guide) in sheets {
        guide.run(&["build"]).code(0);
        let mut report = Report::default();
        let site = load_site(guide.root(), &mut report).expect("loads");
        let theme = load_theme(
            guide.root(),
            madoguchi::load::theme::ThemeChoice::BuiltIn,
            &mut report,
        )
        .expect("theme");
        let estimate = estimate_sheet(&site, &theme.labels.for_guide(&site.guide));
        let work = WorkDir::create().unwrap();
        let printed = print_sheet(&chromium, &guide.out(), &work.dir).expect("prints");
        let measured = printed.height.expect("measured").content_mm;
        let difference = estimate.content_mm - measured;
        println!(
            "| {name} | {:.0} mm | {measured:.0} mm | {difference:+.0} mm ({:+.1}%) | {} / {} |",
            estimate.content_mm,
            difference / measured * 100.0,
            estimate.pages,
            printed.pages
        );
        worst = worst.max(difference.abs());
        assert_eq!(estimate.pages, printed.pages, "{name}: pages");
    }
    println!("worst difference: {worst:.1} mm");
    assert!(worst < 12.0, "the estimate is off by {worst:.1} mm");
}
