//! Merge conflicts on the workshop screen, without a terminal: the list marks conflicted
//! controls and filters them, the picker settles one with ours or theirs as an undoable edit,
//! and changing the field in the edit form settles it too. Two snapshots show how it reads.

use crate::common;
use common::screen;

use std::path::PathBuf;

use gapwalk::session::{Conflict, Edit, Session, Status, Timestamp};
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::{App, Filter, Row};
use gapwalk::tui::field::Field;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn conflict(field: &str, item: &str, base: &str, ours: &str, theirs: &str) -> Conflict {
    Conflict {
        field: field.into(),
        item: item.into(),
        base: base.into(),
        ours: ours.into(),
        theirs: theirs.into(),
    }
}

/// The fixture as a merge left it: 9.2.3 has its status and an AWS owner in conflict, and
/// the session title too.
fn merged_session() -> App {
    let (mut session, catalogue) = common::fixture();
    let mut a = session.assessment("9.2.3", &catalogue).unwrap().clone();
    a.conflicts = vec![
        conflict("status", "", "planned", "partial", "implemented"),
        conflict("customer_owner", "AWS", "", "Bruno Costa", "Dara Okafor"),
    ];
    session.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &catalogue,
    );
    session.meta.conflicts = vec![conflict(
        "title",
        "",
        "Payroll review",
        "Northwind payroll cloud review",
        "Payroll cloud review 2026",
    )];
    let mut app = App::new(
        session,
        catalogue,
        PathBuf::from("merged.ron"),
        Keymap::default(),
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    app.update(Action::Resize(80, 24));
    app
}

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
}

fn record(app: &App, id: &str) -> gapwalk::session::Assessment {
    app.session.assessment(id, &app.catalogue).unwrap().clone()
}

fn select(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
}

fn without_conflicts(s: &Session) -> Session {
    let mut s = s.clone();
    s.meta.conflicts.clear();
    for a in &mut s.assessments {
        a.conflicts.clear();
    }
    s
}

#[test]
fn the_conflicts_filter_shows_only_conflicted_controls() {
    let mut app = merged_session();
    cmd(&mut app, Command::OpenFilter);
    let Some(Popup::Filter(filter)) = app.popups().last() else {
        panic!("filter popup");
    };
    let at = filter.options.iter().position(|f| *f == Filter::Conflicts);
    app.update(Action::Choose(at.expect("a conflicts filter")));
    let shown: Vec<&str> = app
        .rows()
        .iter()
        .filter_map(|r| match r {
            Row::Control(i) => Some(app.catalogue.controls[*i].id.as_str()),
            Row::Clause(_) => None,
        })
        .collect();
    assert_eq!(shown, ["9.2.3"]);
    assert_eq!(app.conflict_count(), 3);
}

#[test]
fn settling_the_last_conflict_under_the_conflicts_filter_empties_the_list_safely() {
    let mut app = merged_session();
    app.set_filter(Filter::Conflicts);
    app.rebuild_rows();
    select(&mut app, "9.2.3");
    cmd(&mut app, Command::ResolveConflict);
    app.update(Action::Choose(0));
    app.update(Action::Choose(1));
    assert!(app.rows().is_empty(), "nothing conflicted is left to show");
    assert_eq!(app.selected(), None);
    assert!(screen(&app).contains("No control matches"));
    cmd(&mut app, Command::Undo);
    assert_eq!(
        app.rows().len(),
        2,
        "undo brings the control back into the filter"
    );
}

#[test]
fn picking_theirs_is_an_ordinary_edit_that_undo_takes_back() {
    let mut app = merged_session();
    select(&mut app, "9.2.3");
    let key = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
    let action = gapwalk::tui::input::translate(&app, Event::Key(key));
    assert_eq!(action, Some(Action::Command(Command::ResolveConflict)));
    app.update(action.unwrap());
    assert!(matches!(app.popups().last(), Some(Popup::Resolve(_))));
    app.update(Action::Choose(1)); // take theirs for the status
    let a = record(&app, "9.2.3");
    assert_eq!(a.status, Status::Implemented);
    assert_eq!(a.conflicts.len(), 1, "only the status conflict is settled");
    assert_eq!(a.conflicts[0].field, "customer_owner");
    assert!(app.message.as_deref().unwrap().contains("took theirs"));
    app.update(Action::Choose(0)); // keep ours for the AWS owner
    let a = record(&app, "9.2.3");
    assert_eq!(
        a.responsibility("AWS").unwrap().customer_owner,
        "Bruno Costa"
    );
    assert!(a.conflicts.is_empty());
    assert!(
        app.popups().is_empty(),
        "the picker closes when nothing is left"
    );
    assert!(!app.rows().is_empty());
    cmd(&mut app, Command::Undo);
    cmd(&mut app, Command::Undo);
    let a = record(&app, "9.2.3");
    assert_eq!(a.status, Status::Partial, "undo restores ours");
    assert_eq!(a.conflicts.len(), 2, "and the conflicts");
    cmd(&mut app, Command::Redo);
    let a = record(&app, "9.2.3");
    assert_eq!((a.status, a.conflicts.len()), (Status::Implemented, 1));
}

#[test]
fn changing_a_conflicted_field_in_the_form_settles_it() {
    let mut app = merged_session();
    select(&mut app, "9.2.3");
    cmd(&mut app, Command::Edit);
    let Some(Popup::Form(form)) = app.popups().last() else {
        panic!("form");
    };
    let status = form
        .fields
        .iter()
        .position(|f| *f == Field::Status)
        .unwrap();
    let owner = form
        .fields
        .iter()
        .position(|f| *f == Field::CustomerOwner("AWS".into()))
        .unwrap();
    for _ in 0..owner {
        cmd(&mut app, Command::NextField);
    }
    // Ctrl-O in the form opens the picker at this field's conflict.
    let key = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
    let action = gapwalk::tui::input::translate(&app, Event::Key(key)).unwrap();
    app.update(action);
    let Some(Popup::Resolve(picker)) = app.popups().last() else {
        panic!("picker");
    };
    assert_eq!(picker.selected, 1, "the customer_owner conflict");
    cmd(&mut app, Command::Cancel);
    // Typing the owner anew settles that conflict, whatever the value.
    cmd(&mut app, Command::Confirm);
    for _ in 0..40 {
        app.update(Action::Type(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    for c in "Chen Wei".chars() {
        app.update(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    cmd(&mut app, Command::Confirm);
    let a = record(&app, "9.2.3");
    assert_eq!(a.responsibility("AWS").unwrap().customer_owner, "Chen Wei");
    assert_eq!(a.conflicts.len(), 1);
    assert_eq!(a.conflicts[0].field, "status");
    // Choosing a status settles the other one.
    assert!(
        status > owner,
        "the status comes after the providers' lines"
    );
    for _ in owner..status {
        cmd(&mut app, Command::NextField);
    }
    app.update(Action::Choose(0)); // implemented
    let a = record(&app, "9.2.3");
    assert_eq!(a.status, Status::Implemented);
    assert!(a.conflicts.is_empty());
}

#[test]
fn a_session_detail_conflict_settles_from_the_details_form() {
    let mut app = merged_session();
    cmd(&mut app, Command::EditMetadata);
    cmd(&mut app, Command::ResolveConflict);
    assert!(matches!(app.popups().last(), Some(Popup::Resolve(_))));
    app.update(Action::Choose(1));
    assert_eq!(app.session.meta.title, "Payroll cloud review 2026");
    assert!(app.session.meta.conflicts.is_empty());
    cmd(&mut app, Command::Cancel);
    cmd(&mut app, Command::Undo);
    assert_eq!(app.session.meta.title, "Northwind payroll cloud review");
    assert_eq!(app.session.meta.conflicts.len(), 1);
}

#[test]
fn settling_everything_leaves_the_merged_values() {
    let mut app = merged_session();
    let expected = without_conflicts(&app.session);
    select(&mut app, "9.2.3");
    cmd(&mut app, Command::ResolveConflict);
    app.update(Action::Choose(0));
    app.update(Action::Choose(0));
    cmd(&mut app, Command::EditMetadata);
    cmd(&mut app, Command::ResolveConflict);
    app.update(Action::Choose(0));
    assert_eq!(app.conflict_count(), 0);
    let mut now = without_conflicts(&app.session);
    now.meta.updated = expected.meta.updated;
    // Settling is a change: it begins the day's meeting record.
    now.meta.meetings = expected.meta.meetings.clone();
    let before = expected.assessment("9.2.3", &app.catalogue).unwrap();
    for a in &mut now.assessments {
        if a.control == "9.2.3" {
            a.changed_at = before.changed_at;
            a.changed_by = before.changed_by.clone();
        }
    }
    assert_eq!(
        now, expected,
        "keeping ours everywhere changes nothing but the records"
    );
}

#[test]
fn the_screen_marks_conflicts_without_colour() {
    let mut app = merged_session();
    select(&mut app, "9.2.3");
    let main = screen(&app);
    assert!(main.contains("≠✗⚑ 9.2.3"), "{main}");
    insta::assert_snapshot!("conflicts_main_80x24", main);
    cmd(&mut app, Command::ResolveConflict);
    insta::assert_snapshot!("conflicts_picker_80x24", screen(&app));
}
