//! The set of scenarios and rubrics in play: the built-in ones compiled into the binary,
//! plus any read from disk, which add to or override them by id.
//!
//! Loading never stops at the first bad file: every file is read, every problem is kept in
//! `diagnostics`, and the files that validated are usable.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::rubric::{Rubric, RubricFile};
use crate::scenario::{Scenario, ScenarioFile, placeholders};
use crate::source::{Origin, SourceFile, read_source};
use crate::yaml;

static BUILTIN_SCENARIOS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");
static BUILTIN_RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");

/// Scenarios and rubrics, validated, with the problems found while loading them.
#[derive(Debug, Default)]
pub struct Library {
    /// Usable scenarios, by id (later sources override earlier ones).
    pub scenarios: Vec<Scenario>,
    /// Usable rubrics, by id.
    pub rubrics: Vec<Rubric>,
    /// Every problem found, in the order files were read.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths that could not be read at all (exit status 2 for `check`).
    pub unreadable: usize,
    /// How many files were looked at.
    pub files_read: usize,
    /// How many of those were built in.
    pub builtin_files: usize,
    /// Rubrics whose file was found but failed to load: id (when readable) and file name.
    /// A scenario naming one gets a note pointing there, not errors of its own.
    pub broken_rubrics: Vec<(String, String)>,
    /// How many files came from the paths given to [`Library::load_with_context`].
    pub target_files: usize,
    /// Files read so far, by canonical path: a folder reached twice (the project's
    /// `rubrics/` also named with `--dir`) is read once.
    seen: std::collections::HashSet<PathBuf>,
}

/// What a YAML file holds, judged from its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Has `steps:`.
    Scenario,
    /// Has `skills:`.
    Rubric,
    /// Has `turns:`.
    Transcript,
}

impl Library {
    /// The built-in scenarios and rubrics only.
    pub fn builtin() -> Library {
        let mut library = Library::default();
        library.add_builtin();
        library.cross_check();
        library
    }

    /// The built-ins (if `with_builtin`) plus every `.yaml`/`.yml` file under `paths`.
    pub fn load(paths: &[PathBuf], with_builtin: bool) -> Library {
        let mut library = Library::default();
        if with_builtin {
            library.add_builtin();
        }
        for path in paths {
            library.add_path(path);
        }
        library.cross_check();
        library
    }

    /// The built-ins, then `targets` (the files a command is about), then `context`
    /// (folders read so references resolve: the project's, `--dir`). A file reached both
    /// ways counts as a target.
    pub fn load_with_context(targets: &[PathBuf], context: &[PathBuf]) -> Library {
        let mut library = Library::default();
        library.add_builtin();
        for path in targets {
            library.add_path(path);
        }
        library.target_files = library.files_read - library.builtin_files;
        for path in context {
            library.add_path(path);
        }
        library.cross_check();
        library
    }

    fn add_builtin(&mut self) {
        for (folder, dir) in [
            ("rubrics", &BUILTIN_RUBRICS),
            ("scenarios", &BUILTIN_SCENARIOS),
        ] {
            let mut files: Vec<_> = dir.files().collect();
            files.sort_by_key(|f| f.path().to_path_buf());
            for file in files {
                if !is_yaml(file.path()) {
                    continue;
                }
                let name = format!("built-in:{folder}/{}", file.path().display());
                let text = file
                    .contents_utf8()
                    .expect("built-in files are UTF-8 (checked by tests)");
                self.add_source(Arc::new(SourceFile::new(name, Origin::BuiltIn, text)));
                self.builtin_files += 1;
            }
        }
    }

    /// Adds a file or every YAML file below a folder.
    pub fn add_path(&mut self, path: &Path) {
        if path.is_dir() {
            for file in yaml_files_under(path) {
                self.add_file(&file);
            }
        } else {
            self.add_file(path);
        }
    }

    fn add_file(&mut self, path: &Path) {
        if let Ok(canonical) = path.canonicalize()
            && !self.seen.insert(canonical)
        {
            return;
        }
        match read_source(path) {
            Ok(source) => self.add_source(Arc::new(source)),
            Err(error) => {
                self.files_read += 1;
                if error.is_io() {
                    self.unreadable += 1;
                }
                self.diagnostics.push(error.to_diagnostic());
            }
        }
    }

    /// Parses and validates one file, keeping it if usable.
    pub fn add_source(&mut self, source: Arc<SourceFile>) {
        self.files_read += 1;
        let locations = match yaml::locate(&source) {
            Ok(l) => l,
            Err(d) => return self.diagnostics.push(d),
        };
        match classify(&locations) {
            Some(FileKind::Scenario) => {
                let (file, errors) = yaml::parse_every_error::<ScenarioFile>(&source);
                let failed = !errors.is_empty();
                self.diagnostics.extend(errors);
                let Some(file) = file else { return };
                let (scenario, problems) = Scenario::from_file(file, &source, locations);
                self.diagnostics.extend(problems);
                if let Some(scenario) = scenario.filter(|_| !failed) {
                    if let Some(earlier) = self.scenarios.iter().find(|s| s.id == scenario.id) {
                        self.diagnostics.extend(same_id(
                            "scenario",
                            &scenario.id,
                            (&earlier.source, &earlier.locations),
                            &scenario.source,
                        ));
                    }
                    self.scenarios.retain(|s| s.id != scenario.id);
                    self.scenarios.push(scenario);
                }
            }
            Some(FileKind::Rubric) => {
                let (file, errors) = yaml::parse_every_error::<RubricFile>(&source);
                let failed = !errors.is_empty();
                self.diagnostics.extend(errors);
                let rubric = file.and_then(|file| {
                    let (rubric, problems) = Rubric::from_file(file, &source, locations.clone());
                    self.diagnostics.extend(problems);
                    rubric
                });
                match rubric {
                    Some(rubric) if !failed => {
                        if let Some(earlier) = self.rubrics.iter().find(|r| r.id == rubric.id) {
                            self.diagnostics.extend(same_id(
                                "rubric",
                                &rubric.id,
                                (&earlier.source, &earlier.locations),
                                &rubric.source,
                            ));
                        }
                        self.rubrics.retain(|r| r.id != rubric.id);
                        self.rubrics.push(rubric);
                    }
                    _ => self.note_broken_rubric(&source, &locations),
                }
            }
            Some(FileKind::Transcript) => {
                if let Err(d) = crate::transcript::Transcript::parse(&source) {
                    self.diagnostics.push(d);
                }
            }
            None => self.diagnostics.push(
                Diagnostic::error("unknown-file-kind", "this is neither a scenario (`steps:`), a rubric (`skills:`) nor a transcript (`turns:`)")
                    .at(&source, locations.value(""))
                    .with_help("start from `rehearse new scenario NAME` or `rehearse new rubric NAME`"),
            ),
        }
    }

    /// Remembers a rubric file that did not load, by the id it declares, so scenarios
    /// naming it point at its file instead of reporting an unknown rubric and skills.
    fn note_broken_rubric(&mut self, source: &Arc<SourceFile>, locations: &yaml::Locations) {
        let Some(span) = locations.value("id") else {
            return;
        };
        let id = source.text[span.start..span.end]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        if !id.is_empty() && locations.has_top_key("id") {
            self.broken_rubrics.push((id, source.name.clone()));
        }
    }

    /// Checks references between files: a scenario's rubrics, the skills its transitions
    /// and interjections name, and placeholders its rubrics use.
    fn cross_check(&mut self) {
        let rubric_ids: Vec<String> = self.rubrics.iter().map(|r| r.id.clone()).collect();
        let mut problems = Vec::new();
        let mut broken = Vec::new();
        for scenario in &self.scenarios {
            let source = &scenario.source;
            let mut ok = true;
            let mut judge_skills = true;
            let mut skills: Vec<String> = Vec::new();
            for (i, id) in scenario.rubrics.iter().enumerate() {
                match self.rubric(id) {
                    Some(rubric) => {
                        for skill in &rubric.skills {
                            skills.push(skill.id.clone());
                            skills.push(format!("{}.{}", rubric.id, skill.id));
                        }
                        let values = scenario.placeholder_values();
                        for skill in &rubric.skills {
                            // Coaching text shown as it is: a name with no value and no
                            // fallback would reach the trainee as `{name}`.
                            for name in coaching_gaps(skill, &values) {
                                problems.push(
                                    Diagnostic::warning(
                                        "unknown-placeholder",
                                        format!("rubric `{}` coaches skill `{}` with `{{{name}}}`, which this scenario does not define, so the trainee would read it as written", rubric.id, skill.id),
                                    )
                                    .at(source, scenario.locations.value(&format!("rubrics.{i}")))
                                    .with_help(format!("add `{name}` under `customer.facts`, or give the rubric a fallback: `{{{name}|words}}`")),
                                );
                            }
                        }
                        for skill in &rubric.skills {
                            for rule in &skill.rules {
                                for phrase in crate::grading::rule_phrases(&rule.kind) {
                                    for name in placeholders(phrase) {
                                        if !values.contains_key(&name) {
                                            problems.push(
                                                Diagnostic::warning(
                                                    "unknown-placeholder",
                                                    format!("rubric `{}` uses `{{{name}}}`, which this scenario does not define, so that phrase never matches here", rubric.id),
                                                )
                                                .at(source, scenario.locations.value(&format!("rubrics.{i}")))
                                                .with_help(format!("add `{name}` under `customer.facts`")),
                                            );
                                        }
                                    }
                                }
                            }
                        }
                    }
                    None => {
                        ok = false;
                        // Skills cannot be judged without all the rubrics: checking them
                        // would repeat this one problem once per skill name.
                        judge_skills = false;
                        if let Some((_, file)) = self.broken_rubrics.iter().find(|(b, _)| b == id) {
                            problems.push(
                                Diagnostic::note(
                                    "rubric-not-loaded",
                                    format!("rubric `{id}` did not load (see the errors in {file}), so this scenario cannot be played yet"),
                                )
                                .at(source, scenario.locations.value(&format!("rubrics.{i}"))),
                            );
                            continue;
                        }
                        let d = Diagnostic::error(
                            "unknown-rubric",
                            format!("no rubric has the id `{id}`"),
                        )
                        .at(source, scenario.locations.value(&format!("rubrics.{i}")));
                        problems.push(d.suggest(
                            id,
                            rubric_ids.iter().map(String::as_str),
                            format!("rubrics available: {}", rubric_ids.join(", ")),
                        ));
                    }
                }
            }
            let mut check_skill = |name: &str, path: String, problems: &mut Vec<Diagnostic>| {
                if judge_skills && !skills.iter().any(|s| s == name) {
                    ok = false;
                    let d = Diagnostic::error(
                        "unknown-skill",
                        format!("no rubric of this scenario has the skill `{name}`"),
                    )
                    .at(source, scenario.locations.value(&path));
                    problems.push(d.suggest(
                        name,
                        skills.iter().map(String::as_str),
                        "skills come from the rubrics listed under `rubrics:`",
                    ));
                }
            };
            for (s, step) in scenario.steps.iter().enumerate() {
                for (key, names) in [
                    ("expects", &step.expects),
                    ("not_applicable", &step.not_applicable),
                ] {
                    for (k, name) in names.iter().enumerate() {
                        check_skill(name, format!("steps.{s}.{key}.{k}"), &mut problems);
                    }
                }
                for (t, transition) in step.next.iter().enumerate() {
                    for (k, name) in transition.when.shows.iter().enumerate() {
                        check_skill(
                            name,
                            format!("steps.{s}.next.{t}.when.shows.{k}"),
                            &mut problems,
                        );
                    }
                    for (k, name) in transition.when.misses.iter().enumerate() {
                        check_skill(
                            name,
                            format!("steps.{s}.next.{t}.when.misses.{k}"),
                            &mut problems,
                        );
                    }
                    // `done` / `not_done` name skills too (the customer's memory).
                    for (key, names) in [
                        ("done", &transition.when.done),
                        ("not_done", &transition.when.not_done),
                    ] {
                        for (k, name) in names.iter().enumerate() {
                            check_skill(
                                name,
                                format!("steps.{s}.next.{t}.when.{key}.{k}"),
                                &mut problems,
                            );
                        }
                    }
                }
            }
            if let Some(when) = &scenario.resolved_when {
                for (key, names) in [
                    ("shows", &when.shows),
                    ("done", &when.done),
                    ("not_done", &when.not_done),
                ] {
                    for (k, name) in names.iter().enumerate() {
                        check_skill(name, format!("resolved_when.{key}.{k}"), &mut problems);
                    }
                }
            }
            for (i, inter) in scenario.interjections.iter().enumerate() {
                for (k, name) in inter.expects.iter().enumerate() {
                    check_skill(
                        name,
                        format!("interjections.{i}.expects.{k}"),
                        &mut problems,
                    );
                }
            }
            for (i, example) in scenario.examples.iter().enumerate() {
                for (k, name) in example.expect.weak.iter().enumerate() {
                    check_skill(name, format!("examples.{i}.expect.weak.{k}"), &mut problems);
                }
            }
            if !ok {
                broken.push(scenario.id.clone());
            }
        }
        self.diagnostics.extend(problems);
        // A scenario whose references dangle cannot be played; keep it out.
        self.scenarios.retain(|s| !broken.contains(&s.id));
    }

    /// A scenario by id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// A rubric by id.
    pub fn rubric(&self, id: &str) -> Option<&Rubric> {
        self.rubrics.iter().find(|r| r.id == id)
    }

    /// The rubrics a scenario names, in its order.
    pub fn rubrics_for(&self, scenario: &Scenario) -> Vec<&Rubric> {
        scenario
            .rubrics
            .iter()
            .filter_map(|id| self.rubric(id))
            .collect()
    }

    /// Checks what a transcript of `scenario` names: its rubrics must be known and each
    /// turn's step must be one of the scenario's. Grading would otherwise go ahead and skip
    /// every rule tied to the missing names, and the score would look fine.
    pub fn check_transcript(
        &self,
        transcript: &crate::transcript::Transcript,
        scenario: &Scenario,
        file: &Arc<SourceFile>,
    ) -> Result<(), Diagnostic> {
        // Positions are only needed to explain a problem, so they are found only then.
        let at = |path: &str| yaml::locate(file).ok().and_then(|l| l.value(path));
        for (i, rubric) in transcript.rubrics.iter().enumerate() {
            if self.rubric(&rubric.id).is_none() {
                let d = Diagnostic::error(
                    "unknown-rubric",
                    format!(
                        "the transcript names rubric `{}`, which is not known; add its folder with --dir",
                        rubric.id
                    ),
                )
                .at(file, at(&format!("rubrics.{i}.id")));
                return Err(d);
            }
        }
        for (i, turn) in transcript.turns.iter().enumerate() {
            if !scenario.steps.iter().any(|s| s.id == turn.step) {
                return Err(Diagnostic::error(
                    "unknown-step",
                    format!(
                        "the transcript names step `{}`, which scenario `{}` does not have",
                        turn.step, scenario.id
                    ),
                )
                .at(file, at(&format!("turns.{i}.step"))));
            }
        }
        Ok(())
    }

    /// How many diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Did-you-mean help for an unknown scenario id.
    pub fn suggest_scenario(&self, id: &str) -> Option<&str> {
        did_you_mean(id, self.scenarios.iter().map(|s| s.id.as_str()))
    }

    /// Did-you-mean help for an unknown rubric id.
    pub fn suggest_rubric(&self, id: &str) -> Option<&str> {
        did_you_mean(id, self.rubrics.iter().map(|r| r.id.as_str()))
    }
}

/// Two files read from disk that declare the same id: the one read later replaces the
/// other, which is easy to miss (a copy left in a shared folder). Reported in the file read
/// first, which is the one `check` was given when only one of them was. A file replacing a
/// built-in is the intended way to change one, so it is not reported.
fn same_id(
    kind: &str,
    id: &str,
    (earlier, locations): (&Arc<SourceFile>, &yaml::Locations),
    later: &Arc<SourceFile>,
) -> Option<Diagnostic> {
    if matches!(earlier.origin, Origin::BuiltIn) {
        return None;
    }
    Some(
        Diagnostic::warning(
            "duplicate-id",
            format!(
                "{kind} id `{id}` is also the id of {}, which is read later and replaces this {kind}",
                later.name
            ),
        )
        .at(earlier, locations.value("id"))
        .with_help(format!(
            "give each {kind} its own id, or remove one of the two files"
        )),
    )
}

impl FileKind {
    /// What the YAML file at `path` holds, judged from its top-level keys; `None` when it
    /// cannot be read or parsed, or has none of the telling keys.
    pub fn of_file(path: &Path) -> Option<FileKind> {
        let source = Arc::new(read_source(path).ok()?);
        classify(&yaml::locate(&source).ok()?)
    }

    /// The kind in words, with its article: "a scenario".
    pub fn described(self) -> &'static str {
        match self {
            FileKind::Scenario => "a scenario",
            FileKind::Rubric => "a rubric",
            FileKind::Transcript => "a transcript",
        }
    }
}

/// Placeholders in a skill's coaching (`suggest`, a substitute's `prefer`) that name
/// nothing in `values` and have no fallback; `{trainee.name}` is filled in per call.
fn coaching_gaps(
    skill: &crate::rubric::Skill,
    values: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    use crate::grading::names::{TRAINEE_NAME, coaching_placeholders};
    let mut texts: Vec<&str> = skill.feedback.suggest.iter().map(String::as_str).collect();
    for rule in &skill.rules {
        if let crate::rubric::RuleKind::Substitute { prefer, .. } = &rule.kind {
            texts.push(prefer);
        }
    }
    let mut gaps = Vec::new();
    for text in texts {
        for (name, fallback) in coaching_placeholders(text) {
            if !fallback
                && name != TRAINEE_NAME
                && !values.contains_key(&name)
                && !gaps.contains(&name)
            {
                gaps.push(name);
            }
        }
    }
    gaps
}

/// A file's kind from its top-level keys.
pub fn classify(locations: &yaml::Locations) -> Option<FileKind> {
    if locations.has_top_key("steps") {
        Some(FileKind::Scenario)
    } else if locations.has_top_key("skills") {
        Some(FileKind::Rubric)
    } else if locations.has_top_key("turns") || locations.has_top_key("trainee") {
        Some(FileKind::Transcript)
    } else {
        None
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Every `.yaml`/`.yml` file below a folder, sorted, recursively. Unreadable folders are
/// skipped silently here; the caller reports files it cannot read.
pub fn yaml_files_under(folder: &Path) -> Vec<PathBuf> {
    files_under(folder, &|p| is_yaml(p))
}

/// Every file below a folder that `keep` accepts, sorted, recursively.
pub fn files_under(folder: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if keep(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
