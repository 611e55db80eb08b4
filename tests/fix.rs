//! `--fix` loses nothing: links, lossy bytes, names in the way, encodings that
//! cannot hold the fix, and runs at the same time.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const LOUD: &str = "THE INVOICES PAGE IS EMPTY SINCE THIS MORNING\n";
const QUIET: &str = "The invoices page is empty since this morning\n";

fn fix() -> Command {
    let mut cmd = Command::cargo_bin("ticketlint").unwrap();
    cmd.env("NO_COLOR", "1").args([
        "--no-config",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "shouting",
    ]);
    cmd
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn names_beside_the_file_are_neither_followed_nor_consumed() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = dir.path().join("t.txt");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&ticket, LOUD).unwrap();
    std::fs::write(&victim, "keep me\n").unwrap();
    // The names an earlier version wrote through.
    std::os::unix::fs::symlink(&victim, dir.path().join(".t.txt.ticketlint-fix")).unwrap();
    std::fs::write(dir.path().join(".t.txt.ticketlint-fix.bak"), "mine\n").unwrap();
    fix().arg(&ticket).assert().code(0);
    assert_eq!(read(&ticket), QUIET.as_bytes());
    assert_eq!(read(&victim), b"keep me\n");
    assert_eq!(
        read(&dir.path().join(".t.txt.ticketlint-fix.bak")),
        b"mine\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left.len(), 4, "no temporary file is left: {left:?}");
}

#[test]
fn a_symlink_fixes_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    std::fs::write(&target, LOUD).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    fix().arg(&link).assert().code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&target), QUIET.as_bytes());
}

#[test]
fn hard_links_stay_one_file() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    let two = dir.path().join("two.txt");
    std::fs::write(&one, LOUD).unwrap();
    std::fs::hard_link(&one, &two).unwrap();
    fix().arg(&one).assert().code(0);
    assert_eq!(read(&two), QUIET.as_bytes());
    assert_eq!(
        std::fs::metadata(&one).unwrap().ino(),
        std::fs::metadata(&two).unwrap().ino()
    );
}

#[test]
fn mode_and_owner_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let ticket = dir.path().join("t.txt");
    std::fs::write(&ticket, LOUD).unwrap();
    std::fs::set_permissions(&ticket, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Run as root (as in CI containers), the file can belong to someone else.
    let _ = std::os::unix::fs::chown(&ticket, Some(12345), Some(12345));
    let before = std::fs::metadata(&ticket).unwrap();
    fix().arg(&ticket).assert().code(0);
    let after = std::fs::metadata(&ticket).unwrap();
    assert_eq!(read(&ticket), QUIET.as_bytes());
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
}

#[test]
fn bytes_that_did_not_decode_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = dir.path().join("utf8.txt");
    let mut bytes = LOUD.as_bytes().to_vec();
    bytes.extend_from_slice("С уважением, Хосе\n".as_bytes());
    bytes.extend_from_slice(b"\xff\n");
    std::fs::write(&utf8, &bytes).unwrap();
    // A UTF-16 file with a lone surrogate.
    let utf16 = dir.path().join("utf16.txt");
    let mut wide = vec![0xFF, 0xFE];
    for unit in LOUD.encode_utf16() {
        wide.extend_from_slice(&unit.to_le_bytes());
    }
    wide.extend_from_slice(&[0x00, 0xD8, b'\n', 0]);
    std::fs::write(&utf16, &wide).unwrap();
    fix().args([&utf8, &utf16]).assert().code(1).stderr(
        predicate::str::contains("utf8.txt: not fixed: it holds bytes that are not utf-8")
            .and(predicate::str::contains("utf16.txt: not fixed")),
    );
    assert_eq!(read(&utf8), bytes);
    assert_eq!(read(&utf16), wide);
}

#[test]
fn a_fix_the_encoding_cannot_hold_skips_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    // "THE İSTANBUL OFFİCE …" in windows-1254: lower case İ is i + U+0307,
    // which windows-1254 has no byte for.
    let turkish = dir.path().join("a.txt");
    let mut bytes = b"THE \xddSTANBUL OFF\xddCE IS CLOSED AND NOTHING WORKS TODAY\n".to_vec();
    std::fs::write(&turkish, &bytes).unwrap();
    let other = dir.path().join("b.txt");
    std::fs::write(&other, LOUD).unwrap();
    fix()
        .args(["--encoding", "windows-1254"])
        .args([&turkish, &other])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "a.txt: not fixed: the fixed text does not fit the file's encoding (windows-1254)",
        ))
        .stdout(predicate::str::contains("a.txt:1:1: warning[shouting]"));
    assert_eq!(read(&turkish), std::mem::take(&mut bytes));
    assert_eq!(read(&other), QUIET.as_bytes());
}

#[test]
fn two_runs_at_once_neither_fail_nor_lose_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..10 {
        let ticket = dir.path().join(format!("t{round}.txt"));
        std::fs::write(&ticket, LOUD).unwrap();
        let bin = assert_cmd::cargo::cargo_bin("ticketlint");
        let runs: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(&bin)
                    .args([
                        "--no-config",
                        "--fix",
                        "--unsafe-fixes",
                        "--select",
                        "shouting",
                    ])
                    .arg(&ticket)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let runs: Vec<_> = runs
            .into_iter()
            .map(|run| run.wait_with_output().unwrap())
            .collect();
        for run in &runs {
            assert_ne!(
                run.status.code(),
                Some(2),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        assert_eq!(read(&ticket), QUIET.as_bytes());
    }
}
