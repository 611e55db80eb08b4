//! The default format, for people: a grep-friendly first line
//! (`path:line:column: severity[rule]: message`), the source with the span
//! underlined, and the suggestion.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ticket::Ticket;

const BOLD: Style = Style::new().effects(Effects::BOLD);

/// Lines of source shown around a long span before the middle is folded.
const MAX_SNIPPET_LINES: usize = 8;

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

        // The snippet: the whole lines the span touches.
        let first = index.line_of(d.span.start);
        let last = index.line_of(d.span.end.saturating_sub(1).max(d.span.start));
        let from = index.line_start(first);
        let to = ticket.text[d.span.end..]
            .find('\n')
            .map_or(ticket.text.len(), |i| d.span.end + i);
        let source = &ticket.text[from..to];
        let snippet = Snippet::source(source)
            .line_start(first + 1)
            .fold(last - first >= MAX_SNIPPET_LINES)
            .annotation(AnnotationKind::Primary.span(d.span.start - from..d.span.end - from));
        let mut group = Group::with_level(level(d.severity)).element(snippet);
        if let Some(suggestion) = &d.suggestion {
            group = group.element(Level::HELP.message(suggestion.as_str()));
        }
        writeln!(out, "{}", self.renderer.render(&[group]))?;
        writeln!(out)
    }
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
