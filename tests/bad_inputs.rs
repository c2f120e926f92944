//! Inputs that once crashed, hung or misled: each case is the files and arguments given,
//! and the exit status and exact error text expected. Every run has a timeout, so a case
//! that would block (a FIFO, a terminal read) fails instead of hanging the suite.
mod common;

use std::path::Path;
use std::time::Duration;

use common::{rehearse, write};

/// Long enough for a slow debug build on a busy machine (`rehearse test` over the whole
/// shipped library took 10 s of CPU in a debug build on 28 November, and over 20 s of
/// wall time with the two cores shared three ways), short enough to catch a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

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
    /// The folder, within the scratch folder, to run in (default: the scratch folder).
    folder: Option<&'static str>,
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

    /// Runs in `folder` below the scratch folder (which must hold a file in it).
    fn run_in(mut self, folder: &'static str) -> Case {
        self.folder = Some(folder);
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
        let mut command = rehearse(&dir.path().join(self.folder.unwrap_or("")));
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
    // A scenario or transcript given as a rubric loads without errors: there are none
    // "above" to see (that was the message), so the file's kind is named.
    Case::new(&["explain", "--rubric", "s.yaml", "hello"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Help.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(2)
        .stderr("error: s.yaml is a scenario, not a rubric: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)\n")
        .stdout("")
        .run();
    Case::new(&["explain", "--rubric", "t.yaml", "hello"])
        .file("t.yaml", a_transcript())
        .status(2)
        .stderr("error: t.yaml is a transcript, not a rubric: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)\n")
        .stdout("")
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
  exams/c.yaml:19:9: the transcript names step `nowhere`, which scenario `late-delivery` does not have
",
        )
        .run();
}

// The catalogue below was recorded from the binary and reviewed case by case: each is the
// files, the command line, and the exact exit status, stderr and stdout.

/// Each command's bad flags and unknown ids: clap's usage errors, or rehearse's own with did-you-mean; exit 2.
#[test]
fn every_command_refuses_bad_flags_and_ids() {
    // list unknown format
    Case::new(&["list", "--format", "xml"])
        .status(2)
        .stderr("error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // list unknown flag
    Case::new(&["list", "--bogus"])
        .status(2)
        .stderr("error: unexpected argument '--bogus' found\n\nUsage: rehearse list [OPTIONS]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // play seed not a number
    Case::new(&["play", "late-delivery", "--seed", "abc"])
        .status(2)
        .stderr("error: invalid value 'abc' for '--seed <SEED>': invalid digit found in string\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // play unknown scenario
    Case::new(&["play", "late-delivry", "--trainee", "Sam"])
        .stdin("")
        .status(2)
        .stderr("error: no scenario has the id `late-delivry` (did you mean `late-delivery`?)\n")
        .stdout("")
        .run();
    // run without replies
    Case::new(&["run", "late-delivery"])
        .status(2)
        .stderr("error: the following required arguments were not provided:\n  --replies <FILE>\n\nUsage: rehearse run --replies <FILE> <SCENARIO>\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // run negative seed
    Case::new(&["run", "late-delivery", "--replies", "r.txt", "--seed", "-1"])
        .file("r.txt", "Hello\n")
        .status(2)
        .stderr("error: unexpected argument '-1' found\n\n  tip: to pass '-1' as a value, use '-- -1'\n\nUsage: rehearse run [OPTIONS] --replies <FILE> <SCENARIO>\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // run unknown scenario
    Case::new(&["run", "late-delivry", "--replies", "r.txt"])
        .file("r.txt", "Hello\n")
        .status(2)
        .stderr("error: no scenario has the id `late-delivry` (did you mean `late-delivery`?)\n")
        .stdout("")
        .run();
    // grade without paths
    Case::new(&["grade"])
        .status(2)
        .stderr("error: the following required arguments were not provided:\n  <PATHS>...\n\nUsage: rehearse grade <PATHS>...\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // grade unknown format
    Case::new(&["grade", "x", "--format", "pdf"])
        .status(2)
        .stderr("error: invalid value 'pdf' for '--format <FORMAT>'\n  [possible values: table, json, csv, junit, html, xapi]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // grade pass not a number
    Case::new(&["grade", "x", "--pass", "abc"])
        .status(2)
        .stderr("error: invalid value 'abc' for '--pass <PASS>': invalid float literal\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // grade pass out of range
    Case::new(&["grade", "t.yaml", "--pass", "150"])
        .file("t.yaml", "rehearse: 1\n")
        .status(2)
        .stderr("error: --pass 150 is outside 0–100\n")
        .stdout("")
        .run();
    // grade missing path
    Case::new(&["grade", "nowhere.yaml"])
        .status(2)
        .stderr("error: nowhere.yaml: no such file or folder\n")
        .stdout("")
        .run();
    // check unknown format
    Case::new(&["check", "--format", "yaml"])
        .status(2)
        .stderr("error: invalid value 'yaml' for '--format <FORMAT>'\n  [possible values: text, json]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // check missing path
    Case::new(&["check", "missing.yaml"])
        .status(2)
        .stderr("error: missing.yaml: no such file or folder\n")
        .stdout("")
        .run();
    // check stdin twice
    Case::new(&["check", "-", "-"])
        .stdin("")
        .status(2)
        .stderr("error: `-` (standard input) can be given only once\n")
        .stdout("")
        .run();
    // watching standard input: it can be read only once
    for args in [
        &["check", "--watch", "-"][..],
        &["test", "--watch", "-"],
        &["explain", "--watch", "--rubric", "core"],
        &["explain", "--watch", "--rubric", "core", "-"],
    ] {
        Case::new(args)
            .stdin("hello\n")
            .status(2)
            .stderr("error: --watch re-reads files, and standard input can be read only once: give files, and explain's reply as an argument\n")
            .stdout("")
            .run();
    }
    // test unknown format
    Case::new(&["test", "--format", "xml"])
        .status(2)
        .stderr("error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json, junit]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // test missing path
    Case::new(&["test", "missing.yaml"])
        .status(2)
        .stderr("error: missing.yaml: no such file or folder\n")
        .stdout("")
        .run();
    // explain without rubric
    Case::new(&["explain", "hi"])
        .status(2)
        .stderr("error: the following required arguments were not provided:\n  --rubric <RUBRIC>\n\nUsage: rehearse explain --rubric <RUBRIC> <REPLY>\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // explain unknown rubric
    Case::new(&["explain", "--rubric", "cor", "hi"])
        .status(2)
        .stderr("error: no rubric has the id `cor` (did you mean `core`?)\n")
        .stdout("")
        .run();
    // explain unknown format
    Case::new(&["explain", "--rubric", "core", "--format", "csv", "hi"])
        .status(2)
        .stderr("error: invalid value 'csv' for '--format <FORMAT>'\n  [possible values: text, json]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // explain empty reply
    Case::new(&["explain", "--rubric", "core"])
        .stdin("\n\n")
        .status(2)
        .stderr("error: give a reply to explain, as an argument or on standard input\n")
        .stdout("")
        .run();
    // explain unknown scenario
    Case::new(&["explain", "--rubric", "core", "--scenario", "nope", "hi"])
        .status(2)
        .stderr("error: no scenario has the id `nope` (`rehearse list` shows them)\n")
        .stdout("")
        .run();
    // calibrate without labels
    Case::new(&["calibrate"])
        .status(2)
        .stderr("error: the following required arguments were not provided:\n  <LABELS>...\n\nUsage: rehearse calibrate <LABELS>...\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // calibrate min f1 out of range
    Case::new(&["calibrate", "l.yaml", "--min-f1", "1.5"])
        .file("l.yaml", "rehearse: 1\nrubrics: [core]\nitems:\n  - reply: Good morning\n    labels: {greeting: true}\n")
        .status(2)
        .stderr("error: --min-f1 1.5 is outside 0–1 (an F1 of 0.9 is written 0.9)\n")
        .stdout("")
        .run();
    // calibrate show negative
    Case::new(&["calibrate", "l.yaml", "--show", "-1"])
        .file("l.yaml", "rehearse: 1\nrubrics: [core]\nitems:\n  - reply: Good morning\n    labels: {greeting: true}\n")
        .status(2)
        .stderr("error: unexpected argument '-1' found\n\n  tip: to pass '-1' as a value, use '-- -1'\n\nUsage: rehearse calibrate [OPTIONS] <LABELS>...\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // new unknown kind
    Case::new(&["new", "thing", "x"])
        .status(2)
        .stderr("error: invalid value 'thing' for '<KIND>'\n  [possible values: scenario, rubric]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // new bad id
    Case::new(&["new", "scenario", "Bad_Name"])
        .status(2)
        .stderr("error: `Bad_Name` is not a valid id: use lower-case letters, digits and dashes, e.g. broken-heater\n")
        .stdout("")
        .run();
    // schema unknown kind
    Case::new(&["schema", "foo"])
        .status(2)
        .stderr("error: invalid value 'foo' for '<KIND>'\n  [possible values: scenario, rubric, transcript, labels]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // schema unknown draft
    Case::new(&["schema", "scenario", "--draft", "4"])
        .status(2)
        .stderr("error: invalid value '4' for '--draft <DRAFT>'\n  [possible values: 2020-12, 07]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // completions unknown shell
    Case::new(&["completions", "tcsh"])
        .status(2)
        .stderr("error: invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]\n\n  tip: a similar value exists: 'zsh'\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // man takes no arguments
    Case::new(&["man", "extra"])
        .status(2)
        .stderr("error: unexpected argument 'extra' found\n\nUsage: rehearse man [OPTIONS]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // unknown colour
    Case::new(&["--color", "purple", "list"])
        .status(2)
        .stderr("error: invalid value 'purple' for '--color <COLOR>'\n  [possible values: auto, always, never]\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // unknown command
    Case::new(&["frobnicate"])
        .status(2)
        .stderr("error: unrecognized subcommand 'frobnicate'\n\n  tip: a similar subcommand exists: 'calibrate'\n\nUsage: rehearse [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n")
        .stdout("")
        .run();
    // dir missing folder: bad usage for every command that reads folders (it listed the
    // built-ins and exited 0)
    for args in [
        &["list", "--dir", "nowhere"][..],
        &[
            "play",
            "late-delivery",
            "--trainee",
            "Sam",
            "--dir",
            "nowhere",
        ],
        &[
            "run",
            "late-delivery",
            "--replies",
            "r.txt",
            "--dir",
            "nowhere",
        ],
        &["grade", "t.yaml", "--dir", "nowhere"],
        &["check", "--dir", "nowhere"],
        &["test", "--dir", "nowhere"],
        &["explain", "--rubric", "core", "hi", "--dir", "nowhere"],
        &["calibrate", "l.yaml", "--dir", "nowhere"],
    ] {
        Case::new(args)
            .file("r.txt", "Hello\n")
            .file("t.yaml", a_transcript())
            .status(2)
            .stderr("error: --dir nowhere: no such folder\n")
            .stdout("")
            .run();
    }
    // dir a fifo
    Case::new(&["list", "--dir", "talk"])
        .status(2)
        .stderr("error[not-a-file]: talk is a named pipe (FIFO), not a file or folder\n  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\n")
        .stdout("")
        .run_with(|dir| mkfifo(dir, "talk"));
}

/// Byte-order marks, UTF-16, Latin-1, CRLF, NUL bytes late in a file, lines past column 65,535, tabs.
#[test]
fn encodings_and_odd_bytes_are_located() {
    // bom and tab indentation
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "\u{feff}rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n\tname: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[yaml-syntax]: r.yaml:6:1: this is not valid YAML: a tab is used for indentation\n   ╭─[r.yaml:6:1]\n 5 │   - id: hello\n 6 │     name: Says hello\n   · ────\n 7 │     feedback: { hit: Nice., miss: Say hello. }\n   ╰────\n  help: check indentation (spaces, not tabs) and that brackets and quotes are closed\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // utf16 le rubric
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", b"\xff\xfer\x00e\x00h\x00e\x00a\x00r\x00s\x00e\x00:\x00 \x001\x00\n\x00i\x00d\x00:\x00 \x00b\x00a\x00d\x00-\x00i\x00n\x00p\x00u\x00t\x00-\x00r\x00u\x00b\x00r\x00i\x00c\x00\n\x00t\x00i\x00t\x00l\x00e\x00:\x00 \x00A\x00 \x00r\x00u\x00b\x00r\x00i\x00c\x00 \x00f\x00o\x00r\x00 \x00b\x00a\x00d\x00 \x00i\x00n\x00p\x00u\x00t\x00s\x00\n\x00s\x00k\x00i\x00l\x00l\x00s\x00:\x00\n\x00 \x00 \x00-\x00 \x00i\x00d\x00:\x00 \x00h\x00e\x00l\x00l\x00o\x00\n\x00 \x00 \x00 \x00 \x00n\x00a\x00m\x00e\x00:\x00 \x00S\x00a\x00y\x00s\x00 \x00h\x00e\x00l\x00l\x00o\x00\n\x00 \x00 \x00 \x00 \x00f\x00e\x00e\x00d\x00b\x00a\x00c\x00k\x00:\x00 \x00{\x00 \x00h\x00i\x00t\x00:\x00 \x00N\x00i\x00c\x00e\x00.\x00,\x00 \x00m\x00i\x00s\x00s\x00:\x00 \x00S\x00a\x00y\x00 \x00h\x00e\x00l\x00l\x00o\x00.\x00 \x00}\x00\n\x00 \x00 \x00 \x00 \x00r\x00u\x00l\x00e\x00s\x00:\x00\n\x00 \x00 \x00 \x00 \x00 \x00 \x00-\x00 \x00r\x00e\x00q\x00u\x00i\x00r\x00e\x00:\x00 \x00[\x00h\x00e\x00l\x00l\x00o\x00]\x00\n\x00".to_vec())
        .status(1)
        .stderr("")
        .stdout("error[not-utf8]: r.yaml is UTF-16 (little-endian) text; rehearse reads UTF-8\n  help: save the file as UTF-8 (most editors: File → Save with encoding)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // utf16 be rubric without bom
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "\u{0}r\u{0}e\u{0}h\u{0}e\u{0}a\u{0}r\u{0}s\u{0}e\u{0}:\u{0} \u{0}1\u{0}\n\u{0}i\u{0}d\u{0}:\u{0} \u{0}b\u{0}a\u{0}d\u{0}-\u{0}i\u{0}n\u{0}p\u{0}u\u{0}t\u{0}-\u{0}r\u{0}u\u{0}b\u{0}r\u{0}i\u{0}c\u{0}\n\u{0}t\u{0}i\u{0}t\u{0}l\u{0}e\u{0}:\u{0} \u{0}A\u{0} \u{0}r\u{0}u\u{0}b\u{0}r\u{0}i\u{0}c\u{0} \u{0}f\u{0}o\u{0}r\u{0} \u{0}b\u{0}a\u{0}d\u{0} \u{0}i\u{0}n\u{0}p\u{0}u\u{0}t\u{0}s\u{0}\n\u{0}s\u{0}k\u{0}i\u{0}l\u{0}l\u{0}s\u{0}:\u{0}\n\u{0} \u{0} \u{0}-\u{0} \u{0}i\u{0}d\u{0}:\u{0} \u{0}h\u{0}e\u{0}l\u{0}l\u{0}o\u{0}\n\u{0} \u{0} \u{0} \u{0} \u{0}n\u{0}a\u{0}m\u{0}e\u{0}:\u{0} \u{0}S\u{0}a\u{0}y\u{0}s\u{0} \u{0}h\u{0}e\u{0}l\u{0}l\u{0}o\u{0}\n\u{0} \u{0} \u{0} \u{0} \u{0}f\u{0}e\u{0}e\u{0}d\u{0}b\u{0}a\u{0}c\u{0}k\u{0}:\u{0} \u{0}{\u{0} \u{0}h\u{0}i\u{0}t\u{0}:\u{0} \u{0}N\u{0}i\u{0}c\u{0}e\u{0}.\u{0},\u{0} \u{0}m\u{0}i\u{0}s\u{0}s\u{0}:\u{0} \u{0}S\u{0}a\u{0}y\u{0} \u{0}h\u{0}e\u{0}l\u{0}l\u{0}o\u{0}.\u{0} \u{0}}\u{0}\n\u{0} \u{0} \u{0} \u{0} \u{0}r\u{0}u\u{0}l\u{0}e\u{0}s\u{0}:\u{0}\n\u{0} \u{0} \u{0} \u{0} \u{0} \u{0} \u{0}-\u{0} \u{0}r\u{0}e\u{0}q\u{0}u\u{0}i\u{0}r\u{0}e\u{0}:\u{0} \u{0}[\u{0}h\u{0}e\u{0}l\u{0}l\u{0}o\u{0}]\u{0}\n")
        .status(1)
        .stderr("")
        .stdout("error[binary-file]: r.yaml:1:1: the file holds a NUL byte, so it is binary or damaged, not YAML text\n   ╭─[r.yaml:1:1]\n 1 │ ␀r␀e␀h␀e␀a␀r␀s␀e␀:␀ ␀1␀\n   · ─\n   ╰────\n  help: point rehearse at .yaml text files; if this one should be text, restore it or save it again\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // latin1 bytes
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", b"rehearse: 1\nid: bad-input-rubric\ntitle: Caf\xe9\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n".to_vec())
        .status(1)
        .stderr("")
        .stdout("error[not-utf8]: r.yaml:3:11: the file is not UTF-8 text (bad byte at offset 43)\n   ╭─[r.yaml:3:11]\n 2 │ id: bad-input-rubric\n 3 │ title: Caf\u{fffd}\n   ·           ─\n   ╰────\n  help: save the file as UTF-8 (most editors: File → Save with encoding)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // crlf unknown key is located
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\r\nid: bad-input-rubric\r\ntitle: A rubric for bad inputs\r\nskills:\r\n  - id: hello\r\n    nmae: Says hello\r\n    feedback: { hit: Nice., miss: Say hello. }\r\n    rules:\r\n      - require: [hello]\r\n")
        .status(1)
        .stderr("")
        .stdout("error[unknown-key]: r.yaml:6:5: skills[0]: unknown key `nmae`\n   ╭─[r.yaml:6:5]\n 5 │   - id: hello\n 6 │     nmae: Says hello\n   ·     ──┬─\n   ·       ╰── not a key here\n 7 │     feedback: { hit: Nice., miss: Say hello. }\n   ╰────\n  help: did you mean `name`? (allowed here: `id`, `name`, `stage`, `weight`, `critical`, `shown_at`, `feedback`, `rules`, `examples`)\n\nerror[missing-key]: r.yaml:5:5: skills[0]: missing field `name`\n   ╭─[r.yaml:5:5]\n 4 │ skills:\n 5 │   - id: hello\n   ·     ──\n 6 │     nmae: Says hello\n   ╰────\n  help: add the key; `rehearse new` writes a complete starting file\n\nchecked 1 file: 2 errors, 0 warnings\n")
        .run();
    // crlf clean file passes
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\r\nid: bad-input-rubric\r\ntitle: A rubric for bad inputs\r\nskills:\r\n  - id: hello\r\n    name: Says hello\r\n    feedback: { hit: Nice., miss: Say hello. }\r\n    rules:\r\n      - require: [hello]\r\n")
        .status(0)
        .stderr("")
        .stdout("checked 1 file: 0 errors, 0 warnings\n")
        .run();
    // old mac line breaks: a lone \r ends a line, for serde_yaml's errors and the
    // locations of our own checks alike (it was 1:164 and 1:181, with a one-line excerpt)
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\rid: bad-input-rubric\rtitle: A rubric for bad inputs\rskills:\r  - id: hello\r    nmae: Says hello\r    feedback: { hit: Nice., miss: Say hello. }\r    rules:\r      - require: [hello]\r")
        .status(1)
        .stderr("")
        .stdout("error[unknown-key]: r.yaml:6:5: skills[0]: unknown key `nmae`\n   ╭─[r.yaml:6:5]\n 5 │   - id: hello\n 6 │     nmae: Says hello\n   ·     ──┬─\n   ·       ╰── not a key here\n 7 │     feedback: { hit: Nice., miss: Say hello. }\n   ╰────\n  help: did you mean `name`? (allowed here: `id`, `name`, `stage`, `weight`, `critical`, `shown_at`, `feedback`, `rules`, `examples`)\n\nerror[missing-key]: r.yaml:5:5: skills[0]: missing field `name`\n   ╭─[r.yaml:5:5]\n 4 │ skills:\n 5 │   - id: hello\n   ·     ──\n 6 │     nmae: Says hello\n   ╰────\n  help: add the key; `rehearse new` writes a complete starting file\n\nchecked 1 file: 2 errors, 0 warnings\n")
        .run();
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\rid: Bad Id\rtitle: A rubric for bad inputs\rskills:\r  - id: hello\r    name: Says hello\r    feedback: { hit: Nice., miss: Say hello. }\r    rules:\r      - require: [hello]\r")
        .status(1)
        .stderr("")
        .stdout("error[bad-id]: r.yaml:2:5: `Bad Id` is not a valid id\n   ╭─[r.yaml:2:5]\n 1 │ rehearse: 1\n 2 │ id: Bad Id\n   ·     ──────\n 3 │ title: A rubric for bad inputs\n   ╰────\n  help: use lower-case letters, digits and dashes, e.g. `core`\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // nul late in replies
    Case::new(&["run", "late-delivery", "--replies", "r.txt"])
        .file("r.txt", "Hello\n".repeat(2000) + "bad\0reply\n")
        .status(1)
        .stderr("error[binary-file]: r.txt:2001:4: the file holds a NUL byte, so it is binary or damaged, not YAML text\n      ╭─[r.txt:2001:4]\n 2000 │ Hello\n 2001 │ bad␀reply\n      ·    ─\n      ╰────\n  help: point rehearse at .yaml text files; if this one should be text, restore it or save it again\n")
        .stdout("")
        .run();
    // nul late in transcript
    Case::new(&["grade", "t.yaml"])
        .file("t.yaml", format!("rehearse: 1\n{}trainee: x\0\n", "# pad\n".repeat(2000)))
        .status(1)
        .stderr("")
        .stdout("┌─────────┬──────────┬─────────┬───────┬────────┬───────────────┬────────┐\n│ trainee ┆ scenario ┆ attempt ┆ score ┆ result ┆ weakest skill ┆ ending │\n╞═════════╪══════════╪═════════╪═══════╪════════╪═══════════════╪════════╡\n└─────────┴──────────┴─────────┴───────┴────────┴───────────────┴────────┘\n\n1 file(s) could not be graded:\n  t.yaml:2002:11: the file holds a NUL byte, so it is binary or damaged, not YAML text\n\nCohort: 0 graded, 0 passed (0%), mean 0.0%, median 0.0%\n")
        .run();
    // binary junk labels
    Case::new(&["calibrate", "l.yaml"])
        .file("l.yaml", (0..=255u8).cycle().take(1024).collect::<Vec<u8>>())
        .status(2)
        .stderr("error[binary-file]: l.yaml:1:1: the file holds a NUL byte, so it is binary or damaged, not YAML text\n   ╭─[l.yaml:1:1]\n 1 │ ␀\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\n   · ─\n   ╰────\n  help: point rehearse at .yaml text files; if this one should be text, restore it or save it again\nerror: no labels file could be read (see the errors above)\n")
        .stdout("")
        .run();
    // column past 65535 in a rubric
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", rubric("1").replace("title: A rubric for bad inputs", &format!("title: {} extra: {{", "t".repeat(70_000))))
        .status(1)
        .stderr("")
        .stdout("error[yaml-syntax]: r.yaml:3:70014: this is not valid YAML: mapping values are not allowed in this context\n   ╭─[r.yaml:3:70014]\n 2 │ …\n 3 │ …ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt extra: {\n   ·                                                                               ─\n 4 │ …\n   ╰────\n  help: check indentation (spaces, not tabs) and that brackets and quotes are closed\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // column past 65535 unknown key
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", rubric("1").replace("    feedback: { hit: Nice., miss: Say hello. }", &format!("    feedback: {{ hit: {}, mss: Say hello. }}", "n".repeat(70_000))))
        .status(1)
        .stderr("")
        .stdout("error[unknown-key]: r.yaml:7:70024: skills[0].feedback: unknown key `mss`\n   ╭─[r.yaml:7:70024]\n 6 │ …\n 7 │ …nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn, mss: Say hello. }\n   ·                                                                 ─┬─\n   ·                                                                  ╰── not a key here\n 8 │ …\n   ╰────\n  help: did you mean `miss`? (allowed here: `hit`, `miss`, `suggest`)\n\nerror[missing-key]: r.yaml:7:15: skills[0].feedback: missing field `miss`\n   ╭─[r.yaml:7:15]\n 6 │     name: Says hello\n 7 │     feedback: { hit: nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…\n   ·               ─────\n 8 │     rules:\n   ╰────\n  help: add the key; `rehearse new` writes a complete starting file\n\nchecked 1 file: 2 errors, 0 warnings\n")
        .run();
    // tab in a scenario
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n\tend: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[yaml-syntax]: s.yaml:13:1: this is not valid YAML: a tab is used for indentation\n    ╭─[s.yaml:13:1]\n 12 │     say: [\"Hello?\"]\n 13 │     end: resolved\n    · ────\n    ╰────\n  help: check indentation (spaces, not tabs) and that brackets and quotes are closed\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // only comments
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "# nothing here yet\n# still nothing\n")
        .status(1)
        .stderr("")
        .stdout("error[unknown-file-kind]: r.yaml: this is neither a scenario (`steps:`), a rubric (`skills:`) nor a transcript (`turns:`)\n  help: start from `rehearse new scenario NAME` or `rehearse new rubric NAME`\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // not yaml extension
    Case::new(&["check", "notes.txt"])
        .file("notes.txt", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(0)
        .stderr("")
        .stdout("checked 1 file: 0 errors, 0 warnings\n")
        .run();
}

#[cfg(unix)]
/// Devices, folders and FIFOs where a file is expected: refused without reading (no hang).
#[test]
fn paths_that_are_not_regular_files() {
    // dev null as folder to check
    Case::new(&["check", "/dev/null"])
        .status(2)
        .stderr("error[not-a-file]: /dev/null is a device, not a file or folder\n  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\n")
        .stdout("")
        .run();
    // dev null transcript
    Case::new(&["grade", "/dev/null"])
        .status(2)
        .stderr("error[not-a-file]: /dev/null is a device, not a file or folder\n  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\n")
        .stdout("")
        .run();
    // dev null labels
    Case::new(&["calibrate", "/dev/null"])
        .status(2)
        .stderr("error[not-a-file]: /dev/null is a device, not a file\n  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\nerror: no labels file could be read (see the errors above)\n")
        .stdout("")
        .run();
    // folder as replies
    Case::new(&["run", "late-delivery", "--replies", "sub"])
        .file("sub/x.txt", "hi\n")
        .status(2)
        .stderr("error[not-a-file]: sub is a folder, not a file\n  help: give the path of a file in it\n")
        .stdout("")
        .run();
    // folder as labels without labels
    Case::new(&["calibrate", "sub"])
        .file("sub/x.txt", "hi\n")
        .status(2)
        .stderr("error: no labels files found (.yaml, .yml or .jsonl)\n")
        .stdout("")
        .run();
    // fifo labels
    Case::new(&["calibrate", "talk.jsonl"])
        .status(2)
        .stderr("error[not-a-file]: talk.jsonl is a named pipe (FIFO), not a file\n  help: rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input\nerror: no labels file could be read (see the errors above)\n")
        .stdout("")
        .run_with(|dir| mkfifo(dir, "talk.jsonl"));
    // fifo explain rubric
    Case::new(&["explain", "--rubric", "talk.yaml", "hi"])
        .status(2)
        .stderr("error: talk.yaml is a named pipe (FIFO), not a rubric: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)\n")
        .stdout("")
        .run_with(|dir| mkfifo(dir, "talk.yaml"));
    // fifo rehearse toml: reported, not skipped without a word (nor opened: that would wait
    // for a writer)
    Case::new(&["list"])
        .status(2)
        .stderr("error[not-a-file]: rehearse.toml is a named pipe (FIFO), not a file\n  help: rehearse.toml marks a project and holds its settings: it must be a TOML text file (it may be empty); move what is there aside and write the file\n")
        .stdout("")
        .run_with(|dir| mkfifo(dir, "rehearse.toml"));
    // the same from a folder below, named as seen from there
    Case::new(&["check"])
        .file("sub/x.txt", "")
        .run_in("sub")
        .status(2)
        .stderr("error[not-a-file]: ../rehearse.toml is a named pipe (FIFO), not a file\n  help: rehearse.toml marks a project and holds its settings: it must be a TOML text file (it may be empty); move what is there aside and write the file\n")
        .stdout("")
        .run_with(|dir| mkfifo(dir, "rehearse.toml"));
    // folder named rehearse toml: reported, not skipped
    Case::new(&["list", "--rubrics", "--format", "json"])
        .file("rehearse.toml/x", "")
        .status(2)
        .stderr("error[not-a-file]: rehearse.toml is a folder, not a file\n  help: rehearse.toml marks a project and holds its settings: it must be a TOML text file (it may be empty); move what is there aside and write the file\n")
        .stdout("")
        .run();
}

/// Tags serde_yaml would silently ignore.
#[test]
fn yaml_tags_beyond_the_core_schema() {
    // binary tag in scenario
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: !!binary aGVsbG8=\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[unsupported-tag]: s.yaml:7:8: the tag `!!binary` is not supported: rehearse would read the value as plain text\n   ╭─[s.yaml:7:8]\n 6 │ channel: chat\n 7 │ brief: !!binary aGVsbG8=\n   ·        ────────\n 8 │ customer: { name: Kim Lee }\n   ╰────\n  help: remove the tag and write the value as text\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // timestamp tag in rubric
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: !!timestamp 2001-12-14\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[unsupported-tag]: r.yaml:3:8: the tag `!!timestamp` is not supported: rehearse would read the value as plain text\n   ╭─[r.yaml:3:8]\n 2 │ id: bad-input-rubric\n 3 │ title: !!timestamp 2001-12-14\n   ·        ───────────\n 4 │ skills:\n   ╰────\n  help: remove the tag and write the value as text\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // set tag on a list
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: !!set {hello}\n")
        .status(1)
        .stderr("")
        .stdout("error[unsupported-tag]: r.yaml:9:18: the tag `!!set` is not supported: rehearse would read the value as plain text\n   ╭─[r.yaml:9:18]\n 8 │     rules:\n 9 │       - require: !!set {hello}\n   ·                  ─────\n   ╰────\n  help: remove the tag and write the value as text\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
}

/// Numbers of the right type outside their range.
#[test]
fn out_of_range_thresholds() {
    // pass mark negative
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\npass_mark: -5\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: r.yaml:4:12: pass mark -5 is outside 0–100\n   ╭─[r.yaml:4:12]\n 3 │ title: A rubric for bad inputs\n 4 │ pass_mark: -5\n   ·            ──\n 5 │ skills:\n   ╰────\n  help: the pass mark is a percentage, e.g. `pass_mark: 70`\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // shown at negative
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    shown_at: -0.1\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: r.yaml:7:15: shown_at -0.1 is outside 0–1\n   ╭─[r.yaml:7:15]\n 6 │     name: Says hello\n 7 │     shown_at: -0.1\n   ·               ────\n 8 │     feedback: { hit: Nice., miss: Say hello. }\n   ╰────\n  help: shown_at is the share of the skill's score that counts as showing it, e.g. 0.5; 1 when every rule must be met\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // weight negative
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    weight: -1\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[bad-weight]: r.yaml:7:13: weight -1 must be greater than 0\n   ╭─[r.yaml:7:13]\n 6 │     name: Says hello\n 7 │     weight: -1\n   ·             ──\n 8 │     feedback: { hit: Nice., miss: Say hello. }\n   ╰────\n  help: to switch a skill off, remove it; weights are relative, e.g. 1, 2, 3\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // gaming penalty negative
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\ngaming_penalty: -2\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: r.yaml:4:17: gaming_penalty cannot be negative\n   ╭─[r.yaml:4:17]\n 3 │ title: A rubric for bad inputs\n 4 │ gaming_penalty: -2\n   ·                 ──\n 5 │ skills:\n   ╰────\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // difficulty zero
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 0\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: s.yaml:5:13: difficulty 0 is outside 1–5\n   ╭─[s.yaml:5:13]\n 4 │ persona: standard\n 5 │ difficulty: 0\n   ·             ─\n 6 │ channel: chat\n   ╰────\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // difficulty six
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 6\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: s.yaml:5:13: difficulty 6 is outside 1–5\n   ╭─[s.yaml:5:13]\n 4 │ persona: standard\n 5 │ difficulty: 6\n   ·             ─\n 6 │ channel: chat\n   ╰────\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // scenario pass mark over 100
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\npass_mark: 101\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: s.yaml:10:12: pass mark 101 is outside 0–100\n    ╭─[s.yaml:10:12]\n  9 │ rubrics: [core]\n 10 │ pass_mark: 101\n    ·            ───\n 11 │ steps:\n    ╰────\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // customer mood out of range
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee, mood: 11 }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[out-of-range]: s.yaml:8:34: mood 11 is outside 0–10\n   ╭─[s.yaml:8:34]\n 7 │ brief: Somebody says hello.\n 8 │ customer: { name: Kim Lee, mood: 11 }\n   ·                                  ──\n 9 │ rubrics: [core]\n   ╰────\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // config pass mark negative
    Case::new(&["list"])
        .file("rehearse.toml", "pass_mark = -1\n")
        .status(2)
        .stderr("error[out-of-range]: rehearse.toml:1:13: pass_mark -1 is outside 0–100\n   ╭─[rehearse.toml:1:13]\n 1 │ pass_mark = -1\n   ·             ──\n   ╰────\n  help: the pass mark is a percentage, e.g. `pass_mark = 70`\n")
        .stdout("")
        .run();
}

/// A misspelt key in each file format, rehearse.toml included.
#[test]
fn unknown_keys_everywhere() {
    // unknown key nested in customer
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { nmae: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[unknown-key]: s.yaml:8:13: customer: unknown key `nmae`\n   ╭─[s.yaml:8:13]\n 7 │ brief: Somebody says hello.\n 8 │ customer: { nmae: Kim Lee }\n   ·             ──┬─\n   ·               ╰── not a key here\n 9 │ rubrics: [core]\n   ╰────\n  help: did you mean `name`? (allowed here: `name`, `mood`, `walk_out_at`, `patience_seconds`, `facts`, `history`, `walk_out`, `nudges`, `knows`, `rude`)\n\nerror[missing-key]: s.yaml:8:11: customer: missing field `name`\n   ╭─[s.yaml:8:11]\n 7 │ brief: Somebody says hello.\n 8 │ customer: { nmae: Kim Lee }\n   ·           ────────────────\n 9 │ rubrics: [core]\n   ╰────\n  help: add the key; `rehearse new` writes a complete starting file\n\nchecked 1 file: 2 errors, 0 warnings\n")
        .run();
    // unknown key in a step
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n    ending: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[unknown-key]: s.yaml:14:5: steps[0]: unknown key `ending`\n    ╭─[s.yaml:14:5]\n 13 │     end: resolved\n 14 │     ending: resolved\n    ·     ───┬──\n    ·        ╰── not a key here\n    ╰────\n  help: did you mean `end`? (allowed here: `id`, `speaker`, `say`, `next`, `end`, `gives`, `asks`, `expects`, `not_applicable`)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // unknown key in labels
    Case::new(&["calibrate", "l.yaml"])
        .file("l.yaml", "rehearse: 1\nrubrics: [core]\nitems:\n  - reply: Good morning\n    labels: {greeting: true}\n    lables: {x: true}\n")
        .status(2)
        .stderr("error[unknown-key]: l.yaml:6:5: items[0]: unknown key `lables`\n   ╭─[l.yaml:6:5]\n 5 │     labels: {greeting: true}\n 6 │     lables: {x: true}\n   ·     ───┬──\n   ·        ╰── not a key here\n   ╰────\n  help: did you mean `labels`? (allowed here: `id`, `reply`, `customer`, `position`, `conversation`, `transcript`, `labels`, `note`, `rubrics`, `facts`)\nerror: no labels file could be read (see the errors above)\n")
        .stdout("")
        .run();
    // unknown key in a transcript
    Case::new(&["grade", "t.yaml"])
        .file("t.yaml", "rehearse: 1\nscenario: late-delivery\ntrainee: Sam\ntrainy: x\nturns: []\n")
        .status(1)
        .stderr("")
        .stdout("┌─────────┬──────────┬─────────┬───────┬────────┬───────────────┬────────┐\n│ trainee ┆ scenario ┆ attempt ┆ score ┆ result ┆ weakest skill ┆ ending │\n╞═════════╪══════════╪═════════╪═══════╪════════╪═══════════════╪════════╡\n└─────────┴──────────┴─────────┴───────┴────────┴───────────────┴────────┘\n\n1 file(s) could not be graded:\n  t.yaml:4:1: unknown key `trainy`\n\nCohort: 0 graded, 0 passed (0%), mean 0.0%, median 0.0%\n")
        .run();
    // unknown key in config
    Case::new(&["list"])
        .file("rehearse.toml", "colour = \"never\"\n")
        .status(2)
        .stderr("error[unknown-key]: rehearse.toml:1:1: unknown key `colour`\n   ╭─[rehearse.toml:1:1]\n 1 │ colour = \"never\"\n   · ───┬──\n   ·    ╰── not a key here\n   ╰────\n  help: did you mean `color`? (allowed: `dirs`, `pass_mark`, `trainee_id`, `xapi_base`, `xapi_home_page`, `color`)\n")
        .stdout("")
        .run();
    // toml syntax error
    Case::new(&["list"])
        .file("rehearse.toml", "dirs = [\"a\"\n")
        .status(2)
        .stderr("error[toml-syntax]: rehearse.toml:1:12: unclosed array, expected `]`\n   ╭─[rehearse.toml:1:12]\n 1 │ dirs = [\"a\"\n   ·            ─\n   ╰────\n  help: rehearse.toml keys: dirs = [\"folder\"], pass_mark = 70, trainee_id = \"…\", xapi_base = \"https://…\", xapi_home_page = \"https://…\", color = \"auto\"|\"always\"|\"never\"\n")
        .stdout("")
        .run();
}

/// A value of the wrong type in each file format.
#[test]
fn wrong_types_in_each_format() {
    // steps is a mapping
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps: {start: 1}\n")
        .status(1)
        .stderr("")
        .stdout("error[wrong-type]: s.yaml:10:8: steps: expected a list (`- item` lines, or `[a, b]`), found a mapping\n    ╭─[s.yaml:10:8]\n  9 │ rubrics: [core]\n 10 │ steps: {start: 1}\n    ·        ──────\n    ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // rubrics is text
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: core\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[wrong-type]: s.yaml:9:10: rubrics: expected a list (`- item` lines, or `[a, b]`), found the text \"core\"\n    ╭─[s.yaml:9:10]\n  8 │ customer: { name: Kim Lee }\n  9 │ rubrics: core\n    ·          ────\n 10 │ steps:\n    ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // say is a number
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\npersona: standard\ndifficulty: 2\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: 5\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("error[wrong-type]: s.yaml:12:10: steps[0].say: expected a list (`- item` lines, or `[a, b]`), found `5`\n    ╭─[s.yaml:12:10]\n 11 │   - id: start\n 12 │     say: 5\n    ·          ─\n 13 │     end: resolved\n    ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // require is a mapping
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: {hello: 1}\n")
        .status(1)
        .stderr("")
        .stdout("error[wrong-type]: r.yaml:9:18: skills[0].rules[0].require: expected a list (`- item` lines, or `[a, b]`), found a mapping\n   ╭─[r.yaml:9:18]\n 8 │     rules:\n 9 │       - require: {hello: 1}\n   ·                  ──────\n   ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // labels shows is text
    Case::new(&["calibrate", "l.yaml"])
        .file("l.yaml", "rehearse: 1\nrubrics: [core]\nitems:\n  - reply: Good morning\n    labels: 7\n")
        .status(2)
        .stderr("error[wrong-type]: l.yaml:5:13: items[0].labels: expected a mapping (`key: value` lines), found `7`\n   ╭─[l.yaml:5:13]\n 4 │   - reply: Good morning\n 5 │     labels: 7\n   ·             ─\n   ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\nerror: no labels file could be read (see the errors above)\n")
        .stdout("")
        .run();
    // replies yaml is a mapping
    Case::new(&["run", "late-delivery", "--replies", "r.yaml"])
        .file("r.yaml", "first: Hello\n")
        .status(1)
        .stderr("error[wrong-type]: r.yaml:1:1: expected a list (`- item` lines, or `[a, b]`), found a mapping\n   ╭─[r.yaml:1:1]\n 1 │ first: Hello\n   · ─────\n   ╰────\n  help: check the value's type against docs/ (a list needs `- item` lines, a number no quotes)\n")
        .stdout("")
        .run();
    // config trainee id is a number
    Case::new(&["list"])
        .file("rehearse.toml", "trainee_id = 5\n")
        .status(2)
        .stderr("error[wrong-type]: rehearse.toml:1:14: invalid type: integer `5`, expected a string\n   ╭─[rehearse.toml:1:14]\n 1 │ trainee_id = 5\n   ·              ─\n   ╰────\n  help: rehearse.toml keys: dirs = [\"folder\"], pass_mark = 70, trainee_id = \"…\", xapi_base = \"https://…\", xapi_home_page = \"https://…\", color = \"auto\"|\"always\"|\"never\"\n")
        .stdout("")
        .run();
    // config dirs is text
    Case::new(&["list"])
        .file("rehearse.toml", "dirs = \"scenarios\"\n")
        .status(2)
        .stderr("error[wrong-type]: rehearse.toml:1:8: invalid type: string \"scenarios\", expected a sequence\n   ╭─[rehearse.toml:1:8]\n 1 │ dirs = \"scenarios\"\n   ·        ───────────\n   ╰────\n  help: rehearse.toml keys: dirs = [\"folder\"], pass_mark = 70, trainee_id = \"…\", xapi_base = \"https://…\", xapi_home_page = \"https://…\", color = \"auto\"|\"always\"|\"never\"\n")
        .stdout("")
        .run();
}

/// A rubric where a transcript belongs, outputs onto inputs, several documents, deep nesting.
#[test]
fn files_of_the_wrong_kind_or_in_the_wrong_place() {
    // grade a rubric
    Case::new(&["grade", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("┌─────────┬──────────┬─────────┬───────┬────────┬───────────────┬────────┐\n│ trainee ┆ scenario ┆ attempt ┆ score ┆ result ┆ weakest skill ┆ ending │\n╞═════════╪══════════╪═════════╪═══════╪════════╪═══════════════╪════════╡\n└─────────┴──────────┴─────────┴───────┴────────┴───────────────┴────────┘\n\n1 file(s) could not be graded:\n  r.yaml:2:1: unknown key `id`\n\nCohort: 0 graded, 0 passed (0%), mean 0.0%, median 0.0%\n")
        .run();
    // replies empty file
    Case::new(&["run", "late-delivery", "--replies", "r.txt"])
        .file("r.txt", "")
        .status(2)
        .stderr("error: r.txt holds no replies\n")
        .stdout("")
        .run();
    // run out onto replies
    Case::new(&["run", "late-delivery", "--replies", "r.txt", "--out", "r.txt"])
        .file("r.txt", "Hello\n")
        .status(2)
        .stderr("error: --out r.txt is the replies file this command reads; writing there would destroy it: choose another file\n")
        .stdout("")
        .run();
    // grade out onto input
    Case::new(&["grade", "t.yaml", "--out", "t.yaml"])
        .file("t.yaml", "rehearse: 1\n")
        .status(2)
        .stderr("error: --out t.yaml is a transcript this command reads; writing there would destroy it: choose another file\n")
        .stdout("")
        .run();
    // two documents in a rubric
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n---\nrehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("")
        .stdout("error[several-documents]: r.yaml:10:1: the file holds more than one YAML document\n    ╭─[r.yaml:10:1]\n  9 │       - require: [hello]\n 10 │ ---\n    · ───\n 11 │ rehearse: 1\n    ╰────\n  help: put each scenario or rubric in its own file\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
    // test with a broken file
    Case::new(&["test", "r.yaml"])
        .file("r.yaml", "rehearse: 1\nid: Bad Id\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(1)
        .stderr("error[bad-id]: r.yaml:2:5: `Bad Id` is not a valid id\n   ╭─[r.yaml:2:5]\n 1 │ rehearse: 1\n 2 │ id: Bad Id\n   ·     ──────\n 3 │ title: A rubric for bad inputs\n   ╰────\n  help: use lower-case letters, digits and dashes, e.g. `core`\n")
        .stdout("0 passed, 0 failed\n")
        .run();
    // deep flow nesting
    Case::new(&["check", "r.yaml"])
        .file("r.yaml", "title: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n")
        .status(1)
        .stderr("")
        .stdout("error[yaml-too-deep]: r.yaml:1:72: the YAML is nested more than 64 levels deep\n   ╭─[r.yaml:1:72]\n 1 │ …[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…\n   ·                                ─\n   ╰────\n  help: rehearse files need a handful of levels; check the indentation and brackets\n\nchecked 1 file: 1 error, 0 warnings\n")
        .run();
}

/// Scenarios that load and play, but not as the trainer meant: `check` warns, pointing at
/// the step or condition, and `--strict` fails on the warning.
#[test]
fn graph_lints_point_at_the_step_or_condition() {
    // `when: {}` always holds
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - when: {}\n        goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[always-holds]: s.yaml:14:9: `when: {}` always holds, as if there were no `when`\n    ╭─[s.yaml:14:9]\n 13 │         goto: done\n 14 │       - when: {}\n    ·         ────\n 15 │         goto: start\n    ╰────\n  help: give it a test, e.g. `shows: [empathy]`, or remove `when` to make this the fallback\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // `says: []` beside a test
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting], says: [] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[always-holds]: s.yaml:12:36: `says: []` always holds, so it tests nothing here\n    ╭─[s.yaml:12:36]\n 11 │     next:\n 12 │       - when: { shows: [greeting], says: [] }\n    ·                                    ────\n 13 │         goto: done\n    ╰────\n  help: remove it, or list what it should test\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // `shows: []` alone
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[always-holds]: s.yaml:12:9: this `when` always holds (`shows: []` tests nothing), as if there were no `when`\n    ╭─[s.yaml:12:9]\n 11 │     next:\n 12 │       - when: { shows: [] }\n    ·         ────\n 13 │         goto: done\n    ╰────\n  help: give it a test, e.g. `shows: [empathy]`, or remove `when` to make this the fallback\n\nwarning[never-tried]: s.yaml:14:9: step `start`: transition 1 always holds, so the one after it is never tried\n    ╭─[s.yaml:14:9]\n 13 │         goto: done\n 14 │       - goto: start\n    ·         ────\n 15 │   - id: done\n    ╰────\n  help: put the transition without `when` last: transitions are tried in order\n\nwarning[resolved-by-rudeness]: s.yaml:12:9: a reply showing no skill at all (a rude one, say) leads from `start` to the resolved ending `done`\n    ╭─[s.yaml:12:9]\n 11 │     next:\n 12 │       - when: { shows: [] }\n    ·         ────\n 13 │         goto: done\n    ╰────\n  help: give the transition `when: {shows: [...]}` or `{done: [...]}`, or the scenario `resolved_when: {done: [expectation-setting]}`\n\nchecked 1 file: 0 errors, 3 warnings\n")
        .run();
    // `resolved_when: {}`
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nresolved_when: {}\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[always-holds]: s.yaml:8:1: `resolved_when: {}` always holds, so it asks nothing of the conversation\n   ╭─[s.yaml:8:1]\n 7 │ rubrics: [core]\n 8 │ resolved_when: {}\n   · ─────────────\n 9 │ steps:\n   ╰────\n  help: say what must have happened, e.g. `resolved_when: {done: [expectation-setting]}`, or remove it\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // a transition after the fallback
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - goto: start\n      - when: { shows: [greeting] }\n        goto: done\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[never-tried]: s.yaml:13:9: step `start`: transition 1 always holds, so the one after it is never tried\n    ╭─[s.yaml:13:9]\n 12 │       - goto: start\n 13 │       - when: { shows: [greeting] }\n    ·         ────\n 14 │         goto: done\n    ╰────\n  help: put the transition without `when` last: transitions are tried in order\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // a step that only loops to itself
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - when: { says: [\"later\"] }\n        goto: wait\n      - goto: start\n  - id: wait\n    say: [\"Well?\", \"Hm?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: wait\n      - mood: 1\n        goto: wait\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[self-loop]: s.yaml:17:9: step `wait` only leads back to itself: once there, the conversation ends only by a walk-out or the turn limit\n    ╭─[s.yaml:17:9]\n 16 │       - goto: start\n 17 │   - id: wait\n    ·         ────\n 18 │     say: [\"Well?\", \"Hm?\"]\n    ╰────\n  help: add a transition to another step, e.g. `- when: {shows: [...]}` with the skill this step waits for\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // steps that only lead to each other
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: wait\n  - id: wait\n    say: [\"Well?\"]\n    next:\n      - when: { shows: [active-listening] }\n        goto: again\n      - goto: wait\n  - id: again\n    say: [\"Hm?\"]\n    next:\n      - goto: wait\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[closed-loop]: s.yaml:15:9: steps `wait`, `again` only lead to each other: once there, the conversation ends only by a walk-out or the turn limit\n    ╭─[s.yaml:15:9]\n 14 │       - goto: wait\n 15 │   - id: wait\n    ·         ────\n 16 │     say: [\"Well?\"]\n    ╰────\n  help: give one of them a transition out of the loop, e.g. `- when: {shows: [...]}` to the step that comes next\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // a loop with a way out is no closed loop
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: wait\n  - id: wait\n    say: [\"Well?\"]\n    next:\n      - when: { shows: [active-listening] }\n        goto: again\n      - goto: wait\n  - id: again\n    say: [\"Hm?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: wait\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("checked 1 file: 0 errors, 0 warnings\n")
        .run();
    // no unconditional way on
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - when: { says: [\"hi\"] }\n        mood: 1\n        goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[no-fallback]: s.yaml:12:7: step `start` has no unconditional transition\n    ╭─[s.yaml:12:7]\n 11 │     next:\n 12 │       - when: { shows: [greeting] }\n    ·       ─\n 13 │         goto: done\n    ╰────\n  help: when no condition holds the customer repeats this step; add a last `- goto: …` without `when` to say what happens instead\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // resolved by a rude reply
    Case::new(&["check", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { says: [\"whatever\"] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[resolved-by-rudeness]: s.yaml:12:9: a reply showing no skill at all (a rude one, say) leads from `start` to the resolved ending `done`\n    ╭─[s.yaml:12:9]\n 11 │     next:\n 12 │       - when: { says: [\"whatever\"] }\n    ·         ────\n 13 │         goto: done\n    ╰────\n  help: give the transition `when: {shows: [...]}` or `{done: [...]}`, or the scenario `resolved_when: {done: [expectation-setting]}`\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
    // the same scenario id in two folders
    Case::new(&["check", "a", "b"])
        .file("a/s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .file("b/copy.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(0)
        .stderr("")
        .stdout("warning[duplicate-id]: a/s.yaml:2:5: scenario id `bad-input-scenario` is also the id of b/copy.yaml, which is read later and replaces this scenario\n   ╭─[a/s.yaml:2:5]\n 1 │ rehearse: 1\n 2 │ id: bad-input-scenario\n   ·     ──────────────────\n 3 │ title: A scenario for bad inputs\n   ╰────\n  help: give each scenario its own id, or remove one of the two files\n\nchecked 2 files: 0 errors, 1 warning\n")
        .run();
    // the same rubric id in two files
    Case::new(&["check", "rubrics"])
        .file("rubrics/r.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .file("rubrics/r2.yaml", "rehearse: 1\nid: bad-input-rubric\ntitle: A rubric for bad inputs\nskills:\n  - id: hello\n    name: Says hello\n    feedback: { hit: Nice., miss: Say hello. }\n    rules:\n      - require: [hello]\n")
        .status(0)
        .stderr("")
        .stdout("warning[duplicate-id]: rubrics/r.yaml:2:5: rubric id `bad-input-rubric` is also the id of rubrics/r2.yaml, which is read later and replaces this rubric\n   ╭─[rubrics/r.yaml:2:5]\n 1 │ rehearse: 1\n 2 │ id: bad-input-rubric\n   ·     ────────────────\n 3 │ title: A rubric for bad inputs\n   ╰────\n  help: give each rubric its own id, or remove one of the two files\n\nchecked 2 files: 0 errors, 1 warning\n")
        .run();
    // --strict fails on a lint
    Case::new(&["check", "--strict", "s.yaml"])
        .file("s.yaml", "rehearse: 1\nid: bad-input-scenario\ntitle: A scenario for bad inputs\nchannel: chat\nbrief: Somebody says hello.\ncustomer: { name: Kim Lee }\nrubrics: [core]\nsteps:\n  - id: start\n    say: [\"Hello?\"]\n    next:\n      - when: { shows: [greeting] }\n        goto: done\n      - when: {}\n        goto: start\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n")
        .status(1)
        .stderr("")
        .stdout("warning[always-holds]: s.yaml:14:9: `when: {}` always holds, as if there were no `when`\n    ╭─[s.yaml:14:9]\n 13 │         goto: done\n 14 │       - when: {}\n    ·         ────\n 15 │         goto: start\n    ╰────\n  help: give it a test, e.g. `shows: [empathy]`, or remove `when` to make this the fallback\n\nchecked 1 file: 0 errors, 1 warning\n")
        .run();
}
