//! Project discovery and settings: rehearse.toml found by walking up, REHEARSE_DIR, and
//! flags, in that order of strength. Each case is the files of a project, the folder the
//! command runs in, its environment and arguments, and what it must print.
mod common;

use std::time::Duration;

use common::{rehearse, write};

/// Long enough for `rehearse test` over the whole shipped library in a debug build on a
/// busy machine (10 s of CPU on 28 November; over 30 s of wall time with the two cores
/// shared three ways), short enough to catch a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A rubric of the project's own.
const RUBRIC: &str = "\
rehearse: 1
id: house-style
title: House style
skills:
  - id: hello
    name: Says hello
    feedback: { hit: Nice., miss: Say hello. }
    rules:
      - require: [hello]
";

/// A scenario graded by the project's rubric, with an id to replace.
const SCENARIO: &str = "\
rehearse: 1
id: ID
title: A project scenario
persona: standard
channel: chat
brief: Somebody says hello.
customer: { name: Kim Lee }
rubrics: [house-style]
resolved_when: { done: [hello] }
steps:
  - id: start
    say: [Hello?]
    next:
      - when: { shows: [hello] }
        goto: done
      - goto: done
  - id: done
    say: [Bye.]
    end: resolved
";

fn scenario(id: &str) -> String {
    SCENARIO.replace("ID", id)
}

struct Case<'a> {
    files: Vec<(&'a str, String)>,
    /// Folder to run in, inside the project.
    cwd: &'a str,
    env: Vec<(&'a str, &'a str)>,
    args: &'a [&'a str],
    status: i32,
    stdout_has: Vec<&'a str>,
    stdout_lacks: Vec<&'a str>,
    stderr: Option<&'a str>,
}

impl Default for Case<'_> {
    fn default() -> Self {
        Case {
            files: Vec::new(),
            cwd: ".",
            env: Vec::new(),
            args: &[],
            status: 0,
            stdout_has: Vec::new(),
            stdout_lacks: Vec::new(),
            stderr: Some(""),
        }
    }
}

impl Case<'_> {
    fn run(&self) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &self.files {
            write(dir.path(), name, text);
        }
        let cwd = dir.path().join(self.cwd);
        std::fs::create_dir_all(&cwd).unwrap();
        let mut command = rehearse(&cwd);
        command.env_remove("REHEARSE_DIR");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        let out = command.args(self.args).timeout(TIMEOUT).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        for part in &self.stdout_has {
            assert!(
                stdout.contains(part),
                "{:?}: stdout lacks {part:?}:\n{stdout}\n{stderr}",
                self.args
            );
        }
        for part in &self.stdout_lacks {
            assert!(
                !stdout.contains(part),
                "{:?}: stdout has {part:?}:\n{stdout}",
                self.args
            );
        }
        if let Some(expected) = self.stderr {
            assert_eq!(stderr, expected, "stderr of {:?}", self.args);
        }
        assert_eq!(
            out.status.code(),
            Some(self.status),
            "{:?}\n{stdout}\n{stderr}",
            self.args
        );
    }
}

fn project() -> Vec<(&'static str, String)> {
    vec![
        ("rubrics/house-style.yaml", RUBRIC.to_string()),
        ("scenarios/hello.yaml", scenario("project-hello")),
    ]
}

#[test]
fn a_scenario_can_name_a_rubric_beside_it_without_dir() {
    // No rehearse.toml: the working folder's rubrics/ is read for context.
    Case {
        files: project(),
        args: &["check", "scenarios/"],
        stdout_has: vec!["checked 1 file: 0 errors, 0 warnings\n"],
        ..Case::default()
    }
    .run();
    Case {
        files: project(),
        args: &["test", "scenarios/"],
        stdout_has: vec!["0 passed, 0 failed"],
        ..Case::default()
    }
    .run();
}

#[test]
fn rehearse_toml_makes_the_project_visible_from_below() {
    let mut files = project();
    files.push(("rehearse.toml", "# the project\n".to_string()));
    for args in [&["list"][..], &["list", "--rubrics"]] {
        Case {
            files: files.clone(),
            cwd: "notes/deep",
            args,
            stdout_has: vec![if args.len() == 1 {
                "project-hello"
            } else {
                "house-style"
            }],
            ..Case::default()
        }
        .run();
    }
    // `check` without paths checks the project's folders, named from where it runs.
    let mut broken = files.clone();
    broken.push((
        "scenarios/bad.yaml",
        scenario("bad").replace("goto: done\n  - id: done", "goto: nowhere\n  - id: done"),
    ));
    Case {
        files: broken,
        cwd: "notes",
        args: &["check"],
        status: 1,
        stdout_has: vec![
            "error[unknown-step]: ../scenarios/bad.yaml:",
            " files: 1 error, 0 warnings\n",
        ],
        ..Case::default()
    }
    .run();
    // Without rehearse.toml, a folder below sees only the built-ins.
    Case {
        files: project(),
        cwd: "notes",
        args: &["list"],
        stdout_lacks: vec!["project-hello"],
        ..Case::default()
    }
    .run();
}

#[test]
fn folders_come_from_flags_then_environment_then_file() {
    let files = vec![
        ("rehearse.toml", "dirs = [\"from-file\"]\n".to_string()),
        ("rubrics/house-style.yaml", RUBRIC.to_string()),
        ("from-file/s.yaml", scenario("in-file-folder")),
        ("from-env/s.yaml", scenario("in-env-folder")),
        ("from-flag/s.yaml", scenario("in-flag-folder")),
    ];
    for (env, args, shown, hidden) in [
        (vec![], &["list"][..], "in-file-folder", "in-env-folder"),
        (
            vec![("REHEARSE_DIR", "from-env")],
            &["list"],
            "in-env-folder",
            "in-file-folder",
        ),
        (
            vec![("REHEARSE_DIR", "from-env")],
            &["list", "--dir", "from-flag"],
            "in-flag-folder",
            "in-env-folder",
        ),
    ] {
        Case {
            files: files.clone(),
            env,
            args,
            stdout_has: vec![shown],
            stdout_lacks: vec![hidden],
            ..Case::default()
        }
        .run();
    }
    // REHEARSE_DIR holds several folders, separated as PATH is.
    Case {
        files,
        env: vec![("REHEARSE_DIR", "from-env:from-flag")],
        args: &["list"],
        stdout_has: vec!["in-env-folder", "in-flag-folder"],
        ..Case::default()
    }
    .run();
}

#[test]
fn colour_from_the_file_yields_to_the_environment_and_flags() {
    let files = vec![("rehearse.toml", "color = \"always\"\n".to_string())];
    for (env, args, coloured) in [
        (vec![], &["test"][..], true),
        (vec![("NO_COLOR", "1")], &["test"], false),
        (vec![], &["test", "--color", "never"], false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &files {
            write(dir.path(), name, text);
        }
        let mut command = rehearse(dir.path());
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let out = command
            .args(args)
            .args(["--verbose"])
            .timeout(TIMEOUT)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout.contains('\u{1b}'), coloured, "{args:?}: {stdout}");
    }
}

#[test]
fn the_file_supplies_the_trainee_id_and_pass_mark() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rehearse.toml",
        "trainee_id = \"emp-42\"\npass_mark = 1\n",
    );
    write(
        dir.path(),
        "replies.txt",
        "Good morning, I'm sorry about the wait.\n",
    );
    rehearse(dir.path())
        .args([
            "run",
            "late-delivery",
            "--replies",
            "replies.txt",
            "--out",
            "t.yaml",
        ])
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let transcript = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(transcript.contains("trainee_id: emp-42"), "{transcript}");
    let out = rehearse(dir.path())
        .args(["grade", "t.yaml", "--format", "csv"])
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let column = rows[0].iter().position(|c| *c == "pass_mark").unwrap();
    assert_eq!(rows[1][column], "1", "{csv}");
}

#[test]
fn a_bad_rehearse_toml_is_located_and_stops_the_command() {
    for (text, expected) in [
        (
            "pass_mark = 70\ndir = [\"x\"]\n",
            "\
error[unknown-key]: ../rehearse.toml:2:1: unknown key `dir`
   ╭─[../rehearse.toml:2:1]
 1 │ pass_mark = 70
 2 │ dir = [\"x\"]
   · ─┬─
   ·  ╰── not a key here
   ╰────
  help: did you mean `dirs`? (allowed: `dirs`, `pass_mark`, `trainee_id`, `xapi_base`, `xapi_home_page`, `color`)
",
        ),
        (
            "pass_mark = 170\n",
            "\
error[out-of-range]: ../rehearse.toml:1:13: pass_mark 170 is outside 0–100
   ╭─[../rehearse.toml:1:13]
 1 │ pass_mark = 170
   ·             ───
   ╰────
  help: the pass mark is a percentage, e.g. `pass_mark = 70`
",
        ),
    ] {
        Case {
            files: vec![("rehearse.toml", text.to_string())],
            cwd: "sub",
            args: &["list"],
            status: 2,
            stderr: Some(expected),
            ..Case::default()
        }
        .run();
    }
}

#[test]
fn a_broken_project_rubric_is_a_note_when_checking_scenarios() {
    let rubric = RUBRIC.replace("title: House style", "title: House style\npass_mark: high");
    Case {
        files: vec![
            ("rubrics/house-style.yaml", rubric),
            ("scenarios/hello.yaml", scenario("project-hello")),
        ],
        args: &["check", "scenarios"],
        status: 1,
        stdout_has: vec![
            "note[rubric-not-loaded]: scenarios/hello.yaml:8:11: rubric `house-style` did not load (see the errors in rubrics/house-style.yaml), so this scenario cannot be played yet\n",
            "checked 1 file: 0 errors, 0 warnings, 1 note\n",
        ],
        stdout_lacks: vec!["unknown-skill", "unknown-rubric", "error["],
        ..Case::default()
    }
    .run();
}
