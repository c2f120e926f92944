//! Style: shouting in capitals, runs of "!!!", jargon, and replies too long or too short.

use super::super::Note;
use crate::rubric::StyleFile;

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
pub(super) fn bangs(original: &str) -> Option<(usize, usize)> {
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
