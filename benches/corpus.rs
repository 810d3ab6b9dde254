//! Benchmark corpora: a valid madoguchi guide with N articles, the same pages for Hugo and
//! mdBook, and the floor (bare pulldown-cmark over the same bodies, no templates, no checks).
//!
//! ```text
//! cargo run --release --example corpus -- --articles N --out DIR [--seed S]
//!                                         [--hugo DIR] [--mdbook DIR]
//! cargo run --release --example corpus -- floor GUIDE_DIR OUT_DIR
//! ```
//!
//! The page bodies follow `/work/shared/bench/peer_corpus.py` (same sentences, structure and
//! size, ~1.5 KB of mixed Japanese/English Markdown). Every peer gets the same bodies from the
//! same seed; only the link syntax differs. Sources are the real top pages the peer corpus uses;
//! the only phone numbers are 188 and #9110, each cited to the official page that shows it.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The situations a page is about (Japanese, English), as in the peer corpus.
const TOPICS: [(&str, &str); 12] = [
    ("引っ越し", "Moving house"),
    ("在留カードの更新", "Residence card renewal"),
    ("病院に行く", "Seeing a doctor"),
    ("税金の申告", "Filing taxes"),
    ("子どもの入学", "School enrolment"),
    ("仕事を探す", "Looking for work"),
    ("災害に備える", "Disaster preparedness"),
    ("年金の手続き", "Pension procedures"),
    ("銀行口座を開く", "Opening a bank account"),
    ("運転免許の切替", "Converting a driving licence"),
    ("出産", "Having a baby"),
    ("ゴミの出し方", "Sorting rubbish"),
];

/// Official bodies and their real top pages (the peer corpus's list).
const BODIES: [(&str, &str, &str); 9] = [
    (
        "市区町村の窓口",
        "City office counter",
        "https://www.soumu.go.jp/",
    ),
    (
        "出入国在留管理庁",
        "Immigration Services Agency",
        "https://www.moj.go.jp/isa/",
    ),
    (
        "外国人在留支援センター",
        "FRESC",
        "https://www.moj.go.jp/isa/support/fresc/",
    ),
    ("国税庁", "National Tax Agency", "https://www.nta.go.jp/"),
    (
        "日本年金機構",
        "Japan Pension Service",
        "https://www.nenkin.go.jp/",
    ),
    (
        "ハローワーク",
        "Hello Work",
        "https://www.hellowork.mhlw.go.jp/",
    ),
    ("警察庁", "National Police Agency", "https://www.npa.go.jp/"),
    (
        "気象庁",
        "Japan Meteorological Agency",
        "https://www.jma.go.jp/",
    ),
    ("厚生労働省", "MHLW", "https://www.mhlw.go.jp/"),
];

/// Public numbers with the official page that shows each (as in the bundled guide).
const HOTLINES: [(&str, &str, &str, &str); 2] = [
    (
        "消費者ホットライン",
        "188",
        "https://www.caa.go.jp/policies/policy/local_cooperation/local_consumer_administration/hotline/",
        "消費者庁：消費者ホットライン",
    ),
    (
        "警察相談専用電話",
        "#9110",
        "https://www.gov-online.go.jp/pr/media/cd/201511/201511_08.html",
        "政府広報オンライン：警察相談専用電話",
    ),
];

const OFFICIAL_DOMAINS: &str = "[soumu.go.jp, moj.go.jp, nta.go.jp, nenkin.go.jp, mhlw.go.jp, npa.go.jp, jma.go.jp, caa.go.jp, gov-online.go.jp]";

/// A fixed date, so the corpus is the same every day.
const CHECKED: &str = "2026-11-01";

const JA: [&str; 8] = [
    "まず必要な書類を確認してください。",
    "窓口は平日の午前9時から午後5時まで開いています。",
    "予約が必要な場合がありますので、事前に電話で確認しましょう。",
    "手続きには本人確認書類とマイナンバーカードが必要です。",
    "外国語での相談にも対応しています（英語・中国語・韓国語など）。",
    "期限を過ぎると手数料がかかることがあります。",
    "詳しくは公式サイトの最新情報を確認してください。",
    "オンラインで申請できる場合もあります。",
];

const EN: [&str; 8] = [
    "Check the required documents before you go.",
    "Counters are usually open on weekdays from 9:00 to 17:00.",
    "Some offices require an appointment, so call ahead.",
    "Bring your residence card and, if you have one, your My Number card.",
    "Interpretation is often available in English, Chinese and Korean.",
    "Late applications may incur an extra fee.",
    "Always confirm the latest details on the official website.",
    "Some procedures can be completed online.",
];

/// SplitMix64: tiny, deterministic, good enough to vary synthetic pages.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `k` distinct indices into a list of `n` items.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// How each tool writes a link from page `from` to page `to` (1-based page numbers).
#[derive(Clone, Copy)]
enum Flavour {
    Madoguchi,
    Hugo,
    MdBook,
}

fn page_id(i: usize) -> String {
    format!("page{i:05}")
}

fn part_of(i: usize) -> String {
    format!("part{:03}", (i - 1) / 100 + 1)
}

fn title_for(i: usize) -> String {
    let (ja, en) = TOPICS[i % TOPICS.len()];
    format!("{ja} {i} / {en} {i}")
}

fn link(flavour: Flavour, to: usize) -> String {
    let title = title_for(to);
    let id = page_id(to);
    match flavour {
        Flavour::Madoguchi => format!("[{title}](@/{id}.md)"),
        Flavour::Hugo => format!("[{title}](/posts/{id}/)"),
        Flavour::MdBook => format!("[{title}](../{}/{id}.md)", part_of(to)),
    }
}

/// The Markdown body of page `i` of `n`; the same for every flavour but the links.
fn body(i: usize, n: usize, rng: &mut Rng, flavour: Flavour) -> String {
    let (topic_ja, topic_en) = TOPICS[i % TOPICS.len()];
    let bodies = rng.sample(BODIES.len(), 3);
    let pick = |rng: &mut Rng, from: &[&'static str], k: usize| -> Vec<&'static str> {
        rng.sample(from.len(), k)
            .into_iter()
            .map(|j| from[j])
            .collect()
    };
    let mut out = String::with_capacity(2048);
    out.push_str("## 概要 / Overview\n\n");
    let _ = writeln!(out, "{}\n", pick(rng, &JA, 2).join(" "));
    let _ = writeln!(out, "{}\n", pick(rng, &EN, 2).join(" "));
    out.push_str("## 手順 / Steps\n\n");
    let (ja, en) = (pick(rng, &JA, 3), pick(rng, &EN, 3));
    for (k, (ja, en)) in ja.iter().zip(&en).enumerate() {
        let _ = writeln!(out, "{}. {ja} *{en}*", k + 1);
    }
    out.push_str("\n## 相談先 / Where to ask\n\n");
    out.push_str("| 窓口 | Channel | 公式 / Official |\n|------|---------|-----------------|\n");
    for &b in &bodies {
        let (ja, en, url) = BODIES[b];
        let _ = writeln!(out, "| {ja} | {en} | [{url}]({url}) |");
    }
    // One window of the guide, named by a reference where madoguchi reads it; the peers get
    // the text it writes.
    let c = i % channels(n) + 1;
    let window = match flavour {
        Flavour::Madoguchi => format!("{{{{ window(id=\"ch-{c:05}\") }}}}"),
        Flavour::Hugo | Flavour::MdBook => channel_name(c),
    };
    let _ = writeln!(out, "\nまず{window}の案内を確かめます。");
    // A screenshot beside the article: every tenth article has its own, the rest show one
    // they share (as a guide's articles show the same button).
    let _ = writeln!(out, "\n![購入履歴の画面 / Order history]({})", image_of(i));
    out.push_str("\n### 関連ページ / Related\n\n");
    for _ in 0..2 {
        let mut j = rng.below(n) + 1;
        if j == i {
            j = j % n + 1;
        }
        let _ = writeln!(out, "- {}", link(flavour, j));
    }
    let _ = writeln!(out, "- 出典 / Source: <{}>\n", BODIES[bodies[0]].2);
    let _ = writeln!(
        out,
        "> **注意 / Note:** {topic_ja}に関する情報は変わることがあります。 Information about {} may change.",
        topic_en.to_lowercase()
    );
    out
}

/// The image article `i` shows, beside it.
fn image_of(i: usize) -> String {
    match i % 10 {
        0 => format!("{}.png", page_id(i)),
        _ => SHARED_IMAGE.to_owned(),
    }
}

const SHARED_IMAGE: &str = "screenshot.png";

/// A real PNG (480×200), the one the image tests use.
const PNG: &[u8] = include_bytes!("../tests/fixtures/images/order-history.png");

/// A double-quoted YAML string.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn situations(n: usize) -> usize {
    (n / 10).max(1)
}

fn channels(n: usize) -> usize {
    (n / 20).max(2)
}

/// The article shown on situation `k`'s page (1-based).
fn situation_article(k: usize) -> usize {
    (k - 1) * 10 + 1
}

/// Channel `c`'s name: every fifth is a hotline with a vetted number, the rest a body's site.
fn channel_name(c: usize) -> String {
    if c.is_multiple_of(5) {
        let (name, ..) = HOTLINES[(c / 5) % HOTLINES.len()];
        format!("{name}（第{c}）")
    } else {
        let (ja, en, _) = BODIES[c % BODIES.len()];
        format!("{ja}（第{c}） / {en}")
    }
}

fn channel_owner(c: usize) -> &'static str {
    if c.is_multiple_of(5) {
        "公的な相談窓口"
    } else {
        BODIES[c % BODIES.len()].0
    }
}

fn guide_yaml(n: usize, rng: &mut Rng) -> String {
    let mut y = String::with_capacity(n * 60 + 4096);
    let _ = writeln!(y, "title: {}", q(&format!("合成ガイド（{n}ページ）")));
    y.push_str(
        "description: ベンチマーク用に生成したガイドです。窓口と出典は実在の公式ページです。\n",
    );
    // Ten years, so the fixed `checked` date does not turn into warnings (or, under
    // --strict, errors) a year from now.
    y.push_str("lang: ja\nmax_source_age_days: 3650\n");
    let _ = writeln!(y, "official_domains: {OFFICIAL_DOMAINS}");
    y.push_str("rules:\n  - 連絡先は公式サイトからたどります。\n  - 検索結果やSMSに書かれた番号にはかけません。\n");
    y.push_str("channel_kinds:\n  - { kind: phone, label: 電話, suits: 急ぐとき, merits: 声で補足できます。 }\n  - { kind: web, label: 公式サイト, suits: 調べるとき, merits: いつでも読めます。 }\n");
    // A guide of many situations puts a few on its one-page cheat sheet.
    let on_sheet: Vec<String> = (1..=situations(n).min(3))
        .map(|k| format!("sit-{k:05}"))
        .collect();
    let _ = writeln!(y, "sheet: [{}]", on_sheet.join(", "));
    y.push_str("channels:\n");
    for c in 1..=channels(n) {
        let (ja, _, url) = BODIES[c % BODIES.len()];
        let _ = writeln!(y, "  - id: ch-{c:05}");
        let _ = writeln!(y, "    name: {}", q(&channel_name(c)));
        let _ = writeln!(y, "    owner: {}", q(channel_owner(c)));
        if c % 5 == 0 {
            let (_, phone, src, title) = HOTLINES[(c / 5) % HOTLINES.len()];
            y.push_str("    kind: phone\n");
            y.push_str("    how: 公式ページで番号を確かめてから電話します。\n");
            let _ = writeln!(y, "    phone: {}", q(phone));
            let _ = writeln!(
                y,
                "    source: {{ url: {}, title: {}, checked: {CHECKED} }}",
                q(src),
                q(title)
            );
        } else {
            y.push_str("    kind: web\n");
            y.push_str("    how: 公式サイトから手続きの案内を開きます。\n");
            let _ = writeln!(y, "    url: {}", q(url));
            let _ = writeln!(
                y,
                "    source: {{ url: {}, title: {}, checked: {CHECKED} }}",
                q(url),
                q(&format!("{ja}（公式サイト）"))
            );
        }
    }
    y.push_str("situations:\n");
    let nc = channels(n);
    for k in 1..=situations(n) {
        let (ja, en) = TOPICS[k % TOPICS.len()];
        let _ = writeln!(y, "  - id: sit-{k:05}");
        let _ = writeln!(y, "    title: {}", q(&format!("{ja}（第{k}） / {en}")));
        let _ = writeln!(y, "    summary: {}", q(JA[rng.below(JA.len())]));
        let first = rng.below(nc) + 1;
        let also = (first % nc) + 1;
        let _ = writeln!(y, "    first: [ch-{first:05}]\n    also: [ch-{also:05}]");
        y.push_str("    steps:\n");
        for j in rng.sample(JA.len(), 3) {
            let _ = writeln!(y, "      - {}", q(JA[j]));
        }
        let _ = writeln!(y, "    avoid: {}", q(JA[rng.below(JA.len())]));
        // Half the links are made from the situation's side, half from the article's.
        if k % 2 == 0 && situation_article(k) <= n {
            let _ = writeln!(y, "    article: {}", page_id(situation_article(k)));
        }
    }
    y
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

fn fresh(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    Ok(())
}

pub fn write_madoguchi(n: usize, seed: u64, out: &Path) -> Result<(), String> {
    fresh(&out.join("content"))?;
    write(
        &out.join("content/guide.yaml"),
        &guide_yaml(n, &mut Rng(seed ^ 0x5EED)),
    )?;
    let mut rng = Rng(seed);
    for i in 1..=n {
        let mut front = format!("---\ntitle: {}\n", q(&title_for(i)));
        let k = (i - 1) / 10 + 1;
        if i == situation_article(k) && k % 2 == 1 && k <= situations(n) {
            let _ = writeln!(front, "situation: sit-{k:05}");
        }
        let _ = writeln!(front, "order: {i}\n---");
        let text = front + &body(i, n, &mut rng, Flavour::Madoguchi);
        write(
            &out.join(format!("content/articles/{}.md", page_id(i))),
            &text,
        )?;
        if i % 10 == 0 || i == 1 {
            let image = out.join("content/articles").join(image_of(i));
            fs::write(&image, PNG).map_err(|e| format!("write {}: {e}", image.display()))?;
        }
    }
    Ok(())
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"#;
const HUGO_SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} {{ range .Params.tags }}<span>{{ . }}</span> {{ end }}</p>
{{ .Content }}</article>{{ end }}
"#;
const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"#;

/// The peer corpus's Hugo site (minimal layouts, no theme) with the same bodies.
pub fn write_hugo(n: usize, seed: u64, root: &Path) -> Result<(), String> {
    fresh(root)?;
    write(
        &root.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\nlanguageCode = \"ja\"\ntitle = \"Synthetic Guide\"\n",
    )?;
    for (name, text) in [
        ("baseof.html", HUGO_BASEOF),
        ("single.html", HUGO_SINGLE),
        ("list.html", HUGO_LIST),
    ] {
        write(&root.join("layouts/_default").join(name), text)?;
    }
    let mut rng = Rng(seed);
    for i in 1..=n {
        let (ja, en) = TOPICS[i % TOPICS.len()];
        let front = format!(
            "---\ntitle: \"{}\"\ndate: 2024-01-{:02}\ntags: [\"{en}\"]\nsituation: \"{ja}\"\n---\n\n",
            title_for(i),
            i % 28 + 1
        );
        let text = front + &body(i, n, &mut rng, Flavour::Hugo);
        write(
            &root.join(format!("content/posts/{}.md", page_id(i))),
            &text,
        )?;
    }
    Ok(())
}

/// The peer corpus's mdBook with the same bodies.
pub fn write_mdbook(n: usize, seed: u64, root: &Path) -> Result<(), String> {
    fresh(root)?;
    write(
        &root.join("book.toml"),
        "[book]\ntitle = \"Synthetic Guide\"\nlanguage = \"ja\"\nsrc = \"src\"\n",
    )?;
    let mut summary = String::from("# Summary\n\n");
    let mut rng = Rng(seed);
    for i in 1..=n {
        if (i - 1) % 100 == 0 {
            let _ = writeln!(summary, "\n# Part {}\n", part_of(i));
        }
        let t = title_for(i);
        let text = format!("# {t}\n\n{}", body(i, n, &mut rng, Flavour::MdBook));
        let rel = format!("{}/{}.md", part_of(i), page_id(i));
        write(&root.join("src").join(&rel), &text)?;
        let _ = writeln!(summary, "- [{t}](./{rel})");
    }
    write(&root.join("src/SUMMARY.md"), &summary)
}

/// The floor: every article body of a madoguchi guide through bare pulldown-cmark, written
/// out one file per page. No templates, no checks, one thread.
pub fn floor(guide: &Path, out: &Path) -> Result<usize, String> {
    use pulldown_cmark::{html, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    fresh(out)?;
    let articles = guide.join("content/articles");
    fs::create_dir_all(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let mut entries: Vec<PathBuf> = fs::read_dir(&articles)
        .map_err(|e| format!("list {}: {e}", articles.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    entries.sort();
    let mut html_out = String::new();
    for path in &entries {
        let text = fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let body = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, b)| b);
        html_out.clear();
        html::push_html(&mut html_out, Parser::new_ext(body, options));
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let target = out.join(format!("{name}.html"));
        fs::write(&target, &html_out).map_err(|e| format!("write {}: {e}", target.display()))?;
    }
    Ok(entries.len())
}

struct Args {
    articles: usize,
    out: PathBuf,
    seed: u64,
    hugo: Option<PathBuf>,
    mdbook: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        articles: 0,
        out: PathBuf::new(),
        seed: 42,
        hugo: None,
        mdbook: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => parsed.articles = value.parse().map_err(|_| "bad --articles")?,
            "--out" => parsed.out = value.into(),
            "--seed" => parsed.seed = value.parse().map_err(|_| "bad --seed")?,
            "--hugo" => parsed.hugo = Some(value.into()),
            "--mdbook" => parsed.mdbook = Some(value.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if parsed.articles == 0 || parsed.out.as_os_str().is_empty() {
        return Err("need --articles N (N ≥ 1) and --out DIR".into());
    }
    Ok(parsed)
}

fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("floor") {
        let [_, guide, out] = args else {
            return Err("usage: corpus floor GUIDE_DIR OUT_DIR".into());
        };
        let pages = floor(Path::new(guide), Path::new(out))?;
        println!("floor: {pages} pages -> {out}");
        return Ok(());
    }
    let a = parse_args(args)?;
    write_madoguchi(a.articles, a.seed, &a.out)?;
    println!("madoguchi: {} articles -> {}", a.articles, a.out.display());
    if let Some(dir) = &a.hugo {
        write_hugo(a.articles, a.seed, dir)?;
        println!("hugo: {} pages -> {}", a.articles, dir.display());
    }
    if let Some(dir) = &a.mdbook {
        write_mdbook(a.articles, a.seed, dir)?;
        println!("mdbook: {} pages -> {}", a.articles, dir.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}\nusage: corpus --articles N --out DIR [--seed S] [--hugo DIR] [--mdbook DIR]\n       corpus floor GUIDE_DIR OUT_DIR");
            ExitCode::from(2)
        }
    }
}
