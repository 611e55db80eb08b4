//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it — the rules
//! with their help text, and one result per finding with its region.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileResult, Place, Reporter, Summary};
use crate::diagnostic::Severity;
use crate::rules;

/// Results are written as they come, so that memory does not grow with the
/// number of findings (an NDJSON export of millions of tickets): the log's
/// opening is written before the first result and the tool with its rules
/// after the last (the members of a JSON object have no order).
#[derive(Default)]
pub struct Sarif {
    /// The opening of the log has been written.
    started: bool,
    /// Results written so far.
    results: usize,
    /// Rules beyond the built-in ones (the configuration's), listed after them.
    custom: Vec<&'static dyn rules::Rule>,
}

impl Sarif {
    /// A log that lists `custom` rules after the built-in ones.
    pub fn with_rules(custom: Vec<&'static dyn rules::Rule>) -> Sarif {
        Sarif {
            custom,
            ..Sarif::default()
        }
    }

    fn every_rule(&self) -> impl Iterator<Item = &'static dyn rules::Rule> + '_ {
        rules::all()
            .iter()
            .copied()
            .chain(self.custom.iter().copied())
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \
                 \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \
                 \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
            )?;
        }
        Ok(())
    }
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
    if path == crate::input::source::STDIN {
        return "stdin".into();
    }
    path.replace('\\', "/")
        .trim_start_matches("./")
        .replace('%', "%25")
        .replace(' ', "%20")
}

impl Reporter for Sarif {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        self.start(out)?;
        for d in &file.linted.diagnostics {
            let rule_index = self.every_rule().position(|r| r.id() == d.rule);
            let text = match &d.suggestion {
                Some(s) => format!("{} ({s})", d.message),
                None => d.message.clone(),
            };
            let start = file.place(d.span.start);
            let mut physical = json!({ "artifactLocation": { "uri": uri(file.name) } });
            match (start, file.place(d.span.end)) {
                (
                    Place::File {
                        line,
                        column: Some(column),
                    },
                    Place::File {
                        line: end_line,
                        column: Some(end_column),
                    },
                ) => {
                    physical["region"] = json!({
                        "startLine": line,
                        "startColumn": column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    })
                }
                (
                    Place::File {
                        line,
                        column: Some(column),
                    },
                    _,
                ) => physical["region"] = json!({ "startLine": line, "startColumn": column }),
                (Place::File { line, column: None }, _) => {
                    physical["region"] = json!({ "startLine": line })
                }
                (Place::Record { record, .. }, _) => {
                    physical["region"] = json!({ "startLine": record })
                }
                // Not a line of the file: the location names the artifact only.
                (Place::Decoded { .. }, _) => {}
            }
            let mut location = json!({ "physicalLocation": physical });
            if let Some(place) = file.describe(start) {
                location["message"] = json!({ "text": place });
            }
            if let Some(id) = file.id.filter(|id| !id.is_null()) {
                location["logicalLocations"] =
                    json!([{ "name": super::id_text(id), "kind": "object" }]);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location]
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
            out.write_all(b"        ")?;
            serde_json::to_writer(&mut *out, &result)?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = self
            .every_rule()
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
        let tool = json!({
            "driver": {
                "name": "ticketlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        });
        self.start(out)?;
        let close = if self.results == 0 { "" } else { "\n      " };
        write!(out, "{close}],\n      \"tool\": ")?;
        serde_json::to_writer(&mut *out, &tool)?;
        writeln!(out, "\n    }}\n  ]\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Packs;
    use crate::linter::Linter;

    #[test]
    fn results_are_written_as_they_come_and_the_log_parses() {
        let linter = Linter::new(Packs::embedded());
        let loud = linter.lint_text("NOTHING WORKS!!! FIX IT NOW\n");
        let mut sarif = Sarif::default();
        let mut out = Vec::new();
        for name in ["a.txt", "b.txt"] {
            let before = out.len();
            let file = FileResult {
                name,
                linted: &loud,
                id: None,
                record: None,
            };
            sarif.file(&mut out, &file).unwrap();
            let written = String::from_utf8_lossy(&out[before..]).into_owned();
            assert!(
                written.contains(&format!("\"uri\":\"{name}\"")),
                "{written}"
            );
        }
        sarif.finish(&mut out, &Summary::default()).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2 * loud.diagnostics.len());
        assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "ticketlint");
    }
}
