//! `rehearse test`: a rubric's examples and a scenario's example play-throughs, run as
//! tests. Trainers use it to prove a rubric scores a model answer high and a bad one low.

use colored::Colorize;

use crate::cli::{CliError, Colors, Outcome, TestArgs};
use crate::config::Settings;
use crate::customer::{Conversation, RunInfo};
use crate::grading::{Grader, Reply};
use crate::library::Library;
use crate::report::text::scorecard_details;
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::source::Origin;
use crate::transcript::Mode;

/// One test's result.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// `rubric core › greeting › hit 1`.
    pub name: String,
    /// Passed.
    pub passed: bool,
    /// Why it failed, with the explanation.
    pub detail: String,
}

/// Runs `test`.
pub fn run(args: &TestArgs, settings: &Settings, colors: Colors) -> Result<Outcome, CliError> {
    // One load: built-ins (so scenarios under test can use built-in rubrics), the given
    // paths, and the project's and extra folders for context.
    let library = Library::load_with_context(&args.paths, &settings.context_folders());
    for d in library.diagnostics.iter().filter(|d| d.is_error()) {
        eprint!("{}", d.render(colors.stderr));
    }
    // With explicit paths only the files in them are tested; otherwise everything.
    let selected = |origin: &Origin| args.paths.is_empty() || super::is_target(origin, &args.paths);
    let rubrics: Vec<&Rubric> = library
        .rubrics
        .iter()
        .filter(|r| selected(&r.source.origin))
        .collect();
    let scenarios: Vec<&Scenario> = library
        .scenarios
        .iter()
        .filter(|s| selected(&s.source.origin))
        .collect();
    report(
        run_all(&rubrics, &scenarios, &library),
        args.verbose,
        library.error_count(),
    )
}

fn report(
    results: Vec<TestResult>,
    verbose: bool,
    load_errors: usize,
) -> Result<Outcome, CliError> {
    let failed = results.iter().filter(|r| !r.passed).count();
    for result in &results {
        if !result.passed {
            println!("{} {}", "FAIL".red().bold(), result.name);
            for line in result.detail.lines() {
                println!("    {line}");
            }
        } else if verbose {
            println!("{} {}", "ok".green(), result.name);
        }
    }
    println!("{} passed, {} failed", results.len() - failed, failed);
    Ok(if failed > 0 || load_errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

/// Runs every rubric example and scenario example.
pub fn run_all(rubrics: &[&Rubric], scenarios: &[&Scenario], library: &Library) -> Vec<TestResult> {
    let mut results = Vec::new();
    for rubric in rubrics {
        results.extend(rubric_examples(rubric));
    }
    for scenario in scenarios {
        results.extend(scenario_examples(scenario, library));
    }
    results
}

/// A rubric's examples: each `hit` reply must show its skill, each `miss` must not.
pub fn rubric_examples(rubric: &Rubric) -> Vec<TestResult> {
    let grader = Grader::new(&[rubric], &rubric.example_facts, None);
    let mut results = Vec::new();
    for skill in &rubric.skills {
        let cases = skill
            .examples
            .hit
            .iter()
            .map(|r| (r, true))
            .chain(skill.examples.miss.iter().map(|r| (r, false)));
        for (i, (reply, want)) in cases.enumerate() {
            let graded = Reply {
                text: reply,
                customer: "",
                step: "",
                interjection: None,
                mood: 5,
            };
            let card = grader.grade_standalone(graded);
            let score = card
                .skills
                .iter()
                .find(|s| *s.rubric == *rubric.id && *s.id == *skill.id)
                .and_then(|s| s.score);
            let shown = score.is_some_and(|s| s >= skill.shown_at - 1e-9);
            let kind = if want { "hit" } else { "miss" };
            let passed = shown == want;
            let detail = if passed {
                String::new()
            } else {
                let verdict = if want {
                    "should show"
                } else {
                    "should not show"
                };
                format!(
                    "reply: \"{reply}\"\n{verdict} `{}` but scored {}\n{}",
                    skill.id,
                    score
                        .map(|s| format!("{:.0}%", s * 100.0))
                        .unwrap_or_else(|| "n/a".into()),
                    skill_explanation(&card, &skill.id)
                )
            };
            results.push(TestResult {
                name: format!("rubric {} › {} › {kind} {}", rubric.id, skill.id, i + 1),
                passed,
                detail,
            });
        }
    }
    results
}

fn skill_explanation(card: &crate::grading::Scorecard, skill: &str) -> String {
    let mut only = card.clone();
    only.skills.retain(|s| &*s.id == skill);
    only.gaming.clear();
    scorecard_details(&only, false)
        .lines()
        .filter(|l| !l.starts_with("Total"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A scenario's examples: played through, then checked against `expect`.
pub fn scenario_examples(scenario: &Scenario, library: &Library) -> Vec<TestResult> {
    let rubrics = library.rubrics_for(scenario);
    let grader = Grader::new(&rubrics, &scenario.placeholder_values(), scenario.pass_mark);
    let mut results = Vec::new();
    for example in &scenario.examples {
        let info = RunInfo {
            trainee: format!("example {}", example.name),
            trainee_id: None,
            mode: Mode::Exam,
            seed: example.seed,
            started: String::new(),
            rubrics: Vec::new(),
        };
        let mut conversation = Conversation::start(scenario, &grader, info);
        for reply in &example.replies {
            if conversation.ending().is_some() {
                break;
            }
            conversation.reply(reply, None);
        }
        let unused = example.replies.len() - conversation.transcript().turns.len();
        let card = conversation.score();
        let mut problems = Vec::new();
        let ending = conversation.ending();
        if let Some(want) = example.expect.ending
            && ending != Some(want)
        {
            problems.push(format!(
                "ending: expected {}, got {}",
                want.name(),
                ending.map(|e| e.name()).unwrap_or("none (replies ran out)")
            ));
        }
        if unused > 0 {
            problems.push(format!(
                "the conversation ended with {unused} replies unused"
            ));
        }
        if let Some(want) = example.expect.passed
            && card.passed != want
        {
            problems.push(format!(
                "expected the run to {}, but it scored {:.1}%",
                if want { "pass" } else { "fail" },
                card.total
            ));
        }
        if let Some(min) = example.expect.min_score
            && card.total < min
        {
            problems.push(format!(
                "score {:.1}% is below the expected minimum {min}%",
                card.total
            ));
        }
        if let Some(max) = example.expect.max_score
            && card.total > max
        {
            problems.push(format!(
                "score {:.1}% is above the expected maximum {max}%",
                card.total
            ));
        }
        for weak in &example.expect.weak {
            match card.skill(weak) {
                Some(s) if s.score.is_some_and(|v| v >= 0.5) => problems.push(format!(
                    "skill `{weak}` should be weak but scored {:.0}%",
                    s.score.unwrap_or(0.0) * 100.0
                )),
                _ => {}
            }
        }
        let detail = if problems.is_empty() {
            String::new()
        } else {
            let mut lines = problems.join("\n");
            lines.push('\n');
            for turn in &conversation.transcript().turns {
                for line in &turn.customer {
                    lines.push_str(&format!("  {}: {}\n", line.speaker, line.text));
                }
                lines.push_str(&format!(
                    "  > {}   (mood {} → {})\n",
                    turn.reply, turn.mood_before, turn.mood_after
                ));
            }
            lines.push_str(&scorecard_details(&card, false));
            lines
        };
        results.push(TestResult {
            name: format!("scenario {} › example {}", scenario.id, example.name),
            passed: problems.is_empty(),
            detail,
        });
    }
    results
}
