//! `POST /v1/lint`: one ticket in, the `--format json` document out, with the
//! reply draft; `GET /healthz`; `GET /openapi.json`, which documents both.

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Problem, State, blocking, language};
use crate::input::record::{Record, RecordAttachment, ThreadMessage};
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
    pub attachments: Vec<RecordAttachment>,
    #[serde(default)]
    pub thread: Vec<ThreadMessage>,
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

async fn lint(
    axum::extract::State(state): axum::extract::State<State>,
    body: Result<axum::Json<LintRequest>, JsonRejection>,
) -> Result<Response, Problem> {
    let axum::Json(request) = body.map_err(rejected)?;
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
        attachments: request.attachments,
        thread: request.thread,
    };
    let document = blocking(move || {
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

/// axum's reason for refusing a body, kept, under our status and shape.
fn rejected(rejection: JsonRejection) -> Problem {
    let status = match &rejection {
        JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        JsonRejection::BytesRejection(_) => rejection.status(),
        _ => StatusCode::BAD_REQUEST,
    };
    let message = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "send the ticket as JSON, with `Content-Type: application/json`".to_string()
        }
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            "the request body is over the server's limit (`--max-body`)".to_string()
        }
        _ => rejection.body_text(),
    };
    Problem { status, message }
}
