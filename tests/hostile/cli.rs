//! Headless commands meeting locks, links, recovery copies and names already taken.

use crate::common;

use std::path::Path;
use std::process::Output;

use gapwalk::lock::{Holder, SessionLock, lock_path};
use gapwalk::persist;
use gapwalk::recovery::RecoveryStore;
use gapwalk::session::Timestamp;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The fixture session, written in a non-canonical layout so `fmt` has work to do.
fn untidy_session(path: &Path) {
    let text = persist::to_canonical(&common::fixture().0).unwrap();
    std::fs::write(path, text.replace("\n    ", "\n  ")).unwrap();
}

#[test]
fn fmt_refuses_while_another_process_holds_the_session_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    untidy_session(&file);
    let before = std::fs::read(&file).unwrap();
    let held = SessionLock::acquire(&file, "gapwalk open").unwrap();
    let out = gapwalk(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("(process {})", std::process::id())),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // Checking writes nothing, so it needs no lock.
    assert_eq!(
        gapwalk(dir.path(), &["fmt", "--check", "s.ron"])
            .status
            .code(),
        Some(1)
    );
    drop(held);
    let out = gapwalk(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!lock_path(&file).exists(), "fmt leaves no lock file behind");
}

#[test]
fn fmt_takes_over_a_lock_left_by_a_crash_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    untidy_session(&file);
    let crashed = Holder {
        pid: 4_000_000,
        user: "ana".into(),
        host: "workshop-laptop".into(),
        since: Timestamp::from_unix(1_790_000_000).unwrap(),
        command: "gapwalk open".into(),
    };
    std::fs::write(lock_path(&file), ron::to_string(&crashed).unwrap()).unwrap();
    let out = gapwalk(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("took over the lock"), "{err}");
    assert!(
        err.contains("process 4000000") && err.contains("workshop-laptop"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn fmt_through_a_symbolic_link_rewrites_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/target.ron");
    untidy_session(&target);
    let link = dir.path().join("s.ron");
    std::os::unix::fs::symlink("real/target.ron", &link).unwrap();
    let out = gapwalk(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("real/target.ron")
    );
    assert_eq!(
        gapwalk(dir.path(), &["fmt", "--check", "real/target.ron"])
            .status
            .code(),
        Some(0)
    );
    assert!(dir.path().join("real/target.ron.bak").exists());
    assert!(!dir.path().join("s.ron.bak").exists());
}

#[cfg(unix)]
#[test]
fn new_refuses_a_name_taken_by_a_dangling_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("s.ron");
    std::os::unix::fs::symlink("elsewhere/missing.ron", &link).unwrap();
    let out = gapwalk(dir.path(), &["new", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!dir.path().join("elsewhere").exists());
}

#[test]
fn headless_commands_warn_about_a_newer_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    let (session, _) = common::fixture();
    persist::save(&file, &session).unwrap();
    assert!(!stderr(&gapwalk(dir.path(), &["stats", "s.ron"])).contains("recovery"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let store = RecoveryStore::at(dir.path().join("state/gapwalk/recovery"));
    let copy = store.write(&file, &session).unwrap();
    for args in [["stats", "s.ron"], ["check", "s.ron"]] {
        let err = stderr(&gapwalk(dir.path(), &args));
        assert!(err.contains("a recovery copy written"), "{err}");
        assert!(err.contains(&copy.display().to_string()), "{err}");
    }
}

#[test]
fn set_and_merge_refuse_a_session_another_gapwalk_holds_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    persist::save(&file, &common::fixture().0).unwrap();
    std::fs::copy(&file, dir.path().join("base.ron")).unwrap();
    std::fs::copy(&file, dir.path().join("theirs.ron")).unwrap();
    let before = std::fs::read(&file).unwrap();
    let held = SessionLock::acquire(&file, "gapwalk open").unwrap();
    for args in [
        vec!["set", "s.ron", "13.1.1", "applicability=applicable"],
        vec!["merge", "base.ron", "s.ron", "theirs.ron"],
    ] {
        let out = gapwalk(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("(process {})", std::process::id())),
            "{err}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}");
    }
    drop(held);
    let out = gapwalk(
        dir.path(),
        &["set", "s.ron", "13.1.1", "applicability=applicable"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!lock_path(&file).exists(), "set leaves no lock file behind");
}
