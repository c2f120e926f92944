//! The mood cost of silence in practice: while the trainee says nothing, the waiting
//! customer speaks on a timer and its cost is printed there, once — not again under the
//! reply that records it.
#![cfg(unix)]
mod common;

const IMPATIENT: &str = "\
rehearse: 1
id: impatient
title: An impatient caller
persona: standard
channel: phone
brief: A caller who does not like to wait.
customer:
  name: Kim Lee
  mood: 4
  patience_seconds: 2
rubrics: [core]
steps:
  - id: opening
    say: [\"Hello? I need help with my order.\"]
    next:
      - goto: details
  - id: details
    say: [\"It still has not arrived.\"]
    next:
      - goto: details
";

#[test]
fn a_wait_is_charged_on_screen_once() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "lib/impatient.yaml", IMPATIENT);
    let mut p = common::pty(
        dir.path(),
        &[
            "play",
            "impatient",
            "--trainee",
            "Ana",
            "--seed",
            "1",
            "--out",
            "t.yaml",
            "--dir",
            "lib",
        ],
    );
    p.expect("you> ").unwrap();
    // Silent past the customer's patience: the nudge and its cost, printed by the timer.
    let found = p.expect("waited 2 s").unwrap();
    let mut seen = String::from_utf8_lossy(found.before()).to_string();
    seen += "waited 2 s";
    p.send_line("Good morning, this is Ana. I'm sorry - what is the order number?")
        .unwrap();
    let found = p.expect("It still has not arrived.").unwrap();
    seen += &String::from_utf8_lossy(found.before());
    assert_eq!(seen.matches("waited 2 s").count(), 1, "{seen}");
    // The transcript still records the nudge with the reply.
    p.send_line("/quit").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let saved = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(saved.contains("speaker: Kim Lee"), "{saved}");
    assert_eq!(saved.matches("text:").count(), 2 + 1, "{saved}");
}
