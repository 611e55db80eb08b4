//! `--statistics`: how many findings each rule has, most first, instead of
//! the findings themselves.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{FileResult, Reporter, Summary};

#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<&'static str, usize>,
}

impl Reporter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        for d in &file.linted.diagnostics {
            *self.counts.entry(d.rule).or_default() += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let width = rows
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(1);
        for (rule, count) in rows {
            writeln!(out, "{count:>width$}  {rule}")?;
        }
        writeln!(out, "{} files checked", summary.files)
    }
}
