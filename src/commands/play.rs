//! `rehearse play`: pick a scenario, ask the trainee's name once, run the REPL.

use std::path::PathBuf;

use rustyline::error::ReadlineError;

use crate::attempt_file::{NewFile, slug};
use crate::cli::{CliError, Outcome, PlayArgs};
use crate::customer::RunInfo;
use crate::grading::Grader;
use crate::library::Library;
use crate::locale::{environment_language, fill, messages};
use crate::repl::{self, Session, SessionEnd};
use crate::scenario::Language;
use crate::transcript::{Mode, RubricRef};

/// Runs `play`.
pub fn run(args: &PlayArgs, library: &Library) -> Result<Outcome, CliError> {
    // Without a terminal the name prompt meets the end of input and the run ends unseen.
    if args.trainee.is_none() && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(CliError::Usage("`rehearse play` asks for the trainee's name, but standard input is not a terminal: pass `--trainee NAME`, or run it in a terminal".into()));
    }
    let mut editor =
        repl::editor().map_err(|e| CliError::Usage(format!("cannot read input: {e}")))?;
    let scenario = match &args.scenario {
        Some(id) => super::find_scenario(library, id)?,
        None => {
            let mut scenarios: Vec<_> = library.scenarios.iter().collect();
            scenarios.sort_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)));
            // The menu speaks the trainee's language; each scenario is described in its
            // own, the one it will be played in. A Chinese menu is Chinese throughout: a
            // trainee who reads 难度 on one row should not meet a bare "1/5" on the next.
            let language = environment_language();
            let m = messages(language);
            println!("{}", m.choose_scenario);
            for (i, s) in scenarios.iter().enumerate() {
                let own = match language {
                    Language::Zh => m,
                    Language::En => messages(s.language),
                };
                let about = fill(
                    own.menu_row,
                    &[
                        &own.persona(s.persona),
                        &own.channel(s.channel),
                        &s.difficulty,
                    ],
                );
                println!("  {:>2}. {:<24} {about}", i + 1, s.id);
            }
            loop {
                match editor.readline(m.menu_prompt) {
                    Ok(answer) => {
                        let answer = answer.trim();
                        let picked = answer
                            .parse::<usize>()
                            .ok()
                            .and_then(|n| n.checked_sub(1))
                            .and_then(|i| scenarios.get(i).copied())
                            .or_else(|| library.scenario(answer));
                        match picked {
                            Some(s) => break s,
                            None => println!("{}", fill(m.no_such_scenario, &[&scenarios.len()])),
                        }
                    }
                    Err(ReadlineError::Interrupted | ReadlineError::Eof) => {
                        return Ok(Outcome::Success);
                    }
                    Err(e) => return Err(CliError::Usage(format!("cannot read input: {e}"))),
                }
            }
        }
    };
    let trainee = match &args.trainee {
        Some(name) => name.clone(),
        None => match editor.readline(messages(scenario.language).your_name) {
            Ok(name) if !name.trim().is_empty() => name.trim().to_string(),
            Ok(_) => crate::grading::names::UNNAMED_PLAY.to_string(),
            Err(ReadlineError::Interrupted | ReadlineError::Eof) => return Ok(Outcome::Success),
            Err(e) => return Err(CliError::Usage(format!("cannot read input: {e}"))),
        },
    };
    drop(editor);
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let mode = if args.exam {
        Mode::Exam
    } else {
        Mode::Practice
    };
    let started = super::run::now();
    // Without --out, each session gets a file of its own even when everyone uses the
    // default name `trainee` and starts the same scenario in the same second.
    let out = match &args.out {
        Some(path) => NewFile::Exactly(path.clone()),
        None => NewFile::Unique {
            folder: PathBuf::from("transcripts"),
            base: format!("{}-{}", scenario.id, slug(&trainee)),
        },
    };
    let rubrics = library.rubrics_for(scenario);
    let grader = Grader::for_scenario(&rubrics, scenario, scenario.pass_mark);
    let info = RunInfo {
        trainee: trainee.clone(),
        trainee_id: super::trainee_id(args.trainee_id.as_deref()),
        mode,
        seed,
        started,
        rubrics: RubricRef::all(&rubrics),
    };
    // An exam recalls no earlier replies (anyone's) and leaves none behind; practice
    // keeps each trainee's own.
    let history = match mode {
        Mode::Exam => None,
        Mode::Practice => {
            let id = super::trainee_id(args.trainee_id.as_deref());
            repl::history_file(id.as_deref().unwrap_or(&trainee))
        }
    };
    // Only exams are signed: a signature certifies an exam, never a practice run.
    let key = match mode {
        Mode::Exam => super::exam_key()?,
        Mode::Practice => None,
    };
    let session = Session {
        mode,
        out,
        history,
        key,
    };
    let shown = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("transcripts"));
    let ended = repl::play(scenario, &grader, &session, info).map_err(|e| {
        if args.out.is_some() && e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Usage(format!(
                "{} already exists: a session only writes a file it creates; choose another --out, or leave --out off for a new name",
                shown.display()
            ))
        } else {
            CliError::io(&shown, e)
        }
    })?;
    // An exam that failed or was left before the call ended (INCOMPLETE) is not a pass:
    // exit 1 either way, so a script running exams sees it.
    match ended {
        SessionEnd::Finished { passed: false } | SessionEnd::Abandoned if mode == Mode::Exam => {
            Ok(Outcome::Failed)
        }
        _ => Ok(Outcome::Success),
    }
}
