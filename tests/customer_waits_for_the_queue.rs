//! A reply said only to someone in the queue is theirs: the customer being served waits
//! (says nothing, answers none of its questions), and the next reply that comes back to
//! them is read against what they still ask. A new hire saw Ravi answer "what can I get
//! you?" said to the woman in the queue with "Hmm, I don't know, sorry", and move on.
mod common;

use common::{exchanges, said};
use rehearse::library::Library;

#[test]
fn the_customer_being_served_waits_while_the_queue_is_spoken_to() {
    let library = Library::builtin();
    for seed in 0..4 {
        let (done, _) = exchanges(
            &library,
            "lunch-rush",
            "Sam",
            seed,
            &[
                "Hi, welcome to Crumb & Co! Yes, a platter of 12 is no problem. What fillings would you like?",
                "Thanks so much for waiting, madam, what can I get you?",
                "Sorry about that Ravi - half vegetarian, ready within 15 minutes.",
            ],
        );
        let to_queue = said(&done[1]);
        assert!(!to_queue.contains("Ravi Patel"), "{seed}: {to_queue}");
        // Back with Ravi, the time answers the "how long?" he asked before the aside.
        let back = said(&done[2]);
        assert!(back.contains("Can I pay by card?"), "{seed}: {back}");
    }
    // A reply that turns to the queue and also meets the customer's step is theirs too.
    let (done, _) = exchanges(
        &library,
        "lunch-rush",
        "Sam",
        0,
        &[
            "Hi, welcome to Crumb & Co! Yes, a platter of 12 is no problem. What fillings would you like?",
            "Thanks for waiting, madam, I'll be with you in five minutes. Half vegetarian is fine, and I will have it ready within 15 minutes.",
        ],
    );
    assert!(
        said(&done[1]).contains("Can I pay by card?"),
        "{}",
        said(&done[1])
    );
}
