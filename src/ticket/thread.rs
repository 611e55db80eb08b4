//! The quoted history of a reply: which lines are the message being replied
//! to, which questions and requests it holds, and whether the author's new
//! text answers each of them.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::evidence::TIME_SHAPE;
use super::regions::{History, Line, history_start, history_start_at};
use super::{Attachment, Region, RegionKind, Turn};
use crate::diagnostic::Span;
use crate::lang::{Category, Packs};

/// A question or request of the message being replied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    #[serde(flatten)]
    pub span: Span,
    pub answered: bool,
    /// Why it counts as answered, or why not.
    pub evidence: &'static str,
}

/// An earlier message quoted in the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The reply header or separator that introduces it, if any.
    pub header: Option<String>,
    /// Who wrote it, if the header says (an address or a name).
    pub from: Option<String>,
    /// When it was sent, as the header writes it, if it says.
    pub date: Option<String>,
    /// How deep it is quoted: 1 for the message being replied to.
    pub depth: usize,
    #[serde(flatten)]
    pub span: Span,
}

/// A date as mail clients write it in reply headers, with the time if given:
/// "11.03.2024, 10:03", "Mon, 11 Mar 2024 at 10:03", "March 11, 2024 10:03 AM".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}\s+\p{L}+\.?\s+[0-9]{4}|\p{L}+\s+[0-9]{1,2},?\s+[0-9]{4})
          (?:[,\s]+(?:at|в|о|um)?\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[AaPp][Mm])?)?",
    )
    .unwrap()
});

/// A date, with the time and zone if given, alone on a line ("Mar 5, 2024,
/// 14:30 GMT+1", "05.03.2024 14:30").
static DATE_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:\p{L}+\.?,?\s+)?
          (?:[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}\s+\p{L}+\.?\s+[0-9]{4}|\p{L}+\.?\s+[0-9]{1,2},?\s+[0-9]{4})
          (?:,?\s+(?:at\s+|в\s+|о\s+)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[AaPp][Mm])?)?
          (?:\s*(?:GMT|UTC)?\s*[+-]?[0-9]{0,2}(?::?[0-9]{2})?)?$",
    )
    .unwrap()
});

static ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").unwrap());

/// A numbered item at the start of a line: "1.", "2)".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,2})[.)]\s").unwrap());
/// A bullet at the start of a line: "- ", "* ", "• ".
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*•–—]\s+").unwrap());
/// An alternative question: "A or B?", "A или B?", "A чи B?".
static ALTERNATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\S+)\s+(?:or|или|либо|або|чи)\s+(\S+(?:\s+\S+){0,2})\s*\?").unwrap()
});
/// A version number: "122.0.6261", "15.4".
static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]+(?:\.[0-9]+)+(?-u:\b)").unwrap());
/// A line of quoted history: how many `>` mark it, and where its text is.
struct QuotedLine {
    depth: usize,
    content: Span,
}

fn quoted_line(text: &str, line: &Line) -> QuotedLine {
    let raw = &text[line.start..line.end];
    let (mut depth, mut prefix) = (0, 0);
    // "ОК> …": initials before the mark.
    let lead = raw.len() - raw.trim_start().len();
    let skip = super::regions::initials_quote(raw.trim_start()).map_or(0, |n| lead + n - 1);
    for (i, c) in raw.char_indices().skip_while(|(i, _)| *i < skip) {
        match c {
            '>' => {
                depth += 1;
                prefix = i + 1;
            }
            ' ' | '\t' => {}
            _ => break,
        }
    }
    let rest = &raw[prefix..];
    let start = line.start + prefix + (rest.len() - rest.trim_start().len());
    let end = (line.start + raw.trim_end().len()).max(start);
    QuotedLine {
        depth,
        content: Span::new(start, end),
    }
}

fn is_quoted(regions: &[Region], line: &Line) -> bool {
    // Regions are sorted and do not overlap: the one holding the line's start
    // is found by bisection, so threads of many lines stay linear.
    let i = regions.partition_point(|r| r.span.end <= line.start);
    regions
        .get(i)
        .is_some_and(|r| r.kind == RegionKind::Quoted && r.span.start <= line.start)
}

/// The lines of the latest quoted message, as (line span, content span without `>`).
fn latest_message(
    text: &str,
    lines: &[Line],
    regions: &[Region],
    packs: &Packs,
) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    let mut started = false;
    let mut unmarked = false;
    for (i, line) in lines.iter().enumerate() {
        if !is_quoted(regions, line) {
            continue;
        }
        let QuotedLine { depth, content } = quoted_line(text, line);
        let content_text = content.slice(text);
        if content_text.trim().is_empty() {
            continue;
        }
        // A helpdesk's notification quotes the conversation, each message
        // under its sender's name and a date alone on a line: the next
        // such pair after some text ends the latest message.
        if depth <= 1 && DATE_ALONE.is_match(content_text.trim()) {
            let words = out
                .iter()
                .filter(|(_, c): &&(Span, Span)| c.slice(text).chars().any(char::is_alphabetic))
                .count();
            if words > 1 {
                out.pop();
                break;
            }
            out.clear();
            continue;
        }
        if !unmarked && depth == 0 {
            // Unmarked history: its header, then the message until the next header.
            if let Some(kind) = history_start(text, &lines[i..], packs) {
                if started && kind == History::Unmarked {
                    break;
                }
                unmarked = kind == History::Unmarked;
                continue;
            }
        }
        if unmarked {
            if history_start(text, &lines[i..], packs).is_some() {
                if started {
                    break;
                }
                continue;
            }
            if is_header_line(content_text, packs) && !started {
                continue;
            }
            started = true;
            out.push((Span::new(line.start, line.end), content));
            continue;
        }
        if depth == 1 {
            let sub = Line {
                start: content.start,
                end: content.end,
                next: line.next,
            };
            if history_start(text, std::slice::from_ref(&sub), packs).is_some() {
                if started {
                    break;
                }
                continue;
            }
            started = true;
            out.push((Span::new(line.start, line.end), content));
        } else if depth > 1 && started {
            break;
        }
    }
    out
}

/// The quoted messages, in order: each reply header, separator or change of
/// quoting depth starts one.
pub(super) fn messages(
    text: &str,
    lines: &[Line],
    regions: &[Region],
    packs: &Packs,
) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut unmarked_depth = 0;
    let mut in_outlook_block = false;
    for (i, line) in lines.iter().enumerate() {
        if !is_quoted(regions, line) {
            continue;
        }
        let QuotedLine {
            depth: marks,
            content: span,
        } = quoted_line(text, line);
        let content = span.slice(text);
        if content.is_empty() {
            continue;
        }
        let sub = Line {
            start: span.start,
            end: span.end,
            next: line.next,
        };
        let start = history_start_at(text, &sub, &lines[i + 1..], packs);
        let from_header = content
            .split_once(':')
            .filter(|(name, _)| packs.is_header(name.trim()))
            .map(|(_, value)| value.trim());
        if in_outlook_block && let Some(value) = from_header {
            // Header lines of the block that opened this message.
            if let Some(m) = out.last_mut() {
                if m.from.is_none() {
                    m.from = Some(
                        ADDRESS
                            .find(value)
                            .map_or(value, |a| a.as_str())
                            .to_string(),
                    );
                } else if m.date.is_none() {
                    m.date = DATE.find(value).map(|d| d.as_str().to_string());
                }
            }
            continue;
        }
        if let Some(kind) = start {
            if kind == History::Unmarked {
                unmarked_depth += 1;
            }
            in_outlook_block = kind == History::Unmarked;
            let from = ADDRESS
                .find(content)
                .map(|m| m.as_str().to_string())
                .or_else(|| from_header.map(str::to_string));
            out.push(Message {
                header: Some(content.to_string()),
                date: DATE.find(content).map(|d| d.as_str().to_string()),
                from,
                depth: match kind {
                    // The quoted lines under it tell its depth.
                    History::Marked => next_depth(text, &lines[i + 1..], regions).max(marks),
                    History::Unmarked => marks + unmarked_depth,
                },
                span: Span::new(line.start, line.end),
            });
            continue;
        }
        in_outlook_block = false;
        let depth = if marks > 0 {
            marks
        } else {
            unmarked_depth.max(1)
        };
        match out.last_mut() {
            Some(m) if m.depth == depth || (marks == 0 && unmarked_depth > 0) => {
                m.span.end = line.end
            }
            _ => out.push(Message {
                header: None,
                from: None,
                date: None,
                depth,
                span: Span::new(line.start, line.end),
            }),
        }
    }
    out
}

/// The quoting depth of the next non-empty quoted line.
fn next_depth(text: &str, lines: &[Line], regions: &[Region]) -> usize {
    lines
        .iter()
        .filter(|l| is_quoted(regions, l))
        .map(|l| quoted_line(text, l))
        .find(|q| !q.content.is_empty())
        .map_or(1, |q| q.depth.max(1))
}

fn is_header_line(s: &str, packs: &Packs) -> bool {
    s.split_once(':')
        .is_some_and(|(name, _)| packs.is_header(name.trim()))
}

/// The spans that may answer a question: the author's own text and what
/// they paste (a log asked for); a form's metadata, "Submitted: 2024-04-02
/// 09:03", answers nothing.
fn answer_spans(regions: &[Region]) -> Vec<Span> {
    regions
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::Own | RegionKind::Code))
        .map(|r| r.span)
        .collect()
}

/// Each part of a question joined to another has a few words of its own.
const MIN_QUESTION_WORDS: usize = 2;

/// The questions and requests of one line of a support message, with the
/// number of the item the line is, if it is one.
fn asked(text: &str, content: Span, packs: &Packs, found: &mut Vec<(Span, Option<u32>)>) {
    let request = packs.pattern(Category::QuestionRequest);
    let closing = packs.pattern(Category::Closing);
    let number = NUMBER
        .captures(content.slice(text))
        .and_then(|c| c[1].parse().ok());
    // A bullet is not part of the question.
    let content = match BULLET.find(content.slice(text)) {
        Some(b) => Span::new(content.start + b.end(), content.end),
        None => content,
    };
    let line = content.slice(text);
    for (offset, sentence) in line.split_sentence_bound_indices() {
        let trimmed = sentence.trim();
        // "We need the following:" leads in to the questions; it is not one.
        if trimmed.is_empty() || trimmed.ends_with(':') || closing.is_match(trimmed) {
            continue;
        }
        if trimmed.ends_with('?') || request.is_match(trimmed) {
            let lead = sentence.len() - sentence.trim_start().len();
            let start = content.start + offset + lead;
            // Two questions in one sentence are two questions.
            let mut from = 0;
            for join in packs.pattern(Category::QuestionJoin).find_iter(trimmed) {
                let first = trimmed[from..join.start].trim_end_matches([',', ' ']);
                if first.split_whitespace().count() >= MIN_QUESTION_WORDS {
                    found.push((Span::new(start + from, start + from + first.len()), number));
                    from = join.start
                        + (trimmed[join.start..].len()
                            - trimmed[join.start..].trim_start_matches([',', ' ']).len());
                }
            }
            found.push((Span::new(start + from, start + trimmed.len()), number));
        }
    }
}

/// Questions and requests of the latest quoted message, judged against the
/// author's own text. A question quoted twice (inline, and again in the
/// full quote below) is one question, answered if either copy is.
pub(super) fn questions(
    text: &str,
    lines: &[Line],
    regions: &[Region],
    attachments: &[Attachment],
    solved: bool,
    packs: &Packs,
) -> Vec<Question> {
    let own = answer_spans(regions);
    // No reply, no answers to judge.
    if !own
        .iter()
        .any(|s| s.slice(text).chars().any(char::is_alphabetic))
    {
        return Vec::new();
    }
    let mut found: Vec<(Span, Option<u32>)> = Vec::new();
    for (_, content) in latest_message(text, lines, regions, packs) {
        asked(text, content, packs, &mut found);
    }
    once(
        text,
        judge(
            text,
            &found,
            &own,
            attachments,
            solved,
            Answering::Mail,
            packs,
        ),
    )
}

/// The questions support asks in a chat, each judged against the customer's
/// turns after it, up to support's next turn that asks something.
pub(super) fn chat_questions(
    text: &str,
    turns: &[Turn],
    regions: &[Region],
    attachments: &[Attachment],
    solved: bool,
    packs: &Packs,
) -> Vec<Question> {
    let answers = answer_spans(regions);
    let quoted: Vec<Span> = regions
        .iter()
        .filter(|r| r.kind == RegionKind::Quoted)
        .map(|r| r.span)
        .collect();
    let asked_in = |turn: &Turn| {
        let mut found = Vec::new();
        for q in quoted
            .iter()
            .filter(|q| q.start < turn.span.end && q.end > turn.span.start)
        {
            let span = Span::new(q.start.max(turn.span.start), q.end.min(turn.span.end));
            for (start, end) in crate::text::line_ranges(span.slice(text)) {
                let line = Span::new(span.start + start, span.start + end);
                let trimmed = line.slice(text).trim();
                if !trimmed.is_empty() {
                    let lead = line.slice(text).len() - line.slice(text).trim_start().len();
                    let at = line.start + lead;
                    asked(text, Span::new(at, at + trimmed.len()), packs, &mut found);
                }
            }
        }
        found
    };
    let asks: Vec<Vec<(Span, Option<u32>)>> = turns
        .iter()
        .map(|t| {
            if t.is_customer() {
                Vec::new()
            } else {
                asked_in(t)
            }
        })
        .collect();
    let mut out = Vec::new();
    for (k, turn) in turns.iter().enumerate() {
        if asks[k].is_empty() {
            continue;
        }
        // The customer's turns until support asks again.
        let until = (k + 1..turns.len())
            .find(|&j| !asks[j].is_empty())
            .map_or(text.len(), |j| turns[j].label.start);
        // Regions run to the line's end; a turn's span stops at its text's.
        let zone: Vec<Span> = answers
            .iter()
            .filter(|a| a.start >= turn.span.end && a.start < until)
            .filter(|a| {
                turns.iter().any(|t| {
                    t.is_customer()
                        && t.span.start <= a.start
                        && a.start < t.span.end.max(t.span.start + 1)
                })
            })
            .copied()
            .collect();
        out.extend(judge(
            text,
            &asks[k],
            &zone,
            attachments,
            solved,
            Answering::Chat,
            packs,
        ));
    }
    once(text, out)
}

/// One question for each text asked more than once: the first copy, answered
/// if any copy is.
fn once(text: &str, questions: Vec<Question>) -> Vec<Question> {
    let key = |q: &Question| {
        crate::lang::fold(q.span.slice(text))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<Question> = Vec::with_capacity(questions.len());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for q in questions {
        match seen.get(&key(&q)) {
            Some(&i) => {
                if q.answered && !out[i].answered {
                    out[i].answered = true;
                    out[i].evidence = q.evidence;
                }
            }
            None => {
                seen.insert(key(&q), out.len());
                out.push(q);
            }
        }
    }
    out
}

/// How the answers to the questions are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answering {
    /// A reply to quoted mail: answers may be written under each question.
    Mail,
    /// The customer's turns after support's turn in a chat.
    Chat,
}

/// Judges each question of `found` against the answer spans `own`.
fn judge(
    text: &str,
    found: &[(Span, Option<u32>)],
    own: &[Span],
    attachments: &[Attachment],
    solved: bool,
    answering: Answering,
    packs: &Packs,
) -> Vec<Question> {
    let own_text: String = own
        .iter()
        .map(|s| s.slice(text))
        .collect::<Vec<_>>()
        .join("\n");
    if found.is_empty() {
        return Vec::new();
    }
    let own_stems = stems(&own_text, packs);
    let own_numbers: HashSet<u32> = own
        .iter()
        .flat_map(|s| s.slice(text).lines())
        .filter_map(|l| NUMBER.captures(l).and_then(|c| c[1].parse().ok()))
        .collect();
    let has_image = attachments.iter().any(Attachment::is_image);
    let said_screenshot = packs.pattern(Category::Screenshot).is_match(&own_text);
    let said_time =
        packs.pattern(Category::Time).is_match(&own_text) || TIME_SHAPE.is_match(&own_text);
    let said_version =
        VERSION.is_match(&own_text) || packs.pattern(Category::VersionAnswer).is_match(&own_text);
    let said_yes_no = packs.pattern(Category::YesNoAnswer).is_match(&own_text);
    let said_device = packs.pattern(Category::DeviceAnswer).is_match(&own_text);
    // A bare "yes" answers one yes/no question: the one the reply shares words
    // with, else the last.
    let yes_no: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| {
            packs
                .pattern(Category::YesNoQuestion)
                .is_match(s.slice(text))
        })
        .map(|(i, _)| i)
        .collect();
    let yes_no_target = yes_no
        .iter()
        .copied()
        .find(|&i| !stems(found[i].0.slice(text), packs).is_disjoint(&own_stems))
        .or(yes_no.last().copied());

    // Answers written between the quoted questions: each question is judged by
    // what is written under it, not by the reply as a whole.
    let inline_mode = found.len() > 1 && {
        let (first, last) = (found[0].0.start, found[found.len() - 1].0.start);
        own.iter().any(|o| {
            o.start > first && o.start < last && o.slice(text).chars().any(char::is_alphanumeric)
        })
    };
    let answer = AnswerWords::new(&own_text, packs);
    // Questions any reply may answer, not a time, a screenshot, a version or a
    // device: in a chat, the one such question of a turn takes the reply.
    // Each question's kind is read once: (needs a screenshot or a time,
    // asks for one of a version or device too).
    let kinds: Vec<(bool, bool)> = found
        .iter()
        .map(|(s, _)| {
            let q = s.slice(text);
            let proof = packs.pattern(Category::Screenshot).is_match(q)
                || packs.pattern(Category::WhenQuestion).is_match(q);
            let typed = proof
                || packs.pattern(Category::VersionQuestion).is_match(q)
                || packs.pattern(Category::DeviceQuestion).is_match(q);
            (proof, typed)
        })
        .collect();
    let untyped = kinds.iter().filter(|(_, typed)| !typed).count();
    let mut out = Vec::new();
    for (i, &(span, number)) in found.iter().enumerate() {
        let q = span.slice(text);
        let next = found.get(i + 1).map_or(usize::MAX, |(s, _)| s.start);
        // `own` is in text order: only the regions from the question's end on.
        let after = own.partition_point(|o| o.start < span.end);
        let inline = own[after..]
            .iter()
            .take_while(|o| o.start < next)
            .any(|o| o.slice(text).chars().any(char::is_alphanumeric));
        let alternatives = ALTERNATIVE.captures(q).map(|c| {
            [c.get(1), c.get(2)]
                .into_iter()
                .flatten()
                .flat_map(|m| words(m.as_str()))
                .map(|w| crate::lang::fold(w).into_owned())
                .filter(|w| w.chars().count() >= 2 && !packs.is_function_word(w))
                .collect::<Vec<_>>()
        });
        // In a chat every answer is "under" the turn: what it says decides,
        // and a turn's one plain question is answered by any reply.
        let inline = inline && answering == Answering::Mail;
        let inline_mode = inline_mode && answering == Answering::Mail;
        let (needs_proof, typed) = kinds[i];
        let evidence = if inline {
            Some("an answer written under the question")
        } else if inline_mode {
            None
        } else if let Some(options) = &alternatives {
            options
                .iter()
                .any(|o| answer.names(o, packs))
                .then_some("one of the alternatives")
        } else if number.is_some_and(|n| own_numbers.contains(&n)) {
            Some("a numbered answer")
        } else if packs.pattern(Category::Screenshot).is_match(q) {
            (has_image || said_screenshot).then_some("a screenshot")
        } else if packs.pattern(Category::WhenQuestion).is_match(q) {
            said_time.then_some("a time")
        } else if packs.pattern(Category::DeviceQuestion).is_match(q) {
            said_device.then_some("a device or model")
        } else if packs.pattern(Category::VersionQuestion).is_match(q) {
            said_version.then_some("a version or browser")
        } else if said_yes_no && yes_no_target == Some(i) {
            Some("yes or no")
        } else {
            None
        };
        // A screenshot or a time is answered by one, not by words about it.
        let evidence = evidence.or_else(|| {
            let shared = !stems(q, packs).is_disjoint(&own_stems);
            (!inline_mode && !needs_proof && alternatives.is_none() && shared)
                .then_some("shared words")
        });
        let evidence = evidence.or_else(|| {
            (answering == Answering::Chat && untyped == 1 && !typed && alternatives.is_none())
                .then_some(NEXT_TURN)
        });
        // "Thanks, it works now": what support asked in order to solve the
        // problem needs no answer any more.
        let evidence = evidence.or(solved.then_some("the reply says it is solved"));
        out.push(Question {
            span,
            answered: evidence.is_some(),
            evidence: evidence.unwrap_or("nothing in the reply answers it"),
        });
    }
    // The turn's one plain question takes the reply, unless the reply is a
    // few words that answer another question ("вчера вечером" for "when").
    let typed_answered = out
        .iter()
        .zip(&kinds)
        .any(|(q, (_, typed))| q.answered && q.evidence != NEXT_TURN && *typed);
    let reply_words = words(&own_text).count();
    for q in out.iter_mut().filter(|q| q.evidence == NEXT_TURN) {
        if reply_words == 0 || (typed_answered && reply_words < MIN_SHARED_REPLY_WORDS) {
            q.answered = false;
            q.evidence = "nothing in the reply answers it";
        }
    }
    out
}

const NEXT_TURN: &str = "an answer in the next turn";
/// A reply that also answers a plain question says at least this much.
const MIN_SHARED_REPLY_WORDS: usize = 4;

/// The words of `text`: letters, digits and apostrophes ("don't", "комп'ютер").
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(crate::text::is_alphanumeric(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// Words a greeting's name may have ("Добрый день, Нина!", "Hi Anna Smith,").
const GREETING_NAME_WORDS: usize = 3;

/// The author's own words as an answer: without greetings and the name after
/// them ("Добрый день, Нина!") and without sign-off lines, whole words folded,
/// and the stems of the longer ones for word forms ("картой" / "карта").
struct AnswerWords {
    words: HashSet<String>,
    stems: HashSet<String>,
}

impl AnswerWords {
    fn new(own_text: &str, packs: &Packs) -> AnswerWords {
        let mut answer = String::with_capacity(own_text.len());
        for line in own_text.lines() {
            if packs.is_signoff(line.trim()) {
                continue;
            }
            let mut pos = 0;
            for greeting in packs.pattern(Category::Greeting).find_iter(line) {
                if greeting.start < pos {
                    continue;
                }
                answer.push_str(&line[pos..greeting.start]);
                pos = greeting_end(line, greeting.end);
            }
            answer.push_str(&line[pos..]);
            answer.push('\n');
        }
        let folded = crate::lang::fold(&answer);
        AnswerWords {
            words: words(&folded).map(str::to_string).collect(),
            stems: packs.content_stems(&answer, &[]),
        }
    }

    /// Whether the answer names `word` (folded): the word itself, or its stem.
    fn names(&self, word: &str, packs: &Packs) -> bool {
        self.words.contains(word) || !packs.content_stems(word, &[]).is_disjoint(&self.stems)
    }
}

/// Where a greeting that ends at `end` of `line` stops with the name after it:
/// punctuation, up to a few capitalised words, and the mark that closes them.
fn greeting_end(line: &str, end: usize) -> usize {
    let rest = &line[end..];
    let mut at = rest.len() - rest.trim_start_matches([',', ' ', '\t']).len();
    for _ in 0..GREETING_NAME_WORDS {
        let word_start = at + rest[at..].len() - rest[at..].trim_start().len();
        let word: &str = rest[word_start..]
            .split(|c: char| !crate::text::is_alphabetic(c) && c != '-')
            .next()
            .unwrap_or("");
        if !word.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        at = word_start + word.len();
    }
    let closing = rest[at..].len() - rest[at..].trim_start_matches([',', '!', '.', ' ']).len();
    end + at + closing
}

fn stems(text: &str, packs: &Packs) -> HashSet<String> {
    packs.content_stems(text, &[Category::QuestionRequest])
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&DATE);
    LazyLock::force(&ADDRESS);
    LazyLock::force(&DATE_ALONE);
    LazyLock::force(&NUMBER);
    LazyLock::force(&BULLET);
    LazyLock::force(&ALTERNATIVE);
    LazyLock::force(&VERSION);
}

#[cfg(test)]
mod tests {
    use crate::lang::Packs;
    use crate::ticket::{ParseOptions, Ticket};

    fn parse(text: &str) -> Ticket {
        Ticket::parse(text, Packs::embedded(), &ParseOptions::default())
    }

    #[test]
    fn messages_know_who_when_and_how_deep() {
        let t = parse(
            "Chrome.\n\nOn Mon, 11 Mar 2024 at 10:03, Anna <anna@shop.example> wrote:\n> Which browser?\n>\n> On 10 Mar 2024 at 21:40, Bob <bob@mail.example> wrote:\n>> It crashes.\n",
        );
        let m: Vec<_> = t
            .messages
            .iter()
            .map(|m| (m.depth, m.from.as_deref(), m.date.as_deref()))
            .collect();
        assert_eq!(
            m,
            [
                (1, Some("anna@shop.example"), Some("11 Mar 2024 at 10:03")),
                (2, Some("bob@mail.example"), Some("10 Mar 2024 at 21:40")),
            ]
        );
    }

    #[test]
    fn an_outlook_block_fills_sender_and_date() {
        let t = parse(
            "Да.\n\n-----Исходное сообщение-----\nОт: Поддержка <help@bank.example>\nОтправлено: 11.03.2024 10:03\nКому: Ольга\nТема: Карта\n\nВы меняли телефон?\n",
        );
        assert_eq!(t.messages.len(), 1);
        assert_eq!(t.messages[0].from.as_deref(), Some("help@bank.example"));
        assert_eq!(t.messages[0].date.as_deref(), Some("11.03.2024 10:03"));
        assert_eq!(t.questions.len(), 1);
        assert!(t.questions[0].answered, "{:?}", t.questions[0]);
    }

    #[test]
    fn each_inline_answer_belongs_to_the_question_above_it() {
        let mut text = String::from("On Mon, 1 Jan 2024 at 10:00, Anna <a@x.com> wrote:\n");
        for i in 0..300 {
            text.push_str(&format!("> Question {i}: which page fails?\n"));
            // Every third question is left without an answer under it.
            if i % 3 != 1 {
                text.push_str(&format!("The page {i}.\n"));
            }
        }
        let t = parse(&text);
        assert_eq!(t.questions.len(), 300);
        for (i, q) in t.questions.iter().enumerate() {
            assert_eq!(q.answered, i % 3 != 1, "{i}: {:?}", q);
        }
        assert_eq!(t.messages.len(), 1);
    }

    #[test]
    fn an_address_inside_a_quote_is_not_a_quote_mark() {
        let t = parse("ok\n\n> From: Anna <anna@shop.example>\n> Which browser?\n");
        assert!(
            t.questions
                .iter()
                .any(|q| t.slice(q.span) == "Which browser?")
        );
    }
    /// (question, answered) of a ticket.
    fn judged(text: &str) -> Vec<(String, bool)> {
        let t = parse(text);
        t.questions
            .iter()
            .map(|q| (t.slice(q.span).to_string(), q.answered))
            .collect()
    }

    #[test]
    fn a_chat_agents_questions_are_answered_by_the_customers_later_turns() {
        let q = judged(
            "[09:41] Visitor: nothing works\n[09:42] Agent (Trackly): When did you first notice it?\n[09:43] Visitor: since this morning\n",
        );
        assert_eq!(q, [("When did you first notice it?".to_string(), true)]);
        // Two questions, one answer: the other is left.
        let q = judged(
            "Helen Brooks 14:05\nThe export fails.\n\nTom (Ledgerly) 14:06\nWhich browser are you using? And could you send me a screenshot of the error?\n\nHelen Brooks 14:08\nChrome\n",
        );
        assert_eq!(
            q,
            [
                ("Which browser are you using?".to_string(), true),
                (
                    "And could you send me a screenshot of the error?".to_string(),
                    false
                ),
            ]
        );
        // Nothing said after the question: unanswered.
        let q = judged(
            "Анна [10:02]: Не работает оплата\nОператор Ирина [10:05]: Какой у вас номер заказа?\n",
        );
        assert_eq!(q, [("Какой у вас номер заказа?".to_string(), false)]);
    }

    #[test]
    fn two_questions_in_one_sentence_are_judged_apart() {
        let q = judged(
            "22/03/2024, 19:05 - Mia: it's not working\n22/03/2024, 19:11 - Fixit Home: What exactly do you see, and when did it start?\n22/03/2024, 19:14 - Mia: the app shows a blank screen\n",
        );
        assert_eq!(
            q,
            [
                ("What exactly do you see".to_string(), true),
                ("and when did it start?".to_string(), false),
            ]
        );
    }

    #[test]
    fn a_question_quoted_inline_and_again_below_is_one_question() {
        let q = judged(
            "Answers below.\n\n> Which version do you use?\n5.12.3\n\n> Does it happen on other PCs?\nYes, on both.\n\nOn Tue, 5 Mar 2024 at 16:47, Sam <sam@x.example> wrote:\n> Which version do you use?\n> Does it happen on other PCs?\n",
        );
        assert_eq!(
            q,
            [
                ("Which version do you use?".to_string(), true),
                ("Does it happen on other PCs?".to_string(), true),
            ]
        );
    }

    #[test]
    fn a_helpdesk_notification_asks_only_its_latest_message() {
        let q = judged(
            "Two in total.\n\nOn Tue, Mar 5, 2024 at 2:31 PM Orbit <s@orbit.example> wrote:\n> ##- Please type your reply above this line -##\n>\n> Anna (Orbit Support)\n> Mar 5, 2024, 14:30 GMT+1\n>\n> How many admins do you need in total?\n>\n> Mark Ellison\n> Mar 5, 2024, 11:12 GMT+1\n>\n> We're on the Team plan.\n>\n> Anna (Orbit Support)\n> Mar 4, 2024, 16:47 GMT+1\n>\n> Which plan is your workspace on?\n",
        );
        assert_eq!(
            q,
            [("How many admins do you need in total?".to_string(), true)]
        );
    }

    #[test]
    fn a_screenshot_asked_for_needs_one_not_words_about_it() {
        let q = judged(
            "The Import page still fails.\n\n> Please send us a screenshot of the Import page.\n",
        );
        assert_eq!(
            q,
            [(
                "Please send us a screenshot of the Import page.".to_string(),
                false
            )]
        );
    }
}
