//! The start screen's keys go through the keymap like the workshop's: its own `start` section,
//! turned into actions by `input::translate_start` and applied by `StartScreen::update`; its
//! footers and help name the live keys; printable keys type in its text boxes whatever they are
//! bound to on the list; a rebound key works in the real binary.

use crate::common;

use common::Pty;
use gapwalk::tui::action::Action;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::start::{Recent, StartOutcome, StartScreen};
use gapwalk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

fn screen_with(keymap: Keymap) -> StartScreen {
    let recent = ["a.ron", "b.ron"]
        .into_iter()
        .map(|p| Recent {
            path: p.into(),
            summary: Ok("a session".into()),
        })
        .collect();
    StartScreen::new(recent, Vec::new(), keymap)
}

fn keymap(text: &str) -> Keymap {
    Keymap::from_ron(text, "keymap.ron").unwrap_or_else(|e| panic!("{e}"))
}

/// Presses a key by its keymap name, as the runner would: translated, then applied.
fn press(screen: &mut StartScreen, name: &str) -> StartOutcome {
    common::press_start(screen, name)
}

fn press_text(screen: &mut StartScreen, text: &str) {
    for c in text.chars() {
        assert_eq!(press(screen, &c.to_string()), StartOutcome::Stay);
    }
}

fn drawn(screen: &StartScreen) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| screen.render(&Theme { color: false }, f))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_default_start_keys_do_what_they_did() {
    let mut s = screen_with(Keymap::default());
    press(&mut s, "down");
    press(&mut s, "j");
    assert_eq!(s.selected, 2, "down and j move down the list");
    press(&mut s, "k");
    assert_eq!(s.selected, 1);
    assert_eq!(press(&mut s, "enter"), StartOutcome::Open("b.ron".into()));
    assert!(drawn(&s).contains("↑↓ choose · Enter open · n new session · o open a file · q quit"));

    // In the form's text rows every character types, the list's keys too.
    press(&mut s, "n");
    assert!(s.form.is_some());
    assert!(drawn(&s).contains("↑↓ move · type to fill a row · Enter next · Esc back · F1 help"));
    press_text(&mut s, "q?no");
    press(&mut s, "enter");
    assert_eq!(s.form.as_ref().unwrap().values[1], "q?no");
    assert!(!s.help);
    // On the role row digits choose, Space turns the choice and ? shows help; Enter keeps the
    // choice and moves on, as on every row (it once turned the role, a slip nobody saw).
    press(&mut s, "down");
    press(&mut s, "down");
    press(&mut s, "2");
    assert_eq!(s.form.as_ref().unwrap().values[4], "csp");
    press(&mut s, "space");
    assert_eq!(s.form.as_ref().unwrap().values[4], "both");
    press(&mut s, "enter");
    assert_eq!(s.form.as_ref().unwrap().values[4], "both");
    assert_eq!(
        s.form.as_ref().unwrap().selected,
        5,
        "Enter moved to the catalogue row"
    );
    press(&mut s, "up");
    press(&mut s, "q");
    assert!(s.form.is_some(), "q does not quit from the form");
    press(&mut s, "?");
    assert!(s.help);
    // A resize or a tick is not a key: help stays.
    s.update(Action::Resize(80, 24));
    s.update(Action::Tick(Duration::from_secs(1)));
    assert!(s.help);
    press(&mut s, "q");
    assert!(!s.help, "any key closes help");
    // Esc on a changed form asks; y discards (a resize meanwhile answers nothing).
    press(&mut s, "esc");
    assert!(drawn(&s).contains("Discard this new session?"));
    s.update(Action::Resize(80, 24));
    assert!(drawn(&s).contains("Discard this new session?"));
    // On a choice row the help key still shows help over the question, which stays.
    press(&mut s, "?");
    assert!(s.help);
    press(&mut s, "k");
    assert!(drawn(&s).contains("Discard this new session?"));
    press(&mut s, "y");
    assert!(s.form.is_none());

    // The path box: characters type, Esc leaves it, Ctrl-C quits from anywhere.
    press(&mut s, "o");
    press_text(&mut s, "nq.ron");
    assert!(drawn(&s).contains("type or paste a path · Enter open · Esc back"));
    assert_eq!(press(&mut s, "enter"), StartOutcome::Open("nq.ron".into()));
    press(&mut s, "o");
    press(&mut s, "esc");
    assert!(s.opening.is_none());
    press(&mut s, "n");
    press_text(&mut s, "x");
    assert_eq!(press(&mut s, "ctrl-c"), StartOutcome::Quit);
    let mut s = screen_with(Keymap::default());
    assert_eq!(press(&mut s, "q"), StartOutcome::Quit);
    let mut s = screen_with(Keymap::default());
    assert_eq!(
        press(&mut s, "esc"),
        StartOutcome::Quit,
        "Esc leaves from the list"
    );
}

#[test]
fn rebound_start_keys_work_and_the_footer_and_help_name_them() {
    let km = keymap(
        r#"(start: {"new_session": ["a"], "quit": ["x", "ctrl-c"], "confirm": ["enter", "ctrl-j"], "help": ["f2"]})"#,
    );
    assert!(km.warnings().is_empty(), "{:?}", km.warnings());
    let mut s = screen_with(km);
    let list = drawn(&s);
    assert!(
        list.contains("↑↓ choose · Enter open · a new session · o open a file · x quit"),
        "{list}"
    );
    assert_eq!(press(&mut s, "n"), StartOutcome::Stay);
    assert!(s.form.is_none(), "n is no longer new session");
    assert_eq!(press(&mut s, "q"), StartOutcome::Stay, "q no longer quits");
    press(&mut s, "a");
    assert!(s.form.is_some(), "a is new session");
    // On a text row the rebound key types; the new confirm key goes on to the next row.
    press_text(&mut s, "a");
    press(&mut s, "ctrl-j");
    let form = s.form.as_ref().unwrap();
    assert_eq!((form.values[1].as_str(), form.selected), ("a", 2));
    assert!(drawn(&s).contains("Esc back · F2 help"), "{}", drawn(&s));
    press(&mut s, "f1");
    assert!(!s.help, "f1 is no longer help");
    press(&mut s, "f2");
    let help = drawn(&s);
    assert!(help.contains("any key closes"), "{help}");
    for (keys, what) in [
        ("Enter Ctrl-j", "open / edit a row"),
        ("a ", "new session"),
        ("x Ctrl-c", "quit"),
        ("F2", "this help"),
    ] {
        assert!(
            help.lines().any(|l| l.contains(keys) && l.contains(what)),
            "{keys} {what}: {help}"
        );
    }
    press(&mut s, "x");
    assert!(!s.help);
    assert_eq!(press(&mut s, "ctrl-c"), StartOutcome::Quit);
}

#[test]
fn a_bad_start_section_is_refused_with_its_place() {
    let text =
        "(\n  start: {\n    \"new_session\": [\"a\"],\n    \"open_file\": [\"b\", \"a\"],\n  },\n)";
    let err = Keymap::from_ron(text, "keymap.ron").unwrap_err();
    assert_eq!((err.line, err.column), (4, 24), "{err}");
    assert!(err.message.contains("start: the key \"a\""), "{err}");
    // Leaving the start screen no key to quit is refused at the start section's own "quit".
    let text = "(\n  list: {\"quit\": [\"q\"]},\n  start: {\"quit\": []},\n)";
    let err = Keymap::from_ron(text, "keymap.ron").unwrap_err();
    assert_eq!((err.line, err.column), (3, 12), "{err}");
    assert!(
        err.message.contains("\"quit\" needs at least one key")
            && err.message.contains("the start screen"),
        "{err}"
    );
}

#[test]
fn a_binding_that_takes_quits_last_key_is_refused_where_it_is_written() {
    // The user never wrote quit: the error points at the key that took quit's last one.
    let text = "(\n  list: {\"quit\": [\"q\"]},\n  start: {\"cancel\": [\"q\", \"ctrl-c\"]},\n)";
    let err = Keymap::from_ron(text, "keymap.ron").unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line, err.column),
        ("keymap.ron", 3, 27),
        "{err}"
    );
    assert!(
        err.message
            .contains("start: binding \"Ctrl-c\" to cancel leaves quit without a key")
            && err.message.contains("the start screen")
            && !err.message.contains("needs at least one key"),
        "{err}"
    );
    // The same in the workshop's list, across its two sections: the list section takes the key
    // the old workshop section gave quit.
    let text = "(\n  workshop: {\"quit\": [\"x\"]},\n  list: {\n    \"walk\": [\"x\"],\n  },\n)";
    let err = Keymap::from_ron(text, "keymap.ron").unwrap_err();
    assert_eq!((err.line, err.column), (4, 14), "{err}");
    assert!(
        err.message
            .contains("list: binding \"x\" to walk leaves quit without a key")
            && err.message.contains("the workshop"),
        "{err}"
    );
    // Taking one of quit's keys while it keeps another is fine.
    let text = "(start: {\"cancel\": [\"q\"]})";
    assert!(Keymap::from_ron(text, "keymap.ron").is_ok());
}

#[test]
fn a_rebound_start_key_works_in_the_real_binary() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/gapwalk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.ron"),
        r#"(start: {"new_session": ["a"], "quit": ["x", "ctrl-c"]})"#,
    )
    .unwrap();
    let mut pty = Pty::spawn(&[], dir.path(), 100, 30);
    pty.wait_text("a new session · o open a file · x quit");
    // q is free now: had it quit, the form below would never open.
    pty.send("q");
    pty.send("a");
    pty.wait_text("Create and open");
    // An untouched form closes at once; x quits from the list.
    common::esc(&mut pty);
    pty.wait_for("the form closed", |s| !s.contains("Create and open"));
    pty.send("x");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_start_screen_and_its_help_draw_on_a_tiny_terminal() {
    let mut s = screen_with(Keymap::default());
    press(&mut s, "?");
    for (width, height) in [(12, 5), (30, 8), (1, 1)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| s.render(&Theme { color: false }, f))
            .unwrap();
    }
}
