//! What grading produces: scores with the evidence behind them. Plain data, serialisable,
//! rendered by `report`; nothing here decides a score.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Note;
use crate::source::Span;

/// Why a point was given or withheld: a turn and the words, or what was missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// 1-based turn number.
    pub turn: usize,
    /// The trainee's words (empty for a miss).
    pub text: String,
    /// Byte span of those words in the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What this evidence shows, e.g. `matched empathy#1` or `forbidden wording`: data,
    /// written as an English sentence in reports.
    pub note: Note,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleScore {
    /// Rule id (`empathy#1` or as named).
    pub id: Arc<str>,
    /// Rule kind (`require`, `forbid`…).
    pub kind: Arc<str>,
    /// 0–1; `None` when no reply was in the rule's scope.
    pub score: Option<f64>,
    /// Whether failing it fails the run.
    pub critical: bool,
    /// Hits for positive rules, violations for guard rules.
    pub evidence: Vec<Evidence>,
    /// Coaching when the rule was not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Arc<str>>,
}

/// One skill's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillScore {
    /// Rubric id.
    pub rubric: Arc<str>,
    /// Skill id.
    pub id: Arc<str>,
    /// Skill name.
    pub name: Arc<str>,
    /// Weight.
    pub weight: f64,
    /// Critical skill.
    pub critical: bool,
    /// 0–1; `None` when none of its rules applied, or a step of the scenario said it
    /// does not apply (n/a: left out of the total).
    pub score: Option<f64>,
    /// The call shows it: the score reaches the skill's `shown_at` (the threshold live
    /// coaching ticks it by) and no critical rule of it failed. "What to work on" never
    /// lists a skill shown.
    #[serde(default)]
    pub shown: bool,
    /// Hit or miss coaching, whichever applies.
    pub feedback: Arc<str>,
    /// Suggested phrasing when missed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggest: Option<Arc<str>>,
    /// Rule details.
    pub rules: Vec<RuleScore>,
}

impl SkillScore {
    /// The scorecard's ✓: shown, and scored in full. A skill shown in part (its score
    /// reached `shown_at` but not 100%) is marked partial, as live coaching does not tick
    /// it either: one threshold for the live tick and the final mark.
    pub fn ticked(&self) -> bool {
        self.shown && self.score.is_some_and(|s| s >= 1.0 - 1e-9)
    }

    /// Whether it fails the run: a critical skill below 0.5, or a critical rule of it
    /// not met (rules are known on scorecards made with details).
    pub fn failed_critically(&self) -> bool {
        (self.critical && self.score.is_some_and(|s| s < 0.5))
            || self
                .rules
                .iter()
                .any(|r| r.critical && r.score.is_some_and(|s| s < 1.0))
    }
}

/// A sign the trainee is gaming the phrase matcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GamingFinding {
    /// 1-based turn.
    pub turn: usize,
    /// `stuffing`, `repetition` or `echo`.
    pub kind: String,
    /// Why it was flagged, for the trainee.
    pub note: Note,
}

/// The whole run's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Total in percent (0–100), after gaming penalties.
    pub total: f64,
    /// Pass mark in percent.
    pub pass_mark: f64,
    /// Total at or above the pass mark and no critical failure.
    pub passed: bool,
    /// Critical rules or skills that failed, by name.
    pub critical_failures: Vec<String>,
    /// Points taken off for gaming.
    pub penalty: f64,
    /// Per skill.
    pub skills: Vec<SkillScore>,
    /// Gaming findings.
    pub gaming: Vec<GamingFinding>,
}

impl Scorecard {
    /// What to work on, top `n`: skills that failed critically first, then the other
    /// skills the call did not show, by weight × shortfall. A skill the call showed (by
    /// the threshold that ticks it live) or that did not apply is never listed. Every
    /// report that names what to work on (the scorecard of `play` and `run`, `grade`'s
    /// table) reads it from here.
    pub fn top_feedback(&self, n: usize) -> Vec<&SkillScore> {
        let mut missed: Vec<&SkillScore> = self
            .skills
            .iter()
            .filter(|s| s.score.is_some() && !s.shown)
            .collect();
        let shortfall = |s: &SkillScore| s.weight * (1.0 - s.score.unwrap_or(1.0));
        missed.sort_by(|a, b| {
            self.failed_critically(b)
                .cmp(&self.failed_critically(a))
                .then_with(|| shortfall(b).total_cmp(&shortfall(a)))
        });
        missed.truncate(n);
        missed
    }

    /// Whether `skill` fails the run: by its rules where the scorecard has them, else by
    /// the card's critical failures, which name the skill ("Skill: rule-id", or the
    /// skill alone): a totals-only scorecard (`grade`'s table) keeps no rules, and a
    /// critical rule broken in a skill scored above 0.5 would otherwise not count.
    pub fn failed_critically(&self, skill: &SkillScore) -> bool {
        skill.failed_critically()
            || self.critical_failures.iter().any(|f| {
                f.strip_prefix(&*skill.name)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(": "))
            })
    }

    /// A skill by id (`skill` or `rubric.skill`).
    pub fn skill(&self, name: &str) -> Option<&SkillScore> {
        match name.split_once('.') {
            Some((rubric, id)) => self
                .skills
                .iter()
                .find(|s| &*s.rubric == rubric && &*s.id == id),
            None => self.skills.iter().find(|s| &*s.id == name),
        }
    }
}
