//! Transcripts: one play-through, as saved by `play` and `run` and read by `grade`.
//!
//! The format is versioned (`rehearse: 1`) and documented in docs/transcript.md. A
//! transcript holds everything grading needs (each reply with the step or interjection it
//! answered and the customer's mood), so an old transcript stays gradeable even after its
//! scenario changes.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::scenario::{Ending, FORMAT_VERSION};
use crate::source::SourceFile;
use crate::temp_file::TempFile;
use crate::yaml;

/// Practice (coached) or exam (no hints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Coaching after every reply.
    #[default]
    Practice,
    /// No coaching or hints; for certification.
    Exam,
}

/// How a conversation ended, as far as passing goes: one left before its ending (Ctrl-D,
/// `/quit`, replies run out), one the customer walked out of, or one that ended in a
/// complaint or a hand-over to a manager is never passed, whatever its score: a trainer
/// does not sign off a call that lost the customer. A scenario may accept the hand-over
/// (`accepted_endings: [escalated]`) where passing the customer on is the right outcome.
/// `play`, `run`, `test` and `grade` all read it from here, so they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// The conversation reached an ending the trainee can pass on.
    Ended,
    /// The trainee left before it did.
    Unfinished,
    /// The customer gave up and left.
    WalkedOut,
    /// The customer complained or was handed to a manager, and the scenario does not
    /// accept that ending.
    Escalated,
}

impl Finish {
    /// The finish of a conversation that ended so (`None`: not yet), in a scenario that
    /// accepts `accepted` endings besides `resolved`.
    pub fn of(ending: Option<Ending>, accepted: &[Ending]) -> Finish {
        match ending {
            None | Some(Ending::Abandoned) => Finish::Unfinished,
            Some(Ending::WalkedOut) => Finish::WalkedOut,
            Some(Ending::Escalated) if !accepted.contains(&Ending::Escalated) => Finish::Escalated,
            Some(_) => Finish::Ended,
        }
    }
}

/// A rubric as it was when the run happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricRef {
    /// Rubric id.
    pub id: String,
    /// `sha256:` of the rubric file.
    pub hash: String,
}

impl RubricRef {
    /// The references for rubrics in use now.
    pub fn all(rubrics: &[&crate::rubric::Rubric]) -> Vec<RubricRef> {
        rubrics
            .iter()
            .map(|r| RubricRef {
                id: r.id.clone(),
                hash: r.hash.clone(),
            })
            .collect()
    }
}

/// One line said by someone other than the trainee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Who said it.
    pub speaker: String,
    /// What they said (placeholders already filled in).
    pub text: String,
    /// Set when the line came from an interjection, with its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interjection: Option<String>,
}

/// One exchange: what was said to the trainee, and the reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    /// The step the customer was on.
    pub step: String,
    /// Lines said before the reply (the customer's, other speakers', interjections).
    pub customer: Vec<Line>,
    /// The trainee's reply.
    pub reply: String,
    /// Milliseconds between the customer's line and the reply (interactive runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// The main customer's mood before the reply (0–10).
    pub mood_before: u8,
    /// Mood after the reply.
    pub mood_after: u8,
}

/// One play-through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// Format version; 1.
    pub rehearse: u32,
    /// Scenario id.
    pub scenario: String,
    /// `sha256:` of the scenario file at the time.
    pub scenario_hash: String,
    /// Rubrics (id and hash) at the time.
    #[serde(default)]
    pub rubrics: Vec<RubricRef>,
    /// Revision of the simulated customer that played it ([`crate::customer::ENGINE`]):
    /// replay can only vouch for a transcript recorded by the same revision. Absent in
    /// transcripts from before revisions were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<u32>,
    /// Who played: the name shown in reports.
    pub trainee: String,
    /// A stable id for the trainee (an email, an employee number), when given: attempts
    /// are counted per id, so a name typed two ways is still one person. Optional, so
    /// transcripts from before it stay valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee_id: Option<String>,
    /// Seed of the customer's line choices.
    pub seed: u64,
    /// Practice or exam.
    #[serde(default)]
    pub mode: Mode,
    /// When it started (RFC 3339).
    pub started: String,
    /// When it ended (RFC 3339); absent while in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<String>,
    /// How it ended; absent while in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
    /// The exchanges, in order.
    #[serde(default)]
    pub turns: Vec<Turn>,
    /// What was said after the last reply (the ending line).
    #[serde(default)]
    pub closing: Vec<Line>,
    /// `hmac-sha256:` and 64 hex digits: an exam signed by the exam terminal's key
    /// (`REHEARSE_EXAM_KEY`) over everything graded or reported. Optional: practice runs,
    /// and exams taken without a key, have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Transcript {
    /// Parses a transcript (YAML or JSON) with located errors.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Transcript, Diagnostic> {
        let transcript: Transcript = yaml::parse_quick(file)?;
        // Positions are only needed to explain a problem, so they are found only then.
        let at = |path: &str| yaml::locate(file).ok().and_then(|l| l.value(path));
        if transcript.rehearse != FORMAT_VERSION {
            return Err(Diagnostic::error(
                "unsupported-version",
                format!(
                    "transcript format version {} is not supported",
                    transcript.rehearse
                ),
            )
            .at(file, at("rehearse"))
            .with_help("this build reads `rehearse: 1`"));
        }
        for (i, turn) in transcript.turns.iter().enumerate() {
            if turn.mood_before > 10 || turn.mood_after > 10 {
                return Err(Diagnostic::error(
                    "out-of-range",
                    format!("turn {}: mood is outside 0–10", i + 1),
                )
                .at(file, at(&format!("turns.{i}"))));
            }
        }
        Ok(transcript)
    }

    /// Marks a conversation that has not ended as abandoned at `finished`.
    pub fn abandon(&mut self, finished: String) {
        if self.ending.is_none() {
            self.ending = Some(Ending::Abandoned);
            self.finished = Some(finished);
        }
    }

    /// Writes the transcript as YAML, atomically: a temporary file in the same folder is
    /// renamed over the target, so a crash mid-write never leaves half a transcript.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_atomically(path, &self.to_yaml()?)
    }

    /// Saves to `path` only if no file is there yet (`AlreadyExists` otherwise); the file
    /// appears whole, through a temporary file like [`Transcript::save`].
    pub fn save_new(&self, path: &Path) -> std::io::Result<()> {
        let mut temp = TempFile::beside(path)?;
        temp.write_all(&self.to_yaml()?)?;
        temp.persist_new(path)
    }

    fn to_yaml(&self) -> std::io::Result<Vec<u8>> {
        yaml::to_string(self)
            .map(String::into_bytes)
            .map_err(std::io::Error::other)
    }
}

/// Writes bytes to `path` via a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = TempFile::beside(path)?;
    temp.write_all(bytes)?;
    temp.persist(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one rule every front end reads: only an ending the trainee can pass on is
    /// `Ended`; a walk-out never is, a complaint or hand-over only where the scenario
    /// accepts it, and a call not ended (or abandoned) is unfinished.
    #[test]
    fn a_finish_for_every_ending() {
        assert_eq!(Finish::of(None, &[]), Finish::Unfinished);
        assert_eq!(Finish::of(Some(Ending::Abandoned), &[]), Finish::Unfinished);
        assert_eq!(Finish::of(Some(Ending::WalkedOut), &[]), Finish::WalkedOut);
        assert_eq!(Finish::of(Some(Ending::Escalated), &[]), Finish::Escalated);
        for ending in [Ending::Resolved, Ending::TurnLimit] {
            assert_eq!(Finish::of(Some(ending), &[]), Finish::Ended, "{ending:?}");
        }
        let accepted = [Ending::Escalated];
        assert_eq!(
            Finish::of(Some(Ending::Escalated), &accepted),
            Finish::Ended
        );
        assert_eq!(
            Finish::of(Some(Ending::WalkedOut), &accepted),
            Finish::WalkedOut
        );
    }
}
