//! One reply and what it does: the customer hears it (answers, read-backs, rudeness),
//! takes the first transition that holds, earns or is refused an ending, and says what
//! comes next. The result is an [`Exchange`]; nothing here prints.

use std::time::Duration;

use super::endings::{
    BREACH_COMPLAINT, COMPLAINT, COMPLAINT_STANDS, SLIGHTED_COMPLAINT, UNRESOLVED,
    default_turn_limit, default_walk_out,
};
use super::grievance::Grudge;
use super::lines::sentences;
use super::others::QUEUE_MOOD;
use super::rudeness::Rudeness;
use super::transitions::{cause_of, holds};
use super::uptake::{self, uptake_in};
use super::voice::is_question;
use super::yes_no::answers_yes_no;
use super::{Cause, Check, Conversation, MoodChange, checks, questions};
use crate::grading::ReplyAssessment;
use crate::matcher::NormalizedText;
use crate::scenario::Ending;
use crate::transcript::{Line, Turn};

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

impl Conversation<'_> {
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
        let mut spoken = spoken.join(" ");
        // Turned to someone in the queue last time, the trainee comes back to what the
        // customer being served still asks (they said nothing meanwhile).
        let carried = std::mem::take(&mut self.still_asking);
        if spoken.trim().is_empty() {
            spoken = carried;
        }
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
        // Whether it promised a day, a refund or an offer (read once: the promises are
        // the customer's memory and the grievance's "plan").
        let planned = self
            .memory
            .hear(text, &norm.text, &assessment, &asked, &told);
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
        // Rudeness to the customer is remembered until apologised for; a complaint they
        // said they would make, until recovered.
        self.grievance.hear_reply(
            &norm.text,
            rude.as_ref().filter(|_| aimed.is_none()),
            planned,
        );

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
        // Reaching a step that would ask for what the call already did, the customer
        // moves on past it instead (late-delivery: verified after the plan was given, Dana
        // does not ask when the desk is coming).
        if next_step != step_index {
            let (past, passing) =
                self.past_done(step_index, next_step, &assessment, mood_before, &scan);
            next_step = past;
            for (delta, cause) in passing {
                mood += delta;
                change(&mut changes, delta, cause);
            }
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
        // A complaint about how the customer was treated earlier, or one they said they
        // would make and were not won back from.
        let mut grudge: Option<Grudge> = None;
        // Rude words to someone in the queue end nothing either: the customer being
        // served waits, saying nothing, while the trainee deals with them.
        // Nor does a reply said only to someone in the queue ("Thanks for waiting, madam -
        // what can I get you?"), meeting no condition of the customer's step: it answers
        // nothing the customer being served asked, so
        // they wait for their turn rather than take its questions as theirs. A reply that
        // turns to them by name is theirs too ("Ravi, your platter will be ready at twenty
        // past").
        let served = &self.scenario.customer.name;
        let served = crate::matcher::normalize(served.split_whitespace().next().unwrap_or(served));
        let to_queue = rude.is_none()
            && fallback
            && !self.waiting.is_empty()
            && !super::assent::contains_any(&norm.text, &[served.trim()])
            && self
                .spoken_to_in_queue(text, &heard, took.answered || took.read_back)
                .is_some();
        let aside = (rude.is_some()
            && aimed.is_some()
            && self.scenario.steps[next_step].end == Some(Ending::Resolved))
            || to_queue;
        if aside {
            next_step = step_index;
            self.still_asking = spoken.clone();
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
            } else if let Some(held) = self.grievance.grudge() {
                complaint = true;
                grudge = Some(held);
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
        // A read-back confirmed is a yes already: "Yes, exactly." is not followed by
        // "Sounds good, yes." for the same question.
        let confirmed = (read_back || confirming) && step.speaker.is_none() && rude.is_none();
        if confirmed {
            let lines = uptake::confirm_lines(self.scenario.language);
            answers.extend(self.voice.fresh(&mut self.rng, "", "confirm", &lines));
        }
        answers.extend(self.choose(&norm.text));
        // The trainee's own questions that ask for no fact: a yes when the reply suited
        // the customer, and at the close a word on anything else asked.
        let next = &self.scenario.steps[next_step];
        let plain_step =
            !breach && grudge.is_none() && !complaint && !unresolved && !aside && owed.is_none();
        let content = plain_step
            && next_step != step_index
            && rude.is_none()
            && !changes.iter().any(|c| {
                c.speaker == answered && c.delta > 0 && !matches!(c.cause, Cause::Waited { .. })
            });
        let closing = plain_step && next.end.is_some();
        // Most replies ask nothing: the next step's lines are read only when one does.
        let asks = norm.text.contains(['?', '？', '吗', '呢']);
        let yes_said = asks
            && !next.say.is_empty()
            && next
                .say
                .iter()
                .all(|l| answers_yes_no(&crate::matcher::normalize(l)));
        let assented = if asks {
            self.assent(&norm.text, content, closing, yes_said || confirmed)
        } else {
            Vec::new()
        };
        // A yes is the answer to a yes/no question: a step of details nobody asked for
        // ("I charge it every night…" to "Does that work for you?") waits to be asked.
        let held_back = !assented.is_empty()
            && next.end.is_none()
            && next_step != step_index
            && !next.gives.is_empty()
            && !next.gives.iter().any(|f| asked.contains(f))
            && !next.say.iter().any(|l| is_question(l));
        // Facts first: a reply asks for details before it asks "does that work?".
        answers.extend(self.answers(&to_answer));
        answers.extend(assented);

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
        } else if let Some(held) = grudge {
            let lines = match held {
                Grudge::Slighted => SLIGHTED_COMPLAINT,
                Grudge::ComplaintStands => COMPLAINT_STANDS,
            };
            (self.fixed_line(lines), false)
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
        } else if held_back {
            let line = Line {
                speaker: customer.clone(),
                text: sentences(&answers, self.scenario.language),
                interjection: None,
            };
            (line, false)
        } else {
            from_step = true;
            self.line_for(next_step, answers.clone(), !by_line.is_empty())
        };
        // The answers went into the step's line only when the main customer speaks it.
        let answered_inline =
            (from_step || held_back) && !answers.is_empty() && next_line.speaker == customer;
        // A group member who just asked again for this very step has said its line.
        let asked_again = from_step
            && next_step == step_index
            && said.iter().any(|l| l.speaker == next_line.speaker);
        let walk_out_at = self.scenario.customer.walk_out_at;
        // A group walks out with any member who has had enough.
        let group_fed_up = self.scenario.speakers.iter().any(|sp| {
            self.others
                .get(&sp.name)
                .is_some_and(|m| *m >= i32::from(walk_out_at))
        });
        let leaving = mood.clamp(0, 10) >= i32::from(walk_out_at)
            || group_fed_up
            || (replies_given >= self.scenario.turn_limit
                && self.scenario.steps[next_step].end.is_none()
                && !complaint);
        // Saying something again costs a point, but only when it is said: a customer who
        // leaves says nothing again, and having to repeat themselves is never what makes
        // them leave (the next reply that costs anything does).
        if again && !asked_again && !leaving && mood + 1 < i32::from(walk_out_at) {
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
        let ending = if mood_after >= walk_out_at || group_fed_up {
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
            // Served, while someone gave up on the queue: a customer walked out.
            if end == Ending::Resolved && self.left_queue {
                Some(Ending::WalkedOut)
            } else {
                Some(end)
            }
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
        for line in said.iter().filter(|l| l.speaker == customer) {
            self.grievance.hear_line(&line.text);
        }
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
