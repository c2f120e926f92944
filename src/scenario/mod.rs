//! Scenarios: who the customer is and how the conversation can go.
//!
//! [`ScenarioFile`] mirrors the YAML a trainer writes; [`Scenario::from_file`] (in
//! `validate`) checks it and builds the model below, whose step references are indices,
//! so the customer engine never has to look anything up or handle a dangling id.
//! Placeholders (`{order}`) are found and expanded in `placeholder`.

mod lints;
mod placeholder;
mod validate;

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::SourceFile;
use crate::yaml::Locations;

pub use placeholder::{expand, placeholders, replace as replace_braces};
pub(crate) use validate::check_header;
pub use validate::is_slug;

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

    /// Whether the trainee is offered a last word after the customer's closing line. Not
    /// after a walk-out: the customer has gone, and nobody is left to hear it.
    pub fn offers_last_word(self) -> bool {
        self != Ending::WalkedOut
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
    /// Endings besides `resolved` that a call may pass on: `[escalated]` where handing the
    /// customer on is the right outcome. Otherwise a complaint or a hand-over to a manager
    /// is never a pass, whatever the score.
    #[serde(default)]
    pub accepted_endings: Vec<Ending>,
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
    /// What the customer says into the trainee's silence (with `patience_seconds`), in
    /// this order, instead of the built-in lines for the channel ("Hello? Are you still
    /// there?"); at least one line when given.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub nudges: Option<Vec<String>>,
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
    /// Facts (`customer.facts` ids) this step's line asks the trainee for ("how much is
    /// it?" asks `price`): once the trainee has said them, the customer checks what they
    /// heard instead of asking again.
    #[serde(default)]
    pub asks: Vec<String>,
    /// Skills (`skill` or `rubric.skill`) a reply to this step should show: live coaching
    /// and `/hint` name them right after critical breaches and the persona's own skills,
    /// whatever their stage.
    #[serde(default)]
    pub expects: Vec<String>,
    /// Skills that do not apply to this call once it reaches this step (finding the need
    /// when the customer opens by stating it): n/a in the score, left out of the total,
    /// and no longer coached.
    #[serde(default)]
    pub not_applicable: Vec<String>,
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
    /// Facts (`customer.facts` ids) the trainee has said, in this reply or earlier: the
    /// fact's value was in a reply ("£54 a month" tells `price: "£54"`).
    #[serde(default)]
    pub told: Vec<String>,
    /// What the trainee has promised so far: `day` (a day or a timeframe), `refund`, or
    /// `offer` (proposed something the customer can take up: another flight, a swap).
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
            && self.told.is_empty()
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
    /// Endings besides `resolved` a call may pass on (see [`ScenarioFile::accepted_endings`]).
    pub accepted_endings: Vec<Ending>,
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
    /// Facts its line asks the trainee for (see [`StepFile::asks`]).
    pub asks: Vec<String>,
    /// Skills a reply to it should show (see [`StepFile::expects`]).
    pub expects: Vec<String>,
    /// Skills that no longer apply once it is reached (see [`StepFile::not_applicable`]).
    pub not_applicable: Vec<String>,
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
