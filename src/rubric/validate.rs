//! Validation of a parsed rubric file: every problem found, with its location, and the
//! validated [`Rubric`] when there are no errors. Each rule is checked here for exactly
//! one kind, usable phrases and regexes, and values in range, so grading never fails on
//! a rubric that loaded.

use std::collections::HashSet;
use std::sync::Arc;

use super::{FuzzySetting, Rubric, RubricFile, Rule, RuleFile, RuleKind, Scope, Skill};
use crate::diagnostic::Diagnostic;
use crate::matcher::Fuzzy;
use crate::matcher::pattern::{self, Lexicon};
use crate::scenario::{check_header, content_hash, is_slug};
use crate::source::SourceFile;
use crate::yaml::Locations;

impl Rubric {
    /// Validates a parsed file; returns the rubric if usable and every problem found.
    pub fn from_file(
        file: RubricFile,
        source: &Arc<SourceFile>,
        locations: Locations,
    ) -> (Option<Rubric>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let err = |code: &'static str, path: &str, msg: String| {
            Diagnostic::error(code, msg).at(source, locations.value(path))
        };
        let warn = |code: &'static str, path: &str, msg: String| {
            Diagnostic::warning(code, msg).at(source, locations.value(path))
        };
        problems.extend(check_header(file.rehearse, &file.id, "core", &err));
        if !(0.0..=100.0).contains(&file.pass_mark) {
            problems.push(
                err(
                    "out-of-range",
                    "pass_mark",
                    format!("pass mark {} is outside 0–100", file.pass_mark),
                )
                .with_help("the pass mark is a percentage, e.g. `pass_mark: 70`"),
            );
        }
        if file.gaming_penalty < 0.0 {
            problems.push(err(
                "out-of-range",
                "gaming_penalty",
                "gaming_penalty cannot be negative".into(),
            ));
        }
        if file.skills.is_empty() {
            problems.push(err(
                "empty-list",
                "skills",
                "a rubric needs at least one skill".into(),
            ));
        }

        // The rubric's own word classes, over the built-in ones.
        let mut lexicon = builtin_lexicon().clone();
        lexicon.extend(file.lexicon.clone());
        let mut skill_ids = HashSet::new();
        let mut skills = Vec::new();
        for (s, skill) in file.skills.iter().enumerate() {
            let path = format!("skills.{s}");
            if !skill_ids.insert(skill.id.as_str()) {
                problems.push(
                    err(
                        "duplicate-id",
                        &format!("{path}.id"),
                        format!("skill id `{}` is used twice", skill.id),
                    )
                    .with_help("give every skill its own id"),
                );
            }
            if !is_slug(&skill.id) {
                problems.push(err(
                    "bad-id",
                    &format!("{path}.id"),
                    format!("`{}` is not a valid id", skill.id),
                ));
            }
            if skill.weight <= 0.0 || !skill.weight.is_finite() {
                problems.push(
                    err(
                        "bad-weight",
                        &format!("{path}.weight"),
                        format!("weight {} must be greater than 0", skill.weight),
                    )
                    .with_help(
                        "to switch a skill off, remove it; weights are relative, e.g. 1, 2, 3",
                    ),
                );
            }
            if !(0.0..=1.0).contains(&skill.shown_at) {
                problems.push(
                    err(
                        "out-of-range",
                        &format!("{path}.shown_at"),
                        format!("shown_at {} is outside 0–1", skill.shown_at),
                    )
                    .with_help("shown_at is the share of the skill's score that counts as showing it, e.g. 0.5; 1 when every rule must be met"),
                );
            }
            if skill.rules.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("{path}.rules"),
                    format!("skill `{}` has no rules", skill.id),
                ));
            }
            let mut rules = Vec::new();
            for (r, rule) in skill.rules.iter().enumerate() {
                let rpath = format!("{path}.rules.{r}");
                if let Some(rule) = validate_rule(
                    rule,
                    &skill.id,
                    r,
                    &rpath,
                    &lexicon,
                    &mut problems,
                    &err,
                    &warn,
                ) {
                    rules.push(rule);
                }
            }
            // Contradictions: a phrase both required and forbidden in one skill.
            let required: HashSet<String> = rules
                .iter()
                .filter_map(|r| match &r.kind {
                    RuleKind::Require { phrases, .. } => {
                        Some(phrases.iter().map(|p| p.to_lowercase()))
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            for rule in &rules {
                let avoided: Vec<&String> = match &rule.kind {
                    RuleKind::Forbid { phrases, .. } => phrases.iter().collect(),
                    RuleKind::Substitute { avoid, .. } => avoid.iter().collect(),
                    _ => Vec::new(),
                };
                for phrase in avoided {
                    if required.contains(&phrase.to_lowercase()) {
                        problems.push(warn(
                            "contradiction",
                            &rule.path,
                            format!(
                                "`{phrase}` is both required and forbidden in skill `{}`",
                                skill.id
                            ),
                        ));
                    }
                }
            }
            skills.push(Skill {
                id: skill.id.clone(),
                name: skill.name.clone(),
                stage: skill.stage.clone(),
                weight: skill.weight,
                critical: skill.critical,
                shown_at: skill.shown_at,
                feedback: skill.feedback.clone(),
                rules,
                examples: skill.examples.clone(),
                path,
            });
        }
        let has_errors = problems.iter().any(Diagnostic::is_error);
        let rubric = (!has_errors).then(|| Rubric {
            id: file.id,
            title: file.title,
            description: file.description,
            language: file.language,
            pass_mark: file.pass_mark,
            gaming_penalty: file.gaming_penalty,
            example_facts: file.example_facts,
            lexicon,
            skills,
            hash: content_hash(&source.text),
            source: Arc::clone(source),
            locations,
        });
        (rubric, problems)
    }
}

/// The built-in word classes every rubric can use (src/lexicon.yaml), read once.
pub fn builtin_lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        crate::yaml::from_builtin(include_str!("../lexicon.yaml"))
            .expect("the built-in lexicon is valid YAML (a test loads it)")
    })
}

const KIND_KEYS: &str =
    "require, forbid, substitute, order, mirror, personalise, introduce, ask, style";

#[allow(clippy::too_many_arguments)]
fn validate_rule(
    rule: &RuleFile,
    skill: &str,
    index: usize,
    path: &str,
    lexicon: &Lexicon,
    problems: &mut Vec<Diagnostic>,
    err: &dyn Fn(&'static str, &str, String) -> Diagnostic,
    warn: &dyn Fn(&'static str, &str, String) -> Diagnostic,
) -> Option<Rule> {
    let mut kinds: Vec<RuleKind> = Vec::new();
    let regex = rule.regex.clone().unwrap_or_default();
    if let Some(phrases) = &rule.require {
        kinds.push(RuleKind::Require {
            phrases: phrases.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(phrases) = &rule.forbid {
        kinds.push(RuleKind::Forbid {
            phrases: phrases.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(s) = &rule.substitute {
        kinds.push(RuleKind::Substitute {
            avoid: s.avoid.clone(),
            prefer: s.prefer.clone(),
        });
    }
    if let Some(o) = &rule.order {
        kinds.push(RuleKind::Order {
            first: o.first.clone(),
            then: o.then.clone(),
            regex: regex.clone(),
        });
    }
    if let Some(m) = &rule.mirror {
        kinds.push(RuleKind::Mirror {
            min_words: m.min_words,
            max_copy: m.max_copy,
        });
    }
    // `personalise: true` and `introduce: true` are switches; `false` checks nothing.
    for (set, key, kind) in [
        (rule.personalise, "personalise", RuleKind::Personalise),
        (rule.introduce, "introduce", RuleKind::Introduce),
    ] {
        let Some(on) = set else { continue };
        if !on {
            problems.push(warn(
                "never-fires",
                path,
                format!("`{key}: false` checks nothing; remove the rule"),
            ));
        }
        kinds.push(kind);
    }
    if let Some(kind) = rule.ask {
        kinds.push(RuleKind::Ask(kind));
    }
    if let Some(style) = &rule.style {
        kinds.push(RuleKind::Style(style.clone()));
    }
    if rule.regex.is_some()
        && rule.require.is_none()
        && rule.forbid.is_none()
        && rule.order.is_none()
    {
        // A regex alone acts as a require rule.
        kinds.push(RuleKind::Require {
            phrases: Vec::new(),
            regex: regex.clone(),
        });
    }
    let kind = match kinds.len() {
        1 => kinds.pop().expect("one kind"),
        0 => {
            problems.push(
                err(
                    "no-rule-kind",
                    path,
                    format!(
                        "rule {} of skill `{skill}` says nothing to check",
                        index + 1
                    ),
                )
                .with_help(format!("give it one of: {KIND_KEYS}")),
            );
            return None;
        }
        _ => {
            let names: Vec<&str> = kinds.iter().map(RuleKind::name).collect();
            problems.push(
                err(
                    "several-rule-kinds",
                    path,
                    format!(
                        "rule {} of skill `{skill}` mixes {}",
                        index + 1,
                        names.join(" and ")
                    ),
                )
                .with_help("split it into one rule per kind"),
            );
            return None;
        }
    };
    let mut ok = true;
    let mut check_phrases = |key: &str, phrases: &[String], allow_empty: bool| {
        if phrases.is_empty() && !allow_empty {
            problems.push(
                err(
                    "empty-list",
                    &format!("{path}.{key}"),
                    format!("`{key}` has no phrases, so it can never fire"),
                )
                .with_help("list at least one phrase"),
            );
            ok = false;
        }
        for (i, phrase) in phrases.iter().enumerate() {
            if phrase.trim().is_empty() || phrase.trim() == "*" {
                problems.push(err(
                    "empty-phrase",
                    &format!("{path}.{key}.{i}"),
                    "this phrase is empty and matches nothing".into(),
                ));
                ok = false;
            }
            if phrase.trim().starts_with('*') || phrase.trim().ends_with('*') {
                problems.push(
                    err(
                        "bad-gap",
                        &format!("{path}.{key}.{i}"),
                        format!("`{phrase}` starts or ends with a gap"),
                    )
                    .with_help("a gap `*` goes between words: `thank * for`"),
                );
                ok = false;
            }
        }
    };
    match &kind {
        RuleKind::Require { phrases, regex } | RuleKind::Forbid { phrases, regex } => {
            let key = kind.name();
            check_phrases(key, phrases, !regex.is_empty());
            for (i, pattern) in regex.iter().enumerate() {
                if let Err(e) = regex::Regex::new(pattern) {
                    problems.push(
                        err(
                            "bad-regex",
                            &format!("{path}.regex.{i}"),
                            format!(
                                "this regular expression does not compile: {}",
                                first_line(&e.to_string())
                            ),
                        )
                        .with_help("prefer plain phrases; regexes are an escape hatch"),
                    );
                    ok = false;
                }
            }
        }
        RuleKind::Substitute { avoid, prefer } => {
            check_phrases("substitute.avoid", avoid, false);
            if prefer.trim().is_empty() {
                problems.push(err(
                    "empty-phrase",
                    &format!("{path}.substitute.prefer"),
                    "`prefer` is empty: say what to write instead".into(),
                ));
                ok = false;
            }
        }
        RuleKind::Order { first, then, .. } => {
            check_phrases("order.first", first, false);
            check_phrases("order.then", then, false);
        }
        RuleKind::Mirror {
            min_words,
            max_copy,
        } => {
            if *min_words == 0 {
                problems.push(warn(
                    "never-fires",
                    &format!("{path}.mirror.min_words"),
                    "`min_words: 0` is always met".into(),
                ));
            }
            if !(0.0..=1.0).contains(max_copy) {
                problems.push(err(
                    "out-of-range",
                    &format!("{path}.mirror.max_copy"),
                    format!("max_copy {max_copy} is outside 0–1"),
                ));
                ok = false;
            }
        }
        RuleKind::Style(style) => {
            let checks_something = style.no_caps
                || style.no_repeated_exclamation
                || style.min_words.is_some()
                || style.max_words.is_some()
                || !style.jargon.is_empty();
            if !checks_something {
                problems.push(warn(
                    "never-fires",
                    &format!("{path}.style"),
                    "this style rule checks nothing".into(),
                ));
            }
            if let (Some(min), Some(max)) = (style.min_words, style.max_words)
                && min > max
            {
                problems.push(err(
                    "contradiction",
                    &format!("{path}.style"),
                    format!("min_words {min} is above max_words {max}: no reply can pass"),
                ));
                ok = false;
            }
        }
        RuleKind::Personalise | RuleKind::Introduce | RuleKind::Ask(_) => {}
    }
    let fuzzy = match &rule.fuzzy {
        None => None,
        Some(FuzzySetting::Ratio(threshold)) if (0.5..=1.0).contains(threshold) => {
            Some(Fuzzy::Ratio(*threshold))
        }
        Some(FuzzySetting::Word(word)) if word == "auto" => Some(Fuzzy::Auto),
        Some(setting) => {
            let shown = match setting {
                FuzzySetting::Ratio(t) => format!("fuzzy threshold {t} is outside 0.5–1"),
                FuzzySetting::Word(w) => format!("`fuzzy: {w}` is not a typo tolerance"),
            };
            problems.push(
                err("out-of-range", &format!("{path}.fuzzy"), shown).with_help(
                    "write `fuzzy: auto` (one typo in words of 4–6 letters, two beyond), or a threshold such as 0.85",
                ),
            );
            ok = false;
            None
        }
    };
    if rule.weight <= 0.0 || !rule.weight.is_finite() {
        problems.push(err(
            "bad-weight",
            &format!("{path}.weight"),
            format!("weight {} must be greater than 0", rule.weight),
        ));
        ok = false;
    }
    if let Some(mood) = rule.mood_at_least
        && mood > 10
    {
        problems.push(err(
            "out-of-range",
            &format!("{path}.mood_at_least"),
            format!("mood {mood} is outside 0–10"),
        ));
        ok = false;
    }
    if rule.after.is_some() && rule.scope != Scope::Any {
        problems.push(warn(
            "scope-ignored",
            &format!("{path}.scope"),
            "`after` already picks the reply; `scope` is ignored".into(),
        ));
    }
    // The phrase language (groups, options, @classes, inflections) is checked here, so
    // that grading can expand every phrase without a failure; phrases stay as written.
    let mut check_language = |key: &str, phrases: &[String]| {
        for (i, phrase) in phrases.iter().enumerate() {
            if let Err(e) = pattern::expand(phrase, lexicon) {
                let mut d = err("bad-phrase", &format!("{path}.{key}.{i}"), e.to_string());
                if let pattern::PatternError::UnknownClass(name) = &e {
                    d = d.suggest(
                        name,
                        lexicon.keys().map(String::as_str),
                        "define it under `lexicon:` at the top of the rubric",
                    );
                }
                problems.push(d);
                ok = false;
            }
        }
    };
    match &kind {
        RuleKind::Require { phrases, .. } => check_language("require", phrases),
        RuleKind::Forbid { phrases, .. } => check_language("forbid", phrases),
        RuleKind::Substitute { avoid, .. } => check_language("substitute.avoid", avoid),
        RuleKind::Order { first, then, .. } => {
            check_language("order.first", first);
            check_language("order.then", then);
        }
        RuleKind::Style(style) => check_language("style.jargon", &style.jargon),
        RuleKind::Mirror { .. }
        | RuleKind::Personalise
        | RuleKind::Introduce
        | RuleKind::Ask(_) => {}
    }
    let unless = rule.unless.clone().unwrap_or_default();
    let concession = rule.concession.clone().unwrap_or_default();
    check_language("unless", &unless);
    check_language("concession", &concession);
    if !ok {
        return None;
    }
    let negation = rule
        .negation
        .unwrap_or(matches!(kind, RuleKind::Require { .. }));
    Some(Rule {
        id: rule
            .id
            .clone()
            .unwrap_or_else(|| format!("{skill}#{}", index + 1)),
        kind,
        scope: rule.scope,
        after: rule.after.clone(),
        mood_at_least: rule.mood_at_least,
        critical: rule.critical,
        fuzzy,
        unless,
        concession,
        negation,
        feedback: rule.feedback.clone(),
        weight: rule.weight,
        path: path.to_string(),
    })
}

fn first_line(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_string()
}
