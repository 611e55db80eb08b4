//! Throughput of each stage of the lint, over a fixed generated corpus, and
//! how cost grows with input size on realistic and pathological shapes.
//!
//! `cargo bench` runs it all in a few minutes on two cores; `cargo bench --
//! lint/full` runs one group (criterion's filter). Figures are MB/s of input
//! (and tickets/s for the whole lint); see README "Performance".

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use ticketlint::input::decode;
use ticketlint::input::mail;
use ticketlint::lang::{Packs, detect_language};
use ticketlint::linter::Linter;
use ticketlint::rules::{self, Context};
use ticketlint::ticket::{ParseOptions, Role, Ticket};

/// The corpus: a fixed seed, so every run and machine lints the same tickets.
const SEED: u64 = 1;
const TICKETS: usize = 2000;
/// `rule/<id>` parses every ticket too; a slice keeps eight of them short.
const RULE_TICKETS: usize = 400;

struct Corpus {
    /// File name and bytes, as the CLI reads them.
    files: Vec<(String, Vec<u8>)>,
    /// The decoded text of each file (the mail's text for `.eml`).
    texts: Vec<String>,
    tickets: Vec<Ticket>,
}

impl Corpus {
    fn build(packs: &Packs) -> Corpus {
        let files: Vec<(String, Vec<u8>)> = ticketgen::Generator::new(SEED)
            .take(TICKETS)
            .map(|t| (t.name, t.bytes))
            .collect();
        let options = ParseOptions::default();
        let mut texts = Vec::new();
        let mut tickets = Vec::new();
        for (name, bytes) in &files {
            let ticket = match mail::is_mail_name(name)
                .then(|| mail::parse(bytes))
                .flatten()
            {
                Some(mail) => {
                    texts.push(mail.text.clone());
                    Ticket::from_mail(mail, packs, &options)
                }
                None => {
                    let text = decode::decode(bytes, None)
                        .expect("generated tickets are text")
                        .text;
                    texts.push(text.clone());
                    Ticket::parse(text, packs, &options)
                }
            };
            tickets.push(ticket);
        }
        Corpus {
            files,
            texts,
            tickets,
        }
    }

    fn bytes(&self, n: usize) -> u64 {
        self.files.iter().take(n).map(|(_, b)| b.len() as u64).sum()
    }

    fn text_bytes(&self) -> u64 {
        self.texts.iter().map(|t| t.len() as u64).sum()
    }
}

/// Ten samples, each of as many passes as fit in `seconds / 10`: a pass over
/// the corpus takes up to a second, so `seconds` is set per group to hold
/// ten of its slowest pass.
fn slow_group<'c>(c: &'c mut Criterion, name: &str, seconds: u64) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(seconds));
    group
}

/// Makes an input of a shape at `n` times its base size.
type Shape = fn(&str, usize) -> String;

fn lint_all(linter: &Linter<'_>, files: &[(String, Vec<u8>)]) -> usize {
    let mut findings = 0;
    for (name, bytes) in files {
        let linted = linter.lint_bytes(name, bytes, None).expect("text");
        findings += linted.diagnostics.len();
    }
    findings
}

fn full(c: &mut Criterion, packs: &Packs, corpus: &Corpus) {
    let linter = Linter::new(packs);
    let mut group = slow_group(c, "lint", 10);
    group.throughput(Throughput::Bytes(corpus.bytes(TICKETS)));
    group.bench_function("full", |b| {
        b.iter(|| lint_all(&linter, black_box(&corpus.files)))
    });
    group.throughput(Throughput::Elements(TICKETS as u64));
    group.bench_function("full-tickets", |b| {
        b.iter(|| lint_all(&linter, black_box(&corpus.files)))
    });
    group.finish();
}

fn per_rule(c: &mut Criterion, packs: &Packs, corpus: &Corpus) {
    let mut group = slow_group(c, "rule", 3);
    group.throughput(Throughput::Bytes(corpus.bytes(RULE_TICKETS)));
    for &rule in rules::all() {
        let linter = Linter::new(packs).rules(vec![rule]);
        let files = &corpus.files[..RULE_TICKETS];
        group.bench_function(rule.id(), |b| {
            b.iter(|| lint_all(&linter, black_box(files)))
        });
    }
    group.finish();

    // The rule's own work: `check` over tickets parsed beforehand.
    let mut group = slow_group(c, "check", 3);
    group.throughput(Throughput::Bytes(corpus.text_bytes()));
    for &rule in rules::all() {
        group.bench_function(rule.id(), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                for ticket in black_box(&corpus.tickets) {
                    if rule.customer_side() && ticket.role != Role::Ticket {
                        continue;
                    }
                    let cx = Context {
                        packs,
                        lang: packs.for_messages(&ticket.language),
                    };
                    rule.check(ticket, &cx, &mut out);
                }
                out.len()
            })
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion, packs: &Packs, corpus: &Corpus) {
    let options = ParseOptions::default();
    let mut group = slow_group(c, "parse", 8);
    group.throughput(Throughput::Bytes(corpus.text_bytes()));
    group.bench_function("ticket", |b| {
        b.iter(|| {
            let mut regions = 0;
            for text in black_box(&corpus.texts) {
                regions += Ticket::parse(text.as_str(), packs, &options).regions.len();
            }
            regions
        })
    });
    group.finish();

    let mut group = slow_group(c, "detect", 3);
    group.throughput(Throughput::Bytes(corpus.text_bytes()));
    group.bench_function("language", |b| {
        b.iter(|| {
            black_box(&corpus.texts)
                .iter()
                .filter(|t| detect_language(t, packs).is_some())
                .count()
        })
    });
    group.finish();

    let (mails, plain): (Vec<_>, Vec<_>) = corpus
        .files
        .iter()
        .partition(|(name, _)| mail::is_mail_name(name));
    let mut group = slow_group(c, "decode", 3);
    group.throughput(Throughput::Bytes(
        plain.iter().map(|(_, b)| b.len() as u64).sum(),
    ));
    group.bench_function("text", |b| {
        b.iter(|| {
            black_box(&plain)
                .iter()
                .map(|(_, bytes)| decode::decode(bytes, None).expect("text").text.len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(
        mails.iter().map(|(_, b)| b.len() as u64).sum(),
    ));
    group.bench_function("mail", |b| {
        b.iter(|| {
            black_box(&mails)
                .iter()
                .filter_map(|(_, bytes)| mail::parse(bytes))
                .map(|m| m.text.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Inputs of one shape at 1×, 10× and 100× a base size: if the lint is
/// linear, MB/s stays flat across the three.
fn scale(c: &mut Criterion, packs: &Packs, corpus: &Corpus) {
    let linter = Linter::new(packs);
    // A realistic ticket of about 2 KB, the first of the corpus that size.
    let ticket = corpus
        .texts
        .iter()
        .zip(&corpus.files)
        .find(|(t, (name, _))| (1800..2600).contains(&t.len()) && !mail::is_mail_name(name))
        .map(|(t, _)| t.clone())
        .expect("a 2 KB ticket");
    let shapes: [(&str, u64, Shape); 4] = [
        ("repeated", 3, |ticket, n| ticket.repeat(n)),
        // ~10 KB per unit, no newline: 100× is one line of a megabyte.
        ("long-line", 20, |_, n| {
            "the export hangs and nothing happens after I click the button, ".repeat(160 * n)
        }),
        // 30 questions per unit: 100× is 3,000 questions.
        ("questions", 3, |_, n| {
            (0..30 * n)
                .map(|i| format!("How do I change setting number {i} for the report export?\n"))
                .collect()
        }),
        // A message quoted 30 levels deep per unit: 100× is 3,000 levels.
        ("deep-quote", 3, |_, n| {
            let prefix = ">".repeat(30 * n);
            let mut text = String::from("See below, still broken.\n\n");
            for line in [
                "Hello, can you tell me when it started?",
                "Do you have a screenshot of the error?",
                "Which browser do you use?",
                "Thanks, Support",
            ] {
                text.push_str(&format!("{prefix} {line}\n"));
            }
            text
        }),
    ];
    for (shape, seconds, make) in shapes {
        let mut group = slow_group(c, &format!("scale/{shape}"), seconds);
        for n in [1, 10, 100] {
            let text = make(&ticket, n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("{n}x"), |b| {
                b.iter(|| linter.lint_text(black_box(text.as_str())).diagnostics.len())
            });
        }
        group.finish();
    }
}

fn benches(c: &mut Criterion) {
    let packs = Packs::embedded();
    let corpus = Corpus::build(packs);
    full(c, packs, &corpus);
    per_rule(c, packs, &corpus);
    stages(c, packs, &corpus);
    scale(c, packs, &corpus);
}

criterion_group!(lint, benches);
criterion_main!(lint);
