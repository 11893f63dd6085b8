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
    let providers = session.provider_names();
    let mut out = Vec::new();
    conflict_findings(SESSION, &session.meta.conflicts, &mut out);
    for (control, assessment) in session.by_control(catalogue) {
        if let Some(a) = assessment {
            conflict_findings(&control.id, &a.conflicts, &mut out);
        }
        match assessment {
            Some(a) if a.is_assessed() => control_findings(control, a, &providers, as_of, &mut out),
            _ => out.push(Finding {
                control: control.id.clone(),
                kind: FindingKind::Unassessed,
                message: "not assessed yet: decide whether it applies".into(),
            }),
        }
    }
    out
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
