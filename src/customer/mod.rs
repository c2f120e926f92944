//! The simulated customer: walks a scenario's step graph, reacting to each reply through
//! the same grading engine that scores it, and remembering the conversation: what the
//! trainee has shown and promised, what was asked and answered, what was already said.
//!
//! Deterministic: line variants are picked from a ChaCha stream seeded by the run's seed
//! (stable across platforms and crate upgrades, unlike `StdRng`), and nothing here reads
//! the clock — reply latency is passed in, so tests can use any clock they like.

mod memory;
mod questions;
mod voice;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::grading::{
    Grader, LiveEvaluation, ReplyAssessment, Scorecard, customer_text, grade_transcript, reply_of,
};
use crate::matcher::{MatchOptions, NormalizedText, PhraseBook, PhraseId};
use crate::scenario::{ConditionFile, Ending, Language, Scenario, expand, placeholders};
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};

pub use memory::{Memory, promises};
pub use questions::{FactQuestions, is_well_known};
pub use voice::{Picked, Voice};

/// What happened after a reply.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What the reply showed and missed (for live coaching).
    pub assessment: ReplyAssessment,
    /// Mood before and after.
    pub mood: (u8, u8),
    /// Lines said in response (the next step, interjections, or the ending line).
    pub said: Vec<Line>,
    /// Set when the conversation is over (the trainee may still have the last word, see
    /// [`Conversation::awaits_last_word`]).
    pub ending: Option<Ending>,
    /// Every mood change this reply caused, with its cause, in order.
    pub changes: Vec<MoodChange>,
}

/// One change of someone's mood and why it happened, for practice-mode coaching.
#[derive(Debug, Clone, PartialEq)]
pub struct MoodChange {
    /// Whose mood changed.
    pub speaker: String,
    /// By how much (positive: more upset).
    pub delta: i32,
    /// Why, in a few words: the phrase or skill, the wait, the person ignored.
    pub cause: String,
}

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
    /// Phrases the customer takes as rude.
    rude: Arc<PhraseBook>,
    rude_ids: Arc<Vec<PhraseId>>,
    questions: Arc<FactQuestions>,
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
    /// Placeholder values, computed once for every line said.
    values: BTreeMap<String, String>,
    memory: Memory,
    voice: Voice,
    /// Set between the customer's closing line and the trainee's last word.
    last_word: Option<String>,
    transcript: Transcript,
    /// The replies assessed so far, so that each new reply is evaluated alone.
    live: std::cell::RefCell<LiveEvaluation>,
}

/// What the customer listens for in a scenario, compiled once per scenario and shared
/// by its conversations: a cohort replays thousands of them, and compiling these
/// automata for each took a third of `grade`'s time.
struct Script {
    says: Arc<PhraseBook>,
    says_ids: Arc<Vec<Vec<Vec<PhraseId>>>>,
    rude: Arc<PhraseBook>,
    rude_ids: Arc<Vec<PhraseId>>,
    questions: Arc<FactQuestions>,
}

/// Compiled scripts by scenario id and content hash.
type Scripts = rustc_hash::FxHashMap<(String, String), Arc<Script>>;

/// Most scenarios whose compiled scripts are kept (a library has a few dozen).
const SCRIPT_CACHE: usize = 256;

impl Script {
    /// The scenario's script, from the cache when its exact text was compiled before.
    fn of(scenario: &Scenario, values: &BTreeMap<String, String>) -> Arc<Script> {
        static SCRIPTS: std::sync::OnceLock<std::sync::Mutex<Scripts>> = std::sync::OnceLock::new();
        let cache = SCRIPTS.get_or_init(Default::default);
        let key = (scenario.id.clone(), scenario.hash.clone());
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid cache.
        let lock = || {
            cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(script) = lock().get(&key) {
            return Arc::clone(script);
        }
        let script = Arc::new(Script::compile(scenario, values));
        let mut map = lock();
        if map.len() < SCRIPT_CACHE {
            map.insert(key, Arc::clone(&script));
        }
        script
    }

    fn compile(scenario: &Scenario, values: &BTreeMap<String, String>) -> Script {
        let mut builder = PhraseBook::builder();
        let options = MatchOptions {
            fuzzy: None,
            negation: true,
        };
        let says_ids = scenario
            .steps
            .iter()
            .map(|step| {
                step.next
                    .iter()
                    .map(|t| {
                        t.when
                            .says
                            .iter()
                            .filter_map(|p| builder.phrase(&expand(p, values), options))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut rude = PhraseBook::builder();
        let rude_ids = RUDE
            .iter()
            .map(|p| p.to_string())
            .chain(scenario.customer.rude.iter().cloned())
            .filter_map(|p| rude.phrase(&p, options))
            .collect();
        Script {
            says: Arc::new(builder.build()),
            says_ids: Arc::new(says_ids),
            rude: Arc::new(rude.build()),
            rude_ids: Arc::new(rude_ids),
            questions: Arc::new(FactQuestions::new(scenario)),
        }
    }
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
            rude: Arc::clone(&script.rude),
            rude_ids: Arc::clone(&script.rude_ids),
            questions: Arc::clone(&script.questions),
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
            values,
            memory: Memory::default(),
            voice: Voice::default(),
            last_word: None,
            transcript,
            live: std::cell::RefCell::default(),
        };
        let (first, _) = conversation.line_for(scenario.start, Vec::new());
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
        transcript.turns.push(Turn {
            step: self.scenario.steps[self.step].id.clone(),
            customer: self.pending().to_vec(),
            reply: reply.to_string(),
            latency_ms: None,
            mood_before: self.mood,
            mood_after: self.mood,
        });
        grade_transcript(self.grader, &transcript)
    }

    /// Marks the conversation abandoned (Ctrl-C, EOF, /quit), keeping everything said. A
    /// conversation waiting for the last word is not abandoned: it had ended.
    pub fn abandon(&mut self, finished: String) {
        if self.last_word.take().is_some() {
            self.finish(finished);
            return;
        }
        self.transcript.abandon(finished);
    }

    /// Sets the finish time once the conversation has ended.
    pub fn finish(&mut self, finished: String) {
        if self.transcript.ending.is_some() && self.transcript.finished.is_none() {
            self.transcript.finished = Some(finished);
        }
    }

    /// Assesses the latest turn's reply (the earlier ones were taken in as they came).
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

    /// Takes the trainee's reply; the customer reacts.
    pub fn reply(&mut self, text: &str, latency: Option<Duration>) -> Exchange {
        if let Some(step) = self.last_word.take() {
            return self.take_last_word(step, text, latency);
        }
        let mood_before = self.mood;
        let step_index = self.step;
        let step = &self.scenario.steps[step_index];
        let heard: Vec<Line> = std::mem::take(&mut self.pending);
        let customer = self.scenario.customer.name.clone();
        let mut changes: Vec<MoodChange> = Vec::new();
        let change = |changes: &mut Vec<MoodChange>, delta: i32, cause: String| {
            if delta != 0 {
                changes.push(MoodChange {
                    speaker: customer.clone(),
                    delta,
                    cause,
                });
            }
        };

        // The reply joins the transcript now; its mood after is set once it is known.
        self.transcript.turns.push(Turn {
            step: step.id.clone(),
            customer: heard.clone(),
            reply: text.to_string(),
            latency_ms: latency.map(|d| d.as_millis() as u64),
            mood_before,
            mood_after: mood_before,
        });
        let assessment = self.assess_latest();
        let norm = NormalizedText::new(text);
        let asked = self.questions.asked_in(&norm);
        self.memory.hear(&norm.text, &assessment, &asked);

        let mut mood = i32::from(mood_before);
        // A slow reply tries the customer's patience (interactive runs only).
        if let (Some(patience), Some(latency)) = (self.scenario.customer.patience_seconds, latency)
            && patience > 0
        {
            let over = (latency.as_secs() / u64::from(patience)).min(2) as i32;
            mood += over;
            change(
                &mut changes,
                over,
                format!("kept waiting {} s", latency.as_secs()),
            );
        }

        let rude = self.rude_phrase(&norm);
        if rude.is_some() {
            self.memory.rude_replies += 1;
        }

        // Transitions: the first whose condition holds.
        let scan = self.says.scan(&norm);
        let mut next_step = step_index;
        let mut fallback = true;
        let mut reacted = false;
        for (t, transition) in step.next.iter().enumerate() {
            let says = &self.says_ids[step_index][t];
            let found = says.iter().find(|id| self.says.find(**id, &scan).is_some());
            if holds(
                &transition.when,
                &assessment,
                &self.memory,
                mood_before,
                says,
                found.is_some(),
            ) {
                let said = found.map(|id| self.says.written(*id).to_string());
                let cause = cause_of(&transition.when, said, transition.mood);
                // In a group the one speaking takes the change; else the main customer.
                match step.speaker {
                    Some(k) if transition.mood != 0 => {
                        let name = self.scenario.speakers[k].name.clone();
                        *self.others.entry(name.clone()).or_default() += transition.mood;
                        changes.push(MoodChange {
                            speaker: name,
                            delta: transition.mood,
                            cause,
                        });
                    }
                    _ => {
                        mood += transition.mood;
                        change(&mut changes, transition.mood, cause);
                    }
                }
                fallback = transition.when.is_empty();
                reacted = found.is_some();
                next_step = transition.goto;
                break;
            }
        }
        // Rudeness costs patience, unless the scenario already reacted to those words.
        if let Some(phrase) = &rude
            && !reacted
        {
            mood += RUDE_COST;
            change(&mut changes, RUDE_COST, format!("rude: \"{phrase}\""));
        }

        // A resolved ending is earned: the issue addressed, nothing critical broken, and
        // never on a rude reply.
        let mut complaint = false;
        if self.scenario.steps[next_step].end == Some(Ending::Resolved) {
            if rude.is_some() {
                complaint = true;
            } else if !self
                .scenario
                .resolved_when
                .as_ref()
                .is_none_or(|w| self.memory.holds(w))
            {
                next_step = step_index;
                mood += 1;
                change(&mut changes, 1, "the issue is not addressed yet".into());
            } else if self.critical_breach() {
                complaint = true;
                mood += 1;
                change(&mut changes, 1, "a critical rule was broken".into());
            }
        }
        // Answers to what was asked, said before (or with) the next line.
        let answers = self.answers(&asked);

        let mut said = Vec::new();
        self.queue(&assessment, &mut said, &mut changes);
        self.group(step_index, fallback, &norm.text, &mut said, &mut changes);

        // The next line, unless the customer leaves first.
        let replies_given = self.transcript.turns.len() as u32;
        let mut from_step = false;
        let (next_line, again) = if complaint {
            (self.fixed_line(COMPLAINT), false)
        } else if next_step == step_index
            && self.scenario.steps[next_step].end.is_none()
            && changes
                .iter()
                .any(|c| c.cause == "the issue is not addressed yet")
        {
            (self.fixed_line(UNRESOLVED), false)
        } else {
            from_step = true;
            self.line_for(next_step, answers.clone())
        };
        // The answers went into the step's line only when the main customer speaks it.
        let answered_inline = from_step && !answers.is_empty() && next_line.speaker == customer;
        if again {
            mood += 1;
            change(&mut changes, 1, "had to say it again".into());
        }

        let mood_after = mood.clamp(0, 10) as u8;
        self.mood = mood_after;
        self.transcript
            .turns
            .last_mut()
            .expect("pushed above")
            .mood_after = mood_after;
        if !answered_inline && !answers.is_empty() {
            said.push(Line {
                speaker: customer.clone(),
                text: answers.join(" "),
                interjection: None,
            });
        }

        // A group walks out with any member who has had enough.
        let group_fed_up = self.scenario.speakers.iter().any(|sp| {
            self.others
                .get(&sp.name)
                .is_some_and(|m| *m >= i32::from(self.scenario.customer.walk_out_at))
        });
        let leaving = mood_after >= self.scenario.customer.walk_out_at
            || group_fed_up
            || (replies_given >= self.scenario.turn_limit
                && self.scenario.steps[next_step].end.is_none()
                && !complaint);
        // Leaving without the next step's line: the answers are still said.
        if leaving && answered_inline {
            said.push(Line {
                speaker: customer.clone(),
                text: answers.join(" "),
                interjection: None,
            });
        }
        let ending = if mood_after >= self.scenario.customer.walk_out_at || group_fed_up {
            let text = if self.scenario.customer.walk_out.is_empty() {
                default_walk_out(self.scenario.language).to_string()
            } else {
                let lines = self.scenario.customer.walk_out.clone();
                self.pick("walk-out", &lines)
            };
            said.push(Line {
                speaker: customer.clone(),
                text,
                interjection: None,
            });
            Some(Ending::WalkedOut)
        } else if complaint {
            said.push(next_line);
            Some(Ending::Escalated)
        } else if let Some(end) = self.scenario.steps[next_step].end {
            said.push(next_line);
            Some(end)
        } else if replies_given >= self.scenario.turn_limit {
            said.push(Line {
                speaker: customer.clone(),
                text: default_turn_limit(self.scenario.language).to_string(),
                interjection: None,
            });
            Some(Ending::TurnLimit)
        } else {
            said.push(next_line);
            let due: Vec<_> = self
                .scenario
                .interjections
                .iter()
                .filter(|i| i.after_turn == replies_given)
                .cloned()
                .collect();
            for inter in due {
                self.waiting.push((inter.id.clone(), 0));
                self.others
                    .entry(inter.speaker.clone())
                    .or_insert(QUEUE_MOOD);
                let text = self.pick_as(
                    &inter.speaker,
                    &format!("interjection:{}", inter.id),
                    &inter.say,
                );
                said.push(Line {
                    speaker: inter.speaker.clone(),
                    text,
                    interjection: Some(inter.id.clone()),
                });
            }
            None
        };
        self.step = next_step;
        match ending {
            Some(end) => {
                self.transcript.ending = Some(end);
                self.transcript.closing = said.clone();
                self.last_word = Some(self.scenario.steps[next_step].id.clone());
            }
            None => self.pending = said.clone(),
        }
        Exchange {
            assessment,
            mood: (mood_before, mood_after),
            said,
            ending,
            changes,
        }
    }

    /// People in the queue: acknowledged, they wait calmly; ignored once, they say so;
    /// ignored again, they give up and leave.
    fn queue(
        &mut self,
        assessment: &ReplyAssessment,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let mut still = Vec::new();
        for (id, ignored) in std::mem::take(&mut self.waiting) {
            let Some(inter) = self.scenario.interjections.iter().find(|i| i.id == id) else {
                continue;
            };
            let speaker = inter.speaker.clone();
            if inter.expects.iter().all(|skill| assessment.shows(skill)) {
                *self.others.entry(speaker.clone()).or_insert(QUEUE_MOOD) -= 1;
                changes.push(MoodChange {
                    speaker,
                    delta: -1,
                    cause: "acknowledged".into(),
                });
                continue;
            }
            let (lines, delta, cause, stays) = if ignored == 0 {
                let lines = if inter.if_ignored.is_empty() {
                    fixed(STILL_WAITING, self.scenario.language)
                } else {
                    inter.if_ignored.clone()
                };
                (lines, 2, "not acknowledged".to_string(), true)
            } else {
                (
                    fixed(LEAVES_QUEUE, self.scenario.language),
                    3,
                    "ignored again, so left the queue".to_string(),
                    false,
                )
            };
            let text = self.pick_as(&speaker, &format!("ignored:{id}:{ignored}"), &lines);
            said.push(Line {
                speaker: speaker.clone(),
                text,
                interjection: Some(id.clone()),
            });
            *self.others.entry(speaker.clone()).or_insert(QUEUE_MOOD) += delta;
            changes.push(MoodChange {
                speaker,
                delta,
                cause,
            });
            if stays {
                still.push((id, ignored + 1));
            }
        }
        self.waiting = still;
    }

    /// A group member whose question got no answer (the reply neither named them nor met
    /// a condition of their step) asks again, then complains.
    fn group(
        &mut self,
        step: usize,
        fallback: bool,
        reply: &str,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let Some(k) = self.scenario.steps[step].speaker else {
            if let Some((k, _, _)) = self.unanswered {
                self.follow_up(k, reply, said, changes);
            }
            return;
        };
        let name = self.scenario.speakers[k].name.clone();
        let named = reply.contains(&crate::matcher::normalize(&name));
        if named || !fallback {
            self.unanswered = None;
            return;
        }
        let times = match self.unanswered {
            Some((who, _, times)) if who == k => times + 1,
            _ => 1,
        };
        self.unanswered = Some((k, step, times));
        self.member_speaks(k, step, times, said, changes);
    }

    /// The next reply after a member was left unanswered, on someone else's step.
    fn follow_up(
        &mut self,
        k: usize,
        reply: &str,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let name = self.scenario.speakers[k].name.clone();
        if reply.contains(&crate::matcher::normalize(&name)) {
            self.unanswered = None;
            return;
        }
        let Some((_, step, times)) = self.unanswered else {
            return;
        };
        self.unanswered = Some((k, step, times + 1));
        self.member_speaks(k, step, times + 1, said, changes);
    }

    fn member_speaks(
        &mut self,
        k: usize,
        step: usize,
        times: u32,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let name = self.scenario.speakers[k].name.clone();
        let language = self.scenario.language;
        let (text, delta, cause) = if times == 1 {
            let frames = fixed(ASKS_AGAIN, language);
            let question = self.expand_now(&self.scenario.steps[step].say[0]);
            let variants: Vec<String> = frames.iter().map(|f| f.replace("{}", &question)).collect();
            let text = self.pick_as(&name, &format!("asks-again:{step}"), &variants);
            (text, 1, "their question went unanswered".to_string())
        } else {
            self.unanswered = None;
            let text = self.pick_as(
                &name,
                &format!("not-heard:{k}"),
                &fixed(NOT_HEARD, language),
            );
            (text, 2, "ignored twice".to_string())
        };
        said.push(Line {
            speaker: name.clone(),
            text,
            interjection: None,
        });
        *self.others.entry(name.clone()).or_default() += delta;
        changes.push(MoodChange {
            speaker: name,
            delta,
            cause,
        });
    }

    /// What waiting people say while the trainee is silent or typing, and after how long:
    /// each person in the queue once their patience runs out, then the main customer.
    /// Shown on a timer by the REPL, never recorded (the reply's latency already tries
    /// the customer's patience), so replaying a transcript needs no clock.
    pub fn nudges(&self) -> Vec<(Duration, Line)> {
        if self.is_over() || self.awaits_last_word() {
            return Vec::new();
        }
        let patience = u64::from(self.scenario.customer.patience_seconds.unwrap_or(0));
        if patience == 0 {
            return Vec::new();
        }
        let language = self.scenario.language;
        let turn = self.transcript.turns.len();
        let mut out = Vec::new();
        for (k, (id, _)) in self.waiting.iter().enumerate() {
            if let Some(inter) = self.scenario.interjections.iter().find(|i| &i.id == id) {
                let lines = fixed(NUDGE_QUEUE, language);
                out.push((
                    Duration::from_secs(patience / 2 + 5 * k as u64),
                    Line {
                        speaker: inter.speaker.clone(),
                        text: lines[(turn + k) % lines.len()].clone(),
                        interjection: Some(id.clone()),
                    },
                ));
            }
        }
        let lines = fixed(NUDGE_CUSTOMER, language);
        out.push((
            Duration::from_secs(patience),
            Line {
                speaker: self.scenario.customer.name.clone(),
                text: lines[turn % lines.len()].clone(),
                interjection: None,
            },
        ));
        out.sort_by_key(|(at, _)| *at);
        out
    }

    /// Everyone's mood: the main customer first, then group members and queuers.
    pub fn moods(&self) -> Vec<(String, u8)> {
        let mut moods = vec![(self.scenario.customer.name.clone(), self.mood)];
        for (name, mood) in &self.others {
            moods.push((name.clone(), (*mood).clamp(0, 10) as u8));
        }
        moods
    }

    /// The trainee's reply after the customer's closing line: graded as the last reply,
    /// and the closing lines become that turn's customer lines.
    fn take_last_word(&mut self, step: String, text: &str, latency: Option<Duration>) -> Exchange {
        let closing = std::mem::take(&mut self.transcript.closing);
        self.transcript.turns.push(Turn {
            step,
            customer: closing,
            reply: text.to_string(),
            latency_ms: latency.map(|d| d.as_millis() as u64),
            mood_before: self.mood,
            mood_after: self.mood,
        });
        let assessment = self.assess_latest();
        Exchange {
            assessment,
            mood: (self.mood, self.mood),
            said: Vec::new(),
            ending: self.transcript.ending,
            changes: Vec::new(),
        }
    }

    /// The first rude phrase in a reply, if any.
    fn rude_phrase(&self, norm: &NormalizedText) -> Option<String> {
        let scan = self.rude.scan(norm);
        self.rude_ids
            .iter()
            .find(|id| self.rude.find(**id, &scan).is_some())
            .map(|id| self.rude.written(*id).to_string())
    }

    /// Whether the replies so far break a critical rule (a forbidden phrase said).
    fn critical_breach(&self) -> bool {
        grade_transcript(self.grader, &self.transcript)
            .skills
            .iter()
            .flat_map(|s| &s.rules)
            .any(|r| r.critical && r.score.is_some_and(|x| x < 1.0) && !r.evidence.is_empty())
    }

    /// What the customer says to the facts asked for: each known fact once (then "as I
    /// said"), "I don't know" for a well-known fact they do not know.
    fn answers(&mut self, asked: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for fact in asked {
            let text = match self.scenario.customer.knows.get(fact) {
                Some(know) => {
                    let lines = know.lines();
                    let picked = if self.memory.given.contains(fact) {
                        let base = self.expand_now(&lines[0]);
                        self.voice
                            .pick(
                                &mut self.rng,
                                &format!("again:{fact}"),
                                &[base],
                                self.scenario.language,
                            )
                            .text
                    } else {
                        self.pick(&format!("answer:{fact}"), &lines)
                    };
                    self.memory.given.insert(fact.clone());
                    picked
                }
                // Not listed under `knows`, but a fact of the scenario or the name: said plainly.
                None if fact == "name" || self.scenario.customer.facts.contains_key(fact) => {
                    let value = match self.scenario.customer.facts.get(fact) {
                        Some(v) if fact != "name" => self.expand_now(v),
                        _ => self.scenario.customer.name.clone(),
                    };
                    let lines = if self.memory.given.contains(fact) {
                        fixed(PLAIN_AGAIN, self.scenario.language)
                    } else {
                        fixed(PLAIN, self.scenario.language)
                    };
                    let lines: Vec<String> =
                        lines.iter().map(|l| l.replace("{}", &value)).collect();
                    self.memory.given.insert(fact.clone());
                    self.pick(&format!("plain:{fact}"), &lines)
                }
                None if questions::is_well_known(fact) => {
                    let label = questions::label(fact, self.scenario.language);
                    let lines: Vec<String> = unknown_lines(fact, self.scenario.language)
                        .iter()
                        .map(|l| l.replace("{label}", &label))
                        .collect();
                    self.pick(&format!("unknown:{fact}"), &lines)
                }
                None => continue,
            };
            if !text.is_empty() {
                out.push(text);
            }
        }
        out
    }

    /// A line of a step, never one said before in this conversation; `answers` go first
    /// when the main customer speaks it. Returns whether the customer had to rephrase.
    fn line_for(&mut self, step: usize, answers: Vec<String>) -> (Line, bool) {
        let scenario = self.scenario;
        let variants = &scenario.steps[step].say;
        let picked = self.pick_eligible(&format!("step:{}", scenario.steps[step].id), variants);
        for fact in &scenario.steps[step].gives {
            self.memory.given.insert(fact.clone());
        }
        let speaker = scenario.speaker_name(&scenario.steps[step]).to_string();
        let text = if !answers.is_empty() && speaker == scenario.customer.name {
            format!("{} {}", answers.join(" "), picked.text)
        } else {
            picked.text
        };
        (
            Line {
                speaker,
                text,
                interjection: None,
            },
            picked.again,
        )
    }

    /// Picks among variants that can be said now: one quoting a promise
    /// (`{promised.day}`) only once it was made; when none can, neutral words stand in.
    fn pick_eligible(&mut self, key: &str, variants: &[String]) -> Picked {
        let values = self.values_now();
        let mut eligible = Vec::new();
        for v in variants {
            let unmet = placeholders(v)
                .iter()
                .any(|p| p.starts_with("promised.") && !values.contains_key(p));
            if !unmet {
                eligible.push(expand(v, &values));
            }
        }
        let key = if eligible.len() == variants.len() {
            key.to_string()
        } else {
            format!("{key}:{}", eligible.len())
        };
        if eligible.is_empty() {
            let mut neutral = values.clone();
            for (name, word) in NEUTRAL[usize::from(self.scenario.language == Language::Zh)] {
                neutral
                    .entry(format!("promised.{name}"))
                    .or_insert_with(|| word.to_string());
            }
            eligible = variants.iter().map(|v| expand(v, &neutral)).collect();
        }
        self.voice
            .pick(&mut self.rng, &key, &eligible, self.scenario.language)
    }

    fn values_now(&self) -> BTreeMap<String, String> {
        let mut values = self.values.clone();
        values.extend(self.memory.values());
        values
    }

    fn expand_now(&self, text: &str) -> String {
        expand(text, &self.values_now())
    }

    /// A variant of a list of lines, never one said before.
    fn pick(&mut self, key: &str, variants: &[String]) -> String {
        let expanded: Vec<String> = variants.iter().map(|v| self.expand_now(v)).collect();
        self.voice
            .pick(&mut self.rng, key, &expanded, self.scenario.language)
            .text
    }

    /// A variant of a list of lines said by someone other than the main customer.
    fn pick_as(&mut self, speaker: &str, key: &str, variants: &[String]) -> String {
        let expanded: Vec<String> = variants.iter().map(|v| self.expand_now(v)).collect();
        self.voice
            .pick_as(
                &mut self.rng,
                speaker,
                key,
                &expanded,
                self.scenario.language,
            )
            .text
    }

    /// A built-in line (EN, ZH variants) said by the main customer.
    fn fixed_line(&mut self, lines: [&[&str]; 2]) -> Line {
        let variants: Vec<String> = lines[usize::from(self.scenario.language == Language::Zh)]
            .iter()
            .map(|l| l.to_string())
            .collect();
        let key = format!("fixed:{}", variants[0]);
        let text = self.pick(&key, &variants);
        Line {
            speaker: self.scenario.customer.name.clone(),
            text,
            interjection: None,
        }
    }
}

/// Starting mood of someone who joins the queue.
const QUEUE_MOOD: i32 = 4;

/// EN or ZH variants of a built-in line.
fn fixed(lines: [&[&str]; 2], language: Language) -> Vec<String> {
    lines[usize::from(language == Language::Zh)]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

const NUDGE_QUEUE: [&[&str]; 2] = [
    &["(sighs and checks the time)", "Sorry, how much longer?"],
    &["（看了看表，叹了口气）", "请问还要多久？"],
];

const NUDGE_CUSTOMER: [&[&str]; 2] = [
    &["Hello? Are you still there?", "I'm waiting…", "Anyone?"],
    &["喂？你还在吗？", "我还在等呢……", "有人吗？"],
];

const PLAIN: [&[&str]; 2] = [&["It's {}.", "{}."], &["是{}。", "{}。"]];

const PLAIN_AGAIN: [&[&str]; 2] = [
    &["As I said, it's {}.", "I told you: {}."],
    &["我刚才说了，是{}。", "说过了，{}。"],
];

const STILL_WAITING: [&[&str]; 2] = [
    &[
        "Excuse me? I'm still waiting here.",
        "Hello? Is anyone going to serve me?",
    ],
    &["不好意思，我还在等呢。", "喂？有人管一下吗？"],
];

const LEAVES_QUEUE: [&[&str]; 2] = [
    &[
        "Forget it, I'll go somewhere else.",
        "I've waited long enough. I'm off.",
    ],
    &["算了，我不等了。", "等太久了，我走了。"],
];

const ASKS_AGAIN: [&[&str]; 2] = [
    &[
        "Sorry — you didn't answer me. {}",
        "Can I get an answer, please? {}",
    ],
    &["你还没回答我呢：{}", "我刚才问的是：{}"],
];

const NOT_HEARD: [&[&str]; 2] = [
    &[
        "I've asked twice now and nobody's answered me.",
        "Nobody's listening to me here.",
    ],
    &["我问了两遍了，没人理我。", "根本没人听我说话。"],
];

/// Mood cost of a rude reply, on top of whatever its transition does.
const RUDE_COST: i32 = 2;

/// Phrases every customer takes as rude (negation-guarded: "I won't say calm down" is not).
const RUDE: &[&str] = &[
    "calm down",
    "whatever",
    "not my problem",
    "not my fault",
    "not my job",
    "your problem",
    "shut up",
    "deal with it",
    "it is what it is",
    "i do not care",
    "so what",
    "tough luck",
    "too bad",
    "go away",
    "stupid",
    "idiot",
    "take it or leave it",
    "get over it",
    "read the website",
    "your own fault",
    "不归我管",
    "关我什么事",
    "爱买不买",
    "你去问",
    "找厂家",
    "随便你",
    "烦不烦",
    "你自己看",
    "不是我的问题",
    "怪你自己",
    "闭嘴",
    "爱怎么样",
];

/// What a customer says instead of thanks when a rude reply would have ended the call.
const COMPLAINT: [&[&str]; 2] = [
    &[
        "I'm not putting up with that. I want to make a complaint — put me through to your manager.",
        "Right, that's it. I'd like your manager's name, and I'll be making a formal complaint.",
    ],
    &[
        "你这是什么态度？我要投诉，叫你们经理来。",
        "算了，我要正式投诉你，把你们主管叫来。",
    ],
];

/// What a customer says when the call would end but nothing has been sorted out.
const UNRESOLVED: [&[&str]; 2] = [
    &[
        "Hold on — that doesn't actually tell me what happens now.",
        "Wait, before I go: what are you actually going to do about it?",
        "Sorry, but I still don't know what's going to happen.",
        "So is anything actually being done? You haven't said.",
    ],
    &[
        "等一下，你还没说到底怎么处理。",
        "那具体怎么解决？你还没告诉我。",
        "先别急，我的问题还没解决呢。",
        "所以到底有没有人处理？你还没说清楚。",
    ],
];

/// Neutral words for a promise not made, when every variant quotes one.
const NEUTRAL: [&[(&str, &str)]; 2] = [
    &[("day", "then"), ("refund", "the refund")],
    &[("day", "到时候"), ("refund", "退款")],
];

/// "I don't know" lines for a well-known fact the customer does not know.
fn unknown_lines(fact: &str, language: Language) -> &'static [&'static str] {
    match (fact, language) {
        ("what-happened", Language::En) => &[
            "That's really all I know.",
            "I don't know more than that, honestly.",
            "I've told you everything I know.",
        ],
        ("what-happened", Language::Zh) => &["我知道的就这些了。", "具体的我也说不清楚。"],
        ("when-started", Language::En) => &[
            "I can't remember exactly when.",
            "I'm not sure of the exact date, sorry.",
        ],
        ("when-started", Language::Zh) => &["具体哪天我记不清了。", "我也记不太清是什么时候了。"],
        (_, Language::En) => &[
            "Sorry, I don't have my {label} to hand.",
            "I don't know my {label} offhand, I'm afraid.",
            "I'm not sure what my {label} is, sorry.",
        ],
        (_, Language::Zh) => &[
            "{label}我手头没有。",
            "不好意思，{label}我记不清了。",
            "{label}我一时找不到。",
        ],
    }
}

/// Why a transition changed the mood, for coaching.
fn cause_of(when: &ConditionFile, said: Option<String>, delta: i32) -> String {
    if let Some(phrase) = said {
        return format!("\"{phrase}\"");
    }
    let short = |s: &String| s.rsplit('.').next().unwrap_or(s).to_string();
    let mut parts: Vec<String> = Vec::new();
    if !when.shows.is_empty() {
        parts.push(when.shows.iter().map(short).collect::<Vec<_>>().join(" + "));
    }
    if !when.done.is_empty() {
        parts.push(format!(
            "{} (earlier)",
            when.done.iter().map(short).collect::<Vec<_>>().join(" + ")
        ));
    }
    if !when.misses.is_empty() {
        parts.push(format!(
            "no {}",
            when.misses.iter().map(short).collect::<Vec<_>>().join(", ")
        ));
    }
    if !when.promised.is_empty() {
        parts.push(format!("promised {}", when.promised.join(", ")));
    }
    if !when.given.is_empty() || !when.asked.is_empty() {
        parts.push("what was asked and answered".into());
    }
    if when.mood_at_least.is_some() || when.mood_at_most.is_some() {
        parts.push("how upset they already were".into());
    }
    if parts.is_empty() {
        return if delta > 0 {
            "the reply did not help".into()
        } else {
            "the conversation moved on".into()
        };
    }
    parts.join("; ")
}

fn holds(
    when: &ConditionFile,
    assessment: &ReplyAssessment,
    memory: &Memory,
    mood: u8,
    says: &[PhraseId],
    found: bool,
) -> bool {
    when.shows.iter().all(|s| assessment.shows(s))
        && !when.misses.iter().any(|s| assessment.shows(s))
        && (when.says.is_empty() || (!says.is_empty() && found))
        && when.mood_at_least.is_none_or(|m| mood >= m)
        && when.mood_at_most.is_none_or(|m| mood <= m)
        && memory.holds(when)
}

fn default_walk_out(language: Language) -> &'static str {
    match language {
        Language::En => "I've had enough of this. I'll take my business elsewhere.",
        Language::Zh => "算了，我不想再说了，我去找别家。",
    }
}

fn default_turn_limit(language: Language) -> &'static str {
    match language {
        Language::En => "Sorry, I have to go now.",
        Language::Zh => "不好意思，我得先挂了。",
    }
}
