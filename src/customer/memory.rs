//! What the customer remembers of the conversation: skills the trainee has shown, facts
//! asked for and given, and what was promised. Transitions test it (`done`, `asked`,
//! `given`, `promised`) so work done early still counts later, and lines can quote a
//! promise back (`{promised.day}`).

use std::collections::{BTreeMap, BTreeSet};

use crate::grading::ReplyAssessment;
use crate::matcher::normalize;
use crate::scenario::ConditionFile;

/// The conversation so far, as the customer remembers it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Memory {
    /// Skills shown in any reply so far (`rubric.skill`).
    pub shown: BTreeSet<String>,
    /// Facts the trainee has asked for.
    pub asked: BTreeSet<String>,
    /// Facts the customer has given.
    pub given: BTreeSet<String>,
    /// What the trainee promised: `day` → "Thursday", `refund` → "refund".
    pub promised: BTreeMap<String, String>,
    /// Replies the customer took as rude.
    pub rude_replies: u32,
}

impl Memory {
    /// Whether a skill (`skill` or `rubric.skill`) was shown in any reply so far.
    pub fn done(&self, skill: &str) -> bool {
        self.shown
            .iter()
            .any(|s| s == skill || s.rsplit('.').next() == Some(skill))
    }

    /// Takes in one reply (normalised): the skills it showed, the facts it asked for, its
    /// promises.
    pub fn hear(&mut self, normalized: &str, assessment: &ReplyAssessment, asked: &[String]) {
        self.shown.extend(assessment.shown.iter().cloned());
        self.asked.extend(asked.iter().cloned());
        for (kind, value) in promises_in(normalized) {
            self.promised.insert(kind.to_string(), value);
        }
    }

    /// Takes in facts a line the customer said gives (its step's `gives`).
    pub fn gives(&mut self, facts: &[String]) {
        self.given.extend(facts.iter().cloned());
    }

    /// Whether the memory parts of a condition hold (the reply parts are tested elsewhere).
    pub fn holds(&self, when: &ConditionFile) -> bool {
        when.done.iter().all(|s| self.done(s))
            && !when.not_done.iter().any(|s| self.done(s))
            && when.asked.iter().all(|f| self.asked.contains(f))
            && when.given.iter().all(|f| self.given.contains(f))
            && when.promised.iter().all(|p| self.promised.contains_key(p))
    }

    /// Placeholder values for what was promised: `promised.day`, `promised.refund`.
    pub fn values(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.promised
            .iter()
            .map(|(k, v)| (format!("promised.{k}"), v.clone()))
    }
}

/// Days and timeframes a trainee may promise, as written in lines (EN then ZH).
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "tomorrow",
    "tonight",
    "this afternoon",
    "this evening",
    "周一",
    "周二",
    "周三",
    "周四",
    "周五",
    "周六",
    "周日",
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期天",
    "星期日",
    "今天",
    "明天",
    "后天",
];

/// Words that turn a sentence into something other than a promise.
const NOT_A_PROMISE: &[&str] = &[
    " not ", "cannot", "never", "unable", "was due", "were due", "last ", "不", "没",
];

/// The promises in one reply: a day or timeframe ("by Thursday", "within 2 working days",
/// "24小时内") and a refund. A sentence that negates or looks back promises nothing.
pub fn promises(reply: &str) -> Vec<(&'static str, String)> {
    promises_in(&normalize(reply))
}

/// [`promises`] in a reply already normalised.
fn promises_in(text: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for sentence in text.split(['.', '!', '?', '。', '！', '？', '\n', ';', '；']) {
        let padded = format!(" {sentence} ");
        if NOT_A_PROMISE.iter().any(|w| padded.contains(w)) {
            continue;
        }
        if let Some(day) = timeframe(sentence) {
            found.push(("day", day));
        }
        if ["refund", "money back", "退款", "退钱"]
            .iter()
            .any(|w| sentence.contains(w))
        {
            found.push(("refund", "refund".to_string()));
        }
    }
    found
}

/// The first day or timeframe in a normalised sentence, as the customer would say it back.
fn timeframe(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    // The last day named is the one that matters: "book it today, with you by Thursday".
    let mut best: Option<(usize, &str)> = None;
    for day in DAYS {
        let at = if day.is_ascii() {
            words
                .iter()
                .position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *day)
                .map(|p| p * 1000)
        } else {
            sentence.find(day)
        };
        if let Some(at) = at
            && best.is_none_or(|(b, _)| at > b)
        {
            best = Some((at, day));
        }
    }
    if let Some((_, day)) = best {
        return Some(capitalise(day));
    }
    // "within 2 working days", "in 3 days", "within 24 hours"
    for (i, w) in words.iter().enumerate() {
        if matches!(*w, "within" | "in")
            && let Some(n) = words.get(i + 1)
            && (n.chars().all(|c| c.is_ascii_digit()) || is_number_word(n))
        {
            let mut end = i + 2;
            while end < words.len() && end < i + 5 {
                let unit = words[end].trim_matches(|c: char| !c.is_alphanumeric());
                end += 1;
                if matches!(unit, "days" | "day" | "hours" | "hour" | "weeks" | "week") {
                    return Some(words[i..end].join(" ").trim_end_matches(',').to_string());
                }
            }
        }
    }
    // 24小时内, 3天内, 两个工作日内
    if let Some(end) = sentence.find('内') {
        let before = &sentence[..end];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| {
                c.is_ascii_digit() || "一二两三四五六七八九十个小时天工作日周".contains(*c)
            })
            .last()
            .map(|(i, _)| i)?;
        let span = &sentence[start..end + '内'.len_utf8()];
        if span.chars().count() > 2 {
            return Some(span.to_string());
        }
    }
    None
}

fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "one" | "two" | "three" | "four" | "five" | "a" | "24" | "48" | "few" | "couple"
    )
}

fn capitalise(day: &str) -> String {
    let mut chars = day.chars();
    match chars.next() {
        Some(first)
            if first.is_ascii_lowercase()
                && !day.contains(' ')
                && day != "today"
                && day != "tomorrow"
                && day != "tonight" =>
        {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        }
        _ => day.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::promises;

    #[test]
    fn promised_days_refunds_and_timeframes() {
        assert_eq!(
            promises("I will book it today, and it will reach you by Thursday."),
            vec![("day", "Thursday".to_string())]
        );
        assert_eq!(
            promises("It will reach you within 2 working days. I'll refund the delivery charge."),
            vec![
                ("day", "within 2 working days".to_string()),
                ("refund", "refund".to_string())
            ]
        );
        assert_eq!(promises("It was due last Tuesday."), vec![]);
        assert_eq!(promises("We cannot refund it."), vec![]);
        assert_eq!(
            promises("我马上安排工程师在24小时内上门。"),
            vec![("day", "24小时内".to_string())]
        );
        assert_eq!(
            promises("明天给您回电。"),
            vec![("day", "明天".to_string())]
        );
    }
}
