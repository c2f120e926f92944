//! Whether a question asks for a figure (how much, how long, when) and whether a reply
//! gives one: a time or a day for "when?", any amount for "how much?", never a hedge
//! ("dunno, around 50 something"). Reads words only.

use crate::matcher::has_words;

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

pub(super) fn asks_time(question: &str) -> bool {
    TIME_ASKED.iter().any(|w| question.contains(w))
}

/// Whether a normalised text gives a time or a day: a day, a time unit, a clock time
/// ("20:40", "9 am").
pub(super) fn gives_time(text: &str) -> bool {
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

pub(super) fn asks_figure(question: &str) -> bool {
    FIGURE_ASKED.iter().any(|w| question.contains(w))
}

pub(super) fn gives_figure(reply: &str) -> bool {
    reply
        .chars()
        .any(|c| c.is_ascii_digit() || FIGURE_CHARS.contains(c))
        || reply
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| FIGURE_WORDS.contains(&w))
}

/// Whether a reply hedges the figure it gives ("dunno, around 50 something", "no idea,
/// maybe 40"), which does not tell the customer what they asked: they ask for it again.
pub(super) fn vague(reply: &str) -> bool {
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
