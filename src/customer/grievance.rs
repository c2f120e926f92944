//! What the customer holds against the call, which a resolved ending must get past:
//! rudeness they were not apologised for (one rude reply, or curt ones again and again),
//! and a complaint they said they would make, until the trainee recovers it with an
//! apology, ownership and a plan. Words only, in English and Chinese; nothing here decides
//! where the conversation goes (`exchange` does).

use std::sync::LazyLock;

use super::rudeness::Rudeness;
use crate::matcher::{WordList, negated};

/// What the customer still holds against the call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grievance {
    /// Rudeness to the customer since the trainee last apologised: 2 a rude reply, 1 a
    /// curt one. At [`SLIGHTED`] or more, they will not leave it at a thank-you.
    slights: u32,
    /// Said they would complain, and what the trainee has done since to recover it.
    complaint: Option<Amends>,
}

/// What recovers a complaint the customer said they would make: all three, in any
/// replies after they said it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Amends {
    apology: bool,
    ownership: bool,
    plan: bool,
}

/// Why a call that would end resolved ends in a complaint instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grudge {
    /// Spoken to rudely, and never apologised to.
    Slighted,
    /// Said they would complain, and were not won back.
    ComplaintStands,
}

/// Slights at which the customer complains rather than thanks: one rude reply, or two
/// curt ones.
const SLIGHTED: u32 = 2;

impl Grievance {
    /// Takes in a reply (normalised): its rudeness to the customer (`rude`: none when
    /// aimed at someone in the queue), and whether it `planned` (promised a day, a refund
    /// or an offer). An apology in a reply that is not rude itself makes up for rudeness
    /// before it.
    pub fn hear_reply(&mut self, text: &str, rude: Option<&Rudeness>, planned: bool) {
        let apology = rude.is_none() && apologises(text);
        match rude {
            Some(rudeness) => self.slights += rudeness.cost().unsigned_abs(),
            None if apology => self.slights = 0,
            None => {}
        }
        if let Some(amends) = &mut self.complaint {
            amends.apology |= apology;
            amends.ownership |= rude.is_none() && says(&OWNERSHIP, text);
            amends.plan |= rude.is_none() && planned;
            if amends.apology && amends.ownership && amends.plan {
                self.complaint = None;
            }
        }
    }

    /// Takes in a line the customer said: one saying they will complain ("我要投诉你！",
    /// "I'll be making a complaint") starts a complaint the trainee has to recover.
    pub fn hear_line(&mut self, line: &str) {
        if self.complaint.is_none() && says(&COMPLAINS, &crate::matcher::normalize(line)) {
            self.complaint = Some(Amends::default());
        }
    }

    /// What keeps a resolved ending from being earned, if anything.
    pub fn grudge(&self) -> Option<Grudge> {
        if self.slights >= SLIGHTED {
            Some(Grudge::Slighted)
        } else if self.complaint.is_some() {
            Some(Grudge::ComplaintStands)
        } else {
            None
        }
    }
}

/// Whether a normalised text says a word of `list`, not negated ("I'm not sorry").
fn says(list: &WordList, text: &str) -> bool {
    let mut from = 0;
    while let Some((at, word)) = list.first(&text[from..]) {
        let at = from + at;
        if !negated(text, at) {
            return true;
        }
        from = at + word.len();
    }
    false
}

/// Whether a normalised reply apologises for how the customer was treated: an apology
/// not negated, and not one for keeping someone waiting ("sorry for the wait, madam",
/// 抱歉让您久等了), which is the queue's.
fn apologises(text: &str) -> bool {
    let mut from = 0;
    while let Some((at, word)) = APOLOGY.first(&text[from..]) {
        let at = from + at;
        let after = text[at + word.len()..].trim_start();
        if !negated(text, at) && !FOR_THE_WAIT.iter().any(|w| after.starts_with(w)) {
            return true;
        }
        from = at + word.len();
    }
    false
}

/// What an apology for a wait goes on with.
const FOR_THE_WAIT: &[&str] = &[
    "for the wait",
    "for waiting",
    "for keeping",
    "to keep you",
    "about the wait",
    "for the delay",
    "for the queue",
    "让您久等",
    "让你久等",
    "久等",
];

/// An apology for how the customer was treated, EN and ZH (normalised). "Sorry for the
/// wait" to someone in the queue is for the wait, not for what was said.
static APOLOGY: LazyLock<WordList> = LazyLock::new(|| {
    WordList::new(&[
        "i am sorry",
        "i am so sorry",
        "i am really sorry",
        "i am very sorry",
        "so sorry",
        "sorry about that",
        "sorry for that",
        "sorry for being",
        "sorry if i",
        "sorry, i",
        "sorry - i",
        "i apologise",
        "i apologize",
        "my apologies",
        "apologies for",
        "that was rude",
        "that came out wrong",
        "对不起",
        "抱歉",
        "道歉",
        "致歉",
        "给您添麻烦",
        "是我态度",
        "我态度不好",
    ])
});

/// Owning the problem: the trainee admits it is the company's or takes it on personally,
/// EN and ZH. A plan said in the first person ("I'll arrange an engineer", 我马上安排) is
/// the plan, not ownership.
static OWNERSHIP: LazyLock<WordList> = LazyLock::new(|| {
    WordList::new(&[
        "i will personally",
        "i will make sure",
        "i will take care of",
        "i will look after",
        "i will see to",
        "i will follow",
        "i will own",
        "leave it with me",
        "that is on us",
        "this is on us",
        "our mistake",
        "our fault",
        "our error",
        "we got this wrong",
        "we got it wrong",
        "we let you down",
        "i take responsibility",
        "我来负责",
        "我负责",
        "由我",
        "我亲自",
        "我来跟进",
        "我会跟进",
        "全程跟进",
        "负责到底",
        "跟进到底",
        "我来处理",
        "我会盯",
        "是我们的问题",
        "是我们的责任",
        "是我们的失误",
        "是我们的疏忽",
        "是我们的错",
        "我们没做好",
        "我们做得不好",
    ])
});

/// A customer saying they will complain, EN and ZH.
static COMPLAINS: LazyLock<WordList> = LazyLock::new(|| {
    WordList::new(&[
        "make a complaint",
        "making a complaint",
        "formal complaint",
        "file a complaint",
        "lodge a complaint",
        "i will complain",
        "i am going to complain",
        "i want to complain",
        "要投诉",
        "投诉你",
        "去投诉",
        "我投诉",
    ])
});

#[cfg(test)]
mod tests {
    use super::*;

    fn heard(replies: &[&str], threat: bool) -> Option<Grudge> {
        let mut g = Grievance::default();
        if threat {
            g.hear_line("你这是什么态度？我要投诉你！");
        }
        for reply in replies {
            let text = crate::matcher::normalize(reply);
            let planned = text.contains("24小时内") || text.contains("tomorrow");
            g.hear_reply(&text, None, planned);
        }
        g.grudge()
    }

    #[test]
    fn a_complaint_said_stands_until_apology_ownership_and_plan() {
        assert_eq!(heard(&[], true), Some(Grudge::ComplaintStands));
        assert_eq!(heard(&["非常抱歉。"], true), Some(Grudge::ComplaintStands));
        assert_eq!(
            heard(&["非常抱歉，给您添麻烦了。", "工程师24小时内上门。"], true),
            Some(Grudge::ComplaintStands),
            "no ownership"
        );
        assert_eq!(
            heard(
                &["非常抱歉，是我们的问题。", "我来跟进，工程师24小时内上门。"],
                true
            ),
            None
        );
        assert_eq!(
            heard(&["I'm so sorry, that's on us. I'll fix it tomorrow."], true),
            None
        );
        assert_eq!(heard(&["I'm not sorry."], false), None);
    }

    #[test]
    fn rudeness_is_made_up_for_by_an_apology() {
        let rude = Rudeness::Rude("whatever".into());
        let curt = Rudeness::Curt("what do you want".into());
        let mut g = Grievance::default();
        g.hear_reply("whatever.", Some(&rude), false);
        assert_eq!(g.grudge(), Some(Grudge::Slighted));
        g.hear_reply("sorry for the wait, madam.", None, false);
        assert_eq!(g.grudge(), Some(Grudge::Slighted), "not an apology to him");
        g.hear_reply("sorry about that, i was rushed.", None, false);
        assert_eq!(g.grudge(), None);
        g.hear_reply("what do you want?", Some(&curt), false);
        assert_eq!(g.grudge(), None, "once curt is let go");
        g.hear_reply("what now?", Some(&curt), false);
        assert_eq!(g.grudge(), Some(Grudge::Slighted));
    }
}
