//! The rubric file as written: serde types that mirror the YAML, with their defaults.
//! Nothing here is checked; [`Rubric::from_file`](super::Rubric::from_file) turns these
//! into the validated model.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scenario::Language;

/// A rubric file as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    /// Format version; must be 1.
    pub rehearse: u32,
    /// Unique id, named by scenarios' `rubrics:`.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// What the rubric is for.
    #[serde(default)]
    pub description: String,
    /// Language of its phrases.
    #[serde(default)]
    pub language: Language,
    /// Pass mark in percent (0–100).
    #[serde(default = "default_pass_mark")]
    pub pass_mark: f64,
    /// Points taken off the total for each gaming finding (stuffing, repetition, echo).
    #[serde(default = "default_gaming_penalty")]
    pub gaming_penalty: f64,
    /// Values for `{placeholders}` when running this rubric's examples.
    #[serde(default)]
    pub example_facts: BTreeMap<String, String>,
    /// Word classes phrases can use as `@name`, e.g. `sorry: [sorry, apologise~, regret]`.
    #[serde(default)]
    pub lexicon: BTreeMap<String, Vec<String>>,
    /// The skills.
    pub skills: Vec<SkillFile>,
}

fn default_pass_mark() -> f64 {
    70.0
}

fn default_gaming_penalty() -> f64 {
    5.0
}

fn default_weight() -> f64 {
    1.0
}

fn default_shown_at() -> f64 {
    0.5
}

/// One skill: a weight, rules, coaching, and examples that prove the rules.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillFile {
    /// Unique id within the rubric, e.g. `empathy`.
    pub id: String,
    /// Name shown in scorecards.
    pub name: String,
    /// Stage of the interaction it belongs to (greeting, need, verification, solution,
    /// understanding, closure, difficult); used by coverage checks.
    #[serde(default)]
    pub stage: Option<String>,
    /// Relative weight in the total (> 0).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// A critical skill scoring below 0.5 fails the run whatever the total.
    #[serde(default)]
    pub critical: bool,
    /// The score (0–1) at which one reply counts as showing the skill, for coaching,
    /// branching and examples; default 0.5. Use 1 when every rule must be met (e.g. an
    /// action *and* a timeline).
    #[serde(default = "default_shown_at")]
    pub shown_at: f64,
    /// Coaching shown to the trainee.
    pub feedback: FeedbackFile,
    /// How the skill is found in replies.
    pub rules: Vec<RuleFile>,
    /// Replies that must and must not show the skill; `rehearse test` runs them.
    #[serde(default)]
    pub examples: ExamplesFile,
}

/// Coaching for a skill.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackFile {
    /// Said when the skill is shown.
    pub hit: String,
    /// Said when it is missing.
    pub miss: String,
    /// A phrasing the trainee could use.
    #[serde(default)]
    pub suggest: Option<String>,
}

/// A skill's own tests.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamplesFile {
    /// Replies that must show the skill.
    #[serde(default)]
    pub hit: Vec<Example>,
    /// Replies that must not show it.
    #[serde(default)]
    pub miss: Vec<Example>,
}

/// A skill example: a reply, or a reply with the customer's line before it (for skills
/// such as active listening that answer what the customer said).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Example {
    /// The reply alone.
    Reply(String),
    /// The reply after a customer line.
    InContext {
        /// What the customer said just before.
        customer: String,
        /// The reply.
        reply: String,
    },
}

impl Example {
    /// The reply.
    pub fn reply(&self) -> &str {
        match self {
            Example::Reply(reply) | Example::InContext { reply, .. } => reply,
        }
    }

    /// The customer's line before it ("" when not given).
    pub fn customer(&self) -> &str {
        match self {
            Example::Reply(_) => "",
            Example::InContext { customer, .. } => customer,
        }
    }
}

/// Which replies a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// At least one reply (for forbid-like rules: no reply).
    #[default]
    Any,
    /// The first reply.
    First,
    /// The opening: the first two replies (an agent often greets, hears the first
    /// complaint, then introduces themselves).
    Opening,
    /// The last reply.
    Last,
    /// Every reply; the score is the share of replies that comply.
    Every,
    /// The final exchange: the last two replies (closing words often come one reply
    /// before the goodbye).
    Final,
    /// The replies right after someone interjected (busy-time scenarios).
    Interjection,
}

/// The kind of question an `ask` rule wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AskKind {
    /// An open question (what, how, tell me, could you describe…).
    Open,
    /// A clarifying or checking question (is that right, do you mean, which…).
    Clarifying,
    /// Any question.
    Any,
}

/// One rule. Exactly one of the kind keys (`require`, `forbid`, `substitute`, `order`,
/// `mirror`, `personalise`, `introduce`, `ask`, `style`) is given; the rest refine it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// A name for the rule in evidence; defaults to `SKILL#N`.
    #[serde(default)]
    pub id: Option<String>,
    /// One of these phrases must occur.
    #[serde(default)]
    pub require: Option<Vec<String>>,
    /// None of these phrases may occur.
    #[serde(default)]
    pub forbid: Option<Vec<String>>,
    /// Forbidden wording with the better wording to show instead.
    #[serde(default)]
    pub substitute: Option<SubstituteFile>,
    /// Phrases of `first` must come before any phrase of `then`.
    #[serde(default)]
    pub order: Option<OrderFile>,
    /// Echo the customer's own key words, without copying them wholesale.
    #[serde(default)]
    pub mirror: Option<MirrorFile>,
    /// Use the customer's name (`true`).
    #[serde(default)]
    pub personalise: Option<bool>,
    /// Say the trainee's own name ("I'm Sam", "Sam here") (`true`).
    #[serde(default)]
    pub introduce: Option<bool>,
    /// Ask a question of this kind.
    #[serde(default)]
    pub ask: Option<AskKind>,
    /// Professional style checks.
    #[serde(default)]
    pub style: Option<StyleFile>,
    /// Regular expressions added to `require` or `forbid` (an escape hatch).
    #[serde(default)]
    pub regex: Option<Vec<String>>,
    /// Which replies the rule looks at.
    #[serde(default)]
    pub scope: Scope,
    /// Only the reply right after this step or interjection id.
    #[serde(default)]
    pub after: Option<String>,
    /// Only replies given while the customer's mood is at least this.
    #[serde(default)]
    pub mood_at_least: Option<u8>,
    /// Breaking this rule fails the run.
    #[serde(default)]
    pub critical: bool,
    /// Allow typos: `auto` (none in words up to 3 letters, one up to 6, two beyond) or a
    /// similarity threshold 0.5–1 for words of 4+ letters (e.g. 0.85).
    #[serde(default)]
    pub fuzzy: Option<FuzzySetting>,
    /// Contexts that cancel a hit they overlap: `require: [to confirm]` with
    /// `unless: [able to confirm]`.
    #[serde(default)]
    pub unless: Option<Vec<String>>,
    /// Phrases that take a hit back when they follow it in the same sentence after "but",
    /// "however", 但是…: "I understand, but that is your problem".
    #[serde(default)]
    pub concession: Option<Vec<String>>,
    /// Cancel a hit preceded by a negation ("not sorry"); on by default for `require`.
    #[serde(default)]
    pub negation: Option<bool>,
    /// Coaching for this rule, shown instead of the skill's miss feedback.
    #[serde(default)]
    pub feedback: Option<String>,
    /// Weight within the skill (> 0).
    #[serde(default = "default_weight")]
    pub weight: f64,
}

/// `fuzzy:` as written: `auto` or a threshold.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FuzzySetting {
    /// A similarity threshold, 0.5–1.
    Ratio(f64),
    /// `auto`.
    Word(String),
}

/// Wording to avoid, and the better wording.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubstituteFile {
    /// Phrases to avoid.
    pub avoid: Vec<String>,
    /// What to say instead.
    pub prefer: String,
}

/// An ordering requirement across the conversation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderFile {
    /// Phrases that must come first (e.g. identity checks).
    pub first: Vec<String>,
    /// Phrases that must not come before them (e.g. account details).
    pub then: Vec<String>,
}

/// Mirroring settings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MirrorFile {
    /// Content words of one of the customer's recent lines (the latest, or the one before
    /// either of the two replies before it) that the reply must reuse.
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// Above this share of the reply copied from the customer, it is an echo, not a mirror.
    #[serde(default = "default_max_copy")]
    pub max_copy: f64,
}

fn default_min_words() -> usize {
    2
}

fn default_max_copy() -> f64 {
    0.8
}

/// Style checks; each given check must pass.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StyleFile {
    /// No words of 3+ letters in capitals (acronyms listed in `allow_caps` excepted).
    #[serde(default)]
    pub no_caps: bool,
    /// Capitalised words allowed anyway (e.g. `ID`, `SMS`).
    #[serde(default)]
    pub allow_caps: Vec<String>,
    /// No "!!" or more.
    #[serde(default)]
    pub no_repeated_exclamation: bool,
    /// At least this many words.
    #[serde(default)]
    pub min_words: Option<usize>,
    /// At most this many words.
    #[serde(default)]
    pub max_words: Option<usize>,
    /// Jargon or slang that must not appear.
    #[serde(default)]
    pub jargon: Vec<String>,
}
