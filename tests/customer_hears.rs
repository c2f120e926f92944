//! The customer hears a reply that takes up what was said to it — an answer to a group
//! member or a queuer, a paraphrase or a read-back — however it is worded; a member left
//! unanswered asks again (the question, not their introduction) and then complains; a
//! check promised and never reported on keeps the call from ending resolved; and a
//! customer standing at a counter does not ask whether you are still there.
mod common;

use std::sync::Arc;

use common::{causes, lines};
use rehearse::customer::{Cause, Conversation, Exchange};
use rehearse::library::Library;
use rehearse::scenario::Ending;
use rehearse::source::{Origin, SourceFile};

/// Plays `replies` on a scenario of `library`: the opening lines, then the exchange after
/// each reply, and the ending.
fn play_in(
    library: &Library,
    id: &str,
    seed: u64,
    replies: &[&str],
) -> (String, Vec<Exchange>, Option<Ending>) {
    let scenario = library.scenario(id).expect("loaded");
    let grader = common::grader_for(library, scenario);
    let mut c = Conversation::start(scenario, &grader, common::practice("Sam", seed));
    let opening = lines(c.pending());
    let mut out = Vec::new();
    for reply in replies {
        if c.is_over() {
            break;
        }
        out.push(c.reply(reply, None));
    }
    (opening, out, c.ending())
}

fn play(id: &str, seed: u64, replies: &[&str]) -> (String, Vec<Exchange>, Option<Ending>) {
    play_in(&Library::builtin(), id, seed, replies)
}

const GROUP_GREETING: &str =
    "Good afternoon, everyone, welcome to Ridgeway Mobile - my name is Sam.";

/// Jan asks about the price; a reply giving the figure, or a yes to his check of it,
/// answers him whether or not it names him: he is not left unanswered, it costs nothing,
/// and the family moves on instead of Jan asking again.
#[test]
fn an_answer_to_a_group_member_is_heard() {
    for seed in 0..4 {
        for reply in [
            "Yes, 54 pounds a month in total, that is right.",
            "It's 54 a month for all three lines.",
            "Fifty-four pounds a month, all in.",
        ] {
            let replies = [GROUP_GREETING, "Tom, each line gets 30 GB a month.", reply];
            let (_, exchanges, _) = play("family-plan", seed, &replies);
            let third = &exchanges[2];
            assert_eq!(causes(third, "Jan"), Vec::<&Cause>::new(), "{seed} {reply}");
            let said = lines(&third.said);
            assert!(
                !said.contains("Jan:"),
                "{seed} {reply}: Jan asked again\n{said}"
            );
            assert!(said.starts_with("Eva Novak:"), "{seed} {reply}\n{said}");
        }
    }
    // A reply that does not answer him still leaves him unanswered.
    let replies = [
        GROUP_GREETING,
        "Tom, each line gets 30 GB a month.",
        "We have lots of plans.",
    ];
    let (_, exchanges, _) = play("family-plan", 0, &replies);
    assert!(causes(&exchanges[2], "Jan").contains(&&Cause::Unanswered));
}

/// A vague or dismissive non-answer to Jan's figure question ("dunno, around 50
/// something") does not answer him: Eva does not close the deal, Jan presses for the
/// figure.
#[test]
fn a_vague_figure_does_not_answer_jan() {
    for seed in 0..4 {
        let replies = [
            GROUP_GREETING,
            "Tom, each line gets 30 GB a month.",
            "dunno, around 50 something",
        ];
        let (_, exchanges, ending) = play("family-plan", seed, &replies);
        let said = lines(&exchanges[2].said);
        assert!(!said.contains("Let's do it"), "seed {seed}\n{said}");
        assert!(
            said.contains("Jan:"),
            "seed {seed}: Jan says nothing\n{said}"
        );
        assert!(causes(&exchanges[2], "Jan").contains(&&Cause::Unanswered));
        assert_eq!(ending, None);
    }
}

/// "Can I just grab a coffee quickly?" — "Coffee's self-serve by the window, pay when
/// you're done." answers the man by the door without a yes: he is acknowledged, not left.
#[test]
fn telling_a_queuer_how_to_get_what_they_asked_for_acknowledges_them() {
    let replies = [
        "Hi, welcome to Crumb & Co! Yes, a platter of 12 is no problem. What fillings would you like?",
        "Of course, half vegetarian. I will have it ready within 15 minutes. Thank you for waiting, madam - I'll be with you in about five minutes.",
        "Yes, card is fine - just tap here. Thank you, Ravi.",
        "Coffee's self-serve by the window, pay when you're done. Next please!",
    ];
    let (_, exchanges, _) = play("lunch-rush", 0, &replies);
    assert!(lines(&exchanges[2].said).contains("grab a coffee"));
    let man = causes(&exchanges[3], "Man by the door");
    assert_eq!(
        man,
        vec![&Cause::Acknowledged],
        "{}",
        lines(&exchanges[3].said)
    );
}

/// "Is anyone else serving?" — "No, just me, you will have to wait." answers the woman in
/// the queue, curtly: she is acknowledged (she does not complain of being ignored), and
/// the curtness costs her mood, not the customer's, and is named, as other curt replies
/// are.
#[test]
fn a_curt_answer_to_a_queuer_acknowledges_them() {
    let opener = "Hi, welcome to Crumb & Co! Yes, a platter of 12 is doable.";
    for (seed, asks, reply) in [
        (
            3,
            "anyone else serving",
            "No, just me, you will have to wait.",
        ),
        (1, "how long", "Wait your turn."),
    ] {
        let (_, exchanges, _) = play("lunch-rush", seed, &[opener, reply, "Card is fine."]);
        assert!(lines(&exchanges[0].said).contains(asks), "seed {seed}");
        let second = &exchanges[1];
        let queue = causes(second, "Woman in the queue");
        assert!(
            !queue.contains(&&Cause::NotAcknowledged),
            "{reply}: {queue:?}"
        );
        assert!(
            second
                .changes
                .iter()
                .any(|c| matches!(&c.cause, Cause::Curt(_)) && c.delta > 0),
            "{reply}: {:?}",
            second.changes
        );
        // The curtness was hers to mind: she pays for it and may react, but does not
        // say she is being ignored.
        assert!(
            second
                .changes
                .iter()
                .any(|c| matches!(&c.cause, Cause::Curt(_)) && c.speaker == "Woman in the queue"),
            "{reply}: {:?}",
            second.changes
        );
        assert!(
            !lines(&second.said).contains("still standing here"),
            "{reply}"
        );
        // Not ignored, so she does not leave on the next reply either.
        let third = &exchanges[2];
        assert!(!causes(third, "Woman in the queue").contains(&&Cause::LeftQueue));
    }
}

/// Sofia says the battery lasts 20 km; a paraphrase of it is heard: she goes on to what
/// comes next rather than saying it all again, and it costs no mood.
#[test]
fn a_paraphrase_is_heard_and_the_customer_moves_on() {
    for reply in [
        "So the battery only lasts about 20 km now, when the box said 60 - I see.",
        "I see - so your e-bike's battery is down to 20 km, though the box promised 60?",
    ] {
        let replies = ["Hi Sofia, welcome back! Good to see you again.", reply];
        let (_, exchanges, _) = play("returning-regular", 1, &replies);
        let second = &exchanges[1];
        let said = lines(&second.said);
        assert!(!said.contains("20 km"), "{reply}: said again\n{said}");
        assert!(!said.contains("As I said"), "{reply}\n{said}");
        assert!(
            second.mood.1 <= second.mood.0,
            "{reply}: {:?}",
            second.changes
        );
    }
}

/// A read-back of the order number is progress: 王女士 confirms it rather than telling it
/// again, and it costs no mood.
#[test]
fn a_read_back_is_confirmed_in_chinese() {
    for reply in [
        "您的订单号是AX2291，对吧？",
        "好的，AX2291，我核对一下，没错吧？",
    ] {
        let replies = [
            "您好，这里是安心家电客服部，我是小李，请问有什么可以帮您？",
            reply,
        ];
        let (_, exchanges, _) = play("zh-order-inquiry", 1, &replies);
        let second = &exchanges[1];
        let said = lines(&second.said);
        assert!(!said.contains("AX2291"), "{reply}: told again\n{said}");
        assert!(
            said.contains("没错") || said.contains("对的"),
            "{reply}\n{said}"
        );
        assert!(
            second.mood.1 <= second.mood.0,
            "{reply}: {:?}",
            second.changes
        );
    }
}

/// Tom's question, left for Eva's name, is not forgotten when Jan speaks: Tom asks again,
/// then complains that nobody is listening.
#[test]
fn an_unanswered_member_asks_again_then_complains() {
    let replies = [
        GROUP_GREETING,
        "Eva, the plan is for three lines.",
        "Jan, it is 54 pounds a month.",
    ];
    let (_, exchanges, _) = play("family-plan", 1, &replies);
    assert!(causes(&exchanges[1], "Tom").contains(&&Cause::Unanswered));
    assert!(
        causes(&exchanges[2], "Tom").contains(&&Cause::IgnoredTwice),
        "{:?}",
        exchanges[2].changes
    );
}

/// Omar, asking again, asks his question as a question: he does not introduce himself a
/// second time.
#[test]
fn a_member_asking_again_does_not_reintroduce_themselves() {
    let greeting =
        "Good morning, both of you, thanks for calling Harbour Light Tours - this is Sam.";
    for seed in 0..4 {
        let (_, exchanges, _) = play("tour-booking", seed, &[greeting, "Lena, I can book that."]);
        let omar: Vec<&str> = exchanges[1]
            .said
            .iter()
            .filter(|l| l.speaker == "Omar")
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(omar.len(), 1, "seed {seed}: {omar:?}");
        assert!(omar[0].contains("As I asked"), "seed {seed}: {}", omar[0]);
        assert!(!omar[0].contains("Omar here"), "seed {seed}: {}", omar[0]);
        assert!(omar[0].ends_with('?'), "seed {seed}: {}", omar[0]);
    }
}

/// Naming Omar is not answering him: "Omar, the seats are by the window." takes up
/// neither of his questions (bikes, sitting outside), so he asks again. A reply that
/// takes his question up - its words, a yes, a promise to find out - answers him.
#[test]
fn naming_a_member_without_answering_him_leaves_his_question_open() {
    let greeting =
        "Good morning, both of you, thanks for calling Harbour Light Tours - this is Sam.";
    for seed in 0..4 {
        let (_, exchanges, _) = play(
            "tour-booking",
            seed,
            &[greeting, "Omar, the seats are by the window."],
        );
        let said = lines(&exchanges[1].said);
        assert!(
            causes(&exchanges[1], "Omar").contains(&&Cause::Unanswered),
            "seed {seed}: {:?}\n{said}",
            exchanges[1].changes
        );
        assert!(said.contains("Omar: "), "seed {seed}\n{said}");
        assert!(said.contains("As I asked"), "seed {seed}\n{said}");
        let asked = lines(&exchanges[0].said);
        let answer = if asked.contains("bike") {
            "Bikes are welcome on board, Omar - there's a rack at the back."
        } else {
            "The top deck is open on the sunset cruise, so you can both sit outside."
        };
        // A promise to find out about bikes takes his question up too (the answer is
        // owed, see the next test).
        let check = if asked.contains("bike") {
            "Let me check on bikes for you, Omar."
        } else {
            answer
        };
        for reply in [answer, "Omar, yes - that's no problem at all.", check] {
            let (_, exchanges, _) = play("tour-booking", seed, &[greeting, reply]);
            let said = lines(&exchanges[1].said);
            assert!(
                !causes(&exchanges[1], "Omar").contains(&&Cause::Unanswered),
                "seed {seed}: {reply}\n{said}"
            );
            assert!(!said.contains("Omar: "), "seed {seed}: {reply}\n{said}");
        }
    }
    // Left open, naming him again on Lena's step still does not answer him: he
    // complains that nobody is listening.
    let (_, exchanges, _) = play(
        "tour-booking",
        0,
        &[
            greeting,
            "Omar, the seats are by the window.",
            "Omar and Lena, I will book two seats now.",
        ],
    );
    assert!(
        causes(&exchanges[2], "Omar").contains(&&Cause::IgnoredTwice),
        "{:?}",
        exchanges[2].changes
    );
}

/// "I'll check on bikes", never reported on, keeps the call from ending resolved: the
/// customer asks about it. Reported on, the call ends well.
#[test]
fn a_check_never_reported_on_does_not_resolve() {
    let greeting =
        "Good morning, both of you, thanks for calling Harbour Light Tours - this is Sam.";
    let promise = "Omar, I'll check on bikes.";
    let plan = "I will book two seats at £28 each now, and your tickets will be emailed within 10 minutes.";
    for seed in 0..3 {
        let (_, exchanges, ending) = play(
            "tour-booking",
            seed,
            &[greeting, promise, plan, "Ok.", "Ok.", "Ok."],
        );
        assert_ne!(ending, Some(Ending::Resolved), "seed {seed}");
        let asked = lines(&exchanges[2].said);
        assert!(asked.contains("bikes"), "seed {seed}: {asked}");
        let kept = "Yes, I checked: bikes are fine on board.";
        let (_, _, ending) = play("tour-booking", seed, &[greeting, promise, plan, kept]);
        assert_eq!(ending, Some(Ending::Resolved), "seed {seed}");
    }
}

const ZH_COUNTER: &str = "\
rehearse: 1
id: zh-counter
title: 柜台
channel: in-person
language: zh
brief: 测试。
customer:
  name: 李先生
  patience_seconds: 20
rubrics: [zh-phone]
steps:
  - id: opening
    say: [\"你好，我想退个货。\"]
    next:
      - goto: opening
";

/// Face to face, a customer kept waiting does not ask "Are you still there?" (a line for
/// the phone or chat), in English or Chinese; on the phone they still do.
#[test]
fn in_person_customers_do_not_ask_if_you_are_still_there() {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "zh-counter.yaml",
        Origin::BuiltIn,
        ZH_COUNTER,
    )));
    assert_eq!(library.error_count(), 0, "{:?}", library.diagnostics);
    let remote = ["still there", "still with me", "你还在吗", "你还在听吗"];
    let idle = |id: &str| -> Vec<String> {
        let scenario = library.scenario(id).expect("loaded");
        let grader = common::grader_for(&library, scenario);
        let c = Conversation::start(scenario, &grader, common::practice("Sam", 1));
        c.nudges()
            .into_iter()
            .filter(|n| n.line.speaker == scenario.customer.name)
            .map(|n| n.line.text)
            .collect()
    };
    for id in ["lunch-rush", "airport-desk", "zh-counter"] {
        let said = idle(id);
        assert_eq!(said.len(), 2, "{id}");
        for line in &said {
            assert!(!remote.iter().any(|r| line.contains(r)), "{id}: {line}");
        }
    }
    for id in ["late-delivery", "zh-complaint"] {
        let said = idle(id);
        assert!(
            said.iter().any(|l| remote.iter().any(|r| l.contains(r))),
            "{id}: {said:?}"
        );
    }
}

const OWN_NUDGES: &str = "\
rehearse: 1
id: own-nudges
title: Nudges of its own
channel: phone
brief: Test.
customer:
  name: Ada Quinn
  patience_seconds: 20
  facts: { parcel: P-77 }
  nudges: [\"Are you finding parcel {parcel}?\", \"(rustles papers) Still here.\"]
rubrics: [core]
steps:
  - id: opening
    say: [\"Hi, my parcel is lost.\"]
    next:
      - goto: opening
";

/// A scenario's own `customer.nudges` replace the built-in idle lines: said in the
/// scenario's order, placeholders filled, and never "Are you still there?".
#[test]
fn a_scenario_says_its_own_nudges() {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "own-nudges.yaml",
        Origin::BuiltIn,
        OWN_NUDGES,
    )));
    assert_eq!(library.error_count(), 0, "{:?}", library.diagnostics);
    let idle = |id: &str| -> Vec<String> {
        let scenario = library.scenario(id).expect("loaded");
        let grader = common::grader_for(&library, scenario);
        let c = Conversation::start(scenario, &grader, common::practice("Sam", 1));
        c.nudges()
            .into_iter()
            .filter(|n| n.line.speaker == scenario.customer.name)
            .map(|n| n.line.text)
            .collect()
    };
    assert_eq!(
        idle("own-nudges"),
        [
            "Are you finding parcel P-77?",
            "(rustles papers) Still here."
        ]
    );
    // The built-in scenarios that have their own say them.
    for id in ["lunch-rush", "airport-desk"] {
        let scenario = library.scenario(id).expect("built in");
        let own = scenario.customer.nudges.clone().expect("nudges of its own");
        assert_eq!(idle(id), own[..2], "{id}");
    }
}
