//! The walk at key level: every key goes through the same translation the terminal uses, so
//! these are the keys a facilitator presses, and what they record is read back from the
//! session.

use crate::common;

use gapwalk::session::{Applicability, Holder, Reason, Status};
use gapwalk::tui::action::Action;
use gapwalk::tui::app::App;
use gapwalk::tui::input::translate;
use gapwalk::tui::popup::Popup;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = translate(app, Event::Key(KeyEvent::new(code, modifiers))) {
        app.update(action);
    }
}

/// Types `keys` one by one: `\r` is Enter, `\t` Tab, `\x1b` Esc, `\x08` Backspace,
/// `\x02` Shift-Tab; everything else is a character.
fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\x1b' => KeyCode::Esc,
            '\x08' => KeyCode::Backspace,
            '\x02' => KeyCode::BackTab,
            c => KeyCode::Char(c),
        };
        press(app, code, KeyModifiers::NONE);
    }
}

fn app() -> App {
    let dir = std::env::temp_dir();
    let mut app = common::workshop(dir.join("walk-slips.ron"));
    app.update(Action::Resize(100, 30));
    app
}

fn walk(app: &App) -> &gapwalk::tui::walk::WalkPopup {
    match app
        .popups()
        .iter()
        .rev()
        .find(|p| matches!(p, Popup::Walk(_)))
    {
        Some(Popup::Walk(w)) => w,
        _ => panic!("no walk open"),
    }
}

fn record(app: &App, id: &str) -> gapwalk::session::Assessment {
    let i = app.catalogue.position(id).unwrap();
    app.assessment(i)
}

fn open_walk_on(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
    keys(app, "w");
    assert_eq!(
        walk(app).control,
        i,
        "the walk opens on the selected control"
    );
}

#[test]
fn a_jump_typed_on_a_choice_question_records_nothing() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    let before = record(&app, "8.2.1");
    keys(&mut app, "/12.4.2");
    assert_eq!(record(&app, "8.2.1"), before);
    assert!(matches!(app.popups().last(), Some(Popup::Jump(_))));
}

fn one_provider(app: &mut App) {
    app.session.meta.providers.truncate(1);
}

fn triage(app: &mut App) {
    app.session.meta.walk_depth = gapwalk::walkplan::Depth::Triage;
}

#[test]
fn a_sentence_on_a_choice_question_records_nothing_and_says_so() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    let before = record(&app, "8.2.1");
    keys(&mut app, "yes we need it for 3 contracts\r");
    assert_eq!(record(&app, "8.2.1"), before, "nothing recorded");
    let w = walk(&app);
    assert_eq!(w.field, gapwalk::tui::field::Field::Applicability);
    let error = w.error.clone().expect("a visible refusal");
    assert!(
        error.contains("not an answer") || error.contains("not an option"),
        "{error}"
    );
    // Once cleared, a digit is an answer again.
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "1");
    assert_eq!(
        record(&app, "8.2.1").applicability,
        Applicability::Applicable
    );
}

#[test]
fn digits_after_a_letter_are_not_options() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    keys(&mut app, "x2");
    assert_eq!(
        record(&app, "8.2.1").applicability,
        Applicability::Undecided
    );
    assert!(walk(&app).error.as_deref().unwrap().contains("\"x2\""));
    // One Backspace clears every stray key (the message showed them all and said so); then 2
    // is an option.
    keys(&mut app, "\x08");
    assert!(
        walk(&app).error.is_none(),
        "the refusal is gone with the keys"
    );
    keys(&mut app, "2");
    assert_eq!(
        record(&app, "8.2.1").applicability,
        Applicability::NotApplicable
    );
}

#[test]
fn a_key_out_of_range_is_refused_with_a_message() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    keys(&mut app, "7");
    assert_eq!(
        record(&app, "8.2.1").applicability,
        Applicability::Undecided
    );
    assert!(walk(&app).error.as_deref().unwrap().contains("pick 1 to 3"));
}

#[test]
fn a_command_typed_after_the_last_answer_records_nothing() {
    let mut app = app();
    triage(&mut app);
    one_provider(&mut app);
    open_walk_on(&mut app, "8.1.1");
    // The triage pass of 8.1.1: applicable, business need, customer, implemented.
    keys(&mut app, "1411");
    assert!(walk(&app).on_card(), "the card comes between controls");
    let next = match walk(&app).stage {
        gapwalk::tui::walk::Stage::Card { next, .. } => next.unwrap(),
        _ => unreachable!(),
    };
    let next_id = app.catalogue.controls[next].id.clone();
    let before_next = record(&app, &next_id);
    let before_target = record(&app, "12.4.2");
    keys(&mut app, "/12.4.2\rw");
    assert_eq!(record(&app, &next_id), before_next);
    assert_eq!(record(&app, "12.4.2"), before_target);
    let w = walk(&app);
    assert!(w.on_card(), "still on the card: nothing begun");
    let target = app.catalogue.position("12.4.2").unwrap();
    assert!(
        matches!(w.stage, gapwalk::tui::walk::Stage::Card { next: Some(n), .. } if n == target),
        "the jump chose the next control"
    );
    assert!(
        w.error
            .as_deref()
            .unwrap()
            .contains("nothing typed here is recorded")
    );
    // Enter begins it, at its first question.
    keys(&mut app, "\r");
    assert_eq!(walk(&app).control, target);
    assert!(!walk(&app).on_card());
}

#[test]
fn tab_and_a_stray_enter_leave_the_control_unassessed_and_count_it_skipped() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    keys(&mut app, "\r");
    assert_eq!(
        record(&app, "8.2.1").applicability,
        Applicability::Undecided
    );
    assert!(
        walk(&app)
            .error
            .as_deref()
            .unwrap()
            .contains("nothing is recorded here yet")
    );
    keys(&mut app, "\t");
    let w = walk(&app);
    assert!(w.on_card());
    assert_eq!(w.completed(), 0, "not done");
    assert_eq!(w.skipped.len(), 1, "counted as skipped");
    assert!(!record(&app, "8.2.1").is_assessed());
    // Undecided on purpose is the same: nothing decided, skipped.
    keys(&mut app, "\r3");
    let w = walk(&app);
    assert_eq!(w.completed(), 0);
    assert_eq!(w.skipped.len(), 2);
}

#[test]
fn enter_keeps_a_stated_answer_and_never_a_default() {
    let mut app = app();
    // 9.2.3 is recorded as applicable in the fixture: Enter keeps it and moves on.
    open_walk_on(&mut app, "9.2.3");
    keys(&mut app, "\r");
    assert_eq!(walk(&app).field, gapwalk::tui::field::Field::Reason);
}

#[test]
fn shift_tab_on_the_first_question_returns_to_the_previous_control() {
    let mut app = app();
    triage(&mut app);
    one_provider(&mut app);
    open_walk_on(&mut app, "8.1.1");
    keys(&mut app, "1411\r");
    let second = walk(&app).control;
    assert_ne!(second, app.catalogue.position("8.1.1").unwrap());
    keys(&mut app, "\x02");
    assert_eq!(walk(&app).control, app.catalogue.position("8.1.1").unwrap());
    assert!(!walk(&app).on_card());
}

#[test]
fn page_keys_move_between_controls_inside_the_walk_through_the_card() {
    let mut app = app();
    open_walk_on(&mut app, "8.1.1");
    press(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    let w = walk(&app);
    assert!(w.on_card());
    let gapwalk::tui::walk::Stage::Card { next: Some(n), .. } = w.stage else {
        panic!("a next control")
    };
    let at = w
        .order
        .iter()
        .position(|&i| i == app.catalogue.position("8.1.1").unwrap());
    assert_eq!(Some(n), at.map(|k| w.order[k + 1]));
    assert!(
        !record(&app, "8.1.1").is_assessed(),
        "nothing recorded by moving"
    );
}

#[test]
fn esc_asks_before_a_half_typed_answer_replaces_a_recorded_one() {
    let mut app = app();
    open_walk_on(&mut app, "9.2.3");
    let recorded = record(&app, "9.2.3").justification.clone();
    assert!(!recorded.is_empty());
    keys(&mut app, "\r"); // keeps applicable
    keys(&mut app, "\r"); // keeps the reasons
    assert_eq!(walk(&app).field, gapwalk::tui::field::Field::Justification);
    keys(&mut app, " and half a thou");
    keys(&mut app, "\x1b");
    assert_eq!(walk(&app).stage, gapwalk::tui::walk::Stage::ConfirmLeave);
    assert_eq!(record(&app, "9.2.3").justification, recorded);
    keys(&mut app, "\x1b");
    assert!(
        !app.popups().iter().any(|p| matches!(p, Popup::Walk(_))),
        "left"
    );
    assert_eq!(record(&app, "9.2.3").justification, recorded, "not kept");
}

#[test]
fn one_key_copies_the_first_providers_line_to_the_second() {
    let mut app = app();
    open_walk_on(&mut app, "8.1.1");
    keys(
        &mut app,
        "13Needed for the asset register\rAna Lima\r3Ana Lima\rAWS TAM\r\r",
    );
    keys(
        &mut app,
        "Hardware inventory\rTag our own resources\rSOC 2 report\r",
    );
    assert_eq!(
        walk(&app).field,
        gapwalk::tui::field::Field::Holder("Google Cloud".into())
    );
    keys(&mut app, "=");
    let a = record(&app, "8.1.1");
    let g = a.responsibility("Google Cloud").unwrap();
    assert_eq!(g.holder, Holder::Shared);
    assert_eq!(g.customer_owner, "Ana Lima");
    assert_eq!(g.inherited, "Hardware inventory");
    assert_eq!(g.customer_duty, "Tag our own resources");
    // The provider's own owner is still asked.
    assert_eq!(
        walk(&app).field,
        gapwalk::tui::field::Field::ProviderOwner("Google Cloud".into())
    );
}

#[test]
fn an_owner_given_before_is_offered_again() {
    let mut app = app();
    one_provider(&mut app);
    open_walk_on(&mut app, "8.1.1");
    keys(&mut app, "13Register\rAna Lima\r1Ana Lima\r");
    // On to the status; Tab through the rest to the card, then the next control.
    while !walk(&app).on_card() {
        keys(&mut app, "\t");
    }
    keys(&mut app, "\r13Because\rAna Lima\r1");
    assert_eq!(
        walk(&app).field,
        gapwalk::tui::field::Field::CustomerOwner("AWS".into())
    );
    assert_eq!(walk(&app).offer(), Some("Ana Lima"));
    press(&mut app, KeyCode::Right, KeyModifiers::NONE);
    keys(&mut app, "\r");
    let id = app.catalogue.controls[walk(&app).control].id.clone();
    assert_eq!(
        record(&app, &id)
            .responsibility("AWS")
            .unwrap()
            .customer_owner,
        "Ana Lima"
    );
}

#[test]
fn a_walk_under_a_theme_filter_never_leaves_it() {
    let mut app = app();
    triage(&mut app);
    app.set_filter(gapwalk::tui::app::Filter::Theme(
        "logging-monitoring".into(),
    ));
    app.rebuild_rows();
    let first = app.selected().unwrap();
    let id = app.catalogue.controls[first].id.clone();
    open_walk_on(&mut app, &id);
    assert!(walk(&app).following.contains("logging-monitoring"));
    let mut begun = vec![walk(&app).control];
    for _ in 0..40 {
        keys(&mut app, "\t");
        if !app.popups().iter().any(|p| matches!(p, Popup::Walk(_))) {
            break;
        }
        if walk(&app).on_card() {
            keys(&mut app, "\r");
        }
        if let Some(Popup::Walk(w)) = app.popups().last() {
            begun.push(w.control);
        }
    }
    assert!(begun.len() > 2);
    for i in begun {
        assert!(
            app.catalogue.controls[i]
                .themes
                .iter()
                .any(|t| t == "logging-monitoring"),
            "{} is outside the filter",
            app.catalogue.controls[i].id
        );
    }
}

#[test]
fn the_triage_pass_takes_five_keys_with_one_provider_and_six_with_two() {
    for (providers, budget) in [(1usize, 5usize), (2, 6)] {
        let mut app = app();
        triage(&mut app);
        app.session.meta.providers.truncate(providers);
        open_walk_on(&mut app, "8.1.1");
        // Leave the first control to reach a card: the budget counts from the key that
        // starts a control.
        keys(&mut app, "\t");
        let control = walk(&app).control;
        let _ = control;
        let mut pressed = 0;
        for k in std::iter::once('\r')
            .chain("14".chars())
            .chain(std::iter::repeat_n('3', providers))
            .chain(std::iter::once('2'))
        {
            keys(&mut app, &k.to_string());
            pressed += 1;
        }
        let w = walk(&app);
        assert!(w.on_card(), "the control is done after {pressed} keys");
        let gapwalk::tui::walk::Stage::Card { from: Some(f), .. } = w.stage else {
            unreachable!()
        };
        let a = app.assessment(f);
        assert_eq!(a.applicability, Applicability::Applicable);
        assert_eq!(a.reasons, [Reason::BusinessNeed]);
        assert_eq!(a.status, Status::Partial);
        assert_eq!(a.responsibilities.len(), providers);
        assert!(pressed <= budget, "{pressed} keys > {budget}");
    }
}

#[test]
fn the_depth_is_switched_inside_the_walk_and_kept_in_the_session() {
    let mut app = app();
    open_walk_on(&mut app, "8.1.1");
    assert_eq!(walk(&app).depth, gapwalk::walkplan::Depth::Full);
    press(&mut app, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert_eq!(walk(&app).depth, gapwalk::walkplan::Depth::Triage);
    assert_eq!(
        app.session.meta.walk_depth,
        gapwalk::walkplan::Depth::Triage
    );
}

#[test]
fn the_timebox_counts_down_and_then_says_over_time() {
    let mut app = app();
    app.session.meta.timebox_minutes = Some(2);
    open_walk_on(&mut app, "8.1.1");
    app.update(Action::Tick(std::time::Duration::from_secs(30)));
    let (line, over) = gapwalk::tui::walk::status_line(&app, walk(&app));
    assert!(line.contains("1:30 left"), "{line}");
    assert!(!over);
    app.update(Action::Tick(std::time::Duration::from_secs(150)));
    let (line, over) = gapwalk::tui::walk::status_line(&app, walk(&app));
    assert!(line.contains("OVER TIME by 0:30"), "{line}");
    assert!(over);
    assert!(line.contains("question 1 of"), "{line}");
}

#[test]
fn parking_a_control_in_the_walk_asks_why_and_keeps_it_as_the_follow_up() {
    let mut app = app();
    open_walk_on(&mut app, "8.2.1");
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert!(matches!(app.popups().last(), Some(Popup::Park(_))));
    // No reason, no parking.
    keys(&mut app, "\r");
    assert!(matches!(app.popups().last(), Some(Popup::Park(_))));
    assert!(!record(&app, "8.2.1").flagged);
    keys(&mut app, "Need the signed AWS agreement\r");
    let a = record(&app, "8.2.1");
    assert!(a.flagged);
    assert_eq!(a.follow_up, "Need the signed AWS agreement");
    assert!(!a.is_assessed(), "parking decides nothing");
    // Back in the walk, on the same question.
    assert_eq!(walk(&app).control, app.catalogue.position("8.2.1").unwrap());
    assert!(matches!(app.popups().last(), Some(Popup::Walk(_))));
}

#[test]
fn a_carried_over_record_is_reconfirmed_by_walking_it_with_enter() {
    let mut app = app();
    triage(&mut app);
    one_provider(&mut app);
    let i = app.catalogue.position("8.1.1").unwrap();
    let mut a = app.assessment(i);
    a.applicability = Applicability::Applicable;
    a.reasons = vec![Reason::BusinessNeed];
    a.responsibility_mut("AWS").holder = Holder::Customer;
    a.status = Status::Implemented;
    a.reconfirm = true;
    app.commit(a);
    open_walk_on(&mut app, "8.1.1");
    // Enter keeps each stated answer: one key a question.
    keys(&mut app, "\r\r\r\r");
    assert!(walk(&app).on_card());
    let a = record(&app, "8.1.1");
    assert!(!a.reconfirm);
    assert_eq!(a.reviewed_by, "Ana Lima");
    assert_eq!(a.reviewed_on, Some(app.today()));
    assert_eq!(a.status, Status::Implemented);
}
