//! What the customer says to a question of the trainee's that asks for no fact: a yes to
//! "Does that work for you?" or "Shall I book it?" when the reply suited them (a yes, not
//! details nobody asked for), and, as the call closes, a word on whatever else was asked
//! ("I'm not sure, to be honest.") rather than a goodbye that lets it pass. Facts asked
//! for are `answers`', choices `choices`', read-backs are confirmed: not here. Reads
//! words only; never scores.

use super::Conversation;
use super::lines::fixed;
use super::sentences::questions;
use super::yes_no::is_yes_no;
use crate::matcher::{NormalizedText, has_words};
use crate::scenario::Language;
use crate::transcript::Line;

/// What a question of the trainee's asks of the customer, by its kind of wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asking {
    /// Leave to do something for them: "Shall I book it?", "Can I send it today?".
    Leave,
    /// Whether they want something: "Would you like a text reminder?".
    Want,
    /// Whether what was said suits them: "Does that work for you?", "这样可以吗？".
    Suits,
    /// Whether they followed: "Does that make sense?".
    Followed,
    /// Any other yes or no: "Have you tried charging it overnight?".
    Other,
    /// An open question: "What's the occasion?".
    Open,
}

/// Whether the wording of a normalised question asks anything of the customer here, and
/// what: `None` for questions the call answers its own way — whether there is anything
/// else (the closing line is the answer), how they are.
pub(super) fn asking(question: &str) -> Option<Asking> {
    // A bare "Yes?" or "So?" invites the customer to go on; it asks nothing.
    let words = question.split_whitespace().count();
    if contains_any(question, NOT_FOR_HERE) || (question.is_ascii() && words < 2) {
        return None;
    }
    // The clause that asks: "Ravi, I'll call you when it's ready - would you like a
    // receipt?" asks "would you like a receipt?", and its "when" asks nothing.
    let clause = asking_clause(question);
    if contains_any(clause, OPEN_SUITS) {
        return Some(Asking::Suits);
    }
    if !is_yes_no(clause) {
        return Some(Asking::Open);
    }
    Some(if contains_any(clause, FOLLOWED) {
        Asking::Followed
    } else if contains_any(clause, SUITS) {
        Asking::Suits
    } else if contains_any(clause, LEAVE) {
        Asking::Leave
    } else if contains_any(clause, WANT) {
        Asking::Want
    } else {
        Asking::Other
    })
}

/// The last clause of a question with two words or more (or any Chinese): what it asks,
/// without the statement or the name before it.
fn asking_clause(question: &str) -> &str {
    let mut clause = question;
    for mark in [" - ", " — ", "; ", ", ", "，", "；"] {
        if let Some(at) = clause.rfind(mark) {
            let rest = &clause[at + mark.len()..];
            let words = rest.split_whitespace().count();
            if words >= 2 || !rest.is_ascii() {
                clause = rest;
            }
        }
    }
    clause
}

/// Whether a normalised text holds one of `cues`: English as whole words ("work?" is the
/// word "work"), Chinese anywhere.
pub(super) fn contains_any(text: &str, cues: &[&str]) -> bool {
    let words: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_punctuation() && c != '\'' {
                ' '
            } else {
                c
            }
        })
        .collect();
    cues.iter().any(|c| {
        if c.is_ascii() {
            has_words(&words, c)
        } else {
            text.contains(c)
        }
    })
}

impl Conversation<'_> {
    /// What the customer says to the questions of a normalised reply that nothing else
    /// answers: a yes to one that asks leave, what they want or whether it suits them,
    /// when `content` (the reply moved them on, unprovoked); and when `closing`, a word on
    /// every other question too, so the goodbye does not let it pass. A question that
    /// asks for a fact, offers a choice or names someone else is left to what answers it.
    /// `yes_said`: the next line opens with a yes or no of its own, which answers a
    /// yes/no question already.
    pub(super) fn assent(
        &mut self,
        reply: &str,
        content: bool,
        closing: bool,
        yes_said: bool,
    ) -> Vec<String> {
        let language = self.scenario.language;
        let mut out = Vec::new();
        // One yes answers every question asking for one: "Can I have a look? Does that
        // work for you?" gets "Yes, please.", not two.
        let mut yes = false;
        let mut unsure = false;
        for question in questions(reply) {
            let Some(kind) = asking(&question) else {
                continue;
            };
            let for_another = self.names_someone_else(&question);
            let asks_fact = !self
                .questions
                .asked_in(&NormalizedText::new(&question))
                .is_empty();
            if for_another || asks_fact || super::choices::offered_in(&question).is_some() {
                continue;
            }
            let lines = match kind {
                Asking::Leave | Asking::Want | Asking::Suits | Asking::Followed
                    if content && !yes_said && !yes =>
                {
                    yes = true;
                    yes_lines(kind, language)
                }
                Asking::Leave | Asking::Want | Asking::Suits | Asking::Followed => continue,
                // With people queueing, "Who's next?" is for them: only a question put
                // to the customer ("you") is theirs to answer.
                Asking::Other | Asking::Open
                    if closing && !unsure && (self.waiting.is_empty() || to_you(&question)) =>
                {
                    unsure = true;
                    fixed(UNSURE, language)
                }
                Asking::Other | Asking::Open => continue,
            };
            let key = format!("assent:{kind:?}");
            if let Some(line) = self.voice.fresh(&mut self.rng, "", &key, &lines) {
                out.push(line);
            } else {
                out.push(lines[0].clone());
            }
        }
        out.dedup();
        out
    }

    /// Whether a question turns to someone other than the main customer: a group member
    /// or someone in the queue by name, someone in the queue as "sir" or "madam" (unless
    /// the customer is named too), or by a word only they said ("Would you like a coffee
    /// while you wait?" to the man who wanted one). They answer it, if anyone does.
    fn names_someone_else(&self, question: &str) -> bool {
        let scenario = self.scenario;
        let members = scenario.speakers.iter().map(|s| s.name.as_str());
        let queuers = scenario.interjections.iter().map(|i| i.speaker.as_str());
        let named = |name: &str| {
            let name = crate::matcher::normalize(name);
            let name = name.trim();
            !name.is_empty() && contains_any(question, &[name])
        };
        if members.chain(queuers).any(named) {
            return true;
        }
        if self.waiting.is_empty() {
            return false;
        }
        let customer = &scenario.customer.name;
        let first = customer.split_whitespace().next().unwrap_or(customer);
        if contains_any(question, &["sir", "madam"]) && !named(first) {
            return true;
        }
        let Some(turn) = self.transcript.turns.last() else {
            return false;
        };
        let (queue, served): (Vec<&Line>, Vec<&Line>) =
            turn.customer.iter().partition(|l| l.interjection.is_some());
        let served: Vec<&str> = served.iter().map(|l| l.text.as_str()).collect();
        let served = served.join(" ");
        queue
            .iter()
            .any(|l| super::uptake::mentions(&l.text, question, &served))
    }
}

/// Whether a normalised question is put to the one who hears it: "you", "your", 您, 你.
fn to_you(question: &str) -> bool {
    contains_any(question, &["you", "your", "yours", "您", "你"])
}

/// The yes said to a question of `kind`.
fn yes_lines(kind: Asking, language: Language) -> Vec<String> {
    let lines = match kind {
        Asking::Leave => LEAVE_YES,
        Asking::Want => WANT_YES,
        Asking::Followed => FOLLOWED_YES,
        _ => SUITS_YES,
    };
    fixed(lines, language)
}

/// Questions the call answers its own way: whether there is anything else (the closing
/// line says), how the customer is.
const NOT_FOR_HERE: &[&str] = &[
    "anything else",
    "anything more",
    "anything further",
    "something else",
    "any other questions",
    "how are you",
    "还有什么",
    "还有其他",
    "还有别的",
    "其他问题",
    "别的问题",
];

/// Words asking whether they followed.
const FOLLOWED: &[&str] = &[
    "make sense",
    "makes sense",
    "is that clear",
    "do you understand",
    "did that help",
    "明白吗",
    "清楚吗",
    "听明白",
    "理解吗",
];

/// Open questions that ask whether what was said suits them.
const OPEN_SUITS: &[&str] = &[
    "how does that sound",
    "how does this sound",
    "how is that",
    "how about that",
    "怎么样",
];

/// Words asking whether what was said suits them.
const SUITS: &[&str] = &[
    "does that work",
    "does this work",
    "would that work",
    "will that work",
    "work for you",
    "works for you",
    "sound okay",
    "sound ok",
    "sound good",
    "sounds good",
    "sound alright",
    "is that okay",
    "is that ok",
    "is this okay",
    "is that alright",
    "is that all right",
    "is that fine",
    "is that acceptable",
    "suit you",
    "suits you",
    "happy with",
    "okay with",
    "ok with",
    "are you okay",
    "可以吗",
    "行吗",
    "好吗",
    "满意吗",
    "合适吗",
    "方便吗",
    "行不行",
    "可不可以",
];

/// Words asking leave to do something for them.
const LEAVE: &[&str] = &[
    "do you want me",
    "would you like me",
    "is it okay if i",
    "do you mind if",
    "shall i",
    "should i",
    "can i",
    "could i",
    "may i",
    "shall we",
    "要不要我",
    "需要我",
    "我帮您",
    "我给您",
    "我帮你",
    "我给你",
];

/// Words asking whether they want something.
const WANT: &[&str] = &[
    "would you like",
    "do you want",
    "do you need",
    "would it help",
    "需要",
    "要不要",
    "想要",
];

const LEAVE_YES: [&[&str]; 2] = [
    &["Yes, please.", "Yes, go ahead.", "Please do, yes."],
    &["好的，麻烦你了。", "可以，你弄吧。", "行，那就麻烦你了。"],
];

const WANT_YES: [&[&str]; 2] = [
    &["Yes, please.", "That would be great, yes.", "Yes, thanks."],
    &["要的，谢谢。", "好的，需要。", "嗯，要的。"],
];

const SUITS_YES: [&[&str]; 2] = [
    &[
        "Yes, that works for me.",
        "Yes, that's fine.",
        "Sounds good, yes.",
    ],
    &["可以，就这样吧。", "行，没问题。", "好的，可以。"],
];

const FOLLOWED_YES: [&[&str]; 2] = [
    &[
        "Yes, that makes sense.",
        "Yes, got it.",
        "Yes, that's clear.",
    ],
    &["明白了。", "清楚了。", "嗯，听明白了。"],
];

/// A natural "I don't know" to a question left at the close.
const UNSURE: [&[&str]; 2] = [
    &["I'm not sure, to be honest.", "Hmm, I don't know, sorry."],
    &["这个我不太清楚。", "这个我也说不好。"],
];

#[cfg(test)]
mod tests {
    use super::{Asking, asking};
    use crate::matcher::normalize;

    fn kind(question: &str) -> Option<Asking> {
        asking(&normalize(question))
    }

    #[test]
    fn questions_are_read_by_their_kind_of_wording() {
        assert_eq!(kind("Does that work for you?"), Some(Asking::Suits));
        assert_eq!(
            kind("And I can book it within 2 working days, would that work?"),
            Some(Asking::Suits)
        );
        assert_eq!(kind("How does that sound?"), Some(Asking::Suits));
        assert_eq!(kind("您看这样可以吗？"), Some(Asking::Suits));
        assert_eq!(kind("Shall I book two seats?"), Some(Asking::Leave));
        assert_eq!(kind("Can I go ahead and order it?"), Some(Asking::Leave));
        assert_eq!(kind("Would you like a text reminder?"), Some(Asking::Want));
        assert_eq!(kind("Does that make sense?"), Some(Asking::Followed));
        assert_eq!(
            kind("Have you tried charging it overnight?"),
            Some(Asking::Other)
        );
        assert_eq!(kind("What's the occasion?"), Some(Asking::Open));
        assert_eq!(kind("What time suits you, Ravi?"), Some(Asking::Open));
        assert_eq!(
            kind("Ravi, I'll call you when it's ready - would you like a receipt?"),
            Some(Asking::Want)
        );
        assert_eq!(kind("Is that okay, Ravi?"), Some(Asking::Suits));
        assert_eq!(kind("Is there anything else I can help with?"), None);
        assert_eq!(kind("Yes?"), None);
        assert_eq!(kind("还有什么可以帮您的吗？"), None);
    }
}
