//! The queue and the `busy-acknowledge` rule agree on who was acknowledged: a courteous
//! word to someone waiting ("Sorry for the wait, madam") calms the person in the queue
//! exactly when the rule's `acknowledge` part credits it. (Curt orders such as "You'll
//! have to wait" acknowledge them for the customer without credit: not tested here.)
mod common;

use common::{causes, exchanges};
use rehearse::customer::Cause;
use rehearse::library::Library;

/// Whether the busy-time rubric's `acknowledge` rule credits `reply`, from `explain`.
fn rule_acknowledges(reply: &str) -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = common::rehearse(dir.path())
        .args([
            "explain",
            "--rubric",
            "busy-time",
            "--format",
            "json",
            reply,
        ])
        .output()
        .expect("explain runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rules = json["scorecard"]["skills"][0]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    rules
        .iter()
        .find(|r| r["id"] == "acknowledge")
        .is_some_and(|r| r["score"].as_f64() == Some(1.0))
}

/// Whether the woman in lunch-rush's queue is acknowledged by `reply`, said to her
/// after Ravi's card question.
fn queue_acknowledges(reply: &str) -> bool {
    let library = Library::builtin();
    let (done, _) = exchanges(
        &library,
        "lunch-rush",
        "Sam",
        0,
        &[
            "Hi, welcome! Yes, half vegetarian, it will be ready within 15 minutes.",
            &format!("Yes, card is fine, Ravi. {reply}"),
        ],
    );
    causes(&done[1], "Woman in the queue").contains(&&Cause::Acknowledged)
}

#[test]
fn the_queue_and_the_rule_agree_on_an_acknowledgement() {
    for (reply, acknowledged) in [
        ("Sorry for the wait, madam.", true),
        ("Apologies for the wait, madam.", true),
        ("Sorry to keep you waiting, madam.", true),
        ("Thanks for bearing with me, madam.", true),
        ("I'll be with you in a moment, madam.", true),
        ("Feel free to look around while you wait.", true),
        ("Lovely weather today.", false),
        ("I'm not sorry for the wait.", false),
    ] {
        assert_eq!(rule_acknowledges(reply), acknowledged, "rule: {reply}");
        assert_eq!(queue_acknowledges(reply), acknowledged, "queue: {reply}");
    }
}
