//! The `Ticket`: decoded text understood as a support request — subject,
//! headers, regions (the author's own words, quoted mail, signature, code,
//! placeholders), attachments and language. Rules receive a `Ticket`, never a
//! bare string.

mod attachments;
mod chat;
mod evidence;
pub mod features;
mod regions;
pub mod roles;
mod segments;
mod thread;

use serde::Serialize;

use crate::diagnostic::Span;
use crate::lang::{Packs, detect_language};
use crate::text::LineIndex;

pub use attachments::{Attachment, content_type_for};
pub use chat::Turn;
pub use evidence::{Evidence, TicketKind, own_sentences};
pub use features::Cues;
pub use roles::{Judged, SentenceRole};
pub use segments::{Issue, IssueKind};
pub use thread::{Message, Question};

/// What a stretch of the ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// Header lines at the top of a pasted message (`Subject:`, `From:` …).
    Header,
    /// The author's own words: what etiquette rules judge.
    Own,
    /// Earlier messages (`>` lines).
    Quoted,
    /// A signature: after `-- `, or a sign-off line and the name under it.
    Signature,
    /// Code, logs, pasted error output: Markdown fences, indented blocks,
    /// inline code, log-like lines and stack traces.
    Code,
    /// Template placeholders: `{{NAME}}`, `{% … %}`, `${NAME}`, `%NAME%`.
    Placeholder,
    /// Form fields and transcript metadata: a field's name, a metadata
    /// line (`Email: …`, `Order no: …`, `Submitted: …`), a chat turn's
    /// speaker and time stamp. Never evidence; a content field's value
    /// (`Message: …`, `Error message: …`) is the author's own text.
    Field,
    /// What a helpdesk adds to its mail: reply markers, "anything else?"
    /// closings, rating requests, footers. No questions, no author's words.
    Boilerplate,
    /// An issue template's own text: headings, `<!-- -->` comments,
    /// checkboxes, prompts. The answers under the headings are own text.
    Template,
}

impl RegionKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            RegionKind::Header => "header",
            RegionKind::Own => "own",
            RegionKind::Quoted => "quoted",
            RegionKind::Signature => "signature",
            RegionKind::Code => "code",
            RegionKind::Placeholder => "placeholder",
            RegionKind::Field => "field",
            RegionKind::Boilerplate => "boilerplate",
            RegionKind::Template => "template",
        }
    }
}

/// A contiguous stretch of the text of one kind. Regions are sorted, do not
/// overlap, and together cover the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    pub kind: RegionKind,
    #[serde(flatten)]
    pub span: Span,
}

/// A header line at the top of a pasted message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    /// The value, trimmed.
    pub value: Span,
}

/// Who the text is from: a customer's ticket, or a team's own canned reply or
/// ticket template (front matter `kind: canned-reply` / `kind: template`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Ticket,
    CannedReply,
    Template,
}

/// How to parse: what the user told us instead of guessing.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// A language code that overrides detection (`--lang`).
    pub language: Option<String>,
}

/// The code for a ticket whose language could not be told.
pub const UNDETERMINED: &str = "und";

#[derive(Debug, Clone)]
pub struct Ticket {
    pub text: String,
    pub headers: Vec<Header>,
    /// The subject's value, from a leading `Subject:` / `Тема:` line.
    pub subject: Option<Span>,
    pub regions: Vec<Region>,
    pub attachments: Vec<Attachment>,
    /// `en`, `ru`, `uk` (any loaded pack's code) or `und`.
    pub language: String,
    /// Read from a raw e-mail: `attachments` are the real MIME parts.
    pub mail: bool,
    /// A customer's ticket, or a canned reply or template (front matter `kind`).
    pub role: Role,
    /// The author's own sentences, subject first.
    pub sentences: Vec<Span>,
    /// The packs' cues found in each sentence.
    pub cues: Vec<Cues>,
    /// What each sentence does, as the roles model judges it.
    pub roles: Vec<Judged<SentenceRole>>,
    /// Every kind with the kind model's probability, the most probable first.
    pub kinds: Vec<Judged<TicketKind>>,
    /// The Unicode sentences of the subject and the own lines, untrimmed,
    /// found once for every stage that splits those lines.
    pub(crate) unicode_sentences: Vec<std::ops::Range<usize>>,
    /// The text folded for pattern searches while it was parsed, handed to
    /// the rules' searches ([`FoldOnce`](crate::lang::FoldOnce)).
    pub(crate) folded: String,
    /// What the ticket is and what evidence it gives.
    pub evidence: Evidence,
    /// The separate issues in the author's text (fewer than two: one issue).
    pub issues: Vec<Issue>,
    /// The earlier messages quoted in the ticket, the one replied to first.
    pub messages: Vec<Message>,
    /// The questions and requests of the message being replied to, answered or not.
    pub questions: Vec<Question>,
    /// The turns of a chat transcript (empty for other tickets).
    pub turns: Vec<Turn>,
    lines: LineIndex,
}

impl Ticket {
    pub fn parse(text: impl Into<String>, packs: &Packs, options: &ParseOptions) -> Ticket {
        Ticket::build(text.into(), Vec::new(), false, packs, options)
    }

    /// A ticket from a raw e-mail: its decoded text and its MIME attachments.
    pub fn from_mail(
        mail: crate::input::mail::Mail,
        packs: &Packs,
        options: &ParseOptions,
    ) -> Ticket {
        Ticket::build(mail.text, mail.attachments, true, packs, options)
    }

    fn build(
        text: String,
        mime: Vec<Attachment>,
        mail: bool,
        packs: &Packs,
        options: &ParseOptions,
    ) -> Ticket {
        let folded = crate::lang::FoldOnce::new(&text);
        let scan = regions::scan(&text, packs);
        let subject = scan
            .headers
            .iter()
            .find(|h| packs.is_subject_header(&h.name))
            .map(|h| h.value);
        let mut attachments = mime;
        attachments.extend(attachments::find(&text, &scan.regions));
        let own_lines = scan
            .regions
            .iter()
            .filter(|r| r.kind == RegionKind::Own)
            .map(|r| r.span);
        let unicode_sentences = crate::text::unicode_sentences(
            &text,
            subject.into_iter().chain(own_lines).map(|s| s.start..s.end),
        );
        let sentences = own_sentences(&text, &unicode_sentences);
        let language = match &options.language {
            Some(code) => code.clone(),
            None => language_of(&text, subject, &scan.regions, packs),
        };
        let (mut evidence, cues) =
            evidence::analyse(&text, &sentences, &scan.regions, &attachments, packs);
        let models = crate::model::Models::embedded();
        let has_image = attachments.iter().any(Attachment::is_image);
        let (roles, kinds) = roles::judge(&text, &sentences, &cues, has_image, &language, models);
        evidence::judge(&mut evidence, &sentences, &roles, &cues, &kinds);
        let issues = segments::find_issues(&text, &scan.regions, &unicode_sentences, packs);
        let lines = regions::lines(&text);
        let (messages, questions) = if scan.turns.is_empty() {
            let messages = thread::messages(&text, &lines, &scan.regions, packs);
            let questions = thread::questions(
                &text,
                &lines,
                &scan.regions,
                &attachments,
                evidence.solved,
                packs,
            );
            (messages, questions)
        } else {
            // A chat: support's turns are the messages, not quoted mail.
            let questions = thread::chat_questions(
                &text,
                &scan.turns,
                &scan.regions,
                &attachments,
                evidence.solved,
                packs,
            );
            (Vec::new(), questions)
        };
        let folded = folded.into_folded();
        let mut ticket = Ticket {
            lines: LineIndex::new(&text),
            text,
            headers: scan.headers,
            subject,
            regions: scan.regions,
            attachments,
            language,
            mail,
            role: Role::Ticket,
            sentences,
            cues,
            roles,
            kinds,
            unicode_sentences,
            folded,
            evidence,
            issues,
            messages,
            questions,
            turns: scan.turns,
        };
        ticket.role = role_of(&ticket.text, &ticket.headers[..scan.front_matter]);
        ticket
    }

    /// Spans of the author's own words, in order.
    pub fn own(&self) -> impl Iterator<Item = Span> + '_ {
        self.spans_of(RegionKind::Own)
    }

    /// Messages in capitals the author copies from a program into own text
    /// ("it says: UNABLE TO CONNECT TO LICENSE SERVER"): the program's
    /// words, which support needs verbatim.
    pub fn copied_messages(&self, packs: &Packs) -> Vec<Span> {
        let own: Vec<Span> = self.own().collect();
        regions::copied_messages(&self.text, &own, packs)
    }

    pub fn spans_of(&self, kind: RegionKind) -> impl Iterator<Item = Span> + '_ {
        self.regions
            .iter()
            .filter(move |r| r.kind == kind)
            .map(|r| r.span)
    }

    pub fn kind(&self) -> TicketKind {
        self.evidence.kind
    }

    pub fn subject_text(&self) -> Option<&str> {
        self.subject.map(|s| s.slice(&self.text))
    }

    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    /// The kind of text at `offset`.
    pub fn kind_at(&self, offset: usize) -> Option<RegionKind> {
        let i = self.regions.partition_point(|r| r.span.end <= offset);
        self.regions
            .get(i)
            .filter(|r| r.span.start <= offset)
            .map(|r| r.kind)
    }
}

/// The keys of a GitHub issue template's front matter (`.github/ISSUE_TEMPLATE/*.md`).
const ISSUE_TEMPLATE_KEYS: &[&str] = &["name", "about", "title", "labels", "assignees"];

/// Who wrote the text, by its front matter: `kind: canned-reply` or `kind:
/// template` (the value may be quoted, as YAML allows), or the front matter of
/// a GitHub issue template (`name:` and `about:`, with only its keys).
fn role_of(text: &str, front_matter: &[Header]) -> Role {
    let value = |h: &Header| {
        h.value
            .slice(text)
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_ascii_lowercase()
    };
    if let Some(kind) = front_matter
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("kind"))
    {
        return match value(kind).as_str() {
            "canned-reply" | "canned_reply" | "reply" | "macro" => Role::CannedReply,
            "template" | "ticket-template" => Role::Template,
            _ => Role::Ticket,
        };
    }
    let has = |key: &str| {
        front_matter
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(key))
    };
    let only_template_keys = front_matter.iter().all(|h| {
        ISSUE_TEMPLATE_KEYS
            .iter()
            .any(|k| h.name.eq_ignore_ascii_case(k))
    });
    if has("name") && has("about") && only_template_keys {
        Role::Template
    } else {
        Role::Ticket
    }
}

/// The language of the subject and the author's own words, else of the whole text.
fn language_of(text: &str, subject: Option<Span>, regions: &[Region], packs: &Packs) -> String {
    let mut own = String::new();
    let own_spans = regions
        .iter()
        .filter(|r| r.kind == RegionKind::Own)
        .map(|r| r.span);
    for span in subject.into_iter().chain(own_spans) {
        own.push_str(span.slice(text));
        own.push('\n');
    }
    detect_language(&own, packs)
        .or_else(|| detect_language(text, packs))
        .unwrap_or(UNDETERMINED)
        .to_string()
}

/// Compiles the patterns of every parsing stage now rather than at first use.
pub(crate) fn compile_patterns() {
    attachments::compile_patterns();
    chat::compile_patterns();
    evidence::compile_patterns();
    regions::compile_patterns();
    segments::compile_patterns();
    thread::compile_patterns();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Ticket {
        Ticket::parse(text, Packs::embedded(), &ParseOptions::default())
    }

    #[test]
    fn subject_comes_from_a_leading_header() {
        let t = parse("Тема: Не работает выгрузка\n\nДобрый день, при выгрузке ошибка.");
        assert_eq!(t.subject_text(), Some("Не работает выгрузка"));
        assert_eq!(t.language, "ru");
        assert_eq!(t.kind_at(0), Some(RegionKind::Header));
    }

    #[test]
    fn a_subject_word_later_in_the_text_is_not_a_subject() {
        let t = parse("Hello,\nSubject: my invoice\nthanks");
        assert_eq!(t.subject, None);
    }

    #[test]
    fn language_override_wins() {
        let options = ParseOptions {
            language: Some("uk".into()),
        };
        let t = Ticket::parse("Nothing works", Packs::embedded(), &options);
        assert_eq!(t.language, "uk");
    }

    #[test]
    fn language_comes_from_own_words_not_quotes() {
        let t = parse(
            "Вчора все працювало.\n\n> Hello, could you please tell us which browser you use and when it started?\n",
        );
        assert_eq!(t.language, "uk");
    }

    #[test]
    fn front_matter_kind_may_be_quoted() {
        for (text, role) in [
            ("---\nkind: \"canned-reply\"\n---\nHello", Role::CannedReply),
            ("---\nkind: 'template'\n---\nHello", Role::Template),
            (
                "---\nkind: \"Canned-Reply\"  \n---\nHello",
                Role::CannedReply,
            ),
            ("---\nkind: \"ticket\"\n---\nHello", Role::Ticket),
        ] {
            assert_eq!(parse(text).role, role, "{text}");
        }
    }

    #[test]
    fn github_issue_template_front_matter_makes_a_template() {
        let text = "---\nname: Bug report\nabout: Create a report to help us improve\ntitle: \"[BUG] \"\nlabels: bug, triage\nassignees: ''\n---\n\n**Describe the bug**\nNothing works when I open the dashboard.\n";
        let t = parse(text);
        assert_eq!(t.role, Role::Template);
        // The front matter is not the author's text.
        let own: Vec<_> = t.own().map(|s| t.slice(s)).collect();
        assert!(own.iter().all(|s| !s.contains("about")), "{own:?}");
        // A mail's own headers or a front matter of other keys are no template.
        assert_eq!(parse("---\ntitle: Outage\n---\nHello").role, Role::Ticket);
        assert_eq!(
            parse("Subject: name\nFrom: about@x.example\n\nHello").role,
            Role::Ticket
        );
    }

    #[test]
    fn regions_cover_the_text_in_order() {
        let text = "Hi,\n> old\n```\ncode\n```\nthanks {{NAME}}\n-- \nBob\n";
        let t = parse(text);
        let mut pos = 0;
        for r in &t.regions {
            assert_eq!(r.span.start, pos, "{:?}", t.regions);
            assert!(r.span.end > r.span.start);
            pos = r.span.end;
        }
        assert_eq!(pos, text.len());
    }
}
