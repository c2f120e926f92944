//! The cohort: every graded transcript kept as one compact [`Row`] (its scores indexed by
//! skill, its strings boxed), the skills and scenarios the rows refer to, and which
//! attempt of its trainee each row is. Reports read it; nothing here grades.

use std::path::PathBuf;

use super::graded_row::timestamp;
use super::{FileProblem, GradedRow, ReplayStatus};
use crate::signature::Signature;

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
    /// The first thing to work on ([`crate::grading::Scorecard::top_feedback`]), by place among
    /// `scores`: none when the call showed every skill.
    work_on: Option<u16>,
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
pub(super) struct ScenarioInfo {
    pub(super) id: String,
    pub(super) pass_mark: f64,
    /// For each skill of the scenario's grader, its index in [`Cohort::skills`].
    pub(super) skills: Vec<usize>,
}

/// Everything a batch produced, compact.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    pub(super) files: Vec<PathBuf>,
    /// Graded transcripts, in file order.
    pub rows: Vec<Row>,
    /// Files that could not be graded.
    pub problems: Vec<FileProblem>,
    /// Every skill of every grader used.
    pub(super) skills: Vec<SkillInfo>,
    pub(super) scenarios: Vec<ScenarioInfo>,
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

    /// The row's first thing to work on, with its score: the top of the scorecard's
    /// "What to work on" (a critical failure first, never a skill the call showed), so
    /// the table and the trainee's scorecard agree.
    pub fn weakest(&self, row: &Row) -> Option<(&SkillInfo, f64)> {
        let at = usize::from(row.work_on?);
        let skill = *self.scenarios[row.scenario as usize].skills.get(at)?;
        Some((&self.skills[skill], *row.scores.get(at)?))
    }

    pub(super) fn push(&mut self, file: usize, graded: &GradedRow, scenario: usize) {
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
            work_on: card.top_feedback(1).first().and_then(|first| {
                let at = card.skills.iter().position(|s| std::ptr::eq(s, *first))?;
                u16::try_from(at).ok()
            }),
        });
    }

    /// Numbers each trainee's attempts at each scenario, 1, 2, 3… in order of start time
    /// (then file order; times that cannot be read come last). A trainee is their id, or
    /// their name in transcripts without one; practice and exam runs count alike.
    pub(super) fn number_attempts(&mut self) {
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

/// How attempts are grouped and ordered: trainee (id, or name without one), scenario,
/// then start time with unreadable times last.
fn attempt_order(row: &Row) -> ((u8, &str), u16, bool, Option<i64>) {
    let who = match &row.trainee_id {
        Some(id) => (0, &**id),
        None => (1, &*row.trainee),
    };
    (who, row.scenario, row.started_at.is_none(), row.started_at)
}
