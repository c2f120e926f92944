//! Which facts a reply asks the customer for ("could you confirm your postcode?", "请提供
//! 订单号"), so the customer can answer them. Well-known facts are recognised in English and
//! Chinese without the scenario listing phrases; a scenario adds its own with `asked_by`.
//!
//! A phrase counts only inside a question or a request: "I have your postcode here" asks
//! nothing, "could you read me your postcode" does.

use crate::matcher::{Hit, MatchOptions, NormalizedText, PhraseBook, PhraseId};
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
            // "What's the name on the account?", "Name and postcode, please.": the name
            // asked for beside another detail or as the account's.
            "the name on",
            "name on the account",
            "name on your account",
            "name and",
            "and name",
            "and your name",
            "name please",
            "姓名",
            "贵姓",
            "怎么称呼",
            "您的名字",
            "你的名字",
            "叫什么",
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
            "手机号码",
            "您的电话",
            "你的电话",
            "您的手机",
            "你的手机",
            "电话多少",
            "电话是多少",
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

/// Chinese ways of asking for a detail by what is to be done with it: a verb (留, 登记,
/// 报…), an optional measure (一下, 个), then the detail ("留个电话", "登记一下手机").
/// The nouns here are too common to be questions alone (打电话 asks for nothing).
const ZH_ASKING_VERBS: &[&str] = &[
    "留",
    "登记",
    "报",
    "说",
    "给",
    "提供",
    "确认",
    "核对",
    "告诉我",
    "发",
    "写",
];
const ZH_MEASURES: &[&str] = &["", "一下", "下", "个", "一个", "一下您的", "一下你的"];
const ZH_DETAIL_NOUNS: &[(&str, &[&str])] = &[("phone", &["电话", "手机"]), ("name", &["名字"])];

/// Phrases asking who the customer is, with no detail named ("could you verify your
/// identity?", "I just need a few details first", "核实一下您的身份"): the customer gives
/// the details that identify them (see [`identity_facts`]).
const IDENTITY: &[&str] = &[
    "your identity",
    "verify you",
    "verify who",
    "confirm who you are",
    "check who you are",
    "who you are",
    "your details",
    "a few details",
    "some details",
    "a couple of details",
    "security details",
    "security questions",
    "security check",
    "through security",
    "the account holder",
    "身份",
    "个人信息",
    "您的信息",
];

/// Details that identify a customer, in the order they give them after their name: the
/// first of these the scenario gives them.
const IDENTIFYING: &[&str] = &["postcode", "date-of-birth", "phone"];

/// What a customer asked to identify themselves gives: their name, and the first
/// detail of [`IDENTIFYING`] they know (under `knows`, or a scenario fact by that id).
fn identity_facts(scenario: &Scenario) -> Vec<String> {
    let mut facts = vec!["name".to_string()];
    let knows = |id: &str| {
        scenario.customer.knows.contains_key(id) || scenario.customer.facts.contains_key(id)
    };
    if let Some(detail) = IDENTIFYING.iter().find(|id| knows(id)) {
        facts.push((*detail).to_string());
    }
    facts
}

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
    // Saying what is needed asks for it: "I'll need your full name and postcode", "I
    // have to ask for your date of birth", "Let's start with your name".
    "i need",
    "i will need",
    "i would need",
    "i will just need",
    "i just need",
    "i am going to need",
    "i will have to",
    "we need",
    "we will need",
    "just need",
    "need your",
    "have to ask",
    "must ask",
    "ask you for",
    "start with",
    "begin with",
    "for security",
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
    "说下",
    "登记",
    "留个",
    "留一下",
    "留下",
    "报一下",
    "方便",
    "需要",
    "核实",
    "验证",
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
        let mut add = |phrase: &str, fact: &str| {
            if let Some(id) = builder.phrase(phrase, options) {
                phrases.push((id, fact.to_string()));
            }
        };
        for known in WELL_KNOWN {
            for phrase in known.asked_by {
                add(phrase, known.id);
            }
        }
        for (fact, nouns) in ZH_DETAIL_NOUNS {
            for verb in ZH_ASKING_VERBS {
                for measure in ZH_MEASURES {
                    for noun in *nouns {
                        add(&format!("{verb}{measure}{noun}"), fact);
                    }
                }
            }
        }
        // Each identifying detail, in order, for every phrase that asks who they are.
        let identity = identity_facts(scenario);
        for phrase in IDENTITY {
            for fact in &identity {
                add(phrase, fact);
            }
        }
        for (fact, know) in &scenario.customer.knows {
            for phrase in know.asked_by() {
                add(&crate::scenario::expand(phrase, &values), fact);
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
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        // Hits in short sentences that are not requests by their words: such a sentence
        // may be nothing but the details wanted ("Name and postcode."), which asks.
        let mut bare: Vec<(usize, Hit, usize, &str)> = Vec::new();
        for (order, (id, fact)) in self.phrases.iter().enumerate() {
            for hit in self.book.find_all(*id, &scan) {
                if sentences.is_request(hit.start) {
                    found.push((hit.start, order, fact));
                    break;
                }
                if let Some(k) = sentences.short(hit.start) {
                    bare.push((k, hit, order, fact));
                }
            }
        }
        bare.sort_by_key(|b| b.0);
        for group in bare.chunk_by(|a, b| a.0 == b.0) {
            let spans: Vec<(usize, usize)> = group.iter().map(|b| (b.1.start, b.1.end)).collect();
            if sentences.only_details(group[0].0, &spans) {
                found.extend(
                    group
                        .iter()
                        .map(|(_, hit, order, fact)| (hit.start, *order, *fact)),
                );
            }
        }
        // In the order asked; details asked in one phrase in the order they are given.
        found.sort();
        let mut facts: Vec<String> = Vec::new();
        for (_, _, fact) in found {
            if !facts.iter().any(|f| f == fact) {
                facts.push(fact.to_string());
            }
        }
        facts
    }
}

/// The longest sentence (in bytes) read as a bare list of details.
const SHORT_SENTENCE: usize = 80;

/// Words that go with a bare list of details: "Full name and postcode first, please."
const DETAIL_LIST_WORDS: &[&str] = &[
    "and", "your", "the", "please", "first", "then", "also", "plus", "just", "on", "of", "account",
    "ok", "okay", "right", "so", "now", "again", "full", "thanks", "too", "or", "和", "还有",
    "您的", "你的", "麻烦", "先",
];

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

    /// Where sentence `k` starts and ends.
    fn bounds(&self, k: usize) -> (usize, usize) {
        let text = self.text;
        let start = match k {
            0 => 0,
            _ => {
                let end = self.ends[k - 1];
                end + text[end..].chars().next().map_or(0, char::len_utf8)
            }
        };
        (start, self.ends.get(k).copied().unwrap_or(text.len()))
    }

    /// The index of the sentence around byte `at`, when it is short enough to be a bare
    /// list of details.
    fn short(&self, at: usize) -> Option<usize> {
        let k = self.ends.partition_point(|&e| e < at);
        let (start, end) = self.bounds(k);
        (end - start <= SHORT_SENTENCE).then_some(k)
    }

    /// Whether sentence `k`, once the details named in it (`spans`) are taken out, is
    /// only words that go with a list of them ("and", "your", "please", "first").
    fn only_details(&self, k: usize, spans: &[(usize, usize)]) -> bool {
        let (start, end) = self.bounds(k);
        let mut rest = String::new();
        let mut at = start;
        let mut spans = spans.to_vec();
        spans.sort();
        for (s, e) in spans {
            if s > at {
                rest.push_str(&self.text[at..s]);
            }
            rest.push(' ');
            at = at.max(e);
        }
        if at < end {
            rest.push_str(&self.text[at..end]);
        }
        rest.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| DETAIL_LIST_WORDS.contains(&w))
    }

    /// Whether the sentence around byte `at` is a question or a request.
    fn is_request(&self, at: usize) -> bool {
        let k = self.ends.partition_point(|&e| e < at);
        *self.judged.borrow_mut().entry(k).or_insert_with(|| {
            let text = self.text;
            let (start, end) = self.bounds(k);
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
