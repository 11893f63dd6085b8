//! Completeness findings: what a record still lacks before an auditor would accept
//! it. `gapwalk check` and the TUI show the same list.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::catalogue::{Catalogue, Control};
use crate::session::{Applicability, Assessment, Conflict, Holder, Session, Status};

/// Evidence older than this many months before the as-of date is stale.
pub const EVIDENCE_MAX_AGE_MONTHS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// Both branches of a merge changed a field differently; someone must pick.
    #[serde(rename = "merge-conflict")]
    Conflict,
    Unassessed,
    MissingJustification,
    ResponsibilityUndecided,
    MissingResponsibility,
    ResponsibilityOutOfScope,
    MissingCustomerOwner,
    MissingProviderOwner,
    StatusUnknown,
    MissingEvidence,
    MissingRemediation,
    MissingReviewTrigger,
    StaleEvidence,
    ReviewOverdue,
    RemediationOverdue,
    RiskAcceptanceExpired,
    /// A provider's imported statement the workshop has not confirmed yet.
    UnconfirmedStatement,
    /// Every provider line says the provider has nothing to do with the control.
    NoHolder,
    /// A provider's seat: no line, or no holder, for an offering we provide.
    OfferingUndecided,
    /// A provider's seat: our customers hold part of it but are not told what to do.
    MissingCustomerDuty,
}

impl FindingKind {
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::Conflict => "merge-conflict",
            FindingKind::Unassessed => "unassessed",
            FindingKind::MissingJustification => "missing-justification",
            FindingKind::ResponsibilityUndecided => "responsibility-undecided",
            FindingKind::MissingResponsibility => "missing-responsibility",
            FindingKind::ResponsibilityOutOfScope => "responsibility-out-of-scope",
            FindingKind::MissingCustomerOwner => "missing-customer-owner",
            FindingKind::MissingProviderOwner => "missing-provider-owner",
            FindingKind::StatusUnknown => "status-unknown",
            FindingKind::MissingEvidence => "missing-evidence",
            FindingKind::MissingRemediation => "missing-remediation",
            FindingKind::MissingReviewTrigger => "missing-review-trigger",
            FindingKind::StaleEvidence => "stale-evidence",
            FindingKind::ReviewOverdue => "review-overdue",
            FindingKind::RemediationOverdue => "remediation-overdue",
            FindingKind::RiskAcceptanceExpired => "risk-acceptance-expired",
            FindingKind::UnconfirmedStatement => "unconfirmed-statement",
            FindingKind::NoHolder => "no-holder",
            FindingKind::OfferingUndecided => "offering-undecided",
            FindingKind::MissingCustomerDuty => "missing-customer-duty",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub control: String,
    pub kind: FindingKind,
    pub message: String,
}

/// Where findings about the session's own details (not a control) are filed.
pub const SESSION: &str = "session";

/// All findings of a session: merge conflicts in its details first, then each control in
/// catalogue order. `as_of` decides what is stale or overdue.
pub fn findings(session: &Session, catalogue: &Catalogue, as_of: NaiveDate) -> Vec<Finding> {
    let seats = session.meta.seats();
    let (providers, offerings) = (seats.providers, seats.offerings);
    let mut out = Vec::new();
    conflict_findings(SESSION, &session.meta.conflicts, &mut out);
    for (control, assessment) in session.by_control(catalogue) {
        if let Some(a) = assessment {
            conflict_findings(&control.id, &a.conflicts, &mut out);
            unconfirmed_findings(&control.id, a, &mut out);
        }
        match assessment {
            Some(a) if a.is_assessed() => {
                control_findings(control, a, &providers, &offerings, as_of, &mut out)
            }
            _ => out.push(Finding {
                control: control.id.clone(),
                kind: FindingKind::Unassessed,
                message: "not assessed yet: decide whether it applies".into(),
            }),
        }
    }
    out
}

/// One finding per provider line that holds an imported statement not yet confirmed, whether
/// or not the control itself is decided: the import may come before the workshop.
pub fn unconfirmed_findings(control: &str, a: &Assessment, out: &mut Vec<Finding>) {
    for r in a.responsibilities.iter().filter(|r| r.unconfirmed) {
        let from = r
            .provenance
            .as_ref()
            .map_or(String::new(), |p| format!(" (from {})", p.file));
        out.push(Finding {
            control: control.to_string(),
            kind: FindingKind::UnconfirmedStatement,
            message: format!(
                "{}'s line is the provider's statement{from}, not yet confirmed by the workshop",
                r.provider
            ),
        });
    }
}

/// Findings of the provider's seat: each offering we provide needs a holder, and a line that
/// leaves part to our customers must say what they do.
fn offering_findings(
    a: &Assessment,
    offerings: &[String],
    push: &mut impl FnMut(FindingKind, String),
) {
    for offering in offerings {
        match a.offering(offering) {
            Some(l) if l.holder != Holder::Undecided => {
                if l.holder.needs_customer_owner() && l.customer_must.trim().is_empty() {
                    push(
                        FindingKind::MissingCustomerDuty,
                        format!(
                            "{} for {offering} but what our customers must do is not said",
                            l.holder.label()
                        ),
                    );
                }
            }
            _ => push(
                FindingKind::OfferingUndecided,
                format!("who holds it between us and our customers of {offering} is undecided"),
            ),
        }
    }
}

/// One finding per recorded merge conflict.
pub fn conflict_findings(control: &str, conflicts: &[Conflict], out: &mut Vec<Finding>) {
    for c in conflicts {
        let field = if c.item.is_empty() {
            c.field.clone()
        } else {
            format!("{} of {}", c.field, c.item)
        };
        out.push(Finding {
            control: control.to_string(),
            kind: FindingKind::Conflict,
            message: format!(
                "merge conflict on {field}: ours {}, theirs {} (base {}); pick one",
                shown(&c.ours),
                shown(&c.theirs),
                shown(&c.base)
            ),
        });
    }
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        "(empty)".into()
    } else {
        format!("{value:?}")
    }
}

/// Findings for one assessed control.
pub fn control_findings(
    control: &Control,
    a: &Assessment,
    providers: &[String],
    offerings: &[String],
    as_of: NaiveDate,
    out: &mut Vec<Finding>,
) {
    let mut push = |kind: FindingKind, message: String| {
        out.push(Finding {
            control: control.id.clone(),
            kind,
            message,
        })
    };
    if a.justification.trim().is_empty() {
        let why = if a.applicability == Applicability::Applicable {
            "why it is included"
        } else {
            "why it is excluded"
        };
        push(
            FindingKind::MissingJustification,
            format!("no justification: say {why}"),
        );
    }
    for r in &a.responsibilities {
        if !providers.contains(&r.provider) {
            push(
                FindingKind::ResponsibilityOutOfScope,
                format!(
                    "a responsibility line names {}, which is not a provider in scope (renamed or removed?): clear it or add the provider back",
                    r.provider
                ),
            );
        }
    }
    if a.applicability != Applicability::Applicable {
        return;
    }
    offering_findings(a, offerings, &mut push);
    let lines: Vec<_> = providers
        .iter()
        .filter_map(|p| a.responsibility(p))
        .collect();
    if !lines.is_empty()
        && lines.len() == providers.len()
        && lines.iter().all(|r| r.holder == Holder::NotApplicable)
    {
        push(
            FindingKind::NoHolder,
            "every provider says it has nothing to do with this control: who holds it? (a line held by the customer says we do)".into(),
        );
    }
    for provider in providers {
        match a.responsibility(provider) {
            None => push(
                FindingKind::MissingResponsibility,
                format!("no responsibility recorded for {provider}"),
            ),
            Some(r) => {
                if r.holder == Holder::Undecided {
                    push(
                        FindingKind::ResponsibilityUndecided,
                        format!("who holds it for {provider} is undecided"),
                    );
                }
                if r.holder.needs_customer_owner() && r.customer_owner.trim().is_empty() {
                    push(
                        FindingKind::MissingCustomerOwner,
                        format!(
                            "{} for {provider} but no customer-side owner",
                            r.holder.label()
                        ),
                    );
                }
                if r.holder.needs_provider_owner() && r.provider_owner.trim().is_empty() {
                    push(
                        FindingKind::MissingProviderOwner,
                        format!(
                            "{} for {provider} but no provider-side owner",
                            r.holder.label()
                        ),
                    );
                }
            }
        }
    }
    match a.status {
        Status::Unknown => push(
            FindingKind::StatusUnknown,
            "implementation status not recorded".into(),
        ),
        Status::Implemented if a.evidence.is_empty() => push(
            FindingKind::MissingEvidence,
            "implemented but no evidence pointer".into(),
        ),
        _ => {}
    }
    if a.is_gap() && a.planned_remediation().is_none() && a.accepted_risk().is_none() {
        // A started but hollow treatment is named, so the reader knows what to complete.
        let what = if a.remediation.is_some() {
            "a remediation with no action yet"
        } else if a.risk_acceptance.is_some() {
            "a risk acceptance that does not say who accepted it and why"
        } else {
            "neither remediation nor risk acceptance"
        };
        push(
            FindingKind::MissingRemediation,
            format!("gap ({}) with {what}", a.status.label()),
        );
    }
    if a.change_trigger.trim().is_empty() && a.next_review.is_none() {
        push(
            FindingKind::MissingReviewTrigger,
            "no change trigger and no next review date".into(),
        );
    }
    let oldest_fresh = as_of
        .checked_sub_months(Months::new(EVIDENCE_MAX_AGE_MONTHS))
        .unwrap_or(as_of);
    for e in &a.evidence {
        if let Some(date) = e.as_of
            && date < oldest_fresh
        {
            push(
                FindingKind::StaleEvidence,
                format!(
                    "evidence {:?} is from {date}, more than {EVIDENCE_MAX_AGE_MONTHS} months before {as_of}",
                    e.location
                ),
            );
        }
    }
    if let Some(date) = a.next_review
        && date < as_of
    {
        push(
            FindingKind::ReviewOverdue,
            format!("next review was due {date}"),
        );
    }
    if a.is_gap()
        && let Some(rem) = &a.remediation
        && let Some(due) = rem.due
        && due < as_of
    {
        push(
            FindingKind::RemediationOverdue,
            format!("remediation was due {due} and the gap is still open"),
        );
    }
    if let Some(ra) = &a.risk_acceptance
        && let Some(expires) = ra.expires
        && expires < as_of
    {
        push(
            FindingKind::RiskAcceptanceExpired,
            format!("risk acceptance expired {expires}"),
        );
    }
}
