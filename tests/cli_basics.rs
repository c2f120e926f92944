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
        "list",
        "play",
        "run",
        "grade",
        "check",
        "test",
        "explain",
        "new",
        "schema",
        "completions",
        "man",
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

#[test]
fn new_files_pass_check_and_test() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["scenario", "rubric"] {
        let out = rehearse(dir.path())
            .args(["new", kind, "my-first"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(dir.path().join("scenarios/my-first.yaml").is_file());
    let again = rehearse(dir.path())
        .args(["new", "scenario", "my-first"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    let out = rehearse(dir.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    let out = rehearse(dir.path())
        .args(["test", "scenarios", "rubrics"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains(" 0 failed"));
    let bad = rehearse(dir.path())
        .args(["new", "scenario", "Bad Name"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn schema_is_json_schema_for_each_format() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, keys) in [
        ("scenario", ["steps", "customer", "rubrics"]),
        ("rubric", ["skills", "pass_mark", "id"]),
        ("transcript", ["turns", "trainee", "seed"]),
    ] {
        let out = rehearse(dir.path())
            .args(["schema", kind])
            .output()
            .unwrap();
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["type"], "object");
        assert_eq!(
            schema["additionalProperties"], false,
            "unknown keys are errors in {kind}"
        );
        for key in keys {
            assert!(
                schema["properties"][key].is_object(),
                "{kind} schema lacks {key}"
            );
        }
        assert!(
            schema["properties"]["rehearse"]["description"]
                .as_str()
                .unwrap()
                .contains("version")
        );
    }
}

#[test]
fn explain_highlights_and_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args([
            "explain",
            "--rubric",
            "difficult",
            "I'm not sorry, calm down.",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    // "I'm not sorry" is dismissive too, and takes the apology back.
    assert!(
        text.starts_with("[-I'm not sorry-], [-calm down-]."),
        "{text}"
    );
    assert!(
        text.contains("✗    0% Sincere apology without blame"),
        "{text}"
    );
    let out = rehearse(dir.path())
        .args(["explain", "--rubric", "core", "--format", "json"])
        .write_stdin("Hi there\nGood morning, how can I help?\n")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    let greeting = &json[1]["scorecard"]["skills"][0];
    assert_eq!(greeting["id"], "greeting");
    assert_eq!(greeting["rules"][0]["evidence"][0]["text"], "Good morning");
    assert_eq!(greeting["rules"][0]["evidence"][0]["span"]["start"], 0);
    let out = rehearse(dir.path())
        .args(["explain", "--rubric", "cor", "hi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_shows_every_persona() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&rehearse(dir.path()).arg("list").output().unwrap());
    for persona in ["angry", "returning", "group", "busy-time", "standard"] {
        assert!(text.contains(persona), "{persona} missing:\n{text}");
    }
    let text = stdout(
        &rehearse(dir.path())
            .args(["list", "--rubrics"])
            .output()
            .unwrap(),
    );
    assert!(text.contains("zh-phone"));
}

#[test]
fn color_follows_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let plain = stdout(
        &rehearse(dir.path())
            .args(["explain", "--rubric", "core", "Hello"])
            .output()
            .unwrap(),
    );
    assert!(!plain.contains("\x1b["));
    let colored = stdout(
        &rehearse(dir.path())
            .env_remove("NO_COLOR")
            .args(["--color", "always", "explain", "--rubric", "core", "Hello"])
            .output()
            .unwrap(),
    );
    assert!(colored.contains("\x1b["));
}

#[test]
fn clicolor_force_colours_unless_the_flag_says_never() {
    let dir = tempfile::tempdir().unwrap();
    let explain = |extra: &[&str]| {
        stdout(
            &rehearse(dir.path())
                .env("CLICOLOR_FORCE", "1")
                .args(extra)
                .args(["explain", "--rubric", "core", "Hello"])
                .output()
                .unwrap(),
        )
    };
    // Forced colour wins over NO_COLOR (set by `rehearse()`) and a pipe for stdout…
    assert!(explain(&[]).contains("\x1b["));
    // …but not over --color never.
    assert!(!explain(&["--color", "never"]).contains("\x1b["));
}

#[test]
fn run_out_never_replaces_the_replies() {
    let dir = tempfile::tempdir().unwrap();
    let replies = "Good morning, how can I help?\n";
    std::fs::write(dir.path().join("replies.txt"), replies).unwrap();
    let run = rehearse(dir.path())
        .args(["run", "late-delivery", "--replies", "replies.txt"])
        .args(["--out", "./replies.txt"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: --out ./replies.txt is the replies file this command reads (replies.txt); writing there would destroy it: choose another file\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("replies.txt")).unwrap(),
        replies
    );
}

#[test]
fn run_records_the_trainee_id_in_the_transcript() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("replies.txt"),
        "Good morning, how can I help?\n",
    )
    .unwrap();
    let run = rehearse(dir.path())
        .args(["run", "late-delivery", "--replies", "replies.txt"])
        .args(["--trainee", "Alex Chen", "--trainee-id", "alex@example.com"])
        .args(["--out", "t.yaml"])
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let text = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(
        text.contains("trainee: Alex Chen\ntrainee_id: alex@example.com\n"),
        "{text}"
    );
    let schema = rehearse(dir.path())
        .args(["schema", "transcript"])
        .output()
        .unwrap();
    assert!(stdout(&schema).contains("\"trainee_id\""));
}

/// A rubric whose one `hit` example does not show its skill: one failing test.
const FAILING_RUBRIC: &str = "\
rehearse: 1
id: failing
title: Failing
skills:
  - id: hello
    name: Says hello
    feedback: { hit: Nice., miss: Say hello. }
    rules:
      - require: [hello]
    examples:
      hit: [\"Good morning & welcome\"]
      miss: [\"Bye\"]
";

#[test]
fn machine_formats_of_list_test_and_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), FAILING_RUBRIC).unwrap();
    let run = |args: &[&str]| {
        let out = rehearse(dir.path()).args(args).output().unwrap();
        (stdout(&out), out.status.code())
    };
    // list: one object per row, the table's columns.
    let (text, status) = run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    let late = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "late-delivery")
        .unwrap();
    assert_eq!(
        (late["source"].as_str(), late["persona"].as_str(), status),
        (Some("built-in"), Some("angry"), Some(0))
    );
    let (text, _) = run(&["list", "--rubrics", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "core" && r["skills"].as_array().is_some_and(|s| !s.is_empty())),
        "{text}"
    );
    // test: JSON counts and each test; JUnit with the failure's explanation.
    let (text, status) = run(&["test", "r.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (json["passed"].as_u64(), json["failed"].as_u64(), status),
        (Some(1), Some(1), Some(1)),
        "{text}"
    );
    assert_eq!(json["tests"][0]["name"], "rubric failing › hello › hit 1");
    assert!(
        json["tests"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("reply: \"Good morning & welcome\"\nshould show `hello` but scored 0%"),
        "{text}"
    );
    let (text, status) = run(&["test", "r.yaml", "--format", "junit"]);
    assert_eq!(status, Some(1));
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rehearse test\" tests=\"2\" failures=\"1\" errors=\"0\">\n  <testsuite name=\"rubric failing\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n    <testcase name=\"hello › hit 1\" classname=\"rehearse.rubric.failing\">\n      <failure message=\"reply: &quot;Good morning &amp; welcome&quot;\" type=\"example-failed\">"), "{text}");
    assert!(
        text.contains(
            "<testcase name=\"hello › miss 2\" classname=\"rehearse.rubric.failing\"></testcase>"
        ),
        "{text}"
    );
    // check: counts and located diagnostics.
    let (text, status) = run(&["check", "r.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (
            json["files"].as_u64(),
            json["errors"].as_u64(),
            json["notes"].as_u64(),
            status
        ),
        (Some(1), Some(0), Some(0), Some(0)),
        "{text}"
    );
}

#[test]
fn completions_man_page_and_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = rehearse(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        stdout(&out)
    };
    // The built-in ids are offered where a scenario or rubric id is expected, in the
    // shells whose scripts list values (clap_complete's powershell and elvish do not).
    for (shell, marker, ids) in [
        ("bash", "_rehearse()", true),
        ("zsh", "#compdef rehearse", true),
        ("fish", "complete -c rehearse", true),
        ("powershell", "Register-ArgumentCompleter", false),
        ("elvish", "edit:completion:arg-completer[rehearse]", false),
    ] {
        let script = run(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker}");
        let has_ids = script.contains("late-delivery") && script.contains("difficult");
        assert_eq!(has_ids, ids, "{shell}");
    }
    let page = run(&["man"]);
    assert!(page.contains(".TH rehearse 1"), "{page}");
    assert!(page.contains("completions"), "subcommands are listed");
    for (draft, meta) in [
        (&[][..], "https://json-schema.org/draft/2020-12/schema"),
        (
            &["--draft", "07"],
            "http://json-schema.org/draft-07/schema#",
        ),
    ] {
        for kind in ["scenario", "rubric", "transcript", "labels"] {
            let text = run(&[&["schema", kind][..], draft].concat());
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(schema["$schema"], meta, "{kind} {draft:?}");
            assert_eq!(schema["$id"], format!("urn:rehearse:schema:{kind}:1"));
        }
    }
    for kind in ["scenario", "rubric"] {
        let text = run(&["new", kind, "x", "--stdout"]);
        assert_eq!(
            text.lines().next(),
            Some(
                format!("# yaml-language-server: $schema=../.schemas/{kind}.schema.json").as_str()
            )
        );
    }
}

/// A skill's score for one reply, as `explain --format json` reports it.
fn skill_score(rubric: &str, skill: &str, reply: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["explain", "--rubric", rubric, "--format", "json", reply])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skills = json["scorecard"]["skills"].as_array().unwrap();
    let found = skills.iter().find(|s| s["id"] == skill).unwrap();
    found["score"].as_f64().unwrap()
}

/// Every way of apologising is the one skill: the rubric's own suggestion, a full "I'm so
/// sorry…" and a bare "Sorry, …" each score in full, not half for missing another form.
#[test]
fn a_full_apology_scores_in_full_whatever_its_form() {
    for reply in [
        "I'm truly sorry for the trouble this has caused you.",
        "I'm so sorry about the cancellation",
        "Sorry about that.",
        "Sorry, your car could not be booked.",
        "Apologies, that should have arrived on Monday.",
    ] {
        assert_eq!(skill_score("difficult", "apology", reply), 1.0, "{reply}");
    }
    assert_eq!(
        skill_score("difficult", "apology", "Sorry, what was the number?"),
        0.0
    );
}

/// Offering more help is worded around whom it helps: one customer, a pair, a group.
#[test]
fn offers_of_more_help_to_one_or_several_count() {
    for reply in [
        "Is there anything else I can help either of you with?",
        "Is there anything I can help you both with before you go?",
        "Can I help either of you with anything?",
        "Is there anything we can do for you two?",
        "Anything I can help you all with?",
    ] {
        assert_eq!(
            skill_score("core", "offer-more-help", reply),
            1.0,
            "{reply}"
        );
    }
    assert_eq!(
        skill_score(
            "core",
            "offer-more-help",
            "I can't help either of you with that."
        ),
        0.0
    );
}

/// A warm send-off is the whole farewell, and so is a courtesy with a goodbye: neither
/// stops at part marks for not also being the other. A bare goodbye is a quarter.
#[test]
fn a_natural_farewell_scores_in_full() {
    for reply in [
        "Thank you for calling, and have a good day.",
        "Have a lovely day!",
        "You're welcome, have a great one!",
        "Thanks so much, bye!",
    ] {
        assert_eq!(skill_score("core", "farewell", reply), 1.0, "{reply}");
    }
    assert_eq!(skill_score("core", "farewell", "Bye."), 0.25);
}
