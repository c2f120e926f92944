//! The matcher end to end: a phrase compiled into a book, a reply scanned, and what it
//! found (word boundaries, contractions, negation, typos, CJK, gaps).

use super::*;

fn matches(phrase: &str, reply: &str, options: MatchOptions) -> Option<String> {
    let mut builder = PhraseBook::builder();
    let id = builder.phrase(phrase, options).unwrap();
    let book = builder.build();
    let text = NormalizedText::new(reply);
    let scan = book.scan(&text);
    book.find(id, &scan).map(|hit| {
        let span = text.original_span(hit.start, hit.end);
        reply[span.start..span.end].to_string()
    })
}

const GUARD: MatchOptions = MatchOptions {
    fuzzy: None,
    negation: true,
};
const PLAIN: MatchOptions = MatchOptions {
    fuzzy: None,
    negation: false,
};

#[test]
fn word_boundaries_for_latin() {
    assert_eq!(matches("hi", "this is it", PLAIN), None);
    assert_eq!(matches("hi", "Hi there", PLAIN).as_deref(), Some("Hi"));
    assert_eq!(
        matches("sorry", "I'm sorry.", PLAIN).as_deref(),
        Some("sorry")
    );
}

#[test]
fn contractions_match_long_forms() {
    assert_eq!(
        matches("I am sorry", "I’m sorry about that", GUARD).as_deref(),
        Some("I’m sorry")
    );
    assert_eq!(
        matches("cannot", "we can not do that", PLAIN).as_deref(),
        Some("can not")
    );
    assert_eq!(
        matches("I'll", "I will check", PLAIN).as_deref(),
        Some("I will")
    );
}

#[test]
fn negation_cancels_a_hit() {
    assert_eq!(matches("sorry", "I'm not sorry at all", GUARD), None);
    assert_eq!(
        matches("I understand", "I don't know, I understand", GUARD).as_deref(),
        Some("I understand")
    );
    assert_eq!(matches("understand", "I don't understand", GUARD), None);
    assert_eq!(
        matches("sorry", "I'm not sorry", PLAIN).as_deref(),
        Some("sorry")
    );
}

#[test]
fn negation_stays_in_its_clause_and_looks_after_the_phrase() {
    // A negator across a dash, a comma or "and"/"but" belongs to another clause.
    assert_eq!(
        matches(
            "it can be * frustrating",
            "I'm so sorry your desk hasn't arrived - it can be really frustrating",
            GUARD
        )
        .as_deref(),
        Some("it can be really frustrating")
    );
    assert_eq!(
        matches("i understand", "I can't find it but I understand", GUARD).as_deref(),
        Some("I understand")
    );
    // Straight after the phrase, or as a tag closing the sentence.
    assert_eq!(
        matches("i will", "I will never book anything today", GUARD),
        None
    );
    assert_eq!(matches("i will", "I won't do that", GUARD), None);
    assert_eq!(matches("sorry", "I'm sorry - not!", GUARD), None);
    assert_eq!(matches("sorry", "Sorry not sorry", GUARD), None);
    assert_eq!(
        matches("sorry", "Sorry, no live music there.", GUARD).as_deref(),
        Some("Sorry")
    );
    assert_eq!(
        matches("sorry", "Sorry, not available today.", GUARD).as_deref(),
        Some("Sorry")
    );
    // Chinese: 理解不了 is "cannot understand"; 抱歉没能… is still an apology.
    assert_eq!(matches("理解", "我理解不了你为什么这么激动", GUARD), None);
    assert_eq!(
        matches("抱歉", "抱歉没能及时回复您", GUARD).as_deref(),
        Some("抱歉")
    );
}

#[test]
fn auto_typo_tolerance_by_word_length() {
    let auto = MatchOptions {
        fuzzy: Some(Fuzzy::Auto),
        negation: true,
    };
    assert_eq!(matches("sorry", "so sory", auto).as_deref(), Some("sory"));
    assert_eq!(
        matches("really sorry", "realy sorry", auto).as_deref(),
        Some("realy sorry")
    );
    assert_eq!(
        matches("apologise", "I apolgoize", auto).as_deref(),
        Some("apolgoize")
    );
    // Short words never fuzz; the first letter must match.
    assert_eq!(matches("hi", "ho", auto), None);
    assert_eq!(matches("sorry", "don't worry", auto), None);
    assert_eq!(matches("understand", "i dont undrestand", auto), None);
}

#[test]
fn cjk_matches_as_sequence_with_negation() {
    assert_eq!(
        matches("理解", "我非常理解您的心情", GUARD).as_deref(),
        Some("理解")
    );
    assert_eq!(matches("理解", "我不理解", GUARD), None);
    assert_eq!(
        matches("您好", "您好，这里是客服部", GUARD).as_deref(),
        Some("您好")
    );
}

#[test]
fn gaps_bounded_and_within_a_sentence() {
    assert_eq!(
        matches("thank * for", "Thank you so much for waiting", PLAIN).as_deref(),
        Some("Thank you so much for")
    );
    assert_eq!(
        matches("thank * for", "Thank you. For the record", PLAIN),
        None
    );
    assert_eq!(matches("thank * for", "thank a b c d e f for", PLAIN), None);
}

#[test]
fn fuzzy_allows_typos_at_the_threshold() {
    let fuzzy = MatchOptions {
        fuzzy: Some(Fuzzy::Ratio(0.85)),
        negation: true,
    };
    assert_eq!(
        matches("I understand", "i undrestand", fuzzy).as_deref(),
        Some("i undrestand")
    );
    assert_eq!(
        matches("apologise", "I apologize", fuzzy).as_deref(),
        Some("apologize")
    );
    // Two edits in nine letters is below 0.85.
    assert_eq!(
        matches(
            "apologise",
            "I apolgoize",
            MatchOptions {
                fuzzy: Some(Fuzzy::Ratio(0.9)),
                negation: true
            }
        ),
        None
    );
    // Short words never fuzz.
    assert_eq!(matches("hi", "ho", fuzzy), None);
    assert_eq!(matches("understand", "i dont undrestand", fuzzy), None);
}
