//! Lints on a scenario's conversation graph: warnings about files that load and play, but
//! not as the trainer meant — a condition that tests nothing, a step or a set of steps the
//! conversation can never leave, a `resolved` ending a rude reply could reach. They never
//! stop a scenario from loading; `check --strict` fails on them.

use std::collections::VecDeque;

use super::{ConditionFile, Ending, ScenarioFile, Step};
use crate::diagnostic::Diagnostic;
use crate::yaml::Locations;

/// Builds a warning at a path of the file.
pub(super) type Warn<'a> = dyn Fn(&'static str, &str, String) -> Diagnostic + 'a;

/// Lints on each step's own transitions, as written (every `goto` need not resolve).
pub(super) fn step_lints(
    file: &ScenarioFile,
    locations: &Locations,
    warn: &Warn,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, step) in file.steps.iter().enumerate() {
        let path = format!("steps.{i}");
        for (k, t) in step.next.iter().enumerate() {
            if let Some(when) = &t.when {
                problems.extend(condition_lints(
                    when,
                    &format!("{path}.next.{k}.when"),
                    locations,
                    warn,
                ));
            }
        }
        if step.end.is_some() || step.next.is_empty() {
            // Endings ignore `next` and a step without one is a `dead-end` error: both
            // reported elsewhere.
            continue;
        }
        let unconditional = |t: &super::TransitionFile| t.when.as_ref().is_none_or(always_holds);
        // The first transition that always holds is taken every time; those after it are
        // never tried.
        if let Some(k) = step.next.iter().position(unconditional)
            && k + 1 < step.next.len()
        {
            problems.push(
                warn(
                    "never-tried",
                    &format!("{path}.next.{}", k + 1),
                    match step.next.len() - k - 1 {
                        1 => format!(
                            "step `{}`: transition {} always holds, so the one after it is never tried",
                            step.id,
                            k + 1
                        ),
                        n => format!(
                            "step `{}`: transition {} always holds, so the {n} after it are never tried",
                            step.id,
                            k + 1
                        ),
                    },
                )
                .with_help("put the transition without `when` last: transitions are tried in order"),
            );
        }
        if step.next.iter().all(|t| t.goto == step.id) {
            problems.push(
                warn(
                    "self-loop",
                    &format!("{path}.id"),
                    format!(
                        "step `{}` only leads back to itself: once there, the conversation ends only by a walk-out or the turn limit",
                        step.id
                    ),
                )
                .with_help("add a transition to another step, e.g. `- when: {shows: [...]}` with the skill this step waits for"),
            );
        } else if !step.next.iter().any(unconditional) {
            problems.push(
                warn(
                    "no-fallback",
                    &format!("{path}.next"),
                    format!("step `{}` has no unconditional transition", step.id),
                )
                .with_help("when no condition holds the customer repeats this step; add a last `- goto: …` without `when` to say what happens instead"),
            );
        }
    }
    if let Some(when) = &file.resolved_when {
        problems.extend(condition_lints(when, "resolved_when", locations, warn));
    }
    problems
}

/// Lints on the whole graph, once every `goto` has resolved to a step.
pub(super) fn graph_lints(
    file: &ScenarioFile,
    steps: &[Step],
    start: usize,
    warn: &Warn,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();

    // A `resolved` ending that a reply showing no skill can reach: only the engine's
    // rudeness guard stands between "Whatever." and "Thanks, bye".
    let resolved_needs_skill = file.resolved_when.as_ref().is_some_and(|w| w.needs_skill());
    if !resolved_needs_skill {
        for (i, step) in steps.iter().enumerate() {
            for (k, t) in step.next.iter().enumerate() {
                if steps[t.goto].end == Some(Ending::Resolved) && !t.when.needs_skill() {
                    problems.push(
                        warn(
                            "resolved-by-rudeness",
                            &format!("steps.{i}.next.{k}"),
                            format!(
                                "a reply showing no skill at all (a rude one, say) leads from `{}` to the resolved ending `{}`",
                                step.id, steps[t.goto].id
                            ),
                        )
                        .with_help("give the transition `when: {shows: [...]}` or `{done: [...]}`, or the scenario `resolved_when: {done: [expectation-setting]}`"),
                    );
                }
            }
        }
    }

    // Reachability from the start, and whether any ending can be reached at all.
    let mut seen = vec![false; steps.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(i) = queue.pop_front() {
        for t in &steps[i].next {
            if !seen[t.goto] {
                seen[t.goto] = true;
                queue.push_back(t.goto);
            }
        }
    }
    for (i, reached) in seen.iter().enumerate() {
        if !reached {
            problems.push(
                warn(
                    "unreachable-step",
                    &format!("steps.{i}.id"),
                    format!("step `{}` can never be reached from the start", steps[i].id),
                )
                .with_help("add a transition that leads here, or remove the step"),
            );
        }
    }
    // Steps that only lead to each other: a closed loop with no way to any ending. (A
    // single step that only leads back to itself is `self-loop`, found step by step.)
    for set in closed_loops(steps) {
        let names: Vec<String> = set.iter().map(|&i| format!("`{}`", steps[i].id)).collect();
        problems.push(
            warn(
                "closed-loop",
                &format!("steps.{}.id", set[0]),
                format!(
                    "steps {} only lead to each other: once there, the conversation ends only by a walk-out or the turn limit",
                    names.join(", ")
                ),
            )
            .with_help("give one of them a transition out of the loop, e.g. `- when: {shows: [...]}` to the step that comes next"),
        );
    }
    if !steps
        .iter()
        .enumerate()
        .any(|(i, s)| seen[i] && s.end.is_some())
    {
        problems.push(
            warn(
                "no-ending",
                "steps",
                "no ending step can be reached; every run ends at the turn limit".into(),
            )
            .with_help("add a step with `end: resolved` and a transition to it"),
        );
    }
    problems
}

/// Sets of two or more steps that only lead to each other (strongly connected, with no
/// transition out), each sorted by position in the file; in the order their first steps
/// come. Ending steps lead nowhere, so no such set holds one.
fn closed_loops(steps: &[Step]) -> Vec<Vec<usize>> {
    // Tarjan's algorithm, iteratively: a scenario is small, but a deep chain of steps
    // must not overflow the stack.
    const UNSEEN: usize = usize::MAX;
    let n = steps.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut sets = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (step, how many of its transitions have been followed)
        let mut work = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = work.last_mut() {
            if let Some(t) = steps[v].next.get(*k) {
                *k += 1;
                let w = t.goto;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut set = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    set.push(w);
                    if w == v {
                        break;
                    }
                }
                let closed = set.iter().all(|&s| {
                    steps[s].end.is_none() && steps[s].next.iter().all(|t| set.contains(&t.goto))
                });
                if set.len() > 1 && closed {
                    set.sort_unstable();
                    sets.push(set);
                }
            }
        }
    }
    sets.sort();
    sets
}

/// Whether a condition holds whatever the reply and the conversation: each part given is
/// an empty list or a mood bound every mood meets.
fn always_holds(when: &ConditionFile) -> bool {
    when.shows.is_empty()
        && when.misses.is_empty()
        && when.says.is_empty()
        && when.mood_at_least.is_none_or(|m| m == 0)
        && when.mood_at_most.is_none_or(|m| m >= 10)
        && when.done.is_empty()
        && when.not_done.is_empty()
        && when.asked.is_empty()
        && when.given.is_empty()
        && when.told.is_empty()
        && when.promised.is_empty()
}

/// A condition that always holds (`when: {}`, `when: {says: []}`), or parts of one that
/// test nothing (`says: []` beside `shows: [empathy]`).
fn condition_lints(
    when: &ConditionFile,
    path: &str,
    locations: &Locations,
    warn: &Warn,
) -> Vec<Diagnostic> {
    let lists: [(&str, &Vec<String>); 9] = [
        ("shows", &when.shows),
        ("misses", &when.misses),
        ("says", &when.says),
        ("done", &when.done),
        ("not_done", &when.not_done),
        ("asked", &when.asked),
        ("given", &when.given),
        ("told", &when.told),
        ("promised", &when.promised),
    ];
    // Each part as written that tests nothing, and its path.
    let mut idle: Vec<(String, String)> = Vec::new();
    for (key, list) in lists {
        let at = format!("{path}.{key}");
        if list.is_empty() && locations.has_key(&at) {
            idle.push((format!("`{key}: []`"), at));
        }
    }
    if when.mood_at_least == Some(0) {
        idle.push(("`mood_at_least: 0`".into(), format!("{path}.mood_at_least")));
    }
    if when.mood_at_most == Some(10) {
        idle.push(("`mood_at_most: 10`".into(), format!("{path}.mood_at_most")));
    }
    let resolved = path == "resolved_when";
    if always_holds(when) {
        let key = if resolved { "resolved_when" } else { "when" };
        let written = if idle.is_empty() {
            format!("`{key}: {{}}` always holds")
        } else {
            let parts: Vec<&str> = idle.iter().map(|(w, _)| w.as_str()).collect();
            format!(
                "this `{key}` always holds ({} tests nothing)",
                parts.join(", ")
            )
        };
        let (message, help) = if resolved {
            (
                format!("{written}, so it asks nothing of the conversation"),
                "say what must have happened, e.g. `resolved_when: {done: [expectation-setting]}`, or remove it",
            )
        } else {
            (
                format!("{written}, as if there were no `when`"),
                "give it a test, e.g. `shows: [empathy]`, or remove `when` to make this the fallback",
            )
        };
        return vec![at_key(
            warn("always-holds", path, message).with_help(help),
            locations,
            path,
        )];
    }
    idle.into_iter()
        .map(|(written, at)| {
            let d = warn(
                "always-holds",
                &at,
                format!("{written} always holds, so it tests nothing here"),
            );
            at_key(
                d.with_help("remove it, or list what it should test"),
                locations,
                &at,
            )
        })
        .collect()
}

/// Points a diagnostic at the key rather than its value: an empty `{}` or `[]` is one
/// character wide, the key says what is meant.
fn at_key(mut diagnostic: Diagnostic, locations: &Locations, path: &str) -> Diagnostic {
    if let Some(span) = locations.key(path) {
        diagnostic.span = Some(span);
    }
    diagnostic
}
