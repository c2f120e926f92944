//! `rehearse grade` end to end: every report format against golden files, a folder with
//! corrupt, truncated and unknown-scenario transcripts mixed in, and the exit statuses.
//! Set UPDATE_GOLDEN=1 to rewrite the golden files after a reviewed change.
mod common;

use std::path::{Path, PathBuf};

use common::rehearse;

fn cohort_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cohort")
}

fn grade(args: &[&str]) -> std::process::Output {
    let mut all = vec!["grade", "--dir", "library"];
    all.extend_from_slice(args);
    rehearse(&cohort_dir()).args(all).output().unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    if expected != actual {
        panic!(
            "{name} differs from its golden file; rerun with UPDATE_GOLDEN=1 after reviewing\n--- actual ---\n{actual}"
        );
    }
}

#[test]
fn every_format_matches_its_golden_file() {
    for (format, file) in [
        ("table", "cohort.txt"),
        ("csv", "cohort.csv"),
        ("junit", "cohort.xml"),
        ("json", "cohort.json"),
        ("html", "cohort.html"),
    ] {
        let out = grade(&["transcripts", "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "someone failed and some files are bad"
        );
        golden(file, &String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn bad_files_are_listed_and_the_rest_graded() {
    let out = grade(&["transcripts", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["graded"], 4);
    let problems: Vec<(String, String)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            ("transcripts/bad/corrupt.yaml".into(), "the file holds a NUL byte, so it is binary or damaged, not YAML text".into()),
            ("transcripts/bad/truncated.yaml".into(), "this is not valid YAML: did not find expected node content".into()),
            (
                "transcripts/bad/unknown.yaml".into(),
                "the transcript names scenario `no-such-scenario`, which is not known; add its folder with --dir".into()
            ),
            ("transcripts/bad/wrong-type.yaml".into(), "seed: expected a whole number (0 or more), found the text \"one\"".into()),
        ]
    );
    assert_eq!(json["problems"][1]["line"], 4);
}

#[test]
fn exit_status_zero_only_when_everyone_passed() {
    assert_eq!(
        grade(&["transcripts/ana.yaml", "transcripts/dee.json"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        grade(&["transcripts/ana.yaml", "transcripts/bo.yaml"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        grade(&["transcripts/ana.yaml", "transcripts/bad/corrupt.yaml"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        grade(&["transcripts", "--pass", "170"]).status.code(),
        Some(2)
    );
    assert_eq!(grade(&["no-such-folder"]).status.code(), Some(2));
    let out = grade(&["transcripts", "--rubric", "cor"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no rubric has the id `cor` (did you mean `core`?)\n"
    );
}

#[test]
fn pass_mark_and_rubric_overrides() {
    let out = grade(&["transcripts/bo.yaml", "--pass", "20", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["results"][0]["scorecard"]["pass_mark"], 20.0);
    assert_eq!(json["results"][0]["scorecard"]["passed"], true);
    let out = grade(&[
        "transcripts/ana.yaml",
        "--rubric",
        "core",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skills: Vec<&str> = json["results"][0]["scorecard"]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rubric"].as_str().unwrap())
        .collect();
    assert!(skills.iter().all(|r| *r == "core"), "{skills:?}");
}

#[test]
fn out_file_is_replaced_only_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("report.csv");
    std::fs::write(&out_file, "previous report\n").unwrap();
    let out_arg = out_file.to_str().unwrap();
    let failed = grade(&[
        "transcripts",
        "--rubric",
        "nope",
        "--format",
        "csv",
        "--out",
        out_arg,
    ]);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "previous report\n"
    );
    let ok = grade(&["transcripts/ana.yaml", "--format", "csv", "--out", out_arg]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(ok.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out_file)
            .unwrap()
            .starts_with("file,trainee,scenario")
    );
}

/// Structural check of the JUnit XML against the JUnit schema's rules: a well-formed
/// document, `testsuites` > `testsuite` > `testcase`, required attributes present, counts
/// consistent with the children.
#[test]
fn junit_output_follows_the_schema() {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let out = grade(&["transcripts", "--format", "junit"]);
    let xml = String::from_utf8(out.stdout).unwrap();
    let mut reader = Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut suites = 0;
    let mut cases_in_suite = 0;
    let mut declared_tests = 0;
    let mut failures_in_suite = 0;
    let mut declared_failures = 0;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (name, attrs, empty) = match &event {
            Event::Start(e) => (
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                e.attributes(),
                false,
            ),
            Event::Empty(e) => (
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                e.attributes(),
                true,
            ),
            Event::End(_) => {
                if stack.pop().as_deref() == Some("testsuite") {
                    assert_eq!(cases_in_suite, declared_tests, "tests count");
                    assert_eq!(failures_in_suite, declared_failures, "failures count");
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attrs: std::collections::HashMap<String, String> = attrs
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect();
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "testsuites" => assert_eq!(parent, None),
            "testsuite" => {
                assert_eq!(parent, Some("testsuites"));
                for key in ["name", "tests", "failures", "errors"] {
                    assert!(attrs.contains_key(key), "testsuite lacks {key}");
                }
                suites += 1;
                cases_in_suite = 0;
                failures_in_suite = 0;
                declared_tests = attrs["tests"].parse().unwrap();
                declared_failures = attrs["failures"].parse().unwrap();
            }
            "testcase" => {
                assert_eq!(parent, Some("testsuite"));
                assert!(attrs.contains_key("name") && attrs.contains_key("classname"));
                cases_in_suite += 1;
            }
            "failure" => {
                assert_eq!(parent, Some("testcase"));
                assert!(attrs.contains_key("message"));
                failures_in_suite += 1;
            }
            "error" | "system-out" => assert_eq!(parent, Some("testcase")),
            other => panic!("unexpected element {other}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    assert_eq!(suites, 2);
    assert!(xml.contains("name=\"Bo, &quot;the&quot; &lt;Builder&gt;\""));
}

/// Validates the JUnit report with xmllint against the JUnit XML schema CI servers use
/// (Jenkins' junit-10.xsd). `scripts/junit-schema.sh` fetches the schema and xmllint and
/// prints the schema's path; CI sets REHEARSE_JUNIT_XSD to it. Without the variable the
/// check says it was skipped; with it, a missing xmllint or an invalid report fails.
#[test]
fn junit_output_validates_against_the_junit_xsd() {
    let Some(xsd) = std::env::var_os("REHEARSE_JUNIT_XSD") else {
        eprintln!("skipped: set REHEARSE_JUNIT_XSD=$(scripts/junit-schema.sh) to validate");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The fixture cohort has failures, passes and unreadable files: every element kind.
    let report = dir.path().join("report.xml");
    let out = grade(&[
        "transcripts",
        "--format",
        "junit",
        "--out",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let check = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&report)
        .output()
        .expect("xmllint is installed (scripts/junit-schema.sh installs it)");
    assert!(
        check.status.success(),
        "the JUnit report does not validate:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn csv_cells_cannot_become_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(cohort_dir().join("transcripts/ana.yaml"))
        .unwrap()
        .replace("trainee: Ana Ortiz", "trainee: \"=HYPERLINK(1)\"");
    std::fs::write(dir.path().join("evil.yaml"), text).unwrap();
    let out = grade(&[
        dir.path().join("evil.yaml").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains(",'=HYPERLINK(1),"), "{csv}");
}

#[test]
fn deeply_nested_transcripts_are_listed_not_fatal() {
    // Graded on worker threads, whose stacks are small: deep nesting once overflowed them
    // (block style) or kept libyaml busy for minutes (flow style).
    let dir = tempfile::tempdir().unwrap();
    let block: String = (0..3000)
        .map(|level| format!("{}a:\n", " ".repeat(level)))
        .collect();
    std::fs::write(dir.path().join("block.yaml"), block).unwrap();
    let flow = format!("turns: {}\n", "[".repeat(1_000_000));
    std::fs::write(dir.path().join("flow.yaml"), flow).unwrap();
    let out = rehearse(dir.path())
        .args(["grade", ".", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        vec!["the YAML is nested more than 64 levels deep"; 2],
        "{json:#}"
    );
}

#[test]
fn out_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(cohort_dir().join("transcripts/ana.yaml")).unwrap();
    std::fs::write(dir.path().join("t.yaml"), &original).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let library = cohort_dir().join("library");
    let library = library.to_str().unwrap();
    for (paths, out) in [
        (&["t.yaml"][..], "t.yaml"),
        (&["."][..], "./sub/../t.yaml"),
        (&["sub", "t.yaml"][..], "t.yaml"),
    ] {
        let mut args = vec!["grade", "--dir", library];
        args.extend_from_slice(paths);
        args.extend(["--format", "csv", "--out", out]);
        let run = rehearse(dir.path()).args(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("is a transcript this command reads"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("t.yaml")).unwrap(),
            original
        );
    }
    // A scenario of the --dir library is an input too.
    let scenario = cohort_dir().join("library/shop.yaml");
    let run = rehearse(dir.path())
        .args(["grade", "--dir", library, "t.yaml", "--out"])
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is a scenario this command reads"));
}

/// A report being written when the process is told to stop (the terminal closed,
/// SIGHUP) leaves neither a half report nor the temporary file it was written to.
#[cfg(unix)]
#[test]
fn a_stopped_grade_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let transcripts = dir.path().join("t");
    std::fs::create_dir(&transcripts).unwrap();
    let text = std::fs::read_to_string(cohort_dir().join("transcripts/ana.yaml")).unwrap();
    // Enough transcripts that grading takes a while, so the signal comes mid-report.
    for i in 0..4000 {
        std::fs::write(transcripts.join(format!("{i}.yaml")), &text).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .current_dir(dir.path())
        .arg("grade")
        .arg("--dir")
        .arg(cohort_dir().join("library"))
        .args(["t", "--format", "html", "--out", "report.html"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temp_files = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".tmp"))
            .count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while temp_files() == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "grading finished before the report's temporary file was seen"
        );
        assert!(std::time::Instant::now() < deadline, "no temporary file");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(1), "ended by SIGHUP: {status:?}");
    assert_eq!(temp_files(), 0, "a temporary file was left behind");
    assert!(!dir.path().join("report.html").exists());
}

/// An exam abandoned (or saved mid-way) never passes, however well it began, and every
/// format says INCOMPLETE.
#[test]
fn an_unfinished_exam_is_incomplete_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // Genuinely unfinished runs (an edited ending would be found out by replay): a
    // customer who waits for a goodbye that `run` never gives.
    common::write(
        dir.path(),
        "lib/wait.yaml",
        "rehearse: 1\nid: fixture-wait\ntitle: Fixture wait\nchannel: in-person\nbrief: Waits for a goodbye.\ncustomer:\n  name: Kim Lee\n  mood: 3\nrubrics: [fixture-basics]\nturn_limit: 5\nsteps:\n  - id: opening\n    say: [\"Hello, I need help.\"]\n    next:\n      - when: { says: [goodbye] }\n        goto: done\n      - goto: opening\n  - id: done\n    say: [\"Thanks.\"]\n    end: resolved\n",
    );
    common::write(
        dir.path(),
        "replies.txt",
        "Hello and welcome! Thank you for coming in.\n",
    );
    let lib = dir.path().join("lib");
    let library = cohort_dir().join("library");
    for (file, exam) in [("abandoned.yaml", true), ("practice.yaml", false)] {
        let mut run = rehearse(dir.path());
        run.args([
            "run",
            "fixture-wait",
            "--replies",
            "replies.txt",
            "--out",
            file,
        ])
        .arg("--dir")
        .arg(&library)
        .arg("--dir")
        .arg(&lib);
        if exam {
            run.arg("--exam");
        }
        run.output().unwrap();
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.contains("ending: abandoned"), "{text}");
    }
    let files = [
        "--dir".to_string(),
        lib.display().to_string(),
        dir.path().join("abandoned.yaml").display().to_string(),
        dir.path().join("practice.yaml").display().to_string(),
    ];
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let run = |format: &str| {
        let mut args = files.clone();
        args.extend(["--format", format]);
        let out = grade(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: an incomplete exam fails"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(table.contains("INCOMPLETE"), "{table}");
    assert!(table.contains("1 passed (50%), 1 incomplete"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["results"][0]["incomplete"], true);
    assert_eq!(json["results"][0]["scorecard"]["passed"], false);
    assert_eq!(json["results"][1]["incomplete"], false);
    assert_eq!(json["results"][1]["scorecard"]["passed"], true);
    assert_eq!(json["summary"]["incomplete"], 1);
    let csv = run("csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].contains(",result"), "{csv}");
    assert!(
        rows[1].contains(",false,") && rows[1].contains(",INCOMPLETE"),
        "{csv}"
    );
    assert!(
        rows[2].contains(",true,") && rows[2].contains(",pass"),
        "{csv}"
    );
    let junit = run("junit");
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert!(junit.contains("type=\"incomplete\""), "{junit}");
    assert!(
        junit.contains("INCOMPLETE: the exam did not reach an ending"),
        "{junit}"
    );
    let html = run("html");
    assert!(
        html.contains("<span class=\"fail\">INCOMPLETE</span>"),
        "{html}"
    );
}

/// Attempts are counted per trainee id (or name, without one) and scenario, in order of
/// start time whatever the file order, and every machine format shows when each attempt
/// started and finished and how long it took.
#[test]
fn attempts_are_numbered_by_start_time_per_trainee() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(cohort_dir().join("transcripts/ana.yaml")).unwrap();
    let variant = |file: &str, trainee: &str, id: Option<&str>, start: &str, end: &str| {
        let id = id
            .map(|id| format!("\ntrainee_id: {id}"))
            .unwrap_or_default();
        let t = text
            .replace("trainee: Ana Ortiz", &format!("trainee: {trainee}{id}"))
            .replace(
                "started: 2026-11-20T09:00:00Z",
                &format!("started: {start}"),
            )
            .replace(
                "finished: 2026-11-20T09:05:00Z",
                &format!("finished: {end}"),
            );
        std::fs::write(dir.path().join(file), t).unwrap();
    };
    // The same person under two spellings of the name, files out of time order.
    variant(
        "a.yaml",
        "Ana Ortiz",
        Some("E-1001"),
        "2026-11-22T09:00:00Z",
        "2026-11-22T09:04:10Z",
    );
    variant(
        "b.yaml",
        "ana ortiz",
        Some("E-1001"),
        "2026-11-20T09:00:00Z",
        "2026-11-20T09:05:00Z",
    );
    variant(
        "c.yaml",
        "Ana Ortiz",
        None,
        "2026-11-21T09:00:00Z",
        "2026-11-21T09:01:00Z",
    );
    variant(
        "d.yaml",
        "Ana Ortiz",
        Some("E-1001"),
        "2026-11-21T09:00:00Z",
        "2026-11-21T09:02:30Z",
    );
    let library = cohort_dir().join("library");
    let report = |format: &str| {
        let out = rehearse(dir.path())
            .arg("grade")
            .arg("--dir")
            .arg(&library)
            .args([".", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let results = json["results"].as_array().unwrap();
    let seen: Vec<(&str, u64, i64)> = results
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap(),
                r["attempt"].as_u64().unwrap(),
                r["duration_seconds"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("./a.yaml", 3, 250),
            ("./b.yaml", 1, 300),
            ("./c.yaml", 1, 60),
            ("./d.yaml", 2, 150)
        ]
    );
    assert_eq!(results[0]["trainee_id"], "E-1001");
    assert_eq!(results[0]["started"], "2026-11-22T09:00:00Z");
    assert_eq!(results[0]["finished"], "2026-11-22T09:04:10Z");
    assert!(results[2]["trainee_id"].is_null());

    let csv = report("csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first[column("trainee_id")], "E-1001");
    assert_eq!(first[column("attempt")], "3");
    assert_eq!(first[column("started")], "2026-11-22T09:00:00Z");
    assert_eq!(first[column("finished")], "2026-11-22T09:04:10Z");
    assert_eq!(first[column("duration_seconds")], "250");

    let junit = report("junit");
    assert!(junit.contains("time=\"250\""), "{junit}");
    assert!(
        junit.contains("trainee id E-1001, attempt 3, started 2026-11-22T09:00:00Z, finished 2026-11-22T09:04:10Z, duration 250 s"),
        "{junit}"
    );
    let html = report("html");
    assert!(
        html.contains("Ana Ortiz (E-1001) · fixture-shop · attempt 3 ·"),
        "{html}"
    );
    assert!(
        html.contains("started 2026-11-22T09:00:00Z, finished 2026-11-22T09:04:10Z (4 min 10 s)"),
        "{html}"
    );
    let table = report("table");
    assert!(table.contains("attempt"), "{table}");
}

/// Transcripts written before `trainee_id` existed still grade, as attempt 1.
#[test]
fn transcripts_without_the_new_fields_still_grade() {
    let out = grade(&["transcripts/ana.yaml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["results"][0]["attempt"], 1);
    assert!(json["results"][0]["trainee_id"].is_null());
}

#[test]
fn a_call_the_customer_walked_out_of_never_passes() {
    let dir = tempfile::tempdir().unwrap();
    // Good replies, then the customer is made to leave: the transcript is edited to say
    // so, and graded without replay (the edit is the point here, not tampering).
    let replies = common::write(
        dir.path(),
        "replies.txt",
        "Hello, welcome to Green Thumb! I'm Ana. How can I help you today?\n\
         I see, a north-facing balcony and you're often away - so tough, shade-loving plants that don't need much watering.\n\
         Yes, delivery is free over £40 and I will book it for you today; it takes 2 days. Does that sound good? Is there anything else I can help with? Thanks for coming in!\n\
         Enjoy the plants, goodbye!",
    );
    let out = dir.path().join("t.yaml");
    common::rehearse(dir.path())
        .args(["run", "first-visit", "--replies"])
        .arg(&replies)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let grade = |file: &std::path::Path| {
        let output = common::rehearse(dir.path())
            .args(["grade", "--format", "json", "--allow-changed-scenarios"])
            .arg(file)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let resolved = grade(&out);
    assert_eq!(
        resolved["results"][0]["scorecard"]["passed"], true,
        "{resolved}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let walked = dir.path().join("walked.yaml");
    std::fs::write(
        &walked,
        text.replace("ending: resolved", "ending: walked-out"),
    )
    .unwrap();
    let report = grade(&walked);
    let result = &report["results"][0];
    assert_eq!(result["scorecard"]["passed"], false, "{report}");
    assert!(
        result["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "the customer walked out: never a pass"),
        "{report}"
    );
}

/// Runs `scenario` with `replies` as `trainee` and saves the transcript in `dir`.
fn played(dir: &Path, scenario: &str, trainee: &str, replies: &[&str]) {
    let file = common::write(dir, "replies.txt", &format!("{}\n", replies.join("\n")));
    let out = rehearse(dir)
        .args(["run", scenario, "--trainee", trainee, "--replies"])
        .arg(&file)
        .arg("--out")
        .arg(dir.join(format!("calls/{trainee}.yaml")))
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
}

#[test]
fn the_table_and_the_html_name_what_to_work_on_as_the_scorecard_does() {
    // Kim fails critically (identity never checked) with heavier skills also at 0%;
    // Sam shows everything but reflecting back; 小张 (Chinese) passes.
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    played(
        dir,
        "late-delivery",
        "Kim",
        &[
            "Hello, how can I help?",
            "I will book a re-delivery for you.",
            "Anything else? Bye.",
        ],
    );
    played(
        dir,
        "late-delivery",
        "Sam",
        &[
            "Good morning, this is Sam. I am so sorry, that is frustrating.",
            "Could you confirm your full name and postcode?",
            "I will book a re-delivery today, it arrives within 2 working days. Does that make sense?",
            "Is there anything else I can help with? Thanks for your patience, goodbye.",
            "Bye!",
        ],
    );
    played(
        dir,
        "zh-order-inquiry",
        "小张",
        &[
            "您好，这里是安心家电客服部，我是小张。请问有什么可以帮您？",
            "好的王女士，我帮您查一下订单AX2291。",
            "您的订单明天下午送到。",
            "感谢您的来电，再见。",
        ],
    );
    let report = |format: &str| {
        let out = rehearse(dir)
            .args(["grade", "calls", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let table = report("table");
    let html = report("html");
    let mut lists = html.split("<p><b>What to work on</b></p><ol>").skip(1);
    for result in json["results"].as_array().unwrap() {
        let trainee = result["trainee"].as_str().unwrap();
        let card = &result["scorecard"];
        let skills = card["skills"].as_array().unwrap();
        let shown = |name: &str| {
            skills
                .iter()
                .any(|s| s["name"] == name && s["shown"] == true)
        };
        let critical: Vec<&str> = card["critical_failures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().split(": ").next().unwrap())
            .collect();
        // The table's "weakest skill": the first to work on.
        let row = table
            .lines()
            .find(|l| l.contains(&format!(" {trainee} ")))
            .unwrap();
        let weakest = row.split('┆').nth(5).unwrap().trim();
        let name = weakest.rsplit_once(" (").map_or(weakest, |(n, _)| n);
        assert!(!name.is_empty(), "{trainee}: something to work on\n{table}");
        assert!(!shown(name), "{trainee}: `{name}` was shown\n{table}");
        if let Some(first) = critical.first() {
            assert_eq!(name, *first, "{trainee}: critical first\n{table}");
        }
        // The HTML drill-down's list, in path order as the results.
        let list = lists.next().unwrap().split("</ol>").next().unwrap();
        let names: Vec<&str> = list
            .split("<li>")
            .skip(1)
            .map(|item| item.split([':', '(']).next().unwrap().trim())
            .collect();
        assert_eq!(names.first(), Some(&name), "{trainee}\n{list}");
        for listed in &names {
            assert!(!shown(listed), "{trainee}: `{listed}` was shown\n{list}");
        }
        assert_eq!(
            list.starts_with("<li>") && list.contains("(critical)"),
            !critical.is_empty(),
            "{trainee}\n{list}"
        );
    }
}
