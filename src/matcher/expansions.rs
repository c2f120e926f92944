//! Phrase expansions kept across graders. Every scenario compiles its own grader (names
//! and facts differ), but most of its rubric phrases are the same as the last scenario's:
//! expanding them again was a quarter of compiling a grader (16 built-in scenarios spent
//! 1.1 G instructions on it). An expansion depends only on the phrase and the lexicon's
//! content, so it is kept by both.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::pattern::{Lexicon, expand};
use crate::shared_cache::SharedCache;

/// A lexicon with a fingerprint of its content: phrases expanded with it are cached.
#[derive(Debug, Clone, Copy)]
pub struct KeyedLexicon<'l> {
    pub lexicon: &'l Lexicon,
    key: u64,
}

impl<'l> KeyedLexicon<'l> {
    /// Fingerprints `lexicon` (once per rubric per grader).
    pub fn new(lexicon: &'l Lexicon) -> KeyedLexicon<'l> {
        let mut hasher = rustc_hash::FxHasher::default();
        lexicon.hash(&mut hasher);
        KeyedLexicon {
            lexicon,
            key: hasher.finish(),
        }
    }

    /// [`expand`] of `phrase` with this lexicon, from the cache when expanded before; a
    /// phrase that does not expand (validation reports those) stands for nothing.
    pub fn expand(&self, phrase: &str) -> Arc<[String]> {
        // By (lexicon fingerprint, phrase); a library's rubrics hold a few thousand.
        static EXPANDED: SharedCache<(u64, String), Arc<[String]>> = SharedCache::new(100_000);
        let key = (self.key, phrase.to_string());
        if let Some(found) = EXPANDED.get(&key) {
            return found;
        }
        let expanded: Arc<[String]> = expand(phrase, self.lexicon).unwrap_or_default().into();
        EXPANDED.keep(key, Arc::clone(&expanded));
        expanded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_phrase_with_another_lexicon_expands_with_that_one() {
        let mut one = Lexicon::new();
        one.insert("sorry".into(), vec!["sorry".into()]);
        let mut two = Lexicon::new();
        two.insert("sorry".into(), vec!["apologies".into()]);
        let (one, two) = (KeyedLexicon::new(&one), KeyedLexicon::new(&two));
        assert_eq!(&*one.expand("@sorry for that"), ["sorry for that"]);
        assert_eq!(&*two.expand("@sorry for that"), ["apologies for that"]);
        // And again, from the cache.
        assert_eq!(&*one.expand("@sorry for that"), ["sorry for that"]);
    }
}
