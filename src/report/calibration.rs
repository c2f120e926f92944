//! `calibrate`'s results for people (a table of figures, then the disagreements) and for
//! machines (JSON with the figures worked out).

use colored::Colorize;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use crate::grading::calibration::{Agreement, Calibration};

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{x:.2}"))
}

/// The table of figures, then up to `show` disagreements per key, then what could not be
/// judged.
pub fn render_text(result: &Calibration, show: usize, min_f1: Option<f64>, color: bool) -> String {
    let mut out = String::new();
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header([
        "skill / rule",
        "n",
        "TP",
        "FP",
        "FN",
        "TN",
        "P",
        "R",
        "F1",
        "κ",
    ]);
    for a in &result.agreement {
        let mut f1 = figure(a.f1());
        if min_f1.is_some_and(|min| a.f1().is_some_and(|f| f < min)) {
            f1.push_str(" ✗");
        }
        let key = match a.target {
            Some(crate::grading::calibration::Target::Guard) => format!("{} (breaches)", a.key),
            _ => a.key.clone(),
        };
        table.add_row([
            key,
            a.n.to_string(),
            a.tp.to_string(),
            a.fp.to_string(),
            a.fn_.to_string(),
            a.tn.to_string(),
            figure(a.precision()),
            figure(a.recall()),
            f1,
            figure(a.kappa()),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    // Disagreements come item by item; they are shown key by key, in the table's order
    // (keys the table does not list last), each key's in item order.
    let rank = |key: &str| {
        result
            .agreement
            .iter()
            .position(|a| a.key == key)
            .unwrap_or(usize::MAX)
    };
    let mut disagreements: Vec<_> = result.disagreements.iter().collect();
    disagreements.sort_by_cached_key(|d| rank(&d.key));
    let mut shown_for = std::collections::BTreeMap::<&str, usize>::new();
    let mut left = 0;
    for d in disagreements {
        let count = shown_for.entry(d.key.as_str()).or_default();
        *count += 1;
        if *count > show {
            left += 1;
            continue;
        }
        if *count == 1 {
            let title = format!("\n{}: disagreements", d.key);
            out.push_str(&if color {
                title.bold().to_string()
            } else {
                title
            });
            out.push('\n');
        }
        let verdict = |b: bool| if b { "yes" } else { "no" };
        out.push_str(&format!(
            "  {}  trainer: {}, grader: {}\n",
            d.item,
            verdict(d.label),
            verdict(d.verdict)
        ));
        for line in d.text.lines() {
            out.push_str(&format!("    > {line}\n"));
        }
        for e in &d.evidence {
            out.push_str(&format!("    - {e}\n"));
        }
        if let Some(note) = &d.note {
            out.push_str(&format!("    note: {note}\n"));
        }
    }
    if left > 0 {
        out.push_str(&format!(
            "\n…and {left} more disagreements (--show N, or --format json for all)\n"
        ));
    }
    for u in &result.unjudged {
        out.push_str(&format!("not judged: {}: {}\n", u.item, u.reason));
    }
    out
}

fn figures(a: &Agreement) -> serde_json::Value {
    serde_json::json!({
        "key": a.key, "target": a.target, "n": a.n,
        "tp": a.tp, "fp": a.fp, "fn": a.fn_, "tn": a.tn,
        "precision": a.precision(), "recall": a.recall(), "f1": a.f1(), "kappa": a.kappa(),
    })
}

/// Everything as JSON: figures per key, every disagreement, what was not judged.
pub fn render_json(result: &Calibration, min_f1: Option<f64>) -> String {
    let value = serde_json::json!({
        "min_f1": min_f1,
        "agreement": result.agreement.iter().map(figures).collect::<Vec<_>>(),
        "disagreements": result.disagreements,
        "unjudged": result.unjudged,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
