//! `rehearse list`: what can be played.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use crate::cli::{CliError, ListArgs, Outcome, TextOrJson};
use crate::library::Library;
use crate::source::Origin;

/// Runs `list`.
pub fn run(args: &ListArgs, library: &Library) -> Result<Outcome, CliError> {
    if args.format == TextOrJson::Json {
        println!("{}", json(args.rubrics, library));
        return Ok(Outcome::Success);
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    let source = |origin: &Origin| match origin {
        Origin::BuiltIn => "built-in".to_string(),
        Origin::Disk(path) => path.display().to_string(),
    };
    if args.rubrics {
        table.set_header(["id", "title", "skills", "pass mark", "language", "source"]);
        for r in &library.rubrics {
            table.add_row([
                r.id.clone(),
                r.title.clone(),
                r.skills.len().to_string(),
                format!("{}%", r.pass_mark),
                format!("{:?}", r.language).to_lowercase(),
                source(&r.source.origin),
            ]);
        }
    } else {
        table.set_header(["id", "title", "persona", "channel", "difficulty", "source"]);
        let mut scenarios: Vec<_> = library.scenarios.iter().collect();
        scenarios.sort_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)));
        for s in scenarios {
            table.add_row([
                s.id.clone(),
                s.title.clone(),
                s.persona.name().to_string(),
                s.channel.name().to_string(),
                format!("{}/5", s.difficulty),
                source(&s.source.origin),
            ]);
        }
    }
    println!("{table}");
    Ok(Outcome::Success)
}

/// The same rows as the table, as a pretty JSON array; `source` is `built-in` or a path.
pub fn json(rubrics: bool, library: &Library) -> String {
    let source = |origin: &Origin| match origin {
        Origin::BuiltIn => "built-in".to_string(),
        Origin::Disk(path) => path.display().to_string(),
    };
    let rows: Vec<serde_json::Value> = if rubrics {
        library
            .rubrics
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "title": r.title,
                    "skills": r.skills.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                    "pass_mark": r.pass_mark,
                    "language": format!("{:?}", r.language).to_lowercase(),
                    "source": source(&r.source.origin),
                })
            })
            .collect()
    } else {
        let mut scenarios: Vec<_> = library.scenarios.iter().collect();
        scenarios.sort_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)));
        scenarios
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "title": s.title,
                    "persona": s.persona.name(),
                    "channel": s.channel.name(),
                    "difficulty": s.difficulty,
                    "rubrics": s.rubrics,
                    "source": source(&s.source.origin),
                })
            })
            .collect()
    };
    serde_json::to_string_pretty(&rows).expect("JSON values always serialise")
}
