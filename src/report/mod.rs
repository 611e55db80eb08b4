//! Diagnostics → output. Every format is a [`Reporter`]; adding one touches no rule.

mod github;
mod human;
mod json;
pub mod notice;
mod reply;
mod sarif;
mod statistics;

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::lang::Labels;
use crate::linter::Linted;

pub use github::Github;
pub use human::Human;
pub use json::{Json, Ndjson};
pub use reply::Reply;
pub use sarif::Sarif;
pub use statistics::Statistics;

/// One linted input as reporters see it.
pub struct FileResult<'a> {
    /// The input's name as shown (`-` for stdin).
    pub name: &'a str,
    pub linted: &'a Linted,
    /// The ticket's `id` when it came from an NDJSON record.
    pub id: Option<&'a serde_json::Value>,
    /// The line of the NDJSON stream the ticket's record is on.
    pub record: Option<usize>,
}

/// Where a position of a ticket's text is, as outputs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A line of the file, and the column when the file's line reads as the text's.
    File { line: usize, column: Option<usize> },
    /// Only in the text decoded from an e-mail (its line and column there):
    /// the file holds it encoded, or not as one line.
    Decoded { line: usize, column: usize },
    /// In the text of the ticket whose record is on line `record` of an
    /// NDJSON stream.
    Record {
        record: usize,
        line: usize,
        column: usize,
    },
}

impl FileResult<'_> {
    /// Where byte `offset` of the ticket's text is.
    pub fn place(&self, offset: usize) -> Place {
        let ticket = &self.linted.ticket;
        let at = ticket.line_index().position(&ticket.text, offset);
        if let Some(record) = self.record {
            return Place::Record {
                record,
                line: at.line,
                column: at.column,
            };
        }
        match &self.linted.file_lines {
            None => Place::File {
                line: at.line,
                column: Some(at.column),
            },
            Some(lines) => match lines.get(at.line) {
                Some(file) => Place::File {
                    line: file.line,
                    column: file.exact.then_some(at.column),
                },
                None => Place::Decoded {
                    line: at.line,
                    column: at.column,
                },
            },
        }
    }

    /// The file line that text line `line` (1-based) is on, if it is on one.
    pub fn file_line(&self, line: usize) -> Option<usize> {
        if self.record.is_some() {
            return None;
        }
        match &self.linted.file_lines {
            None => Some(line),
            Some(lines) => lines.get(line).map(|l| l.line),
        }
    }

    /// For a place that is not a file position: where it is, in words of the
    /// ticket's labels (`decoded email, line 4, column 1`; `ticket 881, line
    /// 1, column 6`).
    pub fn describe(&self, place: Place) -> Option<String> {
        let labels = &self.linted.labels;
        let (what, line, column) = match place {
            Place::File { .. } => return None,
            Place::Decoded { line, column } => (Some(labels.decoded_email.clone()), line, column),
            Place::Record { line, column, .. } => (
                self.id
                    .filter(|id| !id.is_null())
                    .map(|id| Labels::fill(&labels.ticket_id, &[("id", &id_text(id))])),
                line,
                column,
            ),
        };
        let at = Labels::fill(
            &labels.line_column,
            &[("line", &line.to_string()), ("column", &column.to_string())],
        );
        Some(match what {
            Some(what) => format!("{what}, {at}"),
            None => at,
        })
    }
}

/// A record id as people read it: a string without its quotes.
pub fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
    /// What was linted were tickets of NDJSON streams, not files.
    #[serde(skip)]
    pub tickets: bool,
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

/// Text from a ticket as it may be shown on a terminal: control characters
/// (an escape sequence that would retitle the window or recolour the screen,
/// a bell, a backspace) become their visible symbols (`␛`, `␇`); line breaks
/// and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| c == '\n' || c == '\t' || !c.is_control();
    if text.chars().all(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if shown(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// A writer that shows what passes through it with [`visible`]: for human
/// output that repeats a ticket's text without styling it (`inspect`).
pub struct Visible<'a>(pub &'a mut dyn Write);

impl Write for Visible<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(visible(text).as_bytes())?,
            Err(_) => self
                .0
                .write_all(visible(&String::from_utf8_lossy(buf)).as_bytes())?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod visible_tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}b\u{7f}\u{9b}c\n\td"),
            "a\u{241b}]0;x\u{2407}b\u{2421}\u{fffd}c\n\td"
        );
        assert!(matches!(
            visible("plain, «текст»\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
