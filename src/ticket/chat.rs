//! Chat transcripts: widget and in-app exports (`Visitor: …`, `Agent (Shop):
//! …`, `Имя [10:02]: …`), messenger exports (WhatsApp `[15.03.24, 10:02]
//! Name: …` and `15/03/2024, 10:02 - Name: …`, Telegram `Name, [15.03.2024
//! 10:02]` with the text below). Which lines open a turn, who speaks, and
//! whose side each speaker is on: the customer's turns are the author's own
//! words, support's turns are messages whose questions the customer's later
//! turns must answer.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Serialize;

use super::regions::Line;
use crate::diagnostic::Span;
use crate::lang::{FieldKind, Packs, Side};

/// One turn of a chat: who speaks, when, and what they say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    pub speaker: String,
    /// `customer` or `support`.
    pub side: &'static str,
    /// The time stamp as the export writes it, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stamp: Option<String>,
    /// The speaker's name and stamp at the start of the turn: metadata.
    pub label: Span,
    /// What the speaker says: from after the label to the next turn.
    #[serde(flatten)]
    pub span: Span,
}

impl Turn {
    pub fn is_customer(&self) -> bool {
        self.side == "customer"
    }
}

const DATE: &str = r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}";
const TIME: &str = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s?[AaPp]\.?[Mm]\.?)?";
/// A speaker's name: no colon, no brackets, not too long.
const NAME: &str = r"[^\s:\[\]()<>][^:\[\]<>]*?";

/// Turn openings that carry a time stamp, with named groups `name`, `stamp`
/// and `text` (the text may be empty: it follows on the next lines).
static STAMPED: LazyLock<(RegexSet, Vec<Regex>)> = LazyLock::new(|| {
    let patterns = [
        // WhatsApp on iOS: "[15.03.24, 10:02:11] Anna: text".
        format!(r"^\[(?P<stamp>{DATE},?\s+{TIME})\]\s*(?P<name>{NAME}):\s?(?P<text>.*)$"),
        // WhatsApp on Android: "15/03/2024, 10:02 - Anna: text".
        format!(r"^(?P<stamp>{DATE},?\s+{TIME})\s+[-–]\s+(?P<name>{NAME}):\s?(?P<text>.*)$"),
        // A stamp, then the speaker: "[10:02] Anna: text", "(10:02:33) Visitor 48213: text".
        format!(
            r"^[\[(](?P<stamp>(?:{DATE},?\s+)?{TIME})[\])]\s*(?P<name>{NAME}):\s?(?P<text>.*)$"
        ),
        // The speaker, then a stamp: "Анна [10:02]: text", "Anna (10:02): text",
        // Telegram's "Anna, [15.03.2024 10:02]" with the text below.
        format!(
            r"^(?P<name>{NAME}),?\s*[\[(](?P<stamp>(?:{DATE},?\s+)?{TIME})[\])]\s*(?::\s?(?P<text>.*))?$"
        ),
        // Viber's export as CSV: "18.03.2024,21:05:33,Я,+380501234567,"text"".
        format!(r#"^(?P<stamp>{DATE},{TIME}),(?P<name>[^,"\n]+),[^,"\n]*,"?(?P<text>.*?)"?$"#),
        // An issue tracker's comments: "**tlindqvist** (Maintainer) commented
        // 2 days ago", "**samira-k** opened this issue · 3 comments", the text below.
        r"^\*\*(?P<name>[^*\n]+?)\*\*(?P<role>\s*\([^()\n]+\))?\s+(?P<stamp>(?:commented|opened\s+this\s+issue|replied|wrote|прокомментировал\w*|открыл\w*\s+(?:это\s+)?(?:issue|задачу)|коментує|прокоментува\w*|відкри\w+\s+(?:це\s+)?(?:issue|задачу))(?:\s.*)?)$".to_string(),
        // The speaker and a stamp alone on a line, the text below
        // (LiveChat, Intercom copied): "Helen Brooks 14:05".
        format!(r"^(?P<name>[\p{{Lu}}+][^:\[\]<>.!?]*?)\s+(?P<stamp>(?:{DATE},?\s+)?{TIME})$"),
    ];
    // The set says which shapes a line has in one pass; only those are
    // matched again for their groups.
    let set = RegexSet::new(&patterns).unwrap();
    (
        set,
        patterns.iter().map(|p| Regex::new(p).unwrap()).collect(),
    )
});

/// Whether a colon and a space come early in `line`, where a speaker's name
/// ends ("Marcus Lee: …").
fn name_colon(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(4 * MAX_NAME_CHARS)];
    head.windows(2).any(|w| w == b": ")
}

/// Whether `line` has a clock time ("9:05", "10:02").
fn has_clock_time(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

/// A turn without a stamp: "Visitor: text", "Agent (ShopCo): text".
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>[\p{L}][\p{L}\p{N} .'’\-]*?(?:\s*\([^()\n]+\))?)\s*:\s+(?P<text>\S.*)$")
        .unwrap()
});

/// A transcript has at least this many turns.
const MIN_TURNS: usize = 2;
/// A turn without a stamp says at least this many words ("Visitor: guest_48213"
/// in a transcript's header is metadata).
const MIN_PLAIN_WORDS: usize = 2;

struct Opening {
    /// An issue tracker's comment ("**anna** commented"): the lines above
    /// the first are the issue's title, the author's words.
    tracker: bool,
    name: String,
    stamp: Option<String>,
    /// Where the text starts in the line (after the label).
    text_at: usize,
}

fn opening(line: &str, packs: &Packs, known: &[String]) -> Option<Opening> {
    // Every stamped shape has a clock time, but an issue tracker's comment,
    // which opens with "**"; a plain turn has a colon. Most lines have
    // neither, and are not matched against the shapes at all.
    let stamped = has_clock_time(line) || line.starts_with("**");
    if !stamped && !name_colon(line) {
        return None;
    }
    let shapes = if stamped {
        STAMPED.0.matches(line).into_iter().collect()
    } else {
        Vec::new()
    };
    for re in shapes.into_iter().map(|i| &STAMPED.1[i]) {
        if let Some(c) = re.captures(line) {
            let name = c["name"].trim();
            if name.is_empty()
                || name.chars().count() > MAX_NAME_CHARS
                || name.chars().any(|c| c.is_ascii_digit()) && name.len() < 3
            {
                continue;
            }
            let text_at = c.name("text").map_or(line.len(), |t| t.start());
            // "tlindqvist (Maintainer)": the role in brackets tells the side.
            let name = match c.name("role") {
                Some(role) => format!("{name} {}", role.as_str().trim()),
                None => name.to_string(),
            };
            return Some(Opening {
                tracker: c.name("role").is_some()
                    || c["stamp"].starts_with(|c: char| c.is_alphabetic()),
                name,
                stamp: Some(c["stamp"].to_string()),
                text_at,
            });
        }
    }
    let c = PLAIN.captures(line)?;
    let name = c["name"].trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    if packs.is_header(name) || packs.field(name) == Some(FieldKind::Content) {
        return None;
    }
    let text = c.name("text").unwrap();
    let known_name = known.iter().any(|k| k == name);
    let role_word = packs.speaker_side(name).is_some();
    let words = text.as_str().split_whitespace().count();
    // "Customer: hi" is a turn; "Visitor: guest_48213" in a header is not.
    let bare_role = role_word
        && !name.contains(char::is_whitespace)
        && !text
            .as_str()
            .contains(|c: char| c.is_ascii_digit() || c == '_' || c == '@');
    ((known_name || role_word) && (words >= MIN_PLAIN_WORDS || bare_role)).then(|| Opening {
        tracker: false,
        name: name.to_string(),
        stamp: None,
        text_at: text.start(),
    })
}

/// A chat transcript: its turns, the index of the line of the first, and
/// whether the lines above it are the export's (a title, fields) rather
/// than the author's (an issue's title above its comments).
pub(super) struct Transcript {
    pub turns: Vec<Turn>,
    pub first: usize,
    pub export_header: bool,
}

/// The turns of `text` if it is a chat transcript: at least two turns by at
/// least two speakers.
pub(super) fn turns(text: &str, lines: &[Line], packs: &Packs) -> Option<Transcript> {
    // A cheap test first: most tickets are not transcripts. Every shape
    // has a colon (a time's, a name's) but an issue tracker's comments.
    if !text.contains(':') && !text.contains("**") {
        return None;
    }
    let mut openings: Vec<(usize, Opening)> = Vec::new();
    let mut known: Vec<String> = Vec::new();
    let mut repeated: Vec<String> = Vec::new();
    for pass in 0..2 {
        openings.clear();
        for (i, line) in lines.iter().enumerate() {
            let s = &text[line.start..line.end];
            let trimmed = s.trim_end();
            if trimmed.is_empty() || trimmed.starts_with('>') {
                continue;
            }
            if let Some(o) = opening(trimmed, packs, &known) {
                openings.push((i, o));
            }
        }
        // Above the first stamped turn, "Visitor: Visitor 48213" and "Agent:
        // Anna" are the transcript's header, not turns.
        if let Some(first_stamped) = openings.iter().position(|(_, o)| o.stamp.is_some()) {
            openings.drain(..first_stamped);
        }
        let mut names: Vec<String> = openings.iter().map(|(_, o)| o.name.clone()).collect();
        names.sort();
        names.dedup();
        if pass == 1 && (names.len() < 2 || openings.len() < MIN_TURNS) {
            return None;
        }
        if pass == 0 {
            repeated = repeated_names(text, lines, packs);
            if openings.is_empty() && repeated.is_empty() {
                return None;
            }
        }
        if pass == 0 {
            // Speakers named in stamped or role-word turns may speak in
            // plain turns too ("Anna: …" after "Anna (Support): …"), and so
            // may names that open two lines or more each ("Marcus Lee: …").
            known = names;
            known.append(&mut repeated);
        }
    }
    let first = openings[0].0;
    let header: Vec<&str> = lines[..first]
        .iter()
        .map(|l| text[l.start..l.end].trim())
        .filter(|l| !l.is_empty())
        .collect();
    let sides = sides(&openings, &header, packs);
    let mut turns = Vec::with_capacity(openings.len());
    for (k, (i, o)) in openings.iter().enumerate() {
        let line = &lines[*i];
        let end = openings
            .get(k + 1)
            .map_or(text.len(), |(next, _)| lines[*next].start);
        let start = (line.start + o.text_at).min(end);
        let end = start + text[start..end].trim_end().len();
        turns.push(Turn {
            speaker: o.name.clone(),
            side: match sides[k] {
                Side::Customer => "customer",
                Side::Support => "support",
            },
            stamp: o.stamp.clone(),
            label: Span::new(line.start, start),
            span: Span::new(start, end),
        });
    }
    Some(Transcript {
        turns,
        first,
        export_header: !openings[0].1.tracker,
    })
}

/// The longest a speaker's name is, in characters (the patterns leave the
/// length open: a bounded repetition of a Unicode class makes a large
/// automaton).
const MAX_NAME_CHARS: usize = 60;

/// A name as chat exports write it before a colon: one to four words, each
/// capitalised or a number ("Marcus Lee", "Ana from Planwise").
static NAME_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’.\-]*(?:\s+[\p{L}\p{N}'’.\-]+){0,3}):\s+\S").unwrap()
});

/// Names that open at least two lines each, when at least two names do:
/// the speakers of a transcript without stamps or role words.
fn repeated_names(text: &str, lines: &[Line], packs: &Packs) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in lines {
        let s = &text[line.start..line.end];
        if !name_colon(s) {
            continue;
        }
        let Some(c) = NAME_SHAPE.captures(s) else {
            continue;
        };
        let name = &c[1];
        if packs.is_header(name) || packs.field(name).is_some() {
            continue;
        }
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name.to_string(), 1)),
        }
    }
    let repeated: Vec<String> = counts
        .into_iter()
        .filter(|(_, count)| *count >= 2)
        .map(|(name, _)| name)
        .collect();
    if repeated.len() >= 2 {
        repeated
    } else {
        Vec::new()
    }
}

/// Whose side each opening's speaker is on: by the words of the names
/// ("Agent", "Support", «Оператор»), by the company's name that support's
/// speakers and the transcript's header give ("Planwise Bot" makes "Ana from
/// Planwise" support), else the one who opens is the customer.
fn sides(openings: &[(usize, Opening)], header: &[&str], packs: &Packs) -> Vec<Side> {
    let told: Vec<Option<Side>> = openings
        .iter()
        .map(|(_, o)| packs.speaker_side(&o.name))
        .collect();
    // The company's words: the other words of names and header lines that
    // say "support".
    let mut company: Vec<String> = Vec::new();
    let names = openings
        .iter()
        .zip(&told)
        .filter(|(_, side)| **side == Some(Side::Support))
        .map(|((_, o), _)| o.name.as_str());
    let header_lines = header
        .iter()
        .copied()
        .filter(|l| packs.speaker_side(l) == Some(Side::Support));
    for name in names.chain(header_lines) {
        for word in company_words(name, packs) {
            if !company.contains(&word) {
                company.push(word);
            }
        }
    }
    let told: Vec<Option<Side>> = openings
        .iter()
        .zip(told)
        .map(|((_, o), side)| {
            side.or_else(|| {
                o.name
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| company.contains(&w.to_lowercase()))
                    .then_some(Side::Support)
            })
        })
        .collect();
    let any_support = told.contains(&Some(Side::Support));
    let any_customer = told.contains(&Some(Side::Customer));
    let opener = &openings[0].1.name;
    openings
        .iter()
        .zip(&told)
        .map(|((_, o), side)| match side {
            Some(side) => *side,
            // Someone else is support: an unnamed speaker is the customer.
            None if any_support => Side::Customer,
            None if any_customer => Side::Support,
            None if &o.name == opener => Side::Customer,
            None => Side::Support,
        })
        .collect()
}

/// The words of a name that are a company's, lower-cased: the capitalised
/// word just before a word that says "support" ("ShopCo Support", "Planwise
/// Bot"), or a name in quotes or brackets («Телемережа», "(Ledgerly)"). A
/// person's name after "Оператор" is not one.
fn company_words(name: &str, packs: &Packs) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if pair[0].starts_with(char::is_uppercase)
            && packs.speaker_side(pair[0]).is_none()
            && packs.speaker_side(pair[1]) == Some(Side::Support)
        {
            out.push(pair[0].to_lowercase());
        }
    }
    for (open, close) in [('«', '»'), ('"', '"'), ('(', ')'), ('“', '”')] {
        if let Some((_, rest)) = name.split_once(open)
            && let Some((inside, _)) = rest.split_once(close)
        {
            out.extend(
                inside
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 3 && packs.speaker_side(w).is_none())
                    .map(str::to_lowercase),
            );
        }
    }
    out
}

/// Compiles this module's patterns now rather than at first use.
///
/// Only the plain shapes: the stamped ones are compiled when a line with a
/// clock time first needs them, so a run of tickets that are not chats
/// never pays for them.
pub(crate) fn compile_patterns() {
    LazyLock::force(&PLAIN);
    LazyLock::force(&NAME_SHAPE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::regions::lines;

    fn parse(text: &str) -> Vec<(String, &'static str, String)> {
        let packs = Packs::embedded();
        turns(text, &lines(text), packs)
            .map(|t| {
                t.turns
                    .into_iter()
                    .map(|t| (t.speaker, t.side, t.span.slice(text).to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn every_export_shape_gives_turns_and_sides() {
        for text in [
            "Visitor: Hi, nothing works\nAgent (ShopCo): Could you tell me what exactly?\nVisitor: The export button\n",
            "[15.03.24, 10:02:11] Anna: Hi, nothing works\n[15.03.24, 10:05:40] ShopCo Support: Which page?\n[15.03.24, 10:06:02] Anna: The export page\n",
            "15/03/2024, 10:02 - Anna: Hi, nothing works\n15/03/2024, 10:05 - Max: Which page?\n15/03/2024, 10:06 - Anna: The export page\n",
            "Анна [10:02]: Здравствуйте, ничего не работает\nОператор Ирина [10:05]: Какая страница?\nАнна [10:06]: Страница выгрузки\n",
            "Anna, [15.03.2024 10:02]\nHi, nothing works\n\nShopCo Support, [15.03.2024 10:05]\nWhich page?\n\nAnna, [15.03.2024 10:06]\nThe export page\n",
            "(10:02:33) Visitor 48213: Hi, nothing works\n(10:05:01) Anna: Which page?\n(10:06:12) Visitor 48213: The export page\n",
            "Дата,Время,Отправитель,Телефон,Сообщение\n18.03.2024,21:05:33,Я,+380501234567,\"Hi, nothing works\"\n18.03.2024,21:30:02,Провайдер «Лінія-Нет»,,\"Which page?\"\n18.03.2024,21:31:00,Я,+380501234567,\"The export page\"\n",
            "Export fails #918\n\n**samira-k** opened this issue · 3 comments\nHi, nothing works\n\n**tlindqvist** (Maintainer) commented 2 days ago\nWhich page?\n\n**samira-k** commented yesterday\nThe export page\n",
            "Marcus Lee: Hi, nothing works\nAna from Planwise: Which page is it?\nMarcus Lee: The export page\nAna from Planwise: Thanks, I see it now.\nPlanwise Bot: How would you rate the conversation?\n",
        ] {
            let t = parse(text);
            assert!(t.len() >= 3, "{text}: {t:?}");
            assert_eq!(
                t.iter().map(|t| t.1).take(3).collect::<Vec<_>>(),
                ["customer", "support", "customer"],
                "{text}: {t:?}"
            );
            assert!(
                t[1].2.contains("page") || t[1].2.contains("exactly") || t[1].2.contains("траница"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn form_fields_and_prose_are_not_a_chat() {
        for text in [
            "Name: Anna\nEmail: anna@example.com\nMessage: nothing works\n",
            "Hello,\nNote: the export fails.\nUpdate: still fails today.\n",
            "Visitor: guest_48213\nAgent: Anna\n",
        ] {
            assert!(parse(text).is_empty(), "{text}");
        }
    }
}
