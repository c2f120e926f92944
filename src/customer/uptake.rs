//! What a reply takes up of a line said to it: an answer to the question asked (a yes or
//! no to a yes/no question, a figure to "how much?", the question's own words) or a
//! read-back of what was said (its figures and codes or its words, checked or
//! paraphrased). Judged by kinds of wording, never by sentence, so whoever spoke hears a
//! reply that answers them however it is put. It reads words only: it never scores.

use super::Conversation;
use crate::matcher::{has_words, is_cjk, normalize};
use crate::scenario::{Ending, Language};
use crate::shared_cache::SharedCache;

impl Conversation<'_> {
    /// Where a reply no condition of its step rewarded leads when it took up what was
    /// said or met what the step `expects`. A fallback that moves on is taken as it is;
    /// one that would have the customer say the step again gives way to the first step its
    /// transitions lead to that is not an ending, else to its first `resolved` ending (an
    /// ending is still earned: `resolved_when`, owed checks and rudeness hold it back),
    /// since the customer was heard — unless the figure they asked for (how long, how
    /// much) is still owed.
    pub(super) fn onward(&self, step: usize, next: usize, took: Uptake) -> usize {
        if !took.heard() || next != step || took.figure_owed {
            return next;
        }
        let steps = &self.scenario.steps;
        let targets = || {
            steps[step]
                .next
                .iter()
                .map(|t| t.goto)
                .filter(|&g| g != step)
        };
        targets()
            .find(|&g| steps[g].end.is_none())
            .or_else(|| targets().find(|&g| steps[g].end == Some(Ending::Resolved)))
            .unwrap_or(next)
    }
}

/// What a reply took up of a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Uptake {
    /// The reply answers the line's question.
    pub answered: bool,
    /// The reply reads back or paraphrases what the line said.
    pub read_back: bool,
    /// The reply asks the speaker to confirm what it read back ("AX2291, right?").
    pub confirming: bool,
    /// The line asks for a figure (how much, how long, when) the reply does not give.
    pub figure_owed: bool,
    /// The line asks for a figure and the reply gives one ("When do we get the tickets?"
    /// "They're emailed within 10 minutes").
    pub figure_given: bool,
    /// The reply shows every skill the step `expects` (in it or an earlier reply).
    pub met: bool,
}

impl Uptake {
    /// Whether the speaker was heard: answered, or what they said taken up.
    pub fn heard(&self) -> bool {
        self.answered || self.read_back || self.met
    }
}

/// What `reply` takes up of `line`. `listening`: the reply showed active listening or an
/// understanding check (the grader's reading), which makes words repeated a paraphrase.
pub(super) fn uptake(line: &str, reply: &str, listening: bool) -> Uptake {
    uptake_in(line, &normalize(reply), listening)
}

/// What a customer's line holds that [`uptake_in`] reads, found once per line.
struct Heard {
    /// The line, normalised.
    text: String,
    /// Its words.
    words: Words,
    /// Its questions, each with its words, whether it asks for a figure and whether it
    /// is a yes/no question.
    questions: Vec<(String, Words, bool, bool)>,
}

impl Heard {
    fn of(line: &str) -> Heard {
        let text = normalize(line);
        let questions = questions(&text)
            .into_iter()
            .map(|q| {
                let words = Words::of(&q);
                let (figure, yes_no) = (asks_figure(&q), is_yes_no(&q));
                (q, words, figure, yes_no)
            })
            .collect();
        Heard {
            words: Words::of(&text),
            questions,
            text,
        }
    }

    /// The line read, from a cache shared by every conversation: customers say the same
    /// lines in thousands of replayed calls, and normalising and reading each again for
    /// every reply was a twelfth of replaying a cohort (about 100 M instructions in
    /// 1,000 calls).
    fn cached(line: &str) -> std::sync::Arc<Heard> {
        // A library's scenarios say a few thousand lines.
        static HEARD: SharedCache<String, std::sync::Arc<Heard>> = SharedCache::new(50_000);
        HEARD.get_or_make(line, || std::sync::Arc::new(Heard::of(line)))
    }
}

/// [`uptake`] for a reply already normalised.
pub(super) fn uptake_in(line: &str, reply: &str, listening: bool) -> Uptake {
    let heard = Heard::cached(line);
    if heard.text.trim().is_empty() || reply.trim().is_empty() {
        return Uptake::default();
    }
    let said = Words::of(reply);
    // A figure in a question asked back ("Which time on Saturday suits you?") answers
    // nothing: only what the reply states counts.
    let stated: String = split_sentences(reply)
        .into_iter()
        .filter(|s| !s.trim_end().ends_with(['?', '？']))
        .collect();
    let mut answered = false;
    let mut figure_owed = false;
    let mut figure_given = false;
    for (question, asked, figure, yes_no) in &heard.questions {
        if *figure {
            // "When?" is answered by a time or a day, not by a price.
            let given = if asks_time(question) {
                gives_time(&stated)
            } else {
                gives_figure(&stated)
            };
            if given && !vague(reply) {
                answered = true;
                figure_given = true;
            } else {
                figure_owed = true;
            }
        } else if (*yes_no && answers_yes_no(reply))
            || (*yes_no && asked.shared_with(&said) >= 1 && gives_verdict(reply))
            || asked.shared_with(&said) >= asked.content.len().clamp(1, 2)
        {
            answered = true;
        }
    }
    let heard_words = &heard.words;
    let checks =
        listening || reply.contains(['?', '？']) || CONFIRM_CUES.iter().any(|c| reply.contains(c));
    let repeated = heard_words.figures.iter().any(|f| said.figures.contains(f))
        || heard_words.shared_with(&said) >= 2;
    let read_back = checks && repeated;
    // Asked to confirm: a yes/no question that itself reads back ("AX2291, right?", "So
    // it only lasts 20 km?") or asks for a check ("Is that right?"), not an open one that
    // happens to name them ("How can I help you both, Lena and Omar?"), nor "Is there
    // anything else?" after an answer: an answer is no read-back to confirm.
    let checks_back = |q: &str| {
        let asked = Words::of(q);
        heard_words
            .figures
            .iter()
            .any(|f| asked.figures.contains(f))
            || heard_words.shared_with(&asked) >= 2
            || CONFIRM_CUES.iter().any(|c| q.contains(c))
    };
    Uptake {
        answered,
        read_back,
        confirming: read_back
            && !answered
            && self::questions(reply)
                .iter()
                .any(|q| is_yes_no(q) && checks_back(q)),
        // Owed while any question for a figure got none, whatever else was answered:
        // "Yes." to "Can you do half vegetarian? And how long?" leaves "how long".
        figure_owed,
        figure_given,
        met: false,
    }
}

/// Whether `reply` takes up a word of `line` that `besides` (what everyone else said)
/// does not have: "Coffee's self-serve by the window" answers "Can I just grab a
/// coffee?" when nobody else spoke of coffee. For someone breaking into a queue, whose
/// words stand apart from the order being served.
pub(super) fn mentions(line: &str, reply: &str, besides: &str) -> bool {
    let theirs = Words::of(&normalize(line));
    let said = Words::of(&normalize(reply));
    let others = Words::of(&normalize(besides));
    theirs
        .content
        .iter()
        .any(|w| said.content.binary_search(w).is_ok() && others.content.binary_search(w).is_err())
}

/// The question a line asks, without the speaker's greeting or introduction ("Hi, Omar
/// here - is it okay to bring a bike?" asks "Is it okay to bring a bike?"), for asking
/// again. A line with no question gives its sentences that do not name the speaker.
pub(super) fn question_of(line: &str, speaker: &str) -> String {
    let name = speaker.to_lowercase();
    let mut asked = Vec::new();
    let mut rest = Vec::new();
    for sentence in split_sentences(line) {
        let lower = sentence.to_lowercase();
        let introduces = |part: &str| {
            let part = part.to_lowercase();
            (!name.is_empty() && part.contains(&name))
                || ["hi", "hello", "hey", "你好", "您好"]
                    .iter()
                    .any(|g| part.trim_start().starts_with(g))
        };
        // Drop an introduction before a dash or comma: "Hi, Omar here - is it…".
        let mut kept = sentence.trim();
        for mark in [" - ", " — ", "，", ", "] {
            if let Some(at) = kept.rfind(mark)
                && introduces(&kept[..at])
            {
                kept = kept[at + mark.len()..].trim();
            }
        }
        if sentence.trim_end().ends_with(['?', '？']) {
            // "Thanks for the reply, but will you replace it?" asks "Will you replace it?".
            if let Some(at) = kept.find(", but ") {
                kept = kept[at + ", but ".len()..].trim();
            }
            asked.push(capitalise(kept));
        } else if !introduces(&lower) {
            rest.push(kept.to_string());
        }
    }
    let chosen = if asked.is_empty() { rest } else { asked };
    if chosen.is_empty() {
        line.trim().to_string()
    } else {
        chosen.join(" ")
    }
}

/// What the customer says first when the trainee read something back to check it.
pub(super) fn confirm_lines(language: Language) -> Vec<String> {
    CONFIRMS[usize::from(language == Language::Zh)]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// The confirmations, EN then ZH.
const CONFIRMS: [&[&str]; 2] = [
    &["Yes, that's right.", "That's it, yes.", "Yes, exactly."],
    &["对，没错。", "是的，没错。", "对的。"],
];

/// A line's sentences, each with its closing mark. A point between digits ("£11.99") ends
/// nothing.
pub(super) fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let decimal = c == '.'
            && text[..i].ends_with(|d: char| d.is_ascii_digit())
            && text[i + 1..].starts_with(|d: char| d.is_ascii_digit());
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') && !decimal {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// The questions of a normalised line: sentences ending in a question mark or 吗/呢.
fn questions(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in split_sentences(line) {
        let s = sentence.trim();
        let bare = s.trim_end_matches(['?', '？', '.', '。', '!', '！']);
        if s.ends_with(['?', '？']) || bare.ends_with(['吗', '呢']) {
            out.push(s.to_string());
        }
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Words asking which: a question with one of them is not a yes/no question.
const WH: &[&str] = &[
    "what",
    "how",
    "how's",
    "how s",
    "what's",
    "what s",
    "where's",
    "who's",
    "when",
    "where",
    "which",
    "who",
    "why",
    "whose",
    "什么",
    "怎么",
    "多少",
    "几",
    "哪",
    "谁",
    "为什么",
    "多久",
    "多长",
];

/// Words asking for a figure: an amount, a duration, a time or a day.
const FIGURE_ASKED: &[&str] = &[
    "how much",
    "how many",
    "how long",
    "how soon",
    "what time",
    "what day",
    "which day",
    "when ",
    "price",
    "cost",
    "多少",
    "多久",
    "多长时间",
    "什么时候",
    "哪天",
    "几点",
    "几天",
    "价格",
    "大概时间",
];

/// Words asking when or how long: a time or a day answers them, not any figure.
const TIME_ASKED: &[&str] = &[
    "how long",
    "how soon",
    "what time",
    "what day",
    "which day",
    "when ",
    "多久",
    "多长时间",
    "什么时候",
    "哪天",
    "几点",
    "几天",
    "大概时间",
];

/// Words that give a time or a day (English at the start of a word, Chinese anywhere).
const TIME_WORDS: &[&str] = &[
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "tonight",
    "today",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "midday",
    "noon",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "o'clock",
    "分钟",
    "小时",
    "天",
    "周",
    "星期",
    "今天",
    "明天",
    "后天",
    "点",
    "上午",
    "下午",
    "晚上",
    "中午",
];

fn asks_time(question: &str) -> bool {
    TIME_ASKED.iter().any(|w| question.contains(w))
}

/// Whether a normalised text gives a time or a day: a day, a time unit, a clock time
/// ("20:40", "9 am").
fn gives_time(text: &str) -> bool {
    let clock = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    clock
        || has_words(text, "am")
        || has_words(text, "pm")
        || TIME_WORDS.iter().any(|w| {
            if w.is_ascii() {
                crate::matcher::find_word_start(text, w).is_some()
            } else {
                text.contains(w)
            }
        })
}

/// Words that give a figure when no digit does.
const FIGURE_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
    "hour",
    "hours",
    "minute",
    "minutes",
    "today",
    "tomorrow",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "free",
    "nothing",
];

/// Characters that give a figure in Chinese.
const FIGURE_CHARS: &str = "一二两三四五六七八九十百千万半今明后周星";

/// Words that open a yes or a no (after a name or "well"): "Yes, 54 pounds", "No, just
/// me", "Of course", "I'm afraid not".
const YES_NO: &[&str] = &[
    "yes",
    "yeah",
    "yep",
    "yup",
    "no",
    "nope",
    "sure",
    "certainly",
    "absolutely",
    "definitely",
    "correct",
    "exactly",
    "indeed",
    "right",
    "unfortunately",
    "sadly",
    "of course",
    "i am afraid",
    "that is right",
    "that is correct",
    "not ",
    "是的",
    "是",
    "对",
    "可以",
    "能",
    "会",
    "有",
    "没有",
    "没",
    "不",
    "好的",
    "当然",
    "没错",
    "嗯",
];

/// Whether a normalised reply gives a verdict without a yes or no first: "bikes cannot
/// come on board", "the top deck is fine", "that is not possible". With a word of a yes/no
/// question, it answers it ("Is it okay to bring a bike?" "Sorry! Bikes cannot come").
fn gives_verdict(reply: &str) -> bool {
    let padded = format!(" {reply} ");
    if ["not know", "not sure", "no idea"]
        .iter()
        .any(|w| padded.contains(w))
    {
        return false;
    }
    VERDICTS.iter().any(|w| padded.contains(w))
}

/// Words that say whether something can be done, in a normalised reply (EN then ZH).
const VERDICTS: &[&str] = &[
    " not ",
    " cannot ",
    " allowed ",
    " no problem ",
    " of course ",
    " fine ",
    " welcome ",
    " afraid ",
    " unfortunately ",
    " possible ",
    "可以",
    "不行",
    "不能",
    "没问题",
];

/// Words a reply opens with before its answer: a name is handled separately.
const OPENERS: &[&str] = &[
    "well", "oh", "ah", "um", "so", "sir", "madam", "and", "hi", "hello",
];

/// Words that check what was heard: "so you said…", "对吧".
const CONFIRM_CUES: &[&str] = &[
    "you said",
    "you mean",
    "if i understand",
    "to confirm",
    "just to check",
    "just to be sure",
    "is that right",
    "is that correct",
    "i see",
    "i hear",
    "sounds like",
    "got it",
    "对吧",
    "对吗",
    "是吗",
    "没错吧",
    "是不是",
    "确认",
    "核对",
    "您是说",
    "你是说",
    "也就是说",
    "您说的是",
];

/// English words too common to show that a reply took anything up.
const STOP: &[&str] = &[
    "the", "and", "but", "for", "you", "your", "yours", "are", "was", "were", "have", "has", "had",
    "that", "this", "these", "those", "with", "from", "not", "can", "could", "will", "would",
    "shall", "should", "may", "might", "must", "get", "got", "just", "about", "all", "any", "our",
    "out", "there", "here", "they", "them", "their", "then", "than", "what", "when", "where",
    "which", "who", "why", "how", "its", "it", "is", "did", "does", "do", "been", "being", "into",
    "onto", "over", "very", "really", "some", "much", "many", "more", "also", "too", "now", "one",
    "okay", "yes", "well", "please", "thanks", "thank", "sorry", "hello", "him", "her", "his",
    "she", "myself", "like", "want", "need", "know", "going", "said", "say", "bit", "lot", "loads",
    "quick", "question", "hi", "hey", "let", "sure", "ask", "asked", "again", "once",
];

/// Characters that make a Chinese pair of characters too common to count.
const CJK_STOP: &str = "的了是我你您他她吗呢吧啊呀哦嗯就都也还在有这那个一下么什请问好想";

/// The words of a normalised text that show uptake: content words (stemmed) and figures
/// (any token with a digit: prices, codes, times), and for Chinese, pairs of characters.
struct Words {
    content: Vec<String>,
    figures: Vec<String>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut content = Vec::new();
        let mut figures = Vec::new();
        for token in text.split(|c: char| !c.is_alphanumeric() || is_cjk(c)) {
            if token.chars().any(|c| c.is_ascii_digit()) {
                figures.push(token.to_string());
            } else if token.chars().count() >= 3 && !STOP_SET.contains(token) {
                content.push(stem(token));
            }
        }
        // Looking each word up in a set, and skipping the pairs of characters in text
        // with no Chinese, halved the cost of reading a line's words (a twentieth of
        // replaying a cohort).
        static STOP_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
            std::sync::LazyLock::new(|| STOP.iter().copied().collect());
        let cjk: Vec<char> = if text.is_ascii() {
            Vec::new()
        } else {
            text.chars().collect()
        };
        for pair in cjk.windows(2) {
            if pair.iter().all(|c| is_cjk(*c) && !CJK_STOP.contains(*c)) {
                content.push(pair.iter().collect());
            }
        }
        content.sort();
        content.dedup();
        Words { content, figures }
    }

    /// How many content words both share.
    fn shared_with(&self, other: &Words) -> usize {
        self.content
            .iter()
            .filter(|w| other.content.binary_search(w).is_ok())
            .count()
    }
}

/// "bikes" and "bike", "lasts" and "last" are the same word here.
fn stem(word: &str) -> String {
    let word = word
        .strip_suffix("ing")
        .filter(|w| w.len() >= 3)
        .unwrap_or(word);
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() >= 3)
        .unwrap_or(word);
    word.to_string()
}

fn asks_figure(question: &str) -> bool {
    FIGURE_ASKED.iter().any(|w| question.contains(w))
}

fn gives_figure(reply: &str) -> bool {
    reply
        .chars()
        .any(|c| c.is_ascii_digit() || FIGURE_CHARS.contains(c))
        || reply
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| FIGURE_WORDS.contains(&w))
}

/// Whether a reply hedges the figure it gives ("dunno, around 50 something", "no idea,
/// maybe 40"), which does not tell the customer what they asked: they ask for it again.
fn vague(reply: &str) -> bool {
    let text = format!(" {reply} ");
    VAGUE.iter().any(|w| text.contains(w))
}

/// Words that give a figure without committing to it, or give none at all.
const VAGUE: &[&str] = &[
    "dunno",
    "don't know",
    "do not know",
    "no idea",
    "not sure",
    " something ",
    " something.",
    " something,",
    "-ish",
    "ish ",
    " or so",
    " or something",
    " whatever",
    " i guess",
    " roughly",
    " give or take",
    "不知道",
    "不清楚",
    "大概吧",
    "差不多吧",
    "左右吧",
    "好像是",
];

fn is_yes_no(question: &str) -> bool {
    !WH.iter().any(|w| {
        if w.is_ascii() {
            has_words(question, w)
        } else {
            question.contains(w)
        }
    })
}

/// Whether a reply opens with a yes or a no, past a name or "well" ("Jan, yes - …").
fn answers_yes_no(reply: &str) -> bool {
    let mut rest = reply.trim_start();
    for _ in 0..3 {
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric() || is_cjk(c))
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        let after = rest[word_end..].trim_start_matches([',', ' ', '-', '!', '.', '，', '、']);
        // A vocative: a short word then a comma ("jan, yes"), or an opener.
        let vocative = rest[word_end..].starts_with(',') && !YES_NO.contains(&word);
        if !word.is_empty() && (OPENERS.contains(&word) || vocative) {
            rest = after;
        } else {
            break;
        }
    }
    YES_NO.iter().any(|w| {
        if w.is_ascii() {
            let padded = format!("{rest} ");
            padded.starts_with(w)
                && (w.ends_with(' ')
                    || padded[w.len()..].starts_with(|c: char| !c.is_alphanumeric()))
        } else {
            rest.starts_with(w)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{mentions, question_of, uptake};

    #[test]
    fn when_is_answered_by_a_time_not_by_a_price() {
        let when = "Right - two seats, please. When do we get the tickets?";
        let price = uptake(
            when,
            "Two seats are £56 in total; can I take an email?",
            false,
        );
        assert!(!price.answered && !price.figure_given && price.figure_owed);
        let time = uptake(when, "They're emailed within 10 minutes of booking.", false);
        assert!(time.answered && time.figure_given);
        assert!(uptake(when, "You'll have them by 20:40 tonight.", false).figure_given);
        assert!(uptake("什么时候能修好？", "明天下午就能修好。", false).figure_given);
        let how_much = uptake("How much is it?", "It's £56 for two.", false);
        assert!(how_much.figure_given, "a price still answers how much");
    }

    #[test]
    fn answers_take_up_the_question_however_put() {
        let price = "And how much is all this going to cost? I'm on a pension.";
        assert!(
            uptake(
                price,
                "Yes, 54 pounds a month in total, that is right.",
                false
            )
            .answered
        );
        assert!(
            uptake(
                price,
                "It's fifty-four a month for the three of you.",
                false
            )
            .answered
        );
        assert!(!uptake(price, "Price is on the website.", false).heard());
        let check = "So that's £54, you said - is that right?";
        assert!(uptake(check, "Yes, that's right.", false).answered);
        assert!(uptake(check, "Jan, yes - 54 a month.", false).answered);
        let data = "I use loads of data for uni. Will I get enough?";
        assert!(uptake(data, "Yes, 30 GB each.", false).answered);
        assert!(!uptake(data, "Good afternoon, how can I help?", false).heard());
        let queue = "Excuse me, is anyone else serving? I'm on my lunch break.";
        assert!(uptake(queue, "No, just me, you will have to wait.", false).answered);
        let how_long = "Great. Half vegetarian, please. How long will it take?";
        let got = uptake(how_long, "Half vegetarian, got it?", false);
        assert!(got.figure_owed && !got.answered);
        assert!(uptake(how_long, "About fifteen minutes.", false).answered);
        assert!(uptake("那到底什么时候能送到呢？", "明天下午六点前送到。", false).answered);
        // A yes to one question leaves the figure another asked for owed.
        let two = uptake(
            "Can you do half of them vegetarian? And how long?",
            "Yes.",
            false,
        );
        assert!(two.answered && two.figure_owed);
        // A question back with a day in it is no answer to "when?".
        let tickets = "Great, two seats please. When do we get the tickets?";
        let back = uptake(tickets, "Which time on Saturday would suit you?", false);
        assert!(!back.answered && back.figure_owed);
        // Nor do the words of "I'll ask again" tie a reply to the question.
        let again = uptake(
            "I'll ask again: When do we get the tickets?",
            "Thanks for asking again.",
            false,
        );
        assert!(!again.heard());
        // A hedged figure is no answer to "how much?": it is still owed.
        let monthly = "What's the monthly price? I don't want surprises.";
        let vague = uptake(monthly, "dunno, around 50 something", false);
        assert!(vague.figure_owed && !vague.heard());
        assert!(uptake(monthly, "It's £54 a month, fixed.", false).answered);
    }

    #[test]
    fn a_word_only_the_queuer_used_takes_them_up() {
        let coffee = "Can I just grab a coffee quickly?";
        let order = "Great. Half vegetarian, please. How long will it take?";
        let reply = "Coffee's self-serve by the window, pay when you're done. Next please!";
        assert!(mentions(coffee, reply, order));
        assert!(!mentions(
            coffee,
            "Half vegetarian, ready in 15 minutes.",
            order
        ));
        // A word the customer being served used too does not single the queuer out.
        assert!(!mentions(
            "Is the vegetarian one ready?",
            "Half vegetarian, yes.",
            order
        ));
    }

    #[test]
    fn read_backs_and_paraphrases_are_heard() {
        let order = "订单号是AX2291，我姓王。";
        let back = uptake(order, "您的订单号是AX2291，对吧？", false);
        assert!(back.read_back && back.confirming);
        // An open question naming the speakers is no request to confirm anything.
        let open = uptake(
            "Hi! It's Lena, and my friend Omar is here on speaker too.",
            "Good afternoon, Lena and Omar. How can I help you both?",
            false,
        );
        assert!(!open.confirming);
        // An answer that uses her words, then asks whether there is anything else, is
        // no read-back for her to confirm.
        let bag = uptake(
            "That works. Will my bag go through?",
            "Yes, I will check your bag through to Lisbon. Is there anything else I can help with?",
            false,
        );
        assert!(bag.answered && !bag.confirming);
        let back = uptake(
            "The battery only lasts about 20 km now.",
            "Your battery lasts 20 km now. Is that right?",
            false,
        );
        assert!(back.confirming);
        let how = uptake(
            "Hi! Remember me? I've got a question about the commuter e-bike I bought from you.",
            "Sofia, welcome back! How's the commuter e-bike treating you?",
            false,
        );
        assert!(!how.confirming);
        let battery =
            "The battery only lasts about 20 km now. It said 60 on the box. Is that normal?";
        assert!(
            uptake(
                battery,
                "So your battery only lasts about 20 km, when the box said 60.",
                true
            )
            .read_back
        );
        assert!(
            uptake(
                battery,
                "So the battery is down to a third of what the box promised?",
                false
            )
            .read_back
        );
        // The same words in a reply that neither checks nor listens are not a read-back.
        assert!(!uptake(battery, "Batteries are like that.", false).heard());
    }

    #[test]
    fn asking_again_leaves_out_the_introduction() {
        assert_eq!(
            question_of(
                "Hi, Omar here - is it okay to bring a bike on board?",
                "Omar"
            ),
            "Is it okay to bring a bike on board?"
        );
        assert_eq!(
            question_of(
                "Thanks for the reply, but what are you going to do about it? Marta",
                "Marta"
            ),
            "What are you going to do about it?"
        );
        assert_eq!(
            question_of("Two payments of £11.99 came out. Why £11.99 twice?", ""),
            "Why £11.99 twice?"
        );
        assert_eq!(
            question_of("Omar here. Can we sit outside on the top deck?", "Omar"),
            "Can we sit outside on the top deck?"
        );
        assert_eq!(
            question_of(
                "And how much is all this going to cost? I'm on a pension.",
                "Jan"
            ),
            "And how much is all this going to cost?"
        );
    }
}
