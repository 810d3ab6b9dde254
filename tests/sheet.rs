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
