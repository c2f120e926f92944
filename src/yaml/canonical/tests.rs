//! The canonical reader against serde_yaml, the authority: every scalar style the writer
//! uses, hand-edits and generated transcripts are read the same or declined.

use super::*;
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};
use proptest::prelude::*;

/// What serde_yaml makes of the text (the authority).
fn general(text: &str) -> Option<Transcript> {
    serde_yaml::from_str(text).ok()
}

fn transcript(replies: &[&str]) -> Transcript {
    Transcript {
        rehearse: 1,
        scenario: "late-delivery".into(),
        scenario_hash: "sha256:00ff".into(),
        rubrics: vec![RubricRef {
            id: "core".into(),
            hash: "sha256:abcd".into(),
        }],
        engine: Some(2),
        trainee: "Alex Chen".into(),
        trainee_id: None,
        seed: 7,
        mode: Mode::Exam,
        started: "2026-11-20T09:30:00Z".into(),
        finished: Some("2026-11-20T09:34:12Z".into()),
        ending: Some(crate::scenario::Ending::WalkedOut),
        turns: replies
            .iter()
            .map(|reply| Turn {
                step: "opening".into(),
                customer: vec![Line {
                    speaker: "Dana Whitfield".into(),
                    text: "Where is my desk? Order NW-20417.".into(),
                    interjection: Some("queue".into()),
                }],
                reply: reply.to_string(),
                latency_ms: Some(18250),
                mood_before: 7,
                mood_after: 5,
            })
            .collect(),
        closing: Vec::new(),
        signature: None,
    }
}

/// Replies in every scalar style the writer uses, and the awkward cases around them.
const AWKWARD: &[&str] = &[
    "Good morning, this is Alex. How can I help?",
    "line one\nline two",
    "ends with a break\n",
    "ends with two\n\n",
    "\nstarts with a break",
    "  indented first line\nsecond",
    "line\n  indented\nback",
    "blank\n\n\ninside",
    "trailing spaces on a line   \nnext",
    " leading space",
    "trailing space ",
    "a: colon",
    "hash #tag",
    "#first",
    "- dash",
    "it's, \"quoted\" and 'single'",
    "'wrapped'",
    "null",
    "~",
    "123",
    "2 working days",
    "true",
    "yes",
    "",
    "tab\there",
    "bell\u{7}",
    "您好，请问有什么可以帮您？",
    "emoji 😀",
    "non\u{a0}breaking",
    "line\u{2028}separator",
    "bom\u{feff}",
    ":colon first",
    "@at",
    "x,y [z] {w}",
    "ends with colon:",
    "back\\slash",
    "carriage\r\nreturn",
];

proptest! {
    #[test]
    fn printable_bytes_agree_with_printable_characters(text in "\\PC*|[\u{0}-\u{a0}\u{2027}-\u{202a}\u{feff}\u{fffd}-\u{ffff}a]{0,12}") {
        let by_character = text.chars().all(|c| match c {
            '\n' | '\t' | ' '..='~' => true,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
            '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => true,
            _ => false,
        });
        prop_assert_eq!(all_printable(&text), by_character);
    }
}

#[test]
fn agrees_with_serde_yaml_on_every_scalar_style() {
    for reply in AWKWARD {
        let written = transcript(&[reply]);
        let text = serde_yaml::to_string(&written).unwrap();
        let fast: Option<Transcript> = from_str(&text);
        if let Some(fast) = &fast {
            assert_eq!(fast, &written, "{reply:?} read back wrong from\n{text}");
        }
        assert_eq!(general(&text).as_ref(), Some(&written), "{reply:?}");
    }
}

#[test]
fn takes_the_layout_the_writer_uses() {
    // The styles the writer picks for ordinary replies are all read here, not left
    // to the slow road.
    for reply in [
        "Good morning, this is Alex. How can I help?",
        "line one\nline two",
        "ends with a break\n",
        "ends with two\n\n",
        "\nstarts with a break",
        "  indented first line\nsecond",
        "blank\n\n\ninside",
        " leading space",
        "a: colon",
        "'wrapped'",
        "null",
        "2 working days",
        "tab\there",
        "您好，请问有什么可以帮您？",
        "it's, \"quoted\" and 'single'",
        "",
    ] {
        let written = transcript(&[reply, "Anything else?"]);
        let text = serde_yaml::to_string(&written).unwrap();
        assert_eq!(
            from_str::<Transcript>(&text).as_ref(),
            Some(&written),
            "{reply:?} in\n{text}"
        );
    }
}

#[test]
fn declines_deep_nesting_without_exhausting_the_stack() {
    // Each level one column deeper: 3,000 levels in 4.5 MB, under the file size limit.
    let mut text = String::new();
    for level in 0..3000 {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    text.push_str(&" ".repeat(3000));
    text.push_str("a: b\n");
    assert!(from_str::<Transcript>(&text).is_none());
    let deep_items = "turns:\n".to_string()
        + &(0..3000)
            .map(|level| format!("{}- a:\n", " ".repeat(level * 2)))
            .collect::<String>();
    assert!(from_str::<Transcript>(&deep_items).is_none());
}

#[test]
fn declines_what_only_serde_yaml_should_judge() {
    let text = serde_yaml::to_string(&transcript(&["Hello"])).unwrap();
    let edits = [
        ("reply: Hello", "reply: Hello # a comment"),
        ("reply: Hello", "reply: &a Hello"),
        ("reply: Hello", "reply: [Hello]"),
        ("reply: Hello", "reply: >\n    Hello"),
        ("reply: Hello", "reply: Hello\n    world"),
        ("reply: Hello", "reply: \"Hello\n    world\""),
        ("seed: 7", "seed: 0x7"),
        ("seed: 7", "seed: '7'"),
        ("mood_before: 7", "mood_before: 700"),
        ("finished: 2026-11-20T09:34:12Z", "finished: null"),
        ("finished: 2026-11-20T09:34:12Z", "finished: ~"),
        ("mode: exam", "mode: Exam"),
        ("trainee: Alex Chen", "trainee: Alex Chen\ntrainee: Sam"),
        ("trainee: Alex Chen", "trainee: 1234"),
        ("trainee: Alex Chen", "trainee: true"),
        ("trainee: Alex Chen", "trainee:  Alex"),
        ("trainee: Alex Chen", "trainee: Alex\t"),
        ("trainee: Alex Chen", "traine: Alex"),
        ("rehearse: 1", "---\nrehearse: 1"),
        ("rehearse: 1", "\nrehearse: 1"),
        // A tab right after a literal block's indentation.
        ("reply: Hello", "reply: |-\n     \tHello\n      there"),
        ("reply: Hello", "reply: |-\n    Hello\n   \tthere"),
    ];
    for (from, to) in edits {
        let edited = text.replacen(from, to, 1);
        assert_ne!(edited, text, "{from}");
        assert!(
            from_str::<Transcript>(&edited).is_none(),
            "{to:?} was taken"
        );
    }
    assert!(from_str::<Transcript>(&text.replace('\n', "\r\n")).is_none());
    assert!(from_str::<Transcript>("").is_none());
    assert!(from_str::<Transcript>("- a\n").is_none());
}

fn any_text() -> impl Strategy<Value = String> {
    // Letters and the characters that matter to YAML, in any order.
    "[a-zA-Z0-9 '\":#&*!|>%@`,?\\[\\]{}\\-~.\n\t\\\\您好😀\u{a0}]{0,24}"
}

prop_compose! {
    fn any_turn()(
        step in "[a-z\\-]{1,8}",
        speaker in any_text(),
        said in any_text(),
        interjection in proptest::option::of(any_text()),
        reply in any_text(),
        latency in proptest::option::of(0u64..100_000),
        before in 0u8..=10,
        after in 0u8..=10,
    ) -> Turn {
        Turn {
            step,
            customer: vec![Line { speaker, text: said, interjection }],
            reply,
            latency_ms: latency,
            mood_before: before,
            mood_after: after,
        }
    }
}

prop_compose! {
    fn any_transcript()(
        trainee in any_text(),
        seed in any::<u64>(),
        finished in proptest::option::of(any_text()),
        turns in proptest::collection::vec(any_turn(), 0..4),
    ) -> Transcript {
        Transcript { trainee, seed, finished, turns, ..transcript(&[]) }
    }
}

proptest! {
    #[test]
    fn whatever_it_reads_serde_yaml_reads_the_same(written in any_transcript()) {
        let text = serde_yaml::to_string(&written).unwrap();
        if let Some(fast) = from_str::<Transcript>(&text) {
            prop_assert_eq!(&fast, &written);
        }
    }

    #[test]
    fn hand_edits_are_read_the_same_or_declined(
        written in any_transcript(),
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), "[ \n\t:#'\"\\-|>a-z0-9]{0,3}", 0usize..3),
            1..4,
        ),
    ) {
        let mut text = serde_yaml::to_string(&written).unwrap();
        for (at, insert, delete) in edits {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, &insert);
        }
        if let Some(fast) = from_str::<Transcript>(&text) {
            prop_assert_eq!(Some(fast), general(&text), "text:\n{}", text);
        }
    }
}
