//! The fields of a session as scripts, merges and diffs name them: one vocabulary of keys
//! (`status`, `customer_owner`, `remediation.due`…), each with its value as text and a parser
//! back. `gapwalk set` reads assignments with it, a merge records conflicts in it, a diff prints
//! it, and picking a side of a conflict is writing one of its recorded values back. Values are
//! the session file's words; parsing is exact, so writing back a value read here restores it.
//! The same table says what a person is shown of each field (`wording`: label, question, how it
//! is answered, form and walk order) and of the session details (`details`), and which fields
//! are internal ([`FieldKey::is_internal`]). This module does no I/O and knows nothing of terminals or git.

mod assignment;
mod details;
mod key;
pub mod list;
mod meta;
mod record;
mod wording;

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::{Assessment, Conflict, Metadata};

pub use assignment::{Assignment, describe_evidence, infer_evidence_kind};
pub use details::{MetaField, external_details};
pub use key::FieldKey;
pub use meta::MetaKey;
pub use record::SessionRecord;
pub use wording::{Answer, CLOSING_QUESTIONS};

/// The word that stands for "absent" in whole-record values (`remediation=none`).
pub const NONE: &str = "none";

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

/// An empty value or `none` clears a date; anything else goes through the one date parser
/// (`crate::dates`): ISO dates, `today`, `+90d`, `+3m`, `eoq`, `q1`-`q4`, counted from `today`.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    crate::dates::parse(text, today)
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

/// Whether writing `key` (of the line `item`) settles a conflict: one on the field itself, or
/// on the whole record it belongs to (a responsibility line, the remediation, the risk
/// acceptance), since writing into a record means keeping it.
pub fn settles(conflict: &Conflict, key: FieldKey, item: &str) -> bool {
    let item = if key.per_line() { item } else { "" };
    if conflict.is_about(key.name(), item) {
        return true;
    }
    let record = if key.per_provider() {
        FieldKey::Responsibility.name()
    } else if key.per_offering() {
        FieldKey::Offering.name()
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
    pub fn value(self, c: &Conflict) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Applicability, EvidenceKind, Status};

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
        assert!(settles(
            &c("responsibility", "AWS"),
            FieldKey::Holder,
            "AWS"
        ));
        assert!(!settles(
            &c("responsibility", "AWS"),
            FieldKey::Holder,
            "Azure"
        ));
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
