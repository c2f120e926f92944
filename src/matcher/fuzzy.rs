//! Typo tolerance: which words are close enough to a phrase's words (by word length, or a
//! similarity threshold), and the index that keeps the search for them cheap: a reply
//! word is compared with each phrase's longest word, and only where one is close are that
//! phrase's words tried in turn.

use super::{Alternative, Hit, PhraseBook, negated, negated_after};

/// Typo tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fuzzy {
    /// Similarity of at least this (0.5–1) for words of 4+ letters.
    Ratio(f64),
    /// Edits allowed by word length: none up to 3 letters, one up to 6, two beyond; the
    /// first letter must match (typos seldom touch it, and "worry" is not "sorry").
    Auto,
}

impl Fuzzy {
    /// A hashable stand-in, for finding phrases compiled twice.
    pub(super) fn key(self) -> u64 {
        match self {
            Fuzzy::Auto => u64::MAX,
            Fuzzy::Ratio(threshold) => threshold.to_bits(),
        }
    }

    /// Most edits a phrase word of `chars` characters may take (see [`similar`]), never
    /// more than [`MOST_EDITS`] for `auto`.
    fn edits(self, chars: usize) -> usize {
        match self {
            Fuzzy::Auto => match chars {
                0..=3 => 0,
                4..=6 => 1,
                _ => 2,
            },
            Fuzzy::Ratio(threshold) if chars >= 4 => {
                ((1.0 - threshold) * (chars as f64 + 1.0) + 1e-6).floor() as usize
            }
            Fuzzy::Ratio(_) => 0,
        }
    }
}

/// Most edits `auto` allows in any word.
const MOST_EDITS: usize = 2;

/// One word of a fuzzy phrase, with what the cheap rejections need.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct FuzzyWord {
    pub(super) text: String,
    pub(super) chars: usize,
    /// [`letters`] of the word.
    letters: Option<u64>,
}

impl FuzzyWord {
    pub(super) fn new(text: &str) -> FuzzyWord {
        FuzzyWord {
            text: text.to_string(),
            chars: text.chars().count(),
            letters: letters(text),
        }
    }
}

/// The bytes an ASCII word holds, as a set of 64 (a byte and the byte 64 on share a
/// place); `None` for other words. Each place held by one word and not the other stands
/// for at least one letter more in one of them, so the places that differ are a lower
/// bound on [`letter_difference`] found in two instructions: most pairs of words a
/// typo is looked for in are rejected by it, where counting their letters was most of
/// the cost of typo tolerance (about 450 instructions a pair).
fn letters(word: &str) -> Option<u64> {
    word.is_ascii()
        .then(|| word.bytes().fold(0, |set, b| set | 1 << (b % 64)))
}

/// Where typo-tolerant alternatives are tried. A grader holds thousands of them (every
/// way of saying "I am so sorry"); trying each at every word of a reply was most of the
/// cost of grading (2,000 transcripts took 1.4 s, now 0.5 s). A typo has to sit in a word
/// long enough to take one, so each alternative is filed under its longest word: a
/// reply word is compared with the few hundred distinct long words (by first letter,
/// which `auto` never changes), and only where one is close are its alternatives'
/// windows tried.
///
/// Long words are referred to by their index in `long`: looking each up by its text for
/// every reply word was a third of the time of scanning a long reply.
#[derive(Debug, Default)]
pub(super) struct FuzzyIndex {
    /// Each distinct (long word, tolerance): the word, and the alternatives holding it
    /// with its position in them.
    long: Vec<LongWord>,
    /// Where each (long word, tolerance) is in `long` (while building).
    by_key: rustc_hash::FxHashMap<LongWordKey, usize>,
    /// `auto` long words by their first letter, shortest first: a reply word is compared
    /// only with those within two letters of its length (`auto` allows at most two
    /// edits). Comparing it with every long word of its initial was 90% of the cost of
    /// typo tolerance, itself most of the cost of scanning a reply.
    by_initial: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// Threshold long words (their first letter may change): compared with every word…
    everywhere: Vec<usize>,
    /// …or, for a reply word of up to [`BY_LENGTH`] characters, only with those whose
    /// threshold allows its length (index: the reply word's length). Comparing every
    /// reply word with every threshold word was most of the cost of typo tolerance.
    everywhere_by_length: Vec<Vec<usize>>,
}

/// Reply word lengths for which the threshold words that could match are listed.
const BY_LENGTH: usize = 40;

/// A long word and the tolerance it is compared with ([`Fuzzy::key`]).
type LongWordKey = (String, u64);

/// A long word, its tolerance, and the alternatives holding it: (phrase, alternative,
/// position of the word in it).
type LongWord = (FuzzyWord, Fuzzy, Vec<(u32, u32, u32)>);

impl FuzzyIndex {
    pub(super) fn is_empty(&self) -> bool {
        self.long.is_empty()
    }

    /// Orders each initial's long words by length, and lists the threshold words each
    /// reply word length could match, once all are filed.
    pub(super) fn finish(&mut self) {
        for words in self.by_initial.values_mut() {
            words.sort_by_key(|&index| (self.long[index].0.chars, index));
        }
        self.everywhere_by_length = (0..=BY_LENGTH)
            .map(|chars| {
                self.everywhere
                    .iter()
                    .copied()
                    .filter(|&index| {
                        let (word, fuzzy, _) = &self.long[index];
                        lengths_allow(word.chars, chars, *fuzzy)
                    })
                    .collect()
            })
            .collect();
    }

    /// The threshold long words a reply word of `chars` characters could be a typo of.
    fn everywhere_for(&self, chars: usize) -> &[usize] {
        self.everywhere_by_length
            .get(chars)
            .map_or(&self.everywhere[..], Vec::as_slice)
    }

    /// The `auto` long words of `word`'s initial that a word of `chars` characters could
    /// be a typo of (within two letters of its length).
    fn near_in_length(&self, word: &str, chars: usize) -> &[usize] {
        let Some(words) = word.chars().next().and_then(|c| self.by_initial.get(&c)) else {
            return &[];
        };
        let length = |index: &usize| self.long[*index].0.chars;
        let from = words.partition_point(|i| length(i) + MOST_EDITS < chars);
        let to = words.partition_point(|i| length(i) <= chars + MOST_EDITS);
        &words[from..to.max(from)]
    }

    /// Files alternative `k` of phrase `i` under its longest word.
    pub(super) fn add(&mut self, i: usize, k: usize, alternative: &Alternative, fuzzy: Fuzzy) {
        let Some((pos, long)) = alternative
            .words
            .iter()
            .enumerate()
            .max_by_key(|(p, w)| (w.chars, std::cmp::Reverse(*p)))
        else {
            return;
        };
        // No word long enough for a typo: only an exact match could hit.
        if fuzzy.edits(long.chars) == 0 {
            return;
        }
        let key = (long.text.clone(), fuzzy.key());
        let index = *self.by_key.entry(key).or_insert_with(|| {
            let index = self.long.len();
            match (fuzzy, long.text.chars().next()) {
                (Fuzzy::Auto, Some(initial)) => {
                    self.by_initial.entry(initial).or_default().push(index)
                }
                _ => self.everywhere.push(index),
            }
            self.long.push((long.clone(), fuzzy, Vec::new()));
            index
        });
        self.long[index].2.push((i as u32, k as u32, pos as u32));
    }
}

/// Replies longer than this many words remember which long words each of their words is
/// close to (typo tolerance), rather than comparing every occurrence afresh.
const REMEMBER_CLOSE_WORDS: usize = 200;

impl PhraseBook {
    /// The hits typo tolerance finds in a reply's `words`, for the phrases `wanted`
    /// accepts.
    pub(super) fn fuzzy_hits(
        &self,
        text: &str,
        words: &ReplyWords<'_>,
        wanted: impl Fn(u32) -> bool,
    ) -> Vec<(u32, Hit)> {
        let mut found = Vec::new();
        // The long words each reply word is close to. A long reply uses the same words
        // over and over, so there they are found once per distinct word (a 7 MB reply
        // took 1.1 s to scan when every word was compared afresh, 0.8 s so); in a short
        // one, remembering them costs more than it saves.
        let remember = words.spans.len() > REMEMBER_CLOSE_WORDS;
        let mut close: rustc_hash::FxHashMap<&str, std::ops::Range<usize>> = Default::default();
        let mut close_to: Vec<usize> = Vec::new();
        for (i, &(s, e)) in words.spans.iter().enumerate() {
            let word = &text[s..e];
            let find = |close_to: &mut Vec<usize>| {
                let from = close_to.len();
                let by_initial = self.fuzzy.near_in_length(word, words.chars[i]);
                let everywhere = self.fuzzy.everywhere_for(words.chars[i]);
                for &index in by_initial.iter().chain(everywhere) {
                    let (long, tolerance, _) = &self.fuzzy.long[index];
                    if long.text == word
                        || similar(long, word, words.chars[i], words.letters[i], *tolerance)
                    {
                        close_to.push(index);
                    }
                }
                from..close_to.len()
            };
            let range = if remember {
                close
                    .entry(word)
                    .or_insert_with(|| find(&mut close_to))
                    .clone()
            } else {
                close_to.clear();
                find(&mut close_to)
            };
            for &index in &close_to[range] {
                for &(phrase, alternative, pos) in &self.fuzzy.long[index].2 {
                    let pos = pos as usize;
                    if i >= pos && wanted(phrase) {
                        self.fuzzy_window(phrase, alternative, i - pos, text, words, &mut found);
                    }
                }
            }
        }
        found
    }

    /// Word-window comparison for typos: every phrase word must be equal, or (for words of
    /// 4+ letters) similar above the threshold, to the reply word in the same position.
    /// Windows are tried only where the phrase's exact-only word occurs, if it has one.
    /// Tries alternative `alternative` of phrase `phrase` with typo tolerance on the
    /// reply's words from `at`: every phrase word equal, or similar within the edits its
    /// length allows, to the reply word in the same position.
    fn fuzzy_window(
        &self,
        phrase: u32,
        alternative: u32,
        at: usize,
        text: &str,
        reply: &ReplyWords<'_>,
        hits: &mut Vec<(u32, Hit)>,
    ) {
        let written = &self.phrases[phrase as usize];
        let Some(fuzzy) = written.options.fuzzy else {
            return;
        };
        let words = &written.alternatives[alternative as usize].words;
        let n = words.len();
        if at + n > reply.spans.len() {
            return;
        }
        let matches = words.iter().enumerate().all(|(k, want)| {
            let (s, e) = reply.spans[at + k];
            let got = &text[s..e];
            want.text == got
                || similar(want, got, reply.chars[at + k], reply.letters[at + k], fuzzy)
        });
        if !matches {
            return;
        }
        let (start, end) = (reply.spans[at].0, reply.spans[at + n - 1].1);
        if !(written.options.negation && (negated(text, start) || negated_after(text, end))) {
            hits.push((
                phrase,
                Hit {
                    start,
                    end,
                    fuzzy: true,
                },
            ));
        }
    }
}

/// A reply's words and their lengths in characters, for typo tolerance.
pub(super) struct ReplyWords<'a> {
    spans: &'a [(usize, usize)],
    pub(crate) chars: Vec<usize>,
    /// [`letters`] of each word.
    letters: Vec<Option<u64>>,
}

impl<'a> ReplyWords<'a> {
    /// The words at `spans` of `text`, their lengths written into `chars` (emptied first).
    pub(super) fn new(
        text: &str,
        spans: &'a [(usize, usize)],
        mut chars: Vec<usize>,
    ) -> ReplyWords<'a> {
        let ascii = text.is_ascii();
        chars.clear();
        chars.extend(spans.iter().map(|&(s, e)| {
            if ascii {
                e - s
            } else {
                text[s..e].chars().count()
            }
        }));
        let letters = spans.iter().map(|&(s, e)| letters(&text[s..e])).collect();
        ReplyWords {
            spans,
            chars,
            letters,
        }
    }
}

/// The edits a word of `b` characters may take to be a typo of a phrase word of `a`
/// (0: it cannot be one).
fn allowed_edits(a: usize, b: usize, fuzzy: Fuzzy) -> usize {
    if b < 3 {
        return 0;
    }
    match fuzzy {
        Fuzzy::Auto => fuzzy.edits(a),
        // The ratio is over the longer word, as it always was.
        Fuzzy::Ratio(_) if a < 4 => 0,
        Fuzzy::Ratio(threshold) => ((1.0 - threshold) * a.max(b) as f64 + 1e-9).floor() as usize,
    }
}

/// Whether a word of `b` characters is close enough in length to be a typo of a phrase
/// word of `a`.
fn lengths_allow(a: usize, b: usize, fuzzy: Fuzzy) -> bool {
    let allowed = allowed_edits(a, b, fuzzy);
    allowed > 0 && a.abs_diff(b) <= allowed
}

/// Typo tolerance for one word: lengths close enough for the edits allowed (a cheap
/// reject), then optimal-string-alignment distance (edits and adjacent transpositions).
fn similar(
    want: &FuzzyWord,
    got: &str,
    got_chars: usize,
    got_letters: Option<u64>,
    fuzzy: Fuzzy,
) -> bool {
    let (a, b) = (want.chars, got_chars);
    if fuzzy == Fuzzy::Auto && want.text.chars().next() != got.chars().next() {
        return false;
    }
    let allowed = allowed_edits(a, b, fuzzy);
    if allowed == 0 || a.abs_diff(b) > allowed {
        return false;
    }
    // Cheap lower bounds first: an insertion or deletion changes the letter counts by
    // one, a substitution by two, a transposition not at all, so the distance is at least
    // half the difference in letter counts, itself at least the letters one word holds
    // and the other does not.
    if let (Some(a), Some(b)) = (want.letters, got_letters)
        && (a ^ b).count_ones() as usize > 2 * allowed
    {
        return false;
    }
    if let Some(difference) = letter_difference(&want.text, got)
        && difference as usize > 2 * allowed
    {
        return false;
    }
    strsim::osa_distance(&want.text, got) <= allowed
}

/// The summed difference in how often each byte occurs in two ASCII words (`None` unless
/// both are ASCII).
fn letter_difference(a: &str, b: &str) -> Option<u32> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut counts = [0i16; 128];
    for &byte in a.as_bytes() {
        counts[usize::from(byte)] += 1;
    }
    for &byte in b.as_bytes() {
        counts[usize::from(byte)] -= 1;
    }
    Some(counts.iter().map(|c| c.unsigned_abs() as u32).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn letter_difference_never_exceeds_twice_the_edit_distance(
            a in "[a-e!@A-E]{0,10}", b in "[a-e!@A-E]{0,10}"
        ) {
            let difference = letter_difference(&a, &b).expect("ASCII");
            prop_assert!(difference as usize <= 2 * strsim::osa_distance(&a, &b));
            let places = (letters(&a).expect("ASCII") ^ letters(&b).expect("ASCII")).count_ones();
            prop_assert!(places <= difference);
        }
    }
}
