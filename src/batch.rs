//! Batch grading of transcripts for certification runs.
//!
//! Files are graded in parallel (rayon); each yields one [`GradedRow`] or one
//! [`FileProblem`], so memory grows by one row per transcript, and a broken file never
//! stops the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::customer::grade_transcript;
use crate::diagnostic::Diagnostic;
use crate::grading::{Grader, Scorecard};
use crate::library::{Library, files_under};
use crate::rubric::Rubric;
use crate::source::read_source;
use crate::transcript::Transcript;

/// One graded transcript.
#[derive(Debug, Clone, Serialize)]
pub struct GradedRow {
    /// The file.
    pub file: String,
    /// Trainee.
    pub trainee: String,
    /// Scenario id.
    pub scenario: String,
    /// practice or exam.
    pub mode: String,
    /// How it ended.
    pub ending: String,
    /// Notes: scenario changed since the run, run abandoned…
    pub notes: Vec<String>,
    /// The full scorecard with evidence.
    pub scorecard: Scorecard,
    /// The transcript's replies (for the HTML drill-down).
    #[serde(skip)]
    pub replies: Vec<String>,
}

impl GradedRow {
    /// Drops rule-level evidence and the replies, keeping per-skill scores and feedback.
    pub fn slim(&mut self) {
        self.replies = Vec::new();
        for skill in &mut self.scorecard.skills {
            skill.rules = Vec::new();
            skill.suggest = None;
            // Coaching is reported only for missed skills (JUnit failures).
            if skill.score.is_none_or(|s| s >= 0.5) {
                skill.feedback = String::new();
            }
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

/// Everything a batch produced.
#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    /// Graded transcripts, in file order.
    pub results: Vec<GradedRow>,
    /// Files that could not be graded.
    pub problems: Vec<FileProblem>,
}

/// Options for a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Regrade with these rubric ids instead of each scenario's own.
    pub rubrics: Vec<String>,
    /// Pass mark override.
    pub pass: Option<f64>,
    /// Keep rule-level evidence and replies (JSON and HTML need them; the table, CSV and
    /// JUnit do not, and dropping them keeps memory at one small row per transcript).
    pub details: bool,
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

/// Grades every file, in parallel; `progress` is called once per file.
pub fn grade_files(
    files: &[PathBuf],
    library: &Library,
    options: &BatchOptions,
    progress: &(dyn Fn() + Sync),
) -> Cohort {
    let override_rubrics: Vec<&Rubric> = options
        .rubrics
        .iter()
        .filter_map(|id| library.rubric(id))
        .collect();
    // One grader per scenario, compiled once and shared by every thread.
    let graders: HashMap<&str, Grader> = library
        .scenarios
        .iter()
        .map(|s| {
            let rubrics = if override_rubrics.is_empty() {
                library.rubrics_for(s)
            } else {
                override_rubrics.clone()
            };
            (
                s.id.as_str(),
                Grader::new(
                    &rubrics,
                    &s.placeholder_values(),
                    options.pass.or(s.pass_mark),
                ),
            )
        })
        .collect();
    let outcomes: Vec<Result<GradedRow, FileProblem>> = files
        .par_iter()
        .map(|path| {
            let mut outcome = grade_one(path, library, &graders);
            if !options.details
                && let Ok(row) = &mut outcome
            {
                row.slim();
            }
            progress();
            outcome
        })
        .collect();
    let mut cohort = Cohort {
        results: Vec::new(),
        problems: Vec::new(),
    };
    for outcome in outcomes {
        match outcome {
            Ok(row) => cohort.results.push(row),
            Err(problem) => cohort.problems.push(problem),
        }
    }
    cohort
}

fn grade_one(
    path: &Path,
    library: &Library,
    graders: &HashMap<&str, Grader>,
) -> Result<GradedRow, FileProblem> {
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
    let grader = graders
        .get(scenario.id.as_str())
        .expect("a grader exists for every scenario");
    let mut notes = Vec::new();
    if transcript.scenario_hash != scenario.hash {
        notes.push("the scenario has changed since this run".to_string());
    }
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
    let scorecard = grade_transcript(grader, &transcript);
    Ok(GradedRow {
        file: name,
        trainee: transcript.trainee.clone(),
        scenario: transcript.scenario.clone(),
        mode: format!("{:?}", transcript.mode).to_lowercase(),
        ending: transcript
            .ending
            .map(|e| e.name().to_string())
            .unwrap_or_else(|| "in-progress".into()),
        notes,
        scorecard,
        replies: transcript.turns.iter().map(|t| t.reply.clone()).collect(),
    })
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
        let graded = self.results.len();
        let passed = self.results.iter().filter(|r| r.scorecard.passed).count();
        let mut totals: Vec<f64> = self.results.iter().map(|r| r.scorecard.total).collect();
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
        let mut order: Vec<String> = Vec::new();
        let mut acc: HashMap<String, (String, f64, usize, usize)> = HashMap::new();
        for row in &self.results {
            for skill in &row.scorecard.skills {
                let Some(score) = skill.score else { continue };
                let id = format!("{}.{}", skill.rubric, skill.id);
                let entry = acc.entry(id.clone()).or_insert_with(|| {
                    order.push(id.clone());
                    (skill.name.clone(), 0.0, 0, 0)
                });
                entry.1 += score;
                entry.2 += 1;
                entry.3 += usize::from(score < 0.5);
            }
        }
        let skills = order
            .into_iter()
            .map(|id| {
                let (name, sum, n, missed) = acc.remove(&id).expect("inserted above");
                SkillSummary {
                    id,
                    name,
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

    /// Whether everyone passed and every file was gradeable.
    pub fn all_passed(&self) -> bool {
        self.problems.is_empty() && self.results.iter().all(|r| r.scorecard.passed)
    }
}
