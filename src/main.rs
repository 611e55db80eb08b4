//! The `ticketlint` command: arguments → inputs → lint → report → exit code.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use clap::{CommandFactory, FromArgMatches, ValueEnum};

use cli::{Cli, Command, FailOn, Format, InputFormat, LintArgs};

use ticketlint::config::{self, Config, Configs};
use ticketlint::diagnostic::Severity;
use ticketlint::input::decode;
use ticketlint::input::source;
use ticketlint::lang::{LanguagePack, Packs};
use ticketlint::linter::Linter;
use ticketlint::report::{self, Reporter, notice};
use ticketlint::rules::{self, Rule};
use ticketlint::run::{self as lint_run, Run};

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
            notice::error(&mut stderr, &message);
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    if matches!(cli.command, Some(Command::Serve { .. })) {
        let given = [
            ("--output-file", cli.lint.output_file.is_some()),
            ("--format", cli.lint.format.is_some()),
            ("--encoding", cli.lint.encoding.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
            return Err(Failure::from(format!(
                "{flag} applies to linting, not to `ticketlint serve` (each request gets JSON)"
            )));
        }
    }
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
            max_connections,
            cors_origin,
        }) => {
            let packs = packs(&cli.lint)?;
            let configs = Configs::new(cli.lint.config.as_deref(), cli.lint.no_config)?;
            let mut run = Run::new(cli.lint.run_options(), packs, configs, &[])?;
            let config = run.config()?.map(|c| c.path.display().to_string());
            let options = ticketlint::serve::Options {
                listen,
                max_body: usize::try_from(max_body).unwrap_or(usize::MAX),
                timeout: std::time::Duration::from_secs(timeout),
                concurrency,
                max_connections: usize::try_from(max_connections).unwrap_or(usize::MAX),
                cors_origins: cors_origin,
            };
            // With `-q`, the address alone.
            let with = (cli.lint.quiet == 0).then(|| {
                let config = config.map_or_else(
                    || "no configuration".to_string(),
                    |path| format!("configuration {path}"),
                );
                format!(" ({config}; Ctrl-C stops)")
            });
            ticketlint::serve::serve(&options, run, |address| {
                let with = with.unwrap_or_default();
                eprintln!("ticketlint serve: listening on http://{address}/{with}");
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
        Vec::new()
    } else {
        args.extensions()?
    };
    let found = lint_run::find(&paths, extensions, ndjson, args.stdin_filename.as_deref())?;

    // Which linter each input gets, from the configuration that applies to it.
    let configs = Configs::new(args.config.as_deref(), args.no_config)?;
    let mut run = Run::new(args.run_options(), packs, configs, &found.inputs)?;
    let mut run_settings = RunSettings::of(run.config()?)?;
    // SARIF lists every custom rule a result may name.
    run_settings.custom = run.custom().to_vec();
    let reporter = reporter(
        &args,
        &run_settings,
        packs,
        // The summary's language when the files' differ (docs/language-packs.md).
        packs
            .for_messages(args.message_lang.as_deref().unwrap_or("en"))
            .labels
            .clone(),
    );
    let files = lint_run::FileOptions {
        jobs: args.jobs(),
        ndjson,
        forced,
        max_file_size: args.max_file_size,
        fix: args.fix,
        diff: args.diff,
        unsafe_fixes: args.unsafe_fixes,
        quiet: args.quiet,
    };
    let outcome = run
        .lint_files(&found, &files, reporter, stdout, &mut stderr)
        .map_err(|stop| match stop {
            lint_run::Stop::Message(message) => Failure::Message(message),
            lint_run::Stop::Write(e) => write_error(e),
        })?;

    // Nothing linted is not a clean run: what was named was all skipped.
    if args.diff {
        return Ok(if outcome.trouble() {
            EXIT_TROUBLE
        } else if outcome.diffs > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    let summary = &outcome.summary;
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
    Ok(if outcome.trouble() {
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

impl From<cli::FailOn> for Severity {
    fn from(level: cli::FailOn) -> Self {
        match level {
            cli::FailOn::Error => Severity::Error,
            cli::FailOn::Warning => Severity::Warning,
            cli::FailOn::Info => Severity::Info,
        }
    }
}
