//! `rehearse grade` on the biggest transcripts it reads (files are at most 8 MB), through
//! the path the command takes: read, parse, check, replay and grade
//! (`batch::grade_files`). Grading must be linear in a transcript's size, in time and
//! memory, and a 7.9 MB transcript of any shape must grade in under 2 s (issue 15).
//!
//! The shapes, made here at start-up (nothing is committed):
//! - `grade_huge_transcript_many_turns/replayed`: 36,000 turns of a call that never
//!   ends (7.8 MB), every one replayed through the customer and graded;
//! - `grade_huge_transcript_many_turns/short`: 100,000 one- or two-word turns with no
//!   customer lines (7.7 MB): replay stops at the first turn, grading reads them all;
//! - `grade_huge_reply/three_multi_mb_replies`: a 7.8 MB call of five replies: 3.5 MB
//!   of sentences, 3.3 MB without a space, and 1 MB in which phrases are glued to the
//!   next word ("i understandable sorryness").
//!
//! Medians on the 2-core development machine (November 2026, shared): replayed 1.0 s,
//! short 0.24 s, three multi-MB replies 0.82 s. `rehearse grade` on such files takes
//! about 0.05 s more (loading the library) and peaks at 190–340 MB; the slowest shape
//! found, one 8 MB reply of sentences, takes 1.4 s. Before issue 15's work these were
//! quadratic: 10,000 such turns took 13 s to replay, and a 1 MB reply 25–28 s to replay
//! and grade.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rehearse::batch::{BatchOptions, ReplayStatus, grade_files};
use rehearse::customer::{Conversation, RunInfo};
use rehearse::grading::Grader;
use rehearse::library::Library;
use rehearse::source::{MAX_FILE_BYTES, Origin, SourceFile};
use rehearse::transcript::{Mode, RubricRef, Transcript, Turn};

/// The same allocator as the `rehearse` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A customer who keeps talking and never leaves: a call only the turn limit ends.
const SCENARIO: &str = r#"rehearse: 1
id: marathon
title: A call that goes on
persona: standard
channel: chat
difficulty: 1
language: en
brief: A customer with one more thing to say, every time.
customer:
  name: Robin Vale
  mood: 5
  walk_out_at: 10
rubrics: [core, difficult]
turn_limit: 1000000
steps:
  - id: chat
    say:
      - "And another thing about the parcel."
      - "Did I mention the van came twice?"
      - "My neighbour saw it too."
    next:
      # Calm again each time, however often the customer repeats themselves.
      - mood: -1
        goto: chat
"#;

/// The trainee's side of the long call (numbered, so that no reply repeats).
const REPLIES: [&str; 8] = [
    "I see, go on.",
    "Thanks for telling me that.",
    "Right, and then what happened?",
    "I understand, that sounds annoying.",
    "Okay, I have noted it.",
    "Could you tell me more about the van?",
    "That makes sense.",
    "Sorry to hear it.",
];

fn library() -> Library {
    let mut library = Library::builtin();
    library.add_source(Arc::new(SourceFile::new(
        "marathon.yaml",
        Origin::BuiltIn,
        SCENARIO,
    )));
    assert!(library.scenario("marathon").is_some(), "the scenario loads");
    library
}

/// Plays `replies` through the customer, as `rehearse run` would, and saves the
/// transcript at `path`.
fn play(library: &Library, replies: impl Iterator<Item = String>, path: &Path) -> Transcript {
    let scenario = library.scenario("marathon").expect("loaded");
    let rubrics = library.rubrics_for(scenario);
    let grader = Grader::new(&rubrics, &scenario.placeholder_values(), None);
    let info = RunInfo {
        trainee: "Sam".into(),
        trainee_id: None,
        mode: Mode::Exam,
        seed: 7,
        started: "2026-11-20T09:00:00Z".into(),
        rubrics: RubricRef::all(&rubrics),
    };
    let mut conversation = Conversation::start(scenario, &grader, info);
    for reply in replies {
        assert!(conversation.ending().is_none(), "the call goes on");
        conversation.reply(&reply, None);
    }
    conversation.abandon("2026-11-20T17:00:00Z".into());
    let transcript = conversation.transcript().clone();
    save(&transcript, path);
    transcript
}

fn save(transcript: &Transcript, path: &Path) {
    transcript.save(path).expect("write the transcript");
    let size = std::fs::metadata(path).expect("written").len();
    assert!(size <= MAX_FILE_BYTES, "{} is {size} bytes", path.display());
    eprintln!("{}: {:.1} MB", path.display(), size as f64 / 1e6);
}

/// Grades one file as `rehearse grade FILE` does (table report: totals only).
fn grade(library: &Library, path: &Path) -> ReplayStatus {
    let cohort = grade_files(
        vec![path.to_path_buf()],
        library,
        &BatchOptions::default(),
        &|| {},
        None,
        &mut |_, _| Ok::<(), std::io::Error>(()),
    )
    .expect("nothing to write");
    assert!(cohort.problems.is_empty(), "{:?}", cohort.problems);
    cohort.rows[0].replay
}

fn bench(c: &mut Criterion) {
    let library = library();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = |name: &str| -> PathBuf { dir.path().join(name) };

    let replayed = file("replayed.yaml");
    let numbered = (0..36_000).map(|i| format!("{} ({})", REPLIES[i % 8], i / 8));
    let long_call = play(&library, numbered, &replayed);
    assert_eq!(grade(&library, &replayed), ReplayStatus::Matched);

    let short = file("short.yaml");
    let words = [
        "I see",
        "Go on",
        "Yes, sure",
        "Right",
        "Got that",
        "Noted",
        "Oh dear",
        "Okay",
    ];
    let mut transcript = long_call;
    transcript.turns = (0..100_000)
        .map(|i| Turn {
            step: "chat".into(),
            customer: Vec::new(),
            reply: words[i % words.len()].into(),
            latency_ms: None,
            mood_before: 5,
            mood_after: 5,
        })
        .collect();
    save(&transcript, &short);
    assert_eq!(grade(&library, &short), ReplayStatus::Tampered);

    let huge = file("huge-replies.yaml");
    let replies = [
        "Hello, I'm sorry about the delay with your parcel.".to_string(),
        "I understand how frustrating this is, and I will sort it out today. "
            .repeat(3_500_000 / 68),
        "iunderstand".repeat(3_300_000 / 11),
        "i understandable sorryness thank youth ".repeat(1_000_000 / 39),
        "Is there anything else I can help with?".to_string(),
    ];
    play(&library, replies.into_iter(), &huge);
    assert_eq!(grade(&library, &huge), ReplayStatus::Matched);

    let mut group = c.benchmark_group("grade_huge_transcript_many_turns");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("replayed", |b| b.iter(|| grade(&library, &replayed)));
    group.bench_function("short", |b| b.iter(|| grade(&library, &short)));
    group.finish();

    let mut group = c.benchmark_group("grade_huge_reply");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("three_multi_mb_replies", |b| {
        b.iter(|| grade(&library, &huge))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
