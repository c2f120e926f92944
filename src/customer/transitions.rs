//! Whether a transition's condition holds for a reply, and how to name the cause of the
//! mood change it brings, for coaching.

use super::Memory;
use crate::grading::ReplyAssessment;
use crate::matcher::PhraseId;
use crate::scenario::ConditionFile;

/// Why a transition changed the mood, for coaching.
pub(super) fn cause_of(when: &ConditionFile, said: Option<String>, delta: i32) -> String {
    if let Some(phrase) = said {
        return format!("\"{phrase}\"");
    }
    let short = |s: &String| s.rsplit('.').next().unwrap_or(s).to_string();
    let mut parts: Vec<String> = Vec::new();
    if !when.shows.is_empty() {
        parts.push(when.shows.iter().map(short).collect::<Vec<_>>().join(" + "));
    }
    if !when.done.is_empty() {
        parts.push(format!(
            "{} (earlier)",
            when.done.iter().map(short).collect::<Vec<_>>().join(" + ")
        ));
    }
    if !when.misses.is_empty() {
        parts.push(format!(
            "no {}",
            when.misses.iter().map(short).collect::<Vec<_>>().join(", ")
        ));
    }
    if !when.promised.is_empty() {
        parts.push(format!("promised {}", when.promised.join(", ")));
    }
    if !when.given.is_empty() || !when.asked.is_empty() {
        parts.push("what was asked and answered".into());
    }
    if when.mood_at_least.is_some() || when.mood_at_most.is_some() {
        parts.push("how upset they already were".into());
    }
    if parts.is_empty() {
        return if delta > 0 {
            "the reply did not help".into()
        } else {
            "the conversation moved on".into()
        };
    }
    parts.join("; ")
}

pub(super) fn holds(
    when: &ConditionFile,
    assessment: &ReplyAssessment,
    memory: &Memory,
    mood: u8,
    says: &[PhraseId],
    found: bool,
) -> bool {
    when.shows.iter().all(|s| assessment.shows(s))
        && !when.misses.iter().any(|s| assessment.shows(s))
        && (when.says.is_empty() || (!says.is_empty() && found))
        && when.mood_at_least.is_none_or(|m| mood >= m)
        && when.mood_at_most.is_none_or(|m| mood <= m)
        && memory.holds(when)
}
