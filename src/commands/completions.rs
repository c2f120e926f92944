//! `rehearse completions`: a shell completion script from the clap definitions.
//!
//! Scenario and rubric ids are offered as values where the script lists them (bash, zsh
//! and fish; clap_complete's powershell and elvish scripts list no values): the built-in
//! ids, written into the script when it is generated. Ids from `--dir` folders are still accepted;
//! the shell simply does not offer them.

use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

use crate::cli::{Cli, CliError, CompletionsArgs, Outcome};
use crate::library::Library;

/// The command definition with the built-in ids as possible values of every argument
/// that takes a scenario or a rubric id.
pub fn command_with_ids() -> clap::Command {
    let library = Library::builtin();
    let scenarios: Vec<String> = library.scenarios.iter().map(|s| s.id.clone()).collect();
    let rubrics: Vec<String> = library.rubrics.iter().map(|r| r.id.clone()).collect();
    let ids = |ids: &Vec<String>| PossibleValuesParser::new(ids.clone());
    Cli::command()
        .mut_subcommand("play", |c| {
            c.mut_arg("scenario", |a| a.value_parser(ids(&scenarios)))
        })
        .mut_subcommand("run", |c| {
            c.mut_arg("scenario", |a| a.value_parser(ids(&scenarios)))
        })
        .mut_subcommand("explain", |c| {
            c.mut_arg("scenario", |a| a.value_parser(ids(&scenarios)))
                .mut_arg("rubric", |a| a.value_parser(ids(&rubrics)))
        })
        .mut_subcommand("grade", |c| {
            c.mut_arg("rubric", |a| a.value_parser(ids(&rubrics)))
        })
        .mut_subcommand("calibrate", |c| {
            c.mut_arg("rubric", |a| a.value_parser(ids(&rubrics)))
        })
}

/// Runs `completions`.
pub fn run(args: &CompletionsArgs) -> Result<Outcome, CliError> {
    let mut command = command_with_ids();
    clap_complete::generate(args.shell, &mut command, "rehearse", &mut std::io::stdout());
    Ok(Outcome::Success)
}
