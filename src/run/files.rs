//! Linting the inputs of a run: each read (or streamed, for NDJSON) and
//! linted on every core, fixed or diffed when asked, and handed to the
//! reporter in input order; what cannot be read is named on stderr and
//! counted, and the rest is still linted.

use std::io::Write;

use super::{Chosen, Run};
use crate::batch::Batch;
use crate::fix;
use crate::input::decode::DecodeError;
use crate::input::record::{self, LineError, Record};
use crate::input::source::{self, Input, Origin, ReadError};
use crate::linter::Linter;
use crate::report::{FileResult, Reporter, Summary, notice};

/// How the inputs are read, fixed and reported: the command line's
/// `--jobs`, `--input-format`, `--encoding`, `--max-file-size`, `--fix`,
/// `--diff`, `--unsafe-fixes` and `--quiet`.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    /// Threads; `None`: one per core.
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Each input is a stream of NDJSON records, one ticket per line.
    pub ndjson: bool,
    /// Decode every input from this encoding instead of detecting it.
    pub forced: Option<&'static encoding_rs::Encoding>,
    /// Inputs (NDJSON: lines) larger than this are skipped with a note.
    pub max_file_size: u64,
    pub fix: bool,
    pub diff: bool,
    pub unsafe_fixes: bool,
    /// 1: no notes, and no summary; 2: nothing but errors.
    pub quiet: u8,
}

/// The inputs a run found, and what it could not use.
pub struct Found {
    pub inputs: Vec<Input>,
    /// Paths that could not be read or walked.
    pub errors: Vec<String>,
    /// Folders with no file of the extensions.
    pub empty: Vec<std::path::PathBuf>,
    pub extensions: Vec<String>,
}

/// Finds the inputs under `paths` (`-` is stdin) with `extensions` (for
/// NDJSON, `.ndjson` and `.jsonl` when none are given); stdin takes the
/// name `stdin_name` (`--stdin-filename`).
pub fn find(
    paths: &[std::path::PathBuf],
    extensions: Vec<String>,
    ndjson: bool,
    stdin_name: Option<&std::path::Path>,
) -> Result<Found, String> {
    let extensions = if ndjson && extensions.is_empty() {
        ["ndjson", "jsonl"].map(String::from).to_vec()
    } else {
        extensions
    };
    let found = source::discover_all(paths, &extensions);
    let mut inputs = found.inputs;
    if let Some(name) = stdin_name {
        let stdin = inputs.iter_mut().find(|i| i.origin == Origin::Stdin).ok_or(
            "--stdin-filename names the ticket read from stdin; give `-` among the paths, or no path",
        )?;
        stdin.name = name.display().to_string();
    }
    Ok(Found {
        inputs,
        errors: found.errors.iter().map(ToString::to_string).collect(),
        empty: found.empty,
        extensions,
    })
}

/// Why the lint of a run stops before its report is done.
#[derive(Debug)]
pub enum Stop {
    /// Trouble to tell the user about.
    Message(String),
    /// Writing the output failed (the reader may have gone away).
    Write(std::io::Error),
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Message(message)
    }
}

/// What a finished lint counted.
#[derive(Debug, Default)]
pub struct Outcome {
    pub summary: Summary,
    /// Findings fixed (`--fix`).
    pub fixes: usize,
    /// Files with a diff (`--diff`).
    pub diffs: usize,
    /// Files whose fixes could not be written.
    pub unfixed: usize,
    /// Inputs (NDJSON: tickets) linted, reported or diffed.
    pub linted: usize,
}

impl Outcome {
    /// Something named could not be read, or nothing was linted at all.
    pub fn trouble(&self) -> bool {
        self.summary.unreadable > 0 || self.linted == 0 || self.unfixed > 0
    }
}

impl Run<'_> {
    /// Lints `found`'s inputs, each with the linter of the configuration that
    /// applies to it, and reports them with `reporter` on `stdout` (on
    /// `stderr` when `--fix` writes fixed stdin to stdout); errors and notes
    /// go to `stderr`.
    pub fn lint_files(
        &mut self,
        found: &Found,
        files: &FileOptions,
        reporter: Box<dyn Reporter>,
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> Result<Outcome, Stop> {
        let mut batch = Batch::new(files.jobs);
        let summary = Summary {
            unreadable: found.errors.len(),
            tickets: files.ndjson,
            ..Summary::default()
        };
        for error in &found.errors {
            notice::error(stderr, error);
        }
        let report_to_stderr = files.fix && found.inputs.iter().any(|i| i.origin == Origin::Stdin);
        let mut out = Output {
            reporter,
            stdout,
            stderr,
            summary,
            fixes: 0,
            diffs: 0,
            unfixed: 0,
            linted: 0,
            quiet: files.quiet,
            unsafe_left: 0,
            report_to_stderr,
        };
        for folder in &found.empty {
            out.note(&format!(
                "{}: skipped, no files with the extensions {} in this folder",
                folder.display(),
                found.extensions.join(", ")
            ));
        }
        let mut jobs = Vec::with_capacity(found.inputs.len());
        for input in &found.inputs {
            match self.linter_for(input)? {
                Chosen::Linter(linter) => jobs.push((input, linter)),
                Chosen::Excluded(config) => {
                    if !matches!(input.origin, Origin::Found(_)) {
                        out.note(&format!(
                            "{}: skipped, excluded by `exclude` in {}",
                            input.name,
                            config.display()
                        ));
                    }
                }
            }
        }
        let limit = files.max_file_size;
        let forced = files.forced;
        if files.ndjson {
            for (input, linter) in &jobs {
                let reader = match source::open(input) {
                    Ok(reader) => reader,
                    Err(error) => {
                        out.skip(&input.name, Skip::Unreadable(error.reason));
                        continue;
                    }
                };
                batch.run_sized(
                    record::lines(reader, limit),
                    |(_, line)| line.as_ref().map_or(0, String::len),
                    |(number, line)| {
                        let record = line.map_err(|e| match e {
                            LineError::TooLong { .. } => Skip::TooLarge(e.to_string()),
                            e => Skip::Unreadable(e.to_string()),
                        });
                        let record = record.and_then(|line| {
                            Record::parse(&line)
                                .map_err(|e| Skip::Unreadable(format!("not a ticket: {e}")))
                        });
                        match record {
                            Ok(record) => {
                                let id = record.id.clone();
                                (number, Ok((linter.lint_record(record), id)))
                            }
                            Err(skip) => (number, Err(skip)),
                        }
                    },
                    |(number, result)| match result {
                        Ok((linted, id)) => out.report(&input.name, &linted, Some((number, &id))),
                        Err(skip) => {
                            out.skip(&format!("{}:{number}", input.name), skip);
                            Ok(())
                        }
                    },
                )?;
            }
        } else {
            batch.run(
                jobs,
                |(input, linter)| {
                    let outcome = match source::read(input, limit) {
                        Ok(bytes) => match linter.lint_bytes(&input.name, &bytes, forced) {
                            Ok(linted) => Ok(linted),
                            Err(DecodeError::Binary) => Err(None),
                        },
                        Err(error) => Err(Some(error)),
                    };
                    (input, linter, outcome)
                },
                |(input, linter, outcome)| match outcome {
                    Ok(linted) => out.file(input, &linter, linted, files),
                    Err(Some(error)) => {
                        let reason = error.reason();
                        let skip = match error {
                            ReadError::Unreadable(_) => Skip::Unreadable(reason),
                            ReadError::TooLarge { .. } => Skip::TooLarge(reason),
                        };
                        out.skip(&input.name, skip);
                        Ok(())
                    }
                    Err(None) => {
                        if !matches!(input.origin, Origin::Found(_)) {
                            out.note(&format!(
                                "{}: skipped, binary data (NUL bytes) is not a ticket",
                                input.name
                            ));
                        }
                        Ok(())
                    }
                },
            )?;
        }
        out.finish(files)
    }
}

/// Why an input (or an NDJSON line) is not linted.
enum Skip {
    /// Named on stderr as an error; the exit code becomes 2.
    Unreadable(String),
    /// Over `--max-file-size`: a note.
    TooLarge(String),
}

/// Where results go, in input order, and what is counted on the way.
struct Output<'a> {
    reporter: Box<dyn Reporter>,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
    summary: Summary,
    fixes: usize,
    diffs: usize,
    /// Files whose fixes could not be written (exit 2).
    unfixed: usize,
    /// Inputs (NDJSON: tickets) linted, reported or diffed.
    linted: usize,
    /// `-q`: no notes; the reporter leaves out the summary.
    quiet: u8,
    /// Unsafe fixes not applied for want of `--unsafe-fixes`.
    unsafe_left: usize,
    /// Reports go to stderr: stdout holds fixed stdin.
    report_to_stderr: bool,
}

impl Output<'_> {
    fn report(
        &mut self,
        name: &str,
        linted: &crate::linter::Linted,
        record: Option<(usize, &serde_json::Value)>,
    ) -> Result<(), Stop> {
        self.linted += 1;
        self.summary.add(linted);
        let file = FileResult {
            name,
            linted,
            id: record.map(|(_, id)| id),
            record: record.map(|(line, _)| line),
        };
        let out: &mut dyn Write = if self.report_to_stderr {
            &mut *self.stderr
        } else {
            &mut *self.stdout
        };
        self.reporter.file(out, &file).map_err(Stop::Write)
    }

    fn note(&mut self, message: &str) {
        if self.quiet == 0 {
            notice::note(self.stderr, message);
        }
    }

    fn skip(&mut self, name: &str, skip: Skip) {
        match skip {
            Skip::Unreadable(reason) => {
                self.summary.unreadable += 1;
                notice::error(self.stderr, &format!("{name}: {reason}"));
            }
            Skip::TooLarge(reason) => {
                self.summary.skipped += 1;
                self.note(&format!("{name}: {reason}"));
            }
        }
    }

    /// A linted file: fixed or diffed if asked, then reported.
    fn file(
        &mut self,
        input: &Input,
        linter: &Linter<'_>,
        mut linted: crate::linter::Linted,
        args: &FileOptions,
    ) -> Result<(), Stop> {
        if args.fix || args.diff {
            let path = input.path();
            let (fixed, count) =
                fix::apply(&linted.ticket.text, &linted.diagnostics, args.unsafe_fixes);
            if !args.unsafe_fixes && !linted.ticket.mail {
                self.unsafe_left += fix::unsafe_count(&linted.diagnostics);
            }
            match path {
                None if args.fix => {
                    // Like other linters: the fixed text on stdout, whether or not it changed.
                    let bytes = fix::encode(&fixed, &linted.encoding, linted.bom)
                        .map_err(|e| Stop::Message(format!("{}: {e}", input.name)))?;
                    self.stdout.write_all(&bytes).map_err(Stop::Write)?;
                    if count > 0 {
                        self.fixes += count;
                        linted = relint(linter, fixed, &linted);
                    }
                }
                _ if count == 0 => {}
                _ if linted.ticket.mail => {
                    self.note(&format!("{}: e-mail is not fixed in place", input.name))
                }
                _ if args.diff => {
                    self.diffs += 1;
                    if self.quiet < 2 {
                        write!(
                            self.stdout,
                            "{}",
                            fix::diff(&input.name, &linted.ticket.text, &fixed)
                        )
                        .map_err(Stop::Write)?;
                    }
                }
                None => {}
                Some(path) => {
                    let rewrite = fix::Rewrite {
                        original: &linted.ticket.text,
                        fixed: &fixed,
                        encoding: &linted.encoding,
                        bom: linted.bom,
                        forced: args.forced,
                    };
                    match fix::rewrite(path, &rewrite) {
                        Ok(()) => {
                            self.fixes += count;
                            linted = relint(linter, fixed, &linted);
                        }
                        Err(fix::NotFixed::Skipped(why)) => {
                            self.note(&format!("{}: not fixed: {why}", input.name));
                        }
                        Err(fix::NotFixed::Failed(why)) => {
                            self.unfixed += 1;
                            notice::error(
                                self.stderr,
                                &format!("{}: not fixed: {why}", input.name),
                            );
                        }
                    }
                }
            }
            if args.diff {
                self.linted += 1;
                return Ok(());
            }
        }
        self.report(&input.name, &linted, None)
    }
}

/// The fixed text linted again, keeping what it was read as.
fn relint(
    linter: &Linter<'_>,
    fixed: String,
    before: &crate::linter::Linted,
) -> crate::linter::Linted {
    let mut linted = linter.lint_text(fixed);
    linted.encoding = before.encoding.clone();
    linted.bom = before.bom;
    linted
}

impl Output<'_> {
    /// The closing notes and the reporter's end (not for `--diff`).
    fn finish(self, files: &FileOptions) -> Result<Outcome, Stop> {
        let Output {
            mut reporter,
            stdout,
            stderr,
            summary,
            fixes,
            diffs,
            unfixed,
            linted,
            quiet,
            unsafe_left,
            report_to_stderr,
        } = self;
        if unsafe_left > 0 && quiet == 0 {
            let how = if files.diff { "--diff" } else { "--fix" };
            notice::note(
                stderr,
                &format!(
                    "{unsafe_left} unsafe fix{} available with --unsafe-fixes (`{how} --unsafe-fixes` applies {})",
                    if unsafe_left == 1 { " is" } else { "es are" },
                    if unsafe_left == 1 { "it" } else { "them" }
                ),
            );
        }
        let outcome = Outcome {
            summary,
            fixes,
            diffs,
            unfixed,
            linted,
        };
        if files.diff {
            stdout.flush().map_err(Stop::Write)?;
            return Ok(outcome);
        }
        let report_out: &mut dyn Write = if report_to_stderr {
            &mut *stderr
        } else {
            &mut *stdout
        };
        reporter
            .finish(report_out, &outcome.summary)
            .map_err(Stop::Write)?;
        stdout.flush().map_err(Stop::Write)?;
        if fixes > 0 && quiet == 0 {
            notice::note(
                stderr,
                &format!("fixed {fixes} finding{}", if fixes == 1 { "" } else { "s" }),
            );
        }
        Ok(outcome)
    }
}
