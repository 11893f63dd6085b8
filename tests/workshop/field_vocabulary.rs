//! One field vocabulary: the walk and the edit form take their steps, labels, questions, kinds
//! and the internal rule from the domain's table keyed by `FieldKey`; the screen adds only its
//! own steps (evidence lines, adding evidence, remediate-or-accept).

use chrono::NaiveDate;
use gapwalk::fields::{Answer, CLOSING_QUESTIONS, FieldKey};
use gapwalk::session::{Applicability, Assessment, Holder, Status};
use gapwalk::tui::field::{Field, Kind, form_fields};
use gapwalk::tui::walk::questions;
use gapwalk::walkplan::{Depth, full_pass_missing};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

#[test]
fn the_form_is_the_tables_form_fields_in_its_order_with_the_screens_evidence_steps() {
    let mut a = Assessment::new("9.2.3");
    a.evidence.push(gapwalk::session::Evidence {
        location: "https://wiki/x".into(),
        ..Default::default()
    });
    let providers = ["AWS".to_string(), "Azure".to_string()];
    let offerings = ["Payroll".to_string()];
    let fields = form_fields(&a, &providers, &offerings);

    // Every step with a key is a field the table puts in the form, on every line it has.
    let mut expected = Vec::new();
    // (An included or undecided control is asked why it is included; the exclusion reasons
    // are for an excluded one, below.)
    for key in FieldKey::ALL
        .into_iter()
        .filter(|k| k.in_form() && *k != FieldKey::ExclusionReasons)
    {
        let lines: Vec<&str> = if key.per_provider() {
            providers.iter().map(String::as_str).collect()
        } else if key.per_offering() {
            offerings.iter().map(String::as_str).collect()
        } else {
            vec![""]
        };
        for line in lines {
            expected.push((key, line.to_string()));
        }
    }
    let mut keyed: Vec<(FieldKey, String)> = fields
        .iter()
        .filter_map(|f| f.key().map(|(k, l)| (k, l.to_string())))
        .collect();
    keyed.sort();
    expected.sort();
    assert_eq!(keyed, expected);

    // An excluded control's form asks why it is left out instead, and who is accountable
    // either way: what `check` reports missing, the form can fix.
    let mut excluded = a.clone();
    excluded.applicability = gapwalk::session::Applicability::NotApplicable;
    let keys: Vec<FieldKey> = form_fields(&excluded, &providers, &offerings)
        .iter()
        .filter_map(|f| f.key().map(|(k, _)| k))
        .collect();
    assert!(keys.contains(&FieldKey::ExclusionReasons));
    assert!(!keys.contains(&FieldKey::Reasons));
    assert!(keys.contains(&FieldKey::AccountableOwner));

    // Lines come in blocks, one per provider, in scope order.
    let holder = |p: &str| fields.iter().position(|f| *f == Field::Holder(p.into()));
    let aws_last = fields
        .iter()
        .rposition(|f| f.provider() == Some("AWS"))
        .unwrap();
    assert!(holder("AWS").unwrap() < aws_last && aws_last < holder("Azure").unwrap());

    // The screen's own steps: the evidence line and adding one, right after the status.
    let status = fields.iter().position(|f| *f == Field::Status).unwrap();
    assert_eq!(fields[status + 1], Field::Evidence(0));
    assert_eq!(fields[status + 2], Field::AddEvidence);
    assert_eq!(fields.iter().filter(|f| f.key().is_none()).count(), 2);
}

#[test]
fn labels_questions_and_kinds_are_the_tables() {
    let a = Assessment::new("9.2.3");
    let fields = form_fields(&a, &["AWS".into()], &["Payroll".into()]);
    for field in &fields {
        let Some((key, line)) = field.key() else {
            continue;
        };
        assert_eq!(field.label(), key.label(line), "{field:?}");
        assert_eq!(field.question(), key.question(line), "{field:?}");
        let kind = match key.answer() {
            Answer::Choice => Kind::Choice,
            Answer::Name => Kind::Text { names: true },
            Answer::Date => Kind::Date,
            Answer::Text => Kind::Text { names: false },
        };
        assert_eq!(field.kind(), kind, "{field:?}");
        assert_eq!(field.options(), key.options(), "{field:?}");
    }
    assert_eq!(Field::Holder("AWS".into()).label(), "AWS: who holds it");
    assert_eq!(
        Field::OfferingContact("Payroll".into()).question(),
        "For Payroll: whom do customers ask (a role)?"
    );
}

#[test]
fn presenter_view_hides_exactly_what_the_domain_calls_internal() {
    let a = Assessment::new("9.2.3");
    for field in form_fields(&a, &["AWS".into()], &["Payroll".into()]) {
        let expected = field.key().is_some_and(|(k, _)| k.is_internal());
        assert_eq!(field.is_internal(), expected, "{field:?}");
    }
    // The remediate-or-accept step has no key: both its records are internal, so it is too.
    assert!(Field::Treatment.is_internal());
    assert!(FieldKey::Remediation.is_internal() && FieldKey::RiskAcceptance.is_internal());
    // Evidence is what a customer or an auditor sees.
    assert!(!Field::AddEvidence.is_internal());
}

#[test]
fn a_field_with_no_step_of_its_own_is_asked_and_written_through_the_table() {
    // Who last reviewed a record has no step of its own on the screen: as a new field of the
    // table would, it gets a plain step that reads, writes and labels through the domain.
    let field = Field::from_key(FieldKey::ReviewedBy, "");
    assert_eq!(field, Field::Plain(FieldKey::ReviewedBy, String::new()));
    assert_eq!(field.kind(), Kind::Text { names: true });
    assert_eq!(field.label(), "Reviewed by");
    let mut a = Assessment::new("9.2.3");
    field
        .set_text(&mut a, "  Ana Lima ", "ci", today())
        .unwrap();
    assert_eq!(a.reviewed_by, "Ana Lima");
    assert_eq!(field.value(&a), "Ana Lima");
    assert_eq!(field.editable_text(&a), "Ana Lima");
    // The accountable owner, which the full pass asks, has a step of its own now.
    assert_eq!(
        Field::from_key(FieldKey::AccountableOwner, ""),
        Field::AccountableOwner
    );

    // A date through the table: parsed by the one date parser, refused with its message.
    let reviewed = Field::from_key(FieldKey::ReviewedOn, "");
    assert_eq!(reviewed.kind(), Kind::Date);
    reviewed.set_text(&mut a, "+3m", "ci", today()).unwrap();
    assert_eq!(a.reviewed_on, NaiveDate::from_ymd_opt(2027, 2, 25));
    assert!(
        reviewed
            .set_text(&mut a, "2027-02-30", "ci", today())
            .is_err()
    );
    assert_eq!(a.reviewed_on, NaiveDate::from_ymd_opt(2027, 2, 25));

    // Every named step maps back to itself through its key.
    for key in FieldKey::ALL {
        let f = Field::from_key(key, "AWS");
        let (back, _) = f.key().unwrap();
        assert_eq!(back, key);
    }
}

#[test]
fn the_walk_closes_with_the_tables_closing_questions_and_the_check_asks_the_same() {
    let mut a = Assessment::new("9.2.3");
    a.applicability = Applicability::Applicable;
    a.reasons.push(gapwalk::session::Reason::Contractual);
    a.justification = "x".into();
    a.responsibility_mut("AWS").holder = Holder::Customer;
    a.status = Status::NotImplemented;
    let asked = questions(&a, &["AWS".into()], &[], Depth::Full);
    let closing: Vec<Field> = CLOSING_QUESTIONS
        .iter()
        .map(|k| Field::from_key(*k, ""))
        .collect();
    assert_eq!(asked[asked.len() - closing.len()..], closing[..]);

    let missing = full_pass_missing(&a, &["AWS".into()]);
    let names: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
    let closing_names: Vec<&str> = CLOSING_QUESTIONS.iter().map(|k| k.name()).collect();
    assert_eq!(
        names[names.len() - closing_names.len()..],
        closing_names[..]
    );
    // Answering them through the walk's steps satisfies the check.
    for field in &closing {
        field.set_text(&mut a, "2027-01-31", "ci", today()).unwrap();
    }
    let missing = full_pass_missing(&a, &["AWS".into()]);
    assert!(
        missing.iter().all(|(k, _)| !closing_names.contains(k)),
        "{missing:?}"
    );
}
