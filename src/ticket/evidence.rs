//! What a ticket offers as evidence, read from the author's own words (and the
//! subject, pasted code and logs, attachments): whether it reports a problem,
//! which sentence says so, and whether it gives an example, a screenshot and a
//! time. The phrases come from the packs' `[patterns]`; the language-neutral
//! shapes (quoted text, codes, URLs, clock times) are here.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::features::Cues;
use super::roles::{Judged, SentenceRole};
use super::{Attachment, Region, RegionKind};
use crate::diagnostic::Span;
use crate::lang::{Category, Packs};
use crate::text::is_alphanumeric;

/// What the ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketKind {
    /// Something goes wrong.
    Problem,
    /// A how-to question.
    Question,
    /// A feature, change, account or billing request.
    Request,
    /// An opinion: praise, thanks, a review, a complaint with no case to act on.
    Feedback,
    /// Not addressed to support, or nothing to act on.
    Other,
}

impl TicketKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            TicketKind::Problem => "problem",
            TicketKind::Question => "question",
            TicketKind::Request => "request",
            TicketKind::Feedback => "feedback",
            TicketKind::Other => "other",
        }
    }
}

/// The evidence found, each as the span that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub kind: TicketKind,
    /// The kind the packs' phrases alone give: the model's fallback, and
    /// the reason `inspect` shows beside the model's answer.
    pub phrase_kind: TicketKind,
    /// The first sentence that reports something going wrong.
    pub problem: Option<Span>,
    /// The first total failure claim that names nothing ("nothing works").
    pub vague_claim: Option<Span>,
    /// A concrete example: quoted error text, a code, a URL, a file, a named
    /// screen or button, "for example", steps, pasted output.
    pub example: Option<Span>,
    /// A screenshot: an embedded image, or a mention of one ("screenshot attached").
    pub screenshot: Option<Span>,
    /// An image among the attachments (MIME parts or embedded images).
    pub has_image_attachment: bool,
    /// Words that name an image ("screenshot attached", "скрин", "error.png").
    pub image_mention: Option<Span>,
    /// A time reference: clock time, date, relative time.
    pub time: Option<Span>,
    /// The author says the problem is over ("thanks, it works now") and no
    /// failure is said to be current.
    pub solved: bool,
}

/// Quoted text, URLs, e-mail addresses, file names, paths, codes and numbers:
/// shapes that make a report concrete in any language.
static CONCRETE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?xi)
          "[^"\n]{2,}" | «[^»\n]{2,}» | “[^”\n]{2,}” | „[^“”\n]{2,}[“”]
        | https?://\S+ | (?-u:\b)www\.\S+
        | (?-u:\b)[\w.+-]+@[\w-]+\.[\w.-]+
        | (?-u:\b)[\w-]+\.(?:pdf|xlsx?|csv|docx?|png|jpe?g|gif|txt|log|xml|json|zip|exe|msi|apk|html?)(?-u:\b)
        | (?:^|\s)(?:/[\w.-]+){2,} | (?-u:\b)[a-z]:\\\S+
        | (?:№|\#|no\.)\s*[0-9]+
        | (?-u:\b)[0-9]{3,}(?-u:\b)
        | (?-u:\b)[0-9]+[-/][0-9]{2,}(?-u:\b)
        | (?-u:\b)[a-z]{1,6}[-_]?[0-9]{2,}(?-u:\b)
        | (?-u:\b)\w+_\w+(?-u:\b)
        | (?-u:\b)0x[0-9a-f]+(?-u:\b)
        "#,
    )
    .unwrap()
});

/// A phone number: "+380 67 123 45 67", "(495) 123-45-67", "8 800 555 35 35",
/// with at least [`MIN_PHONE_DIGITS`] digits ("500 502 503" is three codes).
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+|(?-u:\b))[0-9][0-9()\ \-]{7,}[0-9](?-u:\b)").unwrap());

const MIN_PHONE_DIGITS: usize = 10;

/// Language-neutral time shapes: clock times and numeric dates.
pub(super) static TIME_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?-u:\b)(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?-u:\b)
        | (?-u:\b)[0-9]{4}-[0-9]{2}-[0-9]{2}(?:(?-u:\b)|T[0-9])
        | (?-u:\b)[0-9]{1,2}[./][0-9]{1,2}[./](?:[0-9]{4}|[0-9]{2})(?-u:\b)
        ",
    )
    .unwrap()
});

/// A day and month without a year: "31.05", "12/03". The month has two
/// digits, so "24/7", "1/2" and "3.5" are not dates.
static SHORT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[0-2]?[0-9]|3[01])[./](?:0[1-9]|1[0-2])(?-u:\b)").unwrap()
});

/// The first time reference in `s`: the packs' words, clock times and
/// dates, and dates without a year that are not part of a version number
/// ("2.10.1") or an amount ("17.05 грн" stays a date: amounts are rarely
/// written with a dot and two digits below 13). A time inside what the packs
/// call `not_time` («ул. 8 Марта») does not count.
fn find_time(s: &str, packs: &Packs) -> Option<Range<usize>> {
    let not_time = packs.pattern(Category::NotTime);
    // Every match is needed only when some of them may be excluded.
    let words = if not_time.is_match(s) {
        packs.pattern(Category::Time).find_iter(s)
    } else {
        packs.pattern(Category::Time).find(s).into_iter().collect()
    };
    let shapes = TIME_SHAPE.find_iter(s).map(|m| m.range());
    let short = SHORT_DATE.find_iter(s).map(|m| m.range()).filter(|r| {
        let before = s[..r.start].chars().next_back();
        let after = s[r.end..].chars().next();
        let dotted = |c: Option<char>| matches!(c, Some('.' | ',' | '/'));
        // "1.10.2", "v2.10", "1/10/x": a version or a path, unless it is the
        // end of a sentence ("… 31.05.").
        !(dotted(before)
            || (dotted(after) && s[r.end + 1..].starts_with(|c: char| c.is_ascii_digit())))
    });
    let mut found: Vec<Range<usize>> = words.into_iter().chain(shapes).chain(short).collect();
    if found.is_empty() {
        return None;
    }
    let not_time = not_time.find_iter(s);
    found.retain(|t| {
        !not_time
            .iter()
            .any(|x| x.start <= t.start && t.end <= x.end)
    });
    found.into_iter().min_by_key(|r| r.start)
}

/// Image file names mentioned in text.
static IMAGE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[\w-]+\.(?:png|jpe?g|gif|bmp|webp|heic)(?-u:\b)").unwrap()
});

/// A numbered step at the start of a line: "1.", "2)".
static STEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[0-9]{1,2}[.)]\s+\S").unwrap());

/// Splits the subject and the author's own lines into sentences.
///
/// `unicode` are the Unicode sentences of the subject and the own lines
/// ([`unicode_sentences`](crate::text::unicode_sentences)).
pub fn own_sentences(text: &str, unicode: &[Range<usize>]) -> Vec<Span> {
    unicode
        .iter()
        .filter_map(|s| {
            let sentence = &text[s.clone()];
            let trimmed = sentence.trim();
            trimmed.chars().any(is_alphanumeric).then(|| {
                let from = s.start + sentence.len() - sentence.trim_start().len();
                Span::new(from, from + trimmed.len())
            })
        })
        .collect()
}

pub(super) fn analyse(
    text: &str,
    sentences: &[Span],
    regions: &[Region],
    attachments: &[Attachment],
    packs: &Packs,
) -> (Evidence, Vec<Cues>) {
    let failure = packs.pattern(Category::Failure);
    let not_failure = packs.pattern(Category::NotFailure);
    let howto = packs.pattern(Category::HowTo);
    let vague = packs.pattern(Category::Vague);
    let resolved_words = packs.pattern(Category::Resolved);

    let mut problem = None;
    let mut vague_claim = None;
    let (mut request, mut question) = (false, false);
    let mut cues = Vec::with_capacity(sentences.len());
    for &span in sentences {
        let s = span.slice(text);
        let excluded = not_failure.find_iter(s);
        let counts = |m: &std::ops::Range<usize>| {
            !excluded
                .iter()
                .any(|x| x.start <= m.start && m.end <= x.end)
        };
        let mut cue = Cues::default();
        cue.set(Cues::NOT_FAILURE, !excluded.is_empty());
        cue.set(Cues::RESOLVED, resolved_words.is_match(s));
        let is_question = s.trim_end().ends_with('?');
        let asks_how = howto.is_match(s);
        cue.set(Cues::HOWTO, asks_how);
        question |= is_question || asks_how;
        let is_howto = is_question && asks_how;
        let is_request = packs.pattern(Category::Request).is_match(s);
        cue.set(Cues::REQUEST, is_request);
        // A match counts unless a not-failure phrase covers it; the matches
        // themselves are only needed when there is such a phrase.
        let found = |p: &crate::lang::Pattern| {
            p.is_match(s) && (excluded.is_empty() || p.find_iter(s).iter().any(counts))
        };
        let is_vague = found(vague);
        cue.set(Cues::VAGUE, is_vague);
        let is_failure = is_vague || found(failure);
        cue.set(Cues::FAILURE, is_failure);
        cues.push(cue);
        if is_howto {
            continue;
        }
        request |= is_request;
        if vague_claim.is_none() && is_vague {
            vague_claim = Some(span);
        }
        if problem.is_none() && is_failure {
            problem = Some(span);
        }
    }
    // Thanks for a fix, or praise, with past failures in it: not a report,
    // unless a failure is said to be current ("but now it fails again").
    let resolved = cues.iter().any(|c| c.has(Cues::RESOLVED));
    let mut solved = false;
    if resolved {
        let contrast = packs.pattern(Category::Contrast);
        let current = sentences.iter().any(|s| {
            let s = s.slice(text);
            contrast.is_match(s) && failure.is_match(s)
        });
        if !current {
            solved = true;
            problem = None;
            vague_claim = None;
        }
    }
    let kind = if problem.is_some() {
        TicketKind::Problem
    } else if request {
        TicketKind::Request
    } else if question {
        TicketKind::Question
    } else {
        TicketKind::Other
    };

    // Code and logs count for examples and times, not for the other evidence.
    let code: Vec<Span> = regions
        .iter()
        .filter(|r| {
            r.kind == RegionKind::Code && r.span.slice(text).chars().any(char::is_alphanumeric)
        })
        .map(|r| r.span)
        .collect();

    let time = first_match(text, sentences.iter().chain(&code), |s| find_time(s, packs));

    let example = first_match(text, sentences, |s| {
        // Times, phone numbers and the helpdesk's ticket numbers are not
        // examples.
        let mut not_examples: Vec<Range<usize>> =
            TIME_SHAPE.find_iter(s).map(|m| m.range()).collect();
        if s.bytes().any(|b| b.is_ascii_digit()) {
            not_examples.extend(
                PHONE
                    .find_iter(s)
                    .filter(|m| {
                        m.as_str().bytes().filter(u8::is_ascii_digit).count() >= MIN_PHONE_DIGITS
                    })
                    .map(|m| m.range()),
            );
            not_examples.extend(packs.pattern(Category::TicketRef).find_iter(s));
        }
        let concrete = CONCRETE
            .find_iter(s)
            .find(|m| {
                !not_examples
                    .iter()
                    .any(|t| t.start < m.end() && m.start() < t.end)
            })
            .map(|m| m.range());
        let phrase = packs.pattern(Category::Example).find(s);
        let ui = packs.pattern(Category::Ui).find(s);
        [concrete, phrase, ui]
            .into_iter()
            .flatten()
            .min_by_key(|r| r.start)
    })
    .or_else(|| code.first().copied())
    .or_else(|| steps(text, sentences));

    let image = attachments.iter().find(|a| a.is_image());
    let screenshot = image.and_then(|a| a.span).or_else(|| {
        first_match(text, sentences, |s| {
            // "Screenshot:" as a form field label is not a screenshot.
            let said = packs
                .pattern(Category::Screenshot)
                .find_iter(s)
                .into_iter()
                .find(|m| !s[m.end..].trim_start().starts_with(':'));
            let named = IMAGE_NAME.find(s).map(|m| m.range());
            [said, named].into_iter().flatten().min_by_key(|r| r.start)
        })
    });

    let image_mention = first_match(text, sentences, |s| {
        let said = packs.pattern(Category::ImageWord).find(s);
        let named = IMAGE_NAME.find(s).map(|m| m.range());
        [said, named].into_iter().flatten().min_by_key(|r| r.start)
    });

    let evidence = Evidence {
        kind,
        phrase_kind: kind,
        image_mention,
        problem,
        vague_claim,
        example,
        screenshot,
        has_image_attachment: image.is_some(),
        time,
        solved,
    };
    (evidence, cues)
}

/// Below this probability the kind model's answer gives way to the packs'
/// phrases: short tickets give the model little to go on. Chosen on the dev
/// split of the real texts (`tests/real.rs`).
pub const TRUST_KIND_MODEL: f32 = 0.7;

/// Puts the models' judgements into the evidence: the ticket's kind (the
/// model's when it is sure enough, else the phrases'), and the sentence that
/// reports the problem. Whether the report is concrete stays with the
/// phrases and shapes: on the dev split the roles model's symptoms and steps
/// made `nothing-works` no better, and it calls short vague claims symptoms.
pub(super) fn judge(
    evidence: &mut Evidence,
    sentences: &[Span],
    roles: &[Judged<SentenceRole>],
    cues: &[Cues],
    kinds: &[Judged<TicketKind>],
) {
    // A problem report states a failure: a sentence the roles model calls a
    // symptom or a vague claim, or one with the packs' failure words. A
    // ticket with neither ("how do I change my e-mail?") is what the model
    // thinks next most likely; so is a ticket that says the problem is over
    // ("thanks, it works now"), as the phrases read it.
    let states_failure = !evidence.solved
        && roles.iter().zip(cues).any(|(r, c)| {
            matches!(r.value, SentenceRole::Symptom | SentenceRole::Vague) || c.has(Cues::FAILURE)
        });
    let mut model = kinds
        .iter()
        .filter(|k| states_failure || k.value != TicketKind::Problem);
    let kind = match model.next() {
        Some(k) if k.confidence >= TRUST_KIND_MODEL => k.value,
        _ => evidence.phrase_kind,
    };
    evidence.kind = kind;
    if kind != TicketKind::Problem {
        evidence.problem = None;
        evidence.vague_claim = None;
        return;
    }
    let stated = sentences
        .iter()
        .zip(roles)
        .find(|(_, r)| matches!(r.value, SentenceRole::Symptom | SentenceRole::Vague))
        .map(|(s, _)| *s);
    evidence.problem = evidence
        .problem
        .or(stated)
        .or_else(|| sentences.first().copied());
}

/// The first span (in the given order) where `find` matches, as the matched range.
fn first_match<'a>(
    text: &str,
    spans: impl IntoIterator<Item = &'a Span>,
    find: impl Fn(&str) -> Option<std::ops::Range<usize>>,
) -> Option<Span> {
    spans.into_iter().find_map(|span| {
        find(span.slice(text)).map(|r| Span::new(span.start + r.start, span.start + r.end))
    })
}

/// Two or more numbered steps in the author's text.
fn steps(text: &str, sentences: &[Span]) -> Option<Span> {
    let mut found = sentences.iter().filter(|s| {
        // At the start of a line: looking back one byte, not to the line's
        // start, keeps a line of many sentences linear.
        let at_line_start = s.start == 0 || text.as_bytes()[s.start - 1] == b'\n';
        at_line_start && STEP.is_match(s.slice(text))
    });
    let first = *found.next()?;
    found.next().map(|_| first)
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&CONCRETE);
    LazyLock::force(&TIME_SHAPE);
    LazyLock::force(&PHONE);
    LazyLock::force(&SHORT_DATE);
    LazyLock::force(&IMAGE_NAME);
    LazyLock::force(&STEP);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::{ParseOptions, Ticket};

    fn evidence(text: &str) -> Evidence {
        Ticket::parse(text, Packs::embedded(), &ParseOptions::default()).evidence
    }

    #[test]
    fn the_kind_model_wins_only_when_sure() {
        let text = "please add dark mode";
        let mut e = evidence(text);
        let sentences = [Span::new(0, text.len())];
        let roles = [Judged {
            value: SentenceRole::Request,
            confidence: 0.9,
        }];
        let judged = |value, confidence| Judged { value, confidence };
        e.phrase_kind = TicketKind::Request;
        judge(
            &mut e,
            &sentences,
            &roles,
            &[Cues::FAILURE],
            &[judged(TicketKind::Problem, 0.9)],
        );
        assert_eq!(e.kind, TicketKind::Problem);
        assert_eq!(
            e.problem,
            Some(sentences[0]),
            "a problem needs its sentence"
        );
        let unsure = TRUST_KIND_MODEL - 0.01;
        judge(
            &mut e,
            &sentences,
            &roles,
            &[Cues::FAILURE],
            &[judged(TicketKind::Problem, unsure)],
        );
        assert_eq!(e.kind, TicketKind::Request);
        assert_eq!(e.problem, None);
    }

    /// The packs' phrases alone: the kind when the model is unsure.
    #[test]
    fn phrase_kinds_in_three_languages() {
        for (text, kind) in [
            ("nothing works", TicketKind::Problem),
            ("у меня не работает", TicketKind::Problem),
            ("не працює нічого", TicketKind::Problem),
            ("How do I export my contacts?", TicketKind::Question),
            ("Как выгрузить отчёт в Excel?", TicketKind::Question),
            (
                "Як повідомити про помилку в програмі?",
                TicketKind::Question,
            ),
            ("please add dark mode", TicketKind::Request),
            ("Пришлите счёт на оплату за март", TicketKind::Request),
            ("Дякую, все працює!", TicketKind::Other),
            (
                "Подскажите, где выгрузить акт сверки?",
                TicketKind::Question,
            ),
            (
                "I'm not working on Fridays, please transfer the contract",
                TicketKind::Request,
            ),
        ] {
            assert_eq!(evidence(text).phrase_kind, kind, "{text}");
        }
    }

    #[test]
    fn a_how_to_question_about_errors_is_not_a_problem() {
        let e = evidence("Hi, how do I report an error if I find one in the app?");
        assert_eq!(e.kind, TicketKind::Question);
        assert_eq!(e.problem, None);
    }

    #[test]
    fn times_in_words_and_digits() {
        for text in [
            "It broke this morning",
            "сломалось 3 марта",
            "зламалося 15 квітня",
            "failed at 14:05",
            "ошибка 2024-03-11",
            "не працює з понеділка",
            "stopped 5 minutes ago",
        ] {
            assert!(evidence(text).time.is_some(), "{text}");
        }
    }

    #[test]
    fn a_date_header_is_not_a_problem_time() {
        let e = evidence(
            "Date: Mon, 11 Mar 2024 09:14:22 +0000\nSubject: urgent\n\nnothing is working",
        );
        assert_eq!(e.kind, TicketKind::Problem);
        assert_eq!(e.time, None);
    }

    #[test]
    fn a_timestamp_in_a_pasted_log_is_a_time() {
        let e = evidence("Sync fails:\n```\n12.03.2024 03:00:14 HTTP 401\n```\n");
        assert!(e.time.is_some());
        assert!(e.example.is_some());
    }

    #[test]
    fn screenshots_said_every_way() {
        for text in [
            "error, screenshot attached",
            "ошибка, скрин прилагаю",
            "помилка, скріншот додаю",
            "ошибка, см. error.png",
            "error ![x](a.png)",
        ] {
            assert!(evidence(text).screenshot.is_some(), "{text}");
        }
        assert!(evidence("приложение не работает").screenshot.is_none());
    }

    #[test]
    fn examples_make_a_claim_concrete() {
        assert!(evidence("nothing works").example.is_none());
        assert!(
            evidence("nothing works since 10:15").example.is_none(),
            "a time is not an example"
        );
        for text in [
            "nothing works, it says \"Access denied\"",
            "не работает, например при нажатии кнопки",
            "не працює, помилка 1042",
            "nothing works on https://shop.example/cart",
        ] {
            assert!(evidence(text).example.is_some(), "{text}");
        }
    }

    #[test]
    fn numbered_steps_only_at_the_start_of_lines() {
        let text = "nothing works\n1. wait a bit\n2. it stops\n";
        let e = evidence(text);
        assert_eq!(e.example.map(|s| s.slice(text)), Some("1. wait a bit"));
        // After another sentence on the line, "1." is not a step.
        assert!(
            evidence("nothing works. 1. open it. 2. pay")
                .example
                .is_none()
        );
        // Many sentences on one line: each is judged by the byte before it.
        let many = format!("nothing works {}", "why? ".repeat(20_000));
        assert!(evidence(&many).example.is_none());
    }
    #[test]
    fn ticket_numbers_and_phone_numbers_are_not_examples() {
        for text in [
            "Re: Обращение 88123\n\nНичего не работает",
            "Subject: [#88123] Nothing works\n\nNothing works",
            "Не працює нічого. Мій номер +380 67 123 45 67",
            "Plugin not working #604",
        ] {
            assert!(evidence(text).example.is_none(), "{text}");
        }
        // Codes are examples still; so is an order the author names.
        assert!(
            evidence("Nothing works: errors 500 502 503")
                .example
                .is_some()
        );
        assert!(
            evidence("Nothing works with order #5512 on the checkout")
                .example
                .is_some()
        );
    }
}
