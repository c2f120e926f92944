//! The `rehearse` binary: parse arguments, run the command, print any error, exit.

use std::process::ExitCode;

use clap::Parser;
use rehearse::cli::{Cli, CliError};

/// Grading allocates many small, short-lived buffers per reply, from several threads in
/// batch runs; mimalloc serves those faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    end_quietly_on_closed_stdout();
    let cli = Cli::parse();
    match rehearse::commands::dispatch(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(CliError::Invalid(diagnostic)) => {
            eprint!("{}", diagnostic.render(false));
            ExitCode::from(1)
        }
        Err(CliError::Unreadable(diagnostic) | CliError::Config(diagnostic)) => {
            eprint!("{}", diagnostic.render(false));
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Rust starts programs with SIGPIPE ignored, so every print to a closed pipe
/// (`rehearse list | head -1`) is an error, and `println!` panics on it (exit 101). The
/// default action ends the process silently instead, as it ends `cat` or `grep`: for
/// every command and every writer (reports, the REPL, diagnostics on stderr) at once,
/// rather than threading a "reader went away" error through each print.
fn end_quietly_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is
    // a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
