//! `no-timestamp`: a problem report that does not say when.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::ticket::{Ticket, TicketKind};

const DOC: &str = r#"A problem report that does not say when it happened.

## What it does
Flags a ticket that reports something going wrong (see `no-screenshot` for how
a problem report is recognised) and has no time reference: no clock time
("9:15", "2 pm"), no date ("2024-03-11", "11.03.2024", "3 марта", "15 квітня",
"March 3rd"), no relative time ("today", "yesterday", "this morning", "since
Monday", "5 minutes ago", "сегодня", "вчера", "с утра", "на прошлой неделе",
"сьогодні", "вчора", "зранку", "минулого тижня"). A timestamp in a pasted log
counts. The finding points at the sentence that reports the problem.

The `Date:` header of a pasted e-mail is when the mail was sent, not when the
problem happened, and does not count; neither do times in quoted mail or in
the signature (office hours).

## Why is this bad?
Support finds your problem in the logs by its time. Without it, the
specialist has to ask, and by the time you answer the logs may be gone — the
best moment to write is right away, while the data is fresh.

## Example
```text
Card payments fail with "Declined by bank" for order 4471.
```
```text
Date: Mon, 11 Mar 2024 09:14:22 +0000

Payments fail with "Declined by bank" for order 4471.
```

## Use instead
```text
Since 09:40 today card payments fail with "Declined by bank" for order 4471.
```
```text
Вчора ввечері перестала працювати синхронізація з Google Календарем.
```

## Fix safety
There is no fix: only the author knows when it happened.
"#;

pub struct NoTimestamp;

impl Rule for NoTimestamp {
    fn id(&self) -> &'static str {
        "no-timestamp"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evidence = &ticket.evidence;
        if evidence.kind != TicketKind::Problem || evidence.time.is_some() {
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
        check_doc_examples(&NoTimestamp);
    }

    #[test]
    fn office_hours_in_the_signature_are_not_a_problem_time() {
        let text = "Выписка загружается дважды, операции задублированы.\n\n-- \nКузнецова Т.В.\nРежим работы: пн–пт 9:00–18:00\n";
        let found = run_rule(&NoTimestamp, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].span.slice(text),
            "Выписка загружается дважды, операции задублированы."
        );
    }

    #[test]
    fn suggestion_gives_an_example_time_in_the_tickets_language() {
        let found = run_rule(&NoTimestamp, "не працює вхід у кабінет");
        assert!(
            found[0]
                .suggestion
                .as_deref()
                .unwrap()
                .contains("12 березня о 14:05 за київським часом")
        );
    }

    #[test]
    fn quiet_with_a_time() {
        for text in [
            "Payments fail since 09:40 today",
            "Вчера всё формировалось нормально, а теперь ошибка",
            "не працює з понеділка",
            "Sync fails:\n```\n2024-03-12 03:00:14 ERROR HTTP 401\n```",
        ] {
            assert!(run_rule(&NoTimestamp, text).is_empty(), "{text}");
        }
    }
}
