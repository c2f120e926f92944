//! Endings are earned, and what leads to them is charged fairly: a customer who walks out
//! is not charged for saying something again (nothing is said again).
mod common;

use common::{causes, exchanges, said};
use rehearse::customer::Cause;
use rehearse::library::Library;
use rehearse::scenario::Ending;

/// Marcus, fobbed off until he has used up his lines and walks out: the reply he leaves on
/// costs what it did (the fallback's +2), not "had to say it again" as well.
#[test]
fn no_said_again_cost_on_the_reply_the_customer_walks_out_on() {
    let library = Library::builtin();
    for seed in 0..4 {
        let (done, ending) = exchanges(&library, "billing-error", "Sam", seed, &["Hm."; 5]);
        assert_eq!(ending, Some(Ending::WalkedOut), "{seed}");
        let last = done
            .iter()
            .find(|e| e.ending.is_some())
            .expect("the call ended");
        assert!(
            !causes(last, "Marcus Bell").contains(&&Cause::SaidAgain),
            "{seed}: {:?}\n{}",
            last.changes,
            said(last)
        );
    }
}
