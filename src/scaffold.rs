//! Scaffold: `madoguchi new DIR` writes a minimal guide whose only gaps are marked
//! placeholders; `madoguchi theme export NAME` writes the built-in theme to start one from.

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

/// Writes the built-in templates and static files into `root/themes/NAME/` (the stylesheets
/// marked to replace the built-in ones, as copies of them). Refuses to overwrite a file that
/// is there unless `force`, naming the first. Returns the files written.
pub fn export_theme(root: &Path, name: &str, force: bool) -> Result<Vec<PathBuf>, Failure> {
    let dir = root.join("themes").join(name);
    let plain = Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(std::path::Component::Normal(_))
        );
    if !plain {
        return Err(Failure::new(
            "export a theme into",
            &dir,
            "a theme is a plain folder name under themes/, e.g. `mine`",
        ));
    }
    if !root.is_dir() {
        return Err(Failure::new(
            "export a theme into",
            root,
            "no such folder: give the guide folder with --root",
        ));
    }
    let files = crate::load::theme::built_in_files();
    if !force {
        if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
            return Err(Failure::new(
                "export the built-in theme over",
                dir.join(rel),
                "it exists; pass --force to overwrite the exported files (other files are left alone)",
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Failure::new("create", parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Failure::new("write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}
