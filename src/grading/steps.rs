//! What a scenario's steps say about skills: which a reply to a step should show
//! (`expects`, for coaching) and which no longer apply once a step is reached
//! (`not_applicable`, n/a in the score). Steps are known by id, as replies carry them.

use super::*;
use crate::scenario::Scenario;

/// The skills one step names, as indices into [`Grader::skills`], and whether the
/// customer on it is wrapping up.
#[derive(Debug, Clone, Default)]
pub(super) struct StepSkills {
    pub(super) expects: Vec<usize>,
    pub(super) not_applicable: Vec<usize>,
    /// Every way on from it is a `resolved` ending ("Okay. I'll be checking my
    /// statement."): the next reply is the one to close the call with.
    pub(super) closes: bool,
}

impl Grader {
    /// Compiles a scenario's rubrics with its facts (see [`Grader::new`]) and learns what
    /// its steps expect and what they say does not apply. Every front end that grades a
    /// scenario's conversations builds its grader here, so that play, `run`, `test` and
    /// `grade` agree on what counts.
    pub fn for_scenario(
        rubrics: &[&Rubric],
        scenario: &Scenario,
        pass_mark: Option<f64>,
    ) -> Grader {
        let mut grader = Grader::new(rubrics, &scenario.placeholder_values(), pass_mark);
        for step in &scenario.steps {
            let skills = StepSkills {
                expects: grader.skill_indices(&step.expects),
                not_applicable: grader.skill_indices(&step.not_applicable),
                closes: step.end.is_none()
                    && !step.next.is_empty()
                    && step.next.iter().all(|t| {
                        scenario.steps[t.goto].end == Some(crate::scenario::Ending::Resolved)
                    }),
            };
            if !skills.expects.is_empty() || !skills.not_applicable.is_empty() || skills.closes {
                grader.steps.insert(step.id.as_str().into(), skills);
            }
        }
        grader.exemptions = grader.steps.values().any(|s| !s.not_applicable.is_empty());
        grader
    }

    /// The skills named `skill` or `rubric.skill` (an id may be in several rubrics).
    /// Names no rubric knows are skipped: `check` reports them, and `grade --rubric`
    /// may grade with other rubrics than the scenario's.
    fn skill_indices(&self, names: &[String]) -> Vec<usize> {
        let mut found = Vec::new();
        for name in names {
            for (k, skill) in self.skills.iter().enumerate() {
                let matches = match name.split_once('.') {
                    Some((rubric, id)) => &*skill.rubric == rubric && &*skill.id == id,
                    None => &*skill.id == name,
                };
                if matches && !found.contains(&k) {
                    found.push(k);
                }
            }
        }
        found
    }

    /// What a step expects and says does not apply, if it says anything.
    pub(super) fn step_skills(&self, step: &str) -> Option<&StepSkills> {
        self.steps.get(step)
    }

    /// For each skill, whether it no longer applies to a call made of `replies`: some
    /// reply answered a step that says so. `None` when nothing is exempt (most calls).
    pub(super) fn exempt(&self, replies: &[Reply<'_>]) -> Option<Vec<bool>> {
        if !self.exemptions {
            return None;
        }
        let mut exempt = vec![false; self.skills.len()];
        let mut any = false;
        for reply in replies {
            if let Some(step) = self.steps.get(reply.step) {
                for &k in &step.not_applicable {
                    exempt[k] = true;
                    any = true;
                }
            }
        }
        any.then_some(exempt)
    }
}

#[cfg(test)]
mod tests {
    use crate::grading::{Grader, Reply};
    use crate::library::Library;

    fn reply<'a>(text: &'a str, step: &'a str) -> Reply<'a> {
        Reply {
            text,
            customer: "",
            step,
            interjection: None,
            mood: 5,
            trainee: "",
        }
    }

    /// late-delivery as built in, with its opening step saying finding the need does not
    /// apply (the customer opens by stating it).
    fn late_delivery() -> Grader {
        let library = Library::builtin();
        let scenario = library.scenario("late-delivery").expect("built in");
        Grader::for_scenario(&library.rubrics_for(scenario), scenario, None)
    }

    #[test]
    fn a_skill_that_does_not_apply_is_na_and_left_out_of_the_total() {
        let g = late_delivery();
        let call = [
            reply(
                "Hello, this is Sam. I'm so sorry the desk is late.",
                "opening",
            ),
            reply(
                "I will book a re-delivery today; it arrives within 2 working days.",
                "plan",
            ),
        ];
        let card = g.grade(&call);
        let need = card.skill("need-identification").expect("in core");
        assert_eq!(need.score, None);
        assert!(!need.shown);
        assert!(need.rules.iter().all(|r| r.score.is_none()));
        // The same replies in a call whose steps say nothing: a 0 that costs points.
        let plain = [
            reply(call[0].text, "elsewhere"),
            reply(call[1].text, "elsewhere"),
        ];
        let graded = g.grade(&plain);
        assert_eq!(
            graded.skill("need-identification").unwrap().score,
            Some(0.0)
        );
        assert!(card.total > graded.total);
    }
}
