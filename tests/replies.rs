//! Reply drafts over every ticket of the test corpora: the draft asks for
//! each missing item once, in the ticket's language, and for nothing that is
//! not missing — checked per finding kind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ticketlint::lang::{Category, Packs};
use ticketlint::linter::Linter;

fn tickets(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            tickets(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "eml")
        ) {
            out.push(path);
        }
    }
}

/// The longest literal run of a template with `{placeholders}`.
fn literal(template: &str) -> &str {
    template
        .split(['{', '}'])
        .step_by(2)
        .max_by_key(|s| s.len())
        .unwrap_or(template)
}

#[test]
fn drafts_ask_once_for_each_missing_item_and_for_nothing_else() {
    let packs = Packs::embedded();
    let linter = Linter::new(packs);
    let mut files = Vec::new();
    for dir in ["tests/corpus", "tests/threads", "tests/threads-holdout"] {
        tickets(Path::new(dir), &mut files);
    }
    tickets(Path::new("examples"), &mut files);
    files.sort();
    assert!(files.len() > 400, "{} tickets", files.len());
    let mut inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|path| (path.display().to_string(), std::fs::read(path).unwrap()))
        .collect();
    // And the tickets the packs' rule docs give as examples, in each language.
    for pack in packs.iter() {
        for rule in ticketlint::rules::all() {
            if let Some(doc) = pack.doc(rule.id()) {
                for (i, text) in doc.example.iter().chain(&doc.use_instead).enumerate() {
                    // Mail examples (`missing-attachment`'s) are read as e-mail.
                    let mail = text
                        .lines()
                        .next()
                        .is_some_and(|l| l.starts_with("Subject:"));
                    let ext = if mail { "eml" } else { "txt" };
                    let name = format!("{}-docs-{}-{i}.{ext}", pack.code, rule.id());
                    inputs.push((name, text.clone().into_bytes()));
                }
            }
        }
    }
    // Per finding kind: tickets with the finding, drafts that asked for it.
    let mut checked: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut drafts_by_language: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, bytes) in &inputs {
        let Ok(linted) = linter.lint_bytes(name, bytes, None) else {
            continue;
        };
        let draft = ticketlint::reply::draft(&linted, packs);
        let pack = packs.for_messages(&linted.message_lang);
        let texts = pack.reply();
        let has = |rule: &str| linted.diagnostics.iter().any(|d| d.rule == rule);
        let bundle = linted
            .diagnostics
            .iter()
            .find(|d| d.rule == "bundled-issues")
            .is_some_and(|d| d.related.len() > 1);
        // An open question of support's that asks for a screenshot or for the
        // time is asked once, as the draft's item for it, and not quoted.
        let (mut screenshot_asked, mut time_asked, mut open) = (false, false, Vec::new());
        for d in linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unanswered-questions")
        {
            let question = d.span.slice(&linted.ticket.text);
            let asks = |c| packs.pattern(c).is_match(question);
            if asks(Category::Screenshot) || asks(Category::ImageWord) {
                screenshot_asked = true;
            } else if asks(Category::WhenQuestion) {
                time_asked = true;
            } else {
                open.push(question);
            }
        }
        let kinds: [(&str, bool, &str); 6] = [
            ("nothing-works", has("nothing-works"), &texts.example),
            (
                "no-timestamp",
                has("no-timestamp") || time_asked,
                &texts.time,
            ),
            (
                "no-screenshot",
                has("no-screenshot") || screenshot_asked,
                &texts.screenshot,
            ),
            (
                "missing-attachment",
                has("missing-attachment"),
                &texts.attachment,
            ),
            ("unanswered-questions", !open.is_empty(), &texts.questions),
            ("bundled-issues", bundle, literal(&texts.bundle)),
        ];
        let wanted = kinds.iter().any(|(_, missing, _)| *missing);
        let Some(draft) = draft else {
            if wanted {
                failures.push(format!("{name}: findings ask for something, but no draft"));
            }
            continue;
        };
        if !wanted {
            failures.push(format!(
                "{name}: a draft though nothing is missing:\n{draft}"
            ));
            continue;
        }
        *drafts_by_language.entry(pack.code.clone()).or_default() += 1;
        if !draft.starts_with(&texts.greeting)
            || !draft.trim_end().ends_with(texts.signoff.trim_end())
        {
            failures.push(format!(
                "{name}: not in the {} pack's words:\n{draft}",
                pack.code
            ));
        }
        if linted.ticket.language != "und" && pack.code != linted.ticket.language {
            failures.push(format!(
                "{name}: a {} ticket answered in {}",
                linted.ticket.language, pack.code
            ));
        }
        for (rule, missing, text) in kinds {
            let times = draft.matches(text).count();
            let entry = checked.entry(rule).or_default();
            if missing {
                entry.0 += 1;
                entry.1 += usize::from(times == 1);
            }
            if times != usize::from(missing) {
                failures.push(format!(
                    "{name}: `{rule}` {} but the draft asks {times} times:\n{draft}",
                    if missing { "found" } else { "not found" }
                ));
            }
        }
        // Each open question is quoted back.
        for question in &open {
            let words: Vec<&str> = question
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 3)
                .take(2)
                .collect();
            if words.iter().any(|w| !draft.contains(w)) {
                failures.push(format!(
                    "{name}: open question {question:?} not quoted:\n{draft}"
                ));
            }
        }
        if draft.contains('{') && !linted.ticket.text.contains('{') {
            failures.push(format!("{name}: a placeholder left unfilled:\n{draft}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // Every kind and language met: the check is not vacuous.
    for (rule, (found, asked)) in &checked {
        println!("{rule}: {found} tickets lack it, {asked} drafts asked for it once");
        assert!(*found > 0, "no ticket with `{rule}`");
    }
    assert_eq!(checked.len(), 6, "{checked:?}");
    println!("drafts per language: {drafts_by_language:?}");
    for lang in ["en", "ru", "uk"] {
        assert!(
            drafts_by_language.get(lang).copied().unwrap_or(0) > 5,
            "{drafts_by_language:?}"
        );
    }
}
