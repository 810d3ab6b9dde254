//! Load: guide folder → typed `Site` (guide.yaml + Markdown articles), with spans for every value.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::model::{Article, FrontMatter, Guide, Site};
use crate::report::Report;
use crate::shape::{front_matter_schema, guide_schema, unknown_keys, Schema, UnknownKey};

pub const GUIDE_FILE: &str = "content/guide.yaml";
pub const ARTICLES_DIR: &str = "content/articles";

/// The largest file madoguchi reads (guide.yaml, an article, a theme file): 16 MiB. Checked
/// before reading, so a huge or endless file cannot exhaust memory. The bundled guide is ~30 KiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// YAML limits (README, Security). The bundled guide is far below each: ~30 KiB, depth 5,
/// no aliases.
pub const MAX_YAML_DEPTH: usize = 64;
pub const MAX_ALIASES: usize = 1_000;
pub const MAX_ALIAS_REPLAY: usize = 100_000;
pub const MAX_ALIAS_USES: usize = 1_000;
pub const MAX_ALIAS_NESTING: usize = 16;
pub const MAX_YAML_NODES: usize = 1_000_000;
/// Text after alias expansion: an alias bomb of long strings stops here.
pub const MAX_YAML_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Limits that keep hostile YAML (alias bombs, deep nesting) from exhausting memory or time.
/// A breach is a diagnostic, never a panic.
fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_YAML_DEPTH,
            flow_nesting_limit: MAX_YAML_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_events: 2 * MAX_YAML_NODES,
            max_nodes: MAX_YAML_NODES,
            max_total_scalar_bytes: MAX_YAML_TEXT_BYTES,
            max_documents: 1,
        },
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        with_snippet: false,
    };
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_REPLAY;
    options.alias_limits.max_replay_stack_depth = MAX_ALIAS_NESTING;
    options.alias_limits.max_alias_expansions_per_anchor = MAX_ALIAS_USES;
    options
}

/// Reads the guide under `root`. Returns `None` when nothing usable could be loaded;
/// every problem found is in `report`.
pub fn load_site(root: &Path, report: &mut Report) -> Option<Site> {
    load_site_reusing(root, report, None)
}

/// What an earlier load (`serve`) read, to reuse where the files have not changed since.
pub struct Reuse<'a> {
    /// The guide as parsed, with its text, when `guide.yaml` has not changed since.
    pub guide: Option<(Arc<String>, Guide)>,
    /// Articles in the walk's order (`None`: not known, read them all).
    pub articles: Option<Vec<Article>>,
    /// Files changed since, as diagnostics name them (`content/articles/faq.md`): read again.
    pub changed: &'a HashSet<PathBuf>,
}

/// What to do about the articles: read them all, take the known ones as they are (no article
/// changed, so the folder need not even be walked), or walk and read only the changed ones.
enum Articles {
    Read,
    Known(Vec<Article>),
    Walk(HashMap<PathBuf, Article>),
}

/// `load_site`, taking unchanged files from `reuse` instead of reading them again. The
/// articles folder is still walked, so added and deleted articles are seen.
pub fn load_site_reusing(root: &Path, report: &mut Report, reuse: Option<Reuse>) -> Option<Site> {
    if !root.join("content").is_dir() {
        report.io_error(
            format!("no `content` folder in `{}`", root.display()),
            None,
            "run madoguchi in a guide folder, or pass --root DIR (a folder with content/guide.yaml)",
        );
        return None;
    }
    let guide_file = PathBuf::from(GUIDE_FILE);
    let (known_guide, articles) = match reuse {
        Some(r) => {
            let guide = r.guide.filter(|_| !r.changed.contains(&guide_file));
            let articles = match r.articles {
                None => Articles::Read,
                Some(known) if r.changed.iter().all(|f| *f == guide_file) => Articles::Known(known),
                Some(known) => Articles::Walk(
                    known
                        .into_iter()
                        .filter(|a| !r.changed.contains(&a.file))
                        .map(|a| (a.file.clone(), a))
                        .collect(),
                ),
            };
            (guide, articles)
        }
        None => (None, Articles::Read),
    };
    // The guide and the articles are independent: read them at the same time.
    let ((guide, guide_report), (articles, articles_report)) = rayon::join(
        || {
            let mut own = Report::default();
            let guide = match known_guide {
                Some((text, guide)) => {
                    own.sources.insert(&guide_file, text);
                    Some(guide)
                }
                None => read_text(root, &guide_file, &mut own).and_then(|text| {
                    parse_yaml::<Guide>(&text, 0, &guide_file, guide_schema, &mut own)
                }),
            };
            (guide, own)
        },
        || {
            let mut own = Report::default();
            let articles = match articles {
                Articles::Known(articles) => {
                    own.sources.reserve(articles.len());
                    for article in &articles {
                        own.sources
                            .insert(article.file.clone(), Arc::clone(&article.text));
                    }
                    articles
                }
                Articles::Walk(known) => load_articles(root, &mut own, known),
                Articles::Read => load_articles(root, &mut own, HashMap::new()),
            };
            (articles, own)
        },
    );
    report.absorb(guide_report);
    report.absorb(articles_report);
    Some(Site::new(guide?, guide_file, articles))
}

/// Reads a file of the guide or theme: no symlink on the way (so nothing outside the guide
/// folder is read), at most `MAX_FILE_BYTES`.
pub fn read_bytes(root: &Path, rel: &Path, report: &mut Report) -> Option<Vec<u8>> {
    if let Some(link) = symlink_on_the_way(root, rel) {
        report.push(
            Diagnostic::error(format!("`{}` is a symlink", link.display()))
                .in_file(rel)
                .help("madoguchi reads nothing through symlinks in content/ or themes/, so a guide cannot pull in files from elsewhere: copy the file instead"),
        );
        return None;
    }
    read_unlinked(root, rel, report)
}

/// Reads a file whose path holds no symlink (checked by the caller), at most `MAX_FILE_BYTES`.
/// The file itself is opened without following a link, in case it was swapped for one since.
fn read_unlinked(root: &Path, rel: &Path, report: &mut Report) -> Option<Vec<u8>> {
    let path = root.join(rel);
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let read = options.open(&path).and_then(|file| {
        let len = file.metadata()?.len();
        if len > MAX_FILE_BYTES {
            return Ok(Err(len));
        }
        // `take` bounds the read even if the file grows after the size check.
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(if bytes.len() as u64 > MAX_FILE_BYTES {
            Err(bytes.len() as u64)
        } else {
            Ok(bytes)
        })
    });
    match read {
        Ok(Ok(bytes)) => Some(bytes),
        Ok(Err(len)) => {
            report.push(
                Diagnostic::error(format!(
                    "`{}` is too large ({} MiB; the limit is {} MiB)",
                    rel.display(),
                    len.div_ceil(1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ))
                .in_file(rel)
                .help(
                    "split the content into smaller files; a guide's files are normally a few KiB",
                ),
            );
            None
        }
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "create it, or pass --root DIR pointing at the guide folder"
            } else {
                ""
            };
            report.io_error(
                format!("failed to read `{}`: {e}", rel.display()),
                None,
                help,
            );
            None
        }
    }
}

/// The first part of `rel` (below `root`) that is a symlink, if any.
fn symlink_on_the_way(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for component in rel.components() {
        path.push(component);
        let is_link =
            fs::symlink_metadata(root.join(&path)).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Some(path);
        }
    }
    None
}

/// Reads a file as UTF-8 (a leading BOM is dropped) and records its text for diagnostics.
pub fn read_text(root: &Path, rel: &Path, report: &mut Report) -> Option<Arc<String>> {
    let bytes = read_bytes(root, rel, report)?;
    decode_text(rel, bytes, report)
}

/// The text of a file's bytes (see `read_text`), in the buffer it was read into.
fn decode_text(rel: &Path, mut bytes: Vec<u8>, report: &mut Report) -> Option<Arc<String>> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = Arc::new(text);
            report.sources.insert(rel, Arc::clone(&text));
            Some(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            report.sources.insert(rel, Arc::new(text));
            report.push(
                Diagnostic::error(format!("`{}` is not valid UTF-8", rel.display()))
                    .at(rel, at..at + 1)
                    .label("invalid byte here")
                    .help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// Parses one YAML document starting at byte `base` of `file`, turning parser errors into diagnostics.
fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    base: usize,
    file: &Path,
    schema: Schema,
    report: &mut Report,
) -> Option<T> {
    if yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim().starts_with('#'))
    {
        report.push(
            Diagnostic::error(format!("`{}` is empty", file.display()))
                .at(file, base..base)
                .label("expected YAML here")
                .help("see the README for the fields a guide needs"),
        );
        return None;
    }
    let error = match serde_saphyr::from_str_with_options::<T>(yaml, yaml_options()) {
        Ok(value) => return Some(value),
        Err(e) => e,
    };
    // The typed parse stops at the first unknown key (every model type denies them); only
    // then is the document walked again to report all of them at once. A good file is parsed
    // once, which halves the cost of loading a big guide.
    let unknown = unknown_keys(yaml, yaml_options(), schema);
    if unknown.is_empty() {
        report.push(yaml_diagnostic(&error, yaml, base, file));
    } else {
        report.extend(
            unknown
                .into_iter()
                .map(|k| unknown_key_diagnostic(k, base, file)),
        );
    }
    None
}

fn unknown_key_diagnostic(k: UnknownKey, base: usize, file: &Path) -> Diagnostic {
    let hint = match crate::check::closest(&k.key, k.expected.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    Diagnostic::error(format!("unknown field `{}`", k.key))
        .at(file, base + k.span.start..base + k.span.end)
        .label(format!("expected one of {}", k.expected.join(", ")))
        .help(format!(
            "{hint}unknown keys are refused so that a typo cannot silently drop data"
        ))
}

fn yaml_diagnostic(e: &serde_saphyr::Error, yaml: &str, base: usize, file: &Path) -> Diagnostic {
    let raw = e.without_snippet().to_string();
    let offset = e
        .location()
        .and_then(|l| l.span().byte_offset())
        .map_or(yaml.len(), |o| o as usize);
    if let Some(limit) = limit_breached(&raw) {
        return Diagnostic::error(format!("`{}` exceeds a limit: {limit}", file.display()))
            .at(file, base + offset..base + offset + 1)
            .label("limit reached here")
            .help("madoguchi limits YAML so a hostile file cannot exhaust memory or time (see the README's Security section): simplify the file");
    }
    let message = strip_location(&raw);
    if message.contains("tab") {
        if let Some(tab) = first_indenting_tab(yaml) {
            return Diagnostic::error("a tab is used for indentation")
                .at(file, base + tab..base + tab + 1)
                .label("tab")
                .help("YAML indents with spaces only: replace the tab with spaces");
        }
    }
    let help = yaml_help(&message);
    Diagnostic::error(message)
        .at(file, base + offset..base + offset + 1)
        .label("here")
        .help(help)
}

/// The limit a serde-saphyr budget or alias error names, in words, with madoguchi's value.
fn limit_breached(message: &str) -> Option<String> {
    // The scanner's own flow-nesting limit (`[[[[…`), set from the same depth.
    if message.starts_with("recursion limit exceeded") {
        return Some(format!(
            "it is nested more than {MAX_YAML_DEPTH} levels deep"
        ));
    }
    if message.starts_with("alias replay") {
        return Some(format!(
            "aliases (`*name`) expand too far (at most {MAX_ALIAS_REPLAY} values, {MAX_ALIAS_USES} uses per anchor, {MAX_ALIAS_NESTING} levels)"
        ));
    }
    let breach = message.strip_prefix("budget breached: ")?;
    let kind: String = breach
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    Some(match kind.as_str() {
        "ScalarBytes" => format!(
            "its text, with aliases expanded, is over {} MiB",
            MAX_YAML_TEXT_BYTES / (1024 * 1024)
        ),
        "Depth" => format!("it is nested more than {MAX_YAML_DEPTH} levels deep"),
        "Aliases" => format!("it uses more than {MAX_ALIASES} aliases (`*name`)"),
        "Anchors" => format!("it defines more than {MAX_ALIASES} anchors (`&name`)"),
        "Events" | "Nodes" => format!("it has more than {MAX_YAML_NODES} values"),
        "Documents" => "it holds more than one YAML document (`---`)".into(),
        other => format!("YAML budget `{other}`"),
    })
}

/// Byte offset of the first tab in a line's indentation (YAML forbids tabs there).
fn first_indenting_tab(yaml: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(line_start + i);
        }
        line_start += line.len();
    }
    None
}

/// serde-saphyr appends " at line L column C"; the snippet shows the place already.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn yaml_help(message: &str) -> String {
    let help = if message.contains("missing field") {
        "add the field; the README lists the fields of a guide"
    } else if message.contains("sequence") {
        "write a list here: `[a, b]`, or one `- item` per line"
    } else if message.contains("unknown variant") {
        "use one of the values listed above"
    } else if message.contains("string") {
        "write text here; quote it (\"…\") if it starts with [ { : # * & ! or @"
    } else if message.contains("duplicate") {
        "a key may appear only once in a mapping: remove or merge the repeated key"
    } else if message.contains("budget") || message.contains("alias") || message.contains("depth") {
        "the file exceeds madoguchi's YAML limits (nesting, aliases, size): simplify it"
    } else {
        "check the YAML syntax near this place (indentation, a missing `:` or closing bracket)"
    };
    help.to_owned()
}

fn load_articles(
    root: &Path,
    report: &mut Report,
    mut known: HashMap<PathBuf, Article>,
) -> Vec<Article> {
    let dir = root.join(ARTICLES_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    // The walk does not follow links below the folder; the folder and those above it are
    // checked here once, so each article is read without a check of its own.
    if let Some(link) = symlink_on_the_way(root, Path::new(ARTICLES_DIR)) {
        report.push(
            Diagnostic::error(format!("`{}` is a symlink", link.display()))
                .in_file(&link)
                .help("madoguchi does not follow symlinks in content/: copy the folder instead"),
        );
        return Vec::new();
    }
    let mut paths = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                report.io_error(format!("failed to list `{ARTICLES_DIR}`: {e}"), None, "");
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            report.push(
                Diagnostic::error(format!(
                    "`{}` is a symlink",
                    display_rel(root, path).display()
                ))
                .in_file(display_rel(root, path))
                .help("madoguchi does not follow symlinks in content/: copy the file instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        paths.push(path.to_path_buf());
    }
    // Files are independent: read and parse them in parallel, each into its own report, then
    // gather them in the walk's order. Articles known from an earlier load are taken as they are.
    let slots: Vec<Result<Article, &PathBuf>> = paths
        .iter()
        .map(|path| match known.is_empty() {
            true => Err(path),
            false => known.remove(&display_rel(root, path)).ok_or(path),
        })
        .collect();
    let loaded: Vec<(Option<Article>, Report)> = slots
        .par_iter()
        .filter_map(|slot| slot.as_ref().err())
        .map(|path| {
            let mut own = Report::default();
            (load_article(root, &dir, path, &mut own), own)
        })
        .collect();
    report.sources.reserve(slots.len());
    let mut loaded = loaded.into_iter();
    let mut articles = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot {
            Ok(article) => {
                report
                    .sources
                    .insert(article.file.clone(), Arc::clone(&article.text));
                articles.push(article);
            }
            Err(_) => {
                let (article, own) = loaded.next().unwrap_or_default();
                report.absorb(own);
                articles.extend(article);
            }
        }
    }
    articles
}

fn display_rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_article(root: &Path, dir: &Path, path: &Path, report: &mut Report) -> Option<Article> {
    let rel = display_rel(root, path);
    let Some(slug) = slug_of(dir, path) else {
        report.push(
            Diagnostic::error(format!("article path `{}` is not usable", rel.display()))
                .in_file(&rel)
                .help("use file and folder names made of letters, digits, `-` and `_`"),
        );
        return None;
    };
    // The walk found no symlink below content/articles, which `load_articles` checked itself.
    let text = decode_text(&rel, read_unlinked(root, &rel, report)?, report)?;
    let Some((front_base, yaml, body_base)) = split_front_matter(&text) else {
        report.push(
            Diagnostic::error("article has no front matter")
                .at(&rel, 0..0)
                .label("expected `---` here")
                .help("start the file with:\n---\ntitle: …\n---"),
        );
        return None;
    };
    let front = parse_yaml::<FrontMatter>(yaml, front_base, &rel, front_matter_schema, report)?;
    Some(Article {
        slug,
        file: rel,
        front,
        front_base,
        body_base,
        digest: digest(&text),
        text,
    })
}

/// A hash of a file's text, to tell an edited file from a known one.
fn digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `content/articles/help/faq.md` → `help/faq`; `None` for names that could not be a URL path.
fn slug_of(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?.with_extension("");
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let usable = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
    };
    parts.iter().all(usable).then(|| parts.join("/"))
}

/// Finds `---` front matter: returns (yaml start, yaml text, body start).
fn split_front_matter(text: &str) -> Option<(usize, &str, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Some((yaml_start, &text[yaml_start..line_start], body_start));
        }
        line_start = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses with a type that accepts anything, so only the limits can stop the parser.
    fn limit_message(yaml: &str) -> String {
        let mut report = Report::default();
        let parsed = parse_yaml::<serde::de::IgnoredAny>(
            yaml,
            0,
            Path::new("g.yaml"),
            |_| None,
            &mut report,
        );
        assert!(parsed.is_none(), "no limit stopped it");
        let d = &report.diagnostics[0];
        assert!(d.help.as_deref().unwrap().contains("Security"), "{d:?}");
        d.message.clone()
    }

    #[test]
    fn a_billion_laughs_stops_at_the_alias_limits() {
        let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let p = format!("*a{}", i - 1);
            let row = [p.as_str(); 10].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{row}]\n"));
        }
        let message = limit_message(&yaml);
        assert!(
            message.contains("aliases (`*name`) expand too far"),
            "{message}"
        );
    }

    #[test]
    fn long_strings_repeated_by_aliases_stop_at_the_text_limit() {
        let long = "x".repeat(1024 * 1024);
        let uses = vec!["*s"; 100].join(", ");
        let message = limit_message(&format!("s: &s {long}\nl: [{uses}]\n"));
        assert!(message.contains("over 64 MiB"), "{message}");
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        let flow = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(limit_message(&flow).contains("more than 64 levels"));
        let block: String = (0..100)
            .map(|d| format!("{}- \n", "  ".repeat(d)))
            .collect();
        assert!(limit_message(&block).contains("more than 64 levels"));
    }

    #[test]
    fn too_many_aliases_and_documents_are_limits() {
        let uses = vec!["*a"; 1_001].join(", ");
        let message = limit_message(&format!("a: &a 1\nl: [{uses}]\n"));
        assert!(message.contains("aliases"), "{message}");
        assert!(limit_message("a: 1\n---\nb: 2\n").contains("more than one YAML document"));
    }

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let (base, yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[base..base + yaml.len()], "title: A\n");
        assert_eq!(&text[body..], "# Body\n");
    }

    #[test]
    fn missing_closing_fence_is_not_front_matter() {
        assert!(split_front_matter("---\ntitle: A\n# Body\n").is_none());
        assert!(split_front_matter("# Body\n").is_none());
    }

    #[test]
    fn crlf_front_matter_is_split() {
        let text = "---\r\ntitle: A\r\n---\r\nBody";
        let (_, yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "title: A\r\n");
        assert_eq!(&text[body..], "Body");
    }
}
