//! One control's record: the assessment, its responsibility lines, evidence and treatments.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Applicability, Conflict, EvidenceKind, Exclusion, Holder, OfferingLine, Priority, Provenance,
    Reason, Status, Timestamp,
};

fn is_false(b: &bool) -> bool {
    !*b
}

impl Responsibility {
    /// A line for `provider` with nothing recorded.
    pub fn default_for(provider: &str) -> Responsibility {
        Responsibility {
            provider: provider.to_string(),
            ..Responsibility::default()
        }
    }
}

/// For one provider: who holds the control and what is inherited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub provider: String,
    #[serde(default)]
    pub holder: Holder,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_owner: String,
    /// What the customer inherits from the provider.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inherited: String,
    /// What the customer must still do itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_duty: String,
    /// The provider's evidence: an attestation, a certificate, a responsibility matrix.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_evidence: String,
    /// How far that evidence assures the inherited part: which attestation, over what period,
    /// with which exceptions (e.g. "SOC 2 Type II, Oct 2025 to Sep 2026, no exceptions").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_assurance: String,
    /// Where imported values of this line came from (`gapwalk import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// The line holds the provider's statement, imported and not yet confirmed by the workshop.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unconfirmed: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    #[serde(default)]
    pub kind: EvidenceKind,
    pub location: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub added_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub action: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub priority: Priority,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAcceptance {
    pub accepted_by: String,
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
}

impl Remediation {
    /// Counts as a treatment: it says what will be done.
    pub fn is_recorded(&self) -> bool {
        !self.action.trim().is_empty()
    }

    /// Holds nothing a person chose: no action, owner or due date, and the priority a new
    /// record starts with (a priority picked on its own is a choice worth keeping).
    pub fn is_empty(&self) -> bool {
        self.action.trim().is_empty()
            && self.owner.trim().is_empty()
            && self.due.is_none()
            && self.priority == Priority::default()
    }
}

impl RiskAcceptance {
    /// Counts as a treatment: it names who accepted the risk and why.
    pub fn is_recorded(&self) -> bool {
        !self.accepted_by.trim().is_empty() && !self.rationale.trim().is_empty()
    }

    /// Holds nothing a person wrote: no one accepting, no rationale, no date, no expiry.
    pub fn is_empty(&self) -> bool {
        self.accepted_by.trim().is_empty()
            && self.rationale.trim().is_empty()
            && self.date.is_none()
            && self.expires.is_none()
    }
}

/// What the workshop recorded for one control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub control: String,
    #[serde(default)]
    pub applicability: Applicability,
    /// Why an applicable control is included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// Why an excluded control is left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusion_reasons: Vec<Exclusion>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    /// The person on the customer side accountable for the control, whoever runs it: the
    /// customer stays accountable for how it uses a provider's service.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accountable_owner: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<Responsibility>,
    /// The lines of the offerings we provide (a provider's seat).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offerings: Vec<OfferingLine>,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The policies and procedures that implement the control (titles or references).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// Ids of the risks in the organisation's risk register the control treats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
    /// What is missing, in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gap: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_acceptance: Option<RiskAcceptance>,
    /// The event that forces a re-review (a provider change, a new region, an incident).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change_trigger: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub escalation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<NaiveDate>,
    /// Who last confirmed the record without changing it ("reviewed, no change"); the last
    /// review is the later of this and the last change.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewed_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Parked for follow-up.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
    /// Why it was parked: what must happen before the room can decide (asked when parking).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
    /// Carried over from the previous cycle's session (`gapwalk new --from`) and not yet
    /// re-confirmed this cycle.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reconfirm: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub changed_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<Timestamp>,
    /// Fields both sides of a merge changed differently; the record keeps one value and this
    /// list keeps both until someone picks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

impl Assessment {
    pub fn new(control: &str) -> Assessment {
        Assessment {
            control: control.to_string(),
            ..Assessment::default()
        }
    }

    /// Decided one way or the other.
    pub fn is_assessed(&self) -> bool {
        self.applicability != Applicability::Undecided
    }

    /// Who last reviewed the record and on which day: the later of its last change and the
    /// last explicit "reviewed, no change".
    pub fn last_review(&self) -> Option<(&str, NaiveDate)> {
        let changed = self
            .changed_at
            .map(|at| (self.changed_by.as_str(), at.date()));
        let reviewed = self.reviewed_on.map(|on| (self.reviewed_by.as_str(), on));
        match (changed, reviewed) {
            (Some(c), Some(r)) => Some(if r.1 >= c.1 { r } else { c }),
            (c, r) => c.or(r),
        }
    }

    /// The inclusion reasons that go with the decision: an applicable control's; none for an
    /// excluded or undecided one (reasons it had before stay in the file but are not true of
    /// it now).
    pub fn reasons_in_force(&self) -> &[Reason] {
        if self.applicability == Applicability::Applicable {
            &self.reasons
        } else {
            &[]
        }
    }

    /// The exclusion reasons that go with the decision: an excluded control's; none for an
    /// applicable or undecided one.
    pub fn exclusions_in_force(&self) -> &[Exclusion] {
        if self.applicability == Applicability::NotApplicable {
            &self.exclusion_reasons
        } else {
            &[]
        }
    }

    /// The labels of the reasons that go with the decision, for one line: why it is in, or
    /// why it is left out.
    pub fn decision_reasons(&self) -> Vec<&'static str> {
        let inclusion = self.reasons_in_force().iter().map(|r| r.label());
        let exclusion = self.exclusions_in_force().iter().map(|r| r.label());
        inclusion.chain(exclusion).collect()
    }

    /// Applicable and not (fully) implemented.
    pub fn is_gap(&self) -> bool {
        self.applicability == Applicability::Applicable
            && matches!(
                self.status,
                Status::Partial | Status::Planned | Status::NotImplemented
            )
    }

    /// The remediation, when it says what will be done.
    pub fn planned_remediation(&self) -> Option<&Remediation> {
        self.remediation.as_ref().filter(|r| r.is_recorded())
    }

    /// The risk acceptance, when it names who accepted the risk and why.
    pub fn accepted_risk(&self) -> Option<&RiskAcceptance> {
        self.risk_acceptance.as_ref().filter(|r| r.is_recorded())
    }

    /// Drops treatment records with nothing in them, so choosing "remediate" and then skipping
    /// every question, or clearing every field of a treatment, leaves no hollow record behind
    /// for the gap register to show as real.
    pub fn tidy(&mut self) {
        if self.remediation.as_ref().is_some_and(Remediation::is_empty) {
            self.remediation = None;
        }
        if self
            .risk_acceptance
            .as_ref()
            .is_some_and(RiskAcceptance::is_empty)
        {
            self.risk_acceptance = None;
        }
        // A responsibility line cleared of everything is no line: that is how one kept for a
        // provider no longer in scope is removed.
        self.responsibilities
            .retain(|r| *r != Responsibility::default_for(&r.provider));
        self.offerings
            .retain(|o| *o != OfferingLine::default_for(&o.offering));
    }

    /// The responsibility line for a provider, if recorded.
    pub fn responsibility(&self, provider: &str) -> Option<&Responsibility> {
        self.responsibilities
            .iter()
            .find(|r| r.provider == provider)
    }

    /// The line for a provider, created when missing.
    pub fn responsibility_mut(&mut self, provider: &str) -> &mut Responsibility {
        if let Some(i) = self
            .responsibilities
            .iter()
            .position(|r| r.provider == provider)
        {
            return &mut self.responsibilities[i];
        }
        self.responsibilities.push(Responsibility {
            provider: provider.to_string(),
            ..Responsibility::default()
        });
        let last = self.responsibilities.len() - 1;
        &mut self.responsibilities[last]
    }

    /// Whether nothing at all has been recorded.
    pub fn is_blank(&self) -> bool {
        let blank = Assessment {
            control: self.control.clone(),
            changed_by: self.changed_by.clone(),
            changed_at: self.changed_at,
            ..Assessment::default()
        };
        *self == blank
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_means_applicable_and_not_fully_implemented() {
        let mut a = Assessment::new("5.1.1");
        a.applicability = Applicability::Applicable;
        a.status = Status::Partial;
        assert!(a.is_gap());
        a.status = Status::Implemented;
        assert!(!a.is_gap());
        a.applicability = Applicability::NotApplicable;
        a.status = Status::NotImplemented;
        assert!(!a.is_gap());
    }
}
