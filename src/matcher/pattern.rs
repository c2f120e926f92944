//! The phrase language trainers write, expanded into the literal phrases the automaton
//! matches. Expansion happens once, when a rubric is validated, so matching stays one
//! scan of one automaton whatever the phrase says.
//!
//! - `(so|very|really)` one of several words or word groups; `(so|very)?` optional;
//! - `@sorry` a word class from the rubric's `lexicon` (its entries use the language too);
//! - `book~` the word's inflections (books, booked, booking; apologise ~ apologize);
//! - `*` a gap of a few words, and `{placeholders}`, passed through as they are.

use std::collections::BTreeMap;

/// Most literal phrases one written phrase may stand for: beyond this a phrase is almost
/// certainly a mistake (nested classes), and the automaton would grow for nothing.
pub const MAX_VARIANTS: usize = 2048;

/// How deep word classes may name other classes.
const MAX_CLASS_DEPTH: usize = 4;

/// Why a phrase could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// `(` without `)` or the other way round.
    #[error("unbalanced parentheses in `{0}`")]
    Unbalanced(String),
    /// An `@class` the lexicon does not define.
    #[error("no word class `@{0}` in the lexicon")]
    UnknownClass(String),
    /// Too many literal phrases.
    #[error("`{0}` stands for more than {MAX_VARIANTS} phrases; split it or use fewer options")]
    TooMany(String),
    /// Classes that name each other in a loop, or nest too deep.
    #[error("word class `@{0}` refers to itself (or nests more than {MAX_CLASS_DEPTH} deep)")]
    Cycle(String),
    /// `()` or `(a|)` — an empty option that should be written with `?`.
    #[error("an empty option in `{0}`: write `(a|b)?` for an optional group")]
    EmptyOption(String),
}

/// Word classes by name (without the `@`).
pub type Lexicon = BTreeMap<String, Vec<String>>;

/// Whether a phrase uses the language at all (plain phrases skip expansion).
fn is_plain(phrase: &str) -> bool {
    !phrase.contains(['(', ')', '@', '~', '|'])
}

/// Every literal phrase `phrase` stands for, in a stable order without repeats.
pub fn expand(phrase: &str, lexicon: &Lexicon) -> Result<Vec<String>, PatternError> {
    expand_at(phrase, lexicon, 0)
}

fn expand_at(phrase: &str, lexicon: &Lexicon, depth: usize) -> Result<Vec<String>, PatternError> {
    if is_plain(phrase) {
        return Ok(vec![phrase.trim().to_string()]);
    }
    let mut variants = vec![String::new()];
    let mut rest = phrase;
    while !rest.is_empty() {
        let (options, after) = next_piece(rest, phrase, lexicon, depth)?;
        rest = after;
        let mut next = Vec::with_capacity(variants.len() * options.len());
        for v in &variants {
            for o in &options {
                next.push(join(v, o));
            }
        }
        if next.len() > MAX_VARIANTS {
            return Err(PatternError::TooMany(phrase.to_string()));
        }
        variants = next;
    }
    let mut seen = std::collections::HashSet::new();
    variants.retain(|v| !v.trim().is_empty() && seen.insert(v.clone()));
    Ok(variants)
}

/// Joins two pieces with one space (pieces carry no edge spaces), or none between two
/// Chinese or Japanese characters, which are written without spaces.
fn join(a: &str, b: &str) -> String {
    let cjk = |c: Option<char>| c.is_some_and(super::is_cjk);
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ if cjk(a.chars().next_back()) && cjk(b.chars().next()) => format!("{a}{b}"),
        _ => format!("{a} {b}"),
    }
}

/// The options of the next piece of `rest` (a group, a class, an inflected word or a
/// plain word) and what follows it.
fn next_piece<'a>(
    rest: &'a str,
    whole: &str,
    lexicon: &Lexicon,
    depth: usize,
) -> Result<(Vec<String>, &'a str), PatternError> {
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Ok((vec![String::new()], rest));
    }
    if let Some(inner) = rest.strip_prefix('(') {
        let close = closing_paren(inner).ok_or_else(|| PatternError::Unbalanced(whole.into()))?;
        let body = &inner[..close];
        let mut after = &inner[close + 1..];
        let optional = after.starts_with('?');
        if optional {
            after = &after[1..];
        }
        let mut options = Vec::new();
        for option in split_top(body) {
            if option.trim().is_empty() {
                return Err(PatternError::EmptyOption(whole.into()));
            }
            options.extend(expand_at(option, lexicon, depth)?);
        }
        if optional {
            options.push(String::new());
        }
        return Ok((options, after));
    }
    if rest.starts_with(')') {
        return Err(PatternError::Unbalanced(whole.into()));
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let after = &rest[end..];
    if let Some(name) = word.strip_prefix('@') {
        if depth >= MAX_CLASS_DEPTH {
            return Err(PatternError::Cycle(name.into()));
        }
        let entries = lexicon
            .get(name)
            .ok_or_else(|| PatternError::UnknownClass(name.into()))?;
        let mut options = Vec::new();
        for entry in entries {
            options.extend(expand_at(entry, lexicon, depth + 1)?);
        }
        return Ok((options, after));
    }
    if let Some(stem) = word.strip_suffix('~') {
        return Ok((inflections(stem), after));
    }
    if word.contains('|') {
        // `a|b` outside a group is almost always a forgotten pair of parentheses.
        return Err(PatternError::Unbalanced(whole.into()));
    }
    Ok((vec![word.to_string()], after))
}

/// The index of the `)` closing a group whose `(` was just read.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Splits a group's body at the `|`s that are not inside a nested group.
fn split_top(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for (i, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                parts.push(&body[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[from..]);
    parts
}

/// A word and its regular English inflections: -s/-es, -ed/-d, -ing (dropping a final
/// e, doubling a final consonant after a short vowel, y → ies/ied), and -ise/-ize both
/// ways. Forms nobody writes do no harm: they never occur.
pub fn inflections(stem: &str) -> Vec<String> {
    let mut forms = vec![stem.to_string()];
    let mut bases = vec![stem.to_string()];
    if let Some(root) = stem.strip_suffix("ise") {
        bases.push(format!("{root}ize"));
    } else if let Some(root) = stem.strip_suffix("ize") {
        bases.push(format!("{root}ise"));
    }
    for base in &bases {
        let chars: Vec<char> = base.chars().collect();
        let last = chars.last().copied().unwrap_or(' ');
        let before = chars.len().checked_sub(2).map(|i| chars[i]);
        let vowel = |c: char| "aeiou".contains(c);
        forms.push(base.clone());
        if last == 'e' {
            let root: String = chars[..chars.len() - 1].iter().collect();
            forms.extend([format!("{base}s"), format!("{base}d"), format!("{root}ing")]);
        } else if last == 'y' && before.is_some_and(|c| !vowel(c)) {
            let root: String = chars[..chars.len() - 1].iter().collect();
            forms.extend([
                format!("{root}ies"),
                format!("{root}ied"),
                format!("{base}ing"),
            ]);
        } else {
            let sibilant = ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|s| base.ends_with(s));
            forms.push(if sibilant {
                format!("{base}es")
            } else {
                format!("{base}s")
            });
            forms.extend([format!("{base}ed"), format!("{base}ing")]);
            // stop → stopped: a short word ending consonant-vowel-consonant.
            let cvc = chars.len() >= 3
                && !vowel(last)
                && !"wxy".contains(last)
                && before.is_some_and(vowel)
                && !vowel(chars[chars.len() - 3]);
            if cvc && chars.len() <= 4 {
                forms.extend([format!("{base}{last}ed"), format!("{base}{last}ing")]);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    forms.retain(|f| seen.insert(f.clone()));
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut l = Lexicon::new();
        l.insert("daypart".into(), vec!["day".into(), "evening".into()]);
        l.insert("sorry".into(), vec!["sorry".into(), "apologise~".into()]);
        l.insert("loop".into(), vec!["@loop".into()]);
        l
    }

    #[test]
    fn groups_options_and_classes() {
        let l = lexicon();
        assert_eq!(
            expand("i am (so|very)? sorry", &l).unwrap(),
            ["i am so sorry", "i am very sorry", "i am sorry"]
        );
        assert_eq!(
            expand("have a * @daypart", &l).unwrap(),
            ["have a * day", "have a * evening"]
        );
        assert_eq!(
            expand(
                "(thank you|thanks) for (calling|(getting|being) in touch)",
                &l
            )
            .unwrap()
            .len(),
            6
        );
        assert_eq!(expand("plain words", &l).unwrap(), ["plain words"]);
        // Chinese is written without spaces, and so are its variants.
        assert_eq!(
            expand("(感谢|谢谢)(您的)?来电", &l).unwrap(),
            ["感谢您的来电", "感谢来电", "谢谢您的来电", "谢谢来电"]
        );
        let sorry = expand("@sorry", &l).unwrap();
        assert!(sorry.contains(&"apologize".to_string()), "{sorry:?}");
        assert!(sorry.contains(&"apologising".to_string()), "{sorry:?}");
    }

    #[test]
    fn mistakes_are_reported() {
        let l = lexicon();
        assert!(matches!(
            expand("(a|b", &l),
            Err(PatternError::Unbalanced(_))
        ));
        assert!(matches!(
            expand("a)|b", &l),
            Err(PatternError::Unbalanced(_))
        ));
        assert!(matches!(
            expand("a|b", &l),
            Err(PatternError::Unbalanced(_))
        ));
        assert_eq!(
            expand("@nope", &l),
            Err(PatternError::UnknownClass("nope".into()))
        );
        assert!(matches!(expand("@loop", &l), Err(PatternError::Cycle(_))));
        assert!(matches!(
            expand("(a|)", &l),
            Err(PatternError::EmptyOption(_))
        ));
        let wide = "(a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d)";
        assert!(matches!(expand(wide, &l), Err(PatternError::TooMany(_))));
    }

    #[test]
    fn inflections_of_regular_words() {
        let has = |stem: &str, form: &str| inflections(stem).iter().any(|f| f == form);
        assert!(has("book", "booked") && has("book", "booking") && has("book", "books"));
        assert!(has("arrange", "arranging") && has("arrange", "arranged"));
        assert!(has("apologise", "apologizes") && has("apologize", "apologised"));
        assert!(has("reply", "replies") && has("reply", "replied"));
        assert!(has("stop", "stopped") && has("fix", "fixes"));
    }
}
