//! Rubrics: the skills a reply is graded on and the rules that find them.
//!
//! [`RubricFile`] (in `file`) mirrors the YAML; [`Rubric::from_file`] (in `validate`)
//! checks it (one rule kind per rule, phrases non-empty, regexes compile, weights
//! positive) and builds the model below, so the grading engine can compile it without
//! re-checking anything.

mod file;
mod validate;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::matcher::Fuzzy;
use crate::matcher::pattern::Lexicon;
use crate::scenario::Language;
use crate::source::SourceFile;
use crate::yaml::Locations;

pub use file::{
    AskKind, Example, ExamplesFile, FeedbackFile, FuzzySetting, MirrorFile, OrderFile, RubricFile,
    RuleFile, Scope, SkillFile, StyleFile, SubstituteFile,
};
pub use validate::builtin_lexicon;

/// A validated rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Language.
    pub language: Language,
    /// Pass mark, percent.
    pub pass_mark: f64,
    /// Penalty per gaming finding, percentage points.
    pub gaming_penalty: f64,
    /// Placeholder values for examples.
    pub example_facts: BTreeMap<String, String>,
    /// Word classes its phrases use: the built-in ones and its own.
    pub lexicon: Lexicon,
    /// Skills.
    pub skills: Vec<Skill>,
    /// `sha256:` of the file's text.
    pub hash: String,
    /// The file it came from.
    pub source: Arc<SourceFile>,
    /// Positions in that file.
    pub locations: Locations,
}

/// A validated skill.
#[derive(Debug, Clone)]
pub struct Skill {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: Option<String>,
    /// Weight (> 0).
    pub weight: f64,
    /// Critical.
    pub critical: bool,
    /// Score at which one reply shows the skill.
    pub shown_at: f64,
    /// Coaching.
    pub feedback: FeedbackFile,
    /// Rules (at least one).
    pub rules: Vec<Rule>,
    /// Examples.
    pub examples: ExamplesFile,
    /// Path in the file, for pointing at it.
    pub path: String,
}

/// A validated rule: exactly one kind.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Name in evidence.
    pub id: String,
    /// What it checks.
    pub kind: RuleKind,
    /// Which replies.
    pub scope: Scope,
    /// Only the reply after this step or interjection.
    pub after: Option<String>,
    /// Only replies at or above this mood.
    pub mood_at_least: Option<u8>,
    /// Failing it fails the run.
    pub critical: bool,
    /// Typo tolerance.
    pub fuzzy: Option<Fuzzy>,
    /// Contexts that cancel an overlapping hit (expanded phrases).
    pub unless: Vec<String>,
    /// Phrases that take a hit back after "but" in the same sentence (expanded phrases).
    pub concession: Vec<String>,
    /// Negation guard on.
    pub negation: bool,
    /// Rule-level coaching.
    pub feedback: Option<String>,
    /// Weight within the skill.
    pub weight: f64,
    /// Path in the file.
    pub path: String,
}

/// The closed set of rule kinds; each is evaluated by one arm in `grading::rules`.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// One of the phrases (or regexes) must occur.
    Require {
        /// Phrases.
        phrases: Vec<String>,
        /// Regexes.
        regex: Vec<String>,
    },
    /// None may occur.
    Forbid {
        /// Phrases.
        phrases: Vec<String>,
        /// Regexes.
        regex: Vec<String>,
    },
    /// Avoid these; suggest that.
    Substitute {
        /// Phrases to avoid.
        avoid: Vec<String>,
        /// Better wording.
        prefer: String,
    },
    /// `first` before `then`.
    Order {
        /// Must come first.
        first: Vec<String>,
        /// Must come after.
        then: Vec<String>,
        /// Extra `then` patterns (the rule's `regex`).
        regex: Vec<String>,
    },
    /// Reuse the customer's key words.
    Mirror {
        /// Words to reuse.
        min_words: usize,
        /// Echo threshold.
        max_copy: f64,
    },
    /// Use the customer's name.
    Personalise,
    /// Say the trainee's own name.
    Introduce,
    /// Ask a question.
    Ask(AskKind),
    /// Style checks.
    Style(StyleFile),
}

impl RuleKind {
    /// The key that names the kind in YAML.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Require { .. } => "require",
            RuleKind::Forbid { .. } => "forbid",
            RuleKind::Substitute { .. } => "substitute",
            RuleKind::Order { .. } => "order",
            RuleKind::Mirror { .. } => "mirror",
            RuleKind::Personalise => "personalise",
            RuleKind::Introduce => "introduce",
            RuleKind::Ask(_) => "ask",
            RuleKind::Style(_) => "style",
        }
    }

    /// Whether the rule finds something good (true) or guards against something bad.
    pub fn is_positive(&self) -> bool {
        matches!(
            self,
            RuleKind::Require { .. }
                | RuleKind::Mirror { .. }
                | RuleKind::Personalise
                | RuleKind::Introduce
                | RuleKind::Ask(_)
        )
    }
}

impl Rubric {
    /// A skill by id.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }
}
