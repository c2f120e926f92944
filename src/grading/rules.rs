//! The checks behind rule kinds that are not plain phrase lists: questions, mirroring and
//! style. Each is a small pure function over one normalised reply.

use super::Note;
use crate::matcher::{is_cjk, words};
use crate::rubric::{AskKind, StyleFile};

/// Words that carry no topic, left out when looking for the customer's key words. (Packed
/// by hand: a word list reads best that way, not one word a line.)
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
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
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `word`, whose [`hash_bytes`] is `hash`, is a stop word: one look-up by the
/// hash already made instead of string comparisons (this runs on every word of every
/// reply); the word is compared only when its hash is a stop word's.
fn is_stop_word(word: &str, hash: u64) -> bool {
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

const OPEN_STARTERS: &[&str] = &[
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "tell me",
    "describe",
    "walk me through",
    "explain",
    "could you share",
    "can you share",
    "什么",
    "怎么",
    "如何",
    "哪",
    "为什么",
    "请问",
    "多少",
];

const CLARIFYING: &[&str] = &[
    "is that right",
    "is that correct",
    "do you mean",
    "did you mean",
    "just to confirm",
    "to confirm",
    "can you confirm",
    "could you confirm",
    "am i right",
    "have i got that",
    "did i understand",
    "so you",
    "you mean",
    "was it",
    "is it",
    "are you",
    "did you",
    "do you",
    "对吗",
    "是吗",
    "是不是",
    "确认",
    "对不对",
];

/// Sentences (byte ranges) of a normalised text that end in a question mark, leading
/// spaces left out. Sentence ends are ASCII or '。', so this reads bytes.
fn questions(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const FULL_STOP: &[u8] = "。".as_bytes();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let b = bytes[at];
            at += 1;
            match b {
                b'?' => {
                    let sentence = (start, at);
                    start = at;
                    let lead = bytes[sentence.0..]
                        .iter()
                        .take_while(|b| **b == b' ')
                        .count();
                    return Some((sentence.0 + lead, sentence.1));
                }
                b'.' | b'!' | b'\n' => start = at,
                0xE3 if bytes[at - 1..].starts_with(FULL_STOP) => {
                    at += FULL_STOP.len() - 1;
                    start = at;
                }
                _ => {}
            }
        }
        None
    })
}

/// Imperatives that invite the customer's account, at the start of a sentence.
const INVITES: &[&str] = &[
    "tell me what happened",
    "tell me what is",
    "tell me what has",
    "tell me what went",
    "tell me about",
    "tell me how",
    "tell me why",
    "tell me more",
    "tell me everything",
    "tell me a bit",
    "tell me a little",
    "walk me through",
    "talk me through",
    "describe what",
    "describe how",
    "fill me in",
    "let me know what happened",
    "let me know how",
    "fire away",
    "describe it",
    "describe the",
];

/// Open questions typed without a question mark, as the last line of a chat reply.
const UNMARKED: &[&str] = &[
    "how can i",
    "how may i",
    "what happened",
    "what happend",
    "what is up",
    "whats up",
    "what is going on",
    "what seems",
    "what can i do",
    "what would you like",
    "what is the issue",
    "whats the issue",
    "what is the problem",
    "whats the problem",
    "what is wrong",
];

/// The first sentence, not ending in a question mark, that invites the customer to
/// explain: an imperative invitation, or an open question left unmarked at the end.
fn invitation(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes
        .iter()
        .enumerate()
        .chain(std::iter::once((bytes.len(), &b'\n')))
    {
        // A clause after a dash, a colon or a semicolon may invite too: "Happy to help
        // with the sofa - tell me what's been going on."
        let dash = b == b'-' && i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' ');
        if !matches!(b, b'.' | b'!' | b'?' | b'\n' | b';' | b':') && !dash {
            continue;
        }
        let last = i == bytes.len();
        if b != b'?' {
            let sentence = strip_fillers(&text[start..i]);
            let at = i - sentence.len();
            let invites = INVITES.iter().any(|w| starts_with_words(sentence, w));
            let unmarked = last && UNMARKED.iter().any(|w| starts_with_words(sentence, w));
            if (invites || unmarked) && !sentence.is_empty() {
                return Some((at, i));
            }
        }
        start = (i + 1).min(bytes.len());
    }
    None
}

/// The text without the fillers a sentence may open with ("so", "please", "now"…).
fn strip_fillers(mut sentence: &str) -> &str {
    const FILLERS: &[&str] = &[
        "so", "please", "now", "and", "ok", "okay", "right", "sure", "go on", "just", "then",
        "lol", "hi", "hey", "hello",
    ];
    loop {
        let trimmed = sentence.trim_start_matches([' ', ',', '-']);
        match FILLERS.iter().find(|f| starts_with_words(trimmed, f)) {
            Some(f) => sentence = &trimmed[f.len()..],
            None => return trimmed,
        }
    }
}

/// Whether `text` starts with the words `words`, ending on a word boundary.
fn starts_with_words(text: &str, words: &str) -> bool {
    text.starts_with(words)
        && !text[words.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

/// Words that make a question about the customer's situation rather than a slot to fill:
/// "How can I help?", "What happened?" are open; "What time?", "Which city?" are not.
const SITUATION: &[&str] = &[
    "help",
    "assist",
    "happen",
    "happened",
    "happening",
    "problem",
    "issue",
    "issues",
    "wrong",
    "going on",
    "more about",
    "tell me more",
    "tell me about",
    "tell me what",
    "describe",
    "walk me through",
    "explain",
    "concern",
    "concerns",
    "looking for",
    "can i do",
    "do for you",
    "brings you",
    "situation",
    "trouble",
    "experience",
    "feel",
    "mean by",
    "include",
    "working with",
    "dealing with",
    "in mind",
    "hoping",
    "use it for",
    "using it for",
    "a hand",
    "look like",
    "like to know",
    "sort out",
    "look at",
    "look into",
    "帮",
    "问题",
    "情况",
    "怎么回事",
    "需要",
    "什么事",
    "发生",
];

/// Offers phrased as questions ("would you like me to explain…?") are not open questions.
const OFFERS: &[&str] = &[
    "would you like me to",
    "shall i",
    "do you want me to",
    "should i",
];

/// The first question of each kind, indexed by [`AskKind`] as a number. The term lists are
/// searched once over the whole text, then each question sentence looks at the terms
/// inside it.
pub fn first_questions(text: &str) -> [Option<(usize, usize)>; 3] {
    let mut found = [None; 3];
    // Invitations need no question mark: "Tell me what happened." and, in chat, a last
    // line with none ("whats up", "what happend when u tried to pay").
    if let Some((s, e)) = invitation(text) {
        found[AskKind::Open as usize] = Some((s, e));
        found[AskKind::Any as usize] = Some((s, e));
    }
    if !text.contains('?') {
        return found;
    }
    for (s, e) in questions(text) {
        // Only the terms inside the question count.
        let terms = terms_in(text, s, e);
        let has = |list: Terms| terms.iter().any(|&(l, _, _)| l == list as u8);
        let kinds = [
            (AskKind::Any, true),
            (
                AskKind::Open,
                !has(Terms::Offers)
                    && (has(Terms::Frame) || (has(Terms::Open) && has(Terms::Situation)))
                    && !slot_filling(text, s, e),
            ),
            (AskKind::Clarifying, has(Terms::Clarifying)),
        ];
        for (kind, holds) in kinds {
            if holds && found[kind as usize].is_none() {
                found[kind as usize] = Some((s, e));
            }
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found
}

/// Ways of asking that invite the customer's own account, whatever the topic.
const OPEN_FRAMES: &[&str] = &[
    "how can i",
    "how may i",
    "how might i",
    "how could i",
    "how can we",
    "how may we",
    "what happened",
    "what is happening",
    "what is going on",
    "what seems",
    "what brings",
    "what can i do",
    "what can we do",
    "what went wrong",
    "what is wrong",
    "what is the problem",
    "what is the issue",
    "why",
    "tell me more",
    "tell me about",
    "tell me what",
    "tell me how",
    "tell me why",
    "tell me a bit",
    "tell me a little",
    "describe",
    "walk me through",
    "explain",
    "how did",
    "how does",
    "how do you",
    "how is it",
    "how is the",
    "how is your",
    "how are things",
    "how was",
    "how were",
    "how has",
    "how have",
    "how often",
    "how long has",
    "how long have",
    "what do you think",
    "what do you mean",
    "what do you need",
    "what do you notice",
    "what would you like me to",
    "what would you like to do",
    "what would you like to discuss",
    "what made",
    "what led",
    "what did you",
    "what does it",
    "what have you",
    "what are you hoping",
    "怎么回事",
    "什么问题",
    "什么情况",
    "什么需要",
    "什么可以帮",
    "什么能帮",
    "哪里不",
];

/// Questions that ask for one detail rather than the customer's account of things:
/// "What time?", "Which city?", "Where are you flying to?", "How many people?".
const SLOT_STARTERS: &[&str] = &[
    "which",
    "when",
    "where",
    "who",
    "how many",
    "how much",
    "what time",
    "what date",
    "what day",
    "what city",
    "what kind",
    "what type",
    "what sort",
    "what size",
    "what colour",
    "what color",
    "what number",
    "what is your",
    "what are your",
    "what was your",
    "what is the",
    "what name",
    "what price",
    "what model",
    "what brand",
    "and what",
    "and which",
    "and when",
    "and where",
    "from where",
    "from what",
    "from which",
    "in which",
    "in what",
    "at what",
    "for what",
    "for which",
    "till when",
    "until when",
    "since when",
    "on what",
    "on which",
    "to where",
    "how long is",
    "how long will",
    "how long do",
    "how long would",
    "how old",
];

/// Whether the question `text[start..end]` asks for a single detail: it opens (after
/// "sure,", "okay and"…) with a slot-filling word, or it is three words or fewer ("What
/// for?", "How so?").
fn slot_filling(text: &str, start: usize, end: usize) -> bool {
    let mut question = &text[start..end];
    loop {
        let trimmed = question.trim_start_matches([' ', ',']);
        let filler = [
            "sure",
            "okay",
            "ok",
            "great",
            "alright",
            "all right",
            "and",
            "also",
            "so",
            "perfect",
            "right",
            "cool",
            "fine",
            "thanks",
            "thank you",
            "no problem",
        ]
        .iter()
        .find(|f| {
            trimmed.starts_with(**f)
                && trimmed[f.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        match filler {
            Some(f) => question = &trimmed[f.len()..],
            None => {
                question = trimmed;
                break;
            }
        }
    }
    let opens = |word: &str| {
        question.starts_with(word)
            && question[word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    SLOT_STARTERS.iter().any(|w| opens(w)) || crate::matcher::words(question).len() <= 3
}

/// The fixed term lists questions are read with.
#[derive(Debug, Clone, Copy)]
enum Terms {
    Open = 0,
    Clarifying = 1,
    Offers = 2,
    Situation = 3,
    Frame = 4,
}

const TERM_LISTS: [&[&str]; 5] = [OPEN_STARTERS, CLARIFYING, OFFERS, SITUATION, OPEN_FRAMES];

/// Every occurrence of a term of any list on word boundaries (CJK terms as sequences)
/// within `text[start..end]`, as (list, start, end), from one automaton over all the
/// lists, built once.
fn terms_in(text: &str, start: usize, end: usize) -> Vec<(u8, usize, usize)> {
    static AUTOMATON: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<(u8, bool)>)> =
        std::sync::OnceLock::new();
    let (automaton, patterns) = AUTOMATON.get_or_init(|| {
        let mut terms = Vec::new();
        let mut patterns = Vec::new();
        for (list, members) in TERM_LISTS.iter().enumerate() {
            for term in members.iter() {
                terms.push(*term);
                patterns.push((list as u8, term.chars().any(is_cjk)));
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(terms)
            .expect("a few dozen short literal terms always compile");
        (automaton, patterns)
    });
    let mut found = Vec::new();
    for m in automaton.find_overlapping_iter(aho_corasick::Input::new(text).range(start..end)) {
        let (list, cjk) = patterns[m.pattern().as_usize()];
        let bounded = cjk
            || (text[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
                && text[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric()));
        if bounded {
            found.push((list, m.start(), m.end()));
        }
    }
    found
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

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_u8(0xff);
    hasher.finish()
}

/// One hash for two words in order, from theirs.
fn hash_pair(first: u64, second: u64) -> u64 {
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
const FRAGMENT_WORDS: usize = 3;

/// Marks a sentence's terms as standing in a fragment when it has too few words.
fn mark_fragment(terms: &mut [(u64, bool, u32, u32)], words: usize) {
    if words < FRAGMENT_WORDS {
        for term in terms {
            term.1 = true;
        }
    }
}

/// Whether the text between two words ends a sentence.
fn ends_sentence(between: &str) -> bool {
    between
        .chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ';' | '\n' | '。' | '！' | '？' | '；'))
}

/// Word `i`'s key term, if it is one, as (hash, start, end): a Latin word of 3+ letters
/// not in the stop list, crudely stemmed, or a CJK character with the next one. `hash` is
/// the word's own, reused where the term is the whole word.
fn key_term(
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
fn stem(word: &str) -> &str {
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

/// What style checks need to know about a reply as typed (original casing), found once.
#[derive(Debug, Clone, Default)]
pub struct StyleFacts {
    /// Number of words.
    pub words: usize,
    /// Words of 3+ letters all in capitals (byte ranges).
    pub caps: Vec<(usize, usize)>,
    /// The first run of repeated exclamation marks.
    pub bangs: Option<(usize, usize)>,
}

impl StyleFacts {
    /// Reads `original` (the reply as typed), whose [`words`] are `spans`.
    pub fn new(original: &str, spans: &[(usize, usize)]) -> StyleFacts {
        let ascii = original.is_ascii();
        let caps = spans
            .iter()
            .copied()
            .filter(|&(s, e)| {
                if ascii {
                    // Most words have a small letter early on.
                    let mut capitals = 0;
                    for &b in &original.as_bytes()[s..e] {
                        if b.is_ascii_lowercase() {
                            return false;
                        }
                        capitals += usize::from(b.is_ascii_uppercase());
                    }
                    return capitals >= 3;
                }
                let word = &original[s..e];
                let mut letters = word.chars().filter(|c| c.is_alphabetic());
                let mut count = 0;
                letters.all(|c| {
                    count += 1;
                    c.is_uppercase()
                }) && count >= 3
            })
            // Codes are not shouting: a word with digits (BA2490, DW4471) or, in a reply
            // that is not all capitals, one of up to four letters (JFK, EST, IBAN).
            .filter(|&(s, e)| {
                let word = &original[s..e];
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let code = word.chars().any(|c| c.is_ascii_digit())
                    || (letters <= 4 && original.chars().any(char::is_lowercase));
                !code
            })
            .collect();
        StyleFacts {
            words: spans.len(),
            caps,
            bangs: bangs(original),
        }
    }
}

/// The first run of two or more exclamation marks (ASCII or full-width).
fn bangs(original: &str) -> Option<(usize, usize)> {
    let bytes = original.as_bytes();
    let double = memchr::memchr_iter(b'!', bytes).find(|&at| bytes.get(at + 1) == Some(&b'!'));
    let at = match double {
        Some(at) => at,
        None if original.is_ascii() => return None,
        None => original.find("！！")?,
    };
    let end = original[at..]
        .find(|c| c != '!' && c != '！')
        .map(|n| at + n)
        .unwrap_or(original.len());
    Some((at, end))
}

/// One style problem; spans are byte ranges of the reply as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleProblem {
    /// A word in capitals.
    Caps(usize, usize),
    /// Repeated exclamation marks.
    Bangs(usize, usize),
    /// Fewer words than the minimum.
    TooShort,
    /// More words than the maximum.
    TooLong,
}

/// The style rule's problems in a reply, in reading order (length last).
pub fn style_problems<'a>(
    original: &'a str,
    facts: &'a StyleFacts,
    style: &'a StyleFile,
) -> impl Iterator<Item = StyleProblem> + 'a {
    let caps = facts
        .caps
        .iter()
        .filter(move |_| style.no_caps)
        .filter(move |&&(s, e)| !style.allow_caps.iter().any(|a| a == &original[s..e]))
        .map(|&(s, e)| StyleProblem::Caps(s, e));
    let bangs = facts
        .bangs
        .filter(|_| style.no_repeated_exclamation)
        .map(|(s, e)| StyleProblem::Bangs(s, e));
    let short = style
        .min_words
        .is_some_and(|min| facts.words < min)
        .then_some(StyleProblem::TooShort);
    let long = style
        .max_words
        .is_some_and(|max| facts.words > max)
        .then_some(StyleProblem::TooLong);
    caps.chain(bangs).chain(short).chain(long)
}

/// What a style problem means, for the trainee.
pub fn style_note(
    original: &str,
    facts: &StyleFacts,
    style: &StyleFile,
    problem: StyleProblem,
) -> Note {
    let words = facts.words;
    match problem {
        StyleProblem::Caps(s, e) => Note::Capitals(original[s..e].to_string()),
        StyleProblem::Bangs(..) => Note::Exclamations,
        StyleProblem::TooShort => Note::TooShort {
            words,
            min: style.min_words.unwrap_or(0),
        },
        StyleProblem::TooLong => Note::TooLong {
            words,
            max: style.max_words.unwrap_or(0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::normalize;

    #[test]
    fn open_and_clarifying_questions() {
        let t = normalize("Thanks. Could you tell me what happened? Is that right?");
        let find_question = |text: &str, kind: AskKind| first_questions(text)[kind as usize];
        assert!(find_question(&t, AskKind::Open).is_some());
        let (s, e) = find_question(&t, AskKind::Clarifying).unwrap();
        assert_eq!(&t[s..e], "is that right?");
        assert!(find_question(&normalize("I will fix it."), AskKind::Any).is_none());
        assert!(find_question(&normalize("请问有什么可以帮您？"), AskKind::Open).is_some());
    }

    #[test]
    fn mirror_counts_key_words_and_copying() {
        let customer = Profile::new(&normalize(
            "I'm really disappointed with the delay on my desk",
        ));
        let reply = Profile::new(&normalize(
            "I understand the delay with your desk is disappointing",
        ));
        let reply_text = normalize("I understand the delay with your desk is disappointing");
        let (reused, copied) = mirror(&reply, &customer);
        assert_eq!(reused, 3);
        assert_eq!(
            mirrored_terms(&reply, &reply_text, &customer),
            vec!["delay", "desk", "disappoint"]
        );
        assert!(copied < 0.5);
        let (_, copied) = mirror(&customer, &customer);
        assert!(copied > 0.99);
    }

    #[test]
    fn every_stop_word_is_found_by_its_hash_and_nothing_else_is() {
        for stop in STOP_WORDS {
            assert!(is_stop_word(stop, hash_bytes(stop.as_bytes())), "{stop}");
        }
        for word in ["desk", "delivery", "thee", "yours", "订单"] {
            assert!(!is_stop_word(word, hash_bytes(word.as_bytes())), "{word}");
        }
    }

    /// Question sentences read char by char, as the byte reader must find them.
    fn questions_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            match c {
                '?' => {
                    found.push((start, i + 1));
                    start = i + 1;
                }
                '.' | '!' | '。' | '\n' => start = i + c.len_utf8(),
                _ => {}
            }
        }
        found
            .into_iter()
            .map(|(s, e)| (s + text[s..e].len() - text[s..e].trim_start().len(), e))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn questions_are_read_by_bytes_as_by_chars(text in "([a-z]{1,4}| |[?.!]|。|好|？|\n){0,24}") {
            let text = crate::matcher::normalize(&text);
            let by_bytes: Vec<_> = questions(&text).collect();
            proptest::prop_assert_eq!(by_bytes, questions_by_chars(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn copied_at_least_decides_like_copied_from(
            a in "([a-d] ){0,12}", b in "([a-d] ){0,12}", share in 0.0f64..=1.0
        ) {
            let (a, b) = (Profile::new(&a), Profile::new(&b));
            proptest::prop_assert_eq!(a.copied_at_least(&b, share), a.copied_from(&b) >= share);
            proptest::prop_assert_eq!(a.copied_at_least(&b, 0.9), a.copied_from(&b) >= 0.9);
        }

        #[test]
        fn copied_at_least_decides_like_copied_from_on_near_copies(
            words in proptest::collection::vec("[a-z]{1,3}", 2..40),
            edits in proptest::collection::vec((0usize..40, "[a-z]{1,3}"), 0..4),
            share in 0.5f64..=1.0,
        ) {
            // Long texts over many words and a copy with a few words changed: the
            // signature check sees many distinct pairs, and the copy is close to the share.
            let mut copy = words.clone();
            for (at, word) in edits {
                let at = at % copy.len();
                copy[at] = word;
            }
            let (a, b) = (Profile::new(&words.join(" ")), Profile::new(&copy.join(" ")));
            proptest::prop_assert_eq!(a.copied_at_least(&b, share), a.copied_from(&b) >= share);
            proptest::prop_assert_eq!(b.copied_at_least(&a, 0.9), b.copied_from(&a) >= 0.9);
            proptest::prop_assert_eq!(a.copied_at_least(&b, 0.8), a.copied_from(&b) >= 0.8);
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_caps_match_the_unicode_reading(text in "([A-Za-z']{1,6}|[A-Z]{3,5}|[ .,!?0-9-]{1,3}){0,10}") {
            // The same words read through the char-based path, by appending a non-ASCII
            // character that is not part of any word.
            let padded = format!("{text} \u{2013}");
            let ascii = StyleFacts::new(&text, &words(&text));
            let unicode = StyleFacts::new(&padded, &words(&padded));
            proptest::prop_assert_eq!(ascii.caps, unicode.caps);
            proptest::prop_assert_eq!(ascii.bangs, unicode.bangs);
        }
    }

    #[test]
    fn style_catches_caps_and_bangs() {
        let style = StyleFile {
            no_caps: true,
            no_repeated_exclamation: true,
            allow_caps: vec!["ID".into()],
            ..StyleFile::default()
        };
        let shouted = "PLEASE respond with your ID!!!";
        let facts = StyleFacts::new(shouted, &words(shouted));
        let found: Vec<StyleProblem> = style_problems(shouted, &facts, &style).collect();
        assert_eq!(
            found,
            vec![StyleProblem::Caps(0, 6), StyleProblem::Bangs(27, 30)]
        );
        assert!(
            style_note(shouted, &facts, &style, found[0])
                .to_string()
                .contains("PLEASE")
        );
        let calm = "Please respond with your ID.";
        let facts = StyleFacts::new(calm, &words(calm));
        assert_eq!(style_problems(calm, &facts, &style).count(), 0);
        // Codes are not shouting; a reply in capitals is, short words and all.
        let codes = "Your flight BA2490 leaves JFK at 9 EST; the ABC123 desk has your IBAN.";
        let facts = StyleFacts::new(codes, &words(codes));
        assert_eq!(style_problems(codes, &facts, &style).count(), 0);
        let loud = "HI THIS IS SAM HOW CAN I HELP";
        let facts = StyleFacts::new(loud, &words(loud));
        assert_eq!(style_problems(loud, &facts, &style).count(), 5);
    }
}
