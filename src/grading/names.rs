//! Names and facts in coaching text (`suggest`, a substitute's `prefer`): what the
//! trainee is told to say must use the scenario's own figures and the trainee's own name,
//! never figures or names of its own that contradict the brief.
//!
//! `{fact}` takes the scenario's value; `{fact|words}` says what to write when the
//! scenario has no such fact. `{trainee.name}` is known only once someone plays, so it
//! survives compiling and is filled in per conversation ([`for_trainee`]).

use std::collections::BTreeMap;

/// The placeholder filled in per conversation.
pub const TRAINEE_NAME: &str = "trainee.name";

/// Expands a scenario's placeholders in coaching text: known names take their value,
/// unknown ones with a fallback (`{refund_days|the time in your brief}`) the fallback;
/// `{trainee.name}` and unknown names without a fallback are left as written.
pub fn expand_coaching(text: &str, values: &BTreeMap<String, String>) -> String {
    expand_with(text, |key, fallback| {
        if key == TRAINEE_NAME {
            None
        } else {
            values
                .get(key)
                .cloned()
                .or_else(|| fallback.map(str::to_string))
        }
    })
}

/// What `run` records as the trainee when `--trainee` is not given.
pub const UNNAMED_RUN: &str = "scripted";

/// What `play` records as the trainee when the name asked for is left blank.
pub const UNNAMED_PLAY: &str = "trainee";

/// The trainee's name, or `None` when none is known: blank, or one of the labels rehearse
/// records when no name was given ([`UNNAMED_RUN`], [`UNNAMED_PLAY`]). A label is fine in
/// a report's trainee column but is no name to put in the trainee's mouth ("My name is
/// scripted").
pub fn trainee_name(trainee: &str) -> Option<&str> {
    let name = trainee.trim();
    let label = name.is_empty()
        || name.eq_ignore_ascii_case(UNNAMED_RUN)
        || name.eq_ignore_ascii_case(UNNAMED_PLAY);
    (!label).then_some(name)
}

/// Puts the trainee's name where coaching text says `{trainee.name}`. Without a name
/// ([`trainee_name`]) the placeholder's fallback is used, or a blank the trainee can see
/// is theirs to fill: "(your name)", in a Chinese suggestion "（您的名字）". Never a name
/// of our own: a made-up name in a suggestion reads as the one to say.
pub fn for_trainee(text: &str, trainee: &str) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let name = trainee_name(trainee);
    expand_with(text, |key, fallback| {
        (key == TRAINEE_NAME).then(|| match (name, fallback) {
            (Some(name), _) => name.to_string(),
            (None, Some(fallback)) => fallback.to_string(),
            (None, None) => your_name(text).to_string(),
        })
    })
}

/// The blank for the trainee's name, in the language the suggestion is written in.
fn your_name(text: &str) -> &'static str {
    if text.chars().any(crate::matcher::is_cjk) {
        "（您的名字）"
    } else {
        "(your name)"
    }
}

/// The placeholder names coaching text uses (without fallbacks), and whether each has
/// a fallback, for `check`.
pub fn coaching_placeholders(text: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let (key, fallback) = split(&after[..close]);
        found.push((key.to_string(), fallback.is_some()));
        rest = &after[close + 1..];
    }
    found
}

fn split(inside: &str) -> (&str, Option<&str>) {
    match inside.split_once('|') {
        Some((key, fallback)) => (key.trim(), Some(fallback.trim())),
        None => (inside.trim(), None),
    }
}

/// Replaces each `{key}` or `{key|fallback}` with what `value` says for it; `None` leaves
/// the placeholder as written.
fn expand_with(text: &str, value: impl Fn(&str, Option<&str>) -> Option<String>) -> String {
    crate::scenario::replace_braces(text, |inside| {
        let (key, fallback) = split(inside);
        value(key, fallback)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        v.insert("customer.first_name".into(), "Chloe".into());
        v.insert("wait".into(), "ten".into());
        v
    }

    #[test]
    fn facts_expand_and_fallbacks_stand_in_for_missing_ones() {
        let text = "Dear {customer.first_name}, in about {wait|a few} minutes, within {refund_days|the time in your brief}.";
        assert_eq!(
            expand_coaching(text, &values()),
            "Dear Chloe, in about ten minutes, within the time in your brief."
        );
        assert_eq!(expand_coaching("{nothing}", &values()), "{nothing}");
        assert_eq!(expand_coaching("a { b", &values()), "a { b");
    }

    #[test]
    fn the_trainee_name_waits_for_the_conversation() {
        let compiled = expand_coaching("我是客服{trainee.name}。", &values());
        assert_eq!(compiled, "我是客服{trainee.name}。");
        assert_eq!(for_trainee(&compiled, "小张"), "我是客服小张。");
        assert_eq!(
            for_trainee("My name is {trainee.name|Sam}.", ""),
            "My name is Sam."
        );
        assert_eq!(
            for_trainee("My name is {trainee.name}.", " "),
            "My name is (your name)."
        );
        assert_eq!(for_trainee("{order} stays", "Ana"), "{order} stays");
    }

    #[test]
    fn without_a_name_the_suggestion_leaves_a_blank_in_its_own_language() {
        // Blank, or the labels `run` and `play` record when no name was given: never
        // put in the trainee's mouth ("My name is scripted").
        for unnamed in ["", "  ", UNNAMED_RUN, UNNAMED_PLAY, "Scripted"] {
            assert_eq!(
                for_trainee("My name is {trainee.name}.", unnamed),
                "My name is (your name).",
                "{unnamed:?}"
            );
            assert_eq!(
                for_trainee("这里是安心家电客服部，我是客服{trainee.name}。", unnamed),
                "这里是安心家电客服部，我是客服（您的名字）。",
                "{unnamed:?}"
            );
        }
        assert_eq!(trainee_name(" Ana "), Some("Ana"));
        assert_eq!(trainee_name(UNNAMED_RUN), None);
    }

    #[test]
    fn placeholders_are_listed_with_their_fallbacks() {
        assert_eq!(
            coaching_placeholders("{a} {b|c} {trainee.name}"),
            vec![
                ("a".to_string(), false),
                ("b".to_string(), true),
                ("trainee.name".to_string(), false)
            ]
        );
    }
}
