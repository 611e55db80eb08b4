//! `bundled-issues`: several unrelated issues in one ticket.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Related};
use crate::ticket::Ticket;

const DOC: &str = r#"Several unrelated problems or requests in one ticket.

## What it does
Splits the author's own text into candidates — list items (`1.`, `2)`, `a)`,
`-`, `*`, `•`), paragraphs, and sentences that open with a marker ("also",
"another thing", "besides", "во-первых … во-вторых", "ещё", "кроме того",
"по-перше … по-друге", "також", "крім того") — and keeps those that state their
own problem, request or question. Candidates about the same subject (sharing
content words) are one issue; numbered steps of one procedure are one issue;
greetings, context and sign-offs are none. Two or more issues fire one
finding over the bundle, listing each issue with its own span (`related` in
JSON).

## Why is this bad?
"We collected these over a month, let's solve everything" turns a simple
request into a multi-layer quest. Each problem has its own questions and
history; in one ticket they tangle, the specialist for one of them drops out
for half a day, and everything else waits. One ticket per problem is solved
faster.

## Example
```text
Hi, the invoice PDF shows the wrong VAT rate. Also, please add dark mode to the app. And why was I charged twice in March?
```
```text
Накопилось несколько вопросов:
1. Не формируется отчёт по НДС, выдаёт ошибку.
2. Добавьте, пожалуйста, выгрузку в Excel.
3. Пришлите счёт на оплату за апрель.
```

## Use instead
```text
Steps:
1. Open Billing → Invoices
2. Click Export
3. The export fails with "Error 500"
```
```text
Не працює вивантаження звіту: сторінка довго вантажиться, потім видає помилку 502 і викидає з кабінету.
```

## Fix safety
There is no fix: splitting a ticket is for its author.
"#;

/// How much of each issue the message quotes.
const EXTRACT_CHARS: usize = 40;

pub struct BundledIssues;

impl Rule for BundledIssues {
    fn id(&self) -> &'static str {
        "bundled-issues"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn message_keys(&self) -> &'static [&'static str] {
        &["message", "suggestion", "issue"]
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let issues = &ticket.issues;
        if issues.len() < 2 {
            return;
        }
        let extracts: Vec<String> = issues
            .iter()
            .map(|i| {
                cx.lang
                    .quote(&super::shorten(ticket.slice(i.span), EXTRACT_CHARS))
            })
            .collect();
        let count = issues.len().to_string();
        let list = extracts.join(", ");
        let span = issues[0].span.cover(issues[issues.len() - 1].span);
        let mut diagnostic = self.finding(
            cx,
            span,
            ("message", "suggestion"),
            &[("count", &count), ("list", &list)],
        );
        diagnostic.related = issues
            .iter()
            .enumerate()
            .map(|(n, issue)| Related {
                span: issue.span,
                message: cx
                    .lang
                    .message(self.id(), "issue", &[("n", &(n + 1).to_string())]),
            })
            .collect();
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_doc_examples, run_rule};

    #[test]
    fn doc_examples() {
        check_doc_examples(&BundledIssues);
    }

    #[test]
    fn lists_each_issue_with_its_span() {
        let text = "Добрый день!\nВо-первых, не приходят письма с подтверждением.\nВо-вторых, добавьте оплату картой Мир.\nСпасибо";
        let found = run_rule(&BundledIssues, text);
        assert_eq!(found.len(), 1, "{found:?}");
        let related: Vec<_> = found[0]
            .related
            .iter()
            .map(|r| r.span.slice(text))
            .collect();
        assert_eq!(
            related,
            [
                "Во-первых, не приходят письма с подтверждением.",
                "Во-вторых, добавьте оплату картой Мир."
            ]
        );
    }

    #[test]
    fn issues_are_quoted_in_the_messages_language() {
        let en =
            "Hi, the invoice PDF shows the wrong VAT rate. Also, please add dark mode to the app.";
        let found = run_rule(&BundledIssues, en);
        assert_eq!(found.len(), 1, "{found:?}");
        let message = &found[0].message;
        assert!(!message.contains(['«', '»']), "{message}");
        assert!(
            message.contains("\"Hi, the invoice PDF shows the wrong VAT"),
            "{message}"
        );
        let ru = "Во-первых, не приходят письма с кнопкой «Подтвердить».\nВо-вторых, добавьте оплату картой Мир.";
        let found = run_rule(&BundledIssues, ru);
        let message = &found[0].message;
        assert!(message.contains("«Во-первых"), "{message}");
        assert!(
            !message.contains("«Подтвердить"),
            "nested «» in «»: {message}"
        );
    }

    #[test]
    fn one_problem_with_context_is_one_issue() {
        for text in [
            "The export fails with error 500. Also, I tried clearing the cache, the export still fails.",
            "Не работает вход в кабинет. Ещё не пришло письмо для сброса пароля от кабинета.",
            "Синхронізація не працює. Дякую, також чудовий продукт!",
        ] {
            assert!(run_rule(&BundledIssues, text).is_empty(), "{text}");
        }
    }
}
