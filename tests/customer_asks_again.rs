//! A customer whose question is not answered asks it again, on its own and rephrased (as
//! group members do): sympathy is no answer to "Is that normal?".
mod common;

use common::{causes, exchanges, said};
use rehearse::customer::Cause;
use rehearse::library::Library;

const WELCOME: &str = "Hi Sofia, welcome back! Good to see you again.";

/// Sofia asks whether 20 km is normal; replies that only feel for her leave it open, so
/// she asks again ("As I asked: Is that normal?"), never word for word, and does not move
/// on to how she charges it. A verdict answers her.
#[test]
fn sofia_asks_again_when_only_sympathy_comes_back() {
    let library = Library::builtin();
    for empathy in [
        "Oh no, I'm sorry, that sounds really frustrating.",
        "That's annoying, I'm sorry.",
        "Oh dear, that's a pain.",
        "I'm sorry to hear that, that sounds really annoying.",
    ] {
        for seed in 0..3 {
            let (done, _) = exchanges(
                &library,
                "returning-regular",
                "Sam",
                seed,
                &[WELCOME, empathy],
            );
            let again = said(&done[1]);
            assert!(
                again.contains("Is that normal?") && !again.contains("It said 60"),
                "{seed} {empathy}: {again}"
            );
            assert!(!again.contains("I charge it"), "{seed} {empathy}: {again}");
            assert!(
                causes(&done[1], "Sofia Marin").contains(&&Cause::SaidAgain),
                "{seed} {empathy}"
            );
        }
    }
    let (done, _) = exchanges(
        &library,
        "returning-regular",
        "Sam",
        0,
        &[
            WELCOME,
            "Oh no - that's not normal. Let me check it for you.",
        ],
    );
    assert!(
        !said(&done[1]).contains("Is that normal?"),
        "{}",
        said(&done[1])
    );
}
