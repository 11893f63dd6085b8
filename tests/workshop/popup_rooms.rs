//! Popups as rooms: each takes actions with the workshop's model alone and answers with an
//! outcome, so it can be driven without an app; inside the app the stack keeps its order.

use crate::common;

use gapwalk::session::Timestamp;
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::{App, Filter};
use gapwalk::tui::model::Model;
use gapwalk::tui::popup::{DecisionPopup, FilterPopup, Popup, Request, Room, Step};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn model() -> Model {
    let (session, catalogue) = common::fixture();
    Model::new(
        session,
        catalogue,
        "rooms.ron".into(),
        "Ana".into(),
        Timestamp::from_unix(1_780_000_000).unwrap(),
    )
}

fn typed(room: &mut dyn Room, model: &mut Model, text: &str) {
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let outcome = room.update(model, Action::Type(key));
        assert!(matches!(outcome.step, Step::Stay));
    }
}

#[test]
fn the_decision_log_records_on_the_model_it_is_given_and_closes() {
    let mut model = model();
    let before = model.session.decisions.len();
    let mut popup = DecisionPopup::new(Some("9.2.3".into()));
    typed(&mut popup, &mut model, "Keep MFA on break-glass accounts");
    let outcome = popup.update(&mut model, Action::Command(Command::Confirm));
    assert!(matches!(outcome.step, Step::Close));
    assert!(outcome.effects.is_empty());
    let decision = model.session.decisions.last().unwrap();
    assert_eq!(model.session.decisions.len(), before + 1);
    assert_eq!(decision.text, "Keep MFA on break-glass accounts");
    assert_eq!(decision.control.as_deref(), Some("9.2.3"));
    assert_eq!(decision.by, "Ana");
    // It is an undoable change like any other.
    assert_eq!(model.undo.len(), 1);
    assert_eq!(model.generation(), 1);
}

#[test]
fn a_read_only_model_refuses_the_decision_and_says_why() {
    let mut model = model();
    model.read_only = Some("opened with --read-only".into());
    let before = model.session.decisions.len();
    let mut popup = DecisionPopup::new(None);
    typed(&mut popup, &mut model, "x");
    let _ = popup.update(&mut model, Action::Command(Command::Confirm));
    assert_eq!(model.session.decisions.len(), before);
    assert!(model.message.unwrap().starts_with("read-only"));
}

#[test]
fn the_filter_popup_asks_the_list_for_the_filter_it_cannot_set_itself() {
    let mut model = model();
    let mut popup = FilterPopup::new(&model, &Filter::All);
    let gaps = popup
        .options
        .iter()
        .position(|f| *f == Filter::Gaps)
        .unwrap();
    let outcome = popup.update(&mut model, Action::Choose(gaps));
    assert!(matches!(outcome.step, Step::Close));
    assert_eq!(outcome.requests, [Request::Filter(Filter::Gaps)]);
    // A digit past the options is no choice: the popup stays and asks nothing.
    let outcome = popup.update(&mut model, Action::Choose(500));
    assert!(matches!(outcome.step, Step::Stay));
    assert!(outcome.requests.is_empty());
}

fn app() -> App {
    common::workshop("rooms.ron")
}

#[test]
fn help_over_a_popup_scrolls_and_closes_back_to_it() {
    let mut app = app();
    app.update(Action::Command(Command::OpenJump));
    app.update(Action::Command(Command::Help));
    assert!(matches!(app.popups(), [Popup::Jump(_), Popup::Help(_)]));
    // Scrolling the help keeps it on top of the popup it was opened over.
    app.update(Action::Command(Command::SelectNext));
    let [Popup::Jump(_), Popup::Help(help)] = app.popups() else {
        panic!("help left the top of the stack");
    };
    assert_eq!(help.scroll, 1);
    app.update(Action::Command(Command::Cancel));
    assert!(matches!(app.popups(), [Popup::Jump(_)]));
}

#[test]
fn the_jump_reveals_a_control_hidden_by_the_filter() {
    let mut app = app();
    app.update(Action::Command(Command::OpenFilter));
    let Some(Popup::Filter(filter)) = app.popups().last() else {
        panic!("filter popup");
    };
    let flagged = filter.options.iter().position(|f| *f == Filter::Flagged);
    app.update(Action::Choose(flagged.unwrap()));
    assert_eq!(*app.filter(), Filter::Flagged);
    assert_eq!(app.message.as_deref(), Some("showing flagged"));
    let hidden = (0..app.catalogue.controls.len())
        .find(|&i| !app.matches_filter(i))
        .unwrap();
    let id = app.catalogue.controls[hidden].id.clone();
    app.update(Action::Command(Command::OpenJump));
    for c in id.chars() {
        app.update(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.update(Action::Command(Command::Confirm));
    assert!(app.popups().is_empty());
    assert_eq!(*app.filter(), Filter::All);
    assert_eq!(app.catalogue.controls[app.selected().unwrap()].id, id);
}

#[test]
fn a_decision_logged_in_the_app_joins_the_list_and_is_saved_next() {
    let mut app = app();
    let control = app.catalogue.controls[app.selected().unwrap()].id.clone();
    app.update(Action::Command(Command::LogDecision));
    for c in "Accept the residual risk".chars() {
        app.update(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.update(Action::Command(Command::Confirm));
    assert!(app.popups().is_empty());
    let decision = app.session.decisions.last().unwrap();
    assert_eq!(decision.control.as_deref(), Some(control.as_str()));
    assert_eq!(app.message.as_deref(), Some("decision logged"));
    assert!(matches!(
        app.save_status(),
        gapwalk::tui::app::SaveStatus::Dirty(_)
    ));
}

#[test]
fn the_conflict_picker_settles_on_the_model_and_closes_when_none_is_left() {
    use gapwalk::session::Conflict;
    use gapwalk::tui::conflict::ConflictTarget;
    use gapwalk::tui::popup::ResolvePopup;
    let mut model = model();
    model.session.meta.conflicts = vec![Conflict {
        field: "title".into(),
        item: String::new(),
        base: "Payroll review".into(),
        ours: model.session.meta.title.clone(),
        theirs: "Payroll cloud review 2026".into(),
    }];
    let mut picker = ResolvePopup {
        target: ConflictTarget::Session,
        selected: 0,
    };
    // A digit that is neither side settles nothing.
    let outcome = picker.update(&mut model, Action::Choose(2));
    assert!(matches!(outcome.step, Step::Stay));
    assert_eq!(model.conflict_count(), 1);
    let outcome = picker.update(&mut model, Action::Choose(1));
    assert!(matches!(outcome.step, Step::Close));
    assert_eq!(model.session.meta.title, "Payroll cloud review 2026");
    assert_eq!(model.conflict_count(), 0);
    assert!(model.message.as_deref().unwrap().contains("took theirs"));
    assert_eq!(model.undo.len(), 1);
}
