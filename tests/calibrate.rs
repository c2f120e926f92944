//! `rehearse calibrate`: agreement figures, disagreements with evidence, exit status, and
//! the shipped rubrics measured against our own trainer-labelled set (tests/labels/).

mod common;

use common::{rehearse, stdout, write};

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labels")
}

#[test]
fn figures_and_disagreements_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["calibrate", "--format", "json"])
        .arg(fixtures())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = |key: &str| {
        json["agreement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["key"] == key)
            .unwrap_or_else(|| panic!("no row for {key}"))
            .clone()
    };
    let more = row("core.offer-more-help");
    assert_eq!(
        (more["tp"].as_u64(), more["fn"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(more["recall"].as_f64(), Some(0.5));
    assert_eq!(row("difficult.apology")["f1"].as_f64(), Some(1.0));
    // The JSON Lines file's items name their own rubrics and qualified keys.
    assert_eq!(row("core.greeting")["n"].as_u64(), Some(2));
    let disagreements = json["disagreements"].as_array().unwrap();
    assert_eq!(disagreements.len(), 1);
    assert_eq!(disagreements[0]["key"], "core.offer-more-help");
    assert_eq!(
        disagreements[0]["note"],
        "an offer of more help in unusual words"
    );
}

#[test]
fn min_f1_fails_the_run_and_marks_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["calibrate", "--min-f1", "0.9"])
        .arg(fixtures().join("small.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("0.67 ✗"), "{text}");
    assert!(
        text.contains("> Shall we look at your other order while you are here?"),
        "{text}"
    );
}

/// `calibrate`'s text report on a labels file holding `yaml`.
fn calibrate_text(yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let labels = write(dir.path(), "l.yaml", yaml);
    let out = rehearse(dir.path())
        .args(["calibrate"])
        .arg(&labels)
        .output()
        .unwrap();
    stdout(&out)
}

#[test]
fn negated_phrases_are_explained_as_such() {
    let text = calibrate_text(
        "rehearse: 1\nrubrics: [difficult]\nitems:\n  - reply: \"I am not sorry about that.\"\n    labels: {apology: true}\n",
    );
    assert!(
        text.contains("negated or excluded here: apology#1: \"sorry about\""),
        "{text}"
    );
}

/// Items disagree on different skills in turn; each disagreement is listed under its own
/// skill, not under whichever skill's heading came last.
#[test]
fn disagreements_are_listed_under_their_own_skill() {
    let text = calibrate_text(
        "rehearse: 1\nrubrics: [difficult]\nitems:\n  - reply: \"Sorry for the inconvenience. Next.\"\n    labels: {apology: false}\n  - reply: \"Ok.\"\n    labels: {empathy: true}\n  - reply: \"I am so sorry about the parcel.\"\n    labels: {apology: false}\n",
    );
    let apology = text.find("difficult.apology: disagreements").expect(&text);
    let empathy = text.find("difficult.empathy: disagreements").expect(&text);
    let section = |from: usize| {
        // From its heading to the next one.
        let rest = &text[from..];
        let body = rest.find('\n').unwrap_or(rest.len());
        let end = rest[body..]
            .find(": disagreements")
            .map_or(rest.len(), |e| body + e);
        &rest[..end]
    };
    let apologies = section(apology);
    assert!(apologies.contains("Sorry for the inconvenience"), "{text}");
    assert!(apologies.contains("so sorry about the parcel"), "{text}");
    assert!(!apologies.contains("> Ok."), "{text}");
    assert!(section(empathy).contains("> Ok."), "{text}");
}

#[test]
fn bad_labels_are_located_and_unknown_keys_reported() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(
        dir.path(),
        "two.yaml",
        "rehearse: 1\nrubrics: [core]\nitems:\n  - reply: hi\n    conversation: [{reply: hi}]\n    labels: {greeting: true}\n",
    );
    let out = rehearse(dir.path())
        .arg("calibrate")
        .arg(&two)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("two.yaml:4:5")
            && err.contains("an item needs exactly one of `reply`, `conversation` or `transcript`"),
        "{err}"
    );
    let unknown = write(
        dir.path(),
        "unknown.jsonl",
        "{\"reply\": \"hi\", \"rubrics\": [\"core\"], \"labels\": {\"greting\": true}}\n",
    );
    let out = rehearse(dir.path())
        .arg("calibrate")
        .arg(&unknown)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("`greting` is neither a skill nor a rule id of core"),
        "{}",
        stdout(&out)
    );
    let broken = write(dir.path(), "broken.jsonl", "{\"reply\": \"hi\",\n");
    let out = rehearse(dir.path())
        .arg("calibrate")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("broken.jsonl:1:15: line 1: EOF while parsing a value"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The shipped rubrics against our own labelled set: every skill's F1 at or above its
/// floor (the figure it last reached, rounded down to 0.05). The goal is 0.9 for every
/// skill; this holds the ground gained on the way there. Raise a floor whenever a change
/// lifts it, and never lower one to let a change through.
const FLOORS: &[(&str, f64)] = &[
    ("account.verification", 0.92),
    ("busy-time.busy-acknowledge", 0.99),
    ("core.active-listening", 0.90),
    ("core.expectation-setting", 0.92),
    ("core.farewell", 0.93),
    ("core.greeting", 0.98),
    ("core.introduction", 0.97),
    ("core.need-identification", 0.93),
    ("core.offer-more-help", 0.91),
    ("core.positive-language", 0.92),
    ("core.professional-style", 0.90),
    ("core.understanding-check", 0.92),
    ("difficult.apology", 0.95),
    ("difficult.boundaries", 0.90),
    ("difficult.de-escalation", 0.93),
    ("difficult.empathy", 0.91),
    ("difficult.escalation", 0.95),
    ("zh-phone.closing", 0.93),
    ("zh-phone.expectation", 0.96),
    ("zh-phone.forbidden", 0.97),
    ("zh-phone.greeting", 0.96),
    ("zh-phone.introduction", 0.97),
    ("zh-phone.patience", 0.93),
    ("zh-phone.purpose", 0.92),
    ("zh-phone.record", 0.91),
];

/// The bar a trainer would sign: every labelled skill at F1 0.9 or more, as
/// `rehearse calibrate --min-f1 0.9` checks it.
#[test]
fn every_shipped_skill_agrees_with_our_labels_at_f1_0_9() {
    let labels = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labels");
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["calibrate", "--min-f1", "0.9", "--show", "3"])
        .arg(&labels)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn shipped_rubrics_hold_their_agreement_with_our_labels() {
    let labels = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labels");
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["calibrate", "--format", "json"])
        .arg(&labels)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["unjudged"].as_array().map(Vec::len), Some(0), "{json}");
    let rows = json["agreement"].as_array().unwrap();
    let labelled: usize = rows.iter().filter_map(|a| a["n"].as_u64()).sum::<u64>() as usize;
    assert!(labelled >= 500, "only {labelled} labels");
    let mut below = Vec::new();
    for (key, floor) in FLOORS {
        let row = rows
            .iter()
            .find(|a| a["key"] == *key)
            .unwrap_or_else(|| panic!("{key} is not labelled any more"));
        let f1 = row["f1"].as_f64().unwrap_or(0.0);
        if f1 + 1e-9 < *floor {
            below.push(format!("{key}: F1 {f1:.2} under {floor:.2}"));
        }
    }
    assert!(below.is_empty(), "{below:#?}");
}
