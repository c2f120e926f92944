//! Everyone but the main customer: group members, each with a mood of their own, who ask
//! again when ignored; people in the queue, who calm down when acknowledged and leave when
//! ignored twice; and what waiting people say into the trainee's silence, which costs
//! their patience and is recorded like anything else said.

use std::time::Duration;

use super::lines::fixed;
use super::sentences::question_of;
use super::uptake::{mentions, uptake};
use super::voice::{is_question, is_said_again};
use super::{Cause, Conversation, MoodChange};
use crate::grading::ReplyAssessment;
use crate::matcher::PhraseId;
use crate::scenario::Channel;
use crate::transcript::Line;

impl Conversation<'_> {
    /// People in the queue: acknowledged, they wait calmly (a rude or curt reply
    /// acknowledges them without calming them: its cost is the customer's); ignored once,
    /// they say so; ignored again, they give up and leave. A reply acknowledges them when it
    /// shows what their interjection `expects`, answers what they said ("Is anyone else
    /// serving?" "No, just me"; "Can I grab a coffee?" "Coffee's self-serve"), or tells
    /// them to wait.
    pub(super) fn queue(
        &mut self,
        assessment: &ReplyAssessment,
        reply: &str,
        heard: &[Line],
        rude: bool,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let mut still = Vec::new();
        // What the customer being served said: words of theirs do not single a queuer out.
        let everyone_else = lines_of(heard, None);
        for (id, ignored) in std::mem::take(&mut self.waiting) {
            let Some(inter) = self.scenario.interjections.iter().find(|i| i.id == id) else {
                continue;
            };
            let speaker = inter.speaker.clone();
            let their = lines_of(heard, Some(&id));
            if inter.expects.iter().all(|skill| assessment.shows(skill))
                || addresses(&their, reply, &everyone_else)
            {
                if !rude {
                    *self.others.entry(speaker.clone()).or_insert(QUEUE_MOOD) -= 1;
                    changes.push(MoodChange {
                        speaker,
                        delta: -1,
                        cause: Cause::Acknowledged,
                    });
                }
                continue;
            }
            let (lines, delta, cause, stays) = if ignored == 0 {
                let lines = if inter.if_ignored.is_empty() {
                    fixed(STILL_WAITING, self.scenario.language)
                } else {
                    inter.if_ignored.clone()
                };
                (lines, 2, Cause::NotAcknowledged, true)
            } else {
                (
                    fixed(LEAVES_QUEUE, self.scenario.language),
                    3,
                    Cause::LeftQueue,
                    false,
                )
            };
            let text = self.pick_as(&speaker, &format!("ignored:{id}:{ignored}"), &lines);
            said.push(Line {
                speaker: speaker.clone(),
                text,
                interjection: Some(id.clone()),
            });
            *self.others.entry(speaker.clone()).or_insert(QUEUE_MOOD) += delta;
            changes.push(MoodChange {
                speaker,
                delta,
                cause,
            });
            if stays {
                still.push((id, ignored + 1));
            } else {
                self.left_queue = true;
            }
        }
        self.waiting = still;
    }

    /// The person in the queue `reply` is aimed at, with their interjection id: it tells
    /// them to wait or answers what they said, and takes up nothing the customer being
    /// served said (`took_customer`). Rude or curt words in it are theirs to mind.
    pub(super) fn spoken_to_in_queue(
        &self,
        reply: &str,
        heard: &[Line],
        took_customer: bool,
    ) -> Option<(String, String)> {
        if took_customer {
            return None;
        }
        let everyone_else = lines_of(heard, None);
        self.waiting.iter().find_map(|(id, _)| {
            let inter = self.scenario.interjections.iter().find(|i| &i.id == id)?;
            let their = lines_of(heard, Some(id));
            addresses(&their, reply, &everyone_else).then(|| (inter.speaker.clone(), id.clone()))
        })
    }

    /// A group member whose question got no answer asks again, then complains. A reply
    /// answers a question when it takes it up (see `uptake`) or says what their step
    /// `asks` for; naming them is not enough ("Omar, the seats are by the window" leaves
    /// his question about bikes open). A member who asked nothing is answered by their
    /// name, or by a reply that meets a condition of their step without turning to
    /// someone else by name.
    pub(super) fn group(
        &mut self,
        step: usize,
        fallback: bool,
        reply: &str,
        heard: &[Line],
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let current = self.scenario.steps[step].speaker;
        // Someone left unanswered on an earlier step is still waiting, whoever speaks now.
        if let Some((j, _, _)) = self.unanswered
            && current != Some(j)
        {
            self.follow_up(j, reply, heard, said, changes);
        }
        let Some(k) = current else {
            return;
        };
        if self.answers_member(k, step, fallback, reply, heard) {
            self.unanswered = None;
            return;
        }
        let times = match self.unanswered {
            Some((who, _, times)) if who == k => times + 1,
            _ => 1,
        };
        self.unanswered = Some((k, step, times));
        self.member_speaks(k, step, times, said, changes);
    }

    /// The next reply after a member was left unanswered, on someone else's step.
    fn follow_up(
        &mut self,
        k: usize,
        reply: &str,
        heard: &[Line],
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let Some((_, step, times)) = self.unanswered else {
            return;
        };
        // Their step is behind them: only taking up their question answers them now.
        if self.answers_member(k, step, true, reply, heard) {
            self.unanswered = None;
            return;
        }
        self.unanswered = Some((k, step, times + 1));
        self.member_speaks(k, step, times + 1, said, changes);
    }

    /// Whether `reply` answers member `k`, who spoke on `step`: takes up their question
    /// (its words, a yes or no, the figure asked for) or tells what the step `asks`
    /// ("30 GB each" to "Will I get enough?", `asks: [data]`). Only a member who asked
    /// nothing is answered by being named, or by a reply that met a condition of their
    /// step (`fallback` false) without naming someone else.
    fn answers_member(
        &self,
        k: usize,
        step: usize,
        fallback: bool,
        reply: &str,
        heard: &[Line],
    ) -> bool {
        let name = &self.scenario.speakers[k].name;
        let theirs: Vec<&str> = heard
            .iter()
            .filter(|l| &l.speaker == name)
            .map(|l| l.text.as_str())
            .collect();
        let theirs = theirs.join(" ");
        // A promise to find out about what they asked takes it up too: the answer is owed
        // (see `checks`), not refused.
        if uptake(&theirs, reply, false).heard()
            || super::checks::promised_about(
                &crate::matcher::normalize(reply),
                &crate::matcher::normalize(&theirs),
            )
        {
            return true;
        }
        let asks = &self.scenario.steps[step].asks;
        if !asks.is_empty() {
            let told = self.facts.told_in(&crate::matcher::normalize(reply));
            if asks.iter().any(|f| told.contains(f)) {
                return true;
            }
        }
        let asked_something = is_question(&theirs);
        !asked_something && (named(reply, name) || (!fallback && !self.names_another(k, reply)))
    }

    /// Whether `reply` turns to someone other than member `k` by name: the main customer
    /// or another member. Such a reply meets "addressed by name" without answering them.
    fn names_another(&self, k: usize, reply: &str) -> bool {
        if named(reply, &self.scenario.speakers[k].name) {
            return false;
        }
        let customer = &self.scenario.customer.name;
        let first = customer.split_whitespace().next().unwrap_or(customer);
        named(reply, first)
            || self
                .scenario
                .speakers
                .iter()
                .enumerate()
                .any(|(j, s)| j != k && named(reply, &s.name))
    }

    /// What member `k` said on `step`, as heard (the variant picked), for asking again.
    fn asked_by(&self, k: usize, step: usize) -> String {
        let name = &self.scenario.speakers[k].name;
        let id = &self.scenario.steps[step].id;
        self.transcript
            .turns
            .iter()
            .rev()
            .filter(|t| &t.step == id)
            .flat_map(|t| t.customer.iter())
            .find(|l| {
                let again = fixed(ASKS_AGAIN, self.scenario.language)
                    .iter()
                    .any(|f| f.split("{}").next().is_some_and(|p| l.text.starts_with(p)))
                    || is_said_again(&l.text);
                &l.speaker == name && l.interjection.is_none() && !again
            })
            .map_or_else(
                || self.expand_now(&self.scenario.steps[step].say[0]),
                |l| l.text.clone(),
            )
    }

    fn member_speaks(
        &mut self,
        k: usize,
        step: usize,
        times: u32,
        said: &mut Vec<Line>,
        changes: &mut Vec<MoodChange>,
    ) {
        let name = self.scenario.speakers[k].name.clone();
        let language = self.scenario.language;
        let (text, delta, cause) = if times == 1 {
            let frames = fixed(ASKS_AGAIN, language);
            // Asking again for what the trainee said would not be listening either. The
            // question is asked again as a question: "Hi, Omar here" is not said twice.
            let question = match self.already_told(step) {
                Some(checks) => checks[0].clone(),
                None => {
                    let line = self.asked_by(k, step);
                    question_of(&line, &name)
                }
            };
            let variants: Vec<String> = frames.iter().map(|f| f.replace("{}", &question)).collect();
            let text = self.pick_as(&name, &format!("asks-again:{step}"), &variants);
            (text, 1, Cause::Unanswered)
        } else {
            self.unanswered = None;
            let text = self.pick_as(
                &name,
                &format!("not-heard:{k}"),
                &fixed(NOT_HEARD, language),
            );
            (text, 2, Cause::IgnoredTwice)
        };
        said.push(Line {
            speaker: name.clone(),
            text,
            interjection: None,
        });
        *self.others.entry(name.clone()).or_default() += delta;
        changes.push(MoodChange {
            speaker: name,
            delta,
            cause,
        });
    }

    /// What waiting people say while the trainee is silent or typing, and when: each
    /// person in the queue once half the customer's patience is gone, the main customer
    /// when it runs out and again at twice that. Each costs its speaker one point of
    /// mood. The REPL prints them on a timer; the reply that follows records those that
    /// came before it (see [`Conversation::hear_nudges`]), chosen here without drawing
    /// on the seeded generator, so what was shown is what is recorded and replayed.
    pub fn nudges(&self) -> Vec<Nudge> {
        if self.is_over() || self.awaits_last_word() {
            return Vec::new();
        }
        let patience = u64::from(self.scenario.customer.patience_seconds.unwrap_or(0));
        if patience == 0 {
            return Vec::new();
        }
        let language = self.scenario.language;
        // Lines are picked on a copy of the voice: the reply picks them again, the same.
        let mut voice = self.voice.clone();
        let mut out = Vec::new();
        for (k, (id, _)) in self.waiting.iter().enumerate() {
            if let Some(inter) = self.scenario.interjections.iter().find(|i| &i.id == id) {
                let at = patience / 2 + 5 * k as u64;
                let lines = rotated(fixed(NUDGE_QUEUE, language), &inter.id);
                out.push(Nudge {
                    at: Duration::from_secs(at),
                    line: Line {
                        speaker: inter.speaker.clone(),
                        text: voice.unsaid(&inter.speaker, &lines, language),
                        interjection: Some(id.clone()),
                    },
                });
            }
        }
        let customer = &self.scenario.customer.name;
        // The scenario's own lines, in its order; else the built-in ones for the channel
        // (face to face nobody asks whether you are still there: they can see you are).
        let lines = match &self.scenario.customer.nudges {
            Some(own) if !own.is_empty() => own.iter().map(|l| self.expand_now(l)).collect(),
            _ => {
                let idle = match self.scenario.channel {
                    Channel::InPerson => NUDGE_IN_PERSON,
                    Channel::Phone | Channel::Chat | Channel::Email => NUDGE_CUSTOMER,
                };
                rotated(fixed(idle, language), &self.scenario.id)
            }
        };
        for at in [patience, 2 * patience] {
            out.push(Nudge {
                at: Duration::from_secs(at),
                line: Line {
                    speaker: customer.clone(),
                    text: voice.unsaid("", &lines, language),
                    interjection: None,
                },
            });
        }
        out.sort_by_key(|n| n.at);
        out
    }

    /// The nudges said before a reply given after `waited`: recorded with the lines the
    /// reply answers, each costing its speaker a point of mood, the wait named as the
    /// cause. Returns the lines and the change to the main customer's mood.
    pub(super) fn hear_nudges(
        &mut self,
        waited: Duration,
        changes: &mut Vec<MoodChange>,
    ) -> (Vec<Line>, i32) {
        let customer = self.scenario.customer.name.clone();
        let mut lines = Vec::new();
        let mut cost = 0;
        for nudge in self.nudges().into_iter().filter(|n| n.at <= waited) {
            let speaker = nudge.line.speaker.clone();
            let voice_of = if speaker == customer { "" } else { &speaker };
            self.voice.note_as(voice_of, &nudge.line.text);
            if speaker == customer {
                cost += 1;
            } else {
                *self.others.entry(speaker.clone()).or_insert(QUEUE_MOOD) += 1;
            }
            changes.push(MoodChange {
                speaker,
                delta: 1,
                cause: Cause::Waited {
                    seconds: nudge.at.as_secs(),
                },
            });
            lines.push(nudge.line);
        }
        (lines, cost)
    }

    /// Everyone's mood: the main customer first, then group members and queuers.
    pub fn moods(&self) -> Vec<(String, u8)> {
        let mut moods = vec![(self.scenario.customer.name.clone(), self.mood)];
        for (name, mood) in &self.others {
            moods.push((name.clone(), (*mood).clamp(0, 10) as u8));
        }
        moods
    }
}

/// `lines` starting at a place drawn from `key` (a scenario or interjection id), so that
/// every scenario does not open its silences with the same words, while one scenario
/// always does (nudges are chosen ahead of time, without the seeded generator).
fn rotated(mut lines: Vec<String>, key: &str) -> Vec<String> {
    if !lines.is_empty() {
        let at = key.bytes().map(usize::from).sum::<usize>() % lines.len();
        lines.rotate_left(at);
    }
    lines
}

/// A line said into the trainee's silence, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Nudge {
    /// How long after the customer last spoke.
    pub at: Duration,
    /// What is said, by whom.
    pub line: Line,
}

/// Starting mood of someone who joins the queue.
pub(super) const QUEUE_MOOD: i32 = 4;

const NUDGE_QUEUE: [&[&str]; 2] = [
    &[
        "(sighs and checks the time)",
        "Sorry, how much longer?",
        "Is this queue moving at all?",
    ],
    &[
        "（看了看表，叹了口气）",
        "请问还要多久？",
        "这队到底还动不动啊？",
    ],
];

const NUDGE_CUSTOMER: [&[&str]; 2] = [
    &[
        "Hello? Are you still there?",
        "I'm waiting…",
        "Anyone?",
        "Sorry - are you still with me?",
        "You've gone very quiet. Is something wrong?",
    ],
    &[
        "喂？你还在吗？",
        "我还在等呢……",
        "有人吗？",
        "你还在听吗？",
        "怎么不说话了？",
    ],
];

/// What a customer standing at the counter says into the trainee's silence.
const NUDGE_IN_PERSON: [&[&str]; 2] = [
    &[
        "Excuse me? I'm still standing here.",
        "(taps the counter) Sorry - can you help me or not?",
        "Hello? Is something wrong?",
        "(clears throat) I'm waiting…",
        "Should I come back later?",
    ],
    &[
        "（敲了敲柜台）你好？我还站在这儿呢。",
        "我还在这儿等着呢……",
        "（清了清嗓子）请问？",
        "怎么不说话了？",
        "要不我待会儿再来？",
    ],
];

const STILL_WAITING: [&[&str]; 2] = [
    &[
        "Excuse me? I'm still waiting here.",
        "Hello? Is anyone going to serve me?",
    ],
    &["不好意思，我还在等呢。", "喂？有人管一下吗？"],
];

const LEAVES_QUEUE: [&[&str]; 2] = [
    &[
        "Forget it, I'll go somewhere else.",
        "I've waited long enough. I'm off.",
    ],
    &["算了，我不等了。", "等太久了，我走了。"],
];

const ASKS_AGAIN: [&[&str]; 2] = [
    &[
        "As I asked: {}",
        "Sorry - you didn't answer me. As I asked: {}",
    ],
    &["我刚才问的是：{}", "你还没回答我呢，我问的是：{}"],
];

/// Whether `reply` names `name` as a word ("Tom," but not "Tomorrow").
fn named(reply: &str, name: &str) -> bool {
    let name = crate::matcher::normalize(name);
    let reply = crate::matcher::normalize(reply);
    if name.trim().is_empty() {
        return false;
    }
    if !name.is_ascii() {
        return reply.contains(name.trim());
    }
    reply
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == name.trim())
}

/// What was said in `heard` by someone in the queue (`Some(interjection id)`), or by
/// the customer being served and their group (`None`), as one text.
fn lines_of(heard: &[Line], interjection: Option<&String>) -> String {
    let lines: Vec<&str> = heard
        .iter()
        .filter(|l| l.interjection.as_ref() == interjection)
        .map(|l| l.text.as_str())
        .collect();
    lines.join(" ")
}

/// Whether `reply` turns to someone in the queue who said `their`: tells them to wait, or
/// answers them. An answer that also takes up what the customer being served said
/// (`everyone_else`: both asked how long) is the customer's, unless it speaks of a word
/// of theirs alone ("Coffee's self-serve").
fn addresses(their: &str, reply: &str, everyone_else: &str) -> bool {
    let took = uptake(their, reply, false).heard() && !uptake(everyone_else, reply, false).heard();
    took || mentions(their, reply, everyone_else) || tells_to_wait(reply)
}

/// Words telling someone waiting that they will be served: kind ("I'll be with you in a
/// moment", "sorry for the wait": the built-in `@wait-acknowledged` class, which the
/// `busy-acknowledge` rule reads too) or curt ("you'll have to wait"), an acknowledgement
/// either way.
fn tells_to_wait(reply: &str) -> bool {
    let text = crate::matcher::NormalizedText::new(reply);
    let (book, id) = &*WAIT_ACKNOWLEDGED;
    let kind = id.is_some_and(|id| book.find(id, &book.scan(&text)).is_some());
    let padded = format!(" {} ", text.text);
    kind || WAIT_ORDERED.iter().any(|w| padded.contains(w))
}

/// The `@wait-acknowledged` class of the built-in lexicon, compiled once as one phrase.
static WAIT_ACKNOWLEDGED: std::sync::LazyLock<(crate::matcher::PhraseBook, Option<PhraseId>)> =
    std::sync::LazyLock::new(|| {
        let lexicon = crate::rubric::builtin_lexicon();
        let alternatives =
            crate::matcher::pattern::expand("@wait-acknowledged", lexicon).unwrap_or_default();
        let mut builder = crate::matcher::PhraseBook::builder();
        let options = crate::matcher::MatchOptions {
            fuzzy: None,
            negation: true,
        };
        let id = builder.phrase_with_alternatives("@wait-acknowledged", &alternatives, options);
        (builder.build(), id)
    });

/// Telling someone to wait without a kind word: it acknowledges them (the customer is
/// told they will be served), though the rubric does not credit it.
const WAIT_ORDERED: &[&str] = &[
    " have to wait",
    " wait your turn",
    " wait a moment",
    " wait a minute",
    " wait a bit",
    " please wait",
    " just wait",
    "排队",
];

const NOT_HEARD: [&[&str]; 2] = [
    &[
        "I've asked twice now and nobody's answered me.",
        "Nobody's listening to me here.",
    ],
    &["我问了两遍了，没人理我。", "根本没人听我说话。"],
];
