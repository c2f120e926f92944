//! The `introduce` rule kind: the trainee says their own name ("I'm Sam", "Sam here",
//! "this is Sam at Northwind", "我是小张"). When the trainee's name is known (from `play
//! --trainee`, the transcript, or a labels file's `trainee.name`) only that name counts;
//! otherwise a capitalised word in an introduction frame does, so a reply explained on
//! its own is still read sensibly.
//!
//! A name alone is not an introduction ("Sam will call you"): it must follow a frame
//! ("I am", "this is", "my name is", "you have reached"…) or open a clause and be followed
//! by one ("Sam here", "Sam speaking", "Sam at Northwind").

use crate::matcher::NormalizedText;

/// Words before the name that make it an introduction, as normalised words (contractions
/// are expanded: "I'm" is "i am").
const BEFORE: &[&[&str]] = &[
    &["i", "am"],
    &["im"],
    &["this", "is"],
    &["it", "is"],
    &["its"],
    &["name", "is"],
    // "my name's Sam": the apostrophe stays in the word ("names" is the chat form).
    &["name's"],
    &["names"],
    &["you", "have", "reached"],
    &["through", "to"],
    &["speaking", "with"],
    &["speaking", "to"],
    &["you", "are", "with"],
];

/// Words right after a name that opens a clause ("Sam here", "Sam from Northwind").
const AFTER: &[&str] = &["here", "speaking", "at", "from", "on", "in", "with", "of"];

/// Words that may stand before the name in its clause without taking it out of the
/// opening ("Hello Sam here" is rare, "Morning! Sam at…" is common).
const GREETING: &[&str] = &[
    "hello",
    "hi",
    "hey",
    "hiya",
    "morning",
    "afternoon",
    "evening",
    "good",
    "and",
    "yes",
    "yeah",
];

/// Capitalised words that follow "I'm" or "this is" without being a name.
const NOT_NAMES: &[&str] = &[
    "sorry",
    "afraid",
    "happy",
    "glad",
    "here",
    "not",
    "so",
    "just",
    "the",
    "going",
    "calling",
    "about",
    "really",
    "very",
    "still",
    "now",
    "only",
    "also",
    "unable",
    "able",
    "checking",
    "looking",
    "sure",
    "aware",
    "pleased",
    "delighted",
    "your",
    "our",
    "my",
    "a",
    "an",
    "it",
    "this",
    "that",
    "what",
    "great",
    "fine",
    "ok",
    "okay",
    "absolutely",
    "certainly",
    "terribly",
    "truly",
    "totally",
    "completely",
    "to",
    "all",
    "on",
    "in",
    "with",
    "from",
    "at",
    "dear",
];

/// Where the trainee introduces themselves in `text` (normalised, with the reply as
/// typed in `original`), as a normalised byte range; `trainee` is their name or "".
/// `others` are names that are not the trainee's (the customer's), in lower case.
pub(super) fn find(
    text: &NormalizedText,
    original: &str,
    trainee: &str,
    others: &[String],
) -> Option<(usize, usize)> {
    let name = first_name(trainee);
    if text.text.chars().any(crate::matcher::is_cjk) {
        // A Chinese reply: the trainee's name anywhere (a Chinese name, or a Latin one:
        // "我是客服Sam"), else a name in a Chinese introduction frame, as a capitalised
        // word in an English frame counts when the name is not known.
        return chinese(text, &name);
    }
    if name.chars().any(crate::matcher::is_cjk) {
        let at = text.text.find(&name)?;
        return Some((at, at + name.len()));
    }
    // Another name in an introduction frame counts too: many agents work under a floor
    // name, and scripted runs are saved under a label ("example good"), not a name.
    // Where clauses start is worked out once for both searches: asked word by word, it
    // was most of the cost of looking for an introduction (which runs on every reply).
    let clauses = clause_starts(text, original);
    find_name(text, original, &clauses, &name, others).or_else(|| {
        (!name.is_empty())
            .then(|| find_name(text, original, &clauses, "", others))
            .flatten()
    })
}

/// A name in a Chinese introduction frame: "我是小张", "我是客服Sam", "我叫李明", "我姓王",
/// "工号1032", "1032号客服". Chinese has no capitals to tell a name by, so the frames are
/// the ones a name-like word follows in an agent's introduction (a diminutive 小/老/阿
/// after "我是"), and what cannot open a name after "我叫"/"我姓" is left out ("我叫了
/// 师傅", "我姓名…"). Matched on the normalised text (Latin letters in lower case).
static CHINESE_FRAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"我(叫|姓)[\p{Han}&&[^了不没您你他她它我们的名过]]|我是?(客服)?[小老阿]\p{Han}|我是(客服)? ?[a-z]{2,}|工号 ?[0-9]+|[0-9]+号(客服|话务员|专员)",
    )
    .expect("a valid pattern")
});

/// [`find`] in a reply with Chinese in it; `name` is the trainee's first name in lower
/// case, or "".
fn chinese(text: &NormalizedText, name: &str) -> Option<(usize, usize)> {
    let normalised = text.text.as_str();
    if name.chars().any(crate::matcher::is_cjk) {
        if let Some(at) = normalised.find(name) {
            return Some((at, at + name.len()));
        }
    } else if !name.is_empty() {
        let words = text.words();
        if let Some(&(s, e)) = words.iter().find(|&&(s, e)| normalised[s..e] == *name) {
            return Some((s, e));
        }
    }
    // Another name in a frame counts too (a floor name), or any when none is known.
    CHINESE_FRAME.find(normalised).map(|m| (m.start(), m.end()))
}

/// For each word of `text`, whether a clause starts at it: at the start, after
/// punctuation, or after a line break in the reply as typed (normalising joins lines:
/// "Best wishes,\nSam").
fn clause_starts(text: &NormalizedText, original: &str) -> Vec<bool> {
    let normalised = text.text.as_str();
    let spans = text.words();
    (0..spans.len())
        .map(|i| {
            if i == 0 {
                return true;
            }
            let punctuated = normalised[spans[i - 1].1..spans[i].0]
                .chars()
                .any(|c| matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '-' | '\n'));
            punctuated || {
                let (before, at) = (
                    text.original_span(spans[i - 1].0, spans[i - 1].1),
                    text.original_span(spans[i].0, spans[i].1),
                );
                original
                    .get(before.end..at.start)
                    .is_some_and(|gap| gap.contains('\n'))
            }
        })
        .collect()
}

/// [`find`] for one first name ("" for any name-like word); `clauses` from
/// [`clause_starts`].
fn find_name(
    text: &NormalizedText,
    original: &str,
    clauses: &[bool],
    name: &str,
    others: &[String],
) -> Option<(usize, usize)> {
    let normalised = text.text.as_str();
    let spans = text.words();
    let word = |i: usize| &normalised[spans[i].0..spans[i].1];
    let opens = |i: usize| clauses[i];
    // Whether the words of word `i`'s clause before it are all greetings, kept as `i`
    // advances: looking back to the clause's start for every word made a reply of one
    // long clause quadratic (a 1 MB reply without punctuation took 24 s).
    let mut only_greetings = true;
    for i in 0..spans.len() {
        only_greetings = opens(i) || (only_greetings && GREETING.contains(&word(i - 1)));
        let candidate = word(i);
        let known = !name.is_empty();
        if known && candidate != name {
            continue;
        }
        let next = (i + 1 < spans.len() && !opens(i + 1)).then(|| word(i + 1));
        // Any name-like word is taken only before one of these words or at the clause's
        // end (see `placed` below): testing that first spares looking most words up in
        // the lists, which was most of the cost of this search.
        if !known && next.is_some_and(|n| !matches!(n, "from" | "at" | "here" | "speaking" | "and"))
        {
            continue;
        }
        if !known && (others.iter().any(|o| o == candidate) || NOT_NAMES.contains(&candidate)) {
            continue;
        }
        let framed = BEFORE.iter().find(|frame| {
            frame.len() <= i
                && (0..frame.len()).all(|k| word(i - frame.len() + k) == frame[k])
                && (i - frame.len() + 1..=i).all(|k| !opens(k))
        });
        let opening = only_greetings;
        let followed = next.is_some_and(|n| AFTER.contains(&n));
        let accepted = if known {
            // The name alone as a clause signs an email or a chat line ("Best wishes,
            // Jo", "- Sam").
            framed.is_some() || (opening && (followed || next.is_none()))
        } else {
            // Without the name, the word must look like one: capitalised as typed, or
            // followed by "from"/"at" ("hey its sam from orbit broadband").
            let span = text.original_span(spans[i].0, spans[i].1);
            let capitalised = original[span.start..span.end]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let placed =
                next.is_none_or(|n| matches!(n, "from" | "at" | "here" | "speaking" | "and"));
            // "from"/"at" vouch for a name typed in lower case only in a reply typed all
            // in lower case ("hey its sam from orbit"): where the trainee uses capitals,
            // a lower-case word is no name ("It's ready at one", "it's leaking from…").
            let strong = next.is_some_and(|n| matches!(n, "from" | "at"))
                && !original.chars().any(char::is_uppercase);
            (framed.is_some() && placed && (capitalised || strong))
                || (opening
                    && capitalised
                    && next.is_some_and(|n| matches!(n, "here" | "speaking")))
        };
        if accepted {
            let start = framed.map_or(spans[i].0, |frame| spans[i + 1 - frame.len()].0);
            return Some((start, spans[i].1));
        }
    }
    None
}

/// The first name of a trainee as given ("Sam Lee", "sam.lee", "小张"), in lower case.
fn first_name(trainee: &str) -> String {
    trainee
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '_' | '@'))
        .find(|part| !part.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn introduces(reply: &str, trainee: &str) -> bool {
        let text = NormalizedText::new(reply);
        find(&text, reply, trainee, &["dana".to_string()]).is_some()
    }

    #[test]
    fn the_known_name_in_a_frame_or_opening_a_clause() {
        for reply in [
            "Hi Dana, I'm Sam.",
            "Hello, Sam here.",
            "Morning! Sam at Stellar Rail.",
            "Bluepeak Telecom customer services, Sam speaking, how may I help?",
            "hey its sam from orbit broadband whats up",
            "Hiya, you've reached Sam in the returns team.",
            "Good morning Dana, Sam from Maple & Stone.",
            "Thank you for calling, this is Sam.",
            "Sorry to hear that, Dana - my name's Sam and I'll sort it out.",
            "Dear Dana,\n\nYour refund is on its way.\n\nBest wishes,\nSam\nFernleaf Tea",
        ] {
            assert!(introduces(reply, "Sam Lee"), "{reply}");
        }
    }

    #[test]
    fn a_name_that_is_not_an_introduction() {
        for reply in [
            "Sam will call you back tomorrow.",
            "You're speaking with Tessaly Airways.",
            "Hello, how can I help?",
            "Ask for Sam when you call.",
        ] {
            assert!(!introduces(reply, "Sam"), "{reply}");
        }
        // A floor name in a frame is an introduction too.
        assert!(introduces("Hi, I'm Alex.", "Sam"));
    }

    #[test]
    fn without_the_name_a_capitalised_word_in_a_frame() {
        assert!(introduces("Hello, my name is Priya.", ""));
        assert!(introduces("Hi, I'm Priya and I'll look after you.", ""));
        assert!(introduces("Hello, Priya here.", ""));
        assert!(!introduces("Hi, I'm sorry about the wait.", ""));
        assert!(!introduces("I'm Sorry for the delay.", ""));
        assert!(!introduces("Hi Dana, this is about your order.", ""));
        assert!(!introduces("Dana here is the update.", ""));
        // "from" or "at" after a lower-case word: a name only in an all lower-case line.
        assert!(introduces("hey its sam from orbit broadband", ""));
        assert!(!introduces("It's ready at quarter to one.", ""));
        assert!(!introduces("So it's leaking from the front.", "Priya"));
        assert!(!introduces("Sure - this is ready at 12:45.", "Priya"));
    }

    #[test]
    fn chinese_names_anywhere_in_the_reply() {
        assert!(introduces("您好，星河家电小张为您服务。", "小张"));
        assert!(!introduces("您好，请问有什么可以帮您？", "小张"));
        // The trainee's own name, in Latin letters, in a Chinese introduction.
        assert!(introduces(
            "您好，这里是安心家电客服部，我是客服Sam，请问有什么可以帮您？",
            "Sam"
        ));
        assert!(!introduces("您好，这里是安心家电客服部。", "Sam"));
    }

    #[test]
    fn without_the_name_a_chinese_introduction_frame() {
        // No name known (`run` without `--trainee`, `explain`), or another name (a floor
        // name): the frames an agent introduces themselves with.
        for trainee in ["", "小张"] {
            for reply in [
                "您好，这里是安心家电客服部，我是小李。",
                "您好，我是客服小王，请问有什么可以帮您？",
                "您好，我叫李明，很高兴为您服务。",
                "您好，我姓王，工号1032。",
                "您好，1032号客服为您服务。",
                "您好，我是客服Sam。",
            ] {
                assert!(introduces(reply, trainee), "{reply} ({trainee:?})");
            }
        }
        for reply in [
            "您好，这里是安心家电客服部。",
            "我叫了师傅明天上门。",
            "我是客服，请问有什么可以帮您？",
            "我不是故意的。",
        ] {
            assert!(!introduces(reply, ""), "{reply}");
        }
    }
}
