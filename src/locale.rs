//! The words a trainee reads around the conversation — coaching, mood changes and their
//! causes, scores, the brief's headings, prompts, keys and commands — in the scenario's
//! language. One catalogue per language with the same fields, so no message can be
//! missing from one of them. Reports for tools (JSON, CSV, JUnit, xAPI) never come here:
//! they keep the English words the tools reading them expect.
//!
//! A template's `{}` are filled in order by [`fill`].

mod chinese;
mod english;

pub use chinese::ZH;
pub use english::EN;

use crate::customer::{Cause, ReplyCause, SkillRef};
use crate::grading::{Note, Target};
use crate::rubric::AskKind;
use crate::scenario::{Channel, Ending, Language, Persona};

/// Every message of one language.
#[derive(Debug)]
pub struct Messages {
    /// How lists of names are joined.
    pub list: &'static str,
    /// Causes name skills by id (what English-speaking trainers write) rather than by
    /// the name trainees read.
    pub skills_by_id: bool,
    /// Persona names, in [`Persona::ALL`] order.
    pub personas: [&'static str; 5],
    /// Channel names: phone, chat, email, in person.
    pub channels: [&'static str; 4],
    /// Endings: resolved, escalated, walked out, turn limit, abandoned.
    pub endings: [&'static str; 5],
    /// Opening and closing quotation marks.
    pub quotes: (&'static str, &'static str),
    /// Between a name and what is said about it.
    pub colon: &'static str,
    /// Between two sentences.
    pub gap: &'static str,

    // Coaching under a reply.
    /// `(upset {before} → {after}: {how})`: the figure is how upset the customer is
    /// (0 calm – 10 furious), so the label must say so; "mood 7 → 5" reads as worse.
    pub mood: &'static str,
    /// The mood went down.
    pub calmer: &'static str,
    /// The mood went up.
    pub more_upset: &'static str,
    /// After a skill name in a tip or "What to work on" when it failed critically.
    pub critical: &'static str,
    /// `Try: "{suggestion}"`, after a tip.
    pub try_it: &'static str,
    /// `Still: {skill}.`, the tip of the reply before, still the most important thing.
    pub still: &'static str,
    /// `try: "{suggestion}"`, under a hint or a skill to work on.
    pub try_lower: &'static str,
    /// `/hint` when nothing is missing.
    pub doing_well: &'static str,
    /// `/hint` when nothing is missing but the customer's mood has been rising: what they
    /// are still waiting for (their latest line).
    pub still_waiting: &'static str,

    // The scorecard.
    /// A skill that did not apply, in place of its percentage.
    pub not_applicable: &'static str,
    /// After a critical skill's name.
    pub critical_skill: &'static str,
    /// `Total {total}% · pass mark {mark}% · {verdict}`.
    pub total: &'static str,
    /// The verdicts.
    pub pass: &'static str,
    /// The verdicts.
    pub fail: &'static str,
    /// The verdict on a call left before it ended (Ctrl-D, `/quit`, replies run out):
    /// never a pass, whatever the score so far.
    pub unfinished: &'static str,
    /// The verdict on an exam left before it ended: INCOMPLETE, as `grade` reports it.
    pub incomplete_exam: &'static str,
    /// The verdict on a call the customer walked out of: never a pass.
    pub walked_out: &'static str,
    /// The verdict on a call that ended in a complaint or a hand-over to a manager, in a
    /// scenario that does not accept that ending: never a pass.
    pub escalated: &'static str,
    /// `{points} points taken off for gaming`.
    pub gaming_penalty: &'static str,
    /// `critical failure: {name}`.
    pub critical_failure: &'static str,
    /// Heading of the skills to work on.
    pub work_on: &'static str,

    // Why a mood moved.
    /// `waited {seconds} s`.
    pub cause_waited: &'static str,
    /// A scenario phrase the reply said: `"{phrase}"`.
    pub cause_said: &'static str,
    /// `rude: "{words}"`.
    pub cause_rude: &'static str,
    /// `curt: "{words}"`.
    pub cause_curt: &'static str,
    /// The issue is not addressed.
    pub cause_not_addressed: &'static str,
    /// A critical rule broke on the way.
    pub cause_breach: &'static str,
    /// The customer had to say it again.
    pub cause_said_again: &'static str,
    /// Someone waiting was acknowledged.
    pub cause_acknowledged: &'static str,
    /// Someone waiting was not.
    pub cause_not_acknowledged: &'static str,
    /// Someone waiting was ignored again and left.
    pub cause_left_queue: &'static str,
    /// A group member's question went unanswered.
    pub cause_unanswered: &'static str,
    /// A group member was ignored twice.
    pub cause_ignored_twice: &'static str,
    /// A fallback that made things worse.
    pub cause_no_help: &'static str,
    /// A fallback that did not.
    pub cause_moved_on: &'static str,
    /// `{skills} (earlier)`.
    pub cause_earlier: &'static str,
    /// `no {skills}`.
    pub cause_no: &'static str,
    /// `promised {what}`.
    pub cause_promised: &'static str,
    /// What the trainee can promise: a day, a refund.
    pub promise_day: &'static str,
    /// See [`Messages::promise_day`].
    pub promise_refund: &'static str,
    /// The trainee proposed something the customer can take up.
    pub cause_offered: &'static str,
    /// Facts asked for and given came into it.
    pub cause_facts: &'static str,
    /// How upset the customer already was came into it.
    pub cause_mood: &'static str,
    /// How the parts of a cause are joined.
    pub cause_join: &'static str,
    /// How skills in one part are joined.
    pub cause_and: &'static str,

    // Evidence notes.
    /// `matched {rule}`.
    pub note_matched: &'static str,
    /// `close enough to {rule}`.
    pub note_close: &'static str,
    /// The customer's name, as a rule's target.
    pub note_customer_name: &'static str,
    /// The trainee's own name, as a rule's target.
    pub note_own_name: &'static str,
    /// `asks {kind}`.
    pub note_asks: &'static str,
    /// The kinds of question.
    pub ask_open: &'static str,
    /// See [`Messages::ask_open`].
    pub ask_clarifying: &'static str,
    /// See [`Messages::ask_open`].
    pub ask_any: &'static str,
    /// `instead, say: "{words}"`.
    pub note_instead: &'static str,
    /// `reuses the customer's words: {words}`.
    pub note_mirrors: &'static str,
    /// Forbidden wording.
    pub note_forbidden: &'static str,
    /// Jargon or slang.
    pub note_jargon: &'static str,
    /// Account details before verification.
    pub note_before_verification: &'static str,
    /// `"{word}" is in capitals, …`.
    pub note_capitals: &'static str,
    /// Repeated exclamation marks.
    pub note_exclamations: &'static str,
    /// `{words} words is too short (at least {min})`.
    pub note_too_short: &'static str,
    /// `{words} words is too long (at most {max})`.
    pub note_too_long: &'static str,
    /// Gaming: `{n}` phrases for one skill `({name})`.
    pub note_stuffing: &'static str,
    /// Gaming: phrases for `{n}` skills in `{words}` words.
    pub note_salad: &'static str,
    /// Gaming: phrases for `{n}` skills in one clause.
    pub note_one_breath: &'static str,
    /// Gaming: repeats reply `{n}`.
    pub note_repeats: &'static str,
    /// Gaming: recycles reply `{n}`'s phrases.
    pub note_recycles: &'static str,
    /// Gaming: the customer's words handed back.
    pub note_echo: &'static str,

    // The brief.
    /// `{persona} customer · {channel} · difficulty {n}/5 · {mode}`.
    pub brief_meta: &'static str,
    /// The session is practice.
    pub practice: &'static str,
    /// The session is an exam.
    pub exam: &'static str,
    /// Heading of a returning customer's history.
    pub customer_history: &'static str,
    /// How to reply, in a chat or call.
    pub how_to_reply: &'static str,
    /// How to write and send an email.
    pub how_to_email: &'static str,
    /// Where the commands are.
    pub help_hint: &'static str,

    // Choosing a scenario (`play` without one), in the environment's language.
    /// Heading of the scenario menu.
    pub choose_scenario: &'static str,
    /// A scenario in the menu, in its own language: `{persona} · {channel} · {n}/5`.
    pub menu_row: &'static str,
    /// The menu's prompt.
    pub menu_prompt: &'static str,
    /// `no such scenario: type a number from 1 to {n}`.
    pub no_such_scenario: &'static str,

    // `run`'s own lines.
    /// `[ending: {ending}]`, after the conversation.
    pub run_ending: &'static str,
    /// `transcript written to {path}`.
    pub run_written: &'static str,

    // The session.
    /// Asking the trainee's name, once the scenario is chosen.
    pub your_name: &'static str,
    /// The reply prompt.
    pub prompt: &'static str,
    /// The prompt for an email's later lines.
    pub email_more: &'static str,
    /// The trainee's label in `/transcript`.
    pub you: &'static str,
    /// Slash commands and what they do, for `/help`.
    pub commands: [(&'static str, &'static str); 7],
    /// The keys in a chat or call, for `/help`.
    pub keys: [(&'static str, &'static str); 3],
    /// The keys while writing an email, for `/help`.
    pub keys_email: [(&'static str, &'static str); 4],
    /// `/hint` in an exam.
    pub no_hints: &'static str,
    /// `/score` in an exam.
    pub score_at_end: &'static str,
    /// `/restart` in an exam.
    pub no_restarts: &'static str,
    /// `(previous attempt saved to {path})`.
    pub previous_saved: &'static str,
    /// `could not keep this attempt in {path}: {error}; not restarting`.
    pub not_restarting: &'static str,
    /// `unknown command {name}; /help lists them`.
    pub unknown_command: &'static str,
    /// The trainee has the last word.
    pub last_word: &'static str,
    /// `[stopped: {n} replies kept]`.
    pub stopped: &'static str,
    /// `transcript saved to {path}`.
    pub saved_to: &'static str,
    /// Ctrl-C on an empty line.
    pub leave: &'static str,
    /// Answers to [`Messages::leave`] that leave (besides `y` and `yes`).
    pub leave_yes: &'static [&'static str],
    /// Not leaving after all.
    pub staying: &'static str,
    /// An email draft dropped with Ctrl-C.
    pub draft_dropped: &'static str,
    /// `could not save the transcript to {path}: {error}`.
    pub save_failed: &'static str,
    /// Nothing is lost when a save fails.
    pub nothing_lost: &'static str,
    /// Retrying a save.
    pub save_retry: &'static str,
    /// Saving elsewhere.
    pub save_folder: &'static str,
    /// Going on without saving, mid-session.
    pub save_later: &'static str,
    /// Giving up saving at the end.
    pub save_give_up: &'static str,
    /// The prompt after a failed save.
    pub save_prompt: &'static str,
    /// `saved to {path}`.
    pub saved_again: &'static str,
    /// Heading of a transcript printed because it could not be saved.
    pub unsaved: &'static str,
    /// `the transcript could not be printed either: {error}`.
    pub unprintable: &'static str,
    /// Why `play` failed when the transcript could not be saved.
    pub not_saved: &'static str,
}

/// The catalogue for a language.
pub fn messages(language: Language) -> &'static Messages {
    match language {
        Language::En => &EN,
        Language::Zh => &ZH,
    }
}

/// The language of the trainee's environment, for what is printed before a scenario (and
/// with it the session's language) is chosen: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set, as POSIX reads them; Chinese for `zh…`, else English.
pub fn environment_language() -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    language_of_locale(&locale)
}

/// The catalogue language for a POSIX locale name (`zh_CN.UTF-8`, `en_GB`, `C`).
fn language_of_locale(locale: &str) -> Language {
    if locale.to_ascii_lowercase().starts_with("zh") {
        Language::Zh
    } else {
        Language::En
    }
}

/// `template` with each `{}` replaced by the next of `args`, and each `{N}` by the N-th
/// (for languages that put things in another order).
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut next = 0;
    crate::scenario::replace_braces(template, |inside| {
        let index = if inside.is_empty() {
            next += 1;
            Some(next - 1)
        } else {
            inside.parse::<usize>().ok()
        };
        index.and_then(|i| args.get(i)).map(|arg| arg.to_string())
    })
}

impl Messages {
    /// The name of a persona, as the brief shows it.
    pub fn persona(&self, persona: Persona) -> &'static str {
        let i = Persona::ALL.iter().position(|p| *p == persona).unwrap_or(0);
        self.personas[i]
    }

    /// The name of a channel, as the brief shows it.
    pub fn channel(&self, channel: Channel) -> &'static str {
        self.channels[match channel {
            Channel::Phone => 0,
            Channel::Chat => 1,
            Channel::Email => 2,
            Channel::InPerson => 3,
        }]
    }

    /// How a session ended, as the REPL shows it.
    pub fn ending(&self, ending: Ending) -> &'static str {
        self.endings[match ending {
            Ending::Resolved => 0,
            Ending::Escalated => 1,
            Ending::WalkedOut => 2,
            Ending::TurnLimit => 3,
            Ending::Abandoned => 4,
        }]
    }

    /// Why a mood changed.
    pub fn cause(&self, cause: &Cause) -> String {
        match cause {
            Cause::Waited { seconds } => fill(self.cause_waited, &[seconds]),
            Cause::Said(phrase) => fill(self.cause_said, &[phrase]),
            Cause::Reply(reply) => self.reply_cause(reply),
            Cause::Rude(words) => fill(self.cause_rude, &[words]),
            Cause::Curt(words) => fill(self.cause_curt, &[words]),
            Cause::NotAddressed => self.cause_not_addressed.to_string(),
            Cause::CriticalBreach => self.cause_breach.to_string(),
            Cause::SaidAgain => self.cause_said_again.to_string(),
            Cause::Acknowledged => self.cause_acknowledged.to_string(),
            Cause::NotAcknowledged => self.cause_not_acknowledged.to_string(),
            Cause::LeftQueue => self.cause_left_queue.to_string(),
            Cause::Unanswered => self.cause_unanswered.to_string(),
            Cause::IgnoredTwice => self.cause_ignored_twice.to_string(),
        }
    }

    /// A transition's condition as a cause: the skills (by id in English, which is what
    /// trainers write; by name elsewhere), promises, facts and mood that came into it.
    fn reply_cause(&self, reply: &ReplyCause) -> String {
        let skills = |list: &[SkillRef], join: &str| {
            list.iter()
                .map(|s| match (&s.name, self.skills_by_id) {
                    (Some(name), false) => name.to_string(),
                    _ => s.id.clone(),
                })
                .collect::<Vec<_>>()
                .join(join)
        };
        let mut parts: Vec<String> = Vec::new();
        if !reply.shows.is_empty() {
            parts.push(skills(&reply.shows, self.cause_and));
        }
        if !reply.done.is_empty() {
            parts.push(fill(
                self.cause_earlier,
                &[&skills(&reply.done, self.cause_and)],
            ));
        }
        if !reply.misses.is_empty() {
            parts.push(fill(self.cause_no, &[&skills(&reply.misses, self.list)]));
        }
        if !reply.promised.is_empty() {
            let promised: Vec<&str> = reply
                .promised
                .iter()
                .map(|p| match p.as_str() {
                    "day" => self.promise_day,
                    "refund" => self.promise_refund,
                    other => other,
                })
                .collect();
            parts.push(fill(self.cause_promised, &[&promised.join(self.list)]));
        }
        if reply.offered {
            parts.push(self.cause_offered.to_string());
        }
        if reply.facts {
            parts.push(self.cause_facts.to_string());
        }
        if reply.mood {
            parts.push(self.cause_mood.to_string());
        }
        if parts.is_empty() {
            return if reply.calmer {
                self.cause_moved_on
            } else {
                self.cause_no_help
            }
            .to_string();
        }
        parts.join(self.cause_join)
    }

    /// What a piece of evidence or a gaming finding says.
    pub fn note(&self, note: &Note) -> String {
        let target = |t: &Target| match t {
            Target::Rule(id) => id.to_string(),
            Target::CustomerName => self.note_customer_name.to_string(),
            Target::OwnName => self.note_own_name.to_string(),
        };
        match note {
            Note::Matched(t) => fill(self.note_matched, &[&target(t)]),
            Note::CloseEnough(t) => fill(self.note_close, &[&target(t)]),
            Note::Asks(kind) => {
                let kind = match kind {
                    AskKind::Open => self.ask_open,
                    AskKind::Clarifying => self.ask_clarifying,
                    AskKind::Any => self.ask_any,
                };
                fill(self.note_asks, &[&kind])
            }
            Note::Instead(words) => fill(self.note_instead, &[words]),
            Note::Mirrors(words) => fill(self.note_mirrors, &[&words.join(", ")]),
            Note::Forbidden => self.note_forbidden.to_string(),
            Note::Jargon => self.note_jargon.to_string(),
            Note::BeforeVerification => self.note_before_verification.to_string(),
            Note::Capitals(word) => fill(self.note_capitals, &[word]),
            Note::Exclamations => self.note_exclamations.to_string(),
            Note::TooShort { words, min } => fill(self.note_too_short, &[words, min]),
            Note::TooLong { words, max } => fill(self.note_too_long, &[words, max]),
            Note::Stuffing { phrases, skill } => fill(self.note_stuffing, &[phrases, skill]),
            Note::Salad { skills, words } => fill(self.note_salad, &[skills, words]),
            Note::OneBreath { skills } => fill(self.note_one_breath, &[skills]),
            Note::Repeats(n) => fill(self.note_repeats, &[n]),
            Note::Recycles(n) => fill(self.note_recycles, &[n]),
            Note::Echo => self.note_echo.to_string(),
            Note::Text(text) => text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_order_or_by_position() {
        assert_eq!(
            fill("(mood {} → {}: {})", &[&3, &5, &"x"]),
            "(mood 3 → 5: x)"
        );
        assert_eq!(fill("{1} then {0}", &[&"a", &"b"]), "b then a");
        assert_eq!(fill("no {} here {", &[]), "no {} here {");
    }

    /// The English names are the ones files use.
    #[test]
    fn english_names_are_the_file_names() {
        for persona in Persona::ALL {
            assert_eq!(EN.persona(persona), persona.name());
        }
        for ending in [Ending::Resolved, Ending::WalkedOut, Ending::Abandoned] {
            assert_eq!(EN.ending(ending), ending.name());
        }
        assert_eq!(EN.channel(Channel::InPerson), Channel::InPerson.name());
    }

    #[test]
    fn a_chinese_locale_picks_chinese() {
        assert_eq!(language_of_locale("zh_CN.UTF-8"), Language::Zh);
        assert_eq!(language_of_locale("zh_TW"), Language::Zh);
        assert_eq!(language_of_locale("en_GB.UTF-8"), Language::En);
        assert_eq!(language_of_locale("C"), Language::En);
        assert_eq!(language_of_locale(""), Language::En);
    }

    /// The fields a Chinese session prints hold no English words (commands, keys and
    /// `y/N` aside, which are typed as they are).
    #[test]
    fn chinese_messages_are_chinese() {
        let texts = [
            ZH.mood,
            ZH.calmer,
            ZH.more_upset,
            ZH.critical,
            ZH.try_it,
            ZH.still,
            ZH.doing_well,
            ZH.still_waiting,
            ZH.total,
            ZH.pass,
            ZH.fail,
            ZH.unfinished,
            ZH.incomplete_exam,
            ZH.walked_out,
            ZH.escalated,
            ZH.work_on,
            ZH.cause_waited,
            ZH.cause_rude,
            ZH.cause_curt,
            ZH.cause_no_help,
            ZH.brief_meta,
            ZH.customer_history,
            ZH.last_word,
            ZH.stopped,
            ZH.saved_to,
            ZH.staying,
            ZH.choose_scenario,
            ZH.menu_row,
            ZH.menu_prompt,
            ZH.no_such_scenario,
            ZH.run_ending,
            ZH.run_written,
        ];
        for text in texts {
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "English in {text:?}"
            );
        }
    }
}
