//! Phrase matching over normalised text.
//!
//! A [`PhraseBook`] holds every phrase of a grader, compiled once into one Aho-Corasick
//! automaton; a reply is scanned once ([`PhraseBook::scan`]) and every phrase is then
//! checked against the occurrences found, never by rescanning the reply. Latin-script edges
//! must fall on word boundaries ("hi" is not in "this"); CJK phrases match as character
//! sequences. A phrase may hold gaps (`thank * for`), allow typos (fuzzy) and be cancelled
//! by a negation just before it ("not sorry").
//!
//! Here: the compiled book and the ids and hits it hands out. Beside it: the `builder`
//! that compiles phrases into it, the `scan` of a reply, typo tolerance (`fuzzy`), the
//! `negation` and concession guards, and the `normalize`d text and phrase `pattern`
//! language everything matches over.

mod builder;
mod expansions;
mod fuzzy;
mod negation;
pub mod normalize;
pub mod pattern;
mod scan;
#[cfg(test)]
mod tests;
mod word_boundary;
mod word_find;
mod words;

use aho_corasick::AhoCorasick;

pub use builder::PhraseBookBuilder;
pub use expansions::KeyedLexicon;
pub use fuzzy::Fuzzy;
use fuzzy::{FuzzyIndex, FuzzyWord};
pub use negation::{concession_zone, negated, negated_after};
pub use normalize::{NormalizedText, is_cjk, is_word_char, normalize, words};
pub use scan::{MAX_GAP_WORDS, PhraseMask, Scan};
pub use word_find::{WordList, find_word_start, has_words};

/// Identifies a phrase in a [`PhraseBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseId(usize);

impl PhraseId {
    /// The phrase's number in its book (0, 1, 2, … in the order they were added).
    pub fn index(self) -> usize {
        self.0
    }
}

/// Identifies a regex in a [`PhraseBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegexId(usize);

/// How a phrase should be matched.
#[derive(Debug, Clone, Copy, Default)]
pub struct MatchOptions {
    /// Typo tolerance.
    pub fuzzy: Option<Fuzzy>,
    /// Cancel hits preceded by a negator.
    pub negation: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    /// As the trainer wrote it (after placeholder expansion).
    written: String,
    /// The literal phrases it stands for (one, unless the phrase language offers
    /// options): they share the phrase's id, so a rule looks up one phrase however many
    /// ways it can be said.
    alternatives: Vec<Alternative>,
    options: MatchOptions,
}

/// One literal way of saying a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Alternative {
    /// Pattern index of each literal segment, in order.
    segments: Vec<usize>,
    /// Normalised words, for fuzzy matching (single-segment Latin phrases only).
    words: Vec<FuzzyWord>,
}

/// A match in the normalised text (byte range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Start byte in the normalised text.
    pub start: usize,
    /// End byte in the normalised text.
    pub end: usize,
    /// Whether it took typo tolerance to match.
    pub fuzzy: bool,
}

/// Every phrase of a grader, compiled together.
#[derive(Debug)]
pub struct PhraseBook {
    patterns: Vec<String>,
    phrases: Vec<Phrase>,
    regexes: Vec<word_boundary::BoundedRegex>,
    automaton: Option<AhoCorasick>,
    /// For each pattern, the phrases (and which of their alternatives) it starts.
    starts: Vec<Vec<(u32, u32)>>,
    /// Alternatives with typo tolerance, indexed by where a reply can first show them
    /// (see [`FuzzyIndex`]).
    fuzzy: FuzzyIndex,
}

impl PhraseBook {
    /// A builder.
    pub fn builder() -> PhraseBookBuilder {
        PhraseBookBuilder::default()
    }

    /// How many phrases the book holds (every [`PhraseId::index`] is below this).
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether the book holds no phrases.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The phrase as written.
    pub fn written(&self, id: PhraseId) -> &str {
        &self.phrases[id.0].written
    }
}
