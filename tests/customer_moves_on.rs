//! A reply that answers the customer's question, or shows what the step expects (now or
//! earlier in the call), moves the call on: the customer does not say the step again, is
//! not charged "did not help", and never repeats a statement as "As I said: …".
mod common;

use std::sync::Arc;

use common::said;
use rehearse::customer::{Cause, Exchange};
use rehearse::library::Library;
use rehearse::scenario::Ending;
use rehearse::source::{Origin, SourceFile};

fn play_in(
    library: &Library,
    id: &str,
    seed: u64,
    replies: &[&str],
) -> (Vec<Exchange>, Option<Ending>) {
    common::exchanges(library, id, "Sam", seed, replies)
}

fn play(id: &str, seed: u64, replies: &[&str]) -> (Vec<Exchange>, Option<Ending>) {
    play_in(&Library::builtin(), id, seed, replies)
}

/// Mood changes that made someone more upset.
fn costs(exchange: &Exchange) -> Vec<&Cause> {
    exchange
        .changes
        .iter()
        .filter(|c| c.delta > 0)
        .map(|c| &c.cause)
        .collect()
}

const FIRST_VISIT: [&str; 2] = [
    "Good morning, welcome to Greenhill! My name is Sam. What kind of space are you working with?",
    "I see, a north-facing balcony and you're often away - so tough, shade-loving plants that don't need much watering. Ferns and ivy in aisle 4 would suit you well.",
];

/// "What kind of space are you working with?" in reply to Daniel's opener asks about his
/// need, and he answers it: that is help, so it costs no "did not help". A reply that
/// asks nothing still does, and so does asking only for his name (procedure, not help).
#[test]
fn a_question_about_the_need_that_the_customer_answers_is_help() {
    for seed in 0..4 {
        let (exchanges, _) = play("first-visit", seed, &FIRST_VISIT[..1]);
        let first = &exchanges[0];
        assert!(costs(first).is_empty(), "seed {seed}: {:?}", first.changes);
        assert!(
            said(first).contains("north"),
            "seed {seed}: {}",
            said(first)
        );
    }
    for reply in [
        "Good morning, welcome to Greenhill! My name is Sam.",
        "Good morning, welcome to Greenhill! Could I take your name?",
    ] {
        let (exchanges, _) = play("first-visit", 0, &[reply]);
        let first = &exchanges[0];
        assert_eq!(first.mood, (2, 3), "{reply}: {:?}", first.changes);
    }
}

/// "Can you deliver?" answered plainly, not in the coach's words, is heard: Daniel has
/// what he came for and the call ends well, at no cost.
#[test]
fn a_plain_answer_about_delivery_is_heard() {
    for seed in 0..4 {
        let mut replies = FIRST_VISIT.to_vec();
        replies.push(
            "Yes! Delivery is free over £40 and takes 2 days. Shall I put a few ferns and an ivy together for you to have a look at?",
        );
        let (exchanges, ending) = play("first-visit", seed, &replies);
        let last = exchanges.last().expect("three replies");
        assert!(costs(last).is_empty(), "seed {seed}: {:?}", last.changes);
        assert!(!said(last).contains("As I said"), "{}", said(last));
        assert_eq!(
            ending,
            Some(Ending::Resolved),
            "seed {seed}: {}",
            said(last)
        );
    }
}

/// "Will my bag go through?" "yep": a yes to a yes/no question answers it; the only step
/// left is the resolved ending, and (the plan having been given) the call ends there.
#[test]
fn a_yes_to_the_last_question_ends_the_call() {
    let (exchanges, ending) = play(
        "airport-desk",
        0,
        &[
            "Good evening, I'm so sorry about the cancellation - I can understand how stressful that is with a wedding tomorrow. What time do you need to arrive by?",
            "I will book you on the 20:40 flight via Porto now; it lands in Lisbon at 23:55. Thank you for waiting, everyone - I'll be with you in about ten minutes each.",
            "yep",
        ],
    );
    let last = exchanges.last().expect("three replies");
    assert!(
        !costs(last).contains(&&Cause::SaidAgain),
        "{:?}",
        last.changes
    );
    assert_eq!(ending, Some(Ending::Resolved), "{}", said(last));
}

/// Marcus, asked for his details in the first reply, gives them and asks about his money
/// (not "What do you need?"); the refund with its timeline then settles him.
#[test]
fn billing_details_asked_early_then_the_refund_settles_marcus() {
    let (exchanges, _) = play(
        "billing-error",
        1,
        &[
            "Hi Marcus, I'm really sorry about this. Can I get your name and postcode?",
            "I'm sorry, that must be annoying. The second £42.50 was a billing fault on our side. I've refunded it now and it will be back in your account within 3-5 working days.",
        ],
    );
    let first = said(&exchanges[0]);
    assert!(!first.contains("What do you need"), "{first}");
    assert!(first.contains("M14 5RT"), "{first}");
    assert!(
        costs(&exchanges[1]).is_empty(),
        "{:?}",
        exchanges[1].changes
    );
    assert!(
        said(&exchanges[1]).contains("3 to 5 days")
            || said(&exchanges[1]).contains("checking my statement"),
        "{}",
        said(&exchanges[1])
    );
}

/// A step whose `expects` were shown in an earlier reply: the fallback that would say the
/// step again with a cost moves on instead, free. And a statement said again is never
/// "As I said: Okay. Go on then.": the customer prompts for a reply instead.
const EXPECTS_DONE: &str = "\
rehearse: 1
id: expects-done
title: Verified early
channel: chat
brief: A test.
customer:
  name: Marcus Bell
  mood: 3
rubrics: [core, account]
resolved_when: { done: [expectation-setting] }
steps:
  - id: opening
    say: [\"I've been charged twice.\"]
    next:
      - goto: verify
  - id: verify
    expects: [verification]
    say: [\"Okay. Go on then.\"]
    next:
      - when: { shows: [verification] }
        goto: details
      - mood: 1
        goto: verify
  - id: details
    say: [\"So when do I get the money back?\"]
    next:
      - when: { shows: [expectation-setting] }
        goto: done
      - mood: 1
        goto: details
  - id: done
    say: [\"Thanks. Bye.\"]
    end: resolved
";

fn expects_done() -> Library {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "expects-done.yaml",
        Origin::BuiltIn,
        EXPECTS_DONE,
    )));
    assert_eq!(library.error_count(), 0, "{:?}", library.diagnostics);
    library
}

#[test]
fn what_the_step_expects_done_earlier_moves_the_call_on() {
    let library = expects_done();
    let (exchanges, _) = play_in(
        &library,
        "expects-done",
        0,
        &[
            "Could you confirm your full name and postcode, please?",
            "Thank you. Let me look into it.",
        ],
    );
    assert!(
        costs(&exchanges[1]).is_empty(),
        "{:?}",
        exchanges[1].changes
    );
    assert!(
        said(&exchanges[1]).contains("So when do I get the money back?"),
        "{}",
        said(&exchanges[1])
    );
}

#[test]
fn a_statement_is_never_said_again_as_as_i_said() {
    let library = expects_done();
    let (exchanges, _) = play_in(
        &library,
        "expects-done",
        0,
        &["Hello.", "Hmm.", "Right.", "Hmm."],
    );
    let frames = [
        "As I said",
        "I already told you",
        "Like I said",
        "Again:",
        "once more",
    ];
    for exchange in &exchanges[1..] {
        let line = said(exchange);
        assert!(!line.contains("Go on then"), "{line}");
        assert!(!frames.iter().any(|f| line.contains(f)), "{line}");
    }
}

/// A question said again is asked again on its own: "As I asked: When do we get the
/// tickets?", not "As I said: Great, two seats please. When do we get the tickets?" (her
/// "Great, two seats please" was a reaction to a reply long gone).
#[test]
fn a_question_is_asked_again_without_what_came_before_it() {
    let replies = [
        "Good morning, both of you, thanks for calling Harbour Light Tours - this is Sam.",
        "Omar, yes - the top deck is open, so you can both sit outside.",
        "Ok.",
        "Hmm.",
        "Right.",
    ];
    for seed in 0..4 {
        let (exchanges, _) = play("tour-booking", seed, &replies);
        let again: Vec<String> = exchanges[2..]
            .iter()
            .map(said)
            .filter(|s| s.contains("tickets"))
            .collect();
        assert!(!again.is_empty(), "seed {seed}");
        for line in again {
            assert!(!line.contains("two seats"), "seed {seed}: {line}");
            assert!(!line.contains("As I said"), "seed {seed}: {line}");
            assert!(
                line.ends_with("When do we get the tickets?"),
                "seed {seed}: {line}"
            );
        }
    }
}

/// Asked for his details and told when the refund comes in one reply, Marcus gives the
/// details and is settled - he does not ask "So when do I get the money back?" - and he
/// quotes the brief's time, not a figure of his own.
#[test]
fn details_and_the_refund_in_one_reply_settle_marcus() {
    let reply = "Good morning, I'm so sorry, it can be really frustrating to be charged twice. \
                 Could you confirm your full name and postcode? I will refund the second \
                 charge today and it will reach your bank within 3-5 working days.";
    for seed in 0..4 {
        let (exchanges, _) = play("billing-error", seed, &[reply]);
        let line = said(&exchanges[0]);
        assert!(line.contains("M14 5RT"), "seed {seed}: {line}");
        assert!(!line.contains("when do I get"), "seed {seed}: {line}");
    }
}

/// Verified and given the plan in one reply, Dana does not ask when the desk will come:
/// she takes the day up (late-delivery reaches its plan step only if the plan is owed).
#[test]
fn verified_with_the_plan_in_one_reply_she_does_not_ask_when() {
    for seed in 0..6 {
        let (out, _) = play(
            "late-delivery",
            seed,
            &[
                "Hi Dana, I'm Sam. I'm so sorry about this. Could you confirm your full name and postcode?",
                "Thanks, you're verified. I'll book a priority re-delivery now and it will be with you within 2 working days.",
            ],
        );
        let second = said(&out[1]);
        assert!(
            !second.to_lowercase().contains("when")
                && !second.to_lowercase().contains("what are you going to do"),
            "seed {seed}: {second}"
        );
    }
}

/// Told when the tickets come before she asks, Lena does not ask "When do we get the
/// tickets?" when her turn comes: a step whose `expects` the call already did is passed,
/// by an engine rule, not a branch in the scenario. Omar, a member with a question of his
/// own, still asks it.
#[test]
fn a_step_asking_for_what_was_done_already_is_passed() {
    for seed in 0..4 {
        let (exchanges, ending) = play(
            "tour-booking",
            seed,
            &[
                "Good afternoon, both of you, this is Sam at Harbour Light Tours. Saturday's sunset cruise has space at £28 each, and I will email your tickets within 10 minutes of booking.",
                "Omar, yes - the top deck is open, so you can sit outside. Shall I book two seats?",
            ],
        );
        let first = said(&exchanges[0]);
        assert!(first.starts_with("Omar:"), "seed {seed}: {first}");
        let second = said(&exchanges[1]);
        assert!(
            !second.to_lowercase().contains("when do we get"),
            "seed {seed}: {second}"
        );
        assert_eq!(ending, Some(Ending::Resolved), "seed {seed}: {second}");
        assert!(costs(&exchanges[1]).is_empty(), "seed {seed}: {second}");
    }
}
