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

/// A fixed text to write over the file it was read from.
pub struct Rewrite<'a> {
    /// The text as it was read and linted.
    pub original: &'a str,
    /// The text with the fixes applied.
    pub fixed: &'a str,
    /// The encoding the file was read in, and whether it had a BOM.
    pub encoding: &'a str,
    pub bom: bool,
    /// `--encoding`, which the next run reads the file with too.
    pub forced: Option<&'static Encoding>,
}

/// Why a file was not fixed.
#[derive(Debug, PartialEq, Eq)]
pub enum NotFixed {
    /// Fixing would change bytes outside the fixes' spans, or the file
    /// changed while it was linted: the file is left as it is (a note).
    Skipped(String),
    /// The file could not be written (an error; the run goes on).
    Failed(String),
}

/// Writes `rewrite.fixed` over the file at `path`, changing no byte outside
/// the fixes' spans, or leaves the file as it is and says why.
///
/// - The file is read again and must hold exactly the bytes the original
///   text encodes to: bytes that did not decode (they would come back as
///   U+FFFD) or an edit made while the run was going skip the fix.
/// - The fixed text must fit the file's encoding and be read back by the
///   next run as the same text in the same encoding.
/// - A symlink is followed and its target fixed; a file with other hard
///   links is rewritten in place so that the links stay; otherwise a new
///   file, created exclusively under a random name beside the target, takes
///   the target's mode and owner and is renamed over it.
pub fn rewrite(path: &Path, rewrite: &Rewrite) -> Result<(), NotFixed> {
    let skipped = |why: String| Err(NotFixed::Skipped(why));
    let target = std::fs::canonicalize(path)
        .map_err(|e| NotFixed::Failed(format!("cannot resolve the path: {}", io_reason(&e))))?;
    let Ok(before) = encode(rewrite.original, rewrite.encoding, rewrite.bom) else {
        return skipped(format!(
            "it holds bytes that are not {}; a fix would rewrite them",
            rewrite.encoding
        ));
    };
    let after = match encode(rewrite.fixed, rewrite.encoding, rewrite.bom) {
        Ok(bytes) => bytes,
        Err(e) => return skipped(e),
    };
    // The next run must read the fixed file as the fixed text.
    match crate::input::decode::decode(&after, rewrite.forced) {
        Ok(d) if d.text == rewrite.fixed => {}
        Ok(d) if d.encoding != rewrite.encoding => {
            return skipped(format!(
                "after the fix the file would be read as {}, not {}",
                d.encoding, rewrite.encoding
            ));
        }
        Ok(_) => {
            return skipped(format!(
                "the fixed text would not read back the same in {}",
                rewrite.encoding
            ));
        }
        Err(e) => return skipped(format!("after the fix the file would be read as {e}")),
    }

    let (current, meta) = read_with_metadata(&target)
        .map_err(|e| NotFixed::Failed(format!("cannot read it again: {}", io_reason(&e))))?;
    if current != before {
        let same_text = crate::input::decode::decode(&current, rewrite.forced)
            .is_ok_and(|d| d.text == rewrite.original);
        return skipped(if same_text {
            format!(
                "it holds bytes that are not {}; a fix would rewrite them",
                rewrite.encoding
            )
        } else {
            "it changed while it was being linted".into()
        });
    }
    match write_over(&target, &meta, &after) {
        Ok(true) => Ok(()),
        Ok(false) => skipped("it changed while it was being linted".into()),
        Err(e) => Err(NotFixed::Failed(format!("cannot write: {}", io_reason(&e)))),
    }
}

fn read_with_metadata(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok((bytes, meta))
}

/// The file still is what was read: same length and modification time.
fn unchanged(path: &Path, meta: &std::fs::Metadata) -> std::io::Result<bool> {
    let now = std::fs::metadata(path)?;
    Ok(now.len() == meta.len() && now.modified().ok() == meta.modified().ok())
}

/// Replaces the target's bytes; `false` if it changed since `meta` was taken.
fn write_over(target: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Write;
    if hard_links(meta) > 1 {
        // Renaming would cut the other links off: write the file itself.
        if !unchanged(target, meta)? {
            return Ok(false);
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(target)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        return Ok(true);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".ticketlint-fix")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    keep_owner(tmp.as_file(), meta);
    tmp.as_file().sync_all()?;
    if !unchanged(target, meta)? {
        return Ok(false);
    }
    tmp.persist(target).map(|_| true).map_err(|e| e.error)
}

#[cfg(unix)]
fn hard_links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

/// The new file gets the old one's owner and group where the user may set
/// them (as root, or a group the user is in); otherwise it stays the user's.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) {}

/// An I/O error's reason without Rust's "(os error N)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
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

    fn rewriting<'a>(original: &'a str, fixed: &'a str, encoding: &'a str) -> Rewrite<'a> {
        Rewrite {
            original,
            fixed,
            encoding,
            bom: false,
            forced: None,
        }
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "LOUD, edited meanwhile\n").unwrap();
        let result = rewrite(&path, &rewriting("LOUD\n", "Loud\n", "utf-8"));
        assert_eq!(
            result,
            Err(NotFixed::Skipped(
                "it changed while it was being linted".into()
            ))
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"LOUD, edited meanwhile\n");
    }

    #[test]
    fn a_fix_that_would_read_back_as_another_encoding_is_skipped() {
        // KOI8-R capitals read back as windows-1255: the next run would see
        // Hebrew where the fix wrote Russian.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        let original = encode("Привет всем", "koi8-r", false).unwrap();
        std::fs::write(&path, &original).unwrap();
        let result = rewrite(&path, &rewriting("Привет всем", "ПРИВЕТ ВСЕМ", "koi8-r"));
        assert!(
            matches!(&result, Err(NotFixed::Skipped(why)) if why.contains("would be read as windows-1255")),
            "{result:?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), original);
    }

    #[test]
    fn a_file_that_reads_back_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, encode("ПРИВЕТ всем", "windows-1251", false).unwrap()).unwrap();
        let result = rewrite(
            &path,
            &rewriting("ПРИВЕТ всем", "Привет всем", "windows-1251"),
        );
        assert_eq!(result, Ok(()));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            encode("Привет всем", "windows-1251", false).unwrap()
        );
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
