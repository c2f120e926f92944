//! What a word is in normalised text: a run of letters and digits (apostrophes inside
//! allowed), and each Chinese or Japanese character on its own. Every matcher that counts
//! or walks words (phrases, gaps, negation, typo tolerance) splits text this one way.

use super::normalize::{ALNUM, ASCII_CLASS, WORD};

/// Chinese, Japanese kana and other scripts written without spaces: matched as character
/// sequences, never with word boundaries.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A letter or digit that takes part in word boundaries (not CJK).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Word tokens of a normalised text as byte ranges: runs of word characters (apostrophes
/// inside allowed), and each CJK character on its own.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::with_capacity(text.len() / 4);
    each_word(text, |s, e| found.push((s, e)));
    found
}

/// Calls `f` with each of [`words`]' byte ranges, in order, without collecting them.
pub fn each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    if text.is_ascii() {
        return ascii_words(text.as_bytes(), f);
    }
    each_word_while(text, |s, e| {
        f(s, e);
        true
    });
}

/// [`each_word`] character by character (any text; ASCII text has the same words either
/// way), stopping when `f` returns false.
fn each_word_while(text: &str, mut f: impl FnMut(usize, usize) -> bool) {
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) || (c == '\'' && start.is_some()) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take()
            && !f(s, trim_apostrophes(text.as_bytes(), s, i))
        {
            return;
        }
        if is_cjk(c) && !f(i, i + c.len_utf8()) {
            return;
        }
    }
    if let Some(s) = start {
        f(s, trim_apostrophes(text.as_bytes(), s, text.len()));
    }
}

/// [`each_word`] for ASCII text, byte by byte.
pub(super) fn ascii_words(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut i = 0;
    while i < bytes.len() {
        if ASCII_CLASS[usize::from(bytes[i])] & ALNUM == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && ASCII_CLASS[usize::from(bytes[i])] & WORD != 0 {
            i += 1;
        }
        f(start, trim_apostrophes(bytes, start, i));
    }
}

/// How many words [`words`] would find, without collecting them.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    each_word(text, |_, _| count += 1);
    count
}

/// Whether [`word_count`] is over `limit`, reading `text` only as far as it takes to tell.
pub fn more_words_than(text: &str, limit: usize) -> bool {
    let mut count = 0;
    each_word_while(text, |_, _| {
        count += 1;
        count <= limit
    });
    count > limit
}

fn trim_apostrophes(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && bytes[end - 1] == b'\'' {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_latin_and_cjk() {
        let text = "it's 您好 ok";
        let w: Vec<&str> = words(text).iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(w, vec!["it's", "您", "好", "ok"]);
    }
}
