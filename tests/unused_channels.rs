//! A channel no situation lists and no article names is a warning (an error under `--strict`),
//! except where a mistyped id was meant for it.

mod common;

use common::*;

const SPARE: &str = r#"
  - id: spare
    name: 予備の窓口
    kind: web
    owner: 楽天市場
    how: 公式サイトから問い合わせます。
    url: https://event.rakuten.co.jp/guide/
    source: { url: "https://event.rakuten.co.jp/guide/", title: "楽天市場 ご利用ガイド", checked: 2026-11-20 }
"#;

/// The good guide with the `spare` channel added after the last one.
fn with_spare() -> Guide {
    let guide = Guide::good();
    guide.replace(GUIDE, "\nsituations:\n", &format!("{SPARE}\nsituations:\n"));
    guide
}

const SPARE_AT: &str = "content/guide.yaml:57:9";

#[test]
fn a_channel_nothing_uses_is_a_warning_and_an_error_under_strict() {
    let guide = with_spare();
    let run = guide.build().code(0);
    run.warning(
        "channel `spare` is used by no situation and no article",
        SPARE_AT,
    )
    .help("{{ window(id=\"spare\") }}");
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    guide.run(&["build", "--strict"]).code(1).error(
        "channel `spare` is used by no situation and no article",
        SPARE_AT,
    );
    guide.check().code(0).warning("channel `spare`", SPARE_AT);
}

#[test]
fn a_channel_a_situation_lists_or_an_article_names_is_used() {
    let guide = with_spare();
    guide.replace(
        GUIDE,
        "also: [ichiba-support]",
        "also: [ichiba-support, spare]",
    );
    guide.build().ok();
    let guide = with_spare();
    guide.append(FAQ_MD, "\n予備は{{ window(id='spare') }}です。\n");
    guide.build().ok();
}

#[test]
fn the_channel_a_typo_was_meant_for_is_not_also_unused() {
    // In a situation…
    let guide = with_spare();
    guide.replace(
        GUIDE,
        "also: [ichiba-support]",
        "also: [ichiba-support, sapre]",
    );
    let run = guide.build().code(1);
    run.only_error("no channel with id `sapre`", "content/guide.yaml:70:28");
    // …and in an article.
    let guide = with_spare();
    guide.append(FAQ_MD, "\n予備は{{ window(id=\"spare-\") }}です。\n");
    let run = guide.build().code(1);
    run.error_anywhere("no window with id `spare-`");
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
}

#[test]
fn an_article_that_names_a_channel_counts_when_the_guide_has_an_error_and_nothing_renders() {
    // delivery.md claims a situation the guide lacks: an error found before anything renders,
    // so each article is checked on its own, and what it names still counts.
    let broken = |guide: &Guide| {
        guide.replace(DELIVERY_MD, "situation: delivery", "situation: nowhere");
    };
    let guide = with_spare();
    broken(&guide);
    guide.append(FAQ_MD, "\n予備は{{ window(id=\"spare\") }}です。\n");
    let run = guide.build().code(1);
    run.error_anywhere("no situation with id `nowhere`");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    // Without the article's reference, the same build warns of the window.
    let guide = with_spare();
    broken(&guide);
    let run = guide.build().code(1);
    run.warning(
        "channel `spare` is used by no situation and no article",
        SPARE_AT,
    );
}

#[test]
fn serve_counts_what_an_unchanged_article_names_on_every_rebuild() {
    use madoguchi::pipeline::{BuildOptions, Changes, Session};
    use madoguchi::report::Report;
    let guide = with_spare();
    guide.append(FAQ_MD, "\n予備は{{ window(id=\"spare\") }}です。\n");
    let options = BuildOptions {
        root: guide.root().to_path_buf(),
        out: Some(guide.out()),
        theme: None,
        strict: false,
        drafts: false,
        print: None,
        online: None,
    };
    let mut session = Session::default();
    let unused = |report: &Report| {
        (report.diagnostics.iter())
            .filter(|d| d.message.contains("is used by no situation"))
            .count()
    };
    let mut rebuild = |changes: Changes| {
        let mut report = Report::default();
        session.rebuild(&options, &mut report, &changes);
        assert_eq!(report.error_count(), 0, "{:?}", report.diagnostics);
        unused(&report)
    };
    assert_eq!(rebuild(Changes::Everything), 0);
    // Another article edited: faq.md is not checked again, and its reference still counts.
    guide.append(DELIVERY_MD, "\n追記です。\n");
    let edited = |file: &str| Changes::of(guide.root(), &[guide.path(file)]);
    assert_eq!(rebuild(edited(DELIVERY_MD)), 0);
    // faq.md no longer names it: the warning comes.
    guide.replace(FAQ_MD, "{{ window(id=\"spare\") }}", "予備");
    assert_eq!(rebuild(edited(FAQ_MD)), 1);
}
