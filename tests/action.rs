//! The composite GitHub Action, `action.yml`: no input is expanded inside a
//! shell script, the SARIF upload runs even when the lint step fails, the
//! binary is cached under a key of its sources, and the steps' scripts do
//! what they say when run the way GitHub runs them
//! (`bash --noprofile --norc -eo pipefail FILE`), on paths with spaces, with
//! the built binary standing in for the installed one. Also: the pre-commit
//! hook names the pre-commit it needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml_ng::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Value {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_sequence().expect("runs.steps")
}

fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    steps(action)
        .iter()
        .find(|s| s["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {value:?}"))
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const SHOUTING: &str = "Subject: URGENT!!! INVOICES PAGE IS EMPTY\n\nThe invoices page shows nothing since this morning.\n";

/// Runs a step's script as GitHub does, in `cwd`, with exactly the
/// environment variables its `env:` names (values given by the test, since
/// the real ones are expressions) besides the runner's own.
fn run_step(step: &Value, cwd: &Path, env: &[(&str, &str)], runner: &[(&str, &str)]) -> Output {
    let declared: Vec<&str> = step["env"]
        .as_mapping()
        .map(|m| m.keys().map(|k| k.as_str().unwrap()).collect())
        .unwrap_or_default();
    let mut given: Vec<&str> = env.iter().map(|(k, _)| *k).collect();
    let mut declared_sorted = declared.clone();
    declared_sorted.sort_unstable();
    given.sort_unstable();
    assert_eq!(
        given, declared_sorted,
        "the test sets the variables the step declares"
    );

    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("step.sh");
    std::fs::write(&script, str_of(step, "run")).unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap());
    for (k, v) in env.iter().chain(runner) {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// A checkout with tickets in folders whose names need quoting.
struct Checkout {
    dir: tempfile::TempDir,
    runner_temp: tempfile::TempDir,
}

impl Checkout {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "my tickets/a.txt", SHOUTING);
        write(dir.path(), "more tickets/b.txt", SHOUTING);
        write(dir.path(), "-dash/c.txt", SHOUTING);
        write(dir.path(), "not listed/d.txt", SHOUTING);
        Checkout {
            dir,
            runner_temp: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn sarif_file(&self) -> PathBuf {
        self.runner_temp.path().join("ticketlint.sarif")
    }

    fn github_output(&self) -> PathBuf {
        self.runner_temp.path().join("github-output")
    }

    /// Runs the lint step with these inputs; returns its output and what it
    /// wrote to `$GITHUB_OUTPUT`.
    fn lint(&self, paths: &str, format: &str, args: &str) -> (Output, String) {
        let action = action();
        let sarif = self.sarif_file();
        let github_output = self.github_output();
        std::fs::write(&github_output, "").unwrap();
        let out = run_step(
            step(&action, "lint"),
            self.path(),
            &[
                ("TICKETLINT_BIN", env!("CARGO_BIN_EXE_ticketlint")),
                ("INPUT_PATHS", paths),
                ("INPUT_FORMAT", format),
                ("INPUT_ARGS", args),
                ("SARIF_FILE", sarif.to_str().unwrap()),
            ],
            &[("GITHUB_OUTPUT", github_output.to_str().unwrap())],
        );
        (out, std::fs::read_to_string(&github_output).unwrap())
    }
}

fn annotated_files(stdout: &[u8]) -> Vec<String> {
    let mut files: Vec<String> = String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| {
            l.split_once(" file=")?
                .1
                .split_once(',')
                .map(|(f, _)| f.to_string())
        })
        .collect();
    files.dedup();
    files
}

#[test]
fn no_expression_is_expanded_inside_a_script() {
    let action = action();
    let scripts: Vec<&Value> = steps(&action)
        .iter()
        .filter(|s| s["run"].is_string())
        .collect();
    assert!(
        scripts.len() >= 3,
        "the key, build and lint steps have scripts"
    );
    for s in scripts {
        let run = str_of(s, "run");
        assert!(!run.contains("${{"), "an expression inside run: of {s:?}");
        assert_eq!(str_of(s, "shell"), "bash");
    }
}

#[test]
fn inputs_reach_the_lint_script_through_env_only() {
    let action = action();
    let env = step(&action, "lint")["env"].as_mapping().unwrap();
    let values: BTreeMap<&str, &str> = env
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    assert_eq!(values["INPUT_PATHS"], "${{ inputs.paths }}");
    assert_eq!(values["INPUT_FORMAT"], "${{ inputs.format }}");
    assert_eq!(values["INPUT_ARGS"], "${{ inputs.args }}");
}

#[test]
fn sarif_upload_runs_even_when_the_lint_fails() {
    let action = action();
    let upload = steps(&action)
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload-sarif step");
    let condition = str_of(upload, "if");
    assert!(condition.starts_with("always() &&"), "{condition}");
    assert!(
        condition.contains("inputs.format == 'sarif'"),
        "{condition}"
    );
    assert_eq!(
        str_of(&upload["with"], "sarif_file"),
        "${{ steps.lint.outputs.sarif }}"
    );
}

#[test]
fn the_binary_is_cached_under_a_key_of_its_sources() {
    let action = action();
    let cache = steps(&action)
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("an actions/cache step");
    assert_eq!(
        str_of(&cache["with"], "key"),
        "${{ steps.key.outputs.key }}"
    );
    assert_eq!(
        str_of(&cache["with"], "path"),
        "${{ runner.temp }}/ticketlint"
    );
    let build = steps(&action)
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
        })
        .expect("a build step");
    assert_eq!(
        str_of(build, "if"),
        "steps.cache.outputs.cache-hit != 'true'"
    );

    let key_of = |action_path: &Path| {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("out");
        std::fs::write(&output, "").unwrap();
        let out = run_step(
            step(&action, "key"),
            temp.path(),
            &[],
            &[
                ("GITHUB_ACTION_PATH", action_path.to_str().unwrap()),
                ("GITHUB_OUTPUT", output.to_str().unwrap()),
                ("RUNNER_OS", "Linux"),
                ("RUNNER_ARCH", "X64"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&output).unwrap();
        let key = text
            .strip_prefix("key=ticketlint-bin-Linux-X64-")
            .unwrap()
            .trim_end();
        assert_eq!(key.len(), 32, "{text}");
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()), "{text}");
        key.to_string()
    };
    key_of(repo());

    let sources = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("Cargo.toml", "[package]\n"),
        ("Cargo.lock", "version = 4\n"),
        ("src/main.rs", "fn main() {}\n"),
        ("rules/en.toml", "x = 1\n"),
    ] {
        write(sources.path(), name, text);
    }
    let first = key_of(sources.path());
    assert_eq!(
        key_of(sources.path()),
        first,
        "the same sources, the same key"
    );
    write(sources.path(), "rules/en.toml", "x = 2\n");
    let second = key_of(sources.path());
    assert_ne!(second, first, "a changed pack changes the key");
    write(sources.path(), "Cargo.lock", "version = 4\n# changed\n");
    assert_ne!(
        key_of(sources.path()),
        second,
        "a changed lock file changes the key"
    );
}

#[test]
fn the_lint_step_lints_each_line_of_paths_spaces_included() {
    let checkout = Checkout::new();
    let (out, github_output) = checkout.lint(
        "my tickets\n  more tickets  \n\n-dash\n",
        "github",
        "--select shouting",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        annotated_files(&out.stdout),
        ["my tickets/a.txt", "more tickets/b.txt", "-dash/c.txt"]
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("title=shouting::"));
    assert_eq!(github_output, "", "no SARIF output in github format");
}

#[test]
fn the_default_paths_annotate_files_without_a_leading_dot_slash() {
    let checkout = Checkout::new();
    let default = str_of(&action()["inputs"]["paths"], "default").to_string();
    let (out, _) = checkout.lint(&default, "github", "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        annotated_files(&out.stdout),
        [
            "-dash/c.txt",
            "more tickets/b.txt",
            "my tickets/a.txt",
            "not listed/d.txt"
        ]
    );
}

#[test]
fn sarif_format_writes_the_file_and_names_it_in_the_outputs() {
    let checkout = Checkout::new();
    let (out, github_output) = checkout.lint("my tickets", "sarif", "--select shouting");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let sarif = checkout.sarif_file();
    assert_eq!(github_output, format!("sarif={}\n", sarif.display()));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!uris.is_empty());
    assert!(uris.iter().all(|u| *u == "my%20tickets/a.txt"), "{uris:?}");
}

#[test]
fn sarif_uris_from_the_default_paths_have_no_leading_dot_slash() {
    let checkout = Checkout::new();
    let (out, _) = checkout.lint(".", "sarif", "--select shouting");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(checkout.sarif_file()).unwrap();
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"my%20tickets/a.txt"), "{uris:?}");
    assert!(uris.iter().all(|u| !u.starts_with("./")), "{uris:?}");
}

#[test]
fn inputs_are_never_run_as_shell_code() {
    let checkout = Checkout::new();
    write(checkout.path(), "$(touch pwned1)/e.txt", SHOUTING);
    let (out, _) = checkout.lint(
        "$(touch pwned1)\n`touch pwned2`; touch pwned3",
        "github",
        "--select\nshouting",
    );
    assert_eq!(out.status.code(), Some(2), "the second path does not exist");
    assert_eq!(annotated_files(&out.stdout), ["$(touch pwned1)/e.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`touch pwned2`; touch pwned3"), "{stderr}");
    for name in ["pwned1", "pwned2", "pwned3"] {
        assert!(!checkout.path().join(name).exists(), "{name} was created");
    }
}

/// The pre-commit hook says which pre-commit it needs: `types_or` came in
/// 2.9.0, so an older pre-commit would misread the hook.
#[test]
fn pre_commit_hook_states_the_pre_commit_it_needs() {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_yaml_ng::from_str(&text).unwrap();
    let hook = &hooks.as_sequence().unwrap()[0];
    assert_eq!(str_of(hook, "id"), "ticketlint");
    let version: Vec<u32> = str_of(hook, "minimum_pre_commit_version")
        .split('.')
        .map(|n| n.parse().unwrap())
        .collect();
    if hook["types_or"].is_sequence() {
        assert!(version >= vec![2, 9, 0], "{version:?}");
    }
}
