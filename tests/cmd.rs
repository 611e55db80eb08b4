//! The CLI case files: each `tests/cmd/*.toml` names the arguments, the input
//! folder (`*.in/`, the working directory) and the expected stdout, stderr and
//! exit code side by side. `TRYCMD=overwrite cargo test --test cmd` rewrites
//! the expectations after a deliberate change; review the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
