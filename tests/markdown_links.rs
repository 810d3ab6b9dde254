//! Markdown and links as Zola and Hugo users expect them: heading ids that `@/page.md#anchor`
//! is checked against, task lists, one `h1` per page, and the exact `@/` form for a link
//! written another way. Each rule from both sides.

mod common;

use common::*;

const NOTE_MD: &str = "content/articles/note.md";

/// An article whose body starts on line 4.
fn note(body: &str) -> String {
    format!("---\ntitle: メモ\n---\n{body}\n")
}

/// The good guide with `content/articles/note.md` holding `body`.
fn with_note(body: &str) -> Guide {
    let guide = Guide::good();
    guide.write(NOTE_MD, note(body));
    guide
}

// ── heading ids ──────────────────────────────────────────────────────────────────────────────

#[test]
fn headings_get_ids_from_their_text_and_the_print_page_repeats_none() {
    let guide =
        with_note("## 届け先の確認\n\n## What to do?\n\n## 届け先の確認\n\n## ※\n\n## Main\n");
    guide.build().ok();
    let page = guide.read("output/articles/note.html");
    for heading in [
        "<h2 id=\"届け先の確認\">",
        "<h2 id=\"what-to-do\">",
        "<h2 id=\"届け先の確認-1\">",
        "<h2 id=\"h-4\">",
        // The page's own `id="main"` keeps its id.
        "<h2 id=\"main-1\">",
    ] {
        assert!(page.contains(heading), "{heading}\n{page}");
    }
    // A situation page shows its article's headings with their ids too.
    let situation = guide.read("output/situations/delivery.html");
    assert!(
        situation.contains("<h3 id=\"届かないとき\">"),
        "{situation}"
    );
    // The print page holds every chapter: no id of theirs may repeat, so headings have none.
    let print = guide.read("output/print.html");
    assert!(
        !print.contains("id=\"届け先の確認"),
        "chapter headings carry no ids"
    );
    assert!(!print.contains("id=\"届かないとき\""));
    let mut ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "an id repeats on the print page");
}

#[test]
fn links_to_existing_anchors_build() {
    with_note(
        "## 手順\n\n[a](@/faq.md#窓口の一覧) [b](@/delivery.md#届かないとき) [c](#手順) \
         [d](@/situation/trouble#window-consumer-hotline) [e](@/situation/delivery#届かないとき) \
         [f](@/faq.md#top) [g](@/faq.md#%E7%AA%93%E5%8F%A3%E3%81%AE%E4%B8%80%E8%A6%A7) \
         [h](@/sources#anything) [i](@/faq.md#) [j](#TOP)",
    )
    .build()
    .ok();
}

#[test]
fn a_link_to_an_anchor_no_heading_has_is_an_error_with_did_you_mean() {
    bad_with(|g| {
        g.write(NOTE_MD, note("[一覧](@/faq.md#窓口の一欄)"));
    })
    .only_error(
        "no anchor `#窓口の一欄` on `@/faq.md`",
        "content/articles/note.md:4:1",
    )
    .help("did you mean `#窓口の一覧`?");
    // On the same page, and on a situation page (its article's headings and its windows).
    bad_with(|g| {
        g.write(NOTE_MD, note("## 手順\n\n[x](#手じゅん)"));
    })
    .only_error(
        "no anchor `#手じゅん` on `@/note.md`",
        "content/articles/note.md:6:1",
    );
    bad_with(|g| {
        g.write(
            NOTE_MD,
            note("[x](@/situation/delivery#window-consumer-hotline)"),
        );
    })
    .only_error(
        "no anchor `#window-consumer-hotline` on `@/delivery.md`",
        "content/articles/note.md:4:1",
    )
    .help("#window-shop-message");
}

/// A `{#id}` heading attribute may not give a page an id it already has: a window's anchor on
/// the situation page the article is shown on, the pages' own parts, another heading's.
#[test]
fn an_explicit_heading_id_that_the_page_already_has_is_an_error_at_the_attribute() {
    const DELIVERY_MD: &str = "content/articles/delivery.md";
    let delivery =
        |body: &str| format!("---\ntitle: 配送のこと\nsituation: delivery\n---\n{body}\n");
    bad_with(|g| {
        g.write(DELIVERY_MD, delivery("## ショップへ {#window-shop-message}"));
    })
    .only_error(
        "heading id `#window-shop-message` is also the anchor of window `shop-message`'s details on `@/situation/delivery`",
        "content/articles/delivery.md:5:11",
    )
    .help("choose another `{#id}`");
    // `also` windows show their details on the page too.
    bad_with(|g| {
        g.write(DELIVERY_MD, delivery("## x {#window-ichiba-support}"));
    })
    .only_error(
        "heading id `#window-ichiba-support` is also the anchor",
        "content/articles/delivery.md:5:7",
    );
    bad_with(|g| {
        g.write(NOTE_MD, note("## 本文 {#main}"));
    })
    .only_error(
        "heading id `#main` is the page's own",
        "content/articles/note.md:4:8",
    );
    bad_with(|g| {
        g.write(NOTE_MD, note("## a {#same}\n\n## b {#same}"));
    })
    .only_error(
        "heading id `#same` is given twice: a heading on line 4 has it already",
        "content/articles/note.md:6:7",
    );
    // The other side: a `window-` id of a window this page does not show, on an article no
    // situation shows, and ids nobody else has, build; the heading keeps its id.
    let guide = Guide::good();
    guide.write(
        DELIVERY_MD,
        delivery("## 相談 {#window-consumer-hotline}\n\n## b {#own}"),
    );
    guide.write(NOTE_MD, note("## x {#window-shop-message}"));
    guide.build().ok();
    assert!(guide
        .read("output/articles/note.html")
        .contains("<h2 id=\"window-shop-message\">"));
}

// ── task lists ───────────────────────────────────────────────────────────────────────────────

#[test]
fn task_lists_are_disabled_checkboxes_named_by_their_item() {
    let guide = with_note(
        "- [x] 購入履歴を見た\n- [ ] ショップに連絡する\n  - [ ] 返事を待つ\n- ふつうの項目\n",
    );
    guide.build().ok();
    let page = guide.read("output/articles/note.html");
    for part in [
        "<li><label class=\"task\"><input type=\"checkbox\" disabled=\"\" checked=\"\"> 購入履歴を見た</label></li>",
        "<li><label class=\"task\"><input type=\"checkbox\" disabled=\"\"> ショップに連絡する</label>",
        "<li><label class=\"task\"><input type=\"checkbox\" disabled=\"\"> 返事を待つ</label></li>",
        "<li>ふつうの項目</li>",
    ] {
        assert!(page.contains(part), "{part}\n{page}");
    }
    assert!(guide
        .read("output/print.html")
        .contains("disabled=\"\" checked=\"\"> 購入履歴を見た</label>"));
    // `[x]` that is not at an item's start stays text.
    with_note("本文 [x] のまま\n").build().ok();
}

// ── one h1 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a_hash_heading_in_an_article_is_a_warning_and_an_error_under_strict() {
    let guide = with_note("## 見出し\n\n# もう一つのタイトル\n\nもう一つ\n=====\n");
    let run = guide.build().code(0);
    run.warning(
        "a `#` heading in an article makes a second title",
        "content/articles/note.md:6:1",
    )
    .help("start the article's headings at `##`");
    run.warning(
        "a `#` heading in an article makes a second title",
        "content/articles/note.md:8:1",
    );
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);
    guide.run(&["build", "--strict"]).code(1);
    // `##` and deeper are what an article is made of.
    with_note("## 見出し\n\n### 小見出し\n").build().ok();
}

// ── the exact @/ form ────────────────────────────────────────────────────────────────────────

#[test]
fn links_written_another_way_get_the_exact_guide_form() {
    for (dest, form) in [
        ("faq.md", "@/faq.md"),
        ("./faq.md#窓口の一覧", "@/faq.md#窓口の一覧"),
        ("../help/contact.html", "@/help/contact.md"),
        ("/articles/faq/", "@/faq.md"),
        ("situations/trouble.html", "@/situation/trouble"),
        ("sources.html", "@/sources"),
        ("/_index.md", "@/"),
        ("fqa.md", "@/faq.md"),
    ] {
        bad_with(|g| {
            g.write(NOTE_MD, note(&format!("[x]({dest})")));
        })
        .only_error(
            &format!("relative link `{dest}`"),
            "content/articles/note.md:4:1",
        )
        .help(&format!("did you mean `{form}`?"));
    }
    for (dest, form) in [
        ("@/situations/trouble", "@/situation/trouble"),
        ("@/faq", "@/faq.md"),
        ("@/articles/faq.md", "@/faq.md"),
        ("@/faq.html", "@/faq.md"),
        ("@/help/contakt.md#x", "@/help/contact.md#x"),
    ] {
        bad_with(|g| {
            g.write(NOTE_MD, note(&format!("[x]({dest})")));
        })
        .only_error(
            &format!(
                "link to `{}` leads nowhere",
                dest.split('#').next().unwrap()
            ),
            "content/articles/note.md:4:1",
        )
        .help(&format!("did you mean `{form}`?"));
    }
    // Nothing close: the forms are listed instead.
    bad_with(|g| {
        g.write(NOTE_MD, note("[x](zzzzzzzz.md)"));
    })
    .only_error(
        "relative link `zzzzzzzz.md`",
        "content/articles/note.md:4:1",
    )
    .help("link pages of this guide with @/");
}

// ── front matter from Hugo and Zola ──────────────────────────────────────────────────────────

#[test]
fn front_matter_keys_from_hugo_and_zola_get_a_hint() {
    for (key, hint) in [
        ("weight: 2", "`weight` is `order` here"),
        ("date: 2026-11-01", "an article has no date"),
        ("tags: [a]", "there are no taxonomies"),
        ("slug: other", "an article's address is its file's path"),
        (
            "summary: x",
            "an article's page description is `description`",
        ),
        ("template: page.html", "themes/NAME/templates/"),
    ] {
        bad_with(|g| {
            g.write(NOTE_MD, format!("---\ntitle: メモ\n{key}\n---\n本文\n"));
        })
        .only_error(
            &format!("unknown field `{}`", key.split(':').next().unwrap()),
            "content/articles/note.md:3:1",
        )
        .help(hint);
    }
    // Hugo reads keys in any case.
    bad_with(|g| {
        g.write(NOTE_MD, "---\ntitle: メモ\nWeight: 2\n---\n本文\n");
    })
    .only_error("unknown field `Weight`", "content/articles/note.md:3:1")
    .help("`weight` is `order` here");
    // Zola's and Hugo's TOML front matter.
    bad_with(|g| {
        g.write(NOTE_MD, "+++\ntitle = \"メモ\"\n+++\n本文\n");
    })
    .only_error(
        "article has no front matter",
        "content/articles/note.md:1:1",
    )
    .help("not TOML between `+++`");
    // In guide.yaml, the same key is only a typo to match (no front-matter hint).
    let run = bad(GUIDE, "lang: ja", "lang: ja\nweight: 1");
    let help = run.only_error("unknown field `weight`", "content/guide.yaml:4:1");
    assert!(!help.text.contains("`order`"), "{}", help.text);
}

// ── comments ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn html_comments_are_editors_notes_and_never_published() {
    // With raw HTML off they were escaped and shown to readers (the break-it round).
    let guide = with_note(
        "本文 <!-- 編集メモ: 後で直す --> です。\n\n<!-- more -->\n\n<!--\n複数行の\nメモ\n-->\n\n終わり <!-- a --> <b>太字</b>\n",
    );
    guide.build().ok();
    for page in ["output/articles/note.html", "output/print.html"] {
        let html = guide.read(page);
        for note in ["編集メモ", "-- more", "複数行の", "&lt;!--"] {
            assert!(!html.contains(note), "{page} shows {note}");
        }
        assert!(html.contains("<p>本文  です。</p>"), "{page}");
        // Anything beside a comment that is not one stays as it was: escaped text.
        assert!(html.contains("終わり  &lt;b&gt;太字&lt;/b&gt;"), "{page}");
    }
}
