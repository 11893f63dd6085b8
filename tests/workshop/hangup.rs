//! A terminal that closes under a workshop (the window shut, the ssh connection dropped): the
//! workshop runs in a pseudo-terminal made by `script`, and `script` is killed outright, as
//! sshd or a terminal emulator dying would be. The kernel hangs the terminal up; the workshop
//! must end the way `q` does: the change reaches the file and the lock is released (issue 10).

use crate::common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gapwalk::persist;

fn wait_until(what: &str, limit: Duration, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_closed_terminal_ends_the_workshop_like_q() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    let lock = dir.path().join(".s.ron.gapwalk-lock");
    let command = format!(
        "stty rows 30 cols 120; exec {} open s.ron",
        env!("CARGO_BIN_EXE_gapwalk")
    );
    let mut script = Command::new("script");
    script
        .args(["-q", "-f", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("USER", "tester")
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = script
        .spawn()
        .expect("run script (util-linux), which makes the workshop's terminal");
    let mut input = child.stdin.take().unwrap();
    let mut output = child.stdout.take().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = output.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let shown = |text: &str| String::from_utf8_lossy(&seen.lock().unwrap()).contains(text);
    wait_until("the workshop", Duration::from_secs(20), || {
        shown("assessed")
    });
    assert!(lock.exists(), "the workshop holds the lock");
    // `p` asks why; the answer and Enter park it.
    input.write_all(b"powner to confirm\r").unwrap();
    input.flush().unwrap();
    wait_until("the flag", Duration::from_secs(20), || {
        shown("parked for follow-up")
    });
    // The terminal goes away at once: no chance for script to pass anything on.
    let status = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = child.wait();
    let flagged = |path: &Path| {
        persist::load(path).is_ok_and(|l| {
            l.session
                .assessment("5.1.1", &l.catalogue)
                .is_some_and(|a| a.flagged)
        })
    };
    wait_until(
        "the change to reach the file",
        Duration::from_secs(20),
        || flagged(&file),
    );
    wait_until("the lock to be released", Duration::from_secs(20), || {
        !lock.exists()
    });
}
