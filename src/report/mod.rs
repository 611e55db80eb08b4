//! Diagnostics → output. Every format is a [`Reporter`]; adding one touches no rule.

mod github;
mod human;
mod json;
mod sarif;
mod statistics;

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::linter::Linted;

pub use github::Github;
pub use human::Human;
pub use json::{Json, Ndjson};
pub use sarif::Sarif;
pub use statistics::Statistics;

/// One linted input as reporters see it.
pub struct FileResult<'a> {
    /// The input's name as shown (`-` for stdin).
    pub name: &'a str,
    pub linted: &'a Linted,
    /// The ticket's `id` when it came from an NDJSON record.
    pub id: Option<&'a serde_json::Value>,
}

/// Counts over the whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Inputs linted.
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Inputs that could not be read, and NDJSON lines that are not tickets (named on stderr).
    pub unreadable: usize,
    /// Inputs (or NDJSON lines) over `--max-file-size`, skipped with a note.
    pub skipped: usize,
    /// Findings hidden by suppression comments.
    pub suppressed: usize,
}

impl Summary {
    pub fn add(&mut self, linted: &Linted) {
        self.files += 1;
        self.suppressed += linted.suppressed;
        for d in &linted.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// How many findings are at or above `level`.
    pub fn at_least(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}

/// An output format. Files arrive one at a time, in a stable order; `finish`
/// closes the output.
pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}
