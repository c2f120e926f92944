//! Waiting customers speak on a timer while the trainee is silent or typing: their lines
//! are printed above the prompt by rustyline's external printer, so the half-typed reply
//! stays. The clock is injectable so tests need not wait.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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
}
