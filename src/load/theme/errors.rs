//! Template errors, located: Tera's `--> NAME:LINE:COL` turned into a diagnostic at that place
//! in the theme's own template.

use std::path::PathBuf;

use crate::diagnostic::{error_chain, Diagnostic};

/// A template that Tera cannot parse, pointed at as far as Tera says where.
pub(super) fn template_error(
    theme: &str,
    theirs: &[(String, String)],
    e: &tera::Error,
) -> Diagnostic {
    template_diagnostic(
        theme,
        theirs,
        format!("theme `{theme}` has a template error"),
        e,
    )
}

/// A template error at the place Tera names (`--> index.html:3:18` in its message), when that
/// is one of the theme's own templates: Tera gives a parse error's place and, for most render
/// errors, the expression that failed; an error it gives no place for (a template that
/// includes one that does not exist, a macro's own failure) names the theme's templates folder.
pub fn template_diagnostic(
    theme: &str,
    theirs: &[(String, String)],
    message: String,
    e: &tera::Error,
) -> Diagnostic {
    let chain = error_chain(e);
    let folder = PathBuf::from("themes").join(theme).join("templates");
    let cause = (chain.lines().next().unwrap_or_default())
        .trim_start_matches("error: ")
        .to_owned();
    let located = tera_location(&chain).and_then(|(name, line, col)| {
        let (_, text) = theirs.iter().find(|(rel, _)| rel == name)?;
        Some((folder.join(name), byte_at(text, line, col)?))
    });
    match located {
        Some((file, at)) => Diagnostic::error(message)
            .at(file, at..at + 1)
            .label(cause)
            .help("Tera's template language: https://keats.github.io/tera/docs/"),
        None => Diagnostic::error(message).in_file(folder).help(chain),
    }
}

/// The template, line and column of Tera's `--> NAME:LINE:COL`.
fn tera_location(chain: &str) -> Option<(&str, usize, usize)> {
    let place = chain
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = place.trim().rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

/// The byte offset of 1-based `line` and `col` (in characters) of `text`.
fn byte_at(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(start..)?.lines().next().unwrap_or_default();
    let offset = line_text
        .char_indices()
        .nth(col.checked_sub(1)?)
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + offset)
}
