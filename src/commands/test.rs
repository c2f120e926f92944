//! `rehearse test`: a rubric's examples and a scenario's example play-throughs, run as
//! tests. Trainers use it to prove a rubric scores a model answer high and a bad one low.

use colored::Colorize;

use crate::cli::{CliError, Colors, Outcome, TestArgs, TestFormat};
use crate::config::Settings;
use crate::customer::{Conversation, RunInfo};
use crate::diagnostic::Diagnostic;
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
    super::expect_paths(&args.paths)?;
    // One load: built-ins (so scenarios under test can use built-in rubrics), the given
    // paths, and the project's and extra folders for context.
    let library = Library::load_with_context(&args.paths, &settings.context_folders());
    if args.format == TestFormat::Text {
        for d in library.diagnostics.iter().filter(|d| d.is_error()) {
            eprint!("{}", d.render(colors.stderr));
        }
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
    let results = run_all(&rubrics, &scenarios, &library);
    let load_errors: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let failed = results.iter().filter(|r| !r.passed).count();
    match args.format {
        TestFormat::Text => text(&results, args.verbose),
        TestFormat::Json => println!("{}", json(&results, &load_errors)),
        TestFormat::Junit => print!("{}", junit(&results, &load_errors)),
    }
    // As for `check`: a file that could not be read at all is bad input (exit 2), not a
    // failed test.
    Ok(if library.unreadable > 0 {
        Outcome::Usage
    } else if failed > 0 || !load_errors.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

/// Failures with their explanation (and passes when `verbose`), then a count.
fn text(results: &[TestResult], verbose: bool) {
    let failed = results.iter().filter(|r| !r.passed).count();
    for result in results {
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
}

/// Every test, and the files that did not load, as pretty JSON.
pub fn json(results: &[TestResult], load_errors: &[&Diagnostic]) -> String {
    let failed = results.iter().filter(|r| !r.passed).count();
    let value = serde_json::json!({
        "passed": results.len() - failed,
        "failed": failed,
        "load_errors": load_errors.iter().map(|d| d.to_json()).collect::<Vec<_>>(),
        "tests": results.iter().map(|r| serde_json::json!({
            "name": r.name,
            "passed": r.passed,
            "detail": if r.passed { None } else { Some(&r.detail) },
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).expect("JSON values always serialise")
}

/// JUnit XML in the layout `grade` writes: a testsuite per rubric or scenario (the part
/// of a test's name before the first `›`), a testcase per example, a `<failure>` with the
/// explanation; files that did not load are `<error>`s in a `load` suite.
pub fn junit(results: &[TestResult], load_errors: &[&Diagnostic]) -> String {
    use quick_xml::escape::escape;
    let mut suites: Vec<(&str, Vec<(&str, &TestResult)>)> = Vec::new();
    for result in results {
        let (suite, case) = result
            .name
            .split_once(" › ")
            .unwrap_or((result.name.as_str(), ""));
        match suites.iter_mut().find(|(name, _)| *name == suite) {
            Some((_, cases)) => cases.push((case, result)),
            None => suites.push((suite, vec![(case, result)])),
        }
    }
    let failures = results.iter().filter(|r| !r.passed).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"rehearse test\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\">\n",
        results.len() + load_errors.len(),
        load_errors.len()
    ));
    for (suite, cases) in &suites {
        let failed = cases.iter().filter(|(_, r)| !r.passed).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n",
            escape(*suite),
            cases.len()
        ));
        let classname = format!("rehearse.{}", suite.replace(' ', "."));
        for (case, result) in cases {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\">",
                escape(*case),
                escape(classname.as_str())
            ));
            if result.passed {
                out.push_str("</testcase>\n");
            } else {
                let message = result.detail.lines().next().unwrap_or("failed");
                out.push_str(&format!(
                    "\n      <failure message=\"{}\" type=\"example-failed\">{}</failure>\n    </testcase>\n",
                    escape(message),
                    escape(result.detail.as_str())
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    if !load_errors.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"load\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">\n",
            load_errors.len()
        ));
        for d in load_errors {
            let name = d.location().unwrap_or_else(|| "input".into());
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"rehearse.load\">\n      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>\n",
                escape(name.as_str()),
                escape(d.message.as_str()),
                d.code,
                escape(d.render(false).as_str())
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
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
                text: reply.reply(),
                customer: reply.customer(),
                step: "",
                interjection: None,
                mood: 5,
                trainee: "",
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
                    "reply: \"{}\"\n{verdict} `{}` but scored {}\n{}",
                    reply.reply(),
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
    let grader = Grader::for_scenario(&rubrics, scenario, scenario.pass_mark);
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
        // As in `run`: after the customer's closing line, a reply left is the last word.
        for reply in &example.replies {
            if conversation.is_over() {
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
        // Passed as `play` and `grade` say it: a walk-out or an unaccepted complaint never is.
        let passed = card.passed
            && crate::transcript::Finish::of(ending, &scenario.accepted_endings)
                == crate::transcript::Finish::Ended;
        if let Some(want) = example.expect.passed
            && passed != want
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
