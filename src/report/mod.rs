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

/// `-q`: a reporter's findings without its closing summary.
pub struct WithoutSummary<R>(pub R);

impl<R: Reporter> Reporter for WithoutSummary<R> {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        self.0.file(out, file)
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// `-qq`: nothing; the exit code tells.
pub struct Silent;

impl Reporter for Silent {
    fn file(&mut self, _out: &mut dyn Write, _file: &FileResult<'_>) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
