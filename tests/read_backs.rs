//! Reading back what the customer said is listening, not disclosure: the critical
//! "identity before account details" rule passes over figures the customer said earlier
//! in the call, however many lines ago, and still catches figures she did not say.
mod common;

use common::{rehearse, stdout, write};

/// What `run --coach` printed for old-card with `replies`.
fn old_card(replies: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "replies.yaml",
        &serde_yaml::to_string(replies).unwrap(),
    );
    let out = rehearse(dir.path())
        .args([
            "run",
            "old-card",
            "--coach",
            "--trainee",
            "Sam",
            "--replies",
        ])
        .arg(&file)
        .output()
        .unwrap();
    stdout(&out)
}

#[test]
fn a_figure_the_customer_said_lines_ago_is_read_back_not_disclosed() {
    // Nadia says £11.99 in her opening line; another line comes before the read-back.
    let text = old_card(&[
        "Good morning, this is Sam at StreamBox.",
        "I see - so what has happened is you were charged £11.99 twice this month. Is that right?",
    ]);
    // (Verification itself was never done, so the skill still fails; the order rule,
    // named after the skill when it breaks, does not.)
    assert!(!text.contains("identity-first"), "{text}");
    assert!(!text.contains("You read out account details"), "{text}");
}

#[test]
fn a_figure_she_did_not_say_is_still_a_disclosure() {
    let text = old_card(&[
        "Good morning, this is Sam at StreamBox.",
        "I see - you were charged £11.99 twice, and your balance is £23.98. Is that right?",
    ]);
    assert!(
        text.contains("critical failure: Identity before account details: identity-first"),
        "{text}"
    );
}
