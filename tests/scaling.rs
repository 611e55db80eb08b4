//! Work that grows with the input grows linearly: each shape is linted at
//! one size and at ten times that size in the same test, and the second run
//! may cost about ten times the first, never a hundred (a quadratic path).
//! The figure is a ratio of two runs on one machine, not a time limit.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Ten times the input may cost at most this many times the work: linear
/// work gives about 10, quadratic work 100.
const MAX_RATIO: f64 = 30.0;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("ticketlint")
}

/// The fastest of `runs` runs of the binary on `input`.
fn time(args: &[&str], input: &Path, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(bin())
                .args(["--no-config"])
                .args(args)
                .arg(input)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.code().is_some_and(|c| c < 2), "{args:?}: {status}");
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Lints `shape(n)` and `shape(10 n)` and checks the ratio of their cost
/// above the cost of start-up (`shape(0)`).
fn linear(name: &str, args: &[&str], n: usize, shape: impl Fn(usize) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let write = |file: &str, text: String| {
        let path = dir.path().join(file);
        std::fs::write(&path, text).unwrap();
        path
    };
    let empty = write("empty.txt", shape(0));
    let small = write("small.txt", shape(n));
    let large = write("large.txt", shape(10 * n));
    let start_up = time(args, &empty, 3).as_secs_f64();
    let small_cost = (time(args, &small, 3).as_secs_f64() - start_up).max(0.02);
    let large_cost = (time(args, &large, 2).as_secs_f64() - start_up).max(0.0);
    let ratio = large_cost / small_cost;
    eprintln!("{name}: {small_cost:.3} s → {large_cost:.3} s at 10×: {ratio:.1}×");
    assert!(
        ratio < MAX_RATIO,
        "{name}: ten times the input cost {ratio:.1} times the work ({small_cost:.3} s, {large_cost:.3} s)"
    );
}

#[test]
fn suppression_comments() {
    linear("suppressions", &[], 6000, |n| {
        (0..n)
            .map(|i| match i % 3 {
                0 => "<!-- ticketlint-disable shouting -->\nTHE PAGE IS EMPTY AGAIN TODAY\n",
                1 => "<!-- ticketlint-enable shouting -->\nTHE PAGE IS EMPTY AGAIN TODAY\n",
                _ => "<!-- ticketlint-disable-next-line shouting -->\nTHE PAGE IS EMPTY AGAIN\n",
            })
            .collect()
    });
}

#[test]
fn many_findings_on_one_long_line() {
    linear("one long line", &["--format", "human"], 4000, |n| {
        let mut text = String::from("Hello.");
        for _ in 0..n {
            text.push_str(" THE PAGE IS EMPTY AGAIN. the rest is fine.");
        }
        text.push('\n');
        text
    });
}

#[test]
fn lines_ended_by_cr_alone() {
    linear("CR line ends", &["--format", "human"], 8000, |n| {
        "THE PAGE IS EMPTY AGAIN TODAY\r".repeat(n)
    });
}

#[test]
fn long_ndjson_threads() {
    linear(
        "NDJSON thread",
        &["--input-format", "ndjson"],
        10_000,
        |n| {
            let message = r#"{"from": "agent", "body": "Which browser do you use?"}"#;
            format!(
                "{{\"body\": \"It is Chrome.\", \"thread\": [{}]}}\n",
                vec![message; n].join(",")
            )
        },
    );
}

#[test]
fn many_custom_rules() {
    // The rules are in the configuration; the ticket is the same.
    let dir = tempfile::tempdir().unwrap();
    let config = |n: usize| {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "[[rule]]\nid = \"house-{i}\"\nkind = \"phrase\"\nphrases = [\"zebra{i}\"]\nmessage = {{ en = \"no\" }}\n"
            ));
        }
        let path = dir.path().join(format!("rules-{n}.toml"));
        std::fs::write(&path, text).unwrap();
        path
    };
    let ticket = dir.path().join("t.txt");
    std::fs::write(&ticket, "The invoices page is empty since 10:15 today.\n").unwrap();
    let cost = |n: usize, runs: usize| {
        let config = config(n);
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(bin())
                    .arg("--config")
                    .arg(&config)
                    .arg(&ticket)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.code().is_some_and(|c| c < 2), "{status}");
                start.elapsed()
            })
            .min()
            .unwrap()
            .as_secs_f64()
    };
    let start_up = cost(0, 3);
    let small = (cost(1000, 3) - start_up).max(0.02);
    let large = (cost(10_000, 1) - start_up).max(0.0);
    let ratio = large / small;
    eprintln!("custom rules: {small:.3} s → {large:.3} s at 10×: {ratio:.1}×");
    assert!(
        ratio < MAX_RATIO,
        "custom rules: {ratio:.1}× ({small:.3} s, {large:.3} s)"
    );
}

/// The human report alone, in this process: the snippet of each finding on
/// one long line is found through the line index, not by scanning the line.
#[test]
fn human_snippets_of_many_findings_on_one_long_line() {
    use ticketlint::report::{FileResult, Human, Reporter};
    let linter = ticketlint::linter::Linter::new(ticketlint::lang::Packs::embedded());
    let render = |n: usize, runs: usize| {
        let mut text = String::from("Hello.");
        for _ in 0..n {
            text.push_str(" THE PAGE IS EMPTY AGAIN. the rest is fine.");
        }
        let linted = linter.lint_text(text);
        assert!(
            linted.diagnostics.len() >= n,
            "one finding per shouted sentence"
        );
        let file = FileResult {
            name: "t.txt",
            linted: &linted,
            id: None,
            record: None,
        };
        (0..runs)
            .map(|_| {
                let mut human = Human::new(linted.labels.clone());
                let mut out = Vec::new();
                let start = Instant::now();
                human.file(&mut out, &file).unwrap();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let small = render(10_000, 3).max(1e-3);
    let large = render(100_000, 1);
    let ratio = large / small;
    eprintln!("human snippets: {small:.3} s → {large:.3} s at 10×: {ratio:.1}×");
    assert!(
        ratio < MAX_RATIO,
        "ten times the findings cost {ratio:.1} times the work"
    );
}
