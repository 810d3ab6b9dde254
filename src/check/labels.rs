//! Labels: every label the guide or its theme gives is one the templates print, with the
//! `{name}`s they fill, and the guide's `lang` gets every label from somewhere.

use std::path::Path;

use super::Diagnostic;
use crate::diagnostic::{closest, suggestion};
use crate::load::labels::{placeholders, LabelSets};
use crate::model::{span_of, LabelMap, Site};

pub fn check_labels(site: &Site, sets: &LabelSets) -> Vec<Diagnostic> {
    let mut found = check_label_map(&site.guide.labels, &site.guide_file, sets);
    for file in &sets.theme {
        found.extend(check_label_map(&file.labels, &file.file, sets));
    }
    found.extend(check_complete(site, sets));
    found
}

/// Each label of `map` (in `file`) is a known one, and fills only the `{name}`s its template gives.
fn check_label_map(map: &LabelMap, file: &Path, sets: &LabelSets) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (key, text) in &map.0 {
        if !sets.known().any(|k| k == key.value) {
            found.push(
                Diagnostic::error(format!("unknown label `{}`", key.value))
                    .at(file, span_of(key, 0))
                    .label("no template prints this label")
                    .help(suggestion(&key.value, sets.known())),
            );
            continue;
        }
        let given = sets.placeholders_of(&key.value);
        for name in placeholders(&text.value) {
            if !given.contains(&name) {
                found.push(
                    Diagnostic::error(format!(
                        "label `{}` has no `{{{name}}}` to fill in",
                        key.value
                    ))
                    .at(file, span_of(text, 0))
                    .label(format!("`{{{name}}}` would be printed as it is"))
                    .help(placeholder_help(name, &given)),
                );
            }
        }
    }
    found
}

fn placeholder_help(wrong: &str, given: &[&str]) -> String {
    let list = |names: &[&str]| {
        let braced: Vec<String> = names.iter().map(|n| format!("`{{{n}}}`")).collect();
        braced.join(", ")
    };
    match closest(wrong, given.iter().copied()) {
        Some(near) => format!("did you mean `{{{near}}}`?"),
        None if given.is_empty() => "this label fills in nothing: write it as plain text".into(),
        None => format!("this label fills in {}", list(given)),
    }
}

/// Every label has a text for the guide's `lang`: from a built-in set, the theme, or the guide.
fn check_complete(site: &Site, sets: &LabelSets) -> Option<Diagnostic> {
    let guide = &site.guide;
    let missing = sets.missing(&sets.for_guide(guide));
    if missing.is_empty() {
        return None;
    }
    let lang = &guide.lang.value;
    let built_in: Vec<&str> = sets.built_in_langs().collect();
    let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
    Some(
        Diagnostic::error(format!(
            "no labels for `lang: {lang}`: {} of {} are missing",
            missing.len(),
            sets.known().count()
        ))
        .at(&site.guide_file, span_of(&guide.lang, 0))
        .label(format!(
            "labels are built in for {} only",
            built_in.join(", ")
        ))
        .help(format!(
            "give each under `labels:` in {} or in the theme's `labels/{lang}.yaml` (the \
             built-in sets to translate are madoguchi's `themes/default/labels/`); missing: {}",
            site.guide_file.display(),
            names.join(", ")
        )),
    )
}
