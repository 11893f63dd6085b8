//! Reading and writing a step's value on an assessment: as text, as an option, from an answer.

use chrono::NaiveDate;

use super::{Field, Kind};
use crate::fields::{FieldKey, describe_evidence, infer_evidence_kind};
use crate::session::{
    Applicability, Assessment, Evidence, Exclusion, Holder, Priority, Reason, Remediation,
    RiskAcceptance, Status,
};

impl Field {
    /// The option currently recorded, if this is a choice.
    pub fn current_option(&self, a: &Assessment) -> Option<usize> {
        match self {
            Field::Applicability => Some(match a.applicability {
                Applicability::Applicable => 0,
                Applicability::NotApplicable => 1,
                Applicability::Undecided => 2,
            }),
            Field::Reason => a
                .reasons
                .first()
                .and_then(|r| Reason::ALL.iter().position(|x| x == r)),
            Field::ExclusionReason => a
                .exclusion_reasons
                .first()
                .and_then(|r| Exclusion::ALL.iter().position(|x| x == r)),
            Field::Holder(p) => a
                .responsibility(p)
                .and_then(|r| Holder::ALL.iter().position(|h| *h == r.holder)),
            Field::OfferingHolder(o) => a
                .offering(o)
                .and_then(|l| Holder::ALL.iter().position(|h| *h == l.holder)),
            Field::Status => Status::ALL.iter().position(|s| *s == a.status),
            Field::RemediationPriority => a
                .remediation
                .as_ref()
                .and_then(|r| Priority::ALL.iter().position(|p| *p == r.priority)),
            Field::Flagged => Some(if a.flagged { 0 } else { 1 }),
            Field::Treatment => {
                if a.risk_acceptance.is_some() && a.remediation.is_none() {
                    Some(1)
                } else if a.remediation.is_some() {
                    Some(0)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Records option `index` (0-based). Returns false when out of range.
    pub fn choose(&self, a: &mut Assessment, index: usize) -> bool {
        if index >= self.options().len() {
            return false;
        }
        match self {
            Field::Applicability => {
                a.applicability = [
                    Applicability::Applicable,
                    Applicability::NotApplicable,
                    Applicability::Undecided,
                ][index]
            }
            Field::Reason => {
                let r = Reason::ALL[index];
                if let Some(i) = a.reasons.iter().position(|x| *x == r) {
                    a.reasons.remove(i);
                } else {
                    a.reasons.push(r);
                    a.reasons.sort();
                }
            }
            Field::ExclusionReason => {
                let r = Exclusion::ALL[index];
                if let Some(i) = a.exclusion_reasons.iter().position(|x| *x == r) {
                    a.exclusion_reasons.remove(i);
                } else {
                    a.exclusion_reasons.push(r);
                    a.exclusion_reasons.sort();
                }
            }
            Field::Holder(p) => {
                // The workshop's own answer: no longer only the provider's statement.
                let r = a.responsibility_mut(p);
                r.holder = Holder::ALL[index];
                r.unconfirmed = false;
            }
            Field::OfferingHolder(o) => a.offering_mut(o).holder = Holder::ALL[index],
            Field::Status => a.status = Status::ALL[index],
            Field::RemediationPriority => {
                a.remediation
                    .get_or_insert_with(Remediation::default)
                    .priority = Priority::ALL[index]
            }
            Field::Flagged => a.flagged = index == 0,
            Field::Treatment => {
                if index == 0 {
                    a.remediation.get_or_insert_with(Remediation::default);
                } else {
                    a.risk_acceptance
                        .get_or_insert_with(RiskAcceptance::default);
                }
            }
            _ => return false,
        }
        true
    }

    /// The value as one line of text: a choice by its option's words, the rest as the
    /// session file writes it.
    pub fn value(&self, a: &Assessment) -> String {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match self {
            Field::Applicability => a.applicability.label().into(),
            Field::Reason => a
                .reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            Field::ExclusionReason => a
                .exclusion_reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            Field::Holder(p) => a
                .responsibility(p)
                .map(|r| r.holder.label().to_string())
                .unwrap_or_default(),
            Field::OfferingHolder(o) => a
                .offering(o)
                .map(|l| l.holder.label().to_string())
                .unwrap_or_default(),
            Field::Status => a.status.label().into(),
            Field::Evidence(i) => a
                .evidence
                .get(*i)
                .map(describe_evidence)
                .unwrap_or_default(),
            Field::AddEvidence => String::new(),
            Field::EvidenceAsOf(i) => date(a.evidence.get(*i).and_then(|e| e.as_of)),
            Field::Treatment => match self.current_option(a) {
                Some(0) => "remediate".into(),
                Some(_) => "accept the risk".into(),
                None => String::new(),
            },
            Field::RemediationPriority => a
                .remediation
                .as_ref()
                .map(|r| r.priority.label().to_string())
                .unwrap_or_default(),
            Field::Flagged => if a.flagged { "flagged" } else { "" }.into(),
            _ => self
                .key()
                .map(|(k, line)| k.get(a, line))
                .unwrap_or_default(),
        }
    }

    /// The text an editor starts with (for evidence, just its location).
    pub fn editable_text(&self, a: &Assessment) -> String {
        match self {
            Field::Evidence(i) => a
                .evidence
                .get(*i)
                .map(|e| e.location.clone())
                .unwrap_or_default(),
            _ => self.value(a),
        }
    }

    /// Records a typed answer. `who` and `today` stamp new evidence and a risk acceptance.
    pub fn set_text(
        &self,
        a: &mut Assessment,
        text: &str,
        who: &str,
        today: NaiveDate,
    ) -> Result<(), String> {
        let text = text.trim();
        match self {
            Field::Evidence(i) => {
                if text.is_empty() {
                    if *i < a.evidence.len() {
                        a.evidence.remove(*i);
                    }
                } else if let Some(e) = a.evidence.get_mut(*i) {
                    // Its kind was settled when it was added: a document whose new title has
                    // a slash in it is still a document.
                    e.location = text.to_string();
                }
            }
            Field::AddEvidence => {
                if !text.is_empty() {
                    a.evidence.push(Evidence {
                        kind: infer_evidence_kind(text),
                        location: text.to_string(),
                        description: String::new(),
                        as_of: Some(today),
                        added_by: who.to_string(),
                    });
                }
            }
            Field::EvidenceAsOf(i) => {
                let date = crate::dates::parse(text, today)?;
                if let Some(e) = a.evidence.get_mut(*i) {
                    e.as_of = date;
                }
            }
            _ if self.kind() == Kind::Choice => {
                return Err("this field is a choice: pick a number".into());
            }
            _ => {
                let Some((key, line)) = self.key() else {
                    return Err("this field is a choice: pick a number".into());
                };
                key.set_on(a, line, text, today)?;
                // Naming who accepts a risk dates the acceptance, unless it has a date.
                if key == FieldKey::RiskAcceptedBy
                    && let Some(ra) = a.risk_acceptance.as_mut()
                {
                    ra.date.get_or_insert(today);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        let mut a = Assessment::new("5.1.1");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(
            Field::NextReview
                .set_text(&mut a, "2027-02-30", "x", today)
                .is_err()
        );
        // Relative forms go through the domain's parser, counted from the workshop's today.
        Field::RemediationDue
            .set_text(&mut a, "+3m", "x", today)
            .unwrap();
        assert_eq!(Field::RemediationDue.value(&a), "2027-02-25");
        Field::NextReview
            .set_text(&mut a, "q1", "x", today)
            .unwrap();
        assert_eq!(Field::NextReview.value(&a), "2027-03-31");
        assert!(
            Field::NextReview
                .set_text(&mut a, "next week", "x", today)
                .is_err()
        );
        Field::NextReview
            .set_text(&mut a, "2027-05-01", "x", today)
            .unwrap();
        assert_eq!(Field::NextReview.value(&a), "2027-05-01");
    }
}
