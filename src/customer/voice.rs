//! How the customer avoids saying the same sentence twice in one conversation: each set of
//! variants is used up in an order drawn from the seeded generator before anything
//! repeats, and past that the customer rephrases ("As I said, …"), which costs patience.

use std::collections::{BTreeMap, BTreeSet};

use rand::RngCore;
use rand_chacha::ChaCha8Rng;

use super::sentences::question_of;
use crate::scenario::Language;

/// Ways to say something again, EN and ZH; `{}` is the sentence.
const AGAIN: [&[&str]; 2] = [
    &[
        "As I said: {}",
        "I already told you — {}",
        "Like I said, {}",
        "Again: {}",
        "I'll say it once more: {}",
    ],
    &[
        "我刚才说过了：{}",
        "我已经说了，{}",
        "还是那句话：{}",
        "再说一遍：{}",
        "我都说过了，{}",
    ],
];

/// Ways to ask a question again, EN and ZH; `{}` is the question alone, without what was
/// said around it ("Great, two seats please." is not said twice). As many as [`AGAIN`].
const ASK_AGAIN: [&[&str]; 2] = [
    &[
        "As I asked: {}",
        "I'll ask again: {}",
        "Again: {}",
        "I asked you: {}",
        "Once more: {}",
    ],
    &[
        "我刚才问了：{}",
        "我再问一遍：{}",
        "还是那个问题：{}",
        "我问你呢：{}",
        "再问一次：{}",
    ],
];

/// What someone says instead of repeating a statement ("Okay. Go on then." is not said
/// again as "As I said: …"): a prompt for the reply they are waiting for, EN and ZH. No
/// prompt is a question, so a bare "Right." cannot answer one.
const PROMPTS: [&[&str]; 2] = [
    &[
        "I'm waiting…",
        "Still waiting here.",
        "I'm listening…",
        "Whenever you're ready.",
        "Take your time, but I'm still waiting.",
    ],
    &[
        "我还在等呢……",
        "我在听着呢。",
        "等你回话呢。",
        "你说吧，我听着。",
        "我还等着呢。",
    ],
];

/// Whether a line asks something (so saying it again as "As I said: …" makes sense);
/// anything else is a statement, which a customer does not repeat word for word.
pub(super) fn is_question(text: &str) -> bool {
    let bare = text
        .trim()
        .trim_end_matches(['.', '。', '!', '！', ')', '）', '"', '”', ' ']);
    text.contains(['?', '？']) || bare.ends_with(['吗', '呢'])
}

/// The ways to say `variant` again: anything `asked` for said again ("As I said: It's
/// NW-20417."), a question asked again on its own ("As I asked: Can you deliver?", not
/// "As I said: That sounds good. Can you deliver?"), the prompts of a statement.
fn again_lines(variant: &str, asked: bool, language: Language) -> Vec<String> {
    let zh = usize::from(language == Language::Zh);
    if asked {
        AGAIN[zh].iter().map(|f| f.replace("{}", variant)).collect()
    } else if is_question(variant) {
        let question = question_of(variant, "");
        ASK_AGAIN[zh]
            .iter()
            .map(|f| f.replace("{}", &question))
            .collect()
    } else {
        PROMPTS[zh].iter().map(|p| p.to_string()).collect()
    }
}

/// Whether `text` is a line said again by [`Voice`] ("As I asked: …", "我刚才说过了：…"),
/// so that what was first said can be told from it.
pub(super) fn is_said_again(text: &str) -> bool {
    AGAIN
        .iter()
        .chain(ASK_AGAIN.iter())
        .flat_map(|frames| frames.iter())
        .filter_map(|f| f.split("{}").next())
        .any(|prefix| text.starts_with(prefix))
}

/// The customer's voice: what has been said, and what is left to say in each set.
#[derive(Debug, Clone, Default)]
pub struct Voice {
    /// Per set of variants (a step, an answer, an interjection), the indices not used yet.
    unused: BTreeMap<String, Vec<usize>>,
    /// Every sentence said so far.
    said: BTreeSet<String>,
    /// Per person and set of variants, how many times a line of it was said: what "That's
    /// {n} times I've asked now" counts, not every sentence said in the call.
    times: BTreeMap<String, u32>,
}

/// A line picked by [`Voice::pick`].
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    /// The sentence.
    pub text: String,
    /// Whether every variant had been used, so the customer is repeating themselves.
    pub again: bool,
}

impl Voice {
    /// Picks a variant of the set `key` not said before; once all are used, a rephrasing.
    /// `variants` are already expanded; `eligible` leaves out variants that cannot be said
    /// now (a placeholder with no value yet) unless none is left.
    pub fn pick(
        &mut self,
        rng: &mut ChaCha8Rng,
        key: &str,
        variants: &[String],
        language: Language,
    ) -> Picked {
        self.pick_as(rng, "", key, variants, language)
    }

    /// [`Voice::pick`] for one person (`speaker`): two people may say the same words,
    /// one person never says them twice.
    pub fn pick_as(
        &mut self,
        rng: &mut ChaCha8Rng,
        speaker: &str,
        key: &str,
        variants: &[String],
        language: Language,
    ) -> Picked {
        self.pick_again(rng, speaker, key, variants, language, false)
    }

    /// [`Voice::pick`] for an answer to what the trainee asked: asked again, the customer
    /// says it again ("As I said: It's LS6 2QT."), statement or not.
    pub fn pick_answer(
        &mut self,
        rng: &mut ChaCha8Rng,
        key: &str,
        variants: &[String],
        language: Language,
    ) -> Picked {
        self.pick_again(rng, "", key, variants, language, true)
    }

    /// The pick behind [`Voice::pick_as`] and [`Voice::pick_answer`]: `asked` (the line
    /// answers what the trainee asked) rephrases every line, else only questions are
    /// rephrased and statements give way to prompts.
    pub fn pick_again(
        &mut self,
        rng: &mut ChaCha8Rng,
        speaker: &str,
        key: &str,
        variants: &[String],
        language: Language,
        asked: bool,
    ) -> Picked {
        let said = |text: &str| format!("{speaker}\u{1f}{text}");
        if variants.is_empty() {
            return Picked {
                text: String::new(),
                again: false,
            };
        }
        let times = self.times.entry(said(key)).or_default();
        *times += 1;
        let times = *times;
        if let Some(text) = self.fresh(rng, speaker, key, variants) {
            return Picked { text, again: false };
        }
        let start = (rng.next_u64() % variants.len() as u64) as usize;
        let frames = AGAIN[usize::from(language == Language::Zh)].len();
        for f in 0..frames {
            for v in 0..variants.len() {
                let base = &variants[(start + v) % variants.len()];
                let Some(text) = again_lines(base, asked, language).into_iter().nth(f) else {
                    continue;
                };
                if self.said.insert(said(&text)) {
                    return Picked { text, again: true };
                }
            }
        }
        // Every rephrasing used: count the times this was said or asked, which never
        // repeats.
        let mut n = times;
        loop {
            let base = &variants[start];
            let base = if !asked && is_question(base) {
                question_of(base, "")
            } else {
                base.clone()
            };
            let text = match (language, asked, is_question(&base)) {
                (Language::En, true, _) => format!("That's {n} times I've told you now. {base}"),
                (Language::Zh, true, _) => format!("我已经说了{n}遍了。{base}"),
                (Language::En, false, true) => format!("That's {n} times I've asked now. {base}"),
                (Language::Zh, false, true) => format!("我已经问了{n}遍了。{base}"),
                (Language::En, false, false) => {
                    format!("I'm still waiting. That's {n} times now.")
                }
                (Language::Zh, false, false) => format!("我已经等了{n}回了。"),
            };
            if self.said.insert(said(&text)) {
                return Picked { text, again: true };
            }
            n += 1;
        }
    }

    /// A variant of the set `key` that `speaker` has not said yet, drawn without
    /// replacement; `None` once every variant is used (for lines worth saying only once,
    /// such as a reaction).
    pub fn fresh(
        &mut self,
        rng: &mut ChaCha8Rng,
        speaker: &str,
        key: &str,
        variants: &[String],
    ) -> Option<String> {
        let unused = self
            .unused
            .entry(format!("{speaker}\u{1f}{key}"))
            .or_insert_with(|| (0..variants.len()).collect());
        // Draw without replacement: the first draw is the same as a plain pick, so a seed
        // chooses the same opening line as before.
        while !unused.is_empty() {
            let at = (rng.next_u64() % unused.len() as u64) as usize;
            let index = unused.remove(at);
            let text = &variants[index];
            if self.said.insert(format!("{speaker}\u{1f}{text}")) {
                return Some(text.clone());
            }
        }
        None
    }

    /// Records a sentence said outside [`Voice::pick`] (a fixed line), returning whether it
    /// is new.
    pub fn note(&mut self, text: &str) -> bool {
        self.note_as("", text)
    }

    /// [`Voice::note`] for one person (`""`: the main customer).
    pub fn note_as(&mut self, speaker: &str, text: &str) -> bool {
        self.said.insert(format!("{speaker}\u{1f}{text}"))
    }

    /// The first of `variants` that `speaker` has not said, then the first rephrasing
    /// not said ("As I said: …"), recorded as said. It draws nothing from the seeded
    /// generator, so the same voice always gives the same line: lines chosen ahead of
    /// time (what a waiting customer will say) are the ones said.
    pub fn unsaid(&mut self, speaker: &str, variants: &[String], language: Language) -> String {
        let plain = variants.iter().cloned();
        let rephrased = variants
            .iter()
            .flat_map(|v| again_lines(v, false, language));
        for text in plain.chain(rephrased) {
            if self.note_as(speaker, &text) {
                return text;
            }
        }
        // Every line and rephrasing said once each: this is one more time than those.
        let candidates: BTreeSet<String> = variants
            .iter()
            .cloned()
            .chain(
                variants
                    .iter()
                    .flat_map(|v| again_lines(v, false, language)),
            )
            .collect();
        let mut n = candidates.len() + 1;
        loop {
            let base = &variants[0];
            let text = match (language, is_question(base)) {
                (Language::En, true) => format!("That's {n} times now. {base}"),
                (Language::Zh, true) => format!("第{n}次了。{base}"),
                (Language::En, false) => format!("Still waiting. That's {n} times now."),
                (Language::Zh, false) => format!("第{n}次了，我还在等。"),
            };
            if self.note_as(speaker, &text) {
                return text;
            }
            n += 1;
        }
    }

    /// Whether the main voice said a sentence already.
    pub fn has_said(&self, text: &str) -> bool {
        self.said.contains(&format!("\u{1f}{text}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn variants_are_used_up_then_rephrased_never_repeated() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut voice = Voice::default();
        let variants = vec!["A.".to_string(), "B.".to_string()];
        let said: Vec<Picked> = (0..20)
            .map(|_| voice.pick(&mut rng, "s", &variants, Language::En))
            .collect();
        let mut first_two: Vec<&str> = said[..2].iter().map(|p| p.text.as_str()).collect();
        first_two.sort();
        assert_eq!(first_two, ["A.", "B."]);
        assert!(!said[0].again && !said[1].again && said[2].again);
        let unique: BTreeSet<&str> = said.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(unique.len(), 20);
    }

    /// "That's 7 times I've asked now" is said on the seventh asking (one line, then five
    /// ways of asking again), however much else was said in the call.
    #[test]
    fn times_asked_counts_the_askings_not_the_sentences() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut voice = Voice::default();
        for other in ["Hello.", "My desk is late.", "It's NW-20417.", "Fine."] {
            voice.note(other);
        }
        let question = vec!["Right. When do we get the tickets?".to_string()];
        let said: Vec<Picked> = (0..8)
            .map(|_| voice.pick(&mut rng, "step:book", &question, Language::En))
            .collect();
        assert_eq!(
            said[6].text,
            "That's 7 times I've asked now. When do we get the tickets?"
        );
        assert!(said[7].text.starts_with("That's 8 times I've asked now."));
        let mut answers = Voice::default();
        let order = vec!["It's NW-20417.".to_string()];
        let told: Vec<Picked> = (0..7)
            .map(|_| answers.pick_answer(&mut rng, "answer:order", &order, Language::En))
            .collect();
        assert_eq!(
            told[6].text,
            "That's 7 times I've told you now. It's NW-20417."
        );
        let zh = vec!["什么时候能修好？".to_string()];
        let mut voice = Voice::default();
        let asked: Vec<Picked> = (0..7)
            .map(|_| voice.pick(&mut rng, "step:plan", &zh, Language::Zh))
            .collect();
        assert_eq!(asked[6].text, "我已经问了7遍了。什么时候能修好？");
    }
}
