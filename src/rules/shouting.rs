//! `shouting`: text in capitals.

use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::{Context, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Span};
use crate::lang::Packs;
use crate::text::{is_alphabetic, is_alphanumeric, line_ranges, split_sentences_known};
use crate::ticket::Ticket;

const DOC: &str = r#"Text written in capitals.

## What it does
Flags the author's own text — a sentence, a line, the whole message — or the
subject, when it is written mostly in capitals. Runs of `!!!` and `???` inside
the shouted text belong to the same finding. A run of five or more `!` or `?`
is shouting on its own, in any case ("Помогите пожалуйста!!!!!!"); `!!` and
`??` are not.

It stays quiet on one or two emphasised words ("please do NOT reset"),
acronyms and abbreviations (API, VAT, НДС, ИНН, ПДВ, ЄДРПОУ), identifiers
with digits or underscores (ERR_CONNECTION_REFUSED, E1042), short labels in
quotes ("SAVE AND CLOSE"), company names after a legal form (ООО РОМАШКА),
and on code, logs, placeholders, signatures and quoted mail.

## Why is this bad?
On the internet a phrase in capitals reads as shouting. Capitals add no
priority to a request — sometimes the opposite — and a shouted subject
usually comes with the least information. Capitals are fine as an accent on
an informative part; not for the whole letter, and not for how urgent it is.

## Example
```text
URGENT!!! NOTHING WORKS SINCE THE UPDATE
```
```text
ТЕРМІНОВО!!! НІЧОГО НЕ ПРАЦЮЄ, ПОЛАГОДЬТЕ
```
```text
Тема: СРОЧНО НЕ ПРОХОДИТ ОПЛАТА

Добрый день, оплата картой не проходит с утра.
```

## Use instead
```text
Since this morning's update the invoice list is empty. Please do NOT reset my account.
```
```text
НДС в PDF-счёте не совпадает с суммой в 1С, ИНН ООО РОМАШКА указан верно.
```

## Fix safety
The fix rewrites the shouted text in sentence case, keeping acronyms,
identifiers and words always written with a capital, and collapses `!!!` to
`!`. It is unsafe: names written in capitals lose their capitals. A run of
marks alone becomes one mark (`?!` if both were there); that fix is safe.
"#;

/// A run of marks that is shouting in any case: five or more `!` or `?`.
static MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[!?]{5,}").unwrap());

/// Words in quotes up to this count are a label, not shouting.
const MAX_LABEL_WORDS: usize = 5;
/// Words after a legal form (ООО, LLC) taken as the company's name.
const NAME_WORDS: usize = 3;
/// How much of the fixed text the suggestion quotes.
const SUGGESTION_CHARS: usize = 80;

/// Words in a line that names a product rather than says something.
const MAX_NAME_WORDS: usize = 5;

static QUOTED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""[^"\n]{1,80}"|«[^»\n]{1,80}»|“[^”\n]{1,80}”|„[^“”\n]{1,80}[“”]"#).unwrap()
});

/// The rule, with its options (`[rules.shouting]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shouting {
    /// Share of upper-case letters among the cased letters of a sentence.
    pub min_upper_ratio: f32,
    /// A finding needs at least this many shouted words…
    pub min_words: usize,
    /// …with at least this many letters between them.
    pub min_letters: usize,
}

impl Shouting {
    pub const DEFAULT: Shouting = Shouting {
        min_upper_ratio: 0.7,
        min_words: 2,
        min_letters: 8,
    };
}

impl Rule for Shouting {
    fn id(&self) -> &'static str {
        "shouting"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    fn with_options(&self, options: &toml::Table) -> Result<&'static dyn Rule, String> {
        let mut rule = *self;
        for (key, value) in options {
            let bad = || {
                format!(
                    "`{key}`: expected {}",
                    if key == "min_upper_ratio" {
                        "a number from 0 to 1"
                    } else {
                        "a whole number"
                    }
                )
            };
            match key.as_str() {
                "min_upper_ratio" => {
                    let ratio = value
                        .as_float()
                        .or_else(|| value.as_integer().map(|i| i as f64))
                        .ok_or_else(bad)?;
                    if !(0.0..=1.0).contains(&ratio) {
                        return Err(bad());
                    }
                    rule.min_upper_ratio = ratio as f32;
                }
                "min_words" => {
                    rule.min_words = value
                        .as_integer()
                        .and_then(|i| usize::try_from(i).ok())
                        .ok_or_else(bad)?
                }
                "min_letters" => {
                    rule.min_letters = value
                        .as_integer()
                        .and_then(|i| usize::try_from(i).ok())
                        .ok_or_else(bad)?
                }
                other => {
                    return Err(format!(
                        "unknown option `{other}` (min_upper_ratio, min_words, min_letters)"
                    ));
                }
            }
        }
        Ok(Box::leak(Box::new(rule)))
    }

    fn message_keys(&self) -> &'static [&'static str] {
        &["message", "suggestion", "marks_message", "marks_suggestion"]
    }

    fn check(&self, ticket: &Ticket, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ticket.text.as_str();
        let mut spans: Vec<Span> = ticket.subject.iter().copied().collect();
        spans.extend(ticket.own());
        let mut shouted: Vec<Span> = Vec::new();
        let mut runs: Vec<Run> = Vec::new();
        let copied = ticket.copied_messages(cx.packs);
        for &region in &spans {
            for (start, end) in line_ranges(region.slice(text)) {
                let line = Span::new(region.start + start, region.start + end);
                let split =
                    split_sentences_known(text, line.start..line.end, &ticket.unicode_sentences);
                sentences(
                    text,
                    line,
                    &split,
                    (cx.packs, &copied),
                    self.min_upper_ratio,
                    &mut runs,
                );
            }
        }
        for run in runs.into_iter().filter(|r| r.is_shouting(self)) {
            let span = run.span;
            shouted.push(span);
            let replacement = sentence_case(span.slice(text), cx.packs);
            // The first line of a fix over several lines, not the lines joined.
            let shown = match replacement.split_once('\n') {
                Some((first, _)) => {
                    let short = super::shorten(first, SUGGESTION_CHARS);
                    if short.ends_with('…') {
                        short
                    } else {
                        format!("{} …", short.trim_end())
                    }
                }
                None => super::shorten(&replacement, SUGGESTION_CHARS),
            };
            out.push(
                self.finding(cx, span, ("message", "suggestion"), &[("fix", &shown)])
                    .with_fix(Fix {
                        replacement,
                        applicability: Applicability::Unsafe,
                    }),
            );
        }
        // Runs of marks outside the text in capitals.
        for region in &spans {
            let slice = region.slice(text);
            if !slice.contains(['!', '?']) {
                continue;
            }
            for m in MARKS.find_iter(slice) {
                let span = Span::new(region.start + m.start(), region.start + m.end());
                if shouted
                    .iter()
                    .any(|s| s.start <= span.start && span.end <= s.end)
                {
                    continue;
                }
                let mark = match (m.as_str().contains('?'), m.as_str().contains('!')) {
                    (true, true) => "?!",
                    (true, false) => "?",
                    _ => "!",
                };
                out.push(
                    self.finding(
                        cx,
                        span,
                        ("marks_message", "marks_suggestion"),
                        &[("marks", m.as_str()), ("fix", mark)],
                    )
                    .with_fix(Fix {
                        replacement: mark.to_string(),
                        applicability: Applicability::Safe,
                    }),
                );
            }
        }
    }
}

/// Consecutive shouted sentences with nothing but spaces and punctuation between.
#[derive(Debug)]
struct Run {
    span: Span,
    words: usize,
    letters: usize,
}

impl Run {
    fn is_shouting(&self, rule: &Shouting) -> bool {
        self.words >= rule.min_words && self.letters >= rule.min_letters
    }
}

/// Counts of one sentence.
#[derive(Default, Debug)]
struct Tally {
    upper: usize,
    lower: usize,
    shouted_words: usize,
    shouted_letters: usize,
}

/// Judges each sentence of `line` and extends or starts runs.
fn sentences(
    text: &str,
    line: Span,
    split: &[(usize, &str)],
    (packs, copied): (&Packs, &[Span]),
    min_upper_ratio: f32,
    runs: &mut Vec<Run>,
) {
    let line_text = line.slice(text);
    // Short labels in quotes, and messages copied from a program: not the
    // author's shouting. Offsets in the line.
    let mut labels: Vec<Span> = QUOTED_LABEL
        .find_iter(line_text)
        .filter(|m| m.as_str().unicode_words().count() <= MAX_LABEL_WORDS)
        .map(|m| Span::new(m.start(), m.end()))
        .collect();
    // `copied` is in text order and its spans do not overlap.
    let first = copied.partition_point(|c| c.end <= line.start);
    labels.extend(
        copied[first..]
            .iter()
            .take_while(|c| c.start < line.end)
            .map(|c| {
                Span::new(
                    c.start.saturating_sub(line.start),
                    c.end.min(line.end) - line.start,
                )
            }),
    );
    for &(offset, sentence) in split {
        if is_name_line(sentence) {
            runs.push(Run {
                span: Span::new(line.start + offset, line.start + offset),
                words: 0,
                letters: 0,
            });
            continue;
        }
        let tally = tally(sentence, offset, &labels, packs);
        let cased = tally.upper + tally.lower;
        let shouted = tally.shouted_words > 0
            && cased > 0
            && tally.upper as f32 / cased as f32 >= min_upper_ratio;
        let trimmed = sentence.trim_end();
        let span = Span::new(line.start + offset, line.start + offset + trimmed.len());
        if !shouted {
            if cased > 0 {
                // A sentence with letters that is not shouted ends the run.
                runs.push(Run {
                    span: Span::new(span.end, span.end),
                    words: 0,
                    letters: 0,
                });
            }
            continue;
        }
        let joins = runs.last().is_some_and(|r| {
            r.words > 0 && !text[r.span.end..span.start].chars().any(is_alphanumeric)
        });
        if joins {
            let run = runs.last_mut().unwrap();
            run.span = run.span.cover(span);
            run.words += tally.shouted_words;
            run.letters += tally.shouted_letters;
        } else {
            runs.push(Run {
                span,
                words: tally.shouted_words,
                letters: tally.shouted_letters,
            });
        }
    }
}

/// A short line naming a product or model ("SAMSUNG GALAXY S23 ULTRA"):
/// a few words, one of them a letter-and-digit code, no sentence punctuation.
fn is_name_line(sentence: &str) -> bool {
    let trimmed = sentence.trim();
    let words: Vec<&str> = trimmed.unicode_words().collect();
    words.len() <= MAX_NAME_WORDS
        && !trimmed.ends_with(['.', '!', '?'])
        && words
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(is_alphabetic))
}

fn tally(sentence: &str, offset: usize, labels: &[Span], packs: &Packs) -> Tally {
    let mut t = Tally::default();
    let mut name_words = 0;
    let codes = identifiers(sentence);
    for (i, word) in sentence.split_word_bound_indices() {
        let at = offset + i;
        if !word.chars().any(is_alphabetic)
            || labels.iter().any(|l| l.start <= at && at < l.end)
            || codes.iter().any(|c| c.start <= i && i < c.end)
        {
            continue;
        }
        let all_caps = !word.chars().any(char::is_lowercase);
        if is_identifier(word) || packs.is_acronym(word) {
            if packs.is_legal_form(word) {
                name_words = NAME_WORDS;
            }
            continue;
        }
        if name_words > 0 && all_caps {
            name_words -= 1;
            continue;
        }
        name_words = 0;
        let upper = word.chars().filter(|c| c.is_uppercase()).count();
        let lower = word.chars().filter(|c| c.is_lowercase()).count();
        t.upper += upper;
        t.lower += lower;
        if lower == 0 && upper >= 2 {
            t.shouted_words += 1;
            t.shouted_letters += upper;
        }
    }
    t
}

fn is_identifier(word: &str) -> bool {
    word.contains(|c: char| c.is_ascii_digit() || c == '_')
}

/// Where `text` has codes made of letters and digits joined by `-`, `/`, `.`
/// or `#` (`INV-2024-0042`, `SN/44-B`): the words of one are never shouting
/// and keep their case in the fix.
fn identifiers(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let start = at;
        at += chunk.len();
        let trimmed = chunk.trim_start_matches(|c: char| !is_alphanumeric(c));
        let lead = chunk.len() - trimmed.len();
        let code = trimmed.trim_end_matches(|c: char| !is_alphanumeric(c));
        if code.contains(|c: char| c.is_ascii_digit()) && code.chars().any(is_alphabetic) {
            out.push(Span::new(start + lead, start + lead + code.len()));
        }
    }
    out
}

/// The text in sentence case: acronyms, identifiers and always-capitalised
/// words kept, `!!!` and `???` collapsed.
fn sentence_case(text: &str, packs: &Packs) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sentence_start = true;
    let codes = identifiers(text);
    for (i, word) in text.split_word_bound_indices() {
        if codes.iter().any(|c| c.start <= i && i < c.end) {
            out.push_str(word);
            sentence_start = false;
            continue;
        }
        if !word.chars().any(is_alphabetic) {
            if let Some(c) = word.chars().next().filter(|c| matches!(c, '!' | '?')) {
                // Collapse a run of marks: "!!!" → "!", "?!!" → "?!".
                let last = out.chars().last();
                if last == Some(c)
                    || (last == Some('!') && c == '?')
                    || (last == Some('?') && c == '!' && out.ends_with("?!"))
                {
                    if last == Some('!') && c == '?' && !out.ends_with("?!") {
                        out.pop();
                        out.push_str("?!");
                    }
                    continue;
                }
            }
            if word.contains(['.', '!', '?', '…', '\n']) {
                sentence_start = true;
            }
            out.push_str(word);
            continue;
        }
        let lower = word.to_lowercase();
        let keep = is_identifier(word) || (packs.is_acronym(word) && !packs.is_common_word(&lower));
        let cased = if keep {
            word.to_string()
        } else if let Some(kept) = packs.capitalized(&lower) {
            kept.to_string()
        } else if sentence_start {
            capitalize(&lower)
        } else {
            lower
        };
        out.push_str(&cased);
        sentence_start = false;
    }
    out
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&QUOTED_LABEL);
    LazyLock::force(&MARKS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_doc_examples, run_rule};

    fn lint(text: &str) -> Vec<Diagnostic> {
        run_rule(&Shouting::DEFAULT, text)
    }

    fn flagged(text: &str) -> Vec<&str> {
        let spans: Vec<_> = lint(text).iter().map(|d| d.span).collect();
        spans.into_iter().map(|s| s.slice(text)).collect()
    }

    fn fix(text: &str) -> String {
        lint(text)[0].fix.as_ref().unwrap().replacement.clone()
    }

    #[test]
    fn doc_examples() {
        check_doc_examples(&Shouting::DEFAULT);
    }

    #[test]
    fn whole_message_is_one_finding_with_its_exclamations() {
        let text = "URGENT!!! NOTHING WORKS SINCE THE UPDATE";
        assert_eq!(flagged(text), [text]);
        assert_eq!(fix(text), "Urgent! Nothing works since the update");
    }

    #[test]
    fn fix_keeps_acronyms_and_identifiers() {
        let text = "THE API RETURNS ERR_CONNECTION_REFUSED AGAIN???";
        assert_eq!(fix(text), "The API returns ERR_CONNECTION_REFUSED again?");
        assert_eq!(
            fix("СРОЧНО!!! НЕ ПРИХОДИТ СЧЁТ С НДС"),
            "Срочно! Не приходит счёт с НДС"
        );
        assert_eq!(
            fix("I CANT LOGIN SINCE MONDAY"),
            "I cant login since Monday"
        );
        // "IT" the department is an acronym; "it" the pronoun is not.
        assert_eq!(
            fix("NOTHING WORKS!!! FIX IT NOW"),
            "Nothing works! Fix it now"
        );
    }

    #[test]
    fn one_shouted_line_among_calm_ones() {
        let text = "Доброго дня.\nТЕРМІНОВО НІЧОГО НЕ ПРАЦЮЄ РЕМОНТУЙТЕ\nДякую";
        assert_eq!(flagged(text), ["ТЕРМІНОВО НІЧОГО НЕ ПРАЦЮЄ РЕМОНТУЙТЕ"]);
        assert_eq!(
            lint(text)[0].message,
            Packs::embedded()
                .get("uk")
                .unwrap()
                .message("shouting", "message", &[])
        );
    }

    #[test]
    fn shouted_subject_with_calm_body() {
        let text = "Subject: PAYMENT FAILED AGAIN\n\nHi, my card was declined twice this morning.";
        assert_eq!(flagged(text), ["PAYMENT FAILED AGAIN"]);
    }

    #[test]
    fn emphasis_acronyms_and_identifiers_are_quiet() {
        for text in [
            "Please do NOT reset my password, I only need the VAT invoice.",
            "Do NOT, I repeat, NOT delete the account",
            "ИНН, КПП и НДС в PDF не совпадают с данными ООО РОМАШКА ГРУП",
            "ФОП, ПДВ, ЄДРПОУ вказані правильно у звіті",
            "The browser says ERR_CONNECTION_REFUSED and ACCESS_DENIED",
            "Click \"SAVE AND CLOSE\" and the form resets",
            "OK",
            "it crashed again!!! why???",
        ] {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
    }

    #[test]
    fn code_logs_quotes_placeholders_and_signatures_are_quiet() {
        for text in [
            "The query fails:\n```\nSELECT * FROM ORDERS WHERE STATUS = 'NEW'\n```\n",
            "Log:\n2024-03-11 10:15:02 ERROR CONNECTION POOL EXHAUSTED RETRYING\n",
            "Thanks, resolved.\n> YOUR ACCOUNT HAS BEEN SUSPENDED PLEASE CONTACT US\n",
            "Dear {{CUSTOMER_FULL_NAME}}, your order {% IF VIP_CUSTOMER %} ships today.",
            "Всё получилось, спасибо.\n-- \nООО РОМАШКА ОТДЕЛ ЗАКУПОК\n",
        ] {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
    }

    #[test]
    fn a_shouted_sentence_before_a_calm_one_on_the_same_line() {
        let text = "I AM SO TIRED OF ASKING FOR THE SAME INVOICE. anyway it's invoice 20-3391";
        assert_eq!(
            flagged(text),
            ["I AM SO TIRED OF ASKING FOR THE SAME INVOICE."]
        );
    }

    #[test]
    fn a_model_name_on_its_own_line_is_quiet() {
        assert!(lint("My phone:\nSAMSUNG GALAXY S23 ULTRA\nAndroid 14").is_empty());
        assert_eq!(flagged("2 DAYS WITHOUT INTERNET!!! 48 HOURS").len(), 1);
    }

    #[test]
    fn options_change_the_thresholds() {
        let strict = Shouting::DEFAULT
            .with_options(&toml::from_str("min_words = 5\nmin_upper_ratio = 0.9").unwrap())
            .unwrap();
        assert!(run_rule(strict, "NOTHING WORKS!!!").is_empty());
        assert!(!run_rule(strict, "NOTHING WORKS SINCE THE UPDATE YESTERDAY").is_empty());
        let Err(err) = Shouting::DEFAULT.with_options(&toml::from_str("ratio = 1").unwrap()) else {
            panic!("an unknown option is an error");
        };
        assert!(err.contains("unknown option `ratio`"), "{err}");
        assert!(
            Shouting::DEFAULT
                .with_options(&toml::from_str("min_upper_ratio = 2").unwrap())
                .is_err()
        );
    }

    #[test]
    fn separate_shouted_paragraphs_are_separate_findings() {
        let text = "THIS IS UNACCEPTABLE\nI was charged twice for one order.\nREFUND ME TODAY";
        assert_eq!(flagged(text), ["THIS IS UNACCEPTABLE", "REFUND ME TODAY"]);
    }

    #[test]
    fn the_fix_keeps_codes_line_breaks_and_i_am() {
        assert_eq!(
            fix("INV-2024-0042 IS STILL UNPAID ACCORDING TO YOUR SYSTEM"),
            "INV-2024-0042 is still unpaid according to your system"
        );
        assert_eq!(
            fix("MY INVOICE INV-2024-0042 IS WRONG AGAIN"),
            "My invoice INV-2024-0042 is wrong again"
        );
        let text = "I AM VERY ANGRY ABOUT THIS
MY ORDER NEVER ARRIVED";
        assert_eq!(
            fix(text),
            "I am very angry about this\nMy order never arrived"
        );
        // The suggestion quotes the first line, not the lines run together.
        let suggestion = lint(text)[0].suggestion.clone().unwrap();
        assert!(
            suggestion.contains("\"I am very angry about this …\""),
            "{suggestion}"
        );
        // A code's words are not shouted words.
        assert!(lint("Order SN-AB-2024 and INV-2024-0042 missing").is_empty());
    }

    #[test]
    fn a_message_copied_from_a_program_is_not_shouting() {
        for text in [
            "The app keeps failing, it says: UNABLE TO CONNECT TO LICENSE SERVER",
            "When I print, it shows \"PRINTER NOT FOUND ON THIS NETWORK\" and stops.",
            "При входе текст скопировала: ОШИБКА: НЕ УДАЛОСЬ ПОДКЛЮЧИТЬСЯ К СЕРВЕРУ",
            "Програма видає «ПОМИЛКА ПІДКЛЮЧЕННЯ ДО СЕРВЕРА ЛІЦЕНЗІЙ» щоранку.",
            "После обновления выскакивает:\nНЕВОЗМОЖНО ЗАПУСТИТЬ СЛУЖБУ ОБНОВЛЕНИЯ\nЧто делать?",
        ] {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
        // The author's own capitals beside a copied message still are.
        let text = "THIS IS RIDICULOUS, NOTHING HAS WORKED FOR DAYS\nit says: UNABLE TO CONNECT";
        assert_eq!(
            flagged(text),
            ["THIS IS RIDICULOUS, NOTHING HAS WORKED FOR DAYS"]
        );
        // Words that introduce nothing do not hide shouting after a colon.
        assert_eq!(flagged("Update: NOTHING WORKS SINCE MONDAY").len(), 1);
    }

    #[test]
    fn a_name_block_in_capitals_is_a_signature() {
        for text in [
            "Hello, the invoice for March is missing.\n\nJOHN SMITH / ACME CORP\n",
            "Hello, the invoice for March is missing.\n\nJOHN SMITH\nACME CORPORATION\n",
            "Добрый день, не пришёл счёт за март.\n\nИВАН ПЕТРОВ\nООО РОМАШКА\n",
            "Добрий день, не надійшов рахунок за березень.\n\nОКСАНА КОВАЛЕНКО\n",
        ] {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
        // A sentence in capitals at the end is still shouting.
        for text in [
            "Hello, the invoice for March is missing.\n\nPLEASE CALL ME BACK\n",
            "Добрый день, не пришёл счёт.\n\nВЕРНИТЕ МНЕ ДЕНЬГИ\n",
            "URGENT!!! NOTHING WORKS SINCE THE UPDATE",
        ] {
            assert_eq!(lint(text).len(), 1, "{text}");
        }
    }
    #[test]
    fn five_marks_are_shouting_in_any_case_two_are_not() {
        for text in [
            "Помогите пожалуйста!!!!!!",
            "Where is my parcel?????",
            "Why?!?!?",
        ] {
            let d = lint(text);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert!(
                d[0].fix.as_ref().is_some_and(|f| f.replacement.len() <= 2),
                "{d:?}"
            );
        }
        for text in ["Where is my parcel??", "Thanks!!", "Still broken!!!!"] {
            assert!(lint(text).is_empty(), "{text}");
        }
        // Inside text in capitals, the marks belong to its finding.
        assert_eq!(lint("NOTHING WORKS SINCE THE UPDATE!!!!!!").len(), 1);
    }
}
