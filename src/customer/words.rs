//! The words of a line that show a reply took it up: content words, stemmed ("bikes" is
//! "bike"), figures and codes, and pairs of Chinese characters, without the words too
//! common to mean anything.

use crate::matcher::is_cjk;

/// English words too common to show that a reply took anything up.
const STOP: &[&str] = &[
    "the", "and", "but", "for", "you", "your", "yours", "are", "was", "were", "have", "has", "had",
    "that", "this", "these", "those", "with", "from", "not", "can", "could", "will", "would",
    "shall", "should", "may", "might", "must", "get", "got", "just", "about", "all", "any", "our",
    "out", "there", "here", "they", "them", "their", "then", "than", "what", "when", "where",
    "which", "who", "why", "how", "its", "it", "is", "did", "does", "do", "been", "being", "into",
    "onto", "over", "very", "really", "some", "much", "many", "more", "also", "too", "now", "one",
    "okay", "yes", "well", "please", "thanks", "thank", "sorry", "hello", "him", "her", "his",
    "she", "myself", "like", "want", "need", "know", "going", "said", "say", "bit", "lot", "loads",
    "quick", "question", "hi", "hey", "let", "sure", "ask", "asked", "again", "once",
];

/// Characters that make a Chinese pair of characters too common to count.
const CJK_STOP: &str = "的了是我你您他她吗呢吧啊呀哦嗯就都也还在有这那个一下么什请问好想";

/// The words of a normalised text that show uptake: content words (stemmed) and figures
/// (any token with a digit: prices, codes, times), and for Chinese, pairs of characters.
pub(super) struct Words {
    pub content: Vec<String>,
    pub figures: Vec<String>,
}

impl Words {
    pub fn of(text: &str) -> Words {
        let mut content = Vec::new();
        let mut figures = Vec::new();
        for token in text.split(|c: char| !c.is_alphanumeric() || is_cjk(c)) {
            if token.chars().any(|c| c.is_ascii_digit()) {
                figures.push(token.to_string());
            } else if token.chars().count() >= 3 && !STOP_SET.contains(token) {
                content.push(stem(token));
            }
        }
        // Looking each word up in a set, and skipping the pairs of characters in text
        // with no Chinese, halved the cost of reading a line's words (a twentieth of
        // replaying a cohort).
        static STOP_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
            std::sync::LazyLock::new(|| STOP.iter().copied().collect());
        let cjk: Vec<char> = if text.is_ascii() {
            Vec::new()
        } else {
            text.chars().collect()
        };
        for pair in cjk.windows(2) {
            if pair.iter().all(|c| is_cjk(*c) && !CJK_STOP.contains(*c)) {
                content.push(pair.iter().collect());
            }
        }
        content.sort();
        content.dedup();
        Words { content, figures }
    }

    /// How many content words both share.
    pub fn shared_with(&self, other: &Words) -> usize {
        self.content
            .iter()
            .filter(|w| other.content.binary_search(w).is_ok())
            .count()
    }
}

/// "bikes" and "bike", "lasts" and "last" are the same word here.
fn stem(word: &str) -> String {
    let word = word
        .strip_suffix("ing")
        .filter(|w| w.len() >= 3)
        .unwrap_or(word);
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() >= 3)
        .unwrap_or(word);
    word.to_string()
}
