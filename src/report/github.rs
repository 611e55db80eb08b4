//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! findings appear as annotations on the pull request.

use std::io::{self, Write};

use super::{FileResult, Place, Reporter, Summary};
use crate::diagnostic::Severity;

#[derive(Default)]
pub struct Github;

/// Escapes the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        // Relative to the checkout, as GitHub matches it: `./x` is `x`.
        let path = escape_property(file.name.trim_start_matches("./"));
        for d in &file.linted.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let start = file.place(d.span.start);
            // A position that is not a file line is said in the message; the
            // annotation then marks the record's line, or the whole file.
            let mut message = match file.describe(start) {
                Some(place) => format!("{} ({place})", d.message),
                None => d.message.clone(),
            };
            if let Some(s) = &d.suggestion {
                message.push_str(&format!("\nhelp: {s}"));
            }
            let position = match (start, file.place(d.span.end)) {
                (
                    Place::File {
                        line,
                        column: Some(column),
                    },
                    Place::File {
                        line: end_line,
                        column: Some(end_column),
                    },
                ) => format!(",line={line},col={column},endLine={end_line},endColumn={end_column}"),
                (
                    Place::File {
                        line,
                        column: Some(column),
                    },
                    _,
                ) => format!(",line={line},col={column}"),
                (Place::File { line, column: None }, _) => format!(",line={line}"),
                (Place::Record { record, .. }, _) => format!(",line={record}"),
                (Place::Decoded { .. }, _) => String::new(),
            };
            writeln!(
                out,
                "::{level} file={path}{position},title={}::{}",
                escape_property(d.rule),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
