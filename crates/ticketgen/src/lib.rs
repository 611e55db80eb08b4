//! ticketgen: a seeded, deterministic generator of realistic support tickets
//! in English, Russian and Ukrainian, for benchmarks and load tests.
//!
//! ```
//! let mut tickets = ticketgen::Generator::new(1);
//! let ticket = tickets.next().unwrap();
//! assert!(!ticket.bytes.is_empty());
//! assert_eq!(ticket.bytes, ticketgen::Generator::new(1).ticket(0).bytes);
//! ```
//!
//! Each ticket is a file (plain text, Markdown, a pasted e-mail thread or a
//! raw `.eml`) and a structured record for NDJSON. Ticket *n* of a seed is
//! the same on every machine and run: the generator uses SplitMix64 and
//! integer arithmetic only, and ticket *n* has its own stream, so it does not
//! depend on how many tickets were made before it.

mod compose;
mod logs;
mod mime;
mod phrases;
mod png;
mod render;
mod rng;
mod text;

use serde::Serialize;

use compose::{Content, Quoting, Writer};
use mime::Transfer;
use phrases::Phrases;
use render::{MailPlan, Plan, SubjectLine};
pub use rng::Rng;

/// No ticket is larger than this many bytes, in any format.
pub const MAX_BYTES: usize = 20_000;

/// The ticket's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Uk,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Uk];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
        }
    }

    fn phrases(self) -> &'static Phrases {
        match self {
            Lang::En => &phrases::EN,
            Lang::Ru => &phrases::RU,
            Lang::Uk => &phrases::UK,
        }
    }
}

/// How the ticket is written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A `.txt` file: what a customer typed into a form.
    Plain,
    /// A `.md` file: headings, lists, fenced code, images.
    Markdown,
    /// A raw `.eml` e-mail (MIME).
    Eml,
    /// A `.txt` file with a pasted e-mail thread: the new text on top, the
    /// history under it (`>` quoting with "On … wrote:" headers, or Outlook's
    /// header blocks, or answers between quoted lines).
    Thread,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Plain, Format::Markdown, Format::Eml, Format::Thread];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Plain | Format::Thread => "txt",
            Format::Markdown => "md",
            Format::Eml => "eml",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Eml => "eml",
            Format::Thread => "thread",
        }
    }
}

/// What the customer wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A problem report, complete or lacking time, steps or screenshot.
    Problem,
    /// "Nothing works", with no detail.
    Vague,
    /// A report or complaint written in capitals.
    Shouting,
    /// Several unrelated problems and questions in one ticket.
    Bundled,
    /// A how-to question.
    HowTo,
    /// A feature, billing or account request.
    Request,
    /// A reply answering some of an agent's questions.
    Reply,
    /// Thanks or feedback.
    Feedback,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Problem,
        Kind::Vague,
        Kind::Shouting,
        Kind::Bundled,
        Kind::HowTo,
        Kind::Request,
        Kind::Reply,
        Kind::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Problem => "problem",
            Kind::Vague => "vague",
            Kind::Shouting => "shouting",
            Kind::Bundled => "bundled",
            Kind::HowTo => "howto",
            Kind::Request => "request",
            Kind::Reply => "reply",
            Kind::Feedback => "feedback",
        }
    }
}

/// One generated ticket.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub index: u64,
    /// A file name with the format's extension: `000042-ru-bundled.eml`.
    pub name: String,
    pub lang: Lang,
    pub format: Format,
    pub kind: Kind,
    /// Russian or Ukrainian typed in Latin letters.
    pub translit: bool,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The same ticket as a structured record.
    pub record: Record,
}

impl Ticket {
    /// The record as one line of JSON (no trailing newline).
    pub fn json_line(&self) -> String {
        serde_json::to_string(&self.record).expect("a record always serialises")
    }
}

/// A ticket as structured data, one NDJSON line:
/// `{"id","subject","body","attachments":[{"name","content_type"}],"thread":[{"from","body"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub id: String,
    pub subject: String,
    /// The customer's new message (without the quoted history).
    pub body: String,
    pub attachments: Vec<AttachmentRef>,
    /// The earlier messages, oldest first.
    pub thread: Vec<ThreadMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRef {
    pub name: String,
    pub content_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadMessage {
    /// `agent` or `customer`.
    pub from: &'static str,
    pub body: String,
}

/// Tickets of one seed, in order: `Generator::new(seed)` is an iterator, and
/// `ticket(n)` makes any one of them directly.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    next: u64,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self { seed, next: 0 }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Ticket number `index` (from 0) of this seed.
    pub fn ticket(&self, index: u64) -> Ticket {
        let mut rng = Rng::for_item(self.seed, index);
        let lang = Lang::ALL[rng.weighted(&[45, 30, 25])];
        let kind = Kind::ALL[rng.weighted(&[30, 7, 6, 12, 13, 10, 15, 7])];
        let mut format = Format::ALL[rng.weighted(&[35, 20, 25, 20])];
        if kind == Kind::Reply && format != Format::Eml {
            format = Format::Thread;
        }
        let threaded = format == Format::Thread || (format == Format::Eml && rng.chance(25));
        let quoting = match (kind, rng.below(100)) {
            (Kind::Reply, 0..=24) => Quoting::Inline,
            (_, 0..=19) => Quoting::Outlook,
            _ => Quoting::Angle,
        };
        let markdown = format == Format::Markdown;
        let plan = Plan {
            markdown,
            subject_line: match (format, rng.below(10)) {
                (Format::Markdown, 0..=3) => SubjectLine::Title,
                (Format::Markdown, 4..=5) | (Format::Plain, 0..=3) | (Format::Thread, 0..=1) => {
                    SubjectLine::Header
                }
                _ => SubjectLine::None,
            },
            mail: (format == Format::Eml).then(|| mail_plan(&mut rng, lang)),
        };
        let drop_attachments = format == Format::Eml && rng.chance(15);
        let target = size_target(&mut rng);

        let mut writer = Writer::new(&mut rng, lang);
        writer.detail = match target {
            0..700 => 40,
            700..1100 => 75,
            _ => 110,
        };
        let translit = writer.translit;
        let mut content = writer.compose(kind, markdown, quoting, threaded);
        if drop_attachments {
            // The text says a file is attached; the mail has none.
            content.attachments.clear();
        }
        pad(&mut writer, &mut content, &plan, lang, threaded, target);

        let bytes = render_file(&content, lang, &plan);
        let id = format!("T{:07}", index + 1);
        let name = format!(
            "{:06}-{}-{}.{}",
            index + 1,
            lang.code(),
            kind.as_str(),
            format.extension()
        );
        let record = Record {
            id,
            subject: content.subject.clone(),
            body: render::own_text(&content, markdown),
            attachments: content
                .attachments
                .iter()
                .map(|a| AttachmentRef {
                    name: a.name.clone(),
                    content_type: a.content_type.to_string(),
                })
                .collect(),
            thread: content
                .history
                .iter()
                .rev()
                .map(|m| ThreadMessage {
                    from: if m.from_agent { "agent" } else { "customer" },
                    body: render::blocks(&m.blocks, false),
                })
                .collect(),
        };
        Ticket {
            index,
            name,
            lang,
            format,
            kind,
            translit,
            bytes,
            record,
        }
    }
}

impl Iterator for Generator {
    type Item = Ticket;

    fn next(&mut self) -> Option<Ticket> {
        let ticket = self.ticket(self.next);
        self.next += 1;
        Some(ticket)
    }
}

fn mail_plan(rng: &mut Rng, lang: Lang) -> MailPlan {
    let legacy = match lang {
        Lang::Ru => rng.chance(45),
        Lang::Uk => rng.chance(10),
        Lang::En => false,
    };
    // English: 8bit 40%, quoted-printable 40%; Cyrillic: 30% and 30%; the rest base64.
    let (eight, qp) = if lang == Lang::En { (4, 8) } else { (3, 6) };
    let roll = rng.below(10);
    let transfer = if roll < eight {
        Transfer::EightBit
    } else if roll < qp {
        Transfer::QuotedPrintable
    } else {
        Transfer::Base64
    };
    MailPlan {
        charset: if legacy { "windows-1251" } else { "UTF-8" },
        transfer,
        html: rng.chance(20),
        q_words: rng.chance(30),
        id: rng.next_u64(),
        zone: match lang {
            Lang::En => rng.word(&["+0000", "+0100", "-0500", "-0800"]),
            Lang::Ru => "+0300",
            Lang::Uk => rng.word(&["+0200", "+0300"]),
        },
    }
}

/// A file size drawn from a log-normal-like distribution with a median of
/// about 1 KB and a tail to 20 KB: an inverse CDF table, interpolated in
/// integers so the result is the same everywhere.
fn size_target(rng: &mut Rng) -> usize {
    // (cumulative probability in 1/10,000, bytes)
    const QUANTILES: [(usize, usize); 17] = [
        (0, 230),
        (500, 270),
        (1000, 320),
        (2000, 430),
        (3000, 540),
        (4000, 680),
        (5000, 830),
        (6000, 1020),
        (7000, 1280),
        (8000, 1700),
        (9000, 2500),
        (9500, 3400),
        (9800, 5000),
        (9900, 6800),
        (9970, 10_000),
        (9995, 15_000),
        (10_000, 19_000),
    ];
    let u = rng.below(10_000);
    let i = QUANTILES.iter().rposition(|&(p, _)| p <= u).unwrap_or(0);
    let (p0, b0) = QUANTILES[i];
    let (p1, b1) = QUANTILES[(i + 1).min(QUANTILES.len() - 1)];
    if p1 == p0 {
        return b0;
    }
    b0 + (b1 - b0) * (u - p0) / (p1 - p0)
}

fn render_file(content: &Content, lang: Lang, plan: &Plan) -> Vec<u8> {
    match &plan.mail {
        Some(mail) => render::eml(content, lang, mail),
        None => render::text_file(content, lang, plan).into_bytes(),
    }
}

/// Grows a ticket towards `target` bytes with what long tickets carry:
/// more context, older messages of the thread, pasted logs. Never past
/// `MAX_BYTES`.
fn pad(
    writer: &mut Writer<'_>,
    content: &mut Content,
    plan: &Plan,
    lang: Lang,
    threaded: bool,
    target: usize,
) {
    let target = target.min(MAX_BYTES);
    let mut size = render_file(content, lang, plan).len();
    for _ in 0..24 {
        if size + 60 >= target {
            break;
        }
        // How many file bytes one byte of text becomes (transfer encodings).
        let text_len = render::body(content, lang, plan.markdown).len().max(1);
        let ratio_x100 = (size * 100 / text_len).max(100);
        let room = (target - size) * 100 / ratio_x100;
        let before = (content.own.len(), content.pad_at, content.history.len());
        let choice = writer.rng.below(10);
        if threaded && content.history.len() < 6 && choice < 4 && room > 500 {
            let message = writer.older_message(content);
            content.history.push(message);
        } else if choice < 7 && room < 2500 {
            let block = writer.extra().unwrap_or_else(|| writer.code(room));
            content.own.insert(content.pad_at, block);
            content.pad_at += 1;
        } else {
            let bytes = room.saturating_sub(40).clamp(60, 8000);
            let code = writer.code(bytes);
            content.own.insert(content.pad_at, code);
            content.pad_at += 1;
        }
        let grown = render_file(content, lang, plan).len();
        if grown > MAX_BYTES || grown > target + target / 3 + 200 {
            if content.own.len() > before.0 {
                content.own.remove(before.1);
            }
            content.pad_at = before.1;
            content.history.truncate(before.2);
            break;
        }
        size = grown;
    }
}

/// Parses a size such as `500M`, `64K`, `2G` or `1000` (bytes; K, M and G
/// are powers of 1024; a trailing `B` or `iB` is accepted).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => t.split_at(at),
        None => (t, ""),
    };
    let n: u64 = digits.parse().ok()?;
    let scale = match unit.to_ascii_uppercase().as_str() {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(scale)
}
