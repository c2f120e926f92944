//! Every loader against arbitrary and mangled input: it must return (a value or a
//! diagnostic), never panic, and never take a second. 100,000 cases per loader, so it is
//! `#[ignore]`d to keep CI fast; run it with
//! `cargo test --release --test loader_fuzz -- --ignored --nocapture`
//! (PROPTEST_CASES=N for a shorter run). Each loader prints its slowest case.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rehearse::library::Library;
use rehearse::source::{Origin, SourceFile};

/// The slowest any one input may take.
const LIMIT: Duration = Duration::from_secs(1);

/// Fragments that trip YAML and the format checks: structure, aliases, tags, odd bytes,
/// numbers past every range.
const FRAGMENTS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "!!set ",
    "!custom ",
    "---\n",
    "...\n",
    "|\n",
    ">\n",
    "\0",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "中文",
    "~",
    "null",
    "-1",
    "1e400",
    "99999999999999999999",
    "{x}",
    "{customer.name}",
    "(?",
    "\\d",
    "id: x\n",
    "steps: []\n",
    "skills: []\n",
    "turns: []\n",
    "items: []\n",
    "rubrics: [core]\n",
    "goto: start\n",
    "require: [hi]\n",
];

fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Arbitrary bytes, or a real file with up to 12 fragments inserted, bytes dropped or
/// bytes overwritten.
fn input(seed: String) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            0usize..3,
            prop::sample::select(FRAGMENTS),
            any::<u8>(),
        ),
        0..12,
    );
    let mangled = edits.prop_map(move |edits| {
        let mut bytes = seed.clone().into_bytes();
        for (at, kind, fragment, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match kind {
                0 => {
                    bytes.splice(at..at, fragment.bytes());
                }
                1 if at < bytes.len() => {
                    let end = (at + usize::from(byte % 16) + 1).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => {}
            }
        }
        bytes
    });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..600),
        4 => mangled,
    ]
}

/// Runs `load` on `cases` inputs derived from `seed`; fails on a panic or a slow case.
fn fuzz(name: &str, seed_text: String, load: impl Fn(&[u8])) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let slowest = AtomicU64::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&input(seed_text), |bytes| {
            let started = Instant::now();
            load(&bytes);
            let took = started.elapsed();
            slowest.fetch_max(took.as_micros() as u64, Ordering::Relaxed);
            prop_assert!(
                took < LIMIT,
                "{name}: {took:?} on {:?}",
                String::from_utf8_lossy(&bytes)
            );
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    println!(
        "{name}: {cases} cases, slowest {:.3} ms",
        slowest.load(Ordering::Relaxed) as f64 / 1000.0
    );
}

fn text(bytes: &[u8]) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(
        "fuzz.yaml",
        Origin::Disk("fuzz.yaml".into()),
        String::from_utf8_lossy(bytes).into_owned(),
    ))
}

/// Writes the bytes to a scratch file, for loaders that read paths (decoding included).
fn on_disk(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

#[test]
#[ignore = "100,000 cases per loader: run with --release -- --ignored"]
fn scenario_loader() {
    let dir = tempfile::tempdir().unwrap();
    fuzz("scenario", seed("scenarios/late-delivery.yaml"), |bytes| {
        let mut library = Library::default();
        library.add_source(text(bytes));
        Library::load(&[on_disk(dir.path(), "s.yaml", bytes)], false);
    });
}

#[test]
#[ignore = "100,000 cases per loader: run with --release -- --ignored"]
fn rubric_loader() {
    let dir = tempfile::tempdir().unwrap();
    fuzz("rubric", seed("rubrics/core.yaml"), |bytes| {
        let mut library = Library::default();
        library.add_source(text(bytes));
        Library::load(&[on_disk(dir.path(), "r.yaml", bytes)], false);
    });
}

#[test]
#[ignore = "100,000 cases per loader: run with --release -- --ignored"]
fn transcript_loader() {
    fuzz(
        "transcript",
        seed("tests/fixtures/cohort/transcripts/ana.yaml"),
        |bytes| {
            let _ = rehearse::transcript::Transcript::parse(&text(bytes));
            let _ = rehearse::yaml::parse_quick::<rehearse::transcript::Transcript>(&text(bytes));
        },
    );
}

#[test]
#[ignore = "100,000 cases per loader: run with --release -- --ignored"]
fn labels_loader() {
    let dir = tempfile::tempdir().unwrap();
    fuzz("labels", seed("tests/labels/en-core.yaml"), |bytes| {
        let _ = rehearse::labels::load(&on_disk(dir.path(), "l.yaml", bytes));
        let _ = rehearse::labels::load(&on_disk(dir.path(), "l.jsonl", bytes));
    });
}

#[test]
#[ignore = "100,000 cases per loader: run with --release -- --ignored"]
fn replies_loader() {
    let dir = tempfile::tempdir().unwrap();
    fuzz(
        "replies",
        "- Hello, how can I help?\n- I'm sorry about that.\n".into(),
        |bytes| {
            use rehearse::commands::run::read_replies;
            let _ = read_replies(&on_disk(dir.path(), "r.yaml", bytes), false);
            let _ = read_replies(&on_disk(dir.path(), "r.txt", bytes), true);
        },
    );
}
