//! The command line: argument definitions (clap) and the outcome of a command. The
//! commands themselves live in `commands/`; `main.rs` only parses, dispatches and prints.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Terminal trainer for customer-service staff: simulated customers, rubric grading,
/// certification runs.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version, about, long_about = None, after_help = "\
Examples:
  rehearse list                          scenarios you can play
  rehearse play late-delivery            practise with coaching after each reply
  rehearse play --exam late-delivery     an exam: no coaching, scored at the end
  rehearse check my-scenarios/           validate your own files
  rehearse grade exams/ --format html --out cohort.html

Settings, strongest first: flags, then the environment (REHEARSE_DIR: extra folders,
separated as in PATH; NO_COLOR, CLICOLOR, CLICOLOR_FORCE), then the nearest
rehearse.toml in this folder or above (keys: dirs, pass_mark, trainee_id, xapi_base,
xapi_home_page, color), then built-in defaults. The scenarios/ and rubrics/ folders
beside rehearse.toml are loaded without --dir.")]
pub struct Cli {
    /// When to use colour: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), always, never [default: auto, or `color` in rehearse.toml].
    #[arg(long, value_enum, global = true)]
    pub color: Option<ColorChoice>,
    /// Extra folder of scenarios and rubrics (repeatable); they add to or override the
    /// built-in ones by id. Replaces REHEARSE_DIR and `dirs` in rehearse.toml.
    #[arg(long = "dir", value_name = "FOLDER", global = true)]
    pub dirs: Vec<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`, and `color` in rehearse.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colour when CLICOLOR_FORCE is set, else when writing to a terminal and neither
    /// NO_COLOR nor CLICOLOR=0 is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output format of `check` and `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// For people.
    Text,
    /// For tools.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List scenarios (and rubrics) available: built-in and from --dir.
    #[command(
        after_help = "Examples:\n  rehearse list\n  rehearse list --rubrics\n  rehearse list --dir ./my-scenarios\n  rehearse list --format json"
    )]
    List(ListArgs),
    /// Play a scenario in the terminal (the REPL).
    #[command(
        after_help = "Examples:\n  rehearse play                      choose from a menu\n  rehearse play late-delivery --trainee Alex\n  rehearse play late-delivery --exam --seed 7\n\nIn the conversation: /help /hint /repeat /score /transcript /restart /quit"
    )]
    Play(PlayArgs),
    /// Play a scenario non-interactively with replies from a file; writes the transcript.
    #[command(
        after_help = "Examples:\n  rehearse run late-delivery --replies replies.txt\n  rehearse run late-delivery --replies replies.yaml --seed 3 --out run.yaml\n  rehearse run late-delivery --replies - < replies.txt\n\nReplies: one per line, or blank-line separated paragraphs (--paragraphs), or a YAML list\n(a .yaml/.yml file). `-` reads them from standard input."
    )]
    Run(RunArgs),
    /// Grade transcripts (files or folders) in batch.
    #[command(
        after_help = "Examples:\n  rehearse grade exams/\n  rehearse grade exams/ --format junit --out results.xml\n  rehearse grade exams/ --rubric core --pass 75 --format html --out cohort.html\n  rehearse grade exams/ --format xapi --lrs https://lrs.example/xAPI/   (REHEARSE_LRS_AUTH=user:password)\n  cat exam.yaml | rehearse grade -       one transcript from standard input"
    )]
    Grade(GradeArgs),
    /// Validate scenarios and rubrics: errors with file:line:col, and lints.
    #[command(
        after_help = "Examples:\n  rehearse check                   built-ins plus ./scenarios and ./rubrics\n  rehearse check my-scenario.yaml\n  rehearse check rubrics/ --format json\n  rehearse check - < draft.yaml       one file from standard input\n  rehearse check --watch scenarios/   check again on every save (Ctrl-C stops)"
    )]
    Check(CheckArgs),
    /// Run rubric examples and scenario example play-throughs as tests.
    #[command(
        after_help = "Examples:\n  rehearse test                    everything built in\n  rehearse test rubrics/core.yaml\n  rehearse test my-scenarios/\n  rehearse test --format junit > examples.xml     for CI dashboards\n  rehearse test --watch rubrics/core.yaml         run again on every save (Ctrl-C stops)"
    )]
    Test(TestArgs),
    /// Show which rules a reply hits or misses, and why.
    #[command(
        after_help = "Examples:\n  rehearse explain --rubric core \"Hi, I'm sorry about the delay\"\n  rehearse explain --rubric difficult --scenario late-delivery \"It can be frustrating\"\n  echo \"Good morning\" | rehearse explain --rubric core --format json\n  rehearse explain --rubric core - < replies.txt     one reply per line\n  rehearse explain --watch --rubric rubrics/retail-basics.yaml \"Hi there\"   again on every save"
    )]
    Explain(ExplainArgs),
    /// Measure a rubric against a trainer's labels: precision, recall, F1 and Cohen's κ
    /// per skill, and every disagreement with its evidence.
    #[command(
        after_help = "Examples:\n  rehearse calibrate tests/labels/                 every labels file in a folder\n  rehearse calibrate my-labels.yaml --min-f1 0.9   exit 1 if any skill is under 0.9\n  rehearse calibrate turns.jsonl --rubric core --format json\n\nLabels: docs/labels.md; `rehearse schema labels` for editor completion."
    )]
    Calibrate(CalibrateArgs),
    /// Write a commented starting file for a scenario or rubric.
    #[command(
        after_help = "Examples:\n  rehearse new scenario broken-heater\n  rehearse new rubric retail-basics --stdout"
    )]
    New(NewArgs),
    /// Print the JSON Schema of a file format, for editor completion.
    #[command(
        after_help = "Examples:\n  rehearse schema scenario > .schemas/scenario.schema.json\n  rehearse schema rubric --draft 07 > .schemas/rubric.schema.json\n\nEach schema has an `$id` (urn:rehearse:schema:KIND:1). Files from `rehearse new` open with a\n`# yaml-language-server: $schema=../.schemas/KIND.schema.json` line; docs/editors.md\nshows VS Code and Neovim set-ups."
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  rehearse completions bash > ~/.local/share/bash-completion/completions/rehearse\n  rehearse completions zsh > ~/.zfunc/_rehearse        (with fpath+=~/.zfunc before compinit)\n  rehearse completions fish > ~/.config/fish/completions/rehearse.fish\n  rehearse completions powershell >> $PROFILE\n\nIn bash, zsh and fish, scenario and rubric ids complete to the built-in ones."
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output.
    #[command(
        after_help = "Examples:\n  rehearse man | man -l -\n  rehearse man > ~/.local/share/man/man1/rehearse.1"
    )]
    Man,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// List rubrics instead of scenarios.
    #[arg(long)]
    pub rubrics: bool,
    /// Output format: a table, or a JSON array of objects with the same columns.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// `play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario id; a menu is shown when absent.
    pub scenario: Option<String>,
    /// Exam mode: no coaching, hints, restarts or line history; scored at the end. An
    /// exam left before its ending is graded INCOMPLETE, never a pass. Signed when
    /// REHEARSE_EXAM_KEY (or REHEARSE_EXAM_KEY_FILE) holds the exam key.
    #[arg(long)]
    pub exam: bool,
    /// Trainee name recorded in the transcript (asked once if absent; needed when
    /// standard input is not a terminal).
    #[arg(long)]
    pub trainee: Option<String>,
    /// A stable id for the trainee (an email, an employee number), recorded in the
    /// transcript beside the name; `grade` counts attempts per id.
    #[arg(long, value_name = "ID")]
    pub trainee_id: Option<String>,
    /// Seed for the customer's line choices (random if absent).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where to save the transcript; it must not exist yet (default: a new file,
    /// transcripts/SCENARIO-TRAINEE-TIME-XXXX.yaml, the time to the millisecond).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario id.
    pub scenario: String,
    /// File with the trainee's replies; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub replies: PathBuf,
    /// Treat blank lines as reply separators (multi-line replies).
    #[arg(long)]
    pub paragraphs: bool,
    /// Seed for the customer's line choices.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Trainee name recorded in the transcript; without it the run is recorded as
    /// `scripted`, and suggestions leave a blank for the name: "(your name)".
    #[arg(long, default_value = crate::grading::names::UNNAMED_RUN)]
    pub trainee: String,
    /// A stable id for the trainee (an email, an employee number), recorded in the
    /// transcript beside the name; `grade` counts attempts per id.
    #[arg(long, value_name = "ID")]
    pub trainee_id: Option<String>,
    /// Exam mode recorded in the transcript; signed when REHEARSE_EXAM_KEY (or
    /// REHEARSE_EXAM_KEY_FILE) holds the exam key.
    #[arg(long)]
    pub exam: bool,
    /// Where to write the transcript (default: print the scorecard only); never the
    /// replies file or a --dir scenario or rubric.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the live coaching under each reply, as practice in `play` shows it (text
    /// format; never with --exam).
    #[arg(long, conflicts_with = "exam")]
    pub coach: bool,
    /// Scorecard format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// Report formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for the terminal, with a cohort summary.
    Table,
    /// Everything, including evidence per rule.
    Json,
    /// One row per transcript, one column per skill.
    Csv,
    /// JUnit XML: a testsuite per scenario, a testcase per trainee.
    Junit,
    /// A self-contained HTML page with charts.
    Html,
    /// xAPI 1.0.3 statements, one per attempt, as JSON Lines (for LRSs and LMSs).
    Xapi,
}

/// `grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Transcript files or folders (searched recursively); `-` reads one transcript
    /// from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Grade with these rubrics (ids or files) instead of the scenario's own.
    #[arg(long)]
    pub rubric: Vec<String>,
    /// Pass mark in percent, overriding the rubrics'.
    #[arg(long)]
    pub pass: Option<f64>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report here (atomically) instead of standard output; never a file the
    /// command reads.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Grade transcripts whose scenario or rubrics changed since the run, or that another
    /// revision of the simulated customer recorded, with a note. Such a conversation
    /// cannot be replayed to check that it was not edited, so by default it is listed as
    /// unverifiable and not graded.
    #[arg(long)]
    pub allow_changed_scenarios: bool,
    /// Certify only signed exams: an exam without a valid signature (REHEARSE_EXAM_KEY
    /// or REHEARSE_EXAM_KEY_FILE must hold the exam key) and any practice run are
    /// refused, never passed. Without it, signatures present are still checked when the
    /// key is set.
    #[arg(long)]
    pub require_signature: bool,
    /// xAPI: the actor's account homePage, the system trainee ids belong to (default:
    /// REHEARSE_XAPI_HOME_PAGE, else https://rehearse.invalid).
    #[arg(long, value_name = "URL")]
    pub xapi_home_page: Option<String>,
    /// xAPI: base IRI of scenario activities (BASE/scenarios/ID) and extensions.
    #[arg(long, value_name = "IRI", default_value = crate::report::xapi::DEFAULT_BASE)]
    pub xapi_base: String,
    /// Post the xAPI statements to this LRS (its xAPI endpoint) in batches, with
    /// credentials `user:password` from REHEARSE_LRS_AUTH; needs --format xapi. Exit 1
    /// if any statement was not stored.
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to report on (the project's scenarios/ and rubrics/ and --dir
    /// folders are read too, so references resolve); default: built-ins plus the
    /// project's folders (beside rehearse.toml, else ./scenarios and ./rubrics). `-`
    /// reads one file from standard input. Every error of each file is found; text shows
    /// 20 per file.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Run again whenever a file it reads changes (the paths given, the project's
    /// scenarios/ and rubrics/, --dir folders, rehearse.toml), with the time before each
    /// run; Ctrl-C stops.
    #[arg(long)]
    pub watch: bool,
}

/// `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Files or folders; default: built-ins plus the project's folders (beside
    /// rehearse.toml, else ./scenarios and ./rubrics).
    pub paths: Vec<PathBuf>,
    /// Print passing tests too (text format).
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Run again whenever a file it reads changes (the paths given, the project's
    /// scenarios/ and rubrics/, --dir folders, rehearse.toml), with the time before each
    /// run; Ctrl-C stops.
    #[arg(long)]
    pub watch: bool,
}

/// Output formats of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Failures with their explanation, then a count.
    Text,
    /// Every test with its result and explanation.
    Json,
    /// JUnit XML: a testsuite per rubric or scenario, a testcase per example.
    Junit,
}

/// `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rubric id or file (repeatable).
    #[arg(long, required = true)]
    pub rubric: Vec<String>,
    /// Scenario id whose facts fill placeholders such as {customer.name}.
    #[arg(long)]
    pub scenario: Option<String>,
    /// The reply; when absent or `-`, replies are read from standard input, one per line.
    pub reply: Option<String>,
    /// The trainee's name, which `introduce` rules look for ("Hi, Sam here").
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Run again whenever a file it reads changes (rubric files, the project's scenarios/
    /// and rubrics/, --dir folders, rehearse.toml), with the time before each run; the
    /// reply must be given as an argument. Ctrl-C stops.
    #[arg(long)]
    pub watch: bool,
}

/// `calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Labels files (YAML, or JSON Lines ending in .jsonl) or folders of them.
    #[arg(required = true)]
    pub labels: Vec<PathBuf>,
    /// Rubric ids that grade every item, instead of the files' own `rubrics:`.
    #[arg(long)]
    pub rubric: Vec<String>,
    /// Exit 1 when any labelled skill or rule has an F1 under this (0–1).
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// Most disagreements to print per skill (text format); all are in JSON.
    #[arg(long, default_value_t = 10)]
    pub show: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// What `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A scenario.
    Scenario,
    /// A rubric.
    Rubric,
}

/// `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its id (lower-case, dashes), also the file name.
    pub name: String,
    /// Print instead of writing scenarios/NAME.yaml or rubrics/NAME.yaml.
    #[arg(long)]
    pub stdout: bool,
}

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Scenario files.
    Scenario,
    /// Rubric files.
    Rubric,
    /// Transcript files.
    Transcript,
    /// Labels files for `calibrate` (the YAML layout; a JSON Lines line is one item).
    Labels,
}

/// `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum)]
    pub kind: SchemaKind,
    /// JSON Schema version: 2020-12, or 07 for editors whose YAML support knows only
    /// draft-07 (the YAML language server used by VS Code).
    #[arg(long, value_enum, default_value_t = SchemaDraft::D2020_12)]
    pub draft: SchemaDraft,
}

/// JSON Schema versions `schema` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaDraft {
    /// Draft 2020-12.
    #[value(name = "2020-12")]
    D2020_12,
    /// Draft-07.
    #[value(name = "07")]
    D07,
}

/// How a command ended, mapped to the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: success (for `grade`: everyone passed).
    Success,
    /// 1: a run, test or check failed.
    Failed,
    /// 2: bad usage or unreadable input.
    Usage,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failed => 1,
            Outcome::Usage => 2,
        }
    }
}

/// Errors that stop a command; `main` prints them and exits 2 (or 1 where noted).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something that does not exist or cannot work.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// Path involved.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// A file was unusable; the diagnostic says where and why.
    #[error("{}", .0.render(false))]
    Invalid(Box<crate::diagnostic::Diagnostic>),
    /// A path could not be read at all (missing, a folder, a pipe…): exit status 2.
    #[error("{}", .0.render(false))]
    Unreadable(Box<crate::diagnostic::Diagnostic>),
    /// rehearse.toml is unusable: exit status 2, as for a bad flag.
    #[error("{}", .0.render(false))]
    Config(Box<crate::diagnostic::Diagnostic>),
}

impl From<crate::source::ReadError> for CliError {
    fn from(error: crate::source::ReadError) -> Self {
        let diagnostic = Box::new(error.to_diagnostic());
        if error.is_io() {
            CliError::Unreadable(diagnostic)
        } else {
            CliError::Invalid(diagnostic)
        }
    }
}

impl CliError {
    /// An I/O error on a path.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Colour decisions for the two output streams.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    /// Colour on standard output.
    pub stdout: bool,
    /// Colour on standard error.
    pub stderr: bool,
}

impl Colors {
    /// From `--color`, then the environment (CLICOLOR_FORCE, NO_COLOR, CLICOLOR), then
    /// whether each stream is a terminal. colored gets the decision for stdout as an
    /// override, which replaces its own reading of the environment: so the environment
    /// must be read here, or CLICOLOR_FORCE would be lost.
    ///
    /// `flag` is `--color`; `file` is `color` in rehearse.toml, which the environment
    /// outranks (flags > environment > file > terminal).
    pub fn decide(flag: Option<ColorChoice>, file: Option<ColorChoice>) -> Colors {
        use std::io::IsTerminal;
        let from_env = color_from_env(|name| std::env::var_os(name));
        let from_file = match file {
            Some(ColorChoice::Always) => Some(true),
            Some(ColorChoice::Never) => Some(false),
            Some(ColorChoice::Auto) | None => None,
        };
        let decide = |terminal: bool| match flag {
            Some(ColorChoice::Always) => true,
            Some(ColorChoice::Never) => false,
            Some(ColorChoice::Auto) => from_env.unwrap_or(terminal),
            None => from_env.or(from_file).unwrap_or(terminal),
        };
        let colors = Colors {
            stdout: decide(std::io::stdout().is_terminal()),
            stderr: decide(std::io::stderr().is_terminal()),
        };
        colored::control::set_override(colors.stdout);
        colors
    }
}

/// What the environment says about colour, by the common conventions: CLICOLOR_FORCE set
/// (and not `0`) forces it on; otherwise NO_COLOR set (and not empty), or CLICOLOR=0, turns
/// it off; otherwise `None`, and the terminal decides.
fn color_from_env(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<bool> {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        Some(true)
    } else if set("NO_COLOR").is_some() || set("CLICOLOR").is_some_and(|v| v == "0") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<bool> {
        color_from_env(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| std::ffi::OsString::from(v))
        })
    }

    #[test]
    fn colour_from_the_environment() {
        assert_eq!(env(&[]), None);
        assert_eq!(env(&[("CLICOLOR_FORCE", "1")]), Some(true));
        assert_eq!(
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
            Some(true)
        );
        assert_eq!(env(&[("CLICOLOR_FORCE", "0")]), None);
        assert_eq!(env(&[("NO_COLOR", "1")]), Some(false));
        assert_eq!(env(&[("NO_COLOR", "")]), None);
        assert_eq!(env(&[("CLICOLOR", "0")]), Some(false));
        assert_eq!(env(&[("CLICOLOR", "1")]), None);
    }
}
