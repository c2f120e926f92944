//! Every built-in scenario played with `rehearse run` from its good and its bad example
//! replies: the good run passes, the bad one fails, and both transcripts re-load in `grade`.
mod common;

use common::rehearse;
use rehearse::library::Library;

#[test]
fn good_passes_bad_fails_transcripts_reload() {
    let library = Library::builtin();
    assert!(library.scenarios.len() >= 14);
    let dir = tempfile::tempdir().unwrap();
    for scenario in &library.scenarios {
        let good = scenario
            .examples
            .iter()
            .find(|e| e.expect.passed == Some(true))
            .unwrap_or_else(|| panic!("{} has no passing example", scenario.id));
        let bad = scenario
            .examples
            .iter()
            .find(|e| e.expect.passed == Some(false))
            .unwrap_or_else(|| panic!("{} has no failing example", scenario.id));
        for (example, should_pass) in [(good, true), (bad, false)] {
            let replies = dir
                .path()
                .join(format!("{}-{}.yaml", scenario.id, example.name));
            std::fs::write(&replies, serde_yaml::to_string(&example.replies).unwrap()).unwrap();
            let transcript = dir
                .path()
                .join("transcripts")
                .join(format!("{}-{}.yaml", scenario.id, example.name));
            let out = rehearse(dir.path())
                .args([
                    "run",
                    &scenario.id,
                    "--seed",
                    &example.seed.to_string(),
                    "--replies",
                ])
                .arg(&replies)
                .arg("--out")
                .arg(&transcript)
                .output()
                .unwrap();
            let code = if should_pass { 0 } else { 1 };
            assert_eq!(
                out.status.code(),
                Some(code),
                "{} {}: {}",
                scenario.id,
                example.name,
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    let out = rehearse(dir.path())
        .args(["grade", "transcripts", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["problems"], 0);
    assert_eq!(
        json["summary"]["graded"].as_u64().unwrap() as usize,
        library.scenarios.len() * 2
    );
    assert_eq!(
        json["summary"]["passed"].as_u64().unwrap() as usize,
        library.scenarios.len()
    );
}
