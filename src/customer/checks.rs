//! Promises to find something out ("I'll check on bikes", "我帮您查一下"), and whether they
//! were kept: a later sentence that says what was found (its words, or "I've checked").
//! A call with a check still owed does not end resolved: the customer asks about it.

use std::sync::LazyLock;

use crate::matcher::{WordList, is_cjk};
use crate::scenario::Language;

/// Ways of promising to find something out, in a normalised sentence.
const PROMISES: &[&str] = &[
    "i will check",
    "i will double check",
    "i will find out",
    "i will look into",
    "i will ask",
    "i will get back to you",
    "i will see if",
    "i will see whether",
    "let me check",
    "let me find out",
    "let me look into",
    "let me ask",
    "let me see if",
    "we will check",
    "we will find out",
    "我查一下",
    "我帮您查",
    "帮您查一下",
    "我去问",
    "我问一下",
    "我确认一下",
    "我核实一下",
    "稍后回复",
    "回头告诉您",
];

/// Words saying a check was done.
const DONE: &[&str] = &[
    "i have checked",
    "i checked",
    "i have found out",
    "i found out",
    "i have asked",
    "i have looked",
    "i looked into",
    "i have confirmed",
    "just checked",
    "查到了",
    "查过了",
    "查了一下",
    "确认过了",
    "核实过了",
    "问过了",
];

/// Words that join a topic to what comes after it, where the topic stops.
const TOPIC_ENDS: &[&str] = &[
    " and ",
    " then ",
    " for you",
    " for both",
    " right away",
    " now",
];

/// Words too common to tie a later sentence to a topic.
const COMMON: &[&str] = &[
    "the", "and", "that", "this", "for", "with", "whether", "about", "can", "could", "will", "you",
    "your", "our", "all", "any", "there", "what", "out", "into", "see", "check",
];

/// A check promised and not yet done: what the trainee said they would find out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The topic as the trainee put it ("on bikes"), empty when none was named
    /// (normalised, for finding it again).
    pub topic: String,
    /// The topic as the trainee typed it ("order AX2291"), for saying it back; the
    /// normalised topic where it cannot be found as typed.
    pub said: String,
}

impl Check {
    /// Finds the topic as typed in `original` (the reply before normalising): the same
    /// text but for case, where folding case kept the reply's length.
    pub(super) fn said_in(&mut self, original: &str) {
        let folded = original.to_lowercase();
        if folded.len() == original.len()
            && let Some(at) = folded.find(&self.topic)
            && let Some(said) = original.get(at..at + self.topic.len())
        {
            self.said = said.to_string();
        }
    }
}

/// Takes in one normalised reply: checks promised in it are added to `owed`, and checks
/// owed are kept by a sentence that says what was found.
pub(super) fn hear(owed: &mut Vec<Check>, text: &str) {
    // Checks promised in this reply: a result later in the same reply settles them,
    // whatever it names ("Let me check order AX2291. It's at the depot and arrives
    // tomorrow.").
    let mut fresh: Vec<Check> = Vec::new();
    for sentence in text.split(['.', '!', '?', '。', '！', '？', '\n', ';', '；']) {
        let padded = format!(" {sentence} ");
        static PROMISED: LazyLock<WordList> = LazyLock::new(|| WordList::new(PROMISES));
        static FOUND: LazyLock<WordList> = LazyLock::new(|| WordList::new(DONE));
        let promised = PROMISED.first(&padded);
        if let Some((at, phrase)) = promised
            && finds_out(phrase, &padded[at + phrase.len()..])
        {
            let after = &padded[at + phrase.len()..];
            let mut named = topic(after);
            // "I'm not sure about bikes, let me find out for you": named before the promise.
            if open_topic(&named)
                && let Some(before) = topic_before(&padded[..at])
            {
                named = before;
            }
            fresh.push(Check {
                said: named.clone(),
                topic: named,
            });
            continue;
        }
        // Nothing owed is the common case: what settles a check is not looked for then
        // (it was a tenth of what the customer did with a reply).
        if owed.is_empty() && fresh.is_empty() {
            continue;
        }
        let done = FOUND.any_in(sentence);
        let result = reports_result(sentence);
        owed.retain(|check| {
            !(done || mentions(sentence, &check.topic) || result && open_topic(&check.topic))
        });
        // "I'll be back in 2 minutes" is the wait, not what was found.
        let waiting = !fresh.is_empty()
            && [" back ", " hold ", "回来", "稍等"]
                .iter()
                .any(|w| padded.contains(w));
        fresh.retain(|check| !(done || result && !waiting || mentions(sentence, &check.topic)));
    }
    owed.extend(fresh);
}

/// Whether a sentence reports a result: a yes or no first ("Yes, 2 days"), a figure
/// ("it's £12", "2 days") or a day ("it comes Thursday").
fn reports_result(sentence: &str) -> bool {
    let first = sentence
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let trimmed = sentence.trim_start();
    if ["no idea", "not sure", "i do not know"]
        .iter()
        .any(|w| trimmed.starts_with(w))
    {
        return false;
    }
    ["yes", "yep", "yeah", "no", "nope"].contains(&first)
        || ["是的", "对", "可以", "不行", "没有"]
            .iter()
            .any(|w| trimmed.starts_with(w))
        || sentence.contains(|c: char| c.is_ascii_digit())
        || !super::memory::promises(sentence).is_empty()
}

/// Whether a check's topic leaves open what would answer it: it names nothing of its
/// own ("I'll look into it", "let me check that") or asks when, whether or how ("let me
/// check when it ships"), so a result reported answers it. "I'll check on bikes" is
/// answered about bikes.
fn open_topic(topic: &str) -> bool {
    let first = topic.split_whitespace().next().unwrap_or("");
    let named = topic
        .split(|c: char| !c.is_alphanumeric() || is_cjk(c))
        .any(|w| w.len() >= 3 && !COMMON.contains(&w) && !VAGUE.contains(&w));
    !named || ["when", "whether", "if", "how"].contains(&first)
}

/// Words of a topic that name nothing in particular.
const VAGUE: &[&str] = &["it", "them", "one", "thing", "things", "something"];

/// Whether a promise with an ambiguous verb is one to find out: "check on bikes", "check
/// whether…", "ask my manager if…", not "check your bag through" or "ask for a refund".
fn finds_out(phrase: &str, after: &str) -> bool {
    let words: Vec<&str> = after.split_whitespace().collect();
    if phrase.ends_with("check") {
        return words.first().is_none_or(|w| CHECK_NEXT.contains(w));
    }
    if phrase.ends_with("ask") {
        return words
            .iter()
            .take(5)
            .any(|w| ["whether", "if", "about"].contains(w));
    }
    true
}

/// What follows "check" when it means finding out.
const CHECK_NEXT: &[&str] = &[
    "on", "about", "whether", "if", "with", "for", "that", "this", "into", "and", "what", "when",
    "how", "again",
];

/// The topic of a check: the words after the promise, up to where another clause starts.
fn topic(after: &str) -> String {
    let mut end = after.len();
    for mark in TOPIC_ENDS.iter().chain([&",", &"，"]) {
        if let Some(at) = after.find(mark) {
            end = end.min(at);
        }
    }
    after[..end].trim().to_string()
}

/// The topic a sentence names before a promise that names none: "about bikes" in "I'm
/// not sure about bikes, let me find out", the words after the last "about", up to the
/// end of that clause.
fn topic_before(before: &str) -> Option<String> {
    let at = before.rfind(" about ")?;
    let rest = &before[at + 1..];
    let end = rest.find([',', '，', '-', '—']).unwrap_or(rest.len());
    let named = rest[..end].trim();
    (!open_topic(named.trim_start_matches("about").trim())).then(|| named.to_string())
}

/// Whether `text` (normalised) promises to find out about something `line` (normalised)
/// speaks of: "I'll check on bikes" takes up "Is it okay to bring a bike on board?".
pub(super) fn promised_about(text: &str, line: &str) -> bool {
    let mut promised = Vec::new();
    hear(&mut promised, text);
    promised
        .iter()
        .any(|check| !check.topic.is_empty() && mentions(line, &check.topic))
}

/// Whether a sentence speaks of a topic: shares a word with it (bike, bikes), or for
/// Chinese a pair of characters.
fn mentions(sentence: &str, topic: &str) -> bool {
    let stem = |w: &str| w.trim_end_matches('s').to_string();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() || is_cjk(c))
            .filter(|w| w.len() >= 3 && !COMMON.contains(w))
            .map(stem)
            .collect()
    };
    let said = words(sentence);
    if words(topic).iter().any(|w| said.contains(w)) {
        return true;
    }
    let chars: Vec<char> = topic.chars().collect();
    chars.windows(2).any(|p| {
        p.iter()
            .all(|c| is_cjk(*c) && !"一下的了您你我他是查".contains(*c))
            && sentence.contains(&p.iter().collect::<String>())
    })
}

/// What the customer says when a call would end with a check still owed; `{}` is the
/// topic.
pub(super) fn owed_lines(check: &Check, language: Language) -> Vec<String> {
    let named = !check.topic.is_empty()
        && !format!(" {} ", check.topic).contains(" you ")
        && !check.topic.contains('你');
    let topic = format!(" {} ", check.said)
        .replace(" your ", " my ")
        .trim()
        .to_string();
    let lines: &[&str] = match (language, named) {
        (Language::En, true) => &[
            "Before we finish - you said you'd check {}. Did you find out?",
            "Hang on, you were going to check {}. What did you find?",
        ],
        (Language::En, false) => &[
            "Before we finish - you said you'd check something for us. Did you find out?",
            "Hang on, you were going to look into that. What did you find?",
        ],
        (Language::Zh, true) => &[
            "等一下，你刚才说要查{}，查到了吗？",
            "你说帮我查{}，结果呢？",
        ],
        (Language::Zh, false) => &[
            "等一下，你刚才说帮我查一下，查到了吗？",
            "你说要帮我问问，结果呢？",
        ],
    };
    lines.iter().map(|l| l.replace("{}", &topic)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owed_after(replies: &[&str]) -> Vec<String> {
        let mut owed = Vec::new();
        for r in replies {
            hear(&mut owed, &crate::matcher::normalize(r));
        }
        owed.into_iter().map(|c| c.topic).collect()
    }

    /// Looked up and told in one breath: the result later in the same reply settles the
    /// check, whatever it names; saying how long the look will take does not.
    #[test]
    fn a_check_answered_in_the_same_reply_is_not_owed() {
        assert!(
            owed_after(&[
                "好的王女士，我帮您查一下订单AX2291。您的净化器已经到了本地网点，明天下午六点前送到，您看可以吗？"
            ])
            .is_empty()
        );
        assert!(
            owed_after(&["I'll check on order AX2291. It's at the depot and arrives tomorrow."])
                .is_empty()
        );
        assert_eq!(
            owed_after(&["I'll check on order AX2291. I'll be back in 2 minutes."]),
            ["on order ax2291"]
        );
    }

    /// The customer says the topic back as the trainee typed it, not case-folded.
    #[test]
    fn an_owed_check_is_said_back_as_typed() {
        let reply = "I'll check on order AX2291 for you.";
        let mut owed = Vec::new();
        hear(&mut owed, &crate::matcher::normalize(reply));
        owed[0].said_in(reply);
        let lines = owed_lines(&owed[0], Language::En);
        assert!(lines[0].contains("on order AX2291"), "{lines:?}");
    }

    #[test]
    fn a_check_is_owed_until_what_was_found_is_said() {
        assert_eq!(
            owed_after(&["Omar, I'll check on bikes and get back to you."]),
            ["on bikes"]
        );
        assert!(
            owed_after(&[
                "I'll check on bikes.",
                "Good news: bikes are fine on board."
            ])
            .is_empty()
        );
        assert!(
            owed_after(&[
                "Let me check that for you.",
                "I've checked, and it's all fine."
            ])
            .is_empty()
        );
        assert_eq!(
            owed_after(&["I'll check on bikes.", "Two seats, emailed in 10 minutes."]),
            ["on bikes"]
        );
        assert!(owed_after(&["I checked your order yesterday."]).is_empty());
        // A result reported settles a check that named nothing of its own, or asked when
        // or whether: a timeframe, a figure, a yes or no.
        assert!(owed_after(&["I'll look into it.", "Yes I told you, 2 days. Bye."]).is_empty());
        assert!(owed_after(&["Let me check when it ships.", "It goes out Thursday."]).is_empty());
        assert!(owed_after(&["Let me check that for you.", "No, it's not in stock."]).is_empty());
        assert_eq!(
            owed_after(&["I'll look into it.", "Sorry about that."]).len(),
            1
        );
        // Checking a bag through and asking for approval are actions, not finding out.
        assert!(owed_after(&["I will check your bag through to Lisbon."]).is_empty());
        assert!(owed_after(&["I will ask my team leader to approve a replacement."]).is_empty());
        assert_eq!(
            owed_after(&["I'll ask my manager whether we can waive it."]).len(),
            1
        );
        // Named before a promise that names nothing: about bikes, not any result.
        assert_eq!(
            owed_after(&[
                "Omar, I'm not sure about bikes, let me find out for you.",
                "They'll be emailed within 10 minutes."
            ]),
            ["about bikes"]
        );
        assert!(
            owed_after(&[
                "I'm not sure about bikes, let me find out.",
                "Bikes are fine on board."
            ])
            .is_empty()
        );
        assert_eq!(owed_after(&["我帮您查一下物流信息。"]).len(), 1);
        assert!(owed_after(&["我帮您查一下物流信息。", "物流信息显示明天送到。"]).is_empty());
    }
}
