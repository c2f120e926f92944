//! Saving the transcript as the session goes: after every turn and at the end, with a
//! way out when the disk says no (retry, another folder, or go on and print it at the
//! end), so that no reply is ever lost.

use std::path::{Path, PathBuf};

use colored::Colorize;
use rustyline::Editor;
use rustyline::history::DefaultHistory;

use super::input::SlashCompleter;
use crate::attempt_file::AttemptFile;
use crate::locale::{Messages, fill};
use crate::transcript::Transcript;

/// When a save happens: after a turn the session goes on and saves again; at the end
/// there is no later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    Turn,
    End,
}

/// Saves the transcript. A failed save (a full disk, a removed folder) never ends the
/// session nor loses a reply: the conversation stays in memory, and the trainee is told
/// what failed and may retry, save to another folder from then on, or go on. Returns
/// whether the transcript on disk is now up to date.
pub(super) fn save(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    file: &mut AttemptFile,
    transcript: &Transcript,
    when: When,
    m: &Messages,
) -> bool {
    use std::io::IsTerminal;
    let mut error = match file.save(transcript) {
        Ok(()) => return true,
        Err(error) => error,
    };
    // Piped replies must not be taken for answers to this question.
    let interactive = std::io::stdin().is_terminal();
    loop {
        println!(
            "{} {}",
            "!".red().bold(),
            fill(m.save_failed, &[&file.path().display(), &error])
        );
        if !interactive {
            return false;
        }
        println!("{}", m.nothing_lost);
        println!("{}", m.save_retry);
        println!("{}", m.save_folder);
        match when {
            When::Turn => println!("{}", m.save_later),
            When::End => println!("{}", m.save_give_up),
        }
        let answer = match editor.readline(m.save_prompt) {
            Ok(answer) => answer.trim().to_string(),
            Err(_) => return false,
        };
        let retried = match answer.as_str() {
            "" => return false,
            "r" => file.save(transcript),
            folder => {
                let name = file
                    .path()
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "transcript".into());
                AttemptFile::create_named(Path::new(folder), &name, transcript)
                    .map(|moved| *file = moved)
            }
        };
        match retried {
            Ok(()) => {
                println!("{}", fill(m.saved_again, &[&file.path().display()]));
                return true;
            }
            Err(e) => error = e,
        }
    }
}

/// The last resort when the transcript could not be saved: print it, so that it can be
/// copied from the terminal.
pub(super) fn print_unsaved(transcript: &Transcript, m: &Messages) {
    match crate::yaml::to_string(transcript) {
        Ok(text) => println!("\n{}\n{text}---", m.unsaved),
        Err(error) => println!("{}", fill(m.unprintable, &[&error])),
    }
}

/// The folder and name (without `.yaml`) for attempt `n` of a session saved at `path`.
pub(super) fn numbered(path: &Path, n: usize) -> (PathBuf, String) {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("transcript");
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    (folder, format!("{stem}.attempt-{n}"))
}
