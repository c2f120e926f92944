//! Helpers for integration tests: run the real binary in a scratch folder.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The `rehearse` binary with colour off and a fixed terminal-free environment.
pub fn rehearse(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rehearse").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Writes a file under `dir`, creating folders.
pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, text).expect("write file");
    path
}

/// stdout of an assert as a String.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
