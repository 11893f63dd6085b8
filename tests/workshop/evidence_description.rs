//! One evidence description: the detail pane and the edit form write an evidence pointer the way
//! `gapwalk diff` does (the domain's `fields::describe_evidence`), who added it included, dated
//! or not.

use crate::common;

use chrono::NaiveDate;
use common::screen;
use gapwalk::session::{Evidence, EvidenceKind};
use gapwalk::tui::action::Action;

#[test]
fn the_detail_pane_and_the_form_describe_evidence_as_diff_does() {
    let mut app = common::workshop("s.ron");
    app.update(Action::Resize(200, 50));
    let id = "9.2.3";
    let mut a = app.session.assessment(id, &app.catalogue).unwrap().clone();
    a.evidence = vec![
        Evidence {
            kind: EvidenceKind::Ticket,
            location: "SEC-142".into(),
            description: "break-glass review".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 20),
            added_by: "Ana Lima".into(),
        },
        Evidence {
            kind: EvidenceKind::Url,
            location: "https://wiki.example/restore".into(),
            description: String::new(),
            as_of: None,
            added_by: "Ben Ode".into(),
        },
    ];
    common::put_and_select(&mut app, a);
    let dated = "ticket SEC-142 (break-glass review) [as of 2026-11-20, added by Ana Lima]";
    // Undated, it still says who added it.
    let undated = "url https://wiki.example/restore [added by Ben Ode]";
    let pane = screen(&app);
    assert!(pane.contains(&format!("Evidence: {dated}")), "{pane}");
    assert!(pane.contains(&format!("Evidence: {undated}")), "{pane}");

    common::press(&mut app, "enter");
    let form = screen(&app);
    // The form's value column is narrower: the row is cut at its end, not written otherwise.
    assert!(
        form.contains("ticket SEC-142 (break-glass review) [as of 2026-11-20, added"),
        "{form}"
    );
    assert!(form.contains(undated), "{form}");
}
