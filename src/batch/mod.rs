//! Batch grading of transcripts for certification runs.
//!
//! Files are graded in parallel (rayon), a chunk at a time, and handed on in file order:
//! the full result of each (scorecard with evidence, replies) goes to the caller's
//! callback and is dropped, and the cohort keeps one compact [`Row`] per transcript. So
//! memory grows by one small row per transcript, whatever the reports need, and a broken
//! file never stops the others.
//!
//! Here: the parallel loop over files and what it shares between threads. Beside it:
//! grading one transcript file into a [`GradedRow`] (`graded_row`), the compact
//! [`Cohort`] of rows (`cohort`), and its [`Summary`] (`summary`).

mod cohort;
mod graded_row;
mod summary;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::grading::Grader;
use crate::library::{Library, files_under};
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::signature::ExamKey;

use cohort::ScenarioInfo;
pub use cohort::{Cohort, Row, SkillInfo};
use graded_row::grade_one;
pub use graded_row::{FileProblem, GradedRow, ReplayStatus};
pub use summary::{SkillSummary, Summary};

/// Files graded in parallel before their results are handed on: bounds how many full
/// scorecards are alive at once.
const CHUNK: usize = 512;

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

#[cfg(test)]
mod tests {
    use std::path::Path;

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
