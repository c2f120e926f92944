//! Whether a transition's condition holds for a reply, and how to name the cause of the
//! mood change it brings, for coaching.

use super::{Cause, Memory, ReplyCause, SkillRef};
use crate::grading::{Grader, ReplyAssessment};
use crate::matcher::PhraseId;
use crate::scenario::ConditionFile;

/// Why a transition changed the mood, for coaching: the phrase said, else the parts of
/// its condition (skills named through `grader`). A `done` skill the reply itself showed
/// is named as shown now, not "(earlier)": the trainee did it in this very reply.
pub(super) fn cause_of(
    when: &ConditionFile,
    said: Option<String>,
    delta: i32,
    assessment: &ReplyAssessment,
    grader: &Grader,
) -> Cause {
    if let Some(phrase) = said {
        return Cause::Said(phrase);
    }
    let skills = |list: &[String]| -> Vec<SkillRef> {
        list.iter()
            .map(|s| SkillRef {
                id: s.rsplit('.').next().unwrap_or(s).to_string(),
                name: grader.skill_name(s),
            })
            .collect()
    };
    let (now, earlier): (Vec<String>, Vec<String>) =
        when.done.iter().cloned().partition(|s| assessment.shows(s));
    let mut shows = when.shows.clone();
    shows.extend(now.into_iter().filter(|s| !when.shows.contains(s)));
    Cause::Reply(ReplyCause {
        shows: skills(&shows),
        done: skills(&earlier),
        misses: skills(&when.misses),
        promised: when
            .promised
            .iter()
            .filter(|p| *p != "offer")
            .cloned()
            .collect(),
        offered: when.promised.iter().any(|p| p == "offer"),
        facts: !when.given.is_empty() || !when.asked.is_empty() || !when.told.is_empty(),
        mood: when.mood_at_least.is_some() || when.mood_at_most.is_some(),
        calmer: delta <= 0,
    })
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
