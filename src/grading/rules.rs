//! The checks behind rule kinds that are not plain phrase lists: questions, mirroring and
//! style. Each is a small pure function over one normalised reply.

use crate::matcher::{is_cjk, words};
use crate::rubric::{AskKind, StyleFile};

/// Words that carry no topic, left out when looking for the customer's key words.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "cannot", "could", "did", "do", "does", "for", "from", "get",
    "got", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "just", "me", "my", "no", "not", "now", "of", "on", "or", "our", "out",
    "she", "so", "still", "that", "the", "their", "them", "then", "there", "they", "this", "to",
    "too", "up", "us", "very", "was", "we", "were", "what", "when", "which", "who", "why", "will",
    "with", "would", "you", "your", "yes", "ok", "okay", "really", "want", "need", "one", "two",
    "know", "been", "being", "going", "say", "said", "tell", "told", "let", "like", "make", "made",
    "的", "了", "是", "我", "你", "您", "吗", "呢", "啊", "吧", "在", "有", "和", "就", "也", "都",
    "这", "那",
];

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

/// Sentences (byte ranges) of a normalised text that end in a question mark.
pub fn questions(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '?' => {
                found.push((start, i + c.len_utf8()));
                start = i + c.len_utf8();
            }
            '.' | '!' | '。' | '\n' => start = i + c.len_utf8(),
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|(s, e)| {
            let lead = text[s..e].len() - text[s..e].trim_start().len();
            (s + lead, e)
        })
        .filter(|(s, e)| e > s)
        .collect()
}

/// Offers phrased as questions ("would you like me to explain…?") are not open questions.
const OFFERS: &[&str] = &[
    "would you like me to",
    "shall i",
    "do you want me to",
    "should i",
];

/// The first question of the wanted kind.
pub fn find_question(text: &str, kind: AskKind) -> Option<(usize, usize)> {
    questions(text).into_iter().find(|&(s, e)| {
        let sentence = &text[s..e];
        match kind {
            AskKind::Any => true,
            AskKind::Open => {
                contains_term(sentence, OPEN_STARTERS) && !contains_term(sentence, OFFERS)
            }
            AskKind::Clarifying => contains_term(sentence, CLARIFYING),
        }
    })
}

fn contains_term(sentence: &str, terms: &[&str]) -> bool {
    terms.iter().any(|term| {
        if term.chars().any(is_cjk) {
            return sentence.contains(term);
        }
        sentence.match_indices(term).any(|(i, _)| {
            let before_ok = sentence[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = sentence[i + term.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        })
    })
}

/// What the mirror, echo and repetition checks need to know about one normalised text,
/// computed once per text: its words, its adjacent word pairs (hashed) and its key terms.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Number of words.
    pub words: usize,
    /// Hash of each adjacent word pair, in order.
    pairs: Vec<u64>,
    /// The same hashes as a set.
    pair_set: std::collections::HashSet<u64>,
    /// Key terms, sorted and unique.
    pub terms: Vec<String>,
}

impl Profile {
    /// Profiles a normalised text.
    pub fn new(text: &str) -> Profile {
        use std::hash::{Hash, Hasher};
        let spans = words(text);
        let pairs: Vec<u64> = spans
            .windows(2)
            .map(|p| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                text[p[0].0..p[0].1].hash(&mut hasher);
                text[p[1].0..p[1].1].hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        let pair_set = pairs.iter().copied().collect();
        Profile {
            words: spans.len(),
            terms: key_terms(text, &spans),
            pairs,
            pair_set,
        }
    }

    /// Share of this text's word pairs that also occur in `source`.
    pub fn copied_from(&self, source: &Profile) -> f64 {
        if self.pairs.is_empty() {
            return 0.0;
        }
        let copied = self
            .pairs
            .iter()
            .filter(|p| source.pair_set.contains(p))
            .count();
        copied as f64 / self.pairs.len() as f64
    }
}

fn is_stop_word(word: &str) -> bool {
    static STOP: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    STOP.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

/// Content words (Latin words of 3+ letters not in the stop list, crudely stemmed) and
/// adjacent CJK character pairs.
fn key_terms(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let mut terms = Vec::new();
    for (i, &(s, e)) in spans.iter().enumerate() {
        let word = &text[s..e];
        if word.chars().all(is_cjk) {
            if let Some(&(s2, e2)) = spans.get(i + 1)
                && s2 == e
                && text[s2..e2].chars().all(is_cjk)
            {
                let pair = &text[s..e2];
                if !pair
                    .chars()
                    .any(|c| is_stop_word(c.encode_utf8(&mut [0; 4])))
                {
                    terms.push(pair.to_string());
                }
            }
        } else if word.chars().count() >= 3 && !is_stop_word(word) {
            terms.push(stem(word).to_string());
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

/// A crude stem so "delays" mirrors "delay" and "disappointed" mirrors "disappointing".
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return &word[..word.len() - suffix.len()];
        }
    }
    word
}

/// Which of the customer's key terms the reply reuses, and how much of the reply is a
/// straight copy of the customer (share of the reply's word pairs found in the customer's).
pub fn mirror(reply: &Profile, customer: &Profile) -> (Vec<String>, f64) {
    let reused: Vec<String> = customer
        .terms
        .iter()
        .filter(|t| reply.terms.binary_search(t).is_ok())
        .cloned()
        .collect();
    (reused, reply.copied_from(customer))
}

/// Style problems in an *original* (not normalised) reply: what and where (byte range).
pub fn style_violations(
    original: &str,
    spans: &[(usize, usize)],
    style: &StyleFile,
) -> Vec<(String, Option<(usize, usize)>)> {
    let mut found = Vec::new();
    if style.no_caps {
        for &(s, e) in spans {
            let word = &original[s..e];
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() >= 3
                && letters.iter().all(|c| c.is_uppercase())
                && !style.allow_caps.iter().any(|a| a == word)
            {
                found.push((
                    format!("\"{word}\" is in capitals, which reads as shouting"),
                    Some((s, e)),
                ));
            }
        }
    }
    if style.no_repeated_exclamation
        && let Some(at) = original.find("!!").or_else(|| original.find("！！"))
    {
        let end = original[at..]
            .find(|c| c != '!' && c != '！')
            .map(|n| at + n)
            .unwrap_or(original.len());
        found.push(("repeated exclamation marks".to_string(), Some((at, end))));
    }
    let count = spans.len();
    if let Some(min) = style.min_words
        && count < min
    {
        found.push((format!("{count} words is too short (at least {min})"), None));
    }
    if let Some(max) = style.max_words
        && count > max
    {
        found.push((format!("{count} words is too long (at most {max})"), None));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::normalize;

    #[test]
    fn open_and_clarifying_questions() {
        let t = normalize("Thanks. Could you tell me what happened? Is that right?");
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
        let (reused, copied) = mirror(&reply, &customer);
        assert_eq!(reused, vec!["delay", "desk", "disappoint"]);
        assert!(copied < 0.5);
        let (_, copied) = mirror(&customer, &customer);
        assert!(copied > 0.99);
    }

    #[test]
    fn style_catches_caps_and_bangs() {
        let style = StyleFile {
            no_caps: true,
            no_repeated_exclamation: true,
            allow_caps: vec!["ID".into()],
            ..StyleFile::default()
        };
        let found = style_violations(
            "PLEASE respond with your ID!!!",
            &words("PLEASE respond with your ID!!!"),
            &style,
        );
        assert_eq!(found.len(), 2);
        assert!(found[0].0.contains("PLEASE"));
        assert!(
            style_violations(
                "Please respond with your ID.",
                &words("Please respond with your ID."),
                &style
            )
            .is_empty()
        );
    }
}
