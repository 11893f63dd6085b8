//! Backups and saves at the file system's edges: whatever sits at `FILE.bak` (a pipe, a file
//! planted by another user, a hard link to someone's file) is replaced, never written into and
//! never waited on; a full disk leaves the good backup as it was; a save killed at any moment
//! leaves a whole, loadable backup; the lock and the temporary files survive plants and kills.
#![cfg(unix)]

use crate::fs_support;

use std::path::Path;
use std::time::Duration;

use fs_support::*;

fn loads(path: &Path) -> bool {
    gapwalk::persist::load(path).is_ok()
}

#[test]
fn a_pipe_at_the_backup_name_is_replaced_never_written_or_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    let before = std::fs::read_to_string(&file).unwrap();
    let bak = dir.path().join("s.ron.bak");
    std::fs::remove_file(&bak).unwrap();
    mkfifo(&bak);
    // `set` and `fmt` used to wait forever for a reader here.
    let run = gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], dir.path());
    run.expect_code(0, "set with a pipe at FILE.bak");
    assert!(!is_fifo(&bak), "the pipe is still there");
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), before);
    assert!(loads(&bak));
    std::fs::remove_file(&bak).unwrap();
    mkfifo(&bak);
    std::fs::write(&file, before.replace("    ", "  ")).unwrap();
    gapwalk(&["fmt", "s.ron"], dir.path()).expect_code(0, "fmt with a pipe at FILE.bak");
    assert!(!is_fifo(&bak));
}

#[test]
fn a_file_planted_at_the_backup_name_is_replaced_not_written_into() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    let bak = dir.path().join("s.ron.bak");
    // A hard link to someone's file at the backup's name: writing into the backup would write
    // the session into their file.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "the victim's own file").unwrap();
    std::fs::remove_file(&bak).unwrap();
    std::fs::hard_link(&victim, &bak).unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], dir.path())
        .expect_code(0, "set with a planted backup");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the victim's own file"
    );
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), before);
    assert_eq!(mode(&bak), 0o600, "a backup is private");
}

#[test]
fn a_full_disk_during_a_save_keeps_the_good_backup_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mount = Mount::tmpfs(&dir.path().join("small"), "256k");
    let at = mount.path.as_path();
    let file = session(at);
    gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], at).expect_code(0, "second set");
    let (file_before, bak_before) = (
        std::fs::read(&file).unwrap(),
        std::fs::read(at.join("s.ron.bak")).unwrap(),
    );
    fill(at);
    let run = gapwalk(
        &[
            "set",
            "s.ron",
            "9.2.3",
            &format!("notes={}", "n".repeat(20_000)),
        ],
        at,
    );
    run.expect_code(2, "set on a full disk");
    assert_eq!(std::fs::read(&file).unwrap(), file_before);
    assert_eq!(std::fs::read(at.join("s.ron.bak")).unwrap(), bak_before);
    // Room again: the next save works and leaves no debris.
    std::fs::remove_file(at.join("filler")).unwrap();
    gapwalk(&["set", "s.ron", "9.2.3", "notes=room"], at).expect_code(0, "set after");
    let debris: Vec<_> = std::fs::read_dir(at)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[test]
fn a_save_killed_at_any_moment_leaves_a_whole_file_and_a_whole_backup() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    let statuses = ["planned", "partial", "implemented", "not_implemented"];
    let mut killed = 0;
    for round in 0..120u64 {
        let mut cmd = gapwalk_command(
            &[
                "set",
                "s.ron",
                "9.2.3",
                &format!("status={}", statuses[round as usize % 4]),
                &format!("notes=round {round} {}", "x".repeat(round as usize * 500)),
            ],
            dir.path(),
        );
        let mut child = cmd.spawn().unwrap();
        // Spread the kills over the whole run of a save (a few milliseconds).
        std::thread::sleep(Duration::from_micros((round * 7919) % 12_000));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(loads(&file), "round {round}: the file does not load");
        let bak = dir.path().join("s.ron.bak");
        if bak.exists() {
            assert!(
                loads(&bak),
                "round {round}: the backup does not load: {:?}",
                gapwalk::persist::load(&bak).err()
            );
        }
    }
    assert!(
        killed > 10,
        "only {killed} of 120 saves were killed mid-way"
    );
    // Whatever the kills left behind is cleared by the next writer, and the file still has
    // one name (a backup killed half-way is a hard link to it).
    gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], dir.path())
        .expect_code(0, "set after the kills");
    let debris: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[test]
fn debris_of_a_killed_save_is_removed_and_does_not_count_as_a_second_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    // A save killed between linking its backup and renaming it leaves this behind.
    let debris = dir.path().join(".s.ron.gapwalk-Ab12Cd.tmp");
    std::fs::hard_link(&file, &debris).unwrap();
    // Another file's debris that is fresh may still be in use and stays.
    let other = dir.path().join(".other.csv.gapwalk-Zz99Yy.tmp");
    std::fs::write(&other, "in use").unwrap();
    gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], dir.path())
        .expect_code(0, "set with debris beside");
    assert!(!debris.exists());
    assert!(other.exists());
}

#[test]
fn a_session_with_two_names_is_not_written_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    std::fs::hard_link(&file, dir.path().join("t.ron")).unwrap();
    let before = std::fs::read(&file).unwrap();
    let run = gapwalk(&["set", "t.ron", "9.2.3", "status=planned"], dir.path());
    run.expect_code(2, "set on a file with two names");
    assert!(run.stderr.contains("hard link"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    gapwalk(&["fmt", "s.ron"], dir.path()).expect_code(2, "fmt on a file with two names");
}

#[test]
fn a_lock_path_made_a_pipe_link_or_folder_does_not_turn_locking_off() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    let lock = dir.path().join(".s.ron.gapwalk-lock");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let plants: [&dyn Fn(&Path); 3] = [
        &|p| mkfifo(p),
        &|p| std::os::unix::fs::symlink(&victim, p).unwrap(),
        &|p| std::fs::create_dir(p).unwrap(),
    ];
    for plant in plants {
        plant(&lock);
        gapwalk(&["set", "s.ron", "9.2.3", "status=planned"], dir.path())
            .expect_code(0, "set with a plant at the lock's name");
        assert!(!lock.exists(), "the lock file is removed on release");
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    // A plant that cannot be removed stops writers instead of letting them run unlocked.
    std::fs::create_dir(&lock).unwrap();
    std::fs::write(lock.join("x"), "x").unwrap();
    let before = std::fs::read(&file).unwrap();
    let run = gapwalk(&["set", "s.ron", "9.2.3", "status=partial"], dir.path());
    run.expect_code(2, "set with a folder at the lock's name");
    assert!(run.stderr.contains("lock"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
