//! Phrase matching over normalised text.
//!
//! A [`PhraseBook`] holds every phrase of a grader, compiled once into one Aho-Corasick
//! automaton; a reply is scanned once ([`PhraseBook::scan`]) and every phrase is then
//! checked against the occurrences found, never by rescanning the reply. Latin-script edges
//! must fall on word boundaries ("hi" is not in "this"); CJK phrases match as character
//! sequences. A phrase may hold gaps (`thank * for`), allow typos (fuzzy) and be cancelled
//! by a negation just before it ("not sorry").

pub mod normalize;
pub mod pattern;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

pub use normalize::{NormalizedText, is_cjk, is_word_char, normalize, words};

/// Most words a `*` gap may stand for.
pub const MAX_GAP_WORDS: usize = 4;

/// Words that cancel a following phrase when the negation guard is on.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "cannot", "nothing", "neither", "nor", "hardly", "without", "nobody",
    "unable", "failed",
];
/// How many words before a phrase the negation guard looks at (same clause only).
const NEGATION_WINDOW: usize = 4;
/// Chinese negators, checked in the two characters before a CJK phrase. 非 is left out on
/// purpose: 非常 ("very") is everywhere in polite Chinese.
const CJK_NEGATORS: &[char] = &['不', '没', '别', '未', '勿'];

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
    fn key(self) -> u64 {
        match self {
            Fuzzy::Auto => u64::MAX,
            Fuzzy::Ratio(threshold) => threshold.to_bits(),
        }
    }

    /// Most edits a phrase word of `chars` characters may take (see [`similar`]).
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

/// One word of a fuzzy phrase, with what the cheap rejections need.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FuzzyWord {
    text: String,
    chars: usize,
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
    regexes: Vec<Regex>,
    automaton: Option<AhoCorasick>,
    /// For each pattern, the phrases (and which of their alternatives) it starts.
    starts: Vec<Vec<(u32, u32)>>,
    /// Alternatives with typo tolerance, indexed by where a reply can first show them
    /// (see [`FuzzyIndex`]).
    fuzzy: FuzzyIndex,
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
struct FuzzyIndex {
    /// Each distinct (long word, tolerance): the word, and the alternatives holding it
    /// with its position in them.
    long: Vec<LongWord>,
    /// Where each (long word, tolerance) is in `long` (while building).
    by_key: rustc_hash::FxHashMap<LongWordKey, usize>,
    /// `auto` long words by their first letter.
    by_initial: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// Threshold long words (their first letter may change): compared with every word.
    everywhere: Vec<usize>,
}

/// A long word and the tolerance it is compared with ([`Fuzzy::key`]).
type LongWordKey = (String, u64);

/// A long word, its tolerance, and the alternatives holding it: (phrase, alternative,
/// position of the word in it).
type LongWord = (FuzzyWord, Fuzzy, Vec<(u32, u32, u32)>);

impl FuzzyIndex {
    fn is_empty(&self) -> bool {
        self.long.is_empty()
    }

    /// Files alternative `k` of phrase `i` under its longest word.
    fn add(&mut self, i: usize, k: usize, alternative: &Alternative, fuzzy: Fuzzy) {
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

/// What makes two phrases the same: their alternatives' segments, tolerance and guard.
type PhraseKey = (Vec<Vec<usize>>, Option<u64>, bool);

/// Builds a [`PhraseBook`].
#[derive(Debug, Default)]
pub struct PhraseBookBuilder {
    patterns: Vec<String>,
    phrases: Vec<Phrase>,
    regexes: Vec<Regex>,
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
        let normalised = normalize(literal);
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
                    .map(|(s, e)| FuzzyWord {
                        text: normalised[*s..*e].to_string(),
                        chars: normalised[*s..*e].chars().count(),
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Some(Alternative { segments, words })
    }

    /// Adds a regex, matched case-insensitively against the normalised text.
    pub fn regex(&mut self, pattern: &str) -> Result<RegexId, regex::Error> {
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()?;
        self.regexes.push(regex);
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

/// Every phrase's hits in one reply, found in one pass: the automaton's occurrences are
/// turned into phrase hits (boundaries, gaps, negation), then typo tolerance is tried for
/// the fuzzy phrases that found nothing exact.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every phrase's hits, sorted by phrase and, within a phrase, in reading order. Most
    /// phrases find nothing, so this is short.
    hits: Vec<(u32, Hit)>,
    /// One bit per phrase with hits: rules look phrases up many times per reply, and most
    /// find nothing; a rule can also see at once that none of its phrases did (see
    /// [`PhraseMask`]). A phrase that did is looked up in `hits` by binary search. (An
    /// index with an entry per phrase was 1.2 KB per reply, kept for every reply of a
    /// transcript: 44 MB for 36,000 turns.)
    found: Vec<u64>,
    /// The automaton's occurrences and the reply's word lengths, kept for the next scan.
    occurrences: Vec<(usize, usize, usize)>,
    chars: Vec<usize>,
}

/// A set of phrases of one [`PhraseBook`], to ask a [`Scan`] whether any of them hit.
#[derive(Debug, Clone, Default)]
pub struct PhraseMask(Vec<u64>);

impl PhraseMask {
    /// The set of these phrases.
    pub fn of(ids: impl IntoIterator<Item = PhraseId>) -> PhraseMask {
        let mut bits = Vec::new();
        for PhraseId(id) in ids {
            if bits.len() <= id / 64 {
                bits.resize(id / 64 + 1, 0);
            }
            bits[id / 64] |= 1 << (id % 64);
        }
        PhraseMask(bits)
    }
}

impl Scan {
    /// Sorts the hits by phrase (keeping each phrase's in order) and indexes them.
    fn index(&mut self) {
        // By phrase, then in reading order. A phrase's alternatives can hit the same
        // words ("(i am)? sorry" in "I am sorry"): a hit inside one already kept for the
        // phrase is the same occurrence, and is dropped.
        self.hits
            .sort_by_key(|&(phrase, hit)| (phrase, hit.start, std::cmp::Reverse(hit.end)));
        let mut kept: Option<(u32, usize)> = None;
        self.hits.retain(|&(phrase, hit)| {
            if let Some((p, end)) = kept
                && p == phrase
                && hit.end <= end
            {
                return false;
            }
            kept = Some((phrase, hit.end));
            true
        });
        self.found.fill(0);
        for &(phrase, _) in &self.hits {
            self.found[phrase as usize / 64] |= 1 << (phrase % 64);
        }
    }

    /// Every phrase that hit, once each, in book order.
    pub fn hit_phrases(&self) -> impl Iterator<Item = PhraseId> + '_ {
        let mut last = None;
        self.hits
            .iter()
            .filter(move |&&(phrase, _)| last.replace(phrase) != Some(phrase))
            .map(|&(phrase, _)| PhraseId(phrase as usize))
    }

    /// Whether any phrase of `mask` hit.
    pub fn any(&self, mask: &PhraseMask) -> bool {
        mask.0.iter().zip(&self.found).any(|(m, f)| m & f != 0)
    }

    /// Whether phrase `phrase` hit.
    fn has(&self, phrase: usize) -> bool {
        self.found[phrase / 64] & (1 << (phrase % 64)) != 0
    }

    /// The first hit of phrase `phrase` (rules ask for it many times per reply).
    fn first(&self, phrase: usize) -> Option<Hit> {
        if !self.has(phrase) {
            return None;
        }
        let at = self.hits.partition_point(|h| (h.0 as usize) < phrase);
        Some(self.hits[at].1)
    }

    fn of(&self, phrase: usize) -> &[(u32, Hit)] {
        if !self.has(phrase) {
            return &[];
        }
        // By binary search both ends: a phrase can hit thousands of times in a long reply.
        let from = self.hits.partition_point(|h| (h.0 as usize) < phrase);
        let len = self.hits[from..].partition_point(|h| h.0 as usize == phrase);
        &self.hits[from..from + len]
    }
}

/// Occurrences of the automaton's patterns, sorted by pattern then start.
struct Occurrences(Vec<(usize, usize, usize)>);

impl Occurrences {
    fn of(&self, pattern: usize) -> &[(usize, usize, usize)] {
        let from = self.0.partition_point(|o| o.0 < pattern);
        let to = from + self.0[from..].partition_point(|o| o.0 == pattern);
        &self.0[from..to]
    }
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

    /// Scans a normalised reply once and matches every phrase.
    pub fn scan(&self, normalized: &NormalizedText) -> Scan {
        self.scan_reusing(normalized, Scan::default())
    }

    /// [`PhraseBook::scan`], reusing the buffers of a scan no longer needed.
    pub fn scan_reusing(&self, normalized: &NormalizedText, spare: Scan) -> Scan {
        let text = normalized.text.as_str();
        let Scan {
            mut hits,
            mut found,
            occurrences: mut occurring,
            chars,
        } = spare;
        occurring.clear();
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(text) {
                occurring.push((m.pattern().as_usize(), m.start(), m.end()));
            }
        }
        // Only occurrences on word boundaries can start or continue a phrase.
        occurring.retain(|&(pattern, start, end)| {
            on_boundaries(text, start, end, &self.patterns[pattern])
        });
        occurring.sort_unstable();
        let occurrences = Occurrences(occurring);
        hits.clear();
        let mut at = 0;
        while at < occurrences.0.len() {
            let pattern = occurrences.0[at].0;
            let group = occurrences.of(pattern);
            at += group.len();
            for &(phrase, alternative) in &self.starts[pattern] {
                self.match_phrase(
                    phrase as usize,
                    alternative as usize,
                    text,
                    group,
                    &occurrences,
                    &mut hits,
                );
            }
        }
        found.clear();
        found.resize(self.phrases.len().div_ceil(64), 0);
        let mut scan = Scan {
            hits,
            found,
            occurrences: occurrences.0,
            chars: Vec::new(),
        };
        scan.index();
        if self.fuzzy.is_empty() {
            scan.chars = chars;
            return scan;
        }
        let words = ReplyWords::new(text, normalized.words(), chars);
        let mut found = Vec::new();
        // Typo tolerance only for phrases that found nothing exact.
        let wanted = |phrase: u32| !scan.has(phrase as usize);
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
                let by_initial = word
                    .chars()
                    .next()
                    .and_then(|c| self.fuzzy.by_initial.get(&c))
                    .map_or(&[][..], Vec::as_slice);
                for &index in by_initial.iter().chain(&self.fuzzy.everywhere) {
                    let (long, tolerance, _) = &self.fuzzy.long[index];
                    if long.text == word || similar(long, word, words.chars[i], *tolerance) {
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
                        self.fuzzy_window(phrase, alternative, i - pos, text, &words, &mut found);
                    }
                }
            }
        }
        if !found.is_empty() {
            scan.hits.extend(found);
            scan.index();
        }
        scan.chars = words.chars;
        scan
    }

    /// The first place the phrase occurs in the scanned reply, honouring word boundaries,
    /// gaps, the negation guard and typo tolerance.
    pub fn find(&self, id: PhraseId, scan: &Scan) -> Option<Hit> {
        scan.first(id.0)
    }

    /// Every non-negated place the phrase occurs (exact first; fuzzy only if none exact),
    /// in order.
    pub fn find_all<'s>(&self, id: PhraseId, scan: &'s Scan) -> impl Iterator<Item = Hit> + 's {
        scan.of(id.0).iter().map(|h| h.1)
    }

    fn match_phrase(
        &self,
        id: usize,
        alternative: usize,
        text: &str,
        group: &[(usize, usize, usize)],
        occurrences: &Occurrences,
        hits: &mut Vec<(u32, Hit)>,
    ) {
        let phrase = &self.phrases[id];
        let segments = &phrase.alternatives[alternative].segments;
        // The occurrences of each later part of a gapped phrase, with where to look next.
        let mut later: Vec<Later<'_>> = segments[1..]
            .iter()
            .map(|&segment| (occurrences.of(segment), 0))
            .collect();
        for &(_, start, end) in group {
            let Some(end) = follow_gaps(&mut later, text, end) else {
                continue;
            };
            if phrase.options.negation && (negated(text, start) || negated_after(text, end)) {
                continue;
            }
            // A phrase id fits in 32 bits: files are at most 8 MB.
            hits.push((
                id as u32,
                Hit {
                    start,
                    end,
                    fuzzy: false,
                },
            ));
        }
    }

    /// Whether a regex matches; the first match's range.
    pub fn find_regex(&self, id: RegexId, text: &NormalizedText) -> Option<Hit> {
        self.regexes[id.0].find(&text.text).map(|m| Hit {
            start: m.start(),
            end: m.end(),
            fuzzy: false,
        })
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
            want.text == got || similar(want, got, reply.chars[at + k], fuzzy)
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
struct ReplyWords<'a> {
    spans: &'a [(usize, usize)],
    pub(crate) chars: Vec<usize>,
}

impl<'a> ReplyWords<'a> {
    /// The words at `spans` of `text`, their lengths written into `chars` (emptied first).
    fn new(text: &str, spans: &'a [(usize, usize)], mut chars: Vec<usize>) -> ReplyWords<'a> {
        let ascii = text.is_ascii();
        chars.clear();
        chars.extend(spans.iter().map(|&(s, e)| {
            if ascii {
                e - s
            } else {
                text[s..e].chars().count()
            }
        }));
        ReplyWords { spans, chars }
    }
}

/// Typo tolerance for one word: lengths close enough for the edits allowed (a cheap
/// reject), then optimal-string-alignment distance (edits and adjacent transpositions).
fn similar(want: &FuzzyWord, got: &str, got_chars: usize, fuzzy: Fuzzy) -> bool {
    let (a, b) = (want.chars, got_chars);
    if b < 3 {
        return false;
    }
    let allowed = match fuzzy {
        Fuzzy::Auto => {
            if want.text.chars().next() != got.chars().next() {
                return false;
            }
            fuzzy.edits(a)
        }
        // The ratio is over the longer word, as it always was.
        Fuzzy::Ratio(threshold) => {
            if a < 4 {
                return false;
            }
            ((1.0 - threshold) * a.max(b) as f64 + 1e-9).floor() as usize
        }
    };
    if allowed == 0 || a.abs_diff(b) > allowed {
        return false;
    }
    // Cheap lower bound first: an insertion or deletion changes the letter counts by one,
    // a substitution by two, a transposition not at all, so the distance is at least half
    // the difference in letter counts.
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

/// Latin-like edges must not touch other letters or digits; CJK edges may.
fn on_boundaries(text: &str, start: usize, end: usize, pattern: &str) -> bool {
    let first = pattern.chars().next();
    let last = pattern.chars().next_back();
    if first.is_some_and(is_word_char)
        && text[..start].chars().next_back().is_some_and(is_word_char)
    {
        return false;
    }
    if last.is_some_and(is_word_char) && text[end..].chars().next().is_some_and(is_word_char) {
        return false;
    }
    true
}

/// Replies longer than this many words remember which long words each of their words is
/// close to (typo tolerance), rather than comparing every occurrence afresh.
const REMEMBER_CLOSE_WORDS: usize = 200;

/// The occurrences of a later part of a gapped phrase, and the first of them not yet
/// passed by.
type Later<'o> = (&'o [(usize, usize, usize)], usize);

/// Matches the later parts of a gapped phrase after `end`, for starts in reading order.
fn follow_gaps(later: &mut [Later<'_>], text: &str, mut end: usize) -> Option<usize> {
    for (after, next) in later {
        // Occurrences are on word boundaries and in reading order, and a gap too long for
        // one is too long for every later one: the first after `end` is the only one to
        // try. Starts come in reading order, so `next` only moves forward. (Trying each
        // occurrence in turn was quadratic in a long reply; a binary search for each start
        // was a fifth of scanning one.)
        while after.get(*next).is_some_and(|o| o.1 < end) {
            *next += 1;
        }
        let &(_, start, next_end) = after.get(*next)?;
        if !gap_ok(&text[end..start]) {
            return None;
        }
        end = next_end;
    }
    Some(end)
}

/// A gap may hold up to [`MAX_GAP_WORDS`] words and must not cross a sentence end. A gap
/// that reaches far is read only up to its first words too many: in a long reply, every
/// occurrence of a phrase's first part may measure the gap to a far-off next part.
fn gap_ok(gap: &str) -> bool {
    !normalize::more_words_than(gap, MAX_GAP_WORDS) && !gap.contains(['.', '!', '?', '。', '\n'])
}

/// Characters that end a clause for the negation guard: a negator on the far side of one
/// does not reach the phrase ("I'm sorry your desk hasn't arrived - it can be frustrating").
const CLAUSE_ENDS: &[char] = &[
    ',', '.', ';', ':', '!', '?', '-', '–', '—', '(', ')', '"', '。', '，', '；', '：', '！', '？',
    '、', '\n',
];

/// Words that start a new clause: a negator before them belongs to another clause
/// ("I can't find it but I understand").
const CLAUSE_WORDS: &[&str] = &[
    "and", "but", "so", "because", "although", "though", "however",
];

/// Whether a negator stands shortly before `start`, within the same clause.
pub fn negated(text: &str, start: usize) -> bool {
    // Only the tail matters: the last few words of the clause, within 64 bytes.
    let mut window_start = start.saturating_sub(64);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let window = &text[window_start..start];
    let clause_start = window
        .char_indices()
        .rev()
        .find(|(_, c)| CLAUSE_ENDS.contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let clause = &window[clause_start..];
    // CJK: a negator in the two characters right before.
    let mut tail = clause.chars().rev().filter(|c| !c.is_whitespace()).take(2);
    if let Some(last) = tail.next()
        && is_cjk(last)
        && (CJK_NEGATORS.contains(&last) || tail.next().is_some_and(|c| CJK_NEGATORS.contains(&c)))
    {
        return true;
    }
    let mut last = [(0, 0); NEGATION_WINDOW];
    let mut seen = 0;
    normalize::each_word(clause, |s, e| {
        if CLAUSE_WORDS.contains(&&clause[s..e]) {
            // A new clause starts here: forget what came before it.
            seen = 0;
            return;
        }
        last[seen % NEGATION_WINDOW] = (s, e);
        seen += 1;
    });
    last[..seen.min(NEGATION_WINDOW)]
        .iter()
        .any(|&(s, e)| NEGATORS.contains(&&clause[s..e]))
}

/// Where the sentence that holds `from` ends (a byte offset in `text`).
pub fn sentence_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(['.', '!', '?', '。', '！', '？', '\n'])
        .map_or(text.len(), |i| from + i)
}

/// Words and characters that turn a sentence against what came before it.
const CONCESSIVE_WORDS: &[&str] = &["but", "however", "though", "although", "yet"];
const CONCESSIVE_CJK: &[&str] = &["但是", "可是", "不过", "但"];

/// The first byte after a concessive connector ("but", "however", 但是…) in
/// `text[from..to]`, if there is one.
pub fn concession_after(text: &str, from: usize, to: usize) -> Option<usize> {
    let part = &text[from..to];
    let mut found = None;
    normalize::each_word(part, |s, e| {
        if found.is_none() && CONCESSIVE_WORDS.contains(&&part[s..e]) {
            found = Some(from + e);
        }
    });
    let cjk = CONCESSIVE_CJK
        .iter()
        .filter_map(|w| part.find(w).map(|i| from + i + w.len()))
        .min();
    match (found, cjk) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether a negation right after a phrase takes it back: "not" or "never" straight after
/// it ("I will never book it", "sorry not sorry"), a bare "not"/"no" closing the sentence
/// after a dash or comma ("I'm sorry - not!"), or a "cannot" complement right after a
/// CJK phrase ("理解不了", "帮不到"). 没 after a phrase is left alone: "抱歉没能及时回复"
/// is an apology for not replying.
pub fn negated_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut chars = rest.chars();
    if let Some(c) = chars.next()
        && is_cjk(c)
    {
        return c == '不' && chars.next().is_some_and(|c| "了到起动来懂清".contains(c));
    }
    let trimmed = rest.trim_start();
    let joined = trimmed.len() < rest.len() || rest.is_empty();
    let word_end = |s: &str| s.find(|c: char| !is_word_char(c)).unwrap_or(s.len());
    let first = &trimmed[..word_end(trimmed)];
    if joined && matches!(first, "not" | "never") {
        return true;
    }
    // "sorry - not!": skip a dash or comma, then a lone negator that ends the sentence.
    let tagged = trimmed.trim_start_matches(['-', '–', '—', ',', '.', ' ']);
    if tagged.len() == trimmed.len() {
        return false;
    }
    let word = &tagged[..word_end(tagged)];
    if !matches!(word, "not" | "no") {
        return false;
    }
    let after = tagged[word.len()..].trim_start();
    after.is_empty() || after.starts_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn letter_difference_never_exceeds_twice_the_edit_distance(
            a in "[a-e]{0,10}", b in "[a-e]{0,10}"
        ) {
            let difference = letter_difference(&a, &b).expect("ASCII");
            prop_assert!(difference as usize <= 2 * strsim::osa_distance(&a, &b));
        }
    }

    fn matches(phrase: &str, reply: &str, options: MatchOptions) -> Option<String> {
        let mut builder = PhraseBook::builder();
        let id = builder.phrase(phrase, options).unwrap();
        let book = builder.build();
        let text = NormalizedText::new(reply);
        let scan = book.scan(&text);
        book.find(id, &scan).map(|hit| {
            let span = text.original_span(hit.start, hit.end);
            reply[span.start..span.end].to_string()
        })
    }

    const GUARD: MatchOptions = MatchOptions {
        fuzzy: None,
        negation: true,
    };
    const PLAIN: MatchOptions = MatchOptions {
        fuzzy: None,
        negation: false,
    };

    #[test]
    fn word_boundaries_for_latin() {
        assert_eq!(matches("hi", "this is it", PLAIN), None);
        assert_eq!(matches("hi", "Hi there", PLAIN).as_deref(), Some("Hi"));
        assert_eq!(
            matches("sorry", "I'm sorry.", PLAIN).as_deref(),
            Some("sorry")
        );
    }

    #[test]
    fn contractions_match_long_forms() {
        assert_eq!(
            matches("I am sorry", "I’m sorry about that", GUARD).as_deref(),
            Some("I’m sorry")
        );
        assert_eq!(
            matches("cannot", "we can not do that", PLAIN).as_deref(),
            Some("can not")
        );
        assert_eq!(
            matches("I'll", "I will check", PLAIN).as_deref(),
            Some("I will")
        );
    }

    #[test]
    fn negation_cancels_a_hit() {
        assert_eq!(matches("sorry", "I'm not sorry at all", GUARD), None);
        assert_eq!(
            matches("I understand", "I don't know, I understand", GUARD).as_deref(),
            Some("I understand")
        );
        assert_eq!(matches("understand", "I don't understand", GUARD), None);
        assert_eq!(
            matches("sorry", "I'm not sorry", PLAIN).as_deref(),
            Some("sorry")
        );
    }

    #[test]
    fn negation_stays_in_its_clause_and_looks_after_the_phrase() {
        // A negator across a dash, a comma or "and"/"but" belongs to another clause.
        assert_eq!(
            matches(
                "it can be * frustrating",
                "I'm so sorry your desk hasn't arrived - it can be really frustrating",
                GUARD
            )
            .as_deref(),
            Some("it can be really frustrating")
        );
        assert_eq!(
            matches("i understand", "I can't find it but I understand", GUARD).as_deref(),
            Some("I understand")
        );
        // Straight after the phrase, or as a tag closing the sentence.
        assert_eq!(
            matches("i will", "I will never book anything today", GUARD),
            None
        );
        assert_eq!(matches("i will", "I won't do that", GUARD), None);
        assert_eq!(matches("sorry", "I'm sorry - not!", GUARD), None);
        assert_eq!(matches("sorry", "Sorry not sorry", GUARD), None);
        assert_eq!(
            matches("sorry", "Sorry, no live music there.", GUARD).as_deref(),
            Some("Sorry")
        );
        assert_eq!(
            matches("sorry", "Sorry, not available today.", GUARD).as_deref(),
            Some("Sorry")
        );
        // Chinese: 理解不了 is "cannot understand"; 抱歉没能… is still an apology.
        assert_eq!(matches("理解", "我理解不了你为什么这么激动", GUARD), None);
        assert_eq!(
            matches("抱歉", "抱歉没能及时回复您", GUARD).as_deref(),
            Some("抱歉")
        );
    }

    #[test]
    fn auto_typo_tolerance_by_word_length() {
        let auto = MatchOptions {
            fuzzy: Some(Fuzzy::Auto),
            negation: true,
        };
        assert_eq!(matches("sorry", "so sory", auto).as_deref(), Some("sory"));
        assert_eq!(
            matches("really sorry", "realy sorry", auto).as_deref(),
            Some("realy sorry")
        );
        assert_eq!(
            matches("apologise", "I apolgoize", auto).as_deref(),
            Some("apolgoize")
        );
        // Short words never fuzz; the first letter must match.
        assert_eq!(matches("hi", "ho", auto), None);
        assert_eq!(matches("sorry", "don't worry", auto), None);
        assert_eq!(matches("understand", "i dont undrestand", auto), None);
    }

    #[test]
    fn cjk_matches_as_sequence_with_negation() {
        assert_eq!(
            matches("理解", "我非常理解您的心情", GUARD).as_deref(),
            Some("理解")
        );
        assert_eq!(matches("理解", "我不理解", GUARD), None);
        assert_eq!(
            matches("您好", "您好，这里是客服部", GUARD).as_deref(),
            Some("您好")
        );
    }

    #[test]
    fn gaps_bounded_and_within_a_sentence() {
        assert_eq!(
            matches("thank * for", "Thank you so much for waiting", PLAIN).as_deref(),
            Some("Thank you so much for")
        );
        assert_eq!(
            matches("thank * for", "Thank you. For the record", PLAIN),
            None
        );
        assert_eq!(matches("thank * for", "thank a b c d e f for", PLAIN), None);
    }

    #[test]
    fn fuzzy_allows_typos_at_the_threshold() {
        let fuzzy = MatchOptions {
            fuzzy: Some(Fuzzy::Ratio(0.85)),
            negation: true,
        };
        assert_eq!(
            matches("I understand", "i undrestand", fuzzy).as_deref(),
            Some("i undrestand")
        );
        assert_eq!(
            matches("apologise", "I apologize", fuzzy).as_deref(),
            Some("apologize")
        );
        // Two edits in nine letters is below 0.85.
        assert_eq!(
            matches(
                "apologise",
                "I apolgoize",
                MatchOptions {
                    fuzzy: Some(Fuzzy::Ratio(0.9)),
                    negation: true
                }
            ),
            None
        );
        // Short words never fuzz.
        assert_eq!(matches("hi", "ho", fuzzy), None);
        assert_eq!(matches("understand", "i dont undrestand", fuzzy), None);
    }
}
