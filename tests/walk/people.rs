//! People by side in the walk (issue 14, point 4): a participant speaks for us or for a named
//! provider, an owner question offers that side's people first, Enter on the start of exactly
//! one known name takes that name, the start of several is kept only when Entered twice, and
//! a name nobody has used is kept and said to be new.

use crate::common;

use gapwalk::session::{Participant, Side};
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::field::Field;
use gapwalk::tui::form::MetaField;
use gapwalk::tui::popup::Popup;

use common::type_text;

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
}

fn walk(app: &App) -> &gapwalk::tui::walk::WalkPopup {
    match app.popups().last() {
        Some(Popup::Walk(walk)) => walk,
        _ => panic!("the walk is open"),
    }
}

/// The fixture with an AWS architect and a Google Cloud engineer among the participants.
fn app() -> App {
    let mut app = common::workshop("fixture.ron");
    app.session.meta.participants.extend([
        Participant {
            name: "Marta Ruiz".into(),
            role: "AWS solutions architect".into(),
            side: Side::Provider,
            speaks_for: "AWS".into(),
        },
        Participant {
            name: "Gus Grant".into(),
            role: "Google Cloud engineer".into(),
            side: Side::Provider,
            speaks_for: "Google Cloud".into(),
        },
    ]);
    app
}

/// Walks 13.1.1 up to AWS's provider-side owner (AWS holds it).
fn to_aws_owner(app: &mut App) {
    let i = app.catalogue.position("13.1.1").unwrap();
    app.select_control(i);
    cmd(app, Command::Walk);
    app.update(Action::Choose(0)); // applicable
    app.update(Action::Choose(2)); // contractual, and on to the justification
    type_text(app, "Customers require segmented networks");
    cmd(app, Command::Confirm);
    type_text(app, "Ana Lima"); // accountable on our side
    cmd(app, Command::Confirm);
    app.update(Action::Choose(1)); // AWS: provider
    assert_eq!(walk(app).field, Field::ProviderOwner("AWS".into()));
}

fn aws_line(app: &App) -> gapwalk::session::Responsibility {
    app.session
        .assessment("13.1.1", &app.catalogue)
        .and_then(|a| a.responsibility("AWS"))
        .cloned()
        .unwrap()
}

#[test]
fn a_providers_owner_question_offers_that_providers_people_first() {
    let mut app = app();
    to_aws_owner(&mut app);
    let names = walk(&app).field.names(&app.session);
    assert_eq!(names[0], "Marta Ruiz", "{names:?}");
    // Our own people and another provider's come after.
    let gus = names.iter().position(|n| n == "Gus Grant").unwrap();
    let ana = names.iter().position(|n| n == "Ana Lima").unwrap();
    assert!(gus > 0 && ana > 0);
    // The customer-side owner question offers our people first, never a provider's.
    let ours = Field::CustomerOwner("AWS".into()).names(&app.session);
    assert_eq!(ours[..2], ["Ana Lima", "Bruno Costa"]);
    assert!(ours.iter().position(|n| n == "Marta Ruiz") > Some(1));
}

#[test]
fn enter_on_the_start_of_one_known_name_takes_that_name() {
    let mut app = app();
    to_aws_owner(&mut app);
    type_text(&mut app, "marta");
    cmd(&mut app, Command::Confirm);
    assert_eq!(aws_line(&app).provider_owner, "Marta Ruiz");
    assert_ne!(walk(&app).field, Field::ProviderOwner("AWS".into()));
}

#[test]
fn a_new_name_is_confirmed_as_new_before_it_is_kept() {
    let mut app = app();
    to_aws_owner(&mut app);
    type_text(&mut app, "Dora Diaz");
    cmd(&mut app, Command::Confirm);
    // The first Enter records nothing and says the name is new.
    assert_eq!(aws_line(&app).provider_owner, "");
    assert_eq!(walk(&app).field, Field::ProviderOwner("AWS".into()));
    let error = walk(&app).error.clone().unwrap_or_default();
    assert!(error.contains("\"Dora Diaz\" is not a name"), "{error}");
    // A second Enter on the same text adds the person.
    cmd(&mut app, Command::Confirm);
    assert_eq!(aws_line(&app).provider_owner, "Dora Diaz");
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains("\"Dora Diaz\" recorded as a new name"),
        "{message}"
    );
}

#[test]
fn the_start_of_several_names_is_not_taken_for_one() {
    let mut app = app();
    // "Bruno Costa" is a participant; add a second Bruno on AWS's side.
    app.session.meta.participants.push(Participant {
        name: "Bruno Alves".into(),
        role: "AWS account manager".into(),
        side: Side::Provider,
        speaks_for: "AWS".into(),
    });
    to_aws_owner(&mut app);
    type_text(&mut app, "Bruno");
    cmd(&mut app, Command::Confirm);
    let error = walk(&app).error.clone().unwrap();
    assert!(
        error.contains("Bruno Alves") && error.contains("Bruno Costa"),
        "{error}"
    );
    assert!(aws_line(&app).provider_owner.is_empty());
    type_text(&mut app, " A");
    cmd(&mut app, Command::Confirm);
    assert_eq!(aws_line(&app).provider_owner, "Bruno Alves");
}

#[test]
fn the_session_details_record_whom_a_participant_speaks_for() {
    let mut app = common::workshop("fixture.ron");
    let m = &mut app.session.meta;
    MetaField::Participants
        .set(
            m,
            "Ana Lima / CISO / customer; Marta Ruiz / AWS architect / aws; Gus / engineer / provider / Google Cloud",
        )
        .unwrap();
    let p = &m.participants;
    assert_eq!(
        (p[1].side, p[1].speaks_for.as_str()),
        (Side::Provider, "AWS")
    );
    assert_eq!(
        (p[2].side, p[2].speaks_for.as_str()),
        (Side::Provider, "Google Cloud")
    );
    assert!(p[0].speaks_for.is_empty());
    // The line reads back as written, and a customer's session names no customers of its own.
    let line = MetaField::Participants.value(m);
    assert!(
        line.contains("Marta Ruiz / AWS architect / provider / AWS"),
        "{line}"
    );
    let err = MetaField::Participants
        .set(m, "Carla / buyer / customer / Acme Bank")
        .unwrap_err();
    assert!(err.contains("not a provider of this session"), "{err}");
}
