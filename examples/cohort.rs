//! Generates a cohort of exam transcripts for demos and benchmarks:
//!
//!     cargo run --release --example cohort -- --transcripts 200 --out cohort/
//!
//! Plays the built-in scenarios with replies drawn (seeded) from a bank of good, mediocre,
//! bad and keyword-stuffed answers, writing one transcript per trainee and scenario.

use std::path::PathBuf;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rehearse::customer::{Conversation, RunInfo};
use rehearse::grading::Grader;
use rehearse::library::Library;
use rehearse::transcript::{Mode, RubricRef};

const FIRST: &[&str] = &[
    "Alex", "Sam", "Priya", "Jordan", "Mei", "Tomás", "Aisha", "Lukas", "Noor", "Ivan", "Grace",
    "Kofi",
];
const LAST: &[&str] = &[
    "Chen", "Okafor", "Novak", "Silva", "Berg", "Patel", "Kim", "Moreau", "Haddad", "Walsh",
];

const MEDIOCRE: &[&str] = &[
    "Hello, how can I help?",
    "Ok, let me check that for you.",
    "I see. I will look into it today.",
    "Right, that should be sorted within a few days.",
    "Anything else?",
    "Thanks, bye.",
];

const STUFFED: &[&str] = &[
    "hello my name is sorry i understand it can be frustrating i will today anything else thank you",
    "welcome back everyone i apologise i see i will within working days does that make sense thanks",
    "您好 这里是 理解 抱歉 记录 马上 还有什么 再见",
];

fn main() {
    let mut count = 200usize;
    let mut out = PathBuf::from("cohort");
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--transcripts" => count = args.next().and_then(|v| v.parse().ok()).unwrap_or(count),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            other => {
                eprintln!("unknown argument {other}; use --transcripts N --out DIR [--seed N]");
                std::process::exit(2);
            }
        }
    }
    let library = Library::builtin();
    let graders: Vec<Grader> = library
        .scenarios
        .iter()
        .map(|s| {
            Grader::new(
                &library.rubrics_for(s),
                &s.placeholder_values(),
                s.pass_mark,
            )
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    std::fs::create_dir_all(&out).expect("create the output folder");
    for i in 0..count {
        let index = i % library.scenarios.len();
        let scenario = &library.scenarios[index];
        let trainee = format!(
            "{} {} {:04}",
            FIRST[(rng.next_u32() as usize) % FIRST.len()],
            LAST[(rng.next_u32() as usize) % LAST.len()],
            i / library.scenarios.len()
        );
        let good = &scenario
            .examples
            .iter()
            .find(|e| e.expect.passed == Some(true))
            .expect("built-ins have a good example")
            .replies;
        let bad = &scenario
            .examples
            .iter()
            .find(|e| e.expect.passed == Some(false))
            .expect("built-ins have a bad example")
            .replies;
        let replies: Vec<String> = match rng.next_u32() % 10 {
            0..=4 => good.clone(),
            5..=6 => good
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    if k % 2 == 1 {
                        MEDIOCRE[k % MEDIOCRE.len()].to_string()
                    } else {
                        r.clone()
                    }
                })
                .collect(),
            7..=8 => bad.clone(),
            _ => (0..4)
                .map(|k| STUFFED[(k + i) % STUFFED.len()].to_string())
                .collect(),
        };
        let rubrics = library.rubrics_for(scenario);
        let info = RunInfo {
            trainee,
            trainee_id: None,
            mode: Mode::Exam,
            seed: rng.next_u64() % 1000,
            started: "2026-11-20T09:00:00Z".to_string(),
            rubrics: RubricRef::all(&rubrics),
        };
        let mut conversation = Conversation::start(scenario, &graders[index], info);
        for reply in &replies {
            if conversation.ending().is_some() {
                break;
            }
            conversation.reply(reply, None);
        }
        if conversation.ending().is_none() {
            conversation.abandon("2026-11-20T09:10:00Z".to_string());
        }
        conversation.finish("2026-11-20T09:10:00Z".to_string());
        let path = out.join(format!("{i:06}-{}.yaml", scenario.id));
        conversation
            .transcript()
            .save(&path)
            .expect("write a transcript");
    }
    println!("wrote {count} transcripts to {}", out.display());
}
