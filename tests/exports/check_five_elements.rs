//! `gapwalk check` holds every applicable record to the five elements (scope, accountable
//! owner, evidence source, change trigger, escalation path) and to what a shared or
//! provider-held line, a gap, an exclusion, a parked control and an approval need. Each kind
//! is shown on a record that has the problem and on the same record without it.

use std::path::Path;

use chrono::NaiveDate;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::review::{FindingKind, findings};
use gapwalk::session::*;

const CONTROL: &str = "CLD.9.5.1";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn as_of() -> NaiveDate {
    date("2026-11-25")
}

/// A session whose one assessed control is complete: applicable, shared with AWS, every
/// element recorded.
fn complete() -> (Session, Catalogue) {
    let cat = default_catalogue();
    let mut s = Session::new("t", &cat, Timestamp::from_unix(1_790_000_000).unwrap());
    s.meta.scope = "Customer portal on AWS eu-west-1".into();
    s.meta.providers.push(Provider {
        name: "AWS".into(),
        services: vec![],
    });
    let mut a = Assessment::new(CONTROL);
    a.applicability = Applicability::Applicable;
    a.reasons = vec![Reason::RiskAssessment];
    a.justification = "Tenants share hosts".into();
    a.accountable_owner = "Ana (CISO)".into();
    a.status = Status::Implemented;
    a.evidence.push(Evidence {
        kind: EvidenceKind::Url,
        location: "https://wiki/segregation".into(),
        as_of: Some(date("2026-10-01")),
        ..Evidence::default()
    });
    a.change_trigger = "new region or new account".into();
    a.escalation = "security on-call, then CISO".into();
    a.next_review = Some(date("2027-06-01"));
    let r = a.responsibility_mut("AWS");
    r.holder = Holder::Shared;
    r.customer_owner = "Ben".into();
    r.provider_owner = "AWS".into();
    r.inherited = "hypervisor isolation".into();
    r.customer_duty = "security groups per tenant".into();
    r.provider_evidence = "SOC 2 Type II".into();
    s.assessments.push(a);
    (s, cat)
}

/// The kinds reported for the session itself and the control under test.
fn kinds(s: &Session, cat: &Catalogue) -> Vec<FindingKind> {
    findings(s, cat, as_of())
        .into_iter()
        .filter(|f| f.control == CONTROL || f.control == "session")
        .map(|f| f.kind)
        .collect()
}

fn with(change: impl FnOnce(&mut Assessment)) -> Vec<FindingKind> {
    let (mut s, cat) = complete();
    change(&mut s.assessments[0]);
    kinds(&s, &cat)
}

#[test]
fn a_complete_record_has_no_findings() {
    let (s, cat) = complete();
    assert_eq!(kinds(&s, &cat), []);
}

#[test]
fn an_empty_scope_is_one_finding_for_the_session_not_one_per_control() {
    let (mut s, cat) = complete();
    s.meta.scope = "  ".into();
    let all = findings(&s, &cat, as_of());
    let scope: Vec<_> = all
        .iter()
        .filter(|f| f.kind == FindingKind::EmptyScope)
        .collect();
    assert_eq!(scope.len(), 1);
    assert_eq!(scope[0].control, "session");
}

#[test]
fn each_of_the_five_elements_is_required() {
    assert_eq!(
        with(|a| a.accountable_owner.clear()),
        [FindingKind::MissingAccountableOwner]
    );
    assert_eq!(with(|a| a.evidence.clear()), [FindingKind::MissingEvidence]);
    // A review date does not stand in for the event that forces a review.
    assert_eq!(
        with(|a| a.change_trigger.clear()),
        [FindingKind::MissingChangeTrigger]
    );
    assert_eq!(
        with(|a| a.escalation.clear()),
        [FindingKind::MissingEscalation]
    );
}

#[test]
fn a_provider_held_control_still_needs_an_accountable_owner_on_our_side() {
    let found = with(|a| {
        a.accountable_owner.clear();
        a.responsibility_mut("AWS").holder = Holder::Provider;
    });
    assert_eq!(found, [FindingKind::MissingAccountableOwner]);
}

#[test]
fn shared_and_provider_held_lines_say_what_is_inherited_what_we_do_and_the_evidence() {
    for holder in [Holder::Shared, Holder::Provider] {
        let found = with(|a| {
            let r = a.responsibility_mut("AWS");
            r.holder = holder;
            r.inherited.clear();
            r.customer_duty.clear();
            r.provider_evidence.clear();
        });
        assert_eq!(
            found,
            [
                FindingKind::MissingInherited,
                FindingKind::MissingCustomerDuty,
                FindingKind::MissingProviderEvidence
            ],
            "{holder:?}"
        );
    }
    // A line we hold ourselves inherits nothing.
    let found = with(|a| {
        let r = a.responsibility_mut("AWS");
        r.holder = Holder::Customer;
        r.inherited.clear();
        r.customer_duty.clear();
        r.provider_evidence.clear();
    });
    assert_eq!(found, []);
}

#[test]
fn a_gap_says_what_is_missing() {
    let found = with(|a| {
        a.status = Status::Partial;
        a.remediation = Some(Remediation {
            action: "add tenant tags".into(),
            ..Remediation::default()
        });
    });
    assert_eq!(found, [FindingKind::MissingGapDescription]);
    let found = with(|a| {
        a.status = Status::Partial;
        a.gap = "two legacy tenants share a security group".into();
        a.remediation = Some(Remediation {
            action: "add tenant tags".into(),
            ..Remediation::default()
        });
    });
    assert_eq!(found, []);
}

fn excluded(a: &mut Assessment) {
    a.applicability = Applicability::NotApplicable;
    a.reasons.clear();
    a.exclusion_reasons = vec![Exclusion::NoAssetOrActivity];
    a.justification = "No multi-tenant hosting of our own".into();
    a.responsibility_mut("AWS").holder = Holder::Customer;
}

#[test]
fn an_exclusion_needs_its_own_reason_and_a_justification() {
    assert_eq!(with(excluded), []);
    let found = with(|a| {
        excluded(a);
        a.exclusion_reasons.clear();
    });
    assert_eq!(found, [FindingKind::MissingExclusionReason]);
    let found = with(|a| {
        excluded(a);
        a.justification.clear();
    });
    assert_eq!(found, [FindingKind::MissingJustification]);
}

#[test]
fn an_excluded_control_held_outside_is_an_outsourced_control_and_applicable() {
    for holder in [Holder::Provider, Holder::Shared, Holder::ThirdParty] {
        let (mut s, cat) = complete();
        excluded(&mut s.assessments[0]);
        s.assessments[0].responsibility_mut("AWS").holder = holder;
        let all = findings(&s, &cat, as_of());
        let f = all
            .iter()
            .find(|f| f.kind == FindingKind::OutsourcedExcluded)
            .unwrap_or_else(|| panic!("{holder:?}: {all:?}"));
        assert!(f.message.contains("AWS"), "{}", f.message);
        assert!(f.message.contains("outsourced control is applicable"));
    }
}

#[test]
fn a_parked_control_is_listed_even_when_decided() {
    assert_eq!(with(|a| a.flagged = true), [FindingKind::Parked]);
    assert_eq!(
        with(|a| {
            excluded(a);
            a.flagged = true;
        }),
        [FindingKind::Parked]
    );
}

#[test]
fn an_approval_goes_stale_when_the_content_changes() {
    let (mut s, cat) = complete();
    s.approvals.push(Approval {
        at: Timestamp::from_unix(1_790_000_100).unwrap(),
        by: "Ana".into(),
        role: String::new(),
        content: content_hash(&s),
    });
    assert_eq!(kinds(&s, &cat), []);
    s.assessments[0].status = Status::Partial;
    s.assessments[0].gap = "legacy tenants".into();
    s.assessments[0].risk_acceptance = Some(RiskAcceptance {
        accepted_by: "Ana".into(),
        rationale: "retired in Q1".into(),
        ..RiskAcceptance::default()
    });
    assert_eq!(kinds(&s, &cat), [FindingKind::StaleApproval]);
}

#[test]
fn as_of_still_decides_what_is_overdue() {
    let (s, cat) = complete();
    let later = findings(&s, &cat, date("2027-12-01"));
    let mine: Vec<FindingKind> = later
        .iter()
        .filter(|f| f.control == CONTROL)
        .map(|f| f.kind)
        .collect();
    assert_eq!(
        mine,
        [FindingKind::StaleEvidence, FindingKind::ReviewOverdue]
    );
}

fn gapwalk(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn text_and_json_carry_the_same_stable_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = complete();
    s.assessments[0].escalation.clear();
    gapwalk::persist::save(&dir.path().join("s.ron"), &s).unwrap();
    let (code, text, _) = gapwalk(&["check", "s.ron", "--as-of", "2026-11-25"], dir.path());
    assert_eq!(code, 1);
    assert!(
        text.contains("s.ron: CLD.9.5.1: missing-escalation: no escalation path"),
        "{text}"
    );
    let (_, json, _) = gapwalk(
        &[
            "check",
            "s.ron",
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(json.contains("\"kind\": \"missing-escalation\""), "{json}");
}

#[test]
fn the_readme_table_lists_every_finding_kind_with_its_seats() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for kind in FindingKind::ALL {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", kind.key())))
            .unwrap_or_else(|| panic!("README has no finding-table row for {}", kind.key()));
        assert!(
            row.contains("customer") || row.contains("provider"),
            "{row}"
        );
    }
}
