//! The customer's memory, answers, unrepeated lines, earned endings and the trainee's last
//! word, driven through the library API.
mod common;

use std::collections::HashSet;
use std::sync::Arc;

use rehearse::customer::{Conversation, FactQuestions};
use rehearse::grading::Grader;
use rehearse::library::Library;
use rehearse::scenario::Ending;
use rehearse::source::{Origin, SourceFile};

const SCENARIO: &str = "\
rehearse: 1
id: memory-test
title: Memory test
channel: phone
brief: Test.
customer:
  name: Dana Whitfield
  mood: 5
  facts: { order: NW-1, postcode: LS6 2QT }
  knows:
    order: \"It's {order}.\"
    postcode: { say: [\"{postcode}.\", \"It's {postcode}.\"], asked_by: [\"post code\"] }
    colour: { say: [\"Grey, the grey one.\"], asked_by: [\"colour\"] }
rubrics: [core, difficult, account]
turn_limit: 8
resolved_when: { done: [expectation-setting] }
steps:
  - id: opening
    say: [\"My desk is late.\"]
    next:
      - goto: verify
  - id: verify
    say: [\"So what now?\", \"What happens now?\"]
    next:
      - when: { done: [verification] }
        goto: plan
      - goto: verify
  - id: plan
    say: [\"When will it come?\"]
    next:
      - when: { shows: [expectation-setting], given: [postcode] }
        goto: thanks
      - when: { says: [\"bye\"] }
        goto: thanks
      - goto: plan
  - id: thanks
    say: [\"Right, {promised.day} it is. Thanks.\"]
    end: resolved
";

const VERIFY: &str = "Before I look at the order, could you confirm your full name and postcode?";
const PLAN: &str = "I will book a priority re-delivery today and it will reach you by Thursday.";

fn library() -> Library {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "memory.yaml",
        Origin::BuiltIn,
        SCENARIO,
    )));
    assert_eq!(library.error_count(), 0, "{:?}", library.diagnostics);
    library
}

fn play(library: &Library, seed: u64, replies: &[&str]) -> rehearse::transcript::Transcript {
    let scenario = library.scenario("memory-test").unwrap();
    let grader = Grader::new(
        &library.rubrics_for(scenario),
        &scenario.placeholder_values(),
        None,
    );
    let mut c = Conversation::start(scenario, &grader, common::practice("t", seed));
    for reply in replies {
        if c.is_over() {
            break;
        }
        c.reply(reply, None);
    }
    c.transcript().clone()
}

fn said_after(t: &rehearse::transcript::Transcript, reply: usize) -> String {
    let lines = match t.turns.get(reply + 1) {
        Some(turn) => &turn.customer,
        None => &t.closing,
    };
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn verification_done_early_counts_later() {
    let library = library();
    // Verified in the very first reply, on the opening step: the verify step lets it pass.
    let t = play(&library, 1, &[VERIFY, "Thanks."]);
    assert_eq!(t.turns[1].step, "verify");
    assert_eq!(t.turns.len(), 2);
    let t = play(&library, 1, &[VERIFY, "Thanks.", "Ok."]);
    assert_eq!(
        t.turns[2].step, "plan",
        "done: [verification] held on reply 2"
    );
}

#[test]
fn asked_facts_are_answered_once_then_as_said() {
    let library = library();
    let t = play(
        &library,
        2,
        &[VERIFY, "And the order number, please?", "Hm."],
    );
    let first = said_after(&t, 0);
    assert!(first.contains("LS6 2QT"), "{first}");
    // The name is not under `knows`, but everyone knows their own name.
    assert!(first.contains("Dana Whitfield"), "{first}");
    // A well-known fact with no value at all gets a natural "don't know".
    let unknown = play(
        &library,
        2,
        &["Could you read me your account number?", "Hm."],
    );
    assert!(
        said_after(&unknown, 0).contains("account number"),
        "{}",
        said_after(&unknown, 0)
    );
    assert!(
        said_after(&t, 1).starts_with("It's NW-1."),
        "{}",
        said_after(&t, 1)
    );
    let t = play(
        &library,
        2,
        &[VERIFY, "Sorry, what was the postcode again?", "Hm."],
    );
    let again = said_after(&t, 1);
    assert!(again.contains("LS6 2QT"), "{again}");
    assert_ne!(again, said_after(&t, 0));
    // A statement about the postcode asks nothing.
    let t = play(&library, 2, &["I have your postcode here.", "Hm."]);
    assert!(!said_after(&t, 0).contains("LS6"));
}

#[test]
fn scenario_phrases_and_chinese_questions_are_recognised() {
    let library = library();
    let scenario = library.scenario("memory-test").unwrap();
    let q = FactQuestions::new(scenario);
    assert_eq!(q.asked("Which colour was it?"), vec!["colour"]);
    assert_eq!(q.asked("请提供一下您的订单号。"), vec!["order"]);
    assert_eq!(q.asked("您的邮编是多少？"), vec!["postcode"]);
    assert!(q.asked("订单号我已经看到了。").is_empty());
}

#[test]
fn no_sentence_is_said_twice() {
    let library = library();
    let t = play(&library, 3, &["Hm."; 8]);
    let mut seen = HashSet::new();
    for line in t.turns.iter().flat_map(|t| &t.customer).chain(&t.closing) {
        assert!(seen.insert(line.text.clone()), "repeated: {}", line.text);
    }
    assert!(
        seen.iter()
            .any(|l| l.contains("again") || l.contains("said") || l.contains("told")),
        "{seen:?}"
    );
}

#[test]
fn resolved_needs_the_issue_addressed_and_no_rudeness() {
    let library = library();
    // "bye" would reach thanks, but nothing was promised: the customer asks again.
    let t = play(&library, 4, &[VERIFY, "Ok.", "Bye."]);
    assert_eq!(t.ending, None);
    // Rude on the way out: a complaint, never thanks.
    let rude = format!("Whatever. {PLAN}");
    let t = play(&library, 4, &[VERIFY, "Ok.", &rude]);
    assert_eq!(t.ending, Some(Ending::Escalated));
    assert!(t.closing[0].text.contains("complaint"), "{:?}", t.closing);
    let t = play(&library, 4, &["Ok.", "Ok.", PLAN]);
    assert_eq!(t.ending, None, "not verified: still on verify");
    // Addressed: resolved, and the line quotes the promised day.
    let t = play(&library, 4, &[VERIFY, "Thanks.", "Ok.", PLAN]);
    assert_eq!(t.ending, Some(Ending::Resolved), "{:#?}", t.turns);
    assert_eq!(t.closing[0].text, "Right, Thursday it is. Thanks.");
}

#[test]
fn the_trainee_has_the_last_word() {
    let library = library();
    let t = play(
        &library,
        4,
        &[
            VERIFY,
            "Thanks.",
            "Ok.",
            PLAN,
            "Thank you for calling, goodbye.",
        ],
    );
    assert_eq!(t.ending, Some(Ending::Resolved));
    assert_eq!(t.turns.len(), 5);
    assert!(t.closing.is_empty());
    let last = t.turns.last().unwrap();
    assert_eq!(last.customer[0].text, "Right, Thursday it is. Thanks.");
    assert_eq!(last.reply, "Thank you for calling, goodbye.");
}

#[test]
fn unknown_what_happened_and_own_details_read_naturally() {
    let library = library();
    // No `what-happened` line: the customer says again what they opened with.
    let t = play(&library, 3, &["Could you tell me what happened?", "Hm."]);
    let said = said_after(&t, 0);
    assert!(said.contains("My desk is late."), "{said}");
    assert!(!said.contains("all I know"), "{said}");
    // Their own phone number is not "to hand": it is the one on the account.
    let t = play(
        &library,
        3,
        &["Could you give me your phone number?", "Hm."],
    );
    let said = said_after(&t, 0);
    assert!(said.contains("on my account"), "{said}");
}

const GIVES: &str = "\
rehearse: 1
id: gives-test
title: Gives test
channel: chat
brief: Test.
customer:
  name: Joel Adeyemi
  facts: { dob: 14 March 1990 }
  knows:
    date-of-birth: \"{dob}.\"
rubrics: [core]
turn_limit: 3
steps:
  - id: opening
    say: [\"I can't log in.\"]
    next:
      - goto: verified
  - id: verified
    say: [\"Joel Adeyemi, {dob}. Now what?\"]
    gives: [name, date-of-birth]
    next:
      - when: { shows: [expectation-setting] }
        goto: done
      - goto: verified
  - id: done
    say: [\"Thanks.\"]
    end: resolved
";

#[test]
fn a_fact_the_next_line_gives_is_said_once() {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "gives.yaml",
        Origin::BuiltIn,
        GIVES,
    )));
    let scenario = library.scenario("gives-test").unwrap();
    let grader = Grader::new(
        &library.rubrics_for(scenario),
        &scenario.placeholder_values(),
        None,
    );
    let ask = "Could you confirm your full name and date of birth?";
    let mut c = Conversation::start(scenario, &grader, common::practice("t", 1));
    let said = c.reply(ask, None).said;
    let text: Vec<&str> = said.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text, ["Joel Adeyemi, 14 March 1990. Now what?"]);
    // Asked again: now it is an answer, "as I said".
    let said = c.reply(ask, None).said;
    assert!(said[0].text.contains("14 March 1990"), "{said:?}");
    assert_ne!(said[0].text, "Joel Adeyemi, 14 March 1990. Now what?");

    // Leaving before that line is said (the turn limit), the facts are still answered.
    let mut library = Library::builtin();
    let text = GIVES.replace("turn_limit: 3", "turn_limit: 1");
    library.add_source(Arc::new(SourceFile::new(
        "gives.yaml",
        Origin::BuiltIn,
        text,
    )));
    let scenario = library.scenario("gives-test").unwrap();
    let grader = Grader::new(
        &library.rubrics_for(scenario),
        &scenario.placeholder_values(),
        None,
    );
    let mut c = Conversation::start(scenario, &grader, common::practice("t", 1));
    let said = c.reply(ask, None).said;
    assert_eq!(c.ending(), Some(Ending::TurnLimit));
    let all: String = said.iter().map(|l| l.text.as_str()).collect();
    assert!(
        all.contains("Joel Adeyemi") && all.contains("14 March 1990"),
        "{all}"
    );
}
