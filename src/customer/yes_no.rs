//! Yes/no questions and their answers: a question without a "which" word asks for a
//! yes or a no, and a reply answers it with one ("Jan, yes - …") or with a verdict on its
//! words ("bikes cannot come on board"). Reads words only.

use crate::matcher::{has_words, is_cjk};

/// Words asking which: a question with one of them is not a yes/no question.
const WH: &[&str] = &[
    "what",
    "how",
    "how's",
    "how s",
    "what's",
    "what s",
    "where's",
    "who's",
    "when",
    "where",
    "which",
    "who",
    "why",
    "whose",
    "什么",
    "怎么",
    "多少",
    "几",
    "哪",
    "谁",
    "为什么",
    "多久",
    "多长",
];

/// Words that open a yes or a no (after a name or "well"): "Yes, 54 pounds", "No, just
/// me", "Of course", "I'm afraid not".
const YES_NO: &[&str] = &[
    "yes",
    "yeah",
    "yep",
    "yup",
    "no",
    "nope",
    "sure",
    "certainly",
    "absolutely",
    "definitely",
    "correct",
    "exactly",
    "indeed",
    "right",
    "unfortunately",
    "sadly",
    "of course",
    "i am afraid",
    "that is right",
    "that is correct",
    "not ",
    "是的",
    "是",
    "对",
    "可以",
    "能",
    "会",
    "有",
    "没有",
    "没",
    "不",
    "好的",
    "当然",
    "没错",
    "嗯",
];

/// Whether a normalised reply gives a verdict without a yes or no first: "bikes cannot
/// come on board", "the top deck is fine", "that is not possible". With a word of a yes/no
/// question, it answers it ("Is it okay to bring a bike?" "Sorry! Bikes cannot come").
pub(super) fn gives_verdict(reply: &str) -> bool {
    let padded = format!(" {reply} ");
    if ["not know", "not sure", "no idea"]
        .iter()
        .any(|w| padded.contains(w))
    {
        return false;
    }
    VERDICTS.iter().any(|w| padded.contains(w))
}

/// Words that say whether something can be done, in a normalised reply (EN then ZH).
const VERDICTS: &[&str] = &[
    " not ",
    " cannot ",
    " allowed ",
    " no problem ",
    " of course ",
    " fine ",
    " welcome ",
    " afraid ",
    " unfortunately ",
    " possible ",
    "可以",
    "不行",
    "不能",
    "没问题",
];

/// Words a reply opens with before its answer: a name is handled separately.
const OPENERS: &[&str] = &[
    "well", "oh", "ah", "um", "so", "sir", "madam", "and", "hi", "hello",
];

pub(super) fn is_yes_no(question: &str) -> bool {
    !WH.iter().any(|w| {
        if w.is_ascii() {
            has_words(question, w)
        } else {
            question.contains(w)
        }
    })
}

/// Whether a reply opens with a yes or a no, past a name or "well" ("Jan, yes - …").
pub(super) fn answers_yes_no(reply: &str) -> bool {
    let mut rest = reply.trim_start();
    for _ in 0..3 {
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric() || is_cjk(c))
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        let after = rest[word_end..].trim_start_matches([',', ' ', '-', '!', '.', '，', '、']);
        // A vocative: a short word then a comma ("jan, yes"), or an opener.
        let vocative = rest[word_end..].starts_with(',') && !YES_NO.contains(&word);
        if !word.is_empty() && (OPENERS.contains(&word) || vocative) {
            rest = after;
        } else {
            break;
        }
    }
    YES_NO.iter().any(|w| {
        if w.is_ascii() {
            let padded = format!("{rest} ");
            padded.starts_with(w)
                && (w.ends_with(' ')
                    || padded[w.len()..].starts_with(|c: char| !c.is_alphanumeric()))
        } else {
            rest.starts_with(w)
        }
    })
}
