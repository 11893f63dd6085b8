//! Merge conflicts on the workshop screen: which form field a recorded conflict belongs to, and
//! settling one by keeping ours or taking theirs (the picker is `popup::resolve`). Settling is an
//! ordinary edit of the control (or of the session details), so undo takes it back.

use super::field::Field;
use super::model::Model;
use crate::fields::{self, FieldKey, MetaField, MetaKey, Pick};
use crate::session::{Assessment, Conflict, Edit};

/// Whose conflicts a popup shows: one control's, or the session details'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictTarget {
    /// A control, by catalogue index.
    Control(usize),
    Session,
}

/// Whether a conflict concerns a form field: the field itself, or the whole record (a
/// responsibility line, the remediation, the risk acceptance) it is part of.
pub fn concerns(conflict: &Conflict, field: &Field) -> bool {
    match field.key() {
        Some((key, item)) => fields::settles(conflict, key, item),
        None => {
            matches!(field, Field::Treatment)
                && matches!(conflict.field.as_str(), "remediation" | "risk_acceptance")
        }
    }
}

/// The conflicts of an assessment that a form field shows.
pub fn conflicts_of<'a>(a: &'a Assessment, field: &Field) -> Vec<&'a Conflict> {
    a.conflicts.iter().filter(|c| concerns(c, field)).collect()
}

/// Whether a session-details conflict belongs to a row of the details form.
pub fn concerns_meta(conflict: &Conflict, field: MetaField) -> bool {
    MetaKey::from_name(&conflict.field).is_some_and(|key| field.keys().contains(&key))
}

/// A conflict's field as a person reads it: `customer_owner of AWS`.
pub fn conflict_label(c: &Conflict) -> String {
    if c.item.is_empty() {
        c.field.clone()
    } else {
        format!("{} of {}", c.field, c.item)
    }
}

impl Model {
    /// The conflicts a target holds now.
    pub fn conflicts(&self, target: ConflictTarget) -> Vec<Conflict> {
        match target {
            ConflictTarget::Session => self.session.meta.conflicts.clone(),
            ConflictTarget::Control(i) => self.assessment(i).conflicts,
        }
    }

    /// How many conflicts the session holds, controls and details together.
    pub fn conflict_count(&self) -> usize {
        self.session.meta.conflicts.len()
            + self
                .session
                .assessments
                .iter()
                .map(|a| a.conflicts.len())
                .sum::<usize>()
    }

    /// Settles one conflict with the picked side, as one undoable edit.
    pub fn resolve_conflict(&mut self, target: ConflictTarget, index: usize, pick: Pick) {
        let Some(conflict) = self.conflicts(target).get(index).cloned() else {
            return;
        };
        let result = match target {
            ConflictTarget::Control(i) => {
                let mut a = self.assessment(i);
                fields::resolve(&mut a, index, pick).map(|()| self.commit(a))
            }
            ConflictTarget::Session => {
                let mut meta = self.session.meta.clone();
                fields::resolve_meta(&mut meta, index, pick).map(|()| {
                    self.apply_edit(Edit::SetMetadata(Box::new(meta)));
                })
            }
        };
        self.message = Some(match result {
            Ok(()) => {
                let (side, value) = match pick {
                    Pick::Ours => ("kept ours", &conflict.ours),
                    Pick::Theirs => ("took theirs", &conflict.theirs),
                };
                format!("{}: {side} ({})", conflict_label(&conflict), shown(value))
            }
            Err(e) => format!("cannot settle the conflict: {e}"),
        });
    }
}

/// A value as the screen shows it: empty ones say so.
pub fn shown(value: &str) -> String {
    if value.is_empty() {
        "(empty)".into()
    } else {
        crate::sanitise::one_line(value).into_owned()
    }
}

/// Whether presenter view hides a conflict's values (gap, notes, the remediation action, risk
/// acceptance), as the external edition of an export does.
pub fn is_internal(c: &Conflict) -> bool {
    FieldKey::from_name(&c.field).is_some_and(FieldKey::is_internal)
}
