//! Trainer labels: replies or whole calls with a trainer's verdict on each skill (or guard
//! rule), which `rehearse calibrate` compares with the grader's. Two layouts are read: a
//! YAML file (`rehearse: 1`, `rubrics`, `facts`, `items`) and JSON Lines (one item a line).
//!
//! This module only reads and validates the files; agreement is worked out in
//! `grading::calibration`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::grading::Position;

/// A labels file in the YAML layout.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsFile {
    /// Format version; must be 1.
    pub rehearse: u32,
    /// Rubrics (ids) that grade the items; `--rubric` overrides.
    #[serde(default)]
    pub rubrics: Vec<String>,
    /// Placeholder values (`customer.name`, facts) the replies refer to.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    /// The labelled items.
    pub items: Vec<Item>,
}

/// One labelled item: a single reply, an inline conversation, or a transcript file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// A name for the item in reports; defaults to `FILE:N`.
    #[serde(default)]
    pub id: Option<String>,
    /// A single reply, graded on its own.
    #[serde(default)]
    pub reply: Option<String>,
    /// With `reply`: what the customer said just before (for listening and echo checks).
    #[serde(default)]
    pub customer: Option<String>,
    /// With `reply`: where it stood in the call. First-reply rules (greeting) apply only to
    /// a first reply, last-reply rules (farewell) only to a last one; without a position
    /// every rule applies.
    #[serde(default)]
    pub position: Option<Position>,
    /// A whole call, graded as a conversation.
    #[serde(default)]
    pub conversation: Option<Vec<Exchange>>,
    /// A transcript file (relative to the labels file), graded as `grade` would.
    #[serde(default)]
    pub transcript: Option<PathBuf>,
    /// The trainer's verdicts: `skill: true|false` (or `rubric.skill`), and for a rule
    /// (by its id) whether it fired.
    pub labels: BTreeMap<String, bool>,
    /// Why the label is what it is, for the reader of a disagreement.
    #[serde(default)]
    pub note: Option<String>,
    /// Rubrics for this item alone (JSON Lines files, where there is no header).
    #[serde(default)]
    pub rubrics: Vec<String>,
    /// Facts for this item alone.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
}

/// One exchange of an inline conversation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// What the customer said.
    #[serde(default)]
    pub customer: String,
    /// The trainee's reply.
    pub reply: String,
}

/// What is labelled, checked: exactly one of the three kinds.
#[derive(Debug, Clone)]
pub enum Subject {
    /// One reply.
    Reply {
        /// The reply.
        text: String,
        /// The customer's line before it.
        customer: String,
        /// Where it stood.
        position: Option<Position>,
    },
    /// A call.
    Conversation(Vec<Exchange>),
    /// A transcript on disk.
    Transcript(PathBuf),
}

/// A labelled item, validated.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// Name in reports.
    pub id: String,
    /// What is labelled.
    pub subject: Subject,
    /// Verdicts by key, as written.
    pub labels: BTreeMap<String, bool>,
    /// The trainer's note.
    pub note: Option<String>,
    /// Rubrics that grade it (from the item, else the file).
    pub rubrics: Vec<String>,
    /// Placeholder values (the file's, then the item's).
    pub facts: BTreeMap<String, String>,
}

/// Every item of one labels file.
#[derive(Debug, Clone)]
pub struct LabelSet {
    /// The file.
    pub path: PathBuf,
    /// Its items.
    pub items: Vec<Labelled>,
}

/// Why a labels file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    /// The file could not be read as text.
    #[error(transparent)]
    Read(#[from] crate::source::ReadError),
    /// Bad content, with its location.
    #[error("{}", .0.render(false))]
    Invalid(Box<Diagnostic>),
}

impl LabelsError {
    /// The problem as a diagnostic, for rendering.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            LabelsError::Read(error) => error.to_diagnostic(),
            LabelsError::Invalid(d) => (**d).clone(),
        }
    }
}

/// Reads a labels file: `.jsonl` as JSON Lines, anything else as YAML.
pub fn load(path: &Path) -> Result<LabelSet, LabelsError> {
    // Labels sets derived from real data run to tens of megabytes.
    let source = Arc::new(crate::source::read_source_up_to(path, 256 << 20)?);
    let invalid = |d: Diagnostic| LabelsError::Invalid(Box::new(d));
    let name = path.display().to_string();
    let mut items = Vec::new();
    if path.extension().is_some_and(|e| e == "jsonl") {
        let mut offset = 0;
        for (n, line) in source.text.split('\n').enumerate() {
            let here = offset;
            offset += line.len() + 1;
            if line.trim().is_empty() {
                continue;
            }
            let item: Item = serde_json::from_str(line).map_err(|e| {
                let at = here + (e.column().saturating_sub(1)).min(line.len());
                invalid(
                    Diagnostic::error("bad-labels", format!("line {}: {}", n + 1, plain(&e)))
                        .at(&source, Some(crate::source::Span::new(at, at)))
                        .with_help("each line is one item: {\"reply\": \"…\", \"labels\": {\"skill\": true}}"),
                )
            })?;
            items.push(
                check_item(
                    item,
                    &format!("{name}:{}", n + 1),
                    path,
                    &BTreeMap::new(),
                    &[],
                )
                .map_err(|m| invalid(Diagnostic::error("bad-labels", m).at(&source, None)))?,
            );
        }
    } else {
        let (file, locations): (LabelsFile, _) = crate::yaml::parse(&source).map_err(invalid)?;
        if file.rehearse != 1 {
            return Err(invalid(
                Diagnostic::error(
                    "unsupported-version",
                    format!("labels format version {} is not supported", file.rehearse),
                )
                .at(&source, locations.value("rehearse"))
                .with_help("this build reads `rehearse: 1`"),
            ));
        }
        for (i, item) in file.items.into_iter().enumerate() {
            let at = locations.value(&format!("items.{i}"));
            let (line, _) = at.map(|s| source.line_col(s.start)).unwrap_or((0, 0));
            let checked = check_item(
                item,
                &format!("{name}:{line}"),
                path,
                &file.facts,
                &file.rubrics,
            )
            .map_err(|m| invalid(Diagnostic::error("bad-labels", m).at(&source, at)))?;
            items.push(checked);
        }
    }
    Ok(LabelSet {
        path: path.to_path_buf(),
        items,
    })
}

/// serde_json's message without its " at line L column C" tail (the position is shown
/// separately).
fn plain(error: &serde_json::Error) -> String {
    let raw = error.to_string();
    match raw.find(" at line ") {
        Some(cut) => raw[..cut].to_string(),
        None => raw,
    }
}

fn check_item(
    item: Item,
    default_id: &str,
    path: &Path,
    file_facts: &BTreeMap<String, String>,
    file_rubrics: &[String],
) -> Result<Labelled, String> {
    let kinds = usize::from(item.reply.is_some())
        + usize::from(item.conversation.is_some())
        + usize::from(item.transcript.is_some());
    if kinds != 1 {
        return Err(format!(
            "an item needs exactly one of `reply`, `conversation` or `transcript` (this one has {kinds})"
        ));
    }
    if item.labels.is_empty() {
        return Err("an item needs at least one label (`labels: {skill: true}`)".into());
    }
    if item.reply.is_none() && (item.customer.is_some() || item.position.is_some()) {
        return Err("`customer` and `position` go with `reply` only".into());
    }
    let subject = match (item.reply, item.conversation, item.transcript) {
        (Some(text), _, _) => Subject::Reply {
            text,
            customer: item.customer.unwrap_or_default(),
            position: item.position,
        },
        (_, Some(exchanges), _) if exchanges.is_empty() => {
            return Err("a `conversation` needs at least one exchange".into());
        }
        (_, Some(exchanges), _) => Subject::Conversation(exchanges),
        (_, _, Some(file)) => {
            let base = path.parent().unwrap_or(Path::new("."));
            Subject::Transcript(base.join(file))
        }
        _ => unreachable!("exactly one kind was checked above"),
    };
    let mut facts = file_facts.clone();
    facts.extend(item.facts);
    Ok(Labelled {
        id: item.id.unwrap_or_else(|| default_id.to_string()),
        subject,
        labels: item.labels,
        note: item.note,
        rubrics: if item.rubrics.is_empty() {
            file_rubrics.to_vec()
        } else {
            item.rubrics
        },
        facts,
    })
}
