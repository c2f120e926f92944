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

use std::path::PathBuf;
use std::time::Instant;

use colored::Colorize;
use rustyline::Editor;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use crate::attempt_file::{AttemptFile, NewFile};
use crate::customer::{Conversation, RunInfo};
use crate::grading::{Coach, Grader, Moment};
use crate::locale::{fill, messages};
use crate::report::text::{Finish, scorecard_summary, summary};
use crate::scenario::{Channel, Ending, Scenario};
use crate::transcript::{Line, Mode, Transcript};

mod coaching;
mod input;
mod saving;

use coaching::{Shown, hint, say_coaching};
pub use input::{SlashCompleter, editor, history_file};
use input::{confirm_leave, read_reply};
use saving::{When, numbered, print_unsaved, save};

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

fn now() -> String {
    crate::commands::run::now()
}
