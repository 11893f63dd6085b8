//! Parking a control asks why, however it is parked (issue 14, point 7): `p` on the list and
//! the edit form's follow-up flag open the same question as the walk's park; the one-line
//! answer is kept as the control's follow-up note; Esc (or Enter on nothing) parks nothing;
//! un-parking asks nothing.

use crate::common::{self, Pty, new_aws_session, park, press, press_text, screen};

use gapwalk::session::Session;
use gapwalk::tui::app::App;
use gapwalk::tui::field::Field;
use gapwalk::tui::popup::Popup;

fn app() -> App {
    let mut app = common::workshop("parking.ron");
    app.update(gapwalk::tui::action::Action::Resize(120, 40));
    app
}

fn select(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
}

/// Whether the control is parked, and the note it is parked with.
fn parked(app: &App, id: &str) -> (bool, String) {
    let a = app.session.assessment(id, &app.catalogue).cloned();
    a.map_or((false, String::new()), |a| (a.flagged, a.follow_up))
}

#[test]
fn p_on_the_list_asks_why_and_keeps_the_answer_as_the_follow_up() {
    let mut app = app();
    select(&mut app, "12.3.1");
    let before = app.session.clone();
    press(&mut app, "p");
    assert!(matches!(app.popups().last(), Some(Popup::Park(_))));
    assert_eq!(app.session, before, "asking changes nothing yet");
    // Enter on nothing is no reason: it says so and parks nothing.
    press(&mut app, "enter");
    assert!(matches!(app.popups().last(), Some(Popup::Park(_))));
    assert_eq!(app.session, before);
    press_text(&mut app, "Restore test owner unknown");
    press(&mut app, "enter");
    assert!(app.popups().is_empty());
    assert_eq!(
        parked(&app, "12.3.1"),
        (true, "Restore test owner unknown".into())
    );
    assert_eq!(app.message.as_deref(), Some("12.3.1 parked for follow-up"));
    // Un-parking asks nothing.
    press(&mut app, "p");
    assert!(app.popups().is_empty(), "un-parking opened a question");
    assert!(!parked(&app, "12.3.1").0);
    assert_eq!(app.message.as_deref(), Some("12.3.1 no longer parked"));
    // Undo takes the un-parking back, note and all.
    press(&mut app, "u");
    assert_eq!(
        parked(&app, "12.3.1"),
        (true, "Restore test owner unknown".into())
    );
}

#[test]
fn esc_in_the_question_parks_nothing() {
    let mut app = app();
    select(&mut app, "12.3.1");
    let before = app.session.clone();
    press(&mut app, "p");
    press_text(&mut app, "half a reason");
    press(&mut app, "esc");
    assert!(app.popups().is_empty());
    assert_eq!(app.session, before);
    assert_eq!(app.generation(), 0, "nothing to save");
}

/// Opens the edit form on the selected control with its follow-up flag row selected.
fn form_on_the_flag(app: &mut App) {
    press(app, "enter");
    let Some(Popup::Form(form)) = app.top_popup_mut() else {
        panic!("the edit form");
    };
    form.selected = form
        .fields
        .iter()
        .position(|f| *f == Field::Flagged)
        .expect("the form has the follow-up flag");
}

#[test]
fn the_edit_forms_follow_up_flag_asks_why_too() {
    let mut app = app();
    select(&mut app, "12.3.1");
    form_on_the_flag(&mut app);
    // 1 = flagged for follow-up: the question opens over the form.
    press(&mut app, "1");
    assert!(matches!(app.popups(), [Popup::Form(_), Popup::Park(_)]));
    press(&mut app, "esc");
    assert!(matches!(app.popups(), [Popup::Form(_)]));
    assert!(!parked(&app, "12.3.1").0, "Esc parked it");
    press(&mut app, "1");
    press_text(&mut app, "Ask AWS for the restore report");
    press(&mut app, "enter");
    assert!(matches!(app.popups(), [Popup::Form(_)]), "back in the form");
    assert_eq!(
        parked(&app, "12.3.1"),
        (true, "Ask AWS for the restore report".into())
    );
    // The form shows why, except in presenter view (an internal note, as in the parking lot).
    assert!(screen(&app).contains("flagged · why: Ask AWS for the restore report"));
    press(&mut app, "esc");
    press(&mut app, "P");
    form_on_the_flag(&mut app);
    let shown = screen(&app);
    assert!(
        shown.contains("flagged") && !shown.contains("restore report"),
        "{shown}"
    );
    press(&mut app, "esc");
    press(&mut app, "P");
    form_on_the_flag(&mut app);
    // 2 = not flagged: un-parking asks nothing.
    press(&mut app, "2");
    assert!(matches!(app.popups(), [Popup::Form(_)]));
    assert!(!parked(&app, "12.3.1").0);
}

#[test]
fn asking_again_offers_the_note_already_kept() {
    // Parking again opens the question with the note kept before.
    let mut app = app();
    select(&mut app, "12.3.1");
    park(&mut app, "first reason");
    press(&mut app, "p"); // un-park
    press(&mut app, "p");
    let Some(Popup::Park(room)) = app.popups().last() else {
        panic!("the park question");
    };
    assert_eq!(room.input.lines().join(""), "first reason");
    // In presenter view the kept note is internal: the question opens empty and says why.
    press(&mut app, "esc");
    press(&mut app, "P");
    press(&mut app, "p");
    let Some(Popup::Park(room)) = app.popups().last() else {
        panic!("the park question");
    };
    assert_eq!(room.input.lines().join(""), "");
    let shown = screen(&app);
    assert!(!shown.contains("first reason"), "{shown}");
    assert!(shown.contains("hidden in presenter view"), "{shown}");
}

fn load(dir: &std::path::Path) -> Session {
    gapwalk::persist::load(&dir.join("s.ron")).unwrap().session
}

#[test]
fn through_the_binary_p_a_reason_and_enter_park_and_p_then_esc_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    new_aws_session(dir.path());
    let mut pty = Pty::open_session(dir.path(), 80, 24);
    pty.send("p");
    pty.wait_text("Park 5.1.1 for follow-up: why?");
    pty.send("Policy owner not in the room\r");
    pty.wait_text("5.1.1 parked for follow");
    // Left on 5.1.2, where the next open starts.
    pty.send("j");
    pty.wait_text("5.1.2 Review");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let session = load(dir.path());
    let cat = gapwalk::catalogue::default_catalogue();
    let a = session.assessment("5.1.1", &cat).expect("5.1.1 recorded");
    assert!(a.flagged);
    assert_eq!(a.follow_up, "Policy owner not in the room");

    // `p`, then Esc: nothing parked, nothing written.
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("5.1.2 Review");
    pty.send("p");
    pty.wait_text("Park 5.1.2 for follow-up: why?");
    pty.send("not sure");
    common::esc(&mut pty);
    pty.wait_for("the question closed", |s| {
        !s.contains("for follow-up: why?")
    });
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    assert_eq!(
        std::fs::read(dir.path().join("s.ron")).unwrap(),
        before,
        "Esc in the park question must leave the file as it was"
    );
}

#[test]
fn through_the_binary_presenter_view_never_shows_the_kept_note() {
    let dir = tempfile::tempdir().unwrap();
    new_aws_session(dir.path());
    let mut pty = Pty::open_session(dir.path(), 80, 24);
    pty.park("Internal: the CISO disagrees");
    pty.send("p"); // unparked: the note is kept for the next time
    pty.wait_text("no longer parked");
    pty.send("P");
    pty.wait_text("presenter view");
    pty.send("p");
    pty.wait_text("Park 5.1.1 for follow-up: why?");
    pty.wait_text("hidden in presenter view");
    assert!(!pty.screen().contains("CISO disagrees"), "{}", pty.screen());
    pty.send("Ask AWS\r");
    pty.wait_for("the question closed", |s| !s.contains("follow-up: why?"));
    assert!(!pty.screen().contains("CISO disagrees"), "{}", pty.screen());
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let cat = gapwalk::catalogue::default_catalogue();
    let a = load(dir.path()).assessment("5.1.1", &cat).cloned().unwrap();
    assert!(a.flagged);
    assert_eq!(
        a.follow_up, "Ask AWS",
        "the new reason replaces the hidden one"
    );
}
