//! Reports for machines: JSON (everything), CSV (one row per transcript), JUnit XML.

use quick_xml::escape::escape;

use crate::batch::Cohort;

/// Version of the JSON report's layout; bumped only on incompatible changes.
pub const JSON_REPORT_VERSION: u32 = 1;

/// JSON: summary, every result with its scorecard and evidence, every problem.
pub fn json(cohort: &Cohort) -> String {
    let value = serde_json::json!({
        "rehearse_report": JSON_REPORT_VERSION,
        "summary": cohort.summary(),
        "results": cohort.results,
        "problems": cohort.problems,
    });
    serde_json::to_string_pretty(&value).expect("report data always serialises")
}

/// CSV: file, trainee, scenario, mode, ending, score, passed, pass mark, critical
/// failures, then one column per skill (`rubric.skill`, score 0–1, empty when n/a).
pub fn csv(cohort: &Cohort) -> String {
    let skills: Vec<String> = cohort.summary().skills.into_iter().map(|s| s.id).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "file",
        "trainee",
        "scenario",
        "mode",
        "ending",
        "score",
        "passed",
        "pass_mark",
        "critical_failures",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(skills.iter().cloned());
    writer.write_record(&header).expect("writing to memory");
    for row in &cohort.results {
        let card = &row.scorecard;
        let mut record = vec![
            cell(&row.file),
            cell(&row.trainee),
            cell(&row.scenario),
            row.mode.clone(),
            row.ending.clone(),
            format!("{:.1}", card.total),
            card.passed.to_string(),
            format!("{}", card.pass_mark),
            cell(&card.critical_failures.join("; ")),
        ];
        for id in &skills {
            let score = card.skill(id).and_then(|s| s.score);
            record.push(score.map(|v| format!("{v:.2}")).unwrap_or_default());
        }
        writer.write_record(&record).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
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
pub fn junit(cohort: &Cohort) -> String {
    let mut suites: Vec<(String, Vec<&crate::batch::GradedRow>)> = Vec::new();
    for row in &cohort.results {
        match suites.iter_mut().find(|(name, _)| *name == row.scenario) {
            Some((_, rows)) => rows.push(row),
            None => suites.push((row.scenario.clone(), vec![row])),
        }
    }
    let failures_total = cohort
        .results
        .iter()
        .filter(|r| !r.scorecard.passed)
        .count();
    let tests_total = cohort.results.len() + cohort.problems.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"rehearse\" tests=\"{tests_total}\" failures=\"{failures_total}\" errors=\"{}\">\n",
        cohort.problems.len()
    ));
    for (scenario, rows) in &suites {
        let failures = rows.iter().filter(|r| !r.scorecard.passed).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            escape(scenario.as_str()),
            rows.len()
        ));
        for row in rows {
            let card = &row.scorecard;
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n",
                escape(row.trainee.as_str()),
                escape(format!("rehearse.{scenario}").as_str()),
                escape(row.file.as_str())
            ));
            if !card.passed {
                let message = if card.critical_failures.is_empty() {
                    format!(
                        "score {:.1}% is below the pass mark {}%",
                        card.total, card.pass_mark
                    )
                } else {
                    format!("critical failure: {}", card.critical_failures.join("; "))
                };
                let missed: Vec<String> = card
                    .skills
                    .iter()
                    .filter(|s| s.score.is_some_and(|v| v < 0.5))
                    .map(|s| {
                        format!(
                            "{} ({:.0}%): {}",
                            s.name,
                            s.score.unwrap_or(0.0) * 100.0,
                            s.feedback
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"below-pass-mark\">{}</failure>\n",
                    escape(message.as_str()),
                    escape(
                        format!(
                            "score {:.1}%\nmissed skills:\n{}",
                            card.total,
                            missed.join("\n")
                        )
                        .as_str()
                    )
                ));
            }
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                escape(
                    format!(
                        "score {:.1}% (pass mark {}%), ending {}",
                        card.total, card.pass_mark, row.ending
                    )
                    .as_str()
                )
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    if !cohort.problems.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"unreadable transcripts\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">\n",
            cohort.problems.len()
        ));
        for p in &cohort.problems {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"rehearse.problems\">\n      <error message=\"{}\" type=\"bad-transcript\"/>\n    </testcase>\n",
                escape(p.file.as_str()),
                escape(p.message.as_str())
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
