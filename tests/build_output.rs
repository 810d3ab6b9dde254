//! What `build` writes, and what it refuses to touch: determinism, escaping, relative links,
//! all-or-nothing output, `--out` safety, hostile or broken input, exit codes, HTML sanity.

mod common;

use std::fs;
use std::path::{Component, Path, PathBuf};

use common::{copy_dir, snapshot, Guide, Snapshot, FAQ_MD, GUIDE};

fn html_pages(files: &Snapshot) -> Vec<(&String, String)> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes.clone()).expect("UTF-8 page")))
        .collect()
}

/// Adds a few more articles, written in the given order, so ordering is exercised.
fn add_articles(guide: &Guide, names: &[&str]) {
    for name in names {
        guide.write(
            &format!("content/articles/more/{name}.md"),
            format!("---\ntitle: 記事 {name}\n---\n## {name}\n\n[戻る](@/)\n"),
        );
    }
}

// ── determinism ──────────────────────────────────────────────────────────────────────────────

#[test]
fn two_builds_are_byte_identical() {
    // Two copies in different folders, extra files created in opposite orders.
    let a = Guide::good();
    let b = Guide::good();
    add_articles(&a, &["a1", "b2", "c3", "d4", "e5"]);
    add_articles(&b, &["e5", "d4", "c3", "b2", "a1"]);
    a.build().ok();
    b.build().ok();
    let first = a.output();
    assert!(first.len() >= 10, "{:?}", first.keys());
    let second = b.output();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
    // And a rebuild in place gives the same bytes again.
    a.build().ok();
    assert_eq!(a.output(), first);
}

#[test]
fn output_does_not_leak_the_build_folder() {
    let guide = Guide::good();
    guide.build().ok();
    let root = guide.root().to_string_lossy().into_owned();
    for (path, bytes) in guide.output() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&root),
            "{path} contains the build path {root}"
        );
    }
}

// ── escaping ─────────────────────────────────────────────────────────────────────────────────

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTR_BREAK: &str = "\"><img src=x onerror=alert(1)>";

/// YAML double-quoted form of a string (escapes `"` and `\`).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn values_from_data_are_html_escaped() {
    let guide = Guide::good();
    guide
        .replace(
            GUIDE,
            "name: ショップへの問い合わせ",
            &format!("name: {}", quoted(&format!("店{SCRIPT}{ATTR_BREAK}"))),
        )
        .replace(
            GUIDE,
            "title: 商品が届かない",
            &format!(
                "title: {}",
                quoted(&format!("届かない{SCRIPT}{ATTR_BREAK}"))
            ),
        )
        .replace(
            GUIDE,
            "description: 統合テストのための小さなガイドです。",
            &format!(
                "description: {}",
                quoted(&format!("説明{ATTR_BREAK}{SCRIPT}"))
            ),
        )
        .replace(
            GUIDE,
            "      - 購入履歴で配送状況を確かめます。",
            &format!("      - {}", quoted(&format!("手順{SCRIPT}"))),
        )
        .replace(
            FAQ_MD,
            "title: よくある質問",
            &format!("title: {}", quoted(&format!("質問{SCRIPT}{ATTR_BREAK}"))),
        );
    guide.build().ok();
    let files = guide.output();
    for (path, html) in html_pages(&files) {
        // search.html's own scripts (the theme's files) are the only ones.
        let html = html
            .replace("<script src=\"search-tokens.js\" defer></script>", "")
            .replace("<script src=\"search.js\" defer></script>", "")
            .replace("<script src=\"search/meta.js\" defer></script>", "");
        assert!(!html.contains("<script"), "{path} has a raw <script>");
        assert!(!html.contains("<img"), "{path} has a raw <img>");
        assert!(
            !html.contains(ATTR_BREAK),
            "{path} has a raw attribute break"
        );
    }
    let escaped_script = "&lt;script&gt;alert(1)&lt;";
    let escaped_break = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    let page = |p: &str| String::from_utf8(files[p].clone()).unwrap();
    let delivery = page("situations/delivery.html");
    assert!(
        delivery.contains(&format!("<h1>届かない{escaped_script}")),
        "situation title"
    );
    assert!(
        delivery.contains(&format!("<h3>店{escaped_script}")),
        "channel name"
    );
    assert!(delivery.contains(escaped_break));
    assert!(
        delivery.contains(&format!("<li>手順{escaped_script}")),
        "step"
    );
    let faq = page("articles/faq.html");
    assert!(
        faq.contains(&format!("<h1>質問{escaped_script}")),
        "article title"
    );
    let index = page("index.html");
    assert!(
        index.contains(&format!("content=\"説明{escaped_break}")),
        "description in an attribute"
    );
    assert!(
        index.contains(&format!("質問{escaped_script}")),
        "article title in the list"
    );
}

#[test]
fn urls_from_data_cannot_break_out_of_their_attribute() {
    // An official https URL with a quote and tags in it is not in its normal form (a parser
    // percent-encodes them), so it is refused before anything prints it; the help gives the
    // form a browser would request. Escaping of every other data field is tested below.
    let guide = Guide::good();
    guide.replace(
        GUIDE,
        "url: https://event.rakuten.co.jp/guide/howtobuy/delivery/\n",
        "url: \"https://event.rakuten.co.jp/x\\\"><script>alert(1)</script>\"\n",
    );
    let run = guide.build().code(1);
    run.error(
        "entry-point URL is not an official https page",
        "content/guide.yaml:22:10",
    )
    .help("https://event.rakuten.co.jp/x%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
    assert!(!guide.out().exists(), "nothing was published");
}

#[test]
fn every_text_field_is_escaped() {
    let guide = Guide::good();
    let payload = |n: usize| quoted(&format!("f{n}<b>{n}</b>{ATTR_BREAK}"));
    let fields = [
        "title: テスト用の窓口ガイド",
        "  - 連絡先は公式サイトからたどります。",
        "    label: ショップへのメッセージ",
        "    suits: 商品や配送の相談",
        "    merits: 記録が残ります。",
        "    owner: 商品を発送したショップ",
        "    how: 購入履歴から問い合わせます。",
        "    hours: 平日11:00〜13:00",
        "    summary: まずショップに問い合わせます。",
        "    urgent: 支払い前なら支払わずに待ちます。",
        "    avoid: 検索で見つけた番号に電話すること。",
        "title: \"楽天市場FAQ：返金をかたる電話への注意\"",
    ];
    for (n, line) in fields.iter().enumerate() {
        let replacement = match line.split_once(": ") {
            Some((key, _)) => format!("{key}: {}", payload(n)),
            None => format!("  - {}", payload(n)), // the list item under `rules:`
        };
        guide.replace(GUIDE, line, &replacement);
    }
    guide.build().ok();
    let files = guide.output();
    let all: String = html_pages(&files).into_iter().map(|(_, h)| h).collect();
    assert!(!all.contains("<b>"), "a field was not escaped");
    assert!(!all.contains("<img"), "a field was not escaped");
    for (n, line) in fields.iter().enumerate() {
        assert!(
            all.contains(&format!("f{n}&lt;b&gt;{n}&lt;/b&gt;&quot;&gt;&lt;img")),
            "field {n} ({line}) is not shown escaped anywhere"
        );
    }
}

const RAW_HTML: &str =
    "\n<script>alert(2)</script>\n\nインライン <img src=x onerror=alert(3)> です。\n";

#[test]
fn raw_html_in_markdown_is_escaped_by_default() {
    let guide = Guide::good();
    guide.append(FAQ_MD, RAW_HTML);
    guide.build().ok();
    let faq = String::from_utf8(guide.output()["articles/faq.html"].clone()).unwrap();
    assert!(!faq.contains("<script"), "{faq}");
    assert!(!faq.contains("<img"), "{faq}");
    assert!(
        faq.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{faq}"
    );
    assert!(faq.contains("&lt;img src=x onerror=alert(3)&gt;"), "{faq}");
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let guide = Guide::good();
    guide.append(FAQ_MD, "\n## 見出し {onclick=alert(1) #q1 .note}\n");
    guide.build().ok();
    let faq = String::from_utf8(guide.output()["articles/faq.html"].clone()).unwrap();
    assert!(!faq.contains("onclick"), "{faq}");
    // Ids (for #fragment links) and classes stay.
    assert!(
        faq.contains("<h2 id=\"q1\" class=\"note\">見出し</h2>"),
        "{faq}"
    );
}

#[test]
fn raw_html_in_markdown_passes_when_the_guide_opts_in() {
    let guide = Guide::good();
    guide.append(FAQ_MD, RAW_HTML);
    guide.replace(GUIDE, "lang: ja\n", "lang: ja\nallow_raw_html: true\n");
    guide.build().ok();
    let faq = String::from_utf8(guide.output()["articles/faq.html"].clone()).unwrap();
    assert!(faq.contains("<script>alert(2)</script>"), "{faq}");
    assert!(faq.contains("<img src=x onerror=alert(3)>"), "{faq}");
}

// ── relative links ───────────────────────────────────────────────────────────────────────────

/// Every `href="…"` and `src="…"` value in a page.
fn link_targets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("closed attribute");
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// `from` page's folder joined with a relative `href`, `..` resolved; `None` if it climbs out.
fn resolve(from: &str, href: &str) -> Option<String> {
    let mut parts: Vec<String> = Path::new(from)
        .parent()
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for part in Path::new(href).components() {
        match part {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

fn assert_links_are_relative_and_resolve(files: &Snapshot) -> usize {
    let mut local = 0;
    for (page, html) in html_pages(files) {
        for target in link_targets(&html) {
            assert!(
                !target.starts_with('/')
                    && !target.starts_with("http://localhost")
                    && !target.starts_with("file:"),
                "{page}: link `{target}` is not relative"
            );
            let is_external = ["https:", "http:", "mailto:", "tel:"]
                .iter()
                .any(|s| target.starts_with(s));
            if is_external || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap();
            let resolved = resolve(page, path)
                .unwrap_or_else(|| panic!("{page}: `{target}` climbs out of the output"));
            assert!(
                files.contains_key(&resolved),
                "{page}: `{target}` → {resolved}, which is not in the output"
            );
            local += 1;
        }
    }
    local
}

#[test]
fn links_are_relative_and_every_local_target_exists() {
    let guide = Guide::good();
    guide.build().ok();
    let files = guide.output();
    let local = assert_links_are_relative_and_resolve(&files);
    assert!(local >= 40, "only {local} local links checked");
    // The Markdown @/ links became relative paths from their page.
    let faq = String::from_utf8(files["articles/faq.html"].clone()).unwrap();
    let targets = link_targets(&faq);
    for expected in [
        "../situations/delivery.html",
        "../articles/help/contact.html",
        "../sources.html",
        "../cheatsheet/index.html",
        "../index.html",
        "../style.css",
        "tel:188",
    ] {
        assert!(
            targets.iter().any(|t| t == expected),
            "faq lacks {expected}: {targets:?}"
        );
    }
    let contact = String::from_utf8(files["articles/help/contact.html"].clone()).unwrap();
    assert!(link_targets(&contact)
        .iter()
        .any(|t| t == "../../articles/faq.html#top"));
    // An article shown on a situation page is linked there.
    let delivery = String::from_utf8(files["situations/delivery.html"].clone()).unwrap();
    assert!(link_targets(&delivery)
        .iter()
        .any(|t| t == "../situations/trouble.html"));
    assert!(!files.contains_key("articles/delivery.html"));
}

// ── all or nothing ───────────────────────────────────────────────────────────────────────────

/// What in the guide folder has "output" in its name: the output, and any staging or backup
/// folder a build left beside it.
fn folders_named_output(guide: &Guide) -> Vec<String> {
    fs::read_dir(guide.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("output"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let guide = Guide::good();
    guide.build().ok();
    // A hand-made extra file in the output must survive a failed build too.
    guide.write("output/notes.txt", "mine");
    let before = guide.output();
    assert!(before.contains_key(".madoguchi-output"));
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    let run = guide.build().code(1);
    assert!(
        run.stderr
            .contains("the previous output was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(guide.output(), before);
    // No staging or backup folder is left beside it.
    assert_eq!(folders_named_output(&guide), ["output"]);
}

#[test]
fn an_article_problem_found_while_rendering_leaves_the_previous_output() {
    // The guide passes its own checks, so the new site is rendering into its staging folder
    // when the article's check fails: that folder goes, and the output stays.
    let guide = Guide::good();
    guide.build().ok();
    let before = guide.output();
    guide.append(FAQ_MD, "\n問い合わせは 0120-000-111 へ。\n");
    let run = guide.build().code(1);
    assert!(run.stderr.contains("0120-000-111"), "{}", run.stderr);
    assert_eq!(guide.output(), before);
    assert_eq!(folders_named_output(&guide), ["output"]);
}

#[test]
fn a_failed_first_build_creates_no_output() {
    let guide = Guide::good();
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    guide.build().code(1);
    assert!(!guide.out().exists());
}

#[test]
fn a_successful_build_replaces_the_previous_output() {
    let guide = Guide::good();
    guide.build().ok();
    guide.write("output/stale.html", "old page");
    guide.replace(GUIDE, "title: 話がこじれた", "title: 話がもつれた");
    guide.build().ok();
    let files = guide.output();
    assert!(
        !files.contains_key("stale.html"),
        "old files are swept away"
    );
    let trouble = String::from_utf8(files["situations/trouble.html"].clone()).unwrap();
    assert!(trouble.contains("<h1>話がもつれた</h1>"));
}

// ── --out safety ─────────────────────────────────────────────────────────────────────────────

/// `build --out OUT` must be refused with exit code 2, changing nothing in the guide folder.
fn refused(guide: &Guide, out: &str, why: &str) {
    let before = snapshot(guide.root());
    let run = guide.run(&["build", "--out", out]).code(2);
    let printed = run.error_anywhere("refusing to write the site into");
    printed.help(why);
    assert_eq!(snapshot(guide.root()), before, "--out {out} changed files");
}

#[test]
fn out_into_content_or_themes_is_refused() {
    let guide = Guide::good();
    guide.build().ok(); // an existing output/ must stay as it is too
    guide.write("themes/default/templates/.keep", "");
    refused(&guide, "content", "inside the guide's content/ folder");
    refused(&guide, "content/site", "inside the guide's content/ folder");
    refused(
        &guide,
        "content/articles",
        "inside the guide's content/ folder",
    );
    refused(&guide, "themes", "inside the guide's themes/ folder");
    refused(
        &guide,
        "themes/default",
        "inside the guide's themes/ folder",
    );
    // However the path is spelled.
    refused(
        &guide,
        "./content/../content/site",
        "inside the guide's content/ folder",
    );
    refused(
        &guide,
        "missing/../content/site",
        "inside the guide's content/ folder",
    );
    let absolute = guide.path("content/site");
    refused(
        &guide,
        absolute.to_str().unwrap(),
        "inside the guide's content/ folder",
    );
}

#[test]
fn out_onto_a_file_is_refused() {
    let guide = Guide::good();
    guide.build().ok();
    guide.write("site.html", "a file");
    refused(&guide, "site.html", "is a file, not a folder");
    refused(&guide, "content/guide.yaml", "is a file");
}

#[test]
fn out_over_a_folder_madoguchi_did_not_write_is_refused() {
    let guide = Guide::good();
    guide.write("docs/important.txt", "keep me");
    refused(&guide, "docs", "holds files madoguchi did not write");
    refused(&guide, ".", "contains the guide itself");
    refused(&guide, "..", "contains the guide itself");
}

#[test]
fn out_into_an_empty_folder_or_a_previous_output_is_fine() {
    let guide = Guide::good();
    fs::create_dir(guide.path("site")).unwrap();
    guide.run(&["build", "--out", "site"]).ok();
    assert!(guide.path("site/index.html").is_file());
    guide.run(&["build", "--out", "site"]).ok();
    // An absolute path elsewhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("public");
    guide.run(&["build", "--out", out.to_str().unwrap()]).ok();
    assert_eq!(snapshot(&out), snapshot(&guide.path("site")));
}

// ── broken or hostile input: a diagnostic, never a panic ─────────────────────────────────────
// (`Guide::run` fails the test whenever stderr mentions a panic.)

#[test]
fn malformed_yaml_is_a_diagnostic_with_a_location() {
    let guide = Guide::good();
    guide.write(GUIDE, "title: \"unclosed\nlang: ja\n");
    let run = guide.build().code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(run.errors()[0]
        .location
        .as_deref()
        .unwrap()
        .starts_with("content/guide.yaml:"));

    guide.write(GUIDE, "title: x\n  lang: [ja\n");
    let run = guide.build().code(1);
    assert!(run.errors()[0]
        .location
        .as_deref()
        .unwrap()
        .starts_with("content/guide.yaml:"));

    guide.write(GUIDE, "- just\n- a list\n");
    guide.build().code(1).error_anywhere("");
}

#[test]
fn wrong_value_types_are_diagnostics() {
    let guide = Guide::good();
    guide.replace(GUIDE, "kind: web", "kind: fax");
    guide.build().code(1).error_anywhere("fax");
    let guide = Guide::good();
    guide.replace(
        GUIDE,
        "max_source_age_days: 3650",
        "max_source_age_days: -1",
    );
    guide.build().code(1).error("", "content/guide.yaml:4:22");
}

#[test]
fn an_empty_guide_yaml_is_a_diagnostic() {
    for text in ["", "\n\n", "   \n# only a comment\n"] {
        let guide = Guide::good();
        guide.write(GUIDE, text);
        let run = guide.build().code(1);
        run.only_error("`content/guide.yaml` is empty", "content/guide.yaml:1:1")
            .help("README");
        // There is no `new` command to point at.
        assert!(!run.stderr.contains("madoguchi new"), "{}", run.stderr);
    }
}

#[test]
fn a_non_utf8_guide_yaml_is_a_diagnostic_pointing_at_the_byte() {
    let guide = Guide::good();
    guide.write(GUIDE, b"title: ok\nlang: \xff\xfe\n".as_slice());
    guide.build().code(1).error(
        "`content/guide.yaml` is not valid UTF-8",
        "content/guide.yaml:2:7",
    );
}

#[test]
fn a_non_utf8_article_is_a_diagnostic() {
    let guide = Guide::good();
    guide.write(
        "content/articles/latin1.md",
        b"---\ntitle: caf\xe9\n---\n".as_slice(),
    );
    guide.build().code(1).error(
        "`content/articles/latin1.md` is not valid UTF-8",
        "content/articles/latin1.md:2:11",
    );
}

#[test]
fn a_utf8_bom_is_accepted() {
    let guide = Guide::good();
    let text = guide.read(GUIDE);
    guide.write(GUIDE, format!("\u{feff}{text}"));
    guide.build().ok();
}

#[test]
fn articles_without_front_matter_are_diagnostics() {
    let guide = Guide::good();
    guide.write("content/articles/bare.md", "## no front matter\n");
    guide.build().code(1).only_error(
        "article has no front matter",
        "content/articles/bare.md:1:1",
    );
    let guide = Guide::good();
    guide.write("content/articles/empty.md", "");
    guide
        .build()
        .code(1)
        .error_anywhere("article has no front matter");
    let guide = Guide::good();
    guide.write("content/articles/open.md", "---\ntitle: never closed\n");
    guide
        .build()
        .code(1)
        .error_anywhere("article has no front matter");
    let guide = Guide::good();
    guide.write("content/articles/nofields.md", "---\n---\nbody\n");
    guide
        .build()
        .code(1)
        .error_anywhere("content/articles/nofields.md");
}

#[test]
fn a_missing_content_folder_is_a_usage_error() {
    let guide = Guide::empty();
    guide
        .build()
        .code(2)
        .error_anywhere("no `content` folder")
        .help("--root");
    assert!(!guide.out().exists());
}

#[test]
fn a_missing_guide_yaml_is_a_usage_error() {
    let guide = Guide::good();
    guide.remove(GUIDE);
    guide
        .build()
        .code(2)
        .error_anywhere("failed to read `content/guide.yaml`");
}

#[test]
fn a_missing_articles_folder_is_fine_without_article_references() {
    let guide = Guide::good();
    guide.remove("content/articles");
    guide.replace(GUIDE, "    article: delivery\n", "");
    guide.build().ok();
}

#[test]
fn deeply_nested_yaml_is_refused_without_overflowing_the_stack() {
    let guide = Guide::good();
    let depth = 100_000;
    guide.write(
        GUIDE,
        format!("title: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    guide.build().code(1).error_anywhere("");
}

#[test]
fn a_guide_yaml_that_is_a_folder_is_a_usage_error() {
    let guide = Guide::good();
    guide.remove(GUIDE);
    fs::create_dir(guide.path(GUIDE)).unwrap();
    guide
        .build()
        .code(2)
        .error_anywhere("failed to read `content/guide.yaml`");
}

#[test]
fn unusable_article_names_and_symlinks_are_diagnostics() {
    let guide = Guide::good();
    guide.write("content/articles/with space.md", "---\ntitle: x\n---\n");
    guide
        .build()
        .code(1)
        .error_anywhere("article path `content/articles/with space.md` is not usable");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let guide = Guide::good();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        fs::write(
            guide.path("content/articles").join(name),
            "---\ntitle: x\n---\n",
        )
        .unwrap();
        guide.build().code(1).error_anywhere("is not usable");
        let guide = Guide::good();
        std::os::unix::fs::symlink(guide.path(GUIDE), guide.path("content/articles/link.md"))
            .unwrap();
        guide
            .build()
            .code(1)
            .error_anywhere("`content/articles/link.md` is a symlink");
    }
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let guide = Guide::good();
    guide.write(GUIDE, bomb);
    guide.build().code(1).error_anywhere("");
}

// ── check writes nothing; exit codes ─────────────────────────────────────────────────────────

#[test]
fn check_writes_nothing() {
    let guide = Guide::good();
    let before = snapshot(guide.root());
    let run = guide.check().ok();
    assert!(run.stderr.contains("checked: ok"), "{}", run.stderr);
    assert_eq!(snapshot(guide.root()), before);
    assert!(!guide.out().exists());
    // Not even over an existing output, and not when the guide is broken.
    guide.build().ok();
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    let before = snapshot(guide.root());
    guide.check().code(1);
    assert_eq!(snapshot(guide.root()), before);
}

#[test]
fn exit_codes_are_zero_one_and_two() {
    let guide = Guide::good();
    guide.build().code(0);
    guide.check().code(0);
    guide
        .run(&["build", "--theme", "nosuch"])
        .code(2)
        .error_anywhere("theme `nosuch` not found");
    // Usage errors from argument parsing.
    for args in [&["frobnicate"][..], &["build", "--no-such-flag"], &[]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .args(args)
            .current_dir(guide.root())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    guide.replace(GUIDE, "first: [shop-message]", "first: [nobody]");
    guide.build().code(1);
    guide.check().code(1);
    // An I/O problem wins over guide errors: exit 2.
    guide.remove("content/articles");
    guide.remove(GUIDE);
    guide.check().code(2);
}

#[test]
fn help_and_version_exit_zero() {
    for arg in ["--help", "--version"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .arg(arg)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{arg}");
    }
}

// ── HTML sanity ──────────────────────────────────────────────────────────────────────────────

fn assert_html_sanity(files: &Snapshot) {
    let pages = html_pages(files);
    assert!(!pages.is_empty());
    for (path, html) in pages {
        assert!(
            html.starts_with("<!DOCTYPE html>"),
            "{path}: no doctype first"
        );
        assert!(html.contains("<html lang=\""), "{path}: no <html lang=");
        assert_eq!(
            html.matches("<h1").count(),
            1,
            "{path}: not exactly one <h1"
        );
        for table in html.split("<table").skip(1) {
            let table = &table[..table.find("</table>").expect("closed table")];
            assert!(table.contains("<th"), "{path}: a table without <th");
        }
        assert!(html.trim_end().ends_with("</html>"), "{path}: not closed");
    }
}

#[test]
fn every_page_is_sane_html() {
    let guide = Guide::good();
    guide.build().ok();
    let files = guide.output();
    for page in [
        "index.html",
        "sources.html",
        "cheatsheet/index.html",
        "situations/delivery.html",
        "situations/trouble.html",
        "articles/faq.html",
        "articles/help/contact.html",
        "style.css",
    ] {
        assert!(
            files.contains_key(page),
            "missing {page}: {:?}",
            files.keys()
        );
    }
    assert_html_sanity(&files);
    // The article's Markdown table was rendered with its header cells.
    let faq = String::from_utf8(files["articles/faq.html"].clone()).unwrap();
    assert!(
        faq.contains("<table>") && faq.contains("<th>困りごと</th>"),
        "{faq}"
    );
    // Every source is listed with its checked date.
    let sources = String::from_utf8(files["sources.html"].clone()).unwrap();
    let table = &sources[sources.find("<table").unwrap()..sources.find("</table>").unwrap()];
    assert_eq!(table.matches("<td>2026-11-20</td>").count(), 5, "{table}");
    for url in [
        "https://event.rakuten.co.jp/",
        "https://ichiba.faq.rakuten.net/",
        "https://www.caa.go.jp/",
        "https://www.kokusen.go.jp/",
        "https://www.gov-online.go.jp/",
    ] {
        assert!(
            table.contains(&format!("href=\"{url}")),
            "{url} not in the sources table"
        );
    }
}

#[test]
fn the_bundled_guide_builds_into_sane_html_with_relative_links() {
    let guide = Guide::empty();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &guide.path("content"));
    let run = guide.build().code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let files = guide.output();
    assert_html_sanity(&files);
    assert_links_are_relative_and_resolve(&files);
}

// ── themes ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a_theme_overrides_single_templates_and_static_files() {
    let guide = Guide::good();
    guide
        .write(
            "themes/mine/templates/sources.html",
            "{% extends \"base.html\" %}{% block main %}<h1>MINE {{ site.title }}</h1>{% endblock main %}",
        )
        .write("themes/mine/static/style.css", "body { color: black }\n")
        .write("themes/mine/static/img/extra.svg", "<svg/>");
    guide.run(&["build", "--theme", "mine"]).ok();
    let files = guide.output();
    let sources = String::from_utf8(files["sources.html"].clone()).unwrap();
    assert!(
        sources.contains("<h1>MINE テスト用の窓口ガイド</h1>"),
        "{sources}"
    );
    // A theme's style.css adds to the built-in rules (tests/themes.rs has the cases).
    let style = String::from_utf8(files["style.css"].clone()).unwrap();
    assert!(style.ends_with("body { color: black }\n") && style.contains(".channel dl"));
    assert!(files.contains_key("img/extra.svg"));
    // The templates it does not override are the built-in ones.
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains("<h1>テスト用の窓口ガイド</h1>"));
    assert_html_sanity(&files);
}

#[test]
fn broken_theme_templates_are_diagnostics() {
    let guide = Guide::good();
    guide.build().ok();
    let before = guide.output();
    guide.write(
        "themes/mine/templates/sources.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ unclosed </h1>{% endblock main %}",
    );
    guide
        .run(&["build", "--theme", "mine"])
        .code(1)
        .error_anywhere("theme `mine` has a template error")
        .mentions("sources.html:1:");
    guide.write(
        "themes/mine/templates/sources.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ nope.x }}</h1>{% endblock main %}",
    );
    guide
        .run(&["build", "--theme", "mine"])
        .code(1)
        .error_anywhere("template `sources.html` failed to render")
        .mentions("`nope` is not defined");
    assert_eq!(guide.output(), before);
}

// ── one build at a time per output folder ─────────────────────────────────────────────────────

#[test]
fn concurrent_builds_never_leave_an_incomplete_or_unmarked_output() {
    // Before the lock, two builds into one folder shared `.output.staging` and removed each
    // other's files: 15 of 23 pairs left a site without `index.html`, often with exit 0.
    let guide = Guide::good();
    let first = guide.build().ok();
    let complete = snapshot(&first.out);
    for round in 0..8 {
        let builds: Vec<std::process::Child> = (0..3)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
                    .args(["build", "--root"])
                    .arg(guide.root())
                    .current_dir(guide.root())
                    .env("NO_COLOR", "1")
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let out = guide.out();
        assert!(
            fs::symlink_metadata(out.join(".madoguchi-output")).is_ok_and(|m| m.is_file()),
            "round {round}: the output lost its marker"
        );
        assert_eq!(
            snapshot(&out),
            complete,
            "round {round}: the output is not the complete site"
        );
        // No staging or old folder is left beside it.
        let beside: Vec<String> = fs::read_dir(guide.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".output."))
            .collect();
        assert!(beside.is_empty(), "round {round}: left beside: {beside:?}");
    }
}

#[test]
fn a_marker_that_is_a_symlink_does_not_make_a_folder_ours() {
    let guide = Guide::good();
    let out = guide.path("someone-elses");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("precious.txt"), "keep me").unwrap();
    let elsewhere = guide.path("any-file");
    fs::write(&elsewhere, "").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join(".madoguchi-output")).unwrap();
    let run = guide.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
}
