//! Grading speed: a 20-turn transcript against a 50-rule rubric (target < 50 µs), with
//! evidence (reports for people) and for totals only (batch reports), and one reply
//! assessed for live coaching.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::grading::{Grader, LiveEvaluation, Reply};
use rehearse::library::Library;
use rehearse::source::{Origin, SourceFile};

/// The same allocator as the `rehearse` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A rubric of 50 rules across 10 skills, mixing every rule kind.
fn fifty_rule_rubric() -> String {
    let mut yaml = String::from("rehearse: 1\nid: bench\ntitle: Bench\nskills:\n");
    let kinds = [
        "require: [\"i understand\", \"that makes sense\", \"i see\", \"thank * for\"]\n        fuzzy: 0.85",
        "forbid: [\"calm down\", \"whatever\", \"not my problem\"]",
        "substitute: { avoid: [\"we cannot do that\", \"that is impossible\"], prefer: \"Here is what I can do.\" }",
        "order: { first: [\"confirm your name\", \"date of birth\"], then: [\"your balance\", \"your card ending\"] }",
        "mirror: { min_words: 1 }",
        "ask: open",
        "style: { no_caps: true, no_repeated_exclamation: true, max_words: 120, jargon: [asap, plz] }",
        "require: [\"i will\", \"within\", \"today\", \"tomorrow\", \"working days\"]\n        scope: every",
        "personalise: true",
        "require: [\"anything else\", \"have a good day\"]\n        scope: last",
    ];
    for skill in 0..10 {
        yaml.push_str(&format!(
            "  - id: s{skill}\n    name: Skill {skill}\n    feedback: {{ hit: ok, miss: no }}\n    rules:\n"
        ));
        for rule in 0..5 {
            yaml.push_str(&format!(
                "      - {}\n",
                kinds[(skill + rule) % kinds.len()]
            ));
        }
    }
    yaml
}

/// One realistic 20-turn call about a late delivery: every reply different, as in a real
/// transcript (a transcript that repeats itself is flagged as gaming, and its hits voided,
/// which would make grading look cheaper than it is).
const REPLIES: [&str; 20] = [
    "Good morning Dana, I'm so sorry about the delay - it can be really frustrating. Could you tell me what the tracking page shows?",
    "I see, so the desk was due on Tuesday and the tracking hasn't moved since Monday. Before I look, could you confirm your name and date of birth?",
    "Thank you for confirming. I can see the order now: it left our warehouse on Friday.",
    "I understand, two working days sounds like what you heard last time. Let me check with the courier while you're on the line.",
    "Thanks for waiting. The courier says the parcel was held at their depot because of a missing label.",
    "I will book a priority re-delivery today, and it will arrive within two working days.",
    "Yes, the driver will call you about an hour before they arrive, so you don't have to wait in all day.",
    "That makes sense, taking a day off work for nothing is a lot to ask. I'm sorry that happened.",
    "I can refund the delivery charge of 9.50 to your card; it usually shows within three to five working days.",
    "If it doesn't arrive on Thursday, call us back and quote reference DW-4471; I'll note that you get a full refund straight away.",
    "You will get an email in the next ten minutes confirming the new date, the refund and the reference.",
    "Just to confirm, the address is still 14 Harbour Lane, is that right?",
    "Perfect, thank you. I've also added a note so the driver leaves it with your neighbour at number 16 if you're out.",
    "No problem at all. Is the email address ending in gmail.com still the best one to reach you?",
    "Great. I have updated your contact preferences so the courier texts you as well.",
    "I know this has taken a while, and I appreciate your patience while we sorted it out.",
    "To sum up: priority delivery on Thursday, a call an hour before, the delivery charge refunded, and an email with reference DW-4471.",
    "Is there anything else I can help you with today?",
    "You're welcome, Dana. If anything changes, just reply to the email and it comes straight to our team.",
    "Thank you again for your patience, Dana. The email is on its way, and the driver will call before they arrive. Have a good day.",
];

/// What the customer says before each reply. In a cohort the same scripted lines come back
/// in every transcript, and the grader profiles each once (as in `rehearse grade`).
const CUSTOMER: [&str; 20] = [
    "I've been waiting a week for a standing desk that was promised for Tuesday.",
    "The tracking page hasn't changed since Monday. It just says 'in transit'.",
    "Dana Whitfield, and my birthday is the 4th of May 1988.",
    "Two working days? I've heard that before, to be honest.",
    "Fine. Go on then, what do they say?",
    "A missing label. Brilliant. So what happens now?",
    "Will somebody actually call me when it's on the van?",
    "I took a day off work to wait for it and nobody turned up.",
    "Can you at least refund the delivery charge?",
    "What happens if it doesn't come this time either?",
    "OK, and will I get an email confirming all of this?",
    "Yes, same address as before.",
    "That would help, thanks.",
    "Yes, that's the one.",
    "Good, I'd rather have a text.",
    "Well, it's not your fault, I suppose.",
    "Right. Let me just write that down.",
    "No, that's everything.",
    "Thanks for sorting it.",
    "Bye.",
];

fn bench(c: &mut Criterion) {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "bench.yaml",
        Origin::BuiltIn,
        fifty_rule_rubric(),
    )));
    let rubric = library.rubric("bench").expect("bench rubric is valid");
    assert_eq!(
        rubric.skills.iter().map(|s| s.rules.len()).sum::<usize>(),
        50
    );
    let scenario = library.scenario("late-delivery").expect("built-in");
    let grader = Grader::new(&[rubric], &scenario.placeholder_values(), None);
    let replies: Vec<Reply> = (0..20)
        .map(|i| Reply {
            text: REPLIES[i],
            customer: CUSTOMER[i],
            step: "opening",
            interjection: None,
            mood: 6,
            trainee: "",
        })
        .collect();
    let card = grader.grade(&replies);
    assert!(
        card.gaming.is_empty(),
        "a realistic call: {:?}",
        card.gaming
    );
    c.bench_function("grade 20 turns x 50 rules", |b| {
        b.iter(|| grader.grade(std::hint::black_box(&replies)))
    });
    c.bench_function("grade 20 turns x 50 rules, totals only (batch)", |b| {
        b.iter(|| grader.grade_totals(std::hint::black_box(&replies)))
    });
    // One reply of a live call: the sixth, after five taken in as they came (building
    // those is set-up, not timed). This is what `play` pays per reply, however long the
    // call has been.
    c.bench_function("assess one reply (live coaching)", |b| {
        b.iter_batched(
            || {
                let mut live = LiveEvaluation::default();
                for reply in &replies[..5] {
                    grader.assess_next(&mut live, *reply);
                }
                live
            },
            |mut live| grader.assess_next(&mut live, std::hint::black_box(replies[5])),
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
