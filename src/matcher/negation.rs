//! The guards that take a phrase back: a negator shortly before it in the same clause
//! ("not sorry") or right after it ("sorry not sorry", 理解不了), and a concessive
//! connector later in the sentence ("I understand, but…").

use super::{is_cjk, is_word_char, normalize};

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
    // The window's words in reading order, then the phrase's own first word: a verb there
    // ("no news [is really frustrating]") still ends the noun phrase a determiner began.
    let window = seen.min(NEGATION_WINDOW);
    let mut words = [""; NEGATION_WINDOW + 1];
    for (n, i) in (seen - window..seen).enumerate() {
        let (s, e) = last[i % NEGATION_WINDOW];
        words[n] = &clause[s..e];
    }
    let rest = &text[start..];
    words[window] = &rest[..rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())];
    let words = &words[..=window];
    (0..window).any(|i| {
        NEGATORS.contains(&words[i]) && !(words[i] == "no" && determiner_no(&words[i + 1..]))
    })
}

/// Finite verbs and auxiliaries: after "no" and its noun, one of them shows the noun phrase
/// is over and the clause goes on unnegated ("a week with no news is frustrating", "no
/// wonder it is frustrating"). "be" is left out: "no need to be sorry" is a refusal.
const FINITE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "am", "has", "have", "had", "does", "did", "will", "would", "can",
    "could", "should", "must", "may", "might", "shall", "sounds", "seems", "looks", "feels",
    "makes", "leaves",
];
/// Words after "no" that keep it a negator of the whole clause: "no one is sorry", "I no
/// longer understand", "no way I can help".
const NO_PHRASES: &[&str] = &["one", "longer", "more", "way", "matter"];
/// Set phrases with "no" that affirm what follows them: "no wonder you are upset", "no
/// doubt it is frustrating", "no problem, I will sort it".
const NO_IDIOMS: &[&str] = &["wonder", "doubt", "problem", "worries", "trouble", "bother"];

/// Whether a "no" followed by `after` (the rest of the window and the phrase's first word)
/// is a determiner whose noun phrase ends before the phrase: the noun, then a finite verb
/// not governed by "to", or a set phrase such as "no wonder". A "no" whose noun is the
/// phrase ("no apology") still negates it.
fn determiner_no(after: &[&str]) -> bool {
    let Some((noun, rest)) = after.split_first() else {
        return false;
    };
    if NO_PHRASES.contains(noun) || FINITE_VERBS.contains(noun) {
        return false;
    }
    if NO_IDIOMS.contains(noun) && !rest.is_empty() {
        return true;
    }
    let mut previous = *noun;
    for &word in rest {
        if FINITE_VERBS.contains(&word) && previous != "to" {
            return true;
        }
        previous = word;
    }
    false
}

/// Where the sentence that holds `from` ends (a byte offset in `text`).
fn sentence_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(['.', '!', '?', '。', '！', '？', '\n'])
        .map_or(text.len(), |i| from + i)
}

/// Words and characters that turn a sentence against what came before it.
const CONCESSIVE_WORDS: &[&str] = &["but", "however", "though", "although", "yet"];
const CONCESSIVE_CJK: &[&str] = &["但是", "可是", "不过", "但"];

/// The first byte after a concessive connector ("but", "however", 但是…) in
/// `text[from..to]`, if there is one.
fn concession_after(text: &str, from: usize, to: usize) -> Option<usize> {
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

/// Where a concession after `from` can turn a phrase back: from just after the
/// connector to the end of its sentence. The connector is in the phrase's own sentence
/// ("I understand, but …") or opens the next one ("I understand. However, …").
pub fn concession_zone(text: &str, from: usize) -> Option<(usize, usize)> {
    let stop = sentence_end(text, from);
    if let Some(turn) = concession_after(text, from, stop) {
        return Some((turn, stop));
    }
    let next = text[stop..]
        .char_indices()
        .find(|(_, c)| !matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ' '))
        .map(|(i, _)| stop + i)?;
    let opener = NEXT_SENTENCE_CONCESSIVE
        .iter()
        .find(|w| opens_with_word(&text[next..], w))?;
    let turn = next + opener.len();
    Some((turn, sentence_end(text, turn)))
}

/// Connectors that turn a whole sentence against the one before it.
const NEXT_SENTENCE_CONCESSIVE: &[&str] = &[
    "however",
    "but",
    "that said",
    "having said that",
    "even so",
    "still",
    "但是",
    "可是",
    "不过",
];

/// Whether `text` starts with `word`, not followed by more letters (CJK words need no
/// boundary).
fn opens_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word)
        && (word.chars().next().is_some_and(is_cjk)
            || !text[word.len()..].chars().next().is_some_and(is_word_char))
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
    use super::{concession_zone, negated};

    /// Whether `phrase` is negated where it first occurs in `text` (lower-case, as the
    /// matcher sees it after normalising).
    fn negated_at(text: &str, phrase: &str) -> bool {
        negated(text, text.find(phrase).expect("the phrase is in the text"))
    }

    #[test]
    fn a_determiner_no_does_not_negate_the_predicate() {
        let frustrating = "a week with no desk and no news is really frustrating";
        assert!(!negated_at(frustrating, "is really frustrating"));
        assert!(!negated_at(frustrating, "frustrating"));
        assert!(!negated_at("no wonder you are upset", "you are upset"));
        assert!(!negated_at(
            "two days with no heating must be awful",
            "awful"
        ));
        assert!(!negated_at("no doubt that is frustrating", "frustrating"));
        assert!(!negated_at("no problem i will sort it today", "i will"));
    }

    #[test]
    fn predicate_negation_still_negates() {
        assert!(negated_at("no, i will not be sorry", "sorry"));
        assert!(negated_at("it is not frustrating", "frustrating"));
        assert!(negated_at("no i am not sorry", "sorry"));
        // "no" heading the phrase itself, or with no verb before the phrase.
        assert!(negated_at("there is no apology for that", "apology"));
        assert!(negated_at("there is no need to be sorry", "sorry"));
        assert!(negated_at("there is no way i can help", "i can help"));
        assert!(negated_at("no one is sorry", "sorry"));
        assert!(negated_at("i no longer understand", "understand"));
        assert!(negated_at("we have no problem", "problem"));
    }

    #[test]
    fn a_concession_reaches_into_a_next_sentence_that_opens_with_however() {
        fn zone<'t>(text: &'t str, after: &str) -> Option<&'t str> {
            concession_zone(text, text.find(after).expect("in the text") + after.len())
                .map(|(turn, stop)| &text[turn..stop])
        }
        let same = "i understand, but that is how it works. have a look online.";
        assert_eq!(zone(same, "understand"), Some(" that is how it works"));
        let next = "i understand this is frustrating. however, as i have explained, it takes time.";
        assert_eq!(
            zone(next, "frustrating"),
            Some(", as i have explained, it takes time")
        );
        let zh = "非常理解您的心情。但是规定就是规定。";
        assert_eq!(zone(zh, "心情"), Some("规定就是规定"));
        // A next sentence that does not turn against it is left alone, and so is a
        // word that only starts with a connector ("butter", "stillness").
        assert_eq!(
            zone("that is frustrating. i will fix it now.", "frustrating"),
            None
        );
        assert_eq!(
            zone("that is frustrating. butter is on its way.", "frustrating"),
            None
        );
    }
}
