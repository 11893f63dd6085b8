//! Meeting records are data like any other: a file whose meetings cannot be true (two records
//! of one day, an end before the start, a control the catalogue lacks) does not load, with
//! the place in the file, and `set` refuses to make one.

use crate::common;

use gapwalk::persist::save;
use gapwalk::session::*;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_unix(secs).unwrap()
}

fn meeting(day: &str, start: i64, end: i64, controls: &[&str]) -> Meeting {
    Meeting {
        date: common::date(day),
        start: at(start),
        end: at(end),
        attendees: vec!["Ana Lima".into()],
        controls: controls.iter().map(|c| c.to_string()).collect(),
        attendance_confirmed: false,
    }
}

/// Writes the fixture with these meetings and runs `gapwalk check` on it.
fn check_with(meetings: Vec<Meeting>) -> (common::Run, String) {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = common::fixture();
    s.meta.meetings = meetings;
    save(&dir.path().join("s.ron"), &s).unwrap();
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    (
        common::run(common::gapwalk(dir.path()).args(["check", "s.ron"])),
        text,
    )
}

/// The 1-based line of the `nth` (0-based) line of the file containing `needle`.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .expect("needle in file")
        .0
        + 1
}

#[test]
fn impossible_meeting_records_do_not_load_and_say_where() {
    let (run, _) = check_with(vec![meeting(
        "2026-11-02",
        1_793_000_000,
        1_793_003_600,
        &["9.2.3"],
    )]);
    assert_ne!(run.code, 2, "a sound record loads: {}", run.stderr);

    let (run, text) = check_with(vec![
        meeting("2026-11-02", 1_793_000_000, 1_793_003_600, &[]),
        meeting("2026-11-02", 1_793_004_000, 1_793_005_000, &[]),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("two meetings are recorded on 2026-11-02"),
        "{}",
        run.stderr
    );
    let place = format!("s.ron:{}:", line_of(&text, "\"2026-11-02\"", 1));
    assert!(run.stderr.contains(&place), "{place} in {}", run.stderr);

    let (run, _) = check_with(vec![meeting(
        "2026-11-02",
        1_793_003_600,
        1_793_000_000,
        &[],
    )]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ends"), "{}", run.stderr);

    let (run, _) = check_with(vec![meeting(
        "2026-11-02",
        1_793_000_000,
        1_793_003_600,
        &["99.9.9"],
    )]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown control id \"99.9.9\""),
        "{}",
        run.stderr
    );
}

#[test]
fn set_refuses_a_meeting_whose_date_is_not_the_one_named_or_that_ends_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::fixture();
    save(&dir.path().join("s.ron"), &s).unwrap();
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let set = |record: &str| {
        common::run(common::gapwalk(dir.path()).args([
            "set",
            "s.ron",
            "session",
            &format!("meeting={record}"),
            "--item",
            "2026-11-02",
        ]))
    };
    let run =
        set(r#"(date: "2030-01-01", start: "2026-11-02T09:00:00Z", end: "2026-11-02T10:00:00Z")"#);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("2030-01-01"), "{}", run.stderr);
    let run =
        set(r#"(date: "2026-11-02", start: "2026-11-02T10:00:00Z", end: "2026-11-02T09:00:00Z")"#);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
    let run =
        set(r#"(date: "2026-11-02", start: "2026-11-02T09:00:00Z", end: "2026-11-02T10:00:00Z")"#);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
