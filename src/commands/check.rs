//! `rehearse check`: validate scenarios and rubrics and print every problem.

use crate::cli::{CheckArgs, CliError, Colors, Outcome, TextOrJson};
use crate::library::Library;
use crate::source::Origin;

/// Runs `check`.
pub fn run(
    args: &CheckArgs,
    dirs: &[std::path::PathBuf],
    colors: Colors,
) -> Result<Outcome, CliError> {
    let explicit = !args.paths.is_empty();
    let mut paths = if explicit {
        args.paths.clone()
    } else {
        super::default_paths()
    };
    paths.extend(dirs.iter().cloned());
    super::stdin_at_most_once(&paths)?;
    for path in &paths {
        if crate::source::is_stdin(path) {
            continue;
        }
        if !path.exists() {
            return Err(CliError::Usage(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
        crate::source::expect_file(path, true)?;
    }
    // Built-ins are always loaded so references to built-in rubrics resolve; when paths are
    // given, only problems in those files are reported.
    let library = Library::load(&paths, true);
    let shown: Vec<_> = library
        .diagnostics
        .iter()
        .filter(|d| !explicit || d.file.as_ref().is_none_or(|f| f.origin != Origin::BuiltIn))
        .collect();
    let files = if explicit {
        library.files_read - library.builtin_files
    } else {
        library.files_read
    };
    let errors = shown.iter().filter(|d| d.is_error()).count();
    let warnings = shown.len() - errors;
    match args.format {
        TextOrJson::Json => {
            let json = serde_json::json!({
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": shown.iter().map(|d| d.to_json()).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        TextOrJson::Text => {
            for diagnostic in &shown {
                println!("{}", diagnostic.render(colors.stdout));
            }
            println!(
                "checked {} file{}: {} error{}, {} warning{}",
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
    } else if errors > 0 || (args.strict && warnings > 0) {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

/// "s" unless exactly one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
