//! What a popup tells a user to press comes from the live keymap: the edit form's and the
//! session details' "leave it (P)", the walk's "Tab skips it", "u undoes" after a provider is
//! renamed or the recovery copy is applied. With keys rebound, the messages name the new ones.

use crate::common;

use std::path::PathBuf;

use gapwalk::fields::MetaField;
use gapwalk::recovery::{Offer, differences};
use gapwalk::session::Timestamp;
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::safety_popup::RecoveryPopup;

/// Presenter view on V, undo on U; the walk skips with Ctrl-n, in its text questions too.
const REBOUND: &str = r#"(list: {"toggle_presenter": ["V"], "undo": ["U"]}, walk: {"skip": ["ctrl-n"]}, text: {"skip": ["ctrl-n"]})"#;

fn with_keys(keymap: &str) -> App {
    let mut app = common::workshop("s.ron");
    app.set_keymap(Keymap::from_ron(keymap, "keymap.ron").unwrap_or_else(|e| panic!("{e}")));
    app.update(Action::Resize(160, 50));
    app
}

fn cmd(app: &mut App, command: Command) {
    app.update(Action::Command(command));
}

/// In presenter view, the form's editor refused on a hidden field: what the form says.
fn form_refusal(app: &mut App, presenter: &str) -> String {
    common::press(app, presenter);
    common::press(app, "enter");
    while !matches!(app.popups().last(), Some(Popup::Form(f)) if f.fields[f.selected].is_internal())
    {
        cmd(app, Command::NextField);
    }
    cmd(app, Command::Confirm);
    common::screen(app)
}

#[test]
fn the_forms_name_the_rebound_presenter_key() {
    let mut app = with_keys("()");
    let form = form_refusal(&mut app, "P");
    assert!(
        form.contains("hidden in presenter view: leave it (P) to edit"),
        "{form}"
    );

    let mut app = with_keys(REBOUND);
    let form = form_refusal(&mut app, "V");
    assert!(
        form.contains("hidden in presenter view: leave it (V) to edit"),
        "{form}"
    );
    common::press(&mut app, "esc");
    // The session details, on the data locations (their notes are internal).
    cmd(&mut app, Command::EditMetadata);
    let at = MetaField::ALL
        .iter()
        .position(|f| *f == MetaField::DataLocations)
        .unwrap();
    for _ in 0..at {
        cmd(&mut app, Command::NextField);
    }
    cmd(&mut app, Command::Confirm);
    let details = common::screen(&app);
    assert!(
        details.contains("notes are hidden in presenter view: leave it (V) to edit"),
        "{details}"
    );
}

/// Renames the first provider in the session details: the message it leaves, and the app.
fn rename_provider(keymap: &str) -> (String, App) {
    let mut app = with_keys(keymap);
    let old = app.session.meta.providers[0].name.clone();
    let value = MetaField::Providers.value(&app.session.meta);
    cmd(&mut app, Command::EditMetadata);
    let at = MetaField::ALL
        .iter()
        .position(|f| *f == MetaField::Providers)
        .unwrap();
    for _ in 0..at {
        cmd(&mut app, Command::NextField);
    }
    cmd(&mut app, Command::Confirm);
    common::clear_input(&mut app);
    common::type_text(&mut app, &value.replacen(&old, "Renamed Cloud", 1));
    cmd(&mut app, Command::Confirm);
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains(&format!("{old} is now Renamed Cloud")),
        "{message}"
    );
    (message, app)
}

#[test]
fn renaming_a_provider_names_the_rebound_undo_key() {
    let (message, _) = rename_provider("()");
    assert!(message.contains("(u undoes)"), "{message}");
    let (message, mut app) = rename_provider(REBOUND);
    assert!(message.contains("(U undoes)"), "{message}");
    // And U does undo it, from the list.
    common::press(&mut app, "esc");
    common::press(&mut app, "U");
    assert_ne!(app.session.meta.providers[0].name, "Renamed Cloud");
}

/// Applies a recovery copy (a new title): the message it leaves.
fn apply_recovery(keymap: &str) -> String {
    let mut app = with_keys(keymap);
    let mut copy = app.session.clone();
    copy.meta.title = "Northwind payroll cloud review (day 2)".into();
    let offer = Offer {
        copy: PathBuf::from("/state/recovery/fixture-0123.ron"),
        written: Timestamp::from_unix(1_795_000_200).unwrap(),
        differences: differences(&app.session, &copy, &app.catalogue),
        summary: "written today".into(),
        session: copy,
    };
    app.open_popup(Popup::Recovery(Box::new(RecoveryPopup::new(
        offer,
        app.keymap(),
    ))));
    let _ = app.update(Action::Choose(0));
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains("recovery copy applied"), "{message}");
    message
}

#[test]
fn applying_the_recovery_copy_names_the_rebound_undo_key() {
    let message = apply_recovery("()");
    assert!(message.ends_with("; u undoes it"), "{message}");
    let message = apply_recovery(REBOUND);
    assert!(message.ends_with("; U undoes it"), "{message}");
}

/// In presenter view, typing into a hidden question of the walk: what the walk says.
fn walk_refusal(keymap: &str, presenter: &str, skip: &str) -> String {
    let mut app = with_keys(keymap);
    common::press(&mut app, presenter);
    common::press(&mut app, "w");
    for _ in 0..60 {
        match app.popups().last() {
            Some(Popup::Walk(w)) if w.field.is_internal() && !w.on_card() => break,
            Some(Popup::Walk(_)) => common::press(&mut app, skip),
            _ => panic!("the walk closed before a hidden question"),
        };
    }
    common::press(&mut app, "x");
    common::screen(&app)
}

#[test]
fn the_walk_names_its_rebound_skip_key_and_the_presenter_key() {
    let walk = walk_refusal("()", "P", "tab");
    assert!(
        walk.contains("hidden in presenter view: Tab skips it, or leave it (P) to answer"),
        "{walk}"
    );
    let walk = walk_refusal(REBOUND, "V", "ctrl-n");
    assert!(
        walk.contains("hidden in presenter view: Ctrl-n skips it, or leave it (V) to answer"),
        "{walk}"
    );
}

/// Walks from the selected control, skipping, until `wanted` holds of the question on top.
fn walk_until(app: &mut App, skip: &str, wanted: impl Fn(&gapwalk::tui::walk::WalkPopup) -> bool) {
    common::press(app, "w");
    for _ in 0..60 {
        match app.popups().last() {
            Some(Popup::Walk(w)) if wanted(w) && !w.on_card() => return,
            Some(Popup::Walk(_)) => common::press(app, skip),
            _ => panic!("the walk closed before the question"),
        };
    }
    panic!("no such question within 60 skips");
}

#[test]
fn the_walks_hints_name_its_rebound_confirm_keys() {
    // The walk's own confirm on a choice question, the text field's on a text question.
    let keys = r#"(walk: {"confirm": ["ctrl-j"]}, text: {"confirm": ["ctrl-k"]})"#;
    for (keymap, walk_confirm, text_confirm) in
        [("()", "Enter", "Enter"), (keys, "Ctrl-j", "Ctrl-k")]
    {
        let mut app = with_keys(keymap);
        walk_until(&mut app, "tab", |w| w.field.is_reasons());
        common::press(&mut app, "+");
        let message = app.message.clone().unwrap_or_default();
        assert_eq!(
            message,
            format!("several reasons: digits toggle, {walk_confirm} when done")
        );
        common::press(&mut app, "esc");
        walk_until(&mut app, "tab", |w| {
            w.field.kind() == gapwalk::tui::field::Kind::Text { names: true }
        });
        common::clear_input(&mut app);
        common::type_text(&mut app, "Zed Nobody");
        common::press(&mut app, &text_confirm.to_lowercase());
        let shown = common::screen(&app);
        assert!(
            shown.contains(&format!(
                "is not a name this session knows: {text_confirm} again"
            )),
            "{shown}"
        );
    }
}
