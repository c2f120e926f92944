//! Malformed scenarios and rubrics: each case asserts the exact code, message and
//! location `rehearse check --format json` reports, and that nothing panics.
mod common;

use common::{rehearse, write};
use serde_json::Value;

const SCENARIO: &str = "\
rehearse: 1
id: sample
title: Sample
persona: standard
channel: phone
brief: A short brief about {order}.
customer:
  name: Alex Morgan
  facts:
    order: B-1
rubrics: [core]
steps:
  - id: opening
    say: [\"Hello, I need help with {order}.\"]
    next:
      - when: { shows: [greeting] }
        goto: done
      - goto: opening
  - id: done
    say: [\"Thanks.\"]
    end: resolved
";

const RUBRIC: &str = "\
rehearse: 1
id: sample-rubric
title: Sample rubric
pass_mark: 70
skills:
  - id: greeting
    name: Greeting
    weight: 2
    feedback: { hit: Good., miss: Greet first. }
    rules:
      - require: [hello, good morning]
        scope: first
";

/// Runs `check --format json` on one file and returns the JSON and exit code.
fn check(name: &str, bytes: &[u8]) -> (Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = rehearse(dir.path())
        .args(["check", "--format", "json", name])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (json, out.status.code().unwrap_or(-1))
}

/// Asserts that the first diagnostic with `code` has this message, line and column.
fn expect(
    name: &str,
    bytes: &[u8],
    code: &str,
    message: &str,
    line: Option<u64>,
    column: Option<u64>,
) -> Value {
    let (json, status) = check(name, bytes);
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics array");
    let found = diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` in {json:#}"));
    assert_eq!(found["message"], message, "{json:#}");
    assert_eq!(found["line"].as_u64(), line, "line of {code}: {json:#}");
    assert_eq!(
        found["column"].as_u64(),
        column,
        "column of {code}: {json:#}"
    );
    let is_error = found["severity"] == "error";
    assert_eq!(
        status,
        if is_error { 1 } else { 0 },
        "exit status for {code}"
    );
    found.clone()
}

fn scenario_with(from: &str, to: &str) -> String {
    assert!(SCENARIO.contains(from), "base scenario lacks {from:?}");
    SCENARIO.replacen(from, to, 1)
}

fn rubric_with(from: &str, to: &str) -> String {
    assert!(RUBRIC.contains(from), "base rubric lacks {from:?}");
    RUBRIC.replacen(from, to, 1)
}

#[test]
fn the_bases_are_clean() {
    let (json, status) = check("s.yaml", SCENARIO.as_bytes());
    assert_eq!(status, 0, "{json:#}");
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0, "{json:#}");
    let (json, status) = check("r.yaml", RUBRIC.as_bytes());
    assert_eq!((status, json["errors"].as_u64()), (0, Some(0)), "{json:#}");
}

#[test]
fn yaml_syntax_error() {
    let text = scenario_with("rubrics: [core]", "rubrics: [core");
    expect(
        "s.yaml",
        text.as_bytes(),
        "yaml-syntax",
        "this is not valid YAML: did not find expected ',' or ']'",
        Some(12),
        Some(6),
    );
}

#[test]
fn tab_indentation() {
    let text = scenario_with("  name: Alex Morgan", "\tname: Alex Morgan");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "yaml-syntax",
        "this is not valid YAML: a tab is used for indentation",
        Some(8),
        Some(1),
    );
    assert!(d["help"].as_str().unwrap().contains("spaces, not tabs"));
}

#[test]
fn wrong_type_for_a_number() {
    let text = scenario_with("persona: standard", "persona: standard\ndifficulty: hard");
    expect(
        "s.yaml",
        text.as_bytes(),
        "wrong-type",
        "difficulty: expected a whole number from 1 to 5, found the text \"hard\"",
        Some(5),
        Some(13),
    );
}

#[test]
fn wrong_type_for_a_list() {
    let text = scenario_with("rubrics: [core]", "rubrics: core");
    expect(
        "s.yaml",
        text.as_bytes(),
        "wrong-type",
        "rubrics: expected a list (`- item` lines, or `[a, b]`), found the text \"core\"",
        Some(11),
        Some(10),
    );
}

#[test]
fn unknown_top_level_key_suggests() {
    let text = scenario_with("title: Sample", "titel: Sample");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-key",
        "unknown key `titel`",
        Some(3),
        Some(1),
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `title`?"),
        "{d:#}"
    );
}

#[test]
fn unknown_nested_key_suggests() {
    let text = rubric_with(
        "      - require: [hello, good morning]",
        "      - requre: [hello, good morning]",
    );
    let d = expect(
        "r.yaml",
        text.as_bytes(),
        "unknown-key",
        "skills[0].rules[0]: unknown key `requre`",
        Some(11),
        Some(9),
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `require`?"),
        "{d:#}"
    );
}

#[test]
fn unknown_enum_value_suggests() {
    let text = scenario_with("persona: standard", "persona: angri");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-value",
        "persona: unknown value `angri`",
        Some(4),
        Some(10),
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `angry`?"),
        "{d:#}"
    );
}

#[test]
fn missing_required_key() {
    let text = scenario_with("title: Sample\n", "");
    expect(
        "s.yaml",
        text.as_bytes(),
        "missing-key",
        "missing field `title`",
        Some(1),
        Some(1),
    );
}

#[test]
fn dangling_goto_suggests() {
    let text = scenario_with("goto: done", "goto: dnoe");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-step",
        "no step has the id `dnoe`",
        Some(17),
        Some(15),
    );
    assert_eq!(d["help"], "did you mean `done`?");
}

#[test]
fn unreachable_step_is_a_warning() {
    let text = format!("{SCENARIO}  - id: orphan\n    say: [\"Hm.\"]\n    end: resolved\n");
    expect(
        "s.yaml",
        text.as_bytes(),
        "unreachable-step",
        "step `orphan` can never be reached from the start",
        Some(22),
        Some(9),
    );
}

#[test]
fn dead_end_step() {
    let text = scenario_with(
        "    say: [\"Thanks.\"]\n    end: resolved\n",
        "    say: [\"Thanks.\"]\n",
    );
    expect(
        "s.yaml",
        text.as_bytes(),
        "dead-end",
        "step `done` has no way out and is not an ending",
        Some(19),
        Some(9),
    );
}

#[test]
fn duplicate_step_ids() {
    let text = scenario_with("  - id: done", "  - id: opening");
    expect(
        "s.yaml",
        text.as_bytes(),
        "duplicate-id",
        "step id `opening` is used twice",
        Some(19),
        Some(9),
    );
}

#[test]
fn duplicate_keys() {
    let text = scenario_with("channel: phone", "channel: phone\nchannel: chat");
    expect(
        "s.yaml",
        text.as_bytes(),
        "duplicate-key",
        "the key `channel` appears twice in this mapping",
        Some(6),
        Some(1),
    );
}

#[test]
fn empty_file() {
    expect("s.yaml", b"", "empty-file", "the file is empty", None, None);
    expect(
        "s.yaml",
        b"   \n\n",
        "empty-file",
        "the file is empty",
        None,
        None,
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = b"rehearse: 1\nid: x\ntitle: caf".to_vec();
    bytes.extend([0xE9, b'\n']);
    let (json, status) = check("s.yaml", &bytes);
    assert_eq!(status, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "not-utf8");
    assert_eq!(
        d["message"], "the file is not UTF-8 text (bad byte at offset 28)",
        "{d:#}"
    );
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("s.yaml"), Some(3), Some(11))
    );
}

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from(
        "rehearse: 1\nid: bomb\ntitle: x\nchannel: phone\nbrief: x\ncustomer: {name: x}\nrubrics: [core]\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..9 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    text.push_str("steps: *a8\n");
    let (json, status) = check("s.yaml", text.as_bytes());
    assert_eq!(status, 1);
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // Every unknown key is reported (the anchors hold them), or the expansion is refused.
    assert!(
        codes
            .iter()
            .all(|c| matches!(*c, "yaml-too-deep" | "unknown-key")),
        "{json:#}"
    );
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let out = rehearse(dir.path())
        .args(["check", "--format", "json", "big.yaml"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "too-large");
    assert_eq!(
        json["diagnostics"][0]["message"],
        "big.yaml is 52428800 bytes, over the 8388608-byte limit for scenario, rubric and transcript files"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn binary_junk() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    expect(
        "s.yaml",
        &bytes,
        "binary-file",
        "the file holds a NUL byte, so it is binary or damaged, not YAML text",
        Some(1),
        Some(1),
    );
}

#[test]
fn one_bad_file_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mine/a.yaml", SCENARIO);
    write(
        dir.path(),
        "mine/b.yaml",
        &RUBRIC.replace("id: sample-rubric", "id: other-rubric"),
    );
    write(
        dir.path(),
        "mine/c.yaml",
        &scenario_with("id: sample", "id: zz-bad-one").replace("goto: done", "goto: nowhere"),
    );
    let out = rehearse(dir.path())
        .args(["check", "--format", "json", "mine"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json["errors"], 1, "{json:#}");
    assert_eq!(json["diagnostics"][0]["file"], "mine/c.yaml");
    // The good ones still load: the scenario is listed.
    let out = rehearse(dir.path())
        .args(["list", "--dir", "mine"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("mine/a.yaml") && !text.contains("zz-bad-one"),
        "{text}"
    );
}

#[test]
fn weight_must_be_positive() {
    let text = rubric_with("weight: 2", "weight: 0");
    expect(
        "r.yaml",
        text.as_bytes(),
        "bad-weight",
        "weight 0 must be greater than 0",
        Some(8),
        Some(13),
    );
}

#[test]
fn pass_mark_in_range() {
    let text = rubric_with("pass_mark: 70", "pass_mark: 170");
    expect(
        "r.yaml",
        text.as_bytes(),
        "out-of-range",
        "pass mark 170 is outside 0–100",
        Some(4),
        Some(12),
    );
}

#[test]
fn placeholder_without_fact_suggests() {
    let text = scenario_with("{order}.\"]", "{ordr}.\"]");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-placeholder",
        "placeholder `{ordr}` names no fact",
        Some(14),
        Some(11),
    );
    assert_eq!(d["help"], "did you mean `{order}`?");
}

#[test]
fn empty_phrase_list() {
    let text = rubric_with("[hello, good morning]", "[]");
    expect(
        "r.yaml",
        text.as_bytes(),
        "empty-list",
        "`require` has no phrases, so it can never fire",
        Some(11),
        Some(18),
    );
}

#[test]
fn empty_nudges_list() {
    let text = scenario_with(
        "  name: Alex Morgan\n",
        "  name: Alex Morgan\n  nudges: []\n",
    );
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "empty-list",
        "`nudges` has no lines for the customer to say",
        Some(9),
        Some(11),
    );
    assert!(
        d["help"].as_str().unwrap_or("").contains("built-in"),
        "{d:#}"
    );
    // A placeholder in a nudge is checked like any line's.
    let text = scenario_with(
        "  name: Alex Morgan\n",
        "  name: Alex Morgan\n  nudges: [\"About {ordr}?\"]\n",
    );
    expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-placeholder",
        "placeholder `{ordr}` names no fact",
        Some(9),
        Some(12),
    );
}

#[test]
fn unknown_rubric_suggests() {
    let text = scenario_with("rubrics: [core]", "rubrics: [core, difficul]");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-rubric",
        "no rubric has the id `difficul`",
        Some(11),
        Some(17),
    );
    assert_eq!(d["help"], "did you mean `difficult`?");
}

#[test]
fn unknown_skill_suggests() {
    let text = scenario_with("shows: [greeting]", "shows: [greting]");
    let d = expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-skill",
        "no rubric of this scenario has the skill `greting`",
        Some(16),
        Some(25),
    );
    assert_eq!(d["help"], "did you mean `greeting`?");
}

#[test]
fn rule_with_two_kinds() {
    let text = rubric_with(
        "        scope: first",
        "        forbid: [whatever]\n        scope: first",
    );
    expect(
        "r.yaml",
        text.as_bytes(),
        "several-rule-kinds",
        "rule 1 of skill `greeting` mixes require and forbid",
        Some(11),
        Some(9),
    );
}

#[test]
fn rule_with_no_kind() {
    let text = rubric_with(
        "      - require: [hello, good morning]\n        scope: first",
        "      - scope: first",
    );
    expect(
        "r.yaml",
        text.as_bytes(),
        "no-rule-kind",
        "rule 1 of skill `greeting` says nothing to check",
        Some(11),
        Some(9),
    );
}

#[test]
fn bad_regex() {
    let text = rubric_with(
        "        scope: first",
        "        regex: [\"(unclosed\"]\n        scope: first",
    );
    expect(
        "r.yaml",
        text.as_bytes(),
        "bad-regex",
        "this regular expression does not compile: error: unclosed group",
        Some(12),
        Some(17),
    );
}

#[test]
fn unsupported_version() {
    let text = scenario_with("rehearse: 1", "rehearse: 2");
    expect(
        "s.yaml",
        text.as_bytes(),
        "unsupported-version",
        "format version 2 is not supported",
        Some(1),
        Some(11),
    );
}

#[test]
fn several_documents() {
    let text = format!("{SCENARIO}---\n{SCENARIO}");
    expect(
        "s.yaml",
        text.as_bytes(),
        "several-documents",
        "the file holds more than one YAML document",
        Some(22),
        Some(1),
    );
}

#[test]
fn unknown_speaker() {
    let text = scenario_with(
        "    say: [\"Thanks.\"]",
        "    speaker: sam\n    say: [\"Thanks.\"]",
    );
    expect(
        "s.yaml",
        text.as_bytes(),
        "unknown-speaker",
        "no speaker has the id `sam`",
        Some(20),
        Some(14),
    );
}

#[test]
fn group_needs_speakers() {
    let text = scenario_with("persona: standard", "persona: group");
    expect(
        "s.yaml",
        text.as_bytes(),
        "persona-needs",
        "a group scenario needs `speakers` besides the main customer",
        Some(4),
        Some(10),
    );
}

#[test]
fn neither_scenario_nor_rubric() {
    expect(
        "x.yaml",
        b"name: just some yaml\n",
        "unknown-file-kind",
        "this is neither a scenario (`steps:`), a rubric (`skills:`) nor a transcript (`turns:`)",
        Some(1),
        Some(1),
    );
}

#[test]
fn missing_path_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["check", "nope.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: nope.yaml: no such file or folder\n"
    );
}

#[test]
fn text_output_shows_the_line_and_caret() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.yaml",
        &scenario_with("goto: done", "goto: dnoe"),
    );
    let out = rehearse(dir.path())
        .args(["check", "s.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("error[unknown-step]: s.yaml:17:15: no step has the id `dnoe`\n"),
        "{text}"
    );
    assert!(text.contains("17 │         goto: dnoe"), "{text}");
    assert!(text.contains("help: did you mean `done`?"), "{text}");
    assert!(
        text.ends_with("checked 1 file: 1 error, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    // Block style, one column deeper per level: yaml-rust2's loader recursed once per
    // level and overflowed the stack. Flow style, one bracket per level: libyaml took
    // minutes on a few megabytes of it.
    let block: String = (0..3000)
        .map(|level| format!("{}a:\n", " ".repeat(level)))
        .collect();
    expect(
        "s.yaml",
        format!("rehearse: 1\n{block}").as_bytes(),
        "yaml-too-deep",
        "the YAML is nested more than 64 levels deep",
        Some(66),
        Some(66),
    );
    let flow = format!(
        "rehearse: 1\nsteps: {}{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    expect(
        "s.yaml",
        flow.as_bytes(),
        "yaml-too-deep",
        "the YAML is nested more than 64 levels deep",
        Some(2),
        Some(72),
    );
}

/// Runs `check --format json` on files written into a scratch folder; returns the
/// diagnostics as (severity, code, file:line:col) and the exit code.
fn check_files(files: &[(&str, &str)], args: &[&str]) -> (Vec<(String, String, String)>, i32) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    let out = rehearse(dir.path())
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect();
    (found, out.status.code().unwrap_or(-1))
}

fn found(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(s, c, l)| (s.to_string(), c.to_string(), l.to_string()))
        .collect()
}

#[test]
fn every_error_in_a_file_is_reported() {
    // Unknown keys at three depths, in a flow mapping, and wrong types in a value and a
    // list item: each is reported where it is, not just the first.
    let text = rubric_with("pass_mark: 70\n", "pass_mark: 70\nskils: 3\n")
        .replace("    weight: 2\n", "    wieght: 2\n")
        .replace("miss: Greet first. }", "miss: Greet first., oops: 1 }")
        .replace(
            "        scope: first",
            "        scoap: first\n        weight: heavy",
        )
        .replace("[hello, good morning]", "[hello, {x: 1}]");
    let (diagnostics, status) = check_files(&[("r.yaml", &text)], &["r.yaml"]);
    assert_eq!(
        diagnostics,
        found(&[
            ("error", "unknown-key", "r.yaml:5:1"),
            ("error", "unknown-key", "r.yaml:9:5"),
            ("error", "unknown-key", "r.yaml:10:49"),
            ("error", "wrong-type", "r.yaml:12:26"),
            ("error", "unknown-key", "r.yaml:13:9"),
            ("error", "wrong-type", "r.yaml:14:17"),
        ])
    );
    assert_eq!(status, 1);
}

#[test]
fn a_wrong_type_in_a_required_key_is_not_also_missing() {
    // Setting the bad entry aside leaves the key missing: that echo is not reported.
    let text = scenario_with("title: Sample", "title: [Sample]")
        .replace("channel: phone", "channel: [phone]");
    let (diagnostics, status) = check_files(&[("s.yaml", &text)], &["s.yaml"]);
    assert_eq!(
        diagnostics,
        found(&[
            ("error", "wrong-type", "s.yaml:3:8"),
            ("error", "wrong-type", "s.yaml:5:10"),
        ])
    );
    assert_eq!(status, 1);
}

#[test]
fn only_unknown_keys_still_get_the_semantic_checks() {
    let text = scenario_with("persona: standard", "persona: standard\nmood: 3")
        .replace("goto: done", "goto: dne");
    let (diagnostics, _) = check_files(&[("s.yaml", &text)], &["s.yaml"]);
    assert_eq!(
        diagnostics,
        found(&[
            ("error", "unknown-key", "s.yaml:5:1"),
            ("error", "unknown-step", "s.yaml:18:15"),
        ])
    );
}

#[test]
fn a_broken_rubric_is_reported_once_where_it_is_broken() {
    let rubric = RUBRIC
        .replace("id: sample-rubric", "id: mine")
        .replace("pass_mark: 70", "pass_mark: high");
    let scenario = scenario_with("rubrics: [core]", "rubrics: [mine]").replace(
        "      - goto: opening",
        "      - when: { misses: [greeting] }\n        goto: opening\n      - goto: opening",
    );
    let files = [
        ("rubrics/mine.yaml", rubric.as_str()),
        ("scenarios/s.yaml", scenario.as_str()),
    ];
    let expected = found(&[
        ("error", "wrong-type", "rubrics/mine.yaml:4:12"),
        ("note", "rubric-not-loaded", "scenarios/s.yaml:11:11"),
    ]);
    assert_eq!(
        check_files(&files, &["scenarios", "rubrics"]),
        (expected, 1)
    );
}

#[test]
fn an_unknown_rubric_is_not_followed_by_unknown_skills() {
    let text = scenario_with("rubrics: [core]", "rubrics: [cor]");
    let (diagnostics, _) = check_files(&[("s.yaml", &text)], &["s.yaml"]);
    assert_eq!(
        diagnostics,
        found(&[("error", "unknown-rubric", "s.yaml:11:11")])
    );
}

#[test]
fn past_twenty_errors_a_file_gets_a_count() {
    let mut text = RUBRIC.to_string();
    for n in 0..25 {
        text = text.replace(
            "pass_mark: 70\n",
            &format!("pass_mark: 70\nextra{n:02}: 1\n"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.yaml", &text);
    let out = rehearse(dir.path())
        .args(["check", "r.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("error[unknown-key]").count(), 20, "{stdout}");
    assert!(
        stdout.ends_with("… 5 more errors in r.yaml (`--format json` lists them all)\n\nchecked 1 file: 25 errors, 0 warnings\n"),
        "{stdout}"
    );
    let (diagnostics, _) = check_files(&[("r.yaml", &text)], &["r.yaml"]);
    assert_eq!(diagnostics.len(), 25);
}

/// Only a hand-over can be accepted as a pass: a walk-out cannot.
#[test]
fn only_a_hand_over_can_be_an_accepted_ending() {
    let text = scenario_with(
        "rubrics: [core]",
        "rubrics: [core]\naccepted_endings: [escalated, walked-out]",
    );
    let found = expect(
        "s.yaml",
        text.as_bytes(),
        "bad-ending",
        "`walked-out` cannot be accepted as a pass",
        Some(12),
        Some(31),
    );
    assert_eq!(
        found["help"],
        "only `escalated` can be: resolved always passes"
    );
    let ok = scenario_with(
        "rubrics: [core]",
        "rubrics: [core]\naccepted_endings: [escalated]",
    );
    let (json, status) = check("s.yaml", ok.as_bytes());
    assert_eq!(status, 0, "{json:#}");
}
