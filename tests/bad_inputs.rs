//! Inputs that once crashed, hung or misled: each case is the files and arguments given,
//! and the exit status and exact error text expected. Every run has a timeout, so a case
//! that would block (a FIFO, a terminal read) fails instead of hanging the suite.
mod common;

use std::path::Path;
use std::time::Duration;

use common::{rehearse, write};

/// Long enough for a slow debug build on a busy machine, short enough to catch a hang.
const TIMEOUT: Duration = Duration::from_secs(20);

/// One bad input: files written into a scratch folder, the command line, what is expected.
#[derive(Default)]
struct Case {
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    status: i32,
    stderr: Option<String>,
    stdout: Option<String>,
    stdout_parts: Vec<String>,
}

impl Case {
    fn new(args: &[&str]) -> Case {
        Case {
            args: args.iter().map(|a| a.to_string()).collect(),
            ..Case::default()
        }
    }

    fn file(mut self, name: &'static str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((name, bytes.into()));
        self
    }

    fn status(mut self, status: i32) -> Case {
        self.status = status;
        self
    }

    fn stderr(mut self, text: impl Into<String>) -> Case {
        self.stderr = Some(text.into());
        self
    }

    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Case {
        self.stdin = Some(bytes.into());
        self
    }

    /// Expects standard output to hold `text` (for output too long to spell out).
    fn stdout_has(mut self, text: impl Into<String>) -> Case {
        self.stdout_parts.push(text.into());
        self
    }

    fn stdout(mut self, text: impl Into<String>) -> Case {
        self.stdout = Some(text.into());
        self
    }

    /// Runs the case in a fresh folder; `prepare` may add what files cannot (a FIFO).
    fn run_with(self, prepare: impl FnOnce(&Path)) {
        let dir = tempfile::tempdir().expect("scratch folder");
        for (name, bytes) in &self.files {
            let path = write(dir.path(), name, "");
            std::fs::write(path, bytes).expect("write input");
        }
        prepare(dir.path());
        let mut command = rehearse(dir.path());
        command.args(&self.args).timeout(TIMEOUT);
        if let Some(stdin) = &self.stdin {
            command.write_stdin(stdin.clone());
        }
        let out = command.output().expect("run rehearse");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        if let Some(expected) = &self.stderr {
            assert_eq!(&stderr, expected, "stderr of {:?}", self.args);
        }
        if let Some(expected) = &self.stdout {
            assert_eq!(&stdout, expected, "stdout of {:?}", self.args);
        }
        for expected in &self.stdout_parts {
            assert!(
                stdout.contains(expected.as_str()),
                "stdout of {:?} should hold {expected:?}:\n{stdout}",
                self.args
            );
        }
        assert_eq!(
            out.status.code(),
            Some(self.status),
            "exit status of {:?} (a timeout shows as None)\n{stderr}",
            self.args
        );
    }

    fn run(self) {
        self.run_with(|_| {});
    }
}

#[test]
fn error_past_column_65535_shows_a_window_of_the_line() {
    // miette pads with Rust's format width, which stops at 65,535.
    let long = "w".repeat(70_000);
    let replies = format!("[\"{long}\", {{oops: 1}}]\n");
    // The window is 80 characters: the line's last 67 `w`s, then the rest of the line.
    let shown = format!("…{}\", {{oops: 1}}]", "w".repeat(67));
    Case::new(&["run", "late-delivery", "--replies", "replies.yaml"])
        .file("replies.yaml", replies)
        .status(1)
        .stderr(format!(
            "\
error[wrong-type]: replies.yaml:1:70006: .[1]: expected text, found a mapping
   ╭─[replies.yaml:1:70006]
 1 │ {shown}
   · {caret:>76}
   ╰────
  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)
",
            caret = "─────"
        ))
        .run();
}

/// A pipe whose reading end is already closed, as `head -1` leaves it once it has its
/// line: every write to it fails. (std::io::pipe is newer than this crate's Rust.)
#[cfg(unix)]
fn closed_pipe() -> std::process::Stdio {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut ends = [0; 2];
    // SAFETY: `ends` has room for the two descriptors pipe(2) writes; each is owned once.
    let (reader, writer) = unsafe {
        assert_eq!(libc::pipe(ends.as_mut_ptr()), 0, "pipe");
        (OwnedFd::from_raw_fd(ends[0]), OwnedFd::from_raw_fd(ends[1]))
    };
    drop(reader);
    writer.into()
}

/// Runs `rehearse ARGS` with its standard output a pipe nobody reads; returns how it
/// ended and its stderr.
#[cfg(unix)]
fn with_closed_stdout(dir: &Path, args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    let writer = closed_pipe();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rehearse");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().expect("kill");
            panic!("{args:?} still running after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr piped")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    (status, stderr)
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().expect("scratch folder");
    let transcript = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cohort");
    let cohort = transcript.to_str().expect("UTF-8 path");
    for args in [
        &["list"][..],
        &["list", "--rubrics"],
        &["explain", "--rubric", "core", "Hello, how can I help?"],
        &["check"],
        &["schema", "scenario"],
        &["test"],
        &[
            "grade",
            "--dir",
            &format!("{cohort}/library"),
            &format!("{cohort}/transcripts"),
        ],
    ] {
        let (status, stderr) = with_closed_stdout(dir.path(), args);
        // Quietly: status 0, or ended by SIGPIPE as `cat` and `grep` are.
        let by_sigpipe =
            std::os::unix::process::ExitStatusExt::signal(&status) == Some(libc::SIGPIPE);
        assert!(
            status.success() || by_sigpipe,
            "{args:?} ended with {status}:\n{stderr}"
        );
        assert_eq!(stderr, "", "{args:?} wrote to stderr");
    }
}

/// Makes a named pipe: opening one to read waits until something writes to it.
#[cfg(unix)]
fn mkfifo(dir: &Path, name: &str) {
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join(name))
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {name}");
}

#[cfg(unix)]
const FIFO_HELP: &str = "  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\n";

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_refused() {
    for (args, expected) in [
        (&["grade", "talk.yaml"][..], "a file or folder"),
        (&["check", "talk.yaml"], "a file or folder"),
        (
            &["run", "late-delivery", "--replies", "talk.yaml"],
            "a file",
        ),
    ] {
        Case::new(args)
            .status(2)
            .stderr(format!(
                "error[not-a-file]: talk.yaml is a named pipe (FIFO), not {expected}\n{FIFO_HELP}"
            ))
            .run_with(|dir| mkfifo(dir, "talk.yaml"));
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_inside_a_folder_is_reported_not_read() {
    // `check` lists it among the folder's problems (on stdout) and exits 2: unreadable.
    Case::new(&["check", "mine"])
        .status(2)
        .stdout(format!(
            "error[not-a-file]: mine/talk.yaml is a named pipe (FIFO), not a file\n{FIFO_HELP}\nchecked 1 file: 1 error, 0 warnings\n"
        ))
        .run_with(|dir| {
            std::fs::create_dir(dir.join("mine")).expect("folder");
            mkfifo(dir, "mine/talk.yaml");
        });
    // A --dir folder's bad files are shown on stderr; the built-ins still list.
    Case::new(&["list", "--rubrics", "--dir", "mine"])
        .status(0)
        .stderr(format!(
            "error[not-a-file]: mine/talk.yaml is a named pipe (FIFO), not a file\n{FIFO_HELP}"
        ))
        .run_with(|dir| {
            std::fs::create_dir(dir.join("mine")).expect("folder");
            mkfifo(dir, "mine/talk.yaml");
        });
}

#[cfg(unix)]
#[test]
fn a_device_is_refused() {
    Case::new(&["run", "late-delivery", "--replies", "/dev/null"])
        .status(2)
        .stderr(format!(
            "error[not-a-file]: /dev/null is a device, not a file\n{FIFO_HELP}"
        ))
        .run();
}

#[test]
fn a_folder_where_a_file_is_expected() {
    Case::new(&["run", "late-delivery", "--replies", "answers"])
        .file("answers/one.txt", "Hello\n")
        .status(2)
        .stderr(
            "error[not-a-file]: answers is a folder, not a file\n  help: give the path of a file in it\n",
        )
        .run();
}

/// A rubric of this file's own, with `{version}` for its format version.
const RUBRIC: &str = "\
rehearse: {version}
id: bad-input-rubric
title: A rubric for bad inputs
skills:
  - id: hello
    name: Says hello
    feedback: { hit: Nice., miss: Say hello. }
    rules:
      - require: [hello]
";

fn rubric(version: &str) -> String {
    RUBRIC.replace("{version}", version)
}

#[test]
fn a_utf8_byte_order_mark_is_skipped_and_columns_stay_right() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(rubric("3").as_bytes());
    Case::new(&["explain", "--rubric", "r.yaml", "hello"])
        .file("r.yaml", bytes)
        .status(2)
        .stderr(
            "\
error[unsupported-version]: r.yaml:1:11: format version 3 is not supported
   ╭─[r.yaml:1:11]
 1 │ rehearse: 3
   ·           ─
 2 │ id: bad-input-rubric
   ╰────
  help: this build reads `rehearse: 1`
error: r.yaml is not a usable rubric (see the errors above)
",
        )
        .run();
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(rubric("1").as_bytes());
    Case::new(&["explain", "--rubric", "r.yaml", "hello"])
        .file("r.yaml", bytes)
        .status(0)
        .stderr("")
        .run();
}

#[test]
fn utf16_is_named_as_such() {
    for (bom, name) in [
        ([0xFF, 0xFE], "UTF-16 (little-endian)"),
        ([0xFE, 0xFF], "UTF-16 (big-endian)"),
    ] {
        let mut bytes = bom.to_vec();
        for unit in "Hello there\n".encode_utf16() {
            let pair = if bom[0] == 0xFF {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        Case::new(&["run", "late-delivery", "--replies", "replies.txt"])
            .file("replies.txt", bytes)
            .status(1)
            .stderr(format!(
                "error[not-utf8]: replies.txt is {name} text; rehearse reads UTF-8\n  help: save the file as UTF-8 (most editors: File → Save with encoding)\n"
            ))
            .run();
    }
}

#[test]
fn a_nul_byte_past_the_first_8_kb_is_located() {
    let mut text = String::from("rehearse: 1\n");
    for n in 0..400 {
        text.push_str(&format!("# line {n:03} of padding\n"));
    }
    text.push_str("id: x\0y\n");
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", text)
        .status(1)
        .stdout(
            "\
error[binary-file]: s.yaml:402:6: the file holds a NUL byte, so it is binary or damaged, not YAML text
     ╭─[s.yaml:402:6]
 401 │ # line 399 of padding
 402 │ id: x␀y
     ·      ─
     ╰────
  help: point rehearse at .yaml text files; if this one should be text, restore it or save it again

checked 1 file: 1 error, 0 warnings
",
        )
        .run();
}

/// A transcript as `run` writes it, for feeding to `grade`.
fn a_transcript() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("scratch folder");
    write(
        dir.path(),
        "replies.txt",
        "Good morning, I'm sorry about the wait.\n",
    );
    let out = rehearse(dir.path())
        .args(["run", "late-delivery", "--replies", "replies.txt"])
        .args(["--trainee", "Stdin Sam", "--out", "t.yaml"])
        .timeout(TIMEOUT)
        .output()
        .expect("run rehearse");
    assert!(out.status.code().is_some(), "run ended");
    std::fs::read(dir.path().join("t.yaml")).expect("transcript written")
}

#[test]
fn a_dash_reads_standard_input() {
    // Replies, one per line; without `-` the path "-" did not exist.
    Case::new(&["run", "late-delivery", "--replies", "-", "--format", "json"])
        .stdin("Good morning, I'm sorry about the wait.\n")
        .status(1)
        .stderr("")
        .stdout_has("{\n  \"ending\": \"abandoned\",\n  \"scenario\": \"late-delivery\",")
        .run();
    // One transcript.
    Case::new(&["grade", "-", "--format", "csv"])
        .stdin(a_transcript())
        .status(1)
        .stderr("")
        .stdout_has("file,trainee,scenario,")
        .run();
    // The reply to explain; it used to grade the text "-".
    Case::new(&["explain", "--rubric", "core", "-"])
        .stdin("Good morning\n")
        .status(0)
        .stderr("")
        .stdout_has("[+Good morning+]")
        .run();
    // A scenario or rubric to check, named <stdin> in messages.
    Case::new(&["check", "-"])
        .stdin(rubric("3"))
        .status(1)
        .stdout_has("error[unsupported-version]: <stdin>:1:11: format version 3 is not supported\n")
        .run();
}

#[test]
fn standard_input_is_read_once() {
    Case::new(&["grade", "-", "-"])
        .stdin(a_transcript())
        .status(2)
        .stderr("error: `-` (standard input) can be given only once\n")
        .run();
}

#[test]
fn play_without_a_terminal_needs_a_trainee_name() {
    // It used to exit 0 having printed nothing: the name prompt met the end of input.
    let expected = "error: `rehearse play` asks for the trainee's name, but standard input is not a terminal: pass `--trainee NAME`, or run it in a terminal\n";
    for args in [&["play", "late-delivery"][..], &["play"]] {
        Case::new(args)
            .stdin("")
            .status(2)
            .stderr(expected)
            .stdout("")
            .run();
    }
}

#[test]
fn explain_given_a_folder_as_rubric_says_what_it_takes() {
    Case::new(&["explain", "--rubric", "rubrics", "hello"])
        .file("rubrics/a.yaml", rubric("1"))
        .status(2)
        .stderr("error: rubrics is a folder, not a rubric: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)\n")
        .run();
    Case::new(&["explain", "--rubric", "mine/polite.yaml", "hello"])
        .status(2)
        .stderr("error: mine/polite.yaml: no such file: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)\n")
        .run();
}

#[test]
fn grading_an_empty_folder_says_nothing_was_found() {
    Case::new(&["grade", "exams"])
        .file("exams/notes.txt", "not a transcript\n")
        .status(2)
        .stderr("error: no transcripts found in exams: grade reads .yaml, .yml and .json files, in folders and their subfolders\n")
        .stdout("")
        .run();
}

/// A scenario of this file's own; `{difficulty}` is replaced.
const SCENARIO: &str = "\
rehearse: 1
id: bad-input-scenario
title: A scenario for bad inputs
persona: standard
difficulty: {difficulty}
channel: chat
brief: Somebody says hello.
customer: { name: Kim Lee }
rubrics: [core]
steps:
  - id: start
    say: [\"Hello?\"]
    end: resolved
";

#[test]
fn type_errors_are_in_plain_words() {
    // The caret runs to the end of the word (a `]` ends it).
    for (value, found, caret) in [
        ("easy", "the text \"easy\"", "────"),
        ("300", "`300`", "───"),
        ("[3]", "a list", "──"),
    ] {
        let text = SCENARIO.replace("{difficulty}", value);
        Case::new(&[
            "explain",
            "--scenario",
            "bad-input-scenario",
            "--rubric",
            "core",
            "--dir",
            "mine",
            "hi",
        ])
        .file("mine/s.yaml", text)
        .status(2)
        .stderr(format!(
            "\
error[wrong-type]: mine/s.yaml:5:13: difficulty: expected a whole number from 1 to 5, found {found}
   ╭─[mine/s.yaml:5:13]
 4 │ persona: standard
 5 │ difficulty: {value}
   ·             {caret}
 6 │ channel: chat
   ╰────
  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)
error: no scenario has the id `bad-input-scenario` (`rehearse list` shows them)
"
        ))
        .run();
    }
    // A file that is a list where a transcript (a mapping) belongs.
    Case::new(&["grade", "t.yaml"])
        .file("t.yaml", "- one\n- two\n")
        .status(1)
        .stderr("")
        .stdout_has("\n  t.yaml:1:1: expected a transcript (a mapping with `rehearse`, `scenario`, `turns`…), found a list\n")
        .run();
}

#[test]
fn a_backslash_escape_in_double_quotes_suggests_single_quotes() {
    let text = rubric("1").replace(
        "      - require: [hello]",
        "      - require: [hello]\n        regex: [\"order \\d+\"]",
    );
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", text)
        .status(1)
        .stdout("\
error[yaml-syntax]: r.yaml:10:24: this is not valid YAML: `\\d` is not an escape that double quotes allow
    ╭─[r.yaml:10:24]
  9 │       - require: [hello]
 10 │         regex: [\"order \\d+\"]
    ·                        ──
    ╰────
  help: write regexes in single quotes, where a backslash is just a backslash: 'order \\d+'

checked 1 file: 1 error, 0 warnings
")
        .run();
}

#[test]
fn shown_at_must_be_a_share_from_0_to_1() {
    let text = rubric("1").replace(
        "    name: Says hello\n",
        "    name: Says hello\n    shown_at: 2\n",
    );
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", text)
        .status(1)
        .stdout(
            "\
error[out-of-range]: r.yaml:7:15: shown_at 2 is outside 0–1
   ╭─[r.yaml:7:15]
 6 │     name: Says hello
 7 │     shown_at: 2
   ·               ─
 8 │     feedback: { hit: Nice., miss: Say hello. }
   ╰────
  help: shown_at is the share of the skill's score that counts as showing it, e.g. 0.5; 1 when every rule must be met

checked 1 file: 1 error, 0 warnings
",
        )
        .run();
}

#[test]
fn a_binary_tag_is_refused() {
    let text = rubric("1").replace("title: A rubric for bad inputs", "title: !!binary aGVsbG8=");
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", text)
        .status(1)
        .stdout(
            "\
error[unsupported-tag]: r.yaml:3:8: the tag `!!binary` is not supported: rehearse would read the value as plain text
   ╭─[r.yaml:3:8]
 2 │ id: bad-input-rubric
 3 │ title: !!binary aGVsbG8=
   ·        ────────
 4 │ skills:
   ╰────
  help: remove the tag and write the value as text

checked 1 file: 1 error, 0 warnings
",
        )
        .run();
}

#[test]
fn a_transcript_naming_an_unknown_rubric_or_step_is_a_problem() {
    let good = String::from_utf8(a_transcript()).expect("UTF-8 transcript");
    let gone_rubric = good.replacen("- id: core\n", "- id: gone-rubric\n", 1);
    let gone_step = good.replacen("- step: opening\n", "- step: nowhere\n", 1);
    assert!(gone_rubric != good && gone_step != good, "edits applied");
    // The other file is still graded (Stdin Sam's row), and the status says failure.
    Case::new(&["grade", "exams"])
        .file("exams/a.yaml", good)
        .file("exams/b.yaml", gone_rubric)
        .file("exams/c.yaml", gone_step)
        .status(1)
        .stderr("")
        .stdout_has("│ Stdin Sam ┆ late-delivery ┆")
        .stdout_has(
            "2 file(s) could not be graded:
  exams/b.yaml:5:7: the transcript names rubric `gone-rubric`, which is not known; add its folder with --dir
  exams/c.yaml:18:9: the transcript names step `nowhere`, which scenario `late-delivery` does not have
",
        )
        .run();
}
