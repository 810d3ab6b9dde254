//! Scaffold: `madoguchi new DIR` writes a minimal guide whose only gaps are marked placeholders.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Failure;
use crate::schema::guide_schema_json;

/// The languages a new guide can be written in: those with built-in labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaffoldLang {
    En,
    Ja,
}

/// The files of a new guide, by path under the guide folder.
fn scaffold_files(lang: ScaffoldLang) -> [(&'static str, String); 3] {
    let (guide, question) = match lang {
        ScaffoldLang::En => (
            include_str!("scaffold/en/guide.yaml"),
            include_str!("scaffold/en/question.md"),
        ),
        ScaffoldLang::Ja => (
            include_str!("scaffold/ja/guide.yaml"),
            include_str!("scaffold/ja/question.md"),
        ),
    };
    [
        ("content/guide.yaml", guide.to_owned()),
        ("content/guide.schema.json", guide_schema_json()),
        ("content/articles/question.md", question.to_owned()),
    ]
}

/// Writes a new guide in `lang` into `dir`. Refuses a folder that already holds anything unless
/// `force` (then only the scaffold's own files are overwritten). Returns the files written.
pub fn create_guide(dir: &Path, force: bool, lang: ScaffoldLang) -> Result<Vec<PathBuf>, Failure> {
    if dir.is_file() {
        return Err(Failure::new(
            "write a guide into",
            dir,
            "it is a file, not a folder",
        ));
    }
    if !force && has_entries(dir)? {
        return Err(Failure::new(
            "write a guide into",
            dir,
            "it is not empty; pass --force to write the scaffold into it anyway",
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in scaffold_files(lang) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Failure::new("create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Failure::new("write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn has_entries(dir: &Path) -> Result<bool, Failure> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Failure::new("read", dir, e)),
    }
}
