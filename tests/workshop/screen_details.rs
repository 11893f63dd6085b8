//! Screen details, driven through the real binary in a pseudo-terminal as a facilitator would:
//! the new-session form takes typing on a row at once, goes from the last row to Create, asks
//! before throwing work away, shows how providers and participants are written and leaves no
//! stale characters; `?` shows and hides help where no text box has the keys, F1 everywhere;
//! the presenter marker stays visible at 80 columns whatever the title's length.

use crate::common;

use common::{Pty, esc, new_session_file};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const F1: &str = "\x1bOP";

/// The screen line that contains `label`.
fn line_with(pty: &Pty, label: &str) -> String {
    pty.screen()
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_new_session_form_takes_typing_on_a_row_and_reaches_create_from_the_last_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    // On Title: typing goes straight in, no Enter first.
    pty.send("Pilot workshop");
    pty.wait_for("the title as typed", |s| {
        s.lines()
            .any(|l| l.contains("Title") && l.contains("Pilot workshop"))
    });
    pty.send("\r");
    // Down to Providers (the seventh row): its syntax shows while it is selected.
    pty.send(&DOWN.repeat(4));
    pty.wait_text("its services after a colon");
    pty.send("AWS: EC2, S3; Azure\r");
    pty.send(DOWN);
    pty.wait_text("name / role / side");
    pty.send("Ana Lima / CISO / customer; Ben Ode / architect / provider");
    // Enter on the last row goes to Create instead of reopening the row.
    pty.send("\r");
    pty.wait_for("Create selected", |s| !s.contains("name / role / side"));
    pty.send("\r");
    pty.wait_text("0/132 assessed");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("workshop.ron")).unwrap();
    assert_eq!(loaded.session.meta.title, "Pilot workshop");
    assert_eq!(loaded.session.provider_names(), ["AWS", "Azure"]);
    assert_eq!(loaded.session.meta.providers[0].services, ["EC2", "S3"]);
    let people: Vec<&str> = loaded
        .session
        .meta
        .participants
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(people, ["Ana Lima", "Ben Ode"]);
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    pty.send("Board prep\r");
    esc(&mut pty);
    pty.wait_text("Discard this new session?");
    // Any key but y keeps the form and what was typed.
    pty.send("n");
    pty.wait_for("the form kept", |s| {
        s.contains("Board prep") && !s.contains("Discard this new session?")
    });
    esc(&mut pty);
    pty.wait_text("Discard this new session?");
    pty.send("y");
    pty.wait_text("Recent sessions");
    assert!(!pty.screen().contains("Board prep"));
    // An untouched form closes at once.
    pty.send("n");
    pty.wait_text("New session");
    esc(&mut pty);
    pty.wait_text("Recent sessions");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(!dir.path().join("workshop.ron").exists());
}

#[test]
fn shortening_a_prefilled_value_leaves_no_stale_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    pty.send(UP);
    // The File row holds "workshop.ron"; take eight characters off its end.
    // Then a marker: waiting for "workX" knows the deletions were drawn (the untouched value
    // already contains "work"), and stale cells would show as "workXhop.ron".
    pty.send(&"\x7f".repeat(8));
    pty.send("X");
    pty.wait_for("the shortened value", |s| {
        s.lines().any(|l| l.contains("File") && l.contains("workX"))
    });
    let row = line_with(&pty, "File");
    assert!(!row.contains("shop"), "stale characters: {row:?}");
    assert!(!row.contains(".ron"), "stale characters: {row:?}");
    pty.send("\x03");
    pty.wait_exit();
}

#[test]
fn question_mark_toggles_help_where_no_text_box_has_the_keys_and_f1_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("Recent sessions");
    pty.send("?");
    pty.wait_text("any key closes");
    pty.send("?");
    pty.wait_for("help closed", |s| !s.contains("any key closes"));
    // In the form, on a text row, ? is text; F1 still opens help.
    pty.send("n");
    pty.wait_text("New session");
    pty.send("Why?");
    pty.wait_text("Why?");
    assert!(!pty.screen().contains("any key closes"));
    pty.send(F1);
    pty.wait_text("any key closes");
    pty.send(F1);
    pty.wait_for("help closed", |s| !s.contains("any key closes"));
    pty.send("\x03");
    pty.wait_exit();

    // In the workshop: ? opens help and closes it again, also over a choice popup.
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("0/132 assessed");
    pty.send("?");
    pty.wait_text("show or hide this help");
    pty.send("?");
    pty.wait_for("help closed", |s| !s.contains("show or hide this help"));
    pty.send("f");
    pty.wait_text(" Show ");
    pty.send("?");
    pty.wait_text("show or hide this help");
    pty.send("?");
    pty.wait_for("help closed", |s| !s.contains("show or hide this help"));
    pty.wait_text(" Show ");
    esc(&mut pty);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_presenter_marker_stays_visible_at_80_columns_with_a_long_title() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Quarterly cloud security review of the payroll platform and its suppliers";
    new_session_file(
        dir.path(),
        &["--title", title, "--org", "Northwind Payroll Ltd"],
    );
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("0/132 assessed");
    pty.send("P");
    pty.wait_text("PRESENTER VIEW");
    let top = pty.screen().lines().next().unwrap_or_default().to_string();
    assert!(top.contains("PRESENTER VIEW"), "{top:?}");
    // The title gave way (cut with an ellipsis), not the marker.
    assert!(top.contains('…'), "{top:?}");
    assert!(top.contains("Quarterly cloud"), "{top:?}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn flags_and_joined_emoji_leave_no_debris_and_a_family_keeps_every_member() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--provider", "AWS"]);
    let note = "team \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} in \u{1F1F5}\u{1F1F9} \u{2764}\u{FE0F} \u{1F44D}\u{1F3FD} end";
    crate::common::gapwalk_ok(
        dir.path(),
        &["set", "s.ron", "5.1.1", &format!("notes={note}")],
    );
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    pty.wait_text("Notes:");
    // Every member of the family shows, the flag as its letters, and the line ends where the
    // layout put it: the words after the emoji sit inside the pane, the border intact.
    pty.wait_text("team \u{1F468}\u{1F469}\u{1F467} in PT");
    let row = line_with(&pty, "Notes:");
    assert!(row.contains(" end"), "{row:?}");
    // Moving to the next control redraws the pane: nothing of the emoji stays behind.
    pty.send("j");
    pty.wait_for("the next control", |s| !s.contains("Notes:"));
    let screen = pty.screen();
    for piece in [
        "\u{1F468}",
        "\u{1F469}",
        "\u{1F467}",
        "\u{1F44D}",
        "\u{2764}",
        " end",
    ] {
        assert!(
            !screen.contains(piece),
            "debris {piece:?} left on screen:\n{screen}"
        );
    }
    // The file keeps the note exactly as written.
    let loaded = gapwalk::persist::load(&dir.path().join("s.ron")).unwrap();
    let kept = loaded
        .session
        .assessment("5.1.1", &loaded.catalogue)
        .unwrap();
    assert_eq!(kept.notes, note);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

/// A facilitator's run from the start screen: Enter on the role row turned "customer" into
/// "provider" (the role cycled where every other row moves on), and typing a file name on the
/// suggested "workshop.ron" gave "workshop.ronnorthwind.ron". Enter now keeps a choice and moves
/// on (Space turns it), and typing over a suggested value replaces it.
#[test]
fn enter_keeps_the_role_and_typing_replaces_the_suggested_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 80, 24);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    pty.send(UP);
    pty.send("northwind.ron");
    pty.wait_for("the typed name alone", |s| {
        s.lines()
            .any(|l| l.contains("File") && l.contains("northwind.ron"))
    });
    let row = line_with(&pty, "File");
    assert!(
        !row.contains("workshop"),
        "appended to the suggestion: {row:?}"
    );
    pty.send("\r");
    pty.send("Northwind review\r");
    // Down past Organisation and Scope; on the role row 1 then Enter.
    pty.send(&DOWN.repeat(2));
    pty.send("1\r");
    pty.wait_text("a digit or Space: next");
    assert!(
        line_with(&pty, "Our role").contains("cloud service customer"),
        "Enter turned the role: {}",
        line_with(&pty, "Our role")
    );
    pty.send(&DOWN.repeat(5));
    pty.send("\r");
    pty.wait_text("0/132 assessed");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("northwind.ron")).unwrap();
    assert_eq!(loaded.session.meta.role, gapwalk::session::Role::Csc);
    assert!(!dir.path().join("workshop.ron").exists());
}

/// A provider's session made on the start screen had no way to name what it provides (the
/// form had no offerings row), so its walk never asked from the provider's seat and the CRM
/// export had nothing to export. The row shows once the role is a provider's.
#[test]
fn a_providers_new_session_names_its_offerings_on_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 80, 24);
    pty.wait_text("Recent sessions");
    pty.send("n");
    pty.wait_text("New session");
    assert!(
        line_with(&pty, "Offerings").is_empty(),
        "a customer's form has no offerings row"
    );
    pty.send("Payroll Cloud CRM\r");
    pty.send(&DOWN.repeat(2));
    pty.send("2");
    pty.wait_text("Offerings");
    pty.send(&DOWN.repeat(5));
    pty.wait_text("Offerings: Payroll Cloud;");
    pty.send("Payroll Cloud; Payroll API / the public API\r");
    pty.wait_for("Create selected", |s| {
        !s.contains("Offerings: Payroll Cloud;")
    });
    pty.send("\r");
    pty.wait_text("0/132 assessed");
    pty.send("w");
    pty.wait_text("Does this control apply to us?");
    // Ctrl-t: the triage pass, which asks the offering's line right after the reason.
    pty.send("\x14");
    pty.wait_text("triage pass");
    pty.send("11");
    pty.wait_text("For Payroll Cloud: who holds it between us and our customers?");
    esc(&mut pty);
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("workshop.ron")).unwrap();
    let meta = &loaded.session.meta;
    assert_eq!(meta.role, gapwalk::session::Role::Csp);
    let names: Vec<&str> = meta.offerings.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Payroll Cloud", "Payroll API"]);
    assert_eq!(meta.offerings[1].description, "the public API");
}
