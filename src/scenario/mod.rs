//! Scenarios: who the customer is and how the conversation can go.
//!
//! [`ScenarioFile`] mirrors the YAML a trainer writes; [`Scenario::from_file`] validates it
//! into a model whose step references are indices, so the customer engine never has to
//! look anything up or handle a dangling id.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::SourceFile;
use crate::yaml::Locations;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The kind of customer, which decides what the trainee is expected to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Persona {
    /// An ordinary customer.
    #[default]
    Standard,
    /// Upset from the start; escalates on dismissive wording, calms with empathy and ownership.
    Angry,
    /// Has history with the business that the trainee should recognise and use.
    Returning,
    /// Several people at once: address the group, then individuals.
    Group,
    /// Other customers wait and interject; acknowledge them with a wait estimate.
    BusyTime,
}

impl Persona {
    /// Every persona, in display order.
    pub const ALL: [Persona; 5] = [
        Persona::Standard,
        Persona::Angry,
        Persona::Returning,
        Persona::Group,
        Persona::BusyTime,
    ];

    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Persona::Standard => "standard",
            Persona::Angry => "angry",
            Persona::Returning => "returning",
            Persona::Group => "group",
            Persona::BusyTime => "busy-time",
        }
    }
}

/// How the customer reaches the trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// A phone call.
    Phone,
    /// Live chat.
    Chat,
    /// Email: replies may span several lines.
    Email,
    /// Face to face at a desk or counter.
    InPerson,
}

impl Channel {
    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::InPerson => "in-person",
        }
    }
}

/// The language replies are written in; decides the negation words and word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

/// How a conversation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// The customer's need was met.
    Resolved,
    /// Handed to a manager or specialist.
    Escalated,
    /// The customer gave up and left.
    WalkedOut,
    /// The scenario's turn limit was reached.
    TurnLimit,
    /// The trainee stopped early (Ctrl-C, Ctrl-D, /quit, a crash).
    Abandoned,
}

impl Ending {
    /// The name used in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Ending::Resolved => "resolved",
            Ending::Escalated => "escalated",
            Ending::WalkedOut => "walked-out",
            Ending::TurnLimit => "turn-limit",
            Ending::Abandoned => "abandoned",
        }
    }
}

/// A scenario file as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Format version; must be 1.
    pub rehearse: u32,
    /// Unique id, used on the command line (`rehearse play late-delivery`).
    pub id: String,
    /// One-line title shown in `rehearse list`.
    pub title: String,
    /// The kind of customer.
    #[serde(default)]
    pub persona: Persona,
    /// How the customer reaches the trainee.
    pub channel: Channel,
    /// 1 (gentle) to 5 (hard).
    #[serde(default = "default_difficulty")]
    pub difficulty: u8,
    /// Language of the conversation.
    #[serde(default)]
    pub language: Language,
    /// What the trainee is told before the conversation starts.
    pub brief: String,
    /// The main customer.
    pub customer: CustomerFile,
    /// Other people in the conversation (group scenarios).
    #[serde(default)]
    pub speakers: Vec<SpeakerFile>,
    /// Ids of the rubrics that grade this scenario.
    pub rubrics: Vec<String>,
    /// Pass mark in percent; defaults to the highest pass mark among the rubrics.
    #[serde(default)]
    pub pass_mark: Option<f64>,
    /// The conversation ends with `turn-limit` after this many trainee replies.
    #[serde(default = "default_turn_limit")]
    pub turn_limit: u32,
    /// Id of the first step; defaults to the first step listed.
    #[serde(default)]
    pub start: Option<String>,
    /// The conversation graph.
    pub steps: Vec<StepFile>,
    /// What must have happened for a `resolved` ending to count: the customer's issue
    /// addressed (e.g. `{done: [expectation-setting]}`). Until it holds, a transition into
    /// a `resolved` step keeps the customer where they are; a rude reply never resolves.
    #[serde(default)]
    pub resolved_when: Option<ConditionFile>,
    /// Other customers who break in while the trainee is busy (busy-time scenarios).
    #[serde(default)]
    pub interjections: Vec<InterjectionFile>,
    /// Scripted play-throughs checked by `rehearse test`.
    #[serde(default)]
    pub examples: Vec<ExampleFile>,
}

fn default_difficulty() -> u8 {
    3
}

fn default_turn_limit() -> u32 {
    12
}

/// The main customer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerFile {
    /// Full name; `{customer.name}` and `{customer.first_name}` in lines and phrases.
    pub name: String,
    /// Starting mood, 0 (calm) to 10 (furious).
    #[serde(default = "default_mood")]
    pub mood: u8,
    /// The customer walks out when mood reaches this (default 10).
    #[serde(default = "default_walk_out_at")]
    pub walk_out_at: u8,
    /// Seconds the customer waits for a reply before getting more upset (the REPL only).
    #[serde(default)]
    pub patience_seconds: Option<u32>,
    /// Facts usable as `{placeholders}`: order numbers, products, dates.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    /// Past dealings with the business (returning customers), shown in the brief.
    #[serde(default)]
    pub history: Vec<String>,
    /// What the customer says when walking out; a default line is used if empty.
    #[serde(default)]
    pub walk_out: Vec<String>,
    /// What the customer can tell the trainee when asked: a fact id and how to say it
    /// (`order: "It's {order}."`), or `{say: [...], asked_by: [phrases]}`. Well-known ids
    /// (`order`, `postcode`, `name`, `address`, `what-happened`, `when-started`, …) are
    /// recognised in EN and ZH questions without `asked_by`.
    #[serde(default)]
    pub knows: BTreeMap<String, KnowFile>,
    /// Extra phrases this customer takes as rude (besides the built-in list).
    #[serde(default)]
    pub rude: Vec<String>,
}

/// Something the customer knows and can say when asked.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum KnowFile {
    /// How to say it; asked for by the built-in phrases for this fact id.
    Line(String),
    /// Several ways to say it, and the phrases that ask for it.
    Full {
        /// How to say it: variants, used up before any repeats.
        say: Vec<String>,
        /// Words or phrases that ask for it ("order number", "订单号"), besides the
        /// built-in ones for a well-known fact id.
        #[serde(default)]
        asked_by: Vec<String>,
    },
}

impl KnowFile {
    /// The ways to say it.
    pub fn lines(&self) -> Vec<String> {
        match self {
            KnowFile::Line(line) => vec![line.clone()],
            KnowFile::Full { say, .. } => say.clone(),
        }
    }

    /// Phrases that ask for it, besides the built-in ones.
    pub fn asked_by(&self) -> &[String] {
        match self {
            KnowFile::Line(_) => &[],
            KnowFile::Full { asked_by, .. } => asked_by,
        }
    }
}

fn default_mood() -> u8 {
    3
}

fn default_walk_out_at() -> u8 {
    10
}

/// Another named person in a group conversation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeakerFile {
    /// Id used by steps' `speaker`.
    pub id: String,
    /// Name shown before their lines.
    pub name: String,
    /// Their own starting mood (0–10); the main customer's when absent.
    #[serde(default)]
    pub mood: Option<u8>,
}

/// One point in the conversation: the customer speaks, the trainee replies, and the reply
/// decides where to go next.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    /// Unique id within the scenario.
    pub id: String,
    /// Who speaks: a `speakers` id; the main customer when absent.
    #[serde(default)]
    pub speaker: Option<String>,
    /// What they say: one variant is picked by the seeded random generator.
    pub say: Vec<String>,
    /// Transitions, tried in order; the first whose condition holds is taken. When none
    /// holds the customer stays on this step and says one of its lines again.
    #[serde(default)]
    pub next: Vec<TransitionFile>,
    /// Marks an ending step: the conversation ends after its line.
    #[serde(default)]
    pub end: Option<Ending>,
    /// Facts (`knows` ids) this step's line already gives, so the customer does not say
    /// them again when asked, and conditions on `given` see them.
    #[serde(default)]
    pub gives: Vec<String>,
}

/// Where the conversation goes after a reply.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionFile {
    /// The condition; always true when absent.
    #[serde(default)]
    pub when: Option<ConditionFile>,
    /// Mood change, e.g. -2 when calmed, +3 when provoked.
    #[serde(default)]
    pub mood: i32,
    /// The next step's id.
    pub goto: String,
}

/// A condition on the trainee's reply. Every part given must hold.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    /// Skills (ids from this scenario's rubrics) all shown in the reply.
    #[serde(default)]
    pub shows: Vec<String>,
    /// Skills none of which is shown in the reply.
    #[serde(default)]
    pub misses: Vec<String>,
    /// Phrases of which at least one occurs in the reply (matched like rubric phrases).
    #[serde(default)]
    pub says: Vec<String>,
    /// Customer's mood is at least this (before the change).
    #[serde(default)]
    pub mood_at_least: Option<u8>,
    /// Customer's mood is at most this (before the change).
    #[serde(default)]
    pub mood_at_most: Option<u8>,
    /// Skills shown in this reply or any earlier one: work done early counts later.
    #[serde(default)]
    pub done: Vec<String>,
    /// Skills shown in no reply so far, this one included.
    #[serde(default)]
    pub not_done: Vec<String>,
    /// Facts (`knows` or well-known ids) the trainee has asked for, in this reply or earlier.
    #[serde(default)]
    pub asked: Vec<String>,
    /// Facts the customer has already given (answered, or said in a step with `gives`).
    #[serde(default)]
    pub given: Vec<String>,
    /// What the trainee has promised so far: `day` (a day or a timeframe), `refund`.
    #[serde(default)]
    pub promised: Vec<String>,
}

impl ConditionFile {
    /// Whether the condition holds whatever is said: nothing in it is a test.
    pub fn is_empty(&self) -> bool {
        self.shows.is_empty()
            && self.misses.is_empty()
            && self.says.is_empty()
            && self.mood_at_least.is_none()
            && self.mood_at_most.is_none()
            && self.done.is_empty()
            && self.not_done.is_empty()
            && self.asked.is_empty()
            && self.given.is_empty()
            && self.promised.is_empty()
    }

    /// Whether the condition needs a skill (so a reply that shows none cannot meet it).
    pub fn needs_skill(&self) -> bool {
        !self.shows.is_empty() || !self.done.is_empty()
    }
}

/// Someone else breaking in (busy-time scenarios).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterjectionFile {
    /// Unique id; rubric rules can target the reply after it with `after: ID`.
    pub id: String,
    /// Who breaks in (a name shown before the line).
    pub speaker: String,
    /// It comes right after the trainee's reply number N (1 = after the first reply).
    pub after_turn: u32,
    /// What they say: one variant is picked by the seeded random generator.
    pub say: Vec<String>,
    /// Skills the next reply should show toward them (e.g. `busy-acknowledge`).
    #[serde(default)]
    pub expects: Vec<String>,
    /// What they say when the reply does not show those skills (mood of the main customer
    /// is unaffected; the rubric scores it).
    #[serde(default)]
    pub if_ignored: Vec<String>,
}

/// A scripted play-through checked by `rehearse test`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// A name for the report, e.g. `good` or `dismissive`.
    pub name: String,
    /// Seed for the customer's line choices.
    #[serde(default)]
    pub seed: u64,
    /// The trainee's replies, in order.
    pub replies: Vec<String>,
    /// What must come out of it.
    pub expect: ExpectFile,
}

/// Expected outcome of an example play-through.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectFile {
    /// The ending reached.
    #[serde(default)]
    pub ending: Option<Ending>,
    /// Whether the run passes.
    #[serde(default)]
    pub passed: Option<bool>,
    /// Lowest acceptable total score (percent).
    #[serde(default)]
    pub min_score: Option<f64>,
    /// Highest acceptable total score (percent).
    #[serde(default)]
    pub max_score: Option<f64>,
    /// Skills that must score below 0.5 (the bad example fails for the right reasons).
    #[serde(default)]
    pub weak: Vec<String>,
}

/// A validated scenario: ids resolved to indices, ready for the customer engine.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Persona.
    pub persona: Persona,
    /// Channel.
    pub channel: Channel,
    /// 1–5.
    pub difficulty: u8,
    /// Language.
    pub language: Language,
    /// Brief for the trainee.
    pub brief: String,
    /// The main customer.
    pub customer: CustomerFile,
    /// Other speakers.
    pub speakers: Vec<SpeakerFile>,
    /// Rubric ids.
    pub rubrics: Vec<String>,
    /// Pass mark override.
    pub pass_mark: Option<f64>,
    /// Turn limit.
    pub turn_limit: u32,
    /// Index of the first step.
    pub start: usize,
    /// Steps.
    pub steps: Vec<Step>,
    /// Interjections.
    pub interjections: Vec<InterjectionFile>,
    /// What a `resolved` ending needs (see [`ScenarioFile::resolved_when`]).
    pub resolved_when: Option<ConditionFile>,
    /// Example play-throughs.
    pub examples: Vec<ExampleFile>,
    /// `sha256:` of the file's text; transcripts record it.
    pub hash: String,
    /// The file it came from.
    pub source: Arc<SourceFile>,
    /// Positions in that file.
    pub locations: Locations,
}

/// A validated step.
#[derive(Debug, Clone)]
pub struct Step {
    /// Id.
    pub id: String,
    /// Index into `speakers`, or `None` for the main customer.
    pub speaker: Option<usize>,
    /// Line variants.
    pub say: Vec<String>,
    /// Transitions with resolved targets.
    pub next: Vec<Transition>,
    /// Ending, if this step ends the conversation.
    pub end: Option<Ending>,
    /// Facts its line gives.
    pub gives: Vec<String>,
}

/// A validated transition.
#[derive(Debug, Clone)]
pub struct Transition {
    /// Condition (empty = always).
    pub when: ConditionFile,
    /// Mood change.
    pub mood: i32,
    /// Index of the next step.
    pub goto: usize,
}

impl Scenario {
    /// Validates a parsed file. Returns the scenario (if it is usable) and every problem
    /// found, errors and warnings alike.
    pub fn from_file(
        file: ScenarioFile,
        source: &Arc<SourceFile>,
        locations: Locations,
    ) -> (Option<Scenario>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let at = |path: &str| locations.value(path);
        let err = |code: &'static str, path: &str, msg: String| {
            Diagnostic::error(code, msg).at(source, at(path))
        };
        let warn = |code: &'static str, path: &str, msg: String| {
            Diagnostic::warning(code, msg).at(source, at(path))
        };

        problems.extend(check_header(file.rehearse, &file.id, "late-delivery", &err));
        if !(1..=5).contains(&file.difficulty) {
            problems.push(err(
                "out-of-range",
                "difficulty",
                format!("difficulty {} is outside 1–5", file.difficulty),
            ));
        }
        if file.customer.mood > 10 {
            problems.push(err(
                "out-of-range",
                "customer.mood",
                format!("mood {} is outside 0–10", file.customer.mood),
            ));
        }
        if file.customer.walk_out_at == 0 || file.customer.walk_out_at > 10 {
            problems.push(err(
                "out-of-range",
                "customer.walk_out_at",
                format!("walk_out_at {} is outside 1–10", file.customer.walk_out_at),
            ));
        }
        if file.turn_limit == 0 {
            problems.push(err(
                "out-of-range",
                "turn_limit",
                "turn_limit must be at least 1".into(),
            ));
        }
        if let Some(mark) = file.pass_mark
            && !(0.0..=100.0).contains(&mark)
        {
            problems.push(err(
                "out-of-range",
                "pass_mark",
                format!("pass mark {mark} is outside 0–100"),
            ));
        }
        if file.rubrics.is_empty() {
            problems.push(
                err(
                    "empty-list",
                    "rubrics",
                    "a scenario needs at least one rubric".into(),
                )
                .with_help(
                    "e.g. `rubrics: [core]`; `rehearse list --rubrics` shows the built-in ones",
                ),
            );
        }
        if file.steps.is_empty() {
            problems.push(err(
                "empty-list",
                "steps",
                "a scenario needs at least one step".into(),
            ));
        }
        match file.persona {
            Persona::Group if file.speakers.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a group scenario needs `speakers` besides the main customer".into(),
                )
                .with_help(
                    "add `speakers: [{id: sam, name: Sam}]` and give some steps `speaker: sam`",
                ),
            ),
            Persona::BusyTime if file.interjections.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a busy-time scenario needs at least one interjection".into(),
                )
                .with_help("add `interjections:` with another customer who breaks in"),
            ),
            Persona::Returning if file.customer.history.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a returning customer needs `customer.history`".into(),
                )
                .with_help("list past orders or visits the trainee should recognise"),
            ),
            _ => {}
        }

        // Placeholders: every `{name}` must be a fact or a customer field.
        let mut known: Vec<String> = file.customer.facts.keys().cloned().collect();
        known.extend([
            "customer.name".to_string(),
            "customer.first_name".to_string(),
            "promised.day".to_string(),
            "promised.refund".to_string(),
        ]);
        known.extend(file.speakers.iter().map(|s| format!("speaker.{}", s.id)));
        let check_placeholders = |text: &str, path: &str, problems: &mut Vec<Diagnostic>| {
            for name in placeholders(text) {
                if !known.iter().any(|k| k == &name) {
                    let mut d = err(
                        "unknown-placeholder",
                        path,
                        format!("placeholder `{{{name}}}` names no fact"),
                    );
                    d = match did_you_mean(&name, known.iter().map(String::as_str)) {
                        Some(best) => d.with_help(format!("did you mean `{{{best}}}`?")),
                        None => {
                            d.with_help("add it under `customer.facts`, or use `{customer.name}`")
                        }
                    };
                    problems.push(d);
                }
            }
        };

        let mut speaker_ids = HashSet::new();
        for (i, speaker) in file.speakers.iter().enumerate() {
            if !speaker_ids.insert(speaker.id.as_str()) {
                problems.push(err(
                    "duplicate-id",
                    &format!("speakers.{i}.id"),
                    format!("speaker id `{}` is used twice", speaker.id),
                ));
            }
        }

        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, step) in file.steps.iter().enumerate() {
            if index.insert(step.id.as_str(), i).is_some() {
                problems.push(
                    err(
                        "duplicate-id",
                        &format!("steps.{i}.id"),
                        format!("step id `{}` is used twice", step.id),
                    )
                    .with_help("give every step its own id"),
                );
            }
        }
        let step_ids: Vec<&str> = file.steps.iter().map(|s| s.id.as_str()).collect();
        let resolve = |id: &str, path: &str, problems: &mut Vec<Diagnostic>| -> Option<usize> {
            match index.get(id) {
                Some(i) => Some(*i),
                None => {
                    let d = err("unknown-step", path, format!("no step has the id `{id}`"));
                    let steps_here = format!("steps here: {}", step_ids.join(", "));
                    problems.push(d.suggest(id, step_ids.iter().copied(), steps_here));
                    None
                }
            }
        };

        let start = match &file.start {
            Some(id) => resolve(id, "start", &mut problems),
            None => (!file.steps.is_empty()).then_some(0),
        };

        let mut steps = Vec::new();
        for (i, step) in file.steps.iter().enumerate() {
            let path = format!("steps.{i}");
            if step.say.is_empty() {
                problems.push(
                    err(
                        "empty-list",
                        &format!("{path}.say"),
                        format!("step `{}` says nothing", step.id),
                    )
                    .with_help("give at least one line under `say:`"),
                );
            }
            for (j, line) in step.say.iter().enumerate() {
                check_placeholders(line, &format!("{path}.say.{j}"), &mut problems);
            }
            let speaker = match &step.speaker {
                None => None,
                Some(id) => match file.speakers.iter().position(|s| &s.id == id) {
                    Some(p) => Some(p),
                    None => {
                        let d = err(
                            "unknown-speaker",
                            &format!("{path}.speaker"),
                            format!("no speaker has the id `{id}`"),
                        );
                        problems.push(d.suggest(
                            id,
                            file.speakers.iter().map(|s| s.id.as_str()),
                            "declare it under `speakers:`",
                        ));
                        None
                    }
                },
            };
            if step.end.is_none() && step.next.is_empty() {
                problems.push(
                    err("dead-end", &format!("{path}.id"), format!("step `{}` has no way out and is not an ending", step.id))
                        .with_help("add `next:` transitions, or mark it `end: resolved` (or escalated, walked-out)"),
                );
            }
            if let Some(end) = step.end {
                if matches!(end, Ending::TurnLimit | Ending::Abandoned) {
                    problems.push(
                        err(
                            "bad-ending",
                            &format!("{path}.end"),
                            format!("`{}` is set by the engine, not by a step", end.name()),
                        )
                        .with_help("use resolved, escalated or walked-out"),
                    );
                }
                if !step.next.is_empty() {
                    problems.push(warn(
                        "ending-with-next",
                        &format!("{path}.next"),
                        format!(
                            "step `{}` is an ending, so its `next` is never used",
                            step.id
                        ),
                    ));
                }
            }
            let mut next = Vec::new();
            for (k, t) in step.next.iter().enumerate() {
                let tpath = format!("{path}.next.{k}");
                if let Some(goto) = resolve(&t.goto, &format!("{tpath}.goto"), &mut problems) {
                    let when = t.when.clone().unwrap_or_default();
                    for (m, phrase) in when.says.iter().enumerate() {
                        if phrase.trim().is_empty() {
                            problems.push(err(
                                "empty-phrase",
                                &format!("{tpath}.when.says.{m}"),
                                "an empty phrase matches nothing".into(),
                            ));
                        }
                    }
                    for bound in [when.mood_at_least, when.mood_at_most]
                        .into_iter()
                        .flatten()
                    {
                        if bound > 10 {
                            problems.push(err(
                                "out-of-range",
                                &format!("{tpath}.when"),
                                format!("mood bound {bound} is outside 0–10"),
                            ));
                        }
                    }
                    next.push(Transition {
                        when,
                        mood: t.mood,
                        goto,
                    });
                }
            }
            if step.end.is_none()
                && let Some(last) = step.next.last()
                && last.when.is_some()
            {
                problems.push(
                    warn("no-fallback", &format!("{path}.next"), format!("step `{}` has no unconditional transition", step.id))
                        .with_help("when no condition holds the customer repeats this step; add a last `- goto: …` without `when` to say what happens instead"),
                );
            }
            steps.push(Step {
                id: step.id.clone(),
                speaker,
                say: step.say.clone(),
                next,
                end: step.end,
                gives: step.gives.clone(),
            });
        }

        for (i, inter) in file.interjections.iter().enumerate() {
            if inter.say.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("interjections.{i}.say"),
                    format!("interjection `{}` says nothing", inter.id),
                ));
            }
            if inter.after_turn == 0 || inter.after_turn >= file.turn_limit {
                problems.push(warn(
                    "never-heard",
                    &format!("interjections.{i}.after_turn"),
                    format!(
                        "interjection `{}` comes after reply {}, outside 1–{}",
                        inter.id,
                        inter.after_turn,
                        file.turn_limit.saturating_sub(1)
                    ),
                ));
            }
            if index.contains_key(inter.id.as_str()) {
                problems.push(err(
                    "duplicate-id",
                    &format!("interjections.{i}.id"),
                    format!("`{}` is already a step id", inter.id),
                ));
            }
            for (j, line) in inter.say.iter().chain(&inter.if_ignored).enumerate() {
                check_placeholders(line, &format!("interjections.{i}.say.{j}"), &mut problems);
            }
        }
        for (fact, know) in &file.customer.knows {
            let lines = know.lines();
            if lines.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("customer.knows.{fact}"),
                    format!("the customer knows `{fact}` but has no way to say it"),
                ));
            }
            if !crate::customer::is_well_known(fact) && know.asked_by().is_empty() {
                problems.push(
                    warn(
                        "never-asked",
                        &format!("customer.knows.{fact}"),
                        format!("`{fact}` is not a well-known fact, so no question asks for it"),
                    )
                    .with_help("give it `asked_by: [phrases]`, or use a well-known id such as `order`, `postcode`, `name`, `address`, `what-happened`, `when-started`"),
                );
            }
            for line in &lines {
                check_placeholders(line, &format!("customer.knows.{fact}"), &mut problems);
            }
        }
        let fact_known = |fact: &str| {
            file.customer.knows.contains_key(fact) || crate::customer::is_well_known(fact)
        };
        let mut conditions: Vec<(String, &ConditionFile)> = Vec::new();
        for (i, step) in file.steps.iter().enumerate() {
            for (k, t) in step.next.iter().enumerate() {
                if let Some(when) = &t.when {
                    conditions.push((format!("steps.{i}.next.{k}.when"), when));
                }
            }
            for (k, fact) in step.gives.iter().enumerate() {
                if !fact_known(fact) {
                    problems.push(warn(
                        "unknown-fact",
                        &format!("steps.{i}.gives.{k}"),
                        format!("`{fact}` is not under `customer.knows`"),
                    ));
                }
            }
        }
        if let Some(when) = &file.resolved_when {
            conditions.push(("resolved_when".to_string(), when));
        }
        for (path, when) in &conditions {
            for (k, fact) in when.asked.iter().chain(&when.given).enumerate() {
                if !fact_known(fact) {
                    let d = warn(
                        "unknown-fact",
                        path,
                        format!(
                            "`{fact}` (item {}) is neither under `customer.knows` nor a well-known fact",
                            k + 1
                        ),
                    );
                    problems.push(d.suggest(
                        fact,
                        file.customer.knows.keys().map(String::as_str),
                        "declare it under `customer.knows`",
                    ));
                }
            }
            for (k, promise) in when.promised.iter().enumerate() {
                if !matches!(promise.as_str(), "day" | "refund") {
                    problems.push(
                        err(
                            "unknown-promise",
                            &format!("{path}.promised.{k}"),
                            format!("`{promise}` is not something the customer tracks"),
                        )
                        .with_help("use `day` or `refund`"),
                    );
                }
            }
        }
        for (i, line) in file.customer.walk_out.iter().enumerate() {
            check_placeholders(line, &format!("customer.walk_out.{i}"), &mut problems);
        }
        check_placeholders(&file.brief, "brief", &mut problems);
        for (i, example) in file.examples.iter().enumerate() {
            if example.replies.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("examples.{i}.replies"),
                    format!("example `{}` has no replies", example.name),
                ));
            }
        }

        // A `resolved` ending that a reply showing no skill can reach: only the engine's
        // rudeness guard stands between "Whatever." and "Thanks, bye".
        let resolved_needs_skill = file.resolved_when.as_ref().is_some_and(|w| w.needs_skill());
        if !resolved_needs_skill && steps.len() == file.steps.len() {
            for (i, step) in steps.iter().enumerate() {
                for (k, t) in step.next.iter().enumerate() {
                    if steps[t.goto].end == Some(Ending::Resolved) && !t.when.needs_skill() {
                        problems.push(
                            warn(
                                "resolved-by-rudeness",
                                &format!("steps.{i}.next.{k}"),
                                format!(
                                    "a reply showing no skill at all (a rude one, say) leads from `{}` to the resolved ending `{}`",
                                    step.id, steps[t.goto].id
                                ),
                            )
                            .with_help("give the transition `when: {shows: [...]}` or `{done: [...]}`, or the scenario `resolved_when: {done: [expectation-setting]}`"),
                        );
                    }
                }
            }
        }

        // Reachability from the start, and whether any ending can be reached at all.
        // Skipped after a dangling `goto`: its target would be reported as unreachable too.
        let dangling = problems.iter().any(|d| d.code == "unknown-step");
        if let Some(start) = start
            && steps.len() == file.steps.len()
            && !dangling
        {
            let mut seen = vec![false; steps.len()];
            let mut queue = VecDeque::from([start]);
            seen[start] = true;
            while let Some(i) = queue.pop_front() {
                for t in &steps[i].next {
                    if !seen[t.goto] {
                        seen[t.goto] = true;
                        queue.push_back(t.goto);
                    }
                }
            }
            for (i, reached) in seen.iter().enumerate() {
                if !reached {
                    problems.push(
                        warn(
                            "unreachable-step",
                            &format!("steps.{i}.id"),
                            format!("step `{}` can never be reached from the start", steps[i].id),
                        )
                        .with_help("add a transition that leads here, or remove the step"),
                    );
                }
            }
            if !steps
                .iter()
                .enumerate()
                .any(|(i, s)| seen[i] && s.end.is_some())
            {
                problems.push(
                    warn(
                        "no-ending",
                        "steps",
                        "no ending step can be reached; every run ends at the turn limit".into(),
                    )
                    .with_help("add a step with `end: resolved` and a transition to it"),
                );
            }
        }

        let has_errors = problems.iter().any(Diagnostic::is_error);
        let scenario = match (has_errors, start) {
            (false, Some(start)) => Some(Scenario {
                id: file.id,
                title: file.title,
                persona: file.persona,
                channel: file.channel,
                difficulty: file.difficulty,
                language: file.language,
                brief: file.brief,
                customer: file.customer,
                speakers: file.speakers,
                rubrics: file.rubrics,
                pass_mark: file.pass_mark,
                turn_limit: file.turn_limit,
                start,
                steps,
                interjections: file.interjections,
                resolved_when: file.resolved_when,
                examples: file.examples,
                hash: content_hash(&source.text),
                source: Arc::clone(source),
                locations,
            }),
            _ => None,
        };
        (scenario, problems)
    }

    /// The values placeholders expand to: facts, `customer.name`, `customer.first_name`.
    pub fn placeholder_values(&self) -> BTreeMap<String, String> {
        let mut values = self.customer.facts.clone();
        values.insert("customer.name".into(), self.customer.name.clone());
        let first = self
            .customer
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&self.customer.name);
        values.insert("customer.first_name".into(), first.to_string());
        for speaker in &self.speakers {
            values.insert(format!("speaker.{}", speaker.id), speaker.name.clone());
        }
        values
    }

    /// The display name of whoever says a step's line.
    pub fn speaker_name(&self, step: &Step) -> &str {
        match step.speaker {
            Some(i) => &self.speakers[i].name,
            None => &self.customer.name,
        }
    }

    /// Index of a step by id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}

/// The checks every file starts with: the format version and a usable id.
pub(crate) fn check_header(
    version: u32,
    id: &str,
    example_id: &str,
    err: &dyn Fn(&'static str, &str, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if version != FORMAT_VERSION {
        problems.push(
            err(
                "unsupported-version",
                "rehearse",
                format!("format version {version} is not supported"),
            )
            .with_help("this build reads `rehearse: 1`"),
        );
    }
    if !is_slug(id) {
        problems.push(
            err("bad-id", "id", format!("`{id}` is not a valid id")).with_help(format!(
                "use lower-case letters, digits and dashes, e.g. `{example_id}`"
            )),
        );
    }
    problems
}

/// Lower-case letters, digits and dashes, starting with a letter or digit.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

/// Names inside `{…}` in a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                if !name.is_empty() && !name.contains(' ') {
                    names.push(name.to_string());
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// Replaces `{name}` with its value; unknown names are left as they are.
pub fn expand(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                match values.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(&after[..close]);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `sha256:` followed by the hex digest of a text.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_expanded() {
        let mut values = BTreeMap::new();
        values.insert("order".to_string(), "A-1".to_string());
        assert_eq!(
            placeholders("Order {order} for {customer.name}"),
            vec!["order", "customer.name"]
        );
        assert_eq!(
            expand("Order {order} and {missing}", &values),
            "Order A-1 and {missing}"
        );
        assert_eq!(expand("unclosed {order", &values), "unclosed {order");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("late-delivery"));
        assert!(!is_slug("Late Delivery"));
        assert!(!is_slug(""));
    }
}
