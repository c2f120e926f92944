//! Replay verification: a conversation is deterministic (scenario, seed, replies and their
//! latencies decide everything the customer says), so a transcript can be played again
//! through the simulator `run` and `play` use, and what it records compared with what the
//! customer would have said. Any difference means the file was edited after the run.
//!
//! Replay only re-derives the customer's side (lines, steps, moods, ending); it never
//! scores the replies, and it proves nothing about fields the customer does not react to
//! (trainee, mode, times): signatures cover those (see `signature`).

use std::time::Duration;

use crate::customer::{Conversation, ENGINE, RunInfo};
use crate::grading::{Grader, LiveEvaluation};
use crate::scenario::{Ending, Scenario};
use crate::transcript::{Line, Transcript, Turn};

/// The first place where a transcript and its replay disagree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("turn {turn}: {what}")]
pub struct Divergence {
    /// The 1-based turn; one past the last turn for the ending and closing lines.
    pub turn: usize,
    /// What differed, recorded against replayed.
    pub what: String,
}

/// Why a transcript cannot be replayed faithfully: the customer would react with what the
/// scenario and its rubrics say now, which is not what they said then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unverifiable {
    /// The scenario file changed since the run.
    #[error(
        "scenario `{scenario}` has changed since this run (the transcript records {recorded}, the scenario is now {current}), so the conversation cannot be replayed to check that it was not edited"
    )]
    ScenarioChanged {
        /// Scenario id.
        scenario: String,
        /// The hash the transcript records.
        recorded: String,
        /// The scenario's hash now.
        current: String,
    },
    /// Another revision of the simulated customer recorded the run.
    #[error(
        "this run was recorded by revision {recorded} of the simulated customer and this rehearse has revision {current}; the customer may react differently now, so the conversation cannot be replayed to check that it was not edited"
    )]
    EngineChanged {
        /// The revision the transcript records.
        recorded: u32,
        /// This build's revision.
        current: u32,
    },
    /// A rubric the customer reacts through changed since the run.
    #[error(
        "rubric `{rubric}` has changed since this run (the transcript records {recorded}, the rubric is now {current}); the customer reacts through it, so the conversation cannot be replayed to check that it was not edited"
    )]
    RubricChanged {
        /// Rubric id.
        rubric: String,
        /// The hash the transcript records.
        recorded: String,
        /// The rubric's hash now.
        current: String,
    },
}

/// Whether `transcript` can be replayed against `scenario` with the rubrics `grader` was
/// compiled from (`rubrics`: id and hash of each).
pub fn replayable(
    transcript: &Transcript,
    scenario: &Scenario,
    rubrics: &[(&str, &str)],
) -> Result<(), Unverifiable> {
    if let Some(recorded) = transcript.engine
        && recorded != ENGINE
    {
        return Err(Unverifiable::EngineChanged {
            recorded,
            current: ENGINE,
        });
    }
    if transcript.scenario_hash != scenario.hash {
        return Err(Unverifiable::ScenarioChanged {
            scenario: scenario.id.clone(),
            recorded: transcript.scenario_hash.clone(),
            current: scenario.hash.clone(),
        });
    }
    for recorded in &transcript.rubrics {
        if let Some((_, current)) = rubrics.iter().find(|(id, _)| *id == recorded.id)
            && *current != recorded.hash
        {
            return Err(Unverifiable::RubricChanged {
                rubric: recorded.id.clone(),
                recorded: recorded.hash.clone(),
                current: current.to_string(),
            });
        }
    }
    Ok(())
}

/// Plays the transcript's replies again (with their recorded latencies) and compares the
/// customer's side turn by turn. `grader` must be compiled from the scenario's own
/// rubrics, as in `run` and `play`: the customer branches on its per-reply assessment.
/// What `grader` made of the replies comes back, for grading them with it
/// ([`crate::grading::grade_replayed`]).
pub fn replay(
    transcript: &Transcript,
    scenario: &Scenario,
    grader: &Grader,
) -> Result<LiveEvaluation, Divergence> {
    let info = RunInfo {
        trainee: transcript.trainee.clone(),
        trainee_id: None,
        mode: transcript.mode,
        seed: transcript.seed,
        started: String::new(),
        rubrics: Vec::new(),
    };
    let mut conversation = Conversation::start(scenario, grader, info);
    for (i, recorded) in transcript.turns.iter().enumerate() {
        let turn = i + 1;
        // After the customer's closing line the trainee still has the last word.
        if let Some(ending) = conversation.ending()
            && !conversation.awaits_last_word()
        {
            return Err(Divergence {
                turn,
                what: format!(
                    "the transcript goes on, but on replay the conversation ended ({}) after turn {}",
                    ending.name(),
                    i
                ),
            });
        }
        let latency = recorded.latency_ms.map(Duration::from_millis);
        conversation.reply(&recorded.reply, latency);
        let replayed = conversation
            .transcript()
            .turns
            .last()
            .expect("a reply adds a turn");
        compare_turn(recorded, replayed).map_err(|what| Divergence { turn, what })?;
    }
    let after = transcript.turns.len() + 1;
    let divergence = |what: String| Divergence { turn: after, what };
    // `abandoned` (and no ending, a run saved in progress) is decided outside the
    // simulator: the customer had simply not finished yet.
    let recorded_end = transcript.ending.filter(|e| *e != Ending::Abandoned);
    let replayed_end = conversation.ending();
    if recorded_end != replayed_end {
        let name = |e: Option<Ending>, unfinished: &str| {
            e.map_or_else(|| unfinished.to_string(), |e| e.name().to_string())
        };
        return Err(divergence(format!(
            "the ending is {} in the transcript, {} on replay",
            name(transcript.ending, "in progress"),
            name(replayed_end, "not reached yet")
        )));
    }
    // An abandoned run keeps what the customer said after the last reply as its closing
    // lines (from revision 2; older ones kept nothing).
    let closing = if transcript.ending == Some(Ending::Abandoned) {
        if transcript.engine.is_some() {
            conversation.pending()
        } else {
            &[]
        }
    } else {
        &conversation.transcript().closing
    };
    compare_lines("the closing lines", &transcript.closing, closing).map_err(divergence)?;
    Ok(conversation.into_assessed())
}

fn compare_turn(recorded: &Turn, replayed: &Turn) -> Result<(), String> {
    if recorded.step != replayed.step {
        return Err(format!(
            "the customer is on step `{}` in the transcript, `{}` on replay",
            recorded.step, replayed.step
        ));
    }
    compare_lines(
        "what was said before the reply",
        &recorded.customer,
        &replayed.customer,
    )?;
    if recorded.mood_before != replayed.mood_before {
        return Err(format!(
            "the customer's mood before the reply is {} in the transcript, {} on replay",
            recorded.mood_before, replayed.mood_before
        ));
    }
    if recorded.mood_after != replayed.mood_after {
        return Err(format!(
            "the customer's mood after the reply is {} in the transcript, {} on replay",
            recorded.mood_after, replayed.mood_after
        ));
    }
    Ok(())
}

fn compare_lines(what: &str, recorded: &[Line], replayed: &[Line]) -> Result<(), String> {
    let show = |line: Option<&Line>| match line {
        Some(line) => format!("{}: \"{}\"", line.speaker, line.text),
        None => "nothing".to_string(),
    };
    for i in 0..recorded.len().max(replayed.len()) {
        let (a, b) = (recorded.get(i), replayed.get(i));
        if a != b {
            return Err(format!(
                "{what} differ: the transcript has {}, replay has {}",
                show(a),
                show(b)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::transcript::Mode;

    /// Plays airport-desk (a customer with limited patience) with slow replies.
    fn slow_call(library: &Library, grader: &Grader) -> Transcript {
        let scenario = library.scenario("airport-desk").expect("built in");
        let info = RunInfo {
            trainee: "Kit".into(),
            trainee_id: None,
            mode: Mode::Exam,
            seed: 11,
            started: "2026-11-20T09:00:00Z".into(),
            rubrics: Vec::new(),
        };
        let mut conversation = Conversation::start(scenario, grader, info);
        for (reply, seconds) in [
            ("Hello, I'm sorry for the wait. How can I help?", 95),
            ("I understand. Could I see your boarding pass?", 3),
        ] {
            conversation.reply(reply, Some(Duration::from_millis(seconds * 1000 + 250)));
        }
        conversation.transcript().clone()
    }

    #[test]
    fn recorded_latencies_are_replayed() {
        let library = Library::builtin();
        let scenario = library.scenario("airport-desk").expect("built in");
        let grader = Grader::new(
            &library.rubrics_for(scenario),
            &scenario.placeholder_values(),
            None,
        );
        let transcript = slow_call(&library, &grader);
        assert!(replay(&transcript, scenario, &grader).is_ok());
        // The slow first reply heard the customer speak into the silence…
        assert!(
            transcript.turns[0]
                .customer
                .iter()
                .any(|l| l.speaker == "Hannah Berg" && l.text.contains('?')),
            "{:#?}",
            transcript.turns[0].customer
        );
        // …which, without its latency, it would not have.
        let mut quick = transcript.clone();
        quick.turns[0].latency_ms = None;
        let divergence = replay(&quick, scenario, &grader).unwrap_err();
        assert_eq!(divergence.turn, 1);
        assert!(
            divergence.what.contains("what was said before the reply"),
            "{divergence}"
        );
        // And the lines it heard cannot be edited away: replay says them.
        let mut edited = transcript.clone();
        edited.turns[0].customer.truncate(1);
        let divergence = replay(&edited, scenario, &grader).unwrap_err();
        assert_eq!(divergence.turn, 1);
    }

    #[test]
    fn grading_after_replay_reuses_it_with_the_same_results() {
        let library = Library::builtin();
        let scenario = library.scenario("late-delivery").expect("built in");
        let grader = Grader::new(
            &library.rubrics_for(scenario),
            &scenario.placeholder_values(),
            None,
        );
        let info = RunInfo {
            trainee: "Kit Moreau".into(),
            trainee_id: None,
            mode: Mode::Exam,
            seed: 3,
            started: "2026-11-20T09:00:00Z".into(),
            rubrics: Vec::new(),
        };
        let mut conversation = Conversation::start(scenario, &grader, info);
        for reply in [
            "good morning, this is kit. I'm so sorry the desk hasn't arrived.",
            "I'm so sorry the desk hasn't arrived.",
            "Could you confirm your postcode, please?",
            "I will book a priority delivery today; it arrives within 2 working days.",
        ] {
            conversation.reply(reply, None);
        }
        let transcript = conversation.transcript().clone();
        // The name counts here ("this is kit" is lower case): grading after replay gives
        // what grading afresh gives, with the name.
        let grade = |t: &Transcript| crate::grading::grade_transcript_with(&grader, t, true);
        let mut nameless = transcript.clone();
        nameless.trainee.clear();
        assert_ne!(grade(&nameless).total, grade(&transcript).total);
        for details in [true, false] {
            let replayed = replay(&transcript, scenario, &grader).expect("a faithful transcript");
            assert_eq!(
                crate::grading::grade_replayed(&grader, &transcript, details, Some(replayed)),
                crate::grading::grade_transcript_with(&grader, &transcript, details),
            );
        }
    }
}
