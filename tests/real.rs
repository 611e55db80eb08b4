//! The rules on real text nobody here wrote: the labelled sample of
//! `../shared/real/` (ids, splits and labels in `tests/real/`, the guide in
//! `docs/labelling.md`). Prints precision and recall of every core rule and
//! the accuracy of the ticket kind, pooled, per language and per source, and
//! fails below the floors at the bottom of this file.
//!
//! `cargo test --test real -- --nocapture` reads the test split;
//! `TICKETLINT_SPLIT=dev` reads the dev split, the one to tune on.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde::Deserialize;
use ticketlint::input::record::{Record, RecordAttachment};
use ticketlint::lang::Packs;
use ticketlint::linter::Linter;

const RULES: [&str; 5] = [
    "shouting",
    "nothing-works",
    "no-screenshot",
    "no-timestamp",
    "bundled-issues",
];

#[derive(Deserialize)]
struct Sampled {
    source: String,
    id: String,
    lang: String,
    split: String,
}

#[derive(Deserialize)]
struct Label {
    source: String,
    id: String,
    second: bool,
    kind: String,
    shouting: bool,
    nothing_works: bool,
    has_time: bool,
    has_screenshot: bool,
    issues: u32,
    /// `[start, end, role]`, in characters of the text.
    sentences: Vec<(usize, usize, String)>,
}

impl Label {
    /// Whether `rule` must fire, by the table in docs/labelling.md §4.
    fn fires(&self, rule: &str) -> bool {
        let problem = self.kind == "problem";
        match rule {
            "shouting" => self.shouting,
            "nothing-works" => self.nothing_works,
            "no-screenshot" => problem && !self.has_screenshot,
            "no-timestamp" => problem && !self.has_time,
            "bundled-issues" => self.issues >= 2,
            _ => unreachable!(),
        }
    }
}

#[derive(Deserialize)]
struct RealText {
    id: String,
    text: String,
    #[serde(default)]
    meta: serde_json::Value,
}

/// A real text linted as a helpdesk record: its attachments (the photos
/// and scans the source counts) as image files.
fn lint(linter: &Linter<'_>, text: &RealText) -> ticketlint::linter::Linted {
    let images = text
        .meta
        .get("n_attachments")
        .and_then(|n| n.as_u64())
        .unwrap_or(0);
    linter.lint_record(Record {
        id: serde_json::Value::Null,
        subject: None,
        body: text.text.clone(),
        attachments: (0..images)
            .map(|i| RecordAttachment {
                name: format!("attachment-{}.jpg", i + 1),
                content_type: None,
            })
            .collect(),
        thread: Vec::new(),
        channel: Default::default(),
    })
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &PathBuf) -> Vec<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the real texts live in ../shared/real)",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn add(&mut self, gold: bool, found: bool) {
        match (gold, found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
    /// Precision, or 1 when nothing was found.
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fp)
        }
    }
    /// Recall, or 1 when nothing was to be found.
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fn_)
        }
    }
}

#[derive(Default)]
struct Group {
    tickets: u32,
    kind_right: u32,
    rules: BTreeMap<&'static str, Counts>,
}

struct Results {
    groups: BTreeMap<String, Group>,
    misses: Vec<String>,
    kinds: Vec<KindCase>,
}

/// One ticket's kind: the label, the phrases' answer, the model's answers.
struct KindCase {
    gold: String,
    phrase: &'static str,
    model: Vec<(&'static str, f32)>,
}

fn evaluate(split: &str) -> Results {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let real = root.join("../shared/real");
    let sample: Vec<Sampled> = read_lines(&root.join("tests/real/sample.jsonl"));
    let labels: Vec<Label> = read_lines(&root.join("tests/real/labels.jsonl"));
    let labels: HashMap<(String, String), Label> = labels
        .into_iter()
        .filter(|l| !l.second)
        .map(|l| ((l.source.clone(), l.id.clone()), l))
        .collect();
    let wanted: Vec<&Sampled> = sample
        .iter()
        .filter(|s| s.split == split && labels.contains_key(&(s.source.clone(), s.id.clone())))
        .collect();
    let sources: HashSet<&str> = wanted.iter().map(|s| s.source.as_str()).collect();
    let mut texts: HashMap<(String, String), RealText> = HashMap::new();
    for source in sources {
        for t in read_lines::<RealText>(&real.join(format!("{source}.jsonl"))) {
            texts.insert((source.to_string(), t.id.clone()), t);
        }
    }
    let linter = Linter::new(Packs::embedded());
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut kinds = Vec::new();
    for s in wanted {
        let key = (s.source.clone(), s.id.clone());
        let label = &labels[&key];
        let text = texts
            .get(&key)
            .unwrap_or_else(|| panic!("{}:{} is not in ../shared/real", s.source, s.id));
        let linted = lint(&linter, text);
        let found: HashSet<&str> = linted.diagnostics.iter().map(|d| d.rule).collect();
        let kind = linted.ticket.kind().as_str();
        kinds.push(KindCase {
            gold: label.kind.clone(),
            phrase: linted.ticket.evidence.phrase_kind.as_str(),
            model: linted
                .ticket
                .kinds
                .iter()
                .map(|k| (k.value.as_str(), k.confidence))
                .collect(),
        });
        for group in [
            "all".to_string(),
            format!("lang {}", s.lang),
            format!("source {}", s.source),
        ] {
            let g = groups.entry(group).or_default();
            g.tickets += 1;
            g.kind_right += u32::from(kind == label.kind);
            for rule in RULES {
                g.rules
                    .entry(rule)
                    .or_default()
                    .add(label.fires(rule), found.contains(rule));
            }
        }
        for rule in RULES {
            if label.fires(rule) != found.contains(rule) {
                let what = if label.fires(rule) { "missed" } else { "false" };
                misses.push(format!("{what:<6} {rule:<15} {}:{}", s.source, s.id));
            }
        }
    }
    Results {
        groups,
        misses,
        kinds,
    }
}

fn print(split: &str, r: &Results) {
    println!("real text, {split} split: precision / recall (tp fp fn), kind accuracy");
    print!("{:<36} {:>5} {:>6}", "group", "n", "kind");
    for rule in RULES {
        print!(" {rule:>22}");
    }
    println!();
    for (name, g) in &r.groups {
        print!(
            "{name:<36} {:>5} {:>6.3}",
            g.tickets,
            f64::from(g.kind_right) / f64::from(g.tickets)
        );
        for rule in RULES {
            let c = g.rules[rule];
            print!(
                " {:>4.2}/{:<4.2} ({:>3} {:>3} {:>3})",
                c.precision(),
                c.recall(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        println!();
    }
    if std::env::var_os("TICKETLINT_MISSES").is_some() {
        for m in &r.misses {
            println!("  {m}");
        }
    }
}

/// Floors on the pooled figures of the test split, per rule (precision,
/// recall), and on the kind's accuracy: a little below what the current
/// models and rules reach (docs/labelling.md, rules/models/MODEL_CARD.md),
/// so that no change makes them worse unnoticed. The targets are 0.90 / 0.80
/// and 0.85; they are not met yet. `nothing-works` finds none of the test
/// split's few vague claims (0 of 5), so it has no floor to keep.
const FLOORS: [(&str, f64, f64); 4] = [
    ("shouting", 0.80, 0.75),
    ("no-screenshot", 0.77, 0.78),
    ("no-timestamp", 0.70, 0.63),
    ("bundled-issues", 0.35, 0.20),
];
const KIND_FLOOR: f64 = 0.67;

#[test]
fn rules_on_real_text() {
    let split = std::env::var("TICKETLINT_SPLIT").unwrap_or_else(|_| "test".into());
    let results = evaluate(&split);
    print(&split, &results);
    let all = &results.groups["all"];
    assert!(
        all.tickets > 100,
        "only {} labelled tickets in the {split} split",
        all.tickets
    );
    if split != "test" {
        // How sure the kind model must be before its answer wins over the
        // phrases' (`TRUST_KIND_MODEL`): accuracy on this split at each level.
        for trust in [0.0f32, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01] {
            let right = results
                .kinds
                .iter()
                .filter(|c| {
                    let kind = match c.model.first() {
                        Some(&(k, p)) if p >= trust => k,
                        _ => c.phrase,
                    };
                    kind == c.gold
                })
                .count();
            println!(
                "trust the kind model from {trust:.2}: kind accuracy {:.3}",
                right as f64 / results.kinds.len() as f64
            );
        }
        return;
    }
    let mut below = Vec::new();
    for (rule, p, r) in FLOORS {
        let c = all.rules[rule];
        if c.precision() < p || c.recall() < r {
            below.push(format!(
                "{rule}: {:.3}/{:.3} below {p}/{r}",
                c.precision(),
                c.recall()
            ));
        }
    }
    let kind = f64::from(all.kind_right) / f64::from(all.tickets);
    if kind < KIND_FLOOR {
        below.push(format!("kind: {kind:.3} below {KIND_FLOOR}"));
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}

/// The weights shipped in `rules/models/` give the dev figures their card
/// (`rules/models/card.json`, written by `training/train.py`) states.
#[test]
fn shipped_models_reproduce_their_card() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let card: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("rules/models/card.json")).unwrap(),
    )
    .unwrap();
    let sample: Vec<Sampled> = read_lines(&root.join("tests/real/sample.jsonl"));
    let dev: HashSet<(String, String)> = sample
        .into_iter()
        .filter(|s| s.split == "dev")
        .map(|s| (s.source, s.id))
        .collect();
    let labels: Vec<Label> = read_lines(&root.join("tests/real/labels.jsonl"));
    let labels: Vec<Label> = labels
        .into_iter()
        .filter(|l| !l.second && dev.contains(&(l.source.clone(), l.id.clone())))
        .collect();
    let mut texts: HashMap<(String, String), RealText> = HashMap::new();
    for source in labels
        .iter()
        .map(|l| l.source.clone())
        .collect::<HashSet<_>>()
    {
        for t in read_lines::<RealText>(&root.join(format!("../shared/real/{source}.jsonl"))) {
            texts.insert((source.clone(), t.id.clone()), t);
        }
    }
    let linter = Linter::new(Packs::embedded());
    let (mut kinds, mut kinds_right, mut roles, mut roles_right) = (0u32, 0u32, 0u32, 0u32);
    for label in &labels {
        let text = &texts[&(label.source.clone(), label.id.clone())];
        let linted = lint(&linter, text);
        let t = &linted.ticket;
        kinds += 1;
        kinds_right += u32::from(t.kinds[0].value.as_str() == label.kind);
        let chars = |byte: usize| t.text[..byte].chars().count();
        for (span, role) in t.sentences.iter().zip(&t.roles) {
            let (s, e) = (chars(span.start), chars(span.end));
            let gold = label
                .sentences
                .iter()
                .map(|(ls, le, r)| (e.min(*le) as i64 - s.max(*ls) as i64, r))
                .filter(|(overlap, _)| *overlap > 0)
                .max_by_key(|(overlap, _)| *overlap);
            if let Some((_, gold)) = gold {
                roles += 1;
                roles_right += u32::from(role.value.as_str() == gold);
            }
        }
    }
    let card_kind = card["models"]["kind"]["dev_accuracy"].as_f64().unwrap();
    let card_roles = card["models"]["roles"]["dev_accuracy"].as_f64().unwrap();
    let kind = f64::from(kinds_right) / f64::from(kinds);
    let role = f64::from(roles_right) / f64::from(roles);
    println!("dev: kind {kind:.4} (card {card_kind}), roles {role:.4} (card {card_roles})");
    assert_eq!(
        kinds as u64,
        card["models"]["kind"]["dev"].as_u64().unwrap()
    );
    assert_eq!(
        roles as u64,
        card["models"]["roles"]["dev"].as_u64().unwrap()
    );
    assert!(
        (kind - card_kind).abs() < 0.005,
        "kind {kind} vs card {card_kind}"
    );
    assert!(
        (role - card_roles).abs() < 0.005,
        "roles {role} vs card {card_roles}"
    );
}
