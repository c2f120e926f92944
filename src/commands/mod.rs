//! One module per command. Each takes its parsed arguments, calls the engine, renders the
//! result and returns an [`Outcome`]; none of them decides a score.

pub mod calibrate;
pub mod check;
pub mod completions;
pub mod explain;
pub mod grade;
pub mod list;
pub mod man;
pub mod new;
pub mod out_file;
pub mod play;
pub mod run;
pub mod schema;
pub mod test;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, CliError, Colors, Command, Outcome};
use crate::config::{Flags, Settings};
use crate::library::Library;

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> Result<Outcome, CliError> {
    // Commands that read no scenario, rubric or setting work even where rehearse.toml is
    // broken, so a user can still get help to fix it.
    match cli.command {
        Command::New(args) => return new::run(&args),
        Command::Schema(args) => return schema::run(&args),
        Command::Completions(args) => return completions::run(&args),
        Command::Man => return man::run(),
        _ => {}
    }
    extra_folders_exist(&cli.dirs)?;
    if watching(&cli.command)? {
        return Ok(watched(&cli));
    }
    let settings = settings(&cli)?;
    let colors = Colors::decide(settings.color_flag, settings.color_file);
    let folders = settings.library_folders();
    match cli.command {
        Command::List(args) => list::run(&args, &load(&folders, colors)),
        Command::Play(mut args) => {
            args.trainee_id = args.trainee_id.or(settings.trainee_id.clone());
            play::run(&args, &load(&folders, colors))
        }
        Command::Run(mut args) => {
            args.trainee_id = args.trainee_id.or(settings.trainee_id.clone());
            run::run(&args, &load(&folders, colors))
        }
        Command::Grade(mut args) => {
            args.pass = args.pass.or(settings.pass_mark);
            grade::run(&args, &load(&folders, colors))
        }
        Command::Check(args) => check::run(&args, &settings, colors),
        Command::Test(args) => test::run(&args, &settings, colors),
        Command::Explain(args) => explain::run(&args, &folders, colors),
        Command::Calibrate(args) => calibrate::run(&args, &load(&folders, colors), colors),
        Command::New(_) | Command::Schema(_) | Command::Completions(_) | Command::Man => {
            unreachable!("handled above")
        }
    }
}

/// Whether the command is to be watched (`--watch`); refuses what cannot be watched.
fn watching(command: &Command) -> Result<bool, CliError> {
    let (watch, stdin) = match command {
        Command::Check(args) => (
            args.watch,
            args.paths.iter().any(|p| crate::source::is_stdin(p)),
        ),
        Command::Test(args) => (
            args.watch,
            args.paths.iter().any(|p| crate::source::is_stdin(p)),
        ),
        Command::Explain(args) => (
            args.watch,
            args.reply
                .as_deref()
                .is_none_or(|r| r == crate::source::STDIN),
        ),
        _ => (false, false),
    };
    if watch && stdin {
        return Err(CliError::Usage(
            "--watch re-reads files, and standard input can be read only once: give files, and explain's reply as an argument".into(),
        ));
    }
    Ok(watch)
}

/// `check`, `test` or `explain` with `--watch`: run, then again on every change to what
/// was read (see [`crate::watch`]). Settings are read afresh each time, so a change to
/// rehearse.toml counts like any other, and a broken one is reported and waited on.
fn watched(cli: &Cli) -> Outcome {
    crate::watch::watch(|read| {
        // rehearse.toml as it is found now, and where one would be made.
        read.push(PathBuf::from(crate::config::FILE_NAME));
        if let Ok(cwd) = std::env::current_dir()
            && let Ok(Some((path, _))) = crate::config::find(&cwd)
        {
            read.push(path);
        }
        // The command's own paths before the settings, which may fail to load.
        match &cli.command {
            Command::Check(args) => read.extend(args.paths.iter().cloned()),
            Command::Test(args) => read.extend(args.paths.iter().cloned()),
            Command::Explain(args) => read.extend(
                args.rubric
                    .iter()
                    .filter(|r| explain::looks_like_a_path(r))
                    .map(PathBuf::from),
            ),
            _ => {}
        }
        let settings = settings(cli)?;
        read.extend(settings.paths_read());
        let colors = Colors::decide(settings.color_flag, settings.color_file);
        match &cli.command {
            Command::Check(args) => check::run(args, &settings, colors),
            Command::Test(args) => test::run(args, &settings, colors),
            Command::Explain(args) => explain::run(args, &settings.library_folders(), colors),
            _ => unreachable!("only check, test and explain are watched"),
        }
    })
}

/// The settings for this run: flags, environment, rehearse.toml (see [`crate::config`]).
fn settings(cli: &Cli) -> Result<Settings, CliError> {
    let flags = Flags {
        dirs: cli.dirs.clone(),
        color: cli.color,
    };
    let cwd = std::env::current_dir().map_err(|e| CliError::io(Path::new("."), e))?;
    Settings::resolve(&flags, |name| std::env::var_os(name), &cwd)
        .map_err(|d| CliError::Config(Box::new(d)))
}

/// Refuses a `--dir` that is not there: the user asked for those scenarios and rubrics,
/// and going on without them would run with something else.
fn extra_folders_exist(dirs: &[PathBuf]) -> Result<(), CliError> {
    for dir in dirs {
        if !dir.exists() {
            return Err(CliError::Usage(format!(
                "--dir {}: no such folder",
                dir.display()
            )));
        }
        crate::source::expect_file(dir, true)?;
    }
    Ok(())
}

/// Refuses `--rubric` ids the library does not have, with a did-you-mean.
pub fn known_rubrics(library: &Library, ids: &[String]) -> Result<(), CliError> {
    for id in ids {
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
    Ok(())
}

/// Refuses paths a command cannot read at all, before anything is loaded: a path that is
/// not there, or is neither a file nor a folder (a pipe would keep the read waiting), or
/// `-` given twice. Exit status 2, the same for every command that takes paths.
pub fn expect_paths(paths: &[PathBuf]) -> Result<(), CliError> {
    stdin_at_most_once(paths)?;
    for path in paths {
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
    Ok(())
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

/// Whether a loaded file is one of `targets` or inside one of them: what `check` and
/// `test` report on when given paths (other folders are only read for context).
pub fn is_target(origin: &crate::source::Origin, targets: &[PathBuf]) -> bool {
    let crate::source::Origin::Disk(path) = origin else {
        return false;
    };
    let canonical = path.canonicalize().ok();
    targets.iter().any(|target| {
        path.starts_with(target)
            || match (&canonical, target.canonicalize()) {
                (Some(file), Ok(target)) => file.starts_with(target),
                _ => false,
            }
    })
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
