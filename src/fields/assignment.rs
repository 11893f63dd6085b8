//! `gapwalk set`'s assignments (`KEY=VALUE`, `evidence+=…`, `evidence-=…`) and the evidence
//! helpers they share with the workshop screen.

use chrono::NaiveDate;

use super::list::value as list_item;
use super::{FieldKey, normalise, parse_bool, settles};
use crate::session::{Assessment, Evidence, EvidenceKind};

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

/// Evidence in one line: kind, location, description, date and who added it. The one wording
/// of a pointer for people: `diff`, the detail pane, the walk and the edit form all use it.
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

/// One `KEY=VALUE` of `gapwalk set`, or adding (`evidence+=…`) and removing (`evidence-=…`)
/// an evidence pointer by its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    Set {
        key: FieldKey,
        value: String,
    },
    AddEvidence(String),
    RemoveEvidence(String),
    /// `documents+=…`, `risks+=…`: one more item of a list field.
    AddItem {
        key: FieldKey,
        item: String,
    },
    /// `documents-=…`, `risks-=…`: one item less.
    RemoveItem {
        key: FieldKey,
        item: String,
    },
    /// `reviewed=yes`: the record was reviewed and holds as it is; stamps who and today.
    /// `reviewed=no` clears that stamp.
    Reviewed(bool),
}

/// The pseudo-key of [`Assignment::Reviewed`].
pub const REVIEWED: &str = "reviewed";

impl Assignment {
    /// Reads `KEY=VALUE`. Only the key is checked here; the value is checked when applied.
    pub fn parse(text: &str) -> Result<Assignment, String> {
        let Some((key, value)) = text.split_once('=') else {
            return Err(format!(
                "{text:?} is not KEY=VALUE; keys: {}, {REVIEWED}, evidence+ and evidence-",
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
        if normalise(name) == REVIEWED && op == '=' {
            return parse_bool(&value)
                .map(Assignment::Reviewed)
                .map_err(|e| format!("{REVIEWED}: {e}"));
        }
        match (FieldKey::from_name(name), op) {
            (Some(key), '=') => return Ok(Assignment::Set { key, value }),
            (Some(key), '+') if key.is_list() => {
                return Ok(Assignment::AddItem { key, item: value });
            }
            (Some(key), '-') if key.is_list() => {
                return Ok(Assignment::RemoveItem { key, item: value });
            }
            _ => {}
        }
        Err(format!(
            "unknown key {:?}; expected one of: {}, {REVIEWED}, evidence+ and evidence- (and + or - after documents or risks)",
            key.trim(),
            FieldKey::names().join(", ")
        ))
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
                key.set_on(a, provider, value, today)
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
            Assignment::Reviewed(true) => {
                a.reviewed_by = who.to_string();
                a.reviewed_on = Some(today);
            }
            Assignment::Reviewed(false) => {
                a.reviewed_by.clear();
                a.reviewed_on = None;
            }
            Assignment::AddItem { key, item } => {
                let item = list_item(item);
                if item.is_empty() {
                    return Err(format!("{}+ needs an item", key.name()));
                }
                let list = list_mut(a, *key);
                if !list.contains(&item) {
                    list.push(item);
                }
            }
            Assignment::RemoveItem { key, item } => {
                let item = list_item(item);
                let list = list_mut(a, *key);
                let before = list.len();
                list.retain(|x| *x != item);
                if list.len() == before {
                    return Err(format!(
                        "{} has no item {item:?}; recorded: {}",
                        key.name(),
                        if list.is_empty() {
                            "none".to_string()
                        } else {
                            list.join("; ")
                        }
                    ));
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

/// The list a list field names.
fn list_mut(a: &mut Assessment, key: FieldKey) -> &mut Vec<String> {
    match key {
        FieldKey::Risks => &mut a.risks,
        _ => &mut a.documents,
    }
}
