//! The file one session's transcript goes to. A session claims a name nobody else holds
//! (create-new semantics: two trainees starting the same scenario in the same instant in
//! a shared folder still get two files) and from then on writes only that file, each
//! save a temporary file in the same folder renamed over it.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::transcript::Transcript;

/// How many other names to try when a name is taken; a random 16-bit suffix makes even
/// one retry rare, so running out means something else is wrong (a folder that refuses
/// every new file).
const ATTEMPTS: usize = 64;

/// Where a session's first save should go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewFile {
    /// Exactly this path, which must not exist yet (`--out`).
    Exactly(PathBuf),
    /// A fresh name in `folder` made of `base`, the time to the millisecond and a random
    /// suffix: `BASE-YYYYMMDDHHMMSSmmm-XXXX.yaml`.
    Unique {
        /// The folder.
        folder: PathBuf,
        /// The start of the name, e.g. `SCENARIO-TRAINEE`.
        base: String,
    },
}

/// A transcript file this session created and is the only writer of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptFile {
    path: PathBuf,
}

impl AttemptFile {
    /// Creates the file with `transcript` as its first contents. Never replaces a file:
    /// `Exactly` fails with `AlreadyExists` when the path is taken, `Unique` tries
    /// another suffix.
    pub fn create(new: &NewFile, transcript: &Transcript) -> std::io::Result<AttemptFile> {
        match new {
            NewFile::Exactly(path) => {
                transcript.save_new(path)?;
                Ok(AttemptFile { path: path.clone() })
            }
            NewFile::Unique { folder, base } => {
                let stamp = stamp(jiff::Timestamp::now());
                let name = format!("{base}-{stamp}");
                create_unique(folder, &name, transcript, &mut random_suffix)
            }
        }
    }

    /// Creates `FOLDER/NAME.yaml`, or `FOLDER/NAME-XXXX.yaml` if that is taken.
    pub fn create_named(
        folder: &Path,
        name: &str,
        transcript: &Transcript,
    ) -> std::io::Result<AttemptFile> {
        let path = folder.join(format!("{name}.yaml"));
        match transcript.save_new(&path) {
            Ok(()) => Ok(AttemptFile { path }),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                create_unique(folder, name, transcript, &mut random_suffix)
            }
            Err(e) => Err(e),
        }
    }

    /// Replaces the file's contents with `transcript`, atomically.
    pub fn save(&self, transcript: &Transcript) -> std::io::Result<()> {
        transcript.save(&self.path)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Creates `FOLDER/NAME-SUFFIX.yaml` with the first suffix that is free.
fn create_unique(
    folder: &Path,
    name: &str,
    transcript: &Transcript,
    suffix: &mut dyn FnMut() -> String,
) -> std::io::Result<AttemptFile> {
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let path = folder.join(format!("{name}-{}.yaml", suffix()));
        match transcript.save_new(&path) {
            Ok(()) => return Ok(AttemptFile { path }),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::from(ErrorKind::AlreadyExists)))
}

/// A name made safe for a file or folder name: lower-case letters and digits, dashes for
/// the rest (`trainee` when nothing is left).
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-');
    if s.is_empty() { "trainee" } else { s }.to_string()
}

/// `YYYYMMDDHHMMSSmmm` in UTC: sorts by time, and is the same on every machine.
fn stamp(now: jiff::Timestamp) -> String {
    let millis = now.as_millisecond().rem_euclid(1000);
    format!("{}{millis:03}", now.strftime("%Y%m%d%H%M%S"))
}

fn random_suffix() -> String {
    format!("{:04x}", rand::random::<u16>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Mode;

    fn transcript(trainee: &str) -> Transcript {
        Transcript {
            rehearse: 1,
            scenario: "late-delivery".into(),
            scenario_hash: "sha256:0".into(),
            rubrics: Vec::new(),
            engine: None,
            trainee: trainee.into(),
            trainee_id: None,
            seed: 1,
            mode: Mode::Exam,
            started: "2026-11-20T09:30:00Z".into(),
            finished: None,
            ending: None,
            turns: Vec::new(),
            closing: Vec::new(),
            signature: None,
        }
    }

    fn unique(folder: &Path) -> NewFile {
        NewFile::Unique {
            folder: folder.to_path_buf(),
            base: "late-delivery-trainee".into(),
        }
    }

    #[test]
    fn two_sessions_starting_together_get_two_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = AttemptFile::create(&unique(dir.path()), &transcript("one")).unwrap();
        let second = AttemptFile::create(&unique(dir.path()), &transcript("two")).unwrap();
        assert_ne!(first.path(), second.path());
        first.save(&transcript("one, later")).unwrap();
        let read = |f: &AttemptFile| std::fs::read_to_string(f.path()).unwrap();
        assert!(read(&first).contains("trainee: one, later"));
        assert!(read(&second).contains("trainee: two"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_taken_name_is_never_replaced_but_another_suffix_is_tried() {
        let dir = tempfile::tempdir().unwrap();
        // The same instant and, at first, the same suffix: the worst case.
        let mut suffixes = ["abcd", "abcd", "ef01"].into_iter().map(String::from);
        let mut next = || suffixes.next().unwrap();
        let first = create_unique(dir.path(), "s-t-1", &transcript("one"), &mut next).unwrap();
        let second = create_unique(dir.path(), "s-t-1", &transcript("two"), &mut next).unwrap();
        assert_eq!(first.path(), dir.path().join("s-t-1-abcd.yaml"));
        assert_eq!(second.path(), dir.path().join("s-t-1-ef01.yaml"));
        let text = std::fs::read_to_string(first.path()).unwrap();
        assert!(text.contains("trainee: one"), "{text}");
    }

    #[test]
    fn an_exact_path_that_exists_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, "someone else's\n").unwrap();
        let error =
            AttemptFile::create(&NewFile::Exactly(path.clone()), &transcript("me")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone else's\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp left"
        );
    }

    #[test]
    fn names_sort_by_time_to_the_millisecond() {
        let t: jiff::Timestamp = "2026-11-20T09:30:00.045Z".parse().unwrap();
        assert_eq!(stamp(t), "20261120093000045");
    }
}
