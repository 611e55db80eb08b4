//! `missing-attachment`: an e-mail that promises a file and carries none.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::lang::Category;
use crate::ticket::Ticket;

const DOC: &str = r#"An e-mail that says a file is attached, with no attachment.

## What it does
In a raw e-mail (`.eml`), where the real attachments are known, flags the
author's words that promise a file ("please find attached", "I attach the
invoice", "во вложении", "прилагаю договор", "у вкладенні", "додаю акт") when the
mail carries no attachment at all. A promised screenshot is `no-screenshot`'s
finding, not this one. Plain-text tickets are not checked: their attachments
are not known.

## Why is this bad?
Support cannot open a file that never arrived, and asking for it again costs a
round trip — often a day.

## Example
```text
Subject: Invoice
Content-Type: text/plain; charset=utf-8

Hello, please find attached the signed contract.
```

## Use instead
```text
Subject: Invoice
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Hello, please find attached the signed contract.
--b
Content-Type: application/pdf; name="contract.pdf"
Content-Disposition: attachment; filename="contract.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b--
```

## Fix safety
There is no fix: the file has to be attached.
"#;

pub struct MissingAttachment;

impl Rule for MissingAttachment {
    fn id(&self) -> &'static str {
        "missing-attachment"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !ticket.mail || !ticket.attachments.is_empty() {
            return;
        }
        let promise = cx.packs.pattern(Category::AttachmentPromise);
        let image = cx.packs.pattern(Category::ImageWord);
        for &sentence in &ticket.sentences {
            let s = ticket.slice(sentence);
            // A promised image is `no-screenshot`'s to report.
            if image.is_match(s) {
                continue;
            }
            if let Some(m) = promise.find(s) {
                let span =
                    crate::diagnostic::Span::new(sentence.start + m.start, sentence.start + m.end);
                out.push(self.finding(cx, span, ("message", "suggestion"), &[]));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Packs;

    fn lint_eml(eml: &str) -> Vec<Diagnostic> {
        let packs = Packs::embedded();
        let mail = crate::input::mail::parse(eml.as_bytes()).unwrap();
        let ticket = Ticket::from_mail(mail, packs, &Default::default());
        let cx = Context {
            packs,
            lang: packs.for_messages(&ticket.language),
        };
        let mut out = Vec::new();
        MissingAttachment.check(&ticket, &cx, &mut out);
        out
    }

    #[test]
    fn doc_examples_as_mail() {
        for (eml, fires, whose) in crate::rules::doc_examples("missing-attachment", DOC) {
            let eml = eml.replace('\n', "\r\n");
            assert_eq!(!lint_eml(&eml).is_empty(), fires, "{whose}: {eml}");
        }
    }

    #[test]
    fn promises_in_russian_and_ukrainian() {
        let found = lint_eml("Subject: x\r\n\r\nДобрый день, договор прилагаю.\r\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("вложени"), "{}", found[0].message);
        assert_eq!(
            lint_eml("Subject: x\r\n\r\nДоброго дня, акт у вкладенні.\r\n").len(),
            1
        );
    }

    #[test]
    fn plain_text_is_not_checked() {
        let out = crate::rules::run_rule(&MissingAttachment, "Please find attached the contract.");
        assert!(out.is_empty());
    }
}
