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
    let customer: Vec<String> = transcript.turns.iter().map(customer_text).collect();
    let replies: Vec<Reply<'_>> = transcript
        .turns
        .iter()
        .zip(&customer)
        .map(|(t, c)| reply_of(t, c, &transcript.trainee))
        .collect();
    match replayed {
        Some(live) => grader.grade_assessed(&replies, details, live),
        None if details => grader.grade(&replies),
        None => grader.grade_totals(&replies),
    }
}
