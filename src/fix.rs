//! Applying fixes: the diagnostics' replacements, written back in the file's
//! own encoding, BOM and line endings (`--fix`), or shown as a unified diff
//! (`--diff`).

use std::path::Path;

use encoding_rs::Encoding;
use similar::TextDiff;

use crate::diagnostic::{Applicability, Diagnostic};

/// The text with every applicable fix applied, and how many were. Fixes that
/// overlap an earlier one are left for the next run.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d.span, f)))
        .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let (mut pos, mut applied) = (0, 0);
    for (span, fix) in fixes {
        if span.start < pos {
            continue;
        }
        out.push_str(&text[pos..span.start]);
        out.push_str(&fix.replacement);
        pos = span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// How many fixes are unsafe, and so applied only with `--unsafe-fixes`.
pub fn unsafe_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count()
}

/// A unified diff between the text before and after fixing.
pub fn diff(name: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .header(name, name)
        .to_string()
}

/// Encodes `text` as the file was: the same encoding and BOM.
pub fn encode(text: &str, encoding: &str, bom: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() + 3);
    match encoding {
        "utf-16le" | "utf-16be" => {
            let le = encoding == "utf-16le";
            if bom {
                out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
        }
        _ => {
            let encoding = Encoding::for_label(encoding.as_bytes())
                .ok_or_else(|| format!("cannot write the `{encoding}` encoding"))?;
            if bom && encoding == encoding_rs::UTF_8 {
                out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            let (bytes, _, unmappable) = encoding.encode(text);
            if unmappable {
                return Err(format!(
                    "the fixed text does not fit the file's encoding ({})",
                    encoding.name()
                ));
            }
            out.extend_from_slice(&bytes);
        }
    }
    Ok(out)
}

/// Replaces `path`'s contents in one step: a sibling temporary file, renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.ticketlint-fix"));
    std::fs::write(&tmp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity, Span};

    fn fixing(span: Span, replacement: &str, applicability: Applicability) -> Diagnostic {
        Diagnostic::new("x", Severity::Warning, span, String::new()).with_fix(Fix {
            replacement: replacement.into(),
            applicability,
        })
    }

    #[test]
    fn applies_safe_fixes_and_unsafe_ones_when_asked() {
        let d = [
            fixing(Span::new(0, 5), "Hello", Applicability::Unsafe),
            fixing(Span::new(6, 11), "world", Applicability::Safe),
            fixing(Span::new(8, 9), "!", Applicability::Safe),
        ];
        assert_eq!(
            apply("HELLO WORLD\r\n", &d, false),
            ("HELLO world\r\n".into(), 1)
        );
        assert_eq!(
            apply("HELLO WORLD\r\n", &d, true),
            ("Hello world\r\n".into(), 2)
        );
    }

    #[test]
    fn encodes_back_as_the_file_was() {
        assert_eq!(encode("Да", "windows-1251", false).unwrap(), [0xC4, 0xE0]);
        assert_eq!(
            encode("a", "utf-8", true).unwrap(),
            [0xEF, 0xBB, 0xBF, b'a']
        );
        assert_eq!(
            encode("a", "utf-16le", true).unwrap(),
            [0xFF, 0xFE, b'a', 0]
        );
        assert!(encode("ї", "koi8-r", false).is_err());
    }

    #[test]
    fn diff_is_unified() {
        let d = diff("t.txt", "A\nLOUD\n", "A\nLoud\n");
        assert!(
            d.contains("--- t.txt") && d.contains("-LOUD") && d.contains("+Loud"),
            "{d}"
        );
    }
}
