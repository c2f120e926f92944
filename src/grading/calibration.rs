//! Agreement between the grader and a trainer's labels: per skill (or rule) the confusion
//! counts, precision, recall, F1 and Cohen's κ, and every disagreement with the evidence
//! behind the grader's verdict. `rehearse calibrate` renders it; nothing here prints.
//!
//! For a skill made only of guard rules (positive language, professional style…) a
//! *positive* is a breach: the figures say how well the grader finds what a trainer
//! would mark down, not how often a harmless reply passes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Grader, Reply, Scorecard};
use crate::labels::{Labelled, Subject};
use crate::rubric::Rubric;

/// What a label is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// A skill shown (`true`) or not.
    Skill,
    /// A guard-only skill: its positives are breaches (labelled `false`).
    Guard,
    /// A rule, fired (`true`) or not.
    Rule,
}

/// Confusion counts and the figures made from them, for one key.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agreement {
    /// `rubric.skill` or `rubric.rule-id`.
    pub key: String,
    /// What the key names.
    pub target: Option<Target>,
    /// Labels compared.
    pub n: usize,
    /// True positives.
    pub tp: usize,
    /// False positives (the grader credits, the trainer does not).
    pub fp: usize,
    /// False negatives (the trainer credits, the grader does not).
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// True negatives.
    pub tn: usize,
}

impl Agreement {
    fn add(&mut self, label: bool, verdict: bool) {
        self.n += 1;
        match (label, verdict) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// tp / (tp + fp); `None` when the grader credited nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` when nothing was labelled positive.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall; `None` with no positives either side.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// Cohen's κ: agreement beyond chance (1 perfect, 0 chance); `None` when chance
    /// agreement is already total (every label and verdict the same).
    pub fn kappa(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let observed = (self.tp + self.tn) as f64 / n;
        let yes = ((self.tp + self.fn_) as f64 / n) * ((self.tp + self.fp) as f64 / n);
        let no = ((self.fp + self.tn) as f64 / n) * ((self.fn_ + self.tn) as f64 / n);
        let chance = yes + no;
        (chance < 1.0 - 1e-12).then(|| (observed - chance) / (1.0 - chance))
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// One item where the grader and the trainer differ on a key.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// The item's name (`FILE:LINE` unless named).
    pub item: String,
    /// The key.
    pub key: String,
    /// The words graded (the reply, or each reply of a call on its own line).
    pub text: String,
    /// The trainer's label as written.
    pub label: bool,
    /// The grader's verdict in the same terms (shown / fired).
    pub verdict: bool,
    /// What the grader found, or why the nearest phrase did not count.
    pub evidence: Vec<String>,
    /// The trainer's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A label the grader could not judge: an unknown key, rubric or unreadable transcript.
#[derive(Debug, Clone, Serialize)]
pub struct Unjudged {
    /// The item.
    pub item: String,
    /// Why.
    pub reason: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Calibration {
    /// Per key, in key order.
    pub agreement: Vec<Agreement>,
    /// Every disagreement, in item order.
    pub disagreements: Vec<Disagreement>,
    /// Labels that could not be judged.
    pub unjudged: Vec<Unjudged>,
}

/// Rubrics that grade an item, looked up by id.
pub trait RubricSource {
    /// The rubric with this id.
    fn rubric(&self, id: &str) -> Option<&Rubric>;
}

impl RubricSource for crate::library::Library {
    fn rubric(&self, id: &str) -> Option<&Rubric> {
        crate::library::Library::rubric(self, id)
    }
}

/// A grader for one set of rubrics and facts, and one that ignores negation and
/// exclusions (to say why a near phrase did not count).
struct Graders<'r> {
    rubrics: Vec<&'r Rubric>,
    strict: Grader,
    lenient: Grader,
}

/// Compares the grader with every label of `items`. `rubrics` overrides the items' own.
pub fn calibrate<'i>(
    library: &impl RubricSource,
    items: impl IntoIterator<Item = &'i Labelled>,
    rubrics: &[String],
) -> Calibration {
    let mut graders: BTreeMap<String, Graders<'_>> = BTreeMap::new();
    let mut by_key: BTreeMap<String, Agreement> = BTreeMap::new();
    let mut result = Calibration::default();
    for item in items {
        let names = if rubrics.is_empty() {
            &item.rubrics
        } else {
            rubrics
        };
        if names.is_empty() {
            result.unjudged.push(Unjudged {
                item: item.id.clone(),
                reason: "no rubric named: give `rubrics:` in the file or --rubric".into(),
            });
            continue;
        }
        let cache_key = format!("{names:?}{:?}", item.facts);
        if !graders.contains_key(&cache_key) {
            let mut found = Vec::new();
            for name in names {
                match library.rubric(name) {
                    Some(r) => found.push(r),
                    None => {
                        result.unjudged.push(Unjudged {
                            item: item.id.clone(),
                            reason: format!("no rubric has the id `{name}`"),
                        });
                    }
                }
            }
            if found.len() != names.len() {
                continue;
            }
            let mut values = BTreeMap::new();
            for rubric in &found {
                values.extend(rubric.example_facts.clone());
            }
            values.extend(item.facts.clone());
            graders.insert(
                cache_key.clone(),
                Graders {
                    strict: Grader::new(&found, &values, None),
                    lenient: Grader::lenient(&found, &values),
                    rubrics: found,
                },
            );
        }
        let graders = &graders[&cache_key];
        let trainee = item.facts.get("trainee.name").map_or("", String::as_str);
        let graded = match grade(&graders.strict, &item.subject, trainee) {
            Ok(graded) => graded,
            Err(reason) => {
                result.unjudged.push(Unjudged {
                    item: item.id.clone(),
                    reason,
                });
                continue;
            }
        };
        let mut lenient = None;
        for (key, &label) in &item.labels {
            let Some(resolved) = resolve(&graders.rubrics, key) else {
                result.unjudged.push(Unjudged {
                    item: item.id.clone(),
                    reason: format!(
                        "`{key}` is neither a skill nor a rule id of {}",
                        names.join(", ")
                    ),
                });
                continue;
            };
            let verdict = verdict(&graded.card, &resolved);
            let (qualified, target) = (resolved.key, resolved.target);
            // Guard-only skills count breaches as positives (see the module note).
            let (l, v) = match target {
                Target::Guard => (!label, !verdict),
                _ => (label, verdict),
            };
            let entry = by_key
                .entry(qualified.clone())
                .or_insert_with(|| Agreement {
                    key: qualified.clone(),
                    target: Some(target),
                    ..Agreement::default()
                });
            entry.add(l, v);
            if label != verdict {
                let mut evidence = found(&graded.card, &qualified);
                if label && !verdict {
                    let near = lenient.get_or_insert_with(|| {
                        grade(&graders.lenient, &item.subject, trainee).map(|g| g.card)
                    });
                    if let Ok(near) = near {
                        let extra: Vec<String> = found(near, &qualified)
                            .into_iter()
                            .filter(|e| !evidence.contains(e))
                            .map(|e| format!("negated or excluded here: {e}"))
                            .collect();
                        evidence.extend(extra);
                    }
                }
                if evidence.is_empty() {
                    evidence.push("no phrase of the skill's rules was found".into());
                }
                result.disagreements.push(Disagreement {
                    item: item.id.clone(),
                    key: qualified,
                    text: graded.text.clone(),
                    label,
                    verdict,
                    evidence,
                    note: item.note.clone(),
                });
            }
        }
    }
    result.agreement = by_key.into_values().collect();
    result
}

struct Graded {
    card: Scorecard,
    text: String,
}

/// Grades an item; `trainee` is its `trainee.name` fact, if any (for `introduce` rules).
fn grade(grader: &Grader, subject: &Subject, trainee: &str) -> Result<Graded, String> {
    match subject {
        Subject::Reply {
            text,
            customer,
            position,
        } => {
            let reply = Reply {
                text,
                customer,
                step: "",
                interjection: None,
                mood: 5,
                trainee,
            };
            let card = match position {
                Some(p) => grader.grade_at(reply, *p),
                None => grader.grade_standalone(reply),
            };
            Ok(Graded {
                card,
                text: text.clone(),
            })
        }
        Subject::Conversation(exchanges) => {
            let replies: Vec<Reply<'_>> = exchanges
                .iter()
                .map(|e| Reply {
                    text: &e.reply,
                    customer: &e.customer,
                    step: "",
                    interjection: None,
                    mood: 5,
                    trainee,
                })
                .collect();
            Ok(Graded {
                card: grader.grade(&replies),
                text: exchanges
                    .iter()
                    .map(|e| e.reply.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
        }
        Subject::Transcript(path) => {
            let source = crate::source::read_source(path).map_err(|e| e.to_string())?;
            let transcript = crate::transcript::Transcript::parse(&std::sync::Arc::new(source))
                .map_err(|d| d.render(false))?;
            Ok(Graded {
                card: super::grade_transcript(grader, &transcript),
                text: transcript
                    .turns
                    .iter()
                    .map(|t| t.reply.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
        }
    }
}

/// What a label key names, resolved against the rubrics.
struct Resolved {
    /// `rubric.skill` or `rubric.rule`.
    key: String,
    target: Target,
    /// A positive rule fires when met, a guard when broken.
    positive_rule: bool,
}

/// A label key as `rubric.skill` or `rubric.rule`. Unqualified keys must name exactly one
/// skill or rule of the rubrics.
fn resolve(rubrics: &[&Rubric], key: &str) -> Option<Resolved> {
    let (wanted_rubric, id) = match key.split_once('.') {
        Some((r, id)) if rubrics.iter().any(|x| x.id == r) => (Some(r), id),
        _ => (None, key),
    };
    let mut found = Vec::new();
    for rubric in rubrics {
        if wanted_rubric.is_some_and(|r| r != rubric.id) {
            continue;
        }
        for skill in &rubric.skills {
            if skill.id == id {
                let guard_only = skill.rules.iter().all(|r| !r.kind.is_positive());
                let target = if guard_only {
                    Target::Guard
                } else {
                    Target::Skill
                };
                found.push(Resolved {
                    key: format!("{}.{}", rubric.id, skill.id),
                    target,
                    positive_rule: false,
                });
            }
            for rule in &skill.rules {
                if rule.id == id {
                    found.push(Resolved {
                        key: format!("{}.{}", rubric.id, rule.id),
                        target: Target::Rule,
                        positive_rule: rule.kind.is_positive(),
                    });
                }
            }
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// The grader's verdict on a key: the skill shown (see [`Scorecard`]'s `shown`), or the
/// rule fired (a positive rule met, a guard broken).
fn verdict(card: &Scorecard, resolved: &Resolved) -> bool {
    let key = resolved.key.as_str();
    let (rubric, id) = key.split_once('.').unwrap_or(("", key));
    match resolved.target {
        // The scorecard's own verdict: the score reaches `shown_at` and no critical rule
        // of the skill broke (the threshold `play` ticks with).
        Target::Skill | Target::Guard => card
            .skills
            .iter()
            .find(|s| &*s.rubric == rubric && &*s.id == id)
            .is_some_and(|s| s.shown),
        Target::Rule => card
            .skills
            .iter()
            .filter(|s| &*s.rubric == rubric)
            .flat_map(|s| &s.rules)
            .find(|r| &*r.id == id)
            .and_then(|r| r.score)
            .is_some_and(|score| {
                if resolved.positive_rule {
                    score >= 1.0
                } else {
                    score < 1.0
                }
            }),
    }
}

/// What the grader found for a key, as `"words" (note)` lines.
fn found(card: &Scorecard, key: &str) -> Vec<String> {
    let (rubric, id) = key.split_once('.').unwrap_or(("", key));
    let mut out = Vec::new();
    for skill in card.skills.iter().filter(|s| &*s.rubric == rubric) {
        let whole = &*skill.id == id;
        for rule in &skill.rules {
            if !whole && &*rule.id != id {
                continue;
            }
            for e in &rule.evidence {
                out.push(format!("{}: \"{}\" ({})", rule.id, e.text, e.note));
            }
        }
    }
    for gaming in &card.gaming {
        out.push(format!("gaming ({}): {}", gaming.kind, gaming.note));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_from_counts() {
        let a = Agreement {
            n: 10,
            tp: 4,
            fp: 1,
            fn_: 1,
            tn: 4,
            ..Agreement::default()
        };
        assert_eq!(a.precision(), Some(0.8));
        assert_eq!(a.recall(), Some(0.8));
        assert!((a.f1().unwrap() - 0.8).abs() < 1e-12);
        // Observed 0.8, chance 0.5: κ = 0.6.
        assert!((a.kappa().unwrap() - 0.6).abs() < 1e-12);
        let none = Agreement {
            n: 3,
            tn: 3,
            ..Agreement::default()
        };
        assert_eq!(none.precision(), None);
        assert_eq!(none.f1(), None);
        assert_eq!(none.kappa(), None);
    }
}
