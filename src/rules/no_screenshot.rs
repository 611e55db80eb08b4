//! `no-screenshot`: a problem report without a screenshot.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::ticket::{Ticket, TicketKind};

const DOC: &str = r#"A problem report without a screenshot.

## What it does
Flags a ticket that reports something going wrong and carries no screenshot:
no image attachment, no Markdown or HTML image, no mention of an attached
screenshot or image file ("screenshot attached", "see attached", "error.png",
"скриншот во вложении", "скрин прилагаю", "приложил скрин", "скріншот додаю",
"скрін у вкладенні"). The finding points at the sentence that reports the
problem.

In a raw e-mail (`.eml`) only real attachments count: a mail that says a
screenshot is attached but carries no image gets a finding that says exactly
that, at the words that promise it.

A ticket is a problem report when the author's own words say something goes
wrong ("doesn't work", "error", "can't", "crashed", "не работает", "ошибка",
"не могу", "вылетает", "не працює", "помилка", "не можу", "зламалося") outside a
how-to question. How-to questions, requests, billing questions and feedback are
left alone; `--format json` shows each ticket's `kind`.

## Why is this bad?
A good screenshot can make up even for "nothing works": it shows the error,
the screen it happened on and the time. A series of screenshots showing how you
got to the problem halves the time to solve it. A photo of the screen, or a
screenshot pasted into a Word document, is not a screenshot.

## Example
```text
The invoice list is empty after the update, please check.
```
```text
При проведении документа выдаёт ошибку «Поле объекта не обнаружено».
```

## Use instead
```text
The invoice list is empty since 10:30 today, screenshot attached.
```
```text
Як змінити пароль?
```

## Fix safety
There is no fix: the screenshot has to be taken.
"#;

pub struct NoScreenshot;

impl Rule for NoScreenshot {
    fn id(&self) -> &'static str {
        "no-screenshot"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn message_keys(&self) -> &'static [&'static str] {
        &["message", "suggestion", "missing", "missing_suggestion"]
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evidence = &ticket.evidence;
        if ticket.mail && !evidence.has_image_attachment {
            // An e-mail that says a screenshot is attached, and has no image.
            if let Some(mention) = evidence.image_mention {
                out.push(self.finding(cx, mention, ("missing", "missing_suggestion"), &[]));
                return;
            }
        }
        // In e-mail only a real image counts; in text, a mention does too.
        let shown =
            evidence.has_image_attachment || (!ticket.mail && evidence.screenshot.is_some());
        if evidence.kind != TicketKind::Problem || shown {
            return;
        }
        let Some(problem) = evidence.problem else {
            return;
        };
        out.push(self.finding(cx, problem, ("message", "suggestion"), &[]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_doc_examples, run_rule};

    #[test]
    fn doc_examples() {
        check_doc_examples(&NoScreenshot);
    }

    #[test]
    fn points_at_the_problem_sentence_in_the_tickets_language() {
        let text = "Доброго дня!\nНе формується звіт з ПДВ, видає помилку 1042.\nДякую";
        let found = run_rule(&NoScreenshot, text);
        assert_eq!(
            found[0].span.slice(text),
            "Не формується звіт з ПДВ, видає помилку 1042."
        );
        assert!(found[0].message.contains("скріншот"));
    }

    #[test]
    fn an_email_that_promises_a_screenshot_and_has_none() {
        let eml = "Subject: Export\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nExport fails with error 500 since 10:00. Screenshot attached.\r\n";
        let packs = crate::lang::Packs::embedded();
        let mail = crate::input::mail::parse(eml.as_bytes()).unwrap();
        let ticket = Ticket::from_mail(mail, packs, &Default::default());
        let cx = Context {
            packs,
            lang: packs.for_messages("en"),
        };
        let mut out = Vec::new();
        NoScreenshot.check(&ticket, &cx, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span.slice(&ticket.text), "Screenshot");
        assert_eq!(
            out[0].message,
            cx.lang.message("no-screenshot", "missing", &[])
        );
    }

    #[test]
    fn quiet_with_a_screenshot_or_without_a_problem() {
        for text in [
            "Export fails with error 500. ![export](export.png)",
            "Экспорт не работает, скриншот во вложении",
            "Експорт не працює, скрін у вкладенні",
            "please add dark mode",
            "Как выгрузить отчёт в Excel?",
            "> it crashes\nThanks, fixed now!",
        ] {
            assert!(run_rule(&NoScreenshot, text).is_empty(), "{text}");
        }
    }
}
