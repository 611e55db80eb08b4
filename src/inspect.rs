//! `ticketlint inspect`: the `Ticket` as ticketlint understands it — subject,
//! language, kind, regions, attachments, evidence and issues — so that agents
//! and rule authors can see why a rule fired.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Span;
use crate::ticket::{
    Attachment, Issue, Judged, Message, RegionKind, SentenceRole, Ticket, TicketKind, Turn,
};

#[derive(Serialize)]
pub struct Inspection<'a> {
    pub path: &'a str,
    pub language: &'a str,
    pub kind: &'static str,
    pub role: crate::ticket::Role,
    pub encoding: &'a str,
    pub subject: Option<&'a str>,
    /// The text every offset points into (for e-mail, the decoded text).
    pub text: &'a str,
    pub regions: Vec<RegionOut>,
    /// The author's own sentences (the subject first), as the rules read
    /// them, each with its role, the roles model's confidence and the packs'
    /// cues found in it.
    pub sentences: Vec<SentenceOut<'a>>,
    /// Every kind with the kind model's probability, the most probable
    /// first, and the kind the packs' phrases alone give.
    pub kind_model: &'a [Judged<TicketKind>],
    pub phrase_kind: &'static str,
    pub attachments: &'a [Attachment],
    pub evidence: EvidenceOut<'a>,
    pub issues: Vec<IssueOut<'a>>,
    /// The earlier messages quoted, the one replied to first.
    pub messages: &'a [Message],
    /// The turns of a chat transcript: speaker, side, stamp, the label's
    /// and the words' offsets (empty for other tickets).
    pub turns: &'a [Turn],
    /// Questions and requests of the quoted message being replied to.
    pub questions: Vec<QuestionOut<'a>>,
}

#[derive(Serialize)]
pub struct QuestionOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub answered: bool,
    pub evidence: &'static str,
}

#[derive(Serialize)]
pub struct SentenceOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub role: SentenceRole,
    pub confidence: f32,
    pub cues: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct RegionOut {
    pub kind: RegionKind,
    pub start: usize,
    pub end: usize,
}

/// Each piece of evidence as the text that shows it, or null.
#[derive(Serialize)]
pub struct EvidenceOut<'a> {
    pub problem: Option<Quote<'a>>,
    pub vague_claim: Option<Quote<'a>>,
    pub example: Option<Quote<'a>>,
    pub screenshot: Option<Quote<'a>>,
    pub time: Option<Quote<'a>>,
}

#[derive(Serialize)]
pub struct Quote<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub struct IssueOut<'a> {
    #[serde(flatten)]
    pub issue: &'a Issue,
    pub text: &'a str,
}

impl<'a> Inspection<'a> {
    pub fn new(path: &'a str, encoding: &'a str, ticket: &'a Ticket) -> Self {
        let quote = |span: Option<Span>| {
            span.map(|s| Quote {
                text: ticket.slice(s),
                start: s.start,
                end: s.end,
            })
        };
        let e = &ticket.evidence;
        Inspection {
            path,
            language: &ticket.language,
            kind: ticket.kind().as_str(),
            role: ticket.role,
            encoding,
            subject: ticket.subject_text(),
            text: &ticket.text,
            regions: ticket
                .regions
                .iter()
                .map(|r| RegionOut {
                    kind: r.kind,
                    start: r.span.start,
                    end: r.span.end,
                })
                .collect(),
            sentences: ticket
                .sentences
                .iter()
                .zip(&ticket.roles)
                .zip(&ticket.cues)
                .map(|((&s, role), cues)| SentenceOut {
                    text: ticket.slice(s),
                    start: s.start,
                    end: s.end,
                    role: role.value,
                    confidence: role.confidence,
                    cues: cues.names().collect(),
                })
                .collect(),
            kind_model: &ticket.kinds,
            phrase_kind: e.phrase_kind.as_str(),
            attachments: &ticket.attachments,
            evidence: EvidenceOut {
                problem: quote(e.problem),
                vague_claim: quote(e.vague_claim),
                example: quote(e.example),
                screenshot: quote(e.screenshot),
                time: quote(e.time),
            },
            issues: ticket
                .issues
                .iter()
                .map(|issue| IssueOut {
                    issue,
                    text: ticket.slice(issue.span),
                })
                .collect(),
            messages: &ticket.messages,
            turns: &ticket.turns,
            questions: ticket
                .questions
                .iter()
                .map(|q| QuestionOut {
                    text: ticket.slice(q.span),
                    start: q.span.start,
                    end: q.span.end,
                    answered: q.answered,
                    evidence: q.evidence,
                })
                .collect(),
        }
    }

    /// A readable listing for people.
    pub fn write_human(&self, out: &mut dyn Write, ticket: &Ticket) -> io::Result<()> {
        writeln!(out, "{}", self.path)?;
        writeln!(
            out,
            "  language: {}   kind: {}   encoding: {}",
            self.language, self.kind, self.encoding
        )?;
        if let Some(subject) = self.subject {
            writeln!(out, "  subject:  {subject}")?;
        }
        writeln!(out, "  regions:")?;
        for r in &self.regions {
            let text = crate::rules::shorten(ticket.slice(Span::new(r.start, r.end)), 60);
            writeln!(
                out,
                "    {:<11} {:>5}..{:<5} {text}",
                r.kind.as_str(),
                r.start,
                r.end
            )?;
        }
        if !self.turns.is_empty() {
            writeln!(out, "  turns:")?;
            for t in self.turns {
                let stamp = t
                    .stamp
                    .as_deref()
                    .map_or(String::new(), |s| format!(" [{s}]"));
                let said = crate::rules::shorten(ticket.slice(t.span), 50);
                writeln!(
                    out,
                    "    {:<8} {}{stamp}: {said}",
                    t.side,
                    crate::rules::shorten(&t.speaker, 30)
                )?;
            }
        }
        if !self.attachments.is_empty() {
            writeln!(out, "  attachments:")?;
            for a in self.attachments {
                let size = a.size.map_or(String::new(), |s| format!(", {s} bytes"));
                writeln!(out, "    {} ({}{size})", a.name, a.content_type)?;
            }
        }
        let model = self.kind_model.first().map_or(String::new(), |k| {
            format!(
                "model: {} {:.2}, phrases: {}",
                k.value.as_str(),
                k.confidence,
                self.phrase_kind
            )
        });
        writeln!(out, "  kind:     {} ({model})", self.kind)?;
        writeln!(out, "  sentences:")?;
        for s in &self.sentences {
            let cues = if s.cues.is_empty() {
                String::new()
            } else {
                format!("  [{}]", s.cues.join(", "))
            };
            writeln!(
                out,
                "    {:<9} {:.2}  «{}»{cues}",
                s.role.as_str(),
                s.confidence,
                crate::rules::shorten(s.text, 60)
            )?;
        }
        writeln!(out, "  evidence:")?;
        let e = &self.evidence;
        for (name, quote) in [
            ("problem", &e.problem),
            ("vague claim", &e.vague_claim),
            ("example", &e.example),
            ("screenshot", &e.screenshot),
            ("time", &e.time),
        ] {
            let shown = quote.as_ref().map_or("—".to_string(), |q| {
                format!("«{}»", crate::rules::shorten(q.text, 60))
            });
            writeln!(out, "    {name:<12} {shown}")?;
        }
        if !self.messages.is_empty() {
            writeln!(out, "  quoted messages:")?;
            for m in self.messages {
                let from = m.from.as_deref().unwrap_or("unknown sender");
                let date = m
                    .date
                    .as_deref()
                    .map_or(String::new(), |d| format!(", {d}"));
                writeln!(
                    out,
                    "    depth {} from {from}{date}: {}..{}",
                    m.depth, m.span.start, m.span.end
                )?;
            }
        }
        if !self.questions.is_empty() {
            writeln!(out, "  questions of the quoted message:")?;
            for (n, q) in self.questions.iter().enumerate() {
                let state = if q.answered { "answered" } else { "UNANSWERED" };
                writeln!(
                    out,
                    "    {}. {state} ({}): «{}»",
                    n + 1,
                    q.evidence,
                    crate::rules::shorten(q.text, 60)
                )?;
            }
        }
        if self.issues.len() > 1 {
            writeln!(out, "  issues:")?;
            for (n, i) in self.issues.iter().enumerate() {
                writeln!(
                    out,
                    "    {}. {:?}: «{}»",
                    n + 1,
                    i.issue.kind,
                    crate::rules::shorten(i.text, 60)
                )?;
            }
        }
        Ok(())
    }
}
