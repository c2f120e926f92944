//! The lines around a diagnostic's span, cut to a width people can read, for miette to
//! draw. miette pads with Rust's format width, which stops at 65,535: a caret further
//! right than that (one long line, as in a minified file) panicked. A long line is shown as
//! a window around the span with `…` where it was cut; line numbers stay the file's.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span};

/// Lines of context drawn before and after the span's line (the renderer is told so).
pub const CONTEXT_LINES: usize = 1;

/// Characters of a line shown at most.
const WIDTH: usize = 80;

/// Characters shown before the span when a line is cut.
const LEAD: usize = 30;

/// What is cut off either end of a long line.
const ELLIPSIS: &str = "…";

/// A few lines of a file, each at most [`WIDTH`] characters, with the span moved into them.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// 0-based line of the file where `text` starts.
    first_line: usize,
    /// 0-based column (in characters) of the span in the file.
    column: usize,
    /// The span as an offset and length in `text`.
    span: (usize, usize),
}

impl Excerpt {
    /// The lines of `file` around `span`.
    pub fn new(file: &SourceFile, span: Span) -> Excerpt {
        let (line, column) = file.line_col(span.start);
        let first = line.saturating_sub(CONTEXT_LINES).max(1);
        let last = (line + CONTEXT_LINES).min(file.line_count().max(line));
        let empty = 0..0;
        let span_line = file.line_range(line).unwrap_or(empty);
        let span_chars = file.text[span_line.clone()].chars().count();
        // One window of columns for every line, so the lines stay aligned.
        let skip = (column - 1)
            .saturating_sub(LEAD)
            .min(span_chars.saturating_sub(WIDTH));
        let mut text = String::new();
        let mut verbatim = skip == 0;
        let mut window_start = 0;
        let mut window_end = 0;
        for number in first..=last {
            let Some(range) = file.line_range(number) else {
                break;
            };
            let content = &file.text[range.clone()];
            let (from, to) = char_window(content, skip);
            if from > 0 {
                text.push_str(ELLIPSIS);
            }
            if number == line {
                window_start =
                    text.len() + (span.start.max(range.start + from) - range.start - from);
                window_end = range.start + to;
            }
            text.push_str(&content[from..to]);
            if to < content.len() {
                text.push_str(ELLIPSIS);
                verbatim = false;
            }
            // The line break as written (`\n` or `\r\n`), so miette splits lines as before;
            // a lone `\r` becomes `\n` (the same length, so offsets hold), since miette's
            // drawing would show it inside the line.
            let next = file
                .line_range(number + 1)
                .map_or(file.text.len(), |r| r.start);
            match &file.text[range.end..next.max(range.end)] {
                "\r" => text.push('\n'),
                line_break => text.push_str(line_break),
            }
        }
        // A span running past the window is cut at its edge; in a file shown verbatim it
        // may go on to the following lines, as it does in the file.
        let end = if verbatim {
            span.end.min(span.start + (text.len() - window_start))
        } else {
            span.end.min(window_end)
        };
        Excerpt {
            name: file.name.clone(),
            text,
            first_line: first - 1,
            column: column - 1,
            span: (window_start, end.saturating_sub(span.start)),
        }
    }

    /// Where the span is in the excerpt: offset and length.
    pub fn span(&self) -> (usize, usize) {
        self.span
    }
}

/// The byte range of `line` shown: from character `skip`, at most [`WIDTH`] characters.
fn char_window(line: &str, skip: usize) -> (usize, usize) {
    let mut boundaries = line.char_indices().map(|(at, _)| at).skip(skip);
    let from = boundaries.next().unwrap_or(line.len());
    let to = boundaries.nth(WIDTH - 1).unwrap_or(line.len());
    (from, to)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let line = self.first_line + inner.line();
        // miette heads the snippet with the span's line and column: the file's, counted in
        // characters like every other location rehearse shows.
        let column = if span.offset() == self.span.0 {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    fn excerpt(text: &str, start: usize, end: usize) -> (Excerpt, String) {
        let file = SourceFile::new("t.yaml", Origin::BuiltIn, text);
        let excerpt = Excerpt::new(&file, Span::new(start, end));
        let (at, len) = excerpt.span();
        let spanned = excerpt.text[at..at + len].to_string();
        (excerpt, spanned)
    }

    #[test]
    fn short_lines_are_kept_as_they_are() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let (e, spanned) = excerpt(text, 10, 11);
        assert_eq!(e.text, "b: 2\nc: 3\nd: 4\n");
        assert_eq!(e.first_line, 1);
        assert_eq!(spanned, "c");
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!(
            "x: {}TARGET{}\nnext\n",
            "a".repeat(100_000),
            "b".repeat(500)
        );
        let start = text.find("TARGET").unwrap();
        let (e, spanned) = excerpt(&text, start, start + 6);
        assert_eq!(spanned, "TARGET");
        assert_eq!(e.column, start);
        let first = e.text.lines().next().unwrap();
        assert_eq!(first.chars().count(), WIDTH + 2, "{first}");
        assert!(first.starts_with('…') && first.ends_with('…'), "{first}");
        // The next line is shown through the same window: all of it is to the left.
        assert_eq!(e.text.lines().nth(1), Some("…"));
    }

    #[test]
    fn old_mac_line_breaks_are_drawn_as_line_breaks() {
        let text = "a: 1\rb: 2\rc: 3\rd: 4\r";
        let (e, spanned) = excerpt(text, 10, 11);
        assert_eq!(e.text, "b: 2\nc: 3\nd: 4\n");
        assert_eq!(e.first_line, 1);
        assert_eq!(spanned, "c");
    }

    #[test]
    fn a_span_past_the_window_is_cut_at_its_edge() {
        let text = format!("{}\n", "z".repeat(1_000));
        let (_, spanned) = excerpt(&text, 0, 900);
        assert_eq!(spanned, "z".repeat(WIDTH));
    }
}
