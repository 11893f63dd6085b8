//! The fields of an assessment as the walk and the edit form see them: a label, the current
//! value as text, the options of a choice, and how a typed or chosen answer changes the record.

use chrono::NaiveDate;

use crate::session::{
    Applicability, Assessment, Evidence, Holder, Priority, Reason, Remediation, RiskAcceptance,
    Status,
};

/// Takes a whole record away from an assessment, for the field it is called on.
pub type Remove = fn(&Field, &mut Assessment);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Applicability,
    Reason,
    Justification,
    Holder(String),
    CustomerOwner(String),
    ProviderOwner(String),
    Inherited(String),
    CustomerDuty(String),
    ProviderEvidence(String),
    /// The provider's seat: who holds it between us and our customers of this offering.
    OfferingHolder(String),
    /// What we do for our customers of this offering.
    OfferingWeDo(String),
    /// What our customers must do themselves.
    OfferingCustomerMust(String),
    /// The evidence we give our customers.
    OfferingEvidence(String),
    /// Whom our customers ask, by role.
    OfferingContact(String),
    Status,
    Evidence(usize),
    /// The date an evidence pointer holds as of (walk only, asked right after adding it).
    EvidenceAsOf(usize),
    AddEvidence,
    Gap,
    /// Remediate the gap or accept the risk (walk only).
    Treatment,
    RemediationAction,
    RemediationOwner,
    RemediationDue,
    RemediationPriority,
    AcceptedBy,
    AcceptanceRationale,
    AcceptanceExpires,
    ChangeTrigger,
    Escalation,
    NextReview,
    Notes,
    Flagged,
}

/// How an answer is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pick one of numbered options.
    Choice,
    /// Free text; `names` means owner names are suggested.
    Text { names: bool },
    /// A date: YYYY-MM-DD or a form the domain's date parser reads (`+90d`, `q1`).
    Date,
}

impl Field {
    pub fn kind(&self) -> Kind {
        match self {
            Field::Applicability
            | Field::Reason
            | Field::Holder(_)
            | Field::OfferingHolder(_)
            | Field::Status
            | Field::RemediationPriority
            | Field::Treatment
            | Field::Flagged => Kind::Choice,
            Field::CustomerOwner(_)
            | Field::ProviderOwner(_)
            | Field::RemediationOwner
            | Field::AcceptedBy => Kind::Text { names: true },
            Field::RemediationDue
            | Field::AcceptanceExpires
            | Field::NextReview
            | Field::EvidenceAsOf(_) => Kind::Date,
            _ => Kind::Text { names: false },
        }
    }

    /// What `remove_record` takes away on this field, in words, and how: the evidence line,
    /// the provider's responsibility line, the remediation or the risk acceptance.
    pub fn record(&self) -> Option<(&'static str, Remove)> {
        fn evidence(f: &Field, a: &mut Assessment) {
            if let Field::Evidence(i) | Field::EvidenceAsOf(i) = f
                && *i < a.evidence.len()
            {
                a.evidence.remove(*i);
            }
        }
        fn line(f: &Field, a: &mut Assessment) {
            if let Some(p) = f.provider() {
                a.responsibilities.retain(|r| r.provider != p);
            }
        }
        fn offering_line(f: &Field, a: &mut Assessment) {
            if let Some(o) = f.offering() {
                a.offerings.retain(|l| l.offering != o);
            }
        }
        fn remediation(_: &Field, a: &mut Assessment) {
            a.remediation = None;
        }
        fn acceptance(_: &Field, a: &mut Assessment) {
            a.risk_acceptance = None;
        }
        match self {
            Field::Evidence(_) | Field::EvidenceAsOf(_) => Some(("evidence line", evidence)),
            Field::Holder(_)
            | Field::CustomerOwner(_)
            | Field::ProviderOwner(_)
            | Field::Inherited(_)
            | Field::CustomerDuty(_)
            | Field::ProviderEvidence(_) => Some(("responsibility line", line)),
            Field::OfferingHolder(_)
            | Field::OfferingWeDo(_)
            | Field::OfferingCustomerMust(_)
            | Field::OfferingEvidence(_)
            | Field::OfferingContact(_) => Some(("offering line", offering_line)),
            Field::RemediationAction
            | Field::RemediationOwner
            | Field::RemediationDue
            | Field::RemediationPriority => Some(("remediation", remediation)),
            Field::AcceptedBy | Field::AcceptanceRationale | Field::AcceptanceExpires => {
                Some(("risk acceptance", acceptance))
            }
            _ => None,
        }
    }

    /// The provider a responsibility field belongs to.
    pub fn provider(&self) -> Option<&str> {
        match self {
            Field::Holder(p)
            | Field::CustomerOwner(p)
            | Field::ProviderOwner(p)
            | Field::Inherited(p)
            | Field::CustomerDuty(p)
            | Field::ProviderEvidence(p) => Some(p),
            _ => None,
        }
    }

    /// Whose person a name question asks for: ours (a customer-side owner, a remediation
    /// owner, who accepts a risk) or one provider's (its provider-side owner).
    pub fn asking(&self) -> Option<crate::session::Asking> {
        use crate::session::Asking;
        match self {
            Field::CustomerOwner(_) | Field::RemediationOwner | Field::AcceptedBy => {
                Some(Asking::Us)
            }
            Field::ProviderOwner(p) => Some(Asking::Provider(p.clone())),
            _ => None,
        }
    }

    /// The names a name question offers, that side's people first.
    pub fn names(&self, session: &crate::session::Session) -> Vec<String> {
        match self.asking() {
            Some(asking) => session.names_for(&asking),
            None => session.known_names(),
        }
    }

    /// The offering an offering-line field belongs to (the provider's seat).
    pub fn offering(&self) -> Option<&str> {
        match self {
            Field::OfferingHolder(o)
            | Field::OfferingWeDo(o)
            | Field::OfferingCustomerMust(o)
            | Field::OfferingEvidence(o)
            | Field::OfferingContact(o) => Some(o),
            _ => None,
        }
    }

    /// Whether a choice takes several options at once (digits toggle them).
    pub fn is_multiple(&self) -> bool {
        matches!(self, Field::Reason)
    }

    /// Whether presenter view hides this field: what the external edition of an export leaves
    /// out (the gap, the remediation action that restates it, notes, risk acceptances).
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            Field::Gap
                | Field::Treatment
                | Field::RemediationAction
                | Field::Notes
                | Field::AcceptedBy
                | Field::AcceptanceRationale
                | Field::AcceptanceExpires
        )
    }

    pub fn label(&self) -> String {
        match self {
            Field::Applicability => "Applicable?".into(),
            Field::Reason => "Reason".into(),
            Field::Justification => "Justification".into(),
            Field::Holder(p) => format!("{p}: who holds it"),
            Field::CustomerOwner(p) => format!("{p}: customer-side owner"),
            Field::ProviderOwner(p) => format!("{p}: provider-side owner"),
            Field::Inherited(p) => format!("{p}: inherited from provider"),
            Field::CustomerDuty(p) => format!("{p}: customer must still do"),
            Field::ProviderEvidence(p) => format!("{p}: provider evidence"),
            Field::OfferingHolder(o) => format!("{o}: who holds it"),
            Field::OfferingWeDo(o) => format!("{o}: what we do"),
            Field::OfferingCustomerMust(o) => format!("{o}: customers must do"),
            Field::OfferingEvidence(o) => format!("{o}: evidence for customers"),
            Field::OfferingContact(o) => format!("{o}: customers ask"),
            Field::Status => "Implementation status".into(),
            Field::Evidence(i) => format!("Evidence {}", i + 1),
            Field::EvidenceAsOf(i) => format!("Evidence {} as of", i + 1),
            Field::AddEvidence => "Add evidence".into(),
            Field::Gap => "Gap".into(),
            Field::Treatment => "Treatment".into(),
            Field::RemediationAction => "Remediation action".into(),
            Field::RemediationOwner => "Remediation owner".into(),
            Field::RemediationDue => "Remediation due".into(),
            Field::RemediationPriority => "Remediation priority".into(),
            Field::AcceptedBy => "Risk accepted by".into(),
            Field::AcceptanceRationale => "Risk acceptance rationale".into(),
            Field::AcceptanceExpires => "Risk acceptance expires".into(),
            Field::ChangeTrigger => "Change trigger".into(),
            Field::Escalation => "Escalation path".into(),
            Field::NextReview => "Next review".into(),
            Field::Notes => "Notes".into(),
            Field::Flagged => "Follow-up flag".into(),
        }
    }

    /// The question the walk asks.
    pub fn question(&self) -> String {
        match self {
            Field::Applicability => "Does this control apply to us?".into(),
            Field::Reason => "Why? A digit picks the reason (+ first for several)".into(),
            Field::Justification => "Justification, in a sentence or two".into(),
            Field::Holder(p) => format!("For {p}: who holds this control?"),
            Field::CustomerOwner(p) => format!("For {p}: who owns it on our (customer) side?"),
            Field::ProviderOwner(p) => format!("For {p}: who owns it on the provider side?"),
            Field::OfferingHolder(o) => {
                format!("For {o}: who holds it between us and our customers?")
            }
            Field::OfferingWeDo(o) => format!("For {o}: what do we do for our customers?"),
            Field::OfferingCustomerMust(o) => {
                format!("For {o}: what must our customers do themselves?")
            }
            Field::OfferingEvidence(o) => format!(
                "For {o}: what evidence do we give customers (a report, a certificate, a section)?"
            ),
            Field::OfferingContact(o) => format!("For {o}: whom do customers ask (a role)?"),
            Field::Status => "How far is it implemented?".into(),
            Field::AddEvidence => {
                "Evidence: a link, file, ticket or document (Enter adds, Tab skips)".into()
            }
            Field::EvidenceAsOf(_) => "As of which date does this evidence hold?".into(),
            Field::Inherited(p) => format!("For {p}: what do we inherit from the provider?"),
            Field::CustomerDuty(p) => format!("For {p}: what must we still do ourselves?"),
            Field::ProviderEvidence(p) => {
                format!("For {p}: the provider's evidence (attestation, certificate, matrix)")
            }
            Field::Escalation => "Escalation path: who is told, and how, when it fails?".into(),
            Field::Gap => "What exactly is missing?".into(),
            Field::Treatment => "Remediate the gap, or accept the risk?".into(),
            Field::RemediationAction => "Remediation: what will be done?".into(),
            Field::RemediationOwner => "Who owns the remediation?".into(),
            Field::RemediationDue => "Due date (YYYY-MM-DD, today, +90d, +3m, eoq, q1-q4)".into(),
            Field::RemediationPriority => "Priority of the remediation".into(),
            Field::AcceptedBy => "Who accepts the risk?".into(),
            Field::AcceptanceRationale => "Why is the risk acceptable?".into(),
            Field::AcceptanceExpires => "Acceptance expires (YYYY-MM-DD, +1y, q4...)".into(),
            Field::NextReview => "Next review date (YYYY-MM-DD, +6m, q2...)".into(),
            Field::ChangeTrigger => "What event forces a re-review (change trigger)?".into(),
            other => other.label(),
        }
    }

    /// The options of a choice field, in the order digits pick them (1 = first).
    pub fn options(&self) -> Vec<&'static str> {
        match self {
            Field::Applicability => vec!["applicable", "not applicable", "undecided"],
            Field::Reason => Reason::ALL.iter().map(|r| r.label()).collect(),
            Field::Holder(_) | Field::OfferingHolder(_) => {
                Holder::ALL.iter().map(|h| h.label()).collect()
            }
            Field::Status => Status::ALL.iter().map(|s| s.label()).collect(),
            Field::RemediationPriority => Priority::ALL.iter().map(|p| p.label()).collect(),
            Field::Flagged => vec!["flagged for follow-up", "not flagged"],
            Field::Treatment => vec!["remediate", "accept the risk"],
            _ => Vec::new(),
        }
    }

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

    /// The value as one line of text.
    pub fn value(&self, a: &Assessment) -> String {
        let resp = |p: &str, f: fn(&crate::session::Responsibility) -> &String| {
            a.responsibility(p)
                .map(|r| f(r).clone())
                .unwrap_or_default()
        };
        let line = |o: &str, f: fn(&crate::session::OfferingLine) -> &String| {
            a.offering(o).map(|l| f(l).clone()).unwrap_or_default()
        };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match self {
            Field::Applicability => a.applicability.label().into(),
            Field::Reason => a
                .reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            Field::Justification => a.justification.clone(),
            Field::Holder(p) => a
                .responsibility(p)
                .map(|r| r.holder.label().to_string())
                .unwrap_or_default(),
            Field::CustomerOwner(p) => resp(p, |r| &r.customer_owner),
            Field::ProviderOwner(p) => resp(p, |r| &r.provider_owner),
            Field::Inherited(p) => resp(p, |r| &r.inherited),
            Field::CustomerDuty(p) => resp(p, |r| &r.customer_duty),
            Field::ProviderEvidence(p) => resp(p, |r| &r.provider_evidence),
            Field::OfferingHolder(o) => a
                .offering(o)
                .map(|l| l.holder.label().to_string())
                .unwrap_or_default(),
            Field::OfferingWeDo(o) => line(o, |l| &l.we_do),
            Field::OfferingCustomerMust(o) => line(o, |l| &l.customer_must),
            Field::OfferingEvidence(o) => line(o, |l| &l.customer_evidence),
            Field::OfferingContact(o) => line(o, |l| &l.contact_role),
            Field::Status => a.status.label().into(),
            Field::Evidence(i) => a
                .evidence
                .get(*i)
                .map(describe_evidence)
                .unwrap_or_default(),
            Field::AddEvidence => String::new(),
            Field::EvidenceAsOf(i) => date(a.evidence.get(*i).and_then(|e| e.as_of)),
            Field::Gap => a.gap.clone(),
            Field::Treatment => match self.current_option(a) {
                Some(0) => "remediate".into(),
                Some(_) => "accept the risk".into(),
                None => String::new(),
            },
            Field::RemediationAction => a
                .remediation
                .as_ref()
                .map(|r| r.action.clone())
                .unwrap_or_default(),
            Field::RemediationOwner => a
                .remediation
                .as_ref()
                .map(|r| r.owner.clone())
                .unwrap_or_default(),
            Field::RemediationDue => date(a.remediation.as_ref().and_then(|r| r.due)),
            Field::RemediationPriority => a
                .remediation
                .as_ref()
                .map(|r| r.priority.label().to_string())
                .unwrap_or_default(),
            Field::AcceptedBy => a
                .risk_acceptance
                .as_ref()
                .map(|r| r.accepted_by.clone())
                .unwrap_or_default(),
            Field::AcceptanceRationale => a
                .risk_acceptance
                .as_ref()
                .map(|r| r.rationale.clone())
                .unwrap_or_default(),
            Field::AcceptanceExpires => date(a.risk_acceptance.as_ref().and_then(|r| r.expires)),
            Field::ChangeTrigger => a.change_trigger.clone(),
            Field::Escalation => a.escalation.clone(),
            Field::NextReview => date(a.next_review),
            Field::Notes => a.notes.clone(),
            Field::Flagged => if a.flagged { "flagged" } else { "" }.into(),
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

    /// Records a typed answer. `who` and `today` stamp new evidence.
    pub fn set_text(
        &self,
        a: &mut Assessment,
        text: &str,
        who: &str,
        today: NaiveDate,
    ) -> Result<(), String> {
        let text = text.trim();
        let owned = text.to_string();
        match self {
            Field::Justification => a.justification = owned,
            Field::CustomerOwner(p) => a.responsibility_mut(p).customer_owner = owned,
            Field::ProviderOwner(p) => a.responsibility_mut(p).provider_owner = owned,
            Field::Inherited(p) => a.responsibility_mut(p).inherited = owned,
            Field::CustomerDuty(p) => a.responsibility_mut(p).customer_duty = owned,
            Field::ProviderEvidence(p) => a.responsibility_mut(p).provider_evidence = owned,
            Field::OfferingWeDo(o) => a.offering_mut(o).we_do = owned,
            Field::OfferingCustomerMust(o) => a.offering_mut(o).customer_must = owned,
            Field::OfferingEvidence(o) => a.offering_mut(o).customer_evidence = owned,
            Field::OfferingContact(o) => a.offering_mut(o).contact_role = owned,
            Field::Evidence(i) => {
                if text.is_empty() {
                    if *i < a.evidence.len() {
                        a.evidence.remove(*i);
                    }
                } else if let Some(e) = a.evidence.get_mut(*i) {
                    // Its kind was settled when it was added: a document whose new title has
                    // a slash in it is still a document.
                    e.location = owned;
                }
            }
            Field::AddEvidence => {
                if !text.is_empty() {
                    a.evidence.push(Evidence {
                        kind: infer_evidence_kind(text),
                        location: owned,
                        description: String::new(),
                        as_of: Some(today),
                        added_by: who.to_string(),
                    });
                }
            }
            Field::Gap => a.gap = owned,
            Field::RemediationAction => {
                a.remediation
                    .get_or_insert_with(Remediation::default)
                    .action = owned
            }
            Field::RemediationOwner => {
                a.remediation.get_or_insert_with(Remediation::default).owner = owned
            }
            Field::RemediationDue => {
                a.remediation.get_or_insert_with(Remediation::default).due =
                    crate::dates::parse(text, today)?
            }
            Field::AcceptedBy => {
                let ra = a
                    .risk_acceptance
                    .get_or_insert_with(RiskAcceptance::default);
                ra.accepted_by = owned;
                ra.date.get_or_insert(today);
            }
            Field::AcceptanceRationale => {
                a.risk_acceptance
                    .get_or_insert_with(RiskAcceptance::default)
                    .rationale = owned
            }
            Field::AcceptanceExpires => {
                a.risk_acceptance
                    .get_or_insert_with(RiskAcceptance::default)
                    .expires = crate::dates::parse(text, today)?
            }
            Field::EvidenceAsOf(i) => {
                let date = crate::dates::parse(text, today)?;
                if let Some(e) = a.evidence.get_mut(*i) {
                    e.as_of = date;
                }
            }
            Field::ChangeTrigger => a.change_trigger = owned,
            Field::Escalation => a.escalation = owned,
            Field::NextReview => a.next_review = crate::dates::parse(text, today)?,
            Field::Notes => a.notes = owned,
            _ => return Err("this field is a choice: pick a number".into()),
        }
        Ok(())
    }
}

/// What a date field will keep, shown while it is typed: the date the domain's parser
/// understood (with its weekday, so `+90d` landing on a Sunday shows), that it clears the
/// date, or why it is not a date.
pub fn date_preview(text: &str, today: NaiveDate) -> String {
    match crate::dates::parse(text, today) {
        Ok(Some(d)) => format!("→ {} ({})", d.format("%Y-%m-%d"), d.format("%A")),
        Ok(None) => "→ no date (clears it)".into(),
        Err(e) => format!("✗ {e}"),
    }
}

/// Shared with `gapwalk set evidence+=…`, so both guess alike.
pub use crate::fields::infer_evidence_kind;

pub fn describe_evidence(e: &Evidence) -> String {
    let mut s = format!("[{}] {}", e.kind.label(), e.location);
    if !e.description.is_empty() {
        s.push_str(" — ");
        s.push_str(&e.description);
    }
    if let Some(d) = e.as_of {
        s.push_str(&format!(" (as of {d}"));
        if !e.added_by.is_empty() {
            s.push_str(&format!(", {}", e.added_by));
        }
        s.push(')');
    }
    s
}

/// Every field of a control in form order, one responsibility block per provider, then one
/// block per offering we provide (the provider's seat).
pub fn form_fields(a: &Assessment, providers: &[String], offerings: &[String]) -> Vec<Field> {
    let mut fields = vec![Field::Applicability, Field::Reason, Field::Justification];
    // Lines kept for a provider no longer in scope come last, so they can be fixed or cleared.
    let out_of_scope = a
        .responsibilities
        .iter()
        .map(|r| &r.provider)
        .filter(|p| !providers.contains(p));
    for p in providers.iter().chain(out_of_scope) {
        fields.extend([
            Field::Holder(p.clone()),
            Field::CustomerOwner(p.clone()),
            Field::ProviderOwner(p.clone()),
            Field::Inherited(p.clone()),
            Field::CustomerDuty(p.clone()),
            Field::ProviderEvidence(p.clone()),
        ]);
    }
    for o in offerings {
        fields.extend([
            Field::OfferingHolder(o.clone()),
            Field::OfferingWeDo(o.clone()),
            Field::OfferingCustomerMust(o.clone()),
            Field::OfferingEvidence(o.clone()),
            Field::OfferingContact(o.clone()),
        ]);
    }
    fields.push(Field::Status);
    fields.extend((0..a.evidence.len()).map(Field::Evidence));
    fields.extend([
        Field::AddEvidence,
        Field::Gap,
        Field::RemediationAction,
        Field::RemediationOwner,
        Field::RemediationDue,
        Field::RemediationPriority,
        Field::AcceptedBy,
        Field::AcceptanceRationale,
        Field::AcceptanceExpires,
        Field::ChangeTrigger,
        Field::Escalation,
        Field::NextReview,
        Field::Notes,
        Field::Flagged,
    ]);
    fields
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
