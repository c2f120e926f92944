//! The grading engine: rubrics compiled against a scenario's facts, replies in, scores
//! with evidence out. The REPL, `run`, `grade`, `test`, `explain` and the customer's
//! branching all call this; it never prints.
//!
//! A skill's score is (weighted share of its positive rules met) × (the product of its
//! guard rules' scores): a reply that shows empathy but also says "you must be frustrated"
//! does not get the empathy point.

pub mod calibration;
mod coach;
mod coaching;
mod compile;
mod evaluate;
mod gaming;
mod introduction;
pub mod names;
mod note;
pub mod rules;
mod score;
mod scorecard;
mod steps;
mod tips;
mod transcript;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use coach::Coach;
pub use coaching::{LiveEvaluation, SkillMoment};
pub use compile::rule_phrases;
pub use note::{Note, Target};
pub use score::{Evidence, GamingFinding, RuleScore, Scorecard, SkillScore};
pub use tips::{Coaching, Moment, Now, Priority, Tip};
pub use transcript::{
    customer_text, grade_replayed, grade_transcript, grade_transcript_with, reply_of, with_replies,
};

// The engine's parts share these through `use super::*`.
use compile::{Check, Closing, CompiledRule, CompiledSkill, Needle, Stage};
use evaluate::{Evaluation, Finding, Mark, MarkKind, Prepared};
use gaming::Scored;
use gaming::{Repeats, first_reply_judged_alike, gaming_checks};

use crate::matcher::{
    Hit, MatchOptions, NormalizedText, PhraseBook, PhraseBookBuilder, PhraseId, PhraseMask,
    RegexId, Scan, normalize,
};
use crate::rubric::{AskKind, FeedbackFile, Rubric, Rule, RuleKind, Scope, StyleFile};
use crate::scenario::expand;
use crate::source::Span;

/// A reply with what grading needs to know about its moment in the conversation.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    /// The trainee's words.
    pub text: &'a str,
    /// What was said to the trainee just before (for mirroring and echo checks).
    pub customer: &'a str,
    /// The step the customer was on.
    pub step: &'a str,
    /// The interjection heard just before, if any.
    pub interjection: Option<&'a str>,
    /// The customer's mood before the reply.
    pub mood: u8,
    /// The trainee's name as given to `play` or saved in the transcript ("" when not
    /// known): `introduce` rules look for it.
    pub trainee: &'a str,
}

/// Where a reply stood in its call, for grading it on its own.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// The trainee's first reply.
    First,
    /// Neither the first nor the last.
    Middle,
    /// The trainee's last reply.
    Last,
}

/// How replies are put together for grading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// A whole conversation: scopes, `after` and mood conditions apply.
    Conversation,
    /// One reply on its own, at a known position or (`None`) with every rule applying.
    Standalone(Option<Position>),
}

/// Skills shown and missed in one reply, for live coaching and the customer's branching.
#[derive(Debug, Clone, Default)]
pub struct ReplyAssessment {
    /// Skills shown (`rubric.skill`), whether or not they apply to the call: the customer
    /// hears what was said.
    pub shown: Vec<String>,
    /// How each of the grader's skills stands after this reply, for
    /// [`Grader::coaching`] and [`Grader::hint`].
    pub skills: Vec<SkillMoment>,
    /// The reply's 0-based place in the call.
    pub index: usize,
    /// The step it answered.
    pub step: String,
    /// The customer's mood before it (0 calm – 10 furious).
    pub mood: u8,
    /// Words that earned points in this reply.
    pub evidence: Vec<Evidence>,
    /// Guard rules broken in this reply, with the better wording where there is one.
    pub violations: Vec<Evidence>,
    /// Gaming flagged on this reply.
    pub gaming: Vec<GamingFinding>,
}

impl ReplyAssessment {
    /// Whether a skill (`skill` or `rubric.skill`) was shown.
    pub fn shows(&self, name: &str) -> bool {
        self.shown
            .iter()
            .any(|s| s == name || s.rsplit('.').next() == Some(name))
    }
}

/// Most customer lines a grader keeps profiled (a scenario has a few dozen).
const CUSTOMER_CACHE: usize = 4096;

/// Rubrics compiled for one scenario (placeholders expanded), ready to grade.
#[derive(Debug)]
pub struct Grader {
    book: PhraseBook,
    skills: Vec<CompiledSkill>,
    rules: Vec<CompiledRule>,
    /// For each phrase, the rules that look for it: a reply is checked only against the
    /// rules one of its phrases woke, and the rules that look at every reply.
    by_phrase: Vec<Vec<u32>>,
    /// Rules that look at every reply (no phrases, or regexes, or style).
    always: Vec<u32>,
    /// What each rule finds in a reply where it has nothing to look at.
    nothing: Vec<Finding>,
    /// The customer's lines, profiled once: they come from the scenario's script, so in a
    /// cohort the same lines come back in every transcript.
    customers: std::sync::RwLock<rustc_hash::FxHashMap<Box<str>, Arc<rules::Profile>>>,
    /// For each phrase, whether a `require` rule scores it (what stuffing counts).
    scored: Vec<bool>,
    /// What the scenario's steps expect and say does not apply, by step id (see
    /// [`Grader::for_scenario`]); empty for a grader of rubrics alone.
    steps: rustc_hash::FxHashMap<Box<str>, steps::StepSkills>,
    /// Whether some step says a skill does not apply (else no call needs looking at).
    exemptions: bool,
    /// Pass mark, percent.
    pub pass_mark: f64,
    gaming_penalty: f64,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// How many replies `scope: opening` looks at, from the first.
const OPENING_REPLIES: usize = 2;

/// Whether a rule looks at a reply graded on its own at `position` (every rule, when the
/// position is not known). A middle reply may be the second, so the opening takes it in.
fn applies_at(rule: &Rule, position: Option<Position>) -> bool {
    match (rule.scope, position) {
        (_, None) => true,
        (Scope::First, Some(p)) => p == Position::First,
        (Scope::Opening, Some(p)) => p != Position::Last,
        (Scope::Last | Scope::Final, Some(p)) => p == Position::Last,
        _ => true,
    }
}

/// Whether what a rule waits for has happened by `reply`: the customer's mood is at
/// least its `mood_at_least`, the reply answers its `after` step or interjection, an
/// interjection-scoped rule has one to answer. Rules with none always hold.
fn conditions_hold(rule: &Rule, reply: &Reply<'_>) -> bool {
    if let Some(mood) = rule.mood_at_least
        && reply.mood < mood
    {
        return false;
    }
    if let Some(after) = &rule.after {
        return reply.step == after || reply.interjection == Some(after.as_str());
    }
    rule.scope != Scope::Interjection || reply.interjection.is_some()
}

/// Whether a rule applies to every reply of a conversation (see [`applies`]).
fn applies_to_all(rule: &Rule) -> bool {
    rule.mood_at_least.is_none()
        && rule.after.is_none()
        && matches!(rule.scope, Scope::Any | Scope::Every)
}

/// Whether a rule looks at reply `index` of `n`. `conversation` false ignores first/last
/// scopes (a single reply's view, for coaching and branching).
fn applies(rule: &Rule, index: usize, n: usize, reply: &Reply<'_>, conversation: bool) -> bool {
    if !conditions_hold(rule, reply) {
        return false;
    }
    if rule.after.is_some() || rule.scope == Scope::Interjection {
        return true;
    }
    if !conversation {
        // Live view of the latest reply: a first-reply rule applies only to the first
        // reply, an opening rule to the first two; the last reply is not known yet, so
        // last-reply rules apply to any.
        return match rule.scope {
            Scope::First => index == 0,
            Scope::Opening => index < OPENING_REPLIES,
            _ => true,
        };
    }
    match rule.scope {
        Scope::First => index == 0,
        Scope::Opening => index < OPENING_REPLIES,
        Scope::Last => index + 1 == n,
        Scope::Final => index + 2 >= n,
        Scope::Any | Scope::Every => true,
        Scope::Interjection => reply.interjection.is_some(),
    }
}
