//! One rule for the session's own internal records: the decision log is internal
//! (`fields::SessionRecord`), so presenter view does not open it and the minutes' external
//! edition leaves it out, from the same class.

use gapwalk::export::{Audience, ExportOptions, Format, View};
use gapwalk::tui::action::Action;
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;

use crate::common;

fn example() -> gapwalk::persist::Loaded {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    gapwalk::persist::load(&path).unwrap()
}

/// In presenter view the key that would show `what` opened nothing and said why.
fn refused_as_internal(app: &App, what: &str) {
    assert!(app.popups().is_empty(), "presenter view opened the {what}");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("the decision log is internal")),
        "{:?}",
        app.message
    );
}

#[test]
fn presenter_view_and_the_external_minutes_hide_the_decision_log_by_one_rule() {
    let loaded = example();
    assert!(
        !loaded.session.decisions.is_empty(),
        "the example logs decisions"
    );

    let source = gapwalk::export::Source {
        session: &loaded.session,
        catalogue: &loaded.catalogue,
        session_file: "example.ron",
        generated_at: gapwalk::session::Timestamp::from_unix(1_795_000_000).unwrap(),
    };
    let minutes = |audience| {
        let mut options = ExportOptions::new(Format::Md);
        options.view = Some(View::Minutes);
        options.audience = audience;
        String::from_utf8(gapwalk::export::render(&source, &options).unwrap()).unwrap()
    };
    assert!(minutes(Audience::Internal).contains("## Decision log"));
    assert!(!minutes(Audience::External).contains("## Decision log"));

    let mut app = App::new(
        loaded.session,
        loaded.catalogue,
        "example.ron".into(),
        Keymap::default(),
        "Ana Lima".into(),
        gapwalk::session::Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    app.update(Action::Resize(120, 40));
    common::press(&mut app, "P");
    common::press(&mut app, "L");
    refused_as_internal(&app, "decision log");
    // Writing an entry would show it on the shared screen too: refused by the same rule.
    app.message = None;
    common::press(&mut app, "l");
    refused_as_internal(&app, "decision entry");
    common::press(&mut app, "P");
    common::press(&mut app, "L");
    assert!(matches!(app.popups().last(), Some(Popup::DecisionLog(_))));
    common::press(&mut app, "esc");
    common::press(&mut app, "l");
    assert!(matches!(app.popups().last(), Some(Popup::Decision(_))));
}
