//! The live view of the latest reply: which skills it shows (for the customer's
//! branching), which of them to tick, and the one piece of coaching worth reading now,
//! chosen in the order a call goes (for `play`, `run --coach` and `/hint`). Never prints.

use super::*;

/// When coaching is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Right after a reply, mid-call.
    Reply,
    /// After the reply the customer closed the call on (the last word may follow).
    Ending,
    /// After the trainee's last word.
    LastWord,
    /// Before the next reply (`/hint`); `closing` when the customer is wrapping up.
    Next {
        /// The customer has closed or is closing the call.
        closing: bool,
    },
}

impl Moment {
    /// The moment right after a reply the call ended on (or not). Only a call the
    /// customer closes in good order asks for a closing: after a walk-out or a hand-over
    /// forced by the reply, "offer more help" would be advice for a call that is lost.
    pub fn after_reply(ending: Option<crate::scenario::Ending>) -> Moment {
        use crate::scenario::Ending;
        match ending {
            Some(Ending::Resolved) => Moment::Ending,
            _ => Moment::Reply,
        }
    }
}

/// Why a tip comes first; tips earlier in this order win.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// A critical rule broke: privacy before verification, "calm down".
    Breach,
    /// The persona's own skill: the queue, each person in a group, the returning customer.
    Persona,
    /// What the step being answered expects (its `expects`).
    Step,
    /// A missed skill of a stage the call has reached, heaviest first.
    Stage,
}

/// One piece of coaching: a skill, what to do about it, and words to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    /// `rubric.skill`.
    pub skill: String,
    /// The skill's name, as trainees read it.
    pub name: Arc<str>,
    /// What to do (the broken rule's coaching for a breach, else the skill's miss).
    pub advice: Arc<str>,
    /// A phrasing to try, with the trainee's name and the scenario's facts filled in.
    pub suggest: Option<String>,
    /// Why this comes first.
    pub priority: Priority,
}

/// Live coaching for one reply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coaching {
    /// Names of the skills the reply earned that the call, ended now, would count as
    /// shown: a tick is never taken back by "What to work on".
    pub ticks: Vec<Arc<str>>,
    /// The next thing to work on.
    pub next: Option<Tip>,
}

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
        let eval = if first_reply_judged_alike(self, &eval) {
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
            // Whether the call, ended here, would count it as shown: the tick needs it
            // (one threshold for the tick and the final score), and coaching does not ask
            // again for what the call has already done over several replies ("anything
            // else?" in one, thanks and goodbye in the next).
            moment.holds = self.holds(k, live, reply, last);
            let Some((score, positive)) = self.reply_view_of(k, eval, reply, last) else {
                assessment.skills.push(moment);
                continue;
            };
            moment.applies = true;
            let name = format!("{}.{}", skill.rubric, skill.id);
            if score >= skill.shown_at - 1e-9 {
                assessment.shown.push(name);
                moment.shown = true;
                moment.earned = positive;
            }
            assessment.skills.push(moment);
        }
        assessment
    }

    /// Whether skill `k` counts as shown in the call so far (graded as a whole call
    /// ending at reply `last`, the way the final scorecard grades it).
    fn holds(&self, k: usize, live: &LiveEvaluation, reply: &Reply, last: usize) -> bool {
        let skill = &self.skills[k];
        let (mut pos_sum, mut pos_w, mut guard) = (0.0, 0.0, 1.0);
        for r in skill.rules.clone() {
            let compiled = &self.rules[r];
            let Some(score) = self.rule_so_far(r, live, reply, last) else {
                continue;
            };
            if compiled.rule.critical && score < 1.0 {
                return false;
            }
            if compiled.check.is_positive() {
                pos_sum += score * compiled.rule.weight;
                pos_w += compiled.rule.weight;
            } else {
                guard *= score;
            }
        }
        let score = if pos_w > 0.0 { pos_sum / pos_w } else { 1.0 } * guard;
        pos_w > 0.0 && score >= skill.shown_at - 1e-9
    }

    /// The coaching for a reply just given: the skills it showed that count (by name),
    /// and the one thing worth working on next (see [`Grader::hint`] for the order).
    /// `trainee` fills `{trainee.name}` in the suggestion.
    pub fn coaching(
        &self,
        assessment: &ReplyAssessment,
        moment: Moment,
        trainee: &str,
    ) -> Coaching {
        let mut ticks = Vec::new();
        for (skill, m) in self.skills.iter().zip(&assessment.skills) {
            // Closing skills are judged at the end of the call: ticked only there.
            let in_time = match skill.closing {
                None => true,
                Some(Closing::Final) => matches!(moment, Moment::Ending | Moment::LastWord),
                Some(Closing::Last) => moment == Moment::LastWord,
            };
            if m.earned && m.holds && !m.exempt && m.breach.is_none() && in_time {
                ticks.push(Arc::clone(&skill.name));
            }
        }
        Coaching {
            ticks,
            next: self.next_tip(assessment, moment, trainee),
        }
    }

    /// What to say next (`/hint`), from the assessment of an empty next reply: a
    /// critical breach in the reply before first, then the persona's own skill, then
    /// what the step expects, then the next stage of the call. `closing` says the
    /// customer is wrapping up: only then are closing skills suggested.
    pub fn hint(&self, next: &ReplyAssessment, closing: bool, trainee: &str) -> Option<Tip> {
        self.next_tip(next, Moment::Next { closing }, trainee)
    }

    /// The one piece of coaching worth reading now, in the order a call goes: critical
    /// breaches, the persona's own skill, what the current step expects (and closing,
    /// once the customer wraps up), then missed skills of stages the call has reached
    /// (heaviest first). Never a skill that does not apply, was shown before (unless
    /// wanted every time), belongs to a later stage, or closes the call while the
    /// customer still waits for an answer.
    fn next_tip(&self, a: &ReplyAssessment, moment: Moment, trainee: &str) -> Option<Tip> {
        let expects: &[usize] = self
            .step_skills(&a.step)
            .map(|s| s.expects.as_slice())
            .unwrap_or(&[]);
        let frontier = self.frontier(a, expects);
        let closing_now = matches!(
            moment,
            Moment::Ending | Moment::LastWord | Moment::Next { closing: true }
        );
        let hint = matches!(moment, Moment::Next { .. });
        // (priority, not urgent, heavier first, earlier stage first, rubric order)
        type Key = (Priority, bool, std::cmp::Reverse<u64>, Option<Stage>, usize);
        let mut best: Option<(Key, Option<u32>)> = None;
        for (k, (skill, m)) in self.skills.iter().zip(&a.skills).enumerate() {
            if m.exempt {
                continue;
            }
            let breach = m.breach.or(if hint { m.breach_before } else { None });
            let priority = if breach.is_some() {
                Priority::Breach
            } else {
                if !m.applies || m.shown || m.holds || (m.before && !skill.every) {
                    continue;
                }
                // While the customer wraps up, closing is what the moment asks for (and
                // all that can still be done); before, it is not asked for at all.
                let expected = expects.contains(&k) || (closing_now && skill.closing.is_some());
                if skill.closing.is_some() && !expected {
                    continue;
                }
                if skill.stage == Some(Stage::Persona) {
                    Priority::Persona
                } else if expected {
                    Priority::Step
                } else if m.broken || skill.stage.is_none_or(|s| s <= frontier) {
                    Priority::Stage
                } else {
                    continue;
                }
            };
            // A first-reply skill missed on the first reply cannot be made up later.
            let urgent = skill.first && a.index == 0;
            let key = (
                priority,
                !urgent,
                std::cmp::Reverse((skill.weight * 1000.0) as u64),
                skill.stage,
                k,
            );
            if best.as_ref().is_none_or(|(b, _)| key < *b) {
                best = Some((key, breach));
            }
        }
        let ((priority, .., k), breach) = best?;
        let skill = &self.skills[k];
        let advice = match breach {
            Some(r) => Arc::clone(&self.rules[r as usize].feedback),
            None => Arc::clone(&skill.miss),
        };
        Some(Tip {
            skill: format!("{}.{}", skill.rubric, skill.id),
            name: Arc::clone(&skill.name),
            advice,
            suggest: skill
                .suggest
                .as_deref()
                .map(|s| super::names::for_trainee(s, trainee)),
            priority,
        })
    }

    /// The latest stage of the call coaching may ask for: the stage after the furthest
    /// one reached (shown, expected by the step, or passed because it does not apply),
    /// counting only stages this grader's skills have. The opening reply stays with the
    /// greeting and the need; after it, the greeting is behind.
    fn frontier(&self, a: &ReplyAssessment, expects: &[usize]) -> Stage {
        let mut reached = (a.index > 0).then_some(Stage::Greeting);
        for (k, (skill, m)) in self.skills.iter().zip(&a.skills).enumerate() {
            let Some(stage) = skill.stage.filter(|s| s.is_ordered()) else {
                continue;
            };
            if m.shown || m.before || m.exempt || expects.contains(&k) {
                reached = reached.max(Some(stage));
            }
        }
        let next = self
            .skills
            .iter()
            .filter_map(|s| s.stage.filter(|s| s.is_ordered()))
            .filter(|s| Some(*s) > reached)
            .min();
        let frontier = match (reached, next) {
            (_, Some(next)) => next,
            (Some(reached), None) => reached,
            (None, None) => Stage::Greeting,
        };
        if a.index == 0 {
            frontier.min(Stage::Need)
        } else {
            frontier
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn grader(scenario: &str) -> Grader {
        let library = Library::builtin();
        let scenario = library.scenario(scenario).expect("built in");
        Grader::for_scenario(&library.rubrics_for(scenario), scenario, None)
    }

    /// Replies as (words, step answered), with an interjection heard before a reply when
    /// its step is given as `step@interjection`.
    fn call<'a>(replies: &[(&'a str, &'a str)]) -> Vec<Reply<'a>> {
        replies
            .iter()
            .map(|&(text, at)| {
                let (step, interjection) = match at.split_once('@') {
                    Some((step, inter)) => (step, Some(inter)),
                    None => (at, None),
                };
                Reply {
                    text,
                    customer: "",
                    step,
                    interjection,
                    mood: 5,
                    trainee: "",
                }
            })
            .collect()
    }

    fn next(g: &Grader, replies: &[(&str, &str)], moment: Moment) -> Option<Tip> {
        let assessment = g.assess_last(&call(replies));
        g.coaching(&assessment, moment, "Ana").next
    }

    fn hint(g: &Grader, replies: &[(&str, &str)], closing: bool) -> Option<Tip> {
        g.hint(&g.assess_last(&call(replies)), closing, "Ana")
    }

    #[test]
    fn the_first_reply_is_never_asked_for_a_plan() {
        let g = grader("late-delivery");
        let tip = next(
            &g,
            &[("Hello, how can I help you?", "opening")],
            Moment::Reply,
        )
        .expect("something to work on");
        assert_ne!(tip.skill, "core.expectation-setting", "{tip:?}");
        assert_ne!(tip.skill, "core.need-identification", "n/a here: {tip:?}");
        // Before the first reply too.
        let tip = hint(&g, &[("", "opening")], false).expect("a hint");
        assert_eq!(tip.skill, "core.greeting");
    }

    #[test]
    fn a_critical_breach_comes_before_anything_else() {
        let g = grader("late-delivery");
        let tip = next(
            &g,
            &[("Relax, it's not my fault.", "opening")],
            Moment::Reply,
        )
        .expect("a tip");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("difficult.de-escalation", Priority::Breach)
        );
        // The rule's own coaching, not the skill's general advice.
        assert!(tip.advice.contains("calm down"), "{}", tip.advice);
        // `/hint` right after it still starts there, not with the greeting or the stage.
        let tip = hint(
            &g,
            &[
                ("Relax, it's not my fault.", "opening"),
                ("", "manager-request"),
            ],
            false,
        )
        .expect("a hint");
        assert_eq!(tip.priority, Priority::Breach);
    }

    #[test]
    fn privacy_before_verification_is_a_breach() {
        let g = grader("password-reset");
        let tip = next(
            &g,
            &[("Your account shows a balance of £2,300.", "opening")],
            Moment::Reply,
        )
        .expect("a tip");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("account.verification", Priority::Breach)
        );
    }

    #[test]
    fn no_closing_while_the_customer_waits_for_an_answer() {
        let g = grader("late-delivery");
        let before = [
            (
                "Good morning, this is Sam. I'm so sorry, that's really frustrating.",
                "opening",
            ),
            ("Could you confirm your full name and postcode?", "verify"),
        ];
        let mut replies = before.to_vec();
        replies.push(("", "plan"));
        let tip = hint(&g, &replies, false).expect("a hint");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("core.expectation-setting", Priority::Step)
        );
        // Once the customer is wrapping up, closing is what is left.
        let mut replies = before.to_vec();
        replies.push(("I will book a re-delivery today; it arrives within 2 working days. Does that make sense?", "plan"));
        replies.push(("", "resolved"));
        let tip = hint(&g, &replies, true).expect("a hint");
        assert_eq!(tip.skill, "core.offer-more-help", "{tip:?}");
        let tip = hint(&g, &replies, false);
        assert!(
            tip.as_ref().is_none_or(
                |t| !["core.offer-more-help", "core.farewell"].contains(&t.skill.as_str())
            ),
            "{tip:?}"
        );
    }

    #[test]
    fn the_persona_skill_comes_before_the_step() {
        let g = grader("lunch-rush");
        let tip = next(
            &g,
            &[
                (
                    "Hi, welcome to Crumb & Co! What fillings would you like?",
                    "opening",
                ),
                ("Yes.", "fillings@queue-first"),
            ],
            Moment::Reply,
        )
        .expect("a tip");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("busy-time.busy-acknowledge", Priority::Persona)
        );
        // The queue's wait is the scenario's, not a figure of the rubric's own.
        assert_eq!(
            tip.suggest.as_deref(),
            Some("Thank you for waiting - I'll be with you in about five minutes.")
        );
    }

    #[test]
    fn ticks_are_names_of_skills_earned_and_suggestions_name_the_trainee() {
        let g = grader("zh-order-inquiry");
        let replies = call(&[("喂，什么事？", "opening")]);
        let coaching = g.coaching(&g.assess_last(&replies), Moment::Reply, "小张");
        let tip = coaching.next.expect("a tip");
        assert_eq!(tip.skill, "zh-phone.greeting");
        assert_eq!(
            tip.suggest.as_deref(),
            Some("您好，这里是安心家电客服部，我是小张。")
        );
        let replies = call(&[("您好，这里是安心家电客服部，我是小张。", "opening")]);
        let coaching = g.coaching(&g.assess_last(&replies), Moment::Reply, "小张");
        let ticks: Vec<&str> = coaching.ticks.iter().map(|t| &**t).collect();
        // A skill made only of prohibitions is not "earned" by a reply that breaks none.
        assert_eq!(ticks, ["问候", "介绍公司和自己"]);
    }

    #[test]
    fn what_the_call_has_done_over_two_replies_is_not_asked_for_again() {
        let g = grader("zh-order-inquiry");
        let replies = [
            (
                "您好，这里是安心家电客服部，我是小张。请问有什么可以帮您？",
                "opening",
            ),
            ("请问还有其他可以帮您的吗？", "opening"),
            ("感谢您的来电，祝您生活愉快，再见。", "opening"),
        ];
        // After "anything else?" alone, closing is what is left to do…
        let tip = next(&g, &replies[..2], Moment::Ending).expect("a tip");
        assert_eq!(tip.skill, "zh-phone.closing");
        // …and once thanks and goodbye follow, the call has closed well: not asked again.
        let tip = next(&g, &replies, Moment::LastWord);
        assert!(
            tip.as_ref().is_none_or(|t| t.skill != "zh-phone.closing"),
            "{tip:?}"
        );
    }

    #[test]
    fn closing_skills_are_ticked_only_at_the_end() {
        let g = grader("first-visit");
        let replies = [
            (
                "Hello, my name is Sam. What are you looking for?",
                "opening",
            ),
            (
                "Is there anything else I can help with? Have a good day.",
                "details",
            ),
        ];
        let a = g.assess_last(&call(&replies));
        let mid = g.coaching(&a, Moment::Reply, "Ana");
        assert!(!mid.ticks.iter().any(|t| &**t == "Farewell"), "{mid:?}");
        let end = g.coaching(&a, Moment::Ending, "Ana");
        assert!(end.ticks.iter().any(|t| &**t == "Farewell"), "{end:?}");
    }

    #[test]
    fn a_skill_that_does_not_apply_is_neither_ticked_nor_coached() {
        let g = grader("late-delivery");
        let a = g.assess_last(&call(&[("Hello, how can I help you today?", "opening")]));
        // The customer still hears the question (it is shown, for branching)…
        assert!(a.shows("need-identification"));
        let coaching = g.coaching(&a, Moment::Reply, "Ana");
        // …but it is not ticked, as the scorecard will say n/a.
        assert!(!coaching.ticks.iter().any(|t| &**t == "Finding the need"));
    }
}
