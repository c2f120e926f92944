//! `rehearse new`: a commented starting file that passes `check` as written.

use std::path::PathBuf;

use crate::cli::{CliError, NewArgs, NewKind, Outcome};
use crate::scenario::is_slug;

const SCENARIO: &str = include_str!("../../templates/scenario.yaml");
const RUBRIC: &str = include_str!("../../templates/rubric.yaml");

/// The starting file's text for a kind and id.
pub fn template(kind: NewKind, id: &str) -> String {
    match kind {
        NewKind::Scenario => SCENARIO.replace("__ID__", id),
        NewKind::Rubric => RUBRIC.replace("__ID__", id),
    }
}

/// Runs `new`.
pub fn run(args: &NewArgs) -> Result<Outcome, CliError> {
    if !is_slug(&args.name) {
        return Err(CliError::Usage(format!(
            "`{}` is not a valid id: use lower-case letters, digits and dashes, e.g. broken-heater",
            args.name
        )));
    }
    let text = template(args.kind, &args.name);
    if args.stdout {
        print!("{text}");
        return Ok(Outcome::Success);
    }
    let folder = match args.kind {
        NewKind::Scenario => "scenarios",
        NewKind::Rubric => "rubrics",
    };
    let path = PathBuf::from(folder).join(format!("{}.yaml", args.name));
    if path.exists() {
        return Err(CliError::Usage(format!(
            "{} already exists; not overwriting it",
            path.display()
        )));
    }
    std::fs::create_dir_all(folder).map_err(|e| CliError::io(&path, e))?;
    std::fs::write(&path, text).map_err(|e| CliError::io(&path, e))?;
    println!("wrote {}", path.display());
    println!("next: rehearse check {}", path.display());
    Ok(Outcome::Success)
}
