//! Source files as read from disk or compiled into the binary.
//!
//! Every diagnostic points into one of these, so the text is kept whole and shared; spans are
//! byte offsets into it and are turned into line:column only when shown. A line ends at
//! `\r\n`, `\n` or a lone `\r` (old Mac files), as YAML says and as the YAML parsers count,
//! so their line numbers and ours agree.

use std::path::PathBuf;
use std::sync::Arc;

/// Where a file came from: compiled into the binary or read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary (`scenarios/` and `rubrics/` of this crate).
    BuiltIn,
    /// Read from this path.
    Disk(PathBuf),
}

/// One file's name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics: the path as given, or `built-in:scenarios/x.yaml`.
    pub name: String,
    /// Where the file came from.
    pub origin: Origin,
    /// The whole text.
    pub text: Arc<str>,
    /// Where each line starts, found on first use: the YAML loader locates every node, so
    /// a line must be found without reading the file from the top each time.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A source file from a name, an origin and text.
    pub fn new(name: impl Into<String>, origin: Origin, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            origin,
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Byte offset of a 1-based line and column (columns count characters).
    /// Positions past the end clamp to the end, so a stale location never panics.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = line.checked_sub(1).and_then(|index| starts.get(index)) else {
            return self.text.len();
        };
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        let text_line = &self.text[start..end];
        let within = text_line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map(|(byte, _)| byte)
            .unwrap_or(without_line_break(text_line).len());
        start + within
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let starts = self.line_starts();
        // The last line starting at or before the offset (the first always starts at 0).
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let column = self.text[starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }

    /// The byte range of a 1-based line, without its line break; `None` past the end.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let starts = self.line_starts();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        Some(start..start + without_line_break(&self.text[start..end]).len())
    }

    /// How many lines the text has: a final line break does not start another.
    pub fn line_count(&self) -> usize {
        let starts = self.line_starts();
        match starts.last() {
            Some(&last) if last == self.text.len() && starts.len() > 1 => starts.len() - 1,
            _ => starts.len(),
        }
    }

    /// Byte offset where each line starts: 0, then after each line break (`\r\n`, `\n`
    /// or a lone `\r`).
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = vec![0];
            for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                // The `\r` of `\r\n` ends nothing: its `\n` does.
                if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    continue;
                }
                starts.push(at + 1);
            }
            starts
        })
    }
}

/// A line without its line break (`\r\n`, `\n` or `\r`), if it has one.
fn without_line_break(line: &str) -> &str {
    line.strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .or_else(|| line.strip_suffix('\r'))
        .unwrap_or(line)
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte range in a source text or a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yaml", Origin::BuiltIn, text)
    }

    #[test]
    fn line_col_round_trips() {
        let f = file("a: 1\nbé: 2\nc: 3\n");
        let offset = f.offset_of(2, 3);
        assert_eq!(&f.text[offset..offset + 1], ":");
        assert_eq!(f.line_col(offset), (2, 3));
    }

    /// The text's lines, each with its line break, found the slow way: character by
    /// character, a line ending at `\r\n`, `\n` or a lone `\r`.
    fn lines_by_reading(text: &str) -> Vec<&str> {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let end = match c {
                '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => at + 2,
                '\r' | '\n' => at + 1,
                _ => continue,
            };
            if end == at + 2 {
                chars.next();
            }
            lines.push(&text[start..end]);
            start = end;
        }
        lines.push(&text[start..]);
        lines
    }

    /// Line and column the slow way, as a reference.
    fn line_col_by_reading(text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let lines = lines_by_reading(text);
        let mut line_start = 0;
        for (index, text_line) in lines.iter().enumerate() {
            let line_end = line_start + text_line.len();
            // The last line (after the last break, maybe empty) holds the end of the text.
            if offset < line_end || index + 1 == lines.len() {
                return (index + 1, text[line_start..offset].chars().count() + 1);
            }
            line_start = line_end;
        }
        unreachable!("there is always a last line")
    }

    /// Offset of a line and column the slow way, as a reference.
    fn offset_by_reading(text: &str, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for (index, text_line) in lines_by_reading(text).into_iter().enumerate() {
            if index + 1 == line {
                return offset
                    + text_line
                        .char_indices()
                        .nth(column.saturating_sub(1))
                        .map(|(byte, _)| byte)
                        .unwrap_or(without_line_break(text_line).len());
            }
            offset += text_line.len();
        }
        text.len()
    }

    proptest::proptest! {
        #[test]
        fn positions_match_reading_the_text(text in "(a|é|\n|\r| ){0,20}", line in 0usize..8, column in 0usize..8, offset in 0usize..30) {
            let f = file(&text);
            proptest::prop_assert_eq!(f.line_col(offset), line_col_by_reading(&text, offset));
            let at = f.offset_of(line, column);
            proptest::prop_assert_eq!(at, offset_by_reading(&text, line, column));
            // A position inside the text comes back to where it was.
            let (l, c) = f.line_col(at);
            if at < text.len() && !matches!(text.as_bytes()[at], b'\n' | b'\r') {
                proptest::prop_assert_eq!(f.offset_of(l, c), at);
            }
            // A line's range is its text without the break.
            for (index, text_line) in lines_by_reading(&text).into_iter().enumerate() {
                let range = f.line_range(index + 1).expect("a line of the text");
                proptest::prop_assert_eq!(&text[range], without_line_break(text_line));
            }
        }
    }

    #[test]
    fn every_kind_of_line_break_ends_a_line() {
        for text in ["a\nb\nc", "a\r\nb\r\nc", "a\rb\rc", "a\rb\r\nc"] {
            let f = file(text);
            assert_eq!(f.line_count(), 3, "{text:?}");
            assert_eq!(f.line_col(text.find('c').unwrap()), (3, 1), "{text:?}");
            assert_eq!(&f.text[f.line_range(2).unwrap()], "b", "{text:?}");
            assert_eq!(f.offset_of(2, 9), text.find('b').unwrap() + 1, "{text:?}");
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let f = file("a: 1\n");
        assert_eq!(f.offset_of(9, 9), 5);
        assert_eq!(f.line_col(99), (2, 1));
    }
}

/// Files larger than this are refused before they are read: no scenario, rubric or
/// transcript written by a person comes near it, and refusing early keeps memory flat.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// Path as given.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is over [`MAX_FILE_BYTES`].
    #[error(
        "{path} is {size} bytes, over the {limit}-byte limit for scenario, rubric and transcript files"
    )]
    TooLarge {
        /// Path.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Not UTF-8 text.
    #[error("{path}:{line}:{column}: the file is not UTF-8 text (bad byte at offset {offset})")]
    NotUtf8 {
        /// Path.
        path: String,
        /// Line of the bad byte.
        line: usize,
        /// Column of the bad byte.
        column: usize,
        /// Byte offset.
        offset: usize,
        /// The place, for a diagnostic to point at.
        at: BadByte,
    },
    /// Not a regular file: a folder, a named pipe, a device… Reading a pipe or a device
    /// can wait forever (or never end), so they are refused before being opened.
    #[error("{path} is {found}, not {expected}")]
    NotAFile {
        /// Path.
        path: String,
        /// What it is instead, e.g. "a named pipe (FIFO)".
        found: &'static str,
        /// "a file", or "a file or folder" where folders are searched.
        expected: &'static str,
    },
    /// UTF-16 or UTF-32 text, known by its byte-order mark.
    #[error("{path} is {encoding} text; rehearse reads UTF-8")]
    WideEncoding {
        /// Path.
        path: String,
        /// E.g. "UTF-16 (little-endian)".
        encoding: &'static str,
    },
    /// Contains a NUL byte, which no text file has: binary or damaged.
    #[error(
        "{path}:{line}:{column}: the file holds a NUL byte, so it is binary or damaged, not YAML text"
    )]
    Binary {
        /// Path.
        path: String,
        /// Line of the first NUL.
        line: usize,
        /// Column of the first NUL.
        column: usize,
        /// The place, for a diagnostic to point at.
        at: BadByte,
    },
}

/// Where a file that is not text goes wrong, for a diagnostic to show: the file up to the
/// end of that line as text (bad bytes as U+FFFD, a NUL as ␀) and the bad byte's span.
#[derive(Debug, Clone)]
pub struct BadByte {
    file: Arc<SourceFile>,
    span: Span,
}

impl BadByte {
    /// The place of the byte at `offset` in `bytes`, read as file `name`.
    fn new(name: &str, bytes: &[u8], offset: usize) -> BadByte {
        let line_end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |n| offset + n);
        let mut text = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        let start = text.len();
        text.push_str(&String::from_utf8_lossy(&bytes[offset..line_end]).replace('\0', "␀"));
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        let origin = Origin::Disk(PathBuf::from(name));
        BadByte {
            file: Arc::new(SourceFile::new(name, origin, text)),
            span: Span::new(start, end),
        }
    }

    /// 1-based line and column, in characters.
    fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.span.start)
    }
}

impl ReadError {
    /// Whether this is an I/O problem (exit status 2) rather than bad content (exit 1).
    pub fn is_io(&self) -> bool {
        matches!(self, ReadError::Io { .. } | ReadError::NotAFile { .. })
    }

    /// A diagnostic for reports that list problems per file.
    pub fn to_diagnostic(&self) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::Diagnostic;
        match self {
            ReadError::Io { .. } => Diagnostic::error("unreadable", self.to_string()),
            ReadError::TooLarge { .. } => Diagnostic::error("too-large", self.to_string())
                .with_help("split the content into several files"),
            ReadError::NotUtf8 { offset, at, .. } => Diagnostic::error(
                "not-utf8",
                format!("the file is not UTF-8 text (bad byte at offset {offset})"),
            )
            .at(&at.file, Some(at.span))
            .with_help("save the file as UTF-8 (most editors: File → Save with encoding)"),
            ReadError::WideEncoding { .. } => {
                Diagnostic::error("not-utf8", self.to_string())
                    .with_help("save the file as UTF-8 (most editors: File → Save with encoding)")
            }
            ReadError::NotAFile { found, .. } => {
                let help = if *found == FOLDER {
                    "give the path of a file in it"
                } else {
                    "rehearse reads regular files only (a pipe or device can keep it waiting forever); save the content to a file, or pipe it in and give `-` for standard input"
                };
                Diagnostic::error("not-a-file", self.to_string()).with_help(help)
            }
            ReadError::Binary { at, .. } => Diagnostic::error(
                "binary-file",
                "the file holds a NUL byte, so it is binary or damaged, not YAML text",
            )
            .at(&at.file, Some(at.span))
                .with_help("point rehearse at .yaml text files; if this one should be text, restore it or save it again"),
        }
    }
}

/// How [`ReadError::NotAFile`] names a folder.
const FOLDER: &str = "a folder";

/// Refuses a path that exists but is neither a regular file nor, where `folders` are
/// searched, a folder. Looks without opening: opening a named pipe waits for a writer.
/// A path that cannot be looked at passes; reading it reports why.
pub fn expect_file(path: &std::path::Path, folders: bool) -> Result<(), ReadError> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(());
    };
    let kind = metadata.file_type();
    if kind.is_file() || (folders && kind.is_dir()) {
        return Ok(());
    }
    Err(ReadError::NotAFile {
        path: path.display().to_string(),
        found: describe(&kind),
        expected: if folders {
            "a file or folder"
        } else {
            "a file"
        },
    })
}

/// What a file that is not a regular file is, in words.
fn describe(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        FOLDER
    } else {
        "a special file"
    }
}

/// The path that stands for standard input on the command line, by the usual convention.
pub const STDIN: &str = "-";

/// What standard input is called in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path given on the command line means standard input.
pub fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == STDIN
}

/// Reads a file from disk as text, refusing huge, binary and non-UTF-8 files, and
/// anything that is not a regular file. The path `-` reads standard input instead.
pub fn read_source(path: &std::path::Path) -> Result<SourceFile, ReadError> {
    read_source_up_to(path, MAX_FILE_BYTES)
}

/// [`read_source`] with a size limit of its own (labels sets run to tens of megabytes).
pub fn read_source_up_to(path: &std::path::Path, limit: u64) -> Result<SourceFile, ReadError> {
    if is_stdin(path) {
        let bytes = read_bounded(std::io::stdin().lock(), STDIN_NAME, 0, limit)?;
        let text = decode(STDIN_NAME, bytes)?;
        return Ok(SourceFile::new(
            STDIN_NAME,
            Origin::Disk(path.to_path_buf()),
            text,
        ));
    }
    let name = path.display().to_string();
    let io = |source| ReadError::Io {
        path: name.clone(),
        source,
    };
    expect_file(path, false)?;
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge {
            path: name,
            size,
            limit,
        });
    }
    let bytes = read_bounded(file, &name, size, limit)?;
    let text = decode(&name, bytes)?;
    Ok(SourceFile::new(
        name,
        Origin::Disk(path.to_path_buf()),
        text,
    ))
}

/// Reads at most `limit` bytes (a file can grow after its size was looked at, and
/// standard input has no size), with room reserved for the `expected` size.
fn read_bounded(
    reader: impl std::io::Read,
    name: &str,
    expected: u64,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Byte-order marks of encodings rehearse does not read, longest first (UTF-32's little-
/// endian mark starts with UTF-16's).
const WIDE_MARKS: [(&[u8], &str); 4] = [
    (&[0xFF, 0xFE, 0, 0], "UTF-32 (little-endian)"),
    (&[0, 0, 0xFE, 0xFF], "UTF-32 (big-endian)"),
    (&[0xFF, 0xFE], "UTF-16 (little-endian)"),
    (&[0xFE, 0xFF], "UTF-16 (big-endian)"),
];

/// UTF-8's byte-order mark, which some editors write at the start of a file.
const UTF8_MARK: &[u8] = &[0xEF, 0xBB, 0xBF];

/// A file's bytes as text. A UTF-8 byte-order mark is dropped: editors do not show it, so
/// columns count from the character after it. UTF-16 and UTF-32 are named as such; a NUL
/// byte anywhere, or bytes that are not UTF-8, are refused with their line and column.
fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some((_, encoding)) = WIDE_MARKS.iter().find(|(mark, _)| bytes.starts_with(mark)) {
        return Err(ReadError::WideEncoding {
            path: name.to_string(),
            encoding,
        });
    }
    let mark = if bytes.starts_with(UTF8_MARK) {
        bytes.drain(..UTF8_MARK.len());
        UTF8_MARK.len()
    } else {
        0
    };
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let at = BadByte::new(name, &bytes, offset);
        let (line, column) = at.line_col();
        return Err(ReadError::Binary {
            path: name.to_string(),
            line,
            column,
            at,
        });
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let at = BadByte::new(name, error.as_bytes(), offset);
        let (line, column) = at.line_col();
        ReadError::NotUtf8 {
            path: name.to_string(),
            line,
            column,
            // Where it is in the file as saved, mark included.
            offset: offset + mark,
            at,
        }
    })
}
