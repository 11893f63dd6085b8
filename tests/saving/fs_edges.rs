//! Outputs at the file system's edges, run as a user would run them: `export` and `merge
//! --out` given a device, a pipe, a folder, a sidecar of the session, a link another user
//! planted, or a file with loose permissions. A device is written as a stream and stays a
//! device, a pipe is written only while someone reads it, and everything gapwalk creates is
//! private whatever the umask.
#![cfg(unix)]

use crate::fs_support;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::time::Duration;

use fs_support::*;

fn export_to(dir: &Path, out: &str) -> Run {
    gapwalk(
        &[
            "export", "s.ron", "--format", "csv", "--view", "soa", "--out", out,
        ],
        dir,
    )
}

#[test]
fn a_character_device_as_out_is_written_as_a_stream_and_stays_a_device() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    let null = dir.path().join("null");
    mknod_char(&null, 3);
    export_to(dir.path(), "null").expect_code(0, "export to a null device");
    assert!(is_char_device(&null), "the device was replaced by a file");
    // A device that refuses the bytes (like /dev/full) is an error, and stays a device.
    let full = dir.path().join("full");
    mknod_char(&full, 7);
    let run = export_to(dir.path(), "full");
    run.expect_code(2, "export to a full device");
    assert!(run.stderr.contains("full"), "{}", run.stderr);
    assert!(is_char_device(&full), "the device was replaced by a file");
    // merge --out takes the same path.
    std::fs::copy(dir.path().join("s.ron"), dir.path().join("b.ron")).unwrap();
    let run = gapwalk(
        &["merge", "b.ron", "s.ron", "b.ron", "--out", "null"],
        dir.path(),
    );
    run.expect_code(0, "merge --out a device");
    assert!(is_char_device(&null), "merge replaced the device");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gapwalk"))
        .collect();
    assert!(names.is_empty(), "nothing left beside: {names:?}");
}

#[test]
fn a_pipe_as_out_is_refused_without_a_reader_and_streamed_to_one() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let run = export_to(dir.path(), "pipe");
    run.expect_code(2, "export into a pipe nobody reads");
    assert!(run.stderr.contains("no reader"), "{}", run.stderr);
    assert!(is_fifo(&fifo), "the pipe was replaced");

    // With a reader, the export goes through the pipe.
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(&reader_path)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    });
    // The reader opens first; the export must not race it, so wait until it blocks in open.
    std::thread::sleep(Duration::from_millis(300));
    export_to(dir.path(), "pipe").expect_code(0, "export into a pipe being read");
    let received = reader.join().unwrap();
    assert!(received.contains("9.2.3"), "{received}");
    assert!(is_fifo(&fifo), "the pipe was replaced");

    // merge --out into a pipe with no reader: refused, never a hang.
    std::fs::copy(dir.path().join("s.ron"), dir.path().join("b.ron")).unwrap();
    let run = gapwalk(
        &["merge", "b.ron", "s.ron", "b.ron", "--out", "pipe"],
        dir.path(),
    );
    run.expect_code(2, "merge --out a pipe nobody reads");
    assert!(is_fifo(&fifo));
}

#[test]
fn a_folder_the_session_or_its_sidecars_are_refused_as_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path());
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let before = std::fs::read(&file).unwrap();
    let backup = std::fs::read(dir.path().join("s.ron.bak")).unwrap();
    for out in [
        "folder",
        "s.ron",
        "./s.ron",
        "s.ron.bak",
        ".s.ron.gapwalk-lock",
        ".s.ron.gapwalk-AbC123.tmp",
    ] {
        let run = export_to(dir.path(), out);
        run.expect_code(2, &format!("export --out {out}"));
        assert!(!run.stderr.is_empty(), "{out}: no reason given");
    }
    assert!(dir.path().join("folder").is_dir());
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("s.ron.bak")).unwrap(), backup);
    assert!(!dir.path().join(".s.ron.gapwalk-lock").exists());
    assert!(!dir.path().join(".s.ron.gapwalk-AbC123.tmp").exists());
    // A merge never writes its result over a session's backup either.
    std::fs::copy(&file, dir.path().join("b.ron")).unwrap();
    let run = gapwalk(
        &["merge", "b.ron", "s.ron", "b.ron", "--out", "s.ron.bak"],
        dir.path(),
    );
    run.expect_code(2, "merge --out the backup");
    assert_eq!(std::fs::read(dir.path().join("s.ron.bak")).unwrap(), backup);
}

#[test]
fn an_export_is_private_whatever_it_replaces_and_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    let out = dir.path().join("gaps.csv");
    std::fs::write(&out, "planted").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    export_to(dir.path(), "gaps.csv").expect_code(0, "export over a 0666 file");
    assert_eq!(mode(&out), 0o600, "the export took the planted file's mode");
    // Under umask 000, a new export and the folders of the state are still private.
    let mut cmd = std::process::Command::new("sh");
    cmd.args([
        "-c",
        &format!(
            "umask 000 && exec {} export s.ron --format csv --view soa --out fresh.csv",
            env!("CARGO_BIN_EXE_gapwalk")
        ),
    ]);
    cmd.current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let run = run_within(cmd, Duration::from_secs(20));
    run.expect_code(0, "export under umask 000");
    assert_eq!(mode(&dir.path().join("fresh.csv")), 0o600);
}

#[test]
fn a_link_at_out_owned_by_another_user_is_refused() {
    need_root("plant a link owned by another user");
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "the victim's own file").unwrap();
    let link = dir.path().join("report.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(nobody()), Some(nobody())).unwrap();
    let run = export_to(dir.path(), "report.csv");
    run.expect_code(2, "export through another user's link");
    assert!(run.stderr.contains("another user"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the victim's own file"
    );
    // A link of one's own is followed: the link stays and its target gets the export.
    std::os::unix::fs::lchown(&link, Some(0), Some(0)).unwrap();
    export_to(dir.path(), "report.csv").expect_code(0, "export through one's own link");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&victim).unwrap().contains("9.2.3"));
}

#[test]
fn another_user_cannot_plant_a_pipe_that_hangs_an_export() {
    need_root("act as another user");
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    {
        use std::os::unix::fs::PermissionsExt;
        // A shared folder: anyone may create names in it.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    }
    let mut plant = std::process::Command::new("mkfifo");
    plant.arg(dir.path().join("planted.csv")).uid(nobody());
    assert!(plant.status().unwrap().success(), "nobody could not mkfifo");
    let run = export_to(dir.path(), "planted.csv");
    run.expect_code(2, "export into another user's pipe");
    assert!(is_fifo(&dir.path().join("planted.csv")));
}
