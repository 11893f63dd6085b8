//! The fields of a session as scripts, merges and diffs name them: one vocabulary of keys
//! (`status`, `customer_owner`, `remediation.due`…), each with its value as text and a parser
//! back. `gapwalk set` reads assignments with it, a merge records conflicts in it, a diff prints
//! it, and picking a side of a conflict is writing one of its recorded values back. Values are
//! the session file's words; parsing is exact, so writing back a value read here restores it.
//! This module does no I/O and knows nothing of terminals or git.

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::{
    Applicability, Assessment, Evidence, EvidenceKind, Holder, Metadata, Participant, Priority,
    Provider, Reason, Remediation, Responsibility, RiskAcceptance, Side, Status,
};

/// The word that stands for "absent" in whole-record values (`remediation=none`).
pub const NONE: &str = "none";

/// A field of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldKey {
    Applicability,
    Reasons,
    Justification,
    Responsibility,
    Holder,
    CustomerOwner,
    ProviderOwner,
    Inherited,
    CustomerDuty,
    ProviderEvidence,
    Status,
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
    Notes,
    Flagged,
}

/// What kind of text a field takes, for messages and for quoting in diffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Word,
    Date,
    /// A whole record: `none`, or the record in RON.
    Record,
}

/// Lower case, `-` and spaces as `_`: how keys and enum values are compared.
pub fn normalise(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

fn parse_word<T>(text: &str, from_key: fn(&str) -> Option<T>, keys: &[&str]) -> Result<T, String> {
    from_key(&normalise(text)).ok_or_else(|| format!("expected one of: {}", keys.join(", ")))
}

/// An empty value or `none` clears a date; anything else must be YYYY-MM-DD.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(NONE) {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| "expected a date as YYYY-MM-DD (e.g. 2027-03-31), or none to clear it".into())
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_bool(text: &str) -> Result<bool, String> {
    match normalise(text).as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" | "" => Ok(false),
        _ => Err("expected true or false (yes/no, on/off)".into()),
    }
}

/// A record as one line of RON, the way the session file writes it (without the line breaks).
pub fn record_text<T: Serialize>(value: Option<&T>) -> String {
    match value {
        None => NONE.to_string(),
        Some(v) => ron::to_string(v).unwrap_or_else(|e| format!("(unwritable: {e})")),
    }
}

/// Reads `none` or a record in RON.
pub fn parse_record<T: DeserializeOwned>(text: &str, example: &str) -> Result<Option<T>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(NONE) {
        return Ok(None);
    }
    ron::Options::default()
        .from_str(t)
        .map(Some)
        .map_err(|e| format!("expected none, or a record like {example} ({e})"))
}

/// Guesses what kind of pointer a piece of evidence is from how it is written.
pub fn infer_evidence_kind(text: &str) -> EvidenceKind {
    let t = text.trim();
    let is_ticket = t.split_once('-').is_some_and(|(a, b)| {
        !a.is_empty()
            && a.chars().all(|c| c.is_ascii_uppercase())
            && !b.is_empty()
            && b.chars().all(|c| c.is_ascii_digit())
    });
    if t.starts_with("http://") || t.starts_with("https://") {
        EvidenceKind::Url
    } else if is_ticket || t.starts_with('#') {
        EvidenceKind::Ticket
    } else if t.contains('/') || t.contains('\\') {
        EvidenceKind::File
    } else {
        EvidenceKind::Document
    }
}

/// Evidence in one line: kind, location, description, date and who added it.
pub fn describe_evidence(e: &Evidence) -> String {
    let mut s = format!("{} {}", e.kind.key(), e.location);
    if !e.description.is_empty() {
        s.push_str(&format!(" ({})", e.description));
    }
    let mut tail = Vec::new();
    if let Some(d) = e.as_of {
        tail.push(format!("as of {d}"));
    }
    if !e.added_by.is_empty() {
        tail.push(format!("added by {}", e.added_by));
    }
    if !tail.is_empty() {
        s.push_str(&format!(" [{}]", tail.join(", ")));
    }
    s
}

impl FieldKey {
    pub const ALL: [FieldKey; 27] = [
        FieldKey::Applicability,
        FieldKey::Reasons,
        FieldKey::Justification,
        FieldKey::Responsibility,
        FieldKey::Holder,
        FieldKey::CustomerOwner,
        FieldKey::ProviderOwner,
        FieldKey::Inherited,
        FieldKey::CustomerDuty,
        FieldKey::ProviderEvidence,
        FieldKey::Status,
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
        FieldKey::Notes,
        FieldKey::Flagged,
    ];

    /// The field's name: the session file's words, dotted inside a nested record.
    pub fn name(self) -> &'static str {
        match self {
            FieldKey::Applicability => "applicability",
            FieldKey::Reasons => "reasons",
            FieldKey::Justification => "justification",
            FieldKey::Responsibility => "responsibility",
            FieldKey::Holder => "holder",
            FieldKey::CustomerOwner => "customer_owner",
            FieldKey::ProviderOwner => "provider_owner",
            FieldKey::Inherited => "inherited",
            FieldKey::CustomerDuty => "customer_duty",
            FieldKey::ProviderEvidence => "provider_evidence",
            FieldKey::Status => "status",
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
            FieldKey::Notes => "notes",
            FieldKey::Flagged => "flagged",
        }
    }

    /// Finds a field by name: case-insensitive, with `-`, `_` and `.` alike, and the singular
    /// `reason` and `flag` accepted.
    pub fn from_name(text: &str) -> Option<FieldKey> {
        let wanted = normalise(text).replace('.', "_");
        let wanted = match wanted.as_str() {
            "reason" => "reasons".to_string(),
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
        )
    }

    pub fn kind(self) -> ValueKind {
        match self {
            FieldKey::Applicability
            | FieldKey::Reasons
            | FieldKey::Holder
            | FieldKey::Status
            | FieldKey::RemediationPriority
            | FieldKey::Flagged => ValueKind::Word,
            FieldKey::RemediationDue
            | FieldKey::RiskDate
            | FieldKey::RiskExpires
            | FieldKey::NextReview => ValueKind::Date,
            FieldKey::Responsibility | FieldKey::Remediation | FieldKey::RiskAcceptance => {
                ValueKind::Record
            }
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
            FieldKey::Holder => words(Holder::keys()),
            FieldKey::Status => words(Status::keys()),
            FieldKey::RemediationPriority => words(Priority::keys()),
            FieldKey::Flagged => "true or false (yes/no, on/off)".into(),
            FieldKey::Responsibility => {
                "none (removes the provider's line), or the line in RON".into()
            }
            FieldKey::Remediation | FieldKey::RiskAcceptance => {
                "none (removes it), or the record in RON".into()
            }
            k if k.kind() == ValueKind::Date => "a date as YYYY-MM-DD, or none to clear it".into(),
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
        match self {
            FieldKey::Applicability => a.applicability.key().into(),
            FieldKey::Reasons => a
                .reasons
                .iter()
                .map(|r| r.key())
                .collect::<Vec<_>>()
                .join(", "),
            FieldKey::Justification => a.justification.clone(),
            FieldKey::Responsibility => record_text(line),
            FieldKey::Holder => r.holder.key().into(),
            FieldKey::CustomerOwner => r.customer_owner.clone(),
            FieldKey::ProviderOwner => r.provider_owner.clone(),
            FieldKey::Inherited => r.inherited.clone(),
            FieldKey::CustomerDuty => r.customer_duty.clone(),
            FieldKey::ProviderEvidence => r.provider_evidence.clone(),
            FieldKey::Status => a.status.key().into(),
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
            FieldKey::Notes => a.notes.clone(),
            FieldKey::Flagged => a.flagged.to_string(),
        }
    }

    /// Writes a value given as text. Nothing changes when the value is invalid; the error says
    /// what was expected. A field of a missing line or record creates it.
    pub fn set(self, a: &mut Assessment, provider: &str, value: &str) -> Result<(), String> {
        match self {
            FieldKey::Applicability => {
                a.applicability = parse_word(value, Applicability::from_key, Applicability::keys())?
            }
            FieldKey::Reasons => {
                let mut reasons = Vec::new();
                for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                    let r = parse_word(part, Reason::from_key, Reason::keys())
                        .map_err(|_| format!("expected {}", self.expected()))?;
                    if !reasons.contains(&r) {
                        reasons.push(r);
                    }
                }
                reasons.sort();
                a.reasons = reasons;
            }
            FieldKey::Justification => a.justification = value.into(),
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
            FieldKey::Status => a.status = parse_word(value, Status::from_key, Status::keys())?,
            FieldKey::Gap => a.gap = value.into(),
            FieldKey::Remediation => {
                a.remediation = parse_record(value, r#"(action: "…", owner: "…", priority: high)"#)?
            }
            FieldKey::RemediationAction => remediation(a).action = value.into(),
            FieldKey::RemediationOwner => remediation(a).owner = value.into(),
            FieldKey::RemediationDue => {
                let due = parse_date(value)?;
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
                let d = parse_date(value)?;
                risk_acceptance(a).date = d;
            }
            FieldKey::RiskExpires => {
                let d = parse_date(value)?;
                risk_acceptance(a).expires = d;
            }
            FieldKey::ChangeTrigger => a.change_trigger = value.into(),
            FieldKey::Escalation => a.escalation = value.into(),
            FieldKey::NextReview => a.next_review = parse_date(value)?,
            FieldKey::Notes => a.notes = value.into(),
            FieldKey::Flagged => a.flagged = parse_bool(value)?,
        }
        Ok(())
    }
}

fn remediation(a: &mut Assessment) -> &mut Remediation {
    a.remediation.get_or_insert_with(Remediation::default)
}

fn risk_acceptance(a: &mut Assessment) -> &mut RiskAcceptance {
    a.risk_acceptance
        .get_or_insert_with(RiskAcceptance::default)
}

/// A field of the session's metadata that a merge can find in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetaKey {
    Title,
    Organisation,
    Scope,
    Role,
    Facilitator,
    /// A whole provider entry (`item` is its name).
    Provider,
    /// A whole participant entry (`item` is the name).
    Participant,
    ParticipantRole,
    ParticipantSide,
}

impl MetaKey {
    pub const ALL: [MetaKey; 9] = [
        MetaKey::Title,
        MetaKey::Organisation,
        MetaKey::Scope,
        MetaKey::Role,
        MetaKey::Facilitator,
        MetaKey::Provider,
        MetaKey::Participant,
        MetaKey::ParticipantRole,
        MetaKey::ParticipantSide,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MetaKey::Title => "title",
            MetaKey::Organisation => "organisation",
            MetaKey::Scope => "scope",
            MetaKey::Role => "role",
            MetaKey::Facilitator => "facilitator",
            MetaKey::Provider => "provider",
            MetaKey::Participant => "participant",
            MetaKey::ParticipantRole => "participant.role",
            MetaKey::ParticipantSide => "participant.side",
        }
    }

    pub fn from_name(text: &str) -> Option<MetaKey> {
        MetaKey::ALL.into_iter().find(|k| k.name() == text)
    }

    pub fn kind(self) -> ValueKind {
        match self {
            MetaKey::Role | MetaKey::ParticipantSide => ValueKind::Word,
            MetaKey::Provider | MetaKey::Participant => ValueKind::Record,
            _ => ValueKind::Text,
        }
    }

    pub fn get(self, m: &Metadata, item: &str) -> String {
        let participant = m.participants.iter().find(|p| p.name == item);
        match self {
            MetaKey::Title => m.title.clone(),
            MetaKey::Organisation => m.organisation.clone(),
            MetaKey::Scope => m.scope.clone(),
            MetaKey::Role => m.role.key().into(),
            MetaKey::Facilitator => m.facilitator.clone(),
            MetaKey::Provider => record_text(m.providers.iter().find(|p| p.name == item)),
            MetaKey::Participant => record_text(participant),
            MetaKey::ParticipantRole => participant.map(|p| p.role.clone()).unwrap_or_default(),
            MetaKey::ParticipantSide => {
                participant.map(|p| p.side).unwrap_or_default().key().into()
            }
        }
    }

    pub fn set(self, m: &mut Metadata, item: &str, value: &str) -> Result<(), String> {
        match self {
            MetaKey::Title => m.title = value.into(),
            MetaKey::Organisation => m.organisation = value.into(),
            MetaKey::Scope => m.scope = value.into(),
            MetaKey::Role => {
                m.role = parse_word(
                    value,
                    crate::session::Role::from_key,
                    crate::session::Role::keys(),
                )?
            }
            MetaKey::Facilitator => m.facilitator = value.into(),
            MetaKey::Provider => {
                let record: Option<Provider> =
                    parse_record(value, r#"(name: "AWS", services: ["S3"])"#)?;
                upsert(
                    &mut m.providers,
                    |p| p.name == item,
                    record.map(|mut p| {
                        p.name = item.to_string();
                        p
                    }),
                );
            }
            MetaKey::Participant => {
                let record: Option<Participant> =
                    parse_record(value, r#"(name: "Ana", role: "CISO", side: customer)"#)?;
                upsert(
                    &mut m.participants,
                    |p| p.name == item,
                    record.map(|mut p| {
                        p.name = item.to_string();
                        p
                    }),
                );
            }
            MetaKey::ParticipantRole => participant(m, item).role = value.into(),
            MetaKey::ParticipantSide => {
                let side = parse_word(value, Side::from_key, Side::keys())?;
                participant(m, item).side = side;
            }
        }
        Ok(())
    }
}

fn participant<'a>(m: &'a mut Metadata, name: &str) -> &'a mut Participant {
    if let Some(i) = m.participants.iter().position(|p| p.name == name) {
        return &mut m.participants[i];
    }
    m.participants.push(Participant {
        name: name.to_string(),
        ..Participant::default()
    });
    let last = m.participants.len() - 1;
    &mut m.participants[last]
}

/// Replaces the entry `matches` finds (in place), appends a new one, or with `None` removes it.
fn upsert<T>(list: &mut Vec<T>, matches: impl Fn(&T) -> bool, value: Option<T>) {
    match (list.iter().position(&matches), value) {
        (Some(i), Some(v)) => list[i] = v,
        (Some(_), None) => list.retain(|x| !matches(x)),
        (None, Some(v)) => list.push(v),
        (None, None) => {}
    }
}

/// Whether writing `key` (of the line `item`) settles a conflict: one on the field itself, or
/// on the whole record it belongs to (a responsibility line, the remediation, the risk
/// acceptance), since writing into a record means keeping it.
pub fn settles(conflict: &crate::session::Conflict, key: FieldKey, item: &str) -> bool {
    let item = if key.per_provider() { item } else { "" };
    if conflict.is_about(key.name(), item) {
        return true;
    }
    let record = if key.per_provider() {
        FieldKey::Responsibility.name()
    } else {
        match key.name().split_once('.') {
            Some((record, _)) => record,
            None => return false,
        }
    };
    conflict.is_about(record, item)
}

/// Which side of a recorded conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Ours,
    Theirs,
}

impl Pick {
    pub fn value(self, c: &crate::session::Conflict) -> &str {
        match self {
            Pick::Ours => &c.ours,
            Pick::Theirs => &c.theirs,
        }
    }
}

/// Settles conflict `index` of an assessment with one side's value and drops the record. A
/// conflict about a field this gapwalk does not know is dropped without writing anything.
pub fn resolve(a: &mut Assessment, index: usize, pick: Pick) -> Result<(), String> {
    let Some(conflict) = a.conflicts.get(index).cloned() else {
        return Ok(());
    };
    if let Some(key) = FieldKey::from_name(&conflict.field) {
        key.set(a, &conflict.item, pick.value(&conflict))
            .map_err(|e| format!("{}: {e}", conflict.field))?;
    }
    a.conflicts.retain(|c| *c != conflict);
    Ok(())
}

/// Settles conflict `index` of the session metadata, as [`resolve`] does for an assessment.
pub fn resolve_meta(m: &mut Metadata, index: usize, pick: Pick) -> Result<(), String> {
    let Some(conflict) = m.conflicts.get(index).cloned() else {
        return Ok(());
    };
    if let Some(key) = MetaKey::from_name(&conflict.field) {
        key.set(m, &conflict.item, pick.value(&conflict))
            .map_err(|e| format!("{}: {e}", conflict.field))?;
    }
    m.conflicts.retain(|c| *c != conflict);
    Ok(())
}

/// Drops the conflicts whose field an edit changed: writing a field settles its conflict.
pub fn clear_changed_conflicts(before: &Assessment, after: &mut Assessment) {
    let conflicts = std::mem::take(&mut after.conflicts);
    after.conflicts = conflicts
        .into_iter()
        .filter(|c| match FieldKey::from_name(&c.field) {
            Some(key) => key.get(before, &c.item) == key.get(after, &c.item),
            None => true,
        })
        .collect();
}

/// The same for metadata.
pub fn clear_changed_meta_conflicts(before: &Metadata, after: &mut Metadata) {
    let conflicts = std::mem::take(&mut after.conflicts);
    after.conflicts = conflicts
        .into_iter()
        .filter(|c| match MetaKey::from_name(&c.field) {
            Some(key) => key.get(before, &c.item) == key.get(after, &c.item),
            None => true,
        })
        .collect();
}

/// One `KEY=VALUE` of `gapwalk set`, or adding (`evidence+=…`) and removing (`evidence-=…`)
/// an evidence pointer by its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    Set { key: FieldKey, value: String },
    AddEvidence(String),
    RemoveEvidence(String),
}

impl Assignment {
    /// Reads `KEY=VALUE`. Only the key is checked here; the value is checked when applied.
    pub fn parse(text: &str) -> Result<Assignment, String> {
        let Some((key, value)) = text.split_once('=') else {
            return Err(format!(
                "{text:?} is not KEY=VALUE; keys: {}, evidence+ and evidence-",
                FieldKey::names().join(", ")
            ));
        };
        let value = value.to_string();
        let (name, op) = match key.trim_end().strip_suffix('+') {
            Some(name) => (name, '+'),
            None => match key.trim_end().strip_suffix('-') {
                Some(name) => (name, '-'),
                None => (key, '='),
            },
        };
        if normalise(name) == "evidence" {
            return match op {
                '+' => Ok(Assignment::AddEvidence(value)),
                '-' => Ok(Assignment::RemoveEvidence(value)),
                _ => Err(
                    "evidence is a list: add a pointer with evidence+=LOCATION, remove one with evidence-=LOCATION"
                        .into(),
                ),
            };
        }
        let Some(key) = FieldKey::from_name(name).filter(|_| op == '=') else {
            return Err(format!(
                "unknown key {:?}; expected one of: {}, evidence+ and evidence-",
                key.trim(),
                FieldKey::names().join(", ")
            ));
        };
        Ok(Assignment::Set { key, value })
    }

    /// Applies the assignment to an assessment; `provider` is the line per-provider keys
    /// write. New evidence is stamped with `who` and `today`. Settles any conflict on the field.
    pub fn apply(
        &self,
        a: &mut Assessment,
        provider: &str,
        who: &str,
        today: NaiveDate,
    ) -> Result<(), String> {
        match self {
            Assignment::Set { key, value } => {
                key.set(a, provider, value)
                    .map_err(|e| format!("{}: {value:?} is not valid; {e}", key.name()))?;
                a.conflicts.retain(|c| !settles(c, *key, provider));
            }
            Assignment::AddEvidence(location) => {
                if location.trim().is_empty() {
                    return Err(
                        "evidence+ needs a location: a URL, file, ticket or document".into(),
                    );
                }
                let location = location.trim().to_string();
                if !a.evidence.iter().any(|e| e.location == location) {
                    a.evidence.push(Evidence {
                        kind: infer_evidence_kind(&location),
                        location,
                        description: String::new(),
                        as_of: Some(today),
                        added_by: who.to_string(),
                    });
                }
            }
            Assignment::RemoveEvidence(location) => {
                let before = a.evidence.len();
                a.evidence.retain(|e| e.location != location.trim());
                if a.evidence.len() == before {
                    let recorded: Vec<&str> =
                        a.evidence.iter().map(|e| e.location.as_str()).collect();
                    return Err(format!(
                        "no evidence at {:?}; recorded: {}",
                        location.trim(),
                        if recorded.is_empty() {
                            "none".to_string()
                        } else {
                            recorded.join(", ")
                        }
                    ));
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
    fn evidence_kind_is_guessed_from_its_form() {
        assert_eq!(infer_evidence_kind("https://wiki/x"), EvidenceKind::Url);
        assert_eq!(infer_evidence_kind("SEC-142"), EvidenceKind::Ticket);
        assert_eq!(infer_evidence_kind("docs/backup.pdf"), EvidenceKind::File);
        assert_eq!(infer_evidence_kind("SOC 2 report"), EvidenceKind::Document);
    }

    #[test]
    fn keys_are_found_case_and_separator_blind() {
        assert_eq!(
            FieldKey::from_name("Customer-Owner"),
            Some(FieldKey::CustomerOwner)
        );
        assert_eq!(
            FieldKey::from_name("remediation_due"),
            Some(FieldKey::RemediationDue)
        );
        assert_eq!(
            FieldKey::from_name("REMEDIATION.DUE"),
            Some(FieldKey::RemediationDue)
        );
        assert_eq!(FieldKey::from_name("reason"), Some(FieldKey::Reasons));
        assert_eq!(FieldKey::from_name("flag"), Some(FieldKey::Flagged));
        assert_eq!(FieldKey::from_name("colour"), None);
    }

    #[test]
    fn every_field_reads_back_what_was_written() {
        let mut a = Assessment::new("9.2.3");
        let samples = [
            (FieldKey::Applicability, "not_applicable"),
            (FieldKey::Reasons, "legal_regulatory, contractual"),
            (FieldKey::Justification, "line one\nline \"two\""),
            (FieldKey::Holder, "shared_provider_third_party"),
            (FieldKey::CustomerOwner, "Ana"),
            (FieldKey::Status, "not_implemented"),
            (FieldKey::RemediationDue, "2027-02-28"),
            (FieldKey::RemediationPriority, "critical"),
            (FieldKey::RiskExpires, ""),
            (FieldKey::Flagged, "true"),
        ];
        for (key, value) in samples {
            key.set(&mut a, "AWS", value).unwrap();
            assert_eq!(key.get(&a, "AWS"), value, "{}", key.name());
        }
        let line = FieldKey::Responsibility.get(&a, "AWS");
        let mut b = Assessment::new("9.2.3");
        FieldKey::Responsibility.set(&mut b, "AWS", &line).unwrap();
        assert_eq!(b.responsibilities, a.responsibilities);
        FieldKey::Remediation.set(&mut b, "", NONE).unwrap();
        assert_eq!(b.remediation, None);
    }

    #[test]
    fn words_are_case_blind_with_dashes_and_spaces_as_underscores() {
        let mut a = Assessment::new("9.2.3");
        FieldKey::Status.set(&mut a, "", "Not-Implemented").unwrap();
        assert_eq!(a.status, Status::NotImplemented);
        FieldKey::Applicability
            .set(&mut a, "", "not applicable")
            .unwrap();
        assert_eq!(a.applicability, Applicability::NotApplicable);
        let err = FieldKey::Status.set(&mut a, "", "done").unwrap_err();
        assert!(
            err.contains("implemented, partial, planned, not_implemented"),
            "{err}"
        );
        assert_eq!(a.status, Status::NotImplemented);
    }

    #[test]
    fn resolving_writes_the_picked_value_and_drops_the_record() {
        let mut a = Assessment::new("9.2.3");
        a.status = Status::Implemented;
        a.conflicts.push(crate::session::Conflict {
            field: "status".into(),
            item: String::new(),
            base: "partial".into(),
            ours: "implemented".into(),
            theirs: "planned".into(),
        });
        let mut b = a.clone();
        resolve(&mut a, 0, Pick::Theirs).unwrap();
        assert_eq!((a.status, a.conflicts.len()), (Status::Planned, 0));
        resolve(&mut b, 0, Pick::Ours).unwrap();
        assert_eq!((b.status, b.conflicts.len()), (Status::Implemented, 0));
    }

    #[test]
    fn writing_into_a_record_settles_a_conflict_about_the_whole_record() {
        let c = |field: &str, item: &str| crate::session::Conflict {
            field: field.into(),
            item: item.into(),
            ..Default::default()
        };
        assert!(settles(&c("remediation", ""), FieldKey::RemediationDue, ""));
        assert!(settles(&c("responsibility", "AWS"), FieldKey::Holder, "AWS"));
        assert!(!settles(&c("responsibility", "AWS"), FieldKey::Holder, "Azure"));
        assert!(settles(&c("status", ""), FieldKey::Status, "AWS"));
        assert!(!settles(&c("status", ""), FieldKey::Gap, ""));
        let mut a = Assessment::new("9.2.3");
        a.conflicts = vec![c("remediation", ""), c("notes", "")];
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        Assignment::parse("remediation.owner=Ana")
            .unwrap()
            .apply(&mut a, "AWS", "ci", today)
            .unwrap();
        assert_eq!(a.conflicts, [c("notes", "")]);
    }

    #[test]
    fn assignments_name_the_valid_keys() {
        let err = Assignment::parse("colour=red").unwrap_err();
        assert!(
            err.contains("applicability") && err.contains("customer_owner"),
            "{err}"
        );
        assert!(Assignment::parse("status").is_err());
        assert_eq!(
            Assignment::parse("evidence+=https://x").unwrap(),
            Assignment::AddEvidence("https://x".into())
        );
    }
}
