//! Settings and where they come from: the one place the layers merge.
//!
//! From strongest to weakest: command-line flags, then the environment (`REHEARSE_DIR`,
//! and for colour NO_COLOR, CLICOLOR and CLICOLOR_FORCE), then the nearest
//! `rehearse.toml` found by walking up from the working folder, then the built-in
//! defaults. The folder holding `rehearse.toml` is the project: its `scenarios/` and
//! `rubrics/` are loaded by every command without `--dir`. This module only reads; it
//! never prints.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::cli::ColorChoice;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{Origin, SourceFile, Span};

/// The project file's name.
pub const FILE_NAME: &str = "rehearse.toml";

/// The environment variable listing extra folders (separated as PATH is).
pub const DIR_VAR: &str = "REHEARSE_DIR";

/// The folders beside `rehearse.toml` that hold the project's own files.
const PROJECT_FOLDERS: [&str; 2] = ["scenarios", "rubrics"];

/// `rehearse.toml` as written. Every key is optional; unknown keys are errors, since a
/// misspelt key would otherwise be ignored without a word.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Folders of scenarios and rubrics, relative to the file.
    #[serde(default)]
    pub dirs: Option<Vec<PathBuf>>,
    /// Pass mark in percent for `grade`, overriding the rubrics'.
    #[serde(default)]
    pub pass_mark: Option<f64>,
    /// Trainee id recorded by `play` and `run` when `--trainee-id` is not given.
    #[serde(default)]
    pub trainee_id: Option<String>,
    /// Base URL of the xAPI learning record store that results are sent to.
    #[serde(default)]
    pub xapi_base: Option<String>,
    /// The home page that names trainees' xAPI accounts.
    #[serde(default)]
    pub xapi_home_page: Option<String>,
    /// `auto`, `always` or `never`.
    #[serde(default)]
    pub color: Option<ColorChoice>,
}

/// What the command line says about settings (the strongest layer).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--dir`, in order.
    pub dirs: Vec<PathBuf>,
    /// `--color`, when given.
    pub color: Option<ColorChoice>,
}

/// The merged settings.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The project file in use, as a path from the working folder.
    pub config_file: Option<PathBuf>,
    /// The project's `scenarios/` and `rubrics/` that exist: beside `rehearse.toml`, or
    /// in the working folder when there is none.
    pub project_folders: Vec<PathBuf>,
    /// Extra folders: `--dir`, else `REHEARSE_DIR`, else the file's `dirs`.
    pub dirs: Vec<PathBuf>,
    /// `--color`, when given.
    pub color_flag: Option<ColorChoice>,
    /// The file's `color`; the environment outranks it (weighed in [`crate::cli::Colors`]).
    pub color_file: Option<ColorChoice>,
    /// `pass_mark` from the file.
    pub pass_mark: Option<f64>,
    /// `trainee_id` from the file.
    pub trainee_id: Option<String>,
    /// `xapi_base` from the file.
    pub xapi_base: Option<String>,
    /// `xapi_home_page` from the file.
    pub xapi_home_page: Option<String>,
}

impl Settings {
    /// Merges the layers for a process started in `cwd`.
    pub fn resolve(
        flags: &Flags,
        env: impl Fn(&str) -> Option<OsString>,
        cwd: &Path,
    ) -> Result<Settings, Diagnostic> {
        let found = find(cwd)?;
        let (file, root) = match &found {
            Some((path, root)) => (read(cwd, path)?, root.clone()),
            None => (ConfigFile::default(), PathBuf::new()),
        };
        let under_root = |p: &Path| {
            if p.is_absolute() || root.as_os_str().is_empty() {
                p.to_path_buf()
            } else {
                root.join(p)
            }
        };
        let from_env: Vec<PathBuf> = env(DIR_VAR)
            .filter(|v| !v.is_empty())
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let dirs = if !flags.dirs.is_empty() {
            flags.dirs.clone()
        } else if !from_env.is_empty() {
            from_env
        } else {
            file.dirs.iter().flatten().map(|d| under_root(d)).collect()
        };
        let project_folders = PROJECT_FOLDERS
            .iter()
            .map(|f| under_root(Path::new(f)))
            .filter(|p| cwd.join(p).is_dir())
            .collect();
        Ok(Settings {
            config_file: found.map(|(path, _)| path),
            project_folders,
            dirs,
            color_flag: flags.color,
            color_file: file.color,
            pass_mark: file.pass_mark,
            trainee_id: file.trainee_id,
            xapi_base: file.xapi_base,
            xapi_home_page: file.xapi_home_page,
        })
    }

    /// Folders every command loads besides the built-ins: the project's (only when a
    /// `rehearse.toml` marks it) and the extra ones.
    pub fn library_folders(&self) -> Vec<PathBuf> {
        let mut folders = Vec::new();
        if self.config_file.is_some() {
            folders.extend(self.project_folders.iter().cloned());
        }
        folders.extend(self.dirs.iter().cloned());
        folders
    }

    /// Everything these settings make a command read, for `--watch`: the project file,
    /// the project's `scenarios/` and `rubrics/` (also while they are not there, so that
    /// making one counts as a change) and the extra folders.
    pub fn paths_read(&self) -> Vec<PathBuf> {
        let root = self
            .config_file
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        let mut paths: Vec<PathBuf> = self.config_file.iter().cloned().collect();
        paths.extend(PROJECT_FOLDERS.iter().map(|f| root.join(f)));
        paths.extend(self.dirs.iter().cloned());
        paths
    }

    /// Folders `check` and `test` read besides the paths they are given: the project's
    /// (beside `rehearse.toml`, or the working folder's) and the extra ones, so a scenario
    /// can name a rubric of its project without `--dir`.
    pub fn context_folders(&self) -> Vec<PathBuf> {
        let mut folders = self.project_folders.clone();
        folders.extend(self.dirs.iter().cloned());
        folders
    }
}

/// The nearest `rehearse.toml` at or above `cwd`: its path and its folder, both as seen
/// from `cwd` (`rehearse.toml`, `../../rehearse.toml`), so messages stay short. The
/// nearest one that exists but is not a regular file (a folder, a named pipe) is an
/// error: skipping it would silently use another project's settings, or none.
pub fn find(cwd: &Path) -> Result<Option<(PathBuf, PathBuf)>, Diagnostic> {
    let mut up = PathBuf::new();
    for folder in cwd.ancestors() {
        // Looked at without opening: opening a named pipe waits for a writer.
        let actual = folder.join(FILE_NAME);
        if let Ok(metadata) = std::fs::metadata(&actual) {
            let path = up.join(FILE_NAME);
            if !metadata.is_file() {
                return Err(not_a_file(&path, &actual));
            }
            return Ok(Some((path, up)));
        }
        up.push("..");
    }
    Ok(None)
}

/// `rehearse.toml` is there but is not a file: `path` is how it is named, `actual` where
/// it is.
fn not_a_file(path: &Path, actual: &Path) -> Diagnostic {
    let found = match crate::source::expect_file(actual, false) {
        Err(crate::source::ReadError::NotAFile { found, .. }) => found,
        _ => "not a regular file",
    };
    Diagnostic::error(
        "not-a-file",
        format!("{} is {found}, not a file", path.display()),
    )
    .with_help(format!(
        "{FILE_NAME} marks a project and holds its settings: it must be a TOML text file (it may be empty); move what is there aside and write the file"
    ))
}

/// Reads and validates one `rehearse.toml`, at `path` from `cwd` (and named so).
pub fn read(cwd: &Path, path: &Path) -> Result<ConfigFile, Diagnostic> {
    let mut source = crate::source::read_source(&cwd.join(path)).map_err(|e| e.to_diagnostic())?;
    source.name = path.display().to_string();
    parse(&Arc::new(source))
}

/// Parses `rehearse.toml` text: TOML errors and unknown keys with file:line:col, values
/// checked for range.
pub fn parse(source: &Arc<SourceFile>) -> Result<ConfigFile, Diagnostic> {
    let file: ConfigFile = toml::from_str(&source.text).map_err(|e| toml_error(source, &e))?;
    if let Some(mark) = file.pass_mark
        && !(0.0..=100.0).contains(&mark)
    {
        return Err(Diagnostic::error(
            "out-of-range",
            format!("pass_mark {mark} is outside 0–100"),
        )
        .at(source, value_span(source, "pass_mark"))
        .with_help("the pass mark is a percentage, e.g. `pass_mark = 70`"));
    }
    Ok(file)
}

/// The keys `rehearse.toml` may hold.
pub const KEYS: [&str; 6] = [
    "dirs",
    "pass_mark",
    "trainee_id",
    "xapi_base",
    "xapi_home_page",
    "color",
];

fn toml_error(source: &Arc<SourceFile>, error: &toml::de::Error) -> Diagnostic {
    let span = error
        .span()
        .map(|r| Span::new(r.start, r.end.max(r.start + 1).min(source.text.len())));
    let message = error.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        let allowed = KEYS.map(|k| format!("`{k}`")).join(", ");
        let help = match did_you_mean(key, KEYS) {
            Some(best) => format!("did you mean `{best}`? (allowed: {allowed})"),
            None => format!("allowed: {allowed}"),
        };
        return Diagnostic::error("unknown-key", format!("unknown key `{key}`"))
            .at(source, span)
            .with_label("not a key here")
            .with_help(help);
    }
    let code = if message.contains("invalid type") || message.contains("unknown variant") {
        "wrong-type"
    } else {
        "toml-syntax"
    };
    let message = message.lines().next().unwrap_or("").to_string();
    Diagnostic::error(code, message)
        .at(source, span)
        .with_help("rehearse.toml keys: dirs = [\"folder\"], pass_mark = 70, trainee_id = \"…\", xapi_base = \"https://…\", xapi_home_page = \"https://…\", color = \"auto\"|\"always\"|\"never\"")
}

/// Where `key = value`'s value starts on its line, for range errors.
fn value_span(source: &SourceFile, key: &str) -> Option<Span> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            let start = offset + line.len() - value.trim_start().len();
            let len = value.trim().len().max(1);
            return Some(Span::new(start, start + len));
        }
        offset += line.len();
    }
    None
}

/// A config file's text as a source (for tests and `-`-less callers).
pub fn source(name: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(
        name,
        Origin::Disk(PathBuf::from(name)),
        text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_suggest_and_point() {
        let error = parse(&source("rehearse.toml", "pass_mark = 70\ndir = [\"x\"]\n")).unwrap_err();
        assert_eq!(error.code, "unknown-key");
        assert_eq!(error.location().unwrap(), "rehearse.toml:2:1");
        assert!(error.help.unwrap().starts_with("did you mean `dirs`?"));
    }

    #[test]
    fn layers_merge_flags_over_env_over_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "dirs = [\"shared\"]\ncolor = \"never\"\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("scenarios")).unwrap();
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        let none = |_: &str| None;
        let env = |_: &str| Some(OsString::from("e1:e2"));
        let flags = Flags {
            dirs: vec![PathBuf::from("f")],
            color: Some(ColorChoice::Always),
        };
        let s = Settings::resolve(&Flags::default(), none, &inner).unwrap();
        assert_eq!(s.config_file, Some(PathBuf::from("../../rehearse.toml")));
        assert_eq!(s.dirs, [PathBuf::from("../../shared")]);
        assert_eq!(s.project_folders, [PathBuf::from("../../scenarios")]);
        assert_eq!(s.color_file, Some(ColorChoice::Never));
        let s = Settings::resolve(&Flags::default(), env, &inner).unwrap();
        assert_eq!(s.dirs, [PathBuf::from("e1"), PathBuf::from("e2")]);
        let s = Settings::resolve(&flags, env, &inner).unwrap();
        assert_eq!(s.dirs, [PathBuf::from("f")]);
        assert_eq!(s.color_flag, Some(ColorChoice::Always));
    }
}
