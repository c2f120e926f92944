//! One test per rule kind, on the rubric format as trainers write it.
use std::sync::Arc;

use super::*;
use crate::rubric::{Rubric, RubricFile};
use crate::source::{Origin, SourceFile};

fn grader(rules: &str) -> Grader {
    let text = format!(
        "rehearse: 1\nid: t\ntitle: T\nskills:\n  - id: s\n    name: S\n    feedback: {{hit: ok, miss: no}}\n    rules:\n{rules}"
    );
    let file = Arc::new(SourceFile::new("t.yaml", Origin::BuiltIn, text));
    let (raw, locations): (RubricFile, _) = crate::yaml::parse(&file).expect("valid YAML");
    let (rubric, problems) = Rubric::from_file(raw, &file, locations);
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    let rubric = rubric.expect("valid rubric");
    let mut values = BTreeMap::new();
    values.insert("customer.name".to_string(), "Dana Whitfield".to_string());
    Grader::new(&[&rubric], &values, None)
}

fn reply<'a>(text: &'a str, customer: &'a str) -> Reply<'a> {
    Reply {
        text,
        customer,
        step: "s1",
        interjection: None,
        mood: 5,
        trainee: "",
    }
}

fn score(grader: &Grader, replies: &[Reply<'_>]) -> Option<f64> {
    grader.grade(replies).skills[0].score
}

#[test]
fn require_with_scope_first_and_last() {
    let g = grader("      - require: [hello]\n        scope: first\n");
    assert_eq!(
        score(&g, &[reply("Hello there", ""), reply("ok", "")]),
        Some(1.0)
    );
    assert_eq!(
        score(&g, &[reply("ok", ""), reply("Hello there", "")]),
        Some(0.0)
    );
    let g = grader("      - require: [goodbye]\n        scope: last\n");
    assert_eq!(
        score(&g, &[reply("goodbye", ""), reply("ok", "")]),
        Some(0.0)
    );
}

#[test]
fn require_with_scope_opening_looks_at_the_first_two_replies() {
    let g = grader("      - require: [my name is]\n        scope: opening\n");
    // Greeting, hearing the complaint, then the introduction: still the opening.
    assert_eq!(
        score(
            &g,
            &[
                reply("Hello", ""),
                reply("My name is Sam", ""),
                reply("ok", "")
            ]
        ),
        Some(1.0)
    );
    assert_eq!(
        score(
            &g,
            &[
                reply("Hello", ""),
                reply("ok", ""),
                reply("My name is Sam", "")
            ]
        ),
        Some(0.0)
    );
    // Live, as the replies come: the second reply shows it, the third no longer can.
    let second = g.assess_last(&[reply("Hello", ""), reply("My name is Sam", "")]);
    assert!(second.shows("s"), "{second:?}");
    let third = g.assess_last(&[
        reply("Hello", ""),
        reply("ok", ""),
        reply("My name is Sam", ""),
    ]);
    assert!(!third.shows("s"), "{third:?}");
    // A reply graded on its own: a middle one may be the second, a last one is not.
    let alone = |position| g.grade_at(reply("My name is Sam", ""), position).skills[0].score;
    assert_eq!(alone(Position::First), Some(1.0));
    assert_eq!(alone(Position::Middle), Some(1.0));
    assert_eq!(alone(Position::Last), None);
}

#[test]
fn require_every_scores_the_share() {
    let g = grader("      - require: [please]\n        scope: every\n");
    assert_eq!(
        score(
            &g,
            &[
                reply("please", ""),
                reply("no", ""),
                reply("please do", ""),
                reply("x", "")
            ]
        ),
        Some(0.5)
    );
}

#[test]
fn guards_count_the_replies_where_they_found_nothing() {
    // Replies a phrase rule is not run on (none of its phrases occur) count as clean.
    let g = grader("      - forbid: [calm down]\n        scope: every\n");
    let replies = [
        reply("calm down", ""),
        reply("I hear you", ""),
        reply("Let me check", ""),
        reply("Done", ""),
    ];
    assert_eq!(score(&g, &replies), Some(0.75));
    let g = grader("      - forbid: [calm down]\n");
    assert_eq!(score(&g, &replies), Some(0.0));
    assert_eq!(score(&g, &replies[1..]), Some(1.0));
    // After a step: only the replies right after it count.
    let g = grader("      - forbid: [calm down]\n        after: s2\n");
    let mut replies = replies.to_vec();
    replies[2].step = "s2";
    assert_eq!(score(&g, &replies), Some(1.0));
    replies[0].step = "s2";
    assert_eq!(score(&g, &replies), Some(0.0));
}

#[test]
fn forbid_is_critical_and_points_at_the_words() {
    let g = grader("      - forbid: [calm down]\n        critical: true\n");
    let card = g.grade(&[reply("Please, CALM down now", "")]);
    assert_eq!(card.skills[0].score, Some(0.0));
    assert!(!card.passed);
    assert_eq!(card.critical_failures, vec!["S: s#1".to_string()]);
    let e = &card.skills[0].rules[0].evidence[0];
    assert_eq!(
        (e.text.as_str(), e.span.map(|s| (s.start, s.end))),
        ("CALM down", Some((8, 17)))
    );
}

#[test]
fn substitute_shows_the_better_wording() {
    let g = grader(
        "      - substitute: {avoid: [\"we cannot do that\"], prefer: \"Here is what I can do.\"}\n",
    );
    let card = g.grade(&[reply("Sorry, we can't do that.", "")]);
    assert_eq!(card.skills[0].score, Some(0.0));
    assert_eq!(
        card.skills[0].rules[0].feedback.as_deref(),
        Some("Instead, say something like: \"Here is what I can do.\"")
    );
    assert_eq!(score(&g, &[reply("Here is what I can do.", "")]), Some(1.0));
}

#[test]
fn order_needs_first_before_then() {
    let g = grader("      - order: {first: [\"confirm your name\"], then: [\"your balance\"]}\n");
    assert_eq!(score(&g, &[reply("Your balance is 4.", "")]), Some(0.0));
    assert_eq!(
        score(
            &g,
            &[
                reply("Could you confirm your name?", ""),
                reply("Your balance is 4.", "")
            ]
        ),
        Some(1.0)
    );
    assert_eq!(
        score(
            &g,
            &[reply("Confirm your name, and your balance is 4.", "")]
        ),
        Some(1.0)
    );
    assert_eq!(
        score(&g, &[reply("Your balance is 4. Confirm your name.", "")]),
        Some(0.0)
    );
    assert_eq!(
        score(&g, &[reply("Hello", "")]),
        None,
        "not applicable until account details come up"
    );
}

#[test]
fn mirror_takes_up_a_line_or_two_before_the_latest() {
    let g = grader("      - mirror: {min_words: 2}\n");
    let complaint = "My parcel was left at the wrong door and now it has gone.";
    let took_up = "Thank you. You mentioned the parcel was left at the wrong door - I'll find out where the courier put it.";
    let call = |replies: &[(&'static str, &'static str)]| -> Vec<Reply<'static>> {
        replies.iter().map(|&(c, r)| reply(r, c)).collect()
    };
    // The customer's latest line has nothing to take up; the one before it has.
    let asked = call(&[
        (complaint, "Could I take your order number, please?"),
        ("It's 4471.", took_up),
    ]);
    assert_eq!(score(&g, &asked), Some(1.0));
    // Live too, as the reply comes.
    assert!(g.assess_last(&asked).shows("s"));
    // Two lines before the latest still counts; three does not.
    let mut later = call(&[
        (complaint, "Could I take your order number, please?"),
        ("It's 4471.", "And the postcode?"),
        ("LS6 2QT.", took_up),
    ]);
    assert_eq!(score(&g, &later), Some(1.0));
    later.insert(2, reply("And your name?", "Sure."));
    assert_eq!(score(&g, &later), Some(0.0));
    // The guards hold for earlier lines: one word is not two, a greeting is no topic,
    // and copying the line back is not reflecting it.
    let one_word = call(&[
        (complaint, "Could I take your order number, please?"),
        ("It's 4471.", "Thanks, I'll check on the parcel."),
    ]);
    assert_eq!(score(&g, &one_word), Some(0.0));
    let greeting = call(&[
        (
            "Good morning, hello!",
            "Could I take your order number, please?",
        ),
        ("It's 4471.", "Good morning and hello to you."),
    ]);
    assert_eq!(score(&g, &greeting), Some(0.0));
    let copied = call(&[
        (complaint, "Could I take your order number, please?"),
        (
            "It's 4471.",
            "My parcel was left at the wrong door and now it has gone.",
        ),
    ]);
    assert_eq!(score(&g, &copied), Some(0.0));
}

#[test]
fn mirror_reuses_words_but_not_wholesale() {
    let g = grader("      - mirror: {min_words: 2}\n");
    let customer = "I'm really disappointed with the delay on my desk";
    assert_eq!(
        score(
            &g,
            &[reply(
                "I'm sorry the desk delay has been so disappointing.",
                customer
            )]
        ),
        Some(1.0)
    );
    assert_eq!(score(&g, &[reply("Let me check.", customer)]), Some(0.0));
    assert_eq!(
        score(
            &g,
            &[reply(
                "really disappointed with the delay on my desk",
                customer
            )]
        ),
        Some(0.0)
    );
}

#[test]
fn personalise_accepts_full_first_or_family_name() {
    let g = grader("      - personalise: true\n");
    for text in [
        "Thanks, Dana.",
        "Thank you, Ms Whitfield.",
        "Dana Whitfield, welcome.",
    ] {
        assert_eq!(score(&g, &[reply(text, "")]), Some(1.0), "{text}");
    }
    assert_eq!(score(&g, &[reply("Thanks, Danaé.", "")]), Some(0.0));
}

#[test]
fn ask_open_versus_clarifying() {
    let open = grader("      - ask: open\n");
    let clarifying = grader("      - ask: clarifying\n");
    let text = "What happened when you logged in?";
    assert_eq!(score(&open, &[reply(text, "")]), Some(1.0));
    assert_eq!(score(&clarifying, &[reply(text, "")]), Some(0.0));
    assert_eq!(
        score(
            &clarifying,
            &[reply("So it's the blue one, is that right?", "")]
        ),
        Some(1.0)
    );
    assert_eq!(
        score(
            &open,
            &[reply("Would you like me to explain that again?", "")]
        ),
        Some(0.0)
    );
}

#[test]
fn style_every_reply_share() {
    let g = grader(
        "      - style: {no_caps: true, no_repeated_exclamation: true, max_words: 5}\n        scope: every\n",
    );
    assert_eq!(
        score(
            &g,
            &[
                reply("Fine.", ""),
                reply("NO WAY!!", ""),
                reply("one two three four five six", ""),
                reply("ok", "")
            ]
        ),
        Some(0.5)
    );
}

#[test]
fn after_and_mood_conditions_pick_replies() {
    let g = grader("      - require: [sorry]\n        after: s2\n");
    let r1 = Reply {
        step: "s1",
        ..reply("no", "")
    };
    let r2 = Reply {
        step: "s2",
        ..reply("so sorry", "")
    };
    assert_eq!(score(&g, &[r1, r2]), Some(1.0));
    assert_eq!(score(&g, &[r1]), None);
    let g = grader("      - require: [sorry]\n        mood_at_least: 7\n");
    let calm = Reply {
        mood: 3,
        trainee: "",
        ..reply("no", "")
    };
    let angry = Reply {
        mood: 8,
        trainee: "",
        ..reply("no", "")
    };
    assert_eq!(score(&g, &[calm]), None);
    assert_eq!(score(&g, &[calm, angry]), Some(0.0));
}

#[test]
fn stuffing_repetition_and_echo_cost_points() {
    let g = grader("      - require: [hello]\n");
    let card = g.grade(&[
        reply("Hello, how are you today my friend?", ""),
        reply("Hello, how are you today my friend?", ""),
    ]);
    assert_eq!(card.gaming.len(), 1);
    assert_eq!(card.gaming[0].kind, "repetition");
    assert_eq!(card.gaming[0].turn, 2);
    let card = g.grade(&[reply(
        "hello my desk is late again",
        "hello my desk is late again",
    )]);
    assert_eq!(card.gaming[0].kind, "echo");
    assert_eq!(
        card.skills[0].score,
        Some(0.0),
        "an echoed reply earns nothing"
    );
}

#[test]
fn a_conversation_grades_the_same_whatever_was_graded_before() {
    // Each thread reuses the last conversation's memory: nothing of it may show.
    let small = grader("      - require: [hello]\n");
    let large = grader(
        "      - require: [\"i understand\", \"thank * for\"]\n        fuzzy: 0.85\n      - forbid: [\"calm down\"]\n      - style: {no_caps: true}\n      - mirror: {min_words: 1}\n      - ask: open\n",
    );
    let call = [
        reply(
            "Hello! I undrestand, THANK you for waiting.",
            "My desk is late",
        ),
        reply(
            "您好，我理解您的心情。What happened to the desk?",
            "它迟到了",
        ),
        reply("Please calm down, the desk is on its way.", "Where is it?"),
    ];
    let fresh = |g: &Grader, replies: &[Reply<'_>]| {
        // Run on a thread of its own: nothing graded before there.
        std::thread::scope(|s| s.spawn(|| g.grade(replies)).join().expect("grades"))
    };
    let expected = fresh(&large, &call);
    let others = [
        reply("hello hello hello hello hello", "hello"),
        reply("ＣＡＬＭ ＤＯＷＮ！！", ""),
    ];
    for before in [&others[..], &call[1..], &call[..1], &[]] {
        small.grade(before);
        large.grade(before);
        large.assess_last(&call[..2]);
        assert_eq!(large.grade(&call), expected);
        assert_eq!(large.grade(&call[..1]), fresh(&large, &call[..1]));
    }
}

/// The built-in core and difficult rubrics, as a scenario would grade with them.
fn builtin() -> Grader {
    let library = crate::library::Library::builtin();
    let rubrics: Vec<&Rubric> = ["core", "difficult"]
        .iter()
        .map(|id| library.rubric(id).expect("built-in rubric"))
        .collect();
    let mut values = BTreeMap::new();
    values.insert("customer.name".to_string(), "Dana Whitfield".to_string());
    Grader::new(&rubrics, &values, None)
}

fn gaming_kinds(grader: &Grader, replies: &[Reply<'_>]) -> Vec<(usize, String)> {
    grader
        .grade(replies)
        .gaming
        .into_iter()
        .map(|g| (g.turn, g.kind))
        .collect()
}

#[test]
fn stuffing_of_every_kind_and_length_is_flagged() {
    let g = builtin();
    let salad = "Hello welcome I understand sorry I will today anything else goodbye";
    // Longer salads are no less stuffed than short ones.
    let longer = "Good morning, I understand, it can be frustrating, I'm so sorry, I will fix it today, \
                  to confirm, does that make sense, anything else, have a great day, take care";
    let piled = "Sorry sorry apologies, I'm so sorry, really sorry, my apologies, I apologise.";
    // The same words three times, however long the rest of the reply.
    let echoed = "I hear you. I hear you. I hear you. Let me pull up the account and look at what \
                  happened with the delivery on Tuesday.";
    for text in [salad, longer, piled, echoed] {
        assert_eq!(
            gaming_kinds(&g, &[reply(text, "My desk is late.")]),
            vec![(1, "stuffing".to_string())],
            "{text}"
        );
        // A stuffed reply earns none of the skills it stuffs.
        let card = g.grade(&[reply(text, "My desk is late.")]);
        assert!(
            card.skills.iter().all(|s| s
                .rules
                .iter()
                .all(|r| r.kind.as_ref() != "require" || r.score != Some(1.0))),
            "{text}"
        );
    }
}

#[test]
fn concise_natural_replies_are_never_stuffing() {
    let g = builtin();
    for text in [
        "Hi Dana, this is Sam at Northwind. I'm so sorry about that, I can see why you're upset. Let me look into it.",
        "Good morning Dana, Sam here. I'm sorry your desk is late - I will book a new delivery today, and it will arrive by Friday. Does that work?",
        "That's the refund on its way - you'll see it by Friday. Anything else I can help with? Have a lovely weekend, Dana.",
        "Take care, have a great day. Bye!",
        // Boundaries' "help" counts only after abuse: this is three skills, not four.
        "Take care and let me know what else I can do to help",
        // Said twice is emphasis, not stuffing.
        "Thank you, thank you so much for waiting. I've found the order and it leaves today.",
    ] {
        assert_eq!(
            gaming_kinds(&g, &[reply(text, "My desk is late.")]),
            vec![],
            "{text}"
        );
    }
}

#[test]
fn words_of_a_rule_waiting_for_abuse_count_once_the_abuse_came() {
    // After the abusive line, boundaries' "help" is a skill's words like any other, so a
    // clause that runs four skills together densely is stuffing there.
    let g = builtin();
    let text = "Take care and let me know what else I can do to help";
    let mut after_abuse = reply(text, "You useless idiot.");
    after_abuse.step = "abuse";
    assert_eq!(
        gaming_kinds(&g, &[after_abuse]),
        vec![(1, "stuffing".to_string())]
    );
}

#[test]
fn recycled_phrases_across_replies_are_repetition() {
    let g = builtin();
    let calls = [
        reply(
            "Hello, I understand, sorry, I will fix it today, anything else?",
            "My order is late.",
        ),
        reply(
            "Sorry, I understand, I will sort it today, anything else?",
            "Where is it?",
        ),
    ];
    let kinds = gaming_kinds(&g, &calls);
    assert!(kinds.contains(&(2, "repetition".to_string())), "{kinds:?}");
}

#[test]
fn one_promise_said_again_to_someone_else_is_not_recycling() {
    // lunch-rush: a time for the order, then the same kind of promise to the man in the
    // queue. "two minutes" is one stretch of words however many phrases score it
    // (a time frame, a wait estimate): two replies sharing it share one scored stretch.
    let library = crate::library::Library::builtin();
    let scenario = library.scenario("lunch-rush").expect("built in");
    let g = Grader::for_scenario(&library.rubrics_for(scenario), scenario, None);
    let calls = [
        reply(
            "Half vegetarian, no problem. It'll be ready in 15 minutes.",
            "Half of them vegetarian, please. How long will it take?",
        ),
        reply(
            "Sorry sir, I'll be with you in two minutes.",
            "Can I just grab a coffee quickly?",
        ),
    ];
    assert_eq!(gaming_kinds(&g, &calls), vec![]);
}

#[test]
fn the_same_answer_to_the_same_question_is_not_repetition() {
    let g = builtin();
    let answer = "Your parcel is with the courier and will reach you on Thursday morning.";
    let asked = "When will my parcel arrive, please?";
    assert_eq!(
        gaming_kinds(&g, &[reply(answer, asked), reply(answer, asked)]),
        vec![]
    );
    assert_eq!(
        gaming_kinds(
            &g,
            &[
                reply(answer, asked),
                reply(answer, "Can I change the address?")
            ]
        ),
        vec![(2, "repetition".to_string())]
    );
}

#[test]
fn long_transcripts_compare_each_reply_with_a_bounded_window() {
    // An exact repeat far back is still found (by hash); grading stays linear.
    let g = builtin();
    let mut replies = vec![reply(
        "The engineer will come on Thursday between eight and noon.",
        "When?",
    )];
    let fillers: Vec<String> = (0..200)
        .map(|i| format!("Reference {i} is noted on your account for the engineer visit."))
        .collect();
    replies.extend(fillers.iter().map(|t| reply(t, "ok")));
    replies.push(reply(
        "The engineer will come on Thursday between eight and noon.",
        "Hm?",
    ));
    let kinds = gaming_kinds(&g, &replies);
    assert!(
        kinds.contains(&(202, "repetition".to_string())),
        "{kinds:?}"
    );
}

#[test]
fn chinese_stuffing_is_flagged_and_natural_chinese_is_not() {
    let library = crate::library::Library::builtin();
    let zh = library.rubric("zh-phone").expect("built-in rubric");
    let g = Grader::new(&[zh], &BTreeMap::new(), None);
    let salad = "您好欢迎来电我理解非常抱歉马上处理还有其他问题吗感谢来电再见";
    let piled = "抱歉抱歉非常抱歉实在抱歉对不起不好意思";
    let echoed = "再见再见再见，您的工单我已经登记好了，师傅明天上午联系您。";
    for text in [salad, piled, echoed] {
        assert_eq!(
            gaming_kinds(&g, &[reply(text, "我的冰箱坏了")]),
            vec![(1, "stuffing".to_string())],
            "{text}"
        );
    }
    for natural in [
        "您好，星河家电客服小张为您服务。非常抱歉给您带来不便，我理解您的心情，我今天下午五点前给您回电，您看可以吗？",
        // An apology, the trouble, the fault and ownership: four patience phrases, each
        // doing its own job.
        "非常抱歉给您添麻烦了，这是我们的问题，我来负责跟进到底。方便留个电话吗？",
    ] {
        assert_eq!(
            gaming_kinds(&g, &[reply(natural, "我的冰箱坏了")]),
            vec![],
            "{natural}"
        );
    }
}

#[test]
fn every_builtin_word_class_expands() {
    let lexicon = crate::rubric::builtin_lexicon();
    assert!(lexicon.len() >= 8, "{:?}", lexicon.keys());
    for (name, entries) in lexicon {
        for entry in entries {
            let variants = crate::matcher::pattern::expand(entry, lexicon)
                .unwrap_or_else(|e| panic!("@{name}: {entry}: {e}"));
            assert!(!variants.is_empty(), "@{name}: {entry}");
        }
    }
}

#[test]
fn live_assessment_matches_regrading_the_whole_call() {
    let g = builtin();
    let call = [
        reply(
            "Hello Dana, this is Sam. How can I help?",
            "Hi, my desk is late.",
        ),
        reply(
            "I see, the desk is late. I'm so sorry.",
            "It was due on Monday.",
        ),
        reply("I see, the desk is late. I'm so sorry.", "And?"),
        reply(
            "I will book a new delivery today; it arrives by Friday.",
            "Fine.",
        ),
    ];
    let mut live = crate::grading::LiveEvaluation::default();
    for n in 1..=call.len() {
        let next = g.assess_next(&mut live, call[n - 1]);
        // Taken up a reply at a time, the call so far is judged as the scorecard of the
        // whole call judges it: a skill ticks live exactly when the scorecard of the call,
        // ended here, counts it as shown.
        let card = g.grade(&call[..n]);
        for (k, moment) in next.skills.iter().enumerate() {
            if moment.earned {
                assert_eq!(
                    moment.holds, card.skills[k].shown,
                    "{} after {n} replies",
                    card.skills[k].id
                );
            }
            // Shown before: some earlier reply, assessed then, showed it.
            let earlier = (1..n).any(|m| g.assess_last(&call[..m]).skills[k].shown);
            assert_eq!(moment.before, earlier, "skill {k} after {n} replies");
        }
        // The gaming findings of the reply are those the whole call's grading finds.
        let gaming: Vec<_> = card.gaming.iter().filter(|f| f.turn == n).collect();
        assert_eq!(next.gaming.iter().collect::<Vec<_>>(), gaming, "after {n}");
    }
}

#[test]
fn a_critical_breach_read_live_is_the_scorecards() {
    let library = crate::library::Library::builtin();
    let rubrics: Vec<&Rubric> = ["core", "difficult", "account"]
        .iter()
        .map(|id| library.rubric(id).expect("built-in rubric"))
        .collect();
    let mut values = BTreeMap::new();
    values.insert("customer.name".to_string(), "Dana Whitfield".to_string());
    let g = Grader::new(&rubrics, &values, None);
    let calls: [&[&str]; 4] = [
        // Account details before any identity check: the order rule breaks on reply 2.
        &[
            "Hello Dana, this is Sam. How can I help?",
            "Your balance is 62 pounds.",
            "Could you confirm your postcode?",
        ],
        // Verified first: no breach at any point.
        &[
            "Hello, this is Sam.",
            "Could you confirm your full name and postcode?",
            "Thanks. Your balance is 62 pounds.",
        ],
        // A provoking phrase mid-call stays a breach to the end.
        &[
            "Hi Dana, Sam here.",
            "Calm down, it is being looked at.",
            "I will book it for Friday. Anything else?",
        ],
        // Words that look like the phrase but promise the opposite.
        &["I'm not going to tell you to calm down; I'll sort it now."],
    ];
    let mut breached = 0;
    for call in calls {
        let replies: Vec<Reply> = call.iter().map(|t| reply(t, "It's wrong.")).collect();
        let mut live = crate::grading::LiveEvaluation::default();
        for n in 1..=replies.len() {
            g.assess_next(&mut live, replies[n - 1]);
            let card = g.grade(&replies[..n]);
            let scorecard =
                card.skills.iter().flat_map(|s| &s.rules).any(|r| {
                    r.critical && r.score.is_some_and(|x| x < 1.0) && !r.evidence.is_empty()
                });
            assert_eq!(
                g.breaks_critical(&live, &replies[n - 1]),
                scorecard,
                "{:?} after {n} replies",
                call
            );
            breached += usize::from(scorecard);
        }
    }
    // The calls above do break critical rules, at four points in all.
    assert_eq!(breached, 4);
}

#[test]
fn what_to_work_on_puts_a_broken_critical_rule_first_even_without_rule_details() {
    // "rude" is not a critical skill, but a critical guard of it broke; "heavy" costs
    // more. A totals-only scorecard (`grade`'s table) keeps no rules: the card's
    // critical failures still put "rude" first.
    let text = "rehearse: 1\nid: t\ntitle: T\nskills:\n  - id: heavy\n    name: Heavy\n    weight: 5\n    feedback: {hit: ok, miss: no}\n    rules:\n      - require: [goodbye]\n  - id: rude\n    name: Rude\n    feedback: {hit: ok, miss: no}\n    rules:\n      - require: [hello]\n      - require: [thanks]\n      - forbid: [whatever]\n        critical: true\n  - id: part\n    name: Part\n    feedback: {hit: ok, miss: no}\n    rules:\n      - require: [sorry]\n      - require: [today]\n";
    let file = Arc::new(SourceFile::new("t.yaml", Origin::BuiltIn, text.to_string()));
    let (raw, locations): (RubricFile, _) = crate::yaml::parse(&file).expect("valid YAML");
    let (rubric, problems) = Rubric::from_file(raw, &file, locations);
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    let g = Grader::new(&[&rubric.expect("valid")], &BTreeMap::new(), None);
    let replies = [reply("Hello, sorry, whatever.", "")];
    for card in [g.grade(&replies), g.grade_totals(&replies)] {
        let listed: Vec<&str> = card.top_feedback(3).iter().map(|s| &*s.id).collect();
        // The critical failure first, though "heavy" costs more; "part" (sorry without
        // today: half, shown at the default 0.5) is never listed.
        assert_eq!(listed, ["rude", "heavy"], "{card:#?}");
        assert!(card.failed_critically(card.skill("rude").expect("a skill")));
    }
}
