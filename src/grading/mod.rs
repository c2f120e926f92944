//! The grading engine: rubrics compiled against a scenario's facts, replies in, scores
//! with evidence out. The REPL, `run`, `grade`, `test`, `explain` and the customer's
//! branching all call this; it never prints.
//!
//! A skill's score is (weighted share of its positive rules met) × (the product of its
//! guard rules' scores): a reply that shows empathy but also says "you must be frustrated"
//! does not get the empathy point.

pub mod calibration;
pub mod rules;
mod score;
mod transcript;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use score::{Evidence, GamingFinding, RuleScore, Scorecard, SkillScore};
pub use transcript::{customer_text, grade_transcript, grade_transcript_with, reply_of};

use crate::matcher::{
    Hit, MatchOptions, NormalizedText, PhraseBook, PhraseBookBuilder, PhraseId, PhraseMask,
    RegexId, Scan, normalize,
};
use crate::rubric::{AskKind, FeedbackFile, Rubric, Rule, RuleKind, Scope, StyleFile};
use crate::scenario::expand;
use crate::source::Span;

/// A reply with what grading needs to know about its moment in the conversation.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    /// The trainee's words.
    pub text: &'a str,
    /// What was said to the trainee just before (for mirroring and echo checks).
    pub customer: &'a str,
    /// The step the customer was on.
    pub step: &'a str,
    /// The interjection heard just before, if any.
    pub interjection: Option<&'a str>,
    /// The customer's mood before the reply.
    pub mood: u8,
}

/// Where a reply stood in its call, for grading it on its own.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// The trainee's first reply.
    First,
    /// Neither the first nor the last.
    Middle,
    /// The trainee's last reply.
    Last,
}

/// How replies are put together for grading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// A whole conversation: scopes, `after` and mood conditions apply.
    Conversation,
    /// One reply on its own, at a known position or (`None`) with every rule applying.
    Standalone(Option<Position>),
}

/// Skills shown and missed in one reply, for live coaching and the customer's branching.
#[derive(Debug, Clone, Default)]
pub struct ReplyAssessment {
    /// Skills shown (`rubric.skill`).
    pub shown: Vec<String>,
    /// Skills that applied but were not shown, heaviest first, with coaching and suggestion.
    pub missed: Vec<(String, String, Option<String>)>,
    /// Words that earned points in this reply.
    pub evidence: Vec<Evidence>,
    /// Guard rules broken in this reply, with the better wording where there is one.
    pub violations: Vec<Evidence>,
    /// Gaming flagged on this reply.
    pub gaming: Vec<GamingFinding>,
}

impl ReplyAssessment {
    /// Whether a skill (`skill` or `rubric.skill`) was shown.
    pub fn shows(&self, name: &str) -> bool {
        self.shown
            .iter()
            .any(|s| s == name || s.rsplit('.').next() == Some(name))
    }
}

#[derive(Debug, Clone, Copy)]
enum Needle {
    Phrase(PhraseId),
    Regex(RegexId),
}

#[derive(Debug)]
enum Check {
    Require(Vec<Needle>),
    Forbid(Vec<Needle>),
    Substitute {
        avoid: Vec<Needle>,
        prefer: String,
    },
    Order {
        first: Vec<Needle>,
        then: Vec<Needle>,
    },
    Mirror {
        min_words: usize,
        max_copy: f64,
    },
    Personalise(Vec<Needle>),
    Ask(AskKind),
    Style {
        style: StyleFile,
        jargon: Vec<Needle>,
    },
}

impl Check {
    /// Every phrase and regex the check looks for.
    fn needles(&self) -> impl Iterator<Item = &Needle> {
        let (a, b): (&[Needle], &[Needle]) = match self {
            Check::Require(n) | Check::Forbid(n) | Check::Personalise(n) => (n, &[]),
            Check::Substitute { avoid, .. } => (avoid, &[]),
            Check::Order { first, then } => (first, then),
            Check::Style { jargon, .. } => (jargon, &[]),
            Check::Mirror { .. } | Check::Ask(_) => (&[], &[]),
        };
        a.iter().chain(b)
    }

    /// Positive rules earn points; the others (guards and order) only take them away.
    fn is_positive(&self) -> bool {
        matches!(
            self,
            Check::Require(_) | Check::Mirror { .. } | Check::Personalise(_) | Check::Ask(_)
        )
    }
}

#[derive(Debug)]
struct CompiledRule {
    rule: Rule,
    check: Check,
    /// Evidence notes for this rule's exact and typo-tolerant hits, written once.
    matched: Arc<str>,
    close_enough: Arc<str>,
    /// The rule's id and kind, and its coaching when not met, as scorecards show them.
    id: Arc<str>,
    kind: Arc<str>,
    feedback: Arc<str>,
    /// Contexts that cancel an overlapping hit, and phrases that take a hit back after
    /// "but" in the same sentence (see [`Grader::cancelled`]).
    unless: Vec<Needle>,
    concession: Vec<Needle>,
    /// The rule's phrases, and whether it has regexes too: a reply in which none of its
    /// phrases hit (most replies, for most rules) needs no look-ups.
    phrases: PhraseMask,
    regexes: bool,
}

#[derive(Debug)]
struct CompiledSkill {
    rubric: Arc<str>,
    id: Arc<str>,
    name: Arc<str>,
    weight: f64,
    critical: bool,
    shown_at: f64,
    /// Coaching, shared by every scorecard (suggestion with placeholders filled in).
    hit: Arc<str>,
    miss: Arc<str>,
    suggest: Option<Arc<str>>,
    /// No coaching (totals-only scorecards), shared rather than made for each.
    none: Arc<str>,
    /// This skill's rules in [`Grader::rules`].
    rules: std::ops::Range<usize>,
}

/// Where a rule found something in one reply. Positions are byte offsets in the
/// normalised reply, except for style problems, which point into the reply as typed.
/// Evidence text is cut from the reply only when a scorecard is made.
#[derive(Debug, Clone, Copy)]
struct Mark {
    start: u32,
    end: u32,
    kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    /// A required phrase or the customer's name; `true` when by typo tolerance.
    Phrase(bool),
    Question,
    Mirror,
    Forbidden,
    Substitute,
    Jargon,
    /// Account details before identity was checked.
    Order,
    /// A style problem (positions in the reply as typed).
    Style(StyleMark),
}

/// Which style problem a mark is (its positions are the mark's own), so that a mark stays
/// small: a conversation has one finding per rule per reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleMark {
    Caps,
    Bangs,
    TooShort,
    TooLong,
}

impl StyleMark {
    /// The problem and where it is in the reply as typed (length problems have no place).
    fn of(problem: rules::StyleProblem) -> (StyleMark, usize, usize) {
        match problem {
            rules::StyleProblem::Caps(s, e) => (StyleMark::Caps, s, e),
            rules::StyleProblem::Bangs(s, e) => (StyleMark::Bangs, s, e),
            rules::StyleProblem::TooShort => (StyleMark::TooShort, 0, 0),
            rules::StyleProblem::TooLong => (StyleMark::TooLong, 0, 0),
        }
    }

    /// The problem again, from the mark.
    fn problem(self, start: usize, end: usize) -> rules::StyleProblem {
        match self {
            StyleMark::Caps => rules::StyleProblem::Caps(start, end),
            StyleMark::Bangs => rules::StyleProblem::Bangs(start, end),
            StyleMark::TooShort => rules::StyleProblem::TooShort,
            StyleMark::TooLong => rules::StyleProblem::TooLong,
        }
    }
}

impl Mark {
    fn new(start: usize, end: usize, kind: MarkKind) -> Mark {
        Mark {
            start: start as u32,
            end: end as u32,
            kind,
        }
    }
}

/// What one rule found in one reply.
#[derive(Debug, Clone, Copy)]
enum Finding {
    /// Positive rule: the hit, if any.
    Positive(Option<Mark>),
    /// Guard rule: its violations, as a range of [`Evaluation::marks`].
    Guard { from: u32, to: u32 },
    /// Order rule: byte position of the first `first` phrase and the first `then`.
    Order {
        first: Option<u32>,
        then: Option<Mark>,
    },
}

/// Every rule run on every reply of a conversation.
#[derive(Debug, Default)]
struct Evaluation {
    prepared: Vec<Prepared>,
    /// Reply-major: reply `i`, rule `r` is at `i * rules + r`.
    findings: Vec<Finding>,
    marks: Vec<Mark>,
    /// Gaming flagged, in reply order.
    gaming: Vec<GamingFinding>,
    rules: usize,
    /// Rule-major, a bit per reply: the replies each rule was run on. Elsewhere it found
    /// nothing (see [`Grader::nothing`]).
    woken: Vec<u64>,
    /// Words of `woken` per rule.
    stride: usize,
}

/// Most replies whose buffers a thread keeps for its next conversation.
const SPARE_REPLIES: usize = 256;

thread_local! {
    /// The evaluation of the last conversation graded on this thread, emptied, so that the
    /// next one (a cohort grades thousands per thread) reuses its memory.
    static SPARE: std::cell::Cell<Option<Evaluation>> = const { std::cell::Cell::new(None) };
}

impl Evaluation {
    /// Keeps this evaluation's memory for the next conversation graded on this thread.
    fn recycle(self) {
        if self.prepared.len() <= SPARE_REPLIES {
            // While the thread is ending there is nowhere to keep it, and no need.
            let _ = SPARE.try_with(|spare| spare.set(Some(self)));
        }
    }

    fn finding(&self, reply: usize, rule: usize) -> Finding {
        self.findings[reply * self.rules + rule]
    }

    /// The replies rule `rule` was run on, in order.
    fn woken(&self, rule: usize) -> impl Iterator<Item = usize> + '_ {
        self.woken[rule * self.stride..(rule + 1) * self.stride]
            .iter()
            .enumerate()
            .flat_map(|(word, &bits)| {
                std::iter::successors((bits != 0).then_some(bits), |&b| {
                    let rest = b & (b - 1);
                    (rest != 0).then_some(rest)
                })
                .map(move |b| word * 64 + b.trailing_zeros() as usize)
            })
    }

    /// How many replies rule `rule` was run on.
    fn woken_count(&self, rule: usize) -> usize {
        self.woken[rule * self.stride..(rule + 1) * self.stride]
            .iter()
            .map(|bits| bits.count_ones() as usize)
            .sum()
    }

    fn violations(&self, from: u32, to: u32) -> &[Mark] {
        &self.marks[from as usize..to as usize]
    }
}

/// Most customer lines a grader keeps profiled (a scenario has a few dozen).
const CUSTOMER_CACHE: usize = 4096;

/// Rubrics compiled for one scenario (placeholders expanded), ready to grade.
#[derive(Debug)]
pub struct Grader {
    book: PhraseBook,
    skills: Vec<CompiledSkill>,
    rules: Vec<CompiledRule>,
    /// For each phrase, the rules that look for it: a reply is checked only against the
    /// rules one of its phrases woke, and the rules that look at every reply.
    by_phrase: Vec<Vec<u32>>,
    /// Rules that look at every reply (no phrases, or regexes, or style).
    always: Vec<u32>,
    /// What each rule finds in a reply where it has nothing to look at.
    nothing: Vec<Finding>,
    /// The customer's lines, profiled once: they come from the scenario's script, so in a
    /// cohort the same lines come back in every transcript.
    customers: std::sync::RwLock<rustc_hash::FxHashMap<Box<str>, Arc<rules::Profile>>>,
    /// Pass mark, percent.
    pub pass_mark: f64,
    gaming_penalty: f64,
}

/// Every phrase a rule kind names (for placeholder checks).
pub fn rule_phrases(kind: &RuleKind) -> Vec<&String> {
    match kind {
        RuleKind::Require { phrases, .. } | RuleKind::Forbid { phrases, .. } => {
            phrases.iter().collect()
        }
        RuleKind::Substitute { avoid, .. } => avoid.iter().collect(),
        RuleKind::Order { first, then } => first.iter().chain(then).collect(),
        RuleKind::Style(style) => style.jargon.iter().collect(),
        RuleKind::Mirror { .. } | RuleKind::Personalise | RuleKind::Ask(_) => Vec::new(),
    }
}

impl Grader {
    /// Compiles rubrics with placeholder values (`customer.name`, facts). Phrases whose
    /// placeholders have no value are left out (they could never match). `pass_mark`
    /// overrides the rubrics' (the highest of theirs is used otherwise).
    pub fn new(
        rubrics: &[&Rubric],
        values: &BTreeMap<String, String>,
        pass_mark: Option<f64>,
    ) -> Grader {
        Grader::compile(rubrics, values, pass_mark, false)
    }

    /// A grader that ignores negation and exclusions: `calibrate` asks it why a phrase
    /// near a missed skill did not count.
    pub fn lenient(rubrics: &[&Rubric], values: &BTreeMap<String, String>) -> Grader {
        Grader::compile(rubrics, values, None, true)
    }

    fn compile(
        rubrics: &[&Rubric],
        values: &BTreeMap<String, String>,
        pass_mark: Option<f64>,
        lenient: bool,
    ) -> Grader {
        let mut builder = PhraseBook::builder();
        let mut skills = Vec::new();
        let mut compiled = Vec::new();
        for rubric in rubrics {
            for skill in &rubric.skills {
                let first = compiled.len();
                compiled.extend(skill.rules.iter().map(|rule| {
                    let check = compile_check(&mut builder, rule, values, lenient);
                    let phrases = PhraseMask::of(check.needles().filter_map(|n| match n {
                        Needle::Phrase(id) => Some(*id),
                        Needle::Regex(_) => None,
                    }));
                    let regexes = check.needles().any(|n| matches!(n, Needle::Regex(_)));
                    // A lenient grader (see `Grader::lenient`) lets every context through.
                    let mut contexts = |phrases: &[String]| {
                        let plain = MatchOptions::default();
                        let none: &[String] = &[];
                        let phrases = if lenient { none } else { phrases };
                        compile_needles(&mut builder, phrases, &[], values, plain)
                    };
                    CompiledRule {
                        unless: contexts(&rule.unless),
                        concession: contexts(&rule.concession),
                        matched: phrase_note(rule, &check, false).into(),
                        close_enough: phrase_note(rule, &check, true).into(),
                        id: rule.id.as_str().into(),
                        kind: rule.kind.name().into(),
                        feedback: rule_feedback(rule, &check, &skill.feedback).into(),
                        phrases,
                        regexes,
                        rule: rule.clone(),
                        check,
                    }
                }));
                skills.push(CompiledSkill {
                    rubric: rubric.id.as_str().into(),
                    id: skill.id.as_str().into(),
                    name: skill.name.as_str().into(),
                    weight: skill.weight,
                    critical: skill.critical,
                    shown_at: skill.shown_at,
                    hit: skill.feedback.hit.as_str().into(),
                    miss: skill.feedback.miss.as_str().into(),
                    suggest: skill
                        .feedback
                        .suggest
                        .as_ref()
                        .map(|text| expand(text, values).into()),
                    rules: first..compiled.len(),
                    none: Arc::from(""),
                });
            }
        }
        let pass_mark =
            pass_mark.unwrap_or_else(|| rubrics.iter().map(|r| r.pass_mark).fold(0.0, f64::max));
        let gaming_penalty = rubrics.iter().map(|r| r.gaming_penalty).fold(0.0, f64::max);
        let book = builder.build();
        let mut by_phrase = vec![Vec::new(); book.len()];
        let mut always = Vec::new();
        for (r, rule) in compiled.iter().enumerate() {
            let phrases = rule.check.needles().filter_map(|n| match n {
                Needle::Phrase(id) => Some(id.index()),
                Needle::Regex(_) => None,
            });
            let mut any = false;
            for phrase in phrases {
                any = true;
                if by_phrase[phrase].last() != Some(&(r as u32)) {
                    by_phrase[phrase].push(r as u32);
                }
            }
            let phrases_only = matches!(
                rule.check,
                Check::Require(_)
                    | Check::Forbid(_)
                    | Check::Substitute { .. }
                    | Check::Order { .. }
                    | Check::Personalise(_)
            );
            if !(any && phrases_only && !rule.regexes) {
                always.push(r as u32);
            }
        }
        let nothing = compiled
            .iter()
            .map(|rule| match rule.check {
                Check::Forbid(_) | Check::Substitute { .. } | Check::Style { .. } => {
                    Finding::Guard { from: 0, to: 0 }
                }
                Check::Order { .. } => Finding::Order {
                    first: None,
                    then: None,
                },
                _ => Finding::Positive(None),
            })
            .collect();
        Grader {
            book,
            skills,
            rules: compiled,
            by_phrase,
            always,
            nothing,
            customers: std::sync::RwLock::default(),
            pass_mark,
            gaming_penalty,
        }
    }

    /// Grades a whole conversation.
    pub fn grade(&self, replies: &[Reply<'_>]) -> Scorecard {
        self.grade_with(replies, View::Conversation, true)
    }

    /// Grades a whole conversation for totals only: the same scores, critical failures
    /// and gaming, without rule details, evidence or coaching text (batch reports that
    /// show none of it).
    pub fn grade_totals(&self, replies: &[Reply<'_>]) -> Scorecard {
        self.grade_with(replies, View::Conversation, false)
    }

    /// Grades one reply on its own (`explain`, rubric examples): every rule applies,
    /// whatever its scope, `after` or mood condition.
    pub fn grade_standalone(&self, reply: Reply<'_>) -> Scorecard {
        self.grade_with(&[reply], View::Standalone(None), true)
    }

    /// Grades one reply on its own as if it stood at `position` in a call: first-reply
    /// rules apply only to a first reply, last-reply rules only to a last one (the labels
    /// of `calibrate` say where a reply stood). `after` and mood conditions are ignored.
    pub fn grade_at(&self, reply: Reply<'_>, position: Position) -> Scorecard {
        self.grade_with(&[reply], View::Standalone(Some(position)), true)
    }

    fn grade_with(&self, replies: &[Reply<'_>], view: View, details: bool) -> Scorecard {
        let mut eval = self.evaluate_all(replies);
        let n = replies.len();
        let mut skills = Vec::with_capacity(self.skills.len());
        let mut critical_failures = Vec::new();
        for skill in &self.skills {
            let mut rule_scores = Vec::with_capacity(if details { skill.rules.len() } else { 0 });
            // Positive rules average (weighted); guard rules multiply: each broken guard
            // takes its share off whatever the positive rules earned.
            let (mut pos_sum, mut pos_w, mut guard, mut guarded) = (0.0, 0.0, 1.0, false);
            for r in skill.rules.clone() {
                let compiled = &self.rules[r];
                let rule = &compiled.rule;
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
                    } else {
                        guard *= score;
                        guarded = true;
                    }
                    if rule.critical && score < 1.0 {
                        critical_failures.push(format!("{}: {}", skill.name, rule.id));
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
            if skill.critical && score.is_some_and(|s| s < 0.5) {
                critical_failures.push(skill.name.to_string());
            }
            let missed = score.is_some_and(|s| s < 1.0);
            skills.push(SkillScore {
                rubric: Arc::clone(&skill.rubric),
                id: Arc::clone(&skill.id),
                name: Arc::clone(&skill.name),
                weight: skill.weight,
                critical: skill.critical,
                score,
                feedback: match (details, missed) {
                    (false, _) => Arc::clone(&skill.none),
                    (true, true) => Arc::clone(&skill.miss),
                    (true, false) => Arc::clone(&skill.hit),
                },
                suggest: if missed && details {
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

    /// A rule's conversation score from its findings on the `seen` replies in scope, with
    /// the evidence behind it. `woken` holds the findings of those it was run on; on the
    /// others it found nothing.
    fn aggregate(
        &self,
        r: usize,
        seen: usize,
        woken: impl Iterator<Item = (usize, Finding)>,
        eval: &Evaluation,
        replies: &[Reply<'_>],
        details: bool,
    ) -> (Option<f64>, Vec<Evidence>) {
        let compiled = &self.rules[r];
        let rule = &compiled.rule;
        let share = rule.scope == Scope::Every && rule.after.is_none();
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
                    if let Some(pos) = first
                        && first_seen.is_none()
                    {
                        first_seen = Some((i, pos));
                    }
                    if let Some(mark) = then {
                        let ok = match first_seen {
                            Some((t, _)) if t < i => true,
                            Some((t, p)) if t == i => {
                                p < mark.start || first.is_some_and(|fp| fp < mark.start)
                            }
                            _ => false,
                        };
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
        let score = if share {
            good as f64 / seen as f64
        } else if compiled.check.is_positive() {
            f64::from(u8::from(good > 0))
        } else {
            f64::from(u8::from(bad == 0))
        };
        (Some(score), found)
    }

    /// Turns a mark into evidence a person can read: the trainee's words and what they show.
    fn evidence(
        &self,
        compiled: &CompiledRule,
        reply: &Reply<'_>,
        prepared: &Prepared,
        turn: usize,
        mark: Mark,
    ) -> Evidence {
        let (start, end) = (mark.start as usize, mark.end as usize);
        let note = match mark.kind {
            MarkKind::Phrase(false) | MarkKind::Question => Arc::clone(&compiled.matched),
            MarkKind::Phrase(true) => Arc::clone(&compiled.close_enough),
            MarkKind::Mirror => {
                let mut evidence = prepared.mirror_evidence(reply.text).clone();
                evidence.turn = turn;
                return evidence;
            }
            MarkKind::Forbidden => Arc::from("forbidden wording"),
            MarkKind::Substitute => Arc::clone(&compiled.matched),
            MarkKind::Jargon => Arc::from("jargon or slang"),
            MarkKind::Order => Arc::from("account details before identity was checked"),
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
                    note: note.into(),
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

    /// Assesses the last reply in `replies` (the earlier ones are context for repetition
    /// checks): which skills it shows, ignoring first/last scopes.
    pub fn assess_last(&self, replies: &[Reply<'_>]) -> ReplyAssessment {
        let Some(last) = replies.len().checked_sub(1) else {
            return ReplyAssessment::default();
        };
        let eval = self.evaluate_all(replies);
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
        let (reply, prepared) = (&replies[last], &eval.prepared[last]);
        for (k, skill) in self.skills.iter().enumerate() {
            for r in skill.rules.clone() {
                let compiled = &self.rules[r];
                if !applies(&compiled.rule, last, replies.len(), reply, false) {
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
            let Some(score) = self.reply_view(k, &eval, replies, last) else {
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
            let shown_before = (0..last).any(|i| {
                self.reply_view(k, &eval, replies, i)
                    .is_some_and(|v| v >= skill.shown_at - 1e-9)
            });
            if every || !shown_before {
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
        eval.recycle();
        assessment
    }

    /// A skill's score on reply `index` alone (live view), or `None` when none of its
    /// rules applies there. Order rules are left to the conversation score.
    fn reply_view(
        &self,
        skill: usize,
        eval: &Evaluation,
        replies: &[Reply<'_>],
        index: usize,
    ) -> Option<f64> {
        let (mut pos_sum, mut pos_w, mut guard, mut guarded) = (0.0, 0.0, 1.0, false);
        for r in self.skills[skill].rules.clone() {
            let compiled = &self.rules[r];
            if !applies(&compiled.rule, index, replies.len(), &replies[index], false) {
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

    /// Runs every rule on every reply, then the gaming checks (which void a flagged
    /// reply's hits). Each reply is normalised, scanned and profiled once.
    fn evaluate_all(&self, replies: &[Reply<'_>]) -> Evaluation {
        // The buffers of the last conversation graded on this thread, if any.
        let mut eval = SPARE
            .try_with(|spare| spare.take())
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut spare = std::mem::take(&mut eval.prepared).into_iter();
        let prepared: Vec<Prepared> = replies
            .iter()
            .map(|reply| Prepared::new(self, reply, spare.next()))
            .collect();
        let stride = replies.len().div_ceil(64);
        eval.findings.clear();
        eval.findings.reserve(replies.len() * self.rules.len());
        eval.marks.clear();
        eval.gaming.clear();
        eval.rules = self.rules.len();
        eval.woken.clear();
        eval.woken.resize(self.rules.len() * stride, 0);
        eval.stride = stride;
        let mut woken = vec![0u64; self.rules.len().div_ceil(64)];
        for (index, reply) in replies.iter().enumerate() {
            let this = &prepared[index];
            let from = eval.findings.len();
            // Most rules find nothing in most replies: only those a phrase of theirs hit,
            // and those that look at every reply, are run.
            eval.findings.extend_from_slice(&self.nothing);
            woken.fill(0);
            let wake = |woken: &mut [u64], r: u32| woken[r as usize / 64] |= 1 << (r % 64);
            for phrase in this.scan.hit_phrases() {
                for &r in &self.by_phrase[phrase.index()] {
                    wake(&mut woken, r);
                }
            }
            for &r in &self.always {
                wake(&mut woken, r);
            }
            for (word, &bits) in woken.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let r = word * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    eval.woken[r * eval.stride + index / 64] |= 1 << (index % 64);
                    eval.findings[from + r] =
                        self.check(&self.rules[r], reply, this, &mut eval.marks);
                }
            }
            let findings = &mut eval.findings[from..];
            let before = eval.gaming.len();
            gaming_checks(self, reply, &prepared, index, findings, &mut eval.gaming);
            if eval.gaming.len() > before {
                for finding in findings {
                    if let Finding::Positive(hit) = finding {
                        *hit = None;
                    }
                }
            }
        }
        eval.prepared = prepared;
        eval
    }

    /// The profile of a customer line, from the cache when the line was seen before.
    fn customer_profile(&self, line: &str) -> Arc<rules::Profile> {
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid cache.
        let cached = match self.customers.read() {
            Ok(map) => map.get(line).cloned(),
            Err(poisoned) => poisoned.into_inner().get(line).cloned(),
        };
        if let Some(profile) = cached {
            return profile;
        }
        let profile = Arc::new(rules::Profile::new(&normalize(line)));
        let mut map = match self.customers.write() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() < CUSTOMER_CACHE {
            map.insert(line.into(), Arc::clone(&profile));
        }
        profile
    }

    fn first_hit(&self, needles: &[Needle], prepared: &Prepared) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        for needle in needles {
            let hit = match needle {
                Needle::Phrase(id) => self.book.find(*id, &prepared.scan),
                Needle::Regex(id) => self.book.find_regex(*id, &prepared.text),
            };
            if let Some(hit) = hit
                && best.is_none_or(|b| hit.start < b.start)
            {
                best = Some(hit);
            }
        }
        best
    }

    /// Pushes a mark for every hit of every needle, in reading order.
    fn all_hits(
        &self,
        needles: &[Needle],
        prepared: &Prepared,
        kind: MarkKind,
        marks: &mut Vec<Mark>,
    ) {
        let from = marks.len();
        for needle in needles {
            match needle {
                Needle::Phrase(id) => marks.extend(
                    self.book
                        .find_all(*id, &prepared.scan)
                        .map(|h| Mark::new(h.start, h.end, kind)),
                ),
                Needle::Regex(id) => marks.extend(
                    self.book
                        .find_regex(*id, &prepared.text)
                        .map(|h| Mark::new(h.start, h.end, kind)),
                ),
            }
        }
        marks[from..].sort_by_key(|m| m.start);
    }

    /// Whether a rule's contexts cancel its hit at `start..end`: an `unless` phrase
    /// overlaps it, or a `concession` phrase follows it in the same sentence after "but".
    fn cancelled(
        &self,
        compiled: &CompiledRule,
        prepared: &Prepared,
        start: u32,
        end: u32,
    ) -> bool {
        let hits = |needles: &[Needle]| {
            needles
                .iter()
                .filter_map(|n| match n {
                    Needle::Phrase(id) => Some(*id),
                    Needle::Regex(_) => None,
                })
                .flat_map(|id| self.book.find_all(id, &prepared.scan))
                .collect::<Vec<_>>()
        };
        let (start, end) = (start as usize, end as usize);
        if hits(&compiled.unless)
            .iter()
            .any(|h| h.start < end && start < h.end)
        {
            return true;
        }
        if compiled.concession.is_empty() {
            return false;
        }
        let text = &prepared.text.text;
        let stop = crate::matcher::sentence_end(text, end);
        let Some(turn) = crate::matcher::concession_after(text, end, stop) else {
            return false;
        };
        hits(&compiled.concession)
            .iter()
            .any(|h| h.start >= turn && h.start < stop)
    }

    /// Removes the marks from `from` on that the rule's contexts cancel.
    fn drop_cancelled(
        &self,
        compiled: &CompiledRule,
        prepared: &Prepared,
        from: usize,
        marks: &mut Vec<Mark>,
    ) {
        if compiled.unless.is_empty() && compiled.concession.is_empty() {
            return;
        }
        let mut k = from;
        for i in from..marks.len() {
            let m = marks[i];
            if !self.cancelled(compiled, prepared, m.start, m.end) {
                marks[k] = m;
                k += 1;
            }
        }
        marks.truncate(k);
    }

    fn check(
        &self,
        compiled: &CompiledRule,
        reply: &Reply<'_>,
        prepared: &Prepared,
        marks: &mut Vec<Mark>,
    ) -> Finding {
        let from = marks.len() as u32;
        let guard = |marks: &Vec<Mark>| Finding::Guard {
            from,
            to: marks.len() as u32,
        };
        // None of the rule's phrases hit and it has no regex: nothing to look up.
        let silent = !compiled.regexes && !prepared.scan.any(&compiled.phrases);
        match &compiled.check {
            Check::Require(_) | Check::Personalise(_) if silent => Finding::Positive(None),
            Check::Forbid(_) | Check::Substitute { .. } if silent => guard(marks),
            Check::Order { .. } if silent => Finding::Order {
                first: None,
                then: None,
            },
            Check::Require(needles) | Check::Personalise(needles) => {
                let hit = if compiled.unless.is_empty() && compiled.concession.is_empty() {
                    self.first_hit(needles, prepared)
                        .map(|hit| Mark::new(hit.start, hit.end, MarkKind::Phrase(hit.fuzzy)))
                } else {
                    // Every hit in reading order, until one that no context cancels.
                    let from = marks.len();
                    self.all_hits(needles, prepared, MarkKind::Phrase(false), marks);
                    let kept = marks[from..]
                        .iter()
                        .copied()
                        .find(|m| !self.cancelled(compiled, prepared, m.start, m.end));
                    marks.truncate(from);
                    kept
                };
                Finding::Positive(hit)
            }
            Check::Forbid(needles) => {
                self.all_hits(needles, prepared, MarkKind::Forbidden, marks);
                self.drop_cancelled(compiled, prepared, from as usize, marks);
                guard(marks)
            }
            Check::Substitute { avoid, .. } => {
                self.all_hits(avoid, prepared, MarkKind::Substitute, marks);
                self.drop_cancelled(compiled, prepared, from as usize, marks);
                guard(marks)
            }
            Check::Order { first, then } => Finding::Order {
                first: self.first_hit(first, prepared).map(|h| h.start as u32),
                then: self
                    .first_hit(then, prepared)
                    .map(|h| Mark::new(h.start, h.end, MarkKind::Order)),
            },
            Check::Mirror {
                min_words,
                max_copy,
            } => {
                let (reused, copied) = prepared.mirror();
                if copied > *max_copy || reused < *min_words || reused == 0 {
                    return Finding::Positive(None);
                }
                // Which words, and where, is worked out only for evidence.
                Finding::Positive(Some(Mark::new(0, 0, MarkKind::Mirror)))
            }
            Check::Ask(kind) => Finding::Positive(
                prepared
                    .question(*kind)
                    .map(|(s, e)| Mark::new(s, e, MarkKind::Question)),
            ),
            Check::Style { style, jargon } => {
                let facts = prepared.style(reply.text);
                for problem in rules::style_problems(reply.text, facts, style) {
                    let (problem, s, e) = StyleMark::of(problem);
                    marks.push(Mark::new(s, e, MarkKind::Style(problem)));
                }
                if !silent {
                    self.all_hits(jargon, prepared, MarkKind::Jargon, marks);
                }
                guard(marks)
            }
        }
    }
}

/// A reply normalised, scanned and profiled once, with the customer's words before it.
/// What only some rule kinds need is worked out on first use.
#[derive(Debug)]
struct Prepared {
    text: NormalizedText,
    scan: Scan,
    profile: rules::Profile,
    customer: Arc<rules::Profile>,
    /// Word spans of the reply as typed (style and stuffing checks).
    original_words: std::cell::OnceCell<Vec<(usize, usize)>>,
    style: std::cell::OnceCell<rules::StyleFacts>,
    /// Customer terms reused and the share copied (see [`rules::mirror`]).
    mirror: std::cell::OnceCell<(usize, f64)>,
    /// The first question of each kind, indexed by [`AskKind`] as a number.
    questions: std::cell::OnceCell<[Option<(usize, usize)>; 3]>,
    /// Evidence of mirroring (the same for every mirror rule), made on first use.
    mirror_evidence: std::cell::OnceCell<Evidence>,
}

impl Prepared {
    /// Prepares a reply, reusing the buffers of one no longer needed.
    fn new(grader: &Grader, reply: &Reply<'_>, spare: Option<Prepared>) -> Prepared {
        let (text, scan, profile) = match spare {
            Some(spare) => (Some(spare.text), spare.scan, spare.profile),
            None => (None, Scan::default(), rules::Profile::default()),
        };
        let text = NormalizedText::reusing(reply.text, text);
        Prepared {
            scan: grader.book.scan_reusing(&text, scan),
            profile: rules::Profile::reusing(&text.text, text.words(), profile),
            customer: grader.customer_profile(reply.customer),
            text,
            original_words: std::cell::OnceCell::new(),
            style: std::cell::OnceCell::new(),
            mirror: std::cell::OnceCell::new(),
            questions: std::cell::OnceCell::new(),
            mirror_evidence: std::cell::OnceCell::new(),
        }
    }

    /// The customer's words this reply reuses, as evidence: it points at the first of
    /// them, alphabetically, where it first appears in the reply.
    fn mirror_evidence(&self, original: &str) -> &Evidence {
        self.mirror_evidence.get_or_init(|| {
            let text = &self.text.text;
            let terms = rules::mirrored_terms(&self.profile, text, &self.customer);
            let first = terms.first().copied().unwrap_or_default();
            let at = text.find(first).unwrap_or(0);
            let span = self.text.original_span(at, at + first.len());
            Evidence {
                turn: 0,
                text: original[span.start..span.end].to_string(),
                span: Some(span),
                note: format!("reuses the customer's words: {}", terms.join(", ")).into(),
            }
        })
    }

    fn original_words(&self, original: &str) -> &[(usize, usize)] {
        if let Some(words) = self.text.typed_words() {
            return words;
        }
        self.original_words
            .get_or_init(|| crate::matcher::words(original))
    }

    fn style(&self, original: &str) -> &rules::StyleFacts {
        self.style
            .get_or_init(|| rules::StyleFacts::new(original, self.original_words(original)))
    }

    fn mirror(&self) -> (usize, f64) {
        *self
            .mirror
            .get_or_init(|| rules::mirror(&self.profile, &self.customer))
    }

    fn question(&self, kind: AskKind) -> Option<(usize, usize)> {
        self.questions
            .get_or_init(|| rules::first_questions(&self.text.text))[kind as usize]
    }
}

fn ask_name(kind: AskKind) -> &'static str {
    match kind {
        AskKind::Open => "an open question",
        AskKind::Clarifying => "a clarifying question",
        AskKind::Any => "a question",
    }
}

fn describe_rule(rule: &Rule) -> String {
    match &rule.kind {
        RuleKind::Personalise => "the customer's name".to_string(),
        _ => rule.id.clone(),
    }
}

/// What evidence of a hit by this rule says: the words matched the rule (or came close
/// enough), asked the kind of question it wants, or should be said another way.
fn phrase_note(rule: &Rule, check: &Check, fuzzy: bool) -> String {
    match check {
        Check::Ask(kind) => format!("asks {}", ask_name(*kind)),
        Check::Substitute { prefer, .. } => format!("instead, say: \"{prefer}\""),
        _ if fuzzy => format!("close enough to {}", describe_rule(rule)),
        _ => format!("matched {}", describe_rule(rule)),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn compile_needles(
    builder: &mut PhraseBookBuilder,
    phrases: &[String],
    regexes: &[String],
    values: &BTreeMap<String, String>,
    options: MatchOptions,
) -> Vec<Needle> {
    let mut needles = Vec::new();
    for phrase in phrases {
        let expanded = expand(phrase, values);
        if crate::scenario::placeholders(&expanded).is_empty()
            && let Some(id) = builder.phrase(&expanded, options)
        {
            needles.push(Needle::Phrase(id));
        }
    }
    for pattern in regexes {
        // Validation already compiled every regex once; a failure here cannot happen.
        if let Ok(id) = builder.regex(pattern) {
            needles.push(Needle::Regex(id));
        }
    }
    needles
}

fn compile_check(
    builder: &mut PhraseBookBuilder,
    rule: &Rule,
    values: &BTreeMap<String, String>,
    lenient: bool,
) -> Check {
    let options = MatchOptions {
        fuzzy: rule.fuzzy,
        negation: rule.negation && !lenient,
    };
    match &rule.kind {
        RuleKind::Require { phrases, regex } => {
            Check::Require(compile_needles(builder, phrases, regex, values, options))
        }
        RuleKind::Forbid { phrases, regex } => {
            Check::Forbid(compile_needles(builder, phrases, regex, values, options))
        }
        RuleKind::Substitute { avoid, prefer } => Check::Substitute {
            avoid: compile_needles(builder, avoid, &[], values, options),
            prefer: expand(prefer, values),
        },
        RuleKind::Order { first, then } => Check::Order {
            first: compile_needles(builder, first, &[], values, options),
            then: compile_needles(builder, then, &[], values, options),
        },
        RuleKind::Mirror {
            min_words,
            max_copy,
        } => Check::Mirror {
            min_words: *min_words,
            max_copy: *max_copy,
        },
        RuleKind::Personalise => {
            // The customer's names, and in group scenarios every speaker's.
            let names: Vec<String> = values
                .iter()
                .filter(|(k, _)| {
                    *k == "customer.name"
                        || *k == "customer.first_name"
                        || k.starts_with("speaker.")
                })
                .map(|(_, v)| v.clone())
                .collect();
            // First name alone ("Dana") and family name alone ("Mr Whitfield") count too.
            let mut phrases = names.clone();
            if let Some(full) = values.get("customer.name") {
                let parts: Vec<&str> = full.split_whitespace().collect();
                if parts.len() > 1 {
                    phrases.push(parts[0].to_string());
                    phrases.push(parts[parts.len() - 1].to_string());
                }
            }
            Check::Personalise(compile_needles(
                builder,
                &phrases,
                &[],
                values,
                MatchOptions {
                    fuzzy: None,
                    negation: false,
                },
            ))
        }
        RuleKind::Ask(kind) => Check::Ask(*kind),
        RuleKind::Style(style) => Check::Style {
            style: style.clone(),
            jargon: compile_needles(
                builder,
                &style.jargon,
                &[],
                values,
                MatchOptions {
                    fuzzy: None,
                    negation: false,
                },
            ),
        },
    }
}

/// Whether a rule looks at a reply graded on its own at `position` (every rule, when the
/// position is not known).
fn applies_at(rule: &Rule, position: Option<Position>) -> bool {
    match (rule.scope, position) {
        (_, None) => true,
        (Scope::First, Some(p)) => p == Position::First,
        (Scope::Last | Scope::Final, Some(p)) => p == Position::Last,
        _ => true,
    }
}

/// Whether a rule looks at reply `index` of `n`. `conversation` false ignores first/last
/// scopes (a single reply's view, for coaching and branching).
/// Whether a rule applies to every reply of a conversation (see [`applies`]).
fn applies_to_all(rule: &Rule) -> bool {
    rule.mood_at_least.is_none()
        && rule.after.is_none()
        && matches!(rule.scope, Scope::Any | Scope::Every)
}

fn applies(rule: &Rule, index: usize, n: usize, reply: &Reply<'_>, conversation: bool) -> bool {
    if let Some(mood) = rule.mood_at_least
        && reply.mood < mood
    {
        return false;
    }
    if let Some(after) = &rule.after {
        return reply.step == after || reply.interjection == Some(after.as_str());
    }
    if rule.scope == Scope::Interjection {
        return reply.interjection.is_some();
    }
    if !conversation {
        // Live view of the latest reply: a first-reply rule applies only to the first
        // reply; the last reply is not known yet, so last-reply rules apply to any.
        return rule.scope != Scope::First || index == 0;
    }
    match rule.scope {
        Scope::First => index == 0,
        Scope::Last => index + 1 == n,
        Scope::Final => index + 2 >= n,
        Scope::Any | Scope::Every => true,
        Scope::Interjection => reply.interjection.is_some(),
    }
}

fn rule_feedback(rule: &Rule, check: &Check, skill: &FeedbackFile) -> String {
    if let Some(text) = &rule.feedback {
        return text.clone();
    }
    match check {
        Check::Substitute { prefer, .. } => format!("Instead, say something like: \"{prefer}\""),
        _ => skill.miss.clone(),
    }
}

mod gaming;
use gaming::gaming_checks;

#[cfg(test)]
mod tests {
    //! One test per rule kind, on the rubric format as trainers write it.
    use std::sync::Arc;

    use super::*;
    use crate::rubric::{Rubric, RubricFile};
    use crate::source::{Origin, SourceFile};

    fn grader(rules: &str) -> Grader {
        let text = format!(
            "rehearse: 1\nid: t\ntitle: T\nskills:\n  - id: s\n    name: S\n    feedback: {{hit: ok, miss: no}}\n    rules:\n{rules}"
        );
        let file = Arc::new(SourceFile::new("t.yaml", Origin::BuiltIn, text));
        let (raw, locations): (RubricFile, _) = crate::yaml::parse(&file).expect("valid YAML");
        let (rubric, problems) = Rubric::from_file(raw, &file, locations);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        let rubric = rubric.expect("valid rubric");
        let mut values = BTreeMap::new();
        values.insert("customer.name".to_string(), "Dana Whitfield".to_string());
        Grader::new(&[&rubric], &values, None)
    }

    fn reply<'a>(text: &'a str, customer: &'a str) -> Reply<'a> {
        Reply {
            text,
            customer,
            step: "s1",
            interjection: None,
            mood: 5,
        }
    }

    fn score(grader: &Grader, replies: &[Reply<'_>]) -> Option<f64> {
        grader.grade(replies).skills[0].score
    }

    #[test]
    fn require_with_scope_first_and_last() {
        let g = grader("      - require: [hello]\n        scope: first\n");
        assert_eq!(
            score(&g, &[reply("Hello there", ""), reply("ok", "")]),
            Some(1.0)
        );
        assert_eq!(
            score(&g, &[reply("ok", ""), reply("Hello there", "")]),
            Some(0.0)
        );
        let g = grader("      - require: [goodbye]\n        scope: last\n");
        assert_eq!(
            score(&g, &[reply("goodbye", ""), reply("ok", "")]),
            Some(0.0)
        );
    }

    #[test]
    fn require_every_scores_the_share() {
        let g = grader("      - require: [please]\n        scope: every\n");
        assert_eq!(
            score(
                &g,
                &[
                    reply("please", ""),
                    reply("no", ""),
                    reply("please do", ""),
                    reply("x", "")
                ]
            ),
            Some(0.5)
        );
    }

    #[test]
    fn guards_count_the_replies_where_they_found_nothing() {
        // Replies a phrase rule is not run on (none of its phrases occur) count as clean.
        let g = grader("      - forbid: [calm down]\n        scope: every\n");
        let replies = [
            reply("calm down", ""),
            reply("I hear you", ""),
            reply("Let me check", ""),
            reply("Done", ""),
        ];
        assert_eq!(score(&g, &replies), Some(0.75));
        let g = grader("      - forbid: [calm down]\n");
        assert_eq!(score(&g, &replies), Some(0.0));
        assert_eq!(score(&g, &replies[1..]), Some(1.0));
        // After a step: only the replies right after it count.
        let g = grader("      - forbid: [calm down]\n        after: s2\n");
        let mut replies = replies.to_vec();
        replies[2].step = "s2";
        assert_eq!(score(&g, &replies), Some(1.0));
        replies[0].step = "s2";
        assert_eq!(score(&g, &replies), Some(0.0));
    }

    #[test]
    fn forbid_is_critical_and_points_at_the_words() {
        let g = grader("      - forbid: [calm down]\n        critical: true\n");
        let card = g.grade(&[reply("Please, CALM down now", "")]);
        assert_eq!(card.skills[0].score, Some(0.0));
        assert!(!card.passed);
        assert_eq!(card.critical_failures, vec!["S: s#1".to_string()]);
        let e = &card.skills[0].rules[0].evidence[0];
        assert_eq!(
            (e.text.as_str(), e.span.map(|s| (s.start, s.end))),
            ("CALM down", Some((8, 17)))
        );
    }

    #[test]
    fn substitute_shows_the_better_wording() {
        let g = grader(
            "      - substitute: {avoid: [\"we cannot do that\"], prefer: \"Here is what I can do.\"}\n",
        );
        let card = g.grade(&[reply("Sorry, we can't do that.", "")]);
        assert_eq!(card.skills[0].score, Some(0.0));
        assert_eq!(
            card.skills[0].rules[0].feedback.as_deref(),
            Some("Instead, say something like: \"Here is what I can do.\"")
        );
        assert_eq!(score(&g, &[reply("Here is what I can do.", "")]), Some(1.0));
    }

    #[test]
    fn order_needs_first_before_then() {
        let g =
            grader("      - order: {first: [\"confirm your name\"], then: [\"your balance\"]}\n");
        assert_eq!(score(&g, &[reply("Your balance is 4.", "")]), Some(0.0));
        assert_eq!(
            score(
                &g,
                &[
                    reply("Could you confirm your name?", ""),
                    reply("Your balance is 4.", "")
                ]
            ),
            Some(1.0)
        );
        assert_eq!(
            score(
                &g,
                &[reply("Confirm your name, and your balance is 4.", "")]
            ),
            Some(1.0)
        );
        assert_eq!(
            score(&g, &[reply("Your balance is 4. Confirm your name.", "")]),
            Some(0.0)
        );
        assert_eq!(
            score(&g, &[reply("Hello", "")]),
            None,
            "not applicable until account details come up"
        );
    }

    #[test]
    fn mirror_reuses_words_but_not_wholesale() {
        let g = grader("      - mirror: {min_words: 2}\n");
        let customer = "I'm really disappointed with the delay on my desk";
        assert_eq!(
            score(
                &g,
                &[reply(
                    "I'm sorry the desk delay has been so disappointing.",
                    customer
                )]
            ),
            Some(1.0)
        );
        assert_eq!(score(&g, &[reply("Let me check.", customer)]), Some(0.0));
        assert_eq!(
            score(
                &g,
                &[reply(
                    "really disappointed with the delay on my desk",
                    customer
                )]
            ),
            Some(0.0)
        );
    }

    #[test]
    fn personalise_accepts_full_first_or_family_name() {
        let g = grader("      - personalise: true\n");
        for text in [
            "Thanks, Dana.",
            "Thank you, Ms Whitfield.",
            "Dana Whitfield, welcome.",
        ] {
            assert_eq!(score(&g, &[reply(text, "")]), Some(1.0), "{text}");
        }
        assert_eq!(score(&g, &[reply("Thanks, Danaé.", "")]), Some(0.0));
    }

    #[test]
    fn ask_open_versus_clarifying() {
        let open = grader("      - ask: open\n");
        let clarifying = grader("      - ask: clarifying\n");
        let text = "What happened when you logged in?";
        assert_eq!(score(&open, &[reply(text, "")]), Some(1.0));
        assert_eq!(score(&clarifying, &[reply(text, "")]), Some(0.0));
        assert_eq!(
            score(
                &clarifying,
                &[reply("So it's the blue one, is that right?", "")]
            ),
            Some(1.0)
        );
        assert_eq!(
            score(
                &open,
                &[reply("Would you like me to explain that again?", "")]
            ),
            Some(0.0)
        );
    }

    #[test]
    fn style_every_reply_share() {
        let g = grader(
            "      - style: {no_caps: true, no_repeated_exclamation: true, max_words: 5}\n        scope: every\n",
        );
        assert_eq!(
            score(
                &g,
                &[
                    reply("Fine.", ""),
                    reply("NO WAY!!", ""),
                    reply("one two three four five six", ""),
                    reply("ok", "")
                ]
            ),
            Some(0.5)
        );
    }

    #[test]
    fn after_and_mood_conditions_pick_replies() {
        let g = grader("      - require: [sorry]\n        after: s2\n");
        let r1 = Reply {
            step: "s1",
            ..reply("no", "")
        };
        let r2 = Reply {
            step: "s2",
            ..reply("so sorry", "")
        };
        assert_eq!(score(&g, &[r1, r2]), Some(1.0));
        assert_eq!(score(&g, &[r1]), None);
        let g = grader("      - require: [sorry]\n        mood_at_least: 7\n");
        let calm = Reply {
            mood: 3,
            ..reply("no", "")
        };
        let angry = Reply {
            mood: 8,
            ..reply("no", "")
        };
        assert_eq!(score(&g, &[calm]), None);
        assert_eq!(score(&g, &[calm, angry]), Some(0.0));
    }

    #[test]
    fn stuffing_repetition_and_echo_cost_points() {
        let g = grader("      - require: [hello]\n");
        let card = g.grade(&[
            reply("Hello, how are you today my friend?", ""),
            reply("Hello, how are you today my friend?", ""),
        ]);
        assert_eq!(card.gaming.len(), 1);
        assert_eq!(card.gaming[0].kind, "repetition");
        assert_eq!(card.gaming[0].turn, 2);
        let card = g.grade(&[reply(
            "hello my desk is late again",
            "hello my desk is late again",
        )]);
        assert_eq!(card.gaming[0].kind, "echo");
        assert_eq!(
            card.skills[0].score,
            Some(0.0),
            "an echoed reply earns nothing"
        );
    }

    #[test]
    fn a_conversation_grades_the_same_whatever_was_graded_before() {
        // Each thread reuses the last conversation's memory: nothing of it may show.
        let small = grader("      - require: [hello]\n");
        let large = grader(
            "      - require: [\"i understand\", \"thank * for\"]\n        fuzzy: 0.85\n      - forbid: [\"calm down\"]\n      - style: {no_caps: true}\n      - mirror: {min_words: 1}\n      - ask: open\n",
        );
        let call = [
            reply(
                "Hello! I undrestand, THANK you for waiting.",
                "My desk is late",
            ),
            reply(
                "您好，我理解您的心情。What happened to the desk?",
                "它迟到了",
            ),
            reply("Please calm down, the desk is on its way.", "Where is it?"),
        ];
        let fresh = |g: &Grader, replies: &[Reply<'_>]| {
            // Run on a thread of its own: nothing graded before there.
            std::thread::scope(|s| s.spawn(|| g.grade(replies)).join().expect("grades"))
        };
        let expected = fresh(&large, &call);
        let others = [
            reply("hello hello hello hello hello", "hello"),
            reply("ＣＡＬＭ ＤＯＷＮ！！", ""),
        ];
        for before in [&others[..], &call[1..], &call[..1], &[]] {
            small.grade(before);
            large.grade(before);
            large.assess_last(&call[..2]);
            assert_eq!(large.grade(&call), expected);
            assert_eq!(large.grade(&call[..1]), fresh(&large, &call[..1]));
        }
    }
}
