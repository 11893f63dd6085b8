//! The fields of an assessment: their names, their values as text, and how a value written as
//! text is parsed back into the record.

use chrono::NaiveDate;

use super::list::{join_items, parse_items};
use super::{
    ValueKind, date_text, normalise, parse_bool, parse_date, parse_record, parse_word, record_text,
};
use crate::session::{
    Applicability, Assessment, Exclusion, Holder, OfferingLine, Priority, Reason, Remediation,
    Responsibility, RiskAcceptance, Status,
};

/// A field of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldKey {
    Applicability,
    Reasons,
    ExclusionReasons,
    Justification,
    AccountableOwner,
    Responsibility,
    Holder,
    CustomerOwner,
    ProviderOwner,
    Inherited,
    CustomerDuty,
    ProviderEvidence,
    ProviderAssurance,
    Provenance,
    Unconfirmed,
    Offering,
    OfferingHolder,
    OfferingWeDo,
    OfferingCustomerMust,
    OfferingEvidence,
    OfferingContactRole,
    Status,
    Documents,
    Risks,
    Gap,
    Remediation,
    RemediationAction,
    RemediationOwner,
    RemediationDue,
    RemediationPriority,
    RiskAcceptance,
    RiskAcceptedBy,
    RiskRationale,
    RiskDate,
    RiskExpires,
    ChangeTrigger,
    Escalation,
    NextReview,
    ReviewedBy,
    ReviewedOn,
    Notes,
    Flagged,
    Reconfirm,
    FollowUp,
}

impl FieldKey {
    pub const ALL: [FieldKey; 44] = [
        FieldKey::Applicability,
        FieldKey::Reasons,
        FieldKey::ExclusionReasons,
        FieldKey::Justification,
        FieldKey::AccountableOwner,
        FieldKey::Responsibility,
        FieldKey::Holder,
        FieldKey::CustomerOwner,
        FieldKey::ProviderOwner,
        FieldKey::Inherited,
        FieldKey::CustomerDuty,
        FieldKey::ProviderEvidence,
        FieldKey::ProviderAssurance,
        FieldKey::Provenance,
        FieldKey::Unconfirmed,
        FieldKey::Offering,
        FieldKey::OfferingHolder,
        FieldKey::OfferingWeDo,
        FieldKey::OfferingCustomerMust,
        FieldKey::OfferingEvidence,
        FieldKey::OfferingContactRole,
        FieldKey::Status,
        FieldKey::Documents,
        FieldKey::Risks,
        FieldKey::Gap,
        FieldKey::Remediation,
        FieldKey::RemediationAction,
        FieldKey::RemediationOwner,
        FieldKey::RemediationDue,
        FieldKey::RemediationPriority,
        FieldKey::RiskAcceptance,
        FieldKey::RiskAcceptedBy,
        FieldKey::RiskRationale,
        FieldKey::RiskDate,
        FieldKey::RiskExpires,
        FieldKey::ChangeTrigger,
        FieldKey::Escalation,
        FieldKey::NextReview,
        FieldKey::ReviewedBy,
        FieldKey::ReviewedOn,
        FieldKey::Notes,
        FieldKey::Flagged,
        FieldKey::Reconfirm,
        FieldKey::FollowUp,
    ];

    /// The field's name: the session file's words, dotted inside a nested record.
    pub fn name(self) -> &'static str {
        match self {
            FieldKey::Applicability => "applicability",
            FieldKey::Reasons => "reasons",
            FieldKey::ExclusionReasons => "exclusion_reasons",
            FieldKey::Justification => "justification",
            FieldKey::AccountableOwner => "accountable_owner",
            FieldKey::Responsibility => "responsibility",
            FieldKey::Holder => "holder",
            FieldKey::CustomerOwner => "customer_owner",
            FieldKey::ProviderOwner => "provider_owner",
            FieldKey::Inherited => "inherited",
            FieldKey::CustomerDuty => "customer_duty",
            FieldKey::ProviderEvidence => "provider_evidence",
            FieldKey::ProviderAssurance => "provider_assurance",
            FieldKey::Provenance => "provenance",
            FieldKey::Unconfirmed => "unconfirmed",
            FieldKey::Offering => "offering",
            FieldKey::OfferingHolder => "offering.holder",
            FieldKey::OfferingWeDo => "offering.we_do",
            FieldKey::OfferingCustomerMust => "offering.customer_must",
            FieldKey::OfferingEvidence => "offering.customer_evidence",
            FieldKey::OfferingContactRole => "offering.contact_role",
            FieldKey::Status => "status",
            FieldKey::Documents => "documents",
            FieldKey::Risks => "risks",
            FieldKey::Gap => "gap",
            FieldKey::Remediation => "remediation",
            FieldKey::RemediationAction => "remediation.action",
            FieldKey::RemediationOwner => "remediation.owner",
            FieldKey::RemediationDue => "remediation.due",
            FieldKey::RemediationPriority => "remediation.priority",
            FieldKey::RiskAcceptance => "risk_acceptance",
            FieldKey::RiskAcceptedBy => "risk_acceptance.accepted_by",
            FieldKey::RiskRationale => "risk_acceptance.rationale",
            FieldKey::RiskDate => "risk_acceptance.date",
            FieldKey::RiskExpires => "risk_acceptance.expires",
            FieldKey::ChangeTrigger => "change_trigger",
            FieldKey::Escalation => "escalation",
            FieldKey::NextReview => "next_review",
            FieldKey::ReviewedBy => "reviewed_by",
            FieldKey::ReviewedOn => "reviewed_on",
            FieldKey::Notes => "notes",
            FieldKey::Flagged => "flagged",
            FieldKey::Reconfirm => "reconfirm",
            FieldKey::FollowUp => "follow_up",
        }
    }

    /// Finds a field by name: case-insensitive, with `-`, `_` and `.` alike, and the singular
    /// `reason` and `flag` accepted.
    pub fn from_name(text: &str) -> Option<FieldKey> {
        let wanted = normalise(text).replace('.', "_");
        let wanted = match wanted.as_str() {
            "reason" => "reasons".to_string(),
            "exclusion_reason" | "exclusion" => "exclusion_reasons".to_string(),
            "document" => "documents".to_string(),
            "risk" => "risks".to_string(),
            "flag" => "flagged".to_string(),
            _ => wanted,
        };
        FieldKey::ALL
            .into_iter()
            .find(|k| k.name().replace('.', "_") == wanted)
    }

    /// Every name, for messages.
    pub fn names() -> Vec<&'static str> {
        FieldKey::ALL.iter().map(|k| k.name()).collect()
    }

    /// Whether the field belongs to one provider's responsibility line.
    pub fn per_provider(self) -> bool {
        matches!(
            self,
            FieldKey::Responsibility
                | FieldKey::Holder
                | FieldKey::CustomerOwner
                | FieldKey::ProviderOwner
                | FieldKey::Inherited
                | FieldKey::CustomerDuty
                | FieldKey::ProviderEvidence
                | FieldKey::ProviderAssurance
                | FieldKey::Provenance
                | FieldKey::Unconfirmed
        )
    }

    /// Whether the field belongs to one offering's line (a provider's seat); the line is
    /// named where a provider line's field names its provider.
    pub fn per_offering(self) -> bool {
        matches!(
            self,
            FieldKey::Offering
                | FieldKey::OfferingHolder
                | FieldKey::OfferingWeDo
                | FieldKey::OfferingCustomerMust
                | FieldKey::OfferingEvidence
                | FieldKey::OfferingContactRole
        )
    }

    /// Whether the field belongs to a line (a provider's or an offering's) named by an item.
    pub fn per_line(self) -> bool {
        self.per_provider() || self.per_offering()
    }

    /// Whether the field is internal: left out of the external edition of an export and hidden
    /// in presenter view (the gap, its remediation action, risk acceptances, risk register
    /// references, notes and the re-confirm mark). Everything else is external: what a
    /// customer or an auditor may see.
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            FieldKey::Gap
                | FieldKey::Remediation
                | FieldKey::RemediationAction
                | FieldKey::RiskAcceptance
                | FieldKey::RiskAcceptedBy
                | FieldKey::RiskRationale
                | FieldKey::RiskDate
                | FieldKey::RiskExpires
                | FieldKey::Risks
                | FieldKey::Notes
                | FieldKey::Reconfirm
                | FieldKey::FollowUp
        )
    }

    /// Whether an edition of an export shows the field: the internal edition everything, the
    /// external one only what [`FieldKey::is_internal`] does not hold back.
    pub fn in_edition(self, internal: bool) -> bool {
        internal || !self.is_internal()
    }

    /// Whether the field is one value of the record itself: not a provider's or an offering's
    /// line, not a whole nested record or one of its parts, not a list. A diff compares these
    /// one by one by their text.
    pub fn of_the_record(self) -> bool {
        !self.per_line()
            && !self.is_list()
            && self.kind() != ValueKind::Record
            && !self.name().contains('.')
    }

    /// Whether the field is a list of items written on one line (`a; b`).
    pub fn is_list(self) -> bool {
        matches!(self, FieldKey::Documents | FieldKey::Risks)
    }

    pub fn kind(self) -> ValueKind {
        match self {
            FieldKey::Applicability
            | FieldKey::Reasons
            | FieldKey::ExclusionReasons
            | FieldKey::Holder
            | FieldKey::OfferingHolder
            | FieldKey::Status
            | FieldKey::RemediationPriority
            | FieldKey::Unconfirmed
            | FieldKey::Flagged
            | FieldKey::Reconfirm => ValueKind::Word,
            FieldKey::RemediationDue
            | FieldKey::RiskDate
            | FieldKey::RiskExpires
            | FieldKey::NextReview
            | FieldKey::ReviewedOn => ValueKind::Date,
            FieldKey::Responsibility
            | FieldKey::Remediation
            | FieldKey::RiskAcceptance
            | FieldKey::Provenance
            | FieldKey::Offering => ValueKind::Record,
            _ => ValueKind::Text,
        }
    }

    /// What a valid value looks like, for error messages.
    pub fn expected(self) -> String {
        let words = |keys: &[&str]| format!("one of: {}", keys.join(", "));
        match self {
            FieldKey::Applicability => words(Applicability::keys()),
            FieldKey::Reasons => format!(
                "a comma-separated list of: {} (empty clears it)",
                Reason::keys().join(", ")
            ),
            FieldKey::ExclusionReasons => format!(
                "a comma-separated list of: {} (empty clears it)",
                Exclusion::keys().join(", ")
            ),
            FieldKey::Documents | FieldKey::Risks => {
                "items separated by ; (a ; inside an item written \\;), empty clears the list"
                    .into()
            }
            FieldKey::Holder | FieldKey::OfferingHolder => words(Holder::keys()),
            FieldKey::Status => words(Status::keys()),
            FieldKey::RemediationPriority => words(Priority::keys()),
            FieldKey::Flagged | FieldKey::Reconfirm | FieldKey::Unconfirmed => "true or false (yes/no, on/off)".into(),
            FieldKey::Offering => "none (removes the offering's line), or the line in RON".into(),
            FieldKey::Provenance => {
                "none, or the record in RON, like (file: \"crm.json\", date: \"2026-11-02\", sha256: \"…\")".into()
            }
            FieldKey::Responsibility => {
                "none (removes the provider's line), or the line in RON".into()
            }
            FieldKey::Remediation | FieldKey::RiskAcceptance => {
                "none (removes it), or the record in RON".into()
            }
            k if k.kind() == ValueKind::Date => {
                format!("a date ({}), or none to clear it", crate::dates::SYNTAX)
            }
            _ => "any text (empty clears it)".into(),
        }
    }

    /// The value as text. A missing line or record reads as its defaults, except for the
    /// whole-record fields, which read `none`.
    pub fn get(self, a: &Assessment, provider: &str) -> String {
        let line = a.responsibility(provider);
        let default_line = Responsibility::default();
        let r = line.unwrap_or(&default_line);
        let default_rem = Remediation::default();
        let rem = a.remediation.as_ref().unwrap_or(&default_rem);
        let default_risk = RiskAcceptance::default();
        let risk = a.risk_acceptance.as_ref().unwrap_or(&default_risk);
        // For an offering's field, the item names the offering.
        let offering = a.offering(provider);
        let default_offering = OfferingLine::default();
        let o = offering.unwrap_or(&default_offering);
        match self {
            FieldKey::Applicability => a.applicability.key().into(),
            FieldKey::Reasons => a
                .reasons
                .iter()
                .map(|r| r.key())
                .collect::<Vec<_>>()
                .join(", "),
            FieldKey::ExclusionReasons => a
                .exclusion_reasons
                .iter()
                .map(|r| r.key())
                .collect::<Vec<_>>()
                .join(", "),
            FieldKey::Justification => a.justification.clone(),
            FieldKey::AccountableOwner => a.accountable_owner.clone(),
            FieldKey::Responsibility => record_text(line),
            FieldKey::Holder => r.holder.key().into(),
            FieldKey::CustomerOwner => r.customer_owner.clone(),
            FieldKey::ProviderOwner => r.provider_owner.clone(),
            FieldKey::Inherited => r.inherited.clone(),
            FieldKey::CustomerDuty => r.customer_duty.clone(),
            FieldKey::ProviderEvidence => r.provider_evidence.clone(),
            FieldKey::ProviderAssurance => r.provider_assurance.clone(),
            FieldKey::Provenance => record_text(r.provenance.as_ref()),
            FieldKey::Unconfirmed => r.unconfirmed.to_string(),
            FieldKey::Offering => record_text(offering),
            FieldKey::OfferingHolder => o.holder.key().into(),
            FieldKey::OfferingWeDo => o.we_do.clone(),
            FieldKey::OfferingCustomerMust => o.customer_must.clone(),
            FieldKey::OfferingEvidence => o.customer_evidence.clone(),
            FieldKey::OfferingContactRole => o.contact_role.clone(),
            FieldKey::Status => a.status.key().into(),
            FieldKey::Documents => join_items(&a.documents),
            FieldKey::Risks => join_items(&a.risks),
            FieldKey::Gap => a.gap.clone(),
            FieldKey::Remediation => record_text(a.remediation.as_ref()),
            FieldKey::RemediationAction => rem.action.clone(),
            FieldKey::RemediationOwner => rem.owner.clone(),
            FieldKey::RemediationDue => date_text(rem.due),
            FieldKey::RemediationPriority => rem.priority.key().into(),
            FieldKey::RiskAcceptance => record_text(a.risk_acceptance.as_ref()),
            FieldKey::RiskAcceptedBy => risk.accepted_by.clone(),
            FieldKey::RiskRationale => risk.rationale.clone(),
            FieldKey::RiskDate => date_text(risk.date),
            FieldKey::RiskExpires => date_text(risk.expires),
            FieldKey::ChangeTrigger => a.change_trigger.clone(),
            FieldKey::Escalation => a.escalation.clone(),
            FieldKey::NextReview => date_text(a.next_review),
            FieldKey::ReviewedBy => a.reviewed_by.clone(),
            FieldKey::ReviewedOn => date_text(a.reviewed_on),
            FieldKey::Notes => a.notes.clone(),
            FieldKey::Flagged => a.flagged.to_string(),
            FieldKey::Reconfirm => a.reconfirm.to_string(),
            FieldKey::FollowUp => a.follow_up.clone(),
        }
    }

    /// Writes a value given as text. Nothing changes when the value is invalid; the error says
    /// what was expected. A field of a missing line or record creates it. A relative date
    /// (`today`, `+90d`, `q1`) counts from the local date; [`FieldKey::set_on`] takes the day.
    pub fn set(self, a: &mut Assessment, provider: &str, value: &str) -> Result<(), String> {
        self.set_on(a, provider, value, crate::dates::local_today())
    }

    /// [`FieldKey::set`] with relative dates counted from `today`.
    pub fn set_on(
        self,
        a: &mut Assessment,
        provider: &str,
        value: &str,
        today: NaiveDate,
    ) -> Result<(), String> {
        match self {
            FieldKey::Applicability => {
                a.applicability = parse_word(value, Applicability::from_key, Applicability::keys())?
            }
            FieldKey::Reasons => {
                a.reasons = parse_words(value, Reason::from_key, Reason::keys(), self)?
            }
            FieldKey::ExclusionReasons => {
                a.exclusion_reasons =
                    parse_words(value, Exclusion::from_key, Exclusion::keys(), self)?
            }
            FieldKey::Justification => a.justification = value.into(),
            FieldKey::AccountableOwner => a.accountable_owner = value.into(),
            FieldKey::Responsibility => {
                let example = r#"(provider: "AWS", holder: shared, customer_owner: "Ana")"#;
                match parse_record::<Responsibility>(value, example)? {
                    None => a.responsibilities.retain(|r| r.provider != provider),
                    Some(mut line) => {
                        line.provider = provider.to_string();
                        *a.responsibility_mut(provider) = line;
                    }
                }
            }
            FieldKey::Holder => {
                a.responsibility_mut(provider).holder =
                    parse_word(value, Holder::from_key, Holder::keys())?
            }
            FieldKey::CustomerOwner => a.responsibility_mut(provider).customer_owner = value.into(),
            FieldKey::ProviderOwner => a.responsibility_mut(provider).provider_owner = value.into(),
            FieldKey::Inherited => a.responsibility_mut(provider).inherited = value.into(),
            FieldKey::CustomerDuty => a.responsibility_mut(provider).customer_duty = value.into(),
            FieldKey::ProviderEvidence => {
                a.responsibility_mut(provider).provider_evidence = value.into()
            }
            FieldKey::ProviderAssurance => {
                a.responsibility_mut(provider).provider_assurance = value.into()
            }
            FieldKey::Provenance => {
                let example = r#"(file: "crm.json", date: "2026-11-02", sha256: "…")"#;
                a.responsibility_mut(provider).provenance = parse_record(value, example)?
            }
            FieldKey::Unconfirmed => {
                a.responsibility_mut(provider).unconfirmed = parse_bool(value)?
            }
            FieldKey::Offering => {
                let example = r#"(offering: "Payroll", holder: shared, we_do: "…")"#;
                match parse_record::<OfferingLine>(value, example)? {
                    None => a.offerings.retain(|o| o.offering != provider),
                    Some(mut line) => {
                        line.offering = provider.to_string();
                        *a.offering_mut(provider) = line;
                    }
                }
            }
            FieldKey::OfferingHolder => {
                a.offering_mut(provider).holder =
                    parse_word(value, Holder::from_key, Holder::keys())?
            }
            FieldKey::OfferingWeDo => a.offering_mut(provider).we_do = value.into(),
            FieldKey::OfferingCustomerMust => a.offering_mut(provider).customer_must = value.into(),
            FieldKey::OfferingEvidence => a.offering_mut(provider).customer_evidence = value.into(),
            FieldKey::OfferingContactRole => a.offering_mut(provider).contact_role = value.into(),
            FieldKey::Status => a.status = parse_word(value, Status::from_key, Status::keys())?,
            FieldKey::Documents => a.documents = parse_items(value),
            FieldKey::Risks => a.risks = parse_items(value),
            FieldKey::Gap => a.gap = value.into(),
            FieldKey::Remediation => {
                a.remediation = parse_record(value, r#"(action: "…", owner: "…", priority: high)"#)?
            }
            FieldKey::RemediationAction => remediation(a).action = value.into(),
            FieldKey::RemediationOwner => remediation(a).owner = value.into(),
            FieldKey::RemediationDue => {
                let due = parse_date(value, today)?;
                remediation(a).due = due;
            }
            FieldKey::RemediationPriority => {
                let p = parse_word(value, Priority::from_key, Priority::keys())?;
                remediation(a).priority = p;
            }
            FieldKey::RiskAcceptance => {
                a.risk_acceptance = parse_record(value, r#"(accepted_by: "…", rationale: "…")"#)?
            }
            FieldKey::RiskAcceptedBy => risk_acceptance(a).accepted_by = value.into(),
            FieldKey::RiskRationale => risk_acceptance(a).rationale = value.into(),
            FieldKey::RiskDate => {
                let d = parse_date(value, today)?;
                risk_acceptance(a).date = d;
            }
            FieldKey::RiskExpires => {
                let d = parse_date(value, today)?;
                risk_acceptance(a).expires = d;
            }
            FieldKey::ChangeTrigger => a.change_trigger = value.into(),
            FieldKey::Escalation => a.escalation = value.into(),
            FieldKey::NextReview => a.next_review = parse_date(value, today)?,
            FieldKey::ReviewedBy => a.reviewed_by = value.into(),
            FieldKey::ReviewedOn => a.reviewed_on = parse_date(value, today)?,
            FieldKey::Notes => a.notes = value.into(),
            FieldKey::Flagged => a.flagged = parse_bool(value)?,
            FieldKey::Reconfirm => a.reconfirm = parse_bool(value)?,
            FieldKey::FollowUp => a.follow_up = value.into(),
        }
        Ok(())
    }
}

/// A comma-separated list of words, each once, in the vocabulary's order.
fn parse_words<T: Ord>(
    value: &str,
    from_key: fn(&str) -> Option<T>,
    keys: &[&str],
    key: FieldKey,
) -> Result<Vec<T>, String> {
    let mut words = Vec::new();
    for part in value.split(',').filter(|p| !p.trim().is_empty()) {
        let w =
            parse_word(part, from_key, keys).map_err(|_| format!("expected {}", key.expected()))?;
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words.sort();
    Ok(words)
}

fn remediation(a: &mut Assessment) -> &mut Remediation {
    a.remediation.get_or_insert_with(Remediation::default)
}

fn risk_acceptance(a: &mut Assessment) -> &mut RiskAcceptance {
    a.risk_acceptance
        .get_or_insert_with(RiskAcceptance::default)
}
