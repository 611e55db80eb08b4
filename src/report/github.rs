//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! findings appear as annotations on the pull request.

use std::io::{self, Write};

use super::{FileResult, Reporter, Summary};
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
        let ticket = &file.linted.ticket;
        let index = ticket.line_index();
        for d in &file.linted.diagnostics {
            let start = index.position(&ticket.text, d.span.start);
            let end = index.position(&ticket.text, d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = match &d.suggestion {
                Some(s) => format!("{}\nhelp: {s}", d.message),
                None => d.message.clone(),
            };
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                // Relative to the checkout, as GitHub matches it: `./x` is `x`.
                escape_property(file.name.trim_start_matches("./")),
                start.line,
                start.column,
                end.line,
                end.column,
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
