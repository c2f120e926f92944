//! Tests of the question, mirroring and style checks.

use super::{mirror::*, questions::*, style::*};
use crate::matcher::normalize;
use crate::matcher::words;
use crate::rubric::{AskKind, StyleFile};

#[test]
fn open_and_clarifying_questions() {
    let t = normalize("Thanks. Could you tell me what happened? Is that right?");
    let find_question = |text: &str, kind: AskKind| first_questions(text)[kind as usize];
    assert!(find_question(&t, AskKind::Open).is_some());
    let (s, e) = find_question(&t, AskKind::Clarifying).unwrap();
    assert_eq!(&t[s..e], "is that right?");
    assert!(find_question(&normalize("I will fix it."), AskKind::Any).is_none());
    assert!(find_question(&normalize("请问有什么可以帮您？"), AskKind::Open).is_some());
}

#[test]
fn mirror_counts_key_words_and_copying() {
    let customer = Profile::new(&normalize(
        "I'm really disappointed with the delay on my desk",
    ));
    let reply = Profile::new(&normalize(
        "I understand the delay with your desk is disappointing",
    ));
    let reply_text = normalize("I understand the delay with your desk is disappointing");
    let (reused, copied) = mirror(&reply, &customer);
    assert_eq!(reused, 3);
    assert_eq!(
        mirrored_terms(&reply, &reply_text, &customer),
        vec!["delay", "desk", "disappoint"]
    );
    assert!(copied < 0.5);
    let (_, copied) = mirror(&customer, &customer);
    assert!(copied > 0.99);
}

#[test]
fn every_stop_word_is_found_by_its_hash_and_nothing_else_is() {
    for stop in STOP_WORDS {
        assert!(is_stop_word(stop, hash_bytes(stop.as_bytes())), "{stop}");
    }
    for word in ["desk", "delivery", "thee", "yours", "订单"] {
        assert!(!is_stop_word(word, hash_bytes(word.as_bytes())), "{word}");
    }
}

/// Question sentences read char by char, as the byte reader must find them.
fn questions_by_chars(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '?' => {
                found.push((start, i + 1));
                start = i + 1;
            }
            '.' | '!' | '。' | '\n' => start = i + c.len_utf8(),
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|(s, e)| (s + text[s..e].len() - text[s..e].trim_start().len(), e))
        .collect()
}

proptest::proptest! {
    #[test]
    fn questions_are_read_by_bytes_as_by_chars(text in "([a-z]{1,4}| |[?.!]|。|好|？|\n){0,24}") {
        let text = crate::matcher::normalize(&text);
        let by_bytes: Vec<_> = questions(&text).collect();
        proptest::prop_assert_eq!(by_bytes, questions_by_chars(&text));
    }
}

proptest::proptest! {
    #[test]
    fn copied_at_least_decides_like_copied_from(
        a in "([a-d] ){0,12}", b in "([a-d] ){0,12}", share in 0.0f64..=1.0
    ) {
        let (a, b) = (Profile::new(&a), Profile::new(&b));
        proptest::prop_assert_eq!(a.copied_at_least(&b, share), a.copied_from(&b) >= share);
        proptest::prop_assert_eq!(a.copied_at_least(&b, 0.9), a.copied_from(&b) >= 0.9);
    }

    #[test]
    fn copied_at_least_decides_like_copied_from_on_near_copies(
        words in proptest::collection::vec("[a-z]{1,3}", 2..40),
        edits in proptest::collection::vec((0usize..40, "[a-z]{1,3}"), 0..4),
        share in 0.5f64..=1.0,
    ) {
        // Long texts over many words and a copy with a few words changed: the
        // signature check sees many distinct pairs, and the copy is close to the share.
        let mut copy = words.clone();
        for (at, word) in edits {
            let at = at % copy.len();
            copy[at] = word;
        }
        let (a, b) = (Profile::new(&words.join(" ")), Profile::new(&copy.join(" ")));
        proptest::prop_assert_eq!(a.copied_at_least(&b, share), a.copied_from(&b) >= share);
        proptest::prop_assert_eq!(b.copied_at_least(&a, 0.9), b.copied_from(&a) >= 0.9);
        proptest::prop_assert_eq!(a.copied_at_least(&b, 0.8), a.copied_from(&b) >= 0.8);
    }
}

proptest::proptest! {
    #[test]
    fn ascii_caps_match_the_unicode_reading(text in "([A-Za-z']{1,6}|[A-Z]{3,5}|[ .,!?0-9-]{1,3}){0,10}") {
        // The same words read through the char-based path, by appending a non-ASCII
        // character that is not part of any word.
        let padded = format!("{text} \u{2013}");
        let ascii = StyleFacts::new(&text, &words(&text));
        let unicode = StyleFacts::new(&padded, &words(&padded));
        proptest::prop_assert_eq!(ascii.caps, unicode.caps);
        proptest::prop_assert_eq!(ascii.bangs, unicode.bangs);
    }
}

#[test]
fn style_catches_caps_and_bangs() {
    let style = StyleFile {
        no_caps: true,
        no_repeated_exclamation: true,
        allow_caps: vec!["ID".into()],
        ..StyleFile::default()
    };
    let shouted = "PLEASE respond with your ID!!!";
    let facts = StyleFacts::new(shouted, &words(shouted));
    let found: Vec<StyleProblem> = style_problems(shouted, &facts, &style).collect();
    assert_eq!(
        found,
        vec![StyleProblem::Caps(0, 6), StyleProblem::Bangs(27, 30)]
    );
    assert!(
        style_note(shouted, &facts, &style, found[0])
            .to_string()
            .contains("PLEASE")
    );
    let calm = "Please respond with your ID.";
    let facts = StyleFacts::new(calm, &words(calm));
    assert_eq!(style_problems(calm, &facts, &style).count(), 0);
    // Codes are not shouting; a reply in capitals is, short words and all.
    let codes = "Your flight BA2490 leaves JFK at 9 EST; the ABC123 desk has your IBAN.";
    let facts = StyleFacts::new(codes, &words(codes));
    assert_eq!(style_problems(codes, &facts, &style).count(), 0);
    let loud = "HI THIS IS SAM HOW CAN I HELP";
    let facts = StyleFacts::new(loud, &words(loud));
    assert_eq!(style_problems(loud, &facts, &style).count(), 5);
}
