//! Cohort statistics: how many graded, passed and were refused, the mean and median
//! total, and each skill's average and miss rate, for the summary every report opens with.

use serde::Serialize;

use super::Cohort;

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
}
