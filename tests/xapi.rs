//! `grade --format xapi` and `--lrs`: statements checked against the xAPI 1.0.3 rules,
//! ids stable across runs, and a real LRS (ralph, started here on loopback) storing them.
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::rehearse;
use serde_json::Value;

fn cohort_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cohort")
}

fn statements(args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let out = rehearse(&cohort_dir())
        .args([
            "grade",
            "--dir",
            "library",
            "transcripts",
            "--format",
            "xapi",
        ])
        .args(args)
        .env_remove("REHEARSE_XAPI_HOME_PAGE")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code(), lines)
}

fn is_uuid(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && groups.iter().all(|g| {
            g.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
}

fn is_iri(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(' ')
    })
}

/// ISO 8601 durations as xAPI uses them: `P…T…` with at least one component.
fn is_duration(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let parts_ok = |part: &str, units: &str| {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else if units.contains(c) && !number.is_empty() {
                number.clear();
            } else {
                return false;
            }
        }
        number.is_empty()
    };
    !(date.is_empty() && time.is_empty()) && parts_ok(date, "YMWD") && parts_ok(time, "HMS")
}

/// The xAPI 1.0.3 rules a statement from rehearse must meet (Data 2.4).
fn check_statement(s: &Value) {
    let obj = s.as_object().expect("a statement is an object");
    for key in obj.keys() {
        assert!(
            [
                "id",
                "actor",
                "verb",
                "object",
                "result",
                "context",
                "timestamp",
                "stored",
                "authority",
                "version",
                "attachments"
            ]
            .contains(&key.as_str()),
            "unknown property {key}"
        );
    }
    assert!(is_uuid(&s["id"]), "id {}", s["id"]);
    // Actor: an Agent with exactly one inverse functional identifier, here an account.
    let actor = &s["actor"];
    assert_eq!(actor["objectType"], "Agent");
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"];
    assert_eq!(ifis.iter().filter(|k| actor.get(**k).is_some()).count(), 1);
    assert!(is_iri(&actor["account"]["homePage"]));
    assert!(
        actor["account"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    // Verb: an IRI with a language map.
    assert!(is_iri(&s["verb"]["id"]));
    assert!(
        s["verb"]["display"]
            .as_object()
            .is_some_and(|d| !d.is_empty())
    );
    // Object: an activity with an IRI id.
    assert_eq!(s["object"]["objectType"], "Activity");
    assert!(is_iri(&s["object"]["id"]));
    // Result.
    let result = &s["result"];
    let score = &result["score"];
    let scaled = score["scaled"].as_f64().expect("scaled");
    assert!((-1.0..=1.0).contains(&scaled), "scaled {scaled}");
    let (raw, min, max) = (
        score["raw"].as_f64().unwrap(),
        score["min"].as_f64().unwrap(),
        score["max"].as_f64().unwrap(),
    );
    assert!(min <= raw && raw <= max && min < max);
    assert!(result["success"].is_boolean() && result["completion"].is_boolean());
    if let Some(d) = result.get("duration") {
        assert!(is_duration(d), "duration {d}");
    }
    for (key, _) in result["extensions"].as_object().unwrap() {
        assert!(is_iri(&Value::from(key.as_str())), "extension key {key}");
    }
    // Context.
    assert!(is_uuid(&s["context"]["registration"]));
    for (key, _) in s["context"]["extensions"].as_object().unwrap() {
        assert!(is_iri(&Value::from(key.as_str())), "extension key {key}");
    }
    // Timestamp: ISO 8601 with a time zone.
    let ts = s["timestamp"].as_str().unwrap();
    assert!(ts.parse::<jiff::Timestamp>().is_ok(), "timestamp {ts}");
}

#[test]
fn statements_follow_the_xapi_rules() {
    let (status, lines) = statements(&[]);
    assert_eq!(status, Some(1), "someone failed");
    assert_eq!(lines.len(), 4, "one per graded attempt");
    for s in &lines {
        check_statement(s);
    }
    let verbs: Vec<&str> = lines
        .iter()
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    assert_eq!(
        verbs,
        ["passed", "failed", "failed", "completed"],
        "exams pass or fail; practice completes"
    );
    assert_eq!(
        lines[0]["actor"]["account"]["homePage"],
        "https://rehearse.invalid"
    );
    assert_eq!(lines[0]["result"]["duration"], "PT300S");
    assert_eq!(lines[0]["timestamp"], "2026-11-20T09:05:00Z");
    assert_eq!(
        lines[0]["result"]["extensions"]["https://rehearse.invalid/xapi/extensions/skill-scores"]["fixture-basics.greeting"],
        1.0
    );
    assert!(
        is_duration(&Value::from("PT1H2M3.5S"))
            && !is_duration(&Value::from("PT"))
            && !is_duration(&Value::from("300"))
    );
}

#[test]
fn ids_are_deterministic_and_the_bases_configurable() {
    let (_, first) = statements(&[]);
    let (_, again) = statements(&[]);
    assert_eq!(first, again, "a re-run makes the same statements");
    let ids: std::collections::HashSet<&str> =
        first.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), first.len());
    let (_, other) = statements(&[
        "--xapi-home-page",
        "https://hr.example.com",
        "--xapi-base",
        "https://training.example.com/xapi",
    ]);
    assert_eq!(
        other[0]["actor"]["account"]["homePage"],
        "https://hr.example.com"
    );
    assert_eq!(
        other[0]["object"]["id"],
        "https://training.example.com/xapi/scenarios/fixture-shop"
    );
    check_statement(&other[0]);
}

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The ralph LRS on loopback, killed when dropped.
struct Ralph(std::process::Child);

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ralph_on_path() -> bool {
    std::process::Command::new("ralph")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_real_lrs_stores_each_statement_once() {
    if !ralph_on_path() {
        println!(
            "SKIPPED: `ralph` is not on PATH; install it with `pip install \"ralph-malph[lrs,cli]\" requests` to run this test against a real LRS"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("ralph");
    std::fs::create_dir_all(app.join("fs")).unwrap();
    let auth = std::process::Command::new("ralph")
        .args([
            "auth",
            "-u",
            "trainer",
            "-p",
            "s3cret-pass",
            "-s",
            "all",
            "-M",
            "mailto:admin@example.com",
            "-w",
        ])
        .env("RALPH_APP_DIR", &app)
        .env("RALPH_RUNSERVER_BACKEND", "fs")
        .output()
        .unwrap();
    assert!(
        auth.status.success(),
        "{}",
        String::from_utf8_lossy(&auth.stderr)
    );
    let port = free_port();
    let server = std::process::Command::new("ralph")
        .args([
            "runserver",
            "-b",
            "fs",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .env("RALPH_APP_DIR", &app)
        .env(
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH",
            app.join("fs"),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _server = Ralph(server);
    let base = format!("http://127.0.0.1:{port}/xAPI/");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let auth_header = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            "trainer:s3cret-pass"
        )
    );
    // Ready when /whoami answers; bounded.
    let started = Instant::now();
    loop {
        let ready = agent
            .get(&format!("http://127.0.0.1:{port}/whoami"))
            .header("Authorization", &auth_header)
            .call()
            .is_ok_and(|r| r.status().as_u16() == 200);
        if ready {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "ralph did not start in 60 s"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let post = |auth: &str| {
        rehearse(&cohort_dir())
            .args([
                "grade",
                "--dir",
                "library",
                "transcripts",
                "--format",
                "xapi",
                "--lrs",
                &base,
            ])
            .env("REHEARSE_LRS_AUTH", auth)
            .output()
            .unwrap()
    };
    let out = post("trainer:s3cret-pass");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains("LRS: 4 of 4 statement(s) stored"),
        "{stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "someone failed the exams; all were stored"
    );
    // A re-run stores nothing twice.
    let again = post("trainer:s3cret-pass");
    let stderr = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(
        stderr.contains("LRS: 4 of 4 statement(s) stored"),
        "{stderr}"
    );
    // Read back.
    let (_, expected) = statements(&[]);
    let mut response = agent
        .get(&format!("{base}statements?limit=100"))
        .header("Authorization", &auth_header)
        .header("X-Experience-API-Version", "1.0.3")
        .call()
        .unwrap();
    let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    let stored = body["statements"].as_array().unwrap();
    assert_eq!(stored.len(), 4, "{body:#}");
    for statement in &expected {
        let copy = stored
            .iter()
            .find(|s| s["id"] == statement["id"])
            .expect("stored");
        assert_eq!(copy["verb"], statement["verb"]);
        assert_eq!(
            copy["result"]["score"]["raw"],
            statement["result"]["score"]["raw"]
        );
    }
    // Wrong credentials: nothing stored, said so, exit 1.
    let refused = post("trainer:wrong");
    let stderr = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(
        stderr.contains("LRS: 0 of 4 statement(s) stored")
            && stderr.contains("NOT stored: the LRS answered 401"),
        "{stderr}"
    );
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn an_unreachable_lrs_is_retried_then_reported() {
    let port = free_port();
    let out = rehearse(&cohort_dir())
        .args([
            "grade",
            "--dir",
            "library",
            "transcripts",
            "--format",
            "xapi",
            "--lrs",
            &format!("http://127.0.0.1:{port}/xAPI"),
        ])
        .env("REHEARSE_LRS_AUTH", "a:b")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("0 of 4 statement(s) stored") && stderr.contains("after 4 tries"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = rehearse(&cohort_dir())
        .args([
            "grade",
            "--dir",
            "library",
            "transcripts",
            "--lrs",
            "http://127.0.0.1:1/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--lrs needs --format xapi");
}
