//! End-to-end journeys through the real binary in a pseudo-terminal, read as a person reads the
//! screen. Waits are for screen conditions with deadlines, never fixed sleeps, except the short
//! pause after Esc that keeps the next key from arriving as Alt+key.

use crate::common;

use std::path::Path;

use common::{Pty, esc, new_session_file};
use gapwalk::session::{Applicability, EvidenceKind, Holder, Reason, Status};

#[test]
fn a_full_walk_of_one_control_is_saved_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--title", "Walk test", "--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("0/132 assessed");
    pty.wait_text("5.1.1 Policies for information security");
    // Nothing recorded yet: the walk starts where the default agenda starts.
    pty.send("w");
    pty.wait_text("Walk · CLD.6.3.1");
    pty.wait_text("Does this control apply to us?");
    pty.send("1");
    pty.wait_text("Why?");
    // `+` first: several reasons, digits toggle; take one back, then Enter moves on.
    pty.send("+2");
    pty.wait_text("● 2 legal or regulatory");
    pty.send("3");
    pty.wait_text("● 3 contractual");
    pty.send("3");
    pty.wait_for("contractual off again", |s| !s.contains("● 3 contractual"));
    pty.send("\r");
    pty.wait_text("Justification, in a sentence");
    pty.send("Our bank contract requires a written split\r");
    pty.wait_text("accountable for it");
    pty.send("Ana Lima\r");
    pty.wait_text("Enter again to add it as a new name");
    pty.send("\r");
    pty.wait_text("For AWS: who holds this control?");
    pty.send("3");
    pty.wait_text("who owns it on our (customer) side?");
    // "Ana Lima" is known now (the accountable owner); a name nobody has used yet is
    // confirmed with a second Enter.
    pty.send("Ana Lima\r");
    pty.wait_text("who owns it on the provider side?");
    pty.send("AWS security\r");
    pty.wait_text("is not a name this session knows");
    pty.send("\r");
    pty.wait_text("what do we inherit from the provider?");
    pty.send("Their half of the matrix\r");
    pty.wait_text("what must we still do ourselves?");
    pty.send("Our half of the matrix\r");
    pty.wait_text("the provider's evidence");
    pty.send("AWS Artifact SOC 2\r");
    pty.wait_text("How far is it implemented?");
    pty.send("1");
    pty.wait_text("Evidence: a link, file, ticket");
    pty.send("https://wiki.example/policy\r");
    pty.wait_text("As of which date");
    pty.wait_text("kind: URL (guessed)");
    pty.send("\r");
    pty.wait_text("add more or press Enter");
    pty.send("\r");
    pty.wait_text("Next review date");
    pty.send("2027-05-01\r");
    pty.wait_text("What event forces a re-review");
    pty.send("Board changes the policy\r");
    pty.wait_text("Escalation path");
    pty.send("CISO, then the board\r");
    // The card between controls: nothing typed here is an answer.
    pty.wait_text("between controls");
    pty.wait_text("Recorded: CLD.6.3.1: applicable (legal or regulatory)");
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.wait_text("1/132 assessed");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);

    let loaded = gapwalk::persist::load(&dir.path().join("s.ron")).unwrap();
    let a = loaded
        .session
        .assessment("CLD.6.3.1", &loaded.catalogue)
        .expect("CLD.6.3.1 recorded")
        .clone();
    assert_eq!(a.applicability, Applicability::Applicable);
    assert_eq!(a.reasons, [Reason::LegalRegulatory]);
    assert_eq!(
        a.justification,
        "Our bank contract requires a written split"
    );
    let r = a.responsibility("AWS").unwrap();
    assert_eq!(r.holder, Holder::Shared);
    assert_eq!(r.customer_owner, "Ana Lima");
    assert_eq!(r.provider_owner, "AWS security");
    assert_eq!(r.inherited, "Their half of the matrix");
    assert_eq!(r.customer_duty, "Our half of the matrix");
    assert_eq!(r.provider_evidence, "AWS Artifact SOC 2");
    assert_eq!(a.status, Status::Implemented);
    assert_eq!(a.evidence.len(), 1);
    assert_eq!(a.evidence[0].kind, EvidenceKind::Url);
    assert_eq!(a.evidence[0].location, "https://wiki.example/policy");
    assert_eq!(a.evidence[0].added_by, "tester");
    assert!(a.evidence[0].as_of.is_some());
    assert_eq!(a.next_review, Some(common::date("2027-05-01")));
    assert_eq!(a.change_trigger, "Board changes the policy");
    assert_eq!(a.escalation, "CISO, then the board");
    assert_eq!(a.changed_by, "tester");
    // The saved file is canonical, so it diffs cleanly.
    let fmt = crate::common::gapwalk(dir.path())
        .args(["fmt", "--check", "s.ron"])
        .output()
        .unwrap();
    assert!(fmt.status.success());
}

#[test]
fn quitting_and_reopening_resumes_at_the_same_control() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("5.1.1 Policies for information security");
    pty.send("jjjjj");
    pty.wait_text("6.1.4 Contact with special interest groups");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    assert!(text.contains("resume_at: Some(\"6.1.4\")"), "{text}");

    let mut again = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    again.wait_text("6.1.4 Contact with special interest groups");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn a_resize_storm_does_not_break_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("0/132 assessed");
    let sizes = [
        (200, 60),
        (20, 5),
        (1, 1),
        (80, 24),
        (39, 9),
        (120, 40),
        (10, 3),
        (81, 25),
    ];
    for round in 0..5 {
        for (cols, rows) in sizes {
            pty.resize(cols, rows);
        }
        // Popups must survive resizing too.
        if round == 2 {
            pty.resize(80, 24);
            pty.send("?");
            pty.wait_text("Help · keys");
        }
    }
    pty.resize(80, 24);
    pty.wait_text("Help · keys");
    esc(&mut pty);
    pty.wait_for("the list again", |s| {
        s.contains("0/132 assessed") && !s.contains("Help · keys")
    });
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(!pty.screen().contains("panicked"));
    // Redrawing never asks the terminal where its cursor is: a terminal slow to answer, or
    // one that never does, must not stop the workshop.
    let raw = pty.raw_output();
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[6n"),
        "the program queried the cursor position"
    );
}

#[test]
fn the_start_screen_creates_a_session_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    pty.send("\r");
    pty.send("Pilot workshop\r");
    pty.wait_text("Pilot workshop");
    // Providers is the seventh field; we are on Organisation now.
    pty.send("\x1b[B\x1b[B\x1b[B\x1b[B\r");
    pty.send("AWS, Azure\r");
    pty.wait_text("AWS, Azure");
    pty.send("\x1b[B\x1b[B\x1b[B\x1b[B");
    pty.wait_text("Create and open");
    pty.send("\r");
    pty.wait_text("0/132 assessed");
    pty.wait_text("Pilot workshop");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("workshop.ron")).unwrap();
    assert_eq!(loaded.session.meta.title, "Pilot workshop");
    assert_eq!(loaded.session.provider_names(), ["AWS", "Azure"]);

    let mut again = Pty::spawn(&[], dir.path(), 100, 30);
    again.wait_text("workshop.ron");
    again.wait_text("Pilot workshop · 0/132 assessed");
    again.send("\r");
    again.wait_text("5.1.1 Policies for information security");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn the_start_screen_opens_a_file_by_path_and_creates_on_another_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    std::fs::copy(&example, dir.path().join("demo.ron")).unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Open a session file");
    pty.send("o");
    pty.wait_text("Session file to open:");
    pty.send("no-such.ron\r");
    pty.wait_text("cannot read");
    pty.send("o");
    pty.send("demo.ron\r");
    pty.wait_text("41/132 assessed");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    let mut again = Pty::spawn(&[], dir.path(), 100, 30);
    again.wait_text("demo.ron");
    again.send("n");
    again.wait_text("New session");
    // Up to File, then down to the catalogue (the sixth field), where 2 picks the second one.
    again.send("\x1b[A\r");
    // The field holds "workshop.ron"; delete it as a user would, then type the new name.
    again.send(&"\x7f".repeat("workshop.ron".len()));
    again.send("annex.ron\r");
    again.send("\x1b[B\x1b[B\x1b[B\x1b[B2");
    again.wait_text("iso27001-2022");
    again.send("\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\r");
    again.wait_text("0/93 assessed");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("annex.ron")).unwrap();
    assert_eq!(loaded.session.catalogue.id, "iso27001-2022");
}

#[test]
fn with_mouse_on_a_click_selects_a_control_and_quitting_turns_mouse_reporting_off() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron", "--mouse"], dir.path(), 100, 30);
    pty.wait_text("0/132 assessed");
    assert_ne!(
        pty.parser.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is on"
    );
    let row = pty
        .screen()
        .lines()
        .position(|l| l.contains("6.1.3 "))
        .expect("6.1.3 in the list");
    // An SGR press and release of the left button, 1-based column and row.
    pty.send(&format!("\x1b[<0;8;{r}M\x1b[<0;8;{r}m", r = row + 1));
    pty.wait_text("6.1.3 Contact with authorities");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(
        pty.parser.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the terminal gets its mouse back"
    );
}

#[test]
fn without_a_terminal_the_screen_refuses_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::gapwalk(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs an interactive terminal"), "{err}");
}
