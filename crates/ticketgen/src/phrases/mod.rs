//! Phrase fragments, one module per language. A ticket is built by picking
//! fragments and filling their `{slots}` from the vocabularies; fragments are
//! written per language, never translated word for word, so each language
//! reads as its own customers write.
//!
//! Slots: `{page}` `{button}` `{feature}` `{err}` `{product}` `{device}`
//! `{browser}` `{os}` `{fix}` `{task}` `{want}` `{ago}` `{file}` `{plan}` are
//! vocabulary; `{time}` `{date}` `{order}` `{n}` `{money}` `{email}` `{name}`
//! `{company}` `{ver}` are made up on the spot.

mod en;
mod ru;
mod uk;

/// Everything a language contributes.
pub struct Phrases {
    pub greetings: &'static [&'static str],
    pub openers: &'static [&'static str],
    pub problems: &'static [&'static str],
    pub symptoms: &'static [&'static str],
    pub when: &'static [&'static str],
    pub steps_intro: &'static [&'static str],
    pub steps: &'static [&'static str],
    pub expected: &'static [&'static str],
    pub tried: &'static [&'static str],
    pub env: &'static [&'static str],
    pub screenshot: &'static [&'static str],
    /// Saying a file is attached; `{file}` is its name.
    pub file_attached: &'static [&'static str],
    pub log_intro: &'static [&'static str],
    pub vague: &'static [&'static str],
    pub demands: &'static [&'static str],
    pub connectors: &'static [&'static str],
    pub howto: &'static [&'static str],
    pub howto_context: &'static [&'static str],
    pub requests: &'static [&'static str],
    pub feedback: &'static [&'static str],
    pub impact: &'static [&'static str],
    pub closings: &'static [&'static str],
    pub signoffs: &'static [&'static str],
    pub mobile: &'static [&'static str],
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub companies: &'static [&'static str],
    pub positions: &'static [&'static str],
    pub agent_greetings: &'static [&'static str],
    pub agent_intros: &'static [&'static str],
    /// What an agent asks, and how a customer answers it: same index.
    pub agent_questions: &'static [(&'static str, &'static str)],
    pub agent_closings: &'static [&'static str],
    pub agent_team: &'static [&'static str],
    pub reply_intros: &'static [&'static str],
    /// "On {date}, {who} wrote:" and its localised shapes; `{who}` is a name and address.
    pub reply_headers: &'static [&'static str],
    /// Outlook's header block: From, Sent, To, Subject.
    pub outlook: [&'static str; 4],
    pub extra: &'static [&'static str],
    pub subjects_problem: &'static [&'static str],
    pub subjects_vague: &'static [&'static str],
    pub subjects_question: &'static [&'static str],
    pub subjects_request: &'static [&'static str],
    pub subjects_bundle: &'static [&'static str],
    pub subjects_feedback: &'static [&'static str],
    pub reply_prefix: &'static str,
    /// Markdown headings: steps, expected, actual, environment, logs.
    pub headings: [&'static str; 5],
    pub months: [&'static str; 12],
    pub weekdays: [&'static str; 7],
    /// A date as the language writes it: `{d}` day, `{m}` month name, `{y}` year.
    pub date_shape: &'static str,
    pub vocab: Vocab,
}

/// Words for the slots.
pub struct Vocab {
    pub page: &'static [&'static str],
    pub button: &'static [&'static str],
    pub feature: &'static [&'static str],
    pub err: &'static [&'static str],
    pub product: &'static [&'static str],
    pub device: &'static [&'static str],
    pub browser: &'static [&'static str],
    pub os: &'static [&'static str],
    pub fix: &'static [&'static str],
    pub task: &'static [&'static str],
    pub want: &'static [&'static str],
    pub ago: &'static [&'static str],
    pub file: &'static [&'static str],
    pub plan: &'static [&'static str],
}

impl Vocab {
    pub fn get(&self, slot: &str) -> Option<&'static [&'static str]> {
        Some(match slot {
            "page" => self.page,
            "button" => self.button,
            "feature" => self.feature,
            "err" => self.err,
            "product" => self.product,
            "device" => self.device,
            "browser" => self.browser,
            "os" => self.os,
            "fix" => self.fix,
            "task" => self.task,
            "want" => self.want,
            "ago" => self.ago,
            "file" => self.file,
            "plan" => self.plan,
            _ => return None,
        })
    }
}

pub use en::EN;
pub use ru::RU;
pub use uk::UK;

/// Error texts any product prints, whatever the customer's language.
pub static TECH_ERRORS: &[&str] = &[
    "Error 500: Internal Server Error",
    "502 Bad Gateway",
    "503 Service Unavailable",
    "ERR_CONNECTION_RESET",
    "NET::ERR_CERT_DATE_INVALID",
    "401 Unauthorized",
    "403 Forbidden",
    "429 Too Many Requests",
    "TypeError: Cannot read properties of undefined (reading 'id')",
    "SSL handshake failed",
    "DNS_PROBE_FINISHED_NXDOMAIN",
    "Request timed out (code 504)",
    "Invalid CSRF token",
    "SMTP 550 5.1.1 mailbox unavailable",
    "ECONNREFUSED 127.0.0.1:5432",
    "java.lang.NullPointerException",
    "OAuth error: invalid_grant",
    "Payment declined (code 05)",
];

/// Acronyms and product words that stay in capitals in every language.
pub static ACRONYMS: &[&str] = &[
    "API", "SSL", "VPN", "2FA", "SSO", "CSV", "PDF", "URL", "DNS", "SMTP", "IMAP", "iOS", "HTTP",
    "JSON", "SKU", "CRM", "ERP", "SAML", "OTP", "QR",
];
