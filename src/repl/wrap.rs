//! Fitting what the REPL prints to the terminal's width. Lines break where the Unicode
//! line-breaking rules allow (UAX #14, through textwrap): between words, between any two
//! Chinese characters but never before closing punctuation such as ，。！？」）. Widths are
//! display columns (a CJK character takes two) and colour codes take none. Wrapping only
//! moves line breaks: it never changes, drops or reorders a word.

use std::borrow::Cow;

use textwrap::core::display_width;
use textwrap::{Options, WordSeparator, WordSplitter};

/// The width to wrap to: the terminal's columns when standard output is one, else `None`
/// (pipes, files, tests), where text is printed as it is, so what a script reads back is
/// what was said and pagers or editors can wrap it their own way.
pub fn terminal_width() -> Option<usize> {
    let (terminal_size::Width(columns), _) = terminal_size::terminal_size_of(std::io::stdout())?;
    (columns > 0).then_some(usize::from(columns))
}

/// `text` wrapped to the terminal (see [`wrap`]), or as it is when there is none.
pub fn fit(text: &str) -> Cow<'_, str> {
    match terminal_width() {
        Some(width) => Cow::Owned(wrap(text, width)),
        None => Cow::Borrowed(text),
    }
}

/// `label text` wrapped to the terminal (see [`wrap_labelled`]).
pub fn fit_labelled(label: &str, text: &str) -> String {
    match terminal_width() {
        Some(width) => wrap_labelled(label, text, width),
        None => format!("{label} {text}"),
    }
}

/// `text` followed by spaces up to `columns` display columns (a Chinese character takes
/// two), for the columns of `/help`.
pub fn pad(text: &str, columns: usize) -> String {
    let width = display_width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

/// Prose written in a file (a scenario's brief) wrapped to the terminal: the author's own
/// line breaks are joined first (see [`reflow`]); as it is when there is no terminal.
pub fn fit_prose(text: &str) -> Cow<'_, str> {
    match terminal_width() {
        Some(width) => Cow::Owned(wrap(&reflow(text), width)),
        None => Cow::Borrowed(text),
    }
}

/// `text` broken into lines of at most `width` columns, each of its own lines on its own.
/// A line's continuations are indented like the line, and past its leading markers
/// (`✓`, `→`, `-`, `+1`, `2.`, `✓  100%`: short words without letters), so that lists
/// read as lists. A word longer than a whole line is broken wherever it must be.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let hang = indent.len() + marker_width(body);
        out.extend(wrap_line(indent, body, hang, width));
    }
    out.join("\n")
}

/// `label` and `text` on one line (`Dana: I ordered it weeks ago…`), every later line,
/// whether wrapped or the text's own (an email), indented to start under the text.
pub fn wrap_labelled(label: &str, text: &str, width: usize) -> String {
    let first = format!("{label} ");
    let hang = display_width(&first);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let lead = if i == 0 {
            first.clone()
        } else {
            " ".repeat(hang.min(width / 2))
        };
        out.extend(wrap_line(&lead, line.trim_start_matches(' '), hang, width));
    }
    out.join("\n")
}

/// Hard-wrapped prose as one line per paragraph: a line break inside a paragraph becomes
/// a space (nothing between Chinese characters, which take no spaces); blank lines, and
/// lines that start a list item (`- `, `* `, `1. `), keep theirs.
pub fn reflow(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut joinable = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        let body = line.trim_start();
        match lines.last_mut() {
            Some(last) if joinable && !body.is_empty() && !starts_list_item(body) => {
                if is_wide(last.chars().next_back()) || is_wide(body.chars().next()) {
                    last.push_str(body);
                } else {
                    last.push(' ');
                    last.push_str(body);
                }
            }
            _ => lines.push(line.to_string()),
        }
        joinable = !body.is_empty();
    }
    lines.join("\n")
}

/// One line of text after `lead` (its indent or label), continued `hang` columns in.
/// The hang gives way to the text when the terminal is narrow: at most half the width.
fn wrap_line(lead: &str, body: &str, hang: usize, width: usize) -> Vec<String> {
    if body.is_empty() {
        return vec![lead.trim_end().to_string()];
    }
    let hang = " ".repeat(hang.min(width / 2));
    let options = Options::new(width)
        .initial_indent(lead)
        .subsequent_indent(&hang)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        // Break at spaces and where UAX #14 allows, not inside "3-5" or "late-delivery".
        .word_splitter(WordSplitter::NoHyphenation);
    // A label wider than the line stands alone on the first; no trailing space after it.
    textwrap::wrap(body, &options)
        .into_iter()
        .map(|line| line.trim_end().to_string())
        .collect()
}

/// The columns taken by a line's leading markers and the spaces after them, or 0: the
/// words before the first one with a letter, when they are short and text follows.
fn marker_width(body: &str) -> usize {
    let plain = anstream::adapter::strip_str(body).to_string();
    // Where the word being looked at starts, and whether a marker came before it.
    let mut start = 0;
    let mut marked = false;
    for word in plain.split(' ') {
        if word.chars().any(char::is_alphabetic) {
            let width = display_width(&plain[..start]);
            return if marked && width <= 12 { width } else { 0 };
        }
        marked |= !word.is_empty();
        start += word.len() + 1;
    }
    0
}

fn starts_list_item(line: &str) -> bool {
    let numbered = line.trim_start_matches(|c: char| c.is_ascii_digit());
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("• ")
        || (numbered.len() < line.len() && numbered.starts_with(". "))
}

/// Whether a character takes two columns (Chinese, Japanese, full-width forms).
fn is_wide(c: Option<char>) -> bool {
    c.is_some_and(|c| display_width(c.encode_utf8(&mut [0; 4])) > 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use colored::Colorize;

    /// Every line's width, in columns.
    fn widths(text: &str) -> Vec<usize> {
        text.split('\n').map(display_width).collect()
    }

    /// The words of a wrapped English text, whatever the breaks.
    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    const DANA: &str = "I ordered a standing desk two weeks ago, the tracking page has not \
        moved for five days and nobody answers the phone.";

    #[test]
    fn english_breaks_between_words_at_each_width() {
        for width in [20, 40, 80] {
            let wrapped = wrap(DANA, width);
            assert!(widths(&wrapped).iter().all(|&w| w <= width), "{wrapped}");
            assert_eq!(words(&wrapped), words(DANA), "no word split or lost");
        }
        assert_eq!(
            wrap(DANA, 40),
            "I ordered a standing desk two weeks ago,\n\
             the tracking page has not moved for five\n\
             days and nobody answers the phone."
        );
        assert_eq!(wrap(DANA, 200), DANA);
        // Hyphenated words and figures stay whole.
        assert_eq!(
            wrap("refunds reach the card in 3-5 working days", 28),
            "refunds reach the card in\n3-5 working days"
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_where_it_must_be() {
        let url = "https://maple-and-moss.example.com/returns/2024/refund-status";
        let wrapped = wrap(&format!("See {url} for updates."), 20);
        assert!(widths(&wrapped).iter().all(|&w| w <= 20), "{wrapped}");
        assert_eq!(words(&wrapped).concat(), format!("See{url}forupdates."));
        // Where UAX #14 allows (after a slash), else anywhere.
        assert!(wrapped.starts_with("See https://\n"), "{wrapped}");
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_closing_punctuation() {
        let text = "你好，我的空调上周刚修过，现在还是不制冷！你们到底什么时候派人来？「高级工程师」（明天）能到吗？";
        for width in [20, 40, 80] {
            let wrapped = wrap(text, width);
            assert!(widths(&wrapped).iter().all(|&w| w <= width), "{wrapped}");
            assert_eq!(wrapped.replace('\n', ""), text, "nothing added or lost");
            for line in wrapped.split('\n').skip(1) {
                let first = line.chars().next().unwrap();
                assert!(
                    !"，。！？；：」）".contains(first),
                    "a line starts with {first}:\n{wrapped}"
                );
            }
        }
        // Each character is two columns: ten to a line of 20.
        assert_eq!(
            wrap("一二三四五六七八九十一二", 20),
            "一二三四五六七八九十\n一二"
        );
        // Closing punctuation stays with the character before it.
        assert_eq!(
            wrap("一二三四五六七八九十。", 20),
            "一二三四五六七八九\n十。"
        );
    }

    #[test]
    fn colour_codes_take_no_columns_and_survive() {
        colored::control::set_override(true);
        let plain = format!("Dana: {DANA}");
        let coloured = format!("{} {}", "Dana:".cyan().bold(), DANA.red());
        colored::control::unset_override();
        for width in [20, 40, 80] {
            let wrapped = wrap(&coloured, width);
            let stripped = anstream::adapter::strip_str(&wrapped).to_string();
            assert_eq!(stripped, wrap(&plain, width), "same breaks as uncoloured");
            assert!(widths(&wrapped).iter().all(|&w| w <= width));
        }
        assert!(wrap(&coloured, 40).contains("\u{1b}[0m"), "codes kept");
    }

    #[test]
    fn a_speaker_line_continues_under_its_text() {
        assert_eq!(
            wrap_labelled("Dana:", DANA, 40),
            "Dana: I ordered a standing desk two\n      \
             weeks ago, the tracking page has\n      \
             not moved for five days and nobody\n      \
             answers the phone."
        );
        // An email's own lines (blank ones too) stay, under the text.
        assert_eq!(
            wrap_labelled("you:", "Hi Chloe,\n\nSorry for the wait.\nSam", 40),
            "you: Hi Chloe,\n\n     Sorry for the wait.\n     Sam"
        );
        // Chinese speaker and text.
        assert_eq!(
            wrap_labelled("陈女士:", "空调还是不制冷，你们什么时候派人来？", 20),
            "陈女士: 空调还是不制\n        冷，你们什么\n        时候派人来？"
        );
        // A long label on a narrow terminal leaves the text at least half the width.
        let narrow = wrap_labelled("Mrs Okafor-Williams (queue):", "Excuse me, how long?", 20);
        assert!(widths(&narrow).iter().all(|&w| w <= 28), "{narrow}");
        assert!(narrow.lines().skip(1).all(|l| l.starts_with("          ")));
    }

    #[test]
    fn coaching_markers_and_numbers_hang() {
        assert_eq!(
            wrap(
                "  → Say what you will do and by when. Try: \"I'll book it today.\"",
                30
            ),
            "  → Say what you will do and\n    by when. Try: \"I'll book\n    it today.\""
        );
        assert_eq!(
            wrap("    +1 Dana: waited 55 seconds for a reply", 26),
            "    +1 Dana: waited 55\n       seconds for a reply"
        );
        assert_eq!(
            wrap("  1. Closing: offer more help, then say goodbye", 27),
            "  1. Closing: offer more\n     help, then say goodbye"
        );
        assert_eq!(
            wrap(
                "✓  100% Identity before account details (account.verification)",
                44
            ),
            "✓  100% Identity before account details\n        (account.verification)"
        );
        // Words are not markers: a plain paragraph continues flush.
        assert_eq!(wrap("(upset 6 → 5: calmer)", 13), "(upset 6 → 5:\ncalmer)");
        // Blank lines and a final newline stay.
        assert_eq!(wrap("a\n\nb\n", 10), "a\n\nb\n");
    }

    #[test]
    fn reflow_joins_an_authors_line_breaks_within_paragraphs() {
        assert_eq!(
            reflow("You work on the phone line. Dana ordered a desk\n(order 123) last week.\n"),
            "You work on the phone line. Dana ordered a desk (order 123) last week.\n"
        );
        assert_eq!(
            reflow("你是客服。她非常生气。\n可以安排上门。\n"),
            "你是客服。她非常生气。可以安排上门。\n"
        );
        assert_eq!(
            reflow("One.\n\nTwo\nlines.\n- a list\n- of items\n2. numbered"),
            "One.\n\nTwo lines.\n- a list\n- of items\n2. numbered"
        );
    }
}
