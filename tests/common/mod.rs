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

/// Words in Latin letters left in what a Chinese session printed, once what it may print
/// that way is taken out: slash commands, key names (`Ctrl-C`), `[y/N]`, YAML file names,
/// and `allowed` (an order number). Skill ids are English words: a Chinese scorecard
/// names skills.
pub fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut text = text.to_string();
    for word in allowed {
        text = text.replace(word, " ");
    }
    let exempt =
        regex::Regex::new(r"/[a-z]+|Ctrl-[A-Z]|\[y/N\]|[\w./-]+\.yaml").expect("a valid pattern");
    let text = exempt.replace_all(&text, " ");
    let word = regex::Regex::new(r"[A-Za-z]{2,}").expect("a valid pattern");
    word.find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// `rehearse ARGS` in a pseudo-terminal, run in `dir` with colour off, as a person at a
/// keyboard would run it (20 s to see each expected text).
#[cfg(unix)]
pub fn pty(dir: &Path, args: &[&str]) -> expectrl::Session {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"));
    let mut p = expectrl::Session::spawn(command).expect("spawn rehearse in a pty");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    p
}

/// A practice run's details for the simulator, played by `trainee` with `seed`.
pub fn practice(trainee: &str, seed: u64) -> rehearse::customer::RunInfo {
    rehearse::customer::RunInfo {
        trainee: trainee.into(),
        trainee_id: None,
        mode: rehearse::transcript::Mode::Practice,
        seed,
        started: "2026-01-01T00:00:00Z".into(),
        rubrics: Vec::new(),
    }
}

/// The grader `play` and `run` compile for a scenario of `library`.
pub fn grader_for(
    library: &rehearse::library::Library,
    scenario: &rehearse::scenario::Scenario,
) -> rehearse::grading::Grader {
    rehearse::grading::Grader::for_scenario(
        &library.rubrics_for(scenario),
        scenario,
        scenario.pass_mark,
    )
}

/// Plays `replies` to scenario `id` of `library` as `trainee` (a practice run with
/// `seed`), stopping when the call ends: what the customer did after each reply, and
/// the ending if there was one.
pub fn exchanges(
    library: &rehearse::library::Library,
    id: &str,
    trainee: &str,
    seed: u64,
    replies: &[&str],
) -> (
    Vec<rehearse::customer::Exchange>,
    Option<rehearse::scenario::Ending>,
) {
    let scenario = library
        .scenario(id)
        .expect("the scenario is in the library");
    let grader = grader_for(library, scenario);
    let mut c = rehearse::customer::Conversation::start(scenario, &grader, practice(trainee, seed));
    let mut out = Vec::new();
    for reply in replies {
        if c.is_over() {
            break;
        }
        out.push(c.reply(reply, None));
    }
    (out, c.ending())
}

/// Lines as people said them, one `speaker: text` a line.
pub fn lines(lines: &[rehearse::transcript::Line]) -> String {
    lines
        .iter()
        .map(|l| format!("{}: {}", l.speaker, l.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What everyone said after a reply, one `speaker: text` a line.
pub fn said(exchange: &rehearse::customer::Exchange) -> String {
    lines(&exchange.said)
}

/// Why `speaker`'s mood changed after a reply, in order.
pub fn causes<'e>(
    exchange: &'e rehearse::customer::Exchange,
    speaker: &str,
) -> Vec<&'e rehearse::customer::Cause> {
    exchange
        .changes
        .iter()
        .filter(|c| c.speaker == speaker)
        .map(|c| &c.cause)
        .collect()
}
