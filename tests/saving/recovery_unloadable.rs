//! Work kept in a recovery copy while the session file was emptied or damaged is not hidden by
//! that file: `check`, `export`, `set` and `open` all fail on the file (it is never written
//! over) and each names the copy and how to take it back (issue 10, case 14).

use crate::common;
use crate::fs_support;

use std::path::Path;

use common::Pty;
use fs_support::gapwalk;

/// A workshop whose file is emptied under it: its next save finds a file that no longer loads
/// and keeps the work in a recovery copy.
fn work_kept_while_the_file_was_emptied(dir: &Path) {
    common::new_session_file(dir, &["--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir, 120, 30);
    pty.wait_text("assessed");
    std::fs::write(dir.join("s.ron"), "").unwrap();
    pty.park("owner to confirm");
    pty.wait_text("recovery copy");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 2, "the work is not in the file");
    assert_eq!(
        std::fs::read(dir.join("s.ron")).unwrap(),
        b"",
        "never written over"
    );
}

#[test]
fn an_emptied_file_still_points_at_its_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    work_kept_while_the_file_was_emptied(dir.path());
    let copies: Vec<_> = std::fs::read_dir(dir.path().join("state/gapwalk/recovery"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = copies[0].display().to_string();
    for args in [
        &["check", "s.ron"][..],
        &["export", "s.ron", "--format", "md", "--out", "out.md"][..],
        &["set", "s.ron", "9.2.3", "status=partial"][..],
        &["open", "s.ron"][..],
    ] {
        let run = gapwalk(args, dir.path());
        run.expect_code(2, args[0]);
        assert!(
            run.stderr.contains("a recovery copy written") && run.stderr.contains(&copy),
            "{} does not mention the copy: {}",
            args[0],
            run.stderr
        );
        assert!(run.stderr.contains("gapwalk open s.ron"), "{}", run.stderr);
        assert_eq!(
            std::fs::read(dir.path().join("s.ron")).unwrap(),
            b"",
            "{} wrote over a file that does not load",
            args[0]
        );
    }
    // Taken as the note says, the copy is the session with the work in it.
    std::fs::copy(&copies[0], dir.path().join("s.ron")).unwrap();
    let loaded = gapwalk::persist::load(&dir.path().join("s.ron")).unwrap();
    assert!(
        loaded
            .session
            .assessment("5.1.1", &loaded.catalogue)
            .is_some_and(|a| a.flagged),
        "the flag set while the file was empty"
    );
}
