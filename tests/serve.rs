//! `ticketlint serve` as its clients meet it: the real binary on loopback,
//! spoken to over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// A server on a free loopback port, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let listen: &[&str] = if args.contains(&"--listen") {
            &[]
        } else {
            &["--listen", "127.0.0.1:0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_ticketlint"))
            .arg("serve")
            .args(listen)
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server { child, base, agent }
    }

    fn post_json(&self, path: &str, body: &str) -> (u16, Value) {
        self.post(path, "application/json", body.as_bytes())
    }

    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
        let mut response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", content_type)
            .send(body)
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    fn get(&self, path: &str) -> (u16, Vec<(String, String)>, String) {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let status = response.status().as_u16();
        (
            status,
            headers,
            response.body_mut().read_to_string().unwrap(),
        )
    }

    fn form(&self, fields: &[(&str, &str)]) -> Value {
        let mut response = self
            .agent
            .post(format!("{}/v2/check", self.base))
            .send_form(fields.iter().copied())
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    fn healthy(&self) -> bool {
        self.get("/healthz").2 == "ok\n"
    }

    fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rules(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn lint_answers_the_json_format_with_a_reply_in_the_tickets_language() {
    let server = Server::start(&[]);
    let (status, body) = server.post_json(
        "/v1/lint",
        &json!({"text": "НИЧЕГО НЕ РАБОТАЕТ!!! Почините срочно.", "subject": "Оплата", "id": 7})
            .to_string(),
    );
    assert_eq!(status, 200, "{body}");
    let openapi: Value = serde_json::from_str(include_str!("../docs/openapi.json")).unwrap();
    let schema =
        json!({"$ref": "#/components/schemas/LintResult", "components": openapi["components"]});
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{body}");
    let file = &body["files"][0];
    assert_eq!(file["language"], "ru");
    assert_eq!(file["id"], 7);
    assert!(rules(file).contains(&"shouting"), "{file}");
    assert!(rules(file).contains(&"no-timestamp"), "{file}");
    let message = file["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("заглавными"), "{message}");
    let reply = file["reply"].as_str().unwrap();
    assert!(reply.contains("Здравствуйте"), "{reply}");
    assert!(reply.contains("Скриншот"), "{reply}");
    // The spans point into the subject line and the text, as decoded_text has them.
    let decoded = file["decoded_text"].as_str().unwrap();
    let span = &file["diagnostics"][0]["span"];
    let start = usize::try_from(span["start"].as_u64().unwrap()).unwrap();
    assert!(decoded[start..].starts_with("НИЧЕГО"), "{decoded:?} {span}");

    // The request's options: rules, and the language of messages.
    let (_, only) = server.post_json(
        "/v1/lint",
        r#"{"text": "NOTHING WORKS", "select": ["shouting"], "message_language": "uk-UA"}"#,
    );
    assert_eq!(rules(&only["files"][0]), vec!["shouting"]);
    let message = only["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("великими"), "{message}");

    // A ticket that lacks nothing gets no draft.
    let (_, fine) = server.post_json(
        "/v1/lint",
        r#"{"text": "Hello, how do I export my invoices to CSV? Thanks, Ann"}"#,
    );
    assert_eq!(fine["files"][0]["reply"], Value::Null, "{fine}");
}

#[test]
fn bad_requests_are_answered_4xx_with_a_reason_and_the_server_keeps_serving() {
    let server = Server::start(&["--max-body", "64K"]);
    let big = format!("{{\"text\": \"{}\"}}", "a".repeat(100_000));
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "invalid JSON",
            "application/json",
            b"{\"text\": ".to_vec(),
            400,
            "JSON",
        ),
        (
            "not UTF-8",
            "application/json",
            b"{\"text\": \"\xff\xfe\"}".to_vec(),
            400,
            "JSON",
        ),
        (
            "unknown field",
            "application/json",
            br#"{"text": "a", "colour": 1}"#.to_vec(),
            400,
            "unknown field `colour`",
        ),
        (
            "no text",
            "application/json",
            b"{}".to_vec(),
            400,
            "missing field `text`",
        ),
        (
            "wrong type",
            "application/json",
            br#"{"text": 5}"#.to_vec(),
            400,
            "invalid type",
        ),
        (
            "not JSON",
            "text/plain",
            br#"{"text": "a"}"#.to_vec(),
            415,
            "Content-Type: application/json",
        ),
        (
            "too large",
            "application/json",
            big.into_bytes(),
            413,
            "--max-body",
        ),
        (
            "unknown rule",
            "application/json",
            br#"{"text": "a", "ignore": ["shoutin"]}"#.to_vec(),
            400,
            "did you mean `shouting`",
        ),
        (
            "unknown language",
            "application/json",
            br#"{"text": "a", "language": "de-DE"}"#.to_vec(),
            400,
            "no language pack for `de-DE`",
        ),
        (
            "unknown field of a message",
            "application/json",
            br#"{"text": "a", "thread": [{"from": "agent", "body": "b", "date": 1}]}"#.to_vec(),
            400,
            "unknown field `date`",
        ),
        (
            "unknown channel",
            "application/json",
            br#"{"text": "a", "channel": "fax"}"#.to_vec(),
            400,
            "unknown variant `fax`",
        ),
        (
            "not an object",
            "application/json",
            b"[1, 2]".to_vec(),
            400,
            "send a JSON object",
        ),
        (
            "empty rule id",
            "application/json",
            br#"{"text": "a", "select": [""]}"#.to_vec(),
            400,
            "`select` takes rule ids",
        ),
    ];
    for (what, content_type, body, want, says) in cases {
        let (status, answer) = server.post("/v1/lint", content_type, &body);
        assert_eq!(status, want, "{what}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{what}: {answer}");
        assert_eq!(answer["error"]["status"], want, "{what}");
        assert!(server.healthy(), "after {what}");
    }
    // A byte order mark before the JSON is no error.
    let (status, _) = server.post(
        "/v1/lint",
        "application/json",
        "\u{feff}{\"text\": \"a\"}".as_bytes(),
    );
    assert_eq!(status, 200);
    let (status, answer) = server.post(
        "/v2/check",
        "application/x-www-form-urlencoded",
        b"text=a&data=%7B%7D&language=en",
    );
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not both")
    );
    let (status, _, body) = server.get("/nowhere");
    assert_eq!(
        (status, body.contains("/openapi.json")),
        (404, true),
        "{body}"
    );
    let (status, _, _) = server.get("/v1/lint");
    assert_eq!(status, 405);
    let (status, answer) = server.post(
        "/v2/check",
        "application/x-www-form-urlencoded",
        b"language=en-US",
    );
    assert_eq!(status, 400, "{answer}");
    assert!(server.healthy());
}

#[test]
fn the_languagetool_endpoint_counts_utf16_units_and_skips_markup() {
    let server = Server::start(&[]);
    let text = "Hi 😀 team. NOTHING WORKS SINCE YESTERDAY, FIX IT.";
    let answer = server.form(&[("text", text), ("language", "en-US")]);
    assert_eq!(answer["language"]["code"], "en-US");
    let shouting = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "shouting")
        .unwrap_or_else(|| panic!("{answer}"));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let at = |m: &Value, key: &str| usize::try_from(m[key].as_u64().unwrap()).unwrap();
    let (offset, length) = (at(shouting, "offset"), at(shouting, "length"));
    let found = String::from_utf16(&utf16[offset..offset + length]).unwrap();
    assert!(found.starts_with("NOTHING WORKS"), "{found:?}");
    let replacement = shouting["replacements"][0]["value"].as_str().unwrap();
    assert!(
        replacement.contains("othing works since yesterday"),
        "{replacement}"
    );

    // Rich editors send markup beside the text; offsets count the markup.
    let data = json!({"annotation": [
        {"markup": "<p>"}, {"text": "Привет. "}, {"markup": "<b>", "interpretAs": ""},
        {"text": "НИЧЕГО НЕ РАБОТАЕТ, ПОЧИНИТЕ СРОЧНО!"}, {"markup": "</b></p>", "interpretAs": "\n"}
    ]});
    let original: String = "<p>Привет. <b>НИЧЕГО НЕ РАБОТАЕТ, ПОЧИНИТЕ СРОЧНО!</b></p>".into();
    let answer = server.form(&[("data", &data.to_string()), ("language", "auto")]);
    assert_eq!(
        answer["language"]["detectedLanguage"]["code"], "ru-RU",
        "{answer}"
    );
    let m = &answer["matches"][0];
    let utf16: Vec<u16> = original.encode_utf16().collect();
    let found =
        String::from_utf16(&utf16[at(m, "offset")..at(m, "offset") + at(m, "length")]).unwrap();
    assert!(found.starts_with("НИЧЕГО"), "{found:?} {m}");

    // disabledRules and enabledOnly, with LanguageTool's own ids among them.
    let none = server.form(&[
        ("text", text),
        ("language", "en-US"),
        ("disabledRules", "shouting,WHITESPACE_RULE"),
    ]);
    assert!(
        none["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["rule"]["id"] != "shouting")
    );
    let only = server.form(&[
        ("text", text),
        ("language", "en"),
        ("enabledRules", "no-timestamp"),
        ("enabledOnly", "true"),
    ]);
    assert!(
        only["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["rule"]["id"] == "no-timestamp"),
        "{only}"
    );

    let (status, _, languages) = server.get("/v2/languages");
    assert_eq!(status, 200);
    let languages: Value = serde_json::from_str(&languages).unwrap();
    for tag in ["en-US", "ru-RU", "uk-UA"] {
        assert!(
            languages
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["longCode"] == tag),
            "{tag}"
        );
    }
}

#[test]
fn the_page_loads_nothing_from_elsewhere_under_a_strict_policy() {
    let server = Server::start(&[]);
    let (status, headers, page) = server.get("/");
    assert_eq!(status, 200);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let policy = header("content-security-policy");
    assert!(
        policy.contains("default-src 'none'") && policy.contains("script-src 'self'"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(!page.contains("://"), "the page names no other server");
    for asset in ["/app.js", "/app.css", "/widget.js"] {
        let (status, headers, body) = server.get(asset);
        assert_eq!(status, 200, "{asset}");
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        assert!(
            content_type.contains("javascript") || content_type.contains("css"),
            "{asset}: {content_type}"
        );
        if asset != "/widget.js" {
            assert!(page.contains(asset), "{asset}");
            assert!(!body.contains("://"), "{asset} loads from elsewhere");
        }
    }
    // Inline code would be blocked by the policy: none is there.
    assert!(!page.contains("<script>") && !page.contains(" style=") && !page.contains("onclick"));
    let (status, _, openapi) = server.get("/openapi.json");
    assert_eq!(status, 200);
    // The served document names this server's rules and languages.
    let openapi: Value = serde_json::from_str(&openapi).unwrap();
    let request = &openapi["components"]["schemas"]["LintRequest"]["properties"];
    let select = request["select"]["items"]["enum"].as_array().unwrap();
    assert!(
        select.contains(&json!("shouting")) && select.contains(&json!("ALL")),
        "{select:?}"
    );
    let languages = request["language"]["enum"].as_array().unwrap();
    assert!(
        languages.contains(&json!("uk-UA")) && languages.contains(&json!("auto")),
        "{languages:?}"
    );
}

#[test]
fn concurrent_requests_all_succeed_and_sigterm_stops_the_server_cleanly() {
    let server = Server::start(&["--concurrency", "4"]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let text = format!("Ticket {i}: NOTHING WORKS SINCE THE UPDATE");
                    server.post_json("/v1/lint", &json!({"text": text}).to_string())
                })
            })
            .collect();
        for handle in handles {
            let (status, body) = handle.join().unwrap();
            assert_eq!(status, 200, "{body}");
            assert!(rules(&body["files"][0]).contains(&"shouting"));
        }
    });
    let status = server.stop();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_configuration_is_read_once_at_start_and_applies_to_every_request() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ticketlint.toml");
    std::fs::write(
        &config,
        "ignore = [\"no-screenshot\"]\n\n[reply.en]\ngreeting = \"Hi there,\"\nsignoff = \"Cheers,\\nAcme support\"\n",
    )
    .unwrap();
    let server = Server::start(&["--config", config.to_str().unwrap()]);
    // Read at start: removing the file changes nothing.
    std::fs::remove_file(&config).unwrap();
    let (status, body) =
        server.post_json("/v1/lint", r#"{"text": "Nothing works, please fix it."}"#);
    assert_eq!(status, 200, "{body}");
    let file = &body["files"][0];
    assert!(!rules(file).contains(&"no-screenshot"), "{file}");
    assert!(rules(file).contains(&"nothing-works"), "{file}");
    let reply = file["reply"].as_str().unwrap();
    assert!(
        reply.starts_with("Hi there,") && reply.ends_with("Cheers,\nAcme support\n"),
        "{reply}"
    );
    // The request's own options go over the configuration's.
    let (_, body) = server.post_json(
        "/v1/lint",
        r#"{"text": "Nothing works, please fix it.", "select": ["no-screenshot"]}"#,
    );
    assert_eq!(rules(&body["files"][0]), vec!["no-screenshot"]);
}

#[test]
fn a_broken_configuration_stops_the_start_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ticketlint.toml");
    std::fs::write(&config, "[reply.en]\ngreting = \"Hi\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ticketlint"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("greting"), "{stderr}");
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off_and_frees_its_place() {
    use std::io::{Read, Write};
    let server = Server::start(&["--timeout", "1", "--max-connections", "4"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stalled: Vec<std::net::TcpStream> = (0..4)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&address).unwrap();
            stream
                .write_all(b"POST /v1/lint HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect();
    // Every place is taken; the server closes the stalled ones after the
    // timeout, and the next client is answered.
    assert!(server.healthy());
    for stream in &mut stalled {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut rest = Vec::new();
        // Closed by the server (with or without a 408 first), not left open.
        assert!(stream.read_to_end(&mut rest).is_ok(), "still open");
    }
}

#[test]
fn time_waiting_for_a_turn_counts_and_a_timeout_is_answered_in_json() {
    // One ticket at a time, a second each: of four tickets of 10 MB sent at
    // once, those still waiting when the second is up are answered 408.
    let server = Server::start(&["--timeout", "1", "--concurrency", "1", "--max-body", "16M"]);
    let line = "The export fails on the Reports page since Monday. NOTHING WORKS AT ALL. ";
    let text = line.repeat(10_000_000 / line.len());
    let body = json!({"text": text}).to_string();
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| server.post_json("/v1/lint", &body)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let timed_out: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| *status == 408)
        .map(|(_, body)| body)
        .collect();
    assert!(
        !timed_out.is_empty(),
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    for body in timed_out {
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("--timeout"), "{body}");
    }
    for (status, _) in &answers {
        assert!(matches!(status, 200 | 408), "{status}");
    }
    assert!(server.healthy());
}

#[test]
fn options_for_linting_output_are_refused_before_any_file_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    for args in [
        vec!["-o", out.to_str().unwrap()],
        vec!["--format", "sarif"],
        vec!["--encoding", "koi8-r"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_ticketlint"))
            .arg("serve")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("not to `ticketlint serve`"),
            "{args:?}: {stderr}"
        );
    }
    assert!(!out.exists());
}

#[test]
fn the_servers_language_options_are_the_defaults_of_requests() {
    let server = Server::start(&[
        "--listen",
        "localhost:0",
        "--lang",
        "ru",
        "--message-lang",
        "uk",
    ]);
    let (_, body) = server.post_json("/v1/lint", r#"{"text": "NOTHING WORKS AT ALL HERE"}"#);
    let file = &body["files"][0];
    assert_eq!(file["language"], "ru", "{file}");
    let message = file["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("великими"), "{message}");
    // A request's own choice wins.
    let (_, body) = server.post_json(
        "/v1/lint",
        r#"{"text": "NOTHING WORKS AT ALL HERE", "language": "en", "message_language": "en"}"#,
    );
    assert_eq!(body["files"][0]["language"], "en");
}

#[test]
fn a_long_line_with_many_matches_is_not_copied_into_each() {
    let server = Server::start(&[]);
    let line = "Hello. THE PAGE IS EMPTY AGAIN TODAY. the rest is fine. ".repeat(2_000);
    let answer = server.form(&[("text", &line), ("language", "en-US")]);
    let matches = answer["matches"].as_array().unwrap();
    assert!(matches.len() > 100, "{} matches", matches.len());
    let utf16: Vec<u16> = line.encode_utf16().collect();
    for m in matches {
        let sentence = m["sentence"].as_str().unwrap();
        assert!(
            sentence.len() <= 1_000,
            "{} bytes of sentence",
            sentence.len()
        );
        let offset = usize::try_from(m["offset"].as_u64().unwrap()).unwrap();
        let length = usize::try_from(m["length"].as_u64().unwrap()).unwrap();
        let found = String::from_utf16(&utf16[offset..offset + length]).unwrap();
        assert!(
            sentence.contains(found.trim()) || found.len() > 600,
            "{found:?}"
        );
    }
}

#[test]
fn a_chat_sent_as_turns_is_judged_like_a_pasted_chat() {
    let server = Server::start(&[]);
    let thread = json!([
        {"from": "customer", "body": "nothing works"},
        {"from": "agent", "body": "When did you first notice it? And could you send a screenshot?"}
    ]);
    let (status, chat) = server.post_json(
        "/v1/lint",
        &json!({"text": "since this morning", "thread": thread, "channel": "chat"}).to_string(),
    );
    assert_eq!(status, 200, "{chat}");
    let file = &chat["files"][0];
    let unanswered: Vec<&str> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unanswered-questions")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(unanswered.len(), 1, "{file}");
    assert!(unanswered[0].contains("screenshot"), "{unanswered:?}");
    // The customer's first turn is their own words: nothing-works reads it.
    assert!(rules(file).contains(&"nothing-works"), "{file}");
    let pasted = file["decoded_text"].as_str().unwrap().to_string();
    let (_, as_text) = server.post_json("/v1/lint", &json!({"text": pasted}).to_string());
    assert_eq!(rules(file), rules(&as_text["files"][0]));
}
