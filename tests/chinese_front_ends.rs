//! What a Chinese-speaking trainee reads around the conversation itself: `play`'s scenario
//! menu (in the environment's language; under an English one each scenario is described
//! in its own, under a Chinese one every row is Chinese), `run`'s own
//! lines, and scorecards that name skills rather than show rubric ids.
mod common;

use common::{rehearse, stdout, write};

/// `play` without a scenario, replies piped in, under the locale `lang`.
fn menu(lang: &str, input: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = rehearse(dir.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .args([
            "play",
            "--trainee",
            "小李",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    stdout(&out)
}

#[test]
fn the_scenario_menu_speaks_the_locale_and_each_scenario_its_own_language() {
    let text = menu("zh_CN.UTF-8", "99\nzh-order-inquiry\n您好。\n");
    let (listed, _) = text.split_once("== ").expect("the brief follows the menu");
    for expected in [
        "选择一个练习情景：",
        "zh-order-inquiry         普通 · 电话 · 难度 1/5",
        // Every row's labels in Chinese, English scenarios' too.
        "first-visit              普通 · 当面 · 难度 1/5",
        "没有这个情景：请输入 1 到 16 之间的编号",
    ] {
        assert!(listed.contains(expected), "no {expected:?} in:\n{listed}");
    }
    assert!(!listed.contains("Choose a scenario"), "{listed}");
    // An English locale: English around the list, the Chinese scenarios still in Chinese.
    let text = menu("en_GB.UTF-8", "0\nzh-complaint\n您好。\n");
    for expected in [
        "Choose a scenario:",
        "zh-complaint             愤怒 · 电话 · 难度 4/5",
        "no such scenario: type a number from 1 to 16",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
}

#[test]
fn run_says_its_own_lines_in_the_scenarios_language_and_names_skills() {
    let dir = tempfile::tempdir().unwrap();
    let replies = write(
        dir.path(),
        "replies.txt",
        "您好，这里是安心家电客服部，我是小李，请问有什么可以帮您？\n好的，我帮您看一下。\n",
    );
    let out = rehearse(dir.path())
        .args([
            "run",
            "zh-order-inquiry",
            "--trainee",
            "小李",
            "--out",
            "t.yaml",
        ])
        .arg("--replies")
        .arg(&replies)
        .output()
        .unwrap();
    let text = stdout(&out);
    for expected in [
        "[结束：中途退出]",
        "对话记录已写入 t.yaml",
        "问候\n",
        "禁止行为\n",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
    assert!(!text.contains("(zh-phone."), "rubric ids in:\n{text}");
    let english = common::english_words(&text, &["AX2291"]);
    assert!(english.is_empty(), "English words {english:?} in:\n{text}");
    // Machine formats keep ids.
    let out = rehearse(dir.path())
        .args(["grade", "t.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("\"greeting\""));
}
