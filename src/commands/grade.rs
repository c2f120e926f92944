//! `rehearse grade`: score a cohort of transcripts and report it.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{BatchOptions, grade_files, transcript_files};
use crate::cli::{CliError, GradeArgs, Outcome, ReportFormat};
use crate::library::Library;
use crate::report::spool::Spool;
use crate::report::{html, machine, table};

use super::out_file;

/// Runs `grade`.
pub fn run(args: &GradeArgs, library: &Library) -> Result<Outcome, CliError> {
    super::expect_paths(&args.paths)?;
    if let Some(pass) = args.pass
        && !(0.0..=100.0).contains(&pass)
    {
        return Err(CliError::Usage(format!("--pass {pass} is outside 0–100")));
    }
    super::known_rubrics(library, &args.rubric)?;
    let key = super::exam_key()?;
    if args.require_signature && key.is_none() {
        return Err(CliError::Usage(
            "--require-signature needs the exam key to check signatures with: set REHEARSE_EXAM_KEY, or REHEARSE_EXAM_KEY_FILE to a file holding it".into(),
        ));
    }
    if args.lrs.is_some() && args.format != ReportFormat::Xapi {
        return Err(CliError::Usage(
            "--lrs posts xAPI statements: add --format xapi".into(),
        ));
    }
    let lrs = match &args.lrs {
        Some(url) => {
            let credentials = std::env::var("REHEARSE_LRS_AUTH").ok();
            Some(
                crate::lrs::Lrs::new(url, credentials.as_deref())
                    .map_err(|e| CliError::Usage(e.to_string()))?,
            )
        }
        None => None,
    };
    let xapi = crate::report::xapi::XapiOptions {
        home_page: args
            .xapi_home_page
            .clone()
            .or_else(|| std::env::var("REHEARSE_XAPI_HOME_PAGE").ok())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| crate::report::xapi::DEFAULT_HOME_PAGE.to_string()),
        base: args.xapi_base.clone(),
    };
    let files = transcript_files(&args.paths);
    if files.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::Usage(format!(
            "no transcripts found in {}: grade reads .yaml, .yml and .json files, in folders and their subfolders",
            paths.join(", ")
        )));
    }
    if let Some(out) = &args.out {
        let library_files = out_file::library_inputs(library);
        let transcripts = files.iter().map(|f| (f.as_path(), "a transcript"));
        let library_files = library_files.iter().map(|(f, what)| (f.as_path(), *what));
        out_file::refuse_inputs(out, transcripts.chain(library_files))?;
    }
    let bar = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("grading {bar:40} {pos}/{len} ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // JSON and HTML show evidence; the other reports need only per-skill scores.
    let details = matches!(args.format, ReportFormat::Json | ReportFormat::Html);
    let options = BatchOptions {
        rubrics: args.rubric.clone(),
        pass: args.pass,
        details,
        allow_changed_scenarios: args.allow_changed_scenarios,
        key,
        require_signature: args.require_signature,
    };
    let out_error = |e: std::io::Error| match &args.out {
        Some(path) => CliError::io(path, e),
        None => CliError::io(std::path::Path::new("standard output"), e),
    };
    let mut out = Destination::open(args.out.as_deref()).map_err(out_error)?;
    let progress = || bar.inc(1);
    // Full results (JSON) and drill-downs (HTML) go to a spool file as they are graded,
    // and into the report once the cohort's attempt numbers are known; the cohort keeps
    // one compact row per transcript.
    let cohort = match args.format {
        ReportFormat::Json => {
            let mut spool = Spool::new().map_err(out_error)?;
            let render = machine::json_result;
            let cohort = grade_files(
                files,
                library,
                &options,
                &progress,
                Some(&render),
                &mut |_, rendered| spool.push(rendered),
            )
            .map_err(out_error)?;
            machine::json(&cohort, spool, out.writer()).map_err(out_error)?;
            cohort
        }
        ReportFormat::Html => {
            let mut spool = Spool::new().map_err(out_error)?;
            let render = |row: &crate::batch::GradedRow| Ok(html::drill_down(row).into_bytes());
            let cohort = grade_files(
                files,
                library,
                &options,
                &progress,
                Some(&render),
                &mut |_, rendered| spool.push(rendered),
            )
            .map_err(out_error)?;
            html::render(
                &cohort,
                "rehearse certification report",
                spool,
                out.writer(),
            )
            .map_err(out_error)?;
            cohort
        }
        ReportFormat::Xapi => {
            let render = |row: &crate::batch::GradedRow| crate::report::xapi::line(row, &xapi);
            // Statements for the LRS, kept with their ids until the cohort is graded.
            let mut posted: Vec<(String, Vec<u8>)> = Vec::new();
            let writer = out.writer();
            let cohort = grade_files(
                files,
                library,
                &options,
                &progress,
                Some(&render),
                &mut |_, line| {
                    if lrs.is_some() {
                        let id = serde_json::from_slice::<serde_json::Value>(line)
                            .ok()
                            .and_then(|v| v["id"].as_str().map(String::from))
                            .unwrap_or_default();
                        posted.push((id, line.to_vec()));
                    }
                    writer.write_all(line)
                },
            )
            .map_err(out_error)?;
            if let Some(lrs) = &lrs {
                bar.finish_and_clear();
                let delivery = lrs.post_all(&posted);
                eprintln!(
                    "LRS: {} of {} statement(s) stored",
                    delivery.stored,
                    posted.len()
                );
                for failed in &delivery.failed {
                    eprintln!(
                        "LRS: {} statement(s) NOT stored: {}\n  ids: {}",
                        failed.ids.len(),
                        failed.why,
                        failed.ids.join(", ")
                    );
                }
                if !delivery.failed.is_empty() {
                    out.finish().map_err(out_error)?;
                    return Ok(Outcome::Failed);
                }
            }
            cohort
        }
        format => {
            let cohort = grade_files(files, library, &options, &progress, None, &mut |_, _| {
                Ok::<(), std::io::Error>(())
            })
            .map_err(out_error)?;
            let writer = out.writer();
            match format {
                ReportFormat::Csv => machine::csv(&cohort, writer),
                ReportFormat::Junit => machine::junit(&cohort, writer),
                _ => writer.write_all(table::render(&cohort).as_bytes()),
            }
            .map_err(out_error)?;
            cohort
        }
    };
    bar.finish_and_clear();
    out.finish().map_err(out_error)?;
    Ok(if cohort.all_passed() && !cohort.rows.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// Where the report goes: standard output, or a temporary file beside `--out` that
/// replaces it only once the whole report is written.
enum Destination {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(
        std::io::BufWriter<crate::temp_file::TempFile>,
        std::path::PathBuf,
    ),
}

impl Destination {
    fn open(path: Option<&std::path::Path>) -> std::io::Result<Destination> {
        let Some(path) = path else {
            return Ok(Destination::Stdout(std::io::BufWriter::new(
                std::io::stdout(),
            )));
        };
        let temp = crate::temp_file::TempFile::beside(path)?;
        Ok(Destination::File(
            std::io::BufWriter::with_capacity(1 << 16, temp),
            path.to_path_buf(),
        ))
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Destination::Stdout(w) => w,
            Destination::File(w, _) => w,
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Destination::Stdout(mut w) => w.flush(),
            Destination::File(w, path) => {
                let temp = w.into_inner().map_err(|e| e.into_error())?;
                temp.persist(&path)
            }
        }
    }
}
