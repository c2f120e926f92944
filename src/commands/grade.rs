//! `rehearse grade`: score a cohort of transcripts and report it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{BatchOptions, grade_files, transcript_files};
use crate::cli::{CliError, GradeArgs, Outcome, ReportFormat};
use crate::library::Library;
use crate::report::{html, machine, table};
use crate::transcript::write_atomically;

/// Runs `grade`.
pub fn run(args: &GradeArgs, library: &Library) -> Result<Outcome, CliError> {
    for path in &args.paths {
        if !path.exists() {
            return Err(CliError::Usage(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    if let Some(pass) = args.pass
        && !(0.0..=100.0).contains(&pass)
    {
        return Err(CliError::Usage(format!("--pass {pass} is outside 0–100")));
    }
    for id in &args.rubric {
        if library.rubric(id).is_none() {
            let hint = library
                .suggest_rubric(id)
                .map(|b| format!(" (did you mean `{b}`?)"))
                .unwrap_or_default();
            return Err(CliError::Usage(format!(
                "no rubric has the id `{id}`{hint}"
            )));
        }
    }
    let files = transcript_files(&args.paths);
    let bar = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("grading {bar:40} {pos}/{len} ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // JSON and HTML show evidence; the other reports need only per-skill scores.
    let details = matches!(args.format, ReportFormat::Json | ReportFormat::Html);
    let options = BatchOptions {
        rubrics: args.rubric.clone(),
        pass: args.pass,
        details,
    };
    let cohort = grade_files(&files, library, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    let report = match args.format {
        ReportFormat::Table => table::render(&cohort),
        ReportFormat::Json => machine::json(&cohort),
        ReportFormat::Csv => machine::csv(&cohort),
        ReportFormat::Junit => machine::junit(&cohort),
        ReportFormat::Html => html::render(&cohort, "rehearse certification report"),
    };
    match &args.out {
        Some(path) => {
            write_atomically(path, report.as_bytes()).map_err(|e| CliError::io(path, e))?
        }
        None => print!("{report}"),
    }
    Ok(if cohort.all_passed() && !cohort.results.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}
