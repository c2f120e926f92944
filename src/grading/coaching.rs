//! The live view of the latest reply: which skills it shows (for the customer's
//! branching), and how each skill stands in the call so far, assessed a reply at a time
//! (for the tips and ticks of [`super::tips`]). Never prints.

use super::*;

/// How one skill stands after a reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SkillMoment {
    /// A rule of it looks at this reply.
    pub applies: bool,
    /// This reply shows it (its score on this reply alone reaches `shown_at`).
    pub shown: bool,
    /// Shown with points earned, not merely no guard broken.
    pub earned: bool,
    /// The call so far, graded as a whole, counts it as shown.
    pub holds: bool,
    /// The call so far, graded as a whole, scores it in full: what ticks it, live as on
    /// the scorecard ([`SkillScore::ticked`]). A skill shown in part is not ticked.
    pub full: bool,
    /// An earlier reply showed it.
    pub before: bool,
    /// A step reached says it does not apply to this call.
    pub exempt: bool,
    /// A guard rule of it broke in this reply.
    pub broken: bool,
    /// The critical rule of it this reply broke (index among the grader's rules).
    pub breach: Option<u32>,
    /// The critical rule of it the reply before broke.
    pub breach_before: Option<u32>,
    /// Its positive rules the call so far has not met in full, as bits by place among
    /// the skill's rules (bit 0 its first rule)…
    pub missing: u32,
    /// …and those of them that can still count: they look at this reply or a later one
    /// (an `opening` rule stops after the second reply, a `first` one after the first).
    /// Coaching asks only for these.
    pub open: u32,
}

/// What a live conversation has evaluated so far, kept between replies so that each
/// reply is evaluated once and assessed in time that does not grow with the call
/// ([`Grader::assess_next`]): regrading the whole call on every reply made a long call
/// slower with each turn (a reply after a 200 KB paste took a second; replaying a 100,000
/// turn transcript took a minute). One per conversation and grader.
#[derive(Debug, Default)]
pub struct LiveEvaluation {
    eval: Evaluation,
    /// Per skill, whether an earlier reply showed it (coaching skips those).
    shown: Vec<bool>,
    /// Per skill, whether a step reached says it does not apply.
    exempt: Vec<bool>,
    /// Per skill, the critical rule the reply before broke (for `/hint`).
    breach: Vec<Option<u32>>,
    /// Per rule, its tally over the call so far, as if the call ended at the latest reply
    /// (rules scoped to the last replies are tallied when asked, from `previous`).
    so_far: Vec<SoFar>,
    /// What scopes need of the reply before the latest: its mood, step and interjection.
    previous: Option<(u8, Box<str>, Option<Box<str>>)>,
}

impl LiveEvaluation {
    /// The latest reply taken in, normalised (the customer reads it too, rather than
    /// normalising it again).
    pub fn latest_text(&self) -> Option<&crate::matcher::NormalizedText> {
        self.eval.prepared.last().map(|p| &p.text)
    }
}

/// One rule's findings over the replies in its scope so far, the way the scorecard
/// counts them (see [`Grader::aggregate`]).
#[derive(Debug, Default, Clone, Copy)]
struct SoFar {
    seen: usize,
    good: usize,
    bad: usize,
    /// Order rules: where a `first` pattern was first seen (reply, position)…
    first_seen: Option<(usize, u32)>,
    /// …and, once a `then` pattern came, whether it came after one.
    decided: Option<bool>,
}

impl Grader {
    /// Assesses the last reply in `replies` (the earlier ones are context for repetition
    /// checks): which skills it shows, ignoring first/last scopes.
    pub fn assess_last(&self, replies: &[Reply<'_>]) -> ReplyAssessment {
        let mut live = LiveEvaluation::default();
        let mut assessment = ReplyAssessment::default();
        for reply in replies {
            assessment = self.assess_next(&mut live, *reply);
        }
        live.eval.recycle();
        assessment
    }

    /// [`Grader::assess_last`] for a conversation that grows a reply at a time: `reply`
    /// comes after the replies `live` has taken in, and only it is evaluated, so a reply
    /// costs the same however long the call (the simulated customer replays every turn
    /// of a transcript through this).
    pub fn assess_next(&self, live: &mut LiveEvaluation, reply: Reply<'_>) -> ReplyAssessment {
        let index = live.eval.prepared.len();
        self.evaluate_next(&mut live.eval, &reply);
        let skills = self.skills.len();
        live.shown.resize(skills, false);
        live.exempt.resize(skills, false);
        live.breach.resize(skills, None);
        live.so_far.resize(self.rules.len(), SoFar::default());
        if let Some(step) = self.step_skills(reply.step) {
            for &k in &step.not_applicable {
                live.exempt[k] = true;
            }
        }
        let before: Vec<SoFar> = live.so_far.clone();
        for r in 0..self.rules.len() {
            if !matches!(self.rules[r].rule.scope, Scope::Last | Scope::Final) {
                self.tally(r, &mut live.so_far[r], &live.eval, index, &reply);
            }
        }
        let assessment = self.assessment(live, &before, &reply, index);
        for (k, moment) in assessment.skills.iter().enumerate() {
            live.shown[k] = live.shown[k] || moment.shown;
            live.breach[k] = moment.breach;
        }
        live.previous = Some((
            reply.mood,
            reply.step.into(),
            reply.interjection.map(Box::from),
        ));
        assessment
    }

    /// [`Grader::grade`] (or, without `details`, [`Grader::grade_totals`]) of the
    /// conversation `live` has assessed reply by reply with this grader (a transcript
    /// just replayed): every rule's findings in every reply are taken from it rather
    /// than found again (scanning a long reply a second time was most of the cost of
    /// grading it; evaluating every reply again, a quarter of grading a replayed cohort).
    /// A `live` that holds other replies than `replies` is not used.
    pub fn grade_assessed(
        &self,
        replies: &[Reply<'_>],
        details: bool,
        live: LiveEvaluation,
    ) -> Scorecard {
        let eval = live.eval;
        if eval.prepared.len() != replies.len() || eval.rules != self.rules.len() {
            return self.grade_with(replies, View::Conversation, details, None);
        }
        // Taken in a reply at a time, the first reply was judged for stuffing as if it
        // were also the last; where the whole call judges it otherwise, the replies are
        // evaluated again (from their scans).
        let eval = if replies
            .first()
            .is_none_or(|first| first_reply_judged_alike(self, &eval, first))
        {
            eval
        } else {
            self.evaluate_all(replies, Some(eval.prepared))
        };
        self.grade_with(replies, View::Conversation, details, Some(eval))
    }

    /// Adds reply `index`'s finding for rule `r` to its tally, if the rule looks at that
    /// reply in a whole call.
    fn tally(&self, r: usize, so_far: &mut SoFar, eval: &Evaluation, index: usize, reply: &Reply) {
        if !applies(&self.rules[r].rule, index, index + 1, reply, true) {
            return;
        }
        so_far.seen += 1;
        match eval.finding(index, r) {
            Finding::Positive(hit) => so_far.good += usize::from(hit.is_some()),
            Finding::Guard { from, to } => {
                so_far.good += usize::from(from == to);
                so_far.bad += eval.violations(from, to).len();
            }
            Finding::Order { first, then } => {
                if so_far.decided.is_none() {
                    so_far.decided =
                        super::scorecard::order_step(&mut so_far.first_seen, index, first, then)
                            .map(|(ok, _)| ok);
                }
            }
        }
    }

    /// Whether the call so far, ended at `reply` (the latest reply `live` has taken in),
    /// breaks a critical rule with words to show for it: what the scorecard of the call
    /// would report as a critical failure with evidence. Read from the running tallies,
    /// so the customer can ask before a resolved ending without regrading the call (that
    /// regrading was a quarter of replaying a cohort).
    pub fn breaks_critical(&self, live: &LiveEvaluation, reply: &Reply<'_>) -> bool {
        let Some(last) = live.eval.prepared.len().checked_sub(1) else {
            return false;
        };
        (0..self.rules.len()).any(|r| {
            let compiled = &self.rules[r];
            if !compiled.rule.critical {
                return false;
            }
            let tally = self.tally_so_far(r, live, reply, last);
            match compiled.check {
                Check::Order { .. } => tally.decided == Some(false),
                // A kept critical phrase asked of every reply, missing from some.
                _ if compiled.check.is_positive() => {
                    tally.good > 0 && self.rule_score(r, tally.seen, tally.good, tally.bad) < 1.0
                }
                _ => tally.bad > 0,
            }
        })
    }

    /// Rule `r` scored over the call up to the latest reply `last` (`reply`) as a whole
    /// call, as if it ended there: what the final scorecard would say of it now.
    fn rule_so_far(
        &self,
        r: usize,
        live: &LiveEvaluation,
        reply: &Reply,
        last: usize,
    ) -> Option<f64> {
        let compiled = &self.rules[r];
        let tally = self.tally_so_far(r, live, reply, last);
        if matches!(compiled.check, Check::Order { .. }) {
            return tally.decided.map(|ok| f64::from(u8::from(ok)));
        }
        (tally.seen > 0).then(|| self.rule_score(r, tally.seen, tally.good, tally.bad))
    }

    /// Rule `r`'s tally over the call up to the latest reply `last` (`reply`), as if the
    /// call ended there.
    fn tally_so_far(&self, r: usize, live: &LiveEvaluation, reply: &Reply, last: usize) -> SoFar {
        match self.rules[r].rule.scope {
            Scope::Last | Scope::Final => {
                let mut tally = SoFar::default();
                if self.rules[r].rule.scope == Scope::Final
                    && let Some((mood, step, interjection)) = &live.previous
                {
                    let previous = Reply {
                        mood: *mood,
                        step,
                        interjection: interjection.as_deref(),
                        ..*reply
                    };
                    self.tally(r, &mut tally, &live.eval, last - 1, &previous);
                }
                self.tally(r, &mut tally, &live.eval, last, reply);
                tally
            }
            _ => live.so_far[r],
        }
    }

    /// What the last reply shows, and how every skill stands after it; `before` is each
    /// rule's tally before it.
    fn assessment(
        &self,
        live: &LiveEvaluation,
        before: &[SoFar],
        reply: &Reply<'_>,
        last: usize,
    ) -> ReplyAssessment {
        let eval = &live.eval;
        let mut assessment = ReplyAssessment {
            gaming: eval
                .gaming
                .iter()
                .filter(|g| g.turn == last + 1)
                .cloned()
                .collect(),
            index: last,
            step: reply.step.to_string(),
            mood: reply.mood,
            ..ReplyAssessment::default()
        };
        let prepared = &eval.prepared[last];
        assessment.skills.reserve_exact(self.skills.len());
        for (k, skill) in self.skills.iter().enumerate() {
            let mut moment = SkillMoment {
                exempt: live.exempt[k],
                // An earlier reply showed it: coaching does not ask for it again.
                before: live.shown[k],
                // Guards and order rules broken in the reply before, for `/hint`.
                breach_before: live.breach[k],
                ..SkillMoment::default()
            };
            for r in skill.rules.clone() {
                let compiled = &self.rules[r];
                if !applies(&compiled.rule, last, last + 1, reply, false) {
                    continue;
                }
                let evidence = |m: &Mark| self.evidence(compiled, reply, prepared, last + 1, *m);
                match eval.finding(last, r) {
                    Finding::Positive(Some(m)) => assessment.evidence.push(evidence(&m)),
                    Finding::Guard { from, to } => {
                        let marks = eval.violations(from, to);
                        if !marks.is_empty() {
                            moment.broken = true;
                            if compiled.rule.critical {
                                moment.breach = Some(r as u32);
                            }
                        }
                        // The same words broken under two skills ("not my fault" is blame
                        // in positive language and in the apology) are shown once.
                        for mark in marks {
                            let found = evidence(mark);
                            if !assessment
                                .violations
                                .iter()
                                .any(|v| v.span.is_some() && v.span == found.span)
                            {
                                assessment.violations.push(found);
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Privacy broken by this very reply (an order rule looks at the whole call):
            // account details read out before identity was checked, first here.
            if moment.breach.is_none() {
                moment.breach = skill.rules.clone().find_map(|r| {
                    let compiled = &self.rules[r];
                    let broken = |t: &SoFar| t.decided == Some(false);
                    (compiled.rule.critical
                        && matches!(compiled.check, Check::Order { .. })
                        && broken(&live.so_far[r])
                        && !broken(&before[r]))
                    .then_some(r as u32)
                });
            }
            // Whether the call, ended here, would count it as shown — coaching does not ask
            // again for what the call has already done over several replies ("anything
            // else?" in one, thanks and goodbye in the next) — and score it in full, which
            // the tick needs (one threshold for the tick and the scorecard's ✓).
            for (bit, r) in skill.rules.clone().enumerate().take(u32::BITS as usize) {
                let compiled = &self.rules[r];
                if !compiled.check.is_positive() {
                    continue;
                }
                let met = self
                    .rule_so_far(r, live, reply, last)
                    .is_some_and(|s| s >= 1.0 - 1e-9);
                if !met {
                    moment.missing |= 1 << bit;
                    if still_counts(&compiled.rule, last) {
                        moment.open |= 1 << bit;
                    }
                }
            }
            let so_far = self.so_far_score(k, live, reply, last);
            moment.holds = so_far.is_some_and(|s| s >= skill.shown_at - 1e-9);
            moment.full = so_far.is_some_and(|s| s >= 1.0 - 1e-9);
            let Some((score, positive)) = self.reply_view_of(k, eval, reply, last) else {
                assessment.skills.push(moment);
                continue;
            };
            moment.applies = true;
            if score >= skill.shown_at - 1e-9 {
                assessment.shown.push(skill.qualified.clone());
                moment.shown = true;
                moment.earned = positive;
            }
            assessment.skills.push(moment);
        }
        assessment
    }

    /// Skill `k`'s score over the call so far (graded as a whole call ending at reply
    /// `last`, the way the final scorecard grades it); `None` when a critical rule of it
    /// broke or no positive rule of it applied, as nothing of it can count as shown.
    fn so_far_score(
        &self,
        k: usize,
        live: &LiveEvaluation,
        reply: &Reply,
        last: usize,
    ) -> Option<f64> {
        let skill = &self.skills[k];
        let (mut pos_sum, mut pos_w, mut guard) = (0.0, 0.0, 1.0);
        for r in skill.rules.clone() {
            let compiled = &self.rules[r];
            let Some(score) = self.rule_so_far(r, live, reply, last) else {
                continue;
            };
            if compiled.rule.critical && score < 1.0 {
                return None;
            }
            if compiled.check.is_positive() {
                pos_sum += score * compiled.rule.weight;
                pos_w += compiled.rule.weight;
            } else {
                guard *= score;
            }
        }
        let score = if pos_w > 0.0 { pos_sum / pos_w } else { 1.0 } * guard;
        (pos_w > 0.0).then_some(score)
    }

    /// A skill's score on reply `index` (`reply`) alone (live view), or `None` when none of
    /// its rules applies there (order rules are left to the conversation score), and
    /// whether a positive rule applied (a skill made only of
    /// guards is "shown" by any reply that breaks none: nothing to tick).
    fn reply_view_of(
        &self,
        skill: usize,
        eval: &Evaluation,
        reply: &Reply<'_>,
        index: usize,
    ) -> Option<(f64, bool)> {
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
        Some((pos * guard, pos_w > 0.0))
    }
}

/// Whether a rule can still count at reply `index` or a later one: a `first` rule only
/// on the first reply, an `opening` one on the first two; any other scope to the end.
fn still_counts(rule: &Rule, index: usize) -> bool {
    match rule.scope {
        Scope::First => index == 0,
        Scope::Opening => index < OPENING_REPLIES,
        _ => true,
    }
}
