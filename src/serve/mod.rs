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
    /// `host:port`; a name (`localhost:8080`) is looked up.
    pub listen: String,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Longest a request may take, waiting for its turn included; also the
    /// longest a client may take to send a request's headers.
    pub timeout: Duration,
    /// Tickets linted at once; more wait their turn (0: four per core).
    pub concurrency: usize,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// Origins whose pages may call the API (a helpdesk embedding
    /// `/widget.js`); none by default.
    pub cors_origins: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: "127.0.0.1:8080".into(),
            max_body: 1 << 20,
            timeout: Duration::from_secs(10),
            concurrency: 0,
            max_connections: 1024,
            cors_origins: Vec::new(),
        }
    }
}

impl Options {
    /// Tickets linted at once: `concurrency`, or four per core — enough to
    /// keep every core busy while other requests are read and written
    /// (measured: a third more requests per second than one per core), few
    /// enough to bound the memory of large tickets.
    fn lint_slots(&self) -> usize {
        match self.concurrency {
            0 => 4 * std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// What every handler shares: the packs and the configuration, loaded once.
#[derive(Clone)]
pub(crate) struct State {
    /// One permit per ticket being linted, held until its lint ends even
    /// when the request has timed out: the work in flight stays bounded.
    lint_slots: std::sync::Arc<tokio::sync::Semaphore>,
    /// `--max-body`, for messages.
    pub max_body: usize,
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
        // The server's `--lang` and `--message-lang` where the request names none.
        let mut options = options.clone();
        options.lang = options.lang.or_else(|| run.options().lang.clone());
        options.message_lang = options
            .message_lang
            .or_else(|| run.options().message_lang.clone());
        run.linter_with(&options).map_err(|e| {
            // Said for the command line; here the document lists the rules.
            Problem::bad_request(e.replace(
                "`ticketlint rules` lists them",
                "GET /openapi.json lists them",
            ))
        })
    }

    /// Runs `work` (linting) on a blocking thread once a lint slot is free,
    /// so that a long ticket holds up no other request and the timeout can
    /// answer for it. The slot is kept until `work` ends.
    pub async fn lint<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Problem> {
        let permit = self
            .lint_slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Problem {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the server is stopping".into(),
            })?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|_| Problem {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the ticket could not be linted".into(),
        })
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

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight
/// (for at most `--timeout`). `ready` is told the address once the socket
/// is bound (port 0 picks one).
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
        let listen = &options.listen;
        let listener = tokio::net::TcpListener::bind(listen.as_str())
            .await
            .map_err(|e| {
                let hint = if e.kind() == std::io::ErrorKind::InvalidInput {
                    "; give a host and a port, like `127.0.0.1:8080` or `localhost:8080`"
                } else {
                    ""
                };
                format!("cannot listen on {listen}: {e}{hint}")
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        ready(address);
        accept(listener, app, options).await;
        Ok(())
    })
}

/// Accepts connections until the shutdown signal, each served by hyper's
/// HTTP/1 with a deadline for its request headers, at most
/// `max_connections` at once.
async fn accept(listener: tokio::net::TcpListener, app: Router, options: &Options) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections =
        std::sync::Arc::new(tokio::sync::Semaphore::new(options.max_connections.max(1)));
    let stop = shutdown();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(options.timeout, graceful.shutdown()).await;
}

/// The application: every route, behind the limits.
pub fn router(options: &Options, mut run: Run<'static>) -> Result<Router, String> {
    crate::compile_builtin_patterns();
    // The configuration is read now, and a broken one stops the start.
    run.linter()?;
    let openapi = api::openapi(&run).into();
    let state = State {
        lint_slots: std::sync::Arc::new(tokio::sync::Semaphore::new(options.lint_slots())),
        max_body: options.max_body,
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
        .layer(DefaultBodyLimit::max(options.max_body))
        // Outside everything else: time waiting for a lint slot counts.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.timeout,
        ))
        .layer(axum::middleware::map_response(explained))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ));
    if !options.cors_origins.is_empty() {
        let origins = options
            .cors_origins
            .iter()
            .map(|o| cors_origin(o))
            .collect::<Result<Vec<_>, _>>()?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origins)
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

/// An error answer without a body of its own (a timeout, say) gets the
/// JSON `{"error": …}` every other error has.
async fn explained(response: Response) -> Response {
    let status = response.status();
    let bare = !response.headers().contains_key(header::CONTENT_TYPE);
    if !bare || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let message = match status {
        StatusCode::REQUEST_TIMEOUT => {
            "the request took longer than the server's `--timeout`".to_string()
        }
        _ => status.canonical_reason().unwrap_or("error").to_string(),
    };
    Problem { status, message }.into_response()
}

/// `--max-body` as people write it (`1 MiB`, `64 KiB`, `500 bytes`).
pub(crate) fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// A language as a request names it — `auto`, a pack's code, or a tag with
/// a region (`ru-RU`, `en_GB`) — as the code of a loaded pack; `None` for
/// `auto` (detect it).
pub(crate) fn language(packs: &Packs, asked: &str) -> Result<Option<String>, Problem> {
    if asked.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let tag = asked.replace('_', "-");
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    let well_formed = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (2..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if well_formed {
        for pack in packs.iter() {
            if pack.code.eq_ignore_ascii_case(primary)
                || pack.locales.iter().any(|l| l.eq_ignore_ascii_case(&tag))
            {
                return Ok(Some(pack.code.clone()));
            }
        }
    }
    let known: Vec<&str> = packs.iter().map(|p| p.code.as_str()).collect();
    // `ua` is the country; `uk` the language (`uk-UA`).
    let by_region = packs.iter().find(|p| {
        p.locales.iter().any(|l| {
            l.split('-')
                .nth(1)
                .is_some_and(|region| region.eq_ignore_ascii_case(asked))
        })
    });
    let hint = match by_region {
        Some(pack) => format!(
            "; `{asked}` is a country: did you mean `{}` ({})?",
            pack.code, pack.name
        ),
        None => crate::suggest::did_you_mean(asked, known.iter().copied()),
    };
    Err(Problem::bad_request(format!(
        "no language pack for `{asked}`: the languages are auto, {}{hint}",
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
        for malformed in ["ru-", "ru--x", " en", "en ", "e", "english"] {
            assert!(code(malformed).is_err(), "{malformed}");
        }
        let country = code("ua").unwrap_err();
        assert!(country.contains("did you mean `uk`"), "{country}");
    }
}
