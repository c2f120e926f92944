//! The simulated customer: walks a scenario's step graph, reacting to each reply through
//! the same grading engine that scores it, and remembering the conversation: what the
//! trainee has shown and promised, what was asked and answered, what was already said.
//!
//! Deterministic: line variants are picked from a ChaCha stream seeded by the run's seed
//! (stable across platforms and crate upgrades, unlike `StdRng`), and nothing here reads
//! the clock — reply latency is passed in, so tests can use any clock they like.
//!
//! Here: a conversation, its state and what can be read of it. Beside it: one reply and
//! what it does (`exchange`), the compiled `script`, the `transitions`' conditions,
//! `answers` to the trainee's questions, `lines` (which variant is said), `endings`
//! (earned, never on rudeness), the `grievance` a resolved ending must get past, the `others` in a group or a queue, and what a reply
//! takes up of a line (`uptake`, reading `sentences`, `words`, `figures` and `yes_no`).

mod answers;
mod assent;
mod cause;
mod checks;
mod choices;
mod endings;
mod exchange;
mod figures;
mod grievance;
mod lines;
mod memory;
mod onward;
mod others;
mod questions;
mod rudeness;
mod script;
mod sentences;
mod transitions;
mod uptake;
mod voice;
mod words;
mod yes_no;

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::grading::{
    Grader, LiveEvaluation, ReplyAssessment, Scorecard, customer_text, grade_transcript, reply_of,
    with_replies,
};
use crate::matcher::{PhraseBook, PhraseId};
use crate::scenario::{Ending, Scenario};
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};

use rudeness::RudenessBook;
use script::Script;

pub use cause::{Cause, ReplyCause, SkillRef};
pub use checks::Check;
pub use exchange::Exchange;
pub use memory::{Memory, promises};
pub use others::Nudge;
pub use questions::{FactQuestions, is_well_known};
pub use voice::{Picked, Voice};

/// One change of someone's mood and why it happened, for practice-mode coaching.
#[derive(Debug, Clone, PartialEq)]
pub struct MoodChange {
    /// Whose mood changed.
    pub speaker: String,
    /// By how much (positive: more upset).
    pub delta: i32,
    /// Why: the phrase or skill, the wait, the person ignored.
    pub cause: Cause,
}

/// Revision of how the simulated customer reacts, recorded in every transcript. Raise it
/// with any change to the customer or the grading engine that makes a recorded
/// conversation replay differently (new reactions, lines, nudges, memory, matching): replay
/// then calls older transcripts unverifiable instead of tampered. 1 is every transcript
/// from before revisions were recorded; 2 added the listening customer (November 2026);
/// 3 hears answers and read-backs, owed checks and in-person silences; 4 moves on when
/// a step's `expects` are met or its last question answered, and never repeats a statement;
/// 5 hears "so what", "whatever", "deal with it" and "go away" as rude only as a retort or
/// an order (and grading that steps branch on: figures read back, a Latin name in a
/// Chinese introduction, rubric wording); 6 wants a group member's question taken up, not
/// just their name, hears a question about the need as help, asks a question again on its
/// own, confirms only what a question read back, says scenario nudges, takes a time given
/// for the plan a step asked for, a result for a check owed and a verdict for a yes or no,
/// and leaves rudeness to someone in the queue to them; 7 passes a step whose `expects`
/// were done before it came up, says yes to a yes/no question rather than details nobody
/// asked for, answers every question of the reply it closes on, counts "That's {n}
/// times I've asked now" by the times asked, and owes a check about what was named just
/// before its promise; 8 hears a request for details however it is put (a statement of
/// need, a bare list, "confirm who you are", 留个电话) and does not give them again in a
/// step's line, charges no "said again" on the reply it leaves on, holds rudeness never
/// apologised for and a complaint it said it would make against a resolved ending, takes
/// "Next." as curt, counts a queuer who left unacknowledged as a walk-out, and reads
/// `@wait-acknowledged` for the queue, and asks a yes/no question again when sympathy
/// ("Oh no, I'm sorry") is all that came back.
pub const ENGINE: u32 = 8;

/// Who is playing, for the transcript.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Trainee name.
    pub trainee: String,
    /// Stable trainee id, if given.
    pub trainee_id: Option<String>,
    /// Practice or exam.
    pub mode: Mode,
    /// Seed.
    pub seed: u64,
    /// Start time (RFC 3339).
    pub started: String,
    /// Rubrics in use, with hashes.
    pub rubrics: Vec<RubricRef>,
}

/// One conversation in progress.
#[derive(Debug)]
pub struct Conversation<'s> {
    scenario: &'s Scenario,
    grader: &'s Grader,
    says: Arc<PhraseBook>,
    /// Phrase ids of each step's transitions' `says`, by [step][transition].
    says_ids: Arc<Vec<Vec<Vec<PhraseId>>>>,
    /// What the customer takes as rude or curt.
    rudeness: Arc<RudenessBook>,
    questions: Arc<FactQuestions>,
    /// The scenario's facts, normalised, to find in replies.
    facts: Arc<memory::FactValues>,
    rng: ChaCha8Rng,
    step: usize,
    mood: u8,
    pending: Vec<Line>,
    /// People waiting in the queue (interjections heard) and how often they were ignored.
    waiting: Vec<(String, u32)>,
    /// Moods of everyone but the main customer: group members and people in the queue.
    others: BTreeMap<String, i32>,
    /// A group member whose question was not answered: speaker index, step, times.
    unanswered: Option<(usize, usize, u32)>,
    /// The resolved step the customer was held back from by a check still owed: once
    /// the trainee reports on it, the call goes there.
    held: Option<usize>,
    /// Placeholder values, computed once for every line said.
    values: BTreeMap<String, String>,
    memory: Memory,
    voice: Voice,
    /// The customer's first line, said again when asked what happened and the scenario
    /// gives no `what-happened` line.
    opening: String,
    /// Someone left the queue unacknowledged: a customer walked out, so the call cannot
    /// end `resolved`.
    left_queue: bool,
    /// Rudeness not apologised for and a complaint not recovered: what a resolved ending
    /// must get past.
    grievance: grievance::Grievance,
    /// Set between the customer's closing line and the trainee's last word.
    last_word: Option<String>,
    /// What the customer being served last asked, kept while the trainee turns to
    /// someone in the queue, so the reply that comes back to them is read against it.
    still_asking: String,
    transcript: Transcript,
    /// The replies assessed so far, so that each new reply is evaluated alone.
    live: std::cell::RefCell<LiveEvaluation>,
}

impl<'s> Conversation<'s> {
    /// Starts a conversation: the customer says the first step's line.
    pub fn start(scenario: &'s Scenario, grader: &'s Grader, info: RunInfo) -> Conversation<'s> {
        let values = scenario.placeholder_values();
        let script = Script::of(scenario, &values);
        let transcript = Transcript {
            rehearse: crate::scenario::FORMAT_VERSION,
            scenario: scenario.id.clone(),
            scenario_hash: scenario.hash.clone(),
            rubrics: info.rubrics,
            engine: Some(ENGINE),
            trainee: info.trainee,
            trainee_id: info.trainee_id,
            seed: info.seed,
            mode: info.mode,
            started: info.started,
            finished: None,
            ending: None,
            turns: Vec::new(),
            closing: Vec::new(),
            signature: None,
        };
        let mut conversation = Conversation {
            scenario,
            grader,
            says: Arc::clone(&script.says),
            says_ids: Arc::clone(&script.says_ids),
            rudeness: Arc::clone(&script.rudeness),
            questions: Arc::clone(&script.questions),
            facts: Arc::clone(&script.facts),
            rng: ChaCha8Rng::seed_from_u64(info.seed),
            step: scenario.start,
            mood: scenario.customer.mood.min(10),
            pending: Vec::new(),
            waiting: Vec::new(),
            others: scenario
                .speakers
                .iter()
                .map(|s| {
                    (
                        s.name.clone(),
                        i32::from(s.mood.unwrap_or(scenario.customer.mood)),
                    )
                })
                .collect(),
            unanswered: None,
            held: None,
            values,
            memory: Memory::default(),
            voice: Voice::default(),
            last_word: None,
            still_asking: String::new(),
            opening: String::new(),
            left_queue: false,
            grievance: grievance::Grievance::default(),
            transcript,
            live: std::cell::RefCell::default(),
        };
        let (first, _) = conversation.line_for(scenario.start, Vec::new(), false);
        conversation.opening = first.text.clone();
        conversation.grievance.hear_line(&first.text);
        conversation
            .memory
            .gives(&scenario.steps[scenario.start].gives);
        conversation.pending.push(first);
        conversation
    }

    /// Lines waiting for the trainee's reply (the closing lines while the trainee has the
    /// last word).
    pub fn pending(&self) -> &[Line] {
        if self.last_word.is_some() {
            &self.transcript.closing
        } else {
            &self.pending
        }
    }

    /// The customer's mood now (0–10).
    pub fn mood(&self) -> u8 {
        self.mood
    }

    /// The id of the step the customer is on: the one the next reply answers (live
    /// coaching is about it).
    pub fn step(&self) -> &str {
        &self.scenario.steps[self.step].id
    }

    /// Where the call stands for live coaching: the step the next reply answers, and
    /// whether someone spoke up after the last reply.
    pub fn coaching_now(&self) -> crate::grading::Now<'_> {
        crate::grading::Now {
            step: self.step(),
            spoke_up: self.pending().iter().any(|l| l.interjection.is_some()),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        self.scenario
    }

    /// How it ended, once it has. The customer has said their closing line; the trainee
    /// may still have the last word ([`Conversation::awaits_last_word`]).
    pub fn ending(&self) -> Option<Ending> {
        self.transcript.ending
    }

    /// Whether the customer has said their closing line and the trainee may reply once
    /// more (graded as the last reply). Callers that have no more replies just stop.
    pub fn awaits_last_word(&self) -> bool {
        self.last_word.is_some()
    }

    /// Whether nothing more can be said: ended, and the last word given or not wanted.
    pub fn is_over(&self) -> bool {
        self.ending().is_some() && !self.awaits_last_word()
    }

    /// What the customer remembers so far.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// The transcript so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// What the grader made of each reply as it came, for grading the same replies with
    /// the same grader without that work again ([`crate::grading::grade_replayed`]).
    pub fn into_assessed(self) -> LiveEvaluation {
        self.live.into_inner()
    }

    /// Scores the conversation so far.
    pub fn score(&self) -> Scorecard {
        grade_transcript(self.grader, &self.transcript)
    }

    /// Scores the conversation as if `reply` were given next (for hints: what would still
    /// be missing).
    pub fn score_with_next(&self, reply: &str) -> Scorecard {
        let mut transcript = self.transcript.clone();
        transcript.turns.push(self.turn_if(reply));
        grade_transcript(self.grader, &transcript)
    }

    /// The turn `reply` would make if given now, on the step the customer is on.
    fn turn_if(&self, reply: &str) -> Turn {
        Turn {
            step: self.scenario.steps[self.step].id.clone(),
            customer: self.pending().to_vec(),
            reply: reply.to_string(),
            latency_ms: None,
            mood_before: self.mood,
            mood_after: self.mood,
        }
    }

    /// Assesses `reply` as if given next, without giving it (for `/hint`: what an empty
    /// reply would leave missing, on the step the customer is on).
    pub fn assess_with_next(&self, reply: &str) -> ReplyAssessment {
        let mut turns = self.transcript.turns.clone();
        turns.push(self.turn_if(reply));
        with_replies(&turns, &self.transcript.trainee, |replies| {
            self.grader.assess_last(replies)
        })
    }

    /// Marks the conversation abandoned (Ctrl-C, EOF, /quit), keeping everything said. A
    /// conversation waiting for the last word is not abandoned: it had ended.
    pub fn abandon(&mut self, finished: String) {
        if self.last_word.take().is_some() {
            self.finish(finished);
            return;
        }
        // What the customer said after the last reply, never answered, is kept as the
        // closing lines: the trainee left them waiting.
        if self.transcript.ending.is_none() && self.transcript.closing.is_empty() {
            self.transcript.closing = std::mem::take(&mut self.pending);
        }
        self.transcript.abandon(finished);
    }

    /// Sets the finish time once the conversation has ended.
    pub fn finish(&mut self, finished: String) {
        if self.transcript.ending.is_some() && self.transcript.finished.is_none() {
            self.transcript.finished = Some(finished);
        }
    }

    /// Assesses the latest turn's reply (the earlier ones were taken in as they came), so
    /// a reply costs the same whatever came before it.
    fn assess_latest(&self) -> ReplyAssessment {
        let turn = self
            .transcript
            .turns
            .last()
            .expect("a reply was just added");
        let customer = customer_text(turn);
        let reply = reply_of(turn, &customer, &self.transcript.trainee);
        self.grader.assess_next(&mut self.live.borrow_mut(), reply)
    }
}
