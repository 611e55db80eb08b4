//! Any bytes as a ticket file: decoding, parsing, every rule, and the fix.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;

fuzz_target!(|bytes: &[u8]| {
    let linter = Linter::new(Packs::embedded());
    let Ok(linted) = linter.lint_bytes("ticket.txt", bytes, None) else {
        return;
    };
    for d in &linted.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= linted.ticket.text.len());
        assert!(linted.ticket.text.is_char_boundary(d.span.start));
        assert!(linted.ticket.text.is_char_boundary(d.span.end));
    }
    let (fixed, _) = ticketlint::fix::apply(&linted.ticket.text, &linted.diagnostics, true);
    let _ = linter.lint_text(fixed);
});
