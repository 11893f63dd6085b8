//! The walk through the real binary in a pseudo-terminal, as a facilitator types it: key budgets
//! counted key by key (the measuring program behind docs/performance.md's walk figures), answers
//! read back from the saved file, slips that must record nothing, a theme filter the walk never
//! leaves, and resuming after a triage pass.

use crate::common;

use std::path::Path;

use common::{Pty, esc, new_session_file};
use gapwalk::session::{Applicability, Holder, Reason, Status};

fn set(dir: &Path, args: &[&str]) {
    crate::common::gapwalk_ok(dir, &[&["set"], args].concat());
}

/// Sends keys and counts them the way the budgets do: a key is one key; a typed answer and
/// the Enter that ends it are text and not counted.
struct Counter<'a> {
    pty: &'a mut Pty,
    keys: usize,
}

impl Counter<'_> {
    fn key(&mut self, key: &str, then: &str) {
        self.keys += 1;
        self.pty.send(key);
        self.pty.wait_text(then);
    }

    fn text(&mut self, text: &str, then: &str) {
        self.pty.send(text);
        self.pty.send("\r");
        self.pty.wait_text(then);
    }
}

fn load(dir: &Path) -> gapwalk::persist::Loaded {
    gapwalk::persist::load(&dir.join("s.ron")).unwrap()
}

fn agenda(dir: &Path) -> Vec<String> {
    let loaded = load(dir);
    gapwalk::walkplan::agenda_order(&loaded.catalogue, &loaded.session.meta.agenda)
        .into_iter()
        .map(|i| loaded.catalogue.controls[i].id.clone())
        .collect()
}

/// The status bar's progress, whatever the size of the default catalogue.
fn assessed(dir: &Path, n: usize) -> String {
    format!("{n}/{} assessed", load(dir).catalogue.controls.len())
}

fn quit(pty: &mut Pty) {
    esc(pty);
    pty.wait_text("left the walk");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_triage_pass_costs_five_keys_a_control_with_one_provider_and_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    set(dir.path(), &["s.ron", "session", "walk.depth=triage"]);
    let order = agenda(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text(&assessed(dir.path(), 0));
    let mut per_control = Vec::new();
    for (k, id) in order.iter().take(3).enumerate() {
        let mut c = Counter {
            pty: &mut pty,
            keys: 0,
        };
        // The key that starts the control: `w` for the first, Enter on the card after.
        c.key(if k == 0 { "w" } else { "\r" }, &format!("Walk · {id}"));
        c.key("1", "Why?");
        c.key("4", "For AWS: who holds");
        c.key("3", "How far is it implemented?");
        c.key("2", "between controls");
        per_control.push(c.keys);
    }
    eprintln!("triage, one provider: keys per control {per_control:?}");
    assert!(per_control.iter().all(|&k| k <= 5), "{per_control:?}");
    quit(&mut pty);
    let loaded = load(dir.path());
    for id in order.iter().take(3) {
        let a = loaded.session.assessment(id, &loaded.catalogue).unwrap();
        assert_eq!(a.applicability, Applicability::Applicable, "{id}");
        assert_eq!(a.reasons, [Reason::BusinessNeed], "{id}");
        assert_eq!(
            a.responsibility("AWS").unwrap().holder,
            Holder::Shared,
            "{id}"
        );
        assert_eq!(a.status, Status::Partial, "{id}");
    }
    // Reopened, the walk goes on with the next control of the agenda, not the first.
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text(&assessed(dir.path(), 3));
    pty.send("w");
    pty.wait_text(&format!("Walk · {}", order[3]));
    // Nothing changed in this open: no meeting to ask about, `q` leaves.
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_triage_pass_with_two_providers_costs_six_keys_and_copies_a_line_with_one() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS", "--provider", "GCP"]);
    set(dir.path(), &["s.ron", "session", "walk.depth=triage"]);
    let order = agenda(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text(&assessed(dir.path(), 0));
    let mut c = Counter {
        pty: &mut pty,
        keys: 0,
    };
    c.key("w", &format!("Walk · {}", order[0]));
    c.key("1", "Why?");
    c.key("3", "For AWS: who holds");
    c.key("2", "For GCP: who holds");
    c.key("=", "How far is it implemented?");
    c.key("1", "between controls");
    let keys = c.keys;
    eprintln!("triage, two providers: {keys} keys");
    assert!(keys <= 6, "{keys}");
    quit(&mut pty);
    let loaded = load(dir.path());
    let a = loaded
        .session
        .assessment(&order[0], &loaded.catalogue)
        .unwrap();
    assert_eq!(a.responsibility("GCP").unwrap().holder, Holder::Provider);
    assert_eq!(a.status, Status::Implemented);
}

#[test]
fn a_full_record_of_a_shared_control_with_two_providers_fits_fourteen_keys_without_the_form() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &[
            "--provider",
            "AWS",
            "--provider",
            "GCP",
            "--facilitator",
            "Ana Lima",
        ],
    );
    // The people in the room are known, so no name is confirmed as new.
    for (name, side, speaks_for) in [
        ("Bruno Costa", "customer", ""),
        ("AWS TAM", "provider", "AWS"),
        ("GCP TAM", "provider", "GCP"),
    ] {
        set(
            dir.path(),
            &[
                "s.ron",
                "session",
                &format!(
                    "participant=(name: \"{name}\", side: {side}, speaks_for: \"{speaks_for}\")"
                ),
                "--item",
                name,
            ],
        );
    }
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text(&assessed(dir.path(), 0));
    let mut c = Counter {
        pty: &mut pty,
        keys: 0,
    };
    c.key("w", "Walk · CLD.6.3.1");
    c.key("1", "Why?");
    c.key("3", "Justification");
    c.text("Our contract splits the duties", "accountable for it");
    c.text("Ana Lima", "For AWS: who holds");
    c.key("3", "our (customer) side");
    c.text("Ana Lima", "on the provider side");
    c.text("AWS TAM", "what do we inherit");
    c.text("Physical and host security", "what must we still do");
    c.text("Configure IAM and logging", "the provider's evidence");
    c.text("SOC 2 Type II 2026", "For GCP: who holds");
    c.key("=", "For GCP: who owns it on the provider side");
    c.text("GCP TAM", "For GCP: the provider's evidence");
    c.text("ISO 27001 certificate", "How far is it implemented?");
    c.key("2", "Evidence: a link");
    c.text("https://wiki.example/raci", "As of which date");
    c.key("\r", "add more or press Enter");
    c.key("\r", "What exactly is missing?");
    c.text("GCP logging not configured", "Remediate the gap");
    c.key("1", "what will be done?");
    c.text("Turn on audit logs in GCP", "Who owns the remediation?");
    c.text("Bruno Costa", "Due date");
    c.text("2027-03-31", "Priority of the remediation");
    c.key("2", "Next review date");
    c.text("2027-06-30", "What event forces a re-review");
    c.text("A new provider or service", "Escalation path");
    c.text("CISO, then the provider's TAM", "between controls");
    let keys = c.keys;
    eprintln!("full shared record, two providers: {keys} keys besides typed answers");
    assert!(keys <= 14, "{keys}");
    quit(&mut pty);
    let loaded = load(dir.path());
    let a = loaded
        .session
        .assessment("CLD.6.3.1", &loaded.catalogue)
        .unwrap();
    assert_eq!(a.reasons, [Reason::Contractual]);
    assert_eq!(a.justification, "Our contract splits the duties");
    assert_eq!(a.accountable_owner, "Ana Lima");
    let aws = a.responsibility("AWS").unwrap();
    let gcp = a.responsibility("GCP").unwrap();
    assert_eq!((aws.holder, gcp.holder), (Holder::Shared, Holder::Shared));
    assert_eq!(gcp.customer_owner, "Ana Lima");
    assert_eq!(gcp.inherited, "Physical and host security");
    assert_eq!(gcp.customer_duty, "Configure IAM and logging");
    assert_eq!(aws.provider_owner, "AWS TAM");
    assert_eq!(gcp.provider_owner, "GCP TAM");
    assert_eq!(aws.provider_evidence, "SOC 2 Type II 2026");
    assert_eq!(gcp.provider_evidence, "ISO 27001 certificate");
    assert_eq!(a.status, Status::Partial);
    assert_eq!(a.evidence.len(), 1);
    assert!(a.evidence[0].as_of.is_some());
    assert_eq!(a.gap, "GCP logging not configured");
    let r = a.remediation.as_ref().unwrap();
    assert_eq!(r.owner, "Bruno Costa");
    assert_eq!(r.due, Some(common::date("2027-03-31")));
    assert_eq!(a.next_review, Some(common::date("2027-06-30")));
    assert_eq!(a.change_trigger, "A new provider or service");
    assert_eq!(a.escalation, "CISO, then the provider's TAM");
    // What the full pass asked for is all there: check finds nothing missing on it.
    assert!(gapwalk::walkplan::full_pass_missing(a, &loaded.session.provider_names()).is_empty());
}

#[test]
fn slips_of_the_hand_record_nothing() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    set(dir.path(), &["s.ron", "session", "walk.depth=triage"]);
    let order = agenda(dir.path());
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text(&assessed(dir.path(), 0));
    pty.send("w");
    pty.wait_text(&format!("Walk · {}", order[0]));
    // A sentence on a choice question: refused, shown, nothing recorded.
    pty.send("yes it applies to 3 teams");
    pty.wait_text("is not an option");
    pty.send("\r");
    pty.wait_text("is not an answer");
    // Tab and a stray Enter: the control stays unassessed and is counted skipped.
    esc(&mut pty);
    pty.send("\r");
    pty.wait_text("nothing is recorded here yet");
    pty.send("\t");
    pty.wait_text("between controls");
    pty.wait_text("0 done · 1 skipped");
    // Begin the next one, answer it, then type a jump and a command on the card.
    pty.send("\r");
    pty.wait_text(&format!("Walk · {}", order[1]));
    pty.send("1");
    pty.wait_text("Why?");
    pty.send("4");
    pty.wait_text("who holds");
    pty.send("1");
    pty.wait_text("How far");
    pty.send("1");
    pty.wait_text("between controls");
    pty.send("/12.4.2\r");
    pty.wait_text("Next: 12.4.2");
    pty.send("w");
    pty.wait_text("nothing typed here is recorded");
    // Esc first clears what was typed on the card, then stops the walk.
    esc(&mut pty);
    quit(&mut pty);
    let loaded = load(dir.path());
    let recorded: Vec<&str> = loaded
        .session
        .assessments
        .iter()
        .map(|a| a.control.as_str())
        .collect();
    assert_eq!(
        recorded,
        [order[1].as_str()],
        "only the control answered on purpose"
    );
}

#[test]
fn a_walk_under_a_theme_filter_never_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    set(dir.path(), &["s.ron", "session", "walk.depth=triage"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text(&assessed(dir.path(), 0));
    // The filter list: all, gaps, unassessed, flagged, with findings, conflicts, four holders,
    // then the catalogue's themes (logging and monitoring is the second).
    pty.send("f");
    pty.wait_text("theme: logging-monitoring");
    for _ in 0..11 {
        pty.send("\x1b[B");
    }
    pty.send("\r");
    pty.wait_text("showing theme: logging-monitoring");
    pty.send("w");
    pty.wait_text("follows the filter: theme: logging-monitoring");
    // Excluded, no such activity in scope: two keys a control, then Enter on the card;
    // twelve rounds is more than the theme holds, so the walk must end inside it.
    for _ in 0..12 {
        pty.send("2");
        pty.wait_text("Why is it left out?");
        pty.send("1");
        pty.wait_text("between controls");
        if pty.screen().contains("Nothing left to ask") {
            break;
        }
        pty.send("\r");
        pty.wait_text("Does this control apply");
    }
    pty.wait_text("Nothing left to ask in the filter");
    quit(&mut pty);
    let loaded = load(dir.path());
    assert!(loaded.session.assessments.len() > 2);
    for a in &loaded.session.assessments {
        let control = loaded.catalogue.control(&a.control).unwrap();
        assert!(
            control.themes.iter().any(|t| t == "logging-monitoring"),
            "{} is outside the filter",
            a.control
        );
    }
}
