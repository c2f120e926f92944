//! Signed exams end to end: `run --exam` signs with REHEARSE_EXAM_KEY, `grade` checks
//! signatures whenever it has the key, and `--require-signature` certifies only signed
//! exams (unsigned exams and practice runs offered as exams are refused).
mod common;

use std::path::Path;

use common::{rehearse, stdout, write};

const KEY: &str = "correct horse battery staple 2026";
const OTHER_KEY: &str = "a different exam terminal's key";

const GOOD: &str = "\
Good morning, this is Sam at Northwind. I'm so sorry - it can be really frustrating when a delivery doesn't turn up. Could you tell me what happened with the tracking?
I understand. Before I look at order NW-20417, could you confirm your full name and postcode?
Thank you, Dana. I will book a priority re-delivery today, and the desk will reach you within 2 working days - by Thursday. I'll also refund the delivery charge. Does that sound okay?
Is there anything else I can help with today? Thank you for your patience, and have a good evening.
";

/// Runs late-delivery with good replies; `key` signs it when it is an exam.
fn run(dir: &Path, name: &str, exam: bool, key: Option<&str>) -> String {
    write(dir, "replies.txt", GOOD);
    let mut cmd = rehearse(dir);
    cmd.args([
        "run",
        "late-delivery",
        "--replies",
        "replies.txt",
        "--trainee",
        "Robin",
        "--out",
        name,
    ])
    .env_remove("REHEARSE_EXAM_KEY")
    .env_remove("REHEARSE_EXAM_KEY_FILE");
    if exam {
        cmd.arg("--exam");
    }
    if let Some(key) = key {
        cmd.env("REHEARSE_EXAM_KEY", key);
    }
    assert!(cmd.output().unwrap().status.code().is_some());
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Grades with `key` (if any) and `args`; the status and the first result.
fn grade(dir: &Path, key: Option<&str>, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut cmd = rehearse(dir);
    cmd.arg("grade")
        .args(args)
        .args(["--format", "json"])
        .env_remove("REHEARSE_EXAM_KEY")
        .env_remove("REHEARSE_EXAM_KEY_FILE");
    if let Some(key) = key {
        cmd.env("REHEARSE_EXAM_KEY", key);
    }
    let out = cmd.output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), json["results"][0].clone())
}

#[test]
fn a_signed_exam_is_certified() {
    let dir = tempfile::tempdir().unwrap();
    let text = run(dir.path(), "t.yaml", true, Some(KEY));
    assert!(text.contains("\nsignature: hmac-sha256:"), "{text}");
    let (status, result) = grade(dir.path(), Some(KEY), &["t.yaml", "--require-signature"]);
    assert_eq!(status, Some(0), "{result:#}");
    assert_eq!(result["signature"], "valid");
    assert_eq!(result["scorecard"]["passed"], true);
    // Without the key the signature cannot be checked, and nothing is refused for it.
    let (status, result) = grade(dir.path(), None, &["t.yaml"]);
    assert_eq!(status, Some(0));
    assert_eq!(result["signature"], "not-checked");
}

#[test]
fn a_practice_run_is_never_signed() {
    let dir = tempfile::tempdir().unwrap();
    let text = run(dir.path(), "t.yaml", false, Some(KEY));
    assert!(!text.contains("signature:"), "{text}");
}

#[test]
fn any_edit_to_a_signed_exam_breaks_its_signature() {
    let dir = tempfile::tempdir().unwrap();
    let text = run(dir.path(), "t.yaml", true, Some(KEY));
    for (what, edited) in [
        (
            "the trainee",
            text.replace("trainee: Robin", "trainee: Someone Else"),
        ),
        (
            "an added trainee id",
            text.replace("trainee: Robin", "trainee: Robin\ntrainee_id: E-1"),
        ),
        ("the mode", text.replace("mode: exam", "mode: practice")),
        ("the seed", text.replace("seed: 0", "seed: 1")),
        (
            "the start time",
            text.replacen("started: 2", "started: 1", 1),
        ),
    ] {
        assert_ne!(edited, text, "{what}: edit applied");
        write(dir.path(), "t.yaml", &edited);
        // Checked, and refused, with or without --require-signature.
        let (status, result) = grade(dir.path(), Some(KEY), &["t.yaml"]);
        assert_eq!(status, Some(1), "{what}");
        assert_eq!(result["signature"], "bad-signature", "{what}");
        assert_eq!(result["scorecard"]["passed"], false, "{what}");
    }
    // Another terminal's key does not vouch for it either.
    write(dir.path(), "t.yaml", &text);
    let (status, result) = grade(dir.path(), Some(OTHER_KEY), &["t.yaml"]);
    assert_eq!(
        (status, &result["signature"]),
        (Some(1), &"bad-signature".into())
    );
}

#[test]
fn practice_relabelled_as_exam_is_refused_when_signatures_are_required() {
    let dir = tempfile::tempdir().unwrap();
    let text = run(dir.path(), "practice.yaml", false, Some(KEY));
    write(
        dir.path(),
        "relabelled.yaml",
        &text.replace("mode: practice", "mode: exam"),
    );
    // Replay cannot see the mode: the customer reacts the same either way.
    let (status, result) = grade(dir.path(), Some(KEY), &["relabelled.yaml"]);
    assert_eq!(status, Some(0));
    assert_eq!(result["replay"], "matched");
    // The signature requirement can.
    for file in ["relabelled.yaml", "practice.yaml"] {
        let (status, result) = grade(dir.path(), Some(KEY), &[file, "--require-signature"]);
        assert_eq!(status, Some(1), "{file}");
        assert_eq!(result["signature"], "unsigned", "{file}");
        assert_eq!(result["scorecard"]["passed"], false, "{file}");
    }
}

#[test]
fn every_format_says_unsigned_or_bad_signature() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "unsigned.yaml", true, None);
    let signed = run(dir.path(), "signed.yaml", true, Some(KEY));
    write(
        dir.path(),
        "renamed.yaml",
        &signed.replace("trainee: Robin", "trainee: Kim"),
    );
    let report = |format: &str| {
        let out = rehearse(dir.path())
            .args([
                "grade",
                "unsigned.yaml",
                "renamed.yaml",
                "signed.yaml",
                "--require-signature",
                "--format",
                format,
            ])
            .env("REHEARSE_EXAM_KEY", KEY)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        stdout(&out)
    };
    let table = report("table");
    assert!(
        table.contains("┆ UNSIGNED ")
            && table.contains("┆ BAD-SIGNATURE ┆")
            && table.contains("┆ pass "),
        "{table}"
    );
    assert!(
        table.contains("2 transcript(s) refused, never a pass:"),
        "{table}"
    );
    let csv = report("csv");
    assert!(csv.lines().next().unwrap().contains(",signature"), "{csv}");
    assert!(
        csv.contains(",UNSIGNED,") && csv.contains(",unsigned"),
        "{csv}"
    );
    assert!(
        csv.contains(",BAD-SIGNATURE,") && csv.contains(",bad-signature"),
        "{csv}"
    );
    let junit = report("junit");
    assert!(
        junit.contains("type=\"unsigned\"") && junit.contains("type=\"bad-signature\""),
        "{junit}"
    );
    let html = report("html");
    assert!(html.contains("UNSIGNED") && html.contains("BAD-SIGNATURE"));
    let json = report("json");
    assert!(json.contains("\"signature_refused\": 2"), "{json}");
}

#[test]
fn the_signature_survives_a_change_of_layout() {
    let dir = tempfile::tempdir().unwrap();
    let text = run(dir.path(), "t.yaml", true, Some(KEY));
    let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    write(
        dir.path(),
        "t.json",
        &serde_json::to_string(&value).unwrap(),
    );
    let (status, result) = grade(dir.path(), Some(KEY), &["t.json", "--require-signature"]);
    assert_eq!((status, &result["signature"]), (Some(0), &"valid".into()));
}

#[test]
fn the_key_can_come_from_a_file_and_must_be_there_to_require_signatures() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "t.yaml", true, Some(KEY));
    write(dir.path(), "exam.key", &format!("{KEY}\n"));
    let out = rehearse(dir.path())
        .args(["grade", "t.yaml", "--require-signature", "--format", "csv"])
        .env_remove("REHEARSE_EXAM_KEY")
        .env("REHEARSE_EXAM_KEY_FILE", "exam.key")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(",valid"));
    let out = rehearse(dir.path())
        .args(["grade", "t.yaml", "--require-signature"])
        .env_remove("REHEARSE_EXAM_KEY")
        .env_remove("REHEARSE_EXAM_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--require-signature needs the exam key")
    );
    // A short key is no secret.
    let out = rehearse(dir.path())
        .args(["grade", "t.yaml"])
        .env("REHEARSE_EXAM_KEY", "1234")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn play_signs_an_exam_and_it_replays() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args([
            "play",
            "late-delivery",
            "--exam",
            "--trainee",
            "Robin",
            "--seed",
            "5",
            "--out",
            "t.yaml",
        ])
        .env("REHEARSE_EXAM_KEY", KEY)
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(dir.path().join("t.yaml"))
        .unwrap_or_else(|_| panic!("{}", stdout(&out)));
    assert!(text.contains("\nsignature: hmac-sha256:"), "{text}");
    assert!(
        text.contains("latency_ms: "),
        "interactive latencies are recorded"
    );
    let (status, result) = grade(dir.path(), Some(KEY), &["t.yaml", "--require-signature"]);
    assert_eq!(status, Some(0), "{result:#}");
    assert_eq!(result["signature"], "valid");
    assert_eq!(result["replay"], "matched");
}
