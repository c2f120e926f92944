//! xAPI 1.0.3 statements, one per graded attempt, for learning record stores (LRSs):
//! what LMSs import. Written as JSON Lines by `grade --format xapi`, posted by `--lrs`.
//!
//! Ids are deterministic (UUID v5 of the attempt's identity), so grading the same cohort
//! again produces the same statements and an LRS stores each attempt once.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::batch::GradedRow;

/// The default `actor.account.homePage`: a reserved name that says "not configured".
pub const DEFAULT_HOME_PAGE: &str = "https://rehearse.invalid";
/// The default base of activity and extension IRIs.
pub const DEFAULT_BASE: &str = "https://rehearse.invalid/xapi";

/// Where statements point.
#[derive(Debug, Clone)]
pub struct XapiOptions {
    /// `actor.account.homePage`: the system the trainee ids belong to.
    pub home_page: String,
    /// Base IRI of activities (`BASE/scenarios/ID`) and extensions.
    pub base: String,
}

impl Default for XapiOptions {
    fn default() -> Self {
        XapiOptions {
            home_page: DEFAULT_HOME_PAGE.into(),
            base: DEFAULT_BASE.into(),
        }
    }
}

/// ADL's verb for an attempt: an exam passes or fails; a practice run is completed.
fn verb(row: &GradedRow) -> (&'static str, &'static str) {
    match (row.mode, row.scorecard.passed) {
        ("exam", true) => ("http://adlnet.gov/expapi/verbs/passed", "passed"),
        ("exam", false) => ("http://adlnet.gov/expapi/verbs/failed", "failed"),
        _ => ("http://adlnet.gov/expapi/verbs/completed", "completed"),
    }
}

/// What makes an attempt the same attempt wherever its file is: scenario (and its
/// version), trainee, seed and start. Regrading never changes it.
fn identity(row: &GradedRow, base: &str) -> String {
    let who = row.trainee_id.as_deref().unwrap_or(&row.trainee);
    format!(
        "{}/attempts/{}/{}/{}/{}/{}",
        base.trim_end_matches('/'),
        row.scenario,
        row.scenario_hash,
        who,
        row.seed,
        row.started
    )
}

/// The registration of an attempt: UUID v5 (URL namespace) of its identity.
pub fn registration(row: &GradedRow, options: &XapiOptions) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        identity(row, &options.base).as_bytes(),
    )
}

/// The statement about one attempt.
pub fn statement(row: &GradedRow, options: &XapiOptions) -> Value {
    let base = options.base.trim_end_matches('/');
    let registration = registration(row, options);
    let (verb_id, verb_name) = verb(row);
    // The statement id also covers the verb and score: a regrade that changes the outcome
    // (another pass mark, rubric) is a new statement, not a conflicting copy of the old.
    let id = Uuid::new_v5(
        &registration,
        format!("{verb_id} {:.1}", row.scorecard.total).as_bytes(),
    );
    let card = &row.scorecard;
    let mut skills = Map::new();
    for skill in &card.skills {
        if let Some(score) = skill.score {
            skills.insert(format!("{}.{}", skill.rubric, skill.id), json!(score));
        }
    }
    let completed = !matches!(row.ending, "abandoned" | "in-progress");
    let mut result = json!({
        "score": {
            "scaled": (card.total / 100.0).clamp(0.0, 1.0),
            "raw": card.total,
            "min": 0,
            "max": 100,
        },
        "success": card.passed,
        "completion": completed,
        "extensions": {
            format!("{base}/extensions/skill-scores"): skills,
            format!("{base}/extensions/result"): verdict(row),
        },
    });
    if let Some(seconds) = row.duration_seconds {
        result["duration"] = json!(format!("PT{seconds}S"));
    }
    let name = row.trainee_id.as_deref().unwrap_or(&row.trainee);
    json!({
        "id": id.to_string(),
        "actor": {
            "objectType": "Agent",
            "name": row.trainee,
            "account": { "homePage": options.home_page, "name": name },
        },
        "verb": { "id": verb_id, "display": { "en-US": verb_name } },
        "object": {
            "objectType": "Activity",
            "id": format!("{base}/scenarios/{}", row.scenario),
            "definition": {
                "name": { "en-US": row.scenario },
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        },
        "result": result,
        "context": {
            "registration": registration.to_string(),
            "platform": "rehearse",
            "extensions": {
                format!("{base}/extensions/mode"): row.mode,
                format!("{base}/extensions/ending"): row.ending,
                format!("{base}/extensions/replay"): row.replay.name(),
                format!("{base}/extensions/signature"): row.signature.name(),
            },
        },
        "timestamp": row.finished.as_deref().unwrap_or(&row.started),
    })
}

/// The result word the other reports show, from what a [`GradedRow`] holds.
fn verdict(row: &GradedRow) -> &'static str {
    if row.tampered.is_some() {
        "TAMPERED"
    } else if row.signature_refused.is_some() {
        if row.signature == crate::signature::Signature::BadSignature {
            "BAD-SIGNATURE"
        } else {
            "UNSIGNED"
        }
    } else if row.incomplete {
        "INCOMPLETE"
    } else if row.scorecard.passed {
        "pass"
    } else if !row.scorecard.critical_failures.is_empty() {
        "FAIL (critical)"
    } else {
        "FAIL"
    }
}

/// One statement as a JSON Lines line.
pub fn line(row: &GradedRow, options: &XapiOptions) -> std::io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec(&statement(row, options)).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}
