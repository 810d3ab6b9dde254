//! Groups from the data (issue 18): whether a window is a public body, the organisation's own
//! or a third party is said by its `group`, declared under `groups:` with its titles. The home
//! page and the cheat sheet list each group's numbers under its title; nothing is guessed from
//! a window having a `phone`. A channel that names no group is in the group `other`.

mod common;

use common::{bad, bad_with, Guide, GUIDE};

/// The good guide ends on line 76: groups appended to it start on line 77.
const GROUPS: &str = "groups:
  - id: own
    title: 自社の窓口
  - id: public
    title: 公的な相談先
    sheet_title: 公的な相談窓口（電話）
";

/// Puts the channel whose `owner:` line is `owner` into `group`, on the line before it.
fn put_in_group(guide: &Guide, owner: &str, group: &str) {
    guide.replace(
        GUIDE,
        &format!("    owner: {owner}\n"),
        &format!("    group: {group}\n    owner: {owner}\n"),
    );
}

/// The good guide with `GROUPS`: the consumer hotline (a phone number) is the organisation's
/// own, the other two numbers are public bodies, and the rest are the organisation's own.
fn grouped() -> Guide {
    let guide = Guide::good();
    guide.append(GUIDE, GROUPS);
    put_in_group(&guide, "消費者庁", "own");
    put_in_group(&guide, "国民生活センター", "public");
    put_in_group(&guide, "警察", "public");
    put_in_group(&guide, "商品を発送したショップ", "own");
    put_in_group(&guide, "楽天市場", "own");
    guide
}

/// The `<section>` of `page` labelled by `heading_id`.
fn section<'h>(page: &'h str, heading_id: &str) -> &'h str {
    let start = page
        .find(&format!("aria-labelledby=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no section `{heading_id}` in:\n{page}"));
    let end = start + page[start..].find("</section>").unwrap();
    &page[start..end]
}

#[test]
fn each_window_is_listed_under_its_groups_title_whatever_it_has() {
    let guide = grouped();
    guide.build().ok();
    let home = guide.read("output/index.html");
    let own = section(&home, "group-own");
    assert!(own.contains(">自社の窓口</h2>"), "{own}");
    assert!(
        own.contains("<span class=\"phone\">188</span>"),
        "a number of the organisation's own is not a public body's: {own}"
    );
    assert!(!own.contains("03-3446-0999") && !own.contains("#9110"));
    let public = section(&home, "group-public");
    assert!(public.contains(">公的な相談先</h2>"), "{public}");
    assert!(public.contains("03-3446-0999") && public.contains("#9110"));
    assert!(!public.contains(">188<"), "{public}");

    let sheet = guide.read("output/cheatsheet/index.html");
    let public = section(&sheet, "numbers-public");
    assert!(
        public.contains(">公的な相談窓口（電話）</h2>"),
        "its sheet_title"
    );
    assert!(public.contains("03-3446-0999") && !public.contains(">188<"));
    let own = section(&sheet, "numbers-own");
    assert!(
        own.contains(">自社の窓口</h2>"),
        "no sheet_title: its title"
    );
    assert!(own.contains(">188<"));
    assert!(!sheet.contains("そのほか"), "every window has a group");
}

#[test]
fn a_group_without_numbers_or_unlisted_windows_has_no_section() {
    let guide = Guide::good();
    guide.append(GUIDE, GROUPS);
    for owner in ["消費者庁", "国民生活センター", "警察"] {
        put_in_group(&guide, owner, "public");
    }
    put_in_group(&guide, "商品を発送したショップ", "own");
    put_in_group(&guide, "楽天市場", "own");
    guide.build().ok();
    let home = guide.read("output/index.html");
    assert!(
        !home.contains("group-own"),
        "its windows are on their situations' pages"
    );
    assert!(section(&home, "group-public").contains("188"));
}

#[test]
fn windows_that_name_no_group_are_in_the_group_other_titled_by_labels() {
    let guide = Guide::good();
    guide.build().ok();
    let home = guide.read("output/index.html");
    let other = section(&home, "group-other");
    assert!(other.contains(">そのほかの窓口</h2>"), "{other}");
    assert!(other.contains("188") && other.contains("#9110"));
    let sheet = guide.read("output/cheatsheet/index.html");
    assert!(section(&sheet, "numbers-other").contains(">そのほかの電話窓口</h2>"));
    assert!(
        !home.contains("被害にあったときの相談先") && !sheet.contains("公的な相談窓口"),
        "nothing calls a window with a phone a public body"
    );
}

#[test]
fn the_group_other_takes_the_titles_it_is_declared_with() {
    let guide = Guide::good();
    guide.append(
        GUIDE,
        "groups:\n  - id: other\n    title: 相談できる窓口\n    sheet_title: 電話で相談\n",
    );
    guide.build().ok();
    let home = guide.read("output/index.html");
    assert!(section(&home, "group-other").contains(">相談できる窓口</h2>"));
    assert!(!home.contains("そのほかの窓口"));
    let sheet = guide.read("output/cheatsheet/index.html");
    assert!(section(&sheet, "numbers-other").contains(">電話で相談</h2>"));
}

#[test]
fn an_unknown_group_is_an_error_with_did_you_mean() {
    // `public` is named by no channel but the mistyped one: that follows from the typo, so it
    // is not reported again.
    bad_with(|guide| {
        guide.append(GUIDE, GROUPS);
        put_in_group(guide, "消費者庁", "own");
        put_in_group(guide, "国民生活センター", "publc");
    })
    .only_error("no group with id `publc`", "content/guide.yaml:44:12")
    .help("did you mean `public`?");
}

#[test]
fn a_group_nobody_declared_is_an_error_even_without_groups() {
    bad_with(|guide| put_in_group(guide, "消費者庁", "public"))
        .only_error("no group with id `public`", "content/guide.yaml:35:12")
        .help("declare it under `groups:`");
}

#[test]
fn group_ids_are_well_formed_and_unique() {
    bad(
        GUIDE,
        "- 188に電話します。\n",
        &format!("- 188に電話します。\n{GROUPS}  - id: own\n    title: x\n"),
    )
    .error("group id `own` is used twice", "content/guide.yaml:83:9");
    bad_with(|guide| {
        guide.append(GUIDE, "groups:\n  - id: Public\n    title: 公的\n");
        put_in_group(guide, "消費者庁", "Public");
    })
    .only_error(
        "group id `Public` is not allowed",
        "content/guide.yaml:79:9",
    );
}

#[test]
fn a_group_no_channel_names_is_a_warning_and_an_error_under_strict() {
    let guide = Guide::good();
    guide.append(GUIDE, "groups:\n  - id: public\n    title: 公的な相談先\n");
    let run = guide.build().code(0);
    run.warning("group `public` has no channel", "content/guide.yaml:78:9")
        .help("give its channels `group: public`");
    guide
        .run(&["build", "--strict"])
        .code(1)
        .error("group `public` has no channel", "content/guide.yaml:78:9");
}

#[test]
fn a_mistyped_group_field_is_an_error_at_its_key() {
    bad(
        GUIDE,
        "- 188に電話します。\n",
        "- 188に電話します。\ngroups:\n  - id: own\n    titel: 自社\n",
    )
    .error("unknown field `titel`", "content/guide.yaml:79:5")
    .help("did you mean `title`?");
}
