//! Grading speed: a 20-turn transcript against a 50-rule rubric (target < 50 µs), and one
//! reply assessed for live coaching.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::grading::{Grader, Reply};
use rehearse::library::Library;
use rehearse::source::{Origin, SourceFile};

/// A rubric of 50 rules across 10 skills, mixing every rule kind.
/// The same allocator as the `rehearse` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

const REPLIES: [&str; 4] = [
    "Good morning Dana, I'm so sorry about the delay - it can be really frustrating. Could you tell me what the tracking page shows?",
    "I see, so the desk was due on Tuesday and hasn't moved since. Before I look, could you confirm your name and date of birth?",
    "Thank you for confirming. I will book a priority re-delivery today, and it will arrive within two working days.",
    "Is there anything else I can help with? Thank you for your patience, and have a good day.",
];

/// What the customer says before each reply. Each iteration grades the same transcript,
/// as a cohort grades many transcripts of the same script: the grader profiles each
/// customer line once and reuses it, which is what happens in `rehearse grade`.
const CUSTOMER: [&str; 10] = [
    "I've been waiting a week for a standing desk that was promised for Tuesday.",
    "The tracking page hasn't changed since Monday. It just says 'in transit'.",
    "Dana Whitfield, and my birthday is the 4th of May 1988.",
    "Two working days? I've heard that before, to be honest.",
    "Fine. Will somebody actually call me when it's on the van?",
    "I took a day off work to wait for it and nobody turned up.",
    "Can you at least refund the delivery charge?",
    "What happens if it doesn't come this time either?",
    "OK, and will I get an email confirming all of this?",
    "No, that's everything. Thanks for sorting it.",
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
            text: REPLIES[i % 4],
            customer: CUSTOMER[i % CUSTOMER.len()],
            step: "opening",
            interjection: None,
            mood: 6,
        })
        .collect();
    c.bench_function("grade 20 turns x 50 rules", |b| {
        b.iter(|| grader.grade(std::hint::black_box(&replies)))
    });
    c.bench_function("assess one reply (live coaching)", |b| {
        b.iter(|| grader.assess_last(std::hint::black_box(&replies[..4])))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
