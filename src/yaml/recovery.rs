//! Going on after a typed-parse error, so `check` reports every mistake in a file at once.
//!
//! serde_yaml stops at the first error. To find the next, the entry that caused it (a
//! `key: value` pair, or a list item) is blanked out with spaces and the text parsed
//! again. Blanking keeps every byte offset, so later errors still point at the trainer's
//! own text. Removing an entry can itself cause an error (a required key now missing):
//! that one is the echo of an error already reported and is never shown.

use yaml_rust2::parser::{Event, Parser};

/// Where each mapping entry and list item of a document starts and ends (byte offsets),
/// in document order. Only computed for text that is known to be well-formed YAML.
pub fn entries(text: &str) -> Vec<Entry> {
    let offsets = CharOffsets::new(text);
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut depth_guard = 0usize;
    while let Ok((event, mark)) = parser.next_token() {
        let at = offsets.byte(mark.index());
        match event {
            Event::StreamEnd => break,
            Event::Scalar(..) | Event::Alias(_) => {
                let is_key = begin_node(&mut stack, &mut found, text, at);
                if !is_key {
                    end_value(&mut stack);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth_guard += 1;
                if depth_guard > 128 {
                    break;
                }
                begin_node(&mut stack, &mut found, text, at);
                stack.push(Frame {
                    mapping: matches!(event, Event::MappingStart(..)),
                    expecting_key: true,
                    open: None,
                    pending: false,
                    before: None,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth_guard = depth_guard.saturating_sub(1);
                if let Some(frame) = stack.pop() {
                    if let Some(open) = frame.open {
                        found[open].end = at.max(found[open].start);
                    }
                }
                end_value(&mut stack);
            }
            _ => {}
        }
    }
    // Whatever is still open (an unterminated document) runs to the end.
    for entry in &mut found {
        if entry.end < entry.start {
            entry.end = text.len();
        }
    }
    found
}

/// One `key: value` pair or list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// First byte (a list item's dash, or a key's first character).
    pub start: usize,
    /// One past the last byte: where the next sibling, or the parent's end, begins.
    pub end: usize,
    /// The entry is a `key: value` pair (else a list item).
    pub keyed: bool,
}

struct Frame {
    mapping: bool,
    expecting_key: bool,
    /// Index in `found` of the entry being read.
    open: Option<usize>,
    /// A list item that is a block mapping: its start is its first key.
    pending: bool,
    /// Index in `found` of the sibling before `open`, whose end follows `open`'s start.
    before: Option<usize>,
}

/// Registers a node with its parent; returns whether it is a mapping key.
fn begin_node(stack: &mut [Frame], found: &mut Vec<Entry>, text: &str, at: usize) -> bool {
    // A block mapping inside a list item starts at its first key: fix the item's start.
    let depth = stack.len();
    if depth >= 2 && stack[depth - 1].mapping && stack[depth - 1].expecting_key {
        let parent = &mut stack[depth - 2];
        if parent.pending {
            parent.pending = false;
            if let Some(open) = parent.open {
                let start = back_to_dash(text, at);
                found[open].start = start;
                if let Some(before) = parent.before {
                    found[before].end = start.max(found[before].start);
                }
            }
        }
    }
    let Some(frame) = stack.last_mut() else {
        return false;
    };
    if frame.mapping && !frame.expecting_key {
        return false;
    }
    let start = if frame.mapping {
        at
    } else {
        back_to_dash(text, at)
    };
    if let Some(open) = frame.open {
        found[open].end = start.max(found[open].start);
    }
    frame.before = frame.open;
    found.push(Entry {
        start,
        end: usize::MAX,
        keyed: frame.mapping,
    });
    frame.open = Some(found.len() - 1);
    // A flow mapping (`{`) starts where its mark is; a block one at its first key.
    frame.pending = !frame.mapping && !matches!(text.as_bytes().get(at), Some(b'{' | b'['));
    if frame.mapping {
        frame.expecting_key = false;
        return true;
    }
    false
}

/// A value has been read completely: its mapping expects a key next.
fn end_value(stack: &mut [Frame]) {
    if let Some(frame) = stack.last_mut() {
        if frame.mapping {
            frame.expecting_key = true;
        } else {
            frame.pending = false;
        }
    }
}

/// A block list item starts at its dash: step back over spaces to a `-` if there is one.
fn back_to_dash(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at.min(bytes.len());
    while i > 0 && bytes[i - 1] == b' ' {
        i -= 1;
    }
    if i > 0 && bytes[i - 1] == b'-' {
        i - 1
    } else {
        at
    }
}

/// yaml-rust2 counts positions in characters; the text is indexed in bytes.
struct CharOffsets {
    bytes: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharOffsets { bytes }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.bytes
            .get(char_index)
            .copied()
            .unwrap_or_else(|| *self.bytes.last().expect("holds the end"))
    }
}

/// The innermost entry holding byte `at`, if any.
pub fn innermost(entries: &[Entry], at: usize) -> Option<Entry> {
    entries
        .iter()
        .filter(|e| e.start <= at && at < e.end.max(e.start + 1))
        .min_by_key(|e| e.end - e.start)
        .copied()
}

/// The text with `entry` replaced by spaces (line breaks kept, so lines stay numbered).
pub fn blank(text: &str, entry: Entry) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for byte in &mut bytes[entry.start..entry.end.min(text.len())] {
        if *byte != b'\n' && *byte != b'\r' {
            *byte = b' ';
        }
    }
    // Multi-byte characters are blanked byte by byte, so the result is still UTF-8.
    String::from_utf8(bytes).expect("ASCII spaces over whole characters")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        entries(text)
            .iter()
            .map(|e| &text[e.start..e.end])
            .collect()
    }

    #[test]
    fn block_entries_run_to_the_next_sibling() {
        let text = "a: 1\nb:\n  - x\n  - y: 2\n    z: 3\nc: 4\n";
        assert_eq!(
            texts(text),
            [
                "a: 1\n",
                "b:\n  - x\n  - y: 2\n    z: 3\n",
                "- x\n  ",
                "- y: 2\n    z: 3\n",
                "y: 2\n    ",
                "z: 3\n",
                "c: 4\n"
            ]
        );
    }

    #[test]
    fn flow_entries_and_blanking() {
        let text = "f: { hit: a, oops: 1 }\nl: [a, {x: 1}]\n";
        let found = entries(text);
        let at = text.find("oops").unwrap();
        let entry = innermost(&found, at).unwrap();
        assert_eq!(
            blank(text, entry),
            "f: { hit: a,         }\nl: [a, {x: 1}]\n"
        );
        let at = text.find("{x").unwrap();
        let entry = innermost(&found, at).unwrap();
        assert!(!entry.keyed);
        assert_eq!(
            blank(text, entry),
            "f: { hit: a, oops: 1 }\nl: [a,       ]\n"
        );
    }
}
