//! The documentation's complete examples load cleanly, so the docs cannot rot.
mod common;

use common::{rehearse, write};

/// The fenced ```yaml blocks of a Markdown file that start with `rehearse: 1`.
fn examples(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                if block.starts_with("rehearse: 1") {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn docs(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn scenario_and_rubric_examples_check_and_test_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for page in ["scenario.md", "rubric.md"] {
        for (i, block) in examples(&docs(page)).into_iter().enumerate() {
            write(dir.path(), &format!("mine/{page}-{i}.yaml"), &block);
            count += 1;
        }
    }
    assert_eq!(count, 2, "each page has one complete example");
    let out = rehearse(dir.path())
        .args(["check", "--strict", "mine"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = rehearse(dir.path())
        .args(["test", "mine"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn transcript_example_grades() {
    let dir = tempfile::tempdir().unwrap();
    let blocks = examples(&docs("transcript.md"));
    assert_eq!(blocks.len(), 1);
    write(dir.path(), "t/example.yaml", &blocks[0]);
    // Its hashes are placeholders, so it cannot be replayed: graded only when allowed.
    let out = rehearse(dir.path())
        .args([
            "grade",
            "t",
            "--format",
            "json",
            "--allow-changed-scenarios",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["graded"], 1, "{json:#}");
    assert_eq!(json["summary"]["problems"], 0, "{json:#}");
    assert_eq!(json["results"][0]["trainee"], "Alex Chen");
    assert_eq!(json["results"][0]["replay"], "not-replayed");
}

#[test]
fn readme_lists_every_built_in_scenario() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let section = readme
        .split("## Built-in scenarios")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Built-in scenarios section");
    let mut listed: Vec<&str> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    listed.sort();
    let library = rehearse::library::Library::builtin();
    let mut builtin: Vec<&str> = library.scenarios.iter().map(|s| s.id.as_str()).collect();
    builtin.sort();
    assert_eq!(listed, builtin, "README's table of built-in scenarios");
}
