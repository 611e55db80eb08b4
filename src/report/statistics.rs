//! `--statistics`: how many findings each rule has, most first, instead of
//! the findings themselves; a table, or JSON under `--format json`
//! (docs/json-format.md).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{FileResult, Reporter, Summary, plural};

#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<&'static str, usize>,
    json: bool,
    /// The closing count of files (left out under `--quiet`).
    summary: bool,
}

impl Statistics {
    pub fn new(json: bool, summary: bool) -> Statistics {
        Statistics {
            counts: BTreeMap::new(),
            json,
            summary,
        }
    }

    /// Rules by count, most first, then by id.
    fn rows(&self) -> Vec<(&'static str, usize)> {
        let mut rows: Vec<_> = self.counts.iter().map(|(r, n)| (*r, *n)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        rows
    }
}

#[derive(serde::Serialize)]
struct Row {
    rule: &'static str,
    count: usize,
}

#[derive(serde::Serialize)]
struct Document<'a> {
    version: u32,
    statistics: Vec<Row>,
    summary: &'a Summary,
}

impl Reporter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        for d in &file.linted.diagnostics {
            *self.counts.entry(d.rule).or_default() += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rows = self.rows();
        if self.json {
            let doc = Document {
                version: super::json::VERSION,
                statistics: rows
                    .into_iter()
                    .map(|(rule, count)| Row { rule, count })
                    .collect(),
                summary,
            };
            serde_json::to_writer(&mut *out, &doc)?;
            return writeln!(out);
        }
        let width = rows
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(1);
        for (rule, count) in &rows {
            writeln!(out, "{count:>width$}  {rule}")?;
        }
        if !self.summary {
            return Ok(());
        }
        let files = if summary.tickets {
            plural(summary.files, "ticket", "tickets")
        } else {
            plural(summary.files, "file", "files")
        };
        if rows.is_empty() {
            writeln!(out, "No findings in {files}.")
        } else {
            writeln!(out, "{files} checked")
        }
    }
}
