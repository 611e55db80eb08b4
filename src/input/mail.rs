//! Raw e-mail (`.eml`, RFC 5322 / MIME) → the text a ticket is read from.
//!
//! MIME is decoded by `mail-parser`: RFC 2047 headers, quoted-printable and
//! base64, charsets (windows-1251, KOI8-R …), multipart/alternative (text/plain
//! preferred, else HTML turned into text). The ticket text is a small header
//! block (From, To, Date, Subject) and the body; diagnostics point into it, and
//! `inspect` shows it.

use mail_parser::{Encoding as TransferEncoding, MessageParser, MimeHeaders, PartType};

use crate::ticket::{Attachment, content_type_for};

/// A parsed e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The decoded text the ticket is built from.
    pub text: String,
    /// Every attachment and inline part that is not the body.
    pub attachments: Vec<Attachment>,
    /// When the mail was sent (the Date header), RFC 3339. Not when the problem happened.
    pub sent: Option<String>,
    /// Where each line of `text` is in the raw message, where it is there at all.
    pub lines: FileLines,
}

/// Where the lines of a text decoded from a file are in the file: entry `i` for
/// line `i + 1` of the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileLines(pub Vec<Option<FileLine>>);

/// The file line a line of decoded text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLine {
    /// 1-based.
    pub line: usize,
    /// The file's line reads as the text's, char for char: columns carry over.
    /// Otherwise (an encoded or folded header, quoted-printable escapes) only
    /// the line does.
    pub exact: bool,
}

impl FileLines {
    /// The file line of text line `line` (1-based).
    pub fn get(&self, line: usize) -> Option<FileLine> {
        self.0.get(line.checked_sub(1)?).copied().flatten()
    }
}

/// Whether an input should be read as e-mail: by its name.
pub fn is_mail_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("eml"))
}

/// Parses a raw message; `None` if the bytes are not a message at all.
pub fn parse(bytes: &[u8]) -> Option<Mail> {
    let message = MessageParser::default().parse(bytes)?;
    let newlines = Newlines::new(bytes);
    let mut text = String::new();
    let mut lines = Vec::new();
    let mut header = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            let value = value.replace(['\r', '\n'], " ");
            let line = format!("{name}: {}", value.trim());
            lines.push(header_line(&message, bytes, &newlines, name, &line));
            text.push_str(&line);
            text.push('\n');
        }
    };
    let address = |a: Option<&mail_parser::Address<'_>>| {
        a.and_then(|a| a.first())
            .map(|a| match (a.name(), a.address()) {
                (Some(name), Some(addr)) => format!("{name} <{addr}>"),
                (None, Some(addr)) => addr.to_string(),
                (Some(name), None) => name.to_string(),
                (None, None) => String::new(),
            })
    };
    let sent = message.date().map(|d| d.to_rfc3339());
    header("From", address(message.from()));
    header("To", address(message.to()));
    header("Date", sent.clone());
    header("Subject", message.subject().map(str::to_string));
    if !text.is_empty() {
        text.push('\n');
        lines.push(None);
    }
    if let Some(body) = message.body_text(0) {
        let body = body.replace("\r\n", "\n");
        lines.extend(body_lines(&message, bytes, &newlines, &body));
        text.push_str(&body);
    }

    let attachments = message
        .attachments()
        .enumerate()
        .map(|(i, part)| {
            let content_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_string(),
                })
                .map(|ct| ct.to_ascii_lowercase());
            let name = part
                .attachment_name()
                .map_or_else(|| format!("part-{}", i + 1), str::to_string);
            Attachment {
                content_type: content_type.unwrap_or_else(|| content_type_for(&name).to_string()),
                name,
                size: Some(part.len() as u64),
                span: None,
            }
        })
        .collect();
    Some(Mail {
        text,
        attachments,
        sent,
        lines: FileLines(lines),
    })
}

/// Line numbers of byte offsets in the raw message.
struct Newlines(Vec<usize>);

impl Newlines {
    fn new(bytes: &[u8]) -> Self {
        Newlines(memchr::memchr_iter(b'\n', bytes).collect())
    }

    /// The 1-based line that byte `offset` is on.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// The file line of the top-level header `name` that the text line `line` was
/// made from: exact when the raw field reads the same.
fn header_line(
    message: &mail_parser::Message<'_>,
    bytes: &[u8],
    newlines: &Newlines,
    name: &str,
    line: &str,
) -> Option<FileLine> {
    let field = message
        .root_part()
        .headers
        .iter()
        .find(|h| h.name.as_str().eq_ignore_ascii_case(name))?;
    let start = field.offset_field as usize;
    let raw = bytes.get(start..(field.offset_end as usize).max(start))?;
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    Some(FileLine {
        line: newlines.line_of(start),
        exact: raw == line.as_bytes(),
    })
}

/// Where the lines of the plain-text body are in the file. Lines of a part
/// sent as it is (7bit, 8bit) or as quoted-printable are compared with the
/// part's raw lines decoded the same way; a line maps only where they read the
/// same. Base64 and HTML bodies do not map.
fn body_lines(
    message: &mail_parser::Message<'_>,
    bytes: &[u8],
    newlines: &Newlines,
    body: &str,
) -> Vec<Option<FileLine>> {
    let count = body.split('\n').count();
    let none = || vec![None; count];
    let Some(part) = message.text_part(0) else {
        return none();
    };
    let qp = match part.encoding {
        TransferEncoding::None => false,
        TransferEncoding::QuotedPrintable => true,
        TransferEncoding::Base64 => return none(),
    };
    if !matches!(part.body, PartType::Text(_)) {
        return none();
    }
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (start, end) = (part.offset_body as usize, part.offset_end as usize);
    let Some(raw) = bytes.get(start..end.max(start)) else {
        return none();
    };
    // The raw body as logical lines: (offset of the first physical line,
    // its bytes, whether it is one physical line without escapes).
    let mut logical: Vec<(usize, Vec<u8>, bool)> = Vec::new();
    let mut at = 0;
    let mut open: Option<(usize, Vec<u8>, bool)> = None;
    // The part may end inside a line of the file (a malformed boundary
    // line): that last line is not the file's whole line.
    let ends_at_break = bytes.get(end).is_none_or(|b| matches!(b, b'\r' | b'\n'));
    while at < raw.len() {
        let found = memchr::memchr(b'\n', &raw[at..]);
        let end = found.map_or(raw.len(), |i| at + i);
        let whole = found.is_some() || ends_at_break;
        let line = &raw[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (first, mut bytes, mut plain) = open.take().unwrap_or((at, Vec::new(), true));
        if qp {
            let soft = line.ends_with(b"=");
            let content = if soft { &line[..line.len() - 1] } else { line };
            plain &= whole && !soft && !content.contains(&b'=');
            bytes.extend_from_slice(content);
            if soft {
                open = Some((first, bytes, false));
            } else {
                logical.push((first, bytes, plain));
            }
        } else {
            logical.push((first, line.to_vec(), whole));
        }
        at = end + 1;
    }
    if let Some(last) = open {
        logical.push(last);
    }
    body.split('\n')
        .zip(logical.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(text, raw)| {
            let (offset, bytes, plain) = raw?;
            let decoded = if qp && !plain {
                mail_parser::decoders::quoted_printable::quoted_printable_decode(bytes)?
            } else {
                bytes.clone()
            };
            let (line, _, malformed) = charset.decode(&decoded);
            (line == text).then(|| FileLine {
                line: newlines.line_of(start + offset),
                // A malformed byte became U+FFFD: an editor may show it otherwise.
                exact: *plain && !malformed,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EML: &str = "From: =?windows-1251?B?yPDo7eA=?= <irina@example.com>\r\n\
To: support@example.com\r\n\
Subject: =?utf-8?B?0J3QtSDRgNCw0LHQvtGC0LDQtdGC?=\r\n\
Date: Mon, 11 Mar 2024 10:03:00 +0300\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=windows-1251\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
=C4=EE=E1=F0=FB=E9 =E4=E5=ED=FC\r\n\
--b1\r\n\
Content-Type: image/png; name=\"error.png\"\r\n\
Content-Disposition: attachment; filename=\"error.png\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--b1--\r\n";

    #[test]
    fn decodes_headers_charsets_and_attachments() {
        let mail = parse(EML.as_bytes()).unwrap();
        assert!(
            mail.text.contains("From: Ирина <irina@example.com>"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("Subject: Не работает"), "{}", mail.text);
        assert!(mail.text.contains("Добрый день"), "{}", mail.text);
        assert_eq!(mail.attachments.len(), 1);
        assert_eq!(mail.attachments[0].name, "error.png");
        assert_eq!(mail.attachments[0].content_type, "image/png");
        assert_eq!(mail.attachments[0].size, Some(8));
        assert_eq!(mail.sent.as_deref(), Some("2024-03-11T10:03:00+03:00"));
    }

    #[test]
    fn html_only_mail_becomes_text() {
        let eml = "Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Nothing <b>works</b></p>";
        assert!(
            parse(eml.as_bytes())
                .unwrap()
                .text
                .contains("Nothing works")
        );
    }

    /// The text line that contains `needle`, and where it is in the file.
    fn line_of(mail: &Mail, needle: &str) -> Option<FileLine> {
        let index = mail.text.split('\n').position(|l| l.contains(needle))?;
        mail.lines.get(index + 1)
    }

    #[test]
    fn header_and_quoted_printable_lines_map_to_the_file() {
        let mail = parse(EML.as_bytes()).unwrap();
        // An encoded word reads differently in the file: the line carries over, columns do not.
        assert_eq!(
            line_of(&mail, "Subject:"),
            Some(FileLine {
                line: 3,
                exact: false
            })
        );
        assert_eq!(
            line_of(&mail, "To: support@example.com"),
            Some(FileLine {
                line: 2,
                exact: true
            })
        );
        // The body of the first part, inside a multipart message, escaped.
        assert_eq!(
            line_of(&mail, "Добрый день"),
            Some(FileLine {
                line: 12,
                exact: false
            })
        );
    }

    #[test]
    fn plain_body_lines_are_exact_and_soft_breaks_join() {
        let eml = "From: a@example.com\n\
Subject: Export\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Hello,\n\
the export is empty since the upd=\n\
ate.\n\
\n\
Thanks\n";
        let mail = parse(eml.as_bytes()).unwrap();
        assert_eq!(
            line_of(&mail, "Hello,"),
            Some(FileLine {
                line: 6,
                exact: true
            })
        );
        assert_eq!(
            line_of(&mail, "since the update."),
            Some(FileLine {
                line: 7,
                exact: false
            })
        );
        // After a soft break the lines count on from the file, not from the text.
        assert_eq!(
            line_of(&mail, "Thanks"),
            Some(FileLine {
                line: 10,
                exact: true
            })
        );
        assert_eq!(line_of(&mail, "Subject: Export").map(|l| l.line), Some(2));
    }

    #[test]
    fn base64_and_folded_lines_do_not_claim_columns() {
        let eml = "Subject: a long subject\r\n folded onto two lines\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
SGVsbG8sCm5vdGhpbmcgd29ya3MK\r\n";
        let mail = parse(eml.as_bytes()).unwrap();
        assert!(mail.text.contains("nothing works"), "{}", mail.text);
        assert_eq!(
            line_of(&mail, "Subject:"),
            Some(FileLine {
                line: 1,
                exact: false
            })
        );
        assert_eq!(line_of(&mail, "nothing works"), None);
        assert_eq!(line_of(&mail, "Hello,"), None);
    }

    #[test]
    fn a_part_that_ends_inside_a_line_is_not_exact_there() {
        // The boundary line is broken (";--alt"): the plain part ends inside it.
        let eml = b"From: a@x.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n0J3QuNGH0LXQs9C+INC90LUg0YDQsNCx0L7RgtCw0LXRgg==\r\n;--alt\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--alt--\r\n";
        let mail = parse(eml).unwrap();
        let raw: Vec<&[u8]> = eml.split(|&b| b == b'\n').collect();
        for (text, at) in mail.text.split('\n').zip(&mail.lines.0) {
            if let Some(at) = at.filter(|at| at.exact) {
                let line = raw[at.line - 1];
                assert_eq!(line.strip_suffix(b"\r").unwrap_or(line), text.as_bytes());
            }
        }
    }
}
