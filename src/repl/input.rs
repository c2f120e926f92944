//! What the trainee types: the line editor (slash-command completion, Ctrl-C that clears
//! a line before it interrupts), their own line history, a reply over one line or, for
//! email, several, and the question before leaving.

use std::path::PathBuf;

use colored::Colorize;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{
    Cmd, ConditionalEventHandler, Editor, Event, EventContext, EventHandler, Helper, KeyEvent,
    Movement, RepeatCount,
};

use super::wrap;
use crate::attempt_file::slug;
use crate::locale::{EN, Messages};

/// Completes slash commands.
pub struct SlashCompleter;

impl Completer for SlashCompleter {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let typed = &line[..pos];
        if !typed.starts_with('/') || typed.contains(' ') {
            return Ok((0, Vec::new()));
        }
        // Command names are the same in every language.
        let matches = EN
            .commands
            .iter()
            .filter(|(name, _)| name.starts_with(typed))
            .map(|(name, _)| Pair {
                display: name.to_string(),
                replacement: name.to_string(),
            })
            .collect();
        Ok((0, matches))
    }
}

impl Hinter for SlashCompleter {
    type Hint = String;
}
impl Highlighter for SlashCompleter {}
impl Validator for SlashCompleter {}
impl Helper for SlashCompleter {}

/// Ctrl-C clears a half-typed line and stays at the prompt; only on an empty line does it
/// interrupt (and `play` then asks before leaving), so one key too many never ends a
/// session. The cleared text can be brought back with Ctrl-Y.
struct ClearOrInterrupt;

impl ConditionalEventHandler for ClearOrInterrupt {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        if ctx.line().is_empty() {
            Some(Cmd::Interrupt)
        } else {
            Some(Cmd::Kill(Movement::WholeLine))
        }
    }
}

/// A line editor reading from the terminal (or plain lines when stdin is not one), with
/// an empty history.
pub fn editor() -> Result<Editor<SlashCompleter, DefaultHistory>, ReadlineError> {
    let mut editor = Editor::new()?;
    editor.set_helper(Some(SlashCompleter));
    editor.bind_sequence(
        KeyEvent::ctrl('C'),
        EventHandler::Conditional(Box::new(ClearOrInterrupt)),
    );
    Ok(editor)
}

/// The trainee's own history file, in the trainee's folder of the user's data folder
/// (`…/rehearse/trainees/ID-OR-NAME/history.txt`): one trainee never recalls another's
/// replies on a shared account. `trainee` is the trainee id, or the name without one.
pub fn history_file(trainee: &str) -> Option<PathBuf> {
    let folder = dirs::data_dir()?.join("rehearse").join("trainees");
    Some(folder.join(slug(trainee)).join("history.txt"))
}

/// Ctrl-C on an empty line: leaving is one more key away (a second Ctrl-C, Ctrl-D or
/// `y`), not one keystroke too many. Returns whether to leave.
pub(super) fn confirm_leave(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    m: &Messages,
) -> bool {
    match editor.readline(m.leave) {
        Ok(answer) => {
            let answer = answer.trim().to_lowercase();
            let leave = matches!(answer.as_str(), "y" | "yes") || m.leave_yes.contains(&&*answer);
            if !leave {
                wrapln!("{}", m.staying.dimmed());
            }
            leave
        }
        Err(_) => true,
    }
}

/// One reply. An email (`multi_line`) goes on over several lines, blank ones included,
/// until a line holding just `.` or `/send`, or Ctrl-D on an empty line; Ctrl-C on an
/// empty line drops the draft (an empty reply, which sends nothing). A first line that is
/// a slash command is the whole input.
pub(super) fn read_reply(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    multi_line: bool,
    m: &Messages,
) -> Result<String, ReadlineError> {
    let first = editor.readline(m.prompt)?;
    if multi_line && is_send(&first) {
        return Ok(String::new());
    }
    if !multi_line || first.trim().is_empty() || first.trim_start().starts_with('/') {
        return Ok(first);
    }
    let mut text = first;
    loop {
        match editor.readline(m.email_more) {
            Ok(line) if is_send(&line) => return Ok(text),
            Ok(line) => {
                text.push('\n');
                text.push_str(&line);
            }
            Err(ReadlineError::Eof) => return Ok(text),
            Err(ReadlineError::Interrupted) => {
                wrapln!("{}", m.draft_dropped.dimmed());
                return Ok(String::new());
            }
            Err(e) => return Err(e),
        }
    }
}

/// A line that sends the email being written.
fn is_send(line: &str) -> bool {
    matches!(line.trim(), "." | "/send")
}
