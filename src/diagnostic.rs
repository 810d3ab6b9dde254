//! Diagnostics: what went wrong, where (file, byte span), and how to fix it; rendered with annotate-snippets.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::file_text::FileText;

/// A file whose text is not kept, and its text once read for a diagnostic.
type Unkept = (Arc<FileText>, std::sync::OnceLock<Option<Arc<String>>>);

/// A text moved out of memory into an unlinked scratch file: read back whole, once, when a
/// diagnostic needs it, exactly as it was loaded whatever happened to its file since.
#[derive(Debug)]
struct Spilled {
    file: std::sync::Mutex<std::fs::File>,
    read: std::sync::OnceLock<Option<Arc<String>>>,
}

impl Spilled {
    fn text(&self) -> Option<&Arc<String>> {
        let read_back = || {
            use std::io::{Read, Seek};
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.rewind().ok()?;
            let mut text = String::new();
            file.read_to_string(&mut text).ok()?;
            Some(Arc::new(text))
        };
        self.read.get_or_init(read_back).as_ref()
    }
}

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the guide, pointing at a byte span of a file when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path as shown to the user (relative to the guide root where possible).
    pub file: Option<PathBuf>,
    /// Byte range into the file's text; `None` for whole-file or file-less problems.
    pub span: Option<Range<usize>>,
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic::error(message).as_warning()
    }

    /// The same problem as a warning: for a rule whose diagnostics are built by a shared
    /// helper (`at_field`) but do not stop a build unless `--strict`.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, file: impl Into<PathBuf>, span: Range<usize>) -> Self {
        self.file = Some(file.into());
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A failure outside the guide's text (the file system, Chromium, the network): what was being
/// done, to which file, and why it failed. Every such error carries its file, so none reaches
/// the user as a bare cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What madoguchi was doing, as a verb phrase: `write`, `move aside`.
    pub action: String,
    pub file: PathBuf,
    pub cause: String,
}

impl Failure {
    pub fn new(
        action: impl Into<String>,
        file: impl Into<PathBuf>,
        cause: impl std::fmt::Display,
    ) -> Self {
        Failure {
            action: action.into(),
            file: file.into(),
            cause: cause.to_string(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "failed to {} `{}`: {}",
            self.action,
            self.file.display(),
            self.cause
        )
    }
}

/// The text of every file a diagnostic may point into, keyed by its path in the guide folder
/// (`content/guide.yaml`).
#[derive(Debug, Default, Clone)]
pub struct SourceFiles {
    /// Shared with the loaded model (an article's text is kept once, not twice).
    files: HashMap<PathBuf, Arc<String>>,
    /// Files whose text is not kept (articles, read again when a diagnostic points into
    /// one), each read at most once. Keyed by the path the article holds, not a copy of it.
    unkept: HashMap<Arc<Path>, Unkept>,
    /// Texts moved out of memory once the checks read them (`spill`).
    spilled: HashMap<PathBuf, Arc<Spilled>>,
    /// The guide folder as the user reaches it from the current folder (`my-guide`), so
    /// diagnostics name files the way rustc and cargo do: a path a terminal or editor opens.
    shown_root: PathBuf,
}

impl SourceFiles {
    /// Diagnostics name files under `root` as seen from the current folder.
    pub fn show_under(&mut self, root: &Path) {
        self.shown_root = seen_from_here(root);
    }

    /// A file of the guide as diagnostics name it.
    pub fn shown_path(&self, file: &Path) -> PathBuf {
        self.shown_root.join(file)
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<String>>) {
        self.files.insert(path.into(), text.into());
    }

    /// A file whose text is not kept (`FileText`): read again when a diagnostic points into it.
    pub fn insert_unkept(&mut self, path: Arc<Path>, text: Arc<FileText>) {
        self.files.remove(&*path);
        self.unkept.insert(path, (text, std::sync::OnceLock::new()));
    }

    /// `path`'s text moves out of memory, into an unlinked scratch file in `dir`, read back
    /// when a diagnostic points into it: the checks read the guide's YAML, and after them only
    /// a diagnostic does. A big guide's is megabytes (7.5 MB at 100,000 articles), held through
    /// the render otherwise. Not the file itself read again: an edit while the build runs
    /// would move what the spans found point at. Where no scratch file can be made or written,
    /// the text stays in memory.
    pub fn spill(&mut self, path: &Path, dir: &Path) {
        let Some(text) = self.files.get(path) else {
            return;
        };
        let Ok(mut file) = crate::file_text::scratch_file(dir, "text") else {
            return;
        };
        if std::io::Write::write_all(&mut file, text.as_bytes()).is_err() {
            return;
        }
        self.files.remove(path);
        let spilled = Spilled {
            file: std::sync::Mutex::new(file),
            read: std::sync::OnceLock::new(),
        };
        self.spilled.insert(path.to_path_buf(), Arc::new(spilled));
    }

    pub fn get(&self, path: &Path) -> Option<&str> {
        self.text(path).map(|text| text.as_str())
    }

    /// The text itself, to keep beside what was parsed from it.
    pub fn shared(&self, path: &Path) -> Option<Arc<String>> {
        self.text(path).cloned()
    }

    /// `path`'s text, wherever it is kept: in memory, in a scratch file, or in its own file
    /// (read again only if unchanged).
    fn text(&self, path: &Path) -> Option<&Arc<String>> {
        if let Some(text) = self.files.get(path) {
            return Some(text);
        }
        if let Some(spilled) = self.spilled.get(path) {
            return spilled.text();
        }
        let (file, read) = self.unkept.get(path)?;
        read.get_or_init(|| file.get(path)).as_ref()
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.unkept.len() + self.spilled.len()
    }

    /// The files under `folder` (`themes/NAME/templates`), in order.
    pub fn under(&self, folder: &Path) -> Vec<&Path> {
        let mut paths: Vec<&Path> = (self.files.keys())
            .map(PathBuf::as_path)
            .filter(|path| path.starts_with(folder))
            .collect();
        paths.sort();
        paths
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.unkept.is_empty() && self.spilled.is_empty()
    }

    pub fn reserve(&mut self, more: usize) {
        self.files.reserve(more);
    }

    /// Adds the files of `other` (a part of the run that read files on its own).
    pub fn extend(&mut self, other: SourceFiles) {
        self.files.extend(other.files);
        self.unkept.extend(other.unkept);
        self.spilled.extend(other.spilled);
        if self.shown_root.as_os_str().is_empty() {
            self.shown_root = other.shown_root;
        }
    }
}

/// Line and column (both 1-based, column in characters) of a byte offset.
/// `root` relative to the current folder when it lies below it (`my-guide`, or nothing for the
/// current folder itself), else as given.
fn seen_from_here(root: &Path) -> PathBuf {
    // `..` after a symlink leads where the link points, not one name back: such a root is
    // shown as typed, which opens from here.
    let has_parent_step = root
        .components()
        .any(|c| c == std::path::Component::ParentDir);
    let Ok(here) = std::env::current_dir()
        .map_err(drop)
        .and_then(|h| match has_parent_step {
            true => Err(()),
            false => Ok(h),
        })
    else {
        return root.to_path_buf();
    };
    let absolute = here.join(root);
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            _ => clean.push(part),
        }
    }
    match clean.strip_prefix(&here) {
        Ok(below) => below.to_path_buf(),
        Err(_) => root.to_path_buf(),
    }
}

pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// At most this many diagnostics are printed; the rest are counted. A generated or hostile
/// guide can have thousands, and no one reads past the first screens.
pub const MAX_SHOWN: usize = 200;

/// Renders diagnostics in order: errors and warnings as the user will read them, the first
/// `MAX_SHOWN` in full and a count of the rest.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceFiles, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_SHOWN) {
        out.push_str(&render_one(diagnostic, sources, &renderer));
        out.push_str("\n\n");
    }
    if let Some(hidden) = diagnostics.len().checked_sub(MAX_SHOWN).filter(|&n| n > 0) {
        out.push_str(&format!(
            "… and {hidden} more problems not shown (the first {MAX_SHOWN} are above); fix those and run again\n\n"
        ));
    }
    out
}

fn render_one(diagnostic: &Diagnostic, sources: &SourceFiles, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path_text =
        (diagnostic.file.as_ref()).map(|p| printable(&sources.shown_path(p).display().to_string()));
    let message = printable(&diagnostic.message);
    // Same length as the file's text, so the span still points where it did.
    let source_text = (diagnostic.file.as_deref())
        .and_then(|file| sources.get(file))
        .map(printable_source);
    let label = printable(&diagnostic.label);
    let mut title = Group::with_title(level.primary_title(message.as_str()));
    match (&path_text, &diagnostic.span, source_text.as_deref()) {
        (Some(path), Some(span), Some(text)) => {
            let span = clamp_span(text, span.clone());
            title = title.element(
                Snippet::source(text)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span).label(label.as_str())),
            );
        }
        // A text not read again (the file changed or went while the build ran) has no line to
        // show: a place in an empty text would read `1:1`, which is wrong.
        (Some(path), Some(_), None) => {
            title = title.element(Level::NOTE.message(format!(
                "in {path} (the file changed while the build read it: its line cannot be shown)"
            )));
        }
        (Some(path), None, _) => {
            title = title.element(Level::NOTE.message(format!("in {path}")));
        }
        _ => {}
    }
    if let Some(help) = &diagnostic.help {
        title = title.element(Level::HELP.message(printable(help)));
    }
    renderer.render(&[title])
}

/// Characters a terminal would act on instead of showing: C0 and C1 controls (an `ESC` starts
/// a sequence that can retitle the window, move the cursor or hide text; a carriage return
/// overwrites the start of the line) and bidirectional overrides (which reorder what is
/// shown). Only the line break is layout.
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a file or the guide as a terminal may print it: every hidden control written as a
/// visible escape (`\u{1b}`). Line breaks stay (a help may span lines).
pub fn printable(text: &str) -> String {
    escaped_where(text, is_hidden_control)
}

/// A name that must stay on one line (a path): line breaks are escaped too, so a file name
/// cannot start a line that looks like a location of its own.
pub fn printable_line(text: &str) -> String {
    escaped_where(text, |c| c == '\n' || is_hidden_control(c))
}

fn escaped_where(text: &str, hidden: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A source file's text as a snippet may show it: each hidden control replaced by a visible
/// character of the same length in bytes, so spans still point at the same text.
fn printable_source(text: &str) -> std::borrow::Cow<'_, str> {
    // Tabs are layout in a snippet, and so is a carriage return that ends a line (CRLF files).
    let mut chars = text.chars().peekable();
    let mut hidden = Vec::new();
    while let Some(c) = chars.next() {
        let line_end = c == '\r' && chars.peek() == Some(&'\n');
        hidden.push(is_hidden_control(c) && c != '\t' && !line_end);
    }
    if !hidden.contains(&true) {
        return std::borrow::Cow::Borrowed(text);
    }
    let shown = text
        .chars()
        .zip(hidden)
        .map(|(c, hidden)| match (hidden, c.len_utf8()) {
            (false, _) => c.to_string(),
            (true, 1) => "?".into(),
            (true, 2) => "¿".into(),
            (true, _) => "\u{FFFD}".into(),
        })
        .collect();
    std::borrow::Cow::Owned(shown)
}

/// Keeps a span inside the text and on character boundaries, so rendering never panics.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The closest known name to a misspelt one, for a "did you mean" hint.
pub fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|&(d, k)| d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "did you mean `x`?" or the list of what exists.
pub fn suggestion<'a>(wrong: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match closest(wrong, known.clone()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => {
            let all: Vec<&str> = known.collect();
            if all.is_empty() {
                "none are defined yet".into()
            } else {
                format!("known: {}", all.join(", "))
            }
        }
    }
}

/// A Tera error with its causes, one per line (Tera puts the useful part in the source chain).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!("\n{s}"));
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests;
