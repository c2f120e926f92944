//! Gaming checks: keyword stuffing, the same reply (or the same set of scored phrases)
//! again, and the customer's words pasted back. A flagged reply earns no positive points,
//! costs the rubric's gaming penalty, and the customer does not accept it.
//!
//! Stuffing is read from every phrase hit of every `require` rule, not one per rule, so a
//! longer salad never looks less stuffed than a short one. Two kinds:
//! - *piling up*: one rule's phrases four or more times, making up
//!   half the reply or more ("Sorry sorry apologies, I am so sorry, my apologies");
//! - *salad*: five or more skills in a reply with under four words per skill
//!   ("Hello welcome I understand sorry I will today anything else goodbye"). A natural
//!   reply covering five skills takes twenty words or more. Four skills run together in
//!   one clause with no punctuation is a salad too, in any language.

use std::sync::Arc;

use super::{
    Check, Finding, GamingFinding, Grader, Needle, Note, OPENING_REPLIES, Prepared, Reply,
};
use crate::matcher::{PhraseId, Scan};
use crate::rubric::Scope;

/// Hits of one rule's phrases in one reply from which it may be piling up…
const PILE_PHRASES: usize = 4;
/// …in Chinese, unless one of them is said twice ("抱歉抱歉非常抱歉实在抱歉"), from this
/// many: Chinese service speech chains set phrases of one skill, each doing its own job
/// ("非常抱歉给您添麻烦了，这是我们的问题，我来负责跟进到底": the apology, the trouble, the
/// fault, the ownership), where English says one and goes on.
const PILE_CJK_PHRASES: usize = 5;
/// …when they cover this share of the reply's words.
const PILE_COVERAGE: f64 = 0.5;
/// The same scored words this many times in one reply pile up, however long the rest:
/// "I hear you. I hear you. I hear you.", "sorry sorry sorry", "再见再见再见".
const SAME_WORDS_REPEATS: usize = 3;
/// Skills in one reply from which it may be a salad…
const SALAD_SKILLS: usize = 5;
/// …when there are fewer than this many words per skill.
const SALAD_WORDS_PER_SKILL: f64 = 4.0;
/// Skills in one clause from which it is a salad (with the same density; one more, at
/// any density).
const CLAUSE_SKILLS: usize = 4;
/// Replies sharing this share of word pairs with an earlier one (both ways) are repeats.
const REPEAT_SIMILARITY: f64 = 0.9;
/// Scored phrases a reply must share with an earlier one to be a recycled set…
const RECYCLED_PHRASES: usize = 4;
/// …when the shared phrases cover this share of its words.
const RECYCLED_COVERAGE: f64 = 0.6;
/// Replies with this share of word pairs copied from the customer are echoes.
const ECHO_SHARE: f64 = 0.8;
/// A Chinese or Japanese character's share of a word (see [`word_length`]).
const CJK_CHAR_WORDS: f64 = 2.0 / 3.0;
/// Short replies ("yes", "thank you") are allowed to repeat and echo.
const MIN_WORDS: usize = 4;
/// How many earlier replies a reply is compared with for near-repeats. Calls are far
/// shorter; the bound keeps grading linear in the length of a transcript (a 100,000-turn
/// file took a minute when every reply was compared with every earlier one). Exact
/// repeats are found over the whole call through [`Repeats`].
const COMPARE_WITH: usize = 64;
/// Customer lines after which [`Repeats`] keeps a reply's exact repeats. A reply given
/// word for word after more distinct lines than this, each time to a customer who asked
/// the same again, is compared with the first of them only.
const REPEAT_CONTEXTS: usize = 64;

/// Earlier replies by their words, for finding exact repeats anywhere in a call without
/// looking at every earlier reply (that made a 20,000-turn transcript take 0.7 s to grade
/// and 1.5 s to replay, quadratic in its length).
///
/// Two earlier replies with the same words after the same customer line decide the
/// repetition check alike, so only the first is kept: per reply text (its profile's
/// hash), the first reply after each customer line, in reply order.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    by_text: rustc_hash::FxHashMap<u64, Vec<(u64, usize)>>,
}

impl Repeats {
    pub(super) fn clear(&mut self) {
        self.by_text.clear();
    }

    /// Earlier replies with the same words as `this`, before reply `before`.
    fn before<'r>(&'r self, this: &Prepared, before: usize) -> impl Iterator<Item = usize> + 'r {
        self.by_text
            .get(&this.profile.whole)
            .into_iter()
            .flatten()
            .map(|&(_, index)| index)
            .take_while(move |&index| index < before)
    }

    /// Takes in reply `index`.
    fn add(&mut self, this: &Prepared, index: usize) {
        let first = self.by_text.entry(this.profile.whole).or_default();
        let context = this.customer.whole;
        if first.len() < REPEAT_CONTEXTS && !first.iter().any(|&(c, _)| c == context) {
            first.push((context, index));
        }
    }
}

/// What stuffing and recycling read from one reply: the scored phrases it holds.
#[derive(Debug, Default, Clone)]
pub(super) struct Scored {
    /// Every hit of a phrase of a `require` rule, with its span (normalised text), by
    /// phrase (in book order) and then in reading order.
    phrases: Vec<(PhraseId, u32, u32)>,
}

impl Scored {
    /// The scored phrases of a prepared reply.
    pub(super) fn of(grader: &Grader, scan: &Scan) -> Scored {
        let mut phrases = Vec::new();
        for phrase in scan.hit_phrases() {
            if grader.scored[phrase.index()] {
                for hit in grader.book.find_all(phrase, scan) {
                    phrases.push((phrase, hit.start as u32, hit.end as u32));
                }
            }
        }
        Scored { phrases }
    }

    /// The hits of one phrase.
    fn hits_of(&self, phrase: PhraseId) -> &[(PhraseId, u32, u32)] {
        let from = self
            .phrases
            .partition_point(|(p, _, _)| p.index() < phrase.index());
        let to = self
            .phrases
            .partition_point(|(p, _, _)| p.index() <= phrase.index());
        &self.phrases[from..to]
    }

    /// Whether it holds a hit of `phrase`.
    fn holds(&self, phrase: PhraseId) -> bool {
        !self.hits_of(phrase).is_empty()
    }
}

/// Share of the words of `text` (normalised) inside any of `spans`.
fn coverage(prepared: &Prepared, spans: &[(u32, u32)]) -> f64 {
    let words = prepared.text.words();
    if words.is_empty() {
        return 0.0;
    }
    words_inside(words, spans) as f64 / words.len() as f64
}

/// How many of `words` (in reading order) lie inside one of `spans`. One pass over both
/// in order: a word is inside a span when the spans starting at or before it reach to
/// its end. Checking every word against every span was quadratic in a long reply.
fn words_inside(words: &[(usize, usize)], spans: &[(u32, u32)]) -> usize {
    let mut spans = spans.to_vec();
    spans.sort_unstable();
    let (mut started, mut reach, mut inside) = (0, None, 0);
    for &(s, e) in words {
        while started < spans.len() && spans[started].0 as usize <= s {
            reach = reach.max(Some(spans[started].1 as usize));
            started += 1;
        }
        if reach.is_some_and(|reach| reach >= e) {
            inside += 1;
        }
    }
    inside
}

/// Flags gaming on reply `index` of `texts` (`reply`; its rule findings are `findings`),
/// pushing to `found`; `repeats` holds the replies before it, and takes this one in.
pub(super) fn gaming_checks(
    grader: &Grader,
    texts: &[Prepared],
    (index, reply): (usize, &Reply<'_>),
    findings: &[Finding],
    repeats: &mut Repeats,
    found: &mut Vec<GamingFinding>,
) {
    let turn = index + 1;
    let this = &texts[index];
    if this.profile.words < MIN_WORDS {
        return;
    }
    let words = word_length(this);
    if let Some(note) = stuffing(grader, (this, reply), (index, texts.len()), findings, words) {
        found.push(GamingFinding {
            turn,
            kind: "stuffing".into(),
            note,
        });
    }

    // Repetition: the same reply given before (nearly all word pairs shared, both ways),
    // or the same scored phrases recycled. Saying the same again to a customer who asked
    // the same again is only fair, so those pairs are left alone.
    let from = index.saturating_sub(COMPARE_WITH);
    let recent = texts[from..index]
        .iter()
        .enumerate()
        .map(|(k, p)| (from + k, p));
    let exact = repeats.before(this, from).map(|k| (k, &texts[k]));
    for (earlier, previous) in exact.chain(recent) {
        let (a, b) = (&this.profile, &previous.profile);
        if b.words < MIN_WORDS || asked_again(this, previous) {
            continue;
        }
        let same = a.whole == b.whole && a.words == b.words;
        let repeated = same
            || (a.copied_at_least(b, REPEAT_SIMILARITY) && b.copied_at_least(a, REPEAT_SIMILARITY));
        let note = if repeated {
            Note::Repeats(earlier + 1)
        } else if recycled(this, previous) {
            Note::Recycles(earlier + 1)
        } else {
            continue;
        };
        found.push(GamingFinding {
            turn,
            kind: "repetition".into(),
            note,
        });
        break;
    }
    repeats.add(this, index);

    // Echo: the customer's words handed back.
    if this.customer.words > 0 && this.profile.copied_at_least(&this.customer, ECHO_SHARE) {
        found.push(GamingFinding {
            turn,
            kind: "echo".into(),
            note: Note::Echo,
        });
    }
}

/// Whether the first reply of a conversation evaluated a reply at a time (when it was
/// also the last, as far as anyone knew) is judged for gaming as the whole call judges
/// it: closing rules cannot make a first reply of several a stuffed one. True when
/// neither view flags it.
pub(super) fn first_reply_judged_alike(
    grader: &Grader,
    eval: &super::Evaluation,
    first_reply: &Reply<'_>,
) -> bool {
    let replies = eval.prepared.len();
    if replies < 2 {
        return true;
    }
    if eval.gaming.iter().any(|g| g.turn == 1) {
        return false;
    }
    let first = &eval.prepared[0];
    first.profile.words < MIN_WORDS
        || stuffing(
            grader,
            (first, first_reply),
            (0, replies),
            &eval.findings[..eval.rules],
            word_length(first),
        )
        .is_none()
}

/// A reply's length in words, a Chinese or Japanese character counting as two thirds of
/// a word (the normaliser splits CJK text into single characters; a Chinese word is one
/// to three, about one and a half on average). At half a word, natural openers that
/// greet, introduce, reassure and ask in forty characters read as a salad.
fn word_length(prepared: &Prepared) -> f64 {
    let text = &prepared.text.text;
    word_length_of(text, prepared.text.words(), 0, text.len())
}

/// [`word_length`] of the words (in reading order) starting in `text[from..to]`.
fn word_length_of(text: &str, words: &[(usize, usize)], from: usize, to: usize) -> f64 {
    let first = words.partition_point(|&(s, _)| s < from);
    let last = words.partition_point(|&(s, _)| s < to);
    words[first..last]
        .iter()
        .map(|&(s, e)| {
            if text[s..e]
                .chars()
                .next()
                .is_some_and(crate::matcher::is_cjk)
            {
                CJK_CHAR_WORDS
            } else {
                1.0
            }
        })
        .sum()
}

/// Whether the customer said (nearly) the same before both replies.
fn asked_again(this: &Prepared, previous: &Prepared) -> bool {
    let (a, b) = (&*this.customer, &*previous.customer);
    a.words >= MIN_WORDS
        && a.copied_at_least(b, REPEAT_SIMILARITY)
        && b.copied_at_least(a, REPEAT_SIMILARITY)
}

/// Whether a reply is mostly scored phrases an earlier reply already held.
fn recycled(this: &Prepared, previous: &Prepared) -> bool {
    let before = &previous.scored.phrases;
    // Most replies hold too few scored phrases to be recycled at all.
    if this.scored.phrases.len() < RECYCLED_PHRASES || before.len() < RECYCLED_PHRASES {
        return false;
    }
    let mut shared: Vec<(u32, u32)> = this
        .scored
        .phrases
        .iter()
        .filter(|(id, _, _)| previous.scored.holds(*id))
        .map(|&(_, s, e)| (s, e))
        .collect();
    // Count stretches of words, not phrases: "two minutes" scored as a time frame and as
    // a wait estimate (and "minutes" inside it) is one thing said, and a short promise
    // said again to someone else is not a recycled set.
    shared.sort_unstable();
    let mut stretches = 0;
    let mut reach = None;
    for &(s, e) in &shared {
        if reach.is_none_or(|reach| s >= reach) {
            stretches += 1;
        }
        reach = reach.max(Some(e));
    }
    stretches >= RECYCLED_PHRASES && coverage(this, &shared) >= RECYCLED_COVERAGE
}

/// The stuffing note for a reply, if it is stuffed.
fn stuffing(
    grader: &Grader,
    (this, reply): (&Prepared, &Reply<'_>),
    (index, replies): (usize, usize),
    findings: &[Finding],
    words: f64,
) -> Option<Note> {
    let chinese = this.text.text.chars().any(crate::matcher::is_cjk);
    // Each skill's scored words: every hit of its `require` phrases, and a regex's hit.
    let mut starts: Vec<(usize, u32, u32)> = Vec::new();
    // One rule's spans, and room to merge more in (kept from rule to rule).
    let (mut spans, mut merged) = (Vec::new(), Vec::new());
    for (k, skill) in grader.skills.iter().enumerate() {
        for r in skill.rules.clone() {
            let Check::Require(needles) = &grader.rules[r].check else {
                continue;
            };
            // Words a rule cannot score here are not stuffing: "感谢您的耐心等待" opening a
            // call is thanks for waiting, not the closing's thanks. (Whether a later reply
            // is the last is not known while the call goes on, so closing rules are only
            // left out of the first reply of a call that went on; a reply graded on its
            // own may be both first and last.)
            // Nor are the words of a rule still waiting for its moment: "help" is kept
            // helping only after abuse ("Take care and let me know what else I can do to
            // help" ran four skills together when boundaries counted).
            let rule = &grader.rules[r].rule;
            let scope = rule.scope;
            if !super::conditions_hold(rule, reply)
                || (index > 0 && scope == Scope::First)
                || (index >= OPENING_REPLIES && scope == Scope::Opening)
                || (index == 0 && replies > 1 && matches!(scope, Scope::Last | Scope::Final))
            {
                continue;
            }
            spans.clear();
            // Most rules have none of their phrases in a reply: nothing to look up.
            if this.scan.any(&grader.rules[r].phrases) {
                for needle in needles {
                    if let Needle::Phrase(id) = needle {
                        keep_apart(&mut spans, &mut merged, this.scored.hits_of(*id));
                    }
                }
            }
            if let Finding::Positive(Some(mark)) = findings[r]
                && spans.is_empty()
            {
                spans.push((mark.start, mark.end));
            }
            starts.extend(spans.iter().map(|&(s, e)| (k, s, e)));
            let said = said_again(&this.text.text, &spans);
            let piled = spans.len() >= PILE_PHRASES
                && (!chinese || said >= 2 || spans.len() >= PILE_CJK_PHRASES);
            if (piled && coverage(this, &spans) >= PILE_COVERAGE) || said >= SAME_WORDS_REPEATS {
                return Some(Note::Stuffing {
                    phrases: spans.len(),
                    skill: Arc::clone(&skill.name),
                });
            }
        }
    }
    // Words serve one skill each: where phrases of several skills overlap ("anything
    // else I can help" is an offer of more help, not also a promise of help; one
    // rubric's "sorry" and another's), the first and longest is kept. So the count does
    // not grow with the number of rubrics loaded.
    starts.sort_by_key(|&(_, s, e)| (s, std::cmp::Reverse(e)));
    let mut end = 0;
    starts.retain(|&(_, s, e)| {
        let keep = s >= end;
        if keep {
            end = e;
        }
        keep
    });
    let mut skills: Vec<usize> = starts.iter().map(|&(k, _, _)| k).collect();
    skills.sort_unstable();
    skills.dedup();
    let skills = skills.len();
    if skills >= SALAD_SKILLS && words < SALAD_WORDS_PER_SKILL * skills as f64 {
        return Some(Note::Salad {
            skills,
            words: words.round(),
        });
    }
    // One clause holding the phrases of five skills, or of four densely: natural speech
    // gives a clause one or two jobs ("I'm sorry about the delay", "I'll fix it today").
    let text = &this.text.text;
    let mut from = 0;
    for piece in text.split(CLAUSE_ENDS) {
        let to = from + piece.len();
        // `starts` is in reading order.
        let first = starts.partition_point(|&(_, s, _)| (s as usize) < from);
        let last = starts.partition_point(|&(_, s, _)| (s as usize) < to);
        let mut in_clause: Vec<usize> = starts[first..last].iter().map(|&(k, _, _)| k).collect();
        in_clause.sort_unstable();
        in_clause.dedup();
        if in_clause.len() < CLAUSE_SKILLS {
            from = to + text[to..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        let clause_words = word_length_of(text, this.text.words(), from, to);
        let dense = clause_words < SALAD_WORDS_PER_SKILL * in_clause.len() as f64;
        if in_clause.len() > CLAUSE_SKILLS || (in_clause.len() == CLAUSE_SKILLS && dense) {
            return Some(Note::OneBreath {
                skills: in_clause.len(),
            });
        }
        // Clause ends are one character, of whatever width.
        from = to + text[to..].chars().next().map_or(0, char::len_utf8);
    }
    None
}

/// How many times the words of the most repeated of `spans` (of `text`) occur among them.
fn said_again(text: &str, spans: &[(u32, u32)]) -> usize {
    let mut said: Vec<&str> = spans
        .iter()
        .filter_map(|&(s, e)| text.get(s as usize..e as usize))
        .collect();
    said.sort_unstable();
    said.chunk_by(|a, b| a == b)
        .map(<[&str]>::len)
        .max()
        .unwrap_or(0)
}

/// Adds to `kept` (in reading order, none overlapping another) each of `hits` (one
/// phrase's, in reading order) that overlaps none kept before it: stuffing counts each
/// place a rule's phrases hit once, however many of them cover it. One sweep over both;
/// checking each hit against every span kept was quadratic in a long reply. `merged` is
/// room to work in.
fn keep_apart<P>(kept: &mut Vec<(u32, u32)>, merged: &mut Vec<(u32, u32)>, hits: &[(P, u32, u32)]) {
    if hits.is_empty() {
        return;
    }
    merged.clear();
    // The first span kept before these hits that is not in `merged` yet.
    let mut next = 0;
    for &(_, s, e) in hits {
        while next < kept.len() && kept[next].0 < s {
            merged.push(kept[next]);
            next += 1;
        }
        // Spans never overlap, so only two can overlap this hit: the last starting before
        // it (kept earlier or from these hits) and the next kept one.
        let overlaps = merged.last().is_some_and(|&(_, b)| b > s)
            || kept.get(next).is_some_and(|&(a, _)| a < e);
        if !overlaps {
            merged.push((s, e));
        }
    }
    merged.extend_from_slice(&kept[next..]);
    std::mem::swap(kept, merged);
}

/// Characters that end a clause for the one-clause salad check.
const CLAUSE_ENDS: &[char] = &[
    '.', ',', ';', ':', '!', '?', '-', '–', '—', '\n', '。', '，', '；', '：', '！', '？', '、',
];

#[cfg(test)]
mod tests {
    use super::*;

    fn span() -> impl proptest::strategy::Strategy<Value = (u32, u32)> {
        use proptest::strategy::Strategy;
        (0u32..60, 1u32..8).prop_map(|(s, len)| (s, s + len))
    }

    proptest::proptest! {
        #[test]
        fn keeping_apart_in_one_sweep_keeps_what_checking_each_would(
            phrases in proptest::collection::vec(proptest::collection::vec(span(), 0..8), 0..5)
        ) {
            // Each phrase's hits as a scan gives them: by start, the longest first.
            let phrases: Vec<Vec<((), u32, u32)>> = phrases
                .into_iter()
                .map(|mut hits| {
                    hits.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
                    hits.dedup();
                    hits.into_iter().map(|(s, e)| ((), s, e)).collect()
                })
                .collect();
            let mut naive: Vec<(u32, u32)> = Vec::new();
            for hits in &phrases {
                for &(_, s, e) in hits {
                    if !naive.iter().any(|&(a, b)| s < b && a < e) {
                        naive.push((s, e));
                    }
                }
            }
            naive.sort_unstable();
            let (mut kept, mut merged) = (Vec::new(), Vec::new());
            for hits in &phrases {
                keep_apart(&mut kept, &mut merged, hits);
            }
            proptest::prop_assert_eq!(kept, naive);
        }

        #[test]
        fn words_inside_in_one_sweep_counts_what_checking_each_would(
            spans in proptest::collection::vec(span(), 0..10),
            lengths in proptest::collection::vec(1usize..5, 0..20),
        ) {
            let mut words = Vec::new();
            let mut at = 0;
            for len in lengths {
                words.push((at, at + len));
                at += len + 1;
            }
            let naive = words
                .iter()
                .filter(|&&(s, e)| spans.iter().any(|&(a, b)| s >= a as usize && e <= b as usize))
                .count();
            proptest::prop_assert_eq!(words_inside(&words, &spans), naive);
        }
    }
}
