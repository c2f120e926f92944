//! The trainee's last word after the customer's closing line: commands that only look
//! (`/repeat`, `/score`) answer and keep it open; only a reply, an empty line or `/quit`
//! close it.
#![cfg(unix)]

mod common;

/// A good first-visit call, up to the customer's closing line.
const GOOD: [&str; 3] = [
    "Hello, welcome to Green Thumb! I'm Ana. How can I help you today?",
    "I see, a north-facing balcony and you're often away - so tough, shade-loving plants that don't need much watering.",
    "Yes, delivery is free over £40 and I will book it for you today; it takes 2 days. Does that sound good? Is there anything else I can help with? Thanks for coming in!",
];

#[test]
fn looking_at_the_score_or_the_closing_line_keeps_the_last_word_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = common::pty(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Ana",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    for reply in GOOD {
        p.expect("you> ").unwrap();
        p.send_line(reply).unwrap();
    }
    p.expect("you have the last word").unwrap();
    p.send_line("/repeat").unwrap();
    // The closing line again, and the last word still open.
    p.expect("Brilliant, thanks for your help.").unwrap();
    p.send_line("/score").unwrap();
    p.expect("Total").unwrap();
    p.send_line("/hint").unwrap();
    p.expect("you have the last word").unwrap();
    p.send_line("Enjoy the plants, goodbye!").unwrap();
    p.expect("[resolved]").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let saved = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    // The last word is the call's last reply; no command was taken for one.
    assert!(
        saved.contains("reply: Enjoy the plants, goodbye!"),
        "{saved}"
    );
    assert!(
        !saved.contains("/score") && !saved.contains("/repeat"),
        "{saved}"
    );
}

/// A walk-out ends the call: the customer has gone, so no last word is offered; the
/// score comes at once and the session ends.
#[test]
fn no_last_word_after_the_customer_walks_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = common::pty(
        dir.path(),
        &[
            "play",
            "late-delivery",
            "--trainee",
            "Sam",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    p.send_line("Calm down. What's the order number?").unwrap();
    p.expect("I've heard enough.").unwrap();
    // Straight to the ending and the score: no prompt for a last word in between.
    let rest = p.expect("transcript saved to t.yaml").unwrap();
    let printed = String::from_utf8_lossy(rest.before()).into_owned();
    assert!(printed.contains("[walked-out]"), "{printed}");
    assert!(printed.contains("NOT PASSED"), "{printed}");
    assert!(!printed.contains("last word"), "{printed}");
    assert!(!printed.contains("you> "), "{printed}");
    p.expect(expectrl::Eof).unwrap();
    let saved = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(saved.contains("ending: walked-out"), "{saved}");
    assert_eq!(saved.matches("\n  reply: ").count(), 1, "{saved}");
}
