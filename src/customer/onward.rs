//! Where the customer goes when a reply has done what they wanted, whatever branch the
//! graph would take: on past a fallback that would have them say the step again, and on
//! past a step whose question was answered before it came up. An ending is still earned
//! (`exchange` holds it back); nothing here prints or scores.

use super::transitions::{cause_of, holds};
use super::uptake::Uptake;
use super::voice::is_question;
use super::{Cause, Conversation};
use crate::grading::ReplyAssessment;
use crate::matcher::Scan;
use crate::scenario::Ending;

impl Conversation<'_> {
    /// Where a reply no condition of its step rewarded leads when it took up what was
    /// said or met what the step `expects`. A fallback that moves on is taken as it is;
    /// one that would have the customer say the step again gives way to the first step its
    /// transitions lead to that is not an ending, else to its first `resolved` ending (an
    /// ending is still earned: `resolved_when`, owed checks and rudeness hold it back),
    /// since the customer was heard — unless the figure they asked for (how long, how
    /// much) is still owed.
    pub(super) fn onward(&self, step: usize, next: usize, took: Uptake) -> usize {
        if !took.heard() || next != step || took.figure_owed {
            return next;
        }
        let steps = &self.scenario.steps;
        let targets = || {
            steps[step]
                .next
                .iter()
                .map(|t| t.goto)
                .filter(|&g| g != step)
        };
        targets()
            .find(|&g| steps[g].end.is_none())
            .or_else(|| targets().find(|&g| steps[g].end == Some(Ending::Resolved)))
            .unwrap_or(next)
    }

    /// The step the customer goes to after reaching `next` from `from`: `next` itself,
    /// unless it is the main customer's, asks something (a variant is a question), and
    /// everything it `expects` was done before it came up ("So when will I get it?" after
    /// the trainee said when). Then the customer does not ask for what was given: the
    /// step's transitions are tried as if the reply answered it (the first that holds is
    /// taken, its mood change with it; a fallback costs nothing, since the step's want was
    /// met, and one that would stay moves on as [`Conversation::onward`] does), and so on
    /// through every such step. Returns the step reached and the mood changes on the way.
    pub(super) fn past_done(
        &self,
        from: usize,
        next: usize,
        assessment: &ReplyAssessment,
        mood: u8,
        scan: &Scan,
    ) -> (usize, Vec<(i32, Cause)>) {
        let steps = &self.scenario.steps;
        let mut at = next;
        let mut passed = vec![from];
        let mut changes = Vec::new();
        while !passed.contains(&at) && self.answered_before(at) {
            passed.push(at);
            let mut to = at;
            for (t, transition) in steps[at].next.iter().enumerate() {
                let says = &self.says_ids[at][t];
                let found = says.iter().find(|id| self.says.find(**id, scan).is_some());
                if !holds(
                    &transition.when,
                    assessment,
                    &self.memory,
                    mood,
                    says,
                    found.is_some(),
                ) {
                    continue;
                }
                let delta = if transition.when.is_empty() {
                    transition.mood.min(0)
                } else {
                    transition.mood
                };
                if delta != 0 {
                    let said = found.map(|id| self.says.written(*id).to_string());
                    let cause = cause_of(&transition.when, said, delta, assessment, self.grader);
                    changes.push((delta, cause));
                }
                to = transition.goto;
                break;
            }
            let met = Uptake {
                met: true,
                ..Uptake::default()
            };
            at = self.onward(at, to, met);
        }
        (at, changes)
    }

    /// Whether step `at` would ask the main customer's question for what was already done:
    /// it has `expects`, all of them shown in the call so far, and a variant asking.
    fn answered_before(&self, at: usize) -> bool {
        let step = &self.scenario.steps[at];
        step.end.is_none()
            && step.speaker.is_none()
            && !step.expects.is_empty()
            && step.expects.iter().all(|s| self.memory.done(s))
            && step.say.iter().any(|line| is_question(line))
    }
}
