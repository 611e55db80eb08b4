//! Positions in text: byte offsets to 1-based lines and columns; lines and
//! sentences.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[.!?…]+\s+").unwrap());

/// Maps byte offsets to line and column numbers. Built once per text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    /// `(byte offset, chars before it)` every [`MARK_EVERY`] bytes or so, on
    /// char boundaries: a column on a long line is counted from the nearest
    /// mark, not from the line's start.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two marks of a [`LineIndex`].
const MARK_EVERY: usize = 4096;

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = vec![(0, 0)];
        let mut at = 0;
        while at + MARK_EVERY < text.len() {
            let next = floor_char_boundary(text, at + MARK_EVERY);
            let chars = marks.last().map_or(0, |m| m.1) + text[at..next].chars().count();
            marks.push((next, chars));
            at = next;
        }
        Self { starts, marks }
    }

    /// How many chars come before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let (at, chars) = self.marks[self.marks.partition_point(|m| m.0 <= offset) - 1];
        chars + text[at..offset].chars().count()
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Where 0-based `line` starts, or `end` if the text has no such line.
    pub fn line_start_or_end(&self, line: usize, end: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(end)
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: if offset - start < MARK_EVERY {
                text[start..offset].chars().count() + 1
            } else {
                self.chars_before(text, offset) - self.chars_before(text, start) + 1
            },
        }
    }
}

/// The largest char boundary not above `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Iterates over lines as `(start, end)` byte ranges, without the line break
/// (`\n` or `\r\n`).
pub fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos > text.len() || (pos == text.len() && !text.is_empty() && text.ends_with('\n')) {
            return None;
        }
        let start = pos;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        pos = end + 1;
        let trimmed = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, trimmed))
    })
}

/// Sentences by Unicode rules, also split after `.`, `!` or `?` followed by a
/// space: a shouted sentence followed by a calm one in lower case is two.
pub fn split_sentences(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (offset, sentence) in line.split_sentence_bound_indices() {
        split_at_ends(offset, sentence, &mut out);
    }
    out
}

/// Unicode sentences (UAX #29) of each line of each range of `text`, as byte
/// ranges of `text` in order. Finding them is the slowest pass over a
/// ticket's text, and several stages read the same lines: they take them
/// from here through [`split_sentences_known`].
pub fn unicode_sentences(
    text: &str,
    ranges: impl IntoIterator<Item = Range<usize>>,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for range in ranges {
        for (start, end) in line_ranges(&text[range.clone()]) {
            let from = range.start + start;
            out.extend(
                text[from..range.start + end]
                    .split_sentence_bound_indices()
                    .map(|(i, s)| from + i..from + i + s.len()),
            );
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// [`split_sentences`] of the line `text[line]`, whose Unicode sentences are
/// among `known` (from [`unicode_sentences`]); found afresh if they are not.
pub fn split_sentences_known<'t>(
    text: &'t str,
    line: Range<usize>,
    known: &[Range<usize>],
) -> Vec<(usize, &'t str)> {
    let first = known.partition_point(|s| s.start < line.start);
    let inside = known[first..]
        .iter()
        .take_while(|s| s.end <= line.end && s.start < line.end);
    let mut out = Vec::new();
    let mut covered = line.start;
    for s in inside {
        if s.start != covered {
            break;
        }
        split_at_ends(s.start - line.start, &text[s.clone()], &mut out);
        covered = s.end;
    }
    if covered != line.end {
        return split_sentences(&text[line]);
    }
    out
}

/// Splits one Unicode sentence, at `offset` in its line, after `.`, `!` or `?`
/// and spaces.
fn split_at_ends<'t>(offset: usize, sentence: &'t str, out: &mut Vec<(usize, &'t str)>) {
    let mut from = 0;
    for m in SENTENCE_END.find_iter(sentence) {
        out.push((offset + from, &sentence[from..m.end()]));
        from = m.end();
    }
    if from < sentence.len() {
        out.push((offset + from, &sentence[from..]));
    }
}

/// `char::is_alphabetic`, answered without the Unicode tables for ASCII and
/// Cyrillic: most letters of a ticket, and asked about in hot loops.
pub fn is_alphabetic(c: char) -> bool {
    match c {
        '\0'..='\x7F' => c.is_ascii_alphabetic(),
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, with the same shortcuts as [`is_alphabetic`].
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7F' => c.is_ascii_alphanumeric(),
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&SENTENCE_END);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sentences_split_as_sentences_found_afresh() {
        let text = "Subject: HELP\n  FIX IT NOW. anyway, thanks! Ok\n\nе.г. Дом 5. ЧТО?\n";
        let known = unicode_sentences(text, [0..13, 14..text.len()]);
        for (start, end) in line_ranges(text) {
            assert_eq!(
                split_sentences_known(text, start..end, &known),
                split_sentences(&text[start..end]),
                "{:?}",
                &text[start..end]
            );
        }
        // A line that is not among them is split on its own.
        assert_eq!(
            split_sentences_known(text, 9..13, &known[..0]),
            split_sentences("HELP")
        );
        assert_eq!(
            split_sentences_known(text, 16..27, &known),
            split_sentences("FIX IT NOW.")
        );
    }

    #[test]
    fn letter_shortcuts_agree_with_unicode() {
        for c in ('\0'..='\u{2FFF}').chain(['😀', '\u{10FFFF}']) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn positions_count_chars_not_bytes() {
        let text = "привет\nмир ok";
        let index = LineIndex::new(text);
        let ok = text.find("ok").unwrap();
        assert_eq!(index.position(text, ok), Position { line: 2, column: 5 });
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
    }

    #[test]
    fn columns_on_long_lines_count_from_marks_the_same() {
        let text = format!("ok\n{}", "ёж, ".repeat(5000));
        let index = LineIndex::new(&text);
        for offset in [3, 4000, 4099, 9001, 20_000, text.len()] {
            let offset = floor_char_boundary(&text, offset);
            let naive = text[3..offset].chars().count() + 1;
            assert_eq!(
                index.position(&text, offset),
                Position {
                    line: 2,
                    column: naive
                },
                "at {offset}"
            );
        }
    }

    #[test]
    fn sentences_split_after_punctuation_even_before_lower_case() {
        let s: Vec<_> = split_sentences("FIX IT NOW. anyway, thanks! Ok")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(s, ["FIX IT NOW. ", "anyway, thanks! ", "Ok"]);
    }

    #[test]
    fn line_ranges_strip_crlf() {
        let text = "a\r\nbb\nccc";
        let lines: Vec<_> = line_ranges(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(lines, ["a", "bb", "ccc"]);
        assert_eq!(line_ranges("x\n").count(), 1);
        assert_eq!(line_ranges("").count(), 1);
    }
}
