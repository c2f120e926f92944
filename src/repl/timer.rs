//! Waiting customers speak on a timer while the trainee is silent or typing: their lines
//! are printed above the prompt by rustyline's external printer, so the half-typed reply
//! stays, each with what it cost in practice. The reply that follows records them (the
//! customer engine decides them from the reply's latency), so what is printed here is
//! what the transcript keeps. The clock is injectable so tests need not wait.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::customer::{Cause, Conversation, MoodChange};
use crate::locale::messages;

/// What will be printed into the trainee's silence, and when (counted from now, the
/// trainee having been silent for `waited` already: lines due before were printed at an
/// earlier prompt). With `costs`, each line is followed by its mood change and cause.
pub fn schedule(
    conversation: &Conversation<'_>,
    waited: Duration,
    costs: bool,
    color: bool,
) -> Vec<(Duration, String)> {
    let scenario = conversation.scenario();
    let m = messages(scenario.language);
    conversation
        .nudges()
        .into_iter()
        .filter(|nudge| nudge.at > waited)
        .map(|nudge| {
            let label = super::speaker(&nudge.line, &scenario.customer.name);
            let mut text = super::wrap::fit_labelled(&label, &nudge.line.text);
            if costs {
                let cost = MoodChange {
                    speaker: nudge.line.speaker.clone(),
                    delta: 1,
                    cause: Cause::Waited {
                        seconds: nudge.at.as_secs(),
                    },
                };
                let cost = crate::report::text::mood_change(&cost, m, color);
                text.push('\n');
                text.push_str(&super::wrap::fit(&format!("    {cost}")));
            }
            (nudge.at - waited, text)
        })
        .collect()
}

/// Time since the prompt was shown, and a way to wait.
pub trait Clock: Send {
    /// Time elapsed since the clock started.
    fn elapsed(&self) -> Duration;
    /// Waits up to `d` for a stop signal; returns true if stopped.
    fn wait(&mut self, d: Duration, stop: &Receiver<()>) -> bool;
}

/// The real clock.
pub struct WallClock(Instant);

impl WallClock {
    /// Starts now.
    pub fn start() -> WallClock {
        WallClock(Instant::now())
    }
}

impl Clock for WallClock {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
    fn wait(&mut self, d: Duration, stop: &Receiver<()>) -> bool {
        !matches!(stop.recv_timeout(d), Err(RecvTimeoutError::Timeout))
    }
}

/// Prints each scheduled line once its time comes, until stopped or done.
pub fn run(
    schedule: Vec<(Duration, String)>,
    clock: &mut dyn Clock,
    print: &mut dyn FnMut(String),
    stop: &Receiver<()>,
) {
    for (at, text) in schedule {
        loop {
            let now = clock.elapsed();
            if now >= at {
                break;
            }
            if clock.wait((at - now).min(Duration::from_millis(200)), stop) {
                return;
            }
        }
        print(text);
    }
}

/// A timer running on its own thread for one prompt.
pub struct Timer {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Timer {
    /// Starts printing `schedule` through `printer`.
    pub fn start<P>(schedule: Vec<(Duration, String)>, mut printer: P) -> Timer
    where
        P: rustyline::ExternalPrinter + Send + 'static,
    {
        let (stop, stopped) = channel();
        let thread = std::thread::spawn(move || {
            let mut clock = WallClock::start();
            // A failed print (terminal gone) just means the line is not seen.
            run(
                schedule,
                &mut clock,
                &mut |line| {
                    let _ = printer.print(line);
                },
                &stopped,
            );
        });
        Timer { stop, thread }
    }

    /// Stops the timer (the trainee pressed Enter).
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock that jumps forward whenever asked to wait.
    struct FakeClock(Duration);

    impl Clock for FakeClock {
        fn elapsed(&self) -> Duration {
            self.0
        }
        fn wait(&mut self, d: Duration, stop: &Receiver<()>) -> bool {
            if stop.try_recv().is_ok() {
                return true;
            }
            self.0 += d;
            false
        }
    }

    #[test]
    fn lines_come_in_order_at_their_time_and_stop_when_told() {
        let (_tx, rx) = channel();
        let mut clock = FakeClock(Duration::ZERO);
        let mut printed = Vec::new();
        let schedule = vec![
            (Duration::from_secs(10), "queue".to_string()),
            (Duration::from_secs(20), "customer".to_string()),
        ];
        run(schedule.clone(), &mut clock, &mut |l| printed.push(l), &rx);
        assert_eq!(printed, ["queue", "customer"]);
        assert!(clock.0 >= Duration::from_secs(20));
        // Stopped before the first line is due: nothing printed.
        let (tx, rx) = channel();
        tx.send(()).unwrap();
        let mut clock = FakeClock(Duration::ZERO);
        let mut printed = Vec::new();
        run(schedule, &mut clock, &mut |l| printed.push(l), &rx);
        assert!(printed.is_empty());
    }

    /// What the timer prints into a silence is what the reply after it records: the
    /// queuer at half the customer's patience, the customer when it runs out, each with
    /// its cost; and after a command, lines already said are not said again.
    #[test]
    fn what_is_printed_is_what_is_recorded() {
        use crate::customer::RunInfo;
        use crate::grading::Grader;
        use crate::library::Library;
        use crate::transcript::Mode;

        let library = Library::builtin();
        let scenario = library.scenario("airport-desk").expect("built in");
        let grader = Grader::for_scenario(&library.rubrics_for(scenario), scenario, None);
        let info = RunInfo {
            trainee: "Kit".into(),
            trainee_id: None,
            mode: Mode::Practice,
            seed: 3,
            started: String::new(),
            rubrics: Vec::new(),
        };
        let mut conversation = Conversation::start(scenario, &grader, info);
        conversation.reply("Good evening, I'm so sorry about the cancellation.", None);
        let plan = schedule(&conversation, Duration::ZERO, true, false);
        let at: Vec<u64> = plan.iter().map(|(d, _)| d.as_secs()).collect();
        assert_eq!(at, [15, 30, 60]);
        assert!(plan[0].1.starts_with("Passenger at the back: "), "{plan:?}");
        assert!(plan[0].1.ends_with("+1 Passenger at the back: waited 15 s"));
        assert!(plan[1].1.starts_with("Hannah Berg: "));
        assert!(plan[1].1.ends_with("+1 Hannah Berg: waited 30 s"));
        // Printed by the fake clock, in order.
        let (_tx, rx) = channel();
        let mut clock = FakeClock(Duration::ZERO);
        let mut printed = Vec::new();
        run(plan.clone(), &mut clock, &mut |l| printed.push(l), &rx);
        assert_eq!(printed.len(), 3);
        // Already 20 s silent (a /hint read): the queuer's line was said, not again.
        let later = schedule(&conversation, Duration::from_secs(20), true, false);
        assert_eq!(later.len(), 2);
        assert_eq!(later[0].0, Duration::from_secs(10));
        // The reply 35 s in records the two lines said before it, as printed.
        let mood = conversation.mood();
        let exchange = conversation.reply(
            "I can put you on the 20:40 via Porto.",
            Some(Duration::from_secs(35)),
        );
        let heard = &conversation.transcript().turns[1].customer;
        for (_, text) in &plan[..2] {
            let said = text.lines().next().expect("a line");
            assert!(
                heard
                    .iter()
                    .any(|l| said == format!("{}: {}", l.speaker, l.text)),
                "{said} not in {heard:#?}"
            );
        }
        assert!(!heard.iter().any(|l| plan[2].1.contains(&l.text)));
        let waited: Vec<String> = exchange
            .changes
            .iter()
            .filter(|c| matches!(c.cause, Cause::Waited { .. }))
            .map(|c| format!("{} {}", c.speaker, c.cause))
            .collect();
        assert_eq!(
            waited,
            [
                "Passenger at the back waited 15 s",
                "Hannah Berg waited 30 s"
            ]
        );
        assert_eq!(exchange.mood.0, mood);
    }
}
