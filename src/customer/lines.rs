//! Which line the customer says: a step's variants used up before any repeats (see
//! `voice`), a promise quoted only once made, placeholders expanded with what is known now.

use std::collections::BTreeMap;

use super::sentences::split_sentences;
use super::{Conversation, Picked};
use crate::scenario::{Language, expand, placeholders};
use crate::transcript::Line;

impl Conversation<'_> {
    /// A line of a step, never one said before in this conversation; `answers` go first
    /// when the main customer speaks it. `asked`: the line answers what the trainee asked
    /// (a fact it `gives`), so said again it is rephrased even if it is no question.
    /// Returns whether the customer had to rephrase. The facts the step `gives` count as
    /// said once the line is (see [`Memory::gives`]).
    pub(super) fn line_for(
        &mut self,
        step: usize,
        answers: Vec<String>,
        asked: bool,
    ) -> (Line, bool) {
        let scenario = self.scenario;
        let picked = match self.already_told(step) {
            // What the line would ask for was said: the customer checks it instead.
            Some(checks) => {
                let key = format!("told:{}", scenario.steps[step].id);
                self.voice
                    .pick(&mut self.rng, &key, &checks, scenario.language)
            }
            None => {
                let variants = &scenario.steps[step].say;
                let key = format!("step:{}", scenario.steps[step].id);
                let mut picked = self.pick_eligible(&key, variants, asked);
                if !picked.again {
                    picked.text = self.without_given(step, picked.text);
                }
                picked
            }
        };
        let speaker = scenario.speaker_name(&scenario.steps[step]).to_string();
        let text = if !answers.is_empty() && speaker == scenario.customer.name {
            let mut parts = answers;
            parts.push(picked.text);
            sentences(&parts, scenario.language)
        } else {
            picked.text
        };
        (
            Line {
                speaker,
                text,
                interjection: None,
            },
            picked.again,
        )
    }

    /// A step's line without the sentences that say what it `gives`, when the customer
    /// has said all of it already ("Marcus Bell, postcode M14 5RT. So when do I get the
    /// money back?" after giving both when asked: only the question is left). A line that
    /// is nothing but those details is said whole.
    fn without_given(&self, step: usize, text: String) -> String {
        let gives = &self.scenario.steps[step].gives;
        if gives.is_empty() || !gives.iter().all(|f| self.memory.given.contains(f)) {
            return text;
        }
        let values: Vec<String> = gives
            .iter()
            .filter_map(|f| match self.scenario.customer.facts.get(f) {
                Some(v) => Some(self.expand_now(v)),
                None => (f == "name").then(|| self.scenario.customer.name.clone()),
            })
            .map(|v| crate::matcher::normalize(&v))
            .filter(|v| !v.trim().is_empty())
            .collect();
        let kept: Vec<String> = split_sentences(&text)
            .into_iter()
            .filter(|s| {
                let s = crate::matcher::normalize(s);
                !values.iter().any(|v| s.contains(v.as_str()))
            })
            .map(|s| s.trim().to_string())
            .collect();
        if kept.is_empty() {
            text
        } else {
            sentences(&kept, self.scenario.language)
        }
    }

    /// When every fact a step's line asks for (`asks`) was already said by the trainee,
    /// the lines that check what was heard instead ("£54, you said - is that right?").
    pub(super) fn already_told(&self, step: usize) -> Option<Vec<String>> {
        let asks = &self.scenario.steps[step].asks;
        if asks.is_empty() || !asks.iter().all(|f| self.memory.told.contains(f)) {
            return None;
        }
        let language = self.scenario.language;
        let values: Vec<String> = asks
            .iter()
            .filter_map(|f| self.scenario.customer.facts.get(f))
            .map(|v| self.expand_now(v))
            .collect();
        let values = values.join(if language == Language::Zh {
            "、"
        } else {
            " and "
        });
        Some(
            fixed(CHECK_TOLD, language)
                .iter()
                .map(|l| l.replace("{}", &values))
                .collect(),
        )
    }

    /// Picks among variants that can be said now: one quoting a promise
    /// (`{promised.day}`) only once it was made; when none can, neutral words stand in.
    fn pick_eligible(&mut self, key: &str, variants: &[String], asked: bool) -> Picked {
        let values = self.values_now();
        let mut eligible = Vec::new();
        for v in variants {
            let unmet = placeholders(v)
                .iter()
                .any(|p| p.starts_with("promised.") && !values.contains_key(p));
            if !unmet {
                eligible.push(expand(v, &values));
            }
        }
        let key = if eligible.len() == variants.len() {
            key.to_string()
        } else {
            format!("{key}:{}", eligible.len())
        };
        if eligible.is_empty() {
            let mut neutral = values.clone();
            for (name, word) in NEUTRAL[usize::from(self.scenario.language == Language::Zh)] {
                neutral
                    .entry(format!("promised.{name}"))
                    .or_insert_with(|| word.to_string());
            }
            eligible = variants.iter().map(|v| expand(v, &neutral)).collect();
        }
        self.voice.pick_again(
            &mut self.rng,
            "",
            &key,
            &eligible,
            self.scenario.language,
            asked,
        )
    }

    fn values_now(&self) -> BTreeMap<String, String> {
        let mut values = self.values.clone();
        values.extend(self.memory.values());
        values
    }

    pub(super) fn expand_now(&self, text: &str) -> String {
        expand(text, &self.values_now())
    }

    /// A variant of a list of lines, never one said before.
    pub(super) fn pick(&mut self, key: &str, variants: &[String]) -> String {
        let expanded: Vec<String> = variants.iter().map(|v| self.expand_now(v)).collect();
        self.voice
            .pick(&mut self.rng, key, &expanded, self.scenario.language)
            .text
    }

    /// A variant of a list of lines said by someone other than the main customer.
    pub(super) fn pick_as(&mut self, speaker: &str, key: &str, variants: &[String]) -> String {
        let expanded: Vec<String> = variants.iter().map(|v| self.expand_now(v)).collect();
        self.voice
            .pick_as(
                &mut self.rng,
                speaker,
                key,
                &expanded,
                self.scenario.language,
            )
            .text
    }

    /// A built-in line (EN, ZH variants) said by the main customer.
    pub(super) fn fixed_line(&mut self, lines: [&[&str]; 2]) -> Line {
        let variants: Vec<String> = lines[usize::from(self.scenario.language == Language::Zh)]
            .iter()
            .map(|l| l.to_string())
            .collect();
        let key = format!("fixed:{}", variants[0]);
        let text = self.pick(&key, &variants);
        Line {
            speaker: self.scenario.customer.name.clone(),
            text,
            interjection: None,
        }
    }
}

/// Sentences said in one breath: spaced in English, run together in Chinese (whose
/// sentences end in full-width punctuation and take no spaces).
pub(super) fn sentences(parts: &[String], language: Language) -> String {
    match language {
        Language::En => parts.join(" "),
        Language::Zh => parts.concat(),
    }
}

/// EN or ZH variants of a built-in line.
pub(super) fn fixed(lines: [&[&str]; 2], language: Language) -> Vec<String> {
    lines[usize::from(language == Language::Zh)]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// What a customer says instead of asking for what the trainee already said; `{}` is
/// the value heard.
const CHECK_TOLD: [&[&str]; 2] = [
    &[
        "So that's {}, you said - is that right?",
        "{}, you said? Just so I've got it right.",
        "And that's definitely {}, like you said?",
    ],
    &[
        "你刚才说是{}，对吧？",
        "是{}，没错吧？我再确认一下。",
        "确定是{}，跟你刚才说的一样？",
    ],
];

/// Neutral words for a promise not made, when every variant quotes one.
const NEUTRAL: [&[(&str, &str)]; 2] = [
    &[("day", "then"), ("refund", "the refund")],
    &[("day", "到时候"), ("refund", "退款")],
];
