//! `gapwalk set` and `check --as-of` read dates through the domain's one date parser: `today`,
//! `+90d`, `+3m`, `+1y`, `eoq`, `q1`-`q4` and ISO dates, counted from the local date; what the
//! file then holds is the ISO date, and a wrong date leaves the file as it was.

use crate::common;

use std::path::Path;

use chrono::{Datelike, Local, Months, NaiveDate};
use gapwalk::persist::{load, save};

fn gapwalk(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fresh(dir: &Path) {
    let (s, _) = common::fixture();
    save(&dir.join("s.ron"), &s).unwrap();
}

fn next_review(dir: &Path) -> Option<NaiveDate> {
    let loaded = load(&dir.join("s.ron")).unwrap();
    loaded
        .session
        .assessment("9.2.3", &loaded.catalogue)
        .and_then(|a| a.next_review)
}

fn set(dir: &Path, value: &str) -> Option<NaiveDate> {
    let assignment = format!("next_review={value}");
    let (code, _, err) = gapwalk(dir, &["set", "s.ron", "9.2.3", &assignment]);
    assert!(code == 0, "set {assignment}: {err}");
    next_review(dir)
}

fn quarter_end(year: i32, q: u32) -> NaiveDate {
    let month = q * 3;
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    first_of_next.unwrap().pred_opt().unwrap()
}

#[test]
fn set_takes_relative_dates_and_stores_the_day_they_mean() {
    let dir = tempfile::tempdir().unwrap();
    fresh(dir.path());
    let today = Local::now().date_naive();
    assert_eq!(set(dir.path(), "today"), Some(today));
    assert_eq!(
        set(dir.path(), "+90d"),
        Some(today + chrono::Duration::days(90))
    );
    assert_eq!(
        set(dir.path(), "+3m"),
        today.checked_add_months(Months::new(3))
    );
    assert_eq!(
        set(dir.path(), "+1Y"),
        today.checked_add_months(Months::new(12))
    );
    let q = (today.month() - 1) / 3 + 1;
    assert_eq!(set(dir.path(), "eoq"), Some(quarter_end(today.year(), q)));
    for k in 1..=4 {
        let this_year = quarter_end(today.year(), k);
        let expected = if this_year >= today {
            this_year
        } else {
            quarter_end(today.year() + 1, k)
        };
        assert_eq!(set(dir.path(), &format!("q{k}")), Some(expected), "q{k}");
    }
    assert_eq!(
        set(dir.path(), "2031-01-15"),
        NaiveDate::from_ymd_opt(2031, 1, 15)
    );
    // The file holds the ISO date, not the words typed.
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    assert!(text.contains("\"2031-01-15\""), "{text}");
    assert_eq!(set(dir.path(), "none"), None);
}

#[test]
fn a_date_set_cannot_read_leaves_the_file_and_says_what_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    fresh(dir.path());
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    for wrong in [
        "next week",
        "+3x",
        "q5",
        "2027-02-30",
        "0000-01-01",
        "-0001-01-01",
    ] {
        let assignment = format!("next_review={wrong}");
        let (code, _, err) = gapwalk(dir.path(), &["set", "s.ron", "9.2.3", &assignment]);
        assert_eq!(code, 2, "{wrong}: {err}");
        assert!(
            err.contains("+90d") || err.contains("quarter") || err.contains("year"),
            "{wrong}: {err}"
        );
        assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
    }
}

#[test]
fn check_as_of_takes_the_same_forms() {
    let dir = tempfile::tempdir().unwrap();
    fresh(dir.path());
    let today = Local::now().date_naive();
    let (_, _, err) = gapwalk(dir.path(), &["check", "s.ron", "--as-of", "+1y"]);
    let year_on = today.checked_add_months(Months::new(12)).unwrap();
    assert!(err.contains(&format!("as of {year_on}")), "{err}");
    let (code, _, err) = gapwalk(dir.path(), &["check", "s.ron", "--as-of", "someday"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn the_workshop_form_shows_the_date_it_understood_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &["--provider", "AWS"]);
    let today = Local::now().date_naive();
    let expected = today + chrono::Duration::days(90);
    let mut pty = common::Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text("0/132 assessed");
    // Enter edits the first control; the form does not wrap, so the bottom is Flagged, and
    // two up is the next review date.
    pty.send("\r");
    pty.wait_text("Next review");
    pty.send(&"\x1b[B".repeat(40));
    pty.send("\x1b[A\x1b[A");
    pty.send("\r");
    pty.send("+90d");
    let shown = format!(
        "→ {} ({})",
        expected.format("%Y-%m-%d"),
        expected.format("%A")
    );
    pty.wait_text(&shown);
    pty.send("\r");
    pty.wait_for("the form shows the kept date", |s| {
        s.lines()
            .any(|l| l.contains("Next review") && l.contains(&expected.to_string()))
    });
    common::esc(&mut pty);
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    let loaded = load(&dir.path().join("s.ron")).unwrap();
    let first = &loaded.catalogue.controls[0].id;
    let a = loaded.session.assessment(first, &loaded.catalogue).unwrap();
    assert_eq!(a.next_review, Some(expected));
}

/// `set` echoed `recorded next_review=+90d`, leaving the person to work out which day the file
/// now holds; it names the date it understood, as the workshop does before keeping one.
#[test]
fn set_says_which_date_a_relative_date_was_understood_as() {
    let dir = tempfile::tempdir().unwrap();
    fresh(dir.path());
    let today = Local::now().date_naive();
    let (code, _, err) = gapwalk(
        dir.path(),
        &[
            "set",
            "s.ron",
            "9.2.3",
            "next_review=+90d",
            "gap=Break-glass",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let meant = today + chrono::Duration::days(90);
    assert!(
        err.contains(&format!(
            "recorded next_review=+90d ({meant}), gap=Break-glass"
        )),
        "{err}"
    );
    // An ISO date is echoed as typed, with nothing added.
    let (code, _, err) = gapwalk(
        dir.path(),
        &["set", "s.ron", "9.2.3", "next_review=2031-01-15"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.trim_end().ends_with("recorded next_review=2031-01-15"),
        "{err}"
    );
}
