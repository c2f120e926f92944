//! Rubric regexes with word boundaries (`\b`), run where they are cheap.
//!
//! A Unicode `\b` stops the regex crate's fast engine (a lazy DFA) at the first
//! non-ASCII byte, and the slow one it falls back to took most of the time spent on
//! regexes: a "£12" in a reply was enough. Where no character of the text outside ASCII
//! is a word character ("£", "–", "€"), Unicode and ASCII boundaries fall in the same
//! places, so such text is searched with a twin of the regex whose boundaries are ASCII
//! (`(?-u:\b)`), which the fast engine runs to the end. Text with other letters (Chinese,
//! "café") is searched with the regex as written.

use regex::Regex;

use crate::shared_cache::SharedCache;

/// A regex as written, and its twin with ASCII word boundaries when it has any.
#[derive(Debug, Clone)]
pub(super) struct BoundedRegex {
    written: Regex,
    ascii: Option<Regex>,
}

impl BoundedRegex {
    /// `pattern` compiled case-insensitively, with its twin. Compiled regexes are kept
    /// and shared (a clone shares the compiled program): graders for different
    /// scenarios hold the same rubric regexes, and compiling them for each, twins
    /// included, was a tenth of compiling the built-in library (0.5 G instructions).
    pub(super) fn new(pattern: &str) -> Result<BoundedRegex, regex::Error> {
        // A library holds a few dozen regexes.
        static COMPILED: SharedCache<String, BoundedRegex> = SharedCache::new(10_000);
        if let Some(found) = COMPILED.get(pattern) {
            return Ok(found);
        }
        let build = |p: &str| regex::RegexBuilder::new(p).case_insensitive(true).build();
        let written = build(pattern)?;
        let ascii = ascii_boundaries(pattern).and_then(|p| build(&p).ok());
        let compiled = BoundedRegex { written, ascii };
        COMPILED.keep(pattern.to_string(), compiled.clone());
        Ok(compiled)
    }

    /// The regex to search `text` with: the same matches either way.
    pub(super) fn for_text(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(ascii) if !has_non_ascii_word_chars(text) => ascii,
            _ => &self.written,
        }
    }
}

/// Whether a character outside ASCII in `text` is a word character for `\b`.
fn has_non_ascii_word_chars(text: &str) -> bool {
    !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

/// `pattern` with each word-boundary escape (`\b`, `\B`, and `\b{…}`) made ASCII-only,
/// or `None` when it has none. Other escapes (`\\b` is a backslash and a "b") and the
/// rest of the pattern are kept as written.
fn ascii_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut changed = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                changed = true;
                out.push_str("(?-u:\\");
                out.push(b);
                if chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '}' {
                            break;
                        }
                    }
                }
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn boundaries_become_ascii_and_nothing_else_changes() {
        assert_eq!(
            ascii_boundaries(r"\bconfirm\b").as_deref(),
            Some(r"(?-u:\b)confirm(?-u:\b)")
        );
        assert_eq!(
            ascii_boundaries(r"\b{start}x\B").as_deref(),
            Some(r"(?-u:\b{start})x(?-u:\B)")
        );
        assert_eq!(ascii_boundaries(r"\\b\d+"), None);
        assert_eq!(ascii_boundaries("£\\s?\\d"), None);
    }

    #[test]
    fn text_with_letters_outside_ascii_keeps_the_regex_as_written() {
        let regex = BoundedRegex::new(r"\bcafe\b").expect("compiles");
        assert!(regex.ascii.is_some());
        assert!(std::ptr::eq(
            regex.for_text("£5 cafe"),
            regex.ascii.as_ref().unwrap()
        ));
        assert!(std::ptr::eq(regex.for_text("café"), &regex.written));
        assert!(std::ptr::eq(regex.for_text("订单"), &regex.written));
    }

    proptest! {
        /// Both regexes find the same matches in any text they are chosen for.
        #[test]
        fn the_twin_finds_what_the_regex_finds(
            text in "[ab1 £–é.]{0,16}",
            pattern in prop::sample::select(vec![
                r"\ba\b", r"\b\d", r"a\B", r"(^|[.]\s*)ab?\b", r"\b{start}b", r"\b(a|b)+\b",
            ]),
        ) {
            let regex = BoundedRegex::new(pattern).expect("compiles");
            let written: Vec<_> = regex.written.find_iter(&text).map(|m| m.range()).collect();
            let chosen: Vec<_> = regex.for_text(&text).find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(written, chosen);
        }
    }
}
