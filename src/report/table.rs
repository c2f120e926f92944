//! The cohort as a terminal table with a summary.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use crate::batch::Cohort;

/// Renders the table report.
pub fn render(cohort: &Cohort) -> String {
    let mut out = String::new();
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header([
        "trainee",
        "scenario",
        "attempt",
        "score",
        "result",
        "weakest skill",
        "ending",
    ]);
    for row in &cohort.rows {
        let weakest = cohort
            .weakest(row)
            .map(|(skill, score)| format!("{} ({:.0}%)", skill.name, score * 100.0))
            .unwrap_or_default();
        table.add_row([
            row.trainee.to_string(),
            cohort.scenario(row).to_string(),
            row.attempt.to_string(),
            format!("{:.1}%", row.total),
            row.verdict().to_string(),
            weakest,
            row.ending.to_string(),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    let refused: Vec<_> = cohort
        .rows
        .iter()
        .filter(|r| r.tampered.is_some() || r.signature_refused.is_some())
        .collect();
    if !refused.is_empty() {
        out.push_str(&format!(
            "\n{} transcript(s) refused, never a pass:\n",
            refused.len()
        ));
        for row in refused {
            let why = match &row.tampered {
                Some(at) => format!("edited after the run, replay differs at {at}"),
                None => row.signature_refused.unwrap_or_default().to_string(),
            };
            out.push_str(&format!(
                "  {}: {}: {why}\n",
                cohort.file(row),
                row.verdict()
            ));
        }
    }
    if !cohort.problems.is_empty() {
        out.push_str(&format!(
            "\n{} file(s) could not be graded:\n",
            cohort.problems.len()
        ));
        for p in &cohort.problems {
            let at = match (p.line, p.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
                _ => p.file.clone(),
            };
            out.push_str(&format!("  {at}: {}\n", p.message));
        }
    }
    let s = cohort.summary();
    let mut incomplete = if s.incomplete > 0 {
        format!(", {} incomplete", s.incomplete)
    } else {
        String::new()
    };
    if s.tampered > 0 {
        incomplete.push_str(&format!(", {} tampered", s.tampered));
    }
    if s.signature_refused > 0 {
        incomplete.push_str(&format!(
            ", {} refused for their signature",
            s.signature_refused
        ));
    }
    out.push_str(&format!(
        "\nCohort: {} graded, {} passed ({:.0}%){incomplete}, mean {:.1}%, median {:.1}%\n",
        s.graded,
        s.passed,
        s.pass_rate * 100.0,
        s.mean,
        s.median
    ));
    if !s.skills.is_empty() {
        let mut skills = Table::new();
        skills.load_preset(UTF8_FULL_CONDENSED);
        skills.set_header(["skill", "average", "missed by"]);
        let mut sorted = s.skills.clone();
        sorted.sort_by(|a, b| {
            b.missed
                .total_cmp(&a.missed)
                .then(a.average.total_cmp(&b.average))
        });
        for skill in &sorted {
            skills.add_row([
                skill.name.clone(),
                format!("{:.0}%", skill.average * 100.0),
                format!("{:.0}% of {}", skill.missed * 100.0, skill.applied),
            ]);
        }
        out.push_str(&skills.to_string());
        out.push('\n');
    }
    out
}
