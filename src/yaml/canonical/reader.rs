//! The line reader: block mappings and sequences, plain, quoted and literal scalars,
//! parsed in one pass over the lines into a borrowed [`Node`] tree. Anything else in the
//! text (comments, anchors, flow collections, folded or multi-line scalars) makes it
//! decline with `None`.

use std::borrow::Cow;

use super::Node;

/// The tree of `text`, when all of it is a block mapping in the subset this reader takes.
pub(super) fn read(text: &str) -> Option<Node<'_>> {
    let mut reader = Reader { text, pos: 0 };
    let root = reader.mapping(0)?;
    if reader.pos < text.len() {
        return None;
    }
    Some(root)
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
