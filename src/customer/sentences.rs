//! The sentences and questions of a line: where one ends ("£11.99" ends nothing), which
//! ask something, and the question alone without the speaker's greeting, for asking
//! again. Reads words only.

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
pub(super) fn questions(line: &str) -> Vec<String> {
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
        // Chinese sentences run on without spaces: "光道歉有什么用？到底什么时候来修？".
        let mut out = String::new();
        for part in chosen {
            let cjk = part.chars().next().is_some_and(crate::matcher::is_cjk);
            let runs_on = cjk && out.ends_with(['？', '。', '！']);
            if !out.is_empty() && !runs_on {
                out.push(' ');
            }
            out.push_str(&part);
        }
        out
    }
}

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::question_of;

    #[test]
    fn chinese_questions_asked_again_run_on_without_a_space() {
        assert_eq!(
            question_of("光道歉有什么用？到底什么时候来修？", ""),
            "光道歉有什么用？到底什么时候来修？"
        );
        assert_eq!(
            question_of("Why twice? And when do I get it back?", ""),
            "Why twice? And when do I get it back?"
        );
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
