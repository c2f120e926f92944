//! A choice the trainee offers ("Would you prefer a morning or an afternoon slot?",
//! "您要上午还是下午？") gets a choice back ("Morning, please.") before the customer's next
//! line, instead of a thank-you that ignores it. Reads words only; never scores.

use super::Conversation;
use super::sentences::capitalise;
use crate::matcher::is_cjk;
use crate::scenario::Language;

impl Conversation<'_> {
    /// The customer's pick when `reply` offers a choice: the first option, as people at
    /// a counter usually take the first thing offered that suits them. The pick is what
    /// was agreed: a day picked is the day promised ("Thursday or Friday?" → "Thursday,
    /// please.", and later "Right. Thursday, then.", not the last day the trainee named).
    /// `reply` is normalised.
    pub(super) fn choose(&mut self, reply: &str) -> Option<String> {
        let option = offered_in(reply)?;
        self.memory.agree(&option);
        Some(match self.scenario.language {
            Language::En => format!("{}, please.", capitalise(&option)),
            Language::Zh => format!("{option}吧。"),
        })
    }
}

/// Words that make an "or" question a choice offered, not "is that okay or not?".
const CHOICE_CUES: &[&str] = &[
    "prefer",
    "did you want",
    "would you like",
    "would you rather",
    "do you want",
    "which",
    "either",
    "better for you",
    "suit you",
];

/// Words before an option that are not the option.
const SKIP: &[&str] = &[
    "a", "an", "the", "some", "one", "your", "by", "in", "on", "at",
];

/// The first option of a choice offered in `reply`, if any.
#[cfg(test)]
fn offered(reply: &str) -> Option<String> {
    offered_in(&crate::matcher::normalize(reply))
}

/// [`offered`] in a normalised reply.
pub(super) fn offered_in(text: &str) -> Option<String> {
    for sentence in text.split(['.', '!', '。', '！']) {
        let Some(question) = sentence
            .split_inclusive(['?', '？'])
            .find(|q| q.ends_with(['?', '？']))
        else {
            continue;
        };
        if let Some(at) = question.find("还是") {
            let before: Vec<char> = question[..at].chars().collect();
            let option: String = before
                .iter()
                .rev()
                .take_while(|c| is_cjk(**c))
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if option.chars().count() == 2 {
                return Some(option);
            }
            continue;
        }
        let Some(at) = question.find(" or ") else {
            continue;
        };
        let after = question[at + 4..].trim_start();
        if after.starts_with("not")
            || after.starts_with("anything")
            || after.starts_with("something")
        {
            continue;
        }
        let words: Vec<&str> = question[..at]
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let short = words.len() <= 3;
        if !short && !CHOICE_CUES.iter().any(|c| question.contains(c)) {
            continue;
        }
        if let Some(option) = words.last().filter(|w| !SKIP.contains(w)) {
            return Some((*option).to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::offered;

    #[test]
    fn a_choice_offered_is_found_and_a_yes_no_question_is_not() {
        let slot = "I'll book it for Thursday. Would you prefer a morning or an afternoon slot?";
        assert_eq!(offered(slot).as_deref(), Some("morning"));
        assert_eq!(offered("Card or cash?").as_deref(), Some("card"));
        assert_eq!(
            offered("Would you like a refund or a replacement?").as_deref(),
            Some("refund")
        );
        assert_eq!(offered("您要上午还是下午送？").as_deref(), Some("上午"));
        assert_eq!(offered("Does that sound okay or not?"), None);
        assert_eq!(
            offered("Is there anything else I can help with, or is that all?"),
            None
        );
        assert_eq!(offered("We deliver in the morning or the afternoon."), None);
    }
}
