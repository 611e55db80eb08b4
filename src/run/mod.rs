//! One run's choice of rules and settings: which rules each input gets, with
//! what severities and in what language, from the configuration that applies
//! to it and from the options of the run (the command line's, or a request's),
//! which win. The command line and the server both build their linters here.

mod files;

pub use files::{FileOptions, Found, Outcome, Stop, find};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, Configs, Settings};
use crate::diagnostic::Severity;
use crate::input::source::Input;
use crate::lang::Packs;
use crate::linter::Linter;
use crate::rules::{self, Rule};

/// What a run asks for beyond the configuration: `--select`, `--ignore`,
/// `--severity`, `--lang`, `--message-lang` (or a request's fields).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The ticket language, instead of detecting it.
    pub lang: Option<String>,
    /// The language of messages, instead of the ticket's.
    pub message_lang: Option<String>,
    /// Rule ids to run (`ALL` for every rule); empty: the configuration's choice.
    pub select: Vec<String>,
    /// Rule ids not to run.
    pub ignore: Vec<String>,
    /// `RULE=LEVEL` settings, the level `error`, `warning`, `info` or `off`.
    pub severity: Vec<String>,
    /// The name stdin's configuration is looked up by.
    pub stdin_filename: Option<PathBuf>,
    /// The packs were given for the run (`--rules`): they replace any
    /// configuration's `packs`.
    pub own_packs: bool,
}

/// `--select ALL` (or `select = ["ALL"]`): every rule.
pub const ALL: &str = "ALL";

/// A run: its options, packs and configurations, and every rule id its
/// options may name.
pub struct Run<'p> {
    options: Options,
    packs: &'p Packs,
    configs: Configs,
    ids: BTreeSet<&'static str>,
    custom: Vec<&'static dyn Rule>,
}

/// What one input gets.
pub enum Chosen<'p> {
    Linter(Linter<'p>),
    /// The configuration at this path excludes it.
    Excluded(PathBuf),
}

impl<'p> Run<'p> {
    /// A run over `inputs`. The rule ids the options may name are the
    /// built-in rules and the custom rules of the current folder's
    /// configuration and of every configuration and pack that applies to one
    /// of the inputs. An id that one of them defines is not an error where
    /// another input's configuration lacks it (`--ignore order-number` over
    /// two folders); an id that none defines is.
    pub fn new(
        options: Options,
        packs: &'p Packs,
        mut configs: Configs,
        inputs: &[Input],
    ) -> Result<Run<'p>, String> {
        let mut ids: BTreeSet<&'static str> = rules::all().iter().map(|r| r.id()).collect();
        let mut custom: Vec<&'static dyn Rule> = Vec::new();
        let mut add = |rule: &'static dyn Rule| {
            if ids.insert(rule.id()) {
                custom.push(rule);
            }
        };
        let stdin_name = options.stdin_filename.as_deref();
        // The current folder's configuration first: `ticketlint rules` lists its rules.
        let places = [None]
            .into_iter()
            .chain(inputs.iter().map(|input| input.path().or(stdin_name)));
        for place in places {
            if let Some(config) = configs.for_file(place)? {
                config.custom.iter().for_each(|r| add(*r));
                if let Some(extra) = config.packs.filter(|_| !options.own_packs) {
                    extra.custom.iter().for_each(|r| add(*r));
                }
            }
        }
        packs.custom.iter().for_each(|r| add(*r));
        check_options(&options, packs, &ids)?;
        Ok(Run {
            options,
            packs,
            configs,
            ids,
            custom,
        })
    }

    /// A run that reads no configuration: the packs and the options alone.
    pub fn without_config(options: Options, packs: &'p Packs) -> Result<Run<'p>, String> {
        Run::new(options, packs, Configs::new(None, true)?, &[])
    }

    /// The options the run was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The packs the run was given.
    pub fn packs(&self) -> &'p Packs {
        self.packs
    }

    /// Every rule id of the run, in order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.ids.iter().copied()
    }

    /// Whether `id` names a rule of the run (built in, or custom).
    pub fn knows(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The custom rules of the run's configurations and packs (SARIF lists
    /// every rule a result may name).
    pub fn custom(&self) -> &[&'static dyn Rule] {
        &self.custom
    }

    /// The configuration of the current folder (or the fixed one), if any.
    pub fn config(&mut self) -> Result<Option<&Config>, String> {
        self.configs.for_file(None)
    }

    /// The linter of a run without inputs from files: the options alone, or
    /// the current folder's configuration under them.
    pub fn linter(&mut self) -> Result<Linter<'p>, String> {
        let options = self.options.clone();
        self.linter_with(&options)
    }

    /// The same with other options (a request's), checked as the run's were.
    pub fn linter_with(&mut self, options: &Options) -> Result<Linter<'p>, String> {
        check_options(options, self.packs, &self.ids)?;
        let config = self.configs.for_file(None)?;
        let settings = config.map_or_else(Settings::default, |c| c.settings_for(Path::new("-")));
        build(options, self.packs, config, settings, &self.ids)
    }

    /// The linter for one input: its configuration's rules, severities,
    /// language and packs, then the options'.
    pub fn linter_for(&mut self, input: &Input) -> Result<Chosen<'p>, String> {
        // Stdin is looked up as `stdin_filename` says, and never excluded.
        let stdin_name = self.options.stdin_filename.as_deref();
        let path = input.path();
        let config = self.configs.for_file(path.or(stdin_name))?;
        let settings = match (config, path, stdin_name) {
            (Some(config), Some(path), _) => match config.resolve(path) {
                Some(settings) => settings,
                None => return Ok(Chosen::Excluded(config.path.clone())),
            },
            (Some(config), None, Some(name)) => config.settings_for(name),
            (Some(config), None, None) => config.settings_for(Path::new("-")),
            (None, _, _) => Settings::default(),
        };
        build(&self.options, self.packs, config, settings, &self.ids).map(Chosen::Linter)
    }
}

/// Rule ids the options name that no rule of the run has, and languages no
/// pack has, are errors.
fn check_options(
    options: &Options,
    packs: &Packs,
    ids: &BTreeSet<&'static str>,
) -> Result<(), String> {
    for code in [&options.lang, &options.message_lang].into_iter().flatten() {
        check_language(code, packs)?;
    }
    let severities = options
        .severity
        .iter()
        .filter_map(|s| s.split_once('=').map(|(id, _)| id));
    for id in options
        .select
        .iter()
        .chain(&options.ignore)
        .map(String::as_str)
        .chain(severities)
        .map(str::trim)
        .filter(|id| !id.is_empty() && *id != ALL)
    {
        if !ids.contains(id) {
            return Err(crate::suggest::unknown_rule(id, ids.iter().copied()));
        }
    }
    Ok(())
}

/// The linter of one configuration (or none) and its settings for a file.
fn build<'p>(
    options: &Options,
    packs: &'p Packs,
    config: Option<&Config>,
    settings: Settings,
    run_ids: &BTreeSet<&'static str>,
) -> Result<Linter<'p>, String> {
    // The run's own packs win over the configuration's `packs`.
    let packs: &'p Packs = match config.and_then(|c| c.packs) {
        Some(extra) if !options.own_packs => extra,
        _ => packs,
    };
    if let (Some(config), Some(code)) = (config, &settings.language) {
        check_language(code, packs)
            .map_err(|e| format!("{}: `language`: {e}", config.path.display()))?;
    }
    let (selected, severities) = select_rules(&settings, options, config, packs, run_ids)?;
    let mut linter = Linter::new(packs)
        .language(options.lang.clone().or(settings.language.clone()))
        .message_language(options.message_lang.clone())
        .rules(selected)
        .known_rules(run_ids.iter().copied());
    for (rule, severity) in severities {
        linter = linter.severity(rule, severity);
    }
    if let Some(config) = config {
        // Made once per configuration: a run's packs do not change.
        let texts = config
            .reply_texts
            .get_or_init(|| crate::reply::resolve(&config.reply, packs))
            .clone()
            .map_err(|e| format!("{}: {e}", config.path.display()))?;
        linter = linter.reply_texts(texts);
    }
    Ok(linter)
}

/// The rules to run and the severities to change: the configuration's
/// `select`, `ignore` and `severity`, then the command line's, which win: a
/// rule that `--select` names runs even where the configuration ignores it
/// or turns it off. Unknown ids and levels are usage errors.
type Selection = (Vec<&'static dyn Rule>, Vec<(&'static str, Severity)>);

fn select_rules(
    settings: &Settings,
    args: &Options,
    config: Option<&Config>,
    packs: &Packs,
    run_ids: &BTreeSet<&'static str>,
) -> Result<Selection, String> {
    let from_packs = |id: &str| {
        packs
            .custom
            .iter()
            .find(|c| c.id() == id)
            .map(|c| *c as &'static dyn Rule)
    };
    let custom: Vec<&'static dyn Rule> = config
        .map(|c| {
            c.custom
                .iter()
                .filter(|r| !r.is_off())
                .map(|r| *r as &'static dyn Rule)
                .collect()
        })
        .unwrap_or_default();
    let pack_rules: Vec<&'static dyn Rule> = packs
        .custom
        .iter()
        .filter(|r| !r.is_off())
        .map(|r| *r as &'static dyn Rule)
        .collect();
    let every: Vec<&'static dyn Rule> = rules::all()
        .iter()
        .copied()
        .chain(custom.iter().copied())
        .chain(pack_rules.iter().copied())
        .collect();
    let known = |id: &str| {
        config
            .and_then(|c| c.rule(id))
            .or_else(|| rules::by_id(id))
            .or_else(|| from_packs(id))
            .ok_or_else(|| {
                let ids = every.iter().map(|r| r.id()).chain(
                    config
                        .into_iter()
                        .flat_map(|c| c.custom.iter().map(|r| r.id())),
                );
                crate::suggest::unknown_rule(id, ids)
            })
    };
    // An id of the command line that another input's configuration defines
    // means nothing here: `None`.
    let known_here = |id: &str| match known(id) {
        Ok(rule) => Ok(Some(rule)),
        Err(_) if run_ids.contains(id) => Ok(None),
        Err(e) => Err(e),
    };
    // `--select a,` and `--ignore ,b`: the empty ids are left out.
    let ids = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect()
    };
    let cli_select = ids(&args.select);
    if !args.select.is_empty() && cli_select.is_empty() {
        return Err("--select takes rule ids, like `--select shouting,no-timestamp`".into());
    }
    let chosen: Option<&Vec<String>> = if cli_select.is_empty() {
        settings.select.as_ref()
    } else {
        Some(&cli_select)
    };
    let mut selected: Vec<&'static dyn Rule> = match chosen {
        None => every.clone(),
        Some(ids) if ids.iter().any(|id| id == ALL) => every.clone(),
        Some(ids) if std::ptr::eq(ids, &cli_select) => {
            let mut rules = Vec::new();
            for id in ids {
                rules.extend(known_here(id)?);
            }
            rules
        }
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
    let named_on_command_line = |id: &str| cli_select.iter().any(|s| s == id);
    for id in &settings.ignore {
        let rule = known(id.trim())?;
        if !named_on_command_line(rule.id()) {
            selected.retain(|r| r.id() != rule.id());
        }
    }
    for id in ids(&args.ignore) {
        if let Some(rule) = known_here(&id)? {
            selected.retain(|r| r.id() != rule.id());
        }
    }
    let mut severities = Vec::new();
    for (id, level) in &settings.severity {
        let rule = known(id)?;
        match level.severity() {
            None if named_on_command_line(rule.id()) => {}
            None => selected.retain(|r| r.id() != rule.id()),
            Some(severity) => severities.push((rule.id(), severity)),
        }
    }
    for setting in &args.severity {
        let (id, level) = setting.split_once('=').ok_or_else(|| {
            format!("--severity takes RULE=LEVEL, like `shouting=error`, not `{setting}`")
        })?;
        let level = match level.trim() {
            "off" => None,
            level => Some(parse_level(level, setting)?),
        };
        let Some(rule) = known_here(id.trim())? else {
            continue;
        };
        match level {
            None => selected.retain(|r| r.id() != rule.id()),
            Some(severity) => severities.push((rule.id(), severity)),
        }
    }
    Ok((selected, severities))
}

/// A `--severity` level: error, warning, info (or off, handled before).
fn parse_level(level: &str, setting: &str) -> Result<Severity, String> {
    const LEVELS: [&str; 4] = ["error", "warning", "info", "off"];
    level.parse::<Severity>().map_err(|_| {
        format!(
            "--severity {setting}: `{level}` is not a level; use error, warning, info or off{}",
            crate::suggest::did_you_mean(level, LEVELS)
        )
    })
}

/// A language code with no loaded pack is a usage error.
pub fn check_language(code: &str, packs: &Packs) -> Result<(), String> {
    if packs.get(code).is_some() {
        return Ok(());
    }
    let known: Vec<_> = packs.iter().map(|p| p.code.as_str()).collect();
    Err(format!(
        "no language pack for `{code}` (loaded: {}){}",
        known.join(", "),
        crate::suggest::did_you_mean(code, known.iter().copied())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOUTED: &str = "NOTHING WORKS SINCE THE UPDATE, FIX IT NOW PLEASE\n";

    fn linter(options: Options) -> Result<Linter<'static>, String> {
        Run::without_config(options, Packs::embedded())?.linter()
    }

    fn rules_fired(linter: &Linter<'_>) -> Vec<(&'static str, Severity)> {
        linter
            .lint_text(SHOUTED)
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.severity))
            .collect()
    }

    #[test]
    fn options_choose_rules_and_levels_without_a_configuration() {
        let all = rules_fired(&linter(Options::default()).unwrap());
        assert!(all.iter().any(|(id, _)| *id == "shouting"), "{all:?}");

        let ignored = linter(Options {
            ignore: vec!["shouting".into()],
            ..Options::default()
        })
        .unwrap();
        assert!(
            !rules_fired(&ignored)
                .iter()
                .any(|(id, _)| *id == "shouting")
        );

        let only = linter(Options {
            select: vec!["shouting".into()],
            severity: vec!["shouting=error".into()],
            ..Options::default()
        })
        .unwrap();
        assert_eq!(rules_fired(&only), vec![("shouting", Severity::Error)]);
    }

    #[test]
    fn unknown_ids_levels_and_languages_are_errors_that_suggest() {
        let error = |options| linter(options).err().unwrap_or_default();
        let typo = error(Options {
            select: vec!["shoutin".into()],
            ..Options::default()
        });
        assert!(typo.contains("shouting"), "{typo}");
        let level = error(Options {
            severity: vec!["shouting=eror".into()],
            ..Options::default()
        });
        assert!(level.contains("`error`"), "{level}");
        let lang = error(Options {
            lang: Some("de".into()),
            ..Options::default()
        });
        assert!(lang.contains("no language pack for `de`"), "{lang}");
    }
}
