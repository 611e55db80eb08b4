//! Splits the author's own text into issue candidates — list items,
//! paragraphs, and sentences that open with a marker ("also", "кроме того",
//! "по-друге") — and decides which of them are separate issues: each states
//! its own problem, request or question about its own subject.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Region, RegionKind};
use crate::diagnostic::Span;
use crate::lang::{Category, Packs};
use crate::text::{line_ranges, split_sentences_known};

/// What one issue asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    Problem,
    Request,
    Question,
}

/// One separate issue found in a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub kind: IssueKind,
    #[serde(flatten)]
    pub span: Span,
}

/// A list item: "1.", "2)", "a)", "-", "*", "•".
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[0-9]{1,2}[.)]|[a-zа-я]\)|[-*•—–])\s+\S").unwrap());

/// A numbered item: "1.", "2)".
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[0-9]{1,2}[.)]\s+\S").unwrap());

/// Lines shorter than this are not a paragraph wrapped over lines.
const WRAPPED_LINE: usize = 60;

/// Content words two candidates share when they speak of the same subject.
const SAME_SUBJECT_STEMS: usize = 2;

/// A line that only embeds an image.
static IMAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:!\[[^\]]*\]\([^)]*\)|<img(?-u:\b)[^>]*>)\s*$").unwrap()
});

/// The separate issues of a ticket, in text order. Fewer than two means one issue.
///
/// `sentences` are the Unicode sentences of the own lines
/// ([`unicode_sentences`](crate::text::unicode_sentences)).
pub fn find_issues(
    text: &str,
    regions: &[Region],
    sentences: &[Range<usize>],
    packs: &Packs,
) -> Vec<Issue> {
    let candidates = candidates(text, regions, sentences, packs);
    let mut issues: Vec<(Issue, HashSet<String>)> = Vec::new();
    let numbered_steps = is_numbered_procedure(text, &candidates, packs);
    for Candidate { span, marked } in candidates {
        let Some(kind) = classify(span.slice(text), packs) else {
            continue;
        };
        let stems = stems(span.slice(text), packs);
        // More about the issue before it: steps of one procedure; a sentence
        // that refers back ("after that"); an unmarked paragraph, unless it
        // turns from a problem to a request; the same kind about the same subject.
        if let Some((last, last_stems)) = issues.last_mut()
            && (numbered_steps
                || packs
                    .pattern(Category::SameIssue)
                    .is_match(span.slice(text))
                || (!marked && (last.kind == kind || !last_stems.is_disjoint(&stems)))
                || (last.kind == kind
                    && last_stems.intersection(&stems).count() >= SAME_SUBJECT_STEMS))
        {
            last.span = last.span.cover(span);
            last_stems.extend(stems);
            continue;
        }
        issues.push((Issue { kind, span }, stems));
    }
    issues.into_iter().map(|(issue, _)| issue).collect()
}

/// A stretch of own text that may hold one issue.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    span: Span,
    /// Opened by a list bullet or number, or by a marker ("also", "по-друге"):
    /// the author set it apart.
    marked: bool,
}

/// Candidates: list items, and paragraphs split where a sentence opens with a marker.
fn candidates(
    text: &str,
    regions: &[Region],
    sentences: &[Range<usize>],
    packs: &Packs,
) -> Vec<Candidate> {
    let marker = packs.pattern(Category::BundleMarker);
    // "A few things:" — then every line is its own candidate.
    let saved_up = packs.pattern(Category::SavedUp);
    let mut listing = false;
    let mut out: Vec<Candidate> = Vec::new();
    let mut current: Option<Candidate> = None;
    let flush = |current: &mut Option<Candidate>, out: &mut Vec<Candidate>| {
        if let Some(c) = current.take() {
            out.push(c);
        }
    };
    let extend = |current: Option<Candidate>, span: Span, marked: bool| match current {
        Some(c) => Candidate {
            span: c.span.cover(span),
            marked: c.marked,
        },
        None => Candidate { span, marked },
    };
    // Whether the line before ended a sentence (or was short, as in chat), so
    // that the next line starts a new candidate rather than continuing a
    // wrapped paragraph.
    let mut line_ended = true;
    for region in regions.iter().filter(|r| r.kind == RegionKind::Own) {
        for (start, end) in line_ranges(region.span.slice(text)) {
            let line = Span::new(region.span.start + start, region.span.start + end);
            let s = line.slice(text);
            if s.trim().is_empty() {
                flush(&mut current, &mut out);
                continue;
            }
            if IMAGE_LINE.is_match(s) {
                continue;
            }
            if ITEM.is_match(s) || listing {
                flush(&mut current, &mut out);
                current = Some(Candidate {
                    span: line,
                    marked: true,
                });
                continue;
            }
            if saved_up.is_match(s) {
                listing = true;
            }
            // A sentence opens a candidate when a marker starts it, or when it
            // turns to a how-to question or a request; a marker marks it.
            let mut from = line.start;
            let mut marked_rest = false;
            for (offset, sentence) in split_sentences_known(text, line.start..line.end, sentences) {
                let opens = marker
                    .find(sentence)
                    .is_some_and(|m| sentence[..m.start].trim().chars().count() <= 2);
                let kind = classify(sentence, packs);
                let turns = kind == Some(IssueKind::Request)
                    || (kind != Some(IssueKind::Problem) && opens_with_howto(sentence, packs));
                if !opens && !(turns && (offset > 0 || line_ended)) {
                    continue;
                }
                if offset > 0 {
                    current = Some(extend(
                        current,
                        Span::new(from, line.start + offset),
                        marked_rest,
                    ));
                }
                flush(&mut current, &mut out);
                from = line.start + offset;
                marked_rest = opens;
            }
            current = Some(extend(current, Span::new(from, line.end), marked_rest));
            let trimmed = s.trim_end();
            line_ended = trimmed.ends_with(['.', '!', '?', ':', ')', '»', '"'])
                || trimmed.chars().count() < WRAPPED_LINE;
        }
        flush(&mut current, &mut out);
    }
    flush(&mut current, &mut out);
    out.into_iter()
        .filter(|c| c.span.slice(text).chars().any(char::is_alphabetic))
        .collect()
}

/// Whether a candidate states a problem, a request or a question.
fn classify(text: &str, packs: &Packs) -> Option<IssueKind> {
    let excluded = packs.pattern(Category::NotFailure).find_iter(text);
    let counts = |m: &std::ops::Range<usize>| {
        !excluded
            .iter()
            .any(|x| x.start <= m.start && m.end <= x.end)
    };
    let failure = packs
        .pattern(Category::Failure)
        .find_iter(text)
        .iter()
        .any(counts)
        || packs
            .pattern(Category::Vague)
            .find_iter(text)
            .iter()
            .any(counts);
    if !failure && packs.pattern(Category::FollowUp).is_match(text) {
        // "Can you check?" asks about the issue before it.
        return None;
    }
    if failure {
        Some(IssueKind::Problem)
    } else if packs.pattern(Category::Request).is_match(text) {
        Some(IssueKind::Request)
    } else if text.contains('?') || opens_with_howto(text, packs) {
        Some(IssueKind::Question)
    } else {
        None
    }
}

/// A how-to question, by its first words ("how do I …", "как …", "як …").
fn opens_with_howto(text: &str, packs: &Packs) -> bool {
    const OPENING_CHARS: usize = 12;
    packs
        .pattern(Category::HowTo)
        .find(text)
        .is_some_and(|m| text[..m.start].chars().count() <= OPENING_CHARS)
}

/// Numbered items that are steps of one procedure: introduced as steps, or
/// with at most one of them stating an issue.
fn is_numbered_procedure(text: &str, candidates: &[Candidate], packs: &Packs) -> bool {
    let items: Vec<&str> = candidates
        .iter()
        .map(|c| c.span.slice(text))
        .filter(|s| NUMBERED.is_match(s))
        .collect();
    if items.len() < 2 {
        return false;
    }
    let intro = packs.pattern(Category::StepsIntro).is_match(text);
    let stating = items
        .iter()
        .filter(|s| classify(s, packs).is_some())
        .count();
    intro || stating <= 1
}

/// Crude stems of the content words: what a candidate is about.
fn stems(text: &str, packs: &Packs) -> HashSet<String> {
    packs.content_stems(text, &[Category::Failure, Category::Request])
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&ITEM);
    LazyLock::force(&NUMBERED);
    LazyLock::force(&IMAGE_LINE);
}
