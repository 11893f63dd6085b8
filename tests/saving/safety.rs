//! The questions asked when a session opens, and read-only mode, through `App::update` without a
//! terminal: what each answer does to the session and which file work it asks the runner for.

use crate::common;

use std::path::PathBuf;

use gapwalk::recovery::{Offer, differences};
use gapwalk::session::{Applicability, Assessment, Decision, Edit, Session, Status, Timestamp};
use gapwalk::tui::action::{Action, Command, Effect};
use gapwalk::tui::app::App;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::safety_popup::{LockedPopup, RecoveryPopup};

fn app() -> App {
    common::workshop("fixture.ron")
}

fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
    app.update(Action::Command(c))
}

fn read_only_app() -> App {
    let mut app = app();
    app.read_only = Some("process 42 of ana has it open".into());
    app
}

#[test]
fn read_only_refuses_every_change_and_every_write_with_a_message() {
    let mut app = read_only_app();
    let before = app.session.clone();
    for command in [
        Command::Walk,
        Command::Edit,
        Command::ToggleFlag,
        Command::LogDecision,
        Command::EditMetadata,
        Command::Undo,
        Command::Redo,
        Command::Save,
    ] {
        app.message = None;
        let effects = cmd(&mut app, command);
        assert!(effects.is_empty(), "{command:?} asked for {effects:?}");
        assert!(app.popups().is_empty(), "{command:?} opened an editor");
        let message = app.message.clone().unwrap_or_default();
        assert!(
            message.contains("read-only") && message.contains("process 42"),
            "{command:?}: {message}"
        );
    }
    // Even an edit that reaches the app some other way is refused.
    let mut a = Assessment::new("5.1.1");
    a.applicability = Applicability::Applicable;
    app.apply_edit(Edit::SetAssessment {
        control: "5.1.1".into(),
        assessment: Some(Box::new(a)),
    });
    for _ in 0..20 {
        app.update(Action::Tick(std::time::Duration::from_secs(60)));
    }
    let mut resume_free = app.session.clone();
    resume_free.resume_at = before.resume_at.clone();
    assert_eq!(resume_free, before);
    // Quitting leaves without a save.
    assert_eq!(cmd(&mut app, Command::Quit), vec![Effect::Quit]);
}

#[test]
fn read_only_still_moves_searches_and_filters() {
    let mut app = read_only_app();
    let start = app.selected();
    cmd(&mut app, Command::SelectNext);
    assert_ne!(app.selected(), start);
    cmd(&mut app, Command::OpenJump);
    assert!(matches!(app.popups().last(), Some(Popup::Jump(_))));
    cmd(&mut app, Command::Cancel);
    cmd(&mut app, Command::OpenFilter);
    assert!(matches!(app.popups().last(), Some(Popup::Filter(_))));
    app.update(Action::Choose(1));
    assert_eq!(*app.filter(), gapwalk::tui::app::Filter::Gaps);
}

#[test]
fn the_locked_question_offers_read_only_or_quitting() {
    let mut app = read_only_app();
    app.open_popup(Popup::Locked(Box::new(LockedPopup {
        message: "s.ron is open in another gapwalk".into(),
    })));
    // Keys other than the answers change nothing behind the question.
    cmd(&mut app, Command::SelectNext);
    assert_eq!(app.popups().len(), 1);
    assert!(app.update(Action::Choose(0)).is_empty());
    assert!(app.popups().is_empty());
    assert!(app.message.as_deref().unwrap_or("").contains("read-only"));

    let mut app = read_only_app();
    app.open_popup(Popup::Locked(Box::new(LockedPopup {
        message: String::new(),
    })));
    assert_eq!(app.update(Action::Choose(1)), vec![Effect::Quit]);
}

/// The fixture with work the file does not have: a new gap, a changed record, a decision.
fn recovered(app: &App) -> Session {
    let mut copy = app.session.clone();
    let mut a = Assessment::new("13.1.1");
    a.applicability = Applicability::Applicable;
    a.status = Status::Planned;
    a.justification = "Segmentation is required by our customers".into();
    copy.apply(
        Edit::SetAssessment {
            control: "13.1.1".into(),
            assessment: Some(Box::new(a)),
        },
        &app.catalogue,
    );
    let mut b = copy.assessment("12.3.1", &app.catalogue).unwrap().clone();
    b.status = Status::Partial;
    copy.apply(
        Edit::SetAssessment {
            control: "12.3.1".into(),
            assessment: Some(Box::new(b)),
        },
        &app.catalogue,
    );
    copy.decisions.push(Decision {
        at: Timestamp::from_unix(1_795_000_100).unwrap(),
        by: "Ana Lima".into(),
        control: Some("13.1.1".into()),
        text: "Network review in January".into(),
    });
    copy.meta.title = "Northwind payroll cloud review (day 2)".into();
    copy
}

fn with_offer(app: &mut App) -> Session {
    let copy = recovered(app);
    let offer = Offer {
        copy: PathBuf::from("/state/recovery/fixture-0123.ron"),
        written: Timestamp::from_unix(1_795_000_200).unwrap(),
        differences: differences(&app.session, &copy, &app.catalogue),
        summary: "written today".into(),
        session: copy.clone(),
    };
    app.open_popup(Popup::Recovery(Box::new(RecoveryPopup::new(
        offer,
        app.keymap(),
    ))));
    copy
}

#[test]
fn the_differences_name_each_changed_control_and_field_with_both_values() {
    let mut app = app();
    with_offer(&mut app);
    let Some(Popup::Recovery(popup)) = app.popups().last() else {
        panic!("no offer");
    };
    assert_eq!(
        popup.offer.differences,
        [
            "session details, title: the file has \"Northwind payroll cloud review\", the copy \"Northwind payroll cloud review (day 2)\"; the copy's is used",
            "12.3.1, status: the file has \"implemented\", the copy \"partial\"; the copy's is used",
            "13.1.1: recorded only in the copy: applicability \"applicable\", justification \"Segmentation is required by our custom…, status \"planned\"",
            "decision log: 1 entry only in the copy, 0 entries only in the file",
        ]
    );
}

#[test]
fn using_the_recovery_copy_is_one_change_that_undo_takes_back() {
    let mut app = app();
    let original = app.session.clone();
    let copy = with_offer(&mut app);
    assert!(app.recovery_pending());
    let effects = app.update(Action::Choose(0));
    assert!(effects.is_empty());
    assert!(!app.recovery_pending());
    let mut got = app.session.clone();
    got.meta.updated = copy.meta.updated;
    got.resume_at = copy.resume_at.clone();
    // A change begins the day's meeting record.
    got.meta.meetings = copy.meta.meetings.clone();
    assert_eq!(got, copy);
    assert!(matches!(
        app.save_status(),
        gapwalk::tui::app::SaveStatus::Dirty(_)
    ));
    cmd(&mut app, Command::Undo);
    let mut back = app.session.clone();
    back.resume_at = original.resume_at.clone();
    back.meta.updated = original.meta.updated;
    back.meta.meetings = original.meta.meetings.clone();
    assert_eq!(back, original);
}

#[test]
fn keeping_the_file_asks_the_runner_to_set_the_copy_aside_and_changes_nothing() {
    let mut app = app();
    let original = app.session.clone();
    with_offer(&mut app);
    assert!(matches!(
        app.update(Action::Choose(1)).as_slice(),
        [Effect::SetAsideRecovery(aside)] if aside.path == app.path
    ));
    assert!(app.popups().is_empty());
    assert_eq!(app.session, original);
    assert!(app.undo.is_empty());
}

#[test]
fn the_offer_waits_for_an_answer_and_can_be_looked_at_first() {
    let mut app = app();
    let original = app.session.clone();
    with_offer(&mut app);
    for command in [
        Command::Cancel,
        Command::Quit,
        Command::Confirm,
        Command::Walk,
    ] {
        cmd(&mut app, command);
        assert!(app.recovery_pending(), "{command:?} dismissed the offer");
    }
    app.update(Action::Paste("whatever".into()));
    app.update(Action::Choose(7));
    assert!(app.recovery_pending());
    assert_eq!(app.session, original);
    app.update(Action::Choose(2));
    let Some(Popup::Recovery(popup)) = app.popups().last() else {
        panic!("no offer");
    };
    assert!(popup.looking);
    cmd(&mut app, Command::Cancel);
    let Some(Popup::Recovery(popup)) = app.popups().last() else {
        panic!("no offer");
    };
    assert!(!popup.looking);
}
