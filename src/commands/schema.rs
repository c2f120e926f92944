//! `rehearse schema`: JSON Schema of each file format, generated from the same types that
//! load the files, so it cannot drift from what `check` accepts.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use crate::cli::{CliError, Outcome, SchemaArgs, SchemaDraft, SchemaKind};
use crate::rubric::RubricFile;
use crate::scenario::{FORMAT_VERSION, ScenarioFile};
use crate::transcript::Transcript;

/// The schema of one format as pretty JSON, in draft 2020-12.
pub fn schema_json(kind: SchemaKind) -> String {
    schema_json_in(kind, SchemaDraft::D2020_12)
}

/// The schema of one format as pretty JSON, in the given draft, with an `$id` naming the
/// format and its version (a URN: it identifies, it is not fetched).
pub fn schema_json_in(kind: SchemaKind, draft: SchemaDraft) -> String {
    let (name, mut schema) = match kind {
        SchemaKind::Scenario => ("scenario", generate::<ScenarioFile>(draft)),
        SchemaKind::Rubric => ("rubric", generate::<RubricFile>(draft)),
        SchemaKind::Transcript => ("transcript", generate::<Transcript>(draft)),
        SchemaKind::Labels => ("labels", generate::<crate::labels::LabelsFile>(draft)),
    };
    schema.insert(
        "$id".into(),
        format!("urn:rehearse:schema:{name}:{FORMAT_VERSION}").into(),
    );
    serde_json::to_string_pretty(&schema).expect("a schema always serialises")
}

fn generate<T: JsonSchema>(draft: SchemaDraft) -> schemars::Schema {
    let settings = match draft {
        SchemaDraft::D2020_12 => SchemaSettings::draft2020_12(),
        SchemaDraft::D07 => SchemaSettings::draft07(),
    };
    settings.into_generator().into_root_schema_for::<T>()
}

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> Result<Outcome, CliError> {
    println!("{}", schema_json_in(args.kind, args.draft));
    Ok(Outcome::Success)
}
