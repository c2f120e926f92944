//! Mirroring: the customer's key words (stop words out, stems in) and how many of them
//! a reply takes up, as a profile made once per text.

use crate::matcher::{is_cjk, words};

/// Words that carry no topic, left out when looking for the customer's key words. (Packed
/// by hand: a word list reads best that way, not one word a line.)
#[rustfmt::skip]
pub(super) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "cannot", "could", "did", "do", "does", "for", "from", "get",
    "got", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "just", "me", "my", "no", "not", "now", "of", "on", "or", "our",
    "out", "she", "so", "still", "that", "the", "their", "them", "then", "there", "they",
    "this", "to", "too", "up", "us", "very", "was", "we", "were", "what", "when", "which",
    "who", "why", "will", "with", "would", "you", "your", "yes", "ok", "okay", "really",
    "want", "need", "one", "two", "know", "being", "going", "say", "said", "tell", "told",
    "let", "like", "make", "made", "的", "了", "是", "我", "你", "您", "吗", "呢", "啊", "吧", "在", "有",
    "和", "就", "也", "都", "这", "那",
    // Greetings and thanks carry no topic: echoing "hello" is not listening.
    "hello", "hi", "hey", "thanks", "thank", "please", "good", "morning", "afternoon",
    "evening", "sorry",
];

/// Whether two short byte strings are equal, compared in place (a library call costs
/// more than the comparison for words this short).
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `word`, whose [`hash_bytes`] is `hash`, is a stop word: one look-up by the
/// hash already made instead of string comparisons (this runs on every word of every
/// reply); the word is compared only when its hash is a stop word's.
pub(super) fn is_stop_word(word: &str, hash: u64) -> bool {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<u64, &'static str>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        STOP_WORDS
            .iter()
            .map(|&stop| (hash_bytes(stop.as_bytes()), stop))
            .collect()
    });
    table
        .get(&hash)
        .is_some_and(|stop| same_bytes(stop.as_bytes(), word.as_bytes()))
}

/// What the mirror, echo and repetition checks need to know about one normalised text,
/// computed once per text: its words, its adjacent word pairs (hashed) and its key terms.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Number of words.
    pub words: usize,
    /// Hash of each adjacent word pair, sorted (repeats kept: they count).
    pairs: Vec<u64>,
    /// Key terms: hash, whether it stands in a fragment (see [`FRAGMENT_WORDS`]) and
    /// byte range in the text, sorted by hash, one per term (outside a fragment if it
    /// occurs outside one anywhere).
    terms: Vec<(u64, bool, u32, u32)>,
    /// Hash of the whole text: equal texts have equal hashes.
    pub whole: u64,
    /// A bit per pair (chosen by its hash): pairs whose bit another profile lacks are
    /// surely not among its pairs, which settles most comparisons at once.
    signature: u64,
}

pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_u8(0xff);
    hasher.finish()
}

/// One hash for two words in order, from theirs.
pub(super) fn hash_pair(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Profile {
    /// Profiles a normalised text.
    pub fn new(text: &str) -> Profile {
        Profile::from_words(text, &words(text))
    }

    /// Profiles a normalised text whose [`words`] are already known. Each word is hashed
    /// once; its pair with the previous word and its key term are made from that hash.
    pub fn from_words(text: &str, spans: &[(usize, usize)]) -> Profile {
        Profile::reusing(text, spans, Profile::default())
    }

    /// [`Profile::from_words`], reusing the buffers of a profile no longer needed.
    pub fn reusing(text: &str, spans: &[(usize, usize)], spare: Profile) -> Profile {
        let ascii = text.is_ascii();
        let (mut pairs, mut terms) = (spare.pairs, spare.terms);
        pairs.clear();
        terms.clear();
        pairs.reserve(spans.len().saturating_sub(1));
        terms.reserve(spans.len());
        let mut previous = None;
        // Where the current sentence's terms start in `terms`, and its first word.
        let (mut sentence_terms, mut sentence_start) = (0, 0);
        for (i, &(s, e)) in spans.iter().enumerate() {
            if i > 0 && ends_sentence(&text[spans[i - 1].1..s]) {
                mark_fragment(&mut terms[sentence_terms..], i - sentence_start);
                (sentence_terms, sentence_start) = (terms.len(), i);
            }
            let hash = hash_bytes(&text.as_bytes()[s..e]);
            if let Some(previous) = previous {
                pairs.push(hash_pair(previous, hash));
            }
            previous = Some(hash);
            if let Some((hash, s, e)) = key_term(text, spans, i, hash, ascii) {
                terms.push((hash, false, s, e));
            }
        }
        mark_fragment(&mut terms[sentence_terms..], spans.len() - sentence_start);
        pairs.sort_unstable();
        let signature = pairs.iter().fold(0, |bits, pair| bits | 1 << (pair >> 58));
        terms.sort_unstable();
        terms.dedup_by_key(|t| t.0);
        Profile {
            words: spans.len(),
            terms,
            pairs,
            whole: hash_bytes(text.as_bytes()),
            signature,
        }
    }

    /// For each of this text's word pairs, in order, whether `source` has it too. Both
    /// lists are sorted, so this is one merge walk.
    fn shared_pairs<'p>(&'p self, source: &'p Profile) -> impl Iterator<Item = bool> + 'p {
        let mut j = 0;
        self.pairs.iter().map(move |&pair| {
            while j < source.pairs.len() && source.pairs[j] < pair {
                j += 1;
            }
            j < source.pairs.len() && source.pairs[j] == pair
        })
    }

    /// Share of this text's word pairs that also occur in `source`.
    pub fn copied_from(&self, source: &Profile) -> f64 {
        if self.pairs.is_empty() {
            return 0.0;
        }
        let copied = self.shared_pairs(source).filter(|&shared| shared).count();
        copied as f64 / self.pairs.len() as f64
    }

    /// Whether `copied_from(source) >= share`, deciding as soon as the walk makes the
    /// answer certain: unrelated texts part ways within a few pairs.
    pub fn copied_at_least(&self, source: &Profile, share: f64) -> bool {
        let total = self.pairs.len();
        if total == 0 {
            return 0.0 >= share;
        }
        // Each signature bit `source` lacks stands for at least one pair it does not have;
        // more of those than the share can spare (with a pair to spare for rounding) and
        // the answer is no.
        let surely_missed = (self.signature & !source.signature).count_ones();
        if f64::from(surely_missed) > (1.0 - share) * total as f64 + 1.0 {
            return false;
        }
        let (mut copied, mut missed) = (0, 0);
        for shared in self.shared_pairs(source) {
            if shared {
                copied += 1;
                if copied as f64 / total as f64 >= share {
                    return true;
                }
            } else {
                missed += 1;
                if ((total - missed) as f64 / total as f64) < share {
                    return false;
                }
            }
        }
        copied as f64 / total as f64 >= share
    }

    /// Where the term with this hash stands in a full sentence of the text, if it does.
    fn reflected(&self, hash: u64) -> Option<(usize, usize)> {
        let i = self.terms.binary_search_by_key(&hash, |t| t.0).ok()?;
        let (_, fragment, s, e) = self.terms[i];
        (!fragment).then_some((s as usize, e as usize))
    }
}

/// A sentence of fewer words is a fragment: "Oak desk." or "Refund. Two weeks." notes the
/// customer's words without reflecting them back.
pub(super) const FRAGMENT_WORDS: usize = 3;

/// Marks a sentence's terms as standing in a fragment when it has too few words.
pub(super) fn mark_fragment(terms: &mut [(u64, bool, u32, u32)], words: usize) {
    if words < FRAGMENT_WORDS {
        for term in terms {
            term.1 = true;
        }
    }
}

/// Whether the text between two words ends a sentence.
pub(super) fn ends_sentence(between: &str) -> bool {
    between
        .chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ';' | '\n' | '。' | '！' | '？' | '；'))
}

/// Word `i`'s key term, if it is one, as (hash, start, end): a Latin word of 3+ letters
/// not in the stop list, crudely stemmed, or a CJK character with the next one. `hash` is
/// the word's own, reused where the term is the whole word.
pub(super) fn key_term(
    text: &str,
    spans: &[(usize, usize)],
    i: usize,
    hash: u64,
    ascii: bool,
) -> Option<(u64, u32, u32)> {
    let (s, e) = spans[i];
    let word = &text[s..e];
    if ascii || !word.chars().all(is_cjk) {
        let long_enough = if ascii {
            word.len() >= 3
        } else {
            word.chars().count() >= 3
        };
        if !long_enough || is_stop_word(word, hash) {
            return None;
        }
        let stem = stem(word);
        let hash = if stem.len() == word.len() {
            hash
        } else {
            hash_bytes(stem.as_bytes())
        };
        return Some((hash, s as u32, (s + stem.len()) as u32));
    }
    let &(s2, e2) = spans.get(i + 1)?;
    if s2 != e || !text[s2..e2].chars().all(is_cjk) {
        return None;
    }
    let pair = &text[s..e2];
    if pair.chars().any(|c| {
        let mut buffer = [0; 4];
        let c = c.encode_utf8(&mut buffer);
        is_stop_word(c, hash_bytes(c.as_bytes()))
    }) {
        return None;
    }
    Some((hash_bytes(pair.as_bytes()), s as u32, e2 as u32))
}

/// A crude stem so "delays" mirrors "delay" and "disappointed" mirrors "disappointing".
pub(super) fn stem(word: &str) -> &str {
    // Every suffix ends in one of these: most words are let go at once.
    if !matches!(word.as_bytes().last(), Some(b'g' | b'd' | b's')) {
        return word;
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return &word[..word.len() - suffix.len()];
        }
    }
    word
}

/// How many of the customer's key terms the reply reuses, and how much of the reply is a
/// straight copy of the customer (share of the reply's word pairs found in the customer's).
pub fn mirror(reply: &Profile, customer: &Profile) -> (usize, f64) {
    let reused = customer
        .terms
        .iter()
        .filter(|t| reply.reflected(t.0).is_some())
        .count();
    (reused, reply.copied_from(customer))
}

/// The customer's key terms the reply reuses, as they stand in the (normalised) reply,
/// sorted: the words a trainer sees as mirrored.
pub fn mirrored_terms<'t>(
    reply: &Profile,
    reply_text: &'t str,
    customer: &Profile,
) -> Vec<&'t str> {
    let mut terms: Vec<&str> = customer
        .terms
        .iter()
        .filter_map(|t| reply.reflected(t.0))
        .map(|(s, e)| &reply_text[s..e])
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}
