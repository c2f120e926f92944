//! Rubrics: the skills a reply is graded on and the rules that find them.
//!
//! [`RubricFile`] mirrors the YAML; [`Rubric::from_file`] validates it (one rule kind per
//! rule, phrases non-empty, regexes compile, weights positive) so the grading engine can
//! compile it without re-checking anything.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::matcher::Fuzzy;
use crate::matcher::pattern::{self, Lexicon};
use crate::scenario::{Language, check_header, content_hash, is_slug};
use crate::source::SourceFile;
use crate::yaml::Locations;

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
    /// Content words of the customer's last line that the reply must reuse.
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
    /// Validates a parsed file; returns the rubric if usable and every problem found.
    pub fn from_file(
        file: RubricFile,
        source: &Arc<SourceFile>,
        locations: Locations,
    ) -> (Option<Rubric>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let err = |code: &'static str, path: &str, msg: String| {
            Diagnostic::error(code, msg).at(source, locations.value(path))
        };
        let warn = |code: &'static str, path: &str, msg: String| {
            Diagnostic::warning(code, msg).at(source, locations.value(path))
        };
        problems.extend(check_header(file.rehearse, &file.id, "core", &err));
        if !(0.0..=100.0).contains(&file.pass_mark) {
            problems.push(
                err(
                    "out-of-range",
                    "pass_mark",
                    format!("pass mark {} is outside 0–100", file.pass_mark),
                )
                .with_help("the pass mark is a percentage, e.g. `pass_mark: 70`"),
            );
        }
        if file.gaming_penalty < 0.0 {
            problems.push(err(
                "out-of-range",
                "gaming_penalty",
                "gaming_penalty cannot be negative".into(),
            ));
        }
        if file.skills.is_empty() {
            problems.push(err(
                "empty-list",
                "skills",
                "a rubric needs at least one skill".into(),
            ));
        }

        // The rubric's own word classes, over the built-in ones.
        let mut lexicon = builtin_lexicon().clone();
        lexicon.extend(file.lexicon.clone());
        let mut skill_ids = HashSet::new();
        let mut skills = Vec::new();
        for (s, skill) in file.skills.iter().enumerate() {
            let path = format!("skills.{s}");
            if !skill_ids.insert(skill.id.as_str()) {
                problems.push(
                    err(
                        "duplicate-id",
                        &format!("{path}.id"),
                        format!("skill id `{}` is used twice", skill.id),
                    )
                    .with_help("give every skill its own id"),
                );
            }
            if !is_slug(&skill.id) {
                problems.push(err(
                    "bad-id",
                    &format!("{path}.id"),
                    format!("`{}` is not a valid id", skill.id),
                ));
            }
            if skill.weight <= 0.0 || !skill.weight.is_finite() {
                problems.push(
                    err(
                        "bad-weight",
                        &format!("{path}.weight"),
                        format!("weight {} must be greater than 0", skill.weight),
                    )
                    .with_help(
                        "to switch a skill off, remove it; weights are relative, e.g. 1, 2, 3",
                    ),
                );
            }
            if !(0.0..=1.0).contains(&skill.shown_at) {
                problems.push(
                    err(
                        "out-of-range",
                        &format!("{path}.shown_at"),
                        format!("shown_at {} is outside 0–1", skill.shown_at),
                    )
                    .with_help("shown_at is the share of the skill's score that counts as showing it, e.g. 0.5; 1 when every rule must be met"),
                );
            }
            if skill.rules.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("{path}.rules"),
                    format!("skill `{}` has no rules", skill.id),
                ));
            }
            let mut rules = Vec::new();
            for (r, rule) in skill.rules.iter().enumerate() {
                let rpath = format!("{path}.rules.{r}");
                if let Some(rule) = validate_rule(
                    rule,
                    &skill.id,
                    r,
                    &rpath,
                    &lexicon,
                    &mut problems,
                    &err,
                    &warn,
                ) {
                    rules.push(rule);
                }
            }
            // Contradictions: a phrase both required and forbidden in one skill.
            let required: HashSet<String> = rules
                .iter()
                .filter_map(|r| match &r.kind {
                    RuleKind::Require { phrases, .. } => {
                        Some(phrases.iter().map(|p| p.to_lowercase()))
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            for rule in &rules {
                let avoided: Vec<&String> = match &rule.kind {
                    RuleKind::Forbid { phrases, .. } => phrases.iter().collect(),
                    RuleKind::Substitute { avoid, .. } => avoid.iter().collect(),
                    _ => Vec::new(),
                };
                for phrase in avoided {
                    if required.contains(&phrase.to_lowercase()) {
                        problems.push(warn(
                            "contradiction",
                            &rule.path,
                            format!(
                                "`{phrase}` is both required and forbidden in skill `{}`",
                                skill.id
                            ),
                        ));
                    }
                }
            }
            skills.push(Skill {
                id: skill.id.clone(),
                name: skill.name.clone(),
                stage: skill.stage.clone(),
                weight: skill.weight,
                critical: skill.critical,
                shown_at: skill.shown_at,
                feedback: skill.feedback.clone(),
                rules,
                examples: skill.examples.clone(),
                path,
            });
        }
        let has_errors = problems.iter().any(Diagnostic::is_error);
        let rubric = (!has_errors).then(|| Rubric {
            id: file.id,
            title: file.title,
            description: file.description,
            language: file.language,
            pass_mark: file.pass_mark,
            gaming_penalty: file.gaming_penalty,
            example_facts: file.example_facts,
            lexicon,
            skills,
            hash: content_hash(&source.text),
            source: Arc::clone(source),
            locations,
        });
        (rubric, problems)
    }

    /// A skill by id.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }
}

/// The built-in word classes every rubric can use (src/lexicon.yaml), read once.
pub fn builtin_lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        crate::yaml::from_builtin(include_str!("lexicon.yaml"))
            .expect("the built-in lexicon is valid YAML (a test loads it)")
    })
}

const KIND_KEYS: &str =
    "require, forbid, substitute, order, mirror, personalise, introduce, ask, style";

#[allow(clippy::too_many_arguments)]
fn validate_rule(
    rule: &RuleFile,
    skill: &str,
    index: usize,
    path: &str,
    lexicon: &Lexicon,
    problems: &mut Vec<Diagnostic>,
    err: &dyn Fn(&'static str, &str, String) -> Diagnostic,
    warn: &dyn Fn(&'static str, &str, String) -> Diagnostic,
) -> Option<Rule> {
    let mut kinds: Vec<RuleKind> = Vec::new();
    let regex = rule.regex.clone().unwrap_or_default();
    if let Some(phrases) = &rule.require {
        kinds.push(RuleKind::Require {
            phrases: phrases.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(phrases) = &rule.forbid {
        kinds.push(RuleKind::Forbid {
            phrases: phrases.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(s) = &rule.substitute {
        kinds.push(RuleKind::Substitute {
            avoid: s.avoid.clone(),
            prefer: s.prefer.clone(),
        });
    }
    if let Some(o) = &rule.order {
        kinds.push(RuleKind::Order {
            first: o.first.clone(),
            then: o.then.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(m) = &rule.mirror {
        kinds.push(RuleKind::Mirror {
            min_words: m.min_words,
            max_copy: m.max_copy,
        });
    }
    // `personalise: true` and `introduce: true` are switches; `false` checks nothing.
    for (set, key, kind) in [
        (rule.personalise, "personalise", RuleKind::Personalise),
        (rule.introduce, "introduce", RuleKind::Introduce),
    ] {
        let Some(on) = set else { continue };
        if !on {
            problems.push(warn(
                "never-fires",
                path,
                format!("`{key}: false` checks nothing; remove the rule"),
            ));
        }
        kinds.push(kind);
    }
    if let Some(kind) = rule.ask {
        kinds.push(RuleKind::Ask(kind));
    }
    if let Some(style) = &rule.style {
        kinds.push(RuleKind::Style(style.clone()));
    }
    if rule.regex.is_some()
        && rule.require.is_none()
        && rule.forbid.is_none()
        && rule.order.is_none()
    {
        // A regex alone acts as a require rule.
        kinds.push(RuleKind::Require {
            phrases: Vec::new(),
            regex: regex.clone(),
        });
    }
    let kind = match kinds.len() {
        1 => kinds.pop().expect("one kind"),
        0 => {
            problems.push(
                err(
                    "no-rule-kind",
                    path,
                    format!(
                        "rule {} of skill `{skill}` says nothing to check",
                        index + 1
                    ),
                )
                .with_help(format!("give it one of: {KIND_KEYS}")),
            );
            return None;
        }
        _ => {
            let names: Vec<&str> = kinds.iter().map(RuleKind::name).collect();
            problems.push(
                err(
                    "several-rule-kinds",
                    path,
                    format!(
                        "rule {} of skill `{skill}` mixes {}",
                        index + 1,
                        names.join(" and ")
                    ),
                )
                .with_help("split it into one rule per kind"),
            );
            return None;
        }
    };
    let mut ok = true;
    let mut check_phrases = |key: &str, phrases: &[String], allow_empty: bool| {
        if phrases.is_empty() && !allow_empty {
            problems.push(
                err(
                    "empty-list",
                    &format!("{path}.{key}"),
                    format!("`{key}` has no phrases, so it can never fire"),
                )
                .with_help("list at least one phrase"),
            );
            ok = false;
        }
        for (i, phrase) in phrases.iter().enumerate() {
            if phrase.trim().is_empty() || phrase.trim() == "*" {
                problems.push(err(
                    "empty-phrase",
                    &format!("{path}.{key}.{i}"),
                    "this phrase is empty and matches nothing".into(),
                ));
                ok = false;
            }
            if phrase.trim().starts_with('*') || phrase.trim().ends_with('*') {
                problems.push(
                    err(
                        "bad-gap",
                        &format!("{path}.{key}.{i}"),
                        format!("`{phrase}` starts or ends with a gap"),
                    )
                    .with_help("a gap `*` goes between words: `thank * for`"),
                );
                ok = false;
            }
        }
    };
    match &kind {
        RuleKind::Require { phrases, regex } | RuleKind::Forbid { phrases, regex } => {
            let key = kind.name();
            check_phrases(key, phrases, !regex.is_empty());
            for (i, pattern) in regex.iter().enumerate() {
                if let Err(e) = regex::Regex::new(pattern) {
                    problems.push(
                        err(
                            "bad-regex",
                            &format!("{path}.regex.{i}"),
                            format!(
                                "this regular expression does not compile: {}",
                                first_line(&e.to_string())
                            ),
                        )
                        .with_help("prefer plain phrases; regexes are an escape hatch"),
                    );
                    ok = false;
                }
            }
        }
        RuleKind::Substitute { avoid, prefer } => {
            check_phrases("substitute.avoid", avoid, false);
            if prefer.trim().is_empty() {
                problems.push(err(
                    "empty-phrase",
                    &format!("{path}.substitute.prefer"),
                    "`prefer` is empty: say what to write instead".into(),
                ));
                ok = false;
            }
        }
        RuleKind::Order { first, then, .. } => {
            check_phrases("order.first", first, false);
            check_phrases("order.then", then, false);
        }
        RuleKind::Mirror {
            min_words,
            max_copy,
        } => {
            if *min_words == 0 {
                problems.push(warn(
                    "never-fires",
                    &format!("{path}.mirror.min_words"),
                    "`min_words: 0` is always met".into(),
                ));
            }
            if !(0.0..=1.0).contains(max_copy) {
                problems.push(err(
                    "out-of-range",
                    &format!("{path}.mirror.max_copy"),
                    format!("max_copy {max_copy} is outside 0–1"),
                ));
                ok = false;
            }
        }
        RuleKind::Style(style) => {
            let checks_something = style.no_caps
                || style.no_repeated_exclamation
                || style.min_words.is_some()
                || style.max_words.is_some()
                || !style.jargon.is_empty();
            if !checks_something {
                problems.push(warn(
                    "never-fires",
                    &format!("{path}.style"),
                    "this style rule checks nothing".into(),
                ));
            }
            if let (Some(min), Some(max)) = (style.min_words, style.max_words)
                && min > max
            {
                problems.push(err(
                    "contradiction",
                    &format!("{path}.style"),
                    format!("min_words {min} is above max_words {max}: no reply can pass"),
                ));
                ok = false;
            }
        }
        RuleKind::Personalise | RuleKind::Introduce | RuleKind::Ask(_) => {}
    }
    let fuzzy = match &rule.fuzzy {
        None => None,
        Some(FuzzySetting::Ratio(threshold)) if (0.5..=1.0).contains(threshold) => {
            Some(Fuzzy::Ratio(*threshold))
        }
        Some(FuzzySetting::Word(word)) if word == "auto" => Some(Fuzzy::Auto),
        Some(setting) => {
            let shown = match setting {
                FuzzySetting::Ratio(t) => format!("fuzzy threshold {t} is outside 0.5–1"),
                FuzzySetting::Word(w) => format!("`fuzzy: {w}` is not a typo tolerance"),
            };
            problems.push(
                err("out-of-range", &format!("{path}.fuzzy"), shown).with_help(
                    "write `fuzzy: auto` (one typo in words of 4–6 letters, two beyond), or a threshold such as 0.85",
                ),
            );
            ok = false;
            None
        }
    };
    if rule.weight <= 0.0 || !rule.weight.is_finite() {
        problems.push(err(
            "bad-weight",
            &format!("{path}.weight"),
            format!("weight {} must be greater than 0", rule.weight),
        ));
        ok = false;
    }
    if let Some(mood) = rule.mood_at_least
        && mood > 10
    {
        problems.push(err(
            "out-of-range",
            &format!("{path}.mood_at_least"),
            format!("mood {mood} is outside 0–10"),
        ));
        ok = false;
    }
    if rule.after.is_some() && rule.scope != Scope::Any {
        problems.push(warn(
            "scope-ignored",
            &format!("{path}.scope"),
            "`after` already picks the reply; `scope` is ignored".into(),
        ));
    }
    // The phrase language (groups, options, @classes, inflections) is checked here, so
    // that grading can expand every phrase without a failure; phrases stay as written.
    let mut check_language = |key: &str, phrases: &[String]| {
        for (i, phrase) in phrases.iter().enumerate() {
            if let Err(e) = pattern::expand(phrase, lexicon) {
                let mut d = err("bad-phrase", &format!("{path}.{key}.{i}"), e.to_string());
                if let pattern::PatternError::UnknownClass(name) = &e {
                    d = d.suggest(
                        name,
                        lexicon.keys().map(String::as_str),
                        "define it under `lexicon:` at the top of the rubric",
                    );
                }
                problems.push(d);
                ok = false;
            }
        }
    };
    match &kind {
        RuleKind::Require { phrases, .. } => check_language("require", phrases),
        RuleKind::Forbid { phrases, .. } => check_language("forbid", phrases),
        RuleKind::Substitute { avoid, .. } => check_language("substitute.avoid", avoid),
        RuleKind::Order { first, then, .. } => {
            check_language("order.first", first);
            check_language("order.then", then);
        }
        RuleKind::Style(style) => check_language("style.jargon", &style.jargon),
        RuleKind::Mirror { .. }
        | RuleKind::Personalise
        | RuleKind::Introduce
        | RuleKind::Ask(_) => {}
    }
    let unless = rule.unless.clone().unwrap_or_default();
    let concession = rule.concession.clone().unwrap_or_default();
    check_language("unless", &unless);
    check_language("concession", &concession);
    if !ok {
        return None;
    }
    let negation = rule
        .negation
        .unwrap_or(matches!(kind, RuleKind::Require { .. }));
    Some(Rule {
        id: rule
            .id
            .clone()
            .unwrap_or_else(|| format!("{skill}#{}", index + 1)),
        kind,
        scope: rule.scope,
        after: rule.after.clone(),
        mood_at_least: rule.mood_at_least,
        critical: rule.critical,
        fuzzy,
        unless,
        concession,
        negation,
        feedback: rule.feedback.clone(),
        weight: rule.weight,
        path: path.to_string(),
    })
}

fn first_line(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_string()
}
