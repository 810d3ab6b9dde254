//! The cheat sheet under the editor's control: `sheet: [ids]` chooses which situations it
//! lists and in which order; and its fit, estimated when Chromium is absent.

mod common;

use common::{bad, Guide, GUIDE};

const CHANNELS: &str = "\nchannels:\n";

fn with_sheet(list: &str) -> Guide {
    let guide = Guide::good();
    guide.replace(GUIDE, CHANNELS, &format!("\nsheet: {list}\nchannels:\n"));
    guide
}

fn sheet_of(guide: &Guide) -> String {
    guide.read("output/cheatsheet/index.html")
}

#[test]
fn without_sheet_every_situation_is_listed_in_data_order() {
    let guide = Guide::good();
    guide.build().ok();
    let sheet = sheet_of(&guide);
    let (delivery, trouble) = (
        sheet.find("case-delivery").unwrap(),
        sheet.find("case-trouble").unwrap(),
    );
    assert!(delivery < trouble);
}

#[test]
fn sheet_chooses_the_order() {
    let guide = with_sheet("[trouble, delivery]");
    guide.build().ok();
    let sheet = sheet_of(&guide);
    let (delivery, trouble) = (
        sheet.find("case-delivery").unwrap(),
        sheet.find("case-trouble").unwrap(),
    );
    assert!(trouble < delivery, "{sheet}");
}

#[test]
fn a_situation_left_out_of_sheet_is_left_off_the_sheet_only() {
    let guide = with_sheet("[trouble]");
    guide.build().ok();
    let sheet = sheet_of(&guide);
    assert!(!sheet.contains("case-delivery"), "{sheet}");
    assert!(!sheet.contains("商品が届かない"));
    assert!(sheet.contains("case-trouble"));
    // Its page and the home page still show it.
    assert!(guide.read("output/index.html").contains("商品が届かない"));
    assert!(guide.path("output/situations/delivery.html").is_file());
}

#[test]
fn sheet_names_situations_that_exist_each_once() {
    bad(GUIDE, CHANNELS, "\nsheet: [trouble, delivry]\nchannels:\n")
        .only_error("no situation with id `delivry`", "content/guide.yaml:16:18")
        .mentions("did you mean `delivery`?");
    bad(GUIDE, CHANNELS, "\nsheet: [trouble, trouble]\nchannels:\n").only_error(
        "situation `trouble` is listed twice in `sheet`",
        "content/guide.yaml:16:18",
    );
    bad(GUIDE, CHANNELS, "\nsheet: []\nchannels:\n")
        .only_error("`sheet` lists no situation", "content/guide.yaml:16:8");
}

/// `madoguchi ARGS --root ROOT` with no Chromium to be found: the sheet is estimated.
fn without_chromium(guide: &Guide, args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .arg("--root")
        .arg(guide.root())
        .env("NO_COLOR", "1")
        .env("MADOGUCHI_CHROMIUM", guide.path("no-chromium-here"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap(), stderr)
}

const MAY_NOT_FIT: &str =
    "warning: the cheat sheet may not fit on one A4 page: its content is estimated at";

#[test]
fn without_chromium_an_overflowing_sheet_is_a_warning_from_the_estimate() {
    let guide = Guide::fixture("print-overflow");
    for command in ["build", "check"] {
        let (code, stderr) = without_chromium(&guide, &[command]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains(MAY_NOT_FIT), "{stderr}");
        assert!(stderr.contains("`sheet: [ids]`"), "{stderr}");
    }
    let (code, stderr) = without_chromium(&guide, &["build", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn without_chromium_a_sheet_that_fits_is_not_warned_about() {
    let (code, stderr) = without_chromium(&Guide::good(), &["build"]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("may not fit"), "{stderr}");
    // The editor's fix: fewer situations on the sheet.
    let guide = Guide::fixture("print-overflow");
    guide.replace(
        GUIDE,
        "\nchannels:\n",
        "\nsheet: [case-1, case-2, case-3]\nchannels:\n",
    );
    let (code, stderr) = without_chromium(&guide, &["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_theme_that_lays_out_its_own_sheet_is_not_estimated() {
    let guide = Guide::fixture("print-overflow");
    guide.write(
        "themes/mine/static/cheatsheet.css",
        "@page { size: A4; } body { font-size: 6pt; }",
    );
    let (code, stderr) = without_chromium(&guide, &["check", "--theme", "mine"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("may not fit"), "{stderr}");
}

/// The sheet's edition, as its HTML says it (the printed page is in `tests/print_pdf.rs`).
fn edition_of(guide: &Guide) -> String {
    let sheet = sheet_of(guide);
    let start = sheet.find("<div class=\"edition\">").expect("an edition");
    let end = start + sheet[start..].find("</div>").unwrap();
    sheet[start..end].to_owned()
}

#[test]
fn the_sheet_prints_the_oldest_check_of_the_windows_it_shows() {
    // shop-message (no phone) is the delivery situation's first window only.
    let guide = Guide::good();
    guide.replace(
        GUIDE,
        "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-11-20",
        "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-10-02",
    );
    guide.build().ok();
    assert!(
        edition_of(&guide).contains("情報の確認日 <strong>2026-10-02</strong>"),
        "{}",
        edition_of(&guide)
    );
    // Left off the sheet, its older check no longer ages the paper.
    guide.replace(GUIDE, CHANNELS, "\nsheet: [trouble]\nchannels:\n");
    guide.build().ok();
    assert!(
        edition_of(&guide).contains("情報の確認日 <strong>2026-11-20</strong>"),
        "{}",
        edition_of(&guide)
    );
}

#[test]
fn the_sheet_prints_the_date_of_the_latest_change_only_with_a_history() {
    let guide = Guide::good();
    guide.build().ok();
    let edition = edition_of(&guide);
    assert!(
        !edition.contains("最終更新"),
        "no history, no invented date: {edition}"
    );
    guide.write(
        "content/changes.yaml",
        std::fs::read(common::fixtures().join("history/changes.yaml")).unwrap(),
    );
    guide.build().ok();
    let edition = edition_of(&guide);
    assert!(
        edition.contains("最終更新 <strong>2026-11-20</strong>"),
        "{edition}"
    );
}

#[test]
fn with_a_base_url_the_sheet_links_its_history_page_by_qr_code() {
    let guide = Guide::good();
    guide.build().ok();
    let edition = edition_of(&guide);
    assert!(!edition.contains("edition-qr"), "{edition}");
    assert!(!edition.contains("この紙が最新か確かめる"), "{edition}");
    guide.replace(
        GUIDE,
        "\nlang: ja\n",
        "\nbase_url: https://guide.example.jp/rakuten/\nlang: ja\n",
    );
    guide.build().ok();
    let edition = edition_of(&guide);
    assert!(edition.contains("この紙が最新か確かめる"), "{edition}");
    assert!(
        edition.contains("https://guide.example.jp/rakuten/changes.html"),
        "{edition}"
    );
    assert!(
        edition.contains("<figure class=\"edition-qr\"><svg class=\"qr-code\""),
        "{edition}"
    );
}

#[test]
fn a_base_url_too_long_for_the_history_qr_code_is_an_error_at_base_url() {
    let long = format!("https://guide.example.jp/{}/", "a".repeat(2400));
    bad(
        GUIDE,
        "\nlang: ja\n",
        &format!("\nbase_url: {long}\nlang: ja\n"),
    )
    .error_anywhere("does not fit in a QR code")
    .mentions("content/guide.yaml:3:11")
    .help("shorter `base_url`");
}
