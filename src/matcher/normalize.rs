//! Normalisation of replies and phrases so that matching sees what a person means, not
//! how it was typed: NFKC, full case folding, straight quotes, collapsed whitespace and
//! contractions expanded ("I'm" = "I am", "can't" = "cannot").
//!
//! Invariant: every byte of the normalised text maps back to a byte range of the original,
//! so evidence can highlight the trainee's own words.

use super::words::ascii_words;
// Words of normalised text are split in `words`; other matchers reach them through here.
pub use super::words::{each_word, is_cjk, is_word_char, more_words_than, word_count, words};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::source::Span;

/// A normalised text and the map back to the original.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`, the original byte range it came from, as runs.
    origin: Origin,
    /// The [`words`] of `text`.
    words: Vec<(usize, usize)>,
    /// The [`words`] of the original, when they were found while normalising (ASCII).
    typed_words: Option<Vec<(usize, usize)>>,
}

/// The long form of a contraction ("i'm" → "i am"), including the apostrophe-less forms
/// people type in chat ("dont", "cant").
fn contraction(word: &[u8]) -> Option<&'static str> {
    // Most words are not contractions; none of these is longer than eight bytes.
    if word.len() > 8 {
        return None;
    }
    Some(match word {
        b"i'm" => "i am",
        b"im" => "i am",
        b"i've" => "i have",
        b"ive" => "i have",
        b"i'll" => "i will",
        b"i'd" => "i would",
        b"you're" => "you are",
        b"youre" => "you are",
        b"you've" => "you have",
        b"you'll" => "you will",
        b"you'd" => "you would",
        b"we're" => "we are",
        b"we've" => "we have",
        b"we'll" => "we will",
        b"we'd" => "we would",
        b"they're" => "they are",
        b"they've" => "they have",
        b"they'll" => "they will",
        b"he'll" => "he will",
        b"she'll" => "she will",
        b"it'll" => "it will",
        b"it's" => "it is",
        b"that's" => "that is",
        b"thats" => "that is",
        b"there's" => "there is",
        b"here's" => "here is",
        b"what's" => "what is",
        b"let's" => "let us",
        b"can't" => "cannot",
        b"cant" => "cannot",
        b"won't" => "will not",
        b"don't" => "do not",
        b"dont" => "do not",
        b"doesn't" => "does not",
        b"doesnt" => "does not",
        b"didn't" => "did not",
        b"didnt" => "did not",
        b"isn't" => "is not",
        b"isnt" => "is not",
        b"aren't" => "are not",
        b"wasn't" => "was not",
        b"weren't" => "were not",
        b"haven't" => "have not",
        b"havent" => "have not",
        b"hasn't" => "has not",
        b"hadn't" => "had not",
        b"couldn't" => "could not",
        b"couldnt" => "could not",
        b"shouldn't" => "should not",
        b"wouldn't" => "would not",
        b"wouldnt" => "would not",
        b"mustn't" => "must not",
        _ => return None,
    })
}

impl NormalizedText {
    /// Normalises `original`, keeping the map back to it.
    pub fn new(original: &str) -> Self {
        Self::reusing(original, None)
    }

    /// [`NormalizedText::new`], reusing the buffers of a text no longer needed (a grader
    /// normalises every reply of every conversation: most need no new memory this way).
    pub fn reusing(original: &str, spare: Option<NormalizedText>) -> Self {
        if original.is_ascii() {
            return normalize_ascii(original, spare);
        }
        normalize_general(original)
    }

    /// The [`words`] of the normalised text, found while normalising.
    pub fn words(&self) -> &[(usize, usize)] {
        &self.words
    }

    /// The [`words`] of the original text, if they were found while normalising (they are
    /// for ASCII text, the common case).
    pub fn typed_words(&self) -> Option<&[(usize, usize)]> {
        self.typed_words.as_deref()
    }

    /// The original byte span behind a normalised byte range.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let len = self.text.len();
        if len == 0 || start >= end {
            return Span::new(0, 0);
        }
        let start = start.min(len - 1);
        let end = end.clamp(start + 1, len);
        Span::new(
            self.origin.of(start).0 as usize,
            self.origin.of(end - 1).1 as usize,
        )
    }
}

/// The map from normalised bytes back to the original, as runs: most bytes are copied one
/// for one, so a run per word (or per stretch of punctuation) is enough, not an entry per
/// byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Origin(Vec<Run>);

/// Normalised bytes `at..at + len` came from the original byte for byte, from `from` on
/// (`whole` false; `to` is then unused), or each from the whole original range `from..to`
/// (`whole` true: a contraction spelled out, or a character that folded into several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    at: u32,
    len: u32,
    from: u32,
    to: u32,
    whole: bool,
}

impl Origin {
    /// The original byte range behind normalised byte `at` (which must be mapped).
    fn of(&self, at: usize) -> (u32, u32) {
        let run = &self.0[self.0.partition_point(|r| r.at as usize <= at) - 1];
        if run.whole {
            (run.from, run.to)
        } else {
            let from = run.from + (at as u32 - run.at);
            (from, from + 1)
        }
    }

    /// Normalised bytes `at..at + len` are original bytes `from..from + len`.
    fn copied(&mut self, at: usize, len: usize, from: usize) {
        let from = from as u32;
        self.push(Run {
            at: at as u32,
            len: len as u32,
            from,
            to: from,
            whole: false,
        });
    }

    /// Normalised bytes `at..at + len` each stand for original bytes `from..to`.
    fn whole(&mut self, at: usize, len: usize, (from, to): (u32, u32)) {
        self.push(Run {
            at: at as u32,
            len: len as u32,
            from,
            to,
            whole: true,
        });
    }

    /// Adds a run, as part of the last one where it carries on the same map.
    fn push(&mut self, run: Run) {
        if let Some(last) = self.0.last_mut()
            && last.whole == run.whole
            && last.at + last.len == run.at
            && if run.whole {
                (last.from, last.to) == (run.from, run.to)
            } else {
                last.from + last.len == run.from
            }
        {
            last.len += run.len;
            return;
        }
        self.0.push(run);
    }

    /// Normalised byte `at` came from original bytes `from..to`.
    fn byte(&mut self, at: usize, (from, to): (u32, u32)) {
        if to == from + 1 {
            self.copied(at, 1, from as usize);
        } else {
            self.whole(at, 1, (from, to));
        }
    }

    /// Forgets the map of normalised bytes from `at` on.
    fn truncate(&mut self, at: usize) {
        let at = at as u32;
        while let Some(last) = self.0.last_mut() {
            if last.at >= at {
                self.0.pop();
            } else {
                last.len = last.len.min(at - last.at);
                return;
            }
        }
    }

    #[cfg(test)]
    fn bytes(&self) -> Vec<(u32, u32)> {
        let len = self.0.last().map_or(0, |r| (r.at + r.len) as usize);
        (0..len).map(|at| self.of(at)).collect()
    }
}

/// The common case, ASCII in: what [`fold`] and [`expand_contractions`] do, in one pass
/// over bytes, where every byte is a character and a grapheme. Each word is written as
/// typed (lower-cased) and replaced by its long form when it ends, if it has one.
fn normalize_ascii(original: &str, spare: Option<NormalizedText>) -> NormalizedText {
    let bytes = original.as_bytes();
    let (mut out, mut origin, mut words, mut typed) = match spare {
        Some(spare) => (
            spare.text.into_bytes(),
            spare.origin,
            spare.words,
            spare.typed_words.unwrap_or_default(),
        ),
        None => Default::default(),
    };
    out.clear();
    origin.0.clear();
    words.clear();
    typed.clear();
    out.reserve(bytes.len() + 16);
    origin.0.reserve(bytes.len() / 3);
    words.reserve(bytes.len() / 4);
    typed.reserve(bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = ASCII_CLASS[usize::from(b)];
        if class & (WORD | BACKTICK) != 0 {
            // A whole word at a time: lower-cased, backtick as apostrophe.
            let start = out.len();
            let mut end = i + 1;
            let mut seen = class;
            while end < bytes.len() {
                let class = ASCII_CLASS[usize::from(bytes[end])];
                if class & (WORD | BACKTICK) == 0 {
                    break;
                }
                seen |= class;
                end += 1;
            }
            out.extend_from_slice(&bytes[i..end]);
            out[start..].make_ascii_lowercase();
            if seen & BACKTICK != 0 {
                for byte in &mut out[start..] {
                    if *byte == b'`' {
                        *byte = b'\'';
                    }
                }
            }
            origin.copied(start, end - i, i);
            let plain = seen & (APOSTROPHE | BACKTICK) == 0;
            // The original's words lie within such runs: a plain run is one.
            if plain {
                typed.push((i, end));
            } else {
                ascii_words(&bytes[i..end], |s, e| typed.push((i + s, i + e)));
            }
            end_ascii_word(&mut out, &mut origin, &mut words, start, i, plain);
            i = end;
            continue;
        }
        let c = match b {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => b' ',
            _ => b,
        };
        if c != b' ' || out.last().is_some_and(|&last| last != b' ') {
            origin.copied(out.len(), 1, i);
            out.push(c);
        }
        i += 1;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    origin.truncate(out.len());
    NormalizedText {
        text: String::from_utf8(out).unwrap_or_default(),
        origin,
        words,
        typed_words: Some(typed),
    }
}

fn is_word_ascii(b: u8) -> bool {
    ASCII_CLASS[usize::from(b)] & WORD != 0
}

/// [`ASCII_CLASS`]: a letter, digit or apostrophe (part of a word in normalised text).
pub(super) const WORD: u8 = 1;
/// [`ASCII_CLASS`]: a letter or digit (where a word starts).
pub(super) const ALNUM: u8 = 2;
/// [`ASCII_CLASS`]: a backtick (an apostrophe as typed on some keyboards).
const BACKTICK: u8 = 4;
/// [`ASCII_CLASS`]: an apostrophe.
const APOSTROPHE: u8 = 8;

/// What each byte is, for the ASCII fast paths: one load per byte instead of range tests.
pub(super) static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = WORD | ALNUM;
        } else if c == b'\'' {
            table[b] = WORD | APOSTROPHE;
        } else if c == b'`' {
            table[b] = BACKTICK;
        }
        b += 1;
    }
    table
};

/// The word `out[start..]`, typed at `from` in the original, has ended: a contraction
/// becomes its long form, and "not" right after a whole word "can" joins it as "cannot".
/// (No contraction starts with an apostrophe, so "can not's" is "cannot's".) The
/// [`words`] of what it became go on `words`, read by the same tokeniser as [`words`].
/// A `plain` word (letters and digits only) that stays as typed is one word of its own.
fn end_ascii_word(
    out: &mut Vec<u8>,
    origin: &mut Origin,
    words: &mut Vec<(usize, usize)>,
    start: usize,
    from: usize,
    plain: bool,
) {
    let typed = out.len() - start;
    // Where the rewritten text starts; its words are read from there to the end.
    let mut rewritten = start;
    // A word of letters and digits only can just be one of the contractions typed
    // without an apostrophe ("im", "dont"): they start and end with these letters.
    let word = &out[start..];
    let bare = plain
        && matches!(
            word.first(),
            Some(b'i' | b'y' | b't' | b'c' | b'd' | b'h' | b'w')
        )
        && matches!(word.last(), Some(b'm' | b'e' | b's' | b't'));
    let long = if plain && !bare {
        None
    } else {
        contraction(word)
    };
    if let Some(long) = long {
        out.truncate(start);
        out.extend_from_slice(long.as_bytes());
        origin.truncate(start);
        origin.whole(start, long.len(), (from as u32, (from + typed) as u32));
    } else {
        let word = &out[start..];
        if plain && word != b"not" {
            words.push((start, out.len()));
            return;
        }
        let not = word == b"not" || word.starts_with(b"not'");
        if not && out[..start].ends_with(b"can ") && (start == 4 || !is_word_ascii(out[start - 5]))
        {
            let can = origin.of(start - 4).0;
            out.splice(start - 4..start + 3, *b"cannot");
            origin.truncate(start - 4);
            origin.whole(start - 4, 6, (can, (from + 3) as u32));
            if typed > 3 {
                origin.copied(start + 2, typed - 3, from + 3);
            }
            // "can" was a word of its own; now it and the rest are one.
            words.pop();
            rewritten = start - 4;
        }
    }
    ascii_words(&out[rewritten..], |s, e| {
        words.push((rewritten + s, rewritten + e));
    });
}

/// Normalises a phrase or any text where the map back is not needed.
pub fn normalize(text: &str) -> String {
    NormalizedText::new(text).text
}

/// The general path, for any text: [`fold`] (again while NFKC would still join
/// characters), then [`expand_contractions`].
fn normalize_general(original: &str) -> NormalizedText {
    let (mut folded, mut origin) = fold(original);
    // Folding grapheme by grapheme can leave neighbours that NFKC would join
    // (half-width Hangul letters fold to jamo that make one syllable together), so
    // text not yet in NFKC is folded again, each byte mapped back through both passes.
    // Each pass joins characters, so this ends; the bound is a guard.
    for _ in 0..4 {
        if unicode_normalization::is_nfkc(&folded) {
            break;
        }
        let (again, through) = fold(&folded);
        if again == folded {
            break;
        }
        origin = through
            .iter()
            .map(|&(s, e)| (origin[s as usize].0, origin[e as usize - 1].1))
            .collect();
        folded = again;
    }
    expand_contractions(&folded, &origin)
}

/// Pass 1: per grapheme NFKC + case fold + punctuation unification + whitespace collapse.
fn fold(original: &str) -> (String, Vec<(u32, u32)>) {
    let mut text = String::with_capacity(original.len());
    let mut origin = Vec::with_capacity(original.len());
    let push = |text: &mut String, origin: &mut Vec<(u32, u32)>, c: char, from: (u32, u32)| {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '`' | '\u{00B4}' => {
                '\''
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2026}' => '.',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (text.is_empty() || text.ends_with(' ')) {
            return;
        }
        let before = text.len();
        text.push(c);
        for _ in before..text.len() {
            origin.push(from);
        }
    };
    // Text made only of characters that never join a neighbour into one grapheme
    // (Chinese, "£", "–", full-width punctuation…) is walked a character at a time:
    // segmenting it was a third of normalising a Chinese reply.
    let graphemes: Box<dyn Iterator<Item = (usize, &str)>> = if original.chars().all(stands_alone) {
        Box::new(
            original
                .char_indices()
                .map(|(i, c)| (i, &original[i..i + c.len_utf8()])),
        )
    } else {
        Box::new(original.grapheme_indices(true))
    };
    for (start, grapheme) in graphemes {
        let from = (start as u32, (start + grapheme.len()) as u32);
        if grapheme.len() == 1 {
            // ASCII fast path: folding is lower-casing.
            let c = grapheme.as_bytes()[0].to_ascii_lowercase() as char;
            push(&mut text, &mut origin, c, from);
            continue;
        }
        // A Chinese character alone is its own NFKC form and case fold (the test
        // `han_characters_fold_to_themselves` checks every one): taken as it is, a Chinese
        // reply normalises in half the time.
        let mut chars = grapheme.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && is_han(c)
        {
            push(&mut text, &mut origin, c, from);
            continue;
        }
        let composed: String = grapheme.nfkc().collect();
        for c in caseless::default_case_fold_str(&composed).chars() {
            push(&mut text, &mut origin, c, from);
        }
    }
    while text.ends_with(' ') {
        text.pop();
        origin.pop();
    }
    (text, origin)
}

fn is_word_byte(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Pass 2: contractions to long forms, and "can not" to "cannot".
fn expand_contractions(text: &str, origin: &[(u32, u32)]) -> NormalizedText {
    let mut out = String::with_capacity(text.len() + 16);
    let mut map = Vec::with_capacity(origin.len() + 16);
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !is_word_byte(c) || is_cjk(c) {
            out.push(c);
            map.extend_from_slice(&origin[start..start + c.len_utf8()]);
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if is_word_byte(c) && !is_cjk(c) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let word = &text[start..end];
        let span = (origin[start].0, origin[end - 1].1);
        let long = contraction(word.as_bytes());
        match long {
            Some(long) => {
                out.push_str(long);
                map.extend(std::iter::repeat_n(span, long.len()));
            }
            None if word == "can"
                && text[end..].starts_with(" not")
                && !text[end + 4..].starts_with(|c: char| c.is_alphanumeric()) =>
            {
                // "can not" → "cannot": consume " not" too.
                for _ in 0..4 {
                    chars.next();
                }
                let span = (origin[start].0, origin[end + 3].1);
                out.push_str("cannot");
                map.extend(std::iter::repeat_n(span, 6));
            }
            None => {
                out.push_str(word);
                map.extend_from_slice(&origin[start..end]);
            }
        }
    }
    let mut runs = Origin::default();
    for (at, &pair) in map.iter().enumerate() {
        runs.byte(at, pair);
    }
    NormalizedText {
        words: words(&out),
        text: out,
        origin: runs,
        typed_words: None,
    }
}

/// A character that is a grapheme of its own whatever stands next to it: ASCII but a
/// carriage return (which joins a line feed), Latin-1 symbols and letters, general
/// punctuation but the joiners, CJK symbols and punctuation, Han, and full-width forms.
/// None of these is a combining mark, a joiner, a prepended or spacing mark, a Hangul
/// jamo or a regional indicator, the only characters grapheme rules join.
fn stands_alone(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x0C | 0x0E..=0x7F | 0xA0..=0xFF | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x3000..=0x3029 | 0x3030..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF9D | 0xFFA0..=0xFFEF)
}

/// The CJK Unified Ideographs and their Extension A (not the compatibility ideographs,
/// which NFKC maps to others).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Where every character stands alone, characters are the graphemes.
        #[test]
        fn characters_that_stand_alone_are_graphemes(
            text in "[a-z \\n\\t.,!?£€é–—“”‘’…　、。，！？（）中文订单号的吗ｱﾞｶ０Ａ]{0,24}"
        ) {
            proptest::prop_assume!(text.chars().all(stands_alone));
            let graphemes: Vec<&str> = text.graphemes(true).collect();
            let chars: Vec<String> = text.chars().map(String::from).collect();
            proptest::prop_assert_eq!(graphemes, chars);
        }
    }

    #[test]
    fn han_characters_fold_to_themselves() {
        let han = (0x3400..=0x4DBF).chain(0x4E00..=0x9FFF);
        for c in han.filter_map(char::from_u32) {
            assert!(is_han(c));
            let one = c.to_string();
            let composed: String = one.nfkc().collect();
            assert_eq!(caseless::default_case_fold_str(&composed), one, "{c:?}");
        }
        assert!(
            !is_han('\u{F900}'),
            "a compatibility ideograph NFKC maps to another"
        );
    }
    use proptest::prelude::*;

    fn general_words(text: &str) -> Vec<(usize, usize)> {
        // A non-ASCII character at the end takes the general path; it is not a word.
        let padded = format!("{text}\u{2013}");
        words(&padded)
    }

    proptest! {
        #[test]
        fn ascii_fast_path_equals_the_general_path(
            original in "([A-Za-z']{1,6}|can not|can't|I'M|dont|[ \t\n`.,!?-]{1,3}|[0-9]{1,3}){0,12}"
        ) {
            let fast = NormalizedText::new(&original);
            let slow = normalize_general(&original);
            prop_assert_eq!(&fast.text, &slow.text);
            prop_assert_eq!(fast.origin.bytes(), slow.origin.bytes());
            prop_assert_eq!(fast.origin.bytes().len(), fast.text.len());
            prop_assert_eq!(&fast.words, &words(&fast.text));
            prop_assert_eq!(words(&fast.text), general_words(&fast.text));
            prop_assert_eq!(word_count(&fast.text), words(&fast.text).len());
            let typed = words(&original);
            prop_assert_eq!(fast.typed_words(), Some(typed.as_slice()));
        }
    }

    #[test]
    fn half_width_hangul_folds_to_one_syllable_once() {
        // Each letter folds to a jamo on its own; together they are one syllable.
        let n = NormalizedText::new("ﾱￂ");
        assert_eq!(n.text, "마");
        assert_eq!(normalize(&n.text), n.text);
        assert_eq!(n.original_span(0, n.text.len()), Span::new(0, "ﾱￂ".len()));
    }

    #[test]
    fn contractions_typed_without_apostrophes_are_spelled_out() {
        for (typed, long) in [
            ("im", "i am"),
            ("Ive", "i have"),
            ("youre", "you are"),
            ("THATS", "that is"),
            ("cant", "cannot"),
            ("dont", "do not"),
            ("doesnt", "does not"),
            ("didnt", "did not"),
            ("isnt", "is not"),
            ("havent", "have not"),
            ("couldnt", "could not"),
            ("wouldnt", "would not"),
        ] {
            assert_eq!(
                normalize(&format!("so {typed} ok")),
                format!("so {long} ok")
            );
            assert_eq!(normalize_general(typed).text, long);
        }
        assert_eq!(normalize("the time is right"), "the time is right");
    }

    #[test]
    fn folds_case_width_quotes_and_space() {
        assert_eq!(
            normalize("  Ｒｅｆｕｎｄ   STRASSE\tStraße "),
            "refund strasse strasse"
        );
        assert_eq!(
            normalize("We\u{2019}ll call \u{201C}soon\u{201D}"),
            "we will call \"soon\""
        );
    }

    #[test]
    fn expands_contractions() {
        assert_eq!(normalize("I'm sorry, we can't"), "i am sorry, we cannot");
        assert_eq!(normalize("I can not do that"), "i cannot do that");
        assert_eq!(normalize("a can nothing"), "a can nothing");
        assert_eq!(normalize("DON'T"), "do not");
    }

    #[test]
    fn maps_back_to_original_words() {
        let original = "Hi Dana, I’m SO sorry";
        let n = NormalizedText::new(original);
        let at = n.text.find("i am").unwrap();
        let span = n.original_span(at, at + 4);
        assert_eq!(&original[span.start..span.end], "I’m");
        let at = n.text.find("so sorry").unwrap();
        let span = n.original_span(at, at + 8);
        assert_eq!(&original[span.start..span.end], "SO sorry");
    }

    #[test]
    fn chinese_full_width_punctuation_is_folded() {
        assert_eq!(normalize("您好，请问？"), "您好,请问?");
    }
}
