//! `scope: opening` in the built-in rubrics: an agent often greets, hears the first
//! complaint, then introduces themselves or recognises a regular. The second reply is
//! still the opening; the third is not.
mod common;

use common::{rehearse, stdout, write};

/// `rule`'s score (`skill` of any rubric) after `run SCENARIO` with `replies`.
fn rule_score(scenario: &str, replies: &[&str], skill: &str, rule: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "replies.yaml",
        &serde_yaml::to_string(replies).unwrap(),
    );
    let out = rehearse(dir.path())
        .args([
            "run",
            scenario,
            "--trainee",
            "Sam",
            "--format",
            "json",
            "--replies",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let skills = json["scorecard"]["skills"].as_array().unwrap();
    let skill = skills.iter().find(|s| s["id"] == skill).unwrap();
    let rules = skill["rules"].as_array().unwrap();
    let rule = rules.iter().find(|r| r["id"] == rule).unwrap();
    rule["score"].as_f64().unwrap()
}

#[test]
fn an_introduction_after_the_first_complaint_counts() {
    let greet = "Good morning, Northwind, how can I help?";
    let introduce =
        "I'm so sorry about that, Dana - my name is Sam and I'll sort this out for you.";
    let second = rule_score(
        "late-delivery",
        &[greet, introduce],
        "introduction",
        "introduction#1",
    );
    assert_eq!(second, 1.0);
    let third = rule_score(
        "late-delivery",
        &[greet, "I see. Let me look into it.", introduce],
        "introduction",
        "introduction#1",
    );
    assert_eq!(third, 0.0, "the third reply is past the opening");
}

#[test]
fn welcoming_a_regular_back_in_the_second_reply_counts() {
    let hello = "Hello there! How can I help today?";
    let welcome = "Oh, Sofia - welcome back! How has the bike been?";
    let second = rule_score(
        "returning-regular",
        &[hello, welcome],
        "returning-recognition",
        "welcome-back",
    );
    assert_eq!(second, 1.0);
    let third = rule_score(
        "returning-regular",
        &[hello, "I see.", welcome],
        "returning-recognition",
        "welcome-back",
    );
    assert_eq!(third, 0.0, "the third reply is past the opening");
}

/// Editors offer `opening` with the other scopes.
#[test]
fn the_rubric_schema_offers_the_opening_scope() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["schema", "rubric"])
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let scopes = schema["$defs"]["Scope"]["oneOf"].as_array().unwrap();
    assert!(scopes.iter().any(|s| s["const"] == "opening"), "{scopes:?}");
}
