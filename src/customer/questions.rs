//! Which facts a reply asks the customer for ("could you confirm your postcode?", "请提供
//! 订单号"), so the customer can answer them. Well-known facts are recognised in English and
//! Chinese without the scenario listing phrases; a scenario adds its own with `asked_by`.
//!
//! A phrase counts only inside a question or a request: "I have your postcode here" asks
//! nothing, "could you read me your postcode" does.

use crate::matcher::{MatchOptions, NormalizedText, PhraseBook, PhraseId};
use crate::scenario::{Language, Scenario};

/// A fact every customer might be asked for: its id, what it is called (EN, ZH) in an
/// "I don't know" line, and phrases that ask for it.
struct WellKnown {
    id: &'static str,
    label: [&'static str; 2],
    asked_by: &'static [&'static str],
}

const WELL_KNOWN: &[WellKnown] = &[
    WellKnown {
        id: "order",
        label: ["order number", "订单号"],
        asked_by: &[
            "order number",
            "order reference",
            "order id",
            "order no",
            "reference number",
            "订单号",
            "订单编号",
        ],
    },
    WellKnown {
        id: "postcode",
        label: ["postcode", "邮编"],
        asked_by: &[
            "postcode",
            "post code",
            "postal code",
            "zip code",
            "邮编",
            "邮政编码",
        ],
    },
    WellKnown {
        id: "name",
        label: ["name", "名字"],
        asked_by: &[
            "your name",
            "full name",
            "your surname",
            "who am i speaking",
            "who i am speaking",
            "who am i talking to",
            "who do i have",
            "who have i got",
            "姓名",
            "贵姓",
            "怎么称呼",
            "您的名字",
            "你的名字",
        ],
    },
    WellKnown {
        id: "address",
        label: ["address", "地址"],
        asked_by: &[
            "your address",
            "delivery address",
            "home address",
            "the address",
            "first line of",
            "地址",
        ],
    },
    WellKnown {
        id: "phone",
        label: ["phone number", "电话号码"],
        asked_by: &[
            "phone number",
            "contact number",
            "mobile number",
            "电话号码",
            "手机号",
            "联系电话",
            "联系方式",
        ],
    },
    WellKnown {
        id: "email",
        label: ["email address", "邮箱"],
        asked_by: &[
            "email address",
            "e-mail address",
            "your email",
            // "Can I take an email for the tickets?": an email to send something to.
            "an email for",
            "the email for",
            "best email",
            "which email",
            "email to send",
            "邮箱",
            "电子邮件",
        ],
    },
    WellKnown {
        id: "date-of-birth",
        label: ["date of birth", "出生日期"],
        asked_by: &["date of birth", "birthday", "出生日期", "生日"],
    },
    WellKnown {
        id: "account",
        label: ["account number", "账号"],
        asked_by: &[
            "account number",
            "customer number",
            "membership number",
            "账号",
            "会员号",
            "账户号",
        ],
    },
    WellKnown {
        id: "booking",
        label: ["booking reference", "预订号"],
        asked_by: &[
            "booking reference",
            "booking number",
            "confirmation number",
            "预订号",
            "预约号",
        ],
    },
    WellKnown {
        id: "model",
        label: ["model number", "型号"],
        asked_by: &[
            "model number",
            "serial number",
            "which model",
            "型号",
            "序列号",
        ],
    },
    WellKnown {
        id: "what-happened",
        label: ["details", "具体情况"],
        asked_by: &[
            "what happened",
            "what went wrong",
            "tell me more",
            "tell me a bit more",
            "what seems to be",
            "what is the problem",
            "what is wrong",
            "what is going on",
            "describe",
            "walk me through",
            "what you see",
            "what do you see",
            "what does it say",
            "what it says",
            "what does it show",
            "怎么回事",
            "什么情况",
            "发生了什么",
            "什么问题",
            "具体情况",
            "哪里不",
        ],
    },
    WellKnown {
        id: "when-started",
        label: ["exact date", "具体时间"],
        asked_by: &[
            "when did",
            "how long has",
            "how long have",
            "since when",
            "when was",
            "when it started",
            "什么时候开始",
            "多久了",
            "什么时候坏",
            "哪天",
            "几号",
        ],
    },
];

/// Words that make a sentence a request even without a question mark.
const REQUEST_CUES: &[&str] = &[
    "could you",
    "can you",
    "would you",
    "will you",
    "please",
    "confirm",
    "tell me",
    "may i",
    "can i have",
    "let me have",
    "let me know",
    "give me",
    "read me",
    "what is",
    "请",
    "麻烦",
    "能否",
    "能不能",
    "可以",
    "告诉",
    "提供",
    "确认",
    "核对",
    "说一下",
];

/// Whether `id` is a fact recognised without `asked_by`.
pub fn is_well_known(id: &str) -> bool {
    WELL_KNOWN.iter().any(|w| w.id == id)
}

/// Whether `id` is one of the customer's details (who they are, their order or account)
/// rather than something about what they need: asking for it is procedure, not help.
pub fn is_detail(id: &str) -> bool {
    DETAILS.contains(&id)
}

/// Well-known facts that identify the customer or their order.
const DETAILS: &[&str] = &[
    "name",
    "postcode",
    "address",
    "phone",
    "email",
    "date-of-birth",
    "account",
    "order",
    "booking",
    "model",
];

/// What a well-known fact is called, for "I don't know" lines.
pub fn label(id: &str, language: Language) -> String {
    let i = usize::from(language == Language::Zh);
    WELL_KNOWN
        .iter()
        .find(|w| w.id == id)
        .map_or_else(|| id.replace('-', " "), |w| w.label[i].to_string())
}

/// The question phrases of one scenario, compiled once.
#[derive(Debug)]
pub struct FactQuestions {
    book: PhraseBook,
    /// Each phrase and the fact it asks for.
    phrases: Vec<(PhraseId, String)>,
}

impl FactQuestions {
    /// Compiles the well-known phrases and the scenario's own `asked_by`.
    pub fn new(scenario: &Scenario) -> FactQuestions {
        let mut builder = PhraseBook::builder();
        let options = MatchOptions {
            fuzzy: None,
            negation: true,
        };
        let values = scenario.placeholder_values();
        let mut phrases = Vec::new();
        for known in WELL_KNOWN {
            for phrase in known.asked_by {
                if let Some(id) = builder.phrase(phrase, options) {
                    phrases.push((id, known.id.to_string()));
                }
            }
        }
        for (fact, know) in &scenario.customer.knows {
            for phrase in know.asked_by() {
                let phrase = crate::scenario::expand(phrase, &values);
                if let Some(id) = builder.phrase(&phrase, options) {
                    phrases.push((id, fact.clone()));
                }
            }
        }
        FactQuestions {
            book: builder.build(),
            phrases,
        }
    }

    /// The facts `reply` asks for, in the order asked, each once.
    pub fn asked(&self, reply: &str) -> Vec<String> {
        self.asked_in(&NormalizedText::new(reply))
    }

    /// [`FactQuestions::asked`] for a reply already normalised.
    pub fn asked_in(&self, norm: &NormalizedText) -> Vec<String> {
        let scan = self.book.scan(norm);
        let sentences = Sentences::new(&norm.text);
        let mut found: Vec<(usize, String)> = Vec::new();
        for (id, fact) in &self.phrases {
            for hit in self.book.find_all(*id, &scan) {
                if sentences.is_request(hit.start) {
                    found.push((hit.start, fact.clone()));
                    break;
                }
            }
        }
        found.sort();
        let mut facts: Vec<String> = Vec::new();
        for (_, fact) in found {
            if !facts.contains(&fact) {
                facts.push(fact);
            }
        }
        facts
    }
}

/// What ends a sentence, for telling requests from statements.
const ENDS: [char; 7] = ['.', '!', '?', '。', '！', '？', '\n'];

/// The sentences of a normalised text, each judged a request or not once: a long reply
/// can name a fact thousands of times in one sentence, and reading the sentence again
/// for each was quadratic.
struct Sentences<'t> {
    text: &'t str,
    /// Where each sentence end is, in order.
    ends: Vec<usize>,
    /// Whether each sentence (before `ends[k]`, the last after them all) is a request,
    /// once judged.
    judged: std::cell::RefCell<rustc_hash::FxHashMap<usize, bool>>,
}

impl<'t> Sentences<'t> {
    fn new(text: &'t str) -> Sentences<'t> {
        Sentences {
            text,
            ends: text.match_indices(ENDS).map(|(i, _)| i).collect(),
            judged: Default::default(),
        }
    }

    /// Whether the sentence around byte `at` is a question or a request.
    fn is_request(&self, at: usize) -> bool {
        let k = self.ends.partition_point(|&e| e < at);
        *self.judged.borrow_mut().entry(k).or_insert_with(|| {
            let text = self.text;
            let start = match k {
                0 => 0,
                _ => {
                    let end = self.ends[k - 1];
                    end + text[end..].chars().next().map_or(0, char::len_utf8)
                }
            };
            let end = self.ends.get(k).copied().unwrap_or(text.len());
            let sentence = &text[start..end];
            let ends_with_question = text[end..].starts_with(['?', '？']);
            ends_with_question
                || sentence.ends_with('吗')
                || sentence.ends_with('呢')
                || REQUEST_CUES.iter().any(|cue| sentence.contains(cue))
        })
    }
}

/// Whether the sentence around byte `at` of a normalised text is a question or a request.
#[cfg(test)]
fn is_request(text: &str, at: usize) -> bool {
    Sentences::new(text).is_request(at)
}

#[cfg(test)]
mod tests {
    use super::is_request;

    #[test]
    fn questions_and_requests_count_statements_do_not() {
        let q = |t: &str, word: &str| is_request(t, t.find(word).unwrap());
        assert!(q("could you confirm your postcode", "postcode"));
        assert!(q("and your postcode?", "postcode"));
        assert!(q("thanks. what is your postcode. ok", "postcode"));
        assert!(!q("i have your postcode here.", "postcode"));
        assert!(q("请提供一下订单号。", "订单号"));
        assert!(q("您的订单号是多少？", "订单号"));
        assert!(!q("订单号我这边已经看到了。", "订单号"));
    }
}
