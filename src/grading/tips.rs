//! The one piece of coaching worth reading now, chosen in the order a call goes (for
//! `play`, `run --coach` and `/hint`), and the skills to tick under a reply: read from a
//! reply's assessment ([`super::coaching`]), never printed here.

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
    /// After a reply the call ended on with nothing more to coach: the customer left or
    /// was handed over, or closed with no last word to come.
    Over,
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
    ///
    /// `over` says nothing more can be said after it (no last word to come). A call that
    /// ended otherwise than resolved (a walk-out, a hand-over) is over for coaching even
    /// when a last word may follow: no tip helps a call that is lost. Once over, coaching
    /// ticks what the reply earned but gives no tip.
    pub fn after_reply(ending: Option<crate::scenario::Ending>, over: bool) -> Moment {
        use crate::scenario::Ending;
        match ending {
            Some(Ending::Resolved) if !over => Moment::Ending,
            Some(_) => Moment::Over,
            None => Moment::Reply,
        }
    }

    /// Whether the call is over at this moment: no reply is left for a tip to help.
    pub fn call_over(self) -> bool {
        matches!(self, Moment::LastWord | Moment::Over)
    }
}

/// The mood (0 calm – 10 furious) from which a customer counts as upset, and empathy or
/// an apology is worth suggesting without a step asking for it: the default mood is 3,
/// a customer with something gone wrong starts at 5 or more.
const UPSET: u8 = 5;

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
    /// The same tip as under the reply before, still the most important thing: said
    /// again in short ("Still: …"), not word for word.
    pub again: bool,
}

/// Where the call is when the line under a reply is read: the step the customer is on
/// now, and whether someone new spoke up after the reply (the next in a queue) and waits
/// for an answer. The reply could not answer them, but the next one must: the tip is about
/// them, as `/hint` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now<'a> {
    /// The step the customer is on, the one the next reply answers.
    pub step: &'a str,
    /// Someone spoke up after the reply (an interjection waits for an answer).
    pub spoke_up: bool,
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

impl Grader {
    /// The coaching for a reply just given: the skills it showed that count (by name),
    /// and the one thing worth working on next (see [`Grader::hint`] for the order).
    /// `trainee` fills `{trainee.name}` in the suggestion.
    pub fn coaching(
        &self,
        assessment: &ReplyAssessment,
        moment: Moment,
        trainee: &str,
    ) -> Coaching {
        Coaching {
            ticks: self.ticks(assessment, moment),
            next: self
                .tips(assessment, moment, None, trainee)
                .into_iter()
                .next(),
        }
    }

    /// The names of the skills a reply just given earned that the call, ended now,
    /// scores in full (closing skills only at the end of the call).
    pub fn ticks(&self, assessment: &ReplyAssessment, moment: Moment) -> Vec<Arc<str>> {
        let mut ticks = Vec::new();
        for (skill, m) in self.skills.iter().zip(&assessment.skills) {
            // Closing skills are judged at the end of the call: ticked only there.
            let in_time = match skill.closing {
                None => true,
                Some(Closing::Final) => {
                    matches!(moment, Moment::Ending | Moment::LastWord | Moment::Over)
                }
                Some(Closing::Last) => moment.call_over(),
            };
            if m.earned && m.full && !m.exempt && m.breach.is_none() && in_time {
                ticks.push(Arc::clone(&skill.name));
            }
        }
        ticks
    }

    /// What to say next (`/hint`), from the assessment of an empty next reply: a
    /// critical breach in the reply before first, then the persona's own skill, then
    /// what the step expects, then the next stage of the call. `closing` says the
    /// customer is wrapping up: only then are closing skills suggested.
    pub fn hint(&self, next: &ReplyAssessment, closing: bool, trainee: &str) -> Option<Tip> {
        let tips = self.tips(next, Moment::Next { closing }, None, trainee);
        tips.into_iter().next()
    }

    /// The pieces of coaching worth reading now, best first, in the order a call goes:
    /// critical breaches, the persona's own skill, what the current step expects (and
    /// closing, once the customer wraps up), then missed skills of stages the call has
    /// reached (heaviest first). Never a skill that does not apply, was shown before
    /// (unless wanted every time), belongs to a later stage, or closes the call while the
    /// customer still waits for an answer.
    ///
    /// What "the step" expects is that of `now`, where the call is now, when given
    /// (after a reply that moved the call on, the tip is about where the call is, not the
    /// step just left); else the assessed reply's. Someone who spoke up after the reply
    /// is owed the persona's skill first, whole, as `/hint` says it.
    pub fn tips(
        &self,
        a: &ReplyAssessment,
        moment: Moment,
        now: Option<Now<'_>>,
        trainee: &str,
    ) -> Vec<Tip> {
        if moment.call_over() {
            return Vec::new();
        }
        let spoke_up = now.is_some_and(|n| n.spoke_up);
        let step = self.step_skills(now.map_or(a.step.as_str(), |n| n.step));
        let expects: &[usize] = step.map(|s| s.expects.as_slice()).unwrap_or(&[]);
        let frontier = self.frontier(a, expects);
        // The customer wraps up: the call has closed, or their step leads only to the
        // resolved ending, so the next reply is the one to close with.
        let closing_now = matches!(moment, Moment::Ending | Moment::Next { closing: true })
            || step.is_some_and(|s| s.closes);
        let hint = matches!(moment, Moment::Next { .. });
        // (priority, not urgent, heavier first, earlier stage first, rubric order)
        type Key = (Priority, bool, std::cmp::Reverse<u64>, Option<Stage>, usize);
        // With the critical rule broken, if one was, and whether the skill is owed whole
        // to someone who just spoke up.
        let mut ranked: Vec<(Key, Option<u32>, bool)> = Vec::new();
        for (k, (skill, m)) in self.skills.iter().zip(&a.skills).enumerate() {
            if m.exempt {
                continue;
            }
            let breach = m.breach.or(if hint { m.breach_before } else { None });
            // Someone new spoke up (the next in the queue) and this reply left them
            // unanswered, or they spoke up after it and the next reply answers them: the
            // persona's skill is asked again for them, however well the call answered the
            // last person.
            let owed = skill.stage == Some(Stage::Persona) && self.answers_who_spoke(k);
            let owed_now = owed && spoke_up;
            let unanswered = owed_now || (owed && m.applies && !m.shown);
            let priority = if breach.is_some() {
                Priority::Breach
            } else {
                if !unanswered && (!m.applies || m.shown || m.holds || (m.before && !skill.every)) {
                    continue;
                }
                // What is missing can no longer count (a welcome-back scoped to the
                // opening, on the third reply): nothing to ask for.
                if m.missing != 0 && m.open == 0 {
                    continue;
                }
                // While the customer wraps up, closing is what the moment asks for (and
                // all that can still be done); before, it is not asked for at all.
                let expected = expects.contains(&k) || (closing_now && skill.closing.is_some());
                if skill.closing.is_some() && !expected {
                    continue;
                }
                // Empathy and apology are for a customer who is upset: pushed on a calm
                // one ("好的，谢谢你。") they sound scripted. A step can still ask for them.
                let calm = a.mood < UPSET;
                if skill.stage == Some(Stage::Persona) {
                    Priority::Persona
                } else if expected {
                    Priority::Step
                } else if skill.soothing && calm && !m.broken {
                    continue;
                } else if m.broken || skill.stage.is_none_or(|s| s <= frontier) {
                    Priority::Stage
                } else {
                    continue;
                }
            };
            // A first-reply skill missed on the first reply cannot be made up later, an
            // opening one only in the very next reply: either way, say so now. `/hint`
            // before that next reply (the second) says the same as the line under the first.
            let urgent = skill.first && (a.index == 0 || (hint && a.index == 1 && m.open != 0));
            let key = (
                priority,
                !urgent,
                std::cmp::Reverse((skill.weight * 1000.0) as u64),
                skill.stage,
                k,
            );
            ranked.push((key, breach, owed_now));
        }
        ranked.sort_by_key(|(key, ..)| *key);
        let mut tips = Vec::with_capacity(ranked.len());
        for ((priority, .., k), breach, owed_now) in ranked {
            let skill = &self.skills[k];
            let m = &a.skills[k];
            let (advice, suggest) = match breach {
                Some(r) => (
                    Arc::clone(&self.rules[r as usize].feedback),
                    skill.suggest.as_deref(),
                ),
                // Someone new is owed all of it, whatever the call gave the last person.
                None if owed_now => (Arc::clone(&skill.miss), skill.suggest.as_deref()),
                None => match self.still_missing(k, m) {
                    Some(advice) => (advice, None),
                    None => (Arc::clone(&skill.miss), skill.suggest.as_deref()),
                },
            };
            tips.push(Tip {
                skill: format!("{}.{}", skill.rubric, skill.id),
                name: Arc::clone(&skill.name),
                advice,
                suggest: suggest.map(|s| super::names::for_trainee(s, trainee)),
                priority,
                again: false,
            });
        }
        tips
    }

    /// Whether every positive rule of skill `k` looks only at the reply to someone who
    /// just spoke (`scope: interjection` or `after:`): each such person is owed it anew.
    fn answers_who_spoke(&self, k: usize) -> bool {
        let mut positive = self.skills[k]
            .rules
            .clone()
            .map(|r| &self.rules[r])
            .filter(|c| c.check.is_positive())
            .peekable();
        positive.peek().is_some()
            && positive.all(|c| c.rule.scope == Scope::Interjection || c.rule.after.is_some())
    }

    /// What is left of skill `k` when only part of it is: some of its positive rules are
    /// met, or can no longer count. The whole miss and suggestion would repeat what the
    /// trainee just did ("anything else?" suggested right after it was asked), so the
    /// advice is the coaching of the rules still open, and no suggestion; `None` when
    /// every positive rule is still to do, or none is (a guard broke): the whole miss.
    fn still_missing(&self, k: usize, m: &SkillMoment) -> Option<Arc<str>> {
        self.part_advice(k, self.positive_rules(k), m.open)
    }

    /// Skill `k`'s positive rules, as bits by place among its rules (bit 0 its first).
    fn positive_rules(&self, k: usize) -> u32 {
        let mut positive = 0u32;
        for (bit, r) in self.skills[k]
            .rules
            .clone()
            .enumerate()
            .take(u32::BITS as usize)
        {
            if self.rules[r].check.is_positive() {
                positive |= 1 << bit;
            }
        }
        positive
    }

    /// The coaching for skill `k` shown in part, live and on the scorecard alike (one
    /// reading, so "What to work on" asks for what the line under the reply asked for):
    /// the `feedback` of the positive rules in `open` (bits by place among the skill's
    /// rules), or the skill's miss where none of them has coaching of its own. `None`
    /// when `open` is empty, or holds every rule of `counted` (nothing of the skill was
    /// done): then the whole miss and the suggestion fit.
    pub(super) fn part_advice(&self, k: usize, counted: u32, open: u32) -> Option<Arc<str>> {
        let skill = &self.skills[k];
        if open == 0 || open & counted == counted {
            return None;
        }
        let mut advice: Vec<&str> = Vec::new();
        for (bit, r) in skill.rules.clone().enumerate().take(u32::BITS as usize) {
            let rule = &self.rules[r];
            // A rule without coaching of its own would only say the skill's miss again.
            if open & (1 << bit) != 0
                && rule.rule.feedback.is_some()
                && !advice.contains(&&*rule.feedback)
            {
                advice.push(&rule.feedback);
            }
        }
        if advice.is_empty() {
            return Some(Arc::clone(&skill.miss));
        }
        Some(advice.join(" ").into())
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

    /// Words that tie a suggestion to one kind of call: said to a trainee whose brief
    /// never mentions them (a date in a bakery, "what has happened" to a sandwich order),
    /// they would be advice for another scenario.
    const SCENARIO_WORDS: &[&str] = &[
        "order", "refund", "date", "problem", "happened", "account", "delivery", "parcel",
        "purchase", "booking",
    ];

    /// Words that tie a suggestion to a time of day: "Good morning" at a lunchtime
    /// counter or on an evening call. Fine only where the brief says so.
    const DAYPARTS: &[&str] = &["morning", "afternoon", "evening", "tonight"];

    /// Wording that ties a suggestion to another channel: "good to hear from you" face to
    /// face, "thanks for calling" in an email.
    fn other_channels(channel: crate::scenario::Channel) -> &'static [&'static str] {
        use crate::scenario::Channel;
        match channel {
            Channel::InPerson => &[
                "hear from you",
                "getting in touch",
                "for calling",
                "your email",
            ],
            Channel::Phone => &["see you again", "coming in", "your email"],
            Channel::Email | Channel::Chat => &["see you again", "for calling", "coming in"],
        }
    }

    #[test]
    fn every_suggestion_fits_the_time_and_channel_of_every_scenario() {
        let library = Library::builtin();
        let mut misfits = Vec::new();
        for scenario in &library.scenarios {
            let g = Grader::for_scenario(&library.rubrics_for(scenario), scenario, None);
            let brief = scenario.brief.to_lowercase();
            for skill in &g.skills {
                let Some(suggest) = skill.suggest.as_deref() else {
                    continue;
                };
                let said = super::super::names::for_trainee(suggest, "Ana").to_lowercase();
                let words: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
                for word in DAYPARTS {
                    if words.contains(word) && !brief.contains(word) {
                        misfits.push(format!(
                            "{}: {} says {word:?}: {said}",
                            scenario.id, skill.id
                        ));
                    }
                }
                for phrase in other_channels(scenario.channel) {
                    if said.contains(phrase) {
                        misfits.push(format!(
                            "{} ({}): {} says {phrase:?}: {said}",
                            scenario.id,
                            scenario.channel.name(),
                            skill.id
                        ));
                    }
                }
            }
        }
        assert!(misfits.is_empty(), "{misfits:#?}");
    }

    #[test]
    fn every_suggestion_fits_every_scenario_that_can_show_it() {
        let library = Library::builtin();
        let mut misfits = Vec::new();
        for scenario in &library.scenarios {
            let g = Grader::for_scenario(&library.rubrics_for(scenario), scenario, None);
            let brief = scenario.brief.to_lowercase();
            for skill in &g.skills {
                let Some(suggest) = skill.suggest.as_deref() else {
                    continue;
                };
                let said = super::super::names::for_trainee(suggest, "Ana").to_lowercase();
                for word in SCENARIO_WORDS {
                    let named = said
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == *word);
                    if named && !brief.contains(word) {
                        misfits.push(format!(
                            "{}: {} says {word:?}: {said}",
                            scenario.id, skill.id
                        ));
                    }
                }
            }
        }
        assert!(misfits.is_empty(), "{misfits:#?}");
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

    /// Marcus's opening, then a reply that reads his payments off the account before
    /// asking who he is (`billing-error`, turn 1), and the empty reply `/hint` assesses.
    fn disclosed(text: &str) -> [Reply<'_>; 2] {
        let first = Reply {
            text,
            customer: "Why have I been charged £42.50 twice?? Sort it out.",
            step: "opening",
            interjection: None,
            mood: 6,
            trainee: "Ana",
        };
        let next = Reply {
            text: "",
            customer: "I don't need excuses, I need my money back.",
            step: "fuming",
            mood: 7,
            ..first
        };
        [first, next]
    }

    #[test]
    fn account_details_read_out_before_verification_are_coached_first_and_hinted_alike() {
        let g = grader("billing-error");
        let replies = disclosed(
            "Hi Marcus, I can see both payments of £42.50 went out of your account on 1 \
             November, the second one is our mistake.",
        );
        let tip = g
            .coaching(&g.assess_last(&replies[..1]), Moment::Reply, "Ana")
            .next
            .expect("a tip");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("account.verification", Priority::Breach)
        );
        let hint = g
            .hint(&g.assess_last(&replies), false, "Ana")
            .expect("a hint");
        assert_eq!((hint.skill, hint.advice), (tip.skill, tip.advice));
    }

    #[test]
    fn the_hint_after_the_first_reply_agrees_with_the_coach_line_under_it() {
        // No breach: the introduction, which only the next reply can still make, leads
        // both the line under the reply and the `/hint` before the next one.
        let g = grader("billing-error");
        let replies = disclosed("Hi Marcus, let me look into this for you.");
        let tip = g
            .coaching(&g.assess_last(&replies[..1]), Moment::Reply, "Ana")
            .next
            .expect("a tip");
        let hint = g
            .hint(&g.assess_last(&replies), false, "Ana")
            .expect("a hint");
        assert_eq!(tip.skill, "core.introduction");
        assert_eq!(hint.skill, tip.skill);
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
    fn a_customer_whose_step_leads_only_to_the_resolved_ending_is_wrapping_up() {
        // billing-error: verified and told when the refund comes, Marcus settles ("Okay.
        // I'll be checking my statement.") and the next reply ends the call: closing is
        // what is left, not "keep listening and move toward a solution".
        let g = grader("billing-error");
        let replies = [
            (
                "Hi Marcus, I'm Ana. I'm so sorry, that's frustrating.",
                "opening",
            ),
            ("Could you confirm your full name and postcode?", "verify"),
            (
                "Thanks, that matches. I'll refund the £42.50 today; you'll see it within 3-5 working days. Does that make sense?",
                "details",
            ),
        ];
        let mut next = replies.to_vec();
        next.push(("", "settle"));
        let tip = hint(&g, &next, false).expect("a hint");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("core.offer-more-help", Priority::Step)
        );
        let a = g.assess_last(&call(&replies));
        let now = Now {
            step: "settle",
            spoke_up: false,
        };
        let tip = g.tips(&a, Moment::Reply, Some(now), "Ana");
        assert_eq!(
            tip.first().map(|t| t.skill.as_str()),
            Some("core.offer-more-help")
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
    fn the_next_person_in_the_queue_is_owed_an_acknowledgement_too() {
        // The woman in the queue was told "five minutes"; the man by the door is ignored
        // for the card payment. The call has shown the skill, but he has not had it.
        let g = grader("lunch-rush");
        let replies = [
            ("Hi! Yes, we can do that. What fillings?", "opening"),
            (
                "Half veggie, sure. Thank you for waiting, madam - I'll be with you in about five minutes.",
                "fillings@queue-first",
            ),
            ("It'll be ready in 15 minutes.", "fillings"),
            ("Yes, card's fine.", "pay@queue-second"),
        ];
        let tip = next(&g, &replies, Moment::Reply).expect("a tip");
        assert_eq!(
            (tip.skill.as_str(), tip.priority),
            ("busy-time.busy-acknowledge", Priority::Persona)
        );
        // Answered, he is not asked for again.
        let mut answered = replies.to_vec();
        answered[3] = (
            "Yes, card's fine. Sir, I'll be with you in two minutes.",
            "pay@queue-second",
        );
        let tip = next(&g, &answered, Moment::Reply);
        assert!(
            tip.as_ref()
                .is_none_or(|t| t.skill != "busy-time.busy-acknowledge"),
            "{tip:?}"
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
        // The introduction is met in full though no trainee's name is known here to the
        // `introduce` rule: "我是小张" is a name in a Chinese introduction frame (it was
        // three quarters, shown in part and never ticked, before).
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
    fn the_introduction_is_ticked_under_the_reply_that_made_it_only() {
        let g = grader("lunch-rush");
        let replies = [
            ("Hi there, I'm Priya. What can I get for you?", "opening"),
            ("Of course - it's ready at quarter to one.", "fillings"),
        ];
        let trainee = |mut r: Vec<Reply<'static>>| {
            for reply in &mut r {
                reply.trainee = "Priya";
            }
            r
        };
        let first = g.coaching(
            &g.assess_last(&trainee(call(&replies[..1]))),
            Moment::Reply,
            "Priya",
        );
        assert!(
            first.ticks.iter().any(|t| &**t == "Introduction"),
            "{first:?}"
        );
        // "it's ready at" is no name: the second reply earned nothing of the introduction.
        let second = g.coaching(
            &g.assess_last(&trainee(call(&replies))),
            Moment::Reply,
            "Priya",
        );
        assert!(
            !second.ticks.iter().any(|t| &**t == "Introduction"),
            "{second:?}"
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
                "Is there anything else I can help with? Thanks for coming in, goodbye!",
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
