//! Reports for machines: JSON (everything), CSV (one row per transcript), JUnit XML.

use std::io::{self, Write};

use quick_xml::escape::escape;

use crate::batch::{Cohort, GradedRow};
use crate::report::spool::Spool;

/// Version of the JSON report's layout; bumped only on incompatible changes.
pub const JSON_REPORT_VERSION: u32 = 1;

/// The JSON report: each result (made by [`json_result`] while grading and spooled)
/// with its attempt number, then the problems and the summary.
pub fn json(cohort: &Cohort, results: Spool, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{{\n  \"rehearse_report\": {JSON_REPORT_VERSION},\n  \"results\": ["
    )?;
    results.replay(&mut |i, body| {
        if i > 0 {
            out.write_all(b",")?;
        }
        // Keys are in alphabetical order, and `attempt` comes first.
        write!(
            out,
            "\n    {{\n      \"attempt\": {},",
            cohort.rows[i].attempt
        )?;
        out.write_all(body)
    })?;
    out.write_all(if cohort.rows.is_empty() {
        b"],\n  \"problems\": "
    } else {
        b"\n  ],\n  \"problems\": "
    })?;
    write_nested(
        out,
        &serde_json::to_value(&cohort.problems).map_err(io::Error::other)?,
    )?;
    out.write_all(b",\n  \"summary\": ")?;
    write_nested(
        out,
        &serde_json::to_value(cohort.summary()).map_err(io::Error::other)?,
    )?;
    out.write_all(b"\n}\n")
}

/// One result of the JSON report (scorecard and evidence) as it stands in the `results`
/// list, without its opening brace: [`json`] opens the object with the attempt number,
/// known only once the whole cohort is read. Pure, so the batch makes it on the grading
/// threads.
pub fn json_result(row: &GradedRow) -> io::Result<Vec<u8>> {
    let value = serde_json::to_value(row).map_err(io::Error::other)?;
    let text = serde_json::to_string_pretty(&value).map_err(io::Error::other)?;
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    for line in text.lines().skip(1) {
        out.extend_from_slice(b"\n    ");
        out.extend_from_slice(line.as_bytes());
    }
    Ok(out)
}

/// A value pretty-printed as a member of the top-level object.
fn write_nested(out: &mut dyn Write, value: &serde_json::Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// CSV: file, trainee, scenario, mode, ending, score, passed, pass mark, critical
/// failures, result (`pass`, `FAIL`, `FAIL (critical)`, `INCOMPLETE`), trainee id,
/// attempt, started, finished, duration in seconds, replay (`matched`, `tampered`,
/// `not-replayed`), where replay differed and the signature (`valid`, `bad-signature`,
/// `unsigned`, `not-checked`), then one column per skill (`rubric.skill`,
/// score 0–1, empty when n/a).
pub fn csv(cohort: &Cohort, out: &mut dyn Write) -> io::Result<()> {
    let skills: Vec<usize> = cohort.skills().map(|(i, _)| i).collect();
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "file",
        "trainee",
        "scenario",
        "mode",
        "ending",
        "score",
        "passed",
        "pass_mark",
        "critical_failures",
        "result",
        "trainee_id",
        "attempt",
        "started",
        "finished",
        "duration_seconds",
        "replay",
        "tampered",
        "signature",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    header.extend(skills.iter().map(|&i| cohort.skill(i).id.clone()));
    writer.write_record(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for row in &cohort.rows {
        record.clear();
        record.extend([
            cell(&cohort.file(row)),
            cell(&row.trainee),
            cell(cohort.scenario(row)),
            row.mode.to_string(),
            row.ending.to_string(),
            format!("{:.1}", row.total),
            row.passed.to_string(),
            format!("{}", cohort.pass_mark(row)),
            cell(&row.critical_failures.join("; ")),
            row.verdict().to_string(),
            cell(row.trainee_id.as_deref().unwrap_or("")),
            row.attempt.to_string(),
            cell(&row.started),
            cell(row.finished.as_deref().unwrap_or("")),
            row.duration_seconds
                .map(|s| s.to_string())
                .unwrap_or_default(),
            row.replay.name().to_string(),
            cell(row.tampered.as_deref().unwrap_or("")),
            row.signature.name().to_string(),
        ]);
        for &skill in &skills {
            let score = cohort.score(row, skill);
            record.push(score.map(|v| format!("{v:.2}")).unwrap_or_default());
        }
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// A text cell that a spreadsheet will not run as a formula: cells starting with `=`, `+`,
/// `-` or `@` get a leading apostrophe (the usual CSV-injection guard).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// JUnit XML: one testsuite per scenario, one testcase per transcript (named by trainee);
/// a failed run is a `<failure>` listing the missed skills; an ungradeable file an `<error>`.
pub fn junit(cohort: &Cohort, out: &mut dyn Write) -> io::Result<()> {
    // Suites in order of first appearance, each listing its rows.
    let mut suites: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, row) in cohort.rows.iter().enumerate() {
        let scenario = cohort.scenario(row);
        match suites.iter_mut().find(|(name, _)| *name == scenario) {
            Some((_, rows)) => rows.push(i),
            None => suites.push((scenario, vec![i])),
        }
    }
    let failures_total = cohort.rows.iter().filter(|r| !r.passed).count();
    let tests_total = cohort.rows.len() + cohort.problems.len();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"rehearse\" tests=\"{tests_total}\" failures=\"{failures_total}\" errors=\"{}\">",
        cohort.problems.len()
    )?;
    for (scenario, rows) in &suites {
        let failures = rows.iter().filter(|&&i| !cohort.rows[i].passed).count();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            escape(*scenario),
            rows.len()
        )?;
        for &i in rows {
            let row = &cohort.rows[i];
            let pass_mark = cohort.pass_mark(row);
            // The JUnit schema CI servers validate against (Jenkins' junit-10.xsd) has no
            // `file` attribute on a testcase: the file goes in its output instead.
            // `time` is the conversation's duration, where known.
            let time = row
                .duration_seconds
                .map(|s| format!(" time=\"{s}\""))
                .unwrap_or_default();
            writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\"{time}>",
                escape(&*row.trainee),
                escape(format!("rehearse.{scenario}").as_str()),
            )?;
            if let Some(difference) = &row.tampered {
                writeln!(
                    out,
                    "      <failure message=\"TAMPERED: the transcript was edited after the run\" type=\"tampered\">{}</failure>",
                    escape(format!("replay differs at {difference}; never a pass").as_str())
                )?;
            } else if let Some(why) = row.signature_refused {
                writeln!(
                    out,
                    "      <failure message=\"{}: the signature does not certify this exam\" type=\"{}\">{}</failure>",
                    row.verdict(),
                    row.signature.name(),
                    escape(why)
                )?;
            } else if row.incomplete {
                writeln!(
                    out,
                    "      <failure message=\"INCOMPLETE: the exam did not reach an ending ({})\" type=\"incomplete\">{}</failure>",
                    escape(row.ending),
                    escape(
                        format!(
                            "score so far {:.1}%; an incomplete exam never passes",
                            row.total
                        )
                        .as_str()
                    )
                )?;
            } else if !row.passed {
                let message = if row.critical_failures.is_empty() {
                    format!(
                        "score {:.1}% is below the pass mark {}%",
                        row.total, pass_mark
                    )
                } else {
                    format!("critical failure: {}", row.critical_failures.join("; "))
                };
                let missed: Vec<String> = cohort
                    .scores(row)
                    .filter(|&(_, v)| v < 0.5)
                    .map(|(s, v)| {
                        let skill = cohort.skill(s);
                        format!("{} ({:.0}%): {}", skill.name, v * 100.0, skill.miss)
                    })
                    .collect();
                writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"below-pass-mark\">{}</failure>",
                    escape(message.as_str()),
                    escape(
                        format!(
                            "score {:.1}%\nmissed skills:\n{}",
                            row.total,
                            missed.join("\n")
                        )
                        .as_str()
                    )
                )?;
            }
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(
                    format!(
                        "{}: score {:.1}% (pass mark {}%), ending {}, file {}\n{}attempt {}, started {}, {}",
                        row.verdict(),
                        row.total,
                        pass_mark,
                        row.ending,
                        cohort.file(row),
                        row.trainee_id
                            .as_deref()
                            .map(|id| format!("trainee id {id}, "))
                            .unwrap_or_default(),
                        row.attempt,
                        row.started,
                        match (&row.finished, row.duration_seconds) {
                            (Some(f), Some(s)) => format!("finished {f}, duration {s} s"),
                            (Some(f), None) => format!("finished {f}"),
                            (None, _) => "no finish time".to_string(),
                        }
                    )
                    .as_str()
                )
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !cohort.problems.is_empty() {
        writeln!(
            out,
            "  <testsuite name=\"unreadable transcripts\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">",
            cohort.problems.len()
        )?;
        for p in &cohort.problems {
            writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"rehearse.problems\">\n      <error message=\"{}\" type=\"bad-transcript\"/>\n    </testcase>",
                escape(p.file.as_str()),
                escape(p.message.as_str())
            )?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
