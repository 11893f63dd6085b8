//! What a facilitator's run through the real binary found (tmux, 80x24 and 120x40, the
//! example session): each a regression journey through a pseudo-terminal.

use std::path::Path;

use crate::common::{Pty, esc, gapwalk, gapwalk_ok, new_aws_session, new_session_file, run};
use gapwalk::session::{Assessment, Exclusion};

fn load(dir: &Path) -> gapwalk::persist::Loaded {
    gapwalk::persist::load(&dir.join("s.ron")).unwrap()
}

/// AWS's customer session at triage depth, open at `cols`x`rows`, the walk at its first
/// question.
fn walk_at_triage(dir: &Path, cols: u16, rows: u16) -> Pty {
    new_aws_session(dir);
    gapwalk_ok(dir, &["set", "s.ron", "session", "walk.depth=triage"]);
    let mut pty = Pty::open_session(dir, cols, rows);
    pty.send("w");
    pty.wait_text("Does this control apply to us?");
    pty
}

/// Esc leaves the walk, `q` quits past who attended; the first control the walk recorded,
/// as saved.
fn leave_for_the_first_assessed(mut pty: Pty, dir: &Path) -> Assessment {
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    load(dir)
        .session
        .assessments
        .into_iter()
        .find(|a| a.is_assessed())
        .expect("the walk recorded an answer")
}

fn last_line(pty: &Pty) -> String {
    pty.screen().lines().last().unwrap_or_default().to_string()
}

/// Several exclusion reasons: `+` then digits then Enter moves on (Enter used to look at the
/// inclusion reasons and refuse), the hint about toggling leaves the status bar with the
/// question, and the card says why the control is left out.
#[test]
fn several_exclusion_reasons_are_kept_and_the_card_says_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = walk_at_triage(dir.path(), 120, 40);
    pty.send("2");
    pty.wait_text("Why is it left out?");
    pty.send("+");
    pty.wait_text("several reasons: digits toggle");
    pty.send("12");
    pty.wait_text("● 2 risk not present");
    pty.send("\r");
    pty.wait_text("between controls");
    pty.wait_text("not applicable (no such asset or activity in scope, risk not");
    assert!(
        !last_line(&pty).contains("digits toggle"),
        "a stale hint: {}",
        last_line(&pty)
    );
    let first = leave_for_the_first_assessed(pty, dir.path());
    assert_eq!(
        first.exclusion_reasons,
        [Exclusion::NoAssetOrActivity, Exclusion::RiskNotPresent]
    );
    assert!(first.reasons.is_empty(), "no inclusion reason recorded");
}

/// The accountable owner given on one control is offered again on the next, as owners and
/// review dates are: → takes it.
#[test]
fn the_accountable_owner_given_before_is_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    new_aws_session(dir.path());
    let mut pty = Pty::open_session(dir.path(), 120, 40);
    pty.send("w");
    pty.wait_text("Does this control apply to us?");
    pty.send("11");
    pty.wait_text("Justification");
    pty.send("Required by our clients\r");
    pty.wait_text("accountable for it");
    pty.send("Ana Lima\r");
    pty.wait_text("For AWS: who holds");
    // Straight to the next control (PgDn passes through the card).
    pty.send("\x1b[6~");
    pty.wait_text("between controls");
    pty.send("\r");
    pty.wait_text("Does this control apply to us?");
    pty.send("11");
    pty.wait_text("Justification");
    pty.send("Also required\r");
    pty.wait_text("accountable for it");
    pty.wait_text("→ Ana Lima   (given before;");
    pty.send("\x1b[C\r");
    pty.wait_text("For AWS: who holds");
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    let loaded = load(dir.path());
    let owners: Vec<&str> = loaded
        .session
        .assessments
        .iter()
        .map(|a| a.accountable_owner.as_str())
        .collect();
    assert_eq!(owners, ["Ana Lima", "Ana Lima"]);
}

/// A stray key on a choice question is cleared by one Backspace, as the refusal says: the
/// message used to keep showing every stray key after a Backspace took one back, so a room saw
/// nothing change.
#[test]
fn one_backspace_clears_the_refused_keys_of_a_choice_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = walk_at_triage(dir.path(), 80, 24);
    pty.send("x3");
    pty.wait_text("\"x3\" is not an option");
    pty.send("\x7f");
    pty.wait_for("the refusal gone", |s| !s.contains("is not an option"));
    pty.send("2");
    pty.wait_text("Why is it left out?");
    let first = leave_for_the_first_assessed(pty, dir.path());
    assert_eq!(
        first.applicability,
        gapwalk::session::Applicability::NotApplicable
    );
}

/// A provider's session: the card between controls said what was recorded for AWS and left
/// out the line the walk had just asked from the provider's seat (who holds it between us and
/// our customers).
#[test]
fn the_card_says_what_was_recorded_for_each_offering_we_provide() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &[
            "--role",
            "csp",
            "--provider",
            "AWS",
            "--offering",
            "Payroll Cloud",
            "--facilitator",
            "Carla Dias",
        ],
    );
    gapwalk_ok(
        dir.path(),
        &["set", "s.ron", "session", "walk.depth=triage"],
    );
    let mut pty = Pty::open_session(dir.path(), 120, 40);
    pty.send("w");
    pty.wait_text("Does this control apply to us?");
    // Applicable, risk assessment, AWS provider-held, offering shared, implemented.
    pty.send("11");
    pty.wait_text("For AWS: who holds this control?");
    pty.send("2");
    pty.wait_text("For Payroll Cloud: who holds it between us and our customers?");
    pty.send("31");
    pty.wait_text("between controls");
    pty.wait_text("AWS: provider · Payroll Cloud (to");
    pty.wait_text("our customers): shared · implemented");
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
}

/// A control parked before the room could decide it (the walk's Ctrl-p on its first question)
/// was only "unassessed" in `gapwalk check`: the open follow-up was not a finding, so a CI gate
/// reading `parked` never saw it.
#[test]
fn a_control_parked_before_it_was_decided_is_a_parked_finding() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("assessed");
    pty.send("w");
    pty.wait_text("Does this control apply to us?");
    pty.send("\x10");
    pty.wait_text("for follow-up: why?");
    pty.send("Ask IT whether MFA covers break-glass\r");
    pty.wait_for("the park question to close", |s| {
        !s.contains("for follow-up: why?")
    });
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0);
    let check = run(gapwalk(dir.path()).args(["check", "s.ron", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let parked: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "parked")
        .map(|f| f["control"].as_str().unwrap())
        .collect();
    assert_eq!(parked, ["CLD.6.3.1"], "{}", check.stdout);
}
