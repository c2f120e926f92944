//! The customer reacts to what was said, by kinds of wording and by memory, on the
//! built-in scenarios where play-throughs found it did not: rude and curt replies (EN and
//! ZH) draw a mood change with its cause and a line that reacts; an alternative offered is
//! heard; a fact the trainee gave is not asked for again; a silence is a line of its own.
mod common;

use std::time::Duration;

use rehearse::customer::{Cause, Conversation, Exchange};
use rehearse::library::Library;

/// Plays `replies` on a built-in scenario; the exchange after each.
fn play(id: &str, seed: u64, replies: &[&str]) -> Vec<Exchange> {
    common::exchanges(&Library::builtin(), id, "小张", seed, replies).0
}

/// What the customers said after an exchange, as one text.
fn said(exchange: &Exchange) -> String {
    exchange
        .said
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn curt(exchange: &Exchange) -> Option<String> {
    exchange.changes.iter().find_map(|c| match &c.cause {
        Cause::Curt(words) => Some(words.clone()),
        _ => None,
    })
}

fn rude(exchange: &Exchange) -> Option<String> {
    exchange.changes.iter().find_map(|c| match &c.cause {
        Cause::Rude(words) => Some(words.clone()),
        _ => None,
    })
}

/// A curt opener in Chinese — any of its kinds, not one sentence — costs patience with
/// its cause shown, and the customer's next line reacts to it before going on.
#[test]
fn a_curt_chinese_opener_is_heard() {
    for (reply, words) in [
        ("喂，干嘛？", "干嘛"),
        ("什么事？快说。", "什么事"),
        ("有事说事。", "有事说事"),
        ("啥？", "啥？"),
        ("干什么的？", "干什么"),
    ] {
        let exchanges = play("zh-order-inquiry", 1, &[reply]);
        let first = &exchanges[0];
        assert_eq!(curt(first).as_deref(), Some(words), "{reply}: {first:#?}");
        assert!(first.mood.1 > first.mood.0, "{reply}: the mood rose");
        let line = said(first);
        assert!(
            [
                "你这什么语气啊？",
                "干嘛这么不耐烦？",
                "我打个电话问问而已，用得着这样吗？"
            ]
            .iter()
            .any(|r| line.starts_with(r)),
            "{reply}: no reaction in {line:?}"
        );
    }
    // The same words with courtesy are not curt.
    for reply in ["您好，请问有什么事？", "喂，您好，请问有什么可以帮您？"]
    {
        let first = &play("zh-order-inquiry", 1, &[reply])[0];
        assert_eq!(curt(first), None, "{reply}");
        assert_eq!(rude(first), None, "{reply}");
    }
}

/// Rude and curt English replies draw a reaction too; a brush-off is rude, not curt.
#[test]
fn rude_and_curt_english_replies_are_heard() {
    let first = &play("first-visit", 1, &["What do you want?"])[0];
    assert_eq!(curt(first).as_deref(), Some("what do you want"));
    assert!(
        said(first).starts_with("Well, hello to you too.")
            || said(first).starts_with("No need to snap at me.")
            || said(first).starts_with("Sorry, am I bothering you?"),
        "{}",
        said(first)
    );
    let first = &play("late-delivery", 1, &["Not my problem."])[0];
    assert_eq!(rude(first).as_deref(), Some("not my problem"));
    assert_eq!(curt(first), None);
}

/// Reactions are said once each, then the mood cost alone speaks: never the same
/// sentence twice.
#[test]
fn reactions_are_never_repeated() {
    let replies = ["干嘛？", "干嘛？", "干嘛？", "干嘛？", "干嘛？"];
    let exchanges = play("zh-complaint", 2, &replies);
    let mut seen = std::collections::HashSet::new();
    for exchange in &exchanges {
        for line in &exchange.said {
            assert!(seen.insert(line.text.clone()), "said twice: {}", line.text);
        }
        assert!(curt(exchange).is_some() || exchange.ending.is_some());
    }
}

/// The lines of one step of a built-in scenario, expanded.
fn step_lines(id: &str, step: &str) -> Vec<String> {
    let library = Library::builtin();
    let scenario = library.scenario(id).expect("built in");
    let values = scenario.placeholder_values();
    let index = scenario.step_index(step).expect("a step");
    scenario.steps[index]
        .say
        .iter()
        .map(|l| rehearse::scenario::expand(l, &values))
        .collect()
}

const OFFER: &str =
    "There's a 20:40 flight via Porto tonight that still has seats - I can put you on that one.";

/// An alternative offered is heard: she takes it up instead of asking "another way
/// today?" again, whether it comes on her question or straight away.
#[test]
fn an_offer_is_taken_up_not_asked_for_again() {
    let options = step_lines("airport-desk", "options");
    for replies in [
        vec!["Good evening, I'm so sorry about the cancellation.", OFFER],
        vec![OFFER],
    ] {
        for seed in 0..6 {
            let exchanges = play("airport-desk", seed, &replies);
            let last = exchanges.last().unwrap();
            let line = said(last);
            assert!(
                !options.iter().any(|o| line.contains(o.as_str())),
                "seed {seed}: asked again after the offer: {line:?}"
            );
            assert!(
                last.changes
                    .iter()
                    .any(|c| c.cause.to_string().contains("offered an alternative")),
                "seed {seed}: {:#?}",
                last.changes
            );
            assert!(
                step_lines("airport-desk", "offered")
                    .iter()
                    .any(|o| line.contains(o.as_str())),
                "seed {seed}: {line:?}"
            );
        }
    }
    // Without an offer she does ask again.
    let exchanges = play(
        "airport-desk",
        1,
        &["Good evening, I'm so sorry.", "Let me have a look."],
    );
    assert!(
        options
            .iter()
            .any(|o| said(&exchanges[1]).contains(o.as_str()))
    );
}

/// A scenario whose customer waits for an offer, in Chinese.
const OFFER_ZH: &str = "\
rehearse: 1
id: offer-zh
title: 换货
channel: phone
language: zh
brief: 测试。
customer: { name: 李先生, mood: 5 }
rubrics: [zh-phone]
steps:
  - id: broken
    say: [\"这台机器坏了，能怎么办？\", \"那你说怎么办吧。\"]
    next:
      - when: { promised: [offer] }
        mood: -1
        goto: taken
      - mood: 1
        goto: broken
  - id: taken
    say: [\"行，那就这么办。\"]
    next:
      - goto: broken
";

/// Offers are kinds of proposal in Chinese too ("要不…", "可以给您换…"), and a refusal
/// offers nothing.
#[test]
fn chinese_offers_are_heard() {
    let mut library = Library::builtin();
    library.add_source(std::sync::Arc::new(rehearse::source::SourceFile::new(
        "offer.yaml",
        rehearse::source::Origin::BuiltIn,
        OFFER_ZH,
    )));
    let scenario = library.scenario("offer-zh").expect("loads");
    let grader = common::grader_for(&library, scenario);
    for (reply, taken) in [
        ("要不我给您换一台新的？", true),
        ("我可以给您换一台新的。", true),
        ("我们没办法给您换。", false),
        ("这个问题我也不清楚。", false),
    ] {
        let mut c = Conversation::start(scenario, &grader, common::practice("小张", 1));
        let exchange = c.reply(reply, None);
        assert_eq!(
            said(&exchange).contains("行，那就这么办。"),
            taken,
            "{reply}: {}",
            said(&exchange)
        );
        if taken {
            assert!(
                exchange
                    .changes
                    .iter()
                    .any(|c| rehearse::locale::ZH.cause(&c.cause) == "提出了替代方案"),
                "{reply}: {:#?}",
                exchange.changes
            );
        }
    }
}

/// A fact the trainee gave is remembered: Jan does not ask the price once it was said —
/// in the first reply or in the answer to Tom — but checks what he heard; said nowhere,
/// he asks.
#[test]
fn a_fact_the_trainee_gave_is_not_asked_for_again() {
    let jan = step_lines("family-plan", "jan");
    let greet = "Good afternoon, everyone, welcome to Ridgeway Mobile - my name is Sam.";
    let early = "Good afternoon, everyone, welcome to Ridgeway Mobile - my name is Sam. The plan is £54 a month for all three lines.";
    let to_tom = "Tom, good question - each line gets 30 GB a month, and it's £54 a month in all.";
    for (replies, told) in [
        (vec![early, "Tom, each line gets plenty of data."], true),
        (vec![greet, to_tom], true),
        (vec![greet, "Tom, each line gets plenty of data."], false),
    ] {
        for seed in 0..4 {
            let exchanges = play("family-plan", seed, &replies);
            let line = said(exchanges.last().unwrap());
            let asks = jan.iter().any(|j| line.contains(j.as_str()));
            assert_eq!(asks, !told, "seed {seed}, {replies:?}: {line:?}");
            assert_eq!(line.contains("£54"), told, "seed {seed}: {line:?}");
        }
    }
}

/// A scenario whose steps test what the trainee told (`told:`) and ask for a fact
/// (`asks:`), in Chinese.
const TOLD_ZH: &str = "\
rehearse: 1
id: told-zh
title: 送货时间
channel: phone
language: zh
brief: 测试。
customer:
  name: 王女士
  facts: { timeframe: 明天下午 }
rubrics: [zh-phone]
steps:
  - id: opening
    say: [\"我想问一下订单。\"]
    next:
      - when: { told: [timeframe] }
        goto: thanks
      - goto: when
  - id: when
    asks: [timeframe]
    say: [\"什么时候能送到？\"]
    next:
      - goto: when
  - id: thanks
    say: [\"好的，谢谢。\"]
    next:
      - goto: when
";

#[test]
fn told_facts_drive_conditions_and_checks_in_chinese() {
    let mut library = Library::builtin();
    library.add_source(std::sync::Arc::new(rehearse::source::SourceFile::new(
        "told.yaml",
        rehearse::source::Origin::BuiltIn,
        TOLD_ZH,
    )));
    let scenario = library.scenario("told-zh").expect("loads");
    let grader = common::grader_for(&library, scenario);
    // Told at once: the condition sees it.
    let mut c = Conversation::start(scenario, &grader, common::practice("小张", 1));
    assert!(said(&c.reply("您的订单明天下午送到。", None)).contains("好的，谢谢。"));
    // Told later: the question is not asked again, the customer checks it.
    let mut c = Conversation::start(scenario, &grader, common::practice("小张", 1));
    assert!(said(&c.reply("您好。", None)).contains("什么时候能送到？"));
    let line = said(&c.reply("明天下午送到。", None));
    assert!(!line.contains("什么时候能送到？"), "{line}");
    assert!(line.contains("明天下午"), "{line}");
}

/// A silence past the customer's patience is heard: the customer speaks into it, the
/// line is recorded with those the reply answers, it costs a point of mood with the wait
/// as its cause, and replaying the transcript says it again.
#[test]
fn a_silence_is_a_line_with_a_cost() {
    let library = Library::builtin();
    for (id, seconds, reply) in [
        (
            "late-delivery",
            45,
            "Good morning, I'm so sorry about the wait.",
        ),
        ("zh-complaint", 40, "您好，非常抱歉让您久等了。"),
    ] {
        let scenario = library.scenario(id).expect("built in");
        let grader = common::grader_for(&library, scenario);
        let mut c = Conversation::start(scenario, &grader, common::practice("小张", 4));
        let opening = c.pending().len();
        let waited = Duration::from_secs(2 * seconds + 5);
        let exchange = c.reply(reply, Some(waited));
        let heard = &c.transcript().turns[0].customer;
        assert_eq!(heard.len(), opening + 2, "{id}: {heard:#?}");
        assert!(
            heard[opening..]
                .iter()
                .all(|l| l.speaker == scenario.customer.name)
        );
        assert_ne!(heard[opening].text, heard[opening + 1].text);
        let waits: Vec<&Cause> = exchange
            .changes
            .iter()
            .map(|c| &c.cause)
            .filter(|c| matches!(c, Cause::Waited { .. }))
            .collect();
        assert_eq!(
            waits,
            [
                &Cause::Waited { seconds },
                &Cause::Waited {
                    seconds: 2 * seconds
                }
            ],
            "{id}"
        );
        let transcript = c.transcript().clone();
        if let Err(divergence) = rehearse::replay::replay(&transcript, scenario, &grader) {
            panic!("{id}: {divergence}");
        }
        // Quick, the same reply hears nothing more and costs nothing for the wait.
        let mut quick = Conversation::start(scenario, &grader, common::practice("小张", 4));
        let exchange = quick.reply(reply, Some(Duration::from_secs(3)));
        assert_eq!(quick.transcript().turns[0].customer.len(), opening);
        assert!(
            !exchange
                .changes
                .iter()
                .any(|c| matches!(c.cause, Cause::Waited { .. }))
        );
    }
    // In Chinese the cause says so in Chinese.
    assert_eq!(
        rehearse::locale::ZH.cause(&Cause::Waited { seconds: 40 }),
        "等了 40 秒"
    );
}

/// Verification shown in the very reply that calms the customer is named as shown, not
/// "verification (earlier)"; shown in an earlier reply, it is "(earlier)".
#[test]
fn a_skill_shown_now_is_not_called_earlier() {
    let both = "Good morning, this is Sam at Northwind. I'm so sorry, it can be really \
                frustrating when a delivery doesn't turn up. Before I look at the order, \
                could you confirm your full name and postcode?";
    let causes = |exchange: &Exchange| -> Vec<String> {
        exchange
            .changes
            .iter()
            .map(|c| rehearse::locale::EN.cause(&c.cause))
            .collect()
    };
    for seed in 0..3 {
        let first = play("late-delivery", seed, &[both]);
        let said = causes(&first[0]);
        assert!(
            said.iter().any(|c| c.contains("verification")),
            "seed {seed}: {said:?}"
        );
        assert!(
            !said.iter().any(|c| c.contains("(earlier)")),
            "seed {seed}: {said:?}"
        );
    }
    // Verified first, empathy in the next reply: the verification was earlier.
    let later = play(
        "late-delivery",
        0,
        &[
            "Good morning, this is Sam at Northwind. Before I look at the order, could you \
             confirm your full name and postcode?",
            "I'm so sorry, it can be really frustrating when a delivery doesn't turn up.",
        ],
    );
    let said: Vec<String> = later.iter().flat_map(causes).collect();
    assert!(
        said.iter().any(|c| c.contains("verification (earlier)")),
        "{said:?}"
    );
}

/// Asked for her work-order number (工单号), 陈女士 gives it, in Chinese, before her
/// next line; asked again, she says she already did.
#[test]
fn the_work_order_number_is_answered_in_chinese() {
    for seed in 0..3 {
        let exchanges = play(
            "zh-complaint",
            seed,
            &["请问您的工单号是多少？", "麻烦再说一下工单号？"],
        );
        let first = said(&exchanges[0]);
        assert!(first.contains("WX-115207"), "seed {seed}: {first}");
        assert!(first.contains("工单号"), "seed {seed}: {first}");
        assert_eq!(
            common::english_words(&first, &["WX-115207"]),
            Vec::<String>::new(),
            "seed {seed}: {first}"
        );
        let second = said(&exchanges[1]);
        assert!(second.contains("WX-115207"), "seed {seed}: {second}");
        assert!(second.contains("说"), "seed {seed}: {second}");
    }
}

/// The time the brief promises is a `timeframe` fact, so the coaching for a plan quotes
/// it (and the brief says it) rather than a figure of its own.
#[test]
fn coaching_quotes_the_briefs_timeframe() {
    let dir = tempfile::tempdir().expect("scratch folder");
    for (id, reply, timeframe) in [
        (
            "late-delivery",
            "Good morning, this is Sam at Northwind. I'm so sorry, it can be really \
             frustrating. Could you confirm your full name and postcode?",
            "you will have it within 2 working days.",
        ),
        (
            "zh-complaint",
            "您好，这里是安心家电客服部，我是小李。非常理解您的心情，给您添麻烦了，真的很抱歉。",
            "24小时内给您答复",
        ),
    ] {
        let out = common::rehearse(dir.path())
            .args(["run", id, "--replies", "-", "--coach", "--seed", "1"])
            .write_stdin(format!("{reply}\n"))
            .output()
            .expect("rehearse runs");
        let text = common::stdout(&out);
        assert!(text.contains(timeframe), "{id}: {text}");
        let library = Library::builtin();
        let scenario = library.scenario(id).expect("built in");
        let fact = &scenario.customer.facts["timeframe"];
        assert!(
            scenario.brief.contains("{timeframe}") && timeframe.contains(fact.as_str()),
            "{id}"
        );
    }
}

/// Calmed and told when the engineer comes in the same reply, 陈女士 does not ask when
/// someone will come; apologised to only, she does not say "登记完了" (nothing was taken
/// down).
#[test]
fn a_plan_given_with_the_apology_is_heard_in_chinese() {
    let both = "您好，这里是安心家电客服部，我是小李。非常抱歉给您添麻烦了，\
                我马上安排高级工程师在24小时内上门检修，请您放心。";
    let apology =
        "您好，这里是安心家电客服部，我是小李。非常理解您的心情，给您添麻烦了，真的很抱歉。";
    for seed in 0..6 {
        let line = said(&play("zh-complaint", seed, &[both])[0]);
        assert!(!line.contains("什么时候"), "seed {seed}: {line}");
        let line = said(&play("zh-complaint", seed, &[apology])[0]);
        assert!(!line.contains("登记完了"), "seed {seed}: {line}");
    }
}

/// The order number read back before 王女士 gave it is confirmed, not then told again by
/// her next line ("对，没错。订单号是AX2291，我姓王。").
#[test]
fn an_order_number_read_back_first_is_not_told_again() {
    for (reply, next) in [
        (
            "您好，我帮您核对一下订单号AX2291。您的空气净化器已经出库，明天下午六点前送到。",
            &["谢谢"][..],
        ),
        (
            "您好，我是小李。您的订单号是AX2291，对吧？",
            &["什么时候", "哪天"][..],
        ),
    ] {
        for seed in 0..4 {
            let line = said(&play("zh-order-inquiry", seed, &[reply])[0]);
            assert!(!line.contains("AX2291"), "seed {seed}: {line}");
            assert!(next.iter().any(|n| line.contains(n)), "seed {seed}: {line}");
        }
    }
}
