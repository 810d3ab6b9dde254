//! Watch `content/` and `themes/`; rebuild (and so reload open pages) after each burst of edits.

use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::state::Live;
use crate::build::BuildOptions;

/// Editors save in several steps (write a temp file, rename, touch): wait this long after the
/// last step before rebuilding, once.
const DEBOUNCE: Duration = Duration::from_millis(100);

pub fn watch(options: BuildOptions, live: &Live) {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, tx) {
        Ok(debouncer) => debouncer,
        Err(e) => {
            eprintln!(
                "warning: cannot watch for changes ({e}); pages will not rebuild by themselves"
            );
            return;
        }
    };
    for folder in ["content", "themes"] {
        let dir = options.root.join(folder);
        if dir.is_dir() {
            if let Err(e) = debouncer.watch(&dir, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch `{}`: {e}", dir.display());
            }
        }
    }
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    for result in rx {
        match result {
            Ok(events) => {
                let Some(first) = events
                    .iter()
                    .find(|e| !matches!(e.kind, EventKind::Access(_)))
                else {
                    continue;
                };
                if let Some(path) = first.paths.first() {
                    let shown = path.strip_prefix(&root).unwrap_or(path);
                    eprintln!("changed: {}", shown.display());
                }
                super::rebuild(&options, live);
                // Measured from the first event of the burst: debounce + build + write.
                eprintln!(
                    "reload sent {} ms after the save",
                    first.time.elapsed().as_millis()
                );
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching failed: {e}");
                }
            }
        }
    }
}
