//! A session's `catalogue: (file: …)` is data anyone who could write the session chose: it
//! opens only a regular file, never waits on a terminal or a pipe, and never echoes a word of a
//! file that is not a catalogue (issue 10, case 13).

use crate::common;
use crate::fs_support;

use std::path::Path;
use std::time::Duration;

use common::Pty;
use fs_support::{gapwalk, mkfifo};
use gapwalk::persist;

/// Writes `s.ron` in `dir` naming `catalogue` as its catalogue file.
fn session_naming(dir: &Path, catalogue: &str) {
    let text = persist::to_canonical(&common::fixture().0)
        .unwrap()
        .replace(
            "    catalogue: (\n",
            &format!("    catalogue: (\n        file: Some({catalogue:?}),\n"),
        );
    assert!(text.contains(catalogue), "the fixture names its catalogue");
    std::fs::write(dir.join("s.ron"), text).unwrap();
}

#[test]
fn a_terminal_named_as_the_catalogue_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    session_naming(dir.path(), "/dev/tty");
    // In a terminal, reading /dev/tty would wait for someone to type: `check` must end alone.
    let mut pty = Pty::spawn(&["check", "s.ron"], dir.path(), 160, 30);
    assert_eq!(pty.wait_exit(), 2, "{}", pty.screen());
    pty.wait_text("a character device, not a regular file");
}

#[test]
fn a_pipe_named_as_the_catalogue_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("cat.ron"));
    session_naming(dir.path(), "cat.ron");
    let run = gapwalk(&["check", "s.ron"], dir.path());
    run.expect_code(2, "check");
    assert!(
        run.stderr.contains("a pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_a_catalogue_is_refused_without_a_word_of_its_content() {
    let dir = tempfile::tempdir().unwrap();
    // A password-file line and a planted token, in files that do not even start like RON.
    std::fs::write(
        dir.path().join("shadow"),
        "root:$6$PLANTEDSALT$hash:19000:0:99999:7:::\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("token.ron"),
        "SECRET-TOKEN-41f9 more words\n",
    )
    .unwrap();
    // And RON that is not a catalogue: a parse error would name its field.
    std::fs::write(
        dir.path().join("other.ron"),
        "(api_key: \"KEY-77c1\", hidden_field: 1)\n",
    )
    .unwrap();
    for (file, secrets) in [
        ("shadow", &["root", "PLANTEDSALT", "19000"][..]),
        ("token.ron", &["SECRET-TOKEN", "more words"][..]),
        ("other.ron", &["api_key", "KEY-77c1", "hidden_field"][..]),
    ] {
        session_naming(dir.path(), file);
        for command in ["check", "export"] {
            let args: &[&str] = if command == "export" {
                &["export", "s.ron", "--format", "md", "--out", "out.md"]
            } else {
                &["check", "s.ron"]
            };
            let run = gapwalk(args, dir.path());
            run.expect_code(2, command);
            assert!(
                run.stderr.contains(file) && run.stderr.contains("not a gapwalk catalogue"),
                "{command} {file}: {}",
                run.stderr
            );
            for secret in secrets {
                assert!(
                    !run.stderr.contains(secret) && !run.stdout.contains(secret),
                    "{command} echoed {secret:?} from {file}: {}",
                    run.stderr
                );
            }
        }
    }
}

#[test]
fn the_real_password_file_named_as_the_catalogue_shows_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    // Readable by everyone, first word `root`: what a planted session would aim at.
    session_naming(dir.path(), "/etc/passwd");
    let run = fs_support::run_within(
        fs_support::gapwalk_command(&["check", "s.ron"], dir.path()),
        Duration::from_secs(20),
    );
    run.expect_code(2, "check");
    assert!(run.stderr.contains("/etc/passwd"), "{}", run.stderr);
    assert!(!run.stderr.contains("root"), "{}", run.stderr);
}
