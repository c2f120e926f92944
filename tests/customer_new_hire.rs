//! What a new hire's practice runs showed the customer getting wrong, one test each: a
//! wrong solution thanked, a right one not heard, an answer or a check's result missed,
//! mood changes on the wrong person, questions the customer let pass.
mod common;

use rehearse::customer::{Cause, Conversation, Exchange};
use rehearse::library::Library;
use rehearse::scenario::Ending;

/// Plays `replies` on a built-in scenario; the exchange after each.
fn play(id: &str, seed: u64, replies: &[&str]) -> Vec<Exchange> {
    let library = Library::builtin();
    let scenario = library.scenario(id).expect("built in");
    let grader = common::grader_for(&library, scenario);
    let mut c = Conversation::start(scenario, &grader, common::practice("Kim", seed));
    let mut out = Vec::new();
    for reply in replies {
        if c.is_over() {
            break;
        }
        out.push(c.reply(reply, None));
    }
    out
}

/// What everyone said after an exchange, as one text.
fn said(exchange: &Exchange) -> String {
    exchange
        .said
        .iter()
        .map(|l| format!("{}: {}", l.speaker, l.text))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn changes_of<'e>(exchange: &'e Exchange, speaker: &str) -> Vec<&'e Cause> {
    exchange
        .changes
        .iter()
        .filter(|c| c.speaker == speaker)
        .map(|c| &c.cause)
        .collect()
}

/// Hannah must land in Lisbon tonight. "Nothing tonight, tomorrow at 9" does not satisfy
/// her: she pushes back, and told it again she asks for a supervisor. The 20:40 via
/// Porto, named, is heard at once, whatever she asked last.
#[test]
fn a_wrong_solution_is_refused_and_the_right_one_heard() {
    const WRONG: &str = "I'm afraid every flight tonight is gone - nothing tonight. I could put you on tomorrow morning's first flight at 9.";
    const WRONG_AGAIN: &str = "Sorry, it really is tomorrow morning at the earliest.";
    const RIGHT: &str = "Good news - the 20:40 via Porto still has seats and gets you into Lisbon before midnight. Shall I book it?";
    for seed in 0..6 {
        let ex = play(
            "airport-desk",
            seed,
            &["I'm so sorry about your flight, that must be stressful.", WRONG, WRONG_AGAIN],
        );
        let pushback = said(&ex[1]);
        assert!(pushback.contains("tonight"), "seed {seed}: {pushback}");
        assert!(!pushback.contains("That works"), "seed {seed}: {pushback}");
        assert!(ex[1].mood.1 > ex[1].mood.0, "seed {seed}: {:?}", ex[1].mood);
        assert_eq!(ex[2].ending, Some(Ending::Escalated), "seed {seed}: {}", said(&ex[2]));

        // Corrected after the push-back, or given straight away: heard, and calmer.
        for replies in [
            vec!["I'm so sorry about your flight, that must be stressful.", WRONG, RIGHT],
            vec!["I'm so sorry about your flight, that must be stressful.", RIGHT],
        ] {
            let ex = play("airport-desk", seed, &replies);
            let last = ex.last().unwrap();
            let line = said(last);
            assert!(!line.contains("anything tonight"), "seed {seed}: {line}");
            assert!(line.contains("bag"), "seed {seed}: {line}");
            assert!(last.mood.1 < last.mood.0, "seed {seed}: {:?}", last.mood);
        }
    }
}

/// "When do we get the tickets?" is answered by the next step and a time, "I will" or
/// not: Lena thanks them rather than asking what happens next.
#[test]
fn a_next_step_with_a_time_answers_when() {
    for seed in 0..4 {
        let ex = play(
            "tour-booking",
            seed,
            &[
                "Hello to you both, thanks for calling Harbour Light Tours!",
                "Omar, yes - bikes and the top deck are both fine on the sunset cruise.",
                "The tickets get emailed to you within 10 minutes of booking.",
            ],
        );
        let last = ex.last().unwrap();
        assert_eq!(last.ending, Some(Ending::Resolved), "seed {seed}: {}", said(last));
        assert!(
            !last.changes.iter().any(|c| c.cause == Cause::NotAddressed),
            "seed {seed}: {:?}",
            last.changes
        );
    }
}

/// A check promised is settled by its result, however worded: a timeframe, a figure, a
/// yes or no. Dana does not wait for the word "checked".
#[test]
fn a_result_reported_settles_the_check() {
    for seed in 0..4 {
        let ex = play(
            "late-delivery",
            seed,
            &[
                "I'm so sorry, that sounds really frustrating. Could you confirm your name and postcode?",
                "Thanks Dana. I'll look into it, and I will book a priority re-delivery within 2 working days.",
                "Is there anything else I can help with?",
                "Yes, as I said: 2 working days, Thursday at the latest.",
            ],
        );
        let last = ex.last().unwrap();
        assert_eq!(last.ending, Some(Ending::Resolved), "seed {seed}: {}", said(last));
        assert!(!said(last).contains("What did you find"), "seed {seed}: {}", said(last));
    }
}
