//! Seeded random walks over every built-in scenario, 10,000 in all, with replies drawn
//! from pools of good, mediocre, rude and off-topic lines (EN and ZH). Every walk must
//! end within the turn limit (plus the trainee's last word); no one says the same sentence
//! twice in a conversation; a walk of only rude replies never resolves; and every question
//! for a fact the customer knows is answered with that fact.
//!
//! Each scenario's grader and question phrases are built once and shared by its walks
//! (the customer's own phrase books are cached by the engine), so the walks cost only the
//! replies themselves. `REHEARSE_WALKS=N` changes the total.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rehearse::customer::{Conversation, FactQuestions, RunInfo};
use rehearse::grading::Grader;
use rehearse::library::Library;
use rehearse::scenario::{Ending, Language, Scenario, expand, placeholders};
use rehearse::transcript::Mode;

const GOOD_EN: &[&str] = &[
    "Good morning, thanks for calling, my name is Sam. How can I help?",
    "I'm so sorry, it can be really frustrating. Let me put this right for you.",
    "Before I look at the account, could you confirm your full name and postcode?",
    "Could you give me the order number, please?",
    "Could you tell me what happened?",
    "When did it start?",
    "Could you give me a contact phone number, please?",
    "Which card were the payments taken from?",
    "I will sort this today and it will be with you within 2 working days, by Thursday.",
    "Thank you for waiting, I'll be with you in about five minutes.",
    "Everyone, welcome! Tom, Jan, Omar, I'll answer each of you in turn.",
    "Is there anything else I can help with? Thank you, and have a good day.",
];
const MEDIOCRE_EN: &[&str] = &[
    "Ok.",
    "Let me check.",
    "Hmm, I see.",
    "Right.",
    "One moment.",
    "What's the order number?",
];
const RUDE_EN: &[&str] = &[
    "Whatever.",
    "Calm down.",
    "Not my problem.",
    "Deal with it, it is what it is.",
    "Whatever. It will come by Thursday.",
    "Shut up. I will refund it today.",
];
const OFF_EN: &[&str] = &[
    "Did you see the match last night?",
    "Nice weather today.",
    "I like turtles.",
];
const GOOD_ZH: &[&str] = &[
    "您好，这里是安心家电客服部，我是小李，请问有什么可以帮您？",
    "非常理解您的心情，给您添麻烦了，真的很抱歉。",
    "请提供一下您的订单号。",
    "请问具体是什么情况？",
    "请问是什么时候开始的？",
    "麻烦您留一下联系电话。",
    "请问您的地址是？",
    "我马上安排工程师在24小时内上门，请您放心。",
    "请问还有其他可以帮您的吗？感谢您的耐心，再见。",
];
const MEDIOCRE_ZH: &[&str] = &["好的。", "我看一下。", "嗯。", "订单号？"];
const RUDE_ZH: &[&str] = &[
    "这不归我管。",
    "你去问厂家。",
    "爱买不买。",
    "随便你，明天上门。",
];
const OFF_ZH: &[&str] = &["今天天气不错。", "你吃饭了吗？"];

/// Good, mediocre, rude and off-topic replies, in that order.
fn pools(language: Language) -> [&'static [&'static str]; 4] {
    match language {
        Language::En => [GOOD_EN, MEDIOCRE_EN, RUDE_EN, OFF_EN],
        Language::Zh => [GOOD_ZH, MEDIOCRE_ZH, RUDE_ZH, OFF_ZH],
    }
}

const RUDE: usize = 2;

/// Texts one of which must be heard when the customer tells `fact`: the values its
/// `knows` lines quote (an order number), the lines' own clauses (a description), the
/// fact's value or the customer's name. `None` for a fact the customer does not know.
fn fact_evidence(scenario: &Scenario, fact: &str) -> Option<Vec<String>> {
    let values = scenario.placeholder_values();
    let mut evidence = Vec::new();
    if let Some(know) = scenario.customer.knows.get(fact) {
        for line in know.lines() {
            for name in placeholders(&line) {
                evidence.extend(values.get(&name).cloned());
            }
            // A line given by a step may be worded differently: any long clause of it.
            let expanded = expand(&line, &values);
            evidence.extend(
                expanded
                    .split(['.', ',', '!', '?', '。', '，', '！', '？', '-', '—'])
                    .map(str::trim)
                    .filter(|part| part.chars().count() >= 6)
                    .map(str::to_string),
            );
        }
    } else if fact == "name" {
        evidence.push(scenario.customer.name.clone());
    } else if let Some(value) = scenario.customer.facts.get(fact) {
        evidence.push(expand(value, &values));
    } else {
        return None;
    }
    Some(evidence)
}

/// What one scenario's walks found.
#[derive(Default)]
struct Tally {
    walks: usize,
    replies: usize,
    questions: usize,
    rude_walks: usize,
}

/// Plays `walks` seeded walks of one scenario, asserting as it goes.
fn walk_scenario(library: &Library, scenario: &Scenario, walks: usize) -> Tally {
    // Built once per scenario and shared by all its walks.
    let grader = Grader::new(
        &library.rubrics_for(scenario),
        &scenario.placeholder_values(),
        None,
    );
    let questions = FactQuestions::new(scenario);
    let pool = pools(scenario.language);
    let evidence: Vec<(String, Option<Vec<String>>)> = pool
        .iter()
        .flat_map(|list| list.iter())
        .flat_map(|reply| questions.asked(reply))
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|fact| {
            let found = fact_evidence(scenario, &fact);
            (fact, found)
        })
        .collect();
    let mut tally = Tally::default();
    for walk in 0..walks {
        let seed = walk as u64;
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        // One walk in four is rude throughout.
        let all_rude = walk % 4 == 0;
        let info = RunInfo {
            trainee: "walker".into(),
            trainee_id: None,
            mode: Mode::Practice,
            seed,
            started: String::new(),
            rubrics: Vec::new(),
        };
        let mut c = Conversation::start(scenario, &grader, info);
        // One person never says the same sentence twice (two people may).
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for line in c.pending() {
            seen.insert((line.speaker.clone(), line.text.clone()));
        }
        let mut replies: u32 = 0;
        while !c.is_over() {
            // The turn limit, then one last word after the closing line.
            assert!(
                replies <= scenario.turn_limit,
                "{} seed {seed}: {replies} replies and no end",
                scenario.id
            );
            let kind = if all_rude {
                RUDE
            } else {
                rng.random_range(0..pool.len())
            };
            let list = pool[kind];
            let reply = list[rng.random_range(0..list.len())];
            let last_word = c.awaits_last_word();
            let exchange = c.reply(reply, None);
            replies += 1;
            for line in &exchange.said {
                assert!(
                    seen.insert((line.speaker.clone(), line.text.clone())),
                    "{} seed {seed}: {} said twice: {}",
                    scenario.id,
                    line.speaker,
                    line.text
                );
            }
            if last_word {
                continue;
            }
            let said: String = exchange
                .said
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            for fact in questions.asked(reply) {
                let Some((_, Some(texts))) = evidence.iter().find(|(f, _)| *f == fact) else {
                    continue;
                };
                tally.questions += 1;
                assert!(
                    texts.iter().any(|t| said.contains(t.as_str())),
                    "{} seed {seed}: asked {fact} by {reply:?}, heard {said:?}",
                    scenario.id
                );
            }
        }
        assert!(
            c.ending().is_some(),
            "{} seed {seed}: no ending",
            scenario.id
        );
        if all_rude {
            tally.rude_walks += 1;
            assert_ne!(
                c.ending(),
                Some(Ending::Resolved),
                "{} seed {seed}: rudeness resolved the call: {:#?}",
                scenario.id,
                c.transcript()
            );
        }
        tally.walks += 1;
        tally.replies += replies as usize;
    }
    tally
}

#[test]
fn ten_thousand_walks() {
    let library = Library::builtin();
    let wanted: usize = std::env::var("REHEARSE_WALKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let walks_each = wanted.div_ceil(library.scenarios.len());
    let started = std::time::Instant::now();
    let mut total = Tally::default();
    for scenario in &library.scenarios {
        let tally = walk_scenario(&library, scenario, walks_each);
        total.walks += tally.walks;
        total.replies += tally.replies;
        total.questions += tally.questions;
        total.rude_walks += tally.rude_walks;
    }
    eprintln!(
        "{} walks of {} scenarios: {} replies, {} fact questions answered, {} walks all rude, in {:.1} s",
        total.walks,
        library.scenarios.len(),
        total.replies,
        total.questions,
        total.rude_walks,
        started.elapsed().as_secs_f64()
    );
    assert!(total.walks >= wanted);
    assert!(total.questions > 0);
}
