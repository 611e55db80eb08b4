//! `nothing-works`: a total failure claim with no example.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::ticket::{Ticket, TicketKind};

const DOC: &str = r#"A claim that nothing works, with no example of what fails.

## What it does
Flags a vague failure claim — "nothing works", "it doesn't work", "everything
is broken", "ничего не работает", "не робит", "всё сломалось", "не працює все",
"нічого не працює" — when the ticket gives no concrete example anywhere: no
exact error text in quotes, no error code or HTTP status, no URL, path or file
name, no order, contract or record number, no named screen or button ("the
Export button", «Сохранить»), no action ("when I click …", "при нажатии"), no
numbered steps, no pasted log, no "for example / например / наприклад".

The finding points at the claim. Words of a claim inside a how-to question
("how do I check that nothing broke after the update?") are not a claim.

## Why is this bad?
"Nothing works" usually means one of two things. Either everything is down,
support already knows from monitoring and the ticket only distracts the people
fixing it; or one function fails for you, and support has to ask its standard
questions one by one to find out which. An example lets a specialist follow
your steps and find the moment the error appears — it is part of diagnosis,
even when the problem is not yours alone.

## Example
```text
nothing works, fix it asap
```
```text
Добрый день. У нас ничего не работает, разберитесь.
```
```text
не працює все. дуже прошу допомогти
```

## Use instead
```text
Nothing works since this morning: for example, clicking "Export" on the Reports page shows "Error 500".
```
```text
Не работает выгрузка: при нажатии «Сформировать» пишет «Деление на 0».
```

## Fix safety
There is no fix: only the author knows the example.
"#;

pub struct NothingWorks;

impl Rule for NothingWorks {
    fn id(&self) -> &'static str {
        "nothing-works"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evidence = &ticket.evidence;
        if evidence.kind != TicketKind::Problem || evidence.example.is_some() {
            return;
        }
        let Some(claim) = evidence.vague_claim else {
            return;
        };
        let quoted = super::shorten(ticket.slice(claim), 60);
        out.push(self.finding(cx, claim, ("message", "suggestion"), &[("claim", &quoted)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_doc_examples, run_rule};

    #[test]
    fn doc_examples() {
        check_doc_examples(&NothingWorks);
    }

    #[test]
    fn points_at_the_claim_not_the_greeting() {
        let text = "Здравствуйте!\nУ нас не работает программа. Разберитесь, пожалуйста.";
        let found = run_rule(&NothingWorks, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.slice(text), "У нас не работает программа.");
        assert!(found[0].message.contains("У нас не работает программа."));
    }

    #[test]
    fn quiet_when_an_example_follows() {
        for text in [
            "nothing works. e.g. the Save button does nothing",
            "Всё сломалось. Пытаюсь зайти в CRM, пишет:\n502 Bad Gateway",
            "Не працює нічого, наприклад вхід у кабінет",
            "it doesnt work, order 100-4521 is stuck",
        ] {
            assert!(run_rule(&NothingWorks, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn quiet_on_questions_and_quotes() {
        for text in [
            "How do I report an error if nothing works?",
            "Thanks, all good now.\n> Nothing works? Tell us what you clicked.\n",
            "```\nnothing works\n```",
        ] {
            assert!(run_rule(&NothingWorks, text).is_empty(), "{text}");
        }
    }
}
