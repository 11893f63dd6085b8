//! Keys by context: one keymap section per context (list, walk, form, jump, export, other
//! popups, text field), picked by one function of the state; in a text field only keys its
//! section lists are commands; hints and help come from the live bindings; one key bound to two
//! commands in one section is refused with its place; the old two-section file still loads.

use crate::common;
use common::screen;

use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::field::Field;
use gapwalk::tui::input::mode;
use gapwalk::tui::keymap::{Key, Keymap, Mode};
use gapwalk::tui::popup::Popup;

fn with_keymap(keymap: Keymap) -> App {
    let (session, catalogue) = common::fixture();
    let mut app = App::new(
        session,
        catalogue,
        "fixture.ron".into(),
        keymap,
        "Ana Lima".into(),
        gapwalk::session::Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    app.update(Action::Resize(120, 40));
    app
}

fn keymap(text: &str) -> Keymap {
    Keymap::from_ron(text, "keymap.ron").unwrap_or_else(|e| panic!("{e}"))
}

fn walk_field(app: &App) -> Field {
    match app.popups().last() {
        Some(Popup::Walk(w)) => w.field.clone(),
        _ => panic!("no walk on top"),
    }
}

/// Walks the selected control to its justification, a text question.
fn walk_to_text_question(app: &mut App) {
    common::press(app, "w");
    while walk_field(app) != Field::Justification {
        let before = walk_field(app);
        common::press(app, "tab");
        assert_ne!(walk_field(app), before, "tab did not move the walk on");
    }
}

#[test]
fn one_function_of_the_state_picks_the_context() {
    let mut app = with_keymap(Keymap::default());
    assert_eq!(mode(&app), Mode::List);
    common::press(&mut app, "w");
    assert_eq!(walk_field(&app), Field::Applicability);
    assert_eq!(mode(&app), Mode::Walk, "a choice question is the walk's");
    walk_to_text_question(&mut app);
    assert_eq!(mode(&app), Mode::Text, "a text question is a text field");
    common::press(&mut app, "esc");
    common::press(&mut app, "esc");
    assert!(app.popups().is_empty());

    common::press(&mut app, "enter");
    assert_eq!(mode(&app), Mode::Form);
    common::press(&mut app, "down");
    common::press(&mut app, "down");
    common::press(&mut app, "enter");
    assert_eq!(
        mode(&app),
        Mode::Text,
        "an open field of the form is a text field"
    );
    common::press(&mut app, "esc");
    common::press(&mut app, "esc");

    common::press(&mut app, "/");
    assert_eq!(mode(&app), Mode::Jump);
    common::press(&mut app, "esc");
    common::press(&mut app, "e");
    assert_eq!(mode(&app), Mode::Export);
    common::press(&mut app, "esc");
    common::press(&mut app, "f");
    assert_eq!(mode(&app), Mode::Dialog);
}

#[test]
fn in_a_text_field_only_the_text_sections_keys_are_commands() {
    // The old file's popup section binds a printable key: a command in popups, typing in a
    // text field, and the user is told.
    let km = keymap(r#"(popup: {"skip": ["tab", "s"]})"#);
    assert_eq!(km.warnings().len(), 1, "{:?}", km.warnings());
    assert!(km.warnings()[0].contains("\"s\""), "{:?}", km.warnings());
    let mut app = with_keymap(km);
    common::press(&mut app, "w");
    assert_eq!(walk_field(&app), Field::Applicability);
    common::press(&mut app, "s");
    assert_ne!(
        walk_field(&app),
        Field::Applicability,
        "s skips a choice question"
    );
    walk_to_text_question(&mut app);
    common::press_text(&mut app, "ss");
    let Some(Popup::Walk(w)) = app.popups().last() else {
        panic!("the walk closed");
    };
    assert_eq!(w.field, Field::Justification, "s typed instead of skipping");
    assert!(w.text().ends_with("ss"), "{:?}", w.text());
    common::press(&mut app, "esc");
    common::press(&mut app, "esc");
    // The jump popup's search is typed into as well.
    common::press(&mut app, "/");
    common::press_text(&mut app, "ss");
    let Some(Popup::Jump(jump)) = app.popups().last() else {
        panic!("the jump popup closed");
    };
    assert_eq!(gapwalk::tui::popup::input_text(&jump.input), "ss");

    // A key the text section lists is a command there.
    let mut app = with_keymap(keymap(r#"(text: {"skip": ["ctrl-n"]})"#));
    walk_to_text_question(&mut app);
    common::press(&mut app, "ctrl-n");
    assert_ne!(walk_field(&app), Field::Justification);
}

#[test]
fn each_context_has_one_command_per_key() {
    let km = Keymap::default();
    for mode in Mode::ALL {
        let mut seen: Vec<(Key, Command)> = Vec::new();
        for (command, keys) in km.bindings(mode) {
            for key in keys {
                if let Some((_, other)) = seen.iter().find(|(k, _)| k == key) {
                    panic!(
                        "{}: {} is both {} and {}",
                        mode.name(),
                        key.label(),
                        other.name(),
                        command.name()
                    );
                }
                seen.push((*key, *command));
            }
        }
    }
    // No printable key is a command in a text field.
    for (command, keys) in km.bindings(Mode::Text) {
        for key in keys {
            assert!(
                !matches!(key.code, ratatui::crossterm::event::KeyCode::Char(_))
                    || key.ctrl
                    || key.alt,
                "{} types in a text field but is {}",
                key.label(),
                command.name()
            );
        }
    }
}

#[test]
fn a_key_bound_twice_in_one_section_is_refused_with_its_place() {
    let text = "(\n  walk: {\n    \"skip\": [\"x\"],\n    \"back\": [\"y\", \"x\"],\n  },\n)";
    let err = Keymap::from_ron(text, "keymap.ron").unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line, err.column),
        ("keymap.ron", 4, 19)
    );
    assert!(
        err.message.contains("\"x\"")
            && err.message.contains("back")
            && err.message.contains("skip"),
        "{}",
        err.message
    );
    // The same key in two sections, or in two contexts, is fine.
    keymap(r#"(walk: {"skip": ["x"]}, form: {"back": ["x"]}, list: {"walk": ["x"]})"#);
}

#[test]
fn the_old_two_section_file_still_loads_and_takes_effect() {
    // Valid before contexts existed: tab was skip's and next field's at once; naming it for
    // next field in the popup section gives it to next field, in every popup context.
    let km = keymap(
        r#"(workshop: {"walk": ["W"]}, popup: {"next_field": ["tab"], "confirm": ["enter", "ctrl-j"]})"#,
    );
    assert!(km.warnings().is_empty(), "{:?}", km.warnings());
    let tab = Key::parse("tab").unwrap();
    for mode in Mode::POPUPS {
        assert_eq!(km.commands(mode, &tab), [Command::NextField], "{mode:?}");
    }
    // Not in a text field: its section keeps the defaults.
    assert_eq!(km.commands(Mode::Text, &tab), [Command::Skip]);
    assert_eq!(
        km.commands(Mode::List, &Key::parse("W").unwrap()),
        [Command::Walk]
    );
    assert!(
        km.commands(Mode::List, &Key::parse("w").unwrap())
            .is_empty()
    );
}

#[test]
fn hints_and_help_come_from_the_live_bindings() {
    let km = keymap(
        r#"(form: {"confirm": ["ctrl-j"], "cancel": ["ctrl-q"]}, walk: {"toggle_depth": ["ctrl-b"]}, text: {"cancel": ["ctrl-q"]})"#,
    );
    let mut app = with_keymap(km);
    common::press(&mut app, "enter");
    common::press(&mut app, "down");
    common::press(&mut app, "down");
    let form = screen(&app);
    assert!(
        form.contains("Ctrl-j edits · ↑↓ move · Ctrl-q closes"),
        "{form}"
    );
    common::press(&mut app, "ctrl-j");
    assert_eq!(mode(&app), Mode::Text);
    let editing = screen(&app);
    assert!(
        editing.contains("Enter saves the field · Ctrl-q cancels"),
        "{editing}"
    );
    common::press(&mut app, "ctrl-q");
    common::press(&mut app, "ctrl-q");
    assert!(app.popups().is_empty());

    common::press(&mut app, "w");
    let walk = screen(&app);
    assert!(walk.contains("Ctrl-b depth"), "{walk}");

    app.update(Action::Resize(120, 120));
    app.update(Action::Command(Command::Help));
    let help = screen(&app);
    assert!(help.contains("In the forms"), "{help}");
    assert!(help.contains("Ctrl-j"), "{help}");
}

#[test]
fn a_printable_key_taken_from_typing_is_warned_about() {
    // The text section's own printable key: a command in a text field, and said at load.
    let km = keymap(r#"(text: {"skip": ["tab", "s"]})"#);
    assert_eq!(km.warnings().len(), 1, "{:?}", km.warnings());
    assert!(
        km.warnings()[0].contains("text binds the printable key \"s\" to skip"),
        "{:?}",
        km.warnings()
    );
    let mut app = with_keymap(km);
    walk_to_text_question(&mut app);
    common::press(&mut app, "s");
    assert_ne!(walk_field(&app), Field::Justification, "s is skip there");
    // So is the jump section's: its search no longer types the character.
    let km = keymap(r#"(jump: {"cancel": ["esc", "x"]})"#);
    assert!(
        km.warnings()
            .iter()
            .any(|w| w.contains("jump binds the printable key \"x\"")),
        "{:?}",
        km.warnings()
    );
    // Keys that do not type (ctrl-, alt-, named keys) are not warned about.
    let km = keymap(r#"(text: {"skip": ["ctrl-n", "f5"]}, jump: {"cancel": ["alt-x"]})"#);
    assert!(km.warnings().is_empty(), "{:?}", km.warnings());
}

#[test]
fn keymap_warnings_are_printed_before_the_workshop_starts() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &[]);
    let config = dir.path().join("config/gapwalk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.ron"),
        r#"(text: {"confirm": ["enter", "y"]}, popup: {"skip": ["tab", "s"]})"#,
    )
    .unwrap();
    // No terminal: the warnings come first, then the refusal.
    let out = common::gapwalk(dir.path())
        .args(["open", "s.ron"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning:") && err.contains("text binds the printable key \"y\" to confirm"),
        "{err}"
    );
    assert!(err.contains("popup binds the printable key \"s\""), "{err}");
    assert!(err.contains("needs an interactive terminal"), "{err}");
}
