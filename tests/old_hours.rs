//! Old hours: a mention of hours a window had in the published `data.json` and has no longer
//! is an error that names the window, like an old number (`tests/changes.rs`).

mod common;

use common::*;

const OLD_HOURS: &str = "`平日11:00〜13:00` was `kokusen-lunch`'s hours until this change; update this mention, or write it as `{{ window(id=\"kokusen-lunch\", field=\"hours\") }}`";

/// The good guide built (so `data.json` is published), then `kokusen-lunch`'s hours changed.
fn hours_changed() -> Guide {
    let guide = Guide::good();
    guide.build().ok();
    guide.replace(GUIDE, "hours: 平日11:00〜13:00", "hours: 平日10:00〜12:00");
    guide
}

fn errors_with(run: &Run, start: &str) -> Vec<Printed> {
    (run.diagnostics().into_iter())
        .filter(|d| d.message.starts_with(start))
        .collect()
}

#[test]
fn old_hours_in_an_article_are_named_as_the_window_s_old_hours() {
    let guide = hours_changed();
    guide.append(
        FAQ_MD,
        "\nお昼の窓口は平日11:00〜13:00に受け付けています。\n",
    );
    let run = guide.build().code(1);
    let d = run.only_error(OLD_HOURS, "content/articles/faq.md:15:7");
    assert!(
        d.text.contains("which are now `平日10:00〜12:00`"),
        "{}",
        d.text
    );
    // Written as a reference, the page prints the current hours.
    guide.replace(
        FAQ_MD,
        "平日11:00〜13:00に",
        "{{ window(id=\"kokusen-lunch\", field=\"hours\") }}に",
    );
    guide.build().ok();
    assert!(guide
        .read("output/articles/faq.html")
        .contains("平日10:00〜12:00に"));
}

#[test]
fn old_hours_are_found_however_they_are_spaced_or_written_in_full_width() {
    let guide = hours_changed();
    guide.append(
        FAQ_MD,
        "\n受付は 平日 １１：００～１３：００ です。\n\n受付は平日11:00\u{200b}〜13:00です。\n",
    );
    let run = guide.build().code(1);
    let found = errors_with(
        &run,
        "`平日 １１：００～１３：００` was `kokusen-lunch`'s hours",
    );
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert_eq!(
        found[0].location.as_deref(),
        Some("content/articles/faq.md:15:5")
    );
    let hidden = errors_with(
        &run,
        "`平日11:00\u{200b}〜13:00` was `kokusen-lunch`'s hours",
    );
    assert_eq!(
        hidden.len(),
        1,
        "a zero-width space hides nothing: {}",
        run.stderr
    );
}

#[test]
fn old_hours_in_a_guide_field_are_named_at_their_place() {
    let guide = hours_changed();
    guide.replace(
        GUIDE,
        "how: 188に電話します。",
        "how: 188か、平日11:00〜13:00なら国民生活センターへ。",
    );
    guide
        .build()
        .code(1)
        .only_error(OLD_HOURS, "content/guide.yaml:36:15");
}

#[test]
fn current_hours_are_never_old_hours() {
    // The window's new hours extend the old ones: its own field is not a mention.
    let guide = Guide::good();
    guide.build().ok();
    guide.replace(
        GUIDE,
        "hours: 平日11:00〜13:00",
        "hours: 平日11:00〜13:00、土曜10:00〜12:00",
    );
    guide.build().ok();
    // Another window has those hours now: a mention may mean that window.
    let guide = hours_changed();
    guide.replace(
        GUIDE,
        "how: 188に電話します。\n    phone: \"188\"",
        "how: 188に電話します。\n    hours: 平日11:00〜13:00\n    phone: \"188\"",
    );
    guide.append(FAQ_MD, "\n受付は平日11:00〜13:00です。\n");
    guide.build().ok();
}

#[test]
fn without_published_data_nothing_is_old() {
    let guide = Guide::good();
    guide.append(FAQ_MD, "\n受付は平日9:00〜17:00です。\n");
    guide.build().ok();
}

#[test]
fn hours_with_no_time_in_them_are_not_matched() {
    let guide = Guide::good();
    guide.replace(GUIDE, "hours: 平日11:00〜13:00", "hours: 年中無休");
    guide.build().ok();
    guide.replace(GUIDE, "hours: 年中無休", "hours: 平日11:00〜13:00");
    guide.append(FAQ_MD, "\nこのお店は年中無休です。\n");
    guide.build().ok();
}

#[test]
fn the_hours_of_a_removed_window_say_the_window_is_gone() {
    let guide = Guide::good();
    guide.build().ok();
    guide.replace(GUIDE, "    hours: 平日11:00〜13:00\n", "");
    guide.append(FAQ_MD, "\n受付は平日11:00〜13:00です。\n");
    let run = guide.build().code(1);
    let d = run.only_error(OLD_HOURS, "content/articles/faq.md:15:4");
    assert!(d.text.contains("which has no hours now"), "{}", d.text);
}

#[test]
fn look_alike_digits_do_not_hide_old_hours() {
    let guide = hours_changed();
    guide.append(FAQ_MD, "\n受付は平日𝟏𝟏:𝟎𝟎〜𝟏𝟑:𝟎𝟎です。\n");
    let run = guide.build().code(1);
    let found = errors_with(&run, "`平日𝟏𝟏:𝟎𝟎〜𝟏𝟑:𝟎𝟎` was `kokusen-lunch`'s hours");
    assert_eq!(found.len(), 1, "{}", run.stderr);
}

#[test]
fn hours_with_one_number_are_common_words_not_old_hours() {
    let guide = Guide::good();
    guide.replace(GUIDE, "hours: 平日11:00〜13:00", "hours: 24時間");
    guide.build().ok();
    guide.replace(GUIDE, "hours: 24時間", "hours: 平日11:00〜13:00");
    guide.append(FAQ_MD, "\nチャットは24時間使えます。\n");
    guide.build().ok();
}
