//! Configuration: `ticketlint.toml` or `.ticketlint.toml`, found by walking up
//! from each linted file (docs/configuration.md lists every key).
//!
//! ```toml
//! select = ["shouting", "nothing-works"]   # run only these
//! ignore = ["no-screenshot"]               # never run these
//! exclude = ["drafts/**"]                  # never lint these paths
//! language = "ru"                          # instead of detecting it
//! output-format = "json"                   # unless --format says otherwise
//! fail-on = "error"                        # unless --fail-on says otherwise
//!
//! [severity]
//! shouting = "error"                       # error | warning | info | off
//!
//! [[overrides]]
//! files = ["macros/**"]                    # for these paths (relative to the file)
//! ignore = ["no-screenshot", "no-timestamp"]
//! severity = { shouting = "info" }
//!
//! [[rule]]                                 # a custom rule (see rules::custom)
//! id = "order-number"
//! kind = "require"
//! patterns = ["#\\d{5}"]
//! message = { en = "add the order number", ru = "укажите номер заказа" }
//! tests = [{ text = "order #12345 is late", fires = false }]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::rules::custom::{CustomRule, CustomRuleFile};
use crate::rules::{self, Rule};

/// The file names looked for, in order, in each folder.
pub const FILE_NAMES: &[&str] = &["ticketlint.toml", ".ticketlint.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
    /// Custom rules: `[[rule]]` tables.
    #[serde(default)]
    rule: Vec<CustomRuleFile>,
    /// Options of built-in rules: `[rules.shouting]`.
    #[serde(default)]
    rules: BTreeMap<String, toml::Table>,
    /// Folders of extra language packs, relative to the configuration file.
    #[serde(default)]
    packs: Vec<PathBuf>,
    /// `--format`'s default.
    #[serde(default, rename = "output-format")]
    output_format: Option<String>,
    /// `--fail-on`'s default.
    #[serde(default, rename = "fail-on")]
    fail_on: Option<String>,
    /// The team's own sentences for reply drafts: `[reply.en]`, `[reply.ru]` …
    #[serde(default)]
    reply: BTreeMap<String, crate::reply::ReplyOverrides>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    files: Vec<String>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
}

/// A severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// A configuration error, naming the file and what is wrong (TOML errors carry
/// the line and the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

/// What a configuration decides for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Rule ids to run; `None` means all.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Per-rule level; `Off` disables the rule.
    pub severity: BTreeMap<String, Level>,
    pub language: Option<String>,
}

/// A loaded configuration file.
pub struct Config {
    pub path: PathBuf,
    /// The configuration's folder, canonical, resolved once.
    root: PathBuf,
    base: Settings,
    exclude: GlobSet,
    overrides: Vec<(GlobSet, Settings)>,
    /// The custom rules, compiled once for the whole run.
    pub custom: Vec<&'static CustomRule>,
    /// The custom rules and the built-in rules with options from
    /// `[rules.<id>]`, by id.
    index: std::collections::HashMap<String, &'static dyn Rule>,
    /// The built-in packs and the `packs` folders, when there are any.
    pub packs: Option<&'static crate::lang::Packs>,
    /// `output-format` and `fail-on` as written; the command line checks them
    /// against its own names (and its flags win).
    pub output_format: Option<String>,
    pub fail_on: Option<String>,
    /// Sentences of reply drafts in place of the packs', by language.
    pub reply: BTreeMap<String, crate::reply::ReplyOverrides>,
    /// Those sentences over the packs', made once for every linter of the run.
    pub reply_texts: std::sync::OnceLock<Result<ReplyTexts, String>>,
}

/// Draft sentences by language, as [`crate::reply::resolve`] makes them.
pub type ReplyTexts = std::collections::HashMap<String, std::sync::Arc<crate::reply::ReplyTexts>>;

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A configuration file is read up to this size; a larger one is refused.
const MAX_CONFIG_BYTES: u64 = 4 << 20;

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        use std::io::Read;
        let err = |message: String| ConfigError {
            file: path.to_path_buf(),
            message,
        };
        let file = crate::input::source::open_file(path)
            .map_err(|e| err(crate::input::source::io_reason(&e)))?;
        let mut bytes = Vec::new();
        file.take(MAX_CONFIG_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| err(crate::input::source::io_reason(&e)))?;
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            return Err(err(format!(
                "larger than {} MiB: not a configuration",
                MAX_CONFIG_BYTES >> 20
            )));
        }
        let text = String::from_utf8(bytes).map_err(|_| err("not UTF-8 (TOML is UTF-8)".into()))?;
        Config::from_text(path, &text)
    }

    /// A configuration from its TOML text; `path` is where it lives (paths
    /// and globs in it are relative to its folder).
    pub fn from_text(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            file: path.to_path_buf(),
            message,
        };
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
        let globs = |patterns: &[String], key: &str| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for p in patterns {
                builder
                    .add(Glob::new(p).map_err(|e| err(format!("`{key}`: bad glob `{p}`: {e}")))?);
            }
            builder.build().map_err(|e| err(format!("`{key}`: {e}")))
        };
        // Custom rules first: the other keys may name them.
        let mut custom: Vec<&'static CustomRule> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for rule in file.rule {
            let id = rule.id.clone();
            if rules::by_id(&id).is_some() || !seen.insert(id.clone()) {
                return Err(err(format!("rule `{id}` is defined twice")));
            }
            let compiled = CustomRule::new(rule).map_err(err)?;
            custom.push(Box::leak(Box::new(compiled)));
        }
        let packs = if file.packs.is_empty() {
            None
        } else {
            let root = path.parent().unwrap_or(Path::new("."));
            let dirs: Vec<PathBuf> = file.packs.iter().map(|d| root.join(d)).collect();
            let packs = crate::lang::Packs::embedded_and(&dirs)
                .map_err(|e| err(format!("`packs`: {e}")))?;
            packs
                .validate(&rules::requirements())
                .map_err(|e| err(format!("`packs`: {e}")))?;
            Some(&*Box::leak(Box::new(packs)))
        };
        let mut configured: Vec<&'static dyn Rule> = Vec::new();
        for (id, options) in &file.rules {
            let rule = rules::by_id(id).ok_or_else(|| {
                err(format!(
                    "`rules.{id}`: {}",
                    crate::suggest::unknown_rule(id, rules::all().iter().map(|r| r.id()))
                ))
            })?;
            configured.push(
                rule.with_options(options)
                    .map_err(|e| err(format!("`rules.{id}`: {e}")))?,
            );
        }
        let known_ids: std::collections::BTreeSet<&str> = rules::all()
            .iter()
            .map(|r| r.id())
            .chain(custom.iter().map(|c| c.id()))
            .chain(packs.iter().flat_map(|p| p.custom.iter().map(|c| c.id())))
            .collect();
        let check_rules = |ids: &[String], key: &str| -> Result<(), ConfigError> {
            match ids
                .iter()
                .find(|id| id.as_str() != "ALL" && !known_ids.contains(&id.as_str()))
            {
                Some(id) => Err(err(format!(
                    "`{key}`: {}",
                    crate::suggest::unknown_rule(id, known_ids.iter().copied())
                ))),
                None => Ok(()),
            }
        };
        check_rules(file.select.as_deref().unwrap_or_default(), "select")?;
        check_rules(&file.ignore, "ignore")?;
        check_rules(
            &file.severity.keys().cloned().collect::<Vec<_>>(),
            "severity",
        )?;
        let mut overrides = Vec::new();
        for (i, o) in file.overrides.into_iter().enumerate() {
            let key = format!("overrides[{i}]");
            check_rules(o.select.as_deref().unwrap_or_default(), &key)?;
            check_rules(&o.ignore, &key)?;
            check_rules(&o.severity.keys().cloned().collect::<Vec<_>>(), &key)?;
            overrides.push((
                globs(&o.files, &format!("{key}.files"))?,
                Settings {
                    select: o.select,
                    ignore: o.ignore,
                    severity: o.severity,
                    language: None,
                },
            ));
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        let root = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        Ok(Config {
            root,
            path: path.to_path_buf(),
            exclude: globs(&file.exclude, "exclude")?,
            base: Settings {
                select: file.select,
                ignore: file.ignore,
                severity: file.severity,
                language: file.language,
            },
            overrides,
            index: custom
                .iter()
                .map(|c| (c.id().to_string(), *c as &'static dyn Rule))
                .chain(configured.iter().map(|r| (r.id().to_string(), *r)))
                .collect(),
            custom,
            packs,
            output_format: file.output_format,
            fail_on: file.fail_on,
            reply: file.reply,
            reply_texts: std::sync::OnceLock::new(),
        })
    }

    /// A rule of this configuration or a built-in one, by id.
    pub fn rule(&self, id: &str) -> Option<&'static dyn Rule> {
        self.index.get(id).copied().or_else(|| rules::by_id(id))
    }

    /// The folder the configuration applies from.
    pub fn root(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// `file` relative to the configuration's folder, as globs see it.
    fn relative(&self, file: &Path) -> PathBuf {
        // A path that does not exist (`--stdin-filename`) is made absolute as written.
        let absolute = std::fs::canonicalize(file)
            .or_else(|_| std::path::absolute(file))
            .unwrap_or_else(|_| file.to_path_buf());
        absolute
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    pub fn excludes(&self, file: &Path) -> bool {
        self.exclude.is_match(self.relative(file))
    }

    /// The settings for `file`, or `None` when `exclude` leaves it out; the
    /// path is resolved once for both.
    pub fn resolve(&self, file: &Path) -> Option<Settings> {
        let relative = self.relative(file);
        (!self.exclude.is_match(&relative)).then(|| self.settings_at(&relative))
    }

    /// The settings for `file`: the file's, then each matching override in order.
    pub fn settings_for(&self, file: &Path) -> Settings {
        self.settings_at(&self.relative(file))
    }

    fn settings_at(&self, relative: &Path) -> Settings {
        let mut settings = self.base.clone();
        for (globs, o) in &self.overrides {
            if globs.is_match(relative) {
                if o.select.is_some() {
                    settings.select.clone_from(&o.select);
                }
                settings.ignore.extend(o.ignore.iter().cloned());
                settings
                    .severity
                    .extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        settings
    }
}

/// The configuration file for `file`: the nearest `ticketlint.toml` or
/// `.ticketlint.toml` in its folder or a folder above. The file and its
/// folder need not exist (`--stdin-filename`): the search starts from the
/// nearest folder that does.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let start = if file.is_dir() { file } else { file.parent()? };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    let existing = absolute.ancestors().find(|dir| dir.is_dir())?;
    let absolute = std::fs::canonicalize(existing).ok()?;
    absolute
        .ancestors()
        .flat_map(|dir| FILE_NAMES.iter().map(move |name| dir.join(name)))
        // A broken link is found too, so that loading it says what is wrong.
        .find(|p| p.is_file() || p.is_symlink())
}

/// The commented configuration `ticketlint init` writes.
pub const STARTER: &str = r#"# ticketlint configuration. Every key is optional; docs/configuration.md lists them.

# Run only these rules (`ticketlint rules` lists them); all when absent.
# select = ["shouting", "nothing-works", "no-screenshot", "no-timestamp"]

# Never run these rules.
ignore = []

# Never lint these paths (globs, relative to this file).
exclude = []

# Treat every ticket as written in this language instead of detecting it.
# language = "ru"

# Your own sentences for reply drafts (`ticketlint reply`), per language; each
# replaces the language pack's (docs/configuration.md lists them).
# [reply.en]
# greeting = "Hi there,"
# signoff = "Cheers,\nThe support team"

# The output format and the lowest severity that fails the run, unless
# --format / --fail-on say otherwise.
# output-format = "human"   # human | json | ndjson | github | sarif
# fail-on = "warning"       # error | warning | info

# Report a rule at another level: error, warning, info or off.
[severity]
# shouting = "error"

# Options of built-in rules.
# [rules.shouting]
# min_upper_ratio = 0.7   # share of capitals that makes a sentence shouted
# min_words = 2           # shouted words a finding needs
# min_letters = 8         # and letters in them

# Settings for some paths only, applied in order.
# [[overrides]]
# files = ["macros/**"]
# ignore = ["no-screenshot", "no-timestamp"]
"#;

/// The configurations of a run: `--config FILE` for every input, none with
/// `--no-config`, else the one found from each input's folder, each loaded
/// once.
pub struct Configs {
    /// `--config FILE`: one configuration for every input.
    fixed: Option<Config>,
    /// `--no-config`.
    disabled: bool,
    loaded: HashMap<PathBuf, Config>,
    /// Folder → the configuration file that applies there, looked up once per folder.
    found: HashMap<PathBuf, Option<PathBuf>>,
}

impl Configs {
    /// `fixed`: one configuration for every input (`--config`); `disabled`:
    /// none at all (`--no-config`).
    pub fn new(fixed: Option<&Path>, disabled: bool) -> Result<Configs, String> {
        let fixed = match fixed {
            Some(path) => Some(Config::load(path).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Configs {
            fixed,
            disabled,
            loaded: HashMap::new(),
            found: HashMap::new(),
        })
    }

    /// The configuration that applies to `path` (stdin: the current folder's).
    pub fn for_file(&mut self, path: Option<&Path>) -> Result<Option<&Config>, String> {
        if self.disabled {
            return Ok(None);
        }
        if self.fixed.is_some() {
            return Ok(self.fixed.as_ref());
        }
        let folder = path
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let found = match self.found.get(&folder) {
            Some(found) => found.clone(),
            None => {
                let found = discover(&folder);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_are_found_per_folder_fixed_or_disabled() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        std::fs::create_dir_all(team.join("inbox")).unwrap();
        std::fs::write(team.join(FILE_NAMES[0]), "ignore = [\"shouting\"]\n").unwrap();
        let ticket = team.join("inbox/t.txt");
        let outside = dir.path().join("t.txt");

        let mut found = Configs::new(None, false).unwrap();
        let config = found
            .for_file(Some(&ticket))
            .unwrap()
            .expect("found upwards");
        assert_eq!(config.path, team.join(FILE_NAMES[0]));
        assert!(found.for_file(Some(&outside)).unwrap().is_none());

        let mut fixed = Configs::new(Some(&team.join(FILE_NAMES[0])), false).unwrap();
        assert!(fixed.for_file(Some(&outside)).unwrap().is_some());

        let mut none = Configs::new(None, true).unwrap();
        assert!(none.for_file(Some(&ticket)).unwrap().is_none());
    }

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ticketlint.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn rule_options_configure_built_in_rules() {
        let config = load("[rules.shouting]\nmin_words = 5\n").unwrap();
        let rule = config.rule("shouting").unwrap();
        assert!(crate::rules::run_rule(rule, "NOTHING WORKS!!!").is_empty());
        let e = load("[rules.shouting]\nratio = 1\n").unwrap_err();
        assert!(
            e.message.contains("rules.shouting") && e.message.contains("ratio"),
            "{e}"
        );
        let e = load("[rules.no-timestamp]\nmax = 1\n").unwrap_err();
        assert!(e.message.contains("has none"), "{e}");
    }

    #[test]
    fn the_starter_config_loads() {
        load(STARTER).unwrap();
    }

    #[test]
    fn unknown_keys_rules_and_levels_are_errors_that_say_where() {
        let e = load("selekt = [\"shouting\"]\n").unwrap_err();
        assert!(
            e.message.contains("selekt") && e.message.contains("line 1"),
            "{e}"
        );
        let e = load("ignore = [\"shoutting\"]\n").unwrap_err();
        assert!(e.message.contains("shoutting"), "{e}");
        let e = load("[severity]\nshouting = \"loud\"\n").unwrap_err();
        assert!(e.message.contains("line 2"), "{e}");
    }

    #[test]
    fn overrides_apply_to_matching_paths_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ticketlint.toml");
        std::fs::write(
            &path,
            "ignore = [\"shouting\"]\nexclude = [\"drafts/**\"]\n[severity]\nno-timestamp = \"error\"\n[[overrides]]\nfiles = [\"macros/**\"]\nignore = [\"no-screenshot\"]\nseverity = { no-timestamp = \"off\" }\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        let macro_file = dir.path().join("macros/reply.txt");
        let settings = config.settings_for(&macro_file);
        assert_eq!(settings.ignore, ["shouting", "no-screenshot"]);
        assert_eq!(settings.severity["no-timestamp"], Level::Off);
        let other = config.settings_for(&dir.path().join("tickets/a.txt"));
        assert_eq!(other.severity["no-timestamp"], Level::Error);
        assert!(config.excludes(&dir.path().join("drafts/x.txt")));
        assert!(!config.excludes(&macro_file));
    }
}
