//! What a ticket says: its subject, the customer's new message as blocks,
//! the earlier messages of the thread and its attachments. Built from the
//! language's phrase fragments; rendering into a format is `render`'s job.

use crate::logs;
use crate::phrases::{ACRONYMS, Phrases, TECH_ERRORS};
use crate::png;
use crate::rng::Rng;
use crate::text::{ascii_name, capitalize, translit, typos};
use crate::{Kind, Lang};

/// A piece of a message.
#[derive(Debug, Clone)]
pub enum Block {
    /// The author's prose.
    Para(String),
    /// A list, numbered or bulleted, after an optional line of its own.
    List {
        intro: Option<String>,
        ordered: bool,
        items: Vec<String>,
    },
    /// Pasted technical text; `tag` is the Markdown fence's language.
    Code {
        tag: &'static str,
        text: String,
    },
    /// An image shown in the text (Markdown image, or `[image: …]` in plain mail).
    Image(String),
    Heading(String),
    /// Text already shaped, e.g. answers written between quoted lines.
    Verbatim(String),
    /// Sign-off, name and the lines under it.
    Signature(Vec<String>),
}

/// Someone in the thread.
#[derive(Debug, Clone)]
pub struct Person {
    pub first: String,
    pub full: String,
    pub email: String,
    pub company: String,
}

/// A moment, for headers and prose.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl Stamp {
    /// 0 = Monday (Sakamoto's method).
    pub fn weekday(self) -> usize {
        const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.month < 3 {
            self.year - 1
        } else {
            self.year
        };
        let sunday_based =
            (y + y / 4 - y / 100 + y / 400 + T[self.month as usize - 1] + self.day) % 7;
        ((sunday_based + 6) % 7) as usize
    }

    /// Some days and hours earlier, staying in the same month.
    pub fn earlier(self, rng: &mut Rng) -> Stamp {
        let back = rng.range(0, 3) as u32;
        Stamp {
            day: self.day.saturating_sub(back).max(1),
            hour: if back == 0 {
                self.hour.saturating_sub(rng.range(1, 3) as u32).max(7)
            } else {
                rng.range(8, 19) as u32
            },
            minute: rng.below(60) as u32,
            ..self
        }
    }
}

/// An earlier message of the thread.
#[derive(Debug, Clone)]
pub struct Message {
    pub from_agent: bool,
    pub author: Person,
    pub sent: Stamp,
    pub blocks: Vec<Block>,
}

/// A file that came with the ticket.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// How the earlier messages are quoted under the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// A reply header ("On … wrote:") and `>` lines, nested per message.
    Angle,
    /// Outlook: a separator and a From/Sent/To/Subject block, not indented.
    Outlook,
    /// Answers written between the quoted lines of the agent's message.
    Inline,
}

#[derive(Debug, Clone)]
pub struct Content {
    pub subject: String,
    pub own: Vec<Block>,
    /// Newest first: the message replied to, then the one before it…
    pub history: Vec<Message>,
    pub quoting: Quoting,
    pub attachments: Vec<Attachment>,
    pub customer: Person,
    pub agent: Person,
    pub sent: Stamp,
    /// A line such as "Sent from my iPhone" under the new text.
    pub mobile: Option<String>,
    /// Where in `own` longer tickets get more paragraphs: before the closing lines.
    pub pad_at: usize,
}

/// Builds one ticket's content.
pub struct Writer<'r> {
    pub rng: &'r mut Rng,
    pub p: &'static Phrases,
    pub lang: Lang,
    pub customer: Person,
    pub agent: Person,
    pub product: &'static str,
    pub sent: Stamp,
    /// Own text in Latin letters (Russian or Ukrainian typed without a Cyrillic layout).
    pub translit: bool,
    /// Percentage of longer words that get a typo.
    pub typo_rate: u32,
    /// How much optional detail to write, in percent of the usual: short
    /// tickets leave out more.
    pub detail: u32,
    used_extra: Vec<usize>,
}

impl<'r> Writer<'r> {
    pub fn new(rng: &'r mut Rng, lang: Lang) -> Self {
        let p = lang.phrases();
        let product = *rng.pick(p.vocab.product);
        let customer = person(rng, p, lang);
        let mut agent = person(rng, p, lang);
        agent.email = format!("support@{}.example", ascii_name(product));
        agent.company = fill_simple(rng.word(p.agent_team), product);
        let sent = Stamp {
            year: rng.range(2023, 2025) as u32,
            month: rng.range(1, 12) as u32,
            day: rng.range(1, 28) as u32,
            hour: rng.range(7, 22) as u32,
            minute: rng.below(60) as u32,
        };
        let translit = lang != Lang::En && rng.chance(4);
        let typo_rate = match rng.below(10) {
            0..=5 => 0,
            6..=8 => 2,
            _ => 6,
        };
        Self {
            rng,
            p,
            lang,
            customer,
            agent,
            product,
            sent,
            translit,
            typo_rate,
            detail: 100,
            used_extra: Vec::new(),
        }
    }

    /// An optional part: `percent` scaled by `detail`.
    fn maybe(&mut self, percent: u32) -> bool {
        self.rng.chance((percent * self.detail / 100).min(100))
    }

    /// Fills the `{slots}` of a fragment and capitalises it.
    pub fn fill(&mut self, template: &str, name: &str) -> String {
        capitalize(&self.fill_raw(template, name, 0))
    }

    fn fill_raw(&mut self, template: &str, name: &str, depth: usize) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let slot = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let value = self.slot(slot, name);
            if depth < 2 && value.contains('{') {
                let nested = self.fill_raw(&value, name, depth + 1);
                out.push_str(&nested);
            } else {
                out.push_str(&value);
            }
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, slot: &str, name: &str) -> String {
        if let Some(words) = self.p.vocab.get(slot) {
            if slot == "err" && self.rng.chance(35) {
                return self.rng.pick(TECH_ERRORS).to_string();
            }
            if slot == "product" {
                return self.product.to_string();
            }
            return self.rng.pick(words).to_string();
        }
        let rng = &mut *self.rng;
        match slot {
            "name" => name.to_string(),
            "order" => rng.range(10_000, 9_999_999).to_string(),
            "n" => rng.range(2, 60).to_string(),
            "time" => format!("{}:{:02}", rng.range(7, 23), rng.below(60)),
            "date" => {
                let stamp = Stamp {
                    day: rng.range(1, 28) as u32,
                    ..self.sent
                };
                self.date(stamp)
            }
            "email" => self.customer.email.clone(),
            "company" => self.customer.company.clone(),
            "ver" => format!(
                "{}.{}.{}",
                rng.range(1, 9),
                rng.range(0, 30),
                rng.range(0, 12)
            ),
            "money" => match self.lang {
                Lang::En => format!("${}.00", rng.range(9, 900)),
                Lang::Ru => format!("{} руб.", rng.range(3, 90) * 100 - 10),
                Lang::Uk => format!("{} грн", rng.range(2, 60) * 50),
            },
            _ => format!("{{{slot}}}"),
        }
    }

    pub fn date(&self, stamp: Stamp) -> String {
        self.p
            .date_shape
            .replace("{d}", &stamp.day.to_string())
            .replace("{m}", self.p.months[stamp.month as usize - 1])
            .replace("{y}", &stamp.year.to_string())
    }

    /// The customer's own prose: typos and transliteration applied.
    fn own(&mut self, text: String) -> String {
        let text = if self.typo_rate > 0 {
            typos(&text, self.rng, self.typo_rate)
        } else {
            text
        };
        if self.translit { translit(&text) } else { text }
    }

    /// A fragment from `list`, filled, as the customer writes it.
    fn say(&mut self, list: &'static [&'static str]) -> String {
        let t = *self.rng.pick(list);
        let agent = self.agent.first.clone();
        let filled = self.fill(t, &agent);
        self.own(filled)
    }

    /// Several fragments as one paragraph.
    fn para(&mut self, lists: &[&'static [&'static str]]) -> Block {
        let parts: Vec<String> = lists.iter().map(|l| self.say(l)).collect();
        Block::Para(parts.join(" "))
    }

    fn greeting(&mut self, out: &mut Vec<Block>) {
        if self.rng.chance(80) {
            let g = self.say(self.p.greetings);
            if self.maybe(40) {
                let opener = self.say(self.p.openers);
                out.push(Block::Para(format!("{g}\n{opener}")));
            } else {
                out.push(Block::Para(g));
            }
        }
    }

    fn signature(&mut self, out: &mut Vec<Block>) {
        let mut lines = Vec::new();
        match self.rng.below(10) {
            0 => return,
            1 => {
                lines.push(self.customer.first.clone());
            }
            2 => {
                lines.push("-- ".into());
                lines.push(self.customer.full.clone());
                lines.push(self.customer.company.clone());
            }
            _ => {
                if self.rng.chance(60) {
                    lines.push(self.say(self.p.closings));
                    lines.push(String::new());
                }
                lines.push(self.rng.pick(self.p.signoffs).to_string());
                lines.push(self.customer.full.clone());
                if self.maybe(50) {
                    let position = capitalize(self.rng.word(self.p.positions));
                    lines.push(format!("{position} | {}", self.customer.company));
                }
                if self.maybe(35) {
                    lines.push(self.phone());
                }
            }
        }
        let lines = if self.translit {
            lines.into_iter().map(|l| translit(&l)).collect()
        } else {
            lines
        };
        out.push(Block::Signature(lines));
    }

    fn phone(&mut self) -> String {
        let rng = &mut *self.rng;
        match self.lang {
            Lang::En => format!("+44 20 {} {:04}", rng.range(1000, 9999), rng.below(10_000)),
            Lang::Ru => format!(
                "+7 (9{:02}) {:03}-{:02}-{:02}",
                rng.below(100),
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            ),
            Lang::Uk => format!(
                "+380 {} {:03} {:02} {:02}",
                rng.pick(&["67", "50", "63", "97"]),
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            ),
        }
    }

    fn screenshot(&mut self, content: &mut Content, markdown: bool) -> Block {
        let name = match self.rng.below(3) {
            0 => format!(
                "screenshot-{}-{:02}-{:02}.png",
                self.sent.year, self.sent.month, self.sent.day
            ),
            1 => format!("Screenshot_{}.png", self.rng.range(100, 9999)),
            _ => "image.png".to_string(),
        };
        let data = png::screenshot(self.rng);
        content.attachments.push(Attachment {
            name: name.clone(),
            content_type: "image/png",
            data,
        });
        if markdown && self.rng.chance(60) {
            Block::Image(name)
        } else {
            Block::Para(self.say(self.p.screenshot))
        }
    }

    /// A document the customer attaches (an export, an invoice), and the
    /// sentence that says so.
    fn file(&mut self, content: &mut Content) -> Block {
        let name = self.rng.word(self.p.vocab.file).to_string();
        let (content_type, data) = document(self.rng, &name);
        content.attachments.push(Attachment {
            name: name.clone(),
            content_type,
            data,
        });
        let template = self.rng.word(self.p.file_attached);
        let text = capitalize(&template.replace("{file}", &name));
        Block::Para(self.own(text))
    }

    /// A block of pasted technical text of roughly `bytes`.
    pub fn code(&mut self, bytes: usize) -> Block {
        let clock = (
            self.sent.year,
            self.sent.month,
            self.sent.day,
            self.sent.hour,
            self.sent.minute,
        );
        match self.rng.below(10) {
            0..=4 => Block::Code {
                tag: "log",
                text: logs::app_log(self.rng, clock, bytes),
            },
            5 | 6 => Block::Code {
                tag: "text",
                text: logs::access_log(self.rng, clock, bytes),
            },
            7 => Block::Code {
                tag: "text",
                text: logs::stack_trace(self.rng),
            },
            8 => Block::Code {
                tag: "json",
                text: logs::json_response(self.rng),
            },
            _ => Block::Code {
                tag: "sh",
                text: logs::curl(self.rng),
            },
        }
    }

    /// The problem report at the heart of most tickets.
    fn problem(
        &mut self,
        content: &mut Content,
        markdown: bool,
        complete: bool,
        out: &mut Vec<Block>,
    ) {
        let mut first = vec![self.say(self.p.problems)];
        if self.maybe(55) {
            first.push(self.say(self.p.symptoms));
        }
        let has_when = complete || self.rng.chance(45);
        let inline_when = has_when && self.rng.chance(60);
        if inline_when {
            first.push(self.say(self.p.when));
        }
        out.push(Block::Para(first.join(" ")));
        if has_when && !inline_when {
            out.push(Block::Para(self.say(self.p.when)));
        }
        let structured = markdown && self.rng.chance(60);
        if complete || self.maybe(35) {
            let n = self.rng.range(2, 6);
            let chosen = self.rng.subset(self.p.steps.len(), n);
            let steps: Vec<String> = chosen
                .iter()
                .map(|&i| self.say(&self.p.steps[i..=i]))
                .collect();
            if structured {
                out.push(Block::Heading(self.p.headings[0].to_string()));
                out.push(Block::List {
                    intro: None,
                    ordered: true,
                    items: steps,
                });
                out.push(Block::Heading(self.p.headings[1].to_string()));
                out.push(Block::Para(self.say(self.p.expected)));
            } else {
                let intro = self.say(self.p.steps_intro);
                out.push(Block::List {
                    intro: Some(intro),
                    ordered: self.rng.chance(70),
                    items: steps,
                });
                if self.rng.chance(50) {
                    out.push(Block::Para(self.say(self.p.expected)));
                }
            }
        }
        if self.maybe(45) {
            if structured {
                out.push(Block::Heading(self.p.headings[3].to_string()));
            }
            out.push(self.para(&[self.p.env]));
        }
        if self.maybe(40) {
            out.push(self.para(&[self.p.tried]));
        }
        if self.maybe(30) {
            if structured {
                out.push(Block::Heading(self.p.headings[4].to_string()));
            } else {
                out.push(Block::Para(self.say(self.p.log_intro)));
            }
            let bytes = self.rng.range(150, 700);
            out.push(self.code(bytes));
        }
        if self.maybe(12) {
            let acronyms = (0..3).map(|_| *self.rng.pick(ACRONYMS)).collect::<Vec<_>>();
            out.push(Block::Para(format!(
                "{} / {} / {}: OK, {} — ?",
                acronyms[0],
                acronyms[1],
                acronyms[2],
                self.rng.pick(ACRONYMS)
            )));
        }
        if self.rng.chance(5) {
            let placeholder = *self.rng.pick(&[
                "{{ORDER_ID}}",
                "${ACCOUNT_ID}",
                "%CUSTOMER_NAME%",
                "[Describe the problem]",
            ]);
            out.push(Block::Para(format!("ID: {placeholder}")));
        }
        if complete || self.rng.chance(40) {
            let shot = self.screenshot(content, markdown);
            out.push(shot);
        } else if self.rng.chance(10) {
            // Says it is attached, and forgets it.
            out.push(Block::Para(self.say(self.p.screenshot)));
        }
        if self.maybe(8) {
            let file = self.file(content);
            out.push(file);
        }
        if self.maybe(40) {
            out.push(self.para(&[self.p.impact]));
        }
    }

    fn vague(&mut self, out: &mut Vec<Block>, shout: bool) {
        let mut parts = vec![self.say(self.p.vague)];
        if self.rng.chance(50) {
            parts.push(self.say(self.p.vague));
        }
        if self.rng.chance(70) {
            parts.push(self.say(self.p.demands));
        }
        let mut text = parts.join(" ");
        if shout {
            text = text.to_uppercase().replace('.', "!!!");
        }
        out.push(Block::Para(text));
        if self.maybe(40) {
            out.push(self.para(&[self.p.demands]));
        }
    }

    fn shouting(&mut self, content: &mut Content, markdown: bool, out: &mut Vec<Block>) {
        let mut body = Vec::new();
        if self.rng.chance(50) {
            self.problem(content, markdown, false, &mut body);
        } else {
            self.vague(&mut body, false);
        }
        let all = self.rng.chance(50);
        for (i, block) in body.iter_mut().enumerate() {
            if let Block::Para(text) = block
                && (all || i == 0)
            {
                *text = format!("{}!!!", text.to_uppercase().trim_end_matches('.'));
            }
        }
        out.extend(body);
        if self.rng.chance(60) {
            let demand = self.say(self.p.demands).to_uppercase();
            out.push(Block::Para(demand));
        }
    }

    fn bundled(&mut self, content: &mut Content, markdown: bool, out: &mut Vec<Block>) {
        let n = self.rng.range(2, 4);
        let listed = self.rng.chance(35);
        let mut items = Vec::new();
        for i in 0..n {
            let issue = match self.rng.below(4) {
                0 | 1 => {
                    let mut s = self.say(self.p.problems);
                    if self.rng.chance(40) {
                        s = format!("{s} {}", self.say(self.p.symptoms));
                    }
                    s
                }
                2 => self.say(self.p.howto),
                _ => self.say(self.p.requests),
            };
            if listed {
                items.push(issue);
            } else if i == 0 {
                out.push(Block::Para(issue));
            } else {
                let connector = *self.rng.pick(self.p.connectors);
                let issue = lower_first(&issue);
                out.push(Block::Para(format!("{connector}{issue}")));
            }
        }
        if listed {
            let intro = self.say(self.p.openers);
            out.push(Block::List {
                intro: Some(intro),
                ordered: self.rng.chance(50),
                items,
            });
        }
        if self.rng.chance(30) {
            let shot = self.screenshot(content, markdown);
            out.push(shot);
        }
    }

    fn howto(&mut self, out: &mut Vec<Block>) {
        if self.maybe(60) {
            out.push(self.para(&[self.p.howto_context]));
        }
        out.push(self.para(&[self.p.howto]));
        if self.maybe(35) {
            out.push(self.para(&[self.p.howto]));
        }
    }

    fn request(&mut self, out: &mut Vec<Block>) {
        if self.maybe(40) {
            out.push(self.para(&[self.p.openers]));
        }
        out.push(self.para(&[self.p.requests]));
        if self.maybe(30) {
            out.push(self.para(&[self.p.impact]));
        }
    }

    /// An agent's message asking some questions; returns which it asked.
    fn agent_message(&mut self, sent: Stamp) -> (Message, Vec<usize>) {
        let p = self.p;
        let k = self.rng.range(2, 4);
        let asked = self.rng.subset(p.agent_questions.len(), k);
        let customer = self.customer.first.clone();
        let mut blocks = Vec::new();
        let template = *self.rng.pick(p.agent_greetings);
        let greeting = self.fill(template, &customer);
        blocks.push(Block::Para(greeting));
        let template = *self.rng.pick(p.agent_intros);
        let intro = self.fill(template, &customer);
        blocks.push(Block::Para(intro));
        let questions: Vec<String> = asked
            .iter()
            .map(|&i| p.agent_questions[i].0.to_string())
            .collect();
        if self.rng.chance(30) {
            blocks.push(Block::List {
                intro: None,
                ordered: true,
                items: questions,
            });
        } else {
            blocks.push(Block::Para(questions.join("\n")));
        }
        let closing = self.rng.pick(p.agent_closings).to_string();
        blocks.push(Block::Signature(vec![
            closing,
            self.agent.first.clone(),
            self.agent.company.clone(),
        ]));
        (
            Message {
                from_agent: true,
                author: self.agent.clone(),
                sent,
                blocks,
            },
            asked,
        )
    }

    /// A reply to an agent's questions, answering some of them.
    fn reply(&mut self, content: &mut Content, markdown: bool, out: &mut Vec<Block>) {
        let asked_at = self.sent.earlier(self.rng);
        let (message, asked) = self.agent_message(asked_at);
        let answered: Vec<usize> = if self.rng.chance(40) {
            asked.clone()
        } else {
            let k = self.rng.range(1, asked.len().max(2) - 1);
            self.rng
                .subset(asked.len(), k)
                .into_iter()
                .map(|i| asked[i])
                .collect()
        };
        let mut original = Vec::new();
        self.problem(content, false, false, &mut original);
        content.attachments.clear();
        content.history.push(message);
        content.history.push(Message {
            from_agent: false,
            author: self.customer.clone(),
            sent: asked_at.earlier(self.rng),
            blocks: original,
        });
        let customer = self.customer.first.clone();
        let mut answers = Vec::new();
        for &q in &answered {
            let answer = self.fill(self.p.agent_questions[q].1, &customer);
            let answer = self.own(answer);
            if q == 2 {
                let shot = self.screenshot(content, markdown);
                if let Block::Image(name) = shot {
                    answers.push(format!("{answer}\n![screenshot]({name})"));
                    continue;
                }
            }
            answers.push(answer);
        }
        if content.quoting == Quoting::Inline {
            let mut text = crate::render::reply_header(&content.history[0], self.lang);
            for (i, &q) in asked.iter().enumerate() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str("> ");
                text.push_str(self.p.agent_questions[q].0);
                if let Some(at) = answered.iter().position(|&a| a == q) {
                    text.push_str("\n\n");
                    text.push_str(&answers[at]);
                } else if i + 1 == asked.len() && self.rng.chance(50) {
                    text.push_str("\n>");
                }
            }
            let intro = self.say(self.p.reply_intros);
            if !intro.is_empty() {
                out.push(Block::Para(intro));
            }
            out.push(Block::Verbatim(text));
        } else {
            let intro = self.say(self.p.reply_intros);
            let joined = if self.rng.chance(50) {
                answers.join("\n")
            } else {
                answers.join(" ")
            };
            out.push(Block::Para(if intro.is_empty() {
                joined
            } else {
                format!("{intro}\n{joined}")
            }));
        }
    }

    fn feedback(&mut self, out: &mut Vec<Block>) {
        out.push(self.para(&[self.p.feedback]));
    }

    /// More of the customer's story: a paragraph this ticket has not used
    /// yet, or one put together from symptoms, attempts and consequences.
    pub fn extra(&mut self) -> Option<Block> {
        if self.rng.chance(50) {
            let p = self.p;
            let pool = [
                p.symptoms,
                p.tried,
                p.impact,
                p.when,
                p.howto_context,
                p.symptoms,
            ];
            let n = self.rng.range(3, 5);
            let parts: Vec<String> = (0..n)
                .map(|_| {
                    let list = *self.rng.pick(&pool);
                    self.say(list)
                })
                .collect();
            return Some(Block::Para(parts.join(" ")));
        }
        let left: Vec<usize> = (0..self.p.extra.len())
            .filter(|i| !self.used_extra.contains(i))
            .collect();
        if left.is_empty() {
            return None;
        }
        let i = *self.rng.pick(&left);
        self.used_extra.push(i);
        let agent = self.agent.first.clone();
        let text = self.fill(self.p.extra[i], &agent);
        Some(Block::Para(self.own(text)))
    }

    /// An older message for a long thread: the customer's or the agent's.
    pub fn older_message(&mut self, content: &Content) -> Message {
        let sent = content
            .history
            .last()
            .map_or(self.sent, |m| m.sent)
            .earlier(self.rng);
        let from_agent = content.history.last().is_none_or(|m| !m.from_agent);
        if from_agent {
            self.agent_message(sent).0
        } else {
            let mut blocks = Vec::new();
            self.greeting(&mut blocks);
            let mut scratch = content.clone();
            self.problem(&mut scratch, false, false, &mut blocks);
            self.signature(&mut blocks);
            Message {
                from_agent: false,
                author: self.customer.clone(),
                sent,
                blocks,
            }
        }
    }

    pub fn subject(&mut self, kind: Kind) -> String {
        let p = self.p;
        let list = match kind {
            Kind::Problem => p.subjects_problem,
            Kind::Vague | Kind::Shouting => p.subjects_vague,
            Kind::Bundled => p.subjects_bundle,
            Kind::HowTo => p.subjects_question,
            Kind::Request => p.subjects_request,
            Kind::Reply => p.subjects_problem,
            Kind::Feedback => p.subjects_feedback,
        };
        let t = *self.rng.pick(list);
        let agent = self.agent.first.clone();
        let mut s = self.fill(t, &agent);
        if kind == Kind::Shouting && self.rng.chance(60) {
            s = s.to_uppercase();
        }
        if self.translit {
            s = translit(&s);
        }
        s
    }

    /// The whole content of a ticket of `kind`.
    pub fn compose(
        &mut self,
        kind: Kind,
        markdown: bool,
        quoting: Quoting,
        threaded: bool,
    ) -> Content {
        let subject = self.subject(kind);
        let mut content = Content {
            subject,
            own: Vec::new(),
            history: Vec::new(),
            quoting,
            attachments: Vec::new(),
            customer: self.customer.clone(),
            agent: self.agent.clone(),
            sent: self.sent,
            mobile: None,
            pad_at: 0,
        };
        let mut own = Vec::new();
        if kind != Kind::Reply || quoting != Quoting::Inline {
            self.greeting(&mut own);
        }
        match kind {
            Kind::Problem => {
                let complete = self.rng.chance(30);
                self.problem(&mut content, markdown, complete, &mut own);
            }
            Kind::Vague => self.vague(&mut own, false),
            Kind::Shouting => self.shouting(&mut content, markdown, &mut own),
            Kind::Bundled => self.bundled(&mut content, markdown, &mut own),
            Kind::HowTo => self.howto(&mut own),
            Kind::Request => self.request(&mut own),
            Kind::Reply => self.reply(&mut content, markdown, &mut own),
            Kind::Feedback => self.feedback(&mut own),
        }
        content.pad_at = own.len();
        if self.maybe(15) && kind != Kind::Feedback {
            own.push(self.para(&[self.p.closings]));
        }
        self.signature(&mut own);
        if threaded && content.history.is_empty() {
            let asked_at = self.sent.earlier(self.rng);
            let (message, _) = self.agent_message(asked_at);
            content.history.push(message);
        }
        if (threaded || kind == Kind::Reply) && self.rng.chance(25) {
            content.mobile = Some(self.rng.pick(self.p.mobile).to_string());
        }
        content.own = own;
        content
    }
}

/// A small file of the type its name says: CSV rows, a minimal PDF, a
/// spreadsheet or archive (a ZIP header and bytes), or a PNG.
fn document(rng: &mut Rng, name: &str) -> (&'static str, Vec<u8>) {
    let ext = name.rsplit('.').next().unwrap_or_default();
    match ext {
        "csv" => {
            let mut csv = String::from("id;name;amount;date\n");
            for i in 0..rng.range(3, 20) {
                csv.push_str(&format!(
                    "{};item {};{}.{:02};2024-{:02}-{:02}\n",
                    i + 1,
                    rng.range(1, 999),
                    rng.range(1, 9999),
                    rng.below(100),
                    rng.range(1, 12),
                    rng.range(1, 28)
                ));
            }
            ("text/csv", csv.into_bytes())
        }
        "pdf" => {
            let pdf = format!(
                "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% invoice {}\ntrailer << /Root 1 0 R >>\n%%EOF\n",
                rng.next_u64()
            );
            ("application/pdf", pdf.into_bytes())
        }
        "png" => ("image/png", png::screenshot(rng)),
        _ => {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend((0..rng.range(64, 400)).map(|_| rng.below(256) as u8));
            let kind = if ext == "xlsx" {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "application/zip"
            };
            (kind, bytes)
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // Keep capitals of acronyms and names ("API", "SSO", "The" is lowered).
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

fn fill_simple(template: &str, product: &str) -> String {
    capitalize(&template.replace("{product}", product))
}

fn person(rng: &mut Rng, p: &Phrases, lang: Lang) -> Person {
    let first = rng.pick(p.first_names).to_string();
    let mut last = rng.pick(p.last_names).to_string();
    // Russian surnames agree with the first name: Иванов / Петрова.
    if lang == Lang::Ru {
        let female = first.ends_with('а') || first.ends_with('я');
        if female && !last.ends_with('а') {
            last.push('а');
        } else if !female && last.ends_with("ва") {
            last.pop();
        }
    }
    let company = rng.pick(p.companies).to_string();
    let domain = match rng.below(4) {
        0 => "gmail.example".to_string(),
        1 => match lang {
            Lang::En => "outlook.example".to_string(),
            Lang::Ru => "yandex.example".to_string(),
            Lang::Uk => "ukr.example".to_string(),
        },
        _ => format!(
            "{}.example",
            ascii_name(&company)
                .trim_start_matches("ooo")
                .trim_start_matches("tov")
        ),
    };
    let email = format!("{}.{}@{domain}", ascii_name(&first), ascii_name(&last));
    Person {
        full: format!("{first} {last}"),
        first,
        email,
        company,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_are_right() {
        let monday = Stamp {
            year: 2024,
            month: 3,
            day: 11,
            hour: 10,
            minute: 3,
        };
        assert_eq!(monday.weekday(), 0);
        let sunday = Stamp {
            year: 2023,
            month: 1,
            day: 1,
            hour: 10,
            minute: 3,
        };
        assert_eq!(sunday.weekday(), 6);
    }

    #[test]
    fn slots_are_all_filled() {
        for lang in [Lang::En, Lang::Ru, Lang::Uk] {
            let mut rng = Rng::new(5);
            let mut w = Writer::new(&mut rng, lang);
            let p = lang.phrases();
            for list in [
                p.problems, p.when, p.requests, p.howto, p.extra, p.tried, p.env,
            ] {
                for t in list {
                    let filled = w.fill(t, "Kate");
                    assert!(!filled.contains('{'), "{filled}");
                }
            }
        }
    }
}
