//! Script injection: every data field, front-matter field and Markdown link target is tried with a
//! catalogue of payloads. The built HTML, read with a WHATWG tokenizer, contains none of them as
//! live markup: no script elements, no event-handler or style attributes, no `javascript:`,
//! `data:` or `vbscript:` URLs, no frames, objects, `<base>` or refresh.

mod common;

use std::fs;
use std::path::Path;

use common::{html_files, live_markup, text_of, write};
use madoguchi::markdown::{parse, RenderContext};

/// Payloads for text: each tries to become markup, or to be read as a template.
const TEXT_PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<style>*{display:none}</style>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7 * 7 }}{% raw %}{# x #}",
    "\u{2028}<script>alert(1)</script>\u{0}",
];

/// Link targets a browser would run or load as a document, however they are written.
const URL_PAYLOADS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "javascript%3Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "vbscript:msgbox(1)",
    "https://www.example.jp/\"><script>alert(1)</script>",
    "https://www.example.jp/\" onmouseover=\"alert(1)",
    "https://www.example.jp/'><svg onload=alert(1)>",
    "//evil.example/x.js",
];

/// A YAML double-quoted scalar holding `text` exactly.
fn yaml_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A guide with `text` in every free-text field of guide.yaml and the article's front matter
/// and body, and `url` as the channel's `url` (or a safe one when `url` is `None`).
fn guide(root: &Path, text: &str, url: Option<&str>) {
    let t = yaml_quote(text);
    let url = yaml_quote(url.unwrap_or("https://www.example.jp/help"));
    write(
        &root.join("content/guide.yaml"),
        &format!(
            r#"title: {t}
description: {t}
lang: ja
official_domains: [example.jp]
rules: [{t}]
channel_kinds:
  - {{ kind: form, label: {t}, suits: {t}, merits: {t} }}
channels:
  - id: help
    name: {t}
    kind: form
    owner: {t}
    how: {t}
    hours: {t}
    url: {url}
    source: {{ url: "https://www.example.jp/help", title: {t}, checked: 2026-11-01 }}
situations:
  - id: lost
    title: {t}
    summary: {t}
    urgent: {t}
    first: [help]
    steps: [{t}]
    avoid: {t}
    article: lost
"#
        ),
    );
    // The image whose alt text holds the payload: a real file beside the article.
    let png = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/order-history.png");
    fs::create_dir_all(root.join("content/articles")).unwrap();
    fs::copy(png, root.join("content/articles/shot.png")).unwrap();
    let md_text = text.replace('\u{0}', "");
    write(
        &root.join("content/articles/lost.md"),
        &format!(
            "---\ntitle: {t}\nsituation: lost\n---\n## {md_text}\n\n{md_text}\n\n\
             [{md_text}](https://www.example.jp/ \"{title}\") ![図 {md_text}](shot.png)\n\n\
             | {cell} |\n|---|\n| {cell} |\n\n> {md_text}\n\n- {md_text}\n\n`{md_text}`\n\n\
             ```{info}\n{md_text}\n```\n\n[^n]\n\n[^n]: {md_text}\n",
            title = md_text.replace('"', "\\\""),
            cell = md_text.replace('|', "\\|"),
            info = md_text.replace(['`', '\n'], "")
        ),
    );
}

fn build_into(root: &Path, out: &Path) -> (bool, String) {
    let (built, report, text) = common::run_pipeline(root, Some(out));
    (built && report.error_count() == 0, text)
}

#[test]
fn the_detector_finds_live_markup() {
    // The scanner itself must catch what it is meant to catch, or the other tests prove nothing.
    for (html, what) in [
        ("<p><script>x</script>", "<script>"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("<a href=' JaVa\tScRiPt:alert(1)'>x</a>", "javascript:"),
        ("<a href=\"data:text/html,x\">x</a>", "data:"),
        ("<svg onload=alert(1)>", "onload"),
        ("<p style=\"color:red\">", "style"),
        ("<meta http-equiv=refresh content=0>", "refresh"),
        ("<base href=/>", "<base>"),
    ] {
        assert!(!live_markup(html).is_empty(), "missed {what} in {html}");
    }
    assert!(live_markup("<p>&lt;script&gt;alert(1)</p><a href=\"https://x.jp/\">x</a>").is_empty());
}

#[test]
fn text_payloads_in_every_field_stay_text() {
    for payload in TEXT_PAYLOADS {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("guide");
        guide(&root, payload, None);
        let out = tmp.path().join("out");
        let (ok, diagnostics) = build_into(&root, &out);
        if payload.contains("{{") || payload.contains("{%") {
            // What looks like a reference or template syntax is refused where it is written
            // (guide.yaml, the article's title): it would be published as typed.
            assert!(!ok, "payload {payload:?} was accepted");
            assert!(diagnostics.contains("content/guide.yaml"), "{diagnostics}");
            assert!(diagnostics.contains("published as typed"), "{diagnostics}");
            assert!(!out.exists(), "a refused build wrote output");
            continue;
        }
        assert!(ok, "payload {payload:?} was refused:\n{diagnostics}");
        let files = html_files(&out);
        assert!(files.len() >= 4);
        for (file, html) in &files {
            let live = live_markup(html);
            assert!(
                live.is_empty(),
                "payload {payload:?} is live in {file}: {live:?}"
            );
        }
        // The payload was shown, not dropped: its text is on the situation page.
        let situation = &files
            .iter()
            .find(|(f, _)| f == "situations/lost.html")
            .unwrap()
            .1;
        let visible = text_of(situation);
        let core = payload.trim_matches(|c: char| c.is_control() || c == '\u{2028}');
        assert!(
            visible.contains(core),
            "payload {payload:?} missing from the page text"
        );
    }
}

#[test]
fn template_syntax_in_data_is_not_evaluated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    guide(&root, "{{ 7 * 7 }}", None);
    let out = tmp.path().join("out");
    let (ok, diagnostics) = build_into(&root, &out);
    // Refused where it is written (it would be published as typed), and never evaluated.
    assert!(!ok, "{diagnostics}");
    assert!(
        diagnostics.contains("a reference here would be published as typed"),
        "{diagnostics}"
    );
    assert!(!diagnostics.contains("49"), "{diagnostics}");
    // Template syntax that is no reference (a Tera comment) is published as typed.
    guide(&root, "{# 7 * 7 #}", None);
    let (ok, diagnostics) = build_into(&root, &out);
    assert!(ok, "{diagnostics}");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("{# 7 * 7 #}"));
}

#[test]
fn unsafe_urls_in_data_are_refused() {
    for payload in URL_PAYLOADS {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("guide");
        guide(&root, "text", Some(payload));
        let out = tmp.path().join("out");
        let (ok, diagnostics) = build_into(&root, &out);
        if ok {
            // Accepted only if it is an https URL on the official domain, written safely.
            for (file, html) in html_files(&out) {
                let live = live_markup(&html);
                assert!(
                    live.is_empty(),
                    "url {payload:?} is live in {file}: {live:?}"
                );
            }
        } else {
            assert!(diagnostics.contains("content/guide.yaml"), "{diagnostics}");
            assert!(!out.exists(), "a refused build wrote output");
        }
        let dangerous = ["javascript", "data:", "vbscript", "&#", "//evil", "%3a"]
            .iter()
            .any(|d| payload.to_ascii_lowercase().contains(d));
        assert!(!(ok && dangerous), "url {payload:?} was accepted");
    }
}

#[test]
fn unsafe_link_targets_in_markdown_are_refused_and_never_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    guide(&root, "text", None);
    for payload in URL_PAYLOADS {
        let dest = payload.replace('\n', "");
        let article = |body: &str| {
            write(
                &root.join("content/articles/lost.md"),
                &format!("---\ntitle: t\nsituation: lost\n---\n{body}"),
            )
        };
        // `<` and `>` cannot appear in a `<…>` destination: such a payload is text, not a link.
        let is_link = !payload.contains(['<', '>']);
        let out = tmp.path().join("out");
        // An image is a file beside the article: any address is refused, https too.
        article(&format!("![img](<{dest}>)\n"));
        let (ok, diagnostics) = build_into(&root, &out);
        if is_link {
            assert!(!ok, "image {payload:?} was accepted:\n{diagnostics}");
            // Refused as an image (not a file beside the article, not a path, not a format).
            assert!(
                diagnostics.contains("error: image `") && diagnostics.contains("lost.md:5:1"),
                "{payload:?}: {diagnostics}"
            );
        }
        article(&format!(
            "[link](<{dest}>) [ref][r] <{dest}>\n\n[r]: <{dest}>\n"
        ));
        let (ok, diagnostics) = build_into(&root, &out);
        if is_link && !payload.starts_with("https://") {
            assert!(!ok, "link {payload:?} was accepted:\n{diagnostics}");
            assert!(
                diagnostics.contains("content/articles/lost.md"),
                "{payload:?}: {diagnostics}"
            );
        } else {
            assert!(ok, "{payload:?}: {diagnostics}");
        }
        // Defence in depth: even without the checks, the renderer writes no live link.
        let body =
            format!("[link](<{dest}>) ![img](<{dest}>) [ref][r] <{dest}>\n\n[r]: <{dest}>\n");
        article(&body);
        let mut report = madoguchi::report::Report::default();
        let site = madoguchi::load::load_site(&root, &mut report).unwrap();
        let article = site.articles.iter().find(|a| a.slug == "lost").unwrap();
        let ctx = RenderContext {
            site: &site,
            page_path: "situations/lost.html",
            heading_shift: 1,
            anchor_for: None,
            article: &article.slug,
        };
        let body = article.body().unwrap();
        let html = parse(&body).to_html(&ctx);
        let live = live_markup(&html);
        assert!(
            live.is_empty(),
            "{payload:?} rendered live: {live:?}\n{html}"
        );
    }
}

#[test]
fn markdown_attribute_syntax_cannot_add_event_handlers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("guide");
    guide(&root, "text", None);
    write(
        &root.join("content/articles/lost.md"),
        "---\ntitle: t\nsituation: lost\n---\n\
         ## Heading {#x .y onclick=\"alert(1)\" style=\"color:red\" data-x=1}\n\n\
         ## Other {onmouseover=alert(1) #z}\n\n\
         [a](https://www.example.jp/ \"x\\\" onmouseover=\\\"alert(1)\")\n",
    );
    let out = tmp.path().join("out");
    let (ok, diagnostics) = build_into(&root, &out);
    if ok {
        for (file, html) in html_files(&out) {
            let live = live_markup(&html);
            assert!(live.is_empty(), "live markup in {file}: {live:?}");
        }
    } else {
        assert!(
            diagnostics.contains("content/articles/lost.md"),
            "{diagnostics}"
        );
    }
}
