//! The practice REPL: the brief, the customer's lines, the trainee's replies, live
//! coaching, slash commands, and a transcript saved after every turn so that Ctrl-C,
//! Ctrl-D, a closed terminal or a crash keeps everything said so far.

pub mod timer;
pub mod wrap;

/// `println!`, wrapped to the terminal's width (see [`wrap::fit`]).
macro_rules! wrapln {
    ($($arg:tt)*) => {
        println!("{}", wrap::fit(&format!($($arg)*)))
    };
}

use std::path::{Path, PathBuf};
use std::time::Instant;

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

use crate::attempt_file::{AttemptFile, NewFile, slug};
use crate::customer::{Conversation, Exchange, RunInfo};
use crate::grading::{Coach, Grader, Moment};
use crate::locale::{EN, Messages, fill, messages};
use crate::report::text::{Finish, scorecard_summary, summary};
use crate::scenario::{Channel, Ending, Scenario};
use crate::transcript::{Line, Mode, Transcript};

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

/// Settings for one session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Practice or exam.
    pub mode: Mode,
    /// Where the transcript goes: a file this session creates and alone writes.
    pub out: NewFile,
    /// The trainee's own line history (Up-arrow recall); `None` keeps none (exams).
    pub history: Option<PathBuf>,
    /// Signs every save of an exam (`REHEARSE_EXAM_KEY`); `None` signs nothing.
    pub key: Option<crate::signature::ExamKey>,
}

impl Session {
    /// The transcript as it is saved: signed when the session has a key, so that every
    /// save (an exam cut off mid-way included) carries a signature over what it holds.
    fn signed<'t>(&self, transcript: &'t Transcript) -> std::borrow::Cow<'t, Transcript> {
        match &self.key {
            Some(key) => {
                let mut signed = transcript.clone();
                signed.signature = Some(key.sign(transcript));
                std::borrow::Cow::Owned(signed)
            }
            None => std::borrow::Cow::Borrowed(transcript),
        }
    }
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The conversation reached an ending; whether the run passed.
    Finished {
        /// Passed.
        passed: bool,
    },
    /// Quit, Ctrl-C or Ctrl-D.
    Abandoned,
}

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

fn speaker(line: &Line, customer: &str) -> String {
    let name = format!("{}:", line.speaker);
    if line.interjection.is_some() {
        name.magenta().bold().to_string()
    } else if line.speaker == customer {
        name.cyan().bold().to_string()
    } else {
        name.blue().bold().to_string()
    }
}

fn say(lines: &[Line], customer: &str) {
    for line in lines {
        println!(
            "{}",
            wrap::fit_labelled(&speaker(line, customer), &line.text)
        );
    }
}

/// Prints the brief, in the scenario's language.
pub fn show_brief(scenario: &Scenario, mode: Mode) {
    let m = messages(scenario.language);
    wrapln!("{}", format!("== {} ==", scenario.title).bold());
    let difficulty = scenario.difficulty;
    wrapln!(
        "{}",
        fill(
            m.brief_meta,
            &[
                &m.persona(scenario.persona),
                &m.channel(scenario.channel),
                &difficulty,
                &if mode == Mode::Exam {
                    m.exam
                } else {
                    m.practice
                },
            ],
        )
    );
    println!();
    let values = scenario.placeholder_values();
    let brief = crate::scenario::expand(scenario.brief.trim_end(), &values);
    println!("{}", wrap::fit_prose(&brief));
    if !scenario.customer.history.is_empty() {
        println!("\n{}", m.customer_history.bold());
        for item in &scenario.customer.history {
            wrapln!("  - {}", crate::scenario::expand(item, &values));
        }
    }
    println!();
    let how = if scenario.channel == Channel::Email {
        m.how_to_email
    } else {
        m.how_to_reply
    };
    wrapln!("{}{}{}", how, m.gap, m.help_hint.dimmed());
    println!();
}

/// Plays one scenario until it ends or the trainee stops.
pub fn play(
    scenario: &Scenario,
    grader: &Grader,
    session: &Session,
    info: RunInfo,
) -> Result<SessionEnd, std::io::Error> {
    let m = messages(scenario.language);
    let mut editor = editor().map_err(std::io::Error::other)?;
    if let Some(path) = &session.history {
        let _ = editor.load_history(path);
    }
    let mut conversation = Conversation::start(scenario, grader, info.clone());
    let mut coach = Coach::new();
    let mut restarts = 0;
    let mut file = AttemptFile::create(&session.out, &session.signed(conversation.transcript()))?;
    show_brief(scenario, session.mode);
    say(conversation.pending(), &scenario.customer.name);
    let exam = session.mode == Mode::Exam;
    // Whether the transcript on disk holds everything said so far.
    let mut saved = true;
    // Since the customer last spoke: the reply's latency, which decides what was said
    // into the silence (and is recorded, so replay says it again). Nothing but a reply or
    // a restart resets it: the customer goes on waiting while the trainee reads /help, a
    // hint or the score, clears a line or drops a draft.
    let mut asked = Instant::now();
    // Whether a timer has printed into the silence since then: the waits it printed, with
    // their cost, are not printed again under the reply that records them.
    let mut timed = false;
    let result = loop {
        let timer = start_timer(&mut editor, &conversation, asked.elapsed(), exam);
        timed |= timer.is_some();
        let read = read_reply(&mut editor, scenario.channel == Channel::Email, m);
        if let Some(timer) = timer {
            timer.stop();
        }
        let reply = match read {
            Ok(reply) => reply,
            Err(ReadlineError::Interrupted) => {
                if confirm_leave(&mut editor, m) {
                    break SessionEnd::Abandoned;
                }
                continue;
            }
            Err(ReadlineError::Eof) => break SessionEnd::Abandoned,
            Err(error) => {
                conversation.abandon(now());
                if !save(
                    &mut editor,
                    &mut file,
                    &session.signed(conversation.transcript()),
                    When::End,
                    m,
                ) {
                    print_unsaved(conversation.transcript(), m);
                }
                return Err(std::io::Error::other(error));
            }
        };
        let latency = asked.elapsed();
        let trimmed = reply.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('/') {
            match trimmed.split_whitespace().next().unwrap_or("") {
                "/help" => {
                    for (name, what) in &m.commands {
                        println!(
                            "{}",
                            wrap::fit_labelled(&format!("  {}", wrap::pad(name, 12)), what)
                        );
                    }
                    println!();
                    let keys: &[(&str, &str)] = if scenario.channel == Channel::Email {
                        &m.keys_email
                    } else {
                        &m.keys
                    };
                    for (key, what) in keys {
                        println!(
                            "{}",
                            wrap::fit_labelled(&format!("  {}", wrap::pad(key, 12)), what)
                        );
                    }
                }
                "/hint" if exam => wrapln!("{}", m.no_hints.dimmed()),
                "/hint" => wrapln!("{}", hint(grader, &conversation, m)),
                "/repeat" => say(conversation.pending(), &scenario.customer.name),
                "/score" if exam => wrapln!("{}", m.score_at_end.dimmed()),
                "/score" => print!(
                    "{}",
                    wrap::fit(&scorecard_summary(
                        &conversation.score(),
                        m,
                        colored::control::SHOULD_COLORIZE.should_colorize()
                    ))
                ),
                "/transcript" => {
                    for turn in &conversation.transcript().turns {
                        say(&turn.customer, &scenario.customer.name);
                        let you = m.you.green().bold().to_string();
                        println!("{}", wrap::fit_labelled(&you, &turn.reply));
                    }
                    say(conversation.pending(), &scenario.customer.name);
                }
                "/restart" if exam => wrapln!("{}", m.no_restarts.dimmed()),
                "/restart" => {
                    // The abandoned attempt moves to a file of its own; this session's
                    // file goes on with the new conversation.
                    let mut kept = conversation.transcript().clone();
                    kept.abandon(now());
                    let (folder, name) = numbered(file.path(), restarts + 1);
                    match AttemptFile::create_named(&folder, &name, &kept) {
                        Ok(kept) => wrapln!(
                            "{}",
                            fill(m.previous_saved, &[&kept.path().display()]).dimmed()
                        ),
                        Err(error) => {
                            // Restarting would drop the only copy of this attempt.
                            let path = folder.join(format!("{name}.yaml"));
                            wrapln!(
                                "{} {}",
                                "!".red().bold(),
                                fill(m.not_restarting, &[&path.display(), &error])
                            );
                            continue;
                        }
                    }
                    restarts += 1;
                    asked = Instant::now();
                    timed = false;
                    conversation = Conversation::start(
                        scenario,
                        grader,
                        RunInfo {
                            started: now(),
                            ..info.clone()
                        },
                    );
                    coach = Coach::new();
                    println!();
                    say(conversation.pending(), &scenario.customer.name);
                    save(
                        &mut editor,
                        &mut file,
                        conversation.transcript(),
                        When::Turn,
                        m,
                    );
                }
                "/quit" => break SessionEnd::Abandoned,
                other => wrapln!("{}", fill(m.unknown_command, &[&other])),
            }
            continue;
        }
        if session.history.is_some() {
            let _ = editor.add_history_entry(trimmed);
        }
        let exchange = conversation.reply(trimmed, Some(latency));
        if exchange.ending.is_some() {
            conversation.finish(now());
        }
        let when = if exchange.ending.is_some() {
            When::End
        } else {
            When::Turn
        };
        saved = save(
            &mut editor,
            &mut file,
            &session.signed(conversation.transcript()),
            when,
            m,
        );
        if !exam {
            let shown = Shown { waits: timed };
            let moment = Moment::after_reply(exchange.ending, conversation.is_over());
            say_coaching(
                &mut coach,
                grader,
                &conversation,
                &exchange,
                moment,
                shown,
                m,
            );
        }
        say(&exchange.said, &scenario.customer.name);
        if exchange.ending.is_some() {
            if conversation.awaits_last_word()
                && exchange.ending.is_some_and(Ending::offers_last_word)
            {
                last_word(
                    &mut editor,
                    &mut conversation,
                    &mut coach,
                    scenario,
                    grader,
                    exam,
                );
                conversation.finish(now());
                saved = save(
                    &mut editor,
                    &mut file,
                    &session.signed(conversation.transcript()),
                    When::End,
                    m,
                );
            }
            let card = conversation.score();
            println!(
                "\n[{}]\n",
                exchange.ending.map(|e| m.ending(e)).unwrap_or("")
            );
            // A call the customer walked out of, or complained about, is never a pass.
            let finish = Finish::of(exchange.ending, &scenario.accepted_endings);
            print!(
                "{}",
                wrap::fit(&summary(
                    &card,
                    finish,
                    m,
                    colored::control::SHOULD_COLORIZE.should_colorize()
                ))
            );
            break SessionEnd::Finished {
                passed: card.passed && finish == Finish::Ended,
            };
        }
        asked = Instant::now();
        timed = false;
    };
    if result == SessionEnd::Abandoned {
        conversation.abandon(now());
        saved = save(
            &mut editor,
            &mut file,
            &session.signed(conversation.transcript()),
            When::End,
            m,
        );
        let kept = conversation.transcript().turns.len();
        println!("\n{}", fill(m.stopped, &[&kept]));
        // An exam left early is INCOMPLETE, as `grade` will report it: say so here too.
        if exam {
            println!("{}", m.incomplete_exam);
        }
        // The score so far, never a pass: the call was left before it ended.
        if !exam && !conversation.transcript().turns.is_empty() {
            print!(
                "{}",
                wrap::fit(&summary(
                    &conversation.score(),
                    Finish::Unfinished,
                    m,
                    colored::control::SHOULD_COLORIZE.should_colorize()
                ))
            );
        }
    }
    if let Some(path) = &session.history {
        // History is a convenience: a folder that cannot be made just means none.
        if let Some(folder) = path.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        let _ = editor.save_history(path);
    }
    if !saved {
        print_unsaved(conversation.transcript(), m);
        return Err(std::io::Error::other(m.not_saved));
    }
    println!("\n{}", fill(m.saved_to, &[&file.path().display()]));
    Ok(result)
}

/// Starts the timer on which waiting people speak while the trainee is silent or typing
/// (only at a terminal, where rustyline can print above the prompt), each line with what
/// it cost in practice. `waited` is how long the trainee has already been silent: lines
/// due before it were said at an earlier prompt, and are not said again. The reply then
/// records the lines due before it (see [`Conversation::nudges`]).
fn start_timer(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    conversation: &Conversation<'_>,
    waited: std::time::Duration,
    exam: bool,
) -> Option<timer::Timer> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let color = colored::control::SHOULD_COLORIZE.should_colorize();
    let schedule = timer::schedule(conversation, waited, !exam, color);
    if schedule.is_empty() {
        return None;
    }
    let printer = editor.create_external_printer().ok()?;
    Some(timer::Timer::start(schedule, printer))
}

/// The trainee's last word after the customer's closing line: one more reply, graded as
/// the last; an empty line, /quit, Ctrl-C or Ctrl-D leave it unsaid. /repeat and /score
/// answer and wait for it; other commands say what is expected.
fn last_word(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    conversation: &mut Conversation<'_>,
    coach: &mut Coach,
    scenario: &Scenario,
    grader: &Grader,
    exam: bool,
) {
    let m = messages(scenario.language);
    wrapln!("{}", m.last_word.dimmed());
    let asked = Instant::now();
    // Commands that only look (the closing lines again, the score so far) keep the last
    // word open; /quit and an empty line leave it unsaid.
    let reply = loop {
        let reply = match read_reply(editor, scenario.channel == Channel::Email, m) {
            Ok(reply) => reply,
            Err(_) => return,
        };
        match reply.split_whitespace().next().unwrap_or("") {
            "" | "/quit" => {
                conversation.finish(now());
                return;
            }
            "/repeat" => say(conversation.pending(), &scenario.customer.name),
            "/score" if !exam => print!(
                "{}",
                wrap::fit(&scorecard_summary(
                    &conversation.score(),
                    m,
                    colored::control::SHOULD_COLORIZE.should_colorize()
                ))
            ),
            command if command.starts_with('/') => wrapln!("{}", m.last_word.dimmed()),
            _ => break reply,
        }
    };
    let trimmed = reply.trim();
    let exchange = conversation.reply(trimmed, Some(asked.elapsed()));
    if !exam {
        // No one waits through the last word: there are no waits to print.
        let shown = Shown { waits: false };
        say_coaching(
            coach,
            grader,
            conversation,
            &exchange,
            Moment::LastWord,
            shown,
            m,
        );
    }
}

/// When a save happens: after a turn the session goes on and saves again; at the end
/// there is no later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Turn,
    End,
}

/// Saves the transcript. A failed save (a full disk, a removed folder) never ends the
/// session nor loses a reply: the conversation stays in memory, and the trainee is told
/// what failed and may retry, save to another folder from then on, or go on. Returns
/// whether the transcript on disk is now up to date.
fn save(
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
fn print_unsaved(transcript: &Transcript, m: &Messages) {
    match crate::yaml::to_string(transcript) {
        Ok(text) => println!("\n{}\n{text}---", m.unsaved),
        Err(error) => println!("{}", fill(m.unprintable, &[&error])),
    }
}

/// Ctrl-C on an empty line: leaving is one more key away (a second Ctrl-C, Ctrl-D or
/// `y`), not one keystroke too many. Returns whether to leave.
fn confirm_leave(editor: &mut Editor<SlashCompleter, DefaultHistory>, m: &Messages) -> bool {
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
fn read_reply(
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

/// What the trainee has already read about a reply before it was sent.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// The waits before it, each with its cost, printed above the prompt by the timer.
    waits: bool,
}

/// Live coaching under a reply: what `grader` makes of it at this moment of the call, for
/// this trainee (their name goes into the suggestions), from the call's `coach`. Each mood change is shown once:
/// a wait the timer printed with its cost is left out here.
fn say_coaching(
    coach: &mut Coach,
    grader: &Grader,
    conversation: &Conversation<'_>,
    exchange: &Exchange,
    moment: Moment,
    shown: Shown,
    m: &Messages,
) {
    let coaching = coach.after_reply(
        grader,
        &exchange.assessment,
        moment,
        conversation.step(),
        &conversation.transcript().trainee,
    );
    let mut exchange = std::borrow::Cow::Borrowed(exchange);
    if shown.waits {
        exchange
            .to_mut()
            .changes
            .retain(|c| !matches!(c.cause, crate::customer::Cause::Waited { .. }));
    }
    let text = crate::report::text::coaching(
        &exchange,
        &coaching,
        m,
        colored::control::SHOULD_COLORIZE.should_colorize(),
    );
    print!("{}", wrap::fit(&text));
}

fn hint(grader: &Grader, conversation: &Conversation<'_>, m: &Messages) -> String {
    // What would be missing if the next reply said nothing, in the order a call goes.
    let next = conversation.assess_with_next("");
    let tip = grader.hint(
        &next,
        conversation.awaits_last_word(),
        &conversation.transcript().trainee,
    );
    // Nothing left to coach, yet the customer grows more upset: the call is looping on
    // something they asked, so "you're doing well" would mislead.
    if tip.is_none()
        && mood_rising(&conversation.transcript().turns)
        && let Some(line) = conversation.pending().last()
    {
        return crate::locale::fill(m.still_waiting, &[&line.text]);
    }
    crate::report::text::hint(tip.as_ref(), m)
}

/// Whether the customer's mood has gone up over the last two replies (or the only one),
/// without a reply between that brought it down.
fn mood_rising(turns: &[crate::transcript::Turn]) -> bool {
    let last = turns.len().saturating_sub(2);
    let recent = &turns[last..];
    !recent.is_empty()
        && recent.iter().all(|t| t.mood_after >= t.mood_before)
        && recent.iter().any(|t| t.mood_after > t.mood_before)
}

/// The folder and name (without `.yaml`) for attempt `n` of a session saved at `path`.
fn numbered(path: &Path, n: usize) -> (PathBuf, String) {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("transcript");
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    (folder, format!("{stem}.attempt-{n}"))
}

fn now() -> String {
    crate::commands::run::now()
}

#[cfg(test)]
mod tests {
    use super::mood_rising;
    use crate::transcript::Turn;

    fn turns(moods: &[(u8, u8)]) -> Vec<Turn> {
        moods
            .iter()
            .map(|&(mood_before, mood_after)| Turn {
                step: "check".into(),
                customer: Vec::new(),
                reply: "Okay.".into(),
                latency_ms: None,
                mood_before,
                mood_after,
            })
            .collect()
    }

    /// `/hint` says what the customer still waits for when their mood has been climbing,
    /// not "you're doing well".
    #[test]
    fn a_climbing_mood_is_noticed_over_the_last_replies() {
        assert!(mood_rising(&turns(&[(3, 3), (3, 4), (4, 6)])));
        assert!(mood_rising(&turns(&[(3, 4)])));
        assert!(mood_rising(&turns(&[(5, 3), (3, 3), (3, 4)])));
        assert!(!mood_rising(&turns(&[])));
        assert!(!mood_rising(&turns(&[(3, 4), (4, 3)])));
        assert!(!mood_rising(&turns(&[(4, 4), (4, 4)])));
    }
}
