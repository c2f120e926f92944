//! Grading a saved transcript: its turns turned into replies in context, then graded as
//! one conversation. `grade`, `calibrate` and the simulator's final scorecard use this.

use super::{Grader, LiveEvaluation, Reply, Scorecard};
use crate::transcript::{Transcript, Turn};

/// Everything said to the trainee before a reply, as one text.
pub fn customer_text(turn: &Turn) -> String {
    turn.customer
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A turn's reply with its moment in the conversation; `customer` is
/// [`customer_text`] of the turn.
pub fn reply_of<'t>(turn: &'t Turn, customer: &'t str, trainee: &'t str) -> Reply<'t> {
    Reply {
        text: &turn.reply,
        customer,
        step: &turn.step,
        interjection: turn.customer.iter().find_map(|l| l.interjection.as_deref()),
        mood: turn.mood_before,
        trainee,
    }
}

/// Calls `f` with `turns` as replies in context (each with the customer's words before it
/// and the trainee's name): the one way turns become replies for grading.
pub fn with_replies<R>(turns: &[Turn], trainee: &str, f: impl FnOnce(&[Reply<'_>]) -> R) -> R {
    let customer: Vec<String> = turns.iter().map(customer_text).collect();
    let replies: Vec<Reply<'_>> = turns
        .iter()
        .zip(&customer)
        .map(|(t, c)| reply_of(t, c, trainee))
        .collect();
    f(&replies)
}

/// Grades a transcript's replies.
pub fn grade_transcript(grader: &Grader, transcript: &Transcript) -> Scorecard {
    grade_transcript_with(grader, transcript, true)
}

/// [`grade_transcript`], with rule-level evidence and coaching only when `details` (see
/// [`Grader::grade_totals`]).
pub fn grade_transcript_with(grader: &Grader, transcript: &Transcript, details: bool) -> Scorecard {
    grade_replayed(grader, transcript, details, None)
}

/// [`grade_transcript_with`] for a transcript that `grader` may have just replayed:
/// `replayed` is what [`crate::replay::replay`] returned with the same grader, whose work
/// on each reply grading then reuses.
pub fn grade_replayed(
    grader: &Grader,
    transcript: &Transcript,
    details: bool,
    replayed: Option<LiveEvaluation>,
) -> Scorecard {
    with_replies(&transcript.turns, &transcript.trainee, |replies| {
        let mut card = match replayed {
            Some(live) => grader.grade_assessed(replies, details, live),
            None if details => grader.grade(replies),
            None => grader.grade_totals(replies),
        };
        if details {
            card.for_trainee(&transcript.trainee);
        }
        card
    })
}

impl Scorecard {
    /// Puts the trainee's name where a suggestion says `{trainee.name}`.
    pub fn for_trainee(&mut self, trainee: &str) {
        for skill in &mut self.skills {
            if let Some(suggest) = &skill.suggest
                && suggest.contains('{')
            {
                skill.suggest = Some(super::names::for_trainee(suggest, trainee).into());
            }
        }
    }
}
