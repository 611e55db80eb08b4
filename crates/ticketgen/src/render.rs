//! Content → the bytes of a file: plain text, Markdown, a pasted thread or a
//! raw e-mail. Rendering draws no random numbers: every choice was made in
//! the `Plan`, so padding a ticket and rendering it again changes nothing else.

use crate::Lang;
use crate::compose::{Block, Content, Message, Quoting, Stamp};
use crate::mime::{self, Transfer};

/// How a ticket is written out.
#[derive(Debug, Clone)]
pub struct Plan {
    pub markdown: bool,
    /// A first line with the subject: `Subject:` / `Тема:` or a Markdown title.
    pub subject_line: SubjectLine,
    /// For e-mail.
    pub mail: Option<MailPlan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectLine {
    None,
    Header,
    Title,
}

#[derive(Debug, Clone)]
pub struct MailPlan {
    pub charset: &'static str,
    pub transfer: Transfer,
    pub html: bool,
    /// RFC 2047 Q encoding instead of B for non-ASCII headers.
    pub q_words: bool,
    /// Seeds the Message-ID and boundaries.
    pub id: u64,
    pub zone: &'static str,
}

/// Blocks as text.
pub fn blocks(blocks: &[Block], markdown: bool) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match block {
            Block::Para(text) | Block::Verbatim(text) => out.push_str(text),
            Block::Heading(text) => {
                if markdown {
                    out.push_str("## ");
                    out.push_str(text);
                } else {
                    out.push_str(text);
                    out.push(':');
                }
            }
            Block::List {
                intro,
                ordered,
                items,
            } => {
                if let Some(intro) = intro {
                    out.push_str(intro);
                    out.push('\n');
                }
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        out.push_str(&format!("{}. {item}", i + 1));
                    } else {
                        out.push_str("- ");
                        out.push_str(item);
                    }
                }
            }
            Block::Code { tag, text } => {
                if markdown {
                    out.push_str("```");
                    out.push_str(tag);
                    out.push('\n');
                    out.push_str(text);
                    out.push_str("\n```");
                } else if *tag == "log" {
                    out.push_str(text);
                } else {
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        out.push_str("    ");
                        out.push_str(line);
                    }
                }
            }
            Block::Image(name) => {
                if markdown {
                    out.push_str(&format!("![screenshot]({name})"));
                } else {
                    out.push_str(&format!("[image: {name}]"));
                }
            }
            Block::Signature(lines) => out.push_str(&lines.join("\n")),
        }
    }
    out
}

/// The customer's new message as the structured record's body.
pub fn own_text(content: &Content, markdown: bool) -> String {
    let mut text = blocks(&content.own, markdown);
    if let Some(mobile) = &content.mobile {
        text.push_str("\n\n");
        text.push_str(mobile);
    }
    text
}

/// The new message and, under it, the quoted history.
pub fn body(content: &Content, lang: Lang, markdown: bool) -> String {
    let mut text = own_text(content, markdown);
    if content.history.is_empty() || content.quoting == Quoting::Inline {
        return text;
    }
    text.push_str("\n\n");
    text.push_str(&history(content, lang, 0));
    text.push('\n');
    text
}

fn history(content: &Content, lang: Lang, i: usize) -> String {
    let message = &content.history[i];
    let mut body = blocks(&message.blocks, false);
    if i + 1 < content.history.len() {
        body.push_str("\n\n");
        body.push_str(&history(content, lang, i + 1));
    }
    match content.quoting {
        Quoting::Outlook => {
            let p = lang.phrases();
            let recipient = if message.from_agent {
                &content.customer
            } else {
                &content.agent
            };
            let separator = if lang == Lang::En && message.sent.day.is_multiple_of(2) {
                "-----Original Message-----"
            } else {
                "________________________________"
            };
            format!(
                "{separator}\n{} {} <{}>\n{} {}\n{} {} <{}>\n{} {}\n\n{body}",
                p.outlook[0],
                message.author.full,
                message.author.email,
                p.outlook[1],
                sent_line(lang, message.sent),
                p.outlook[2],
                recipient.full,
                recipient.email,
                p.outlook[3],
                content.subject,
            )
        }
        Quoting::Angle | Quoting::Inline => {
            format!("{}\n{}", reply_header(message, lang), quote(&body))
        }
    }
}

fn sent_line(lang: Lang, stamp: Stamp) -> String {
    let p = lang.phrases();
    format!(
        "{}, {} {}:{:02}",
        p.weekdays[stamp.weekday()],
        date(lang, stamp),
        stamp.hour,
        stamp.minute
    )
}

fn date(lang: Lang, stamp: Stamp) -> String {
    let p = lang.phrases();
    p.date_shape
        .replace("{d}", &stamp.day.to_string())
        .replace("{m}", p.months[stamp.month as usize - 1])
        .replace("{y}", &stamp.year.to_string())
}

pub fn reply_header(message: &Message, lang: Lang) -> String {
    let p = lang.phrases();
    let stamp = message.sent;
    let shape = p.reply_headers[(stamp.day + stamp.minute) as usize % p.reply_headers.len()];
    shape
        .replace("{weekday}", p.weekdays[stamp.weekday()])
        .replace("{date}", &date(lang, stamp))
        .replace("{time}", &format!("{}:{:02}", stamp.hour, stamp.minute))
        .replace(
            "{who}",
            &format!("{} <{}>", message.author.full, message.author.email),
        )
}

/// `>` before every line; `>` alone on empty ones, `>>` for nested quoting.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push('>');
        } else if line.starts_with('>') {
            out.push('>');
            out.push_str(line);
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

/// A text file: optional subject line, then the body.
pub fn text_file(content: &Content, lang: Lang, plan: &Plan) -> String {
    let body = body(content, lang, plan.markdown);
    let mut out = match plan.subject_line {
        SubjectLine::None => String::new(),
        SubjectLine::Header => format!("{} {}\n\n", lang.phrases().outlook[3], content.subject),
        SubjectLine::Title => format!("# {}\n\n", content.subject),
    };
    out.push_str(&body);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A raw e-mail.
pub fn eml(content: &Content, lang: Lang, mail: &MailPlan) -> Vec<u8> {
    let text = body(content, lang, false);
    let charset = mail.charset;
    let reply = !content.history.is_empty();
    let subject = if reply {
        format!("{}{}", lang.phrases().reply_prefix, content.subject)
    } else {
        content.subject.clone()
    };
    let domain = content
        .customer
        .email
        .rsplit('@')
        .next()
        .unwrap_or("example.com");
    let mut head = String::new();
    head.push_str(&format!(
        "From: {} <{}>\r\n",
        display_name(&content.customer.full, charset, mail.q_words),
        content.customer.email
    ));
    head.push_str(&format!(
        "To: {} <{}>\r\n",
        display_name(&content.agent.company, charset, mail.q_words),
        content.agent.email
    ));
    head.push_str(&format!(
        "Subject: {}\r\n",
        mime::encoded_words(&subject, charset, mail.q_words)
    ));
    head.push_str(&format!("Date: {}\r\n", rfc2822(content.sent, mail.zone)));
    head.push_str(&format!("Message-ID: <{:016x}@{domain}>\r\n", mail.id));
    if reply {
        head.push_str(&format!(
            "In-Reply-To: <{:016x}@{}>\r\n",
            mail.id.rotate_left(17),
            content
                .agent
                .email
                .rsplit('@')
                .next()
                .unwrap_or("example.com")
        ));
    }
    head.push_str("MIME-Version: 1.0\r\n");

    let plain = text_part("text/plain", &text, charset, mail.transfer);
    let body_part = if mail.html {
        let boundary = format!("=_alt_{:012x}", mail.id & 0xFFFF_FFFF_FFFF);
        let html = text_part("text/html", &mime::html(&text), charset, mail.transfer);
        multipart("alternative", &boundary, &[plain, html])
    } else {
        plain
    };
    let mut out = head.into_bytes();
    if content.attachments.is_empty() {
        out.extend(body_part);
    } else {
        let boundary = format!("=_mix_{:012x}", (mail.id >> 16) & 0xFFFF_FFFF_FFFF);
        let mut parts = vec![body_part];
        for attachment in &content.attachments {
            let mut part = format!(
                "Content-Type: {}; name=\"{}\"\r\nContent-Disposition: attachment; filename=\"{}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                attachment.content_type, attachment.name, attachment.name
            )
            .into_bytes();
            part.extend(mime::base64_lines(&attachment.data).into_bytes());
            parts.push(part);
        }
        out.extend(multipart("mixed", &boundary, &parts));
    }
    out
}

fn display_name(name: &str, charset: &str, q: bool) -> String {
    if name.is_ascii() {
        if name.contains(|c: char| "()<>[]:;@\\,.\"".contains(c)) {
            format!("\"{}\"", name.replace('"', "'"))
        } else {
            name.to_string()
        }
    } else {
        mime::encoded_words(name, charset, q)
    }
}

/// A part's headers and body (headers, blank line, encoded body).
fn text_part(mime_type: &str, text: &str, charset: &str, transfer: Transfer) -> Vec<u8> {
    let bytes = mime::encode(text, charset);
    let header = match transfer {
        Transfer::EightBit if bytes.is_ascii() => "7bit",
        _ => transfer.header(),
    };
    let mut part = format!(
        "Content-Type: {mime_type}; charset={}\r\nContent-Transfer-Encoding: {header}\r\n\r\n",
        charset.to_ascii_lowercase(),
    )
    .into_bytes();
    part.extend(transfer.apply(&bytes));
    if !part.ends_with(b"\r\n") {
        part.extend(b"\r\n");
    }
    part
}

fn multipart(subtype: &str, boundary: &str, parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out =
        format!("Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\n").into_bytes();
    for part in parts {
        out.extend(format!("--{boundary}\r\n").into_bytes());
        out.extend(part);
    }
    out.extend(format!("--{boundary}--\r\n").into_bytes());
    out
}

fn rfc2822(stamp: Stamp, zone: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} {zone}",
        DAYS[stamp.weekday()],
        stamp.day,
        MONTHS[stamp.month as usize - 1],
        stamp.year,
        stamp.hour,
        stamp.minute,
        (stamp.day * 7 + stamp.minute) % 60
    )
}
