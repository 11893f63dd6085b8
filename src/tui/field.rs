//! The steps of the walk and the edit form: each field of an assessment the domain's table
//! describes (`fields::wording`: label, question, how it is answered, form order), plus the
//! screen's own steps (evidence lines, the date an evidence holds as of, adding evidence,
//! remediate-or-accept). A step knows its value as text, the options of a choice, and how a
//! typed or chosen answer changes the record; its words come from the table.

mod form;
mod value;

use chrono::NaiveDate;

use crate::fields::{Answer, FieldKey};
use crate::session::Assessment;

pub use form::form_fields;

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
