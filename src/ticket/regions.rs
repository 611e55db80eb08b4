//! Splits ticket text into regions, line by line: header block, fenced and
//! indented code, log lines, `>` quotes, signatures, and inside the author's
//! own lines, inline code and template placeholders.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::chat::{self, Turn};
use super::{Header, Region, RegionKind};
use crate::diagnostic::Span;
use crate::lang::{Category, FieldKind, Packs};
use crate::text::line_ranges;

pub(super) struct Scan {
    pub headers: Vec<Header>,
    /// How many of `headers`, from the first, are keys of front matter.
    pub front_matter: usize,
    pub regions: Vec<Region>,
    /// The turns, when the text is a chat transcript.
    pub turns: Vec<Turn>,
}

/// What one line is: its kind, and how many bytes at its start are a
/// field's name or a chat turn's label (a `Field` before the rest).
#[derive(Clone, Copy)]
struct LineKind {
    kind: RegionKind,
    label: usize,
}

/// `Name: value` at the start of a line.
/// A header line: `Name: value`, or Outlook's bold `*Name:* value`.
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*?([\p{L}][\p{L}\-]*)[ \t]*:\*?[ \t]*(.*?)\s*$").unwrap());

/// Lines that are machine output rather than prose: logs, stack traces,
/// protocol lines.
static LOG_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)^\s*(?:
          \[?[0-9]{4}-[0-9]{2}-[0-9]{2}[T\ ][0-9]{1,2}:[0-9]{2}:[0-9]{2}
        | \[?[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}[,\ ]+[0-9]{1,2}:[0-9]{2}:[0-9]{2}
        | \[?[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?\]?\s
        | \[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE)\]
        | (?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE)(?::|\s+\[|\s+-\s)
        | at\s+[\w$.<>/]+\(.*\)\s*$
        | File\s+".*",\s+line\s+[0-9]+
        | Traceback\s+\(most\s+recent\s+call\s+last\)
        | Caused\s+by:
        | (?:[a-z_$][\w$]*\.)+[A-Z]\w*(?:Exception|Error)(?-u:\b)
        | \#[0-9]+\s+0x[0-9a-fA-F]+
        | (?:Exception|Error)\s+in\s+thread
        | HTTP/[0-9](?:\.[0-9])?\s+[0-9]{3}(?-u:\b)
        )"#,
    )
    .unwrap()
});

/// Inline code and template placeholders inside a line of prose.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?P<code>`[^`\n]+`)
        | (?P<placeholder>\{\{.*?\}\}|\{%.*?%\}|\{\#.*?\#\}|\$\{[^}\n]*\}|%[A-Za-z_][A-Za-z0-9_]*%)
        | (?P<comment><!--.*?-->)
        | (?P<bracket>\[\p{L}[^\[\]\n]*\s[^\[\]\n]*\])",
    )
    .unwrap()
});

/// A reply header without words: a date and time, then an address and a colon
/// ("11.03.2024, 10:03, "Anna" <a@b>:").
static REPLY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.{0,80}[0-9]{1,2}:[0-9]{2}.{0,80}<[^<>\s]+@[^<>\s]+>\)?\s*:\s*$").unwrap()
});

/// A name signed with a dash on a line of its own ("-Anna", "- Anna Petrova",
/// "-roman").
/// Not indented, and a name of several words is capitalised: "- how about
/// bullets" is a list item.
static DASH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[-–—]\s?(?:\p{L}[\p{L}'’\-]*|\p{Lu}[\p{L}'’\-]*(?:\s\p{Lu}[\p{L}'’\-]*){1,2})\.?$",
    )
    .unwrap()
});

/// A postscript opens own text again after a signature ("PS", "P.S.", "ЗЫ").
static POSTSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[PpПп]\.?\s?[SsСс]\.?|ЗЫ)(?:\s|:|,|$)").unwrap());

/// Front matter longer than this is not front matter.
const MAX_FRONT_MATTER_LINES: usize = 40;

/// Reply headers are one line (or two), and not a long one.
const MAX_ATTRIBUTION_CHARS: usize = 200;
/// A line of dashes this long or longer is a rule, not a list marker.
const MIN_RULE_CHARS: usize = 10;
/// The second line of a wrapped reply header is short ("wrote:", "Anna <a@b> wrote:",
/// "a-long-address@example.com> wrote:").
const MAX_WRAPPED_CHARS: usize = 100;

/// The longest a signature may be after a sign-off line, in lines and chars.
const SIGNATURE_MAX_LINES: usize = 4;
const SIGNATURE_MAX_LINE_LEN: usize = 80;

#[derive(Clone, Copy)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    /// Start of the next line (after the line break).
    pub next: usize,
}

/// The lines of `text`, each with where the next one starts.
pub(super) fn lines(text: &str) -> Vec<Line> {
    let ranges: Vec<_> = line_ranges(text).collect();
    let mut out = Vec::with_capacity(ranges.len());
    for (i, &(start, end)) in ranges.iter().enumerate() {
        let next = ranges.get(i + 1).map_or(text.len(), |r| r.0);
        out.push(Line { start, end, next });
    }
    out
}

pub(super) fn scan(text: &str, packs: &Packs) -> Scan {
    let lines = lines(text);

    let (headers, front_matter, body_from) = header_block(text, &lines, packs);
    let chat = chat::turns(text, &lines[body_from..], packs);
    let (turns, chat_kinds) = match chat {
        Some(chat) => {
            let kinds = chat_kinds(text, &lines, body_from, &chat, packs);
            (chat.turns, Some(kinds))
        }
        None => (Vec::new(), None),
    };
    let kinds = classify(text, &lines, body_from, chat_kinds.as_deref(), packs);

    let mut regions: Vec<Region> = Vec::new();
    let mut push = |kind: RegionKind, start: usize, end: usize| {
        if start >= end {
            return;
        }
        match regions.last_mut() {
            Some(last) if last.kind == kind && last.span.end == start => last.span.end = end,
            _ => regions.push(Region {
                kind,
                span: Span::new(start, end),
            }),
        }
    };
    for (line, LineKind { kind, label }) in lines.iter().zip(kinds) {
        let label_end = (line.start + label).min(line.end);
        if label > 0 && label_end == line.end {
            // A label alone on its line ("Message:"): its line break too.
            push(RegionKind::Field, line.start, line.next);
            continue;
        }
        push(RegionKind::Field, line.start, label_end);
        if kind != RegionKind::Own {
            push(kind, label_end, line.next);
            continue;
        }
        let mut pos = label_end;
        let line_text = &text[label_end..line.end];
        let line_start = label_end;
        for m in INLINE.captures_iter(line_text) {
            let (inline_kind, m) = if let Some(code) = m.name("code") {
                (RegionKind::Code, code)
            } else if let Some(comment) = m.name("comment") {
                // Directives to ticketlint, and any other comment: not prose.
                (RegionKind::Placeholder, comment)
            } else if let Some(bracket) = m.name("bracket") {
                // "[Describe the steps here]" in a form; "[text](url)" is a link.
                if line_text[bracket.end()..].starts_with('(') {
                    continue;
                }
                (RegionKind::Placeholder, bracket)
            } else {
                (RegionKind::Placeholder, m.name("placeholder").unwrap())
            };
            push(RegionKind::Own, pos, line_start + m.start());
            push(inline_kind, line_start + m.start(), line_start + m.end());
            pos = line_start + m.end();
        }
        push(RegionKind::Own, pos, line.next);
    }
    Scan {
        headers,
        front_matter,
        regions,
        turns,
    }
}

/// The kind of every line of a chat transcript: a turn's label is a field,
/// the customer's words are own text, support's are a quoted message. The
/// fields above the first turn are the transcript's header (its title is
/// boilerplate the packs name, or the author's: an issue's title).
fn chat_kinds(
    text: &str,
    lines: &[Line],
    body_from: usize,
    chat: &chat::Transcript,
    packs: &Packs,
) -> Vec<Option<LineKind>> {
    let (turns, first) = (&chat.turns, body_from + chat.first);
    let mut out = vec![None; lines.len()];
    for (i, line) in lines.iter().enumerate().take(first).skip(body_from) {
        let s = text[line.start..line.end].trim();
        if !s.is_empty() && transcript_header(s, chat.export_header, packs) {
            out[i] = Some(LineKind {
                kind: RegionKind::Field,
                label: 0,
            });
        }
    }
    let mut t = 0;
    for (i, line) in lines.iter().enumerate().skip(first) {
        while t + 1 < turns.len() && turns[t + 1].label.start <= line.start {
            t += 1;
        }
        let turn = &turns[t];
        let kind = if turn.is_customer() {
            RegionKind::Own
        } else {
            RegionKind::Quoted
        };
        let label = if turn.label.start == line.start {
            turn.label.end - turn.label.start
        } else {
            0
        };
        out[i] = Some(LineKind { kind, label });
    }
    out
}

fn transcript_header(line: &str, export: bool, packs: &Packs) -> bool {
    if field_label(line, packs).is_some() || HEADER.is_match(line) && line.len() < MAX_HEADER_LINE {
        return true;
    }
    // An export's title: a few words, not a sentence ("Chat transcript",
    // «Чат поддержки — интернет-провайдер «СеверНет»», "Розмова #55120 | …").
    export
        && (line.split_whitespace().count() <= TRANSCRIPT_TITLE_WORDS || line.contains(" | "))
        && !line.ends_with(['.', '!', '?', ':'])
}

/// The most words of a transcript's title.
const TRANSCRIPT_TITLE_WORDS: usize = 8;

/// A transcript header's field is one short line.
const MAX_HEADER_LINE: usize = 120;

/// A form field's line: its kind and how long its name is with the colon
/// and the spaces after it ("Order no: 123", "**Email:** a@b", "Имя*: Анна").
fn field_label(line: &str, packs: &Packs) -> Option<(FieldKind, usize)> {
    let colon = line.find(':')?;
    if colon == 0 || line[..colon].chars().count() > MAX_FIELD_NAME {
        return None;
    }
    let name = line[..colon].trim_start_matches(['*', '-', ' ', '\t']);
    let name = name.trim_end_matches(['*', ' ']);
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '№') {
        return None;
    }
    let kind = packs.field(name)?;
    let mut end = colon + 1;
    end += line[end..].len() - line[end..].trim_start_matches(['*', ' ', '\t']).len();
    Some((kind, end))
}

/// A field's name of a few words, then a colon: how long the name is with
/// the colon and the spaces after it. Not a URL's scheme, not a sentence.
fn other_field(line: &str) -> Option<usize> {
    let colon = line.find(':')?;
    let name = line[..colon].trim();
    if line[..colon].chars().count() > MAX_FIELD_NAME
        || !name.starts_with(char::is_alphabetic)
        || name.split_whitespace().count() > MAX_FIELD_WORDS
        || !line[colon + 1..].is_empty() && !line[colon + 1..].starts_with([' ', '\t'])
        || name.ends_with(['.', '!'])
    {
        return None;
    }
    let rest = &line[colon + 1..];
    Some(colon + 1 + rest.len() - rest.trim_start().len())
}

/// Whether a field's value is data, not words: one token ("rec612345678",
/// "4815162:3390711"), or no word of three letters ("12.03.2024 14:05"),
/// and not a file's name.
fn data_value(value: &str) -> bool {
    let value = value.trim();
    // A file named is evidence: "Screenshot attached: till-2.png".
    let file = value.rsplit_once('.').is_some_and(|(name, ext)| {
        !name.is_empty()
            && (2..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphabetic())
    });
    let one_token = value.split_whitespace().count() <= 1;
    let no_words = !value
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3);
    !file && (one_token || no_words)
}

/// The most words of a field's name the packs do not list.
const MAX_FIELD_WORDS: usize = 8;

/// Field names are short ("When did the problem start", «Дата и время проблемы»).
/// In characters.
const MAX_FIELD_NAME: usize = 60;

/// Header lines at the very top (after blank lines), up to the first line that
/// is not a known header or its continuation, after front matter if there is
/// one. Returns them, how many of them are front matter keys, and the index of
/// the first body line.
fn header_block(text: &str, lines: &[Line], packs: &Packs) -> (Vec<Header>, usize, usize) {
    let mut headers: Vec<Header> = Vec::new();
    let mut i = lines
        .iter()
        .position(|l| !text[l.start..l.end].trim().is_empty())
        .unwrap_or(lines.len());
    let first = i;
    // Front matter: `---`, `key: value` lines, `---` (any keys, e.g. `kind`).
    if lines
        .get(i)
        .is_some_and(|l| text[l.start..l.end].trim() == "---")
        && let Some(close) = lines[i + 1..]
            .iter()
            .take(MAX_FRONT_MATTER_LINES)
            .position(|l| text[l.start..l.end].trim() == "---")
    {
        for line in &lines[i + 1..i + 1 + close] {
            if let Some(c) = HEADER.captures(&text[line.start..line.end]) {
                let value = c.get(2).unwrap();
                headers.push(Header {
                    name: c[1].to_string(),
                    value: Span::new(line.start + value.start(), line.start + value.end()),
                });
            }
        }
        i += close + 2;
        // Blank lines after it belong to it.
        while lines
            .get(i)
            .is_some_and(|l| text[l.start..l.end].trim().is_empty())
        {
            i += 1;
        }
    }
    let after_front_matter = i;
    let front_matter = headers.len();
    while let Some(line) = lines.get(i) {
        let s = &text[line.start..line.end];
        if let Some(c) = HEADER.captures(s).filter(|c| packs.is_header(&c[1])) {
            let value = c.get(2).unwrap();
            headers.push(Header {
                name: c[1].to_string(),
                value: Span::new(line.start + value.start(), line.start + value.end()),
            });
        } else if !headers.is_empty() && s.starts_with([' ', '\t']) && !s.trim().is_empty() {
            // A folded header line continues the previous value.
            let last = headers.last_mut().unwrap();
            last.value.end = line.start + s.trim_end().len();
        } else {
            break;
        }
        i += 1;
    }
    if headers.is_empty() && after_front_matter == first {
        (headers, 0, 0)
    } else {
        (headers, front_matter, i.max(first))
    }
}

fn classify(
    text: &str,
    lines: &[Line],
    body_from: usize,
    chat: Option<&[Option<LineKind>]>,
    packs: &Packs,
) -> Vec<LineKind> {
    let mut kinds = vec![RegionKind::Header; lines.len()];
    let mut labels = vec![0; lines.len()];
    let mut fence: Option<&str> = None;
    let mut in_signature = false;
    let mut prev = RegionKind::Own;
    let mut prev_blank = true;
    // Inside quoted history that is not marked with `>` (Outlook, forwards).
    let mut in_history = false;
    // Lines of a wrapped reply header still to come.
    let mut header_left = 0;
    // Inside an HTML comment that spans lines (an issue template's).
    let mut in_comment = false;
    // The last line that was not blank was an issue template's.
    let mut after_template = false;
    // The last line that was not blank was a form's field.
    let mut in_form = false;
    // The author has written something above.
    let mut wrote = false;
    for i in body_from..lines.len() {
        let chat_line = chat.and_then(|c| c[i]);
        // This line is a form's field (a chat turn's label is not).
        let mut form_line = false;
        // A chat turn's label is a field; the customer's words after it are
        // read like any other line.
        if let Some(LineKind { label, .. }) = chat_line {
            labels[i] = label;
        }
        let line = &text[(lines[i].start + labels[i]).min(lines[i].end)..lines[i].end];
        let trimmed = line.trim();
        let kind = if in_comment {
            in_comment = !trimmed.contains("-->");
            RegionKind::Template
        } else if let Some(LineKind { kind, .. }) = chat_line
            && kind != RegionKind::Own
        {
            // Support's turns, and a transcript's header.
            fence = None;
            kind
        } else if in_history {
            RegionKind::Quoted
        } else if let Some(marker) = fence {
            if trimmed.starts_with(marker)
                && trimmed
                    .trim_start_matches(marker.as_bytes()[0] as char)
                    .is_empty()
            {
                fence = None;
            }
            RegionKind::Code
        } else if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            RegionKind::Code
        } else if trimmed.is_empty() {
            // Blank lines belong to what surrounds them.
            prev
        } else if header_left > 0 {
            // The second line of a wrapped reply header.
            header_left -= 1;
            RegionKind::Quoted
        } else if !trimmed.starts_with('>')
            && packs.pattern(Category::ReplyMarker).is_match(trimmed)
        {
            // A helpdesk's notification follows its reply marker: earlier
            // mail under a reply, the ticket itself when nothing is above.
            in_signature = false;
            in_history = wrote;
            RegionKind::Boilerplate
        } else if let Some((history, header)) =
            history_header(text, &lines[i], &lines[i + 1..], packs)
        {
            in_signature = false;
            in_history = history == History::Unmarked;
            header_left = header - 1;
            RegionKind::Quoted
        } else if is_quote_line(trimmed) {
            in_signature = false;
            RegionKind::Quoted
        } else if in_signature && POSTSCRIPT.is_match(line) {
            in_signature = false;
            RegionKind::Own
        } else if in_signature {
            RegionKind::Signature
        } else if line.trim_end() == "--"
            || (packs.is_signoff(trimmed) && short_tail(text, &lines[i + 1..], packs))
            || (prev_blank
                && DASH_NAME.is_match(line.trim_end())
                && !after_list_item(text, &lines[body_from..i])
                && !before_list_item(text, &lines[i + 1..])
                && short_tail(text, &lines[i + 1..], packs))
        {
            in_signature = true;
            RegionKind::Signature
        } else if (is_indented_code(line) && (prev_blank || prev == RegionKind::Code))
            || LOG_LINE.is_match(line)
        {
            RegionKind::Code
        } else if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            in_comment = true;
            RegionKind::Template
        } else if TEMPLATE_LINE.is_match(trimmed)
            || (after_template && packs.pattern(Category::TemplatePrompt).is_match(trimmed))
        {
            RegionKind::Template
        } else if let Some((field, label)) = field_label(line, packs) {
            form_line = true;
            match field {
                FieldKind::Metadata => RegionKind::Field,
                FieldKind::Content => {
                    labels[i] += label;
                    RegionKind::Own
                }
            }
        } else if in_form && let Some(label) = other_field(line) {
            form_line = true;
            // A form's field the packs do not name, among the ones they do:
            // an identifier or a date is metadata ("Block ID: rec6123",
            // "Дата заявки: 12.03.2024 14:05"), words are the author's
            // ("Додайте скріншот (необов'язково): Файл не додано").
            if data_value(&line[label..]) {
                RegionKind::Field
            } else {
                labels[i] += label;
                RegionKind::Own
            }
        } else {
            RegionKind::Own
        };
        if !trimmed.is_empty() {
            wrote |= kind == RegionKind::Own && trimmed.chars().any(char::is_alphabetic);
            // A template's fields ("- OS: [e.g. iOS]") keep its prompts going.
            after_template =
                kind == RegionKind::Template || (after_template && kind == RegionKind::Field);
            in_form = form_line;
        }
        prev_blank = trimmed.is_empty();
        kinds[i] = kind;
        prev = kind;
    }
    if let Some(block) = capitalised_signature(text, lines, &kinds, body_from, packs) {
        for kind in &mut kinds[block] {
            *kind = RegionKind::Signature;
        }
    }
    // What a helpdesk adds, in the author's text or in the quoted mail.
    let boilerplate = packs.pattern(Category::Boilerplate);
    let marker = packs.pattern(Category::ReplyMarker);
    for (i, kind) in kinds.iter_mut().enumerate().skip(body_from) {
        if matches!(kind, RegionKind::Own | RegionKind::Quoted) {
            let line = &text[(lines[i].start + labels[i]).min(lines[i].end)..lines[i].end];
            let content = line.trim_start_matches(['>', ' ', '\t']).trim_end();
            if !content.is_empty()
                && content.len() <= MAX_BOILERPLATE_LINE
                && (boilerplate.is_match(content) || marker.is_match(content))
            {
                *kind = RegionKind::Boilerplate;
            }
        }
    }
    kinds
        .into_iter()
        .zip(labels)
        .map(|(kind, label)| LineKind { kind, label })
        .collect()
}

/// Boilerplate is a line of a sentence or two; longer lines are not read
/// for it.
const MAX_BOILERPLATE_LINE: usize = 400;

/// A line of an issue template's own: a Markdown heading ("### Steps to
/// reproduce"), a line in bold alone ("**Describe the bug**"), a checkbox
/// ("- [ ] I have searched the existing issues"), GitHub's "_No response_",
/// a field in HTML ("Type: <b>Bug</b>").
static TEMPLATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
          \#{1,6}\s+\S.*
        | \*\*[^*]+\*\*:?
        | [-*]\s+\[[\ xX]\]\s.*
        | _No\ response_
        | [\p{L}][\p{L}\ ]*:\s*<(?:b|strong|i|em)>[^<]*</(?:b|strong|i|em)>
        )$",
    )
    .unwrap()
});

/// The most lines and words per line of a signature without a sign-off.
const CAPS_SIGNATURE_LINES: usize = 3;
const CAPS_SIGNATURE_WORDS: usize = 4;

/// A name block in capitals that ends the author's text without a sign-off
/// ("JOHN SMITH / ACME CORP"): after a blank line, below text of the
/// author's, at most three short lines without sentence punctuation, all in
/// capitals, with no frequent word ("PLEASE CALL ME BACK" is a sentence).
fn capitalised_signature(
    text: &str,
    lines: &[Line],
    kinds: &[RegionKind],
    body_from: usize,
    packs: &Packs,
) -> Option<Range<usize>> {
    use unicode_segmentation::UnicodeSegmentation;
    let blank = |i: usize| text[lines[i].start..lines[i].end].trim().is_empty();
    // The last own line, with only blank lines and quoted mail after it.
    let last = (body_from..lines.len())
        .rev()
        .find(|&i| !blank(i) && kinds[i] != RegionKind::Quoted)?;
    if kinds[last] != RegionKind::Own {
        return None;
    }
    let first = (body_from..=last).rev().take_while(|&i| !blank(i)).last()?;
    let block = first..last + 1;
    if block.len() > CAPS_SIGNATURE_LINES
        || kinds[block.clone()].iter().any(|k| *k != RegionKind::Own)
        // Own text above it, with a blank line between.
        || !(body_from..first).any(|i| !blank(i) && kinds[i] == RegionKind::Own)
    {
        return None;
    }
    let name_line = |i: usize| {
        let line = text[lines[i].start..lines[i].end].trim();
        let words: Vec<&str> = line.unicode_words().collect();
        let letters = line.chars().any(char::is_alphabetic);
        letters
            && !line.chars().any(char::is_lowercase)
            && !line.ends_with(['.', '!', '?', ':', ',', ';'])
            && words.len() <= 2 * CAPS_SIGNATURE_WORDS
            && line
                .split('/')
                .all(|part| part.unicode_words().count() <= CAPS_SIGNATURE_WORDS)
            && words.iter().all(|w| {
                let lower = w.to_lowercase();
                !packs.is_common_word(&lower) && !packs.is_function_word(&lower)
            })
    };
    let names = block.clone().all(name_line);
    // The name itself: two or three words on the first line.
    let first_line = &text[lines[first].start..lines[first].end];
    let first_words = first_line
        .split('/')
        .next()
        .unwrap_or("")
        .unicode_words()
        .count();
    (names && (2..=3).contains(&first_words)).then_some(block)
}

/// Letters in capitals make a copied message (not a word or two).
const MIN_MESSAGE_LETTERS: usize = 6;
/// Between the words that introduce a message and its colon or quote
/// ("the error it gives me:"), at most this many characters.
const MAX_INTRO_GAP: usize = 40;

/// Whether most of `text`'s letters are capitals, and there are a few.
fn in_capitals(text: &str) -> bool {
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lower = text.chars().filter(|c| c.is_lowercase()).count();
    upper >= MIN_MESSAGE_LETTERS && upper * 10 >= (upper + lower) * 7
}

/// The closing mark of a quote opened by `c`.
fn closing_quote(c: char) -> Option<&'static [char]> {
    match c {
        '"' => Some(&['"']),
        '«' => Some(&['»']),
        '“' => Some(&['”']),
        '„' => Some(&['“', '”']),
        _ => None,
    }
}

/// A message in capitals that `line` introduces as a program's ("it says:
/// UNABLE TO CONNECT", «текст скопировала: ОШИБКА: …», «видає "ПОМИЛКА 500"»):
/// its range in the line, after the colon or inside the quotes. An empty
/// range at the line's end: the line ends with the colon, so the message is
/// on the lines that follow.
fn introduced_message(line: &str, packs: &Packs) -> Option<Range<usize>> {
    if !line.contains([':', '"', '«', '“', '„']) {
        return None;
    }
    for m in packs.pattern(Category::MessageIntro).find_iter(line) {
        let rest = &line[m.end..];
        let Some(gap) = rest.find(|c: char| c == ':' || closing_quote(c).is_some()) else {
            continue;
        };
        if rest[..gap].chars().count() > MAX_INTRO_GAP || rest[..gap].contains(['.', '!', '?']) {
            continue;
        }
        let mut at = m.end + gap;
        if line[at..].starts_with(':') {
            at += 1;
            at += line[at..].len() - line[at..].trim_start().len();
        }
        let after = &line[at..];
        if after.trim().is_empty() {
            return Some(line.len()..line.len());
        }
        let first = after.chars().next().unwrap_or(' ');
        let end = match closing_quote(first) {
            Some(close) => {
                let inside = at + first.len_utf8();
                line[inside..]
                    .char_indices()
                    .find(|(_, c)| close.contains(c))
                    .map_or(line.len(), |(i, c)| inside + i + c.len_utf8())
            }
            None => at + after.trim_end().len(),
        };
        if in_capitals(&line[at..end]) {
            return Some(at..end);
        }
    }
    None
}

/// The messages in capitals the author copies from a program in `own`
/// text: after words that introduce one on the same line, or on the lines
/// in capitals after a line that ends introducing one ("it says:"), up to a
/// line that is not in capitals.
pub(crate) fn copied_messages(text: &str, own: &[Span], packs: &Packs) -> Vec<Span> {
    let mut out = Vec::new();
    for span in own {
        let mut next_lines = false;
        for (start, end) in line_ranges(span.slice(text)) {
            let at = span.start + start;
            let line = &text[at..span.start + end];
            if next_lines && in_capitals(line) {
                out.push(Span::new(at, at + line.trim_end().len()));
                continue;
            }
            next_lines = false;
            match introduced_message(line, packs) {
                Some(m) if m.is_empty() => next_lines = true,
                Some(m) => out.push(Span::new(at + m.start, at + m.end)),
                None => {}
            }
        }
    }
    out
}

/// How the quoted history after a reply header is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum History {
    /// Lines marked with `>` follow.
    Marked,
    /// The rest of the text is history, unmarked (Outlook, forwarded mail).
    Unmarked,
}

/// Whether `lines[0]` starts quoted history: a reply header ("On … wrote:",
/// "… пишет:", "11.03.2024, 10:03, "Anna" <a@b>:"), a separator
/// ("-----Original Message-----", a forwarded-message line), or an Outlook
/// header block ("From: … / Sent: …").
pub(super) fn history_start(text: &str, lines: &[Line], packs: &Packs) -> Option<History> {
    history_start_at(text, &lines[0], &lines[1..], packs)
}

/// [`history_start`] for `first` followed by `rest`: a line taken apart (the
/// text of a quoted line) need not be copied in front of the lines after it.
pub(super) fn history_start_at(
    text: &str,
    first: &Line,
    rest: &[Line],
    packs: &Packs,
) -> Option<History> {
    history_header(text, first, rest, packs).map(|(history, _)| history)
}

/// [`history_start_at`], and how many lines the header takes: two when a
/// reply header is wrapped ("On Mon, … Anna <", "anna@example.com> wrote:").
fn history_header(
    text: &str,
    first: &Line,
    rest: &[Line],
    packs: &Packs,
) -> Option<(History, usize)> {
    let line = text[first.start..first.end].trim();
    if line.is_empty() || is_quote_line(line) {
        return None;
    }
    let next_marked = |skip: usize| {
        rest.iter()
            .skip(skip)
            .map(|l| text[l.start..l.end].trim())
            .find(|l| !l.is_empty())
            .is_none_or(is_quote_line)
    };
    if packs.pattern(Category::HistorySeparator).is_match(line) {
        return Some((History::Unmarked, 1));
    }
    // A rule of dashes or underscores just before a header block or a
    // reply header belongs to the history it opens.
    // Only one rule deep: a run of rules is not followed rule by rule.
    if is_rule(line) {
        let next = rest
            .iter()
            .position(|l| !text[l.start..l.end].trim().is_empty());
        if let Some(i) = next
            && !is_rule(text[rest[i].start..rest[i].end].trim())
            && history_header(text, &rest[i], &rest[i + 1..], packs).is_some()
        {
            return Some((History::Unmarked, 1));
        }
    }
    // A reply header may be wrapped over two lines ("On Mon, … Anna <a@b>\nwrote:").
    let wrapped = rest
        .first()
        .map(|l| text[l.start..l.end].trim())
        .filter(|next| {
            next.chars().count() <= MAX_WRAPPED_CHARS
                && (next.ends_with(':') || (next.ends_with('>') && next.contains('@')))
                && !next.starts_with('>')
        });
    let joined = wrapped.map(|next| format!("{line} {next}"));
    let is_reply_header = |s: &str| {
        s.chars().count() <= MAX_ATTRIBUTION_CHARS
            && (packs.pattern(Category::ReplyHeader).is_match(s) || REPLY_SHAPE.is_match(s))
    };
    // A sentence ends here: a header on the next line starts there.
    let next_alone = line.ends_with(['.', '!', '?']);
    let alone = is_reply_header(line);
    let with_next = !alone && !next_alone && joined.as_deref().is_some_and(is_reply_header);
    if alone || with_next {
        // The history after a wrapped header starts after its second line.
        let lines = 1 + usize::from(with_next);
        return Some(if next_marked(lines - 1) {
            (History::Marked, lines)
        } else {
            (History::Unmarked, lines)
        });
    }
    // An Outlook block: a header line, and another within the next lines;
    // not a form's fields ("Тема: … / Браузер: … / Отправлено: …") unless
    // the sender's header is among them.
    let is_header = |s: &str| HEADER.captures(s).is_some_and(|c| packs.is_header(&c[1]));
    if is_header(line)
        && rest
            .iter()
            .take(3)
            .any(|l| is_header(text[l.start..l.end].trim()))
    {
        let window = || {
            std::iter::once(line).chain(rest.iter().take(3).map(|l| text[l.start..l.end].trim()))
        };
        let from = window().any(|s| {
            HEADER
                .captures(s)
                .is_some_and(|c| packs.is_from_header(&c[1]))
        });
        let form = window().any(|s| {
            HEADER.captures(s).is_some_and(|c| {
                !packs.is_header(&c[1]) && packs.field(&c[1]) == Some(FieldKind::Metadata)
            })
        });
        if from || !form {
            return Some((History::Unmarked, 1));
        }
    }
    None
}

/// A line of quoted mail: `>`, or the initials some clients put before it
/// (The Bat!'s "ОК> …").
pub(super) fn is_quote_line(trimmed: &str) -> bool {
    trimmed.starts_with('>') || initials_quote(trimmed).is_some()
}

/// The length of a quote mark of initials ("ОК>", "AB>"): one to three
/// capitals, then `>`.
pub(super) fn initials_quote(trimmed: &str) -> Option<usize> {
    for (len, (n, c)) in trimmed.char_indices().enumerate() {
        if c == '>' {
            return (n > 0).then_some(n + 1);
        }
        if !c.is_uppercase() || len == MAX_QUOTE_INITIALS {
            return None;
        }
    }
    None
}

const MAX_QUOTE_INITIALS: usize = 3;

/// Whether the next non-blank line of `after` is a list item.
fn before_list_item(text: &str, after: &[Line]) -> bool {
    after
        .iter()
        .map(|l| text[l.start..l.end].trim())
        .find(|l| !l.is_empty())
        .is_some_and(is_list_item)
}

/// Whether the last non-blank line of `before` is a list item: then a
/// "- Word" line after a blank line is one more item, not a signature.
fn after_list_item(text: &str, before: &[Line]) -> bool {
    before
        .iter()
        .rev()
        .map(|l| text[l.start..l.end].trim())
        .find(|l| !l.is_empty())
        .is_some_and(is_list_item)
}

fn is_list_item(line: &str) -> bool {
    line.starts_with(['-', '*', '•', '–'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A line of dashes or underscores alone, long enough not to be a list marker.
fn is_rule(trimmed: &str) -> bool {
    trimmed.chars().count() >= MIN_RULE_CHARS
        && trimmed.chars().all(|c| matches!(c, '-' | '_' | '—'))
}

fn fence_marker(trimmed: &str) -> Option<&'static str> {
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn is_indented_code(line: &str) -> bool {
    let body = line.trim_start();
    let indented = line.starts_with("    ") || line.starts_with('\t');
    let list_item = body.starts_with(['-', '*', '•'])
        || body
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    indented && !list_item
}

/// Whether what follows a sign-off looks like a name and contact lines, not more
/// of the message: a few short lines up to the end or the quoted history.
fn short_tail(text: &str, rest: &[Line], packs: &Packs) -> bool {
    let mut count = 0;
    for (i, line) in rest.iter().enumerate() {
        let s = text[line.start..line.end].trim();
        if is_quote_line(s)
            || POSTSCRIPT.is_match(s)
            || history_start(text, &rest[i..], packs).is_some()
        {
            break;
        }
        if s.is_empty() {
            continue;
        }
        count += 1;
        if count > SIGNATURE_MAX_LINES || s.chars().count() > SIGNATURE_MAX_LINE_LEN {
            return false;
        }
    }
    true
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&HEADER);
    LazyLock::force(&LOG_LINE);
    LazyLock::force(&INLINE);
    LazyLock::force(&REPLY_SHAPE);
    LazyLock::force(&POSTSCRIPT);
    LazyLock::force(&TEMPLATE_LINE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(RegionKind, &str)> {
        scan(text, Packs::embedded())
            .regions
            .iter()
            .map(|r| (r.kind, r.span.slice(text).trim_end()))
            .collect()
    }

    #[test]
    fn quoted_lines_and_signature() {
        let text = "Thanks, that fixed it.\n\n> Could you try again?\n> Support\n-- \nAnna\n";
        assert_eq!(
            kinds(text),
            [
                (RegionKind::Own, "Thanks, that fixed it."),
                (RegionKind::Quoted, "> Could you try again?\n> Support"),
                (RegionKind::Signature, "-- \nAnna"),
            ]
        );
    }

    #[test]
    fn signoff_with_a_name_is_a_signature_in_every_language() {
        for text in [
            "It fails.\nBest regards,\nJohn Smith\n",
            "Не работает.\nС уважением,\nИван\n",
            "Не працює.\nЗ повагою,\nОксана, ТОВ Ромашка\n",
        ] {
            let k = kinds(text);
            assert_eq!(k.len(), 2, "{k:?}");
            assert_eq!(k[1].0, RegionKind::Signature, "{k:?}");
        }
    }

    #[test]
    fn a_postscript_after_the_signature_is_own_text() {
        let k = kinds("It fails.\nThanks,\nOliver\n\nPS would be great to have a dark mode\n");
        assert_eq!(
            k.last().unwrap(),
            &(RegionKind::Own, "PS would be great to have a dark mode")
        );
        assert!(
            k.iter()
                .any(|(kind, s)| *kind == RegionKind::Signature && s.contains("Oliver"))
        );
    }

    #[test]
    fn thanks_in_the_middle_is_not_a_signature() {
        let text = "Thanks\nI tried again today and it still fails when I open the report page.\nAnd again after the update, same error, same page, every single time.\nAlso the export.\nAnd the import.\nAnd the print.\n";
        assert!(kinds(text).iter().all(|(k, _)| *k == RegionKind::Own));
    }

    #[test]
    fn reply_headers_start_the_history_in_every_client() {
        for text in [
            "Chrome 122.\n\nOn Mon, 11 Mar 2024 at 10:03, Anna <a@shop.example> wrote:\n> Which browser?\n",
            "Chrome 122.\n\nпн, 11 мар. 2024 г. в 10:03, Anna <a@shop.example>:\n> Каким браузером?\n",
            "Chrome 122.\n\n11.03.2024, 10:03, \"Anna\" <a@shop.example>:\n> Каким браузером?\n",
            "Chrome 122.\n\nАнна пише:\n> Яким браузером?\n",
            "Chrome 122.\n\nOn Mon, Mar 11, 2024 at 10:03 AM, Anna Support <a@shop.example>\nwrote:\n> Which browser?\n",
            "Chrome 122.\n\nOn 11/03/2024 10:03, Anna wrote:\n\n> Which browser?\n",
            "Chrome 122.\n\n________________________________\nFrom: Anna <a@shop.example>\nSent: 11 March 2024 10:03\nWhich browser?\n",
            "Chrome 122.\n\n---------- Forwarded message ---------\nFrom: Anna <a@shop.example>\nDate: Mon, 11 Mar 2024\nWhich browser?\n",
            "Chrome 122.\n\n-----Оригінальне повідомлення-----\nВід: Анна\nЯким браузером?\n",
            "Chrome 122.\nBest regards,\nBob\n\n-----Original Message-----\nFrom: Anna\nWhich browser?\n",
            "Chrome 122.\n\nFrom: Anna <a@shop.example>\nSent: Monday, March 11, 2024 10:03\nTo: Bob\nSubject: RE: x\n\nWhich browser?\n",
            "Chrome 122.\n\nОт: Анна\nОтправлено: 11 марта 2024 г. 10:03\nКому: Боб\nТема: x\n\nКаким браузером?\n",
        ] {
            let k = kinds(text);
            assert_eq!(k[0], (RegionKind::Own, "Chrome 122."), "{text}");
            let last = k.last().unwrap();
            assert_eq!(last.0, RegionKind::Quoted, "{text}: {k:?}");
            assert!(last.1.contains("?"), "{text}: {k:?}");
        }
    }

    #[test]
    fn mail_clients_of_other_languages_start_the_history_too() {
        for text in [
            "Chrome 122.\n\nAm Mo., 11. März 2024 um 10:03 Uhr schrieb Anna <a@shop.example>:\n> Welcher Browser?\n",
            "Chrome 122.\n\nLe lun. 11 mars 2024 à 10:03, Anna <a@shop.example> a écrit :\n> Quel navigateur ?\n",
            "Chrome 122.\n\nEl lun, 11 mar 2024 a las 10:03, Anna (<a@shop.example>) escribió:\n> ¿Qué navegador?\n",
            "Chrome 122.\n\nEm seg., 11 de mar. de 2024 às 10:03, Anna <a@shop.example> escreveu:\n> Qual navegador?\n",
            "Chrome 122.\n\nOp ma 11 mrt 2024 om 10:03 schreef\nAnna <a@shop.example>:\n\n> Welke browser?\n",
            "Chrome 122.\n\n2024/3/11 Anna <\na@shop.example>\n\n> Which browser?\n",
            "Chrome 122.\n\nVon: Anna <a@shop.example>\nGesendet: Montag, 11. März 2024 10:03\nAn: Bob\nBetreff: AW: x\n\nWelcher Browser?\n",
            "Chrome 122.\n\n-----Ursprüngliche Nachricht-----\nVon: Anna\nWelcher Browser?\n",
            "Chrome 122.\n\n---- On Mon, 11 Mar 2024 Anna wrote ----\nWhich browser?\n",
            "Chrome 122.\n\n ------------------------------\n*From:* Anna [mailto:a@shop.example]\n*Sent:* Monday, March 11, 2024 10:03\n\nWhich browser?\n",
            "Chrome 122.\n\nOp 11-mrt.-2024, om 10:03 heeft Anna <a@shop.example> het volgende geschreven:\n\n> Welke browser?\n",
        ] {
            let k = kinds(text);
            assert_eq!(k[0], (RegionKind::Own, "Chrome 122."), "{text}");
            let last = k.last().unwrap();
            assert_eq!(last.0, RegionKind::Quoted, "{text}: {k:?}");
            assert!(last.1.contains('?'), "{text}: {k:?}");
            assert!(
                k.iter().skip(1).all(|(kind, _)| *kind != RegionKind::Own),
                "{text}: {k:?}"
            );
        }
    }

    #[test]
    fn a_long_run_of_rules_is_read_without_following_each_to_the_next() {
        let text = format!(
            "Hello\n\n{}From: Anna\nSent: Monday\n",
            "------------\n\n".repeat(50_000)
        );
        let k = kinds(&text);
        let order: Vec<RegionKind> = k.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(order, [RegionKind::Own, RegionKind::Quoted]);
        assert!(k[1].1.starts_with("------------\n\nFrom: Anna"));
        // The rule just before the header block opens the history.
        let text = "Hello\n\n------------\n\nFrom: Anna\nSent: Monday\nWhich browser?\n";
        let k = kinds(text);
        assert_eq!(k.len(), 2, "{k:?}");
        assert_eq!(k[1].0, RegionKind::Quoted, "{k:?}");
    }

    #[test]
    fn lines_phones_and_mail_apps_add_are_a_signature() {
        for line in [
            "Sent from my iPhone",
            "Sent from my BlackBerry® wireless device",
            "Sent from Mail<https://go.microsoft.com/fwlink/?LinkId=550123> for Windows 10",
            "Get Outlook for Android",
            "Verstuurd vanaf mijn iPhone",
            "Отправлено с устройства Galaxy",
            "Надіслано з пристрою Galaxy",
            "Met vriendelijke groeten,\nAnna de Vries",
        ] {
            let text = format!("The export fails with error 500.\n\n{line}\n");
            let k = kinds(&text);
            assert_eq!(k[0].0, RegionKind::Own, "{line}: {k:?}");
            assert_eq!(k.last().unwrap().0, RegionKind::Signature, "{line}: {k:?}");
        }
        // A name signed with a dash; a list item is not one.
        let k = kinds("The export fails.\n\n-Anna\n");
        assert_eq!(
            k.last().unwrap(),
            &(RegionKind::Signature, "-Anna"),
            "{k:?}"
        );
        let k = kinds("I tried:\n\n- Firefox\n- Chrome\n");
        assert!(k.iter().all(|(kind, _)| *kind == RegionKind::Own), "{k:?}");
        let k = kinds("The export fails, and also:\n\n   - how about bullets\n");
        assert!(k.iter().all(|(kind, _)| *kind == RegionKind::Own), "{k:?}");
        // Words about a phone in the author's own sentence are not a signature.
        let k = kinds(
            "The app crashes.\n\nSent from my phone yesterday, the payment failed twice and I was charged.\n",
        );
        assert!(k.iter().all(|(kind, _)| *kind == RegionKind::Own), "{k:?}");
    }

    #[test]
    fn fences_indented_blocks_and_logs_are_code() {
        let text = "It fails:\n```\nSELECT * FROM USERS\n```\n\n    NullPointerException\n2024-03-11 10:15:02 ERROR db down\nsee above";
        let k = kinds(text);
        assert_eq!(k[0], (RegionKind::Own, "It fails:"));
        assert_eq!(k[1].0, RegionKind::Code);
        assert!(
            k[1].1.contains("SELECT") && k[1].1.contains("ERROR db down"),
            "{k:?}"
        );
        assert_eq!(k[2], (RegionKind::Own, "see above"));
    }

    #[test]
    fn inline_code_and_placeholders_split_own_text() {
        let text = "Dear {{CUSTOMER_NAME}}, run `ls -la` for ${ORDER_ID} and %USERNAME%.";
        let k = kinds(text);
        let placeholders: Vec<_> = k
            .iter()
            .filter(|(k, _)| *k == RegionKind::Placeholder)
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(
            placeholders,
            ["{{CUSTOMER_NAME}}", "${ORDER_ID}", "%USERNAME%"]
        );
        assert!(k.contains(&(RegionKind::Code, "`ls -la`")));
    }

    #[test]
    fn header_block_only_at_the_top() {
        let s = scan(
            "From: a@b.c\nSubject: Help\n  me\n\nBody",
            Packs::embedded(),
        );
        assert_eq!(s.headers.len(), 2);
        assert_eq!(s.regions[0].kind, RegionKind::Header);
        let s = scan("Body\nSubject: x", Packs::embedded());
        assert!(s.headers.is_empty());
    }

    #[test]
    fn bracketed_form_fields_are_placeholders_links_are_not() {
        let k = kinds("When: [Date and time, e.g. 12 May] see [the docs](https://x.io) [ERROR]");
        let placeholders: Vec<_> = k
            .iter()
            .filter(|(k, _)| *k == RegionKind::Placeholder)
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(placeholders, ["[Date and time, e.g. 12 May]"]);
    }

    #[test]
    fn percent_signs_in_prose_are_not_placeholders() {
        let k = kinds("Prices went up 50% and 20% again");
        assert_eq!(k.len(), 1);
    }
    #[test]
    fn form_fields_are_metadata_and_a_content_field_is_own_text() {
        let text = "Name: Kevin Marsh\nOrder no: 88123\nSubmitted: 2024-03-11 10:15\nMessage: Nothing works.\nДодайте скріншот (необов'язково): Файл не додано\nBlock ID: rec612345678\n";
        let k = kinds(text);
        assert_eq!(
            k[0],
            (
                RegionKind::Field,
                "Name: Kevin Marsh\nOrder no: 88123\nSubmitted: 2024-03-11 10:15\nMessage:"
            ),
            "{k:?}"
        );
        assert_eq!(k[1], (RegionKind::Own, "Nothing works."), "{k:?}");
        // A field the packs do not name, among ones they do: its label is
        // the form's, words are the author's, an identifier is metadata.
        assert_eq!(
            k[2],
            (RegionKind::Field, "Додайте скріншот (необов'язково):"),
            "{k:?}"
        );
        assert_eq!(k[3], (RegionKind::Own, "Файл не додано"), "{k:?}");
        assert_eq!(k[4], (RegionKind::Field, "Block ID: rec612345678"), "{k:?}");
        // Field names are found in any case and in every language.
        let k = kinds("ORDER NO: 5\nТелефон: +380 67 123 45 67\nОпис проблеми: не працює\n");
        assert_eq!(k[0].0, RegionKind::Field, "{k:?}");
        assert_eq!(k[1], (RegionKind::Own, "не працює"), "{k:?}");
        // Prose with a colon is not a field.
        assert!(
            kinds("Hello: the export fails.\n")
                .iter()
                .all(|(k, _)| *k == RegionKind::Own)
        );
    }

    #[test]
    fn a_form_is_not_an_outlook_block() {
        let k = kinds(
            "Тема: Интернет\nБраузер: Chrome 122\nОтправлено: 18.03.2024 07:52\n\nТекст обращения:\nНичего не работает\n",
        );
        assert!(
            k.iter().all(|(kind, _)| *kind != RegionKind::Quoted),
            "{k:?}"
        );
        assert_eq!(
            k.last().unwrap(),
            &(RegionKind::Own, "Ничего не работает"),
            "{k:?}"
        );
    }

    #[test]
    fn helpdesk_boilerplate_is_its_own_region() {
        let text = "It still fails.\n\n> ##- Please type your reply above this line -##\n> Which browser?\n> Is there anything else I can help you with?\n> How would you rate the support you received?\n";
        let k = kinds(text);
        let boilerplate: Vec<&str> = k
            .iter()
            .filter(|(kind, _)| *kind == RegionKind::Boilerplate)
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(boilerplate.len(), 2, "{k:?}");
        assert!(boilerplate[0].contains("reply above"), "{k:?}");
        assert!(boilerplate[1].contains("anything else") && boilerplate[1].contains("rate"));
        assert!(
            k.contains(&(RegionKind::Quoted, "> Which browser?")),
            "{k:?}"
        );
        for line in [
            "Могу ли я ещё чем-нибудь помочь?",
            "Оцініть, будь ласка, нашу роботу",
        ] {
            let text = format!("Не работает.\n\n> {line}\n");
            let k = kinds(&text);
            assert_eq!(
                k.last().unwrap().0,
                RegionKind::Boilerplate,
                "{line}: {k:?}"
            );
        }
    }

    #[test]
    fn a_reply_marker_opens_the_history_only_below_a_reply() {
        // A reply above it: the notification is earlier mail.
        let k = kinds(
            "Chrome 122.\n\n##- Please type your reply above this line -##\nWhich browser?\n",
        );
        assert_eq!(
            k.last().unwrap(),
            &(RegionKind::Quoted, "Which browser?"),
            "{k:?}"
        );
        // Nothing above it: the notification holds the ticket itself.
        let k = kinds("##- Please type your reply above this line -##\n\nThe export fails.\n");
        assert_eq!(
            k.last().unwrap(),
            &(RegionKind::Own, "The export fails."),
            "{k:?}"
        );
    }

    #[test]
    fn issue_template_text_is_not_the_authors() {
        let text = "### Describe the bug\n\nNothing works.\n\n### Steps to reproduce\n\n_No response_\n\n<!--\nPlease describe the steps.\n-->\n**Expected behavior**\nA clear and concise description of what you expected to happen.\n- [X] I agree to follow the Code of Conduct\nType: <b>Bug</b>\n";
        let own: Vec<&str> = kinds(text)
            .into_iter()
            .filter(|(kind, _)| *kind == RegionKind::Own)
            .map(|(_, s)| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(own, ["Nothing works."]);
        // A prompt is template text only under a template's line.
        let k = kinds("Please describe the steps you took before it failed.\n");
        assert_eq!(k[0].0, RegionKind::Own);
    }

    #[test]
    fn initials_before_the_quote_mark_quote_too() {
        let k = kinds("Ви писали 5 березня 2024 р., 16:47:\n\nОК> Яким браузером?\n\nChrome 122\n");
        assert!(
            k[0].0 == RegionKind::Quoted && k[0].1.ends_with("ОК> Яким браузером?"),
            "{k:?}"
        );
        assert_eq!(k.last().unwrap(), &(RegionKind::Own, "Chrome 122"), "{k:?}");
    }

    #[test]
    fn a_chat_transcript_has_labels_own_turns_and_supports_turns() {
        let text = "Chat transcript\nChat ID: 7f3a9c21\n[09:41] Visitor: nothing works on your site\n[09:42] Agent (Trackly): When did you first notice it?\n[09:43] Visitor: since this morning\n";
        let k = kinds(text);
        assert!(
            k[0].0 == RegionKind::Field && k[0].1.starts_with("Chat transcript\nChat ID"),
            "{k:?}"
        );
        assert!(
            k.contains(&(RegionKind::Own, "nothing works on your site")),
            "{k:?}"
        );
        assert!(
            k.contains(&(RegionKind::Quoted, "When did you first notice it?")),
            "{k:?}"
        );
        assert!(
            k.contains(&(RegionKind::Field, "[09:43] Visitor:")),
            "{k:?}"
        );
        assert_eq!(scan(text, Packs::embedded()).turns.len(), 3);
    }
}
