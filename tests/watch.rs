//! `--watch` for real: the binary runs as a child process, a file it read is changed under
//! it, and the next report must come. Every wait has a deadline and the child is killed on
//! every way out of a test, so a watch that never re-runs fails instead of hanging.
mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::write;

/// Long enough for a debug build on a busy machine to start, check and notice a change.
const DEADLINE: Duration = Duration::from_secs(30);

/// A running `rehearse … --watch`, killed when dropped (a failed assertion included).
struct Watched {
    child: std::process::Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watched {
    fn start(dir: &Path, args: &[&str]) -> Watched {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("REHEARSE_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rehearse");
        let (sender, lines) = channel();
        // One reader per stream, so neither pipe fills up and blocks the child.
        let streams: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().expect("stdout piped")),
            Box::new(child.stderr.take().expect("stderr piped")),
        ];
        for stream in streams {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watched {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits until every one of `texts` has been on a line, in any order: standard output
    /// and standard error are read apart, so their lines can arrive either way round.
    fn wait_for_all(&mut self, texts: &[&str]) {
        let mut left: Vec<&str> = texts.to_vec();
        let deadline = Instant::now() + DEADLINE;
        while !left.is_empty() {
            let Some(time) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.lines.recv_timeout(time) {
                Ok(line) => {
                    left.retain(|text| !line.contains(text));
                    self.seen.push(line);
                }
                Err(_) => break,
            }
        }
        assert!(
            left.is_empty(),
            "no line with {left:?} within {DEADLINE:?}; the output was:\n{}",
            self.seen.join("\n")
        );
    }

    /// Waits until a line holds `text`; fails with everything printed so far if none does
    /// before the deadline.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + DEADLINE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(text);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {text:?} within {DEADLINE:?}; the output was:\n{}",
            self.seen.join("\n")
        );
    }

    /// Everything printed so far.
    fn output(&self) -> String {
        self.seen.join("\n")
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const RUBRIC: &str = "rehearse: 1\nid: polite\ntitle: A rubric\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n";

const SCENARIO: &str = "rehearse: 1\nid: watched-scenario\ntitle: A scenario to watch\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Help.\ncustomer: { name: Kim Lee }\nrubrics: [polite]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n";

#[test]
fn check_runs_again_when_the_file_changes() {
    let dir = tempfile::tempdir().expect("scratch folder");
    let file = write(dir.path(), "r.yaml", RUBRIC);
    let mut watched = Watched::start(dir.path(), &["check", "--watch", "r.yaml"]);
    watched.wait_for("checked 1 file: 0 errors, 0 warnings");
    // The watches are in place once this is printed: a change from now on is seen.
    watched.wait_for("for changes (Ctrl-C to stop)");
    std::fs::write(&file, RUBRIC.replace("name: Says", "nme: Says")).expect("edit");
    watched.wait_for("r.yaml changed, running again");
    watched.wait_for("checked 1 file: 2 errors, 0 warnings");
    let output = watched.output();
    assert!(
        output.contains("error[unknown-key]: r.yaml:6:5: skills[0]: unknown key `nme`"),
        "{output}"
    );
    // The separator carries the time.
    let separator = output
        .lines()
        .find(|l| l.contains("running again"))
        .expect("a separator");
    let time = separator.trim_start_matches("── ").split(' ').next();
    assert!(
        time.is_some_and(|t| t.len() == 8 && t.chars().filter(|&c| c == ':').count() == 2),
        "{separator}"
    );
}

#[test]
fn a_rubric_the_scenario_names_and_rehearse_toml_are_watched_too() {
    let dir = tempfile::tempdir().expect("scratch folder");
    write(dir.path(), "rehearse.toml", "");
    write(dir.path(), "scenarios/s.yaml", SCENARIO);
    let rubric = write(dir.path(), "rubrics/polite.yaml", RUBRIC);
    let mut watched = Watched::start(dir.path(), &["check", "--watch", "scenarios/s.yaml"]);
    watched.wait_for("checked 1 file: 0 errors, 0 warnings");
    watched.wait_for("for changes (Ctrl-C to stop)");
    // The rubric is not among the paths given, but the scenario reads it.
    std::fs::write(&rubric, RUBRIC.replace("id: polite", "id: courteous")).expect("edit");
    // The report (standard error) and "watching…" (standard output) may come either way
    // round, so they are waited for together.
    watched.wait_for_all(&[
        "rubrics/polite.yaml changed, running again",
        "no rubric has the id `polite`",
        "for changes (Ctrl-C to stop)",
    ]);
    // A broken rehearse.toml is reported, and watched until it is fixed.
    std::fs::write(dir.path().join("rehearse.toml"), "pass_mark = 170\n").expect("edit");
    watched.wait_for_all(&[
        "rehearse.toml changed, running again",
        "pass_mark 170 is outside 0–100",
        "for changes (Ctrl-C to stop)",
    ]);
    std::fs::write(&rubric, RUBRIC).expect("edit");
    std::fs::write(dir.path().join("rehearse.toml"), "pass_mark = 70\n").expect("edit");
    watched.wait_for("checked 1 file: 0 errors, 0 warnings");
}

#[test]
fn test_and_explain_run_again_too() {
    let dir = tempfile::tempdir().expect("scratch folder");
    let with_examples = format!("{RUBRIC}    examples:\n      hit: [\"hello there\"]\n");
    let rubric = write(dir.path(), "r.yaml", &with_examples);
    let mut watched = Watched::start(dir.path(), &["test", "--watch", "r.yaml"]);
    watched.wait_for("1 passed, 0 failed");
    watched.wait_for("for changes (Ctrl-C to stop)");
    std::fs::write(&rubric, with_examples.replace("[hello]", "[goodbye]")).expect("edit");
    watched.wait_for("0 passed, 1 failed");
    drop(watched);

    let mut watched = Watched::start(
        dir.path(),
        &["explain", "--watch", "--rubric", "r.yaml", "hello"],
    );
    watched.wait_for("Total 0.0%");
    watched.wait_for("for changes (Ctrl-C to stop)");
    std::fs::write(&rubric, &with_examples).expect("edit");
    watched.wait_for("Total 100.0%");
}
