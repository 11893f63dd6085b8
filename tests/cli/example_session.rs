//! `sessions/example.ron` is the demo the README opens and a fixture for the exports: it must
//! load on the embedded catalogue without a "catalogue changed" warning, stay canonical, and show
//! what a third of a real workshop looks like.

use std::path::Path;

use gapwalk::persist;
use gapwalk::review;
use gapwalk::session::{Applicability, Side};

fn example() -> persist::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    persist::load(&path).expect("sessions/example.ron loads")
}

#[test]
fn the_example_loads_on_the_embedded_catalogue_and_is_canonical() {
    let loaded = example();
    assert!(
        loaded.warnings.is_empty(),
        "update the example's catalogue hash after changing the catalogue: {:?}",
        loaded.warnings
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert_eq!(persist::to_canonical(&loaded.session).unwrap(), on_disk);
}

#[test]
fn the_example_is_a_believable_third_of_a_workshop() {
    let loaded = example();
    let s = &loaded.session;
    let stats = review::stats(s, &loaded.catalogue);
    assert_eq!(stats.total, 132);
    let third = stats.assessed as f64 / stats.total as f64;
    assert!(
        (0.25..=0.45).contains(&third),
        "{} assessed",
        stats.assessed
    );
    assert_eq!(s.meta.providers.len(), 2);
    assert!((4..=5).contains(&s.meta.participants.len()));
    assert!(s.meta.participants.iter().any(|p| p.side == Side::Provider));
    assert!(!s.meta.data_locations.is_empty());
    assert!(stats.gaps >= 5 && stats.not_applicable >= 1);
    assert!(s.assessments.iter().any(|a| a.risk_acceptance.is_some()));
    assert!(
        s.assessments
            .iter()
            .filter(|a| a.is_gap())
            .all(|a| a.remediation.is_some() || a.risk_acceptance.is_some()),
        "every gap in the demo has a treatment"
    );
    assert!(
        s.assessments
            .iter()
            .filter(|a| a.applicability != Applicability::Undecided)
            .all(|a| !a.justification.is_empty()),
        "every decided control is justified"
    );
    assert!(s.decisions.len() >= 3);
    assert!(s.resume_at.is_some());
}

#[test]
fn the_example_sits_in_both_seats_with_its_offering_line_on_a_believable_share() {
    // A payroll SaaS is a customer of its clouds and a provider to its clients.
    let loaded = example();
    let s = &loaded.session;
    assert_eq!(s.meta.role, gapwalk::session::Role::Both);
    let seats = s.meta.seats();
    assert_eq!(seats.providers, ["AWS", "Google Cloud"]);
    assert_eq!(seats.offerings, ["Northwind Payroll, to our clients"]);
    let applicable: Vec<_> = s
        .assessments
        .iter()
        .filter(|a| a.applicability == Applicability::Applicable)
        .collect();
    let with_line = applicable
        .iter()
        .filter(|a| a.offering(&seats.offerings[0]).is_some())
        .count();
    let share = with_line as f64 / applicable.len() as f64;
    assert!(
        (0.4..=0.8).contains(&share),
        "{with_line} of {}",
        applicable.len()
    );
    // Excluded controls carry no offering line; the lines use more than one holder class.
    assert!(
        s.assessments
            .iter()
            .filter(|a| a.applicability == Applicability::NotApplicable)
            .all(|a| a.offerings.is_empty())
    );
    let holders: std::collections::BTreeSet<_> = s
        .assessments
        .iter()
        .filter_map(|a| a.offering(&seats.offerings[0]))
        .map(|l| l.holder)
        .collect();
    assert!(holders.len() >= 3, "{holders:?}");
}
