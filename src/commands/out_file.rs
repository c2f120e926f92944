//! `--out` never names a file the same command reads: `grade t.yaml --out t.yaml` would
//! replace the transcript with the report, `run --replies F --out F` the replies with the
//! transcript. Paths are compared canonicalised (so `./t.yaml`, `dir/../t.yaml` and
//! symbolic links are caught) and by file identity (hard links).

use std::path::{Path, PathBuf};

use crate::cli::CliError;
use crate::library::Library;
use crate::source::Origin;

/// A file a command reads, and what it is to that command ("a transcript").
pub type Input<'a> = (&'a Path, &'static str);

/// Refuses `out` (exit status 2) when it is one of `inputs`.
pub fn refuse_inputs<'a>(
    out: &Path,
    inputs: impl IntoIterator<Item = Input<'a>>,
) -> Result<(), CliError> {
    let Some(target) = canonical_target(out) else {
        return Ok(());
    };
    let identity = identity(out);
    for (input, what) in inputs {
        let same_path = std::fs::canonicalize(input).is_ok_and(|p| p == target);
        let same_file = identity.is_some() && identity == self::identity(input);
        if same_path || same_file {
            let also = if input == out {
                String::new()
            } else {
                format!(" ({})", input.display())
            };
            return Err(CliError::Usage(format!(
                "--out {} is {what} this command reads{also}; writing there would destroy it: choose another file",
                out.display()
            )));
        }
    }
    Ok(())
}

/// The scenario and rubric files of `library` that were read from disk.
pub fn library_inputs(library: &Library) -> Vec<(PathBuf, &'static str)> {
    let scenarios = library
        .scenarios
        .iter()
        .map(|s| (&s.source.origin, "a scenario"));
    let rubrics = library
        .rubrics
        .iter()
        .map(|r| (&r.source.origin, "a rubric"));
    scenarios
        .chain(rubrics)
        .filter_map(|(origin, what)| match origin {
            Origin::Disk(path) => Some((path.clone(), what)),
            Origin::BuiltIn => None,
        })
        .collect()
}

/// Where `out` is, canonically: the file itself when it exists, else its canonical folder
/// and name (`None` when the folder does not exist either: nothing can be there).
fn canonical_target(out: &Path) -> Option<PathBuf> {
    if let Ok(path) = std::fs::canonicalize(out) {
        return Some(path);
    }
    let name = out.file_name()?;
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(folder).ok().map(|f| f.join(name))
}

/// Device and inode, where the file exists (Unix); the canonical path covers the rest.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_any_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("t.yaml");
        std::fs::write(&input, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let inputs = [(input.as_path(), "a transcript")];
        let dotted = dir.path().join("sub/../t.yaml");
        assert!(refuse_inputs(&dotted, inputs).is_err());
        #[cfg(unix)]
        {
            let linked = dir.path().join("hard.yaml");
            std::fs::hard_link(&input, &linked).unwrap();
            assert!(refuse_inputs(&linked, inputs).is_err());
            let symlink = dir.path().join("soft.yaml");
            std::os::unix::fs::symlink(&input, &symlink).unwrap();
            assert!(refuse_inputs(&symlink, inputs).is_err());
        }
        assert!(refuse_inputs(&dir.path().join("report.csv"), inputs).is_ok());
        assert!(refuse_inputs(&dir.path().join("nowhere/report.csv"), inputs).is_ok());
    }
}
