//! ticketlint: a linter for support tickets.
//!
//! The path of data: bytes ([`input`]: found, decoded, e-mail and NDJSON
//! read) → text → [`ticket::Ticket`] → [`rules`] → [`diagnostic::Diagnostic`]s
//! → a [`report`]er. [`lang`] holds the language packs the rules read their
//! words from.

pub mod batch;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod input;
pub mod inspect;
pub mod lang;
pub mod linter;
pub mod model;
pub mod reply;
pub mod report;
pub mod rules;
pub mod run;
pub mod serve;
pub mod suggest;
pub mod suppress;
pub mod text;
pub mod ticket;

/// Compiles the built-in patterns of every stage, and reads the models'
/// weights, now rather than at first use. With a core to spare, a caller
/// runs this beside loading the language packs: the two are most of the time
/// a one-ticket run takes.
pub fn compile_builtin_patterns() {
    model::Models::embedded();
    text::compile_patterns();
    suppress::compile_patterns();
    ticket::compile_patterns();
    rules::compile_patterns();
}
