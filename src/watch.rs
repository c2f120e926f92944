//! `--watch`: run a command, then run it again whenever a file it read changes, until
//! Ctrl-C. Any command can use it: each run names the files and folders it read, and only
//! those are watched, so a run may start reading new ones (a new `--dir` in
//! `rehearse.toml`, a folder that now exists) and they are watched from then on.
//!
//! This module never decides what a command reads and never renders a report; it prints
//! only its own lines: the separator before a re-run, and what it watches.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher, event::AccessKind, event::AccessMode};

use crate::cli::{CliError, Outcome};

/// How long the files must stay quiet before a re-run: an editor's save is often several
/// writes (a temporary file, a rename, a change of mode), and one re-run should see them all.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// The longest a stream of changes can hold a re-run back (a file being written for
/// seconds on end, a checkout of many files): past it, the run goes ahead.
const LONGEST_WAIT: Duration = Duration::from_secs(2);

/// Runs `run` and again after each change to what it read, until interrupted (Ctrl-C ends
/// the process). `run` pushes every file and folder it reads, or would read if it were
/// there, onto the list it is given, relative to the working folder. An error ends a run,
/// not the watch: it is printed and the files are watched for a fix.
pub fn watch(mut run: impl FnMut(&mut Vec<PathBuf>) -> Result<Outcome, CliError>) -> Outcome {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (sender, events) = channel();
    let mut watcher = match notify::recommended_watcher(sender) {
        Ok(watcher) => watcher,
        Err(error) => {
            eprintln!("error: cannot watch for changes: {error}");
            return Outcome::Usage;
        }
    };
    let mut watching = Watching::default();
    loop {
        let mut read = Vec::new();
        if let Err(error) = run(&mut read) {
            print_error(&error);
        }
        let interest = Interest::new(&cwd, &read);
        watching.follow(&mut watcher, &interest);
        println!(
            "watching {} for changes (Ctrl-C to stop)",
            interest.describe()
        );
        let _ = std::io::stdout().flush();
        let Some(changed) = next_change(&events, &interest) else {
            // The watcher is gone: nothing will ever change again.
            return Outcome::Usage;
        };
        println!("\n{}", separator(&changed, &cwd));
    }
}

/// The line printed before a re-run: the time and what changed.
fn separator(changed: &Path, cwd: &Path) -> String {
    let time = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    let name = changed.strip_prefix(cwd).unwrap_or(changed).display();
    let head = format!("── {time} ── {name} changed, running again ");
    let width = head.chars().count();
    format!("{head}{}", "─".repeat(80usize.saturating_sub(width).max(3)))
}

/// Prints an error as `main` would, so a failed run looks the same watched or not.
fn print_error(error: &CliError) {
    match error {
        CliError::Invalid(diagnostic)
        | CliError::Unreadable(diagnostic)
        | CliError::Config(diagnostic) => eprint!("{}", diagnostic.render(false)),
        other => eprintln!("error: {other}"),
    }
}

/// Waits for a change that matters, then for the files to go quiet; returns a path that
/// changed, or `None` when the watcher has stopped.
fn next_change(events: &Receiver<notify::Result<Event>>, interest: &Interest) -> Option<PathBuf> {
    let first = loop {
        let event = events.recv().ok()?;
        if let Some(path) = interest.relevant(event) {
            break path;
        }
    };
    let started = Instant::now();
    while started.elapsed() < LONGEST_WAIT {
        match events.recv_timeout(DEBOUNCE) {
            // Any event at all keeps the window open: the run waits for quiet.
            Ok(_) => continue,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(first)
}

/// What a run read, as absolute paths: folders (anything below counts) and files (that
/// path only; it may not exist yet).
#[derive(Debug, Default)]
struct Interest {
    folders: BTreeSet<PathBuf>,
    files: BTreeSet<PathBuf>,
}

impl Interest {
    fn new(cwd: &Path, read: &[PathBuf]) -> Interest {
        let mut interest = Interest::default();
        for path in read {
            if crate::source::is_stdin(path) {
                continue;
            }
            let path = cwd.join(path);
            if path.is_dir() {
                interest.folders.insert(path.canonicalize().unwrap_or(path));
            } else if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
                // Named through its folder's real path, as the events name it.
                let parent = parent.canonicalize().unwrap_or(parent.to_path_buf());
                interest.files.insert(parent.join(name));
            }
        }
        interest
    }

    /// What to ask the watcher for: each folder with everything below it, and each file's
    /// folder alone. A file is watched through its folder because editors often save by
    /// writing a new file and renaming it over the old one, which a watch on the old file
    /// would not see.
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut watches = BTreeSet::new();
        for folder in &self.folders {
            watches.insert((folder.clone(), true));
        }
        for file in &self.files {
            if let Some(parent) = file.parent().filter(|p| p.is_dir()) {
                watches.insert((parent.to_path_buf(), false));
            }
        }
        watches
    }

    /// The path an event is about, if it is a change to something read: reads (ours
    /// included) are not changes.
    fn relevant(&self, event: notify::Result<Event>) -> Option<PathBuf> {
        let event = event.ok()?;
        let change = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) | EventKind::Other => false,
            EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => {
                true
            }
        };
        if !change {
            return None;
        }
        event.paths.into_iter().find(|path| self.covers(path))
    }

    /// Whether a changed path is one read: a file named, or below a folder a YAML file or
    /// a new folder. Editors' and tools' temporary files (swap files, `sed -i`'s) are
    /// neither, so they neither trigger a run nor get named as the change.
    fn covers(&self, path: &Path) -> bool {
        if self.files.contains(path) {
            return true;
        }
        self.folders.iter().any(|folder| {
            path.starts_with(folder)
                && (matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                ) || path.is_dir())
        })
    }

    /// "3 files and 2 folders": what is there now (a file that may appear is watched
    /// for, but not counted).
    fn describe(&self) -> String {
        let files = self.files.iter().filter(|f| f.exists()).count();
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        match (files, self.folders.len()) {
            (files, 0) => count(files, "file"),
            (0, folders) => count(folders, "folder"),
            (files, folders) => {
                format!("{} and {}", count(files, "file"), count(folders, "folder"))
            }
        }
    }
}

/// The watches in place, so a run that reads the same files as the last one changes
/// nothing, and one that reads others adds and drops only those.
#[derive(Debug, Default)]
struct Watching {
    current: BTreeSet<(PathBuf, bool)>,
}

impl Watching {
    fn follow(&mut self, watcher: &mut impl Watcher, interest: &Interest) {
        let wanted = interest.watches();
        for (path, _) in self.current.difference(&wanted) {
            let _ = watcher.unwatch(path);
        }
        for (path, recursive) in wanted.difference(&self.current) {
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            // A folder that vanished between the run and now is simply not watched; its
            // parent's watch (if any) sees it come back.
            let _ = watcher.watch(path, mode);
        }
        self.current = wanted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_cover_yaml_below_them_and_files_only_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("rubrics")).unwrap();
        let interest = Interest::new(
            &root,
            &[
                PathBuf::from("rubrics"),
                PathBuf::from("rehearse.toml"),
                PathBuf::from("-"),
            ],
        );
        assert!(interest.covers(&root.join("rubrics/core.yaml")));
        assert!(interest.covers(&root.join("rubrics/deep/x.yml")));
        std::fs::create_dir(root.join("rubrics/new-folder")).unwrap();
        assert!(interest.covers(&root.join("rubrics/new-folder")));
        assert!(!interest.covers(&root.join("rubrics/sedxA3t37")));
        assert!(!interest.covers(&root.join("rubrics/.core.yaml.swp")));
        assert!(interest.covers(&root.join("rehearse.toml")));
        assert!(!interest.covers(&root.join("other.toml")));
        // rehearse.toml is not there: watched for, not counted.
        assert_eq!(interest.describe(), "1 folder");
        std::fs::write(root.join("rehearse.toml"), "").unwrap();
        assert_eq!(interest.describe(), "1 file and 1 folder");
        // The file is watched through its folder, non-recursively.
        assert!(interest.watches().contains(&(root.clone(), false)));
        assert!(interest.watches().contains(&(root.join("rubrics"), true)));
    }

    #[test]
    fn reads_are_not_changes() {
        let interest = Interest {
            files: [PathBuf::from("/p/s.yaml")].into(),
            ..Interest::default()
        };
        let event = |kind| Ok(Event::new(kind).add_path(PathBuf::from("/p/s.yaml")));
        assert_eq!(
            interest.relevant(event(EventKind::Access(AccessKind::Open(AccessMode::Any)))),
            None
        );
        assert_eq!(
            interest.relevant(event(EventKind::Access(AccessKind::Close(
                AccessMode::Read
            )))),
            None
        );
        assert_eq!(
            interest.relevant(event(EventKind::Modify(notify::event::ModifyKind::Any))),
            Some(PathBuf::from("/p/s.yaml"))
        );
    }

    #[test]
    fn the_separator_names_the_file_and_the_time() {
        let line = separator(Path::new("/p/scenarios/x.yaml"), Path::new("/p"));
        assert!(line.starts_with("── "), "{line}");
        assert!(
            line.contains(" ── scenarios/x.yaml changed, running again ─"),
            "{line}"
        );
        assert_eq!(line.chars().count(), 80, "{line}");
    }
}
