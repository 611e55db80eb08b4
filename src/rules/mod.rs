//! The rules. One rule per file; each documents itself (the text `ticketlint
//! explain` prints) and ends with its tests. The registry below lists them.

mod bundled_issues;
pub mod custom;
mod missing_attachment;
mod no_screenshot;
mod no_timestamp;
mod nothing_works;
mod shouting;
mod unanswered_questions;
mod unused_suppression;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::lang::{LanguagePack, Packs};
use crate::ticket::Ticket;

pub use bundled_issues::BundledIssues;
pub use missing_attachment::MissingAttachment;
pub use no_screenshot::NoScreenshot;
pub use no_timestamp::NoTimestamp;
pub use nothing_works::NothingWorks;
pub use shouting::Shouting;
pub use unanswered_questions::UnansweredQuestions;
pub use unused_suppression::UnusedSuppression;

/// What a rule sees besides the ticket.
pub struct Context<'a> {
    /// Every loaded pack: vocabularies are matched in all languages.
    pub packs: &'a Packs,
    /// The pack whose language the messages are written in.
    pub lang: &'a LanguagePack,
}

pub trait Rule: Send + Sync {
    /// The stable id used in output, configuration and `explain`.
    fn id(&self) -> &'static str;

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    /// This rule with options from the configuration (`[rules.<id>]`).
    /// Rules without options accept only an empty table.
    fn with_options(&self, options: &toml::Table) -> Result<&'static dyn Rule, String> {
        match options.keys().next() {
            Some(key) => Err(format!("unknown option `{key}`: this rule has none")),
            None => Err("this rule has no options".into()),
        }
    }

    /// Judges what a customer's ticket lacks: not applied to canned replies
    /// and ticket templates (front matter `kind`).
    fn customer_side(&self) -> bool {
        false
    }

    /// Markdown: a one-line summary, then the sections *What it does*, *Why is
    /// this bad?*, *Example*, *Use instead* and *Fix safety*.
    fn doc(&self) -> &'static str;

    /// The keys under `[messages.<id>]` this rule reads from every pack.
    fn message_keys(&self) -> &'static [&'static str] {
        &["message", "suggestion"]
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// A finding of this rule at `span`, with the pack's texts under `keys`
    /// (message, suggestion), their placeholders filled from `args`.
    fn finding(
        &self,
        cx: &Context<'_>,
        span: Span,
        keys: (&str, &str),
        args: &[(&str, &str)],
    ) -> Diagnostic {
        let (message, suggestion) = keys;
        Diagnostic::new(
            self.id(),
            self.default_severity(),
            span,
            cx.lang.message(self.id(), message, args),
        )
        .with_suggestion(cx.lang.message(self.id(), suggestion, args))
    }

    /// The first line of the documentation.
    fn summary(&self) -> &'static str {
        self.doc().lines().next().unwrap_or_default()
    }
}

static RULES: &[&dyn Rule] = &[
    &Shouting::DEFAULT,
    &NothingWorks,
    &NoScreenshot,
    &NoTimestamp,
    &BundledIssues,
    &UnansweredQuestions,
    &MissingAttachment,
    &UnusedSuppression,
];

/// Compiles the rules' own patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    shouting::compile_patterns();
}

/// Every rule, in a stable order.
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// The message keys every pack must define, per rule.
pub fn requirements() -> Vec<(&'static str, &'static [&'static str])> {
    RULES.iter().map(|r| (r.id(), r.message_keys())).collect()
}

/// Flattens white space and cuts `text` to at most `max` chars with an
/// ellipsis: at the last word boundary when there is one in the second half,
/// without the punctuation before it. A quotation mark the cut leaves open is
/// closed after the ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    // One char more: a space right after the limit is a boundary too.
    let head: String = flat.chars().take(max + 1).collect();
    let word_end = head
        .rfind(' ')
        .filter(|i| head[..*i].chars().count() > max / 2);
    let cut = match word_end {
        Some(i) => &head[..i],
        None => &head[..head.char_indices().nth(max).map_or(head.len(), |(i, _)| i)],
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c));
    let mut out = format!("{cut}…");
    out.extend(open_quotes(cut).into_iter().rev());
    out
}

/// The closing marks of the quotes `text` opens and does not close, in the
/// order they were opened.
fn open_quotes(text: &str) -> Vec<char> {
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '«' | '„' => open.push(c),
            '“' if open.last() == Some(&'„') => {
                open.pop();
            }
            '“' => open.push(c),
            '"' if open.last() == Some(&'"') => {
                open.pop();
            }
            '"' => open.push(c),
            '»' | '”' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.iter()
        .map(|c| match c {
            '«' => '»',
            '„' => '“',
            '“' => '”',
            _ => '"',
        })
        .collect()
}

/// Runs one rule on a text, messages in the ticket's language.
#[cfg(test)]
pub(crate) fn run_rule(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
    use crate::ticket::ParseOptions;
    let packs = Packs::embedded();
    let ticket = Ticket::parse(text, packs, &ParseOptions::default());
    let cx = Context {
        packs,
        lang: packs.for_messages(&ticket.language),
    };
    let mut out = Vec::new();
    rule.check(&ticket, &cx, &mut out);
    out
}

/// Checks a rule against the examples in its own documentation: every code
/// block under *Example* must fire, every one under *Use instead* must not.
#[cfg(test)]
pub(crate) fn check_doc_examples(rule: &dyn Rule) {
    assert_ne!(
        rule.id(),
        UnusedSuppression.id(),
        "tested through the linter"
    );
    // Examples are plain tickets; rules about raw e-mail test theirs as mail.
    for (block, must_fire, whose) in doc_examples(rule.id(), rule.doc()) {
        let out = run_rule(rule, &block);
        assert_eq!(
            !out.is_empty(),
            must_fire,
            "{}: {whose} example {block:?} gave {out:?}",
            rule.id()
        );
    }
}

/// Every example of a rule's documentation — its own (English) and each
/// built-in pack's — with whether the rule must fire on it and where it is
/// written. Each set has both kinds.
#[cfg(test)]
pub(crate) fn doc_examples(id: &str, doc: &str) -> Vec<(String, bool, String)> {
    let mut all = Vec::new();
    for (section, must_fire) in [("## Example", true), ("## Use instead", false)] {
        let blocks = doc_blocks(doc, section);
        assert!(!blocks.is_empty(), "{id}: no code block under {section}");
        all.extend(blocks.into_iter().map(|b| (b, must_fire, "en".to_string())));
    }
    for pack in Packs::embedded().iter().filter(|p| p.code != "en") {
        let doc = pack
            .doc(id)
            .unwrap_or_else(|| panic!("{}: no [docs.{id}]", pack.file.display()));
        for (blocks, must_fire) in [(&doc.example, true), (&doc.use_instead, false)] {
            assert!(
                !blocks.is_empty(),
                "{}: docs.{id} lacks examples",
                pack.code
            );
            all.extend(
                blocks
                    .iter()
                    .map(|b| (b.clone(), must_fire, pack.code.clone())),
            );
        }
    }
    all
}

/// The contents of the fenced blocks under a `## ` heading of a rule's doc.
pub fn doc_blocks(doc: &str, heading: &str) -> Vec<String> {
    let Some(start) = doc.find(&format!("{heading}\n")) else {
        return Vec::new();
    };
    let section = &doc[start + heading.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|block| {
            let block = block.split_once('\n').map_or("", |(_, rest)| rest);
            block.to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_a_word_boundary() {
        let text = "Не формируется отчёт по НДС, выдаёт ошибку при проведении";
        let short = shorten(text, 40);
        assert_eq!(short, "Не формируется отчёт по НДС, выдаёт…");
        assert_eq!(shorten("short text", 40), "short text");
        // One word longer than the limit is cut inside it.
        let long = "x".repeat(50);
        assert_eq!(shorten(&long, 10), format!("{}…", "x".repeat(10)));
        // A quote left open by the cut is closed after the ellipsis.
        assert_eq!(
            shorten("Нажимаю «Сохранить и закрыть документ» — ошибка", 30),
            "Нажимаю «Сохранить и закрыть…»"
        );
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<_> = all().iter().map(|r| r.id()).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
    }

    #[test]
    fn every_rule_documents_every_section() {
        for rule in all() {
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Fix safety",
            ] {
                assert!(
                    rule.doc().contains(heading),
                    "{} lacks {heading}",
                    rule.id()
                );
            }
            assert!(!rule.summary().is_empty() && !rule.summary().starts_with('#'));
        }
    }
}
