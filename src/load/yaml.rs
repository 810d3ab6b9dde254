//! YAML (guide.yaml, front matter) → typed values, with limits against hostile input and
//! errors as diagnostics at `file:line:col`.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::shape::{unknown_keys, Schema, UnknownKey};
use crate::diagnostic::Diagnostic;
use crate::report::Report;

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

/// Parses one YAML document starting at byte `base` of `file`, turning parser errors into diagnostics.
pub(super) fn parse_yaml<T: DeserializeOwned>(
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
    let habit = super::shape::front_matter_habit(&k.key, k.expected);
    let hint = match (
        habit,
        crate::diagnostic::closest(&k.key, k.expected.iter().copied()),
    ) {
        (Some(habit), _) => format!("{habit}; "),
        (None, Some(near)) => format!("did you mean `{near}`? "),
        (None, None) => String::new(),
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
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return duplicate_key(key, yaml, base, offset, file);
    }
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

/// A key written twice in one mapping, at the second, saying where the first is (YAML would
/// keep only one of the two values, so which one is meant is the editor's to say).
fn duplicate_key(key: &str, yaml: &str, base: usize, second: usize, file: &Path) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "duplicate key `{key}`: it is written twice in the same mapping"
    ))
    .at(
        file,
        base + second..base + (second + key.len()).min(yaml.len()),
    )
    .label("written again here");
    let help = "a key may appear once in a mapping (YAML would keep one of the two values): remove one, or merge them";
    match first_of_key(yaml, key, second) {
        Some(first) => {
            let (line, col) = crate::diagnostic::line_col(yaml, first);
            // `base` is past the opening `---` line of an article's front matter (0 for a
            // whole YAML file): the front matter's lines start one line down.
            let line = line + usize::from(base > 0);
            d.help(format!(
                "it is first written on line {line}, column {col}; {help}"
            ))
        }
        None => d.help(help),
    }
}

/// Where the same mapping as the key at `second` first writes `key`: the nearest line above
/// with `key:` at the same column, before a line less indented (which ends the mapping). A
/// list item's first key (`- id: x`) stands at the column after its `- `.
fn first_of_key(yaml: &str, key: &str, second: usize) -> Option<usize> {
    let line_start = yaml[..second].rfind('\n').map_or(0, |i| i + 1);
    let column = second - line_start;
    let mut end = line_start;
    while end > 0 {
        let start = yaml[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &yaml[start..end - 1];
        end = start;
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let mut at = line.len() - content.len();
        let mut rest = content;
        while let Some(after) = rest.strip_prefix("- ") {
            let after_spaces = after.trim_start();
            at += rest.len() - after_spaces.len();
            rest = after_spaces;
        }
        if at == column
            && rest
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return Some(start + at);
        }
        if at < column || (at == column && content.starts_with("- ")) {
            return None;
        }
    }
    None
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
}
