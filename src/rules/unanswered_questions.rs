//! `unanswered-questions`: earlier questions left unanswered in a reply.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::ticket::Ticket;

const DOC: &str = r#"A reply that leaves questions of the quoted message unanswered.

## What it does
In a reply that quotes an earlier message (a pasted thread or an e-mail:
`>` quoting, Gmail, Outlook, Apple Mail, Thunderbird, Yandex, Mail.ru and Ukr.net
reply headers, forwarded mail), finds the questions and requests of the message
being replied to ("Which browser?", "Please send a screenshot", "Уточните,
пожалуйста …", "Надішліть …", numbered lists) and checks whether the new text
answers each: an answer written under the question, a numbered answer, an
attachment or mention for a screenshot request, a time for a "when", a version
or browser for a "which version", yes or no for a yes/no question, or content
words shared across word forms. One finding per unanswered question, at the
question inside the quote. Closing lines ("Let us know if you have any
questions") are not questions.

## Why is this bad?
When support asks several questions, every one needs an answer. Support puts
the most important question first, and people often answer only the last —
then support asks again, one question at a time, and every round costs a day.

## Example
```text
Chrome, I think.

On Mon, 11 Mar 2024 at 10:03, Anna <anna@shop.example> wrote:
> When did the error first appear?
> Which browser do you use?
```

## Use instead
```text
It started yesterday at 15:10, in Chrome 122.

On Mon, 11 Mar 2024 at 10:03, Anna <anna@shop.example> wrote:
> When did the error first appear?
> Which browser do you use?
```

## Fix safety
There is no fix: only the author knows the answers.
"#;

pub struct UnansweredQuestions;

impl Rule for UnansweredQuestions {
    fn id(&self) -> &'static str {
        "unanswered-questions"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn customer_side(&self) -> bool {
        true
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let total = ticket.questions.len().to_string();
        for (n, question) in ticket.questions.iter().enumerate() {
            if question.answered {
                continue;
            }
            let quoted = super::shorten(ticket.slice(question.span), 80);
            let number = (n + 1).to_string();
            out.push(self.finding(
                cx,
                question.span,
                ("message", "suggestion"),
                &[("n", &number), ("total", &total), ("question", &quoted)],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_doc_examples, run_rule};

    #[test]
    fn doc_examples() {
        check_doc_examples(&UnansweredQuestions);
    }

    #[test]
    fn only_the_last_of_three_answered() {
        let text = "Да, пробовал в другом браузере.\n\nпн, 11 мар. 2024 г. в 10:03, Анна <anna@shop.example>:\n> Здравствуйте!\n> 1. Когда появилась ошибка?\n> 2. Пришлите, пожалуйста, скриншот.\n> 3. Пробовали ли вы другой браузер?\n> Если возникнут вопросы — пишите.\n";
        let found = run_rule(&UnansweredQuestions, text);
        let flagged: Vec<_> = found.iter().map(|d| d.span.slice(text)).collect();
        assert_eq!(
            flagged,
            ["Когда появилась ошибка?", "Пришлите, пожалуйста, скриншот."]
        );
        assert!(found[0].message.contains("1") && found[0].message.contains("3"));
    }

    #[test]
    fn inline_answers_count() {
        let text = "> Which browser do you use?\nFirefox 124\n> When did it start?\nthis morning around 9\n";
        assert!(run_rule(&UnansweredQuestions, text).is_empty());
    }

    /// The alternatives of `question`, quoted under `reply`: whether the reply
    /// counts as answering it.
    fn answers_alternative(reply: &str, question: &str) -> bool {
        let text = format!("{reply}\n\n> {question}\n");
        run_rule(&UnansweredQuestions, &text).is_empty()
    }

    #[test]
    fn an_alternative_is_matched_as_a_whole_word_of_the_reply() {
        // Short words of an option inside other words, in a greeting, or only
        // in the quote do not answer "A or B?".
        for (reply, question) in [
            (
                "I will mention it to the admin tomorrow.",
                "Is it on the phone or on the laptop?",
            ),
            (
                "Добрый день, Нина! Пока не проверяла.",
                "Ошибка на телефоне или на компьютере?",
            ),
            (
                "Доброго дня, Ганна! Ще не дивилася.",
                "Помилка на телефоні чи на комп'ютері?",
            ),
            (
                "Добрий день, Ніна!\nДякую за відповідь.",
                "Це у застосунку чи на сайті?",
            ),
            (
                "Hello Ondine, I have not checked yet.",
                "Does it fail on Wi-Fi or on mobile data?",
            ),
        ] {
            assert!(
                !answers_alternative(reply, question),
                "{reply} / {question}"
            );
        }
    }

    #[test]
    fn an_alternative_named_in_the_reply_answers() {
        for (reply, question) in [
            ("On the laptop.", "Is it on the phone or on the laptop?"),
            (
                "Hi Anna, on the phone.",
                "Is it on the phone or on the laptop?",
            ),
            (
                "На компьютере, в Chrome.",
                "Ошибка на телефоне или на компьютере?",
            ),
            ("Добрий день! На сайті.", "Це у застосунку чи на сайті?"),
            ("Картой.", "Вы платили картой или наличными?"),
            ("App.", "Does it fail in the app or on the web?"),
        ] {
            assert!(answers_alternative(reply, question), "{reply} / {question}");
        }
    }

    #[test]
    fn quiet_without_quoted_questions() {
        for text in [
            "Which browser should I use?",
            "Thanks!\n\n> We have fixed the issue. Let us know if you have any questions.\n",
        ] {
            assert!(run_rule(&UnansweredQuestions, text).is_empty(), "{text}");
        }
    }
}
