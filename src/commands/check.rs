//! `rehearse check`: validate scenarios and rubrics and print every problem.

use crate::cli::{CheckArgs, CliError, Colors, Outcome, TextOrJson};
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::library::Library;

/// Runs `check`.
pub fn run(args: &CheckArgs, settings: &Settings, colors: Colors) -> Result<Outcome, CliError> {
    let explicit = !args.paths.is_empty();
    // Without paths: the project's scenarios and rubrics, and the extra folders.
    let targets = if explicit {
        args.paths.clone()
    } else {
        settings.context_folders()
    };
    super::expect_paths(&targets)?;
    // Built-ins and the project's folders are read too, so references to their rubrics
    // resolve; when paths are given, only problems in those files are reported.
    let library = Library::load_with_context(&targets, &settings.context_folders());
    let shown: Vec<_> = library
        .diagnostics
        .iter()
        .filter(|d| {
            d.file.as_ref().is_none_or(|f| {
                if explicit {
                    super::is_target(&f.origin, &targets)
                } else {
                    true
                }
            })
        })
        .collect();
    let files = if explicit {
        library.target_files
    } else {
        library.files_read
    };
    let errors = shown.iter().filter(|d| d.is_error()).count();
    let warnings = shown.iter().filter(|d| d.is_warning()).count();
    // A note stands for an error in a file not being checked (a rubric that did not
    // load): the checked file cannot be used either, so the check fails.
    let notes = shown.len() - errors - warnings;
    match args.format {
        TextOrJson::Json => {
            let json = serde_json::json!({
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "notes": notes,
                "diagnostics": shown.iter().map(|d| d.to_json()).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        TextOrJson::Text => {
            for line in limit_per_file(&shown, ERRORS_SHOWN_PER_FILE) {
                match line {
                    Shown::Diagnostic(diagnostic) => {
                        println!("{}", diagnostic.render(colors.stdout))
                    }
                    Shown::More { count, file } => println!(
                        "… {count} more error{} in {file} (`--format json` lists them all)\n",
                        plural(count)
                    ),
                }
            }
            let notes = match notes {
                0 => String::new(),
                n => format!(", {n} note{}", plural(n)),
            };
            println!(
                "checked {} file{}: {} error{}, {} warning{}{notes}",
                files,
                plural(files),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            );
        }
    }
    Ok(if library.unreadable > 0 {
        Outcome::Usage
    } else if errors > 0 || notes > 0 || (args.strict && warnings > 0) {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

/// How many errors of one file are printed as text; a file with more is likely not what
/// it seems (the wrong kind, an old format), and a screenful of the same mistake hides
/// the other files' problems.
pub const ERRORS_SHOWN_PER_FILE: usize = 20;

/// One line of `check`'s text output.
#[derive(Debug)]
pub enum Shown<'d> {
    /// A problem, printed in full.
    Diagnostic(&'d Diagnostic),
    /// The errors of `file` past the limit, counted.
    More {
        /// How many were left out.
        count: usize,
        /// Which file.
        file: String,
    },
}

/// The diagnostics to print: at most `limit` errors per file (warnings and notes always),
/// each file's count of the rest right after its last printed problem.
pub fn limit_per_file<'d>(diagnostics: &[&'d Diagnostic], limit: usize) -> Vec<Shown<'d>> {
    let name = |d: &Diagnostic| d.file.as_ref().map(|f| f.name.clone());
    let mut errors_seen: Vec<(Option<String>, usize)> = Vec::new();
    let mut kept: Vec<&Diagnostic> = Vec::new();
    for &diagnostic in diagnostics {
        let file = name(diagnostic);
        let index = match errors_seen.iter().position(|(f, _)| *f == file) {
            Some(index) => index,
            None => {
                errors_seen.push((file, 0));
                errors_seen.len() - 1
            }
        };
        if diagnostic.is_error() {
            errors_seen[index].1 += 1;
            if errors_seen[index].1 > limit {
                continue;
            }
        }
        kept.push(diagnostic);
    }
    let mut lines = Vec::new();
    for (i, &diagnostic) in kept.iter().enumerate() {
        lines.push(Shown::Diagnostic(diagnostic));
        let file = name(diagnostic);
        let last_of_file = kept[i + 1..].iter().all(|d| name(d) != file);
        let total = errors_seen
            .iter()
            .find(|(f, _)| *f == file)
            .map_or(0, |(_, n)| *n);
        if last_of_file && total > limit {
            lines.push(Shown::More {
                count: total - limit,
                file: file.unwrap_or_default(),
            });
        }
    }
    lines
}

/// "s" unless exactly one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
