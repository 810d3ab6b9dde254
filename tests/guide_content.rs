//! The bundled guide (`content/`): it builds strictly, covers the four situations, links only
//! official pages, prints only vetted numbers, and the build refuses the known fake numbers.

mod common;

use common::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use madoguchi::phone::find_numbers;

/// The official domains listed in shared/facts/official-sources.md, nothing more.
const OFFICIAL_DOMAINS: [&str; 10] = [
    "rakuten.co.jp",
    "rakuten.net",
    "rakuten.com",
    "rakuten-card.co.jp",
    "caa.go.jp",
    "gov-online.go.jp",
    "kokusen.go.jp",
    "npa.go.jp",
    "ipa.go.jp",
    "jcca-office.gr.jp",
];

/// Numbers seen only on third-party sites: they must never be printed.
const NEVER_PRINT: [&str; 4] = [
    "050-5838-4333",
    "0120-86-6910",
    "0120-86-8910",
    "03-5978-7509",
];

/// The numbers official-sources.md marks printable, in canonical form.
const PRINTABLE: [&str; 3] = ["188", "#9110", "0334460999"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds a copy of the bundled guide (after `edit`) and returns (exit code, stderr, output dir).
fn build_bundled(edit: impl FnOnce(&Path), extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    edit(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["build", "--root"])
        .arg(dir.path())
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr, dir)
}

fn html_files(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Values of every `href="…"` in the page (HTML-unescaped for `&amp;`).
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url).unwrap().host_str().unwrap().to_owned()
}

fn is_official(host: &str) -> bool {
    OFFICIAL_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

#[test]
fn bundled_guide_builds_strictly_without_warnings() {
    let (code, stderr, _dir) = build_bundled(|_| {}, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("(0 warnings)"), "{stderr}");
}

#[test]
fn four_situations_with_their_first_windows_are_published() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut report = madoguchi::report::Report::default();
    let site = madoguchi::load::load_site(&repo(), &mut report).expect("bundled guide loads");
    let ids: Vec<&str> = site
        .guide
        .situations
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    assert_eq!(ids, ["delivery", "account", "card", "other-services"]);
    let out = dir.path().join("output");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let cheatsheet = fs::read_to_string(out.join("cheatsheet/index.html")).unwrap();
    for situation in &site.guide.situations {
        let page = fs::read_to_string(out.join(format!("situations/{}.html", situation.id.value)))
            .unwrap();
        assert!(
            index.contains(&situation.title.value),
            "index lacks {}",
            situation.title.value
        );
        assert!(cheatsheet.contains(&situation.title.value));
        assert_eq!(
            situation.steps.len(),
            4,
            "{} needs four steps",
            situation.id.value
        );
        for step in &situation.steps {
            assert!(page.contains(&step.value));
        }
        assert!(
            situation.avoid.is_some(),
            "{} needs a mistake to avoid",
            situation.id.value
        );
        assert!(!situation.first.is_empty());
        for id in &situation.first {
            let name = &site.guide.channel(&id.value).unwrap().name.value;
            assert!(
                index.contains(name.as_str()),
                "index lacks first window {name}"
            );
            assert!(
                page.contains(name.as_str()),
                "{} page lacks {name}",
                situation.id.value
            );
            assert!(
                cheatsheet.contains(name.as_str()),
                "cheat sheet lacks {name}"
            );
        }
        let article = situation
            .article
            .as_ref()
            .expect("each situation links its article");
        let title = &site.article(&article.value).unwrap().front.title.value;
        assert!(
            page.contains(title.as_str()),
            "{} page lacks its article",
            situation.id.value
        );
    }
}

#[test]
fn official_domains_are_exactly_the_verified_list() {
    let mut report = madoguchi::report::Report::default();
    let site = madoguchi::load::load_site(&repo(), &mut report).unwrap();
    let domains: Vec<&str> = site
        .guide
        .official_domains
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(domains, OFFICIAL_DOMAINS);
    for channel in &site.guide.channels {
        assert_eq!(
            channel.source.checked.value, "2026-11-27",
            "{}",
            channel.id.value
        );
    }
}

#[test]
fn every_external_link_points_to_an_official_https_page() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut external = 0;
    for (path, html) in html_files(&dir.path().join("output")) {
        for href in hrefs(&html) {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
                assert!(href.starts_with("https://"), "{}: {href}", path.display());
                assert!(is_official(&host_of(&href)), "{}: {href}", path.display());
                external += 1;
            }
        }
    }
    assert!(
        external > 20,
        "expected the guide to cite its sources, found {external} links"
    );
}

#[test]
fn only_printable_numbers_appear_and_never_print_numbers_are_absent() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut seen = std::collections::BTreeSet::new();
    let mut all_text = String::new();
    for (path, html) in html_files(&dir.path().join("output")) {
        for number in find_numbers(&html) {
            assert!(
                PRINTABLE.contains(&number.canonical.as_str()),
                "{}: {}",
                path.display(),
                number.canonical
            );
            seen.insert(number.canonical);
        }
        all_text.push_str(&html);
    }
    assert!(
        seen.contains("#9110") && seen.contains("0334460999"),
        "{seen:?}"
    );
    assert!(
        all_text.contains(">188<"),
        "188 is printed as a phone number"
    );
    let digits_only: String = all_text.chars().filter(char::is_ascii_digit).collect();
    for number in NEVER_PRINT {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !digits_only.contains(&digits),
            "never-print number {number} is in the output"
        );
    }
}

#[test]
fn build_rejects_each_never_print_number_in_an_article_and_in_the_data() {
    for number in NEVER_PRINT {
        let (code, stderr, dir) = build_bundled(
            |root| {
                let faq = root.join("content/articles/faq.md");
                let text = fs::read_to_string(&faq).unwrap();
                fs::write(&faq, format!("{text}\n楽天サポートはこちら：{number}\n")).unwrap();
            },
            &[],
        );
        assert_eq!(
            code, 1,
            "{number} in an article must fail the build\n{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "phone number `{number}` is not the number of any vetted channel"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("content/articles/faq.md:"), "{stderr}");
        assert!(
            !dir.path().join("output").exists(),
            "a failed build wrote output"
        );

        let (code, stderr, _dir) = build_bundled(
            |root| {
                let guide = root.join("content/guide.yaml");
                let text = fs::read_to_string(&guide).unwrap();
                let how = "how: 楽天グループの公式チャット入口を開き";
                assert!(text.contains(how), "guide.yaml lacks {how:?}");
                let text =
                    text.replacen(how, &format!("how: 電話 {number} または{}", &how[5..]), 1);
                fs::write(&guide, text).unwrap();
            },
            &[],
        );
        assert_eq!(
            code, 1,
            "{number} in guide.yaml must fail the build\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("phone number `{number}`")),
            "{stderr}"
        );
        assert!(stderr.contains("content/guide.yaml:"), "{stderr}");
    }
}

/// (level, text) of every heading in a page.
fn headings(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let level = html.as_bytes().get(i + 2)?;
            let next = html.as_bytes().get(i + 3)?;
            (level.is_ascii_digit() && (*next == b'>' || *next == b' ')).then_some(level - b'0')
        })
        .collect()
}

#[test]
fn pages_have_a_clean_outline_and_tables_have_headers() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    for (path, html) in html_files(&dir.path().join("output")) {
        let levels = headings(&html);
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            1,
            "{}: one h1",
            path.display()
        );
        assert_eq!(levels[0], 1, "{}: starts with h1", path.display());
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{}: heading jumps from h{} to h{}",
                path.display(),
                pair[0],
                pair[1]
            );
        }
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<thead").count(),
            "{}: every table has a header row",
            path.display()
        );
        assert!(html.contains("<html lang=\"ja\""), "{}", path.display());
    }
}

#[test]
fn the_articles_the_guide_promises_have_real_content() {
    let (code, stderr, dir) = build_bundled(|_| {}, &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
    let faq = read("articles/faq.html");
    assert!(
        faq.matches("<h2").count() + faq.matches("<h3").count() >= 4,
        "four Q&A topics"
    );
    let safety = read("articles/safety.html");
    for topic in ["検索", "SMS", "警告"] {
        assert!(safety.contains(topic), "safety article covers {topic}");
    }
    let kinds = read("articles/channel-kinds.html");
    assert!(
        kinds.contains("<th"),
        "channel comparison is a table with header cells"
    );
    let public = read("articles/public-bodies.html");
    for name in ["消費者ホットライン", "#9110", "IPA", "国民生活センター"] {
        assert!(public.contains(name), "public bodies article names {name}");
    }
    assert!(read("situations/delivery.html").contains("あんしんショッピングサービス"));
    assert!(
        read("articles/no-answer.html").contains("<ol>"),
        "the four steps are a list"
    );
}
