//! Themes you can start from: `theme export`, `theme:` in guide.yaml (and `--theme` over it),
//! `extra.css` and a partial `style.css` that keep the built-in rules, unknown templates and
//! theme names with did-you-mean, and template errors at their place.

mod common;

use common::{Guide, GUIDE};

const LANG: &str = "lang: ja\n";

fn pages(guide: &Guide) -> Vec<(String, Vec<u8>)> {
    guide
        .output()
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .collect()
}

#[test]
fn theme_export_writes_the_built_in_theme_which_builds_the_same_pages() {
    let guide = Guide::good();
    guide.build().ok();
    let built_in = pages(&guide);
    let run = guide.run(&["theme", "export", "mine"]).code(0);
    assert!(
        run.stderr.contains("themes/mine/templates/situation.html"),
        "{}",
        run.stderr
    );
    assert!(guide
        .read("themes/mine/static/style.css")
        .starts_with("/* madoguchi: replaces the built-in stylesheet */\n"));
    guide.run(&["build", "--theme", "mine"]).ok();
    assert_eq!(
        pages(&guide),
        built_in,
        "an exported theme renders the same pages"
    );
    // No overwriting without --force; with it, only the exported files are written.
    guide.write("themes/mine/templates/index.html", "edited");
    guide.write("themes/mine/notes.txt", "mine");
    let run = guide.run(&["theme", "export", "mine"]).code(2);
    assert!(
        run.stderr.contains("it exists; pass --force"),
        "{}",
        run.stderr
    );
    assert_eq!(guide.read("themes/mine/templates/index.html"), "edited");
    guide.run(&["theme", "export", "mine", "--force"]).code(0);
    assert_ne!(guide.read("themes/mine/templates/index.html"), "edited");
    assert_eq!(guide.read("themes/mine/notes.txt"), "mine");
    guide.run(&["theme", "export", "../x"]).code(2);
    let missing = guide.path("no-such-guide");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["theme", "export", "x", "--root"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no such folder"));
    assert!(!missing.exists(), "a mistyped --root creates nothing");
}

fn two_themes() -> Guide {
    let guide = Guide::good();
    guide.write(
        "themes/mine/templates/404.html",
        "<!doctype html><title>mine</title><p>MINE</p>",
    );
    guide.write(
        "themes/other/templates/404.html",
        "<!doctype html><title>other</title><p>OTHER</p>",
    );
    guide
}

#[test]
fn theme_in_guide_yaml_chooses_the_theme_and_the_flag_overrides_it() {
    let guide = two_themes();
    guide.replace(GUIDE, LANG, "lang: ja\ntheme: mine\n");
    guide.build().ok();
    assert!(guide.read("output/404.html").contains("MINE"));
    guide.run(&["build", "--theme", "other"]).ok();
    assert!(guide.read("output/404.html").contains("OTHER"));
}

#[test]
fn an_unknown_theme_is_an_error_with_did_you_mean() {
    let guide = two_themes();
    guide.replace(GUIDE, LANG, "lang: ja\ntheme: mien\n");
    guide
        .build()
        .code(1)
        .only_error("theme `mien` not found", "content/guide.yaml:4:8")
        .mentions("did you mean `mine`?");
    let guide = two_themes();
    let run = guide.run(&["build", "--theme", "othr"]).code(2);
    assert!(
        run.stderr.contains("error: theme `othr` not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `other`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn extra_css_is_linked_after_the_built_in_stylesheet() {
    let guide = Guide::good();
    guide.build().ok();
    assert!(!guide.read("output/index.html").contains("extra.css"));
    guide.write(
        "themes/mine/static/extra.css",
        ".channel { border-width: 3px; }",
    );
    guide.run(&["build", "--theme", "mine"]).ok();
    for page in [
        "output/index.html",
        "output/situations/delivery.html",
        "output/print.html",
    ] {
        let html = guide.read(page);
        let (style, extra) = (
            html.find("style.css").unwrap(),
            html.find("extra.css\"").unwrap(),
        );
        assert!(style < extra, "{page}");
    }
    assert_eq!(
        guide.read("output/extra.css"),
        ".channel { border-width: 3px; }"
    );
}

#[test]
fn a_themes_own_style_css_adds_to_the_built_in_rules() {
    let guide = Guide::good();
    guide.build().ok();
    let built_in = guide.read("output/style.css");
    guide.write("themes/mine/static/style.css", ".phone { color: red; }");
    guide.run(&["build", "--theme", "mine"]).ok();
    let style = guide.read("output/style.css");
    assert!(style.starts_with(&built_in), "the built-in rules stay");
    assert!(style.ends_with(".phone { color: red; }"));
}

#[test]
fn a_template_no_page_uses_is_a_warning_with_did_you_mean() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/templates/situations.html",
        "{% extends \"base.html\" %}",
    );
    let run = guide.run(&["build", "--theme", "mine"]).code(0);
    let warning = run.warnings();
    assert_eq!(warning.len(), 1, "{}", run.stderr);
    assert!(warning[0]
        .message
        .contains("theme template `situations.html` is not a template madoguchi renders"));
    assert!(
        warning[0].text.contains("did you mean `situation.html`?"),
        "{}",
        run.stderr
    );
    // A partial that a template of the theme includes is used.
    let guide = Guide::good();
    guide.write("themes/mine/templates/notice.html", "<p>notice</p>");
    guide.write(
        "themes/mine/templates/404.html",
        "<!doctype html><title>x</title>{% include \"notice.html\" %}",
    );
    guide.run(&["build", "--theme", "mine"]).ok();
}

#[test]
fn template_errors_point_at_their_place() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ site.title }</p>\n{% endblock %}\n",
    );
    guide
        .run(&["build", "--theme", "mine"])
        .code(1)
        .only_error(
            "theme `mine` has a template error",
            "themes/mine/templates/index.html:3:18",
        )
        .mentions("expected }}");
    guide.write(
        "themes/mine/templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ site.nope.x }}</p>\n{% endblock %}\n",
    );
    guide
        .run(&["build", "--theme", "mine"])
        .code(1)
        .error(
            "template `index.html` failed to render `index.html`",
            "themes/mine/templates/index.html:3:12",
        )
        .mentions("Field `nope` is not defined");
}

/// Hidden files in a theme (`.DS_Store`, `.git/`, an editor's swap file) are not published
/// and are not templates; `.well-known/` is published on purpose.
#[test]
fn hidden_files_in_a_theme_are_skipped_but_well_known_is_published() {
    let guide = Guide::good();
    guide.write("themes/mine/static/.DS_Store", "\0\0\0\x01Bud1");
    guide.write("themes/mine/static/.git/config", "[core]\n");
    guide.write("themes/mine/static/img/.hidden.png", "x");
    guide.write(
        "themes/mine/static/.well-known/security.txt",
        "Contact: https://www.rakuten.co.jp/\n",
    );
    guide.write("themes/mine/static/logo.css", ".logo { color: red; }");
    guide.write("themes/mine/templates/.situation.html.swp", "b0VIM");
    let run = guide.run(&["build", "--theme", "mine", "--strict"]).ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert!(guide.path("output/logo.css").is_file());
    assert!(guide.path("output/.well-known/security.txt").is_file());
    for hidden in [".DS_Store", ".git/config", "img/.hidden.png"] {
        assert!(
            !guide.path(&format!("output/{hidden}")).exists(),
            "{hidden}"
        );
    }
}

#[test]
fn a_stylesheet_may_not_show_digits_the_checks_cannot_read_or_reorder_text() {
    // Each of these made the pages show 0120-444-4444 with exit 0 (break-it, this round).
    let cases = [
        (
            "h1 { counter-reset: a 120 b 444 c 4444 } h1::after { content: \"0\" counter(a) \"-\" counter(b) \"-\" counter(c) }",
            "`counter()`",
        ),
        (
            "main p:last-of-type { unicode-bidi: bidi-override; direction: rtl }",
            "`direction: rtl`",
        ),
        (
            "main p:last-of-type { display: flex; flex-direction: row-reverse }",
            "`flex-direction: row-reverse`",
        ),
        ("main p span { order: 2 }", "`order: 2`"),
        (
            "@counter-style fake { system: cyclic; symbols: \"☎\" }",
            "`@counter-style`",
        ),
    ];
    for (css, named) in cases {
        let guide = Guide::good();
        guide.write("themes/mine/static/extra.css", css);
        let run = guide.run(&["build", "--theme", "mine"]).code(1);
        run.error_anywhere("can show digits the checks cannot read")
            .mentions(named)
            .mentions("themes/mine/static/extra.css");
        assert!(!guide.out().exists(), "{css}");
    }
    // Strings a reader sees outside `content:`, and numbers spelt in words, are read.
    for css in [
        "h1 { quotes: \"0120-444-4444\" \"\" } h1::before { content: open-quote }",
        "main li { list-style-type: \"0120-444-4444 \" }",
        "h1::after { content: \"ゼロイチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン\" }",
    ] {
        let guide = Guide::good();
        guide.write("themes/mine/static/extra.css", css);
        let run = guide.run(&["build", "--theme", "mine"]).code(1);
        run.error_anywhere("01204444444");
    }
    // Ordinary layout builds.
    let guide = Guide::good();
    guide.write(
        "themes/mine/static/extra.css",
        ".x { display: flex; flex-direction: row; order: 0; direction: ltr } li::marker { content: \"→ \" }",
    );
    guide.run(&["build", "--theme", "mine"]).ok();
}
