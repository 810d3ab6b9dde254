//! When contacts change: `data.json` (the published data), `madoguchi changes` (`--since`,
//! `--record`, `--check`), `content/changes.yaml` and its rules, and what readers see of it
//! (the 更新履歴 page, `changes.atom`, the home page, each situation page).

mod common;

use common::*;

const HISTORY: &str = "content/changes.yaml";

/// The good guide with the fixture history.
fn with_history() -> Guide {
    let guide = Guide::good();
    let history = std::fs::read_to_string(fixtures().join("history/changes.yaml")).unwrap();
    guide.write(HISTORY, history);
    guide
}

fn out_file(guide: &Guide, rel: &str) -> String {
    guide.read(&format!("output/{rel}"))
}

fn data(guide: &Guide) -> serde_json::Value {
    serde_json::from_str(&out_file(guide, "data.json")).expect("data.json is JSON")
}

/// The one diagnostic with this message, asserting its location.
fn only(run: &Run, message: &str, location: &str) -> Printed {
    let found: Vec<Printed> = (run.diagnostics().into_iter())
        .filter(|d| d.message == message)
        .collect();
    assert_eq!(found.len(), 1, "expected `{message}` once:\n{}", run.stderr);
    assert_eq!(
        found[0].location.as_deref(),
        Some(location),
        "{}",
        run.stderr
    );
    found[0].clone()
}

// ── data.json ──

#[test]
fn every_build_writes_the_published_data_deterministically() {
    let guide = Guide::good();
    guide.build().ok();
    let first = out_file(&guide, "data.json");
    guide.build().ok();
    assert_eq!(first, out_file(&guide, "data.json"), "two builds differ");
    let data = data(&guide);
    assert_eq!(data["format"], 1);
    assert_eq!(data["title"], "テスト用の窓口ガイド");
    let windows = data["windows"].as_array().unwrap();
    let kokusen = windows.iter().find(|w| w["id"] == "kokusen-lunch").unwrap();
    assert_eq!(kokusen["phone"], "03-3446-0999");
    assert_eq!(kokusen["hours"], "平日11:00〜13:00");
    assert_eq!(
        kokusen["page"],
        "situations/trouble.html#window-kokusen-lunch"
    );
    assert_eq!(kokusen["checked"], "2026-11-20");
    assert_eq!(kokusen["source"]["checked"], "2026-11-20");
    let delivery = &data["situations"][0];
    assert_eq!(delivery["id"], "delivery");
    assert_eq!(delivery["page"], "situations/delivery.html");
    assert_eq!(delivery["first"], serde_json::json!(["shop-message"]));
    assert_eq!(delivery["checked"], "2026-11-20");
    // The page address really is where the window's details are.
    assert!(out_file(&guide, "situations/trouble.html").contains("id=\"window-kokusen-lunch\""));
    assert!(
        !first.contains("T00:") && !first.contains("built"),
        "no build time"
    );
}

#[test]
fn the_published_data_matches_its_schema_and_the_schema_refuses_other_shapes() {
    let guide = with_history();
    guide.build().ok();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["schema", "--data"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(schema["title"], "madoguchi data.json");
    // Every field is documented, and unknown ones are refused.
    let mut objects = vec![&schema];
    objects.extend(schema["$defs"].as_object().unwrap().values());
    for object in objects {
        if let Some(properties) = object.get("properties").and_then(|p| p.as_object()) {
            assert_eq!(object["additionalProperties"], false);
            for (name, property) in properties {
                assert!(
                    property["description"].is_string(),
                    "`{name}` is not described"
                );
            }
        }
    }
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let mut data = data(&guide);
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        data["changes"][1]["removed"],
        serde_json::json!(["old-window"])
    );
    data["windows"][0]["phonee"] = "x".into();
    assert!(
        !validator.is_valid(&data),
        "an unknown field must be refused"
    );
}

#[test]
fn a_theme_file_may_not_replace_the_published_data() {
    let guide = Guide::good();
    guide.write("themes/mine/static/data.json", "{}");
    let run = guide.run(&["build", "--theme", "mine"]).code(1);
    assert!(
        run.stderr.contains(
            "theme file `static/data.json` would replace the page the build writes there"
        ),
        "{}",
        run.stderr
    );
}

// ── madoguchi changes ──

/// The good guide built (its data published), then a window's phone and hours changed.
fn published_then_edited() -> Guide {
    let guide = Guide::good();
    guide.build().ok();
    guide
        .replace(
            common::GUIDE,
            "phone: \"03-3446-0999\"",
            "phone: \"03-3446-0998\"",
        )
        .replace(
            common::GUIDE,
            "hours: 平日11:00〜13:00",
            "hours: 平日10:00〜12:00",
        );
    guide
}

#[test]
fn changes_lists_each_field_old_to_new_at_the_window_s_place() {
    let guide = Guide::good();
    guide.build().ok();
    let same = guide.run(&["changes"]).code(0);
    assert_eq!(same.stdout, "");
    assert!(same.stderr.contains("no changes since"), "{}", same.stderr);
    let guide = published_then_edited();
    let run = guide.run(&["changes"]).code(0);
    assert_eq!(
        run.stdout,
        "changed: window `kokusen-lunch`\n  --> content/guide.yaml:40:9\n   = hours: \"平日11:00〜13:00\" → \"平日10:00〜12:00\"\n   = phone: \"03-3446-0999\" → \"03-3446-0998\"\n\n"
    );
    assert!(
        run.stderr.contains("1 window changed since"),
        "{}",
        run.stderr
    );
}

#[test]
fn changes_lists_added_and_removed_ids_and_a_recheck() {
    let guide = Guide::good();
    guide.build().ok();
    guide
        .replace(common::GUIDE, "id: police-consult", "id: police-line")
        .replace(
            common::GUIDE,
            "also: [kokusen-lunch, police-consult]",
            "also: [kokusen-lunch, police-line]",
        )
        .replace(
            common::GUIDE,
            "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-11-20",
            "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-11-25",
        );
    let run = guide.run(&["changes"]).code(0);
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(
        heads,
        [
            "re-checked: window `shop-message`",
            "added: window `police-line`",
            "removed: window `police-consult`",
            "changed: situation `trouble`",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "   = also: [\"kokusen-lunch\",\"police-consult\"] → [\"kokusen-lunch\",\"police-line\"]"
    ));
    // The summary counts the re-check apart from the changes.
    assert!(
        run.stderr
            .contains("2 windows and 1 situation changed, 1 window re-checked since"),
        "{}",
        run.stderr
    );
    // A re-check alone needs no entry; the rest do, each in its list.
    guide
        .run(&["changes", "--record", "警察の窓口の id を変えました"])
        .code(0);
    let history = guide.read(HISTORY);
    assert!(
        history.contains(
            "  windows: [police-line]\n  situations: [trouble]\n  removed: [police-consult]\n"
        ),
        "{history}"
    );
    assert!(!history.contains("shop-message"), "{history}");
    guide.run(&["changes", "--check"]).code(0);
}

#[test]
fn check_fails_on_an_unrecorded_change_and_passes_once_it_is_recorded() {
    let guide = published_then_edited();
    let run = guide.run(&["changes", "--check"]).code(1);
    let since = guide.out().join("data.json");
    let d = only(
        &run,
        &format!(
            "window `kokusen-lunch` changed since {}, and no entry in content/changes.yaml records it",
            since.display()
        ),
        "content/guide.yaml:40:9",
    );
    assert!(d.text.contains("--record"), "{}", d.text);
    guide
        .run(&[
            "changes",
            "--record",
            "国民生活センターの番号と受付時間が変わりました",
        ])
        .code(0);
    let history = guide.read(HISTORY);
    let today = date_of(utc_day_number());
    assert!(
        history.ends_with(&format!("- date: {today}\n  note: \"国民生活センターの番号と受付時間が変わりました\"\n  windows: [kokusen-lunch]\n")),
        "{history}"
    );
    assert!(
        history.starts_with("# "),
        "a new history starts with a comment saying what it is"
    );
    let run = guide.run(&["changes", "--check"]).code(0);
    assert!(
        run.stderr.contains("ok: every change since"),
        "{}",
        run.stderr
    );
    // Recording again records nothing twice.
    let again = guide.run(&["changes", "--record", "もう一度"]).code(0);
    assert!(
        again.stderr.contains("nothing recorded"),
        "{}",
        again.stderr
    );
    assert_eq!(guide.read(HISTORY), history);
    // Once built, the published data holds the change and its entry: nothing differs.
    guide.replace(
        common::FAQ_MD,
        "と 03-3446-0999 です",
        "と 03-3446-0998 です",
    );
    guide.build().ok();
    let after = guide.run(&["changes", "--check"]).code(0);
    assert!(
        after.stderr.contains("no changes since"),
        "{}",
        after.stderr
    );
}

#[test]
fn an_entry_already_published_does_not_record_a_new_change() {
    let guide = with_history();
    guide.build().ok();
    guide.replace(
        common::GUIDE,
        "hours: 平日11:00〜13:00",
        "hours: 平日10:00〜12:00",
    );
    // The fixture's entries name kokusen-lunch, but they were published before this change.
    guide.run(&["changes", "--check"]).code(1);
}

#[test]
fn since_takes_a_file_or_a_site_folder_and_explains_what_it_cannot_read() {
    let guide = published_then_edited();
    let saved = guide.path("published.json");
    std::fs::copy(guide.path("output/data.json"), &saved).unwrap();
    let file = guide
        .run(&["changes", "--since", saved.to_str().unwrap()])
        .code(0);
    let folder = guide.run(&["changes", "--since", "output"]).code(0);
    assert_eq!(file.stdout, folder.stdout);
    assert!(file
        .stdout
        .contains("phone: \"03-3446-0999\" → \"03-3446-0998\""));
    let missing = guide
        .run(&["changes", "--since", "nowhere/data.json"])
        .code(2);
    assert!(
        missing
            .stderr
            .contains("cannot read the published data `nowhere/data.json`"),
        "{}",
        missing.stderr
    );
    assert!(
        missing.stderr.contains("madoguchi build"),
        "{}",
        missing.stderr
    );
    guide.write(
        "broken.json",
        "{\n  \"format\": 1,\n  \"windows\": [,]\n}\n",
    );
    let broken = guide.run(&["changes", "--since", "broken.json"]).code(2);
    only(
        &broken,
        "the published data is not valid JSON",
        "broken.json:3:15",
    );
    guide.write("other.json", "{\"format\": 2, \"windows\": []}");
    let other = guide.run(&["changes", "--since", "other.json"]).code(2);
    assert!(
        other
            .stderr
            .contains("not a data.json this madoguchi can read (format 2)"),
        "{}",
        other.stderr
    );
    let empty = guide.run(&["changes", "--record", "  "]).code(2);
    assert!(
        empty.stderr.contains("`--record` needs a note"),
        "{}",
        empty.stderr
    );
    guide.run(&["changes", "--record", "x", "--check"]).code(2);
}

#[test]
fn a_guide_that_does_not_load_is_not_compared() {
    let guide = Guide::good();
    guide.build().ok();
    guide.replace(
        common::GUIDE,
        "    kind: message\n    owner: 商品を発送したショップ",
        "    kind: message\n    ownr: 商品を発送したショップ",
    );
    let run = guide.run(&["changes"]).code(1);
    assert!(
        run.stderr.contains("unknown field `ownr`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

// ── content/changes.yaml ──

#[test]
fn a_good_history_builds_and_a_guide_without_one_too() {
    with_history().build().ok();
    Guide::good().build().ok();
    // Comments alone are an empty history.
    let guide = Guide::good();
    guide.write(HISTORY, "# nothing yet\n");
    guide.build().ok();
}

/// The fixture history with one replacement: the build fails.
fn bad_history(from: &str, to: &str) -> Run {
    let guide = with_history();
    guide.replace(HISTORY, from, to);
    guide.build().code(1)
}

#[test]
fn dates_must_be_real_and_not_in_the_future() {
    let run = bad_history("date: 2026-11-01", "date: 2026-02-30");
    only(
        &run,
        "`2026-02-30` is not a date",
        "content/changes.yaml:2:9",
    );
    let future = date_of(utc_day_number() + 3);
    let run = bad_history("date: 2026-11-20", &format!("date: {future}"));
    only(
        &run,
        &format!("the change dated {future} is in the future"),
        "content/changes.yaml:6:9",
    );
    // Tomorrow (UTC) is today in Japan.
    let tomorrow = date_of(utc_day_number() + 1);
    let guide = with_history();
    guide.replace(HISTORY, "date: 2026-11-20", &format!("date: {tomorrow}"));
    guide.build().ok();
}

#[test]
fn ids_must_exist_or_be_marked_removed() {
    let run = bad_history(
        "windows: [kokusen-lunch, old-window]",
        "windows: [kokusen-lunc, old-window]",
    );
    let d = only(
        &run,
        "no window with id `kokusen-lunc`",
        "content/changes.yaml:4:13",
    );
    assert!(
        d.text.contains("did you mean `kokusen-lunch`?"),
        "{}",
        d.text
    );
    let run = bad_history("removed: [old-window]", "removed: [older-window]");
    only(
        &run,
        "no window with id `old-window`",
        "content/changes.yaml:4:28",
    );
    let run = bad_history("situations: [trouble]", "situations: [truble]");
    only(
        &run,
        "no situation with id `truble`",
        "content/changes.yaml:5:16",
    );
    // A removed id is written as guide.yaml's ids are (`where` lists it by that id).
    let guide = with_history();
    guide.replace(
        HISTORY,
        "removed: [old-window]",
        "removed: [old-window, \"\", Weird-ID, \"../x\"]",
    );
    let run = guide.build().code(1);
    run.error("removed id `` is not allowed", "content/changes.yaml:8:25");
    run.error(
        "removed id `Weird-ID` is not allowed",
        "content/changes.yaml:8:29",
    );
    run.error(
        "removed id `../x` is not allowed",
        "content/changes.yaml:8:39",
    );
}

#[test]
fn unknown_keys_and_empty_notes_are_refused_all_in_one_run() {
    let guide = with_history();
    guide
        .replace(HISTORY, "  situations: [trouble]", "  situation: [trouble]")
        .replace(
            HISTORY,
            "  removed: [old-window]",
            "  removed: [old-window]\n  notes: x",
        );
    let run = guide.build().code(1);
    let d = only(
        &run,
        "unknown field `situation`",
        "content/changes.yaml:5:3",
    );
    assert!(d.text.contains("did you mean `situations`?"), "{}", d.text);
    only(&run, "unknown field `notes`", "content/changes.yaml:9:3");
    let run = bad_history("note: 古い窓口を外しました", "note: \" \"");
    only(
        &run,
        "an entry of the history has an empty `note`",
        "content/changes.yaml:7:9",
    );
    let run = bad_history("- date: 2026-11-20\n", "- date: [2026-11-20]\n");
    assert!(
        run.diagnostics().iter().any(|d| d
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("content/changes.yaml:6:"))),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fake_number_in_a_note_fails_the_build() {
    let run = bad_history(
        "note: 古い窓口を外しました",
        "note: 新しい番号は 0120-444-444 です",
    );
    assert!(run.stderr.contains("0120-444-444"), "{}", run.stderr);
    assert!(run.stderr.contains("changes.html"), "{}", run.stderr);
    // Located in the note, not "no content file holds it".
    assert!(
        run.errors().iter().any(|e| e
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("content/changes.yaml:7:"))),
        "{}",
        run.stderr
    );
}

// ── What readers see ──

#[test]
fn a_recorded_change_reaches_the_history_the_feed_the_home_page_and_the_situation_page() {
    let guide = published_then_edited();
    guide.replace(
        common::GUIDE,
        "lang: ja\n",
        "lang: ja\nbase_url: https://example.org/guide/\n",
    );
    // The article that wrote the old number by hand is updated too (the check says so).
    guide.replace(
        common::FAQ_MD,
        "と 03-3446-0999 です",
        "と 03-3446-0998 です",
    );
    guide
        .run(&[
            "changes",
            "--record",
            "国民生活センターの番号と受付時間が変わりました",
        ])
        .code(0);
    guide.build().ok();
    let today = date_of(utc_day_number());
    let anchor = format!("change-{today}-1");
    let history = out_file(&guide, "changes.html");
    assert!(
        history.contains(&format!("<li id=\"{anchor}\">")),
        "{history}"
    );
    assert!(
        history.contains("<p>国民生活センターの番号と受付時間が変わりました</p>"),
        "{history}"
    );
    assert!(
        history.contains("<a href=\"situations/trouble.html#window-kokusen-lunch\">国民生活センター 平日バックアップ相談</a>"),
        "{history}"
    );
    assert!(
        history.contains("href=\"changes.atom\""),
        "the page links the feed"
    );
    let home = out_file(&guide, "index.html");
    assert!(
        home.contains(&format!("<a href=\"changes.html#{anchor}\">最新の更新（{today}）：</a> 国民生活センターの番号と受付時間が変わりました")),
        "{home}"
    );
    let trouble = out_file(&guide, "situations/trouble.html");
    assert!(
        trouble.contains(&format!("この状況と窓口の情報は {today} に更新しました")),
        "{trouble}"
    );
    // The changed window as the situation page shows it now.
    assert!(trouble.contains("03-3446-0998"), "{trouble}");
    assert!(trouble.contains("平日10:00〜12:00"), "{trouble}");
    // The paper knows its age: the sheet prints the change's date, and leads to the history.
    let sheet = out_file(&guide, "cheatsheet/index.html");
    assert!(
        sheet.contains(&format!("最終更新 <strong>{today}</strong>")),
        "{sheet}"
    );
    assert!(
        sheet.contains("https://example.org/guide/changes.html"),
        "{sheet}"
    );
    let delivery = out_file(&guide, "situations/delivery.html");
    assert!(
        !delivery.contains("この状況と窓口の情報は"),
        "its windows did not change"
    );
    let feed = out_file(&guide, "changes.atom");
    assert!(
        feed.contains("<title>国民生活センターの番号と受付時間が変わりました</title>"),
        "{feed}"
    );
    assert!(
        feed.contains(&format!(
            "<id>https://example.org/guide/changes.html#{anchor}</id>"
        )),
        "{feed}"
    );
    // Every page's footer leads to the history.
    assert!(out_file(&guide, "sources.html").contains("<a href=\"changes.html\">更新履歴</a>"));
}

#[test]
fn the_feed_has_every_element_rfc_4287_requires() {
    let guide = with_history();
    guide.replace(
        common::GUIDE,
        "lang: ja\n",
        "lang: ja\nbase_url: https://example.org/guide/\n",
    );
    guide.build().ok();
    let feed = out_file(&guide, "changes.atom");
    let tree = xml_tree(&feed);
    assert_eq!(tree.name, "feed");
    assert_eq!(tree.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    // atom:feed: exactly one id, title and updated; an author (no entry has its own).
    for required in ["id", "title", "updated", "author"] {
        assert_eq!(
            tree.children(required).len(),
            1,
            "feed needs one <{required}>"
        );
    }
    assert!(tree.children("author")[0].children("name").len() == 1);
    let self_link = tree
        .children("link")
        .into_iter()
        .find(|l| l.attr("rel") == Some("self"));
    assert_eq!(
        self_link.unwrap().attr("href"),
        Some("https://example.org/guide/changes.atom")
    );
    let entries = tree.children("entry");
    assert_eq!(entries.len(), 2);
    // Newest first.
    assert_eq!(
        entries[0].children("updated")[0].text,
        "2026-11-20T00:00:00Z"
    );
    for entry in entries {
        for required in ["id", "title", "updated"] {
            assert_eq!(
                entry.children(required).len(),
                1,
                "entry needs one <{required}>"
            );
        }
        // No <content>: then a link rel=alternate is required.
        let alternate = entry
            .children("link")
            .into_iter()
            .find(|l| l.attr("rel") == Some("alternate"));
        let href = alternate
            .expect("an alternate link")
            .attr("href")
            .unwrap()
            .to_owned();
        assert!(
            href.starts_with("https://example.org/guide/changes.html#change-"),
            "{href}"
        );
        // Ids are absolute IRIs.
        assert!(entry.children("id")[0]
            .text
            .starts_with("https://example.org/guide/"));
    }
}

#[test]
fn without_base_url_no_feed_is_written_and_the_build_says_why() {
    let guide = with_history();
    let run = guide.build().code(0);
    assert!(
        run.stderr.contains("note: changes.atom was not written"),
        "{}",
        run.stderr
    );
    assert!(!guide.path("output/changes.atom").exists());
    assert!(!out_file(&guide, "changes.html").contains("changes.atom"));
    // A guide without a history is not told about feeds.
    let quiet = Guide::good().build().code(0);
    assert!(!quiet.stderr.contains("changes.atom"), "{}", quiet.stderr);
}

#[test]
fn the_history_page_exists_without_a_history_and_escapes_every_value() {
    let guide = Guide::good();
    guide.build().ok();
    assert!(out_file(&guide, "changes.html").contains("まだ記録された変更はありません。"));
    let guide = with_history();
    guide.replace(
        HISTORY,
        "note: 古い窓口を外しました",
        "note: \"<script>alert(1)</script> & more\"",
    );
    guide.replace(
        common::GUIDE,
        "lang: ja\n",
        "lang: ja\nbase_url: https://example.org/guide/\n",
    );
    guide.build().ok();
    let page = out_file(&guide, "changes.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        "{page}"
    );
    assert!(!page.contains("<script>"));
    let feed = out_file(&guide, "changes.atom");
    assert!(
        feed.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>"),
        "{feed}"
    );
    // The removed id is shown by its id.
    assert!(page.contains("<code>old-window</code>"), "{page}");
}

/// A small XML element tree read with the test's HTML tokenizer (enough for the feed's
/// structure: elements, attributes, text).
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn children(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn xml_tree(xml: &str) -> Element {
    use html5gum::{Token, Tokenizer};
    let body = xml.split_once("?>").map_or(xml, |(_, rest)| rest);
    let mut stack = vec![Element {
        name: String::new(),
        attrs: vec![],
        text: String::new(),
        children: vec![],
    }];
    for token in Tokenizer::new(body).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attrs = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect();
                let element = Element {
                    name,
                    attrs,
                    text: String::new(),
                    children: vec![],
                };
                if tag.self_closing {
                    stack.last_mut().unwrap().children.push(element);
                } else {
                    stack.push(element);
                }
            }
            Token::EndTag(tag) => {
                let done = stack.pop().unwrap();
                assert_eq!(done.name.as_bytes(), &tag.name[..], "tags nest");
                stack.last_mut().unwrap().children.push(done);
            }
            Token::String(text) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&String::from_utf8_lossy(&text)),
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    stack
        .pop()
        .unwrap()
        .children
        .into_iter()
        .find(|e| !e.name.is_empty())
        .expect("a root element")
}

// ── Old numbers ──

const OLD: &str = "`03-3446-0999` was `kokusen-lunch`'s number until this change; update this mention, or write it as a reference";

#[test]
fn an_old_number_in_an_article_is_named_as_the_window_s_old_number() {
    let guide = published_then_edited();
    let run = guide.build().code(1);
    let d = only(&run, OLD, "content/articles/faq.md:12:31");
    assert!(
        d.text.contains("whose number is now `03-3446-0998`"),
        "{}",
        d.text
    );
    assert!(
        d.text
            .contains("{{ window(id=\"kokusen-lunch\", field=\"phone\") }}"),
        "{}",
        d.text
    );
    assert!(
        d.text.contains("published on `articles/faq.html`"),
        "{}",
        d.text
    );
    assert!(
        !run.stderr.contains("not the number of any vetted channel"),
        "{}",
        run.stderr
    );
    // Written as a reference, the page prints the current number.
    guide.replace(
        common::FAQ_MD,
        "と 03-3446-0999 です",
        "と {{ window(id=\"kokusen-lunch\", field=\"phone\") }} です",
    );
    guide.build().ok();
    assert!(out_file(&guide, "articles/faq.html").contains("03-3446-0998"));
}

#[test]
fn an_old_number_in_a_yaml_field_or_a_tel_link_is_named_too() {
    let guide = published_then_edited();
    guide.replace(
        common::FAQ_MD,
        "と 03-3446-0999 です",
        "と [お昼の窓口](tel:03-3446-0999) です",
    );
    guide.replace(
        common::GUIDE,
        "how: 188に電話します。",
        "how: 188か03-3446-0999に電話します。",
    );
    let run = guide.build().code(1);
    let at = |location: &str| {
        (run.diagnostics().into_iter())
            .filter(|d| d.message == OLD && d.location.as_deref() == Some(location))
            .count()
    };
    assert_eq!(at("content/guide.yaml:36:14"), 1, "{}", run.stderr);
    // The link (and the number in its destination, as before).
    let in_faq: Vec<Option<String>> = (run.diagnostics().into_iter())
        .filter(|d| {
            d.message == OLD
                && d.location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("content/articles/faq.md:12:"))
        })
        .map(|d| d.location)
        .collect();
    assert_eq!(in_faq.len(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("unvetted"), "{}", run.stderr);
}

#[test]
fn an_old_number_only_a_theme_prints_is_named_by_its_page() {
    let guide = published_then_edited();
    guide.replace(common::FAQ_MD, "と 03-3446-0999 です", "と 188 です");
    guide.write(
        "themes/mine/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>03 3446 0999</p>{% endblock main %}",
    );
    let run = guide.run(&["build", "--theme", "mine"]).code(1);
    let d = (run.diagnostics().into_iter())
        .find(|d| d.message == OLD)
        .expect(&run.stderr);
    // The published-page scan names the template that printed it.
    assert_eq!(
        d.location.as_deref(),
        Some("themes/mine/templates/404.html:1:45"),
        "{}",
        run.stderr
    );
    assert!(d.text.contains("404.html"), "{}", d.text);
}

#[test]
fn a_number_never_published_is_still_an_unvetted_number() {
    // No published data: the same mention is an unvetted number.
    let guide = Guide::good();
    guide.replace(
        common::GUIDE,
        "phone: \"03-3446-0999\"",
        "phone: \"03-3446-0998\"",
    );
    let run = guide.build().code(1);
    only(
        &run,
        "phone number `03-3446-0999` is not the number of any vetted channel",
        "content/articles/faq.md:12:31",
    );
    // A fake number beside a published old one is not mistaken for it.
    let guide = published_then_edited();
    guide.replace(
        common::FAQ_MD,
        "と 03-3446-0999 です",
        "と 03-3446-0997 です",
    );
    let run = guide.build().code(1);
    only(
        &run,
        "phone number `03-3446-0997` is not the number of any vetted channel",
        "content/articles/faq.md:12:31",
    );
}

#[test]
fn the_number_of_a_removed_window_says_the_window_is_gone() {
    let guide = Guide::good();
    guide.build().ok();
    guide
        .replace(
            common::GUIDE,
            "also: [kokusen-lunch, police-consult]",
            "also: [police-consult]",
        )
        .replace(
            common::GUIDE,
            "  - id: kokusen-lunch\n",
            "  - id: kokusen-gone\n",
        );
    guide.replace(
        common::GUIDE,
        "kokusen-gone\n    name: 国民生活センター 平日バックアップ相談",
        "kokusen-gone\n    name: 国民生活センター 平日バックアップ相談",
    );
    let text = guide.read(common::GUIDE);
    let start = text.find("  - id: kokusen-gone").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    guide.write(common::GUIDE, format!("{}{}", &text[..start], &text[end..]));
    let run = guide.build().code(1);
    let d = only(&run, OLD, "content/articles/faq.md:12:31");
    assert!(
        d.text.contains("which the guide no longer has"),
        "{}",
        d.text
    );
}

// ── Hostile input (break-it round) ──

#[test]
fn a_history_that_is_a_symlink_is_refused_and_never_written_through() {
    let guide = published_then_edited();
    let elsewhere = guide.path("elsewhere.yaml");
    std::fs::write(&elsewhere, "# not the guide's\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, guide.path(HISTORY)).unwrap();
    let run = guide.build().code(1);
    assert!(run.stderr.contains("is a symlink"), "{}", run.stderr);
    let record = guide.run(&["changes", "--record", "x"]).code(1);
    assert!(record.stderr.contains("is a symlink"), "{}", record.stderr);
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "# not the guide's\n"
    );
}

#[test]
fn record_refuses_to_break_a_history_written_as_a_flow_list() {
    let guide = published_then_edited();
    let flow = "[{date: 2026-11-01, note: はじめ, windows: [shop-message]}]\n";
    guide.write(HISTORY, flow);
    guide.build().code(1); // the old number in faq.md; the history itself loads
    let run = guide
        .run(&["changes", "--record", "番号が変わりました"])
        .code(2);
    assert!(
        run.stderr
            .contains("would no longer read as a list of entries"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("windows: [kokusen-lunch]"),
        "the entry to add by hand: {}",
        run.stderr
    );
    assert_eq!(guide.read(HISTORY), flow);
}

#[test]
fn since_refuses_a_device_or_a_folder_without_data_at_once() {
    let guide = published_then_edited();
    let run = guide.run(&["changes", "--since", "/dev/zero"]).code(2);
    assert!(run.stderr.contains("not a file"), "{}", run.stderr);
    let run = guide.run(&["changes", "--since", "content"]).code(2);
    assert!(run.stderr.contains("content/data.json"), "{}", run.stderr);
    // Deep nesting is a located JSON error, not a crash.
    guide.write(
        "deep.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    let run = guide.run(&["changes", "--since", "deep.json"]).code(2);
    assert!(
        run.stderr.contains("the published data is not valid JSON"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_note_of_invisible_characters_is_empty_and_a_hidden_number_in_a_note_is_caught() {
    let run = bad_history("note: 古い窓口を外しました", "note: \"\\u200B\\u2060 \"");
    only(
        &run,
        "an entry of the history has an empty `note`",
        "content/changes.yaml:7:9",
    );
    // Full-width digits and a zero-width space do not hide a fake number from the page check.
    let run = bad_history(
        "note: 古い窓口を外しました",
        "note: \"新番号は０１２０\\u200B－４４４－４４４ です\"",
    );
    assert!(run.stderr.contains("changes.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("not the number of any vetted channel"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_note_may_not_print_an_old_number_either() {
    let guide = published_then_edited();
    guide.replace(common::FAQ_MD, "と 03-3446-0999 です", "と 188 です");
    guide.write(
        HISTORY,
        "- date: 2026-11-01\n  note: 番号が 03-3446-0999 から変わりました\n  windows: [kokusen-lunch]\n",
    );
    let run = guide.build().code(1);
    let d = (run.diagnostics().into_iter())
        .find(|d| d.message == OLD)
        .expect(&run.stderr);
    assert!(d.text.contains("changes.html"), "{}", d.text);
}

#[test]
fn hugo_and_zola_habits_get_located_errors() {
    // A date-time (Hugo front matter style) is not a day.
    let run = bad_history("date: 2026-11-01", "date: 2026-11-01T10:00:00+09:00");
    only(
        &run,
        "`2026-11-01T10:00:00+09:00` is not a date",
        "content/changes.yaml:2:9",
    );
    // `title:` instead of `note:`, and the mapping form of a page's front matter.
    let run = bad_history(
        "  note: 国民生活センターの窓口を加えました",
        "  title: 国民生活センターの窓口を加えました",
    );
    only(&run, "unknown field `title`", "content/changes.yaml:3:3");
    let guide = with_history();
    guide.write(HISTORY, "entries:\n  - date: 2026-11-01\n    note: x\n");
    let run = guide.build().code(1);
    assert!(
        run.diagnostics().iter().any(|d| d
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("content/changes.yaml:1:"))),
        "{}",
        run.stderr
    );
    // Entries written newest first, as in a changelog, show in the same order.
    let guide = with_history();
    let text = guide.read(HISTORY);
    let (first, second) = text.split_at(text.find("- date: 2026-11-20").unwrap());
    guide.write(HISTORY, format!("{second}{first}"));
    guide.build().ok();
    let page = out_file(&guide, "changes.html");
    assert!(page.find("change-2026-11-20-1").unwrap() < page.find("change-2026-11-01-1").unwrap());
}

#[test]
fn a_window_the_history_calls_removed_must_be_gone_or_brought_back() {
    // A hand-edited history saying a window that is still in the guide was removed would make
    // a reader stop using it (a break-it round).
    let run = bad_history("removed: [old-window]", "removed: [kokusen-lunch]");
    only(
        &run,
        "the history says `kokusen-lunch` was removed, but the guide still has it",
        "content/changes.yaml:8:13",
    )
    .mentions("remove the id from `removed`");
    // Brought back by a later entry: it builds.
    let guide = with_history();
    guide.replace(
        HISTORY,
        "removed: [old-window]",
        "removed: [old-window, kokusen-lunch]",
    );
    guide.append(
        HISTORY,
        "- date: 2026-11-25\n  note: 国民生活センターの窓口を戻しました\n  windows: [kokusen-lunch]\n",
    );
    guide.build().ok();
}

#[test]
fn a_recheck_alone_is_counted_as_re_checked_not_changed() {
    let guide = Guide::good();
    guide.build().ok();
    guide.replace(
        common::GUIDE,
        "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-11-20",
        "title: \"楽天市場 ご利用ガイド：配送について\", checked: 2026-11-25",
    );
    let run = guide.run(&["changes"]).code(0);
    assert!(
        run.stdout.starts_with("re-checked: window `shop-message`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 window re-checked since"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("changed since"), "{}", run.stderr);
}
