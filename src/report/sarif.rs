//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it — the rules
//! with their help text, and one result per finding with its region.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::Severity;
use crate::rules;

#[derive(Default)]
pub struct Sarif {
    results: Vec<Value>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, spaces escaped.
fn uri(path: &str) -> String {
    if path == crate::source::STDIN {
        return "stdin".into();
    }
    path.replace('\\', "/")
        .trim_start_matches("./")
        .replace('%', "%25")
        .replace(' ', "%20")
}

impl Reporter for Sarif {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        let ticket = &file.linted.ticket;
        let index = ticket.line_index();
        for d in &file.linted.diagnostics {
            let start = index.position(&ticket.text, d.span.start);
            let end = index.position(&ticket.text, d.span.end);
            let rule_index = rules::all().iter().position(|r| r.id() == d.rule);
            let text = match &d.suggestion {
                Some(s) => format!("{} ({s})", d.message),
                None => d.message.clone(),
            };
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file.name) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        }
                    }
                }]
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            self.results.push(result);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = rules::all()
            .iter()
            .map(|r| {
                json!({
                    "id": r.id(),
                    "name": r.id(),
                    "shortDescription": { "text": r.summary() },
                    "fullDescription": { "text": r.summary() },
                    "help": { "text": r.doc(), "markdown": r.doc() },
                    "defaultConfiguration": { "level": level(r.default_severity()) },
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "ticketlint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}
