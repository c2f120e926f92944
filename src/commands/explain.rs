//! `rehearse explain`: one reply against a rubric, rule by rule, with the words that
//! earned or lost each point.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::{CliError, Colors, ExplainArgs, Outcome, TextOrJson};
use crate::grading::{Grader, Reply};
use crate::library::{FileKind, Library};
use crate::report::text::{highlight, scorecard_details};

/// Runs `explain`.
pub fn run(args: &ExplainArgs, dirs: &[PathBuf], colors: Colors) -> Result<Outcome, CliError> {
    let mut paths = dirs.to_vec();
    for rubric in &args.rubric {
        if Path::new(rubric).is_file() {
            paths.push(PathBuf::from(rubric));
        }
    }
    let library = super::load(&paths, colors);
    let rubrics = resolve_rubrics(&library, &args.rubric)?;
    let (values, mood) = match &args.scenario {
        Some(id) => {
            let scenario = super::find_scenario(&library, id)?;
            (scenario.placeholder_values(), scenario.customer.mood)
        }
        None => {
            let mut values = BTreeMap::new();
            for rubric in &rubrics {
                values.extend(rubric.example_facts.clone());
            }
            (values, 5)
        }
    };
    let grader = Grader::new(&rubrics, &values, None);
    let replies: Vec<String> = match args.reply.as_deref() {
        Some(reply) if reply != crate::source::STDIN => vec![reply.to_string()],
        // Read like any file: size limit, byte-order mark, encoding errors with a place.
        _ => crate::source::read_source(Path::new(crate::source::STDIN))?
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect(),
    };
    if replies.is_empty() {
        return Err(CliError::Usage(
            "give a reply to explain, as an argument or on standard input".into(),
        ));
    }
    let mut results = Vec::new();
    for text in &replies {
        let reply = Reply {
            text,
            customer: "",
            step: "",
            interjection: None,
            mood,
            trainee: args.trainee.as_deref().unwrap_or(""),
        };
        let card = grader.grade_standalone(reply);
        match args.format {
            TextOrJson::Json => {
                results.push(serde_json::json!({ "reply": text, "scorecard": card }))
            }
            TextOrJson::Text => {
                let evidence: Vec<_> = card.skills.iter().flat_map(|s| s.rules.iter()).collect();
                println!("{}\n", highlight(text, &evidence, colors.stdout));
                print!("{}", scorecard_details(&card, colors.stdout));
                println!();
            }
        }
    }
    if args.format == TextOrJson::Json {
        let out = if results.len() == 1 {
            results.remove(0)
        } else {
            serde_json::Value::Array(results)
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    Ok(Outcome::Success)
}

/// Rubrics named by id or path.
pub fn resolve_rubrics<'l>(
    library: &'l Library,
    names: &[String],
) -> Result<Vec<&'l crate::rubric::Rubric>, CliError> {
    let mut rubrics = Vec::new();
    for name in names {
        let found = if Path::new(name).is_file() {
            library.rubrics.iter().find(|r| match &r.source.origin {
                crate::source::Origin::Disk(p) => p == Path::new(name),
                _ => false,
            })
        } else {
            library.rubric(name)
        };
        match found {
            Some(r) => rubrics.push(r),
            None if Path::new(name).is_file() => {
                // A scenario or transcript loads without a word about rubrics, so "see the
                // errors above" would point at nothing: say what the file is instead.
                let message = match FileKind::of_file(Path::new(name)) {
                    Some(kind @ (FileKind::Scenario | FileKind::Transcript)) => format!(
                        "{name} is {}, not a rubric: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)",
                        kind.described()
                    ),
                    _ => format!("{name} is not a usable rubric (see the errors above)"),
                };
                return Err(CliError::Usage(message));
            }
            // A path that is not a rubric file: say what --rubric takes.
            None if looks_like_a_path(name) => {
                let what = match crate::source::expect_file(Path::new(name), false) {
                    Err(crate::source::ReadError::NotAFile { found, .. }) => {
                        format!("{name} is {found}, not a rubric")
                    }
                    _ => format!("{name}: no such file"),
                };
                return Err(CliError::Usage(format!(
                    "{what}: --rubric takes a rubric id or a rubric file (`rehearse list --rubrics` lists the ids)"
                )));
            }
            None => {
                let hint = match library.suggest_rubric(name) {
                    Some(best) => format!(" (did you mean `{best}`?)"),
                    None => " (`rehearse list --rubrics` shows them)".to_string(),
                };
                return Err(CliError::Usage(format!(
                    "no rubric has the id `{name}`{hint}"
                )));
            }
        }
    }
    Ok(rubrics)
}

/// Whether a `--rubric` value names a path rather than an id: ids are lower-case words
/// with dashes, so a separator, a YAML extension or an existing path means a path.
pub fn looks_like_a_path(name: &str) -> bool {
    name.contains(['/', '\\'])
        || name.ends_with(".yaml")
        || name.ends_with(".yml")
        || Path::new(name).exists()
}
