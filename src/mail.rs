//! Raw e-mail (`.eml`, RFC 5322 / MIME) → the text a ticket is read from.
//!
//! MIME is decoded by `mail-parser`: RFC 2047 headers, quoted-printable and
//! base64, charsets (windows-1251, KOI8-R …), multipart/alternative (text/plain
//! preferred, else HTML turned into text). The ticket text is a small header
//! block (From, To, Date, Subject) and the body; diagnostics point into it, and
//! `inspect` shows it.

use mail_parser::{MessageParser, MimeHeaders};

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
}

/// Whether an input should be read as e-mail: by its name.
pub fn is_mail_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("eml"))
}

/// Parses a raw message; `None` if the bytes are not a message at all.
pub fn parse(bytes: &[u8]) -> Option<Mail> {
    let message = MessageParser::default().parse(bytes)?;
    let mut text = String::new();
    let mut header = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            let value = value.replace(['\r', '\n'], " ");
            text.push_str(&format!("{name}: {}\n", value.trim()));
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
    }
    if let Some(body) = message.body_text(0) {
        text.push_str(&body.replace("\r\n", "\n"));
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
    })
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
}
