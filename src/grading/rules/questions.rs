//! Questions in a reply: open ones that invite the customer's own account (with or
//! without a question mark), clarifying ones, and slot-filling requests that are not open.

use crate::matcher::is_cjk;
use crate::rubric::AskKind;

pub(super) const OPEN_STARTERS: &[&str] = &[
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

pub(super) const CLARIFYING: &[&str] = &[
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
pub(super) fn questions(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
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
pub(super) const INVITES: &[&str] = &[
    "tell me what happened",
    "tell me what is",
    "tell me what has",
    "tell me what went",
    "tell me what you",
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
pub(super) const UNMARKED: &[&str] = &[
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
pub(super) fn invitation(text: &str) -> Option<(usize, usize)> {
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
        // So may one after a comma: "You'd like to change a flight, so tell me a bit
        // about the booking", "Sure thing, tell me what you're seeing".
        if !matches!(b, b'.' | b'!' | b'?' | b'\n' | b';' | b':' | b',') && !dash {
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
pub(super) fn strip_fillers(mut sentence: &str) -> &str {
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
pub(super) fn starts_with_words(text: &str, words: &str) -> bool {
    text.starts_with(words)
        && !text[words.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

/// Words that make a question about the customer's situation rather than a slot to fill:
/// "How can I help?", "What happened?" are open; "What time?", "Which city?" are not.
pub(super) const SITUATION: &[&str] = &[
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
    // How something the customer has is working out for them: "How's the e-bike
    // treating you?", "How are you getting on with it?", "How has it been going?"
    "treating you",
    "getting on",
    "been going",
    "are you finding",
    // What a call is about, and what the customer knows that the agent should:
    // "What's this regarding?", "Is there anything I should know?"
    "regarding",
    "this about",
    "should know",
    "帮",
    "问题",
    "情况",
    "怎么回事",
    "需要",
    "什么事",
    "发生",
];

/// Offers phrased as questions ("would you like me to explain…?") are not open questions.
pub(super) const OFFERS: &[&str] = &[
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
pub(super) const OPEN_FRAMES: &[&str] = &[
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
pub(super) const SLOT_STARTERS: &[&str] = &[
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
pub(super) fn slot_filling(text: &str, start: usize, end: usize) -> bool {
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
pub(super) enum Terms {
    Open = 0,
    Clarifying = 1,
    Offers = 2,
    Situation = 3,
    Frame = 4,
}

pub(super) const TERM_LISTS: [&[&str]; 5] =
    [OPEN_STARTERS, CLARIFYING, OFFERS, SITUATION, OPEN_FRAMES];

/// Every occurrence of a term of any list on word boundaries (CJK terms as sequences)
/// within `text[start..end]`, as (list, start, end), from one automaton over all the
/// lists, built once.
pub(super) fn terms_in(text: &str, start: usize, end: usize) -> Vec<(u8, usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::first_questions;
    use crate::matcher::normalize;

    #[test]
    fn how_a_purchase_is_working_out_is_an_open_question() {
        for reply in [
            "How's the e-bike treating you since you bought it?",
            "How are you getting on with the new router?",
            "How has the boiler been going since the repair?",
            "How are you finding the app so far?",
        ] {
            let text = normalize(reply);
            assert!(
                first_questions(&text)[crate::rubric::AskKind::Open as usize].is_some(),
                "{reply}"
            );
        }
        assert!(
            first_questions(&normalize("What time?"))[crate::rubric::AskKind::Open as usize]
                .is_none()
        );
    }

    #[test]
    fn an_invitation_after_a_comma_or_about_what_the_call_is_regarding_is_open() {
        for reply in [
            "You'd like to change a flight, so tell me a bit about the booking.",
            "sure thing, tell me what you're seeing on the bill",
            "Yep, you've reached Clearwater Utilities. What's this regarding?",
            "What has the doctor referred you for, and is there anything about timing I should know?",
        ] {
            let text = normalize(reply);
            assert!(
                first_questions(&text)[crate::rubric::AskKind::Open as usize].is_some(),
                "{reply}"
            );
        }
        // A slot is still a slot after a comma.
        assert!(
            first_questions(&normalize("Sure, what time?"))[crate::rubric::AskKind::Open as usize]
                .is_none()
        );
    }
}
