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
fn under_strict_an_unused_window_is_reported_with_what_the_render_finds_and_the_output_stays() {
    // The unused-window check runs once every article is checked, as its page renders: under
    // `--strict` the render still runs (into a staging folder that is dropped), so a number
    // only the published-page scan finds is reported in the same run.
    let guide = with_spare();
    guide.build().code(0);
    let before = guide.output();
    guide.replace(
        GUIDE,
        "summary: まずショップに問い合わせます。",
        "summary: まずショップに問い合わせます。abc0120-444-4444xyz",
    );
    let run = guide.run(&["build", "--strict"]).code(1);
    run.error(
        "channel `spare` is used by no situation and no article",
        SPARE_AT,
    );
    run.error(
        "number `01204444444` is published, but it is not the number of any vetted channel",
        "content/guide.yaml:68:32",
    );
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    assert!(
        guide.output() == before,
        "a failed build left the output as it was"
    );
}

/// After each step of an editing session, `serve`'s rebuild warns of exactly the unused windows
/// a fresh `check` of the same files warns of.
#[test]
fn serve_warns_of_the_unused_windows_a_fresh_check_does_after_every_edit() {
    use madoguchi::pipeline::{BuildOptions, Changes, Session};
    use madoguchi::report::Report;
    let guide = with_spare();
    // faq.md names the window: an edit of another article leaves faq.md unchecked, and what
    // it names must still count (serve's memo keeps it).
    guide.append(FAQ_MD, "\n予備は{{ window(id=\"spare\") }}です。\n");
    let options = BuildOptions::new(guide.root(), Some(&guide.out()));
    let mut session = Session::default();
    const NEW_MD: &str = "content/articles/new.md";
    const FAQ2_MD: &str = "content/articles/faq2.md";
    let mut step = |name: &str, edited: &[&str]| {
        let changes = match edited {
            [] => Changes::Everything,
            files => Changes::of(
                guide.root(),
                &files.iter().map(|f| guide.path(f)).collect::<Vec<_>>(),
            ),
        };
        let mut report = Report::default();
        session.rebuild(&options, &mut report, &changes);
        let served: Vec<String> = (report.diagnostics.iter())
            .filter(|d| d.message.contains("is used by no situation"))
            .map(|d| d.message.clone())
            .collect();
        let fresh: Vec<String> = (guide.check().warnings().into_iter())
            .filter(|w| w.message.contains("is used by no situation"))
            .map(|w| w.message)
            .collect();
        assert_eq!(served, fresh, "after: {name}");
        served.len()
    };
    assert_eq!(step("the first build", &[]), 0);
    guide.append(DELIVERY_MD, "\n追記です。\n");
    assert_eq!(step("another article edited", &[DELIVERY_MD]), 0);
    let text = guide.read(FAQ_MD);
    guide.remove(FAQ_MD).write(FAQ2_MD, &text);
    assert_eq!(step("the naming article renamed", &[FAQ_MD, FAQ2_MD]), 0);
    guide.remove(FAQ2_MD);
    assert_eq!(step("the naming article deleted", &[FAQ2_MD]), 1);
    guide.write(
        NEW_MD,
        "---\ntitle: 新しい記事\n---\n{{ window(id=\"spare\") }}\n",
    );
    assert_eq!(step("a new article names it", &[NEW_MD]), 0);
    guide.replace(GUIDE, "id: spare\n", "id: spare2\n");
    step("the window's id renamed", &[GUIDE]);
    guide.replace(GUIDE, "id: spare2\n", "id: spare\n");
    assert_eq!(step("and back", &[GUIDE]), 0);
    guide.replace(
        NEW_MD,
        "title: 新しい記事\n",
        "title: 新しい記事\ndraft: true\n",
    );
    assert_eq!(step("the naming article made a draft", &[NEW_MD]), 1);
    guide.replace(NEW_MD, "draft: true\n", "");
    assert_eq!(step("and published again", &[NEW_MD]), 0);
    guide.write(
        NEW_MD,
        "---\ntitle: [unclosed\n---\n{{ window(id=\"spare\") }}\n",
    );
    step("the naming article fails to load", &[NEW_MD]);
    guide.write(NEW_MD, "---\ntitle: 直した\n---\nなし\n");
    assert_eq!(step("fixed, naming nothing", &[NEW_MD]), 1);
    assert_eq!(step("everything again", &[]), 1);
}
