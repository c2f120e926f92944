//! Why someone's mood changed, as data: the engine says what happened (a wait, a phrase,
//! a skill shown or missed, a person ignored) and the session's message catalogue
//! (`locale`) says it in the trainee's language. `Display` gives the English words.

use std::fmt;
use std::sync::Arc;

/// The cause of one mood change.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The trainee was silent this long, and the customer said so.
    Waited {
        /// Seconds since the customer last spoke.
        seconds: u64,
    },
    /// A phrase of the scenario's transition, as written there.
    Said(String),
    /// A transition's condition held (or none did).
    Reply(ReplyCause),
    /// Rude words (an insult, a brush-off).
    Rude(String),
    /// Curt, impatient words with no courtesy around them ("What?", "干嘛？").
    Curt(String),
    /// The call would have ended well, but the customer's issue is not addressed.
    NotAddressed,
    /// The call would have ended well, but a critical rule broke on the way.
    CriticalBreach,
    /// The customer had to say the same thing again.
    SaidAgain,
    /// Someone waiting was acknowledged.
    Acknowledged,
    /// Someone waiting was not acknowledged.
    NotAcknowledged,
    /// Someone waiting was ignored again and left.
    LeftQueue,
    /// A group member's question got no answer.
    Unanswered,
    /// A group member was ignored twice.
    IgnoredTwice,
}

/// What a transition's condition tested, for its mood change: the parts that held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplyCause {
    /// Skills the reply showed.
    pub shows: Vec<SkillRef>,
    /// Skills shown earlier in the call.
    pub done: Vec<SkillRef>,
    /// Skills the reply did not show.
    pub misses: Vec<SkillRef>,
    /// What the trainee had promised (`day`, `refund`).
    pub promised: Vec<String>,
    /// The trainee had proposed something the customer can take up.
    pub offered: bool,
    /// Facts asked for or given came into it.
    pub facts: bool,
    /// The mood the customer was already in came into it.
    pub mood: bool,
    /// The change made the customer calmer (or left them as they were).
    pub calmer: bool,
}

impl ReplyCause {
    /// Whether no part of a condition came into it (a fallback transition).
    pub fn is_empty(&self) -> bool {
        self.shows.is_empty()
            && self.done.is_empty()
            && self.misses.is_empty()
            && self.promised.is_empty()
            && !self.offered
            && !self.facts
            && !self.mood
    }
}

/// A skill as a cause names it: its id (`empathy`) and, when the grader knows it, its
/// name as trainees read it (`耐心与共情`).
#[derive(Debug, Clone, PartialEq)]
pub struct SkillRef {
    /// The skill's id without the rubric.
    pub id: String,
    /// The skill's name.
    pub name: Option<Arc<str>>,
}

impl fmt::Display for Cause {
    /// The English words (what `run --coach` and English sessions print).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::locale::EN.cause(self))
    }
}
