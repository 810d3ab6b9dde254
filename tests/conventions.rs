//! The conventions of a good web page, on every page the bundled guide publishes: an SVG
//! favicon, `robots.txt`, a description and OpenGraph tags, `theme-color`, a skip link first,
//! dark mode on screen only (with readable contrast) and borders under forced colours.
//!
//! Lighthouse scores are judged outside `cargo test`, by `benches/lighthouse.sh` (CI runs it).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Guide, GUIDE};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled guide, built (with `edit` applied to its guide.yaml text first): its pages by
/// path.
fn bundled_pages(edit: impl FnOnce(String) -> String) -> (Guide, BTreeMap<String, String>) {
    let guide = Guide::empty();
    common::copy_dir(&repo().join("content"), &guide.root().join("content"));
    let yaml = std::fs::read_to_string(guide.path(GUIDE)).unwrap();
    guide.write(GUIDE, edit(yaml));
    guide.build().ok();
    let pages = (guide.output().into_iter())
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    (guide, pages)
}

/// The `content` of the first `<meta>` whose `attribute` is `name` (the templates write
/// attributes in this order).
fn meta<'p>(page: &'p str, attribute: &str, name: &str) -> Option<&'p str> {
    let tag = format!("<meta {attribute}=\"{name}\" content=\"");
    let from = page.find(&tag)? + tag.len();
    Some(&page[from..from + page[from..].find('"')?])
}

#[test]
fn every_page_has_a_favicon_a_description_opengraph_tags_and_a_theme_colour() {
    let (guide, pages) = bundled_pages(|yaml| yaml);
    assert!(pages.len() >= 15, "{:?}", pages.keys());
    for (path, page) in &pages {
        let root = "../".repeat(path.matches('/').count());
        assert!(
            page.contains(&format!(
                "<link rel=\"icon\" href=\"{root}favicon.svg\" type=\"image/svg+xml\">"
            )),
            "{path}: no favicon link"
        );
        let description = meta(page, "name", "description").unwrap_or_default();
        assert!(description.chars().count() > 10, "{path}: no description");
        assert_eq!(
            meta(page, "property", "og:description"),
            Some(description),
            "{path}"
        );
        let og_title = meta(page, "property", "og:title").unwrap_or_default();
        assert!(!og_title.is_empty(), "{path}: no og:title");
        let title = &page[page.find("<title>").unwrap() + 7..page.find("</title>").unwrap()];
        assert!(title.starts_with(og_title), "{path}: {og_title} / {title}");
        assert_eq!(meta(page, "property", "og:locale"), Some("ja_JP"), "{path}");
        assert_eq!(meta(page, "property", "og:type"), Some("website"), "{path}");
        // Without a public address there is no page address to give.
        assert_eq!(meta(page, "property", "og:url"), None, "{path}");
        assert!(
            page.contains("<meta name=\"theme-color\" content=\"#0b4f8a\""),
            "{path}: no theme-color"
        );
    }
    // The cheat sheet had no description before.
    let sheet = &pages["cheatsheet/index.html"];
    assert!(meta(sheet, "name", "description")
        .unwrap()
        .contains("A4の紙1枚"));
    // The favicon is a picture: shapes only, no text.
    let favicon = guide.read("output/favicon.svg");
    assert!(favicon.starts_with("<svg") && !favicon.contains("<text"));
}

#[test]
fn the_skip_link_is_the_first_thing_to_focus_on_every_page_with_a_header() {
    let (_guide, pages) = bundled_pages(|yaml| yaml);
    let mut with_header = 0;
    for (path, page) in &pages {
        let Some(header) = page.find("<header class=\"site-header\">") else {
            continue;
        };
        with_header += 1;
        let body = &page[page.find("<body").unwrap()..];
        let first_focusable = ["<a ", "<input", "<button", "<select", "<textarea"]
            .iter()
            .filter_map(|tag| body.find(tag))
            .min()
            .unwrap();
        assert!(
            body[first_focusable..].starts_with("<a class=\"skip\" href=\"#main\">本文へ移動</a>"),
            "{path}: {}",
            &body[first_focusable..first_focusable + 60]
        );
        assert!(page.find("<a class=\"skip\"").unwrap() < header, "{path}");
        assert!(page.contains("<main id=\"main\">"), "{path}");
    }
    assert!(with_header >= 12, "{with_header}");
}

#[test]
fn robots_txt_allows_crawling_and_names_the_sitemap_at_a_public_address() {
    let (guide, _) = bundled_pages(|yaml| yaml);
    assert_eq!(guide.read("output/robots.txt"), "User-agent: *\nAllow: /\n");

    let (guide, pages) =
        bundled_pages(|yaml| format!("base_url: https://guide.example.jp/madoguchi/\n{yaml}"));
    assert_eq!(
        guide.read("output/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://guide.example.jp/madoguchi/sitemap.xml\n"
    );
    assert_eq!(
        meta(&pages["situations/card.html"], "property", "og:url"),
        Some("https://guide.example.jp/madoguchi/situations/card.html")
    );
    assert_eq!(
        meta(&pages["index.html"], "property", "og:url"),
        Some("https://guide.example.jp/madoguchi/")
    );
}

#[test]
fn a_theme_may_publish_its_own_robots_txt_and_it_is_read_like_its_other_files() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/static/robots.txt",
        "User-agent: *\nDisallow: /\n",
    );
    guide.run(&["build", "--theme", "mine"]).ok();
    assert_eq!(
        guide.read("output/robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );

    // Its text is checked like any text the site publishes.
    let guide = Guide::good();
    guide.write(
        "themes/mine/static/robots.txt",
        "# 困ったら 0120-444-4444 へ\nUser-agent: *\n",
    );
    let run = guide.run(&["build", "--theme", "mine"]).code(1);
    run.error_anywhere("01204444444").mentions("robots.txt");
}

#[test]
fn an_english_guide_says_its_locale_in_english() {
    let guide = Guide::good();
    guide.replace(GUIDE, "lang: ja", "lang: en");
    // The fixture's own text stays Japanese; only the labels around it change.
    guide.build().ok();
    let index = guide.read("output/index.html");
    assert_eq!(meta(&index, "property", "og:locale"), Some("en_US"));
    let sheet = guide.read("output/cheatsheet/index.html");
    assert!(meta(&sheet, "name", "description")
        .unwrap()
        .contains("on one sheet of A4"));
}

/// The custom properties of the first rule block that starts at `from` in `css`.
fn colours(css: &str, from: &str) -> BTreeMap<String, String> {
    let start = css.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let block = &css[start..];
    let block = &block[..block.find('}').unwrap()];
    block
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix("--")?.split_once(':')?;
            Some((
                name.to_owned(),
                value.trim().trim_end_matches(';').to_owned(),
            ))
        })
        .collect()
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour a rule of `css` (after `from`) gives `property` for `selector`.
fn rule_colour(css: &str, from: &str, selector: &str, property: &str) -> String {
    let part = &css[css.find(from).unwrap()..];
    let rule = &part[part.find(&format!("{selector} {{")).unwrap()..];
    let rule = &rule[..rule.find('}').unwrap()];
    let at = rule.find(&format!("{property}: ")).unwrap() + property.len() + 2;
    rule[at..at + 7].to_owned()
}

#[test]
fn text_keeps_at_least_4_5_to_1_contrast_in_light_and_dark_mode() {
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let dark_block = "@media screen and (prefers-color-scheme: dark) {";
    let light = colours(&css, ":root {");
    let dark = colours(&css, dark_block);
    for (scheme, colours, header, step) in [
        (
            "light",
            &light,
            light["accent"].clone(),
            light["accent"].clone(),
        ),
        (
            "dark",
            &dark,
            rule_colour(&css, dark_block, ".site-header", "background"),
            rule_colour(&css, dark_block, ".step-no", "background"),
        ),
    ] {
        let pairs = [
            ("ink", &colours["ink"], &colours["paper"]),
            ("muted", &colours["muted"], &colours["paper"]),
            ("muted on tint", &colours["muted"], &colours["tint"]),
            ("ink on tint", &colours["ink"], &colours["tint"]),
            ("links", &colours["accent"], &colours["paper"]),
            ("warnings", &colours["warn-ink"], &colours["warn-bg"]),
            ("header", &"#ffffff".to_owned(), &header),
            ("step numbers", &"#ffffff".to_owned(), &step),
        ];
        for (what, text, background) in pairs {
            let ratio = contrast(text, background);
            assert!(
                ratio >= 4.5,
                "{scheme}: {what} {text} on {background} is {ratio:.2}:1"
            );
        }
    }
    // Every colour role has a dark value, and paper is dark there.
    assert_eq!(
        light.keys().collect::<Vec<_>>(),
        dark.keys().collect::<Vec<_>>()
    );
    assert!(contrast(&dark["paper"], "#000000") < 2.0);
}

#[test]
fn dark_mode_is_for_screens_and_forced_colours_keep_what_backgrounds_set_apart() {
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    // Paper is always light: the dark colours apply on screen only.
    assert_eq!(css.matches("prefers-color-scheme").count(), 1);
    assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
    let forced = &css[css.find("@media (forced-colors: active)").unwrap()..];
    let forced = &forced[..forced.find("\n}").unwrap()];
    for part in [".step-no", ".urgent", ".rules", ".site-header"] {
        assert!(forced.contains(part), "{part}");
    }
    assert!(forced.contains("border: 1px solid CanvasText"));
}
