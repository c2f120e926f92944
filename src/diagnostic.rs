//! Problems found in a trainer's files, as data.
//!
//! Loading and validation collect [`Diagnostic`]s; only the front end decides how to show
//! them ([`Diagnostic::render`] for people, [`Diagnostic::to_json`] for tools). A diagnostic
//! never aborts loading by itself: a file reports all it can in one run.

mod excerpt;

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde::Serialize;

use crate::source::{SourceFile, Span};
use excerpt::Excerpt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context for another problem, reported where that problem is; never fails a check.
    Note,
    /// Worth a look; the file still loads.
    Warning,
    /// The file cannot be used as written.
    Error,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name for the kind of problem, e.g. `unknown-key`.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file it is in, when there is one.
    pub file: Option<Arc<SourceFile>>,
    /// Where in the file; `None` when it is about the file as a whole.
    pub span: Option<Span>,
    /// Text shown under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a code and message, not yet placed in a file.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
        }
    }

    /// A warning with a code and message, not yet placed in a file.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// A note with a code and message, not yet placed in a file.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    /// Whether this is a warning (not an error or a note).
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// Places the diagnostic in a file at a span.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Option<Span>) -> Self {
        self.file = Some(Arc::clone(file));
        self.span = span;
        self
    }

    /// Adds the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds advice.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `X`?" when `word` is close to one of `known`, else `otherwise`.
    pub fn suggest<'a>(
        self,
        word: &str,
        known: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        match did_you_mean(word, known) {
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self.with_help(otherwise),
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file name, or nothing.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match self.span {
            Some(span) => {
                let (line, column) = file.line_col(span.start);
                format!("{}:{}:{}", file.name, line, column)
            }
            None => file.name.clone(),
        })
    }

    /// A multi-line rendering for people: a headline with file:line:col, then the
    /// offending line with a caret (via miette), then the help.
    pub fn render(&self, color: bool) -> String {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let headline = match self.location() {
            Some(location) => format!("{word}[{}]: {location}: {}", self.code, self.message),
            None => format!("{word}[{}]: {}", self.code, self.message),
        };
        let headline = if color {
            use colored::Colorize;
            match self.severity {
                Severity::Error => headline.red().bold().to_string(),
                Severity::Warning => headline.yellow().bold().to_string(),
                Severity::Note => headline.cyan().to_string(),
            }
        } else {
            headline
        };
        let mut out = headline;
        out.push('\n');
        if let (Some(file), Some(span)) = (&self.file, self.span) {
            let theme = if color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let handler = GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(false)
                .with_context_lines(excerpt::CONTEXT_LINES);
            let source = Excerpt::new(file, span);
            let snippet = Snippet {
                message: self.message.clone(),
                span: LabeledSpan::new_primary_with_span(self.label.clone(), source.span()),
                source,
                severity: self.severity,
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &snippet).is_ok() {
                // miette repeats the message as its own headline; keep only the snippet,
                // which opens with the `╭─[file:line:col]` rule (a message may hold `[`).
                let body: Vec<&str> = rendered
                    .lines()
                    .skip_while(|l| !l.trim_start().starts_with('╭'))
                    .collect();
                for line in body {
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
        if let Some(help) = &self.help {
            out.push_str("  help: ");
            out.push_str(help);
            out.push('\n');
        }
        out
    }

    /// A JSON object for tools: severity, code, file, line, column, message, label, help.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let (line, column) = file.line_col(span.start);
                (Some(line), Some(column))
            }
            _ => (None, None),
        };
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "file": self.file.as_ref().map(|f| f.name.clone()),
            "line": line,
            "column": column,
            "message": self.message,
            "label": self.label,
            "help": self.help,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// The miette view of a diagnostic: just enough to draw the snippet.
#[derive(Debug)]
struct Snippet {
    message: String,
    source: Excerpt,
    span: LabeledSpan,
    severity: Severity,
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.span.clone())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
}

/// Picks the closest of `known` to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(word, candidate);
        if score >= 0.8 && best.is_none_or(|(_, b)| score > b) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("phrses", ["phrases", "scope"]),
            Some("phrases")
        );
        assert_eq!(did_you_mean("zzz", ["phrases", "scope"]), None);
    }

    #[test]
    fn renders_location_and_caret() {
        let file = Arc::new(SourceFile::new(
            "x.yaml",
            Origin::BuiltIn,
            "a: 1\nphrses: 2\n",
        ));
        let d = Diagnostic::error("unknown-key", "unknown key `phrses`")
            .at(&file, Some(Span::new(5, 11)))
            .with_label("here")
            .with_help("did you mean `phrases`?");
        let text = d.render(false);
        assert!(
            text.starts_with("error[unknown-key]: x.yaml:2:1: unknown key `phrses`\n"),
            "{text}"
        );
        assert!(text.contains("phrses: 2"), "{text}");
        assert!(text.contains("help: did you mean `phrases`?"), "{text}");
    }
}
