//! Pasted e-mail threads under `tests/threads/`: each fixture says which text
//! is the customer's new reply, which questions the quoted support message
//! asks, and which of them the reply leaves unanswered. Prints how often the
//! reply is split exactly right and the per-question precision and recall of
//! `unanswered-questions`, and fails below the targets.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;
use ticketlint::ticket::RegionKind;

const MIN_SPLIT: f64 = 0.95;
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.85;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    thread: Vec<Thread>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Thread {
    file: String,
    lang: String,
    client: String,
    own: Vec<String>,
    questions: Vec<String>,
    unanswered: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Counts over one folder of fixtures.
#[derive(Default)]
struct Stats {
    threads: usize,
    split_right: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.threads += other.threads;
        self.split_right += other.split_right;
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

#[test]
fn threads_are_split_and_questions_judged() {
    let mut all = Stats::default();
    for dir in ["tests/threads", "tests/threads-holdout"] {
        all.add(&evaluate(dir));
    }
    let split = ratio(all.split_right, all.threads);
    let (precision, recall) = (
        ratio(all.tp, all.tp + all.fp),
        ratio(all.tp, all.tp + all.fn_),
    );
    println!(
        "\nall: {} threads, split {split:.3}, unanswered-questions precision {precision:.3} recall {recall:.3}",
        all.threads
    );
    assert!(all.threads >= 40, "at least 40 fixture threads");
    assert!(
        split >= MIN_SPLIT,
        "split right on {split:.3} < {MIN_SPLIT}"
    );
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} < {MIN_PRECISION}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
}

fn evaluate(dir: &str) -> Stats {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let manifest: Manifest =
        toml::from_str(&std::fs::read_to_string(root.join("manifest.toml")).unwrap()).unwrap();
    let linter = Linter::new(Packs::embedded());
    let (mut split_right, mut found_right) = (0, 0);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let (mut q_found, mut q_labelled, mut q_matched) = (0, 0, 0);
    let mut clients = HashSet::new();
    for thread in &manifest.thread {
        let path = root.join(&thread.file);
        let text = std::fs::read_to_string(&path).unwrap();
        for s in thread
            .own
            .iter()
            .chain(&thread.questions)
            .chain(&thread.unanswered)
        {
            assert!(
                text.contains(s.as_str()),
                "{}: {s:?} is not in the file",
                thread.file
            );
        }
        assert!(["en", "ru", "uk"].contains(&thread.lang.as_str()));
        clients.insert(thread.client.clone());
        let linted = linter.lint_text(text.clone());
        let ticket = &linted.ticket;

        let own: Vec<&str> = ticket
            .spans_of(RegionKind::Own)
            .map(|s| ticket.slice(s))
            .collect();
        let (got, want) = (normalize(&own.join(" ")), normalize(&thread.own.join(" ")));
        if got == want {
            split_right += 1;
        } else {
            println!(
                "split {}:\n    want {want:?}\n    got  {got:?}",
                thread.file
            );
        }

        let found: Vec<String> = ticket
            .questions
            .iter()
            .map(|q| normalize(ticket.slice(q.span)))
            .collect();
        let labelled: Vec<String> = thread.questions.iter().map(|q| normalize(q)).collect();
        q_found += found.len();
        q_labelled += labelled.len();
        q_matched += found.iter().filter(|q| labelled.contains(q)).count();
        if found == labelled {
            found_right += 1;
        } else {
            println!(
                "questions {}:\n    want {labelled:?}\n    got  {found:?}",
                thread.file
            );
        }

        let flagged: HashSet<String> = linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unanswered-questions")
            .map(|d| normalize(ticket.slice(d.span)))
            .collect();
        let truth: HashSet<String> = thread.unanswered.iter().map(|q| normalize(q)).collect();
        for q in &flagged {
            if truth.contains(q) {
                tp += 1;
            } else {
                fp += 1;
                println!("false alarm {}: {q:?}", thread.file);
            }
        }
        for q in truth.difference(&flagged) {
            fn_ += 1;
            println!("missed      {}: {q:?}", thread.file);
        }
    }
    let n = manifest.thread.len();
    let split = ratio(split_right, n);
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    println!("\n{dir}: {n} threads over {} clients", clients.len());
    println!("own text split exactly right: {split_right}/{n} ({split:.3})");
    println!(
        "questions found: {q_matched} of {q_labelled} labelled, {q_found} found; threads with exactly the right questions: {found_right}/{n}"
    );
    println!(
        "unanswered-questions per question: tp {tp} fp {fp} fn {fn_}  precision {precision:.3} recall {recall:.3}"
    );
    Stats {
        threads: n,
        split_right,
        tp,
        fp,
        fn_,
    }
}
