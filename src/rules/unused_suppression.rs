//! `unused-suppression`: a suppression comment that hides nothing.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::ticket::Ticket;

const DOC: &str = r#"A suppression comment that hides no finding.

## What it does
Reports a `<!-- ticketlint-disable … -->`, `<!-- ticketlint-disable-line … -->`,
`<!-- ticketlint-disable-next-line … -->` or `<!-- ticketlint-disable-file -->`
comment under which no finding of the rules it names was found. The linter
reports it once every other rule has run: it is the only rule that looks at
the other rules' findings. A comment is judged only when every rule it covers
ran: one for a rule left out by `--select` or `--ignore` is not reported.

It also names what a comment gets wrong: a rule id that names no rule
(`shoutin`), and a directive that is none (`ticketlint-disabel`), each with
the nearest right one.

## Why is this bad?
A suppression that hides nothing is noise, and worse: when the text under it
changes, it silently hides the next real finding.

## Example
```text
<!-- ticketlint-disable-next-line shouting -->
Hello, could you send me the invoice for March?
```

```text
<!-- ticketlint-disable-next-line shoutin -->
PLEASE READ THE WHOLE MESSAGE BEFORE REPLYING TO IT
```

## Use instead
```text
<!-- ticketlint-disable-next-line shouting -->
PLEASE READ THE WHOLE MESSAGE BEFORE REPLYING TO IT
```
```text
PLEASE READ THE WHOLE MESSAGE BEFORE REPLYING TO IT <!-- ticketlint-disable-line shouting -->
```

## Fix safety
There is no automatic fix yet: remove the comment.
"#;

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn id(&self) -> &'static str {
        "unused-suppression"
    }

    fn doc(&self) -> &'static str {
        DOC
    }

    /// Nothing to check on the ticket alone: the linter reports unused
    /// suppressions after the other rules (see `Linter::lint`).
    fn check(&self, _ticket: &Ticket, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

#[cfg(test)]
mod tests {
    use crate::lang::Packs;
    use crate::linter::Linter;
    use crate::rules::doc_examples;

    #[test]
    fn doc_examples_through_the_linter() {
        let linter = Linter::new(Packs::embedded());
        for (block, fires, whose) in doc_examples("unused-suppression", super::DOC) {
            let linted = linter.lint_text(block.clone());
            let found = linted
                .diagnostics
                .iter()
                .any(|d| d.rule == "unused-suppression");
            assert_eq!(found, fires, "{whose}: {block}");
        }
    }
}
