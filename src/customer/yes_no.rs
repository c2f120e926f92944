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
    "well", "oh", "ah", "um", "hmm", "hm", "so", "sir", "madam", "and", "hi", "hello",
];

/// Exclamations of dismay or sympathy that open a reply without answering anything.
const EXCLAMATIONS: &[&str] = &[
    "oh no", "oh dear", "oh gosh", "oh my", "oh god", "oh man", "oh wow", "oh sorry",
];

/// How a yes/no question about a thing opens, and how an answer turns it round: "Is that
/// normal?" "That's not right", "Does it come with a charger?" "It does".
const MIRRORS: &[(&str, &[&str])] = &[
    ("is that ", &["that is ", "it is "]),
    ("is it ", &["it is ", "that is "]),
    ("is this ", &["this is ", "it is ", "that is "]),
    ("does that ", &["that does ", "it does "]),
    ("does it ", &["it does "]),
    ("was it ", &["it was "]),
    ("was that ", &["that was ", "it was "]),
    ("are they ", &["they are "]),
    ("can it ", &["it can "]),
    ("will it ", &["it will "]),
];

/// Whether a normalised reply answers a yes/no `question` by turning its opening round,
/// past an opener ("Hmm, that's not right" to "Is that normal?").
pub(super) fn mirrors(question: &str, reply: &str) -> bool {
    // The question's own clause: "Is that normal?" of "It said 60. Is that normal?".
    let asked = question.trim_start();
    let Some((_, answers)) = MIRRORS.iter().find(|(q, _)| asked.starts_with(q)) else {
        return false;
    };
    let rest = past_openers(reply);
    answers.iter().any(|a| {
        rest.strip_prefix(a)
            .is_some_and(|said| is_verdict_on(said, &asked[asked.len().min(8)..]))
    })
}

/// Whether what follows a question's turned-round opening judges what it asked: "not",
/// a word of the question ("normal"), or a word of judgement ("right", "expected").
/// "That's annoying" to "Is that normal?" feels for the customer; it does not answer.
fn is_verdict_on(said: &str, asked: &str) -> bool {
    let mut words = said
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| DEGREE.contains(w));
    let Some(word) = words.next() else {
        return false;
    };
    word == "not"
        || JUDGEMENTS.contains(&word)
        || asked
            .split(|c: char| !c.is_alphanumeric())
            .any(|q| q.len() > 2 && q == word)
}

/// Words of degree before a verdict: "that's definitely not", "it's quite normal".
const DEGREE: &[&str] = &[
    "definitely",
    "certainly",
    "really",
    "quite",
    "completely",
    "perfectly",
    "totally",
    "absolutely",
    "pretty",
    "very",
    "actually",
    "probably",
    "usually",
    "normally",
    "still",
];

/// Words that judge whether something is as it should be.
const JUDGEMENTS: &[&str] = &[
    "right", "wrong", "fine", "ok", "okay", "normal", "expected", "usual", "unusual", "common",
    "standard", "typical", "possible", "true", "correct", "allowed", "covered", "included",
    "enough", "too",
];

/// A reply past its openers and a vocative: "jan, yes - …" is "yes - …". An exclamation
/// of dismay ("oh no", "oh dear") is an opener too: "Oh no, I'm sorry" says no "no".
fn past_openers(reply: &str) -> &str {
    let mut rest = reply.trim_start();
    for exclamation in EXCLAMATIONS {
        if let Some(after) = rest.strip_prefix(exclamation)
            && !after.starts_with(|c: char| c.is_alphanumeric())
        {
            rest = after.trim_start_matches([',', ' ', '-', '!', '.', '，', '、']);
            break;
        }
    }
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
    rest
}

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
    let rest = past_openers(reply);
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
