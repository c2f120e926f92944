//! The one place that parses YAML.
//!
//! serde_yaml (the user's choice) is archived upstream; every call to it lives here so a
//! maintained fork is a one-line swap. serde_yaml stops at the first error and cannot say
//! where a *valid* value sits, so a second, event-level pass (yaml-rust2) records the
//! position of every key and value by path (`steps.2.next.0.goto`); semantic checks use it to
//! point at the exact value they complain about. Bulk input in the layout rehearse writes
//! takes a faster road first ([`canonical`]).

mod canonical;
mod recovery;
mod wording;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{SourceFile, Span};

/// Positions of keys and values in one YAML document, by dotted path.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    keys: HashMap<String, Span>,
    values: HashMap<String, Span>,
}

impl Locations {
    /// Whether the document's top-level mapping has this key.
    pub fn has_top_key(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// Whether the document has a key at exactly `path` (`steps.0.next.1.when.says`), so a
    /// value that is empty can be told from one that was left out.
    pub fn has_key(&self, path: &str) -> bool {
        self.keys.contains_key(path)
    }

    /// The span of the value at `path`, or of the nearest ancestor that has one.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.lookup(&self.values, path)
    }

    /// The span of the key at `path` (for "unknown key"-style complaints), falling back to
    /// the value and then to ancestors.
    pub fn key(&self, path: &str) -> Option<Span> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    fn lookup(&self, table: &HashMap<String, Span>, path: &str) -> Option<Span> {
        let mut path = path;
        loop {
            if let Some(span) = table.get(path) {
                return Some(*span);
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return table.get("").copied(),
            }
        }
    }
}

/// Parses YAML shipped inside the binary (known good; a test loads every such text).
pub fn from_builtin<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    serde_yaml::from_str(text)
}

/// Serialises a value as YAML (for transcripts and generated files).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(value)
}

/// Parses one YAML document into `T`, with the positions of everything in it.
///
/// Errors name the file, line and column; unknown keys get a did-you-mean.
pub fn parse<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<(T, Locations), Diagnostic> {
    let locations = locate(file)?;
    let value = parse_located(file)?;
    Ok((value, locations))
}

/// Parses a file into `T` the fast way (no positions): the canonical reader for files in
/// the layout rehearse writes, serde_yaml for the rest, and the full [`parse`] only to
/// explain an error. For bulk input such as a cohort of transcripts.
pub fn parse_quick<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<T, Diagnostic> {
    if let Some(value) = canonical::from_str(&file.text) {
        return Ok(value);
    }
    if let Some(at) = flow_too_deep(&file.text) {
        return Err(too_deep(file, at));
    }
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => Ok(value),
        Err(_) => parse(file).map(|(value, _)| value),
    }
}

/// Parses a file already known to be well-formed YAML (see [`locate`]) into `T`.
pub fn parse_located<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(&file.text).map_err(|error| serde_error(file, &error))
}

/// Most errors one file may report from its typed parse; past this it is likely not the
/// kind of file it looks like, and more messages would not help.
const MAX_ERRORS_PER_FILE: usize = 100;

/// Parses a file already known to be well-formed YAML (see [`locate`]) into `T`, going
/// on past each error to report every one (see [`recovery`]).
///
/// The value is returned when the file parsed cleanly, or when only unknown keys had to
/// be set aside (they hold nothing the model reads, so checks on the rest stay sound);
/// otherwise `None`, with the errors.
pub fn parse_every_error<T: DeserializeOwned>(
    file: &Arc<SourceFile>,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut error = match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => return (Some(value), Vec::new()),
        Err(error) => error,
    };
    let entries = recovery::entries(&file.text);
    let mut text = file.text.to_string();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut only_unknown_keys = true;
    loop {
        // Offsets in the blanked text are those of the original: diagnostics are built
        // against the blanked text, then pointed at the file the trainer wrote.
        let blanked = Arc::new(SourceFile::new(
            file.name.clone(),
            file.origin.clone(),
            text.as_str(),
        ));
        let mut diagnostic = serde_error(&blanked, &error);
        // The file was well-formed YAML: a syntax error now (an alias whose anchor was set
        // aside) is of blanking's making.
        if !problems.is_empty() && diagnostic.code == "yaml-syntax" {
            break;
        }
        if diagnostic.code == "missing-key"
            && backticked_after(&diagnostic.message, "missing field `")
                .is_some_and(|(field, _)| blanked_keys.contains(&field))
        {
            // The echo of an entry set aside below, already reported.
            break;
        }
        diagnostic.file = Some(Arc::clone(file));
        let at = diagnostic.span.map(|span| span.start);
        let code = diagnostic.code;
        if problems
            .iter()
            .any(|p| p.span == diagnostic.span && p.code == code)
        {
            break; // no progress: the same error again
        }
        problems.push(diagnostic);
        if matches!(code, "missing-key" | "yaml-too-deep") || problems.len() >= MAX_ERRORS_PER_FILE
        {
            break;
        }
        let Some(entry) = at.and_then(|at| recovery::innermost(&entries, at)) else {
            break;
        };
        if code != "unknown-key" {
            only_unknown_keys = false;
        }
        if entry.keyed {
            let key = text[entry.start..entry.end]
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            blanked_keys.push(key.to_string());
        }
        text = recovery::blank(&text, entry);
        match serde_yaml::from_str::<T>(&text) {
            Ok(value) => return (only_unknown_keys.then_some(value), problems),
            Err(next) => error = next,
        }
    }
    (None, problems)
}

/// Turns a serde_yaml error into a diagnostic: position, a plain message, did-you-mean.
fn serde_error(file: &Arc<SourceFile>, error: &serde_yaml::Error) -> Diagnostic {
    let raw = error.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match raw.find(" at line ") {
        Some(cut) => raw[..cut].to_string(),
        None => raw.clone(),
    };
    let span = error.location().map(|loc| {
        let start = file.offset_of(loc.line(), loc.column());
        let word_end = file.text[start..]
            .find([':', '\n', ',', ']', '}'])
            .map(|n| start + n)
            .unwrap_or(file.text.len());
        Span::new(
            start,
            word_end.max(start + 1).min(file.text.len().max(start)),
        )
    });
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
    {
        return Diagnostic::error(
            "yaml-too-deep",
            "the YAML expands too far (aliases nested or repeated too often)",
        )
        .at(file, span)
        .with_help("write the values out instead of chaining `&anchor`/`*alias` references");
    }
    if let Some((field, expected)) = unknown_field(&message) {
        let (prefix, _) = message.split_once("unknown field").unwrap_or(("", ""));
        let mut diagnostic =
            Diagnostic::error("unknown-key", format!("{prefix}unknown key `{field}`"))
                .at(file, span)
                .with_label("not a key here");
        let expected_list = expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diagnostic = match did_you_mean(&field, expected.iter().map(String::as_str)) {
            Some(best) => diagnostic.with_help(format!(
                "did you mean `{best}`? (allowed here: {expected_list})"
            )),
            None => diagnostic.with_help(format!("allowed here: {expected_list}")),
        };
        return diagnostic;
    }
    if let Some((variant, expected)) = unknown_variant(&message) {
        let (prefix, _) = message.split_once("unknown variant").unwrap_or(("", ""));
        let expected_list = expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let diagnostic = Diagnostic::error(
            "unknown-value",
            format!("{prefix}unknown value `{variant}`"),
        )
        .at(file, span)
        .with_label("not one of the allowed values");
        return match did_you_mean(&variant, expected.iter().map(String::as_str)) {
            Some(best) => {
                diagnostic.with_help(format!("did you mean `{best}`? (allowed: {expected_list})"))
            }
            None => diagnostic.with_help(format!("allowed: {expected_list}")),
        };
    }
    let code = if message.contains("missing field") {
        "missing-key"
    } else if message.contains("invalid type") || message.contains("invalid value") {
        "wrong-type"
    } else {
        "yaml-syntax"
    };
    let message = match code {
        "wrong-type" => wording::type_mismatch(&message).unwrap_or(message),
        _ => message,
    };
    let help = match code {
        "missing-key" => "add the key; `rehearse new` writes a complete starting file",
        "wrong-type" => {
            "check the value's type against docs/ (a list needs `- item` lines, a number no quotes)"
        }
        _ => "check indentation and quoting around this position",
    };
    Diagnostic::error(code, message)
        .at(file, span)
        .with_help(help)
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into its parts.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    backticked_after(message, "unknown field `")
}

fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    backticked_after(message, "unknown variant `")
}

fn backticked_after(message: &str, marker: &str) -> Option<(String, Vec<String>)> {
    let start = message.find(marker)? + marker.len();
    let rest = &message[start..];
    let end = rest.find('`')?;
    let name = rest[..end].to_string();
    let expected = rest[end + 1..]
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    Some((name, expected))
}

/// Walks the YAML events and records where every key and value starts. Also catches what
/// serde_yaml reports badly: syntax errors and duplicate keys (serde_yaml puts those at 1:1).
pub fn locate(file: &Arc<SourceFile>) -> Result<Locations, Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "the file is empty")
            .at(file, None)
            .with_help("start from `rehearse new scenario NAME` or `rehearse new rubric NAME`"));
    }
    if let Some(at) = flow_too_deep(&file.text) {
        return Err(too_deep(file, at));
    }
    let mut walker = Walker {
        file: Arc::clone(file),
        ..Walker::default()
    };
    // The events are walked in a loop (yaml-rust2's own loader recurses once per level, and
    // a file nested thousands deep would overflow the stack).
    let mut parser = Parser::new_from_str(&file.text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                return Err(syntax_error(
                    file,
                    error.marker().line(),
                    error.marker().col() + 1,
                    error.info(),
                ));
            }
        };
        let end = event == Event::StreamEnd;
        walker.on_event(event, mark);
        if end || walker.too_deep {
            break;
        }
    }
    match walker.problem {
        Some(problem) => Err(problem),
        None => Ok(walker.locations),
    }
}

/// Where `[`/`{` nesting first goes past [`MAX_DEPTH`], if it does. libyaml's scanner
/// slows down with the square of flow nesting (a 4 MB file of `[` took minutes), so such
/// files are refused before serde_yaml sees them. Brackets inside quotes count too: this
/// only decides between two wordings of an error, for files no rehearse file resembles.
fn flow_too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The diagnostic for nesting past [`MAX_DEPTH`] at byte `at`.
fn too_deep(file: &Arc<SourceFile>, at: usize) -> Diagnostic {
    Diagnostic::error(
        "yaml-too-deep",
        format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
    )
    .at(file, Some(Span::new(at, (at + 1).min(file.text.len()))))
    .with_help("rehearse files need a handful of levels; check the indentation and brackets")
}

/// A syntax error at a position. libyaml's wording (via serde_yaml) is the most familiar,
/// so it is preferred; a tab in the indentation gets a message of its own.
fn syntax_error(file: &Arc<SourceFile>, line: usize, column: usize, fallback: &str) -> Diagnostic {
    let (line, column, message) = match serde_yaml::from_str::<serde_yaml::Value>(&file.text) {
        Err(e) if e.location().is_some() => {
            let at = e.location().expect("checked above");
            let raw = e.to_string();
            let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
            (at.line(), at.column(), message)
        }
        _ => (line, column, fallback.to_string()),
    };
    let text_line = file.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let indentation: &str = &text_line[..text_line.len() - text_line.trim_start().len()];
    let (message, column) = if indentation.contains('\t') {
        ("a tab is used for indentation".to_string(), 1)
    } else {
        (message, column)
    };
    let start = file.offset_of(line, column);
    // A regex such as "\d+" in double quotes: YAML reads the backslash as an escape.
    if message.contains("unknown escape character") {
        let escape: String = file.text[start..].chars().take(2).collect();
        let quoted = file.text[start..].find('"').and_then(|end| {
            file.text[..start]
                .rfind('"')
                .map(|open| &file.text[open + 1..start + end])
        });
        let example = match quoted {
            Some(text) if !text.contains('\n') => format!(": '{}'", text.replace('\'', "''")),
            _ => String::new(),
        };
        return Diagnostic::error(
            "yaml-syntax",
            format!("this is not valid YAML: `{escape}` is not an escape that double quotes allow"),
        )
        .at(file, Some(Span::new(start, start + escape.len())))
        .with_help(format!(
            "write regexes in single quotes, where a backslash is just a backslash{example}"
        ));
    }
    Diagnostic::error("yaml-syntax", format!("this is not valid YAML: {message}"))
        .at(
            file,
            Some(Span::new(start, (start + 1).min(file.text.len()))),
        )
        .with_help("check indentation (spaces, not tabs) and that brackets and quotes are closed")
}

#[derive(Debug)]
enum Frame {
    Mapping {
        path: String,
        key: Option<String>,
        seen: HashSet<String>,
        placed: bool,
    },
    Sequence {
        path: String,
        index: usize,
    },
}

/// Deepest nesting of mappings and sequences a file may have. Scenarios go about eight
/// levels deep; serde_yaml itself stops at 128.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Walker {
    file: Arc<SourceFile>,
    stack: Vec<Frame>,
    locations: Locations,
    problem: Option<Diagnostic>,
    documents: usize,
    /// Set when nesting passed [`MAX_DEPTH`]: the walk stops there.
    too_deep: bool,
}

impl Default for SourceFile {
    fn default() -> Self {
        SourceFile::new("", crate::source::Origin::BuiltIn, "")
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}.{segment}")
    }
}

impl Walker {
    fn span_at(&self, mark: &Marker, len: usize) -> Span {
        let start = self.file.offset_of(mark.line(), mark.col() + 1);
        Span::new(start, (start + len.max(1)).min(self.file.text.len()))
    }

    /// Refuses YAML tags beyond the core schema's (`!!binary`, `!!timestamp`, `!!set`…):
    /// serde_yaml ignores them, so a value would silently be read as plain text.
    fn refuse_tag(&mut self, tag: Option<&yaml_rust2::parser::Tag>, mark: &Marker) {
        let Some(tag) = tag else { return };
        let core = tag.handle == "tag:yaml.org,2002:"
            && matches!(
                tag.suffix.as_str(),
                "str" | "int" | "float" | "bool" | "null" | "seq" | "map"
            );
        if core || tag.handle != "tag:yaml.org,2002:" || self.problem.is_some() {
            return;
        }
        let name = format!("!!{}", tag.suffix);
        // The mark is the value's; the tag is written before it, on its line.
        let value = self.span_at(mark, 1).start;
        let line_start = self.file.text[..value]
            .rfind(['\n', '\r'])
            .map_or(0, |at| at + 1);
        let span = match self.file.text[line_start..value].rfind(&name) {
            Some(at) => Span::new(line_start + at, line_start + at + name.len()),
            None => self.span_at(mark, 1),
        };
        self.problem = Some(
            Diagnostic::error(
                "unsupported-tag",
                format!(
                    "the tag `{name}` is not supported: rehearse would read the value as plain text"
                ),
            )
            .at(&self.file, Some(span))
            .with_help("remove the tag and write the value as text"),
        );
    }

    /// Called for every node; returns the path the node sits at, or `None` if it is a key.
    fn node(&mut self, mark: &Marker, scalar: Option<&str>) -> Option<String> {
        let len = scalar
            .map(|s| s.lines().next().unwrap_or("").len())
            .unwrap_or(1);
        let span = self.span_at(mark, len);
        match self.stack.last_mut() {
            None => {
                self.locations.values.insert(String::new(), span);
                Some(String::new())
            }
            Some(Frame::Sequence { path, index }) => {
                let here = join(path, &index.to_string());
                *index += 1;
                self.locations.values.insert(here.clone(), span);
                Some(here)
            }
            Some(Frame::Mapping {
                path,
                key,
                seen,
                placed,
            }) => match key.take() {
                None => {
                    // A mapping is located at its first key: block mappings' start marks
                    // point past it.
                    if !*placed {
                        *placed = true;
                        self.locations.values.insert(path.clone(), span);
                    }
                    let name = scalar.unwrap_or("?").to_string();
                    let here = join(path, &name);
                    if !seen.insert(name.clone()) && self.problem.is_none() {
                        self.problem = Some(
                            Diagnostic::error(
                                "duplicate-key",
                                format!("the key `{name}` appears twice in this mapping"),
                            )
                            .at(&self.file, Some(span))
                            .with_label("second time")
                            .with_help("remove one of them; YAML keeps only one value per key"),
                        );
                    }
                    self.locations.keys.insert(here, span);
                    *key = Some(name);
                    None
                }
                Some(name) => {
                    let here = join(path, &name);
                    self.locations.values.insert(here.clone(), span);
                    Some(here)
                }
            },
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 && self.problem.is_none() {
                    let span = self.span_at(&mark, 3);
                    self.problem = Some(
                        Diagnostic::error(
                            "several-documents",
                            "the file holds more than one YAML document",
                        )
                        .at(&self.file, Some(span))
                        .with_help("put each scenario or rubric in its own file"),
                    );
                }
            }
            Event::Scalar(value, _, _, tag) => {
                self.refuse_tag(tag.as_ref(), &mark);
                self.node(&mark, Some(&value));
            }
            Event::Alias(_) => {
                self.node(&mark, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.too_deep = true;
                let at = self.span_at(&mark, 1).start;
                self.problem = Some(too_deep(&self.file, at));
            }
            Event::MappingStart(_, tag) => {
                self.refuse_tag(tag.as_ref(), &mark);
                let path = self.node(&mark, None).unwrap_or_default();
                self.stack.push(Frame::Mapping {
                    path,
                    key: None,
                    seen: HashSet::new(),
                    placed: false,
                });
            }
            Event::SequenceStart(_, tag) => {
                self.refuse_tag(tag.as_ref(), &mark);
                let path = self.node(&mark, None).unwrap_or_default();
                self.stack.push(Frame::Sequence { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Thing {
        name: String,
        phrases: Vec<String>,
    }

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::new("t.yaml", Origin::BuiltIn, text))
    }

    #[test]
    fn records_value_positions_by_path() {
        let f = file("name: x\nphrases:\n  - hello\n  - good day\n");
        let (_, locations): (Thing, _) = parse(&f).unwrap();
        let span = locations.value("phrases.1").unwrap();
        assert_eq!(&f.text[span.start..span.end], "good day");
        assert_eq!(f.line_col(span.start), (4, 5));
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let f = file("name: x\nphrses: [a]\n");
        let error = parse::<Thing>(&f).unwrap_err();
        assert_eq!(error.code, "unknown-key");
        assert_eq!(error.message, "unknown key `phrses`");
        assert_eq!(error.location().unwrap(), "t.yaml:2:1");
        assert!(error.help.unwrap().starts_with("did you mean `phrases`?"));
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        let f = file("name: x\nphrases: [a]\nname: y\n");
        let error = parse::<Thing>(&f).unwrap_err();
        assert_eq!(error.code, "duplicate-key");
        assert_eq!(error.location().unwrap(), "t.yaml:3:1");
    }
}
