//! Suppressions written in the ticket itself, as HTML comments (which work in
//! plain text too):
//!
//! - `<!-- ticketlint-disable rule-id, … -->` … `<!-- ticketlint-enable rule-id -->`
//! - `<!-- ticketlint-disable-line rule-id -->`: the line the comment is on
//! - `<!-- ticketlint-disable-next-line rule-id -->`
//! - `<!-- ticketlint-disable-file -->`
//!
//! Without rule ids a comment covers every rule; ` -- ` starts a reason
//! (`<!-- ticketlint-disable-line shouting -- a quoted notice -->`). A suppression that hides
//! nothing is itself reported, as `unused-suppression`, and so are a
//! directive that is not one of these and a rule id that names no rule.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Span};
use crate::text::LineIndex;

/// Every comment that starts with `ticketlint`: the directive (which may be
/// misspelt) and what follows it up to the end of the comment.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<!--\s*ticketlint(?:[-:]|\s+)?([\w-]*)([^>]*?)\s*-->").unwrap()
});

/// The directives, as written after `ticketlint-`.
pub const DIRECTIVES: &[&str] = &[
    "disable",
    "enable",
    "disable-line",
    "disable-next-line",
    "disable-file",
];

/// One comment that hides findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where the comment is.
    pub comment: Span,
    /// The rules it names; empty means every rule.
    pub rules: Vec<String>,
    /// Where each of `rules` is written in the comment.
    pub rule_spans: Vec<Span>,
    /// The text it covers.
    pub covers: Span,
}

/// A `ticketlint` comment whose directive is not one of [`DIRECTIVES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misspelt {
    pub comment: Span,
    /// The directive as written (`disabel`, `Disable`, or empty).
    pub directive: String,
}

/// The comments of a text: suppressions, and directives that are none.
#[derive(Debug, Default)]
pub struct Comments {
    pub suppressions: Vec<Suppression>,
    pub misspelt: Vec<Misspelt>,
}

/// The suppressions written in `text`.
pub fn find(text: &str, lines: &LineIndex) -> Vec<Suppression> {
    comments(text, lines).suppressions
}

/// The suppression comments of `text`, and the `ticketlint` comments whose
/// directive is misspelt.
pub fn comments(text: &str, lines: &LineIndex) -> Comments {
    let mut out = Vec::new();
    let mut misspelt = Vec::new();
    // Open `disable` comments waiting for their `enable`, by the rules they
    // name (`""`: every rule); each is closed once, by the first `enable`
    // that names one of its rules, and skipped where it is listed again.
    let mut open: Vec<Option<Suppression>> = Vec::new();
    let mut open_by_rule: HashMap<String, Vec<usize>> = HashMap::new();
    for c in DIRECTIVE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let comment = Span::new(whole.start(), whole.end());
        let directive = &c[1];
        if !DIRECTIVES.contains(&directive) {
            misspelt.push(Misspelt {
                comment,
                directive: directive.to_string(),
            });
            continue;
        }
        let names = c.get(2).unwrap();
        // After ` -- ` comes the reason for the comment, not rule ids.
        let (rules, rule_spans): (Vec<String>, Vec<Span>) = names
            .as_str()
            .split(|ch: char| ch == ',' || ch == ':' || ch.is_whitespace())
            .take_while(|r| *r != "--")
            .filter(|r| !r.is_empty())
            .map(|r| {
                // `r` is a piece of `names`: its offset is the distance between them.
                let at = names.start() + (r.as_ptr() as usize - names.as_str().as_ptr() as usize);
                (r.to_string(), Span::new(at, at + r.len()))
            })
            .unzip();
        let line = |n: usize| {
            Span::new(
                lines.line_start_or_end(n, text.len()),
                lines.line_start_or_end(n + 1, text.len()),
            )
        };
        let covering = |covers: Span| Suppression {
            comment,
            rules: rules.clone(),
            rule_spans: rule_spans.clone(),
            covers,
        };
        match directive {
            "disable-file" => out.push(covering(Span::new(0, text.len()))),
            "disable-line" => out.push(covering(line(lines.line_of(comment.start)))),
            "disable-next-line" => out.push(covering(line(lines.line_of(comment.end) + 1))),
            "disable" => {
                let at = open.len();
                if rules.is_empty() {
                    open_by_rule.entry(String::new()).or_default().push(at);
                }
                for rule in &rules {
                    open_by_rule.entry(rule.clone()).or_default().push(at);
                }
                open.push(Some(covering(Span::new(comment.end, text.len()))));
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
    Comments {
        suppressions: out,
        misspelt,
    }
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
                    let names: Vec<String> =
                        (0..next(3)).map(|_| rules[next(3)].to_string()).collect();
                    Suppression {
                        comment: Span::new(0, 0),
                        rule_spans: vec![Span::new(0, 0); names.len()],
                        rules: names,
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

    #[test]
    fn disable_line_covers_the_comments_own_line() {
        let text = "calm\nLOUD LINE <!-- ticketlint-disable-line shouting -->\nLOUD AGAIN\n";
        let s = find(text, &LineIndex::new(text));
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].covers.slice(text),
            "LOUD LINE <!-- ticketlint-disable-line shouting -->\n"
        );
    }

    #[test]
    fn misspelt_directives_and_where_names_are() {
        let text = "<!-- ticketlint-disabel shouting -->\n<!-- TicketLint disable-next-line shoutin, no-timestamp -->\n<!-- ticketlint -->\n";
        let c = comments(text, &LineIndex::new(text));
        let misspelt: Vec<&str> = c.misspelt.iter().map(|m| m.directive.as_str()).collect();
        assert_eq!(misspelt, ["disabel", ""]);
        assert_eq!(c.suppressions.len(), 1);
        let names: Vec<&str> = c.suppressions[0]
            .rule_spans
            .iter()
            .map(|s| s.slice(text))
            .collect();
        assert_eq!(names, ["shoutin", "no-timestamp"]);
        assert_eq!(c.suppressions[0].rules, names);

        let reason = "<!-- ticketlint-disable-line shouting -- the bank's notice, quoted -->";
        let c = comments(reason, &LineIndex::new(reason));
        assert_eq!(c.suppressions[0].rules, ["shouting"]);
    }
}
