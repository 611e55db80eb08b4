//! Any bytes as a raw e-mail (`.eml`): MIME parsing, quoted history, rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;

fuzz_target!(|bytes: &[u8]| {
    let linter = Linter::new(Packs::embedded());
    if let Ok(linted) = linter.lint_bytes("mail.eml", bytes, None) {
        for d in &linted.diagnostics {
            assert!(d.span.end <= linted.ticket.text.len());
        }
    }
});
