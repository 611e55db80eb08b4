//! The lines ticketlint writes on stderr beside a report: `error:` for what
//! could not be done (the exit code becomes 2), `note:` for what was
//! skipped or changed. Colour is the stream's to drop (`NO_COLOR`, a pipe).

use std::io::Write;

pub const ERROR: anstyle::Style = anstyle::AnsiColor::Red
    .on_default()
    .effects(anstyle::Effects::BOLD);
pub const NOTE: anstyle::Style = anstyle::AnsiColor::Yellow
    .on_default()
    .effects(anstyle::Effects::BOLD);

/// `error: {message}`; a failed write to stderr is not reported anywhere.
pub fn error(stderr: &mut dyn Write, message: &str) {
    let _ = writeln!(
        stderr,
        "{}error:{} {message}",
        ERROR.render(),
        ERROR.render_reset()
    );
}

/// `note: {message}`.
pub fn note(stderr: &mut dyn Write, message: &str) {
    let _ = writeln!(
        stderr,
        "{}note:{} {message}",
        NOTE.render(),
        NOTE.render_reset()
    );
}
