//! Edge cases a review found, kept as tests: what a facilitator chooses survives tidying, typed
//! backslashes survive the one-line lists, a provider rename takes its conflicts along,
//! presenter view refuses blind typing, and a walk never writes a stale answer over a merge.

use crate::common;

use gapwalk::session::{Conflict, Priority, Provider};
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::field::Field;
use gapwalk::tui::form::MetaField;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::walk::WalkPopup;

fn app() -> App {
    common::workshop("fixture.ron")
}

fn select(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
}

#[test]
fn a_priority_chosen_on_its_own_in_the_form_is_kept() {
    let mut app = app();
    select(&mut app, "CLD.12.4.5");
    app.update(Action::Command(Command::Edit));
    let Some(Popup::Form(form)) = app.top_popup_mut() else {
        panic!()
    };
    form.selected = form
        .fields
        .iter()
        .position(|f| *f == Field::RemediationPriority)
        .unwrap();
    let before = app.generation();
    app.update(Action::Choose(0)); // critical
    let a = app
        .session
        .assessment("CLD.12.4.5", &app.catalogue)
        .unwrap()
        .clone();
    eprintln!(
        "generation {before} -> {}; remediation = {:?}; error = {:?}; message = {:?}",
        app.generation(),
        a.remediation,
        match app.popups().last() {
            Some(Popup::Form(f)) => f.error.clone(),
            _ => None,
        },
        app.message
    );
    assert_eq!(
        a.remediation.map(|r| r.priority),
        Some(Priority::Critical),
        "the priority the user picked is kept"
    );
}

#[test]
fn a_priority_chosen_in_the_walk_after_skipping_the_action_is_kept() {
    let mut app = app();
    select(&mut app, "CLD.12.4.5");
    let i = app.selected().unwrap();
    let a = app.assessment(i);
    let mut walk = WalkPopup::new(i, &a);
    walk.go_to(Field::Treatment, &a);
    app.open_popup(Popup::Walk(Box::new(walk)));
    app.update(Action::Choose(0)); // remediate
    app.update(Action::Command(Command::Skip)); // action
    app.update(Action::Command(Command::Skip)); // owner
    app.update(Action::Command(Command::Skip)); // due
    let Some(Popup::Walk(w)) = app.popups().last() else {
        panic!()
    };
    assert_eq!(w.field, Field::RemediationPriority);
    app.update(Action::Choose(0)); // critical
    let a = app
        .session
        .assessment("CLD.12.4.5", &app.catalogue)
        .unwrap();
    let Some(Popup::Walk(w)) = app.popups().last() else {
        panic!()
    };
    eprintln!("now at {:?}; remediation {:?}", w.field, a.remediation);
    assert!(a.remediation.is_some(), "critical priority was picked");
}

#[test]
fn backslashes_typed_into_a_data_location_are_kept() {
    let mut meta = app().session.meta.clone();
    let typed = r"AWS / C:\evidence\q3 / IE / group CORP\secops";
    MetaField::DataLocations.set(&mut meta, typed).unwrap();
    let d = &meta.data_locations[0];
    assert_eq!(d.location, r"C:\evidence\q3");
    assert_eq!(d.notes, r"group CORP\secops");
    // And what the form shows reads back the same.
    let shown = MetaField::DataLocations.value(&meta);
    let mut again = meta.clone();
    MetaField::DataLocations.set(&mut again, &shown).unwrap();
    assert_eq!(again, meta);
}

#[test]
fn a_renamed_provider_takes_its_conflicts_along() {
    let app = app();
    let mut session = app.session.clone();
    let cat = &app.catalogue;
    let mut a = session.assessment("9.2.3", cat).unwrap().clone();
    a.conflicts.push(Conflict {
        field: "customer_owner".into(),
        item: "AWS".into(),
        base: "".into(),
        ours: "Bruno Costa".into(),
        theirs: "Carla Dias".into(),
    });
    session.apply(
        gapwalk::session::Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        cat,
    );
    let mut meta = session.meta.clone();
    meta.providers[0] = Provider {
        name: "Amazon Web Services".into(),
        services: vec![],
    };
    let (edit, renames) = session.change_metadata(meta);
    assert_eq!(renames.len(), 1);
    session.apply(edit, cat);
    let mut a = session.assessment("9.2.3", cat).unwrap().clone();
    gapwalk::fields::resolve(&mut a, 0, gapwalk::fields::Pick::Theirs).unwrap();
    assert!(
        a.responsibility("AWS").is_none(),
        "taking theirs recreated a line for the renamed provider"
    );
}

#[test]
fn presenter_view_refuses_typing_into_a_hidden_walk_question() {
    let mut app = app();
    select(&mut app, "9.2.3");
    app.update(Action::Command(Command::TogglePresenter));
    let i = app.selected().unwrap();
    let a = app.assessment(i);
    let mut walk = WalkPopup::new(i, &a);
    walk.go_to(Field::Gap, &a);
    app.open_popup(Popup::Walk(Box::new(walk)));
    common::type_text(&mut app, "No review of break-glass");
    app.update(Action::Command(Command::Confirm));
    let gap = app
        .session
        .assessment("9.2.3", &app.catalogue)
        .unwrap()
        .gap
        .clone();
    assert_eq!(gap, "Break-glass accounts are not reviewed");
}

#[test]
fn tab_in_the_walk_never_writes_a_stale_answer_over_a_merged_field() {
    let mut app = app();
    select(&mut app, "9.2.3");
    let base = app.session.clone();
    let i = app.selected().unwrap();
    let a = app.assessment(i);
    let mut walk = WalkPopup::new(i, &a);
    walk.go_to(Field::Justification, &a);
    app.open_popup(Popup::Walk(Box::new(walk)));
    // A teammate's pull lands and the next save merges it in while the question is open.
    let mut theirs = base.clone();
    let mut t = theirs.assessment("9.2.3", &app.catalogue).unwrap().clone();
    t.justification = "Theirs: privileged access is audited by the regulator".into();
    theirs.apply(
        gapwalk::session::Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(t)),
        },
        &app.catalogue,
    );
    app.update(Action::Saved(gapwalk::tui::save::SaveReport {
        generation: app.generation(),
        recovery: false,
        outcome: gapwalk::tui::save::SaveOutcome::Changed {
            base: Box::new(base),
            theirs: Box::new(theirs),
            text: std::sync::Arc::new(String::new()),
        },
    }));
    let merged = app.assessment(i).justification;
    eprintln!("after merge: {merged:?}; message {:?}", app.message);
    app.update(Action::Command(Command::Skip)); // Tab: nothing typed
    let now = app.assessment(i);
    eprintln!(
        "after Tab: {:?}; conflicts {:?}",
        now.justification, now.conflicts
    );
    assert_eq!(
        now.justification, merged,
        "Tab with nothing typed reverted theirs"
    );
}
