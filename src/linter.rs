//! Ticket → diagnostics: runs the selected rules over a parsed ticket.

use encoding_rs::Encoding;

use crate::decode::{self, DecodeError, Decoded};
use crate::diagnostic::Diagnostic;
use crate::lang::Packs;
use crate::mail;
use crate::rules::{self, Context, Rule};
use crate::ticket::{ParseOptions, Ticket};

/// What to check and how; built once, used for every ticket.
pub struct Linter<'a> {
    packs: &'a Packs,
    rules: Vec<&'static dyn Rule>,
    parse: ParseOptions,
    /// Write messages in this language instead of the ticket's own.
    message_lang: Option<String>,
}

/// One linted input.
#[derive(Debug)]
pub struct Linted {
    pub ticket: Ticket,
    pub diagnostics: Vec<Diagnostic>,
    /// What the bytes were decoded from: an encoding name, or `mime` for e-mail.
    pub encoding: String,
}

impl<'a> Linter<'a> {
    pub fn new(packs: &'a Packs) -> Self {
        Self {
            packs,
            rules: rules::all().to_vec(),
            parse: ParseOptions::default(),
            message_lang: None,
        }
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

    pub fn rules(mut self, rules: Vec<&'static dyn Rule>) -> Self {
        self.rules = rules;
        self
    }

    pub fn packs(&self) -> &'a Packs {
        self.packs
    }

    pub fn lint_text(&self, text: impl Into<String>) -> Linted {
        self.finish(Ticket::parse(text, self.packs, &self.parse), "utf-8".into())
    }

    pub fn lint_decoded(&self, decoded: Decoded) -> Linted {
        self.finish(
            Ticket::parse(decoded.text, self.packs, &self.parse),
            decoded.encoding,
        )
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
            return Ok(self.finish(
                Ticket::from_mail(mail, self.packs, &self.parse),
                "mime".into(),
            ));
        }
        Ok(self.lint_decoded(decode::decode(bytes, forced)?))
    }

    fn finish(&self, ticket: Ticket, encoding: String) -> Linted {
        let diagnostics = self.lint(&ticket);
        Linted {
            ticket,
            diagnostics,
            encoding,
        }
    }

    pub fn lint(&self, ticket: &Ticket) -> Vec<Diagnostic> {
        let code = self.message_lang.as_deref().unwrap_or(&ticket.language);
        let cx = Context {
            packs: self.packs,
            lang: self.packs.for_messages(code),
        };
        let mut out = Vec::new();
        for rule in &self.rules {
            rule.check(ticket, &cx, &mut out);
        }
        // Text order; on the same spot, the registry's order (stable sort).
        out.sort_by_key(|d| d.span.start);
        out
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
