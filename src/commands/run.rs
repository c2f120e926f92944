//! `rehearse run`: the same conversation as `play`, with replies from a file.

use std::path::Path;

use crate::cli::{CliError, Outcome, RunArgs, TextOrJson};
use crate::customer::{Conversation, RunInfo};
use crate::grading::{Coach, Grader, Moment};
use crate::library::Library;
use crate::locale::{fill, messages};
use crate::report::text::{Finish, summary};
use crate::scenario::Ending;
use crate::transcript::{Mode, RubricRef};

use super::out_file;

/// Runs `run`.
pub fn run(args: &RunArgs, library: &Library) -> Result<Outcome, CliError> {
    let scenario = super::find_scenario(library, &args.scenario)?;
    if let Some(out) = &args.out {
        let library_files = out_file::library_inputs(library);
        let library_files = library_files.iter().map(|(f, what)| (f.as_path(), *what));
        let replies = std::iter::once((args.replies.as_path(), "the replies file"));
        out_file::refuse_inputs(out, replies.chain(library_files))?;
    }
    let replies = read_replies(&args.replies, args.paragraphs)?;
    if replies.is_empty() {
        return Err(CliError::Usage(format!(
            "{} holds no replies",
            args.replies.display()
        )));
    }
    // Only exams are signed: a signature certifies an exam, never a practice run.
    let key = if args.exam { super::exam_key()? } else { None };
    let rubrics = library.rubrics_for(scenario);
    let grader = Grader::for_scenario(&rubrics, scenario, scenario.pass_mark);
    let info = RunInfo {
        trainee: args.trainee.clone(),
        trainee_id: super::trainee_id(args.trainee_id.as_deref()),
        mode: if args.exam {
            Mode::Exam
        } else {
            Mode::Practice
        },
        seed: args.seed,
        started: now(),
        rubrics: RubricRef::all(&rubrics),
    };
    let mut conversation = Conversation::start(scenario, &grader, info);
    // Live coaching under each reply, as `play` prints it (with --coach).
    let mut coaching: Vec<String> = Vec::new();
    let mut coach = Coach::new();
    // After the customer's closing line a reply left over is the trainee's last word.
    // A walk-out ends the call as `play` ends it: no last word, the rest left unsaid.
    for reply in &replies {
        if conversation.is_over() || conversation.ending().is_some_and(|e| !e.offers_last_word()) {
            break;
        }
        let last_word = conversation.awaits_last_word();
        let exchange = conversation.reply(reply, None);
        if args.coach {
            let moment = if last_word {
                Moment::LastWord
            } else {
                Moment::after_reply(exchange.ending, conversation.is_over())
            };
            let now = conversation.coaching_now();
            let tips = coach.after_reply(&grader, &exchange.assessment, moment, now, &args.trainee);
            coaching.push(crate::report::text::coaching(
                &exchange,
                &tips,
                messages(scenario.language),
                false,
            ));
        }
    }
    // Replies that run out before an ending leave the call unfinished: never a pass.
    // A call the customer walked out of is never a pass either.
    if conversation.ending().is_none() {
        conversation.abandon(now());
    }
    let finish = Finish::of(conversation.ending(), &scenario.accepted_endings);
    conversation.finish(now());
    if let Some(out) = &args.out {
        let mut transcript = conversation.transcript().clone();
        if let Some(key) = &key {
            transcript.signature = Some(key.sign(&transcript));
        }
        transcript.save(out).map_err(|e| CliError::io(out, e))?;
    }
    let mut card = conversation.score();
    card.passed &= finish == Finish::Ended;
    match args.format {
        TextOrJson::Json => {
            let json = serde_json::json!({
                "scenario": scenario.id,
                "ending": conversation.ending().map(|e| e.name()),
                "scorecard": card,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        TextOrJson::Text => {
            for (i, turn) in conversation.transcript().turns.iter().enumerate() {
                for line in &turn.customer {
                    println!("{}: {}", line.speaker, line.text);
                }
                println!("> {}", turn.reply);
                if let Some(coaching) = coaching.get(i) {
                    print!("{coaching}");
                }
            }
            for line in &conversation.transcript().closing {
                println!("{}: {}", line.speaker, line.text);
            }
            let m = messages(scenario.language);
            // Abandoned when the replies ran out before an ending.
            let ending = m.ending(conversation.ending().unwrap_or(Ending::Abandoned));
            println!("\n{}\n", fill(m.run_ending, &[&ending]));
            print!("{}", summary(&card, finish, m, false));
            if let Some(out) = &args.out {
                println!("\n{}", fill(m.run_written, &[&out.display()]));
            }
        }
    }
    Ok(if card.passed {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// Replies from a file: a YAML list (`.yaml`/`.yml`), blank-line separated paragraphs, or
/// one per line. Lines starting with `#` are comments in the text forms.
pub fn read_replies(path: &Path, paragraphs: bool) -> Result<Vec<String>, CliError> {
    let source = crate::source::read_source(path).map_err(|e| match e {
        crate::source::ReadError::Io { source, .. } => CliError::io(path, source),
        other => CliError::from(other),
    })?;
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if is_yaml {
        let file = std::sync::Arc::new(source);
        let (list, _): (Vec<String>, _) =
            crate::yaml::parse(&file).map_err(|d| CliError::Invalid(Box::new(d)))?;
        return Ok(list);
    }
    let lines = source
        .text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'));
    if paragraphs {
        let mut replies = Vec::new();
        let mut current = String::new();
        for line in lines {
            if line.trim().is_empty() {
                if !current.trim().is_empty() {
                    replies.push(current.trim().to_string());
                }
                current.clear();
            } else {
                current.push_str(line.trim());
                current.push('\n');
            }
        }
        if !current.trim().is_empty() {
            replies.push(current.trim().to_string());
        }
        Ok(replies)
    } else {
        Ok(lines
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect())
    }
}

/// The current time, RFC 3339, to the second.
pub fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
