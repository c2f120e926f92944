//! Endings are earned, and what leads to them is charged fairly: rudeness the customer was
//! never apologised for ends in a complaint however the call ends, a customer who said
//! they would complain is won back only by an apology, ownership and a plan, someone who
//! leaves the queue unacknowledged is a customer who walked out, and a customer who walks
//! out is not charged for saying something again (nothing is said again).
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

const PLATTER: &str = "Hi, welcome! Yes, half vegetarian, it will be ready within 15 minutes.";

/// Ravi is brushed off ("Whatever. Card.") and dismissed ("Next."): however the graph
/// goes on, he complains rather than thanks.
#[test]
fn a_rude_and_dismissive_call_never_ends_resolved() {
    let library = Library::builtin();
    for seed in 0..4 {
        let (done, ending) = exchanges(
            &library,
            "lunch-rush",
            "Sam",
            seed,
            &[PLATTER, "Whatever. Card.", "Next.", "Next.", "Next."],
        );
        assert_eq!(ending, Some(Ending::Escalated), "{seed}");
        let last = done.iter().find(|e| e.ending.is_some()).expect("ended");
        assert!(said(last).contains("manager"), "{seed}: {}", said(last));
    }
}

/// "Next." on its own calls the next person while Ravi stands there: curt, whatever
/// else the call did.
#[test]
fn a_bare_next_is_curt_to_the_customer_being_served() {
    let library = Library::builtin();
    let (done, _) = exchanges(&library, "lunch-rush", "Sam", 0, &[PLATTER, "Next."]);
    assert!(
        causes(&done[1], "Ravi Patel")
            .iter()
            .any(|c| matches!(c, Cause::Curt(_))),
        "{:?}",
        done[1].changes
    );
}

/// Rudeness apologised for is let go: the call ends resolved when the rest of it earns
/// it.
#[test]
fn rudeness_apologised_for_does_not_stand_in_the_way() {
    let library = Library::builtin();
    let (_, ending) = exchanges(
        &library,
        "lunch-rush",
        "Sam",
        0,
        &[
            PLATTER,
            "Whatever. Card.",
            "Sorry about that, Ravi - that was rude of me. Thank you for waiting, madam, I'll be with you in five minutes.",
            "Thanks, Ravi, enjoy your meeting!",
        ],
    );
    assert_eq!(ending, Some(Ending::Resolved));
}

/// Ravi served politely while the woman in the queue is ignored until she leaves: a
/// customer walked out, so the call does not end resolved.
#[test]
fn a_queuer_who_leaves_unacknowledged_counts_against_the_ending() {
    let library = Library::builtin();
    for seed in 0..4 {
        let (done, ending) = exchanges(
            &library,
            "lunch-rush",
            "Sam",
            seed,
            &[
                PLATTER,
                "Yes, card is fine, Ravi.",
                "Great, thanks Ravi.",
                "Thanks, enjoy your meeting!",
            ],
        );
        let left = done
            .iter()
            .any(|e| causes(e, "Woman in the queue").contains(&&Cause::LeftQueue));
        assert!(left, "{seed}: she should have left");
        assert_eq!(ending, Some(Ending::WalkedOut), "{seed}");
    }
}

/// 陈女士 says 我要投诉你！ when met with a curt reply. An apology and a time do not
/// win her back; an apology, ownership (是我们的问题，我来负责跟进) and a time do.
#[test]
fn a_complaint_the_customer_said_stands_until_recovered() {
    let library = Library::builtin();
    let curt = "喂，什么事？";
    let plan = "我马上安排高级工程师24小时内上门。";
    let close = "请问还有其他可以帮您的吗？感谢您的耐心，再见。";
    let mut threatened = 0;
    for seed in 0..6 {
        let (done, ending) = exchanges(
            &library,
            "zh-complaint",
            "小李",
            seed,
            &[curt, "非常抱歉，给您添麻烦了。", plan, close],
        );
        if !said(&done[0]).contains("投诉") {
            continue;
        }
        threatened += 1;
        assert_eq!(ending, Some(Ending::Escalated), "{seed}");
        let (_, ending) = exchanges(
            &library,
            "zh-complaint",
            "小李",
            seed,
            &[
                curt,
                "非常抱歉，这是我们的问题，我来负责跟进到底。",
                plan,
                close,
            ],
        );
        assert_eq!(ending, Some(Ending::Resolved), "{seed}");
    }
    assert!(threatened > 0, "no seed said the complaint line");
    // Without the threat, the apology and the time are enough, as before.
    for seed in 0..6 {
        let (done, ending) = exchanges(
            &library,
            "zh-complaint",
            "小李",
            seed,
            &[curt, "非常抱歉，给您添麻烦了。", plan, close],
        );
        if !said(&done[0]).contains("投诉") {
            assert_eq!(ending, Some(Ending::Resolved), "{seed}");
        }
    }
}
