//! The `rehearse` binary: parse arguments, run the command, print any error, exit.

use std::process::ExitCode;

use clap::Parser;
use rehearse::cli::{Cli, CliError};

/// Grading allocates many small, short-lived buffers per reply, from several threads in
/// batch runs; mimalloc serves those faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match rehearse::commands::dispatch(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(CliError::Invalid(diagnostic)) => {
            eprint!("{}", diagnostic.render(false));
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
