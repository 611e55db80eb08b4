//! Diagnostics → a draft answer: what an agent would write back to the
//! ticket's author, asking for exactly what the findings say is missing, in
//! the order support needs it. Every sentence comes from the pack's
//! `[reply]` section, in the language the findings are written in.

use serde::Deserialize;

use crate::lang::Packs;
use crate::linter::Linted;
use crate::rules::shorten;

/// The sentences of a draft reply in one language (`[reply]` of a pack).
/// `{n}`, `{list}`, `{first}` are filled in where the key says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyTexts {
    pub greeting: String,
    /// Thanks for a report of a problem or a request …
    pub thanks: String,
    /// … or for an answer to support's questions.
    pub thanks_answer: String,
    /// Why the details below matter; before the numbered list.
    pub why: String,
    /// The requests, in this order; each one item of the list.
    pub example: String,
    pub time: String,
    pub screenshot: String,
    pub attachment: String,
    /// The questions of support's message still open, quoted under it.
    pub questions: String,
    /// Several issues: `{n}` (how many), `{list}` (each quoted), `{first}`
    /// (the one this ticket keeps).
    pub bundle: String,
    /// What happens next, and when.
    pub next: String,
    pub signoff: String,
    /// The line `ticketlint reply` prints for a ticket that lacks nothing.
    pub complete: String,
}

/// A team's own sentences for drafts in one language, from a configuration's
/// `[reply.<code>]` table: each key given replaces the pack's sentence.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyOverrides {
    pub greeting: Option<String>,
    pub thanks: Option<String>,
    pub thanks_answer: Option<String>,
    pub why: Option<String>,
    pub example: Option<String>,
    pub time: Option<String>,
    pub screenshot: Option<String>,
    pub attachment: Option<String>,
    pub questions: Option<String>,
    pub bundle: Option<String>,
    pub next: Option<String>,
    pub signoff: Option<String>,
    pub complete: Option<String>,
}

impl ReplyOverrides {
    /// `base` with the sentences given here in place of its own.
    pub fn over(&self, base: &ReplyTexts) -> ReplyTexts {
        let pick =
            |own: &Option<String>, theirs: &String| own.clone().unwrap_or_else(|| theirs.clone());
        ReplyTexts {
            greeting: pick(&self.greeting, &base.greeting),
            thanks: pick(&self.thanks, &base.thanks),
            thanks_answer: pick(&self.thanks_answer, &base.thanks_answer),
            why: pick(&self.why, &base.why),
            example: pick(&self.example, &base.example),
            time: pick(&self.time, &base.time),
            screenshot: pick(&self.screenshot, &base.screenshot),
            attachment: pick(&self.attachment, &base.attachment),
            questions: pick(&self.questions, &base.questions),
            bundle: pick(&self.bundle, &base.bundle),
            next: pick(&self.next, &base.next),
            signoff: pick(&self.signoff, &base.signoff),
            complete: pick(&self.complete, &base.complete),
        }
    }
}

/// A configuration's `[reply.<code>]` sentences over the packs' own, by
/// language; a language without a pack is an error.
pub fn resolve(
    overrides: &std::collections::BTreeMap<String, ReplyOverrides>,
    packs: &Packs,
) -> Result<std::collections::HashMap<String, std::sync::Arc<ReplyTexts>>, String> {
    overrides
        .iter()
        .map(|(code, texts)| {
            let pack = packs.get(code).ok_or_else(|| {
                let known: Vec<_> = packs.iter().map(|p| p.code.as_str()).collect();
                format!(
                    "`[reply.{code}]`: no language pack for `{code}` (loaded: {})",
                    known.join(", ")
                )
            })?;
            Ok((
                pack.code.clone(),
                std::sync::Arc::new(texts.over(pack.reply())),
            ))
        })
        .collect()
}

/// What a ticket lacks, as its findings say.
#[derive(Debug, Default, PartialEq, Eq)]
struct Missing {
    example: bool,
    time: bool,
    screenshot: bool,
    attachment: bool,
    questions: Vec<String>,
    issues: Vec<String>,
}

/// Quoted text in a draft is cut to this many chars.
const QUOTE_CHARS: usize = 80;

fn missing(linted: &Linted, packs: &Packs) -> Missing {
    let text = &linted.ticket.text;
    let quoted = |span: crate::diagnostic::Span| {
        let lines: Vec<&str> = span
            .slice(text)
            .lines()
            .map(|l| l.trim_start_matches(|c: char| c == '>' || c.is_whitespace()))
            .collect();
        shorten(&lines.join(" "), QUOTE_CHARS)
    };
    let mut m = Missing::default();
    for d in &linted.diagnostics {
        match d.rule {
            "nothing-works" => m.example = true,
            "no-timestamp" => m.time = true,
            "no-screenshot" => m.screenshot = true,
            "missing-attachment" => m.attachment = true,
            "unanswered-questions" => m.questions.push(quoted(d.span)),
            "bundled-issues" => {
                m.issues = d
                    .related
                    .iter()
                    .map(|r| without_greeting(&quoted(r.span), packs))
                    .collect()
            }
            _ => {}
        }
    }
    // An open question that asks for a screenshot or for the time is the
    // draft's own item for it: asked once, as the item.
    let mut open = Vec::new();
    for question in std::mem::take(&mut m.questions) {
        let asks = |category| packs.pattern(category).is_match(&question);
        if asks(crate::lang::Category::Screenshot) || asks(crate::lang::Category::ImageWord) {
            m.screenshot = true;
        } else if asks(crate::lang::Category::WhenQuestion) {
            m.time = true;
        } else {
            open.push(question);
        }
    }
    m.questions = open;
    m
}

/// An issue as quoted back: without the greeting its sentence opens with
/// («Добрий день, не проходить оплата» → «Не проходить оплата»).
fn without_greeting(issue: &str, packs: &Packs) -> String {
    let Some(found) = packs
        .pattern(crate::lang::Category::Greeting)
        .find(issue)
        .filter(|m| m.start == 0)
    else {
        return issue.to_string();
    };
    let rest = issue[found.end..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '!' | '.' | ':' | '—' | '-')
    });
    let mut chars = rest.chars();
    match chars.next() {
        // A greeting alone is the issue as written.
        None => issue.to_string(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

/// The draft reply to `linted` in the language of its messages, or `None`
/// when the findings ask for nothing (shouting alone is not for a reply).
pub fn draft(linted: &Linted, packs: &Packs) -> Option<String> {
    let lang = packs.for_messages(&linted.message_lang);
    // The pack's sentences, or the configuration's in their place.
    let texts = &*linted.reply;
    let m = missing(linted, packs);
    if m == Missing::default() {
        return None;
    }
    let mut items: Vec<String> = [
        (m.example, &texts.example),
        (m.time, &texts.time),
        (m.screenshot, &texts.screenshot),
        (m.attachment, &texts.attachment),
    ]
    .into_iter()
    .filter(|(wanted, _)| *wanted)
    .map(|(_, text)| text.clone())
    .collect();
    if !m.questions.is_empty() {
        let mut item = texts.questions.clone();
        for q in &m.questions {
            item.push_str(&format!("\n   - {}", lang.quote(q)));
        }
        items.push(item);
    }
    // An answer to support's questions (the ticket quotes them), answered
    // in full or not, is thanked as one.
    let thanks = if linted.ticket.questions.is_empty() {
        &texts.thanks
    } else {
        &texts.thanks_answer
    };
    let mut out = format!("{}\n\n{}", texts.greeting, thanks);
    if !items.is_empty() {
        out.push(' ');
        out.push_str(&texts.why);
        out.push_str("\n\n");
        for (i, item) in items.iter().enumerate() {
            out.push_str(&format!("{}. {item}\n", i + 1));
        }
    } else {
        out.push('\n');
    }
    if m.issues.len() > 1 {
        let list: Vec<String> = m.issues.iter().map(|i| lang.quote(i)).collect();
        let n = m.issues.len().to_string();
        let bundle = crate::lang::Labels::fill(
            &texts.bundle,
            &[("n", &n), ("list", &list.join("; ")), ("first", &list[0])],
        );
        out.push('\n');
        out.push_str(&bundle);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&texts.next);
    out.push_str("\n\n");
    out.push_str(&texts.signoff);
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::Linter;

    fn reply(text: &str) -> Option<String> {
        let packs = Packs::embedded();
        draft(&Linter::new(packs).lint_text(text), packs)
    }

    #[test]
    fn asks_for_what_is_missing_in_the_order_support_needs_it() {
        let draft = reply("nothing works, fix it asap").unwrap();
        let example = draft.find("example").unwrap();
        let screenshot = draft.find("screenshot").unwrap();
        assert!(example < screenshot, "{draft}");
        assert!(draft.starts_with("Hello"), "{draft}");
        assert!(draft.contains("1. ") && draft.contains("2. "), "{draft}");
        // No time either: asked for between the two.
        let time = draft.find("When it happened").unwrap();
        assert!(example < time && time < screenshot, "{draft}");
    }

    #[test]
    fn an_open_question_for_a_screenshot_or_the_time_is_asked_once_as_the_item() {
        let text = "Здравствуйте! Браузер Chrome 122.\n\n\
                    -----Исходное сообщение-----\n\
                    От: Поддержка <support@example.com>\n\
                    Отправлено: 11 марта 2024 г. 10:03\n\n\
                    1. Каким браузером вы пользуетесь?\n\
                    2. Когда появилась ошибка?\n\
                    3. Пришлите, пожалуйста, скриншот.\n";
        let draft = reply(text).unwrap();
        assert_eq!(draft.matches("Скриншот").count(), 1, "{draft}");
        assert!(
            !draft.contains("«Пришлите, пожалуйста, скриншот.»"),
            "{draft}"
        );
        assert_eq!(draft.matches("Когда это случилось").count(), 1, "{draft}");
        assert!(!draft.contains("«Когда появилась ошибка?»"), "{draft}");
    }

    #[test]
    fn a_complete_report_gets_no_draft() {
        assert_eq!(
            reply(
                "Since 09:40 today the Export button on the Reports page shows \"Error 500\". \
                 Screenshot attached: error.png"
            ),
            None
        );
        // Capitals alone are no reason to write back.
        assert_eq!(reply("PLEASE SEND THE INVOICE FOR MARCH"), None);
    }

    #[test]
    fn open_questions_are_quoted_and_thanks_are_for_the_answer() {
        let draft = reply(
            "Chrome, I think.\n\nOn Mon, 11 Mar 2024 at 10:03, Anna <anna@shop.example> wrote:\n\
             > Did the export work before?\n> Which browser do you use?\n",
        )
        .unwrap();
        assert!(draft.contains("\"Did the export work before?\""), "{draft}");
        assert!(!draft.contains("Which browser"), "answered: {draft}");
        assert!(draft.contains("your answer"), "{draft}");
    }

    #[test]
    fn a_quoted_issue_loses_its_greeting() {
        let packs = Packs::embedded();
        assert_eq!(
            without_greeting("Добрий день, не проходить оплата карткою.", packs),
            "Не проходить оплата карткою."
        );
        assert_eq!(without_greeting("Hello!", packs), "Hello!");
        assert_eq!(
            without_greeting("Payments fail, hello?", packs),
            "Payments fail, hello?"
        );
    }

    #[test]
    fn an_answer_to_every_question_is_thanked_as_an_answer() {
        let draft = reply(
            "It is Chrome 122. Since then nothing works.\n\n\
             On Mon, 11 Mar 2024 at 10:03, Anna <anna@shop.example> wrote:\n\
             > Which browser do you use?\n",
        )
        .unwrap();
        assert!(draft.contains("your answer"), "{draft}");
        assert!(!draft.contains("Which browser"), "answered: {draft}");
    }

    #[test]
    fn in_the_tickets_language() {
        let draft = reply("Добрый день. У нас ничего не работает, разберитесь.").unwrap();
        assert!(draft.starts_with("Здравствуйте"), "{draft}");
        assert!(draft.contains("пример"), "{draft}");
        let draft = reply("Доброго дня. У нас нічого не працює, розберіться.").unwrap();
        assert!(draft.starts_with("Добрий день"), "{draft}");
        assert!(draft.contains("приклад"), "{draft}");
    }

    #[test]
    fn a_bundle_names_its_issues_and_keeps_the_first() {
        let packs = Packs::embedded();
        let linted = Linter::new(packs).lint_text(
            "Hi, the invoice PDF shows the wrong VAT rate. Also, please add dark mode to the app.",
        );
        let bundle = linted
            .diagnostics
            .iter()
            .find(|d| d.rule == "bundled-issues")
            .expect("two issues");
        let draft = draft(&linted, packs).unwrap();
        let n = bundle.related.len();
        assert!(
            draft.contains(&format!("raises {n} separate issues")),
            "{draft}"
        );
        assert!(
            draft.contains("we will handle \"The invoice PDF shows the wrong VAT rate.\""),
            "{draft}"
        );
        assert!(draft.contains("dark mode"), "{draft}");
    }
}
