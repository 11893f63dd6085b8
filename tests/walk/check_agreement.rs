//! `gapwalk check` and the walk agree: every finding the check reports on a record names
//! something the full pass asks, so walking a control to its end leaves check nothing to say
//! about what a person could have answered there.

use gapwalk::catalogue::default_catalogue;
use gapwalk::review::findings::{FindingKind, control_findings};
use gapwalk::session::{Applicability, Assessment, Exclusion, Holder, Status};
use gapwalk::tui::field::Field;
use gapwalk::tui::walk::questions;
use gapwalk::walkplan::{Depth, full_pass_missing};

fn records() -> Vec<Assessment> {
    let mut out = Vec::new();
    for holder in [
        Holder::Undecided,
        Holder::Customer,
        Holder::Provider,
        Holder::Shared,
        Holder::ThirdParty,
    ] {
        for status in [
            Status::Unknown,
            Status::Implemented,
            Status::Partial,
            Status::NotImplemented,
        ] {
            let mut a = Assessment::new("CLD.6.3.1");
            a.applicability = Applicability::Applicable;
            a.responsibility_mut("AWS").holder = holder;
            a.status = status;
            out.push(a);
        }
    }
    let mut excluded = Assessment::new("CLD.6.3.1");
    excluded.applicability = Applicability::NotApplicable;
    out.push(excluded);
    out
}

#[test]
fn every_finding_on_a_record_is_a_question_of_the_full_pass() {
    let catalogue = default_catalogue();
    let control = catalogue.control("CLD.6.3.1").unwrap();
    let providers = vec!["AWS".to_string(), "GCP".to_string()];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    for a in records() {
        let mut found = Vec::new();
        control_findings(control, &a, &providers, &[], today, &mut found);
        let asked = questions(&a, &providers, &[], Depth::Full);
        let asks = |f: &dyn Fn(&Field) -> bool| asked.iter().any(f);
        for finding in &found {
            let ok = match finding.kind {
                FindingKind::MissingJustification => asks(&|f| *f == Field::Justification),
                FindingKind::ResponsibilityUndecided | FindingKind::MissingResponsibility => {
                    asks(&|f| matches!(f, Field::Holder(_)))
                }
                FindingKind::MissingCustomerOwner => {
                    asks(&|f| matches!(f, Field::CustomerOwner(_)))
                }
                FindingKind::MissingProviderOwner => {
                    asks(&|f| matches!(f, Field::ProviderOwner(_)))
                }
                FindingKind::StatusUnknown => asks(&|f| *f == Field::Status),
                FindingKind::MissingEvidence => asks(&|f| *f == Field::AddEvidence),
                FindingKind::MissingRemediation => asks(&|f| *f == Field::Treatment),
                FindingKind::MissingInherited => asks(&|f| matches!(f, Field::Inherited(_))),
                FindingKind::MissingCustomerDuty => asks(&|f| matches!(f, Field::CustomerDuty(_))),
                FindingKind::MissingProviderEvidence => {
                    asks(&|f| matches!(f, Field::ProviderEvidence(_)))
                }
                FindingKind::MissingGapDescription => asks(&|f| *f == Field::Gap),
                FindingKind::MissingChangeTrigger => asks(&|f| *f == Field::ChangeTrigger),
                FindingKind::MissingEscalation => asks(&|f| *f == Field::Escalation),
                FindingKind::MissingAccountableOwner => asks(&|f| *f == Field::AccountableOwner),
                FindingKind::MissingExclusionReason => asks(&|f| *f == Field::ExclusionReason),
                FindingKind::MissingReason => asks(&|f| *f == Field::Reason),
                // The as-of date is asked right after an evidence pointer is added.
                FindingKind::UndatedEvidence => asks(&|f| *f == Field::AddEvidence),
                FindingKind::MissingNextReview => asks(&|f| *f == Field::NextReview),
                // Not answers a walk collects: dates passing, merges, approvals, parking, the
                // carried-over mark, an exclusion contradicted by a provider's line.
                _ => true,
            };
            assert!(
                ok,
                "check reports {:?} on {:?}/{:?} but the full walk never asks it: {asked:?}",
                finding.kind,
                a.responsibility("AWS").map(|r| r.holder),
                a.status
            );
            // And the walk's own list of what is missing names it too.
            assert!(
                !full_pass_missing(&a, &providers).is_empty(),
                "check finds {:?} but the walk thinks the record is whole",
                finding.kind
            );
        }
    }
}

#[test]
fn the_full_pass_asks_the_accountable_owner_and_an_exclusion_in_its_own_words() {
    let catalogue = default_catalogue();
    let control = catalogue.control("CLD.6.3.1").unwrap();
    let providers = vec!["AWS".to_string()];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let kinds = |a: &Assessment| {
        let mut found = Vec::new();
        control_findings(control, a, &providers, &[], today, &mut found);
        found.into_iter().map(|f| f.kind).collect::<Vec<_>>()
    };
    // Applicable without an accountable owner: check says so, and the full pass asks it
    // right after the justification.
    let mut a = Assessment::new("CLD.6.3.1");
    a.applicability = Applicability::Applicable;
    assert!(kinds(&a).contains(&FindingKind::MissingAccountableOwner));
    let asked = questions(&a, &providers, &[], Depth::Full);
    assert_eq!(
        asked[..4],
        [
            Field::Applicability,
            Field::Reason,
            Field::Justification,
            Field::AccountableOwner
        ]
    );
    assert!(full_pass_missing(&a, &providers).contains(&("accountable_owner", String::new())));
    a.accountable_owner = "Ana Lima".into();
    assert!(!kinds(&a).contains(&FindingKind::MissingAccountableOwner));
    assert!(!full_pass_missing(&a, &providers).contains(&("accountable_owner", String::new())));

    // Excluded: the reason asked is an exclusion reason, then the justification; once both
    // are given neither check nor the walk misses anything.
    let mut x = Assessment::new("CLD.6.3.1");
    x.applicability = Applicability::NotApplicable;
    assert!(kinds(&x).contains(&FindingKind::MissingExclusionReason));
    assert!(kinds(&x).contains(&FindingKind::MissingJustification));
    assert_eq!(
        questions(&x, &providers, &[], Depth::Full),
        [
            Field::Applicability,
            Field::ExclusionReason,
            Field::Justification
        ]
    );
    x.exclusion_reasons = vec![Exclusion::NoAssetOrActivity];
    x.justification = "We run no such activity".into();
    assert!(
        !kinds(&x).iter().any(|k| matches!(
            k,
            FindingKind::MissingExclusionReason | FindingKind::MissingJustification
        )),
        "{:?}",
        kinds(&x)
    );
    assert!(full_pass_missing(&x, &providers).is_empty());
    // An inclusion reason does not stand in for an exclusion reason.
    let mut wrong = Assessment::new("CLD.6.3.1");
    wrong.applicability = Applicability::NotApplicable;
    wrong.reasons = vec![gapwalk::session::Reason::BusinessNeed];
    wrong.justification = "x".into();
    assert!(kinds(&wrong).contains(&FindingKind::MissingExclusionReason));
    assert!(full_pass_missing(&wrong, &providers).contains(&("exclusion_reasons", String::new())));
}

/// The other way round: what the full pass still asks for, check reports. A record the walk
/// calls whole has no finding a person could answer in the walk, and one that lacks any single
/// thing the walk asks has at least one.
#[test]
fn what_the_full_pass_still_asks_for_is_a_finding() {
    use gapwalk::session::{Evidence, Reason, Remediation};
    let catalogue = default_catalogue();
    let control = catalogue.control("CLD.6.3.1").unwrap();
    let providers = vec!["AWS".to_string()];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut whole = Assessment::new("CLD.6.3.1");
    whole.applicability = Applicability::Applicable;
    whole.reasons = vec![Reason::Contractual];
    whole.justification = "Our contract splits the duties".into();
    whole.accountable_owner = "Ana Lima".into();
    let r = whole.responsibility_mut("AWS");
    r.holder = Holder::Shared;
    r.customer_owner = "Ana Lima".into();
    r.provider_owner = "AWS TAM".into();
    r.inherited = "Host security".into();
    r.customer_duty = "IAM".into();
    r.provider_evidence = "SOC 2".into();
    whole.status = Status::Partial;
    whole.evidence.push(Evidence {
        location: "https://wiki.example/raci".into(),
        as_of: Some(today),
        ..Evidence::default()
    });
    whole.gap = "GCP logging".into();
    whole.remediation = Some(Remediation {
        action: "Turn logs on".into(),
        ..Remediation::default()
    });
    whole.next_review = Some(chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap());
    whole.change_trigger = "A new provider".into();
    whole.escalation = "CISO".into();
    let found = |a: &Assessment| {
        let mut out = Vec::new();
        control_findings(control, a, &providers, &[], today, &mut out);
        out
    };
    assert!(full_pass_missing(&whole, &providers).is_empty());
    assert!(found(&whole).is_empty(), "{:?}", found(&whole));
    // Take away each thing in turn.
    type Take = fn(&mut Assessment);
    let takes: Vec<(&str, Take)> = vec![
        ("reasons", |a| a.reasons.clear()),
        ("justification", |a| a.justification.clear()),
        ("accountable_owner", |a| a.accountable_owner.clear()),
        ("customer_owner", |a| {
            a.responsibilities[0].customer_owner.clear()
        }),
        ("provider_owner", |a| {
            a.responsibilities[0].provider_owner.clear()
        }),
        ("inherited", |a| a.responsibilities[0].inherited.clear()),
        ("customer_duty", |a| {
            a.responsibilities[0].customer_duty.clear()
        }),
        ("provider_evidence", |a| {
            a.responsibilities[0].provider_evidence.clear()
        }),
        ("status", |a| a.status = Status::Unknown),
        ("evidence", |a| a.evidence.clear()),
        ("evidence.as_of", |a| a.evidence[0].as_of = None),
        ("gap", |a| a.gap.clear()),
        ("treatment", |a| a.remediation = None),
        ("next_review", |a| a.next_review = None),
        ("change_trigger", |a| a.change_trigger.clear()),
        ("escalation", |a| a.escalation.clear()),
    ];
    for (what, take) in takes {
        let mut a = whole.clone();
        take(&mut a);
        assert!(
            full_pass_missing(&a, &providers)
                .iter()
                .any(|(k, _)| *k == what),
            "the walk does not miss {what}"
        );
        assert!(
            !found(&a).is_empty(),
            "the full pass still asks for {what}, but check finds nothing"
        );
    }
}
