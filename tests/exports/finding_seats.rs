//! Each finding kind applies to the customer's seat, the provider's, or both (issue 12 point 6):
//! the seat is part of the kind's definition (`FindingKind::applies_to`), the README's finding
//! table lists every kind with the same seats, and `check` never raises a kind from a seat the
//! session does not sit in.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::review::findings::{AppliesTo, FindingKind};
use gapwalk::session::*;

/// The README's finding table: kind -> seats, as written.
fn readme_table() -> BTreeMap<String, String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("### Findings").expect("a Findings section")..];
    section
        .lines()
        .skip_while(|l| !l.starts_with("| kind |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (
                cells[0].trim_matches('`').to_string(),
                cells.last().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_readme_lists_every_finding_kind_with_the_seats_the_code_gives_it() {
    let readme = readme_table();
    let code: BTreeMap<String, String> = FindingKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), k.applies_to().label().to_string()))
        .collect();
    assert_eq!(
        readme, code,
        "README's finding table (left) and FindingKind (right) disagree"
    );
    // Both seats occur, so the column says something.
    for seat in [AppliesTo::Customer, AppliesTo::Provider, AppliesTo::Both] {
        assert!(FindingKind::ALL.iter().any(|k| k.applies_to() == seat));
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// A session in `role`, naming `providers` and one offering, whose first control is applicable
/// and carries an undecided line for a provider ("Old IaaS") and one for the offering.
fn session(role: Role, providers: &[&str]) -> (Session, Catalogue, String) {
    let catalogue = default_catalogue();
    let mut s = Session::new(
        "Seats",
        &catalogue,
        Timestamp::from_unix(1_790_000_000).unwrap(),
    );
    s.meta.role = role;
    s.meta.providers = providers
        .iter()
        .map(|p| Provider {
            name: p.to_string(),
            services: Vec::new(),
        })
        .collect();
    s.meta.offerings = vec![Offering {
        name: "Payroll".into(),
        description: String::new(),
    }];
    let control = catalogue.controls[0].id.clone();
    let mut a = Assessment::new(&control);
    a.applicability = Applicability::Applicable;
    a.responsibility_mut("Old IaaS").holder = Holder::Undecided;
    a.offering_mut("Payroll").holder = Holder::Undecided;
    s.assessments.push(a);
    (s, catalogue, control)
}

fn kinds(s: &Session, catalogue: &Catalogue, control: &str) -> Vec<FindingKind> {
    gapwalk::review::findings(s, catalogue, as_of())
        .into_iter()
        .filter(|f| f.control == control)
        .map(|f| f.kind)
        .collect()
}

#[test]
fn a_provider_session_gets_no_customer_only_finding() {
    // A provider that names no provider it builds on: the line left for "Old IaaS" is not a
    // seat it sits in, so no customer-only kind (here: responsibility-out-of-scope) is raised.
    let (s, catalogue, control) = session(Role::Csp, &[]);
    let found = kinds(&s, &catalogue, &control);
    assert!(
        found.contains(&FindingKind::OfferingUndecided),
        "the provider's own seat is checked: {found:?}"
    );
    assert!(
        !found.contains(&FindingKind::ResponsibilityOutOfScope),
        "{found:?}"
    );
    let customer_only: Vec<&FindingKind> = found
        .iter()
        .filter(|k| k.applies_to() == AppliesTo::Customer)
        .collect();
    assert!(customer_only.is_empty(), "{customer_only:?}");
}

#[test]
fn a_customer_session_gets_no_provider_only_finding() {
    // A customer's session with an offering left from an earlier role: its line is not checked.
    let (s, catalogue, control) = session(Role::Csc, &["AWS"]);
    let found = kinds(&s, &catalogue, &control);
    assert!(
        found.contains(&FindingKind::MissingResponsibility),
        "the customer's seat is checked: {found:?}"
    );
    assert!(
        found.contains(&FindingKind::ResponsibilityOutOfScope),
        "{found:?}"
    );
    assert!(
        !found.contains(&FindingKind::OfferingUndecided),
        "{found:?}"
    );
    assert!(
        found.iter().all(|k| k.applies_to() != AppliesTo::Provider),
        "{found:?}"
    );
}

#[test]
fn a_session_in_both_seats_gets_both_kinds() {
    let (s, catalogue, control) = session(Role::Both, &["AWS"]);
    let found = kinds(&s, &catalogue, &control);
    assert!(found.contains(&FindingKind::OfferingUndecided), "{found:?}");
    assert!(
        found.contains(&FindingKind::MissingResponsibility),
        "{found:?}"
    );
}
