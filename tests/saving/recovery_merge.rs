//! Recovery copies through the real binary: a copy is offered with each difference's values and
//! the side that made it, and using it merges it with the file as it is now, so a `gapwalk set`
//! run after the copy was written is kept rather than silently reverted (issue 10, case 6).

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{Pty, new_session_file};
use gapwalk::persist;
use gapwalk::session::Status;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir).args(args).output().unwrap()
}

/// A folder where the backup goes makes every save of the file fail.
fn break_saves(dir: &Path) {
    let _ = std::fs::remove_file(dir.join("s.ron.bak"));
    std::fs::create_dir_all(dir.join("s.ron.bak").join("in-the-way")).unwrap();
}

#[test]
fn using_a_copy_keeps_a_set_made_to_the_file_after_it_was_written() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    let set = gapwalk(dir.path(), &["set", "s.ron", "9.2.3", "status=partial"]);
    assert!(set.status.success(), "{set:?}");

    // The workshop flags 5.1.1, but nothing reaches the file: the work goes to a copy.
    break_saves(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 160, 40);
    pty.wait_text("assessed");
    pty.park("owner to confirm");
    pty.wait_text("NOT SAVED");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 2);
    std::fs::remove_dir_all(dir.path().join("s.ron.bak")).unwrap();

    // Later, someone records 9.2.3 as implemented with `gapwalk set`.
    let set = gapwalk(dir.path(), &["set", "s.ron", "9.2.3", "status=implemented"]);
    assert!(set.status.success(), "{set:?}");

    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 160, 40);
    again.wait_text("Unsaved work was kept in a recovery copy");
    again.wait_text("file as it is now (0 conflict(s) to choose)");
    again.send("3");
    // Each difference with its values and the side that made it.
    again.wait_text("5.1.1: recorded only in the copy (added there): flagged true");
    again.wait_text("9.2.3, status: \"partial\" → \"implemented\" in the file since; kept");
    again.send("1");
    again.wait_text("recovery copy applied");
    again.quit_past_parking_lot();
    assert_eq!(again.wait_exit(), 0);

    let loaded = persist::load(&file).unwrap();
    let (session, cat) = (loaded.session, loaded.catalogue);
    assert!(
        session.assessment("5.1.1", &cat).is_some_and(|a| a.flagged),
        "the copy's work reached the file"
    );
    assert_eq!(
        session.assessment("9.2.3", &cat).map(|a| a.status),
        Some(Status::Implemented),
        "the later `gapwalk set` was not reverted"
    );
}
