//! What the customer takes as rude, by kinds of wording rather than sentences: insults
//! and brush-offs anywhere in a reply ("not my problem", "不归我管"), and curt, impatient
//! words ("what do you want", "干嘛", a bare "What?") when nothing courteous comes with
//! them ("请问有什么事？" is polite). Either kind costs patience and draws a line that
//! reacts to it, and neither ever resolves a call (see `endings`).

use crate::matcher::{MatchOptions, NormalizedText, PhraseBook, PhraseId};
use crate::scenario::{Language, Scenario};

/// How a reply was rude, with the words that made it so.
#[derive(Debug, Clone, PartialEq)]
pub enum Rudeness {
    /// An insult or a brush-off.
    Rude(String),
    /// Curt, impatient words with no courtesy around them.
    Curt(String),
}

impl Rudeness {
    /// What it costs the customer's patience.
    pub fn cost(&self) -> i32 {
        match self {
            Rudeness::Rude(_) => RUDE_COST,
            Rudeness::Curt(_) => CURT_COST,
        }
    }

    /// Lines that react to it (EN, ZH), each said at most once in a conversation.
    pub fn reactions(&self) -> [&'static [&'static str]; 2] {
        match self {
            Rudeness::Rude(_) => REACT_RUDE,
            Rudeness::Curt(_) => REACT_CURT,
        }
    }
}

/// Mood cost of a rude reply, on top of whatever its transition does.
const RUDE_COST: i32 = 2;
/// Mood cost of a curt one.
const CURT_COST: i32 = 1;

/// What each phrase of the book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rude,
    Curt,
    Courtesy,
}

/// Where in its clause a rude phrase has to stand to be rude. Some words are a retort
/// on their own but ordinary inside a longer sentence: "So what?" dismisses, "so what
/// has happened is…" restates; "Deal with it." brushes off, "I'll deal with it" owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Rude wherever it is.
    Anywhere,
    /// Rude only when it ends its clause ("So what?", "Whatever, fine"), not as the
    /// start of one ("so what I'll do", "whatever you need").
    Retort,
    /// Rude when told to the customer, not when the trainee (or the problem) does it:
    /// "Just deal with it", "you'll have to deal with it", but "I'll deal with it",
    /// "the charge will go away".
    Told,
}

/// The rudeness phrases of one scenario (the built-in kinds and the customer's own
/// `rude`), compiled once.
#[derive(Debug)]
pub(super) struct RudenessBook {
    book: PhraseBook,
    phrases: Vec<(PhraseId, Kind, Reading)>,
}

impl RudenessBook {
    /// Compiles the built-in kinds and the scenario customer's own rude phrases.
    pub(super) fn new(scenario: &Scenario) -> RudenessBook {
        let mut builder = PhraseBook::builder();
        // "I won't say calm down" is not rude, and "没空" after 不 is not curt.
        let guarded = MatchOptions {
            fuzzy: None,
            negation: true,
        };
        let mut phrases = Vec::new();
        let kinds = [
            (RUDE, Kind::Rude),
            (CURT, Kind::Curt),
            (COURTESY, Kind::Courtesy),
        ];
        for (list, kind) in kinds {
            for phrase in list {
                if let Some(id) = builder.phrase(phrase, guarded) {
                    phrases.push((id, kind, reading(phrase)));
                }
            }
        }
        for phrase in &scenario.customer.rude {
            if let Some(id) = builder.phrase(phrase, guarded) {
                phrases.push((id, Kind::Rude, Reading::Anywhere));
            }
        }
        RudenessBook {
            book: builder.build(),
            phrases,
        }
    }

    /// How `reply` is rude, if it is: the first insult or brush-off, else curt words (or a
    /// bare "What?") when the reply holds no courtesy at all.
    pub(super) fn judge(&self, reply: &str, norm: &NormalizedText) -> Option<Rudeness> {
        let scan = self.book.scan(norm);
        let text = norm.text.as_str();
        let first = |kind: Kind| {
            self.phrases
                .iter()
                .filter(|(_, k, _)| *k == kind)
                .find(|(id, _, reading)| {
                    self.book
                        .find_all(*id, &scan)
                        .any(|hit| stands_as(*reading, text, hit.start, hit.end))
                })
                .map(|(id, _, _)| self.book.written(*id).to_string())
        };
        if let Some(words) = first(Kind::Rude) {
            return Some(Rudeness::Rude(words));
        }
        if first(Kind::Courtesy).is_some() {
            return None;
        }
        first(Kind::Curt)
            .or_else(|| bare_question(reply))
            .or_else(|| bare_dismissal(reply))
            .map(Rudeness::Curt)
    }
}

/// How a built-in phrase has to stand to be rude.
fn reading(phrase: &str) -> Reading {
    if RETORTS.contains(&phrase) {
        Reading::Retort
    } else if TOLD.contains(&phrase) {
        Reading::Told
    } else {
        Reading::Anywhere
    }
}

/// Whether a phrase found at `start..end` of the normalised reply stands the way its
/// reading needs to be rude.
fn stands_as(reading: Reading, text: &str, start: usize, end: usize) -> bool {
    match reading {
        Reading::Anywhere => true,
        Reading::Retort => ends_clause(text, end),
        Reading::Told => told(clause_before(text, start)),
    }
}

/// Whether nothing but punctuation or the end of the reply follows `end`: the words
/// are said for themselves, not leading into a sentence.
fn ends_clause(text: &str, end: usize) -> bool {
    match text[end..].trim_start().chars().next() {
        None => true,
        Some(c) => !crate::matcher::is_word_char(c),
    }
}

/// The part of the clause that holds `start`, up to it.
fn clause_before(text: &str, start: usize) -> &str {
    let from = text[..start]
        .rfind(|c: char| !crate::matcher::is_word_char(c) && !c.is_whitespace() && c != '\'')
        .map_or(0, |i| i + 1);
    &text[from..start]
}

/// Whether the words before a phrase tell the customer to do it: the nearest pronoun is
/// "you", or there is none and only fillers come first ("Just deal with it"). A first or
/// third person ("I'll deal with it", "make it go away") or a noun ("the charge will go
/// away") does it instead.
fn told(before: &str) -> bool {
    let words = crate::matcher::words(before);
    for &(s, e) in words.iter().rev() {
        let word = &before[s..e];
        if word == "you" || word == "yourself" {
            return true;
        }
        if DOERS.contains(&word) {
            return false;
        }
    }
    words.iter().all(|&(s, e)| FILLERS.contains(&&before[s..e]))
}

/// Rude phrases that are rude only as a retort, ending their clause.
const RETORTS: &[&str] = &["so what", "whatever"];

/// Rude phrases that are rude only when the customer is told to do it.
const TOLD: &[&str] = &["deal with it", "go away"];

/// Pronouns that make someone other than the customer the one who acts.
const DOERS: &[&str] = &[
    "i", "me", "we", "us", "it", "that", "this", "they", "them", "he", "she", "someone",
];

/// Words that can come before an order without changing it.
const FILLERS: &[&str] = &[
    "just", "please", "now", "oh", "so", "well", "look", "then", "and", "ok", "okay", "go",
];

/// A reply that is nothing but a bare question word ("What?", "So?", "啥？"): how a
/// person is answered when they are in the way.
fn bare_question(reply: &str) -> Option<String> {
    let trimmed = reply.trim();
    let asked = trimmed.trim_end_matches(['?', '？']);
    if asked.len() == trimmed.len() {
        return None;
    }
    let word = crate::matcher::normalize(asked);
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && !crate::matcher::is_cjk(c));
    BARE.contains(&word).then(|| trimmed.to_string())
}

/// A reply that is nothing but a call for the next person ("Next.", "Next!", "下一位"):
/// said to the customer being served, it dismisses them.
fn bare_dismissal(reply: &str) -> Option<String> {
    let trimmed = reply.trim();
    let word = crate::matcher::normalize(trimmed);
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && !crate::matcher::is_cjk(c));
    DISMISSALS.contains(&word).then(|| trimmed.to_string())
}

/// Whole replies that call the next person instead of speaking to this one.
const DISMISSALS: &[&str] = &["next", "next one", "who is next", "下一位", "下一个"];

/// Phrases every customer takes as rude (negation-guarded: "I won't say calm down" is not).
const RUDE: &[&str] = &[
    "calm down",
    "whatever",
    "not my problem",
    "not my fault",
    "not my job",
    "that is your problem",
    "this is your problem",
    "it is your problem",
    "what is your problem",
    "your problem not mine",
    "shut up",
    "deal with it",
    "it is what it is",
    "i do not care",
    "so what",
    "tough luck",
    "too bad",
    "go away",
    "stupid",
    "idiot",
    "take it or leave it",
    "get over it",
    "read the website",
    "your own fault",
    "不归我管",
    "关我什么事",
    "爱买不买",
    "你去问",
    "找厂家",
    "随便你",
    "烦不烦",
    "你自己看",
    "不是我的问题",
    "怪你自己",
    "闭嘴",
    "爱怎么样",
];

/// Impatient words: curt unless something courteous comes with them.
const CURT: &[&str] = &[
    "what do you want",
    "what now",
    "what is it now",
    "make it quick",
    "hurry up",
    "get to the point",
    "spit it out",
    "out with it",
    "i am busy",
    "i have not got all day",
    "i do not have all day",
    "have to wait",
    "wait your turn",
    "get in line",
    "干嘛",
    "干什么",
    "干啥",
    "啥事",
    "什么事",
    "有事说事",
    "有事快说",
    "快说",
    "说重点",
    "赶紧说",
    "有完没完",
    "又怎么了",
    "又是你",
    "你谁啊",
    "我很忙",
    "没空",
    "等着吧",
    "排队去",
];

/// Words of courtesy: with any of them, impatient-sounding words are not curt ("请问有什么
/// 事？", "Sorry, what do you want to change?").
const COURTESY: &[&str] = &[
    "please",
    "sorry",
    "thank",
    "thanks",
    "hello",
    "hi",
    "good morning",
    "good afternoon",
    "good evening",
    "welcome",
    "excuse me",
    "pardon",
    "how can i help",
    "how may i help",
    "您",
    "请",
    "你好",
    "谢谢",
    "抱歉",
    "不好意思",
    "麻烦",
    "打扰",
];

/// Whole replies that are curt when asked as a bare question. Not "Yes?", "嗯？" or
/// "喂？": brisk, but how many people answer at a counter or on the phone.
const BARE: &[&str] = &["what", "huh", "so", "and", "啥", "什么", "干嘛"];

/// Lines that react to rude words.
const REACT_RUDE: [&[&str]; 2] = [
    &[
        "Excuse me? There's no need to talk to me like that.",
        "Wow. I'm only asking for help here.",
        "Charming. Is that how you speak to all your customers?",
    ],
    &[
        "你这是什么态度？",
        "你怎么这么说话？我只是来寻求帮助的。",
        "你们就是这样对待客户的吗？",
    ],
];

/// Lines that react to curt words.
const REACT_CURT: [&[&str]; 2] = [
    &[
        "Well, hello to you too.",
        "No need to snap at me.",
        "Sorry, am I bothering you?",
    ],
    &[
        "你这什么语气啊？",
        "干嘛这么不耐烦？",
        "我打个电话问问而已，用得着这样吗？",
    ],
];

/// The reaction lines in a language.
pub(super) fn reaction_lines(rudeness: &Rudeness, language: Language) -> Vec<String> {
    rudeness.reactions()[usize::from(language == Language::Zh)]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn judge(reply: &str) -> Option<Rudeness> {
        let library = Library::builtin();
        let scenario = library.scenario("zh-order-inquiry").expect("built in");
        RudenessBook::new(scenario).judge(reply, &NormalizedText::new(reply))
    }

    #[test]
    fn insults_anywhere_curt_words_without_courtesy() {
        assert_eq!(judge("Whatever."), Some(Rudeness::Rude("whatever".into())));
        assert_eq!(
            judge("这不归我管。"),
            Some(Rudeness::Rude("不归我管".into()))
        );
        // Curt, in Chinese and English, as words or as a bare question.
        assert_eq!(judge("喂，干嘛？"), Some(Rudeness::Curt("干嘛".into())));
        assert_eq!(
            judge("什么事？快说。"),
            Some(Rudeness::Curt("什么事".into()))
        );
        assert_eq!(judge("有事说事。"), Some(Rudeness::Curt("有事说事".into())));
        assert_eq!(
            judge("What do you want?"),
            Some(Rudeness::Curt("what do you want".into()))
        );
        assert_eq!(judge("What?"), Some(Rudeness::Curt("What?".into())));
        assert_eq!(judge("啥？"), Some(Rudeness::Curt("啥？".into())));
        // The same words with courtesy, or not impatient at all.
        assert_eq!(judge("您好，请问有什么事？"), None);
        assert_eq!(judge("喂，你好，请问有什么可以帮您？"), None);
        assert_eq!(judge("Sorry, what do you want to change?"), None);
        assert_eq!(judge("Yes."), None);
        assert_eq!(judge("Yes?"), None);
        assert_eq!(judge("喂？"), None);
        assert_eq!(judge("Yes, your bag goes through to Lisbon."), None);
        assert_eq!(judge("我不忙，您慢慢说。"), None);
        // Telling someone waiting to wait, with nothing kind: curt, however put.
        assert_eq!(
            judge("No, just me, you will have to wait."),
            Some(Rudeness::Curt("have to wait".into()))
        );
        assert_eq!(
            judge("Wait your turn."),
            Some(Rudeness::Curt("wait your turn".into()))
        );
        assert_eq!(judge("Sorry, you'll have to wait a few minutes."), None);
        // Calling the next person is no reply to this one.
        assert_eq!(judge("Next."), Some(Rudeness::Curt("Next.".into())));
        assert_eq!(judge("下一位！"), Some(Rudeness::Curt("下一位！".into())));
        assert_eq!(judge("Next, please."), None);
        assert_eq!(judge("You're next in line, madam."), None);
    }

    #[test]
    fn retorts_are_rude_alone_not_leading_into_a_sentence() {
        // The coach's own restating sentence, and others that start with the same words.
        let restating = "I see - so what has happened is you were charged twice for the \
                         same month. Is that right?";
        assert_eq!(judge(restating), None);
        assert_eq!(judge("So what I'll do is send you a new card today."), None);
        assert_eq!(
            judge("So what you're saying is the parcel never came?"),
            None
        );
        assert_eq!(judge("I'll do whatever I can to sort this out."), None);
        assert_eq!(judge("Whatever happens, I'll call you back by five."), None);
        // The same words as a retort.
        assert_eq!(judge("So what?"), Some(Rudeness::Rude("so what".into())));
        assert_eq!(
            judge("So what, it's only a fiver."),
            Some(Rudeness::Rude("so what".into()))
        );
        assert_eq!(
            judge("Whatever, I'll look."),
            Some(Rudeness::Rude("whatever".into()))
        );
    }

    #[test]
    fn brush_offs_are_rude_when_told_to_the_customer() {
        assert_eq!(judge("I'll deal with it right away."), None);
        assert_eq!(judge("Let me deal with it for you."), None);
        assert_eq!(judge("The second charge will go away by Friday."), None);
        assert_eq!(judge("I'll make that charge go away."), None);
        assert_eq!(judge("I'll fix your problem today."), None);
        assert_eq!(
            judge("Just deal with it."),
            Some(Rudeness::Rude("deal with it".into()))
        );
        assert_eq!(
            judge("You'll have to deal with it."),
            Some(Rudeness::Rude("deal with it".into()))
        );
        assert_eq!(judge("Go away."), Some(Rudeness::Rude("go away".into())));
        assert_eq!(
            judge("That's your problem."),
            Some(Rudeness::Rude("that is your problem".into()))
        );
    }
}
