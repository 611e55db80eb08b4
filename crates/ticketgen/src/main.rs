//! `ticketgen`: writes generated tickets as files or as an NDJSON stream.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Realistic support tickets in English, Russian and Ukrainian, the same for
/// the same seed on every machine.
#[derive(Parser)]
#[command(name = "ticketgen", version)]
struct Cli {
    /// The seed: the same seed gives byte-identical output.
    #[arg(long, global = true, default_value_t = 1)]
    seed: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write tickets as files (.txt, .md, .eml) into a folder.
    Files {
        /// How many tickets.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write tickets as NDJSON records to stdout, one per line.
    Ndjson {
        /// Stop after about this many bytes: `500M`, `64K`, `2G` (powers of 1024).
        #[arg(long, value_parser = size)]
        bytes: Option<u64>,
        /// Stop after this many tickets.
        #[arg(long)]
        count: Option<u64>,
    },
}

fn size(text: &str) -> Result<u64, String> {
    ticketgen::parse_size(text)
        .ok_or_else(|| format!("`{text}` is not a size such as 500M, 64K or 1000"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let generator = ticketgen::Generator::new(cli.seed);
    let result = match cli.command {
        Command::Files { count, out } => files(generator, count, &out),
        Command::Ndjson { bytes, count } => ndjson(generator, bytes, count),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ticketgen: {e}");
            ExitCode::from(2)
        }
    }
}

fn files(generator: ticketgen::Generator, count: u64, out: &std::path::Path) -> io::Result<()> {
    std::fs::create_dir_all(out)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", out.display())))?;
    let mut total = 0u64;
    for ticket in generator.take(count as usize) {
        let path = out.join(&ticket.name);
        std::fs::write(&path, &ticket.bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        total += ticket.bytes.len() as u64;
    }
    eprintln!(
        "ticketgen: {count} files, {total} bytes in {}",
        out.display()
    );
    Ok(())
}

fn ndjson(
    generator: ticketgen::Generator,
    bytes: Option<u64>,
    count: Option<u64>,
) -> io::Result<()> {
    let limit = bytes.unwrap_or(u64::MAX);
    let count = count.unwrap_or(if bytes.is_some() { u64::MAX } else { 1000 });
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut written = 0u64;
    for ticket in generator.take(usize::try_from(count).unwrap_or(usize::MAX)) {
        if written >= limit {
            break;
        }
        let line = ticket.json_line();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written += line.len() as u64 + 1;
    }
    out.flush()
}
