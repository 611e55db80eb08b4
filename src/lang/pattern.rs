//! A compiled phrase pattern: one regex per category over all packs, matched
//! on case-folded text as whole words.
//!
//! Case-insensitive Unicode regexes with Unicode word boundaries take a long
//! time to compile, and they are compiled at every start. So the text is folded
//! to lower case instead (keeping every byte offset), `\w` means a letter of the
//! scripts the packs use, and word boundaries are checked around each match.

use std::borrow::Cow;
use std::ops::Range;

use regex::Regex;

/// What `\w` and `\d` stand for inside pack patterns: letters of the scripts
/// the packs use, digits, `_` and apostrophes (doesn't, п'ять).
const WORD_CLASS: &str = r"[0-9a-z_'’\x{00DF}-\x{00FF}\x{0430}-\x{045F}\x{0491}]";
/// A character that cannot continue a word (apostrophes can: "don't").
const NOT_WORD: &str = r"[^0-9A-Za-z_\x{00C0}-\x{00FF}\x{0400}-\x{045F}\x{0490}\x{0491}]";
const DIGIT_CLASS: &str = "[0-9]";
/// Room for the lazy DFA of one category: enough that it is not rebuilt
/// again and again on long tickets.
const DFA_CACHE: usize = 32 << 20;

#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
}

impl Pattern {
    /// Compiles alternatives written by pack authors.
    pub fn new(alternatives: &[String]) -> Result<Pattern, regex::Error> {
        let source = if alternatives.is_empty() {
            // Matches nothing.
            r"([^\s\S])".to_string()
        } else {
            let joined: Vec<String> = alternatives
                .iter()
                .map(|a| format!("(?:{})", translate(a)))
                .collect();
            // A whole word: a non-word character (or the edge) on each side,
            // consumed around group 1, so that a shorter alternative cut off
            // inside a word gives way to a longer one.
            format!("(?:^|{NOT_WORD})({})(?:{NOT_WORD}|$)", joined.join("|"))
        };
        Ok(Pattern {
            regex: regex::RegexBuilder::new(&source)
                .dfa_size_limit(DFA_CACHE)
                .build()?,
        })
    }

    /// Checks the syntax of one pattern on its own, for error messages that
    /// name it. Only parsed, not compiled: compiling each of a thousand
    /// alternatives would cost more than the whole lint of a ticket.
    pub fn check(pattern: &str) -> Result<(), Box<regex_syntax::Error>> {
        regex_syntax::Parser::new()
            .parse(&translate(pattern))
            .map(|_| ())
            .map_err(Box::new)
    }

    /// Whether there is a whole-word match: the boundaries are part of the
    /// regex, so no capture groups need resolving.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(&fold(text))
    }

    /// The first whole-word match, as a byte range into `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        let folded = fold(text);
        self.next_match(&folded, 0)
    }

    /// Every whole-word match, in order, as byte ranges into `text`.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        let folded = fold(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = self.next_match(&folded, pos) {
            // The separator after this match may start the next one.
            pos = if m.is_empty() {
                next_char(&folded, m.end)
            } else {
                m.end
            };
            out.push(m);
            if pos > folded.len() {
                break;
            }
        }
        out
    }

    fn next_match(&self, folded: &str, pos: usize) -> Option<Range<usize>> {
        // The lazy DFA finds where a match is (most texts have none); only
        // then are its groups resolved, starting right there.
        let found = self.regex.find_at(folded, pos)?;
        let caps = self.regex.captures_at(folded, found.start())?;
        caps.get(1).map(|m| m.range())
    }
}

/// Lets pack authors write `\w` and `\d` and means the narrow classes.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('w') => {
                    chars.next();
                    out.push_str(WORD_CLASS);
                    continue;
                }
                Some('d') => {
                    chars.next();
                    out.push_str(DIGIT_CLASS);
                    continue;
                }
                Some(&next) => {
                    chars.next();
                    out.push(c);
                    out.push(next);
                    continue;
                }
                None => {}
            }
        }
        out.push(c);
    }
    out
}

/// Lower case, char by char, only where the byte length stays the same, so
/// offsets into the folded text are offsets into the original.
pub fn fold(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_upper) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().map(lower));
    Cow::Owned(out)
}

fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{0400}'..='\u{042F}' => true,
        _ if c.is_ascii() || ('\u{0430}'..='\u{04FF}').contains(&c) && c != '\u{0490}' => false,
        _ => c.is_uppercase(),
    }
}

/// The lower-case letter of the same byte length, or `c` itself. Latin and
/// Cyrillic capitals are mapped directly; the rest through Unicode tables.
fn lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        // А..Я → а..я, Ѐ..Џ → ѐ..џ: fixed offsets in the Cyrillic block.
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        _ if c.is_ascii() => c,
        '\u{0430}'..='\u{045F}' => c,
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        }
    }
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(at + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(alternatives: &[&str]) -> Pattern {
        Pattern::new(
            &alternatives
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn whole_words_any_case_any_script() {
        let p = pattern(&["не\\s+работа\\w*", "error"]);
        assert_eq!(p.find("Всё НЕ РАБОТАЕТ"), Some(7..28));
        assert!(p.is_match("ERROR 500"));
        assert!(!p.is_match("errorless"));
        assert!(!p.is_match("terror"));
        assert_eq!(p.find_iter("error, not terror, error").len(), 2);
    }

    #[test]
    fn folding_covers_cyrillic_and_latin_capitals() {
        assert_eq!(
            fold("ЁЖИК ЇЖАК ҐАНОК Її Straße ÄÖ"),
            "ёжик їжак ґанок її straße äö"
        );
    }

    #[test]
    fn folding_keeps_offsets() {
        let text = "İstanbul ÄÖÜ ТЕСТ";
        assert_eq!(fold(text).len(), text.len());
        assert_eq!(fold("ТЕСТ"), "тест");
    }

    #[test]
    fn a_cut_word_is_retried_further_on() {
        let p = pattern(&["work"]);
        assert_eq!(p.find("workflow work"), Some(9..13));
    }
}
