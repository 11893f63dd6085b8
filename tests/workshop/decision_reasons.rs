//! The reasons that go with an applicability decision are decided once (the domain's
//! `Assessment::decision_reasons`): an applicable control shows why it is in, an excluded one
//! why it is left out, an undecided one neither; the detail pane, the walk's card and the SoA
//! say the same, whatever other reasons the record still keeps from before.

use crate::common;

use gapwalk::export::{Audience, ExportOptions, Format, Numbering, Source, View};
use gapwalk::session::{Applicability, Exclusion, Reason, Status, Timestamp};
use gapwalk::tui::action::Action;
use gapwalk::tui::app::App;

const ID: &str = "9.2.3";

/// The SoA's CSV row of the control, under the catalogue's own numbering.
fn soa_row(app: &App) -> String {
    let source = Source {
        session: &app.session,
        catalogue: &app.catalogue,
        session_file: "s.ron",
        generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
    };
    let mut options = ExportOptions::new(Format::Csv);
    options.view = Some(View::Soa);
    options.audience = Audience::Internal;
    options.numbering = Some(Numbering::own_for(&app.catalogue));
    let csv = String::from_utf8(gapwalk::export::render(&source, &options).unwrap()).unwrap();
    csv.lines()
        .find(|l| l.starts_with(&format!("{ID},")) || l.starts_with(&format!("\"{ID}\",")))
        .unwrap_or_else(|| panic!("no row for {ID}:\n{csv}"))
        .to_string()
}

/// What the detail pane, the walk's card and the SoA row say about the control.
fn shown(app: &mut App, applicability: Applicability) -> [String; 3] {
    let mut a = app.session.assessment(ID, &app.catalogue).unwrap().clone();
    a.applicability = applicability;
    a.status = Status::Implemented;
    // Both kinds are kept in the file: the decision says which hold.
    a.reasons = vec![Reason::ALL[0]];
    a.exclusion_reasons = vec![Exclusion::ALL[0]];
    common::put_and_select(app, a);
    let index = app.catalogue.position(ID).unwrap();
    [
        common::screen(app),
        gapwalk::tui::walk::summary(app, index),
        soa_row(app),
    ]
}

#[test]
fn the_pane_the_card_and_the_soa_show_the_reasons_of_the_decision() {
    let mut app = common::workshop("s.ron");
    app.update(Action::Resize(200, 50));
    let inclusion = Reason::ALL[0].label();
    let exclusion = Exclusion::ALL[0].label();

    for text in shown(&mut app, Applicability::Applicable) {
        assert!(text.contains(inclusion), "{text}");
        assert!(!text.contains(exclusion), "{text}");
    }
    for text in shown(&mut app, Applicability::NotApplicable) {
        assert!(text.contains(exclusion), "{text}");
        assert!(!text.contains(inclusion), "{text}");
    }
    // Undecided: no reason holds yet (the card says it is left unassessed).
    for text in shown(&mut app, Applicability::Undecided) {
        assert!(
            !text.contains(inclusion) && !text.contains(exclusion),
            "{text}"
        );
    }
}
