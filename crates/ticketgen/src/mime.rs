//! Raw e-mail: RFC 5322 headers, RFC 2047 encoded words, MIME parts with
//! quoted-printable or base64 bodies. Lines end in CRLF, as on the wire.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 in lines of 76 characters, each ending in CRLF.
pub fn base64_lines(data: &[u8]) -> String {
    let encoded = base64(data);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}

/// Quoted-printable (RFC 2045): lines of at most 76 characters, soft breaks
/// with `=`, line ends kept as CRLF.
pub fn quoted_printable(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 2);
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut width = 0;
        for (j, &byte) in line.iter().enumerate() {
            let last = j + 1 == line.len();
            let literal = (byte == b' ' || byte == b'\t') && !last
                || (33..=126).contains(&byte) && byte != b'=';
            let piece = if literal {
                (byte as char).to_string()
            } else {
                format!("={byte:02X}")
            };
            if width + piece.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
    }
    out
}

/// A header value as RFC 2047 encoded words if it is not ASCII; `bytes` is
/// the value in `charset`. Words are split on character boundaries and
/// folded onto continuation lines.
pub fn encoded_words(value: &str, charset: &str, q: bool) -> String {
    if value.is_ascii() {
        return value.to_string();
    }
    let mut words = Vec::new();
    let mut piece = String::new();
    for c in value.chars() {
        piece.push(c);
        if piece.len() >= 30 {
            words.push(encode_word(&piece, charset, q));
            piece.clear();
        }
    }
    if !piece.is_empty() {
        words.push(encode_word(&piece, charset, q));
    }
    words.join("\r\n ")
}

fn encode_word(text: &str, charset: &str, q: bool) -> String {
    let bytes = encode(text, charset);
    if q {
        let mut s = String::new();
        for byte in bytes {
            match byte {
                b' ' => s.push('_'),
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b',' | b'-' => {
                    s.push(byte as char)
                }
                _ => s.push_str(&format!("={byte:02X}")),
            }
        }
        format!("=?{charset}?Q?{s}?=")
    } else {
        format!("=?{charset}?B?{}?=", base64(&bytes))
    }
}

/// Text in `charset` (`UTF-8` or a legacy label encoding_rs knows).
pub fn encode(text: &str, charset: &str) -> Vec<u8> {
    if charset.eq_ignore_ascii_case("utf-8") {
        return text.as_bytes().to_vec();
    }
    let encoding =
        encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.encode(text).0.into_owned()
}

/// How a text part's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    EightBit,
    QuotedPrintable,
    Base64,
}

impl Transfer {
    pub fn header(self) -> &'static str {
        match self {
            Transfer::EightBit => "8bit",
            Transfer::QuotedPrintable => "quoted-printable",
            Transfer::Base64 => "base64",
        }
    }

    /// The body in this transfer encoding, CRLF line ends.
    pub fn apply(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Transfer::EightBit => {
                let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 40);
                for &b in bytes {
                    if b == b'\n' {
                        out.push(b'\r');
                    }
                    out.push(b);
                }
                out
            }
            Transfer::QuotedPrintable => quoted_printable(bytes).into_bytes(),
            Transfer::Base64 => base64_lines(bytes).into_bytes(),
        }
    }
}

/// Escapes text for HTML and keeps its paragraphs and line breaks.
pub fn html(text: &str) -> String {
    let mut out = String::from("<html><body>\n");
    for para in text.split("\n\n") {
        out.push_str("<p>");
        for (i, line) in para.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            for c in line.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '"' => out.push_str("&quot;"),
                    _ => out.push(c),
                }
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn quoted_printable_escapes_and_wraps() {
        let qp = quoted_printable("a=b \nПривет".as_bytes());
        assert!(qp.starts_with("a=3Db=20\r\n=D0=9F"));
        let long = quoted_printable("x".repeat(200).as_bytes());
        assert!(long.split("\r\n").all(|l| l.len() <= 76));
    }
}
