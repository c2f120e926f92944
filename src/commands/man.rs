//! `rehearse man`: the man page (roff), generated from the clap definitions so it says
//! what `--help` says.

use clap::CommandFactory;

use crate::cli::{Cli, CliError, Outcome};

/// Runs `man`.
pub fn run() -> Result<Outcome, CliError> {
    let page = clap_mangen::Man::new(Cli::command());
    let mut out = std::io::stdout().lock();
    page.render(&mut out)
        .map_err(|e| CliError::io(std::path::Path::new("<stdout>"), e))?;
    Ok(Outcome::Success)
}
