//! A ticket given as a JSON record (`--input-format ndjson`, one per line) →
//! the text a ticket is read from, as e-mail is in [`crate::input::mail`].
//!
//! A record is `{"id", "subject", "body", "attachments": [{"name",
//! "content_type"}], "thread": [{"from": "agent"|"customer", "body"}]}`. Only
//! `body` is required; fields a record has beyond these are ignored, so a
//! helpdesk export can be piped in as it is.
//!
//! The text is a `Subject:` line, the body, then the thread as quoted history:
//! the latest earlier message quoted once, the one before it twice, and so on,
//! each under an "… wrote:" line, the way mail clients quote a reply. With
//! `"channel": "chat"` the thread and the body are a chat instead, oldest
//! first, one `Customer:` or `Agent:` turn each, as a pasted transcript
//! reads. Spans point into that text; reports carry it as `decoded_text`.

use std::io::BufRead;

use serde::Deserialize;

use crate::input::mail::Mail;
use crate::ticket::{Attachment, content_type_for};

/// One ticket of an NDJSON stream.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Record {
    /// The ticket's id in the helpdesk, echoed in the result: any JSON value.
    #[serde(default)]
    pub id: serde_json::Value,
    #[serde(default)]
    pub subject: Option<String>,
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<RecordAttachment>,
    /// The earlier messages of the conversation, oldest first.
    #[serde(default)]
    pub thread: Vec<ThreadMessage>,
    /// How the conversation took place: by mail (the default) or in a chat.
    #[serde(default)]
    pub channel: Channel,
}

/// How a record's conversation took place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The body is a reply; the thread is quoted mail.
    #[default]
    Mail,
    /// The thread and the body are the turns of a chat.
    Chat,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RecordAttachment {
    pub name: String,
    /// From the name's extension when absent.
    #[serde(default)]
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ThreadMessage {
    pub from: Sender,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sender {
    Agent,
    Customer,
}

/// Thread messages deeper than this are quoted at this depth.
const MAX_QUOTE_DEPTH: usize = 16;

impl Record {
    /// Reads one line of an NDJSON stream. The error is serde_json's, which
    /// says what and at which column.
    pub fn parse(line: &str) -> Result<Record, serde_json::Error> {
        serde_json::from_str(line)
    }

    /// The text a ticket is built from, and the attachments it lists.
    pub fn into_mail(self) -> Mail {
        let mut text = String::with_capacity(
            self.body.len() + self.thread.iter().map(|m| m.body.len() + 16).sum::<usize>() + 64,
        );
        if let Some(subject) = self.subject.filter(|s| !s.trim().is_empty()) {
            text.push_str("Subject: ");
            text.push_str(&subject.replace(['\r', '\n'], " "));
            text.push_str("\n\n");
        }
        if self.channel == Channel::Chat {
            let customer = ThreadMessage {
                from: Sender::Customer,
                body: self.body,
            };
            for message in self.thread.iter().chain(std::iter::once(&customer)) {
                if message.body.trim().is_empty() {
                    continue;
                }
                text.push_str(match message.from {
                    Sender::Agent => "Agent: ",
                    Sender::Customer => "Customer: ",
                });
                text.push_str(message.body.replace("\r\n", "\n").trim());
                text.push('\n');
            }
            return Mail {
                text,
                attachments: attachments(self.attachments),
                sent: None,
                lines: Default::default(),
            };
        }
        text.push_str(&self.body.replace("\r\n", "\n"));
        // Each earlier message is quoted one level deeper, up to a limit:
        // the rules read the last messages, and quoting thousands of levels
        // would make the text grow with the square of the thread.
        let deepest = ">".repeat(MAX_QUOTE_DEPTH);
        for (depth, message) in self.thread.iter().rev().enumerate() {
            let marks = &deepest[..depth.min(MAX_QUOTE_DEPTH)];
            if depth == 0 {
                while text.ends_with('\n') {
                    text.pop();
                }
                text.push_str("\n\n");
            } else {
                // A quoted blank line between a message and the one it quotes.
                text.push_str(marks);
                text.push('\n');
                text.push_str(marks);
                text.push(' ');
            }
            text.push_str(match message.from {
                Sender::Agent => "agent wrote:\n",
                Sender::Customer => "customer wrote:\n",
            });
            for line in message.body.replace("\r\n", "\n").lines() {
                text.push_str(marks);
                text.push_str("> ");
                text.push_str(line);
                text.push('\n');
            }
        }
        Mail {
            text,
            attachments: attachments(self.attachments),
            sent: None,
            lines: Default::default(),
        }
    }
}

/// The files a record lists, typed by their names where it does not say.
fn attachments(listed: Vec<RecordAttachment>) -> Vec<Attachment> {
    listed
        .into_iter()
        .map(|a| Attachment {
            content_type: a
                .content_type
                .map(|c| c.trim().to_ascii_lowercase())
                .unwrap_or_else(|| content_type_for(&a.name).to_string()),
            name: a.name,
            size: None,
            span: None,
        })
        .collect()
}

/// A line of an NDJSON stream that is not read as a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// Longer than the limit: skipped, never held in memory.
    TooLong {
        limit: u64,
    },
    NotUtf8,
    /// A NUL byte: the stream is not NDJSON; nothing after it is read.
    Binary,
    Io(String),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::TooLong { limit } => {
                write!(f, "skipped, longer than --max-file-size ({limit} bytes)")
            }
            LineError::NotUtf8 => write!(f, "not UTF-8 (JSON is UTF-8)"),
            LineError::Binary => write!(
                f,
                "binary data (a NUL byte), not NDJSON: the rest of the input is not read"
            ),
            LineError::Io(reason) => write!(f, "cannot read: {reason}"),
        }
    }
}

/// The lines of a stream with their 1-based numbers, blank lines left out.
/// A line is never held beyond `limit` bytes: the rest of a longer one is
/// read past. A read error ends the stream after it is reported.
pub fn lines<R: BufRead>(
    reader: R,
    limit: u64,
) -> impl Iterator<Item = (usize, Result<String, LineError>)> {
    let mut reader = reader;
    let mut number = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        loop {
            if done {
                return None;
            }
            number += 1;
            let mut line = Vec::new();
            let mut too_long = false;
            let mut ended = false;
            while !ended {
                let buf = match reader.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        done = true;
                        return Some((number, Err(LineError::Io(e.to_string()))));
                    }
                };
                if buf.is_empty() {
                    done = true;
                    if line.is_empty() && !too_long {
                        return None;
                    }
                    break;
                }
                let (taken, found) = match memchr::memchr(b'\n', buf) {
                    Some(i) => (i + 1, true),
                    None => (buf.len(), false),
                };
                // JSON text has no NUL: binary data (or /dev/zero) ends the
                // stream rather than being read past for ever.
                if memchr::memchr(0, &buf[..taken]).is_some() {
                    done = true;
                    return Some((number, Err(LineError::Binary)));
                }
                if !too_long {
                    let part = &buf[..taken - usize::from(found)];
                    if (line.len() + part.len()) as u64 > limit {
                        too_long = true;
                        line = Vec::new();
                    } else {
                        line.extend_from_slice(part);
                    }
                }
                reader.consume(taken);
                ended = found;
            }
            if too_long {
                return Some((number, Err(LineError::TooLong { limit })));
            }
            // A BOM may start the stream (files saved by Windows editors).
            if number == 1 && line.starts_with(b"\xEF\xBB\xBF") {
                line.drain(..3);
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some((
                number,
                String::from_utf8(line).map_err(|_| LineError::NotUtf8),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Packs;
    use crate::linter::Linter;

    #[test]
    fn lines_are_numbered_blank_ones_skipped_long_ones_cut_off() {
        let mut bytes = b"{\"body\": \"a\"}\r\n\n  \n".to_vec();
        bytes.extend_from_slice(b"{\"body\": \"this one is too long\"}\n");
        bytes.extend_from_slice(b"\xff\xfe\n");
        bytes.extend_from_slice(b"{\"body\": \"b\"}");
        // A small buffer, so that lines arrive in pieces.
        let reader = std::io::BufReader::with_capacity(4, &bytes[..]);
        let got: Vec<_> = lines(reader, 20).collect();
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"body\": \"a\"}\r".to_string())),
                (4, Err(LineError::TooLong { limit: 20 })),
                (5, Err(LineError::NotUtf8)),
                (6, Ok("{\"body\": \"b\"}".to_string())),
            ]
        );
    }

    #[test]
    fn a_bom_before_the_first_record_is_not_part_of_it() {
        let bytes = b"\xEF\xBB\xBF{\"body\": \"a\"}\n\xEF\xBB\xBF{\"body\": \"b\"}\n";
        let got: Vec<_> = lines(&bytes[..], 100).collect();
        assert_eq!(got[0], (1, Ok("{\"body\": \"a\"}".to_string())));
        assert!(Record::parse(got[0].1.as_ref().unwrap()).is_ok());
        // Only the stream's first line can start with one.
        assert!(got[1].1.as_ref().unwrap().starts_with('\u{feff}'));
    }

    #[test]
    fn a_nul_byte_ends_the_stream() {
        let mut bytes = b"{\"body\": \"a\"}\n".to_vec();
        bytes.extend(std::iter::repeat_n(0u8, 1 << 20));
        bytes.extend_from_slice(b"\n{\"body\": \"b\"}\n");
        let got: Vec<_> = lines(&bytes[..], 1 << 30).collect();
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"body\": \"a\"}".to_string())),
                (2, Err(LineError::Binary)),
            ]
        );
    }

    #[test]
    fn only_the_body_is_required_and_unknown_fields_are_ignored() {
        let record = Record::parse(r#"{"body": "hi", "priority": 3}"#).unwrap();
        assert_eq!(record.body, "hi");
        assert_eq!(record.id, serde_json::Value::Null);
        assert!(Record::parse(r#"{"subject": "no body"}"#).is_err());
        assert!(
            Record::parse(r#"{"body": "x", "thread": [{"from": "bot", "body": ""}]}"#).is_err()
        );
    }

    #[test]
    fn the_thread_is_quoted_mail_not_the_authors_words() {
        let linter = Linter::new(Packs::embedded());
        let record = Record::parse(
            r#"{"body": "Thank you, it works now.",
                "thread": [{"from": "customer", "body": "NOTHING WORKS!!! The export fails with an error."},
                           {"from": "agent", "body": "Please try again now.\n```\nERROR 500 AT /EXPORT\n```"}]}"#,
        )
        .unwrap();
        let linted = linter.lint_record(record);
        assert!(linted.diagnostics.is_empty(), "{:?}", linted.diagnostics);
    }

    #[test]
    fn the_thread_becomes_quoted_history_newest_first() {
        let record = Record::parse(
            r#"{"id": 7, "subject": "Export", "body": "Yes, Chrome 120.",
                "thread": [{"from": "customer", "body": "Export fails."},
                           {"from": "agent", "body": "Which browser?\nWhen did it start?"}]}"#,
        )
        .unwrap();
        assert_eq!(
            record.into_mail().text,
            "Subject: Export\n\nYes, Chrome 120.\n\n\
             agent wrote:\n> Which browser?\n> When did it start?\n>\n\
             > customer wrote:\n>> Export fails.\n"
        );
    }

    #[test]
    fn a_long_thread_grows_the_text_linearly() {
        let message = r#"{"from": "agent", "body": "ok"}"#;
        let thread = vec![message; 32_000].join(",");
        let record = Record::parse(&format!(r#"{{"body": "hi", "thread": [{thread}]}}"#)).unwrap();
        let text = record.into_mail().text;
        // Each message costs its header, body and at most the deepest marks.
        let per_message = "> agent wrote:\n> ok\n\n".len() + 3 * MAX_QUOTE_DEPTH;
        assert!(text.len() < 32_000 * per_message, "{} bytes", text.len());
        assert!(text.contains(&format!("{}> ok\n", ">".repeat(MAX_QUOTE_DEPTH))));
    }

    #[test]
    fn listed_attachments_count_and_thread_questions_are_judged() {
        let linter = Linter::new(Packs::embedded());
        let record = Record::parse(
            r#"{"body": "The export button gives error 500 since yesterday 10:15, screenshot attached.",
                "attachments": [{"name": "error.PNG"}]}"#,
        )
        .unwrap();
        let linted = linter.lint_record(record);
        assert_eq!(linted.ticket.attachments[0].content_type, "image/png");
        assert!(
            linted.diagnostics.iter().all(|d| d.rule != "no-screenshot"),
            "{:?}",
            linted.diagnostics
        );

        let record = Record::parse(
            r#"{"body": "It is Chrome 120.",
                "thread": [{"from": "agent", "body": "Which browser do you use? And when did it start?"}]}"#,
        )
        .unwrap();
        let linted = linter.lint_record(record);
        let unanswered: Vec<_> = linted
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unanswered-questions")
            .collect();
        assert_eq!(unanswered.len(), 1, "{:?}", linted.diagnostics);
        assert!(
            linted
                .ticket
                .slice(unanswered[0].span)
                .contains("when did it start")
        );
    }
    #[test]
    fn a_chat_record_reads_as_the_same_chat_pasted() {
        let record = Record::parse(
            r#"{"channel": "chat", "body": "since this morning",
                "thread": [{"from": "customer", "body": "nothing works"},
                           {"from": "agent", "body": "When did you first notice it? And which browser?"}]}"#,
        )
        .unwrap();
        let text = record.into_mail().text;
        assert_eq!(
            text,
            "Customer: nothing works\nAgent: When did you first notice it? And which browser?\nCustomer: since this morning\n"
        );
        let packs = crate::lang::Packs::embedded();
        let linter = crate::linter::Linter::new(packs);
        let from_record = linter.lint_record(Record::parse(r#"{"channel": "chat", "body": "since this morning", "thread": [{"from": "customer", "body": "nothing works"}, {"from": "agent", "body": "When did you first notice it? And which browser?"}]}"#).unwrap());
        let pasted =
            linter.lint_decoded(crate::input::decode::decode(text.as_bytes(), None).unwrap());
        let rules = |l: &crate::linter::Linted| {
            l.diagnostics
                .iter()
                .map(|d| (d.rule, d.span))
                .collect::<Vec<_>>()
        };
        assert_eq!(rules(&from_record), rules(&pasted));
        assert_eq!(from_record.ticket.turns.len(), 3);
        let unanswered: Vec<_> = from_record
            .ticket
            .questions
            .iter()
            .filter(|q| !q.answered)
            .map(|q| from_record.ticket.slice(q.span))
            .collect();
        assert_eq!(unanswered, ["And which browser?"]);
    }
}
