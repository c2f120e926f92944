//! Validation of a parsed scenario file: every problem found, with its location, and the
//! validated [`Scenario`] when nothing is wrong enough to stop it being played. Warnings
//! (lints) are found here too, since they need the resolved step graph.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lints;
use super::{
    ConditionFile, Ending, FORMAT_VERSION, Persona, Scenario, ScenarioFile, Step, StepFile,
    Transition, content_hash, placeholders,
};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::SourceFile;
use crate::yaml::Locations;

impl Scenario {
    /// Validates a parsed file. Returns the scenario (if it is usable) and every problem
    /// found, errors and warnings alike.
    pub fn from_file(
        file: ScenarioFile,
        source: &Arc<SourceFile>,
        locations: Locations,
    ) -> (Option<Scenario>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let at = |path: &str| locations.value(path);
        let err = |code: &'static str, path: &str, msg: String| {
            Diagnostic::error(code, msg).at(source, at(path))
        };
        let warn = |code: &'static str, path: &str, msg: String| {
            Diagnostic::warning(code, msg).at(source, at(path))
        };

        problems.extend(check_header(file.rehearse, &file.id, "late-delivery", &err));
        if !(1..=5).contains(&file.difficulty) {
            problems.push(err(
                "out-of-range",
                "difficulty",
                format!("difficulty {} is outside 1–5", file.difficulty),
            ));
        }
        if file.customer.mood > 10 {
            problems.push(err(
                "out-of-range",
                "customer.mood",
                format!("mood {} is outside 0–10", file.customer.mood),
            ));
        }
        if file.customer.walk_out_at == 0 || file.customer.walk_out_at > 10 {
            problems.push(err(
                "out-of-range",
                "customer.walk_out_at",
                format!("walk_out_at {} is outside 1–10", file.customer.walk_out_at),
            ));
        }
        if file.turn_limit == 0 {
            problems.push(err(
                "out-of-range",
                "turn_limit",
                "turn_limit must be at least 1".into(),
            ));
        }
        // Only a hand-over can be accepted: a resolved call passes anyway, a walk-out,
        // a turn limit or a call left early never ends in good order.
        for (i, end) in file.accepted_endings.iter().enumerate() {
            if *end != Ending::Escalated {
                problems.push(
                    err(
                        "bad-ending",
                        &format!("accepted_endings.{i}"),
                        format!("`{}` cannot be accepted as a pass", end.name()),
                    )
                    .with_help("only `escalated` can be: resolved always passes"),
                );
            }
        }
        if let Some(mark) = file.pass_mark
            && !(0.0..=100.0).contains(&mark)
        {
            problems.push(err(
                "out-of-range",
                "pass_mark",
                format!("pass mark {mark} is outside 0–100"),
            ));
        }
        if file.rubrics.is_empty() {
            problems.push(
                err(
                    "empty-list",
                    "rubrics",
                    "a scenario needs at least one rubric".into(),
                )
                .with_help(
                    "e.g. `rubrics: [core]`; `rehearse list --rubrics` shows the built-in ones",
                ),
            );
        }
        if file.steps.is_empty() {
            problems.push(err(
                "empty-list",
                "steps",
                "a scenario needs at least one step".into(),
            ));
        }
        match file.persona {
            Persona::Group if file.speakers.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a group scenario needs `speakers` besides the main customer".into(),
                )
                .with_help(
                    "add `speakers: [{id: sam, name: Sam}]` and give some steps `speaker: sam`",
                ),
            ),
            Persona::BusyTime if file.interjections.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a busy-time scenario needs at least one interjection".into(),
                )
                .with_help("add `interjections:` with another customer who breaks in"),
            ),
            Persona::Returning if file.customer.history.is_empty() => problems.push(
                err(
                    "persona-needs",
                    "persona",
                    "a returning customer needs `customer.history`".into(),
                )
                .with_help("list past orders or visits the trainee should recognise"),
            ),
            _ => {}
        }

        // Placeholders: every `{name}` must be a fact or a customer field.
        let mut known: Vec<String> = file.customer.facts.keys().cloned().collect();
        known.extend([
            "customer.name".to_string(),
            "customer.first_name".to_string(),
            "promised.day".to_string(),
            "promised.refund".to_string(),
        ]);
        known.extend(file.speakers.iter().map(|s| format!("speaker.{}", s.id)));
        let check_placeholders = |text: &str, path: &str, problems: &mut Vec<Diagnostic>| {
            for name in placeholders(text) {
                if !known.iter().any(|k| k == &name) {
                    let mut d = err(
                        "unknown-placeholder",
                        path,
                        format!("placeholder `{{{name}}}` names no fact"),
                    );
                    d = match did_you_mean(&name, known.iter().map(String::as_str)) {
                        Some(best) => d.with_help(format!("did you mean `{{{best}}}`?")),
                        None => {
                            d.with_help("add it under `customer.facts`, or use `{customer.name}`")
                        }
                    };
                    problems.push(d);
                }
            }
        };

        let mut speaker_ids = HashSet::new();
        for (i, speaker) in file.speakers.iter().enumerate() {
            if !speaker_ids.insert(speaker.id.as_str()) {
                problems.push(err(
                    "duplicate-id",
                    &format!("speakers.{i}.id"),
                    format!("speaker id `{}` is used twice", speaker.id),
                ));
            }
        }

        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, step) in file.steps.iter().enumerate() {
            if index.insert(step.id.as_str(), i).is_some() {
                problems.push(
                    err(
                        "duplicate-id",
                        &format!("steps.{i}.id"),
                        format!("step id `{}` is used twice", step.id),
                    )
                    .with_help("give every step its own id"),
                );
            }
        }
        let step_ids: Vec<&str> = file.steps.iter().map(|s| s.id.as_str()).collect();
        let resolve = |id: &str, path: &str, problems: &mut Vec<Diagnostic>| -> Option<usize> {
            match index.get(id) {
                Some(i) => Some(*i),
                None => {
                    let d = err("unknown-step", path, format!("no step has the id `{id}`"));
                    let steps_here = format!("steps here: {}", step_ids.join(", "));
                    problems.push(d.suggest(id, step_ids.iter().copied(), steps_here));
                    None
                }
            }
        };

        let start = match &file.start {
            Some(id) => resolve(id, "start", &mut problems),
            None => (!file.steps.is_empty()).then_some(0),
        };

        let mut steps = Vec::new();
        for (i, step) in file.steps.iter().enumerate() {
            let path = format!("steps.{i}");
            if step.say.is_empty() {
                problems.push(
                    err(
                        "empty-list",
                        &format!("{path}.say"),
                        format!("step `{}` says nothing", step.id),
                    )
                    .with_help("give at least one line under `say:`"),
                );
            }
            for (j, line) in step.say.iter().enumerate() {
                check_placeholders(line, &format!("{path}.say.{j}"), &mut problems);
            }
            let speaker = match &step.speaker {
                None => None,
                Some(id) => match file.speakers.iter().position(|s| &s.id == id) {
                    Some(p) => Some(p),
                    None => {
                        let d = err(
                            "unknown-speaker",
                            &format!("{path}.speaker"),
                            format!("no speaker has the id `{id}`"),
                        );
                        problems.push(d.suggest(
                            id,
                            file.speakers.iter().map(|s| s.id.as_str()),
                            "declare it under `speakers:`",
                        ));
                        None
                    }
                },
            };
            if step.end.is_none() && step.next.is_empty() {
                problems.push(
                    err("dead-end", &format!("{path}.id"), format!("step `{}` has no way out and is not an ending", step.id))
                        .with_help("add `next:` transitions, or mark it `end: resolved` (or escalated, walked-out)"),
                );
            }
            if let Some(end) = step.end {
                if matches!(end, Ending::TurnLimit | Ending::Abandoned) {
                    problems.push(
                        err(
                            "bad-ending",
                            &format!("{path}.end"),
                            format!("`{}` is set by the engine, not by a step", end.name()),
                        )
                        .with_help("use resolved, escalated or walked-out"),
                    );
                }
                if !step.next.is_empty() {
                    problems.push(warn(
                        "ending-with-next",
                        &format!("{path}.next"),
                        format!(
                            "step `{}` is an ending, so its `next` is never used",
                            step.id
                        ),
                    ));
                }
            }
            let mut next = Vec::new();
            for (k, t) in step.next.iter().enumerate() {
                let tpath = format!("{path}.next.{k}");
                if let Some(goto) = resolve(&t.goto, &format!("{tpath}.goto"), &mut problems) {
                    let when = t.when.clone().unwrap_or_default();
                    for (m, phrase) in when.says.iter().enumerate() {
                        if phrase.trim().is_empty() {
                            problems.push(err(
                                "empty-phrase",
                                &format!("{tpath}.when.says.{m}"),
                                "an empty phrase matches nothing".into(),
                            ));
                        }
                    }
                    for bound in [when.mood_at_least, when.mood_at_most]
                        .into_iter()
                        .flatten()
                    {
                        if bound > 10 {
                            problems.push(err(
                                "out-of-range",
                                &format!("{tpath}.when"),
                                format!("mood bound {bound} is outside 0–10"),
                            ));
                        }
                    }
                    next.push(Transition {
                        when,
                        mood: t.mood,
                        goto,
                    });
                }
            }
            steps.push(Step {
                id: step.id.clone(),
                speaker,
                say: step.say.clone(),
                next,
                end: step.end,
                gives: step.gives.clone(),
                asks: step.asks.clone(),
                expects: step.expects.clone(),
                not_applicable: step.not_applicable.clone(),
            });
        }

        problems.extend(check_step_skills(&file.steps, &err));

        for (i, inter) in file.interjections.iter().enumerate() {
            if inter.say.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("interjections.{i}.say"),
                    format!("interjection `{}` says nothing", inter.id),
                ));
            }
            if inter.after_turn == 0 || inter.after_turn >= file.turn_limit {
                problems.push(warn(
                    "never-heard",
                    &format!("interjections.{i}.after_turn"),
                    format!(
                        "interjection `{}` comes after reply {}, outside 1–{}",
                        inter.id,
                        inter.after_turn,
                        file.turn_limit.saturating_sub(1)
                    ),
                ));
            }
            if index.contains_key(inter.id.as_str()) {
                problems.push(err(
                    "duplicate-id",
                    &format!("interjections.{i}.id"),
                    format!("`{}` is already a step id", inter.id),
                ));
            }
            for (j, line) in inter.say.iter().chain(&inter.if_ignored).enumerate() {
                check_placeholders(line, &format!("interjections.{i}.say.{j}"), &mut problems);
            }
        }
        for (fact, know) in &file.customer.knows {
            let lines = know.lines();
            if lines.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("customer.knows.{fact}"),
                    format!("the customer knows `{fact}` but has no way to say it"),
                ));
            }
            if !crate::customer::is_well_known(fact) && know.asked_by().is_empty() {
                problems.push(
                    warn(
                        "never-asked",
                        &format!("customer.knows.{fact}"),
                        format!("`{fact}` is not a well-known fact, so no question asks for it"),
                    )
                    .with_help("give it `asked_by: [phrases]`, or use a well-known id such as `order`, `postcode`, `name`, `address`, `what-happened`, `when-started`"),
                );
            }
            for line in &lines {
                check_placeholders(line, &format!("customer.knows.{fact}"), &mut problems);
            }
        }
        let fact_known = |fact: &str| {
            file.customer.knows.contains_key(fact) || crate::customer::is_well_known(fact)
        };
        let mut conditions: Vec<(String, &ConditionFile)> = Vec::new();
        for (i, step) in file.steps.iter().enumerate() {
            for (k, t) in step.next.iter().enumerate() {
                if let Some(when) = &t.when {
                    conditions.push((format!("steps.{i}.next.{k}.when"), when));
                }
            }
            for (k, fact) in step.gives.iter().enumerate() {
                if !fact_known(fact) {
                    problems.push(warn(
                        "unknown-fact",
                        &format!("steps.{i}.gives.{k}"),
                        format!("`{fact}` is not under `customer.knows`"),
                    ));
                }
            }
        }
        if let Some(when) = &file.resolved_when {
            conditions.push(("resolved_when".to_string(), when));
        }
        // What the trainee can tell is a fact with a value: the customer listens for it.
        let fact_told = |fact: &str, path: String, problems: &mut Vec<Diagnostic>| {
            if !file.customer.facts.contains_key(fact) {
                let d = warn(
                    "unknown-fact",
                    &path,
                    format!("`{fact}` is not under `customer.facts`, so nothing tells it"),
                );
                problems.push(d.suggest(
                    fact,
                    file.customer.facts.keys().map(String::as_str),
                    "give it a value under `customer.facts`",
                ));
            }
        };
        for (i, step) in file.steps.iter().enumerate() {
            for (k, fact) in step.asks.iter().enumerate() {
                fact_told(fact, format!("steps.{i}.asks.{k}"), &mut problems);
            }
        }
        for (path, when) in &conditions {
            for (k, fact) in when.told.iter().enumerate() {
                fact_told(fact, format!("{path}.told.{k}"), &mut problems);
            }
            for (k, fact) in when.asked.iter().chain(&when.given).enumerate() {
                if !fact_known(fact) {
                    let d = warn(
                        "unknown-fact",
                        path,
                        format!(
                            "`{fact}` (item {}) is neither under `customer.knows` nor a well-known fact",
                            k + 1
                        ),
                    );
                    problems.push(d.suggest(
                        fact,
                        file.customer.knows.keys().map(String::as_str),
                        "declare it under `customer.knows`",
                    ));
                }
            }
            for (k, promise) in when.promised.iter().enumerate() {
                if !matches!(promise.as_str(), "day" | "refund" | "offer") {
                    problems.push(
                        err(
                            "unknown-promise",
                            &format!("{path}.promised.{k}"),
                            format!("`{promise}` is not something the customer tracks"),
                        )
                        .with_help("use `day`, `refund` or `offer`"),
                    );
                }
            }
        }
        for (i, line) in file.customer.walk_out.iter().enumerate() {
            check_placeholders(line, &format!("customer.walk_out.{i}"), &mut problems);
        }
        if let Some(nudges) = &file.customer.nudges {
            if nudges.is_empty() {
                problems.push(
                    err(
                        "empty-list",
                        "customer.nudges",
                        "`nudges` has no lines for the customer to say".into(),
                    )
                    .with_help(
                        "give at least one line, or leave `nudges` out for the built-in ones",
                    ),
                );
            }
            for (i, line) in nudges.iter().enumerate() {
                check_placeholders(line, &format!("customer.nudges.{i}"), &mut problems);
                if line.trim().is_empty() {
                    problems.push(err(
                        "empty-line",
                        &format!("customer.nudges.{i}"),
                        "an empty line says nothing".into(),
                    ));
                }
            }
        }
        check_placeholders(&file.brief, "brief", &mut problems);
        for (i, example) in file.examples.iter().enumerate() {
            if example.replies.is_empty() {
                problems.push(err(
                    "empty-list",
                    &format!("examples.{i}.replies"),
                    format!("example `{}` has no replies", example.name),
                ));
            }
        }

        problems.extend(lints::step_lints(&file, &locations, &warn));
        // The graph lints need every `goto` resolved; after a dangling one, its target
        // would be reported as unreachable too.
        let dangling = problems.iter().any(|d| d.code == "unknown-step");
        if let Some(start) = start
            && steps.len() == file.steps.len()
            && !dangling
        {
            problems.extend(lints::graph_lints(&file, &steps, start, &warn));
        }

        let has_errors = problems.iter().any(Diagnostic::is_error);
        let scenario = match (has_errors, start) {
            (false, Some(start)) => Some(Scenario {
                id: file.id,
                title: file.title,
                persona: file.persona,
                channel: file.channel,
                difficulty: file.difficulty,
                language: file.language,
                brief: file.brief,
                customer: file.customer,
                speakers: file.speakers,
                rubrics: file.rubrics,
                pass_mark: file.pass_mark,
                turn_limit: file.turn_limit,
                accepted_endings: file.accepted_endings,
                start,
                steps,
                interjections: file.interjections,
                resolved_when: file.resolved_when,
                examples: file.examples,
                hash: content_hash(&source.text),
                source: Arc::clone(source),
                locations,
            }),
            _ => None,
        };
        (scenario, problems)
    }
}

/// The checks every file starts with: the format version and a usable id.
pub(crate) fn check_header(
    version: u32,
    id: &str,
    example_id: &str,
    err: &dyn Fn(&'static str, &str, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if version != FORMAT_VERSION {
        problems.push(
            err(
                "unsupported-version",
                "rehearse",
                format!("format version {version} is not supported"),
            )
            .with_help("this build reads `rehearse: 1`"),
        );
    }
    if !is_slug(id) {
        problems.push(
            err("bad-id", "id", format!("`{id}` is not a valid id")).with_help(format!(
                "use lower-case letters, digits and dashes, e.g. `{example_id}`"
            )),
        );
    }
    problems
}

/// Lower-case letters, digits and dashes, starting with a letter or digit.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

/// A step's `expects` and `not_applicable` against each other: a skill cannot be both
/// wanted and not apply. (Whether the skills exist is checked with the rubrics, in the
/// library.)
fn check_step_skills(
    steps: &[StepFile],
    err: &dyn Fn(&'static str, &str, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        for (k, skill) in step.not_applicable.iter().enumerate() {
            if step.expects.contains(skill) {
                problems.push(
                    err(
                        "contradiction",
                        &format!("steps.{i}.not_applicable.{k}"),
                        format!(
                            "step `{}` both expects `{skill}` and says it does not apply",
                            step.id
                        ),
                    )
                    .with_help("keep it in one of `expects` and `not_applicable`"),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("late-delivery"));
        assert!(!is_slug("Late Delivery"));
        assert!(!is_slug(""));
    }
}
