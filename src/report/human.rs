//! The default format, for people: a grep-friendly first line
//! (`path:line:column: severity[rule]: message`), the source with the span
//! underlined, and the suggestion.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ticket::Ticket;

const BOLD: Style = Style::new().effects(Effects::BOLD);

/// Lines of source shown around a long span before the middle is folded.
const MAX_SNIPPET_LINES: usize = 8;

/// Bytes of a long line kept on each side of a span. The renderer trims lines
/// to the terminal anyway; handing it the whole line for each of thousands of
/// findings on one long line would make the report quadratic.
const CONTEXT: usize = 160;

/// Marks where a long line was cut.
const CUT: &str = "…";

pub struct Human {
    renderer: Renderer,
    files_with_findings: usize,
}

impl Default for Human {
    fn default() -> Self {
        Self {
            // Always styled: the output stream strips colour where it is not wanted.
            renderer: Renderer::styled(),
            files_with_findings: 0,
        }
    }
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    color.on_default().effects(Effects::BOLD)
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

impl Human {
    fn diagnostic(
        &self,
        out: &mut dyn Write,
        name: &str,
        ticket: &Ticket,
        d: &Diagnostic,
    ) -> io::Result<()> {
        let index = ticket.line_index();
        let pos = index.position(&ticket.text, d.span.start);
        let style = severity_style(d.severity);
        writeln!(
            out,
            "{BOLD}{name}:{}:{}:{BOLD:#} {style}{}[{}]{style:#}: {BOLD}{}{BOLD:#}",
            pos.line, pos.column, d.severity, d.rule, d.message
        )?;

        // The snippet: the lines the span touches, cut to a window around
        // the span where they are long.
        let text = &ticket.text;
        let first = index.line_of(d.span.start);
        let last = index.line_of(d.span.end.saturating_sub(1).max(d.span.start));
        let line_start = index.line_start(first);
        let line_end = text[d.span.end..]
            .find('\n')
            .map_or(text.len(), |i| d.span.end + i);
        let (source, span) = window(text, line_start..line_end, d.span.start..d.span.end);
        let snippet = Snippet::source(&source)
            .line_start(first + 1)
            .fold(last - first >= MAX_SNIPPET_LINES)
            .annotation(AnnotationKind::Primary.span(span));
        let mut group = Group::with_level(level(d.severity)).element(snippet);
        if let Some(suggestion) = &d.suggestion {
            group = group.element(Level::HELP.message(suggestion.as_str()));
        }
        writeln!(out, "{}", self.renderer.render(&[group]))?;
        writeln!(out)
    }
}

/// The source of a snippet: the lines from `lines.start` to `lines.end`, cut
/// to [`CONTEXT`] bytes on each side of `span` and marked where cut; and the
/// span within it.
fn window(text: &str, lines: Range<usize>, span: Range<usize>) -> (String, Range<usize>) {
    let from = text.floor_char_boundary(span.start.saturating_sub(CONTEXT).max(lines.start));
    let to = text.ceil_char_boundary((span.end + CONTEXT).min(lines.end));
    let before = if from > lines.start { CUT } else { "" };
    let after = if to < lines.end { CUT } else { "" };
    let source = format!("{before}{}{after}", &text[from..to]);
    let shift = |at: usize| at - from + before.len();
    (source, shift(span.start)..shift(span.end))
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        if !file.linted.diagnostics.is_empty() {
            self.files_with_findings += 1;
        }
        for d in &file.linted.diagnostics {
            self.diagnostic(out, file.name, &file.linted.ticket, d)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let total = summary.errors + summary.warnings + summary.infos;
        let files = plural(summary.files, "file", "files");
        if summary.unreadable > 0 {
            let err = AnsiColor::Red.on_default().effects(Effects::BOLD);
            let inputs = plural(summary.unreadable, "input", "inputs");
            writeln!(out, "{err}{inputs} could not be read{err:#} (see above).")?;
        }
        let files = if summary.suppressed > 0 {
            format!("{files} ({} suppressed)", summary.suppressed)
        } else {
            files
        };
        if summary.files == 0 {
            return writeln!(out, "No tickets were linted.");
        }
        if total == 0 && summary.unreadable > 0 {
            return writeln!(out, "No findings in {files}.");
        }
        if total == 0 {
            let ok = AnsiColor::Green.on_default().effects(Effects::BOLD);
            return writeln!(out, "{ok}All clear:{ok:#} no findings in {files}.");
        }
        let mut parts = Vec::new();
        for (count, one, many) in [
            (summary.errors, "error", "errors"),
            (summary.warnings, "warning", "warnings"),
            (summary.infos, "info", "infos"),
        ] {
            if count > 0 {
                parts.push(plural(count, one, many));
            }
        }
        writeln!(
            out,
            "{BOLD}Found {} in {} of {files}.{BOLD:#}",
            parts.join(", "),
            self.files_with_findings
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let line = "Почему? ".repeat(10_000);
        let text = format!("Привет.\n{line}\nКонец.");
        let lines = 14..14 + line.len();
        let at = text[lines.start + 40_000..].find("Почему?").unwrap() + lines.start + 40_000;
        let (source, span) = window(&text, lines, at..at + "Почему?".len());
        assert!(source.len() <= 2 * CONTEXT + 20 + 2 * CUT.len(), "{source}");
        assert!(source.starts_with(CUT) && source.ends_with(CUT), "{source}");
        assert_eq!(&source[span], "Почему?");
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "Hello.\nWHY IS IT BROKEN?\nBye.";
        let (source, span) = window(text, 7..24, 7..23);
        assert_eq!(source, "WHY IS IT BROKEN?");
        assert_eq!(span, 0..16);
    }
}
