//! Labels: every fixed word a theme prints, in the guide's language. The default theme brings
//! complete sets for `ja` and `en`; a theme's `labels/LANG.yaml` and the guide's `labels:`
//! override them key by key (the guide last). The rules over them are in `check::labels`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Guide, LabelMap};
use crate::report::Report;

/// The built-in sets, by language. Each names every label (a unit test checks).
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/labels/en.yaml")),
    ("ja", include_str!("../../themes/default/labels/ja.yaml")),
];

/// The language whose built-in set names every label, and fills the serve overlay when the
/// guide's own labels are not known (its `guide.yaml` did not load).
pub const REFERENCE_LANG: &str = "en";

/// A theme's `labels/LANG.yaml`.
#[derive(Debug)]
pub struct LabelFile {
    /// The language it is for: its file name without `.yaml`.
    pub lang: String,
    /// As diagnostics name it (`themes/mine/labels/en.yaml`).
    pub file: PathBuf,
    pub labels: LabelMap,
}

/// The labels on offer: the built-in sets and a theme's own files.
#[derive(Debug)]
pub struct LabelSets {
    built_in: Vec<(&'static str, Vec<(String, String)>)>,
    pub theme: Vec<LabelFile>,
}

/// The labels one guide prints: label → text, as templates get them (`labels.steps`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Labels(BTreeMap<String, String>);

impl Labels {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

impl LabelSets {
    /// The built-in sets and `theme`'s files.
    pub fn new(theme: Vec<LabelFile>) -> Self {
        let built_in = BUILT_IN
            .iter()
            .map(|(lang, yaml)| (*lang, built_in_set(yaml)))
            .collect();
        LabelSets { built_in, theme }
    }

    /// Every label there is, in the order of the reference set.
    pub fn known(&self) -> impl Iterator<Item = &str> + Clone {
        self.reference().iter().map(|(k, _)| k.as_str())
    }

    /// The `{name}`s the template fills in `key`, as the reference set writes them.
    pub fn placeholders_of(&self, key: &str) -> Vec<&str> {
        self.reference()
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(Vec::new, |(_, text)| placeholders(text))
    }

    /// The languages with a built-in set.
    pub fn built_in_langs(&self) -> impl Iterator<Item = &str> {
        self.built_in.iter().map(|(lang, _)| *lang)
    }

    fn reference(&self) -> &[(String, String)] {
        self.built_in
            .iter()
            .find(|(lang, _)| *lang == REFERENCE_LANG)
            .map_or(&[], |(_, set)| set)
    }

    /// The labels `guide` prints: the built-in set for its `lang`, then the theme's file for
    /// it, then the guide's own `labels:`, each overriding the one before. A label none of
    /// them gives is missing (`check::labels` says so; nothing renders then).
    pub fn for_guide(&self, guide: &Guide) -> Labels {
        let langs = lookup_order(&guide.lang.value);
        let mut labels = BTreeMap::new();
        let mut put = |key: &str, text: &str| {
            if self.known().any(|k| k == key) {
                labels.insert(key.to_owned(), text.to_owned());
            }
        };
        for lang in &langs {
            let sets = self
                .built_in
                .iter()
                .filter(|(l, _)| l.eq_ignore_ascii_case(lang));
            for (key, text) in sets.flat_map(|(_, set)| set) {
                put(key, text);
            }
        }
        for lang in &langs {
            let files = self
                .theme
                .iter()
                .filter(|f| f.lang.eq_ignore_ascii_case(lang));
            for (key, text) in files.flat_map(|f| &f.labels.0) {
                put(&key.value, &text.value);
            }
        }
        for (key, text) in &guide.labels.0 {
            put(&key.value, &text.value);
        }
        Labels(labels)
    }

    /// The labels missing from `labels`, in the reference set's order.
    pub fn missing<'s>(&'s self, labels: &Labels) -> Vec<&'s str> {
        self.known().filter(|k| labels.get(k).is_none()).collect()
    }

    /// `labels`, with what they lack taken from the reference set: for text madoguchi must
    /// show whatever the guide says (the serve overlay).
    pub fn completed(&self, labels: &Labels) -> Labels {
        let mut all = labels.0.clone();
        for (key, text) in self.reference() {
            all.entry(key.clone()).or_insert_with(|| text.clone());
        }
        Labels(all)
    }

    /// The reference set alone.
    pub fn reference_labels(&self) -> Labels {
        self.completed(&Labels::default())
    }
}

/// A built-in set as written. It is part of the program, so it parses (a unit test proves it).
fn built_in_set(yaml: &str) -> Vec<(String, String)> {
    serde_saphyr::from_str::<LabelMap>(yaml)
        .map(|map| map.0.into_iter().map(|(k, t)| (k.value, t.value)).collect())
        .unwrap_or_default()
}

/// The sets that apply to `lang`, broadest first: `en-GB` takes `en`, then `en-GB`.
fn lookup_order(lang: &str) -> Vec<&str> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    if primary == lang {
        vec![lang]
    } else {
        vec![primary, lang]
    }
}

/// The `{name}`s in a label's text, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            found.push(name);
            rest = &rest[close + 1..];
        }
    }
    found
}

/// The built-in set of `lang`, as written (for tests and tools that list every label).
pub fn built_in(lang: &str) -> Option<Vec<(String, String)>> {
    BUILT_IN
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, yaml)| built_in_set(yaml))
}

/// Reads a theme's `labels/*.yaml` (`files`: name relative to `labels/`, path).
pub(super) fn read_label_files(
    root: &Path,
    files: Vec<(String, PathBuf)>,
    report: &mut Report,
) -> Vec<LabelFile> {
    let mut read = Vec::new();
    for (name, path) in files {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let Some(lang) = name.strip_suffix(".yaml").filter(|l| !l.contains('/')) else {
            report.push(
                crate::diagnostic::Diagnostic::error(format!(
                    "`{}` is not a label file",
                    rel.display()
                ))
                .in_file(&rel)
                .help("name a theme's label files after their language, e.g. `labels/en.yaml`"),
            );
            continue;
        };
        let Some(text) = super::read_text(root, &rel, report) else {
            continue;
        };
        let no_fields = |_: &[&str]| None;
        if let Some(labels) = super::parse_yaml::<LabelMap>(&text, 0, &rel, no_fields, report) {
            read.push(LabelFile {
                lang: lang.to_owned(),
                file: rel,
                labels,
            });
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_set_parses_and_names_every_label_with_the_same_placeholders() {
        let sets = LabelSets::new(Vec::new());
        let reference = built_in(REFERENCE_LANG).unwrap();
        assert!(reference.len() > 50);
        for (lang, yaml) in BUILT_IN {
            let set = built_in_set(yaml);
            let keys: Vec<&str> = set.iter().map(|(k, _)| k.as_str()).collect();
            let known: Vec<&str> = sets.known().collect();
            assert_eq!(
                keys, known,
                "`{lang}` names the labels in the reference order"
            );
            for (key, text) in &set {
                let mut mine = placeholders(text);
                let mut theirs = sets.placeholders_of(key);
                mine.sort();
                theirs.sort();
                assert_eq!(mine, theirs, "`{lang}` label `{key}`");
            }
        }
    }

    #[test]
    fn placeholders_are_lowercase_names_in_braces() {
        assert_eq!(placeholders("{from}〜{to}"), ["from", "to"]);
        assert_eq!(placeholders("a {b c} {Title} {} {x_y"), Vec::<&str>::new());
        assert_eq!(placeholders("{{title}}"), ["title"]);
    }

    #[test]
    fn a_regional_tag_takes_its_language_first() {
        assert_eq!(lookup_order("en-GB"), ["en", "en-GB"]);
        assert_eq!(lookup_order("ja"), ["ja"]);
    }
}
