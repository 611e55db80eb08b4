//! The `ticketlint` command: arguments → inputs → lint → report → exit code.

mod batch;
mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use clap::{CommandFactory, Parser};

use batch::Batch;
use cli::{Cli, Command, Format, InputFormat, InspectFormat, LintArgs};
use std::collections::HashMap;
use std::path::PathBuf;

use ticketlint::config::{self, Config, Settings};
use ticketlint::decode::{self, DecodeError};
use ticketlint::diagnostic::Severity;
use ticketlint::fix;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;
use ticketlint::record::{self, LineError, Record};
use ticketlint::report::{self, FileResult, Reporter, Summary};
use ticketlint::rules::{self, Rule};
use ticketlint::source::{self, Input, Origin, ReadError};

/// Exit codes: nothing found, findings at or above `--fail-on`, trouble.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.lint.color.choice();
    let mut stderr = AutoStream::new(std::io::stderr(), color);
    match run(cli) {
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
    let color = cli.lint.color.choice();
    let mut stdout = AutoStream::new(std::io::stdout().lock(), color);
    match cli.command {
        Some(Command::Rules) => {
            cli::print_rules(&mut stdout).map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Explain { rule }) => match rules::by_id(&rule) {
            Some(rule) => {
                cli::print_explain(&mut stdout, rule).map_err(write_error)?;
                Ok(EXIT_CLEAN)
            }
            None => Err(Failure::from(format!(
                "unknown rule `{rule}`; `ticketlint rules` lists them"
            ))),
        },
        Some(Command::Completions { shell }) => {
            // Rendered first, so that a closed pipe is an error, not a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ticketlint", &mut script);
            stdout.write_all(&script).map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command())
                .render(&mut stdout)
                .map_err(write_error)?;
            Ok(EXIT_CLEAN)
        }
        Some(Command::TestRules { config }) => test_rules(config.as_deref(), &mut stdout),
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
        Some(Command::Inspect {
            path,
            format,
            encoding,
            lang,
        }) => inspect(&path, format, encoding.as_deref(), lang, &mut stdout),
        None => lint(cli.lint, &mut stdout),
    }
}

fn lint(args: LintArgs, stdout: &mut dyn Write) -> Result<u8, Failure> {
    if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        // Beside the language packs, which load on this thread.
        std::thread::spawn(ticketlint::compile_builtin_patterns);
    }
    let mut batch = Batch::new(args.jobs);
    let mut stderr = AutoStream::new(std::io::stderr(), args.color.choice());
    let loaded;
    let packs: &Packs = match &args.rules {
        Some(dir) => {
            loaded = Packs::from_dir(dir).map_err(|e| e.to_string())?;
            loaded
                .validate(&rules::requirements())
                .map_err(|e| e.to_string())?;
            &loaded
        }
        None => Packs::embedded(),
    };
    for code in [&args.lang, &args.message_lang].into_iter().flatten() {
        if packs.get(code).is_none() {
            let known: Vec<_> = packs.iter().map(|p| p.code.as_str()).collect();
            return Err(Failure::from(format!(
                "no language pack for `{code}` (loaded: {})",
                known.join(", ")
            )));
        }
    }
    let forced = match &args.encoding {
        Some(label) => Some(
            decode::encoding_for_label(label)
                .ok_or_else(|| format!("unknown encoding `{label}`"))?,
        ),
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
        args.extensions()
    };
    let (inputs, errors) = source::discover(&paths, &extensions);
    let summary = Summary {
        unreadable: errors.len(),
        ..Summary::default()
    };
    for error in &errors {
        report_error(&mut stderr, &error.to_string());
    }

    // Which linter each input gets, from the configuration that applies to it.
    let mut configs = Configs::new(&args)?;
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        if let Some(linter) = linter_for(input, &mut configs, &args, packs)? {
            jobs.push((input, linter));
        }
    }

    let mut out = Output {
        reporter: match args.format() {
            _ if args.statistics => Box::new(report::Statistics::default()),
            Format::Human => Box::new(report::Human::default()),
            Format::Json => Box::new(report::Json::default()),
            Format::Ndjson => Box::new(report::Ndjson),
            Format::Github => Box::new(report::Github),
            Format::Sarif => Box::new(report::Sarif::default()),
        },
        stdout,
        stderr: &mut stderr,
        summary,
        fixes: 0,
        diffs: 0,
        unsafe_left: 0,
        // `--fix` on stdin writes the fixed text to stdout; the report goes to stderr.
        report_to_stderr: args.fix && inputs.iter().any(|i| i.origin == Origin::Stdin),
    };
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
            batch.run(
                record::lines(reader, limit),
                |(number, line)| {
                    let name = format!("{}:{number}", input.name);
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
                            (name, Ok((linter.lint_record(record), id)))
                        }
                        Err(skip) => (name, Err(skip)),
                    }
                },
                |(name, result)| match result {
                    Ok((linted, id)) => out.report(&name, &linted, Some(&id)),
                    Err(skip) => {
                        out.skip(&name, skip);
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
                        note_binary(out.stderr, input);
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
        unsafe_left,
        report_to_stderr,
    } = out;
    if unsafe_left > 0 {
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
        return Ok(if summary.unreadable > 0 {
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
    if fixes > 0 {
        note(
            stderr,
            &format!("fixed {fixes} finding{}", if fixes == 1 { "" } else { "s" }),
        );
    }

    let fail_on: Severity = args.fail_on.into();
    let mut failing = summary.at_least(fail_on);
    if let Some(max) = args.max_warnings
        && fail_on <= Severity::Warning
        && summary.warnings <= max
    {
        failing -= summary.warnings;
    }
    Ok(if summary.unreadable > 0 {
        EXIT_TROUBLE
    } else if failing > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The linter for one input: its configuration's rules, severities, language
/// and packs, then the command line's. `None`: the configuration excludes it.
fn linter_for<'p>(
    input: &Input,
    configs: &mut Configs,
    args: &LintArgs,
    packs: &'p Packs,
) -> Result<Option<Linter<'p>>, String> {
    let path = input.path();
    let config = configs.for_file(path)?;
    let settings = match (config, path) {
        (Some(config), Some(path)) => match config.resolve(path) {
            Some(settings) => settings,
            None => return Ok(None),
        },
        (Some(config), None) => config.settings_for(std::path::Path::new("-")),
        (None, _) => Settings::default(),
    };
    // `--rules` wins over the configuration's `packs`.
    let packs: &'p Packs = match config.and_then(|c| c.packs) {
        Some(extra) if args.rules.is_none() => extra,
        _ => packs,
    };
    let (selected, severities) = select_rules(&settings, args, config, packs)?;
    let mut linter = Linter::new(packs)
        .language(args.lang.clone().or(settings.language.clone()))
        .message_language(args.message_lang.clone())
        .rules(selected);
    for (rule, severity) in severities {
        linter = linter.severity(rule, severity);
    }
    Ok(Some(linter))
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
        id: Option<&serde_json::Value>,
    ) -> Result<(), Failure> {
        self.summary.add(linted);
        let file = FileResult { name, linted, id };
        let out: &mut dyn Write = if self.report_to_stderr {
            &mut *self.stderr
        } else {
            &mut *self.stdout
        };
        self.reporter.file(out, &file).map_err(write_error)
    }

    fn skip(&mut self, name: &str, skip: Skip) {
        match skip {
            Skip::Unreadable(reason) => {
                self.summary.unreadable += 1;
                report_error(self.stderr, &format!("{name}: {reason}"));
            }
            Skip::TooLarge(reason) => {
                self.summary.skipped += 1;
                note(self.stderr, &format!("{name}: {reason}"));
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
                _ if linted.ticket.mail => note(
                    self.stderr,
                    &format!("{}: e-mail is not fixed in place", input.name),
                ),
                _ if args.diff => {
                    self.diffs += 1;
                    write!(
                        self.stdout,
                        "{}",
                        fix::diff(&input.name, &linted.ticket.text, &fixed)
                    )
                    .map_err(write_error)?;
                }
                None => {}
                Some(path) => {
                    let bytes = fix::encode(&fixed, &linted.encoding, linted.bom)
                        .map_err(|e| format!("{}: {e}", input.name))?;
                    fix::write_atomically(path, &bytes)
                        .map_err(|e| format!("{}: cannot write: {e}", input.name))?;
                    self.fixes += count;
                    linted = relint(linter, fixed, &linted);
                }
            }
            if args.diff {
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
    format: InspectFormat,
    encoding: Option<&str>,
    lang: Option<String>,
    stdout: &mut dyn Write,
) -> Result<u8, Failure> {
    let forced = match encoding {
        Some(label) => Some(
            decode::encoding_for_label(label)
                .ok_or_else(|| format!("unknown encoding `{label}`"))?,
        ),
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
        source::read(input, u64::MAX).map_err(|e| format!("{}: {}", input.name, e.reason()))?;
    let linter = Linter::new(Packs::embedded()).language(lang);
    let linted = linter
        .lint_bytes(&input.name, &bytes, forced)
        .map_err(|e| format!("{}: {e}", input.name))?;
    let inspection =
        ticketlint::inspect::Inspection::new(&input.name, &linted.encoding, &linted.ticket);
    match format {
        InspectFormat::Json => {
            serde_json::to_writer_pretty(&mut *stdout, &inspection)
                .map_err(|e| write_error(e.into()))?;
            writeln!(stdout).map_err(write_error)?;
        }
        InspectFormat::Human => inspection
            .write_human(stdout, &linted.ticket)
            .map_err(write_error)?,
    }
    Ok(EXIT_CLEAN)
}

/// Configuration files by path, loaded once each.
struct Configs {
    /// `--config FILE`: one configuration for every input.
    fixed: Option<Config>,
    /// `--no-config`.
    disabled: bool,
    loaded: HashMap<PathBuf, Config>,
    /// Folder → the configuration file that applies there, looked up once per folder.
    found: HashMap<PathBuf, Option<PathBuf>>,
}

impl Configs {
    fn new(args: &LintArgs) -> Result<Configs, String> {
        let fixed = match &args.config {
            Some(path) => Some(Config::load(path).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Configs {
            fixed,
            disabled: args.no_config,
            loaded: HashMap::new(),
            found: HashMap::new(),
        })
    }

    /// The configuration that applies to `path` (stdin: the current folder's).
    fn for_file(&mut self, path: Option<&std::path::Path>) -> Result<Option<&Config>, String> {
        if self.disabled {
            return Ok(None);
        }
        if self.fixed.is_some() {
            return Ok(self.fixed.as_ref());
        }
        let folder = path
            .and_then(std::path::Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .to_path_buf();
        let found = match self.found.get(&folder) {
            Some(found) => found.clone(),
            None => {
                let found = config::discover(&folder);
                self.found.insert(folder, found.clone());
                found
            }
        };
        let Some(found) = found else {
            return Ok(None);
        };
        if !self.loaded.contains_key(&found) {
            let config = Config::load(&found).map_err(|e| e.to_string())?;
            self.loaded.insert(found.clone(), config);
        }
        Ok(self.loaded.get(&found))
    }
}

/// The rules to run and the severities to change: the configuration's
/// `select`, `ignore` and `severity`, then the command line's, which win.
/// Unknown ids and levels are usage errors.
type Selection = (Vec<&'static dyn rules::Rule>, Vec<(&'static str, Severity)>);

fn select_rules(
    settings: &Settings,
    args: &LintArgs,
    config: Option<&Config>,
    packs: &Packs,
) -> Result<Selection, String> {
    let from_packs = |id: &str| {
        packs
            .custom
            .iter()
            .find(|c| c.id() == id)
            .map(|c| *c as &'static dyn rules::Rule)
    };
    let known = |id: &str| {
        config
            .and_then(|c| c.rule(id))
            .or_else(|| rules::by_id(id))
            .or_else(|| from_packs(id))
            .ok_or_else(|| format!("unknown rule `{id}`; `ticketlint rules` lists them"))
    };
    let pack_rules = packs
        .custom
        .iter()
        .filter(|r| !r.is_off())
        .map(|r| *r as &'static dyn rules::Rule);
    let custom: Vec<&'static dyn rules::Rule> = config
        .map(|c| {
            c.custom
                .iter()
                .filter(|r| !r.is_off())
                .map(|r| *r as &'static dyn rules::Rule)
                .collect()
        })
        .unwrap_or_default();
    let chosen: Option<&Vec<String>> = if args.select.is_empty() {
        settings.select.as_ref()
    } else {
        Some(&args.select)
    };
    let mut selected: Vec<&'static dyn rules::Rule> = match chosen {
        None => rules::all()
            .iter()
            .copied()
            .chain(custom)
            .chain(pack_rules)
            .collect(),
        Some(ids) => ids
            .iter()
            .map(|id| known(id.trim()))
            .collect::<Result<_, _>>()?,
    };
    // Built-in rules with options from the configuration replace the defaults.
    if let Some(config) = config {
        for rule in &mut selected {
            if let Some(configured) = config.rule(rule.id()) {
                *rule = configured;
            }
        }
    }
    for id in settings.ignore.iter().chain(&args.ignore) {
        let rule = known(id.trim())?;
        selected.retain(|r| r.id() != rule.id());
    }
    let mut severities = Vec::new();
    for (id, level) in &settings.severity {
        let rule = known(id)?;
        match level.severity() {
            None => selected.retain(|r| r.id() != rule.id()),
            Some(severity) => severities.push((rule.id(), severity)),
        }
    }
    for setting in &args.severity {
        let (id, level) = setting
            .split_once('=')
            .ok_or_else(|| format!("--severity takes RULE=LEVEL, not `{setting}`"))?;
        let rule = known(id.trim())?;
        match level.trim() {
            "off" => selected.retain(|r| r.id() != rule.id()),
            level => severities.push((rule.id(), level.parse::<Severity>()?)),
        }
    }
    Ok((selected, severities))
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

fn note_binary(stderr: &mut dyn Write, input: &Input) {
    let _ = writeln!(
        stderr,
        "{}note:{} {}: skipped, binary data (NUL bytes) is not a ticket",
        NOTE.render(),
        NOTE.render_reset(),
        input.name
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
