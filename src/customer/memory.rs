//! What the customer remembers of the conversation: skills the trainee has shown, facts
//! asked for and given, facts the trainee told them, what was promised or offered, and
//! checks promised and not yet reported on.
//! Transitions test it (`done`, `asked`, `given`, `told`, `promised`) so work done early
//! still counts later, a step does not ask for what the trainee already said, and lines
//! can quote a promise back (`{promised.day}`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::checks::{self, Check};
use crate::grading::ReplyAssessment;
use crate::matcher::{WordList, find_word_start, normalize};
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
    /// Facts (`customer.facts` ids) the trainee has said: the value was in a reply.
    pub told: BTreeSet<String>,
    /// What the trainee promised: `day` → "Thursday", `refund` → "refund", and `offer` →
    /// the sentence that proposed something ("I can put you on the 20:40 via Porto").
    pub promised: BTreeMap<String, String>,
    /// Replies the customer took as rude.
    pub rude_replies: u32,
    /// Checks the trainee promised ("I'll check on bikes") and has not reported on yet.
    pub owed: Vec<Check>,
}

impl Memory {
    /// Whether a skill (`skill` or `rubric.skill`) was shown in any reply so far.
    pub fn done(&self, skill: &str) -> bool {
        self.shown
            .iter()
            .any(|s| s == skill || s.rsplit('.').next() == Some(skill))
    }

    /// Takes in one reply (as typed, and normalised): the skills it showed, the facts it asked for and
    /// told, its promises. Returns whether it promised anything.
    pub fn hear(
        &mut self,
        original: &str,
        normalized: &str,
        assessment: &ReplyAssessment,
        asked: &[String],
        told: &[String],
    ) -> bool {
        self.shown.extend(assessment.shown.iter().cloned());
        self.asked.extend(asked.iter().cloned());
        self.told.extend(told.iter().cloned());
        let promises = promises_in(normalized);
        let promised = !promises.is_empty();
        for (kind, value) in promises {
            self.promised.insert(kind.to_string(), value);
        }
        let before = self.owed.len();
        checks::hear(&mut self.owed, normalized);
        for check in self.owed.iter_mut().skip(before) {
            check.said_in(original);
        }
        promised
    }

    /// Takes in skills the customer counts as shown though the grader did not: what a
    /// step `expects`, when the reply gave the time or figure its question asked for.
    pub fn answered(&mut self, skills: &[String]) {
        self.shown.extend(skills.iter().cloned());
    }

    /// Takes in the option the customer picked from a choice the trainee offered
    /// (normalised): a day picked is the day promised.
    pub fn agree(&mut self, option: &str) {
        if let Some(day) = timeframe(option) {
            self.promised.insert("day".to_string(), day);
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
            && when.told.iter().all(|f| self.told.contains(f))
            && when.promised.iter().all(|p| self.promised.contains_key(p))
    }

    /// Placeholder values for what was promised: `promised.day`, `promised.refund` (an
    /// offer is the trainee's own sentence, never quoted back).
    pub fn values(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.promised
            .iter()
            .filter(|(k, _)| *k != "offer")
            .map(|(k, v)| (format!("promised.{k}"), v.clone()))
    }
}

/// A scenario's `customer.facts`, normalised once for [`FactValues::told_in`]: the
/// customer looks for them in every reply, and normalising each value again there was
/// a tenth of replaying a cohort (a "£" or a Chinese value takes the slow path).
#[derive(Debug, Default)]
pub struct FactValues {
    /// Fact id, its value normalised, and the numbers in it.
    facts: Vec<(String, String, Vec<String>)>,
}

impl FactValues {
    /// The facts, normalised.
    pub fn new(facts: &BTreeMap<String, String>) -> FactValues {
        FactValues {
            facts: facts
                .iter()
                .map(|(fact, value)| {
                    let value = normalize(value);
                    let numbers = numbers_in(&value);
                    (fact.clone(), value, numbers)
                })
                .collect(),
        }
    }

    /// The facts (their ids) whose value a normalised reply says. A value with digits is
    /// told when each of its numbers stands in the reply as a number of its own ("£54" by
    /// "54 pounds", not by "154"); any other value when its words are there.
    pub fn told_in(&self, text: &str) -> Vec<String> {
        let said = numbers_in(text);
        let mut found = Vec::new();
        for (fact, value, wanted) in &self.facts {
            let hit = if wanted.is_empty() {
                let value = value.trim();
                !value.is_empty()
                    && (!value.is_ascii() && text.contains(value)
                        || find_word_start(text, value).is_some())
            } else {
                wanted.iter().all(|n| said.contains(n))
            };
            if hit {
                found.push(fact.clone());
            }
        }
        found
    }
}

/// The runs of ASCII digits in a text.
fn numbers_in(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
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

/// Ways of proposing something the customer can take up: an alternative, a way round,
/// a choice ("I can put you on…", "how about…", "要不…", "可以给您换…"). Matched at the
/// start of a word in a normalised sentence.
const OFFERS: &[&str] = &[
    "i can put you",
    "i can book",
    "i can get you",
    "i can move you",
    "i can transfer",
    "i can rebook",
    "i can offer",
    "i can give you",
    "i can arrange",
    "i can switch",
    "i can swap",
    "i can send",
    "i could",
    "we can put",
    "we can book",
    "we can offer",
    "we can get you",
    "we could",
    "how about",
    "what about",
    "would you like",
    "one option",
    "another option",
    "the other option",
    "alternatively",
    "instead",
    "let me book",
    "let me put you",
    "let me get you",
    "i will put you on",
    "i will book you",
    "可以帮您",
    "可以给您",
    "可以为您",
    "要不",
    "或者",
    "建议您",
    "给您换",
    "给您安排",
    "帮您换",
    "帮您改",
    "帮您安排",
    "为您安排",
    "换成",
    "改成",
    "改签",
];

/// The promises in one reply: a day or timeframe ("by Thursday", "within 2 working days",
/// "24小时内"), a refund, and an offer (something proposed: "I can put you on the 20:40").
/// A sentence that negates or looks back promises and offers nothing.
pub fn promises(reply: &str) -> Vec<(&'static str, String)> {
    promises_in(&normalize(reply))
}

/// [`promises`] in a reply already normalised.
pub(super) fn promises_in(text: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for sentence in text.split(['.', '!', '?', '。', '！', '？', '\n', ';', '；']) {
        let padded = format!(" {sentence} ");
        // 要不 ("how about") proposes; its 不 negates nothing.
        let plain = if padded.contains("要不") {
            std::borrow::Cow::Owned(padded.replace("要不", ""))
        } else {
            std::borrow::Cow::Borrowed(&padded)
        };
        static NOT_PROMISED: LazyLock<WordList> = LazyLock::new(|| WordList::new(NOT_A_PROMISE));
        static OFFERED: LazyLock<WordList> = LazyLock::new(|| WordList::new(OFFERS));
        if NOT_PROMISED.any_in(&plain) {
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
        if OFFERED.first(sentence).is_some() {
            found.push(("offer", sentence.trim().to_string()));
        }
    }
    found
}

/// The first day or timeframe in a normalised sentence, as the customer would say it back.
fn timeframe(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    // The last day named is the one that matters: "book it today, with you by Thursday".
    let mut best: Option<(usize, &str)> = None;
    // Most sentences name no day: one pass over the sentence says so, where looking for
    // each day in turn was a tenth of what the customer does with a reply.
    static NAMED: LazyLock<WordList> = LazyLock::new(|| WordList::new(DAYS));
    let days = if NAMED.any_in(sentence) { DAYS } else { &[] };
    for day in days {
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
    // "within 2 working days", "in 3 days", "within 24 hours"; "takes 2 days" is said
    // back as "in 2 days".
    for (i, w) in words.iter().enumerate() {
        if matches!(*w, "takes" | "take")
            && let Some(n) = words.get(i + 1)
            && (n.chars().all(|c| c.is_ascii_digit()) || is_number_word(n))
            && let Some(unit) = words.get(i + 2)
            && matches!(
                unit.trim_matches(|c: char| !c.is_alphanumeric()),
                "days" | "day" | "hours" | "hour" | "weeks" | "week"
            )
        {
            let unit = unit.trim_matches(|c: char| !c.is_alphanumeric());
            return Some(format!("in {n} {unit}"));
        }
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
    use super::{FactValues, promises};
    use std::collections::BTreeMap;

    fn told(reply: &str, facts: &BTreeMap<String, String>) -> Vec<String> {
        FactValues::new(facts).told_in(&crate::matcher::normalize(reply))
    }

    #[test]
    fn facts_told_by_their_values() {
        let facts = [
            ("price", "£54"),
            ("flight", "SK 482"),
            ("product", "空气净化器"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(told("It's £54 a month for all three.", &facts), ["price"]);
        assert_eq!(told("Fifty-four? No: 54 pounds.", &facts), ["price"]);
        assert!(told("That's £154 a month.", &facts).is_empty());
        assert_eq!(told("Your flight SK 482 is cancelled.", &facts), ["flight"]);
        assert_eq!(told("您的空气净化器已经出库。", &facts), ["product"]);
    }

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

    #[test]
    fn offers_are_kinds_of_proposal_not_sentences() {
        let offered = |reply: &str| promises(reply).iter().any(|(kind, _)| *kind == "offer");
        for reply in [
            "There's a 20:40 flight via Porto tonight that still has seats - I can put you on that one.",
            "How about the 20:40 via Porto?",
            "I could get you on the evening flight.",
            "Alternatively, we can book you on the first flight tomorrow.",
            "Would you like me to rebook you via Porto?",
            "要不我帮您改签到晚上八点四十的航班？",
            "我可以给您换一台新的。",
        ] {
            assert!(offered(reply), "{reply}");
        }
        for reply in [
            "I cannot put you on another flight today.",
            "There's nothing I can do.",
            "What happened?",
            "我们没办法给您换。",
        ] {
            assert!(!offered(reply), "{reply}");
        }
    }
}
