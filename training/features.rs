//! The model features of tickets, for `training/train.py`: reads NDJSON
//! records (`{"key", "body", "attachments"}`) on stdin and writes, per
//! record, the ticket's language, its own sentences (byte offsets) with each
//! sentence's feature hashes, and the ticket's feature hashes. Training reads
//! the very hashes the linter computes, so the two cannot drift apart.
//!
//!     cargo run --release --example features < records.ndjson > features.ndjson

use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::json;
use ticketlint::input::record::Record;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;
use ticketlint::ticket::features::{sentence_features, ticket_features};

#[derive(Deserialize)]
struct Input {
    key: serde_json::Value,
    #[serde(flatten)]
    record: Record,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let linter = Linter::new(Packs::embedded());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let input: Input = serde_json::from_str(&line)?;
        let linted = linter.lint_record(input.record);
        let t = &linted.ticket;
        let has_image = t.attachments.iter().any(|a| a.is_image());
        let n = t.sentences.len();
        let features: Vec<Vec<u64>> = t
            .sentences
            .iter()
            .zip(&t.cues)
            .enumerate()
            .map(|(i, (s, &c))| sentence_features(t.slice(*s), c, i, n, &t.language))
            .collect();
        let sentences: Vec<_> = t
            .sentences
            .iter()
            .zip(&features)
            .map(|(s, f)| json!({"start": s.start, "end": s.end, "features": f}))
            .collect();
        let record = json!({
            "key": input.key,
            "language": t.language,
            "sentences": sentences,
            "ticket": ticket_features(&features, has_image, &t.language),
        });
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
