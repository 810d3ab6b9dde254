//! `serve` rebuilds in part after an edit of content: it re-renders only the pages the edit
//! changed and replaces them in place. Whatever it does, the output must end up exactly as a
//! full build of the edited guide writes it, and a failed edit must leave it as it was.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::{snapshot, Guide, Snapshot, DELIVERY_MD, FAQ_MD, GUIDE};
use madoguchi::pipeline::{build, BuildOptions, Changes, Session};
use madoguchi::report::Report;

fn options(root: &Path, out: PathBuf) -> BuildOptions {
    BuildOptions::new(root, Some(&out))
}

/// A guide being served: its session, and what the last rebuild reported.
struct Served {
    guide: Guide,
    session: Session,
    /// How many pages the last rebuild said it built (the terminal's summary).
    pages: Option<usize>,
}

impl Served {
    fn start(guide: Guide) -> Served {
        let mut served = Served {
            guide,
            session: Session::default(),
            pages: None,
        };
        let report = served.rebuild(Changes::Everything);
        assert_eq!(report.error_count(), 0, "{:?}", report.diagnostics);
        served
    }

    fn rebuild(&mut self, changes: Changes) -> Report {
        let mut report = Report::default();
        let options = options(self.guide.root(), self.guide.out());
        self.pages = (self.session.rebuild(&options, &mut report, &changes)).map(|b| b.pages);
        report
    }

    /// Rebuilds after edits to the named content files, as the watcher reports them.
    fn edited(&mut self, files: &[&str]) -> Report {
        let paths: Vec<PathBuf> = files.iter().map(|f| self.guide.path(f)).collect();
        let changes = Changes::of(self.guide.root(), &paths);
        assert!(
            matches!(changes, Changes::Content(_)),
            "content edits are rebuilt in part"
        );
        self.rebuild(changes)
    }

    /// `edited`, for an edit that must build.
    fn edited_ok(&mut self, files: &[&str]) {
        let report = self.edited(files);
        assert_eq!(report.error_count(), 0, "{:?}", report.diagnostics);
    }

    fn output(&self) -> Snapshot {
        snapshot(&self.guide.out())
    }

    /// The output is byte for byte what a full build of the guide as it is now writes.
    fn assert_same_as_full_build(&self) {
        let full = self.guide.root().join("full-build");
        let mut report = Report::default();
        let built = build(&options(self.guide.root(), full.clone()), &mut report)
            .unwrap_or_else(|| panic!("full build failed: {:?}", report.diagnostics));
        // `serve` names as many pages after a rebuild in part as a build does.
        assert_eq!(
            self.pages,
            Some(built.pages),
            "the pages the summary counts"
        );
        let (served, built) = (self.output(), snapshot(&full));
        let names = |s: &Snapshot| s.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&served), names(&built), "the same files");
        for (path, bytes) in &built {
            assert!(served[path] == *bytes, "`{path}` differs from a full build");
        }
        std::fs::remove_dir_all(&full).unwrap();
    }

    /// The file's inode: a page replaced (in place or by a full build) gets a new one.
    fn inode(&self, page: &str) -> u64 {
        std::fs::metadata(self.guide.out().join(page))
            .unwrap()
            .ino()
    }
}

#[test]
fn an_edited_window_rerenders_only_the_pages_that_show_it() {
    let mut served = Served::start(Guide::good());
    let (faq, delivery) = (
        served.inode("articles/faq.html"),
        served.inode("situations/delivery.html"),
    );
    served
        .guide
        .replace(GUIDE, "hours: 平日11:00〜13:00", "hours: 平日11:00〜13:30");
    served.edited_ok(&[GUIDE]);
    let output = served.output();
    let shows = |page: &str| String::from_utf8_lossy(&output[page]).contains("平日11:00〜13:30");
    assert!(
        shows("index.html") && shows("print.html"),
        "pages that list the window show the edit"
    );
    assert_eq!(
        served.inode("articles/faq.html"),
        faq,
        "an article that does not show the window is left alone"
    );
    assert_eq!(
        served.inode("situations/delivery.html"),
        delivery,
        "a situation that does not name the window is left alone"
    );
    served.assert_same_as_full_build();
}

#[test]
fn a_renamed_window_rerenders_the_pages_whose_articles_reference_it() {
    // faq.md references `consumer-hotline`; so does delivery.md, which a situation page shows.
    let guide = Guide::good();
    guide.append(
        DELIVERY_MD,
        "\nこじれたら{{ window(id=\"consumer-hotline\") }}へ。\n",
    );
    let mut served = Served::start(guide);
    let contact = served.inode("articles/help/contact.html");
    served.guide.replace(
        GUIDE,
        "name: 消費者ホットライン",
        "name: 消費者ホットライン（消費者庁）",
    );
    served.edited_ok(&[GUIDE]);
    let output = served.output();
    for page in ["articles/faq.html", "situations/delivery.html"] {
        let html = String::from_utf8_lossy(&output[page]);
        assert!(
            html.contains("消費者ホットライン（消費者庁）</a>"),
            "{page}"
        );
    }
    assert_eq!(
        served.inode("articles/help/contact.html"),
        contact,
        "an article that references no window is left alone"
    );
    served.assert_same_as_full_build();
}

#[test]
fn an_edited_article_rerenders_its_page_and_the_print_page() {
    let mut served = Served::start(Guide::good());
    let delivery = served.inode("situations/delivery.html");
    let faq = served.inode("articles/faq.html");
    served
        .guide
        .append(FAQ_MD, "\n## 追記\n\n公式サイトの案内を確かめます。\n");
    served.edited_ok(&[FAQ_MD]);
    assert_ne!(
        served.inode("articles/faq.html"),
        faq,
        "the article's page is replaced"
    );
    assert_eq!(
        served.inode("situations/delivery.html"),
        delivery,
        "other pages are left alone"
    );
    let print = String::from_utf8_lossy(&served.output()["print.html"]).into_owned();
    assert!(print.contains("追記"), "the print page has the new text");
    served.assert_same_as_full_build();
}

#[test]
fn added_and_deleted_articles_come_and_go() {
    // With a public address, so the sitemap must follow the pages too.
    let guide = Guide::good();
    guide.append(GUIDE, "base_url: https://example.org/guide\n");
    let mut served = Served::start(guide);
    let delivery = served.inode("situations/delivery.html");
    let new = "content/articles/new-page.md";
    served.guide.write(
        new,
        "---\ntitle: 新しいページ\n---\n## はじめに\n\n[FAQ](@/faq.md) を読みます。\n",
    );
    served.edited_ok(&[new]);
    assert!(served.output().contains_key("articles/new-page.html"));
    let sitemap = String::from_utf8_lossy(&served.output()["sitemap.xml"]).into_owned();
    assert!(sitemap.contains("articles/new-page.html"), "{sitemap}");
    assert_eq!(
        served.inode("situations/delivery.html"),
        delivery,
        "pages that do not list articles are left alone"
    );
    served.assert_same_as_full_build();

    served.guide.remove(new);
    served.edited_ok(&[new]);
    assert!(!served.output().contains_key("articles/new-page.html"));
    served.assert_same_as_full_build();
}

#[test]
fn a_failed_edit_leaves_the_output_and_fixing_it_rebuilds() {
    let mut served = Served::start(Guide::good());
    let before = served.output();
    served
        .guide
        .append(DELIVERY_MD, "\n折り返しは 050-1234-5678 へ。\n");
    let report = served.edited(&[DELIVERY_MD]);
    assert!(
        report.error_count() > 0,
        "an unvetted number fails the build"
    );
    assert!(
        served.output() == before,
        "the output is left exactly as it was"
    );

    served
        .guide
        .replace(DELIVERY_MD, "\n折り返しは 050-1234-5678 へ。\n", "\n");
    served.edited_ok(&[DELIVERY_MD]);
    served.assert_same_as_full_build();
}

#[test]
fn an_edit_every_page_shows_rebuilds_every_page() {
    let mut served = Served::start(Guide::good());
    let faq = served.inode("articles/faq.html");
    served.guide.replace(
        GUIDE,
        "title: テスト用の窓口ガイド",
        "title: テスト用の窓口ガイド（改）",
    );
    served.edited_ok(&[GUIDE]);
    assert_ne!(
        served.inode("articles/faq.html"),
        faq,
        "every page shows the title"
    );
    served.assert_same_as_full_build();
}

#[test]
fn an_edited_label_rerenders_every_page() {
    let mut served = Served::start(Guide::good());
    let faq = served.inode("articles/faq.html");
    served
        .guide
        .replace(GUIDE, "lang: ja\n", "lang: ja\nlabels:\n  sources: 出典\n");
    served.edited_ok(&[GUIDE]);
    assert_ne!(
        served.inode("articles/faq.html"),
        faq,
        "every page's footer prints the label"
    );
    served.assert_same_as_full_build();
}

#[test]
fn a_theme_edit_is_a_full_rebuild() {
    let guide = Guide::good();
    let changes = Changes::of(
        guide.root(),
        &[guide.path("themes/default/templates/article.html")],
    );
    assert!(matches!(changes, Changes::Everything));
    let changes = Changes::of(guide.root(), &[guide.path("content/articles")]);
    assert!(
        matches!(changes, Changes::Everything),
        "a folder event (a move, say) is not a file edit"
    );
}

#[test]
fn files_no_build_reads_are_not_changes() {
    let guide = Guide::good();
    guide.write("content/articles/.faq.md.swp", "vim");
    guide.write("content/articles/faq.md~", "backup");
    let paths = [
        guide.path("content/articles/.faq.md.swp"),
        guide.path("content/articles/faq.md~"),
        guide.path("content/articles/.gone.md.swp"),
    ];
    assert!(Changes::of(guide.root(), &paths).is_nothing());
    let mut with_article = paths.to_vec();
    with_article.push(guide.path(FAQ_MD));
    match Changes::of(guide.root(), &with_article) {
        Changes::Content(files) => assert_eq!(files.len(), 1, "only the article: {files:?}"),
        Changes::Everything => panic!("an article edit with swap files is still partial"),
    }
    // A symlink is reported by the article walk, so it is a change even without `.md`.
    std::os::unix::fs::symlink(guide.path(GUIDE), guide.path("content/articles/link.txt")).unwrap();
    assert!(matches!(
        Changes::of(guide.root(), &[guide.path("content/articles/link.txt")]),
        Changes::Everything
    ));
}

#[test]
fn a_guide_that_fails_to_load_is_read_whole_once_fixed() {
    let mut served = Served::start(Guide::good());
    let before = served.output();
    served.guide.replace(
        GUIDE,
        "title: テスト用の窓口ガイド\n",
        "titel: テスト用の窓口ガイド\n",
    );
    let report = served.edited(&[GUIDE]);
    assert!(report.error_count() > 0, "an unknown field fails the load");
    assert!(
        served.output() == before,
        "the output is left exactly as it was"
    );

    // The articles were not reloaded with the broken guide; the fix must not lose them.
    served.guide.replace(
        GUIDE,
        "titel: テスト用の窓口ガイド\n",
        "title: テスト用の窓口ガイド\n",
    );
    served.edited_ok(&[GUIDE]);
    served.assert_same_as_full_build();
}

#[test]
fn an_edit_no_page_shows_replaces_no_page() {
    let mut served = Served::start(Guide::good());
    let pages = [
        "index.html",
        "print.html",
        "articles/faq.html",
        "cheatsheet/index.html",
    ];
    let before: Vec<u64> = pages.iter().map(|p| served.inode(p)).collect();
    served.guide.append(GUIDE, "# 次回の確認は12月に行う\n");
    served.edited_ok(&[GUIDE]);
    let after: Vec<u64> = pages.iter().map(|p| served.inode(p)).collect();
    assert_eq!(before, after, "a comment in guide.yaml changes no page");
    served.assert_same_as_full_build();
}

#[test]
fn an_output_deleted_by_hand_is_built_whole_at_the_next_edit() {
    // Found by trying to break serve: the first edit after `rm -rf output` used to fail with
    // "holds no site madoguchi built", and every page was a 404 until a second edit.
    let mut served = Served::start(Guide::good());
    std::fs::remove_dir_all(served.guide.out()).unwrap();
    served
        .guide
        .append(FAQ_MD, "\n## 追記\n\n公式サイトの案内を確かめます。\n");
    served.edited_ok(&[FAQ_MD]);
    served.assert_same_as_full_build();
}

#[test]
fn an_output_another_build_replaced_is_built_whole_at_the_next_edit() {
    // Found by trying to break serve: `build --root other --out OUT` while `serve` waited for
    // edits replaced OUT with another guide's site; the next edit updated two pages in place,
    // leaving the other guide's thirteen pages (and the numbers it vouches for) live.
    let mut served = Served::start(Guide::good());
    let other = Guide::good();
    other.replace(GUIDE, "title: テスト用の窓口ガイド", "title: ほかのガイド");
    let mut report = Report::default();
    build(&options(other.root(), served.guide.out()), &mut report)
        .unwrap_or_else(|| panic!("the other build failed: {:?}", report.diagnostics));
    assert!(
        String::from_utf8_lossy(&served.output()["index.html"]).contains("ほかのガイド"),
        "the other guide's site is in the output"
    );
    served
        .guide
        .append(FAQ_MD, "\n## 追記\n\n公式サイトの案内を確かめます。\n");
    served.edited_ok(&[FAQ_MD]);
    served.assert_same_as_full_build();
    let home = served.output()["index.html"].clone();
    assert!(!String::from_utf8_lossy(&home).contains("ほかのガイド"));
}

#[test]
fn an_edit_of_the_history_or_of_a_window_it_names_is_rebuilt_like_a_full_build() {
    let guide = Guide::good();
    guide.write(
        "content/changes.yaml",
        "- date: 2026-11-01\n  note: はじめの記録\n  windows: [kokusen-lunch]\n",
    );
    let mut served = Served::start(guide);
    served.assert_same_as_full_build();
    // A new entry: the history page, the home page and the situation pages it concerns.
    served.guide.append(
        "content/changes.yaml",
        "- date: 2026-11-20\n  note: 店の窓口を見直しました\n  windows: [shop-message]\n",
    );
    served.edited_ok(&["content/changes.yaml"]);
    let history = String::from_utf8_lossy(&served.output()["changes.html"]).into_owned();
    assert!(history.contains("店の窓口を見直しました"), "{history}");
    served.assert_same_as_full_build();
    // A window it names is renamed: the history page shows the new name.
    served.guide.replace(
        GUIDE,
        "name: ショップへの問い合わせ",
        "name: お店への問い合わせ",
    );
    served.edited_ok(&[GUIDE]);
    let history = String::from_utf8_lossy(&served.output()["changes.html"]).into_owned();
    assert!(history.contains("お店への問い合わせ"), "{history}");
    served.assert_same_as_full_build();
}

#[test]
fn an_edited_heading_checks_the_anchors_that_lead_to_it_again() {
    // contact.md links `@/faq.md#窓口の一覧`: renaming that heading in faq.md alone must
    // break it, though contact.md did not change (its check remembers what it read).
    let guide = Guide::good();
    guide.replace(
        common::CONTACT_MD,
        "(@/faq.md#top)",
        "(@/faq.md#窓口の一覧)",
    );
    let mut served = Served::start(guide);
    served.guide.replace(FAQ_MD, "## 窓口の一覧", "## 窓口");
    let report = served.edited(&[FAQ_MD]);
    assert!(
        (report.diagnostics.iter()).any(|d| d.message.contains("no anchor `#窓口の一覧`")),
        "{:?}",
        report.diagnostics
    );
    served.guide.replace(FAQ_MD, "## 窓口", "## 窓口の一覧");
    served.edited_ok(&[FAQ_MD]);
    served.assert_same_as_full_build();
}

#[test]
fn a_situation_that_starts_showing_an_article_checks_its_heading_ids_again() {
    // faq.md's `{#window-consumer-hotline}` is harmless on its own page; once the situation
    // `trouble` (which shows that window) shows faq.md, the two ids clash, though faq.md did
    // not change.
    let guide = Guide::good();
    guide.replace(
        FAQ_MD,
        "## 窓口の一覧",
        "## 窓口の一覧 {#window-consumer-hotline}",
    );
    let mut served = Served::start(guide);
    served.guide.replace(
        GUIDE,
        "    first: [consumer-hotline]\n",
        "    first: [consumer-hotline]\n    article: faq\n",
    );
    let report = served.edited(&[GUIDE]);
    assert!(
        (report.diagnostics.iter()).any(|d| d
            .message
            .contains("heading id `#window-consumer-hotline` is also the anchor")),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn an_image_edit_is_a_full_rebuild_and_an_alias_added_or_dropped_in_place_matches_a_full_build() {
    let guide = Guide::good();
    let png = std::fs::read(common::fixtures().join("images/order-history.png")).unwrap();
    guide.write("content/articles/shot.png", &png);
    let changes = Changes::of(guide.root(), &[guide.path("content/articles/shot.png")]);
    assert!(
        matches!(changes, Changes::Everything),
        "pages print its size"
    );
    guide.append(FAQ_MD, "\n![画面](shot.png)\n");
    let mut served = Served::start(guide);
    assert_eq!(served.output()["articles/shot.png"], png);
    served
        .guide
        .replace(FAQ_MD, "order: 1\n", "order: 1\naliases: [old-faq.html]\n");
    served.edited_ok(&[FAQ_MD]);
    assert!(served.output().contains_key("old-faq.html"));
    served.assert_same_as_full_build();
    served
        .guide
        .replace(FAQ_MD, "aliases: [old-faq.html]\n", "");
    served.edited_ok(&[FAQ_MD]);
    assert!(!served.output().contains_key("old-faq.html"));
    served.assert_same_as_full_build();
}

#[test]
fn theme_and_sheet_edited_in_guide_yaml_are_rebuilt_as_a_full_build_would() {
    let guide = Guide::good();
    guide.write(
        "themes/mine/templates/404.html",
        "<!doctype html><title>mine</title><p>MINE</p>",
    );
    guide.write("themes/mine/static/extra.css", "p { margin: 0; }");
    let mut served = Served::start(guide);
    // Choosing a theme in the data renders every page again, with it.
    served
        .guide
        .replace(GUIDE, "lang: ja\n", "lang: ja\ntheme: mine\n");
    served.edited_ok(&[GUIDE]);
    assert!(String::from_utf8_lossy(&served.output()["404.html"]).contains("MINE"));
    served.assert_same_as_full_build();
    // The sheet's order.
    served.guide.replace(
        GUIDE,
        "\nchannels:\n",
        "\nsheet: [trouble, delivery]\nchannels:\n",
    );
    served.edited_ok(&[GUIDE]);
    served.assert_same_as_full_build();
}
