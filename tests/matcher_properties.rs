//! Properties of normalisation and matching over arbitrary text.

use std::sync::OnceLock;

use proptest::prelude::*;
use rehearse::grading::{Grader, Reply};
use rehearse::library::Library;
use rehearse::matcher::{MatchOptions, NormalizedText, PhraseBook, normalize};

/// Compiled once: building the library per case would dominate the run.
fn grader() -> &'static Grader {
    static GRADER: OnceLock<Grader> = OnceLock::new();
    GRADER.get_or_init(|| {
        let library = Library::builtin();
        let scenario = library
            .scenario("late-delivery")
            .expect("built-in scenario");
        Grader::new(
            &library.rubrics_for(scenario),
            &scenario.placeholder_values(),
            None,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalisation_is_idempotent(text in "\\PC{0,80}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once.clone());
    }

    #[test]
    fn spans_map_back_inside_the_original(text in "\\PC{0,80}") {
        let n = NormalizedText::new(&text);
        for end in 1..=n.text.len() {
            if n.text.is_char_boundary(end) {
                let span = n.original_span(0, end);
                prop_assert!(span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }

    #[test]
    fn matching_never_panics(reply in "\\PC{0,120}", phrase in "[a-z 我不理解*]{1,12}") {
        let mut builder = PhraseBook::builder();
        let id = builder.phrase(&phrase, MatchOptions { fuzzy: Some(rehearse::matcher::Fuzzy::Ratio(0.8)), negation: true });
        let book = builder.build();
        let text = NormalizedText::new(&reply);
        let scan = book.scan(&text);
        if let Some(id) = id {
            let _ = book.find_all(id, &scan);
        }
    }

    #[test]
    fn a_phrase_matches_a_reply_made_of_it(phrase in "[a-zA-Z]{1,8}( [a-zA-Z]{1,8}){0,3}") {
        let mut builder = PhraseBook::builder();
        let id = builder.phrase(&phrase, MatchOptions::default()).expect("non-empty phrase");
        let book = builder.build();
        let text = NormalizedText::new(&phrase);
        let scan = book.scan(&text);
        prop_assert!(book.find(id, &scan).is_some());
    }

    #[test]
    fn grading_never_panics_on_arbitrary_replies(replies in proptest::collection::vec("\\PC{0,100}", 1..6)) {
        let grader = grader();
        let turns: Vec<Reply> = replies
            .iter()
            .map(|r| Reply { text: r, customer: "My desk is late.", step: "opening", interjection: None, mood: 5 , trainee: ""})
            .collect();
        let card = grader.grade(&turns);
        prop_assert!((0.0..=100.0).contains(&card.total));
        for skill in &card.skills {
            for rule in &skill.rules {
                for e in &rule.evidence {
                    if let Some(span) = e.span {
                        let reply = &replies[e.turn - 1];
                        prop_assert!(span.end <= reply.len());
                    }
                }
            }
        }
    }
}
