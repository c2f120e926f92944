//! The Chinese phone rubric's 记录客户信息 (record customer info) as a trainer reads it:
//! taking up the customer's order number or details to look them up is recording them;
//! saying they will not be looked up, or naming no details, is not.
mod common;

use common::{rehearse, stdout};

/// The score `explain` gives `zh-phone.record` for one reply.
fn record_score(reply: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .args(["explain", "--rubric", "zh-phone", "--format", "json", reply])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let skills = json["scorecard"]["skills"].as_array().unwrap();
    let record = skills.iter().find(|s| s["id"] == "record").unwrap();
    record["score"].as_f64().unwrap()
}

#[test]
fn looking_up_the_customers_order_or_details_is_recording_them() {
    for reply in [
        "我帮您查一下订单AX2291",
        "好的，订单AX2291我这边看一下物流。",
        "单号是AX2291对吧？",
        "我帮您查查物流。",
        "查到您的工单了，师傅明天上午上门。",
        "我这边调出您的订单了。",
        "我帮您核实一下您的资料。",
    ] {
        assert_eq!(
            record_score(reply),
            1.0,
            "{reply} records the customer's details"
        );
    }
}

#[test]
fn looking_nothing_up_or_no_details_is_not_recording() {
    for reply in [
        "不用找了，反正也查不到。",
        "没查到您的订单。",
        "我帮您查一下原因。",
        "好的。",
    ] {
        assert_eq!(record_score(reply), 0.0, "{reply} records nothing");
    }
}

#[test]
fn asking_for_the_work_order_or_order_number_is_recording() {
    for reply in [
        "请问您的工单号是多少？",
        "麻烦报一下工单号，我帮您查。",
        "麻烦您提供一下报修单号。",
        "能告诉我您的投诉单号吗？",
        "请您念一下单号，我这边核实。",
        "单号是多少？",
    ] {
        assert_eq!(
            record_score(reply),
            1.0,
            "{reply} asks for the number to record it"
        );
    }
}

#[test]
fn waving_the_number_away_is_not_recording() {
    for reply in [
        "工单号不用说了，系统里都有。",
        "不用报单号了，您直接说问题吧。",
        "您不需要提供订单编号。",
        "单号我这边查不了。",
    ] {
        assert_eq!(record_score(reply), 0.0, "{reply} records nothing");
    }
}
