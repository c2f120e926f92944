//! Compiling rubrics for one scenario: placeholders expanded, every phrase into the one
//! automaton, each rule into a [`Check`] with what evidence and coaching it will show.

use super::*;
use crate::matcher::KeyedLexicon;

#[derive(Debug, Clone, Copy)]
pub(super) enum Needle {
    Phrase(PhraseId),
    Regex(RegexId),
}

#[derive(Debug)]
pub(super) enum Check {
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
    /// Names that are not the trainee's (the customer's and speakers' words, lower case).
    Introduce {
        others: Vec<String>,
    },
    Ask(AskKind),
    Style {
        style: StyleFile,
        jargon: Vec<Needle>,
    },
}

impl Check {
    /// Every phrase and regex the check looks for.
    pub(super) fn needles(&self) -> impl Iterator<Item = &Needle> {
        let (a, b): (&[Needle], &[Needle]) = match self {
            Check::Require(n) | Check::Forbid(n) | Check::Personalise(n) => (n, &[]),
            Check::Substitute { avoid, .. } => (avoid, &[]),
            Check::Order { first, then } => (first, then),
            Check::Style { jargon, .. } => (jargon, &[]),
            Check::Mirror { .. } | Check::Introduce { .. } | Check::Ask(_) => (&[], &[]),
        };
        a.iter().chain(b)
    }

    /// Positive rules earn points; the others (guards and order) only take them away.
    pub(super) fn is_positive(&self) -> bool {
        matches!(
            self,
            Check::Require(_)
                | Check::Mirror { .. }
                | Check::Personalise(_)
                | Check::Introduce { .. }
                | Check::Ask(_)
        )
    }
}

#[derive(Debug)]
pub(super) struct CompiledRule {
    pub(super) rule: Rule,
    pub(super) check: Check,
    /// Evidence notes for this rule's exact and typo-tolerant hits, written once.
    pub(super) matched: Note,
    pub(super) close_enough: Note,
    /// The rule's id and kind, and its coaching when not met, as scorecards show them.
    pub(super) id: Arc<str>,
    pub(super) kind: Arc<str>,
    pub(super) feedback: Arc<str>,
    /// Contexts that cancel an overlapping hit, and phrases that take a hit back after
    /// "but" in the same sentence (see [`Grader::cancelled`]).
    pub(super) unless: Vec<Needle>,
    pub(super) concession: Vec<Needle>,
    /// The rule's phrases, and whether it has regexes too: a reply in which none of its
    /// phrases hit (most replies, for most rules) needs no look-ups.
    pub(super) phrases: PhraseMask,
    pub(super) regexes: bool,
}

#[derive(Debug)]
pub(super) struct CompiledSkill {
    pub(super) rubric: Arc<str>,
    pub(super) id: Arc<str>,
    pub(super) name: Arc<str>,
    /// "rubric.id", as live assessments name the skills a reply shows: made once here,
    /// where formatting it for every skill of every reply was 2% of replaying a cohort.
    pub(super) qualified: String,
    pub(super) weight: f64,
    pub(super) critical: bool,
    pub(super) shown_at: f64,
    /// Coaching, shared by every scorecard (suggestion with placeholders filled in).
    pub(super) hit: Arc<str>,
    pub(super) miss: Arc<str>,
    pub(super) suggest: Option<Arc<str>>,
    /// No coaching (totals-only scorecards), shared rather than made for each.
    pub(super) none: Arc<str>,
    /// This skill's rules in [`Grader::rules`].
    pub(super) rules: std::ops::Range<usize>,
    /// Where in a call it belongs, for coaching in stage order (`None`: any time).
    pub(super) stage: Option<Stage>,
    /// Every positive rule looks at the end of the call only (`final` or `last`): it can
    /// be judged, and ticked, only there.
    pub(super) closing: Option<Closing>,
    /// A rule wants it in every reply, so coaching it again is no repetition.
    pub(super) every: bool,
    /// A rule looks at the first reply only (or the opening): missed there, it cannot be
    /// made up later (or only in the very next reply).
    pub(super) first: bool,
    /// A `difficult`-stage skill (empathy, apology, patience): advice for an upset
    /// customer, not for a calm one.
    pub(super) soothing: bool,
}

/// The stages of a call in the order they come, and the persona's own skills, which
/// have no place in that order but are coached first. Skills of other stages
/// (`difficult`, `style`, a trainer's own) have no stage here: they may come any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Stage {
    Greeting,
    Need,
    Verification,
    Solution,
    Understanding,
    Closure,
    /// The persona's own skill (queue, group, returning customer): coached first.
    Persona,
}

impl Stage {
    fn of(name: Option<&str>) -> Option<Stage> {
        Some(match name? {
            "greeting" => Stage::Greeting,
            "need" => Stage::Need,
            "verification" => Stage::Verification,
            "solution" => Stage::Solution,
            "understanding" => Stage::Understanding,
            "closure" => Stage::Closure,
            "persona" => Stage::Persona,
            _ => return None,
        })
    }

    /// Whether the stage has a place in the call's order (the persona's skills do not).
    pub(super) fn is_ordered(self) -> bool {
        self != Stage::Persona
    }
}

/// How far to the end of a call a closing skill looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    /// The last two replies: the one the customer closes on counts.
    Final,
    /// The very last reply.
    Last,
}

impl CompiledSkill {
    /// A skill's place in the call, worked out once from its rules.
    fn shape(skill: &crate::rubric::Skill) -> (Option<Closing>, bool, bool) {
        let positive: Vec<&Rule> = skill
            .rules
            .iter()
            .filter(|r| r.kind.is_positive())
            .collect();
        let closing = if !positive.is_empty()
            && positive
                .iter()
                .all(|r| matches!(r.scope, Scope::Last | Scope::Final))
        {
            if positive.iter().any(|r| r.scope == Scope::Last) {
                Some(Closing::Last)
            } else {
                Some(Closing::Final)
            }
        } else {
            None
        };
        let every = skill.rules.iter().any(|r| r.scope == Scope::Every);
        let first = skill
            .rules
            .iter()
            .any(|r| matches!(r.scope, Scope::First | Scope::Opening));
        (closing, every, first)
    }
}

/// Every phrase a rule kind names (for placeholder checks).
pub fn rule_phrases(kind: &RuleKind) -> Vec<&String> {
    match kind {
        RuleKind::Require { phrases, .. } | RuleKind::Forbid { phrases, .. } => {
            phrases.iter().collect()
        }
        RuleKind::Substitute { avoid, .. } => avoid.iter().collect(),
        RuleKind::Order { first, then, .. } => first.iter().chain(then).collect(),
        RuleKind::Style(style) => style.jargon.iter().collect(),
        RuleKind::Mirror { .. }
        | RuleKind::Personalise
        | RuleKind::Introduce
        | RuleKind::Ask(_) => Vec::new(),
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

    /// The pass mark a grader of `rubrics` holds to: `pass_mark` if given, else the
    /// highest of the rubrics'.
    pub fn pass_mark_of(rubrics: &[&Rubric], pass_mark: Option<f64>) -> f64 {
        pass_mark.unwrap_or_else(|| rubrics.iter().map(|r| r.pass_mark).fold(0.0, f64::max))
    }

    /// A grader that ignores negation and exclusions: `calibrate` asks it why a phrase
    /// near a missed skill did not count.
    pub fn lenient(rubrics: &[&Rubric], values: &BTreeMap<String, String>) -> Grader {
        Grader::compile(rubrics, values, None, true)
    }

    /// A skill's name as trainees read it, by `skill` or `rubric.skill`.
    pub fn skill_name(&self, skill: &str) -> Option<Arc<str>> {
        self.skills
            .iter()
            .find(|s| {
                *s.id == *skill
                    || skill
                        .split_once('.')
                        .is_some_and(|(r, id)| *s.rubric == *r && *s.id == *id)
            })
            .map(|s| Arc::clone(&s.name))
    }

    pub(super) fn compile(
        rubrics: &[&Rubric],
        values: &BTreeMap<String, String>,
        pass_mark: Option<f64>,
        lenient: bool,
    ) -> Grader {
        let mut builder = PhraseBook::builder();
        let mut skills = Vec::new();
        let mut compiled = Vec::new();
        for rubric in rubrics {
            let lexicon = KeyedLexicon::new(&rubric.lexicon);
            for skill in &rubric.skills {
                let first = compiled.len();
                compiled.extend(skill.rules.iter().map(|rule| {
                    let check = compile_check(&mut builder, rule, values, &lexicon, lenient);
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
                        compile_needles(&mut builder, phrases, &[], values, Some(&lexicon), plain)
                    };
                    CompiledRule {
                        unless: contexts(&rule.unless),
                        concession: contexts(&rule.concession),
                        matched: phrase_note(rule, &check, false),
                        close_enough: phrase_note(rule, &check, true),
                        id: rule.id.as_str().into(),
                        kind: rule.kind.name().into(),
                        feedback: rule_feedback(rule, &check, &skill.feedback).into(),
                        phrases,
                        regexes,
                        rule: rule.clone(),
                        check,
                    }
                }));
                let (closing, every, first_only) = CompiledSkill::shape(skill);
                skills.push(CompiledSkill {
                    rubric: rubric.id.as_str().into(),
                    id: skill.id.as_str().into(),
                    name: skill.name.as_str().into(),
                    qualified: format!("{}.{}", rubric.id, skill.id),
                    weight: skill.weight,
                    critical: skill.critical,
                    shown_at: skill.shown_at,
                    hit: skill.feedback.hit.as_str().into(),
                    miss: skill.feedback.miss.as_str().into(),
                    suggest: skill
                        .feedback
                        .suggest
                        .as_ref()
                        .map(|text| super::names::expand_coaching(text, values).into()),
                    rules: first..compiled.len(),
                    none: Arc::from(""),
                    stage: Stage::of(skill.stage.as_deref()),
                    closing,
                    every,
                    first: first_only,
                    soothing: skill.stage.as_deref() == Some("difficult"),
                });
            }
        }
        let pass_mark = Grader::pass_mark_of(rubrics, pass_mark);
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
        let mut scored = vec![false; book.len()];
        for rule in &compiled {
            if let Check::Require(needles) = &rule.check {
                for needle in needles {
                    if let Needle::Phrase(id) = needle {
                        scored[id.index()] = true;
                    }
                }
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
            steps: Default::default(),
            exemptions: false,
            scored,
            pass_mark,
            gaming_penalty,
        }
    }
}

pub(super) fn describe_rule(rule: &Rule) -> Target {
    match &rule.kind {
        RuleKind::Personalise => Target::CustomerName,
        RuleKind::Introduce => Target::OwnName,
        _ => Target::Rule(rule.id.as_str().into()),
    }
}

/// What evidence of a hit by this rule says: the words matched the rule (or came close
/// enough), asked the kind of question it wants, or should be said another way.
pub(super) fn phrase_note(rule: &Rule, check: &Check, fuzzy: bool) -> Note {
    match check {
        Check::Ask(kind) => Note::Asks(*kind),
        Check::Substitute { prefer, .. } => Note::Instead(prefer.as_str().into()),
        _ if fuzzy => Note::CloseEnough(describe_rule(rule)),
        _ => Note::Matched(describe_rule(rule)),
    }
}

pub(super) fn compile_needles(
    builder: &mut PhraseBookBuilder,
    phrases: &[String],
    regexes: &[String],
    values: &BTreeMap<String, String>,
    lexicon: Option<&KeyedLexicon>,
    options: MatchOptions,
) -> Vec<Needle> {
    let mut needles = Vec::new();
    for phrase in phrases {
        // Every way the phrase language lets it be said, placeholders filled in; ways
        // with a placeholder that has no value could never match and are left out.
        // (Validation expanded every phrase once, so expansion cannot fail here.) Names
        // (`lexicon` none) are taken as written.
        let literals = match lexicon {
            Some(lexicon) => lexicon.expand(phrase),
            None => Arc::from([phrase.clone()]),
        };
        let alternatives: Vec<String> = literals
            .iter()
            .map(|literal| expand(literal, values))
            .filter(|literal| crate::scenario::placeholders(literal).is_empty())
            .collect();
        let written = expand(phrase, values);
        if let Some(id) = builder.phrase_with_alternatives(&written, &alternatives, options) {
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

pub(super) fn compile_check(
    builder: &mut PhraseBookBuilder,
    rule: &Rule,
    values: &BTreeMap<String, String>,
    lexicon: &KeyedLexicon,
    lenient: bool,
) -> Check {
    let options = MatchOptions {
        fuzzy: rule.fuzzy,
        negation: rule.negation && !lenient,
    };
    match &rule.kind {
        RuleKind::Require { phrases, regex } | RuleKind::Forbid { phrases, regex } => {
            let needles = compile_needles(builder, phrases, regex, values, Some(lexicon), options);
            if matches!(rule.kind, RuleKind::Require { .. }) {
                Check::Require(needles)
            } else {
                Check::Forbid(needles)
            }
        }
        RuleKind::Substitute { avoid, prefer } => Check::Substitute {
            avoid: compile_needles(builder, avoid, &[], values, Some(lexicon), options),
            prefer: super::names::expand_coaching(prefer, values),
        },
        RuleKind::Order { first, then, regex } => Check::Order {
            first: compile_needles(builder, first, &[], values, Some(lexicon), options),
            then: compile_needles(builder, then, regex, values, Some(lexicon), options),
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
                None,
                MatchOptions {
                    fuzzy: None,
                    negation: false,
                },
            ))
        }
        RuleKind::Introduce => Check::Introduce {
            others: values
                .iter()
                .filter(|(k, _)| {
                    *k == "customer.name"
                        || *k == "customer.first_name"
                        || k.starts_with("speaker.")
                })
                .flat_map(|(_, v)| v.split_whitespace().map(str::to_lowercase))
                .collect(),
        },
        RuleKind::Ask(kind) => Check::Ask(*kind),
        RuleKind::Style(style) => Check::Style {
            style: style.clone(),
            jargon: compile_needles(
                builder,
                &style.jargon,
                &[],
                values,
                Some(lexicon),
                MatchOptions {
                    fuzzy: None,
                    negation: false,
                },
            ),
        },
    }
}

pub(super) fn rule_feedback(rule: &Rule, check: &Check, skill: &FeedbackFile) -> String {
    if let Some(text) = &rule.feedback {
        return text.clone();
    }
    match check {
        Check::Substitute { prefer, .. } => format!("Instead, say something like: \"{prefer}\""),
        _ => skill.miss.clone(),
    }
}
