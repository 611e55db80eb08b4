//! Where tickets come from: files, folders walked recursively, and stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// The extensions linted in folders unless `--ext` says otherwise.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "eml"];

/// Folders never walked into (hidden folders are skipped too).
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The hidden folder that is walked: `.github` holds issue and pull-request
/// templates, which are tickets' first drafts.
const WALKED_HIDDEN_DIR: &str = ".github";

/// The name stdin is shown under.
pub const STDIN: &str = "-";

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// As shown to the user: the path as given or found, or `-`.
    pub name: String,
    pub origin: Origin,
}

impl Input {
    /// The file it is read from; `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Named(path) | Origin::Found(path) => Some(path),
            Origin::Stdin => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Stdin,
    /// A file named on the command line.
    Named(PathBuf),
    /// A file found while walking a folder.
    Found(PathBuf),
}

/// An input that could not be listed or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub name: String,
    pub reason: String,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.reason)
    }
}

/// What paths expand to.
#[derive(Debug, Default)]
pub struct Discovered {
    pub inputs: Vec<Input>,
    pub errors: Vec<SourceError>,
    /// Folders named that hold no file with the extensions.
    pub empty: Vec<PathBuf>,
}

/// Expands paths into inputs: files as given, folders walked (sorted, hidden
/// entries but `.github`, `.gitignore`d files, `target` and `node_modules`
/// skipped), `-` as stdin.
pub fn discover(paths: &[PathBuf], extensions: &[String]) -> (Vec<Input>, Vec<SourceError>) {
    let found = discover_all(paths, extensions);
    (found.inputs, found.errors)
}

/// [`discover`], and which named folders held nothing to lint.
pub fn discover_all(paths: &[PathBuf], extensions: &[String]) -> Discovered {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut empty = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            inputs.push(Input {
                name: STDIN.into(),
                origin: Origin::Stdin,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(SourceError {
                name: path.display().to_string(),
                reason: io_reason(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                let before = inputs.len();
                walk(path, extensions, &mut inputs, &mut errors);
                if inputs.len() == before {
                    empty.push(path.clone());
                }
            }
            Ok(_) => inputs.push(Input {
                name: path.display().to_string(),
                origin: Origin::Named(path.clone()),
            }),
        }
    }
    Discovered {
        inputs,
        errors,
        empty,
    }
}

fn walk(
    root: &Path,
    extensions: &[String],
    inputs: &mut Vec<Input>,
    errors: &mut Vec<SourceError>,
) {
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        // Links are followed, as `rg -L` does; a link back to a folder above
        // is reported as a loop.
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name();
            let hidden = name.as_encoded_bytes().starts_with(b".");
            if is_dir {
                !SKIPPED_DIRS.iter().any(|d| name == *d) && (!hidden || name == WALKED_HIDDEN_DIR)
            } else {
                !hidden
            }
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && has_extension(path, extensions) {
                    inputs.push(Input {
                        name: path.display().to_string(),
                        origin: Origin::Found(path.to_path_buf()),
                    });
                }
            }
            Err(e) => errors.push(walk_error(root, &e)),
        }
    }
}

/// A walking error as the path it concerns and a short reason: the
/// `ignore` crate's message repeats the path and ends in "(os error 13)".
fn walk_error(root: &Path, e: &ignore::Error) -> SourceError {
    let mut name = root.display().to_string();
    let mut e = e;
    loop {
        match e {
            ignore::Error::WithPath { path, err } => {
                name = path.display().to_string();
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::Partial(errs) if errs.len() == 1 => e = &errs[0],
            _ => break,
        }
    }
    let reason = match e {
        ignore::Error::Io(io) => {
            // A followed link's error names the path again: keep the reason.
            let reason = io_reason(io);
            match reason.strip_prefix("IO error for operation on ") {
                Some(rest) => rest.rsplit(": ").next().unwrap_or(rest).to_string(),
                None => reason,
            }
        }
        ignore::Error::Loop { ancestor, child } => {
            name = child.display().to_string();
            format!("a symbolic link back to {}", ancestor.display())
        }
        other => other.to_string(),
    };
    SourceError { name, reason }
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The size above which inputs are skipped unless `--max-file-size` says otherwise.
pub const DEFAULT_MAX_SIZE: u64 = 10 * 1024 * 1024;

/// Why an input's bytes were not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Unreadable(SourceError),
    /// Larger than the limit: skipped without reading it (stdin: without
    /// reading more than the limit).
    TooLarge {
        name: String,
        limit: u64,
    },
}

impl ReadError {
    /// Why, without the input's name.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Unreadable(error) => error.reason.clone(),
            ReadError::TooLarge { limit, .. } => {
                format!("skipped, larger than --max-file-size ({limit} bytes)")
            }
        }
    }
}

/// Reads an input's bytes, if there are no more than `limit` of them.
pub fn read(input: &Input, limit: u64) -> Result<Vec<u8>, ReadError> {
    let unreadable = |e: std::io::Error| {
        ReadError::Unreadable(SourceError {
            name: input.name.clone(),
            reason: io_reason(&e),
        })
    };
    let too_large = || ReadError::TooLarge {
        name: input.name.clone(),
        limit,
    };
    let mut bytes = Vec::new();
    match &input.origin {
        Origin::Stdin => {
            std::io::stdin()
                .lock()
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
        }
        Origin::Named(path) | Origin::Found(path) => {
            let file = open_file(path).map_err(unreadable)?;
            let meta = file.metadata().map_err(unreadable)?;
            if meta.is_file() && meta.len() > limit {
                return Err(too_large());
            }
            // The file may grow while it is read (or be a device or a pipe
            // without end): never past the limit.
            file.take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
            if bytes.is_empty() && is_fifo(&meta) {
                return Err(unreadable(std::io::Error::other(
                    "a named pipe that nothing was written to",
                )));
            }
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// An input as a stream, for inputs read a line at a time (NDJSON).
pub fn open(input: &Input) -> Result<Box<dyn std::io::BufRead>, SourceError> {
    match input.path() {
        None => Ok(Box::new(std::io::stdin().lock())),
        Some(path) => open_file(path)
            .map(|file| {
                Box::new(std::io::BufReader::with_capacity(1 << 16, file))
                    as Box<dyn std::io::BufRead>
            })
            .map_err(|e| SourceError {
                name: input.name.clone(),
                reason: io_reason(&e),
            }),
    }
}

/// Opens a file to read. A named pipe is opened without waiting for a
/// writer, so that a pipe nobody writes to does not hang the run; reads then
/// wait for data as usual (`ticketlint <(pbpaste)` works).
pub(crate) fn open_file(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(OFlags::NONBLOCK.bits() as i32)
            .open(path)?;
        let flags = rustix::fs::fcntl_getfl(&file)?;
        rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
        Ok(file)
    }
    #[cfg(not(unix))]
    std::fs::File::open(path)
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// An I/O error as a short reason ("No such file or directory").
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    // Drop the "(os error 2)" suffix: the reason is for people.
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_sorted_and_skips_hidden_and_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.txt",
            "a.md",
            "c.rs",
            "sub/d.eml",
            ".hidden/e.txt",
            "target/f.txt",
            "node_modules/g.txt",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let exts: Vec<String> = DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect();
        let (inputs, errors) = discover(&[root.to_path_buf()], &exts);
        assert!(errors.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                i.name
                    .strip_prefix(&root.display().to_string())
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["/a.md", "/b.txt", "/sub/d.eml"]);
    }

    #[test]
    fn github_templates_are_walked_other_hidden_folders_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            ".github/ISSUE_TEMPLATE/bug.md",
            ".github/pull_request_template.md",
            ".git/COMMIT_EDITMSG.txt",
            ".hidden/e.txt",
            ".draft.txt",
            "a.txt",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let exts: Vec<String> = DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect();
        let found = discover_all(&[root.to_path_buf()], &exts);
        let names: Vec<_> = found
            .inputs
            .iter()
            .map(|i| i.path().unwrap().strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from(".github/ISSUE_TEMPLATE/bug.md"),
                PathBuf::from(".github/pull_request_template.md"),
                PathBuf::from("a.txt"),
            ]
        );
        assert!(found.empty.is_empty());
    }

    #[test]
    fn an_unreadable_folder_is_one_path_and_a_short_reason() {
        let error = ignore::Error::WithDepth {
            depth: 1,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("tickets/locked"),
                err: Box::new(ignore::Error::Io(std::io::Error::from_raw_os_error(13))),
            }),
        };
        let error = walk_error(Path::new("tickets"), &error);
        assert_eq!(error.to_string(), "tickets/locked: Permission denied");
    }

    #[test]
    fn files_over_the_limit_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        let input = Input {
            name: "big.txt".into(),
            origin: Origin::Found(path),
        };
        assert_eq!(read(&input, 100).unwrap().len(), 100);
        assert_eq!(
            read(&input, 99),
            Err(ReadError::TooLarge {
                name: "big.txt".into(),
                limit: 99
            })
        );
    }

    #[test]
    fn missing_paths_are_errors_with_a_reason() {
        let (inputs, errors) = discover(&[PathBuf::from("no/such/ticket.txt")], &[]);
        assert!(inputs.is_empty());
        assert_eq!(errors[0].name, "no/such/ticket.txt");
        assert_eq!(errors[0].reason, "No such file or directory");
    }
}
