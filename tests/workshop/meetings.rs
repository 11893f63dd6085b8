//! The meeting's own records (issue 14, points 2 and 7), through the real binary: a meeting
//! begins with the first change, a reopen the same day continues it (and its clock), a
//! read-only open or one that changes nothing leaves the file byte for byte as it was; the end
//! of a meeting offers the parking lot; the decision log is read and searched on screen; the
//! minutes carry the meetings, what the latest covered, the action list and the risk
//! acceptances; `set`, `diff` and `merge` know the meetings.

use std::path::Path;

use crate::common::{Pty, esc, gapwalk, new_session_file};
use chrono::{Duration, Local};
use gapwalk::session::Meeting;

fn load(dir: &Path) -> gapwalk::persist::Loaded {
    gapwalk::persist::load(&dir.join("s.ron")).unwrap()
}

fn meetings(dir: &Path) -> Vec<Meeting> {
    load(dir).session.meta.meetings
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = gapwalk(dir).args(args).output().unwrap();
    assert!(
        out.status.code().unwrap_or(9) <= 1,
        "gapwalk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn open(dir: &Path, extra: &[&str]) -> Pty {
    let mut args = vec!["open", "s.ron"];
    args.extend(extra);
    let pty = Pty::spawn(&args, dir, 120, 40);
    pty.wait_text("assessed");
    pty
}

fn quit(pty: &mut Pty) {
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
}

fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}

#[test]
fn a_read_only_open_or_one_that_changes_nothing_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();

    // Read-only: moving, parking, walking and logging are all refused or harmless.
    let mut pty = open(dir.path(), &["--read-only"]);
    pty.send("jjp");
    pty.wait_text("read-only: nothing can be changed");
    pty.send("w");
    pty.send("L");
    pty.wait_text("Decision log");
    esc(&mut pty);
    quit(&mut pty);
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);

    // Writable, looking only: help, the dashboard, the decision log, the jump.
    let mut pty = open(dir.path(), &[]);
    pty.send("?");
    pty.wait_text("Help · keys");
    pty.send("?");
    pty.send("d");
    pty.send("d");
    pty.send("L");
    pty.wait_text("nothing logged yet");
    esc(&mut pty);
    pty.send("/");
    pty.wait_text("Jump to a control");
    esc(&mut pty);
    quit(&mut pty);
    assert_eq!(
        std::fs::read(dir.path().join("s.ron")).unwrap(),
        before,
        "an open that changed nothing must leave the file as it was"
    );
    assert!(meetings(dir.path()).is_empty());

    // A change taken back, even after the autosave wrote it with its meeting: in the end
    // nothing changed, so the file is as it was and no meeting is recorded.
    let mut pty = open(dir.path(), &[]);
    pty.park("owner to confirm");
    pty.wait_text("parked for follow-up");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read(dir.path().join("s.ron")).unwrap() == before {
        assert!(std::time::Instant::now() < deadline, "no autosave");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        meetings(dir.path()).len(),
        1,
        "the autosave records the meeting"
    );
    pty.send("u");
    pty.wait_text("undo: ");
    quit(&mut pty);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        String::from_utf8(before).unwrap(),
        "a change undone must leave the file as it was"
    );
}

#[test]
fn a_meeting_begins_with_the_first_change_and_a_reopen_the_same_day_continues_it() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    run(
        dir.path(),
        &[
            "set",
            "s.ron",
            "session",
            "participant=(name: \"Bruno Costa\", role: \"CISO\", side: customer)",
            "--item",
            "Bruno Costa",
        ],
    );

    let mut pty = open(dir.path(), &[]);
    pty.park("owner to confirm");
    pty.wait_text("parked for follow-up");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let first = meetings(dir.path());
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].date, today());
    assert_eq!(first[0].attendees, ["Ana Lima", "Bruno Costa"]);
    assert_eq!(first[0].controls, ["5.1.1"]);

    // Later the same day: the same meeting goes on.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut pty = open(dir.path(), &[]);
    pty.send("j");
    pty.wait_text("5.1.2");
    pty.park("owner to confirm");
    pty.wait_text("parked for follow-up");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let again = meetings(dir.path());
    assert_eq!(
        again.len(),
        1,
        "a reopen the same day continues the meeting: {again:?}"
    );
    assert_eq!(again[0].start, first[0].start);
    assert!(again[0].end > first[0].end, "{again:?}");
    assert_eq!(again[0].controls, ["5.1.1", "5.1.2"]);

    // What `diff` says of it, in the set vocabulary.
    let out = run(dir.path(), &["diff", "s.ron.bak", "s.ron"]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("meeting"), "{diff}");
}

#[test]
fn the_meeting_clock_carries_on_when_the_session_is_reopened_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    // The day's meeting began 40 minutes ago, in a workshop since closed.
    let now = chrono::Utc::now();
    let start = (now - Duration::minutes(40)).format("%Y-%m-%dT%H:%M:%SZ");
    let end = (now - Duration::minutes(10)).format("%Y-%m-%dT%H:%M:%SZ");
    let day = today().to_string();
    run(
        dir.path(),
        &[
            "set",
            "s.ron",
            "session",
            &format!(
                "meeting=(date: \"{day}\", start: \"{start}\", end: \"{end}\", attendees: [\"Ana Lima\"])"
            ),
            "--item",
            &day,
        ],
    );
    let mut pty = open(dir.path(), &[]);
    // Forty minutes and some seconds (a slow start on a loaded machine may take a minute).
    pty.wait_for("the meeting clock at 40 minutes", |s| {
        s.contains("⏱ 40:") || s.contains("⏱ 41:")
    });
    quit(&mut pty);
}

#[test]
fn quitting_after_parking_with_a_reason_offers_the_parking_lot_once() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let mut pty = open(dir.path(), &[]);
    pty.send("w");
    pty.wait_text("question 1 of");
    pty.send("\x10");
    pty.wait_text("for follow-up: why?");
    pty.send("Waiting for the AWS contract\r");
    pty.wait_text("parked for follow-up");
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.send("q");
    pty.wait_text("End of the meeting: 1 parked for follow-up");
    pty.wait_text("Waiting for the AWS contract");
    // A digit goes to that control and stays in the workshop.
    pty.send("1");
    pty.wait_for("the review closed", |s| !s.contains("End of the meeting"));
    // Offered once: the next q goes on to who attended, and leaves.
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let loaded = load(dir.path());
    let parked: Vec<_> = loaded
        .session
        .assessments
        .iter()
        .filter(|a| a.flagged)
        .map(|a| a.follow_up.clone())
        .collect();
    assert_eq!(parked, ["Waiting for the AWS contract"]);
}

#[test]
fn the_decision_log_is_read_and_searched_in_the_workshop() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let mut pty = open(dir.path(), &[]);
    pty.send("l");
    pty.wait_text("Decision log ·");
    pty.send("Drift is watched with AWS Config\r");
    pty.wait_text("decision logged");
    pty.send("jjj");
    pty.wait_text("6.1.2");
    pty.send("l");
    pty.wait_text("Decision log ·");
    pty.send("Backups are kept 35 days\r");
    pty.wait_text("decision logged");
    pty.send("gg");
    pty.send("L");
    pty.wait_text("2 of 2");
    pty.wait_text("Drift is watched with AWS Config");
    pty.send("BACKUP");
    pty.wait_text("1 of 2");
    pty.wait_for("only the matching entry", |s| {
        s.contains("Backups are kept 35 days") && !s.contains("Drift is watched")
    });
    // Enter shows the control the entry was taken on.
    pty.send("\r");
    pty.wait_for("the log closed on its control", |s| {
        !s.contains("type to search") && s.contains("6.1.2 Segregation of duties")
    });
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
}

#[test]
fn set_diff_and_merge_know_the_meetings() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let base = dir.path().join("base.ron");
    std::fs::copy(dir.path().join("s.ron"), &base).unwrap();
    let meeting = |start: &str, end: &str, who: &str, control: &str| {
        format!(
            "meeting=(date: \"2026-12-07\", start: \"2026-12-07T{start}:00Z\", end: \"2026-12-07T{end}:00Z\", attendees: [\"{who}\"], controls: [\"{control}\"])"
        )
    };
    // Bad items are refused with the file untouched.
    let out = gapwalk(dir.path())
        .args([
            "set",
            "s.ron",
            "session",
            "meeting.attendees=Ana",
            "--item",
            "monday",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));

    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    std::fs::copy(&base, &ours).unwrap();
    std::fs::copy(&base, &theirs).unwrap();
    let set = |file: &Path, value: &str| {
        run(
            dir.path(),
            &[
                "set",
                file.to_str().unwrap(),
                "session",
                value,
                "--item",
                "2026-12-07",
            ],
        );
    };
    set(&ours, &meeting("09:00", "10:30", "Ana Lima", "5.1.1"));
    set(&theirs, &meeting("09:30", "11:00", "Bruno Costa", "9.2.3"));
    set(&theirs, "meeting.attendees=Bruno Costa, Carla Dias");

    let out = run(
        dir.path(),
        &["diff", base.to_str().unwrap(), theirs.to_str().unwrap()],
    );
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("meeting") && diff.contains("2026-12-07") && diff.contains("Carla Dias"),
        "{diff}"
    );

    let out = gapwalk(dir.path())
        .args([
            "merge",
            base.to_str().unwrap(),
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "meetings merge without conflicts: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = gapwalk::persist::load(&ours).unwrap().session.meta.meetings;
    assert_eq!(merged.len(), 1, "{merged:?}");
    let m = &merged[0];
    assert_eq!(m.start.to_string(), "2026-12-07T09:00:00Z");
    assert_eq!(m.end.to_string(), "2026-12-07T11:00:00Z");
    assert_eq!(m.attendees, ["Ana Lima", "Bruno Costa", "Carla Dias"]);
    assert_eq!(m.controls, ["5.1.1", "9.2.3"]);

    // `none` removes a day's record.
    set(&ours, "meeting=none");
    assert!(
        gapwalk::persist::load(&ours)
            .unwrap()
            .session
            .meta
            .meetings
            .is_empty()
    );
}

#[test]
fn the_minutes_carry_the_meetings_the_actions_and_the_risk_acceptances() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    run(
        dir.path(),
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "status=partial",
            "gap=No quarterly review of admin rights",
            "remediation.action=Quarterly access review",
            "remediation.owner=Bruno Costa",
            "remediation.due=2027-03-31",
            "remediation.priority=high",
        ],
    );
    run(
        dir.path(),
        &[
            "set",
            "s.ron",
            "12.3.1",
            "applicability=applicable",
            "status=not_implemented",
            "risk_acceptance.accepted_by=Ana Lima",
            "risk_acceptance.rationale=Data is rebuilt from source nightly",
        ],
    );
    run(
        dir.path(),
        &[
            "set",
            "s.ron",
            "session",
            "meeting=(date: \"2026-12-07\", start: \"2026-12-07T09:00:00Z\", end: \"2026-12-07T10:45:00Z\", attendees: [\"Ana Lima\", \"Bruno Costa\"], controls: [\"9.2.3\", \"12.3.1\"])",
            "--item",
            "2026-12-07",
        ],
    );
    let export = |audience: &str| {
        let out = run(
            dir.path(),
            &[
                "export",
                "s.ron",
                "--view",
                "minutes",
                "--format",
                "md",
                "--out",
                "-",
                "--audience",
                audience,
            ],
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let internal = export("internal");
    for wanted in [
        "Meetings",
        "| 2026-12-07 | 09:00 | 10:45 | Ana Lima, Bruno Costa | 9.2.3, 12.3.1 |",
        "Covered in the meeting of 2026-12-07",
        "Action list",
        "Quarterly access review",
        "2027-03-31",
        "Risk acceptances",
        "Data is rebuilt from source nightly",
    ] {
        assert!(internal.contains(wanted), "{wanted:?} missing:\n{internal}");
    }
    let covered = internal
        .split("Covered in the meeting of 2026-12-07")
        .nth(1)
        .unwrap();
    let (first, second) = (
        covered.find("| 9.2.3").unwrap(),
        covered.find("| 12.3.1").unwrap(),
    );
    assert!(first < second, "in the order the meeting took them");

    let external = export("external");
    assert!(
        external.contains("| 2026-12-07 | 09:00 | 10:45 |"),
        "{external}"
    );
    assert!(external.contains("Action list") && external.contains("Bruno Costa"));
    for hidden in [
        "Quarterly access review",
        "Data is rebuilt",
        "Risk acceptances",
    ] {
        assert!(
            !external.contains(hidden),
            "{hidden:?} in the external edition"
        );
    }

    // The json has them too, under stable names.
    let out = run(
        dir.path(),
        &[
            "export", "s.ron", "--view", "minutes", "--format", "json", "--out", "-",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let minutes = &json["minutes"];
    assert_eq!(minutes["meetings"][0]["date"], "2026-12-07");
    assert_eq!(minutes["covered"][1]["control"], "12.3.1");
    assert_eq!(minutes["actions"][0]["owner"], "Bruno Costa");
    assert_eq!(minutes["risk_acceptances"][0]["accepted_by"], "Ana Lima");
}
