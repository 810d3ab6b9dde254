//! Issue 14, front matter people know from Zola and Hugo: `description` becomes the page's meta
//! description; `draft: true` leaves the article out unless `--drafts`, and a link or a
//! situation's `article:` naming a left-out draft is an error that says so.

mod common;

use common::{bad, Guide, FAQ_MD, GUIDE};

const NEW_MD: &str = "content/articles/new.md";

#[test]
fn a_description_is_the_articles_meta_description_and_the_guides_is_kept_elsewhere() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\ndescription: \"よくある質問と答え & 窓口\"\n",
    );
    guide.build().ok();
    let faq = guide.read("output/articles/faq.html");
    assert!(
        faq.contains("<meta name=\"description\" content=\"よくある質問と答え &amp; 窓口\">"),
        "{faq}"
    );
    assert_eq!(faq.matches("name=\"description\"").count(), 1);
    let contact = guide.read("output/articles/help/contact.html");
    assert!(contact
        .contains("<meta name=\"description\" content=\"統合テストのための小さなガイドです。\">"));
}

#[test]
fn an_unvetted_number_in_a_description_fails_the_build() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\ndescription: 電話 0120-444-4444\n",
    );
    guide.build().code(1).error_anywhere("0120-444-4444");
}

#[test]
fn a_draft_is_left_out_unless_drafts() {
    let guide = Guide::good();
    guide.write(
        NEW_MD,
        "---\ntitle: 書きかけ\ndraft: true\n---\n書きかけです。\n",
    );
    guide.build().ok();
    assert!(!guide.out().join("articles/new.html").exists());
    assert!(!guide.read("output/index.html").contains("書きかけ"));
    assert!(!guide.read("output/print.html").contains("書きかけ"));
    guide.run(&["build", "--drafts"]).ok();
    assert!(guide
        .read("output/articles/new.html")
        .contains("書きかけです。"));
    // `draft: false` is published.
    guide.replace(NEW_MD, "draft: true", "draft: false");
    guide.build().ok();
    assert!(guide.out().join("articles/new.html").exists());
}

#[test]
fn a_link_to_a_left_out_draft_is_an_error_that_says_it_is_a_draft() {
    let guide = Guide::good();
    guide.write(
        NEW_MD,
        "---\ntitle: 書きかけ\ndraft: true\n---\n書きかけです。\n",
    );
    guide.append(FAQ_MD, "\n[書きかけ](@/new.md)\n");
    let run = guide.build().code(1);
    run.error_anywhere("link to `@/new.md` leads nowhere")
        .help("`new.md` is a draft (`draft: true`), left out of this build");
    guide.run(&["build", "--drafts"]).ok();
}

#[test]
fn a_situations_article_that_is_a_left_out_draft_is_an_error_that_says_it_is_a_draft() {
    let guide = Guide::good();
    guide.replace(
        "content/articles/delivery.md",
        "situation: delivery\n",
        "situation: delivery\ndraft: true\n",
    );
    let run = guide.build().code(1);
    run.error_anywhere("no article `content/articles/delivery.md`")
        .help("is a draft (`draft: true`)");
    guide.run(&["build", "--drafts"]).ok();
}

#[test]
fn draft_and_description_are_checked_like_the_rest() {
    let guide = Guide::good();
    guide.replace(FAQ_MD, "order: 1\n", "order: 1\ndraft: yes please\n");
    guide
        .build()
        .code(1)
        .error("invalid boolean", "content/articles/faq.md:4:8");
    let guide = Guide::good();
    guide.replace(FAQ_MD, "order: 1\n", "order: 1\ndescripton: x\n");
    guide.build().code(1).error_anywhere("descripton");
    let _ = GUIDE;
}

#[test]
fn each_alias_is_a_script_free_page_sending_the_reader_on_and_not_in_the_sitemap() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [old-faq.html, /help/faq/, questions, articles/delivery.html]\n",
    );
    guide.replace(
        GUIDE,
        "lang: ja",
        "lang: ja\nbase_url: https://example.org/guide/",
    );
    guide.build().ok();
    for (file, href) in [
        ("old-faq.html", "articles/faq.html"),
        ("help/faq/index.html", "../../articles/faq.html"),
        ("questions.html", "articles/faq.html"),
        ("articles/delivery.html", "../articles/faq.html"),
    ] {
        let page = guide.read(&format!("output/{file}"));
        assert!(
            page.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            )),
            "{file}: {page}"
        );
        assert!(
            page.contains(&format!("<a href=\"{href}\">よくある質問</a>")),
            "{file}"
        );
        assert!(
            page.contains(
                "<link rel=\"canonical\" href=\"https://example.org/guide/articles/faq.html\">"
            ),
            "{file}"
        );
        assert!(
            page.contains("Content-Security-Policy") && !page.contains("<script"),
            "{file}"
        );
    }
    let sitemap = guide.read("output/sitemap.xml");
    assert!(
        sitemap.contains("articles/faq.html") && !sitemap.contains("old-faq"),
        "{sitemap}"
    );
}

#[test]
fn an_alias_of_an_article_shown_on_a_situations_page_leads_there() {
    let guide = Guide::good();
    guide.replace(
        "content/articles/delivery.md",
        "situation: delivery\n",
        "situation: delivery\naliases: [haisou.html]\n",
    );
    guide.build().ok();
    assert!(guide
        .read("output/haisou.html")
        .contains("url=situations/delivery.html"));
}

#[test]
fn an_alias_that_collides_or_is_not_a_plain_path_is_an_error_at_the_alias() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [index.html, ../up.html, a?b]\n",
    );
    guide.replace(
        CONTACT,
        "title: 相談先\n",
        "title: 相談先\naliases: [situations/trouble.html, old-faq.html]\n",
    );
    guide.replace(
        FAQ_MD,
        "aliases: [index.html,",
        "aliases: [old-faq.html, index.html,",
    );
    let run = guide.build().code(1);
    run.error(
        "alias `index.html` would replace a page (`index.html`)",
        "content/articles/faq.md:4:25",
    );
    run.error(
        "alias `../up.html` is not a plain path",
        "content/articles/faq.md:4:37",
    );
    run.error(
        "alias `a?b` is not a plain path",
        "content/articles/faq.md:4:49",
    );
    run.error(
        "alias `situations/trouble.html` would replace the page of situation `trouble`",
        "content/articles/help/contact.md:3:11",
    );
    run.error(
        "alias `old-faq.html` would replace an alias of `content/articles/faq.md`",
        "content/articles/help/contact.md:3:36",
    );
    assert_eq!(run.errors().len(), 5, "{}", run.stderr);
}

#[test]
fn an_alias_where_a_theme_file_is_is_an_error() {
    let guide = Guide::good();
    guide.replace(FAQ_MD, "order: 1\n", "order: 1\naliases: [old.html]\n");
    guide.write("themes/t/static/old.html", "<p>old</p>");
    let run = guide.run(&["build", "--theme", "t"]).code(1);
    run.error_anywhere(
        "theme file `static/old.html` would replace the page the build writes there",
    );
}

const CONTACT: &str = common::CONTACT_MD;

#[test]
fn aliases_differing_only_in_case_collide() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [Index.html, old.html, OLD.html]\n",
    );
    let run = guide.build().code(1);
    run.error(
        "alias `Index.html` would replace a page (`index.html`): the names differ only in case",
        "content/articles/faq.md:4:11",
    );
    run.error_anywhere("alias `OLD.html` would replace an alias of");
}

/// The break-it round: an alias ending in `/` in a folder named like a page or an image (or
/// one whose folder differs from it only in case) failed only when the build wrote it, with no
/// location, and `check` passed. No path of the output is both a file and a folder.
#[test]
fn an_alias_in_a_folder_named_like_a_file_the_build_writes_is_an_error_at_the_alias() {
    let guide = Guide::good();
    guide.write(
        "content/articles/order-history.png",
        std::fs::read(common::fixtures().join("images/order-history.png")).unwrap(),
    );
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [articles/faq.html/, print.html/, Index.HTML/x, articles/order-history.png/]\n",
    );
    for run in [guide.check().code(1), guide.build().code(1)] {
        run.error(
            "alias `articles/faq.html/` would be written in a folder `articles/faq.html`, where the build writes the page of `content/articles/faq.md` as a file (`articles/faq.html`)",
            "content/articles/faq.md:4:11",
        )
        .help("cannot be both a file and a folder");
        run.error(
            "alias `print.html/` would be written in a folder `print.html`, where the build writes a page as a file (`print.html`)",
            "content/articles/faq.md:4:31",
        );
        run.error(
            "alias `Index.HTML/x` would be written in a folder `Index.HTML`, where the build writes a page as a file (`index.html`)",
            "content/articles/faq.md:4:44",
        );
        run.error(
            "alias `articles/order-history.png/` would be written in a folder `articles/order-history.png`, where the build writes the image `content/articles/order-history.png` as a file",
            "content/articles/faq.md:4:58",
        );
        assert_eq!(run.errors().len(), 4, "{}", run.stderr);
        assert!(!run.stderr.contains("failed to write"), "{}", run.stderr);
    }
    // An alias written as a file where another alias, or a page, needs a folder.
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [old.html/, Old.html]\n",
    );
    guide.write(
        "content/articles/help.html/x.md",
        "---\ntitle: 奥\n---\n本文\n",
    );
    guide.replace(
        common::CONTACT_MD,
        "title: 相談先\n",
        "title: 相談先\naliases: [articles/help.html]\n",
    );
    let run = guide.check().code(1);
    run.error(
        "alias `Old.html` would be written as a file `Old.html`, where the build writes an alias of `content/articles/faq.md` inside a folder of that name (`old.html/index.html`)",
        "content/articles/faq.md:4:22",
    );
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    run.error(
        "alias `articles/help.html` would be written as a file `articles/help.html`, where the build writes the page of `content/articles/help.html/x.md` inside a folder of that name (`articles/help.html/x.html`)",
        "content/articles/help/contact.md:3:11",
    );
}

#[test]
fn aliases_beside_files_and_folders_of_other_names_are_written() {
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [help/faq/, help/faq/more, old/, old.html, articles/faq/]\n",
    );
    guide.build().ok();
    for page in [
        "output/help/faq/index.html",
        "output/help/faq/more.html",
        "output/old/index.html",
        "output/old.html",
        "output/articles/faq/index.html",
        "output/articles/faq.html",
    ] {
        assert!(guide.path(page).is_file(), "{page}");
    }
}

/// Two articles whose names differ only in case (or Unicode form) have one page on macOS and
/// Windows hosts: an error at the second one's title.
#[test]
fn articles_whose_pages_differ_only_in_case_collide() {
    let guide = Guide::good();
    guide.write("content/articles/FAQ.md", "---\ntitle: 大文字\n---\n本文\n");
    let run = guide.check().code(1);
    run.only_error(
        "the page of `content/articles/faq.md` would replace the page of `content/articles/FAQ.md` (`articles/FAQ.html`): the names differ only in case",
        "content/articles/faq.md:2:8",
    );
}

#[test]
fn an_alias_may_not_replace_the_history_or_the_search_pages() {
    // `aliases: [changes.html]` replaced the 更新履歴 page with a redirect (a break-it round).
    for (alias, what) in [
        ("changes.html", "a page (`changes.html`)"),
        ("search.html", "a page (`search.html`)"),
        ("sakuin.html", "a page (`sakuin.html`)"),
    ] {
        let guide = Guide::good();
        guide.replace(
            FAQ_MD,
            "order: 1\n",
            &format!("order: 1\naliases: [{alias}]\n"),
        );
        let run = guide.build().code(1);
        run.error_anywhere(&format!("alias `{alias}` would replace {what}"));
    }
    // The search index's folder is its own (its files are named as the pages render).
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [search/, Search/meta.js/]\n",
    );
    let run = guide.check().code(1);
    run.error(
        "alias `search/` would be written in the folder `search/` of the search index",
        "content/articles/faq.md:4:11",
    );
    run.error(
        "alias `Search/meta.js/` would be written in the folder `search/`",
        "content/articles/faq.md:4:20",
    );
}

/// Old paths in any script, and as a browser's address bar copies them (percent-encoded), as
/// Zola allows; the refresh URL is percent-encoded.
#[test]
fn an_alias_may_be_in_any_script_or_percent_encoded() {
    let guide = Guide::good();
    guide.write(
        "content/articles/よくある質問.md",
        "---\ntitle: よくある質問２\naliases: [\"旧/よくある・質問.html\", \"%E5%8F%A4/faq/\"]\n---\n本文\n",
    );
    guide.build().ok();
    const ENCODED: &str = "articles/%E3%82%88%E3%81%8F%E3%81%82%E3%82%8B%E8%B3%AA%E5%95%8F.html";
    for (old, up) in [
        ("output/旧/よくある・質問.html", "../"),
        ("output/古/faq/index.html", "../../"),
    ] {
        let page = guide.read(old);
        assert!(
            page.contains(&format!("url={up}{ENCODED}\"")),
            "{old}: {page}"
        );
    }
    // The same old path written both ways is one file: the second would replace the first.
    guide.replace(
        "content/articles/よくある質問.md",
        "\"%E5%8F%A4/faq/\"",
        "\"%E5%8F%A4/faq/\", \"古/faq/\"",
    );
    guide
        .build()
        .code(1)
        .error_anywhere("alias `古/faq/` would replace an alias of");
    // Spaces, an encoded `/` and invisible characters are still refused.
    for bad in ["a%20b", "a%2Fb", "旧\u{200b}/faq"] {
        let guide = Guide::good();
        guide.replace(
            FAQ_MD,
            "order: 1\n",
            &format!("order: 1\naliases: [\"{bad}\"]\n"),
        );
        guide.build().code(1).error_anywhere("is not a plain path");
    }
}

#[test]
fn an_alias_with_another_extension_than_html_is_an_error_at_the_alias() {
    // It was written as `faq.php.html`: the old address stayed missing (the break-it round).
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [old/faq.php, Index.HTML, old/faq.htm]\n",
    );
    let run = guide.build().code(1);
    for (alias, at) in [
        ("old/faq.php", "4:11"),
        ("Index.HTML", "4:24"),
        ("old/faq.htm", "4:36"),
    ] {
        run.error(
            &format!("alias `{alias}` is not a plain path"),
            &format!("content/articles/faq.md:{at}"),
        )
        .help("a file name ends in `.html` or has no extension");
    }
    assert_eq!(run.errors().len(), 3, "{}", run.stderr);
    // Without an extension, or in a folder whose name has a dot, it is a page's path.
    guide.replace(
        FAQ_MD,
        "aliases: [old/faq.php, Index.HTML, old/faq.htm]",
        "aliases: [old/faq, v1.2/faq/]",
    );
    guide.build().ok();
    assert!(guide.out().join("old/faq.html").is_file());
    assert!(guide.out().join("v1.2/faq/index.html").is_file());
}

#[test]
fn a_blank_title_or_description_is_an_error_at_it() {
    // An empty <h1> and <title>, an empty-looking meta description (the break-it round).
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "title: よくある質問\n",
        "title: \"\\u200b \"\ndescription: \"\\u00ad\\u3000\"\n",
    );
    let run = guide.build().code(1);
    run.error(
        "the article's title is blank",
        "content/articles/faq.md:2:8",
    );
    run.error(
        "the article's description is blank",
        "content/articles/faq.md:3:14",
    );
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    // An empty description keeps the guide's, as before.
    guide.replace(FAQ_MD, "title: \"\\u200b \"", "title: よくある質問");
    guide.replace(
        FAQ_MD,
        "description: \"\\u00ad\\u3000\"",
        "description: \"\"",
    );
    guide.build().ok();
}

#[test]
fn a_number_in_an_alias_is_reported_at_the_alias() {
    // The alias's page is published at that address: its number was reported with no place
    // ("no content file holds it") and help about the theme.
    let run = bad(
        FAQ_MD,
        "order: 1\n",
        "order: 1\naliases: [tel0120/444/4444/]\n",
    );
    run.error(
        "number `01204444444` is published, but it is not the number of any vetted channel",
        "content/articles/faq.md:4:14",
    );
}
