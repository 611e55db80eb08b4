//! Properties over arbitrary input: decoding, ticket parsing, e-mail parsing
//! and the whole lint never panic, and every span they give lies inside the
//! text it points into, on char boundaries. Tickets come both as arbitrary
//! strings and from a ticket-like grammar (quotes, reply headers, fences,
//! placeholders, capitals, CRLF, NUL, RTL, zero-width and combining marks),
//! e-mails as arbitrary bytes and as mutations of valid messages.
//!
//! A failing case is saved to `tests/properties.proptest-regressions` and
//! tried first on every later run.

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

use ticketlint::diagnostic::Span;
use ticketlint::fix;
use ticketlint::input::decode::{self, DecodeError};
use ticketlint::inspect::Inspection;
use ticketlint::lang::Packs;
use ticketlint::linter::{Linted, Linter};
use ticketlint::report::{self, FileResult, Reporter, Summary};
use ticketlint::ticket::{ParseOptions, RegionKind, Ticket};

/// Cases per property: a few hundred, so that the file runs in seconds;
/// `PROPTEST_CASES` asks for more (a longer search, run by hand).
fn config(cases: u32) -> Config {
    let default = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        Config { cases, ..default }
    }
}

// Generators.

/// Encodings `--encoding` may force, by label.
const LABELS: &[&str] = &[
    "utf-8",
    "windows-1251",
    "koi8-r",
    "koi8-u",
    "ibm866",
    "windows-1252",
    "utf-16le",
    "utf-16be",
    "shift_jis",
    "gb18030",
    "iso-2022-jp",
    "x-user-defined",
];

/// Bytes with the shapes decoders trip on: BOMs, NULs, UTF-8 lead and
/// continuation bytes, Cyrillic in legacy encodings.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..16),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xFE\xFF".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\xD0".to_vec()),
        Just(b"\x80\xBF".to_vec()),
        Just(b"\xF0\x9F\x98".to_vec()),
        Just("НЕ РАБОТАЕТ ".as_bytes().to_vec()),
        Just(b"\xCD\xC5 \xD2\xC1\xC2\xCF\xD4\xC1\xC5\xD4".to_vec()),
        "[ -~\n]{0,20}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Pieces of ticket text: mail structure, markup, and hostile characters.
const FRAGMENTS: &[&str] = &[
    "On Mon, 1 Jan 2024 at 10:00, Bob <b@x.com> wrote:",
    "On Mon, Mar 11, 2024 at 10:03 AM, Anna Support <a@shop.example>",
    "wrote:",
    "Иван Петров пишет:",
    "Оксана написав:",
    "Анна пише:",
    "пн, 11 мар. 2024 г. в 10:03, Anna <a@shop.example>:",
    "11.03.2024, 10:03, \"Anna\" <a@shop.example>:",
    "-----Original Message-----",
    "-----Исходное сообщение-----",
    "---------- Forwarded message ---------",
    "________________________________",
    "From: Anna <a@shop.example>",
    "Sent: Monday, March 11, 2024 10:03",
    "От: Анна",
    "Отправлено: 11 марта 2024 г. 10:03",
    "Від: Анна",
    "Subject: HELP",
    "Тема: НЕ РАБОТАЕТ ОПЛАТА",
    "Date: Mon, 11 Mar 2024 09:14:22 +0000",
    "```",
    "```rust",
    "~~~",
    "    indented code();",
    "\tNullPointerException",
    "2024-03-11 10:15:02 ERROR db down",
    "at com.shop.Cart(Cart.java:42)",
    "{{name}}",
    "{{",
    "}}",
    "[NAME]",
    "[Describe the problem here]",
    "${ORDER_ID}",
    "%USERNAME%",
    "{% if x %}",
    "{#",
    "`ls -la`",
    "`",
    "<!--",
    "-->",
    "<!-- ticketlint-disable shouting -->",
    "<!-- ticketlint-enable -->",
    "<!-- ticketlint-disable-next-line -->",
    "<!-- ticketlint-disable-file -->",
    "<!-- ticketlint-disable shouting, no-timestamp",
    "---",
    "kind: canned-reply",
    "kind: template",
    "-- ",
    "--",
    "Best regards,",
    "С уважением,",
    "З повагою,",
    "Thanks, Daniel",
    "PS also the export",
    "ЗЫ",
    "Why does it fail?",
    "Which browser do you use?",
    "Когда появилась ошибка?",
    "Коли з'явилася помилка?",
    "Could you send a screenshot, please?",
    "Chrome or Firefox?",
    "1. open the page",
    "2) press pay",
    "- also the export",
    "• и ещё",
    "NOTHING WORKS FIX IT NOW!!!",
    "НИЧЕГО НЕ РАБОТАЕТ!!!",
    "НІЧОГО НЕ ПРАЦЮЄ",
    "URGENT???",
    "ООО РОМАШКА",
    "ERR_CONNECTION_REFUSED",
    "nothing works",
    "ничего не работает с утра",
    "не працює з понеділка",
    "works now, thanks",
    "how do I export my contacts?",
    "please add dark mode",
    "screenshot attached",
    "see error.png",
    "![shot](error.png)",
    "<img src=\"x.png\">",
    "![",
    "](",
    "https://shop.example/cart?id=1",
    "«Оплатить»",
    "\"Access denied\"",
    "at 14:05",
    "12.03.2024",
    "\0",
    "\r",
    "\u{FEFF}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{2028}",
    "\u{0085}",
    "\u{00A0}",
    "שלום",
    "مرحبا، لا يعمل",
    "\u{202E}RTL override\u{202C}",
    "НЕ\u{200B}РАБОТАЕТ",
    "и\u{0306}",
    "Z\u{0335}\u{0321}A\u{0334}L\u{0336}G\u{0337}O",
    "\u{0301}\u{0301}\u{0301}",
    "😀👩\u{200D}💻",
    "🇺🇦",
    "ß",
    "İ",
    "ǅ",
    "ﬃ",
    "?",
    "!!!",
    ":",
    "…",
    ".",
];

/// A line of a ticket: a quote prefix of random depth, then fragments, words
/// and arbitrary characters.
fn ticket_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        10 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        3 => "[a-zA-Zа-яА-ЯіїєґІЇЄҐ ,.?!]{0,24}",
        1 => "\\PC{0,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    let quote = prop_oneof![
        3 => Just(String::new()),
        2 => (1usize..4).prop_map(|n| "> ".repeat(n)),
        1 => (1usize..40).prop_map(|n| ">".repeat(n)),
        1 => (1usize..4).prop_map(|n| " >".repeat(n) + " "),
    ];
    let space = prop::sample::select(&["", " ", "  ", "\t"][..]);
    (quote, prop::collection::vec((piece, space), 0..4)).prop_map(|(quote, pieces)| {
        let mut line = quote;
        for (piece, space) in pieces {
            line.push_str(&piece);
            line.push_str(space);
        }
        line
    })
}

/// A ticket from the grammar: lines joined by LF, CRLF or a lone CR.
fn ticket_text() -> impl Strategy<Value = String> {
    let ending = prop::sample::select(&["\n", "\n", "\n", "\r\n", "\r", "\n\n"][..]);
    prop::collection::vec((ticket_line(), ending), 0..32).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(line, end)| line + end)
            .collect::<String>()
    })
}

/// Arbitrary strings and grammar tickets, half and half.
fn any_ticket() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), ticket_text()]
}

/// Valid messages to mutate.
const MAILS: &[&[u8]] = &[
    include_bytes!("../examples/ru-mail-with-screenshot.eml"),
    include_bytes!("hostile/truncated-multipart.eml"),
    include_bytes!("hostile/rfc2047-garbage.eml"),
    include_bytes!("hostile/bad-charset.eml"),
    b"From: Anna <a@shop.example>\r\nTo: b@x.com\r\nSubject: =?utf-8?B?0J3QtSDRgNCw0LHQvtGC0LDQtdGC?=\r\n\
Date: Mon, 11 Mar 2024 10:03:00 +0300\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
0J3QuNGH0LXQs9C+INC90LUg0YDQsNCx0L7RgtCw0LXRgg==\r\n\
--alt\r\nContent-Type: text/html; charset=koi8-r\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
<p>=EE=C9=DE=C5=C7=CF <b>=CE=C5</b> =D2=C1=C2=CF=D4=C1=C5=D4</p>\r\n--alt--\r\n",
    b"From: b@x.com\r\nSubject: Fwd: export\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nSee below. Screenshot attached.\r\n\
> On Mon, 1 Jan 2024 at 10:00, Anna <a@x.com> wrote:\r\n> Which browser?\r\n\
--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@x.com\r\nSubject: inner\r\n\r\nInner body\r\n\
--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n",
];

/// One change to a message's bytes.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let inserted = prop_oneof![
        prop::collection::vec(any::<u8>(), 1..8),
        prop::sample::select(
            &[
                "\r\n",
                "--",
                "--b",
                "=?",
                "?=",
                "=?utf-8?B?",
                "=?koi8-r?Q?=FF",
                "==",
                "=\r\n",
                "\r\n\r\n",
                "boundary=",
                "Content-Type: multipart/mixed; boundary=x\r\n",
                "charset=",
                "base64",
                ";",
                "\"",
                "\0",
            ][..]
        )
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), inserted).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn mutated_mail() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(MAILS),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|(mail, edits)| {
            let mut bytes = mail.to_vec();
            for edit in edits {
                let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
                match edit {
                    Edit::Flip(i, b) if !bytes.is_empty() => {
                        let i = i % bytes.len();
                        bytes[i] = b;
                    }
                    Edit::Flip(..) => {}
                    Edit::Insert(i, b) => {
                        let i = at(i, bytes.len());
                        bytes.splice(i..i, b);
                    }
                    Edit::Delete(i, n) => {
                        let i = at(i, bytes.len());
                        let end = (i + n).min(bytes.len());
                        bytes.drain(i..end);
                    }
                    Edit::Truncate(i) => {
                        let i = at(i, bytes.len());
                        bytes.truncate(i);
                    }
                }
            }
            bytes
        })
}

// Checks.

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} cuts a character in {text:?}"
    );
}

/// Everything a parsed ticket points at lies inside its text.
fn check_ticket(ticket: &Ticket) {
    let text = ticket.text.as_str();
    // Regions are sorted, do not overlap, and cover the whole text.
    let mut pos = 0;
    for region in &ticket.regions {
        check_span(text, region.span, "region");
        assert_eq!(region.span.start, pos, "regions: {:?}", ticket.regions);
        assert!(
            !region.span.is_empty(),
            "empty region: {:?}",
            ticket.regions
        );
        pos = region.span.end;
    }
    assert_eq!(
        pos,
        text.len(),
        "regions cover the text: {:?}",
        ticket.regions
    );
    for header in &ticket.headers {
        check_span(text, header.value, "header");
    }
    if let Some(subject) = ticket.subject {
        check_span(text, subject, "subject");
    }
    for &s in &ticket.sentences {
        check_span(text, s, "sentence");
    }
    for issue in &ticket.issues {
        check_span(text, issue.span, "issue");
    }
    for message in &ticket.messages {
        check_span(text, message.span, "message");
        assert!(message.depth >= 1, "{message:?}");
    }
    for question in &ticket.questions {
        check_span(text, question.span, "question");
        assert_eq!(
            ticket.kind_at(question.span.start),
            Some(RegionKind::Quoted),
            "questions come from quoted mail"
        );
    }
    for attachment in &ticket.attachments {
        if let Some(span) = attachment.span {
            check_span(text, span, "attachment");
        }
    }
    let e = &ticket.evidence;
    for (what, span) in [
        ("problem", e.problem),
        ("vague claim", e.vague_claim),
        ("example", e.example),
        ("screenshot", e.screenshot),
        ("image mention", e.image_mention),
        ("time", e.time),
    ] {
        if let Some(span) = span {
            check_span(text, span, what);
        }
    }
}

/// Every finding points into the ticket's text; the reporters, fixes and
/// `inspect` take it.
fn check_linted(name: &str, linted: &Linted) {
    let text = linted.ticket.text.as_str();
    for d in &linted.diagnostics {
        check_span(text, d.span, d.rule);
        for r in &d.related {
            check_span(text, r.span, d.rule);
        }
    }
    let starts: Vec<usize> = linted.diagnostics.iter().map(|d| d.span.start).collect();
    assert!(starts.is_sorted(), "diagnostics in text order");
    check_ticket(&linted.ticket);

    let file = FileResult {
        name,
        linted,
        id: None,
        record: None,
    };
    let mut summary = Summary::default();
    summary.add(linted);
    let doc = render(&mut report::Json::default(), &file, &summary);
    let json: Value = serde_json::from_slice(&doc)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&doc)));
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), linted.diagnostics.len());
    for (out, d) in diagnostics.iter().zip(&linted.diagnostics) {
        assert_eq!(out["span"]["start"], d.span.start);
        assert_eq!(out["span"]["end"], d.span.end);
    }
    for line in render(&mut report::Ndjson, &file, &summary).split(|&b| b == b'\n') {
        if !line.is_empty() {
            serde_json::from_slice::<Value>(line).unwrap();
        }
    }
    serde_json::from_slice::<Value>(&render(&mut report::Sarif::default(), &file, &summary))
        .unwrap();
    render(&mut report::Human::default(), &file, &summary);
    render(&mut report::Github, &file, &summary);

    // `--fix` and `--diff`: fixes apply, and the result can be written back.
    let (fixed, _) = fix::apply(text, &linted.diagnostics, true);
    fix::diff(name, text, &fixed);
    if !linted.ticket.mail {
        // Err when the fix does not fit the encoding; never a panic.
        let _ = fix::encode(&fixed, &linted.encoding, linted.bom);
    }

    // `inspect`, both formats.
    let inspection = Inspection::new(name, &linted.encoding, &linted.ticket);
    serde_json::to_string(&inspection).unwrap();
    inspection
        .write_human(&mut Vec::new(), &linted.ticket)
        .unwrap();
}

fn render(reporter: &mut dyn Reporter, file: &FileResult<'_>, summary: &Summary) -> Vec<u8> {
    let mut out = Vec::new();
    reporter.file(&mut out, file).unwrap();
    reporter.finish(&mut out, summary).unwrap();
    out
}

fn linter() -> Linter<'static> {
    Linter::new(Packs::embedded())
}

fn parse(text: &str) -> Ticket {
    Ticket::parse(text, Packs::embedded(), &ParseOptions::default())
}

// Properties.

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn decoding_never_panics(
        bytes in prop_oneof![any::<Vec<u8>>(), hostile_bytes()],
        label in prop::option::of(prop::sample::select(LABELS)),
    ) {
        let forced = label.map(|l| decode::encoding_for_label(l).unwrap());
        let bom = encoding_rs::Encoding::for_bom(&bytes).is_some();
        match decode::decode(&bytes, forced) {
            Ok(decoded) => {
                // A String is valid UTF-8 by construction; the flags agree.
                prop_assert_eq!(decoded.bom, bom);
                prop_assert!(!decoded.encoding.is_empty());
                // (With NUL bytes, valid UTF-8 may be UTF-16 without a BOM.)
                if !bom && forced.is_none() && !bytes.contains(&0) && std::str::from_utf8(&bytes).is_ok() {
                    prop_assert_eq!(decoded.text.as_bytes(), &bytes[..]);
                    prop_assert!(!decoded.lossy);
                }
            }
            // Only NUL bytes without a byte order mark are refused.
            Err(DecodeError::Binary) => prop_assert!(!bom && bytes.contains(&0)),
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn parsing_keeps_every_span_inside_the_text(text in any_ticket()) {
        check_ticket(&parse(&text));
    }

    #[test]
    fn parsing_with_a_forced_language_keeps_spans_inside(
        text in ticket_text(),
        lang in prop::sample::select(&["en", "ru", "uk"][..]),
    ) {
        let options = ParseOptions { language: Some(lang.to_string()) };
        let ticket = Ticket::parse(text, Packs::embedded(), &options);
        prop_assert_eq!(ticket.language.as_str(), lang);
        check_ticket(&ticket);
    }

    #[test]
    fn linting_text_keeps_findings_inside_and_renders_json(text in any_ticket()) {
        let linted = linter().lint_text(text);
        check_linted("ticket.txt", &linted);
    }

    #[test]
    fn linting_bytes_keeps_findings_inside_and_renders_json(
        bytes in prop_oneof![hostile_bytes(), ticket_text().prop_map(String::into_bytes)],
    ) {
        match linter().lint_bytes("ticket.txt", &bytes, None) {
            Ok(linted) => check_linted("ticket.txt", &linted),
            Err(DecodeError::Binary) => prop_assert!(bytes.contains(&0)),
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn mail_parsing_never_panics_on_arbitrary_bytes(
        bytes in prop_oneof![any::<Vec<u8>>(), hostile_bytes()],
    ) {
        if let Some(mail) = ticketlint::input::mail::parse(&bytes) {
            check_ticket(&Ticket::from_mail(mail, Packs::embedded(), &ParseOptions::default()));
        }
    }

    #[test]
    fn mutated_mail_is_parsed_and_linted_without_panics(bytes in mutated_mail()) {
        if let Some(mail) = ticketlint::input::mail::parse(&bytes) {
            for attachment in &mail.attachments {
                prop_assert!(!attachment.name.is_empty());
            }
            // A text line mapped to the file is a line of the file, and an
            // exact one reads there as in the text (checked where the file's
            // line is ASCII, so in any charset).
            let raw: Vec<&[u8]> = bytes
                .split(|&b| b == b'\n')
                .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                .collect();
            for (text, at) in mail.text.split('\n').zip(&mail.lines.0) {
                if let Some(at) = at {
                    prop_assert!(at.line >= 1 && at.line <= raw.len());
                    if at.exact && raw[at.line - 1].is_ascii() {
                        prop_assert_eq!(raw[at.line - 1], text.as_bytes());
                    }
                }
            }
        }
        match linter().lint_bytes("mail.eml", &bytes, None) {
            Ok(linted) => check_linted("mail.eml", &linted),
            Err(DecodeError::Binary) => prop_assert!(bytes.contains(&0)),
        }
    }

    #[test]
    fn a_ticket_pasted_into_a_mail_body_is_linted(text in ticket_text()) {
        let mut bytes = b"From: a@x.com\r\nSubject: t\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        let linted = linter().lint_bytes("mail.eml", &bytes, None).unwrap();
        prop_assert!(linted.ticket.mail);
        check_linted("mail.eml", &linted);
    }
}
