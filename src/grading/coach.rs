//! The coach of one call: what to say under each reply, remembering the tip given under
//! the reply before so that it is not repeated word for word. The choice of tips is
//! [`super::tips`]'; this only decides between saying the next one and a short reminder.

use super::*;

/// Live coaching over one conversation (`play`, `run --coach`): one per call, asked after
/// every reply in order. `/hint` is asked for, and says everything every time: it does not
/// go through here.
#[derive(Debug, Default)]
pub struct Coach {
    /// The tip given under the reply before, if any.
    last: Option<Tip>,
}

impl Coach {
    /// A coach for a call that has not started.
    pub fn new() -> Coach {
        Coach::default()
    }

    /// The coaching under a reply just given (`assessment`), the call now at `now`: tips
    /// are about where it is (the customer's step, and who spoke up after the reply). A tip given under the reply before is not
    /// given again word for word: the next one of the same priority comes instead, or,
    /// when it is still the single most important thing, a short reminder
    /// ([`Tip::again`]).
    pub fn after_reply(
        &mut self,
        grader: &Grader,
        assessment: &ReplyAssessment,
        moment: Moment,
        now: Now<'_>,
        trainee: &str,
    ) -> Coaching {
        let tips = grader.tips(assessment, moment, Some(now), trainee);
        let next = self.choose(tips);
        self.last = next.clone();
        Coaching {
            ticks: grader.ticks(assessment, moment),
            next,
        }
    }

    /// The tip to give from `tips` (best first), given what was said last time.
    fn choose(&self, tips: Vec<Tip>) -> Option<Tip> {
        let mut tips = tips.into_iter();
        let best = tips.next()?;
        let repeated = self
            .last
            .as_ref()
            .is_some_and(|last| last.skill == best.skill && last.advice == best.advice);
        if !repeated {
            return Some(best);
        }
        match tips.next() {
            Some(other) if other.priority == best.priority => Some(other),
            _ => Some(Tip {
                again: true,
                ..best
            }),
        }
    }
}
