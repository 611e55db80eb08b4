//! `POST /v2/check` and `GET /v2/languages` as LanguageTool's HTTP API has
//! them, so that its clients (editor plugins, browser add-ons, client
//! libraries) can point at a ticketlint server unchanged.
//!
//! Offsets and lengths count UTF-16 code units, as LanguageTool (a Java
//! program) counts them and its clients expect. `text` or `data` (the
//! annotated text of rich editors: markup is skipped, its `interpretAs`
//! linted) and `language` are read, and `disabledRules`, `enabledRules` with
//! `enabledOnly`; the other parameters are accepted and ignored, as rule ids
//! that are not ticketlint's are.

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::response::Json;
use axum::routing::get;
use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Problem, State, language};
use crate::diagnostic::Diagnostic;
use crate::lang::{LanguagePack, Packs};
use crate::run::Options;

pub(super) fn routes() -> Router<State> {
    Router::new()
        .route("/v2/check", get(check).post(check))
        .route("/v2/languages", get(languages))
}

/// The parameters read; the rest are ignored.
#[derive(Debug, Deserialize)]
struct Check {
    text: Option<String>,
    data: Option<String>,
    language: Option<String>,
    #[serde(rename = "disabledRules")]
    disabled_rules: Option<String>,
    #[serde(rename = "enabledRules")]
    enabled_rules: Option<String>,
    #[serde(rename = "enabledOnly")]
    enabled_only: Option<String>,
}

async fn languages(axum::extract::State(state): axum::extract::State<State>) -> Json<Value> {
    let mut list = Vec::new();
    for pack in state.packs.iter() {
        list.push(json!({"name": pack.name, "code": pack.code, "longCode": long_code(pack)}));
        for locale in pack.locales.iter().skip(1) {
            list.push(json!({"name": format!("{} ({locale})", pack.name), "code": pack.code, "longCode": locale}));
        }
    }
    Json(Value::Array(list))
}

fn long_code(pack: &LanguagePack) -> &str {
    pack.locales.first().unwrap_or(&pack.code)
}

async fn check(
    axum::extract::State(state): axum::extract::State<State>,
    form: Result<axum::Form<Check>, FormRejection>,
) -> Result<Json<Value>, Problem> {
    let axum::Form(check) = form.map_err(|e| match e {
        FormRejection::InvalidFormContentType(_) => Problem {
            status: axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "send the form as `application/x-www-form-urlencoded` (or the parameters in the query)".into(),
        },
        _ => super::api::too_large(e.status(), state.max_body, e.body_text()),
    })?;
    let packs = state.packs;
    let text = match (check.text, check.data.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(Problem::bad_request("give `text` or `data`, not both"));
        }
        (Some(text), None) => Annotated::plain(text),
        (None, Some(data)) => Annotated::parse(data)?,
        (None, None) => {
            return Err(Problem::bad_request(
                "missing `text` (or `data`): the text to check",
            ));
        }
    };
    let asked = check.language.unwrap_or_else(|| "auto".into());
    let lang = language(packs, &asked)?;
    // Ids of LanguageTool's own rules mean nothing here, and are left out.
    let ours = |list: &Option<String>| -> Vec<String> {
        list.iter()
            .flat_map(|l| l.split(','))
            .map(str::trim)
            .filter(|id| state.knows(id))
            .map(String::from)
            .collect()
    };
    let only = check.enabled_only.as_deref() == Some("true");
    let select = if only {
        ours(&check.enabled_rules)
    } else {
        Vec::new()
    };
    if only && select.is_empty() {
        return Ok(Json(response(packs, &lang, &asked, "und", &[], &text)));
    }
    let options = Options {
        lang: lang.clone(),
        select,
        ignore: ours(&check.disabled_rules),
        ..Options::default()
    };
    let linter = state.linter(&options)?;
    let body = state
        .lint(move || {
            let linted = linter.lint_text(text.plain.clone());
            let detected = linted.ticket.language.clone();
            response(packs, &lang, &asked, &detected, &linted.diagnostics, &text)
        })
        .await?;
    Ok(Json(body))
}

/// The text as the client sent it and as linted: markup left out.
struct Annotated {
    plain: String,
    /// `(start in plain, UTF-16 start in the original, is text)`, in order.
    parts: Vec<(usize, usize, bool)>,
}

impl Annotated {
    fn plain(text: String) -> Annotated {
        Annotated {
            plain: text,
            parts: vec![(0, 0, true)],
        }
    }

    /// `{"annotation": [{"text": …}, {"markup": …, "interpretAs": …}]}`.
    fn parse(data: &str) -> Result<Annotated, Problem> {
        #[derive(Deserialize)]
        struct Data {
            annotation: Vec<Part>,
        }
        #[derive(Deserialize)]
        struct Part {
            text: Option<String>,
            markup: Option<String>,
            #[serde(rename = "interpretAs")]
            interpret_as: Option<String>,
        }
        let data: Data = serde_json::from_str(data)
            .map_err(|e| Problem::bad_request(format!("`data` is not annotated text: {e}")))?;
        let mut out = Annotated {
            plain: String::new(),
            parts: Vec::new(),
        };
        let mut original = 0;
        for part in data.annotation {
            match (part.text, part.markup) {
                (Some(text), None) => {
                    out.parts.push((out.plain.len(), original, true));
                    original += text.encode_utf16().count();
                    out.plain.push_str(&text);
                }
                (None, Some(markup)) => {
                    out.parts.push((out.plain.len(), original, false));
                    original += markup.encode_utf16().count();
                    out.plain
                        .push_str(part.interpret_as.as_deref().unwrap_or(""));
                }
                _ => {
                    return Err(Problem::bad_request(
                        "`data`: each annotation has either `text` or `markup`",
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Byte offsets of the plain text as UTF-16 offsets of the original,
    /// all in one pass over the text: a long text with many matches costs
    /// what its length does, not its length times the matches.
    fn originals(&self, offsets: impl IntoIterator<Item = usize>) -> HashMap<usize, usize> {
        let boundary =
            |o: usize| crate::text::floor_char_boundary(&self.plain, o.min(self.plain.len()));
        let mut wanted: Vec<usize> = offsets
            .into_iter()
            .map(boundary)
            .chain(self.parts.iter().map(|(start, _, _)| *start))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        // UTF-16 units of the plain text before each wanted offset.
        let (mut byte, mut units) = (0, 0);
        let mut plain_units = HashMap::with_capacity(wanted.len());
        for &offset in &wanted {
            units += utf16_len(&self.plain[byte..offset]);
            byte = offset;
            plain_units.insert(offset, units);
        }
        wanted
            .iter()
            .map(|&offset| {
                let at = self.parts.partition_point(|(start, _, _)| *start <= offset);
                let original = match at.checked_sub(1).and_then(|i| self.parts.get(i)) {
                    None => 0,
                    Some(&(_, original, false)) => original,
                    Some(&(start, original, true)) => {
                        original + plain_units[&offset] - plain_units[&start]
                    }
                };
                (offset, original)
            })
            .collect()
    }
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Characters of context on each side of a match, as LanguageTool shows.
const CONTEXT: usize = 40;

/// Bytes of a match's sentence shown on each side of it, at most.
const SENTENCE: usize = 300;

fn response(
    packs: &Packs,
    asked: &Option<String>,
    tag: &str,
    detected: &str,
    diagnostics: &[Diagnostic],
    text: &Annotated,
) -> Value {
    let pack_of = |code: &str| packs.get(code);
    let detected_pack = pack_of(detected);
    let shown = asked.as_deref().and_then(pack_of).or(detected_pack);
    let describe = |pack: Option<&LanguagePack>| match pack {
        Some(pack) => json!({"name": pack.name, "code": long_code(pack)}),
        None => json!({"name": "Unknown", "code": "und"}),
    };
    let mut language = describe(shown);
    // The variant asked for (`en-GB`) is the one answered.
    if let Some(pack) = asked.as_deref().and_then(pack_of)
        && let Some(locale) = pack
            .locales
            .iter()
            .find(|l| l.eq_ignore_ascii_case(&tag.replace('_', "-")))
    {
        language["code"] = json!(locale);
    }
    let mut detected_value = describe(detected_pack);
    detected_value["confidence"] = json!(if detected_pack.is_some() { 0.9 } else { 0.0 });
    language["detectedLanguage"] = detected_value;
    let messages = shown.unwrap_or_else(|| packs.for_messages("en"));
    let originals = text.originals(diagnostics.iter().flat_map(|d| [d.span.start, d.span.end]));
    let matches: Vec<Value> = diagnostics
        .iter()
        .map(|d| one_match(d, text, &originals, messages))
        .collect();
    json!({
        "software": {
            "name": "ticketlint",
            "version": env!("CARGO_PKG_VERSION"),
            "apiVersion": 1,
            "premium": false,
            "status": "",
        },
        "warnings": {"incompleteResults": false},
        "language": language,
        "matches": matches,
    })
}

fn one_match(
    d: &Diagnostic,
    text: &Annotated,
    originals: &HashMap<usize, usize>,
    pack: &LanguagePack,
) -> Value {
    let plain = &text.plain;
    let boundary = |o: usize| crate::text::floor_char_boundary(plain, o);
    let start = boundary(d.span.start.min(plain.len()));
    let end = boundary(d.span.end.clamp(start, plain.len()));
    let offset = originals[&start];
    let length = originals[&end] - offset;
    // The context: up to CONTEXT characters either side, on one line.
    let before: String = plain[..start]
        .chars()
        .rev()
        .take(CONTEXT)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let matched = &plain[start..end];
    let after: String = plain[end..].chars().take(CONTEXT).collect();
    let context = format!("{before}{matched}{after}").replace(['\n', '\r', '\t'], " ");
    // The match's line, at most SENTENCE bytes either side: a text of one
    // long line is not copied into every match.
    let from = boundary(start.saturating_sub(SENTENCE));
    let to = boundary((end + SENTENCE).min(plain.len()));
    let line_start = plain[from..start]
        .rfind('\n')
        .map_or(from, |i| from + i + 1);
    let line_end = plain[end..to].find('\n').map_or(to, |i| end + i);
    let summary = pack
        .doc(d.rule)
        .map(|doc| doc.summary.clone())
        .or_else(|| crate::rules::by_id(d.rule).map(|r| r.summary().to_string()))
        .unwrap_or_else(|| d.rule.to_string());
    let message = match &d.suggestion {
        Some(suggestion) => format!("{} ({suggestion})", d.message),
        None => d.message.clone(),
    };
    let replacements: Vec<Value> = d
        .fix
        .iter()
        .map(|f| json!({"value": f.replacement}))
        .collect();
    json!({
        "message": message,
        "shortMessage": summary,
        "replacements": replacements,
        "offset": offset,
        "length": length,
        "context": {
            "text": context,
            "offset": utf16_len(&before),
            "length": utf16_len(matched),
        },
        "sentence": plain[line_start..line_end.max(line_start)].trim(),
        "type": {"typeName": "Other"},
        "rule": {
            "id": d.rule,
            "description": summary,
            "issueType": "style",
            "category": {"id": "SUPPORT_TICKET", "name": "Support ticket"},
        },
        "ignoreForIncompleteSentence": false,
        "contextForSureMatch": 0,
    })
}
