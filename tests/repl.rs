//! The REPL in a real pseudo-terminal, the way a trainee uses it.
#![cfg(unix)]
mod common;

use std::process::Command;
use std::time::Duration;

use expectrl::{ControlCode, Session};

fn spawn(dir: &std::path::Path, args: &[&str]) -> Session {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"));
    let mut session = Session::spawn(command).expect("spawn rehearse in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

fn transcript(dir: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("t.yaml")).expect("transcript on disk");
    serde_yaml::from_str(&text).expect("transcript is YAML")
}

const GOOD: [&str; 3] = [
    "Good morning, welcome to Greenhill! My name is Sam. How would you describe the space you are working with?",
    "I see, a north-facing balcony and you're often away - so tough, shade-loving plants that don't need much watering.",
    "Yes, delivery is free over £40 and I will book it for you today; it takes 2 days. Does that sound good? Is there anything else I can help with? Thanks for coming in!",
];

#[test]
fn a_full_practice_conversation_with_coaching() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Ana",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("A first visit to the garden centre").unwrap();
    p.expect("Daniel Kerr: Hi...").unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[0]).unwrap();
    p.expect("✓ Greeting, Introduction, Finding the need")
        .unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[1]).unwrap();
    p.expect("✓").unwrap();
    p.expect("Can you deliver?").unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[2]).unwrap();
    p.expect("Brilliant, thanks for your help.").unwrap();
    // The customer's closing line, then the trainee's last word.
    p.expect("you have the last word").unwrap();
    p.send_line("Enjoy the plants, goodbye!").unwrap();
    p.expect("[resolved]").unwrap();
    p.expect("PASS").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let t = transcript(dir.path());
    assert_eq!(t["ending"], "resolved");
    assert_eq!(t["trainee"], "Ana");
    assert_eq!(t["turns"].as_array().unwrap().len(), 4);
    assert_eq!(t["turns"][3]["reply"], "Enjoy the plants, goodbye!");
    assert!(t["turns"][0]["latency_ms"].as_u64().is_some());
}

#[test]
fn hint_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Ana",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    p.send_line("/hint").unwrap();
    p.expect("try: \"").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("Buy these.").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("/restart").unwrap();
    p.expect("previous attempt saved to t.attempt-1.yaml")
        .unwrap();
    p.expect("Daniel Kerr: Hi...").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect("[stopped: 0 replies kept]").unwrap();
    p.expect("transcript saved").unwrap();
    let attempt: serde_json::Value = serde_yaml::from_str(
        &std::fs::read_to_string(dir.path().join("t.attempt-1.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(attempt["ending"], "abandoned");
    assert_eq!(attempt["turns"][0]["reply"], "Buy these.");
}

#[test]
fn ctrl_c_keeps_the_transcript_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "late-delivery",
            "--trainee",
            "Bo",
            "--seed",
            "3",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    p.send_line("Good morning, I'm so sorry - it can be really frustrating. What happened?")
        .unwrap();
    p.expect("you> ").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Leave the session? Your transcript so far is saved. [y/N]")
        .unwrap();
    // A second Ctrl-C leaves.
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("[stopped: 1 replies kept]").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let t = transcript(dir.path());
    assert_eq!(t["ending"], "abandoned");
    assert_eq!(t["turns"].as_array().unwrap().len(), 1);
    assert!(t["finished"].as_str().is_some());
}

/// Ctrl-C with a half-typed line clears it and the session goes on; on an empty line it
/// asks first, and only `y` (or a second Ctrl-C) leaves.
#[test]
fn ctrl_c_clears_the_line_and_asks_before_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Ana",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("Ctrl-C clears the line").unwrap();
    p.expect("you> ").unwrap();
    p.send("Buy these, they are").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.send_line(GOOD[0]).unwrap();
    p.expect("✓ Greeting").unwrap();
    p.expect("you> ").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("[y/N]").unwrap();
    p.send_line("n").unwrap();
    p.expect("Staying").unwrap();
    p.expect("you> ").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("[y/N]").unwrap();
    p.send_line("y").unwrap();
    p.expect("[stopped: 1 replies kept]").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let t = transcript(dir.path());
    assert_eq!(t["ending"], "abandoned");
    assert_eq!(t["turns"].as_array().unwrap().len(), 1);
    assert_eq!(
        t["turns"][0]["reply"], GOOD[0],
        "the cleared text was not sent"
    );
}

/// An email is written over several lines, blank ones included, and sent with a line
/// holding just `.` or with Ctrl-D on an empty line; Ctrl-C on an empty line drops the
/// draft; slash commands work on the first line.
#[test]
fn an_email_keeps_blank_lines_until_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "refund-email",
            "--trainee",
            "Sam",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("a line holding just . (or /send").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("/help").unwrap();
    p.expect("drop the draft").unwrap();
    p.expect("you> ").unwrap();
    // A draft dropped.
    p.send_line("Dear Chloe,").unwrap();
    p.expect("... (. sends)> ").unwrap();
    p.send_line("Refund").unwrap();
    p.expect("(. sends)> ").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Draft dropped: nothing was sent").unwrap();
    p.expect("you> ").unwrap();
    // Sent with a dot: the blank line after the salutation is part of it.
    for line in ["Hi Chloe,", "", "I will look into your refund.", "", "Sam"] {
        p.send_line(line).unwrap();
        p.expect("(. sends)> ").unwrap();
    }
    p.send_line(".").unwrap();
    p.expect("✓").unwrap();
    p.expect("you> ").unwrap();
    // Sent with Ctrl-D on an empty line.
    for line in [
        "Hi again,",
        "",
        "It reaches your card within 3-5 working days.",
    ] {
        p.send_line(line).unwrap();
        p.expect("(. sends)> ").unwrap();
    }
    p.send(ControlCode::EndOfTransmission).unwrap();
    // The next prompt, or the last word's if that ended the conversation.
    p.expect("you> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect("transcript saved to t.yaml").unwrap();
    let t = transcript(dir.path());
    assert_eq!(
        t["turns"][0]["reply"],
        "Hi Chloe,\n\nI will look into your refund.\n\nSam"
    );
    assert_eq!(
        t["turns"][1]["reply"],
        "Hi again,\n\nIt reaches your card within 3-5 working days."
    );
    assert!(t["turns"][2].is_null(), "the dropped draft was never sent");
}

/// The lines printed after `command` up to the next prompt (`you> `, or `你> ` in a
/// Chinese session), without terminal codes.
fn printed_after(p: &mut Session, command: &str) -> Vec<String> {
    p.send_line(command).unwrap();
    let found = p.expect(expectrl::Regex("(you|你)> ")).unwrap();
    let text = String::from_utf8_lossy(found.before()).into_owned();
    let plain = anstream::adapter::strip_str(&text).to_string();
    plain
        .split('\n')
        .map(|line| line.trim_end_matches('\r').to_string())
        .filter(|line| !line.is_empty() && !line.contains(command))
        .collect()
}

/// Everything play prints fits the terminal: at word boundaries in English, between
/// characters but never before closing punctuation in Chinese, continuation lines under
/// the text.
#[test]
fn lines_wrap_to_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "late-delivery",
            "--trainee",
            "Bo",
            "--out",
            "t.yaml",
        ],
    );
    p.get_process_mut().set_window_size(40, 24).unwrap();
    p.expect("you> ").unwrap();
    let help = printed_after(&mut p, "/help");
    assert!(
        help.iter().all(|l| textwrap::core::display_width(l) <= 40),
        "{help:#?}"
    );
    let restart = help.iter().position(|l| l.contains("/restart")).unwrap();
    assert!(
        help[restart + 1].starts_with(&" ".repeat(15)),
        "a command's description goes on under itself: {help:#?}"
    );
    let said = printed_after(&mut p, "/repeat");
    assert!(said.len() > 1, "the customer's line is wrapped: {said:#?}");
    assert!(
        said.iter().all(|l| textwrap::core::display_width(l) <= 40),
        "{said:#?}"
    );
    let label = said[0].find(": ").unwrap() + 2;
    assert!(
        said[1..].iter().all(|l| l.starts_with(&" ".repeat(label))),
        "{said:#?}"
    );
    assert!(said.iter().all(|l| !l.ends_with(' ')), "{said:#?}");
    p.send_line("/quit").unwrap();
    p.expect("transcript saved").unwrap();

    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "zh-complaint",
            "--trainee",
            "小张",
            "--out",
            "z.yaml",
        ],
    );
    p.get_process_mut().set_window_size(30, 24).unwrap();
    p.expect("你> ").unwrap();
    let said = printed_after(&mut p, "/repeat");
    assert!(said.len() > 1, "{said:#?}");
    for line in &said {
        assert!(textwrap::core::display_width(line) <= 30, "{said:#?}");
        let first = line.trim_start().chars().next().unwrap();
        assert!(!"，。！？；：」）".contains(first), "{said:#?}");
    }
    p.send_line("/quit").unwrap();
    p.expect("对话记录已保存").unwrap();
}

#[test]
fn exam_mode_shows_no_coaching() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--exam",
            "--trainee",
            "Cy",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("EXAM: no coaching").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("/hint").unwrap();
    p.expect("No hints in an exam.").unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[0]).unwrap();
    let between = p.expect("you> ").unwrap();
    let text = String::from_utf8_lossy(between.before()).into_owned();
    assert!(
        !text.contains('✓') && !text.contains("Try:"),
        "coaching shown in an exam: {text}"
    );
    p.send_line(GOOD[1]).unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[2]).unwrap();
    p.expect("you have the last word").unwrap();
    p.send_line("").unwrap();
    p.expect("Total").unwrap();
    p.expect("transcript saved").unwrap();
    assert_eq!(transcript(dir.path())["mode"], "exam");
}

#[test]
fn piped_stdin_reads_plain_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("rehearse")
        .unwrap()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args([
            "play",
            "first-visit",
            "--trainee",
            "Pipe",
            "--trainee-id",
            "E-77",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ])
        .write_stdin(format!("{}\n{}\n{}\n", GOOD[0], GOOD[1], GOOD[2]))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[resolved]"), "{stdout}");
    assert!(!stdout.contains("\x1b["), "no colour when not a terminal");
    assert_eq!(transcript(dir.path())["ending"], "resolved");
    assert_eq!(transcript(dir.path())["trainee_id"], "E-77");
}

/// Piped into an email scenario, blank lines stay in the reply and `.` sends it; the end
/// of the input sends what is left.
#[test]
fn piped_email_replies_end_with_a_dot() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("rehearse")
        .unwrap()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["play", "refund-email", "--trainee", "Pipe", "--seed", "1"])
        .args(["--out", "t.yaml"])
        .write_stdin("Hi Chloe,\n\nI will look into it.\n.\nHi again,\n\nSam\n")
        .assert()
        .success();
    let t = transcript(dir.path());
    assert_eq!(t["turns"][0]["reply"], "Hi Chloe,\n\nI will look into it.");
    assert_eq!(t["turns"][1]["reply"], "Hi again,\n\nSam");
}

/// Two trainees with the same name (`trainee`, what an empty name prompt gives) start the
/// same scenario at the same moment in one shared folder: two transcripts, neither
/// replacing the other. (Without a terminal the name must come from `--trainee`.)
#[test]
fn sessions_started_together_never_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let start = |reply: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .args(["play", "first-visit", "--seed", "1", "--trainee", "trainee"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut stdin, format!("{reply}\n").as_bytes()).unwrap();
        child
    };
    let children = [start(GOOD[0]), start("Hello there.")];
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    let mut replies: Vec<String> = std::fs::read_dir(dir.path().join("transcripts"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with("first-visit-trainee-"), "{name}");
            let t: serde_json::Value =
                serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(t["trainee"], "trainee");
            t["turns"][0]["reply"].as_str().unwrap().to_string()
        })
        .collect();
    replies.sort();
    assert_eq!(
        replies,
        vec![GOOD[0].to_string(), "Hello there.".to_string()]
    );
}

#[test]
fn an_existing_out_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), "someone else's attempt\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("rehearse")
        .unwrap()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args([
            "play",
            "first-visit",
            "--trainee",
            "Pipe",
            "--out",
            "t.yaml",
        ])
        .write_stdin(format!("{}\n", GOOD[0]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("t.yaml already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.yaml")).unwrap(),
        "someone else's attempt\n"
    );
}

/// Closing the terminal (SIGHUP) ends the session: what was said is on disk, and no
/// temporary file is left beside it.
#[test]
fn a_closed_terminal_leaves_the_transcript_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Hu",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    p.send_line(GOOD[0]).unwrap();
    p.expect("✓ Greeting").unwrap();
    p.expect("you> ").unwrap();
    let pid = p.get_process().pid().to_string();
    let sent = Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    assert!(sent.success());
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").contains("SIGHUP"), "{status:?}");
    assert_eq!(transcript(dir.path())["turns"][0]["reply"], GOOD[0]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "data")
        .collect();
    names.sort();
    assert_eq!(names, vec!["t.yaml"]);
}

/// A save that fails mid-session (here the transcript's folder is replaced by a file, as
/// good as a full disk) neither ends the session nor loses the reply: the trainee is told,
/// retries, then saves in another folder and carries on.
#[test]
fn a_failed_save_keeps_the_conversation_and_offers_another_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--trainee",
            "Io",
            "--seed",
            "1",
            "--out",
            "sub/t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    p.send_line(GOOD[0]).unwrap();
    p.expect("✓ Greeting").unwrap();
    p.expect("you> ").unwrap();
    std::fs::remove_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub"), "not a folder").unwrap();
    p.send_line(GOOD[1]).unwrap();
    p.expect("could not save the transcript to sub/t.yaml")
        .unwrap();
    p.expect("Nothing is lost").unwrap();
    p.expect("save> ").unwrap();
    p.send_line("r").unwrap();
    p.expect("could not save the transcript to sub/t.yaml")
        .unwrap();
    p.expect("save> ").unwrap();
    p.send_line("elsewhere").unwrap();
    p.expect("saved to elsewhere/t.yaml").unwrap();
    p.expect("Can you deliver?").unwrap();
    p.expect("you> ").unwrap();
    p.send_line(GOOD[2]).unwrap();
    p.expect("you have the last word").unwrap();
    p.send_line("").unwrap();
    p.expect("[resolved]").unwrap();
    p.expect("transcript saved to elsewhere/t.yaml").unwrap();
    let text = std::fs::read_to_string(dir.path().join("elsewhere/t.yaml")).unwrap();
    let t: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let replies: Vec<&str> = t["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|turn| turn["reply"].as_str().unwrap())
        .collect();
    assert_eq!(replies, GOOD);
    assert_eq!(t["ending"], "resolved");
}

/// Without a terminal to ask, an unsaved transcript is printed rather than lost.
#[test]
fn an_unsaveable_transcript_is_printed_rather_than_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["play", "first-visit", "--trainee", "Io", "--seed", "1"])
        .args(["--out", "sub/t.yaml"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Wait for the first save, then take the folder away before replying.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !dir.path().join("sub/t.yaml").exists() {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::remove_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub"), "not a folder").unwrap();
    std::io::Write::write_all(&mut stdin, format!("{}\n", GOOD[0]).as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("could not save the transcript"), "{stdout}");
    assert!(
        stdout.contains("--- transcript (not saved) ---"),
        "{stdout}"
    );
    assert!(stdout.contains(GOOD[0]), "{stdout}");
    assert_eq!(out.status.code(), Some(2));
}

fn write_history(path: &std::path::Path, line: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("#V2\n{line}\n")).unwrap();
}

/// Up-arrow, then Enter: sends whatever the history recalls (nothing, if it is empty),
/// and waits for the next prompt (input typed before it would be discarded).
fn recall_and_send(p: &mut Session) {
    p.send("\x1b[A").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // The redrawn line may show a prompt too: only the one after Enter counts.
    let mut buffer = [0u8; 4096];
    while matches!(p.try_read(&mut buffer), Ok(n) if n > 0) {}
    p.send("\r").unwrap();
    p.expect("you> ").unwrap();
}

#[test]
fn an_exam_recalls_no_history_and_refuses_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data/rehearse");
    // The shared file of earlier versions and the trainee's own: an exam reads neither.
    write_history(&data.join("history.txt"), "Someone else's model answer");
    write_history(
        &data.join("trainees/cy/history.txt"),
        "Cy's practice answer",
    );
    let before = std::fs::read_to_string(data.join("trainees/cy/history.txt")).unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "first-visit",
            "--exam",
            "--trainee",
            "Cy",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    p.expect("you> ").unwrap();
    recall_and_send(&mut p);
    p.send_line("/restart").unwrap();
    p.expect("No restarts in an exam.").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("Good morning, how can I help?").unwrap();
    p.expect("you> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect("[stopped: 1 replies kept]").unwrap();
    p.expect("transcript saved").unwrap();
    let t = transcript(dir.path());
    assert_eq!(t["turns"][0]["reply"], "Good morning, how can I help?");
    assert!(t["turns"][1].is_null());
    assert_eq!(
        std::fs::read_to_string(data.join("trainees/cy/history.txt")).unwrap(),
        before,
        "an exam writes no history"
    );
    assert!(!dir.path().join("t.attempt-1.yaml").exists());
}

#[test]
fn practice_history_belongs_to_each_trainee() {
    let dir = tempfile::tempdir().unwrap();
    let play = |trainee: &str, out: &str| {
        let args = [
            "play",
            "first-visit",
            "--trainee",
            trainee,
            "--seed",
            "1",
            "--out",
            out,
        ];
        let mut p = spawn(dir.path(), &args);
        p.expect("you> ").unwrap();
        p
    };
    let mut ana = play("Ana", "a1.yaml");
    ana.send_line("Hello, Ana speaking.").unwrap();
    ana.expect("you> ").unwrap();
    ana.send_line("/quit").unwrap();
    ana.expect("transcript saved").unwrap();
    ana.get_process().wait().unwrap();

    let mut bo = play("Bo", "b1.yaml");
    recall_and_send(&mut bo);
    bo.send_line("/quit").unwrap();
    bo.expect("[stopped: 0 replies kept]").unwrap();
    bo.expect("transcript saved").unwrap();
    bo.get_process().wait().unwrap();

    let mut again = play("Ana", "a2.yaml");
    recall_and_send(&mut again);
    again.send_line("/quit").unwrap();
    again.expect("[stopped: 1 replies kept]").unwrap();
    let a2: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(dir.path().join("a2.yaml")).unwrap())
            .unwrap();
    assert_eq!(a2["turns"][0]["reply"], "Hello, Ana speaking.");
    let own = dir.path().join("data/rehearse/trainees/ana/history.txt");
    assert!(
        std::fs::read_to_string(own)
            .unwrap()
            .contains("Hello, Ana speaking.")
    );
}

/// What the session printed up to and including `until`, without terminal codes.
fn read_until(p: &mut Session, until: &str) -> String {
    let found = p.expect(until).unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(found.before()),
        String::from_utf8_lossy(found.get(0).unwrap_or_default())
    );
    anstream::adapter::strip_str(&text).to_string()
}

/// A Chinese session speaks Chinese: the brief's headings, the commands and keys, hints,
/// coaching and mood changes with their causes, the leave prompt, the scorecard and the
/// end of the session — no English word anywhere but commands, keys and ids.
#[test]
fn a_chinese_session_prints_no_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "play",
            "zh-order-inquiry",
            "--trainee",
            "小张",
            "--seed",
            "1",
            "--out",
            "t.yaml",
        ],
    );
    let mut seen = read_until(&mut p, "你> ");
    for command in ["/help", "/hint", "/score", "/transcript", "/nonsense"] {
        p.send_line(command).unwrap();
        seen += &read_until(&mut p, "你> ");
    }
    p.send_line("喂，干嘛？").unwrap();
    seen += &read_until(&mut p, "你> ");
    p.send(ControlCode::EndOfText).unwrap();
    seen += &read_until(&mut p, "[y/N]");
    p.send_line("n").unwrap();
    seen += &read_until(&mut p, "你> ");
    p.send_line(
        "好的王女士，我帮您核对一下订单号AX2291。您的空气净化器已经出库，明天下午六点前送到，请您放心。",
    )
    .unwrap();
    seen += &read_until(&mut p, "你> ");
    p.send_line("请问还有其他可以帮您的吗？感谢您的来电，祝您生活愉快，再见。")
        .unwrap();
    seen += &read_until(&mut p, "你> ");
    p.send_line("再见。").unwrap();
    seen += &read_until(&mut p, "对话记录已保存到");
    for expected in [
        "客户类型：普通 · 电话 · 难度 1/5 · 练习",
        "显示这些命令",
        "回车",
        "试试：",
        "不满程度",
        "语气不耐烦：“干嘛”",
        "要离开吗？",
        "继续：客户还在等你",
        // "干嘛" breaks the rubric's critical rule against curt wording: however well the
        // call goes on, it ends escalated, not resolved.
        "[已升级处理]",
        "总分",
        "及格线",
    ] {
        assert!(seen.contains(expected), "no {expected:?} in:\n{seen}");
    }
    let english = common::english_words(&seen, &["AX2291"]);
    assert!(english.is_empty(), "English words {english:?} in:\n{seen}");
}
