//! The practice REPL: the brief, the customer's lines, the trainee's replies, live
//! coaching, slash commands, and a transcript saved after every turn so that Ctrl-C,
//! Ctrl-D, a closed terminal or a crash keeps everything said so far.

use std::path::{Path, PathBuf};
use std::time::Instant;

use colored::Colorize;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Editor, Helper};

use crate::attempt_file::{AttemptFile, NewFile};
use crate::customer::{Conversation, RunInfo};
use crate::grading::Grader;
use crate::report::text::scorecard_summary;
use crate::scenario::{Channel, Scenario};
use crate::transcript::{Line, Mode};

/// Slash commands, for /help and tab completion.
pub const COMMANDS: &[(&str, &str)] = &[
    ("/help", "show these commands"),
    ("/hint", "a suggestion for your next reply (practice only)"),
    ("/repeat", "show the customer's last words again"),
    ("/score", "your score so far (practice only)"),
    ("/transcript", "the conversation so far"),
    (
        "/restart",
        "start the conversation again (the current one is saved as abandoned)",
    ),
    ("/quit", "stop now; the transcript is kept"),
];

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
        let matches = COMMANDS
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

/// A line editor reading from the terminal (or plain lines when stdin is not one).
pub fn editor() -> Result<Editor<SlashCompleter, DefaultHistory>, ReadlineError> {
    let mut editor = Editor::new()?;
    editor.set_helper(Some(SlashCompleter));
    if let Some(path) = history_path() {
        let _ = editor.load_history(&path);
    }
    Ok(editor)
}

fn history_path() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("rehearse");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history.txt"))
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
        println!("{} {}", speaker(line, customer), line.text);
    }
}

/// Prints the brief.
pub fn show_brief(scenario: &Scenario, mode: Mode) {
    println!("{}", format!("== {} ==", scenario.title).bold());
    println!(
        "{} customer · {} · difficulty {}/5 · {}",
        scenario.persona.name(),
        scenario.channel.name(),
        scenario.difficulty,
        if mode == Mode::Exam {
            "EXAM: no coaching"
        } else {
            "practice"
        }
    );
    println!();
    let values = scenario.placeholder_values();
    println!(
        "{}",
        crate::scenario::expand(scenario.brief.trim_end(), &values)
    );
    if !scenario.customer.history.is_empty() {
        println!("\n{}", "Customer history:".bold());
        for item in &scenario.customer.history {
            println!("  - {}", crate::scenario::expand(item, &values));
        }
    }
    println!();
    let how = if scenario.channel == Channel::Email {
        "Write your reply; finish it with an empty line."
    } else {
        "Type your reply and press Enter."
    };
    println!("{} {}\n", how, "/help lists commands.".dimmed());
}

/// Plays one scenario until it ends or the trainee stops.
pub fn play(
    scenario: &Scenario,
    grader: &Grader,
    session: &Session,
    info: RunInfo,
) -> Result<SessionEnd, std::io::Error> {
    let mut editor = editor().map_err(std::io::Error::other)?;
    let mut conversation = Conversation::start(scenario, grader, info.clone());
    let mut restarts = 0;
    let file = AttemptFile::create(&session.out, conversation.transcript())?;
    show_brief(scenario, session.mode);
    say(conversation.pending(), &scenario.customer.name);
    let exam = session.mode == Mode::Exam;
    let result = loop {
        let asked = Instant::now();
        let reply = match read_reply(&mut editor, scenario.channel == Channel::Email) {
            Ok(reply) => reply,
            Err(ReadlineError::Interrupted) | Err(ReadlineError::Eof) => {
                break SessionEnd::Abandoned;
            }
            Err(error) => {
                conversation.abandon(now());
                file.save(conversation.transcript())?;
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
                    for (name, what) in COMMANDS {
                        println!("  {name:<12} {what}");
                    }
                }
                "/hint" if exam => println!("{}", "No hints in an exam.".dimmed()),
                "/hint" => println!("{}", hint(&conversation)),
                "/repeat" => say(conversation.pending(), &scenario.customer.name),
                "/score" if exam => {
                    println!("{}", "The score is shown at the end of an exam.".dimmed())
                }
                "/score" => print!(
                    "{}",
                    scorecard_summary(
                        &conversation.score(),
                        colored::control::SHOULD_COLORIZE.should_colorize()
                    )
                ),
                "/transcript" => {
                    for turn in &conversation.transcript().turns {
                        say(&turn.customer, &scenario.customer.name);
                        println!("{} {}", "you:".green().bold(), turn.reply);
                    }
                    say(conversation.pending(), &scenario.customer.name);
                }
                "/restart" => {
                    conversation.abandon(now());
                    restarts += 1;
                    // The abandoned attempt moves to a file of its own; this session's
                    // file goes on with the new conversation.
                    let (folder, name) = numbered(file.path(), restarts);
                    let kept =
                        AttemptFile::create_named(&folder, &name, conversation.transcript())?;
                    println!(
                        "{}",
                        format!("(previous attempt saved to {})", kept.path().display()).dimmed()
                    );
                    conversation = Conversation::start(
                        scenario,
                        grader,
                        RunInfo {
                            started: now(),
                            ..info.clone()
                        },
                    );
                    println!();
                    say(conversation.pending(), &scenario.customer.name);
                    file.save(conversation.transcript())?;
                }
                "/quit" => break SessionEnd::Abandoned,
                other => println!("unknown command {other}; /help lists them"),
            }
            continue;
        }
        let _ = editor.add_history_entry(trimmed);
        let exchange = conversation.reply(trimmed, Some(latency));
        file.save(conversation.transcript())?;
        if !exam {
            coach(&exchange);
        }
        say(&exchange.said, &scenario.customer.name);
        if exchange.ending.is_some() {
            conversation.finish(now());
            file.save(conversation.transcript())?;
            let card = conversation.score();
            println!("\n[{}]\n", exchange.ending.map(|e| e.name()).unwrap_or(""));
            print!(
                "{}",
                scorecard_summary(&card, colored::control::SHOULD_COLORIZE.should_colorize())
            );
            break SessionEnd::Finished {
                passed: card.passed,
            };
        }
    };
    if result == SessionEnd::Abandoned {
        conversation.abandon(now());
        file.save(conversation.transcript())?;
        println!(
            "\n[stopped: {} replies kept]",
            conversation.transcript().turns.len()
        );
        if !exam && !conversation.transcript().turns.is_empty() {
            print!(
                "{}",
                scorecard_summary(
                    &conversation.score(),
                    colored::control::SHOULD_COLORIZE.should_colorize()
                )
            );
        }
    }
    if let Some(path) = history_path() {
        let _ = editor.save_history(&path);
    }
    println!("\ntranscript saved to {}", file.path().display());
    Ok(result)
}

fn read_reply(
    editor: &mut Editor<SlashCompleter, DefaultHistory>,
    multi_line: bool,
) -> Result<String, ReadlineError> {
    let first = editor.readline("you> ")?;
    if !multi_line || first.trim().is_empty() || first.trim_start().starts_with('/') {
        return Ok(first);
    }
    let mut text = first;
    loop {
        match editor.readline("...> ") {
            Ok(line) if line.trim().is_empty() => return Ok(text),
            Ok(line) => {
                text.push('\n');
                text.push_str(&line);
            }
            Err(ReadlineError::Eof) => return Ok(text),
            Err(e) => return Err(e),
        }
    }
}

fn coach(exchange: &crate::customer::Exchange) {
    let a = &exchange.assessment;
    let names = |list: &[String]| {
        list.iter()
            .map(|s| s.rsplit('.').next().unwrap_or(s).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !a.shown.is_empty() {
        println!("  {} {}", "✓".green(), names(&a.shown).green());
    }
    for v in &a.violations {
        println!("  {} \"{}\": {}", "✗".red(), v.text.red(), v.note);
    }
    for g in &a.gaming {
        println!("  {} {}", "!".red().bold(), g.note);
    }
    if let Some((_, miss, suggest)) = a.missed.first() {
        match suggest {
            Some(s) => println!(
                "  {} {} {}",
                "→".yellow(),
                miss,
                format!("Try: \"{s}\"").italic()
            ),
            None => println!("  {} {}", "→".yellow(), miss),
        }
    }
    let (before, after) = exchange.mood;
    if before != after {
        let arrow = if after < before {
            "calmer".green()
        } else {
            "more upset".red()
        };
        println!(
            "  {}",
            format!("(mood {before} → {after}: {arrow})").dimmed()
        );
    }
    println!();
}

fn hint(conversation: &Conversation<'_>) -> String {
    // What would be missing if the next reply said nothing: the most valuable gap now.
    let card = conversation.score_with_next("");
    let top = card.top_feedback(1);
    match top.first() {
        Some(skill) => match &skill.suggest {
            Some(s) => format!("{}: {}\n  try: \"{s}\"", skill.name, skill.feedback),
            None => format!("{}: {}", skill.name, skill.feedback),
        },
        None => "You're doing well: keep listening and move toward a solution.".to_string(),
    }
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
