//! What a piece of evidence or a gaming finding says, as data. Reports for tools carry it
//! as the English sentence they always have (`Display`, and the string serde writes);
//! what the trainee reads goes through the session's message catalogue (`locale`), so a
//! Chinese session explains itself in Chinese. Nothing here decides a score.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rubric::AskKind;

/// What one piece of evidence shows, or why a reply was flagged as gaming.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The words met the rule.
    Matched(Target),
    /// The words came close enough (typo-tolerant) to the rule.
    CloseEnough(Target),
    /// The reply asks the kind of question the rule wants.
    Asks(AskKind),
    /// Words to say instead of the ones used.
    Instead(Arc<str>),
    /// The customer's words the reply reuses.
    Mirrors(Vec<String>),
    /// A forbidden phrase.
    Forbidden,
    /// Jargon or slang.
    Jargon,
    /// Account details given before the caller's identity was checked.
    BeforeVerification,
    /// A word in capitals.
    Capitals(String),
    /// Repeated exclamation marks.
    Exclamations,
    /// Fewer words than the style's minimum.
    TooShort {
        /// Words in the reply.
        words: usize,
        /// The minimum.
        min: usize,
    },
    /// More words than the style's maximum.
    TooLong {
        /// Words in the reply.
        words: usize,
        /// The maximum.
        max: usize,
    },
    /// Gaming: many phrases piled up for one skill.
    Stuffing {
        /// Phrases piled up.
        phrases: usize,
        /// The skill's name.
        skill: Arc<str>,
    },
    /// Gaming: phrases for many skills in few words.
    Salad {
        /// Skills.
        skills: usize,
        /// Words (rounded).
        words: f64,
    },
    /// Gaming: phrases for many skills in one clause.
    OneBreath {
        /// Skills.
        skills: usize,
    },
    /// Gaming: the same reply as an earlier one (1-based).
    Repeats(usize),
    /// Gaming: the scored phrases of an earlier reply (1-based) again.
    Recycles(usize),
    /// Gaming: the customer's words handed back.
    Echo,
    /// A note read from a file, kept as written.
    Text(String),
}

/// What a rule's hit is about: the rule (by id), or the names it looks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A rule, by id.
    Rule(Arc<str>),
    /// The customer's name (a `personalise` rule).
    CustomerName,
    /// The trainee's own name (an `introduce` rule).
    OwnName,
}

impl fmt::Display for Note {
    /// The English sentence reports have always carried.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::locale::EN.note(self))
    }
}

impl Serialize for Note {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Note::Text)
    }
}
