//! Compiling phrases into a [`PhraseBook`]: each written phrase becomes its literal
//! alternatives, each alternative its segments (the parts between `*` gaps), and every
//! distinct segment one pattern of the automaton. Phrases and patterns named by several
//! rules are compiled once, so one scan serves them all.

use super::word_boundary::BoundedRegex;
use aho_corasick::{AhoCorasickBuilder, MatchKind};

use super::{
    Alternative, Fuzzy, FuzzyIndex, FuzzyWord, MatchOptions, Phrase, PhraseBook, PhraseId, RegexId,
    is_cjk, normalize,
};

/// What makes two phrases the same: their alternatives' segments, tolerance and guard.
type PhraseKey = (Vec<Vec<usize>>, Option<u64>, bool);

/// Builds a [`PhraseBook`].
#[derive(Debug, Default)]
pub struct PhraseBookBuilder {
    patterns: Vec<String>,
    phrases: Vec<Phrase>,
    regexes: Vec<BoundedRegex>,
    /// Pattern texts and phrases already added, so that each is compiled once however
    /// many rules name it (a grader holds thousands of literal alternatives).
    pattern_ids: rustc_hash::FxHashMap<String, usize>,
    phrase_ids: rustc_hash::FxHashMap<PhraseKey, usize>,
}

impl PhraseBookBuilder {
    /// Adds a phrase; `None` if it normalises to nothing.
    pub fn phrase(&mut self, written: &str, options: MatchOptions) -> Option<PhraseId> {
        self.phrase_with_alternatives(written, &[written.to_string()], options)
    }

    /// Adds a phrase that can be said in any of `alternatives` (the literal phrases its
    /// written form expands to); `None` if they all normalise to nothing.
    pub fn phrase_with_alternatives(
        &mut self,
        written: &str,
        alternatives: &[String],
        options: MatchOptions,
    ) -> Option<PhraseId> {
        let mut compiled: Vec<Alternative> = Vec::with_capacity(alternatives.len());
        let mut seen = rustc_hash::FxHashSet::default();
        for literal in alternatives {
            if let Some(alternative) = self.alternative(literal, options)
                && seen.insert(alternative.segments.clone())
            {
                compiled.push(alternative);
            }
        }
        if compiled.is_empty() {
            return None;
        }
        // The same phrase with the same options (common across rules) is compiled once,
        // so one scan result serves every rule that uses it.
        let key = (
            compiled.iter().map(|a| a.segments.clone()).collect(),
            options.fuzzy.map(Fuzzy::key),
            options.negation,
        );
        if let Some(&existing) = self.phrase_ids.get(&key) {
            return Some(PhraseId(existing));
        }
        self.phrases.push(Phrase {
            written: written.to_string(),
            alternatives: compiled,
            options,
        });
        self.phrase_ids.insert(key, self.phrases.len() - 1);
        Some(PhraseId(self.phrases.len() - 1))
    }

    /// One literal phrase, its segments added to the automaton's patterns.
    fn alternative(&mut self, literal: &str, options: MatchOptions) -> Option<Alternative> {
        let normalised = normalize_literal(literal);
        let mut segments = Vec::new();
        for part in normalised.split('*') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let next = self.patterns.len();
            let index = *self.pattern_ids.entry(part.to_string()).or_insert(next);
            if index == next {
                self.patterns.push(part.to_string());
            }
            segments.push(index);
        }
        if segments.is_empty() {
            return None;
        }
        let words: Vec<FuzzyWord> = match options.fuzzy {
            Some(_) if segments.len() == 1 && !normalised.chars().any(is_cjk) => {
                normalize::words(&normalised)
                    .iter()
                    .map(|(s, e)| FuzzyWord::new(&normalised[*s..*e]))
                    .collect()
            }
            _ => Vec::new(),
        };
        Some(Alternative { segments, words })
    }

    /// Adds a regex, matched case-insensitively against the normalised text.
    pub fn regex(&mut self, pattern: &str) -> Result<RegexId, regex::Error> {
        self.regexes.push(BoundedRegex::new(pattern)?);
        Ok(RegexId(self.regexes.len() - 1))
    }

    /// Compiles the automaton.
    pub fn build(self) -> PhraseBook {
        let automaton = if self.patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&self.patterns)
                    .expect("a few thousand short literal patterns always compile"),
            )
        };
        let mut starts = vec![Vec::new(); self.patterns.len()];
        for (i, phrase) in self.phrases.iter().enumerate() {
            for (k, alternative) in phrase.alternatives.iter().enumerate() {
                starts[alternative.segments[0]].push((i as u32, k as u32));
            }
        }
        let mut fuzzy = FuzzyIndex::default();
        for (i, phrase) in self.phrases.iter().enumerate() {
            let Some(tolerance) = phrase.options.fuzzy else {
                continue;
            };
            for (k, alternative) in phrase.alternatives.iter().enumerate() {
                fuzzy.add(i, k, alternative, tolerance);
            }
        }
        fuzzy.finish();
        PhraseBook {
            patterns: self.patterns,
            phrases: self.phrases,
            regexes: self.regexes,
            automaton,
            starts,
            fuzzy,
        }
    }
}

/// [`normalize`] of a literal phrase, from a cache shared by every builder: graders for
/// different scenarios share most rubrics, and normalising each of their literals again
/// was a quarter of compiling them (0.8 G of 3.4 G instructions for the 16 built-in
/// scenarios).
fn normalize_literal(literal: &str) -> String {
    // The built-in rubrics expand to about 45,000 literals.
    static NORMALISED: crate::shared_cache::SharedCache<String, String> =
        crate::shared_cache::SharedCache::new(200_000);
    NORMALISED.get_or_make(literal, || normalize(literal))
}
