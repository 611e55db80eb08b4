//! Command-line arguments, and the `rules` and `explain` listings.

use std::io::{self, Write};
use std::path::PathBuf;

use anstyle::{Effects, Style};
use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand, ValueEnum};

use ticketlint::input::source::DEFAULT_EXTENSIONS;
use ticketlint::lang::LanguagePack;
use ticketlint::rules::{self, Rule};

const EXAMPLES: &str = "\
Examples:
  ticketlint ticket.txt                 lint one ticket
  ticketlint tickets/                   lint every .txt .text .md .markdown .eml below a folder
  pbpaste | ticketlint                  lint what is on stdin (or name it `-`)
  ticketlint --format json tickets/     machine-readable output (docs/json-format.md)
  ticketlint --format github tickets/   annotations in GitHub Actions
  ticketlint --statistics tickets/      how many findings each rule has
  ticketlint --input-format ndjson export.ndjson
                                        a helpdesk export, one JSON ticket per line,
                                        one result line per ticket
  ticketlint --encoding cp1251 old.txt  force an encoding instead of detecting it
  ticketlint init                       write a commented ticketlint.toml
  ticketlint rules                      list the rules
  ticketlint explain shouting           what a rule checks and why
  ticketlint inspect ticket.txt         how a ticket is read: regions, kind, evidence, issues

Exit codes: 0 nothing found at or above --fail-on, 1 findings, 2 usage error, unreadable input,
or nothing linted. Options go before or after a subcommand: `ticketlint --format json rules`.
A path named `rules` or `explain` is written `./rules`.";

/// A linter for support tickets: finds what makes a request slow to answer
/// and says how to fix it, in English, Russian and Ukrainian.
#[derive(Debug, Parser)]
#[command(
    name = "ticketlint",
    version,
    about,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule with its id, default severity and summary.
    Rules,
    /// Show what a rule checks, why, and examples that fire and that must not.
    Explain {
        /// The rule id, as `ticketlint rules` lists it.
        #[arg(value_parser = Hinted(rule_ids), hide_possible_values = true)]
        rule: String,
    },
    /// Print a shell completion script: `ticketlint completions bash > …`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `ticketlint man | man -l -`.
    Man,
    /// Run the inline tests of the custom rules in the configuration
    /// (`--config FILE`, or the one found from the current folder).
    TestRules,
    /// Write a commented starting `ticketlint.toml` in the current folder.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Draft an answer to each ticket, in its language, asking for exactly
    /// what the findings say is missing: an example, the time, a screenshot,
    /// a file, the open questions, one request per issue (`--format json`
    /// gives each file's findings with its `reply`).
    Reply {
        /// Files and folders, as for linting; `-` reads stdin.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Serve the checks over HTTP until Ctrl-C or SIGTERM: the pre-submit page
    /// at `/`, `POST /v1/lint` (JSON, with the reply draft; `/openapi.json`
    /// documents it), LanguageTool's `/v2/check` and `/v2/languages` for its
    /// clients, and `/widget.js` for a helpdesk's own form. The configuration
    /// (`--config`, or the current folder's) and `--rules` packs are read at
    /// start; `--lang` and `--message-lang` are the defaults of requests that
    /// name no language. No files are read or written once started.
    Serve {
        /// Address and port to listen on (`localhost:8080`, `0.0.0.0:8080`);
        /// port 0 picks a free one.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Largest request body (bytes, or with a K, M or G suffix); larger
        /// requests are answered 413.
        #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_size)]
        max_body: u64,
        /// Seconds a request may take, waiting for its turn included, before
        /// it is answered 408; also the time a client has to send its headers.
        #[arg(long, value_name = "SECONDS", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Tickets linted at once (0: four per core); more wait their turn.
        #[arg(long, value_name = "N", default_value_t = 0)]
        concurrency: usize,
        /// Connections open at once; more wait to be accepted.
        #[arg(long, value_name = "N", default_value_t = 1024,
              value_parser = clap::value_parser!(u64).range(1..))]
        max_connections: u64,
        /// An origin whose pages may call the API from the browser, such as a
        /// helpdesk embedding `/widget.js` (`https://help.example.com`);
        /// repeat it for several.
        #[arg(long, value_name = "ORIGIN")]
        cors_origin: Vec<String>,
    },
    /// Show a ticket as ticketlint reads it: language, kind, regions,
    /// attachments, evidence and issues — to see why a rule fired
    /// (`--format human|json`, `--encoding`, `--lang` apply).
    Inspect {
        /// The ticket to show; `-` reads stdin.
        path: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Set by `ticketlint reply`: drafts instead of findings.
    #[arg(skip)]
    pub reply: bool,

    /// Files and folders to lint; `-` reads stdin. Without paths, stdin is read
    /// when it is not a terminal.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: human; ndjson with --input-format ndjson].
    /// `rules` and `inspect` take human or json.
    #[arg(long, value_enum, global = true, visible_alias = "output-format")]
    pub format: Option<Format>,

    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", global = true)]
    pub output_file: Option<PathBuf>,

    /// Print the findings only, no summary and no notes; `-qq`: print
    /// nothing, the exit code tells (errors are still shown).
    #[arg(long, short = 'q', action = clap::ArgAction::Count, global = true)]
    pub quiet: u8,

    /// The name of the ticket read from stdin: shown in the output, and
    /// used to find its configuration (and overrides) and, for `.eml`, to
    /// read it as e-mail.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// What inputs hold: one ticket per file (text, Markdown or `.eml`), or
    /// `ndjson`: one JSON ticket per line, `{"id", "subject", "body",
    /// "attachments": [{"name", "content_type"}], "thread": [{"from":
    /// "agent"|"customer", "body"}]}` (docs/json-format.md).
    #[arg(long, value_enum, default_value_t = InputFormat::Files)]
    pub input_format: InputFormat,

    /// How many tickets to lint at once [default, or 0: the number of cores].
    /// Output comes in the same order whatever the number. (Compiling the
    /// patterns at start-up uses every core whatever the number.)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Skip inputs larger than this, with a note, without reading them
    /// (bytes, or with a K, M or G suffix). With ndjson input: per line.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// When to colour output; `NO_COLOR` and `CLICOLOR_FORCE` are honoured under `auto`.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// File extensions linted in folders, comma-separated [default: txt,text,md,markdown,eml].
    #[arg(long = "ext", value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// Decode every input with this encoding (utf-8, windows-1251, koi8-r,
    /// koi8-u, ibm866 …) instead of detecting it. A BOM still wins.
    #[arg(long, value_name = "NAME", global = true)]
    pub encoding: Option<String>,

    /// Treat every ticket as written in this language (en, ru, uk) instead of detecting it.
    #[arg(long, value_name = "CODE", global = true, value_parser = Hinted(language_codes), hide_possible_values = true)]
    pub lang: Option<String>,

    /// Write messages and suggestions in this language instead of the ticket's;
    /// `explain` and `rules` write in it too.
    #[arg(long, value_name = "CODE", global = true, value_parser = Hinted(language_codes), hide_possible_values = true)]
    pub message_lang: Option<String>,

    /// Load language packs from this folder instead of the built-in ones
    /// (docs/language-packs.md describes the format).
    #[arg(long, value_name = "DIR", global = true, value_hint = clap::ValueHint::DirPath)]
    pub rules: Option<PathBuf>,

    /// Use this configuration file for every input instead of looking for
    /// `ticketlint.toml` / `.ticketlint.toml` from each file's folder upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config", global = true)]
    pub config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Run only these rules (comma-separated ids; `ALL`: every rule). Replaces
    /// the configuration's `select`; a rule named here runs even if the
    /// configuration ignores it.
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = Hinted(rule_ids_and_all), hide_possible_values = true)]
    pub select: Vec<String>,

    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = Hinted(rule_ids), hide_possible_values = true)]
    pub ignore: Vec<String>,

    /// Report a rule at another severity, or not at all: `shouting=error`,
    /// `no-timestamp=off`. Repeatable.
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,

    /// Exit 1 only when there are more than this many warnings (errors always count).
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Exit 0 even with findings (2 still means trouble).
    #[arg(long)]
    pub exit_zero: bool,

    /// Apply safe fixes to the files in place (encoding, BOM and line endings kept).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print the fixes as a unified diff and change nothing; exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,

    /// With --fix or --diff, apply unsafe fixes too (e.g. sentence case for shouting).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Count findings per rule instead of showing them.
    #[arg(long)]
    pub statistics: bool,

    /// The lowest severity that makes the exit code 1 [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

impl LintArgs {
    /// `--format`, else the configuration's `output-format`, else the
    /// input format's default.
    pub fn format(&self, configured: Option<Format>) -> Format {
        self.format
            .or(configured)
            .unwrap_or(match self.input_format {
                InputFormat::Files => Format::Human,
                InputFormat::Ndjson => Format::Ndjson,
            })
    }

    /// `--ext`, or the defaults; an empty extension (`--ext ''`,
    /// `--ext txt,`) would match no file, so it is a usage error.
    pub fn extensions(&self) -> Result<Vec<String>, String> {
        if self.ext.is_empty() {
            return Ok(DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect());
        }
        let extensions: Vec<String> = self
            .ext
            .iter()
            .map(|e| e.trim().trim_start_matches('.').to_string())
            .collect();
        if extensions.iter().any(String::is_empty) {
            return Err(format!(
                "--ext takes extensions like `--ext txt,md`; an empty one matches no file (the default is {})",
                DEFAULT_EXTENSIONS.join(",")
            ));
        }
        Ok(extensions)
    }

    /// What the run asks for beyond the configuration.
    pub fn run_options(&self) -> ticketlint::run::Options {
        ticketlint::run::Options {
            lang: self.lang.clone(),
            message_lang: self.message_lang.clone(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            stdin_filename: self.stdin_filename.clone(),
            own_packs: self.rules.is_some(),
        }
    }

    /// `--jobs`, where 0 means one per core.
    pub fn jobs(&self) -> Option<std::num::NonZeroUsize> {
        self.jobs.and_then(std::num::NonZeroUsize::new)
    }
}

/// A value parser that takes any string, but names the usual values for
/// shell completion: rule ids of custom rules and languages of extra packs
/// are only known once the configuration is read, so they are checked there.
#[derive(Clone)]
pub struct Hinted(fn() -> Vec<&'static str>);

impl TypedValueParser for Hinted {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

fn rule_ids() -> Vec<&'static str> {
    rules::all().iter().map(|r| r.id()).collect()
}

fn rule_ids_and_all() -> Vec<&'static str> {
    let mut ids = rule_ids();
    ids.push("ALL");
    ids
}

fn language_codes() -> Vec<&'static str> {
    ticketlint::lang::Packs::embedded_codes().to_vec()
}

/// Options given with a subcommand that only linting reads: an error, so
/// that `ticketlint --select shouting rules` does not quietly drop `--select`.
pub fn lint_only_option(matches: &ArgMatches) -> Option<String> {
    let (name, _) = matches.subcommand()?;
    let command = <Cli as clap::CommandFactory>::command();
    let arg = command.get_arguments().find(|arg| {
        !arg.is_global_set()
            && matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine)
    })?;
    let flag = match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => format!("`{}`", arg.get_id()),
    };
    Some(format!(
        "{flag} applies to linting, not to `ticketlint {name}`"
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with the source underlined, for people.
    Human,
    /// One JSON document, versioned (docs/json-format.md).
    Json,
    /// One JSON object per file, one per line, written as files are linted.
    Ndjson,
    /// GitHub Actions workflow commands: annotations on pull requests.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// One ticket per file; folders are walked.
    Files,
    /// One JSON ticket per line, from files or stdin.
    Ndjson,
}

/// `10M`, `512k`, `1G` or a number of bytes; K, M and G are powers of 1024.
pub fn parse_size(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = value[digits.len()..].to_ascii_lowercase();
    let scale: u64 = match unit.trim_end_matches(['b', 'i']) {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return Err(format!("unknown unit `{unit}`: use K, M or G")),
    };
    let number: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a size like 10M or 2048"))?;
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("`{value}` is too large"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

/// The manual page: one page for the command and its subcommands, so
/// that it refers to no other page.
pub fn render_man(out: &mut dyn Write) -> io::Result<()> {
    let mut command = <Cli as clap::CommandFactory>::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH SUBCOMMANDS")?;
    for sub in command.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(usage), roff(&about))?;
    }
    man.render_extra_section(out)?;
    man.render_version_section(out)
}

/// Text as roff: backslashes and hyphens escaped, no line read as a request.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const BOLD: Style = Style::new().effects(Effects::BOLD);

/// A rule's one-line summary in `lang`, English when the pack has no doc for it.
fn summary(rule: &dyn Rule, lang: &LanguagePack) -> String {
    match lang.doc(rule.id()) {
        Some(doc) => doc.summary.trim().to_string(),
        None => rule.summary().to_string(),
    }
}

/// `rules`: the built-in rules, then `custom` (the configuration's), with
/// their summaries in `lang`.
pub fn print_rules(
    out: &mut dyn Write,
    custom: &[&'static dyn Rule],
    lang: &LanguagePack,
) -> io::Result<()> {
    let all: Vec<&dyn Rule> = rules::all().iter().chain(custom).copied().collect();
    let width = all.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in all {
        writeln!(
            out,
            "{BOLD}{:width$}{BOLD:#}  {:7}  {}",
            rule.id(),
            rule.default_severity().as_str(),
            summary(rule, lang)
        )?;
    }
    Ok(())
}

/// `rules --format json`: `{"version": 1, "rules": [{"id", "severity", "summary"}]}`.
pub fn print_rules_json(
    out: &mut dyn Write,
    custom: &[&'static dyn Rule],
    lang: &LanguagePack,
) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = rules::all()
        .iter()
        .map(|rule| (rule, false))
        .chain(custom.iter().map(|rule| (rule, true)))
        .map(|(rule, custom)| {
            serde_json::json!({
                "id": rule.id(),
                "severity": rule.default_severity().as_str(),
                "summary": summary(*rule, lang),
                "custom": custom,
            })
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Listing {
        version: u32,
        rules: Vec<serde_json::Value>,
    }
    serde_json::to_writer(&mut *out, &Listing { version: 1, rules })?;
    writeln!(out)
}

/// `explain`: the rule's documentation in `lang`. Returns false when the
/// pack has none for the rule and the English text was printed instead.
pub fn print_explain(
    out: &mut dyn Write,
    rule: &dyn Rule,
    lang: &LanguagePack,
) -> io::Result<bool> {
    let translated = lang.doc(rule.id());
    // The English text goes with the English pack's words.
    let labels = match translated {
        Some(_) => &*lang.labels,
        None => ticketlint::lang::Labels::english(),
    };
    writeln!(
        out,
        "{BOLD}{}{BOLD:#} ({}: {})\n",
        rule.id(),
        labels.default_severity,
        labels.severity(rule.default_severity())
    )?;
    match translated {
        Some(doc) => writeln!(out, "{}", doc.render(&lang.labels))?,
        None => writeln!(out, "{}", rule.doc().trim_end())?,
    }
    Ok(translated.is_some() || lang.code == "en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert!(parse_size("10X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
