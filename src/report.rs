//! The running tally of a command: diagnostics found so far, the files they point into, and the exit status.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Failure, SourceFiles};

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok = 0,
    GuideErrors = 1,
    UsageOrIo = 2,
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceFiles,
    /// Set when a problem is with the environment (missing folder, unreadable file), not the guide.
    pub io_failed: bool,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// An environment problem: exit code 2.
    pub fn io_error(&mut self, message: impl Into<String>, file: Option<&Path>, help: &str) {
        let mut d = Diagnostic::error(message);
        if let Some(file) = file {
            d = d.in_file(PathBuf::from(file));
        }
        if !help.is_empty() {
            d = d.help(help);
        }
        self.io_failed = true;
        self.diagnostics.push(d);
    }

    /// A failure of the file system or a tool (exit code 2), with what to do about it.
    pub fn failed(&mut self, failure: Failure, help: &str) {
        self.io_error(failure.to_string(), None, help);
    }

    /// Adds everything another report collected (work done in parallel, gathered in order).
    pub fn absorb(&mut self, other: Report) {
        self.diagnostics.extend(other.diagnostics);
        // The smaller map goes into the larger: ten thousand articles are not hashed again.
        let (mut larger, smaller) = if self.sources.len() < other.sources.len() {
            (other.sources, std::mem::take(&mut self.sources))
        } else {
            (std::mem::take(&mut self.sources), other.sources)
        };
        larger.extend(smaller);
        self.sources = larger;
        self.io_failed |= other.io_failed;
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// Under `--strict` warnings become errors.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = crate::diagnostic::Severity::Error;
        }
    }

    pub fn status(&self) -> Status {
        if self.io_failed {
            Status::UsageOrIo
        } else if self.error_count() > 0 {
            Status::GuideErrors
        } else {
            Status::Ok
        }
    }

    /// Diagnostics sorted the way a reader scans them: by file, then position.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start))
                .cmp(&(&b.file, b.span.as_ref().map(|s| s.start)))
        });
    }
}
