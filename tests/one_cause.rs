//! One cause, one error: a problem is reported once, where it is, and nothing that only follows
//! from it is reported again (as rustc suppresses follow-on errors). Each test counts the
//! diagnostics, so a follow-on error coming back fails it.

mod common;

use common::*;

/// The consumer hotline's `checked`, in the good guide.
const HOTLINE_CHECKED: &str = "title: \"消費者ホットライン\", checked: 2026-11-20";
const HOTLINE_CHECKED_AT: &str = "content/guide.yaml:38:147";

#[test]
fn a_mistyped_checked_date_on_a_phone_channel_is_one_error() {
    // The hotline's number 188 is printed by its own `phone:`, its `how:`, a `tel:` link and a
    // reference in faq.md: none of them is a second error, since fixing the date vets it.
    let run = bad(
        GUIDE,
        HOTLINE_CHECKED,
        "title: \"消費者ホットライン\", checked: 2026/11/30",
    );
    run.only_error("`checked` is not a date", HOTLINE_CHECKED_AT)
        .help("2026-11-27");
    assert!(
        run.stderr.contains("failed: 1 error, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_phone_channel_with_an_unofficial_source_is_one_error() {
    let run = bad(
        GUIDE,
        r#"url: "https://www.caa.go.jp/policies/policy/local_cooperation/local_consumer_administration/hotline/""#,
        r#"url: "https://www.caa.example/hotline/""#,
    );
    run.only_error(
        "source URL is not an official https page",
        "content/guide.yaml:38:20",
    );
}

#[test]
fn an_unvetted_number_of_no_channel_is_still_an_error_beside_a_broken_source() {
    // The suppression covers the broken channel's own number only: a fake number elsewhere is
    // its own cause.
    let run = bad_with(|guide| {
        guide.replace(
            GUIDE,
            HOTLINE_CHECKED,
            "title: \"消費者ホットライン\", checked: 2026/11/30",
        );
        guide.replace(
            DELIVERY_MD,
            "購入履歴を開きます。",
            "0120-000-000 に電話します。",
        );
    });
    run.error("`checked` is not a date", HOTLINE_CHECKED_AT);
    run.error(
        "phone number `0120-000-000` is not the number of any vetted channel",
        "content/articles/delivery.md:7:1",
    );
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);
}

#[test]
fn bad_front_matter_does_not_make_the_article_missing() {
    // delivery.md is the `article:` of a situation, and faq.md links it.
    let run = bad_with(|guide| {
        guide.replace(
            DELIVERY_MD,
            "situation: delivery\n",
            "situation: delivery\nauthor: me\n",
        );
        guide.append(FAQ_MD, "\n[配送](@/delivery.md)\n");
    });
    run.only_error("unknown field `author`", "content/articles/delivery.md:4:1");
}

#[test]
fn a_renamed_article_is_one_error_that_names_its_new_name() {
    let run = bad_with(|guide| {
        let text = guide.read(DELIVERY_MD);
        guide.remove(DELIVERY_MD);
        guide.write("content/articles/shipping.md", text);
    });
    run.only_error(
        "no article `content/articles/delivery.md`",
        "content/guide.yaml:67:14",
    )
    .help("did you mean `shipping`? (content/articles/shipping.md says `situation: delivery`)");
}

#[test]
fn two_articles_claiming_one_situation_are_still_an_error() {
    // The other side: a real second claim is reported.
    let run = bad_with(|guide| {
        guide.write(
            "content/articles/more.md",
            "---\ntitle: もっと\nsituation: delivery\n---\n本文。\n",
        );
    });
    run.only_error(
        "situation `delivery` already shows article `delivery`",
        "content/articles/more.md:3:12",
    );
}

#[test]
fn counts_are_pluralised() {
    let one = bad(GUIDE, "first: [shop-message]", "first: [nobody]");
    assert!(
        one.stderr.contains("failed: 1 error, 0 warnings"),
        "{}",
        one.stderr
    );
    let two = bad(GUIDE, "first: [shop-message]", "first: [nobody, noone]");
    assert!(
        two.stderr.contains("failed: 2 errors, 0 warnings"),
        "{}",
        two.stderr
    );
    // A stale source is a warning: the build passes and says how many.
    let guide = Guide::good();
    guide.replace(
        GUIDE,
        HOTLINE_CHECKED,
        "title: \"消費者ホットライン\", checked: 2000-01-01",
    );
    let run = guide.build().code(0);
    assert!(run.stderr.contains("pages into"), "{}", run.stderr);
    assert!(run.stderr.contains("(1 warning)"), "{}", run.stderr);
}

#[test]
fn a_failed_first_build_does_not_speak_of_a_previous_output() {
    let guide = Guide::good();
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    let run = guide.build().code(1);
    assert!(
        run.stderr.contains("failed: 1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("previous output"), "{}", run.stderr);
    // After a good build, a failed one says the output was kept.
    guide.replace(GUIDE, "first: [nobody]", "first: [shop-message]");
    guide.build().ok();
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    let run = guide.build().code(1);
    assert!(
        run.stderr
            .contains("the previous output was left untouched"),
        "{}",
        run.stderr
    );
}
