//! What a reply takes up of a line said to it: an answer to the question asked (a yes or
//! no to a yes/no question, a figure to "how much?", the question's own words) or a
//! read-back of what was said (its figures and codes or its words, checked or
//! paraphrased). Judged by kinds of wording, never by sentence, so whoever spoke hears a
//! reply that answers them however it is put. It reads words only: it never scores.

use super::figures::{asks_figure, asks_time, gives_figure, gives_time, vague};
use super::sentences::{questions, split_sentences};
use super::words::Words;
use super::yes_no::{answers_yes_no, gives_verdict, is_yes_no, mirrors};
use crate::matcher::normalize;
use crate::scenario::Language;
use crate::shared_cache::SharedCache;

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
            || (*yes_no && mirrors(question, reply))
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

#[cfg(test)]
mod tests {
    use super::{mentions, uptake};

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
        // "Is that normal?" "Hmm, that's not right": the question's own verb turned round.
        let normal = "The battery only lasts about 20 km now. Is that normal?";
        assert!(uptake(normal, "Hmm, that's not right. Can I have a look?", false).answered);
        assert!(uptake(normal, "It's not, no.", false).answered);
        assert!(!uptake(normal, "Can I have a look at it?", false).heard());
        // Feeling for her answers nothing: "oh no" is dismay, "that's annoying" no verdict.
        assert!(!uptake(normal, "Oh no, I'm sorry, that sounds frustrating.", false).heard());
        assert!(!uptake(normal, "That's annoying, I'm sorry.", false).heard());
        assert!(uptake(normal, "That's definitely not normal.", false).answered);
        assert!(uptake(normal, "Oh no - no, that's not normal.", false).answered);
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
}
