//! `ticketlint serve`: the pipeline behind HTTP, for the pre-submit page, a
//! helpdesk's form ([`page`]), API clients ([`api`]) and LanguageTool's
//! clients ([`languagetool`]).
//!
//! Packs, models and the configuration (of the current folder, or
//! `--config`) are loaded once, before the first request: a team's custom
//! rules, settings and reply sentences apply to every request, under the
//! request's own options. No endpoint reads or writes files. Every request is bounded: its body (`--max-body`),
//! its time (`--timeout`) and the number linted at once (`--concurrency`);
//! what exceeds them, and every malformed request, is answered with a 4xx and
//! a message saying what was wrong, and the server goes on serving.

mod api;
mod languagetool;
mod page;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::cors::CorsLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::lang::Packs;
use crate::linter::Linter;
use crate::run::Run;

/// How the server listens and what it allows.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Requests handled at once; more wait their turn.
    pub concurrency: usize,
    /// An origin whose pages may call the API (a helpdesk embedding
    /// `/widget.js`); none by default.
    pub cors_origin: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body: 1 << 20,
            timeout: Duration::from_secs(10),
            concurrency: 64,
            cors_origin: None,
        }
    }
}

/// What every handler shares: the packs and the configuration, loaded once.
#[derive(Clone)]
pub(crate) struct State {
    pub packs: &'static Packs,
    /// `/openapi.json`, its enums filled with this server's rules and languages.
    pub openapi: std::sync::Arc<str>,
    run: std::sync::Arc<std::sync::Mutex<Run<'static>>>,
}

impl State {
    /// The linter for a request's options, over the configuration.
    pub fn linter(&self, options: &crate::run::Options) -> Result<Linter<'static>, Problem> {
        let mut run = self
            .run
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        run.linter_with(options).map_err(Problem::bad_request)
    }

    /// Whether `id` names a rule of the run.
    pub fn knows(&self, id: &str) -> bool {
        let run = self
            .run
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        run.knows(id)
    }
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
/// `ready` is told the address once the socket is bound (port 0 picks one).
pub fn serve(
    options: &Options,
    run: Run<'static>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let app = router(options, run)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        ready(address);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

/// The application: every route, behind the limits.
pub fn router(options: &Options, mut run: Run<'static>) -> Result<Router, String> {
    crate::compile_builtin_patterns();
    // The configuration is read now, and a broken one stops the start.
    run.linter()?;
    let openapi = api::openapi(&run).into();
    let state = State {
        openapi,
        packs: run.packs(),
        run: std::sync::Arc::new(std::sync::Mutex::new(run)),
    };
    let mut app = Router::new()
        .merge(api::routes())
        .merge(languagetool::routes())
        .merge(page::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.timeout,
        ))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            options.concurrency.max(1),
        ))
        .layer(DefaultBodyLimit::max(options.max_body))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ));
    if let Some(origin) = &options.cors_origin {
        let origin = cors_origin(origin)?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    Ok(app)
}

/// `--cors-origin`: a scheme, a host and maybe a port, as browsers send
/// them in `Origin` (`https://help.example.com`), and nothing else.
fn cors_origin(origin: &str) -> Result<HeaderValue, String> {
    let refused = || {
        format!(
            "--cors-origin: `{origin}` is not an origin; write it as a browser sends it, like `https://help.example.com`"
        )
    };
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(refused)?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !host_ok {
        return Err(refused());
    }
    HeaderValue::from_str(origin).map_err(|_| refused())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// A request the server will not handle: its status and why, as JSON
/// `{"error": {"status", "message"}}`.
#[derive(Debug)]
pub(crate) struct Problem {
    pub status: StatusCode,
    pub message: String,
}

impl Problem {
    pub fn bad_request(message: impl Into<String>) -> Problem {
        Problem {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        });
        (self.status, axum::Json(body)).into_response()
    }
}

async fn not_found(uri: axum::http::Uri) -> Problem {
    Problem {
        status: StatusCode::NOT_FOUND,
        message: format!("no endpoint at {}; /openapi.json lists them", uri.path()),
    }
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> Problem {
    Problem {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!(
            "{} does not take {method}; /openapi.json lists the methods",
            uri.path()
        ),
    }
}

/// Runs `work` (linting) off the async threads, so that a long ticket holds
/// up no other request and the timeout can answer for it.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| Problem {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the ticket could not be linted".into(),
        })
}

/// A language as a request names it — `auto`, a pack's code, or a tag with
/// a region (`ru-RU`, `en_GB`) — as the code of a loaded pack; `None` for
/// `auto` (detect it).
pub(crate) fn language(packs: &Packs, asked: &str) -> Result<Option<String>, Problem> {
    let asked = asked.trim();
    if asked.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let tag = asked.replace('_', "-");
    for pack in packs.iter() {
        let primary = tag.split('-').next().unwrap_or_default();
        if pack.code.eq_ignore_ascii_case(&tag)
            || pack.locales.iter().any(|l| l.eq_ignore_ascii_case(&tag))
            || pack.code.eq_ignore_ascii_case(primary)
        {
            return Ok(Some(pack.code.clone()));
        }
    }
    let known: Vec<&str> = packs.iter().map(|p| p.code.as_str()).collect();
    Err(Problem::bad_request(format!(
        "no language pack for `{asked}`: the languages are auto, {}",
        known.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_origins_are_a_scheme_and_a_host() {
        for good in [
            "https://help.example.com",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
        ] {
            assert!(cors_origin(good).is_ok(), "{good}");
        }
        for bad in [
            "help.example.com",
            "https://",
            "https://help.example.com/",
            "http://a b",
            "*",
        ] {
            let error = cors_origin(bad).unwrap_err();
            assert!(error.contains("https://help.example.com"), "{bad}: {error}");
        }
    }

    #[test]
    fn languages_are_named_by_code_tag_or_auto() {
        let packs = Packs::embedded();
        let code = |asked| language(packs, asked).map_err(|p| p.message);
        assert_eq!(code("auto"), Ok(None));
        assert!(code("").unwrap_err().contains("auto, en, ru, uk"));
        assert_eq!(code("ru-RU"), Ok(Some("ru".into())));
        assert_eq!(code("uk_UA"), Ok(Some("uk".into())));
        assert_eq!(code("en-GB"), Ok(Some("en".into())));
        assert_eq!(code("UK"), Ok(Some("uk".into())));
        assert!(code("de-DE").unwrap_err().contains("auto, en, ru, uk"));
    }
}
