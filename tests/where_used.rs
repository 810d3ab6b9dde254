//! Issue 14, `madoguchi where ID`: every place that shows or mentions a window or a situation
//! (its definition, `first`/`also` lists, references, `@/situation/` links, an article's
//! `situation:`, a window's name written as plain text, in `guide.yaml` or in an article), with
//! `file:line:col`, then the pages that show it; an unknown id is an error with did-you-mean.
//! It needs no build on disk and writes nothing.

mod common;

use common::{Guide, GUIDE};

const WHERE_MD: &str = "content/articles/where.md";

/// An article that names `consumer-hotline` three ways (reference, field reference, plain
/// name, the last one a warning) and links the situation `trouble`; and `guide.yaml` writing
/// the same window's name in a step.
fn guide_naming_the_hotline() -> Guide {
    let guide = Guide::good();
    guide.write(
        WHERE_MD,
        "---\ntitle: どこで\n---\nまず{{ window(id=\"consumer-hotline\") }}へ。\n\n番号は{{ window(id='consumer-hotline', field=\"phone\") }}、名前は消費者ホットラインです。[こじれたら](@/situation/trouble)\n\n`{{ window(id=\"consumer-hotline\") }}` はコードです。\n",
    );
    guide.replace(
        GUIDE,
        "      - 188に電話します。",
        "      - 消費者ホットラインに電話します。",
    );
    guide
}

#[test]
fn a_window_is_listed_everywhere_it_is_shown_or_mentioned_in_file_order_then_its_pages() {
    let guide = guide_naming_the_hotline();
    let run = guide.run(&["where", "consumer-hotline"]).code(0);
    let expected = "\
window `consumer-hotline`: 消費者ホットライン
content/guide.yaml:32:9: defined here
content/guide.yaml:73:13: in `first` of situation `trouble`
content/guide.yaml:76:9: its name, written as plain text
content/articles/faq.md:10:10: reference {{ window(id=\"consumer-hotline\") }}
content/articles/faq.md:10:46: reference {{ window(id=\"consumer-hotline\", field=\"phone\") }}
content/articles/where.md:4:3: reference {{ window(id=\"consumer-hotline\") }}
content/articles/where.md:6:4: reference {{ window(id='consumer-hotline', field=\"phone\") }}
content/articles/where.md:6:58: its name, written as plain text
pages that show it:
  articles/faq.html
  articles/where.html
  cheatsheet/index.html
  index.html
  print.html
  sakuin.html
  search.html
  situations/trouble.html
  sources.html
";
    assert_eq!(run.stdout, expected);
    // The plain name is a warning of the checks: `where` says there is one, `check` shows it.
    assert!(
        run.stderr
            .contains("note: the guide has 0 errors and 1 warning"),
        "{}",
        run.stderr
    );
    assert!(!guide.out().exists(), "`where` wrote an output folder");
}

#[test]
fn a_situation_is_listed_with_its_links_its_article_and_every_page_header() {
    let guide = guide_naming_the_hotline();
    let run = guide.run(&["where", "trouble"]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "situation `trouble`: 話がこじれた");
    assert_eq!(lines[1], "content/guide.yaml:69:9: defined here");
    assert!(
        lines.contains(&"content/articles/delivery.md:7:34: link @/situation/trouble"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"content/articles/where.md:6:70: link @/situation/trouble"),
        "{lines:?}"
    );
    assert!(lines.contains(&"  every page's header (the first situations are linked there)"));
    for page in [
        "situations/trouble.html",
        "situations/delivery.html",
        "articles/where.html",
        "cheatsheet/index.html",
    ] {
        assert!(
            lines.contains(&format!("  {page}").as_str()),
            "{page} missing: {lines:?}"
        );
    }
    let run = guide.run(&["where", "delivery"]).code(0);
    assert!(
        run.stdout
            .contains("content/articles/delivery.md:3:12: `situation:` of the article"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_window_only_a_reference_names_is_found_and_one_nothing_names_lists_its_definition() {
    let guide = Guide::good();
    let run = guide.run(&["where", "police-consult"]).code(0);
    assert_eq!(
        run.stdout.lines().take(3).collect::<Vec<_>>(),
        [
            "window `police-consult`: 警察相談専用電話",
            "content/guide.yaml:49:9: defined here",
            "content/guide.yaml:74:27: in `also` of situation `trouble`",
        ]
    );
    assert!(!run.stdout.contains("articles/"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn an_unknown_id_is_an_error_with_did_you_mean_and_lists_nothing() {
    let guide = Guide::good();
    let run = guide.run(&["where", "consumer-hotlin"]).code(1);
    run.error_anywhere("no window or situation with id `consumer-hotlin`")
        .help("did you mean `consumer-hotline`?");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // A window's name where its id goes: the help names the id.
    let run = guide.run(&["where", "消費者ホットライン"]).code(1);
    run.error_anywhere("no window or situation with id `消費者ホットライン`")
        .help("`消費者ホットライン` is the name of window `consumer-hotline`: madoguchi where consumer-hotline");
}

#[test]
fn the_listing_is_the_same_every_run() {
    let guide = guide_naming_the_hotline();
    let first = guide.run(&["where", "consumer-hotline"]).code(0).stdout;
    for _ in 0..3 {
        assert_eq!(guide.run(&["where", "consumer-hotline"]).stdout, first);
    }
}

#[test]
fn a_guide_that_does_not_load_is_reported_not_listed() {
    let guide = Guide::good();
    guide.replace(
        GUIDE,
        "  - id: police-consult",
        "  - id: police-consult\n    sorce: x",
    );
    let run = guide.run(&["where", "police-consult"]).code(1);
    run.error_anywhere("unknown field `sorce`");
    assert!(run.stdout.is_empty());
}

/// The history (`content/changes.yaml`) and the cheat sheet's `sheet:` list name windows and
/// situations too: listed after the rest of `guide.yaml`, in file order.
#[test]
fn history_entries_and_the_sheet_list_are_places_too() {
    let guide = Guide::good();
    guide.write(
        "content/changes.yaml",
        std::fs::read_to_string(common::fixtures().join("history/changes.yaml")).unwrap(),
    );
    guide.append(GUIDE, "sheet: [trouble, delivery]\n");
    let run = guide.run(&["where", "kokusen-lunch"]).code(0);
    assert!(
        run.stdout.contains(
            "content/changes.yaml:4:13: in `windows` of the change of 2026-11-01\npages that show it:"
        ),
        "{}",
        run.stdout
    );
    let run = guide.run(&["where", "trouble"]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let sheet = (lines.iter())
        .position(|l| l.ends_with(": in `sheet`, the cheat sheet's situations"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    let history = (lines.iter())
        .position(|l| {
            *l == "content/changes.yaml:5:16: in `situations` of the change of 2026-11-01"
        })
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(lines[sheet].starts_with("content/guide.yaml:"), "{lines:?}");
    assert!(sheet < history);
    // A situation the sheet leaves off is not said to be on it.
    let run = guide.run(&["where", "delivery"]).code(0);
    assert!(run.stdout.contains("in `sheet`"), "{}", run.stdout);
    guide.replace(GUIDE, "sheet: [trouble, delivery]\n", "sheet: [trouble]\n");
    let run = guide.run(&["where", "delivery"]).code(0);
    assert!(!run.stdout.contains("in `sheet`"), "{}", run.stdout);
    assert!(!run.stdout.contains("changes.yaml"), "{}", run.stdout);
}

/// The 更新履歴 page (and the feed, with a `base_url`) shows the history's entries: it is
/// among the pages of a window the history names, and an id the guide no longer has but the
/// history names is listed, not called unknown.
#[test]
fn the_history_page_shows_what_the_history_names_even_a_removed_window() {
    let guide = Guide::good();
    guide.write(
        "content/changes.yaml",
        std::fs::read_to_string(common::fixtures().join("history/changes.yaml")).unwrap(),
    );
    let run = guide.run(&["where", "kokusen-lunch"]).code(0);
    assert!(run.stdout.contains("\n  changes.html\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("changes.atom"), "{}", run.stdout);
    // A window the history does not name is not on the history page.
    let run = guide.run(&["where", "consumer-hotline"]).code(0);
    assert!(!run.stdout.contains("changes.html"), "{}", run.stdout);

    let run = guide.run(&["where", "old-window"]).code(0);
    assert_eq!(
        run.stdout,
        "removed `old-window`: no longer in the guide; its history names it\n\
         content/changes.yaml:4:28: in `windows` of the change of 2026-11-01\n\
         content/changes.yaml:8:13: in `removed` of the change of 2026-11-20\n\
         pages that show it:\n  changes.html\n"
    );
    // With a public address the feed carries the history too.
    guide.append(GUIDE, "base_url: https://guide.example.jp/\n");
    let run = guide.run(&["where", "old-window"]).code(0);
    assert!(
        run.stdout.ends_with("  changes.html\n  changes.atom\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn drafts_are_left_out_with_a_note_and_listed_with_drafts() {
    let guide = Guide::good();
    guide.write(
        "content/articles/draft.md",
        "---\ntitle: 下書き\ndraft: true\n---\n{{ window(id=\"consumer-hotline\") }}へ。\n",
    );
    let run = guide.run(&["where", "consumer-hotline"]).code(0);
    assert!(!run.stdout.contains("draft.md"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note: 1 draft left out: `--drafts` lists their uses too"),
        "{}",
        run.stderr
    );
    let run = guide
        .run(&["where", "consumer-hotline", "--drafts"])
        .code(0);
    assert!(
        run.stdout.contains(
            "content/articles/draft.md:5:1: reference {{ window(id=\"consumer-hotline\") }}"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  articles/draft.html\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
}

#[test]
fn a_windows_name_in_an_articles_title_or_description_is_listed_there() {
    // Neither reads references, so a rename does not reach them: an editor re-reads them.
    let guide = Guide::good();
    guide.write(
        WHERE_MD,
        "---\ntitle: 消費者ホットラインについて\ndescription: 消費者ホットラインの説明\n---\n本文\n",
    );
    let run = guide.run(&["where", "consumer-hotline"]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for line in [
        "content/articles/where.md:2:8: its name, in the article's `title`",
        "content/articles/where.md:3:14: its name, in the article's `description`",
        "  articles/where.html",
        // The keyword index and the search page list every window by name.
        "  sakuin.html",
        "  search.html",
    ] {
        assert!(lines.contains(&line), "{line} missing: {lines:?}");
    }
    // A title naming another window is not listed for this one.
    let run = guide.run(&["where", "shop-message"]).code(0);
    assert!(!run.stdout.contains("where.md"), "{}", run.stdout);
}
