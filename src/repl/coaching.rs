//! The coaching `play` prints: the lines under a reply (ticks, the one tip, mood changes
//! and their causes) and `/hint` before the next one. What to say is the grader's and the
//! coach's; this only asks at the right moment and prints.

use super::wrap;
use crate::customer::{Conversation, Exchange};
use crate::grading::{Coach, Grader, Moment};
use crate::locale::Messages;

/// What the trainee has already read about a reply before it was sent.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shown {
    /// The waits before it, each with its cost, printed above the prompt by the timer.
    pub(super) waits: bool,
}

/// Live coaching under a reply: what `grader` makes of it at this moment of the call, for
/// this trainee (their name goes into the suggestions), from the call's `coach`. Each mood change is shown once:
/// a wait the timer printed with its cost is left out here.
pub(super) fn say_coaching(
    coach: &mut Coach,
    grader: &Grader,
    conversation: &Conversation<'_>,
    exchange: &Exchange,
    moment: Moment,
    shown: Shown,
    m: &Messages,
) {
    let now = conversation.coaching_now();
    let coaching = coach.after_reply(
        grader,
        &exchange.assessment,
        moment,
        now,
        &conversation.transcript().trainee,
    );
    let mut exchange = std::borrow::Cow::Borrowed(exchange);
    if shown.waits {
        exchange
            .to_mut()
            .changes
            .retain(|c| !matches!(c.cause, crate::customer::Cause::Waited { .. }));
    }
    let text = crate::report::text::coaching(
        &exchange,
        &coaching,
        m,
        colored::control::SHOULD_COLORIZE.should_colorize(),
    );
    print!("{}", wrap::fit(&text));
}

pub(super) fn hint(grader: &Grader, conversation: &Conversation<'_>, m: &Messages) -> String {
    // What would be missing if the next reply said nothing, in the order a call goes.
    let next = conversation.assess_with_next("");
    let tip = grader.hint(
        &next,
        conversation.awaits_last_word(),
        &conversation.transcript().trainee,
    );
    // Nothing left to coach, yet the customer grows more upset: the call is looping on
    // something they asked, so "you're doing well" would mislead.
    if tip.is_none()
        && mood_rising(&conversation.transcript().turns)
        && let Some(line) = conversation.pending().last()
    {
        return crate::locale::fill(m.still_waiting, &[&line.text]);
    }
    crate::report::text::hint(tip.as_ref(), m)
}

/// Whether the customer's mood has gone up over the last two replies (or the only one),
/// without a reply between that brought it down.
fn mood_rising(turns: &[crate::transcript::Turn]) -> bool {
    let last = turns.len().saturating_sub(2);
    let recent = &turns[last..];
    !recent.is_empty()
        && recent.iter().all(|t| t.mood_after >= t.mood_before)
        && recent.iter().any(|t| t.mood_after > t.mood_before)
}

#[cfg(test)]
mod tests {
    use super::mood_rising;
    use crate::transcript::Turn;

    fn turns(moods: &[(u8, u8)]) -> Vec<Turn> {
        moods
            .iter()
            .map(|&(mood_before, mood_after)| Turn {
                step: "check".into(),
                customer: Vec::new(),
                reply: "Okay.".into(),
                latency_ms: None,
                mood_before,
                mood_after,
            })
            .collect()
    }

    /// `/hint` says what the customer still waits for when their mood has been climbing,
    /// not "you're doing well".
    #[test]
    fn a_climbing_mood_is_noticed_over_the_last_replies() {
        assert!(mood_rising(&turns(&[(3, 3), (3, 4), (4, 6)])));
        assert!(mood_rising(&turns(&[(3, 4)])));
        assert!(mood_rising(&turns(&[(5, 3), (3, 3), (3, 4)])));
        assert!(!mood_rising(&turns(&[])));
        assert!(!mood_rising(&turns(&[(3, 4), (4, 3)])));
        assert!(!mood_rising(&turns(&[(4, 4), (4, 4)])));
    }
}
