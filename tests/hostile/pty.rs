//! Hardening journeys through the real binary in a pseudo-terminal: a crash by SIGKILL, two
//! instances on one session, a save that fails into a recovery copy, hostile text in a session
//! and its catalogue (asserted on the raw bytes written to the terminal), saving through a
//! symbolic link, and evidence pointers that nothing opens.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{Pty, esc, new_session_file};
use gapwalk::catalogue::Catalogue;
use gapwalk::persist;
use gapwalk::session::*;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir).args(args).output().unwrap()
}

/// Waits until the file satisfies `check`; returns how long that took.
fn wait_file(path: &Path, what: &str, check: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && check(&text)
        {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} never got {what}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn recovery_copies(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("state/gapwalk/recovery"))
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

#[test]
fn after_sigkill_the_autosaved_edit_is_on_disk_and_the_lock_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("0/132 assessed");
    pty.park("owner to confirm");
    pty.wait_text("5.1.1 parked for follow-up");
    // Autosave runs within three seconds of a change; the deadline here only guards the test.
    let took = wait_file(&file, "the flag", |t| t.contains("flagged: true"));
    eprintln!("the edit reached the disk after {took:?}");
    pty.kill_hard();

    let loaded = persist::load(&file).expect("the file loads after a crash");
    assert!(
        loaded
            .session
            .assessment("5.1.1", &loaded.catalogue)
            .is_some_and(|a| a.flagged)
    );
    let fmt = gapwalk(dir.path(), &["fmt", "--check", "s.ron"]);
    assert!(fmt.status.success(), "the crash left a non-canonical file");

    // An edit killed before its autosave is lost, but never the file: it still loads as it was.
    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    again.wait_text("took over the lock");
    assert!(!again.screen().contains("Open in another gapwalk"));
    again.send("j");
    again.wait_text("5.1.2 Review of the policies");
    again.park("owner to confirm");
    again.wait_text("5.1.2 parked");
    again.kill_hard();
    let loaded = persist::load(&file).expect("still loads");
    assert!(
        loaded
            .session
            .assessment("5.1.1", &loaded.catalogue)
            .is_some()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_second_instance_names_the_first_and_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    let mut first = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    first.wait_text("0/132 assessed");

    let mut second = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    second.wait_text("Open in another gapwalk");
    second.wait_text("since 20");
    let screen = second.screen();
    for part in ["`gapwalk open` (process", "of user", "tester", "on host"] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    second.wait_text("READ-ONLY");
    second.send("1");
    second.wait_for("the question to close", |s| !s.contains("Open in another"));
    second.send("p");
    second.wait_text("read-only: nothing can be changed");

    // Headless writers refuse too, naming the holder; readers are unaffected.
    let fmt = gapwalk(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(fmt.status.code(), Some(2));
    let err = String::from_utf8_lossy(&fmt.stderr);
    assert!(
        err.contains("is open in another gapwalk") && err.contains("(process "),
        "{err}"
    );
    assert_eq!(
        gapwalk(dir.path(), &["check", "s.ron"]).status.code(),
        Some(1)
    );

    // Looking on purpose takes no lock and asks nothing.
    let mut viewer = Pty::spawn(&["open", "--read-only", "s.ron"], dir.path(), 100, 30);
    viewer.wait_text("READ-ONLY");
    assert!(!viewer.screen().contains("Open in another gapwalk"));
    viewer.send("q");
    assert_eq!(viewer.wait_exit(), 0);

    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    first.park("owner to confirm");
    first.wait_text("5.1.1 parked");
    first.quit_past_parking_lot();
    assert_eq!(first.wait_exit(), 0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("flagged: true"));
    assert!(
        !dir.path().join(".s.ron.gapwalk-lock").exists(),
        "a clean exit removes the lock file"
    );
}

#[test]
fn a_second_instance_can_quit_instead() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let mut first = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    first.wait_text("0/132 assessed");
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let mut second = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    second.wait_text("Open in another gapwalk");
    second.send("2");
    assert_eq!(second.wait_exit(), 0);
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
}

/// A save that cannot complete, also for root (who ignores permissions): a folder where the
/// backup must go.
fn break_saves(dir: &Path) {
    let blocker = dir.join("s.ron.bak");
    std::fs::create_dir_all(blocker.join("in-the-way")).unwrap();
}

#[test]
fn a_failed_save_goes_to_a_recovery_copy_that_the_next_open_offers() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    let original = std::fs::read(&file).unwrap();
    break_saves(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 30);
    pty.wait_text("0/132 assessed");
    pty.park("owner to confirm");
    pty.wait_text("NOT SAVED");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 2);
    pty.wait_text("your changes are kept in the recovery copy");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        original,
        "the file was not touched"
    );
    assert_eq!(recovery_copies(dir.path()).len(), 1);

    // Headless commands warn that the file may lack work.
    std::fs::remove_dir_all(dir.path().join("s.ron.bak")).unwrap();
    let check = gapwalk(dir.path(), &["check", "s.ron"]);
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("a recovery copy written"), "{err}");

    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 30);
    again.wait_text("Unsaved work was kept in a recovery copy");
    again.wait_text("records for 1 control(s)");
    again.send("3");
    again.wait_text("5.1.1: recorded only in the copy");
    again.send("1");
    again.wait_text("recovery copy applied");
    wait_file(&file, "the recovered flag", |t| t.contains("flagged: true"));
    again.quit_past_parking_lot();
    assert_eq!(again.wait_exit(), 0);
    assert!(
        recovery_copies(dir.path()).is_empty(),
        "saved, so the copy is gone"
    );
}

#[test]
fn keeping_the_file_sets_the_copy_aside_and_stops_the_offer() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let file = dir.path().join("s.ron");
    break_saves(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 30);
    pty.wait_text("0/132 assessed");
    pty.park("owner to confirm");
    pty.wait_text("NOT SAVED");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 2);
    std::fs::remove_dir_all(dir.path().join("s.ron.bak")).unwrap();
    let before = std::fs::read(&file).unwrap();

    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 30);
    again.wait_text("Unsaved work was kept in a recovery copy");
    again.send("2");
    again.wait_text("the recovery copy is set aside");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains("flagged"),
        "keeping the file applied nothing"
    );
    assert_eq!(text.as_bytes(), before.as_slice());
    let copies = recovery_copies(dir.path());
    assert_eq!(copies.len(), 1);
    assert!(copies[0].to_string_lossy().contains(".set-aside-"));

    let mut third = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 30);
    third.wait_text("0/132 assessed");
    assert!(!third.screen().contains("recovery copy"));
    third.send("q");
    assert_eq!(third.wait_exit(), 0);
}

/// Text that would retitle the window, clear or reset the screen, start C1 escape sequences or
/// reverse the reading order, between markers that show where it was.
const HOSTILE: &str =
    "A<<\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}c\u{9b}2J\u{9d}0;PWNED\u{9c}\u{202e}\u{2066}>>Z";
/// The same text as a terminal may show it.
const SHOWN: &str = "A<<]0;PWNED[2Jc2J0;PWNED>>Z";

fn hostile_catalogue() -> String {
    format!(
        r#"(
    format_version: 1,
    id: "hostile",
    version: "1",
    title: {h:?},
    themes: [(id: "t", title: {h:?})],
    clauses: [(id: "1", title: {h:?})],
    controls: [
        (id: "1.1", title: {h:?}, clause: "1", themes: ["t"], customer_prompt: {h:?}, provider_prompt: {h:?}, text: {h:?}),
        (id: "1.2", title: "Plain control", clause: "1"),
    ],
)
"#,
        h = HOSTILE
    )
}

fn write_hostile_session(dir: &Path) {
    std::fs::write(dir.join("hostile-cat.ron"), hostile_catalogue()).unwrap();
    let cat = Catalogue::from_ron(&hostile_catalogue(), "hostile-cat.ron").unwrap();
    let h = HOSTILE.to_string();
    let mut s = Session::new(&h, &cat, Timestamp::from_unix(1_790_000_000).unwrap());
    s.catalogue.file = Some("hostile-cat.ron".into());
    s.meta.organisation = h.clone();
    s.meta.scope = h.clone();
    s.meta.facilitator = h.clone();
    s.meta.providers = vec![Provider {
        name: h.clone(),
        services: vec![h.clone()],
    }];
    s.meta.participants = vec![Participant {
        name: h.clone(),
        role: h.clone(),
        side: Side::Customer,
        speaks_for: String::new(),
    }];
    let mut a = Assessment::new("1.1");
    a.applicability = Applicability::Applicable;
    a.justification = h.clone();
    let r = a.responsibility_mut(&h);
    r.holder = Holder::Shared;
    r.customer_owner = h.clone();
    r.provider_owner = h.clone();
    r.inherited = h.clone();
    a.status = Status::Partial;
    a.gap = h.clone();
    a.notes = h.clone();
    a.evidence.push(Evidence {
        kind: EvidenceKind::File,
        location: h.clone(),
        description: h.clone(),
        as_of: None,
        added_by: h.clone(),
    });
    a.remediation = Some(Remediation {
        action: h.clone(),
        owner: h.clone(),
        due: None,
        priority: Priority::High,
    });
    a.flagged = true;
    a.changed_by = h.clone();
    s.apply(
        Edit::SetAssessment {
            control: "1.1".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    s.decisions.push(Decision {
        at: Timestamp::from_unix(1_790_000_100).unwrap(),
        by: h.clone(),
        control: Some("1.1".into()),
        text: h.clone(),
    });
    s.resume_at = Some("1.1".into());
    persist::save(&dir.join("s.ron"), &s).unwrap();
}

/// Bytes that must never reach a terminal from file text, whatever gapwalk draws itself.
fn assert_no_raw_escapes(bytes: &[u8], what: &str) {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let shown = String::from_utf8_lossy(bytes);
    let context = |needle: &str| {
        let at = shown.find(needle).unwrap_or(0);
        shown[at.saturating_sub(40)..(at + 40).min(shown.len())].to_string()
    };
    assert!(
        !has(b"\x1b]"),
        "{what}: an OSC sequence: {:?}",
        context("\u{1b}]")
    );
    assert!(!has(b"\x07"), "{what}: a BEL");
    assert!(!has(b"\x1bc"), "{what}: a terminal reset");
    // Right after payload text the drawing may move the cursor or change colour (ratatui
    // skips unchanged cells); any other escape there came from the file.
    for (at, _) in shown.match_indices("PWNED\u{1b}") {
        let rest = &shown[at + "PWNED".len()..];
        let sequence: String = rest
            .chars()
            .skip(2)
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        let end = rest.chars().nth(2 + sequence.chars().count());
        assert!(
            rest.starts_with("\u{1b}[") && matches!(end, Some('H' | 'm')),
            "{what}: an escape from the file right after payload text: {:?}",
            context("PWNED\u{1b}")
        );
    }
    for c1 in 0x80u8..=0x9f {
        assert!(!has(&[0xc2, c1]), "{what}: C1 control U+00{c1:02X}");
    }
    for bidi in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ] {
        let mut buf = [0u8; 4];
        assert!(
            !has(bidi.encode_utf8(&mut buf).as_bytes()),
            "{what}: bidi {bidi:?}"
        );
    }
}

#[test]
#[should_panic(expected = "an OSC sequence")]
fn the_raw_byte_check_catches_hostile_text_written_as_is() {
    assert_no_raw_escapes(format!("ok {HOSTILE} ok").as_bytes(), "raw");
}

#[test]
fn hostile_text_in_a_session_and_its_catalogue_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    write_hostile_session(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text("1/2 assessed");
    pty.wait_text("<<]0;PWNED");
    // Every view that shows file text: dashboard, jump, the edit form, the walk, the session
    // details, the filter list (owner names), help, presenter view.
    pty.send("d");
    pty.wait_text("Assessed by clause");
    pty.send("d");
    pty.send("/");
    pty.wait_text("Jump to a control");
    pty.send("PWN");
    esc(&mut pty);
    pty.send("\r");
    pty.wait_text("Evidence 1");
    esc(&mut pty);
    pty.send("w");
    pty.wait_text("Walk · 1.1");
    esc(&mut pty);
    pty.send("m");
    pty.wait_text("Participants");
    esc(&mut pty);
    pty.send("f");
    pty.wait_text("owner:");
    esc(&mut pty);
    pty.send("P");
    pty.wait_text("PRESENTER VIEW");
    pty.send("P");
    pty.send("?");
    pty.wait_text("Help · keys");
    esc(&mut pty);
    pty.wait_for("the list again", |s| {
        s.contains("1/2 assessed") && !s.contains("Help · keys")
    });
    // The screen was never cleared or reset behind the program's back.
    assert!(pty.screen().contains(" gapwalk "));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let raw = pty.raw_output();
    assert!(
        String::from_utf8_lossy(&raw).contains(SHOWN) || pty.screen().contains("<<]0;PWNED"),
        "the text itself is shown, defused"
    );
    assert_no_raw_escapes(&raw, "workshop screen");
}

#[test]
fn hostile_text_never_reaches_the_terminal_from_headless_commands() {
    let dir = tempfile::tempdir().unwrap();
    write_hostile_session(dir.path());
    let mut bad_catalogue =
        hostile_catalogue().replace("clause: \"1\", themes", "clause: \"9\", themes");
    bad_catalogue = bad_catalogue.replace(
        "id: \"1.2\", title: \"Plain control\", clause: \"1\"",
        &format!("id: {HOSTILE:?}, title: \"Plain\", clause: \"1\", category: Some(\"none\")"),
    );
    std::fs::write(dir.path().join("bad-cat.ron"), bad_catalogue).unwrap();
    let mut bad_session = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    bad_session = bad_session.replacen("control: \"1.1\"", &format!("control: {HOSTILE:?}"), 1);
    std::fs::write(dir.path().join("bad.ron"), bad_session).unwrap();
    for args in [
        vec!["check", "s.ron"],
        vec!["check", "s.ron", "--format", "json"],
        vec!["stats", "s.ron"],
        vec!["stats", "s.ron", "--format", "json"],
        vec!["fmt", "--check", "bad.ron"],
        vec!["catalogue", "show", "hostile-cat.ron"],
        vec!["catalogue", "show", "hostile-cat.ron", "--format", "json"],
        vec!["catalogue", "check", "hostile-cat.ron"],
        vec!["catalogue", "check", "bad-cat.ron"],
        vec!["check", "bad.ron"],
        vec!["new", "n.ron", "--catalogue", "bad-cat.ron"],
    ] {
        let out = gapwalk(dir.path(), &args);
        let what = args.join(" ");
        assert_no_raw_escapes(&out.stdout, &format!("{what} stdout"));
        assert_no_raw_escapes(&out.stderr, &format!("{what} stderr"));
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "{what} said nothing"
        );
    }
    // JSON keeps the data exact: escaped, not dropped.
    let json = gapwalk(dir.path(), &["check", "s.ron", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(findings.to_string().contains("1.1"));
    let shown = gapwalk(
        dir.path(),
        &["catalogue", "show", "hostile-cat.ron", "--format", "json"],
    );
    let controls: Vec<serde_json::Value> = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(controls[0]["title"], HOSTILE);
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_updates_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let out = gapwalk(&real, &["new", "target.ron", "--provider", "AWS"]);
    assert!(out.status.success());
    let link = dir.path().join("s.ron");
    std::os::unix::fs::symlink("real/target.ron", &link).unwrap();

    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("0/132 assessed");
    pty.park("owner to confirm");
    pty.wait_text("5.1.1 parked");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0);
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("real/target.ron")
    );
    let target = std::fs::read_to_string(real.join("target.ron")).unwrap();
    assert!(target.contains("flagged: true"));
    assert!(
        real.join("target.ron.bak").exists(),
        "the backup sits next to the target"
    );
}

/// Every program a desktop uses to open a path or URL, replaced by one that leaves a mark.
fn fake_openers(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let marker = dir.join("opened.marker");
    let script = format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\n", marker.display());
    for name in [
        "xdg-open",
        "open",
        "gio",
        "sensible-browser",
        "x-www-browser",
        "www-browser",
        "wslview",
        "evil-browser",
        "evil.sh",
    ] {
        let path = bin.join(name);
        std::fs::write(&path, &script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::copy(bin.join("evil.sh"), dir.join("evil.sh")).unwrap();
    (bin, marker)
}

#[cfg(unix)]
#[test]
fn evidence_pointers_are_never_opened_or_run() {
    let dir = tempfile::tempdir().unwrap();
    let (bin, marker) = fake_openers(dir.path());
    let (mut s, cat) = common::fixture();
    let mut a = s.assessment("9.2.3", &cat).unwrap().clone();
    for location in [
        "./evil.sh",
        "evil.sh",
        &format!("file://{}/evil.sh", dir.path().display()),
        "https://evidence.invalid/report",
        "$(evil.sh)",
        "`evil.sh`",
    ] {
        a.evidence.push(Evidence {
            kind: EvidenceKind::File,
            location: location.into(),
            description: "pointer".into(),
            as_of: None,
            added_by: "Ana Lima".into(),
        });
    }
    s.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    persist::save(&dir.path().join("s.ron"), &s).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = [("PATH", path.as_str()), ("BROWSER", "evil-browser")];
    let mut pty = Pty::spawn_with_env(&["open", "s.ron"], dir.path(), 120, 40, &env);
    pty.wait_text("9.2.3");
    pty.wait_text("./evil.sh");
    // Enter on every field of the edit form, where the evidence lines are, then the walk.
    pty.send("\r");
    pty.wait_text("Evidence 1");
    for _ in 0..40 {
        pty.send("\r\r\t");
    }
    // The keys above may still be queued on a loaded machine: wait for Esc to be taken on its
    // own before the next key, which would otherwise arrive with it as Alt+key.
    esc(&mut pty);
    pty.wait_for("the edit form to close", |s| !s.contains("Edit 9.2.3"));
    pty.send("w");
    pty.wait_text("Walk · 9.2.3");
    for _ in 0..20 {
        pty.send("\r\t");
    }
    esc(&mut pty);
    pty.wait_for("the walk to close", |s| !s.contains("Walk · 9.2.3"));
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    for args in [["check", "s.ron"], ["stats", "s.ron"]] {
        crate::common::gapwalk(dir.path())
            .args(args)
            .env("PATH", &path)
            .env("BROWSER", "evil-browser")
            .output()
            .unwrap();
    }
    assert!(
        !marker.exists(),
        "something was opened: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
}
