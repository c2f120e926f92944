//! The simulated customer: walks a scenario's step graph, reacting to each reply through
//! the same grading engine that scores it, and remembering the conversation: what the
//! trainee has shown and promised, what was asked and answered, what was already said.
//!
//! Deterministic: line variants are picked from a ChaCha stream seeded by the run's seed
//! (stable across platforms and crate upgrades, unlike `StdRng`), and nothing here reads
//! the clock — reply latency is passed in, so tests can use any clock they like.
//!
//! Here: a conversation and its reply loop. Beside it: the compiled `script`, the
//! `transitions`' conditions, `answers` to the trainee's questions, `lines` (which
//! variant is said), `endings` (earned, never on rudeness), and the `others` in a group
//! or a queue.

mod answers;
mod cause;
mod checks;
mod choices;
mod endings;
mod lines;
mod memory;
mod others;
mod questions;
mod rudeness;
mod script;
mod transitions;
mod uptake;
mod voice;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::grading::{
    Grader, LiveEvaluation, ReplyAssessment, Scorecard, customer_text, grade_transcript, reply_of,
    with_replies,
};
use crate::matcher::{NormalizedText, PhraseBook, PhraseId};
use crate::scenario::{Ending, Scenario};
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};

use endings::{BREACH_COMPLAINT, COMPLAINT, UNRESOLVED, default_turn_limit, default_walk_out};
use lines::sentences;
use others::QUEUE_MOOD;
use rudeness::{Rudeness, RudenessBook};
use script::Script;
use transitions::{cause_of, holds};
use uptake::uptake_in;

pub use cause::{Cause, ReplyCause, SkillRef};
pub use checks::Check;
pub use memory::{Memory, promises};
pub use others::Nudge;
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
/// and leaves rudeness to someone in the queue to them.
pub const ENGINE: u32 = 6;

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
    /// Set between the customer's closing line and the trainee's last word.
    last_word: Option<String>,
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
            opening: String::new(),
            transcript,
            live: std::cell::RefCell::default(),
        };
        let (first, _) = conversation.line_for(scenario.start, Vec::new(), false);
        conversation.opening = first.text.clone();
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
        // Who the reply answered: the step's speaker in a group, else the customer. Mood
        // changes are shown under their name.
        let answered = step.speaker.map_or_else(
            || customer.clone(),
            |k| self.scenario.speakers[k].name.clone(),
        );
        let mut changes: Vec<MoodChange> = Vec::new();
        // What the one answered said to this reply (not what waiting people said since).
        let spoken: Vec<&str> = heard
            .iter()
            .filter(|l| l.speaker == answered && l.interjection.is_none())
            .map(|l| l.text.as_str())
            .collect();
        let spoken = spoken.join(" ");
        // A slow reply tries the patience of whoever spoke into the silence (interactive
        // runs only); what they said is heard before the reply, and recorded with it.
        let mut heard = heard;
        let mut waited_cost = 0;
        if let Some(waited) = latency {
            let (nudged, cost) = self.hear_nudges(waited, &mut changes);
            heard.extend(nudged);
            waited_cost = cost;
        }
        let change = |changes: &mut Vec<MoodChange>, delta: i32, cause: Cause| {
            if delta != 0 {
                changes.push(MoodChange {
                    speaker: answered.clone(),
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
        // The grader has just normalised the reply; a clone costs a tenth of doing it again.
        let norm = self
            .live
            .borrow()
            .latest_text()
            .cloned()
            .unwrap_or_else(|| NormalizedText::new(text));
        let asked = self.questions.asked_in(&norm);
        let told = self.facts.told_in(&norm.text);
        let listening =
            assessment.shows("active-listening") || assessment.shows("understanding-check");
        let mut took = uptake_in(&spoken, &norm.text, listening);
        // A question about what the customer needs, which they can answer and have not
        // yet ("What kind of space are you working with?"), helps: no "did not help".
        // Their details and the scenario's codes and figures (an order, a work order) are
        // procedure, not help.
        let asked_need = asked.iter().any(|f| {
            !questions::is_detail(f)
                && !self.scenario.customer.facts.contains_key(f)
                && self.scenario.customer.knows.contains_key(f)
                && !self.memory.given.contains(f)
        });
        self.memory.hear(&norm.text, &assessment, &asked, &told);
        // The time or figure the step's question asked for, given ("When do we get the
        // tickets?" "They're emailed within 10 minutes of booking"), is what the step
        // wanted, however it was worded: a plan with a time is a plan.
        if took.figure_given && !took.figure_owed {
            self.memory.answered(&step.expects);
        }
        // What the step wanted, shown now or earlier: the reply helped, whatever its words.
        took.met = !step.expects.is_empty() && step.expects.iter().all(|s| self.memory.done(s));

        let mut mood = i32::from(mood_before) + waited_cost;

        let rude = self.rudeness.judge(text, &norm);
        if rude.is_some() {
            self.memory.rude_replies += 1;
        }
        // Rude words said to someone in the queue ("You'll have to wait your turn") are
        // theirs to mind: the customer being served neither pays for them nor complains.
        let aimed = match &rude {
            Some(_) => self.spoken_to_in_queue(text, &heard, took.answered || took.read_back),
            None => None,
        };
        let mut queue_reaction: Option<Line> = None;

        // Transitions: the first whose condition holds.
        let scan = self.says.scan(&norm);
        let mut next_step = step_index;
        let mut fallback = true;
        let mut reacted = false;
        // Held back only by a check owed, and now told what was found: on to the end.
        let released = self.held.take().filter(|_| self.memory.owed.is_empty());
        if let Some(end) = released {
            next_step = end;
            fallback = false;
        }
        for (t, transition) in step.next.iter().enumerate() {
            if released.is_some() {
                break;
            }
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
                let cause = cause_of(
                    &transition.when,
                    said,
                    transition.mood,
                    &assessment,
                    self.grader,
                );
                // A reply that answered or read back what was said, or asked about the
                // customer's need, helped: the fallback's cost is for replies that did not.
                let delta = if transition.when.is_empty() && (took.heard() || asked_need) {
                    transition.mood.min(0)
                } else {
                    transition.mood
                };
                // In a group the one speaking takes the change; else the main customer.
                match step.speaker {
                    Some(k) if delta != 0 => {
                        let name = self.scenario.speakers[k].name.clone();
                        *self.others.entry(name.clone()).or_default() += delta;
                        changes.push(MoodChange {
                            speaker: name,
                            delta,
                            cause,
                        });
                    }
                    _ => {
                        mood += delta;
                        change(&mut changes, delta, cause);
                    }
                }
                fallback = transition.when.is_empty();
                reacted = found.is_some();
                next_step = transition.goto;
                break;
            }
        }
        if fallback {
            next_step = self.onward(step_index, next_step, took);
        }
        // Rudeness costs patience and draws a reaction, unless the scenario already
        // reacted to those words.
        let mut reacts = false;
        if let Some(rudeness) = &rude
            && !reacted
        {
            let cause = match rudeness {
                Rudeness::Rude(words) => Cause::Rude(words.clone()),
                Rudeness::Curt(words) => Cause::Curt(words.clone()),
            };
            if let Some((who, id)) = &aimed {
                *self.others.entry(who.clone()).or_insert(QUEUE_MOOD) += rudeness.cost();
                changes.push(MoodChange {
                    speaker: who.clone(),
                    delta: rudeness.cost(),
                    cause,
                });
                queue_reaction = self.react_as(who, rudeness).map(|text| Line {
                    speaker: who.clone(),
                    text,
                    interjection: Some(id.clone()),
                });
            } else {
                mood += rudeness.cost();
                change(&mut changes, rudeness.cost(), cause);
                reacts = true;
            }
        }

        // A resolved ending is earned: the issue addressed, nothing critical broken, and
        // never on a rude reply.
        let mut complaint = false;
        // A check still owed when the call would have ended resolved.
        let mut owed: Option<Check> = None;
        // A complaint about how the call went (a critical rule broken earlier), not about
        // this reply's words.
        let mut breach = false;
        // Rude words to someone in the queue end nothing either: the customer being
        // served waits, saying nothing, while the trainee deals with them.
        let aside = rude.is_some()
            && aimed.is_some()
            && self.scenario.steps[next_step].end == Some(Ending::Resolved);
        if aside {
            next_step = step_index;
        }
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
                change(&mut changes, 1, Cause::NotAddressed);
            } else if self.critical_breach() {
                complaint = true;
                breach = true;
                mood += 1;
                change(&mut changes, 1, Cause::CriticalBreach);
            } else if !self.memory.owed.is_empty() {
                // A check promised and never reported on: the issue is not addressed.
                self.held = Some(next_step);
                next_step = step_index;
                mood += 1;
                change(&mut changes, 1, Cause::NotAddressed);
                owed = self.memory.owed.first().cloned();
            }
        }
        // The next line is the step's own, unless a complaint or a reminder that nothing is
        // sorted out stands in for it.
        let unresolved = !complaint
            && owed.is_none()
            && next_step == step_index
            && self.scenario.steps[next_step].end.is_none()
            && changes.iter().any(|c| c.cause == Cause::NotAddressed);
        // Answers to what was asked, said before (or with) the next line. A fact that line
        // says anyway (its step `gives` it) is left to the line, so it is not said twice.
        // A fact the reply read back ("your order number is AX2291, right?") is confirmed,
        // not said again.
        let read_back = asked.iter().any(|f| told.contains(f));
        let (by_line, to_answer): (Vec<String>, Vec<String>) = asked
            .iter()
            .filter(|f| !told.contains(f))
            .cloned()
            .partition(|f| {
                !complaint
                    && !unresolved
                    && owed.is_none()
                    && self.scenario.steps[next_step].gives.contains(f)
            });
        // A line that reacts to rude words comes first (a complaint is reaction enough).
        let mut answers: Vec<String> = match &rude {
            Some(rudeness) if reacts && !complaint => self.react(rudeness).into_iter().collect(),
            _ => Vec::new(),
        };
        // A request for details is no read-back, even in the words the customer used
        // ("Can I take the email address?"): the details are given, not confirmed.
        let confirming = took.confirming && asked.is_empty();
        if (read_back || confirming) && step.speaker.is_none() && rude.is_none() {
            let lines = uptake::confirm_lines(self.scenario.language);
            answers.extend(self.voice.fresh(&mut self.rng, "", "confirm", &lines));
        }
        answers.extend(self.choose(&norm.text));
        answers.extend(self.answers(&to_answer));

        let mut said: Vec<Line> = queue_reaction.into_iter().collect();
        let turn_lines = self
            .transcript
            .turns
            .last()
            .expect("pushed above")
            .customer
            .clone();
        self.queue(
            &assessment,
            text,
            &turn_lines,
            rude.is_some(),
            &mut said,
            &mut changes,
        );
        self.group(
            step_index,
            fallback,
            text,
            &turn_lines,
            &mut said,
            &mut changes,
        );

        // The next line, unless the customer leaves first.
        let replies_given = self.transcript.turns.len() as u32;
        let mut from_step = false;
        let (next_line, again) = if breach {
            (self.fixed_line(BREACH_COMPLAINT), false)
        } else if complaint {
            (self.fixed_line(COMPLAINT), false)
        } else if unresolved {
            (self.fixed_line(UNRESOLVED), false)
        } else if aside {
            let line = Line {
                speaker: customer.clone(),
                text: String::new(),
                interjection: None,
            };
            (line, false)
        } else if let Some(check) = &owed {
            let lines = checks::owed_lines(check, self.scenario.language);
            let line = Line {
                speaker: customer.clone(),
                text: self.pick("owed", &lines),
                interjection: None,
            };
            (line, false)
        } else {
            from_step = true;
            self.line_for(next_step, answers.clone(), !by_line.is_empty())
        };
        // The answers went into the step's line only when the main customer speaks it.
        let answered_inline = from_step && !answers.is_empty() && next_line.speaker == customer;
        // A group member who just asked again for this very step has said its line.
        let asked_again = from_step
            && next_step == step_index
            && said.iter().any(|l| l.speaker == next_line.speaker);
        if again && !asked_again {
            mood += 1;
            change(&mut changes, 1, Cause::SaidAgain);
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
                text: sentences(&answers, self.scenario.language),
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
        // Leaving without the next step's line: the answers are still said, those it would
        // have given too.
        if leaving {
            let mut unsaid = if answered_inline {
                answers.clone()
            } else {
                Vec::new()
            };
            unsaid.extend(self.answers(&by_line));
            if !unsaid.is_empty() {
                said.push(Line {
                    speaker: customer.clone(),
                    text: sentences(&unsaid, self.scenario.language),
                    interjection: None,
                });
            }
        } else if from_step {
            self.memory.gives(&self.scenario.steps[next_step].gives);
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
            if !asked_again && !aside {
                said.push(next_line);
            }
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
}
