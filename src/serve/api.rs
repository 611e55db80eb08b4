//! `POST /v1/lint`: one ticket in, the `--format json` document out, with the
//! reply draft; `GET /healthz`; `GET /openapi.json`, which documents both.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Problem, State, language, size};
use crate::input::record::{Channel, Record, RecordAttachment, Sender, ThreadMessage};
use crate::report::{self, FileResult, Reporter, Summary};
use crate::run::Options;

/// The API's OpenAPI document, served as it is.
pub const OPENAPI: &str = include_str!("../../docs/openapi.json");

pub(super) fn routes() -> Router<State> {
    Router::new()
        .route("/v1/lint", post(lint))
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/openapi.json",
            get(
                |axum::extract::State(state): axum::extract::State<State>| async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        state.openapi.to_string(),
                    )
                },
            ),
        )
}

/// The OpenAPI document as this server speaks it: the rule ids a request may
/// name and the languages it may ask for, as enums.
pub(super) fn openapi(run: &crate::run::Run<'_>) -> String {
    let mut document: serde_json::Value =
        serde_json::from_str(OPENAPI).expect("docs/openapi.json is JSON");
    let ids: Vec<&str> = run.rule_ids().collect();
    let mut with_all = ids.clone();
    with_all.push(crate::run::ALL);
    let mut languages = vec!["auto".to_string()];
    for pack in run.packs().iter() {
        languages.push(pack.code.clone());
        languages.extend(pack.locales.iter().cloned());
    }
    let request = &mut document["components"]["schemas"]["LintRequest"]["properties"];
    request["select"]["items"]["enum"] = serde_json::json!(with_all);
    request["ignore"]["items"]["enum"] = serde_json::json!(ids);
    for key in ["language", "message_language"] {
        let mut allowed: Vec<serde_json::Value> =
            languages.iter().map(|l| serde_json::json!(l)).collect();
        allowed.push(serde_json::Value::Null);
        request[key]["enum"] = serde_json::Value::Array(allowed);
    }
    let check = &mut document["components"]["schemas"]["CheckRequest"]["properties"];
    check["language"]["enum"] = serde_json::json!(languages);
    if let Some(parameters) = document["paths"]["/v2/check"]["get"]["parameters"].as_array_mut() {
        for parameter in parameters {
            if parameter["name"] == "language" {
                parameter["schema"]["enum"] = serde_json::json!(languages);
            }
        }
    }
    document.to_string()
}

/// A ticket to lint: an NDJSON record's fields (with the body as `text`) and
/// what the command line would say about it. Unknown fields are refused, so
/// a misspelt option is not silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LintRequest {
    pub text: String,
    #[serde(default)]
    pub id: serde_json::Value,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub thread: Vec<Message>,
    /// `mail` (the default: the thread is quoted mail) or `chat`.
    #[serde(default)]
    pub channel: Channel,
    /// `auto` (the default), `en`, `ru-RU` …
    #[serde(default)]
    pub language: Option<String>,
    /// The language of messages and of the reply draft.
    #[serde(default)]
    pub message_language: Option<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// A file the ticket came with: `{"name", "content_type"?}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attachment {
    pub name: String,
    #[serde(default)]
    pub content_type: Option<String>,
}

/// An earlier message of the conversation: `{"from", "body"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Message {
    pub from: Sender,
    pub body: String,
}

async fn lint(
    axum::extract::State(state): axum::extract::State<State>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("application/json") || v.to_ascii_lowercase().ends_with("+json")
        });
    if !json {
        return Err(Problem {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "send the ticket as JSON, with `Content-Type: application/json`".into(),
        });
    }
    let body = body.map_err(|e| too_large(e.status(), state.max_body, e.body_text()))?;
    let request = parse(&body)?;
    let packs = state.packs;
    for (key, ids) in [("select", &request.select), ("ignore", &request.ignore)] {
        if ids.iter().any(|id| id.trim().is_empty()) {
            return Err(Problem::bad_request(format!(
                "`{key}` takes rule ids, like [\"shouting\", \"no-timestamp\"]; an empty id names none"
            )));
        }
    }
    let options = Options {
        lang: language(packs, request.language.as_deref().unwrap_or("auto"))?,
        message_lang: language(packs, request.message_language.as_deref().unwrap_or("auto"))?,
        select: request.select,
        ignore: request.ignore,
        ..Options::default()
    };
    let linter = state.linter(&options)?;
    let record = Record {
        id: request.id,
        subject: request.subject,
        body: request.text,
        attachments: request
            .attachments
            .into_iter()
            .map(|a| RecordAttachment {
                name: a.name,
                content_type: a.content_type,
            })
            .collect(),
        thread: request
            .thread
            .into_iter()
            .map(|m| ThreadMessage {
                from: m.from,
                body: m.body,
            })
            .collect(),
        channel: request.channel,
    };
    let document = state
        .lint(move || {
            let id = record.id.clone();
            let linted = linter.lint_record(record);
            let mut reporter = report::Json::with_replies(packs);
            let mut summary = Summary::default();
            summary.add(&linted);
            let file = FileResult {
                name: "-",
                linted: &linted,
                id: (!id.is_null()).then_some(&id),
                record: None,
            };
            let mut out = Vec::with_capacity(1024);
            reporter
                .file(&mut out, &file)
                .and_then(|()| reporter.finish(&mut out, &summary))
                .map(|()| out)
        })
        .await?
        .map_err(|e| Problem {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("cannot write the result: {e}"),
        })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], document).into_response())
}

/// The request body as a ticket; a byte order mark is allowed. serde's
/// reason is kept, in words for people who send JSON.
fn parse(body: &[u8]) -> Result<LintRequest, Problem> {
    let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        let reason = if e.is_eof() {
            format!("it ends too early ({e})")
        } else if std::str::from_utf8(body).is_err() {
            "it is not UTF-8".to_string()
        } else {
            e.to_string()
        };
        Problem::bad_request(format!("the body is not JSON: {reason}"))
    })?;
    if !value.is_object() {
        return Err(Problem::bad_request(
            "the body is not a ticket: send a JSON object like {\"text\": \"…\"}",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        let reason = e
            .to_string()
            .replace("struct LintRequest", "a ticket object")
            .replace(
                "struct Attachment",
                "an attachment object {\"name\", \"content_type\"}",
            )
            .replace("struct Message", "a message object {\"from\", \"body\"}");
        Problem::bad_request(format!(
            "the body is not a ticket: {}",
            crate::rules::shorten(&reason, 300)
        ))
    })
}

/// 413 and the like for a body that could not be read, saying the limit.
pub(super) fn too_large(status: StatusCode, limit: usize, reason: String) -> Problem {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return Problem {
            status,
            message: format!(
                "the request body is over the server's limit of {} (`--max-body`)",
                size(limit)
            ),
        };
    }
    Problem {
        status,
        message: reason,
    }
}
