//! The files of `check --online`'s monthly round: its `--report` and its `--cache`, each
//! replacing the file before it at once (written beside it, then renamed), and a line saying
//! what the round covered.

use std::path::Path;

use super::report::{report_bytes, Status};
use super::{OnlineOptions, OnlineRound};
use crate::diagnostic::Failure;

/// Says what the round covered, then writes its report and cache (when asked for).
pub fn write_round(
    online: &OnlineOptions,
    round: &OnlineRound,
) -> Result<(), (Failure, &'static str)> {
    let count = |status| round.pages.iter().filter(|p| p.status == status).count();
    let cached = round.pages.iter().filter(|p| p.cached.is_some()).count();
    crate::console::say(format!(
        "note: online: {} pages: {} ok ({cached} from the cache), {} unverified, {} broken, {} unreachable",
        round.pages.len(),
        count(Status::Ok),
        count(Status::Unverified),
        count(Status::Broken),
        count(Status::Unreachable),
    ));
    if let Some(path) = &online.report {
        if let Some(text) = report_bytes(path, &round.day, &round.pages) {
            replace_file(path, text.as_bytes())
                .map_err(|f| (f, "choose a --report file you can write"))?;
            crate::console::say(format!(
                "note: online: report written to {}",
                crate::console::shown(path)
            ));
        }
    }
    if let Some((path, json)) = &round.cache {
        replace_file(path, json.as_bytes())
            .map_err(|f| (f, "choose a --cache file you can write"))?;
    }
    Ok(())
}

/// Why the round may not write `file`: inside `content/` (a `.md` report would become an
/// article, a `.json` cache a file the build reads), `themes/`, or the output folder.
pub fn refuse_round_file(root: &Path, file: &Path) -> Option<String> {
    let file_abs = crate::output::guard::absolute(file);
    let root_abs = crate::output::guard::absolute(root);
    for protected in ["content", "themes", "output"] {
        if file_abs.starts_with(root_abs.join(protected)) {
            return Some(format!(
                "`{}` is inside the guide's {protected}/ folder",
                file.display()
            ));
        }
    }
    if file_abs.is_dir() {
        return Some(format!("`{}` is a folder", file.display()));
    }
    None
}

/// Writes `bytes` beside `path` and renames it into place, so a reader (or a second run) never
/// sees half a file. A symlink at `path` is replaced, never written through.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(name) = name else {
        return Err(Failure::new("write", path, "not a file name"));
    };
    let beside = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&beside, bytes).map_err(|e| Failure::new("write", &beside, e))?;
    std::fs::rename(&beside, path).map_err(|e| {
        let _ = std::fs::remove_file(&beside);
        Failure::new("replace", path, e)
    })
}
