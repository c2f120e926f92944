//! Seeded random walks over every built-in scenario, with replies drawn from pools of good,
//! mediocre, rude and off-topic lines (EN and ZH): no customer sentence is said twice in a
//! conversation, a walk of only rude replies never resolves, every walk ends, and every
//! question for a fact the customer knows gets that fact. `REHEARSE_WALKS=10000` runs the
//! full count.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rehearse::customer::{Conversation, FactQuestions, RunInfo};
use rehearse::grading::Grader;
use rehearse::library::Library;
use rehearse::scenario::{Ending, Language, Scenario, expand};
use rehearse::transcript::Mode;

const GOOD_EN: &[&str] = &[
    "Good morning, thanks for calling, my name is Sam. How can I help?",
    "I'm so sorry, it can be really frustrating. Let me put this right for you.",
    "Before I look at the account, could you confirm your full name and postcode?",
    "Could you give me the order number, please?",
    "Could you tell me what happened?",
    "I will sort this today and it will be with you within 2 working days, by Thursday.",
    "Thank you for waiting, I'll be with you in about five minutes.",
    "Everyone, welcome! Tom, Jan, I'll answer each of you in turn.",
    "Is there anything else I can help with? Thank you, and have a good day.",
];
const MEDIOCRE_EN: &[&str] = &[
    "Ok.",
    "Let me check.",
    "Hmm, I see.",
    "Right.",
    "One moment.",
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
    "我马上安排工程师在24小时内上门，请您放心。",
    "请问还有其他可以帮您的吗？感谢您的耐心，再见。",
];
const MEDIOCRE_ZH: &[&str] = &["好的。", "我看一下。", "嗯。"];
const RUDE_ZH: &[&str] = &[
    "这不归我管。",
    "你去问厂家。",
    "爱买不买。",
    "随便你，明天上门。",
];
const OFF_ZH: &[&str] = &["今天天气不错。", "你吃饭了吗？"];

fn pools(language: Language) -> [&'static [&'static str]; 4] {
    match language {
        Language::En => [GOOD_EN, MEDIOCRE_EN, RUDE_EN, OFF_EN],
        Language::Zh => [GOOD_ZH, MEDIOCRE_ZH, RUDE_ZH, OFF_ZH],
    }
}

/// What the customer would say for a fact: the fact's value, or its `knows` lines.
fn fact_evidence(scenario: &Scenario, fact: &str) -> Option<Vec<String>> {
    let values = scenario.placeholder_values();
    if let Some(know) = scenario.customer.knows.get(fact) {
        return Some(know.lines().iter().map(|l| expand(l, &values)).collect());
    }
    if fact == "name" {
        return Some(vec![scenario.customer.name.clone()]);
    }
    scenario
        .customer
        .facts
        .get(fact)
        .map(|v| vec![expand(v, &values)])
}

#[test]
fn ten_thousand_walks() {
    let library = Library::builtin();
    // 10,000 walks take minutes in the dev profile (every reply is graded with the whole
    // conversation so far); REHEARSE_WALKS sets the total, the default keeps it quick.
    let wanted: usize = std::env::var("REHEARSE_WALKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(600);
    let walks_each = wanted / library.scenarios.len() + 1;
    let mut total = 0;
    for scenario in &library.scenarios {
        let grader = Grader::new(
            &library.rubrics_for(scenario),
            &scenario.placeholder_values(),
            None,
        );
        let questions = FactQuestions::new(scenario);
        let pool = pools(scenario.language);
        for walk in 0..walks_each {
            total += 1;
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
            let mut replies = 0;
            while !c.is_over() {
                assert!(
                    replies <= scenario.turn_limit + 1,
                    "{} seed {seed}: no end",
                    scenario.id
                );
                let kind = if all_rude { 2 } else { rng.random_range(0..4) };
                let list = pool[kind];
                let reply = list[rng.random_range(0..list.len())];
                let asked = questions.asked(reply);
                let awaited_last = c.awaits_last_word();
                let exchange = c.reply(reply, None);
                replies += 1;
                let said: String = exchange
                    .said
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                for line in &exchange.said {
                    assert!(
                        seen.insert((line.speaker.clone(), line.text.clone())),
                        "{} seed {seed}: said twice: {}",
                        scenario.id,
                        line.text
                    );
                }
                if !awaited_last {
                    for fact in &asked {
                        if let Some(evidence) = fact_evidence(scenario, fact) {
                            assert!(
                                evidence
                                    .iter()
                                    .any(|e| said.contains(e.trim_end_matches('.'))
                                        || e.split(['，', ',', '.'])
                                            .any(|part| part.len() > 3 && said.contains(part))),
                                "{} seed {seed}: asked {fact} by {reply:?}, heard {said:?}",
                                scenario.id
                            );
                        }
                    }
                }
            }
            if all_rude {
                assert_ne!(
                    c.ending(),
                    Some(Ending::Resolved),
                    "{} seed {seed}: rudeness resolved the call: {:#?}",
                    scenario.id,
                    c.transcript()
                );
            }
        }
    }
    assert!(total >= wanted);
}
