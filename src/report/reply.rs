//! `ticketlint reply`: the draft answer to each ticket (see [`crate::reply`]).

use std::io::{self, Write};

use anstyle::{Effects, Style};

use super::{FileResult, Reporter, Summary};
use crate::lang::Packs;

const BOLD: Style = Style::new().effects(Effects::BOLD);

/// Each ticket's draft, under its name (`==> name <==`, as `head` does) when
/// there are several; a ticket with nothing missing says so in a line of its
/// own. A single ticket's draft comes alone, ready to paste.
pub struct Reply {
    packs: &'static Packs,
    files: usize,
    /// The first ticket's name and text, held until a second one comes.
    first: Option<(String, String)>,
}

impl Reply {
    pub fn new(packs: &'static Packs) -> Self {
        Reply {
            packs,
            files: 0,
            first: None,
        }
    }
}

fn name(file: &FileResult<'_>) -> String {
    match file.record {
        Some(line) => format!("{}:{line}", file.name),
        None => file.name.to_string(),
    }
}

fn headed(out: &mut dyn Write, name: &str, body: &str) -> io::Result<()> {
    write!(out, "{BOLD}==> {name} <=={BOLD:#}\n{body}")
}

impl Reporter for Reply {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        let lang = self.packs.for_messages(&file.linted.message_lang);
        let body = match crate::reply::draft(file.linted, self.packs) {
            Some(draft) => draft,
            None => format!("{}\n", lang.reply().complete),
        };
        self.files += 1;
        if self.files == 1 {
            self.first = Some((name(file), body));
            return Ok(());
        }
        if let Some((first, first_body)) = self.first.take() {
            headed(out, &first, &first_body)?;
        }
        writeln!(out)?;
        headed(out, &name(file), &body)
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        match self.first.take() {
            Some((_, body)) => write!(out, "{body}"),
            None => Ok(()),
        }
    }
}
