//! The real binary, command by command: the happy paths.
mod common;

use common::{rehearse, stdout};

#[test]
fn shipped_files_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path()).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(": 0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn shipped_examples_pass() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path()).arg("test").output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains(" 0 failed"), "{}", stdout(&out));
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path()).arg("--version").output().unwrap();
    assert_eq!(
        stdout(&out).trim(),
        format!("rehearse {}", env!("CARGO_PKG_VERSION"))
    );
    for command in [
        "list", "play", "run", "grade", "check", "test", "explain", "new", "schema",
    ] {
        let out = rehearse(dir.path())
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            stdout(&out).contains("Examples:"),
            "{command} --help has no examples"
        );
    }
}
