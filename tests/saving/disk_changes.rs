//! A session file changed on disk while a workshop has it open (a `git pull`, a merge, a hand
//! edit) is never written over: the workshop merges the new version with its own work, records
//! real conflicts, and keeps its work in the recovery copy when the file no longer loads.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Pty;
use gapwalk::persist;
use gapwalk::session::{Applicability, Edit, Session, Status};

fn write_session(dir: &Path) {
    let (session, _) = common::fixture();
    persist::save(&dir.join("s.ron"), &session).unwrap();
}

/// Another program rewrites the file with one change made to the session on disk.
fn change_on_disk(dir: &Path, change: impl FnOnce(&mut Session)) {
    let loaded = persist::load(&dir.join("s.ron")).unwrap();
    let mut session = loaded.session;
    change(&mut session);
    std::fs::write(dir.join("s.ron"), persist::to_canonical(&session).unwrap()).unwrap();
}

fn set_status(session: &mut Session, id: &str, status: Status) {
    let cat = gapwalk::catalogue::default_catalogue();
    let mut a = session.assessment(id, &cat).cloned().unwrap();
    a.status = status;
    session.apply(
        Edit::SetAssessment {
            control: id.into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
}

fn open(dir: &Path) -> Pty {
    let pty = Pty::spawn(&["open", "s.ron"], dir, 100, 30);
    pty.wait_text("9.2.3 Management of privileged access rights");
    pty
}

/// Waits until the file on disk satisfies `check`.
fn wait_for_file(dir: &Path, what: &str, check: impl Fn(&Session) -> bool) -> Session {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(loaded) = persist::load(&dir.join("s.ron"))
            && check(&loaded.session)
        {
            return loaded.session;
        }
        assert!(Instant::now() < deadline, "the file never came to {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_change_on_disk_and_one_in_the_workshop_both_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let mut pty = open(dir.path());
    // A teammate's pull lands: 12.3.1 is now only partly implemented.
    change_on_disk(dir.path(), |s| set_status(s, "12.3.1", Status::Partial));
    // Meanwhile the room parks 9.2.3 for follow-up (it was flagged: this unflags it).
    pty.send("p");
    pty.wait_text("file changed on disk: merged with your work");
    let cat = gapwalk::catalogue::default_catalogue();
    let both = wait_for_file(dir.path(), "both changes", |s| {
        s.assessment("9.2.3", &cat).is_some_and(|a| !a.flagged)
    });
    assert_eq!(
        both.assessment("12.3.1", &cat).unwrap().status,
        Status::Partial,
        "the change made on disk survived"
    );
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_same_field_changed_on_disk_and_in_the_workshop_is_a_conflict_with_both_values() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let mut pty = open(dir.path());
    change_on_disk(dir.path(), |s| set_status(s, "9.2.3", Status::Implemented));
    // In the workshop: the edit form, status "planned" (the third option).
    pty.send("\r");
    pty.wait_text("Edit 9.2.3");
    // Down until the hint offers the status options: the status field is selected.
    let on_status = |s: &str| s.contains("1 implemented  2 partially");
    for _ in 0..40 {
        if on_status(&pty.screen()) {
            break;
        }
        pty.send("\x1b[B");
        std::thread::sleep(Duration::from_millis(50));
    }
    pty.wait_for("the status field", on_status);
    pty.send("3");
    std::thread::sleep(Duration::from_millis(200));
    pty.send("\x1b");
    pty.wait_text("status: ours planned · theirs implemented · base partial");
    let cat = gapwalk::catalogue::default_catalogue();
    let merged = wait_for_file(dir.path(), "the recorded conflict", |s| {
        s.assessment("9.2.3", &cat)
            .is_some_and(|a| !a.conflicts.is_empty())
    });
    let a = merged.assessment("9.2.3", &cat).unwrap();
    assert_eq!(a.status, Status::Planned, "ours is kept in the field");
    assert_eq!(a.conflicts[0].field, "status");
    assert!(a.conflicts[0].theirs.contains("implemented"));
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_file_that_no_longer_loads_is_never_written_over_and_the_work_goes_to_recovery() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let mut pty = open(dir.path());
    // A git merge left conflict markers in the file.
    let marked = format!(
        "<<<<<<< HEAD\n{}=======\n>>>>>>> theirs\n",
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap()
    );
    std::fs::write(dir.path().join("s.ron"), &marked).unwrap();
    pty.send("p");
    pty.wait_text("recovery copy");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        marked
    );
    pty.quit_past_attendance();
    pty.wait_exit();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        marked,
        "quitting wrote nothing over it either"
    );
    let recovery = dir.path().join("state/gapwalk/recovery");
    let copies: Vec<_> = std::fs::read_dir(&recovery).unwrap().collect();
    assert_eq!(copies.len(), 1, "the work is in one recovery copy");
}

#[test]
fn quitting_with_nothing_new_leaves_a_file_changed_on_disk_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let mut pty = open(dir.path());
    change_on_disk(dir.path(), |s| {
        let cat = gapwalk::catalogue::default_catalogue();
        let mut a = s.assessment("11.1.1", &cat).cloned().unwrap();
        a.applicability = Applicability::Applicable;
        s.apply(
            Edit::SetAssessment {
                control: "11.1.1".into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
    });
    let theirs = std::fs::read(dir.path().join("s.ron")).unwrap();
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), theirs);
}

/// The status recorded for a control, read from the file's text without loading it.
fn status_in(text: &str, id: &str) -> Option<String> {
    let start = text.find(&format!("control: \"{id}\""))?;
    let rest = &text[start..];
    let at = rest.find("status: ")?;
    rest[at + 8..].split([',', '\n']).next().map(str::to_string)
}

#[test]
fn a_version_that_cannot_be_merged_is_never_written_over_even_on_quit() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let mut pty = open(dir.path());
    // A colleague points the session at another catalogue: the sessions cannot be merged.
    change_on_disk(dir.path(), |s| {
        set_status(s, "12.3.1", Status::Partial);
        s.catalogue.id = "iso27017-2015-licensed".into();
    });
    let theirs = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    pty.send("p"); // unparks 9.2.3
    pty.wait_text("recovery copy");
    pty.park("owner to confirm"); // another change: still never written over
    std::thread::sleep(Duration::from_millis(1500));
    pty.quit_past_parking_lot();
    assert_ne!(
        pty.wait_exit(),
        0,
        "quitting says the work is not in the file"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        theirs
    );
    let copies = std::fs::read_dir(dir.path().join("state/gapwalk/recovery"))
        .unwrap()
        .count();
    assert_eq!(copies, 1, "the work is in the recovery copy");
}

#[test]
fn a_save_asked_for_during_another_never_writes_over_a_version_not_yet_merged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, cat) = common::fixture();
    // A long note makes a save slow enough for a second Ctrl-S to find the first in flight.
    let mut a = session.assessment("11.1.1", &cat).cloned().unwrap();
    a.notes = "x".repeat(12_000_000);
    session.apply(
        Edit::SetAssessment {
            control: "11.1.1".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    persist::save(&dir.path().join("s.ron"), &session).unwrap();
    let mut pty = open(dir.path());
    change_on_disk(dir.path(), |s| set_status(s, "12.3.1", Status::Partial));
    pty.send("p");
    std::thread::sleep(Duration::from_millis(100));
    pty.send("\x13\x13");
    // Every version the file holds from now on keeps the change made on disk.
    let deadline = Instant::now() + Duration::from_secs(12);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(dir.path().join("s.ron"))
            && text != last
        {
            if text.contains("control: \"12.3.1\"") {
                assert_eq!(
                    status_in(&text, "12.3.1").as_deref(),
                    Some("partial"),
                    "the file held a version without the change made on disk"
                );
            }
            last = text;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    let cat = gapwalk::catalogue::default_catalogue();
    let end = persist::load(&dir.path().join("s.ron")).unwrap().session;
    assert!(
        !end.assessment("9.2.3", &cat).unwrap().flagged,
        "ours is in"
    );
    assert_eq!(
        end.assessment("12.3.1", &cat).unwrap().status,
        Status::Partial
    );
}

#[test]
fn work_kept_while_the_file_did_not_load_is_offered_after_the_file_is_repaired() {
    let dir = tempfile::tempdir().unwrap();
    write_session(dir.path());
    let original = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    let mut pty = open(dir.path());
    let marked = format!("<<<<<<< HEAD\n{original}=======\n>>>>>>> theirs\n");
    std::fs::write(dir.path().join("s.ron"), &marked).unwrap();
    pty.send("p"); // the meeting unflags 9.2.3
    pty.wait_text("recovery copy");
    pty.quit_past_attendance();
    pty.wait_exit();
    // Someone resolves the markers by keeping the file's side: the file is now newer.
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(dir.path().join("s.ron"), &original).unwrap();
    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    again.wait_text("recovery copy");
    again.send("1"); // use it
    // 9.2.3 is listed without its flag: the copy's work is in the session.
    again.wait_text(" ✗  9.2.3");
    again.quit_past_attendance();
    assert_eq!(again.wait_exit(), 0);
    let cat = gapwalk::catalogue::default_catalogue();
    let end = persist::load(&dir.path().join("s.ron")).unwrap().session;
    assert!(
        !end.assessment("9.2.3", &cat).unwrap().flagged,
        "the meeting's change reached the file"
    );
}
