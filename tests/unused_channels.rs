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
