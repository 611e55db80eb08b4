//! The generator's promises: determinism, realistic sizes, every language
//! and format, valid NDJSON and valid MIME.

use std::collections::HashSet;

use mail_parser::{MessageParser, MimeHeaders};
use ticketgen::{Format, Generator, Kind, Lang, MAX_BYTES, Ticket};

fn tickets(seed: u64, n: usize) -> Vec<Ticket> {
    Generator::new(seed).take(n).collect()
}

/// FNV-1a over every ticket's name, bytes and JSON line.
fn fingerprint(tickets: &[Ticket]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for t in tickets {
        for byte in t
            .name
            .bytes()
            .chain(t.bytes.iter().copied())
            .chain(t.json_line().bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[test]
fn the_same_seed_gives_identical_output() {
    let a = tickets(42, 300);
    let b = tickets(42, 300);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.bytes, y.bytes, "{}", x.name);
        assert_eq!(x.json_line(), y.json_line(), "{}", x.name);
    }
    // Ticket n does not depend on the tickets made before it.
    let direct = Generator::new(42).ticket(299);
    assert_eq!(direct.bytes, a[299].bytes);
}

#[test]
fn output_is_pinned_across_machines_and_releases() {
    // Changing the generator's content changes this value: that is a new
    // corpus, and benchmark figures taken before it are not comparable.
    assert_eq!(
        format!("{:016x}", fingerprint(&tickets(1, 200))),
        PINNED_SEED_1,
        "seed 1 no longer gives the same tickets"
    );
}

const PINNED_SEED_1: &str = "fbd8a1040f19e292";

#[test]
fn different_seeds_differ() {
    let a = tickets(1, 50);
    let b = tickets(2, 50);
    let same = a.iter().zip(&b).filter(|(x, y)| x.bytes == y.bytes).count();
    assert_eq!(same, 0);
}

#[test]
fn sizes_look_like_real_tickets() {
    let all = tickets(7, 2000);
    let mut sizes: Vec<usize> = all.iter().map(|t| t.bytes.len()).collect();
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    let max = *sizes.last().unwrap();
    assert!((600..=1600).contains(&median), "median {median}");
    assert!(max <= MAX_BYTES, "max {max}");
    assert!(sizes[0] >= 100, "min {}", sizes[0]);
    assert!(max >= 5000, "no long tickets: max {max}");
    // Near-identical tickets would make a poor benchmark corpus.
    let distinct: HashSet<&[u8]> = all.iter().map(|t| t.bytes.as_slice()).collect();
    assert_eq!(distinct.len(), all.len());
}

#[test]
fn every_language_format_and_kind_appears() {
    let all = tickets(3, 2000);
    let langs: HashSet<Lang> = all.iter().map(|t| t.lang).collect();
    let formats: HashSet<Format> = all.iter().map(|t| t.format).collect();
    let kinds: HashSet<Kind> = all.iter().map(|t| t.kind).collect();
    assert_eq!(langs.len(), Lang::ALL.len());
    assert_eq!(formats.len(), Format::ALL.len());
    assert_eq!(kinds.len(), Kind::ALL.len());
    assert!(
        all.iter().any(|t| t.translit),
        "no Russian or Ukrainian in Latin letters"
    );

    let text = |t: &Ticket| String::from_utf8_lossy(&t.bytes).into_owned();
    let threads: Vec<String> = all
        .iter()
        .filter(|t| t.format == Format::Thread)
        .map(text)
        .collect();
    for header in [" wrote:", " пишет:", " написав:", " пише:", "\n> ", "\n>> "] {
        assert!(
            threads.iter().any(|t| t.contains(header)),
            "no thread has {header:?}"
        );
    }
    let markdown: Vec<String> = all
        .iter()
        .filter(|t| t.format == Format::Markdown)
        .map(text)
        .collect();
    for mark in ["```", "![screenshot](", "\n## ", "\n1. "] {
        assert!(
            markdown.iter().any(|t| t.contains(mark)),
            "no Markdown has {mark:?}"
        );
    }
    assert!(
        markdown.iter().any(|t| t.starts_with("# ")),
        "no Markdown title"
    );
    let mail: Vec<String> = all
        .iter()
        .filter(|t| t.format == Format::Eml)
        .map(text)
        .collect();
    for header in [
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Transfer-Encoding: base64",
        "charset=windows-1251",
        "multipart/mixed",
        "multipart/alternative",
        "Content-Type: image/png",
        "Content-Type: text/csv",
    ] {
        assert!(
            mail.iter().any(|t| t.contains(header)),
            "no e-mail has {header:?}"
        );
    }
    let names: HashSet<&str> = all
        .iter()
        .map(|t| t.name.rsplit('.').next().unwrap())
        .collect();
    assert_eq!(names, HashSet::from(["txt", "md", "eml"]));
}

#[test]
fn ndjson_lines_are_valid_records() {
    for ticket in tickets(11, 1000) {
        let line = ticket.json_line();
        assert!(!line.contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let object = value.as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
        assert!(value["id"].is_string());
        assert!(value["subject"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(value["body"].as_str().is_some_and(|s| !s.is_empty()));
        for attachment in value["attachments"].as_array().unwrap() {
            assert!(attachment["name"].is_string());
            assert!(attachment["content_type"].is_string());
        }
        for message in value["thread"].as_array().unwrap() {
            assert!(matches!(
                message["from"].as_str(),
                Some("agent" | "customer")
            ));
            assert!(message["body"].is_string());
        }
        if ticket.kind == Kind::Reply {
            assert!(
                !value["thread"].as_array().unwrap().is_empty(),
                "{}",
                ticket.name
            );
        }
    }
}

#[test]
fn mail_parses_as_mime() {
    let mut seen = 0;
    for ticket in tickets(5, 2000)
        .into_iter()
        .filter(|t| t.format == Format::Eml)
    {
        seen += 1;
        let message = MessageParser::default()
            .parse(&ticket.bytes)
            .unwrap_or_else(|| panic!("{} does not parse", ticket.name));
        assert_eq!(
            message.subject().map(str::is_empty),
            Some(false),
            "{}",
            ticket.name
        );
        let body = message
            .body_text(0)
            .unwrap_or_else(|| panic!("{} has no text", ticket.name));
        let body = body.replace("\r\n", "\n");
        let start: String = ticket.record.body.chars().take(40).collect();
        assert!(
            body.contains(&start),
            "{}: {start:?} not in {body:?}",
            ticket.name
        );
        let names: Vec<String> = message
            .attachments()
            .map(|a| a.attachment_name().unwrap_or_default().to_string())
            .collect();
        let expected: Vec<String> = ticket
            .record
            .attachments
            .iter()
            .map(|a| a.name.clone())
            .collect();
        assert_eq!(names, expected, "{}", ticket.name);
        for (attachment, expected) in message.attachments().zip(&ticket.record.attachments) {
            let content_type = attachment.content_type().unwrap();
            let content_type = format!(
                "{}/{}",
                content_type.ctype(),
                content_type.subtype().unwrap_or_default()
            );
            assert_eq!(content_type, expected.content_type, "{}", ticket.name);
            if content_type == "image/png" {
                assert!(
                    attachment.contents().starts_with(b"\x89PNG\r\n\x1a\n"),
                    "{}",
                    ticket.name
                );
            }
        }
    }
    assert!(seen > 300);
}

#[test]
fn sizes_parse() {
    assert_eq!(ticketgen::parse_size("500M"), Some(500 << 20));
    assert_eq!(ticketgen::parse_size("64K"), Some(64 << 10));
    assert_eq!(ticketgen::parse_size("1000"), Some(1000));
    assert_eq!(ticketgen::parse_size("2GiB"), Some(2 << 30));
    assert_eq!(ticketgen::parse_size("5X"), None);
}
