//! Phrase matching over normalised text.
//!
//! A [`PhraseBook`] holds every phrase of a grader, compiled once into one Aho-Corasick
//! automaton; a reply is scanned once ([`PhraseBook::scan`]) and every phrase is then
//! checked against the occurrences found, never by rescanning the reply. Latin-script edges
//! must fall on word boundaries ("hi" is not in "this"); CJK phrases match as character
//! sequences. A phrase may hold gaps (`thank * for`), allow typos (fuzzy) and be cancelled
//! by a negation just before it ("not sorry").

pub mod normalize;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

pub use normalize::{NormalizedText, is_cjk, is_word_char, normalize, words};

/// Most words a `*` gap may stand for.
pub const MAX_GAP_WORDS: usize = 4;

/// Words that cancel a following phrase when the negation guard is on.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "cannot", "nothing", "neither", "nor", "hardly", "without", "nobody",
];
/// How many words before a phrase the negation guard looks at (same clause only).
const NEGATION_WINDOW: usize = 4;
/// Chinese negators, checked in the two characters before a CJK phrase. 非 is left out on
/// purpose: 非常 ("very") is everywhere in polite Chinese.
const CJK_NEGATORS: &[char] = &['不', '没', '别', '未', '勿'];

/// Identifies a phrase in a [`PhraseBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseId(usize);

/// Identifies a regex in a [`PhraseBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegexId(usize);

/// How a phrase should be matched.
#[derive(Debug, Clone, Copy, Default)]
pub struct MatchOptions {
    /// Typo tolerance for words of 4+ letters (0.5–1).
    pub fuzzy: Option<f64>,
    /// Cancel hits preceded by a negator.
    pub negation: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    /// As the trainer wrote it (after placeholder expansion).
    written: String,
    /// Pattern index of each literal segment, in order.
    segments: Vec<usize>,
    options: MatchOptions,
    /// Normalised words, for fuzzy matching (single-segment Latin phrases only).
    words: Vec<String>,
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
}

/// Builds a [`PhraseBook`].
#[derive(Debug, Default)]
pub struct PhraseBookBuilder {
    patterns: Vec<String>,
    phrases: Vec<Phrase>,
    regexes: Vec<Regex>,
}

impl PhraseBookBuilder {
    /// Adds a phrase; `None` if it normalises to nothing.
    pub fn phrase(&mut self, written: &str, options: MatchOptions) -> Option<PhraseId> {
        let normalised = normalize(written);
        let mut segments = Vec::new();
        for part in normalised.split('*') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let index = match self.patterns.iter().position(|p| p == part) {
                Some(i) => i,
                None => {
                    self.patterns.push(part.to_string());
                    self.patterns.len() - 1
                }
            };
            segments.push(index);
        }
        if segments.is_empty() {
            return None;
        }
        // The same phrase with the same options (common across rules) is compiled once,
        // so a scan's memo serves every rule that uses it.
        if let Some(existing) = self.phrases.iter().position(|p| {
            p.segments == segments
                && p.options.fuzzy == options.fuzzy
                && p.options.negation == options.negation
        }) {
            return Some(PhraseId(existing));
        }
        let words = if segments.len() == 1 && !normalised.chars().any(is_cjk) {
            normalize::words(&normalised)
                .iter()
                .map(|(s, e)| normalised[*s..*e].to_string())
                .collect()
        } else {
            Vec::new()
        };
        self.phrases.push(Phrase {
            written: written.to_string(),
            segments,
            options,
            words,
        });
        Some(PhraseId(self.phrases.len() - 1))
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
        PhraseBook {
            patterns: self.patterns,
            phrases: self.phrases,
            regexes: self.regexes,
            automaton,
        }
    }
}

/// The result of scanning one reply: where each literal pattern occurs, the reply's words,
/// and a memo of phrase results (a phrase shared by several rules is matched once).
#[derive(Debug)]
pub struct Scan<'t> {
    /// The reply, normalised.
    pub text: &'t NormalizedText,
    occurrences: Vec<Vec<(usize, usize)>>,
    words: std::cell::OnceCell<Vec<(usize, usize)>>,
    memo: std::cell::RefCell<Vec<Option<Vec<Hit>>>>,
}

impl PhraseBook {
    /// A builder.
    pub fn builder() -> PhraseBookBuilder {
        PhraseBookBuilder::default()
    }

    /// The phrase as written.
    pub fn written(&self, id: PhraseId) -> &str {
        &self.phrases[id.0].written
    }

    /// Scans a normalised reply once for every pattern.
    pub fn scan<'t>(&self, text: &'t NormalizedText) -> Scan<'t> {
        let mut occurrences = vec![Vec::new(); self.patterns.len()];
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(&text.text) {
                occurrences[m.pattern().as_usize()].push((m.start(), m.end()));
            }
        }
        Scan {
            text,
            occurrences,
            words: std::cell::OnceCell::new(),
            memo: std::cell::RefCell::new(vec![None; self.phrases.len()]),
        }
    }

    /// The first place the phrase occurs in the scanned reply, honouring word boundaries,
    /// gaps, the negation guard and typo tolerance.
    pub fn find(&self, id: PhraseId, scan: &Scan<'_>) -> Option<Hit> {
        self.find_all(id, scan).into_iter().next()
    }

    /// Every non-negated place the phrase occurs (exact first; fuzzy only if none exact).
    pub fn find_all(&self, id: PhraseId, scan: &Scan<'_>) -> Vec<Hit> {
        if let Some(hits) = &scan.memo.borrow()[id.0] {
            return hits.clone();
        }
        let hits = self.match_phrase(id, scan);
        scan.memo.borrow_mut()[id.0] = Some(hits.clone());
        hits
    }

    fn match_phrase(&self, id: PhraseId, scan: &Scan<'_>) -> Vec<Hit> {
        let phrase = &self.phrases[id.0];
        let text = &scan.text.text;
        let mut hits = Vec::new();
        let first = phrase.segments[0];
        for &(start, end) in &scan.occurrences[first] {
            if !on_boundaries(text, start, end, &self.patterns[first]) {
                continue;
            }
            let Some(end) = self.follow_gaps(phrase, scan, end) else {
                continue;
            };
            if phrase.options.negation && negated(text, start) {
                continue;
            }
            hits.push(Hit {
                start,
                end,
                fuzzy: false,
            });
        }
        if hits.is_empty()
            && let Some(threshold) = phrase.options.fuzzy
        {
            hits.extend(self.fuzzy(phrase, scan, threshold));
        }
        hits
    }

    /// Whether a regex matches; the first match's range.
    pub fn find_regex(&self, id: RegexId, scan: &Scan<'_>) -> Option<Hit> {
        self.regexes[id.0].find(&scan.text.text).map(|m| Hit {
            start: m.start(),
            end: m.end(),
            fuzzy: false,
        })
    }

    /// Matches the remaining segments of a gapped phrase after `end`.
    fn follow_gaps(&self, phrase: &Phrase, scan: &Scan<'_>, mut end: usize) -> Option<usize> {
        let text = &scan.text.text;
        for &segment in &phrase.segments[1..] {
            let next = scan.occurrences[segment].iter().find(|&&(s, e)| {
                s >= end
                    && on_boundaries(text, s, e, &self.patterns[segment])
                    && gap_ok(&text[end..s])
            })?;
            end = next.1;
        }
        Some(end)
    }

    /// Word-window comparison for typos: every phrase word must be equal, or (for words of
    /// 4+ letters) similar above the threshold, to the reply word in the same position.
    fn fuzzy(&self, phrase: &Phrase, scan: &Scan<'_>, threshold: f64) -> Vec<Hit> {
        if phrase.words.is_empty() {
            return Vec::new();
        }
        let text = &scan.text.text;
        let reply_words = scan.words.get_or_init(|| normalize::words(text));
        let n = phrase.words.len();
        let mut hits = Vec::new();
        if reply_words.len() < n {
            return hits;
        }
        for window in reply_words.windows(n) {
            let all = phrase.words.iter().zip(window).all(|(want, &(s, e))| {
                let got = &text[s..e];
                if want == got {
                    return true;
                }
                similar(want, got, threshold)
            });
            if all {
                let (start, end) = (window[0].0, window[n - 1].1);
                if phrase.options.negation && negated(text, start) {
                    continue;
                }
                hits.push(Hit {
                    start,
                    end,
                    fuzzy: true,
                });
            }
        }
        hits
    }
}

/// Typo tolerance for one word: both long enough, lengths close enough that the threshold
/// is reachable (a cheap reject), then optimal-string-alignment similarity (edits and
/// adjacent transpositions).
fn similar(want: &str, got: &str, threshold: f64) -> bool {
    let (a, b) = (want.chars().count(), got.chars().count());
    if a < 4 || b < 3 {
        return false;
    }
    let longest = a.max(b) as f64;
    // A small epsilon keeps thresholds such as 0.8 exact despite floating point.
    if (a.abs_diff(b) as f64) > (1.0 - threshold) * longest + 1e-9 {
        return false;
    }
    1.0 - strsim::osa_distance(want, got) as f64 / longest >= threshold - 1e-9
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

/// A gap may hold up to [`MAX_GAP_WORDS`] words and must not cross a sentence end.
fn gap_ok(gap: &str) -> bool {
    if gap.contains(['.', '!', '?', '。', '\n']) {
        return false;
    }
    normalize::words(gap).len() <= MAX_GAP_WORDS
}

/// Whether a negator stands shortly before `start`, within the same clause.
pub fn negated(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let clause_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| [',', '.', ';', ':', '!', '?', '。', '\n'].contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    // Only the tail matters: the last few words of the clause.
    let mut tail_start = clause_start.max(start.saturating_sub(64));
    while !before.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    let clause = &before[tail_start..];
    // CJK: a negator in the two characters right before.
    let tail: Vec<char> = clause
        .chars()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(2)
        .collect();
    if tail.first().is_some_and(|c| is_cjk(*c)) && tail.iter().any(|c| CJK_NEGATORS.contains(c)) {
        return true;
    }
    let spans = normalize::words(clause);
    spans
        .iter()
        .rev()
        .take(NEGATION_WINDOW)
        .any(|(s, e)| NEGATORS.contains(&&clause[*s..*e]))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            fuzzy: Some(0.85),
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
                    fuzzy: Some(0.9),
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
