//! From findings to a scorecard: rule scores over their scopes, skills, the total, and
//! evidence a person can read.

use super::*;

impl Grader {
    /// Grades a whole conversation.
    pub fn grade(&self, replies: &[Reply<'_>]) -> Scorecard {
        self.grade_with(replies, View::Conversation, true, None)
    }

    /// Grades a whole conversation for totals only: the same scores, critical failures
    /// and gaming, without rule details, evidence or coaching text (batch reports that
    /// show none of it).
    pub fn grade_totals(&self, replies: &[Reply<'_>]) -> Scorecard {
        self.grade_with(replies, View::Conversation, false, None)
    }

    /// Grades one reply on its own (`explain`, rubric examples): every rule applies,
    /// whatever its scope, `after` or mood condition.
    pub fn grade_standalone(&self, reply: Reply<'_>) -> Scorecard {
        self.grade_with(&[reply], View::Standalone(None), true, None)
    }

    /// Grades one reply on its own as if it stood at `position` in a call: first-reply
    /// rules apply only to a first reply, opening rules to a first or middle one (a middle
    /// reply may be the second), last-reply rules only to a last one (the labels of
    /// `calibrate` say where a reply stood). `after` and mood conditions are ignored.
    pub fn grade_at(&self, reply: Reply<'_>, position: Position) -> Scorecard {
        self.grade_with(&[reply], View::Standalone(Some(position)), true, None)
    }

    /// Grades `replies` in `view`; `evaluated`: the replies as this grader evaluated them
    /// already in this view, if it did (a conversation taken in a reply at a time).
    pub(super) fn grade_with(
        &self,
        replies: &[Reply<'_>],
        view: View,
        details: bool,
        evaluated: Option<Evaluation>,
    ) -> Scorecard {
        let mut eval = evaluated.unwrap_or_else(|| self.evaluate_all(replies, None));
        let n = replies.len();
        let mut skills = Vec::with_capacity(self.skills.len());
        let mut critical_failures = Vec::new();
        // Skills a step of the scenario says do not apply to this call: n/a, whatever
        // the replies said (a hit would be a bonus nobody else could earn).
        let exempt = match view {
            View::Conversation => self.exempt(replies),
            View::Standalone(_) => None,
        };
        for (k, skill) in self.skills.iter().enumerate() {
            if exempt.as_ref().is_some_and(|e| e[k]) {
                skills.push(self.not_applicable(skill, details));
                continue;
            }
            let mut rule_scores = Vec::with_capacity(if details { skill.rules.len() } else { 0 });
            let mut broke_critical = false;
            // Positive rules average (weighted); guard rules multiply: each broken guard
            // takes its share off whatever the positive rules earned.
            let (mut pos_sum, mut pos_w, mut guard, mut guarded) = (0.0, 0.0, 1.0, false);
            // Positive rules that counted, and those of them not met, as bits by place
            // among the skill's rules: a skill shown in part is coached for the rest.
            let (mut counted, mut missing) = (0u32, 0u32);
            for r in skill.rules.clone() {
                let compiled = &self.rules[r];
                let rule = &compiled.rule;
                let bit = 1u32
                    .checked_shl((r - skill.rules.start) as u32)
                    .unwrap_or(0);
                let in_scope = |i: usize| match view {
                    View::Conversation => applies(rule, i, n, &replies[i], true),
                    View::Standalone(position) => applies_at(rule, position),
                };
                let seen = if view == View::Standalone(None) || applies_to_all(rule) {
                    n
                } else {
                    (0..n).filter(|&i| in_scope(i)).count()
                };
                // Replies the rule was not run on found nothing: only the others are read.
                let woken = eval
                    .woken(r)
                    .filter(|&i| in_scope(i))
                    .map(|i| (i, eval.finding(i, r)));
                let (score, evidence) = self.aggregate(r, seen, woken, &eval, replies, details);
                if let Some(score) = score {
                    if compiled.check.is_positive() {
                        pos_sum += score * rule.weight;
                        pos_w += rule.weight;
                        counted |= bit;
                        if score < 1.0 - 1e-9 {
                            missing |= bit;
                        }
                    } else {
                        guard *= score;
                        guarded = true;
                    }
                    if rule.critical && score < 1.0 {
                        critical_failures.push(format!("{}: {}", skill.name, rule.id));
                        broke_critical = true;
                    }
                }
                if !details {
                    continue;
                }
                let feedback = match score {
                    Some(s) if s < 1.0 => Some(Arc::clone(&compiled.feedback)),
                    _ => None,
                };
                rule_scores.push(RuleScore {
                    id: Arc::clone(&compiled.id),
                    kind: Arc::clone(&compiled.kind),
                    score,
                    critical: rule.critical,
                    evidence,
                    feedback,
                });
            }
            let score = match (pos_w > 0.0, guarded) {
                (false, false) => None,
                (true, false) => Some(pos_sum / pos_w),
                (false, true) => Some(guard),
                (true, true) => Some((pos_sum / pos_w) * guard),
            };
            // A critical skill failed: said once, by the rule that broke if one did.
            if skill.critical && score.is_some_and(|s| s < 0.5) && !broke_critical {
                critical_failures.push(skill.name.to_string());
                broke_critical = true;
            }
            let missed = score.is_some_and(|s| s < 1.0);
            let shown = !broke_critical && score.is_some_and(|s| s >= skill.shown_at - 1e-9);
            // Met in part: what is still missing, as live coaching asks for it, without
            // the suggestion (which would repeat what the trainee did).
            let part = if missed && details {
                self.part_advice(k, counted, missing)
            } else {
                None
            };
            skills.push(SkillScore {
                rubric: Arc::clone(&skill.rubric),
                id: Arc::clone(&skill.id),
                name: Arc::clone(&skill.name),
                weight: skill.weight,
                critical: skill.critical,
                score,
                shown,
                feedback: match (details, missed, &part) {
                    (false, ..) => Arc::clone(&skill.none),
                    (true, true, Some(part)) => Arc::clone(part),
                    (true, true, None) => Arc::clone(&skill.miss),
                    (true, false, _) => Arc::clone(&skill.hit),
                },
                suggest: if missed && details && part.is_none() {
                    skill.suggest.clone()
                } else {
                    None
                },
                rules: rule_scores,
            });
        }
        let gaming = std::mem::take(&mut eval.gaming);
        eval.recycle();
        let (sum, weight) = skills
            .iter()
            .filter_map(|s| s.score.map(|v| (v * s.weight, s.weight)))
            .fold((0.0, 0.0), |(a, b), (v, w)| (a + v, b + w));
        let raw = if weight > 0.0 {
            100.0 * sum / weight
        } else {
            0.0
        };
        let penalty = (gaming.len() as f64 * self.gaming_penalty).min(raw);
        let total = round1((raw - penalty).clamp(0.0, 100.0));
        Scorecard {
            total,
            pass_mark: self.pass_mark,
            passed: total >= self.pass_mark && critical_failures.is_empty() && !replies.is_empty(),
            critical_failures,
            penalty: round1(penalty),
            skills,
            gaming,
        }
    }

    /// A skill that does not apply to the call: no score, no rule in scope, no coaching.
    fn not_applicable(&self, skill: &CompiledSkill, details: bool) -> SkillScore {
        let rules = if details {
            self.rules[skill.rules.clone()]
                .iter()
                .map(|compiled| RuleScore {
                    id: Arc::clone(&compiled.id),
                    kind: Arc::clone(&compiled.kind),
                    score: None,
                    critical: compiled.rule.critical,
                    evidence: Vec::new(),
                    feedback: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        SkillScore {
            rubric: Arc::clone(&skill.rubric),
            id: Arc::clone(&skill.id),
            name: Arc::clone(&skill.name),
            weight: skill.weight,
            critical: skill.critical,
            score: None,
            shown: false,
            feedback: if details {
                Arc::clone(&skill.hit)
            } else {
                Arc::clone(&skill.none)
            },
            suggest: None,
            rules,
        }
    }

    /// A rule's conversation score from its findings on the `seen` replies in scope, with
    /// the evidence behind it. `woken` holds the findings of those it was run on; on the
    /// others it found nothing.
    pub(super) fn aggregate(
        &self,
        r: usize,
        seen: usize,
        woken: impl Iterator<Item = (usize, Finding)>,
        eval: &Evaluation,
        replies: &[Reply<'_>],
        details: bool,
    ) -> (Option<f64>, Vec<Evidence>) {
        let compiled = &self.rules[r];
        let evidence = |i: usize, mark: Mark| {
            self.evidence(compiled, &replies[i], &eval.prepared[i], i + 1, mark)
        };
        let (mut read, mut good, mut bad) = (0usize, 0usize, 0usize);
        let mut found = Vec::new();
        // At the first piece of evidence, room for one from each reply the rule ran on
        // (guards may need more, but seldom).
        let room = |found: &mut Vec<Evidence>| {
            if found.capacity() == 0 {
                found.reserve_exact(eval.woken_count(r));
            }
        };
        // Order: the first `then` must come after some `first`, counting turn then position.
        let mut first_seen: Option<(usize, u32)> = None;
        for (i, finding) in woken {
            read += 1;
            match finding {
                Finding::Positive(hit) => {
                    if let Some(mark) = hit {
                        good += 1;
                        if details {
                            room(&mut found);
                            found.push(evidence(i, mark));
                        }
                    }
                }
                Finding::Guard { from, to } => {
                    if from == to {
                        good += 1;
                    }
                    let violations = eval.violations(from, to);
                    bad += violations.len();
                    if details {
                        if !violations.is_empty() {
                            room(&mut found);
                        }
                        found.extend(violations.iter().map(|&m| evidence(i, m)));
                    }
                }
                Finding::Order { first, then } => {
                    if let Some((ok, mark)) = order_step(&mut first_seen, i, first, then) {
                        return match (ok, details) {
                            (true, _) => (Some(1.0), Vec::new()),
                            (false, true) => (Some(0.0), vec![evidence(i, mark)]),
                            (false, false) => (Some(0.0), Vec::new()),
                        };
                    }
                }
            }
        }
        if seen == 0 || matches!(compiled.check, Check::Order { .. }) {
            return (None, Vec::new());
        }
        if !compiled.check.is_positive() {
            // A guard broke nowhere in the replies it was not run on.
            good += seen - read;
        }
        (Some(self.rule_score(r, seen, good, bad)), found)
    }

    /// Rule `r`'s score from its tally over the `seen` replies in its scope: `good` ones
    /// (a hit; a guard kept) and `bad` violations. A rule wanted in every reply scores the
    /// share of replies that showed it; another positive rule, whether any did; a guard,
    /// whether none broke it.
    pub(super) fn rule_score(&self, r: usize, seen: usize, good: usize, bad: usize) -> f64 {
        let compiled = &self.rules[r];
        let rule = &compiled.rule;
        if rule.scope == Scope::Every && rule.after.is_none() {
            good as f64 / seen as f64
        } else if compiled.check.is_positive() {
            f64::from(u8::from(good > 0))
        } else {
            f64::from(u8::from(bad == 0))
        }
    }

    /// Turns a mark into evidence a person can read: the trainee's words and what they show.
    pub(super) fn evidence(
        &self,
        compiled: &CompiledRule,
        reply: &Reply<'_>,
        prepared: &Prepared,
        turn: usize,
        mark: Mark,
    ) -> Evidence {
        let (start, end) = (mark.start as usize, mark.end as usize);
        let note = match mark.kind {
            MarkKind::Phrase(false) | MarkKind::Question => compiled.matched.clone(),
            MarkKind::Phrase(true) => compiled.close_enough.clone(),
            MarkKind::Mirror => {
                let mut evidence = prepared.mirror_evidence(reply.text).clone();
                evidence.turn = turn;
                return evidence;
            }
            MarkKind::Forbidden => Note::Forbidden,
            MarkKind::Substitute => compiled.matched.clone(),
            MarkKind::Jargon => Note::Jargon,
            MarkKind::Order => Note::BeforeVerification,
            MarkKind::Style(problem) => {
                let problem = problem.problem(start, end);
                let style = match &compiled.check {
                    Check::Style { style, .. } => style,
                    _ => &StyleFile::default(),
                };
                let note =
                    rules::style_note(reply.text, prepared.style(reply.text), style, problem);
                let span = match problem {
                    rules::StyleProblem::Caps(..) | rules::StyleProblem::Bangs(..) => {
                        Some(Span::new(start, end))
                    }
                    _ => None,
                };
                return Evidence {
                    turn,
                    text: span
                        .map(|s| reply.text[s.start..s.end].to_string())
                        .unwrap_or_default(),
                    span,
                    note,
                };
            }
        };
        let span = prepared.text.original_span(start, end);
        Evidence {
            turn,
            text: reply.text[span.start..span.end].to_string(),
            span: Some(span),
            note,
        }
    }
}

/// One reply's finding of an order rule, taken in turn: `first_seen` keeps where a
/// `first` pattern was first seen (reply, position); at the first `then` pattern, whether
/// it came after one, with its mark. The one reading of order rules, for the scorecard
/// and for the live tally.
pub(super) fn order_step(
    first_seen: &mut Option<(usize, u32)>,
    index: usize,
    first: Option<u32>,
    then: Option<Mark>,
) -> Option<(bool, Mark)> {
    if let Some(pos) = first
        && first_seen.is_none()
    {
        *first_seen = Some((index, pos));
    }
    let mark = then?;
    let ok = match *first_seen {
        Some((t, _)) if t < index => true,
        Some((t, p)) if t == index => p < mark.start || first.is_some_and(|fp| fp < mark.start),
        _ => false,
    };
    Some((ok, mark))
}
