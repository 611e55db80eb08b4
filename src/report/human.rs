//! The default format, for people: a grep-friendly first line
//! (`path:line:column: severity[rule]: message`), the source with the span
//! underlined, and the suggestion.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use std::sync::Arc;

use super::{FileResult, Place, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::Labels;

const BOLD: Style = Style::new().effects(Effects::BOLD);

/// Lines of source shown around a long span before the middle is folded.
const MAX_SNIPPET_LINES: usize = 8;

/// Bytes of a long line kept on each side of a span. The renderer trims lines
/// to the terminal anyway; handing it the whole line for each of thousands of
/// findings on one long line would make the report quadratic.
const CONTEXT: usize = 160;

/// Marks where a long line was cut.
const CUT: &str = "…";

pub struct Human {
    renderer: Renderer,
    files_with_findings: usize,
    /// The summary's words when the files' languages do not agree: those of
    /// `--message-lang`, else English.
    fallback: Arc<Labels>,
    /// The language of every file's messages so far, while they agree.
    agreed: Agreement,
}

enum Agreement {
    None,
    One(String, Arc<Labels>),
    Mixed,
}

impl Default for Human {
    fn default() -> Self {
        Self::new(Arc::new(Labels::english().clone()))
    }
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    color.on_default().effects(Effects::BOLD)
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

impl Human {
    /// A report whose summary is in `fallback`'s language unless every file's
    /// messages are in one other.
    pub fn new(fallback: Arc<Labels>) -> Self {
        Self {
            // Always styled: the output stream strips colour where it is not wanted.
            renderer: Renderer::styled(),
            files_with_findings: 0,
            fallback,
            agreed: Agreement::None,
        }
    }

    /// The labels of the summary line.
    fn summary_labels(&self) -> &Labels {
        match &self.agreed {
            Agreement::One(_, labels) => labels,
            _ => &self.fallback,
        }
    }

    /// Findings that start on the same line, close together: one snippet
    /// with a label per finding, after a grep-friendly line for each.
    fn group(
        &self,
        out: &mut dyn Write,
        file: &FileResult<'_>,
        group: &[Diagnostic],
    ) -> io::Result<()> {
        let ticket = &file.linted.ticket;
        let labels = &file.linted.labels;
        let index = ticket.line_index();
        for d in group {
            let style = severity_style(d.severity);
            writeln!(
                out,
                "{BOLD}{}:{BOLD:#} {style}{}[{}]{style:#}: {BOLD}{}{BOLD:#}",
                location(file, d.span.start),
                labels.severity(d.severity),
                d.rule,
                super::visible(&d.message)
            )?;
        }

        // The snippet: the lines the spans touch, cut to a window around
        // them where they are long.
        let text = &ticket.text;
        let start = group.iter().map(|d| d.span.start).min().unwrap_or(0);
        let end = group.iter().map(|d| d.span.end).max().unwrap_or(start);
        let first = index.line_of(start);
        let last = index.line_of(end.saturating_sub(1).max(start));
        let line_start = index.line_start(first);
        // The end of the last line, from the index: scanning the text from
        // the span would cost the line's length per finding.
        let line_end = index
            .line_start_or_end(last + 1, text.len() + 1)
            .saturating_sub(1)
            .max(end);
        let shown = window(text, line_start..line_end, start..end);
        // One annotation per distinct span, labelled with its rules when
        // the snippet has several findings.
        let mut spans: Vec<(Range<usize>, Vec<&str>)> = Vec::new();
        for d in group {
            let span = shown.map(d.span.start)..shown.map(d.span.end);
            match spans.iter_mut().find(|(s, _)| *s == span) {
                Some((_, rules)) => rules.push(d.rule),
                None => spans.push((span, vec![d.rule])),
            }
        }
        // Labels name the rules only where several rules share the snippet.
        let several = group.iter().any(|d| d.rule != group[0].rule);
        let mut snippet = Snippet::source(&shown.source)
            .line_start(file.file_line(first + 1).unwrap_or(first + 1))
            .fold(last - first >= MAX_SNIPPET_LINES);
        for (span, rules) in &spans {
            let mut annotation = AnnotationKind::Primary.span(span.clone());
            if several {
                annotation = annotation.label(rules.join(", "));
            }
            snippet = snippet.annotation(annotation);
        }
        let severity = group
            .iter()
            .map(|d| d.severity)
            .max()
            .unwrap_or(Severity::Info);
        let mut element = Group::with_level(level(severity)).element(snippet);
        let mut helps: Vec<(&str, &str)> = Vec::new();
        for d in group {
            if let Some(suggestion) = &d.suggestion
                && !helps.contains(&(d.rule, suggestion.as_str()))
            {
                helps.push((d.rule, suggestion));
            }
        }
        for (rule, suggestion) in helps {
            let help = if several {
                format!("{}[{rule}]", labels.help)
            } else {
                labels.help.clone()
            };
            element = element.element(
                Level::HELP
                    .with_name(help)
                    .message(super::visible(suggestion).into_owned()),
            );
        }
        writeln!(out, "{}", self.renderer.render(&[element]))?;
        writeln!(out)
    }
}

/// The start of a finding's first line: `path:line:column` where the
/// position is in the file, `path:line` where only the line is, and else the
/// path and where in which text (`mail.eml (decoded email, line 4, column 1)`,
/// `export.ndjson:12 (ticket 881, line 1, column 6)`).
fn location(file: &FileResult<'_>, offset: usize) -> String {
    let name = file.name;
    let place = file.place(offset);
    match place {
        Place::File {
            line,
            column: Some(column),
        } => format!("{name}:{line}:{column}"),
        Place::File { line, column: None } => format!("{name}:{line}"),
        Place::Decoded { .. } => format!("{name} ({})", file.describe(place).unwrap_or_default()),
        Place::Record { record, .. } => format!(
            "{name}:{record} ({})",
            file.describe(place).unwrap_or_default()
        ),
    }
}

/// Findings in one snippet at most; more on the same spot get another.
const MAX_GROUP: usize = 8;

/// The source of a snippet and where the text's offsets are in it.
struct Window {
    source: String,
    /// The text's offset the source starts at.
    from: usize,
    /// The length of the cut mark before it.
    before: usize,
    /// Offsets in the source, before the carriage returns taken out of it.
    removed: Vec<usize>,
}

impl Window {
    /// Where offset `at` of the text is in the source.
    fn map(&self, at: usize) -> usize {
        let at = (at.max(self.from) - self.from) + self.before;
        at - self.removed.iter().take_while(|r| **r < at).count()
    }
}

/// The source of a snippet: the lines from `lines.start` to `lines.end`, cut
/// to [`CONTEXT`] bytes on each side of `span` and marked where cut, without
/// the carriage returns of CRLF line ends.
fn window(text: &str, lines: Range<usize>, span: Range<usize>) -> Window {
    let from = text.floor_char_boundary(span.start.saturating_sub(CONTEXT).max(lines.start));
    let to = text.ceil_char_boundary((span.end + CONTEXT).min(lines.end));
    let before = if from > lines.start { CUT } else { "" };
    let after = if to < lines.end { CUT } else { "" };
    let raw = format!("{before}{}{after}", &text[from..to]);
    let bytes = raw.as_bytes();
    let removed: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| i + 1 == bytes.len() || bytes[i + 1] == b'\n')
        .collect();
    let source = if removed.is_empty() {
        raw
    } else {
        let mut source = String::with_capacity(raw.len());
        let mut at = 0;
        for &r in &removed {
            source.push_str(&raw[at..r]);
            at = r + 1;
        }
        source.push_str(&raw[at..]);
        source
    };
    Window {
        source,
        from,
        before: before.len(),
        removed,
    }
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        let linted = file.linted;
        self.agreed = match std::mem::replace(&mut self.agreed, Agreement::None) {
            Agreement::None => Agreement::One(linted.message_lang.clone(), linted.labels.clone()),
            Agreement::One(code, labels) if code == linted.message_lang => {
                Agreement::One(code, labels)
            }
            _ => Agreement::Mixed,
        };
        let diagnostics = &linted.diagnostics;
        if !diagnostics.is_empty() {
            self.files_with_findings += 1;
        }
        let index = linted.ticket.line_index();
        let mut i = 0;
        while i < diagnostics.len() {
            let head = &diagnostics[i];
            let line = index.line_of(head.span.start);
            let mut j = i + 1;
            while j < diagnostics.len()
                && j - i < MAX_GROUP
                && diagnostics[j].span.start - head.span.start <= CONTEXT
                && index.line_of(diagnostics[j].span.start) == line
            {
                j += 1;
            }
            self.group(out, file, &diagnostics[i..j])?;
            i = j;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let labels = self.summary_labels();
        let total = summary.errors + summary.warnings + summary.infos;
        let (counted, checked) = if summary.tickets {
            (&labels.tickets, &labels.tickets_checked)
        } else {
            (&labels.files, &labels.files_checked)
        };
        let files = Labels::count(summary.files, counted);
        let suppressed = if summary.suppressed > 0 {
            Labels::fill(
                &labels.suppressed,
                &[("n", &summary.suppressed.to_string())],
            )
        } else {
            String::new()
        };
        let with = self.files_with_findings.to_string();
        let args = [
            ("files", files.as_str()),
            ("total", &summary.files.to_string()),
            ("suppressed", &suppressed),
            ("with", &with),
            ("checked", checked),
        ];
        if summary.unreadable > 0 {
            let err = AnsiColor::Red.on_default().effects(Effects::BOLD);
            let inputs = Labels::count(summary.unreadable, &labels.inputs);
            let line = Labels::fill(&labels.unreadable, &[("inputs", &inputs)]);
            writeln!(out, "{err}{line}{err:#}")?;
        }
        if summary.files == 0 {
            return writeln!(out, "{}", labels.nothing_linted);
        }
        if total == 0 && summary.unreadable > 0 {
            return writeln!(out, "{}", Labels::fill(&labels.no_findings, &args));
        }
        if total == 0 {
            let ok = AnsiColor::Green.on_default().effects(Effects::BOLD);
            let line = Labels::fill(&labels.all_clear, &args);
            let (head, rest) = line.split_at(line.find(':').map_or(0, |i| i + 1));
            return writeln!(out, "{ok}{head}{ok:#}{rest}");
        }
        let mut parts = Vec::new();
        for (count, forms) in [
            (summary.errors, &labels.errors),
            (summary.warnings, &labels.warnings),
            (summary.infos, &labels.infos),
        ] {
            if count > 0 {
                parts.push(Labels::count(count, forms));
            }
        }
        let findings = parts.join(", ");
        let mut args = args.to_vec();
        args.push(("findings", &findings));
        writeln!(out, "{BOLD}{}{BOLD:#}", Labels::fill(&labels.found, &args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let line = "Почему? ".repeat(10_000);
        let text = format!("Привет.\n{line}\nКонец.");
        let lines = 14..14 + line.len();
        let at = text[lines.start + 40_000..].find("Почему?").unwrap() + lines.start + 40_000;
        let shown = window(&text, lines, at..at + "Почему?".len());
        let (source, span) = (
            &shown.source,
            shown.map(at)..shown.map(at + "Почему?".len()),
        );
        assert!(source.len() <= 2 * CONTEXT + 20 + 2 * CUT.len(), "{source}");
        assert!(source.starts_with(CUT) && source.ends_with(CUT), "{source}");
        assert_eq!(&source[span], "Почему?");
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "Hello.\nWHY IS IT BROKEN?\nBye.";
        let shown = window(text, 7..24, 7..23);
        assert_eq!(shown.source, "WHY IS IT BROKEN?");
        assert_eq!(shown.map(7)..shown.map(23), 0..16);
    }

    #[test]
    fn carriage_returns_of_crlf_lines_are_not_shown() {
        let text = "Hello.\r\nWHY IS IT BROKEN?\r\nBYE NOW\r\n";
        let shown = window(text, 8..35, 8..34);
        assert_eq!(shown.source, "WHY IS IT BROKEN?\nBYE NOW");
        assert_eq!(shown.map(27)..shown.map(34), 18..25);
    }
}
