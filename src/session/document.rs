//! The session as a controlled document: its stable id (the same in every export, so OSCAL
//! UUIDs do not change between runs), the document-control fields an SoA carries (id, version,
//! classification, owner) and the approvals, each naming who approved which content. The
//! content an approval covers is a hash of the canonical assessments and the document-control
//! fields: where the walk stopped, the meetings and the decision log are working notes, and
//! changing them does not make an approved SoA stale.

use std::hash::{BuildHasher, Hasher};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Assessment, Session, Timestamp};

/// Document control of the SoA a session produces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentControl {
    /// The organisation's document reference (e.g. ISMS-SOA-001).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// How the document is classified (e.g. confidential, internal).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub classification: String,
    /// Who owns the document and keeps it current.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
}

impl DocumentControl {
    pub fn is_empty(&self) -> bool {
        *self == DocumentControl::default()
    }
}

/// One approval of the session's content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub at: Timestamp,
    pub by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// [`content_hash`] of what was approved.
    pub content: String,
}

/// Where an approval stands against the session as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalState<'a> {
    /// Never approved: every export is a draft.
    Draft,
    /// The latest approval covers the content as it is.
    Approved(&'a Approval),
    /// Approved once, changed since.
    Changed(&'a Approval),
}

impl Approval {
    /// "Ana Lima (CISO)", or just the name when no role was given.
    pub fn approver(&self) -> String {
        if self.role.trim().is_empty() {
            self.by.clone()
        } else {
            format!("{} ({})", self.by, self.role)
        }
    }
}

impl<'a> ApprovalState<'a> {
    /// The stable word exports carry: `draft`, `approved` or `changed_since_approval`.
    pub fn key(self) -> &'static str {
        match self {
            ApprovalState::Draft => "draft",
            ApprovalState::Approved(_) => "approved",
            ApprovalState::Changed(_) => "changed_since_approval",
        }
    }

    /// Whether an export must be marked DRAFT: until approved, and again after a change.
    pub fn is_draft(self) -> bool {
        !matches!(self, ApprovalState::Approved(_))
    }

    /// The status line every export shows.
    pub fn describe(self) -> String {
        match self {
            ApprovalState::Draft => "DRAFT: not approved".into(),
            ApprovalState::Approved(a) => {
                format!("Approved by {} on {}", a.approver(), a.at.date())
            }
            ApprovalState::Changed(a) => format!(
                "DRAFT: changed since approval (approved by {} on {})",
                a.approver(),
                a.at.date()
            ),
        }
    }

    /// The latest approval, current or not.
    pub fn approval(self) -> Option<&'a Approval> {
        match self {
            ApprovalState::Draft => None,
            ApprovalState::Approved(a) | ApprovalState::Changed(a) => Some(a),
        }
    }
}

/// What an approval covers, in the order it is hashed.
#[derive(Serialize)]
struct Approved<'a> {
    document: &'a DocumentControl,
    assessments: &'a [Assessment],
}

/// The SHA-256 of the compact RON of the document-control fields and the assessments.
pub fn content_hash(session: &Session) -> String {
    let approved = Approved {
        document: &session.meta.document,
        assessments: &session.assessments,
    };
    let text = ron::to_string(&approved).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

impl Session {
    /// The latest approval (by time), if any.
    pub fn latest_approval(&self) -> Option<&Approval> {
        self.approvals.iter().max()
    }

    pub fn approval_state(&self) -> ApprovalState<'_> {
        match self.latest_approval() {
            None => ApprovalState::Draft,
            Some(a) if a.content == content_hash(self) => ApprovalState::Approved(a),
            Some(a) => ApprovalState::Changed(a),
        }
    }
}

/// A new random session id in the UUID version 4 layout. The randomness is the standard
/// library's per-process hash keys (seeded from the operating system), stirred with the clock
/// and a counter, so no extra dependency is needed for a value that only has to be unique.
pub fn new_session_id(title: &str) -> String {
    let mut hasher = Sha256::new();
    for _ in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write(title.as_bytes());
        hasher.update(h.finish().to_le_bytes());
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.update(nanos.to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    uuid_text(&hasher.finalize())
}

/// The id a session written before ids existed gets when it is migrated: derived from when it
/// was created and its catalogue, so every copy of the same old session (both branches of a
/// merge, the merge base) gets the same id.
pub fn migrated_session_id(session: &Session) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"gapwalk session id v1\n");
    hasher.update(session.meta.created.to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(session.catalogue.id.as_bytes());
    uuid_text(&hasher.finalize())
}

/// A UUID derived from the session's id and a name (what an OSCAL object is in an export):
/// the same session gives the same UUID in every export, two sessions never share one.
pub fn derived_uuid(session_id: &str, name: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"gapwalk derived uuid v1\n");
    hasher.update(session_id.as_bytes());
    hasher.update(b"\n");
    hasher.update(name.as_bytes());
    uuid_text(&hasher.finalize())
}

/// 16 bytes as a UUID version 4 (random) with the RFC 4122 variant bits.
fn uuid_text(bytes: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (to, from) in b.iter_mut().zip(bytes) {
        *to = *from;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether text has the UUID layout (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_uuids_and_differ() {
        let a = new_session_id("t");
        let b = new_session_id("t");
        assert!(is_uuid(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }
}
