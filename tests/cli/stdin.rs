//! `-` for standard input on `check`, `stats`, `export` and `diff`, as in
//! `git show REV:s.ron | gapwalk check -`: the piped session reads like the file, a catalogue
//! file it names relative to itself is looked for from the current folder, and a terminal on
//! standard input is refused instead of waiting for a session to be typed.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use crate::common::Run;

fn gapwalk_piped(args: &[&str], dir: &Path, input: &[u8]) -> Run {
    let mut child = crate::common::gapwalk(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gapwalk");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written from a thread: a large input must not block while gapwalk fills its stdout.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for gapwalk");
    writer.join().expect("writer");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A session with one control recorded, `s.ron` in `dir`.
fn session(dir: &Path) -> Vec<u8> {
    common::new_session_file(dir, &["--title", "Piped review", "--provider", "AWS"]);
    let set = gapwalk_piped(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "status=planned",
        ],
        dir,
        b"",
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    std::fs::read(dir.join("s.ron")).unwrap()
}

#[test]
fn check_stats_and_export_read_the_session_from_stdin_as_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = session(dir.path());
    for args in [
        vec!["check", "--as-of", "2026-01-01", "--format", "json"],
        vec!["stats", "--format", "json"],
        vec!["export", "--format", "csv", "--out", "-", "--view", "gaps"],
    ] {
        let mut from_file = args.clone();
        from_file.insert(1, "s.ron");
        let mut from_stdin = args.clone();
        from_stdin.insert(1, "-");
        let file = gapwalk_piped(&from_file, dir.path(), b"");
        let piped = gapwalk_piped(&from_stdin, dir.path(), &text);
        assert_eq!(piped.code, file.code, "{args:?}: {}", piped.stderr);
        // Only the file's name may differ (check's json names the file it read).
        assert_eq!(
            piped
                .stdout
                .replace("\"file\": \"-\"", "\"file\": \"s.ron\"")
                .replace("<stdin>", "s.ron"),
            file.stdout,
            "{args:?}"
        );
        assert!(!piped.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn diff_compares_a_piped_revision_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let old = session(dir.path());
    let set = gapwalk_piped(
        &["set", "s.ron", "9.2.3", "status=implemented"],
        dir.path(),
        b"",
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let run = gapwalk_piped(&["diff", "-", "s.ron"], dir.path(), &old);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("planned → implemented"),
        "{}",
        run.stdout
    );
    let both = gapwalk_piped(&["diff", "-", "-"], dir.path(), &old);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("only one of OLD and NEW"),
        "{}",
        both.stderr
    );
}

#[test]
fn a_relative_catalogue_file_of_a_piped_session_is_found_from_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/catalogues/iso27017-2015.ron"
        ),
        work.join("mine.ron"),
    )
    .unwrap();
    common::new_session_file(&work, &["--catalogue", "mine.ron"]);
    let text = std::fs::read(work.join("s.ron")).unwrap();
    assert!(String::from_utf8_lossy(&text).contains("file: Some(\"mine.ron\")"));
    let here = gapwalk_piped(&["stats", "-"], &work, &text);
    assert_eq!(here.code, 0, "{}", here.stderr);
    // From another folder the same relative name points nowhere, and the message says so.
    let elsewhere = gapwalk_piped(&["stats", "-"], dir.path(), &text);
    assert_eq!(elsewhere.code, 2);
    assert!(
        elsewhere.stderr.contains("mine.ron"),
        "{}",
        elsewhere.stderr
    );
    assert!(elsewhere.stderr.contains("<stdin>"), "{}", elsewhere.stderr);
}

#[test]
fn bad_input_on_stdin_is_located_in_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let run = gapwalk_piped(
        &["check", "-"],
        dir.path(),
        b"(format_version: 1,\n  title: 3,\n",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("<stdin>:"), "{}", run.stderr);
    let empty = gapwalk_piped(
        &["export", "-", "--format", "md", "--out", "-"],
        dir.path(),
        b"",
    );
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("<stdin>:1:1: the file is empty"),
        "{}",
        empty.stderr
    );
}

#[test]
fn a_terminal_on_stdin_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["check", "-"][..],
        &["stats", "-"],
        &["export", "-", "--format", "md", "--out", "x.md"],
        &["diff", "-", "s.ron"],
    ] {
        let mut pty = common::Pty::spawn(args, dir.path(), 200, 20);
        pty.wait_text("which is a terminal here");
        assert_eq!(pty.wait_exit(), 2, "{args:?}: {}", pty.screen());
    }
    assert!(!dir.path().join("x.md").exists());
}
