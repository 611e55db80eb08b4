//! End-to-end tests of the `ticketlint` binary: inputs, exit codes, formats.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

fn ticketlint() -> Command {
    let mut cmd = Command::cargo_bin("ticketlint").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The first diagnostic of `rule` in the first file of a JSON document.
fn finding<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {doc}"))
}

/// Runs the command, checks its exit code and parses its JSON output.
fn json_output(cmd: &mut Command, code: i32) -> Value {
    json_of(&cmd.assert().code(code).get_output().stdout.clone())
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(output)))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn shouting_on_stdin_as_json() {
    let doc = json_output(
        ticketlint()
            .args(["--format", "json"])
            .write_stdin("NOTHING WORKS!!! FIX IT NOW\n"),
        1,
    );
    assert_eq!(doc["version"], 1);
    let file = &doc["files"][0];
    assert_eq!(file["path"], "-");
    assert_eq!(file["language"], "en");
    assert_eq!(file["encoding"], "utf-8");
    assert_eq!(file["kind"], "problem");
    let d = finding(&doc, "shouting");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["span"],
        serde_json::json!({"start": 0, "end": 27, "line": 1, "column": 1, "end_line": 1, "end_column": 28})
    );
    assert_eq!(d["fix"]["replacement"], "Nothing works! Fix it now");
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert!(
        d["suggestion"]
            .as_str()
            .unwrap()
            .contains("Nothing works! Fix it now")
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 4, "infos": 0, "unreadable": 0, "skipped": 0, "suppressed": 0})
    );
}

#[test]
fn dash_reads_stdin() {
    ticketlint()
        .arg("-")
        .write_stdin("Hello, how do I download the invoice for March with the VAT number?")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings in 1 file"));
}

#[test]
fn a_good_ticket_exits_zero() {
    ticketlint()
        .arg("examples/en-good-report.txt")
        .assert()
        .code(0);
}

#[test]
fn spans_point_at_the_shouted_text_in_multibyte_text() {
    let text = "Доброго дня.\nТЕРМІНОВО НІЧОГО НЕ ПРАЦЮЄ ПОЛАГОДЬТЕ!!!\nДякую, Оксана\n";
    let doc = json_output(ticketlint().args(["--format", "json"]).write_stdin(text), 1);
    let d = finding(&doc, "shouting");
    let (start, end) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[start..end],
        "ТЕРМІНОВО НІЧОГО НЕ ПРАЦЮЄ ПОЛАГОДЬТЕ!!!"
    );
    assert_eq!(
        (d["span"]["line"].as_u64(), d["span"]["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(d["span"]["end_column"].as_u64(), Some(41));
}

#[test]
fn advice_comes_in_the_tickets_language() {
    for (text, lang, word) in [
        ("ВСЁ СЛОМАЛОСЬ, ВЕРНИТЕ ДЕНЬГИ\n", "ru", "заглавными"),
        ("НІЧОГО НЕ ПРАЦЮЄ, ПОВЕРНІТЬ ГРОШІ\n", "uk", "великими"),
        ("EVERYTHING IS BROKEN, REFUND ME\n", "en", "capitals"),
    ] {
        let doc = json_output(ticketlint().args(["--format", "json"]).write_stdin(text), 1);
        let file = &doc["files"][0];
        assert_eq!(file["language"], lang, "{text}");
        assert!(
            finding(&doc, "shouting")["message"]
                .as_str()
                .unwrap()
                .contains(word),
            "{text}"
        );
    }
}

#[test]
fn message_lang_and_lang_override() {
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--message-lang", "uk", "--lang", "ru"])
            .write_stdin("EVERYTHING IS BROKEN, REFUND ME\n"),
        1,
    );
    let file = &doc["files"][0];
    assert_eq!(file["language"], "ru");
    assert!(
        finding(&doc, "shouting")["message"]
            .as_str()
            .unwrap()
            .contains("великими")
    );
    ticketlint()
        .args(["--lang", "de"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`de`"));
}

#[test]
fn problem_reports_get_evidence_advice_questions_do_not() {
    let doc = json_output(
        ticketlint()
            .args(["--format", "json"])
            .write_stdin("Здравствуйте!\nУ нас не работает программа. Разберитесь, пожалуйста.\n"),
        1,
    );
    assert_eq!(doc["files"][0]["kind"], "problem");
    for rule in ["nothing-works", "no-screenshot", "no-timestamp"] {
        let d = finding(&doc, rule);
        assert_eq!(d["span"]["line"], 2, "{rule} points at the claim");
        assert_eq!(d["span"]["column"], 1);
    }
    assert!(
        finding(&doc, "no-timestamp")["suggestion"]
            .as_str()
            .unwrap()
            .contains("12 марта в 14:05 МСК")
    );

    let doc = json_output(
        ticketlint()
            .args(["--format", "json"])
            .write_stdin("Як вивантажити звіт про продажі за місяць в Excel?\n"),
        0,
    );
    assert_eq!(doc["files"][0]["kind"], "question");
    assert_eq!(doc["files"][0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_missing_file_is_named_and_the_rest_is_still_linted() {
    let out = ticketlint()
        .args([
            "--format",
            "json",
            "no-such-ticket.txt",
            "examples/en-shouting.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-ticket.txt: No such file or directory",
        ))
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    finding(&doc, "shouting");
    assert_eq!(doc["summary"]["unreadable"], 1);
}

#[test]
fn folders_are_walked_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/loud.md", "THIS IS A DISGRACE FIX IT NOW\n");
    write(
        dir.path(),
        "a.txt",
        "Hi, where do I change my e-mail address?\n",
    );
    write(dir.path(), "c.log", "NOT A TICKET EXTENSION AT ALL\n");
    write(
        dir.path(),
        ".hidden/x.txt",
        "HIDDEN FOLDERS ARE NOT WALKED\n",
    );
    write(
        dir.path(),
        "node_modules/x.txt",
        "NEITHER ARE DEPENDENCIES HERE\n",
    );
    write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = ticketlint()
        .args(["--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::is_empty())
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    let paths: Vec<String> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["a.txt", "b/loud.md"]);

    let out = ticketlint()
        .args(["--format", "json", "--ext", "log"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&out)["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_binary_file_named_explicitly_gets_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "shot.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    // Nothing that was named is linted: not a clean run.
    ticketlint()
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shot.txt: skipped, binary data"));
}

#[test]
fn windows_1251_is_detected_and_linted() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Добрый день.\nСРОЧНО НИЧЕГО НЕ РАБОТАЕТ ПОСЛЕ ОБНОВЛЕНИЯ\nС уважением, Ирина\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let path = write(dir.path(), "old.txt", &bytes);
    let doc = json_output(ticketlint().args(["--format", "json"]).arg(&path), 1);
    assert_eq!(doc["files"][0]["encoding"], "windows-1251");
    assert_eq!(doc["files"][0]["language"], "ru");
    let d = finding(&doc, "shouting");
    let decoded = text;
    let (s, e) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&decoded[s..e], "СРОЧНО НИЧЕГО НЕ РАБОТАЕТ ПОСЛЕ ОБНОВЛЕНИЯ");
}

#[test]
fn forced_encoding_and_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let (koi, _, _) = encoding_rs::KOI8_U.encode("НІЧОГО НЕ ПРАЦЮЄ З РАНКУ\n");
    let path = write(dir.path(), "koi.txt", &koi);
    let out = ticketlint()
        .args(["--format", "json", "--encoding", "koi8-u"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&out)["files"][0]["encoding"], "koi8-u");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "PLEASE ANSWER MY EMAIL TODAY\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let path = write(dir.path(), "u16.txt", &utf16);
    let out = ticketlint()
        .args(["--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&out)["files"][0]["encoding"], "utf-16le");

    ticketlint()
        .args(["--encoding", "martian"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("martian"));
}

#[test]
fn no_colour_when_piped_colour_when_forced() {
    let plain = ticketlint()
        .arg("examples/en-shouting.txt")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!plain.contains(&0x1b), "escape codes in piped output");
    let text = String::from_utf8(plain).unwrap();
    assert!(text.starts_with("examples/en-shouting.txt:"), "{text}");
    assert!(text.contains("warning[shouting]:"));
    assert!(text.contains("help:"));

    let coloured = ticketlint()
        .args(["--color", "always", "examples/en-shouting.txt"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(coloured.contains(&0x1b));
    let no_color = ticketlint()
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .arg("examples/en-shouting.txt")
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(
        !no_color.contains(&0x1b),
        "NO_COLOR must win under --color auto"
    );
}

#[test]
fn human_output_snapshot() {
    let out = ticketlint()
        .arg("examples/uk-shouting.txt")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn fail_on_sets_the_threshold() {
    ticketlint()
        .args(["--fail-on", "error", "examples/en-shouting.txt"])
        .assert()
        .code(0);
    ticketlint()
        .args(["--fail-on", "info", "examples/en-shouting.txt"])
        .assert()
        .code(1);
}

#[test]
fn rules_and_explain() {
    ticketlint()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("shouting").and(predicate::str::contains("warning")));
    ticketlint()
        .args(["explain", "shouting"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("## Why is this bad?")
                .and(predicate::str::contains("ТЕРМІНОВО")),
        );
    ticketlint()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ticketlint rules"));
}

#[test]
fn packs_from_a_folder_replace_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    for code in ["en", "ru", "uk"] {
        let text = std::fs::read_to_string(format!("rules/{code}.toml")).unwrap();
        let text = text.replace(
            "written in all capitals: this can read as shouting",
            "CUSTOM PACK MESSAGE",
        );
        write(dir.path(), &format!("{code}.toml"), text);
    }
    ticketlint()
        .arg("--rules")
        .arg(dir.path())
        .write_stdin("EVERYTHING IS BROKEN, REFUND ME\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("CUSTOM PACK MESSAGE"));

    write(dir.path(), "en.toml", "[language]\ncode = \"en\"\n");
    ticketlint()
        .arg("--rules")
        .arg(dir.path())
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("en.toml"));
}

#[test]
fn usage_errors_exit_two() {
    ticketlint()
        .arg("--format=yaml")
        .write_stdin("x")
        .assert()
        .code(2);
    ticketlint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn inspect_shows_how_a_ticket_is_read() {
    let text = "Subject: Two things\n\nHi,\n1. The invoice PDF does not download, it fails with error 500.\n2. Please add dark mode.\n> old quoted mail\n-- \nAnn\n";
    let doc = json_output(
        ticketlint()
            .args(["inspect", "--format", "json", "-"])
            .write_stdin(text),
        0,
    );
    assert_eq!(doc["path"], "-");
    assert_eq!(doc["kind"], "problem");
    assert_eq!(doc["subject"], "Two things");
    // Every own sentence with its role and the roles model's confidence;
    // the kind model's answers, the most probable first.
    let sentences = doc["sentences"].as_array().unwrap();
    let dark_mode = sentences
        .iter()
        .find(|s| s["text"] == "Please add dark mode.")
        .unwrap();
    assert_eq!(dark_mode["role"], "request");
    assert!(
        dark_mode["cues"]
            .as_array()
            .unwrap()
            .contains(&json!("request"))
    );
    for s in sentences {
        let p = s["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{s}");
    }
    assert_eq!(doc["kind_model"][0]["value"], "problem");
    assert_eq!(doc["phrase_kind"], "problem");
    let kinds: Vec<&str> = doc["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["header", "own", "quoted", "signature"]);
    let last_end = doc["regions"].as_array().unwrap().last().unwrap()["end"]
        .as_u64()
        .unwrap();
    assert_eq!(last_end as usize, text.len());
    let issues: Vec<&str> = doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        issues,
        [
            "1. The invoice PDF does not download, it fails with error 500.",
            "2. Please add dark mode."
        ]
    );
    assert_eq!(
        doc["evidence"]["problem"]["text"],
        "The invoice PDF does not download, it fails with error 500."
    );

    ticketlint()
        .args(["inspect", "examples/uk-good-report.txt"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("kind: problem").and(predicate::str::contains("screenshot")),
        );
    ticketlint()
        .args(["inspect", "no-such.txt"])
        .assert()
        .code(2);
}

#[test]
fn eml_is_decoded_and_its_attachments_count() {
    let doc = json_output(
        ticketlint().args(["--format", "json", "examples/ru-mail-with-screenshot.eml"]),
        0,
    );
    let file = &doc["files"][0];
    assert_eq!(file["encoding"], "mime");
    assert_eq!(file["offsets"], "decoded");
    assert_eq!(file["language"], "ru");
    assert!(
        file["decoded_text"]
            .as_str()
            .unwrap()
            .contains("Subject: Не проходит оплата")
    );

    let doc = json_output(
        ticketlint().args([
            "inspect",
            "--format",
            "json",
            "examples/ru-mail-with-screenshot.eml",
        ]),
        0,
    );
    assert_eq!(doc["attachments"][0]["name"], "oplata.png");
    assert_eq!(doc["attachments"][0]["content_type"], "image/png");
    // The Date header is when the mail was sent, and is not evidence of when.
    assert_eq!(doc["evidence"]["time"]["text"], "С утра");

    // The same mail with the image part gone: the promise is now a finding.
    let eml = std::fs::read_to_string("examples/ru-mail-with-screenshot.eml").unwrap();
    let cut = eml.find("--==b1\r\nContent-Type: image/png").unwrap();
    let forgot = format!("{}--==b1--\r\n", &eml[..cut]);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "forgot.eml", forgot);
    let doc = json_output(ticketlint().args(["--format", "json"]).arg(&path), 1);
    let d = finding(&doc, "no-screenshot");
    let text = doc["files"][0]["decoded_text"].as_str().unwrap();
    let (s, e) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Скриншот");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("изображения во вложении нет")
    );
}

#[test]
fn inspect_shows_quoted_messages_and_questions() {
    let doc = json_output(
        ticketlint().args([
            "inspect",
            "--format",
            "json",
            "tests/threads/ru-003-outlook-numbered.txt",
        ]),
        0,
    );
    let messages = doc["messages"].as_array().unwrap();
    assert!(!messages.is_empty());
    assert_eq!(messages[0]["depth"], 1);
    let questions = doc["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    assert!(
        questions
            .iter()
            .all(|q| q["evidence"].is_string() && q["answered"].is_boolean())
    );

    let out = ticketlint()
        .args([
            "--format",
            "json",
            "tests/threads/ru-003-outlook-numbered.txt",
        ])
        .assert()
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    let unanswered: Vec<&str> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unanswered-questions")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        unanswered.iter().all(|m| m.contains("из 3")),
        "{unanswered:?}"
    );
}

#[test]
fn ndjson_writes_one_versioned_object_per_file() {
    let files = [
        "examples/en-shouting.txt",
        "examples/en-good-report.txt",
        "examples/ru-mail-with-screenshot.eml",
    ];
    let out = ticketlint()
        .args(["--format", "ndjson"])
        .args(files)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths, files);
    assert!(
        lines
            .iter()
            .all(|l| l["version"] == 1 && l["diagnostics"].is_array())
    );
}

#[test]
fn github_format_writes_workflow_commands() {
    let out = ticketlint()
        .args(["--format", "github", "examples/uk-shouting.txt"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=examples/uk-shouting.txt,line=2,col=1,endLine=2,endColumn=41,title=shouting::"),
        "{first}"
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with("::warning ") && !l.contains('\n'))
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let files = [
        "examples/en-shouting.txt",
        "examples/ru-shouting.txt",
        "examples/en-good-report.txt",
    ];
    ticketlint()
        .arg("--statistics")
        .args(files)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("4  shouting\n")
                .and(predicate::str::contains("3 files checked")),
        );
}

#[test]
fn select_ignore_and_severity() {
    let doc = json_output(
        ticketlint().args([
            "--format",
            "json",
            "--select",
            "shouting",
            "examples/uk-shouting.txt",
        ]),
        1,
    );
    let rules: Vec<&str> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["shouting"]);

    let doc = json_output(
        ticketlint().args([
            "--format",
            "json",
            "--ignore",
            "shouting",
            "--severity",
            "no-timestamp=error",
            "--severity",
            "no-screenshot=off",
            "examples/uk-shouting.txt",
        ]),
        1,
    );
    let found: Vec<(String, String)> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("no-timestamp".into(), "error".into())),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(r, _)| r == "shouting" || r == "no-screenshot"),
        "{found:?}"
    );
    assert_eq!(doc["summary"]["errors"], 1);

    ticketlint()
        .args(["--select", "no-such-rule", "examples/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rule"));
    ticketlint()
        .args(["--severity", "shouting=loud", "examples/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("loud"));
}

#[test]
fn suppressions_in_the_text_and_unused_ones() {
    let text = "<!-- ticketlint-disable-next-line shouting -->\nPLEASE READ THE WHOLE MESSAGE FIRST\n<!-- ticketlint-disable-next-line shouting -->\nhow do I export my contacts?\n";
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "-"])
            .write_stdin(text),
        1,
    );
    let rules: Vec<&str> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["unused-suppression"]);
    assert_eq!(doc["files"][0]["diagnostics"][0]["span"]["line"], 3);
    assert_eq!(doc["summary"]["suppressed"], 1);

    let file = "<!-- ticketlint-disable-file -->\nNOTHING WORKS!!! FIX IT NOW\n";
    ticketlint()
        .write_stdin(file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suppressed"));
}

#[test]
fn max_warnings_and_exit_zero() {
    // examples/en-shouting.txt has three warnings.
    ticketlint()
        .args(["--max-warnings", "3", "examples/en-shouting.txt"])
        .assert()
        .code(0);
    ticketlint()
        .args(["--max-warnings", "2", "examples/en-shouting.txt"])
        .assert()
        .code(1);
    ticketlint()
        .args(["--exit-zero", "examples/en-shouting.txt"])
        .assert()
        .code(0);
    ticketlint()
        .args(["--exit-zero", "no-such.txt"])
        .assert()
        .code(2);
}

#[test]
fn configuration_is_found_upwards_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ticketlint.toml",
        "ignore = [\"no-screenshot\"]\nexclude = [\"drafts/**\"]\n[severity]\nshouting = \"error\"\n[[overrides]]\nfiles = [\"macros/**\"]\nignore = [\"shouting\"]\n",
    );
    let loud = "NOTHING WORKS SINCE THE UPDATE!!! FIX IT\n";
    write(dir.path(), "tickets/a.txt", loud);
    write(dir.path(), "macros/b.txt", loud);
    write(dir.path(), "drafts/c.txt", loud);

    let doc = json_output(ticketlint().args(["--format", "json"]).arg(dir.path()), 1);
    let files = doc["files"].as_array().unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["macros/b.txt", "tickets/a.txt"],
        "drafts/ is excluded"
    );
    let rules_of = |f: &Value| -> Vec<(String, String)> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let macro_rules = rules_of(&files[0]);
    let ticket_rules = rules_of(&files[1]);
    assert!(
        !macro_rules
            .iter()
            .any(|(r, _)| r == "shouting" || r == "no-screenshot"),
        "{macro_rules:?}"
    );
    assert!(
        ticket_rules.contains(&("shouting".into(), "error".into())),
        "{ticket_rules:?}"
    );
    assert!(!ticket_rules.iter().any(|(r, _)| r == "no-screenshot"));

    // The command line wins over the file; --no-config ignores it.
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--severity", "shouting=info"])
            .arg(dir.path().join("tickets/a.txt")),
        1,
    );
    assert!(rules_of(&doc["files"][0]).contains(&("shouting".into(), "info".into())));
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--no-config"])
            .arg(dir.path().join("drafts/c.txt")),
        1,
    );
    assert!(
        rules_of(&doc["files"][0])
            .iter()
            .any(|(r, s)| r == "no-screenshot" && s == "warning")
    );
}

#[test]
fn a_bad_configuration_names_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "ticketlint.toml",
        "ignore = []\nselekt = [\"shouting\"]\n",
    );
    write(dir.path(), "a.txt", "hello");
    ticketlint()
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(config.display().to_string())
                .and(predicate::str::contains("selekt")),
        );
}

#[test]
fn init_writes_a_starting_configuration_once() {
    let dir = tempfile::tempdir().unwrap();
    ticketlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("ticketlint.toml")).unwrap();
    assert!(text.contains("[severity]"));
    ticketlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    write(
        dir.path(),
        "t.txt",
        "NOTHING WORKS SINCE THE UPDATE!!! FIX IT\n",
    );
    ticketlint()
        .current_dir(dir.path())
        .arg("t.txt")
        .assert()
        .code(1);
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    // The published schema's `language` patterns have a stray `]` that its own
    // meta-schema rejects as a regex; use the pattern they mean.
    let text = std::fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json")
        .unwrap()
        .replace(
            r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            r"^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$",
        );
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let log = json_output(
        ticketlint().args([
            "--format",
            "sarif",
            "examples/",
            "tests/threads/ru-003-outlook-numbered.txt",
        ]),
        1,
    );
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "ticketlint");
    // Every built-in rule, and the custom rule of examples/template-repo's configuration.
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for rule in ticketlint::rules::all() {
        assert!(
            ids.contains(&rule.id()),
            "{} missing from {ids:?}",
            rule.id()
        );
    }
    assert!(ids.contains(&"no-internal-links"), "{ids:?}");
    assert_eq!(ids.len(), ticketlint::rules::all().len() + 1);
    let result = &run["results"][0];
    assert!(
        result["ruleId"].is_string()
            && result["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64()
    );

    // An invalid log is caught: the schema check can fail.
    let mut broken = log.clone();
    broken["version"] = serde_json::json!("9.9");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        ticketlint()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("ticketlint"));
    }
    ticketlint()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH ticketlint"));
    ticketlint().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn fix_and_diff_keep_encoding_bom_and_line_endings_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Добрый день.\r\nСРОЧНО!!! НИЧЕГО НЕ РАБОТАЕТ ПОСЛЕ ОБНОВЛЕНИЯ\r\nИрина\r\n";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let path = write(dir.path(), "t.txt", &cp1251);

    // --diff shows the change and writes nothing; shouting's fix is unsafe.
    ticketlint()
        .args(["--diff"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    ticketlint()
        .args(["--diff", "--unsafe-fixes"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-СРОЧНО!!!").and(predicate::str::contains(
                "+Срочно! Ничего не работает после обновления",
            )),
        );
    assert_eq!(std::fs::read(&path).unwrap(), cp1251.to_vec());

    // --fix writes it back in windows-1251 with CRLF, and the finding is gone.
    let doc = json_output(
        ticketlint()
            .args([
                "--fix",
                "--unsafe-fixes",
                "--format",
                "json",
                "--select",
                "shouting",
            ])
            .arg(&path),
        0,
    );
    assert_eq!(doc["files"][0]["diagnostics"], serde_json::json!([]));
    let written = std::fs::read(&path).unwrap();
    let (fixed, _, _) = encoding_rs::WINDOWS_1251.decode(&written);
    assert_eq!(
        fixed,
        "Добрый день.\r\nСрочно! Ничего не работает после обновления\r\nИрина\r\n"
    );

    // A second run changes nothing.
    let before = std::fs::read(&path).unwrap();
    ticketlint()
        .args(["--fix", "--unsafe-fixes", "--select", "shouting"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A UTF-8 BOM is kept.
    let bom = write(
        dir.path(),
        "bom.txt",
        "\u{feff}PLEASE ANSWER MY EMAIL TODAY\n",
    );
    ticketlint()
        .args(["--fix", "--unsafe-fixes", "--select", "shouting"])
        .arg(&bom)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read(&bom).unwrap(),
        "\u{feff}Please answer my email today\n".as_bytes()
    );
}

#[test]
fn the_template_repository_passes_and_fails_as_its_readme_says() {
    let doc = json_output(
        ticketlint().args(["--format", "json", "examples/template-repo"]),
        1,
    );
    let mut found: Vec<(String, String, String)> = Vec::new();
    for file in doc["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                file["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    let want = [
        (
            "examples/template-repo/macros/password-reset.md",
            "no-internal-links",
            "warning",
        ),
        (
            "examples/template-repo/templates/urgent-request.md",
            "shouting",
            "error",
        ),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(p, r, s)| (p.to_string(), r.to_string(), s.to_string()))
        .collect();
    assert_eq!(found, want);
    assert_eq!(
        doc["summary"]["files"], 5,
        "drafts/ and README.md are excluded"
    );
    ticketlint()
        .args([
            "test-rules",
            "--config",
            "examples/template-repo/ticketlint.toml",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 passed, 0 failed"));
}

#[test]
fn custom_rule_tests_that_fail_fail_the_command_and_bad_rules_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "ticketlint.toml",
        "[[rule]]\nid = \"no-asap\"\nkind = \"phrase\"\nphrases = [\"asap\"]\nmessage = { en = \"say when you need it\" }\ntests = [{ text = \"as soon as possible\", fires = true }]\n",
    );
    ticketlint()
        .args(["test-rules", "--config"])
        .arg(&config)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL no-asap"));
    write(dir.path(), "t.txt", "Please fix the export ASAP\n");
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--select", "no-asap"])
            .arg(dir.path().join("t.txt")),
        1,
    );
    assert_eq!(
        doc["files"][0]["diagnostics"][0]["message"],
        "say when you need it"
    );

    write(
        dir.path(),
        "ticketlint.toml",
        "[[rule]]\nid = \"shouting\"\nkind = \"phrase\"\nphrases = [\"x\"]\nmessage = { en = \"m\" }\n",
    );
    ticketlint()
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("defined twice"));
    write(
        dir.path(),
        "ticketlint.toml",
        "[[rule]]\nid = \"bad\"\nkind = \"pattern\"\npatterns = [\"(\"]\nmessage = { en = \"m\" }\n",
    );
    ticketlint()
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rule `bad`: bad pattern"));
}

#[test]
fn rule_options_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.txt",
        "Hi, the export is empty.\nNOTHING WORKS!!!\n",
    );
    ticketlint()
        .arg("--select")
        .arg("shouting")
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(1);
    write(
        dir.path(),
        "ticketlint.toml",
        "[rules.shouting]\nmin_words = 3\n",
    );
    ticketlint()
        .arg("--select")
        .arg("shouting")
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(0);
}

#[test]
fn a_new_language_is_a_pack_folder_named_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let en = std::fs::read_to_string("rules/en.toml").unwrap();
    let pl = en
        .replace("code = \"en\"", "code = \"pl\"")
        .replace("name = \"English\"", "name = \"Polski\"")
        .replace(
            "letters = \"\"",
            "letters = \"ąćęłńóśźż\"\nletter_share = 0.05",
        )
        .replace(
            "written in all capitals: this can read as shouting and will not speed up a reply",
            "napisane wielkimi literami",
        );
    write(dir.path(), "packs/pl.toml", pl);
    write(dir.path(), "ticketlint.toml", "packs = [\"packs\"]\n");
    write(
        dir.path(),
        "t.txt",
        "NIC NIE DZIAŁA OD RANA, NAPRAWCIE TO SZYBKO\n",
    );
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--select", "shouting"])
            .arg(dir.path().join("t.txt")),
        1,
    );
    assert_eq!(doc["files"][0]["language"], "pl");
    assert_eq!(
        doc["files"][0]["diagnostics"][0]["message"],
        "napisane wielkimi literami"
    );

    write(dir.path(), "packs/pl.toml", "[language]\ncode = \"pl\"\n");
    ticketlint()
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("packs"));
}

#[test]
fn a_pack_folder_can_bring_custom_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut en = std::fs::read_to_string("rules/en.toml")
        .unwrap()
        .replace("code = \"en\"", "code = \"xx\"");
    en.push_str("\n[[rule]]\nid = \"no-asap\"\nkind = \"phrase\"\nphrases = [\"asap\"]\nmessage = { en = \"say when you need it\" }\n");
    write(dir.path(), "packs/xx.toml", en);
    write(
        dir.path(),
        "ticketlint.toml",
        "packs = [\"packs\"]\n[severity]\nno-asap = \"error\"\n",
    );
    write(dir.path(), "t.txt", "Please send the invoice ASAP\n");
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--select", "no-asap"])
            .arg(dir.path().join("t.txt")),
        1,
    );
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str()),
        (Some("no-asap"), Some("error"))
    );
}

#[test]
fn output_order_is_the_same_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text = match i % 3 {
            0 => format!("NOTHING WORKS ON PAGE {i}!!!"),
            1 => format!("Как поменять e-mail в профиле {i}?"),
            _ => {
                format!("Export {i} fails with error 500 since 10:15 today, screenshot: ![](e.png)")
            }
        };
        write(dir.path(), &format!("t{i:03}.txt"), text);
    }
    let run = |jobs: &str| {
        ticketlint()
            .args(["--format", "ndjson", "--jobs", jobs])
            .arg(dir.path())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 300);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("5"));
}

#[test]
fn files_over_max_file_size_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.txt", "NOTHING WORKS ".repeat(100));
    write(dir.path(), "small.txt", "NOTHING WORKS!!!");
    let out = ticketlint()
        .args(["--format", "json", "--max-file-size", "1K"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "big.txt: skipped, larger than --max-file-size (1024 bytes)",
        ))
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    assert_eq!(doc["summary"]["skipped"], 1);
    assert_eq!(doc["summary"]["unreadable"], 0);
    // Under the limit it is linted.
    let doc = json_output(
        ticketlint()
            .args(["--format", "json", "--max-file-size", "2000"])
            .arg(dir.path()),
        1,
    );
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
}

#[test]
fn ndjson_streams_one_result_per_ticket_in_order_and_reports_bad_lines() {
    let stream = concat!(
        r#"{"id": "T-1", "subject": "HELP", "body": "NOTHING WORKS!!! FIX IT NOW"}"#,
        "\n",
        "this is not json\n",
        "\n",
        r#"{"id": 2, "body": "How do I change the e-mail on my account?"}"#,
        "\n",
        r#"{"id": 3, "body": "Chrome 120.", "thread": [{"from": "customer", "body": "Export fails."}, {"from": "agent", "body": "Which browser do you use? When did it start?"}]}"#,
        "\n",
        r#"{"id": 4, "body": "Export to PDF fails since 10:15 today, screenshot attached", "attachments": [{"name": "shot.png", "content_type": "image/png"}]}"#,
        "\n",
    );
    let out = ticketlint()
        .args(["--input-format", "ndjson", "--jobs", "2"])
        .write_stdin(stream)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "-:2: not a ticket: expected ident at line 1 column 2",
        ))
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| json_of(l.as_bytes()))
        .collect();
    let ids: Vec<_> = lines.iter().map(|l| l["id"].clone()).collect();
    assert_eq!(ids, [json!("T-1"), json!(2), json!(3), json!(4)]);
    let paths: Vec<_> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["-:1", "-:4", "-:5", "-:6"]);
    let rules = |l: &Value| -> Vec<String> {
        l["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&lines[0]).contains(&"shouting".to_string()));
    assert!(rules(&lines[1]).is_empty(), "{}", lines[1]);
    assert_eq!(rules(&lines[2]), ["unanswered-questions"]);
    assert!(rules(&lines[3]).is_empty(), "{}", lines[3]);
    // Spans point into the text the record was read as.
    let d = &lines[2]["diagnostics"][0];
    let text = lines[2]["decoded_text"].as_str().unwrap();
    let span =
        d["span"]["start"].as_u64().unwrap() as usize..d["span"]["end"].as_u64().unwrap() as usize;
    assert!(text[span].contains("When did it start?"));
    assert_eq!(lines[2]["offsets"], "decoded");
}

#[test]
fn ndjson_lines_over_the_limit_are_skipped_and_the_stream_goes_on() {
    let long = format!(r#"{{"id": 1, "body": "{}"}}"#, "word ".repeat(500));
    let stream = format!("{long}\n{{\"id\": 2, \"body\": \"NOTHING WORKS!!!\"}}\n");
    let out = ticketlint()
        .args(["--input-format", "ndjson", "--max-file-size", "1K", "-"])
        .write_stdin(stream)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "-:1: skipped, longer than --max-file-size",
        ))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert_eq!(json_of(text.as_bytes())["id"], 2);
    ticketlint()
        .args(["--input-format", "ndjson", "--fix", "-"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "do not apply to --input-format ndjson",
        ));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Enough findings that the report outgrows the pipe's buffer, so the
    // tool is still writing when the reader goes (`ticketlint … | head`).
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::write(
            dir.path().join(format!("t{i:03}.txt")),
            "WHY DOES NOTHING WORK AT ALL\n",
        )
        .unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ticketlint"))
        .args(["--color", "never"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn output_file_takes_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    ticketlint()
        .args([
            "--format",
            "json",
            "examples/en-shouting.txt",
            "--output-file",
        ])
        .arg(&report)
        .assert()
        .code(1)
        .stdout("");
    let doc = json_of(&std::fs::read(&report).unwrap());
    assert_eq!(doc["files"][0]["path"], "examples/en-shouting.txt");
    // Subcommands write there too.
    ticketlint()
        .args(["rules", "-o"])
        .arg(&report)
        .assert()
        .code(0)
        .stdout("");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("shouting")
    );
}

#[test]
fn completions_offer_rule_ids_and_language_codes() {
    let out = ticketlint()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let script = String::from_utf8(out).unwrap();
    for word in ["nothing-works", "no-timestamp", "ALL", "en ru uk"] {
        assert!(script.contains(word), "no `{word}` in the bash completions");
    }
    let out = ticketlint()
        .args(["completions", "fish"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(out).unwrap().contains("shouting"));
}

#[test]
fn lint_options_with_a_subcommand_are_refused_global_ones_work_anywhere() {
    ticketlint()
        .args(["--select", "shouting", "rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--select applies to linting, not to `ticketlint rules`",
        ));
    // `inspect` reads the global --format and --lang, before or after it.
    for args in [
        ["--format", "json", "inspect", "examples/en-shouting.txt"],
        ["inspect", "examples/en-shouting.txt", "--format", "json"],
    ] {
        let out = ticketlint().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(json_of(&out.stdout).is_object());
    }
    ticketlint()
        .args(["--format", "sarif", "rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("human or json"));
}

#[test]
fn select_all_in_the_configuration_runs_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ticketlint.toml", "select = [\"ALL\"]\n");
    let ticket = write(
        dir.path(),
        "t.txt",
        "NOTHING WORKS SINCE THE UPDATE!!! FIX IT\n",
    );
    let doc = json_output(ticketlint().args(["--format", "json"]).arg(&ticket), 1);
    finding(&doc, "shouting");
}

/// The long flags `--help` lists.
fn documented_flags() -> Vec<String> {
    let out = ticketlint().arg("--help").output().unwrap().stdout;
    let help = String::from_utf8(out).unwrap();
    let mut flags: Vec<String> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2 && !w.ends_with('-'))
        .map(String::from)
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

#[test]
fn the_configuration_reference_lists_every_flag_in_whole_tables() {
    let doc = std::fs::read_to_string("docs/configuration.md").unwrap();
    let missing: Vec<String> = documented_flags()
        .into_iter()
        .filter(|f| !["--help", "--version"].contains(&f.as_str()))
        .filter(|f| !doc.contains(&format!("`{f}")) && !doc.contains(&format!("/ {f}")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/configuration.md lacks {missing:?}"
    );
    // A blank line ends a Markdown table: the rows after it are not in it.
    let lines: Vec<&str> = doc.lines().collect();
    for (i, window) in lines.windows(3).enumerate() {
        assert!(
            !(window[0].starts_with('|')
                && window[1].trim().is_empty()
                && window[2].starts_with('|')),
            "docs/configuration.md:{}: a blank line inside a table",
            i + 2
        );
    }
}

#[test]
fn the_man_page_refers_to_no_missing_page() {
    let out = ticketlint().arg("man").output().unwrap().stdout;
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains(".TH ticketlint"));
    assert!(
        !page.contains("(1)"),
        "the page refers to pages that are not installed"
    );
    assert!(
        page.contains("ticketlint inspect"),
        "subcommands are on the page"
    );
}

#[test]
fn machine_formats_keep_every_byte_of_the_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "del.txt",
        "THE INVOICES\x7f PAGE IS EMPTY SINCE MONDAY MORNING\n",
    );
    for format in ["json", "ndjson", "sarif", "github"] {
        let out = ticketlint()
            .args(["--no-config", "--format", format])
            .arg(&path)
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        assert!(
            out.contains(&0x7f),
            "{format}: {}",
            String::from_utf8_lossy(&out)
        );
    }
    let out = ticketlint()
        .args(["inspect", "--format", "json"])
        .arg(&path)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(
        out.contains(&0x7f),
        "inspect: {}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn special_files_neither_hang_nor_grow_without_bound() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let ok = write(
        dir.path(),
        "ok.txt",
        "THE INVOICES PAGE IS EMPTY SINCE MONDAY\n",
    );
    // A pipe nobody writes to is named, and the other file is still linted.
    ticketlint()
        .arg(&fifo)
        .arg(&ok)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "pipe.txt: a named pipe that nothing was written to",
        ))
        .stdout(predicate::str::contains("ok.txt:1:1: warning[shouting]"));
    let endless = [
        (
            vec!["inspect", "/dev/zero"],
            "/dev/zero: skipped, larger than --max-file-size",
        ),
        (
            vec!["--config", "/dev/zero", "-"],
            "/dev/zero: larger than 4 MiB: not a configuration",
        ),
        (
            vec!["--input-format", "ndjson", "/dev/zero"],
            "/dev/zero:1: binary data (a NUL byte), not NDJSON",
        ),
    ];
    for (args, says) in endless {
        ticketlint()
            .args(&args)
            .write_stdin("hello")
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

#[test]
fn links_in_folders_are_followed_and_broken_or_looping_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let outside = write(
        dir.path(),
        "outside/real.txt",
        "THE INVOICES PAGE IS EMPTY SINCE MONDAY\n",
    );
    let tickets = dir.path().join("tickets");
    std::fs::create_dir(&tickets).unwrap();
    std::os::unix::fs::symlink(&outside, tickets.join("link.txt")).unwrap();
    // A folder holding only a link is linted through it.
    ticketlint()
        .current_dir(dir.path())
        .args(["--no-config", "--select", "shouting", "tickets"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tickets/link.txt:1:1: warning[shouting]",
        ));
    std::os::unix::fs::symlink("nowhere.txt", tickets.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink("..", tickets.join("up")).unwrap();
    ticketlint()
        .current_dir(dir.path())
        .args(["--no-config", "--select", "shouting", "tickets"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "tickets/link.txt:1:1: warning[shouting]",
        ))
        .stderr(
            predicate::str::contains("error: tickets/broken.txt: No such file or directory\n")
                .and(predicate::str::contains("a symbolic link back to")),
        );
}

#[test]
fn an_encoding_that_reads_nothing_and_a_broken_config_link_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = write(dir.path(), "t.txt", "hello\n");
    ticketlint()
        .args(["--no-config", "--encoding", "iso-2022-kr"])
        .arg(&ticket)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`iso-2022-kr` cannot be decoded (WHATWG reads it as one replacement character)",
        ));
    std::os::unix::fs::symlink("nowhere.toml", dir.path().join("ticketlint.toml")).unwrap();
    ticketlint()
        .arg(&ticket)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ticketlint.toml: No such file or directory",
        ));
}

#[test]
fn an_ndjson_stream_may_start_with_a_bom() {
    ticketlint()
        .args(["--no-config", "--input-format", "ndjson", "-"])
        .write_stdin("\u{feff}{\"id\": 1, \"body\": \"Thanks, all good now.\"}\n")
        .assert()
        .code(0);
}

#[test]
fn escape_sequences_in_a_ticket_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "esc.txt",
        "Hello \x1b]0;pwned\x07 THE PAGE IS EMPTY SINCE MONDAY MORNING \x1b[31mRED\n",
    );
    for args in [
        vec!["--color", "never"],
        vec!["--color", "never", "inspect"],
    ] {
        let out = ticketlint()
            .args(["--no-config"])
            .args(&args)
            .arg(&path)
            .assert()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{args:?}: {text:?}"
        );
        assert!(
            text.contains("\u{241b}]0;pwned\u{2407}"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn sarif_lists_the_configurations_custom_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ticketlint.toml",
        "[[rule]]\nid = \"order-number\"\nkind = \"require\"\npatterns = [\"#\\\\d{5}\"]\nmessage = { en = \"add the order number\" }\n",
    );
    write(dir.path(), "t.txt", "my order is late, it never arrived\n");
    let log = json_output(
        ticketlint()
            .current_dir(dir.path())
            .args(["--format", "sarif", "t.txt"]),
        1,
    );
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "order-number")
        .unwrap_or_else(|| panic!("{log}"));
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "order-number");
    assert_eq!(
        rules[index]["shortDescription"]["text"],
        "add the order number"
    );
}

/// A mail whose subject line reads in the file as in the text, and whose body
/// has a quoted-printable soft break.
const QP_MAIL: &str = "From: Bob <bob@example.com>\n\
Subject: NOTHING WORKS\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Hello,\n\
\n\
PLEASE CALL ME BACK ABOUT THE EXPORT OF MY INVOICES, I HAVE BEEN WAITING A LO=\n\
NG TIME.\n";

#[test]
fn email_findings_point_at_file_lines_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "qp.eml", QP_MAIL);
    // "Hello,\n\nPLEASE CALL ME BACK ABOUT THE EXPORT OF MY INVOICES TODAY.\n"
    let b64 = "Subject: export\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\nSGVsbG8sCgpQTEVBU0UgQ0FMTCBNRSBCQUNLIEFCT1VUIFRIRSBFWFBPUlQgT0YgTVkgSU5WT0lDRVMgVE9EQVkuCg==\n";
    write(dir.path(), "b64.eml", b64);

    let human = ticketlint()
        .current_dir(dir.path())
        .args(["--select", "shouting", "qp.eml", "b64.eml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let human = String::from_utf8(human).unwrap();
    // The subject is on file line 2, column 10; the shouted body line starts
    // on file line 8, but a soft break makes its columns the text's own.
    assert!(human.contains("qp.eml:2:10: warning[shouting]"), "{human}");
    assert!(human.contains("qp.eml:8: warning[shouting]"), "{human}");
    assert!(human.contains("8 | PLEASE CALL ME BACK"), "{human}");
    // Base64 lines are nowhere in the file: the place is in the decoded text.
    assert!(
        human.contains("b64.eml (decoded email, line 5, column 1): warning[shouting]"),
        "{human}"
    );

    let github = ticketlint()
        .current_dir(dir.path())
        .args([
            "--select", "shouting", "--format", "github", "qp.eml", "b64.eml",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let github = String::from_utf8(github).unwrap();
    assert!(
        github.contains(
            "::warning file=qp.eml,line=2,col=10,endLine=2,endColumn=23,title=shouting::"
        ),
        "{github}"
    );
    assert!(
        github.contains("::warning file=qp.eml,line=8,title=shouting::"),
        "{github}"
    );
    let b64_line = github.lines().find(|l| l.contains("file=b64.eml")).unwrap();
    assert!(
        b64_line.starts_with("::warning file=b64.eml,title=shouting::"),
        "{b64_line}"
    );
    assert!(
        b64_line.contains("(decoded email, line 5, column 1)"),
        "{b64_line}"
    );

    let doc = json_output(
        ticketlint().current_dir(dir.path()).args([
            "--select", "shouting", "--format", "sarif", "qp.eml", "b64.eml",
        ]),
        1,
    );
    let locations: Vec<&Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0])
        .collect();
    assert_eq!(
        locations[0]["physicalLocation"]["region"],
        json!({"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 23})
    );
    assert_eq!(
        locations[1]["physicalLocation"]["region"],
        json!({"startLine": 8})
    );
    assert!(locations[2]["physicalLocation"].get("region").is_none());
    assert_eq!(
        locations[2]["message"]["text"],
        "decoded email, line 5, column 1"
    );
}

#[test]
fn ndjson_findings_name_the_record_and_ticket_in_every_format() {
    let stream = concat!(
        r#"{"id": "T-7", "body": "fine, thanks"}"#,
        "\n",
        r#"{"id": 881, "body": "Hello.\nPLEASE CALL ME BACK ABOUT MY INVOICES TODAY"}"#,
        "\n",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "export.ndjson", stream);
    let run = |format: &str| {
        let out = ticketlint()
            .current_dir(dir.path())
            .args([
                "--input-format",
                "ndjson",
                "--select",
                "shouting",
                "--format",
                format,
            ])
            .arg("export.ndjson")
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let human = run("human");
    assert!(
        human.contains("export.ndjson:2 (ticket 881, line 2, column 1): warning[shouting]"),
        "{human}"
    );
    assert!(human.contains("in 1 of 2 tickets."), "{human}");
    let github = run("github");
    assert!(
        github.starts_with("::warning file=export.ndjson,line=2,title=shouting::"),
        "{github}"
    );
    assert!(
        github.contains("(ticket 881, line 2, column 1)"),
        "{github}"
    );
    let doc = json_of(run("sarif").as_bytes());
    let location = &doc["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["physicalLocation"]["region"],
        json!({"startLine": 2})
    );
    assert_eq!(location["logicalLocations"][0]["name"], "881");
    assert_eq!(location["message"]["text"], "ticket 881, line 2, column 1");
    let json = json_of(run("json").as_bytes());
    assert_eq!(json["files"][0]["path"], "export.ndjson:1");
    assert_eq!(json["files"][1]["path"], "export.ndjson:2");
}

#[test]
fn custom_rules_of_a_folders_configuration_reach_sarif_from_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team/ticketlint.toml",
        std::fs::read("tests/cmd/custom-rules.in/ticketlint.toml").unwrap(),
    );
    write(dir.path(), "team/a.txt", "my order is late\n");
    write(
        dir.path(),
        "other/b.txt",
        "my order is late, please check\n",
    );
    let doc = json_output(
        ticketlint()
            .current_dir(dir.path())
            .args(["--format", "sarif", "team", "other"]),
        1,
    );
    let run = &doc["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "order-number");
    let index = result["ruleIndex"].as_u64().expect("a ruleIndex") as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "order-number");
    // Ignoring it from outside its folder is not an unknown rule.
    ticketlint()
        .current_dir(dir.path())
        .args(["--ignore", "order-number", "team", "other"])
        .assert()
        .code(0);
}

#[test]
fn explain_falls_back_to_english_and_says_so_when_a_pack_lacks_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    for code in ["en", "ru", "uk"] {
        let mut text = std::fs::read_to_string(format!("rules/{code}.toml")).unwrap();
        if code == "uk" {
            // The pack without its `[docs.*]` tables, which come last.
            text.truncate(text.find("[docs.").unwrap());
        }
        write(dir.path(), &format!("{code}.toml"), text);
    }
    let explain = |lang: &str| {
        let mut cmd = ticketlint();
        cmd.arg("--rules")
            .arg(dir.path())
            .args(["explain", "shouting", "--message-lang", lang]);
        cmd
    };
    explain("uk")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## What it does"))
        .stderr(predicate::str::contains("uk.toml").and(predicate::str::contains("English")));
    explain("ru")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Что проверяет"))
        .stderr(predicate::str::is_empty());

    // The same pack has no `[reply]` either (it comes after the docs): the
    // draft is in English.
    ticketlint()
        .arg("--rules")
        .arg(dir.path())
        .args(["reply", "-"])
        .write_stdin("Доброго дня. У нас нічого не працює, розберіться.")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("Hello,").and(predicate::str::contains("example")));

    // Documentation for a rule that does not exist is an error naming the file.
    let ru = std::fs::read_to_string("rules/ru.toml").unwrap();
    write(
        dir.path(),
        "ru.toml",
        ru.replace("[docs.shouting]", "[docs.shoutin]"),
    );
    explain("ru")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ru.toml").and(predicate::str::contains("docs.shoutin")));
}

#[test]
fn inspect_shows_fields_turns_and_boilerplate() {
    let text = "Chat ID: 7f3a9c21\n[09:41] Visitor: nothing works on your site\n[09:42] Agent (Trackly): When did you first notice it?\n[09:43] Visitor: since this morning\n[09:44] Agent (Trackly): Is there anything else I can help you with?\n";
    let doc = json_output(
        ticketlint()
            .args(["inspect", "--format", "json", "-"])
            .write_stdin(text),
        0,
    );
    let kinds: Vec<&str> = doc["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    for kind in ["field", "own", "quoted", "boilerplate"] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    let turns = doc["turns"].as_array().unwrap();
    let sides: Vec<&str> = turns.iter().map(|t| t["side"].as_str().unwrap()).collect();
    assert_eq!(sides, ["customer", "support", "customer", "support"]);
    assert_eq!(turns[1]["speaker"], "Agent (Trackly)");
    assert_eq!(turns[1]["stamp"], "09:42");
    let start = turns[2]["start"].as_u64().unwrap() as usize;
    let end = turns[2]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "since this morning");
    // The agent's question is answered by the customer's later turn.
    let questions = doc["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0]["answered"], true);
    // The human report names the turns too.
    let output = ticketlint()
        .args(["inspect", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("turns:") && stdout.contains("support  Agent (Trackly) [09:42]"),
        "{stdout}"
    );
}
