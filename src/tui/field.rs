//! The steps of the walk and the edit form: each field of an assessment the domain's table
//! describes (`fields::wording`: label, question, how it is answered, form order), plus the
//! screen's own steps (evidence lines, the date an evidence holds as of, adding evidence,
//! remediate-or-accept). A step knows its value as text, the options of a choice, and how a
//! typed or chosen answer changes the record; its words come from the table.

use chrono::NaiveDate;

use crate::fields::{Answer, FieldKey};
use crate::session::{
    Applicability, Assessment, Evidence, Exclusion, Holder, Priority, Reason, Remediation,
    RiskAcceptance, Status,
};

/// Takes a whole record away from an assessment, for the field it is called on.
pub type Remove = fn(&Field, &mut Assessment);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Applicability,
    Reason,
    /// Why an excluded control is left out (the exclusion vocabulary, not the reasons for
    /// including one).
    ExclusionReason,
    Justification,
    /// Who on our side answers for the control, whoever runs it.
    AccountableOwner,
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
    /// A field of the table with no step of its own (on the line the text names, or none):
    /// labelled, asked and written through the table as text, a name or a date.
    Plain(FieldKey, String),
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
    /// The session-file field this step edits, and the line it belongs to (a provider or an
    /// offering; empty for the rest). The screen's own steps have none.
    pub fn key(&self) -> Option<(FieldKey, &str)> {
        let plain = |k: FieldKey| Some((k, ""));
        match self {
            Field::Applicability => plain(FieldKey::Applicability),
            Field::Reason => plain(FieldKey::Reasons),
            Field::ExclusionReason => plain(FieldKey::ExclusionReasons),
            Field::Justification => plain(FieldKey::Justification),
            Field::AccountableOwner => plain(FieldKey::AccountableOwner),
            Field::Holder(p) => Some((FieldKey::Holder, p)),
            Field::CustomerOwner(p) => Some((FieldKey::CustomerOwner, p)),
            Field::ProviderOwner(p) => Some((FieldKey::ProviderOwner, p)),
            Field::Inherited(p) => Some((FieldKey::Inherited, p)),
            Field::CustomerDuty(p) => Some((FieldKey::CustomerDuty, p)),
            Field::ProviderEvidence(p) => Some((FieldKey::ProviderEvidence, p)),
            Field::OfferingHolder(o) => Some((FieldKey::OfferingHolder, o)),
            Field::OfferingWeDo(o) => Some((FieldKey::OfferingWeDo, o)),
            Field::OfferingCustomerMust(o) => Some((FieldKey::OfferingCustomerMust, o)),
            Field::OfferingEvidence(o) => Some((FieldKey::OfferingEvidence, o)),
            Field::OfferingContact(o) => Some((FieldKey::OfferingContactRole, o)),
            Field::Status => plain(FieldKey::Status),
            Field::Gap => plain(FieldKey::Gap),
            Field::RemediationAction => plain(FieldKey::RemediationAction),
            Field::RemediationOwner => plain(FieldKey::RemediationOwner),
            Field::RemediationDue => plain(FieldKey::RemediationDue),
            Field::RemediationPriority => plain(FieldKey::RemediationPriority),
            Field::AcceptedBy => plain(FieldKey::RiskAcceptedBy),
            Field::AcceptanceRationale => plain(FieldKey::RiskRationale),
            Field::AcceptanceExpires => plain(FieldKey::RiskExpires),
            Field::ChangeTrigger => plain(FieldKey::ChangeTrigger),
            Field::Escalation => plain(FieldKey::Escalation),
            Field::NextReview => plain(FieldKey::NextReview),
            Field::Notes => plain(FieldKey::Notes),
            Field::Flagged => plain(FieldKey::Flagged),
            Field::Plain(key, line) => Some((*key, line)),
            Field::Evidence(_) | Field::EvidenceAsOf(_) | Field::AddEvidence | Field::Treatment => {
                None
            }
        }
    }

    /// The step for a field of the table on `line` (a provider, an offering, or empty).
    pub fn from_key(key: FieldKey, line: &str) -> Field {
        let line = line.to_string();
        match key {
            FieldKey::Applicability => Field::Applicability,
            FieldKey::Reasons => Field::Reason,
            FieldKey::ExclusionReasons => Field::ExclusionReason,
            FieldKey::Justification => Field::Justification,
            FieldKey::AccountableOwner => Field::AccountableOwner,
            FieldKey::Holder => Field::Holder(line),
            FieldKey::CustomerOwner => Field::CustomerOwner(line),
            FieldKey::ProviderOwner => Field::ProviderOwner(line),
            FieldKey::Inherited => Field::Inherited(line),
            FieldKey::CustomerDuty => Field::CustomerDuty(line),
            FieldKey::ProviderEvidence => Field::ProviderEvidence(line),
            FieldKey::OfferingHolder => Field::OfferingHolder(line),
            FieldKey::OfferingWeDo => Field::OfferingWeDo(line),
            FieldKey::OfferingCustomerMust => Field::OfferingCustomerMust(line),
            FieldKey::OfferingEvidence => Field::OfferingEvidence(line),
            FieldKey::OfferingContactRole => Field::OfferingContact(line),
            FieldKey::Status => Field::Status,
            FieldKey::Gap => Field::Gap,
            FieldKey::RemediationAction => Field::RemediationAction,
            FieldKey::RemediationOwner => Field::RemediationOwner,
            FieldKey::RemediationDue => Field::RemediationDue,
            FieldKey::RemediationPriority => Field::RemediationPriority,
            FieldKey::RiskAcceptedBy => Field::AcceptedBy,
            FieldKey::RiskRationale => Field::AcceptanceRationale,
            FieldKey::RiskExpires => Field::AcceptanceExpires,
            FieldKey::ChangeTrigger => Field::ChangeTrigger,
            FieldKey::Escalation => Field::Escalation,
            FieldKey::NextReview => Field::NextReview,
            FieldKey::Notes => Field::Notes,
            FieldKey::Flagged => Field::Flagged,
            other => Field::Plain(other, line),
        }
    }

    /// The walk's closing question after this one (the first after any other step), in the
    /// table's order; `None` after the last.
    pub fn next_closing(&self) -> Option<Field> {
        let index = match self.key().and_then(|(k, _)| k.closing_index()) {
            Some(i) => i + 1,
            None => 0,
        };
        crate::fields::CLOSING_QUESTIONS
            .get(index)
            .map(|k| Field::from_key(*k, ""))
    }

    /// Whether this is one of the walk's closing questions.
    pub fn is_closing(&self) -> bool {
        self.key().and_then(|(k, _)| k.closing_index()).is_some()
    }

    pub fn kind(&self) -> Kind {
        match self {
            Field::Treatment => Kind::Choice,
            Field::EvidenceAsOf(_) => Kind::Date,
            Field::Evidence(_) | Field::AddEvidence => Kind::Text { names: false },
            // A word typed is read as `gapwalk set` reads it.
            Field::Plain(key, _) if key.answer() == Answer::Choice => Kind::Text { names: false },
            _ => match self.key().map(|(k, _)| k.answer()) {
                Some(Answer::Choice) => Kind::Choice,
                Some(Answer::Name) => Kind::Text { names: true },
                Some(Answer::Date) => Kind::Date,
                Some(Answer::Text) | None => Kind::Text { names: false },
            },
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
        if let Field::Evidence(_) | Field::EvidenceAsOf(_) = self {
            return Some(("evidence line", evidence));
        }
        let (key, _) = self.key()?;
        if key.per_provider() {
            Some(("responsibility line", line))
        } else if key.per_offering() {
            Some(("offering line", offering_line))
        } else if key.name().starts_with("remediation.") {
            Some(("remediation", remediation))
        } else if key.name().starts_with("risk_acceptance.") {
            Some(("risk acceptance", acceptance))
        } else {
            None
        }
    }

    /// The provider a responsibility field belongs to.
    pub fn provider(&self) -> Option<&str> {
        self.key()
            .filter(|(k, _)| k.per_provider())
            .map(|(_, line)| line)
    }

    /// Whose person a name question asks for: ours (a customer-side owner, a remediation
    /// owner, who accepts a risk) or one provider's (its provider-side owner).
    pub fn asking(&self) -> Option<crate::session::Asking> {
        use crate::session::Asking;
        match self {
            Field::CustomerOwner(_)
            | Field::AccountableOwner
            | Field::RemediationOwner
            | Field::AcceptedBy => Some(Asking::Us),
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
        self.key()
            .filter(|(k, _)| k.per_offering())
            .map(|(_, line)| line)
    }

    /// Whether this is a question of why (included or excluded): one digit picks one reason
    /// and moves on, `+` first takes several.
    pub fn is_reasons(&self) -> bool {
        matches!(self, Field::Reason | Field::ExclusionReason)
    }

    /// Whether a choice takes several options at once (digits toggle them).
    pub fn is_multiple(&self) -> bool {
        self.key().is_some_and(|(k, _)| k.takes_several())
    }

    /// Whether presenter view hides this step: what the external edition of an export leaves
    /// out, as the domain's one rule says ([`FieldKey::is_internal`]). Remediate-or-accept is
    /// internal because both its records are; evidence is external.
    pub fn is_internal(&self) -> bool {
        match self {
            Field::Treatment => {
                FieldKey::Remediation.is_internal() && FieldKey::RiskAcceptance.is_internal()
            }
            _ => self.key().is_some_and(|(k, _)| k.is_internal()),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Field::Evidence(i) => format!("Evidence {}", i + 1),
            Field::EvidenceAsOf(i) => format!("Evidence {} as of", i + 1),
            Field::AddEvidence => "Add evidence".into(),
            Field::Treatment => "Treatment".into(),
            _ => self
                .key()
                .map(|(k, line)| k.label(line))
                .unwrap_or_default(),
        }
    }

    /// The question the walk asks.
    pub fn question(&self) -> String {
        match self {
            // The screen adds the keys that add and skip, from the live keymap.
            Field::AddEvidence => "Evidence: a link, file, ticket or document".into(),
            Field::EvidenceAsOf(_) => "As of which date does this evidence hold?".into(),
            Field::Treatment => "Remediate the gap, or accept the risk?".into(),
            Field::Evidence(_) => self.label(),
            _ => self
                .key()
                .map(|(k, line)| k.question(line))
                .unwrap_or_default(),
        }
    }

    /// The options of a choice field, in the order digits pick them (1 = first).
    pub fn options(&self) -> Vec<&'static str> {
        match self {
            Field::Treatment => vec!["remediate", "accept the risk"],
            Field::Plain(..) => Vec::new(),
            _ => self.key().map(|(k, _)| k.options()).unwrap_or_default(),
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

/// Every field of a control in form order: the fields the domain's table puts in the form, in
/// its order, one block of line fields per provider (lines kept for a provider no longer in
/// scope last) and per offering we provide, and the evidence lines and adding one right after
/// the status.
pub fn form_fields(a: &Assessment, providers: &[String], offerings: &[String]) -> Vec<Field> {
    // Lines kept for a provider no longer in scope come last, so they can be fixed or cleared.
    let out_of_scope = a
        .responsibilities
        .iter()
        .map(|r| &r.provider)
        .filter(|p| !providers.contains(p));
    let providers: Vec<&String> = providers.iter().chain(out_of_scope).collect();
    // An excluded control is asked why it is left out, any other why it is included.
    let excluded = a.applicability == Applicability::NotApplicable;
    let keys: Vec<FieldKey> = FieldKey::ALL
        .into_iter()
        .filter(|k| k.in_form())
        .filter(|k| match k {
            FieldKey::Reasons => !excluded,
            FieldKey::ExclusionReasons => excluded,
            _ => true,
        })
        .collect();
    let block = |lines: &[&String], of_line: fn(FieldKey) -> bool| -> Vec<Field> {
        lines
            .iter()
            .flat_map(|line| {
                keys.iter()
                    .filter(|k| of_line(**k))
                    .map(|k| Field::from_key(*k, line))
            })
            .collect()
    };
    let mut fields = Vec::new();
    let (mut providers_done, mut offerings_done) = (false, false);
    for key in &keys {
        if key.per_provider() {
            if !std::mem::replace(&mut providers_done, true) {
                fields.extend(block(&providers, FieldKey::per_provider));
            }
        } else if key.per_offering() {
            if !std::mem::replace(&mut offerings_done, true) {
                let offerings: Vec<&String> = offerings.iter().collect();
                fields.extend(block(&offerings, FieldKey::per_offering));
            }
        } else {
            fields.push(Field::from_key(*key, ""));
        }
        if *key == FieldKey::Status {
            fields.extend((0..a.evidence.len()).map(Field::Evidence));
            fields.push(Field::AddEvidence);
        }
    }
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
