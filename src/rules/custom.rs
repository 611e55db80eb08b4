//! Custom rules written as data in `ticketlint.toml` (`[[rule]]`), for a
//! team's own conventions — no recompiling. Kinds:
//!
//! - `phrase`: fires on any of `phrases`, matched as words in any case and word form;
//! - `pattern`: fires on any of the regular expressions in `patterns`;
//! - `require`: fires when none of `patterns` occurs (e.g. an order number);
//! - `limit`: fires on a sentence longer than `max_words`, or a text longer than `max_chars`.
//!
//! Each carries its messages per language and inline `tests`, which
//! `ticketlint test-rules` runs.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::{Context, Rule};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::lang::Pattern;
use crate::text::split_sentences;
use crate::ticket::Ticket;

/// A `[[rule]]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleFile {
    pub id: String,
    pub kind: CustomKind,
    #[serde(default = "default_level")]
    pub severity: Level,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub max_words: Option<usize>,
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// Language code → text; `en` is used when the ticket's language has none.
    pub message: BTreeMap<String, String>,
    #[serde(default)]
    pub suggestion: BTreeMap<String, String>,
    #[serde(default)]
    pub tests: Vec<CustomTest>,
}

fn default_level() -> Level {
    Level::Warning
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomKind {
    Phrase,
    Pattern,
    Require,
    Limit,
}

/// Which text a custom rule reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The author's own words.
    #[default]
    Own,
    Subject,
    /// Everything, quoted mail and code included.
    Whole,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomTest {
    pub text: String,
    pub fires: bool,
}

/// A compiled custom rule.
#[derive(Debug)]
pub struct CustomRule {
    id: &'static str,
    /// What `explain` shows: the English message, then what it checks.
    doc: &'static str,
    severity: Severity,
    file: CustomRuleFile,
    phrases: Option<Pattern>,
    patterns: Vec<Regex>,
}

impl CustomRule {
    /// Compiles a rule; the error names what is wrong with it.
    pub fn new(file: CustomRuleFile) -> Result<CustomRule, String> {
        let id = &file.id;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!(
                "rule `{id}`: ids are lower-case letters, digits and `-`"
            ));
        }
        if !file.message.contains_key("en") {
            return Err(format!(
                "rule `{id}`: `message` needs at least an `en` text"
            ));
        }
        let patterns = file
            .patterns
            .iter()
            .map(|p| {
                Regex::new(&format!("(?i){p}")).map_err(|e| {
                    format!(
                        "rule `{id}`: bad pattern `{}`: {}",
                        excerpt(p),
                        regex_reason(&e)
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let phrases =
            match file.kind {
                CustomKind::Phrase if file.phrases.is_empty() => {
                    return Err(format!("rule `{id}`: `phrase` needs `phrases`"));
                }
                CustomKind::Phrase => {
                    // Each word of a phrase matches its word forms too: "срочн" → "срочно", "срочная".
                    let alternatives: Vec<String> = file
                        .phrases
                        .iter()
                        .map(|p| {
                            p.split_whitespace()
                                .map(|w| format!("{}\\w*", regex::escape(w)))
                                .collect::<Vec<_>>()
                                .join("\\s+")
                        })
                        .collect();
                    Some(Pattern::new(&alternatives).map_err(|e| match e.size_limit() {
                    Some(limit) => format!(
                        "rule `{id}`: {} phrases are too many to compile together (over the \
                         {limit}-byte limit): split them into several rules",
                        file.phrases.len()
                    ),
                    None => format!("rule `{id}`: {e}"),
                })?)
                }
                _ => None,
            };
        match file.kind {
            CustomKind::Pattern | CustomKind::Require if patterns.is_empty() => {
                return Err(
                    format!("rule `{id}`: `{:?}` needs `patterns`", file.kind).to_lowercase()
                );
            }
            CustomKind::Limit if file.max_words.is_none() && file.max_chars.is_none() => {
                return Err(format!(
                    "rule `{id}`: `limit` needs `max_words` or `max_chars`"
                ));
            }
            _ => {}
        }
        let severity = file.severity.severity().unwrap_or(Severity::Warning);
        Ok(CustomRule {
            id: Box::leak(file.id.clone().into_boxed_str()),
            doc: Box::leak(describe(&file).into_boxed_str()),
            severity,
            file,
            phrases,
            patterns,
        })
    }

    pub fn tests(&self) -> &[CustomTest] {
        &self.file.tests
    }

    /// Whether the rule is switched off (`severity = "off"`).
    pub fn is_off(&self) -> bool {
        self.file.severity == Level::Off
    }

    fn spans(&self, ticket: &Ticket) -> Vec<Span> {
        match self.file.scope {
            Scope::Own => ticket.own().collect(),
            Scope::Subject => ticket.subject.into_iter().collect(),
            Scope::Whole => vec![Span::new(0, ticket.text.len())],
        }
    }

    fn text(texts: &BTreeMap<String, String>, lang: &str) -> Option<String> {
        texts.get(lang).or_else(|| texts.get("en")).cloned()
    }
}

impl Rule for CustomRule {
    fn id(&self) -> &'static str {
        self.id
    }

    fn default_severity(&self) -> Severity {
        self.severity
    }

    fn doc(&self) -> &'static str {
        self.doc
    }

    fn message_keys(&self) -> &'static [&'static str] {
        &[]
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let spans = self.spans(ticket);
        let mut found: Vec<Span> = Vec::new();
        for span in &spans {
            let text = span.slice(&ticket.text);
            let at =
                |r: std::ops::Range<usize>| Span::new(span.start + r.start, span.start + r.end);
            match self.file.kind {
                CustomKind::Phrase => {
                    found.extend(self.phrases.iter().flat_map(|p| p.find_iter(text)).map(at))
                }
                CustomKind::Pattern => found.extend(
                    self.patterns
                        .iter()
                        .flat_map(|p| p.find_iter(text))
                        .map(|m| at(m.range())),
                ),
                CustomKind::Require | CustomKind::Limit => {}
            }
        }
        match self.file.kind {
            CustomKind::Require => {
                let present = spans.iter().any(|s| {
                    self.patterns
                        .iter()
                        .any(|p| p.is_match(s.slice(&ticket.text)))
                });
                if !present {
                    found.push(spans.first().copied().unwrap_or(Span::new(0, 0)));
                }
            }
            CustomKind::Limit => {
                let total: usize = spans
                    .iter()
                    .map(|s| s.slice(&ticket.text).chars().count())
                    .sum();
                if self.file.max_chars.is_some_and(|max| total > max) {
                    found.push(spans.first().copied().unwrap_or(Span::new(0, 0)));
                }
                if let Some(max) = self.file.max_words {
                    for span in &spans {
                        for (offset, sentence) in split_sentences(span.slice(&ticket.text)) {
                            if sentence.split_whitespace().count() > max {
                                let start = span.start + offset;
                                found.push(Span::new(start, start + sentence.trim_end().len()));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let lang = cx.lang.code.as_str();
        let message = Self::text(&self.file.message, lang).unwrap_or_default();
        let suggestion = Self::text(&self.file.suggestion, lang);
        for span in found {
            let mut d = Diagnostic::new(self.id, self.severity, span, message.clone());
            d.suggestion = suggestion.clone();
            out.push(d);
        }
    }
}

/// The documentation of a custom rule, from what its configuration says.
fn describe(file: &CustomRuleFile) -> String {
    use std::fmt::Write;
    let first = |texts: &BTreeMap<String, String>| {
        texts
            .get("en")
            .or_else(|| texts.values().next())
            .cloned()
            .unwrap_or_default()
    };
    let mut doc = first(&file.message);
    let scope = match file.scope {
        Scope::Own => "the author's own words",
        Scope::Subject => "the subject",
        Scope::Whole => "the whole text",
    };
    let quoted = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("`{}`", excerpt(i)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        doc,
        "\n\n## What it does\nA rule of the configuration: in {scope}, "
    );
    let _ = match file.kind {
        CustomKind::Phrase => write!(doc, "any of the phrases {}.", quoted(&file.phrases)),
        CustomKind::Pattern => write!(doc, "any match of {}.", quoted(&file.patterns)),
        CustomKind::Require => write!(doc, "no match of {}.", quoted(&file.patterns)),
        CustomKind::Limit => match (file.max_words, file.max_chars) {
            (Some(w), Some(c)) => write!(
                doc,
                "a sentence of more than {w} words, or more than {c} characters."
            ),
            (Some(w), None) => write!(doc, "a sentence of more than {w} words."),
            (_, Some(c)) => write!(doc, "more than {c} characters."),
            (None, None) => write!(doc, "nothing."),
        },
    };
    if !file.suggestion.is_empty() {
        let _ = write!(doc, "\n\n## Use instead\n{}", first(&file.suggestion));
    }
    for (fires, title) in [(true, "Example"), (false, "Does not fire")] {
        let cases: Vec<_> = file.tests.iter().filter(|t| t.fires == fires).collect();
        if !cases.is_empty() {
            let _ = write!(doc, "\n\n## {title}");
            for case in cases {
                let _ = write!(doc, "\n```text\n{}\n```", case.text);
            }
        }
    }
    doc.push('\n');
    doc
}

/// A pattern as quoted in a message: its first 60 characters.
fn excerpt(pattern: &str) -> String {
    match pattern.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &pattern[..at]),
        None => pattern.to_string(),
    }
}

/// Why a regex does not compile, in one line: the `regex` crate's syntax
/// errors repeat the whole pattern with a caret under the fault.
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(message) => message
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix("error: "))
            .unwrap_or(message)
            .to_string(),
        regex::Error::CompiledTooBig(limit) => {
            format!("too large once compiled (over the {limit}-byte limit)")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(toml_text: &str) -> Result<CustomRule, String> {
        let file: CustomRuleFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        CustomRule::new(file)
    }

    fn fires(rule: &CustomRule, text: &str) -> bool {
        !crate::rules::run_rule(rule, text).is_empty()
    }

    #[test]
    fn phrase_pattern_require_and_limit() {
        let phrase = rule("id = \"no-asap\"\nkind = \"phrase\"\nphrases = [\"asap\", \"срочн\"]\nmessage = { en = \"no\" }\n").unwrap();
        assert!(fires(&phrase, "Fix it ASAP please") && fires(&phrase, "Это срочная задача"));
        assert!(!fires(&phrase, "as soon as you can"));
        let require = rule("id = \"order\"\nkind = \"require\"\npatterns = [\"#\\\\d{5}\"]\nmessage = { en = \"add the order number\" }\n").unwrap();
        assert!(fires(&require, "my order is late") && !fires(&require, "order #12345 is late"));
        let limit = rule(
            "id = \"long\"\nkind = \"limit\"\nmax_words = 5\nmessage = { en = \"too long\" }\n",
        )
        .unwrap();
        assert!(
            fires(&limit, "one two three four five six seven.")
                && !fires(&limit, "Short one. Another short.")
        );
        let pattern = rule("id = \"card\"\nkind = \"pattern\"\npatterns = [\"\\\\b\\\\d{16}\\\\b\"]\nmessage = { en = \"never send a card number\", ru = \"не присылайте номер карты\" }\n").unwrap();
        let found =
            crate::rules::run_rule(&pattern, "Моя карта 4111111111111111, оплата не проходит");
        assert_eq!(found[0].message, "не присылайте номер карты");
    }

    #[test]
    fn huge_rules_get_a_one_line_reason() {
        // A 900 KB pattern with a fault at its end is not echoed back.
        let long = format!("{}(", "a".repeat(900_000));
        let error = rule(&format!(
            "id = \"x\"\nkind = \"pattern\"\npatterns = [\"{long}\"]\nmessage = {{ en = \"m\" }}\n"
        ))
        .unwrap_err();
        assert!(error.len() < 200 && !error.contains('\n'), "{error}");
        assert!(error.contains("unclosed group"), "{error}");
        // 100,000 phrases: what is too large, and what to do.
        let phrases: Vec<String> = (0..100_000).map(|i| format!("\"word{i}x\"")).collect();
        let error = rule(&format!(
            "id = \"x\"\nkind = \"phrase\"\nphrases = [{}]\nmessage = {{ en = \"m\" }}\n",
            phrases.join(",")
        ))
        .unwrap_err();
        assert!(
            error.contains("100000 phrases are too many") && error.contains("split them"),
            "{error}"
        );
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        assert!(
            rule("id = \"x\"\nkind = \"pattern\"\npatterns = [\"(\"]\nmessage = { en = \"m\" }\n")
                .unwrap_err()
                .contains("bad pattern")
        );
        assert!(
            rule("id = \"X Y\"\nkind = \"phrase\"\nphrases = [\"a\"]\nmessage = { en = \"m\" }\n")
                .unwrap_err()
                .contains("ids are")
        );
        assert!(
            rule("id = \"x\"\nkind = \"limit\"\nmessage = { en = \"m\" }\n")
                .unwrap_err()
                .contains("max_words")
        );
    }
}
