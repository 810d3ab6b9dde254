//! A build checks each article as it renders it, from the one parse that renders it; when the
//! guide itself has problems nothing renders, and the articles are parsed for their checks
//! alone. These tests hold the first way to what the second finds, and make sure no article
//! goes unchecked.

mod common;

use std::path::Path;

use common::{Guide, CONTACT_MD, DELIVERY_MD, FAQ_MD, GUIDE};
use madoguchi::check::check_site;
use madoguchi::date::Date;
use madoguchi::diagnostic::Diagnostic;
use madoguchi::load::load_site;
use madoguchi::pipeline::{build, BuildOptions};
use madoguchi::report::Report;

/// A problem in each article (the one a situation page shows among them), of each kind the
/// article rules find: an unvetted number, a reference to no window, a link that leads
/// nowhere, a link off the official domains and a window's name in prose (warnings), a
/// relative link and a `tel:` link to an unvetted number.
fn break_every_article(guide: &Guide) {
    guide.append(
        FAQ_MD,
        "\n問い合わせは 0120-000-111 へ。{{ window(id=\"nobody\") }}\n",
    );
    guide.append(
        DELIVERY_MD,
        "\n[どこか](@/nowhere.md)と[ほかのサイト](https://example.com/)。消費者ホットラインへ。\n",
    );
    guide.append(
        CONTACT_MD,
        "\n[前のページ](../faq.md)と[電話](tel:0120-000-222)。\n",
    );
}

/// What a build of `root` with `theme` reported (`check`: nothing is written).
fn build_report(root: &Path, theme: &str) -> (bool, Report) {
    let options = BuildOptions {
        theme: Some(theme.into()),
        ..BuildOptions::new(root, None)
    };
    let mut report = Report::default();
    let built = build(&options, &mut report).is_some();
    (built, report)
}

/// What every rule finds in `root`, each article parsed for its checks alone.
fn checked_alone(root: &Path) -> Vec<Diagnostic> {
    let mut report = Report::default();
    let site = load_site(root, &mut report).expect("the guide loads");
    check_site(&site, &report.sources, Date::today(), None)
}

/// Diagnostics as comparable lines: severity, file, place and message, sorted.
fn lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut lines: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {} {:?} {}",
                d.severity,
                d.file.as_deref().unwrap_or(Path::new("")).display(),
                d.span,
                d.message
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_build_finds_in_articles_what_checking_them_alone_finds() {
    let guide = Guide::good();
    break_every_article(&guide);
    let (built, report) = build_report(guide.root(), "default");
    assert!(!built);
    let found = lines(&report.diagnostics);
    assert_eq!(found, lines(&checked_alone(guide.root())));
    for expected in [
        "faq.md",
        "phone number `0120-000-111` is not the number of any vetted channel",
        "no window with id `nobody`",
        "delivery.md",
        "`消費者ホットライン` is the name of window `consumer-hotline`",
        "link to `@/nowhere.md` leads nowhere",
        "link to a page outside the official domains",
        "contact.md",
        "relative link `../faq.md`",
        "`tel:` link to an unvetted number `0120-000-222`",
    ] {
        assert!(
            found.iter().any(|line| line.contains(expected)),
            "`{expected}` missing from {found:#?}"
        );
    }
}

#[test]
fn with_a_problem_in_the_guide_the_articles_are_still_checked() {
    let guide = Guide::good();
    break_every_article(&guide);
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    let (built, report) = build_report(guide.root(), "default");
    assert!(!built);
    let found = lines(&report.diagnostics);
    assert_eq!(found, lines(&checked_alone(guide.root())));
    assert!(found
        .iter()
        .any(|l| l.contains("no channel with id `nobody`")));
    assert!(found.iter().any(|l| l.contains("leads nowhere")));
    assert!(found.iter().any(|l| l.contains("0120-000-111")));
}

#[test]
fn when_a_template_fails_mid_render_every_article_is_still_checked() {
    let guide = Guide::good();
    break_every_article(&guide);
    // Loads (the template parses) but fails when an article page renders.
    guide.write(
        "themes/broken/templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ nosuch.value }}{% endblock main %}",
    );
    let (built, report) = build_report(guide.root(), "broken");
    assert!(!built);
    let found = lines(&report.diagnostics);
    assert!(
        found
            .iter()
            .any(|l| l.contains("template `article.html` failed")),
        "{found:#?}"
    );
    let mut articles_alone = lines(&checked_alone(guide.root()));
    articles_alone.retain(|l| !found.contains(l));
    assert!(
        articles_alone.is_empty(),
        "not reported: {articles_alone:#?}"
    );
}

#[test]
fn an_article_no_page_shows_is_checked_too() {
    // Two articles claim the `delivery` situation, whose page shows only the first. That is
    // an error of its own, but the second article must still be checked.
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "title: よくある質問",
        "title: よくある質問\nsituation: delivery",
    );
    guide.append(FAQ_MD, "\n問い合わせは 0120-000-111 へ。\n");
    // A build never renders a guide with errors, so the second article is checked on its own.
    let (built, report) = build_report(guide.root(), "default");
    assert!(!built);
    let found = lines(&report.diagnostics);
    assert!(
        found.iter().any(|l| l.contains("already shows article")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|l| l.contains("faq.md") && l.contains("0120-000-111")),
        "{found:#?}"
    );
}
