//! The simulated customer: walks a scenario's step graph, reacting to each reply through
//! the same grading engine that scores it.
//!
//! Deterministic: line variants are picked from a ChaCha stream seeded by the run's seed
//! (stable across platforms and crate upgrades, unlike `StdRng`), and nothing here reads
//! the clock — reply latency is passed in, so tests can use any clock they like.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::grading::{
    Grader, Reply, ReplyAssessment, Scorecard, customer_text, grade_transcript, reply_of,
};
use crate::matcher::{MatchOptions, NormalizedText, PhraseBook, PhraseId};
use crate::scenario::{ConditionFile, Ending, Language, Scenario, expand};
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};

/// What happened after a reply.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What the reply showed and missed (for live coaching).
    pub assessment: ReplyAssessment,
    /// Mood before and after.
    pub mood: (u8, u8),
    /// Lines said in response (the next step, interjections, or the ending line).
    pub said: Vec<Line>,
    /// Set when the conversation is over.
    pub ending: Option<Ending>,
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
    says: PhraseBook,
    /// Phrase ids of each step's transitions' `says`, by [step][transition].
    says_ids: Vec<Vec<Vec<PhraseId>>>,
    rng: ChaCha8Rng,
    step: usize,
    mood: u8,
    pending: Vec<Line>,
    /// Interjections whose speaker already complained about being ignored (once each).
    nagged: Vec<String>,
    /// Placeholder values, computed once for every line said.
    values: BTreeMap<String, String>,
    transcript: Transcript,
}

impl<'s> Conversation<'s> {
    /// Starts a conversation: the customer says the first step's line.
    pub fn start(scenario: &'s Scenario, grader: &'s Grader, info: RunInfo) -> Conversation<'s> {
        let values = scenario.placeholder_values();
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
                            .filter_map(|p| builder.phrase(&expand(p, &values), options))
                            .collect()
                    })
                    .collect()
            })
            .collect();
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
            says: builder.build(),
            says_ids,
            rng: ChaCha8Rng::seed_from_u64(info.seed),
            step: scenario.start,
            mood: scenario.customer.mood.min(10),
            pending: Vec::new(),
            nagged: Vec::new(),
            values,
            transcript,
        };
        let first = conversation.line_for(scenario.start, None);
        conversation.pending.push(first);
        conversation
    }

    /// Lines waiting for the trainee's reply.
    pub fn pending(&self) -> &[Line] {
        &self.pending
    }

    /// The customer's mood now (0–10).
    pub fn mood(&self) -> u8 {
        self.mood
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        self.scenario
    }

    /// How it ended, once it has.
    pub fn ending(&self) -> Option<Ending> {
        self.transcript.ending
    }

    /// The transcript so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
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
            customer: self.pending.clone(),
            reply: reply.to_string(),
            latency_ms: None,
            mood_before: self.mood,
            mood_after: self.mood,
        });
        grade_transcript(self.grader, &transcript)
    }

    /// Marks the conversation abandoned (Ctrl-C, EOF, /quit), keeping everything said.
    pub fn abandon(&mut self, finished: String) {
        self.transcript.abandon(finished);
    }

    /// Sets the finish time once the conversation has ended.
    pub fn finish(&mut self, finished: String) {
        if self.transcript.ending.is_some() && self.transcript.finished.is_none() {
            self.transcript.finished = Some(finished);
        }
    }

    /// Takes the trainee's reply; the customer reacts.
    pub fn reply(&mut self, text: &str, latency: Option<Duration>) -> Exchange {
        let mood_before = self.mood;
        let step_index = self.step;
        let step = &self.scenario.steps[step_index];
        let heard: Vec<Line> = std::mem::take(&mut self.pending);
        let interjection = heard.iter().find_map(|l| l.interjection.clone());

        // Grade this reply in the context of the earlier ones.
        let mut turns = self.transcript.turns.clone();
        turns.push(Turn {
            step: step.id.clone(),
            customer: heard.clone(),
            reply: text.to_string(),
            latency_ms: latency.map(|d| d.as_millis() as u64),
            mood_before,
            mood_after: mood_before,
        });
        let customer_texts: Vec<String> = turns.iter().map(customer_text).collect();
        let replies: Vec<Reply<'_>> = turns
            .iter()
            .zip(&customer_texts)
            .map(|(t, c)| reply_of(t, c))
            .collect();
        let assessment = self.grader.assess_last(&replies);

        let mut mood = i32::from(mood_before);
        // A slow reply tries the customer's patience (interactive runs only).
        if let (Some(patience), Some(latency)) = (self.scenario.customer.patience_seconds, latency)
            && patience > 0
        {
            let over = latency.as_secs() / u64::from(patience);
            mood += over.min(2) as i32;
        }

        // Transitions: the first whose condition holds.
        let norm = NormalizedText::new(text);
        let scan = self.says.scan(&norm);
        let mut next_step = step_index;
        for (t, transition) in step.next.iter().enumerate() {
            let says = &self.says_ids[step_index][t];
            if holds(&transition.when, &assessment, mood_before, says, |id| {
                self.says.find(id, &scan).is_some()
            }) {
                mood += transition.mood;
                next_step = transition.goto;
                break;
            }
        }
        let mood_after = mood.clamp(0, 10) as u8;
        self.mood = mood_after;
        turns.last_mut().expect("pushed above").mood_after = mood_after;
        self.transcript.turns = turns;

        let mut said = Vec::new();
        // Someone who broke in and was ignored says so.
        if let Some(id) = &interjection
            && let Some(inter) = self.scenario.interjections.iter().find(|i| &i.id == id)
            && !inter.expects.iter().all(|skill| assessment.shows(skill))
            && !inter.if_ignored.is_empty()
            && !self.nagged.contains(id)
        {
            self.nagged.push(id.clone());
            let text = self.pick(&inter.if_ignored);
            said.push(Line {
                speaker: inter.speaker.clone(),
                text,
                interjection: Some(inter.id.clone()),
            });
        }

        let replies_given = self.transcript.turns.len() as u32;
        let ending = if mood_after >= self.scenario.customer.walk_out_at {
            let line = if self.scenario.customer.walk_out.is_empty() {
                default_walk_out(self.scenario.language).to_string()
            } else {
                {
                    let scenario = self.scenario;
                    self.pick(&scenario.customer.walk_out)
                }
            };
            said.push(Line {
                speaker: self.scenario.customer.name.clone(),
                text: line,
                interjection: None,
            });
            Some(Ending::WalkedOut)
        } else if let Some(end) = self.scenario.steps[next_step].end {
            said.push(self.line_for(next_step, Some(step_index)));
            Some(end)
        } else if replies_given >= self.scenario.turn_limit {
            said.push(Line {
                speaker: self.scenario.customer.name.clone(),
                text: default_turn_limit(self.scenario.language).to_string(),
                interjection: None,
            });
            Some(Ending::TurnLimit)
        } else {
            said.push(self.line_for(next_step, Some(step_index)));
            for inter in self
                .scenario
                .interjections
                .iter()
                .filter(|i| i.after_turn == replies_given)
            {
                let text = self.pick(&inter.say);
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
            }
            None => self.pending = said.clone(),
        }
        Exchange {
            assessment,
            mood: (mood_before, mood_after),
            said,
            ending,
        }
    }

    /// A line of a step, avoiding the variant just said when the customer repeats a step.
    fn line_for(&mut self, step: usize, previous_step: Option<usize>) -> Line {
        let variants = &self.scenario.steps[step].say;
        let mut index = (self.rng.next_u64() % variants.len() as u64) as usize;
        if previous_step == Some(step) && variants.len() > 1 {
            let last = self
                .transcript
                .turns
                .last()
                .and_then(|t| t.customer.first())
                .map(|l| l.text.clone());
            if last.as_deref() == Some(expand(&variants[index], &self.values).as_str()) {
                index = (index + 1) % variants.len();
            }
        }
        let text = expand(&variants[index], &self.values);
        Line {
            speaker: self
                .scenario
                .speaker_name(&self.scenario.steps[step])
                .to_string(),
            text,
            interjection: None,
        }
    }

    fn pick(&mut self, variants: &[String]) -> String {
        let index = (self.rng.next_u64() % variants.len().max(1) as u64) as usize;
        expand(&variants[index], &self.values)
    }
}

fn holds(
    when: &ConditionFile,
    assessment: &ReplyAssessment,
    mood: u8,
    says: &[PhraseId],
    found: impl Fn(PhraseId) -> bool,
) -> bool {
    when.shows.iter().all(|s| assessment.shows(s))
        && !when.misses.iter().any(|s| assessment.shows(s))
        && (when.says.is_empty() || says.iter().any(|id| found(*id)))
        && when.mood_at_least.is_none_or(|m| mood >= m)
        && when.mood_at_most.is_none_or(|m| mood <= m)
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
