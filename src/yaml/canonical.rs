//! A fast reader for the block-style YAML that rehearse itself writes (serde_yaml's
//! emitter: block mappings and sequences, plain, quoted and literal scalars).
//!
//! Batch grading reads thousands of transcripts, and libyaml's scanner was a third of that
//! work. This reader takes the common case in one pass over the lines and hands a borrowed
//! tree to serde. It is only ever a shortcut: on anything it does not fully understand —
//! comments, anchors, flow collections, folded or multi-line scalars, a plain scalar that
//! YAML might read as a number, null or boolean, any serde error — it declines (`None`)
//! and the caller parses with serde_yaml, which stays the authority on meaning and errors.
//!
//! Invariant (tested against serde_yaml on generated and hand-edited transcripts): when
//! this returns `Some(value)`, serde_yaml would have returned the same value.

use std::borrow::Cow;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Parses `text` into `T`, or `None` when the text is outside the subset this reader
/// takes (the caller then parses it the general way).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !all_printable(text) {
        return None;
    }
    let mut reader = Reader { text, pos: 0 };
    let root = reader.mapping(0)?;
    if reader.pos < text.len() {
        return None;
    }
    T::deserialize(&root).ok()
}

/// A parsed node, borrowing from the text where it can.
#[derive(Debug)]
enum Node<'a> {
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    /// A plain scalar: its type depends on what reads it.
    Plain(&'a str),
    /// A quoted or literal scalar: always a string.
    Text(Cow<'a, str>),
}

/// Characters libyaml accepts in a stream, minus those this reader leaves to it: carriage
/// returns, a byte-order mark and the Unicode line breaks YAML 1.1 folds (NEL, LS, PS).
/// Checked on the UTF-8 bytes: the characters refused outside ASCII are the C1 controls
/// (`C2 80`–`C2 9F`, NEL among them), LS and PS (`E2 80 A8`/`A9`), the byte-order mark
/// (`EF BB BF`) and the non-characters `EF BF BE`/`BF`.
fn all_printable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let refused = match b {
            b'\n' | b'\t' | 0x20..=0x7e => false,
            0x00..=0x1f | 0x7f => true,
            0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
            0xe2 => {
                bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9))
            }
            0xef => matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ),
            _ => false,
        };
        if refused {
            return false;
        }
        i += 1;
    }
    true
}

/// Deepest indentation this reader follows. The reader recurses once or twice per level,
/// and levels need deeper indentation, so this bounds its stack use: a file nested
/// thousands deep (hostile or broken) is left to serde_yaml, which refuses it with an
/// error. Transcripts go six columns deep.
const MAX_INDENT: usize = 32;

/// A cursor over the text, always at the start of a line.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

/// One line: its indentation (spaces) and the rest, without the line break.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// The whole line, indentation included.
    raw: &'a str,
    indent: usize,
    content: &'a str,
    /// Where the next line starts.
    next: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (line, next) = match rest.find('\n') {
            Some(n) => (&rest[..n], self.pos + n + 1),
            None => (rest, self.text.len()),
        };
        let content = line.trim_start_matches(' ');
        Some(Line {
            raw: line,
            indent: line.len() - content.len(),
            content,
            next,
        })
    }

    /// A block mapping whose keys sit at column `indent`.
    fn mapping(&mut self, indent: usize) -> Option<Node<'a>> {
        if indent > MAX_INDENT {
            return None;
        }
        let mut entries = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && is_item(line.content)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.pos = line.next;
            entries.push(self.entry(indent, line.content)?);
        }
        if entries.is_empty() {
            return None;
        }
        Some(Node::Map(entries))
    }

    /// One `key: value` of a mapping at column `indent`; `content` is the line after the
    /// indentation, already consumed.
    fn entry(&mut self, indent: usize, content: &'a str) -> Option<(&'a str, Node<'a>)> {
        let colon = content.find(':')?;
        let key = &content[..colon];
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        let rest = &content[colon + 1..];
        if rest.is_empty() {
            // The value is on the lines below: a sequence at this column, or a mapping
            // further in.
            let line = self.peek()?;
            let value = if line.indent == indent && is_item(line.content) {
                self.sequence(indent)?
            } else if line.indent > indent {
                self.mapping(line.indent)?
            } else {
                return None;
            };
            return Some((key, value));
        }
        let value = rest.strip_prefix(' ')?;
        Some((key, self.value(indent, value)?))
    }

    /// A value written after `key: ` on a line of a mapping at column `indent`.
    fn value(&mut self, indent: usize, value: &'a str) -> Option<Node<'a>> {
        match value {
            "[]" => Some(Node::Seq(Vec::new())),
            "{}" => Some(Node::Map(Vec::new())),
            _ if value.starts_with('|') => self.literal(indent, &value[1..]),
            _ => inline_scalar(value),
        }
    }

    /// A block sequence whose `- ` marks sit at column `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Node<'a>> {
        if indent > MAX_INDENT {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || !is_item(line.content) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.pos = line.next;
            let item = line.content.strip_prefix("- ")?;
            if starts_entry(item) {
                // A mapping in the item: its first key on this line, the rest below.
                let inner = indent + 2;
                let mut entries = vec![self.entry(inner, item)?];
                if let Some(Node::Map(more)) = self.mapping_or_nothing(inner)? {
                    entries.extend(more);
                }
                items.push(Node::Map(entries));
            } else {
                items.push(inline_scalar(item)?);
            }
        }
        Some(Node::Seq(items))
    }

    /// The rest of a mapping at `indent`, or `Some(None)` where it has no more keys.
    fn mapping_or_nothing(&mut self, indent: usize) -> Option<Option<Node<'a>>> {
        match self.peek() {
            Some(line) if line.indent == indent && !is_item(line.content) => {
                self.mapping(indent).map(Some)
            }
            Some(line) if line.indent > indent => None,
            _ => Some(None),
        }
    }

    /// A literal block scalar (`|`, `|-`, `|+`, with an optional indentation digit) for a
    /// key of a mapping at column `indent`; `header` follows the `|`.
    fn literal(&mut self, indent: usize, header: &str) -> Option<Node<'a>> {
        let (digit, chomp) = match header.as_bytes() {
            [] => (None, Chomp::Clip),
            [b'-'] => (None, Chomp::Strip),
            [b'+'] => (None, Chomp::Keep),
            [d @ b'1'..=b'9'] => (Some(d - b'0'), Chomp::Clip),
            [d @ b'1'..=b'9', b'-'] | [b'-', d @ b'1'..=b'9'] => (Some(d - b'0'), Chomp::Strip),
            [d @ b'1'..=b'9', b'+'] | [b'+', d @ b'1'..=b'9'] => (Some(d - b'0'), Chomp::Keep),
            _ => return None,
        };
        let block_indent = match digit {
            Some(d) => indent + usize::from(d),
            None => self.detect_indent(indent)?,
        };
        let mut lines: Vec<&'a str> = Vec::new();
        // Lines that are empty (or spaces no deeper than the block) since the last line
        // with content: interior ones become empty lines, trailing ones are chomped.
        let mut empty = 0;
        while let Some(line) = self.peek() {
            let blank = line.content.is_empty();
            if !blank && line.indent < block_indent {
                // A tab where indentation is expected is an error libyaml reports.
                if line.content.starts_with('\t') {
                    return None;
                }
                break;
            }
            self.pos = line.next;
            if blank && line.indent <= block_indent {
                empty += 1;
                continue;
            }
            lines.extend(std::iter::repeat_n("", empty));
            empty = 0;
            lines.push(&line.raw[block_indent..]);
        }
        if lines.is_empty() {
            return None;
        }
        let mut text = lines.join("\n");
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => text.push('\n'),
            Chomp::Keep => text.extend(std::iter::repeat_n('\n', empty + 1)),
        }
        Some(Node::Text(Cow::Owned(text)))
    }

    /// The indentation of a literal block's content, from its first line with content;
    /// `None` if there is none, it is not deeper than `indent`, a blank line before it is
    /// deeper than it, or a tab follows its indentation (errors libyaml reports in its own
    /// words).
    fn detect_indent(&self, indent: usize) -> Option<usize> {
        let mut probe = Reader {
            text: self.text,
            pos: self.pos,
        };
        let mut deepest_blank = 0;
        while let Some(line) = probe.peek() {
            if line.content.is_empty() {
                deepest_blank = deepest_blank.max(line.indent);
                probe.pos = line.next;
                continue;
            }
            let fits = line.indent > indent && deepest_blank <= line.indent;
            // A tab right after the indentation of the first line is an error in libyaml.
            return (fits && !line.content.starts_with('\t')).then_some(line.indent);
        }
        None
    }
}

#[derive(Clone, Copy)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// Whether a line (after indentation) is a sequence item.
fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Whether `text` starts with `key:` followed by a space or the end of the line.
fn starts_entry(text: &str) -> bool {
    let key_len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    key_len > 0 && {
        let rest = &text[key_len..];
        rest == ":" || rest.starts_with(": ")
    }
}

/// A scalar that fits on its line: single-quoted, double-quoted or plain.
fn inline_scalar(value: &str) -> Option<Node<'_>> {
    match value.as_bytes().first()? {
        b'\'' => single_quoted(value).map(Node::Text),
        b'"' => double_quoted(value).map(Node::Text),
        // Indicators and anything a plain scalar may not start with.
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' | b' ' => None,
        _ if value.contains(": ")
            || value.contains(" #")
            || value.contains('\t')
            || value.ends_with([':', ' ']) =>
        {
            None
        }
        _ => Some(Node::Plain(value)),
    }
}

/// `'…'` closed on the same line, with `''` for a quote.
fn single_quoted(value: &str) -> Option<Cow<'_, str>> {
    let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
    // Every quote inside must be one of a doubled pair.
    let mut quotes = inner.split('\'');
    let mut pairs = 0;
    let first = quotes.next()?;
    for part in quotes.by_ref() {
        pairs += 1;
        if pairs % 2 == 1 && !part.is_empty() {
            return None;
        }
    }
    if pairs % 2 == 1 {
        return None;
    }
    if pairs == 0 {
        return Some(Cow::Borrowed(first));
    }
    Some(Cow::Owned(inner.replace("''", "'")))
}

/// `"…"` closed on the same line, with YAML's escapes.
fn double_quoted(value: &str) -> Option<Cow<'_, str>> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains(['\\', '"']) {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let escaped = match chars.next()? {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' | '\t' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(&mut chars, 2)?,
                    'u' => hex(&mut chars, 4)?,
                    'U' => hex(&mut chars, 8)?,
                    _ => return None,
                };
                out.push(escaped);
            }
            c => out.push(c),
        }
    }
    Some(Cow::Owned(out))
}

fn hex(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<char> {
    let mut value = 0u32;
    for _ in 0..digits {
        value = value * 16 + chars.next()?.to_digit(16)?;
    }
    char::from_u32(value)
}

/// Whether YAML reads a plain scalar as a string whatever the target type: not null, not
/// a boolean in any schema serde_yaml might apply, and not number-like.
fn plain_is_string(value: &str) -> bool {
    !is_null(value) && !is_bool(value) && !is_number_like(value)
}

fn is_null(value: &str) -> bool {
    matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

/// YAML 1.2's booleans and YAML 1.1's (`yes`, `off`…), in any case.
fn is_bool(value: &str) -> bool {
    value.len() <= 5
        && matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// Anything that could be a YAML number (`12`, `-1.5e3`, `0x1f`, `0o17`, `1_000`,
/// `.inf`, `-.NaN`), and some things that could not: it only has to be conservative.
fn is_number_like(value: &str) -> bool {
    let unsigned = value.trim_start_matches(['+', '-']);
    if unsigned.len() <= 9
        && matches!(
            unsigned.to_ascii_lowercase().as_str(),
            ".inf" | "inf" | ".nan" | "nan" | "infinity"
        )
    {
        return true;
    }
    value.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c))
        && value
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO+-._".contains(&b))
}

/// Why this reader declined (never shown: the caller falls back to serde_yaml).
#[derive(Debug)]
struct Declined;

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("outside the canonical subset")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// Deserializer methods that read what another one reads.
macro_rules! same_as {
    ($target:ident: $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            self.$target(visitor)
        })*
    };
}

macro_rules! decline {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
            Err(Declined)
        })*
    };
}

impl<'de, 'a: 'de> de::Deserializer<'de> for &'de Node<'a> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Node::Text(text) => visitor.visit_str(text),
            // What a plain scalar is depends on the target; without one, leave it.
            Node::Plain(_) => Err(Declined),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(value) if plain_is_string(value) => visitor.visit_borrowed_str(value),
            Node::Text(Cow::Borrowed(value)) => visitor.visit_borrowed_str(value),
            Node::Text(Cow::Owned(value)) => visitor.visit_str(value),
            _ => Err(Declined),
        }
    }

    same_as! { deserialize_str: deserialize_string deserialize_identifier }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            // Plain decimal only: no sign, no leading zero, no `0x`, no `_`.
            Node::Plain(value)
                if value.bytes().all(|b| b.is_ascii_digit())
                    && (value.len() == 1 || !value.starts_with('0')) =>
            {
                visitor.visit_u64(value.parse().map_err(|_| Declined)?)
            }
            _ => Err(Declined),
        }
    }

    same_as! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            // The writer leaves out absent values; a written null is left to serde_yaml.
            Node::Plain(value) if is_null(value) => Err(Declined),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(value) if plain_is_string(value) => {
                visitor.visit_enum((*value).into_deserializer())
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    decline! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }
}

struct Entries<'de, 'a> {
    entries: std::slice::Iter<'de, (&'a str, Node<'a>)>,
    value: Option<&'de Node<'a>>,
}

impl<'de, 'a: 'de> MapAccess<'de> for Entries<'de, 'a> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let key: de::value::BorrowedStrDeserializer<'de, Declined> =
                    de::value::BorrowedStrDeserializer::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }
}

struct Items<'de, 'a>(std::slice::Iter<'de, Node<'a>>);

impl<'de, 'a: 'de> SeqAccess<'de> for Items<'de, 'a> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};
    use proptest::prelude::*;

    /// What serde_yaml makes of the text (the authority).
    fn general(text: &str) -> Option<Transcript> {
        serde_yaml::from_str(text).ok()
    }

    fn transcript(replies: &[&str]) -> Transcript {
        Transcript {
            rehearse: 1,
            scenario: "late-delivery".into(),
            scenario_hash: "sha256:00ff".into(),
            rubrics: vec![RubricRef {
                id: "core".into(),
                hash: "sha256:abcd".into(),
            }],
            engine: Some(2),
            trainee: "Alex Chen".into(),
            trainee_id: None,
            seed: 7,
            mode: Mode::Exam,
            started: "2026-11-20T09:30:00Z".into(),
            finished: Some("2026-11-20T09:34:12Z".into()),
            ending: Some(crate::scenario::Ending::WalkedOut),
            turns: replies
                .iter()
                .map(|reply| Turn {
                    step: "opening".into(),
                    customer: vec![Line {
                        speaker: "Dana Whitfield".into(),
                        text: "Where is my desk? Order NW-20417.".into(),
                        interjection: Some("queue".into()),
                    }],
                    reply: reply.to_string(),
                    latency_ms: Some(18250),
                    mood_before: 7,
                    mood_after: 5,
                })
                .collect(),
            closing: Vec::new(),
            signature: None,
        }
    }

    /// Replies in every scalar style the writer uses, and the awkward cases around them.
    const AWKWARD: &[&str] = &[
        "Good morning, this is Alex. How can I help?",
        "line one\nline two",
        "ends with a break\n",
        "ends with two\n\n",
        "\nstarts with a break",
        "  indented first line\nsecond",
        "line\n  indented\nback",
        "blank\n\n\ninside",
        "trailing spaces on a line   \nnext",
        " leading space",
        "trailing space ",
        "a: colon",
        "hash #tag",
        "#first",
        "- dash",
        "it's, \"quoted\" and 'single'",
        "'wrapped'",
        "null",
        "~",
        "123",
        "2 working days",
        "true",
        "yes",
        "",
        "tab\there",
        "bell\u{7}",
        "您好，请问有什么可以帮您？",
        "emoji 😀",
        "non\u{a0}breaking",
        "line\u{2028}separator",
        "bom\u{feff}",
        ":colon first",
        "@at",
        "x,y [z] {w}",
        "ends with colon:",
        "back\\slash",
        "carriage\r\nreturn",
    ];

    proptest! {
        #[test]
        fn printable_bytes_agree_with_printable_characters(text in "\\PC*|[\u{0}-\u{a0}\u{2027}-\u{202a}\u{feff}\u{fffd}-\u{ffff}a]{0,12}") {
            let by_character = text.chars().all(|c| match c {
                '\n' | '\t' | ' '..='~' => true,
                '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
                '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => true,
                _ => false,
            });
            prop_assert_eq!(all_printable(&text), by_character);
        }
    }

    #[test]
    fn agrees_with_serde_yaml_on_every_scalar_style() {
        for reply in AWKWARD {
            let written = transcript(&[reply]);
            let text = serde_yaml::to_string(&written).unwrap();
            let fast: Option<Transcript> = from_str(&text);
            if let Some(fast) = &fast {
                assert_eq!(fast, &written, "{reply:?} read back wrong from\n{text}");
            }
            assert_eq!(general(&text).as_ref(), Some(&written), "{reply:?}");
        }
    }

    #[test]
    fn takes_the_layout_the_writer_uses() {
        // The styles the writer picks for ordinary replies are all read here, not left
        // to the slow road.
        for reply in [
            "Good morning, this is Alex. How can I help?",
            "line one\nline two",
            "ends with a break\n",
            "ends with two\n\n",
            "\nstarts with a break",
            "  indented first line\nsecond",
            "blank\n\n\ninside",
            " leading space",
            "a: colon",
            "'wrapped'",
            "null",
            "2 working days",
            "tab\there",
            "您好，请问有什么可以帮您？",
            "it's, \"quoted\" and 'single'",
            "",
        ] {
            let written = transcript(&[reply, "Anything else?"]);
            let text = serde_yaml::to_string(&written).unwrap();
            assert_eq!(
                from_str::<Transcript>(&text).as_ref(),
                Some(&written),
                "{reply:?} in\n{text}"
            );
        }
    }

    #[test]
    fn declines_deep_nesting_without_exhausting_the_stack() {
        // Each level one column deeper: 3,000 levels in 4.5 MB, under the file size limit.
        let mut text = String::new();
        for level in 0..3000 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        text.push_str(&" ".repeat(3000));
        text.push_str("a: b\n");
        assert!(from_str::<Transcript>(&text).is_none());
        let deep_items = "turns:\n".to_string()
            + &(0..3000)
                .map(|level| format!("{}- a:\n", " ".repeat(level * 2)))
                .collect::<String>();
        assert!(from_str::<Transcript>(&deep_items).is_none());
    }

    #[test]
    fn declines_what_only_serde_yaml_should_judge() {
        let text = serde_yaml::to_string(&transcript(&["Hello"])).unwrap();
        let edits = [
            ("reply: Hello", "reply: Hello # a comment"),
            ("reply: Hello", "reply: &a Hello"),
            ("reply: Hello", "reply: [Hello]"),
            ("reply: Hello", "reply: >\n    Hello"),
            ("reply: Hello", "reply: Hello\n    world"),
            ("reply: Hello", "reply: \"Hello\n    world\""),
            ("seed: 7", "seed: 0x7"),
            ("seed: 7", "seed: '7'"),
            ("mood_before: 7", "mood_before: 700"),
            ("finished: 2026-11-20T09:34:12Z", "finished: null"),
            ("finished: 2026-11-20T09:34:12Z", "finished: ~"),
            ("mode: exam", "mode: Exam"),
            ("trainee: Alex Chen", "trainee: Alex Chen\ntrainee: Sam"),
            ("trainee: Alex Chen", "trainee: 1234"),
            ("trainee: Alex Chen", "trainee: true"),
            ("trainee: Alex Chen", "trainee:  Alex"),
            ("trainee: Alex Chen", "trainee: Alex\t"),
            ("trainee: Alex Chen", "traine: Alex"),
            ("rehearse: 1", "---\nrehearse: 1"),
            ("rehearse: 1", "\nrehearse: 1"),
            // A tab right after a literal block's indentation.
            ("reply: Hello", "reply: |-\n     \tHello\n      there"),
            ("reply: Hello", "reply: |-\n    Hello\n   \tthere"),
        ];
        for (from, to) in edits {
            let edited = text.replacen(from, to, 1);
            assert_ne!(edited, text, "{from}");
            assert!(
                from_str::<Transcript>(&edited).is_none(),
                "{to:?} was taken"
            );
        }
        assert!(from_str::<Transcript>(&text.replace('\n', "\r\n")).is_none());
        assert!(from_str::<Transcript>("").is_none());
        assert!(from_str::<Transcript>("- a\n").is_none());
    }

    fn any_text() -> impl Strategy<Value = String> {
        // Letters and the characters that matter to YAML, in any order.
        "[a-zA-Z0-9 '\":#&*!|>%@`,?\\[\\]{}\\-~.\n\t\\\\您好😀\u{a0}]{0,24}"
    }

    prop_compose! {
        fn any_turn()(
            step in "[a-z\\-]{1,8}",
            speaker in any_text(),
            said in any_text(),
            interjection in proptest::option::of(any_text()),
            reply in any_text(),
            latency in proptest::option::of(0u64..100_000),
            before in 0u8..=10,
            after in 0u8..=10,
        ) -> Turn {
            Turn {
                step,
                customer: vec![Line { speaker, text: said, interjection }],
                reply,
                latency_ms: latency,
                mood_before: before,
                mood_after: after,
            }
        }
    }

    prop_compose! {
        fn any_transcript()(
            trainee in any_text(),
            seed in any::<u64>(),
            finished in proptest::option::of(any_text()),
            turns in proptest::collection::vec(any_turn(), 0..4),
        ) -> Transcript {
            Transcript { trainee, seed, finished, turns, ..transcript(&[]) }
        }
    }

    proptest! {
        #[test]
        fn whatever_it_reads_serde_yaml_reads_the_same(written in any_transcript()) {
            let text = serde_yaml::to_string(&written).unwrap();
            if let Some(fast) = from_str::<Transcript>(&text) {
                prop_assert_eq!(&fast, &written);
            }
        }

        #[test]
        fn hand_edits_are_read_the_same_or_declined(
            written in any_transcript(),
            edits in proptest::collection::vec(
                (any::<prop::sample::Index>(), "[ \n\t:#'\"\\-|>a-z0-9]{0,3}", 0usize..3),
                1..4,
            ),
        ) {
            let mut text = serde_yaml::to_string(&written).unwrap();
            for (at, insert, delete) in edits {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + delete).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, &insert);
            }
            if let Some(fast) = from_str::<Transcript>(&text) {
                prop_assert_eq!(Some(fast), general(&text), "text:\n{}", text);
            }
        }
    }
}
