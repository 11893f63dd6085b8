//! Who attended (issue 14, point 7): the end of a meeting this workshop recorded asks, with a
//! checklist of the participants (all ticked, or the ones confirmed earlier that day); Space
//! ticks and unticks, a new name joins the participants once confirmed as new, Enter keeps the
//! ticked ones as the meeting's confirmed attendance, Esc keeps what is recorded. An unattended
//! end, an open that changed nothing and a read-only open ask nothing. The minutes head the
//! column "Listed participants" until attendance is confirmed; `set`, `diff` and `merge` know
//! the confirmation.

use std::path::Path;

use crate::common::{self, Pty, gapwalk, gapwalk_ok, new_session_file, park, press, press_text};

use gapwalk::fields::MetaKey;
use gapwalk::session::{Meeting, Participant, Session, Side, Timestamp};
use gapwalk::tui::action::{Action, Effect};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixture (facilitator and participant Ana Lima, Bruno Costa) with Carla Dias too.
fn app_with(keymap: Keymap) -> App {
    let (mut session, catalogue) = common::fixture();
    session.meta.participants.push(Participant {
        name: "Carla Dias".into(),
        role: "Architect".into(),
        side: Side::Customer,
        speaks_for: String::new(),
    });
    App::new(
        session,
        catalogue,
        "attendance.ron".into(),
        keymap,
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    )
}

fn app() -> App {
    app_with(Keymap::default())
}

/// A change that parks nothing with a reason: 9.2.3 (selected, flagged with no reason) is
/// unparked.
fn change(app: &mut App) {
    press(app, "p");
    assert!(app.generation() > 0, "a change");
}

fn question(app: &App) -> &gapwalk::tui::popup::AttendancePopup {
    match app.popups().last() {
        Some(Popup::Attendance(q)) => q,
        _ => panic!(
            "the attendance question is not open: {:?}",
            app.popups().len()
        ),
    }
}

fn today(app: &App) -> Meeting {
    app.session
        .meta
        .meeting_on(app.opened_on())
        .cloned()
        .expect("the day's meeting")
}

fn saves_and_quits(effects: &[Effect]) -> bool {
    matches!(effects, [Effect::Save(_)])
}

#[test]
fn quitting_after_a_change_asks_who_attended_and_enter_keeps_the_ticked_ones() {
    let mut app = app();
    change(&mut app);
    assert!(press(&mut app, "q").is_empty(), "q asks first");
    let q = question(&app);
    assert_eq!(q.people, ["Ana Lima", "Bruno Costa", "Carla Dias"]);
    assert_eq!(q.ticked, [true, true, true], "all ticked by default");
    // Bruno left early: down to him, Space.
    press(&mut app, "down");
    press(&mut app, "space");
    assert_eq!(question(&app).ticked, [true, false, true]);
    // Space again ticks him again, and his digit unticks him once more.
    press(&mut app, "space");
    press(&mut app, "2");
    assert_eq!(question(&app).ticked, [true, false, true]);
    let effects = press(&mut app, "enter");
    assert!(saves_and_quits(&effects), "{effects:?}");
    let m = today(&app);
    assert_eq!(m.attendees, ["Ana Lima", "Carla Dias"]);
    assert!(m.attendance_confirmed);
}

#[test]
fn esc_keeps_what_is_recorded_and_quits() {
    let mut app = app();
    change(&mut app);
    let recorded = today(&app);
    press(&mut app, "q");
    press(&mut app, "down");
    press(&mut app, "space");
    let effects = press(&mut app, "esc");
    assert!(saves_and_quits(&effects), "{effects:?}");
    let m = today(&app);
    assert_eq!(m.attendees, recorded.attendees);
    assert!(!m.attendance_confirmed);
}

#[test]
fn an_open_that_changed_nothing_a_read_only_one_and_an_unattended_end_ask_nothing() {
    let mut idle = app();
    assert_eq!(press(&mut idle, "q"), [Effect::Quit], "nothing changed");

    // Read-only: nothing can be recorded, nothing is asked.
    let mut read_only = app();
    read_only.read_only = Some("process 42 of ana has it open".into());
    press(&mut read_only, "p");
    assert_eq!(press(&mut read_only, "q"), [Effect::Quit]);

    // A change taken back: nothing recorded in the end.
    let mut undone = app();
    change(&mut undone);
    press(&mut undone, "u");
    let effects = press(&mut undone, "q");
    assert!(undone.popups().is_empty(), "asked after an undone change");
    assert!(!effects.is_empty());

    // A signal or a closed terminal: nobody to answer.
    let mut ended = app();
    change(&mut ended);
    let effects = ended.update(Action::Terminate);
    assert!(ended.popups().is_empty(), "an unattended end asked");
    assert!(saves_and_quits(&effects), "{effects:?}");
    assert!(!today(&ended).attendance_confirmed);
}

#[test]
fn the_parking_lot_comes_first_then_who_attended() {
    let mut app = app();
    let i = app.catalogue.position("12.3.1").unwrap();
    app.select_control(i);
    park(&mut app, "Restore test owner unknown");
    press(&mut app, "q");
    assert!(matches!(app.popups().last(), Some(Popup::ParkingLot(_))));
    // A key that is no option there is refused where it is seen.
    press(&mut app, "x");
    let Some(Popup::ParkingLot(review)) = app.popups().last() else {
        panic!("the parking lot closed on a stray key");
    };
    assert!(review.error.is_some());
    // The review's own `q` goes on to the next question, not out.
    assert!(press(&mut app, "q").is_empty());
    question(&app);
    let effects = press(&mut app, "enter");
    assert!(saves_and_quits(&effects), "{effects:?}");
    assert!(today(&app).attendance_confirmed);
}

#[test]
fn a_new_name_is_confirmed_as_new_and_joins_the_participants() {
    let mut app = app();
    change(&mut app);
    press(&mut app, "q");
    // To the add line, past the three people.
    for _ in 0..3 {
        press(&mut app, "down");
    }
    // The start of one known name is that name: it is ticked, nobody is added.
    press(&mut app, "up");
    press(&mut app, "space"); // Carla unticked
    press(&mut app, "down");
    press_text(&mut app, "carl");
    press(&mut app, "enter");
    assert_eq!(question(&app).people.len(), 3);
    assert_eq!(question(&app).ticked, [true, true, true]);
    // A name nobody knows: the first Enter says so, the second adds it, ticked.
    press_text(&mut app, "Dora Meyer");
    press(&mut app, "enter");
    let q = question(&app);
    assert_eq!(q.people.len(), 3, "added on one Enter");
    assert!(q.error.as_deref().unwrap().contains("not a participant"));
    press(&mut app, "enter");
    let q = question(&app);
    assert_eq!(q.people.last().map(String::as_str), Some("Dora Meyer"));
    assert_eq!(q.ticked.last(), Some(&true));
    // Enter on the empty add line keeps.
    let effects = press(&mut app, "enter");
    assert!(saves_and_quits(&effects), "{effects:?}");
    assert_eq!(
        today(&app).attendees,
        ["Ana Lima", "Bruno Costa", "Carla Dias", "Dora Meyer"]
    );
    assert!(
        app.session
            .meta
            .participants
            .iter()
            .any(|p| p.name == "Dora Meyer"),
        "a new attendee joins the participants"
    );
}

#[test]
fn stray_keys_record_nothing_and_esc_first_clears_a_typed_name() {
    let mut app = app();
    change(&mut app);
    press(&mut app, "q");
    let before = app.session.clone();
    // `q` again, a letter, a digit past the list: refused where they are seen.
    for key in ["q", "x", "9"] {
        press(&mut app, key);
        assert!(
            question(&app).error.is_some(),
            "{key} was not refused visibly"
        );
        assert_eq!(question(&app).ticked, [true, true, true]);
    }
    // Undo at the end of the meeting takes nothing back behind the question.
    press(&mut app, "ctrl-z");
    assert_eq!(app.session, before, "undo took a change back");
    assert!(
        question(&app)
            .error
            .as_deref()
            .unwrap()
            .contains("nothing is undone")
    );
    // Untick everyone and Enter: nobody attended is not an answer.
    for key in ["1", "2", "3"] {
        press(&mut app, key);
    }
    assert!(press(&mut app, "enter").is_empty());
    assert!(question(&app).error.as_deref().unwrap().contains("nobody"));
    // A name half typed: Esc clears it and stays; the next Esc leaves.
    for _ in 0..3 {
        press(&mut app, "down");
    }
    press_text(&mut app, "Dor");
    assert!(press(&mut app, "esc").is_empty());
    question(&app);
    assert_eq!(app.session, before, "nothing recorded by stray keys");
    assert!(saves_and_quits(&press(&mut app, "esc")));
    assert!(!today(&app).attendance_confirmed);
}

#[test]
fn a_reopen_the_same_day_ticks_the_ones_confirmed_and_adds_nobody_on_later_changes() {
    let mut app = app();
    change(&mut app);
    press(&mut app, "q");
    press(&mut app, "down");
    press(&mut app, "space"); // Bruno did not attend
    press(&mut app, "enter");
    // Later the same day, the same session, a new open: the record goes on.
    let (session, catalogue) = (app.session.clone(), (*app.catalogue).clone());
    let mut again = App::new(
        session,
        catalogue,
        "attendance.ron".into(),
        Keymap::default(),
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_600).unwrap(),
    );
    press(&mut again, "p"); // parks 9.2.3 again: asks why
    press_text(&mut again, "owner");
    press(&mut again, "enter");
    assert_eq!(
        today(&again).attendees,
        ["Ana Lima", "Carla Dias"],
        "a confirmed attendance gains nobody from a change"
    );
    press(&mut again, "q");
    press(&mut again, "q"); // past the parking lot
    assert_eq!(question(&again).ticked, [true, false, true]);
}

#[test]
fn the_hints_name_the_keys_of_the_keymap() {
    let keymap = Keymap::from_ron(
        r#"(dialog: {"toggle": ["t"], "confirm": ["ctrl-k"], "cancel": ["ctrl-q"]}, text: {"confirm": ["ctrl-k"]})"#,
        "keymap.ron",
    )
    .unwrap();
    let mut app = app_with(keymap);
    change(&mut app);
    press(&mut app, "q");
    press(&mut app, "t");
    assert_eq!(question(&app).ticked, [false, true, true], "t toggles");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| gapwalk::tui::view::render(&app, &Theme { color: false }, f))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    for hint in [
        "t ticks or unticks",
        "Ctrl-k keeps the ticked",
        "Ctrl-q keeps what is recorded",
    ] {
        assert!(screen.contains(hint), "{hint:?} missing:\n{screen}");
    }
    assert!(!screen.contains("Space ticks"));
    // A new name's confirmation names the key too.
    for _ in 0..3 {
        press(&mut app, "down");
    }
    press_text(&mut app, "Zed");
    press(&mut app, "ctrl-k");
    let error = question(&app).error.clone().unwrap_or_default();
    assert!(error.contains("Ctrl-k again to add them"), "{error}");
    assert!(!error.contains("Enter"), "{error}");
}

fn load(dir: &Path) -> Session {
    gapwalk::persist::load(&dir.join("s.ron")).unwrap().session
}

fn minutes(dir: &Path) -> String {
    gapwalk_ok(
        dir,
        &[
            "export", "s.ron", "--view", "minutes", "--format", "md", "--out", "-",
        ],
    )
    .stdout
}

#[test]
fn through_the_binary_quit_untick_one_enter_and_the_minutes_name_who_attended() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    for name in ["Bruno Costa", "Carla Dias"] {
        let out = gapwalk(dir.path())
            .args([
                "set",
                "s.ron",
                "session",
                &format!("participant=(name: \"{name}\")"),
                "--item",
                name,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("assessed");
    pty.park("Policy owner not in the room");
    pty.wait_text("parked for follow");
    // Before anyone said who came, the minutes list the participants and say so.
    pty.send("q");
    pty.wait_text("parked for follow-up ─");
    pty.send("q");
    pty.wait_text("who attended?");
    pty.wait_text("[x] Bruno Costa");
    pty.send("\x1b[B"); // down to Bruno
    pty.send(" ");
    pty.wait_text("[ ] Bruno Costa");
    pty.wait_text("2 of 3 ticked");
    pty.send("\r");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    let m = &load(dir.path()).meta.meetings[0];
    assert_eq!(m.attendees, ["Ana Lima", "Carla Dias"]);
    assert!(m.attendance_confirmed);
    let text = minutes(dir.path());
    assert!(
        text.contains("| Date | From (UTC) | To (UTC) | Attendees | Controls changed |"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("| 5.1.1 |"))
        .unwrap_or_else(|| panic!("no meeting row:\n{text}"));
    assert!(
        row.contains("Ana Lima, Carla Dias") && !row.contains("Bruno"),
        "{row}"
    );
}

#[test]
fn set_diff_and_merge_know_whether_attendance_was_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    let set = |file: &str, value: &str| {
        gapwalk(dir.path())
            .args(["set", file, "session", value, "--item", "2026-12-07"])
            .output()
            .unwrap()
    };
    let ok = |file: &str, value: &str| {
        let out = set(file, value);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // A record written before the flag existed (format version 2, no field): listed only.
    ok(
        "s.ron",
        "meeting=(date: \"2026-12-07\", start: \"2026-12-07T09:00:00Z\", end: \"2026-12-07T10:00:00Z\", attendees: [\"Ana Lima\", \"Bruno Costa\"])",
    );
    assert!(!load(dir.path()).meta.meetings[0].attendance_confirmed);
    assert!(minutes(dir.path()).contains("| Listed participants |"));
    // Nothing to confirm on a day with no meeting; a value that is no yes or no is refused.
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let out = gapwalk(dir.path())
        .args([
            "set",
            "s.ron",
            "session",
            "meeting.attendance_confirmed=yes",
            "--item",
            "2026-12-08",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no meeting is recorded on 2026-12-08"));
    let out = set("s.ron", "meeting.attendance_confirmed=perhaps");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("true or false"));
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);

    std::fs::copy(dir.path().join("s.ron"), dir.path().join("base.ron")).unwrap();
    std::fs::copy(dir.path().join("s.ron"), dir.path().join("theirs.ron")).unwrap();
    ok("s.ron", "meeting.attendance_confirmed=yes");
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    assert!(text.contains("attendance_confirmed: true"), "{text}");
    assert!(minutes(dir.path()).contains("| Attendees |"));
    let out = gapwalk(dir.path())
        .args(["diff", "base.ron", "s.ron"])
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{diff}");
    assert!(
        diff.contains("attendance confirmed: Ana Lima, Bruno Costa"),
        "{diff}"
    );

    // Theirs adds Carla to the day; ours confirmed it: the merge keeps both.
    ok(
        "theirs.ron",
        "meeting.attendees=Ana Lima, Bruno Costa, Carla Dias",
    );
    let out = gapwalk(dir.path())
        .args(["merge", "base.ron", "s.ron", "theirs.ron"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = &load(dir.path()).meta.meetings[0];
    assert!(m.attendance_confirmed);
    assert_eq!(m.attendees, ["Ana Lima", "Bruno Costa", "Carla Dias"]);

    // Whether attendance was confirmed is external, as the rest of a meeting: the external
    // edition's details keep it.
    let meta = load(dir.path()).meta;
    assert!(gapwalk::fields::external_details(&meta).meetings[0].attendance_confirmed);
    assert_eq!(
        MetaKey::from_name("meeting.attendance_confirmed"),
        Some(MetaKey::MeetingAttendanceConfirmed)
    );
}

#[test]
fn the_minutes_say_which_meetings_confirmed_attendance_when_some_did() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(
        dir.path(),
        &["--provider", "AWS", "--facilitator", "Ana Lima"],
    );
    for (day, confirmed) in [("2026-12-07", false), ("2026-12-08", true)] {
        gapwalk_ok(
            dir.path(),
            &[
                "set",
                "s.ron",
                "session",
                &format!(
                    "meeting=(date: \"{day}\", start: \"{day}T09:00:00Z\", end: \"{day}T10:00:00Z\", attendees: [\"Ana Lima\"], attendance_confirmed: {confirmed})"
                ),
                "--item",
                day,
            ],
        );
    }
    let text = minutes(dir.path());
    assert!(
        text.contains("| Attendees (or listed participants) |"),
        "{text}"
    );
    assert!(
        text.contains("| 2026-12-07 | 09:00 | 10:00 | listed, not confirmed: Ana Lima |"),
        "{text}"
    );
    assert!(
        text.contains("| 2026-12-08 | 09:00 | 10:00 | Ana Lima |"),
        "{text}"
    );
}
