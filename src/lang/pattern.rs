//! A compiled phrase pattern: one regex per category over all packs, matched
//! on case-folded text as whole words.
//!
//! Case-insensitive Unicode regexes with Unicode word boundaries take a long
//! time to compile, and they are compiled at every start. So the text is folded
//! to lower case instead (keeping every byte offset), `\w` means a letter of the
//! scripts the packs use, and word boundaries are checked around each match.
//!
//! Patterns are asked about short texts (a sentence, a line, a question)
//! hundreds of times per ticket, so the regex runs without a literal
//! prefilter: on a few dozen bytes the lazy DFA alone answers sooner than a
//! prefilter followed by a reverse scan, and the prefilter costs time to build
//! at every start.

use std::borrow::Cow;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::ops::Range;

use regex_automata::meta;
use regex_automata::{Anchored, Input, util::syntax};

/// What `\w` and `\d` stand for inside pack patterns: letters of the scripts
/// the packs use, digits, `_` and apostrophes (doesn't, п'ять).
const WORD_CLASS: &str = r"[0-9a-z_'’\x{00DF}-\x{00FF}\x{0430}-\x{045F}\x{0491}]";
/// A character that cannot continue a word (apostrophes can: "don't").
const NOT_WORD: &str = r"[^0-9A-Za-z_\x{00C0}-\x{00FF}\x{0400}-\x{045F}\x{0490}\x{0491}]";
const DIGIT_CLASS: &str = "[0-9]";
/// Room for the lazy DFA of one category: enough that it is not rebuilt
/// again and again on long tickets.
const DFA_CACHE: usize = 32 << 20;

/// How far from where a search starts a match may end for its start to be
/// found by anchored tries rather than a reverse scan: sentence-sized.
const NEAR: usize = 512;

#[derive(Debug, Clone)]
pub struct Pattern {
    regex: meta::Regex,
}

impl Pattern {
    /// Compiles alternatives written by pack authors.
    pub fn new(alternatives: &[String]) -> Result<Pattern, Box<meta::BuildError>> {
        let source = source(alternatives);
        Ok(Pattern {
            // The `regex` crate's defaults, but no automatic prefilter.
            regex: meta::Builder::new()
                .configure(
                    meta::Config::new()
                        .auto_prefilter(false)
                        .hybrid_cache_capacity(DFA_CACHE),
                )
                .syntax(syntax::Config::new())
                .build(&source)
                .map_err(Box::new)?,
        })
    }

    /// Checks the shape of one pattern on its own (brackets, escapes,
    /// repetitions) without resolving its classes: cheap enough for every
    /// alternative at every start. `\w` and `\d` have the same shape as the
    /// classes they stand for, so the pattern is checked as written.
    pub fn check_shape(pattern: &str) -> Result<(), Box<regex_syntax::ast::Error>> {
        regex_syntax::ast::parse::Parser::new()
            .parse(pattern)
            .map(|_| ())
            .map_err(Box::new)
    }

    /// Checks one pattern on its own in full, to name the one that makes a
    /// category fail to compile.
    pub fn check(pattern: &str) -> Result<(), Box<regex_syntax::Error>> {
        regex_syntax::Parser::new()
            .parse(&translate(pattern))
            .map(|_| ())
            .map_err(Box::new)
    }

    /// Whether there is a whole-word match: the boundaries are part of the
    /// regex, so no capture groups need resolving.
    pub fn is_match(&self, text: &str) -> bool {
        with_folded(text, |folded| self.regex.is_match(folded))
    }

    /// The first whole-word match, as a byte range into `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        with_folded(text, |folded| self.next_match(folded, 0))
    }

    /// Every whole-word match, in order, as byte ranges into `text`.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        with_folded(text, |folded| self.all_matches(folded))
    }

    fn all_matches(&self, folded: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = self.next_match(folded, pos) {
            // The separator after this match may start the next one.
            pos = if m.is_empty() {
                next_char(folded, m.end)
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
        // Where the first match ends: the forward lazy DFA alone, one pass
        // (most texts have no match).
        let end = self
            .regex
            .search_half(&Input::new(folded).span(pos..folded.len()))?
            .offset();
        let start = if end - pos <= NEAR {
            self.start_near(folded, pos, end)?
        } else {
            self.regex
                .search(&Input::new(folded).span(pos..end))?
                .start()
        };
        Some(match phrase_in(folded, start..end) {
            Some(phrase) => phrase,
            None => self.phrase_by_groups(folded, start..end)?,
        })
    }

    /// The phrase inside a match that sits at the text's start or end, where
    /// `^` or `$` may have stood for a boundary: group 1, resolved on the
    /// match alone.
    fn phrase_by_groups(&self, folded: &str, found: Range<usize>) -> Option<Range<usize>> {
        let mut caps = self.regex.create_captures();
        let input = Input::new(folded).span(found).anchored(Anchored::Yes);
        self.regex.search_captures(&input, &mut caps);
        caps.get_group(1).map(|m| m.range())
    }

    /// Where the match that ends at `end` starts, for a match near `pos`:
    /// the first place from which an anchored search matches. A match opens
    /// at the text's start or on a character that is not part of a word, so
    /// only those places are tried, and each try stops at `end`.
    ///
    /// Finding the start by a reverse scan costs more on short texts: the
    /// reverse automaton of a thousand alternatives builds its states
    /// slowly. On long ones, though, tries from many places could each run
    /// far, so past [`NEAR`] the reverse scan is used.
    fn start_near(&self, folded: &str, pos: usize, end: usize) -> Option<usize> {
        folded[pos..end]
            .char_indices()
            .filter(|&(i, c)| pos + i == 0 || !is_word_char(c))
            .map(|(i, _)| pos + i)
            .chain(std::iter::once(end))
            .find(|&at| {
                let input = Input::new(folded).span(at..end).anchored(Anchored::Yes);
                self.regex.search_half(&input).is_some()
            })
    }
}

/// The phrase inside a whole-word match, a boundary on each side, when the
/// boundaries can be told without the regex: inside the text each is one
/// character; at its edges, a word character next to the edge means `^` or `$`
/// stood for the boundary. `None` when the edge has a non-word character,
/// which may be the boundary or part of the phrase.
fn phrase_in(folded: &str, found: Range<usize>) -> Option<Range<usize>> {
    let matched = &folded[found.clone()];
    let (first, last) = (matched.chars().next()?, matched.chars().next_back()?);
    let start = match found.start {
        0 if is_word_char(first) => 0,
        0 => return None,
        at => at + first.len_utf8(),
    };
    let end = match found.end {
        at if at < folded.len() => at - last.len_utf8(),
        at if is_word_char(last) => at,
        _ => return None,
    };
    (start <= end).then_some(start..end)
}

/// A character that can continue a word: the complement of [`NOT_WORD`].
fn is_word_char(c: char) -> bool {
    matches!(c,
        '0'..='9' | 'A'..='Z' | 'a'..='z' | '_'
        | '\u{00C0}'..='\u{00FF}' | '\u{0400}'..='\u{045F}' | '\u{0490}' | '\u{0491}')
}

/// The regex of a category: its alternatives as whole words.
fn source(alternatives: &[String]) -> String {
    if alternatives.is_empty() {
        // Matches nothing.
        return r"([^\s\S])".to_string();
    }
    let joined: Vec<String> = alternatives
        .iter()
        .map(|a| format!("(?:{})", translate(a)))
        .collect();
    // A whole word: a non-word character (or the edge) on each side,
    // consumed around group 1, so that a shorter alternative cut off
    // inside a word gives way to a longer one.
    format!("(?:^|{NOT_WORD})({})(?:{NOT_WORD}|$)", joined.join("|"))
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

thread_local! {
    /// The text linted on this thread, folded once, while its [`FoldOnce`]
    /// guard lives.
    static FOLDED: RefCell<Option<Folded>> = const { RefCell::new(None) };
}

struct Folded {
    /// Where the original text starts in memory.
    start: usize,
    folded: String,
}

/// Folds a text once for all the pattern searches on its parts: while the
/// guard lives, a search on a slice of `text` (a sentence, a line) reads the
/// same slice of the folded copy instead of folding it again. Searches on
/// any other text fold it as before.
pub struct FoldOnce<'a> {
    previous: Option<Folded>,
    /// Set once the folded copy was given back and `previous` restored.
    ended: bool,
    /// Borrows the text, so it outlives the guard and its memory is not
    /// reused for another while the guard lives; and keeps the guard on the
    /// thread whose state it set.
    _text: PhantomData<(&'a str, *const ())>,
}

impl<'a> FoldOnce<'a> {
    pub fn new(text: &'a str) -> FoldOnce<'a> {
        FoldOnce::reuse(text, fold(text).into_owned())
    }

    /// A guard with `folded`, which [`into_folded`](Self::into_folded) gave
    /// back from an earlier guard over the same text; anything else (of
    /// another length) is folded again.
    pub(crate) fn reuse(text: &'a str, folded: String) -> FoldOnce<'a> {
        let folded = if folded.len() == text.len() {
            folded
        } else {
            fold(text).into_owned()
        };
        let folded = Folded {
            start: text.as_ptr() as usize,
            folded,
        };
        FoldOnce {
            previous: FOLDED.with(|f| f.replace(Some(folded))),
            ended: false,
            _text: PhantomData,
        }
    }

    /// Ends the guard and gives back the folded copy, so that a later guard
    /// over the same text need not fold it again.
    pub(crate) fn into_folded(mut self) -> String {
        self.ended = true;
        let previous = self.previous.take();
        FOLDED
            .with(|f| f.replace(previous))
            .map(|f| f.folded)
            .unwrap_or_default()
    }
}

impl Drop for FoldOnce<'_> {
    fn drop(&mut self) {
        if !self.ended {
            let previous = self.previous.take();
            FOLDED.with(|f| *f.borrow_mut() = previous);
        }
    }
}

/// Runs `search` on `text` folded: a slice of the folded copy when `text` is
/// part of the text a [`FoldOnce`] guard holds, else a fresh fold.
fn with_folded<R>(text: &str, search: impl FnOnce(&str) -> R) -> R {
    FOLDED.with(|f| {
        let current = f.borrow();
        if let Some(Folded { start, folded }) = current.as_ref() {
            let at = (text.as_ptr() as usize).wrapping_sub(*start);
            if let Some(slice) = at
                .checked_add(text.len())
                .and_then(|end| folded.get(at..end))
            {
                return search(slice);
            }
        }
        drop(current);
        search(&fold(text))
    })
}

/// Lower case only where the byte length stays the same, so offsets into the
/// folded text are offsets into the original. Patterns are matched on folded
/// text hundreds of times per ticket, so ASCII is folded in one sweep and
/// only the letters outside it are looked at one by one.
pub fn fold(text: &str) -> Cow<'_, str> {
    let Some(first) = first_upper(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = text.to_owned();
    out[first..].make_ascii_lowercase();
    // Then the capitals outside ASCII, each replaced in place by a lower-case
    // letter of the same length.
    let bytes = text.as_bytes();
    let mut i = first;
    while let Some(lead) = bytes[i..].iter().position(|&b| b >= 0xC0) {
        let at = i + lead;
        let c = text[at..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        let l = lower(c);
        if l != c {
            out.replace_range(at..at + len, l.encode_utf8(&mut [0; 4]));
        }
        i = at + len;
    }
    Cow::Owned(out)
}

/// The byte offset of the first capital letter, if any: one pass over the
/// bytes, decoding only characters outside ASCII and lower-case Cyrillic.
fn first_upper(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                return Some(i);
            }
            i += 1;
        } else if b == 0xD0 {
            // U+0400..U+042F are capitals; U+0430..U+043F are not.
            if bytes[i + 1] < 0xB0 {
                return Some(i);
            }
            i += 2;
        } else if b == 0xD1 && bytes[i + 1] < 0xA0 {
            // U+0440..U+045F: lower-case.
            i += 2;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            if is_upper(c) {
                return Some(i);
            }
            i += c.len_utf8().max(1);
        }
    }
    None
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

    /// Folding char by char through the Unicode-aware `lower`: what the
    /// byte-level fast paths must agree with.
    fn fold_by_chars(text: &str) -> String {
        if text.chars().any(is_upper) {
            text.chars().map(lower).collect()
        } else {
            text.to_string()
        }
    }

    #[test]
    fn byte_level_folding_agrees_with_char_folding() {
        // Every char of the Latin-1, Latin Extended, Greek and Cyrillic blocks,
        // and some that change length when lowered (İ, ẞ, Ⱥ).
        let all: String = ('\u{0}'..='\u{052F}')
            .chain(['İ', 'ẞ', 'Ⱥ', '’', '€', '😀'])
            .collect();
        assert_eq!(fold(&all), fold_by_chars(&all));
        for c in all.chars() {
            for text in [c.to_string(), format!("a{c}b"), format!("Я{c}")] {
                assert_eq!(fold(&text), fold_by_chars(&text), "{:?}", c);
                assert_eq!(fold(&text).len(), text.len());
            }
        }
    }

    /// Every match as the `regex` crate finds it with capture groups: what
    /// the anchored tries and the reverse scan must agree with.
    fn reference(alternatives: &[&str], text: &str) -> Vec<Range<usize>> {
        let alternatives: Vec<String> = alternatives.iter().map(|s| s.to_string()).collect();
        let regex = regex::Regex::new(&source(&alternatives)).unwrap();
        let folded = fold(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= folded.len() {
            let Some(caps) = regex.captures_at(&folded, pos) else {
                break;
            };
            let m = caps.get(1).unwrap().range();
            pos = if m.is_empty() {
                next_char(&folded, m.end)
            } else {
                m.end
            };
            out.push(m);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn matches_are_found_as_with_capture_groups(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("не".to_string()),
                    proptest::strategy::Just("работает".to_string()),
                    proptest::strategy::Just("Work".to_string()),
                    proptest::strategy::Just("workflow".to_string()),
                    proptest::strategy::Just("let us know".to_string()),
                    proptest::strategy::Just("any questions".to_string()),
                    proptest::strategy::Just(".".to_string()),
                    proptest::strategy::Just("x".repeat(600)),
                    "[a-zа-яА-Я ,.!?'’-]{0,12}",
                ],
                0..40,
            ),
            separators in proptest::collection::vec("[ \n,.!?-]{0,2}", 40),
        ) {
            let text: String = words
                .iter()
                .zip(&separators)
                .map(|(w, s)| format!("{w}{s}"))
                .collect();
            let alternatives = [
                "не\\s+работа\\w*",
                "work",
                "(?:let\\s+us\\s+know)[^.?!]*questions",
                "x+",
                "-",
            ];
            let p = pattern(&alternatives);
            proptest::prop_assert_eq!(p.find_iter(&text), reference(&alternatives, &text));
        }
    }

    #[test]
    fn searches_on_parts_of_a_text_folded_once_agree_with_folding_each() {
        let p = pattern(&["не\\s+работа\\w*", "error", "doesn't\\s+work"]);
        let text = "Привет. Всё НЕ РАБОТАЕТ!\nERROR 500, It DOESN'T WORK. не работает";
        let at = |s: &str| text.find(s).unwrap();
        let parts: Vec<&str> = [
            0..text.len(),
            at("НЕ")..at("!"),
            at("ERROR")..at(","),
            at("It")..text.len(),
            at("Всё")..at("Всё"),
        ]
        .into_iter()
        .map(|r| &text[r])
        .chain(text.split(['.', '\n']))
        .collect();
        let each: Vec<_> = parts
            .iter()
            .map(|t| (p.is_match(t), p.find_iter(t)))
            .collect();
        let once = {
            let _folded = FoldOnce::new(text);
            // A text that is not part of it is folded on its own.
            assert_eq!(p.find("ERROR"), Some(0..5));
            parts
                .iter()
                .map(|t| (p.is_match(t), p.find_iter(t)))
                .collect::<Vec<_>>()
        };
        assert_eq!(once, each);
        assert!(each.iter().filter(|(m, _)| *m).count() >= 4, "{each:?}");
    }

    #[test]
    fn a_folded_copy_given_back_serves_a_later_guard() {
        let text = "It DOESN'T WORK".to_string();
        let p = pattern(&["doesn't\\s+work"]);
        let folded = FoldOnce::new(&text).into_folded();
        assert_eq!(folded, "it doesn't work");
        assert!(FOLDED.with(|f| f.borrow().is_none()));
        let _again = FoldOnce::reuse(&text, folded);
        assert_eq!(p.find(&text[3..]), Some(0..12));
        // A copy that cannot be this text's is not used.
        drop(_again);
        let _other = FoldOnce::reuse(&text, String::new());
        assert_eq!(p.find(&text), Some(3..15));
    }

    #[test]
    fn a_guard_restores_the_one_it_replaced() {
        let outer = "ERROR outer".to_string();
        let p = pattern(&["error"]);
        let _a = FoldOnce::new(&outer);
        {
            let inner = "no match here".to_string();
            let _b = FoldOnce::new(&inner);
            assert!(!p.is_match(&inner));
        }
        assert_eq!(p.find(&outer[..5]), Some(0..5));
        FOLDED.with(|f| {
            assert_eq!(
                f.borrow().as_ref().map(|f| f.folded.as_str()),
                Some("error outer")
            )
        });
    }

    #[test]
    fn word_chars_are_the_complement_of_the_boundary_class() {
        let not_word = regex::Regex::new(&format!("^{NOT_WORD}$")).unwrap();
        for c in '\0'..='\u{2FFF}' {
            assert_eq!(is_word_char(c), !not_word.is_match(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn a_match_far_from_where_the_search_starts() {
        let p = pattern(&["error"]);
        let text = format!("{} error", "word ".repeat(1_000));
        assert_eq!(p.find(&text), Some(5_001..5_006));
    }

    #[test]
    fn a_cut_word_is_retried_further_on() {
        let p = pattern(&["work"]);
        assert_eq!(p.find("workflow work"), Some(9..13));
    }
}
