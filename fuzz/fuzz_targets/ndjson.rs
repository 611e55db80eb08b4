//! Any bytes as an NDJSON helpdesk export: line splitting, records, threads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;
use ticketlint::input::record::Record;

fuzz_target!(|bytes: &[u8]| {
    let linter = Linter::new(Packs::embedded());
    for (_, line) in ticketlint::input::record::lines(bytes, 64 * 1024) {
        let Ok(line) = line else {
            continue;
        };
        if let Ok(record) = Record::parse(&line) {
            let linted = linter.lint_record(record);
            for d in &linted.diagnostics {
                assert!(d.span.end <= linted.ticket.text.len());
            }
        }
    }
});
