//! The session's own records beside the controls' fields and the session details, classed
//! like the fields: what presenter view hides and the external edition of an export leaves out.

/// A record of the whole session: not a field of a control, not one of its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRecord {
    /// The decision log: who decided what, and why, in the room's own words.
    DecisionLog,
}

impl SessionRecord {
    /// Whether the record is internal: hidden in presenter view, left out of the external
    /// edition. The one rule for it, as [`super::FieldKey::is_internal`] is for a control's
    /// fields.
    pub fn is_internal(self) -> bool {
        match self {
            SessionRecord::DecisionLog => true,
        }
    }

    /// Whether an edition of an export shows the record.
    pub fn in_edition(self, internal: bool) -> bool {
        internal || !self.is_internal()
    }
}
