//! Leaving a practice call before it ends (Ctrl-D, `/quit`, replies that run out): the
//! transcript so far is kept and its score shown, but an unfinished call never passes.
#![cfg(unix)]
mod common;

use common::{rehearse, stdout, write};
use expectrl::ControlCode;

/// Two good replies of the Chinese order enquiry: over the pass mark so far, but the call
/// is not over.
const GOOD_START: [&str; 2] = [
    "您好，这里是安心家电客服部，我是小李，请问有什么可以帮您？",
    "好的王女士，我帮您核对一下订单号AX2291。您的空气净化器已经出库，明天下午六点前送到，请您放心。",
];

#[test]
fn ctrl_d_in_practice_keeps_the_transcript_and_never_says_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = common::pty(
        dir.path(),
        &[
            "play",
            "zh-order-inquiry",
            "--trainee",
            "小李",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("你> ").unwrap();
    p.send_line(GOOD_START[0]).unwrap();
    p.expect("订单号是AX2291").unwrap();
    p.expect("你> ").unwrap();
    p.send_line(GOOD_START[1]).unwrap();
    p.expect("好的，谢谢你。").unwrap();
    p.expect("你> ").unwrap();
    // Ctrl-D on an empty line leaves at once, as /help says.
    p.send(ControlCode::EndOfTransmission).unwrap();
    let found = p.expect("对话记录已保存到").unwrap();
    let text = String::from_utf8_lossy(found.before()).to_string();
    assert!(text.contains("[已停止：保留了 2 条回复]"), "{text}");
    // The score so far, over the pass mark, is shown, but not as a pass.
    let total: f64 = text
        .split_once("总分 ")
        .and_then(|(_, rest)| rest.split_once('%'))
        .and_then(|(total, _)| total.parse().ok())
        .expect("a total");
    assert!(total >= 70.0, "{text}");
    assert!(text.contains("未完成："), "{text}");
    assert!(!text.contains("· 通过"), "{text}");
    let saved = std::fs::read_to_string(dir.path().join("t.yaml")).unwrap();
    assert!(saved.contains("ending: abandoned"), "{saved}");
    assert_eq!(saved.matches("  reply: ").count(), 2, "{saved}");
}

#[test]
fn replies_that_run_out_leave_the_call_unfinished_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let replies = write(dir.path(), "replies.txt", &GOOD_START.join("\n"));
    let run = |format: &str| {
        rehearse(dir.path())
            .args(["run", "zh-order-inquiry", "--format", format, "--replies"])
            .arg(&replies)
            .output()
            .unwrap()
    };
    let out = run("text");
    let text = stdout(&out);
    assert!(text.contains("[结束：中途退出]"), "{text}");
    assert!(
        text.contains("· 未完成：通话没有结束就离开了，不算通过"),
        "{text}"
    );
    assert!(!text.contains("· 通过"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
    assert_eq!(json["ending"], "abandoned");
    assert!(
        json["scorecard"]["total"].as_f64().unwrap() >= 70.0,
        "{json}"
    );
    assert_eq!(json["scorecard"]["passed"], false, "{json}");
}

#[test]
fn a_customer_who_walks_out_is_named_in_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let replies = write(
        dir.path(),
        "replies.txt",
        "Calm down, it is not my fault.\nWhatever.\nCalm down.\nNot my problem.\n",
    );
    let output = rehearse(dir.path())
        .args(["run", "late-delivery", "--replies"])
        .arg(&replies)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("[ending: walked-out]"), "{text}");
    assert!(
        text.contains("· NOT PASSED: the customer walked out"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1), "{text}");
}

/// The lunch-rush call done well until a curt "What do you want?" at the end: Ravi makes a
/// formal complaint. Over the pass mark, but a trainer signs off no call that ended in a
/// complaint: `play --exam`, `run` and `grade` all say NOT PASSED, and why.
#[test]
fn a_call_that_ends_in_a_complaint_is_never_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let replies = [
        "Hi, welcome to Crumb & Co, I'm Sam! Yes, a platter of 12 is no problem. What fillings would you like?",
        "Half vegetarian, fine. I will have it ready within 15 minutes. Thank you for waiting, madam - I'll be with you in about five minutes.",
        "Yes, card is fine.",
        "What do you want? Two minutes, sir.",
    ];
    let file = write(dir.path(), "replies.txt", &replies.join("\n"));
    let output = rehearse(dir.path())
        .args([
            "run",
            "lunch-rush",
            "--trainee",
            "Sam",
            "--out",
            "t.yaml",
            "--replies",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("[ending: escalated]"), "{text}");
    let total: f64 = text
        .split_once("Total ")
        .and_then(|(_, rest)| rest.split_once('%'))
        .and_then(|(total, _)| total.parse().ok())
        .expect("a total");
    assert!(total >= 70.0, "over the pass mark on score: {text}");
    assert!(
        text.contains("· NOT PASSED: the call ended in a complaint or a hand-over to a manager"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1), "{text}");
    let output = rehearse(dir.path())
        .args(["grade", "--format", "json", "t.yaml"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let result = &report["results"][0];
    assert_eq!(result["scorecard"]["passed"], false, "{report}");
    assert!(
        result["notes"].as_array().unwrap().iter().any(|n| n
            == "the call ended in a complaint or a hand-over to a manager: never a pass"),
        "{report}"
    );
    // An exam says so too, and exits 1.
    let output = rehearse(dir.path())
        .args([
            "play",
            "lunch-rush",
            "--exam",
            "--trainee",
            "Sam",
            "--out",
            "e.yaml",
        ])
        .write_stdin(format!("{}\n", replies.join("\n")))
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("NOT PASSED: the call ended in a complaint"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1), "{text}");
}

/// An exam left before its ending (here the input runs out, as Ctrl-D does) says it is
/// INCOMPLETE and not a pass, as `grade` will, and exits 1 as a failed exam does.
#[test]
fn an_exam_left_early_is_incomplete_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args([
            "play",
            "zh-order-inquiry",
            "--exam",
            "--trainee",
            "小李",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ])
        .write_stdin(format!("{}\n{}\n", GOOD_START[0], GOOD_START[1]))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("[已停止：保留了 2 条回复]"), "{text}");
    assert!(text.contains("考试未完成"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
    let out = rehearse(dir.path())
        .args([
            "play",
            "first-visit",
            "--exam",
            "--trainee",
            "Cy",
            "--seed",
            "1",
        ])
        .args(["--out", "e.yaml"])
        .write_stdin("Hello, welcome in! What can I help you find today?\n")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("[stopped: 1 replies kept]"), "{text}");
    assert!(text.contains("INCOMPLETE"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
}
