//! What the customer says fits what was said to them: details asked for are given, not
//! confirmed ("That's it, yes."); a choice offered gets a choice; "Who do I have here?"
//! gets names; and silences are not met with the same words in every scenario.
mod common;

use rehearse::customer::{Conversation, Exchange};
use rehearse::library::Library;

fn play(id: &str, seed: u64, replies: &[&str]) -> Vec<String> {
    let library = Library::builtin();
    let scenario = library.scenario(id).expect("built in");
    let grader = common::grader_for(&library, scenario);
    let mut c = Conversation::start(scenario, &grader, common::practice("Sam", seed));
    let mut out = Vec::new();
    for reply in replies {
        if c.is_over() {
            break;
        }
        let exchange: Exchange = c.reply(reply, None);
        out.push(
            exchange
                .said
                .iter()
                .map(|l| format!("{}: {}", l.speaker, l.text))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    out
}

/// Asked for details again, in the words the customer used, Marcus gives them: he does
/// not confirm a read-back nobody made.
#[test]
fn a_request_for_details_is_not_confirmed() {
    let confirms = ["That's it, yes.", "Yes, that's right.", "Yes, exactly."];
    for seed in 0..6 {
        for said in play(
            "billing-error",
            seed,
            &[
                "Can I take the email address?",
                "Can I take the email address?",
            ],
        ) {
            assert!(
                !confirms.iter().any(|c| said.contains(c)),
                "seed {seed}: {said}"
            );
        }
    }
}

/// "Would you prefer a morning or an afternoon slot?" is answered with a slot.
#[test]
fn a_choice_offered_gets_a_choice() {
    let said = play(
        "late-delivery",
        0,
        &[
            "Good morning, this is Sam at Northwind. I'm so sorry - it can be really frustrating when a delivery doesn't turn up.",
            "Before I look at order NW-20417, could you confirm your full name and postcode?",
            "Thank you, Dana. I will book a priority re-delivery today, and the desk will reach you within 2 working days - by Thursday.",
            "Would you prefer a morning or an afternoon slot?",
        ],
    );
    let last = said.last().expect("four replies");
    assert!(last.contains("Morning, please."), "{last}");
    assert!(!last.contains("that's everything"), "{last}");
}

/// "Who do I have here today?" asks for names: Eva gives them.
#[test]
fn who_do_i_have_here_is_answered() {
    let said = play(
        "family-plan",
        0,
        &["Good afternoon, everyone! Who do I have here today?"],
    );
    assert!(said[0].contains("Eva Novak: Eva Novak"), "{}", said[0]);
}

/// Kept waiting at a counter, customers of different scenarios do not all say "Excuse
/// me? I'm still standing here." first.
#[test]
fn silences_are_not_met_with_the_same_words_everywhere() {
    let library = Library::builtin();
    let first = |id: &str| -> String {
        let scenario = library.scenario(id).expect("built in");
        let grader = common::grader_for(&library, scenario);
        let c = Conversation::start(scenario, &grader, common::practice("Sam", 0));
        c.nudges()
            .into_iter()
            .find(|n| n.line.speaker == scenario.customer.name)
            .expect("patience_seconds set")
            .line
            .text
    };
    assert_ne!(first("lunch-rush"), first("airport-desk"));
}

/// A step the customer reaches whatever the reply (the fallback of a step that also
/// rewards good replies) does not open by praising it: "Great, two seats please" after
/// Omar was ignored, "That sounds good" after a reply that did not listen. A line that
/// thanks and then presses ("Thanks, but you haven't said…") is no praise.
#[test]
fn a_line_reached_by_a_fallback_does_not_praise_the_reply() {
    let praise = [
        "Great",
        "Perfect",
        "That sounds good",
        "Sounds good",
        "Brilliant",
        "Lovely",
        "Wonderful",
        "Excellent",
        "太好了",
    ];
    let library = Library::builtin();
    for scenario in &library.scenarios {
        for step in &scenario.steps {
            // A step with one way on is a sequence, not a reaction to the reply.
            if step.next.len() < 2 {
                continue;
            }
            for transition in step.next.iter().filter(|t| t.when.is_empty()) {
                let target = &scenario.steps[transition.goto];
                for line in &target.say {
                    let praises = praise.iter().any(|p| line.starts_with(p));
                    assert!(
                        !praises || line.contains(", but"),
                        "{}: {} -> {}: {line}",
                        scenario.id,
                        step.id,
                        target.id
                    );
                }
            }
        }
    }
}

/// Lena and Omar are booking a cruise, not complaining: when a reply would end the call
/// without saying what happens, she asks what happens next, never "what are you going
/// to do about it?".
#[test]
fn an_unaddressed_booking_is_not_taken_for_a_complaint() {
    for seed in 0..6 {
        let said = play(
            "tour-booking",
            seed,
            &[
                "Good morning, both of you, thanks for calling Harbour Light Tours - this is Sam.",
                "Omar, yes - the top deck is open, so you can both sit outside.",
                "Saturday.",
                "On Saturday.",
                "Saturday evening.",
                "Saturday, at sunset.",
            ],
        );
        let later = said[2..].join("\n");
        assert!(later.contains("Lena Fischer:"), "seed {seed}: {later}");
        assert!(!later.contains("do about it"), "seed {seed}: {later}");
    }
}

/// Asked again for two things he already gave, Leo says "as I said" once, not before each.
#[test]
fn two_answers_said_again_say_so_once() {
    let ask = "Before I look at the account, could you confirm your full name and postcode?";
    for seed in 0..4 {
        let said = play("wrong-address", seed, &[ask, ask]);
        let again = &said[1];
        assert!(again.contains("BS1 4QA"), "seed {seed}: {again}");
        let frames = [
            "As I said",
            "Like I said",
            "I told you",
            "already told",
            "Again:",
        ];
        let count: usize = frames.iter().map(|f| again.matches(f).count()).sum();
        assert_eq!(count, 1, "seed {seed}: {again}");
    }
}

/// Dana, told the plan with the apology but not yet asked to verify, does not ask "So
/// what happens now?": the reply just said.
#[test]
fn a_plan_given_is_not_asked_for_by_the_next_line() {
    let reply = "I'm so sorry, it can be really frustrating when a delivery doesn't turn up. \
                 I will book a priority re-delivery today and it will reach you within 2 \
                 working days.";
    for seed in 0..8 {
        let said = play("late-delivery", seed, &[reply]);
        assert!(
            !said[0].contains("what happens now"),
            "seed {seed}: {}",
            said[0]
        );
    }
}

/// A passenger, a first-time visitor and two groups who walk out say something that fits
/// them, not the built-in "I'll take my business elsewhere".
#[test]
fn walking_out_fits_who_is_leaving() {
    let rude = [
        "Whatever.",
        "Calm down.",
        "Not my problem.",
        "Whatever.",
        "Calm down.",
    ];
    for id in ["airport-desk", "first-visit", "tour-booking", "family-plan"] {
        for seed in 0..2 {
            let said = play(id, seed, &rude).join("\n");
            assert!(said.contains(": "), "{id}");
            assert!(
                !said.contains("business elsewhere"),
                "{id} seed {seed}: {said}"
            );
        }
        let library = Library::builtin();
        let scenario = library.scenario(id).expect("built in");
        let walked = play(id, 0, &rude).join("\n");
        assert!(
            scenario
                .customer
                .walk_out
                .iter()
                .any(|l| walked.contains(l.as_str())),
            "{id}: never walks out: {walked}"
        );
    }
}
