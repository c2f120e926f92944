//! How a conversation ends, and what is said then: rudeness never resolves the call (a
//! complaint instead), an unaddressed issue keeps the customer talking, walk-outs and the
//! turn limit have lines of their own, and the trainee gets the last word.

use std::time::Duration;

use super::rudeness::{Rudeness, reaction_lines};
use super::{Conversation, Exchange};
use crate::grading::{customer_text, reply_of};
use crate::scenario::Language;
use crate::transcript::Turn;

impl Conversation<'_> {
    /// The trainee's reply after the customer's closing line: graded as the last reply,
    /// and the closing lines become that turn's customer lines.
    pub(super) fn take_last_word(
        &mut self,
        step: String,
        text: &str,
        latency: Option<Duration>,
    ) -> Exchange {
        let closing = std::mem::take(&mut self.transcript.closing);
        self.transcript.turns.push(Turn {
            step,
            customer: closing,
            reply: text.to_string(),
            latency_ms: latency.map(|d| d.as_millis() as u64),
            mood_before: self.mood,
            mood_after: self.mood,
        });
        let assessment = self.assess_latest();
        Exchange {
            assessment,
            mood: (self.mood, self.mood),
            said: Vec::new(),
            ending: self.transcript.ending,
            changes: Vec::new(),
        }
    }

    /// A line reacting to rude or curt words, while the customer has one not yet said.
    pub(super) fn react(&mut self, rudeness: &Rudeness) -> Option<String> {
        self.react_as("", rudeness)
    }

    /// [`Conversation::react`] by someone else (`speaker`: their name), who keeps their
    /// own count of reactions said.
    pub(super) fn react_as(&mut self, speaker: &str, rudeness: &Rudeness) -> Option<String> {
        let lines = reaction_lines(rudeness, self.scenario.language);
        let key = match rudeness {
            Rudeness::Rude(_) => "react:rude",
            Rudeness::Curt(_) => "react:curt",
        };
        self.voice.fresh(&mut self.rng, speaker, key, &lines)
    }

    /// Whether the replies so far break a critical rule (a forbidden phrase said).
    pub(super) fn critical_breach(&self) -> bool {
        let Some(turn) = self.transcript.turns.last() else {
            return false;
        };
        let customer = customer_text(turn);
        let reply = reply_of(turn, &customer, &self.transcript.trainee);
        self.grader.breaks_critical(&self.live.borrow(), &reply)
    }
}

/// What a customer says instead of thanks when a rude reply would have ended the call.
pub(super) const COMPLAINT: [&[&str]; 2] = [
    &[
        "I'm not putting up with that. I want to make a complaint — put me through to your manager.",
        "Right, that's it. I'd like your manager's name, and I'll be making a formal complaint.",
    ],
    &[
        "你这是什么态度？我要投诉，叫你们经理来。",
        "算了，我要正式投诉你，把你们主管叫来。",
    ],
];

/// What a customer says instead of thanks when the call would end well but a critical rule
/// was broken on the way (account details read out before verifying, a forbidden phrase):
/// the reply itself may be fine, so the line is about how the call went.
pub(super) const BREACH_COMPLAINT: [&[&str]; 2] = [
    &[
        "Fine - but I'm not happy with how this call was handled. I'd like to speak to your manager about it.",
        "Before I go: I'll be reporting how this call went. Can you put me through to your manager?",
    ],
    &[
        "行吧，但你们这次的处理方式有问题，我要找你们主管反映。",
        "事情先这样，不过刚才的做法我不能接受，我要投诉。",
    ],
];

/// What a customer says instead of thanks when they were spoken to rudely earlier in the
/// call and never apologised to: the issue is sorted, the treatment is not.
pub(super) const SLIGHTED_COMPLAINT: [&[&str]; 2] = [
    &[
        "Right, that's sorted - but I didn't like how you spoke to me. I'd like a word with your manager.",
        "Fine. But I'll be telling your manager how I was spoken to today.",
    ],
    &[
        "事情是办了，但你刚才那个态度我接受不了，我要找你们主管反映。",
        "行吧。不过你刚才怎么跟我说话的，我会跟你们领导投诉。",
    ],
];

/// What a customer who said they would complain says instead of thanks when the trainee
/// did not win them back (an apology, ownership and a plan): the complaint stands.
pub(super) const COMPLAINT_STANDS: [&[&str]; 2] = [
    &[
        "Fine, get it done. But I said I'd complain, and I still will - put me through to your manager.",
        "Okay. That doesn't change my complaint, though. I want it on record with your manager.",
    ],
    &[
        "行，先这么办吧。但我刚才说了要投诉，这个投诉我还是要投。",
        "事情先这样办吧。投诉我照样要投，你们得给我个说法。",
    ],
];

/// What a customer says when the call would end but nothing has been sorted out. Said in
/// bookings and orders as well as complaints, so nothing here assumes a grievance ("what
/// are you going to do about it?" is for a scenario's own lines).
pub(super) const UNRESOLVED: [&[&str]; 2] = [
    &[
        "Hold on — that doesn't actually tell me what happens now.",
        "Wait - so what happens next? You haven't said.",
        "Sorry, but I still don't know what's going to happen.",
        "So is it all sorted, then? You haven't actually said.",
    ],
    &[
        "等一下，你还没说到底怎么处理。",
        "那具体怎么解决？你还没告诉我。",
        "先别急，我的问题还没解决呢。",
        "所以到底有没有人处理？你还没说清楚。",
    ],
];

pub(super) fn default_walk_out(language: Language) -> &'static str {
    match language {
        Language::En => "I've had enough of this. I'll take my business elsewhere.",
        Language::Zh => "算了，我不想再说了，我去找别家。",
    }
}

pub(super) fn default_turn_limit(language: Language) -> &'static str {
    match language {
        Language::En => "Sorry, I have to go now.",
        Language::Zh => "不好意思，我得先挂了。",
    }
}
