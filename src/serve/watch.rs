//! Watch `content/` and `themes/`; rebuild (and so reload open pages) after each burst of edits.

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::state::Live;
use crate::pipeline::{BuildOptions, Changes, Session};

/// Editors save in several steps (write a temp file, rename, touch): wait this long after the
/// last step before rebuilding, once.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Folders watched for changes, relative to the guide root.
const WATCHED: [&str; 2] = ["content", "themes"];

/// Watching has started: changes from now on arrive on `events` while `_debouncer` lives.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

/// Starts watching before the first build, so no save between that build and the first
/// request is missed. `None` (with a warning) when the system cannot watch.
pub fn start(root: &Path) -> Option<Watcher> {
    let (tx, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, tx) {
        Ok(debouncer) => debouncer,
        Err(e) => {
            crate::console::say(format!(
                "warning: cannot watch for changes ({e}); pages will not rebuild by themselves"
            ));
            return None;
        }
    };
    // Watched by absolute path, so events name files the way `rebuild_on_change` expects.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for folder in WATCHED {
        let dir = root.join(folder);
        if dir.is_dir() {
            if let Err(e) = debouncer.watch(&dir, RecursiveMode::Recursive) {
                crate::console::say(format!(
                    "warning: cannot watch `{}`: {e}",
                    crate::console::shown(&dir)
                ));
            }
        }
    }
    Some(Watcher {
        _debouncer: debouncer,
        events,
    })
}

/// What a burst of events changed. The watcher may have missed events (it then asks for a
/// rescan): everything is built again.
fn changes_in(root: &Path, events: &[notify_debouncer_full::DebouncedEvent]) -> Changes {
    if events.iter().any(|e| e.need_rescan()) {
        return Changes::Everything;
    }
    let paths: Vec<std::path::PathBuf> = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter().cloned())
        .collect();
    Changes::of(root, &paths)
}

/// Rebuilds after each burst of changes, for as long as the server runs: in part when only
/// content files changed, in full otherwise.
pub fn rebuild_on_change(
    watcher: Watcher,
    options: &BuildOptions,
    live: &Live,
    mut session: Session,
) {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    for result in &watcher.events {
        match result {
            Ok(events) => {
                let Some(first) = events
                    .iter()
                    .find(|e| !matches!(e.kind, EventKind::Access(_)))
                else {
                    continue;
                };
                let changes = changes_in(&root, &events);
                if changes.is_nothing() {
                    // Only files no build reads (an editor's swap file): nothing to redo.
                    continue;
                }
                if let Some(path) = first.paths.first() {
                    let shown = path.strip_prefix(&root).unwrap_or(path);
                    crate::console::say(format!("changed: {}", crate::console::shown(shown)));
                }
                super::rebuild(options, live, &mut session, &changes);
                // Measured from the first event of the burst: debounce + build + write.
                crate::console::say(format!(
                    "reload sent {} ms after the save",
                    first.time.elapsed().as_millis()
                ));
            }
            Err(errors) => {
                for e in errors {
                    crate::console::say(format!("warning: watching failed: {e}"));
                }
            }
        }
    }
}
