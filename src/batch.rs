//! Batch grading of transcripts for certification runs.
//!
//! Files are graded in parallel (rayon), a chunk at a time, and handed on in file order:
//! the full result of each (scorecard with evidence, replies) goes to the caller's
//! callback and is dropped, and the cohort keeps one compact [`Row`] per transcript. So
//! memory grows by one small row per transcript, whatever the reports need, and a broken
//! file never stops the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::grading::grade_replayed;
use crate::grading::{Grader, Scorecard};
use crate::library::{Library, files_under};
use crate::replay::{self, Divergence};
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::signature::{ExamKey, Signature};
use crate::source::read_source;
use crate::transcript::{Mode, Transcript};

/// Files graded in parallel before their results are handed on: bounds how many full
/// scorecards are alive at once.
const CHUNK: usize = 512;

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

/// One skill seen in the batch.
#[derive(Debug, Clone)]
pub struct SkillInfo {
    /// `rubric.skill`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Coaching when missed.
    pub miss: String,
    /// Weight (breaks ties for the weakest skill).
    pub weight: f64,
}

/// One graded transcript, compact: what the summary, table, CSV, JUnit and heatmap need.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into [`Cohort::files`].
    file: u32,
    /// Index into [`Cohort::scenarios`].
    scenario: u16,
    /// Trainee.
    pub trainee: Box<str>,
    /// The trainee's stable id, if any.
    pub trainee_id: Option<Box<str>>,
    /// Which attempt of this trainee (id, or name without one) at this scenario, counted
    /// over the cohort in order of start time; 1 for the first.
    pub attempt: u32,
    /// When it started (RFC 3339, as written).
    pub started: Box<str>,
    /// When it ended, if it did.
    pub finished: Option<Box<str>>,
    /// Whole seconds from start to finish.
    pub duration_seconds: Option<i64>,
    /// The start as milliseconds since 1970, when it is a valid time (attempt order).
    started_at: Option<i64>,
    /// practice or exam.
    pub mode: &'static str,
    /// How it ended.
    pub ending: &'static str,
    /// Total in percent.
    pub total: f64,
    /// Passed.
    pub passed: bool,
    /// An exam that did not reach an ending.
    pub incomplete: bool,
    /// What replay established.
    pub replay: ReplayStatus,
    /// Where replay first disagreed (turn and what), for a tampered transcript.
    pub tampered: Option<Box<str>>,
    /// What the signature check found.
    pub signature: Signature,
    /// Why the signature (or its absence) keeps this transcript from passing, if it does.
    pub signature_refused: Option<&'static str>,
    /// Critical rules or skills that failed.
    pub critical_failures: Box<[Box<str>]>,
    /// Score per skill of the scenario's grader, in its order; NaN where it did not apply.
    scores: Box<[f64]>,
}

impl Row {
    /// The result in one word, as every report shows it: `TAMPERED`, `BAD-SIGNATURE`,
    /// `UNSIGNED`, `INCOMPLETE`, `pass`, `FAIL` or `FAIL (critical)`.
    pub fn verdict(&self) -> &'static str {
        if self.tampered.is_some() {
            "TAMPERED"
        } else if self.signature_refused.is_some() {
            if self.signature == Signature::BadSignature {
                "BAD-SIGNATURE"
            } else {
                "UNSIGNED"
            }
        } else if self.incomplete {
            "INCOMPLETE"
        } else if self.passed {
            "pass"
        } else if !self.critical_failures.is_empty() {
            "FAIL (critical)"
        } else {
            "FAIL"
        }
    }
}

/// A scenario seen in the batch: its id, pass mark and where its skills are.
#[derive(Debug, Clone)]
struct ScenarioInfo {
    id: String,
    pass_mark: f64,
    /// For each skill of the scenario's grader, its index in [`Cohort::skills`].
    skills: Vec<usize>,
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

/// Everything a batch produced, compact.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    files: Vec<PathBuf>,
    /// Graded transcripts, in file order.
    pub rows: Vec<Row>,
    /// Files that could not be graded.
    pub problems: Vec<FileProblem>,
    /// Every skill of every grader used.
    skills: Vec<SkillInfo>,
    scenarios: Vec<ScenarioInfo>,
    /// Skills in the order the rows first show them (report columns follow it).
    order: Vec<usize>,
}

impl Cohort {
    /// The file a row came from.
    pub fn file(&self, row: &Row) -> String {
        self.files[row.file as usize].display().to_string()
    }

    /// The scenario id of a row.
    pub fn scenario(&self, row: &Row) -> &str {
        &self.scenarios[row.scenario as usize].id
    }

    /// The pass mark a row was held to.
    pub fn pass_mark(&self, row: &Row) -> f64 {
        self.scenarios[row.scenario as usize].pass_mark
    }

    /// Skills in report order (first seen in the rows).
    pub fn skills(&self) -> impl Iterator<Item = (usize, &SkillInfo)> {
        self.order.iter().map(|&i| (i, &self.skills[i]))
    }

    /// A row's score for a skill (index from [`Cohort::skills`]), if it applied.
    pub fn score(&self, row: &Row, skill: usize) -> Option<f64> {
        let at = self.scenarios[row.scenario as usize]
            .skills
            .iter()
            .position(|&s| s == skill)?;
        Some(row.scores[at]).filter(|v| !v.is_nan())
    }

    /// A row's skills that applied, as (skill index, score), in the grader's order.
    pub fn scores<'c>(&'c self, row: &'c Row) -> impl Iterator<Item = (usize, f64)> + 'c {
        self.scenarios[row.scenario as usize]
            .skills
            .iter()
            .zip(&row.scores)
            .filter(|(_, v)| !v.is_nan())
            .map(|(&s, &v)| (s, v))
    }

    /// A skill by index.
    pub fn skill(&self, index: usize) -> &SkillInfo {
        &self.skills[index]
    }

    /// The row's lowest-scoring skill (ties: the heavier, then the first), if any.
    pub fn weakest(&self, row: &Row) -> Option<(&SkillInfo, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (s, v) in self.scores(row) {
            let better = match best {
                None => true,
                Some((b, bv)) => {
                    v < bv || (v == bv && self.skills[s].weight > self.skills[b].weight)
                }
            };
            if better {
                best = Some((s, v));
            }
        }
        best.map(|(s, v)| (&self.skills[s], v))
    }

    fn push(&mut self, file: usize, graded: &GradedRow, scenario: usize) {
        let info = &self.scenarios[scenario];
        let card = &graded.scorecard;
        let scores: Box<[f64]> = card
            .skills
            .iter()
            .map(|s| s.score.unwrap_or(f64::NAN))
            .collect();
        for (&skill, score) in info.skills.iter().zip(&scores) {
            if !score.is_nan() && !self.order.contains(&skill) {
                self.order.push(skill);
            }
        }
        self.rows.push(Row {
            file: file as u32,
            scenario: scenario as u16,
            trainee: graded.trainee.as_str().into(),
            trainee_id: graded.trainee_id.as_deref().map(Into::into),
            attempt: 0,
            started: graded.started.as_str().into(),
            finished: graded.finished.as_deref().map(Into::into),
            duration_seconds: graded.duration_seconds,
            started_at: timestamp(&graded.started).map(|t| t.as_millisecond()),
            mode: graded.mode,
            ending: graded.ending,
            total: card.total,
            passed: card.passed,
            incomplete: graded.incomplete,
            replay: graded.replay,
            tampered: graded.tampered.as_ref().map(|d| d.to_string().into()),
            signature: graded.signature,
            signature_refused: graded.signature_refused,
            critical_failures: card
                .critical_failures
                .iter()
                .map(|c| c.as_str().into())
                .collect(),
            scores,
        });
    }
}

/// Options for a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Regrade with these rubric ids instead of each scenario's own.
    pub rubrics: Vec<String>,
    /// Pass mark override.
    pub pass: Option<f64>,
    /// Build rule-level evidence (JSON and HTML show it; the other reports do not).
    pub details: bool,
    /// Grade, without replaying them, transcripts whose scenario or rubrics changed since
    /// the run (otherwise they are listed as unverifiable and not graded).
    pub allow_changed_scenarios: bool,
    /// The exam key: signatures present are checked with it (a bad one never passes).
    pub key: Option<ExamKey>,
    /// Only signed exams can pass: unsigned exams and practice runs are refused
    /// (`--require-signature`; needs `key`).
    pub require_signature: bool,
}

/// What grading one scenario's transcripts needs, compiled once, when the first of them
/// is graded, and shared by every thread. (A library holds dozens of scenarios: compiling
/// them all took 0.15 s before the first transcript was read.)
struct ScenarioGraders<'l> {
    scenario: &'l Scenario,
    /// The scenario's own rubrics: what the customer reacted through when the run
    /// happened.
    own: Vec<&'l Rubric>,
    /// What grades the replies: the `--rubric` override when given, else `own`.
    rubrics: Vec<&'l Rubric>,
    /// Whether `--rubric` was given.
    overridden: bool,
    /// The pass mark to grade with, if not the rubrics'.
    pass: Option<f64>,
    grade: OnceLock<Grader>,
    /// `own` compiled, when that is not `grade` (a `--rubric` override).
    replay: OnceLock<Grader>,
    /// Index into [`Cohort::scenarios`].
    index: usize,
}

impl ScenarioGraders<'_> {
    /// Grades the replies.
    fn grade(&self) -> &Grader {
        self.grade
            .get_or_init(|| Grader::for_scenario(&self.rubrics, self.scenario, self.pass))
    }

    /// What the customer reacts through, when it is not [`ScenarioGraders::grade`].
    fn replay(&self) -> Option<&Grader> {
        // The pass mark plays no part in the customer's reactions.
        self.overridden.then(|| {
            self.replay
                .get_or_init(|| Grader::for_scenario(&self.own, self.scenario, None))
        })
    }
}

/// Transcript files named by `paths` (folders searched recursively for .yaml/.yml/.json).
pub fn transcript_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(files_under(path, &|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
            }));
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// What a report writes for one graded transcript, made on the grading threads so that
/// only writing it out happens in file order (`None`: nothing per transcript).
pub type Render<'r, E> = Option<&'r (dyn Fn(&GradedRow) -> Result<Vec<u8>, E> + Sync)>;

/// Takes each graded transcript, with what [`Render`] made of it, in file order.
pub type Each<'e, E> = &'e mut dyn FnMut(&GradedRow, &[u8]) -> Result<(), E>;

/// Grades every file, in parallel, handing each full result to `each` in file order,
/// with what `render` made of it (empty without one); `progress` is called once per
/// file. Stops early only if `render` or `each` fails.
pub fn grade_files<E: Send>(
    files: Vec<PathBuf>,
    library: &Library,
    options: &BatchOptions,
    progress: &(dyn Fn() + Sync),
    render: Render<'_, E>,
    each: Each<'_, E>,
) -> Result<Cohort, E> {
    let override_rubrics: Vec<&Rubric> = options
        .rubrics
        .iter()
        .filter_map(|id| library.rubric(id))
        .collect();
    let mut cohort = Cohort::default();
    let mut skill_index: HashMap<String, usize> = HashMap::new();
    // One grader per scenario, compiled once and shared by every thread.
    let mut graders: HashMap<&str, ScenarioGraders> = HashMap::new();
    for scenario in &library.scenarios {
        let own = library.rubrics_for(scenario);
        let rubrics = if override_rubrics.is_empty() {
            own.clone()
        } else {
            override_rubrics.clone()
        };
        let pass = options.pass.or(scenario.pass_mark);
        let mut skills = Vec::new();
        for rubric in &rubrics {
            for skill in &rubric.skills {
                let id = format!("{}.{}", rubric.id, skill.id);
                let next = cohort.skills.len();
                let index = *skill_index.entry(id.clone()).or_insert(next);
                if index == next {
                    cohort.skills.push(SkillInfo {
                        id,
                        name: skill.name.clone(),
                        miss: skill.feedback.miss.clone(),
                        weight: skill.weight,
                    });
                }
                skills.push(index);
            }
        }
        cohort.scenarios.push(ScenarioInfo {
            id: scenario.id.clone(),
            pass_mark: Grader::pass_mark_of(&rubrics, pass),
            skills,
        });
        let graders_of = ScenarioGraders {
            scenario,
            own,
            rubrics,
            overridden: !override_rubrics.is_empty(),
            pass,
            grade: OnceLock::new(),
            replay: OnceLock::new(),
            index: cohort.scenarios.len() - 1,
        };
        graders.insert(scenario.id.as_str(), graders_of);
    }
    for (c, chunk) in files.chunks(CHUNK).enumerate() {
        type Graded<E> = Result<(GradedRow, usize, Result<Vec<u8>, E>), FileProblem>;
        let outcomes: Vec<Graded<E>> = chunk
            .par_iter()
            .map(|path| {
                let outcome =
                    grade_one(path, library, &graders, options).map(|(graded, scenario)| {
                        let rendered = render.map_or(Ok(Vec::new()), |render| render(&graded));
                        (graded, scenario, rendered)
                    });
                progress();
                outcome
            })
            .collect();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Ok((graded, scenario, rendered)) => {
                    each(&graded, &rendered?)?;
                    cohort.push(c * CHUNK + i, &graded, scenario);
                }
                Err(problem) => cohort.problems.push(problem),
            }
        }
    }
    cohort.files = files;
    cohort.number_attempts();
    Ok(cohort)
}

/// How attempts are grouped and ordered: trainee (id, or name without one), scenario,
/// then start time with unreadable times last.
fn attempt_order(row: &Row) -> ((u8, &str), u16, bool, Option<i64>) {
    let who = match &row.trainee_id {
        Some(id) => (0, &**id),
        None => (1, &*row.trainee),
    };
    (who, row.scenario, row.started_at.is_none(), row.started_at)
}

/// An RFC 3339 time, if it is one.
fn timestamp(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

/// Whole seconds from `started` to `finished`, when both are valid and in order.
fn duration_seconds(started: &str, finished: Option<&str>) -> Option<i64> {
    let seconds = timestamp(finished?)?.as_second() - timestamp(started)?.as_second();
    (seconds >= 0).then_some(seconds)
}

fn grade_one(
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
    let incomplete = transcript.mode == Mode::Exam
        && matches!(
            transcript.ending,
            None | Some(crate::scenario::Ending::Abandoned)
        );
    // Grading takes up each reply where replay left it (normalised, scanned, profiled):
    // a 7 MB reply grades in 0.2 s so, 1.1 s afresh.
    let mut scorecard = grade_replayed(grader, &transcript, details, assessed);
    if incomplete {
        scorecard.passed = false;
        notes.push("the exam did not reach an ending: incomplete, never a pass".to_string());
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

/// Cohort statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Transcripts graded.
    pub graded: usize,
    /// Files that could not be graded.
    pub problems: usize,
    /// How many passed.
    pub passed: usize,
    /// Exams that did not reach an ending (counted as not passed).
    pub incomplete: usize,
    /// Transcripts whose replay differs from what they record (counted as not passed).
    pub tampered: usize,
    /// Transcripts refused for a bad or (under `--require-signature`) missing signature.
    pub signature_refused: usize,
    /// passed / graded.
    pub pass_rate: f64,
    /// Mean total.
    pub mean: f64,
    /// Median total.
    pub median: f64,
    /// Per skill (`rubric.skill`): name, average score, share of transcripts missing it.
    pub skills: Vec<SkillSummary>,
}

/// One skill across the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct SkillSummary {
    /// `rubric.skill`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Mean score (0–1) where it applied.
    pub average: f64,
    /// Share of transcripts where it applied and scored below 0.5.
    pub missed: f64,
    /// Transcripts where it applied.
    pub applied: usize,
}

impl Cohort {
    /// Pass rate, mean, median, per-skill averages (in first-seen order).
    pub fn summary(&self) -> Summary {
        let graded = self.rows.len();
        let passed = self.rows.iter().filter(|r| r.passed).count();
        let mut totals: Vec<f64> = self.rows.iter().map(|r| r.total).collect();
        totals.sort_by(f64::total_cmp);
        let mean = if graded > 0 {
            totals.iter().sum::<f64>() / graded as f64
        } else {
            0.0
        };
        let median = match graded {
            0 => 0.0,
            n if n % 2 == 1 => totals[n / 2],
            n => (totals[n / 2 - 1] + totals[n / 2]) / 2.0,
        };
        // Per skill: sum of scores, rows where it applied, rows where it was missed.
        let mut acc = vec![(0.0, 0usize, 0usize); self.skills.len()];
        for row in &self.rows {
            for (skill, score) in self.scores(row) {
                let entry = &mut acc[skill];
                entry.0 += score;
                entry.1 += 1;
                entry.2 += usize::from(score < 0.5);
            }
        }
        let skills = self
            .skills()
            .map(|(i, info)| {
                let (sum, n, missed) = acc[i];
                SkillSummary {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    average: sum / n as f64,
                    missed: missed as f64 / n as f64,
                    applied: n,
                }
            })
            .collect();
        Summary {
            graded,
            problems: self.problems.len(),
            passed,
            incomplete: self.rows.iter().filter(|r| r.incomplete).count(),
            tampered: self.rows.iter().filter(|r| r.tampered.is_some()).count(),
            signature_refused: self
                .rows
                .iter()
                .filter(|r| r.signature_refused.is_some())
                .count(),
            pass_rate: if graded > 0 {
                passed as f64 / graded as f64
            } else {
                0.0
            },
            mean: (mean * 10.0).round() / 10.0,
            median: (median * 10.0).round() / 10.0,
            skills,
        }
    }

    /// Numbers each trainee's attempts at each scenario, 1, 2, 3… in order of start time
    /// (then file order; times that cannot be read come last). A trainee is their id, or
    /// their name in transcripts without one; practice and exam runs count alike.
    fn number_attempts(&mut self) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| {
            attempt_order(&self.rows[a])
                .cmp(&attempt_order(&self.rows[b]))
                .then(a.cmp(&b))
        });
        let mut previous: Option<usize> = None;
        for &i in &order {
            let same_group = |p: usize| {
                let (a, b) = (attempt_order(&self.rows[p]), attempt_order(&self.rows[i]));
                (a.0, a.1) == (b.0, b.1)
            };
            let attempt = match previous {
                Some(p) if same_group(p) => self.rows[p].attempt + 1,
                _ => 1,
            };
            self.rows[i].attempt = attempt;
            previous = Some(i);
        }
    }

    /// Whether everyone passed and every file was gradeable.
    pub fn all_passed(&self) -> bool {
        self.problems.is_empty() && self.rows.iter().all(|r| r.passed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cohort")
            .join(path)
    }

    #[test]
    fn results_are_handed_on_in_file_order_and_kept_compact() {
        let library = Library::load(&[fixture("library")], true);
        let files = transcript_files(&[fixture("transcripts")]);
        let total = files.len();
        let mut seen = Vec::new();
        let options = BatchOptions {
            details: true,
            ..BatchOptions::default()
        };
        let render = |row: &GradedRow| Ok(row.file.clone().into_bytes());
        let cohort = grade_files(
            files,
            &library,
            &options,
            &|| {},
            Some(&render),
            &mut |row, rendered| {
                assert!(!row.replies.is_empty(), "details keep the replies");
                assert_eq!(rendered, row.file.as_bytes(), "rendered for this row");
                seen.push((row.file.clone(), row.scorecard.total));
                Ok::<(), std::io::Error>(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), cohort.rows.len());
        assert_eq!(seen.len() + cohort.problems.len(), total);
        for ((file, total), row) in seen.iter().zip(&cohort.rows) {
            assert_eq!(*file, cohort.file(row));
            assert_eq!(*total, row.total);
        }
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(seen, sorted, "file order");
        // Every applied skill has a score the cohort can look up by index.
        for row in &cohort.rows {
            for (skill, score) in cohort.scores(row) {
                assert_eq!(cohort.score(row, skill), Some(score));
            }
        }
    }

    #[test]
    fn a_failing_report_writer_stops_the_batch() {
        let library = Library::load(&[fixture("library")], true);
        let files = transcript_files(&[fixture("transcripts")]);
        let mut calls = 0;
        let result = grade_files(
            files,
            &library,
            &BatchOptions::default(),
            &|| {},
            None,
            &mut |_, _| {
                calls += 1;
                Err(std::io::Error::other("disk full"))
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(calls, 1);
    }
}
