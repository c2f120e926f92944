//! A request for the customer's details is heard however it is put — a question, a
//! statement of what is needed ("I'll need your full name and postcode"), a bare list
//! ("Name and postcode."), a request to confirm who they are, or in Chinese a verb with the
//! detail ("留个电话", "登记一下手机") — and answered, even by a customer still fuming;
//! a statement about a detail asks nothing.
mod common;

use common::{exchanges, said};
use rehearse::customer::FactQuestions;
use rehearse::library::Library;
use rehearse::scenario::Ending;

fn asked(library: &Library, id: &str, reply: &str) -> Vec<String> {
    let scenario = library.scenario(id).expect("built in");
    FactQuestions::new(scenario).asked(reply)
}

/// Marcus is asked for his name and postcode in the ways trainees ask: each asks for
/// both, in that order. Asked to confirm who he is, with no detail named, he gives what
/// identifies him: his name and postcode.
#[test]
fn requests_for_identity_details_are_heard_in_english() {
    let library = Library::builtin();
    for reply in [
        "Name and postcode.",
        "Full name and postcode first, please.",
        "I'll need your full name and postcode before I can do anything.",
        "I need your name and postcode before I can look at the account.",
        "Just need your name and postcode.",
        "Let's start with your name and postcode.",
        "I have to ask for your name and postcode first.",
        "What's the name and postcode on the account?",
        "Could you confirm your identity for me?",
        "Could you verify your details for me?",
        "We need to verify who you are first.",
        "I'll just need to run through security first.",
    ] {
        assert_eq!(
            asked(&library, "billing-error", reply),
            ["name", "postcode"],
            "{reply}"
        );
    }
    // Saying something about a detail asks for nothing.
    for reply in [
        "I have your postcode here.",
        "Postcode is fine.",
        "My name is Sam.",
        "I'll sort it out.",
    ] {
        assert!(
            asked(&library, "billing-error", reply).is_empty(),
            "{reply}"
        );
    }
}

/// Chinese requests by kind: a verb of asking (登记, 留, 报, 说, 提供…) with the detail,
/// and 方便 / 需要 sentences. 打电话 asks for nothing.
#[test]
fn requests_for_details_are_heard_in_chinese() {
    let library = Library::builtin();
    for (reply, fact) in [
        ("麻烦您登记一下电话。", "phone"),
        ("留个电话吧。", "phone"),
        ("您留一下手机，师傅上门前联系您。", "phone"),
        ("方便说一下您的电话吗？", "phone"),
        ("请报一下手机。", "phone"),
        ("方便留个联系方式吗？", "phone"),
        ("登记一下地址。", "address"),
        ("需要您的地址。", "address"),
        ("登记一下您的姓名。", "name"),
        ("留个名字吧。", "name"),
    ] {
        assert_eq!(asked(&library, "zh-complaint", reply), [fact], "{reply}");
    }
    // Asked to confirm who they are, a Chinese caller gives their name and phone.
    assert_eq!(
        asked(&library, "zh-complaint", "先核实一下您的身份。"),
        ["name", "phone"]
    );
    for reply in ["我稍后给您打电话。", "师傅会提前打电话给您。"] {
        assert!(asked(&library, "zh-complaint", reply).is_empty(), "{reply}");
    }
}

/// Played: Marcus, still fuming, asked with a statement of need, gives his name and
/// postcode at once. Calmed next, he does not give them again but asks about his money,
/// and the refund's timeline ends the call resolved.
#[test]
fn a_fuming_customer_gives_his_details_and_verification_completes() {
    let library = Library::builtin();
    for seed in 0..3 {
        let (done, ending) = exchanges(
            &library,
            "billing-error",
            "Sam",
            seed,
            &[
                "Hi, I'm Sam. I'll need your full name and postcode before I can do anything.",
                "I'm so sorry about this, it can be really frustrating.",
                "I will refund the second charge today and it will reach your bank within 3-5 working days.",
                "Is there anything else I can help with? Thanks, and have a good evening.",
            ],
        );
        let first = said(&done[0]);
        assert!(
            first.contains("Marcus Bell") && first.contains("M14 5RT"),
            "{seed}: {first}"
        );
        let second = said(&done[1]);
        assert!(
            !second.contains("M14 5RT") && second.contains("money back"),
            "{seed}: details given twice or the question lost: {second}"
        );
        assert_eq!(ending, Some(Ending::Resolved), "{seed}");
    }
}

/// The same in Chinese: 陈女士, asked to 留个电话, says his number.
#[test]
fn a_chinese_caller_asked_to_leave_a_number_gives_it() {
    let library = Library::builtin();
    let (done, _) = exchanges(
        &library,
        "zh-complaint",
        "小李",
        0,
        &["您好，我是客服小李。非常抱歉给您添麻烦了，麻烦您留个电话，我马上安排。"],
    );
    let first = said(&done[0]);
    assert!(first.contains("138 1762 0459"), "{first}");
}
