//! `rehearse calibrate`: a rubric against a trainer's labels. Reads the labels, asks the
//! engine for agreement figures and renders them; exit 1 when a skill is under `--min-f1`.

use std::path::PathBuf;

use crate::cli::{CalibrateArgs, CliError, Colors, Outcome, TextOrJson};
use crate::grading::calibration::calibrate;
use crate::labels::{LabelSet, load};
use crate::library::{Library, files_under};
use crate::report::calibration::{render_json, render_text};

/// Runs `calibrate`.
pub fn run(args: &CalibrateArgs, library: &Library, colors: Colors) -> Result<Outcome, CliError> {
    if let Some(min) = args.min_f1
        && !(0.0..=1.0).contains(&min)
    {
        return Err(CliError::Usage(format!(
            "--min-f1 {min} is outside 0–1 (an F1 of 0.9 is written 0.9)"
        )));
    }
    super::known_rubrics(library, &args.rubric)?;
    let mut sets: Vec<LabelSet> = Vec::new();
    let mut broken = 0;
    for path in label_files(&args.labels)? {
        match load(&path) {
            Ok(set) => sets.push(set),
            Err(error) => {
                broken += 1;
                eprint!("{}", error.to_diagnostic().render(colors.stderr));
            }
        }
    }
    if sets.is_empty() {
        return Err(CliError::Usage(if broken > 0 {
            "no labels file could be read (see the errors above)".into()
        } else {
            "no labels files found (.yaml, .yml or .jsonl)".into()
        }));
    }
    let result = calibrate(
        library,
        sets.iter().flat_map(|set| &set.items),
        &args.rubric,
    );
    match args.format {
        TextOrJson::Json => println!("{}", render_json(&result, args.min_f1)),
        TextOrJson::Text => print!(
            "{}",
            render_text(&result, args.show, args.min_f1, colors.stdout)
        ),
    }
    let under = result.agreement.iter().any(|a| {
        args.min_f1
            .is_some_and(|min| a.f1().is_some_and(|f1| f1 < min))
    });
    Ok(if under || broken > 0 || !result.unjudged.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

/// The labels files named: files as given, folders searched for .yaml/.yml/.jsonl.
fn label_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(files_under(path, &|p| {
                p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "jsonl")
            }));
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(CliError::Usage(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    Ok(files)
}
