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
    for result in rx {
        match result {
            Ok(events) => {
                let changed: Vec<_> = events
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .collect();
                if let Some(first) = changed.first() {
                    eprintln!("changed: {}", first.display());
                    super::rebuild(&options, live);
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching failed: {e}");
                }
            }
        }
    }
}
