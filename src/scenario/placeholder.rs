//! Placeholders: `{order}`, `{customer.name}`, `{promised.day}` in lines, briefs and
//! rubric phrases, found for checking and expanded with a scenario's values.

use std::collections::BTreeMap;

/// Names inside `{…}` in a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                if !name.is_empty() && !name.contains(' ') {
                    names.push(name.to_string());
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// Replaces `{name}` with its value; unknown names are left as they are.
pub fn expand(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut at = 0;
    replace(text, |inside| {
        let value = values.get(inside.trim()).cloned();
        // Where the placeholder starts a sentence, its value does too: "Right.
        // {promised.day}, then." says "Right. Within 2 working days, then.".
        let open = at + text[at..].find('{').unwrap_or(0);
        at = open + 1 + text[open + 1..].find('}').map_or(0, |close| close + 1);
        let before = text[..open].trim_end_matches(' ');
        let starts = before.is_empty() || before.ends_with(['.', '!', '?']);
        value.map(|v| if starts { capitalised(&v) } else { v })
    })
}

/// `text` with its first letter upper-case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Replaces each `{…}` in `text` with what `value` makes of the text inside the braces;
/// `None` leaves it as written, and so is a `{` never closed. The one brace scanner behind
/// scenario placeholders, suggestions' `{trainee.name}` and the message catalogue.
pub fn replace(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inside = &after[..close];
        match value(inside) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_starting_a_sentence_starts_with_a_capital() {
        let mut values = BTreeMap::new();
        values.insert(
            "promised.day".to_string(),
            "within 2 working days".to_string(),
        );
        assert_eq!(
            expand("Right. {promised.day}, then. Back {promised.day}.", &values),
            "Right. Within 2 working days, then. Back within 2 working days."
        );
        assert_eq!(expand("{promised.day}!", &values), "Within 2 working days!");
    }

    #[test]
    fn placeholders_are_found_and_expanded() {
        let mut values = BTreeMap::new();
        values.insert("order".to_string(), "A-1".to_string());
        assert_eq!(
            placeholders("Order {order} for {customer.name}"),
            vec!["order", "customer.name"]
        );
        assert_eq!(
            expand("Order {order} and {missing}", &values),
            "Order A-1 and {missing}"
        );
        assert_eq!(expand("unclosed {order", &values), "unclosed {order");
    }
}
