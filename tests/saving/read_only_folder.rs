//! A session in a read-only folder, where no lock can be taken (issue 10, case 5): the
//! workshop says so in a popup and opens read-only unless the user chooses to go on unlocked;
//! two workshops that both go on unlocked keep their work in separate recovery copies, never
//! one over the other. Root ignores permission bits, so the folder is a read-only mount.

use crate::common;
use crate::fs_support;

use std::path::{Path, PathBuf};

use common::{Pty, new_session_file};
use fs_support::Mount;
use gapwalk::persist;

/// `s.ron` on a small tmpfs at `dir/ro`, then mounted read-only.
fn read_only_session(dir: &Path) -> Mount {
    let mount = Mount::tmpfs(&dir.join("ro"), "1m");
    new_session_file(&mount.path, &["--provider", "AWS"]);
    mount.read_only();
    assert!(
        std::fs::write(mount.path.join("probe"), "x").is_err(),
        "the mount is read-only, even for root"
    );
    mount
}

fn open(dir: &Path, mount: &Mount) -> Pty {
    let state = dir.join("state").display().to_string();
    let home = dir.display().to_string();
    let pty = Pty::spawn_with_env(
        &["open", "s.ron"],
        &mount.path,
        120,
        30,
        &[("XDG_STATE_HOME", &state), ("HOME", &home)],
    );
    pty.wait_text("No lock can be taken here");
    pty
}

#[test]
fn without_a_lock_the_workshop_asks_and_opens_read_only_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let mount = read_only_session(dir.path());
    let mut pty = open(dir.path(), &mount);
    pty.wait_text("two gapwalks could change this session at once");
    pty.wait_text("go on unlocked");
    pty.send("\r");
    pty.wait_text("read-only (no lock can be taken here)");
    pty.send("p");
    pty.wait_text("read-only: nothing can be changed here");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.wait_text("read-only: nothing was written");
}

fn copies(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("state/gapwalk/recovery"))
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

fn flagged_in(copy: &Path) -> Vec<String> {
    let loaded = persist::load(copy).unwrap();
    loaded
        .session
        .assessments
        .iter()
        .filter(|a| a.flagged)
        .map(|a| a.control.clone())
        .collect()
}

#[test]
fn two_unlocked_workshops_keep_their_work_in_separate_copies() {
    let dir = tempfile::tempdir().unwrap();
    let mount = read_only_session(dir.path());
    let mut first = open(dir.path(), &mount);
    let mut second = open(dir.path(), &mount);
    for pty in [&mut first, &mut second] {
        pty.send("2");
        pty.wait_text("unlocked: saves go ahead");
    }
    first.park("owner to confirm"); // flags 5.1.1
    first.wait_text("recovery copy");
    second.send("\x1b[B"); // down to 5.1.2
    second.park("owner to confirm");
    second.wait_text("recovery copy");
    first.quit_past_parking_lot();
    second.quit_past_parking_lot();
    assert_eq!(first.wait_exit(), 2, "the work is not in the file");
    assert_eq!(second.wait_exit(), 2, "the work is not in the file");
    let copies = copies(dir.path());
    assert_eq!(copies.len(), 2, "one copy per workshop: {copies:?}");
    let mut flagged: Vec<Vec<String>> = copies.iter().map(|c| flagged_in(c)).collect();
    flagged.sort();
    assert_eq!(
        flagged,
        [vec!["5.1.1".to_string()], vec!["5.1.2".to_string()]]
    );
}
