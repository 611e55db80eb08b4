//! Suppressions written in the ticket itself, as HTML comments (which work in
//! plain text too):
//!
//! - `<!-- ticketlint-disable rule-id, … -->` … `<!-- ticketlint-enable rule-id -->`
//! - `<!-- ticketlint-disable-next-line rule-id -->`
//! - `<!-- ticketlint-disable-file -->`
//!
//! Without rule ids a comment covers every rule. A suppression that hides
//! nothing is itself reported, as `unused-suppression`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Span};
use crate::text::LineIndex;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*ticketlint-(disable-next-line|disable-file|disable|enable)((?:\s+[\w,\s-]*?)?)\s*-->").unwrap()
});

/// One comment that hides findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where the comment is.
    pub comment: Span,
    /// The rules it names; empty means every rule.
    pub rules: Vec<String>,
    /// The text it covers.
    pub covers: Span,
}

/// The suppressions written in `text`.
pub fn find(text: &str, lines: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Open `disable` comments waiting for their `enable`, by the rules they
    // name (`""`: every rule); each is closed once, by the first `enable`
    // that names one of its rules, and skipped where it is listed again.
    let mut open: Vec<Option<Suppression>> = Vec::new();
    let mut open_by_rule: HashMap<String, Vec<usize>> = HashMap::new();
    for c in DIRECTIVE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let comment = Span::new(whole.start(), whole.end());
        let rules: Vec<String> = c[2]
            .split([',', ' ', '\t', '\n'])
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect();
        match &c[1] {
            "disable-file" => out.push(Suppression {
                comment,
                rules,
                covers: Span::new(0, text.len()),
            }),
            "disable-next-line" => {
                let next = lines.line_of(comment.end) + 1;
                let start = lines.line_start_or_end(next, text.len());
                let end = lines.line_start_or_end(next + 1, text.len());
                out.push(Suppression {
                    comment,
                    rules,
                    covers: Span::new(start, end),
                });
            }
            "disable" => {
                let at = open.len();
                if rules.is_empty() {
                    open_by_rule.entry(String::new()).or_default().push(at);
                }
                for rule in &rules {
                    open_by_rule.entry(rule.clone()).or_default().push(at);
                }
                open.push(Some(Suppression {
                    comment,
                    rules,
                    covers: Span::new(comment.end, text.len()),
                }));
            }
            _ => {
                // `enable` closes the open `disable` comments it names, and
                // those that name no rule; without names, all of them.
                let closing: Vec<usize> = if rules.is_empty() {
                    open_by_rule.drain().flat_map(|(_, at)| at).collect()
                } else {
                    rules
                        .iter()
                        .map(String::as_str)
                        .chain([""])
                        .filter_map(|rule| open_by_rule.remove(rule))
                        .flatten()
                        .collect()
                };
                for at in closing {
                    if let Some(mut s) = open[at].take() {
                        s.covers.end = comment.start;
                        out.push(s);
                    }
                }
            }
        }
    }
    out.extend(open.into_iter().flatten());
    out.sort_by_key(|s| s.comment.start);
    out
}

/// Removes suppressed findings. Returns how many were removed and the
/// suppressions that removed none. Linear in findings and suppressions (with
/// a sort): a sweep over the text keeps count of the suppressions open at
/// each finding, per rule.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &[Suppression],
) -> (usize, Vec<Suppression>) {
    if suppressions.is_empty() {
        return (0, Vec::new());
    }
    // Where each rule's findings start, sorted; `""`: every finding.
    let mut starts: HashMap<&str, Vec<usize>> = HashMap::new();
    for d in diagnostics.iter() {
        starts.entry(d.rule).or_default().push(d.span.start);
        starts.entry("").or_default().push(d.span.start);
    }
    for list in starts.values_mut() {
        list.sort_unstable();
    }
    let hides_one = |rule: &str, covers: Span| {
        starts.get(rule).is_some_and(|list| {
            let i = list.partition_point(|&at| at < covers.start);
            i < list.len() && list[i] < covers.end
        })
    };
    let unused = suppressions
        .iter()
        .filter(|s| {
            if s.rules.is_empty() {
                !hides_one("", s.covers)
            } else {
                !s.rules.iter().any(|r| hides_one(r, s.covers))
            }
        })
        .cloned()
        .collect();

    // Opening and closing points of every suppression, in text order.
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(2 * suppressions.len());
    for (i, s) in suppressions.iter().enumerate() {
        if s.covers.start >= s.covers.end {
            continue;
        }
        events.push((s.covers.start, true, i));
        events.push((s.covers.end, false, i));
    }
    events.sort_unstable_by_key(|&(at, opens, _)| (at, opens));
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| diagnostics[i].span.start);
    let mut open: HashMap<&str, usize> = HashMap::new();
    let mut hidden = vec![false; diagnostics.len()];
    let mut next = 0;
    for i in order {
        let at = diagnostics[i].span.start;
        // Suppressions cover `start..end`: a closing point at the finding
        // has already closed; an opening point there has opened.
        while next < events.len() && events[next].0 <= at {
            let (_, opens, s) = events[next];
            let names = &suppressions[s].rules;
            let keys = names.iter().map(String::as_str);
            for key in keys.chain(names.is_empty().then_some("")) {
                let count = open.entry(key).or_default();
                if opens {
                    *count += 1;
                } else {
                    *count -= 1;
                }
            }
            next += 1;
        }
        let rule = diagnostics[i].rule;
        hidden[i] = open.get(rule).is_some_and(|&n| n > 0) || open.get("").is_some_and(|&n| n > 0);
    }
    let before = diagnostics.len();
    let mut flags = hidden.into_iter();
    diagnostics.retain(|_| !flags.next().unwrap_or(false));
    (before - diagnostics.len(), unused)
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&DIRECTIVE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn d(rule: &'static str, at: usize) -> Diagnostic {
        Diagnostic::new(
            rule,
            Severity::Warning,
            Span::new(at, at + 1),
            String::new(),
        )
    }

    #[test]
    fn disable_enable_next_line_and_file() {
        let text = "AAA\n<!-- ticketlint-disable shouting -->\nBBB\n<!-- ticketlint-enable shouting -->\nCCC\n<!-- ticketlint-disable-next-line -->\nDDD\nEEE\n";
        let s = find(text, &LineIndex::new(text));
        assert_eq!(s.len(), 2);
        let at = |needle: &str| text.find(needle).unwrap();
        let mut diags = vec![
            d("shouting", at("BBB")),
            d("shouting", at("CCC")),
            d("no-timestamp", at("BBB")),
            d("nothing-works", at("DDD")),
            d("nothing-works", at("EEE")),
        ];
        let (removed, unused) = apply(&mut diags, &s);
        assert_eq!(removed, 2);
        assert!(unused.is_empty());
        let left: Vec<_> = diags
            .iter()
            .map(|d| (d.rule, &text[d.span.start..d.span.end]))
            .collect();
        assert_eq!(
            left,
            [
                ("shouting", "C"),
                ("no-timestamp", "B"),
                ("nothing-works", "E")
            ]
        );

        let file = "<!-- ticketlint-disable-file -->\nx";
        let s = find(file, &LineIndex::new(file));
        let (removed, unused) = apply(&mut vec![d("shouting", 30)], &s);
        assert_eq!((removed, unused.len()), (1, 0));
    }

    /// The definition: a suppression hides a finding of a rule it names (or
    /// of any rule) that starts in the text it covers.
    fn hides(s: &Suppression, d: &Diagnostic) -> bool {
        (s.rules.is_empty() || s.rules.iter().any(|r| r == d.rule))
            && s.covers.start <= d.span.start
            && d.span.start < s.covers.end
    }

    #[test]
    fn the_sweep_agrees_with_the_definition() {
        // A small generator, so that the cases are the same on every run.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let rules = ["shouting", "no-timestamp", "nothing-works"];
        for _ in 0..500 {
            let suppressions: Vec<Suppression> = (0..next(6))
                .map(|_| {
                    let start = next(40);
                    Suppression {
                        comment: Span::new(0, 0),
                        rules: (0..next(3)).map(|_| rules[next(3)].to_string()).collect(),
                        covers: Span::new(start, start + next(15)),
                    }
                })
                .collect();
            let diags: Vec<Diagnostic> =
                (0..next(8)).map(|_| d(rules[next(3)], next(50))).collect();
            let expected_left: Vec<_> = diags
                .iter()
                .filter(|d| !suppressions.iter().any(|s| hides(s, d)))
                .cloned()
                .collect();
            let expected_unused: Vec<_> = suppressions
                .iter()
                .filter(|s| !diags.iter().any(|d| hides(s, d)))
                .cloned()
                .collect();
            let mut left = diags.clone();
            let (removed, unused) = apply(&mut left, &suppressions);
            assert_eq!(left, expected_left, "{suppressions:?} {diags:?}");
            assert_eq!(unused, expected_unused, "{suppressions:?} {diags:?}");
            assert_eq!(removed, diags.len() - expected_left.len());
        }
    }

    #[test]
    fn enable_closes_what_it_names_and_what_names_nothing() {
        let text = "<!-- ticketlint-disable shouting, no-timestamp -->\nA\n<!-- ticketlint-disable -->\nB\n<!-- ticketlint-disable nothing-works -->\nC\n<!-- ticketlint-enable no-timestamp -->\nD\n";
        let s = find(text, &LineIndex::new(text));
        let enable = text.find("<!-- ticketlint-enable").unwrap();
        let ends: Vec<_> = s.iter().map(|s| (s.rules.clone(), s.covers.end)).collect();
        assert_eq!(
            ends,
            vec![
                (
                    vec!["shouting".to_string(), "no-timestamp".to_string()],
                    enable
                ),
                (vec![], enable),
                (vec!["nothing-works".to_string()], text.len()),
            ]
        );
    }

    #[test]
    fn a_suppression_that_hides_nothing_is_unused() {
        let text = "<!-- ticketlint-disable-next-line shouting -->\ncalm text\n";
        let s = find(text, &LineIndex::new(text));
        let (removed, unused) = apply(&mut Vec::new(), &s);
        assert_eq!((removed, unused.len()), (0, 1));
    }
}
