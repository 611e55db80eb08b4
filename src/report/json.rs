//! `--format json`: one versioned document (see docs/json-format.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Fix, Related, Severity, Span};
use crate::ticket::Ticket;

/// The version of the JSON document; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Default)]
pub struct Json {
    files: usize,
    /// `ticketlint reply --format json`: each file with its draft reply.
    replies: Option<&'static crate::lang::Packs>,
}

impl Json {
    /// Each file gets `"reply"`: its draft (`ticketlint reply`), or null
    /// when nothing is missing.
    pub fn with_replies(packs: &'static crate::lang::Packs) -> Self {
        Json {
            files: 0,
            replies: Some(packs),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct FileOut<'a> {
    /// Only in NDJSON, where every line stands alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    /// The record's `id`, for tickets read from NDJSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    /// `FILE:LINE` for a ticket of an NDJSON stream.
    path: std::borrow::Cow<'a, str>,
    language: &'a str,
    kind: &'static str,
    /// `ticket`, `canned-reply` or `template`.
    role: crate::ticket::Role,
    encoding: &'a str,
    /// What spans point into: `file` (the decoded file) or `decoded` (the text
    /// made from an e-mail, given in `decoded_text`).
    offsets: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decoded_text: Option<&'a str>,
    diagnostics: Vec<DiagnosticOut<'a>>,
    /// The draft reply (null: nothing to ask for); only from `ticketlint reply`.
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<Option<String>>,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    suggestion: Option<&'a str>,
    span: SpanOut,
    fix: Option<&'a Fix>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    message: &'a str,
    span: SpanOut,
}

/// A span with 1-based lines and columns; `end_column` is the column just past the end.
#[derive(Serialize)]
pub(crate) struct SpanOut {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl SpanOut {
    pub(crate) fn new(ticket: &Ticket, span: Span) -> Self {
        let index = ticket.line_index();
        let start = index.position(&ticket.text, span.start);
        let end = index.position(&ticket.text, span.end);
        SpanOut {
            start: span.start,
            end: span.end,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

fn diagnostic<'a>(ticket: &Ticket, d: &'a Diagnostic) -> DiagnosticOut<'a> {
    DiagnosticOut {
        rule: d.rule,
        severity: d.severity,
        message: &d.message,
        suggestion: d.suggestion.as_deref(),
        span: SpanOut::new(ticket, d.span),
        fix: d.fix.as_ref(),
        related: d
            .related
            .iter()
            .map(|Related { span, message }| RelatedOut {
                message,
                span: SpanOut::new(ticket, *span),
            })
            .collect(),
    }
}

impl<'a> FileOut<'a> {
    pub(crate) fn new(file: &FileResult<'a>, version: Option<u32>) -> Self {
        let ticket = &file.linted.ticket;
        FileOut {
            version,
            id: file.id,
            path: match file.record {
                Some(line) => format!("{}:{line}", file.name).into(),
                None => file.name.into(),
            },
            language: &ticket.language,
            kind: ticket.kind().as_str(),
            role: ticket.role,
            encoding: &file.linted.encoding,
            offsets: if ticket.mail { "decoded" } else { "file" },
            decoded_text: ticket.mail.then_some(ticket.text.as_str()),
            diagnostics: file
                .linted
                .diagnostics
                .iter()
                .map(|d| diagnostic(ticket, d))
                .collect(),
            reply: None,
        }
    }
}

impl Reporter for Json {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        let mut record = FileOut::new(file, None);
        if let Some(packs) = self.replies {
            record.reply = Some(crate::reply::draft(file.linted, packs));
        }
        let lead = if self.files == 0 {
            format!("{{\"version\":{VERSION},\"files\":[")
        } else {
            ",".to_string()
        };
        self.files += 1;
        out.write_all(lead.as_bytes())?;
        serde_json::to_writer(&mut *out, &record)?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.files == 0 {
            write!(out, "{{\"version\":{VERSION},\"files\":[")?;
        }
        write!(out, "],\"summary\":")?;
        serde_json::to_writer(&mut *out, summary)?;
        writeln!(out, "}}")
    }
}

/// `--format ndjson`: one JSON object per file, one per line, each with its
/// own `version`; written as soon as the file is linted.
#[derive(Default)]
pub struct Ndjson;

impl Reporter for Ndjson {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &FileOut::new(file, Some(VERSION)))?;
        writeln!(out)
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
