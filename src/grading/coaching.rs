//! The live view of the latest reply: which skills it shows and what coaching is worth
//! reading now (for the REPL and the customer's branching).

use super::*;

/// What a live conversation has evaluated so far, kept between replies so that each
/// reply is evaluated once ([`Grader::assess_next`]): regrading the whole call on every
/// reply made a long call slower with each turn (a reply after a 200 KB paste took a
/// second; replaying a cohort cost three times its grading). One per conversation and
/// grader.
#[derive(Debug, Default)]
pub struct LiveEvaluation {
    eval: Evaluation,
    /// Per skill, whether an earlier reply showed it (coaching skips those): kept here so
    /// that a reply's coaching never looks back over the whole call.
    shown: Vec<bool>,
}

impl Grader {
    /// Assesses the last reply in `replies` (the earlier ones are context for repetition
    /// checks): which skills it shows, ignoring first/last scopes.
    pub fn assess_last(&self, replies: &[Reply<'_>]) -> ReplyAssessment {
        let Some(last) = replies.len().checked_sub(1) else {
            return ReplyAssessment::default();
        };
        let eval = self.evaluate_all(replies, None);
        let shown: Vec<bool> = (0..self.skills.len())
            .map(|k| (0..last).any(|i| self.shows(k, &eval, &replies[i], i)))
            .collect();
        let assessment = self.assessment(&eval, &replies[last], last, &shown);
        eval.recycle();
        assessment
    }

    /// [`Grader::assess_last`] for a conversation that grows a reply at a time: `reply`
    /// comes after the replies `live` has taken in, and only it is evaluated, so a reply
    /// costs the same however long the call (the simulated customer replays every turn
    /// of a transcript through this).
    pub fn assess_next(&self, live: &mut LiveEvaluation, reply: Reply<'_>) -> ReplyAssessment {
        let index = live.eval.prepared.len();
        self.evaluate_next(&mut live.eval, &reply);
        live.shown.resize(self.skills.len(), false);
        let assessment = self.assessment(&live.eval, &reply, index, &live.shown);
        for (k, shown) in live.shown.iter_mut().enumerate() {
            *shown = *shown || self.shows(k, &live.eval, &reply, index);
        }
        assessment
    }

    /// [`Grader::grade`] (or, without `details`, [`Grader::grade_totals`]) of the
    /// conversation `live` has assessed reply by reply with this grader (a transcript
    /// just replayed): each reply's normalised text, phrase scan and profile are taken
    /// from it rather than made again, which was most of the cost of grading a long reply
    /// a second time. A `live` that holds other replies than `replies` is not used.
    pub fn grade_assessed(
        &self,
        replies: &[Reply<'_>],
        details: bool,
        live: LiveEvaluation,
    ) -> Scorecard {
        let prepared = live.eval.prepared;
        let same = prepared.len() == replies.len() && live.eval.rules == self.rules.len();
        self.grade_with(
            replies,
            View::Conversation,
            details,
            same.then_some(prepared),
        )
    }

    /// Whether reply `index` (`reply`) shows skill `skill` on its own.
    fn shows(&self, skill: usize, eval: &Evaluation, reply: &Reply<'_>, index: usize) -> bool {
        self.reply_view(skill, eval, reply, index)
            .is_some_and(|v| v >= self.skills[skill].shown_at - 1e-9)
    }

    /// What reply `last` (`reply`, the latest evaluated in `eval`) shows and misses;
    /// `shown_before` says, per skill, whether an earlier reply showed it.
    fn assessment(
        &self,
        eval: &Evaluation,
        reply: &Reply<'_>,
        last: usize,
        shown_before: &[bool],
    ) -> ReplyAssessment {
        let mut missed: Vec<(f64, String, String, Option<String>)> = Vec::new();
        let mut assessment = ReplyAssessment {
            gaming: eval
                .gaming
                .iter()
                .filter(|g| g.turn == last + 1)
                .cloned()
                .collect(),
            ..ReplyAssessment::default()
        };
        let prepared = &eval.prepared[last];
        for (k, skill) in self.skills.iter().enumerate() {
            for r in skill.rules.clone() {
                let compiled = &self.rules[r];
                if !applies(&compiled.rule, last, last + 1, reply, false) {
                    continue;
                }
                let evidence = |m: &Mark| self.evidence(compiled, reply, prepared, last + 1, *m);
                match eval.finding(last, r) {
                    Finding::Positive(Some(m)) => assessment.evidence.push(evidence(&m)),
                    Finding::Guard { from, to } => assessment
                        .violations
                        .extend(eval.violations(from, to).iter().map(evidence)),
                    _ => {}
                }
            }
            let Some(score) = self.reply_view(k, eval, reply, last) else {
                continue;
            };
            let name = format!("{}.{}", skill.rubric, skill.id);
            if score >= skill.shown_at - 1e-9 {
                assessment.shown.push(name);
                continue;
            }
            let rules = &self.rules[skill.rules.clone()];
            // Coaching skips a skill already shown earlier, unless it is wanted every time.
            let every = rules.iter().any(|c| c.rule.scope == Scope::Every);
            // Closing-type skills (every positive rule scoped to the last reply) are judged
            // on the final scorecard: mid-conversation nobody should be told to say goodbye.
            let only_last = rules
                .iter()
                .filter(|c| c.rule.kind.is_positive())
                .all(|c| matches!(c.rule.scope, Scope::Last | Scope::Final));
            if only_last {
                continue;
            }
            if every || !shown_before[k] {
                // A first-reply skill missed now cannot be made up later: it goes first.
                let urgent = last == 0 && rules.iter().any(|c| c.rule.scope == Scope::First);
                let rank = skill.weight + if urgent { 100.0 } else { 0.0 };
                missed.push((
                    rank,
                    name,
                    skill.miss.to_string(),
                    skill.suggest.as_deref().map(str::to_string),
                ));
            }
        }
        // The most valuable missed skill first: that is the coaching worth reading.
        missed.sort_by(|a, b| b.0.total_cmp(&a.0));
        assessment.missed = missed
            .into_iter()
            .map(|(_, name, miss, suggest)| (name, miss, suggest))
            .collect();
        assessment
    }

    /// A skill's score on reply `index` (`reply`) alone (live view), or `None` when none
    /// of its rules applies there. Order rules are left to the conversation score.
    fn reply_view(
        &self,
        skill: usize,
        eval: &Evaluation,
        reply: &Reply<'_>,
        index: usize,
    ) -> Option<f64> {
        let (mut pos_sum, mut pos_w, mut guard, mut guarded) = (0.0, 0.0, 1.0, false);
        for r in self.skills[skill].rules.clone() {
            let compiled = &self.rules[r];
            if !applies(&compiled.rule, index, index + 1, reply, false) {
                continue;
            }
            let w = compiled.rule.weight;
            match eval.finding(index, r) {
                Finding::Positive(hit) => {
                    pos_w += w;
                    if hit.is_some() {
                        pos_sum += w;
                    }
                }
                Finding::Guard { from, to } => {
                    guarded = true;
                    if from != to {
                        guard = 0.0;
                    }
                }
                Finding::Order { .. } => {}
            }
        }
        if pos_w == 0.0 && !guarded {
            return None;
        }
        let pos = if pos_w > 0.0 { pos_sum / pos_w } else { 1.0 };
        Some(pos * guard)
    }
}
