//! How a workshop ends when it cannot simply save: `q` with work that exists nowhere else asks
//! where to write it (issue 10, case 4), and SIGTERM or SIGHUP (what a closed terminal or a
//! dropped ssh connection sends) end it the way `q` does: a final save, or the recovery copy,
//! or a new file, and the lock released. Full disks are small tmpfs mounts (root, as in CI).

use crate::common;
use crate::fs_support;

use std::path::{Path, PathBuf};

use common::{Pty, new_session_file};
use fs_support::{Mount, fill};
use gapwalk::persist;

fn state_env(dir: &Path) -> String {
    dir.join("statefs").display().to_string()
}

/// A session whose saves all fail (a folder where the backup goes) and whose state folder is
/// on a full file system, so no recovery copy can be written either.
fn nowhere_to_save(dir: &Path) -> Mount {
    new_session_file(dir, &["--provider", "AWS"]);
    std::fs::create_dir_all(dir.join("s.ron.bak").join("in-the-way")).unwrap();
    let mount = Mount::tmpfs(&dir.join("statefs"), "64k");
    fill(&mount.path);
    mount
}

fn flagged(file: &Path) -> bool {
    let loaded = persist::load(file).unwrap();
    loaded
        .session
        .assessment("5.1.1", &loaded.catalogue)
        .is_some_and(|a| a.flagged)
}

fn rescue_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("gapwalk-rescue-"))
        .collect()
}

#[test]
fn quitting_with_work_that_exists_nowhere_else_asks_where_to_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let _mount = nowhere_to_save(dir.path());
    let state = state_env(dir.path());
    let mut pty = Pty::spawn_with_env(
        &["open", "s.ron"],
        dir.path(),
        120,
        30,
        &[("XDG_STATE_HOME", &state)],
    );
    pty.wait_text("assessed");
    pty.park("owner to confirm");
    pty.wait_text("NOT SAVED");
    pty.quit_past_parking_lot();
    pty.wait_text("Your work is only in this screen");
    // Esc goes back to the workshop: nothing ended, nothing was lost.
    common::esc(&mut pty);
    pty.wait_text("not quit: your work is only in this screen");
    pty.send("q");
    pty.wait_text("Your work is only in this screen");
    // A place that cannot take it says why and asks again.
    pty.send(&"\x7f".repeat(300));
    pty.send("/proc/no-such-folder/work.ron");
    pty.send("\r");
    pty.wait_text("no-such-folder");
    pty.wait_text("Your work is only in this screen");
    pty.send(&"\x7f".repeat(300));
    pty.send("rescued.ron");
    pty.send("\r");
    assert_eq!(pty.wait_exit(), 2, "the work is not in its own file");
    pty.wait_text("your work is in rescued.ron");
    let rescued = dir.path().join("rescued.ron");
    assert!(
        flagged(&rescued),
        "the workshop's change is in the new file"
    );
    assert_eq!(fs_support::mode(&rescued), 0o600);
    assert!(
        !flagged(&dir.path().join("s.ron")),
        "the file itself was not written"
    );
}

#[test]
fn the_suggested_place_takes_the_work_with_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let _mount = nowhere_to_save(dir.path());
    let state = state_env(dir.path());
    let mut pty = Pty::spawn_with_env(
        &["open", "s.ron"],
        dir.path(),
        120,
        30,
        &[("XDG_STATE_HOME", &state)],
    );
    pty.wait_text("assessed");
    pty.park("owner to confirm");
    pty.wait_text("NOT SAVED");
    pty.quit_past_parking_lot();
    pty.wait_text("Your work is only in this screen");
    pty.send("\r");
    assert_eq!(pty.wait_exit(), 2);
    // The suggestion is a new file in the home folder (HOME is the test's folder).
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(flagged(&files[0]));
}

fn lock_file(dir: &Path) -> PathBuf {
    dir.join(".s.ron.gapwalk-lock")
}

/// Opens `s.ron`, flags 5.1.1 and sends `signal` before autosave could run.
fn signalled(dir: &Path, signal: &str, env: &[(&str, &str)]) -> Pty {
    let mut pty = Pty::spawn_with_env(&["open", "s.ron"], dir, 120, 30, env);
    pty.wait_text("assessed");
    assert!(lock_file(dir).exists(), "the workshop holds the lock");
    pty.park("owner to confirm");
    pty.wait_text("parked for follow-up");
    pty.signal(signal);
    pty
}

#[test]
fn sigterm_and_sighup_save_the_work_and_release_the_lock() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        new_session_file(dir.path(), &["--provider", "AWS"]);
        let mut pty = signalled(dir.path(), signal, &[]);
        assert_eq!(pty.wait_exit(), 0, "SIG{signal}: saved");
        assert!(
            flagged(&dir.path().join("s.ron")),
            "SIG{signal}: the change is in the file"
        );
        assert!(
            !lock_file(dir.path()).exists(),
            "SIG{signal}: the lock is released"
        );
    }
}

#[test]
fn a_signal_when_the_file_cannot_be_written_keeps_the_work_in_the_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    std::fs::create_dir_all(dir.path().join("s.ron.bak").join("in-the-way")).unwrap();
    let mut pty = signalled(dir.path(), "HUP", &[]);
    assert_eq!(pty.wait_exit(), 2, "the work is not in the file");
    let copies: Vec<_> = std::fs::read_dir(dir.path().join("state/gapwalk/recovery"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(copies.len(), 1);
    assert!(flagged(&copies[0]), "the change is in the recovery copy");
    assert!(!lock_file(dir.path()).exists());
}

#[test]
fn a_signal_with_nowhere_to_save_writes_the_work_to_a_new_file_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let _mount = nowhere_to_save(dir.path());
    let state = state_env(dir.path());
    let mut pty = signalled(dir.path(), "TERM", &[("XDG_STATE_HOME", &state)]);
    assert_eq!(pty.wait_exit(), 2);
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(flagged(&files[0]));
    assert!(!lock_file(dir.path()).exists());
}
