//! Pasted technical text: application logs, access logs, stack traces,
//! JSON responses and curl commands. The same in every language.

use crate::rng::Rng;

const LEVELS: &[&str] = &["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
const THREADS: &[&str] = &[
    "main",
    "worker-1",
    "worker-3",
    "http-nio-8080-exec-7",
    "scheduler",
    "queue-2",
];
const LOGGERS: &[&str] = &[
    "payment.gateway",
    "invoice.sender",
    "auth.session",
    "sync.calendar",
    "api.v2.orders",
    "mailer.smtp",
    "import.csv",
    "db.pool",
];
const MESSAGES: &[&str] = &[
    "request completed in {ms}ms (status={status})",
    "timeout after {ms}ms talking to upstream (attempt {try}/3)",
    "retrying job id={id}",
    "connection reset by peer",
    "token expired for user_id={id}",
    "SMTP 550 5.1.1 recipient rejected",
    "pool exhausted: 20/20 connections in use",
    "processed {n} rows, {n} skipped",
    "invalid signature on webhook payload",
    "cache miss for key=session:{id}",
    "HTTP 502 from https://api.example.com/v2/charge",
    "SSL handshake failed: certificate has expired",
];
const PATHS: &[&str] = &[
    "/api/v2/orders",
    "/api/v2/invoices/send",
    "/login",
    "/oauth/token",
    "/export/csv",
    "/checkout/pay",
    "/webhooks/stripe",
];

/// A timestamp prefix's parts: year, month, day, hour, minute.
pub type Clock = (u32, u32, u32, u32, u32);

fn fill(template: &str, rng: &mut Rng) -> String {
    let mut out = template.to_string();
    while let Some(at) = out.find('{') {
        let Some(len) = out[at..].find('}') else {
            break;
        };
        let value = match &out[at + 1..at + len] {
            "ms" => rng.range(120, 30_000).to_string(),
            "status" => rng
                .pick(&["200", "201", "400", "401", "500", "502", "504"])
                .to_string(),
            "n" => rng.range(1, 5000).to_string(),
            "try" => rng.range(1, 3).to_string(),
            "id" => rng.range(10_000, 9_999_999).to_string(),
            _ => String::new(),
        };
        out.replace_range(at..=at + len, &value);
    }
    out
}

/// Application log lines, about `bytes` long in total (at least one line).
pub fn app_log(rng: &mut Rng, clock: Clock, bytes: usize) -> String {
    let (y, mo, d, h, mi) = clock;
    let mut out = String::new();
    let (mut minute, mut second, mut milli) = (mi, rng.below(60) as u32, rng.below(1000) as u32);
    while out.is_empty() || out.len() < bytes {
        let line = format!(
            "{y}-{mo:02}-{d:02}T{h:02}:{minute:02}:{second:02}.{milli:03}Z {:5} [{}] {}: {}\n",
            rng.pick(LEVELS),
            rng.pick(THREADS),
            rng.pick(LOGGERS),
            fill(rng.word(MESSAGES), rng)
        );
        out.push_str(&line);
        milli += rng.range(1, 900) as u32;
        second += milli / 1000;
        milli %= 1000;
        minute = (minute + second / 60) % 60;
        second %= 60;
    }
    out.pop();
    out
}

/// Web server access log lines.
pub fn access_log(rng: &mut Rng, clock: Clock, bytes: usize) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi) = clock;
    let mut out = String::new();
    let mut second = 0;
    while out.is_empty() || out.len() < bytes {
        out.push_str(&format!(
            "203.0.113.{} - - [{d:02}/{}/{y}:{h:02}:{mi:02}:{second:02} +0000] \"{} {} HTTP/1.1\" {} {} \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n",
            rng.range(2, 250),
            MONTHS[(mo - 1) as usize],
            rng.pick(&["GET", "POST", "GET", "PUT"]),
            rng.pick(PATHS),
            rng.pick(&["200", "200", "302", "499", "502", "504"]),
            rng.range(0, 48_000),
        ));
        second = (second + rng.range(0, 7)) % 60;
    }
    out.pop();
    out
}

/// A stack trace in the shape of one of three runtimes.
pub fn stack_trace(rng: &mut Rng) -> String {
    let depth = rng.range(3, 9);
    match rng.below(3) {
        0 => {
            let mut s = format!(
                "Exception in thread \"{}\" java.lang.IllegalStateException: {}\n",
                rng.pick(THREADS),
                rng.pick(&[
                    "Connection pool shut down",
                    "No session",
                    "Unexpected end of stream"
                ])
            );
            for _ in 0..depth {
                let class = rng.pick(&["InvoiceService", "SyncClient", "AuthHandler", "ExportJob"]);
                s.push_str(&format!(
                    "\tat com.example.{}.{class}.{}({class}.java:{})\n",
                    rng.pick(&["billing", "sync", "auth", "export"]),
                    rng.pick(&["run", "send", "handle", "execute"]),
                    rng.range(20, 900)
                ));
            }
            s.pop();
            s
        }
        1 => {
            let mut s = String::from("Traceback (most recent call last):\n");
            for _ in 0..depth {
                s.push_str(&format!(
                    "  File \"/app/{}.py\", line {}, in {}\n    {}\n",
                    rng.pick(&["sync/client", "billing/invoice", "api/views", "export/csv"]),
                    rng.range(10, 700),
                    rng.pick(&["send", "handle", "export_rows", "post"]),
                    rng.pick(&[
                        "response = session.post(url, json=payload)",
                        "rows = list(query)",
                        "return self._dispatch(request)"
                    ])
                ));
            }
            s.push_str(rng.word(&[
                "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443)",
                "KeyError: 'customer_id'",
                "ValueError: invalid literal for int() with base 10: ''",
            ]));
            s
        }
        _ => {
            let mut s = format!(
                "Uncaught {}\n",
                rng.pick(&[
                    "TypeError: Cannot read properties of undefined (reading 'id')",
                    "ReferenceError: config is not defined",
                    "Error: Network Error"
                ])
            );
            for _ in 0..depth {
                s.push_str(&format!(
                    "    at {} (https://app.example.com/static/js/main.{:x}.js:{}:{})\n",
                    rng.pick(&[
                        "Object.render",
                        "onClick",
                        "async submit",
                        "XMLHttpRequest.onload"
                    ]),
                    rng.next_u64() & 0xFF_FFFF,
                    rng.range(1, 9),
                    rng.range(100, 90_000)
                ));
            }
            s.pop();
            s
        }
    }
}

/// A JSON error response, pretty-printed.
pub fn json_response(rng: &mut Rng) -> String {
    format!(
        "{{\n  \"error\": {{\n    \"code\": \"{}\",\n    \"message\": \"{}\",\n    \"request_id\": \"req_{:016x}\"\n  }}\n}}",
        rng.pick(&[
            "invalid_request",
            "rate_limited",
            "unauthorized",
            "internal_error"
        ]),
        rng.pick(&[
            "Missing required field: customer_id",
            "Too many requests",
            "API key is invalid",
            "Something went wrong"
        ]),
        rng.next_u64()
    )
}

/// A curl command as customers paste it.
pub fn curl(rng: &mut Rng) -> String {
    format!(
        "curl -X POST https://api.example.com{} \\\n  -H \"Authorization: Bearer <TOKEN>\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{{\"customer_id\": {}, \"amount\": {}}}'",
        rng.pick(PATHS),
        rng.range(1000, 99_999),
        rng.range(1, 99_999)
    )
}
