//! Replay verification end to end: `grade` plays every transcript again and refuses the
//! ones that were edited after the run (TAMPERED, in every format and the exit status),
//! and says plainly when a changed scenario makes a transcript unverifiable.
mod common;

use std::path::Path;

use common::{rehearse, stdout, write};

const GOOD: &str = "\
Good morning, this is Sam at Northwind. I'm so sorry - it can be really frustrating when a delivery doesn't turn up. Could you tell me what happened with the tracking?
I understand. Before I look at order NW-20417, could you confirm your full name and postcode?
Thank you, Dana. I will book a priority re-delivery today, and the desk will reach you within 2 working days - by Thursday. I'll also refund the delivery charge. Does that sound okay?
Is there anything else I can help with today? Thank you for your patience, and have a good evening.
";

const BAD: &str = "\
Calm down. What's the order number?
It's not my fault, the courier messed up.
";

/// A good call with a "calm down" in the middle: the kind of turn a trainee would like
/// to delete.
const CALM_DOWN: &str = "\
Good morning, this is Sam at Northwind. I'm so sorry - it can be really frustrating when a delivery doesn't turn up. Could you tell me what happened with the tracking?
Calm down, these things happen.
I understand. Before I look at order NW-20417, could you confirm your full name and postcode?
Thank you, Dana. I will book a priority re-delivery today, and the desk will reach you within 2 working days - by Thursday. I'll also refund the delivery charge. Does that sound okay?
Is there anything else I can help with today? Thank you for your patience, and have a good evening.
";

/// The transcript with the mood after reply `n` (0-based) set to another value.
fn other_mood(text: &str, n: usize) -> String {
    let at = text.match_indices("  mood_after: ").nth(n).unwrap().0 + "  mood_after: ".len();
    let end = at + text[at..].find('\n').unwrap();
    let other = if &text[at..end] == "0" { "1" } else { "0" };
    format!("{}{other}{}", &text[..at], &text[end..])
}

/// Runs late-delivery as an exam with `replies`, writing `name`; returns its text.
fn exam(dir: &Path, name: &str, replies: &str) -> String {
    write(dir, "replies.txt", replies);
    let out = rehearse(dir)
        .args([
            "run",
            "late-delivery",
            "--replies",
            "replies.txt",
            "--exam",
            "--trainee",
            "Robin",
            "--seed",
            "3",
            "--out",
        ])
        .arg(name)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "run finished");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn grade_json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = rehearse(dir)
        .arg("grade")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), json)
}

/// The `replay` status and the divergence of the only result.
fn verdict(dir: &Path, file: &str) -> (String, serde_json::Value, bool) {
    let (_, json) = grade_json(dir, &[file]);
    let result = &json["results"][0];
    (
        result["replay"].as_str().unwrap_or("?").to_string(),
        result["tampered"].clone(),
        result["scorecard"]["passed"].as_bool().unwrap(),
    )
}

#[test]
fn an_untouched_transcript_replays_and_is_graded() {
    let dir = tempfile::tempdir().unwrap();
    exam(dir.path(), "good.yaml", GOOD);
    let (status, json) = grade_json(dir.path(), &["good.yaml"]);
    assert_eq!(status, Some(0), "{json:#}");
    assert_eq!(json["results"][0]["replay"], "matched");
    assert_eq!(json["results"][0]["tampered"], serde_json::Value::Null);
    assert_eq!(json["summary"]["tampered"], 0);
}

#[test]
fn the_replies_of_a_failed_exam_replaced_by_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bad = exam(dir.path(), "bad.yaml", BAD);
    assert_eq!(verdict(dir.path(), "bad.yaml").0, "matched");
    let good_replies: Vec<&str> = GOOD.lines().collect();
    let mut forged = bad.clone();
    // The customer walks out on the first reply: the rest of BAD is never said.
    let said = bad.matches("\n  reply: ").count();
    assert!(said >= 1, "{bad}");
    for (i, line) in BAD.lines().take(said).enumerate() {
        let recorded = bad
            .lines()
            .find(|l| l.trim_start().starts_with("reply:") && l.contains(&line[..10]))
            .unwrap_or_else(|| panic!("reply {i} in\n{bad}"));
        let indent = &recorded[..recorded.find("reply:").unwrap()];
        forged = forged.replacen(
            recorded,
            &format!("{indent}reply: '{}'", good_replies[i].replace('\'', "''")),
            1,
        );
    }
    assert_ne!(forged, bad);
    write(dir.path(), "bad.yaml", &forged);
    let (replay, tampered, passed) = verdict(dir.path(), "bad.yaml");
    assert_eq!(replay, "tampered");
    assert!(!passed, "a tampered transcript never passes");
    assert_eq!(tampered["turn"], 1, "{tampered:#}");
    assert!(
        tampered["what"]
            .as_str()
            .unwrap()
            .contains("mood after the reply"),
        "{tampered:#}"
    );
}

#[test]
fn a_deleted_turn_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", CALM_DOWN);
    // Cut the turn holding "Calm down" (from its `- step:` to the next).
    let at = text.find("Calm down").unwrap();
    let start = text[..at].rfind("- step:").unwrap();
    let end = start + 1 + text[start + 1..].find("- step:").unwrap();
    assert!(text[end..].contains("Thursday"), "the call went on: {text}");
    let cut = format!("{}{}", &text[..start], &text[end..]);
    assert!(!cut.contains("Calm down"));
    write(dir.path(), "t.yaml", &cut);
    let (replay, tampered, passed) = verdict(dir.path(), "t.yaml");
    assert_eq!(replay, "tampered");
    assert!(!passed);
    assert_eq!(tampered["turn"], 2, "{tampered:#}");
}

#[test]
fn an_edited_customer_line_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", GOOD);
    let edited = text.replacen("    text: ", "    text: I am perfectly calm. ", 2);
    write(dir.path(), "t.yaml", &edited);
    let (replay, tampered, _) = verdict(dir.path(), "t.yaml");
    assert_eq!(replay, "tampered");
    assert_eq!(tampered["turn"], 1);
    let what = tampered["what"].as_str().unwrap();
    assert!(
        what.starts_with("what was said before the reply differ")
            && what.contains("I am perfectly calm."),
        "{what}"
    );
}

#[test]
fn a_changed_mood_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", GOOD);
    write(dir.path(), "t.yaml", &other_mood(&text, 2));
    let (replay, tampered, _) = verdict(dir.path(), "t.yaml");
    assert_eq!(replay, "tampered");
    assert_eq!(tampered["turn"], 3, "{tampered:#}");
}

#[test]
fn a_changed_ending_or_closing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", BAD);
    assert!(text.contains("ending: walked-out"), "{text}");
    write(
        dir.path(),
        "t.yaml",
        &text.replace("ending: walked-out", "ending: resolved"),
    );
    let (replay, tampered, _) = verdict(dir.path(), "t.yaml");
    assert_eq!(replay, "tampered");
    // The walk-out came on the first reply, and a walk-out has no last word.
    assert_eq!(tampered["turn"], 2, "one past the last turn: {tampered:#}");
}

#[test]
fn every_format_and_the_exit_status_say_tampered() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", GOOD);
    exam(dir.path(), "untouched.yaml", GOOD);
    write(dir.path(), "t.yaml", &other_mood(&text, 0));
    let run = |format: &str| {
        let out = rehearse(dir.path())
            .args(["grade", "t.yaml", "untouched.yaml", "--format", format])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: tampered is a failure"
        );
        stdout(&out)
    };
    let table = run("table");
    assert!(table.contains("┆ TAMPERED ┆"), "{table}");
    assert!(
        table.contains("1 transcript(s) refused, never a pass:")
            && table.contains("t.yaml: TAMPERED: edited after the run, replay differs at turn 1: "),
        "{table}"
    );
    assert!(table.contains(", 1 tampered"), "{table}");
    let csv = run("csv");
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",replay,tampered"), "{header}");
    assert!(
        csv.lines().nth(1).unwrap().contains(",TAMPERED,") && csv.contains(",tampered,\"turn 1: "),
        "{csv}"
    );
    assert!(csv.contains(",matched,"), "the untouched one: {csv}");
    let junit = run("junit");
    assert!(junit.contains("type=\"tampered\""), "{junit}");
    let html = run("html");
    assert!(html.contains("TAMPERED") && html.contains("replay differs at turn 1"));
    let json = run("json");
    assert!(json.contains("\"replay\": \"tampered\""));
}

#[test]
fn a_changed_scenario_makes_a_transcript_unverifiable() {
    let dir = tempfile::tempdir().unwrap();
    exam(dir.path(), "t.yaml", GOOD);
    // The same scenario, one line changed, overriding the built-in by id.
    let scenario = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late-delivery.yaml"),
    )
    .unwrap();
    write(
        dir.path(),
        "mine/late-delivery.yaml",
        &scenario.replace("Finally, a human.", "At last, a human."),
    );
    let (status, json) = grade_json(dir.path(), &["--dir", "mine", "t.yaml"]);
    assert_eq!(status, Some(1));
    assert_eq!(json["summary"]["graded"], 0, "not graded: {json:#}");
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "unverifiable, not graded: scenario `late-delivery` has changed since this run"
        ) && message.ends_with("grade it anyway with --allow-changed-scenarios"),
        "{message}"
    );
    let (status, json) = grade_json(
        dir.path(),
        &["--dir", "mine", "t.yaml", "--allow-changed-scenarios"],
    );
    assert_eq!(status, Some(0), "{json:#}");
    let result = &json["results"][0];
    assert_eq!(result["replay"], "not-replayed");
    assert!(
        result["notes"][0].as_str().unwrap().starts_with(
            "not replayed (--allow-changed-scenarios): scenario `late-delivery` has changed"
        ),
        "{result:#}"
    );
}

#[test]
fn a_run_by_another_revision_of_the_customer_is_unverifiable_not_tampered() {
    let dir = tempfile::tempdir().unwrap();
    let text = exam(dir.path(), "t.yaml", GOOD);
    let engine = format!("engine: {}", rehearse::customer::ENGINE);
    assert!(text.contains(&engine), "runs record the revision: {text}");
    write(dir.path(), "t.yaml", &text.replace(&engine, "engine: 1"));
    let (status, json) = grade_json(dir.path(), &["t.yaml"]);
    assert_eq!(status, Some(1));
    assert_eq!(json["summary"]["tampered"], 0, "{json:#}");
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("recorded by revision 1 of the simulated customer")
            && message.ends_with("grade it anyway with --allow-changed-scenarios"),
        "{message}"
    );
    let (status, json) = grade_json(dir.path(), &["t.yaml", "--allow-changed-scenarios"]);
    assert_eq!(status, Some(0), "{json:#}");
    assert_eq!(json["results"][0]["replay"], "not-replayed");
    // Older transcripts, which record no revision, are replayed as before.
    write(
        dir.path(),
        "t.yaml",
        &text.replace(&format!("{engine}\n"), ""),
    );
    let (_, json) = grade_json(dir.path(), &["t.yaml"]);
    assert_eq!(json["results"][0]["replay"], "matched", "{json:#}");
}

#[test]
fn a_regrade_with_other_rubrics_still_replays_with_the_scenarios_own() {
    let dir = tempfile::tempdir().unwrap();
    exam(dir.path(), "t.yaml", GOOD);
    let (_, json) = grade_json(dir.path(), &["t.yaml", "--rubric", "core"]);
    assert_eq!(json["results"][0]["replay"], "matched", "{json:#}");
}

/// A customer who only goes on once the trainee says who they are.
const WHO_IS_IT: &str = "\
rehearse: 1
id: who-is-it
title: Who is calling?
persona: standard
channel: phone
difficulty: 1
language: en
brief: Say who you are.
customer:
  name: Ada Lane
  mood: 5
rubrics: [core]
steps:
  - id: opening
    say: [\"Hello? Who am I speaking to?\"]
    next:
      - when: { shows: [introduction] }
        goto: thanks
      - goto: who
  - id: who
    say: [\"Sorry, who is this?\"]
    next:
      - goto: thanks
  - id: thanks
    say: [\"Right, thanks. Bye then.\"]
    end: resolved
";

#[test]
fn replay_hears_the_trainee_by_their_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "scenarios/who-is-it.yaml", WHO_IS_IT);
    // Lower case: only the trainee's own name makes this an introduction.
    write(
        dir.path(),
        "replies.txt",
        "hi, robin here, how can I help?\nthanks, bye\n",
    );
    let out = rehearse(dir.path())
        .args(["run", "who-is-it", "--dir", "."])
        .args([
            "--replies",
            "replies.txt",
            "--trainee",
            "robin",
            "--out",
            "t.yaml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(
        !text.contains("who is this"),
        "the name was heard live: {text}"
    );
    let (_, json) = grade_json(dir.path(), &["t.yaml", "--dir", "."]);
    assert_eq!(json["results"][0]["replay"], "matched", "{json:#}");
}
