//! What the customer says when asked for a fact: what they know (each fact said once,
//! then "as I said"), a scenario fact said plainly, their opening again when asked what
//! happened, "the one on my account" for their own details, or a natural "I don't know".

use super::lines::fixed;
use super::sentences::split_sentences;
use super::{Conversation, questions};
use crate::scenario::Language;

impl Conversation<'_> {
    /// What the customer says to the facts asked for: each known fact once (then "as I
    /// said"), "I don't know" for a well-known fact they do not know.
    pub(super) fn answers(&mut self, asked: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for fact in asked {
            let text = match self.scenario.customer.knows.get(fact) {
                Some(know) => {
                    let lines = know.lines();
                    let picked = if self.memory.given.contains(fact) {
                        // Said before (answered, or in a line that gives it): "as I said".
                        let base = self.expand_now(&lines[0]);
                        let again: Vec<String> = fixed(ANSWER_AGAIN, self.scenario.language)
                            .iter()
                            .map(|frame| frame.replace("{}", &base))
                            .collect();
                        self.voice
                            .pick_answer(
                                &mut self.rng,
                                &format!("again:{fact}"),
                                &again,
                                self.scenario.language,
                            )
                            .text
                    } else {
                        self.pick_answer(&format!("answer:{fact}"), &lines)
                    };
                    self.memory.given.insert(fact.clone());
                    picked
                }
                // Not listed under `knows`, but a fact of the scenario or the name: said plainly.
                None if fact == "name" || self.scenario.customer.facts.contains_key(fact) => {
                    let value = match self.scenario.customer.facts.get(fact) {
                        Some(v) if fact != "name" => self.expand_now(v),
                        _ => self.scenario.customer.name.clone(),
                    };
                    let lines = if self.memory.given.contains(fact) {
                        fixed(PLAIN_AGAIN, self.scenario.language)
                    } else {
                        fixed(PLAIN, self.scenario.language)
                    };
                    let lines: Vec<String> =
                        lines.iter().map(|l| l.replace("{}", &value)).collect();
                    self.memory.given.insert(fact.clone());
                    self.pick_answer(&format!("plain:{fact}"), &lines)
                }
                // Asked what happened without a `knows` line for it: they say again what
                // they opened with, as people do, rather than "that's all I know".
                // Asked for, it is said again even though it is no question.
                None if fact == "what-happened" && !self.opening.is_empty() => {
                    let name = &self.scenario.customer.name;
                    let first = name.split_whitespace().next().unwrap_or(name);
                    let told = without_greeting(&self.opening, first, self.scenario.language);
                    let again: Vec<String> = fixed(ANSWER_AGAIN, self.scenario.language)
                        .iter()
                        .map(|frame| frame.replace("{}", &told))
                        .collect();
                    self.voice
                        .pick_answer(
                            &mut self.rng,
                            "again:what-happened",
                            &again,
                            self.scenario.language,
                        )
                        .text
                }
                None if questions::is_well_known(fact) => {
                    let label = questions::label(fact, self.scenario.language);
                    let lines: Vec<String> = unknown_lines(fact, self.scenario.language)
                        .iter()
                        .map(|l| l.replace("{label}", &label))
                        .collect();
                    self.pick_answer(&format!("unknown:{fact}"), &lines)
                }
                None => continue,
            };
            if !text.is_empty() {
                out.push(text);
            }
        }
        once_said_again(out)
    }
}

/// Answers said in one breath say "as I said" once: "As I said, it's Leo Marsh. BS1 4QA,
/// that's the new one.", not "… As I said: BS1 4QA …" again.
fn once_said_again(answers: Vec<String>) -> Vec<String> {
    let mut framed = false;
    let mut out = Vec::new();
    for answer in answers {
        let frame = AGAIN_FRAMES.iter().find(|f| answer.starts_with(*f));
        match frame {
            Some(frame) if framed => {
                let rest = answer[frame.len()..].trim_start();
                let mut chars = rest.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string());
                out.push(first.unwrap_or_default() + chars.as_str());
            }
            Some(_) => {
                framed = true;
                out.push(answer);
            }
            None => out.push(answer),
        }
    }
    out
}

/// How the customer's answers open when said again (here and in `voice`), EN and ZH.
const AGAIN_FRAMES: &[&str] = &[
    "As I said: ",
    "As I said, ",
    "Like I said, ",
    "I told you: ",
    "I already told you — ",
    "Again: ",
    "I'll say it once more: ",
    "我刚才说了，",
    "刚才说过了：",
    "说过了，",
    "我刚才说过了：",
    "我已经说了，",
    "还是那句话：",
    "再说一遍：",
    "我都说过了，",
];

impl Conversation<'_> {
    /// A variant of an answer, never one said before; asked again once every variant is
    /// used, the customer says it again ("As I said: …").
    fn pick_answer(&mut self, key: &str, variants: &[String]) -> String {
        let expanded: Vec<String> = variants.iter().map(|v| self.expand_now(v)).collect();
        self.voice
            .pick_answer(&mut self.rng, key, &expanded, self.scenario.language)
            .text
    }
}

/// `opening` without its greeting and introduction ("Hi!", "It's Lena, and…"), for saying
/// again what the call is about: "As I said: We'd like the sunset cruise on Saturday.",
/// not "As I said: Hi! It's Lena…". The whole line when nothing else is left.
fn without_greeting(opening: &str, first_name: &str, language: Language) -> String {
    let first_name = first_name.to_lowercase();
    let mut kept: Vec<String> = Vec::new();
    for sentence in split_sentences(opening) {
        let mut sentence = sentence.trim();
        // "Hi, my parcel…": the greeting goes, the sentence stays.
        for greeting in GREETINGS {
            let lower = sentence.to_lowercase();
            if let Some(rest) = lower.strip_prefix(greeting)
                && let Some(mark) = [", ", "，", " - ", "! "]
                    .iter()
                    .find(|m| rest.starts_with(*m))
            {
                // Case folding may change lengths outside ASCII: then the line stays.
                let cut = greeting.len() + mark.len();
                sentence = sentence.get(cut..).unwrap_or(sentence).trim_start();
            }
        }
        let lower = sentence.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        let greets = GREETINGS
            .iter()
            .any(|g| bare == *g || bare.starts_with(&format!("{g} ")));
        let introduces = !first_name.is_empty() && lower.contains(&first_name);
        if !bare.is_empty() && !greets && !introduces {
            let mut chars = sentence.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            kept.push(first.unwrap_or_default() + chars.as_str());
        }
    }
    if kept.is_empty() {
        return opening.to_string();
    }
    match language {
        Language::En => kept.join(" "),
        Language::Zh => kept.concat(),
    }
}

/// Words that open a greeting sentence ("Hi there.", "Hello.").
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "good morning",
    "good afternoon",
    "你好",
    "您好",
    "喂",
];

/// A known fact asked for again; `{}` is the way the customer says it.
const ANSWER_AGAIN: [&[&str]; 2] = [
    &["As I said: {}", "Like I said, {}"],
    &["我刚才说了，{}", "刚才说过了：{}"],
];

const PLAIN: [&[&str]; 2] = [&["It's {}.", "{}."], &["是{}。", "{}。"]];

const PLAIN_AGAIN: [&[&str]; 2] = [
    &["As I said, it's {}.", "I told you: {}."],
    &["我刚才说了，是{}。", "说过了，{}。"],
];

/// Lines for a well-known fact the customer was not given: details of their own they
/// know (a phone number, an address) are "the one on my account"; the rest "I don't know".
fn unknown_lines(fact: &str, language: Language) -> &'static [&'static str] {
    match (fact, language) {
        ("what-happened", Language::En) => &[
            "That's really all I know.",
            "I don't know more than that, honestly.",
        ],
        ("what-happened", Language::Zh) => &["我知道的就这些了。", "具体的我也说不清楚。"],
        ("when-started", Language::En) => &[
            "I can't remember exactly when.",
            "I'm not sure of the exact date, sorry.",
        ],
        ("when-started", Language::Zh) => &["具体哪天我记不清了。", "我也记不太清是什么时候了。"],
        ("phone" | "email" | "address" | "postcode", Language::En) => &[
            "It's the {label} you've got on my account.",
            "Same {label} as on my account.",
        ],
        ("phone" | "email" | "address" | "postcode", Language::Zh) => &[
            "就是你们系统里登记的那个{label}。",
            "{label}还是账户上留的那个。",
        ],
        ("date-of-birth", Language::En) => &[
            "Do you really need that? It should be on my account.",
            "Is that necessary? You'll have it on file.",
        ],
        ("date-of-birth", Language::Zh) => {
            &["这个也要吗？账户上应该有。", "出生日期你们系统里应该有吧。"]
        }
        (_, Language::En) => &[
            "Sorry, I don't have my {label} to hand.",
            "I don't know my {label} offhand, I'm afraid.",
            "I'm not sure what my {label} is, sorry.",
        ],
        (_, Language::Zh) => &[
            "{label}我手头没有。",
            "不好意思，{label}我记不清了。",
            "{label}我一时找不到。",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::without_greeting;
    use crate::scenario::Language;

    #[test]
    fn several_answers_said_again_say_so_once() {
        let said = super::once_said_again(vec![
            "As I said, it's Leo Marsh.".to_string(),
            "As I said: BS1 4QA, that's the new one.".to_string(),
        ]);
        assert_eq!(
            said,
            ["As I said, it's Leo Marsh.", "BS1 4QA, that's the new one."]
        );
        let zh = super::once_said_again(vec![
            "我刚才说了，是王女士。".to_string(),
            "说过了，AX2291。".to_string(),
        ]);
        assert_eq!(zh, ["我刚才说了，是王女士。", "AX2291。"]);
    }

    #[test]
    fn the_opening_is_told_again_without_its_greeting() {
        assert_eq!(
            without_greeting(
                "Hi! It's Lena, and my friend Omar is here on speaker too. We'd like the sunset cruise on Saturday.",
                "Lena",
                Language::En
            ),
            "We'd like the sunset cruise on Saturday."
        );
        assert_eq!(
            without_greeting(
                "Hi... I've just moved into a flat with a balcony and I want some plants.",
                "Daniel",
                Language::En
            ),
            "I've just moved into a flat with a balcony and I want some plants."
        );
        assert_eq!(
            without_greeting(
                "Hi, my parcel PX-5521 says delivered but I haven't got it. So where is it?",
                "Ade",
                Language::En
            ),
            "My parcel PX-5521 says delivered but I haven't got it. So where is it?"
        );
        assert_eq!(without_greeting("Hello.", "Ada", Language::En), "Hello.");
        assert_eq!(
            without_greeting("你好。我的订单还没到。", "王", Language::Zh),
            "我的订单还没到。"
        );
    }
}
