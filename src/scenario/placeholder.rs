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
    replace(text, |inside| values.get(inside.trim()).cloned())
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
