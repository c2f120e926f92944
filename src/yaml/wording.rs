//! serde words type errors in Rust's terms (`u8`, `struct Transcript`, `map`, `sequence`);
//! a trainer editing YAML thinks in numbers, text, lists and mappings. This rewrites one
//! into the other, and knows the ranges of the few small numbers the formats have.

/// Rewrites serde's "PATH: invalid type: FOUND, expected WANTED" (or "invalid value") as
/// "PATH: expected WANTED, found FOUND" in plain words; `None` for any other message.
pub fn type_mismatch(message: &str) -> Option<String> {
    let (prefix, rest) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|marker| message.split_once(marker))?;
    // The last ", expected": a text value quoted in FOUND may hold the words too.
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let field = field_name(prefix);
    Some(format!(
        "{prefix}expected {}, found {}",
        wanted(expected, field),
        found_words(found)
    ))
}

/// The key a value sits under, from serde's path prefix (`turns[0].mood_before: `).
fn field_name(prefix: &str) -> &str {
    let path = prefix.trim_end_matches(": ");
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// What serde expected, for a person.
fn wanted<'a>(expected: &'a str, field: &str) -> &'a str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => match field {
            "difficulty" => "a whole number from 1 to 5",
            "walk_out_at" => "a whole number from 0 to 10",
            f if f.starts_with("mood") => "a whole number from 0 to 10",
            _ => "a whole number (0 or more)",
        },
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "a character" => "text",
        "a boolean" => "`true` or `false`",
        "a sequence" => "a list (`- item` lines, or `[a, b]`)",
        "a map" => "a mapping (`key: value` lines)",
        "struct Transcript" => "a transcript (a mapping with `rehearse`, `scenario`, `turns`…)",
        "struct ScenarioFile" => "a scenario (a mapping with `rehearse`, `id`, `steps`…)",
        "struct RubricFile" => "a rubric (a mapping with `rehearse`, `id`, `skills`…)",
        other if other.starts_with("struct ") => "a mapping (`key: value` lines)",
        other if other.starts_with("enum ") => "one of the allowed values",
        other => other,
    }
}

/// What serde found, for a person: `string "x"` → `the text "x"`, `map` → `a mapping`.
fn found_words(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for kind in ["integer ", "floating point ", "boolean ", "char "] {
        if let Some(value) = found.strip_prefix(kind) {
            return value.to_string();
        }
    }
    match found {
        "map" => "a mapping".to_string(),
        "sequence" => "a list".to_string(),
        "unit value" => "nothing (an empty value)".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_type_names_become_plain_words() {
        assert_eq!(
            type_mismatch("turns[2].mood_before: invalid type: string \"calm\", expected u8")
                .as_deref(),
            Some(
                "turns[2].mood_before: expected a whole number from 0 to 10, found the text \"calm\""
            )
        );
        assert_eq!(
            type_mismatch("invalid type: sequence, expected struct Transcript").as_deref(),
            Some(
                "expected a transcript (a mapping with `rehearse`, `scenario`, `turns`…), found a list"
            )
        );
        assert_eq!(
            type_mismatch("seed: invalid value: integer `-4`, expected u64").as_deref(),
            Some("seed: expected a whole number (0 or more), found `-4`")
        );
        assert_eq!(type_mismatch("missing field `id`"), None);
    }

    #[test]
    fn a_quoted_value_may_hold_the_separator() {
        assert_eq!(
            type_mismatch("rubrics: invalid type: string \"a, expected b\", expected a sequence")
                .as_deref(),
            Some(
                "rubrics: expected a list (`- item` lines, or `[a, b]`), found the text \"a, expected b\""
            )
        );
    }
}
