//! Grading one transcript file: read and parse it, find its scenario, replay the
//! conversation to prove it is what the simulator said, grade the replies and check the
//! signature, into a [`GradedRow`]; or a [`FileProblem`] saying why it could not be
//! graded. Certification rules (incomplete exams, tampering, signatures) are applied here,
//! not in the grading engine.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::{BatchOptions, ScenarioGraders};
use crate::diagnostic::Diagnostic;
use crate::grading::{Scorecard, grade_replayed};
use crate::library::Library;
use crate::replay::{self, Divergence};
use crate::signature::Signature;
use crate::source::read_source;
use crate::transcript::{Finish, Mode, Transcript};

/// One graded transcript in full, as JSON and HTML show it.
#[derive(Debug, Clone, Serialize)]
pub struct GradedRow {
    /// The file.
    pub file: String,
    /// Trainee.
    pub trainee: String,
    /// The trainee's stable id, if the transcript has one.
    pub trainee_id: Option<String>,
    /// Scenario id.
    pub scenario: String,
    /// practice or exam.
    pub mode: &'static str,
    /// How it ended.
    pub ending: &'static str,
    /// When it started, as the transcript says (RFC 3339).
    pub started: String,
    /// When it ended, if it did.
    pub finished: Option<String>,
    /// Whole seconds from start to finish, when both are valid times.
    pub duration_seconds: Option<i64>,
    /// Notes: scenario changed since the run, run abandoned…
    pub notes: Vec<String>,
    /// An exam that did not reach an ending (abandoned, or saved in progress): never a
    /// pass, whatever the replies so far would score.
    pub incomplete: bool,
    /// Whether replaying the conversation gave back what the transcript records.
    pub replay: ReplayStatus,
    /// Where replay first disagreed with the transcript, when it did: the transcript was
    /// edited, and never passes.
    pub tampered: Option<Divergence>,
    /// What the signature check found.
    pub signature: Signature,
    /// Why the signature (or its absence) keeps this transcript from passing, if it does.
    pub signature_refused: Option<&'static str>,
    /// The full scorecard with evidence.
    pub scorecard: Scorecard,
    /// The transcript's replies (for the HTML drill-down).
    #[serde(skip)]
    pub replies: Vec<String>,
    /// The seed and scenario hash: with scenario, trainee and start they say which
    /// attempt this is, whatever file it is in (xAPI ids).
    #[serde(skip)]
    pub seed: u64,
    /// See `seed`.
    #[serde(skip)]
    pub scenario_hash: String,
}

/// What replay established about a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplayStatus {
    /// Replayed, and the customer said and felt exactly what the transcript records.
    Matched,
    /// Replayed, and something differed: the file was edited after the run.
    Tampered,
    /// Not replayed: its scenario or rubrics changed since the run, and
    /// `--allow-changed-scenarios` let it be graded anyway.
    NotReplayed,
}

impl ReplayStatus {
    /// The status as reports write it.
    pub fn name(self) -> &'static str {
        match self {
            ReplayStatus::Matched => "matched",
            ReplayStatus::Tampered => "tampered",
            ReplayStatus::NotReplayed => "not-replayed",
        }
    }
}

/// A transcript that could not be graded.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    /// The file.
    pub file: String,
    /// What is wrong, with line:column where known.
    pub message: String,
    /// Line, if known.
    pub line: Option<usize>,
    /// Column, if known.
    pub column: Option<usize>,
}

impl FileProblem {
    fn from_diagnostic(file: &str, d: &Diagnostic) -> FileProblem {
        let json = d.to_json();
        // Read errors name the path themselves; the report already shows it.
        let message = d
            .message
            .strip_prefix(file)
            .map(|m| m.trim_start_matches([':', ' ']))
            .unwrap_or(&d.message);
        FileProblem {
            file: file.to_string(),
            message: message.to_string(),
            line: json["line"].as_u64().map(|v| v as usize),
            column: json["column"].as_u64().map(|v| v as usize),
        }
    }
}

pub(super) fn grade_one(
    path: &Path,
    library: &Library,
    graders: &HashMap<&str, ScenarioGraders>,
    options: &BatchOptions,
) -> Result<(GradedRow, usize), FileProblem> {
    let details = options.details;
    let name = path.display().to_string();
    let source =
        read_source(path).map_err(|e| FileProblem::from_diagnostic(&name, &e.to_diagnostic()))?;
    let source = Arc::new(source);
    let transcript =
        Transcript::parse(&source).map_err(|d| FileProblem::from_diagnostic(&name, &d))?;
    let Some(scenario) = library.scenario(&transcript.scenario) else {
        let hint = library
            .suggest_scenario(&transcript.scenario)
            .map(|b| format!(" (did you mean `{b}`?)"))
            .unwrap_or_default();
        return Err(FileProblem {
            file: name,
            message: format!(
                "the transcript names scenario `{}`, which is not known{hint}; add its folder with --dir",
                transcript.scenario
            ),
            line: None,
            column: None,
        });
    };
    library
        .check_transcript(&transcript, scenario, &source)
        .map_err(|d| FileProblem::from_diagnostic(&name, &d))?;
    let graders = graders
        .get(scenario.id.as_str())
        .expect("a grader exists for every scenario");
    let (grader, index) = (graders.grade(), graders.index);
    let mut notes = Vec::new();
    // Replay before grading: a transcript that is not what the simulator said is not
    // worth less, it is worth nothing, and the reports must say why.
    let rubrics: Vec<(&str, &str)> = graders
        .own
        .iter()
        .map(|r| (r.id.as_str(), r.hash.as_str()))
        .collect();
    // What the customer's grader made of the replies, when it is the grading one.
    let mut assessed = None;
    let (replay, tampered) = match replay::replayable(&transcript, scenario, &rubrics) {
        Ok(()) => {
            let customer = graders.replay();
            match replay::replay(&transcript, scenario, customer.unwrap_or(grader)) {
                Ok(live) => {
                    assessed = customer.is_none().then_some(live);
                    (ReplayStatus::Matched, None)
                }
                Err(divergence) => {
                    notes.push(format!(
                        "tampered: the file was edited after the run; replay differs at {divergence}"
                    ));
                    (ReplayStatus::Tampered, Some(divergence))
                }
            }
        }
        Err(why) if options.allow_changed_scenarios => {
            notes.push(format!("not replayed (--allow-changed-scenarios): {why}"));
            (ReplayStatus::NotReplayed, None)
        }
        Err(why) => {
            return Err(FileProblem {
                file: name,
                message: format!(
                    "unverifiable, not graded: {why}; grade it anyway with --allow-changed-scenarios"
                ),
                line: None,
                column: None,
            });
        }
    };
    match transcript.ending {
        None => notes.push("the run was still in progress when saved".to_string()),
        Some(crate::scenario::Ending::Abandoned) => {
            notes.push("the trainee stopped early".to_string())
        }
        _ => {}
    }
    if transcript.turns.is_empty() {
        notes.push("no replies".to_string());
    }
    // An exam only certifies a conversation that reached an ending; one abandoned (Ctrl-C,
    // end of input, /quit) or cut off mid-way is incomplete, however well it began. This
    // is a certification rule, so it is applied here rather than in the grading engine,
    // which scores the replies it is given.
    let finish = Finish::of(transcript.ending, &scenario.accepted_endings);
    let incomplete = transcript.mode == Mode::Exam && finish == Finish::Unfinished;
    // Grading takes up each reply where replay left it (normalised, scanned, profiled):
    // a 7 MB reply grades in 0.2 s so, 1.1 s afresh.
    let mut scorecard = grade_replayed(grader, &transcript, details, assessed);
    if incomplete {
        scorecard.passed = false;
        notes.push("the exam did not reach an ending: incomplete, never a pass".to_string());
    }
    // Nor is a call the customer walked out of, in any mode: it lost the customer.
    if finish == Finish::WalkedOut {
        scorecard.passed = false;
        notes.push("the customer walked out: never a pass".to_string());
    }
    // Nor one that ended in a complaint or a hand-over the scenario does not accept.
    if finish == Finish::Escalated {
        scorecard.passed = false;
        notes.push(
            "the call ended in a complaint or a hand-over to a manager: never a pass".to_string(),
        );
    }
    let signature = match (&options.key, &transcript.signature) {
        (Some(key), _) => key.check(&transcript),
        (None, Some(_)) => Signature::NotChecked,
        (None, None) => Signature::Unsigned,
    };
    // A bad signature is refused whenever it can be seen; a missing one only when the
    // cohort is meant to be signed exams.
    let signature_refused = match signature {
        Signature::BadSignature => Some(
            "bad signature: not signed with this exam key, or changed after it was signed; never a pass",
        ),
        _ if options.require_signature && transcript.mode == Mode::Practice => {
            Some("unsigned: a practice run, not a signed exam (--require-signature); never a pass")
        }
        Signature::Unsigned if options.require_signature => {
            Some("unsigned: an exam without a signature (--require-signature); never a pass")
        }
        _ => None,
    };
    if let Some(why) = signature_refused {
        notes.push(why.to_string());
    }
    if tampered.is_some() || signature_refused.is_some() {
        scorecard.passed = false;
    }
    let duration_seconds = duration_seconds(&transcript.started, transcript.finished.as_deref());
    let row = GradedRow {
        file: name,
        trainee: transcript.trainee,
        trainee_id: transcript.trainee_id,
        started: transcript.started,
        finished: transcript.finished,
        duration_seconds,
        scenario: transcript.scenario,
        seed: transcript.seed,
        scenario_hash: transcript.scenario_hash,
        mode: match transcript.mode {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        },
        ending: transcript.ending.map_or("in-progress", |e| e.name()),
        notes,
        incomplete,
        replay,
        tampered,
        signature,
        signature_refused,
        scorecard,
        replies: if details {
            transcript.turns.into_iter().map(|t| t.reply).collect()
        } else {
            Vec::new()
        },
    };
    Ok((row, index))
}

/// An RFC 3339 time, if it is one.
pub(super) fn timestamp(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

/// Whole seconds from `started` to `finished`, when both are valid and in order.
fn duration_seconds(started: &str, finished: Option<&str>) -> Option<i64> {
    let seconds = timestamp(finished?)?.as_second() - timestamp(started)?.as_second();
    (seconds >= 0).then_some(seconds)
}
