//! One module per command. Each takes its parsed arguments, calls the engine, renders the
//! result and returns an [`Outcome`]; none of them decides a score.

pub mod calibrate;
pub mod check;
pub mod explain;
pub mod grade;
pub mod list;
pub mod new;
pub mod out_file;
pub mod play;
pub mod run;
pub mod schema;
pub mod test;

use std::path::PathBuf;

use crate::cli::{Cli, CliError, Colors, Command, Outcome};
use crate::library::Library;

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> Result<Outcome, CliError> {
    let colors = Colors::decide(cli.color);
    match cli.command {
        Command::List(args) => list::run(&args, &load(&cli.dirs, colors)),
        Command::Play(args) => play::run(&args, &load(&cli.dirs, colors)),
        Command::Run(args) => run::run(&args, &load(&cli.dirs, colors)),
        Command::Grade(args) => grade::run(&args, &load(&cli.dirs, colors)),
        Command::Check(args) => check::run(&args, &cli.dirs, colors),
        Command::Test(args) => test::run(&args, &cli.dirs, colors),
        Command::Explain(args) => explain::run(&args, &cli.dirs, colors),
        Command::Calibrate(args) => calibrate::run(&args, &load(&cli.dirs, colors), colors),
        Command::New(args) => new::run(&args),
        Command::Schema(args) => schema::run(&args),
    }
}

/// The built-ins plus `--dir` folders; errors in those folders are shown on stderr (the
/// rest still loads).
pub fn load(dirs: &[PathBuf], colors: Colors) -> Library {
    let library = Library::load(dirs, true);
    for diagnostic in library.diagnostics.iter().filter(|d| d.is_error()) {
        eprint!("{}", diagnostic.render(colors.stderr));
    }
    library
}

/// The default paths of `check` and `test`: ./scenarios and ./rubrics when present.
pub fn default_paths() -> Vec<PathBuf> {
    ["scenarios", "rubrics"]
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .collect()
}

/// Refuses `-` (standard input) named twice: the second read would find it empty.
pub fn stdin_at_most_once(paths: &[PathBuf]) -> Result<(), CliError> {
    if paths.iter().filter(|p| crate::source::is_stdin(p)).count() > 1 {
        return Err(CliError::Usage(
            "`-` (standard input) can be given only once".into(),
        ));
    }
    Ok(())
}

/// The exam key from the environment, for commands that sign or check exams.
pub fn exam_key() -> Result<Option<crate::signature::ExamKey>, CliError> {
    crate::signature::ExamKey::from_env().map_err(|e| CliError::Usage(e.to_string()))
}

/// `--trainee-id` as recorded: trimmed, and none when blank.
pub fn trainee_id(given: Option<&str>) -> Option<String> {
    given
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(String::from)
}

/// Looks a scenario up by id with a did-you-mean on failure.
pub fn find_scenario<'l>(
    library: &'l Library,
    id: &str,
) -> Result<&'l crate::scenario::Scenario, CliError> {
    library.scenario(id).ok_or_else(|| {
        let hint = match library.suggest_scenario(id) {
            Some(best) => format!(" (did you mean `{best}`?)"),
            None => " (`rehearse list` shows them)".to_string(),
        };
        CliError::Usage(format!("no scenario has the id `{id}`{hint}"))
    })
}
