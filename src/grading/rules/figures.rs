//! Figures the customer said first: "£11.99", "0932" read back to the person who just
//! said them restate what they told us, and disclose nothing from the account. Order
//! rules (identity before account details) pass over such read-backs; words without a
//! figure ("your balance", "card ending") are never excused, and a figure the customer
//! did not say ("card ending 4417" when she said 0932) is still a disclosure.

use crate::matcher::{is_word_char, normalize};

/// Whether the `then` phrase found at `start..end` of the normalised reply `text` only
/// reads back figures the customer has said (`said`, from [`figures`] of their lines):
/// the hit, with the words it touches and an adjoining word that holds a digit, has at
/// least one figure, and every figure in it is one the customer said.
pub fn said_by_customer(
    text: &str,
    start: usize,
    end: usize,
    said: &rustc_hash::FxHashSet<String>,
) -> bool {
    let claim = claim(text, start, end);
    let mut figures = numbers(claim).peekable();
    if figures.peek().is_none() {
        return false;
    }
    figures.all(|figure| said.contains(figure))
}

/// The figures in a line as said (normalised first, as replies are).
pub fn figures(line: &str) -> Vec<String> {
    // Most lines have no figure: nothing to normalise (this runs under every reply).
    if !line.chars().any(char::is_numeric) {
        return Vec::new();
    }
    let line = normalize(line);
    numbers(&line).map(str::to_string).collect()
}

/// The stretch of `text` a hit speaks of: the whole words it touches, and the word on
/// either side when it holds a digit ("11.99 pounds", "ending in 0932").
fn claim(text: &str, start: usize, end: usize) -> &str {
    let from = word_start(text, start);
    let to = word_end(text, end);
    let before = text[..from].trim_end();
    let previous = word_start(before, before.len());
    let from = if has_digit(&before[previous..]) {
        previous
    } else {
        from
    };
    let after_gap = to + (text[to..].len() - text[to..].trim_start().len());
    let next = word_end(text, after_gap);
    let to = if has_digit(&text[after_gap..next]) {
        next
    } else {
        to
    };
    &text[from..to]
}

/// Characters a figure or the word around a hit is made of ("£11.99", "4,500").
fn in_figure(c: char) -> bool {
    is_word_char(c) || matches!(c, '.' | ',' | '£' | '$' | '€')
}

fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_figure(c))
        .last()
        .map_or(at, |(i, _)| i)
}

fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !in_figure(c))
        .map_or(text.len(), |(i, _)| at + i)
}

fn has_digit(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// The numbers in `text`, as written between their first and last digit ("11.99",
/// "4,500"; "£11.99." gives "11.99").
fn numbers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|run| run.trim_matches(|c: char| !c.is_ascii_digit()))
        .filter(|run| !run.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the first occurrence of `phrase` in `reply` reads back the customer.
    fn echoed(reply: &str, phrase: &str, customer: &str) -> bool {
        let text = normalize(reply);
        let start = text.find(phrase).expect("phrase in reply");
        said_by_customer(
            &text,
            start,
            start + phrase.len(),
            &figures(customer).into_iter().collect(),
        )
    }

    #[test]
    fn figures_the_customer_said_are_read_back_not_disclosed() {
        let customer = "Hi. You've charged me twice for StreamBox this month, £11.99 each time.";
        let reply = "I see - so what has happened is you were charged £11.99 twice this month.";
        assert!(echoed(reply, "£1", customer));
        assert!(echoed(
            "Two lots of 11.99 pounds?",
            "pounds",
            "It was 11.99 pounds."
        ));
        assert!(echoed(
            "The card ending 0932?",
            "card ending",
            "The other is on the Mastercard ending 0932."
        ));
    }

    #[test]
    fn other_figures_and_words_without_figures_are_disclosures() {
        let customer = "You've charged me twice, £11.99 each time.";
        assert!(!echoed("Your balance is £40.", "£4", customer));
        assert!(!echoed(
            "It went on the card ending 4417.",
            "card ending",
            "The other is on the Mastercard ending 0932."
        ));
        assert!(!echoed(
            "Your balance is overdrawn.",
            "your balance",
            customer
        ));
        assert!(!echoed("That's £11.99 and £5.", "£5", customer));
    }
}
