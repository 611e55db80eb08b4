//! The `ticketlint` command: arguments → inputs → lint → report → exit code.

mod batch;
mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use clap::{CommandFactory, FromArgMatches, ValueEnum};

use batch::Batch;
use cli::{Cli, Command, FailOn, Format, InputFormat, LintArgs};

use ticketlint::config::{self, Config, Configs};
use ticketlint::diagnostic::Severity;
use ticketlint::fix;
use ticketlint::input::decode::{self, DecodeError};
use ticketlint::input::record::{self, LineError, Record};
use ticketlint::input::source::{self, Input, Origin, ReadError};
use ticketlint::lang::{LanguagePack, Packs};
use ticketlint::linter::Linter;
use ticketlint::report::{self, FileResult, Reporter, Summary};
use ticketlint::rules::{self, Rule};
use ticketlint::run::{Chosen, Run};

/// Exit codes: nothing found, findings at or above `--fail-on`, trouble.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let color = cli.lint.color.choice();
    let mut stderr = AutoStream::new(std::io::stderr(), color);
    let outcome = match cli::lint_only_option(&matches) {
        Some(message) => Err(Failure::Message(message)),
        None => run(cli),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Closed) => ExitCode::from(EXIT_CLEAN),
        Err(Failure::Message(message)) => {
            let _ = writeln!(
                stderr,
                "{}error:{} {message}",
                ERR.render(),
                ERR.render_reset()
            );
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

const ERR: anstyle::Style = anstyle::AnsiColor::Red
    .on_default()
    .effects(anstyle::Effects::BOLD);
const NOTE: anstyle::Style = anstyle::AnsiColor::Yellow
    .on_default()
    .effects(anstyle::Effects::BOLD);

fn run(cli: Cli) -> Result<u8, Failure> {
    // Machine formats are written as they are; for people, colour codes are
    // dropped where colour is off (and with them control characters).
    let color = if writes_for_machines(&cli) {
        anstream::ColorChoice::AlwaysAnsi
    } else {
        cli.lint.color.choice()
    };
    let mut stdout: Box<dyn Write> = match &cli.lint.output_file {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                format!(
                    "{}: cannot write: {}",
                    path.display(),
                    source::io_reason(&e)
                )
            })?;
            Box::new(std::io::BufWriter::new(AutoStream::new(file, color)))
        }
        None => Box::new(AutoStream::new(std::io::stdout().lock(), color)),
    };
    let code = run_command(cli, &mut stdout)?;
    stdout.flush().map_err(write_error)?;
    Ok(code)
}

/// Whether stdout gets a machine format (JSON, NDJSON, SARIF, GitHub
/// commands), whose bytes must reach the reader unchanged.
fn writes_for_machines(cli: &Cli) -> bool {
    let format = match cli.command {
        None => {
            let configured = match Configs::new(cli.lint.config.as_deref(), cli.lint.no_config) {
                Ok(mut configs) => match configs.for_file(None) {
                    Ok(config) => RunSettings::of(config).map_or(None, |run| run.format),
                    // The run itself reports a broken configuration.
                    Err(_) => None,
                },
                Err(_) => None,
            };
            cli.lint.format(configured)
        }
        _ => cli.lint.format.unwrap_or(Format::Human),
    };
    format != Format::Human
}

/// The custom rules of the configuration that applies here (`--config`, or
/// the one found from the current folder), for `rules` and `explain`.
fn custom_rules(args: &LintArgs) -> Result<Vec<&'static dyn rules::Rule>, Failure> {
    let mut configs = Configs::new(args.config.as_deref(), args.no_config)?;
    Ok(configs
        .for_file(None)?
        .map(|config| {
            config
                .custom
                .iter()
                .map(|r| *r as &'static dyn rules::Rule)
                .collect()
        })
        .unwrap_or_default())
}

/// `--format` for a subcommand that writes `human` or `json`: whether it is json.
fn json_or_human(format: Option<Format>, command: &str) -> Result<bool, Failure> {
    match format {
        None | Some(Format::Human) => Ok(false),
        Some(Format::Json) => Ok(true),
        Some(other) => Err(Failure::from(format!(
            "`ticketlint {command}` writes human or json, not `--format {}`",
            other
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        ))),
    }
}

/// The packs of the run: `--rules`, else the built-in ones; validated.
fn packs(args: &LintArgs) -> Result<&'static Packs, Failure> {
    let packs: &'static Packs = match &args.rules {
        Some(dir) => {
            let loaded = Packs::from_dir(dir).map_err(|e| e.to_string())?;
            loaded
                .validate(&rules::requirements())
                .map_err(|e| e.to_string())?;
            // Kept for the whole run, as the built-in packs are.
            Box::leak(Box::new(loaded))
        }
        None => Packs::embedded(),
    };
    for code in [&args.lang, &args.message_lang].into_iter().flatten() {
        ticketlint::run::check_language(code, packs)?;
    }
    Ok(packs)
}

/// The pack `rules` and `explain` write in: `--message-lang`, else English.
fn message_pack(args: &LintArgs) -> Result<&'static LanguagePack, Failure> {
    let packs = packs(args)?;
    Ok(packs.for_messages(args.message_lang.as_deref().unwrap_or("en")))
}

fn run_command(cli: Cli, stdout: &mut dyn Write) -> Result<u8, Failure> {
    match cli.command {
        Some(Command::Rules) => {
            let lang = message_pack(&cli.lint)?;
            let custom = custom_rules(&cli.lint)?;
            if json_or_human(cli.lint.format, "rules")? {
                cli::print_rules_json(stdout, &custom, lang).map_err(write_error)?;
            } else {
                cli::print_rules(stdout, &custom, lang).map_err(write_error)?;
            }
            Ok(EXIT_CLEAN)
        }
        Some(Command::Explain { rule }) => {
            let lang = message_pack(&cli.lint)?;
            let custom = custom_rules(&cli.lint)?;
            let found =
                rules::by_id(&rule).or_else(|| custom.iter().copied().find(|r| r.id() == rule));
            match found {
                Some(rule) => {
                    let translated = cli::print_explain(stdout, rule, lang).map_err(write_error)?;
                    if !translated {
                        eprintln!(
                            "note: the {} pack ({}) has no text for `{}`; shown in English",
                            lang.name,
                            lang.file.display(),
                            rule.id()
                        );
                    }
                    Ok(EXIT_CLEAN)
                }
                None => Err(Failure::from(ticketlint::suggest::unknown_rule(
                    &rule,
                    rules::all().iter().chain(&custom).map(|r| r.id()),
                ))),
            }
        }
        Some(Command::Completions { shell }) => {
            // Rendered first, so that a closed pipe is an error, not a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ticketlint", &mut script);
            stdout.write_all(&script).map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Man) => {
            // Rendered first, so that a closed pipe is an error, not a panic.
            let mut page = Vec::new();
            cli::render_man(&mut page).map_err(write_error)?;
            stdout.write_all(&page).map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Reply { paths }) => {
            let mut args = cli.lint;
            if matches!(args.format, Some(f) if f != Format::Human && f != Format::Json) {
                return Err(Failure::from(
                    "`ticketlint reply` writes human or json".to_string(),
                ));
            }
            args.paths.extend(paths);
            args.reply = true;
            // A draft is the result, not a failure.
            args.exit_zero = true;
            lint(args, stdout)
        }
        Some(Command::TestRules) => test_rules(cli.lint.config.as_deref(), stdout),
        Some(Command::Init { force }) => {
            let path = std::path::Path::new(config::FILE_NAMES[0]);
            if path.exists() && !force {
                return Err(Failure::from(format!(
                    "{} exists; `--force` overwrites it",
                    path.display()
                )));
            }
            std::fs::write(path, config::STARTER)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            writeln!(stdout, "wrote {}", path.display()).map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Serve {
            listen,
            max_body,
            timeout,
            concurrency,
            cors_origin,
        }) => {
            let packs = packs(&cli.lint)?;
            let configs = Configs::new(cli.lint.config.as_deref(), cli.lint.no_config)?;
            let run = Run::new(cli.lint.run_options(), packs, configs, &[])?;
            let options = ticketlint::serve::Options {
                listen,
                max_body: usize::try_from(max_body).unwrap_or(usize::MAX),
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                concurrency,
                cors_origin,
            };
            ticketlint::serve::serve(&options, run, |address| {
                eprintln!("ticketlint serve: listening on http://{address}/ (Ctrl-C stops)");
            })?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Inspect { path }) => {
            let json = json_or_human(cli.lint.format, "inspect")?;
            inspect(
                &path,
                json,
                cli.lint.encoding.as_deref(),
                cli.lint.lang,
                cli.lint.max_file_size,
                stdout,
            )
        }
        None => lint(cli.lint, stdout),
    }
}

fn lint(args: LintArgs, stdout: &mut dyn Write) -> Result<u8, Failure> {
    if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        // Beside the language packs, which load on this thread.
        std::thread::spawn(ticketlint::compile_builtin_patterns);
    }
    let mut batch = Batch::new(args.jobs());
    let mut stderr = AutoStream::new(std::io::stderr(), args.color.choice());
    let packs = packs(&args)?;
    let forced = match &args.encoding {
        Some(label) => Some(decode::encoding_or_why(label)?),
        None => None,
    };
    let ndjson = args.input_format == InputFormat::Ndjson;
    if ndjson && (args.fix || args.diff) {
        return Err(
            "--fix and --diff change files; they do not apply to --input-format ndjson".into(),
        );
    }

    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err("no input: give a file or folder, or pipe a ticket on stdin (`ticketlint --help` shows how)".into());
        }
        paths.push(source::STDIN.into());
    }
    let extensions = if ndjson && args.ext.is_empty() {
        ["ndjson", "jsonl"].map(String::from).to_vec()
    } else {
        args.extensions()?
    };
    let found = source::discover_all(&paths, &extensions);
    let mut inputs = found.inputs;
    if let Some(name) = &args.stdin_filename {
        let stdin = inputs.iter_mut().find(|i| i.origin == Origin::Stdin).ok_or(
            "--stdin-filename names the ticket read from stdin; give `-` among the paths, or no path",
        )?;
        stdin.name = name.display().to_string();
    }
    let summary = Summary {
        unreadable: found.errors.len(),
        tickets: ndjson,
        ..Summary::default()
    };
    for error in &found.errors {
        report_error(&mut stderr, &error.to_string());
    }

    // Which linter each input gets, from the configuration that applies to it.
    let configs = Configs::new(args.config.as_deref(), args.no_config)?;
    let mut run = Run::new(args.run_options(), packs, configs, &inputs)?;
    let mut run_settings = RunSettings::of(run.config()?)?;
    // SARIF lists every custom rule a result may name.
    run_settings.custom = run.custom().to_vec();
    let mut out = Output {
        reporter: reporter(
            &args,
            &run_settings,
            packs,
            // The summary's language when the files' differ (docs/language-packs.md).
            packs
                .for_messages(args.message_lang.as_deref().unwrap_or("en"))
                .labels
                .clone(),
        ),
        stdout,
        stderr: &mut stderr,
        summary,
        fixes: 0,
        diffs: 0,
        unfixed: 0,
        linted: 0,
        quiet: args.quiet,
        unsafe_left: 0,
        // `--fix` on stdin writes the fixed text to stdout; the report goes to stderr.
        report_to_stderr: args.fix && inputs.iter().any(|i| i.origin == Origin::Stdin),
    };
    for folder in &found.empty {
        out.note(&format!(
            "{}: skipped, no files with the extensions {} in this folder",
            folder.display(),
            extensions.join(", ")
        ));
    }
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        match run.linter_for(input)? {
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

    let limit = args.max_file_size;
    if ndjson {
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
                Ok(linted) => out.file(input, &linter, linted, &args),
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
    } = out;
    // Nothing linted is not a clean run: what was named was all skipped.
    let trouble = summary.unreadable > 0 || linted == 0;
    if unsafe_left > 0 && quiet == 0 {
        let how = if args.diff { "--diff" } else { "--fix" };
        note(
            stderr,
            &format!(
                "{unsafe_left} unsafe fix{} available with --unsafe-fixes (`{how} --unsafe-fixes` applies {})",
                if unsafe_left == 1 { " is" } else { "es are" },
                if unsafe_left == 1 { "it" } else { "them" }
            ),
        );
    }
    if args.diff {
        stdout.flush().map_err(write_error)?;
        return Ok(if trouble {
            EXIT_TROUBLE
        } else if diffs > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    let report_out: &mut dyn Write = if report_to_stderr {
        &mut *stderr
    } else {
        &mut *stdout
    };
    reporter.finish(report_out, &summary).map_err(write_error)?;
    stdout.flush().map_err(write_error)?;
    if fixes > 0 && quiet == 0 {
        note(
            stderr,
            &format!("fixed {fixes} finding{}", if fixes == 1 { "" } else { "s" }),
        );
    }

    let fail_on: Severity = args
        .fail_on
        .or(run_settings.fail_on)
        .unwrap_or(FailOn::Warning)
        .into();
    let mut failing = summary.at_least(fail_on);
    if let Some(max) = args.max_warnings
        && fail_on <= Severity::Warning
        && summary.warnings <= max
    {
        failing -= summary.warnings;
    }
    Ok(if trouble || unfixed > 0 {
        EXIT_TROUBLE
    } else if failing > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The run's settings from the configuration of the current folder (or
/// `--config`): what the command line leaves unsaid.
#[derive(Default)]
struct RunSettings {
    format: Option<Format>,
    fail_on: Option<FailOn>,
    /// The configuration's custom rules, for SARIF's list of rules.
    custom: Vec<&'static dyn rules::Rule>,
}

impl RunSettings {
    fn of(config: Option<&Config>) -> Result<RunSettings, String> {
        let Some(config) = config else {
            return Ok(RunSettings::default());
        };
        fn parse<T: ValueEnum>(
            config: &Config,
            key: &str,
            value: Option<&str>,
        ) -> Result<Option<T>, String> {
            let Some(value) = value else { return Ok(None) };
            let names: Vec<String> = T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_string())
                .collect();
            T::from_str(value, false).map(Some).map_err(|_| {
                format!(
                    "{}: `{key}`: `{value}` is not one of {}{}",
                    config.path.display(),
                    names.join(", "),
                    ticketlint::suggest::did_you_mean(value, names.iter().map(String::as_str))
                )
            })
        }
        Ok(RunSettings {
            format: parse(config, "output-format", config.output_format.as_deref())?,
            fail_on: parse(config, "fail-on", config.fail_on.as_deref())?,
            custom: config
                .custom
                .iter()
                .map(|r| *r as &'static dyn rules::Rule)
                .collect(),
        })
    }
}

/// The reporter for `--format` (or the configuration's `output-format`),
/// `--statistics` and `--quiet`.
fn reporter(
    args: &LintArgs,
    run: &RunSettings,
    packs: &'static Packs,
    labels: std::sync::Arc<ticketlint::lang::Labels>,
) -> Box<dyn Reporter> {
    let format = args.format(run.format);
    if args.quiet >= 2 {
        return Box::new(report::Silent);
    }
    if args.reply {
        return match format {
            Format::Json => Box::new(report::Json::with_replies(packs)),
            _ => Box::new(report::Reply::new(packs)),
        };
    }
    let summary = args.quiet == 0;
    match format {
        _ if args.statistics => Box::new(report::Statistics::new(format == Format::Json, summary)),
        Format::Human if !summary => Box::new(report::WithoutSummary(report::Human::new(labels))),
        Format::Human => Box::new(report::Human::new(labels)),
        Format::Json => Box::new(report::Json::default()),
        Format::Ndjson => Box::new(report::Ndjson),
        Format::Github => Box::new(report::Github),
        Format::Sarif => Box::new(report::Sarif::with_rules(run.custom.clone())),
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
        linted: &ticketlint::linter::Linted,
        record: Option<(usize, &serde_json::Value)>,
    ) -> Result<(), Failure> {
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
        self.reporter.file(out, &file).map_err(write_error)
    }

    fn note(&mut self, message: &str) {
        if self.quiet == 0 {
            note(self.stderr, message);
        }
    }

    fn skip(&mut self, name: &str, skip: Skip) {
        match skip {
            Skip::Unreadable(reason) => {
                self.summary.unreadable += 1;
                report_error(self.stderr, &format!("{name}: {reason}"));
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
        mut linted: ticketlint::linter::Linted,
        args: &LintArgs,
    ) -> Result<(), Failure> {
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
                        .map_err(|e| format!("{}: {e}", input.name))?;
                    self.stdout.write_all(&bytes).map_err(write_error)?;
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
                        .map_err(write_error)?;
                    }
                }
                None => {}
                Some(path) => {
                    let rewrite = fix::Rewrite {
                        original: &linted.ticket.text,
                        fixed: &fixed,
                        encoding: &linted.encoding,
                        bom: linted.bom,
                        forced: args
                            .encoding
                            .as_deref()
                            .and_then(decode::encoding_for_label),
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
                            report_error(self.stderr, &format!("{}: not fixed: {why}", input.name));
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
    before: &ticketlint::linter::Linted,
) -> ticketlint::linter::Linted {
    let mut linted = linter.lint_text(fixed);
    linted.encoding = before.encoding.clone();
    linted.bom = before.bom;
    linted
}

/// Why a run ends before its report is done.
enum Failure {
    /// Trouble to tell the user about (exit 2).
    Message(String),
    /// The reader of the output went away (`ticketlint … | head`): it has had
    /// what it wanted, so the run ends quietly (exit 0), as other command-line
    /// tools do.
    Closed,
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::Message(message.to_string())
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

/// A failed write to stdout.
fn write_error(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Message(format!("cannot write output: {e}"))
    }
}

fn report_error(stderr: &mut dyn Write, message: &str) {
    let _ = writeln!(
        stderr,
        "{}error:{} {message}",
        ERR.render(),
        ERR.render_reset()
    );
}

fn inspect(
    path: &std::path::Path,
    json: bool,
    encoding: Option<&str>,
    lang: Option<String>,
    limit: u64,
    stdout: &mut dyn Write,
) -> Result<u8, Failure> {
    let forced = match encoding {
        Some(label) => Some(decode::encoding_or_why(label)?),
        None => None,
    };
    let (inputs, errors) = source::discover(&[path.to_path_buf()], &[]);
    if let Some(error) = errors.first() {
        return Err(Failure::from(error.to_string()));
    }
    let Some(input) = inputs.first() else {
        return Err(Failure::from(format!(
            "{}: a folder; inspect takes one ticket",
            path.display()
        )));
    };
    let bytes =
        source::read(input, limit).map_err(|e| format!("{}: {}", input.name, e.reason()))?;
    let linter = Linter::new(Packs::embedded()).language(lang);
    let linted = linter
        .lint_bytes(&input.name, &bytes, forced)
        .map_err(|e| format!("{}: {e}", input.name))?;
    let inspection =
        ticketlint::inspect::Inspection::new(&input.name, &linted.encoding, &linted.ticket);
    if json {
        serde_json::to_writer_pretty(&mut *stdout, &inspection)
            .map_err(|e| write_error(e.into()))?;
        writeln!(stdout).map_err(write_error)?;
    } else {
        // Its lines repeat the ticket's text: control characters are shown.
        inspection
            .write_human(&mut report::Visible(stdout), &linted.ticket)
            .map_err(write_error)?;
    }
    Ok(EXIT_CLEAN)
}

/// `ticketlint test-rules`: runs the inline tests of the configuration's custom rules.
fn test_rules(path: Option<&std::path::Path>, stdout: &mut dyn Write) -> Result<u8, Failure> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => config::discover(std::path::Path::new("."))
            .ok_or("no ticketlint.toml here or above; `--config FILE` names one")?,
    };
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    let linter_for =
        |rule: &'static dyn rules::Rule| Linter::new(Packs::embedded()).rules(vec![rule]);
    let (mut passed, mut failed) = (0, 0);
    for rule in &config.custom {
        let linter = linter_for(*rule);
        for test in rule.tests() {
            let fired = linter
                .lint_text(test.text.clone())
                .diagnostics
                .iter()
                .any(|d| d.rule == rule.id());
            if fired == test.fires {
                passed += 1;
            } else {
                failed += 1;
                let want = if test.fires { "fire" } else { "stay quiet" };
                writeln!(
                    stdout,
                    "FAIL {}: should {want} on {:?}",
                    rule.id(),
                    test.text
                )
                .map_err(write_error)?;
            }
        }
    }
    writeln!(stdout, "{passed} passed, {failed} failed").map_err(write_error)?;
    Ok(if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn note(stderr: &mut dyn Write, message: &str) {
    let _ = writeln!(
        stderr,
        "{}note:{} {message}",
        NOTE.render(),
        NOTE.render_reset()
    );
}

impl From<cli::FailOn> for Severity {
    fn from(level: cli::FailOn) -> Self {
        match level {
            cli::FailOn::Error => Severity::Error,
            cli::FailOn::Warning => Severity::Warning,
            cli::FailOn::Info => Severity::Info,
        }
    }
}
