//! Ticket → diagnostics: runs the selected rules over a parsed ticket.

use encoding_rs::Encoding;

use std::collections::{BTreeSet, HashMap};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Severity;
use crate::input::decode::{self, DecodeError, Decoded};
use crate::input::mail;
use crate::lang::Packs;
use crate::rules::UnusedSuppression;
use crate::rules::{self, Context, Rule};
use crate::suppress;
use crate::ticket::{ParseOptions, Role, Ticket};

/// What to check and how; built once, used for every ticket.
pub struct Linter<'a> {
    packs: &'a Packs,
    rules: Vec<&'static dyn Rule>,
    /// Rule ids a suppression comment may name: every rule of the run,
    /// selected or not.
    known: BTreeSet<&'static str>,
    /// Every built-in rule is selected, so a comment that names no rule can
    /// be judged unused.
    all_selected: bool,
    /// Per-rule severity instead of the rule's default.
    severities: HashMap<&'static str, Severity>,
    parse: ParseOptions,
    /// Write messages in this language instead of the ticket's own.
    message_lang: Option<String>,
    /// Draft sentences of a configuration, by language, in place of the packs'.
    reply: HashMap<String, std::sync::Arc<crate::reply::ReplyTexts>>,
}

/// One linted input.
#[derive(Debug)]
pub struct Linted {
    pub ticket: Ticket,
    pub diagnostics: Vec<Diagnostic>,
    /// What the bytes were decoded from: an encoding name, or `mime` for e-mail.
    pub encoding: String,
    /// Findings hidden by suppression comments in the ticket.
    pub suppressed: usize,
    /// The input had a byte order mark.
    pub bom: bool,
    /// The language the messages are written in, and the words of the
    /// report around them in that language.
    pub message_lang: String,
    pub labels: std::sync::Arc<crate::lang::Labels>,
    /// The sentences a reply draft to this ticket is made of, in the
    /// language of its messages.
    pub reply: std::sync::Arc<crate::reply::ReplyTexts>,
    /// For a text decoded from an e-mail: where its lines are in the file.
    /// `None` when the text is the file's own.
    pub file_lines: Option<mail::FileLines>,
}

impl<'a> Linter<'a> {
    pub fn new(packs: &'a Packs) -> Self {
        Self {
            packs,
            rules: rules::all().to_vec(),
            known: rules::all()
                .iter()
                .map(|r| r.id())
                .chain(packs.custom.iter().map(|r| r.id()))
                .collect(),
            all_selected: true,
            severities: HashMap::new(),
            parse: ParseOptions::default(),
            message_lang: None,
            reply: HashMap::new(),
        }
    }

    /// A team's draft sentences, by language, in place of the packs'
    /// ([`crate::reply::resolve`] makes them from a configuration).
    pub fn reply_texts(
        mut self,
        texts: HashMap<String, std::sync::Arc<crate::reply::ReplyTexts>>,
    ) -> Self {
        self.reply = texts;
        self
    }

    /// Detect nothing: treat every ticket as written in `code`.
    pub fn language(mut self, code: Option<String>) -> Self {
        self.parse.language = code;
        self
    }

    pub fn message_language(mut self, code: Option<String>) -> Self {
        self.message_lang = code;
        self
    }

    /// Runs only these rules.
    pub fn rules(mut self, rules: Vec<&'static dyn Rule>) -> Self {
        self.all_selected = rules::all()
            .iter()
            .all(|r| rules.iter().any(|s| s.id() == r.id()));
        self.rules = rules;
        self
    }

    /// The rule ids suppression comments may name besides the built-in ones
    /// and the packs' (the custom rules of every configuration in the run):
    /// any other id in a comment is reported as unknown.
    pub fn known_rules(mut self, ids: impl IntoIterator<Item = &'static str>) -> Self {
        self.known.extend(ids);
        self
    }

    /// Reports `rule`'s findings at `severity`.
    pub fn severity(mut self, rule: &'static str, severity: Severity) -> Self {
        self.severities.insert(rule, severity);
        self
    }

    pub fn packs(&self) -> &'a Packs {
        self.packs
    }

    pub fn lint_text(&self, text: impl Into<String>) -> Linted {
        self.finish(Ticket::parse(text, self.packs, &self.parse), "utf-8".into())
    }

    pub fn lint_decoded(&self, decoded: Decoded) -> Linted {
        let bom = decoded.bom;
        let ticket = Ticket::parse(decoded.text, self.packs, &self.parse);
        let mut linted = self.finish(ticket, decoded.encoding);
        linted.bom = bom;
        linted
    }

    /// Bytes of an input named `name`: a raw e-mail if it ends in `.eml` and
    /// parses as one, else text in its detected (or the `forced`) encoding.
    pub fn lint_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        forced: Option<&'static Encoding>,
    ) -> Result<Linted, DecodeError> {
        if mail::is_mail_name(name)
            && let Some(mail) = mail::parse(bytes)
        {
            let lines = mail.lines.clone();
            let mut linted = self.finish(
                Ticket::from_mail(mail, self.packs, &self.parse),
                "mime".into(),
            );
            linted.file_lines = Some(lines);
            return Ok(linted);
        }
        Ok(self.lint_decoded(decode::decode(bytes, forced)?))
    }

    /// One ticket of an NDJSON stream; its encoding is reported as `json`.
    pub fn lint_record(&self, record: crate::input::record::Record) -> Linted {
        let ticket = Ticket::from_mail(record.into_mail(), self.packs, &self.parse);
        self.finish(ticket, "json".into())
    }

    fn finish(&self, mut ticket: Ticket, encoding: String) -> Linted {
        let folded = std::mem::take(&mut ticket.folded);
        let folded = crate::lang::FoldOnce::reuse(&ticket.text, folded);
        let (diagnostics, suppressed) = self.lint_counting(&ticket);
        drop(folded);
        let pack = self.message_pack(&ticket);
        Linted {
            message_lang: pack.code.clone(),
            labels: pack.labels.clone(),
            reply: self
                .reply
                .get(&pack.code)
                .cloned()
                .unwrap_or_else(|| pack.reply_shared()),
            ticket,
            diagnostics,
            encoding,
            suppressed,
            bom: false,
            file_lines: None,
        }
    }

    pub fn lint(&self, ticket: &Ticket) -> Vec<Diagnostic> {
        self.lint_counting(ticket).0
    }

    /// The pack the messages about `ticket` are written in.
    fn message_pack(&self, ticket: &Ticket) -> &'a crate::lang::LanguagePack {
        let code = self.message_lang.as_deref().unwrap_or(&ticket.language);
        self.packs.for_messages(code)
    }

    /// The findings, and how many suppression comments hid.
    fn lint_counting(&self, ticket: &Ticket) -> (Vec<Diagnostic>, usize) {
        let cx = Context {
            packs: self.packs,
            lang: self.message_pack(ticket),
        };
        let mut out = Vec::new();
        for rule in &self.rules {
            if rule.customer_side() && ticket.role != Role::Ticket {
                continue;
            }
            rule.check(ticket, &cx, &mut out);
        }
        let comments = suppress::comments(&ticket.text, ticket.line_index());
        let (suppressed, unused) = suppress::apply(&mut out, &comments.suppressions);
        if self.rules.iter().any(|r| r.id() == UnusedSuppression.id()) {
            self.report_comments(&cx, &comments, unused, &mut out);
        }
        for d in &mut out {
            if let Some(severity) = self.severities.get(d.rule) {
                d.severity = *severity;
            }
        }
        // Text order; on the same spot, the registry's order (stable sort).
        out.sort_by_key(|d| d.span.start);
        (out, suppressed)
    }
}

impl Linter<'_> {
    /// `unused-suppression`'s findings: misspelt directives, unknown rule
    /// ids, and suppressions that hide nothing. A suppression is judged only
    /// when every rule it covers ran: one meant for a rule left out by
    /// `--select` or `--ignore` may hide that rule's findings in another run.
    fn report_comments(
        &self,
        cx: &Context<'_>,
        comments: &suppress::Comments,
        unused: Vec<suppress::Suppression>,
        out: &mut Vec<Diagnostic>,
    ) {
        let finding =
            |span, keys, args: &[(&str, &str)]| UnusedSuppression.finding(cx, span, keys, args);
        for m in &comments.misspelt {
            let written = format!("ticketlint-{}", m.directive);
            let near = crate::suggest::nearest(&m.directive, suppress::DIRECTIVES.iter().copied())
                .map(|d| format!("ticketlint-{d}"));
            let args = [
                ("directive", written.as_str()),
                ("near", near.as_deref().unwrap_or("")),
            ];
            let keys = match near {
                Some(_) => ("unknown-directive", "unknown-directive-near"),
                None => ("unknown-directive", "unknown-directive-list"),
            };
            out.push(finding(m.comment, keys, &args));
        }
        for s in &comments.suppressions {
            for (name, span) in s.rules.iter().zip(&s.rule_spans) {
                if self.known.contains(&name.as_str()) {
                    continue;
                }
                let near = crate::suggest::nearest(name, self.known.iter().copied());
                let args = [("rule", name.as_str()), ("near", near.unwrap_or(""))];
                let keys = match near {
                    Some(_) => ("unknown-rule", "unknown-rule-near"),
                    None => ("unknown-rule", "unknown-rule-list"),
                };
                out.push(finding(*span, keys, &args));
            }
        }
        if unused.is_empty() {
            return;
        }
        let ran: BTreeSet<&str> = self.rules.iter().map(|r| r.id()).collect();
        for s in unused {
            let judged = if s.rules.is_empty() {
                self.all_selected
            } else {
                s.rules.iter().all(|r| ran.contains(r.as_str()))
            };
            if judged {
                out.push(finding(s.comment, ("message", "suggestion"), &[]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_language_overrides_the_tickets() {
        let packs = Packs::embedded();
        let linted = Linter::new(packs)
            .message_language(Some("ru".into()))
            .lint_text("NOTHING WORKS!!! FIX IT NOW");
        assert_eq!(linted.ticket.language, "en");
        let ru = packs.get("ru").unwrap().message("shouting", "message", &[]);
        let shouting = linted
            .diagnostics
            .iter()
            .find(|d| d.rule == "shouting")
            .unwrap();
        assert_eq!(shouting.message, ru);
    }

    #[test]
    fn findings_come_in_text_order() {
        let linted = Linter::new(Packs::embedded())
            .lint_text("FIRST LOUD LINE HERE\nquiet\nSECOND LOUD LINE HERE");
        let starts: Vec<_> = linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == "shouting")
            .map(|d| d.span.start)
            .collect();
        assert_eq!(starts.len(), 2);
        assert!(starts[0] < starts[1]);
    }
}

#[cfg(test)]
mod role_tests {
    use super::*;
    use crate::ticket::Role;

    #[test]
    fn canned_replies_and_templates_skip_customer_side_rules() {
        let linter = Linter::new(Packs::embedded());
        let reply = "---\nkind: canned-reply\ntitle: Outage\n---\n\nHello {{NAME}}, our payment page does not work at the moment. WE ARE SO SORRY FOR THIS OUTAGE.\n";
        let linted = linter.lint_text(reply);
        assert_eq!(linted.ticket.role, Role::CannedReply);
        let rules: Vec<_> = linted.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            ["shouting"],
            "only wording rules apply to a canned reply"
        );
        assert!(linted.ticket.kind_at(0) == Some(crate::ticket::RegionKind::Header));

        let ticket = linter.lint_text("our payment page does not work at the moment");
        assert_eq!(ticket.ticket.role, Role::Ticket);
        assert!(ticket.diagnostics.iter().any(|d| d.rule == "no-screenshot"));
    }

    fn unused(linted: &Linted) -> Vec<(&str, String)> {
        linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unused-suppression")
            .map(|d| (d.span.slice(&linted.ticket.text), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_suppression_for_a_rule_left_out_is_not_judged() {
        let packs = Packs::embedded();
        let text = "<!-- ticketlint-disable-next-line shouting -->\nPLEASE READ ALL OF THIS BEFORE ANSWERING\n";
        let without_shouting: Vec<&'static dyn Rule> = rules::all()
            .iter()
            .copied()
            .filter(|r| r.id() != "shouting")
            .collect();
        let only_shouting: Vec<&'static dyn Rule> = rules::all()
            .iter()
            .copied()
            .filter(|r| r.id() == "shouting")
            .collect();
        for selected in [without_shouting, only_shouting] {
            let linted = Linter::new(packs).rules(selected).lint_text(text);
            assert!(unused(&linted).is_empty(), "{:?}", linted.diagnostics);
        }
        // With every rule on, the comment hides the finding and is used.
        let linted = Linter::new(packs).lint_text(text);
        assert!(linted.diagnostics.is_empty(), "{:?}", linted.diagnostics);
        assert_eq!(linted.suppressed, 1);
        // A comment for no rule in particular is judged only when all run.
        let calm = "<!-- ticketlint-disable-next-line -->\ncalm words here\n";
        assert_eq!(unused(&Linter::new(packs).lint_text(calm)).len(), 1);
        let some: Vec<&'static dyn Rule> = rules::all()
            .iter()
            .copied()
            .filter(|r| r.id() != "no-timestamp")
            .collect();
        assert!(unused(&Linter::new(packs).rules(some).lint_text(calm)).is_empty());
    }

    #[test]
    fn unknown_ids_and_directives_are_named() {
        let packs = Packs::embedded();
        let text = "<!-- ticketlint-disabel shouting -->\n<!-- ticketlint-disable-next-line shoutin, order-number -->\ncalm\n<!-- ticketlint-frobnicate -->\n";
        let linted = Linter::new(packs).lint_text(text);
        let found = unused(&linted);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].1.contains("`ticketlint-disabel`"), "{found:?}");
        assert_eq!(found[1].0, "shoutin");
        assert!(found[1].1.contains("`shoutin`"), "{found:?}");
        assert_eq!(found[2].0, "order-number");
        assert!(found[3].1.contains("`ticketlint-frobnicate`"), "{found:?}");
        let suggestions: Vec<_> = linted
            .diagnostics
            .iter()
            .filter_map(|d| d.suggestion.as_deref())
            .collect();
        assert!(
            suggestions.contains(&"did you mean `ticketlint-disable`?"),
            "{suggestions:?}"
        );
        assert!(
            suggestions.contains(&"did you mean `shouting`?"),
            "{suggestions:?}"
        );
        // A rule id the run knows (another configuration's custom rule) is not unknown.
        let known = Linter::new(packs)
            .known_rules(["order-number"])
            .lint_text(text);
        assert_eq!(unused(&known).len(), 3);
        // Messages in the ticket's language.
        let ru = Linter::new(packs)
            .lint_text("Добрый день.\n<!-- ticketlint-disable-next-line shoutin -->\nвсё хорошо\n");
        let ru = unused(&ru);
        assert!(ru[0].1.starts_with("правила `shoutin` нет"), "{ru:?}");
    }
}
