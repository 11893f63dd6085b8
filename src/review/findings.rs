//! Completeness findings: what a record still lacks before an auditor would accept it.
//! `gapwalk check` and the TUI show the same list.
//!
//! Every applicable control is held to five elements: the scope boundary (the session's scope,
//! one finding when it is empty), an accountable owner on our side, an evidence source, a
//! change trigger (required even when a review date is set) and an escalation path. On top of
//! those: what a shared or provider-held line inherits, what we must still do and the
//! provider's evidence; a gap's description and treatment; an exclusion's reason and
//! justification, and an excluded control that someone outside runs (an outsourced control
//! is applicable); parked controls; a stale approval; dates past as of the day asked.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::catalogue::{Catalogue, Control};
use crate::session::{Applicability, ApprovalState, Assessment, Conflict, Holder, Session, Status};

/// Evidence older than this many months before the as-of date is stale.
pub const EVIDENCE_MAX_AGE_MONTHS: u32 = 12;

/// The seats of the shared-responsibility boundary a finding kind is raised from: the
/// customer's (the session uses providers: it has a line per provider, `Seats::providers`), the
/// provider's (it provides offerings: a line per offering, `Seats::offerings`), or both. The
/// session's role decides which seats it sits in (`Metadata::seats`); a kind is never raised
/// from a seat the session does not sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    Customer,
    Provider,
    Both,
}

impl AppliesTo {
    /// As the README's finding table writes it.
    pub fn label(self) -> &'static str {
        match self {
            AppliesTo::Customer => "customer",
            AppliesTo::Provider => "provider",
            AppliesTo::Both => "customer, provider",
        }
    }

    /// Whether a session with these provider and offering lines sits in the seat.
    pub fn occupied(self, providers: &[String], offerings: &[String]) -> bool {
        match self {
            AppliesTo::Customer => !providers.is_empty(),
            AppliesTo::Provider => !offerings.is_empty(),
            AppliesTo::Both => true,
        }
    }
}

/// Declares the finding kinds with their stable name (text and json), the seats they apply to
/// and what each asks for.
macro_rules! finding_kinds {
    ($($(#[$doc:meta])* $variant:ident => $key:literal, $seats:ident, $help:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum FindingKind {
            $($(#[$doc])* $variant),+
        }

        impl FindingKind {
            pub const ALL: &'static [FindingKind] = &[$(FindingKind::$variant),+];

            /// The stable name `check` prints and json carries.
            pub fn key(self) -> &'static str {
                match self { $(FindingKind::$variant => $key),+ }
            }

            /// The seats the kind is raised from (the README's table lists them; a test holds
            /// the two together).
            pub fn applies_to(self) -> AppliesTo {
                match self { $(FindingKind::$variant => AppliesTo::$seats),+ }
            }

            /// What the finding asks for, in a few words (the README's table says the same).
            pub fn help(self) -> &'static str {
                match self { $(FindingKind::$variant => $help),+ }
            }
        }
    };
}

finding_kinds! {
    /// Both branches of a merge changed a field differently; someone must pick.
    Conflict => "merge-conflict", Both, "two branches changed a field differently: pick one",
    /// The session's scope boundary is empty, so no control's SoA line says what it covers.
    EmptyScope => "empty-scope", Both, "the session names no scope boundary",
    /// The content changed after the latest approval.
    StaleApproval => "stale-approval", Both, "changed since the latest approval: approve again",
    Unassessed => "unassessed", Both, "not decided whether it applies",
    MissingJustification => "missing-justification", Both, "no justification for including or excluding it",
    MissingExclusionReason => "missing-exclusion-reason", Both, "excluded without an exclusion reason",
    /// Excluded, yet a provider or third party holds it on some line.
    OutsourcedExcluded => "outsourced-but-excluded", Customer, "excluded although someone outside holds it: an outsourced control is applicable",
    MissingAccountableOwner => "missing-accountable-owner", Both, "no accountable owner on our side, whoever runs it",
    ResponsibilityUndecided => "responsibility-undecided", Customer, "who holds it for a provider is undecided",
    MissingResponsibility => "missing-responsibility", Customer, "no responsibility line for a provider in scope",
    ResponsibilityOutOfScope => "responsibility-out-of-scope", Customer, "a responsibility line names a provider no longer in scope",
    MissingCustomerOwner => "missing-customer-owner", Customer, "a customer-held or shared line with no customer-side owner",
    MissingProviderOwner => "missing-provider-owner", Customer, "a line held outside with no provider-side owner",
    MissingInherited => "missing-inherited", Customer, "a shared or provider-held line that does not say what is inherited",
    MissingCustomerDuty => "missing-customer-duty", Both, "a shared or provider-held line that does not say what we must still do",
    MissingProviderEvidence => "missing-provider-evidence", Customer, "a shared or provider-held line with no provider evidence",
    StatusUnknown => "status-unknown", Both, "implementation status not recorded",
    MissingEvidence => "missing-evidence", Both, "implemented or partial with no evidence source",
    MissingGapDescription => "missing-gap-description", Both, "a gap that does not say what is missing",
    MissingRemediation => "missing-remediation", Both, "a gap with neither remediation nor risk acceptance",
    MissingChangeTrigger => "missing-change-trigger", Both, "no change trigger (a review date does not replace it)",
    MissingEscalation => "missing-escalation", Both, "no escalation path",
    /// Applicable, and nothing says why it is included (what the walk asks first).
    MissingReason => "missing-reason", Both, "applicable without a reason for including it",
    /// An evidence pointer that does not say as of which date it holds.
    UndatedEvidence => "undated-evidence", Both, "an evidence pointer with no as-of date",
    /// Applicable with no next review date (the full pass asks one).
    MissingNextReview => "missing-next-review", Both, "applicable with no next review date",
    /// Parked for follow-up, decided or not: the follow-up is still open.
    Parked => "parked", Both, "parked for follow-up",
    /// Carried over from last cycle's session and not yet re-confirmed this cycle.
    NotReconfirmed => "not-reconfirmed", Both, "carried over from the last cycle and not re-confirmed",
    StaleEvidence => "stale-evidence", Both, "evidence older than 12 months before the as-of date",
    ReviewOverdue => "review-overdue", Both, "next review date passed",
    RemediationOverdue => "remediation-overdue", Both, "remediation due date passed with the gap open",
    RiskAcceptanceExpired => "risk-acceptance-expired", Both, "risk acceptance expired",
    /// A provider's imported statement the workshop has not confirmed yet.
    UnconfirmedStatement => "unconfirmed-statement", Customer, "a provider's imported statement not yet confirmed by the workshop",
    /// Every provider line says the provider has nothing to do with the control.
    NoHolder => "no-holder", Customer, "every provider says it has nothing to do with the control: who holds it?",
    /// A provider's seat: no line, or no holder, for an offering we provide.
    OfferingUndecided => "offering-undecided", Provider, "who holds it between us and our customers of an offering is undecided",
}

/// In json a finding kind is its stable name.
impl schemars::JsonSchema for FindingKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FindingKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let keys: Vec<&str> = FindingKind::ALL.iter().map(|k| k.key()).collect();
        schemars::json_schema!({"type": "string", "enum": keys})
    }
}

impl Serialize for FindingKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    pub control: String,
    pub kind: FindingKind,
    pub message: String,
}

/// Where findings about the session's own details (not a control) are filed.
pub const SESSION: &str = "session";

/// All findings of a session: merge conflicts in its details, then what the session as a
/// whole lacks (its scope, a current approval), then each control in catalogue order. `as_of`
/// decides what is stale or overdue. Only kinds that apply to a seat the session sits in are
/// raised (a provider's lines left in a provider's session that names no provider, or offering
/// lines left in a customer's session, raise nothing).
pub fn findings(session: &Session, catalogue: &Catalogue, as_of: NaiveDate) -> Vec<Finding> {
    let seats = session.meta.seats();
    let (providers, offerings) = (seats.providers, seats.offerings);
    let mut out = Vec::new();
    conflict_findings(SESSION, &session.meta.conflicts, &mut out);
    session_findings(session, &mut out);
    for (control, assessment) in session.by_control(catalogue) {
        if let Some(a) = assessment {
            conflict_findings(&control.id, &a.conflicts, &mut out);
            unconfirmed_findings(&control.id, a, &mut out);
        }
        match assessment {
            Some(a) if a.is_assessed() => {
                control_findings(control, a, &providers, &offerings, as_of, &mut out)
            }
            _ => {
                out.push(Finding {
                    control: control.id.clone(),
                    kind: FindingKind::Unassessed,
                    message: "not assessed yet: decide whether it applies".into(),
                });
                // Parked before it was decided (the room could not answer): the follow-up is
                // open all the same.
                if assessment.is_some_and(|a| a.flagged) {
                    out.push(Finding {
                        control: control.id.clone(),
                        kind: FindingKind::Parked,
                        message: PARKED.into(),
                    });
                }
            }
        }
    }
    out.retain(|f| f.kind.applies_to().occupied(&providers, &offerings));
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

/// What the session as a whole lacks: the scope boundary every control's SoA line relies on
/// (reported once, not per control) and an approval that still covers the content.
pub fn session_findings(session: &Session, out: &mut Vec<Finding>) {
    if session.meta.scope.trim().is_empty() {
        out.push(Finding {
            control: SESSION.into(),
            kind: FindingKind::EmptyScope,
            message: "no scope boundary: say which systems, services and sites the assessment covers (gapwalk set FILE scope=...)".into(),
        });
    }
    if let ApprovalState::Changed(a) = session.approval_state() {
        out.push(Finding {
            control: SESSION.into(),
            kind: FindingKind::StaleApproval,
            message: format!(
                "changed since approved by {} at {}: approve again (gapwalk approve FILE --by NAME)",
                a.by, a.at
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

/// A parked control's finding. Not why it was parked: that note is internal, and findings
/// show on a shared screen.
const PARKED: &str = "parked for follow-up: settle it and unpark";

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
        if kind.applies_to().occupied(providers, offerings) {
            out.push(Finding {
                control: control.id.clone(),
                kind,
                message,
            })
        }
    };
    let applicable = a.applicability == Applicability::Applicable;
    if a.justification.trim().is_empty() {
        let why = if applicable {
            "why it is included"
        } else {
            "why it is excluded"
        };
        push(
            FindingKind::MissingJustification,
            format!("no justification: say {why}"),
        );
    }
    if a.applicability == Applicability::NotApplicable {
        if a.exclusion_reasons.is_empty() {
            push(
                FindingKind::MissingExclusionReason,
                "excluded without a reason: no such asset or activity in scope, risk not present, or met by another control".into(),
            );
        }
        let outside: Vec<&str> = a
            .responsibilities
            .iter()
            .filter(|r| r.holder.is_outsourced())
            .map(|r| r.provider.as_str())
            .collect();
        if !outside.is_empty() {
            push(
                FindingKind::OutsourcedExcluded,
                format!(
                    "excluded, yet held outside for {}: an outsourced control is applicable; include it and record what is inherited",
                    outside.join(", ")
                ),
            );
        }
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
    if a.reconfirm {
        push(
            FindingKind::NotReconfirmed,
            "carried over from last cycle's session: re-confirm it (or change it) this cycle"
                .into(),
        );
    }
    if a.flagged {
        push(FindingKind::Parked, PARKED.into());
    }
    if !applicable {
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
    if a.reasons.is_empty() {
        push(
            FindingKind::MissingReason,
            "applicable, but no reason says why it is included (risk assessment, legal or regulatory, contractual, business need)".into(),
        );
    }
    if a.accountable_owner.trim().is_empty() {
        push(
            FindingKind::MissingAccountableOwner,
            "no accountable owner on our side (we stay accountable for a control a provider runs)"
                .into(),
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
                if r.holder.inherits_from_provider() {
                    let held = r.holder.label();
                    if r.inherited.trim().is_empty() {
                        push(
                            FindingKind::MissingInherited,
                            format!("{held} for {provider} but what is inherited is not said"),
                        );
                    }
                    if r.customer_duty.trim().is_empty() {
                        push(
                            FindingKind::MissingCustomerDuty,
                            format!("{held} for {provider} but what we must still do is not said"),
                        );
                    }
                    if r.provider_evidence.trim().is_empty() {
                        push(
                            FindingKind::MissingProviderEvidence,
                            format!("{held} for {provider} but no provider evidence"),
                        );
                    }
                }
            }
        }
    }
    match a.status {
        Status::Unknown => push(
            FindingKind::StatusUnknown,
            "implementation status not recorded".into(),
        ),
        Status::Implemented | Status::Partial if a.evidence.is_empty() => push(
            FindingKind::MissingEvidence,
            format!("{} but no evidence source", a.status.label()),
        ),
        _ => {}
    }
    if a.is_gap() && a.gap.trim().is_empty() {
        push(
            FindingKind::MissingGapDescription,
            format!(
                "gap ({}) that does not say what is missing",
                a.status.label()
            ),
        );
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
    if a.change_trigger.trim().is_empty() {
        push(
            FindingKind::MissingChangeTrigger,
            "no change trigger: say which event forces a re-review (a review date does not replace it)".into(),
        );
    }
    if a.escalation.trim().is_empty() {
        push(
            FindingKind::MissingEscalation,
            "no escalation path: say who is told when the control fails".into(),
        );
    }
    if a.next_review.is_none() {
        push(
            FindingKind::MissingNextReview,
            "no next review date: say when the record is looked at again".into(),
        );
    }
    for e in a.evidence.iter().filter(|e| e.as_of.is_none()) {
        push(
            FindingKind::UndatedEvidence,
            format!(
                "evidence {:?} does not say as of which date it holds",
                e.location
            ),
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
