//! Suppressions written in the ticket itself, as HTML comments (which work in
//! plain text too):
//!
//! - `<!-- ticketlint-disable rule-id, … -->` … `<!-- ticketlint-enable rule-id -->`
//! - `<!-- ticketlint-disable-next-line rule-id -->`
//! - `<!-- ticketlint-disable-file -->`
//!
//! Without rule ids a comment covers every rule. A suppression that hides
//! nothing is itself reported, as `unused-suppression`.

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

impl Suppression {
    fn applies_to(&self, diagnostic: &Diagnostic) -> bool {
        (self.rules.is_empty() || self.rules.iter().any(|r| r == diagnostic.rule))
            && self.covers.start <= diagnostic.span.start
            && diagnostic.span.start < self.covers.end
    }
}

/// The suppressions written in `text`.
pub fn find(text: &str, lines: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Open `disable` comments waiting for their `enable`.
    let mut open: Vec<Suppression> = Vec::new();
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
            "disable" => open.push(Suppression {
                comment,
                rules,
                covers: Span::new(comment.end, text.len()),
            }),
            _ => {
                // `enable` closes the open `disable` comments it names.
                let (closed, still_open): (Vec<_>, Vec<_>) = open.into_iter().partition(|s| {
                    rules.is_empty()
                        || s.rules.is_empty()
                        || s.rules.iter().any(|r| rules.contains(r))
                });
                open = still_open;
                out.extend(closed.into_iter().map(|mut s| {
                    s.covers.end = comment.start;
                    s
                }));
            }
        }
    }
    out.extend(open);
    out.sort_by_key(|s| s.comment.start);
    out
}

/// Removes suppressed findings. Returns how many were removed and the
/// suppressions that removed none.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &[Suppression],
) -> (usize, Vec<Suppression>) {
    let mut used = vec![false; suppressions.len()];
    let before = diagnostics.len();
    diagnostics.retain(|d| {
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            if s.applies_to(d) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    let unused = suppressions
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(s, _)| s.clone())
        .collect();
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

    #[test]
    fn a_suppression_that_hides_nothing_is_unused() {
        let text = "<!-- ticketlint-disable-next-line shouting -->\ncalm text\n";
        let s = find(text, &LineIndex::new(text));
        let (removed, unused) = apply(&mut Vec::new(), &s);
        assert_eq!((removed, unused.len()), (0, 1));
    }
}
