//! Bytes to text: BOMs, UTF-8, UTF-16 and legacy Cyrillic encodings.
//!
//! Decoding never fails: bytes that do not fit the encoding become U+FFFD and
//! the result says so. Only binary data (NUL bytes outside UTF-16) is refused;
//! UTF-16 without a BOM is told from it by where its NUL bytes fall.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// A decoded input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding, lower-cased (`utf-8`, `windows-1251`, `koi8-r`…).
    pub encoding: String,
    /// A byte order mark was present (and is not part of `text`).
    pub bom: bool,
    /// Some bytes did not fit the encoding and were replaced by U+FFFD.
    pub lossy: bool,
}

/// Why bytes were not decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The data has NUL bytes and is not UTF-16 (with or without a byte order
    /// mark): it is not text.
    Binary,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary data (NUL bytes), not text"),
        }
    }
}

/// Looks up an encoding by any of its WHATWG labels (`cp1251`, `koi8-u`, `ibm866`…).
/// The labels of the WHATWG "replacement" encoding (`iso-2022-kr`,
/// `hz-gb-2312`…), which decodes any input to one U+FFFD, are not encodings
/// one can read a ticket in.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    encoding_or_why(label).ok()
}

/// [`encoding_for_label`], or why the label names no encoding to read with.
pub fn encoding_or_why(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(e) if e == encoding_rs::REPLACEMENT => Err(format!(
            "`{label}` cannot be decoded (WHATWG reads it as one replacement character); name the encoding the file is in"
        )),
        Some(e) => Ok(e),
        None => Err(format!("unknown encoding `{label}`")),
    }
}

/// Decodes `bytes`. With `forced`, that encoding is used unless a BOM says otherwise.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, &bytes[bom_len..], true));
    }
    if bytes.contains(&0) {
        return match utf16_without_bom(bytes) {
            Some(encoding) => Ok(decode_with(encoding, bytes, false)),
            None => Err(DecodeError::Binary),
        };
    }
    if let Some(encoding) = forced {
        return Ok(decode_with(encoding, bytes, false));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "utf-8".into(),
            bom: false,
            lossy: false,
        });
    }
    if is_mostly_utf8(bytes) {
        return Ok(decode_with(UTF_8, bytes, false));
    }
    Ok(decode_with(detect(bytes), bytes, false))
}

/// Well-formed non-ASCII characters per broken sequence above which bytes are
/// UTF-8 with damage rather than a legacy encoding. Legacy Cyrillic text forms
/// well-formed sequences only by chance: under one per two broken ones on
/// the corpus in windows-1251, KOI8 and IBM866.
const MOSTLY_UTF8: usize = 4;

/// UTF-8 with a few broken sequences (a stray byte, a file cut mid-character):
/// decoded as UTF-8 with the broken bytes replaced, not read as a legacy
/// encoding, which would garble every other character.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let (mut chars, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        chars += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    broken > 0 && chars >= MOSTLY_UTF8 * broken
}

/// How many bytes from the start are looked at to tell UTF-16 from binary data.
const UTF16_PREFIX: usize = 4096;
/// At most one NUL at the other parity per this many at the zero half of the
/// code units: U+0100, U+0400 or U+4E00 put a NUL in the other half.
const UTF16_STRAY_NULS: usize = 10;
/// At least one code unit in this many has its zero half: spaces, digits and
/// punctuation even in Cyrillic text. A stray NUL in ASCII text is not UTF-16.
const UTF16_MIN_NUL_SHARE: usize = 16;

/// UTF-16 without a byte order mark: its ASCII characters (spaces, digits,
/// punctuation in Cyrillic text) have a zero high byte, so NUL bytes fall at
/// odd positions (little-endian) or even ones (big-endian), almost never at
/// both; and the prefix then decodes, without a malformed unit, to text
/// without control characters.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let prefix = &bytes[..bytes.len().min(UTF16_PREFIX) & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in prefix.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let units = prefix.len() / 2;
    let dense = |nuls: usize| nuls > 0 && nuls * UTF16_MIN_NUL_SHARE >= units;
    let encoding = if dense(odd) && even * UTF16_STRAY_NULS <= odd {
        UTF_16LE
    } else if dense(even) && odd * UTF16_STRAY_NULS <= even {
        UTF_16BE
    } else {
        return None;
    };
    // The prefix may end inside a surrogate pair: leave its first half out.
    let last = prefix.len().checked_sub(2).map(|i| {
        let unit = [prefix[i], prefix[i + 1]];
        if encoding == UTF_16LE {
            u16::from_le_bytes(unit)
        } else {
            u16::from_be_bytes(unit)
        }
    });
    let prefix = match last {
        Some(0xD800..=0xDBFF) if prefix.len() < bytes.len() => &prefix[..prefix.len() - 2],
        _ => prefix,
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(prefix)?;
    let is_text = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c');
    text.chars().all(is_text).then_some(encoding)
}

/// Guesses the legacy encoding of bytes that are not valid UTF-8: the
/// detector's guess, unless another encoding of its family reads the text
/// with fewer oddities (see [`oddities`]). The detector weighs byte
/// statistics, so one byte that is undefined in the right encoding (0x98 in
/// windows-1251) can tip it to a reading in which every word is garbled.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    // UTF-16 without a BOM is never guessed; anything else the detector knows is fine.
    if guess == UTF_16LE || guess == UTF_16BE {
        return UTF_8;
    }
    let Some(family) = FAMILIES.iter().find(|f| f.contains(&guess)) else {
        return guess;
    };
    let sample = &bytes[..bytes.len().min(ODDITY_SAMPLE)];
    let score =
        |encoding: &'static Encoding| oddities(&encoding.decode_without_bom_handling(sample).0);
    let mut best = (guess, score(guess));
    for &candidate in family.iter().filter(|&&e| e != guess) {
        let odd = score(candidate);
        // Only a clearly better reading displaces the detector's.
        if odd * 2 < best.1 {
            best = (candidate, odd);
        }
    }
    best.0
}

/// Single-byte encodings that read the same bytes as different letters of
/// one script: a text in one of them is checked against the others.
const FAMILIES: &[&[&Encoding]] = &[
    &[
        encoding_rs::WINDOWS_1251,
        encoding_rs::KOI8_U,
        encoding_rs::KOI8_R,
        encoding_rs::IBM866,
        encoding_rs::ISO_8859_5,
        encoding_rs::X_MAC_CYRILLIC,
    ],
    &[
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1257,
        encoding_rs::WINDOWS_1254,
        encoding_rs::ISO_8859_2,
        encoding_rs::ISO_8859_15,
    ],
];

/// How much of a file is read to compare readings: enough for a ticket.
const ODDITY_SAMPLE: usize = 64 << 10;

/// What a wrong reading of legacy bytes produces and text rarely holds:
/// control characters and replacement characters, symbols and letters of
/// other scripts (box drawing, `≤`, Greek in a Cyrillic text), and words
/// whose case flips inside them (`дНАПШИ` for «Добрый» read as KOI8).
fn oddities(text: &str) -> usize {
    const PUNCTUATION: &str = "«»„“”‘’‚–—…№°·•€£§©®™±×÷¡¿\u{a0}";
    let mut odd = 0;
    let mut prev_lower = false;
    let mut flipped = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            if !c.is_ascii() && !is_latin_or_cyrillic(c) {
                odd += 1;
            }
            if prev_lower && c.is_uppercase() && !flipped {
                odd += 1;
                flipped = true;
            }
            prev_lower = c.is_lowercase();
        } else {
            prev_lower = false;
            flipped = false;
            if !c.is_ascii() && !PUNCTUATION.contains(c)
                || c.is_control() && !c.is_ascii_whitespace()
            {
                odd += 1;
            }
        }
    }
    odd
}

fn is_latin_or_cyrillic(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{400}'..='\u{52f}' | '\u{1e00}'..='\u{1eff}')
        && c != '\u{d7}'
        && c != '\u{f7}'
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], bom: bool) -> Decoded {
    let (text, lossy) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name().to_ascii_lowercase(),
        bom,
        lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_as_is() {
        let d = decode("Привет, мир".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Привет, мир");
        assert_eq!(d.encoding, "utf-8");
        assert!(!d.bom && !d.lossy);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFhello", None).unwrap();
        assert_eq!(d.text, "hello");
        assert!(d.bom);
    }

    #[test]
    fn utf16_with_bom_decodes_despite_nuls() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Не працює".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "Не працює");
        assert_eq!(d.encoding, "utf-16le");
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_a_bom_is_text_in_both_byte_orders() {
        for (text, big_endian, name) in [
            ("Не працює оплата карткою з ранку", false, "utf-16le"),
            ("Не працює оплата карткою з ранку", true, "utf-16be"),
            ("Nothing works since the update.\r\n", false, "utf-16le"),
            ("Nothing works since the update.\r\n", true, "utf-16be"),
        ] {
            let d = decode(&utf16(text, big_endian), None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding.as_str()), (text, name));
            assert!(!d.bom && !d.lossy);
        }
    }

    #[test]
    fn nuls_at_one_parity_are_binary_unless_the_decode_is_text() {
        // A zero in every other byte, but the code units are control characters.
        let le: Vec<u8> = (0..64u8).flat_map(|i| [1 + i % 8, 0]).collect();
        assert_eq!(decode(&le, None), Err(DecodeError::Binary));
        let be: Vec<u8> = (0..64u8).flat_map(|i| [0, 1 + i % 8]).collect();
        assert_eq!(decode(&be, None), Err(DecodeError::Binary));
        // NULs at both parities: an image header.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        assert_eq!(decode(png, None), Err(DecodeError::Binary));
    }

    #[test]
    fn windows_1251_is_detected() {
        let text = "Добрый день! У нас ничего не работает после обновления, помогите пожалуйста.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, text);
    }

    #[test]
    fn koi8_r_is_detected() {
        let text = "Здравствуйте, не могу войти в личный кабинет, пишет неверный пароль.";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert!(d.encoding.starts_with("koi8"), "{}", d.encoding);
        assert_eq!(d.text, text);
    }

    #[test]
    fn a_stray_undefined_byte_does_not_flip_windows_1251_to_koi8() {
        // 0x98 is undefined in windows-1251 and a letter-like sign in KOI8-U.
        let text = "Добрый день! Не проходит оплата картой с утра, пишет «Отказ банка». \
                    Заказ 4471, проверьте, пожалуйста.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let mut bytes = bytes.into_owned();
        bytes.insert(20, 0x98);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.starts_with("Добрый день!"), "{}", d.text);
    }

    #[test]
    fn each_cyrillic_encoding_reads_as_itself() {
        let text = "Здравствуйте! Не могу войти в личный кабинет, пишет \"Неверный пароль\". \
                    Добрий день, не проходить оплата карткою, пишуть про помилку.";
        for encoding in [
            encoding_rs::WINDOWS_1251,
            encoding_rs::KOI8_U,
            encoding_rs::IBM866,
        ] {
            let (bytes, _, _) = encoding.encode(text);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.text, text, "{}", encoding.name());
        }
    }

    #[test]
    fn wrong_readings_are_odd() {
        let text = "Добрый день, ТОВ «Ромашка», рахунок № 12.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let right = oddities(&encoding_rs::WINDOWS_1251.decode(&bytes).0);
        let wrong = oddities(&encoding_rs::KOI8_U.decode(&bytes).0);
        assert_eq!(right, 0);
        assert!(wrong >= 4, "{wrong}");
        assert_eq!(oddities("Prix: 5 € — café, naïve"), 0);
        assert!(oddities("Ð\u{9d}ÐµÑ\u{82}") > 0);
    }

    #[test]
    fn forced_encoding_wins_over_detection() {
        let text = "Добрый день, не работает выгрузка отчёта.";
        let (bytes, _, _) = encoding_rs::IBM866.encode(text);
        let d = decode(&bytes, Some(encoding_for_label("cp866").unwrap())).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "ibm866");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"PNG\0\0\x01", None), Err(DecodeError::Binary));
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        // Read as windows-1252, one bad byte garbled the whole ticket.
        let d = decode(
            b"\xD0\x9D\xD0\x95 \xD0\xA0\xD0\x90\xD0\x91\xD0\x9E\xD0\xA2\xD0\x90\xD0\x95\xD0\xA2 \xFF \xD0",
            None,
        )
        .unwrap();
        assert_eq!(d.text, "НЕ РАБОТАЕТ \u{FFFD} \u{FFFD}");
        assert_eq!(d.encoding, "utf-8");
        assert!(d.lossy);
    }

    #[test]
    fn legacy_text_is_not_taken_for_damaged_utf8() {
        // "Ді" in windows-1251 happens to be a well-formed UTF-8 sequence.
        let text = "Ділянка не працює: зберігання звіту падає з помилкою.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&bytes, None).unwrap().text, text);
    }

    #[test]
    fn invalid_bytes_are_replaced_not_fatal() {
        let d = decode(b"ok \xFF\xFE\xFD", Some(UTF_8)).unwrap();
        assert!(d.lossy);
        assert!(d.text.starts_with("ok "));
    }
}
