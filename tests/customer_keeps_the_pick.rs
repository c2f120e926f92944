//! A day the customer picks from a choice is the day agreed: the customer's next words
//! never name the other option (a new hire saw "Thursday, please. Right. Friday, then."),
//! and asked again which one, the customer says the same day.
mod common;

use common::{exchanges, said};
use rehearse::library::Library;

const OPENING: &str = "Good morning Dana, thank you for calling Northwind, my name is Sam. I'm really sorry the desk hasn't arrived - a week of waiting is frustrating. Before I look into order NW-20417, could you confirm the postcode and email on the account for me?";
const CHOICE: &str = "Thank you, that matches. I can see the tracking hasn't moved for five days, which isn't good enough. Here is what I can do: book a priority re-delivery within 2 working days, and I can also refund the delivery charge. Would Thursday or Friday suit you better?";
const AGAIN: &str = "Sorry, just to be sure - did you want Thursday or Friday? I'll book whichever you prefer, and the delivery charge refund will show on your card in 3-5 working days.";

#[test]
fn the_day_picked_is_the_day_agreed() {
    let library = Library::builtin();
    for seed in 0..6 {
        let (done, _) = exchanges(
            &library,
            "late-delivery",
            "Sam",
            seed,
            &[OPENING, CHOICE, AGAIN],
        );
        let picked = said(&done[1]);
        assert!(picked.contains("Thursday"), "{seed}: {picked}");
        assert!(!picked.contains("Friday"), "{seed}: {picked}");
        if let Some(again) = done.get(2) {
            let again = said(again);
            assert!(!again.contains("Friday"), "{seed}: {again}");
            assert!(!again.contains("not sure"), "{seed}: {again}");
        }
    }
}
