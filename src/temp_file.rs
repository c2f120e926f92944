//! Temporary files beside their targets (transcripts, reports), renamed over the target
//! once complete so that a reader never sees half a file. A temporary file is removed on
//! every other exit path: when dropped (an error, a panic) and when the process is told
//! to stop — SIGHUP when the terminal closes, SIGTERM, SIGINT — by a thread that removes
//! the live ones before the signal takes its usual course.
//!
//! Invariant: a path is in [`LIVE`] exactly while its file exists under that name; every
//! creation, rename and removal happens with the lock held, so the signal thread never
//! misses a file nor removes a finished one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

use tempfile::NamedTempFile;

/// Temporary files that exist now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

static WATCH_SIGNALS: Once = Once::new();

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the lock leaves the list itself intact.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file in the folder of the file it will replace.
#[derive(Debug)]
pub struct TempFile {
    /// `None` only once persisted.
    file: Option<NamedTempFile>,
}

impl TempFile {
    /// A new temporary file in the folder `path` will be in (created if need be).
    pub fn beside(path: &Path) -> std::io::Result<TempFile> {
        WATCH_SIGNALS.call_once(watch_signals);
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(folder)?;
        let mut live = live();
        let file = NamedTempFile::new_in(folder)?;
        live.push(file.path().to_path_buf());
        Ok(TempFile { file: Some(file) })
    }

    /// Syncs the file and renames it over `path`.
    pub fn persist(self, path: &Path) -> std::io::Result<()> {
        self.finish(path, true)
    }

    /// Like [`TempFile::persist`], but only if nothing is at `path` yet (`AlreadyExists`
    /// otherwise, and the temporary file is removed): the file appears whole and never
    /// replaces someone else's.
    pub fn persist_new(self, path: &Path) -> std::io::Result<()> {
        self.finish(path, false)
    }

    /// The file gets the permissions of the file it replaces, or those of a newly created
    /// file (temporary files start private, but transcripts and reports are shared).
    fn finish(mut self, path: &Path, replace: bool) -> std::io::Result<()> {
        let file = self
            .file
            .as_ref()
            .expect("a TempFile is unpersisted until finish");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = match std::fs::metadata(path) {
                Ok(existing) => existing.permissions(),
                Err(_) => std::fs::Permissions::from_mode(0o644),
            };
            file.as_file().set_permissions(permissions)?;
        }
        file.as_file().sync_all()?;
        let mut live = live();
        let temp = self.file.take().expect("checked above");
        let name = temp.path().to_path_buf();
        let renamed = if replace {
            temp.persist(path)
        } else {
            temp.persist_noclobber(path)
        };
        match renamed {
            Ok(_) => {
                live.retain(|p| *p != name);
                Ok(())
            }
            Err(e) => {
                // Still there: removed when `self` drops.
                self.file = Some(e.file);
                Err(e.error)
            }
        }
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file
            .as_mut()
            .expect("a TempFile is unpersisted until finish")
            .write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut live = live();
            let name = file.path().to_path_buf();
            drop(file);
            live.retain(|p| *p != name);
        }
    }
}

/// Starts the thread that removes live temporary files when the process is told to stop,
/// then lets the signal end the process as it would have (so the exit status still says
/// which signal it was). Without it the signal's default action would end the process
/// with the files still there.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // If the handlers cannot be installed, signals keep their default action: the files
    // are still removed on every other path.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("temp-file-cleanup".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let live = live();
                for path in live.iter() {
                    let _ = std::fs::remove_file(path);
                }
                // Ends the process; the lock stays held so no new file appears meanwhile.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                drop(live);
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
fn watch_signals() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn dropped_or_refused_temp_files_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        let mut temp = TempFile::beside(&target).unwrap();
        temp.write_all(b"half a rep").unwrap();
        assert_eq!(entries(dir.path()).len(), 1);
        drop(temp);
        assert!(entries(dir.path()).is_empty());

        std::fs::write(&target, "kept\n").unwrap();
        let mut temp = TempFile::beside(&target).unwrap();
        temp.write_all(b"new").unwrap();
        let refused = temp.persist_new(&target).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(entries(dir.path()), vec!["report.csv"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");

        let mut temp = TempFile::beside(&target).unwrap();
        temp.write_all(b"new\n").unwrap();
        temp.persist(&target).unwrap();
        assert_eq!(entries(dir.path()), vec!["report.csv"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        assert!(!live().iter().any(|p| p.starts_with(dir.path())));
    }
}
