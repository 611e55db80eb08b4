use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::detect::Script;
use super::pattern::Pattern;

/// The packs compiled into the binary, one per supported language.
const EMBEDDED: &[(&str, &str)] = &[
    ("en.toml", include_str!("../../rules/en.toml")),
    ("ru.toml", include_str!("../../rules/ru.toml")),
    ("uk.toml", include_str!("../../rules/uk.toml")),
];

/// The reply and forward headers of mail clients in many languages
/// (`rules/mail-headers.toml`): not a language pack, added to every run's.
pub const MAIL_HEADERS_FILE: &str = "mail-headers.toml";
const MAIL_HEADERS: &str = include_str!("../../rules/mail-headers.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailHeadersFile {
    patterns: MailPatterns,
    headers: MailHeaderNames,
    signature: MailSignature,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailPatterns {
    #[serde(default)]
    reply_header: Vec<String>,
    #[serde(default)]
    history_separator: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailHeaderNames {
    #[serde(default)]
    names: Vec<String>,
    /// The sender's header, which opens a header block.
    #[serde(default)]
    from: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailSignature {
    #[serde(default)]
    device: Vec<String>,
    #[serde(default)]
    devices: Vec<String>,
    #[serde(default)]
    signoffs: Vec<String>,
}

/// A pack file as written in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    language: LanguageSection,
    headers: HeaderSection,
    vocabulary: VocabularySection,
    patterns: PatternSection,
    messages: BTreeMap<String, BTreeMap<String, String>>,
    /// How the language quotes; optional (straight double quotes, single inside).
    #[serde(default)]
    quotes: Quotes,
    /// The words of the report around the messages; optional (English).
    labels: Option<Labels>,
    /// The sentences of `ticketlint reply`; optional (English).
    reply: Option<crate::reply::ReplyTexts>,
    /// Custom rules that come with the pack (`[[rule]]`, as in the configuration).
    #[serde(default)]
    rule: Vec<crate::rules::custom::CustomRuleFile>,
    /// What `explain` prints in this language, per rule id; optional (a rule
    /// without one is explained in English).
    #[serde(default)]
    docs: BTreeMap<String, RuleDoc>,
    /// Names of web-form fields and transcript metadata; optional.
    #[serde(default)]
    fields: FieldSection,
    /// Who speaks in a chat transcript; optional.
    #[serde(default)]
    chat: ChatSection,
}

/// The fields of web forms, helpdesk exports and transcript headers, by name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldSection {
    /// Metadata: the whole line is neither the author's words nor evidence
    /// (`Email:`, `Order no:`, `Browser:`, `Submitted:`).
    metadata: Vec<String>,
    /// Fields whose value is the author's own words: the message and the
    /// evidence fields (`Message:`, `Error message:`, `Steps to reproduce:`,
    /// `When did it happen:`, `Attachments:`).
    content: Vec<String>,
}

/// Words in a chat speaker's name that tell support from the customer.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatSection {
    /// Support's side: "Agent", "Support", «Оператор».
    support: Vec<String>,
    /// The customer's side: "Visitor", "Customer", «Клиент».
    customer: Vec<String>,
}

/// A field name as looked up: lower case, single spaces, without a
/// required-field star or a trailing "#".
fn field_key(name: &str) -> String {
    let mut name = name.trim().trim_end_matches(['*', ' ', '?']);
    // "(optional)", «(необов'язково)»: a note on the field, not its name.
    if name.ends_with(')')
        && let Some(open) = name.rfind('(')
    {
        name = name[..open].trim_end().trim_end_matches(['*', ' ', '?']);
    }
    name.trim()
        .trim_end_matches(['*', ' ', '?'])
        .trim_start_matches('*')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a form field's line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// The whole line is metadata.
    Metadata,
    /// The name is the form's; the value is the author's.
    Content,
}

/// Which side of a chat a speaker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Support,
    Customer,
}

/// A rule's documentation in one language: the sections `explain` prints,
/// under the headings of the pack's `[labels]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// One line, as `rules` lists it.
    pub summary: String,
    pub what_it_does: String,
    pub why_is_this_bad: String,
    /// Tickets the rule flags; each is tested to fire.
    pub example: Vec<String>,
    /// Tickets it leaves alone; each is tested not to fire.
    pub use_instead: Vec<String>,
    pub fix_safety: String,
}

impl RuleDoc {
    /// The Markdown `explain` prints: the summary, then each section under
    /// the pack's heading for it, examples in `text` blocks.
    pub fn render(&self, labels: &Labels) -> String {
        let blocks = |examples: &[String]| {
            examples
                .iter()
                .map(|e| format!("```text\n{}\n```", e.trim_end()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        [
            self.summary.trim().to_string(),
            format!("## {}\n{}", labels.what_it_does, self.what_it_does.trim()),
            format!(
                "## {}\n{}",
                labels.why_is_this_bad,
                self.why_is_this_bad.trim()
            ),
            format!("## {}\n{}", labels.example, blocks(&self.example)),
            format!("## {}\n{}", labels.use_instead, blocks(&self.use_instead)),
            format!("## {}\n{}", labels.fix_safety, self.fix_safety.trim()),
        ]
        .join("\n\n")
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageSection {
    code: String,
    name: String,
    script: Script,
    #[serde(default)]
    letters: String,
    #[serde(default)]
    letter_share: f32,
    common_words: Vec<String>,
    /// Words that carry no subject of their own (articles, prepositions,
    /// pronouns, conjunctions): never an answer on their own.
    #[serde(default)]
    function_words: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    /// Language tags with a region (`en-US`) that name this language, as
    /// LanguageTool's clients send them; the first is the pack's own.
    #[serde(default)]
    locales: Vec<String>,
}

/// The words ticketlint writes around the messages in human output and in
/// `explain`: severities, `help`, the closing summary line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub error: String,
    pub warning: String,
    pub info: String,
    pub help: String,
    /// Counted nouns: one form for every count, two (1; other) or three
    /// (1, 21; 2–4, 22–24; 0, 5–20, 25 …) forms, as the language counts.
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
    /// Files in the form `found` puts them (`in 1 of {files}`).
    pub files: Vec<String>,
    pub inputs: Vec<String>,
    /// `{findings}`, `{with}` (files with findings), `{files}` (counted),
    /// `{total}` (the bare number of files), `{suppressed}`.
    pub found: String,
    /// No findings: `{files}`, `{total}`, `{suppressed}`; the part up to the
    /// first `:` is coloured.
    pub all_clear: String,
    /// No findings, but some inputs could not be read.
    pub no_findings: String,
    /// `{inputs}`: how many inputs could not be read.
    pub unreadable: String,
    /// Nothing was linted (every input named was skipped or unreadable).
    pub nothing_linted: String,
    /// `{n}`: findings hidden by suppression comments; empty when none.
    pub suppressed: String,
    /// `explain`: `{severity}` in the line under the rule id.
    pub default_severity: String,
    pub what_it_does: String,
    pub why_is_this_bad: String,
    pub example: String,
    pub use_instead: String,
    pub fix_safety: String,
    /// Tickets of an NDJSON stream, in the form `found` puts `{files}` in.
    #[serde(default = "english::tickets")]
    pub tickets: Vec<String>,
    /// `{checked}` in `all_clear` and `no_findings`: the word for what was
    /// checked, files or tickets, where the language puts it before `{total}`.
    #[serde(default = "english::files_checked")]
    pub files_checked: String,
    #[serde(default = "english::tickets_checked")]
    pub tickets_checked: String,
    /// Where a position is when it is not a line of the file: the text
    /// decoded from an e-mail …
    #[serde(default = "english::decoded_email")]
    pub decoded_email: String,
    /// … or the ticket `{id}` of an NDJSON stream …
    #[serde(default = "english::ticket_id")]
    pub ticket_id: String,
    /// … and `{line}`, `{column}` in that text.
    #[serde(default = "english::line_column")]
    pub line_column: String,
}

/// Labels added after packs had `[labels]`: a pack without them reads English.
mod english {
    pub fn tickets() -> Vec<String> {
        vec!["ticket".into(), "tickets".into()]
    }
    pub fn files_checked() -> String {
        "files".into()
    }
    pub fn tickets_checked() -> String {
        "tickets".into()
    }
    pub fn decoded_email() -> String {
        "decoded email".into()
    }
    pub fn ticket_id() -> String {
        "ticket {id}".into()
    }
    pub fn line_column() -> String {
        "line {line}, column {column}".into()
    }
}

/// The reply sentences of the built-in English pack: for packs without `[reply]`.
fn english_reply() -> crate::reply::ReplyTexts {
    static ENGLISH: OnceLock<crate::reply::ReplyTexts> = OnceLock::new();
    ENGLISH
        .get_or_init(|| {
            #[derive(Deserialize)]
            struct Only {
                reply: crate::reply::ReplyTexts,
            }
            let only: Only = toml::from_str(EMBEDDED[0].1).expect("the English pack has [reply]");
            only.reply
        })
        .clone()
}

impl Labels {
    /// The labels of the built-in English pack: for packs without `[labels]`.
    pub fn english() -> &'static Labels {
        static ENGLISH: OnceLock<Labels> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            #[derive(Deserialize)]
            struct Only {
                labels: Labels,
            }
            let only: Only = toml::from_str(EMBEDDED[0].1).expect("the English pack has [labels]");
            only.labels
        })
    }

    pub fn severity(&self, severity: crate::diagnostic::Severity) -> &str {
        use crate::diagnostic::Severity;
        match severity {
            Severity::Error => &self.error,
            Severity::Warning => &self.warning,
            Severity::Info => &self.info,
        }
    }

    /// `n` and the form of `forms` that goes with it.
    pub fn count(n: usize, forms: &[String]) -> String {
        let i = match forms.len() {
            0 | 1 => 0,
            2 => usize::from(n != 1),
            _ => {
                let (ten, hundred) = (n % 10, n % 100);
                if ten == 1 && hundred != 11 {
                    0
                } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                    1
                } else {
                    2
                }
            }
        };
        let form = forms.get(i).map_or("", String::as_str);
        format!("{n} {form}").trim_end().to_string()
    }

    /// `template` with `{name}` filled from `args`.
    pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
        let mut out = template.to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

/// The quotation marks of a language: the pair around a quoted excerpt, and
/// the pair for quotes inside it (`«…„…“…»`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quotes {
    pub outer: [String; 2],
    pub inner: [String; 2],
}

impl Default for Quotes {
    fn default() -> Self {
        Quotes {
            outer: ["\"".into(), "\"".into()],
            inner: ["'".into(), "'".into()],
        }
    }
}

impl Quotes {
    /// `text` with every quotation mark in it turned into the inner pair, so
    /// that it can stand between the outer pair.
    pub fn nest(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        // The openers seen and not closed yet.
        let mut open: Vec<char> = Vec::new();
        for c in text.chars() {
            let opens = match c {
                '«' | '„' => Some(true),
                '»' | '”' => Some(false),
                // Closes „ (Russian, Ukrainian), opens an English quote.
                '“' => Some(open.last() != Some(&'„')),
                '"' => Some(open.last() != Some(&'"')),
                _ => None,
            };
            match opens {
                Some(true) => {
                    open.push(c);
                    out.push_str(&self.inner[0]);
                }
                Some(false) => {
                    open.pop();
                    out.push_str(&self.inner[1]);
                }
                None => out.push(c),
            }
        }
        out
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderSection {
    subject: Vec<String>,
    other: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularySection {
    acronyms: Vec<String>,
    legal_forms: Vec<String>,
    capitalized: Vec<String>,
    signoffs: Vec<String>,
}

/// Regular expressions per category (see [`Category`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSection {
    failure: Vec<String>,
    not_failure: Vec<String>,
    howto: Vec<String>,
    request: Vec<String>,
    vague: Vec<String>,
    example: Vec<String>,
    ui: Vec<String>,
    screenshot: Vec<String>,
    time: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    not_time: Vec<String>,
    resolved: Vec<String>,
    contrast: Vec<String>,
    bundle_marker: Vec<String>,
    saved_up: Vec<String>,
    steps_intro: Vec<String>,
    follow_up: Vec<String>,
    same_issue: Vec<String>,
    reply_header: Vec<String>,
    history_separator: Vec<String>,
    question_request: Vec<String>,
    closing: Vec<String>,
    when_question: Vec<String>,
    version_question: Vec<String>,
    version_answer: Vec<String>,
    yes_no_question: Vec<String>,
    yes_no_answer: Vec<String>,
    device_question: Vec<String>,
    device_answer: Vec<String>,
    attachment_promise: Vec<String>,
    image_word: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    greeting: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    message_intro: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    boilerplate: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    reply_marker: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    template_prompt: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    ticket_ref: Vec<String>,
    /// Optional: packs written before it existed still load.
    #[serde(default)]
    question_join: Vec<String>,
}

impl PatternSection {
    fn get(&self, category: Category) -> &[String] {
        match category {
            Category::Failure => &self.failure,
            Category::NotFailure => &self.not_failure,
            Category::HowTo => &self.howto,
            Category::Request => &self.request,
            Category::Vague => &self.vague,
            Category::Example => &self.example,
            Category::Ui => &self.ui,
            Category::Screenshot => &self.screenshot,
            Category::Time => &self.time,
            Category::NotTime => &self.not_time,
            Category::Resolved => &self.resolved,
            Category::Contrast => &self.contrast,
            Category::BundleMarker => &self.bundle_marker,
            Category::SavedUp => &self.saved_up,
            Category::StepsIntro => &self.steps_intro,
            Category::FollowUp => &self.follow_up,
            Category::SameIssue => &self.same_issue,
            Category::ReplyHeader => &self.reply_header,
            Category::HistorySeparator => &self.history_separator,
            Category::QuestionRequest => &self.question_request,
            Category::Closing => &self.closing,
            Category::WhenQuestion => &self.when_question,
            Category::VersionQuestion => &self.version_question,
            Category::VersionAnswer => &self.version_answer,
            Category::YesNoQuestion => &self.yes_no_question,
            Category::YesNoAnswer => &self.yes_no_answer,
            Category::DeviceQuestion => &self.device_question,
            Category::DeviceAnswer => &self.device_answer,
            Category::AttachmentPromise => &self.attachment_promise,
            Category::ImageWord => &self.image_word,
            Category::Greeting => &self.greeting,
            Category::MessageIntro => &self.message_intro,
            Category::Boilerplate => &self.boilerplate,
            Category::ReplyMarker => &self.reply_marker,
            Category::TemplatePrompt => &self.template_prompt,
            Category::TicketRef => &self.ticket_ref,
            Category::QuestionJoin => &self.question_join,
        }
    }
}

/// The kinds of phrases packs list under `[patterns]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Something goes wrong ("doesn't work", "ошибка", "не працює").
    Failure,
    /// Looks like a failure but is not ("I'm not working on Fridays").
    NotFailure,
    /// How-to question openers ("how do I", "как", "як").
    HowTo,
    /// Requests for a feature, change, account or billing action.
    Request,
    /// Total failure claims that name nothing ("nothing works").
    Vague,
    /// Phrases that give an example ("for example", "when I click").
    Example,
    /// Named screens, buttons and features.
    Ui,
    /// Mentions of a screenshot or attached image.
    Screenshot,
    /// Time references ("yesterday", "сегодня", "зранку").
    Time,
    /// Looks like a time but is not: street names («ул. 8 Марта»), a warranty's length.
    NotTime,
    /// The problem is over, or praise ("works now", "всё заработало", "дякую за допомогу").
    Resolved,
    /// A failure that is current despite thanks ("but now", "снова", "знову").
    Contrast,
    /// Opens another issue ("also", "another thing", "кроме того", "по-друге").
    BundleMarker,
    /// Issues saved up ("collected over the month", "накопилось", "назбирали").
    SavedUp,
    /// Introduces steps or symptoms of one problem ("steps", "шаги", "кроки").
    StepsIntro,
    /// Asks about the issue already stated ("can you check?", "что посмотреть?").
    FollowUp,
    /// Refers back to the issue before it ("after that", "после этого", "через це").
    SameIssue,
    /// A line that introduces a quoted message ("On … wrote:", "… пишет:").
    ReplyHeader,
    /// A line after which the rest is earlier mail ("-----Original Message-----").
    HistorySeparator,
    /// A request in a support message ("please send", "пришлите", "надішліть").
    QuestionRequest,
    /// A closing line that is not a question ("let us know if you have any questions").
    Closing,
    /// Asks when ("when", "когда", "коли").
    WhenQuestion,
    /// Asks for a version or browser.
    VersionQuestion,
    /// Names a browser, system or app version.
    VersionAnswer,
    /// A yes/no question ("do you", "ли", "чи").
    YesNoQuestion,
    /// Yes or no ("yes", "да", "так", "ні").
    YesNoAnswer,
    /// Asks for a device or model.
    DeviceQuestion,
    /// Names a device or a model code.
    DeviceAnswer,
    /// Says a file is attached ("please find attached", "во вложении", "додаю").
    AttachmentPromise,
    /// Names an image ("screenshot", "скрин", "фото").
    ImageWord,
    /// Opens a message ("hello", "добрый день", "вітаю"); a name may follow.
    Greeting,
    /// Introduces a program's message the author copies, before a colon or a
    /// quote ("it says", "the error", «выдаёт», «текст скопировала», «помилка»).
    MessageIntro,
    /// Lines a helpdesk adds to its mail: "anything else?" closings, rating
    /// and survey requests, footers ("Is there anything else I can help you
    /// with?", «Оцените наш ответ»). Neither questions nor the author's words.
    Boilerplate,
    /// A helpdesk's reply marker ("##- Please type your reply above this line
    /// -##"): boilerplate, and the notification it heads is earlier mail.
    ReplyMarker,
    /// The prompt an issue template writes under a heading ("A clear and
    /// concise description of what the bug is.").
    TemplatePrompt,
    /// A helpdesk's number for the ticket ("Ticket #88123", «Обращение
    /// 88123», "[#88123]"): metadata, never an example.
    TicketRef,
    /// Joins a second question to a first in one sentence ("…, and when did
    /// it start?", «… и какой текст ошибки?»): each is asked, and answered,
    /// on its own.
    QuestionJoin,
}

impl Category {
    /// Where the category is in [`Category::ALL`], which lists every one.
    pub fn index(self) -> usize {
        Category::ALL
            .iter()
            .position(|c| *c == self)
            .expect("Category::ALL lists every category")
    }

    pub const ALL: [Category; 37] = [
        Category::Failure,
        Category::NotFailure,
        Category::HowTo,
        Category::Request,
        Category::Vague,
        Category::Example,
        Category::Ui,
        Category::Screenshot,
        Category::Time,
        Category::NotTime,
        Category::Resolved,
        Category::Contrast,
        Category::BundleMarker,
        Category::SavedUp,
        Category::StepsIntro,
        Category::FollowUp,
        Category::SameIssue,
        Category::ReplyHeader,
        Category::HistorySeparator,
        Category::QuestionRequest,
        Category::Closing,
        Category::WhenQuestion,
        Category::VersionQuestion,
        Category::VersionAnswer,
        Category::YesNoQuestion,
        Category::YesNoAnswer,
        Category::DeviceQuestion,
        Category::DeviceAnswer,
        Category::AttachmentPromise,
        Category::ImageWord,
        Category::Greeting,
        Category::MessageIntro,
        Category::Boilerplate,
        Category::ReplyMarker,
        Category::TemplatePrompt,
        Category::TicketRef,
        Category::QuestionJoin,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Category::Failure => "failure",
            Category::NotFailure => "not_failure",
            Category::HowTo => "howto",
            Category::Request => "request",
            Category::Vague => "vague",
            Category::Example => "example",
            Category::Ui => "ui",
            Category::Screenshot => "screenshot",
            Category::Time => "time",
            Category::NotTime => "not_time",
            Category::Resolved => "resolved",
            Category::Contrast => "contrast",
            Category::BundleMarker => "bundle_marker",
            Category::SavedUp => "saved_up",
            Category::StepsIntro => "steps_intro",
            Category::FollowUp => "follow_up",
            Category::SameIssue => "same_issue",
            Category::ReplyHeader => "reply_header",
            Category::HistorySeparator => "history_separator",
            Category::QuestionRequest => "question_request",
            Category::Closing => "closing",
            Category::WhenQuestion => "when_question",
            Category::VersionQuestion => "version_question",
            Category::VersionAnswer => "version_answer",
            Category::YesNoQuestion => "yes_no_question",
            Category::YesNoAnswer => "yes_no_answer",
            Category::DeviceQuestion => "device_question",
            Category::DeviceAnswer => "device_answer",
            Category::AttachmentPromise => "attachment_promise",
            Category::ImageWord => "image_word",
            Category::Greeting => "greeting",
            Category::MessageIntro => "message_intro",
            Category::Boilerplate => "boilerplate",
            Category::ReplyMarker => "reply_marker",
            Category::TemplatePrompt => "template_prompt",
            Category::TicketRef => "ticket_ref",
            Category::QuestionJoin => "question_join",
        }
    }
}

/// One language, compiled.
#[derive(Debug)]
pub struct LanguagePack {
    pub code: String,
    pub name: String,
    pub script: Script,
    /// Letters that tell this language apart from the others of its script.
    pub letters: Vec<char>,
    /// How often those letters occur in running text of the language (0–1).
    pub letter_share: f32,
    pub common_words: HashSet<String>,
    pub suffixes: Vec<String>,
    /// Tags with a region that name this language (`en-US`, `en-GB`); the
    /// first is the one to show. Empty: the code alone.
    pub locales: Vec<String>,
    messages: BTreeMap<String, BTreeMap<String, String>>,
    /// The file the pack was read from (`rules/en.toml` for a built-in one).
    pub file: PathBuf,
    pub quotes: Quotes,
    pub labels: std::sync::Arc<Labels>,
    docs: BTreeMap<String, RuleDoc>,
    reply: std::sync::Arc<crate::reply::ReplyTexts>,
}

impl LanguagePack {
    /// The text `key` of `rule`, with `{name}` placeholders filled from `args`.
    /// A placeholder written between the pack's outer quotes (`«{claim}»`)
    /// gets the quotation marks of its value turned into the inner pair.
    /// Packs are validated against the rules on load, so a missing key is a bug;
    /// it shows as `rule.key` rather than a panic.
    pub fn message(&self, rule: &str, key: &str, args: &[(&str, &str)]) -> String {
        let Some(template) = self.messages.get(rule).and_then(|m| m.get(key)) else {
            return format!("{rule}.{key}");
        };
        let [open, close] = &self.quotes.outer;
        let mut out = template.clone();
        for (name, value) in args {
            let placeholder = format!("{{{name}}}");
            let quoted = format!("{open}{placeholder}{close}");
            if out.contains(&quoted) {
                out = out.replace(&quoted, &self.quote(value));
            }
            out = out.replace(&placeholder, value);
        }
        out
    }

    /// `text` between this language's quotation marks, its own quotes nested.
    pub fn quote(&self, text: &str) -> String {
        let [open, close] = &self.quotes.outer;
        format!("{open}{}{close}", self.quotes.nest(text))
    }

    pub fn has_message(&self, rule: &str, key: &str) -> bool {
        self.messages.get(rule).is_some_and(|m| m.contains_key(key))
    }

    /// The sentences of a draft reply in this language.
    pub fn reply(&self) -> &crate::reply::ReplyTexts {
        &self.reply
    }

    /// The same, shared: what a linted ticket carries.
    pub fn reply_shared(&self) -> std::sync::Arc<crate::reply::ReplyTexts> {
        self.reply.clone()
    }

    /// The documentation of `rule` in this language, if the pack has it.
    pub fn doc(&self, rule: &str) -> Option<&RuleDoc> {
        self.docs.get(rule)
    }
}

/// Everything that went wrong loading packs, with the file it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for PackError {}

/// All loaded packs, with the vocabularies of every pack merged: a Russian
/// ticket quoting an English error is matched against both.
#[derive(Debug)]
pub struct Packs {
    packs: Vec<LanguagePack>,
    /// Acronyms of every pack, as written and upper-cased (`iOS`, `IOS`).
    acronyms: HashSet<String>,
    /// Legal forms (ООО, LLC), as written and upper-cased.
    legal_forms: HashSet<String>,
    /// Lower-case form → the way it is always written (`i` → `I`).
    capitalized: HashMap<String, String>,
    /// Lower-cased header names that carry the subject.
    subject_headers: HashSet<String>,
    /// Lower-cased names of every header recognised at the top of a message.
    header_names: HashSet<String>,
    /// Lower-cased sign-off lines ("best regards", "с уважением").
    signoffs: HashSet<String>,
    /// Lower-cased names of the sender's header, which opens a header block.
    from_headers: HashSet<String>,
    /// Lower-cased form and metadata field names, and what their lines are.
    fields: HashMap<String, FieldKind>,
    /// Lower-cased words of chat speakers' names, and whose side they tell.
    speakers: HashMap<String, Side>,
    /// Lines a phone or mail app adds ("Sent from my iPhone"), whole.
    device_signature: Option<(regex::Regex, regex::Regex)>,
    /// Lower-cased function words of every pack ("the", "на", "або").
    function_words: HashSet<String>,
    /// Every pack's patterns as written, per category, with their file.
    pattern_sources: Vec<Vec<(PathBuf, String)>>,
    /// One compiled pattern per category, over all packs.
    patterns: Vec<Pattern>,
    /// Custom rules the packs bring.
    pub custom: Vec<&'static crate::rules::custom::CustomRule>,
}

/// What a rule needs from every pack: `(rule id, message keys)`.
pub type Requirements<'a> = &'a [(&'a str, &'a [&'a str])];

impl Packs {
    /// The packs compiled into the binary.
    /// The language codes of the built-in packs (their file names), without
    /// loading them: for shell completion.
    pub fn embedded_codes() -> &'static [&'static str] {
        const CODES: [&str; EMBEDDED.len()] = {
            let mut codes = [""; EMBEDDED.len()];
            let mut i = 0;
            while i < EMBEDDED.len() {
                let name = EMBEDDED[i].0.as_bytes();
                // `en.toml` → `en`
                let (code, _) = name.split_at(name.len() - ".toml".len());
                codes[i] = match std::str::from_utf8(code) {
                    Ok(code) => code,
                    Err(_) => panic!("pack file names are ASCII"),
                };
                i += 1;
            }
            codes
        };
        &CODES
    }

    pub fn embedded() -> &'static Packs {
        static PACKS: OnceLock<Packs> = OnceLock::new();
        PACKS.get_or_init(|| {
            let files = EMBEDDED
                .iter()
                .map(|(name, text)| (PathBuf::from("rules").join(name), text.to_string()))
                .collect();
            Packs::from_sources(files, None).expect("embedded language packs are valid")
        })
    }

    /// Loads every `*.toml` in `dir`, sorted by file name.
    pub fn from_dir(dir: &Path) -> Result<Packs, PackError> {
        let (files, mail) = Self::read_dir(dir)?;
        Packs::from_sources(files, mail)
    }

    /// The built-in packs and every pack in `dirs`: a new language added as data.
    pub fn embedded_and(dirs: &[PathBuf]) -> Result<Packs, PackError> {
        let mut files: Vec<(PathBuf, String)> = EMBEDDED
            .iter()
            .map(|(name, text)| (PathBuf::from("rules").join(name), text.to_string()))
            .collect();
        let mut mail = None;
        for dir in dirs {
            let (more, headers) = Self::read_dir(dir)?;
            files.extend(more);
            mail = headers.or(mail);
        }
        Packs::from_sources(files, mail)
    }

    /// The packs of `dir`, and its `mail-headers.toml` if it has one (it
    /// replaces the built-in one).
    #[allow(clippy::type_complexity)]
    fn read_dir(
        dir: &Path,
    ) -> Result<(Vec<(PathBuf, String)>, Option<(PathBuf, String)>), PackError> {
        let err = |file: &Path, message: String| PackError {
            file: file.to_path_buf(),
            message,
        };
        let entries = std::fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(err(dir, "no language packs (*.toml) in this folder".into()));
        }
        let mut files = Vec::new();
        let mut mail = None;
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| err(&path, e.to_string()))?;
            if path.file_name().is_some_and(|n| n == MAIL_HEADERS_FILE) {
                mail = Some((path, text));
            } else {
                files.push((path, text));
            }
        }
        if files.is_empty() {
            return Err(err(dir, "no language packs (*.toml) in this folder".into()));
        }
        Ok((files, mail))
    }

    fn from_sources(
        files: Vec<(PathBuf, String)>,
        mail: Option<(PathBuf, String)>,
    ) -> Result<Packs, PackError> {
        let mut packs = Packs {
            packs: Vec::new(),
            acronyms: HashSet::new(),
            legal_forms: HashSet::new(),
            capitalized: HashMap::new(),
            subject_headers: HashSet::new(),
            header_names: HashSet::new(),
            signoffs: HashSet::new(),
            from_headers: HashSet::new(),
            fields: HashMap::new(),
            speakers: HashMap::new(),
            device_signature: None,
            function_words: HashSet::new(),
            pattern_sources: vec![Vec::new(); Category::ALL.len()],
            patterns: Vec::new(),
            custom: Vec::new(),
        };
        for (path, text) in files {
            let mut file: PackFile = toml::from_str(&text).map_err(|e| PackError {
                file: path.clone(),
                message: e.to_string().trim_end().to_string(),
            })?;
            if packs.get(&file.language.code).is_some() {
                return Err(PackError {
                    file: path,
                    message: format!("language `{}` is defined twice", file.language.code),
                });
            }
            for rule in std::mem::take(&mut file.rule) {
                let id = rule.id.clone();
                let taken = crate::rules::by_id(&id).is_some()
                    || packs
                        .custom
                        .iter()
                        .any(|c| crate::rules::Rule::id(*c) == id);
                let compiled = if taken {
                    Err(format!("rule `{id}` is defined twice"))
                } else {
                    crate::rules::custom::CustomRule::new(rule)
                };
                let compiled = compiled.map_err(|message| PackError {
                    file: path.clone(),
                    message,
                })?;
                packs.custom.push(Box::leak(Box::new(compiled)));
            }
            for (i, category) in Category::ALL.iter().enumerate() {
                for pattern in file.patterns.get(*category) {
                    packs.pattern_sources[i].push((path.clone(), pattern.clone()));
                }
            }
            packs.add(file, path);
        }
        let (path, text) = mail.unwrap_or_else(|| {
            (
                PathBuf::from("rules").join(MAIL_HEADERS_FILE),
                MAIL_HEADERS.to_string(),
            )
        });
        packs.add_mail_headers(&path, &text)?;
        packs.compile()?;
        Ok(packs)
    }

    /// The mail clients' headers, added to every pack's.
    fn add_mail_headers(&mut self, path: &Path, text: &str) -> Result<(), PackError> {
        let err = |message: String| PackError {
            file: path.to_path_buf(),
            message,
        };
        let file: MailHeadersFile =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
        for (category, patterns) in [
            (Category::ReplyHeader, &file.patterns.reply_header),
            (Category::HistorySeparator, &file.patterns.history_separator),
        ] {
            for pattern in patterns {
                self.pattern_sources[category.index()].push((path.to_path_buf(), pattern.clone()));
            }
        }
        self.header_names.extend(
            file.headers
                .names
                .iter()
                .chain(&file.headers.from)
                .map(|n| n.to_lowercase()),
        );
        self.from_headers
            .extend(file.headers.from.iter().map(|n| n.to_lowercase()));
        self.signoffs
            .extend(file.signature.signoffs.iter().map(|n| n.to_lowercase()));
        if !file.signature.device.is_empty() {
            // Two small automata rather than one large one: the line's
            // shape, with `{device}` standing for any words, and a device
            // or app named in it.
            let shape: Vec<String> = file
                .signature
                .device
                .iter()
                .map(|l| l.replace("{device}", ".+"))
                .collect();
            let shape = regex::Regex::new(&format!("(?i)^(?:{})[.!]?$", shape.join("|")))
                .map_err(|e| err(format!("signature.device: bad pattern: {e}")))?;
            let names = regex::Regex::new(&format!("(?i)(?:{})", file.signature.devices.join("|")))
                .map_err(|e| err(format!("signature.devices: bad pattern: {e}")))?;
            self.device_signature = Some((shape, names));
        }
        Ok(())
    }

    /// Compiles each category into one pattern, on every core: this is most
    /// of the start-up time. A bad pattern is reported with its file and
    /// category.
    fn compile(&mut self) -> Result<(), PackError> {
        let next = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let sources = &self.pattern_sources;
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(category) = Category::ALL.get(i) else {
                    return done;
                };
                done.push((i, Self::compile_category(*category, &sources[i])));
            }
        };
        let mut compiled: Vec<(usize, Result<Pattern, PackError>)> = if threads > 1 {
            std::thread::scope(|scope| {
                let helpers: Vec<_> = (1..threads.min(Category::ALL.len()))
                    .map(|_| scope.spawn(work))
                    .collect();
                let mut all = work();
                for helper in helpers {
                    all.extend(helper.join().unwrap_or_default());
                }
                all
            })
        } else {
            work()
        };
        compiled.sort_by_key(|(i, _)| *i);
        if compiled.len() != Category::ALL.len() {
            return Err(PackError {
                file: PathBuf::from("rules"),
                message: "compiling the patterns failed".into(),
            });
        }
        self.patterns = compiled
            .into_iter()
            .map(|(_, pattern)| pattern)
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    fn compile_category(
        category: Category,
        sources: &[(PathBuf, String)],
    ) -> Result<Pattern, PackError> {
        let bad = |path: &PathBuf, pattern: &str, e: &dyn std::fmt::Display| PackError {
            file: path.clone(),
            message: format!("patterns.{}: bad pattern `{pattern}`: {e}", category.key()),
        };
        // The shape of each alternative alone: `a)|(b` would pass inside
        // the category's `(?:a)|(b)`.
        for (path, pattern) in sources {
            Pattern::check_shape(pattern).map_err(|e| bad(path, pattern, &e))?;
        }
        let alternatives: Vec<String> = sources.iter().map(|(_, p)| p.clone()).collect();
        Pattern::new(&alternatives).map_err(|e| {
            // Name the alternative that fails on its own, if one does.
            sources
                .iter()
                .find_map(|(path, p)| Pattern::check(p).err().map(|e| bad(path, p, &e)))
                .unwrap_or_else(|| PackError {
                    file: PathBuf::from("rules"),
                    message: format!("patterns.{}: {e}", category.key()),
                })
        })
    }

    /// The compiled patterns of `category`, over all packs.
    pub fn pattern(&self, category: Category) -> &Pattern {
        &self.patterns[category.index()]
    }

    fn add(&mut self, file: PackFile, path: PathBuf) {
        let PackFile {
            language,
            headers,
            vocabulary,
            messages,
            quotes,
            labels,
            docs,
            reply,
            fields,
            chat,
            ..
        } = file;
        let both = |words: &[String]| -> Vec<String> {
            words
                .iter()
                .flat_map(|w| [w.clone(), w.to_uppercase()])
                .collect()
        };
        self.acronyms.extend(both(&vocabulary.acronyms));
        self.acronyms.extend(both(&vocabulary.legal_forms));
        self.legal_forms.extend(both(&vocabulary.legal_forms));
        for word in vocabulary.capitalized {
            self.capitalized.insert(word.to_lowercase(), word);
        }
        self.subject_headers
            .extend(headers.subject.iter().map(|h| h.to_lowercase()));
        self.header_names.extend(
            headers
                .subject
                .iter()
                .chain(&headers.other)
                .map(|h| h.to_lowercase()),
        );
        self.signoffs
            .extend(vocabulary.signoffs.iter().map(|s| s.to_lowercase()));
        for (names, kind) in [
            (&fields.metadata, FieldKind::Metadata),
            (&fields.content, FieldKind::Content),
        ] {
            for name in names {
                self.fields.insert(field_key(name), kind);
            }
        }
        for (words, side) in [
            (&chat.support, Side::Support),
            (&chat.customer, Side::Customer),
        ] {
            for word in words {
                self.speakers.insert(word.to_lowercase(), side);
            }
        }
        self.function_words
            .extend(language.function_words.iter().map(|w| w.to_lowercase()));
        self.packs.push(LanguagePack {
            code: language.code,
            name: language.name,
            script: language.script,
            letters: language
                .letters
                .chars()
                .flat_map(char::to_lowercase)
                .collect(),
            letter_share: language.letter_share,
            common_words: language
                .common_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            suffixes: language.suffixes,
            locales: language.locales,
            messages,
            file: path,
            quotes,
            labels: std::sync::Arc::new(labels.unwrap_or_else(|| Labels::english().clone())),
            docs,
            reply: std::sync::Arc::new(reply.unwrap_or_else(english_reply)),
        });
    }

    /// Checks that every pack has every message key the rules use; the
    /// error names the first pack that lacks some, and all it lacks.
    pub fn validate(&self, requirements: Requirements<'_>) -> Result<(), PackError> {
        for pack in &self.packs {
            let mut missing = Vec::new();
            for (rule, keys) in requirements {
                for key in *keys {
                    if !pack.has_message(rule, key) {
                        missing.push(format!("messages.{rule}.{key}"));
                    }
                }
            }
            if !missing.is_empty() {
                return Err(PackError {
                    file: pack.file.clone(),
                    message: format!(
                        "language pack `{}` lacks keys: {}",
                        pack.code,
                        missing.join(", ")
                    ),
                });
            }
            let known = || {
                requirements
                    .iter()
                    .map(|(rule, _)| *rule)
                    .chain(self.custom.iter().map(|c| crate::rules::Rule::id(*c)))
            };
            if let Some(id) = pack.docs.keys().find(|id| !known().any(|k| k == *id)) {
                return Err(PackError {
                    file: pack.file.clone(),
                    message: format!("docs.{id}: {}", crate::suggest::unknown_rule(id, known())),
                });
            }
        }
        Ok(())
    }

    pub fn iter(&self) -> impl Iterator<Item = &LanguagePack> {
        self.packs.iter()
    }

    pub fn get(&self, code: &str) -> Option<&LanguagePack> {
        self.packs.iter().find(|p| p.code == code)
    }

    /// The pack to write messages in: `code` if loaded, else English, else the first.
    pub fn for_messages(&self, code: &str) -> &LanguagePack {
        self.get(code)
            .or_else(|| self.get("en"))
            .unwrap_or(&self.packs[0])
    }

    /// Whether `word`, as written, is a known acronym or legal form.
    pub fn is_acronym(&self, word: &str) -> bool {
        self.acronyms.contains(word)
    }

    /// Whether `lower` is a frequent word in any pack ("it", "us"): an acronym
    /// spelled like one is ambiguous in shouted text.
    pub fn is_common_word(&self, lower: &str) -> bool {
        self.packs.iter().any(|p| p.common_words.contains(lower))
    }

    /// Whether `lower` is a function word of any pack ("on", «на», «або»):
    /// it names nothing, so sharing it says nothing.
    pub fn is_function_word(&self, lower: &str) -> bool {
        self.function_words.contains(lower)
    }

    /// Crude stems of the content words of `text` — what it is about: the
    /// first letters of each longer word that is not a frequent word, a
    /// contraction, or a match of one of the `skip` categories. Shared stems
    /// tell that two texts speak of the same thing across word forms
    /// ("invoice"/"invoices", "браузер"/"браузером").
    pub fn content_stems(&self, text: &str, skip: &[Category]) -> HashSet<String> {
        const MIN_WORD: usize = 4;
        const MAX_STEM: usize = 5;
        const ENDING: usize = 2;
        // Words inside a match of a skipped category say how, not what.
        // Words come in text order: the matches are swept alongside them, so a
        // long text with many matches stays linear.
        let mut skipped: Vec<std::ops::Range<usize>> = skip
            .iter()
            .flat_map(|c| self.pattern(*c).find_iter(text))
            .collect();
        skipped.sort_by_key(|r| r.start);
        let mut skipped = skipped.into_iter().peekable();
        // The furthest end of the matches that start at or before the word.
        let mut covered_to = 0;
        let folded = super::fold(text);
        let mut out = HashSet::new();
        let is_word = |c: char| crate::text::is_alphanumeric(c) || c == '\'' || c == '’';
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (is_word(c), start) {
                (true, None) => start = Some(i),
                (false, Some(from)) => {
                    start = None;
                    let word = &text[from..i];
                    let letters = word.chars().count();
                    if !word.chars().all(crate::text::is_alphabetic) {
                        continue;
                    }
                    // An acronym (ТТН, SMS, VIN) names a subject however short.
                    let acronym = letters >= 2 && !word.chars().any(char::is_lowercase);
                    let lower = &folded[from..i];
                    while let Some(r) = skipped.next_if(|r| r.start <= from) {
                        covered_to = covered_to.max(r.end);
                    }
                    if !acronym
                        && (letters < MIN_WORD || self.is_common_word(lower) || i <= covered_to)
                    {
                        continue;
                    }
                    // Drop an inflectional ending: "карта"/"карты", "invoice"/"invoices".
                    let keep = if acronym {
                        letters
                    } else {
                        MAX_STEM.min(MIN_WORD.max(letters - ENDING.min(letters)))
                    };
                    out.insert(lower.chars().take(keep).collect());
                }
                _ => {}
            }
        }
        out
    }

    pub fn is_legal_form(&self, word: &str) -> bool {
        self.legal_forms.contains(word)
    }

    /// How `word` is always written, if it always has capitals ("I", "Monday").
    pub fn capitalized(&self, lower: &str) -> Option<&str> {
        self.capitalized.get(lower).map(String::as_str)
    }

    pub fn is_subject_header(&self, name: &str) -> bool {
        self.subject_headers.contains(&name.to_lowercase())
    }

    pub fn is_header(&self, name: &str) -> bool {
        self.header_names.contains(&name.to_lowercase())
    }

    /// Whether `name` is the sender's header ("From", «От», "Von").
    pub fn is_from_header(&self, name: &str) -> bool {
        self.from_headers.contains(&name.to_lowercase())
    }

    /// What a form field named `name` is, if the packs know it ("Order no",
    /// "ORDER NO", «Номер заказа»; a required-field star is ignored).
    pub fn field(&self, name: &str) -> Option<FieldKind> {
        if self.fields.is_empty() {
            return None;
        }
        self.fields.get(&field_key(name)).copied()
    }

    /// Whose side a chat speaker named `name` is on, by a word of the name
    /// ("Agent", "Anna (ShopCo Support)", «Оператор Ирина»), if it tells.
    pub fn speaker_side(&self, name: &str) -> Option<Side> {
        let lower = name.to_lowercase();
        let mut side = None;
        for word in lower.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            match self.speakers.get(word) {
                Some(Side::Support) => return Some(Side::Support),
                Some(Side::Customer) => side = Some(Side::Customer),
                None => {}
            }
        }
        side
    }

    /// Whether `line` (trimmed, any case) is a sign-off such as "Best regards,".
    /// Also a sign-off with the name on the same line ("Thanks, Daniel").
    pub fn is_signoff(&self, line: &str) -> bool {
        const MAX_NAME_WORDS: usize = 3;
        let known = |s: &str| {
            let s = s
                .trim()
                .trim_end_matches([',', '.', '!', ';', ':'])
                .to_lowercase();
            !s.is_empty() && self.signoffs.contains(&s)
        };
        // A device line is short ("Sent from my iPhone", at most a link),
        // a few words and no clause after a comma.
        const MAX_DEVICE_LINE: usize = 160;
        const MAX_DEVICE_WORDS: usize = 11;
        let trimmed = line.trim();
        if known(line)
            || (trimmed.len() <= MAX_DEVICE_LINE
                && !trimmed.contains(',')
                && trimmed.split_whitespace().count() <= MAX_DEVICE_WORDS
                && self
                    .device_signature
                    .as_ref()
                    .is_some_and(|(shape, names)| {
                        names.is_match(trimmed) && shape.is_match(trimmed)
                    }))
        {
            return true;
        }
        line.split_once(',').is_some_and(|(signoff, name)| {
            let words: Vec<&str> = name.split_whitespace().collect();
            known(signoff)
                && (1..=MAX_NAME_WORDS).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn embedded_packs_load_and_have_every_key_the_rules_need() {
        let packs = Packs::embedded();
        assert_eq!(
            packs.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(),
            ["en", "ru", "uk"]
        );
        packs.validate(&rules::requirements()).unwrap();
    }

    #[test]
    fn a_pack_without_a_message_key_fails_validation() {
        let text = EMBEDDED[0]
            .1
            .replace("[messages.shouting]", "[messages.not-shouting]");
        let packs = Packs::from_sources(vec![("my/en.toml".into(), text)], None).unwrap();
        let err = packs.validate(&rules::requirements()).unwrap_err();
        assert_eq!(err.file, PathBuf::from("my/en.toml"), "{err}");
        assert!(err.message.contains("messages.shouting.message"), "{err}");
    }

    #[test]
    fn the_embedded_codes_are_the_packs_codes() {
        let codes: Vec<&str> = Packs::embedded().iter().map(|p| p.code.as_str()).collect();
        assert_eq!(Packs::embedded_codes(), codes);
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_file() {
        let text = format!("{}\n[surprise]\nx = 1\n", EMBEDDED[0].1);
        let err = Packs::from_sources(vec![("x/en.toml".into(), text)], None).unwrap_err();
        assert_eq!(err.file, PathBuf::from("x/en.toml"));
        assert!(err.message.contains("surprise"), "{err}");
    }

    #[test]
    fn vocabularies_are_merged_across_packs() {
        let packs = Packs::embedded();
        assert!(packs.is_acronym("API") && packs.is_acronym("НДС") && packs.is_acronym("ЄДРПОУ"));
        assert!(packs.is_subject_header("Subject") && packs.is_subject_header("тема"));
        assert!(packs.is_signoff("С уважением,") && packs.is_signoff("best regards"));
    }

    #[test]
    fn patterns_match_whole_words_in_every_language() {
        let packs = Packs::embedded();
        let failure = packs.pattern(Category::Failure);
        assert!(failure.is_match("It DOESN'T work"));
        assert!(failure.is_match("у меня не работает"));
        assert!(failure.is_match("нічого не працює"));
        assert!(!failure.is_match("errorless"), "whole words only");
        let time = packs.pattern(Category::Time);
        assert!(
            time.is_match("since this morning")
                && time.is_match("3 марта")
                && time.is_match("15 квітня")
        );
        assert!(!time.is_match("червоний жовтий"));
    }

    /// The error of loading the English pack as `my/en.toml`, with `pattern`
    /// (as TOML string content) added to its failure patterns.
    fn error_with_failure_pattern(pattern: &str) -> PackError {
        let text = EMBEDDED[0]
            .1
            .replace("failure = [", &format!("failure = [\"{pattern}\", "));
        let err = Packs::from_sources(vec![("my/en.toml".into(), text)], None).unwrap_err();
        assert_eq!(err.file, PathBuf::from("my/en.toml"));
        err
    }

    #[test]
    fn a_bad_pattern_names_its_file_and_category() {
        let err = error_with_failure_pattern("(unclosed");
        assert!(err.message.contains("patterns.failure"), "{err}");
    }

    #[test]
    fn a_pattern_that_only_balances_inside_the_category_is_still_named() {
        // `a)|(b` is not a pattern, though `(?:a)|(b)` compiles.
        let err = error_with_failure_pattern("a)|(b");
        assert!(err.message.contains("bad pattern `a)|(b`"), "{err}");
    }

    #[test]
    fn a_pattern_with_an_unknown_class_is_named() {
        let err = error_with_failure_pattern("\\\\p{Nope}");
        assert!(err.message.contains("bad pattern `\\p{Nope}`"), "{err}");
    }

    #[test]
    fn content_stems_skip_words_inside_any_skipped_match() {
        let packs = Packs::embedded();
        let text = "The export fails. Please add dark mode. The export fails.";
        let stems = packs.content_stems(text, &[Category::Failure, Category::Request]);
        // "fails" and "please add" are matches of the skipped categories.
        let expected: HashSet<String> = ["expo", "dark", "mode"].map(String::from).into();
        assert_eq!(stems, expected);
        // Repeated matches over a long text: the same stems, found in one sweep.
        let long = text.repeat(2_000);
        assert_eq!(
            packs.content_stems(&long, &[Category::Failure, Category::Request]),
            stems
        );
    }

    /// Forms native speakers corrected: calques, spelling, wrong cases, and
    /// quotes of another language.
    #[test]
    fn messages_avoid_known_bad_forms() {
        let bad: &[(&str, &[&str])] = &[
            ("en", &["«", "»", "„", "the clock"]),
            (
                "ru",
                &[
                    "не понятно",
                    ": дата,",
                    "подавлен",
                    "обычным регистром",
                    "что ожидали",
                    "видно ошибку",
                    "ставит самые важные",
                    "и специалист",
                ],
            ),
            (
                "uk",
                &[
                    "\"питання {n} з",
                    "на всі питання",
                    "нема ",
                    "за Києвом",
                    ": дата,",
                    "придушен",
                    "звичайним регістром",
                    "і спеціаліст",
                ],
            ),
        ];
        for (code, forms) in bad {
            let pack = Packs::embedded().get(code).unwrap();
            for (rule, texts) in &pack.messages {
                for (key, text) in texts {
                    for form in *forms {
                        assert!(
                            !text.contains(form),
                            "{code}: messages.{rule}.{key} has {form:?}: {text}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn quotes_inside_a_quoted_placeholder_become_the_inner_pair() {
        let packs = Packs::embedded();
        let ru = packs.for_messages("ru");
        let text = ru.message("shouting", "suggestion", &[("fix", "Нажмите «Сохранить»")]);
        assert!(text.ends_with("«Нажмите „Сохранить“»"), "{text}");
        let text = ru.message(
            "shouting",
            "suggestion",
            &[("fix", "Нажмите \"Сохранить\"")],
        );
        assert!(text.ends_with("«Нажмите „Сохранить“»"), "{text}");
        let en = packs.for_messages("en");
        let text = en.message(
            "nothing-works",
            "message",
            &[("claim", "«Сохранить» не работает")],
        );
        assert!(text.starts_with("\"'Сохранить' не работает\""), "{text}");
        assert_eq!(en.quote("a \"b\" c"), "\"a 'b' c\"");
        assert_eq!(packs.for_messages("uk").quote("a"), "«a»");
    }

    #[test]
    fn messages_fill_placeholders() {
        let en = Packs::embedded().for_messages("xx");
        assert_eq!(en.code, "en");
        let text = en.message("shouting", "suggestion", &[("fix", "Hello there")]);
        assert!(text.contains("Hello there"), "{text}");
    }
}
