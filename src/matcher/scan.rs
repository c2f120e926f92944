//! Scanning a reply: one pass of the automaton finds every pattern's occurrences on word
//! boundaries, and each phrase is then matched against them (its gaps followed, the
//! negation guard applied) without reading the reply again. Typo tolerance runs after, for
//! the fuzzy phrases that found nothing exact.

use super::fuzzy::ReplyWords;
use super::{
    Hit, NormalizedText, PhraseBook, PhraseId, RegexId, is_word_char, negated, negated_after,
    normalize,
};

/// Most words a `*` gap may stand for.
pub const MAX_GAP_WORDS: usize = 4;

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
        // Typo tolerance only for phrases that found nothing exact.
        let found = self.fuzzy_hits(text, &words, |phrase| !scan.has(phrase as usize));
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
        self.regexes[id.0]
            .for_text(&text.text)
            .find(&text.text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                fuzzy: false,
            })
    }

    /// Every place a regex matches, in order.
    pub fn find_regex_all<'s>(
        &'s self,
        id: RegexId,
        text: &'s NormalizedText,
    ) -> impl Iterator<Item = Hit> + 's {
        self.regexes[id.0]
            .for_text(&text.text)
            .find_iter(&text.text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                fuzzy: false,
            })
    }
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
