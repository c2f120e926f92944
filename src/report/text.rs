//! Scorecards and highlighted replies for the terminal.

use colored::Colorize;

use crate::customer::Exchange;
use crate::grading::{Coaching, Priority, RuleScore, Scorecard, SkillScore, Tip};
use crate::locale::{EN, Messages, fill};
pub use crate::transcript::Finish;

/// Marks evidence in a reply: hits in green (or `[+…+]`), violations in red (or `[-…-]`).
/// Only evidence for turn 1 of `rules` is used when `turn` is `None`.
pub fn highlight(reply: &str, rules: &[&RuleScore], color: bool) -> String {
    highlight_turn(reply, rules, 1, color)
}

/// Evidence spans in one turn's reply, sorted and without overlaps: (start, end, positive).
pub fn marks(reply: &str, rules: &[&RuleScore], turn: usize) -> Vec<(usize, usize, bool)> {
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    for rule in rules {
        let positive = matches!(&*rule.kind, "require" | "mirror" | "personalise" | "ask");
        for e in rule.evidence.iter().filter(|e| e.turn == turn) {
            if let Some(span) = e.span
                && span.end <= reply.len()
                && reply.is_char_boundary(span.start)
                && reply.is_char_boundary(span.end)
            {
                marks.push((span.start, span.end, positive));
            }
        }
    }
    marks.sort();
    let mut kept: Vec<(usize, usize, bool)> = Vec::new();
    for mark in marks {
        // Overlapping evidence: the first mark wins.
        if kept.last().is_none_or(|last| mark.0 >= last.1) {
            kept.push(mark);
        }
    }
    kept
}

/// Like [`highlight`], for a given 1-based turn.
pub fn highlight_turn(reply: &str, rules: &[&RuleScore], turn: usize, color: bool) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (start, end, positive) in marks(reply, rules, turn) {
        out.push_str(&reply[at..start]);
        let words = &reply[start..end];
        match (color, positive) {
            (true, true) => out.push_str(&words.green().bold().to_string()),
            (true, false) => out.push_str(&words.red().bold().underline().to_string()),
            (false, true) => out.push_str(&format!("[+{words}+]")),
            (false, false) => out.push_str(&format!("[-{words}-]")),
        }
        at = end;
    }
    out.push_str(&reply[at..]);
    out
}

fn percent(score: Option<f64>, messages: &Messages) -> String {
    match score {
        Some(s) => format!("{:>4.0}%", s * 100.0),
        None => messages.not_applicable.to_string(),
    }
}

fn mark(score: Option<f64>, color: bool) -> String {
    mark_as(score, score.is_some_and(|s| s >= 1.0), color)
}

/// ✓ when met in full (for a skill: [`SkillScore::ticked`], what live coaching ticks), ~
/// for some credit, ✗ for none, – when not applicable.
fn mark_as(score: Option<f64>, shown: bool, color: bool) -> String {
    let (symbol, good) = match score {
        Some(_) if shown => ("✓", Some(true)),
        Some(s) if s > 0.0 => ("~", None),
        Some(_) => ("✗", Some(false)),
        None => ("–", None),
    };
    match (color, good) {
        (true, Some(true)) => symbol.green().to_string(),
        (true, Some(false)) => symbol.red().to_string(),
        (true, None) => symbol.yellow().to_string(),
        (false, _) => symbol.to_string(),
    }
}

/// Per skill and rule: score, evidence, coaching; then the total.
pub fn scorecard_details(card: &Scorecard, color: bool) -> String {
    let mut out = String::new();
    for skill in &card.skills {
        out.push_str(&skill_line(skill, &EN, color));
        for rule in &skill.rules {
            out.push_str(&format!(
                "    {} {} ({})",
                mark(rule.score, color),
                rule.id,
                rule.kind
            ));
            match rule.score {
                None => out.push_str(": not applicable to these replies\n"),
                Some(s) if s >= 1.0 && !rule.evidence.is_empty() && is_positive(rule) => {
                    let e = &rule.evidence[0];
                    out.push_str(&format!(": \"{}\" (turn {})\n", e.text, e.turn));
                }
                Some(s) if s >= 1.0 => out.push('\n'),
                Some(_) => {
                    out.push('\n');
                    if !is_positive(rule) {
                        for e in &rule.evidence {
                            let quoted = if e.text.is_empty() {
                                String::new()
                            } else {
                                format!("\"{}\" ", e.text)
                            };
                            out.push_str(&format!(
                                "        turn {}: {quoted}— {}\n",
                                e.turn, e.note
                            ));
                        }
                    }
                    if let Some(feedback) = &rule.feedback {
                        out.push_str(&format!("        {feedback}\n"));
                    }
                }
            }
        }
        if skill.score.is_some_and(|s| s < 1.0)
            && let Some(suggest) = &skill.suggest
        {
            out.push_str(&format!("        try: \"{suggest}\"\n"));
        }
    }
    for finding in &card.gaming {
        let head = format!("gaming, turn {} ({})", finding.turn, finding.kind);
        let head = if color { head.red().to_string() } else { head };
        out.push_str(&format!("  {head}: {}\n", finding.note));
    }
    out.push_str(&total_line(card, &EN, color));
    out
}

fn is_positive(rule: &RuleScore) -> bool {
    matches!(&*rule.kind, "require" | "mirror" | "personalise" | "ask")
}

fn skill_line(skill: &SkillScore, messages: &Messages, color: bool) -> String {
    let critical = if skill.critical {
        messages.critical_skill
    } else {
        ""
    };
    // Ids are what English-speaking trainers write rubrics with; elsewhere the name alone.
    let name = if messages.skills_by_id {
        format!("{} ({}.{}){critical}", skill.name, skill.rubric, skill.id)
    } else {
        format!("{}{critical}", skill.name)
    };
    let name = if color { name.bold().to_string() } else { name };
    format!(
        "{} {} {name}\n",
        mark_as(skill.score, skill.ticked(), color),
        percent(skill.score, messages)
    )
}

/// "Total 82.5% · pass mark 70% · PASS", with critical failures and the penalty.
pub fn total_line(card: &Scorecard, messages: &Messages, color: bool) -> String {
    total_line_as(card, Finish::Ended, messages, color)
}

fn total_line_as(card: &Scorecard, finish: Finish, messages: &Messages, color: bool) -> String {
    let passed = card.passed && finish == Finish::Ended;
    let verdict = match finish {
        Finish::Unfinished => messages.unfinished,
        Finish::WalkedOut => messages.walked_out,
        Finish::Escalated => messages.escalated,
        Finish::Ended if passed => messages.pass,
        Finish::Ended => messages.fail,
    };
    let verdict = match (color, passed) {
        (true, true) => verdict.green().bold().to_string(),
        (true, false) => verdict.red().bold().to_string(),
        (false, _) => verdict.to_string(),
    };
    let mut out = fill(
        messages.total,
        &[&format!("{:.1}", card.total), &card.pass_mark, &verdict],
    );
    out.push('\n');
    if card.penalty > 0.0 {
        let points = format!("{:.1}", card.penalty);
        out.push_str(&format!(
            "  {}\n",
            fill(messages.gaming_penalty, &[&points])
        ));
    }
    for failure in critical_failures(card, messages) {
        out.push_str(&format!(
            "  {}\n",
            fill(messages.critical_failure, &[&failure])
        ));
    }
    out
}

/// The critical failures as the trainee reads them: "Skill: rule-id" where rule ids are
/// read (English), else the skill's name and what the broken rule asks, in the rubric's
/// own words ("禁止行为：不能互相推诿责任…").
fn critical_failures(card: &Scorecard, messages: &Messages) -> Vec<String> {
    if messages.skills_by_id {
        return card.critical_failures.clone();
    }
    let mut out = Vec::new();
    for skill in &card.skills {
        let broken: Vec<&RuleScore> = skill
            .rules
            .iter()
            .filter(|r| r.critical && r.score.is_some_and(|s| s < 1.0))
            .collect();
        for rule in &broken {
            out.push(match &rule.feedback {
                Some(feedback) => format!("{}{}{feedback}", skill.name, messages.colon),
                None => skill.name.to_string(),
            });
        }
        if broken.is_empty() && skill.failed_critically() {
            out.push(skill.name.to_string());
        }
    }
    // A scorecard without rule details: its own list, names only.
    if out.is_empty() && !card.critical_failures.is_empty() {
        return card
            .critical_failures
            .iter()
            .map(|f| f.split(": ").next().unwrap_or(f).to_string())
            .collect();
    }
    out
}

/// A short scorecard: one line per skill, the total, and the three most useful pieces of
/// feedback, in the session's language.
pub fn scorecard_summary(card: &Scorecard, messages: &Messages, color: bool) -> String {
    summary(card, Finish::Ended, messages, color)
}

/// [`scorecard_summary`] of a call that did or did not reach its ending.
pub fn summary(card: &Scorecard, finish: Finish, messages: &Messages, color: bool) -> String {
    let mut out = String::new();
    for skill in &card.skills {
        out.push_str(&skill_line(skill, messages, color));
    }
    out.push_str(&total_line_as(card, finish, messages, color));
    let top = card.top_feedback(3);
    if !top.is_empty() {
        out.push_str(&format!("\n{}\n", messages.work_on));
        for (i, skill) in top.iter().enumerate() {
            let critical = if card.failed_critically(skill) {
                messages.critical
            } else {
                ""
            };
            out.push_str(&format!(
                "  {}. {}{critical}{}{}\n",
                i + 1,
                skill.name,
                messages.colon,
                skill.feedback
            ));
            if let Some(suggest) = &skill.suggest {
                out.push_str(&format!("     {}\n", fill(messages.try_lower, &[suggest])));
            }
        }
    }
    out
}

/// Live coaching under a reply, as `play` and `run --coach` print it: the skills ticked
/// (by name), wording that broke a rule, gaming, the next thing to work on, and why each
/// mood moved — in the session's language.
pub fn coaching(
    exchange: &Exchange,
    coaching: &Coaching,
    messages: &Messages,
    color: bool,
) -> String {
    let paint = |text: String, how: fn(&str) -> colored::ColoredString| {
        if color { how(&text).to_string() } else { text }
    };
    let mut out = String::new();
    let a = &exchange.assessment;
    if !coaching.ticks.is_empty() {
        let names: Vec<&str> = coaching.ticks.iter().map(|n| &**n).collect();
        out.push_str(&format!(
            "  {} {}\n",
            paint("✓".into(), |t| t.green()),
            paint(names.join(messages.list), |t| t.green())
        ));
    }
    for v in &a.violations {
        let (open, close) = messages.quotes;
        out.push_str(&format!(
            "  {} {open}{}{close}{}{}\n",
            paint("✗".into(), |t| t.red()),
            paint(v.text.clone(), |t| t.red()),
            messages.colon,
            messages.note(&v.note)
        ));
    }
    for g in &a.gaming {
        out.push_str(&format!(
            "  {} {}\n",
            paint("!".into(), |t| t.red().bold()),
            messages.note(&g.note)
        ));
    }
    if let Some(tip) = &coaching.next {
        out.push_str(&format!(
            "  {} {}\n",
            paint("→".into(), |t| t.yellow()),
            tip_line(tip, messages, color)
        ));
    }
    let (before, after) = exchange.mood;
    if before != after {
        let how = if after < before {
            paint(messages.calmer.into(), |t| t.green())
        } else {
            paint(messages.more_upset.into(), |t| t.red())
        };
        out.push_str(&format!(
            "  {}\n",
            paint(fill(messages.mood, &[&before, &after, &how]), |t| t
                .dimmed())
        ));
    }
    // Why each mood moved: the phrase or skill, the wait, the person left waiting.
    for change in &exchange.changes {
        out.push_str(&format!("    {}\n", mood_change(change, messages, color)));
    }
    out.push('\n');
    out
}

/// One mood change and its cause: "+1 Dana: waited 30 s".
pub fn mood_change(
    change: &crate::customer::MoodChange,
    messages: &Messages,
    color: bool,
) -> String {
    let paint = |text: String, how: fn(&str) -> colored::ColoredString| {
        if color { how(&text).to_string() } else { text }
    };
    let delta = if change.delta > 0 {
        paint(format!("+{}", change.delta), |t| t.red())
    } else {
        paint(change.delta.to_string(), |t| t.green())
    };
    format!(
        "{} {} {}",
        delta,
        paint(format!("{}:", change.speaker), |t| t.dimmed()),
        paint(messages.cause(&change.cause), |t| t.dimmed())
    )
}

/// A tip on one line: "Skill: what to do. Try: "…"" (a critical breach says so), or, for
/// the tip of the reply before said again, "Still: Skill.".
fn tip_line(tip: &Tip, messages: &Messages, color: bool) -> String {
    let critical = if tip.priority == Priority::Breach {
        messages.critical
    } else {
        ""
    };
    if tip.again {
        return fill(messages.still, &[&format!("{}{critical}", tip.name)]);
    }
    let mut line = format!("{}{critical}{}{}", tip.name, messages.colon, tip.advice);
    if let Some(suggest) = &tip.suggest {
        let try_it = fill(messages.try_it, &[suggest]);
        line.push_str(messages.gap);
        line.push_str(&if color {
            try_it.italic().to_string()
        } else {
            try_it
        });
    }
    line
}

/// What `/hint` prints: the tip and a phrasing to try, or encouragement when nothing is
/// missing.
pub fn hint(tip: Option<&Tip>, messages: &Messages) -> String {
    match tip {
        Some(tip) => {
            let critical = if tip.priority == Priority::Breach {
                messages.critical
            } else {
                ""
            };
            match &tip.suggest {
                Some(s) => format!(
                    "{}{critical}{}{}\n  {}",
                    tip.name,
                    messages.colon,
                    tip.advice,
                    fill(messages.try_lower, &[s])
                ),
                None => format!("{}{critical}{}{}", tip.name, messages.colon, tip.advice),
            }
        }
        None => messages.doing_well.to_string(),
    }
}
