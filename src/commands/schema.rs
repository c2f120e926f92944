//! `rehearse schema`: JSON Schema of each file format, generated from the same types that
//! load the files, so it cannot drift from what `check` accepts.

use crate::cli::{CliError, Outcome, SchemaArgs, SchemaKind};
use crate::rubric::RubricFile;
use crate::scenario::ScenarioFile;
use crate::transcript::Transcript;

/// The schema of one format as pretty JSON.
pub fn schema_json(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Scenario => schemars::schema_for!(ScenarioFile),
        SchemaKind::Rubric => schemars::schema_for!(RubricFile),
        SchemaKind::Transcript => schemars::schema_for!(Transcript),
        SchemaKind::Labels => schemars::schema_for!(crate::labels::LabelsFile),
    };
    serde_json::to_string_pretty(&schema).expect("a schema always serialises")
}

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> Result<Outcome, CliError> {
    println!("{}", schema_json(args.kind));
    Ok(Outcome::Success)
}
