//! Broken and hostile files: mutated, truncated, deeply nested, huge junk, endless, wrong
//! encoding. Every one gets exit 2 and a located message from the real binary, with no panic,
//! no stack overflow, no hang and bounded memory; thousands more go through the parsers in
//! process, where a panic fails the test.

use crate::common;

use common::Rng;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use gapwalk::catalogue::Catalogue;
use gapwalk::persist;

/// Runs the binary under a memory ceiling, failing the test if it runs past `secs`.
fn gapwalk_bounded(dir: &Path, args: &[&str], secs: u64) -> Output {
    // 768 MB of address space: far above what a 64 MiB file needs, far below unbounded growth.
    let script = format!(
        "ulimit -v 786432; exec '{}' \"$@\"",
        env!("CARGO_BIN_EXE_gapwalk")
    );
    let child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("gapwalk")
        .args(args)
        .current_dir(dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Output is collected while the program runs, so a full pipe never stalls it.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("gapwalk {args:?} hung");
        }
    }
}

/// Exit 2, a `file:line:column:` message, and no sign of a crash.
fn assert_refused(out: &Output, file: &str, what: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    let prefix = format!("gapwalk: {file}:");
    assert!(err.starts_with(&prefix), "{what}: not located: {err}");
    let rest = &err[prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let column: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line >= 1 && column >= 1, "{what}: {err}");
    err
}

fn session_text() -> String {
    persist::to_canonical(&common::fixture().0).unwrap()
}

fn catalogue_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/catalogues/iso27001-2022.ron"
    ))
    .unwrap()
}

#[test]
fn deeply_nested_files_are_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let n = 300_000;
    let cases = [
        (
            "square.ron",
            format!(
                "(format_version: 1, meta: {}{})",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
        (
            "round.ron",
            format!("(format_version: 1, x: {})", "(".repeat(n)),
        ),
        (
            "some.ron",
            format!(
                "(format_version: 1, meta: (title: {}\"x\"",
                "Some(".repeat(n)
            ),
        ),
        ("open.ron", "[".repeat(n)),
        (
            "deep-assessment.ron",
            session_text().replacen("flagged: true", &format!("flagged: {}", "[".repeat(n)), 1),
        ),
    ];
    for (name, text) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = gapwalk_bounded(dir.path(), &["check", name], 60);
        assert_refused(&out, name, name);
        let cat_out = gapwalk_bounded(dir.path(), &["catalogue", "check", name], 60);
        assert_refused(&cat_out, name, name);
    }
    let out = gapwalk_bounded(dir.path(), &["check", "square.ron"], 60);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nested too deeply"), "{err}");
}

#[test]
fn tens_of_megabytes_of_junk_are_refused_quickly_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut junk = Vec::with_capacity(40 << 20);
    while junk.len() < 40 << 20 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        junk.extend_from_slice(&state.to_le_bytes());
    }
    std::fs::write(dir.path().join("binary.ron"), &junk).unwrap();
    let text_junk: Vec<u8> = junk
        .iter()
        .map(|b| b" ([{\"a1,:)]}\n"[(*b % 13) as usize])
        .collect();
    std::fs::write(dir.path().join("text.ron"), &text_junk).unwrap();
    let long_string = format!(
        "(format_version: 1, meta: (title: \"{}\"",
        "a".repeat(40 << 20)
    );
    std::fs::write(dir.path().join("string.ron"), long_string).unwrap();
    for name in ["binary.ron", "text.ron", "string.ron"] {
        for args in [
            vec!["check", name],
            vec!["fmt", name],
            vec!["catalogue", "check", name],
        ] {
            let out = gapwalk_bounded(dir.path(), &args, 120);
            assert_refused(&out, name, &args.join(" "));
        }
    }
}

#[test]
fn a_file_past_the_size_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: the test writes nothing, the size alone must stop gapwalk.
    file.set_len(gapwalk::textfile::MAX_SESSION_BYTES + 1)
        .unwrap();
    drop(file);
    for args in [
        vec!["check", "huge.ron"],
        vec!["open", "huge.ron"],
        vec!["catalogue", "show", "huge.ron"],
    ] {
        let out = gapwalk_bounded(dir.path(), &args, 30);
        let err = assert_refused(&out, "huge.ron", &args.join(" "));
        assert!(err.contains("more than the 64 MiB"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let out = gapwalk_bounded(dir.path(), &["check", "/dev/zero"], 60);
    let err = assert_refused(&out, "/dev/zero", "/dev/zero");
    assert!(err.contains("larger than that"), "{err}");
}

#[test]
fn a_catalogue_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = catalogue_text().into_bytes();
    let at = bytes.len() / 2;
    bytes[at] = 0xff;
    std::fs::write(dir.path().join("cat.ron"), &bytes).unwrap();
    let out = gapwalk_bounded(dir.path(), &["catalogue", "check", "cat.ron"], 30);
    let err = assert_refused(&out, "cat.ron", "non-UTF-8 catalogue");
    assert!(err.contains("not UTF-8"), "{err}");
    let line = String::from_utf8_lossy(&bytes[..at]).matches('\n').count() + 1;
    assert!(
        err.starts_with(&format!("gapwalk: cat.ron:{line}:")),
        "{err}"
    );
}

#[test]
fn every_truncation_of_a_session_is_refused_with_a_place_in_the_text() {
    let text = session_text();
    let mut cut = 0;
    // A prefix that lacks only trailing whitespace is still a whole file; any shorter must fail.
    while !text[cut..].trim().is_empty() {
        if text.is_char_boundary(cut) {
            let prefix = &text[..cut];
            let result = persist::parse(prefix, "t.ron").and_then(|s| {
                let cat = gapwalk::catalogue::default_catalogue();
                persist::validate(s, &cat, prefix, "t.ron")
            });
            match result {
                Err(persist::PersistError::Invalid(located)) => {
                    let lines = prefix.lines().count().max(1);
                    assert!(
                        located.line <= lines + 1,
                        "cut at {cut}: line {} past the end",
                        located.line
                    );
                }
                Err(other) => panic!("cut at {cut}: unexpected {other}"),
                Ok(_) => panic!("cut at {cut}: a truncated session loaded"),
            }
        }
        cut += 3;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cut.ron"), &text[..text.len() / 2]).unwrap();
    let out = gapwalk_bounded(dir.path(), &["check", "cut.ron"], 30);
    let err = assert_refused(&out, "cut.ron", "truncated");
    assert!(err.contains("ends too early"), "{err}");
}

fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let pieces: [&[u8]; 12] = [
        b"(", b")", b"[", b"]", b"\"", b",", b":", b"Some(", b"\\", b"r#\"", b"\xff", b"\x00",
    ];
    for _ in 0..1 + rng.index(4) {
        let at = rng.index(bytes.len());
        match rng.index(4) {
            0 => bytes[at] = rng.next() as u8,
            1 => {
                let end = (at + rng.index(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let piece = pieces[rng.index(pieces.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            _ => {
                let from = rng.index(bytes.len());
                let end = (from + rng.index(80)).min(bytes.len());
                let chunk: Vec<u8> = bytes[from..end].to_vec();
                bytes.splice(at..at, chunk);
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

#[test]
fn thousands_of_mutated_sessions_and_catalogues_load_or_fail_cleanly() {
    let session = session_text();
    let catalogue = catalogue_text();
    let cat = gapwalk::catalogue::default_catalogue();
    let mut rng = Rng(27017);
    let (mut loaded, mut refused) = (0, 0);
    for _ in 0..3_000 {
        let bytes = mutate(&session, &mut rng);
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match persist::parse(text, "m.ron").and_then(|s| persist::validate(s, &cat, text, "m.ron"))
        {
            Ok(s) => {
                loaded += 1;
                let canonical = persist::to_canonical(&s).unwrap();
                let again = persist::parse(&canonical, "c.ron").unwrap();
                assert_eq!(
                    persist::validate(again, &cat, &canonical, "c.ron").unwrap(),
                    s
                );
            }
            Err(e) => {
                refused += 1;
                assert!(e.to_string().starts_with("m.ron"), "{e}");
            }
        }
    }
    for _ in 0..600 {
        let bytes = mutate(&catalogue, &mut rng);
        if let Ok(text) = std::str::from_utf8(&bytes)
            && let Err(e) = Catalogue::from_ron(text, "c.ron")
        {
            assert!(e.to_string().contains("c.ron"), "{e}");
        }
    }
    // Both outcomes happen, so the mutations are neither all harmless nor all fatal.
    assert!(
        loaded > 0 && refused > 0,
        "loaded {loaded}, refused {refused}"
    );

    // A sample through the binary: exit 2 and a located message whenever it does not load.
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    while checked < 12 {
        let bytes = mutate(&session, &mut rng);
        std::fs::File::create(dir.path().join("m.ron"))
            .unwrap()
            .write_all(&bytes)
            .unwrap();
        let out = gapwalk_bounded(dir.path(), &["check", "m.ron"], 30);
        if out.status.code() == Some(2) {
            assert_refused(&out, "m.ron", "mutated session");
            checked += 1;
        } else {
            assert!(matches!(out.status.code(), Some(0 | 1)));
        }
    }
}

#[test]
fn a_huge_hostile_catalogue_with_a_problem_per_control_is_checked_in_linear_time() {
    // 60,000 controls, each naming a missing clause and theme: a check that rescanned the file
    // per problem would take minutes; the deadline below allows a slow debug build.
    let mut text = String::from(
        "(format_version: 1, id: \"big\", version: \"1\", title: \"Big\", clauses: [(id: \"1\", title: \"One\")], controls: [\n",
    );
    for i in 0..60_000 {
        text.push_str(&format!(
            "(id: \"c{i}\", title: \"Control {i}\", clause: \"x{i}\", themes: [\"t{i}\"], iso27001_2022: [\"9.{i}\"]),\n"
        ));
    }
    text.push_str("])\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.ron"), &text).unwrap();
    let out = gapwalk_bounded(dir.path(), &["catalogue", "check", "big.ron"], 120);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 180_000);
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("big.ron:60001:"), "{last}");
}

#[test]
fn a_large_session_loads_its_own_catalogue_even_behind_a_decoy() {
    // Large files have their catalogue loaded early from a quick look at the text; a decoy
    // `catalogue` block inside a string must not decide which catalogue the session gets.
    let (mut s, _) = common::fixture();
    let decoy = "x\n    catalogue: (\n        id: \"iso27001-2022\",\n        version: \"2022\",\n        hash: \"sha256:0\",\n    ),\ny";
    s.meta.title = decoy.into();
    s.meta.scope = "padding ".repeat(200_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    // Written by hand with the decoy's newlines raw, as a person might lay a file out.
    let text = persist::to_canonical(&s)
        .unwrap()
        .replace(&format!("{decoy:?}"), &format!("r#\"{decoy}\"#"));
    assert!(
        text.len() > 1 << 20 && text.contains("\n    catalogue: (\n        id: \"iso27001-2022\"")
    );
    std::fs::write(&path, &text).unwrap();
    let loaded = persist::load(&path).unwrap();
    assert_eq!(loaded.catalogue.id, "iso27017-2015");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.session, s);
}

#[cfg(unix)]
#[test]
fn a_pipe_named_as_a_session_or_its_catalogue_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.ron"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = gapwalk_bounded(dir.path(), &["check", "pipe.ron"], 30);
    let err = assert_refused(&out, "pipe.ron", "a pipe");
    assert!(err.contains("pipe or socket"), "{err}");
    // A session can name any path as its catalogue file.
    let text = persist::to_canonical(&common::fixture().0)
        .unwrap()
        .replace(
            "    catalogue: (\n",
            "    catalogue: (\n        file: Some(\"pipe.ron\"),\n",
        );
    std::fs::write(dir.path().join("s.ron"), text).unwrap();
    let out = gapwalk_bounded(dir.path(), &["check", "s.ron"], 30);
    assert_eq!(out.status.code(), Some(2));
    // A catalogue path in a session opens only a regular file.
    assert!(String::from_utf8_lossy(&out.stderr).contains("a pipe (FIFO), not a regular file"));
}
